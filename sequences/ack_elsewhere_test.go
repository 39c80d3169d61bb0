package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// TestAckDraftGoesWhenTheMailIsAnsweredInAnotherThread: Hans asks about
// samples; the first nudge files a "received" draft in Lily's Drafts; Lily
// answers him from the thread of last month's quotation (another subject,
// Hans in To). His mail is answered: the draft is removed, as an answer in
// his own thread would remove it.
func TestAckDraftGoesWhenTheMailIsAnsweredInAnotherThread(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := ackWorld(t, srv)
		ctx := context.Background()
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser, Subject: "Quotation 77",
			MessageID: "q77@globex.de", Body: "Please quote 500 pcs.\n\nHans"}, t0.Add(-30*24*time.Hour))
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser, Subject: "Samples",
			MessageID: "samples@globex.de", Body: "Can you send two samples?\n\nHans"}, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 1 {
			t.Fatalf("%d messages in Drafts, want the \"received\" draft", len(raws))
		}

		w.deliver(lilyUser, "Sent", mailtest.Msg{From: lilyUser, To: "hans@globex.de", Subject: "Re: Quotation 77", MessageID: "a77@acme",
			InReplyTo: "q77@globex.de", References: []string{"q77@globex.de"}, Body: "Dear Hans, samples go out today, with the quotation."}, t0.Add(8*time.Minute))
		w.sync()
		if w.idOf("a77@acme") == 0 {
			t.Fatal("the rig: the answer was not synced")
		}
		w.tickAt(t0.Add(9 * time.Minute))
		if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 0 {
			t.Fatalf("after the answer in another thread Drafts holds %d messages: %s", len(raws), strings.Join(raws, "\n---\n"))
		}
		items, err := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginAck})
		if err != nil || len(items) != 1 {
			t.Fatalf("ack items: %+v %v", items, err)
		}
		if got, _ := w.db.DraftOutcome(ctx, items[0].ID); got != "removed" {
			t.Errorf("outcome %q, want removed", got)
		}
	})
}
