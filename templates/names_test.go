package templates_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm/templates"
)

// The opening names the person, never a title, a company or a department:
// the first word of a display name is not always a first name.
func TestSalutationNamesThePersonOnly(t *testing.T) {
	for _, c := range []struct{ name, email, lang, want string }{
		{"Mr. Ahmed Khan", "ahmed@alnoor.ae", "", "Dear Ahmed"},
		{"Eng. Khalid Al-Harbi", "khalid@harbi.sa", "", "Dear Khalid"},
		{"ENGR KHALID AL-HARBI", "khalid@harbi.sa", "", "Dear Khalid"},
		{"MR AHMED", "ahmed@alnoor.ae", "", "Dear Mr. Ahmed"},
		{"mrs maria lopez", "maria@lopez.es", "", "Dear Maria"},
		{"hans meier", "hans@globex.de", "de", "Guten Tag Hans Meier"},
		{"Herr Meier", "meier@globex.de", "", "Dear Mr. Meier"},
		{"HERR MEIER", "meier@globex.de", "de", "Guten Tag Herr Meier"},
		{"Mrs Lee", "lee@lee.sg", "", "Dear Mrs. Lee"},
		{"Dr Wang", "wang@bright.cn", "", "Dear Dr. Wang"},
		{"Shenzhen Bright Co., Ltd", "info@bright.cn", "", "Dear Sir or Madam"},
		{"Shenzhen Bright Co., Ltd", "lin@bright.cn", "", "Dear Sir or Madam"},
		{"Al Noor Trading", "ali@alnoor.ae", "", "Dear Sir or Madam"},
		{"Müller GmbH", "mail@mueller.de", "", "Dear Sir or Madam"},
		{"Acme S.A.", "juan@acme.es", "", "Dear Sir or Madam"},
		{"深圳光明有限公司", "lin@bright.cn", "", "Dear Sir or Madam"},
		{"Einkauf", "hans@globex.de", "", "Dear Sir or Madam"},
		{"Hans Meier", "einkauf@globex.de", "", "Dear Sir or Madam"},
		{"Hans Meier", "purchasing@globex.de", "", "Dear Sir or Madam"},
		{"王伟", "采购@bright.cn", "", "Dear Sir or Madam"},
		{"Gonzalo Rosales", "gonzalo@rosales.mx", "", "Dear Gonzalo"},
		{"Khan, Ahmed", "ahmed@alnoor.ae", "", "Dear Ahmed"},
		{"Herr Hans Meier", "hans@globex.de", "de", "Guten Tag Hans Meier"},
		{"Sr. Juan Pérez", "juan@perez.es", "es", "Hola Juan"},
		{"M. Jean Dupont", "jean@dupont.fr", "fr", "Bonjour Jean"},
		{"Mme Claire Martin", "claire@martin.fr", "fr", "Bonjour Claire"},
		{"Sheikh Rashid", "rashid@alnoor.ae", "", "Dear Sheikh Rashid"},
		{"Mme Martin", "claire@martin.fr", "fr", "Bonjour Mme Martin"},
	} {
		got := templates.Salutation(templates.NewContact(c.name, c.email), c.lang)
		if got != c.want {
			t.Errorf("%q <%s> (%s): %q, want %q", c.name, c.email, c.lang, got, c.want)
		}
	}
	if p := templates.PersonOf("Mr. AHMED KHAN", "ahmed@alnoor.ae"); p.Name != "Ahmed Khan" || p.Title != "Mr." {
		t.Errorf("PersonOf: %+v", p)
	}
}

// A title kept with one name is written in the opening's language: a
// German "Herr" is "Sr." in Spanish and "先生" after the name in Chinese;
// a title with no word there (Sheikh in German) gives the formal opening.
// English keeps as written only a title it has no word for.
func TestSalutationTitleInTheOpeningsLanguage(t *testing.T) {
	for _, c := range []struct{ name, lang, want string }{
		{"Mr. Ahmed", "de", "Guten Tag Herr Ahmed"},
		{"Mr. Ahmed", "fr", "Bonjour M. Ahmed"},
		{"Mr. Ahmed", "es", "Hola Sr. Ahmed"},
		{"Mr. Ahmed", "pt", "Olá Sr. Ahmed"},
		{"Mr. Ahmed", "zh", "尊敬的Ahmed先生"},
		{"Mr. Ahmed", "en", "Dear Mr. Ahmed"},
		{"MR AHMED", "", "Dear Mr. Ahmed"},
		{"Herr Meier", "de", "Guten Tag Herr Meier"},
		{"Herr Meier", "es", "Hola Sr. Meier"},
		{"Herr Meier", "fr", "Bonjour M. Meier"},
		{"Herr Meier", "pt-BR", "Olá Sr. Meier"},
		{"Herr Meier", "zh", "尊敬的Meier先生"},
		{"Herr Meier", "en", "Dear Mr. Meier"},
		{"Herr Meier", "it", "Buongiorno Sig. Meier"},
		{"Monsieur Dupont", "de", "Guten Tag Herr Dupont"},
		{"Sr. Pérez", "en", "Dear Mr. Pérez"},
		{"Sr. Pérez", "fr", "Bonjour M. Pérez"},
		{"Frau Schmidt", "fr", "Bonjour Mme Schmidt"},
		{"Frau Schmidt", "es", "Hola Sra. Schmidt"},
		{"Frau Schmidt", "zh", "尊敬的Schmidt女士"},
		{"Frau Schmidt", "en", "Dear Ms. Schmidt"},
		{"Miss Lee", "en", "Dear Miss Lee"},
		{"MRS LEE", "en", "Dear Mrs. Lee"},
		{"Mme Martin", "en", "Dear Ms. Martin"},
		{"Mrs Lee", "de", "Guten Tag Frau Lee"},
		{"Ms. Lee", "pt", "Olá Sra. Lee"},
		{"Mme Martin", "es", "Hola Sra. Martin"},
		{"Mme Martin", "fr", "Bonjour Mme Martin"},
		{"Srta. López", "de", "Guten Tag Frau López"},
		{"Dr Wang", "de", "Guten Tag Dr. Wang"},
		{"Dr Wang", "es", "Hola Dr. Wang"},
		{"Dr Wang", "zh", "尊敬的Wang博士"},
		{"Prof. Weber", "fr", "Bonjour Prof. Weber"},
		{"Prof. Weber", "zh", "尊敬的Weber教授"},
		{"Sheikh Rashid", "en", "Dear Sheikh Rashid"},
		{"Sheikh Rashid", "de", "Sehr geehrte Damen und Herren"},
		{"Sheikh Rashid", "zh", "尊敬的客户"},
		{"Eng. Khalid", "es", "Estimados señores"},
		{"Mr. Ahmed", "ru", "Здравствуйте"},
		// the languages whose openings had no title word: the honorific
		// suffix, the language's own title, never the opening for nobody
		{"Mr. Tanaka", "ja", "Tanaka様"},
		{"Ms. Jiyeon", "ko", "Jiyeon님"},
		// a bare Korean family name with 님 is curt, a Vietnamese is not
		// called by the family name: the neutral opening
		{"Ms. Park", "ko", "담당자님께"},
		{"Mr. Kim", "ko", "담당자님께"},
		{"Mr. Nguyen", "vi", "Kính gửi Quý công ty"},
		{"Mr. Tran", "vi", "Kính gửi Quý công ty"},
		{"Sheikh Rashid", "ja", "Rashid様"},
		{"Mr. Ahmed", "ar", "مرحبًا السيد Ahmed"},
		{"Mrs. Fatima", "ar", "مرحبًا السيدة Fatima"},
		{"Mr. Tuan", "vi", "Kính gửi ông Tuan"},
		{"Mr. Budi", "id", "Yth. Bapak Budi"},
		{"Ms. Sari", "id", "Yth. Ibu Sari"},
		{"Mr. Yilmaz", "tr", "Merhaba Yilmaz Bey"},
		{"Mrs. Demir", "tr", "Merhaba Demir Hanım"},
		{"Dr Kowalski", "pl", "Dzień dobry"},
		{"Sheikh Rashid", "ar", "السادة الكرام"},
		{"Herr Hans Meier", "es", "Hola Hans"},
		{"Herr Hans Meier", "de", "Guten Tag Hans Meier"},
	} {
		if got := templates.Salutation(templates.NewContact(c.name, "x@buyer.example"), c.lang); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
}

// A department beside a person's name, set apart ("Ahmed Khan (Export)",
// "Maria Lopez - Purchasing"), is dropped and the person kept; an address
// is nobody's only when all its words are role words. A short company form is one only written as
// such ("S.A.", "SA"), so "Li Sa" is a person.
func TestPersonBesideADepartment(t *testing.T) {
	for _, c := range []struct{ name, email, first string }{
		{"Ahmed Khan", "ahmed.sales@alnoor.ae", "Ahmed"},
		{"Ahmed Khan", "sales_ahmed@alnoor.ae", "Ahmed"},
		{"Ahmed Khan (Export)", "ahmed@alnoor.ae", "Ahmed"},
		{"Maria Lopez - Purchasing", "maria@lopez.es", "Maria"},
		{"Purchasing, Maria Lopez", "maria@lopez.es", "Maria"},
		{"Export Dept - Mr. Ahmed", "ahmed@alnoor.ae", "Mr. Ahmed"},
		{"Li Sa", "lisa@bright.cn", "Li"},
		{"王伟 (采购部)", "wang@bright.cn", "王伟"},
		// nobody's
		{"Ahmed Khan", "export1@alnoor.ae", ""},
		{"Ahmed Khan", "sales.dept@alnoor.ae", ""},
		{"Ahmed Khan", "no-reply@alnoor.ae", ""},
		{"Ahmed Khan", "info2@alnoor.ae", ""},
		{"Sales Department", "ahmed@alnoor.ae", ""},
		{"Head of Purchasing", "maria@lopez.es", ""},
		{"Export Manager", "ahmed@alnoor.ae", ""},
		{"采购部", "wang@bright.cn", ""},
		{"Acme SA", "juan@acme.es", ""},
		{"Müller AG", "hans@mueller.de", ""},
		{"Bright Co.", "lin@bright.cn", ""},
		{"Acme s.a.", "juan@acme.es", ""},
		{"Customer Service", "ahmed@alnoor.ae", ""},
		{"Accounts Payable", "maria@lopez.es", ""},
		{"Sales Office Shanghai", "lin@bright.cn", ""},
		{"Purchasing Dept 2", "hans@globex.de", ""},
		// A role word in the name itself is not told from a department
		// ("Order Chen"): the formal salutation, never "Dear Payable".
		{"Order Chen", "chen@bright.cn", ""},
		{"Maria Lopez - Purchasing Manager", "maria@lopez.es", "Maria"},
		{"Lily Chen | Sales", "lily@bright.cn", "Lily"},
		{"Al-Harbi, Khalid", "khalid@harbi.sa", "Khalid"},
	} {
		if got := templates.PersonOf(c.name, c.email).FirstName; got != c.first {
			t.Errorf("%q <%s>: first name %q, want %q", c.name, c.email, got, c.first)
		}
	}
}

// A manager's letter written "Dear {{.Contact.FirstName}}," greets a
// contact without a name "Dear ,": the check names it, as does the check
// of an html section; "{{.Contact.Salutation}}," passes.
func TestCheckNamesAnEmptyNameSlot(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"2026-12.tmpl":    "subject: News\n--- text\nDear {{.Contact.FirstName}},\n\nour news.\n",
		"2026-12.de.tmpl": "subject: News\n--- text\n{{.Contact.Salutation}},\n\nNeues.\n--- html\n<p>Sehr geehrter Herr {{.Contact.FirstName}},</p><p>Neues.</p>\n",
		"2026-12.fr.tmpl": "subject: News\n--- text\n{{.Contact.Salutation}},\n\nnouvelles.\n",
		"2026-12.zh.tmpl": "subject: News\n--- text\n尊敬的{{.Contact.FirstName}}，\n\n新闻。\n",
		"2026-12.es.tmpl": "subject: News\n--- text\nHola,\n\nnovedades.\n",
		"2026-12.ja.tmpl": "subject: News\n--- text\n{{.Contact.Name}}様、\n\nお世話になっております。\n",
	})
	var files []string
	for _, p := range templates.EmptyWarnings(set) {
		if p.Field == ".Contact.FirstName" {
			files = append(files, p.File)
		}
	}
	if strings.Join(files, " ") != "2026-12.de.tmpl 2026-12.ja.tmpl 2026-12.tmpl 2026-12.zh.tmpl" {
		t.Errorf("warned about %v", files)
	}
	for text, want := range map[string]string{
		"Dear ,\n\nnews":             "Dear ,",
		"\nDear  \n\nnews":           "Dear",
		"Dear Sir or Madam,\n\nnews": "",
		"Hello,\n\nnews":             "",
		"Dear Bob,\n":                "",
		// a name suffix or the Arabic and ideographic commas after no name
		"様、\n\nお世話になっております。": "様、",
		" 様\n":            "様",
		"님께,\n":           "님께,",
		"先生，您好\n":         "先生，您好",
		"总您好：\n":          "总您好：",
		"مرحبًا ،\n":      "مرحبًا ،",
		"尊敬的、\n":          "尊敬的、",
		"親愛的、\n":          "親愛的、",
		"ご担当者様、\n":        "",
		"田中様、\n":          "",
		"您好，\n":           "",
		"王总您好：\n":         "",
		"مرحبًا Ahmed،\n": "",
		// the name missing before the opening goes on, or before the greeting
		"Hi , hope all is well!\n\nnews": "Hi , hope all is well!",
		"，您好！\n\n新闻":                     "，您好！",
		"님, 안녕하세요.\n":                    "님, 안녕하세요.",
		"님 안녕하세요.\n":                     "님 안녕하세요.",
		"总，您好！\n":                        "总，您好！",
		"尊敬的，您好！\n":                      "尊敬的，您好！",
		"親愛的，您好！\n":                      "親愛的，您好！",
		// a name after the usual space between CJK and Latin text is a name
		"親愛的 Anna，您好！\n":               "",
		"尊敬的 Hans Meier：\n":            "",
		"亲爱的 Anna：\n":                  "",
		"親愛的 ，您好！\n":                   "親愛的 ，您好！",
		"尊敬的 \n":                       "尊敬的",
		"Hi Anna, hope all is well!\n": "",
		"王总，您好！\n":                     "",
		"김민준님, 안녕하세요.\n":               "",
		"김민준 님께,\n":                    "",
		"안녕하세요, 님.\n":                  "안녕하세요, 님.",
		"您好，总体来说一切顺利。\n":               "",
		"女士们，先生们：\n":                   "",
		// French typography: a space before ! : ; after a real name
		"Bonjour Marie !\n":           "",
		"Bonjour\u00a0Marie\u202f!\n": "",
		"Madame, Monsieur :\n":        "",
		"Chère Madame Dupont :\n":     "",
		"Bonjour  !\n":                "Bonjour  !",
		"Bonjour !\n":                 "Bonjour !",
		"Hi ,\n":                      "Hi ,",
		"Chère :\n":                   "Chère :",
		// after a comma or a title abbreviation the gap is never French
		// typography: the name is missing
		"Estimado Ing. :\n":       "Estimado Ing. :",
		"Estimado Sr. :\n":        "Estimado Sr. :",
		"Gentile Sig.ra :\n":      "Gentile Sig.ra :",
		"Уважаемый господин !\n":  "Уважаемый господин !",
		"Здравствуйте, !\n":       "Здравствуйте, !",
		"Hi, !\n":                 "Hi, !",
		"Estimado Sr.:\n":         "Estimado Sr.:",
		"Estimado Sr. García:\n":  "",
		"Estimado Ing. Pérez :\n": "",
		"Bonjour Madame !\n":      "",
		"Здравствуйте, Анна!\n":   "",
		"Cher M. Dupont :\n":      "",
		"Dear Mr. Ing,\n":         "",
		// honorifics joined as alternatives: Dear Sir/Madam, no name missing
		"先生/女士，您好！\n": "",
		"女士/先生：\n":    "",
		"女士、先生：\n":    "",
		"先生、女士，您好！\n": "",
		"女士、 先生：\n":   "",
		// '、' after a lone suffix that no honorific follows is the slot's
		"様、いつもお世話になっております。\n":     "様、いつもお世話になっております。",
		"さん、こんにちは！\n":             "さん、こんにちは！",
		"田中様、いつもお世話になっております。\n":   "",
		"ご担当者様、いつもお世話になっております。\n": "",
		"こんにちは、様\n":               "こんにちは、様",
		// a space before the end is French typography only: outside
		// French, after an occasion, a time of day or a title spelled out,
		// the name is missing
		"Merry Christmas !\n":         "Merry Christmas !",
		"Happy birthday !\n":          "Happy birthday !",
		"Estimado Ingeniero :\n":      "Estimado Ingeniero :",
		"Estimado Licenciado :\n":     "Estimado Licenciado :",
		"Уважаемый г-н !\n":           "Уважаемый г-н !",
		"Уважаемая г-жа!\n":           "Уважаемая г-жа!",
		"Boa tarde !\n":               "Boa tarde !",
		"Добрый день !\n":             "Добрый день !",
		"Joyeux Noël !\n":             "",
		"Bon anniversaire !\n":        "",
		"Estimado Ingeniero Pérez:\n": "",
		"Уважаемый г-н Петров!\n":     "",
		// a dot ending a company's or a name's last word is no title
		// left without its name
		"Bonjour à toute l'équipe Durand S.A. !\n":     "",
		"Bonjour à toute l'équipe Martin S.A.R.L. !\n": "",
		"Dear Mr. Smith Sr.,\n":                        "",
		"Dear Mr. Smith Jr. :\n":                       "",
		"Cher M. :\n":                                  "Cher M. :",
		"Prezado Sr.,\n":                               "Prezado Sr.,",
		"Ilmo. Sr.,\n":                                 "Ilmo. Sr.,",
		"Ilmo. Sr. Silva,\n":                           "",
		// spaces around the mark joining Sir or Madam
		"先生 / 女士，您好！\n":       "",
		"女士 、先生：\n":           "",
		"女士 、 先生：\n":          "",
		"先生 ／ 女士：\n":          "",
		"様 いつもお世話になっております。\n": "様 いつもお世話になっております。",
	} {
		if got := templates.EmptyNameSlot(text); got != want {
			t.Errorf("EmptyNameSlot(%q) = %q, want %q", text, got, want)
		}
	}
	// A step opening as Lily wrote, "親愛的 Anna，", is no refusal
	// (stepRefusal calls CheckNameSlot).
	for _, text := range []string{"親愛的 Anna，\n\n報價已附上。", "亲爱的 Anna：\n\n报价见附件。", "尊敬的 Hans Meier：\n\n报价见附件。"} {
		if err := templates.CheckNameSlot(templates.Rendered{File: "x.zh.tmpl", Lang: "zh", Text: text}); err != nil {
			t.Errorf("CheckNameSlot(%q): %v", text, err)
		}
	}
}

// An opening that goes on after the name, or a Chinese or Korean one
// that greets after it, is named for a contact without a name too: the
// console does not save it and `sequences check` warns of it.
func TestNameProblemsNamesAnEmptySlotInsideTheOpening(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"x.tmpl":    "subject: News\n--- text\nHi {{.Contact.FirstName}}, hope all is well!\n\nour news.\n",
		"x.zh.tmpl": "subject: News\n--- text\n{{.Contact.Name}}，您好！\n\n新闻。\n",
		"x.ko.tmpl": "subject: News\n--- text\n{{.Contact.Name}}님, 안녕하세요.\n\n소식.\n",
		"x.de.tmpl": "subject: News\n--- text\n{{.Contact.Salutation}},\n\nNeues.\n",
	})
	var files []string
	for _, p := range templates.NameProblems(set) {
		if p.Field == ".Contact.FirstName" {
			files = append(files, p.File)
		}
	}
	if strings.Join(files, " ") != "x.ko.tmpl x.tmpl x.zh.tmpl" {
		t.Errorf("named %v", files)
	}
}

func loadFiles(t *testing.T, files map[string]string) *templates.Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	set, err := templates.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// A salutation the book holds with its own punctuation ("Dear Mr. Meier,",
// "王总您好：", an Arabic comma) opens every built-in template with that
// punctuation once: the template writes its own after it.
func TestTypedSalutationPunctuationIsWrittenOnce(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	typed := map[string]string{"": "Dear Mr. Meier,", "de": "Sehr geehrter Herr Meier,", "es": "Estimado Sr. López,",
		"fr": "Cher Monsieur Meier,", "pt": "Prezado Sr. Lopes,", "ru": "Уважаемый Иван!", "zh": "王总您好：", "ar": "السيد أحمد،"}
	for _, tm := range set.Templates() {
		sal, ok := typed[tm.Lang]
		if !ok {
			continue
		}
		d := templates.SampleData()
		d.Contact.Salutation = sal
		r, err := tm.Render(d)
		if err != nil {
			t.Fatalf("%s: %v", tm.File, err)
		}
		first, _, _ := strings.Cut(r.Text, "\n")
		if line := r.DoubledEnd(); line != "" {
			t.Errorf("%s opens %q", tm.File, line)
		}
		if !strings.HasPrefix(first, templates.TrimSalutation(sal)) {
			t.Errorf("%s opens %q, not with the book's salutation %q", tm.File, first, sal)
		}
	}
	if got := templates.Salutation(templates.Contact{Salutation: " 王总您好： "}, "zh"); got != "王总您好" {
		t.Errorf("Salutation kept the colon: %q", got)
	}
}

// The checks name a template whose opening writes its punctuation twice,
// and such a mail is not sent (CheckNameSlot).
func TestCheckNamesDoubledPunctuation(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"2026-12.tmpl":    "subject: News\n--- text\n{{.Contact.Salutation}},,\n\nour news.\n",
		"2026-12.zh.tmpl": "subject: News\n--- text\n{{.Contact.Salutation}}：\n\n新闻。\n",
	})
	var files []string
	for _, p := range templates.EmptyWarnings(set) {
		if p.Field == ".Contact.Salutation" {
			files = append(files, p.File)
		}
	}
	if strings.Join(files, " ") != "2026-12.tmpl" {
		t.Errorf("warned about %v", files)
	}
	for text, want := range map[string]string{
		"Dear Mr. Meier,,\n\nnews": "Dear Mr. Meier,,",
		"王总您好：：\n\n新闻":             "王总您好：：",
		"Dear Hans, :\n":           "Dear Hans, :",
		"Dear Hans,\n\nnews,,":     "",
		"Hello!\n":                 "",
	} {
		if got := templates.DoubledEnd(text); got != want {
			t.Errorf("DoubledEnd(%q) = %q, want %q", text, got, want)
		}
	}
	var doubled *templates.DoubledEndError
	if err := templates.CheckNameSlot(templates.Rendered{File: "x.tmpl", Text: "Dear Mr. Meier,,\n\nnews"}); !errors.As(err, &doubled) {
		t.Errorf("CheckNameSlot: %v", err)
	}
}

// A resend in a thread whose subject came from a Chinese or French client
// keeps its reply marker: no "Re: 回复：" or "Re: RE : Offre".
func TestReplyKeepsAReplyMarkerInAnyLanguage(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, subject := range []string{"回复：Inquiry LED panel", "Re：报价单", "RE : Offre", "AW: Angebot", "Antw: Offerte"} {
		d := templates.SampleData()
		d.Original.Subject = subject
		r, err := set.Render("resend", "", d)
		if err != nil {
			t.Fatal(err)
		}
		if r.Subject != subject {
			t.Errorf("the resend of %q is %q", subject, r.Subject)
		}
	}
}

// Arabic mail is marked right to left in its html part, as a mail client
// writing Arabic marks it, and its quote is introduced in Arabic.
func TestArabicMailIsRightToLeftWithAnArabicAttribution(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"resend", "ack", "product-intro"} {
		r, err := set.Render(name, "ar", templates.SampleData())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(r.HTML, `<div dir="rtl"`) {
			t.Errorf("%s: the html is not marked right to left:\n%s", r.File, r.HTML)
		}
		if name == "product-intro" {
			continue // it quotes nothing
		}
		if strings.Contains(r.Text, "On Mon") || !strings.Contains(r.Text, "في 2/11/2026 09:30، كتب Li Wei <li@seller.example>:") {
			t.Errorf("%s: the quote is not introduced in Arabic:\n%s", r.File, r.Text)
		}
		if !strings.Contains(r.HTML, `<blockquote type="cite" dir="auto"`) {
			t.Errorf("%s: the quote does not keep its own direction:\n%s", r.File, r.HTML)
		}
	}
	r, err := set.Render("resend", "de", templates.SampleData())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.HTML, "dir=") {
		t.Errorf("German html marked with a direction:\n%s", r.HTML)
	}
}

// A template that fails outright when .Products is empty is named with
// the fix; one that declares it, or writes its products wholly inside
// {{with .Products}} or {{if .Products}} (what the mail says without them
// is the manager's choice, as with {{with .Company}}), is not. A bare
// {{range .Products}} with words before it still is: "here are our new
// items:" would be left with nothing after it.
func TestEmptyWarningsNameATemplateFailingWithoutProducts(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"intro.tmpl":   "subject: News\n--- text\n{{.Contact.Salutation}},\n\nOur bestseller {{(index .Products 0).Name}}.\n",
		"needs.tmpl":   "requires: Products\nsubject: News\n--- text\n{{.Contact.Salutation}},\n\nOur bestseller {{(index .Products 0).Name}}.\n",
		"guarded.tmpl": "subject: News\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\nOur bestseller {{(index . 0).Name}}.{{end}}\n",
		"if.tmpl":      "subject: News\n--- text\n{{.Contact.Salutation}},\n\nthank you for your visit.{{if .Products}} Here are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}{{end}}\n",
		"lead.tmpl":    "subject: News\n--- text\n{{.Contact.Salutation}},\n\nhere are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}\n",
		"subj.tmpl":    "subject: {{with .Products}}New: {{(index . 0).Name}}{{end}}\n--- text\n{{.Contact.Salutation}},\n\nthank you.\n",
		"signed.tmpl":  "subject: News\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n",
	})
	var got []string
	for _, p := range templates.EmptyWarnings(set) {
		if p.Field == ".Products" {
			got = append(got, p.File+": "+p.Msg)
		}
	}
	if len(got) != 5 || got[0] != "guarded.tmpl: "+templates.SaysNothingProductsMsg ||
		!strings.HasPrefix(got[1], "intro.tmpl: fails when Products is empty (") || !strings.Contains(got[1], `add "requires: Products"`) ||
		!strings.HasPrefix(got[2], "lead.tmpl: renders with Products empty") ||
		got[3] != "signed.tmpl: "+templates.SaysNothingProductsMsg ||
		!strings.HasPrefix(got[4], "subj.tmpl: fails when Products is empty (rendered subject is empty)") {
		t.Errorf("warnings: %q", got)
	}
}

// A text of an opening and a sign-off alone says nothing; a short mail
// with a line of its own between them says something, as does one whose
// first line runs on past its opening, or one listing a product.
func TestSaysNothing(t *testing.T) {
	for body, want := range map[string]bool{
		"{{.Contact.Salutation}},\n\nBest regards,\n{{.Owner.Signature}}\n":                                 true,
		"{{.Contact.Salutation}},\n\n\nBest regards,\n{{.Owner.Name}}\n\n{{.Original.Quote}}\n":             true,
		"{{.Contact.Salutation}},\n\n祝好！\n{{.Owner.Signature}}\n":                                           true,
		"Dear {{.Contact.FirstName}},\n\nany news on the order?\n\nBest, {{.Owner.Name}}\n":                 false,
		"Dear Anna,\n\nany news on the order?\n\nBest, Lily\n":                                              false,
		"{{.Contact.Salutation}}, any news on the order?\n\nBest regards,\n{{.Owner.Signature}}\n":          false,
		"{{.Contact.Salutation}},\n\n{{(index .Products 0).Name}}\n\nBest regards,\n{{.Owner.Signature}}\n": false,
		"{{.Contact.Salutation}},\n\nthanks.\n\nBest regards,\n{{.Owner.Signature}}\n":                      false,
	} {
		set := loadFiles(t, map[string]string{"t.tmpl": "subject: News\n--- text\n" + body})
		r, err := set.Render("t", "", templates.SampleData())
		if err != nil {
			t.Fatal(err)
		}
		if got := r.SaysNothing(); got != want {
			t.Errorf("%q: SaysNothing = %v, want %v (text %q)", body, got, want, r.Text)
		}
	}
}

// Guarded tells a template whose products are all inside {{with}},
// {{if}} or {{range}} of them from one that uses them bare somewhere.
func TestGuardedProducts(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"with.tmpl":  "subject: News{{with .Products}} on {{index . 0}}{{end}}\n--- text\nHi,\nnew{{with .Products}}: {{join . \", \"}}{{end}}.\n--- html\n<p>new{{if .Products}}: {{join .Products \", \"}}{{end}}.</p>\n",
		"range.tmpl": "subject: News\n--- text\n{{range .Products}}- {{.Name}}\n{{else}}nothing new{{end}}\n",
		"bare.tmpl":  "subject: News\n--- text\nHi,\nnew{{with .Products}}: {{join . \", \"}}{{end}}; first {{index .Products 0}}.\n",
		"html.tmpl":  "subject: News\n--- text\nHi,\n--- html\n<p>{{join .Products \", \"}}</p>\n",
		"else.tmpl":  "subject: News\n--- text\n{{with .Products}}x{{else}}{{len $.Products}}{{end}}\n",
	})
	for name, want := range map[string]bool{"with": true, "range": true, "bare": false, "html": false, "else": false} {
		tm, ok := set.Lookup(name, "")
		if !ok {
			t.Fatalf("no %s", name)
		}
		if got := tm.Guarded("Products"); got != want {
			t.Errorf("%s: Guarded = %v", name, got)
		}
	}
}

// GuardedWhole does not count a {{range .Products}} without {{else}} as
// guarding the words before it: "here are our new items:" would be left
// with nothing after it.
func TestGuardedWholeProducts(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"with.tmpl":   "subject: News\n--- text\nHi,\n{{with .Products}}here are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n",
		"range.tmpl":  "subject: News\n--- text\n{{range .Products}}- {{.Name}}\n{{else}}nothing new{{end}}\n",
		"lead.tmpl":   "subject: News\n--- text\nHi,\nhere are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}\n",
		"iflead.tmpl": "subject: News\n--- text\nHi,\n{{if .Products}}here are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}{{end}}\n",
	})
	for name, want := range map[string]bool{"with": true, "range": true, "lead": false, "iflead": true} {
		tm, ok := set.Lookup(name, "")
		if !ok {
			t.Fatalf("no %s", name)
		}
		if got := tm.GuardedWhole("Products"); got != want {
			t.Errorf("%s: GuardedWhole = %v", name, got)
		}
		if !tm.Guarded("Products") {
			t.Errorf("%s: not Guarded", name)
		}
		if got := templates.BareProducts(set, name+".tmpl"); got == want {
			t.Errorf("%s: BareProducts = %v", name, got)
		}
	}
}

// A display name naming the person beside their company keeps the
// person: the company part is dropped as a department part is, also when
// set apart by a Chinese input method's full-width brackets. A name that
// is only a company still gets the formal opening.
func TestPersonBesideTheirCompany(t *testing.T) {
	for _, c := range []struct{ name, email, lang, want string }{
		{"Hans Meier (Globex GmbH)", "hans@globex.de", "de", "Guten Tag Hans Meier"},
		{"Ahmed Khan | Al Noor Trading", "ahmed@alnoor.ae", "", "Dear Ahmed"},
		{"Maria Lopez - Grupo Lopez SA", "maria@lopez.es", "es", "Hola Maria"},
		{"Globex GmbH, Hans Meier", "hans@globex.de", "", "Dear Sir or Madam"},
		{"王伟（采购部）", "wang@bright.cn", "zh", "尊敬的王伟"},
		{"王伟（深圳光明有限公司）", "wang@bright.cn", "zh", "尊敬的王伟"},
		{"王伟【深圳光明有限公司】", "wang@bright.cn", "zh", "尊敬的王伟"},
		{"Shenzhen Bright Co., Ltd", "lin@bright.cn", "", "Dear Sir or Madam"},
		{"Al Noor Trading", "ali@alnoor.ae", "", "Dear Sir or Madam"},
		{"深圳光明有限公司（采购部）", "lin@bright.cn", "zh", "尊敬的客户"},
	} {
		if got := templates.Salutation(templates.NewContact(c.name, c.email), c.lang); got != c.want {
			t.Errorf("%q <%s> (%s): %q, want %q", c.name, c.email, c.lang, got, c.want)
		}
	}
}

// A family name written in capitals beside a given name that is not
// ("WANG Wei", "DUPONT Jean", "Jean DUPONT") is the family name: the
// opening greets the given name, and a full-name opening writes it as a
// name, family name last (first in Chinese).
func TestFamilyNameInCapitals(t *testing.T) {
	for _, c := range []struct{ name, email, lang, want string }{
		{"WANG Wei", "wei.wang@buyer.cn", "", "Dear Wei"},
		{"DUPONT Jean", "jean.dupont@acme.fr", "fr", "Bonjour Jean"},
		{"MEIER Hans", "hans.meier@globex.de", "de", "Guten Tag Hans Meier"},
		{"Jean DUPONT", "jean.dupont@acme.fr", "de", "Guten Tag Jean Dupont"},
		{"NGUYEN Van An", "an@buyer.vn", "", "Dear An"},
		{"NGUYEN Van An", "an@buyer.vn", "vi", "Kính gửi Nguyen Van An"},
		{"TRAN Thi Mai", "mai@buyer.vn", "", "Dear Mai"},
		// Văn and Thị are middle names whatever the family name; a family
		// name Korean or Chinese too (Do, Le, Lam) is no sign of one
		{"HO Van Nam", "nam@buyer.vn", "", "Dear Nam"},
		{"DANG Thi Lan", "lan@buyer.vn", "", "Dear Lan"},
		{"NGUYEN Minh Tuan", "tuan@buyer.vn", "", "Dear Tuan"},
		{"DO Min Jun", "minjun@buyer.kr", "", "Dear Min"},
		{"LE Xiao Ming", "xiaoming@buyer.cn", "", "Dear Xiao"},
		{"LAM Ka Wai", "kawai@buyer.hk", "", "Dear Ka"},
		{"YAMADA Taro", "taro@buyer.jp", "ja", "Yamada Taro様"},
		{"KIM Minsu", "minsu@buyer.kr", "ko", "Kim Minsu님"},
		{"KIM Minsu", "minsu@buyer.kr", "", "Dear Minsu"},
		{"WANG Wei", "wei.wang@buyer.cn", "zh", "尊敬的Wang Wei"},
		{"Mr. WANG Wei", "wei.wang@buyer.cn", "", "Dear Wei"},
		{"John Smith MBA", "john@smith.example", "de", "Guten Tag John Smith"},
		// unchanged: all capitals, no capitals, an initial
		{"HANS MEIER", "hans@globex.de", "de", "Guten Tag Hans Meier"},
		// two pinyin syllables with a common family name and no capitals:
		// which is the family name cannot be known, so the whole name
		{"Wang Wei", "wang@buyer.cn", "", "Dear Wang Wei"},
		{"Wei Wang", "wei.wang@buyer.cn", "", "Dear Wei Wang"},
		{"Zhang Li", "zhang.li@buyer.cn", "es", "Hola Zhang Li"},
		{"Lily Chen", "lily@x.hk", "", "Dear Lily"},
		{"Anna Wang", "anna@x.com", "", "Dear Anna"},
		// an English given name that is also a pinyin syllable
		{"Ian Wu", "ian@x.com", "", "Dear Ian"},
		{"Ben Wang", "ben@x.com", "", "Dear Ben"},
		{"Sue Chen", "sue@x.com", "es", "Hola Sue"},
	} {
		if got := templates.Salutation(templates.NewContact(c.name, c.email), c.lang); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
	if p := templates.PersonOf("DE LA CRUZ Maria", "maria@cruz.ph"); p.Name != "Maria De La Cruz" || p.FirstName != "Maria" || p.Family != "De La Cruz" {
		t.Errorf("PersonOf: %+v", p)
	}
}

// An initial is no first name: "J. Smith" and "Meier, H." get the formal
// opening, never "Dear J" or "Guten Tag H Meier"; with a title the family
// name is addressed ("Mr. J. Smith" is "Dear Mr. Smith"). The name keeps
// its dots.
func TestAnInitialIsNoFirstName(t *testing.T) {
	for _, c := range []struct{ name, email, lang, want string }{
		{"J. WANG", "wang@buyer.cn", "", "Dear Sir or Madam"},
		{"J. Smith", "jsmith@buyer.com", "", "Dear Sir or Madam"},
		{"Meier, H.", "h.meier@globex.de", "", "Dear Sir or Madam"},
		{"Meier, H.", "h.meier@globex.de", "de", "Sehr geehrte Damen und Herren"},
		{"A. Kumar", "a.kumar@buyer.in", "", "Dear Sir or Madam"},
		{"Mr. J. Smith", "jsmith@buyer.com", "", "Dear Mr. Smith"},
		{"Herr H. Meier", "h.meier@globex.de", "de", "Guten Tag Herr Meier"},
		{"Herr H. Meier", "h.meier@globex.de", "", "Dear Mr. Meier"},
		{"John F. Kennedy", "jfk@buyer.com", "", "Dear John"},
		{"John F. Kennedy", "jfk@buyer.com", "de", "Guten Tag John F. Kennedy"},
	} {
		if got := templates.Salutation(templates.NewContact(c.name, c.email), c.lang); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
	if p := templates.PersonOf("DE LA CRUZ Maria", "maria@cruz.ph"); p.Name != "Maria De La Cruz" || p.FirstName != "Maria" || p.Family != "De La Cruz" {
		t.Errorf("PersonOf: %+v", p)
	}
}

// A display name that is the address's local part ("hans.meier") is
// read as the name it writes: Hans Meier, never "Dear Hans.meier".
func TestDottedDisplayName(t *testing.T) {
	for _, c := range []struct{ name, email, lang, want string }{
		{"hans.meier", "hans.meier@globex.de", "", "Dear Hans"},
		{"hans.meier", "hans.meier@globex.de", "de", "Guten Tag Hans Meier"},
		{"li.wei", "li.wei@buyer.cn", "", "Dear Li Wei"}, // which is the family name cannot be told
		{"hans.meier2", "hans.meier2@globex.de", "", "Dear Hans"},
		{"hans_meier", "hans_meier@globex.de", "", "Dear Hans"},
		{"Dr.Wang", "wang@bright.cn", "", "Dear Dr. Wang"},
		{"Acme S.A.", "juan@acme.es", "", "Dear Sir or Madam"},
	} {
		if got := templates.Salutation(templates.NewContact(c.name, c.email), c.lang); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
}

// An office, country or role tag written in capitals after a name ("Lily
// Chen (HK)", "Tom Lee USA", "Hans Meier (GF)") is no family name: it is
// dropped, never moved to the front of a Chinese opening ("尊敬的Hk Lily
// Chen") nor written as a name ("Guten Tag Hans Meier Gf").
func TestCapitalTagIsNoFamilyName(t *testing.T) {
	if p := templates.PersonOf("Lily Chen (HK)", "lily@x.hk"); p.Name != "Lily Chen" || p.Family != "" {
		t.Errorf("PersonOf: %+v", p)
	}
	for _, c := range []struct{ name, email, lang, want string }{
		{"Lily Chen (HK)", "lily@x.hk", "zh", "尊敬的Lily Chen"},
		{"Tom Lee (USA)", "tom@x.com", "zh", "尊敬的Tom Lee"},
		{"Tom Lee USA", "tom@x.com", "de", "Guten Tag Tom Lee"},
		{"Hans Meier (GF)", "hans@globex.de", "de", "Guten Tag Hans Meier"},
		{"Ahmed Khan (KSA)", "ahmed@x.sa", "de", "Guten Tag Ahmed Khan"},
		{"John Smith III", "john@x.com", "de", "Guten Tag John Smith"},
		{"Maria Lopez RRHH", "maria@x.es", "de", "Guten Tag Maria Lopez"},
		{"Maria Lopez ABC", "maria@x.es", "", "Dear Maria"},
	} {
		got := templates.Salutation(templates.NewContact(c.name, c.email), c.lang)
		if got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
	if p := templates.PersonOf("Maria Lopez ABC", "maria@x.es"); p.Family != "" {
		t.Errorf("PersonOf: %+v", p)
	}
}

// A display name that is a domain ("Alibaba.com", "globex.de") is a
// company's site, never a person: the formal opening, never "Dear Alibaba"
// or "Guten Tag Globex De".
func TestDomainDisplayNameIsNoPerson(t *testing.T) {
	for _, c := range []struct{ name, email string }{
		{"Alibaba.com", "notice@alibaba.com"},
		{"globex.de", "m.k@globex.de"},
		{"Acme.co.uk", "jsmith@acme.co.uk"},
	} {
		if p := templates.PersonOf(c.name, c.email); p.FirstName != "" {
			t.Errorf("%q <%s>: %+v, want no person", c.name, c.email, p)
		}
	}
	if got := templates.Salutation(templates.NewContact("globex.de", "m.k@globex.de"), "de"); got != "Sehr geehrte Damen und Herren" {
		t.Errorf("globex.de (de): %q", got)
	}
	for _, c := range []struct{ name, email, want string }{
		{"jack.ma", "jack.ma@buyer.cn", "Dear Jack"},
		{"hans.meier", "hans.meier@globex.de", "Dear Hans"},
	} {
		if got := templates.Salutation(templates.NewContact(c.name, c.email), ""); got != c.want {
			t.Errorf("%q: %q, want %q", c.name, got, c.want)
		}
	}
}

// A doctorate after Herr or Frau stays: "Frau Dr. Schmidt" is greeted so in
// German, "Dear Dr. Schmidt" in English.
func TestDoctorateAfterHerrOrFrau(t *testing.T) {
	for _, c := range []struct{ name, lang, want string }{
		{"Frau Dr. Schmidt", "de", "Guten Tag Frau Dr. Schmidt"},
		{"Frau Dr. Schmidt", "", "Dear Dr. Schmidt"},
		{"HERR PROF. WEBER", "de", "Guten Tag Herr Prof. Weber"},
		{"Frau Dr. Schmidt", "zh", "尊敬的Schmidt博士"},
		{"Dr. Wang", "de", "Guten Tag Dr. Wang"},
	} {
		if got := templates.Salutation(templates.NewContact(c.name, "x@buyer.example"), c.lang); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
}

// A template that writes .Company bare ("Offer for {{.Company}}") is named
// with the fix: a customer the book knows only by its domain, and a
// private buyer, would get "Offer for ". One that declares it, or writes
// it inside {{with .Company}}, is not; nor is any shipped template.
func TestEmptyWarningsNameATemplateWithCompanyBare(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"offer.tmpl":   "subject: Offer for {{.Company}}\n--- text\n{{.Contact.Salutation}},\n\nhere is our offer.\n",
		"xmas.tmpl":    "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nMerry Christmas to you and everyone at {{.Company}}.\n",
		"needs.tmpl":   "requires: Company\nsubject: Offer for {{.Company}}\n--- text\n{{.Contact.Salutation}},\n\nhere is our offer.\n",
		"guarded.tmpl": "subject: Offer{{with .Company}} for {{.}}{{end}}\n--- text\n{{.Contact.Salutation}},\n\nhere is our offer.\n",
	})
	var got []string
	for _, p := range templates.EmptyWarnings(set) {
		if p.Field == ".Company" {
			got = append(got, p.File+": "+p.Msg)
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "offer.tmpl: renders with Company empty") || !strings.HasPrefix(got[1], "xmas.tmpl: renders with Company empty") ||
		!strings.Contains(got[0], `add "requires: Company"`) || !strings.Contains(got[0], "{{with .Company}}") {
		t.Errorf("warnings: %q", got)
	}
	shipped, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range templates.EmptyWarnings(shipped) {
		if p.Field == ".Company" {
			t.Errorf("shipped %s: %s", p.File, p.Msg)
		}
	}
}

// A French template writes a space before "!" or ":" after the name, as
// French typography has it: the console saves it and a named contact gets
// it, while the same file leaving the name out is still named.
func TestCheckNamesFrenchSpaceBeforeExclamation(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"relance.fr.tmpl": "subject: Devis\n--- text\n{{.Contact.Salutation}} !\n\navez-vous reçu notre devis ?\n",
		"merci.fr.tmpl":   "subject: Merci\n--- text\nBonjour {{.Contact.FirstName}} !\n\nmerci.\n",
	})
	var files []string
	for _, p := range templates.NameProblems(set) {
		files = append(files, p.File)
	}
	if strings.Join(files, " ") != "merci.fr.tmpl" {
		t.Errorf("named %v, want only merci.fr.tmpl (Bonjour  ! for a contact without a name)", files)
	}
	d := templates.SampleData()
	d.Contact = templates.NewContact("Marie Dupont", "marie@client.example")
	for _, name := range []string{"relance", "merci"} {
		tm, ok := set.Lookup(name, "fr")
		if !ok {
			t.Fatalf("no %s.fr", name)
		}
		r, err := tm.Render(d)
		if err != nil {
			t.Fatal(err)
		}
		if line := r.EmptyNameSlot(); line != "" {
			t.Errorf("%s for Marie Dupont: empty name slot %q in %q", name, line, r.Text)
		}
	}
}

// A British contact gets the team's default offer.tmpl, English too, not
// its offer.en-us.tmpl (USD, US spelling); a US one gets the US file, and a
// Brazilian one with no pt file of its own still gets offer.pt-br.tmpl.
func TestAnEnglishRegionFallsBackToTheDefaultFile(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"offer.tmpl":       "subject: Offer\n--- text\n{{.Contact.Salutation}},\n\nour offer.\n",
		"offer.en-us.tmpl": "subject: Offer\n--- text\n{{.Contact.Salutation}},\n\nour offer in USD.\n",
		"offer.pt-br.tmpl": "subject: Oferta\n--- text\n{{.Contact.Salutation}},\n\nnossa oferta.\n",
	})
	for lang, want := range map[string]string{"en-gb": "offer.tmpl", "en": "offer.tmpl", "en-us": "offer.en-us.tmpl", "pt": "offer.pt-br.tmpl"} {
		tm, ok := set.Lookup("offer", lang)
		if !ok || tm.File != want {
			t.Errorf("Lookup(offer, %s) = %v, want %s", lang, tm, want)
		}
	}
}

// The gap before "!" or ":" is judged in the template's language: for a
// contact without a name, "Merry Christmas !" and "Felices fiestas !"
// lost their name while the French "Joyeux Noël !" is whole, and the
// console names those templates; a contact with a name still gets "Hi
// Anna !" (spacing, not an empty slot), so no follow-up of such a
// template is refused for her.
func TestEmptyNameSlotKnowsTheLanguage(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"xmas.tmpl":    "subject: Season's greetings\n--- text\nMerry Christmas {{.Contact.FirstName}}!\n\nall the best.\n",
		"xmas.es.tmpl": "subject: Felices fiestas\n--- text\nFelices fiestas {{.Contact.FirstName}}!\n\nlo mejor.\n",
		"xmas.fr.tmpl": "subject: Joyeuses fêtes\n--- text\nJoyeux Noël{{with .Contact.FirstName}} {{.}}{{end}} !\n\nmeilleurs vœux.\n",
		"hi.tmpl":      "subject: Hello\n--- text\nHi {{.Contact.FirstName}} !\n\nnews.\n",
		"oi.pt.tmpl":   "subject: Oi\n--- text\nPrezado Sr.{{with .Contact.FirstName}} {{.}}{{end}},\n\nnovidades.\n",
	})
	nameless := templates.SampleData()
	nameless.Contact = templates.NewContact("", "info@buyer.example")
	named := templates.SampleData()
	for _, c := range []struct {
		name, lang string
		d          templates.Data
		want       string
	}{
		{"xmas", "", nameless, "Merry Christmas !"},
		{"xmas", "es", nameless, "Felices fiestas !"},
		{"xmas", "fr", nameless, ""},
		{"xmas", "", named, ""},
		{"hi", "", named, ""},
		{"oi", "pt", nameless, "Prezado Sr.,"},
		{"oi", "pt", named, ""},
	} {
		tm, ok := set.Lookup(c.name, c.lang)
		if !ok {
			t.Fatalf("no %s.%s", c.name, c.lang)
		}
		r, err := tm.Render(c.d)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.EmptyNameSlot(); got != c.want {
			t.Errorf("%s for %q: EmptyNameSlot() = %q, want %q (text %q)", tm.File, c.d.Contact.Name, got, c.want, r.Text)
		}
	}
	var files []string
	for _, p := range templates.NameProblems(set) {
		if p.Field == ".Contact.FirstName" {
			files = append(files, p.File)
		}
	}
	if strings.Join(files, " ") != "hi.tmpl oi.pt.tmpl xmas.es.tmpl xmas.tmpl" {
		t.Errorf("NameProblems named %v", files)
	}
}

// An opening the template writes with no field ("Prezado Sr.,", "Ilmo.
// Sr.,") is the manager's own words and is sent; the same opening left by
// an empty field is not. A company's name ending in a dot ("Durand
// S.A.") is no title left without its name.
func TestEmptyNameSlotLeavesAFixedOpening(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"xmas.pt.tmpl":    "subject: Boas festas\n--- text\nPrezado Sr.,\n\nFeliz Natal!\n",
		"xmas.pt-br.tmpl": "subject: Boas festas\n--- text\nIlmo. Sr.,\n\nFeliz Natal!\n",
		"xmas.es.tmpl":    "subject: Felices fiestas\n--- text\nEstimado Sr.:\n\n¡Feliz Navidad!\n",
		"xmas.es-mx.tmpl": "subject: Felices fiestas\n--- text\nEstimada Sra.,\n\n¡Feliz Navidad!\n",
		"oi.pt.tmpl":      "subject: Oi\n--- text\nPrezado Sr.{{with .Contact.FirstName}} {{.}}{{end}},\n\nnovidades.\n",
		"equipe.fr.tmpl":  "subject: Vœux\n--- text\nBonjour à toute l'équipe {{.Company}} !\n\nmeilleurs vœux.\n",
	})
	nameless := templates.SampleData()
	nameless.Contact = templates.NewContact("", "info@buyer.example")
	durand := templates.SampleData()
	durand.Company = "Durand S.A."
	for _, c := range []struct {
		name, lang string
		d          templates.Data
		want       string
	}{
		{"xmas", "pt", nameless, ""},
		{"xmas", "pt-br", nameless, ""},
		{"xmas", "es", nameless, ""},
		{"xmas", "es-mx", nameless, ""},
		{"oi", "pt", nameless, "Prezado Sr.,"},
		{"equipe", "fr", durand, ""},
	} {
		tm, ok := set.Lookup(c.name, c.lang)
		if !ok {
			t.Fatalf("no %s.%s", c.name, c.lang)
		}
		r, err := tm.Render(c.d)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.EmptyNameSlot(); got != c.want {
			t.Errorf("%s: EmptyNameSlot() = %q, want %q (text %q)", tm.File, got, c.want, r.Text)
		}
	}
	var files []string
	for _, p := range templates.NameProblems(set) {
		if p.Field == ".Contact.FirstName" {
			files = append(files, p.File)
		}
	}
	if strings.Join(files, " ") != "oi.pt.tmpl" {
		t.Errorf("NameProblems named %v", files)
	}
}

// An opening written with no field is the manager's own only when it ends
// in a title after other words ("Prezado Sr.,"): "Dear ,", "Dear,", "Hi ,"
// and "尊敬的，" are a name deleted from the template (a field removed to
// retype it, a pasted mail-merge text) and every mail of it would greet
// so; the console names them and no mail of them is sent.
func TestAFixedOpeningWithNoNameIsStillRefused(t *testing.T) {
	files := map[string]string{
		"x.tmpl":     "subject: News\n--- text\nDear ,\n\nwe have news.\n",
		"comma.tmpl": "subject: News\n--- text\nDear,\n\nwe have news.\n",
		"hi.tmpl":    "subject: News\n--- text\nHi ,\n\nwe have news.\n",
		"ilmo.tmpl":  "subject: News\n--- text\nIlmo. Sr. ,\n\nnovidades.\n",
		"x.zh.tmpl":  "subject: 新品\n--- text\n尊敬的，\n\n我们有新品。\n",
		// a title that needs its name, the name deleted with its field:
		// no letter opens so
		"mr.tmpl":      "subject: News\n--- text\nDear Mr.,\n\nwe have news.\n",
		"mrs.tmpl":     "subject: News\n--- text\nDear Mrs.,\n\nwe have news.\n",
		"dr.tmpl":      "subject: News\n--- text\nDear Dr.,\n\nwe have news.\n",
		"himr.tmpl":    "subject: News\n--- text\nHi Mr.,\n\nwe have news.\n",
		"dr.de.tmpl":   "subject: Neuigkeiten\n--- text\nSehr geehrter Herr Dr.,\n\nwir haben Neuigkeiten.\n",
		"fr.de.tmpl":   "subject: Neuigkeiten\n--- text\nSehr geehrte Fr.,\n\nwir haben Neuigkeiten.\n",
		"dott.it.tmpl": "subject: Novità\n--- text\nGentile Dott.,\n\nabbiamo novità.\n",
		"ing.es.tmpl":  "subject: Novedades\n--- text\nEstimado Ing.:\n\ntenemos novedades.\n",
		"lic.es.tmpl":  "subject: Novedades\n--- text\nEstimada Lic.,\n\ntenemos novedades.\n",
	}
	set := loadFiles(t, files)
	named := map[string]bool{}
	for _, p := range templates.NameProblems(set) {
		if p.Field == ".Contact.FirstName" {
			named[p.File] = true
		}
	}
	for file := range files {
		if !named[file] {
			t.Errorf("NameProblems does not name %s", file)
		}
	}
	for _, c := range []struct{ name, lang string }{{"x", ""}, {"comma", ""}, {"hi", ""}, {"ilmo", ""}, {"x", "zh"},
		{"mr", ""}, {"mrs", ""}, {"dr", ""}, {"himr", ""}, {"dr", "de"}, {"fr", "de"}, {"dott", "it"}, {"ing", "es"}, {"lic", "es"}} {
		tm, ok := set.Lookup(c.name, c.lang)
		if !ok {
			t.Fatalf("no %s.%s", c.name, c.lang)
		}
		r, err := tm.Render(templates.SampleData())
		if err != nil {
			t.Fatal(err)
		}
		var e *templates.EmptyNameSlotError
		if err := templates.CheckNameSlot(r); !errors.As(err, &e) {
			t.Errorf("%s: CheckNameSlot = %v, want an *EmptyNameSlotError (text %q)", tm.File, err, r.Text)
		}
		// the last look before sending (a greeting's Precheck) judges so too
		if got := tm.EmptyNameSlot(r.Text, r.HTML); got == "" {
			t.Errorf("%s: Template.EmptyNameSlot passes %q", tm.File, r.Text)
		}
	}
}

// An occasion before a spaced "!" is a name left out only when the line
// names nobody before it: "Dear Anna, Merry Christmas !" and "Hi Anna,
// good day !" (the spacing many Chinese writers of English use) go to
// Anna, and "Dear Sir or Madam, hope all is well !" to a shared address;
// "Merry Christmas !" and "Hi, good day !" alone still lost the name.
func TestAnOccasionAfterTheNameIsNoEmptySlot(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"xmas.tmpl":      "subject: Greetings\n--- text\nDear {{.Contact.FirstName}}, Merry Christmas !\n\nall the best.\n",
		"day.tmpl":       "subject: Hello\n--- text\nHi {{.Contact.FirstName}}, good day !\n\nnews.\n",
		"ny.tmpl":        "subject: Greetings\n--- text\nDear {{.Contact.FirstName}}, Happy New Year !\n\nall the best.\n",
		"well.tmpl":      "subject: Hello\n--- text\n{{.Contact.Salutation}}, hope all is well !\n\nnews.\n",
		"bare.tmpl":      "subject: Greetings\n--- text\nMerry Christmas !\n\nall the best.\n",
		"hi.tmpl":        "subject: Hello\n--- text\nHi, good day !\n\nnews.\n",
		"sir.tmpl":       "subject: Hello\n--- text\nDear Sir, good day !\n\nnews.\n",
		"madam.tmpl":     "subject: Greetings\n--- text\nDear Madam, Merry Christmas !\n\nall the best.\n",
		"sirs.tmpl":      "subject: Greetings\n--- text\nDear Sirs, Merry Christmas !\n\nall the best.\n",
		"mm.tmpl":        "subject: Greetings\n--- text\nMadam, Monsieur, Merry Christmas !\n\nall the best.\n",
		"mr.tmpl":        "subject: Greetings\n--- text\nDear Mr., Merry Christmas !\n\nall the best.\n",
		"emptied.tmpl":   "subject: Greetings\n--- text\nDear {{.Contact.FirstName}}, Merry Christmas !\n\nall the best.\n",
		"nospace.tmpl":   "subject: Greetings\n--- text\nDear {{.Contact.FirstName}},Merry Christmas !\n\nall the best.\n",
		"fullwidth.tmpl": "subject: Hello\n--- text\nHi {{.Contact.FirstName}}，good day !\n\nnews.\n",
		"bang.tmpl":      "subject: Hello\n--- text\nHi {{.Contact.FirstName}}! Good day !\n\nnews.\n",
		"colon.tmpl":     "subject: Greetings\n--- text\nDear {{.Contact.FirstName}}: Happy New Year !\n\nall the best.\n",
		"hibang.tmpl":    "subject: Hello\n--- text\nHi! Good day !\n\nnews.\n",
	})
	nameless := templates.SampleData()
	nameless.Contact = templates.NewContact("", "info@buyer.example")
	anna := templates.SampleData()
	for _, c := range []struct {
		name string
		d    templates.Data
		want string
	}{
		{"xmas", anna, ""},
		{"day", anna, ""},
		{"ny", anna, ""},
		{"well", anna, ""},
		{"well", nameless, ""},
		{"bare", anna, "Merry Christmas !"},
		{"hi", anna, "Hi, good day !"},
		// a reader addressed by a title spelled out: no name slot
		{"sir", anna, ""},
		{"sir", nameless, ""},
		{"madam", anna, ""},
		{"sirs", anna, ""},
		{"mm", anna, ""},
		{"mr", anna, "Dear Mr., Merry Christmas !"},
		{"emptied", nameless, "Dear , Merry Christmas !"},
		// the name's clause ended with no space or a full-width comma, or by "!" or ":"
		{"nospace", anna, ""},
		{"fullwidth", anna, ""},
		{"bang", anna, ""},
		{"colon", anna, ""},
		{"nospace", nameless, "Dear ,Merry Christmas !"},
		{"fullwidth", nameless, "Hi ，good day !"},
		{"hibang", anna, "Hi! Good day !"},
	} {
		tm, ok := set.Lookup(c.name, "en")
		if !ok {
			t.Fatalf("no %s", c.name)
		}
		r, err := tm.Render(c.d)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.EmptyNameSlot(); got != c.want {
			t.Errorf("%s for %q: EmptyNameSlot() = %q, want %q (text %q)", tm.File, c.d.Contact.Name, got, c.want, r.Text)
		}
	}
}

// EmptiedPart names the guard that leaves a mail saying nothing to a
// customer lacking both parts: the company for words all inside {{with
// .Company}} (the template has no products at all), the products for
// words all inside {{with .Products}}; a customer lacking one part is
// told of that one.
func TestEmptiedPartNamesTheGuardThatEmptiedTheMail(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"company.tmpl":  "subject: Season's greetings\n--- text\n{{.Contact.Salutation}},\n\n{{with .Company}}Season's greetings to everyone at {{.}}!{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n",
		"products.tmpl": "subject: News\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}here is what is new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\nBest regards,\n{{.Owner.Signature}}\n",
		"nudge.tmpl":    "subject: Re: {{.Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nLooking forward to your reply.\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n",
		"bare.tmpl":     "subject: Hello\n--- text\n{{.Contact.Salutation}},\n\nBest regards,\n{{.Owner.Signature}}\n",
	})
	for _, c := range []struct {
		file                  string
		noProducts, noCompany bool
		want                  string
	}{
		{"company.tmpl", true, true, "Company"},
		{"products.tmpl", true, true, "Products"},
		{"company.tmpl", false, true, "Company"},
		{"products.tmpl", true, false, "Products"},
		{"company.tmpl", false, false, ""},
		// No guard at all: whatever it says, no part emptied it.
		{"nudge.tmpl", true, false, ""},
		{"nudge.tmpl", true, true, ""},
		{"bare.tmpl", true, false, ""},
		{"company.tmpl", true, false, ""},
	} {
		if got := templates.EmptiedPart(set, c.file, c.noProducts, c.noCompany); got != c.want {
			t.Errorf("%s without products %v, company %v: %q, want %q", c.file, c.noProducts, c.noCompany, got, c.want)
		}
	}
}

// A step whose words are all inside {{with .Products}} and that closes
// with an everyday closing ("Thanks,", "Saludos,", "よろしくお願いいたします。")
// is warned of at save as saying nothing to a customer no product matches.
func TestEmptyWarningsSeeEverydayClosings(t *testing.T) {
	body := "subject: News\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}here is what is new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n%s\n{{.Owner.Signature}}\n"
	set := loadFiles(t, map[string]string{
		"thanks.tmpl":       strings.Replace(body, "%s", "Thanks,", 1),
		"saludos.es.tmpl":   strings.Replace(body, "%s", "Saludos,", 1),
		"yoroshiku.ja.tmpl": strings.Replace(body, "%s", "よろしくお願いいたします。", 1),
		// The hello after the salutation is not words said either.
		"ninhao.zh.tmpl": "subject: 新品\n--- text\n{{.Contact.Salutation}}，您好！\n{{with .Products}}新品{{end}}\n祝商祺！\n{{.Owner.Signature}}\n",
		// And on a line of its own, indented as a Chinese letter has it.
		"ninhao2.zh.tmpl": "subject: 新品\n--- text\n{{.Contact.Salutation}}：\n　　您好！\n{{with .Products}}　　向您推荐我们的新品{{end}}\n\n祝商祺！\n{{.Owner.Signature}}\n",
	})
	got := map[string]string{}
	for _, p := range templates.EmptyWarnings(set) {
		if p.Field == ".Products" {
			got[p.File] = p.Msg
		}
	}
	for _, file := range []string{"thanks.tmpl", "saludos.es.tmpl", "yoroshiku.ja.tmpl", "ninhao.zh.tmpl", "ninhao2.zh.tmpl"} {
		if got[file] != templates.SaysNothingProductsMsg {
			t.Errorf("%s: %q, want %q", file, got[file], templates.SaysNothingProductsMsg)
		}
	}
}

// A greeting whose wish is on its salutation line, with a line for the
// company inside {{with .Company}}, says something without the company:
// the editor saves it.
func TestEmptyWarningsKeepAGreetingWithItsWishOnTheSalutationLine(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"christmas.de.tmpl": "subject: Frohe Weihnachten\n--- text\nHallo {{.Contact.FirstName}}, frohe Weihnachten!\n{{with .Company}}Viele Grüße an das Team von {{.}}.{{end}}\n\nLiebe Grüße\n{{.Owner.Signature}}\n",
		"christmas.tmpl":    "subject: Merry Christmas\n--- text\nHi {{.Contact.FirstName}}, Merry Christmas!\n{{with .Company}}Best wishes to everyone at {{.}}.{{end}}\n\nBest,\n{{.Owner.Signature}}\n",
		"company.tmpl":      "subject: Season's greetings\n--- text\nHi {{.Contact.FirstName}},\n{{with .Company}}Season's greetings to everyone at {{.}}!{{end}}\n\nBest,\n{{.Owner.Signature}}\n",
	})
	got := map[string]bool{}
	for _, p := range templates.EmptyWarnings(set) {
		if p.Msg == templates.SaysNothingCompanyMsg {
			got[p.File] = true
		}
	}
	for _, file := range []string{"christmas.de.tmpl", "christmas.tmpl"} {
		if got[file] {
			t.Errorf("%s: warned of as saying nothing without the company", file)
		}
	}
	if !got["company.tmpl"] {
		t.Errorf("company.tmpl: not warned of as saying nothing without the company")
	}
}
