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

// honorifics are the titles a sheet writes before a Western name, by the
// kind of person they name (titleKinds): "" names no kind (Dr, Mx).
var honorifics = map[string]string{"mr": "male", "sir": "male", "herr": "male",
	"mrs": "female", "ms": "female", "miss": "female", "madam": "female", "frau": "female",
	"mx": "", "dr": ""}

// hanTitles are the titles a Chinese sheet writes after a surname or a
// name (王伟先生, 张总, 李经理), by the kind of person they name: a gender,
// or a rank (经理, 总: the manager and the boss are two people).
var hanTitles = []struct{ title, kind string }{{"先生", "male"}, {"女士", "female"}, {"小姐", "female"},
	{"经理", "rank 经理"}, {"總", "rank 总"}, {"总", "rank 总"}}

// samePerson says whether two names are one person: the same name once
// folded (foldPerson), and titles that do not contradict. 王先生 and 王女士,
// Mr. Stone and Mrs. Stone, 王总 and 王经理 fold to one name but are two
// people (on a family firm's info@, or a Chinese sheet knowing only a
// surname, the title is all that tells them apart): the titles agree only
// when one name has none, or both name the same kind of person.
func samePerson(a, b string) bool {
	na, ka := personName(a)
	nb, kb := personName(b)
	if na != nb {
		return false
	}
	return len(ka) == 0 || len(kb) == 0 || slices.ContainsFunc(ka, func(k string) bool { return slices.Contains(kb, k) })
}

// foldPerson makes one person written two ways the same name: case and
// width (full-width letters, 全角 spaces), accents (José, Jose), the
// spaces a Chinese sheet pads a two-character name with (王 伟), a
// remark in brackets (Bob Stone (采购)), punctuation, the order of the
// names (Stone, Bob) and titles (Mr. Bob Stone, 王伟先生, 张总). "Bob" and
// "Robert" stay two names: only the user can tell they are one person.
func foldPerson(s string) string {
	name, _ := personName(s)
	return name
}

// personName is foldPerson's name and the kinds of person its titles name
// (male, female, a rank), for samePerson.
func personName(s string) (name string, kinds []string) {
	kind := func(k string) {
		if k != "" && !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
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
		if k, ok := honorifics[w]; ok {
			kind(k)
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
			if rest, ok := strings.CutSuffix(w, t.title); ok && rest != "" && !strings.ContainsFunc(rest, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
				words[i] = rest
				kind(t.kind)
				break
			}
		}
	}
	slices.Sort(words)
	return strings.Join(words, " "), kinds
}
