package sequences

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	xwidth "golang.org/x/text/width"

	"keepwarm"
	"keepwarm/templates"
)

// ThreadVoice is how a follow-up in a thread is written: the template
// language and the salutation.
type ThreadVoice struct {
	Lang       string // the language to render in ("" English)
	Salutation string // "" leaves the template's neutral form
	// Read says Lang was read from the salesperson's own mail in the
	// thread, not taken from the book or the customer's country (the
	// mail's own text too short, or empty, to tell).
	Read bool
}

// VoiceOf picks the language and salutation of a follow-up the way the
// salesperson wrote: the language of their own last message in the thread
// (own), falling back to the contact's language in the book, then the
// customer's. The salutation is their own opening line in that message
// ("Dear Mr. Meier" stays; in a mail too short to read, an opening in a
// non-Latin script gives the language, "王总" making it Chinese (kanji
// alone, "田中部長", Japanese when the book says so), and one
// in another language than the follow-up's is left out), else the book's salutation for the contact
// when the follow-up is in the book's language, else none (the template's
// language gives its neutral form). tmplLang resolves the language a
// template is really rendered in (a language without a template falls back
// to English): a salutation is only reused in its own language.
func VoiceOf(own string, bookSalutation, contactLang, customerLang string, tmplLang func(lang string) string) ThreadVoice {
	return voiceOf(own, true, bookSalutation, contactLang, customerLang, "", tmplLang)
}

// voiceOf is VoiceOf; ownSalutation false leaves out own's opening line
// (it greeted someone the mail does not go to) but keeps its language.
func voiceOf(own string, ownSalutation bool, bookSalutation, contactLang, customerLang, country string, tmplLang func(lang string) string) ThreadVoice {
	v := templates.ReadVoice(own)
	bookLang := contactLang
	if bookLang == "" {
		bookLang = customerLang
	}
	bookLang = countryRegion(bookLang, country, tmplLang)
	v.Lang = bookScript(v.Lang, own, bookLang)
	if v.Lang == "" && v.Salutation != "" {
		// Too short to read, the mail still opens in a language: "王总："
		// over "请查收附件。" is Chinese whatever the book says, and the
		// follow-up goes in Chinese or not at all. A Latin greeting
		// (German and Dutch both write "Hallo") tells less: one in
		// another language than the follow-up's is left out, not kept
		// over it.
		l, ok := templates.SalutationLang(v.Salutation)
		if ok && primaryLang(bookLang) == "ja" && templates.HanOnly(v.Salutation) {
			// Kanji alone ("田中部長") are Japanese as well as
			// Chinese: the book, saying Japanese, tells which.
			l = "ja"
		}
		if ok && primaryLang(l) != primaryLang(tmplLang(bookLang)) {
			if scriptTells(v.Salutation) {
				v.Lang = l
			} else {
				v.Salutation = ""
			}
		}
	}
	if !ownSalutation {
		v.Salutation = ""
	}
	lang := bookRegion(v.Lang, bookLang)
	if lang == "" {
		lang = bookLang
	}
	out := ThreadVoice{Lang: lang, Read: v.Lang != ""}
	rendered := primaryLang(tmplLang(lang))
	switch {
	case v.Salutation != "" && (v.Lang == "" || primaryLang(v.Lang) == rendered):
		out.Salutation = v.Salutation
	case templates.TrimSalutation(bookSalutation) != "" && bookFits(bookSalutation, contactLang, customerLang, rendered):
		out.Salutation = templates.TrimSalutation(bookSalutation)
	}
	return out
}

// bookFits says whether the book's salutation sal may open a follow-up
// rendered in language rendered: when the book gives the contact's
// language, that one; else the language sal is written in ("王总",
// "Sehr geehrter Herr Meier" open no English resend, even to a customer
// the book says is written to in English); else the customer's language;
// any when nothing tells it ("Hans").
func bookFits(sal, contactLang, customerLang, rendered string) bool {
	if contactLang != "" {
		return primaryLang(contactLang) == rendered
	}
	if l, ok := templates.SalutationLang(sal); ok {
		return primaryLang(l) == rendered
	}
	return customerLang == "" || primaryLang(customerLang) == rendered
}

// scriptTells says whether s is written in a script other than Latin
// ("王总", "山田様", "Иван Петрович"), which tells its language better
// than a Latin greeting word does.
func scriptTells(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

func primaryLang(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if p, _, ok := strings.Cut(lang, "-"); ok {
		lang = p
	}
	if lang == "en" {
		return ""
	}
	return lang
}

// originalOf is the followed-up message as a template quotes it: its text
// with line breaks when the store kept it (else its one-line snippet), its
// date in the salesperson's zone.
func originalOf(anchor keepwarm.Message, id Identity) templates.Original {
	loc := id.Location
	if loc == nil {
		loc = time.UTC
	}
	from := anchor.From
	// A salesperson's own address speaks for them; a shared one (sales@)
	// showed the customer no name, and the quote does not invent one.
	if strings.TrimSpace(from.Name) == "" && strings.EqualFold(from.Email, id.Email) && strings.EqualFold(id.Email, id.Owner) {
		from.Name = id.Name
	}
	text, cut := anchor.Text, anchor.TextCut
	if strings.TrimSpace(text) == "" {
		text, cut = snippetQuote(anchor.Snippet, anchor.From.Name)
	}
	o := templates.Original{Subject: keepwarm.ClipSubject(anchor.Subject), Date: anchor.Date.In(loc), From: from, Text: text, Cut: cut}
	if anchor.Kind == keepwarm.KindOutbound {
		// The team's own mail: quoted as its writer's mail client quotes
		// (Outlook's header block when that is how it quoted).
		o.Style = templates.QuoteStyleOf(anchor.Text)
		names := map[string]string{}
		for _, c := range anchor.Contacts {
			names[strings.ToLower(c.Email)] = c.Name
		}
		named := func(as []keepwarm.Address) []keepwarm.Address {
			var out []keepwarm.Address
			for _, a := range as {
				if a.Name == "" {
					a.Name = names[strings.ToLower(a.Email)]
				}
				out = append(out, a)
			}
			return out
		}
		o.To, o.Cc = named(anchor.To), named(anchor.Cc)
	}
	return o
}

// snippetFull is the length of a snippet sync cut short (its 2 KB, less a
// rune that did not fit).
const snippetFull = 2048 - utf8.UTFMax

// snippetQuote is what a quote shows of a message whose text is not kept
// (the customer's own mail): its one-line snippet, without the history it
// quotes itself (below "wrote:", "-----Original Message-----", "发件人:"),
// laid out again as the mail was written where the snippet tells it (the
// opening line, the body, the sign-off, the signature: see mailLines),
// each part broken into lines of about quoteWidth columns as a mail client
// would show it; cut says something was left out. name is the sender's
// display name, which starts their signature.
func snippetQuote(snippet, name string) (string, bool) {
	s := strings.TrimSpace(snippet)
	own, attributed := ownTextAttributed(s)
	cut := len(snippet) >= snippetFull
	if own != "" && len(own) < len(s) {
		s, cut = own, true
		if attributed {
			s = dropAttribution(own, name)
		}
	}
	var out []string
	for _, l := range mailLines(s, name) {
		out = append(out, wrapColumns(l, quoteWidth))
	}
	return strings.Join(out, "\n"), cut
}

// signatureLabels start the lines of a signature block after the name:
// "Tel. +49 30 1234567", "E-mail: …", "电话：…".
var signatureLabels = regexp.MustCompile(`(?i)\s(?:(?:tel|phone|mobile|mob|cell|fax|e-?mail|web|website|skype|whatsapp|wechat|add|addr|address|adresse|handy|telefon)\b[.:]?|[TMEF]:\s|www\.)|(?:电话|手机|邮箱|地址|传真|网址)[:：]`)

// mailLines lays a one-line snippet out as its mail was: the opening line
// ("Dear Lily,") and a blank line, the body, a blank line, the sign-off
// ("Best regards") and the signature, the sender's name on a line of its
// own and each "Tel."/"E-mail" item on the next. What the snippet does not
// tell stays one paragraph.
func mailLines(s, name string) []string {
	var head []string
	if op := templates.Opening(s); op != "" && strings.HasPrefix(s, op) {
		rest := s[len(op):]
		if r, size := utf8.DecodeRuneInString(rest); size > 0 && strings.ContainsRune(",:;!，：；！、،", r) {
			op, rest = op+string(r), rest[size:]
		}
		if rest = strings.TrimSpace(rest); rest != "" {
			head, s = []string{op, ""}, rest
		}
	}
	body, sign, sig := s, "", ""
	lower := strings.ToLower(s)
	if len(lower) != len(s) {
		lower = "" // lower-casing moved the bytes: no sign-off looked for
	}
	for _, so := range templates.SignOffs {
		i := strings.LastIndex(lower, so)
		if i <= 0 || !boundaryAt(lower, i, i+len(so)) || len(s)-i > maxSignature || afterAWord(lower[:i]) {
			continue // "with regards to your inquiry" in the body is none
		}
		end := i + len(so)
		if r, size := utf8.DecodeRuneInString(s[end:]); size > 0 && strings.ContainsRune(",!.，！", r) {
			end += size
		}
		body, sign, sig = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:end]), strings.TrimSpace(s[end:])
		break
	}
	if sign == "" || body == "" {
		return append(head, s)
	}
	out := append(head, body, "", sign)
	if n := strings.TrimSpace(name); n != "" && strings.HasPrefix(strings.ToLower(sig), strings.ToLower(n)) {
		out = append(out, sig[:len(n)])
		sig = strings.TrimSpace(sig[len(n):])
	}
	for sig != "" {
		loc := signatureLabels.FindStringIndex(sig[1:])
		if loc == nil {
			out = append(out, sig)
			break
		}
		at := loc[0] + 1
		out = append(out, strings.TrimSpace(sig[:at]))
		sig = strings.TrimSpace(sig[at:])
	}
	return out
}

// afterAWord says whether s ends with a word (spaces aside): a sign-off
// follows a sentence's end, not a word of it.
func afterAWord(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(s, unicode.IsSpace))
	return unicode.IsLetter(r) && r < 0x2E80
}

// maxSignature bounds a sign-off and the signature after it, in bytes.
const maxSignature = 300

// boundaryAt says whether s[i:j] stands as words of its own: no letter
// right before i or right after j.
func boundaryAt(s string, i, j int) bool {
	if r, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && unicode.IsLetter(r) && r < 0x2E80 {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s[j:]); j < len(s) && unicode.IsLetter(r) && r < 0x2E80 {
		return false
	}
	return true
}

// attributionStarts begin the line a mail client writes above what it
// quotes ("On Mon, 2 Nov 2026 Lily Chen wrote:", "Am ... schrieb:", "在
// 2026年11月2日 ... 写道："), whose end ownText cut at.
var attributionStarts = []string{" On ", " Am ", " El ", " Le ", " Em ", " 在", " Il giorno ", " Op "}

// dropAttribution takes the start of such a line off the end of own text,
// or an attribution that starts with the quoted writer's name and address
// (dropNamedAttribution; writer is own's writer's display name). An attribution line dates what it quotes: a
// start with no digit after it ("Op voorraad graag.", "On Monday we
// pay.") begins a sentence of the writer's own. Only for own text cut at
// an attribution's end or a "> " quote (ownTextAttributed): over an
// Outlook header block there is no attribution line to take off.
func dropAttribution(own, writer string) string {
	tail := max(0, len(own)-120)
	best := -1
	for _, a := range attributionStarts {
		if i := strings.LastIndex(own[tail:], a); i >= 0 && tail+i > best {
			best = tail + i
		}
	}
	if best <= 0 || !strings.ContainsFunc(own[best:], unicode.IsDigit) {
		return dropNamedAttribution(own, writer)
	}
	return strings.TrimSpace(own[:best])
}

var (
	// attributionAddress is the quoted writer's address in an attribution
	// line, before its colon or a Chinese date ("Lily Chen
	// <lily@acme.com> 于2026年12月1日周二 10:00", "… 於 2026年12月1日 10:00",
	// "… <lily@acme.com>:"); a signature ending with an address has
	// neither.
	attributionAddress = regexp.MustCompile(`\s*<[^<>\s]+@[^<>\s]+>\s*(?:[:：]|[于於].{0,60})$`)
	// attributionDate is the date Gmail writes before the name in Russian
	// ("пн, 1 дек. 2026 г. в 10:00,") and Japanese ("2026年12月1日(火)
	// 10:00").
	attributionDate = regexp.MustCompile(`\s*(?:(?:\p{L}{2,3}\.?,\s*)?\d{1,2}\s+\p{L}+\.?\s+\d{4}\s*г\.\s*в\s+\d{1,2}:\d{2},?|\d{4}年\d{1,2}月\d{1,2}日\s*(?:\([^)]{1,3}\)|（[^）]{1,3}）)?\s*\d{1,2}:\d{2})\s*$`)
)

// dropNamedAttribution takes off the end of own text an attribution that
// starts with the quoted writer's name, as Gmail and Apple Mail write it in
// Chinese ("Lily Chen <lily@acme.com> 于2026年12月1日周二 10:00写道："), or
// with a date before the name (Russian, Japanese): the name is a quoted
// one, one Chinese word, or up to two capitalised words before the
// address, but never writer's, the display name of the one who wrote own
// ("" unknown).
func dropNamedAttribution(own, writer string) string {
	tail := max(0, len(own)-160)
	loc := attributionAddress.FindStringIndex(own[tail:])
	if loc == nil {
		return own
	}
	before := strings.TrimRightFunc(own[:tail+loc[0]], unicode.IsSpace)
	if strings.HasSuffix(before, `"`) {
		if i := strings.LastIndex(before[:len(before)-1], `"`); i >= 0 {
			before = before[:i]
		}
	} else if words := strings.Fields(before); len(words) > 0 {
		last, _ := utf8.DecodeRuneInString(words[len(words)-1])
		n := 0
		switch {
		case unicode.Is(unicode.Han, last):
			n = 1
		default:
			for n < 2 && n < len(words) {
				r, _ := utf8.DecodeRuneInString(words[len(words)-1-n])
				if !unicode.IsUpper(r) {
					break
				}
				n++
			}
		}
		kept := before
		for range n {
			before = strings.TrimRightFunc(before, unicode.IsSpace)
			before = before[:strings.LastIndexFunc(before, unicode.IsSpace)+1]
		}
		// The writer's own name stays: before an address with no name
		// ("王伟 <sales@acme.com> 于…") it is their signature, and a
		// name taken off after it is the quoted writer's alone.
		if w := strings.TrimSpace(writer); w != "" {
			lower := keepwarm.LowerInPlace(kept)
			if i := strings.LastIndex(lower, keepwarm.LowerInPlace(w)); i >= 0 && i+len(w) > len(before) && boundaryAt(lower, i, i+len(w)) {
				before = kept[:i+len(w)]
			}
		}
	}
	before = attributionDate.ReplaceAllString(before, "")
	return strings.TrimSpace(before)
}

// quoteWidth is the width snippetQuote wraps at, in columns (a wide CJK
// character takes two).
const quoteWidth = 72

// wrapColumns breaks s into lines of at most width columns: at a space
// where there is one, else (Chinese, Japanese) between any two characters.
func wrapColumns(s string, width int) string {
	var b strings.Builder
	cols := 0       // the current line's columns
	lastSpace := -1 // index in b of the current line's last space
	for _, r := range s {
		w := runeColumns(r)
		if cols+w > width && cols > 0 {
			switch {
			case r == ' ':
				b.WriteByte('\n')
				cols, lastSpace = 0, -1
				continue
			case lastSpace >= 0 && w == 1:
				// Break at the line's last space: its tail goes down.
				text := b.String()
				tail := text[lastSpace+1:]
				b.Reset()
				b.WriteString(text[:lastSpace])
				b.WriteByte('\n')
				b.WriteString(tail)
				cols, lastSpace = 0, -1
				for _, t := range tail {
					cols += runeColumns(t)
				}
			default:
				b.WriteByte('\n')
				cols, lastSpace = 0, -1
			}
		}
		if r == ' ' {
			if cols == 0 {
				continue // no line starts with a space
			}
			lastSpace = b.Len()
		}
		b.WriteRune(r)
		cols += w
	}
	return b.String()
}

// runeColumns is the columns r takes on a terminal or in a plain-text
// mail: two for a wide East Asian character.
func runeColumns(r rune) int {
	if k := xwidth.LookupRune(r).Kind(); k == xwidth.EastAsianWide || k == xwidth.EastAsianFullwidth {
		return 2
	}
	return 1
}

// bookRegion is the language read from a thread ("pt": a mail does not
// say Brazil) with the region the book gives the contact or customer in
// that language ("pt-br"), so the team's NAME.pt-br.tmpl is the one
// sent; read as it is otherwise. Chinese takes its script from the text
// (bookScript), never a region from the book.
func bookRegion(read, book string) string {
	book = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(book)), "_", "-")
	p, _, ok := strings.Cut(book, "-")
	if read == "" || strings.Contains(read, "-") || !ok || p != read || p == "zh" {
		return read
	}
	return book
}

// countryRegion is lang, the book's language of a contact or customer,
// with the region of the customer's country ("pt" in BR: "pt-br") when
// the team has a file in that region (tmplLang gives it back): the book
// keeps a customer's language without its region ("pt-BR" is imported,
// and set, as "pt"), and a team writes resend.pt-br.tmpl for its
// customers in Brazil. lang as it is otherwise, and for Chinese, whose
// script is read from the text (bookScript).
func countryRegion(lang, country string, tmplLang func(string) string) string {
	lang = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(lang)), "_", "-")
	country = strings.ToLower(strings.TrimSpace(country))
	if lang == "" || strings.Contains(lang, "-") || primaryLang(lang) == "zh" || len(country) != 2 || tmplLang == nil {
		return lang
	}
	if tagged := lang + "-" + country; tmplLang(tagged) == tagged {
		return tagged
	}
	return lang
}

// bookScript is read, the language text was read as, but the book's
// Traditional Chinese where text is Chinese whose characters do not tell
// Traditional from Simplified ("好的，明天上午安排寄出"): a Taipei buyer's
// short mail is no reason to answer her in Simplified.
func bookScript(read, text, book string) string {
	if read == "zh" && scriptLang(book) == templates.Hant && templates.DetectScript(text) == "" {
		return templates.Hant
	}
	return read
}
