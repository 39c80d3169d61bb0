package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/sequences"
)

// Lily's mailbox logs in under a name that is not her address (a Microsoft
// 365 sign-in name): her greetings and letters go from her own address,
// which buyers know, not from the login. A login on another domain may
// send as her only when send_as says so; else her greetings are skipped
// with what to add. The manager's shared sales@ still sends as sales@.
func TestGreetingsGoFromTheOwnersAddressNotTheLogin(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	login := func(username, more string) func(string) string {
		return func(s string) string {
			return strings.Replace(s, "username = \"lily@lumina-export.example\"\n", "username = \""+username+"\"\n"+more, 1) +
				"\n[greetings]\noccasions = [\"christmas\"]\n"
		}
	}
	for _, tc := range []struct {
		name, username, more string
		refused              bool
	}{
		{name: "sign-in name on her domain", username: "Lily.Chen@lumina-export.example"},
		{name: "login elsewhere, send_as", username: "lily.chen@lumina-mail.example", more: "send_as = [\"lily@lumina-export.example\"]\n"},
		{name: "login elsewhere", username: "lily.chen@lumina-mail.example", refused: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, c := greetApp(t, login(tc.username, tc.more), t0)
			senders := a.GreetingSenders()
			s := senders["lily@lumina-export.example"]
			if s.Mailbox != "lily" || s.From.Email != "lily@lumina-export.example" {
				t.Fatalf("Lily's greetings go from %+v", s)
			}
			if sales := senders["grace@lumina-export.example"]; sales.From.Email != "sales@lumina-export.example" || sales.Refused != "" {
				t.Fatalf("the manager's greetings go from %+v", sales)
			}
			g, err := a.NewGreetings(nil)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := g.PlanMonth(context.Background(), "2026-12", t0)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, it := range plan.Items {
				if it.CustomerID != c.ID {
					continue
				}
				n++
				if tc.refused {
					if it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "add it to send_as") || !strings.Contains(it.Reason, "lily.chen@lumina-mail.example") {
						t.Errorf("greeting from a login that may not send as Lily: %s %q from %+v", it.Status, it.Reason, it.From)
					}
					continue
				}
				if it.Status == sequences.PlanSkip || it.From.Email != "lily@lumina-export.example" || it.Mailbox != "lily" {
					t.Errorf("greeting: %s %q from %s %+v", it.Status, it.Reason, it.Mailbox, it.From)
				}
			}
			if n == 0 {
				t.Fatalf("nothing planned for Globex: %+v", plan.Items)
			}
		})
	}
}
