package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Hans's question of 25 November waits for Lily's answer on 1 December: the
// December letter ("thank you for your trust this year") does not go while
// it waits; `greetings plan` says why. Once Lily has answered and the
// follow-up of her answer has ended, the next ticks send it, still in
// December.
func TestALetterWaitsWhileTheCustomersMailWaitsForAnAnswer(t *testing.T) {
	r := newLetterRig(t, mailtest.NewMemServer(t), map[string]string{
		"2026-12.tmpl": "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nthank you for your trust this year.\n\n{{.Owner.Signature}}\n",
	})
	r.start("A")
	asked := time.Date(2026, 11, 25, 10, 5, 0, 0, berlin)
	r.answer("a-1@buyer.de", "Re: Quotation LED panels", "Dear Lily,\r\n\r\nsamples received. Can you send the PI for 12 stores?\r\n\r\nHans", asked)
	r.tick(asked.Add(time.Minute))
	// When the letter would go were nothing waiting: the ticks below must
	// reach it.
	december := r.letterSendAt(asked.Add(2*time.Minute), "2026-12", hans)
	// The letter's day, at the hours that tell and just after the time
	// it would go (any time up to 16:59, by its key's hash): any tick from
	// then to the window's end would send it.
	for _, at := range ticksAround(december, 0, 8, 9, 10, 13, 16, 17, 23) {
		r.tick(at)
	}
	if n := len(r.received()); n != 0 {
		t.Fatalf("Hans got %d mails while his question waited for an answer", n)
	}
	var plan sequences.Plan
	at := time.Date(2026, 12, 1, 23, 30, 0, 0, berlin)
	out := r.must(at, "greetings", "plan", "--month", "2026-12", "--json")
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	found := false
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter && it.To.Email == hans {
			found = true
			if it.Status != sequences.PlanDue || !strings.Contains(it.Reason, "the customer's mail of 2026-11-25 10:05 CET waits for an answer: the letter goes once it is answered") {
				t.Errorf("Hans's December letter: %s %q", it.Status, it.Reason)
			}
		}
	}
	if !found {
		t.Fatalf("no December letter for Hans:\n%s", out)
	}
	// Lily answers on the 2nd: her PI is followed up, and the letter waits
	// for that follow-up too. She ends it (she will call Hans); the letter
	// follows on the next working day.
	answered := time.Date(2026, 12, 2, 9, 30, 0, 0, berlin)
	r.reply("r-1@seller.example", "a-1@buyer.de", "Dear Hans,\r\nthe PI is attached.\r\n", answered)
	r.tick(time.Date(2026, 12, 2, 10, 0, 30, 0, berlin))
	if n := len(r.received()); n != 0 {
		t.Fatalf("Hans got %d mails while the follow-up of Lily's PI ran", n)
	}
	live, err := r.db().ListEnrollments(context.Background(), 0, keepwarm.EnrollActive, keepwarm.EnrollPaused)
	if err != nil || len(live) != 1 {
		t.Fatalf("follow-ups running after Lily's PI: %+v %v", live, err)
	}
	r.must(time.Date(2026, 12, 2, 10, 30, 0, 0, berlin), "stop", strconv.FormatInt(live[0].ID, 10), "--yes")
	// Not the same day as her own mail to him: the next working day.
	for _, h := range []int{11, 14, 16, 17} {
		r.tick(time.Date(2026, 12, 2, h, 0, 30, 0, berlin))
	}
	if n := len(r.received()); n != 0 {
		t.Fatalf("Hans got %d mails the day Lily wrote to him herself", n)
	}
	for _, h := range []int{8, 9, 10, 13, 17} {
		r.tick(time.Date(2026, 12, 3, h, 0, 30, 0, berlin))
	}
	got := r.received()
	if len(got) != 1 || !strings.HasPrefix(got[0].Header.Get("Subject"), "News from Lily Chen") {
		t.Fatalf("after Lily's answer Hans got %d mails", len(got))
	}
}
