package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"keepwarm"
)

// Every POST route the application has refuses a form without its CSRF
// token, or with a forged one, before it acts, for a salesperson and for a
// manager (for whom a console save would otherwise go through): the routes
// are the ones given to the mux, so a new route without a sample here, or
// one whose form check was dropped, fails this test. Nothing changes in
// the database or in the team's files.
func TestEveryFormRefusesAPostWithoutItsCSRFToken(t *testing.T) {
	r, mgr, lilyC, _ := newConsole(t)
	w := r.world
	var hans int64
	_ = w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans)
	samples := map[string]string{
		"/signin":                       "/signin",
		"/signin/link":                  "/signin/link",
		"/signout":                      "/signout",
		"/lang/{lang}":                  "/lang/zh",
		"/tasks/{id}/done":              path("/tasks/%d/done", w.task),
		"/customers/{id}/review":        path("/customers/%d/review", w.acme),
		"/customers/{id}/claim":         path("/customers/%d/claim", w.pool),
		"/customers/{id}/release":       path("/customers/%d/release", w.meier),
		"/customers/{id}/note":          path("/customers/%d/note", w.meier),
		"/contacts/{id}":                path("/contacts/%d", hans),
		"/enrollments/{id}/{op}":        path("/enrollments/%d/stop", w.enrollment),
		"/outbox/{id}/skip":             "/outbox/1/skip",
		"/outbox/{id}/settle":           "/outbox/1/settle",
		"/outbox/{id}/arrived":          "/outbox/1/arrived",
		"/sessions/{id}/revoke":         "/sessions/1/revoke",
		"/away":                         "/away",
		"/away/{id}/cancel":             "/away/1/cancel",
		"/away/back":                    "/away/back",
		"/messages/{id}/no-answer":      path("/messages/%d/no-answer", w.waitingMsg),
		"/messages/{id}/no-answer/undo": path("/messages/%d/no-answer/undo", w.waitingMsg),
		"/sequences":                    "/sequences",
		"/templates/{file}":             "/templates/followup-1.tmpl",
		"/templates/{file}/preview":     "/templates/followup-1.tmpl/preview",
		"/letters/{file}":               "/letters/2026-11.tmpl",
		"/letters/{file}/preview":       "/letters/2026-11.tmpl/preview",
		"/greetings/skip":               "/greetings/skip",
	}
	routes := w.app.PostRoutes()
	if len(routes) == 0 {
		t.Fatal("the application recorded no POST route")
	}
	for _, route := range routes {
		if _, ok := samples[route]; !ok {
			t.Errorf("POST %s has no sample path here: add one, so its CSRF check is tested", route)
		}
	}
	for route := range samples {
		if !slices.Contains(routes, route) {
			t.Errorf("sample for POST %s, which the application does not have", route)
		}
	}

	before := snapshot(t, r)
	// What each form could carry, so a route that acted would change something.
	form := url.Values{"note": {"x"}, "grade": {"E"}, "person": {lily}, "from": {"2026-11-20"}, "until": {"2026-11-22"},
		"customer": {fmt.Sprint(w.meier)}, "name": {"key-customer"}, "text": {"Hello"}, "subject": {"Hi"}, "email": {lily}, "t": {"x"}}
	anon := w.client(mgr.srv)
	for _, who := range []struct {
		name string
		c    *client
	}{{"the manager", mgr}, {"a salesperson", lilyC}, {"someone signed out", anon}} {
		for _, route := range routes {
			p := samples[route]
			if p == "" {
				continue
			}
			for _, token := range []string{"", "forged"} {
				f := url.Values{}
				for k, v := range form {
					f[k] = v
				}
				if token != "" {
					f.Set("csrf", token)
				}
				resp := who.c.post(p, f)
				body := readAll(resp)
				// Signed out, a route behind sign-in refuses first (401);
				// the sign-in forms check the pre-session token.
				if who.c == anon && resp.StatusCode == http.StatusUnauthorized && route != "/signin" && route != "/signin/link" {
					continue
				}
				// A manager's editor comes back with what was posted,
				// nothing saved (the snapshot below says so).
				refused := strings.Contains(body, "This form has expired") ||
					who.c == mgr && editorRoute(route) && strings.Contains(body, "so nothing was saved")
				if resp.StatusCode != http.StatusForbidden || !refused {
					t.Errorf("%s: POST %s with token %q: %d, want the 403 of a form without its token:\n%.300s", who.name, p, token, resp.StatusCode, body)
				}
			}
		}
	}
	if n := len(w.smtp.Messages()); n != 0 {
		t.Errorf("%d mails sent by forged forms", n)
	}
	if after := snapshot(t, r); after != before {
		t.Errorf("a refused form changed something:\nbefore %s\nafter  %s", before, after)
	}
	if e, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e.Status != keepwarm.EnrollActive {
		t.Errorf("the enrollment is %s after refused forms", e.Status)
	}
	if code, _ := mgr.get("/"); code != http.StatusOK {
		t.Fatalf("the refused sign-out signed out: %d", code)
	}
}

// snapshot is what a form could change: the rows of the tables the POST
// routes write, and the team's sequence, template and letter files.
func snapshot(t *testing.T, r *consoleRig) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"web_audit", "web_sessions", "web_login_tokens", "absences", "away_returns", "greetings",
		"followup_skips", "outbox", "enrollments", "tasks", "customers", "contacts", "phones", "reviews", "reply_waivers", "pool_events"} {
		rows, err := r.raw.Query("SELECT * FROM " + table + " ORDER BY rowid")
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(&b, "%s:", table)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, " %v", vals)
		}
		rows.Close()
		b.WriteString("\n")
	}
	for _, dir := range []string{r.seqDir, r.tmplDir, r.lettersDir} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				fmt.Fprintf(&b, "%s %q\n", p, data)
			}
			return nil
		})
	}
	return b.String()
}

// editorRoute is a console editor's POST, whose form comes back with what
// was posted when its token is not the live session's.
func editorRoute(route string) bool {
	return route == "/sequences" || strings.HasPrefix(route, "/templates/") || strings.HasPrefix(route, "/letters/")
}
