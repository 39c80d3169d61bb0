package templates

import (
	"sort"
	"strings"
	"unicode"
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

// SaysNothing says whether the rendered text is an opening and a sign-off
// with nothing between them ("Dear Mr. Meier,\n\nBest regards,\nLily
// Chen" when all its words were inside {{with .Products}} and no product
// matches the customer): its own part (the quote left out) without its
// opening, its sign-off lines, the closing it ends with ("Thanks,",
// "Saludos,", "よろしくお願いいたします。": closingTail), the signature and
// the names the book put in has no letter. A first line Opening does not read as one is kept,
// less the salutation and names cut from it. The catalog's words (a product's name) are words said.
// A text not rendered here (a stored one) keeps its signature, so it is
// never taken for one saying nothing.
func (r Rendered) SaysNothing() bool {
	own := OwnText(r.Text)
	first, rest, _ := strings.Cut(own, "\n")
	if o := Opening(own); o != "" {
		if i := strings.Index(first, o); i >= 0 {
			first = first[i+len(o):] // "Dear Mr. Meier, thank you…" says "thank you…"
		}
	}
	text := first + "\n" + rest
	if r.own.set {
		cut := linesOf(r.own.signature, r.own.salutation, r.own.contact, r.own.thread)
		cut = append(cut, r.own.given[:r.own.names]...)
		sort.Slice(cut, func(i, j int) bool { return len(cut[i]) > len(cut[j]) })
		for _, s := range cut {
			if s = strings.TrimSpace(s); utf8.RuneCountInString(s) > 1 {
				// A line of its own where it was: closingTail
				// reads a closing above the signature by it.
				text = strings.ReplaceAll(text, s, "\n"+takenOut+"\n")
			}
		}
	}
	lines := strings.Split(text, "\n")
	tail := closingTail(lines)
	for i, l := range lines {
		if i >= tail || IsSignOff(l) {
			continue
		}
		if strings.IndexFunc(l, unicode.IsLetter) >= 0 {
			return false
		}
	}
	return true
}
