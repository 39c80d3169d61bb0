package parse

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"
)

// field is one header field: its name as written and its value unfolded
// (continuation lines joined with one space, spaces and tabs trimmed), as
// go-message's textproto reads it.
type field struct{ key, value string }

// header is a parsed header block, its fields in the order written.
type header []field

// is reports whether the field is named k, in any case.
func (f field) is(k string) bool { return len(f.key) == len(k) && strings.EqualFold(f.key, k) }

// Get returns the value of the first field named k (any case), "" when none.
func (h header) Get(k string) string {
	for _, f := range h {
		if f.is(k) {
			return f.value
		}
	}
	return ""
}

// Has reports whether a field named k (any case) is present.
func (h header) Has(k string) bool {
	return slices.ContainsFunc(h, func(f field) bool { return f.is(k) })
}

// Values returns the values of every field named k, in order.
func (h header) Values(k string) []string {
	var out []string
	for _, f := range h {
		if f.is(k) {
			out = append(out, f.value)
		}
	}
	return out
}

// mime returns the Content-* fields as a go-message header, for walking the
// body with go-message (which reads only those).
func (h header) mime() textproto.Header {
	var th textproto.Header
	for i := len(h) - 1; i >= 0; i-- { // textproto's Get returns the field added last
		if f := h[i]; len(f.key) > 8 && strings.EqualFold(f.key[:8], "content-") {
			th.Add(f.key, f.value)
		}
	}
	return th
}

// readHeader parses a raw header block in one lenient pass: continuation
// lines are joined, and a line it cannot make sense of (no colon, a bad
// name, a continuation with nothing to continue) is skipped, so a mailbox
// never loses a message to one bad line. The error is the first place where
// a strict reading (go-message's textproto.ReadHeader) would have stopped,
// for ParseError. The block ends at the first blank line after a field, or
// at the end of raw (a header fetched by field list may lack the blank line).
func readHeader(raw []byte) (header, error) {
	return readHeaderString(string(raw))
}

// readHeaderString is readHeader reading s, whose substrings the values of
// fields on one line are: one allocation for the fields, and one more for
// each folded field (the Received and DKIM lines no reader asks for among
// them), none for a copy of the block.
func readHeaderString(s string) (header, error) {
	h := make(header, 0, fieldCount(s))
	var firstErr error
	fail := func(format string, arg string) {
		if firstErr == nil {
			firstErr = fmt.Errorf("header: "+format, clip(strings.TrimSpace(arg), 100))
		}
	}
	var (
		open    bool // the last field may still get continuation lines
		started bool
		// Where the last field's value starts in s, and where its last
		// continuation line ends (0: none came).
		valueAt, foldEnd int
	)
	closeField := func() {
		if open && foldEnd > 0 {
			h[len(h)-1].value = unfold(s[valueAt:foldEnd])
		}
		open, foldEnd = false, 0
	}
	for at := 0; at < len(s); {
		lineAt := at
		line := s[at:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, at = line[:i], at+i+1
		} else {
			at = len(s)
		}
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			if started {
				break // the blank line ending the header
			}
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			switch {
			case open:
				foldEnd = at
			case !started:
				fail("malformed MIME header initial line: %s", line)
			}
			started = true
			continue
		}
		started = true
		closeField()
		i := strings.IndexByte(line, ':')
		if i < 0 {
			fail("malformed MIME header line: %s", line)
			continue
		}
		key := trimWSP(line[:i])
		if key == "" {
			continue // go-message skips an empty name too
		}
		if !validKey(key) {
			fail("malformed MIME header key: %s", key)
			if strings.ContainsAny(key, " \t") {
				continue
			}
		}
		h = append(h, field{key: key, value: trimWSP(line[i+1:])})
		open, valueAt = true, lineAt+i+1
	}
	closeField()
	return h, firstErr
}

// fieldCount is how many lines of s begin a field (do not begin with a
// space or tab): enough room for every field of the header.
func fieldCount(s string) int {
	n := 0
	for at := 0; at < len(s); {
		if s[at] != ' ' && s[at] != '\t' {
			n++
		}
		i := strings.IndexByte(s[at:], '\n')
		if i < 0 {
			break
		}
		at += i + 1
	}
	return n
}

// unfold joins the lines of a folded field's value (the text after the
// colon through its last continuation line), each trimmed of spaces, tabs
// and its CR, the empty ones left out, with one space between them.
func unfold(v string) string {
	var b strings.Builder
	b.Grow(len(v))
	for v != "" {
		line := v
		if i := strings.IndexByte(v, '\n'); i >= 0 {
			line, v = v[:i], v[i+1:]
		} else {
			v = ""
		}
		if line = trimWSP(strings.TrimSuffix(line, "\r")); line != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(line)
		}
	}
	return b.String()
}

// lenientHeader is readHeader without the error: for header blocks quoted in
// bounces and delivery reports.
func lenientHeader(raw []byte) header {
	h, _ := readHeader(raw)
	return h
}

// validKey says whether every byte of a field name is printable US-ASCII
// other than the colon (RFC 5322 2.2).
func validKey(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return true
}

// trimWSP trims spaces and tabs (not other white space, as RFC 5322
// unfolding does).
func trimWSP(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	return s[i:j]
}

// headerText is the decoded display text of the first field named k, its
// raw 8-bit bytes read in cs.
func headerText(h header, k string, cs rawCharset) (string, error) {
	return decodeTextIn(h.Get(k), cs)
}

// parseDate reads a Date header leniently: net/mail's RFC 5322 parser first,
// then a few layouts seen from broken clients. Zero when nothing fits.
func parseDate(v string) time.Time {
	if !singleSpaced(v) {
		v = strings.Join(strings.Fields(v), " ")
	}
	if v == "" {
		return time.Time{}
	}
	// Nearly every mailer writes one of two layouts, some with the zone's
	// name in a comment after it; net/mail's ParseDate would reach them
	// only after building an error for each layout it tries first.
	if t, ok := commonDate(v); ok {
		return t
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	// Drop a trailing comment such as "(CST)" and a leading weekday name.
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	if i := strings.IndexByte(v, ','); i >= 0 && i <= 10 {
		v = strings.TrimSpace(v[i+1:])
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// rfc5322Date is the Date layout of RFC 5322 3.3 as mailers write it;
// noWeekdayDate the same without the day's name.
const (
	rfc5322Date   = "Mon, 2 Jan 2006 15:04:05 -0700"
	noWeekdayDate = "2 Jan 2006 15:04:05 -0700"
)

// commonDate reads v in rfc5322Date or noWeekdayDate, after dropping one
// trailing comment such as "(CST)" as net/mail does, or says it is not in
// them. It gives what net/mail's ParseDate gives for those.
func commonDate(v string) (time.Time, bool) {
	if strings.HasSuffix(v, ")") {
		i := strings.LastIndex(v, " (")
		if i < 0 || strings.ContainsAny(v[i+2:len(v)-1], "()\\") {
			return time.Time{}, false
		}
		v = v[:i]
	}
	layout := rfc5322Date
	if v != "" && '0' <= v[0] && v[0] <= '9' {
		layout = noWeekdayDate
	}
	t, err := time.Parse(layout, v)
	return t, err == nil
}

// singleSpaced says v has no white space but single spaces between words.
func singleSpaced(v string) bool {
	if v == "" || v[0] == ' ' || v[len(v)-1] == ' ' {
		return v == ""
	}
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ' ':
			if v[i+1] == ' ' {
				return false
			}
		case '\t', '\r', '\n', '\v', '\f':
			return false
		}
		if v[i] >= 0x80 {
			return false // perhaps a Unicode space: strings.Fields decides
		}
	}
	return true
}

var dateLayouts = []string{
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 06 15:04:05 -0700",
	"2 January 2006 15:04:05 -0700",
	"Jan 2 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	time.RFC3339,
	"2 Jan 2006 15:04:05",
}

// clip shortens s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
