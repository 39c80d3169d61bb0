package parse

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
)

// transfer is a Content-Transfer-Encoding parse undoes itself.
type transfer uint8

const (
	transferIdentity transfer = iota // 7bit, 8bit, binary, none, or one not understood
	transferQP
	transferBase64
)

// transferDecoder undoes a transfer encoding over bytes in memory, only as
// far as it is asked to: no reader, no buffer of its own, no copy of the
// input. It reads what mime/quotedprintable and encoding/base64 (the
// decoders go-message uses) read, the same way, and is more lenient only
// where they would stop at a fault: a quoted-printable body goes on past a
// control character or a stray "=", and err keeps the first fault for the
// parse error. A base64 body ends at its padding or at a byte outside the
// alphabet, as those decoders end it; a last quantum cut by the end of the
// input is dropped, as theirs is.
type transferDecoder struct {
	src []byte // what is left to decode
	enc transfer
	end bool  // base64 decoding stopped before the end of src
	err error // the first fault met
}

// more says whether decode has anything left to give.
func (d *transferDecoder) more() bool { return len(d.src) > 0 && !d.end }

// decode appends decoded bytes to dst until it holds at least n bytes or
// the input is used up, and returns it. It may append a little more than n:
// the rest of a quoted-printable line, or of a base64 quantum.
func (d *transferDecoder) decode(dst []byte, n int) []byte {
	switch d.enc {
	case transferQP:
		return d.decodeQP(dst, n)
	case transferBase64:
		return d.decodeBase64(dst, n)
	}
	k := min(len(d.src), max(n-len(dst), 0))
	dst = append(dst, d.src[:k]...)
	d.src = d.src[k:]
	return dst
}

func (d *transferDecoder) fault(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

// decodeQP decodes quoted-printable text a line at a time. As
// mime/quotedprintable: blanks at the end of a line are dropped; "=" at the
// end of a line (blanks after it allowed) joins it to the next; "\r\n" or
// "\n" ends other lines as written; "=" not followed by two hex digits (of
// either case) is a literal "="; 8-bit bytes and a bare "\r" pass through.
// Where it would stop (a control character, an "=" before a line's end or
// before the end of the text), the bytes are kept and err notes the fault.
func (d *transferDecoder) decodeQP(dst []byte, n int) []byte {
	for len(dst) < n && len(d.src) > 0 {
		line := d.src
		hasLF := false
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, hasLF = line[:i+1], true
		}
		d.src = d.src[len(line):]
		hasCR := hasLF && len(line) >= 2 && line[len(line)-2] == '\r'
		whole := line
		for len(line) > 0 && qpDiscard(line[len(line)-1]) {
			line = line[:len(line)-1]
		}
		// ending is the line break kept after the line: none after a
		// soft break or at the end of the text.
		var ending string
		// softFault is what mime/quotedprintable reports after the
		// line's text, if that text stops it first with nothing else.
		var softFault []byte
		soft, stopped := false, false // the text stopped it (noted or not)
		if len(line) > 0 && line[len(line)-1] == '=' {
			line = line[:len(line)-1]
			rest := bytes.TrimLeft(whole[len(line)+1:], " \t")
			if !bytes.HasPrefix(rest, []byte("\n")) && !bytes.HasPrefix(rest, []byte("\r\n")) &&
				!(len(rest) == 0 && len(line) > 0 && !hasLF) {
				soft, softFault = true, rest
			}
		} else if hasCR {
			ending = "\r\n"
		} else if hasLF {
			ending = "\n"
		}
		dst = slices.Grow(dst, len(line)+len(ending))
		for i := 0; i < len(line); i++ {
			if j := i; qpPlain[line[j]] {
				for j++; j < len(line) && qpPlain[line[j]]; j++ {
				}
				dst = append(dst, line[i:j]...)
				if i = j; i == len(line) {
					break
				}
			}
			b := line[i]
			switch {
			case b == '=':
				if i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
					dst = append(dst, unhex(line[i+1])<<4|unhex(line[i+2]))
					i += 2
					continue
				}
				// The byte after the "=", in the line and its ending.
				next, after := byte(0), len(line)-i-1+len(ending)
				if i+1 < len(line) {
					next = line[i+1]
				} else if ending != "" {
					next = ending[0]
				}
				if after >= 1 && next != '\r' && next != '\n' {
					dst = append(dst, '=') // a literal "=", as written
					continue
				}
				if after >= 2 {
					d.fault("quotedprintable: invalid hex byte 0x%02x", next)
				}
				// (With less after it, the input seemed cut: no fault.)
				stopped = true
				dst = append(dst, '=')
			case b >= ' ' && b <= '~' || b == '\t' || b == '\r' || b >= 0x80:
				dst = append(dst, b)
			default:
				d.fault("quotedprintable: invalid unescaped byte 0x%02x in body", b)
				stopped = true
				dst = append(dst, b)
			}
		}
		if soft && !stopped {
			d.fault("quotedprintable: invalid bytes after =: %q", softFault)
		}
		dst = append(dst, ending...)
	}
	return dst
}

// qpPlain marks the bytes quoted-printable text holds as they are.
var qpPlain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= ' ' && c <= '~' && c != '=' || c == '\t' || c == '\r' || c >= 0x80
	}
	return t
}()

func qpDiscard(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// base64 alphabet values; b64Skip marks the blanks and line breaks base64
// text may hold (go-message turns blanks into line breaks, which
// encoding/base64 skips), b64Bad the rest.
const (
	b64Skip = 0xFE
	b64Bad  = 0xFF
)

var b64Value = func() (t [256]byte) {
	for i := range t {
		t[i] = b64Bad
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = byte(i)
	}
	for _, c := range "\r\n \t" {
		t[c] = b64Skip
	}
	return t
}()

// decodeBase64 decodes base64 text a quantum at a time.
func (d *transferDecoder) decodeBase64(dst []byte, n int) []byte {
	if d.end || len(dst) >= n {
		return dst
	}
	src := d.src
	dst = slices.Grow(dst, min(n-len(dst), len(src)/4*3+3))
	var q [4]byte
	k, at := 0, 0 // at: where the current quantum began in src
	i := 0
	for ; i < len(src); i++ {
		c := src[i]
		v := b64Value[c]
		if v < 64 && k == 0 {
			// A whole line of quanta at once, where it has no padding.
			line := src[i:]
			if e := bytes.IndexByte(line, '\n'); e >= 0 {
				line = line[:e]
			}
			line = bytes.TrimSuffix(line, []byte("\r"))
			if m := len(line); m >= 4 && m%4 == 0 && line[m-1] != '=' {
				dst = slices.Grow(dst, m/4*3)
				if w, err := base64.StdEncoding.Decode(dst[len(dst):len(dst)+m/4*3], line); err == nil && w == m/4*3 {
					dst = dst[:len(dst)+w]
					i += m - 1
					if len(dst) >= n {
						i++
						break
					}
					continue
				}
			}
		}
		if v < 64 {
			if k == 0 {
				at = i
			}
			q[k] = v
			k++
			if k == 4 {
				dst = append(dst, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2, q[2]<<6|q[3])
				k = 0
				if len(dst) >= n {
					i++
					break
				}
			}
			continue
		}
		if v == b64Skip {
			continue
		}
		if c != '=' || k < 2 {
			// A fault, unless it is in a last quantum cut short, which
			// encoding/base64's reader drops unread.
			if k+b64Chars(src[i:]) >= 4 {
				if k > 0 {
					i = at
				}
				d.fault("illegal base64 data at input byte %d", i)
			}
			d.end, d.src = true, nil
			return dst
		}
		// Padding: "xx==" or "xxx=" ends the data.
		if k == 2 {
			j := i + 1
			for j < len(src) && b64Value[src[j]] == b64Skip {
				j++
			}
			if j == len(src) {
				// Cut before the second "=": an incomplete quantum.
				d.end, d.src = true, nil
				return dst
			}
			if src[j] != '=' {
				d.fault("illegal base64 data at input byte %d", at)
				d.end, d.src = true, nil
				return dst
			}
			i = j
			dst = append(dst, q[0]<<2|q[1]>>4)
		} else {
			dst = append(dst, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2)
		}
		if b64Chars(src[i+1:]) >= 4 {
			d.fault("illegal base64 data at input byte %d", i+1)
		}
		d.end, d.src = true, nil
		return dst
	}
	if k > 0 {
		// An incomplete last quantum, as a cut prefix ends: dropped.
		d.end, d.src = true, nil
		return dst
	}
	d.src = src[i:]
	return dst
}

// b64Chars counts the bytes of b that are not blanks or line breaks.
func b64Chars(b []byte) int {
	n := 0
	for _, c := range b {
		if b64Value[c] != b64Skip {
			n++
		}
	}
	return n
}

// newTransfer reads a Content-Transfer-Encoding value.
func newTransfer(cte string) (transfer, bool) {
	switch {
	case cte == "":
		return transferIdentity, true
	case equalFoldASCII(cte, "quoted-printable"):
		return transferQP, true
	case equalFoldASCII(cte, "base64"):
		return transferBase64, true
	case equalFoldASCII(cte, "7bit"), equalFoldASCII(cte, "8bit"), equalFoldASCII(cte, "binary"):
		return transferIdentity, true
	}
	return transferIdentity, false
}

// equalFoldASCII is strings.EqualFold for a lower-case ASCII word.
func equalFoldASCII(s, word string) bool {
	if len(s) != len(word) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != word[i] {
			return false
		}
	}
	return true
}
