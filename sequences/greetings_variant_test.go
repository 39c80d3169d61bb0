package sequences_test

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// The manager wrote eid-al-adha.ar.tmpl for the Saudi buyers who write
// Arabic, and no eid-al-adha.tmpl: Ahmed, written to in Arabic, is greeted
// with it (not skipped for want of an Arabic holiday template); Omar,
// written to in English, gets the holiday template as before.
func TestAGreetingTemplateWrittenOnlyInALanguageIsUsed(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"eid-al-adha"}
	r.cfg.Custom = nil
	r.add(customer{key: "domain:riyadh-trade.sa", name: "Riyadh Trade", grade: "A", country: "SA", tz: "Asia/Riyadh",
		lang: "ar", email: "ahmed@riyadh-trade.sa", contact: "Ahmed Al-Harbi"})
	r.add(customer{key: "domain:jeddah-build.sa", name: "Jeddah Build", grade: "A", country: "SA", tz: "Asia/Riyadh",
		lang: "en", email: "omar@jeddah-build.sa", contact: "Omar Saleh"})
	r.startWith(map[string]string{"eid-al-adha.ar.tmpl": "subject: عيد أضحى مبارك\n--- text\n{{.Contact.Salutation}}،\n\nكل عام وأنتم بخير.\n\n{{.Owner.Signature}}\n"})
	plan, err := r.job.PlanMonth(r.ctx, "2026-05", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range plan.Items {
		if it.Occasion == "eid-al-adha" {
			got[it.To.Email] = it.Template + " " + it.Status + " " + it.Reason
		}
	}
	if got["ahmed@riyadh-trade.sa"] != "eid-al-adha.ar.tmpl planned " || got["omar@jeddah-build.sa"] != "holiday.tmpl planned " {
		t.Fatalf("Eid al-Adha greetings: %q", got)
	}
}
