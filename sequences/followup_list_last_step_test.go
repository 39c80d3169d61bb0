package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// Lily's quotation went to the buyer's group purchasing@buyer.de, which
// the team's mailbox is a member of too. Her follow-up (a resend, its
// only and last step) queued the resend, which waits in the outbox (the
// daily cap, the window, her leave hold it): the follow-up is completed. A reply-all
// through the group from a stranger then comes in: keepwarm cannot tell
// whether it answers her, so the follow-up waits for her word, and the
// last look skips the queued mail and puts its step back with the list's
// reason. Resumed, the step goes once. It went after the reply, and Lily
// never read why.
func TestAReplyThroughAListHoldsTheLastStepsQueuedMail(t *testing.T) {
	t.Run("skipped", func(t *testing.T) { replyThroughAListLastStep(t, false) })
	// keepwarm stops after the last look put the step back, before the
	// mail is marked skipped: it is still queued when Lily resumes.
	t.Run("its skip lost", func(t *testing.T) { replyThroughAListLastStep(t, true) })
}

func replyThroughAListLastStep(t *testing.T, skipLost bool) {
	ctx := context.Background()
	body, err := readDefault("key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Index(body, "[[step]]\nafter = \"4d\"")
	if second < 0 {
		t.Fatal("key-customer.toml has no second step")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(body[:second]), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "A", dir)
	w.quotationTo("q-9@seller.example", "Please find our quotation attached.", []keepwarm.Address{{Email: "purchasing@buyer.de"}}, nil)
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	thread := w.threadOf("q-9@seller.example")
	e := w.enrollmentOf(thread)
	var last keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Enrollment != nil && *it.Enrollment == e.ID && it.Step != nil && *it.Step == 0 {
			last = it
		}
	}
	if e.Status != keepwarm.EnrollCompleted || last.ID == 0 || last.Status != keepwarm.OutboxQueued {
		t.Fatalf("the follow-up %s at step %d, the last step's mail %+v; want it completed with the mail queued", e.Status, e.Step, last)
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
	// The group's post to its members, the shared mailbox among them.
	w.save("sales", "INBOX", parseMail(day0.AddDate(0, 0, 3).Add(3*time.Hour),
		"From: Carl <carl@third.example>", "To: purchasing@buyer.de", "Subject: Fair dates", "Message-ID: <p-0@third.example>"))
	replyAt := day0.AddDate(0, 0, 3).Add(4 * time.Hour)
	w.save("lily", "INBOX", parseMail(replyAt,
		"From: Eve <eve@other.example>", "To: purchasing@buyer.de", "Cc: Lily Chen <lily@seller.example>",
		"Subject: Re: Quotation q-9@seller.example", "Message-ID: <a-9@other.example>",
		"In-Reply-To: <q-9@seller.example>", "References: <q-9@seller.example>"))
	e = w.enrollmentOf(thread)
	if e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || !strings.Contains(e.Reason, "purchasing@buyer.de") {
		t.Fatalf("the follow-up after the reply through the group: %s (%q, for a person %v); want paused for Lily, naming the group", e.Status, e.Reason, e.PausedByPerson)
	}

	// The next morning's last look.
	at := replyAt.Add(17 * time.Hour)
	reason, err := w.job.Recheck(ctx, w.item(last.ID), at)
	if err != nil || !strings.Contains(reason, "a reply came through the customer's list purchasing@buyer.de") {
		t.Fatalf("the last look: %q, %v; want the mail skipped for the reply through the group", reason, err)
	}
	if !skipLost {
		if err := w.db.MarkSkipped(ctx, last.ID, reason); err != nil {
			t.Fatal(err)
		}
	}
	// Lily reads the reply: not an answer to her. She resumes.
	if _, err := w.job.Resume(ctx, e.ID, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for d := 0; d <= 6; d++ {
		w.run(at.Add(4*time.Hour).AddDate(0, 0, d))
		w.look(at.Add(5*time.Hour).AddDate(0, 0, d))
	}
	resends := 0
	for _, it := range w.outbox() {
		if it.Enrollment != nil && *it.Enrollment == e.ID && it.Step != nil && *it.Step == 0 && it.Status == keepwarm.OutboxSent {
			resends++
			if it.ID == last.ID {
				t.Error("the mail queued before the reply went")
			}
			if it.SentAt.Before(at) {
				t.Errorf("the resend went at %s, before Lily resumed", it.SentAt)
			}
		}
	}
	if resends != 1 {
		t.Errorf("%d resends sent after the resume; want one (%+v)", resends, w.enrollmentOf(thread))
	}
}
