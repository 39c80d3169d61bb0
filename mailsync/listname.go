package mailsync

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// badListName reports whether line is a LIST or LSUB response whose folder
// name imapclient cannot read, with the name as the server sent it. Such a
// name (a bare "&" in "R&D", two adjacent base64 runs, raw GBK bytes) is
// not valid modified UTF-7, and imapclient answers it by closing the whole
// connection: one folder keepwarm does not even read would stop the
// mailbox's sync. Left out of the answer, the rest of the list is read.
// A name sent as a literal is for listLiteral.
func badListName(line []byte) (string, bool) {
	b, ok := listNameAt(line)
	if !ok {
		return "", false
	}
	var name string
	switch {
	case len(b) == 0, b[0] == '{':
		return "", false
	case b[0] == '"':
		n, _, ok := unquote(b)
		if !ok {
			return "", false
		}
		name = n
	default:
		end := bytes.IndexAny(b, " (")
		if end < 0 {
			end = len(b)
		}
		name = string(b[:end])
	}
	if !nameUnreadable(name) {
		return "", false
	}
	return name, true
}

// nameUnreadable says whether imapclient cannot read name as a folder name.
func nameUnreadable(name string) bool {
	return !strings.EqualFold(name, "INBOX") && !validMUTF7(name)
}

// maxListLiteral bounds a folder name sent as a literal that listLiteral
// looks at: a longer one passes as it is.
const maxListLiteral = 1024

// listLiteral returns the size of the literal a LIST or LSUB line sends its
// folder name as ("* LIST () "/" {6}" and CRLF, the name's bytes next),
// 0 when the line is not that.
func listLiteral(line []byte) int {
	b, ok := listNameAt(line)
	if !ok || len(b) < 3 || b[0] != '{' || b[len(b)-1] != '}' {
		return 0
	}
	n, err := strconv.Atoi(string(b[1 : len(b)-1]))
	if err != nil || n <= 0 || n > maxListLiteral {
		return 0
	}
	return n
}

// listNameAt returns what follows a LIST or LSUB response's attributes and
// delimiter, where its folder name starts, without the line end.
func listNameAt(line []byte) ([]byte, bool) {
	if len(line) < 8 || line[0] != '*' || line[1] != ' ' {
		return nil, false
	}
	if kw := strings.ToUpper(string(line[2:7])); kw != "LIST " && kw != "LSUB " {
		return nil, false
	}
	b := bytes.TrimRight(line[7:], "\r\n")
	// (attributes)
	if len(b) == 0 || b[0] != '(' {
		return nil, false
	}
	i := bytes.IndexByte(b, ')')
	if i < 0 || i+1 >= len(b) || b[i+1] != ' ' {
		return nil, false
	}
	b = b[i+2:]
	// The delimiter: a quoted character or NIL.
	switch {
	case bytes.HasPrefix(b, []byte("NIL ")), bytes.HasPrefix(b, []byte("nil ")):
		b = b[4:]
	case len(b) > 0 && b[0] == '"':
		_, rest, ok := unquote(b)
		if !ok || len(rest) == 0 || rest[0] != ' ' {
			return nil, false
		}
		b = rest[1:]
	default:
		return nil, false
	}
	return b, true
}

// unquote reads a quoted string at the start of b (with \" and \\
// escapes) and returns its value and what follows it.
func unquote(b []byte) (string, []byte, bool) {
	var sb strings.Builder
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			if i+1 >= len(b) {
				return "", nil, false
			}
			i++
			sb.WriteByte(b[i])
		case '"':
			return sb.String(), b[i+1:], true
		default:
			sb.WriteByte(b[i])
		}
	}
	return "", nil, false
}

var mutf7Base64 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,").WithPadding(base64.NoPadding)

// validMUTF7 says whether go-imap (v2.0.0-beta.8, internal/utf7.Decode)
// decodes s as a mailbox name: valid UTF-8; in ASCII printable characters
// or raw UTF-8; each "&" closed by "-", either "&-" or base64 of UTF-16
// that holds no printable ASCII and whole surrogate pairs; no two base64
// runs in a row.
func validMUTF7(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < 0x20 || (ch > 0x7e && ch < utf8.RuneSelf) {
			return false
		}
		if ch != '&' {
			ascii = true
			continue
		}
		start := i + 1
		for i++; i < len(s) && s[i] != '-'; i++ {
			if s[i] == '\r' || s[i] == '\n' {
				return false
			}
		}
		if i == len(s) {
			return false
		}
		if i == start {
			ascii = true
			continue
		}
		if !ascii || !validUTF16Run(s[start:i]) {
			return false
		}
		ascii = false
	}
	return true
}

// validUTF16Run checks one base64 run of modified UTF-7 as go-imap's
// decoder does.
func validUTF16Run(run string) bool {
	if strings.HasSuffix(run, "=") {
		return false
	}
	b, err := mutf7Base64.DecodeString(run)
	if err != nil || len(b) == 0 || len(b)%2 == 1 {
		return false
	}
	for i := 0; i < len(b); i += 2 {
		r := rune(b[i])<<8 | rune(b[i+1])
		if utf16.IsSurrogate(r) {
			if i += 2; i == len(b) {
				return false
			}
			r2 := rune(b[i])<<8 | rune(b[i+1])
			if utf16.DecodeRune(r, r2) == utf8.RuneError {
				return false
			}
		} else if 0x20 <= r && r <= 0x7e {
			return false
		}
	}
	return true
}

// unreadableName records a folder name left out of a LIST answer; it runs
// on imapclient's reader goroutine, so it only records.
func (s *Syncer) unreadableName(name string) {
	s.unreadableMu.Lock()
	defer s.unreadableMu.Unlock()
	if s.unreadable == nil {
		s.unreadable = map[string]bool{}
	}
	if _, ok := s.unreadable[name]; !ok {
		s.unreadable[name] = false
	}
	if !slices.Contains(s.listDropped, name) {
		s.listDropped = append(s.listDropped, name)
	}
}

// takeDropped returns, as a person can read them (shownName), the names
// left out since it was last called, and forgets them.
func (s *Syncer) takeDropped() []string {
	s.unreadableMu.Lock()
	defer s.unreadableMu.Unlock()
	out := make([]string, 0, len(s.listDropped))
	for _, name := range s.listDropped {
		out = append(out, shownName(name))
	}
	s.listDropped = nil
	slices.Sort(out)
	return out
}

// shownName is a folder name keepwarm could not read, as a person can
// read it: decoded when it is GBK (GB18030), which older Chinese servers
// send raw, so that 已发送 shows as itself; else with "?" for bytes that
// are not UTF-8.
func shownName(raw string) string {
	if !utf8.ValidString(raw) {
		d, err := simplifiedchinese.GB18030.NewDecoder().String(raw)
		if err == nil && utf8.ValidString(d) && !strings.ContainsRune(d, utf8.RuneError) {
			return d + " (sent in GBK)"
		}
	}
	return strings.ToValidUTF8(raw, "?")
}

// noteUnreadable logs, once each, the folders left out of the folder list
// because their names are not valid modified UTF-7.
func (s *Syncer) noteUnreadable() {
	s.unreadableMu.Lock()
	var names []string
	for name, logged := range s.unreadable {
		if !logged {
			names = append(names, name)
			s.unreadable[name] = true
		}
	}
	s.unreadableMu.Unlock()
	for _, name := range names {
		s.log.Warn("the server sent a folder name that is not valid modified UTF-7 (RFC 3501): keepwarm leaves that folder out and syncs the others; renaming it in the mail client, e.g. without a bare \"&\", makes it readable again",
			"folder", shownName(name))
	}
}

// UnreadableFolders are the folder names the server sent that keepwarm
// could not read and left out, as the server wrote them.
func (s *Syncer) UnreadableFolders() []string {
	s.unreadableMu.Lock()
	defer s.unreadableMu.Unlock()
	out := make([]string, 0, len(s.unreadable))
	for name := range s.unreadable {
		out = append(out, shownName(name))
	}
	slices.Sort(out)
	return out
}
