package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// twBuyer is a Taiwanese buyer Lily writes in Chinese.
var twBuyer = customer{key: "domain:taipei-led.tw", name: "Taipei LED", grade: "A", country: "TW", tz: "Asia/Taipei",
	lang: "zh", email: "chen@taipei-led.tw", contact: "陈明", birthday: "1982-11-25"}

// A birthday template without a Chinese variant does not greet a contact
// written to in Chinese in English: the plan says why and nothing goes;
// english_for = ["zh"] sends the English one.
func TestNoGreetingInAnotherLanguageThanTheContacts(t *testing.T) {
	for _, allow := range []bool{false, true} {
		r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
		r.cfg.Occasions, r.cfg.Custom = []string{"birthday"}, nil
		if allow {
			r.cfg.EnglishFor = []string{"zh"}
		}
		r.add(twBuyer)
		r.start(nil)
		it := r.planOf("2026-11")[twBuyer.email+" birthday"]
		switch {
		case !allow && (it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "no zh variant of the birthday template")):
			t.Errorf("birthday to a Chinese contact: %q (%s), want skipped for want of a zh variant", it.Status, it.Reason)
		case allow && it.Status != sequences.PlanPlanned:
			t.Errorf("english_for zh: birthday is %q (%s), want planned", it.Status, it.Reason)
		}
		r.replay(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), 30*time.Minute)
		got := r.inbox(twBuyer.email)
		if want := map[bool]int{false: 0, true: 1}[allow]; len(got) != want {
			t.Errorf("english_for %v: %d greeting(s) received, want %d: %+v", allow, len(got), want, got)
		}
	}
}

// A month's letter without the contact's language skips that contact, with
// the reason, and still goes to everyone else.
func TestLetterWithoutTheContactsLanguageSkipsOnlyThem(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil
	es := customer{key: "domain:iberia.es", name: "Iberia Luz", grade: "A", country: "ES", tz: "Europe/Madrid", lang: "es",
		email: "lucia@iberia.es", contact: "Lucía Gómez"}
	for _, c := range []customer{twBuyer, usBuyer, es} {
		r.add(c)
	}
	r.start(map[string]string{
		"2026-12.tmpl":    "subject: News from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n",
		"2026-12.es.tmpl": "subject: Novedades de {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}}:\n\nnovedades.\n\n{{.Owner.Signature}}\n",
	})
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Notes) != 0 {
		t.Errorf("notes: %v", plan.Notes)
	}
	for _, it := range plan.Items {
		want := sequences.PlanPlanned
		if it.To.Email == twBuyer.email {
			want = sequences.PlanSkip
			if !strings.Contains(it.Reason, "no zh variant of the 2026-12 letter") {
				t.Errorf("the Chinese contact's letter: %s", it.Reason)
			}
		}
		if it.Status != want {
			t.Errorf("%s: %s (%s), want %s", it.To.Email, it.Status, it.Reason, want)
		}
	}
	r.replay(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), time.Hour)
	for addr, want := range map[string]int{twBuyer.email: 0, usBuyer.email: 1, es.email: 1} {
		if n := len(r.inbox(addr)); n != want {
			t.Errorf("%s received %d letter(s), want %d", addr, n, want)
		}
	}
}
