package mailsync_test

import (
	"fmt"
	"testing"
	"time"

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
	if err := r.db.OptOut(r.ctx, keepwarm.OptOut{Email: buyer, Reason: "please remove me from your list"}, r.clock.Now()); err != nil {
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

// Only a greeting or letter queued within GreetingDraftAge is taken out of
// Drafts when its recipient opts out: one whose occasion passed long ago
// (the years of greetings a team in draft mode has filed, on the first pass
// after keepwarm learned to take them out) is left alone, with no login
// for it, and the sending pass is not held up by them.
func TestOldGreetingDraftsLeftAloneAfterAnOptOut(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	file := func(key string) keepwarm.OutboxItem {
		t.Helper()
		it := keepwarm.OutboxItem{Key: key, MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
			From: keepwarm.Address{Name: "Li Wei", Email: seller}, To: []keepwarm.Address{{Name: "Bob Buyer", Email: buyer}},
			Subject: "Season's greetings, Bob!", Text: "Dear Bob,\n\nSeason's greetings!\n\nLi Wei\n", Mode: keepwarm.ModeDraft,
			Origin: "greeting", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
		it, _, err := r.db.Enqueue(r.ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		if res := r.run(); res.Drafted != 1 {
			t.Fatalf("filing %s: %+v", key, res)
		}
		return it
	}
	var old []keepwarm.OutboxItem
	for i := range 3 {
		old = append(old, file(fmt.Sprintf("greet:bob:%d", i)))
	}
	r.clock.Advance(mailsync.GreetingDraftAge + time.Hour)
	recent := file("greet:bob:recent")
	if err := r.db.OptOut(r.ctx, keepwarm.OptOut{Email: buyer, Reason: "please remove me from your list"}, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r.run()
	if got, err := r.db.DraftOutcome(r.ctx, recent.ID); err != nil || got != mailsync.DraftRemoved {
		t.Fatalf("recent greeting's draft outcome %q %v", got, err)
	}
	for _, it := range old {
		if got, err := r.db.DraftOutcome(r.ctx, it.ID); err != nil || got != "" {
			t.Fatalf("old greeting %s: draft outcome %q %v, want it left alone", it.Key, got, err)
		}
	}
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != len(old) {
		t.Fatalf("Drafts holds %d, want the %d old greetings", n, len(old))
	}
}

// When the Drafts folder cannot be found (renamed, its special-use flag
// lost), the drafts to take out of it cost one IMAP login a pass for the
// mailbox, not one each, and none until MaxBackoff has passed since the
// last failure: thirty of them every five minutes would have made a
// provider that limits logins refuse the mailbox's sync too.
func TestDraftsToRemoveFromAMissingDraftsFolderCostOneLogin(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	for i := range 3 {
		it := keepwarm.OutboxItem{Key: fmt.Sprintf("greet:bob:%d", i), MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
			From: keepwarm.Address{Name: "Li Wei", Email: seller}, To: []keepwarm.Address{{Name: "Bob Buyer", Email: buyer}},
			Subject: "Happy New Year, Bob!", Text: "Dear Bob,\n\nHappy New Year!\n\nLi Wei\n", Mode: keepwarm.ModeDraft,
			Origin: "greeting", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
		if _, _, err := r.db.Enqueue(r.ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	if res := r.run(); res.Drafted != 3 {
		t.Fatalf("filing the greetings: %+v", res)
	}
	if err := r.db.OptOut(r.ctx, keepwarm.OptOut{Email: buyer, Reason: "please remove me from your list"}, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := srv.Dial(t, seller).Delete("Drafts").Wait(); err != nil {
		t.Fatal(err)
	}
	pass := func(want int32) {
		t.Helper()
		before := r.dials.Load()
		r.run()
		if n := r.dials.Load() - before; n != want {
			t.Fatalf("%d IMAP logins in a pass with 3 drafts to take out of a missing Drafts folder; want %d", n, want)
		}
	}
	pass(1)
	r.clock.Advance(5 * time.Minute)
	pass(0) // within MaxBackoff of the failure
	r.clock.Advance(time.Hour)
	pass(1)
	if got, err := r.db.AnsweredDrafts(r.ctx, r.clock.Now().Add(-mailsync.GreetingDraftAge)); err != nil || len(got) != 3 {
		t.Fatalf("drafts still to take out: %d %v; want all 3 kept for later", len(got), err)
	}
}
