package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/templates"
	"keepwarm/web"
)

// The console refuses to save a template that renders for the sample
// customer but fails for a customer with one product, naming the line and
// the customer; the file is not written.
func TestConsoleRefusesATemplateThatFailsForOneProduct(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, tmpl := consoleBackend(t, now)
	body := "subject: {{(index .Products 0).Name}}\nrequires: Products\n--- text\n{{.Contact.Salutation}},\n\n" +
		"here is our {{(index .Products 0).Name}}.\nOur {{(index .Products 1).Name}} is also popular.\n\n{{.Owner.Signature}}\n"
	_, probs, err := b.SaveTemplate(ctx, mei, "product-intro.tmpl", body, "", now)
	var found bool
	for _, p := range probs {
		found = found || (p.Line == 7 && strings.Contains(p.Msg, "fails for a customer with one product"))
	}
	for _, p := range probs {
		if zh := (web.Lang{Code: "zh"}).Err(p.Msg); strings.Contains(p.Msg, "fails for") && (!strings.Contains(zh, "只有一个产品的客户") || !strings.Contains(zh, "超出范围")) {
			t.Errorf("in Chinese: %q", zh)
		}
	}
	if !found {
		t.Fatalf("save: %v %+v, want the one-product failure on line 7", err, probs)
	}
	if _, err := os.Stat(filepath.Join(tmpl, "product-intro.tmpl")); !os.IsNotExist(err) {
		t.Errorf("the refused template was written: %v", err)
	}
}

// A manager's Traditional Chinese template, resend.zh-tw.tmpl, saves and
// loads with the team's templates.
func TestConsoleSavesATraditionalChineseTemplate(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, tmpl := consoleBackend(t, now)
	body := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}}：\n\n想確認一下我寄給您的郵件是否已經收到。\n\n祝好！\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
	if _, probs, err := b.SaveTemplate(ctx, mei, "resend.zh-tw.tmpl", body, "", now); err != nil || len(probs) > 0 {
		t.Fatalf("save: %v %+v", err, probs)
	}
	set, err := templates.Load(templates.Defaults(), os.DirFS(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	if tm, ok := set.Lookup("resend", "zh-hant"); !ok || tm.File != "resend.zh-tw.tmpl" {
		t.Fatalf("Lookup: %+v", tm)
	}
}

// Beside the team's resend.zh-tw.tmpl, a resend.zh-hant.tmpl would never
// be sent (one Traditional file of a name is): the console refuses it,
// naming the one sent.
func TestConsoleRefusesASecondTraditionalFileOfOneName(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, _ := consoleBackend(t, now)
	body := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}}：\n\n想確認一下我寄給您的郵件是否已經收到。\n\n祝好！\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
	if _, probs, err := b.SaveTemplate(ctx, mei, "resend.zh-tw.tmpl", body, "", now); err != nil || len(probs) > 0 {
		t.Fatalf("save zh-tw: %v %+v", err, probs)
	}
	_, probs, err := b.SaveTemplate(ctx, mei, "resend.zh-hant.tmpl", body, "", now)
	var found bool
	for _, p := range probs {
		found = found || strings.Contains(p.Msg, "resend.zh-tw.tmpl is the same template in the same language")
	}
	if !found {
		t.Fatalf("save zh-hant: %v %+v, want it refused as shadowed", err, probs)
	}
}
