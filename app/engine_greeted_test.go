package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// hansBirthdayApp is an App (with the in-process IMAP and SMTP servers)
// whose greetings greet birthdays, Hans's on Thursday 26 November, with
// Lily's quotation to him on Monday 23 November at 10:00 Berlin time: its
// resend falls due at 10:00 on his birthday.
func hansBirthdayApp(t *testing.T) (*App, *fuApp, *time.Location) {
	t.Helper()
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	asked := time.Date(2026, 11, 23, 9, 0, 0, 0, berlin)
	srv, smtp := mailtest.NewMemServer(t), mailtest.NewSMTPServer(t)
	srv.AddUser(t, "lily@lumina-export.example", "pw")
	srv.AddUser(t, "sales@lumina-export.example", "pw")
	a, _ := greetApp(t, func(s string) string {
		s = strings.ReplaceAll(s, "imaps://mail.lumina-export.example", srv.URL().String())
		s = strings.ReplaceAll(s, "smtps://mail.lumina-export.example", smtp.URL().String())
		return s + "\n[greetings]\noccasions = [\"birthday\"]\nenglish_for = [\"*\"]\n"
	}, asked)
	a = New(a.Cfg, a.DB, Options{Clock: a.Clock, Log: a.Log, Getenv: func(string) string { return "pw" }})
	sheet, err := book.Parse([][]string{{"email", "birthday"}, {hansMeier.Email, "1975-11-26"}}, book.ParseOptions{Now: asked})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.ImportBook(ctx, asked, sheet, store.ImportOptions{Owner: "lily@lumina-export.example"}); err != nil {
		t.Fatal(err)
	}
	w := &fuApp{t: t, a: a, uid: 100}
	quoted := asked.Add(time.Hour)
	w.save("lily", keepwarm.Message{MessageID: "quote-1@lumina-export.example", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation LED panels", SubjectKey: "quotation led panels", Date: quoted,
		Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		Snippet: "Dear Mr. Meier, please find our quotation attached.",
		Text:    "Dear Mr. Meier,\n\nplease find our quotation attached: USD 18.40/pc CIF Hamburg.\n\nBest regards\nLily Chen\n"}, quoted.Format(time.RFC1123Z))
	return a, w, berlin
}

// The engine the daemon and keepwarm tick run (NewEngineParts) tells the
// follow-up job of the greetings planned: Hans's resend falls due at 10:00
// on Thursday 26 November, his birthday, and waits for the next day, and
// says why, so that his birthday greeting is his one mail from keepwarm
// that day.
func TestTheEnginesFollowUpGivesABirthdayToItsGreeting(t *testing.T) {
	ctx := context.Background()
	a, w, berlin := hansBirthdayApp(t)
	parts, err := a.NewEngineParts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := a.Clock.(*keepwarm.ManualClock)
	for _, at := range []time.Time{time.Date(2026, 11, 23, 11, 0, 0, 0, berlin), time.Date(2026, 11, 26, 10, 5, 0, 0, berlin)} {
		clock.Set(at)
		if err := parts.Engine.Tick(ctx); err != nil {
			t.Fatalf("tick at %s: %v", at, err)
		}
	}
	enrs := w.enrollments()
	if len(enrs) != 1 {
		t.Fatalf("enrollments: %+v", enrs)
	}
	if e := enrs[0]; e.Step != 0 || !strings.Contains(e.Reason, "hans.meier@globex.de has a greeting from keepwarm planned today") {
		t.Fatalf("the resend on Hans's birthday: step %d, due %s, reason %q; want it waiting for the next day, and why", e.Step, e.DueAt.In(berlin), e.Reason)
	}
}

// Lily pressed "Don't send" on Hans's birthday greeting: no greeting goes
// on the 26th, so the resend keeps its 10:00 there, in the forecast and in
// the engine alike, and names no greeting.
func TestTheEnginesFollowUpKeepsTheDayOfAGreetingStoppedWithDontSend(t *testing.T) {
	ctx := context.Background()
	a, w, berlin := hansBirthdayApp(t)
	parts, err := a.NewEngineParts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := a.Clock.(*keepwarm.ManualClock)
	clock.Set(time.Date(2026, 11, 23, 11, 0, 0, 0, berlin))
	if err := parts.Engine.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	g, err := a.NewGreetings(nil)
	if err != nil || g == nil {
		t.Fatalf("greetings: %v", err)
	}
	fu, err := a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := g.PlanMonth(ctx, "2026-11", clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := ""
	for _, it := range plan.Items {
		if it.To.Email == hansMeier.Email && it.Occasion == "birthday" {
			key = it.Key
		}
	}
	if key == "" {
		t.Fatalf("no birthday greeting to Hans in the plan: %+v", plan.Items)
	}
	if _, _, err := g.SkipPlanned(ctx, key, "lily@lumina-export.example", clock.Now(), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	morning := time.Date(2026, 11, 26, 8, 0, 0, 0, berlin)
	clock.Set(morning)
	fc, err := Forecast(ctx, a.DB, fu, g, berlin, morning, 1)
	if err != nil {
		t.Fatal(err)
	}
	var resend []ForecastEntry
	for _, e := range fc {
		if e.Kind == "email" {
			resend = append(resend, e)
		}
	}
	if len(resend) != 1 || !resend[0].At.Equal(time.Date(2026, 11, 26, 10, 0, 0, 0, berlin)) {
		t.Fatalf("the forecast's follow-up mail on Hans's birthday: %+v; want the resend at 10:00", resend)
	}
	clock.Set(time.Date(2026, 11, 26, 10, 5, 0, 0, berlin))
	if err := parts.Engine.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Step != 1 || strings.Contains(enrs[0].Reason, "greeting") {
		t.Fatalf("the follow-up after 10:05 on Hans's birthday: %+v; want the resend done, no greeting named", enrs)
	}
}
