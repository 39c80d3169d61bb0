package app

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestLateSkipOfAMailItsLastLookPutBackSkipsTheStep: Lily's desk, open
// since before the send's last look, shows step 1's queued mail with
// Skip. Meanwhile she paused the follow-up, and the last look skipped the
// mail and put step 1 back, to be done again when it is resumed. Hans
// phones (he ordered) and she presses Skip on the page still open: the
// step itself is skipped, and after Resume no step-1 mail goes. The
// answer said "was skipped already: it does not go", and the step went
// after Resume. The same when the look put the step back because the
// follow-up's recipients changed, and the step was written again at once
// for them: the new mail is skipped (it went, to the new recipients).
func TestLateSkipOfAMailItsLastLookPutBackSkipsTheStep(t *testing.T) {
	t.Run("paused", func(t *testing.T) { lateSkipOfAPutBackStep(t, lateSkip{}) })
	t.Run("recipients changed", func(t *testing.T) { lateSkipOfAPutBackStep(t, lateSkip{recipients: true}) })
	t.Run("paused, resumed, written again", func(t *testing.T) { lateSkipOfAPutBackStep(t, lateSkip{again: true}) })
}

// TestLateSkipOfALastStepItsLastLookPutBackSkipsTheMailWrittenAgain: the
// same on the follow-up's last step (its mail queued, the follow-up is
// completed, and cannot be paused): put back because its recipients
// changed, or because Lily wrote in the thread meanwhile. Written again,
// the step completed the follow-up once more, and the late Skip answered
// "was skipped already: it does not go" while the mail written again went.
func TestLateSkipOfALastStepItsLastLookPutBackSkipsTheMailWrittenAgain(t *testing.T) {
	t.Run("recipients changed", func(t *testing.T) { lateSkipOfAPutBackStep(t, lateSkip{last: true, recipients: true}) })
	t.Run("someone wrote", func(t *testing.T) { lateSkipOfAPutBackStep(t, lateSkip{last: true, wrote: true}) })
	t.Run("someone wrote, written again after the wait", func(t *testing.T) {
		lateSkipOfAPutBackStep(t, lateSkip{last: true, wrote: true, again: true})
	})
	// The mail written again went before the Skip: the answer says so,
	// never "it does not go".
	t.Run("recipients changed, written again and sent", func(t *testing.T) {
		lateSkipOfAPutBackStep(t, lateSkip{last: true, recipients: true, sent: true})
	})
}

// lateSkip is how the late Skip's step was put back: the follow-up
// paused, its recipients changed (written again at once) or Lily wrote in
// the thread (wrote); again: written again before the Skip (resumed, or
// the new wait over); on a sequence whose only step it is (last).
// sent: the mail written again went before the Skip.
type lateSkip struct{ recipients, wrote, again, last, sent bool }

// oneStepKeyCustomer has w read key-customer cut to its first step, the
// resend, which is so its last.
func oneStepKeyCustomer(t *testing.T, w *fuApp) {
	t.Helper()
	body, err := fs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Index(string(body), "[[step]]\nafter = \"4d\"")
	if second < 0 {
		t.Fatal("key-customer.toml has no second step")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), body[:second], 0o644); err != nil {
		t.Fatal(err)
	}
	w.a.Cfg.Sequences.Dir = dir
	if w.job, err = w.a.NewFollowUp(nil); err != nil {
		t.Fatal(err)
	}
}

// stepMailQueued is the queued mail of step 1 other than x.
func stepMailQueued(t *testing.T, w *fuApp, x keepwarm.OutboxItem) keepwarm.OutboxItem {
	t.Helper()
	items, err := w.a.DB.ListOutbox(context.Background(), keepwarm.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var y keepwarm.OutboxItem
	for _, it := range items {
		if it.ID != x.ID && it.Step != nil && *it.Step == 0 && it.Status == keepwarm.OutboxQueued {
			y = it
		}
	}
	if y.ID == 0 {
		t.Fatalf("step 1 not written again: %+v", items)
	}
	return y
}

func lateSkipOfAPutBackStep(t *testing.T, o lateSkip) {
	recipients := o.recipients
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	ctx := context.Background()
	if o.last {
		oneStepKeyCustomer(t, w)
	}
	e, x := quotedAndQueued(t, w, t0)
	if got := w.enrollments()[0]; o.last != (got.Status == keepwarm.EnrollCompleted) {
		t.Fatalf("the follow-up with step 1 queued: %s; want completed only when step 1 is its last", got.Status)
	}
	now := x.NextAttemptAt
	if recipients {
		addRecipient(t, w, e.ID, annaBerg)
	} else if o.wrote {
		w.save("lily", keepwarm.Message{MessageID: "q-2@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
			To: []keepwarm.Address{hansMeier}, Subject: "Re: Quotation", SubjectKey: "quotation", Date: now.Add(-20 * time.Minute),
			Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
			InReplyTo: []string{"q-1@lumina-export.example"}, References: []string{"q-1@lumina-export.example"},
			Text: "Dear Mr. Meier,\n\nthe panels can ship from stock.\n\nLily\n"}, "")
	} else if _, err := w.job.Pause(ctx, e.ID, time.Time{}, now.Add(-20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	lastLook(t, w, e.ID, x, now)

	b, lily := lilysDesk(t, w)
	late := now.Add(5 * time.Minute)
	var y keepwarm.OutboxItem // the step written again
	switch {
	case recipients:
		if _, err := w.job.Run(ctx, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		y = stepMailQueued(t, w, x)
	case o.again && o.wrote:
		var ok bool
		if y, ok = w.runUntilQueuedAfter(x, now.Add(time.Minute)); !ok {
			t.Fatalf("step 1 not written again after the new wait: %+v", w.enrollments())
		}
		late = y.CreatedAt.Add(5 * time.Minute)
	case o.again:
		if _, err := w.job.Resume(ctx, e.ID, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.job.Run(ctx, now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		y = stepMailQueued(t, w, x)
	}
	if y.ID != 0 {
		if got, err := w.a.DB.GetEnrollment(ctx, e.ID); err != nil || o.last != (got.Status == keepwarm.EnrollCompleted) {
			t.Fatalf("the follow-up with step 1 written again: %+v, %v; want completed only when step 1 is its last", got, err)
		}
	}
	if o.sent {
		if _, ok, err := w.a.DB.Claim(ctx, y.ID, late.Add(-time.Minute)); err != nil || !ok {
			t.Fatalf("claim outbox %d: %v, %v", y.ID, ok, err)
		}
		if err := w.a.DB.MarkSent(ctx, y.ID, late.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		_, err := b.SkipSend(ctx, lily, x.ID, late)
		if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "written again as outbox item "+itoa(y.ID)) ||
			!strings.Contains(err.Error(), "was sent at") || strings.Contains(err.Error(), "does not go") {
			t.Errorf("Skip after the step's mail written again went: %v; want a conflict saying outbox %d was sent", err, y.ID)
		}
		return
	}
	u, err := b.QueuedSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatal(err)
	}
	if u.PutBack != 1 || u.Requeued != y.ID {
		t.Errorf("Skip's question on the mail the last look put back: put back %d, requeued %d; want step 1 put back, requeued %d", u.PutBack, u.Requeued, y.ID)
	}
	c, err := b.SkipSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatalf("Skip on the page open since before the last look: %v; want its step skipped", err)
	}
	got, err := w.a.DB.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if y.ID != 0 {
		if c.Action != "outbox.skip" || !strings.Contains(c.Subject, itoa(y.ID)) {
			t.Errorf("recorded as %+v; want outbox %d, the step written again, skipped", c, y.ID)
		}
		if it, err := w.a.DB.OutboxItem(ctx, y.ID); err != nil || it.Status != keepwarm.OutboxSkipped {
			t.Errorf("the step's mail for the new recipients after the late Skip: %+v, %v; want skipped", it, err)
		}
	} else if o.last {
		if c.Action != "enrollment.skip" || !strings.Contains(c.Before, "step 1") || c.After != string(keepwarm.EnrollCompleted) {
			t.Errorf("recorded as %+v; want the follow-up's last step skipped, and it completed", c)
		}
		if got.Status != keepwarm.EnrollCompleted {
			t.Fatalf("after the late Skip: %+v; want completed", got)
		}
	} else {
		if c.Action != "enrollment.skip" || !strings.Contains(c.Before, "step 1") || !strings.Contains(c.After, "step 2") {
			t.Errorf("recorded as %+v; want the follow-up's step 1 skipped", c)
		}
		if got.Step != 1 || got.Status != keepwarm.EnrollPaused {
			t.Fatalf("after the late Skip: %+v; want paused at step 2", got)
		}
		if _, err := w.job.Resume(ctx, e.ID, late.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	step1StaysSkipped(t, w, late)
}

// runUntilQueuedAfter runs the job every 10 minutes from from for up to 5
// days and returns the first step-1 mail queued other than x.
func (w *fuApp) runUntilQueuedAfter(x keepwarm.OutboxItem, from time.Time) (keepwarm.OutboxItem, bool) {
	w.t.Helper()
	ctx := context.Background()
	for at := from; at.Before(from.AddDate(0, 0, 5)); at = at.Add(10 * time.Minute) {
		if _, err := w.job.Run(ctx, at); err != nil {
			w.t.Fatalf("run at %s: %v", at, err)
		}
		items, err := w.a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
		if err != nil {
			w.t.Fatal(err)
		}
		for _, it := range items {
			if it.ID != x.ID && it.Step != nil && *it.Step == 0 && it.Status == keepwarm.OutboxQueued {
				return it, true
			}
		}
	}
	return keepwarm.OutboxItem{}, false
}

// TestLateSkipOfAStepPutBackTwiceSkipsTheStep: Lily's tab, open since
// before the last look, shows step 1's queued mail X. The follow-up was
// paused, X's look put step 1 back; resumed, the step was written again
// as Y; paused again, Y's own look put the step back once more. Skip on X
// answered "was skipped already: it does not go", and step 1 went after
// the next Resume: the step is skipped, or the mail written for it since
// (resumed again before the Skip). On a one-step sequence the same with
// the recipients changed twice: its mail written a third time is skipped.
func TestLateSkipOfAStepPutBackTwiceSkipsTheStep(t *testing.T) {
	t.Run("paused twice", func(t *testing.T) { lateSkipOfAStepPutBackTwice(t, false, false) })
	t.Run("paused twice, resumed, written again", func(t *testing.T) { lateSkipOfAStepPutBackTwice(t, false, true) })
	t.Run("last step, recipients changed twice", func(t *testing.T) { lateSkipOfAStepPutBackTwice(t, true, true) })
}

func lateSkipOfAStepPutBackTwice(t *testing.T, last, again bool) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	ctx := context.Background()
	if last {
		oneStepKeyCustomer(t, w)
	}
	e, x := quotedAndQueued(t, w, t0)
	now := x.NextAttemptAt
	// hold has the follow-up not send the step's mail it: paused, or
	// (the last step's follow-up is completed, and cannot be) its
	// recipients changed; lastLook then skips it and puts the step back.
	added := []keepwarm.Address{annaBerg, {Name: "Carl Vogt", Email: "carl.vogt@globex.de"}}
	hold := func(n int, at time.Time) {
		t.Helper()
		if !last {
			if _, err := w.job.Pause(ctx, e.ID, time.Time{}, at); err != nil {
				t.Fatal(err)
			}
			return
		}
		addRecipient(t, w, e.ID, added[n])
	}
	// writeAgain has the step written again: resumed (paused) and a tick.
	writeAgain := func(prev keepwarm.OutboxItem, at time.Time) keepwarm.OutboxItem {
		t.Helper()
		if !last {
			if _, err := w.job.Resume(ctx, e.ID, at); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.job.Run(ctx, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		return stepMailQueued(t, w, prev)
	}
	hold(0, now.Add(-20*time.Minute))
	lastLook(t, w, e.ID, x, now)
	b, lily := lilysDesk(t, w)
	y := writeAgain(x, now.Add(time.Minute))
	hold(1, now.Add(5*time.Minute))
	lastLook(t, w, e.ID, y, now.Add(10*time.Minute))
	late := now.Add(15 * time.Minute)
	var z keepwarm.OutboxItem // the step written a third time
	if again {
		z = writeAgain(y, late.Add(-3*time.Minute))
	}

	u, err := b.QueuedSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatal(err)
	}
	if u.PutBack != 1 || u.Requeued != z.ID {
		t.Errorf("Skip's question on X, its step put back twice: put back %d, requeued %d; want step 1 put back, requeued %d", u.PutBack, u.Requeued, z.ID)
	}
	c, err := b.SkipSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatalf("Skip on the page open since before the first look: %v; want its step skipped", err)
	}
	if again {
		if c.Action != "outbox.skip" || !strings.Contains(c.Subject, itoa(z.ID)) {
			t.Errorf("recorded as %+v; want outbox %d, the step written again, skipped", c, z.ID)
		}
		if it, err := w.a.DB.OutboxItem(ctx, z.ID); err != nil || it.Status != keepwarm.OutboxSkipped {
			t.Errorf("the step's mail written again after the late Skip: %+v, %v; want skipped", it, err)
		}
	} else {
		if c.Action != "enrollment.skip" || !strings.Contains(c.Before, "step 1") || !strings.Contains(c.After, "step 2") {
			t.Errorf("recorded as %+v; want the follow-up's step 1 skipped", c)
		}
		if _, err := w.job.Resume(ctx, e.ID, late.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	step1StaysSkipped(t, w, late)
}

// TestLateSkipFindsTheMailWrittenAgainAfterAnEditMovedItsStep: step 1
// (the resend) of Hans's follow-up was put back because its recipients
// changed, and written again at once as Y; then the manager put a new
// first step before it, so the resend is step 2 now, while Y was queued
// at index 0. Lily's Skip on the old page's mail X skips Y, found by the
// step's name: it was looked for by its old index, not found, and
// answered "was skipped already: it does not go" while Y went.
func TestLateSkipFindsTheMailWrittenAgainAfterAnEditMovedItsStep(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, dir, orig := handEditableSequences(t, t0)
	ctx := context.Background()
	var err error
	if w.job, err = w.a.NewFollowUp(nil); err != nil {
		t.Fatal(err)
	}
	e, x := quotedAndQueued(t, w, t0)
	now := x.NextAttemptAt
	addRecipient(t, w, e.ID, annaBerg)
	lastLook(t, w, e.ID, x, now)
	if _, err := w.job.Run(ctx, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	y := stepMailQueued(t, w, x)

	// The manager puts a first step before the resend.
	first := strings.Index(string(orig), "[[step]]")
	if first < 0 {
		t.Fatal("key-customer.toml has no step")
	}
	edited := string(orig[:first]) + "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"task\"\ntask = \"Check the quotation went to the right buyer\"\n\n" + string(orig[first:])
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if w.job, err = w.a.NewFollowUp(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.job.Run(ctx, now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err := w.a.DB.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if at, ok := sequences.HeldStepAt(got, y); !ok || at != 1 {
		t.Fatalf("the resend written again after the edit: at step %d (%v) of %+v; want step 2", at+1, ok, got)
	}
	if it, err := w.a.DB.OutboxItem(ctx, y.ID); err != nil || it.Status != keepwarm.OutboxQueued {
		t.Fatalf("the resend written again after the edit: %+v, %v; want it still queued", it, err)
	}

	b, lily := lilysDesk(t, w)
	late := now.Add(5 * time.Minute)
	u, err := b.QueuedSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatal(err)
	}
	if u.PutBack != 2 || u.Requeued != y.ID {
		t.Errorf("Skip's question on X after the edit: put back %d, requeued %d; want step 2 (the resend) put back, requeued %d", u.PutBack, u.Requeued, y.ID)
	}
	c, err := b.SkipSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatalf("Skip on the page open since before the last look: %v; want the resend written again skipped", err)
	}
	if c.Action != "outbox.skip" || !strings.Contains(c.Subject, itoa(y.ID)) {
		t.Errorf("recorded as %+v; want outbox %d skipped", c, y.ID)
	}
	if it, err := w.a.DB.OutboxItem(ctx, y.ID); err != nil || it.Status != keepwarm.OutboxSkipped {
		t.Errorf("the resend written again after the late Skip: %+v, %v; want skipped", it, err)
	}
}

var annaBerg = keepwarm.Address{Name: "Anna Berg", Email: "anna.berg@globex.de"}

// quotedAndQueued has Lily's quotation to Hans at t0 put in key-customer
// and the job run until step 1's mail is queued: the follow-up and that
// mail.
func quotedAndQueued(t *testing.T, w *fuApp, t0 time.Time) (keepwarm.Enrollment, keepwarm.OutboxItem) {
	t.Helper()
	ctx := context.Background()
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer",
		Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 3), Mailbox: "lily",
		Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	x, ok := w.runUntilQueued(t0.AddDate(0, 0, 3))
	if !ok || x.Step == nil || *x.Step != 0 {
		t.Fatalf("step 1 not queued: %+v", w.enrollments())
	}
	return e, x
}

// addRecipient adds a to the follow-up id's recipients.
func addRecipient(t *testing.T, w *fuApp, id int64, a keepwarm.Address) {
	t.Helper()
	ctx := context.Background()
	cur, err := w.a.DB.GetEnrollment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	cur.To = append(cur.To, a)
	if _, err := w.a.DB.UpdateEnrollment(ctx, cur); err != nil {
		t.Fatal(err)
	}
}

// lastLook is the send's last look at it, as the dispatcher takes it: it
// must skip it and put step 1 of the follow-up id back in its place.
func lastLook(t *testing.T, w *fuApp, id int64, it keepwarm.OutboxItem, at time.Time) {
	t.Helper()
	ctx := context.Background()
	reason, err := w.job.Recheck(ctx, it, at)
	if err != nil || reason == "" {
		t.Fatalf("last look at outbox %d: %q, %v; want it skipped", it.ID, reason, err)
	}
	if err := w.a.DB.MarkSkipped(ctx, it.ID, reason); err != nil {
		t.Fatal(err)
	}
	if got, err := w.a.DB.GetEnrollment(ctx, id); err != nil || got.RedoOf != it.ID || got.Step != 0 {
		t.Fatalf("after the last look: %+v, %v; want step 1 put back in place of outbox %d", got, err, it.ID)
	}
}

// step1StaysSkipped runs the job every 30 minutes for 5 days from an hour
// after the late Skip, and wants no step-1 mail but skipped ones.
func step1StaysSkipped(t *testing.T, w *fuApp, late time.Time) {
	t.Helper()
	ctx := context.Background()
	for at := late.Add(time.Hour); at.Before(late.AddDate(0, 0, 5)); at = at.Add(30 * time.Minute) {
		if _, err := w.job.Run(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	items, err := w.a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Step != nil && *it.Step == 0 && it.Status != keepwarm.OutboxSkipped {
			t.Errorf("step 1 %s again after the late Skip (and any Resume): outbox %d %q", it.Status, it.ID, it.Subject)
		}
	}
}
