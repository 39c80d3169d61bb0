package parse

import (
	"bytes"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
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
