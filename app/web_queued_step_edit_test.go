package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// TestAQueuedStepIsNumberedAndMarkedAsTheLastLookSeesIt: a running
// follow-up's mail queued as step 2 (product-intro) waits in the outbox
// (not held), and the manager edited key-customer since.
//   - A welcome call put first: the desk's row numbers the mail step 3,
//     where product-intro is now and as Skip's question numbers it. It
//     said step 2, which is now the resend.
//   - product-intro replaced by another template (a second resend): the send's last look
//     skips the mail (the follow-up does the new step in its place), and
//     the desk and Skip's question say "replaced by an edit: not sent".
//     The desk listed it as going at 09:00 beside the follow-up's own
//     row of the new step, as if both went.
func TestAQueuedStepIsNumberedAndMarkedAsTheLastLookSeesIt(t *testing.T) {
	const call = "task:Phone the customer: did our mail arrive, are they busy, did they choose another supplier?"
	for _, tt := range []struct {
		name     string
		edit     func(orig string) string
		step     int
		redo     int
		plan     []string
		want     int // the mail's step, from 1
		replaced bool
	}{
		{"a welcome call put first", func(orig string) string {
			first := strings.Index(orig, "[[step]]")
			return orig[:first] + "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"task\"\ntask = \"Welcome call\"\n\n" + orig[first:]
		}, 3, 0, []string{"task:Welcome call", "email:resend", "email:product-intro", call}, 3, false},
		{"product-intro replaced", func(orig string) string {
			return strings.Replace(orig, `template = "product-intro"`, `template = "resend"`, 1)
		}, 1, 1, []string{"email:resend", "email:resend", call}, 2, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
			w, dir, orig := handEditableSequences(t, t0)
			ctx := context.Background()
			if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(tt.edit(string(orig))), 0o644); err != nil {
				t.Fatal(err)
			}
			w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
				To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
				CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
			msg, err := w.a.DB.GetMessage(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			now := t0.AddDate(0, 0, 7)
			e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer",
				Step: tt.step, Redo: tt.redo, Plan: tt.plan, Status: keepwarm.EnrollActive, Reason: "realigned for the test",
				AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: now.Add(48 * time.Hour), Mailbox: "lily",
				Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
			if err != nil {
				t.Fatal(err)
			}
			// Product-intro, step 2 when it was queued, goes in an hour.
			one, enr := 1, e.ID
			a, _, err := w.a.DB.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:" + itoa(e.ID) + ":1", MessageID: "intro@lumina-export.example",
				Mailbox: "lily", From: keepwarm.Address{Email: "lily@lumina-export.example"}, To: []keepwarm.Address{hansMeier},
				Subject: "Our products", Text: "x", Mode: keepwarm.ModeSend, Status: keepwarm.OutboxQueued, NextAttemptAt: now.Add(time.Hour),
				CustomerID: msg.CustomerID, Origin: "sequence", Sequence: "key-customer", Step: &one, Enrollment: &enr,
				StepName: "email:product-intro", StepNth: 1, DueAt: now, CreatedAt: now})
			if err != nil {
				t.Fatal(err)
			}
			b, lily := lilysDesk(t, w)
			u, err := b.QueuedSend(ctx, lily, a.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			if u.Step != tt.want || u.Replaced != tt.replaced || u.Held || u.Ended {
				t.Errorf("Skip's question on the mail: step %d, replaced %v, held %v, ended %v; want step %d, replaced %v", u.Step, u.Replaced, u.Held, u.Ended, tt.want, tt.replaced)
			}
			d, err := b.Desk(ctx, lily, now, web.DeskPage{})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range d.Upcoming {
				if r.OutboxID != a.ID {
					continue
				}
				found = true
				wantStatus := string(keepwarm.OutboxQueued)
				if tt.replaced {
					wantStatus = QueuedReplaced
				}
				if r.Step != tt.want || r.Status != wantStatus || r.Replaced != tt.replaced {
					t.Errorf("the desk's row of the mail: step %d, %q, replaced %v; want step %d, %q", r.Step, r.Status, r.Replaced, tt.want, wantStatus)
				}
			}
			if !found {
				t.Errorf("the mail is not on the desk: %+v", d.Upcoming)
			}
			// Hans's page: the follow-up's line is the step that goes,
			// and one replaced is listed as the desk lists it, not as
			// the follow-up's queued step with its Skip.
			pg, err := b.Customer(ctx, lily, msg.CustomerID, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(pg.Enrollments) != 1 {
				t.Fatalf("follow-ups on Hans's page: %+v", pg.Enrollments)
			}
			v := pg.Enrollments[0]
			if tt.replaced {
				if v.Queued || v.HeldOutboxID != 0 || v.Step != tt.step || !v.DueAt.Equal(now.Add(48*time.Hour)) {
					t.Errorf("Hans's page: step %d, queued %v at %s, held outbox %d, due %s; want step %d due %s, nothing queued",
						v.Step+1, v.Queued, v.QueuedAt, v.HeldOutboxID, v.DueAt, tt.step+1, now.Add(48*time.Hour))
				}
				if len(v.Replaced) != 1 || v.Replaced[0].OutboxID != a.ID {
					t.Errorf("Hans's page lists as replaced %+v; want outbox %d", v.Replaced, a.ID)
				}
			} else if !v.Queued || v.HeldOutboxID != a.ID || v.Step+1 != tt.want || len(v.Replaced) != 0 {
				t.Errorf("Hans's page: step %d, queued %v, held outbox %d, replaced %+v; want step %d queued as outbox %d",
					v.Step+1, v.Queued, v.HeldOutboxID, v.Replaced, tt.want, a.ID)
			}
		})
	}
}
