package app

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/web"
)

// The console's preview of a greeting for a customer the greetings job
// would skip says so: Hans is written to in Chinese, the Thanksgiving
// template has no Chinese variant and english_for is unset, so the
// preview carries the plan's own "not sent" line, not a clean English
// greeting.
func TestGreetingPreviewSaysNotSentWhereThePlanSkips(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, msg := hansInquiryApp(t, t0)
	ctx := context.Background()
	// Graded, as the greetings job greets no ungraded customer known from
	// mail only.
	zh, grade := "zh", "B"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Language: &zh, Grade: &grade}, t0, "test"); err != nil {
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
	w, msg := hansInquiryApp(t, t0)
	ctx := context.Background()
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

// The team wrote holiday.it.tmpl and christmas.tmpl has no Italian text:
// the plan greets an Italian-writing customer at Christmas with the
// holiday one, so the preview of christmas.tmpl for them names it instead
// of saying the customer gets nothing.
func TestGreetingPreviewNamesTheLanguagesHolidayTemplateThePlanSends(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, msg := hansInquiryApp(t, t0)
	ctx := context.Background()
	it, grade := "it", "B"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Language: &it, Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	cust := customerForGreetings(t, w, msg)
	set, err := templates.Load(fstest.MapFS{
		"christmas.tmpl":  {Data: []byte("subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas.\n\n{{.Owner.Signature}}\n")},
		"holiday.tmpl":    {Data: []byte("subject: Happy {{.Occasion}}\n--- text\n{{.Contact.Salutation}},\n\nhappy {{.Occasion}}.\n\n{{.Owner.Signature}}\n")},
		"holiday.it.tmpl": {Data: []byte("subject: Buon {{.Occasion}}\n--- text\n{{.Contact.Salutation}},\n\nbuon {{.Occasion}}!\n\n{{.Owner.Signature}}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := lilyGreetingSender
	gp, err := PreviewGreeting(ctx, w.a.DB, set, "christmas", "", "Christmas", &cust, "", s, GreetingRules{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "this customer would get holiday.it.tmpl (it)"; gp.Refusal != "" || !strings.HasPrefix(gp.Gets, want) {
		t.Errorf("preview of christmas.tmpl for an Italian-writing customer: refusal %q, note %q; want no refusal and %q", gp.Refusal, gp.Gets, want)
	}
}
