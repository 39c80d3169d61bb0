package parse

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A prefilter skips the part of a text where a regular expression cannot
// match. Go's regexp runs an expression of many alternatives, such as
// returnBefore's words in fifteen languages, at about a microsecond a byte
// (it has no literal prefix to look for first); words every match must
// hold are found far faster with strings.Index. On the out-of-office
// replies of the sync benchmark's mail that is most of the time read
// spends on a return date.
type prefilter struct {
	words   [][]byte // case-folded (foldString); nil: no prefilter
	longest int      // the longest word's length
}

// newPrefilter derives from re's syntax the words one of which every match
// of re holds. Where it cannot (a branch holding no literal), the
// prefilter lets the whole text through.
func newPrefilter(re *regexp.Regexp) prefilter {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return prefilter{}
	}
	words, ok := mustHold(tree.Simplify())
	if !ok {
		return prefilter{}
	}
	var p prefilter
	for _, w := range words {
		f := foldString(w)
		p.words = append(p.words, []byte(f))
		p.longest = max(p.longest, len(f))
	}
	return p
}

// mustHold returns literals one of which every match of re contains, or
// false when there are none.
func mustHold(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}, true
	case syntax.OpCapture:
		return mustHold(re.Sub[0])
	case syntax.OpPlus:
		return mustHold(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return mustHold(re.Sub[0])
		}
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			ws, ok := mustHold(sub)
			if !ok {
				return nil, false
			}
			all = append(all, ws...)
		}
		return all, true
	case syntax.OpConcat:
		// Any one part will do: the one whose shortest word is longest.
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			ws, ok := mustHold(sub)
			if !ok {
				continue
			}
			short := len(ws[0])
			for _, w := range ws {
				short = min(short, len(w))
			}
			if short > bestLen {
				best, bestLen = ws, short
			}
		}
		return best, best != nil
	}
	return nil, false
}

// foldRune is the rune that stands for r's case class: the smallest of
// the runes (?i) takes as r (K for k and the Kelvin sign K, S for s and
// the long s ſ).
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	low := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		low = min(low, f)
	}
	return low
}

func foldString(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// from returns where in text the expression's search may start with the
// same matches (their ends the same; a match that would begin with the
// byte before from begins at from), or -1 when it cannot match at all. It
// starts just after the last ASCII byte that is neither a letter, a digit
// nor '_' before the first word: there \b, ^ and a non-letter before a
// word are what they are in the whole text. A match starts at most a rune
// before its word.
func (p prefilter) from(text string) int {
	if p.words == nil {
		return 0
	}
	// The text is folded a piece at a time, each piece searched as it
	// comes (with the end of the one before, where a word may begin): the
	// first word is usually near the start. at holds, for each folded
	// byte, the offset in text of the rune it came from.
	const piece = 256
	folded := make([]byte, 0, min(len(text), 4*piece))
	at := make([]int32, 0, cap(folded))
	first, searched := -1, 0
	search := func() {
		lo := max(0, searched-p.longest+1)
		for _, w := range p.words {
			if i := bytes.Index(folded[lo:], w); i >= 0 && (first < 0 || lo+i < first) {
				first = lo + i
			}
		}
		searched = len(folded)
	}
	for i, r := range text {
		n := len(folded)
		folded = utf8.AppendRune(folded, foldRune(r))
		for range len(folded) - n {
			at = append(at, int32(i))
		}
		// Once a word is found, a longer one may begin before it and end
		// in the next piece: folded as far as the longest word past it,
		// the search is done.
		if first >= 0 && len(folded) >= first+p.longest {
			break
		}
		if first < 0 && len(folded)-searched >= piece {
			search()
		}
	}
	search()
	if first < 0 {
		return -1
	}
	start := int(at[first])
	for i := start - 1; i >= 0; i-- {
		if c := text[i]; c < utf8.RuneSelf && !isWordByte(c) {
			return i + 1
		}
	}
	return 0
}

// isWordByte is \b's word character, as Go's regexp has it (ASCII).
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}
