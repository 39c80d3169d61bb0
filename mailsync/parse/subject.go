package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"keepwarm"
)

// NormalizeSubject strips reply and forward prefixes repeatedly ("RE: AW:
// Fwd: x" is "x"), leading "[2]"-style counters and the tags gateways put
// before a subject ("[EXTERNAL] RE: x" is "x"), collapses whitespace and
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
			n = keepwarm.SubjectTagLen(s)
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
// "AW:", "回复：", "Fwd:"...), after any gateway's tag ("[EXTERNAL] RE:"):
// the mail answers or passes on another. It is keepwarm.ReplyPrefixed,
// which the store's subject threading asks too.
func ReplyPrefixed(s string) bool {
	return keepwarm.ReplyPrefixed(s)
}

// replyPrefixLen is the length of the reply or forward marker s starts
// with, through its colon, or -1 (see keepwarm.SubjectMarkerLen).
func replyPrefixLen(s string) int {
	n, _ := keepwarm.SubjectMarkerLen(s)
	return n
}

// counterPrefixLen is the length of a "[2]" or "［2］" counter s starts
// with, or -1.
func counterPrefixLen(s string) int {
	return keepwarm.SubjectCounterLen(s)
}
