package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// The console's editors (a template, a letter, a sequence) hold what a
// manager typed, perhaps for long. A save or preview refused because her
// session ended, or because this browser was signed in again since the
// page was opened (the form's token is the replaced session's), saves
// nothing and does not lose the text either: the answer, to the browser
// that posted it and to no one else, holds what was posted. Only a form
// with its live session's token is saved.

// editor is auth and formUpTo for an editor's POST: ended answers it
// without a live session (keptForm), stale with a token not the live
// session's.
func (s *Server) editor(next, stale http.HandlerFunc) http.HandlerFunc {
	return s.authOr(s.formUpToOr(maxConsoleForm, next, stale), s.keptForm)
}

// signedAgain heads an editor brought back after a sign-in in another tab.
const signedAgain = "You were signed in again since this page was opened, so nothing was saved: what you typed is below; check it and press Check and save again."

// keptField is one posted field the kept page sends again.
type keptField struct{ Name, Value string }

// keptForm answers an editor's POST that came without a live session: a
// page with what was posted (the template's text to read and copy), a
// sign-in link that opens another tab, and the form to send it again
// once signed in there. It has no token: sent again signed in, it is a
// stale form, and the editor comes back with its text, still unsaved.
func (s *Server) keptForm(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxConsoleForm)
	if err := r.ParseForm(); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			s.message(w, r, http.StatusRequestEntityTooLarge, l.T("The form is too large to be read, so nothing was saved: go back, shorten the text and send it again."))
			return
		}
		s.message(w, r, http.StatusUnauthorized, l.T("Your session has ended: sign in again."))
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		// The preview as it is typed: said beside the form, which
		// stays as it is.
		s.message(w, r, http.StatusUnauthorized, l.T("Your session has ended: sign in again in another tab and keep this one open, then press Check and save here: nothing is saved, and the form comes back with your text to save."))
		return
	}
	editor := strings.TrimSuffix(r.URL.Path, "/preview")
	var fields []keptField
	names := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		if k != csrfField && k != "body" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range r.PostForm[k] {
			fields = append(fields, keptField{k, v})
		}
	}
	_, hasBody := r.PostForm["body"]
	s.render(w, r, http.StatusUnauthorized, "kept", map[string]any{"Action": editor, "Fields": fields,
		"HasBody": hasBody, "Body": r.PostFormValue("body"), "Name": r.PostFormValue("name"),
		"SignIn": "/signin?next=" + url.QueryEscape(editor), "Path": editor})
}

// staleMessage refuses a stale form that is not brought back: a
// salesperson's (who saves nothing), or the preview as it is typed.
func (s *Server) staleMessage(w http.ResponseWriter, r *http.Request) bool {
	l := lang(r)
	if !person(r).Manager {
		s.message(w, r, http.StatusForbidden, l.T("This form has expired: reload the page and try again."))
		return true
	}
	if r.Header.Get("HX-Request") == "true" {
		s.message(w, r, http.StatusForbidden, l.T("You were signed in again since this page was opened: press Check and save, and the form comes back with your text, nothing saved, to save again."))
		return true
	}
	return false
}

// templateStale brings the template editor back with the posted text and
// the version it was loaded with, saving nothing.
func (s *Server) templateStale(w http.ResponseWriter, r *http.Request) {
	if s.staleMessage(w, r) {
		return
	}
	c, e, ok := s.templateOf(w, r)
	if !ok {
		return
	}
	body, cid, ok := templateInput(r)
	keepTyped(r, &e, body)
	var pv Preview
	if ok {
		pv, _ = c.PreviewTemplate(r.Context(), person(r), e.File, body, cid)
	}
	s.renderTemplateForm(w, r, http.StatusForbidden, e, pv, cid, []Problem{{Msg: signedAgain}})
}

// sequenceStale brings the sequence form back with the posted draft and
// the version it was loaded with, saving nothing.
func (s *Server) sequenceStale(w http.ResponseWriter, r *http.Request) {
	if s.staleMessage(w, r) {
		return
	}
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	d, cut := draftOf(r)
	create := r.PostFormValue("create") == "1"
	e := SequenceEdit{Draft: d, File: r.PostFormValue("file"), Version: r.PostFormValue("version"), CannotSave: c.CannotSave("sequences")}
	if cut {
		// As a save of it would: what came, with no save button.
		n, _ := strconv.Atoi(r.PostFormValue("steps"))
		s.renderSequenceFormOf(w, r, http.StatusForbidden, e, create, []Problem{{Msg: signedAgain}, {Msg: cutStepsForm}}, n)
		return
	}
	if _, old := r.PostForm["stop.opt_out_words"]; old && !create {
		// A page of an older keepwarm: the file's own opt-out list as
		// the file has it, as a save of it does.
		if was, err := c.Sequence(r.Context(), person(r), d.Name); err == nil {
			e.Draft.Stop.OptOutWords = was.Draft.Stop.OptOutWords
		}
	}
	s.renderSequenceForm(w, r, http.StatusForbidden, e, create, []Problem{{Msg: signedAgain}})
}
