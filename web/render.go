package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"

	"keepwarm"
)

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*template.Template, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"dur":     fmtDur,
		"short":   func(d time.Duration) string { return strings.TrimSuffix(strings.TrimSuffix(fmtDur(d), " 00s"), " 00m") },
		"since":   func(now, t time.Time) string { return fmtDur(now.Sub(t)) },
		"unix":    func(t time.Time) int64 { return t.Unix() },
		"seconds": func(d time.Duration) int64 { return int64(d / time.Second) },
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
		"sub":     func(a, b int) int { return a - b },
		"list":    func(s ...string) []string { return s },
		// quietReasons are the reasons a closed call may give for a
		// customer going quiet, in order.
		"quietReasons": func() []keepwarm.QuietReason { return keepwarm.QuietReasons },
		// the ceiling the links-held-back banner states, the one linksWithheld counts to
		"mailPerPersonDay": func() int { return MailPerPersonDay },
		"tmplURL":          fileURL,
		"keyText":          KeyText,
		"auditLabel":       auditLabel,
		// pair hands a button template the page and what the button does.
		"pair": func(p page, id int64, op, label string) map[string]any {
			return map[string]any{"P": p, "ID": id, "Op": op, "Label": label}
		},
		"with2": func(p page, x any) map[string]any { return map[string]any{"P": p, "X": x} },
		// tel is a phone number as a tel: link dials it: its digits, and
		// a leading + ("+49 30 1234" → "+49301234").
		"tel":      telDigits,
		"telParts": telParts,
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", f)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", f, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is what every template gets: the page's own data, the person, the
// language with the team's zone, and the CSRF token for its forms.
type page struct {
	Data   map[string]any
	Person Person
	L      Lang
	CSRF   string
	Now    time.Time
	Path   string
	who    func(email string) string
}

// Who is a team member by their configured name, else by their address.
func (p page) Who(email string) string {
	if email == "(none)" || email == "(pool)" {
		return p.L.T(email) // nobody: in the reader's language
	}
	if p.who != nil && email != "" {
		return p.who(email)
	}
	return email
}

// KeyText is what a customer key names, without its "domain:" or "addr:"
// prefix: the store's keys are not for people to read.
func KeyText(key string) string {
	if k, v, ok := strings.Cut(key, ":"); ok && (k == "domain" || k == "addr") {
		return v
	}
	return key
}

// render executes a page into a buffer first, so that a template error is
// a clean 500 and never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	l := lang(r)
	l.loc = s.cfg.Location
	pg := page{Data: data, Person: person(r), L: l, Now: s.clock.Now(), Path: s.pagePath(r, data), who: s.personName}
	pg.CSRF, _ = r.Context().Value(keyCSRF).(string)
	if c, ok := data["CSRF"].(string); ok && pg.CSRF == "" {
		pg.CSRF = c
	}
	if pg.CSRF == "" {
		// A page shown signed out without a form of its own still has
		// the language switch, a form.
		pg.CSRF = s.preCSRF(w, r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", pg); err != nil {
		s.log.Error("page failed to render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Vary", "Cookie, Accept-Language")
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("HX-Boosted") == "true" {
		// A boosted form's answer that is not a redirect (a question
		// before Stop, a refusal, a failure) is recorded in the browser's
		// history under the page it stands for, not under the POST's own
		// path: Back or F5 there opened that path with a GET.
		w.Header().Set("HX-Push-Url", pg.Path)
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pagePath is the page a rendered answer stands for: where its buttons
// lead back to and its language switch reloads. A GET's own address; for
// a page shown in answer to a POST (a refused form, a question before a
// change, a refusal) its address only when a GET opens it too, else the
// page the handler names (data["Path"]), else the one the form came from
// (its back), else the desk: a GET of a POST-only path answers "Method
// Not Allowed". A sign-in link pressed stands for the sign-in page.
func (s *Server) pagePath(r *http.Request, data map[string]any) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.RequestURI()
	}
	if p, ok := data["Path"].(string); ok && p != "" {
		return safeNext(p)
	}
	if r.URL.Path == "/signin/link" {
		// A sign-in link's page opens only with its token in the address,
		// and the POST carries it in the body: its other answers (a
		// refused form, an address no longer on the team, a failure)
		// stand for the sign-in page.
		return "/signin"
	}
	get := r.Clone(r.Context())
	get.Method = http.MethodGet
	if _, pattern := s.mux.Handler(get); pattern != "" {
		return r.URL.RequestURI()
	}
	return safeNext(r.PostFormValue("back"))
}

// personName is a team member's configured name, else their address.
func (s *Server) personName(email string) string {
	if p, ok := s.b.Person(email); ok && p.Name != "" {
		return p.Name
	}
	return email
}

// fmtDur writes a duration the way a clock on the desk reads: 45s, 12m,
// 3h 05m, 2d 4h.
func fmtDur(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm %02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	default:
		return fmt.Sprintf("%dd %dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
	}
}

// telDigits is the number a phone dials for n as people write it: digits,
// with a leading + kept also inside brackets ("(+86) 138…"), and the trunk
// "(0)" written after a country code ("+49 (0)30 …") left out.
func telDigits(n string) string {
	n = strings.TrimSpace(n)
	if intl := strings.TrimLeft(n, "( "); strings.HasPrefix(intl, "+") || strings.HasPrefix(intl, "00") {
		n = strings.ReplaceAll(n, "(0)", "")
	}
	var b strings.Builder
	for _, r := range n {
		switch {
		case r >= '0' && r <= '9' || r == '+' && b.Len() == 0:
			b.WriteRune(r)
		case unicode.IsLetter(r) && b.Len() > 0:
			// An extension ("ext. 5", "转 5") is dialled after the
			// call connects, not as part of the number.
			return b.String()
		}
	}
	return b.String()
}

// telParts splits a field holding more than one number ("030 1234567 /
// 0171 5551234", "…; …", "… or …") into the numbers, each its own link.
// A slash between an area code and the rest ("030/1234567") is one
// number: a part of fewer than 6 digits is joined back to the one before.
func telParts(n string) []string {
	f := func(r rune) bool { return r == '/' || r == ';' || r == ',' || r == '、' || r == '；' }
	var raw []string
	for _, p := range strings.Split(n, " or ") {
		raw = append(raw, strings.FieldsFunc(p, f)...)
	}
	digits := func(s string) int {
		k := 0
		for _, r := range s {
			if r >= '0' && r <= '9' {
				k++
			}
		}
		return k
	}
	var out []string
	for _, p := range raw {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if len(out) > 0 && (digits(p) < 6 || digits(out[len(out)-1]) < 6) {
			out[len(out)-1] += "/" + p
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return []string{n}
	}
	return out
}
