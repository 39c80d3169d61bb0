package templates

import (
	"regexp"
	"slices"
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

// salutationOnly is the salutation of opening (Opening) without a wish
// on its line: "Hi Anna, Merry Christmas" is "Hi Anna", "Hallo Hans!
// Frohe Weihnachten" "Hallo Hans", "Hola Juan: ¡Feliz Navidad" "Hola
// Juan", "Dear Mr. Li, 新年快乐" "Dear Mr. Li". It ends at the first
// openingMarks after the name, unless what follows is a further greeting,
// names ("Dear Hans, dear Anna", "Good morning, Mr. Smith") or a bare
// hello ("尊敬的王总，您好", "Hi Anna, good morning"): a hello is not words
// said, a wish is ("Eid Mubarak" and "Congratulations" are not names).
func salutationOnly(opening string) string {
	i := strings.IndexAny(opening, openingMarks)
	if i <= 0 {
		return opening
	}
	_, size := utf8.DecodeRuneInString(opening[i:])
	cut := opening[:i]
	rest := opening[i+size:]
	for {
		seg, after, more := rest, "", false
		if j := strings.IndexAny(rest, openingMarks); j >= 0 {
			_, sz := utf8.DecodeRuneInString(rest[j:])
			seg, after, more = rest[:j], rest[j+sz:], true
		}
		t := strings.TrimSpace(seg)
		if t == "" {
			break
		}
		greeting := startsWithGreeting(strings.ToLower(t)) && addressedIn(t) != ""
		if !greeting && !namesOnly(t) && !bareHello(t) {
			break
		}
		cut = opening[:len(opening)-len(rest)+len(seg)]
		if !more {
			break
		}
		rest = after
	}
	return cut
}

// bareHello says whether s greets nobody and says nothing else: a
// greeting word alone ("good morning", "Guten Morgen", "hello", "bom
// dia") or a Chinese hello ("您好", "好").
func bareHello(s string) bool {
	s = strings.ToLower(strings.Trim(s, " \t\u00a0\u3000¡¿"))
	if s == "好" || slices.Contains(cjkHellos, s) {
		return true
	}
	for _, w := range greetingWords {
		if !strings.HasSuffix(w, "~") && s == w {
			return true
		}
	}
	return false
}

// fillers are the exporter's opening formulas that say nothing: "Hope
// you are doing well.", "Hope this email finds you well.", "Greetings
// from Shenzhen!", "希望您一切顺利！", "Ich hoffe, es geht Ihnen gut.",
// "Espero que se encuentre bien." (lower case, the marks around them
// trimmed: fillerLine).
var fillers = regexp.MustCompile(`^(?:` +
	`(?:i |we )?hope (?:this|my|the|our) (?:e-?mail|mail|message|letter|note) (?:finds|reaches) you (?:well|in good health|in good spirits)` +
	`|(?:i |we )?hope (?:you are|you're|you have been|you've been|all is|all's|everything is|everything goes|all goes|things are|this finds you) (?:doing )?(?:very )?(?:well|fine|good|great)(?: with you)?` +
	`|how are you(?: doing)?(?: today| these days)?` +
	`|greetings from [^.!?。！？]{1,40}` +
	`|希望(?:您|你)一切(?:都)?(?:好|顺利|順利|安好)` +
	`|ich hoffe,? es geht ihnen gut` +
	`|espero que (?:esté|estés|se encuentre|te encuentres|todo esté) (?:muy )?bien` +
	`)$`)

// fillerLine says whether s is one of the fillers.
func fillerLine(s string) bool {
	s = strings.ToLower(strings.Trim(s, openingMarks+".。…~～?？¡¿ \t\u00a0\u3000"))
	return s != "" && fillers.MatchString(strings.Join(strings.Fields(s), " "))
}

// skipHellos is s, the rest of a first line after its salutation, less
// the bare hellos (bareHello), the fillers (fillerLine) and marks it
// starts with: "，您好！", ", good morning!" and "Good day! Greetings from
// Shenzhen!" are nothing said.
func skipHellos(s string) string {
	for {
		t := strings.TrimLeft(s, openingMarks+" \t\u00a0\u3000")
		if fillerLine(t) {
			return ""
		}
		seg := t
		if j := strings.IndexAny(t, openingMarks); j >= 0 {
			seg = t[:j]
		}
		if strings.TrimSpace(seg) == "" || !bareHello(seg) && !fillerLine(seg) {
			return t
		}
		s = t[len(seg):]
	}
}

// dropHelloLines is rest, the lines under a salutation, less the lines
// at its top that are only a hello (bareHello) or a filler (fillerLine)
// and the blank lines between them: "　　您好！" under "尊敬的王总：",
// "Good day!", "Hello!" or "Hope you are doing well." under "Dear Anna,". The first line that says more ends it ("Hello from the
// fair" is words said).
func dropHelloLines(rest string) string {
	lines := strings.Split(rest, "\n")
	n, hello := 0, false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.TrimSpace(skipHellos(l)) != "" {
			break
		}
		n, hello = i+1, true
	}
	if !hello {
		return rest
	}
	return strings.Join(lines[n:], "\n")
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
	if o := salutationOnly(Opening(own)); o != "" {
		if i := strings.Index(first, o); i >= 0 {
			// "Dear Mr. Meier, thank you…" says "thank you…";
			// "Dear Mr. Li Wei, good morning!" nothing.
			first = skipHellos(first[i+len(o):])
			rest = dropHelloLines(rest)
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
				mark := takenOut
				if s == r.own.ownerName {
					mark = ownerOut
				}
				text = replaceWords(text, s, "\n"+mark+"\n")
			}
		}
	}
	lines := signatureBelow(strings.Split(text, "\n"))
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

// replaceWords replaces each s in text that is a word or words of its
// own with mark: no letter, mark or digit right before or after it. The
// customer Emil is taken out of "Dear Emil," but not of "Best regards,
// Emily", nor Dan of "Danke" nor Al of "All the best". Where s begins or
// ends in a script written without spaces between words (Han, Kana,
// Thai…), or its neighbour there is one ("谢谢Anna"), that end needs no
// boundary: 王伟 is taken out of "王伟总".
func replaceWords(text, s, mark string) string {
	if s == "" {
		return text
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	var b strings.Builder
	done := 0
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], s)
		if i < 0 {
			break
		}
		i += from
		j := i + len(s)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[j:])
		if i > 0 && joins(first, before) || j < len(text) && joins(last, after) {
			_, size := utf8.DecodeRuneInString(text[i:])
			from = i + size
			continue
		}
		b.WriteString(text[done:i])
		b.WriteString(mark)
		done, from = j, j
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// joins says whether edge, the first or last rune of a name, and next,
// the rune beside it in the text, are one word: both word runes and
// neither of a script written without spaces.
func joins(edge, next rune) bool {
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) }
	return word(edge) && word(next) && !unspaced(edge) && !unspaced(next)
}

// unspaced says whether r is of a script written without spaces between
// words.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}
