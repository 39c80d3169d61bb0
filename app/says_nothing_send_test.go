package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// sendRig is an App with the in-process IMAP and SMTP servers, the team's
// templates in tmpl and [greetings] occasions, no catalog: Lily's
// quotation to Hans goes out on Monday 23 November at 10:00 Berlin time.
func sendRig(t *testing.T, tmpl, greetings string) (*App, *mailtest.SMTPServer, *fuApp) {
	t.Helper()
	asked := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	srv, smtp := mailtest.NewMemServer(t), mailtest.NewSMTPServer(t)
	// Lily's mailbox logs in as the SMTP server's one user.
	srv.AddUser(t, mailtest.SMTPUser, mailtest.SMTPPassword)
	srv.AddUser(t, "sales@lumina-export.example", mailtest.SMTPPassword)
	a, _ := greetApp(t, func(s string) string {
		s = strings.Replace(s, "username = \"lily@lumina-export.example\"", "username = \""+mailtest.SMTPUser+"\"", 1)
		s = strings.ReplaceAll(s, "imaps://mail.lumina-export.example", srv.URL().String())
		s = strings.ReplaceAll(s, "smtps://mail.lumina-export.example", smtp.URL().String())
		return s + "\n[sequences]\ntemplates_dir = \"" + tmpl + "\"\n" + greetings
	}, asked)
	a = New(a.Cfg, a.DB, Options{Clock: a.Clock, Log: a.Log, Getenv: func(string) string { return mailtest.SMTPPassword }})
	return a, smtp, &fuApp{t: t, a: a, uid: 100}
}

// tickAt runs the engine's tick, and the sending of what is due, at
// each time.
func tickAt(t *testing.T, a *App, at ...time.Time) {
	t.Helper()
	ctx := context.Background()
	parts, err := a.NewEngineParts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, when := range at {
		a.Clock.(*keepwarm.ManualClock).Set(when)
		if err := parts.Engine.Tick(ctx); err != nil {
			t.Fatalf("tick at %s: %v", when, err)
		}
		if _, err := parts.Disp.RunOnce(ctx, when); err != nil {
			t.Fatalf("send at %s: %v", when, err)
		}
	}
}

// sentTo is the text of the mails the SMTP server took for addr.
func sentTo(smtp *mailtest.SMTPServer, addr string) []string {
	var out []string
	for _, m := range smtp.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, string(m.Raw))
			}
		}
	}
	return out
}

// The most common follow-up bump, "Looking forward to your reply." above
// the quoted quotation, says something: with no catalog at all it goes to
// Hans through the SMTP server. A step whose words are all inside {{with
// .Products}} is still its opening and sign-off alone to him, and is not
// sent.
func TestAStepSayingLookingForwardToYourReplyIsSentWithAnEmptyCatalog(t *testing.T) {
	for _, c := range []struct {
		body, says string
		sent       bool
	}{
		{"{{.Contact.Salutation}},\n\nLooking forward to your reply.\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n", "Looking forward to your reply.", true},
		{"{{.Contact.Salutation}},\n{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n", "", false},
		// Her name typed by hand, a title after it, on the closing's line.
		{"{{.Contact.Salutation}},\n{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards, Lily, Sales Manager\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n", "", false},
		// Her name typed after the closing, no signature under it.
		{"Hi {{.Contact.FirstName}},\n{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nThanks, Lily\n\n{{.Original.Quote}}\n", "", false},
	} {
		tmpl := t.TempDir()
		if err := os.WriteFile(filepath.Join(tmpl, "resend.tmpl"), []byte("subject: {{reply .Original.Subject}}\n--- text\n"+c.body), 0o600); err != nil {
			t.Fatal(err)
		}
		a, smtp, w := sendRig(t, tmpl, "")
		quoted := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		w.save("lily", keepwarm.Message{MessageID: "quote-1@lumina-export.example", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@lumina-export.example"},
			To: []keepwarm.Address{hansMeier}, Subject: "Quotation LED panels", SubjectKey: "quotation led panels", Date: quoted,
			Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
			Snippet: "Dear Mr. Meier, please find our quotation attached.",
			Text:    "Dear Mr. Meier,\n\nplease find our quotation attached: USD 18.40/pc CIF Hamburg.\n\nBest regards\nLily Chen\n"}, quoted.Format(time.RFC1123Z))
		tickAt(t, a, quoted.Add(time.Hour), quoted.AddDate(0, 0, 3).Add(time.Hour), quoted.AddDate(0, 0, 3).Add(2*time.Hour), quoted.AddDate(0, 0, 3).Add(5*time.Hour))
		got := sentTo(smtp, hansMeier.Email)
		items, err := a.DB.ListOutbox(context.Background(), keepwarm.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if c.sent {
			if len(got) != 1 || !strings.Contains(got[0], c.says) {
				t.Fatalf("%d mails to Hans, want the bump saying %q: %q\noutbox: %+v", len(got), c.says, got, items)
			}
			continue
		}
		if len(got) != 0 {
			t.Fatalf("the step saying nothing went to Hans: %q", got)
		}
		skipped := false
		for _, it := range items {
			skipped = skipped || it.Status == keepwarm.OutboxSkipped && strings.Contains(it.LastError, "says nothing but its opening and sign-off")
		}
		if !skipped {
			t.Fatalf("the step saying nothing is not skipped with why: %+v", items)
		}
	}
}

// A short greeting whose wish is on its salutation line, "Dear Mr.
// Meier, Merry Christmas!" over "Best," and the signature, says
// something: the console saves it and it goes to Hans, who has no offer.
func TestAShortChristmasGreetingIsSavedAndSent(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	b, mei, tmpl := consoleBackend(t, now)
	body := "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}}, Merry Christmas!\n\nBest,\n{{.Owner.Signature}}\n"
	if _, probs, err := b.SaveTemplate(ctx, mei, "christmas.tmpl", body, "none", now); err != nil || len(probs) > 0 {
		t.Fatalf("save of christmas.tmpl: %v %+v", err, probs)
	}
	// With a line for the company inside {{with .Company}} too.
	withCompany := "subject: Frohe Weihnachten\n--- text\n{{.Contact.Salutation}}, frohe Weihnachten!\n{{with .Company}}Viele Grüße an das Team von {{.}}.{{end}}\n\nLiebe Grüße\n{{.Owner.Signature}}\n"
	if _, probs, err := b.SaveTemplate(ctx, mei, "christmas.de.tmpl", withCompany, "none", now); err != nil || len(probs) > 0 {
		t.Fatalf("save of christmas.de.tmpl: %v %+v", err, probs)
	}
	a, smtp, _ := sendRig(t, tmpl, "\n[greetings]\noccasions = [\"christmas\"]\nenglish_for = [\"*\"]\n")
	var at []time.Time
	for h := 0; h < 72; h += 2 {
		at = append(at, time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC).Add(time.Duration(h)*time.Hour))
	}
	tickAt(t, a, at...)
	got := sentTo(smtp, hansMeier.Email)
	if len(got) != 1 || !strings.Contains(got[0], ", Merry Christmas!") && !strings.Contains(got[0], ", frohe Weihnachten!") {
		items, _ := a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
		t.Fatalf("%d mails to Hans, want the Christmas greeting: %q\noutbox: %+v", len(got), got, items)
	}
}
