package parse

import (
	"mime"
	"net/mail"
	"regexp"
	"strings"

	"keepwarm"
)

// addrParser parses address lists with encoded-word names in any charset
// go-message knows. It holds no state between calls.
var addrParser = mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charsetReader}}

// parseAddressList reads an address header. A list that net/mail rejects as
// a whole (one bad entry is enough) is split on commas and each entry is
// parsed alone; an entry that still fails gives up what looks like an email
// address in it. Garbage without an "@" is dropped. The error is only a note:
// the addresses returned are all that could be read.
func parseAddressList(raw string) ([]keepwarm.Address, bool) {
	return parseAddressListIn(raw, rawUnknown)
}

// parseAddressListIn is parseAddressList with raw 8-bit bytes read in cs,
// the charset chosen for the whole message's header.
func parseAddressListIn(raw string, cs rawCharset) ([]keepwarm.Address, bool) {
	v := strings.TrimSpace(cs.decode(raw))
	if v == "" {
		return nil, true
	}
	if a, ok := simpleAddress(v); ok {
		return convertAddrs([]*mail.Address{&a}), true
	}
	if list, err := addrParser.ParseList(v); err == nil {
		return fixNames(convertAddrs(list), v), true
	}
	var out []keepwarm.Address
	clean := true
	for _, part := range splitAddressList(v) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if a, err := addrParser.Parse(part); err == nil {
			out = append(out, convertAddrs([]*mail.Address{a})...)
			continue
		}
		clean = false
		// Two addresses without a comma between them ("Bob <bob@x>
		// Bobby <bobby@x>") are read one by one, in order.
		for _, seg := range splitAngleAddrs(part) {
			if a, err := addrParser.Parse(seg); err == nil {
				out = append(out, convertAddrs([]*mail.Address{a})...)
			} else if a, ok := salvageAddress(seg); ok {
				out = append(out, a)
			}
		}
	}
	return fixNames(out, v), clean
}

// splitAngleAddrs splits an entry after every closing angle bracket outside
// quotes and comments: "Bob <bob@x> Bobby <bobby@x>" gives "Bob <bob@x>" and
// "Bobby <bobby@x>". An entry with at most one bracketed address comes back
// whole.
func splitAngleAddrs(s string) []string {
	var parts []string
	for _, p := range splitOutside(s, func(c byte, angle int) (bool, bool) { return c == '>' && angle == 1, false }) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) < 2 {
		return []string{s}
	}
	return parts
}

// simpleAddress reads the plainest and most common address fields without
// net/mail: one "local@domain", or one "Display Name <local@domain>" whose
// name is plain ASCII words. It gives what net/mail gives for them (the
// name's words joined by single spaces, the address as written), and
// declines everything else (quotes, comments, encoded words, lists, other
// bytes), which net/mail then reads.
func simpleAddress(v string) (mail.Address, bool) {
	name, spec := "", v
	if strings.HasSuffix(v, ">") {
		lt := strings.LastIndexByte(v, '<')
		if lt < 0 {
			return mail.Address{}, false
		}
		name, spec = v[:lt], v[lt+1:len(v)-1]
		for i := 0; i < len(name); i++ {
			if c := name[i]; c != ' ' && c != '\t' && c != '.' && !isAtext(c) {
				return mail.Address{}, false
			}
		}
		if strings.Contains(name, "=?") {
			return mail.Address{}, false // perhaps an encoded word
		}
		name = strings.Join(strings.Fields(name), " ")
	}
	at := strings.LastIndexByte(spec, '@')
	if at < 0 || !dotAtom(spec[:at], isAtext) || !dotAtom(spec[at+1:], isDomainChar) {
		return mail.Address{}, false
	}
	return mail.Address{Name: name, Address: spec}, true
}

// dotAtom reports whether s is one or more runs of ok bytes joined by
// single dots (RFC 5322 dot-atom-text).
func dotAtom(s string, ok func(byte) bool) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '.' && !ok(c) {
			return false
		}
	}
	return true
}

// isAtext is RFC 5322 atext in ASCII.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func isDomainChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

// fixNames re-decodes display names made of encoded words. net/mail decodes
// each word on its own and joins them with spaces, which breaks GBK or Big5
// names whose characters a client split across two words; decodeWords joins
// the bytes first.
func fixNames(addrs []keepwarm.Address, raw string) []keepwarm.Address {
	if !strings.Contains(raw, "=?") {
		return addrs
	}
	for _, part := range splitAddressList(raw) {
		lt := strings.LastIndexByte(part, '<')
		if lt < 0 || !strings.Contains(part[:lt], "=?") {
			continue
		}
		email := normEmail(strings.TrimRight(strings.TrimSpace(part[lt+1:]), ">"))
		name, _ := decodeText(strings.ReplaceAll(part[:lt], `"`, ""))
		for i := range addrs {
			if addrs[i].Email == email && name != "" {
				addrs[i].Name = cleanName(name, email)
			}
		}
	}
	return addrs
}

func convertAddrs(list []*mail.Address) []keepwarm.Address {
	out := make([]keepwarm.Address, 0, len(list))
	for _, a := range list {
		email := normEmail(a.Address)
		if email == "" {
			continue
		}
		name, _ := decodeText(a.Name)
		out = append(out, keepwarm.Address{Name: cleanName(name, email), Email: email})
	}
	return out
}

// splitAddressList splits on commas (and semicolons, as some clients write)
// that are outside quotes, angle brackets and comments.
func splitAddressList(s string) []string {
	return splitOutside(s, func(c byte, angle int) (bool, bool) { return (c == ',' || c == ';') && angle == 0, true })
}

// splitOutside splits s where cut says, asking only about the bytes outside
// quoted strings (with their backslash escapes) and comments; angle is the
// depth of angle brackets the byte stands in (a '>' that closes the
// outermost pair stands at depth 1). A byte cut at is dropped (a comma)
// or ends the part before it (a closing bracket).
func splitOutside(s string, cut func(c byte, angle int) (at, drop bool)) []string {
	var parts []string
	var quoted, escaped bool
	angle, paren, start := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
			continue
		case c == '\\':
			escaped = true
			continue
		case c == '"' && paren == 0:
			quoted = !quoted
			continue
		case quoted:
			continue
		case c == '(':
			paren++
			continue
		case c == ')' && paren > 0:
			paren--
			continue
		case paren > 0:
			continue
		}
		at, drop := cut(c, angle)
		switch {
		case c == '<':
			angle++
		case c == '>' && angle > 0:
			angle--
		}
		if at {
			end := i
			if !drop {
				end = i + 1
			}
			parts = append(parts, s[start:end])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

var emailLike = regexp.MustCompile(`[A-Za-z0-9!#$%&'*+/=?^_{|}~.\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)

// salvageAddress pulls an email address out of an entry net/mail rejected,
// such as `Bob Smith bob@x.com` or `"Bob" <bob@x.com`; the rest, minus
// brackets and quotes, becomes the name.
func salvageAddress(part string) (keepwarm.Address, bool) {
	loc := emailLike.FindStringIndex(part)
	if loc == nil {
		return keepwarm.Address{}, false
	}
	email := normEmail(part[loc[0]:loc[1]])
	if email == "" {
		return keepwarm.Address{}, false
	}
	rest := part[:loc[0]] + " " + part[loc[1]:]
	rest = strings.Trim(strings.TrimSpace(rest), `<>"'() `)
	name, _ := decodeText(strings.ReplaceAll(rest, `"`, ""))
	return keepwarm.Address{Name: cleanName(strings.Trim(name, `<>"' `), email), Email: email}, true
}

// normEmail lower-cases an address and rejects what cannot be one.
func normEmail(s string) string {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), `<>"'.`))
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n") {
		return ""
	}
	return s
}

// cleanName drops a display name that only repeats the address.
func cleanName(name, email string) string {
	name = strings.TrimSpace(name)
	if strings.EqualFold(strings.Trim(name, `'"`), email) {
		return ""
	}
	return name
}

// domainOf is the part after the last "@".
func domainOf(email string) string {
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		return email[at+1:]
	}
	return ""
}

// localPart is the part before the last "@".
func localPart(email string) string {
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		return email[:at]
	}
	return email
}
