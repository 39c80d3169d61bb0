package templates

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Another mail program's merge fields are found; the brackets of ordinary
// mail are not.
func TestPlaceholder(t *testing.T) {
	for in, want := range map[string]string{
		"Hi {FirstName},":                   "{FirstName}",
		"Dear [Name],":                      "[Name]",
		"as discussed with [Customer Name]": "[Customer Name]",
		"Dear *|FNAME|*,":                   "*|FNAME|*",
		"Dear «First_Name»":                 "«First_Name»",
		"Hello %NAME%,":                     "%NAME%",
		"Dear <<Contact Name>>,":            "<<Contact Name>>",
		"Hi {{ first_name }},":              "{{ first_name }}",
		"Hi {!Contact.FirstName},":          "{!Contact.FirstName}",
		"尊敬的【姓名】：":                          "【姓名】",
		"the datasheet [PDF] and the price list {2 pcs} at 50% off, 20% more": "",
		"«Made in China» quality, [EXT] [Draft] {note}":                       "",
		"Dear Mr. Meier,": "",
		"Re: [Acme Company] RFQ 2027 and 【深圳光明有限公司】报价单": "",
		"Dear {Company} team,":                              "{Company}",
		"您好【客户名称】":                                          "【客户名称】",
		"[Brand Name] pumps, [Ext. Email] [External Email]": "",
		"尊敬的【收件人姓名】：":                                       "【收件人姓名】",
		"【客户公司名称】您好":                                        "【客户公司名称】",
		"【对方称呼】":                                            "【对方称呼】",
		"Dear [Buyer Company] team":                         "[Buyer Company]",
		"Hi [First Name],":                                  "[First Name]",
		"Dear {Last_Name}":                                  "{Last_Name}",
		"[Your Name] | Sales":                               "[Your Name]",
		"{Sender Name}":                                     "{Sender Name}",
		"for [Company Name]":                                "[Company Name]",
		"write to {Email}":                                  "{Email}",
		"Hi {Contact First Name}":                           "{Contact First Name}",
	} {
		if got := Placeholder(in); got != want {
			t.Errorf("Placeholder(%q) = %q, want %q", in, got, want)
		}
	}
}

// The thread's subject a resend or "received" draft repeats is the
// customer's or a mail gateway's words ("RE: [External Email] RFQ"), not
// the template's: only what the template writes is looked at.
func TestPlaceholderLeavesTheThreadsSubject(t *testing.T) {
	set, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"resend", "ack"} {
		d := SampleData()
		d.Original.Subject = "RE: [External Email] RFQ {FirstName}"
		r, err := set.Render(name, "", d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(r.Subject, "[External Email]") {
			t.Fatalf("%s subject %q", name, r.Subject)
		}
		if err := CheckNameSlot(r); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	own := fstest.MapFS{"resend.tmpl": &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}} for {FirstName}\n--- text\n" +
		"Hello,\n\ndid my mail reach you?\n\n{{.Owner.Signature}}\n")}}
	set, err = Load(Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	d := SampleData()
	d.Original.Subject = "RE: [External Email] RFQ"
	r, err := set.Render("resend", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNameSlot(r); err == nil || !strings.Contains(err.Error(), `"{FirstName}"`) {
		t.Errorf("the template's own field: %v", err)
	}
}

// A merge field refused names where it is: a signature pasted from a
// mail-merge tool is fixed in the config, not in the template or the book.
func TestPlaceholderErrorNamesWhereTheFieldIs(t *testing.T) {
	set, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	d := SampleData()
	d.Owner.Signature = "[Your Name]\nAcme Pumps"
	r, err := set.Render("resend", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNameSlot(r); err == nil || !strings.Contains(err.Error(), `"[Your Name]"`) || !strings.Contains(err.Error(), "signature in the config") {
		t.Errorf("signature: %v", err)
	}
	d = SampleData()
	d.Owner.SignatureHTML = "<p>{Sender Name}</p>"
	d.Owner.Signature = "Lily"
	own := fstest.MapFS{"resend.tmpl": &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" +
		"Hello,\n\ndid my mail reach you?\n\n{{.Owner.Signature}}\n--- html\n<p>Hello,</p><p>did my mail reach you?</p>{{.Owner.SignatureHTML}}\n")}}
	hset, err := Load(Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	d.Owner.SignatureHTML = "<p>{Your Name}</p>"
	r, err = hset.Render("resend", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNameSlot(r); err == nil || !strings.Contains(err.Error(), "signature in the config") {
		t.Errorf("html signature: %v", err)
	}
	d = SampleData()
	d.Contact.Salutation = "Dear «First_Name»"
	r, err = set.Render("resend", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNameSlot(r); err == nil || !strings.Contains(err.Error(), "(in the contact's salutation in the customer book)") {
		t.Errorf("book: %v", err)
	}
	own = fstest.MapFS{"resend.tmpl": &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" +
		"Hi {FirstName},\n\ndid my mail reach you?\n\n{{.Owner.Signature}}\n")}}
	tset, err := Load(Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	r, err = tset.Render("resend", "", SampleData())
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNameSlot(r); err == nil || !strings.Contains(err.Error(), "(in the template)") {
		t.Errorf("template: %v", err)
	}
}

// A team's resend written with Outlook's merge fields is named by the
// check the console and `keepwarm sequences check` run; the rendered step
// is refused.
func TestSendProblemsNameAnotherProgramsPlaceholder(t *testing.T) {
	own := fstest.MapFS{"resend.tmpl": &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" +
		"Hi {FirstName},\n\ndid my mail reach you?\n\n{{.Owner.Signature}}\n")}}
	set, err := Load(Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	var named bool
	for _, p := range SendProblems(set) {
		if p.File == "resend.tmpl" && strings.Contains(p.Msg, `"{FirstName}"`) && strings.Contains(p.Msg, "{{.Contact.FirstName}}") {
			named = true
		}
	}
	if !named {
		t.Fatalf("resend.tmpl not named: %+v", SendProblems(set))
	}
	r, err := set.Render("resend", "", SampleData())
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNameSlot(r); err == nil || !strings.Contains(err.Error(), `resend.tmpl writes "{FirstName}"`) {
		t.Fatalf("CheckNameSlot: %v", err)
	}
	// The defaults write none.
	def, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range SendProblems(def) {
		if strings.Contains(p.Msg, "placeholder") {
			t.Errorf("%s: %s", p.File, p.Msg)
		}
	}
}
