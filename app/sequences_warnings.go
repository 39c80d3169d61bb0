package app

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"keepwarm/sequences"
	"keepwarm/templates"
)

// StepWarning is a sequence step that is never sent as things are.
type StepWarning struct {
	Sequence string
	Step     int // 1-based
	Template string
	Msg      string
}

// CatalogEmptyMsg is the warning of an email step whose template needs
// the products while the catalog is empty.
const CatalogEmptyMsg = "the product catalog is empty, so this step is never sent: import one with `keepwarm products import products.xlsx`"

// SequencesWarnings is what `keepwarm sequences check` warns of beyond its
// problems, and what the console's editors show: templates that can go
// out saying less than they mean to (templates.EmptyWarnings: a product
// list rendered empty, "Dear ," for a contact without a name), templates
// that fail for some customers a send meets (templates.SendProblems: each
// such customer's step is held at send time, naming the file), and email
// steps whose template requires the products while the catalog is empty
// or whose team NAME.zh.tmpl has no Traditional file beside it
// (templates.HantGaps: Taiwan, Hong Kong and Macao do not get it).
func SequencesWarnings(defs *sequences.Definitions, set *templates.Set, catalogEmpty bool) ([]templates.Problem, []StepWarning) {
	if set == nil {
		return nil, nil
	}
	empty := append(templates.EmptyWarnings(set), templates.SendProblems(set)...)
	if defs == nil {
		return empty, nil
	}
	gaps := map[string]string{} // a team's NAME.zh.tmpl's name: its warning
	for _, p := range templates.HantGaps(set) {
		if t, ok := set.Lookup(strings.TrimSuffix(p.File, ".zh.tmpl"), "zh"); ok {
			gaps[t.Name] = p.Msg
		}
	}
	var steps []StepWarning
	for _, name := range defs.Names() {
		def, _ := defs.Get(name)
		for i, st := range def.Steps {
			if st.Action != "email" {
				continue
			}
			if msg, ok := gaps[st.Template]; ok {
				steps = append(steps, StepWarning{Sequence: name, Step: i + 1, Template: st.Template, Msg: msg})
			}
			t, ok := set.Lookup(st.Template, "")
			if !catalogEmpty || !ok || !slices.Contains(t.Requires, "Products") {
				continue
			}
			steps = append(steps, StepWarning{Sequence: name, Step: i + 1, Template: st.Template, Msg: CatalogEmptyMsg})
		}
	}
	return empty, steps
}

// LetterWarnings are the problems of the monthly letters the greetings
// job sends next, this month's and the next (in the team's time at now),
// as the letters page shows them: a file that does not load, language
// variants without the file for everyone else, an opening "Dear ," for a
// contact without a name, and products listed with no guard and no
// "requires: Products" (such a customer's copy is not sent). None without
// letters_dir.
func (a *App) LetterWarnings(now time.Time) []templates.Problem {
	if a.Cfg.Greetings.LettersDir == "" {
		return nil
	}
	return LetterWarningsIn(os.DirFS(a.Cfg.SequencesPath(a.Cfg.Greetings.LettersDir)), now.In(a.Cfg.TeamLocation()))
}

// LetterWarningsIn are LetterWarnings of the letters in dir, the months
// counted in now's zone: the CLI's check and the console's problem banner
// alike.
func LetterWarningsIn(dir fs.FS, now time.Time) []templates.Problem {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var out []templates.Problem
	for _, month := range []string{first.Format("2006-01"), first.AddDate(0, 1, 0).Format("2006-01")} {
		if len(sequences.LetterFiles(dir, month)) == 0 {
			continue
		}
		set, probs, missing := LoadLetters(dir, month)
		out = append(out, probs...)
		if missing != "" {
			out = append(out, templates.Problem{File: month + ".tmpl", Msg: missing})
		}
		out = append(out, sequences.LetterEmptyProblems(set, month)...)
		out = append(out, LetterKindProblems(set, month)...)
	}
	return out
}

// LetterKindProblems are month's letter files of set writing a field a
// monthly letter never has ({{.Occasion}}, {{.Original.Subject}}): each
// such letter would not go (templates.KindProblems).
func LetterKindProblems(set *templates.Set, month string) []templates.Problem {
	return templates.KindProblems(set, func(t *templates.Template) templates.Kind {
		if t.Name != month {
			return ""
		}
		return templates.KindLetter
	})
}

// TemplateKindProblems are the templates of set (the templates directory)
// writing a field the mail they are sent as never has: a follow-up's
// {{.Month}} or {{.Occasion}}, a greeting's {{.Original.Subject}} or
// {{.Month}} (greetings its greeting templates, as IsGreetingTemplate;
// every other template is a follow-up's). Such a mail is not sent: the
// console refuses to save the file, and the checks warn of it.
func TemplateKindProblems(set *templates.Set, greetings []string, now time.Time) []templates.Problem {
	greeting := greetingTemplates(greetings, now)
	return templates.KindProblems(set, func(t *templates.Template) templates.Kind {
		if greeting(t.Name) {
			return templates.KindGreeting
		}
		return templates.KindFollowUp
	})
}
