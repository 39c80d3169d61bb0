package sequences_test

import (
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
	"time"

	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// A private buyer imported from a sheet with a contact and no company
// (keyed by the gmail address, named after the person) gets a Christmas
// greeting that greets no company: never "a todo el equipo de Juan
// García". Read back from the INBOX.
func TestChristmasToAPrivateBuyerNamesNoCompany(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
	sheet, err := book.Parse([][]string{{"Contact", "Email", "Country", "Grade"}, {"Juan García", "juan.garcia@gmail.com", "Spain", "A"}}, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.db.ImportBook(r.ctx, r.clock.Now(), sheet, store.ImportOptions{Owner: lily, FreeMail: func(d string) bool { return d == "gmail.com" }})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := r.db.Customer(r.ctx, rep.Rows[0].CustomerID); err != nil || c.Name != "Juan García" || !strings.HasPrefix(c.Key, "addr:") {
		t.Fatalf("the import keyed the buyer %+v (%v)", c, err)
	}
	r.imap.AddUser(t, "juan.garcia@gmail.com", imapPass)
	r.start(nil)
	r.replay(time.Date(2026, 12, 24, 12, 0, 0, 0, time.UTC), time.Hour)
	got := r.inbox("juan.garcia@gmail.com")
	if len(got) != 1 {
		t.Fatalf("received %d greeting(s)", len(got))
	}
	body := got[0].Body
	if b, err := readQP(body); err == nil {
		body = b
	}
	if !strings.Contains(body, "Juan") || strings.Contains(body, "de Juan García") || strings.Contains(body, "at Juan García") {
		t.Errorf("%q\n%s", got[0].Subject, body)
	}
}

func readQP(s string) (string, error) {
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(s)))
	return string(b), err
}
