package web_test

import (
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// Acme complained: Lily does not want the Christmas greeting planned for
// Bob to go out in her name. The forecast lists it with "Don't send";
// pressed, the greeting is recorded skipped with who did it, leaves the
// forecast, and the greetings job, run on its day, sends nothing. The
// desk's list of what goes out in her name points to the forecast. Tom may
// not stop Lily's customers' greetings.
func TestPlannedGreetingStoppedBeforeItGoes(t *testing.T) {
	r, _, _, _ := newConsole(t)
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	g, err := sequences.NewGreetings(sequences.GreetingsConfig{
		Occasions: []string{"christmas"},
		Senders:   map[string]sequences.GreetingSender{lily: {Mailbox: "lily", From: keepwarm.Address{Email: lily, Name: "Lily Chen"}}},
		Location:  func(keepwarm.Customer) *time.Location { return berlin }, DefaultLocation: shanghai,
	}, r.db, set, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	r.deps.Greetings = g
	r.be = app.NewWebBackend(r.deps)
	r.rebase(r.cfg.BaseURL)
	srv := r.serve()
	lc := r.signIn(srv, lily)

	// The desk's list of sends says where the planned greetings are.
	_, desk := lc.get("/")
	mustContain(t, "the desk", cut(t, desk, `id="upcoming"`, "</section>"), `<a href="/forecast?days=7">Greetings and letters not queued yet are in the forecast`)

	const fc = "/forecast?days=60&kind=greeting"
	_, body := lc.get(fc)
	m := regexp.MustCompile(`(?s)greeting christmas.tmpl to bob@acme.com.*?name="key" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no Don't send for Bob's greeting:\n%s", body)
	}
	key := html.UnescapeString(m[1])
	mustContain(t, "the forecast", body, `action="/greetings/skip"`, "Don&#39;t send")
	zh := lc.getZh(t, fc)
	mustContain(t, "the Chinese forecast", zh, "不要发送")

	if code, _ := r.signIn(srv, tom).do(fc, "/greetings/skip", url.Values{"key": {key}}); code != http.StatusNotFound {
		t.Errorf("Tom stops Lily's greeting: %d, want 404", code)
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ?`, key); n != 0 {
		t.Fatalf("%d outbox rows after Tom's refused try", n)
	}

	code, loc := lc.do(fc, "/greetings/skip", url.Values{"key": {key}, "back": {fc}})
	if code != http.StatusSeeOther || loc != fc {
		t.Fatalf("Don't send: %d %s", code, loc)
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ? AND status = 'skipped' AND last_error = ?`, key,
		"skipped by "+lily+" before it went out"); n != 1 {
		t.Fatalf("the greeting is not recorded skipped by Lily")
	}
	if n := r.count(`SELECT count(*) FROM web_audit WHERE action = 'outbox.skip' AND actor = ?`, lily); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	_, body = lc.get(fc)
	mustLack(t, "the forecast after Don't send", body, "to bob@acme.com")

	// Its day comes: the greetings job sends nothing under its key.
	for at := now0; at.Before(now0.AddDate(0, 0, 45)); at = at.Add(6 * time.Hour) {
		if _, err := g.Run(r.ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ? AND status != 'skipped'`, key); n != 0 {
		t.Errorf("the greeting was queued after all")
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE origin = 'greeting' AND status != 'skipped'`); n != 0 {
		t.Errorf("%d greetings queued", n)
	}

	// Pressed again (a page left open): already decided.
	code, body = lc.do("/forecast?days=60", "/greetings/skip", url.Values{"key": {key}})
	if code == http.StatusSeeOther {
		t.Errorf("a second Don't send: %d %s", code, body)
	}
}
