package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// A monthly letter's file is "letters/YYYY-MM[.LANG].tmpl" to the console
// and is edited at /letters/YYYY-MM[.LANG].tmpl; every other template at
// /templates/FILE.
const lettersPrefix = "letters/"

// fileURL is where the console edits a template file.
func fileURL(file string) string {
	if strings.HasPrefix(file, lettersPrefix) {
		return "/" + file
	}
	return "/templates/" + file
}

// tmplFile is the template file the request's path names.
func tmplFile(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/letters/") {
		return lettersPrefix + r.PathValue("file")
	}
	return r.PathValue("file")
}

var (
	monthRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	langRE  = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})?$`)
)

// letterNew opens the editor of a month's letter (in a language): the
// list's "new letter" form.
func (s *Server) letterNew(w http.ResponseWriter, r *http.Request) {
	month := strings.TrimSpace(r.URL.Query().Get("month"))
	code := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("lang")))
	if !monthRE.MatchString(month) || code != "" && !langRE.MatchString(code) {
		s.message(w, r, http.StatusBadRequest, lang(r).T("Give the month as YYYY-MM and the language as a code such as es or pt-br (or none)."))
		return
	}
	file := month
	if code != "" {
		file += "." + code
	}
	http.Redirect(w, r, "/letters/"+file+".tmpl", http.StatusSeeOther)
}

var tmplNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// templateNew opens the editor of a template (in a language), new or not:
// the list's "new template or language" form.
func (s *Server) templateNew(w http.ResponseWriter, r *http.Request) {
	name := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("name")))
	code := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("lang")))
	if !tmplNameRE.MatchString(name) || code != "" && !langRE.MatchString(code) {
		s.message(w, r, http.StatusBadRequest, lang(r).T("Give the name in lower-case letters, digits, - and _ (e.g. resend) and the language as a code such as es or pt-br (or none)."))
		return
	}
	file := name
	if code != "" {
		file += "." + code
	}
	http.Redirect(w, r, "/templates/"+file+".tmpl", http.StatusSeeOther)
}

// maxTemplate bounds an edited template file.
const maxTemplate = 32 << 10

// maxConsoleForm bounds a console form as the browser sends it. A
// template of maxTemplate bytes takes three times as many encoded (a
// Chinese character's three bytes are nine), but a text over maxTemplate
// must still be read to come back in its form with "too long" rather than
// lost: the bound leaves room for ten times the limit.
const maxConsoleForm = 1 << 20

// tooLong refuses a template over maxTemplate.
const tooLong = "The template is too long."

func (s *Server) templateList(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	rows, err := c.Templates(r.Context(), person(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Next month counted from the 1st: AddDate on 31 January overflows
	// to 3 March, and February's letter would never be offered.
	t := s.clock.Now().In(s.cfg.Location)
	next := time.Date(t.Year(), t.Month()+1, 1, 12, 0, 0, 0, s.cfg.Location)
	var names []string
	for _, t := range rows {
		if t.Kind != "letter" && !slices.Contains(names, t.Name) {
			names = append(names, t.Name)
		}
	}
	s.render(w, r, http.StatusOK, "templates", map[string]any{"Rows": rows, "NextMonth": next.Format("2006-01"), "Names": names,
		"Files": c.FilesCheck(r.Context())})
}

func (s *Server) templateForm(w http.ResponseWriter, r *http.Request) {
	c, e, ok := s.templateOf(w, r)
	if !ok {
		return
	}
	if e.File != tmplFile(r) {
		// The team's file of the same template and language under
		// another name (resend.en.tmpl for resend.tmpl) is the one sent:
		// its editor, at its own address.
		u := fileURL(e.File)
		if q := r.URL.RawQuery; q != "" {
			u += "?" + q
		}
		http.Redirect(w, r, u, http.StatusSeeOther)
		return
	}
	cid, _ := strconv.ParseInt(r.URL.Query().Get("customer"), 10, 64)
	if cid == 0 && len(e.Customers) > 0 {
		cid = e.Customers[0].ID
	}
	pv, err := c.PreviewTemplate(r.Context(), person(r), e.File, e.Body, cid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTemplateForm(w, r, http.StatusOK, e, pv, cid, nil)
}

func (s *Server) renderTemplateForm(w http.ResponseWriter, r *http.Request, status int, e TemplateEdit, pv Preview, cid int64, probs []Problem) {
	l := lang(r)
	for _, list := range [][]Problem{probs, pv.Problems} {
		for i := range list {
			list[i].Msg = l.Err(list[i].Msg)
		}
	}
	pv.SampleWhy, pv.LangNote = l.Err(pv.SampleWhy), l.Err(pv.LangNote)
	if name, ok := strings.CutSuffix(pv.Customer, " (sample)"); ok {
		pv.Customer = name + " " + l.T("(sample)")
	} else if cid != 0 && !slices.ContainsFunc(e.Customers, func(c CustomerRow) bool { return c.ID == cid }) {
		// A customer chosen by link (?customer=) beyond the latest ones
		// listed stays the one chosen, not the list's first.
		e.Customers = append([]CustomerRow{{ID: cid, Name: pv.Customer}}, e.Customers...)
	}
	saved := r.URL.Query().Get("saved")
	var files FilesCheck
	if c, ok := s.b.(Console); ok && saved == "pending" && e.Kind != "letter" {
		files = c.FilesCheck(r.Context())
	}
	// A preview (a POST) stands for the editor's page.
	s.render(w, r, status, "template_form", map[string]any{"E": e, "P": pv, "CustomerID": cid, "Problems": probs,
		"Saved": saved, "Files": files, "URL": fileURL(e.File), "Path": strings.TrimSuffix(r.URL.Path, "/preview")})
}

// saveFailed turns a save's error into a problem shown above the form
// with what was typed, and its status; ok is false for an error that is
// no form's (a file not found, a request given up).
func (s *Server) saveFailed(r *http.Request, err error) (status int, p Problem, ok bool) {
	switch keepwarm.ErrorCode(err) {
	case keepwarm.ENOTFOUND:
		return 0, Problem{}, false
	case keepwarm.EINVALID:
		return http.StatusBadRequest, Problem{Msg: errorText(err)}, true
	case keepwarm.ECONFLICT:
		return http.StatusConflict, Problem{Msg: errorText(err)}, true
	}
	if errors.Is(err, context.Canceled) {
		return 0, Problem{}, false
	}
	s.log.Error("request failed", "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, Problem{Msg: "Something went wrong; it is in the log."}, true
}

// templateOf loads the template the request is of (its file in the path);
// false when the answer, a 404 or the error, is already written.
func (s *Server) templateOf(w http.ResponseWriter, r *http.Request) (Console, TemplateEdit, bool) {
	c, ok := s.console(w, r)
	if !ok {
		return nil, TemplateEdit{}, false
	}
	e, err := c.Template(r.Context(), person(r), tmplFile(r))
	if err != nil {
		s.fail(w, r, err)
		return nil, TemplateEdit{}, false
	}
	return c, e, true
}

// keepTyped puts the posted text, and the version the form was loaded
// with, on the template the form comes back with: its next save is then
// refused if the file changed meanwhile.
func keepTyped(r *http.Request, e *TemplateEdit, body string) {
	e.Body = body
	if v := r.PostFormValue("version"); v != "" {
		e.Version = v
	}
}

// templateInput reads the edited body and the chosen customer.
func templateInput(r *http.Request) (body string, cid int64, ok bool) {
	body = strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	cid, _ = strconv.ParseInt(r.PostFormValue("customer"), 10, 64)
	return body, cid, len(body) <= maxTemplate
}

// templatePreview renders the edited text without saving it: the whole
// page without JavaScript, only the preview for htmx. Only a manager
// previews a text of their own (as only a manager saves one): a
// salesperson's preview is of the saved template, for the customer chosen.
func (s *Server) templatePreview(w http.ResponseWriter, r *http.Request) {
	c, e, ok := s.templateOf(w, r)
	if !ok {
		return
	}
	body, cid, ok := templateInput(r)
	// A manager's typed text and the version the form was loaded with stay
	// on every page the preview answers with (the too-long one too): the
	// page's next save is then refused if the file changed meanwhile,
	// instead of comparing with the version read now.
	if person(r).Manager {
		keepTyped(r, &e, body)
	}
	if !ok {
		// In the preview: htmx swaps in only #preview.
		s.renderTemplateForm(w, r, http.StatusBadRequest, e, Preview{Problems: []Problem{{Msg: tooLong}}}, cid, nil)
		return
	}
	pv, err := c.PreviewTemplate(r.Context(), person(r), e.File, e.Body, cid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTemplateForm(w, r, http.StatusOK, e, pv, cid, nil)
}

func (s *Server) templateSave(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	if !person(r).Manager {
		s.message(w, r, http.StatusForbidden, lang(r).T("Only a manager can change this."))
		return
	}
	body, cid, ok := templateInput(r)
	file := tmplFile(r)
	version := r.PostFormValue("version")
	status := http.StatusBadRequest
	var ch Change
	var probs []Problem
	var err error
	if !ok {
		probs = []Problem{{Msg: tooLong}}
	} else if ch, probs, err = c.SaveTemplate(r.Context(), person(r), file, body, version, s.clock.Now()); err != nil {
		// Refused or failed: the form comes back with what was typed.
		var p Problem
		if status, p, ok = s.saveFailed(r, err); !ok {
			s.fail(w, r, err)
			return
		}
		probs = []Problem{p}
	}
	if len(probs) > 0 {
		e, err := c.Template(r.Context(), person(r), file)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// The typed text and the version it was loaded with stay: a file
		// changed meanwhile is refused again until the page is reloaded.
		e.Body = body
		if version != "" {
			e.Version = version
		}
		var pv Preview
		if len(body) <= maxTemplate {
			pv, _ = c.PreviewTemplate(r.Context(), person(r), e.File, body, cid)
		}
		s.renderTemplateForm(w, r, status, e, pv, cid, probs)
		return
	}
	s.audit(r, ch)
	http.Redirect(w, r, fileURL(file)+"?saved="+savedWord(ch)+"&customer="+strconv.FormatInt(cid, 10), http.StatusSeeOther)
}
