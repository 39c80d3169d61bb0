package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
	"keepwarm/sequences"
)

// A draft step that failed after a filing of it lost the server's answer
// may be in Drafts, as an uncertain one may: a reply through the
// customer's list then leaves the follow-up failed, still offering "It is
// in Drafts / I sent it", its reason saying first that the reply came. It
// was paused instead, where Resume refuses it (it may be in Drafts) and
// It arrived refuses a follow-up that is not failed: only Stop was left.
func TestAListReplyAfterAFailedDraftThatMayBeFiledKeepsItsWayOut(t *testing.T) {
	ctx := context.Background()
	w, e, step, listWhy, replyAt := listHeldFailedDraft(t)
	if _, err := w.job.Arrived(ctx, e.ID, "lily@seller.example", replyAt.Add(time.Hour)); err != nil {
		t.Fatalf("It is in Drafts: %v", err)
	}
	if e := w.enrollmentOf(e.ThreadID); e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || e.Reason != listWhy {
		t.Fatalf("the follow-up after It is in Drafts: %s (%q); want paused for Lily with the group's reply", e.Status, e.Reason)
	}
	if it := w.item(step.ID); it.Status != keepwarm.OutboxDrafted {
		t.Fatalf("the step's item: %s; want drafted", it.Status)
	}
}

// "It is not there: file it again" on such a failed draft held for a reply
// through the customer's list leaves the follow-up paused with the list's
// reason, as the desk, the digest and the README say, and as it does for an
// uncertain one: nothing is filed until she resumes it. It was made active
// at once, and the "did you receive" draft filed the next tick, though the
// list's reply may be the buyer's answer.
func TestFileAgainOfAListHeldFailedDraftWaitsForHerResume(t *testing.T) {
	ctx := context.Background()
	w, e, step, listWhy, replyAt := listHeldFailedDraft(t)
	pressed := replyAt.Add(time.Hour)
	if _, err := w.job.SendAgain(ctx, e.ID, pressed); err != nil {
		t.Fatalf("File it again: %v", err)
	}
	if e := w.enrollmentOf(e.ThreadID); e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || e.Reason != listWhy {
		t.Errorf("the follow-up after File it again: %s (%q, for a person %v); want paused for Lily with the group's reply", e.Status, e.Reason, e.PausedByPerson)
	}
	for d := 0; d <= 3; d++ {
		w.run(pressed.Add(time.Hour).AddDate(0, 0, d))
	}
	for _, it := range w.outbox() {
		if it.Enrollment != nil && *it.Enrollment == e.ID && it.ID != step.ID && it.Status != keepwarm.OutboxSkipped {
			t.Errorf("step %d (%s, %s) written after File it again, before Lily resumed the follow-up", *it.Step+1, it.StepName, it.Status)
		}
	}
}

// listHeldFailedDraft makes a follow-up whose step draft failed after a
// filing of it lost the server's answer, and that a reply through the
// customer's list then held: its enrollment, the step's item, the list's
// reason and the reply's time.
func listHeldFailedDraft(t *testing.T) (*fuWorld, keepwarm.Enrollment, keepwarm.OutboxItem, string, time.Time) {
	t.Helper()
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	w.quotationTo("q-9@seller.example", "Please find our quotation attached.", []keepwarm.Address{{Email: "purchasing@buyer.de"}}, nil)
	w.run(day0.Add(2 * time.Hour))
	due := day0.AddDate(0, 0, 3).Add(2 * time.Hour)
	w.run(due)
	thread := w.threadOf("q-9@seller.example")
	e := w.enrollmentOf(thread)
	var step keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Enrollment != nil && *it.Enrollment == e.ID && it.Status == keepwarm.OutboxQueued {
			step = it
		}
	}
	if step.ID == 0 || step.Mode != keepwarm.ModeDraft {
		t.Fatalf("the step's draft not queued: %+v", w.outbox())
	}
	if _, ok, err := w.db.Claim(ctx, step.ID, due.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := w.db.MarkRetryAppendLost(ctx, step.ID, due.Add(2*time.Minute), "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := w.db.Claim(ctx, step.ID, due.Add(time.Hour)); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	why := "mailsync: imap lily: append to Drafts: NO message too large"
	if err := w.db.MarkFailed(ctx, step.ID, why); err != nil {
		t.Fatal(err)
	}
	if it := w.item(step.ID); it.Status != keepwarm.OutboxFailed || !it.AppendLost {
		t.Fatalf("the step's item: %+v; want failed, its APPEND's answer lost", it)
	}
	if err := w.job.Settled(ctx, w.item(step.ID), keepwarm.OutboxFailed, why, nil, due.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	failed := w.enrollmentOf(thread)
	if failed.Status != keepwarm.EnrollFailed {
		t.Fatalf("the follow-up after the failed draft: %s (%q); want failed", failed.Status, failed.Reason)
	}

	team := parse.NewTeam([]string{"seller.example"}, nil, nil)
	parseMail := func(at time.Time, lines ...string) keepwarm.Message {
		header := strings.Join(lines, "\r\n") + "\r\nList-Id: Purchasing <purchasing.buyer.de>\r\n" +
			"List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>\r\nPrecedence: list\r\n" +
			"Content-Type: text/plain; charset=utf-8\r\n\r\n"
		text := "Which colour?\r\n"
		m := team.Parse([]byte(header), []byte(text), int64(len(header)+len(text)), keepwarm.RoleInbox)
		if m.ParseError != "" {
			t.Fatal(m.ParseError)
		}
		m.Date = at
		return m
	}
	w.save("sales", "INBOX", parseMail(due.Add(2*time.Hour),
		"From: Carl <carl@third.example>", "To: purchasing@buyer.de", "Subject: Fair dates", "Message-ID: <p-0@third.example>"))
	replyAt := due.Add(3 * time.Hour)
	w.save("lily", "INBOX", parseMail(replyAt,
		"From: Eve <eve@other.example>", "To: purchasing@buyer.de", "Cc: Lily Chen <lily@seller.example>",
		"Subject: Re: Quotation q-9@seller.example", "Message-ID: <a-9@other.example>",
		"In-Reply-To: <q-9@seller.example>", "References: <q-9@seller.example>"))
	listWhy := "a reply came through the customer's list purchasing@buyer.de from eve@other.example: check whether it answers you, then resume the follow-up or stop it"
	if e := w.enrollmentOf(thread); e.Status != keepwarm.EnrollFailed || e.Reason != listWhy+"; before: "+failed.Reason {
		t.Fatalf("the follow-up after the reply through the group: %s (%q); want failed, saying the reply came first", e.Status, e.Reason)
	}
	return w, w.enrollmentOf(thread), w.item(step.ID), listWhy, replyAt
}
