package templates

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A salesperson whose Outlook quotes with a header block gets follow-ups
// quoted the same way: "From: / Sent: / To: / Subject:" in the template's
// language over the text, no "On … wrote:" and no "> ".
func TestOutlookQuoteStyle(t *testing.T) {
	own := "Dear Hans,\n\nplease find our offer below.\n\nBest regards\nLily\n\nFrom: Hans Meier <hans@buyer.de>\nSent: Friday, November 13, 2026 4:10 PM\nTo: Lily Chen <lily@seller.example>\nSubject: Inquiry LED panels\n\nDear Lily, please quote."
	if got := QuoteStyleOf(own); got != QuoteOutlook {
		t.Fatalf("style %q", got)
	}
	for _, text := range []string{
		"Dear Hans,\n\nour offer.\n\nOn Fri, 13 Nov 2026 at 16:10, Hans Meier <hans@buyer.de> wrote:\n> Dear Lily",
		"Dear Hans,\n\nour offer.",
	} {
		if got := QuoteStyleOf(text); got != QuoteCite {
			t.Errorf("%q: style %q", text, got)
		}
	}
	if got := QuoteStyleOf("王经理您好：\n\n报价见附件。\n\n------------------ 原始邮件 ------------------\n发件人: \"王伟\"<wang@buyer.cn>;\n发送时间: 2026年11月13日 16:10\n"); got != QuoteOutlook {
		t.Errorf("foxmail: %q", got)
	}
	// Plain-text Outlook in German and in Traditional Chinese writes its
	// own words for "Original Message" over the header block.
	for _, text := range []string{
		"Sehr geehrter Herr Meier,\n\nanbei unser Angebot.\n\n-----Ursprüngliche Nachricht-----\nVon: Hans Meier <hans@buyer.de>\nGesendet: Freitag, 13. November 2026 16:10\nAn: Lily Chen <lily@seller.example>\nBetreff: Anfrage\n",
		"王經理您好：\n\n報價請見附件。\n\n-----原始郵件-----\n寄件者: 王偉 <wang@buyer.tw>\n寄件日期: 2026年11月13日 16:10\n收件者: 陳美玲 <lily@seller.example>\n主旨: 詢價\n",
		"Bonjour,\n\nvoici notre offre.\n\n-----Message d'origine-----\nDe : Paul <paul@buyer.fr>\nEnvoyé : vendredi 13 novembre 2026 16:10\n",
	} {
		if got := QuoteStyleOf(text); got != QuoteOutlook {
			t.Errorf("%q: style %q", text, got)
		}
	}
	o := Original{Subject: "Quotation LED panels", Date: time.Date(2026, 11, 16, 9, 6, 0, 0, time.UTC),
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, Text: own,
		To: []keepwarm.Address{{Name: "Hans Meier", Email: "hans@buyer.de"}}, Style: QuoteOutlook}
	en := o
	en.fillQuote("")
	want := outlookLine + "\nFrom: Lily Chen <lily@seller.example>\nSent: Monday, November 16, 2026 9:06 AM\nTo: Hans Meier <hans@buyer.de>\nSubject: Quotation LED panels\n\nDear Hans,\n"
	if !strings.HasPrefix(en.Quote, want) || strings.Contains(en.Quote, "\n> ") {
		t.Errorf("quote:\n%s", en.Quote)
	}
	if h := string(en.QuoteHTML); !strings.Contains(h, "border-top:solid #E1E1E1") || !strings.Contains(h, "<b>From:</b> Lily Chen &lt;lily@seller.example&gt;") || strings.Contains(h, "blockquote") {
		t.Errorf("html:\n%s", h)
	}
	de := o
	de.fillQuote("de")
	if !strings.HasPrefix(de.Quote, outlookLine+"\nVon: Lily Chen <lily@seller.example>\nGesendet: Montag, 16. November 2026 09:06\nAn: Hans Meier <hans@buyer.de>\nBetreff: Quotation LED panels\n") {
		t.Errorf("de quote:\n%s", de.Quote)
	}
	// A mail with Cc: the line between To and Subject, as Outlook writes it.
	cc := o
	cc.Cc = []keepwarm.Address{{Name: "Ute Schulz", Email: "ute@buyer.de"}, {Email: "einkauf@buyer.de"}}
	cc.fillQuote("")
	if !strings.HasPrefix(cc.Quote, outlookLine+"\nFrom: Lily Chen <lily@seller.example>\nSent: Monday, November 16, 2026 9:06 AM\nTo: Hans Meier <hans@buyer.de>\nCc: Ute Schulz <ute@buyer.de>; einkauf@buyer.de\nSubject: Quotation LED panels\n") {
		t.Errorf("cc quote:\n%s", cc.Quote)
	}
	zh := o
	zh.Cc = cc.Cc
	zh.fillQuote("zh")
	if !strings.Contains(zh.Quote, "\n抄送：Ute Schulz <ute@buyer.de>; einkauf@buyer.de\n主题：") {
		t.Errorf("zh quote:\n%s", zh.Quote)
	}
	// A language Outlook's labels are not written in here: the cite style.
	ru := o
	ru.fillQuote("ru")
	if !strings.Contains(ru.Quote, "написал(а):") {
		t.Errorf("ru quote:\n%s", ru.Quote)
	}
}

// The text part of an Outlook-style quote starts under Outlook's line of
// underscores, as Outlook's own text part does: a buyer reading it sees
// where the signature ends and the old mail begins, and keepwarm's own
// reading of the resend stops there.
func TestOutlookTextQuoteStartsUnderItsLine(t *testing.T) {
	o := Original{Subject: "Quotation LED panels", Date: time.Date(2026, 11, 16, 9, 6, 0, 0, time.UTC),
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, Text: "Dear Hans,\n\nour offer.\n\nLily",
		To: []keepwarm.Address{{Name: "Hans Meier", Email: "hans@buyer.de"}}, Style: QuoteOutlook}
	for _, lang := range []string{"", "de", "zh"} {
		q := o
		q.fillQuote(lang)
		if first, _, _ := strings.Cut(q.Quote, "\n"); first != strings.Repeat("_", 32) {
			t.Errorf("%s: quote opens %q:\n%s", lang, first, q.Quote)
		}
	}
	d := SampleData()
	d.Original.Style = QuoteOutlook
	set, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	r, err := set.Render("resend", "", d)
	if err != nil {
		t.Fatal(err)
	}
	if own := OwnText(r.Text); strings.Contains(own, "From:") || strings.Contains(own, "____") || !strings.Contains(r.Text, "\n"+strings.Repeat("_", 32)+"\nFrom: ") {
		t.Fatalf("own text %q of:\n%s", own, r.Text)
	}
}

// A forward from Gmail, Thunderbird or Apple Mail has a "From: … Subject:"
// block too, under its own line: it is the forwarded mail, not its
// writer's way of quoting, and tells no style.
func TestAForwardIsNotOutlooksQuote(t *testing.T) {
	block := "From: Lily Chen <lily@seller.example>\nDate: Mon, Dec 1, 2026 at 10:00 AM\nSubject: Spec sheet\nTo: Hans Meier <hans@buyer.de>\n\nDear Hans, the spec sheet."
	for name, sep := range map[string]string{
		"gmail":             "---------- Forwarded message ---------\n",
		"gmail german":      "---------- Weitergeleitete Nachricht ---------\n",
		"thunderbird":       "-------- Forwarded Message --------\n",
		"apple mail":        "Begin forwarded message:\n\n",
		"apple mail german": "Anfang der weitergeleiteten Nachricht:\n\n",
		"chinese":           "---------- 转发的邮件 ----------\n",
	} {
		text := "Hans, see below.\n\nLily\n\n" + sep + block
		if style, ok := QuotedStyle(text); style == QuoteOutlook || ok {
			t.Errorf("%s: %q %v", name, style, ok)
		}
	}
	// Outlook's own forward writes its header block under its line.
	if style, ok := QuotedStyle("Hans, see below.\n\nLily\n\n________________________________\nFrom: Lily Chen <lily@seller.example>\nSent: Monday, December 1, 2026 10:00 AM\nTo: Hans Meier\nSubject: Spec sheet\n\nDear Hans"); style != QuoteOutlook || !ok {
		t.Errorf("outlook: %q %v", style, ok)
	}
	// Nor is her own sentence that mentions a forward over Outlook's
	// block a forward line.
	for _, own := range []string{"Hans, please see the forwarded message below:", "请看下面转发的邮件，谢谢：", "Please find the forwarded message from our factory below:"} {
		text := own + "\n\n________________________________\nFrom: Lily Chen <lily@seller.example>\nSent: Monday, December 1, 2026 10:00 AM\nTo: Hans Meier\nSubject: Spec sheet\n\nDear Hans"
		if style, ok := QuotedStyle(text); style != QuoteOutlook || !ok {
			t.Errorf("%q: %q %v", own, style, ok)
		}
	}
}
