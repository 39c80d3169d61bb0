package templates_test

import (
	"html"
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
			// Gmail's and Outlook's own html: the sign-off in a tag
			// with attributes, or in a <span> of its paragraph.
			{"", `<div dir="ltr">Best regards,<br>Lily Chen</div>`},
			{"", `<div dir="ltr"><div>Best regards,</div><div><b>Lily Chen</b></div></div>`},
			{"", "<p class=MsoNormal><span lang=EN-US style='font-size:11.0pt;font-family:\"Calibri\",sans-serif'>Best regards,<o:p></o:p></span></p>\n<p class=MsoNormal><b><span lang=EN-US>Lily Chen</span></b><o:p></o:p></p>"},
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
	// A German Outlook signature, its sign-off's umlauts written as
	// entities, under the German and the English template.
	outlook := "<p class=MsoNormal><span lang=DE style='font-size:11.0pt'>Mit freundlichen Gr&uuml;&szlig;en<o:p></o:p></span></p><p class=MsoNormal><b><span lang=DE>Lily Chen</span></b><o:p></o:p></p>"
	for _, c := range []struct{ lang, own string }{{"de", "Mit freundlichen Grüßen"}, {"", "Best regards,"}} {
		d := templates.SampleData()
		d.Owner.Name, d.Owner.Signature, d.Owner.SignatureHTML = "Lily Chen", "", templateHTML(outlook)
		r, err := set.Render("resend", c.lang, d)
		if err != nil {
			t.Fatal(err)
		}
		h := html.UnescapeString(r.HTML)
		if strings.Count(h, "Grüßen") != strings.Count(c.own, "Grüßen") || strings.Count(h, "regards") != strings.Count(c.own, "regards") ||
			!strings.Contains(h, "Lily Chen") || !strings.Contains(r.HTML, "<b><span lang=DE>Lily Chen</span></b>") {
			t.Errorf("%s, html:\n%s", r.File, r.HTML)
		}
	}
	// The blank line under the sign-off goes with it: the name follows
	// the template's sign-off, as in the text part.
	for _, sig := range []string{
		`<div dir="ltr">Best regards,<div><br></div><div>Lily Chen</div></div>`,
		"<p class=MsoNormal>Best regards,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Lily Chen</p>",
		"<p>Best regards,<br><br>Lily Chen</p>",
	} {
		d := templates.SampleData()
		d.Owner.Name, d.Owner.Signature, d.Owner.SignatureHTML = "Lily Chen", "", templateHTML(sig)
		r, err := set.Render("resend", "", d)
		if err != nil {
			t.Fatal(err)
		}
		h := r.HTML[strings.Index(r.HTML, "Best regards,"):strings.Index(r.HTML, "Lily Chen")]
		if strings.Count(r.HTML, "regards") != 1 || strings.Count(h, "<br") != 1 || strings.Contains(h, "&nbsp;") {
			t.Errorf("%s, signature %q, html:\n%s", r.File, sig, r.HTML)
		}
	}
	for sig, want := range map[string]string{
		outlook: "Mit freundlichen Grüßen",
		`<div dir="ltr">Best regards,<br>Lily Chen</div>`:                  "Best regards,",
		`<div dir="ltr"><div>Kind regards</div><div>Lily Chen</div></div>`: "Kind regards",
		`<p class=MsoNormal><b>Lily Chen</b></p><p>Best regards</p>`:       "",
		`<div dir="ltr">Best regards, Lily Chen</div>`:                     "",
		`<div dir="ltr">Best regards,</div>`:                               "",
	} {
		if got := templates.SignatureHTMLSignOff(sig); got != want {
			t.Errorf("SignatureHTMLSignOff(%q) = %q, want %q", sig, got, want)
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
// ("順祝商祺", "此致 敬禮", "此致，敬禮！") under resend.zh-hant.tmpl's "祝好！" is signed
// once.
func TestTraditionalSignOffInTheSignatureSignsOnce(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, so := range []string{"順祝商祺", "此致 敬禮", "敬祝 商祺", "此致敬禮", "此致，敬禮！"} {
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

// A template whose text and html sections sign off differently, with the
// html signature derived from the text one ("Best regards,\nLily Chen"),
// signs each part once: the html part judged on its own keeps the
// signature's "Best regards," where it writes none, and drops it where it
// writes its own.
func TestDerivedHTMLSignatureSignsTheHTMLPartOnce(t *testing.T) {
	set, err := templates.Load(fstest.MapFS{
		"texton.tmpl": {Data: []byte("subject: Hi\n--- text\nHello,\n\nnews.\n\nBest regards,\n{{.Owner.Signature}}\n--- html\n<p>Hello,</p><p>news.</p><p>{{.Owner.SignatureHTML}}</p>\n")},
		"htmlon.tmpl": {Data: []byte("subject: Hi\n--- text\nHello,\n\nnews.\n\n{{.Owner.Signature}}\n--- html\n<p>Hello,</p><p>news.</p><p>Kind regards,<br>{{.Owner.SignatureHTML}}</p>\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := templates.SampleData()
	d.Owner.Signature, d.Owner.SignatureHTML = "Best regards,\nLily Chen", ""
	r, err := set.Render("texton", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(r.Text, "regards") != 1 || strings.Count(r.HTML, "regards") != 1 || !strings.Contains(r.HTML, "Lily Chen") {
		t.Errorf("texton: text\n%s\nhtml\n%s", r.Text, r.HTML)
	}
	r, err = set.Render("htmlon", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(r.Text, "regards") != 1 || strings.Count(r.HTML, "regards") != 1 || !strings.Contains(r.HTML, "Kind regards") {
		t.Errorf("htmlon: text\n%s\nhtml\n%s", r.Text, r.HTML)
	}
}
