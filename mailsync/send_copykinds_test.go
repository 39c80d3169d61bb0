package mailsync_test

import (
	"database/sql"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/zhtext"
)

// The server refuses the copy of that one message for good (NO [TOOBIG]):
// the copy is given up, the item stays sent with a note saying its copy is
// not in Sent and why, and the mailbox's next mail goes.
func TestCopyRefusedForGoodIsGivenUp(t *testing.T) {
	_, r, first, second := refusedCopyRig(t, imap.ResponseCodeTooBig, "Message too large")
	if n := r.smtp.DataCount(); n != 2 {
		t.Fatalf("%d mails sent, want 2: a copy refused for good holds nothing", n)
	}
	for _, id := range []int64{first.ID, second.ID} {
		got := r.item(id)
		if got.Status != keepwarm.OutboxSent || !strings.HasPrefix(got.LastError, mailsync.CopyGivenUp) || !strings.Contains(got.LastError, "too large") {
			t.Errorf("item %d: %s (%q); want sent, noted that its copy could not be filed, with the answer", id, got.Status, got.LastError)
		}
		if zh := zhtext.Err(got.LastError); !strings.HasPrefix(zh, "已发送") || !strings.Contains(zh, "too large") {
			t.Errorf("item %d: Chinese note %q, want it translated, the answer kept", id, zh)
		}
	}
	if held := r.disp.SendingHeld(); len(held) != 0 {
		t.Errorf("SendingHeld() = %v, want none", held)
	}
	// Given up: not tried again.
	dials := r.dials.Load()
	r.clock.Advance(time.Hour)
	r.run()
	if n := r.dials.Load() - dials; n != 0 {
		t.Errorf("%d IMAP logins after the copies were given up, want 0", n)
	}
}

// A sent item whose copy can no longer be composed (a From name with a line
// break, refused by the header check) is given up, and the copy behind it,
// of the same mailbox, is still tried and filed: the held mail then goes.
func TestCopyNotComposableDoesNotBlockLaterCopies(t *testing.T) {
	srv, r, first, second := refusedCopyRig(t, imap.ResponseCodeOverQuota, "Quota exceeded")
	got := r.item(second.ID)
	if got.Status != keepwarm.OutboxQueued || !strings.HasPrefix(got.LastError, mailsync.CopyUnfiledHeld) {
		t.Fatalf("second item %s (%q), want held", got.Status, got.LastError)
	}
	raw, err := sql.Open("sqlite3", "file:"+r.dbPath+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE outbox SET from_name = 'Li\rWei' WHERE id = ?", first.ID); err != nil {
		t.Fatal(err)
	}
	// A third, sent as the copies failed before the first one broke: its
	// copy waits behind the first's.
	srv.RefuseAppend("", "", "")
	r.clock.Set(got.NextAttemptAt)
	r.run()
	if got := r.item(first.ID); got.Status != keepwarm.OutboxSent || !strings.HasPrefix(got.LastError, mailsync.CopyGivenUp) {
		t.Errorf("first item: %s (%q), want sent, its copy given up with a note", got.Status, got.LastError)
	}
	if got := r.item(second.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("second item: %s, appended %v (%q); want sent and filed", got.Status, got.AppendedAt, got.LastError)
	}
}

// The server refuses the login the right to add to Sent (NO [NOPERM]): the
// mailbox's mail waits as for any copy not filed, and its reason, the
// digest's line and the sent item say the way out.
func TestCopyNoRightSaysTheWayOut(t *testing.T) {
	_, r, first, second := refusedCopyRig(t, imap.ResponseCodeNoPerm, "Permission denied")
	if n := r.smtp.DataCount(); n != 1 {
		t.Fatalf("%d mails sent, want 1", n)
	}
	got := r.item(second.ID)
	if got.Status != keepwarm.OutboxQueued || !strings.Contains(got.LastError, "Permission denied") || !strings.Contains(got.LastError, "server_saves_sent = true") {
		t.Fatalf("second item %s (%q), want held, saying the way out", got.Status, got.LastError)
	}
	if zh := zhtext.Err(got.LastError); !strings.HasPrefix(zh, "暂缓发送") || !strings.Contains(zh, "server_saves_sent = true") || strings.Contains(zh, "give the login") {
		t.Errorf("Chinese reason %q: want the way out in Chinese", zh)
	}
	if h := r.disp.SendingHeld()["team"]; !strings.Contains(h.Why, "right to add to Sent") {
		t.Errorf("SendingHeld()[team] = %+v, want the way out", h)
	}
	if got := r.item(first.ID); !strings.Contains(got.LastError, "Permission denied") || !strings.Contains(got.LastError, "server_saves_sent = true") {
		t.Errorf("first item's note %q, want the answer and the way out", got.LastError)
	}
}

// With min_send_gap, mail held for a copy not filed takes none of the
// pass's sends and costs no IMAP login each: one try of the copies per
// hold, however many items wait.
func TestCopyHoldCostsOneLoginAHold(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, func(a *mailsync.Account) { a.MinGap = 2 * time.Minute })
	srv.RefuseAppend("Sent", imap.ResponseCodeOverQuota, "Quota exceeded")
	r.enqueue("seq:0:1", keepwarm.ModeSend)
	r.run()
	var ids []int64
	for i := range 10 {
		ids = append(ids, r.enqueue("seq:"+string(rune('a'+i))+":1", keepwarm.ModeSend).ID)
	}
	r.clock.Advance(2 * time.Minute)
	dials := r.dials.Load()
	passes := 0
	for range 50 {
		passes++
		if res := r.run(); res.Next.After(r.clock.Now()) {
			break
		}
	}
	if n := r.dials.Load() - dials; n > 1 {
		t.Errorf("%d IMAP logins in %d passes, want at most 1", n, passes)
	}
	for _, id := range ids {
		if got := r.item(id); got.Status != keepwarm.OutboxQueued || !strings.HasPrefix(got.LastError, mailsync.CopyUnfiledHeld) {
			t.Fatalf("item %d: %s (%q), want held", id, got.Status, got.LastError)
		}
	}
}

// Once the hold is long, a mail to the team whose copy is filed shows the
// server takes copies again: the missing one is filed and the held mail
// is due at once, not at the end of its hold.
func TestCopyFiledReleasesHeldMailAtOnce(t *testing.T) {
	srv, r, first, second := refusedCopyRig(t, imap.ResponseCodeOverQuota, "Quota exceeded")
	for range 8 {
		r.clock.Set(r.item(second.ID).NextAttemptAt)
		r.run()
	}
	got := r.item(second.ID)
	if wait := got.NextAttemptAt.Sub(r.clock.Now()); wait < 30*time.Minute || got.Status != keepwarm.OutboxQueued {
		t.Fatalf("the rig: second item %s, held %v; want held long", got.Status, wait)
	}
	srv.RefuseAppend("", "", "")
	r.clock.Advance(5 * time.Minute)
	r.enqueueTuned("nudge:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) { it.Origin = "nudge" })
	r.run()
	if got := r.item(first.ID); got.AppendedAt.IsZero() {
		t.Errorf("first item's copy not filed once the server took the nudge's")
	}
	if got := r.item(second.ID); got.Status != keepwarm.OutboxSent && got.NextAttemptAt.After(r.clock.Now()) {
		t.Errorf("second item %s, held until %v (now %v): want it to go once the copies are filed", got.Status, got.NextAttemptAt, r.clock.Now())
	}
}

// After a restart, the hold is as long as the copies have been missing
// (since the oldest one was sent, as stored), not one minute from the
// restart, and SendingHeld says since then.
func TestCopyHoldOutlivesARestart(t *testing.T) {
	_, r, first, second := refusedCopyRig(t, imap.ResponseCodeOverQuota, "Quota exceeded")
	sentAt := r.item(first.ID).SentAt
	r.clock.Advance(3 * time.Hour)
	disp := mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{})
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if h := disp.SendingHeld()["team"]; !h.Since.Equal(sentAt) {
		t.Errorf("after a restart, SendingHeld()[team].Since = %v, want the first copy's send %v", h.Since, sentAt)
	}
	if got := r.item(second.ID); got.NextAttemptAt.Sub(r.clock.Now()) <= time.Minute {
		t.Errorf("after a restart, held until %v (now %v): want longer than a minute", got.NextAttemptAt, r.clock.Now())
	}
}
