package keepwarm

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// subjectMarkers are the reply and forward markers a subject may start
// with, in the languages export mail arrives in: Re/RE, AW (German), SV
// (Nordic), VS (Finnish), Antw (Dutch), Odp (Polish), RES (Portuguese), RIF
// and R (Italian), YNT (Turkish), Vá (Hungarian), ΑΠ and ΣΧΕΤ (Greek), 회신
// and 답장 (Korean) answer; Fwd/FW, WG (German), TR (French), RV and ENC
// (Spanish and Portuguese), VB (Swedish) and VL (Finnish) pass on; the
// Chinese 回复 回覆 答复 answer and 转发 轉發 轉寄 (Outlook's Traditional
// Chinese) pass on. Latin ones match in any case. Each needs a colon (ASCII or
// full-width) after it, optionally with a counter such as "Re[2]:" or
// "Re(2):", so words that merely begin with those letters ("Rework:",
// "Trade:") are left alone.
var subjectMarkers = []struct {
	word    string
	forward bool
}{
	{"re", false}, {"aw", false}, {"sv", false}, {"vs", false}, {"antw", false}, {"odp", false}, {"res", false},
	{"rif", false}, {"r", false}, {"fwd", true}, {"fw", true}, {"wg", true}, {"tr", true}, {"rv", true}, {"enc", true},
	{"ynt", false}, {"vá", false}, {"απ", false}, {"σχετ", false}, {"회신", false}, {"답장", false},
	{"回复", false}, {"回覆", false}, {"答复", false}, {"转发", true}, {"轉發", true},
	{"vb", true}, {"vl", true}, {"轉寄", true},
}

// SubjectMarkerLen is the length of the reply or forward marker s starts
// with, through its colon ("Re:", "RE :", "AW:", "回复：", "Re[2]:",
// "Fwd:"), or -1; forward says it passes a mail on rather than answers
// it. It is one of the markers above, spaces, an optional "[2]" or "(2)",
// spaces, ":" or "：" (what (?i)^(?:re|aw|...)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]
// matches, Go's case folding included). It is pure.
func SubjectMarkerLen(s string) (n int, forward bool) {
	if s == "" {
		return -1, false
	}
	if c := s[0] | 0x20; s[0] < utf8.RuneSelf && strings.IndexByte("raesvoftwy", c) < 0 {
		return -1, false // spares most subjects the loop below
	}
	for _, m := range subjectMarkers {
		n := foldPrefixLen(s, m.word)
		if n < 0 {
			continue
		}
		n = skipSpace(s, n)
		if n < len(s) && (s[n] == '[' || s[n] == '(') {
			closer := byte(']')
			if s[n] == '(' {
				closer = ')'
			}
			if d := digitsLen(s[n+1:]); d > 0 && n+1+d < len(s) && s[n+1+d] == closer {
				n = skipSpace(s, n+1+d+1)
			}
		}
		if c := oneOf(s[n:], ":", "："); c > 0 {
			return n + c, m.forward
		}
	}
	return -1, false
}

// ReplySubject is the subject of an answer to a mail with subject s, as a
// mail client writes it: s itself when it already starts with a reply
// marker in any language ("Re:", "RE :", "AW:", "SV:", "Antw:", "回复：",
// "Re："), else "Re: " and s ("Re: Fwd: x" answers a forward). The tags
// a gateway put before s ("[EXTERNAL] ") are dropped: they are the team's
// own plumbing, not the customer's subject.
func ReplySubject(s string) string {
	s = StripSubjectTags(s)
	if n, forward := SubjectMarkerLen(s); n > 0 && !forward {
		return s
	}
	return "Re: " + s
}

// SubjectCounterLen is the length of a "[2]" or "［2］" counter s starts
// with, or -1.
func SubjectCounterLen(s string) int {
	n := oneOf(s, "[", "［")
	if n == 0 {
		return -1
	}
	d := digitsLen(s[n:])
	if d == 0 {
		return -1
	}
	n += d
	if c := oneOf(s[n:], "]", "］"); c > 0 {
		return n + c
	}
	return -1
}

// oneOf is the length of whichever of ascii and wide s starts with, or 0.
func oneOf(s, ascii, wide string) int {
	switch {
	case strings.HasPrefix(s, ascii):
		return len(ascii)
	case strings.HasPrefix(s, wide):
		return len(wide)
	}
	return 0
}

// foldPrefixLen is the length of s's prefix that equals word (lower-case
// ASCII letters, or runes without case) under Unicode simple case folding,
// or -1. Beside upper case, the only other rune that folds to one of the
// letters used is "ſ" (U+017F) to s.
func foldPrefixLen(s, word string) int {
	n := 0
	for _, w := range word {
		if n >= len(s) {
			return -1
		}
		r, size := rune(s[n]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[n:])
		}
		switch {
		case r == w:
		case 'a' <= w && w <= 'z' && r == w-'a'+'A':
		case w == 's' && r == 'ſ':
		case w >= utf8.RuneSelf && foldsTo(r, w): // "ΑΠ", "Σχετ", "VÁ"
		default:
			return -1
		}
		n += size
	}
	return n
}

// foldsTo says r is w in another case, as Go's (?i) folds it ("Σ" and
// "ς" are "σ").
func foldsTo(r, w rune) bool {
	for f := unicode.SimpleFold(w); f != w; f = unicode.SimpleFold(f) {
		if f == r {
			return true
		}
	}
	return false
}

// skipSpace returns the offset after the ASCII white space (\s: tab, line
// feed, form feed, carriage return, space) in s from i.
func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	return i
}

// digitsLen is the number of ASCII digits s starts with.
func digitsLen(s string) int {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// subjectTags are the tags mail gateways and filters put before an inbound
// mail's subject on delivery (Microsoft 365's and Mimecast's external-sender
// tagging, spam filters). Matched in any letter case.
var subjectTags = []string{
	"[external]", "[external email]", "[external sender]", "[ext]", "external:", "ext:", "*external*",
	"[spam]", "[suspicious]", "[possible spam]",
}

// SubjectTags are the gateways' tags SubjectTagLen knows, in lower case.
func SubjectTags() []string { return slices.Clone(subjectTags) }

// SubjectTagLen is the length of a gateway's tag s starts with ("[EXTERNAL]",
// "EXT:", "[SPAM]"), or -1. It is pure.
func SubjectTagLen(s string) int {
	if s == "" || (s[0] != '[' && s[0] != '*' && s[0]|0x20 != 'e') {
		return -1
	}
	for _, tag := range subjectTags {
		if len(s) >= len(tag) && strings.EqualFold(s[:len(tag)], tag) {
			return len(tag)
		}
	}
	return -1
}

// StripSubjectTags is s without the gateways' tags it starts with and
// without white space around it.
func StripSubjectTags(s string) string {
	s = strings.TrimSpace(s)
	for {
		n := SubjectTagLen(s)
		if n < 0 {
			return s
		}
		s = strings.TrimSpace(s[n:])
	}
}

// ReplyPrefixed says s starts with a reply or forward marker ("Re:",
// "AW:", "回复：", "Fwd:"...), after any gateway's tag ("[EXTERNAL] RE:"):
// the mail answers or passes on another.
func ReplyPrefixed(s string) bool {
	n, _ := SubjectMarkerLen(StripSubjectTags(s))
	return n > 0
}

// autoSubject matches the subjects automatic answers use, for responders
// that set none of the headers, in the languages export buyers write
// (AutomaticSubject).
// Anchored at the start (after a gateway's tag such as "[EXTERNAL] "): a
// person writing "Re: out of office next week?" is not an automatic answer.
var autoSubject = regexp.MustCompile(`(?i)^\s*(?:automatic reply|automated reply|auto:|auto[- ]?reply|auto[- ]?response|autoresponse|out of (?:the )?office` +
	`|abwesenheitsnotiz|automatische antwort|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|risposta automatica|fuori ufficio` +
	`|resposta automática|fora do escritório|automatisch antwoord|automatyczna odpowiedź|poza biurem` +
	`|автоответ|автоматический ответ|رد تلقائي|رد آلي|otomatik yanıt|otomatik cevap|자동\s?회신|자동\s?응답|부재중` +
	`|trả lời tự động|balasan otomatis|自动回复|自動回覆|自動回复|自動回復|自动答复|自動応答|自動返信|休假自动回复|休假|外出|不在办公室|不在辦公室)`)

// AutomaticSubject says s, as it arrived (after any gateway's tag, see
// StripSubjectTags), is the subject of an automatic answer ("Automatic
// reply: …", "自动回复：…").
func AutomaticSubject(s string) bool { return autoSubject.MatchString(s) }

// AnswersAutomatic says a mail with subject s answers (or passes on) an
// automatic answer: "RE: Automatic reply: Quotation", "回复：自动回复：报价".
func AnswersAutomatic(s string) bool {
	s = StripSubjectTags(s)
	n, _ := SubjectMarkerLen(s)
	if n < 0 {
		return false
	}
	for n > 0 {
		s = strings.TrimSpace(s[n:])
		n, _ = SubjectMarkerLen(s)
	}
	return AutomaticSubject(s)
}
