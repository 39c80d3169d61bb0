package web_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A customer's subject that a spreadsheet would run as a formula reaches
// the breaches CSV quoted with a leading ', numeric prefix or not; a
// plain number stays a number.
func TestBreachesCSVQuotesFormulaSubjects(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	evil := []string{`-1+cmd|' /C calc'!A0`, `+1+HYPERLINK("http://x","a")`, `=SUM(A1)`, `@SUM(A1)`, "\t=1+1", "\r=1+1", "-42"}
	for i, subject := range evil {
		m := msg(path("evil-%d@acme.com", i), keepwarm.KindInbound, subject, "bob@acme.com", "Bob Stone", now0.Add(-time.Duration(i+1)*time.Hour))
		m.SubjectKey = path("evil %d", i)
		r.save("lily", "INBOX", m)
	}
	if _, err := r.db.MeasureReplies(r.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	code, body := mgr.get("/reports/replies?format=csv&table=breaches")
	if code != http.StatusOK {
		t.Fatalf("breaches CSV: %d\n%s", code, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV %v:\n%s", err, body)
	}
	got := map[string]bool{}
	for _, row := range rows[1:] {
		got[row[2]] = true
	}
	for _, subject := range evil {
		want := "'" + subject
		if subject == "-42" {
			want = subject
		}
		if !got[want] {
			t.Errorf("subject %q: want %q in the CSV:\n%s", subject, want, body)
		}
	}
}

// The CSV download is kept out of caches like every page; a site served
// over https tells browsers to keep to https, one over http does not.
func TestCSVNotCachedAndHTTPSSiteSendsHSTS(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	resp, err := mgr.c.Get(mgr.srv.URL + "/reports/replies?format=csv&table=breaches")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" || !strings.Contains(resp.Header.Get("Vary"), "Cookie") {
		t.Fatalf("CSV: %d, Cache-Control %q, Vary %q", resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"))
	}
	if h := resp.Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("http site sends HSTS %q", h)
	}
	for _, base := range []string{"https://keepwarm.test"} { // served as plain http here: the header follows base_url
		w := newWorld(t, base)
		srv := w.serve()
		for _, p := range []string{"/signin", "/static/app.css"} {
			resp, err := http.Get(srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if h := resp.Header.Get("Strict-Transport-Security"); h != "max-age=31536000" {
				t.Errorf("%s on %s: Strict-Transport-Security %q", p, base, h)
			}
		}
	}
}
