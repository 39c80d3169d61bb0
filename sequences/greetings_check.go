package sequences

import (
	"path"
	"strings"

	"keepwarm/templates"
)

// GreetingTemplates are the names of the templates c's greetings may be
// rendered with: each enabled occasion's configured one, else the
// occasion's own, its alias's and "holiday" (templateName).
func (c GreetingsConfig) GreetingTemplates() map[string]bool {
	out := map[string]bool{}
	for _, k := range c.Occasions {
		if t := c.templateFor(k); t != "" {
			out[t] = true
			continue
		}
		for _, t := range TemplatesFor(k) {
			out[t] = true
		}
	}
	return out
}

// GreetingProductProblems are ps (templates.EmptyWarnings' and the like,
// of set) with the "renders with Products empty" warning of a greeting
// template that lists the products unguarded (templates.BareProducts: a
// bare {{range .Products}}, which earlier builds sent to everyone) saying
// what becomes of it (refuse): a customer no product matches does not
// get this greeting. A greeting whose products are all inside {{with
// .Products}} or {{if .Products}}, or a range with an {{else}}
// (templates.Template.GuardedWhole), reads whole without them and is sent
// to everyone, as a letter is (LetterEmptyProblems): its "renders with
// Products empty" warning, which would refuse its save and advise the
// "requires: Products" that stops it for those customers, is dropped;
// its "fails when Products is empty" and "says nothing but its opening"
// (templates.SaysNothingProductsMsg) ones are kept.
//
// A template that is also a step's of defs (a custom occasion's
// "year-end-offer" that a sequence sends too) keeps the follow-up's own
// warning beside the greeting's: the step is skipped for such a customer
// as well, and the manager reads both.
func (c GreetingsConfig) GreetingProductProblems(set *templates.Set, defs *Definitions, ps []templates.Problem) []templates.Problem {
	if set == nil || len(c.Occasions) == 0 {
		return ps
	}
	steps := map[string]bool{} // the templates steps of defs send
	if defs != nil {
		for _, n := range defs.Names() {
			def, _ := defs.Get(n)
			for _, st := range def.Steps {
				if st.Action == "email" {
					steps[st.Template] = true
				}
			}
		}
	}
	names, greeting, guarded, step := c.GreetingTemplates(), map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, t := range set.Templates() {
		if names[t.Name] {
			f := path.Base(t.File)
			greeting[f], guarded[f], step[f] = true, t.GuardedWhole("Products"), steps[t.Name]
		}
	}
	out := make([]templates.Problem, 0, len(ps))
	for _, p := range ps {
		f := path.Base(p.File)
		if p.Field == ".Products" && strings.HasPrefix(p.Msg, "renders with") && greeting[f] {
			switch {
			case step[f]:
				// The follow-up's warning stays; a bare list's greeting
				// says what becomes of the greeting too.
				out = append(out, p)
				if !templates.BareProducts(set, p.File) {
					continue
				}
				p.Msg = BareRangeGreetingMsg
			case guarded[f]:
				continue
			case templates.BareProducts(set, p.File):
				p.Msg = BareRangeGreetingMsg
			}
		}
		out = append(out, p)
	}
	return out
}

// BareRangeGreetingMsg says what becomes of a greeting whose template
// lists the products with no guard: earlier builds sent a bare {{range
// .Products}} to everyone.
const BareRangeGreetingMsg = `lists the products with no guard (a {{range .Products}} with no {{else}}, or outside {{with .Products}}): a customer no product matches does not get this greeting (the plan and the digest name each one), as the words before the list would be left with nothing after them; to send it to them too, give the range an {{else}} that reads whole, or put the list and the words that lead to it inside {{with .Products}}…{{end}}; to keep it as it is, add "requires: Products" to its header`
