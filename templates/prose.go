package templates

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Prose is the rendered text in the template's own words, to read its
// register by: the quote of the mail followed up (and anything after it)
// left out, and the signature, the salutation, the names and what the
// catalog put in (products, pitches, prices) taken out. "Ihr Partner für
// LED" in a signature, "Können Sie …" in the quoted thread or a pitch
// "Ihr Vorteil" is not the template saying "Sie". A text not rendered
// here (a stored one) is only cut at its quote.
func (r Rendered) Prose() string {
	text := OwnText(r.Text)
	if !r.own.set {
		return text
	}
	cut := linesOf(r.own.signature, r.own.salutation, r.own.contact, r.own.thread)
	cut = append(cut, r.own.given...)
	sort.Slice(cut, func(i, j int) bool { return len(cut[i]) > len(cut[j]) })
	for _, s := range cut {
		if s = strings.TrimSpace(s); utf8.RuneCountInString(s) > 1 {
			text = strings.ReplaceAll(text, s, "\n")
		}
	}
	return text
}

// linesOf is the lines of every s.
func linesOf(s ...string) []string {
	var out []string
	for _, x := range s {
		out = append(out, strings.Split(x, "\n")...)
	}
	return out
}
