package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// The team's warm German birthday text says "deinem"; Lily writes to Bob
// formally ("Ich danke Ihnen"). "Alles Gute zu deinem Geburtstag" in her
// name to a buyer she does not say "du" to is over-familiar: it is not
// sent, and the plan says why. Her "du" mail to him lets it go.
func TestAGreetingIsNotSentInDuToSomeoneWrittenToWithSie(t *testing.T) {
	birthday := "subject: Alles Gute, {{.Contact.Addressed}}!\n--- text\n{{.Contact.Salutation}},\n\nalles Gute zu deinem Geburtstag!\n\n{{.Owner.Signature}}\n"
	for _, c := range []struct {
		own  string
		sent bool
	}{
		{"Sehr geehrter Herr Smith,\n\nanbei wie besprochen unser Angebot. Ich danke Ihnen für die Anfrage.\n\nMit freundlichen Grüßen\nLily Chen", false},
		{"Hallo Bob,\n\ndanke dir für deine Bestellung. Sie geht morgen raus.\n\nViele Grüße\nLily", true},
		// "Sie" first in its sentence may be "she" or "they": no sign of the formal register.
		{"Hallo Bob,\n\ndie Panels sind fertig. Sie gehen morgen raus.\n\nViele Grüße\nLily", true},
	} {
		r, start := bobsBirthdayRig(t)
		r.ownMail("own-de", "Angebot", start.AddDate(0, -1, 0), 1, c.own, false)
		r.startWith(map[string]string{"birthday.de.tmpl": birthday})
		r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 15*time.Minute)
		if n := len(r.inbox(usBuyer.email)); (n == 1) != c.sent {
			t.Errorf("own mail %q: Bob got %d greetings", c.own, n)
		}
		if c.sent {
			continue
		}
		plan, err := r.job.PlanMonth(r.ctx, "2026-11", r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		var why string
		for _, it := range plan.Items {
			if it.Kind == sequences.OriginGreeting {
				why = it.Status + ": " + it.Reason
			}
		}
		if want := `skip: the team's latest mail to bob@acme-us.com says "Ihnen", the birthday text says "deinem"`; !strings.HasPrefix(why, want) {
			t.Errorf("the birthday greeting in the plan: %q, want it to start %q", why, want)
		}
	}
}

// Lily writes to Bob as "vous". A catalog product's name ("Chain hoist 2
// ton", "TU-40 hoist") in the greeting is no "tu": it goes. The template's
// own "ton anniversaire" is, and is not sent.
func TestAProductNameIsNoFamiliarWord(t *testing.T) {
	for _, c := range []struct {
		text string
		sent bool
	}{
		{"je vous souhaite un joyeux anniversaire. Nos nouveautés : {{join .Products \", \"}}.", true},
		{"joyeux anniversaire ! Tous nos vœux pour ton anniversaire. Nos nouveautés : {{join .Products \", \"}}.", false},
	} {
		start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
		r := newGreetRig(t, mailtest.NewMemServer(t), start)
		bob := usBuyer
		bob.birthday, bob.lang, bob.tags = "1980-11-25", "fr", "Chain hoist 2 ton, TU-40 hoist"
		r.add(bob)
		r.cfg.Occasions = []string{"birthday"}
		r.ownMail("own-fr", "Offre", start.AddDate(0, -1, 0), 1, "Bonjour Bob,\n\nJe vous remercie pour votre commande.\n\nCordialement\nLily Chen", false)
		r.startWith(map[string]string{"birthday.fr.tmpl": "subject: Joyeux anniversaire\n--- text\n{{.Contact.Salutation}},\n\n" + c.text + "\n\n{{.Owner.Signature}}\n"})
		plan, err := r.job.PlanMonth(r.ctx, "2026-11", r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		var why string
		for _, it := range plan.Items {
			if it.Kind == sequences.OriginGreeting {
				why = it.Status + ": " + it.Reason
			}
		}
		if skipped := strings.HasPrefix(why, "skip: the team's latest mail to bob@acme-us.com says"); skipped == c.sent {
			t.Errorf("%q: the birthday greeting in the plan: %q", c.text, why)
		}
	}
}
