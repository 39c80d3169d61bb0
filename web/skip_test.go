package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// queuedSteps lists the follow-up steps (0-based) of the enrollment that
// are queued or sent, and the subjects.
func (w *world) queuedSteps(enrollment int64) (steps []int, subjects []string) {
	w.t.Helper()
	rows, err := w.raw.QueryContext(w.ctx, `SELECT step, subject FROM outbox WHERE enrollment_id = ? AND status IN ('queued','sending','sent') ORDER BY id`, enrollment)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s int
		var subj string
		if err := rows.Scan(&s, &subj); err != nil {
			w.t.Fatal(err)
		}
		steps, subjects = append(steps, s), append(subjects, subj)
	}
	return steps, subjects
}

func TestSkipAFollowUpStepBeforeItIsQueued(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	// Meier's key-customer follow-up: step 1 (the resend) falls due today
	// at 09:00 in Berlin; nothing is queued yet.
	_, body := c.get("/")
	mustContain(t, "Lily's desk", body, path(`action="/enrollments/%d/skip"`, w.enrollment), `name="step" value="1"`, "key-customer · step 1")

	if code, _ := w.signIn(srv, tom).do("/", path("/enrollments/%d/skip", w.enrollment), url.Values{"step": {"1"}}); code != http.StatusNotFound {
		t.Fatalf("Tom skipped Lily's step: %d", code)
	}
	if code, body := c.do("/", path("/enrollments/%d/skip", w.enrollment), url.Values{"back": {"/"}}); code != http.StatusBadRequest {
		t.Fatalf("skip without a step: %d %s", code, body)
	}
	if code, loc := c.do("/", path("/enrollments/%d/skip", w.enrollment), url.Values{"step": {"1"}, "back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("skip: %d %s", code, loc)
	}
	// The follow-up goes on with step 2 (product introduction, 4 days after
	// the skipped step was due), in the send window.
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 20, 9, 0, 0, 0, berlin)
	if e.Status != keepwarm.EnrollActive || e.Step != 1 || !e.DueAt.Equal(want) {
		t.Fatalf("after skip: %s step %d due %s, want active step 1 (0-based) due %s", e.Status, e.Step, e.DueAt, want)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'skipped' AND last_error LIKE 'step 1 skipped by lily@%'`, w.enrollment); n != 1 {
		t.Fatalf("skipped records of step 1: %d", n)
	}
	// A second press (an old page, a double click) skips nothing more.
	if code, body := c.do("/", path("/enrollments/%d/skip", w.enrollment), url.Values{"step": {"1"}}); code != http.StatusConflict || !strings.Contains(body, "is skipped already: it is at step 2 now") {
		t.Fatalf("second skip of step 1: %d %s", code, body)
	}
	if e2, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e2.Step != 1 || !e2.DueAt.Equal(want) {
		t.Fatalf("the second press moved it: step %d due %s", e2.Step, e2.DueAt)
	}
	// The desk shows the next step, when, and why.
	_, body = c.get("/")
	mustContain(t, "desk after the skip", body, "key-customer · step 2", `name="step" value="2"`, "step 1 skipped by "+lily)
	// The forecast places step 2 on Friday and no resend.
	_, body = w.signIn(srv, mei).get("/forecast")
	mustContain(t, "forecast", body, `data-sequence="key-customer" data-step="2"`)
	mustLack(t, "forecast", body, `data-sequence="key-customer" data-step="1"`)
	// The audit trail on Meier's page.
	_, body = c.get(path("/customers/%d", w.meier))
	mustContain(t, "Meier's page", body, "skipped a follow-up step", "step 1 due 2026-11-16 16:00 Asia/Shanghai → step 2 due 2026-11-20 16:00 Asia/Shanghai")

	// The ticks: nothing goes out on Monday; on Friday the product
	// introduction does, never the resend.
	if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	if steps, _ := w.queuedSteps(w.enrollment); len(steps) != 0 {
		t.Fatalf("queued on Monday after the skip: %v", steps)
	}
	if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 20, 11, 0, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	// Step 2 is done (the book has no catalog, so the product introduction
	// is itself recorded as having nothing to say), and the resend still
	// has only the person's skip.
	var rows []string
	r, err := w.raw.QueryContext(w.ctx, `SELECT step || ' ' || status || ' ' || last_error FROM outbox WHERE enrollment_id = ? ORDER BY step, id`, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var s string
		if err := r.Scan(&s); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, s)
	}
	r.Close()
	if len(rows) != 2 || rows[0] != "0 skipped step 1 skipped by "+lily || !strings.HasPrefix(rows[1], "1 ") {
		t.Fatalf("the follow-up's outbox after Friday's tick: %q", rows)
	}
	if e, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e.Step != 2 {
		t.Fatalf("after Friday's tick: at step %d (0-based), want 2", e.Step)
	}
}

func TestSkipAStepQueuedMeanwhileSkipsNothingMore(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, page := c.get("/") // the desk as Lily saw it: step 1 next
	// The tick queues step 1 before she presses Skip.
	if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	steps, _ := w.queuedSteps(w.enrollment)
	if len(steps) != 1 || steps[0] != 0 {
		t.Fatalf("queued by the tick: %v", steps)
	}
	form := url.Values{"step": {"1"}, "csrf": {csrfOf(t, page)}}
	resp := c.post(path("/enrollments/%d/skip", w.enrollment), form)
	body := readAll(resp)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "queued meanwhile") {
		t.Fatalf("skip of a step queued meanwhile: %d %s", resp.StatusCode, body)
	}
	// Step 2 was not skipped in its place, and the queued step is on the
	// desk with its own Skip.
	if e, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e.Step != 1 || e.Status != keepwarm.EnrollActive {
		t.Fatalf("after the refused skip: %s step %d", e.Status, e.Step)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND status = 'skipped'`, w.enrollment); n != 0 {
		t.Fatalf("skipped records: %d", n)
	}
	_, body = c.get("/")
	mustContain(t, "desk", body, "key-customer · step 2", "/outbox/")
}

// The skip's record holds the step's outbox key: a tick that reaches the
// step at the same instant (after the record, before the skip moved the
// enrollment on) finds the key taken, queues nothing, and moves on itself;
// a skip that reads the enrollment only then is told the step is skipped.
func TestSkipRecordKeepsATickAtTheSameInstantFromSending(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	step := 0
	enr := e.ID
	if _, created, err := w.db.EnqueueSkipped(w.ctx, keepwarm.OutboxItem{Key: path("seq:%d:0", e.ID), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: e.To, Subject: "(resend: skipped)", Mode: keepwarm.ModeSend,
		CustomerID: e.CustomerID, Origin: "sequence", Sequence: e.Sequence, Step: &step, Enrollment: &enr, DueAt: now0, CreatedAt: now0},
		"step 1 skipped by "+lily); err != nil || !created {
		t.Fatalf("the skip's record: %v %v", created, err)
	}
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	if _, err := w.fu.Run(w.ctx, at); err != nil {
		t.Fatal(err)
	}
	if steps, subjects := w.queuedSteps(w.enrollment); len(steps) != 0 {
		t.Fatalf("the tick queued %v %q over the skip's record", steps, subjects)
	}
	// A skip that reads the enrollment only now finds its step skipped.
	if _, err := w.fu.SkipStep(w.ctx, w.enrollment, 0, lily, at); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "is skipped already") {
		t.Fatalf("the skip after the tick: %v", err)
	}
	if e2, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e2.Step != 1 {
		t.Fatalf("the enrollment moved %d steps", e2.Step)
	}
}

// raceStore is a tick's store where a Skip commits at the instant the
// tick, having read the follow-up due, queues its step's mail: the
// interleaving the skip's record guards.
type raceStore struct {
	*store.DB
	between func()
}

func (s *raceStore) Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	if s.between != nil {
		s.between()
		s.between = nil
	}
	return s.DB.Enqueue(ctx, item)
}

func TestSkipRacingATickSendsNothingAndSkipsOneStep(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	defs, _ := sequences.LoadDefinitions("")
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	skipped := false
	rs := &raceStore{DB: w.db, between: func() {
		e, err := w.fu.SkipStep(w.ctx, w.enrollment, 0, lily, at)
		if err != nil || e.Step != 1 {
			t.Errorf("the skip racing the tick: step %d, %v", e.Step, err)
		}
		skipped = true
	}}
	ticker := sequences.NewFollowUp(sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer",
		Identities: []sequences.Identity{{Mailbox: "lily", Owner: lily, Email: lily, Name: "Lily Chen"}},
		People:     map[string]string{lily: lily, tom: tom},
		Location:   func(keepwarm.Customer) *time.Location { return berlin },
	}, rs, nil)
	if _, err := ticker.Run(w.ctx, at); err != nil {
		t.Fatal(err)
	}
	if !skipped {
		t.Fatal("the tick queued no mail: the skip never raced it")
	}
	if steps, subjects := w.queuedSteps(w.enrollment); len(steps) != 0 {
		t.Fatalf("queued while skipped: %v %q", steps, subjects)
	}
	if e2, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e2.Step != 1 || e2.DueAt.Before(time.Date(2026, 11, 20, 0, 0, 0, 0, berlin)) {
		t.Fatalf("after the race: step %d due %s", e2.Step, e2.DueAt)
	}
}
