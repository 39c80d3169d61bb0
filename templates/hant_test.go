package templates_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// simplifiedOnly are characters Traditional Chinese writes otherwise: none
// may be in a mail to a Taiwanese or Hong Kong buyer.
const simplifiedOnly = "们这个来为发会说请谢贵价报单号给对时间与还进过关开问题经实现际后电话邮产样购联络写户"

// A template file may carry a script or region tag (zh-hant, zh-tw,
// pt-br); a Traditional thread gets a Traditional file and never the
// Simplified NAME.zh.tmpl.
func TestTraditionalChineseTemplates(t *testing.T) {
	own := fstest.MapFS{
		"resend.zh-tw.tmpl":   {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}}：\n\n台灣的跟進。\n\n{{.Owner.Signature}}\n")},
		"offer.zh.tmpl":       {Data: []byte("subject: 报价\n--- text\n{{.Contact.Salutation}}：\n\n简体的。\n\n{{.Owner.Signature}}\n")},
		"offer.tmpl":          {Data: []byte("subject: Offer\n--- text\n{{.Contact.Salutation}},\n\nEnglish.\n\n{{.Owner.Signature}}\n")},
		"offer.pt-br.tmpl":    {Data: []byte("subject: Oferta\n--- text\n{{.Contact.Salutation}},\n\nbrasileiro.\n\n{{.Owner.Signature}}\n")},
		"greeting.zh-HK.tmpl": {Data: []byte("subject: 問候\n--- text\n{{.Contact.Salutation}}：\n\n香港的。\n\n{{.Owner.Signature}}\n")},
	}
	set, err := templates.Load(templates.Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, lang, file string }{
		// the team's Traditional resend takes the built-in one's place
		{"resend", "zh-hant", "resend.zh-tw.tmpl"},
		{"resend", "zh-TW", "resend.zh-tw.tmpl"},
		{"resend", "zh-hk", "resend.zh-tw.tmpl"},
		{"resend", "zh", "resend.zh.tmpl"},
		{"resend", "zh-CN", "resend.zh.tmpl"},
		{"ack", "zh-tw", "ack.zh-hant.tmpl"},
		{"product-intro", "zh-hant", "product-intro.zh-hant.tmpl"},
		{"offer", "zh-hant", "offer.tmpl"}, // English, never the Simplified offer.zh.tmpl
		{"offer", "pt-BR", "offer.pt-br.tmpl"},
		{"offer", "pt", "offer.pt-br.tmpl"}, // Portuguese, not English, though no region is known
		{"greeting", "zh-hk", "greeting.zh-HK.tmpl"},
	} {
		if tm, ok := set.Lookup(c.name, c.lang); !ok || tm.File != c.file {
			t.Errorf("Lookup(%q, %q) = %+v, want %s", c.name, c.lang, tm, c.file)
		}
	}
	if tm, ok := set.Lookup("resend", "zh-hant"); ok {
		if def, _ := templates.Load(templates.Defaults()); def != nil {
			if d, _ := def.Lookup("resend", "zh-hant"); d == nil || d.File != "resend.zh-hant.tmpl" || tm.File == d.File {
				t.Errorf("built-in %+v, with the team's %s", d, tm.File)
			}
		}
	}
	if got := templates.DetectLanguage("陳小姐您好：\n報價單請見附件，謝謝。"); got != "zh-hant" {
		t.Errorf("Traditional text read as %q", got)
	}
	if got := templates.DetectLanguage("陈小姐您好：\n报价单请见附件，谢谢。"); got != "zh" {
		t.Errorf("Simplified text read as %q", got)
	}
	// The Traditional defaults and keepwarm's own words around them (the
	// opening without a name, the quote's attribution, Outlook's header
	// block, "your company") are all Traditional.
	for _, name := range []string{"resend", "ack", "product-intro"} {
		for _, style := range []string{templates.QuoteCite, templates.QuoteOutlook} {
			d := templates.SampleData()
			d.Contact = templates.NewContact("", "info@buyer.tw")
			d.Customer = keepwarm.Customer{Key: "domain:buyer.tw", Name: "buyer.tw", Domain: "buyer.tw"}
			d.Original.Text = "陳小姐您好：\n報價單請見附件，謝謝。"
			d.Original.From = keepwarm.Address{Name: "Lily", Email: "lily@seller.example"}
			d.Original.Date = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
			d.Original.Cc = []keepwarm.Address{{Email: "purchase@buyer.tw"}}
			d.Original.Style = style
			d.Owner.Signature = "Lily"
			d.Products[0].Pitch, d.Products[1].Pitch = "", ""
			r, err := set.Render(name, "zh-hant", d)
			if err != nil {
				t.Fatal(err)
			}
			if i := strings.IndexAny(r.Subject+r.Text+string(r.HTML), simplifiedOnly); i >= 0 {
				t.Errorf("%s (%v) writes Simplified:\n%s\n%s", r.File, style, r.Text, r.HTML)
			}
			if !strings.HasPrefix(r.Text, "尊敬的客戶") {
				t.Errorf("%s opens %q", r.File, r.Text)
			}
		}
	}
}
