package sequences_test

import (
	"strings"
	"testing"

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
