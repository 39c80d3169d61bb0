package templates

import (
	"fmt"

	"keepwarm"
)

// Placeholder returns the first merge field of another program in text
// (keepwarm.Placeholder). It does not block.
func Placeholder(text string) string { return keepwarm.Placeholder(text) }

// Placeholder returns the first merge field of another program in the
// rendered subject, text or html, the quote of an earlier mail left out
// (what was sent then is not said again), "" when there is none.
func (r Rendered) Placeholder() string {
	for _, s := range []string{r.Subject, OwnText(r.Text), OwnText(htmlText(r.HTML))} {
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
