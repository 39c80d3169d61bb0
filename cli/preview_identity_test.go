package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// `keepwarm preview` of a follow-up shows the sender the step would go
// from: the thread's own (Tom answered the inquiry from his mailbox), not
// the customer's owner in the book (Lily); and for a customer no step
// would go to, why not, exiting 1.
func TestPreviewShowsTheStepsOwnSender(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "tom@seller.example", "tom-pw")
	r := newSeqRig(t, srv, `
[[salesperson]]
email = "tom@seller.example"
name = "Tom Wu"
[[mailbox]]
name = "tom"
owner = "tom@seller.example"
url = "`+srv.URL().String()+`"
username = "tom@seller.example"
password_env = "TOM_PW"
SMTP_URL_TOM
`)
	r.env["TOM_PW"] = "tom-pw"
	body, _ := os.ReadFile(r.config)
	// Tom's mailbox sends through the rig's SMTP server, made with the rig.
	os.WriteFile(r.config, []byte(strings.Replace(string(body), "SMTP_URL_TOM", `smtp_url = "`+r.smtp.URL().String()+`"`, 1)), 0o600)
	q := quotation
	q.From = "Tom Wu <tom@seller.example>"
	srv.Append(t, "tom@seller.example", "Sent", q.Bytes(), seqDay0)
	r.must(day(0), "sync")
	db := r.db()
	c, err := db.ResolveCustomer(context.Background(), hans)
	if err != nil {
		t.Fatal(err)
	}
	lily := "lily@seller.example"
	if err := db.SetCustomer(context.Background(), c.ID, store.CustomerChange{Owner: &lily}, seqDay0, "test"); err != nil {
		t.Fatal(err)
	}
	out := r.must(day(1), "preview", "resend", "--customer", hans)
	if !strings.Contains(out, "From: Tom Wu <tom@seller.example>") || strings.Contains(out, "Not sent") {
		t.Fatalf("preview:\n%s", out)
	}
	// In the pool, with Tom's mailbox gone: nobody to send from.
	pool := ""
	if err := db.SetCustomer(context.Background(), c.ID, store.CustomerChange{Owner: &pool}, seqDay0, "test"); err != nil {
		t.Fatal(err)
	}
	body, _ = os.ReadFile(r.config)
	cut, _, _ := strings.Cut(string(body), "[[mailbox]]\nname = \"tom\"")
	os.WriteFile(r.config, []byte(cut), 0o600)
	code, out, errs := r.run(day(1), "preview", "resend", "--customer", hans)
	if code != 1 || !strings.Contains(out, "Not sent: ") || !strings.Contains(errs, "not sent to this customer") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}
