package sequences_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// teamResendDe is the built-in templates with the team's resend.de.tmpl
// written as body.
func teamResendDe(t *testing.T, body string) *templates.Set {
	t.Helper()
	set, err := templates.Load(templates.Defaults(), fstest.MapFS{"resend.de.tmpl": {Data: []byte(
		"subject: {{reply .Original.Subject}}\n--- text\n" + body + "\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n")}})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// A team's resend.de.tmpl on "du" terms does not go to Herr Meier, whom
// Lily writes "Ihnen" to: the enrollment fails naming both words, as a
// greeting would be skipped.
func TestAResendDoesNotSwitchASieThreadToDu(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Templates = teamResendDe(t, "{{.Contact.Salutation}},\n\nhast du meine Mail mit dem Angebot bekommen?")
	})
	w.quotationTo("q-2@seller.example", "Sehr geehrter Herr Meier,\n\nanbei sende ich Ihnen wie besprochen unser Angebot für die LED-Panels. Das Angebot gilt dreißig Tage.\n\nMit freundlichen Grüßen\nLily Chen",
		[]keepwarm.Address{hansAddr}, nil)
	e := w.unsentEnrollment("q-2@seller.example")
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, `"Ihnen"`) || !strings.Contains(e.Reason, `"du"`) {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// A thread that moved to "du" quotes the customer's earlier "Können Sie
// …", and Lily signs "Ihr Partner für LED": neither is the team's
// register-neutral resend saying "Sie". It goes.
func TestAResendIsNotRefusedForTheQuoteOrTheSignature(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Templates = teamResendDe(t, "{{.Contact.Salutation}},\n\nkurze Nachfrage zum Angebot unten.")
		c.Identities[0].Signature = "Lily Chen\nIhr Partner für LED"
	})
	w.quotationTo("q-2@seller.example", "Hallo Hans,\n\nanbei dein Angebot für die LED-Panels, wie am Telefon besprochen. Es gilt dreißig Tage.\n\nViele Grüße\nLily\n\n> Können Sie mir bitte ein Angebot für 500 Panels schicken?",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if r.Status != keepwarm.OutboxQueued || !strings.Contains(r.Text, "kurze Nachfrage") {
		t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
	}
	if !strings.Contains(r.Text, "Können Sie") || !strings.Contains(r.Text, "Ihr Partner") {
		t.Fatalf("the quote or the signature is not there, so the test shows nothing:\n%s", r.Text)
	}
}

// A "received" draft on "du" terms is not left in a thread where the
// customer writes "Sie": the nudge says why.
func TestAckDraftDoesNotSwitchASieThreadToDu(t *testing.T) {
	own := fstest.MapFS{}
	for _, lang := range []string{"", ".de"} {
		own["ack"+lang+".tmpl"] = &fstest.MapFile{Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n" +
			"{{.Contact.Salutation}},\n\ndanke dir, ich melde mich bald.\n\n{{.Owner.Signature}}\n")}
	}
	set, err := templates.Load(templates.Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	w := lilyAckWorld(t, set)
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser, Subject: "Anfrage Panels",
		MessageID: "n-1@globex.de", Body: "Sehr geehrte Frau Chen,\n\nkönnen Sie mir bitte bis Freitag ein Angebot für 500 Panels schicken? Vielen Dank im Voraus.\n\nHans Meier"}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 0 {
		t.Fatalf("drafts %q", raws)
	}
	var said bool
	for _, m := range w.nudges() {
		body := decodedText(t, string(m.Raw))
		said = said || strings.Contains(body, `No "received" draft: this thread says "Sie", its template "dir"; the switch from the formal to the familiar form`)
	}
	if !said {
		t.Errorf("no nudge says why there is no draft: %d nudges", len(w.nudges()))
	}
}

// Lily's quotation says Sie only where a sentence starts ("Sie erhalten
// anbei …"), and in its salutation and closing; a second one is too short
// to tell its language or register by (the book says German). The team's resend.de.tmpl on "du"
// terms goes to Herr Meier after neither: the enrollment fails saying why.
func TestAResendDoesNotSayDuAfterAFormalSalutationOrAShortMail(t *testing.T) {
	for _, c := range []struct{ name, anchor, why string }{
		{"salutation", "Sehr geehrter Herr Meier,\n\nSie erhalten anbei unser Angebot für 500 Panels. Bei Rückfragen gern melden.\n\nMit freundlichen Grüßen\nLily Chen", `"Sehr geehrter Herr Meier"`},
		{"closing", "Guten Tag,\n\nanbei das Angebot für die 500 Panels, wie besprochen. Es gilt dreißig Tage ab heute.\n\nMit freundlichen Grüßen\nLily Chen", `"Mit freundlichen Grüßen"`},
		{"short", "Anbei.\n\nLily", "too short"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.rejob(func(cfg *sequences.FollowUpConfig) {
				cfg.Templates = teamResendDe(t, "{{.Contact.Salutation}},\n\nhast du mein Angebot bekommen?")
			})
			if c.name == "short" {
				w.setSalutation("hans@buyer.de", "", "de") // the book says German
			}
			w.quotationTo("q-2@seller.example", c.anchor, []keepwarm.Address{hansAddr}, nil)
			e := w.unsentEnrollment("q-2@seller.example")
			if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, c.why) || !strings.Contains(e.Reason, `"du"`) {
				t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
			}
		})
	}
}

// On "du" terms in a short mail ("Hallo Hans, anbei dein Angebot."), the
// team's "du" resend goes.
func TestADuResendGoesAfterAShortDuMail(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(cfg *sequences.FollowUpConfig) {
		cfg.Templates = teamResendDe(t, "{{.Contact.Salutation}},\n\nhast du mein Angebot bekommen?")
	})
	w.quotationTo("q-2@seller.example", "Hallo Hans,\n\nanbei dein Angebot.\n\nLily", []keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if r.Status != keepwarm.OutboxQueued || !strings.Contains(r.Text, "hast du") {
		t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
	}
}
