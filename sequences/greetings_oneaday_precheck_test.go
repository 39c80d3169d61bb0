package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Bob's birthday and Thanksgiving greetings were both queued (the plan had
// kept them apart then), and Thanksgiving went first: at the send's last
// look the birthday one is not sent, and says why.
func TestTheLastLookStopsASecondGreetingTheSameDay(t *testing.T) {
	r := bobsTwoGreetingsRig(t)
	r.clock.Set(time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC))
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]sequences.PlanItem{}
	for _, it := range plan.Items {
		if it.To.Email == usBuyer.email && it.Kind == sequences.OriginGreeting {
			items[it.Occasion] = it
		}
	}
	bday, thanks := items["birthday"], items["thanksgiving"]
	if bday.Key == "" || thanks.Key == "" {
		t.Fatalf("Bob's greetings in the plan: %+v", items)
	}
	sent := keepwarm.OutboxItem{Key: thanks.Key, MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: usBuyer.email}}, Subject: "Happy Thanksgiving",
		Text: "Happy Thanksgiving, Bob", Mode: keepwarm.ModeSend, Origin: sequences.OriginGreeting,
		CustomerID: thanks.CustomerID, DueAt: thanks.SendAt, CreatedAt: thanks.SendAt.Add(-time.Hour)}
	it, _, err := r.db.Enqueue(r.ctx, sent)
	if err != nil {
		t.Fatal(err)
	}
	if claimed, err := r.db.ClaimDue(r.ctx, thanks.SendAt, 10); err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %+v %v", claimed, err)
	}
	if err := r.db.MarkSent(r.ctx, it.ID, thanks.SendAt); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC) // 10:30 in New York
	reason, err := r.job.Precheck(r.ctx, keepwarm.OutboxItem{Key: bday.Key, Origin: sequences.OriginGreeting, Mode: keepwarm.ModeSend,
		CustomerID: bday.CustomerID, DueAt: at}, at)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(reason, "not sent: ") || !strings.Contains(reason, "one greeting a day") {
		t.Errorf("the birthday greeting after Thanksgiving went: %q, want it not sent: one greeting a day", reason)
	}
}
