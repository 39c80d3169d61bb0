package keepwarm

import (
	"strings"
	"unicode/utf8"
)

// MaxSubject is the most characters of a Subject keepwarm writes: a subject
// copied from a customer's mail (into a nudge, a follow-up's "Re:") is cut
// there, so a 1 MB Subject cannot break a send.
const MaxSubject = 250

// ClipSubject cuts s to at most MaxSubject characters, ending in "…" when
// it was cut. Line breaks are kept: the sender refuses a header with one,
// which is what should happen to an injection attempt.
func ClipSubject(s string) string {
	return Clip(s, MaxSubject)
}

// ClipLine makes s one line (line breaks and tabs become spaces) of at most
// n characters, ending in "…" when it was cut.
func ClipLine(s string, n int) string {
	return strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(Clip(s, n))
}

// Clip cuts s to at most n characters (runes), ending in "…" when it was
// cut; invalid UTF-8 is replaced. It reads at most about 4n bytes of s.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n && utf8.ValidString(s) {
		return s
	}
	head := strings.ToValidUTF8(s[:min(len(s), utf8.UTFMax*(n+1))], "\uFFFD")
	out := make([]rune, 0, n+1)
	for _, r := range head {
		out = append(out, r)
		if len(out) > n {
			out[n-1] = '…'
			return string(out[:n])
		}
	}
	if len(head) < len(s) {
		// Cut inside the bytes read (a rune at the very end may be partial).
		if len(out) >= n {
			out = out[:n-1]
		}
		return string(out) + "…"
	}
	return string(out)
}
