package sequences_test

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// The team wrote holiday.ar.tmpl for the buyers it writes to in Arabic;
// the built-in Eid al-Fitr template is English only. Ahmed, written to in
// Arabic, is greeted with the team's Arabic holiday text, not skipped for
// want of an Arabic Eid template (nor sent the English one); Omar, written
// to in English, gets the Eid template as before.
func TestAnOccasionsEnglishTemplateDoesNotHideTheHolidayTemplateInTheContactsLanguage(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"eid-al-fitr"}, nil
	r.add(customer{key: "domain:riyadh-trade.sa", name: "Riyadh Trade", grade: "A", country: "SA", tz: "Asia/Riyadh",
		lang: "ar", email: "ahmed@riyadh-trade.sa", contact: "Ahmed Al-Harbi"})
	r.add(customer{key: "domain:jeddah-build.sa", name: "Jeddah Build", grade: "A", country: "SA", tz: "Asia/Riyadh",
		lang: "en", email: "omar@jeddah-build.sa", contact: "Omar Saleh"})
	r.startWith(map[string]string{"holiday.ar.tmpl": "subject: {{.Occasion}}\n--- text\n{{.Contact.Salutation}}،\n\nكل عام وأنتم بخير.\n\n{{.Owner.Signature}}\n"})
	plan, err := r.job.PlanMonth(r.ctx, "2027-03", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range plan.Items {
		if it.Occasion == "eid-al-fitr" {
			got[it.To.Email] = it.Template + " " + it.Status + " " + it.Reason
		}
	}
	if got["ahmed@riyadh-trade.sa"] != "holiday.ar.tmpl planned " || got["omar@jeddah-build.sa"] != "eid-al-fitr.tmpl planned " {
		t.Fatalf("Eid al-Fitr greetings: %q", got)
	}
}
