package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// Lily's quotation went to the buyer's group purchasing@buyer.de, which
// the team's mailbox is a member of too. Her resend may have gone out (the
// connection dropped after DATA): the follow-up failed, asking her to ask
// the recipient. A reply-all through the group from someone keepwarm
// cannot tell from the buyer then comes in: the follow-up stays failed,
// still offering It arrived and Send again, and its reason says first that
// a reply came through the list. Whichever she presses, the follow-up
// then waits, paused with that reason, for her Resume: nothing goes after
// the possible answer. The reply was noted nowhere, and It arrived sent
// the product introduction four days later (Send again, the resend).
func TestAListReplyAfterAMailThatMayHaveGoneHoldsItsFollowUp(t *testing.T) {
	for _, how := range []string{"it arrived", "send again"} {
		t.Run(how, func(t *testing.T) {
			ctx := context.Background()
			w := newFUWorld(t, "A")
			w.quotationTo("q-9@seller.example", "Please find our quotation attached.", []keepwarm.Address{{Email: "purchasing@buyer.de"}}, nil)
			w.run(day0.Add(2 * time.Hour))
			due := day0.AddDate(0, 0, 3).Add(2 * time.Hour)
			w.run(due)
			thread := w.threadOf("q-9@seller.example")
			e := w.enrollmentOf(thread)
			var resend keepwarm.OutboxItem
			for _, it := range w.outbox() {
				if it.Enrollment != nil && *it.Enrollment == e.ID && it.Status == keepwarm.OutboxQueued {
					resend = it
				}
			}
			if resend.ID == 0 {
				t.Fatalf("the resend to the group not queued: %+v", w.outbox())
			}
			if _, ok, err := w.db.Claim(ctx, resend.ID, due.Add(time.Minute)); err != nil || !ok {
				t.Fatalf("claim: %v %v", ok, err)
			}
			if err := w.db.MarkUncertain(ctx, resend.ID, "connection lost after DATA"); err != nil {
				t.Fatal(err)
			}
			if err := w.job.Settled(ctx, w.item(resend.ID), keepwarm.OutboxUncertain, "connection lost after DATA", nil, due.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			failed := w.enrollmentOf(thread)
			if failed.Status != keepwarm.EnrollFailed {
				t.Fatalf("the follow-up after the uncertain resend: %s (%q); want failed", failed.Status, failed.Reason)
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
			w.save("sales", "INBOX", parseMail(due.Add(time.Hour),
				"From: Carl <carl@third.example>", "To: purchasing@buyer.de", "Subject: Fair dates", "Message-ID: <p-0@third.example>"))
			replyAt := due.Add(2 * time.Hour)
			w.save("lily", "INBOX", parseMail(replyAt,
				"From: Eve <eve@other.example>", "To: purchasing@buyer.de", "Cc: Lily Chen <lily@seller.example>",
				"Subject: Re: Quotation q-9@seller.example", "Message-ID: <a-9@other.example>",
				"In-Reply-To: <q-9@seller.example>", "References: <q-9@seller.example>"))
			listWhy := "a reply came through the customer's list purchasing@buyer.de from eve@other.example: check whether it answers you, then resume the follow-up or stop it"
			if e := w.enrollmentOf(thread); e.Status != keepwarm.EnrollFailed || e.Reason != listWhy+"; before: "+failed.Reason {
				t.Fatalf("the follow-up after the reply through the group: %s (%q); want failed, saying the reply came first", e.Status, e.Reason)
			}

			// Lily asks Hans's colleague, and presses the button.
			pressed := replyAt.Add(time.Hour)
			var err error
			if how == "it arrived" {
				_, err = w.job.Arrived(ctx, e.ID, "lily@seller.example", pressed)
			} else {
				_, err = w.job.SendAgain(ctx, e.ID, pressed)
			}
			if err != nil {
				t.Fatal(err)
			}
			if e := w.enrollmentOf(thread); e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || e.Reason != listWhy {
				t.Fatalf("the follow-up after %s: %s (%q, for a person %v); want paused for Lily with the group's reply", how, e.Status, e.Reason, e.PausedByPerson)
			}
			for d := 0; d <= 8; d++ {
				at := pressed.Add(time.Hour).AddDate(0, 0, d)
				w.run(at)
				w.look(at.Add(time.Minute))
			}
			for _, it := range w.outbox() {
				if it.Enrollment != nil && *it.Enrollment == e.ID && it.Status == keepwarm.OutboxSent && it.SentAt.After(replyAt) {
					t.Errorf("step %d (%s) went on %s, after the reply through the group, without Lily's resume", *it.Step+1, it.StepName, it.SentAt)
				}
			}
			// She reads the reply: not the buyer's. She resumes, and the
			// follow-up goes on: the resend again, or the next step (the
			// product introduction, which does not render in the rig and
			// is recorded skipped for it).
			back := pressed.AddDate(0, 0, 9)
			w.resumeAt(e.ID, back)
			for d := 0; d <= 3; d++ {
				at := back.Add(time.Hour).AddDate(0, 0, d)
				w.run(at)
				w.look(at.Add(time.Minute))
			}
			want := "email:resend"
			if how == "it arrived" {
				want = "email:product-intro"
			}
			done := 0
			for _, it := range w.outbox() {
				if it.Enrollment != nil && *it.Enrollment == e.ID && it.CreatedAt.After(back) && it.StepName == want {
					done++
				}
			}
			if done != 1 {
				t.Errorf("after the resume: %s done %d times; want once (%+v)", want, done, w.enrollmentOf(thread))
			}
		})
	}
}
