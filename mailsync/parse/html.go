package parse

import (
	"html"
	"strings"
)

// stripHTML turns an HTML part into plain text for a snippet: tags dropped
// (block tags become spaces so words do not run together), script and style
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
			b.WriteString(s[i : i+j])
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
			i = skipPast(lower, i, ">")
			b.WriteByte(' ')
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
