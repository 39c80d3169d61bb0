package templates

import (
	"html"
	htmltemplate "html/template"
	"slices"
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
)

// SignOffs close a mail before the signature, in the languages export mail
// is written in, longest first where one starts another.
var SignOffs = []string{
	"thanks and best regards", "thanks and regards", "thanks & regards", "thanks and best wishes",
	"with best regards", "with kind regards", "best regards", "kind regards", "warm regards", "warmest regards",
	"best wishes", "yours sincerely", "sincerely yours", "sincerely", "yours faithfully", "regards",
	"mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "viele grüße", "beste grüße",
	"saludos cordiales", "un cordial saludo", "un saludo", "atentamente", "bien cordialement", "cordialement",
	"atenciosamente", "cordiali saluti", "distinti saluti", "met vriendelijke groet", "с уважением",
	"saygılarımla", "pozdrawiam", "z poważaniem", "مع أطيب التحيات", "مع التحية", "مع خالص التحية", "此致敬礼", "此致敬禮", "此致", "顺祝商祺", "順祝商祺", "敬祝商祺", "祝好",
}

// signOffPunct may end a sign-off line: "Best regards,", "祝好！".
const signOffPunct = ",.!;:，。！；：،"

// IsSignOff says whether line is a sign-off alone ("Best regards,",
// "Mit freundlichen Grüßen", "祝好！").
func IsSignOff(line string) bool {
	l := strings.ToLower(strings.Join(strings.Fields(strings.TrimRight(strings.TrimSpace(line), signOffPunct)), " "))
	// Chinese sign-offs are written with a space or none ("此致 敬禮"),
	// on one line with a comma too ("此致，敬礼！").
	cjk := strings.ReplaceAll(l, " ", "")
	if hasHan(cjk) {
		cjk = strings.NewReplacer("，", "", ",", "", "、", "").Replace(cjk)
	}
	for _, so := range SignOffs {
		if l == so || cjk == so && !strings.ContainsRune(so, ' ') && so[0] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// SignatureSignOff is the sign-off line a signature starts with ("Best
// regards," of a pasted Outlook signature), "" when it starts with no
// sign-off.
func SignatureSignOff(sig string) string {
	for _, l := range strings.Split(strings.ReplaceAll(sig, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if IsSignOff(l) {
			return strings.TrimSpace(l)
		}
		return ""
	}
	return ""
}

// SignatureHTMLSignOff is the sign-off an html signature starts with
// ("Best regards," of "<p>Best regards,<br>Lily Chen</p>", of Gmail's
// <div dir="ltr"> or of Outlook's <p class=MsoNormal><span …>), "" when
// it starts with none.
func SignatureHTMLSignOff(sig string) string {
	_, so, ok := htmlSignOff(sig)
	if !ok {
		return ""
	}
	return so
}

// withoutSignOff is sig without the sign-off lines it starts with, and
// whether it had any.
func withoutSignOff(sig string) (string, bool) {
	lines := strings.Split(strings.ReplaceAll(sig, "\r\n", "\n"), "\n")
	cut := false
	for len(lines) > 0 && (strings.TrimSpace(lines[0]) == "" || IsSignOff(lines[0])) {
		cut = cut || strings.TrimSpace(lines[0]) != ""
		lines = lines[1:]
	}
	if !cut || len(lines) == 0 {
		return sig, false // a signature that is a sign-off alone stays
	}
	return strings.Join(lines, "\n"), true
}

// htmlWithoutSignOff is an html signature without the sign-off it starts
// with ("<p>Best regards,<br>Lily Chen</p>"); ok is false when it starts
// with none (see htmlSignOff).
func htmlWithoutSignOff(sig htmltemplate.HTML) (htmltemplate.HTML, bool) {
	bare, _, ok := htmlSignOff(string(sig))
	if !ok {
		return sig, false
	}
	return htmltemplate.HTML(bare), true
}

// htmlBlocks are the elements that start a line of their own: a sign-off
// ends at one, as at a <br>.
var htmlBlocks = map[string]bool{
	"p": true, "div": true, "table": true, "tbody": true, "tr": true, "td": true, "th": true, "ul": true, "ol": true,
	"li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "hr": true,
	"pre": true, "center": true, "address": true, "section": true, "article": true, "header": true, "footer": true,
	"dl": true, "dt": true, "dd": true, "body": true, "html": true, "figure": true,
}

// htmlSignOff reads the first line of text of an html signature, whatever
// tags wrap it (Gmail's <div dir="ltr">, Outlook's <p class=MsoNormal>
// <span lang=DE style=…>, entities as in "Gr&uuml;&szlig;en"), up to a
// <br>, the start or end of a block, or a line break in its text. When
// that line is a sign-off ("Best regards,"), so is it and bare the
// signature without it: its text taken out, and the <br> after it, or
// the whole block that held it alone. ok is false when the signature
// starts with no sign-off, or is one alone.
func htmlSignOff(sig string) (bare, so string, ok bool) {
	type open struct {
		name string
		at   int
	}
	var (
		opens    []open
		texts    [][2]int // the line's text tokens, as ranges of sig
		line     strings.Builder
		skip     string // inside <style>, <script>, <title>: no text
		at       int
		nlAt     = -1     // where a line break in the line's text is
		nlText   string   // the line's text up to it
		nlTexts  [][2]int // what of sig to take out to take that text out
		next     = -1     // where what follows the sign-off's break starts
		cut      [][2]int // what is taken out
		brkFound bool
	)
	z := nethtml.NewTokenizer(strings.NewReader(sig))
	started := func() bool { return len(texts) > 0 }
loop:
	for {
		tt := z.Next()
		raw := len(z.Raw())
		from, to := at, at+raw
		at = to
		switch tt {
		case nethtml.ErrorToken:
			break loop
		case nethtml.TextToken:
			if skip != "" {
				continue
			}
			t := string(z.Text())
			if !started() && strings.TrimSpace(strings.ReplaceAll(t, "\u00a0", " ")) == "" {
				continue
			}
			if nlAt < 0 {
				// The first line break after some of the line's text.
				r := sig[from:to]
				for j := 0; j < len(r); j++ {
					if r[j] == '\n' && strings.TrimSpace(strings.ReplaceAll(line.String()+html.UnescapeString(r[:j]), "\u00a0", " ")) != "" {
						nlAt, nlText = from+j, line.String()+html.UnescapeString(r[:j])
						nlTexts = append(slices.Clone(texts), [2]int{from, from + j + 1})
						break
					}
				}
			}
			line.WriteString(t)
			texts = append(texts, [2]int{from, to})
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			n := string(name)
			switch {
			case n == "style" || n == "script" || n == "title":
				if tt == nethtml.StartTagToken {
					skip = n
				}
			case n == "br":
				if started() {
					cut = append(cut, [2]int{from, to})
					brkFound, next = true, to
					break loop
				}
			case htmlBlocks[n]:
				if started() {
					brkFound, next = true, from
					break loop
				}
				if tt == nethtml.StartTagToken && n != "hr" {
					opens = append(opens, open{n, from})
				}
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == skip {
				skip = ""
				continue
			}
			if !htmlBlocks[n] {
				continue
			}
			i := len(opens) - 1
			for i >= 0 && opens[i].name != n {
				i--
			}
			if started() {
				brkFound, next = true, to
				if i >= 0 {
					// The block held the sign-off alone: it goes whole.
					cut = append(cut, [2]int{opens[i].at, to})
					texts = nil
				}
				break loop
			}
			if i >= 0 {
				opens = opens[:i]
			}
		}
	}
	text := func(s string) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
	}
	first := text(line.String())
	switch {
	case first == "":
		return sig, "", false
	case IsSignOff(first):
	case nlAt >= 0 && IsSignOff(text(nlText)):
		// "<p>Best regards,\nLily Chen</p>" written by hand: its text
		// up to the line break goes, the rest of the line stays.
		first, brkFound = text(nlText), true
		cut, texts, next = nil, nlTexts, -1
	default:
		return sig, "", false
	}
	if !brkFound {
		return sig, "", false // a signature that is a sign-off alone stays
	}
	cut = append(cut, texts...)
	if next >= 0 {
		// The blank line under it ("<br><br>", Gmail's "<div><br></div>")
		// goes too: the name follows the template's sign-off.
		cut = append(cut, [2]int{next, next + blankLead(sig[next:])})
	}
	slices.SortFunc(cut, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	pos := 0
	for _, c := range cut {
		if c[0] < pos {
			c[0] = pos
		}
		if c[1] <= pos {
			continue
		}
		b.WriteString(sig[pos:c[0]])
		pos = c[1]
	}
	b.WriteString(strings.TrimLeft(sig[pos:], " \t\r\n"))
	bare = b.String()
	if strings.TrimSpace(strings.ReplaceAll(htmlText(bare), "\u00a0", " ")) == "" {
		return sig, "", false
	}
	return bare, first, true
}

// blankLead is how many bytes s starts with that show nothing but blank
// lines: white space, <br> and elements holding nothing else.
func blankLead(s string) int {
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var open []string
	at, done := 0, 0
	for {
		tt := z.Next()
		at += len(z.Raw())
		switch tt {
		case nethtml.TextToken:
			if strings.TrimSpace(strings.ReplaceAll(string(z.Text()), "\u00a0", " ")) != "" {
				return done
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "br":
			case shows[n]:
				return done
			case tt == nethtml.StartTagToken:
				open = append(open, n) // <p>, <div>, Outlook's <o:p>, <span>
				continue
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return done
			}
			open = open[:len(open)-1]
		default:
			return done
		}
		if len(open) == 0 {
			done = at
		}
	}
}

// shows are the elements that show something without text.
var shows = map[string]bool{"img": true, "hr": true, "svg": true, "input": true, "iframe": true, "object": true, "embed": true, "video": true, "canvas": true, "picture": true}

// signsOff says whether text, a rendered body, writes a sign-off of its
// own on the line before sig: a short line ("Best regards,", "Mit
// freundlichen Grüßen", "Thanks!") rather than a sentence of the body.
func signsOff(text, sig string) bool {
	i := strings.Index(text, sig)
	if i <= 0 {
		return false
	}
	before := strings.TrimRight(text[:i], " \t\r\n")
	if j := strings.LastIndex(before, "\n"); j >= 0 {
		before = before[j+1:]
	}
	before = strings.TrimSpace(before)
	if before == "" || IsSignOff(before) {
		return before != ""
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	return utf8.RuneCountInString(before) <= 40 && len(strings.Fields(before)) <= 5 && !strings.ContainsRune(".。?？:：", last)
}
