package mailsync_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Recipients refused at RCPT with different answers are judged each by
// its own: only a 5xx one is refused for good (flagged as a bounce by
// Settled), never one whose mailbox was only full (4xx), whichever order
// the server answered them in; with only 4xx refusals the item is retried.
func TestMixedRcptAnswersJudgedPerRecipient(t *testing.T) {
	const hans, anna = "hans@buyer.example", "anna@buyer.example"
	for _, tc := range []struct {
		name       string
		hans, anna int
		status     keepwarm.OutboxStatus
		refused    []string
	}{
		{"full then unknown", 452, 550, keepwarm.OutboxFailed, []string{anna}},
		{"unknown then greylisted", 550, 451, keepwarm.OutboxFailed, []string{hans}},
		{"both temporary", 452, 451, keepwarm.OutboxQueued, nil},
		{"both unknown", 550, 550, keepwarm.OutboxFailed, []string{hans, anna}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			var refused []string
			settled := false
			r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{
				Settled: func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, reason string, ref []string) error {
					settled, refused = true, ref
					return nil
				}})
			it := keepwarm.OutboxItem{Key: "rcpt:" + tc.name, MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
				From:    keepwarm.Address{Name: "Li Wei", Email: seller},
				To:      []keepwarm.Address{{Name: "Hans", Email: hans}, {Name: "Anna", Email: anna}},
				Subject: "Re: Quotation", Text: "Dear Hans,\n\nDid you receive my mail?\n", Mode: keepwarm.ModeSend,
				Origin: "sequence", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
			it, _, err := r.db.Enqueue(r.ctx, it)
			if err != nil {
				t.Fatal(err)
			}
			r.smtp.RejectRcpt(hans, tc.hans)
			r.smtp.RejectRcpt(anna, tc.anna)
			r.run()
			got := r.item(it.ID)
			if got.Status != tc.status || !slices.Equal(refused, tc.refused) || settled != (tc.status == keepwarm.OutboxFailed) {
				t.Fatalf("%s, refused %v (settled %v); want %s, %v\n%s", got.Status, refused, settled, tc.status, tc.refused, got.LastError)
			}
		})
	}
}
