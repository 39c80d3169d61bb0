package sequences_test

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// Lily writes to a Taipei buyer in Traditional characters: the resend
// goes in Traditional, under her own opening, and never as the Simplified
// resend.zh.tmpl. Without a Traditional resend the enrollment fails naming
// the file to add, and nothing is sent.
func TestATraditionalChineseThreadGetsATraditionalResend(t *testing.T) {
	const own = "陳小姐您好：\n報價單請見附件，謝謝。\nLily"
	chen := keepwarm.Address{Name: "陳美玲", Email: "chen@buyer.de"}
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", own, []keepwarm.Address{chen}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.HasPrefix(r.Text, "陳小姐您好：\n\n想確認一下我") || strings.ContainsAny(r.Text, "确认发给邮写") {
		t.Fatalf("resend:\n%s", r.Text)
	}

	// Without a Traditional resend: held, never Simplified.
	defaults := fstest.MapFS{}
	err := fs.WalkDir(templates.Defaults(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "resend.zh-hant.tmpl" {
			return err
		}
		b, err := fs.ReadFile(templates.Defaults(), p)
		defaults[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	set, err := templates.Load(defaults)
	if err != nil {
		t.Fatal(err)
	}
	w2 := newFUWorld(t, "A")
	w2.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w2.quotationTo("q-2@seller.example", own, []keepwarm.Address{chen}, nil)
	w2.run(day0.Add(2 * time.Hour))
	w2.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	for _, it := range w2.outbox() {
		if it.InReplyTo == "q-2@seller.example" {
			t.Fatalf("queued without a Traditional resend:\n%s", it.Text)
		}
	}
	e := w2.enrollmentOf(w2.threadOf("q-2@seller.example"))
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "the thread is in zh-hant") || !strings.Contains(e.Reason, "resend.zh-hant.tmpl") {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}

	// The advice loads: the language it says to list is one config takes,
	// and with it listed the Traditional thread's step goes in English.
	m := regexp.MustCompile(`list "([^"]*)" in sequences.english_for`).FindStringSubmatch(e.Reason)
	if m == nil {
		t.Fatalf("no language to list: %q", e.Reason)
	}
	cfg := "[team]\ninternal_domains = [\"seller.example\"]\nmanager = \"boss@seller.example\"\n[[salesperson]]\nemail = \"lily@seller.example\"\n" +
		"[[mailbox]]\nname = \"lily\"\nowner = \"lily@seller.example\"\nurl = \"imaps://imap.seller.example\"\nusername = \"lily@seller.example\"\npassword_env = \"LILY_PW\"\n" +
		"[sequences]\nenglish_for = [\"" + m[1] + "\"]\n"
	c, err := config.Parse([]byte(cfg))
	if err != nil {
		t.Fatalf("english_for = [%q]: %v", m[1], err)
	}
	w3 := newFUWorld(t, "A")
	w3.rejob(func(fc *sequences.FollowUpConfig) { fc.Templates, fc.EnglishFor = set, c.Sequences.EnglishFor })
	w3.quotationTo("q-2@seller.example", own, []keepwarm.Address{chen}, nil)
	if r := w3.resendOf("q-2@seller.example"); !strings.Contains(r.Text, "I am writing to make sure my mail") {
		t.Fatalf("with english_for %v:\n%s", c.Sequences.EnglishFor, r.Text)
	}
}

// Lily's short mail to a customer the book says is Traditional is written
// in characters alike in both scripts: the resend keeps the book's
// Traditional, not the Simplified resend.zh.tmpl.
func TestAShortChineseThreadKeepsTheBooksTraditional(t *testing.T) {
	const own = "王小姐您好：\n好的，明天上午安排寄出。\nLily"
	wang := keepwarm.Address{Name: "王美玲", Email: "wang@buyer.de"}
	w := newFUWorld(t, "A")
	lang := templates.Hant
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Language: &lang}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	w.quotationTo("q-2@seller.example", own, []keepwarm.Address{wang}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.Contains(r.Text, "想確認一下我") || strings.ContainsAny(r.Text, "确认发给邮写") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// Her Traditional opening with the space CJK writers put before a Latin
// name, "親愛的 Anna，", is a greeting with its name: the resend opens with
// it and goes, not refused as a name slot left empty.
func TestATraditionalOpeningWithASpaceBeforeTheNameGoes(t *testing.T) {
	for _, own := range []string{"親愛的 Anna，\n報價單請見附件，謝謝。\nLily", "親愛的 Anna，您好！\n報價單請見附件，謝謝。\nLily"} {
		anna := keepwarm.Address{Name: "Anna Lin", Email: "anna@buyer.tw"}
		w := newFUWorld(t, "A")
		w.quotationTo("q-2@seller.example", own, []keepwarm.Address{anna}, nil)
		r := w.resendOf("q-2@seller.example")
		if !strings.HasPrefix(r.Text, "親愛的 Anna") {
			t.Fatalf("resend:\n%s", r.Text)
		}
	}
}
