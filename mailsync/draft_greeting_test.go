package mailsync_test

import (
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A greeting filed in Drafts is taken out again once its recipient asks
// for no more mail: "Happy New Year" to a customer who opted out does not
// wait in Drafts for a click.
func TestGreetingDraftRemovedAfterAnOptOut(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	it := keepwarm.OutboxItem{Key: "greet:bob:newyear", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
		From: keepwarm.Address{Name: "Li Wei", Email: seller}, To: []keepwarm.Address{{Name: "Bob Buyer", Email: buyer}},
		Subject: "Happy New Year, Bob!", Text: "Dear Bob,\n\nHappy New Year!\n\nLi Wei\n", Mode: keepwarm.ModeDraft,
		Origin: "greeting", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
	it, _, err := r.db.Enqueue(r.ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	if res := r.run(); res.Drafted != 1 {
		t.Fatalf("filing the greeting: %+v", res)
	}
	r.run()
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 1 {
		t.Fatalf("Drafts holds %d before the opt-out", n)
	}
	if err := r.db.OptOut(r.ctx, buyer, 0, "please remove me from your list", r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r.run()
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 0 {
		t.Fatalf("Drafts holds %d after the opt-out, want the greeting taken out", n)
	}
	if got, err := r.db.DraftOutcome(r.ctx, it.ID); err != nil || got != mailsync.DraftRemoved {
		t.Fatalf("draft outcome %q %v", got, err)
	}
}
