package parse

import (
	"html"
	"strings"
)

// stripHTML turns an HTML part into plain text for a snippet: tags dropped
// (line-breaking tags such as br, p and div become line breaks, other tags
// spaces, so words do not run together; the source's own line breaks are
// spaces, as a browser shows them), script and style
// contents and comments dropped, entities unescaped. It is not an HTML parser
// and need not be: the result only has to read well in a digest line, and an
// HTML part cut anywhere must still give something.
func stripHTML(s string) string {
	var b strings.Builder
	lower := asciiLower(s) // same length as s, unlike strings.ToLower
	for i := 0; i < len(s); {
		c := s[i]
		if c != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			seg := s[i : i+j]
			if strings.ContainsAny(seg, "\r\n") {
				seg = strings.Map(func(r rune) rune {
					if r == '\r' || r == '\n' {
						return ' '
					}
					return r
				}, seg)
			}
			b.WriteString(seg)
			i += j
			continue
		}
		switch {
		case strings.HasPrefix(lower[i:], "<!--"):
			i = skipPast(lower, i, "-->")
		case strings.HasPrefix(lower[i:], "<script"):
			i = skipPast(lower, i, "</script>")
		case strings.HasPrefix(lower[i:], "<style"):
			i = skipPast(lower, i, "</style>")
		case strings.HasPrefix(lower[i:], "<head"):
			i = skipPast(lower, i, "</head>")
		default:
			if breaksLine(lower[i+1:]) {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			i = skipPast(lower, i, ">")
		}
	}
	return html.UnescapeString(b.String())
}

// skipPast returns the index just after the first end at or after i, or the
// end of s when the end marker never comes (a cut prefix).
func skipPast(s string, i int, end string) int {
	j := strings.Index(s[i:], end)
	if j < 0 {
		return len(s)
	}
	return i + j + len(end)
}

// asciiLower lower-cases A-Z only, keeping every byte offset of s valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// lineTags are the tags (opening or closing) that start a new line.
var lineTags = []string{"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr"}

// breaksLine reports whether the tag whose name starts s (lower-case, just
// after '<') starts a new line.
func breaksLine(s string) bool {
	s = strings.TrimPrefix(s, "/")
	for _, t := range lineTags {
		if strings.HasPrefix(s, t) && (len(s) == len(t) || !isTagNameByte(s[len(t)])) {
			return true
		}
	}
	return false
}

func isTagNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == ':'
}
