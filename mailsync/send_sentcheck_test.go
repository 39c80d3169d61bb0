package mailsync_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Where the server files what it accepted in Sent itself (Gmail, Microsoft
// 365), a send whose link broke after DATA is looked for there a little
// later before anyone is told it may not have gone out: found, it is sent
// (and nobody is asked to check with the customer); not found, it is
// uncertain, saying it was looked for.
func TestUncertainSendFoundInTheServersSent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		filed  bool
		status keepwarm.OutboxStatus
	}{
		{"the server filed it", true, keepwarm.OutboxSent},
		{"not in Sent", false, keepwarm.OutboxUncertain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			r := newRig(t, srv, func(a *mailsync.Account) { a.ServerFilesSent = true })
			var settled []keepwarm.OutboxStatus
			var reason string
			r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{
				Settled: func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, why string, ref []string) error {
					settled, reason = append(settled, st), why
					return nil
				}})
			r.smtp.DropNextData(1)
			it := r.enqueue("seq:gmail:1", keepwarm.ModeSend)
			res := r.run()
			if res.Uncertain != 0 || len(settled) != 0 || !res.Next.Equal(r.clock.Now().Add(mailsync.SentCheckDelay)) {
				t.Fatalf("right after the drop: %+v, settled %v; want it looked for in Sent at %s", res, settled, r.clock.Now().Add(mailsync.SentCheckDelay))
			}
			if tc.filed {
				msgs := r.smtp.Messages()
				if len(msgs) != 1 {
					t.Fatalf("%d messages at the server", len(msgs))
				}
				if err := mailtest.AppendTo(srv.Dial(t, seller), "Sent")(msgs[0]); err != nil {
					t.Fatal(err)
				}
			}
			r.clock.Advance(mailsync.SentCheckDelay)
			r.run()
			got := r.item(it.ID)
			if got.Status != tc.status {
				t.Fatalf("after looking in Sent: %s %q, want %s", got.Status, got.LastError, tc.status)
			}
			if tc.filed && (len(settled) != 0 || got.SentAt.IsZero() || got.AppendedAt.IsZero()) {
				t.Fatalf("found in Sent: settled %v, %+v", settled, got)
			}
			if !tc.filed && (len(settled) != 1 || settled[0] != keepwarm.OutboxUncertain || !strings.Contains(reason, "not in Sent")) {
				t.Fatalf("not in Sent: settled %v %q", settled, reason)
			}
			if r.smtp.DataCount() != 1 {
				t.Fatalf("DATA %d times", r.smtp.DataCount())
			}
		})
	}
}
