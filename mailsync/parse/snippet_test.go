package parse

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// oldSnippet is snippet as it was, rune by rune, kept to check the
// faster one against.
func oldSnippet(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s) && b.Len() < snippetBytes; {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				i++
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			j, end := i+1, min(len(s), i+snippetBytes-b.Len())
			for j < end && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return strings.TrimRight(clip(b.String(), snippetBytes), " ")
}

var snippetPieces = []string{
	"word", "Preis", " ", "  ", "\t", "\r\n", "\n\n", "\u00a0", "\u3000", "\u2003", "\u0085", "\u1680",
	"你好", "报价单", "。", "，", "—", "é", "·", "\u2028", "😀", "\x80", "\xc2", "\xe2\x80", "\xe3\x80", "\xff", "a",
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(snippetPieces[r.IntN(len(snippetPieces))])
	}
	return b.String()
}

func TestSnippetAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		s := randomText(r, r.IntN(5000))
		if got, want := snippet(s), oldSnippet(s); got != want {
			t.Fatalf("snippet(%q)\n= %q\nwant %q", s, got, want)
		}
	}
	for r := range rune(0x3100) {
		s := strings.Repeat("x", 2046) + string(r) + "yz"
		if got, want := snippet(s), oldSnippet(s); got != want {
			t.Fatalf("rune %U: %q, want %q", r, got[2040:], want[2040:])
		}
	}
}

// Every white space rune beyond ASCII starts with a byte spaceLead marks.
func TestSpaceLead(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) && !spaceLead[string(r)[0]] {
			t.Fatalf("%U", r)
		}
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("a  b\u3000c\u00a0 你好。\xe2\x80")
	f.Add(strings.Repeat("报价", 400))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := snippet(s), oldSnippet(s); got != want {
			t.Fatalf("snippet(%q)\n= %q\nwant %q", s, got, want)
		}
	})
}

func TestFoldSpace(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "Re: 报价\u3000单", "x\u00a0y"} {
		if got, want := foldSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("foldSpace(%q) = %q, want %q", s, got, want)
		}
	}
	for range 20000 {
		s := randomText(r, r.IntN(80))
		if got, want := foldSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("foldSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
