package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// greetApp is an App over followUpTeam's config changed by edit, with
// Lily's customer Globex (Hans Meier wrote to sales@).
func greetApp(t *testing.T, edit func(string) string, t0 time.Time) (*App, keepwarm.Customer) {
	t.Helper()
	a := newTestApp(t, edit(strings.Replace(followUpTeam, "%SALES%", "", 1)), t0)
	w := &fuApp{t: t, a: a}
	w.save("sales", keepwarm.Message{MessageID: "q-1@globex.de", From: hansMeier, To: []keepwarm.Address{{Email: salesAddr}},
		Subject: "Question", SubjectKey: "question", Date: t0, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	ctx := context.Background()
	c, err := a.DB.ResolveCustomer(ctx, hansMeier.Email)
	if err != nil {
		t.Fatal(err)
	}
	// Graded: an ungraded customer made from mail gets no greetings.
	owner, country, grade := "lily@lumina-export.example", "DE", "B"
	if err := a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &owner, Country: &country, Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	c.Owner = owner
	return a, c
}

// A shared mailbox of Lily's listed before her own does not send her
// greetings: they come from her own address, as she signs them.
func TestGreetingsGoFromTheOwnersOwnMailbox(t *testing.T) {
	a, _ := greetApp(t, func(s string) string {
		return strings.Replace(s, "[[mailbox]]\nname = \"lily\"", `[[mailbox]]
name = "lily-shared"
owner = "lily@lumina-export.example"
url = "imaps://mail.lumina-export.example"
username = "export@lumina-export.example"
password_env = "KW_TEST_PASSWORD"
smtp_url = "smtps://mail.lumina-export.example"

[[mailbox]]
name = "lily"`, 1)
	}, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	s := a.GreetingSenders()["lily@lumina-export.example"]
	if s.Mailbox != "lily" || s.From.Email != "lily@lumina-export.example" || s.From.Name != "Lily Chen" {
		t.Fatalf("Lily's greetings go from %+v", s)
	}
}

// A greeting queued before greetings were turned off does not go (nothing
// would check it any more); while Lily is away her greetings wait, though
// sequences_while_away lets her follow-ups go.
func TestQueuedGreetingsWithGreetingsOffAndWhileAway(t *testing.T) {
	t0 := time.Date(2026, 12, 23, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	item := keepwarm.OutboxItem{Key: "greet:1:christmas:2026", Origin: sequences.OriginGreeting, Mode: keepwarm.ModeSend,
		Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@lumina-export.example"}, DueAt: t0}

	off, c := greetApp(t, func(s string) string { return s }, t0)
	item.CustomerID = c.ID
	if why, err := off.greetingPrecheck(ctx, nil, nil, item); err != nil || why != "greetings are turned off: the greeting queued before is not sent" {
		t.Fatalf("greetings off: %q %v", why, err)
	}
	// [greetings] on but with a problem: held, saying why, not dropped.
	var hold *keepwarm.Hold
	if why, err := off.greetingPrecheck(ctx, nil, errors.New(`occasion "christmas": no template "xmas-acme"`), item); why != "" || !errors.As(err, &hold) ||
		!strings.Contains(hold.Reason, "greetings are off until [greetings] is fixed") || !strings.Contains(hold.Reason, "xmas-acme") {
		t.Fatalf("greetings broken: %q %v", why, err)
	}

	on, _ := greetApp(t, func(s string) string {
		s = strings.Replace(s, "signature = \"Lily Chen\\nSales Manager, Lumina Export\"\n",
			"signature = \"Lily Chen\\nSales Manager, Lumina Export\"\nsequences_while_away = true\n[[salesperson.away]]\nfrom = \"2026-12-20\"\nuntil = \"2027-01-04\"\n", 1)
		return s + "\n[greetings]\noccasions = [\"christmas\"]\n"
	}, t0)
	if !on.Cfg.SequencesWhileAway("lily@lumina-export.example") {
		t.Fatal("the config does not say sequences_while_away")
	}
	g, err := on.NewGreetings(nil)
	if err != nil || g == nil {
		t.Fatalf("greetings: %v", err)
	}
	why, err := on.greetingPrecheck(ctx, g, nil, item)
	if err != nil || !strings.Contains(why, "lily@lumina-export.example is away") {
		t.Fatalf("Lily away: %q %v", why, err)
	}
}
