package sequences_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"

	"github.com/jmoiron/sqlx"
)

// A team's resend written "Hi {{.Contact.FirstName}}," goes to Hans as
// "Hi Hans,", but never as "Hi ," to a shared address (export1@): that
// step fails with why, where the salesperson sees the follow-up.
func TestFollowUpWithAnEmptyNameSlotIsNotSent(t *testing.T) {
	w := newFUWorld(t, "A")
	own := fstest.MapFS{}
	for _, lang := range []string{"", ".de", ".es", ".fr", ".pt", ".ru", ".ar", ".zh"} {
		own["resend"+lang+".tmpl"] = &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" +
			"Hi {{.Contact.FirstName}},\n\ndid my mail reach you?\n\n{{.Owner.Signature}}\n")}
	}
	set, err := templates.Load(templates.Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.quotationTo("q-2@seller.example", "Dear all,\n\nour quotation.", []keepwarm.Address{{Name: "Ahmed Khan", Email: "export1@buyer.de"}}, nil)
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	var toHans bool
	for _, it := range w.outbox() {
		if strings.Contains(it.Text, "Hi ,") || it.InReplyTo == "q-2@seller.example" {
			t.Fatalf("sent %q to %v", it.Text, it.To)
		}
		toHans = toHans || strings.HasPrefix(it.Text, "Hi Hans,")
	}
	if !toHans {
		t.Fatalf("no resend to Hans: %+v", w.outbox())
	}
	e := w.enrollmentOf(w.threadOf("q-2@seller.example"))
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, `opens "Hi ,"`) || !strings.Contains(e.Reason, "{{.Contact.Salutation}}") {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// An opening that goes on after the name ("Hi {{.Contact.FirstName}},
// hope all is well!") is not sent as "Hi , hope all is well!" to a
// shared address either: the step fails saying why.
func TestFollowUpWithAnEmptyNameSlotInsideTheOpeningIsNotSent(t *testing.T) {
	w := newFUWorld(t, "A")
	own := fstest.MapFS{}
	for _, lang := range []string{"", ".de", ".es", ".fr", ".pt", ".ru", ".ar", ".zh"} {
		own["resend"+lang+".tmpl"] = &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" +
			"Hi {{.Contact.FirstName}}, hope all is well!\n\ndid my mail reach you?\n\n{{.Owner.Signature}}\n")}
	}
	set, err := templates.Load(templates.Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.quotationTo("q-2@seller.example", "Dear all,\n\nour quotation.", []keepwarm.Address{{Name: "Ahmed Khan", Email: "export1@buyer.de"}}, nil)
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	for _, it := range w.outbox() {
		if strings.Contains(it.Text, "Hi , hope") || it.InReplyTo == "q-2@seller.example" {
			t.Fatalf("sent %q to %v", it.Text, it.To)
		}
	}
	e := w.enrollmentOf(w.threadOf("q-2@seller.example"))
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, `opens "Hi , hope all is well!"`) || !strings.Contains(e.Reason, "{{.Contact.Salutation}}") {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// ackOpening is the built-in templates with the "received" draft of every
// language opening with the line opening.
func ackOpening(t *testing.T, opening string) *templates.Set {
	t.Helper()
	own := fstest.MapFS{}
	for _, lang := range []string{"", ".de", ".es", ".fr", ".pt", ".ru", ".ar", ".zh"} {
		own["ack"+lang+".tmpl"] = &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" +
			opening + "\n\nthank you, we are looking into it.\n\n{{.Owner.Signature}}\n")}
	}
	set, err := templates.Load(templates.Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// A "received" draft written "Hi {{.Contact.FirstName}}," is left for
// Wang Wei, but none for a shared address (export1@): no "Hi ," waits in
// Lily's Drafts for her to send, and her nudge says why.
func TestAckDraftWithAnEmptyNameSlotIsNotLeft(t *testing.T) {
	w := lilyAckWorld(t, ackOpening(t, "Hi {{.Contact.FirstName}},"))
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Wang Wei <wang.wei@huaxin.cn>", To: lilyUser, Subject: "Inquiry LED panels",
		MessageID: "n-1@huaxin.cn", Body: "Please quote 2000 pcs."}, t0)
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Ahmed Khan <export1@alnoor.ae>", To: lilyUser, Subject: "Inquiry cables",
		MessageID: "n-2@alnoor.ae", Body: "Please quote 500 m."}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	raws, _ := draftsOf(t, w.srv, lilyUser)
	if len(raws) != 1 || !strings.Contains(raws[0], "Hi Wang,") || !strings.Contains(header([]byte(raws[0]), "In-Reply-To"), "n-1@huaxin.cn") {
		t.Fatalf("drafts %q", raws)
	}
	// Lily's nudge about Ahmed's mail says why no draft is there.
	var said bool
	for _, m := range w.nudges() {
		body := decodedText(t, string(m.Raw))
		if strings.Contains(body, "Inquiry cables") {
			said = strings.Contains(body, `No "received" draft: its template would open "Hi ,"`) && strings.Contains(body, "{{.Contact.Salutation}}")
		}
	}
	if !said {
		t.Errorf("no nudge says why there is no draft for Ahmed: %d nudges", len(w.nudges()))
	}
}

// setSalutation saves a salutation on Hans's contact as the desk does.
func (w *fuWorld) setSalutation(email, sal, lang string) {
	w.t.Helper()
	ctx := context.Background()
	rec, err := w.db.Customer(ctx, w.cid)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range rec.Contacts {
		if strings.EqualFold(c.Email, email) {
			if err := w.db.SetContact(ctx, c.ID, store.ContactChange{Salutation: &sal, Language: &lang}, day0, store.Viewer{Email: "lily@seller.example", Manager: true}); err != nil {
				w.t.Fatal(err)
			}
			return
		}
	}
	w.t.Fatalf("no contact %s in %+v", email, rec.Contacts)
}

// A salutation typed in the book the way it heads a letter, comma and
// all ("Dear Mr. Meier,"), opens the resend once: "Dear Mr. Meier,", not
// "Dear Mr. Meier,,".
func TestBookSalutationTypedWithItsCommaIsWrittenOnce(t *testing.T) {
	w := newFUWorld(t, "A")
	w.setSalutation("hans@buyer.de", "Dear Mr. Meier,", "en")
	w.quotationTo("q-2@seller.example", "please find our quotation for 2,000 LED panels attached.",
		[]keepwarm.Address{{Name: "Hans Meier", Email: "hans@buyer.de"}}, nil)
	it := w.resendOf("q-2@seller.example")
	if first, _, _ := strings.Cut(it.Text, "\n"); first != "Dear Mr. Meier," {
		t.Fatalf("the resend opens %q:\n%s", first, it.Text)
	}
	if strings.Contains(it.HTML, "Meier,,") {
		t.Errorf("html doubles the comma:\n%s", it.HTML)
	}
}

// A salutation imported from another program's mail merge ("Dear
// «First_Name»") is no opening to send: the step fails saying what it
// writes, where the salesperson sees the follow-up, and nothing is queued.
func TestBookSalutationWithAnotherProgramsPlaceholderIsNotSent(t *testing.T) {
	w := newFUWorld(t, "A")
	// The contact form refuses it; one imported before this version is
	// in the book still.
	sal := "Dear «First_Name»"
	rec, err := w.db.Customer(context.Background(), w.cid)
	if err != nil {
		t.Fatal(err)
	}
	var contact int64
	for _, c := range rec.Contacts {
		if c.Email == "hans@buyer.de" {
			contact = c.ID
		}
	}
	err = w.db.SetContact(context.Background(), contact, store.ContactChange{Salutation: &sal}, day0, store.Viewer{Email: "lily@seller.example", Manager: true})
	if keepwarm.ErrorCode(err) != keepwarm.EINVALID || !strings.Contains(err.Error(), `holds "«First_Name»", another mail program's placeholder`) {
		t.Fatalf("contact form: %v", err)
	}
	raw, err := sqlx.Open("sqlite3", "file:"+w.db.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE contacts SET salutation = ?, language = 'en' WHERE id = ?`, sal, contact); err != nil {
		t.Fatal(err)
	}
	w.quotationTo("q-2@seller.example", "please find our quotation for 2,000 LED panels attached.",
		[]keepwarm.Address{hansAddr}, nil)
	e := w.unsentEnrollment("q-2@seller.example")
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, `writes "«First_Name»"`) || !strings.Contains(e.Reason, "customer book") {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// A "received" draft written "Hi {FirstName}," (Outlook's mail merge) is
// not left in Lily's Drafts: her nudge says which field it would write.
func TestAckDraftWithAnotherProgramsPlaceholderIsNotLeft(t *testing.T) {
	w := lilyAckWorld(t, ackOpening(t, "Hi {FirstName},"))
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Wang Wei <wang.wei@huaxin.cn>", To: lilyUser, Subject: "Inquiry LED panels",
		MessageID: "n-1@huaxin.cn", Body: "Please quote 2000 pcs."}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 0 {
		t.Fatalf("drafts %q", raws)
	}
	var said bool
	for _, m := range w.nudges() {
		said = said || strings.Contains(decodedText(t, string(m.Raw)), `No "received" draft: it would write "{FirstName}", another mail program's placeholder, which keepwarm does not fill in (in the template).`)
	}
	if !said {
		t.Errorf("no nudge says why there is no draft: %d nudges", len(w.nudges()))
	}
}

// A team ack.tmpl from before the check, writing {{.Month}} (which a
// "received" reply never has), leaves no draft with a blank: Lily's
// nudge says why there is none, in English or in Chinese.
func TestAckDraftWritingAFieldItNeverHasIsNotLeftAndTheNudgeSaysWhy(t *testing.T) {
	own := fstest.MapFS{"ack.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nthank you, we are looking into it.\n\n{{.Owner.Signature}}\n")}}
	set, err := templates.Load(templates.Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{
		"en": `No "received" draft: its template ack.tmpl writes {{.Month}}, which a "received" reply never has`,
		"zh": "没有备好“已收到”草稿：它的模板 ack.tmpl 写了 {{.Month}}",
	} {
		w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
			c.Langs = map[string]string{lilyUser: lang}
			c.Ack = sequences.NewAck(sequences.AckConfig{
				Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"}},
				On:         func(p string) bool { return p == lilyUser },
				Templates:  func() *templates.Set { return set },
			}, w.db, testLog())
		})
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Wang Wei <wang.wei@huaxin.cn>", To: lilyUser, Subject: "Inquiry LED panels",
			MessageID: "n-1@huaxin.cn", Body: "Please quote 2000 pcs."}, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 0 {
			t.Fatalf("drafts %q", raws)
		}
		var said bool
		for _, m := range w.nudges() {
			said = said || strings.Contains(decodedText(t, string(m.Raw)), want)
		}
		if !said {
			t.Errorf("%s: no nudge says why there is no draft: %d nudges", lang, len(w.nudges()))
		}
	}
}
