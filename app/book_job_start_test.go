package app

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/store"
)

// claimOverTheWeekend is a pool customer (Hans at Globex, an unknown
// sender's inquiry to sales@) that Lily claimed at t0, and the buyer's
// answer to her, the evening before the deadline, that only the first sync
// after a weekend with keepwarm down stores (save it to store it).
func claimOverTheWeekend(t *testing.T, t0 time.Time) (w *fuApp, id int64, deadline time.Time, save func()) {
	t.Helper()
	w = newFUApp(t, "", t0)
	id = poolClaim(t, w, t0, hansMeier, "q-1@globex.de", "Question", "domain:globex.de")
	deadline = t0.Add(w.a.Cfg.Book.Rules().ClaimDeadline)
	lily := keepwarm.Address{Name: "Lily Chen", Email: lilyEmail}
	return w, id, deadline, func() {
		w.save("lily", keepwarm.Message{MessageID: "a-1@globex.de", From: hansMeier, To: []keepwarm.Address{lily},
			Subject: "Re: Offer", SubjectKey: "offer", Date: deadline.Add(-12 * time.Hour), Kind: keepwarm.KindInbound,
			CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	}
}

const lilyEmail = "lily@lumina-export.example"

// unansweredClaim is a second pool customer (Omar at Gulfbuild) that Lily
// claimed at t0 and whose buyer never answered.
func unansweredClaim(t *testing.T, w *fuApp, t0 time.Time) int64 {
	t.Helper()
	return poolClaim(t, w, t0, keepwarm.Address{Name: "Omar", Email: "omar@gulfbuild.ae"}, "q-1@gulfbuild.ae", "Inquiry", "domain:gulfbuild.ae")
}

// poolClaim is a pool customer: buyer's inquiry (msgID, subject) to sales@
// an hour before t0, assigned to the pool and claimed by Lily at t0.
func poolClaim(t *testing.T, w *fuApp, t0 time.Time, buyer keepwarm.Address, msgID, subject, customerKey string) int64 {
	t.Helper()
	ctx := context.Background()
	w.save("sales", keepwarm.Message{MessageID: msgID, From: buyer, To: []keepwarm.Address{{Email: salesAddr}},
		Subject: subject, SubjectKey: strings.ToLower(subject), Date: t0.Add(-time.Hour), Kind: keepwarm.KindInbound,
		CustomerKey: customerKey, Contacts: []keepwarm.Address{buyer}}, "")
	if _, err := w.a.DB.AssignPool(ctx, t0, w.a.assignOptions()); err != nil {
		t.Fatal(err)
	}
	c, err := w.a.DB.ResolveCustomer(ctx, buyer.Email)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.ClaimCustomer(ctx, c.ID, lilyEmail, t0, w.a.Cfg.Book.Rules()); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// syncedAt records mailboxes' INBOX and Sent as synced at when.
func syncedAt(t *testing.T, w *fuApp, when time.Time, mailboxes ...string) {
	t.Helper()
	for _, mb := range mailboxes {
		if err := w.a.DB.SyncAlive(context.Background(), mb, []string{"INBOX", "Sent"}, when); err != nil {
			t.Fatal(err)
		}
	}
}

// claimOwner is customer id's owner ("" in the pool).
func claimOwner(t *testing.T, w *fuApp, id int64) string {
	t.Helper()
	c, err := w.a.DB.Customer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Owner
}

// returned fails t unless customer id is back in the pool.
func returned(t *testing.T, w *fuApp, id int64, when string) {
	t.Helper()
	c, err := w.a.DB.Customer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Owner != "" {
		t.Errorf("%s: the unanswered claim is still %q's; want it back in the pool", when, c.Owner)
	}
}

// keptByLily fails t unless Lily still owns customer id, no claim of it
// went back to the pool, and her claim is "answered".
func keptByLily(t *testing.T, w *fuApp, id int64, now time.Time, when string) {
	t.Helper()
	ctx := context.Background()
	c, err := w.a.DB.Customer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Owner != lilyEmail {
		t.Errorf("%s: the owner is %q; want Lily, whose buyer answered before the deadline", when, c.Owner)
	}
	l, err := w.a.DB.Log(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.Pool {
		if e.Event == "returned" {
			t.Errorf("%s: the claim went back to the pool: %+v", when, e)
		}
	}
	claims, err := w.a.DB.Claims(ctx, now, w.a.Cfg.Book.Rules(), lilyEmail, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 || claims[0].State != book.ClaimConverted || claims[0].Status != "answered" {
		t.Errorf("%s: Lily's claims %+v; want the one answered", when, claims)
	}
}

// runKeptAndReturned runs job at now, then fails t unless Lily keeps
// claim id, answered, and claim omar is back in the pool.
func runKeptAndReturned(t *testing.T, w *fuApp, job *bookJob, now time.Time, id, omar int64, when string) {
	t.Helper()
	if _, err := job.Run(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	keptByLily(t, w, id, now, when)
	returned(t, w, omar, when)
}

// Keepwarm was down over the weekend: the first tick after the start
// does not return Lily's claim before the mailboxes' first sync has stored
// the buyer's answer from Friday evening; then it is hers, answered.
func TestBookJobReturnsNoClaimBeforeTheFirstSync(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w, id, deadline, save := claimOverTheWeekend(t, t0)
	omar := unansweredClaim(t, w, t0)
	ctx := context.Background()
	monday := deadline.Add(46 * time.Hour)
	pending := []string{"sales", "lily"}
	w.a.starting = func() []string { return pending }
	job := w.a.NewBookJob()
	next, err := job.Run(ctx, monday)
	if err != nil {
		t.Fatal(err)
	}
	if next.IsZero() || next.After(monday.Add(time.Minute)) {
		t.Errorf("the book job held back asks to run at %v; want within a minute of %v", next, monday)
	}
	if !next.After(monday) {
		t.Errorf("the held book job asks to run at %v, not after %v: the engine would spin", next, monday)
	}
	save()
	pending = nil
	runKeptAndReturned(t, w, job, monday.Add(time.Minute), id, omar, "after the first sync")
}

// `keepwarm customers list` run while the daemon is stopped does not
// return a claim whose deadline came after the mailboxes' last sync: the
// buyer's answer may be unread. Once a sync stored it, the claim is hers.
func TestCatchUpBookReturnsNoClaimPastTheLastSync(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w, id, deadline, save := claimOverTheWeekend(t, t0)
	ctx := context.Background()
	friday := deadline.Add(-20 * time.Hour)
	syncedAt(t, w, friday, "sales", "lily")
	monday := deadline.Add(46 * time.Hour)
	w.a.Clock.(*keepwarm.ManualClock).Set(monday)
	if err := w.a.CatchUpBook(ctx); err != nil {
		t.Fatal(err)
	}
	if owner := claimOwner(t, w, id); owner != lilyEmail {
		t.Fatalf("the CLI returned the claim to the pool with the weekend's mail unread (owner %q)", owner)
	}
	save()
	syncedAt(t, w, monday, "sales", "lily")
	if err := w.a.CatchUpBook(ctx); err != nil {
		t.Fatal(err)
	}
	keptByLily(t, w, id, monday, "after the sync")
}

// A replay (--now weeks past the machine's clock, KEEPWARM_REPLAY=1) plays
// the days as a daemon that synced them would: the claim whose buyer
// never answered goes back to the pool at its deadline, whenever the test
// mailboxes were last synced.
func TestCatchUpBookReplayReturnsAnUnansweredClaim(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w, id, deadline, _ := claimOverTheWeekend(t, t0)
	ctx := context.Background()
	syncedAt(t, w, t0, "sales", "lily")
	w.a.wall = keepwarm.NewManualClock(t0)
	w.a.Clock.(*keepwarm.ManualClock).Set(deadline.Add(time.Hour))
	if err := w.a.CatchUpBook(ctx); err != nil {
		t.Fatal(err)
	}
	if owner := claimOwner(t, w, id); owner != "" {
		t.Errorf("the replay kept the unanswered claim past its deadline (owner %q); want it back in the pool", owner)
	}
}

// Lily's mailbox stops syncing the day before her claim's deadline (a
// changed password) while sales@ goes on: the book job, in its steady
// state or under `keepwarm tick`, does not return her claim, whose
// buyer's answer is not read yet. Once her mailbox syncs again and stores
// it, the claim is hers, answered.
func TestBookJobReturnsNoClaimWhileAMailboxFailsToSync(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w, id, deadline, save := claimOverTheWeekend(t, t0)
	omar := unansweredClaim(t, w, t0)
	ctx := context.Background()
	syncedAt(t, w, deadline.Add(-20*time.Hour), "sales", "lily")
	monday := deadline.Add(46 * time.Hour)
	syncedAt(t, w, monday, "sales")
	w.a.starting = nil
	job := w.a.NewBookJob()
	next, err := job.Run(ctx, monday)
	if err != nil {
		t.Fatal(err)
	}
	if !next.After(monday) {
		t.Errorf("the book job holding a claim past its deadline asks to run at %v, not after %v: the engine would spin", next, monday)
	}
	if owner := claimOwner(t, w, id); owner != lilyEmail {
		t.Fatalf("the book job returned the claim with Lily's mailbox not synced since before the deadline (owner %q)", owner)
	}
	save()
	syncedAt(t, w, monday.Add(time.Hour), "lily")
	runKeptAndReturned(t, w, job, monday.Add(time.Hour), id, omar, "after her mailbox synced again")
}

// A mailbox whose sync fails for good does not keep claims from the pool
// for ever: an unanswered claim goes back a week (claimWaitMax) after the mailbox's
// last completed sync at the latest.
func TestBookJobWaitsForABrokenMailboxOnlySoLong(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w, _, deadline, _ := claimOverTheWeekend(t, t0)
	omar := unansweredClaim(t, w, t0)
	ctx := context.Background()
	syncedAt(t, w, deadline.Add(-20*time.Hour), "sales", "lily")
	w.a.starting = nil
	job := w.a.NewBookJob()
	late := deadline.Add(8 * 24 * time.Hour) // claimWaitMax is a week
	syncedAt(t, w, late, "sales")
	var logged bytes.Buffer
	w.a.Log = slog.New(slog.NewTextHandler(&logged, nil))
	job = w.a.NewBookJob()
	for i := range 3 {
		if _, err := job.Run(ctx, late.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	returned(t, w, omar, "a week after the deadline with Lily's mailbox broken")
	if n := strings.Count(logged.String(), "no longer wait"); n != 1 {
		t.Errorf("the warning that claims no longer wait for Lily's mailbox was logged %d times in 3 runs; want once:\n%s", n, logged.String())
	}
	logged.Reset()
	w.a.Clock.(*keepwarm.ManualClock).Set(late)
	if err := w.a.CatchUpBook(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logged.String(), "level=WARN") {
		t.Errorf("a CLI command's catch-up warns about the broken mailbox (the salesperson sees it on every command):\n%s", logged.String())
	}
}

// runWithBroken has mailbox broken last synced the day before the claims'
// deadline (t0 plus the claim deadline) and the others synced two days
// after it, and runs the book job at that hour (not at a start).
func runWithBroken(t *testing.T, w *fuApp, t0 time.Time, broken string, others ...string) {
	t.Helper()
	deadline := t0.Add(w.a.Cfg.Book.Rules().ClaimDeadline)
	monday := deadline.Add(46 * time.Hour)
	syncedAt(t, w, deadline.Add(-20*time.Hour), broken)
	syncedAt(t, w, monday, others...)
	w.a.starting = nil
	if _, err := w.a.NewBookJob().Run(context.Background(), monday); err != nil {
		t.Fatal(err)
	}
}

// Tom's mailbox stopped syncing for good the day before Lily's claims'
// deadline: Lily's buyer's answer cannot be in it (hers and the shared
// sales@ are synced), so her unanswered claim goes back to the pool at its
// deadline, not a week later.
func TestBookJobDoesNotWaitForAColleaguesBrokenMailbox(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w := newFUApp(t, tomsMailbox, t0)
	omar := unansweredClaim(t, w, t0)
	runWithBroken(t, w, t0, "tom", "sales", "lily")
	returned(t, w, omar, "with Lily's and the shared mailbox synced past the deadline, Tom's broken")
}

// Tom's mailbox already holds mail with Omar, whom Lily claimed: Omar may
// answer Tom's mail, and the answer lands in Tom's mailbox. It stopped
// syncing the day before Lily's deadline: her claim waits for it, as for
// her own.
func TestBookJobWaitsForAColleaguesBrokenMailboxHoldingTheBuyersMail(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w := newFUApp(t, tomsMailbox, t0)
	omar := unansweredClaim(t, w, t0)
	tom := keepwarm.Address{Name: "Tom", Email: "tom@lumina-export.example"}
	w.save("tom", keepwarm.Message{MessageID: "t-1@lumina-export.example", From: tom,
		To: []keepwarm.Address{{Name: "Omar", Email: "omar@gulfbuild.ae"}}, Subject: "Our catalogue", SubjectKey: "our catalogue",
		Date: t0.Add(2 * time.Hour), Kind: keepwarm.KindOutbound, CustomerKey: "domain:gulfbuild.ae",
		Contacts: []keepwarm.Address{{Name: "Omar", Email: "omar@gulfbuild.ae"}}}, "")
	runWithBroken(t, w, t0, "tom", "sales", "lily")
	if owner := claimOwner(t, w, omar); owner != lilyEmail {
		t.Fatalf("the claim went back to the pool (owner %q) with Tom's mailbox, which holds the buyer's mail, not synced since before the deadline", owner)
	}
}

// Lily claimed a lead the manager imported to the pool and mailed it from
// her own mailbox: the shared sales@ holds none of its mail, but the buyer
// may answer to sales@. sales@ stopped syncing the day before her
// deadline: her claim waits for it.
func TestBookJobWaitsForABrokenSharedMailbox(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	ctx := context.Background()
	sheet, err := book.Parse([][]string{{"Company", "Email"}, {"Ziegler GmbH", "buyer@ziegler.de"}}, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.a.DB.ImportBook(ctx, t0.Add(-time.Hour), sheet, store.ImportOptions{Pool: true}); err != nil {
		t.Fatal(err)
	}
	c, err := w.a.DB.ResolveCustomer(ctx, "buyer@ziegler.de")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.ClaimCustomer(ctx, c.ID, lilyEmail, t0, w.a.Cfg.Book.Rules()); err != nil {
		t.Fatal(err)
	}
	buyer := keepwarm.Address{Email: "buyer@ziegler.de"}
	w.save("lily", keepwarm.Message{MessageID: "o-1@lumina-export.example", From: keepwarm.Address{Name: "Lily Chen", Email: lilyEmail},
		To: []keepwarm.Address{buyer}, Subject: "Offer", SubjectKey: "offer", Date: t0.Add(time.Hour), Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:ziegler.de", Contacts: []keepwarm.Address{buyer}}, "")
	if held, err := w.a.DB.CustomerMailboxes(ctx, c.ID); err != nil || slices.Contains(held, "sales") {
		t.Fatalf("the lead's mail is in %v (%v); want none in sales@ (the case under test)", held, err)
	}
	runWithBroken(t, w, t0, "sales", "lily")
	if owner := claimOwner(t, w, c.ID); owner != lilyEmail {
		t.Fatalf("the claim went back to the pool (owner %q) with the shared sales@ not synced since before the deadline", owner)
	}
}
