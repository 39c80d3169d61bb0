package mailsync_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

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

// Where the mailbox's IMAP login is stopped (refused too often: an app
// password revoked for IMAP only, IMAP turned off at Gmail), nobody can look
// in Sent until a restart: an uncertain send is reported as uncertain at
// once, or at its look when the login stopped meanwhile, and the dispatcher
// does not ask for a pass at once for a look it cannot make.
func TestUncertainSendWithIMAPStoppedIsReportedAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		stopFirst bool
	}{
		{"stopped before the send", true},
		{"stopped before the look in Sent", false},
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
			stopped := tc.stopFirst
			r.disp.SetIMAPStopped(func(string) bool { return stopped })
			r.smtp.DropNextData(1)
			it := r.enqueue("seq:gmail:1", keepwarm.ModeSend)
			res := r.run()
			if tc.stopFirst {
				got := r.item(it.ID)
				if got.Status != keepwarm.OutboxUncertain || res.Uncertain != 1 || len(settled) != 1 || res.CheckingSent != 0 {
					t.Fatalf("IMAP stopped: %s, %+v, settled %v; want uncertain at once", got.Status, res, settled)
				}
				// Its note says nobody looked in Sent, where the server
				// may well have filed it (the follow-up's reason and the
				// desk read it so), not only that the link broke.
				if !strings.HasSuffix(got.LastError, keepwarm.CouldNotLookInSent) || reason != got.LastError || mailsync.LookedInSent(reason) {
					t.Fatalf("IMAP stopped: note %q, settled with %q; want it to end %q", got.LastError, reason, keepwarm.CouldNotLookInSent)
				}
				return
			}
			if res.CheckingSent != 1 || res.Uncertain != 0 {
				t.Fatalf("right after the drop: %+v; want one send to look for in Sent", res)
			}
			stopped = true
			r.clock.Advance(mailsync.SentCheckDelay)
			res = r.run()
			got := r.item(it.ID)
			if got.Status != keepwarm.OutboxUncertain || res.Uncertain != 1 || len(settled) != 1 || !strings.Contains(reason, "IMAP login stopped") {
				t.Fatalf("at the look in Sent: %s %q, %+v, settled %v %q", got.Status, got.LastError, res, settled, reason)
			}
			if !res.Next.IsZero() && !res.Next.After(r.clock.Now()) {
				t.Fatalf("the pass asks for another at %s (now %s)", res.Next, r.clock.Now())
			}
			if res.CheckingSent != 0 {
				t.Fatalf("still looking in Sent: %+v", res)
			}
		})
	}
}

// A send cut short by a quick restart (systemctl restart while the server
// scans the DATA, a crash, the next cron tick) from a mailbox whose server
// files what it accepted in Sent itself is looked for there SentCheckDelay
// after the new process starts, as a live send is, not at once, where the
// server has not filed it yet: found then, it is sent, and nobody is told
// it most likely did not go out. Not found, it is uncertain as before; and
// one claimed longer ago than a send can last is looked for at once.
func TestInterruptedSendLookedForInTheServersSentAfterTheDelay(t *testing.T) {
	for _, tc := range []struct {
		name    string
		claimed time.Duration // before the restart
		filed   bool
		status  keepwarm.OutboxStatus
		settled bool // told as uncertain at the restart
	}{
		{"the server files it a minute later", 10 * time.Second, true, keepwarm.OutboxSent, false},
		{"never filed", 10 * time.Second, false, keepwarm.OutboxUncertain, false},
		{"claimed long ago", time.Hour, false, keepwarm.OutboxUncertain, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			r := newRig(t, srv, func(a *mailsync.Account) { a.ServerFilesSent = true })
			it := r.enqueue("seq:gmail:restart", keepwarm.ModeSend)
			if claimed, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10); err != nil || len(claimed) != 1 {
				t.Fatalf("claim: %v %v", claimed, err)
			}
			r.clock.Advance(tc.claimed)

			// The new process.
			var settled []string
			r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{
				Settled: func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, why string, ref []string) error {
					settled = append(settled, string(st)+": "+why)
					return nil
				}})
			if err := r.disp.Recover(r.ctx); err != nil {
				t.Fatal(err)
			}
			res := r.run()
			if tc.settled {
				if got := r.item(it.ID); got.Status != tc.status || len(settled) != 1 || got.LastError != mailsync.InterruptedNotInSent {
					t.Fatalf("claimed %s before the restart: %s %q, settled %v; want uncertain at once", tc.claimed, got.Status, got.LastError, settled)
				}
				return
			}
			if got := r.item(it.ID); got.Status != keepwarm.OutboxSending || len(settled) != 0 || res.CheckingSent != 1 {
				t.Fatalf("right after the restart: %s %q, settled %v, %+v; want it left to be looked for in Sent", got.Status, got.LastError, settled, res)
			}
			r.clock.Advance(time.Minute)
			if tc.filed {
				raw := mailtest.Msg{From: "Li Wei <" + seller + ">", To: "Bob Buyer <" + buyer + ">", Subject: it.Subject,
					MessageID: it.MessageID, Date: r.clock.Now(), Body: "Dear Bob,\r\n"}.Bytes()
				srv.Append(t, seller, "Sent", raw, r.clock.Now())
			}
			r.run()
			if got := r.item(it.ID); got.Status != keepwarm.OutboxSending || len(settled) != 0 {
				t.Fatalf("a minute after the restart: %s %q, settled %v", got.Status, got.LastError, settled)
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
			if !tc.filed && (len(settled) != 1 || got.LastError != mailsync.InterruptedNotInSent) {
				t.Fatalf("not in Sent: settled %v, %q", settled, got.LastError)
			}
			if r.smtp.DataCount() != 0 {
				t.Fatalf("sent again: DATA %d times", r.smtp.DataCount())
			}
		})
	}
}
