package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// A letter written with another program's merge field ("Hi {FirstName},")
// is not planned for anyone: it would reach every customer as typed. The
// last check before sending refuses a queued one too (a book's "Dear
// «First_Name»").
func TestALetterWithAnotherProgramsPlaceholderIsNotSent(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	r.add(customer{key: "domain:buyer.example", name: "Buyer Ltd", grade: "A", country: "DE", tz: "Europe/Berlin",
		email: "hans@buyer.example", contact: "Hans Meier"})
	r.start(map[string]string{"2026-12.tmpl": "subject: News\n--- text\nHi {FirstName},\n\nour news.\n\n{{.Owner.Signature}}\n"})
	letter := letterPlan(t, r, "2026-12", r.clock.Now())
	if letter.Status != sequences.PlanSkip || !strings.Contains(letter.Reason, `writes "{FirstName}"`) {
		t.Fatalf("plan: %+v", letter)
	}
	r.replay(time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC), time.Hour)
	if n := r.sentTo("hans@buyer.example"); n != 0 {
		t.Fatalf("%d letters went to Hans", n)
	}
	why, err := r.job.Precheck(r.ctx, keepwarm.OutboxItem{Origin: sequences.OriginLetter, Mode: keepwarm.ModeDraft,
		To: []keepwarm.Address{{Email: "hans@buyer.example"}}, Text: "Dear «First_Name»,\n\nour news."}, r.clock.Now())
	if err != nil || !strings.Contains(why, `writes "«First_Name»"`) || !strings.Contains(why, "it is not sent") {
		t.Errorf("precheck: %q %v", why, err)
	}
}
