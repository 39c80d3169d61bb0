package templates_test

import (
	htmltemplate "html/template"
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm/templates"
)

// A signature pasted with its sign-off ("Best regards,\nLily Chen") under
// a template that writes its own is signed once: "Best regards,\nBest
// regards,\nLily Chen" shows the customer a template.
func TestSignatureStartingWithASignOffSignsOnce(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, own string }{
		{"", "Best regards,"}, {"de", "Mit freundlichen Grüßen"}, {"zh", "祝好！"}, {"es", "Saludos cordiales,"}, {"ar", "مع أطيب التحيات،"},
	} {
		for _, sig := range []struct{ text, html string }{
			{"Best regards,\nLily Chen\nExport Sales", ""},
			{"\nKind regards\n\nLily Chen\nExport Sales", ""},
			{"Best regards,\nLily Chen\nExport Sales", "<p>Best regards,<br>Lily Chen<br>Export Sales</p>"},
			// The html signature pasted from Outlook starts with a
			// sign-off the text one has not, or there is no text one
			// (it falls back to the name): the html part is what the
			// buyer reads.
			{"Lily Chen\nExport Sales", "<p>Best regards,<br><b>Lily Chen</b><br>Export Sales</p>"},
			{"", "<p>Best regards,<br>Lily Chen<br>Export Sales</p>"},
		} {
			d := templates.SampleData()
			d.Owner.Name = "Lily Chen"
			d.Owner.Signature = sig.text
			d.Owner.SignatureHTML = ""
			if sig.html != "" {
				d.Owner.SignatureHTML = templateHTML(sig.html)
			}
			r, err := set.Render("resend", c.lang, d)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.TrimSpace(r.Text)
			wantSig := "\nLily Chen\nExport Sales"
			if sig.text == "" {
				wantSig = "\nLily Chen"
			}
			if strings.Count(text, "regards") != strings.Count(c.own, "regards") || !strings.Contains(text, "\n\n"+c.own+wantSig) {
				t.Errorf("%s, signature %q:\n%s", r.File, sig.text, r.Text)
			}
			if strings.Count(r.HTML, "regards") != strings.Count(c.own, "regards") || !strings.Contains(r.HTML, "Lily Chen") {
				t.Errorf("%s, signature %q, html:\n%s", r.File, sig.html, r.HTML)
			}
		}
	}
	// A template that writes no sign-off keeps the signature's own; a
	// signature that is a sign-off alone stays.
	own, err := templates.Load(fstest.MapFS{"x.tmpl": {Data: []byte("subject: x\n--- text\n{{.Contact.Salutation}},\n\nthe new catalog is online.\n\n{{.Owner.Signature}}\n")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []string{"Best regards,\nLily Chen", "Best regards"} {
		d := templates.SampleData()
		d.Owner.Signature = sig
		r, err := own.Render("x", "", d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(strings.TrimSpace(r.Text), "online.\n\n"+sig) {
			t.Errorf("signature %q:\n%s", sig, r.Text)
		}
	}
}

func templateHTML(s string) htmltemplate.HTML { return htmltemplate.HTML(s) }

// A Taipei salesperson's signature pasted with its Traditional sign-off
// ("順祝商祺", "此致 敬禮") under resend.zh-hant.tmpl's "祝好！" is signed
// once.
func TestTraditionalSignOffInTheSignatureSignsOnce(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, so := range []string{"順祝商祺", "此致 敬禮", "敬祝 商祺", "此致敬禮"} {
		d := templates.SampleData()
		d.Owner.Signature, d.Owner.SignatureHTML = so+"\n陳美玲", ""
		r, err := set.Render("resend", templates.Hant, d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(r.Text, "祝好！\n陳美玲") || strings.Contains(r.Text, strings.Fields(so)[0]) {
			t.Errorf("signature %q:\n%s", so, r.Text)
		}
		if templates.SignatureSignOff(d.Owner.Signature) == "" {
			t.Errorf("%q is not read as a sign-off", so)
		}
	}
}
