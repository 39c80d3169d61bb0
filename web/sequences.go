package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"keepwarm/sequences"
)

func (s *Server) sequenceList(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	rows, err := c.Sequences(r.Context(), person(r), s.clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "sequences", map[string]any{"Rows": rows, "Files": c.FilesCheck(r.Context())})
}

func (s *Server) sequenceNew(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	d := sequences.Draft{Mode: "draft", Window: sequences.DraftWindow{Start: "09:00", End: "17:00", Holidays: true},
		Stop: sequences.DraftStop{OutOfOfficePause: "7d"}}
	s.renderSequenceForm(w, r, http.StatusOK, SequenceEdit{Draft: d, CannotSave: c.CannotSave("sequences")}, true, nil)
}

func (s *Server) sequenceForm(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	e, err := c.Sequence(r.Context(), person(r), r.PathValue("name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderSequenceForm(w, r, http.StatusOK, e, false, nil)
}

// renderSequenceForm shows the form with one blank step row to add a step
// and each problem beside its field (those of no field above the form).
func (s *Server) renderSequenceForm(w http.ResponseWriter, r *http.Request, status int, e SequenceEdit, create bool, probs []Problem) {
	s.renderSequenceFormOf(w, r, status, e, create, probs, 0)
}

// renderSequenceFormOf is renderSequenceForm for a form that arrived
// short of its step rows when cut > 0 (the rows it said it held): the
// page shows what came with no save button and a link to reload, and
// says it holds cut rows, so that sent back as it is it is refused again.
func (s *Server) renderSequenceFormOf(w http.ResponseWriter, r *http.Request, status int, e SequenceEdit, create bool, probs []Problem, cut int) {
	errs := map[string]string{}
	var general []Problem
	for _, p := range probs {
		// A step's key the decoder could not place (no [[step]] above its
		// line) stays "step.after": it is said above the form, not beside
		// a step it may not be in.
		f := p.Field
		p.Msg = lang(r).Err(p.Msg)
		if f == "" || p.File != "" || !formField(f, len(e.Draft.Steps)) {
			general = append(general, p)
			continue
		}
		if errs[f] != "" {
			errs[f] += "; "
		}
		errs[f] += p.Msg
	}
	notes := map[string]string{}
	for _, n := range e.Notices {
		if notes[n.Field] != "" {
			notes[n.Field] += "; "
		}
		notes[n.Field] += lang(r).Err(n.Msg)
	}
	// Every step the sequence has, however many, and always the blank
	// row: a step not shown would be dropped by the next save.
	rows := append(append([]sequences.DraftStep(nil), e.Draft.Steps...), sequences.DraftStep{Days: "calendar"})
	if c, ok := s.b.(Console); ok && e.Templates == nil {
		if ts, err := c.Templates(r.Context(), person(r)); err == nil {
			// Only what a step may send: not a greeting, a monthly
			// letter or the "received" draft (ack), which a step
			// sending would embarrass its salesperson.
			seen := map[string]bool{}
			for _, t := range ts {
				if (t.Kind == "follow-up" || t.Kind == "other") && t.Name != sequences.AckTemplate && !seen[t.Name] {
					seen[t.Name] = true
					e.Templates = append(e.Templates, t.Name)
				}
			}
		}
	}
	saved := r.URL.Query().Get("saved")
	modeCap := ""
	if c, ok := s.b.(Console); ok {
		modeCap = c.ModeCap()
	}
	var files FilesCheck
	if c, ok := s.b.(Console); ok && saved == "pending" {
		files = c.FilesCheck(r.Context())
	}
	steps, reload := len(rows), ""
	if cut > 0 {
		steps, reload = max(cut, steps), "/sequences/new"
		if !create {
			reload = "/sequences/" + url.PathEscape(e.Draft.Name)
		}
	}
	s.render(w, r, status, "sequence_form", map[string]any{"E": e, "Create": create, "Errs": errs, "Notes": notes, "General": general,
		"Rows": rows, "Steps": steps, "Reload": reload, "Saved": saved, "Files": files, "ModeCap": modeCap,
		"Modes": []string{"send", "draft", "dry-run"}})
}

// formField reports whether the form has an input named f.
func formField(f string, steps int) bool {
	switch f {
	case "name", "description", "grades", "tags", "mode", "enroll", "window.start", "window.end", "window.workdays",
		"window.holidays", "stop.out_of_office_pause", "stop.extra_opt_out_words", "stop.stop_on_company":
		return true
	}
	for i := 0; i <= steps; i++ {
		if strings.HasPrefix(f, fmt.Sprintf("step[%d].", i)) {
			return true
		}
	}
	return false
}

// words splits a list typed with commas, spaces or new lines.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == ' ' || r == '，' })
}

// lines splits a list typed one per line or with commas (phrases keep spaces).
func lines(s string) []string {
	return kept(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == '，' }))
}

// perLine splits a list typed one per line: an opt-out phrase may hold a
// comma ("no more mail, thank you"), and cut there its tail ("thank you")
// would opt out every buyer who writes it.
func perLine(s string) []string {
	return kept(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }))
}

// kept is the list trimmed, without its empty entries.
func kept(list []string) []string {
	var out []string
	for _, l := range list {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// draftOf reads the form into a draft, every value as typed: the check
// judges it. A step row left blank is no step. Every step row the form
// sent is read, however many there are; cut reports that fewer rows
// came than the form says it holds (its "steps"): saved, the draft would
// drop a step without a word.
func draftOf(r *http.Request) (d sequences.Draft, cut bool) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	on := func(k string) bool { return r.PostFormValue(k) == "on" }
	d = sequences.Draft{Name: v("name"), Description: v("description"), Grades: words(strings.ToUpper(v("grades"))),
		Tags: lines(v("tags")), Mode: v("mode"), Enroll: v("enroll"),
		Window: sequences.DraftWindow{Start: v("window.start"), End: v("window.end"), Workdays: words(strings.ToLower(v("window.workdays"))),
			Holidays: on("window.holidays"), SkipQuiet: on("window.skip_quiet")},
		Stop: sequences.DraftStop{OutOfOfficePause: v("stop.out_of_office_pause"), ExtraOptOutWords: perLine(v("stop.extra_opt_out_words")),
			OnCompany: on("stop.stop_on_company")}}
	// A file's own opt-out list comes back as it was loaded, one hidden
	// input a phrase.
	if list, ok := r.PostForm["stop.opt_out_word"]; ok {
		d.Stop.OptOutWords = kept(list)
	}
	rows := stepRows(r.PostForm)
	n, _ := strconv.Atoi(v("steps"))
	// The rows are distinct: all of 0…n-1 came when n of them are below n.
	cut = n > 0 && sort.SearchInts(rows, n) < n
	for _, i := range rows {
		f := func(k string) string { return v(fmt.Sprintf("step[%d].%s", i, k)) }
		st := sequences.DraftStep{After: f("after"), Days: f("days"), Action: f("action"), Template: f("template"),
			InThread: f("in_thread") == "on", Task: f("task")}
		if f("remove") == "on" || st.After == "" && st.Template == "" && st.Task == "" {
			continue
		}
		d.Steps = append(d.Steps, st)
	}
	return d, cut
}

// stepRows are the indexes of the step rows in a form (step[i].…), in
// order.
func stepRows(form url.Values) []int {
	seen := map[int]bool{}
	var rows []int
	for k := range form {
		rest, ok := strings.CutPrefix(k, "step[")
		if !ok {
			continue
		}
		num, _, ok := strings.Cut(rest, "].")
		i, err := strconv.Atoi(num)
		if !ok || err != nil || i < 0 || seen[i] {
			continue
		}
		seen[i] = true
		rows = append(rows, i)
	}
	sort.Ints(rows)
	return rows
}

func (s *Server) sequenceSave(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	if !person(r).Manager {
		s.message(w, r, http.StatusForbidden, lang(r).T("Only a manager can change this."))
		return
	}
	d, cut := draftOf(r)
	create := r.PostFormValue("create") == "1"
	version := r.PostFormValue("version")
	if cut {
		// Some step rows did not arrive: saved, the file would lose
		// them. Nothing is saved; the form comes back with what came,
		// to copy from, but with no save button and a link to reload:
		// saved again it would drop the steps that never came. It
		// still says it holds the rows the browser said it had, so
		// that even sent back as it is it is refused again.
		e := SequenceEdit{Draft: d, File: r.PostFormValue("file"), Version: version, CannotSave: c.CannotSave("sequences")}
		n, _ := strconv.Atoi(r.PostFormValue("steps"))
		s.renderSequenceFormOf(w, r, http.StatusBadRequest, e, create, []Problem{{Msg: cutStepsForm}}, n)
		return
	}
	if _, stale := r.PostForm["stop.opt_out_words"]; stale && !create {
		// A page loaded before opt-out phrases went one to a line sends
		// the file's own list joined with commas, which cannot be cut
		// back safely: nothing is saved, and the form comes back with the
		// list as the file has it and what was typed.
		e, err := c.Sequence(r.Context(), person(r), d.Name)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Stop.OptOutWords = e.Draft.Stop.OptOutWords
		e.Draft, e.File, e.Version, e.Source = d, r.PostFormValue("file"), version, ""
		s.renderSequenceForm(w, r, http.StatusBadRequest, e, create, []Problem{{Msg: staleOptOutForm}})
		return
	}
	status := http.StatusBadRequest
	ch, probs, err := c.SaveSequence(r.Context(), person(r), d, create, version, s.clock.Now())
	if err != nil {
		// Refused or failed: the form comes back with what was typed.
		var p Problem
		if status, p, ok = s.saveFailed(r, err); !ok {
			s.fail(w, r, err)
			return
		}
		probs = []Problem{p}
	}
	if len(probs) > 0 {
		// The version the form was loaded with stays: a file changed
		// meanwhile is refused again until the page is reloaded.
		e := SequenceEdit{Draft: d, File: r.PostFormValue("file"), Version: version, CannotSave: c.CannotSave("sequences")}
		s.renderSequenceForm(w, r, status, e, create, probs)
		return
	}
	s.audit(r, ch)
	http.Redirect(w, r, "/sequences/"+url.PathEscape(d.Name)+"?saved="+savedWord(ch), http.StatusSeeOther)
}

// cutStepsForm refuses a form that arrived without all its step rows.
const cutStepsForm = "the form arrived without all of its steps, so nothing was saved: reload the page and make the change again"

// staleOptOutForm refuses a form sent by a page of an older keepwarm.
const staleOptOutForm = "this page was opened before keepwarm was updated, so nothing was saved: check what is below and save again"

// savedWord is the saved page's "saved" parameter: 1, "later" when the
// waiting follow-ups move only on the daemon's next tick, "restart" when
// they stay off until the daemon restarts, or "pending" when other files
// still have problems (the page lists them) and the change is taken once
// they are fixed, or "noletter" when a letter's month has no
// default-language file.
func savedWord(ch Change) string {
	switch {
	case ch.NoLetter:
		return "noletter"
	case ch.Pending:
		return "pending"
	case ch.Restart:
		return "restart"
	case ch.Later:
		return "later"
	}
	return "1"
}
