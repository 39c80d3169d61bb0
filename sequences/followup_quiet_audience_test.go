package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/store"
)

// newSkipQuietMalaysiaWorld is the follow-up world with the key-customer
// sequence set to skip_quiet and its customer in Malaysia with no
// language; unless holidays is "", the book marks Hans as keeping those
// festivals.
func newSkipQuietMalaysiaWorld(t *testing.T, holidays string) *fuWorld {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	def, err := os.ReadFile("defaults/key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	seq := strings.Replace(string(def), "holidays = true\n", "holidays = true\nskip_quiet = true\n", 1)
	if seq == string(def) {
		t.Fatal("no [window] holidays line to add skip_quiet after")
	}
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(seq), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "A", dir)
	my := "MY"
	if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Country: &my}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	if holidays != "" {
		sheet, err := book.Parse([][]string{{"email", "holidays"}, {"hans@buyer.de", holidays}}, book.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.ImportBook(ctx, day0, sheet, store.ImportOptions{Owner: "lily@seller.example"}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// With skip_quiet, a Malaysian customer's follow-up is held through
// Ramadan when anything says the customer keeps it, though the customer
// record has no language: the thread is written in Malay (the language the
// step would be written in), or the book marks the contact as keeping
// Muslim festivals while he writes English, or nothing at all is known of
// him (when unsure, keepwarm does not send). A customer known to write
// English and marked as nothing gets his step on its day.
func TestSkipQuietInMalaysiaReadsTheThreadAndTheBook(t *testing.T) {
	const malay = "Terima kasih atas pertanyaan anda. Bersama ini kami lampirkan sebut harga untuk panel LED seperti yang diminta. Sila hubungi kami jika ada sebarang soalan atau jika anda memerlukan maklumat lanjut."
	const english = "Thank you for your enquiry. Please find attached our quotation for the LED panels as requested. Do not hesitate to contact us if you have any questions or need further details."
	for _, tc := range []struct {
		name, text, holidays string
		held                 bool
	}{
		{"Malay thread", malay, "", true},
		{"marked muslim, writes English", english, "muslim", true},
		{"nothing known", "", "", true},
		{"writes English", english, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newSkipQuietMalaysiaWorld(t, tc.holidays)
			// Monday 15 February 2027, in Ramadan 1448 (8 February to 9 March).
			sent := time.Date(2027, 2, 15, 9, 0, 0, 0, berlin)
			q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED panels, second batch", sent)
			q.Text = tc.text
			w.save("lily", "Sent", q)
			w.run(sent.Add(time.Minute))
			due := sent.AddDate(0, 0, 3).Add(time.Hour) // Thursday 18 February, 10:00
			w.run(due)
			var steps []keepwarm.OutboxItem
			for _, it := range w.outbox() {
				if strings.Contains(it.Subject, "second batch") {
					steps = append(steps, it)
				}
			}
			e := w.enrollment()
			if tc.held {
				if len(steps) != 0 {
					t.Fatalf("a step went out in Ramadan: %+v", steps)
				}
				if e.DueAt.Before(time.Date(2027, 3, 9, 0, 0, 0, 0, berlin)) {
					t.Errorf("the step is due %s, in Ramadan", e.DueAt.In(berlin).Format("Mon 2006-01-02 15:04"))
				}
				return
			}
			if len(steps) != 1 {
				t.Fatalf("an English writer's step: %d queued (%+v), due %s", len(steps), steps, e.DueAt.In(berlin))
			}
		})
	}
	_ = sequences.OriginGreeting
}
