package parse

import (
	"bufio"
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"
)

// readHeader parses a raw header block. go-message's reader stops at the
// first line without a colon and returns only the fields before it; a mailbox
// must not lose a message to one bad line, so on any error the block is read
// again by lenientHeader, and the error is returned for ParseError.
func readHeader(raw []byte) (textproto.Header, error) {
	block := raw
	if !bytes.HasSuffix(block, []byte("\n\n")) && !bytes.HasSuffix(block, []byte("\r\n\r\n")) {
		// A header fetched by field list may lack the final blank line.
		block = append(append([]byte(nil), raw...), "\r\n\r\n"...)
	}
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(block)))
	if err == nil {
		return h, nil
	}
	return lenientHeader(raw), fmt.Errorf("header: %s", clip(strings.TrimSpace(err.Error()), 120))
}

// lenientHeader reads "Key: value" fields line by line, joining continuation
// lines and skipping every line it cannot make sense of.
func lenientHeader(raw []byte) textproto.Header {
	var h textproto.Header
	var key string
	var val []byte
	emit := func() {
		if key != "" {
			h.Add(key, strings.TrimSpace(string(val)))
		}
		key, val = "", nil
	}
	for _, line := range bytes.Split(raw, []byte("\n")) {
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			if key != "" || h.Len() > 0 {
				break // the blank line ending the header
			}
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if key != "" {
				val = append(append(val, ' '), bytes.TrimSpace(line)...)
			}
			continue
		}
		emit()
		i := bytes.IndexByte(line, ':')
		if i <= 0 {
			continue
		}
		k := strings.TrimSpace(string(line[:i]))
		if k == "" || strings.ContainsAny(k, " \t") {
			continue
		}
		key = k
		val = append([]byte(nil), line[i+1:]...)
	}
	emit()
	return h
}

// headerText is the decoded display text of the first field named k.
func headerText(h *textproto.Header, k string) (string, error) {
	return decodeText(h.Get(k))
}

// parseDate reads a Date header leniently: net/mail's RFC 5322 parser first,
// then a few layouts seen from broken clients. Zero when nothing fits.
func parseDate(v string) time.Time {
	v = strings.Join(strings.Fields(v), " ")
	if v == "" {
		return time.Time{}
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
