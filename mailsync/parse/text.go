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
	nl := -1 // where the next "\n" is in s, once looked for (-2: none)
	for len(s) > 0 && b.Len() <= textBytes+8 {
		// The line ends at "\r\n", "\r" or "\n".
		if nl == -1 {
			if nl = strings.IndexByte(s, '\n'); nl < 0 {
				nl = -2
			}
		}
		end := len(s)
		if nl >= 0 {
			end = nl
		}
		var l string
		if cr := strings.IndexByte(s[:end], '\r'); cr >= 0 {
			l = s[:cr]
			if cr+1 == nl {
				s, nl = s[cr+2:], -1
			} else {
				s = s[cr+1:]
				if nl >= 0 {
					nl -= cr + 1
				}
			}
		} else if nl >= 0 {
			l, s, nl = s[:nl], s[nl+1:], -1
		} else {
			l, s = s, ""
		}
		l = trimBlanks(l)
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
			i := indexDoubleSpace(l)
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

// trimBlanks is strings.Trim(l, " \t\u00a0").
func trimBlanks(l string) string {
	for len(l) > 0 {
		switch {
		case l[0] == ' ' || l[0] == '\t':
			l = l[1:]
		case strings.HasPrefix(l, "\u00a0"):
			l = l[2:]
		default:
			goto right
		}
	}
right:
	for len(l) > 0 {
		switch n := len(l); {
		case l[n-1] == ' ' || l[n-1] == '\t':
			l = l[:n-1]
		case strings.HasSuffix(l, "\u00a0"):
			l = l[:n-2]
		default:
			return l
		}
	}
	return l
}

// indexDoubleSpace is strings.Index(s, "  "), eight bytes at a time.
func indexDoubleSpace(s string) int {
	const ones, highs, spaces = 0x0101010101010101, 0x8080808080808080, 0x2020202020202020
	i := 0
	for ; i+9 <= len(s); i += 8 {
		// A zero byte of z: a space at i+k and at i+k+1.
		z := (load64(s[i:]) ^ spaces) | (load64(s[i+1:]) ^ spaces)
		if (z-ones)&^z&highs != 0 {
			break
		}
	}
	for ; i+1 < len(s); i++ {
		if s[i] == ' ' && s[i+1] == ' ' {
			return i
		}
	}
	return -1
}

// load64 reads s's first eight bytes as a little-endian number.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
