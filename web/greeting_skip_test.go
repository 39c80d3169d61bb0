package web_test

import (
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
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

	// It asks first: the customer, the greeting, its occasion and its time
	// at the customer's, and that it does not come back; nothing changes
	// until it is answered. In Chinese too.
	code, q := lc.do(fc, "/greetings/skip", url.Values{"key": {key}, "back": {fc}})
	if code != http.StatusOK {
		t.Fatalf("Don't send without the answer: %d %s", code, q)
	}
	mustContain(t, "the question", q, "Don&#39;t send this greeting?", `id="confirm-what"><strong>Acme Corp · greeting christmas.tmpl to bob@acme.com · `,
		"Europe/Berlin</strong>", "not planned again", `id="confirm-no">Keep it</a>`,
		`id="confirm-yes">Don&#39;t send it</button>`, `name="key" value="`+html.EscapeString(key)+`"`)
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ?`, key); n != 0 {
		t.Fatalf("%d outbox rows after the question", n)
	}
	u, _ := url.Parse(srv.URL)
	lc.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, q = lc.do(fc, "/greetings/skip", url.Values{"key": {key}, "back": {fc}})
	mustContain(t, "the Chinese question", q, "不发送这封问候？", "不会再安排", ">不发送</button>", ">保留</a>")
	mustLack(t, "the Chinese question", q, "Don&#39;t send this greeting?", "not planned again")
	lc.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "en"}})
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ?`, key); n != 0 {
		t.Fatalf("%d outbox rows after the Chinese question", n)
	}

	code, loc := lc.do(fc, "/greetings/skip", url.Values{"key": {key}, "back": {fc}, "confirm": {"1"}})
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

// Bob's Christmas greeting's time has come, but his mail of that morning
// waits for Lily's answer, so the greeting waits too. It is not queued,
// so the desk's Skip cannot stop it: the forecast lists it now, saying
// why it waits, with "Don't send".
func TestAGreetingThatWaitsCanStillBeStopped(t *testing.T) {
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

	plan, err := g.PlanMonth(r.ctx, "2026-12", now0)
	if err != nil {
		t.Fatal(err)
	}
	var bob sequences.PlanItem
	for _, it := range plan.Items {
		if it.To.Email == "bob@acme.com" && it.Occasion == "christmas" {
			bob = it
		}
	}
	if bob.Key == "" {
		t.Fatalf("no Christmas greeting planned for Bob: %+v", plan.Items)
	}
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET started_at = ? WHERE customer_id = ?`, bob.SendAt.Add(-2*time.Hour).Unix(), r.acme); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(bob.SendAt.Add(time.Hour))
	if _, err := g.Run(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ?`, bob.Key); n != 0 {
		t.Fatalf("Bob's greeting was queued (%d) although his mail waits", n)
	}
	lc := r.signIn(srv, lily)
	const fc = "/forecast?days=7&kind=greeting"
	_, body := lc.get(fc)
	m := regexp.MustCompile(`(?s)greeting christmas.tmpl to bob@acme.com.*?name="key" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil || html.UnescapeString(m[1]) != bob.Key {
		t.Fatalf("no Don't send for Bob's waiting greeting:\n%s", body)
	}
	mustContain(t, "the forecast", body, "waits for an answer")
	if code, q := lc.do(fc, "/greetings/skip", url.Values{"key": {bob.Key}, "back": {fc}}); code != http.StatusOK {
		t.Fatalf("Don't send without the answer: %d %s", code, q)
	} else {
		mustContain(t, "the question", q, "Don&#39;t send this greeting?", "Acme Corp · greeting christmas.tmpl to bob@acme.com")
	}
	if code, loc := lc.do(fc, "/greetings/skip", url.Values{"key": {bob.Key}, "back": {fc}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("Don't send: %d %s", code, loc)
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ? AND status = 'skipped'`, bob.Key); n != 1 {
		t.Fatalf("Bob's waiting greeting is not recorded skipped")
	}
}

// greetingsFor puts a greetings job (Christmas, Lily's sender) behind the
// console's backend and serves it.
func greetingsFor(t *testing.T, r *consoleRig) (*sequences.Greetings, *httptest.Server) {
	t.Helper()
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
	return g, r.serve()
}

// bobsChristmas is the plan item of Bob's Christmas greeting.
func bobsChristmas(t *testing.T, r *consoleRig, g *sequences.Greetings) sequences.PlanItem {
	t.Helper()
	plan, err := g.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range plan.Items {
		if it.To.Email == "bob@acme.com" && it.Occasion == "christmas" {
			return it
		}
	}
	t.Fatalf("no Christmas greeting planned for Bob: %+v", plan.Items)
	return sequences.PlanItem{}
}

// Don't send pressed on a greeting the job queued meanwhile tells Lily
// where to stop it: the desk's Skip.
func TestDontSendOnAQueuedGreetingPointsToTheDesk(t *testing.T) {
	r, _, _, _ := newConsole(t)
	g, srv := greetingsFor(t, r)
	bob := bobsChristmas(t, r, g)
	r.clock.Set(bob.SendAt.Add(time.Minute))
	if _, err := g.Run(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ? AND status = 'queued'`, bob.Key); n != 1 {
		t.Fatalf("Bob's greeting is not queued (%d)", n)
	}
	lc := r.signIn(srv, lily)
	code, body := lc.do("/forecast?days=7", "/greetings/skip", url.Values{"key": {bob.Key}})
	if code == http.StatusSeeOther {
		t.Fatalf("Don't send on a queued greeting: %d", code)
	}
	mustContain(t, "the answer", body, "queued already: Skip it on the desk, under “keepwarm will send”")
	mustLack(t, "the answer", body, "nothing to stop")
}

// Don't send records the greeting skipped in one transaction: when the
// store refuses to mark it skipped, nothing is left queued to be sent.
func TestDontSendThatFailsLeavesNothingQueued(t *testing.T) {
	r, _, _, _ := newConsole(t)
	g, srv := greetingsFor(t, r)
	bob := bobsChristmas(t, r, g)
	if _, err := r.raw.Exec(`CREATE TRIGGER no_skip BEFORE UPDATE OF status ON outbox WHEN NEW.status = 'skipped'
		BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`); err != nil {
		t.Fatal(err)
	}
	lc := r.signIn(srv, lily)
	if code, _ := lc.do("/forecast?days=60", "/greetings/skip", url.Values{"key": {bob.Key}}); code == http.StatusSeeOther {
		t.Fatalf("Don't send succeeded although the store failed")
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE key = ? AND status != 'skipped'`, bob.Key); n != 0 {
		t.Fatalf("a failed Don't send left Bob's greeting in the outbox to be sent (%d)", n)
	}
}
