package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The resend went out, and the customer's server returns a delivery
// failure in words parse cannot read an address from ("您发送的邮件无法投递
// … 原因：用户不存在"). It names the resend by its In-Reply-To: the follow-up
// stops there and says so, instead of sending the next step to an address
// that may be dead; a person's Resume goes on.
func TestADeliveryFailureNamingNoAddressStopsTheNextStep(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	resend := w.outbox()[0]
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	ndr := w.msg("ndr-1@mx.customer.cn", keepwarm.KindBounce, "Undelivered Mail Returned to Sender", day0.AddDate(0, 0, 3).Add(time.Hour), resend.MessageID)
	ndr.From = keepwarm.Address{Name: "Mail Delivery System", Email: "mailer-daemon@mx.customer.cn"}
	ndr.CustomerKey, ndr.Contacts = "", nil
	ndr.Snippet = "您发送的邮件无法投递 … 原因：用户不存在"
	w.save("lily", "INBOX", ndr)
	for d := 4; d <= 8; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "a delivery failure came back for step 1 that names no address") {
		t.Fatalf("after the delivery failure: %s (%s)", e.Status, e.Reason)
	}
	for _, it := range w.outbox() {
		if it.Step != nil && *it.Step == 1 {
			t.Fatalf("step 2 after the delivery failure: %+v", it)
		}
	}
	// The salesperson checked the address: Resume goes on, the same
	// failure does not stop it again.
	if _, err := w.job.Resume(ctx, e.ID, day0.AddDate(0, 0, 8).Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.run(day0.AddDate(0, 0, 8).Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 9).Add(2 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive && e.Status != keepwarm.EnrollCompleted || len(w.outbox()) != 2 {
		t.Fatalf("after Resume: %s (%s), %d item(s)", e.Status, e.Reason, len(w.outbox()))
	}
}
