package mailsync_test

import (
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

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

// fileGreetingDrafts files n greetings to Bob in Drafts and has him opt
// out, so that each is to be taken out again; tune changes an item first.
func fileGreetingDrafts(r *rig, n int, tune func(i int, it *keepwarm.OutboxItem)) []keepwarm.OutboxItem {
	r.t.Helper()
	var out []keepwarm.OutboxItem
	for i := range n {
		it := keepwarm.OutboxItem{Key: fmt.Sprintf("greet:bob:%d", i), MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
			From: keepwarm.Address{Name: "Li Wei", Email: seller}, To: []keepwarm.Address{{Name: "Bob Buyer", Email: buyer}},
			Subject: "Happy New Year, Bob!", Text: "Dear Bob,\n\nHappy New Year!\n\nLi Wei\n", Mode: keepwarm.ModeDraft,
			Origin: "greeting", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
		it, _, err := r.db.Enqueue(r.ctx, it)
		if err != nil {
			r.t.Fatal(err)
		}
		out = append(out, it)
	}
	if res := r.run(); res.Drafted != n {
		r.t.Fatalf("filing the greetings: %+v", res)
	}
	for i := range out {
		if tune != nil {
			tune(i, &out[i])
		}
	}
	if err := r.db.OptOut(r.ctx, keepwarm.OptOut{Email: buyer, Reason: "please remove me from your list"}, r.clock.Now()); err != nil {
		r.t.Fatal(err)
	}
	return out
}

// One IMAP login that times out while taking drafts out of Drafts is tried
// again on the next pass, as a copy for Sent is, not an hour later: a
// "received" draft left that long after the thread was answered may be
// sent by hand, a second answer to the customer.
func TestDraftsToRemoveAfterOneTimeoutAreTakenOutOnTheNextPass(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	fileGreetingDrafts(r, 3, nil)
	r.dialFails.Store(1)
	r.run()
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 3 {
		t.Fatalf("Drafts holds %d after the timeout, want the 3 kept for the next pass", n)
	}
	r.clock.Advance(5 * time.Minute)
	r.run()
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 0 {
		t.Fatalf("Drafts holds %d five minutes after one timeout, want all taken out", n)
	}
}

// A draft keepwarm cannot tell in Drafts (its row has no Message-ID) does
// not hold back the mailbox's other drafts: they are taken out in the same
// pass.
func TestADraftThatCannotBeFoundDoesNotHoldBackTheOthers(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	items := fileGreetingDrafts(r, 2, nil)
	raw, err := sql.Open("sqlite3", "file:"+r.dbPath+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE outbox SET message_id = '' WHERE id = ?`, items[0].ID); err != nil {
		t.Fatal(err)
	}
	r.run()
	if got, err := r.db.DraftOutcome(r.ctx, items[1].ID); err != nil || got != mailsync.DraftRemoved {
		t.Fatalf("the good draft's outcome %q %v, want it removed in the same pass", got, err)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 1 {
		t.Fatalf("Drafts holds %d, want only the one keepwarm cannot tell", n)
	}
}

// uncertainLetterDraft is a letter's draft given up as uncertain: the
// server stored it in Drafts, and the answer was lost on the one attempt.
func uncertainLetterDraft(t *testing.T) (*mailtest.IMAPServer, *rig, *mailsync.Dispatcher, keepwarm.OutboxItem) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	front := mailtest.NewAppendDropFront(t, srv.Addr())
	log := slog.New(slog.DiscardHandler)
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, mailtest.SenderDialer(front.Addr(), seller, imapPass), r.clock, log)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{MaxAttempts: 1})
	it := r.enqueueTuned("letter:1:2026-12", keepwarm.ModeDraft, func(it *keepwarm.OutboxItem) {
		it.InReplyTo, it.References, it.Subject, it.Origin = "", nil, "News for December", "letter"
	})
	front.DropNextAppends(1)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxUncertain {
		t.Fatalf("the rig: %s %q, want uncertain", got.Status, got.LastError)
	}
	return srv, r, disp, it
}

// optOutAndDispatch has the buyer opt out, then runs disp a minute later.
func optOutAndDispatch(t *testing.T, r *rig, disp *mailsync.Dispatcher) {
	t.Helper()
	if err := r.db.OptOut(r.ctx, keepwarm.OptOut{Email: buyer, Reason: "please remove me from your list"}, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(time.Minute)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

// A letter's draft given up as uncertain (the server stored it, and the
// answer was lost on the last attempt) whose recipient then opts out is
// taken out of Drafts as a filed one is: she would find it there and send
// it. Taken out, it is settled: the desk no longer asks her to look in
// Drafts for it.
func TestUncertainLetterDraftRemovedAfterAnOptOut(t *testing.T) {
	srv, r, disp, it := uncertainLetterDraft(t)
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 1 {
		t.Fatalf("the rig: Drafts holds %d, want the copy the server stored", n)
	}
	optOutAndDispatch(t, r, disp)
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 0 {
		t.Fatalf("Drafts holds %d after the opt-out, want the letter taken out", n)
	}
	if got, err := r.db.DraftOutcome(r.ctx, it.ID); err != nil || got != mailsync.DraftRemoved {
		t.Fatalf("draft outcome %q %v", got, err)
	}
	if got := r.item(it.ID); got.SettledAt.IsZero() || !strings.Contains(got.Settled, "taken out of Drafts") {
		t.Fatalf("the uncertain letter taken out of Drafts is not settled: %q at %v", got.Settled, got.SettledAt)
	}
}

// An uncertain letter's draft that landed in Drafts and that she then sent
// (or deleted) is not there when its recipient opts out: keepwarm looked and
// found nothing, so the record must not say keepwarm took it out, which
// would say it never went.
func TestUncertainLetterDraftNotFoundIsNotSaidTakenOut(t *testing.T) {
	srv, r, disp, it := uncertainLetterDraft(t)
	c := srv.Dial(t, seller)
	if _, err := c.Select("Drafts", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if err := c.Store(imap.SeqSetNum(1), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge().Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 0 {
		t.Fatalf("the rig: Drafts holds %d after she sent it", n)
	}
	optOutAndDispatch(t, r, disp)
	if got, err := r.db.DraftOutcome(r.ctx, it.ID); err != nil || got != mailsync.DraftGone {
		t.Fatalf("draft outcome %q %v, want gone", got, err)
	}
	got := r.item(it.ID)
	if got.SettledAt.IsZero() || strings.Contains(got.Settled, "taken out") || !strings.Contains(got.Settled, "not in Drafts") {
		t.Fatalf("settled %q at %v: want not in Drafts, never taken out", got.Settled, got.SettledAt)
	}
}
