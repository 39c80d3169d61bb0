package sequences

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// outboxOnly is a DigestSource that answers Outbox only.
type outboxOnly struct {
	DigestSource
	items []keepwarm.OutboxItem
}

func (o outboxOnly) Outbox(context.Context, keepwarm.OutboxFilter) ([]keepwarm.OutboxItem, error) {
	return o.items, nil
}

// The digest numbers a paused follow-up's held step as the send's last
// look puts it back: product-intro, queued as step 2, is step 3 since the
// manager put a welcome call first, and Resume does step 3.
func TestDigestNumbersTheHeldStepWhereTheEditMovedIt(t *testing.T) {
	now := time.Date(2026, 12, 16, 6, 30, 0, 0, time.UTC)
	until := now.Add(24 * time.Hour)
	e := keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollPaused, Owner: "lily@team.example", Sequence: "key-customer", Step: 3,
		Plan: []string{"task:welcome", "email:resend", "email:product-intro", "task:call"}, DueAt: now.Add(time.Hour),
		PausedUntil: now.Add(2 * time.Hour), Customer: "domain:meier.example"}
	one, enr := 1, e.ID
	it := keepwarm.OutboxItem{ID: 1, Key: "seq:7:1", Mailbox: "lily", From: keepwarm.Address{Email: "lily@team.example"},
		Status: keepwarm.OutboxQueued, Origin: OriginSequence, Sequence: "key-customer", Step: &one, Enrollment: &enr,
		StepName: "email:product-intro", StepNth: 1, NextAttemptAt: now.Add(time.Hour), Mode: keepwarm.ModeSend}
	g := &Digests{src: outboxOnly{items: []keepwarm.OutboxItem{it}}}
	_, redo, err := g.queuedSteps(context.Background(), []keepwarm.Enrollment{e}, "lily@team.example", now, until)
	if err != nil {
		t.Fatal(err)
	}
	if at, ok := redo[e.ID]; !ok || at != 2 {
		t.Fatalf("the held step: %d (%v); want step 3 (index 2)", at, ok)
	}
	got := dueFollowUps([]keepwarm.Enrollment{e}, "lily@team.example", until, redo)
	if len(got) != 1 || got[0].Step != 3 {
		t.Errorf("due follow-ups: %+v; want step 3 once", got)
	}
}

// A running follow-up's mail queued as step 2 (not held): the digest
// numbers it as the desk and Skip's question do, where the edit moved it
// (product-intro is step 3 since a welcome call was put first), and a
// mail of a step an edit replaced (product-intro gave way to a second
// resend) is listed as "replaced by an edit: not sent", as the last look
// skips it. The digest said step 2 for both, and listed the replaced
// one as going beside the new step.
func TestDigestNumbersAQueuedStepAndMarksOneAnEditReplaced(t *testing.T) {
	now := time.Date(2026, 12, 16, 6, 30, 0, 0, time.UTC)
	until := now.Add(24 * time.Hour)
	for _, tt := range []struct {
		name   string
		step   int
		redo   int
		plan   []string
		want   int
		status string
	}{
		{"a welcome call put first", 3, 0, []string{"task:welcome", "email:resend", "email:product-intro", "task:call"}, 3, "due"},
		{"product-intro replaced", 1, 1, []string{"email:resend", "email:resend", "task:call"}, 2, "replaced"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollActive, Owner: "lily@team.example", Sequence: "key-customer", Step: tt.step,
				Redo: tt.redo, Plan: tt.plan, DueAt: now.Add(48 * time.Hour), Customer: "domain:meier.example"}
			one, enr := 1, e.ID
			it := keepwarm.OutboxItem{ID: 1, Key: "seq:7:1", Mailbox: "lily", From: keepwarm.Address{Email: "lily@team.example"},
				Status: keepwarm.OutboxQueued, Origin: OriginSequence, Sequence: "key-customer", Step: &one, Enrollment: &enr,
				StepName: "email:product-intro", StepNth: 1, NextAttemptAt: now.Add(time.Hour), Mode: keepwarm.ModeSend}
			g := &Digests{src: outboxOnly{items: []keepwarm.OutboxItem{it}}}
			queued, _, err := g.queuedSteps(context.Background(), []keepwarm.Enrollment{e}, "lily@team.example", now, until)
			if err != nil {
				t.Fatal(err)
			}
			if len(queued) != 1 || queued[0].Step != tt.want || queued[0].Status != tt.status {
				t.Fatalf("the queued mail in the digest: %+v; want step %d, %s", queued, tt.want, tt.status)
			}
			for _, lang := range []string{"en", "zh"} {
				d := Digest{Salesperson: "lily@team.example", DueFollowUps: queued, Lang: lang}
				text := d.Text()
				mark := d.words().dueReplaced
				if has := strings.Contains(text, mark); has != (tt.status == "replaced") {
					t.Errorf("the %s digest: marked %q %v; want %v:\n%s", lang, mark, has, tt.status == "replaced", text)
				}
			}
		})
	}
}
