package parse

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

var encodedWordRE = regexp.MustCompile(`=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=`)

// encodedWords finds what the regular expression it replaces finds.
func TestEncodedWordsAsRegexp(t *testing.T) {
	pieces := []string{"=?", "?=", "?", "=", "utf-8", "gbk", "B", "q", "Q", "b", "5L2g5aW9", "=E4=BD=A0", " ", "\t", "\r\n", "x", "\xff", "中"}
	r := rand.New(rand.NewPCG(7, 8))
	check := func(s string) {
		var want [][8]int
		for _, m := range encodedWordRE.FindAllStringSubmatchIndex(s, -1) {
			want = append(want, [8]int(m))
		}
		got := encodedWords(s)
		if len(got) != len(want) || len(got) > 0 && !equalLocs(got, want) {
			t.Fatalf("encodedWords(%q) = %v, want %v", s, got, want)
		}
	}
	check("=?utf-8?B?5L2g5aW9?= =?gbk?q?=C4=E3?= plain =?x?Q??=")
	for range 50000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		check(b.String())
	}
}

func equalLocs(a, b [][8]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// decodeCharset converts as the reference reader does.
func TestDecodeCharsetAsReader(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, label := range []string{"gbk", "gb2312", "big5", "iso-8859-1", "utf-8", "shift_jis", "iso-2022-jp", "koi8-r", "utf-16", "bogus"} {
		for range 300 {
			b := make([]byte, r.IntN(40))
			for i := range b {
				b[i] = byte(r.IntN(256))
				if r.IntN(3) == 0 {
					b[i] = byte('a' + r.IntN(26))
				}
			}
			got, gerr := decodeCharset(label, b)
			var want string
			var werr error
			if rd, err := refCharsetReader(label, bytes.NewReader(b)); err != nil {
				werr = err
				want = toUTF8(b)
			} else {
				out, _ := io.ReadAll(rd)
				want = toUTF8(out)
			}
			if got != want || (gerr == nil) != (werr == nil) {
				t.Fatalf("%s %q: %q (%v), was %q (%v)", label, b, got, gerr, want, werr)
			}
		}
	}
}

// convReader's WriteTo writes what its Read does, and passes on an input's
// error as Read would.
func TestConvReaderWriteToAsRead(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	failing := errors.New("input failed")
	for _, label := range []string{"gbk", "gb2312", "big5", "iso-8859-1", "shift_jis"} {
		for i := range 200 {
			b := make([]byte, r.IntN(60))
			for i := range b {
				b[i] = byte(r.IntN(256))
			}
			input := func() io.Reader {
				if i%5 == 0 {
					return io.MultiReader(bytes.NewReader(b), iotest.ErrReader(failing))
				}
				return bytes.NewReader(b)
			}
			rd, err := charsetReader(label, input())
			if err != nil {
				t.Fatal(err)
			}
			want, werr := io.ReadAll(iotest.OneByteReader(rd)) // Read alone
			rd, _ = charsetReader(label, input())
			var got bytes.Buffer
			_, gerr := io.Copy(struct{ io.Writer }{&got}, rd) // WriteTo
			if !bytes.Equal(got.Bytes(), want) || !errors.Is(gerr, werr) {
				t.Fatalf("%s %q: WriteTo %q (%v), Read %q (%v)", label, b, got.Bytes(), gerr, want, werr)
			}
		}
	}
}

// A display name encoded in GBK (the exporter's Foxmail) is decoded without
// io.Copy's 32 KB buffer.
func TestEncodedWordAddressAllocatesLittle(t *testing.T) {
	const list = "=?GBK?B?1cXI/Q==?= <zhang@example.cn>, =?big5?Q?=A4=FD=A4=AD?= <li@example.tw>"
	if got, _ := parseAddressListIn(list, rawUnknown); len(got) != 2 || got[0].Name != "张三" || got[1].Name != "王五" {
		t.Fatalf("parseAddressListIn = %+v", got)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 200
	for range runs {
		parseAddressListIn(list, rawUnknown)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 8<<10 {
		t.Fatalf("decoding two encoded names allocates %d bytes", per)
	}
}
