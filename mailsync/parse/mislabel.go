package parse

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// UTF-8 text under another charset's label. A website's contact form or an
// ERP often writes UTF-8 while its mail header says "iso-8859-1" or
// "gb2312"; decoded as labelled, "Jürgen" becomes "JÃ¼rgen". Text in a
// single-byte charset (Latin-1, windows-1252, KOI8) or in GBK or Big5
// that happens to be valid multi-byte UTF-8 is so rare that such text is
// taken as UTF-8. For the Chinese charsets a three-byte sequence is asked
// for as well (Chinese in UTF-8 has them; a pair of GBK bytes may form a
// two-byte sequence by chance).

// utf8Guard decodes as conv unless the text is UTF-8. It decides at the
// first byte beyond ASCII, on the text available from there, and keeps to
// that decision: it holds state, so each text needs one of its own.
type utf8Guard struct {
	conv transform.Transformer
	cjk  bool
	mode guardMode
}

type guardMode int8

const (
	guardUndecided guardMode = iota
	guardUTF8
	guardConv
)

// guardUTF8Label wraps conv, a decoder of the single-byte charset or (cjk)
// the Chinese charset a label names, in a utf8Guard.
func guardUTF8Label(conv transform.Transformer, cjk bool) transform.Transformer {
	return &utf8Guard{conv: conv, cjk: cjk}
}

var utf8Replacer = unicode.UTF8.NewDecoder() // keeps no state between calls

func (g *utf8Guard) Reset() {
	g.mode = guardUndecided
	g.conv.Reset()
}

func (g *utf8Guard) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	switch g.mode {
	case guardUTF8:
		return utf8Replacer.Transform(dst, src, atEOF)
	case guardConv:
		return g.conv.Transform(dst, src, atEOF)
	}
	i := 0
	for i < len(src) && src[i] < utf8.RuneSelf {
		i++
	}
	n := copy(dst, src[:i])
	if n < i {
		return n, n, transform.ErrShortDst
	}
	if i == len(src) {
		return n, n, nil
	}
	// An incomplete character at the end says nothing either way, even at
	// the end of the text: a server's cut of a part's first bytes
	// (BODY[n]<0.4096>) falls inside a character as often as not.
	rest := src[i:]
	if cut := rest[:len(rest)-cutRuneLen(rest)]; len(cut) > 0 {
		rest = cut
	} else if !atEOF {
		return n, n, transform.ErrShortSrc
	}
	g.mode = guardConv
	if isMultiByteUTF8(rest, g.cjk) {
		g.mode = guardUTF8
	}
	d, s, err := g.Transform(dst[n:], src[i:], atEOF)
	return n + d, i + s, err
}

// cutRuneLen is the length of an incomplete UTF-8 sequence b ends with, or
// 0.
func cutRuneLen(b []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(b[len(b)-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}

// isMultiByteUTF8 says b is valid UTF-8 with a character beyond ASCII
// (with cjk: one of three or four bytes).
func isMultiByteUTF8(b []byte, cjk bool) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c >= 0xE0 || (!cjk && c >= utf8.RuneSelf) {
			return true
		}
	}
	return false
}
