package templates

import (
	"fmt"
	"strings"

	"keepwarm"
)

// Placeholder returns the first merge field of another program in text
// (keepwarm.Placeholder). It does not block.
func Placeholder(text string) string { return keepwarm.Placeholder(text) }

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

// PlaceholderError is the error of a message that writes another mail
// program's merge field: it is not sent.
type PlaceholderError struct {
	File  string
	Token string // as rendered, "{FirstName}"
}

func (e *PlaceholderError) Error() string {
	return fmt.Sprintf("%s writes %q: "+PlaceholderWhy+"; not sent", e.File, e.Token)
}

// PlaceholderWhy says what a merge field of another program is and where
// it may come from.
const PlaceholderWhy = "another mail program's placeholder, which keepwarm does not fill in (in the template, or in the contact's salutation in the customer book)"

// PlaceholderFix is the fix a template check names for such a field.
const PlaceholderFix = "write {{.Contact.FirstName}}, {{.Contact.Salutation}} or {{.Company}} instead"
