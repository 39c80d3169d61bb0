package store

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// honorifics are the titles a sheet writes before a Western name.
var honorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "sir": true, "madam": true, "herr": true, "frau": true}

// hanTitles are the titles a Chinese sheet writes after a surname or a
// name (王伟先生, 张总, 李经理).
var hanTitles = []string{"先生", "女士", "小姐", "经理", "總", "总"}

// foldPerson makes one person written two ways the same name: case and
// width (full-width letters, 全角 spaces), accents (José, Jose), the
// spaces a Chinese sheet pads a two-character name with (王 伟), a
// remark in brackets (Bob Stone (采购)), punctuation, the order of the
// names (Stone, Bob) and titles (Mr. Bob Stone, 王伟先生, 张总). "Bob" and
// "Robert" stay two names: only the user can tell they are one person.
func foldPerson(s string) string {
	s = width.Fold.String(s)
	if t, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s); err == nil {
		s = t
	}
	s = strings.ToLower(s)
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[' || r == '【':
			depth++
		case (r == ')' || r == ']' || r == '】') && depth > 0:
			depth--
		case depth > 0:
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	var words []string
	han := false // the last word is all Han: a Han word after it joins it
	for _, w := range strings.Fields(b.String()) {
		if honorifics[w] {
			continue
		}
		isHan := !strings.ContainsFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
		if isHan && han {
			words[len(words)-1] += w
			continue
		}
		words, han = append(words, w), isHan
	}
	for i, w := range words {
		for _, t := range hanTitles {
			if rest, ok := strings.CutSuffix(w, t); ok && rest != "" && !strings.ContainsFunc(rest, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
				words[i] = rest
				break
			}
		}
	}
	slices.Sort(words)
	return strings.Join(words, " ")
}
