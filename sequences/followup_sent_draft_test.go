package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Draft mode: Lily sends the step keepwarm filed in her Drafts, and her
// mail client sends it under a new Message-ID. Its copy in Sent is the
// step, not a mail of her own: the follow-up goes on following up her
// quotation (the resend did not become the mail followed up, its clock
// restarted, later steps quoting the resend), and no new follow-up starts.
func TestASentDraftStepIsKeepwarmsOwnMail(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	w.run(day0.Add(time.Minute))
	for d := 1; d <= 6 && len(w.outbox()) == 0; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	items := w.outbox()
	if len(items) != 1 || items[0].Mode != keepwarm.ModeDraft {
		t.Fatalf("outbox: %+v; want one step in draft mode", items)
	}
	step := items[0]
	filed := step.DueAt
	if _, err := w.db.ClaimDue(ctx, filed, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkDrafted(ctx, step.ID, filed); err != nil {
		t.Fatal(err)
	}
	before := w.enrollment()
	sent := filed.Add(2 * time.Hour)
	copyOf := w.msg("outlook-7f3a@seller.example", keepwarm.KindOutbound, step.Subject, sent, "q-1@seller.example")
	copyOf.To = []keepwarm.Address{{Email: step.To[0].Email}}
	copyOf.Snippet = strings.Join(strings.Fields(step.Text), " ")
	w.save("lily", "Sent", copyOf)
	w.run(sent.Add(time.Minute))
	after := w.enrollment()
	if after.ID != before.ID || after.AnchorID != before.AnchorID || !after.ClockAt.Equal(before.ClockAt) || after.Status != keepwarm.EnrollActive {
		t.Fatalf("the sent draft became the mail followed up: before %+v\nafter %+v", before, after)
	}
	// A mail of her own in the thread, with the same subject and in her
	// own words, is hers: the follow-up follows it up.
	own := w.msg("outlook-8b1c@seller.example", keepwarm.KindOutbound, step.Subject, sent.Add(time.Hour), "q-1@seller.example")
	own.To = copyOf.To
	own.Snippet = "Dear Hans, as promised on the phone: the panels can also come in 4000K. Shall I revise the offer?"
	w.save("lily", "Sent", own)
	w.run(sent.Add(time.Hour + time.Minute))
	if e := w.enrollment(); e.AnchorAt.Before(sent.Add(time.Hour)) {
		t.Fatalf("her own mail in the thread is not followed up: %+v", e)
	}
}

// sendIntroductionFromDrafts puts the world's follow-up in draft mode,
// files its steps in Drafts until the product introduction (a step that
// starts a thread of its own) is filed, and has Lily send that from her
// mail client under a new Message-ID (outlook-intro@seller.example) three
// hours after it was due; the world has run a minute after. It returns
// the introduction and when it was sent.
func (w *fuWorld) sendIntroductionFromDrafts() (keepwarm.OutboxItem, time.Time) {
	w.t.Helper()
	ctx := context.Background()
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	if _, err := w.db.ImportProducts(ctx, goldenCatalog, day0, false); err != nil {
		w.t.Fatal(err)
	}
	w.run(day0.Add(time.Minute))
	var intro keepwarm.OutboxItem
	for h := 1; h <= 24*30 && intro.ID == 0; h++ {
		at := day0.Add(time.Duration(h) * time.Hour)
		w.run(at)
		for _, it := range w.outbox() {
			if it.Status != keepwarm.OutboxQueued {
				continue
			}
			if _, err := w.db.ClaimDue(ctx, at, 10); err != nil {
				w.t.Fatal(err)
			}
			if err := w.db.MarkDrafted(ctx, it.ID, at); err != nil {
				w.t.Fatal(err)
			}
			if it.InReplyTo == "" {
				intro = it
			}
		}
	}
	if intro.ID == 0 {
		w.t.Fatalf("no introduction filed: %+v", w.outbox())
	}
	sent := intro.DueAt.Add(3 * time.Hour)
	copyOf := w.msg("outlook-intro@seller.example", keepwarm.KindOutbound, intro.Subject, sent)
	copyOf.To = []keepwarm.Address{{Email: intro.To[0].Email}}
	copyOf.Snippet = strings.Join(strings.Fields(intro.Text), " ")
	w.save("lily", "Sent", copyOf)
	w.run(sent.Add(time.Minute))
	return intro, sent
}

// The product introduction, a step that starts a thread of its own, sent
// from Drafts under a new Message-ID is not a new offer of Lily's: no
// second follow-up starts on it (which superseded the first, so no call
// task was ever made, and sent a second introduction).
func TestASentDraftIntroductionStartsNoFollowUp(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.sendIntroductionFromDrafts()
	list, err := w.db.ListEnrollments(ctx, w.cid)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Status != keepwarm.EnrollActive {
		t.Fatalf("after the introduction was sent from Drafts: %+v", list)
	}
}
