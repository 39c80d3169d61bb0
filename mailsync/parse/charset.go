package parse

import (
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// charsetReader converts text in a named charset to UTF-8. It wraps
// go-message's charset table (the one behind GBK, Big5, ISO-2022-JP,
// Shift_JIS, windows-125x...) with two corrections seen in export mail:
// Chinese clients label text "gb2312" or "gbk" while writing characters only
// GB18030 has, so the whole GB family decodes as GB18030 (a superset); and
// "iso-8859-1" is really windows-1252 in practice (curly quotes, euro sign).
// (charsetDecoder decides; the reader converts the input at its first Read,
// all of it at once: its users, encoded words in addresses, are short.)
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	conv, err := charsetDecoder(label)
	if err != nil {
		return nil, err
	}
	if conv == nil {
		return input, nil
	}
	return &convReader{conv: conv, in: input}, nil
}

// convReader is a transform.Reader without its two 4 KB buffers: it reads
// its whole input at once.
type convReader struct {
	conv transform.Transformer
	in   io.Reader
	out  []byte
	err  error // the input's error, after out
	read bool
}

func (r *convReader) Read(p []byte) (int, error) {
	r.fill()
	if len(r.out) == 0 {
		return 0, r.err
	}
	n := copy(p, r.out)
	r.out = r.out[n:]
	return n, nil
}

// WriteTo writes what is left of the converted input to w. io.Copy uses it
// where it would otherwise allocate a 32 KB buffer of its own, as
// mime.WordDecoder's does for every encoded word in a charset other than
// UTF-8, ASCII or Latin-1.
func (r *convReader) WriteTo(w io.Writer) (int64, error) {
	r.fill()
	n, err := w.Write(r.out)
	r.out = r.out[n:]
	if err == nil && r.err != io.EOF {
		err = r.err
	}
	return int64(n), err
}

// fill reads and converts the whole input, once.
func (r *convReader) fill() {
	if r.read {
		return
	}
	r.read = true
	src, err := io.ReadAll(r.in)
	if err == nil {
		err = io.EOF
	}
	r.err = err
	// At the input's end an incomplete sequence is decoded (as U+FFFD);
	// before an error it is held back, as transform.Reader does.
	out := make([]byte, 0, 3*len(src)+16)
	for {
		n, _, terr := r.conv.Transform(out[:cap(out)], src, err == io.EOF)
		if terr == transform.ErrShortDst && cap(out) < 16*len(src)+64 {
			out = slices.Grow(out, cap(out))
			continue
		}
		r.out = out[:n]
		if terr != nil && terr != transform.ErrShortSrc && terr != transform.ErrShortDst {
			r.err = terr
		}
		return
	}
}

// go-message decodes the parts of a multipart body through its package
// hook; with charsetReader there, every part gets the corrections above, as
// single parts and header text do. (go-message/charset, imported for its
// table, set the hook in its own init, which runs before this one.)
func init() { message.CharsetReader = charsetReader }

// normCharset lower-cases a charset label and drops an RFC 2231 language
// suffix ("utf-8*en"), stray quotes and a repeated parameter name
// (charset="charset=us-ascii", as some mailers write it).
func normCharset(label string) string {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	for strings.HasPrefix(label, "charset=") {
		label = strings.Trim(strings.TrimSpace(label[len("charset="):]), `"'`)
	}
	if i := strings.IndexByte(label, '*'); i >= 0 {
		label = label[:i]
	}
	return label
}

// decodeCharset converts b from the named charset to valid UTF-8. An unknown
// charset is not fatal: the bytes go through toUTF8's guessing and the error
// says which label was not understood.
func decodeCharset(label string, b []byte) (string, error) {
	conv, err := charsetDecoder(label)
	if err != nil {
		return toUTF8(b), fmt.Errorf("unknown charset %q", label)
	}
	if conv == nil {
		return toUTF8(b), nil
	}
	bp := getTextBuf()
	defer textBufs.Put(bp)
	out := *bp
	for {
		// A cut multi-byte sequence at the end is not worth failing for.
		out = slices.Grow(out, 3*len(b)+16)
		n, _, err := conv.Transform(out[:cap(out)], b, true)
		if err == transform.ErrShortDst && n < 3*len(b)+16 {
			out = slices.Grow(out, cap(out)+64)
			continue
		}
		out = out[:n]
		break
	}
	*bp = out[:0]
	return toUTF8(out), nil
}

// toUTF8 returns b as valid UTF-8. Valid UTF-8 passes unchanged; anything
// else is raw 8-bit text in a charset guessed from the bytes (guessCharset).
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return rawUnknown.decode(string(b))
}

// toUTF8String is toUTF8 for a string; valid UTF-8 is returned as is,
// without a copy.
func toUTF8String(s string) string {
	return rawUnknown.decode(s)
}

// encodedWords returns where the RFC 2047 encoded words of s are, as
// regexp's FindAllStringSubmatchIndex would for
// `=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=` (each group can match only one
// way, so a scan from each "=?" finds what the expression does).
func encodedWords(s string) [][8]int {
	var out [][8]int
	for i := 0; i+1 < len(s); {
		k := strings.Index(s[i:], "=?")
		if k < 0 {
			break
		}
		st := i + k
		i = st + 1 // where to look next if this is no word
		cs := wordRun(s, st+2)
		if cs == st+2 || cs+2 >= len(s) || s[cs] != '?' || !strings.ContainsRune("bBqQ", rune(s[cs+1])) || s[cs+2] != '?' {
			continue
		}
		te := wordRun(s, cs+3)
		if te+1 >= len(s) || s[te] != '?' || s[te+1] != '=' {
			continue
		}
		out = append(out, [8]int{st, te + 2, st + 2, cs, cs + 1, cs + 2, cs + 3, te})
		i = te + 2
	}
	return out
}

// wordRun returns where the run of bytes from i that are neither "?" nor
// white space (regexp's \s) ends.
func wordRun(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '?', ' ', '\t', '\n', '\f', '\r':
			return i
		}
		i++
	}
	return i
}

// decodeWords decodes the RFC 2047 encoded words in a header value that is
// already valid UTF-8. It does the job of mime.WordDecoder with two
// differences that matter for Chinese mail: adjacent words in the same
// charset are joined before charset conversion (clients split GBK text in the
// middle of a character across two words), and a word that cannot be decoded
// is left as written rather than failing the whole value.
func decodeWords(s string) (string, error) {
	if !strings.Contains(s, "=?") {
		return s, nil
	}
	locs := encodedWords(s)
	if locs == nil {
		return s, nil
	}
	var (
		out      strings.Builder
		firstErr error
		pending  []byte // raw bytes of adjacent words in pendLab
		pendLab  string
		last     int
	)
	flush := func() {
		if pending == nil {
			return
		}
		txt, err := decodeCharset(pendLab, pending)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		out.WriteString(txt)
		pending, pendLab = nil, ""
	}
	for _, m := range locs {
		between := s[last:m[0]]
		label := normCharset(s[m[2]:m[3]])
		raw, ok := decodeWordBytes(s[m[4]:m[5]], s[m[6]:m[7]])
		if !ok {
			flush()
			out.WriteString(between)
			out.WriteString(s[m[0]:m[1]])
			last = m[1]
			continue
		}
		// RFC 2047 6.2: whitespace between two encoded words is dropped.
		adjacent := pending != nil && strings.TrimSpace(between) == ""
		if !adjacent || label != pendLab {
			flush()
			if !adjacent {
				out.WriteString(between)
			}
		}
		pendLab = label
		pending = append(pending, raw...)
		last = m[1]
	}
	flush()
	out.WriteString(s[last:])
	return out.String(), firstErr
}

// decodeWordBytes undoes the B or Q encoding of one encoded word.
func decodeWordBytes(enc, text string) ([]byte, bool) {
	if enc == "b" || enc == "B" {
		// Padding is often wrong in the wild; decode without it.
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "="))
		return b, err == nil
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]):
			out = append(out, unhex(text[i+1])<<4|unhex(text[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// decodeText turns a raw header value into display text: 8-bit bytes to
// UTF-8 first, guessing their charset from the value alone (encoded words
// are ASCII, so this cannot disturb them), then encoded words, then folding
// whitespace collapsed.
func decodeText(raw string) (string, error) { return decodeTextIn(raw, rawUnknown) }

// decodeTextIn is decodeText with raw 8-bit bytes read in cs, the charset
// chosen for the whole message's header.
func decodeTextIn(raw string, cs rawCharset) (string, error) {
	s, err := decodeWords(cs.decode(raw))
	return foldSpace(dropControls(s)), err
}

// dropControls removes the control characters an encoded word can carry
// (a NUL, an escape) from header text: no subject or name means one, and
// text stored with them reaches every page and mail that quotes it. Line
// breaks and tabs are left for foldSpace to fold.
func dropControls(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0x7f || c < ' ' && !asciiSpace[c] {
			return strings.Map(func(r rune) rune {
				if r == 0x7f || r < ' ' && !asciiSpace[r] {
					return -1
				}
				return r
			}, s)
		}
	}
	return s
}

// foldSpace is strings.Join(strings.Fields(s), " "), returning s itself
// when it has nothing to fold (most header values).
func foldSpace(s string) string {
	prev := byte(' ') // a blank at the start is folded
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && asciiSpace[c] && (c != ' ' || prev == ' ') || spaceLead[c] {
			return strings.Join(strings.Fields(s), " ")
		}
		prev = c
	}
	if prev == ' ' && len(s) > 0 {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// Decoders of the charsets most export mail is in. Their transformers keep
// no state between calls, so one of each serves every part at once.
var (
	gb18030Decoder     transform.Transformer = simplifiedchinese.GB18030.NewDecoder()
	windows1252Decoder transform.Transformer = charmap.Windows1252.NewDecoder()
	big5Decoder        transform.Transformer = traditionalchinese.Big5.NewDecoder()
)

// charsetDecoder is charsetReader as a transformer over bytes in memory:
// nil for text taken as it is (UTF-8, US-ASCII). Under a single-byte or a
// Chinese charset's label, text that is UTF-8 is taken as UTF-8 (utf8Guard). It decides as
// charsetReader does, and for the labels it hands to go-message it looks
// the charset up as go-message's charset.Reader does (its quirks table,
// then the IANA MIME names, with "cs" before them, then the WHATWG labels),
// with the same errors.
func charsetDecoder(label string) (transform.Transformer, error) {
	switch normCharset(label) {
	case "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "gb18030", "csgb2312", "chinese":
		return guardUTF8Label(gb18030Decoder, true), nil
	case "iso-8859-1", "latin1", "iso8859-1", "l1":
		return guardUTF8Label(windows1252Decoder, false), nil
	case "utf-8", "utf8", "us-ascii", "ascii", "":
		return nil, nil
	}
	if equalFoldASCII(label, "big5") {
		return guardUTF8Label(big5Decoder, true), nil
	}
	enc, err := lookupCharset(label)
	if err != nil {
		return nil, err
	}
	if cm, ok := enc.(*charmap.Charmap); ok {
		return guardUTF8Label(cm.NewDecoder(), false), nil
	}
	return enc.NewDecoder(), nil // a new one: some keep state (ISO-2022-JP)
}

// charsetQuirks is go-message's table of charsets ianaindex lacks.
var charsetQuirks = map[string]encoding.Encoding{
	"ansi_x3.110-1983": charmap.ISO8859_1,
	"x-utf_8j":         unicode.UTF8,
}

// lookupCharset finds a charset as go-message's charset.Reader does.
func lookupCharset(label string) (encoding.Encoding, error) {
	var err error
	enc, ok := charsetQuirks[strings.ToLower(label)]
	if !ok {
		enc, err = ianaindex.MIME.Encoding(label)
	}
	if enc == nil {
		enc, err = ianaindex.MIME.Encoding("cs" + label)
	}
	if enc == nil {
		enc, err = htmlindex.Get(label)
	}
	if err != nil {
		return nil, fmt.Errorf("charset %q: %v", label, err)
	}
	if enc == nil {
		return nil, fmt.Errorf("charset %q: unsupported charset", label)
	}
	return enc, nil
}
