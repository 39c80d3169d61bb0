package book

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"keepwarm"
	"keepwarm/worldcal"
)

// Record is one row of a customer sheet, normalised: one contact person of
// one company.
type Record struct {
	Row     int    `json:"row"` // 1-based, as Excel numbers it
	Company string `json:"company,omitempty"`
	Contact string `json:"contact,omitempty"`
	// Emails are the row's addresses, lower-cased and valid. The first is
	// the contact person's; any others in the cell are the company's
	// further addresses (purchasing@, info@): they identify the customer's
	// mail but get no name, salutation or birthday of the person.
	Emails   []string `json:"emails,omitempty"`
	Phones   []string `json:"phones,omitempty"` // E.164
	Country  string   `json:"country,omitempty"`
	TimeZone string   `json:"time_zone,omitempty"`
	Language string   `json:"language,omitempty"`
	// TimeZoneWritten and LanguageWritten say the row's own cell gave the
	// time zone and the language, not its country.
	TimeZoneWritten bool `json:"-"`
	LanguageWritten bool `json:"-"`
	// CountrySpelling is the row's country cell when the country has
	// several languages (Belgium, Switzerland, Canada) and the row has no
	// language cell: Language is then only what the cell's spelling says
	// (Belgique: fr), or "" (Belgium).
	CountrySpelling string `json:"-"`
	Grade           string `json:"grade,omitempty"`
	Owner           string `json:"owner,omitempty"`
	// OwnerLeft is the owner the row's cell named who left the team (the
	// cell is set aside: Owner is empty).
	OwnerLeft  string `json:"-"`
	Birthday   string `json:"birthday,omitempty"`
	Salutation string `json:"salutation,omitempty"`
	// Holidays are the festivals the contact keeps: occasion keys
	// ("eid-al-fitr") or faiths ("muslim"), lower case with dashes.
	Holidays []string `json:"holidays,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Notes    string   `json:"notes,omitempty"`
	// Warnings are things dropped from the row without rejecting it (a bad
	// phone, an unknown country).
	Warnings []string `json:"warnings,omitempty"`
}

// Rejected is a row that was not imported and why.
type Rejected struct {
	Row    int    `json:"row"`
	Reason string `json:"reason"`
}

// Sheet is a parsed customer file.
type Sheet struct {
	HeaderRow int        `json:"header_row"`
	Records   []Record   `json:"records"`
	Rejected  []Rejected `json:"rejected"`
	Ignored   []string   `json:"ignored_columns,omitempty"` // headers keepwarm does not know
	Blank     int        `json:"blank_rows"`
	// HasOwner says whether the sheet has an owner column: without one,
	// whose customers the rows are must be said on import.
	HasOwner bool `json:"has_owner_column"`
	// Fields are the columns the header names, in no order.
	Fields []Field `json:"-"`
}

// ParseOptions steer the reading of rows.
type ParseOptions struct {
	// DefaultRegion is the ISO country for phones on rows without a country.
	DefaultRegion string
	// Owner resolves an owner cell (an email or a salesperson's name) to the
	// salesperson's address; nil accepts any valid email.
	Owner func(cell string) (string, bool)
	// Departed recognises an owner cell that Owner does not as someone
	// who left the team but owns or once owned customers, and returns
	// their email and whether they still own some: such a cell is left
	// out with a warning, not the row.
	Departed func(cell string) (who string, owns, left bool)
	// Now rejects birthdays after it (unless zero).
	Now time.Time
	// DateOrder reads all-number birthdays whose day and month could be
	// swapped; without it they are left out with a warning.
	DateOrder DateOrder
}

// SeveralLanguagesWarning opens the warning on a row whose country has
// several languages and names none (a format of the country cell): the
// import words it anew for a customer the book holds a language for.
const SeveralLanguagesWarning = "country %q has several languages"

// Limits on what one cell may hold: a name longer than this is not a name,
// and everything imported may end up in a template sent to a customer.
const (
	MaxName  = 200      // company, contact, salutation: characters
	MaxNotes = 10 << 10 // notes: bytes
	MaxCell  = 2000     // any other cell: characters
)

// Parse finds the header (the first of the top ten rows naming at least two
// known columns and an email or phone column, so a title row above it is
// fine) and turns every row below it into a Record or a Rejected. A header
// of two rows (公司名称 and 国家 over both, 联系方式 over 邮箱 and 电话)
// is read as one: a cell of the second row, else the one above it.
func Parse(rows [][]string, opt ParseOptions) (*Sheet, error) {
	var h header
	var firstIgnored []string
	start, first := -1, -1
	for i := 0; i < len(rows) && i < 10; i++ {
		cells := rows[i]
		if first >= 0 && i == first+1 {
			cells = stackHeader(rows[first], rows[i])
		}
		hh, n := mapHeader(cells)
		if n < 2 {
			continue
		}
		if first < 0 {
			first, firstIgnored = i, hh.ignored
		}
		if len(hh.cols[FieldEmail]) > 0 || len(hh.cols[FieldPhone]) > 0 {
			h, start = hh, i
			break
		}
	}
	if first < 0 {
		return nil, fmt.Errorf("book: no header row found: the first rows must name the columns, e.g. Company, Contact, Email, Phone, Country, Grade (or 公司, 联系人, 邮箱, 电话, 国家, 等级)")
	}
	if start < 0 {
		if len(firstIgnored) > 0 {
			return nil, fmt.Errorf("book: row %d has no email or phone column: keepwarm recognises customers by them; it does not know the columns %s: name the email column Email (邮箱) and the phone column Phone (电话)",
				first+1, strings.Join(firstIgnored, ", "))
		}
		return nil, fmt.Errorf("book: row %d has no email or phone column: keepwarm recognises customers by them", first+1)
	}
	s := &Sheet{HeaderRow: start + 1, Ignored: h.ignored, HasOwner: len(h.cols[FieldOwner]) > 0}
	for f := range h.cols {
		s.Fields = append(s.Fields, f)
	}
	for i := start + 1; i < len(rows); i++ {
		if blank(rows[i]) {
			s.Blank++
			continue
		}
		rec, err := parseRow(h, rows[i], i+1, opt)
		if err != nil {
			s.Rejected = append(s.Rejected, Rejected{Row: i + 1, Reason: err.Error()})
			continue
		}
		s.Records = append(s.Records, rec)
	}
	refuseBirthdaysTheFormatDecided(s, h, rows, opt.DateOrder)
	return s, nil
}

// refuseBirthdaysTheFormatDecided takes the birthdays whose day and month
// could be swapped, read as the date format given says, out of a file
// whose other birthdays contradict that format ("08/13/1980" with dmy):
// the format is wrong for the file, and they are as likely half a year
// off. Each row says so, as a birthday the format cannot read does.
func refuseBirthdaysTheFormatDecided(s *Sheet, h header, rows [][]string, order DateOrder) {
	if order == DateUnknown {
		return
	}
	contra, contraCell := 0, ""
	for _, r := range s.Records {
		if cell := h.get(rows[r.Row-1], FieldBirthday); r.Birthday == "" && cell != "" {
			if _, err := NormalizeBirthdayAt(cell, order, time.Time{}); err != nil && strings.Contains(err.Error(), "cannot be a month") {
				contra, contraCell = r.Row, cell
				break
			}
		}
	}
	if contra == 0 {
		return
	}
	for i := range s.Records {
		r := &s.Records[i]
		cell := h.get(rows[r.Row-1], FieldBirthday)
		if r.Birthday == "" || cell == "" {
			continue
		}
		if _, err := NormalizeBirthdayAt(cell, DateUnknown, time.Time{}); err == nil || !strings.Contains(err.Error(), "could be") {
			continue
		}
		r.Birthday = ""
		r.Warnings = append(r.Warnings, fmt.Sprintf(
			"birthday %q could be day or month first, and row %d writes %q, which the date format given (%s) cannot read: check the file's date format",
			cell, contra, contraCell, order))
	}
}

// stackHeader reads the two rows of a two-row header as one: each column's
// cell of the lower row, else of the upper (a cell merged down both rows
// of an .xlsx is on both already; a CSV holds it on the upper).
func stackHeader(upper, lower []string) []string {
	out := make([]string, max(len(upper), len(lower)))
	for i := range out {
		if i < len(lower) && strings.TrimSpace(lower[i]) != "" {
			out[i] = lower[i]
		} else if i < len(upper) {
			out[i] = upper[i]
		}
	}
	return out
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// SalutationPlaceholderMsg is the warning of a salutation cell holding
// another mail program's merge field: the cell is left out.
const SalutationPlaceholderMsg = "salutation %q holds %q, another mail program's placeholder, which keepwarm does not fill in: the cell is left out " + GreetedByName + "; write the salutation itself, such as \"Dear Mr. Meier\""

// GreetedByName ends the warning of a salutation cell left out. An import
// into a contact that keeps a stored salutation says that one instead.
const GreetedByName = "(the contact is greeted by name)"

// parseRow normalises one row. Errors reject the row: an invalid email
// (keepwarm would never recognise that customer's mail), an unknown grade or
// owner, or nothing to recognise the customer by.
func parseRow(h header, row []string, n int, opt ParseOptions) (Record, error) {
	if err := h.bounds(row); err != nil {
		return Record{Row: n}, err
	}
	r := Record{
		Row:        n,
		Company:    strings.Join(strings.Fields(h.get(row, FieldCompany)), " "),
		Contact:    strings.Join(strings.Fields(h.get(row, FieldContact)), " "),
		Salutation: strings.TrimSpace(h.get(row, FieldSalutation)),
		Notes:      strings.TrimSpace(h.get(row, FieldNotes)),
		Tags:       SplitTags(h.get(row, FieldTags)),
	}
	if r.Company != "" && PlaceholderCompany(r.Company) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("company %q read as no company", r.Company))
		r.Company = ""
	}
	if p := keepwarm.Placeholder(r.Salutation); p != "" {
		// A mail-merge export's "Dear «First_Name»": every mail in
		// the salesperson's name would open with it as typed.
		r.Warnings = append(r.Warnings, fmt.Sprintf(SalutationPlaceholderMsg, r.Salutation, p))
		r.Salutation = ""
	}
	if strings.ContainsAny(r.Salutation, "\r\n") {
		// Two lines in one cell (Alt+Enter in Excel): the second would
		// go into every letter's body, as `customers contact
		// --salutation` and the web's contact form refuse it.
		r.Warnings = append(r.Warnings, fmt.Sprintf("salutation %q has a line break: the cell is left out "+GreetedByName+"; write it on one line, such as \"Dear Mr. Meier\"", r.Salutation))
		r.Salutation = ""
	}
	var unknownHolidays []string
	year := 0
	if !opt.Now.IsZero() {
		year = opt.Now.Year()
	}
	r.Holidays, unknownHolidays = splitHolidays(h.get(row, FieldHolidays), year)
	for _, u := range unknownHolidays {
		if k, _ := worldcal.HolidayKey(u, 0); k == "orthodox" {
			r.Warnings = append(r.Warnings, fmt.Sprintf("holiday %q does not say which faith (an Orthodox Christian, or an Orthodox Jew): the contact's faith is left unknown; write orthodox christian or jewish", u))
			continue
		}
		r.Warnings = append(r.Warnings, fmt.Sprintf("holiday %q not recognised: it greets nobody; write an occasion key such as eid-al-fitr, diwali or spring-festival (`keepwarm calendar CC` lists them), or a faith such as muslim", u))
	}
	for _, col := range h.cols[FieldEmail] {
		if col >= len(row) {
			continue
		}
		if PlaceholderEmail(row[col]) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("email cell %q in column %s read as empty", strings.TrimSpace(row[col]), h.name(col)))
			continue
		}
		addrs, err := splitEmails(row[col])
		if err != nil {
			return r, fmt.Errorf("%w: column %s holds %q", err, h.name(col), strings.TrimSpace(row[col]))
		}
		for _, a := range addrs {
			if r.Contact == "" && len(r.Emails) == 0 {
				r.Contact = strings.Join(strings.Fields(a.Name), " ")
			}
			r.Emails = appendUnique(r.Emails, a.Address)
		}
	}
	if r.Contact == "" {
		r.Contact = strings.Join(strings.Fields(h.get(row, FieldFirstName)+" "+h.get(row, FieldLastName)), " ")
	}
	var err error
	if cell := h.get(row, FieldGrade); cell != "" {
		if r.Grade, err = NormalizeGrade(cell); err != nil {
			return r, fmt.Errorf("unknown grade %q in %s: use A, B, C, D or E", cell, h.where(FieldGrade))
		}
	}
	if cell := h.get(row, FieldOwner); cell != "" {
		if r.Owner, err = resolveOwner(cell, h.where(FieldOwner), opt.Owner); err != nil {
			gone, owns, left := "", false, false
			if opt.Departed != nil {
				gone, owns, left = opt.Departed(cell)
			}
			if !left {
				return r, err
			}
			// Someone who left owns or owned customers (the CRM export is
			// rarely corrected the day they are handed on): the row's
			// contacts, phones and birthdays go in; only the owner cell is
			// set aside.
			r.Owner, r.OwnerLeft = "", gone
			if owns {
				r.Warnings = append(r.Warnings, fmt.Sprintf("owner %s in %s is no longer on the team: the cell is left out (`keepwarm customers handover` hands their customers on)",
					gone, h.where(FieldOwner)))
			} else {
				r.Warnings = append(r.Warnings, fmt.Sprintf("owner %s in %s is no longer on the team (their customers were handed on): the cell is left out",
					gone, h.where(FieldOwner)))
			}
		}
	}
	region := opt.DefaultRegion
	if cell := h.get(row, FieldCountry); cell != "" {
		if c, ok := LookupCountry(cell); ok {
			r.Country, r.Language, region = c.Code, c.Language, c.Code
			if SeveralLanguages(c.Code) && h.get(row, FieldLanguage) == "" {
				r.CountrySpelling = strings.TrimSpace(cell)
			}
			if c.Language == "" && SeveralLanguages(c.Code) && h.get(row, FieldLanguage) == "" {
				// A Walloon or a Geneva buyer greeted in Dutch or German
				// is worse than in the default language.
				r.Warnings = append(r.Warnings, fmt.Sprintf(SeveralLanguagesWarning+": the customer's language is left unknown (greetings go in the default language until the team writes to them); add a language column%s",
					strings.TrimSpace(cell), spellingHint(c.Code)))
			}
			if CountryZones(c.Code) == nil { // of several: the customer's mail picks one (app.CustomerLocation)
				r.TimeZone = c.TimeZone
			}
		} else {
			r.Warnings = append(r.Warnings, fmt.Sprintf("country %q not recognised: write its English name or ISO code", cell))
		}
	}
	if cell := h.get(row, FieldTimeZone); cell != "" {
		if _, err := keepwarm.LoadZone(strings.TrimSpace(cell)); err == nil {
			r.TimeZone, r.TimeZoneWritten = strings.TrimSpace(cell), true
		} else {
			r.Warnings = append(r.Warnings, fmt.Sprintf("time zone %q not recognised: write it like Europe/Berlin", cell))
		}
	}
	if cell := h.get(row, FieldLanguage); cell != "" {
		if l, ok := LookupLanguage(cell); ok {
			r.Language, r.LanguageWritten = l, true
		} else {
			r.Warnings = append(r.Warnings, fmt.Sprintf("language %q not recognised", cell))
		}
	}
	for _, col := range h.cols[FieldPhone] {
		if col >= len(row) {
			continue
		}
		if excelScientific(row[col]) {
			r.Warnings = append(r.Warnings, sciPhoneProblem(row[col], h.name(col), col))
			continue
		}
		for _, p := range splitPhones(row[col], region) {
			if excelScientific(p) {
				r.Warnings = append(r.Warnings, sciPhoneProblem(p, h.name(col), col))
				continue
			}
			e164, err := NormalizePhone(p, region)
			if err != nil {
				r.Warnings = append(r.Warnings, phoneProblem(p, region, h.name(col), col)+": left out")
				continue
			}
			r.Phones = appendUnique(r.Phones, e164)
		}
	}
	if b, err := NormalizeBirthdayAt(h.get(row, FieldBirthday), opt.DateOrder, opt.Now); err != nil {
		// A birthday that cannot be (a typo, a date in the future) costs
		// the birthday, not the customer.
		if e := err.Error(); strings.Contains(e, "in the future") || strings.Contains(e, "empty CRM date") || strings.Contains(e, "over 105") {
			r.Warnings = append(r.Warnings, err.Error()+": left out")
		} else {
			r.Warnings = append(r.Warnings, err.Error())
		}
	} else {
		r.Birthday = b
	}
	if len(r.Emails) == 0 && len(r.Phones) == 0 {
		return r, fmt.Errorf("no email or phone in %s: keepwarm recognises customers by them", h.where(FieldEmail, FieldPhone))
	}
	return r, nil
}

// resolveOwner reads an owner cell, found where (its column, for errors).
func resolveOwner(cell, where string, resolve func(string) (string, bool)) (string, error) {
	cell = strings.TrimSpace(cell)
	if resolve != nil {
		if email, ok := resolve(cell); ok {
			return email, nil
		}
		return "", fmt.Errorf("owner %q in %s is not a configured salesperson: write their email or name as the config has it", cell, where)
	}
	email, err := NormalizeEmail(cell)
	if err != nil {
		return "", fmt.Errorf("owner %q in %s is not an email address", cell, where)
	}
	return email, nil
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// phoneProblem says what to fix about a phone the row cannot keep, naming
// the cell so the salesperson finds it in a sheet of thousands of rows.
// scientific is how Excel shows a long number in a narrow column, and how
// "Save as CSV" then writes it: 8613800138000 as "8.6138E+12".
var scientific = regexp.MustCompile(`^\+?[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+$`)

// excelScientific says whether a phone cell lost its digits to Excel's
// scientific notation: read as a phone, "8.6138E+12" would become one
// wrong number shared by every row of the same first digits.
func excelScientific(cell string) bool {
	return scientific.MatchString(strings.TrimSpace(cell))
}

func sciPhoneProblem(p, header string, col int) string {
	where := "column " + columnName(col)
	if header != "" {
		where += " (" + header + ")"
	}
	return fmt.Sprintf("phone %q in %s was saved by Excel in scientific notation and lost its digits: format the column as Text, type the numbers again and save again; left out", strings.TrimSpace(p), where)
}

func phoneProblem(p, region, header string, col int) string {
	where := "column " + columnName(col)
	if header != "" {
		where += " (" + header + ")"
	}
	p = strings.TrimSpace(p)
	if region == "" && !strings.HasPrefix(p, "+") && !strings.HasPrefix(p, "00") {
		return fmt.Sprintf("phone %q in %s has no country code and the row no country: write it as +<country code> %s, or fill in the row's country", p, where, p)
	}
	return fmt.Sprintf("phone %q in %s is not a phone number", p, where)
}

// where names the columns of fields as a reason names them: "column F
// (Level)", "columns C (Email), D (Phone)".
func (h header) where(fields ...Field) string {
	var cols []string
	for _, f := range fields {
		for _, c := range h.cols[f] {
			cols = append(cols, fmt.Sprintf("%s (%s)", columnName(c), h.names[c]))
		}
	}
	if len(cols) == 1 {
		return "column " + cols[0]
	}
	return "columns " + strings.Join(cols, ", ")
}

// columnName is Excel's name of the 0-based column i: A, B, ..., Z, AA.
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// bounds refuses a row with a cell too long to be what its column says.
func (h header) bounds(row []string) error {
	field := map[int]Field{}
	for f, cols := range h.cols {
		for _, c := range cols {
			field[c] = f
		}
	}
	for col, cell := range row {
		f, ok := field[col]
		if !ok {
			continue
		}
		v := strings.TrimSpace(cell)
		n, limit, unit := utf8.RuneCountInString(v), MaxCell, "characters"
		switch f {
		case FieldNotes:
			n, limit, unit = len(v), MaxNotes, "bytes"
		case FieldCompany, FieldContact, FieldSalutation:
			limit = MaxName
		}
		if n > limit {
			return fmt.Errorf("%s in column %s is %d %s long: at most %d", f, columnName(col), n, unit, limit)
		}
	}
	return nil
}

// SplitHolidays reads a holidays cell ("Eid al-Fitr; Diwali", "Hari Raya",
// "圣诞节", "muslim"): each festival as its occasion key (or faith), the
// names people write for one read as it (worldcal.HolidayKey).
func SplitHolidays(cell string) []string {
	out, _ := splitHolidays(cell, 0)
	return out
}

// splitHolidays is SplitHolidays with the names it did not recognise (kept
// as written, lower case with dashes) in the calendars around year.
func splitHolidays(cell string, year int) (keys, unknown []string) {
	for _, f := range strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(";,，；、/\n", r) }) {
		key, known := worldcal.HolidayKey(f, year)
		if key == "" {
			continue
		}
		keys = appendUnique(keys, key)
		if !known {
			unknown = append(unknown, strings.TrimSpace(f))
		}
	}
	return keys, unknown
}

// spellingHint says how a country of several languages may be written so
// that its name tells the language.
func spellingHint(code string) string {
	switch code {
	case "BE":
		return ", or write the country as Belgique (French) or België (Dutch)"
	case "CH":
		return ", or write the country as Suisse (French), Schweiz (German) or Svizzera (Italian)"
	}
	return ""
}
