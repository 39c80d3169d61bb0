package sequences_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// A follow-up step filed in Drafts (draft mode) is taken out again once
// the customer answers: the dispatcher removes what AnsweredDrafts lists,
// as it does the "received" drafts. While the follow-up runs, or once it
// completed, its drafts stay: they are still the salesperson's to send.
func TestDraftedStepOfAnAnsweredFollowUpIsToBeRemoved(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	w.run(day0.Add(time.Minute))
	for d := 1; d <= 6 && len(w.outbox()) == 0; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	items := w.outbox()
	if len(items) != 1 || items[0].Mode != keepwarm.ModeDraft || items[0].Origin != sequences.OriginSequence {
		t.Fatalf("outbox: %+v; want one follow-up step in draft mode", items)
	}
	filed := items[0].DueAt
	if _, err := w.db.ClaimDue(ctx, filed, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkDrafted(ctx, items[0].ID, filed); err != nil {
		t.Fatal(err)
	}
	listed := func() []int64 {
		t.Helper()
		got, err := w.db.AnsweredDrafts(ctx, filed)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		return ids
	}
	if ids := listed(); len(ids) != 0 {
		t.Fatalf("drafts to remove while the follow-up runs: %v", ids)
	}

	answer := filed.Add(26 * time.Hour)
	w.save("lily", "INBOX", w.msg("a-1@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", answer, "q-1@seller.example"))
	w.run(answer.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied {
		t.Fatalf("enrollment after the answer: %+v", e)
	}
	if ids := listed(); len(ids) != 1 || ids[0] != items[0].ID {
		t.Fatalf("drafts to remove after the answer: %v; want the step's %d", ids, items[0].ID)
	}
	if err := w.db.SettleDraft(ctx, items[0].ID, "removed", answer.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if ids := listed(); len(ids) != 0 {
		t.Fatalf("a settled draft is listed again: %v", ids)
	}
}

// A step keepwarm stopped while filing it in Drafts (uncertain: it may be
// there) whose follow-up then ends because the customer answered is taken
// out of Drafts as a drafted one is: the follow-up's end settles the item,
// so no list shows it any more, and "Just checking you received my
// quotation" would otherwise wait in Drafts after the answer.
func TestUncertainDraftStepOfAnAnsweredFollowUpIsToBeRemoved(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	w.run(day0.Add(time.Minute))
	for d := 1; d <= 6 && len(w.outbox()) == 0; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	items := w.outbox()
	if len(items) != 1 || items[0].Mode != keepwarm.ModeDraft {
		t.Fatalf("outbox: %+v; want one follow-up step in draft mode", items)
	}
	filed := items[0].DueAt
	if _, err := w.db.ClaimDue(ctx, filed, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkUncertain(ctx, items[0].ID, "interrupted while filing the draft"); err != nil {
		t.Fatal(err)
	}
	if err := w.job.Settled(ctx, items[0], keepwarm.OutboxUncertain, "interrupted while filing the draft", nil, filed.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollFailed {
		t.Fatalf("enrollment after the uncertain draft: %+v", e)
	}
	answer := filed.Add(26 * time.Hour)
	w.save("lily", "INBOX", w.msg("a-1@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", answer, "q-1@seller.example"))
	w.run(answer.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied {
		t.Fatalf("enrollment after the answer: %+v", e)
	}
	it, err := w.db.OutboxItem(ctx, items[0].ID)
	if err != nil || it.SettledAt.IsZero() {
		t.Fatalf("the uncertain step after the answer: %+v %v; want it settled", it, err)
	}
	got, err := w.db.AnsweredDrafts(ctx, filed)
	if err != nil || len(got) != 1 || got[0].ID != items[0].ID {
		t.Fatalf("drafts to remove after the answer: %+v %v; want the uncertain step's %d", got, err, items[0].ID)
	}
}

// A step's draft whose APPEND lost its answer (it may be in Drafts) and
// whose attempts then ran out, recorded failed before keepwarm gave such
// drafts up as uncertain, is not filed again by a plain Resume: she is
// asked to look in Drafts first, as for an uncertain one.
func TestResumeOfAFailedDraftStepThatMayBeInDraftsAsksHerToLook(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	w.run(day0.Add(time.Minute))
	for d := 1; d <= 6 && len(w.outbox()) == 0; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	items := w.outbox()
	if len(items) != 1 || items[0].Mode != keepwarm.ModeDraft {
		t.Fatalf("outbox: %+v; want one follow-up step in draft mode", items)
	}
	at := items[0].DueAt
	if _, err := w.db.ClaimDue(ctx, at, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkRetryAppendLost(ctx, items[0].ID, at.Add(time.Minute), "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ClaimDue(ctx, at.Add(time.Hour), 10); err != nil {
		t.Fatal(err)
	}
	reason := "gave up after 10 attempts: dial tcp: connection refused"
	if err := w.db.MarkFailed(ctx, items[0].ID, reason); err != nil {
		t.Fatal(err)
	}
	it, err := w.db.OutboxItem(ctx, items[0].ID)
	if err != nil || it.Status != keepwarm.OutboxFailed || !it.AppendLost {
		t.Fatalf("the step's item: %+v %v; want failed, its APPEND's answer lost", it, err)
	}
	if err := w.job.Settled(ctx, it, keepwarm.OutboxFailed, reason, nil, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollFailed {
		t.Fatalf("enrollment after the failed draft: %+v", e)
	}
	_, err = w.job.Resume(ctx, w.enrollment().ID, at.Add(3*time.Hour))
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(fmt.Sprint(err), "may be in Drafts already") {
		t.Fatalf("Resume: %v; want a conflict asking her to look in Drafts", err)
	}
	if n := len(w.outbox()); n != 1 {
		t.Fatalf("outbox holds %d items, want the step's one: it was filed again", n)
	}
	// The way out the refusal names: she finds it in Drafts (or sent it),
	// says so, and the follow-up goes on to the next step.
	e := w.enrollment()
	if got, ok, err := w.job.UncertainStep(ctx, e); err != nil || !ok || got.ID != it.ID {
		t.Fatalf("UncertainStep: %+v %v %v; want the failed draft, for the desk's \"It is in Drafts / I sent it\"", got, ok, err)
	}
	e, err = w.job.Arrived(ctx, e.ID, "lily", at.Add(3*time.Hour))
	if err != nil {
		t.Fatalf("Arrived: %v; want the follow-up to go on", err)
	}
	if e.Status != keepwarm.EnrollActive || e.Step != 1 {
		t.Fatalf("enrollment after Arrived: %+v; want active at the second step", e)
	}
	if it, err = w.db.OutboxItem(ctx, it.ID); err != nil || it.Status != keepwarm.OutboxDrafted {
		t.Fatalf("the step's item after Arrived: %+v %v; want drafted", it, err)
	}
	if !it.SentAt.Equal(at) {
		t.Fatalf("the step's item is dated %v; want %v, the attempt whose APPEND lost its answer", it.SentAt, at)
	}
	if n := len(w.outbox()); n != 1 {
		t.Fatalf("outbox holds %d items, want the step's one: it was filed again", n)
	}
}

// A step's draft whose APPEND lost its answer and that was then given up as
// failed may be in Drafts, as an uncertain one may: when the customer
// answers, the follow-up's end settles it off every list, and it is taken
// out of Drafts as an uncertain one is, so "Did you receive my quotation?"
// does not wait there for her to send after the answer.
func TestFailedDraftStepThatMayBeInDraftsOfAnAnsweredFollowUpIsToBeRemoved(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	w.run(day0.Add(time.Minute))
	for d := 1; d <= 6 && len(w.outbox()) == 0; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	items := w.outbox()
	if len(items) != 1 || items[0].Mode != keepwarm.ModeDraft {
		t.Fatalf("outbox: %+v; want one follow-up step in draft mode", items)
	}
	at := items[0].DueAt
	if _, err := w.db.ClaimDue(ctx, at, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkRetryAppendLost(ctx, items[0].ID, at.Add(time.Minute), "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ClaimDue(ctx, at.Add(time.Hour), 10); err != nil {
		t.Fatal(err)
	}
	reason := "gave up after 10 attempts: dial tcp: connection refused"
	if err := w.db.MarkFailed(ctx, items[0].ID, reason); err != nil {
		t.Fatal(err)
	}
	it, err := w.db.OutboxItem(ctx, items[0].ID)
	if err != nil || it.Status != keepwarm.OutboxFailed || !it.AppendLost {
		t.Fatalf("the step's item: %+v %v; want failed, its APPEND's answer lost", it, err)
	}
	if err := w.job.Settled(ctx, it, keepwarm.OutboxFailed, reason, nil, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollFailed {
		t.Fatalf("enrollment after the failed draft: %+v", e)
	}
	if got, err := w.db.AnsweredDrafts(ctx, at); err != nil || len(got) != 0 {
		t.Fatalf("drafts to remove while the follow-up waits for her: %+v %v; want none", got, err)
	}
	answer := at.Add(26 * time.Hour)
	w.save("lily", "INBOX", w.msg("a-1@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", answer, "q-1@seller.example"))
	w.run(answer.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied {
		t.Fatalf("enrollment after the answer: %+v", e)
	}
	if it, err = w.db.OutboxItem(ctx, it.ID); err != nil || it.SettledAt.IsZero() {
		t.Fatalf("the failed step after the answer: %+v %v; want it settled", it, err)
	}
	got, err := w.db.AnsweredDrafts(ctx, at)
	if err != nil || len(got) != 1 || got[0].ID != it.ID {
		t.Fatalf("drafts to remove after the answer: %+v %v; want the failed step's %d, which may be in Drafts", got, err, it.ID)
	}
	if err := w.db.SettleDraft(ctx, it.ID, "gone", answer.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, err := w.db.AnsweredDrafts(ctx, at); err != nil || len(got) != 0 {
		t.Fatalf("a settled draft is listed again: %+v %v", got, err)
	}
}
