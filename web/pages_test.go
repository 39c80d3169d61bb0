package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func mustContain(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

// mustLack fails the test when body holds one of parts, as written or as
// html/template writes it in a page (pageEscape): a part with an
// apostrophe, a plus, an ampersand or a quote is never in a page as
// written, and a check of that alone could not fail.
func mustLack(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("%s shows %q", what, p)
		} else if e := pageEscape.Replace(p); e != p && strings.Contains(body, e) {
			t.Errorf("%s shows %q (as %q)", what, p, e)
		}
	}
}

// pageEscape is html/template's escaping of text and attribute values.
var pageEscape = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `"`, "&#34;", `+`, "&#43;", `<`, "&lt;", `>`, "&gt;")

func TestDeskOfEachPerson(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()

	code, body := w.signIn(srv, lily).get("/")
	if code != http.StatusOK {
		t.Fatalf("desk: %d", code)
	}
	mustContain(t, "Lily's desk", body,
		// The waiting question with its running clock, target and nudge state.
		path(`id="wait-%d"`, w.waitingMsg), "Acme Corp", "Price for 500 pcs?", path(`data-since="%d"`, now0.Add(-7*time.Minute).Unix()),
		`data-target="600"`, ">7m 00s<", "not nudged", path(`href="/messages/%d"`, w.waitingMsg),
		// The call task, the review due (grade B, graded 9 days ago), the follow-up in her name.
		"Phone Bob about the sample", path(`action="/tasks/%d/done"`, w.task),
		// What "Why quiet?" does, as text a phone shows (not a tooltip).
		path(`<p class="muted small" id="quiet-hint-%d">No choice or “mail not received”: the follow-up goes on. Any other choice ends it`, w.task),
		path(`id="review-%d"`, w.acme), path(`action="/customers/%d/review"`, w.acme),
		path(`id="enr-%d"`, w.enrollment), "Meier GmbH", "key-customer · step 1", "Europe/Berlin",
		path(`action="/enrollments/%d/stop"`, w.enrollment), path(`action="/enrollments/%d/pause"`, w.enrollment),
		"Times in Asia/Shanghai")
	mustLack(t, "Lily's desk", body, "Dupont", "Catalogue")
	// A list that fits on a page: all of it, its length, no pager.
	mustContain(t, "Lily's desk", body, `<span class="count">1</span>`)
	mustLack(t, "Lily's desk", body, "waiting-pager", "waiting-range", "Showing ")

	_, body = w.signIn(srv, tom).get("/")
	mustContain(t, "Tom's desk", body, "Dupont SARL", "Catalogue", "Nothing planned.")
	mustLack(t, "Tom's desk", body, "Acme", "Meier", "Phone Bob")

	_, body = w.signIn(srv, mei).get("/")
	mustContain(t, "the manager's desk", body, "Acme Corp", "Meier GmbH", "keepwarm will send (next 7 days)")
}

func TestDeskListsFailedAndUncertainSendsWithTheNextAction(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	step := 0
	item, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:greet", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily", From: keepwarm.Address{Email: lily},
		To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Season's greetings", Text: "Hello", Mode: keepwarm.ModeSend,
		CustomerID: w.meier, Origin: "greeting", Step: &step, DueAt: now0.Add(24 * time.Hour), NextAttemptAt: now0.Add(24 * time.Hour), CreatedAt: now0})
	if err != nil {
		t.Fatal(err)
	}
	c := w.signIn(srv, lily)
	_, body := c.get("/")
	mustContain(t, "desk", body, path(`id="out-%d"`, item.ID), "Season&#39;s greetings", path(`action="/outbox/%d/skip"`, item.ID))

	lost, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:lost", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "bob@acme.com"}}, Subject: "Samples shipped",
		Text: "Hello", Mode: keepwarm.ModeSend, CustomerID: w.acme, Origin: "letter", DueAt: now0.Add(-time.Hour),
		NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if claimed, err := w.db.ClaimDue(w.ctx, now0, 10); err != nil || len(claimed) != 1 || claimed[0].ID != lost.ID {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := w.db.MarkUncertain(w.ctx, lost.ID, "connection lost after DATA"); err != nil {
		t.Fatal(err)
	}
	_, body = c.get("/")
	mustContain(t, "desk", body, "uncertain", "Samples shipped", "connection lost after DATA", "Ask the recipient whether it arrived. It arrived: mark it so, and its copy is filed in Sent. It did not: send it again by hand, then mark it dealt with.")
	// A follow-up a failed send stopped: the desk says so, and Resume brings it back.
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	e.Status, e.Reason = keepwarm.EnrollFailed, "smtp 550: mailbox unavailable"
	if _, err := w.db.UpdateEnrollment(w.ctx, e); err != nil {
		t.Fatal(err)
	}
	_, body = c.get("/")
	mustContain(t, "desk", body, "smtp 550: mailbox unavailable", "fix the cause, then resume it",
		path(`action="/enrollments/%d/resume"`, w.enrollment))
	_, body = w.signIn(srv, tom).get("/")
	mustLack(t, "Tom's desk", body, "Samples shipped", "Season&#39;s greetings", "mailbox unavailable")
	if code, _ := c.do("/", path("/enrollments/%d/resume", w.enrollment), nil); code != http.StatusSeeOther {
		t.Fatalf("resume: %d", code)
	}
	if e, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e.Status != keepwarm.EnrollActive {
		t.Fatalf("after resume: %s", e.Status)
	}
}

func TestSkipAQueuedSend(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	item, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:letter", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily", From: keepwarm.Address{Email: lily},
		To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "News for December", Text: "Hello", Mode: keepwarm.ModeSend,
		CustomerID: w.meier, Origin: "letter", DueAt: now0.Add(time.Hour), NextAttemptAt: now0.Add(time.Hour), CreatedAt: now0})
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := w.signIn(srv, tom).do("/", path("/outbox/%d/skip", item.ID), nil); code != http.StatusNotFound {
		t.Fatalf("Tom skipped Lily's send: %d", code)
	}
	if code, loc := w.signIn(srv, lily).do("/", path("/outbox/%d/skip", item.ID), url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("skip: %d %s", code, loc)
	}
	got, err := w.db.OutboxItem(w.ctx, item.ID)
	if err != nil || got.Status != keepwarm.OutboxSkipped {
		t.Fatalf("after skip: %v %v", got.Status, err)
	}
}

func TestCustomerPage(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	code, body := c.get(path("/customers/%d", w.meier))
	if code != http.StatusOK {
		t.Fatalf("customer page: %d", code)
	}
	mustContain(t, "Meier's page", body, "Meier GmbH", "<dt>Domain</dt><dd>buyer.de</dd>", "hans@buyer.de", "Dear Hans",
		"Quotation LED panels", "About Quotation LED panels", "from us", path(`id="enr-%d"`, w.enrollment), "active",
		"Release to the pool", path(`action="/contacts/`), "No changes yet.")
	// The pool customer: visible to every salesperson, claimable, not editable.
	code, body = c.get(path("/customers/%d", w.pool))
	if code != http.StatusOK {
		t.Fatalf("pool customer: %d", code)
	}
	mustContain(t, "pool customer", body, "株式会社 Pool Trading", path(`action="/customers/%d/claim"`, w.pool), "public pool")
	mustLack(t, "pool customer", body, `action="/contacts/`, "Release to the pool")
	// The message page, the desk's link when the mailbox has no webmail.
	code, body = c.get(path("/messages/%d", w.waitingMsg))
	if code != http.StatusOK {
		t.Fatalf("message page: %d", code)
	}
	mustContain(t, "message page", body, "Price for 500 pcs?", "Bob Stone", "Acme Corp")
	for _, bad := range []string{"/customers/x", "/customers/0", "/customers/99999", "/messages/99999"} {
		if code, _ := c.get(bad); code != http.StatusNotFound {
			t.Errorf("GET %s: %d", bad, code)
		}
	}
}

func TestAnotherSalespersonsCustomerIsNotFound(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	tc := w.signIn(srv, tom)
	var hans int64
	if err := w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path("/customers/%d", w.meier), path("/customers/%d", w.acme), path("/messages/%d", w.waitingMsg)} {
		if code, _ := tc.get(p); code != http.StatusNotFound {
			t.Errorf("Tom GET %s: %d, want 404", p, code)
		}
	}
	if code, _ := tc.get(path("/customers/%d", w.dupont)); code != http.StatusOK {
		t.Errorf("Tom's own customer: %d", code)
	}
	posts := []struct {
		path string
		form url.Values
	}{
		{path("/enrollments/%d/stop", w.enrollment), nil},
		{path("/enrollments/%d/pause", w.enrollment), nil},
		{path("/tasks/%d/done", w.task), nil},
		{path("/customers/%d/review", w.acme), url.Values{"grade": {"E"}}},
		{path("/customers/%d/release", w.meier), nil},
		{path("/customers/%d/note", w.meier), url.Values{"note": {"mine now"}}},
		{path("/contacts/%d", hans), url.Values{"salutation": {"Hi"}}},
		{path("/customers/%d/claim", w.acme), nil},
	}
	for _, p := range posts {
		if code, _ := tc.do("/", p.path, p.form); code != http.StatusNotFound {
			t.Errorf("Tom POST %s: %d, want 404", p.path, code)
		}
	}
	if n := w.count(`SELECT count(*) FROM web_audit`); n != 0 {
		t.Fatalf("%d audit rows after refused changes", n)
	}
	e, _ := w.db.GetEnrollment(w.ctx, w.enrollment)
	if e.Status != keepwarm.EnrollActive {
		t.Fatalf("Lily's enrollment is %s", e.Status)
	}
	// The manager sees and may change everything.
	mc := w.signIn(srv, mei)
	for _, p := range []string{path("/customers/%d", w.meier), path("/customers/%d", w.dupont), path("/messages/%d", w.waitingMsg)} {
		if code, _ := mc.get(p); code != http.StatusOK {
			t.Errorf("manager GET %s: %d", p, code)
		}
	}
}

func TestActionsChangeTheStoreAndLeaveAnAuditTrail(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	meierPage := path("/customers/%d", w.meier)

	// Pause, resume and stop the follow-up through the engine's rules.
	for _, step := range []struct {
		op   string
		want keepwarm.EnrollmentStatus
	}{{"pause", keepwarm.EnrollPaused}, {"resume", keepwarm.EnrollActive}, {"stop", keepwarm.EnrollStopped}} {
		code, loc := c.do(meierPage, path("/enrollments/%d/%s", w.enrollment, step.op), url.Values{"back": {meierPage}, "confirm": {"1"}})
		if code != http.StatusSeeOther || loc != meierPage {
			t.Fatalf("%s: %d %s", step.op, code, loc)
		}
		e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
		if err != nil || e.Status != step.want {
			t.Fatalf("after %s: %s %v", step.op, e.Status, err)
		}
	}
	// A stopped one cannot be paused: the engine's answer, shown as a conflict.
	if code, body := c.do(meierPage, path("/enrollments/%d/pause", w.enrollment), nil); code != http.StatusConflict || !strings.Contains(body, "only an active or paused one") {
		t.Fatalf("pause a stopped enrollment: %d %s", code, body)
	}

	// The call is done, with why the customer went quiet and what they
	// said: kept on the task and in the customer's notes, where the
	// customer's page shows it. The desk offers the rules' reasons.
	if _, body := c.get("/"); !strings.Contains(body, `<option value="comparing">comparing suppliers</option>`) ||
		!strings.Contains(body, `<option value="not-received">mail not received</option>`) {
		t.Fatalf("the desk's Done offers no reasons:\n%s", body)
	}
	if code, body := c.do("/", path("/tasks/%d/done", w.task), url.Values{"reason": {"busy"}}); code != http.StatusBadRequest || !strings.Contains(body, "comparing suppliers, plans changed") {
		t.Fatalf("an unknown reason: %d %s", code, body)
	}
	if code, _ := c.do("/", path("/tasks/%d/done", w.task), url.Values{"reason": {"comparing"}, "outcome": {"  decides\n in March "}}); code != http.StatusSeeOther {
		t.Fatalf("task done: %d", code)
	}
	if tasks, _ := w.db.ListTasks(w.ctx, false, lily); len(tasks) != 0 {
		t.Fatalf("open tasks after done: %v", tasks)
	}
	if tasks, _ := w.db.ListTasks(w.ctx, true, lily); len(tasks) != 1 || tasks[0].Outcome != "decides in March" || tasks[0].Reason != keepwarm.QuietComparing {
		t.Fatalf("the task's outcome: %+v", tasks)
	}
	if _, body := c.get(path("/customers/%d", w.acme)); !strings.Contains(body, "call: comparing suppliers: decides in March") {
		t.Fatalf("the customer's page does not show the call's outcome:\n%s", body)
	}
	// A review regrades Acme; a bad grade is refused with the reason.
	if code, body := c.do("/", path("/customers/%d/review", w.acme), url.Values{"grade": {"Z"}}); code != http.StatusBadRequest || !strings.Contains(body, "use A, B, C, D or E") {
		t.Fatalf("bad grade: %d %s", code, body)
	}
	if code, _ := c.do("/", path("/customers/%d/review", w.acme), url.Values{"grade": {"a"}, "note": {"sample approved"}}); code != http.StatusSeeOther {
		t.Fatalf("review: %d", code)
	}
	rec, _ := w.db.Customer(w.ctx, w.acme)
	if rec.Grade != "A" {
		t.Fatalf("grade after review: %s", rec.Grade)
	}
	// A note, and a contact's salutation, language, phone and flags.
	if code, _ := c.do(meierPage, path("/customers/%d/note", w.meier), url.Values{"note": {"prefers WhatsApp"}}); code != http.StatusSeeOther {
		t.Fatalf("note: %d", code)
	}
	var hans int64
	_ = w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans)
	code, _ := c.do(meierPage, path("/contacts/%d", hans), url.Values{"flags": {"1"}, "salutation": {"Sehr geehrter Herr Meier"},
		"language": {"de"}, "phone": {"0151 2345 6789"}, "opted_out": {"on"}})
	if code != http.StatusSeeOther {
		t.Fatalf("contact edit: %d", code)
	}
	rec, _ = w.db.Customer(w.ctx, w.meier)
	if ct := rec.Contacts[0]; ct.Salutation != "Sehr geehrter Herr Meier" || ct.Language != "de" || len(rec.Phones) != 1 || rec.Phones[0].Number != "+4915123456789" {
		t.Fatalf("contact after edit: %+v phones %+v", ct, rec.Phones)
	}
	if blocked, _ := w.db.BlockedAddresses(w.ctx, []string{"hans@buyer.de"}); blocked["hans@buyer.de"] != "opted-out" {
		t.Fatalf("opted out? %v", blocked)
	}
	if code, body := c.do(meierPage, path("/contacts/%d", hans), url.Values{"language": {"not a language"}}); code != http.StatusBadRequest {
		t.Fatalf("bad language: %d %s", code, body)
	}

	// Everything is on the customer's page, who and what.
	_, body := c.get(meierPage)
	mustContain(t, "Meier's page", body, "paused a follow-up", "resumed a follow-up", "stopped a follow-up", "active → stopped",
		"added a note", "edited a contact", "salutation=&#34;Sehr geehrter Herr Meier&#34;", "opted_out=true", "prefers WhatsApp",
		"&#43;4915123456789", lily)
	mustLack(t, "Meier's page", body, "enrollment.stop", "customer.note")
	if t.Failed() {
		t.Log(body)
	}
	_, body = c.get(path("/customers/%d", w.acme))
	mustContain(t, "Acme's page", body, "reviewed the customer", "B → A", "closed a task", "sample approved")
}

func TestSearchByNameEmailDomainPhoneAndCJK(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	l := w.signIn(srv, lily)
	var hans int64
	_ = w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans)
	if code, _ := l.do("/", path("/contacts/%d", hans), url.Values{"phone": {"+49 151 2345 6789"}}); code != http.StatusSeeOther {
		t.Fatalf("add phone: %d", code)
	}
	for q, want := range map[string]string{
		"meier": "Meier GmbH", "BOB@acme": "Acme Corp", "acme.com": "Acme Corp", "2345 6789": "Meier GmbH",
		"株式会社": "株式会社 Pool Trading", "Stone": "Acme Corp",
	} {
		code, body := l.get("/customers?q=" + url.QueryEscape(q))
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("search %q: %d, lacks %q", q, code, want)
		}
	}
	if _, body := l.get("/customers?q=dupont"); !strings.Contains(body, "No customer matches.") {
		t.Error("Lily finds Tom's customer")
	}
	if _, body := w.signIn(srv, mei).get("/customers?q=dupont"); !strings.Contains(body, "Dupont SARL") {
		t.Error("the manager does not find Dupont")
	}
}

func TestPoolClaimAndRelease(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	l := w.signIn(srv, lily)
	code, body := l.get("/pool")
	if code != http.StatusOK {
		t.Fatalf("pool: %d", code)
	}
	mustContain(t, "pool", body, "株式会社 Pool Trading", "0 of 50 held", "You hold no claims.")
	if code, loc := l.do("/pool", path("/customers/%d/claim", w.pool), url.Values{"back": {"/pool"}}); code != http.StatusSeeOther || loc != "/pool" {
		t.Fatalf("claim: %d %s", code, loc)
	}
	rec, _ := w.db.Customer(w.ctx, w.pool)
	if rec.Owner != lily || rec.PoolDeadline == nil {
		t.Fatalf("after claim: owner %q deadline %v", rec.Owner, rec.PoolDeadline)
	}
	_, body = l.get("/pool")
	mustContain(t, "pool after claim", body, "1 of 50 held", "The pool is empty.", "returns 2026-12-16")
	// Now it is Lily's: Tom no longer sees it.
	if code, _ := w.signIn(srv, tom).get(path("/customers/%d", w.pool)); code != http.StatusNotFound {
		t.Fatalf("Tom sees Lily's claim: %d", code)
	}
	// Release asks first, and the question changes nothing.
	code, body = l.do(path("/customers/%d", w.pool), path("/customers/%d/release", w.pool), url.Values{"back": {path("/customers/%d", w.pool)}})
	if code != http.StatusOK {
		t.Fatalf("release without confirm: %d %s", code, body)
	}
	mustContain(t, "the release question", body, "Release this customer to the pool?", "株式会社 Pool Trading",
		"Any colleague may claim it, and you cannot claim it again for 7 days.", `name="confirm" value="1"`,
		path(`action="/customers/%d/release"`, w.pool), path(`href="/customers/%d" id="confirm-no"`, w.pool))
	mustLack(t, "the release question", body, "marked won", "follow-up")
	if rec, _ := w.db.Customer(w.ctx, w.pool); rec.Owner != lily {
		t.Fatalf("after the question alone: owner %q", rec.Owner)
	}
	if code, _ := l.do(path("/customers/%d", w.pool), path("/customers/%d/release", w.pool), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("release: %d", code)
	}
	if rec, _ := w.db.Customer(w.ctx, w.pool); rec.Owner != "" {
		t.Fatalf("after release: owner %q", rec.Owner)
	}
	_, body = l.get(path("/customers/%d", w.pool))
	mustContain(t, "pool customer's page", body, "took the customer", "released the customer to the pool", "claimed", "released")
}

// A call's note is bounded in characters, as the desk's maxlength counts
// them: 360 Chinese characters (1,080 bytes) are kept; over the bound the
// refusal says so in the reader's language.
func TestACallNoteInChineseIsKept(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	c := w.signIn(w.serve(), lily)
	long := strings.Repeat("客", 1001)
	if code, body := c.do("/", path("/tasks/%d/done", w.task), url.Values{"reason": {"pending"}, "outcome": {long}}); code != http.StatusBadRequest ||
		!strings.Contains(body, "1001 characters, at most 1000") {
		t.Fatalf("1001 characters: %d %s", code, body)
	}
	note := strings.Repeat("客户说三月再决定。", 40) // 360 characters, 1,080 bytes
	if code, body := c.do("/", path("/tasks/%d/done", w.task), url.Values{"reason": {"pending"}, "outcome": {note}}); code != http.StatusSeeOther {
		t.Fatalf("a note of %d characters (%d bytes): %d %s", len([]rune(note)), len(note), code, body)
	}
	if tasks, _ := w.db.ListTasks(w.ctx, true, lily); len(tasks) != 1 || tasks[0].Outcome != note {
		t.Fatalf("the task's outcome: %+v", tasks)
	}
}

// A call closed on the desk is in the quiet report at once, even with the
// clock standing still (the demo's): the report's window takes in this
// second.
func TestACallClosedNowIsInTheQuietReport(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	c := w.signIn(w.serve(), lily)
	if code, _ := c.do("/", path("/tasks/%d/done", w.task), url.Values{"reason": {"pending"}}); code != http.StatusSeeOther {
		t.Fatalf("task done: %d", code)
	}
	if _, body := c.get("/reports/quiet"); !strings.Contains(body, "<tr><td>project still pending</td><td>1</td><td>Lily Chen</td></tr>") {
		t.Fatalf("the quiet report lacks the call just closed:\n%s", body)
	}
}

// A review date that has come says so on the customer's page; one still
// ahead does not.
func TestCustomerPageSaysWhenTheReviewIsDue(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	c := w.signIn(w.serve(), lily)
	review := regexp.MustCompile(`<dt>Next review</dt><dd>([^<]*)(<span class="tag bad">review due</span>)?`)
	look := func(cust int64) (string, bool) {
		t.Helper()
		_, body := c.get(path("/customers/%d", cust))
		m := review.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("customer %d: no next review on the page", cust)
		}
		return strings.TrimSpace(m[1]), m[2] != ""
	}
	if day, due := look(w.acme); day != "2026-11-14" || !due {
		t.Errorf("Acme, not reviewed since its grade: next review %s, tagged due %v (today 2026-11-16)", day, due)
	}
	// Reviewed today: the next review is ahead, not due.
	if code, _ := c.do("/", path("/customers/%d/review", w.acme), url.Values{"grade": {"A"}}); code != http.StatusSeeOther {
		t.Fatalf("review: %d", code)
	}
	if day, due := look(w.acme); day <= "2026-11-16" || due {
		t.Errorf("Acme reviewed today: next review %s, tagged due %v", day, due)
	}
}

// A link to a customer merged into another (yesterday's digest, before
// keepwarm customers merge) leads to the customer it went into, for
// whoever may see that one; for anyone else it stays "not found", so the
// link tells nothing of whose it is.
func TestAMergedAwayCustomerLeadsToTheOneItWentInto(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lc, tc, mc := w.signIn(srv, lily), w.signIn(srv, tom), w.signIn(srv, mei)
	if _, err := w.db.MergeCustomers(w.ctx, w.meier, w.acme, now0, "test"); err != nil {
		t.Fatal(err)
	}
	acme, meier, dupont := path("/customers/%d", w.acme), path("/customers/%d", w.meier), path("/customers/%d", w.dupont)
	if code, loc := lc.get(acme); code != http.StatusSeeOther || loc != meier {
		t.Fatalf("Lily opens the merged-away customer: %d %s, want %s", code, loc, meier)
	}
	if code, _ := lc.get(meier); code != http.StatusOK {
		t.Fatalf("where it leads: %d", code)
	}
	if code, loc := mc.get(acme); code != http.StatusSeeOther || loc != meier {
		t.Fatalf("the manager opens the merged-away customer: %d %s", code, loc)
	}
	if code, loc := tc.get(acme); code != http.StatusNotFound {
		t.Fatalf("Tom opens Lily's merged-away customer: %d %s, want 404", code, loc)
	}

	// Merged again, into one of Tom's: the chain is followed, to Tom
	// only.
	if _, err := w.db.MergeCustomers(w.ctx, w.dupont, w.meier, now0, "test"); err != nil {
		t.Fatal(err)
	}
	if code, loc := tc.get(acme); code != http.StatusSeeOther || loc != dupont {
		t.Fatalf("Tom opens a customer merged twice into his: %d %s, want %s", code, loc, dupont)
	}
	for _, p := range []string{acme, meier} {
		if code, loc := lc.get(p); code != http.StatusNotFound {
			t.Fatalf("Lily opens %s, now in Tom's customer: %d %s, want 404", p, code, loc)
		}
	}
	// A customer that never was is still not found.
	if code, _ := mc.get("/customers/999999"); code != http.StatusNotFound {
		t.Fatalf("no such customer: %d", code)
	}
}
