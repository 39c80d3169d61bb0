package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// While the follow-ups are held (the files had problems when the daemon
// started), a manager fixing a template previews it on the customer chosen
// and their latest thread, as before the files broke: not on the sample
// with the false reason "no customer with a thread to show".
func TestTemplatePreviewWhileHeldUsesTheCustomer(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	ctx := context.Background()
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	w.a.Cfg.Sequences.Dir = filepath.Join(t.TempDir(), "missing")
	fu, broken, err := w.a.HeldFollowUp()
	if err != nil || broken == nil {
		t.Fatalf("HeldFollowUp with a missing directory: %v, broken %v", err, broken)
	}
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	b := NewWebBackend(WebDeps{DB: w.a.DB, FollowUp: heldChanger{fu: fu}, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(),
		People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	e, err := b.Template(ctx, mei, "resend.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	pv, err := b.PreviewTemplate(ctx, mei, "resend.tmpl", e.Body, msg.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Sample || strings.Contains(pv.Customer, "(sample)") || pv.To != hansMeier.Email || !strings.Contains(pv.Subject, "Quotation") {
		t.Errorf("held preview: sample %v (%q), customer %q to %q, subject %q", pv.Sample, pv.SampleWhy, pv.Customer, pv.To, pv.Subject)
	}
	// With no follow-up job at all the reason says so, not that the
	// customer has no thread.
	b = NewWebBackend(WebDeps{DB: w.a.DB, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	if pv, err = b.PreviewTemplate(ctx, mei, "resend.tmpl", e.Body, msg.CustomerID); err != nil {
		t.Fatal(err)
	}
	if !pv.Sample || pv.SampleWhy != "the follow-up engine is not running here" {
		t.Errorf("preview with no engine: sample %v, why %q", pv.Sample, pv.SampleWhy)
	}
}
