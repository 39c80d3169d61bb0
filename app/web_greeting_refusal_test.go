package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// The console's preview of a greeting for a customer the greetings job
// would skip says so: Hans is written to in Chinese, the Thanksgiving
// template has no Chinese variant and english_for is unset, so the
// preview carries the plan's own "not sent" line, not a clean English
// greeting.
func TestGreetingPreviewSaysNotSentWhereThePlanSkips(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	w.save("lily", keepwarm.Message{MessageID: "inq-1@globex.de", From: hansMeier,
		To: []keepwarm.Address{{Email: "lily@lumina-export.example"}}, Subject: "Inquiry", SubjectKey: "inquiry", Date: t0, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	ctx := context.Background()
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	zh := "zh"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Language: &zh}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	b := NewWebBackend(WebDeps{DB: w.a.DB, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(), GreetingTemplates: []string{"thanksgiving"},
		GreetingSenders: w.a.GreetingSenders(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	body := "subject: Happy Thanksgiving\n--- text\n{{.Contact.Salutation}},\n\nhappy Thanksgiving to you and your team.\n\n{{.Owner.Signature}}\n"
	pv, err := b.PreviewTemplate(ctx, mei, "thanksgiving.tmpl", body, msg.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	want := notSentPrefix + `no zh variant of the thanksgiving template (add one, or list "zh" in greetings.english_for to send the English one)`
	var msgs []string
	for _, p := range pv.Problems {
		msgs = append(msgs, p.Msg)
	}
	if !strings.Contains(strings.Join(msgs, "\n"), want) {
		t.Errorf("preview problems: %q; want %q", msgs, want)
	}
}

// The console's preview for a customer who opted out as a whole says the
// greeting is not sent, however clean its text: the plan's word on the
// customer, as the CLI's preview gives it.
func TestGreetingPreviewForACustomerWhoOptedOutSaysNotSent(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	w.save("lily", keepwarm.Message{MessageID: "inq-1@globex.de", From: hansMeier,
		To: []keepwarm.Address{{Email: "lily@lumina-export.example"}}, Subject: "Inquiry", SubjectKey: "inquiry", Date: t0, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	ctx := context.Background()
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{OptedOut: &yes}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	b := NewWebBackend(WebDeps{DB: w.a.DB, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(), GreetingTemplates: []string{"thanksgiving"},
		GreetingSenders: w.a.GreetingSenders(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	body := "subject: Happy Thanksgiving\n--- text\n{{.Contact.Salutation}},\n\nhappy Thanksgiving to you and your team.\n\n{{.Owner.Signature}}\n"
	pv, err := b.PreviewTemplate(ctx, mei, "thanksgiving.tmpl", body, msg.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range pv.Problems {
		msgs = append(msgs, p.Msg)
	}
	if want := notSentPrefix + "the customer opted out"; !strings.Contains(strings.Join(msgs, "\n"), want) {
		t.Errorf("preview problems: %q; want %q", msgs, want)
	}
	if got := (web.Lang{Code: "zh"}).Err(notSentPrefix + "the customer opted out"); strings.Contains(got, "opted out") {
		t.Errorf("the Chinese console: %q", got)
	}
}
