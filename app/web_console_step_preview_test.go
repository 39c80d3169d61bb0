package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// stepPreview is a console over w's database and follow-up job, with
// Grace, the manager, and the id of the customer of the outbound mail m
// saved in Lily's Sent.
func stepPreview(t *testing.T, w *fuApp, m keepwarm.Message) (*WebBackend, web.Person, int64) {
	t.Helper()
	w.save("lily", m, "")
	msg, err := w.a.DB.GetMessage(context.Background(), int64(w.uid))
	if err != nil {
		t.Fatal(err)
	}
	grace := web.Person{Email: "grace@lumina-export.example", Name: "Grace Liu", Manager: true}
	b := NewWebBackend(WebDeps{DB: w.a.DB, FollowUp: w.job, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(),
		People: []web.Person{grace}, Clock: keepwarm.NewManualClock(m.Date)})
	return b, grace, msg.CustomerID
}

// notSent is the preview's problems that say the customer gets no such mail.
func notSent(pv web.Preview) []string {
	var out []string
	for _, p := range pv.Problems {
		if strings.HasPrefix(p.Msg, notSentPrefix) {
			out = append(out, p.Msg)
		}
	}
	return out
}

// The console's preview of a follow-up writes to whom the step would: the
// quotation went to Anna with Bob in Cc and Anna bounced since, so the step
// writes to Bob, and the preview shows Bob, not Anna greeted with the
// quotation's "Dear Anna"; with Bob opted out too, no step goes at all, and
// the preview says so.
func TestTemplatePreviewWritesToWhomTheStepWould(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	anna := keepwarm.Address{Name: "Anna Schmidt", Email: "anna@acme-supply.example"}
	bob := keepwarm.Address{Name: "Bob Weber", Email: "bob@acme-supply.example"}
	b, grace, cust := stepPreview(t, w, keepwarm.Message{MessageID: "q-acme@lumina-export.example", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{anna}, Cc: []keepwarm.Address{bob}, Subject: "Quotation LED panels", SubjectKey: "quotation led panels", Date: t0,
		Kind: keepwarm.KindOutbound, CustomerKey: "domain:acme-supply.example", Contacts: []keepwarm.Address{anna, bob},
		Text: "Dear Anna,\n\nplease find attached our quotation for 2000 LED panels, as you asked. The prices hold until the end of the month.\n\nBest regards\nLily\n"})
	ctx := context.Background()
	e, err := b.Template(ctx, grace, "resend.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.a.DB.FlagBounced(ctx, []string{anna.Email}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	pv, err := b.PreviewTemplate(ctx, grace, "resend.tmpl", e.Body, cust)
	if err != nil {
		t.Fatal(err)
	}
	if opening, _, _ := strings.Cut(pv.Text, "\n"); pv.To != bob.Email || opening != "Dear Bob," || len(notSent(pv)) != 0 {
		t.Errorf("preview with Anna bounced: to %q, not sent %q\n%s", pv.To, notSent(pv), pv.Text)
	}
	if _, err := w.a.DB.FlagBounced(ctx, []string{bob.Email}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if pv, err = b.PreviewTemplate(ctx, grace, "resend.tmpl", e.Body, cust); err != nil {
		t.Fatal(err)
	}
	if ns := notSent(pv); len(ns) != 1 || !strings.Contains(ns[0], "bounced: no follow-up is written to it") {
		t.Fatalf("preview with everyone bounced: to %q, not sent %q", pv.To, ns)
	}
	if got := (web.Lang{Code: "zh"}).Err(notSent(pv)[0]); strings.Contains(got, "no follow-up") {
		t.Errorf("in Chinese: %q", got)
	}
}

// The console's preview makes the checks a step makes on its text: a
// contact without a name in "Hi {{.Contact.FirstName}}," and an Italian
// thread with only the English resend are not sent, and the preview says
// so instead of showing a mail that would never go.
func TestTemplatePreviewSaysWhatTheStepWouldRefuse(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	body := "subject: {{reply .Original.Subject}}\n--- text\nHi {{.Contact.FirstName}},\n\ndid my mail of {{date .Original.Date}} reach you?\n\n{{.Owner.Signature}}\n"
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@lumina-export.example"}
	for _, c := range []struct {
		what string
		to   keepwarm.Address
		text string
		want string
	}{
		{"a contact without a name", keepwarm.Address{Email: "buyer@noname.example"},
			"please find our quotation for 2000 LED panels attached.\n", `resend.tmpl opens "Hi ,"`},
		{"an Italian thread", keepwarm.Address{Name: "Marco Rossi", Email: "marco@rossi.example"},
			"Gentile Marco,\nin allegato trova la nostra offerta per 2000 pannelli LED, come richiesto. Restiamo a disposizione per qualsiasi domanda o chiarimento sui prezzi e sui tempi di consegna.\n\nCordiali saluti\nLily\n",
			"the thread is in it and there is no resend.it.tmpl"},
	} {
		t.Run(c.what, func(t *testing.T) {
			w := newFUApp(t, "", t0)
			_, domain, _ := strings.Cut(c.to.Email, "@")
			b, grace, cust := stepPreview(t, w, keepwarm.Message{MessageID: "q@" + domain, From: lily, To: []keepwarm.Address{c.to},
				Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
				CustomerKey: "domain:" + domain, Contacts: []keepwarm.Address{c.to}, Text: c.text})
			pv, err := b.PreviewTemplate(context.Background(), grace, "resend.tmpl", body, cust)
			if err != nil {
				t.Fatal(err)
			}
			if ns := notSent(pv); len(ns) != 1 || !strings.Contains(ns[0], c.want) || pv.Sample {
				t.Fatalf("preview: sample %v, not sent %q, problems %+v\n%s", pv.Sample, ns, pv.Problems, pv.Text)
			}
			if got := (web.Lang{Code: "zh"}).Err(notSent(pv)[0]); !strings.HasPrefix(got, "不会发给这位客户") {
				t.Errorf("in Chinese: %q", got)
			}
		})
	}
}
