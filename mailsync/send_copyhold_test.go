package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/zhtext"
)

// refusedCopyRig is a rig whose IMAP server answers the APPEND of a copy to
// Sent with NO [code] text, and two mails of its mailbox to the buyer,
// queued and given one dispatch pass.
func refusedCopyRig(t *testing.T, code imap.ResponseCode, text string) (srv *mailtest.IMAPServer, r *rig, first, second keepwarm.OutboxItem) {
	t.Helper()
	srv = mailtest.NewMemServer(t)
	r = newRig(t, srv, nil)
	srv.RefuseAppend("Sent", code, text)
	first = r.enqueue("seq:1:1", keepwarm.ModeSend)
	second = r.enqueue("seq:2:1", keepwarm.ModeSend)
	r.run()
	return srv, r, first, second
}

// A mailbox over its quota answers the copy's APPEND to Sent with NO
// [OVERQUOTA] while its SMTP server still sends: the first mail goes, and
// the next waits, queued with no attempt counted and the server's answer on
// it (in Chinese too), as long as the copy is not filed, however many
// passes try it. Mail to the team still goes. The mailbox is named for the
// owner's digest. Once the server takes the copy, the mail goes and is
// filed.
func TestCopyRefusedHoldsTheNextMail(t *testing.T) {
	srv, r, first, second := refusedCopyRig(t, imap.ResponseCodeOverQuota, "Quota exceeded")
	if n := r.smtp.DataCount(); n != 1 {
		t.Fatalf("%d mails sent while the first one's copy could not be filed, want 1", n)
	}
	if got := r.item(first.ID); got.Status != keepwarm.OutboxSent || !got.AppendedAt.IsZero() {
		t.Fatalf("first item: %s, appended %v; want sent, not filed", got.Status, got.AppendedAt)
	}
	held := func(pass string) keepwarm.OutboxItem {
		t.Helper()
		got := r.item(second.ID)
		if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 ||
			!strings.HasPrefix(got.LastError, mailsync.CopyUnfiledHeld) || !strings.Contains(got.LastError, "Quota exceeded") {
			t.Fatalf("%s: second item %s after %d attempts (%q); want queued, held with the server's answer", pass, got.Status, got.Attempts, got.LastError)
		}
		return got
	}
	got := held("first pass")
	if want := r.clock.Now().Add(time.Minute); !got.NextAttemptAt.Equal(want) {
		t.Errorf("first hold until %v, want %v: a copy that failed once is tried on the next pass", got.NextAttemptAt, want)
	}
	if zh := zhtext.Err(got.LastError); !strings.HasPrefix(zh, "暂缓发送") || !strings.Contains(zh, "Quota exceeded") {
		t.Errorf("Chinese reason %q: want it translated, the server's answer kept", zh)
	}
	if h := r.disp.SendingHeld()["team"]; !strings.Contains(h.Why, "Quota exceeded") || !h.Since.Equal(r.item(first.ID).SentAt) {
		t.Errorf("SendingHeld()[team] = %+v, want the server's answer since the first item's send", h)
	}

	// A nudge to the team is not held for the salesperson's Sent folder.
	nudge := r.enqueueTuned("nudge:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) { it.Origin = "nudge" })

	r.clock.Advance(time.Minute)
	r.run()
	if got := r.item(nudge.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("nudge to the team: %s (%s), want sent", got.Status, got.LastError)
	}
	if n := r.smtp.DataCount(); n != 2 {
		t.Fatalf("%d mails sent after the second pass, want 2 (the first and the nudge)", n)
	}
	got = held("second pass")
	// Held as long again as the copies have been failing: 1, 2, 4 minutes.
	for _, wait := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute} {
		if want := r.clock.Now().Add(wait); !got.NextAttemptAt.Equal(want) {
			t.Fatalf("held until %v, want %v", got.NextAttemptAt, want)
		}
		r.clock.Set(got.NextAttemptAt)
		r.run()
		got = held("later pass")
	}
	if n := r.smtp.DataCount(); n != 2 {
		t.Fatalf("%d mails sent after the later passes, want 2", n)
	}

	srv.RefuseAppend("", "", "")
	r.clock.Set(got.NextAttemptAt)
	r.run()
	if got := r.item(second.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("second item once the copy is filed: %s, appended %v (%s)", got.Status, got.AppendedAt, got.LastError)
	}
	if got := r.item(first.ID); got.AppendedAt.IsZero() {
		t.Errorf("first item's copy still not filed")
	}
	if n := r.smtp.DataCount(); n != 3 {
		t.Errorf("%d mails sent in all, want 3", n)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent")); n != 3 {
		t.Errorf("Sent holds %d copies, want 3", n)
	}
	if held := r.disp.SendingHeld(); len(held) != 0 {
		t.Errorf("SendingHeld() = %v once the copies are filed, want none", held)
	}
}

// While the IMAP server cannot be reached and the SMTP server can, the
// copy fails on a network error: the next mail waits the same way. Where
// the server files Sent itself, nothing waits for it.
func TestCopyUnreachableHoldsTheNextMail(t *testing.T) {
	for _, serverFiles := range []bool{false, true} {
		srv := mailtest.NewMemServer(t)
		r := newRig(t, srv, func(a *mailsync.Account) { a.ServerFilesSent = serverFiles })
		r.dialFails.Store(1000)
		first := r.enqueue("seq:1:1", keepwarm.ModeSend)
		second := r.enqueue("seq:2:1", keepwarm.ModeSend)
		r.run()
		r.clock.Advance(time.Minute)
		r.run()
		got := r.item(second.ID)
		if serverFiles {
			if got.Status != keepwarm.OutboxSent || r.smtp.DataCount() != 2 {
				t.Fatalf("server files Sent: second item %s (%q), %d sent; want both sent", got.Status, got.LastError, r.smtp.DataCount())
			}
			continue
		}
		if n := r.smtp.DataCount(); n != 1 {
			t.Fatalf("%d mails sent while IMAP was unreachable, want 1", n)
		}
		if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 ||
			!strings.HasPrefix(got.LastError, mailsync.CopyUnfiledHeld) || !strings.Contains(got.LastError, "i/o timeout") {
			t.Fatalf("second item %s after %d attempts (%q); want queued, held with the network error", got.Status, got.Attempts, got.LastError)
		}
		r.dialFails.Store(0)
		r.clock.Advance(2 * time.Minute)
		r.run()
		if got := r.item(second.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() || r.item(first.ID).AppendedAt.IsZero() {
			t.Fatalf("once IMAP is back: second item %s, appended %v (%s)", got.Status, got.AppendedAt, got.LastError)
		}
	}
}
