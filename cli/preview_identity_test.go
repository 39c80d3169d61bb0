package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// previewOpening is the first line of the text a preview prints: the opening.
func previewOpening(out string) string {
	_, body, _ := strings.Cut(out, "\n\n")
	first, _, _ := strings.Cut(body, "\n")
	return first
}

// `keepwarm preview` makes the checks a step makes on its text: a thread
// in Italian with only the built-in English resend, and a contact without
// a name in the team's "Hi {{.Contact.FirstName}}," are not sent, and the
// preview says so and exits 1 instead of showing a mail that would never go.
func TestPreviewSaysWhatTheStepWouldRefuse(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tmpl := t.TempDir()
	os.WriteFile(filepath.Join(tmpl, "resend.tmpl"), []byte("subject: {{reply .Original.Subject}}\n--- text\nHi {{.Contact.FirstName}},\n\ndid my mail of {{date .Original.Date}} reach you?\n\n{{.Owner.Signature}}\n"), 0o600)
	r := newSeqRig(t, srv, "\n[sequences]\ntemplates_dir = \""+tmpl+"\"\n")
	it := mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: "Marco Rossi <marco@rossi.it>",
		Subject: "Offerta pannelli LED", MessageID: "q-it@seller.example", Date: seqDay0,
		Body: "Gentile Marco,\r\nin allegato trova la nostra offerta per 2000 pannelli LED, come richiesto. Restiamo a disposizione per qualsiasi domanda o chiarimento sui prezzi e sui tempi di consegna.\r\n\r\nCordiali saluti\r\nLily\r\n"}
	srv.Append(t, mailtest.SMTPUser, "Sent", it.Bytes(), seqDay0)
	noName := mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: "buyer@noname.example",
		Subject: "Quotation LED panels", MessageID: "q-nn@seller.example", Date: seqDay0,
		Body: "please find our quotation for 2000 LED panels attached.\r\n"}
	srv.Append(t, mailtest.SMTPUser, "Sent", noName.Bytes(), seqDay0)
	r.must(day(0).Add(time.Minute), "sync")

	code, out, errs := r.run(day(1), "preview", "resend", "--customer", "marco@rossi.it")
	if code != 1 || !strings.Contains(out, "Not sent: the thread is in it and there is no resend.it.tmpl") || !strings.Contains(errs, "not sent to this customer") {
		t.Errorf("preview of an Italian thread with only the English resend: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	code, out, errs = r.run(day(1), "preview", "resend", "--customer", "buyer@noname.example")
	if code != 1 || !strings.Contains(out, "Not sent: resend.tmpl opens \"Hi ,\"") || !strings.Contains(errs, "not sent to this customer") {
		t.Errorf("preview for a contact without a name: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	// Hans, with a name and an English thread, is sent to.
	r.start("A")
	if code, out, errs := r.run(day(1), "preview", "resend", "--customer", hans); code != 0 || strings.Contains(out, "Not sent") {
		t.Errorf("preview for Hans: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}

// `keepwarm preview` writes to whom a step would, and greets them as it
// would: given the customer's domain, the contact Lily's last mail went to
// (Carol), not the first contact in the book (Bob, who wrote first); given
// Bob, not with the "Dear Carol" of a mail that went to Carol.
func TestPreviewWritesToWhomTheStepWould(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	inq := mailtest.Msg{From: "Bob Stone <bob@acme-supply.com>", To: "Lily Chen <" + mailtest.SMTPUser + ">",
		Subject: "Catalog request", MessageID: "inq-bob@acme-supply.com", Date: seqDay0.Add(-48 * time.Hour),
		Body: "Hello Lily,\r\nplease send us your catalog.\r\n"}
	srv.Append(t, mailtest.SMTPUser, "INBOX", inq.Bytes(), inq.Date)
	r.must(day(0), "sync") // Bob is the book's first contact
	q := mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: "Carol Diaz <carol@acme-supply.com>",
		Subject: "Quotation LED panels", MessageID: "q-carol@seller.example", Date: seqDay0,
		Body: "Dear Carol,\r\nplease find our quotation for 2000 LED panels attached.\r\n"}
	srv.Append(t, mailtest.SMTPUser, "Sent", q.Bytes(), seqDay0)
	r.must(day(0).Add(time.Minute), "sync")

	out := r.must(day(1), "preview", "resend", "--customer", "acme-supply.com")
	if !strings.Contains(out, "To: carol@acme-supply.com") || !strings.HasPrefix(previewOpening(out), "Dear Carol") {
		t.Errorf("preview for the domain:\n%s", out)
	}
	out = r.must(day(1), "preview", "resend", "--customer", "bob@acme-supply.com")
	if !strings.Contains(out, "To: bob@acme-supply.com") || strings.Contains(previewOpening(out), "Carol") {
		t.Errorf("preview for Bob greets %q:\n%s", previewOpening(out), out)
	}
}

// `keepwarm preview` writes to and greets as the step would after a
// bounce: Lily's quotation went to Carol, Cc Bob, "Dear Carol and Bob,".
// Carol bounced: the step writes to Bob alone, without the greeting of
// Carol, and the preview for the domain does too; asked for Carol, it says
// she is not written to. Bob bounced instead: the preview for Carol does
// not greet Bob.
func TestPreviewWritesAsTheStepWouldAfterABounce(t *testing.T) {
	for _, gone := range []string{"carol@acme-supply.com", "bob@acme-supply.com"} {
		srv := mailtest.NewMemServer(t)
		r := newSeqRig(t, srv, "")
		q := mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: "Carol Diaz <carol@acme-supply.com>", Cc: "Bob Stone <bob@acme-supply.com>",
			Subject: "Quotation LED panels", MessageID: "q-carol@seller.example", Date: seqDay0,
			Body: "Dear Carol and Bob,\r\nplease find our quotation for 2000 LED panels attached.\r\n"}
		srv.Append(t, mailtest.SMTPUser, "Sent", q.Bytes(), seqDay0)
		r.must(day(0).Add(time.Minute), "sync")
		if _, err := r.db().FlagBounced(context.Background(), []string{gone}, seqDay0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if gone == "carol@acme-supply.com" {
			out := r.must(day(1), "preview", "resend", "--customer", "acme-supply.com")
			if !strings.Contains(out, "To: bob@acme-supply.com") || strings.Contains(previewOpening(out), "Carol") || strings.Contains(out, "Not sent") {
				t.Errorf("preview for the domain, Carol bounced, greets %q:\n%s", previewOpening(out), out)
			}
			code, out, errs := r.run(day(1), "preview", "resend", "--customer", gone)
			if code != 1 || !strings.Contains(out, "Not sent: carol@acme-supply.com bounced") || !strings.Contains(errs, "not sent to this customer") {
				t.Errorf("preview for Carol, bounced: exit %d\nstdout %s\nstderr %s", code, out, errs)
			}
			continue
		}
		out := r.must(day(1), "preview", "resend", "--customer", "carol@acme-supply.com")
		if !strings.Contains(out, "To: carol@acme-supply.com") || strings.Contains(previewOpening(out), "Bob") {
			t.Errorf("preview for Carol, Bob bounced, greets %q:\n%s", previewOpening(out), out)
		}
	}
}

// `keepwarm preview` for a customer with no mail of ours (only Marco's
// own inquiry) quotes a sample original, but writes in the book's
// language (Italian, with the team's resend.it.tmpl), not in the English
// of the sample.
func TestPreviewWithASampleOriginalWritesTheBooksLanguage(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tmpl := t.TempDir()
	os.WriteFile(filepath.Join(tmpl, "resend.it.tmpl"), []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nle scrivo per sapere se la mia mail del {{date .Original.Date}} è arrivata.\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"), 0o600)
	r := newSeqRig(t, srv, "\n[sequences]\ntemplates_dir = \""+tmpl+"\"\n")
	inq := mailtest.Msg{From: "Marco Rossi <marco@rossi.it>", To: "Lily Chen <" + mailtest.SMTPUser + ">",
		Subject: "Richiesta pannelli LED", MessageID: "inq-marco@rossi.it", Date: seqDay0,
		Body: "Buongiorno Lily,\r\nci potete mandare un'offerta per 2000 pannelli LED?\r\nMarco\r\n"}
	srv.Append(t, mailtest.SMTPUser, "INBOX", inq.Bytes(), seqDay0)
	r.must(day(0).Add(time.Minute), "sync")
	db := r.db()
	c, err := db.ResolveCustomer(context.Background(), "marco@rossi.it")
	if err != nil {
		t.Fatal(err)
	}
	it := "it"
	if err := db.SetCustomer(context.Background(), c.ID, store.CustomerChange{Language: &it}, seqDay0, "test"); err != nil {
		t.Fatal(err)
	}
	// No mail of ours: no mailbox a step would send from, said apart.
	_, out, _ := r.run(day(1), "preview", "resend", "--customer", "rossi.it")
	if !strings.Contains(out, "Template: resend.it.tmpl (it)") || !strings.Contains(out, "Buongiorno Marco,\n\nle scrivo") {
		t.Fatalf("preview:\n%s", out)
	}
}

// `keepwarm preview` follows up the mail a step would, as the console's
// preview does: a newer thread Hans opened that Lily has not answered yet
// does not hide her quotation, so the preview quotes it, not the sample.
func TestPreviewLooksPastANewerThreadWithoutOurMail(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	srv.Append(t, mailtest.SMTPUser, "Sent", quotation.Bytes(), seqDay0)
	samples := mailtest.Msg{From: "Hans Meier <" + hans + ">", To: "Lily Chen <" + mailtest.SMTPUser + ">",
		Subject: "Samples arrived", MessageID: "new-1@buyer.de", Date: day(1), Body: "Hello Lily,\r\nthe samples arrived today.\r\n"}
	srv.Append(t, mailtest.SMTPUser, "INBOX", samples.Bytes(), day(1))
	r.must(day(1).Add(time.Minute), "sync")
	code, out, errs := r.run(day(2), "preview", "resend", "--customer", hans)
	if code != 0 || !strings.Contains(out, "Subject: Re: Quotation LED panels") || !strings.Contains(out, "please find our quotation for 2000 LED panels") {
		t.Fatalf("the preview did not follow up Lily's quotation: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}
