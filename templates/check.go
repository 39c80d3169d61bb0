package templates

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// Problem is one error in one template file, for `keepwarm sequences check`.
type Problem struct {
	File    string
	Line    int    // 0 when unknown
	Section string // "subject", "text" or "html"; "" for the file's structure
	Field   string // the failing expression or header key, e.g. ".Contact.Nmae"
	Msg     string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	if p.Section != "" {
		b.WriteString(" (" + p.Section + ")")
	}
	if p.Field != "" {
		b.WriteString(": field " + p.Field)
	}
	b.WriteString(": " + p.Msg)
	return b.String()
}

// Problems is several problems returned as one error.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// Template errors look like
//
//	template: resend.tmpl:5:12: executing "resend.tmpl" at <.Contact.Nmae>: can't evaluate field Nmae in type templates.Contact
//	template: resend.tmpl:5: function "nope" not defined
var (
	execErr  = regexp.MustCompile(`^template: [^:]+:(\d+)(?::\d+)?: executing "[^"]*" at <([^>]*)>: (.*)$`)
	parseErr = regexp.MustCompile(`^template: [^:]+:(\d+)(?::\d+)?: (.*)$`)
)

// problemOf turns a text/template or html/template error into a Problem
// with the file's line and the failing field.
func problemOf(file, section string, err error) Problem {
	p := Problem{File: file, Section: section, Msg: err.Error()}
	var existing Problem
	if errors.As(err, &existing) {
		return existing
	}
	msg := err.Error()
	if m := execErr.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Field, p.Msg = m[2], m[3]
		if strings.Contains(p.Msg, "can't evaluate field") {
			if s := didYouMean(p.Field); s != "" {
				p.Msg += "; did you mean " + s + "?"
			}
		}
		return p
	}
	if m := parseErr.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Msg = m[2]
	}
	return p
}

// SampleData is a Data with every field filled, used by Check and by
// `keepwarm preview` when no customer is named.
func SampleData() Data {
	return Data{
		Customer: keepwarm.Customer{
			ID: 1, Key: "domain:buyer.example", Name: "Buyer GmbH", Domain: "buyer.example",
			Owner: "li@seller.example", Grade: "A", Country: "DE", TimeZone: "Europe/Berlin", Language: "de",
		},
		Contact: NewContact("Anna Schmidt", "anna@buyer.example"),
		Owner: Owner{
			Name: "Li Wei", Email: "li@seller.example",
			Signature: "Li Wei\nExport Sales, Seller Co., Ltd.\n+86 20 0000 0000",
		},
		Original: Original{
			Subject: "Quotation for LED panels",
			Date:    time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC),
			From:    keepwarm.Address{Name: "Li Wei", Email: "li@seller.example"},
			Text:    "Dear Anna,\n\nplease find our quotation attached.\n\nLi Wei",
		},
		Products: ProductsOf([]keepwarm.Product{
			{Name: "LED panel 60x60", Tags: []string{"led panel"}, Pitch: map[string]string{"": "40 W, 4000 lm, five-year warranty", "de": "40 W, 4000 lm, fünf Jahre Garantie"}, Link: "https://seller.example/panel"},
			{Name: "LED high bay 150W", Tags: []string{"high bay"}, Pitch: map[string]string{"": "IP65, 150 lm/W for warehouses"}, Link: "https://seller.example/highbay"},
		}),
		Occasion: "Christmas",
		Month:    "December 2026",
	}
}

// Check renders every template of the set with SampleData and returns every
// problem: a missing or misspelt field, a subject with a line break, an
// empty subject or body. An empty result means every template can be sent
// to the sample customer; SendProblems names those that fail for another.
// A template in a language keepwarm writes no opening in that uses
// {{.Contact.Salutation}} is not among them (NameProblems warns of it):
// it fails only the mails of contacts without a salutation in the book.
func Check(set *Set) []Problem {
	var out []Problem
	data := SampleData()
	for _, t := range set.Templates() {
		_, err := t.Render(data)
		if IsNoSalutation(err) {
			// Not a problem of the set: it fails the mails of contacts
			// the book holds no salutation for, one by one, and
			// NameProblems warns of it. The rest of the file is checked
			// as it renders for a contact with one.
			d := data
			d.Contact.Salutation = data.Contact.FirstName
			_, err = t.Render(d)
		}
		if err != nil {
			out = append(out, asProblem(t, err))
		}
	}
	return out
}

// SendProblems renders every template that passes Check also for the
// customers a real send meets that SampleData is not (sendVariants) and
// names the first one each fails for. These are warnings, not Check's
// problems: such a template fails only those customers' steps, each held
// at send time with the reason on the digest and the desk, while every
// other customer's follow-ups go on. A template writing another mail
// program's merge field ("Hi {FirstName},") is named too: every customer's
// step is refused for it. The console refuses to save a file
// named here, and `keepwarm sequences check`, `keepwarm check` and the
// daemon's start warn of it.
func SendProblems(set *Set) []Problem {
	var out []Problem
	data := SampleData()
	for _, t := range set.Templates() {
		_, err := t.Render(data)
		if IsNoSalutation(err) {
			d := data
			d.Contact.Salutation = data.Contact.FirstName
			_, err = t.Render(d)
		}
		if err != nil {
			continue // Check reports it
		}
		if p := placeholderIn(t, data); p != "" {
			// "Hi {FirstName}," goes to every customer as typed: each
			// step is refused at send time (CheckNameSlot).
			out = append(out, Problem{File: t.File, Msg: fmt.Sprintf("writes %q, "+PlaceholderWhy+": "+PlaceholderFix, p)})
			continue
		}
		for _, v := range sendVariants {
			d := SampleData()
			v.set(&d)
			_, err := t.Render(d)
			if IsNoSalutation(err) {
				d.Contact.Salutation = "Dear Sir or Madam"
				_, err = t.Render(d)
			}
			if _, empty := IsEmptyPart(err); err == nil || empty {
				continue // a required part missing skips the mail and says why
			}
			p := asProblem(t, err)
			p.Msg = "fails for " + v.who + ": " + p.Msg
			out = append(out, p)
			break // one is enough to fix it
		}
	}
	return out
}

func asProblem(t *Template, err error) Problem {
	var p Problem
	if errors.As(err, &p) {
		return p
	}
	return Problem{File: t.File, Msg: fmt.Sprint(err)}
}

// CheckedCustomers names the customers Check renders each template for
// besides SampleData's ("a customer with one product"), as its problems
// name them.
func CheckedCustomers() []string {
	out := make([]string, len(sendVariants))
	for i, v := range sendVariants {
		out[i] = v.who
	}
	return out
}

// sendVariants are the customers a real send meets that SampleData is
// not: a template that renders for the sample yet fails for one of them
// ("{{(index .Products 1).Name}}" for a customer with one product) would
// fail that customer's step after the manager has left the editor. A
// customer with no products is EmptyWarnings' ("requires: Products").
var sendVariants = []struct {
	who string
	set func(*Data)
}{
	{"a customer with one product", func(d *Data) { d.Products = d.Products[:1] }},
	{"a contact without a name", func(d *Data) { d.Contact = NewContact("", "info@buyer.example") }},
	{"a contact written with a title (Mr. Ahmed)", func(d *Data) { d.Contact = NewContact("Mr. Ahmed", "ahmed@buyer.example") }},
	{"a customer the book knows only by its domain", func(d *Data) {
		d.Customer = keepwarm.Customer{ID: 1, Key: "domain:buyer.example", Name: "buyer.example", Domain: "buyer.example", Owner: d.Customer.Owner}
	}},
	{"a mail followed up whose text is not stored", func(d *Data) { d.Original.Text = "" }},
	{"a mail followed up that went to several people", func(d *Data) {
		d.Original.To = []keepwarm.Address{{Name: "Anna Schmidt", Email: "anna@buyer.example"}}
		d.Original.Cc = []keepwarm.Address{{Email: "purchase@buyer.example"}}
	}},
	{"a salesperson without a signature", func(d *Data) { d.Owner.Signature, d.Owner.SignatureHTML = "", "" }},
}

// CompanyEmptyMsg is EmptyWarnings' warning of a template writing
// .Company outside {{with .Company}} without "requires: Company".
const CompanyEmptyMsg = `renders with Company empty (a customer the book knows only by its domain, a private buyer): add "requires: Company" to its header so such a mail is skipped (and the digest says why), or write the company inside {{with .Company}}…{{end}}`

// SaysNothingProductsMsg and SaysNothingCompanyMsg are EmptyWarnings'
// warnings of a template whose words above its closing are all inside
// {{with .Products}} (or {{with .Company}}): without it the mail is its
// opening and its sign-off alone (Rendered.SaysNothing; under the closing
// all is signature but a P.S.), and is not sent: a step is skipped (the
// sequence goes on to its next step), a greeting or letter not sent to
// that customer. They are warnings only (HeldWarning): the editor saves
// such a template.
const (
	SaysNothingProductsMsg = `says nothing but its opening and sign-off to a customer no product matches (its words above the closing are all inside {{with .Products}}; under the closing everything but a P.S. counts as the signature), so such a customer's mail is not sent: a sequence's step is skipped and the sequence goes on to its next step, a greeting or monthly letter is not sent to them, and the digest says why. To send it to them, write what it says to them outside {{with .Products}}…{{end}}, above the closing; to say so in the header, add "requires: Products"`
	SaysNothingCompanyMsg  = `says nothing but its opening and sign-off to a customer the book has no company name for (its words above the closing are all inside {{with .Company}}; under the closing everything but a P.S. counts as the signature), so such a customer's mail is not sent: a sequence's step is skipped and the sequence goes on to its next step, a greeting or monthly letter is not sent to them, and the digest says why. To send it to them, write what it says to them outside {{with .Company}}…{{end}}, above the closing; to say so in the header, add "requires: Company"`
)

var saysNothingMsg = map[string]string{"Products": SaysNothingProductsMsg, "Company": SaysNothingCompanyMsg}

// HeldWarning says whether p is EmptyWarnings' word on a template that
// says nothing without the part its guard empties (SaysNothingProductsMsg,
// SaysNothingCompanyMsg): such a customer's mail is not sent, which is safe,
// so the editor shows it and still saves.
func HeldWarning(p Problem) bool {
	return p.Msg == SaysNothingProductsMsg || p.Msg == SaysNothingCompanyMsg
}

// EmptyWarnings lists the templates that can go out saying less than they
// mean to: those that open "Dear ," for a contact without a name
// (NameProblems), those whose output depends on .Products yet render without error when it is empty, because they do not declare
// "requires:" for it, and those that fail outright when it is empty. Such a mail reads "here is what we can offer." with
// nothing after it; with the header it is skipped and the digest says why.
// A template whose products are all inside {{with .Products}} or {{if
// .Products}}, or in a {{range}} with an {{else}} (GuardedWhole), is as
// meant: the manager chose what it says without them, and a step, greeting
// or letter of it goes to such a customer as written, unless it then fails
// ("fails when Products is empty") or says nothing but its opening and
// sign-off (SaysNothingProductsMsg: it is not sent). A bare {{range
// .Products}} is not: the words before it would lead to nothing.
// .Company is the same, except that a template writing it only inside
// {{with .Company}} (the greetings' "everyone at {{.}}" or "your
// colleagues") is as meant: a domain-only customer or a private buyer
// would otherwise get "everyone at ." or "Offer for ".
func EmptyWarnings(set *Set) []Problem {
	var out []Problem
	full := SampleData()
	for _, t := range set.Templates() {
		ref, err := t.Render(full)
		if err != nil {
			continue // Check reports it
		}
		for part, empty := range map[string]func(*Data){
			"Products": func(d *Data) { d.Products = nil },
			"Company":  emptyCompany,
		} {
			if slices.Contains(t.Requires, part) {
				continue
			}
			// Guarded: what it says without the part is the manager's
			// choice, yet it must still render, and say something.
			guarded := part == "Company" && t.Guarded(part) || part == "Products" && t.GuardedWhole(part)
			d := SampleData()
			empty(&d)
			got, err := t.Render(d)
			if _, skipped := IsEmptyPart(err); err != nil && !skipped {
				// It fails outright without the part ({{index .Products 0}}):
				// every such customer's mail would fail at its step.
				why := err.Error()
				var p Problem
				if errors.As(err, &p) {
					why = p.Msg
				}
				out = append(out, Problem{File: t.File, Field: "." + part,
					Msg: fmt.Sprintf("fails when %s is empty (%s): add \"requires: %s\" to its header so such a mail is skipped (and the digest says why)", part, why, part)})
				continue
			}
			if err != nil {
				continue
			}
			if guarded {
				// Emptied by the guard: it says something with the part,
				// nothing without it. A template that does not write the
				// part, or says nothing either way, is the manager's text.
				if got.SaysNothing() && t.guardsPart(part) && !ref.SaysNothing() {
					out = append(out, Problem{File: t.File, Field: "." + part, Msg: saysNothingMsg[part]})
				}
				continue
			}
			if got.Subject == ref.Subject && got.Text == ref.Text && got.HTML == ref.HTML {
				continue
			}
			if part == "Company" {
				out = append(out, Problem{File: t.File, Field: ".Company", Msg: CompanyEmptyMsg})
				continue
			}
			out = append(out, Problem{File: t.File, Field: "." + part,
				Msg: fmt.Sprintf("renders with %s empty: add \"requires: %s\" to its header so such a mail is skipped (and the digest says why) instead of sent", part, part)})
		}
	}
	out = append(out, NameProblems(set)...)
	sort.Slice(out, func(i, j int) bool { return out[i].File+out[i].Field < out[j].File+out[j].Field })
	return out
}

// BareCompany says whether the template of set written in file writes
// .Company outside {{with .Company}} without "requires: Company", as
// EmptyWarnings warns of it: a customer the book knows only by its domain,
// or a private buyer, would read "everyone at .".
func BareCompany(set *Set, file string) bool {
	if set == nil {
		return false
	}
	for _, t := range set.Templates() {
		if path.Base(t.File) != path.Base(file) {
			continue
		}
		if slices.Contains(t.Requires, "Company") || t.Guarded("Company") {
			return false
		}
		ref, err := t.Render(SampleData())
		if err != nil {
			return false
		}
		d := SampleData()
		emptyCompany(&d)
		got, err := t.Render(d)
		if err != nil {
			return false
		}
		return got.Subject != ref.Subject || got.Text != ref.Text || got.HTML != ref.HTML
	}
	return false
}

// EmptiedPart is the guard whose lack leaves the template of set written
// in file saying nothing but its opening and sign-off (Rendered.
// SaysNothing) to a customer without products (noProducts) or without a
// company name (noCompany): "Products" or "Company", "" when none did.
// A part empties it only when the template writes it, all inside its
// guard ({{with .Products}}, {{if .Company}}), and the sample mail with
// the part given back says something: a template with no such guard, or
// one that says nothing with every part present ("Looking forward to
// your reply." is words said, but a bare opening and signature is not),
// was not emptied by the customer's lack, and goes as the manager wrote
// it. When the customer lacks both, it is the one that, given back alone,
// makes the sample mail say something (a text whose words are all inside
// {{with .Company}} is emptied by the company, whatever the products);
// when neither alone does but both together do, the first guarded one.
func EmptiedPart(set *Set, file string, noProducts, noCompany bool) string {
	if set == nil || !noProducts && !noCompany {
		return ""
	}
	var missing []string
	if noProducts {
		missing = append(missing, "Products")
	}
	if noCompany {
		missing = append(missing, "Company")
	}
	for _, t := range set.Templates() {
		if path.Base(t.File) != path.Base(file) {
			continue
		}
		var guards []string
		for _, part := range missing {
			if t.guardsPart(part) {
				guards = append(guards, part)
			}
		}
		// sample is the sample customer lacking what this one lacks,
		// except given.
		sample := func(given ...string) Data {
			d := SampleData()
			for _, part := range missing {
				switch {
				case slices.Contains(given, part):
				case part == "Products":
					d.Products = nil
				default:
					emptyCompany(&d)
				}
			}
			return d
		}
		for _, part := range guards {
			if got, err := t.Render(sample(part)); err == nil && !got.SaysNothing() {
				return part
			}
		}
		if len(guards) > 0 && len(missing) > 1 {
			if got, err := t.Render(sample(missing...)); err == nil && !got.SaysNothing() {
				return guards[0]
			}
		}
		break
	}
	return ""
}

// guardsPart says whether the template writes .part, each time inside
// a block guarded by it ({{with .part}}, {{if .part}}; a {{range}} with
// an {{else}} for Products): what it says without the part is then the
// guard's doing.
func (t *Template) guardsPart(part string) bool {
	if part == "Products" && !t.GuardedWhole(part) || part != "Products" && !t.Guarded(part) {
		return false
	}
	return t.writes(part)
}

// emptyCompany makes d a customer the book knows by its domain alone.
func emptyCompany(d *Data) {
	d.Company = ""
	d.Customer = keepwarm.Customer{ID: 1, Key: "domain:buyer.example", Name: "buyer.example", Domain: "buyer.example", Owner: d.Customer.Owner}
}

// BareProducts says whether the template of set written in file lists
// .Products without "requires: Products" and not wholly inside {{with
// .Products}} or {{if .Products}} (a {{range .Products}} with no {{else}}
// leaves the words before it), as EmptyWarnings warns of it: a customer
// no catalog product matches would read "here are our new items:" with
// nothing after it.
func BareProducts(set *Set, file string) bool {
	if set == nil {
		return false
	}
	for _, t := range set.Templates() {
		if path.Base(t.File) != path.Base(file) {
			continue
		}
		if slices.Contains(t.Requires, "Products") || t.GuardedWhole("Products") {
			return false
		}
		ref, err := t.Render(SampleData())
		if err != nil {
			return false
		}
		d := SampleData()
		d.Products = nil
		got, err := t.Render(d)
		if err != nil {
			return false
		}
		return got.Subject != ref.Subject || got.Text != ref.Text || got.HTML != ref.HTML
	}
	return false
}

// placeholderIn is the merge field of another program that t writes for
// data (Rendered.Placeholder), "" when none.
func placeholderIn(t *Template, data Data) string {
	if IsNoSalutation(func() error { _, err := t.Render(data); return err }()) {
		data.Contact.Salutation = data.Contact.FirstName
	}
	r, err := t.Render(data)
	if err != nil {
		return ""
	}
	return r.Placeholder()
}
