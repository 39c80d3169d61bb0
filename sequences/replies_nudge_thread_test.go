package sequences_test

import (
	"bytes"
	"context"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// The "Reply due" nudge was queued at 5 minutes but not sent before the
// target passed (the notify server refused it for a while), so it is
// skipped: the target nudge is the only mail Lily gets. It is titled
// "Reply target passed", not "Re: Reply due …", and answers no mail she
// never saw.
func TestTargetNudgeAfterSkippedFirstIsNoReply(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) { c.Now = w.clock.Now })
		// The dispatcher takes the last look before a nudge goes, as the daemon's does.
		w.disp = mailsync.NewDispatcher(w.db, w.sender, w.clock, testLog(), mailsync.DispatcherOptions{Precheck: w.watch.Precheck})
		w.deliver(lilyUser, "INBOX", ask("skip-q@globex.de", lilyUser, "Quotation for 40HQ"), t0)
		w.sync()
		// Level 1 queued at 5 minutes; nothing sent until after the target.
		w.clock.Set(t0.Add(5 * time.Minute))
		if err := w.engine.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		w.tickAt(t0.Add(10 * time.Minute))
		items, err := w.db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: sequences.OriginNudge})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 {
			t.Fatalf("nudges %+v, want 2", items)
		}
		first, target := items[0], items[1]
		if !strings.HasSuffix(first.Key, ":1") || first.Status != keepwarm.OutboxSkipped {
			t.Fatalf("the rig: the first nudge %s is %s, want skipped", first.Key, first.Status)
		}
		if !strings.HasPrefix(target.Subject, "Reply target passed: Hans Meier waiting 10 min") || target.InReplyTo != "" || len(target.References) != 0 {
			t.Errorf("target nudge %q in reply to %q %v, after a first nudge never sent", target.Subject, target.InReplyTo, target.References)
		}
		got := w.nudges()
		if len(got) != 1 {
			t.Fatalf("%d nudges sent, want the target nudge alone", len(got))
		}
		msg, err := mail.ReadMessage(bytes.NewReader(got[0].Raw))
		if err != nil {
			t.Fatal(err)
		}
		if subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); !strings.HasPrefix(subj, "Reply target passed") || msg.Header.Get("In-Reply-To") != "" {
			t.Errorf("the nudge sent: %q in reply to %q", subj, msg.Header.Get("In-Reply-To"))
		}
	})
}
