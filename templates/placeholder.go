package templates

import (
	"fmt"
	"strings"

	"keepwarm"
)

// Placeholder returns the first merge field of another program in text
// (keepwarm.Placeholder). It does not block.
func Placeholder(text string) string { return keepwarm.Placeholder(text) }

// HTMLPlaceholder is Placeholder of an html fragment's text (a
// signature_html).
func HTMLPlaceholder(s string) string { return keepwarm.Placeholder(htmlText(s)) }

// Placeholder returns the first merge field of another program in the
// rendered subject, text or html, "" when there is none. Only what the
// template and the book put in is looked at: the quote of an earlier mail
// is left out (what was sent then is not said again), and so is the
// thread's subject, the customer's or a mail gateway's words ("RE:
// [External Email] RFQ", "[Ticket #123]").
func (r Rendered) Placeholder() string {
	subject, text, html := r.Subject, OwnText(r.Text), OwnText(htmlText(r.HTML))
	if r.own.set {
		subject = r.own.subject
	}
	if th := r.own.thread; th != "" {
		for _, s := range []string{th, keepwarm.StripSubjectTags(th), keepwarm.ReplySubject(th)} {
			if strings.TrimSpace(s) != "" {
				text, html = strings.ReplaceAll(text, s, ""), strings.ReplaceAll(html, s, "")
			}
		}
	}
	for _, s := range []string{subject, text, html} {
		if p := Placeholder(s); p != "" {
			return p
		}
	}
	return ""
}

// The parts of a message a merge field may come from (PlaceholderPart).
const (
	PartTemplate   = "template"
	PartSalutation = "salutation" // the contact's salutation in the book
	PartSignature  = "signature"  // the mailbox's signature in the config
	PartName       = "name"       // the contact's name
)

// PlaceholderPart says where token, a merge field r writes, comes from:
// PartSignature, PartSalutation, PartName or PartTemplate; "" when r was
// not rendered here (a greeting's stored text).
func (r Rendered) PlaceholderPart(token string) string {
	switch {
	case !r.own.set || token == "":
		return ""
	case strings.Contains(r.own.signature, token):
		return PartSignature
	case strings.Contains(r.own.salutation, token):
		return PartSalutation
	case strings.Contains(r.own.contact, token):
		return PartName
	}
	return PartTemplate
}

// PlaceholderError is the error of a message that writes another mail
// program's merge field: it is not sent.
type PlaceholderError struct {
	File  string
	Token string // as rendered, "{FirstName}"
	Part  string // where it comes from (PlaceholderPart), "" not known
}

func (e *PlaceholderError) Error() string {
	return fmt.Sprintf("%s writes %q: "+PlaceholderWhyIn(e.Part)+"; not sent", e.File, e.Token)
}

// PlaceholderWhy says what a merge field of another program is and where
// it may come from.
const PlaceholderWhy = "another mail program's placeholder, which keepwarm does not fill in (in the template, or in the contact's salutation in the customer book)"

// placeholderWhere says where a merge field of each part is to be fixed.
var placeholderWhere = map[string]string{
	PartTemplate:   "in the template",
	PartSalutation: "in the contact's salutation in the customer book",
	PartSignature:  "in the mailbox's signature in the config (signature or signature_html)",
	PartName:       "in the contact's name, in the customer book or as their mail gives it",
}

// PlaceholderWhyIn is PlaceholderWhy naming the part the field is in
// (PlaceholderPart); PlaceholderWhy when the part is not known.
func PlaceholderWhyIn(part string) string {
	if _, ok := placeholderWhere[part]; ok {
		return "another mail program's placeholder, which keepwarm does not fill in (" + PlaceholderWhere(part) + ")"
	}
	return PlaceholderWhy
}

// PlaceholderWhere says where a merge field of part is ("in the
// template"), the template or the book when part is not known.
func PlaceholderWhere(part string) string {
	if w, ok := placeholderWhere[part]; ok {
		return w
	}
	return "in the template, or in the contact's salutation in the customer book"
}

// PlaceholderFix is the fix a template check names for such a field.
const PlaceholderFix = "write {{.Contact.FirstName}}, {{.Contact.Salutation}} or {{.Company}} instead"
