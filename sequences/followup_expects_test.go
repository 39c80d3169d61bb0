package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Lily's signature ends with a tagline that names a price. Her thanks for
// an order, signed with it, is information: it is not followed up, and the
// reason kept says thanks.
func TestASignaturesTaglineOffersNothing(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Identities[0].Signature = "Lily Chen\nSales, Ningbo Bright LED Co.\nProfessional LED maker - best quality, competitive price"
	})
	w.run(day0.Add(time.Minute))
	sig := " Lily Chen Sales, Ningbo Bright LED Co. Professional LED maker - best quality, competitive price"
	w.save("lily", "INBOX", w.mail("i-2@buyer.de", keepwarm.KindInbound, "buyer2", "Order 4471", "Please confirm our order 4471.", day0.Add(time.Hour)))
	w.save("lily", "Sent", w.mail("s-2@seller.example", keepwarm.KindOutbound, "buyer2", "Re: Order 4471",
		"Dear Mr. Two, thank you for your order!"+sig, day0.Add(2*time.Hour), "i-2@buyer.de"))
	w.run(day0.Add(3 * time.Hour))
	skips, err := w.db.FollowUpSkips(context.Background(), 0, day0)
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) != 1 || skips[0].Reason != keepwarm.SkipInformational || !strings.Contains(skips[0].Detail, "thanks") {
		t.Fatalf("skips: %+v", skips)
	}
	if n := len(liveOf(t, w)); n != 1 {
		t.Fatalf("%d live enrollments, want only the first quotation's", n)
	}
}
