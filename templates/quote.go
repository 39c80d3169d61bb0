package templates

import (
	"fmt"
	htmltemplate "html/template"
	"regexp"
	"strings"
	"time"

	"keepwarm"
)

// Quote bounds: a follow-up quotes at most this much of the original, then
// "[…]".
const (
	QuoteLines = 60
	QuoteBytes = 8 << 10
)

// cutMark ends a quote that was bounded.
const cutMark = "[…]"

// attributions are the lines mail clients write above a quote, per
// language: %[1]s the date and time in the writer's words, %[2]s who wrote.
var attributions = map[string]string{
	"":   "On %[1]s, %[2]s wrote:",
	"zh": "在 %[1]s，%[2]s 写道：",
	Hant: "於 %[1]s，%[2]s 寫道：",
	"de": "Am %[1]s schrieb %[2]s:",
	"es": "El %[1]s, %[2]s escribió:",
	"fr": "Le %[1]s, %[2]s a écrit :",
	"pt": "Em %[1]s, %[2]s escreveu:",
	"it": "Il giorno %[1]s %[2]s ha scritto:",
	"nl": "Op %[1]s schreef %[2]s:",
	"ru": "%[1]s, %[2]s написал(а):",
	"tr": "%[1]s tarihinde %[2]s şunu yazdı:",
	"ar": "في %[1]s، كتب %[2]s:",
	"ja": "%[1]s %[2]s:",
	"ko": "%[1]s, %[2]s님이 작성:",
	"pl": "%[1]s %[2]s napisał(a):",
	"vi": "Vào %[1]s, %[2]s đã viết:",
	"id": "Pada %[1]s, %[2]s menulis:",
}

// rtl are the languages written right to left: their html is marked
// dir="rtl", as a mail client writing them marks it.
var rtl = map[string]bool{"ar": true, "fa": true, "he": true, "ur": true}

// RightToLeft says whether lang (a BCP 47 tag) is written right to left.
func RightToLeft(lang string) bool { return rtl[primary(lang)] }

var (
	weekdays = map[string][7]string{
		"":   {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		"de": {"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
		"es": {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
		"fr": {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
		"pt": {"dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."},
		"it": {"dom", "lun", "mar", "mer", "gio", "ven", "sab"},
		"nl": {"zo", "ma", "di", "wo", "do", "vr", "za"},
	}
	months = map[string][12]string{
		"":   {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		"de": {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
		"es": {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
		"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		"pt": {"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."},
		"it": {"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
		"nl": {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
	}
)

// attributionDate writes t the way a mail client in lang does above a quote.
func attributionDate(t time.Time, lang string) string {
	wd, mo := weekdays[lang], months[lang]
	if wd[0] == "" {
		wd = weekdays[""]
	}
	if mo[0] == "" {
		mo = months[""]
	}
	d, m, y, hm := t.Day(), mo[t.Month()-1], t.Year(), t.Format("15:04")
	w := wd[t.Weekday()]
	switch lang {
	case "zh", "ja":
		return fmt.Sprintf("%d年%d月%d日 %s", y, int(t.Month()), d, hm)
	case "de":
		return fmt.Sprintf("%s, %d. %s %d um %s Uhr", w, d, m, y, hm)
	case "es":
		return fmt.Sprintf("%s, %d %s %d a las %s", w, d, m, y, hm)
	case "fr":
		return fmt.Sprintf("%s %d %s %d à %s", w, d, m, y, hm)
	case "pt":
		return fmt.Sprintf("%s, %d de %s de %d às %s", w, d, m, y, hm)
	case "it", "nl":
		return fmt.Sprintf("%s %d %s %d %s", w, d, m, y, hm)
	case "ko":
		return fmt.Sprintf("%d년 %d월 %d일 %s", y, int(t.Month()), d, hm)
	case "ru", "tr", "pl":
		return t.Format("02.01.2006 15:04")
	case "vi", "id":
		return t.Format("02/01/2006 15:04")
	case "ar":
		return t.Format("2/1/2006 15:04")
	}
	return fmt.Sprintf("%s, %d %s %d at %s", w, d, m, y, hm)
}

// Attribution is the line above a quote in lang (a BCP 47 tag; English for
// languages without their own): "On Mon, 16 Nov 2026 at 09:06, Lily Chen
// <lily@seller.example> wrote:". t is shown in its own location: pass it in
// the writer's zone.
func Attribution(from keepwarm.Address, t time.Time, lang string) string {
	format, ok := attributions[textKey(lang)]
	lang = primary(lang)
	if !ok {
		lang, format = "", attributions[""]
	}
	who := strings.TrimSpace(from.Name)
	switch {
	case who == "":
		who = from.Email
	case from.Email != "" && lang != "zh":
		who += " <" + from.Email + ">"
	}
	return fmt.Sprintf(format, attributionDate(t, lang), who)
}

// primary is the primary subtag of a language tag, lower-case; "" for English.
func primary(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if p, _, ok := strings.Cut(lang, "-"); ok {
		lang = p
	}
	if p, _, ok := strings.Cut(lang, "_"); ok {
		lang = p
	}
	if lang == "en" {
		return ""
	}
	return lang
}

// QuotedLines returns the lines of text a quote shows: at most QuoteLines
// lines and QuoteBytes bytes, leading and trailing blank lines dropped,
// without what Outlook writes in a plain-text part and no client quotes (a
// link's target after its text, "[cid:…]" for an inline image);
// cut is true when lines were left out (or cut already says the text
// itself is incomplete).
func QuotedLines(text string, cut bool) ([]string, bool) {
	text = strings.Trim(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
	if strings.TrimSpace(text) == "" {
		return nil, false
	}
	var out []string
	size := 0
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimRight(l, " \t"); l != "" {
			if l = plainArtefacts(l); strings.TrimSpace(l) == "" {
				continue // a line that was only an inline image's "[cid:…]"
			}
		}
		if len(out) == QuoteLines || size+len(l)+1 > QuoteBytes {
			cut = true
			break
		}
		out = append(out, l)
		size += len(l) + 1
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out, cut
}

var (
	// linkTarget is the target Outlook writes after a link's text in its
	// plain-text part: "www.x.com<http://www.x.com/>",
	// "lily@x.com<mailto:lily@x.com>", "our catalogue<https://x.com/c>".
	linkTarget = regexp.MustCompile(`(?i)([^\s<])<(?:mailto:|https?://|ftp://)[^<>\s]*>`)
	// inlineImage is what Outlook writes in its plain-text part for an
	// inline image (a signature's logo): "[cid:image001.png@01DB2C3D.4E5F6A70]".
	inlineImage = regexp.MustCompile(`(?i)\s*\[cid:[^\]\s]*\]`)
)

// plainArtefacts takes out of a line of a plain-text part what Outlook
// writes there and no mail client shows in a quote: a link's target after
// its text, an inline image's content id. The link's text stays.
func plainArtefacts(l string) string {
	if !strings.Contains(l, "<") && !strings.Contains(l, "[") {
		return l
	}
	l = linkTarget.ReplaceAllString(l, "$1")
	return strings.TrimRight(inlineImage.ReplaceAllString(l, ""), " \t")
}

// quoteText is the attribution and the lines "> "-quoted, as a mail client
// writes them below a reply.
func quoteText(attribution string, lines []string, cut bool) string {
	var b strings.Builder
	b.WriteString(attribution)
	b.WriteByte('\n')
	for _, l := range lines {
		if l == "" {
			b.WriteString(">\n")
			continue
		}
		if strings.HasPrefix(l, ">") {
			b.WriteString(">" + l + "\n") // already quoted: one level deeper
			continue
		}
		b.WriteString("> " + l + "\n")
	}
	if cut {
		b.WriteString("> " + cutMark + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// quoteHTML is the same quote as HTML: the attribution, then the lines in a
// <blockquote type="cite"> with their line breaks, every text escaped.
func quoteHTML(attribution string, lines []string, cut, rtl bool) htmltemplate.HTML {
	var b strings.Builder
	b.WriteString(`<div>` + htmltemplate.HTMLEscapeString(attribution) + `</div>` + "\n")
	if rtl {
		// Under right-to-left text the bar is on the right, and the quoted
		// mail keeps its own direction (an English quotation stays LTR).
		b.WriteString(`<blockquote type="cite" dir="auto" style="margin:0 .8ex 0 0;border-right:1px solid #ccc;padding-right:1ex">` + "\n")
	} else {
		b.WriteString(`<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">` + "\n")
	}
	for i, l := range lines {
		if i > 0 {
			b.WriteString("<br>\n")
		}
		b.WriteString(htmltemplate.HTMLEscapeString(l))
	}
	if cut {
		if len(lines) > 0 {
			b.WriteString("<br>\n")
		}
		b.WriteString(cutMark)
	}
	b.WriteString("\n</blockquote>")
	return htmltemplate.HTML(b.String())
}

// fillQuote sets o's Attribution, Quote and QuoteHTML in lang from its From,
// Date and Text, unless the caller set Quote already or there is no text.
func (o *Original) fillQuote(lang string) {
	if o.Quote != "" || strings.TrimSpace(o.Text) == "" {
		return
	}
	lines, cut := QuotedLines(o.Text, o.Cut)
	if len(lines) == 0 {
		return
	}
	o.Attribution = Attribution(o.From, o.Date, lang)
	if _, ok := outlookLabels[primary(lang)]; ok && o.Style == QuoteOutlook {
		// Quoted as the salesperson's own Outlook quotes in the thread:
		// the buyer sees no second mail program.
		o.Quote, o.QuoteHTML = o.quoteOutlook(textKey(lang), lines, cut)
		return
	}
	o.Quote = quoteText(o.Attribution, lines, cut)
	o.QuoteHTML = quoteHTML(o.Attribution, lines, cut, RightToLeft(lang))
}
