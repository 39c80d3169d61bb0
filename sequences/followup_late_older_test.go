package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// An older mail to the same buyer stored after a newer one (a colleague's
// mailbox synced only now, a Sent copy filed late) does not supersede the
// newer one's follow-up, nor is it chased: the newer mail is the one
// followed up, and the older one is set aside with why.
func TestAnOlderMailStoredLateSupersedesNothing(t *testing.T) {
	w := newFUWorld(t, "A")
	// The world's quotation (q-1, day0) is not the story here: it is
	// answered, so only the two mails below are followed up.
	w.save("lily", "INBOX", w.mail("a-1@buyer.de", keepwarm.KindInbound, "hans", "Re: Quotation LED panels", "Thanks, we will check.", day0.Add(time.Hour), "q-1@seller.example"))
	w.save("lily", "Sent", w.mail("q-2@seller.example", keepwarm.KindOutbound, "hans", "Quotation cables", "Dear Hans, our offer for the cables.", day0.AddDate(0, 0, 2)))
	w.run(day0.AddDate(0, 0, 2).Add(time.Minute))
	newThread := w.threadOf("q-2@seller.example")
	// The price list of day 0.5, stored only on day 4.
	w.save("lily", "Sent", w.mail("p-0@seller.example", keepwarm.KindOutbound, "hans", "Price list 2027", "Dear Hans, please find our price list. Which items do you need?", day0.Add(12*time.Hour)))
	w.run(day0.AddDate(0, 0, 4))
	if a := w.enrollmentOf(newThread); a.Status != keepwarm.EnrollActive {
		t.Fatalf("the newer quotation's follow-up: %s (%s)", a.Status, a.Reason)
	}
	if n := len(liveOf(t, w)); n != 1 {
		t.Fatalf("%d live enrollments, want the newer quotation's only: %+v", n, liveOf(t, w))
	}
	for _, it := range w.outbox() {
		if strings.Contains(it.Text, "price list") || strings.Contains(it.Subject, "Price list") {
			t.Fatalf("the older mail is chased: %+v", it)
		}
	}
	skips, err := w.db.FollowUpSkips(context.Background(), w.cid, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range skips {
		if s.Reason == keepwarm.SkipSuperseded && strings.Contains(s.Detail, "a newer mail to the same contacts") {
			found = true
		}
	}
	if !found {
		t.Fatalf("the older mail is not set aside as superseded: %+v", skips)
	}
}
