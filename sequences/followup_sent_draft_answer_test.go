package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// The product introduction, filed in Drafts, is sent by Lily from her mail
// client under a new Message-ID. Hans passes it on to his boss Peter, whom
// the follow-up does not write to, and Peter answers in its thread:
// the follow-up is answered, as it is by an answer to the introduction
// keepwarm sent itself. It went on, and Lily got a call task "did our mail
// arrive?" for a customer who had answered.
func TestAnAnswerToASentDraftIntroductionStopsTheFollowUp(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDraft })
	if _, err := w.db.ImportProducts(ctx, goldenCatalog, day0, false); err != nil {
		t.Fatal(err)
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
				t.Fatal(err)
			}
			if err := w.db.MarkDrafted(ctx, it.ID, at); err != nil {
				t.Fatal(err)
			}
			if it.InReplyTo == "" {
				intro = it
			}
		}
	}
	if intro.ID == 0 {
		t.Fatalf("no introduction filed: %+v", w.outbox())
	}
	sent := intro.DueAt.Add(3 * time.Hour)
	copyOf := w.msg("outlook-intro@seller.example", keepwarm.KindOutbound, intro.Subject, sent)
	copyOf.To = []keepwarm.Address{{Email: intro.To[0].Email}}
	copyOf.Snippet = strings.Join(strings.Fields(intro.Text), " ")
	w.save("lily", "Sent", copyOf)
	w.run(sent.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
		t.Fatalf("after the introduction was sent from Drafts: %s %q", e.Status, e.Reason)
	}
	answer := w.msg("peter-1@buyer.de", keepwarm.KindInbound, "Re: "+intro.Subject, sent.Add(24*time.Hour), "outlook-intro@seller.example")
	answer.From = keepwarm.Address{Name: "Peter Brandt", Email: "peter@buyer.de"}
	answer.Contacts = []keepwarm.Address{answer.From}
	answer.Text = "Dear Lily, Hans passed your mail on to me. We are interested: please send samples of the 4000K panel."
	answer.Snippet = answer.Text
	w.save("lily", "INBOX", answer)
	w.run(sent.Add(25 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied || !strings.Contains(e.Reason, "peter@buyer.de") {
		t.Fatalf("Peter's answer to the introduction did not end the follow-up: %s %q", e.Status, e.Reason)
	}
}
