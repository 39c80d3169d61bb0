package sequences_test

import (
	"slices"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// Lily's Outlook answered Hans's inquiry with In-Reply-To and no
// References: the follow-up of her answer names the inquiry too
// (References: <q1> <her answer>), so a client threading by References
// keeps it with the inquiry (RFC 5322 3.6.4).
func TestAFollowUpOfAReplyWithOnlyInReplyToReferencesItsParent(t *testing.T) {
	w := newFUWorld(t, "A")
	m := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED panels", day0.Add(time.Hour))
	m.Text = "Dear Hans,\n\nplease find our quotation for the LED panels attached.\n\nBest regards\nLily"
	m.InReplyTo = []string{"q-1@buyer.de"}
	w.save("lily", "Sent", m)
	r := w.resendOf("q-2@seller.example")
	if want := []string{"q-1@buyer.de", "q-2@seller.example"}; !slices.Equal(r.References, want) {
		t.Fatalf("References %q, want %q", r.References, want)
	}
}

// Wang's Outlook answered Lily's quotation with In-Reply-To alone: the
// "received" draft in Lily's Drafts references the quotation too.
func TestAckDraftOfAnOutlookReplyReferencesItsParent(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := ackWorld(t, srv)
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: lilyUser, To: "wang@huaxin.cn", Subject: "报价", MessageID: "s0@acme",
			Body: "王经理您好：\n\n附件是我们的报价单，请查收。\n\n陈丽"}, t0.Add(-47*time.Hour))
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "王经理 <wang@huaxin.cn>", To: lilyUser, Subject: "答复: 报价", MessageID: "zh-q1@huaxin.cn",
			InReplyTo: "s0@acme", Body: "陈小姐您好：\n\n请再报2000件LED面板的价格，交货地点上海港。\n\n王"}, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		raws, _ := draftsOf(t, srv, lilyUser)
		if len(raws) != 1 {
			t.Fatalf("%d messages in Drafts", len(raws))
		}
		if got := header([]byte(raws[0]), "References"); got != "<s0@acme> <zh-q1@huaxin.cn>" {
			t.Errorf("References %q", got)
		}
	})
}
