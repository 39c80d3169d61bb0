package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"keepwarm/sequences"
	"keepwarm/templates"
	"keepwarm/web"
)

// FilesCheck judges the team's sequences and templates as the daemon
// does (with [sequences] default): the Sequences and Templates pages list
// every problem, so a manager sees why the follow-ups are off (held at
// the daemon's start) or why a hand edit was not taken up (the running
// daemon logs it and keeps the files it had). This month's and next
// month's letters are judged too (LetterWarningsIn), apart: a letter that
// does not load sends none that month, and only the log said so.
func (b *WebBackend) FilesCheck(ctx context.Context) web.FilesCheck {
	defs, set, probs := b.load()
	_, held := b.d.FollowUp.(heldChanger)
	fc := web.FilesCheck{Held: held}
	for _, p := range probs {
		fc.Problems = append(fc.Problems, web.Problem{File: shownFile(p.File), Line: p.Line, Field: p.Field, Section: p.Section, Msg: p.Msg})
	}
	fc.Broken = b.brokenSequenceFiles(defs)
	fc.BrokenTemplates = slices.DeleteFunc(b.brokenTemplateFiles(set), func(f string) bool {
		_, shadowed := set.Shadowed(f)
		return shadowed // it loads; the Templates page says what takes its place
	})
	if b.d.LettersDir != "" {
		// The greetings job only logs a letter it does not send.
		for _, p := range LetterWarningsIn(os.DirFS(b.d.LettersDir), b.now().In(b.teamLocation())) {
			f := p.File
			if f != "" {
				f = LettersPrefix + filepath.Base(f)
			}
			fc.Letters = append(fc.Letters, web.Problem{File: f, Line: p.Line, Field: p.Field, Section: p.Section, Msg: p.Msg})
		}
	}
	return fc
}

// brokenTemplateFiles are the *.tmpl files of the templates directory
// that are not in set (they do not load, or another file of the same name
// and language takes their place: set.Shadowed), by file name, when the
// console opens them (/templates/{file}). The built-in of the same name is
// not in set either: the team's file took its place.
func (b *WebBackend) brokenTemplateFiles(set *templates.Set) []string {
	if b.d.TemplatesDir == "" {
		return nil
	}
	loaded := map[string]bool{}
	if set != nil {
		for _, t := range set.Templates() {
			loaded[t.File] = true
		}
	}
	files, _ := filepath.Glob(filepath.Join(b.d.TemplatesDir, "*.tmpl"))
	var out []string
	for _, f := range files {
		if n := filepath.Base(f); !loaded[n] && b.templateFileOK(n) {
			out = append(out, n)
		}
	}
	return out
}

// shownFile is a problem's file as the pages name it: a file of the
// team's directories by its name, a built-in one as such.
func shownFile(f string) string {
	if rest, ok := strings.CutPrefix(f, builtInPrefix); ok {
		return builtInPrefix + filepath.Base(rest)
	}
	if strings.HasSuffix(f, ".toml") || strings.HasSuffix(f, ".tmpl") {
		return filepath.Base(f)
	}
	return f
}

// brokenSequenceFiles are the *.toml files of the sequences directory
// that define no loaded sequence (they do not load), by name without
// .toml, when that names a page (/sequences/{name}).
func (b *WebBackend) brokenSequenceFiles(defs *sequences.Definitions) []string {
	if b.d.SequencesDir == "" {
		return nil
	}
	loaded := map[string]bool{}
	for _, n := range defs.Names() {
		def, _ := defs.Get(n)
		loaded[filepath.Clean(def.File)] = true
	}
	files, _ := filepath.Glob(filepath.Join(b.d.SequencesDir, "*.toml"))
	var out []string
	for _, f := range files {
		stem := strings.TrimSuffix(filepath.Base(f), ".toml")
		if !loaded[filepath.Clean(f)] && fileNameRE.MatchString(stem) {
			out = append(out, stem)
		}
	}
	return out
}

// brokenSequence is the page of a sequence file that does not load
// (SequencesDir/name.toml): its text and its problems, read-only.
func (b *WebBackend) brokenSequence(name string) (web.SequenceEdit, bool) {
	if b.d.SequencesDir == "" || !fileNameRE.MatchString(name) {
		return web.SequenceEdit{}, false
	}
	defs, _, probs := b.load()
	if !slices.Contains(b.brokenSequenceFiles(defs), name) {
		return web.SequenceEdit{}, false
	}
	path := filepath.Join(b.d.SequencesDir, name+".toml")
	body, err := os.ReadFile(path)
	if err != nil {
		return web.SequenceEdit{}, false
	}
	e := web.SequenceEdit{Draft: sequences.Draft{Name: name}, File: name + ".toml", Source: string(body),
		Version: FileVersion(path)}
	for _, p := range probs {
		if filepath.Clean(p.File) == filepath.Clean(path) {
			e.Broken = append(e.Broken, web.Problem{Line: p.Line, Field: p.Field, Section: p.Section, Msg: p.Msg})
		}
	}
	if len(e.Broken) == 0 {
		// Loaded in none and no problem of its own: another file
		// defines its sequence (the problem names this one there).
		e.Broken = append(e.Broken, web.Problem{Msg: "this file does not load: see the problems on the Sequences page"})
	}
	return e, true
}
