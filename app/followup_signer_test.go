package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// A follow-up from the team's sales@, owned by Tom, of a quotation Lily
// wrote from it goes out signed "Lily Chen": Lily is the one told of it
// (her digest lists it as going out, then as sent in her name; her desk
// lists it as due), not Tom, who would read of her customer's mail in his
// digest while she hears nothing before it lands on Hans.
func TestFollowUpFromTheSharedMailboxIsToldToItsSigner(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom := "lily@lumina-export.example", "tom@lumina-export.example"
	w := newFUApp(t, "", asked)
	for i := range w.a.Cfg.Mailboxes {
		if w.a.Cfg.Mailboxes[i].Name == "sales" {
			w.a.Cfg.Mailboxes[i].Owner = tom
		}
	}
	job, err := w.a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.job = job
	ctx := context.Background()
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	// Enrolled: its first step is not queued yet.
	if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Owner != tom || enrs[0].SignedBy() != lily {
		t.Fatalf("enrollments: %+v", enrs)
	}
	due := func(v store.Viewer) int {
		list, err := w.a.DB.DueEnrollments(ctx, v, 0, asked.AddDate(0, 0, 30))
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if due(store.Viewer{Email: lily}) != 1 || due(store.Viewer{Email: tom}) != 0 {
		t.Errorf("the desk's due list: Lily %d, Tom %d", due(store.Viewer{Email: lily}), due(store.Viewer{Email: tom}))
	}
	digests := w.a.NewDigests(nil, nil)
	before := enrs[0].DueAt.Add(-time.Hour)
	for person, want := range map[string]int{lily: 1, tom: 0} {
		d, err := digests.BuildAll(ctx, person, before)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.DueFollowUps) != want {
			t.Errorf("%s's digest before the step: going out %+v", person, d.DueFollowUps)
		}
	}
	it, ok := w.runUntilQueued(asked.Add(time.Hour))
	if !ok || it.From.Name != "Lily Chen" {
		t.Fatalf("queued %v %+v", ok, it)
	}
	if _, err := w.a.DB.ClaimItems(ctx, []int64{it.ID}, it.DueAt); err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.MarkSent(ctx, it.ID, it.DueAt); err != nil {
		t.Fatal(err)
	}
	for person, want := range map[string]int{lily: 1, tom: 0} {
		d, err := digests.BuildAll(ctx, person, it.DueAt.Add(20*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.SentFollowUps) != want || strings.Contains(d.Text(), "globex") != (want == 1) {
			t.Errorf("%s's digest after the step: sent in their name %+v\n%s", person, d.SentFollowUps, d.Text())
		}
	}
}

// The step of that follow-up waits while Lily, whose name it goes out in,
// is away, as her digest says it does; Tom's absence does not hold it.
func TestFollowUpFromTheSharedMailboxWaitsForItsSigner(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom := "lily@lumina-export.example", "tom@lumina-export.example"
	for _, away := range []string{lily, tom} {
		t.Run(away, func(t *testing.T) {
			w := newFUApp(t, "", asked)
			for i := range w.a.Cfg.Mailboxes {
				if w.a.Cfg.Mailboxes[i].Name == "sales" {
					w.a.Cfg.Mailboxes[i].Owner = tom
				}
			}
			job, err := w.a.NewFollowUp(nil)
			if err != nil {
				t.Fatal(err)
			}
			w.job = job
			w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
			if _, err := w.a.DB.AddAbsence(context.Background(), keepwarm.Absence{Person: away, Backup: "grace@lumina-export.example",
				From: asked, Until: asked.AddDate(0, 0, 10)}, "grace@lumina-export.example", asked); err != nil {
				t.Fatal(err)
			}
			it, ok := w.runUntilQueued(asked.Add(time.Hour))
			if ok != (away == tom) {
				t.Errorf("%s away: queued %v %+v; enrollments %+v", away, ok, it, w.enrollments())
			}
		})
	}
}
