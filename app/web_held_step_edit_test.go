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

// TestHeldStepNumberedWhereTheEditMovedIt: a follow-up's mail queued as
// step 2 (product-intro) is held, and the manager edited key-customer
// since. The desk's row, the Skip question, the customer page and Stop's
// question number the held step as the send's last look puts it back: the
// step product-intro is now, not the number it was queued at (which the
// look's own skip reason then contradicted), and the customer page of a
// failed follow-up finds the held mail at all.
func TestHeldStepNumberedWhereTheEditMovedIt(t *testing.T) {
	const call = "task:Phone the customer: did our mail arrive, are they busy, did they choose another supplier?"
	for _, tt := range []struct {
		name   string
		edit   func(orig string) string
		status keepwarm.EnrollmentStatus
		step   int
		redo   int
		plan   []string
		want   int  // the held step, from 1
		last   bool // it is the sequence's last step
	}{
		{"a welcome call put first, paused", func(orig string) string {
			first := strings.Index(orig, "[[step]]")
			return orig[:first] + "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"task\"\ntask = \"Welcome call\"\n\n" + orig[first:]
		}, keepwarm.EnrollPaused, 3, 0, []string{"task:Welcome call", "email:resend", "email:product-intro", call}, 3, false},
		{"the first step removed, failed", func(orig string) string {
			first := strings.Index(orig, "[[step]]")
			second := first + len("[[step]]") + strings.Index(orig[first+len("[[step]]"):], "[[step]]")
			return orig[:first] + orig[second:]
		}, keepwarm.EnrollFailed, 1, 1, []string{"email:product-intro", call}, 1, false},
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
				Step: tt.step, Redo: tt.redo, Plan: tt.plan, Status: tt.status, PausedByPerson: tt.status == keepwarm.EnrollPaused,
				Reason: "held for the test", AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: now.Add(time.Hour), Mailbox: "lily",
				Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
			if err != nil {
				t.Fatal(err)
			}
			// Product-intro, step 2 when it was queued, held until tomorrow.
			one, enr := 1, e.ID
			a, _, err := w.a.DB.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:" + itoa(e.ID) + ":1", MessageID: "intro@lumina-export.example",
				Mailbox: "lily", From: keepwarm.Address{Email: "lily@lumina-export.example"}, To: []keepwarm.Address{hansMeier},
				Subject: "Our products", Text: "x", Mode: keepwarm.ModeSend, Status: keepwarm.OutboxQueued, NextAttemptAt: now.Add(20 * time.Hour),
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
			if !u.Held || u.Step != tt.want || u.Last != tt.last {
				t.Errorf("Skip's question on the held mail: held %v, step %d, last %v; want held, step %d, last %v", u.Held, u.Step, u.Last, tt.want, tt.last)
			}
			v, _, err := b.Enrollment(ctx, lily, e.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			if v.HeldOutboxID != a.ID || v.Again != tt.want {
				t.Errorf("the customer page: held mail %d, step %d done again; want mail %d, step %d", v.HeldOutboxID, v.Again, a.ID, tt.want)
			}
			pg, err := b.Customer(ctx, lily, msg.CustomerID, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range pg.Enrollments {
				if r.ID == e.ID && (r.Step != tt.want-1 || r.HeldOutboxID != a.ID) {
					t.Errorf("the customer page's follow-up line: step %d, held mail %d; want step %d, mail %d", r.Step+1, r.HeldOutboxID, tt.want, a.ID)
				}
			}
			if len(pg.Enrollments) == 0 {
				t.Error("no follow-up on the customer page")
			}
			if tt.status != keepwarm.EnrollPaused {
				return
			}
			d, err := b.Desk(ctx, lily, now, web.DeskPage{})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range append(d.Upcoming, d.Paused...) {
				if r.EnrollmentID == e.ID {
					found = true
					if r.Step != tt.want || r.HeldOutboxID != a.ID {
						t.Errorf("the desk's row: step %d, held mail %d; want step %d, mail %d", r.Step, r.HeldOutboxID, tt.want, a.ID)
					}
				}
			}
			if !found {
				t.Errorf("the follow-up is not on the desk: %+v %+v", d.Upcoming, d.Paused)
			}
		})
	}
}
