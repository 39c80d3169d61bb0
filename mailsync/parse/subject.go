package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// replyWords are the reply and forward markers a subject may start with, in
// the languages export mail arrives in: Re/RE, AW (German), SV (Nordic), VS
// (Finnish), Antw (Dutch), Odp (Polish), RES (Portuguese), RIF and R
// (Italian), Fwd/FW, WG (German), TR (French), RV and ENC (Spanish and
// Portuguese), and the Chinese 回复 回覆 答复 转发 轉發. Latin ones match in
// any case. Each needs a colon (ASCII or full-width) after it, optionally
// with a counter such as "Re[2]:" or "Re(2):", so words that merely begin
// with those letters ("Rework:", "Trade:") are left alone.
var replyWords = []string{"re", "aw", "sv", "vs", "antw", "odp", "res", "rif", "r", "fwd", "fw", "wg", "tr", "rv", "enc",
	"回复", "回覆", "答复", "转发", "轉發"}

// NormalizeSubject strips reply and forward prefixes repeatedly ("RE: AW:
// Fwd: x" is "x") and leading "[2]"-style counters, collapses whitespace and
// lower-cases, so replies in any language find the thread they answer. It
// is pure and safe for concurrent use.
func NormalizeSubject(s string) string {
	s = strings.TrimSpace(s)
	for {
		n := replyPrefixLen(s)
		if n < 0 {
			n = counterPrefixLen(s)
		}
		if n < 0 {
			break
		}
		s = strings.TrimSpace(s[n:])
	}
	return collapseLower(s)
}

// collapseLower is strings.ToLower(strings.Join(strings.Fields(s), " ")) in
// one pass and one allocation.
func collapseLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// ReplyPrefixed says s starts with a reply or forward marker ("Re:",
// "AW:", "回复：", "Fwd:"...): the mail answers or passes on another.
func ReplyPrefixed(s string) bool {
	return replyPrefixLen(strings.TrimLeftFunc(s, unicode.IsSpace)) > 0
}

// replyPrefixLen is the length of the reply or forward marker s starts
// with, through its colon, or -1: one of replyWords, spaces, an optional
// "[2]" or "(2)", spaces, ":" or "：". (It matches what the expression
// (?i)^(?:re|aw|...)\s*(?:\[\d+\]|\(\d+\))?\s*[:：] would, Go's case folding
// included; a test and a fuzz target compare the two.)
func replyPrefixLen(s string) int {
	if s == "" {
		return -1
	}
	if c := s[0] | 0x20; s[0] < utf8.RuneSelf && strings.IndexByte("raesvoftw", c) < 0 {
		return -1 // spares most subjects the loop below
	}
	for _, w := range replyWords {
		n := foldPrefixLen(s, w)
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
			return n + c
		}
	}
	return -1
}

// counterPrefixLen is the length of a "[2]" or "［2］" counter s starts
// with, or -1.
func counterPrefixLen(s string) int {
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
		default:
			return -1
		}
		n += size
	}
	return n
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
