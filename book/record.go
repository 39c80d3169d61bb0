package book

import (
	"fmt"
	"strings"
	"time"
)

// Record is one row of a customer sheet, normalised: one contact person of
// one company.
type Record struct {
	Row        int      `json:"row"` // 1-based, as Excel numbers it
	Company    string   `json:"company,omitempty"`
	Contact    string   `json:"contact,omitempty"`
	Emails     []string `json:"emails,omitempty"` // lower-cased, valid
	Phones     []string `json:"phones,omitempty"` // E.164
	Country    string   `json:"country,omitempty"`
	TimeZone   string   `json:"time_zone,omitempty"`
	Language   string   `json:"language,omitempty"`
	Grade      string   `json:"grade,omitempty"`
	Owner      string   `json:"owner,omitempty"`
	Birthday   string   `json:"birthday,omitempty"`
	Salutation string   `json:"salutation,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	Notes      string   `json:"notes,omitempty"`
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
}

// ParseOptions steer the reading of rows.
type ParseOptions struct {
	// DefaultRegion is the ISO country for phones on rows without a country.
	DefaultRegion string
	// Owner resolves an owner cell (an email or a salesperson's name) to the
	// salesperson's address; nil accepts any valid email.
	Owner func(cell string) (string, bool)
}

// Parse finds the header (the first of the top ten rows naming at least two
// known columns, so a title row above it is fine) and turns every row below
// it into a Record or a Rejected.
func Parse(rows [][]string, opt ParseOptions) (*Sheet, error) {
	var h header
	start := -1
	for i := 0; i < len(rows) && i < 10; i++ {
		if hh, n := mapHeader(rows[i]); n >= 2 {
			h, start = hh, i
			break
		}
	}
	if start < 0 {
		return nil, fmt.Errorf("book: no header row found: the first rows must name the columns, e.g. Company, Contact, Email, Phone, Country, Grade (or 公司, 联系人, 邮箱, 电话, 国家, 等级)")
	}
	if len(h.cols[FieldEmail]) == 0 && len(h.cols[FieldPhone]) == 0 {
		return nil, fmt.Errorf("book: row %d has no email or phone column: keepwarm recognises customers by them", start+1)
	}
	s := &Sheet{HeaderRow: start + 1, Ignored: h.ignored}
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
	return s, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parseRow normalises one row. Errors reject the row: an invalid email
// (keepwarm would never recognise that customer's mail), an unknown grade or
// owner, or nothing to recognise the customer by.
func parseRow(h header, row []string, n int, opt ParseOptions) (Record, error) {
	r := Record{
		Row:        n,
		Company:    strings.Join(strings.Fields(h.get(row, FieldCompany)), " "),
		Contact:    strings.Join(strings.Fields(h.get(row, FieldContact)), " "),
		Salutation: strings.TrimSpace(h.get(row, FieldSalutation)),
		Notes:      strings.TrimSpace(h.get(row, FieldNotes)),
		Tags:       SplitTags(h.get(row, FieldTags)),
	}
	for _, e := range splitCell(h.get(row, FieldEmail), true) {
		email, err := NormalizeEmail(e)
		if err != nil {
			return r, err
		}
		r.Emails = appendUnique(r.Emails, email)
	}
	var err error
	if r.Grade, err = NormalizeGrade(h.get(row, FieldGrade)); err != nil {
		return r, err
	}
	if cell := h.get(row, FieldOwner); cell != "" {
		if r.Owner, err = resolveOwner(cell, opt.Owner); err != nil {
			return r, err
		}
	}
	region := opt.DefaultRegion
	if cell := h.get(row, FieldCountry); cell != "" {
		if c, ok := LookupCountry(cell); ok {
			r.Country, r.TimeZone, r.Language, region = c.Code, c.TimeZone, c.Language, c.Code
		} else {
			r.Warnings = append(r.Warnings, fmt.Sprintf("country %q not recognised: write its English name or ISO code", cell))
		}
	}
	if cell := h.get(row, FieldTimeZone); cell != "" {
		if _, err := time.LoadLocation(strings.TrimSpace(cell)); err == nil {
			r.TimeZone = strings.TrimSpace(cell)
		} else {
			r.Warnings = append(r.Warnings, fmt.Sprintf("time zone %q not recognised: write it like Europe/Berlin", cell))
		}
	}
	if cell := h.get(row, FieldLanguage); cell != "" {
		if l, ok := LookupLanguage(cell); ok {
			r.Language = l
		} else {
			r.Warnings = append(r.Warnings, fmt.Sprintf("language %q not recognised", cell))
		}
	}
	for _, p := range splitCell(h.get(row, FieldPhone), false) {
		e164, err := NormalizePhone(p, region)
		if err != nil {
			r.Warnings = append(r.Warnings, err.Error()+": left out")
			continue
		}
		r.Phones = appendUnique(r.Phones, e164)
	}
	if b, err := NormalizeBirthday(h.get(row, FieldBirthday)); err != nil {
		r.Warnings = append(r.Warnings, err.Error())
	} else {
		r.Birthday = b
	}
	if len(r.Emails) == 0 && len(r.Phones) == 0 {
		return r, fmt.Errorf("no email or phone: keepwarm recognises customers by them")
	}
	return r, nil
}

func resolveOwner(cell string, resolve func(string) (string, bool)) (string, error) {
	cell = strings.TrimSpace(cell)
	if resolve != nil {
		if email, ok := resolve(cell); ok {
			return email, nil
		}
		return "", fmt.Errorf("owner %q is not a configured salesperson", cell)
	}
	email, err := NormalizeEmail(cell)
	if err != nil {
		return "", fmt.Errorf("owner %q is not an email address", cell)
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
