package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// A letter whose text part opens with the salutation but whose html part,
// copied from an older mail, writes "Dear {{.Contact.FirstName}}," is not
// planned for a contact without a name: mail programs show the html part,
// "Dear ,". The last check before sending looks at both parts too.
func TestALetterWhoseHTMLOpensWithAnEmptyNameIsNotSent(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	r.add(customer{key: "domain:buyer.example", name: "Buyer Ltd", grade: "A", country: "DE", tz: "Europe/Berlin",
		email: "info@buyer.example"})
	r.start(map[string]string{"2026-12.tmpl": "subject: News\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n" +
		"--- html\n<p>Dear {{.Contact.FirstName}},</p>\n<p>our news.</p>\n"})
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var letter *sequences.PlanItem
	for i, it := range plan.Items {
		if it.Kind == sequences.OriginLetter {
			letter = &plan.Items[i]
		}
	}
	if letter == nil || letter.Status != sequences.PlanSkip || !strings.Contains(letter.Reason, `opens "Dear ,"`) {
		t.Fatalf("plan: %+v", letter)
	}
	r.replay(time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC), time.Hour)
	if n := r.sentTo("info@buyer.example"); n != 0 {
		t.Fatalf("%d letters went to info@", n)
	}
	for _, html := range []string{"<p>Dear ,</p><p>our news.</p>", "<p>Dear Mr. Meier,,</p><p>our news.</p>"} {
		why, err := r.job.Precheck(r.ctx, keepwarm.OutboxItem{Origin: sequences.OriginLetter, Mode: keepwarm.ModeDraft,
			To: []keepwarm.Address{{Email: "info@buyer.example"}}, Text: "Dear Sir or Madam,\n\nour news.", HTML: html}, r.clock.Now())
		if err != nil || !strings.Contains(why, "it is not sent") {
			t.Errorf("precheck of html %q: %q %v", html, why, err)
		}
	}
}
