package parse

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/quotedprintable"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// stdlibQP is what go-message reads of a quoted-printable body.
func stdlibQP(b []byte) ([]byte, error) {
	return io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
}

// stdlibBase64 is encoding/base64's decoding of b without its blanks and
// line breaks (as go-message's reader skips them), as far as it goes.
func stdlibBase64(b []byte) ([]byte, error) {
	s := stripBlanks(b)
	out := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(out, s)
	return out[:n], err
}

func stripBlanks(b []byte) []byte {
	var out []byte
	for _, c := range b {
		switch c {
		case '\r', '\n', ' ', '\t':
		default:
			out = append(out, c)
		}
	}
	return out
}

func decodeAll(b []byte, enc transfer) ([]byte, error) {
	d := transferDecoder{src: b, enc: enc}
	out := d.decode(nil, len(b)+16)
	if d.more() {
		panic("more after decoding all")
	}
	return out, d.err
}

func TestTransferDecodeQP(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		fault    bool
	}{
		{"plain text", "plain text", false},
		{"soft=\r\nbreak", "softbreak", false},
		{"soft=\nbreak LF", "softbreak LF", false},
		{"soft= \t\r\nblanks after it", "softblanks after it", false},
		{"line one\r\nline two\r\n", "line one\r\nline two\r\n", false},
		{"line one\nline two\n", "line one\nline two\n", false},
		{"trailing blanks \t \r\nnext", "trailing blanks\r\nnext", false},
		{"caf=C3=A9 and caf=c3=a9", "café and café", false},
		{"=E4=BD=A0=E5=A5=BD\r\n", "你好\r\n", false},
		{"a=3D b", "a= b", false},
		{"100=% sure =ZZ", "100=% sure =ZZ", false}, // literal "=" not followed by hex
		{"=4", "=4", false},
		{"end soft=", "end soft", false},
		{"bare\rcr", "bare\rcr", false},
		{"8-bit \xe4\xbd\xa0", "8-bit \xe4\xbd\xa0", false},
		// Where mime/quotedprintable stops, the text goes on.
		{"ctl\x1b$B\x1b(B after", "ctl\x1b$B\x1b(B after", true},
		{"x=\r\r\nmore", "xmore", true},
		{"a=\rb\nc", "a=\rb\nc", true},
		{"=", "", true},
	} {
		got, err := decodeAll([]byte(tc.in), transferQP)
		if string(got) != tc.want || (err != nil) != tc.fault {
			t.Errorf("%q: got %q, fault %v; want %q, fault %v", tc.in, got, err, tc.want, tc.fault)
		}
		std, serr := stdlibQP([]byte(tc.in))
		if serr == nil && !bytes.Equal(std, got) || !bytes.HasPrefix(got, std) {
			t.Errorf("%q: got %q, mime/quotedprintable %q (%v)", tc.in, got, std, serr)
		}
	}
}

func TestTransferDecodeBase64(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		fault    bool
	}{
		{"aGVsbG8gd29ybGQ=", "hello world", false},
		{"aGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n", "hello world", false},
		{"aGVs\nbG8g d29y\tbGQ=", "hello world", false},
		{"aGVsbG8=", "hello", false},
		{"aGVsbA==", "hell", false},
		{"aGVsbA=\r\n=", "hell", false},
		{"aGVsbG8gd29yb", "hello wor", false}, // a cut quantum is dropped
		{"aGVsbA=", "hel", false},             // cut before the second "="
		{"aGVs*bG8g", "hel", true},
		{"aGVsb*G8g", "hel", true},
		{"aGVsbA==more", "hell", true},
		{"aGVsbA==\r\n\r\n", "hell", false},
		{"aGVs=A==", "hel", true},
		{"", "", false},
	} {
		got, err := decodeAll([]byte(tc.in), transferBase64)
		if string(got) != tc.want || (err != nil) != tc.fault {
			t.Errorf("%q: got %q, fault %v; want %q, fault %v", tc.in, got, err, tc.want, tc.fault)
		}
		if std, _ := stdlibBase64([]byte(tc.in)); !bytes.Equal(std, got) {
			t.Errorf("%q: got %q, encoding/base64 %q", tc.in, got, std)
		}
	}
}

// FuzzTransferDecode compares the decoders with the standard library's:
// the same bytes where those read the input to its end; where
// mime/quotedprintable stops at a fault, what it gave and more; decoding in
// steps gives what decoding at once does.
func FuzzTransferDecode(f *testing.F) {
	f.Add([]byte("soft=\r\nbreak =E4=BD=A0 = \r\nx\n"), false, uint8(7))
	f.Add([]byte("aGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n"), true, uint8(3))
	f.Add([]byte("aGVsbA==more"), true, uint8(1))
	f.Add([]byte("=\r\r\n=4=\n\x00"), false, uint8(2))
	f.Fuzz(func(t *testing.T, in []byte, b64 bool, step uint8) {
		enc := transferQP
		if b64 {
			enc = transferBase64
		}
		got, fault := decodeAll(in, enc)
		if b64 {
			if std, _ := stdlibBase64(in); !bytes.Equal(got, std) {
				t.Fatalf("%q: got %q, encoding/base64 %q", in, got, std)
			}
		} else {
			std, err := stdlibQP(in)
			if err == nil && (!bytes.Equal(got, std) || fault != nil) {
				t.Fatalf("%q: got %q (%v), mime/quotedprintable %q", in, got, fault, std)
			}
			if !bytes.HasPrefix(got, std) {
				t.Fatalf("%q: got %q, mime/quotedprintable %q (%v)", in, got, std, err)
			}
		}
		// In steps, as readText asks for a snippet's worth first.
		d := transferDecoder{src: in, enc: enc}
		var out []byte
		for n := int(step%16) + 1; d.more(); n += int(step%16) + 1 {
			out = d.decode(out, n)
		}
		if !bytes.Equal(out, got) {
			t.Fatalf("%q in steps of %d: %q, at once %q", in, step%16+1, out, got)
		}
	})
}

// oldReadSinglePart is readSinglePart as it was before it decoded the
// fetched bytes itself: the standard library's readers (as go-message's)
// under charsetReader's, read through readText.
func oldReadSinglePart(info *bodyInfo, mediaType string, params map[string]string, cte string, body []byte, complete bool) {
	var r io.Reader = bytes.NewReader(body)
	switch enc := strings.ToLower(cte); enc {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, bytes.NewReader(stripBlanks(body)))
	case "7bit", "8bit", "binary", "":
	default:
		info.note("body: encoding error: unhandled encoding %q", clip(toUTF8String(enc), 40))
	}
	if label, ok := params["charset"]; ok {
		cr, err := refCharsetReader(label, r)
		if err != nil {
			info.note("body: unknown charset: %v", err)
		} else {
			r = cr
		}
	}
	text, snip := oldReadText(r, complete, info, mediaType == "text/plain" && info.snippetOnly)
	if mediaType == "text/plain" {
		info.plainSnippet = snip
		info.plain, info.hasPlain = text, true
	} else {
		info.html = stripHTML(text)
	}
}

// bodySnippet is the snippet parseMessage takes of a body.
func bodySnippet(b bodyInfo) string {
	switch {
	case b.hasPlain && b.plainSnippet != "":
		return b.plainSnippet
	case b.hasPlain && strings.TrimSpace(b.plain) != "":
		return snippet(b.plain)
	}
	return snippet(b.html)
}

// sameSinglePart checks readSinglePart against oldReadSinglePart on one
// part: the same snippet, text (where it is kept) and notes.
func sameSinglePart(t *testing.T, name, mediaType string, params map[string]string, cte string, body []byte, complete bool) {
	t.Helper()
	for _, snippetOnly := range []bool{false, true} {
		old, now := bodyInfo{snippetOnly: snippetOnly}, bodyInfo{snippetOnly: snippetOnly}
		oldReadSinglePart(&old, mediaType, params, cte, body, complete)
		readSinglePart(&now, mediaType, params, cte, body, complete)
		if o, n := bodySnippet(old), bodySnippet(now); o != n {
			t.Fatalf("%s (snippet only %v): snippet\n%q, was\n%q", name, snippetOnly, n, o)
		}
		if !snippetOnly && (old.plain != now.plain || old.html != now.html) {
			t.Fatalf("%s: text\n%q\n%q, was\n%q\n%q", name, now.plain, now.html, old.plain, old.html)
		}
		if strings.Join(old.errs, ";") != strings.Join(now.errs, ";") {
			t.Fatalf("%s (snippet only %v): notes %q, were %q", name, snippetOnly, now.errs, old.errs)
		}
	}
}

// TestSinglePartAsBefore: on the realistic mix, cut as sync fetches it,
// the text parts decode to the same snippet and text as with the
// standard library's readers.
func TestSinglePartAsBefore(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	kinds := map[string]int{}
	for i, c := range exportCuts(t, n) {
		mediaType, params, cte := "text/plain", map[string]string{}, ""
		if c.part != nil {
			mediaType, cte = c.part.MediaType, c.part.Encoding
			if c.part.Charset != "" {
				params["charset"] = c.part.Charset
			}
		} else {
			h := lenientHeader(c.h)
			mt, p, _ := parseMediaType(h.Get("Content-Type"))
			if mt != "text/plain" && mt != "text/html" {
				continue
			}
			mediaType, params, cte = mt, p, h.Get("Content-Transfer-Encoding")
		}
		kinds[strings.ToLower(cte)+" "+strings.ToLower(params["charset"])]++
		name := fmt.Sprintf("export %d", i)
		sameSinglePart(t, name, mediaType, params, cte, c.body, false)
		sameSinglePart(t, name+" taken as whole", mediaType, params, cte, c.body, true)
	}
	t.Logf("encodings and charsets compared: %v", kinds)
	if len(kinds) < 8 {
		t.Fatalf("the mix gave only %v", kinds)
	}
}

// The go-message lookup is followed for every other label.
func TestCharsetDecoderAsReader(t *testing.T) {
	sample := []byte("caf\xe9 \xa4\xa4\xa4\xe5 \xd6\xd0\xce\xc4 \x1b$B$3$s\x1b(B \x82\xa0 plain")
	for _, label := range []string{
		"utf-8", "UTF-8", "us-ascii", "gbk", "GB2312", "gb18030", "iso-8859-1", "ISO-8859-1", "latin1",
		"big5", "Big5", "BIG5", "big5-hkscs", "iso-2022-jp", "shift_jis", "Shift-JIS", "euc-jp", "euc-kr", "koi8-r",
		"windows-1251", "windows-1252", "iso-8859-15", "utf-16", "utf-16le", "x-utf_8j", "ansi_x3.110-1983",
		"unicode-1-1-utf-7", "bogus", "", "\"utf-8\"", "utf-8*en", "tis-620", "cp1252", "x-mac-roman", "replacement",
	} {
		conv, err := charsetDecoder(label)
		r, rerr := refCharsetReader(label, bytes.NewReader(sample))
		if (err == nil) != (rerr == nil) || err != nil && err.Error() != rerr.Error() {
			t.Errorf("%q: error %v, charsetReader's %v", label, err, rerr)
			continue
		}
		if err != nil {
			continue
		}
		want, _ := io.ReadAll(r)
		got := sample
		if conv != nil {
			got, _, _ = transform.Bytes(conv, sample)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%q: %q, charsetReader %q", label, got, want)
		}
	}
}

// refCharsetReader is charsetReader as first written, over go-message's
// charset.Reader and x/text's transform.Reader: the reference.
// Under a single-byte or a Chinese label, UTF-8 text is taken as it is
// (utf8Guard).
func refCharsetReader(label string, input io.Reader) (io.Reader, error) {
	switch normCharset(label) {
	case "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "gb18030", "csgb2312", "chinese":
		return refUTF8(input, true, simplifiedchinese.GB18030.NewDecoder().Reader), nil
	case "iso-8859-1", "latin1", "iso8859-1", "l1":
		return refUTF8(input, false, charmap.Windows1252.NewDecoder().Reader), nil
	case "utf-8", "utf8", "us-ascii", "ascii", "":
		return input, nil
	}
	if equalFoldASCII(label, "big5") {
		return refUTF8(input, true, func(r io.Reader) io.Reader { rd, _ := charset.Reader(label, r); return rd }), nil
	}
	if enc, err := lookupCharset(label); err == nil {
		if _, ok := enc.(*charmap.Charmap); ok {
			return refUTF8(input, false, func(r io.Reader) io.Reader { rd, _ := charset.Reader(label, r); return rd }), nil
		}
	}
	return charset.Reader(label, input)
}

// refUTF8 reads input whole: from its first byte beyond ASCII on, valid
// UTF-8 with a character beyond ASCII (cjk: of three bytes or more) is
// given as it is, anything else through decode; the input's error comes
// after it.
func refUTF8(input io.Reader, cjk bool, decode func(io.Reader) io.Reader) io.Reader {
	b, err := io.ReadAll(input)
	again := func(b []byte) io.Reader {
		if err != nil {
			return io.MultiReader(bytes.NewReader(b), &failingReader{})
		}
		return bytes.NewReader(b)
	}
	i := bytes.IndexFunc(b, func(r rune) bool { return r >= utf8.RuneSelf })
	if i < 0 {
		return decode(again(b))
	}
	rest := b[i:]
	if err != nil {
		rest = rest[:len(rest)-cutRuneLen(rest)]
	}
	ok := len(rest) > 0 && utf8.Valid(rest)
	if ok && cjk {
		ok = slices.ContainsFunc(rest, func(c byte) bool { return c >= 0xE0 })
	}
	if ok {
		return again(b[:i+len(rest)])
	}
	return decode(again(b))
}

// failingReader gives its bytes, then an error that is not the end.
type failingReader struct{ b []byte }

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.b) == 0 {
		return 0, errors.New("connection reset")
	}
	n := copy(p, f.b)
	f.b = f.b[n:]
	return n, nil
}

// charsetReader gives what the reference gives, the same way.
func TestCharsetReaderAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, label := range []string{"gbk", "GB2312", "big5", "iso-8859-1", "utf-8", "shift_jis", "iso-2022-jp", "koi8-r", "utf-16", "euc-kr", "bogus"} {
		for i := range 200 {
			b := make([]byte, r.IntN(60))
			for j := range b {
				b[j] = byte(r.IntN(256))
			}
			var in, refIn io.Reader = bytes.NewReader(b), bytes.NewReader(b)
			if i%3 == 0 {
				in, refIn = &failingReader{b}, &failingReader{append([]byte(nil), b...)}
			}
			got, gerr := charsetReader(label, in)
			want, werr := refCharsetReader(label, refIn)
			if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
				t.Fatalf("%s: error %v, reference %v", label, gerr, werr)
			}
			if gerr != nil {
				continue
			}
			g, gerr := io.ReadAll(got)
			w, werr := io.ReadAll(want)
			if !bytes.Equal(g, w) || (gerr == nil) != (werr == nil) {
				t.Fatalf("%s %q: %q (%v), reference %q (%v)", label, b, g, gerr, w, werr)
			}
		}
	}
}
