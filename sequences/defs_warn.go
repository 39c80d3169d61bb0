package sequences

import (
	"fmt"

	"keepwarm/mailsync/parse"
	"keepwarm/templates"
)

// Warnings lists what checks but reads wrong to the customer: an email
// step that starts a new thread (in_thread = false) with a template whose
// subject is a reply's ("{{reply .Original.Subject}}", "Re: ..."), so the
// mail says "Re:" without the In-Reply-To and References that would put it
// in the thread it claims to answer. Each template file of the name (each
// language) is rendered with templates.SampleData.
func (d *Definitions) Warnings(set *templates.Set) []templates.Problem {
	var out []templates.Problem
	sample := templates.SampleData()
	for _, n := range d.Names() {
		def := d.byName[n]
		for i, st := range def.Steps {
			if st.Action != "email" || st.InThread {
				continue
			}
			files := set.Templates()
			if t, ok := set.Lookup(st.Template, ""); ok {
				files = append([]*templates.Template{t}, files...) // the fallback's name first
			}
			for _, t := range files {
				if t.Name != st.Template {
					continue
				}
				r, err := t.Render(sample)
				if err != nil || !parse.ReplyPrefixed(r.Subject) {
					continue
				}
				out = append(out, templates.Problem{File: def.File, Line: def.templateLines[i], Field: fmt.Sprintf("step[%d].in_thread", i),
					Msg: fmt.Sprintf("template %q (%s) writes a reply's subject (%q) but the step starts a new thread: set in_thread = true, or give it a template with a subject of its own", st.Template, t.File, r.Subject)})
				break
			}
		}
	}
	return out
}
