package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// TestReplyUnseenAckSentFromPhone: keepwarm files a "received" draft for
// Hans's mail in Lily's Drafts; she sends it from her phone, whose app
// keeps the draft's Message-ID and no copy in Sent. Hans answers it: his
// mail shows Lily answered, as an answer from her phone does. keepwarm did
// not send that draft, Lily did. Its words, which he quotes, are no
// automatic receipt's.
func TestReplyUnseenAckSentFromPhone(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := ackWorld(t, srv)
		minute := time.Minute
		w.deliver(lilyUser, "INBOX", ask("p1@globex.de", lilyUser, "Samples"), t0.Add(-2*time.Hour))
		w.deliver(lilyUser, "Sent", answer("p2@acme", lilyUser, "Samples", "p1@globex.de"), t0.Add(-2*time.Hour+3*minute))
		w.deliver(lilyUser, "INBOX", ask("h1@globex.de", lilyUser, "500 pcs by March"), t0)
		w.sync()
		w.tickAt(t0.Add(6 * minute))
		raws, _ := draftsOf(t, srv, lilyUser)
		if len(raws) != 1 {
			t.Fatalf("%d drafts, want the \"received\" one", len(raws))
		}
		id := strings.Trim(header([]byte(raws[0]), "Message-ID"), "<>")
		if id == "" {
			t.Fatal("the draft has no Message-ID")
		}
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser,
			Subject: "Re: 500 pcs by March", MessageID: "h2@globex.de", InReplyTo: id,
			References: []string{"h1@globex.de", id}, Body: "Thank you, waiting for the PI.\n\n> Dear Hans,\n>\n> Thank you for your mail. " +
				"I have received it and am working on it; I will come\n> back to you with a full answer shortly."}, t0.Add(30*minute))
		w.sync()
		w.tickAt(t0.Add(31 * minute))
		if h1 := w.clockOf("h1@globex.de"); h1.UnseenBy != w.idOf("h2@globex.de") || h1.Open() {
			t.Errorf("h1 answered by the draft Lily sent from her phone, as h2 shows: %+v", h1)
		}
	})
}
