package sequences

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"keepwarm"
	"keepwarm/templates"
)

//go:embed defaults/*.toml
var defaultDefs embed.FS

// DefaultDefinitions returns the embedded sequence files as a file system.
func DefaultDefinitions() fs.FS {
	sub, err := fs.Sub(defaultDefs, "defaults")
	if err != nil {
		panic(err) // the embedded directory exists: a build defect otherwise
	}
	return sub
}

// Definitions is a loaded set of sequences. It is read-only once loaded.
type Definitions struct {
	byName map[string]*Definition
}

// Names returns the sequence names, sorted.
func (d *Definitions) Names() []string {
	out := make([]string, 0, len(d.byName))
	for n := range d.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the named sequence.
func (d *Definitions) Get(name string) (*Definition, bool) {
	def, ok := d.byName[name]
	return def, ok
}

// For returns the sequence a customer follows: the first (by name) whose
// tags meet the customer's tags, else the one that lists its grade, else,
// for an ungraded customer, fallback ("" for none). Grade E and grades no
// sequence lists follow none: a grade E customer's tags count only for a
// sequence that lists grade E.
func (d *Definitions) For(c keepwarm.Customer, tags []string, fallback string) (*Definition, bool) {
	for _, n := range d.Names() {
		def := d.byName[n]
		if c.Grade == "E" && !slices.Contains(def.Grades, "E") {
			// Grade E is "no demand": a tag does not bring
			// back a follow-up the grade stopped, unless the sequence
			// names grade E itself.
			continue
		}
		for _, t := range def.Tags {
			if slices.ContainsFunc(tags, func(x string) bool { return strings.EqualFold(x, t) }) {
				return def, true
			}
		}
	}
	if c.Grade == "" {
		def, ok := d.byName[fallback]
		return def, ok
	}
	for _, n := range d.Names() {
		if slices.Contains(d.byName[n].Grades, c.Grade) {
			return d.byName[n], true
		}
	}
	return nil, false
}

// LoadDefinitions reads the embedded defaults, then every *.toml in dir
// ("" for none): a file whose name matches a default's replaces it. Every
// problem of every file is returned, each with file, line and field.
func LoadDefinitions(dir string) (*Definitions, []templates.Problem) {
	layers := []fs.FS{DefaultDefinitions()}
	prefixes := []string{"(built-in) "}
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return &Definitions{byName: map[string]*Definition{}}, []templates.Problem{{File: dir,
				Msg: fmt.Sprintf("sequences.dir: %q is not a readable directory", dir)}}
		}
		layers = append(layers, os.DirFS(dir))
		prefixes = append(prefixes, dir+string(filepath.Separator))
	}
	return loadDefinitions(layers, prefixes)
}

func loadDefinitions(layers []fs.FS, prefixes []string) (*Definitions, []templates.Problem) {
	defs := &Definitions{byName: map[string]*Definition{}}
	var probs []templates.Problem
	for i, layer := range layers {
		files, err := fs.Glob(layer, "*.toml")
		if err != nil {
			probs = append(probs, templates.Problem{File: prefixes[i], Msg: err.Error()})
			continue
		}
		sort.Strings(files)
		seen := map[string]string{}
		for _, f := range files {
			name := prefixes[i] + f
			body, err := fs.ReadFile(layer, f)
			if err != nil {
				probs = append(probs, templates.Problem{File: name, Msg: err.Error()})
				continue
			}
			def, ps := ParseDefinition(name, body)
			if len(ps) > 0 {
				probs = append(probs, ps...)
				continue
			}
			if other, dup := seen[def.Name]; dup {
				probs = append(probs, templates.Problem{File: name, Line: newLocator(body).line("", -1, "name"), Field: "name",
					Msg: fmt.Sprintf("sequence %q is also defined in %s", def.Name, other)})
				continue
			}
			seen[def.Name] = f          // the same directory: its name is enough
			defs.byName[def.Name] = def // a later layer replaces a default of the same name
		}
	}
	probs = append(probs, defs.checkGrades()...)
	probs = append(probs, defs.checkTags()...)
	return defs, probs
}

// checkTags refuses two sequences claiming one tag (in any case), as
// checkGrades refuses a grade in two: For would pick one by its name.
func (d *Definitions) checkTags() []templates.Problem {
	var probs []templates.Problem
	owner := map[string]string{}
	for _, n := range d.Names() {
		def := d.byName[n]
		for _, t := range def.Tags {
			k := strings.ToLower(strings.TrimSpace(t))
			if other, ok := owner[k]; ok && other != n {
				probs = append(probs, templates.Problem{File: def.File, Field: "tags",
					Msg: fmt.Sprintf("tag %q is claimed by both %q and %q: keep it in one", t, other, n)})
				continue
			}
			owner[k] = n
		}
	}
	return probs
}

// checkGrades refuses two sequences claiming one grade: which would apply?
func (d *Definitions) checkGrades() []templates.Problem {
	var probs []templates.Problem
	owner := map[string]string{}
	for _, n := range d.Names() {
		def := d.byName[n]
		for _, g := range def.Grades {
			if other, ok := owner[g]; ok {
				probs = append(probs, templates.Problem{File: def.File, Field: "grades",
					Msg: fmt.Sprintf("grade %s is claimed by both %q and %q: keep it in one", g, other, n)})
				continue
			}
			owner[g] = n
		}
	}
	return probs
}

// AckStepMsg refuses a step that would send the ack template.
const AckStepMsg = "ack is the \"received, working on it\" draft put in Drafts at the first reply nudge; keepwarm never sends it: choose a follow-up template such as resend"

// letterMonthRE is a monthly letter's name (2026-12), which a step cannot
// send.
var letterMonthRE = regexp.MustCompile(`^\d{4}-\d{2}$`)

// GreetingStepMsg refuses a step that would send a greeting's template:
// "Merry Christmas" as a quotation's follow-up in March.
const GreetingStepMsg = "%s is a greeting: the greetings job sends it on its day; choose a follow-up template such as resend"

// builtInGreeting reports whether a template name is a greeting's whatever
// the configuration: the birthday, the generic holiday, a holiday's own
// (any year) or a festival's shared one (chinese-new-year).
func builtInGreeting() func(name string) bool {
	keys := append(HolidayKeys(nil), OccasionBirthday)
	return func(name string) bool {
		for _, k := range keys {
			if slices.Contains(TemplatesFor(k), name) {
				return true
			}
		}
		return false
	}
}

// CheckGreetingTemplates reports every email step whose template is one
// of names: the templates and occasions [greetings] names beyond the
// built-in ones (CheckTemplates refuses those).
func (d *Definitions) CheckGreetingTemplates(names []string) []templates.Problem {
	var probs []templates.Problem
	builtIn := builtInGreeting()
	for _, n := range d.Names() {
		def := d.byName[n]
		for i, st := range def.Steps {
			if st.Action == "email" && st.Template != "" && slices.Contains(names, st.Template) && !builtIn(st.Template) {
				probs = append(probs, templates.Problem{File: def.File, Line: def.templateLines[i], Field: fmt.Sprintf("step[%d].template", i),
					Msg: fmt.Sprintf(GreetingStepMsg, st.Template)})
			}
		}
	}
	return probs
}

// CheckTemplates reports every email step whose template is missing from
// set, or is one a step must not send (ack, a greeting's, a letter).
func (d *Definitions) CheckTemplates(set *templates.Set) []templates.Problem {
	var probs []templates.Problem
	greeting := builtInGreeting()
	for _, n := range d.Names() {
		def := d.byName[n]
		for i, st := range def.Steps {
			if st.Action != "email" {
				continue
			}
			field := fmt.Sprintf("step[%d].template", i)
			switch _, ok := set.Lookup(st.Template, ""); {
			case st.Template == AckTemplate:
				// The "received, working on it" draft: sent as a
				// follow-up it thanks a buyer who never wrote.
				probs = append(probs, templates.Problem{File: def.File, Line: def.templateLines[i], Field: field, Msg: AckStepMsg})
			case greeting(st.Template):
				// A greeting sent as a follow-up: "Merry Christmas"
				// in a quotation's thread in March.
				probs = append(probs, templates.Problem{File: def.File, Line: def.templateLines[i], Field: field,
					Msg: fmt.Sprintf(GreetingStepMsg, st.Template)})
			case !ok && letterMonthRE.MatchString(st.Template):
				probs = append(probs, templates.Problem{File: def.File, Line: def.templateLines[i], Field: field,
					Msg: fmt.Sprintf("%s is a monthly letter: letters are sent by the greetings job, not by a step; choose a follow-up template such as resend", st.Template)})
			case !ok:
				probs = append(probs, templates.Problem{File: def.File, Line: def.templateLines[i], Field: field,
					Msg: fmt.Sprintf("no template %q (looked for %s.tmpl in the templates directory and the built-in ones)", st.Template, st.Template)})
			}
		}
	}
	return probs
}
