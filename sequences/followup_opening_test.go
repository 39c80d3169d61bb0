package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A quotation whose short first line greets and goes on ("Dear Hans,
// please see our offer attached") is resent opening "Dear Hans,", not with
// its whole first line as a salutation.
func TestAResendOpensWithTheGreetingOfARunOnFirstLine(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Dear Hans, please see our offer attached\n\nLED panel 600x600 40W: USD 18.40 CIF Hamburg, valid for 30 days.\n\nBest regards,\nLily",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.HasPrefix(r.Text, "Dear Hans,\n\n") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// A quotation written to Hans on "du" terms is not followed up by the
// default German resend, which says "Ihnen": the enrollment fails with
// both words, where the salesperson sees it.
func TestAResendDoesNotSwitchADuThreadToSie(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Hallo Hans,\n\nwie besprochen schicke ich dir unser Angebot für die Panels.\n\nViele Grüße\nLily",
		[]keepwarm.Address{hansAddr}, nil)
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	for _, it := range w.outbox() {
		if it.InReplyTo == "q-2@seller.example" {
			t.Fatalf("queued:\n%s", it.Text)
		}
	}
	e := w.enrollmentOf(w.threadOf("q-2@seller.example"))
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, `"dir"`) || !strings.Contains(e.Reason, `"Ihnen"`) {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}
