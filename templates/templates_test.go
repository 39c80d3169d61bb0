package templates

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm"
)

func load(t *testing.T, files map[string]string) *Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	set, err := Load(Defaults(), fsys)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return set
}

func TestDefaultsLoadAndCheckClean(t *testing.T) {
	set, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if probs := Check(set); len(probs) != 0 {
		t.Fatalf("defaults have problems: %v", Problems(probs))
	}
	for _, name := range []string{"resend", "product-intro", "christmas", "new-year", "thanksgiving", "birthday", "holiday"} {
		if _, ok := set.Lookup(name, ""); !ok {
			t.Errorf("no default %q", name)
		}
	}
	// What keepwarm writes in a salesperson's name by itself, in every
	// language the "received" draft speaks: a thread in one of them never
	// gets an English follow-up for want of a variant.
	for _, name := range []string{"ack", "resend", "product-intro"} {
		for _, lang := range []string{"es", "de", "fr", "zh", "pt", "ru", "ar"} {
			if tmpl, _ := set.Lookup(name, lang); tmpl == nil || tmpl.Lang != lang {
				t.Errorf("%s has no %s variant", name, lang)
			}
		}
	}
}

func TestLanguageFallback(t *testing.T) {
	set, _ := Load(Defaults())
	data := SampleData()
	tests := []struct{ lang, want, text string }{
		{"es", "es", "Le escribo"},
		{"es-MX", "es", "Le escribo"},
		{"DE", "de", "meine E-Mail vom 2.11.2026"},
		{"fr", "fr", "Je me permets"},
		{"pt", "pt", "minha mensagem de 02/11/2026"},
		{"pt-BR", "pt", "Escrevo para confirmar"},
		{"ru", "ru", "моё письмо от 02.11.2026"},
		{"ar", "ar", "رسالتي المؤرخة 2/11/2026"},
		{"it", "", "I am writing"},
		{"", "", "I am writing"},
		{"en", "", "I am writing"},
	}
	for _, tt := range tests {
		r, err := set.Render("resend", tt.lang, data)
		if err != nil {
			t.Fatalf("%s: %v", tt.lang, err)
		}
		if r.Lang != tt.want || !strings.Contains(r.Text, tt.text) {
			t.Errorf("lang %q: rendered %q variant, text %q", tt.lang, r.Lang, r.Text)
		}
		if r.Subject != "Re: Quotation for LED panels" {
			t.Errorf("lang %q: subject %q", tt.lang, r.Subject)
		}
	}
	if _, err := set.Render("nope", "es", data); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("unknown template: %v", err)
	}
}

func TestRenderResendInThread(t *testing.T) {
	set, _ := Load(Defaults())
	data := SampleData()
	data.Original.Subject = "RE: Quotation for LED panels"
	r, err := set.Render("resend", "", data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "RE: Quotation for LED panels" {
		t.Errorf("subject %q: a reply prefix must not double", r.Subject)
	}
	for _, want := range []string{"Dear Anna,", "2 November 2026", "> please find our quotation attached.", "Export Sales, Seller Co."} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, r.Text)
		}
	}
	if !strings.HasPrefix(r.Text, "Dear Anna,") {
		t.Errorf("text starts with padding: %q", r.Text[:20])
	}
	data.Contact.Name = `<script>alert(1)</script>`
	data.Contact.FirstName = `<b>Anna</b>`
	r, _ = set.Render("resend", "", data)
	if strings.Contains(r.HTML, "<b>Anna") || !strings.Contains(r.HTML, "&lt;b&gt;Anna") {
		t.Errorf("html not escaped: %s", r.HTML)
	}
}

func TestMissingFieldFoundByCheckWithFileLineAndField(t *testing.T) {
	set := load(t, map[string]string{
		"nudge.tmpl": "subject: Hello {{.Contact.FirstName}}\n--- text\n{{.Contact.Salutation}},\n\nour {{.Customer.Nmae}} offer\n",
		"ok.tmpl":    "subject: fine\n--- text\nfine\n--- html\n<p>{{.Owner.Nickname}}</p>\n",
	})
	probs := Check(set)
	if len(probs) != 2 {
		t.Fatalf("problems = %v, want 2", Problems(probs))
	}
	p := probs[0]
	if p.File != "nudge.tmpl" || p.Line != 5 || p.Field != ".Customer.Nmae" || p.Section != "text" {
		t.Errorf("problem = %+v, want nudge.tmpl line 5 field .Customer.Nmae", p)
	}
	if !strings.Contains(p.Error(), "nudge.tmpl:5") || !strings.Contains(p.Error(), "Nmae") {
		t.Errorf("message %q", p.Error())
	}
	if q := probs[1]; q.File != "ok.tmpl" || q.Line != 5 || q.Field != ".Owner.Nickname" || q.Section != "html" {
		t.Errorf("html problem = %+v", q)
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	fsys := fstest.MapFS{
		"a.tmpl":       {Data: []byte("subject: x\n--- text\nline\n{{if .Products}}\nunclosed\n")},
		"b.tmpl":       {Data: []byte("subjekt: x\n--- text\nbody\n")},
		"c.tmpl":       {Data: []byte("subject: x\n")},
		"d.x.y.tmpl":   {Data: []byte("subject: x\n--- text\nbody\n")},
		"e.tmpl":       {Data: []byte("subject: {{.Nope\n--- text\nbody\n")},
		"fine.es.tmpl": {Data: []byte("subject: hola\n--- text\nbody\n")},
	}
	set, err := Load(fsys)
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v, want Problems", err)
	}
	files := map[string]Problem{}
	for _, p := range probs {
		if _, seen := files[p.File]; !seen {
			files[p.File] = p // the first problem of each file
		}
	}
	for _, f := range []string{"a.tmpl", "b.tmpl", "c.tmpl", "d.x.y.tmpl", "e.tmpl"} {
		if _, ok := files[f]; !ok {
			t.Errorf("no problem reported for %s: %v", f, probs)
		}
	}
	if p := files["b.tmpl"]; p.Line != 1 || p.Field != "subjekt" {
		t.Errorf("b.tmpl: %+v", p)
	}
	if p := files["e.tmpl"]; p.Line != 1 {
		t.Errorf("e.tmpl: %+v", p)
	}
	if _, ok := set.Lookup("fine", "es"); !ok {
		t.Error("a good file was dropped because others were bad")
	}
}

func TestSubjectWithLineBreakRefused(t *testing.T) {
	set := load(t, map[string]string{
		"inject.tmpl": "subject: Offer {{.Occasion}}\n--- text\nbody\n",
	})
	data := SampleData()
	data.Occasion = "today\r\nBcc: victim@evil.example"
	_, err := set.Render("inject", "", data)
	var p Problem
	if !errors.As(err, &p) || p.Section != "subject" || !strings.Contains(p.Msg, "line break") {
		t.Fatalf("err = %v, want a subject problem", err)
	}
	data.Occasion = "today\nBcc: x"
	if _, err := set.Render("inject", "", data); err == nil {
		t.Fatal("LF in subject accepted")
	}
}

func TestManagerFileOverridesDefault(t *testing.T) {
	set := load(t, map[string]string{"resend.tmpl": "subject: Custom {{.Original.Subject}}\n--- text\nmine\n"})
	r, err := set.Render("resend", "", SampleData())
	if err != nil || r.Subject != "Custom Quotation for LED panels" || r.Text != "mine\n" || r.HTML != "" {
		t.Fatalf("override: %+v %v", r, err)
	}
	r, _ = set.Render("resend", "es", SampleData())
	if r.Lang != "es" {
		t.Fatalf("the default Spanish variant should stay: %+v", r)
	}
}

func TestSalutationDefaults(t *testing.T) {
	tests := []struct {
		name, lang, salutation, want string
	}{
		{"Anna Schmidt", "", "", "Dear Anna"},
		{"Schmidt, Anna", "", "", "Dear Anna"},
		{"", "", "", "Dear Sir or Madam"},
		{"bob@buyer.example", "", "", "Dear Sir or Madam"},
		{`"Carlos Ruiz"`, "es", "", "Hola Carlos"},
		{"", "es", "", "Estimados señores"},
		{"", "de", "", "Sehr geehrte Damen und Herren"},
		{"Marie Dupont", "fr", "", "Bonjour Marie"},
		{"Ana", "pt", "", "Olá Ana"},
		{"Giulia", "it", "", "Buongiorno Giulia"},
		{"Giulia", "sv", "", "Dear Giulia"}, // no forms of its own: English (a template refuses it)
		{"Anna Schmidt", "de", "Sehr geehrte Frau Dr. Schmidt", "Sehr geehrte Frau Dr. Schmidt"},
	}
	for _, tt := range tests {
		c := NewContact(tt.name, "x@buyer.example")
		c.Salutation = tt.salutation
		if got := Salutation(c, tt.lang); got != tt.want {
			t.Errorf("Salutation(%q, %q) = %q, want %q", tt.name, tt.lang, got, tt.want)
		}
	}
	set, _ := Load(Defaults())
	data := SampleData()
	data.Contact = NewContact("", "info@buyer.example")
	r, err := set.Render("christmas", "", data)
	if err != nil || !strings.HasPrefix(r.Text, "Dear Sir or Madam,") {
		t.Fatalf("christmas without a name: %q %v", r.Text, err)
	}
}

func TestQuote(t *testing.T) {
	got := Quote("Dear Anna,\r\n\r\nplease find attached.  \nline three\nline four", 3)
	want := "> Dear Anna,\n> please find attached.\n> line three"
	if got != want {
		t.Fatalf("Quote = %q, want %q", got, want)
	}
}
