// Package templates loads, checks and renders keepwarm's message templates:
// follow-up resends, product introductions, greetings and monthly letters.
//
// # File format
//
// Each template is one UTF-8 file named NAME.tmpl (English, the fallback) or
// NAME.LANG.tmpl (LANG a BCP 47 primary tag such as es, de, fr). It has a
// header block, then sections that start with a line "--- text" or
// "--- html":
//
//	subject: Re: {{.Original.Subject}}
//	description: short resend in the same thread
//	--- text
//	{{.Contact.Salutation}},
//
//	did you receive my mail of {{date .Original.Date}}?
//	--- html
//	<p>{{.Contact.Salutation}},</p>
//
// The header keys are subject (required), description (optional) and
// requires (optional: "requires: Products" — the parts without which the
// message says nothing; when one renders empty the message is not sent,
// see EmptyPartError); blank
// lines and lines starting with # are ignored there. The text section is
// required, the html section optional. Subject and text are text/template,
// html is html/template (values are escaped). Template actions use the
// fields of Data; the functions are join (join .Products ", "), date
// (date .Original.Date, written the way the template's language writes
// dates) and reply (reply .Original.Subject: "Re: " added unless a reply
// marker in any language is there). A field that does not exist is an
// error, found by Check with the file, line and field, not at send time. A rendered subject
// containing CR or LF is refused.
//
// Defaults are embedded (see Defaults); a manager's directory is loaded on
// top and replaces a default file of the same name.
package templates

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
	"time"

	"keepwarm"
)

//go:embed defaults/*.tmpl
var defaultFS embed.FS

// Defaults returns the embedded default templates as a file system for Load.
func Defaults() fs.FS {
	sub, err := fs.Sub(defaultFS, "defaults")
	if err != nil {
		panic(err) // the embedded directory exists: a build defect otherwise
	}
	return sub
}

// Template is one parsed template file.
type Template struct {
	Name string // e.g. "resend"
	Lang string // "" for the English fallback file, else e.g. "es"
	File string // the file name, for messages
	// Hash identifies the file's content: a greeting queued from it is
	// checked against it before it goes (the manager may fix it meanwhile).
	Hash        string
	Description string
	// Requires are the parts (Products, Company, Original, Occasion, Month)
	// without which the message says nothing: Render refuses to render it
	// when one is empty ("requires:" header).
	Requires []string

	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template // nil when the file has no html section

	// fixed is the text section's opening line when the file writes it
	// with no field ("Prezado Sr.,", "Hello everyone !"): its words are
	// the manager's own, not a name slot left empty.
	fixed string
}

// Set is a loaded set of templates, safe for concurrent Render.
type Set struct {
	byKey map[string]*Template // "name" or "name.lang"
	// shadowed names, by file, the file of the same name and language
	// that took its place: resend.tmpl's by the team's resend.en.tmpl.
	shadowed map[string]string
}

// Shadowed says which file takes file's place: another file of the same
// name and language (resend.tmpl and resend.en.tmpl are both the English
// resend), from a later layer, else the same layer's that sorts last; or
// a later layer's Traditional Chinese file of another tag (the team's
// resend.zh-tw.tmpl takes the built-in resend.zh-hant.tmpl's place).
func (s *Set) Shadowed(file string) (by string, ok bool) {
	if s == nil {
		return "", false
	}
	by, ok = s.shadowed[file]
	return by, ok
}

// Names returns the template names in the set, sorted, each once.
func (s *Set) Names() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range s.byKey {
		if !seen[t.Name] {
			seen[t.Name] = true
			out = append(out, t.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Templates returns every template, sorted by file name.
func (s *Set) Templates() []*Template {
	out := make([]*Template, 0, len(s.byKey))
	for _, t := range s.byKey {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// Load parses every *.tmpl file at the top of each layer; a file in a later
// layer replaces one of the same name in an earlier layer (pass Defaults()
// first, then the manager's directory). Every parse problem of every file is
// returned together as Problems.
func Load(layers ...fs.FS) (*Set, error) {
	files := map[string]fs.FS{}
	layerOf := map[string]int{}
	for i, layer := range layers {
		names, err := fs.Glob(layer, "*.tmpl")
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		for _, n := range names {
			files[n], layerOf[n] = layer, i
		}
	}
	set := &Set{byKey: map[string]*Template{}, shadowed: map[string]string{}}
	var probs Problems
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, file := range names {
		body, err := fs.ReadFile(files[file], file)
		if err != nil {
			probs = append(probs, Problem{File: file, Msg: err.Error()})
			continue
		}
		t, fileProbs := parseFile(file, string(body))
		if len(fileProbs) > 0 {
			probs = append(probs, fileProbs...)
			continue
		}
		k := key(t.Name, t.Lang)
		if Traditional(t.Lang) {
			// Every Traditional Chinese tag (zh-tw, zh-hk, zh-mo,
			// zh-hant-tw) is the one language a Traditional thread is
			// read in: one file of a name is sent, the others are
			// shadowed by it as resend.en.tmpl is by resend.tmpl, and
			// the team's takes the built-in resend.zh-hant.tmpl's place.
			k = key(t.Name, Hant)
		}
		if had, ok := set.byKey[k]; ok {
			// Two files of one key (resend.tmpl and resend.en.tmpl):
			// a later layer's wins (the team's over the built-in),
			// else the one sorted last, as files are read in order.
			if layerOf[had.File] > layerOf[file] {
				set.shadowed[file] = had.File
				continue
			}
			set.shadowed[had.File] = file
		}
		set.byKey[k] = t
	}
	if len(probs) > 0 {
		return set, probs
	}
	return set, nil
}

func key(name, lang string) string {
	if lang == "" {
		return name
	}
	return name + "." + lang
}

// langTag is a language tag a file name may carry: "es", "zh-hant",
// "zh-tw", "pt-br", "sr-latn-rs".
var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3}))*$`)

// SplitName is the template name and language a file name gives, as the
// loader reads them ("resend.zh-TW.tmpl": resend, zh-tw), or why the
// loader refuses it.
func SplitName(file string) (name, lang string, err error) { return splitName(file) }

// splitName turns "resend.es.tmpl" into ("resend", "es"). English may also
// be written NAME.en.tmpl; it is then the fallback too.
func splitName(file string) (name, lang string, err error) {
	base := strings.TrimSuffix(path.Base(file), ".tmpl")
	parts := strings.Split(base, ".")
	switch {
	case len(parts) == 1 && parts[0] != "":
		return parts[0], "", nil
	case len(parts) == 2 && parts[0] != "" && langTag.MatchString(parts[1]):
		lang = strings.ReplaceAll(strings.ToLower(parts[1]), "_", "-")
		if lang == "en" {
			lang = ""
		}
		return parts[0], lang, nil
	}
	return "", "", fmt.Errorf("file name must be NAME.tmpl or NAME.LANG.tmpl (LANG e.g. es, zh-hant, zh-tw, pt-br)")
}

// dateLayouts write dates the way each language reads them; English spells
// the month out, and a language without an entry gets 2026-11-03, never an
// English month name inside its text.
var dateLayouts = map[string]string{
	"":   "2 January 2006",
	"de": "2.1.2006",
	"es": "2/1/2006",
	"fr": "02/01/2006",
	"zh": "2006年1月2日",
	"ja": "2006年1月2日",
	"pt": "02/01/2006",
	"ru": "02.01.2006",
	"ar": "2/1/2006",
	"it": "2/1/2006",
	"nl": "2-1-2006",
	"tr": "02.01.2006",
	"pl": "02.01.2006",
	"ko": "2006. 1. 2.",
	"vi": "02/01/2006",
	"id": "02/01/2006",
}

// funcsFor returns the template functions for a language.
func funcsFor(lang string) map[string]any {
	layout, ok := dateLayouts[lang]
	if !ok {
		layout, ok = dateLayouts[primary(lang)]
	}
	if !ok {
		layout = "2006-01-02"
	}
	return map[string]any{
		"join":  join,
		"reply": replySubject,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(layout)
		},
	}
}

// replySubject returns "Re: subject" unless subject already starts with a
// reply marker in any language ("Re:", "RE :", "AW:", "回复：", "Re："), so a
// resend in a thread does not grow "Re: Re:" or "Re: 回复：".
func replySubject(subject string) string {
	return keepwarm.ReplySubject(subject)
}

// parseFile parses one template file. Section bodies are padded with the
// newlines before them, so template errors carry the file's own line numbers.
func parseFile(file, body string) (*Template, []Problem) {
	name, lang, err := splitName(file)
	if err != nil {
		return nil, []Problem{{File: file, Msg: err.Error()}}
	}
	sum := sha256.Sum256([]byte(body))
	t := &Template{Name: name, Lang: lang, File: file, Hash: hex.EncodeToString(sum[:12])}
	var probs []Problem
	bad := func(line int, field, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	var subject string
	subjectLine := 0
	sections := map[string]*strings.Builder{}
	sectionLine := map[string]int{}
	var cur string
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSuffix(sc.Text(), "\r")
		if rest, ok := strings.CutPrefix(l, "--- "); ok {
			sec := strings.TrimSpace(rest)
			if sec != "text" && sec != "html" {
				bad(line, "", "unknown section %q (want text or html)", sec)
				continue
			}
			if sections[sec] != nil {
				bad(line, "", "section %q appears twice", sec)
				continue
			}
			cur = sec
			sections[sec] = &strings.Builder{}
			sectionLine[sec] = line
			sections[sec].WriteString(strings.Repeat("\n", line))
			continue
		}
		if cur != "" {
			sections[cur].WriteString(l + "\n")
			continue
		}
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		k, v, ok := strings.Cut(trimmed, ":")
		if !ok {
			bad(line, "", "header line must be key: value")
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "subject":
			subject, subjectLine = strings.TrimSpace(v), line
		case "description":
			t.Description = strings.TrimSpace(v)
		case "requires":
			for _, part := range strings.Split(v, ",") {
				part = strings.TrimPrefix(strings.TrimSpace(part), ".")
				if part == "" {
					continue
				}
				if _, ok := requirable[part]; !ok {
					bad(line, "requires", "cannot require %q (want Products, Company, Original, Occasion or Month)", part)
					continue
				}
				t.Requires = append(t.Requires, part)
			}
		default:
			bad(line, strings.TrimSpace(k), "unknown header key %q (want subject, description or requires)", strings.TrimSpace(k))
		}
	}
	if subjectLine == 0 {
		bad(1, "subject", "no subject: line")
	}
	if sections["text"] == nil {
		bad(line, "", "no --- text section")
	}
	if len(probs) > 0 {
		return nil, probs
	}
	var perr error
	t.subject, perr = texttemplate.New(file).Funcs(funcsFor(lang)).Option("missingkey=error").
		Parse(strings.Repeat("\n", subjectLine-1) + subject)
	if perr != nil {
		probs = append(probs, problemOf(file, "subject", perr))
	}
	t.text, perr = texttemplate.New(file).Funcs(funcsFor(lang)).Option("missingkey=error").Parse(trimBody(sections["text"].String()))
	t.fixed = fixedOpening(sections["text"].String())
	if perr != nil {
		probs = append(probs, problemOf(file, "text", perr))
	}
	if h := sections["html"]; h != nil {
		t.html, perr = htmltemplate.New(file).Funcs(funcsFor(lang)).Option("missingkey=error").Parse(trimBody(h.String()))
		if perr != nil {
			probs = append(probs, problemOf(file, "html", perr))
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	probs = append(probs, loopProblems(file, "subject", treesOf(t.subject.Templates()))...)
	probs = append(probs, loopProblems(file, "text", treesOf(t.text.Templates()))...)
	if t.html != nil {
		trees := map[string]*parse.Tree{}
		for _, h := range t.html.Templates() {
			trees[h.Name()] = h.Tree
		}
		probs = append(probs, loopProblems(file, "html", trees)...)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return t, nil
}

func treesOf(ts []*texttemplate.Template) map[string]*parse.Tree {
	trees := make(map[string]*parse.Tree, len(ts))
	for _, t := range ts {
		trees[t.Name()] = t.Tree
	}
	return trees
}

// trimBody drops trailing blank lines of a section (the line before the next
// marker) but keeps the leading padding that aligns line numbers.
// fixedOpening is the first line of the source text src that is not
// blank, trimmed, when it writes no field and the next line does not
// trim the line break after it ("{{- "): the opening every mail of it
// has. Else "".
func fixedOpening(src string) string {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.Contains(l, "{{") || i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "{{-") {
			return ""
		}
		return strings.TrimSpace(l)
	}
	return ""
}

func trimBody(s string) string {
	return strings.TrimRight(s, " \t\r\n") + "\n"
}
