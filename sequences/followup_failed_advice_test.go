package sequences_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
)

// A step the server refused because the login may not send as the owner's
// address (or a send_as one) fails the follow-up with keepwarm's advice
// whole, however long the addresses: only the server's answer after it is
// cut, never "or give the login the right to send as it".
func TestAFailedFollowUpKeepsTheSendAsAdviceWhole(t *testing.T) {
	ctx := context.Background()
	server := ": send failed: sending SMTP MAIL FROM command: 550 5.7.60 SMTP; Client does not have permissions to send as this sender [AM0PR01MB1234.eurprd01.prod.exchangelabs.com 2026-12-07T00:00:00.000Z 08DD0000000000]"
	for _, advice := range []string{
		fmt.Sprintf(mailsync.OwnerRefused, "lily.chen.export@seller-international-trading.example", "lily.chen@seller-international-trading.example", "lily-export"),
		fmt.Sprintf(mailsync.SendAsRefused, "lily.chen.export@seller-international-trading.example", "lily.chen@brightled-lighting-brand.example", "lily-export"),
	} {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		at := day0.AddDate(0, 0, 3)
		w.run(at)
		items, err := w.db.ClaimDue(ctx, at.Add(time.Minute), 10)
		if err != nil || len(items) != 1 {
			t.Fatalf("claimed %d: %v", len(items), err)
		}
		reason := "delivery failed: " + advice + server
		if err := w.db.MarkFailed(ctx, items[0].ID, reason); err != nil {
			t.Fatal(err)
		}
		if err := w.job.Settled(ctx, items[0], keepwarm.OutboxFailed, reason, nil, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		e := w.enrollment()
		if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, advice+": send failed") || !strings.HasSuffix(e.Reason, "; fix the cause, then resume or stop") {
			t.Errorf("failed follow-up: %s %q; want the advice %q whole", e.Status, e.Reason, advice)
		}
		if len([]rune(e.Reason)) > len([]rune(advice))+300 || !strings.Contains(e.Reason, "…; fix the cause") {
			t.Errorf("the server's answer is not cut: %q", e.Reason)
		}
	}
}

// The advice's end clipReason looks for is the one mailsync's refusals end
// with.
func TestSendAsRefusalsEndAsTheFollowUpExpects(t *testing.T) {
	for _, s := range []string{mailsync.SendAsRefused, mailsync.OwnerRefused, mailsync.OwnerRefusedElsewhere} {
		if !strings.HasSuffix(s, "the right to send as it") {
			t.Errorf("%q: a follow-up's reason would cut its advice", s)
		}
	}
}
