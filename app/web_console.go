package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/web"
)

// consoleEngine is what the console needs of the follow-up job
// (*sequences.FollowUp): its forecast, its previews and its reload.
type consoleEngine interface {
	Forecast(ctx context.Context, now, until time.Time) ([]sequences.Planned, error)
	Reload(ctx context.Context, defs *sequences.Definitions, set *templates.Set, now time.Time) (int, error)
	previewEngine
}

const builtInPrefix = "(built-in) "

var fileNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

func (b *WebBackend) engine() (consoleEngine, error) {
	e, ok := b.d.FollowUp.(consoleEngine)
	if !ok {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "the follow-up engine is not running here")
	}
	return e, nil
}

// previewEngine is what a template's preview needs of the follow-up job:
// a step's recipients, sender, text and refusals.
type previewEngine interface {
	StepRecipients(ctx context.Context, cust keepwarm.Customer, anchor keepwarm.Message) (to, cc []keepwarm.Address, blocked map[string]string, err error)
	PreviewIdentity(owner string, anchor keepwarm.Message, mailbox string) (sequences.Identity, error)
	PreviewStep(ctx context.Context, set *templates.Set, name string, cust keepwarm.Customer, to keepwarm.Address, rcpts []keepwarm.Address, id sequences.Identity, anchor keepwarm.Message) (r templates.Rendered, data templates.Data, notSent, err error)
	StepRefusal(name string, r templates.Rendered, v sequences.ThreadVoice, anchor keepwarm.Message, to keepwarm.Address) error
}

// previewer is the follow-up job for previews: also while it is held (the
// files had problems at the daemon's start), when a manager is in the
// editors to fix them: a preview renders with the edited files and sends
// nothing.
func (b *WebBackend) previewer() (previewEngine, error) {
	if h, ok := b.d.FollowUp.(heldChanger); ok && h.fu != nil {
		return h.fu, nil
	}
	return b.engine()
}

func managerOnly(p web.Person, what string) error {
	if !p.Manager {
		return keepwarm.Errorf(keepwarm.EINVALID, "only a manager can change %s", what)
	}
	return nil
}

// load reads the team's files over the built-in ones and checks them
// with the configuration, as the daemon does (configProblems): reload
// hands the running job nothing the daemon would refuse.
func (b *WebBackend) load() (*sequences.Definitions, *templates.Set, []templates.Problem) {
	defs, set, probs := LoadSequenceFiles(b.d.SequencesDir, b.d.TemplatesDir)
	return defs, set, append(probs, b.configProblems(defs)...)
}

func webProblems(ps []templates.Problem, file string) []web.Problem {
	out := make([]web.Problem, 0, len(ps))
	for _, p := range ps {
		wp := web.Problem{Line: p.Line, Field: p.Field, Section: p.Section, Msg: p.Msg}
		if file != "" && filepath.Base(p.File) != file {
			// Another file's problem: named apart, so that its message
			// reads in the page's language; no field of this form has it.
			wp.File = p.File
		}
		out = append(out, wp)
	}
	return out
}

// Sequences lists every sequence with this month's funnel (of the
// person's own follow-ups for a salesperson).
func (b *WebBackend) Sequences(ctx context.Context, p web.Person, now time.Time) ([]web.SequenceRow, error) {
	defs, _, _ := b.load()
	enrs, err := b.d.DB.ListEnrollments(ctx, 0)
	if err != nil {
		return nil, err
	}
	if !p.Manager {
		enrs = slices.DeleteFunc(enrs, func(e keepwarm.Enrollment) bool { return !strings.EqualFold(e.SignedBy(), p.Email) })
	}
	loc := b.teamLocation()
	lt := now.In(loc)
	month := time.Date(lt.Year(), lt.Month(), 1, 0, 0, 0, 0, loc)
	dry, err := b.d.DB.DryRunEnrollments(ctx, month, now)
	if err != nil {
		return nil, err
	}
	rep := sequences.BuildFunnel(enrs, dry, month, now)
	funnels := map[string]sequences.Funnel{}
	for _, f := range rep.Sequences {
		funnels[f.Sequence] = f
	}
	var out []web.SequenceRow
	for _, n := range defs.Names() {
		def, _ := defs.Get(n)
		w := fmt.Sprintf("%s–%s", def.Window.Start, def.Window.End)
		if len(def.Window.Workdays) > 0 {
			w += " " + strings.Join(def.Window.Workdays, " ")
		}
		f := funnels[n]
		mode := sequences.CappedMode(def.Mode, b.modeCap())
		if b.d.SequencesOff {
			mode = web.ModeOff
		}
		row := web.SequenceRow{Name: n, Description: def.Description, Grades: def.Grades, Tags: def.Tags, Mode: string(mode),
			Window: w, Holidays: def.Window.Holidays, File: filepath.Base(strings.TrimPrefix(def.File, builtInPrefix)), BuiltIn: strings.HasPrefix(def.File, builtInPrefix),
			Enrolled: f.Enrolled, Running: f.Running, NoAnswer: f.NoAnswer, Answered: f.Answered, ByPhone: f.AnsweredByPhone, DryRun: f.DryRun}
		if mode != def.Mode {
			row.FileMode = string(def.Mode)
		}
		for _, a := range f.AnsweredAfter {
			if a.StepsDone == 0 {
				row.AnsweredFirst = a.Count
			}
		}
		for i, st := range def.Steps {
			label := fmt.Sprintf("+%s %s", st.After, st.Action)
			if st.Business {
				label = fmt.Sprintf("+%s (business) %s", st.After, st.Action)
			}
			if st.Action == "email" {
				label += " " + st.Template
				if st.InThread {
					label += " (in thread)"
				}
			} else {
				label += ": " + st.Task
			}
			n := 0
			for _, a := range f.AnsweredAfter {
				if a.StepsDone == i+1 {
					n = a.Count
				}
			}
			row.Steps = append(row.Steps, web.SequenceStep{Label: label, AnsweredAfter: n, After: st.After.String(), Business: st.Business,
				Action: st.Action, Template: st.Template, Task: st.Task, InThread: st.InThread})
		}
		out = append(out, row)
	}
	return out, nil
}

// ModeCap is the [sequences] mode the follow-up job runs with, which
// caps every sequence's: "" when it caps none (send, unset, or no job);
// web.ModeOff when follow-ups are turned off ([sequences] disabled).
func (b *WebBackend) ModeCap() string {
	if b.d.SequencesOff {
		return string(web.ModeOff)
	}
	if m := b.modeCap(); m != keepwarm.ModeSend {
		return string(m)
	}
	return ""
}

// modeCap is the [sequences] mode the follow-up job runs with (send when
// there is no job).
func (b *WebBackend) modeCap() keepwarm.SendMode {
	var fu *sequences.FollowUp
	switch e := b.d.FollowUp.(type) {
	case *sequences.FollowUp:
		fu = e
	case heldChanger:
		fu = e.fu
	}
	if fu == nil || fu.ModeCap() == "" {
		return keepwarm.ModeSend
	}
	return fu.ModeCap()
}

// Sequence is one sequence in its form, with its file as it is.
func (b *WebBackend) Sequence(ctx context.Context, p web.Person, name string) (web.SequenceEdit, error) {
	defs, set, _ := b.load()
	def, ok := defs.Get(name)
	if !ok || strings.HasPrefix(def.File, builtInPrefix) ||
		(b.d.SequencesDir != "" && filepath.Clean(def.File) != filepath.Join(b.d.SequencesDir, name+".toml")) {
		// A team file that does not load: its text and problems (the
		// daemon does not fall back to the built-in it was to replace),
		// also when another file defines the sequence it names (a
		// hand-made copy): the link from the Sequences page is to it.
		if e, broken := b.brokenSequence(name); broken {
			return e, nil
		}
	}
	if !ok {
		return web.SequenceEdit{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no sequence %q", name)
	}
	e := web.SequenceEdit{Draft: sequences.DraftOf(def), File: filepath.Base(strings.TrimPrefix(def.File, builtInPrefix)), BuiltIn: strings.HasPrefix(def.File, builtInPrefix),
		CannotSave: b.CannotSave("sequences")}
	if b.d.SequencesDir != "" {
		e.Version = FileVersion(filepath.Join(b.d.SequencesDir, b.sequenceFile(def)))
	}
	if body, err := definitionSource(def); err == nil {
		e.Source = string(body)
	}
	// A step never sent as things are, or that would read wrong (a "Re:"
	// subject on a step that starts a new thread), says so beside it: not
	// a problem of the file, nothing refused.
	for _, w := range defs.Warnings(set) {
		if w.File == def.File {
			if i, ok := strings.CutSuffix(w.Field, ".in_thread"); ok {
				e.Notices = append(e.Notices, web.Problem{Field: i + ".template", Msg: w.Msg})
			}
		}
	}
	if catalog, err := b.d.DB.Products(ctx); err == nil {
		_, steps := SequencesWarnings(defs, set, len(catalog) == 0)
		for _, w := range steps {
			if w.Sequence == def.Name {
				e.Notices = append(e.Notices, web.Problem{Field: fmt.Sprintf("step[%d].template", w.Step-1), Msg: w.Msg})
			}
		}
	}
	return e, nil
}

// definitionSource reads the file a sequence was loaded from: one in the
// team's directory, or a built-in default.
func definitionSource(def *sequences.Definition) ([]byte, error) {
	if name, ok := strings.CutPrefix(def.File, builtInPrefix); ok {
		return fs.ReadFile(sequences.DefaultDefinitions(), filepath.Base(name))
	}
	return os.ReadFile(def.File)
}

// SaveSequence checks the draft together with every other file, exactly
// as `keepwarm sequences check` would once it is written, and writes it
// (atomically, the previous version kept) only when all is clean.
func (b *WebBackend) SaveSequence(ctx context.Context, p web.Person, d sequences.Draft, create bool, version string, now time.Time) (web.Change, []web.Problem, error) {
	if err := managerOnly(p, "sequences"); err != nil {
		return web.Change{}, nil, err
	}
	b.saveMu.Lock()
	defer b.saveMu.Unlock()
	if why := b.CannotSave("sequences"); why != "" {
		return web.Change{}, nil, keepwarm.Errorf(keepwarm.EINVALID, "%s", why)
	}
	defs, _, _ := b.load()
	old, exists := defs.Get(d.Name)
	if create && exists {
		return web.Change{}, []web.Problem{{Field: "name", Msg: fmt.Sprintf("a sequence named %q exists already", d.Name)}}, nil
	}
	// A new sequence's name names its file; one that exists keeps its
	// name and its file as they are (one written by hand may be named
	// otherwise: vip.toml with name = "VIP").
	if (create || !exists) && !fileNameRE.MatchString(d.Name) {
		return web.Change{}, []web.Problem{{Field: "name", Msg: "use lower-case letters, digits, - and _ (it names the file), e.g. \"key-customer\""}}, nil
	}
	file := d.Name + ".toml"
	if exists {
		file = b.sequenceFile(old)
	}
	own := exists && !strings.HasPrefix(old.File, builtInPrefix)
	if p := b.fileTaken(defs, file, own); p != nil {
		return web.Change{}, p, nil
	}
	if p := changedSince(filepath.Join(b.d.SequencesDir, file), version); p != nil {
		return web.Change{}, p, nil
	}
	body := d.TOML("Written by keepwarm's web console; the previous version is kept as " + file + PrevSuffix)
	if exists {
		// The manager's notes in the file stay, where they were.
		if src, err := definitionSource(old); err == nil {
			body = sequences.KeepComments(src, body)
		}
	}
	probs, still, err := b.checkSave(b.d.SequencesDir, file, body, func(dir string) []templates.Problem {
		defs, _, ps := LoadSequenceFiles(dir, b.d.TemplatesDir)
		return append(ps, b.configProblems(defs)...)
	})
	if err != nil || len(probs) > 0 {
		return web.Change{}, webProblems(probs, file), err
	}
	path := filepath.Join(b.d.SequencesDir, file)
	onDisk, readErr := os.ReadFile(path)
	if err := WriteFileAtomic(path, body); err != nil {
		return web.Change{}, nil, writeFailed(path, err)
	}
	ch := web.Change{Action: "sequence.save", Subject: "sequence " + d.Name, After: stepsLine(d), Unchanged: readErr == nil && bytes.Equal(onDisk, body)}
	if exists {
		ch.Before, ch.After = draftChanges(sequences.DraftOf(old), d)
		if !own {
			// The team's first copy of a built-in: it overrides the
			// built-in from now on, the same settings or not.
			ch.Before, ch.After = builtInSides(ch.Before, ch.After)
		}
	}
	b.taken(ctx, &ch, still, now)
	return ch, nil, nil
}

// fileTaken refuses to write file for a sequence it is not the file of
// (own is false: a new sequence, or a built-in's first team copy) when
// the sequences directory holds it already: a file written by hand holds
// another sequence there (vip.toml with name = "VIP"), or one that does
// not load (a hand edit under way). Writing over it would end that
// sequence and fail every follow-up running in it.
func (b *WebBackend) fileTaken(defs *sequences.Definitions, file string, own bool) []web.Problem {
	if own || b.d.SequencesDir == "" {
		return nil
	}
	path := filepath.Join(b.d.SequencesDir, file)
	if FileVersion(path) == "none" {
		return nil
	}
	for _, n := range defs.Names() {
		if def, _ := defs.Get(n); filepath.Clean(def.File) == filepath.Clean(path) {
			return []web.Problem{{Field: "name", Msg: fmt.Sprintf("the file %s already holds the sequence %q: choose another name", file, n)}}
		}
	}
	return []web.Problem{{Field: "name", Msg: fmt.Sprintf("the file %s is already in the sequences directory and does not load (the Sequences page shows its problems): fix or remove it, or choose another name", file)}}
}

// configProblems are the checks of defs against the configuration, as
// the daemon makes them (App.LoadSequences): [sequences] default names a
// sequence, and no step sends a template [greetings] names. The console
// refuses a save the daemon would refuse to take up.
func (b *WebBackend) configProblems(defs *sequences.Definitions) []templates.Problem {
	if defs == nil {
		return nil
	}
	probs := defs.CheckGreetingTemplates(b.d.GreetingTemplates)
	if b.d.DefaultSequence == "" {
		return probs
	}
	if _, ok := defs.Get(b.d.DefaultSequence); ok {
		return probs
	}
	return append(probs, templates.Problem{File: b.d.ConfigPath, Field: "sequences.default",
		Msg: fmt.Sprintf("no sequence named %q (known: %s)", b.d.DefaultSequence, strings.Join(defs.Names(), ", "))})
}

// sequenceFile is the file in the sequences directory a saved definition
// goes to: its own when it was read from there, else NAME.toml (a
// built-in's team copy).
func (b *WebBackend) sequenceFile(def *sequences.Definition) string {
	if !strings.HasPrefix(def.File, builtInPrefix) && b.d.SequencesDir != "" &&
		filepath.Clean(filepath.Dir(def.File)) == filepath.Clean(b.d.SequencesDir) {
		return filepath.Base(def.File)
	}
	return def.Name + ".toml"
}

func stepsLine(d sequences.Draft) string {
	var parts []string
	for _, st := range d.Steps {
		what := st.Template
		if st.Action == "task" {
			what = "task"
		}
		parts = append(parts, "+"+st.After+" "+what)
	}
	return d.Mode + ": " + strings.Join(parts, ", ")
}

// checkWith copies the *.toml or *.tmpl files of dir into a temporary
// directory, puts body as file there, and runs check on it: the files as
// they would be once written.
func (b *WebBackend) checkWith(dir, file string, body []byte, check func(dir string) []templates.Problem) ([]templates.Problem, error) {
	tmp, err := os.MkdirTemp("", "keepwarm-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	ext := filepath.Ext(file)
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "%s: %v", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ext || e.Name() == file {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), data, 0o600); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, file), body, 0o600); err != nil {
		return nil, err
	}
	probs := check(tmp)
	// Name the files as they will be, in the messages too: a problem
	// naming another file ("also defined in ...") is then the same as the
	// check of dir itself finds, one the directory had before.
	sep := string(filepath.Separator)
	for i := range probs {
		probs[i].File = strings.Replace(probs[i].File, tmp+sep, dir+sep, 1)
		probs[i].File = strings.Replace(probs[i].File, tmp, dir, 1)
		probs[i].Msg = strings.ReplaceAll(probs[i].Msg, tmp+sep, dir+sep)
	}
	return probs, nil
}

// checkSave is checkWith for a save: refuse are the problems a save is
// refused for, those of the edited file itself and those the edit adds to
// other files; still are the other files' problems that are there with or
// without it (two files edited by hand, each shown as not loading: either
// fix is saved, and neither waits for the other). Writing the file then
// makes nothing worse: the daemon and reload take up no files while any
// problem is left, and keep the ones they have.
func (b *WebBackend) checkSave(dir, file string, body []byte, check func(dir string) []templates.Problem) (refuse, still []templates.Problem, err error) {
	probs, err := b.checkWith(dir, file, body, check)
	if err != nil || len(probs) == 0 {
		return probs, nil, err
	}
	type key struct{ file, section, field, msg string }
	had := map[key]int{}
	for _, p := range check(dir) {
		had[key{filepath.Clean(p.File), p.Section, p.Field, p.Msg}]++
	}
	for _, p := range probs {
		k := key{filepath.Clean(p.File), p.Section, p.Field, p.Msg}
		if filepath.Base(p.File) != file && had[k] > 0 {
			had[k]--
			still = append(still, p)
			continue
		}
		refuse = append(refuse, p)
	}
	if len(refuse) > 0 {
		// Refused: every problem, as the files would be, is listed.
		return probs, nil, nil
	}
	return nil, still, nil
}

// taken says how the follow-ups take a saved sequence or template: at
// once (reload), or, while other files still have problems (still), once
// those are fixed (Pending), or after a restart while they are held.
func (b *WebBackend) taken(ctx context.Context, ch *web.Change, still []templates.Problem, now time.Time) {
	if len(still) == 0 {
		ch.Later, ch.Restart = b.reload(ctx, now)
		return
	}
	_, ch.Restart = b.d.FollowUp.(heldChanger)
	ch.Pending = true
}

// reload hands the written files to the running job here; the daemon's
// job notices them on its next tick (Refresh). The file is written by
// then, so the save stands whatever happens here: a failure is logged and
// reported as true (the waiting follow-ups move on the daemon's next
// tick), never as a failed save. While the follow-ups are held (the files
// had problems when the daemon started: heldChanger) nothing here or in
// the daemon takes them up before a restart: restart is true.
func (b *WebBackend) reload(ctx context.Context, now time.Time) (later, restart bool) {
	if _, held := b.d.FollowUp.(heldChanger); held {
		return false, true
	}
	eng, err := b.engine()
	if err != nil {
		return false, false // nothing runs here to reload
	}
	defs, set, probs := b.load()
	if len(probs) > 0 {
		err = fmt.Errorf("the files do not check: %v", probs[0])
	} else {
		_, err = eng.Reload(ctx, defs, set, now)
	}
	if err != nil {
		if b.d.Log != nil {
			b.d.Log.Warn("saved from the console, but the waiting follow-ups were not moved at once: the daemon moves them on its next tick", "err", err)
		}
		return true, false
	}
	return false, false
}

// Templates lists every template file with the steps that use it.
func (b *WebBackend) Templates(ctx context.Context, p web.Person) ([]web.TemplateRow, error) {
	defs, set, _ := b.load()
	if set == nil {
		return nil, nil
	}
	used := map[string][]string{}
	for _, n := range defs.Names() {
		def, _ := defs.Get(n)
		for i, st := range def.Steps {
			if st.Action == "email" {
				used[st.Template] = append(used[st.Template], fmt.Sprintf("%s step %d", n, i+1))
			}
		}
	}
	greeting := greetingTemplates(b.d.GreetingTemplates, b.now())
	// The "received" draft at the first reply nudge.
	used[sequences.AckTemplate] = append(used[sequences.AckTemplate], "reply nudge: draft in Drafts")
	var out []web.TemplateRow
	for _, t := range set.Templates() {
		kind := "follow-up"
		if greeting(t.Name) {
			kind = "greeting"
		} else if len(used[t.Name]) == 0 || t.Name == sequences.AckTemplate {
			kind = "other"
		}
		out = append(out, web.TemplateRow{File: t.File, Name: t.Name, Lang: t.Lang, Kind: kind, UsedBy: used[t.Name],
			BuiltIn: !b.teamFile(b.d.TemplatesDir, t.File)})
	}
	// A team file that does not load is listed too, marked so, with its
	// editor a click away: a missing row would read as deleted.
	for _, f := range b.brokenTemplateFiles(set) {
		name, lang, _ := strings.Cut(strings.TrimSuffix(f, ".tmpl"), ".")
		by, shadowed := set.Shadowed(f)
		kind := "follow-up"
		if greeting(name) {
			kind = "greeting"
		} else if len(used[name]) == 0 || name == sequences.AckTemplate {
			kind = "other"
		}
		out = append(out, web.TemplateRow{File: f, Name: name, Lang: lang, Kind: kind, UsedBy: used[name], Broken: !shadowed, ShadowedBy: by})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	letters, err := b.letterFiles()
	if err != nil {
		return nil, err
	}
	var lset *templates.Set
	if len(letters) > 0 {
		// Loaded as the greetings job loads them (LoadLetters): a file
		// that does not load takes no other's place.
		lset, _ = templates.Load(os.DirFS(b.d.LettersDir))
	}
	// This month and the next in the team's zone, as the banner above
	// the list judges them (FilesCheck), not the server's.
	now := b.now().In(b.teamLocation())
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, now.Location())
	thisMonth, nextMonth := first.Format("2006-01"), first.AddDate(0, 1, 0).Format("2006-01")
	loaded := map[string]bool{}
	if lset != nil {
		for _, t := range lset.Templates() {
			loaded[t.File] = true
		}
	}
	for _, f := range letters {
		month, lang, _ := letterParts(f)
		by, shadowed := lset.Shadowed(f)
		row := web.TemplateRow{File: LettersPrefix + f, Name: month, Lang: lang, Kind: "letter", ShadowedBy: by,
			Broken: !loaded[f] && !shadowed}
		if lang != "" && (month == thisMonth || month == nextMonth) && !defaultLetter(lset, letters, month) {
			// The greetings job sends none of the month's letters
			// without the file for everyone else. Of a month gone or
			// far off, the tag would tell nothing.
			row.Needs = month + ".tmpl"
		}
		out = append(out, row)
	}
	return out, nil
}

// defaultLetter says month has a letter for everyone else, as the
// greetings job finds it (LoadLetters): 2026-12.tmpl, or 2026-12.en.tmpl,
// English being the default language.
func defaultLetter(set *templates.Set, files []string, month string) bool {
	if set == nil {
		return slices.Contains(files, month+".tmpl")
	}
	_, ok := set.Lookup(month, "")
	return ok
}

// LettersPrefix marks a monthly letter's file among the console's
// template files: "letters/2026-12.tmpl" is 2026-12.tmpl in the letters
// directory.
const LettersPrefix = "letters/"

// letterFiles lists the letters directory's letter files, by month.
func (b *WebBackend) letterFiles() ([]string, error) {
	if b.d.LettersDir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(b.d.LettersDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if _, _, ok := letterParts(e.Name()); ok && !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out, nil
}

// letterStart is the letter file a new letter file name starts from:
// the latest earlier month's in the same language, else the same month's
// default-language one (a new language of it), else the latest earlier
// month's default-language one; "" for none (the starter). Months are
// compared, not file names: "2026-11.zh.tmpl" sorts after
// "2026-11.tmpl", and a letter written ahead is not "the latest".
func (b *WebBackend) letterStart(name string) string {
	month, lang, ok := letterParts(name)
	if !ok {
		return ""
	}
	files, _ := b.letterFiles()
	latest := func(lang string) string {
		best, bestMonth := "", ""
		for _, f := range files {
			fm, fl, _ := letterParts(f)
			if fl == lang && fm < month && fm > bestMonth {
				best, bestMonth = f, fm
			}
		}
		return best
	}
	if f := latest(lang); f != "" {
		return f
	}
	if lang != "" && slices.Contains(files, month+".tmpl") {
		return month + ".tmpl"
	}
	return latest("")
}

// greeting reports whether template name is a greeting's: birthday, the
// generic holiday, a holiday's own, or one [greetings] names.
func (b *WebBackend) greeting(name string) bool {
	return IsGreetingTemplate(name, b.d.GreetingTemplates, b.now())
}

// letterFile returns the letter file named by a console file
// ("letters/2026-12.es.tmpl") and its month; ok is false for another file.
// Its language tag is in lower case, or, as templateFileOK takes a
// template's, is one the loader reads with capitals or "_" of a file in
// the letters directory (2026-12.zh-TW.tmpl, written by hand): it is sent,
// so it can be seen and edited too. New files are named in lower case.
func (b *WebBackend) letterFile(file string) (name, month string, ok bool) {
	name, ok = strings.CutPrefix(file, LettersPrefix)
	if !ok || strings.Contains(name, "/") {
		return "", "", false
	}
	if m := letterFileRE.FindStringSubmatch(name); m != nil {
		return name, m[1], true
	}
	month, _, ok = letterParts(name)
	if !ok || !b.teamFile(b.d.LettersDir, name) {
		return "", "", false
	}
	return name, month, true
}

func (b *WebBackend) teamFile(dir, file string) bool {
	if dir == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, file))
	return err == nil
}

// templateFileOK says the console opens template file: NAME.tmpl or
// NAME.LANG.tmpl, both in lower case, or a team's file whose language
// tag the loader reads but has capitals or "_" (resend.zh-TW.tmpl,
// written by hand): it is sent, so it can be seen and edited too.
func (b *WebBackend) templateFileOK(file string) bool {
	base, ok := strings.CutSuffix(file, ".tmpl")
	if !ok || strings.Count(base, ".") > 1 {
		return false
	}
	name, lang, dotted := strings.Cut(base, ".")
	if !fileNameRE.MatchString(name) {
		return false
	}
	if !dotted || fileNameRE.MatchString(lang) {
		return true
	}
	if _, _, err := templates.SplitName(file); err != nil {
		return false
	}
	return b.teamFile(b.d.TemplatesDir, file)
}

// teamOrDefault reads template file from the team's directory, else from
// the built-in defaults.
func (b *WebBackend) teamOrDefault(file string) ([]byte, bool) {
	if b.d.TemplatesDir != "" {
		if body, err := os.ReadFile(filepath.Join(b.d.TemplatesDir, file)); err == nil {
			return body, true
		}
	}
	body, err := fs.ReadFile(templates.Defaults(), file)
	return body, err == nil
}

// templateStarter is a new template when there is no default-language file
// of its name to start from.
const templateStarter = `# A follow-up mail in the same thread. The fields are listed beside the
# editor; the format is described in docs/templates.md.
subject: {{reply .Original.Subject}}
description: a short follow-up
--- text
{{.Contact.Salutation}},

I am following up on my mail of {{date .Original.Date}}. Is there anything I
can add or send you?

Best regards,
{{.Owner.Signature}}

{{.Original.Quote}}
`

// Template is one template file in its editor.
func (b *WebBackend) Template(ctx context.Context, p web.Person, file string) (web.TemplateEdit, error) {
	e := web.TemplateEdit{File: file}
	var body []byte
	var err error
	if other := b.sameKeyFile(file); other != "" {
		// resend.tmpl asked for, the team's resend.en.tmpl is the
		// English resend sent today: that text is opened, under its
		// own name, not the built-in one whose save would take its place.
		return b.Template(ctx, p, other)
	}
	if name, month, ok := b.letterFile(file); ok {
		e.Kind, e.CannotSave = "letter", b.CannotSave("letters")
		err = fs.ErrNotExist
		if b.d.LettersDir != "" {
			body, err = os.ReadFile(filepath.Join(b.d.LettersDir, name))
		}
		if errors.Is(err, fs.ErrNotExist) {
			// A new letter starts from the one before it in its
			// language, else from a starter.
			e.New, err = true, nil
			body = []byte(fmt.Sprintf(letterStarter, month))
			if from := b.letterStart(name); from != "" {
				if last, rerr := os.ReadFile(filepath.Join(b.d.LettersDir, from)); rerr == nil {
					body, e.From = last, LettersPrefix+from
				}
			}
		}
	} else {
		if !b.templateFileOK(file) {
			return web.TemplateEdit{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no template %q", file)
		}
		e.BuiltIn = !b.teamFile(b.d.TemplatesDir, file)
		e.Kind, e.CannotSave = "follow-up", b.CannotSave("templates")
		if b.greeting(strings.SplitN(file, ".", 2)[0]) {
			e.Kind = "greeting"
		}
		if e.BuiltIn {
			body, err = fs.ReadFile(templates.Defaults(), file)
		} else {
			body, err = os.ReadFile(filepath.Join(b.d.TemplatesDir, file))
		}
		if errors.Is(err, fs.ErrNotExist) {
			// A new template, or a new language of one: it starts from
			// what that language's customers get today (the team's file or
			// the built-in: resend.zh-tw.tmpl from resend.zh-hant.tmpl,
			// resend.pt-br.tmpl from resend.pt.tmpl), else from the
			// default-language file of that name, else from a starter.
			// A greeting with no file of its own (mid-autumn.zh.tmpl)
			// starts from the one the greetings job sends for it today:
			// holiday.zh.tmpl, not a follow-up's starter.
			e.New, e.BuiltIn, err = true, false, nil
			body = []byte(templateStarter)
			name, lang, _ := strings.Cut(strings.TrimSuffix(file, ".tmpl"), ".")
			from := name + ".tmpl"
			if _, set, _ := b.load(); set != nil {
				look := name
				if e.Kind == "greeting" {
					look = sequences.TemplateIn(set, name, lang)
				}
				if t, ok := set.Lookup(look, lang); ok {
					from = t.File
				}
			}
			if b2, ok := b.teamOrDefault(from); ok {
				body, e.From = b2, from
			}
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return e, keepwarm.Errorf(keepwarm.ENOTFOUND, "no template %q", file)
	}
	if err != nil {
		return e, err
	}
	e.Body = string(body)
	if name, _, ok := b.letterFile(file); ok && b.d.LettersDir != "" {
		e.Version = FileVersion(filepath.Join(b.d.LettersDir, name))
	} else if b.d.TemplatesDir != "" {
		e.Version = FileVersion(filepath.Join(b.d.TemplatesDir, file))
	}
	hits, err := b.d.DB.CustomersWithMail(ctx, viewer(p), 50)
	if err != nil {
		return e, err
	}
	for _, h := range hits {
		e.Customers = append(e.Customers, web.CustomerRow{ID: h.ID, Name: h.Name, Key: h.Key, Owner: h.Owner, Grade: h.Grade, Country: h.Country})
	}
	return e, nil
}

// PreviewTemplate renders the edited file for the customer's latest
// outbound mail as a follow-up step would send it; with no such mail (or
// no customer) it uses the sample and says so.
func (b *WebBackend) PreviewTemplate(ctx context.Context, p web.Person, file, body string, customerID int64) (web.Preview, error) {
	if _, month, ok := b.letterFile(file); ok {
		return b.previewLetter(ctx, p, file, month, body, customerID)
	}
	if !b.templateFileOK(file) {
		return web.Preview{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no template %q", file)
	}
	if name := strings.SplitN(file, ".", 2)[0]; b.greeting(name) {
		return b.previewGreeting(ctx, p, file, name, body, customerID)
	}
	var pv web.Preview
	var set *templates.Set
	probs, err := b.checkWith(b.d.TemplatesDir, file, []byte(body), b.templateCheck(file, &set))
	if err != nil {
		return pv, err
	}
	pv.Problems = append(append(webProblems(probs, file), heldNotices(set, file)...), attachNotices(set, file)...)
	name := strings.SplitN(file, ".", 2)[0]
	edited := editedTemplate(set, name, file)
	// A follow-up's sample: no occasion and no month, as no step has
	// them (the check names a template writing them).
	data := templates.SampleData().Of(templates.KindFollowUp)
	pv.Sample, pv.SampleWhy = true, "no customer with a thread to show"
	pv.Customer, pv.To = data.Customer.Name+" (sample)", data.Contact.Email
	eng, engErr := b.previewer()
	if customerID != 0 && engErr != nil {
		pv.SampleWhy = engErr.Error()
	}
	if customerID != 0 && engErr == nil {
		if _, err := b.mine(ctx, p, customerID); err != nil {
			return pv, err
		}
		cust, err := b.d.DB.CustomerForSequence(ctx, customerID)
		if err != nil {
			return pv, err
		}
		d, err := b.previewStep(ctx, eng, &pv, set, name, file, edited, cust)
		if err != nil {
			return pv, err
		}
		if edited != nil {
			data = d
		}
	} else if edited != nil {
		if r, err := edited.Render(data); err == nil {
			pv.Lang, pv.Subject, pv.Text, pv.HTML = r.Lang, r.Subject, r.Text, r.HTML
		}
	}
	if pv.Lang == "" {
		pv.Lang = "en"
	}
	for _, f := range templates.FieldsOf(data) {
		pv.Fields = append(pv.Fields, web.TemplateField{Name: f.Name, Sample: f.Value})
	}
	return pv, nil
}

// notSentPrefix heads a preview's problem saying the customer shown would
// get no such mail at all (the text is shown signed by the sample sender).
const notSentPrefix = "not sent to this customer: "

// templateCheck judges the templates of dir with the team's sequences as
// the daemon does (configProblems), and the edited file as the console
// refuses it (emptyProblems); set, when not nil, gets the templates
// loaded. A template's preview (a follow-up's and a greeting's) and its
// save use this one check, so the preview shows what the save refuses.
func (b *WebBackend) templateCheck(file string, set **templates.Set) func(dir string) []templates.Problem {
	return func(dir string) []templates.Problem {
		defs, s, ps := LoadSequenceFiles(b.d.SequencesDir, dir)
		if set != nil {
			*set = s
		}
		ps = append(ps, b.configProblems(defs)...)
		// A greeting template's list of products with no guard says the
		// greeting is not sent to a customer no product matches.
		ps = append(ps, b.d.GreetingRules.Greetings.GreetingProductProblems(s, defs, emptyProblems(defs, s, file))...)
		// A field the file's mail never has ({{.Month}} in a follow-up):
		// a blank in every mail of it.
		for _, p := range TemplateKindProblems(s, b.d.GreetingTemplates, b.now()) {
			if filepath.Base(p.File) == file {
				ps = append(ps, p)
			}
		}
		if !b.teamFile(b.d.TemplatesDir, file) {
			ps = append(ps, replacedProblems(s, dir, file)...)
		}
		return ps
	}
}

// sameKeyFile is the team's file that is file's template in file's
// language under another name, when file itself is not the team's:
// resend.en.tmpl for resend.tmpl (English written either way),
// resend.zh-hant.tmpl for resend.zh-tw.tmpl (one Traditional Chinese),
// letters/2026-12.en.tmpl for letters/2026-12.tmpl. "" for none.
func (b *WebBackend) sameKeyFile(file string) string {
	dir, prefix, name := b.d.TemplatesDir, "", file
	if n, ok := strings.CutPrefix(file, LettersPrefix); ok {
		dir, prefix, name = b.d.LettersDir, LettersPrefix, n
	}
	if dir == "" || strings.Contains(name, "/") || b.teamFile(dir, name) {
		return ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".tmpl") {
			files = append(files, e.Name())
		}
	}
	if other := sameKey(files, name); other != "" {
		return prefix + other
	}
	return ""
}

// sameKey is the file of files (in the directory's order) that is the
// same template in the same language as file under another name, "" for
// none; of two (resend.zh-hk.tmpl and resend.zh-tw.tmpl) the one sorted
// last, which templates.Load sends.
func sameKey(files []string, file string) string {
	name, lang, err := templates.SplitName(file)
	if err != nil {
		return ""
	}
	found := ""
	for _, f := range files {
		n, l, err := templates.SplitName(f)
		if f == file || err != nil || n != name {
			continue
		}
		if l == lang || templates.Traditional(l) && templates.Traditional(lang) {
			found = f
		}
	}
	return found
}

// replacedProblems refuse file, new in dir (the templates or letters
// directory as it would be once written), when it takes the place of
// another file of dir, the same template in the same language, whose
// text is sent today (resend.tmpl beside the team's resend.en.tmpl): the
// team's words would stop going out with no word of it.
func replacedProblems(set *templates.Set, dir, file string) []templates.Problem {
	if set == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []templates.Problem
	for _, e := range entries {
		if e.IsDir() || e.Name() == file {
			continue
		}
		if by, ok := set.Shadowed(e.Name()); ok && by == file {
			out = append(out, templates.Problem{File: file, Msg: fmt.Sprintf(ReplacesMsg, e.Name())})
		}
	}
	return out
}

// ReplacesMsg is the refusal of a new file that would take the place of
// a file of the team's that is sent (replacedProblems).
const ReplacesMsg = "this file would take the place of %s, the same template in the same language, which is sent today: edit that file instead"

// emptyProblems are the warnings of `keepwarm sequences check` about file
// that the console refuses to save (and its preview shows): a template
// that goes out saying less than it means to — a product list rendered
// empty, "Dear ," for a contact without a name. Each names the one-line fix.
// One that says nothing without the part its guard empties is not among
// them (templates.HeldWarning): such a customer's mail is not sent (a step
// is skipped, its sequence going on), and the
// preview shows it (heldNotices) while the save goes through.
//
// A file another file of the same name and language takes the place of
// (resend.en.tmpl beside the team's resend.tmpl) is refused too: its text
// would never be sent.
func emptyProblems(defs *sequences.Definitions, set *templates.Set, file string) []templates.Problem {
	empty, _ := SequencesWarnings(defs, set, false)
	out := slices.DeleteFunc(empty, func(p templates.Problem) bool {
		return filepath.Base(p.File) != file || templates.HeldWarning(p)
	})
	if set == nil {
		return out
	}
	if by, ok := set.Shadowed(file); ok {
		out = append(out, templates.Problem{File: file, Msg: fmt.Sprintf(ShadowedMsg, by)})
	}
	return out
}

// ShadowedMsg is the refusal of a template file another file takes the
// place of (templates.Set.Shadowed).
const ShadowedMsg = "%s is the same template in the same language and is the one sent, so this file never would be: edit that file instead"

// heldNotices are the edited file's warnings that, without the part its
// guard empties (no product matches, no company name), it says nothing
// and such a customer's mail is not sent (templates.HeldWarning), for its
// preview: they do not stop a save.
func heldNotices(set *templates.Set, file string) []web.Problem {
	if set == nil {
		return nil
	}
	var out []web.Problem
	for _, p := range templates.EmptyWarnings(set) {
		if templates.HeldWarning(p) && filepath.Base(p.File) == filepath.Base(file) {
			out = append(out, web.Problem{Field: p.Field, Msg: p.Msg})
		}
	}
	return out
}

// attachNotices are the edited file's words saying the mail carries a
// file (templates.AttachmentClaims), for its preview: keepwarm attaches
// none. They do not stop a save: "attached" may be a product's own word.
func attachNotices(set *templates.Set, file string) []web.Problem {
	if set == nil {
		return nil
	}
	var out []web.Problem
	for _, p := range templates.AttachmentClaims(set) {
		if filepath.Base(p.File) == filepath.Base(file) {
			out = append(out, web.Problem{Section: p.Section, Msg: p.Msg})
		}
	}
	return out
}

// SaveTemplate checks the edited file with every other template and
// sequence, as `keepwarm sequences check` would, and writes it when clean.
func (b *WebBackend) SaveTemplate(ctx context.Context, p web.Person, file, body, version string, now time.Time) (web.Change, []web.Problem, error) {
	if err := managerOnly(p, "templates"); err != nil {
		return web.Change{}, nil, err
	}
	b.saveMu.Lock()
	defer b.saveMu.Unlock()
	if name, month, ok := b.letterFile(file); ok {
		return b.saveLetter(name, month, body, version)
	}
	if !b.templateFileOK(file) {
		return web.Change{}, nil, keepwarm.Errorf(keepwarm.ENOTFOUND, "no template %q", file)
	}
	if why := b.CannotSave("templates"); why != "" {
		return web.Change{}, nil, keepwarm.Errorf(keepwarm.EINVALID, "%s", why)
	}
	if p := changedSince(filepath.Join(b.d.TemplatesDir, file), version); p != nil {
		return web.Change{}, p, nil
	}
	probs, still, err := b.checkSave(b.d.TemplatesDir, file, []byte(body), b.templateCheck(file, nil))
	if err != nil || len(probs) > 0 {
		return web.Change{}, webProblems(probs, file), err
	}
	path := filepath.Join(b.d.TemplatesDir, file)
	before, readErr := os.ReadFile(path)
	// Unchanged only when the team's file held it: a built-in saved as
	// it is still writes the team's first copy.
	unchanged := readErr == nil && string(before) == body
	var builtIn []byte
	if len(before) == 0 {
		builtIn, _ = fs.ReadFile(templates.Defaults(), file)
	}
	if err := WriteFileAtomic(path, []byte(body)); err != nil {
		return web.Change{}, nil, writeFailed(path, err)
	}
	ch := web.Change{Action: "template.save", Subject: "template " + file, Unchanged: unchanged}
	if builtIn != nil {
		// The team's first copy of a built-in: it overrides the
		// built-in from now on, the same text or not.
		ch.Before, ch.After = builtInChanges(string(builtIn), body)
	} else {
		ch.Before, ch.After = textChanges(string(before), body)
	}
	b.taken(ctx, &ch, still, now)
	return ch, nil, nil
}

// Forecast is what keepwarm will do in the next days (app.Forecast: the
// jobs' own planning), scoped to the person's customers for a salesperson.
func (b *WebBackend) Forecast(ctx context.Context, p web.Person, now time.Time, days int) ([]web.ForecastItem, error) {
	var fu Forecaster
	if f, ok := b.d.FollowUp.(Forecaster); ok && !b.d.SequencesOff {
		// Turned off, no step goes out: none is listed.
		fu = f
	}
	entries, err := Forecast(ctx, b.d.DB, fu, b.d.Greetings, b.d.TeamLocation, now, days)
	if err != nil {
		return nil, err
	}
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return nil, err
	}
	nm := &names{db: b.d.DB, v: v, cache: map[int64]keepwarm.Customer{}}
	owners := map[int64]string{}
	ownerOf := func(id int64) string {
		o, ok := owners[id]
		if !ok {
			if c, err := b.d.DB.Customer(ctx, id); err == nil {
				o = c.Owner
			}
			owners[id] = o
		}
		return o
	}
	var out []web.ForecastItem
	for _, it := range entries {
		// A salesperson's: what goes in their name, and what goes to
		// their customers in a colleague's (a follow-up that went on
		// when the customer was handed to them), under that colleague.
		if !p.Manager && it.Owner != p.Email && !strings.EqualFold(ownerOf(it.CustomerID), p.Email) {
			continue
		}
		out = append(out, web.ForecastItem{At: it.At, Location: it.Location, Owner: it.Owner, CustomerID: it.CustomerID, NoPage: !p.Manager && nm.noPage(ctx, it.CustomerID),
			CustomerName: customerName(it.CustomerName, it.Customer), Kind: it.Kind, Sequence: it.Sequence, Step: it.Step, Template: it.Template, Mode: it.Mode,
			What: it.What, Rule: it.Rule, Task: it.Task, To: it.To, OccasionName: it.OccasionName, OccasionDate: it.OccasionDate,
			SendRule: it.SendRule, Month: it.Month, Note: it.Note, Key: it.Key})
	}
	return out, nil
}

// SkipGreeting stops a greeting or letter planned for one of the person's
// customers (a manager's: any) before it goes: recorded skipped under its
// key, so the greetings job never sends it.
func (b *WebBackend) SkipGreeting(ctx context.Context, p web.Person, key string, now time.Time) (web.Change, error) {
	g, ok := b.d.Greetings.(GreetingSkipper)
	if !ok || g == nil {
		return web.Change{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no greeting or letter %q is planned", key)
	}
	it, item, err := g.SkipPlanned(ctx, key, p.Email, now, func(customerID int64) error {
		_, err := b.mine(ctx, p, customerID)
		return err
	})
	if err != nil {
		return web.Change{}, err
	}
	return web.Change{CustomerID: it.CustomerID, Action: "outbox.skip", Subject: fmt.Sprintf("outbox %d: %s", item.ID, item.Subject),
		Before: "planned " + it.SendAt.UTC().Format("2006-01-02 15:04 MST"), After: string(keepwarm.OutboxSkipped)}, nil
}

// failedOf counts what the desk lists for q under "Sends that need you":
// their failed or uncertain sends and their follow-ups a failed send
// stopped.
func (b *WebBackend) failedOf(ctx context.Context, q web.Person) (int, error) {
	bad, err := b.troubleSends(ctx, viewer(q))
	if err != nil {
		return 0, err
	}
	failed, err := b.d.DB.FailedEnrollments(ctx, viewer(q))
	if err != nil {
		return 0, err
	}
	return len(bad) + len(failed), nil
}

// AuditPage is how many audit entries the team page shows at a time.
const AuditPage = 50

// Team is each salesperson's week from the same reads as their desk.
func (b *WebBackend) Team(ctx context.Context, p web.Person, now time.Time, auditBefore int64) (web.TeamPage, error) {
	var t web.TeamPage
	var people []web.Person
	onTeam := map[string]bool{}
	for _, q := range b.d.People {
		if q.Manager {
			continue
		}
		onTeam[strings.ToLower(q.Email)] = true
		if p.Manager || strings.EqualFold(q.Email, p.Email) {
			q.Email = strings.ToLower(q.Email)
			people = append(people, q)
		}
	}
	away, _, _, err := b.deskAway(ctx, p, now)
	if err != nil {
		return t, err
	}
	for _, q := range people {
		// Their own clocks, as their desk counts them, but not widened to
		// whoever they cover for: a covered clock is its owner's row, and
		// counting it under the backup too would count it twice.
		wp, err := b.d.DB.DeskWaiting(ctx, viewer(q), now.Add(time.Second), now, store.WaitingLast, true, 1)
		if err != nil {
			return t, err
		}
		row := web.TeamRow{Email: q.Email, Name: q.Name, Waiting: wp.Total, Breaches: wp.Late}
		tasks, err := b.d.DB.ListTasks(ctx, false, q.Email)
		if err != nil {
			return t, err
		}
		for _, c := range tasks {
			if c.DueAt.Before(now) {
				row.Tasks++
			}
		}
		enrs, err := b.d.DB.DueEnrollments(ctx, viewer(q), 0, now.AddDate(10, 0, 0))
		if err != nil {
			return t, err
		}
		for _, e := range enrs {
			if strings.EqualFold(e.SignedBy(), q.Email) {
				row.Running++
			}
		}
		covered := map[string]bool{}
		for i, a := range away {
			switch {
			case !a.Now:
			case strings.EqualFold(a.Person, q.Email):
				row.Away = &away[i]
			case strings.EqualFold(a.Backup, q.Email) && !covered[strings.ToLower(a.Person)]:
				// One name per colleague, however many of their
				// absences overlap (the desk's and their
				// out-of-office); two colleagues of the same name
				// are two.
				covered[strings.ToLower(a.Person)] = true
				row.Covers = append(row.Covers, a.Name)
			}
		}
		if row.Failed, err = b.failedOf(ctx, q); err != nil {
			return t, err
		}
		t.Rows = append(t.Rows, row)
	}
	if !p.Manager {
		return t, nil
	}
	loads, err := b.d.DB.OwnerLoads(ctx, now)
	if err != nil {
		return t, err
	}
	for _, l := range loads {
		if onTeam[strings.ToLower(l.Owner)] || l.Waiting+l.Running+l.TasksDue == 0 {
			continue
		}
		row := web.TeamRow{Email: strings.ToLower(l.Owner), Waiting: l.Waiting, Breaches: l.Late, Running: l.Running, Tasks: l.TasksDue}
		for _, q := range b.d.People {
			if strings.EqualFold(q.Email, l.Owner) {
				row.Name = q.Name
			}
		}
		t.Others = append(t.Others, row)
	}
	if t.Sessions, err = b.Sessions(ctx, now); err != nil {
		return t, err
	}
	// A session of someone no longer on the team signs nobody in: it is
	// not live (keepwarm run ends it when it starts).
	t.Sessions = slices.DeleteFunc(t.Sessions, func(s web.Session) bool { _, ok := b.Person(s.Email); return !ok })
	audit, err := b.d.DB.RecentAudit(ctx, AuditPage+1, auditBefore)
	if err != nil {
		return t, err
	}
	t.AuditPaged = auditBefore > 0
	if len(audit) > AuditPage {
		audit = audit[:AuditPage]
		t.AuditOlder = audit[AuditPage-1].ID
	}
	for _, a := range audit {
		t.Audit = append(t.Audit, web.AuditRow{At: a.At, Actor: a.Actor, Action: a.Action, Subject: a.Subject,
			Before: keepwarm.ClipLine(a.Before, 120), After: keepwarm.ClipLine(a.After, 120)})
	}
	return t, nil
}
