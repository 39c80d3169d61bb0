package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
)

// A customer's mail of January and of December measured together (a
// first sync) reads the customer's outbound mail in the weeks after each
// alone, not the 300 messages the team wrote them in the months between:
// the index entries read stay within about twice those kept.
func TestAnswersElsewhereReadsNotTheMonthsBetween(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	jan := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	dec := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	save(t, db, at(mail("jan@x", "a@one.com", "price list 2026", jan), "lily", "INBOX", 1, jan),
		at(mail("dec@x", "a@one.com", "order for 2027", dec), "lily", "INBOX", 2, dec))
	var sent []keepwarm.Incoming
	out := func(key, to, subject string, when time.Time) {
		m := mail(key, "lily@t.com", subject, when)
		m.Kind, m.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
		m.To = []keepwarm.Address{{Email: to}}
		m.Contacts = []keepwarm.Address{{Email: to}}
		sent = append(sent, at(m, "lily", "Sent", uint32(len(sent)+1), when))
	}
	// One answer in another thread in the week after each mail, and the
	// months between full of mail to a colleague of the buyer.
	out("ans-jan@x", "a@one.com", "samples", jan.Add(2*time.Hour))
	out("ans-dec@x", "a@one.com", "invoice", dec.Add(3*time.Hour))
	for i := range 300 {
		when := jan.Add(10*24*time.Hour + time.Duration(i)*20*time.Hour)
		out(fmt.Sprintf("mid%d@x", i), "b@one.com", fmt.Sprintf("shipment %d", i), when)
	}
	save(t, db, sent...)
	var read, kept int
	elsewhereSpansRead = func(r, k int) { read, kept = read+r, kept+k }
	t.Cleanup(func() { elsewhereSpansRead = nil })
	if _, err := db.MeasureReplies(ctx, dec.Add(30*24*time.Hour), "test", testJudge); err != nil {
		t.Fatal(err)
	}
	if kept < 2 || read > 2*kept {
		t.Fatalf("%d index entries read for %d in a window, want at most %d", read, kept, 2*kept)
	}
	for _, c := range []struct {
		key, by string
	}{{"jan@x", "ans-jan@x"}, {"dec@x", "ans-dec@x"}} {
		var answered bool
		if err := db.r.GetContext(ctx, &answered, `SELECT rc.replied_at IS NOT NULL FROM reply_clocks rc JOIN messages m ON m.id = rc.message_id
			WHERE m.message_id = ?`, msg(c.key).MessageID); err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		if !answered {
			t.Fatalf("%s: not answered by %s in another thread", c.key, c.by)
		}
	}
}
