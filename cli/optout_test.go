package cli

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// Hans answers the December letter from his own mail client with "please
// remove me from your list", quoting the letter (whose last line offers
// "reply unsubscribe"). After `keepwarm tick` (sync, then the engine)
// January's letter is not planned for him, `greetings plan` says why, and
// the ticks of January's first working day send him nothing.
func TestAnswerToTheLetterStopsTheNextOne(t *testing.T) {
	r := newLetterRig(t, mailtest.NewMemServer(t), map[string]string{
		"2026-12.tmpl": "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nthe new LED panels are in stock.\n\n" +
			"If you would rather not receive these letters, just reply unsubscribe.\n\n{{.Owner.Signature}}\n",
		"2027-01.tmpl": "subject: January news from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nour January news.\n\n{{.Owner.Signature}}\n",
	})
	// Hans, who wrote back, is Lily's customer.
	r.start("A")
	r.answer("a-1@buyer.de", "Re: Quotation LED panels", "Thank you, we will check.", day(1))
	// Lily answers him (a letter would not go while his mail waited).
	r.reply("r-0@seller.example", "a-1@buyer.de", "Dear Hans,\r\nthank you, we look forward to it.\r\n", day(1).Add(time.Hour))
	r.must(day(1).Add(2*time.Hour), "sync")
	db := r.db()
	c, err := db.ResolveCustomer(context.Background(), hans)
	if err != nil {
		t.Fatal(err)
	}
	lily := "lily@seller.example"
	if err := db.SetCustomer(context.Background(), c.ID, store.CustomerChange{Owner: &lily}, day(1), "test"); err != nil {
		t.Fatal(err)
	}
	// When the December letter goes, and when the January one would go had
	// Hans not asked out (each any time up to 16:59, by its key's hash):
	// the ticks of their days below must reach them.
	december := r.letterSendAt(day(1).Add(3*time.Hour), "2026-12", hans)
	january := r.letterSendAt(day(1).Add(3*time.Hour), "2027-01", hans)
	// Hourly ticks on the letter's day, at the hours that tell: before and
	// at the window's start (09:00), the hour after, just after its send
	// time, around the window's end and at the day's last hour (the others
	// find what their neighbours found).
	for _, at := range ticksAround(december, 0, 8, 9, 10, 16, 17, 23) {
		r.tick(at)
	}
	got := r.received()
	if len(got) != 1 || !strings.HasPrefix(got[0].Header.Get("Subject"), "News from Lily Chen") {
		t.Fatalf("Hans received %d mails", len(got))
	}
	letter := got[0]
	body, _ := io.ReadAll(letter.Body)
	var quote strings.Builder
	for _, l := range strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n") {
		quote.WriteString("> " + l + "\r\n")
	}
	id := strings.Trim(letter.Header.Get("Message-Id"), "<>")
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, berlin)
	answer := mailtest.Msg{From: "Hans Meier <" + hans + ">", To: "Lily Chen <" + mailtest.SMTPUser + ">",
		Subject: "Re: " + letter.Header.Get("Subject"), MessageID: "r-1@buyer.de", InReplyTo: id, References: []string{id}, Date: at,
		Body: "Dear Lily,\r\n\r\nplease remove me from your list.\r\n\r\nHans\r\n\r\nOn Tue, 1 Dec 2026 at 09:12, Lily Chen <" + mailtest.SMTPUser + "> wrote:\r\n" + quote.String()}
	r.srv.Append(t, mailtest.SMTPUser, "INBOX", answer.Bytes(), at)
	r.tick(at.Add(5 * time.Minute))

	var plan sequences.Plan
	out := r.must(at.Add(10*time.Minute), "greetings", "plan", "--month", "2027-01", "--json")
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	letterFound := false
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter && it.To.Email == hans {
			letterFound = true
			if it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, hans+" opted out") {
				t.Errorf("Hans's January letter: %s %q", it.Status, it.Reason)
			}
		}
	}
	if !letterFound {
		t.Errorf("no January letter item for Hans:\n%s", out)
	}
	if table := r.must(at.Add(10*time.Minute), "greetings", "plan", "--month", "2027-01"); !strings.Contains(table, hans+" opted out") {
		t.Errorf("the plan does not say why:\n%s", table)
	}
	// Lily's digest tells her, with the answer it came in.
	if out := r.must(at.Add(10*time.Minute), "digest", "--salesperson", "lily@seller.example"); !strings.Contains(out, "ASKED FOR NO MORE MAIL (1)") ||
		!strings.Contains(out, hans+" (") || !strings.Contains(out, `in "Re: News from Lily Chen`) {
		t.Errorf("Lily's digest does not say Hans asked for no more mail:\n%s", out)
	}
	// The January letter's day: the hours that tell, and just after the
	// time it would have gone (any time up to 16:59, by its key's hash).
	for _, at := range ticksAround(january, 0, 9, 10, 13, 16, 23) {
		r.tick(at)
	}
	if n := len(r.received()); n != 1 {
		t.Fatalf("Hans received %d more mails after asking for none", n-1)
	}
}
