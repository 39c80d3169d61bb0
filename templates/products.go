package templates

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"keepwarm"
)

// Product is one catalog product as a template shows it: {{.Name}},
// {{.Pitch}} (in the template's language, else English), {{.Link}},
// {{.Price}}, {{.MOQ}}, {{.ImageURL}}. Printed alone it is its name, so
// {{index .Products 0}} and {{join .Products ", "}} read naturally.
type Product struct {
	Name     string
	Pitch    string
	Link     string
	Price    string
	MOQ      string
	ImageURL string

	from keepwarm.Product // its pitches in every language
}

func (p Product) String() string { return p.Name }

// ProductsOf turns catalog products into template products; Render picks
// each pitch in the template's language.
func ProductsOf(ps []keepwarm.Product) []Product {
	out := make([]Product, len(ps))
	for i, p := range ps {
		out[i] = Product{Name: p.Name, Link: p.Link, Price: p.Price, MOQ: p.MOQ, ImageURL: p.ImageURL, from: p}
	}
	return out
}

// NamedProducts are products known by name only (e.g. a customer's tags).
func NamedProducts(names ...string) []Product {
	out := make([]Product, len(names))
	for i, n := range names {
		out[i] = Product{Name: n}
	}
	return out
}

// withPitches returns products with each Pitch in lang, leaving ps as it is.
func withPitches(ps []Product, lang string) []Product {
	if len(ps) == 0 {
		return ps
	}
	out := make([]Product, len(ps))
	for i, p := range ps {
		if p.Pitch == "" {
			p.Pitch = pitchIn(p.from, lang)
		}
		out[i] = p
	}
	return out
}

// pitchIn is p's pitch in lang, "" when the catalog has none in it: an
// English pitch inside a German or Arabic mail reads as a form nobody
// translated, and the templates write the product by its name alone
// ({{with .Pitch}}). A Traditional Chinese mail never takes the
// Simplified "zh" pitch.
func pitchIn(p keepwarm.Product, lang string) string {
	if primary(lang) == "" {
		return p.PitchIn(lang) // English
	}
	if !Traditional(lang) {
		if s := p.Pitch[strings.ReplaceAll(strings.ToLower(strings.TrimSpace(lang)), "_", "-")]; s != "" {
			return s
		}
		return p.Pitch[primary(lang)]
	}
	for _, l := range append([]string{strings.ReplaceAll(strings.ToLower(lang), "_", "-")}, hantTries...) {
		if s := p.Pitch[l]; s != "" {
			return s
		}
	}
	// Any other Traditional tag (zh-mo, zh-hant-tw), as Load takes a
	// template's.
	tags := make([]string, 0, len(p.Pitch))
	for l := range p.Pitch {
		tags = append(tags, l)
	}
	sort.Strings(tags)
	for _, l := range tags {
		if Traditional(l) && p.Pitch[l] != "" {
			return p.Pitch[l]
		}
	}
	return ""
}

// join joins a list of strings or of anything printable (products print
// their name): join .Products ", ".
func join(list any, sep string) (string, error) {
	switch l := list.(type) {
	case []string:
		return strings.Join(l, sep), nil
	case []Product:
		names := make([]string, len(l))
		for i, p := range l {
			names[i] = p.Name
		}
		return strings.Join(names, sep), nil
	case nil:
		return "", nil
	}
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return "", fmt.Errorf("join: %T is not a list", list)
	}
	parts := make([]string, v.Len())
	for i := range parts {
		parts[i] = fmt.Sprint(v.Index(i).Interface())
	}
	return strings.Join(parts, sep), nil
}

// requirable are the parts a template may declare it cannot do without
// (the "requires:" header): when one is empty, the message is not sent.
var requirable = map[string]func(d Data) bool{
	"Products": func(d Data) bool { return len(d.Products) > 0 },
	"Company":  func(d Data) bool { return strings.TrimSpace(d.Company) != "" },
	"Original": func(d Data) bool { return strings.TrimSpace(d.Original.Text) != "" || d.Original.Quote != "" },
	"Occasion": func(d Data) bool { return strings.TrimSpace(d.Occasion) != "" },
	"Month":    func(d Data) bool { return strings.TrimSpace(d.Month) != "" },
}

// EmptyPartError is what Render returns when a part the template requires
// is empty: the message would say nothing, so it is not sent.
type EmptyPartError struct {
	File string
	Part string // e.g. "Products"
	// SaysNothing: the template does not require the part, but without
	// it the text is its opening and sign-off alone (Rendered.SaysNothing).
	SaysNothing bool
}

func (e *EmptyPartError) Error() string {
	if e.SaysNothing {
		return fmt.Sprintf("%s says nothing but its opening and sign-off with %s empty", e.File, e.Part)
	}
	return fmt.Sprintf("%s requires %s, and it is empty", e.File, e.Part)
}

// IsEmptyPart reports whether err says a required part was empty, and which.
func IsEmptyPart(err error) (string, bool) {
	var e *EmptyPartError
	if errors.As(err, &e) {
		return e.Part, true
	}
	return "", false
}

// CompanyName is how a mail names the customer's company: its name in the
// book, or "" when the book only has its internal key or domain (a mail
// never says "acme.test").
func CompanyName(c keepwarm.Customer) string {
	n := strings.TrimSpace(c.Name)
	if n == "" || strings.EqualFold(n, c.Domain) || strings.EqualFold(n, c.Key) {
		return ""
	}
	if _, rest, ok := strings.Cut(c.Key, ":"); ok && strings.EqualFold(n, rest) {
		return ""
	}
	if !strings.Contains(n, " ") && strings.Contains(n, ".") && !strings.HasSuffix(n, ".") {
		return "" // looks like a domain
	}
	return n
}

// CompanyOf is the company name a mail to contact at customer c writes
// for {{.Company}}: "" for a customer the book knows only by a key or
// domain, and for a private buyer named after the person.
func CompanyOf(c keepwarm.Customer, contact Contact) string {
	if namedAfterPerson(c, contact) {
		return ""
	}
	return CompanyName(c)
}

// namedAfterPerson says whether customer c, keyed by an address or a phone
// (a private buyer, a free-mail sender), carries a person's name rather
// than a company's: the name of contact, or the name its address spells
// ("Juan García" at juan.garcia@gmail.com). A sheet row with a contact and
// no company is named so, and a mail would otherwise write "everyone at
// Juan García".
func namedAfterPerson(c keepwarm.Customer, contact Contact) bool {
	kind, rest, _ := strings.Cut(c.Key, ":")
	if kind != "addr" && kind != "phone" {
		return false
	}
	n := foldWords(c.Name)
	if n == "" {
		return false
	}
	if n == foldWords(contact.Name) || n == foldWords(PersonOf(contact.Name, contact.Email).Name) {
		return true
	}
	for _, email := range []string{rest, contact.Email} {
		local, _, ok := strings.Cut(email, "@")
		if !ok {
			continue
		}
		spelt := strings.FieldsFunc(foldWords(local), func(r rune) bool { return !unicode.IsLetter(r) })
		name := strings.Fields(n)
		if len(spelt) < 2 || len(spelt) != len(name) {
			continue
		}
		slices.Sort(spelt)
		slices.Sort(name)
		if slices.Equal(spelt, name) {
			return true // "juan.garcia", "garcia_juan"
		}
	}
	return false
}

// foldWords lower-cases s, takes its accents off and joins its words with
// one space: "Juan  García" and "juan garcia" are one name.
func foldWords(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
