package book

import (
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/width"
)

// splitCell splits a cell holding several values, not on spaces: "+1 555
// 010 2000" is one number. (Email cells are read by splitEmails.)
func splitCell(s string) []string {
	s = width.Fold.String(s) // full-width "，" "；" "＠" from Chinese input methods
	seps := func(r rune) bool {
		switch r {
		case ',', ';', '/', '\n', '\r', '、', '|':
			return true
		}
		return false
	}
	var out []string
	for _, f := range strings.FieldsFunc(s, seps) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// splitPhones splits a phone cell as splitCell does, except on a slash
// that is no separator: German and Austrian sheets write "030/1234567"
// ("0 89 / 123 45 67") for one number, area code before the slash. A part
// with a slash is read as one number when what stands before the slash
// can be an area code (at most six digits, and no valid number itself in
// region), what follows starts no number of its own (+, 00) and the whole
// is a valid number; else it is split, so each side is kept or named as no
// number.
func splitPhones(s, region string) []string {
	s = strings.ReplaceAll(s, "／", "/")
	var out []string
	for _, part := range splitCell(strings.ReplaceAll(s, "/", "\x00")) {
		if !strings.Contains(part, "\x00") {
			out = append(out, part)
			continue
		}
		sides := strings.FieldsFunc(part, func(r rune) bool { return r == 0 })
		for i := range sides {
			sides[i] = strings.TrimSpace(sides[i])
		}
		sides = slices.DeleteFunc(sides, func(s string) bool { return s == "" })
		whole := strings.Join(strings.Fields(strings.ReplaceAll(part, "\x00", " ")), " ")
		if areaCode(sides) && !validPhone(sides[0], region) && validPhone(whole, region) {
			out = append(out, whole)
			continue
		}
		out = append(out, sides...)
	}
	return out
}

// areaCode says whether sides, a phone cell's part split on its slashes,
// reads as an area code and a number: two sides, the first of at most six
// digits, the second no number with its own country code.
func areaCode(sides []string) bool {
	if len(sides) != 2 {
		return false
	}
	digits := 0
	for _, r := range sides[0] {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	second := strings.TrimSpace(width.Fold.String(sides[1]))
	return digits > 0 && digits <= 6 && !strings.HasPrefix(second, "+") && !strings.HasPrefix(second, "00")
}

// validPhone says whether p is a valid number (not only a possible one:
// any two digits are a possible German number) read in region.
func validPhone(p, region string) bool {
	p = strings.TrimSpace(width.Fold.String(p))
	if strings.HasPrefix(p, "00") {
		p = "+" + p[2:]
	}
	n, err := phonenumbers.Parse(p, strings.ToUpper(region))
	return err == nil && phonenumbers.IsValidNumber(n)
}

// placeholderCompanies are what sheets write in the company column of a
// private buyer or an unknown company, folded as foldPlaceholder folds.
var placeholderCompanies = map[string]bool{
	"na": true, "none": true, "nil": true, "null": true, "no": true, "nocompany": true, "notapplicable": true,
	"private": true, "privat": true, "privado": true, "privé": true, "prive": true, "particular": true, "particulier": true,
	"individual": true, "personal": true, "person": true, "self": true, "selfemployed": true,
	"unknown": true, "tbd": true, "tba": true, "test": true, "xxx": true, "xx": true, "x": true,
	"无": true, "暂无": true, "没有": true, "未知": true, "不详": true, "个人": true, "私人": true, "个体": true,
	"个人客户": true, "个人买家": true, "无公司": true, "個人": true, "無": true,
}

// PlaceholderCompany says whether a company cell names no company: a
// placeholder such as "N/A", "-", "none", "个人" or "Private", or a name
// without a letter. Such a name must join no rows and name no customer.
func PlaceholderCompany(s string) bool {
	f := foldPlaceholder(s)
	return f == "" || placeholderCompanies[f]
}

// placeholderEmails are what sheets write in an email cell of a contact
// without one, folded as foldPlaceholder folds ("-", "/" and other cells
// of punctuation alone are placeholders too).
var placeholderEmails = map[string]bool{
	"na": true, "none": true, "nil": true, "null": true, "no": true, "notapplicable": true, "unknown": true,
	"tbd": true, "tba": true, "noemail": true, "nomail": true, "xxx": true, "xx": true, "x": true,
	"无": true, "暂无": true, "没有": true, "未知": true, "不详": true, "無": true, "无邮箱": true, "暂无邮箱": true, "没有邮箱": true,
}

// PlaceholderEmail says whether a non-empty email cell says there is no
// address ("无", "暂无", "-", "/", "N/A", "none"): it is read as empty, as
// such a company or phone cell is, rather than rejecting the row.
func PlaceholderEmail(s string) bool {
	if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "@＠") {
		return false // "x@" is a broken address, not a placeholder
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return true // "-", "/", "--": a phone number is no placeholder
	}
	return placeholderEmails[foldPlaceholder(s)]
}

// foldPlaceholder lower-cases s and keeps only its letters and digits,
// and returns "" when s holds no letter.
func foldPlaceholder(s string) string {
	var b strings.Builder
	letter := false
	for _, r := range strings.ToLower(width.Fold.String(s)) {
		switch {
		case unicode.IsLetter(r):
			letter = true
			b.WriteRune(r)
		case unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	if !letter {
		return ""
	}
	return b.String()
}

// splitEmails reads an email cell: addresses separated as splitCell
// separates them, each bare or with a display name as a mail client copies
// it ("Hans Meier <hans@globex.de>", "\"Doe, Jane\" <jane@x.com>", or
// "Hans Meier hans@globex.de"). The addresses come normalised, with the
// names written beside them; an error names the first part that is no
// address.
func splitEmails(cell string) ([]mail.Address, error) {
	cell = width.Fold.String(cell)
	var out []mail.Address
	for _, tok := range splitOutsideQuotes(cell) {
		if strings.Contains(tok, "<") {
			a, err := mail.ParseAddress(tok)
			if err != nil {
				return nil, fmt.Errorf("invalid email %q", strings.TrimSpace(tok))
			}
			email, err := NormalizeEmail(a.Address)
			if err != nil {
				return nil, err
			}
			out = append(out, mail.Address{Name: a.Name, Address: email})
			continue
		}
		var words []string
		found := false
		for _, f := range strings.Fields(tok) {
			if !strings.Contains(f, "@") {
				words = append(words, f)
				continue
			}
			email, err := NormalizeEmail(f)
			if err != nil {
				return nil, err
			}
			name := ""
			if !found {
				name = strings.Join(words, " ")
			}
			out, found = append(out, mail.Address{Name: name, Address: email}), true
		}
		if !found && len(words) > 0 {
			_, err := NormalizeEmail(words[0])
			if err == nil {
				err = fmt.Errorf("invalid email %q", words[0])
			}
			return nil, err
		}
	}
	return out, nil
}

// splitOutsideQuotes splits s on splitCell's separators where they stand
// outside double quotes and angle brackets ("Doe, Jane" <jane@x.com>).
func splitOutsideQuotes(s string) []string {
	var out []string
	quoted, angle, start := false, false, 0
	flush := func(end int) {
		if t := strings.TrimSpace(s[start:end]); t != "" {
			out = append(out, t)
		}
	}
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '<':
			angle = true
		case r == '>':
			angle = false
		case angle:
		case r == ',' || r == ';' || r == '/' || r == '\n' || r == '\r' || r == '、' || r == '|':
			flush(i)
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(s))
	return out
}

// NormalizeEmail returns the address in s lower-cased, without a display
// name, "mailto:" or angle brackets, or an error saying why it is not one.
func NormalizeEmail(s string) (string, error) {
	raw := strings.TrimSpace(width.Fold.String(s))
	e := strings.TrimPrefix(strings.TrimPrefix(raw, "mailto:"), "MAILTO:")
	a, err := mail.ParseAddress(e)
	if err != nil {
		a, err = mail.ParseAddress(strings.Trim(e, "<>\"'()[] "))
	}
	if err != nil {
		return "", fmt.Errorf("invalid email %q", raw)
	}
	addr := strings.ToLower(a.Address)
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || !strings.Contains(addr[at+1:], ".") || strings.HasSuffix(addr, ".") {
		return "", fmt.Errorf("invalid email %q", raw)
	}
	return addr, nil
}

// NormalizePhone returns s in E.164 ("+15550102000"). A number without a
// leading + or 00 is read in region (ISO code, e.g. "US"). Numbers the
// numbering plan does not know but whose length fits are accepted: sheets
// hold test and new numbers a strict check would throw away.
func NormalizePhone(s, region string) (string, error) {
	raw := strings.TrimSpace(width.Fold.String(s))
	p := raw
	if strings.HasPrefix(p, "00") {
		p = "+" + p[2:]
	}
	if region == "" && !strings.HasPrefix(p, "+") {
		return "", fmt.Errorf("phone %q has no country code and the row no country", raw)
	}
	n, err := phonenumbers.Parse(p, strings.ToUpper(region))
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", fmt.Errorf("phone %q is not a phone number", raw)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// Grades are the customer grades, best first.
const Grades = "ABCDE"

// NormalizeGrade accepts "A".."E" in either case, with the "级"/"类"
// suffixes Chinese sheets use; "" stays "".
func NormalizeGrade(s string) (string, error) {
	g := strings.ToUpper(strings.TrimSpace(width.Fold.String(s)))
	g = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(g, "级"), "类"), " GRADE")
	g = strings.TrimPrefix(g, "GRADE ")
	if g == "" {
		return "", nil
	}
	if len(g) == 1 && strings.Contains(Grades, g) {
		return g, nil
	}
	return "", fmt.Errorf("unknown grade %q: use A, B, C, D or E", strings.TrimSpace(s))
}

// placeholderDates are what CRMs, ERPs and Excel write for an empty date
// field (Excel's serial 1, the Unix epoch, Go's and .NET's zero day).
var placeholderDates = []string{"1900-01-01", "1970-01-01", "0001-01-01", "1899-12-30", "1899-12-31"}

// placeholderBirthday refuses a date that stands for "no date" rather than
// for a birthday: greeting a whole book on 1 January would show the
// automation to every customer.
func placeholderBirthday(t time.Time, now time.Time) error {
	d := t.Format("2006-01-02")
	if slices.Contains(placeholderDates, d) {
		return fmt.Errorf("birthday %s looks like an empty CRM date", d)
	}
	if t.Year() < 1910 || (!now.IsZero() && t.AddDate(105, 0, 0).Before(now)) {
		return fmt.Errorf("birthday %s would make the person over 105: not a birthday", d)
	}
	return nil
}

// PlaceholderBirthday says why a birthday the book holds ("YYYY-MM-DD")
// stands for no date rather than a birthday (an empty CRM date imported
// before such dates were refused); "" when it may be a birthday. now, when
// not zero, also refuses an age over 105.
func PlaceholderBirthday(stored string, now time.Time) string {
	t, err := time.Parse("2006-01-02", stored)
	if err != nil {
		return ""
	}
	if err := placeholderBirthday(t, now); err != nil {
		return err.Error()
	}
	return ""
}

// monthDayLayouts write a birthday without its year.
var monthDayLayouts = []string{"01-02", "1-2", "1月2日", "Jan 2", "January 2", "2 Jan", "2 January", "02.01.", "2.1."}

// NormalizeBirthday returns "YYYY-MM-DD", or "--MM-DD" (the ISO 8601 form
// without a year) when only month and day are known. All-number dates whose
// day and month could be swapped are refused; see NormalizeBirthdayAt.
func NormalizeBirthday(s string) (string, error) {
	return NormalizeBirthdayAt(s, DateUnknown, time.Time{})
}

// NormalizeBirthdayAt is NormalizeBirthday reading ambiguous dates in order
// and refusing a birthday after now (unless now is zero).
func NormalizeBirthdayAt(s string, order DateOrder, now time.Time) (string, error) {
	s = strings.TrimSpace(width.Fold.String(s))
	if s == "" {
		return "", nil
	}
	if t, err := parseDate(s, order, now, true); err == nil {
		if !now.IsZero() && t.After(now) {
			return "", fmt.Errorf("birthday %s is in the future", t.Format("2006-01-02"))
		}
		if err := placeholderBirthday(t, now); err != nil {
			return "", err
		}
		return t.Format("2006-01-02"), nil
	} else if strings.Contains(err.Error(), "could be") || strings.Contains(err.Error(), "no day") || contradicts(err) {
		return "", fmt.Errorf("birthday: %w", err)
	}
	md := strings.TrimPrefix(s, "--")
	if a, b, ok := cutNumbers(md); ok && md == s {
		// "3/4" or "03-04" without a year: the same day-or-month question
		// (only the ISO form, "--03-04", is month first by rule).
		if t, err := parseDate(a+"/"+b+"/2000", order, time.Time{}, false); err == nil {
			return t.Format("--01-02"), nil
		} else if contradicts(err) {
			return "", fmt.Errorf("birthday %q cannot be read %s, as the date format given (%s) says: %d cannot be a month; check the file's date format",
				s, map[DateOrder]string{DateDMY: "day first", DateMDY: "month first"}[order], order, max(atoiOr0(a), atoiOr0(b)))
		} else if strings.Contains(err.Error(), "could be") {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			dm := time.Date(2000, time.Month(y), x, 0, 0, 0, 0, time.UTC).Format("2 January")
			mdy := time.Date(2000, time.Month(x), y, 0, 0, 0, 0, time.UTC).Format("2 January")
			return "", fmt.Errorf("birthday %q could be %s or %s: give the file's date format (dmy or mdy)", s, dm, mdy)
		}
		return "", fmt.Errorf("birthday %q is not a date: write it like 1980-05-17 or 05-17", s)
	}
	for _, l := range monthDayLayouts {
		if t, err := time.Parse(l, md); err == nil {
			return t.Format("--01-02"), nil
		}
	}
	return "", fmt.Errorf("birthday %q is not a date: write it like 1980-05-17 or 05-17", s)
}

// cutNumbers splits a year-less all-number date ("3/4", "03-04") into its
// two numbers.
func cutNumbers(s string) (a, b string, ok bool) {
	for _, sep := range []string{"/", "-"} {
		if a, b, ok := strings.Cut(s, sep); ok && digits(a) && digits(b) {
			return a, b, true
		}
	}
	return "", "", false
}

func digits(s string) bool {
	if s == "" || len(s) > 2 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SplitTags splits a tags cell ("LED panels; bulbs、灯带") and drops
// duplicates, keeping the first spelling.
func SplitTags(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range splitCell(s) {
		k := strings.ToLower(t)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

// MergeTags adds the tags of more to have, case-insensitively.
func MergeTags(have, more []string) []string {
	return SplitTags(strings.Join(append(append([]string(nil), have...), more...), ","))
}

// Salutation is how a letter to a contact opens: the contact's own
// salutation when one is recorded, else "Dear <first name>", else a
// neutral greeting. Chinese, Japanese and Korean names are used whole.
func Salutation(explicit, name string) string {
	if s := strings.TrimSpace(explicit); s != "" {
		return s
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "Dear Sir or Madam"
	}
	for _, r := range name {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return "Dear " + name
		}
	}
	first := strings.Fields(name)[0]
	switch strings.TrimSuffix(strings.ToLower(first), ".") {
	case "mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "sr", "sra", "m", "mme":
		return "Dear " + name
	}
	return "Dear " + first
}

// EmailDomain returns what follows the @.
func EmailDomain(email string) string {
	_, d, _ := strings.Cut(email, "@")
	return d
}

func atoiOr0(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
