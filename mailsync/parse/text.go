package parse

import "strings"

// textBytes bounds the text kept of an outbound message: more than a
// follow-up quotes (8 KB), so the quote knows when it was cut.
const textBytes = 16 << 10

// keptText is the text of an outbound message as it is stored: line breaks
// as "\n", blanks around lines, runs of spaces and of blank lines dropped, at most
// textBytes. cut is true when the message goes on beyond it. One pass, and
// it stops reading once it has more than it keeps.
func keptText(s string, cut bool) (string, bool) {
	var b strings.Builder
	b.Grow(min(len(s), textBytes+16))
	blank, lines := 0, 0
	for len(s) > 0 && b.Len() <= textBytes+8 {
		var l string
		if i := strings.IndexAny(s, "\r\n"); i >= 0 {
			l = s[:i]
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				s = s[i+2:]
			} else {
				s = s[i+1:]
			}
		} else {
			l, s = s, ""
		}
		l = strings.Trim(l, " \t\u00a0")
		if l == "" {
			blank++
			if blank > 1 || lines == 0 {
				continue
			}
		} else {
			blank = 0
		}
		if lines > 0 {
			b.WriteByte('\n')
		}
		lines++
		// Runs of spaces become one, as an HTML part's tags leave them.
		for len(l) > 0 {
			i := strings.Index(l, "  ")
			if i < 0 {
				b.WriteString(l)
				break
			}
			b.WriteString(l[:i+1])
			l = strings.TrimLeft(l[i+1:], " ")
		}
	}
	out := strings.TrimRight(b.String(), "\n")
	if len(out) > textBytes {
		out, cut = clip(out, textBytes), true
	}
	return out, cut
}
