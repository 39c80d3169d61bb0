package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// A letter whose file opens with the manager's own "Prezado Sr.," (no
// field in it) is planned as going, and the last look before sending
// agrees: it is not dropped on the day as a name left out.
func TestTheLastLookSendsAnOpeningTheLetterWritesWithNoField(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(customer{key: "domain:compra.com.br", name: "Compra Ltda", grade: "A", country: "BR", tz: "America/Sao_Paulo",
		lang: "pt", email: "joao@compra.com.br", contact: "João Silva"})
	r.cfg.Occasions = nil // letters only
	r.start(map[string]string{
		"2026-12.tmpl":    decemberLetter["2026-12.tmpl"],
		"2026-12.pt.tmpl": "subject: Novidades\n--- text\nPrezado Sr.,\n\nas novidades de {{.Month}}.\n\n{{.Owner.Signature}}\n",
	})
	if it := letterPlan(t, r, "2026-12", r.clock.Now()); it.Status == sequences.PlanSkip {
		t.Fatalf("plan: %+v; want the letter going", it)
	}
	item := r.queueOnly(time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC))
	if item.Origin != sequences.OriginLetter {
		t.Fatalf("queued: %+v", item)
	}
	why, err := r.job.Precheck(r.ctx, item, r.clock.Now())
	if err != nil || why != "" {
		t.Fatalf("the last look at %q: %q %v; want it sent", item.Text, why, err)
	}
	// Its html part is still looked at: one whose opening lost the name
	// after the title is not sent.
	bad := item
	bad.HTML = "<p>Prezado Sr. ,</p><p>as novidades.</p>"
	if why, err := r.job.Precheck(r.ctx, bad, r.clock.Now()); err != nil || !strings.Contains(why, "Prezado Sr. ,") {
		t.Fatalf("the last look at html %q: %q %v; want it refused", bad.HTML, why, err)
	}
}

// A letter of a French file opening with no French word before its spaced
// "!" ("Heureux Diwali !", "Happy New Year !") is French typography to
// the plan, which knows the file's language; the last look before
// sending knows it too, from the file the item was rendered from, and
// does not drop it on the day as a name left out.
func TestTheLastLookKnowsAFrenchFileIsFrench(t *testing.T) {
	for _, opening := range []string{"Heureux Diwali !", "Happy New Year !"} {
		t.Run(opening, func(t *testing.T) {
			r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
			r.add(customer{key: "domain:lumiere.fr", name: "Lumière SARL", grade: "A", country: "FR", tz: "Europe/Paris",
				lang: "fr", email: "marie@lumiere.fr", contact: "Marie Durand"})
			r.cfg.Occasions = nil // letters only
			r.start(map[string]string{
				"2026-12.tmpl":    decemberLetter["2026-12.tmpl"],
				"2026-12.fr.tmpl": "subject: Nouvelles\n--- text\n" + opening + "\n\nles nouvelles de {{.Month}}.\n\n{{.Owner.Signature}}\n",
			})
			if it := letterPlan(t, r, "2026-12", r.clock.Now()); it.Status == sequences.PlanSkip {
				t.Fatalf("plan: %+v; want the letter going", it)
			}
			item := r.queueOnly(time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC))
			if item.Origin != sequences.OriginLetter || !strings.HasPrefix(item.Text, opening) {
				t.Fatalf("queued: %+v", item)
			}
			why, err := r.job.Precheck(r.ctx, item, r.clock.Now())
			if err != nil || why != "" {
				t.Fatalf("the last look at %q: %q %v; want it sent", item.Text, why, err)
			}
		})
	}
}
