package app

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// The console's preview for a customer with no mail of ours (only Hans's
// own inquiry) quotes a sample original but writes in the book's language:
// editing resend.it.tmpl for an Italian-speaking customer shows that file
// as theirs, not a note that they would get the English resend.
func TestTemplatePreviewWithASampleOriginalWritesTheBooksLanguage(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, msg := hansInquiryApp(t, t0)
	ctx := context.Background()
	it := "it"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Language: &it}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	fu, _, err := w.a.HeldFollowUp()
	if err != nil {
		t.Fatal(err)
	}
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	b := NewWebBackend(WebDeps{DB: w.a.DB, FollowUp: heldChanger{fu: fu}, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(),
		People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	body := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nle scrivo per sapere se la mia mail del {{date .Original.Date}} è arrivata.\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
	pv, err := b.PreviewTemplate(ctx, mei, "resend.it.tmpl", body, msg.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if !pv.Sample || pv.LangNote != "" || pv.Lang != "it" {
		t.Errorf("preview: sample %v (%q), lang %q, note %q\n%s", pv.Sample, pv.SampleWhy, pv.Lang, pv.LangNote, pv.Text)
	}
}

// hansInquiryApp is a follow-up rig at t0 holding Hans Meier's inquiry to
// Lily, the only message: his customer (Globex) is the one it made.
func hansInquiryApp(t *testing.T, t0 time.Time) (*fuApp, keepwarm.Message) {
	t.Helper()
	w := newFUApp(t, "", t0)
	w.save("lily", keepwarm.Message{MessageID: "inq-1@globex.de", From: hansMeier,
		To: []keepwarm.Address{{Email: "lily@lumina-export.example"}}, Subject: "Inquiry", SubjectKey: "inquiry", Date: t0, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return w, msg
}
