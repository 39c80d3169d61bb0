package sequences_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The product introduction, filed in Drafts, is sent by Lily from her mail
// client under a new Message-ID. The buyer's server returns it with a
// report that names no address, quoting only the new Message-ID (the
// introduction starts a thread of its own: no reference to the mail
// followed up). The follow-up stops there and names the step, as it does
// for a step keepwarm sent itself, instead of giving the call task and
// writing on to an address that may be dead.
func TestADeliveryFailureOfASentDraftStopsTheFollowUp(t *testing.T) {
	w := newFUWorld(t, "A")
	intro, sent := w.sendIntroductionFromDrafts()
	if intro.Step == nil {
		t.Fatalf("the introduction has no step: %+v", intro)
	}
	ndr := w.msg("ndr-intro@mx.buyer.de", keepwarm.KindBounce, "Undelivered Mail Returned to Sender", sent.Add(time.Hour), "outlook-intro@seller.example")
	ndr.From = keepwarm.Address{Name: "Mail Delivery System", Email: "mailer-daemon@mx.buyer.de"}
	ndr.CustomerKey, ndr.Contacts = "", nil
	ndr.Snippet = "Ihre Nachricht konnte nicht zugestellt werden."
	w.save("lily", "INBOX", ndr)
	w.run(sent.Add(2 * time.Hour))
	e := w.enrollment()
	want := fmt.Sprintf("a delivery failure came back for step %d that names no address", *intro.Step+1)
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, want) {
		t.Fatalf("after the delivery failure of the introduction sent from Drafts: %s (%s); want failed, %q", e.Status, e.Reason, want)
	}
}
