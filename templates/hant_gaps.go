package templates

import "fmt"

// HantGapBuiltIn and HantGapNone are the warnings of a team's NAME.zh.tmpl
// with no Traditional file of its own: Taiwan's, Hong Kong's and Macao's
// threads and contacts (zh-hant) never get the Simplified file, so its
// wording is not what they read.
const (
	HantGapBuiltIn = "%s is not used for Taiwan, Hong Kong or Macao (zh-hant): they get the built-in %s; add %s in your own wording"
	HantGapNone    = "%s is not used for Taiwan, Hong Kong or Macao (zh-hant): a thread in Traditional characters is held and one whose language is not read goes in English; add %s"
)

// HantGaps names the team's NAME.zh.tmpl files (any not shipped with
// keepwarm) that have no Traditional file of the team's beside them.
func HantGaps(set *Set) []Problem {
	def, _ := Load(Defaults())
	builtIn := func(t *Template) bool {
		if def == nil {
			return false
		}
		for _, d := range def.Templates() {
			if d.File == t.File && d.Hash == t.Hash {
				return true
			}
		}
		return false
	}
	var out []Problem
	for _, t := range set.Templates() {
		if t.Lang != "zh" || builtIn(t) {
			continue
		}
		want := t.Name + "." + Hant + ".tmpl"
		h, ok := set.Lookup(t.Name, Hant)
		switch {
		case ok && Traditional(h.Lang) && !builtIn(h):
			continue
		case ok && Traditional(h.Lang):
			out = append(out, Problem{File: t.File, Msg: fmt.Sprintf(HantGapBuiltIn, t.File, h.File, want)})
		default:
			out = append(out, Problem{File: t.File, Msg: fmt.Sprintf(HantGapNone, t.File, want)})
		}
	}
	return out
}
