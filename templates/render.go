package templates

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// Data is everything a template may use.
type Data struct {
	Customer keepwarm.Customer
	Contact  Contact
	Owner    Owner
	Original Original // the message a resend follows up; zero for new threads
	Products []string // products of interest
	Occasion string   // e.g. "Christmas", "Thanksgiving", "your birthday"
	Month    string   // e.g. "December 2026", for monthly letters
}

// Contact is the person written to.
type Contact struct {
	Name      string
	FirstName string
	Email     string
	// Salutation is the opening, without the comma. Empty means the default
	// for the template's language: "Dear <first name>", or "Dear Sir or
	// Madam" when the first name is unknown (see Salutation).
	Salutation string
}

// Owner is the salesperson the message is sent as.
type Owner struct {
	Name      string
	Email     string
	Signature string
}

// Original is the message an in-thread resend follows up.
type Original struct {
	Subject string
	Date    time.Time
	Quote   string // its first lines, already quoted ("> ..."), see Quote
}

// Rendered is a rendered message.
type Rendered struct {
	Name    string
	Lang    string // the language actually used: "" for English
	File    string
	Subject string
	Text    string
	HTML    string // "" when the template has no html section
}

// NewContact fills FirstName from a display name: the first word, or the
// word after the comma of "Last, First". Names that are really addresses or
// empty give no first name, so the salutation falls back to the formal one.
func NewContact(name, email string) Contact {
	c := Contact{Name: strings.TrimSpace(name), Email: email}
	n := strings.Trim(c.Name, `"' `)
	if strings.Contains(n, "@") {
		return c
	}
	if last, first, ok := strings.Cut(n, ","); ok && strings.TrimSpace(first) != "" && strings.TrimSpace(last) != "" {
		n = strings.TrimSpace(first)
	}
	if f := strings.Fields(n); len(f) > 0 {
		c.FirstName = f[0]
	}
	return c
}

// salutations are the default openings per language: with a first name, and
// without one.
var salutations = map[string][2]string{
	"":   {"Dear %s", "Dear Sir or Madam"},
	"es": {"Estimado/a %s", "Estimados señores"},
	"de": {"Guten Tag %s", "Sehr geehrte Damen und Herren"},
	"fr": {"Bonjour %s", "Madame, Monsieur"},
}

// Salutation returns the contact's opening in lang: their own Salutation
// when set, else "Dear <first name>", else "Dear Sir or Madam" (or the
// language's equivalents; English for languages without one).
func Salutation(c Contact, lang string) string {
	if s := strings.TrimSpace(c.Salutation); s != "" {
		return s
	}
	forms, ok := salutations[lang]
	if !ok {
		forms = salutations[""]
	}
	if c.FirstName != "" {
		return fmt.Sprintf(forms[0], c.FirstName)
	}
	return forms[1]
}

// Quote returns the first n non-empty lines of text, each prefixed "> ".
func Quote(text string, n int) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if len(out) == n {
			break
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, "> "+strings.TrimRight(l, " \t"))
	}
	return strings.Join(out, "\n")
}

// Lookup returns the template for name in lang, falling back from "es-MX"
// to "es" to English; ok is false when no variant of name exists.
func (s *Set) Lookup(name, lang string) (*Template, bool) {
	lang = strings.ToLower(strings.TrimSpace(lang))
	var tries []string
	if lang != "" && lang != "en" {
		tries = append(tries, key(name, lang))
		if primary, _, ok := strings.Cut(lang, "-"); ok {
			tries = append(tries, key(name, primary))
		}
	}
	tries = append(tries, name)
	for _, k := range tries {
		if t, ok := s.byKey[k]; ok {
			return t, true
		}
	}
	return nil, false
}

// Render renders template name in the contact's language lang (falling back
// to English) with data. It fails on a missing field and on a subject that
// renders with a line break. It does not block.
func (s *Set) Render(name, lang string, data Data) (Rendered, error) {
	t, ok := s.Lookup(name, lang)
	if !ok {
		return Rendered{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "templates: no template %q", name)
	}
	r, err := t.Render(data)
	if err != nil {
		return Rendered{}, fmt.Errorf("templates: %w", err)
	}
	return r, nil
}

// Render renders this one template with data.
func (t *Template) Render(data Data) (Rendered, error) {
	data.Contact.Salutation = Salutation(data.Contact, t.Lang)
	r := Rendered{Name: t.Name, Lang: t.Lang, File: t.File}
	var b bytes.Buffer
	if err := t.subject.Execute(&b, data); err != nil {
		return r, problemOf(t.File, "subject", err)
	}
	r.Subject = strings.TrimSpace(b.String())
	if strings.ContainsAny(r.Subject, "\r\n") {
		return r, Problem{File: t.File, Section: "subject", Msg: "rendered subject contains a line break (CR or LF)"}
	}
	if r.Subject == "" {
		return r, Problem{File: t.File, Section: "subject", Msg: "rendered subject is empty"}
	}
	b.Reset()
	if err := t.text.Execute(&b, data); err != nil {
		return r, problemOf(t.File, "text", err)
	}
	r.Text = strings.TrimLeft(b.String(), "\n")
	if t.html != nil {
		b.Reset()
		if err := t.html.Execute(&b, data); err != nil {
			return r, problemOf(t.File, "html", err)
		}
		r.HTML = strings.TrimLeft(b.String(), "\n")
	}
	return r, nil
}
