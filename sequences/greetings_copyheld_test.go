package sequences_test

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Lily's mailbox is over its quota from the night before Thanksgiving: the
// copy of a follow-up she sent then cannot be filed in Sent, so Bob's
// greeting waits past its day. Once the copy is filed it is skipped, not
// sent late, and its reason names the copy that held it, not only the day.
func TestAGreetingHeldPastItsDayForACopySaysSo(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	r := newGreetRig(t, srv, start)
	r.add(usBuyer)
	r.start(nil)
	srv.RefuseAppend("Sent", imap.ResponseCodeOverQuota, "Quota exceeded")
	if _, _, err := r.db.Enqueue(r.ctx, keepwarm.OutboxItem{Key: "seq:x:1", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: lily}, To: []keepwarm.Address{{Email: lily}},
		Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: start, NextAttemptAt: start, CreatedAt: start, Origin: "sequence"}); err != nil {
		t.Fatal(err)
	}
	r.replayWakes(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	srv.RefuseAppend("", "", "")
	r.replayWakes(time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC))

	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginGreeting})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Status != keepwarm.OutboxSkipped ||
		!strings.HasPrefix(items[0].LastError, "the greeting's day ended in the customer's time (Wed 25 Nov 17:00, America/New_York): it is not sent late") ||
		!strings.Contains(items[0].LastError, "Sent folder") || !strings.Contains(items[0].LastError, "Quota exceeded") {
		t.Fatalf("greeting: %+v", items)
	}
	if n := len(r.inbox("bob@acme-us.com")); n != 0 {
		t.Fatalf("Bob got %d message(s)", n)
	}
}
