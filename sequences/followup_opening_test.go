package sequences_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/zhtext"
)

// A quotation whose short first line greets and goes on ("Dear Hans,
// please see our offer attached") is resent opening "Dear Hans,", not with
// its whole first line as a salutation.
func TestAResendOpensWithTheGreetingOfARunOnFirstLine(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Dear Hans, please see our offer attached\n\nLED panel 600x600 40W: USD 18.40 CIF Hamburg, valid for 30 days.\n\nBest regards,\nLily",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.HasPrefix(r.Text, "Dear Hans,\n\n") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// A quotation written to Hans on "du" terms is not followed up by the
// default German resend, which says "Ihnen": the enrollment fails with
// both words, where the salesperson sees it.
func TestAResendDoesNotSwitchADuThreadToSie(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Hallo Hans,\n\nwie besprochen schicke ich dir unser Angebot für die Panels.\n\nViele Grüße\nLily",
		[]keepwarm.Address{hansAddr}, nil)
	e := w.unsentEnrollment("q-2@seller.example")
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, `"dir"`) || !strings.Contains(e.Reason, `"Ihnen"`) {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// An Italian thread is not followed up with the English resend for want
// of an Italian one: the enrollment fails saying so. Listed in
// sequences.english_for, it is.
func TestAnItalianThreadGetsNoEnglishResend(t *testing.T) {
	const italian = "Gentile Sig. Rossi,\n\nin allegato la nostra offerta per i pannelli LED, valida 30 giorni.\n\nCordiali saluti,\nLily"
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", italian, []keepwarm.Address{hansAddr}, nil)
	e := w.unsentEnrollment("q-2@seller.example")
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "resend.it.tmpl") || !strings.Contains(e.Reason, `list "it" in sequences.english_for`) {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}

	w2 := newFUWorld(t, "A")
	w2.rejob(func(c *sequences.FollowUpConfig) { c.EnglishFor = []string{"it"} })
	w2.quotationTo("q-2@seller.example", italian, []keepwarm.Address{hansAddr}, nil)
	if r := w2.resendOf("q-2@seller.example"); !strings.Contains(r.Text, "I am writing") && !strings.Contains(r.Text, "reached you") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// Lily's Outlook quotes with a header block: her resend quotes her
// quotation the same way, not with a second mail program's "On … wrote:".
func TestAResendQuotesAsTheSalespersonsOutlookDoes(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Dear Hans,\n\nplease find our quotation attached.\n\nBest regards\nLily\n\n"+
		"From: Hans Meier <hans@buyer.de>\nSent: Friday, November 13, 2026 4:10 PM\nTo: Lily Chen <lily@seller.example>\nSubject: Inquiry LED panels\n\nDear Lily, please quote 500 pcs.",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.Contains(r.Text, "\nFrom: Lily Chen <lily@seller.example>\nSent: ") || !strings.Contains(r.Text, "\nTo: Hans Meier <hans@buyer.de>\n") ||
		strings.Contains(r.Text, " wrote:") || strings.Contains(r.Text, "\n> ") {
		t.Fatalf("resend:\n%s", r.Text)
	}
	if !strings.Contains(r.HTML, "<b>From:</b> Lily Chen") || strings.Contains(r.HTML, "blockquote") {
		t.Fatalf("resend html:\n%s", r.HTML)
	}

	// Anna was in Cc of the quotation and is in Cc of the resend: the
	// quote says she was, as Outlook writes it.
	w2 := newFUWorld(t, "A")
	w2.quotationTo("q-3@seller.example", "Dear Hans,\n\nplease find our quotation attached.\n\nBest regards\nLily\n\n"+
		"From: Hans Meier <hans@buyer.de>\nSent: Friday, November 13, 2026 4:10 PM\nTo: Lily Chen <lily@seller.example>\nSubject: Inquiry LED panels\n\nDear Lily, please quote 500 pcs.",
		[]keepwarm.Address{hansAddr}, []keepwarm.Address{annaAddr})
	r = w2.resendOf("q-3@seller.example")
	if emails(r.Cc) != "anna@buyer.de" || !strings.Contains(r.Text, "\nTo: Hans Meier <hans@buyer.de>\nCc: Anna Schmidt <anna@buyer.de>\nSubject: ") {
		t.Fatalf("resend Cc %q:\n%s", emails(r.Cc), r.Text)
	}
	if !strings.Contains(r.HTML, "<b>Cc:</b> Anna Schmidt &lt;anna@buyer.de&gt;") {
		t.Fatalf("resend html:\n%s", r.HTML)
	}
}

// Lily's German Outlook quotes plain text under "-----Ursprüngliche
// Nachricht-----": her German resend quotes her quotation with "Von: /
// Gesendet:", not with a second mail program's "Am … schrieb".
func TestAResendQuotesAsTheSalespersonsGermanOutlookDoes(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Sehr geehrter Herr Meier,\n\nanbei finden Sie unser Angebot für die LED-Panels. Die Lieferzeit beträgt vier Wochen nach Auftragseingang.\n\nMit freundlichen Grüßen\nLily Chen\n\n"+
		"-----Ursprüngliche Nachricht-----\nVon: Hans Meier <hans@buyer.de>\nGesendet: Freitag, 13. November 2026 16:10\nAn: Lily Chen <lily@seller.example>\nBetreff: Anfrage LED-Panels\n\nSehr geehrte Frau Chen, bitte um ein Angebot für 500 Stück.",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.Contains(r.Text, "Mit freundlichen Grüßen") || !strings.Contains(r.Text, "\nVon: Lily Chen <lily@seller.example>\nGesendet: ") ||
		strings.Contains(r.Text, "schrieb") || strings.Contains(r.Text, "\n> ") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// Lily's quotation to Hans, whose book language is Italian, says only
// "PI attached.": too short to tell its language, so the thread is not
// known to be Italian. Its resend goes in English, as Lily wrote, rather
// than failing with "the thread is in it".
func TestAThreadTooShortToReadIsFollowedUpInTheTemplatesLanguage(t *testing.T) {
	w := newFUWorld(t, "A")
	it := "it"
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Language: &it}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	w.quotationTo("q-2@seller.example", "PI attached.", []keepwarm.Address{hansAddr}, nil)
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	e := w.enrollmentOf(w.threadOf("q-2@seller.example"))
	if e.Status == keepwarm.EnrollFailed {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
	if r := w.resendOf("q-2@seller.example"); !strings.Contains(r.Text, "PI attached.") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// Lily's short Japanese note to Yamada has more kanji than kana: it is
// read as Japanese, not Chinese, so no Chinese resend goes to a Japanese
// buyer; without a resend.ja.tmpl the enrollment fails saying so.
func TestAShortJapaneseThreadGetsNoChineseResend(t *testing.T) {
	w := newFUWorld(t, "A")
	yamada := keepwarm.Address{Name: "山田太郎", Email: "yamada@buyer.de"}
	w.quotationTo("q-2@seller.example", "山田様\n見積書を添付します。", []keepwarm.Address{yamada}, nil)
	e := w.unsentEnrollment("q-2@seller.example")
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "the thread is in ja") || !strings.Contains(e.Reason, "resend.ja.tmpl") {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// Lily's Chinese note to Wang is too short to read ("王总：\n请查收附件。"),
// and the customer is written to in English: its opening says Chinese, so
// the resend goes in Chinese, not as "王总," over the English resend.
func TestAShortChineseNoteIsFollowedUpInChinese(t *testing.T) {
	w := newFUWorld(t, "A")
	en := "en"
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Language: &en}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	wang := keepwarm.Address{Name: "王伟", Email: "wang@buyer.de"}
	w.quotationTo("q-2@seller.example", "王总：\n请查收附件。\nLily", []keepwarm.Address{wang}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.HasPrefix(r.Text, "王总：\n\n想确认一下") || strings.Contains(r.Text, "I am writing") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// A French quotation priced "350 USD/ton" says no "ton" (your) to
// Dupont: it is followed up in the French resend, which says "vous".
func TestAPricePerTonIsNoFamiliarWord(t *testing.T) {
	w := newFUWorld(t, "A")
	dupont := keepwarm.Address{Name: "Jean Dupont", Email: "dupont@buyer.de"}
	w.quotationTo("q-2@seller.example", "Bonjour M. Dupont,\n\nnotre prix : 350 USD/ton FOB Shanghai.\n\nCordialement\nLily", []keepwarm.Address{dupont}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.Contains(r.Text, "Je me permets") {
		t.Fatalf("resend:\n%s", r.Text)
	}
	if e := w.enrollmentOf(w.threadOf("q-2@seller.example")); e.Status == keepwarm.EnrollFailed {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// Lily's Chinese quotation to Wang names a Japanese brand in katakana
// ("型号ヤマハ同款"): three kana among many hanzi are Chinese, not a short
// Japanese note, so the team's resend.ja.tmpl is not used and Wang gets
// the Chinese resend.
func TestAChineseThreadNamingAJapaneseBrandIsFollowedUpInChinese(t *testing.T) {
	w := newFUWorld(t, "A")
	team := fstest.MapFS{"resend.ja.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}}\n\n先日お送りしたメールは届いておりますでしょうか。\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	w.cfg.Templates = set
	w.job = sequences.NewFollowUp(w.cfg, w.st, nil)
	wang := keepwarm.Address{Name: "王伟", Email: "wang@buyer.de"}
	w.quotationTo("q-2@seller.example", "王经理您好：\n附件是我们为贵司准备的LED面板报价单，型号ヤマハ同款，价格为每片十八美元，交货期三周，请查收并回复确认。\nLily", []keepwarm.Address{wang}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.HasPrefix(r.Text, "王经理您好：\n\n想确认一下") || strings.Contains(r.Text, "届いて") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// Lily's fresh quotation quotes nothing to tell her mail client by, but
// her replies in other threads quote with Outlook's header block: her
// resend quotes the quotation as Outlook does, not with a second mail
// program's "On … wrote:". Without such a reply it is the cite style.
func TestAResendOfAFreshQuotationQuotesAsHerOtherRepliesDo(t *testing.T) {
	const fresh = "Dear Hans,\n\nplease find our quotation for the LED panels attached, valid for 30 days.\n\nBest regards\nLily"
	w := newFUWorld(t, "A")
	ask := w.msg("in-1@buyer.de", keepwarm.KindInbound, "Cable prices", day0.AddDate(0, 0, -6))
	ask.Text = "Dear Lily, what do the cables cost?"
	w.save("lily", "INBOX", ask)
	reply := w.msg("r-1@seller.example", keepwarm.KindOutbound, "RE: Cable prices", day0.AddDate(0, 0, -5), "in-1@buyer.de")
	reply.Text = "Dear Hans,\n\nUSD 2.10 per metre.\n\nBest regards\nLily\n\n" +
		"From: Hans Meier <hans@buyer.de>\nSent: Monday, November 9, 2026 4:10 PM\nTo: Lily Chen <lily@seller.example>\nSubject: Cable prices\n\nDear Lily, what do the cables cost?"
	w.save("lily", "Sent", reply)
	w.quotationTo("q-2@seller.example", fresh, []keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.Contains(r.Text, "\nFrom: Lily Chen <lily@seller.example>\nSent: ") || strings.Contains(r.Text, " wrote:") || strings.Contains(r.Text, "\n> ") {
		t.Fatalf("resend:\n%s", r.Text)
	}

	w2 := newFUWorld(t, "A")
	w2.quotationTo("q-2@seller.example", fresh, []keepwarm.Address{hansAddr}, nil)
	if r := w2.resendOf("q-2@seller.example"); !strings.Contains(r.Text, " wrote:") || !strings.Contains(r.Text, "\n> ") {
		t.Fatalf("resend without an Outlook reply:\n%s", r.Text)
	}
}

// outlookReply saves, in mailbox's Sent, a reply from from to Hans's
// question in-id, quoting it with Outlook's header block, at.
func (w *fuWorld) outlookReply(mailbox, id, inID string, from keepwarm.Address, at time.Time) {
	w.t.Helper()
	ask := w.msg(inID, keepwarm.KindInbound, "Cable prices", at.Add(-time.Hour))
	ask.Text = "Dear team, what do the cables cost?"
	ask.To = []keepwarm.Address{{Email: from.Email}}
	w.save(mailbox, "INBOX", ask)
	reply := w.msg(id, keepwarm.KindOutbound, "RE: Cable prices", at, inID)
	reply.From = from
	reply.Text = "Dear Hans,\n\nUSD 2.10 per metre.\n\nBest regards\n" + from.Name + "\n\n" +
		"From: Hans Meier <hans@buyer.de>\nSent: Monday, November 9, 2026 4:10 PM\nTo: " + from.Name + " <" + from.Email + ">\nSubject: Cable prices\n\nDear team, what do the cables cost?"
	w.save(mailbox, "Sent", reply)
}

// gmailReply is outlookReply quoting with "On … wrote:" and "> " lines.
func (w *fuWorld) gmailReply(mailbox, id, inID string, from keepwarm.Address, at time.Time) {
	w.t.Helper()
	ask := w.msg(inID, keepwarm.KindInbound, "Tray prices", at.Add(-time.Hour))
	ask.Text = "Dear team, what do the trays cost?"
	ask.To = []keepwarm.Address{{Email: from.Email}}
	w.save(mailbox, "INBOX", ask)
	reply := w.msg(id, keepwarm.KindOutbound, "Re: Tray prices", at, inID)
	reply.From = from
	reply.Text = "Dear Hans,\n\nUSD 4.20 per piece.\n\nBest regards\n" + from.Name + "\n\n" +
		"On Mon, Nov 9, 2026 at 4:10 PM Hans Meier <hans@buyer.de> wrote:\n> Dear team, what do the trays cost?"
	w.save(mailbox, "Sent", reply)
}

// On the team's sales@, Lily answers on Outlook and Tom on Gmail, both as
// "Name <sales@…>": the resend of Lily's fresh quotation from sales@ quotes
// it as her replies do, not as Tom's newer one. A writer with no name on
// the shared address is not told from a colleague: the cite style, though
// Tom's reply quotes as Outlook does.
func TestAResendFromASharedAddressQuotesAsItsWritersOwnRepliesDo(t *testing.T) {
	const fresh = "Dear Hans,\n\nplease find our quotation for the LED panels attached, valid for 30 days.\n\nBest regards\nLily"
	for _, named := range []bool{true, false} {
		w := newFUWorld(t, "A")
		w.rejob(func(c *sequences.FollowUpConfig) {
			c.Identities = append(c.Identities, sequences.Identity{Mailbox: "team", Owner: "boss@seller.example", Email: "sales@seller.example", MailboxName: "Seller Co. Sales"})
		})
		owner := "lily@seller.example"
		if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
			t.Fatal(err)
		}
		lily := keepwarm.Address{Name: "Lily Chen", Email: "sales@seller.example"}
		tom := keepwarm.Address{Name: "Tom Wang", Email: "sales@seller.example"}
		if named {
			w.outlookReply("team", "r-1@seller.example", "in-1@buyer.de", lily, day0.AddDate(0, 0, -5))
			w.gmailReply("team", "r-2@seller.example", "in-2@buyer.de", tom, day0.AddDate(0, 0, -2))
		} else {
			w.outlookReply("team", "r-1@seller.example", "in-1@buyer.de", tom, day0.AddDate(0, 0, -2))
		}
		q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation q-2", day0.Add(time.Hour))
		q.Text = fresh
		if q.From = lily; !named {
			q.From.Name = ""
		}
		w.save("team", "Sent", q)
		r := w.resendOf("q-2@seller.example")
		if named && (!strings.Contains(r.Text, "\nSent: ") || strings.Contains(r.Text, " wrote:") || strings.Contains(r.Text, "\n> ")) {
			t.Fatalf("Lily's resend from sales@:\n%s", r.Text)
		}
		if !named && (!strings.Contains(r.Text, " wrote:") || strings.Contains(r.Text, "\nSent: ")) {
			t.Fatalf("a nameless resend from sales@:\n%s", r.Text)
		}
	}
}

// A step keepwarm sent is a reply too, and one sent before it quoted as
// Outlook does quoted with "On … wrote:": it is not Lily's mail client, and
// her resend still quotes as her own older reply does.
func TestAResendQuotesAsHerOwnRepliesNotAsKeepwarmsSteps(t *testing.T) {
	w := newFUWorld(t, "A")
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}
	w.outlookReply("lily", "r-1@seller.example", "in-1@buyer.de", lily, day0.AddDate(0, 0, -5))
	step := w.resendOf("q-1@seller.example")
	w.sendAll(day0.AddDate(0, 0, 3).Add(3 * time.Hour))
	copied := w.msg(step.MessageID, keepwarm.KindOutbound, step.Subject, day0.AddDate(0, 0, 3).Add(3*time.Hour), "q-1@seller.example")
	copied.Text = "Dear Hans,\n\ndid my quotation reach you?\n\nBest regards\nLily\n\nOn Mon, Nov 2, 2026 at 9:06 AM Lily Chen <lily@seller.example> wrote:\n> Dear Hans, our quotation."
	w.save("lily", "Sent", copied)
	q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation q-2", day0.AddDate(0, 0, 3).Add(4*time.Hour))
	q.Text = "Dear Hans,\n\nplease find our quotation for the LED strips attached.\n\nBest regards\nLily"
	w.save("lily", "Sent", q)
	w.run(day0.AddDate(0, 0, 3).Add(5 * time.Hour))
	for d := 6; d <= 12; d++ {
		w.run(day0.AddDate(0, 0, d).Add(5 * time.Hour))
	}
	var r *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.InReplyTo == "q-2@seller.example" {
			r = &it
		}
	}
	if r == nil {
		t.Fatalf("no resend of q-2: %+v", w.outbox())
	}
	if !strings.Contains(r.Text, "\nSent: ") || strings.Contains(r.Text, " wrote:") || strings.Contains(r.Text, "\n> ") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// A team's resend.tmpl thanks "everyone at {{.Company}}" with no guard and
// no "requires: Company"; Hans's company is known by its domain alone. The
// step is not sent ("everyone at ."), and says why, as with "requires".
func TestAStepNamingTheCompanyIsNotSentToACustomerWithoutOne(t *testing.T) {
	w := newFUWorld(t, "A")
	team := fstest.MapFS{"resend.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\ndid my mail reach everyone at {{.Company}}?\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.quotationTo("q-2@seller.example", "Dear Hans,\n\nplease find our quotation attached.\n\nBest regards\nLily", []keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if r.Status != keepwarm.OutboxSkipped || !strings.Contains(r.LastError, "has no company name (resend names the company)") {
		t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
	}
}

// A team's resend.tmpl lists "{{range .Products}}" with no guard and no
// "requires: Products"; no catalog product matches Hans. The step is not
// sent ("here are our new items:" and nothing after it), and says why,
// as with "requires".
func TestAStepListingProductsIsNotSentToACustomerWithNone(t *testing.T) {
	w := newFUWorld(t, "A")
	team := fstest.MapFS{"resend.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nhere are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.quotationTo("q-2@seller.example", "Dear Hans,\n\nplease find our quotation attached.\n\nBest regards\nLily", []keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if r.Status != keepwarm.OutboxSkipped || !strings.Contains(r.LastError, "not sent: no product in the catalog matches") {
		t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
	}
}

// The same step closing with "Thanks," (a closing not among SignOffs),
// sent to Hans (no product matches), would be "Dear Mr. Meier,\n\nThanks,\n
// Lily Chen" above the quotation: it is skipped, and says why.
func TestAStepClosingWithThanksAndSayingNothingIsNotSentToACustomerWithNone(t *testing.T) {
	w := newFUWorld(t, "A")
	team := fstest.MapFS{"resend.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n" +
		"{{with .Products}}here is what is new:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\nThanks,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.quotationTo("q-2@seller.example", "Dear Hans,\n\nplease find our quotation attached.\n\nBest regards\nLily", []keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if r.Status != keepwarm.OutboxSkipped || !strings.Contains(r.LastError, "says nothing but its opening and sign-off") {
		t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
	}
}

// A step whose words are all inside {{with .Products}} is, to a customer
// no product matches, its opening and its sign-off alone ("Dear Mr.
// Meier,\n\n\nBest regards,\nLily Chen" above the quotation): it is
// skipped, and the outbox says why. With a line of its own outside the
// guard it still goes.
func TestAStepSayingNothingButItsOpeningIsNotSentToACustomerWithNoProducts(t *testing.T) {
	for body, sent := range map[string]bool{
		"{{.Contact.Salutation}},\n{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n":                             false,
		"{{.Contact.Salutation}},\n\nany news on the quotation?{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n": true,
	} {
		w := newFUWorld(t, "A")
		team := fstest.MapFS{"resend.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" + body)}}
		set, err := templates.Load(templates.Defaults(), team)
		if err != nil {
			t.Fatal(err)
		}
		w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
		w.quotationTo("q-2@seller.example", "Dear Hans,\n\nplease find our quotation attached.\n\nBest regards\nLily", []keepwarm.Address{hansAddr}, nil)
		r := w.resendOf("q-2@seller.example")
		if sent {
			if r.Status == keepwarm.OutboxSkipped || !strings.Contains(r.Text, "any news on the quotation?") {
				t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
			}
			continue
		}
		if r.Status != keepwarm.OutboxSkipped || !strings.Contains(r.LastError, "not sent: no product in the catalog matches") ||
			!strings.Contains(r.LastError, "says nothing but its opening and sign-off") ||
			!strings.Contains(r.LastError, "above the closing") {
			t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
		}
		if zh := zhtext.Err(r.LastError); zh == r.LastError || !strings.Contains(zh, "结尾敬语之上") {
			t.Errorf("the reason has no Chinese: %q", zh)
		}
	}
}

// A quotation whose first line opens the mail but greets nobody ("Good
// news!", "Anbei das Angebot:", "附件是报价单，请查收！") is resent with the
// book's salutation or the template's own opening, never with that line:
// "Good news,\n\nI am writing to make sure my mail reached you" reads as
// nonsense in Lily's name.
func TestAResendDoesNotOpenWithAFirstLineThatGreetsNobody(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Good news!\n\nour new prices for the LED panels are attached, 5% below last year's, valid for 30 days.\n\nBest regards,\nLily",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if first, _, _ := strings.Cut(r.Text, "\n"); !strings.HasPrefix(first, "Dear ") || strings.Contains(first, "news") {
		t.Fatalf("the resend opens %q:\n%s", first, r.Text)
	}

	// Nor to a shared address, whose name nothing tells.
	w = newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Good news!\n\nour new prices for the LED panels are attached, 5% below last year's, valid for 30 days.\n\nBest regards,\nLily",
		[]keepwarm.Address{{Email: "info@buyer.de"}}, nil)
	r = w.resendOf("q-2@seller.example")
	if first, _, _ := strings.Cut(r.Text, "\n"); strings.Contains(first, "news") {
		t.Fatalf("the resend opens %q:\n%s", first, r.Text)
	}

	w = newFUWorld(t, "A")
	w.setSalutation("hans@buyer.de", "Sehr geehrter Herr Meier", "de")
	w.quotationTo("q-2@seller.example", "Anbei das Angebot:\n\nLED-Panel 600x600 40W zu USD 18,40 CIF Hamburg, die Lieferzeit beträgt vier Wochen nach Auftragseingang. Das Angebot gilt dreißig Tage.\n\nMit freundlichen Grüßen\nLily Chen",
		[]keepwarm.Address{hansAddr}, nil)
	r = w.resendOf("q-2@seller.example")
	if first, _, _ := strings.Cut(r.Text, "\n"); first != "Sehr geehrter Herr Meier," {
		t.Fatalf("the resend opens %q:\n%s", first, r.Text)
	}

	w = newFUWorld(t, "A")
	wang := keepwarm.Address{Name: "王伟", Email: "wang@buyer.de"}
	w.quotationTo("q-2@seller.example", "附件是报价单，请查收！\nLED面板600x600 40W，单价为每片十八美元，CIF汉堡，交货期为收到定金后四周，报价有效期三十天。如有问题请随时联系。\n\n陈莉",
		[]keepwarm.Address{wang}, nil)
	r = w.resendOf("q-2@seller.example")
	if first, _, _ := strings.Cut(r.Text, "\n"); strings.Contains(first, "附件") || strings.Contains(first, "查收") || !strings.Contains(first, "王") {
		t.Fatalf("the resend opens %q:\n%s", first, r.Text)
	}
}

// Lily greets Wang Wei "王总，您好！" in every mail: her resend opens the
// same way, not with the book's or the template's register.
func TestAResendKeepsAChineseGreetingWithItsComma(t *testing.T) {
	for own, want := range map[string]string{"王总，您好！": "王总，您好", "王总好：": "王总好"} {
		w := newFUWorld(t, "A")
		wang := keepwarm.Address{Name: "王伟", Email: "wang@buyer.de"}
		w.quotationTo("q-2@seller.example", own+"\n附件是报价单，请查收。LED面板600x600 40W，单价为每片十八美元，CIF汉堡，交货期为收到定金后四周，报价有效期三十天。\n\n陈莉",
			[]keepwarm.Address{wang}, nil)
		r := w.resendOf("q-2@seller.example")
		if first, _, _ := strings.Cut(r.Text, "\n"); !strings.HasPrefix(first, want) {
			t.Errorf("after %q the resend opens %q:\n%s", own, first, r.Text)
		}
	}
}

// Lily writes from Gmail; her newest mail with In-Reply-To is a Gmail
// forward of her spec sheet, whose "From: … Subject:" block under
// "Forwarded message" is no Outlook quote: her fresh quotation's resend
// quotes as her Gmail replies do.
func TestAResendOfAGmailWriterIsNotQuotedAsOutlookAfterAForward(t *testing.T) {
	w := newFUWorld(t, "A")
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}
	w.gmailReply("lily", "r-1@seller.example", "in-1@buyer.de", lily, day0.AddDate(0, 0, -5))
	fwd := w.msg("f-1@seller.example", keepwarm.KindOutbound, "Fwd: Spec sheet", day0.AddDate(0, 0, -1), "in-1@buyer.de")
	fwd.Text = "Hans, the spec sheet again, see below.\n\nLily\n\n---------- Forwarded message ---------\n" +
		"From: Lily Chen <lily@seller.example>\nDate: Mon, Oct 26, 2026 at 10:00 AM\nSubject: Spec sheet\nTo: Hans Meier <hans@buyer.de>\n\nDear Hans, the spec sheet is attached."
	w.save("lily", "Sent", fwd)
	w.quotationTo("q-2@seller.example", "Dear Hans,\n\nplease find our quotation for the LED panels attached, valid for 30 days.\n\nBest regards\nLily",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if !strings.Contains(r.Text, " wrote:\n> ") || strings.Contains(r.Text, "\nSent: ") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}
