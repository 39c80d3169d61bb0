package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/templates"
)

// A mail gateway's tag in the thread's subject ("[External Email]") is
// the thread's words, not a merge field of the template: the resend goes
// out under that subject.
func TestFollowUpUnderAGatewayTaggedSubjectIsSent(t *testing.T) {
	w := newFUWorld(t, "A")
	m := w.msg("q-2@seller.example", keepwarm.KindOutbound, "RE: [External Email] Quotation Q-118", day0.Add(time.Hour))
	m.Text = "please find our quotation for 2,000 LED panels attached."
	m.To, m.Cc, m.Contacts = []keepwarm.Address{{Email: hansAddr.Email}}, nil, []keepwarm.Address{hansAddr}
	w.save("lily", "Sent", m)
	it := w.resendOf("q-2@seller.example")
	if !strings.Contains(it.Subject, "[External Email] Quotation Q-118") {
		t.Fatalf("resend subject %q", it.Subject)
	}
}

// A "received" draft for a customer mail whose subject a gateway tagged
// "[EXTERNAL EMAIL]" is filed.
func TestAckDraftUnderAGatewayTaggedSubjectIsLeft(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := lilyAckWorld(t, set)
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Wang Wei <wang.wei@huaxin.cn>", To: lilyUser, Subject: "RE: [EXTERNAL EMAIL] RFQ",
		MessageID: "n-1@huaxin.cn", Body: "Please quote 2000 pcs."}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	raws, _ := draftsOf(t, w.srv, lilyUser)
	if len(raws) != 1 || !strings.Contains(header([]byte(raws[0]), "In-Reply-To"), "n-1@huaxin.cn") {
		t.Fatalf("drafts %q", raws)
	}
}
