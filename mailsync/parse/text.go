package parse

import "strings"

// textBytes bounds the text kept of an outbound message: more than a
// follow-up quotes (8 KB), so the quote knows when it was cut.
const textBytes = 16 << 10

// keptText is the text of an outbound message as it is stored: line breaks
// as "\n", blanks around lines, runs of spaces and of blank lines dropped, at most
// textBytes. cut is true when the message goes on beyond it.
func keptText(s string, cut bool) (string, bool) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, l := range lines {
		l = strings.Trim(l, " \t\u00a0")
		for strings.Contains(l, "  ") {
			l = strings.ReplaceAll(l, "  ", " ") // runs of spaces, as an HTML part's tags leave them
		}
		if l == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	s = strings.TrimRight(strings.Join(out, "\n"), "\n")
	if len(s) > textBytes {
		s, cut = clip(s, textBytes), true
	}
	return s, cut
}
