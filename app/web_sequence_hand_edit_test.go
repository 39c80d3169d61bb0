package app

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/web"
)

// TestDeskTakesSequencesEditedByHand: a sequence file edited by hand (or
// by a git pull) after the web started is what the desk's Skip goes by,
// as the daemon's job takes it on its next tick: a step added at the end
// is not lost by skipping the step before it, and a sequence added after
// the start has steps to skip.
func TestDeskTakesSequencesEditedByHand(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, dir, orig := handEditableSequences(t, t0)
	ctx := context.Background()
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	enroll := func(seq string, step int) keepwarm.Enrollment {
		t.Helper()
		e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: seq, Step: step,
			Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 10), Mailbox: "lily",
			Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	e := enroll("key-customer", 2) // at its third and last step, the call

	b, lily := lilysDesk(t, w)

	// The manager adds a fourth step by hand after the start.
	now := t0.Add(time.Hour)
	four := string(orig) + "\n[[step]]\nafter = \"5d\"\ndays = \"calendar\"\naction = \"task\"\ntask = \"Send the catalogue by post.\"\n"
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(four), 0o644); err != nil {
		t.Fatal(err)
	}
	v, _, err := b.Enrollment(ctx, lily, e.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if v.Steps != 4 {
		t.Errorf("Skip's question counts %d steps, want the 4 of the edited file", v.Steps)
	}
	if _, err := b.SkipStep(ctx, lily, e.ID, 3, now); err != nil {
		t.Fatal(err)
	}
	got, err := w.a.DB.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.EnrollActive || got.Step != 3 {
		t.Errorf("after skipping step 3 of 4: %s at step %d (%s), want active at step 4", got.Status, got.Step+1, got.Reason)
	}

	// A sequence file added after the start.
	if got.Status.Live() {
		if _, err := b.d.FollowUp.Stop(ctx, e.ID, now); err != nil {
			t.Fatal(err)
		}
	}
	one := strings.Replace(strings.Replace(string(orig), `name = "key-customer"`, `name = "call-only"`, 1), `grades = ["A", "B"]`, `grades = []`, 1)
	if err := os.WriteFile(filepath.Join(dir, "call-only.toml"), []byte(one), 0o644); err != nil {
		t.Fatal(err)
	}
	e2 := enroll("call-only", 0)
	if _, err := b.SkipStep(ctx, lily, e2.ID, 1, now); err != nil {
		t.Fatalf("skip step 1 of a sequence added after the start: %v", err)
	}
}

// TestDeskPageMovesNoFollowUpAfterAHandEdit: a delay changed by hand takes
// effect at once for what the desk asks of the sequence, but her page load
// does not rewrite the waiting follow-ups (a write each, while she waits):
// the daemon's tick moves them. Skip still counts the step in the steps as
// they are now.
func TestDeskPageMovesNoFollowUpAfterAHandEdit(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, dir, orig := handEditableSequences(t, t0)
	ctx := context.Background()
	const n = 40
	var ids []int64
	for i := range n {
		w.save("lily", keepwarm.Message{MessageID: fmt.Sprintf("q-%d@lumina-export.example", i), From: keepwarm.Address{Email: "lily@lumina-export.example"},
			To: []keepwarm.Address{hansMeier}, Subject: fmt.Sprintf("Quotation %d", i), SubjectKey: fmt.Sprintf("quotation %d", i), Date: t0, Kind: keepwarm.KindOutbound,
			CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
		msg, err := w.a.DB.GetMessage(ctx, int64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer", Step: 1,
			Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 4), Mailbox: "lily",
			Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	b, lily := lilysDesk(t, w)
	revs := map[int64]int64{}
	for _, id := range ids {
		e, err := w.a.DB.GetEnrollment(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		revs[id] = e.Rev
	}

	// The manager makes step 2 wait 6 days instead of 4, by hand.
	now := t0.Add(time.Hour)
	six := strings.Replace(string(orig), "after = \"4d\"", "after = \"6d\"", 1)
	if six == string(orig) {
		t.Fatal("the default sequence has no 4-day step to change")
	}
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(six), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Desk(ctx, lily, now, web.DeskPage{}); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		e, err := w.a.DB.GetEnrollment(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Rev != revs[id] {
			t.Fatalf("follow-up %d rewritten by the desk page load (rev %d → %d, due %s)", id, revs[id], e.Rev, e.DueAt)
		}
	}
	if d, ok := b.definition("key-customer"); !ok || d.Steps[1].After.D != 6*24*time.Hour {
		t.Errorf("the web's sequence after the edit: %+v, want step 2 after 6 days", d)
	}
	// Skip on one of them still goes by the edited file.
	if _, err := b.SkipStep(ctx, lily, ids[0], 2, now); err != nil {
		t.Fatal(err)
	}
	if e, err := w.a.DB.GetEnrollment(ctx, ids[0]); err != nil || e.Status != keepwarm.EnrollActive || e.Step != 2 {
		t.Errorf("after skipping step 2: %+v %v, want active at step 3", e, err)
	}
}

// handEditableSequences gives the follow-up app at t0 reading its
// sequences from a directory of their own (returned) that holds the
// default key-customer.toml, whose text orig is, for a test to edit.
func handEditableSequences(t *testing.T, t0 time.Time) (w *fuApp, dir string, orig []byte) {
	t.Helper()
	w = newFUApp(t, "", t0)
	dir = t.TempDir()
	orig, err := fs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), orig, 0o644); err != nil {
		t.Fatal(err)
	}
	w.a.Cfg.Sequences.Dir = dir
	return w, dir, orig
}

// lilysDesk gives the web backend on w's held follow-up job, and Lily,
// signed in to it.
func lilysDesk(t *testing.T, w *fuApp) (*WebBackend, web.Person) {
	t.Helper()
	fu, broken, err := w.a.HeldFollowUp()
	if err != nil || broken != nil {
		t.Fatalf("HeldFollowUp: %v, broken %v", err, broken)
	}
	lily := web.Person{Email: "lily@lumina-export.example", Name: "Lily Chen"}
	return NewWebBackend(WebDeps{DB: w.a.DB, FollowUp: fu, People: []web.Person{lily}, Clock: w.a.Clock}), lily
}

// TestForecastMovesNoFollowUpAfterAHandEdit: /forecast (and the "Don't
// send" question, which reads it) after a delay changed by hand lists the
// step at its new time, but the page load writes nothing: the waiting
// follow-up is moved by the daemon's tick, as README says, not inside a
// person's request racing that tick.
func TestForecastMovesNoFollowUpAfterAHandEdit(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, dir, orig := handEditableSequences(t, t0)
	ctx := context.Background()
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer", Step: 1,
		Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 4), Mailbox: "lily",
		Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	b, lily := lilysDesk(t, w)
	now := t0.Add(time.Hour)
	before, err := b.Forecast(ctx, lily, now, 14)
	if err != nil {
		t.Fatal(err)
	}
	stepAt := func(items []web.ForecastItem) time.Time {
		for _, it := range items {
			if it.Sequence == "key-customer" && it.Step == 2 {
				return it.At
			}
		}
		t.Fatalf("no step 2 in the forecast: %+v", items)
		return time.Time{}
	}
	was := stepAt(before)
	stored, err := w.a.DB.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The manager makes step 2 wait 6 days instead of 4, by hand.
	six := strings.Replace(string(orig), "after = \"4d\"", "after = \"6d\"", 1)
	if six == string(orig) {
		t.Fatal("the default sequence has no 4-day step to change")
	}
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(six), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := b.Forecast(ctx, lily, now.Add(time.Minute), 14)
	if err != nil {
		t.Fatal(err)
	}
	if got := stepAt(after); !got.After(was.Add(24 * time.Hour)) {
		t.Errorf("the forecast after the edit lists step 2 at %s, want about two days later than %s", got, was)
	}
	got, err := w.a.DB.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rev != stored.Rev || !got.DueAt.Equal(stored.DueAt) || !got.UpdatedAt.Equal(stored.UpdatedAt) {
		t.Fatalf("the follow-up was rewritten by the forecast page load: rev %d → %d, due %s → %s", stored.Rev, got.Rev, stored.DueAt, got.DueAt)
	}
}
