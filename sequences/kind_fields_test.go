package sequences_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// A follow-up step whose template writes {{.Month}}, which no step's mail
// has, is not sent with a blank where the month should be: the step is
// held back and its reason names the field, where the manager sees it.
func TestAStepWritingAMonthIsHeldNotSentBlank(t *testing.T) {
	w := newFUWorld(t, "A")
	team := fstest.MapFS{"resend.tmpl": {Data: []byte("subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\nBest regards,\n{{.Owner.Signature}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
	for _, it := range w.outbox() {
		if it.Step != nil && it.Status != keepwarm.OutboxSkipped {
			t.Fatalf("a step's mail was queued: %q (%s)", it.Subject, it.Status)
		}
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "{{.Month}}") {
		t.Errorf("the follow-up: %s %q, want held back naming {{.Month}}", e.Status, e.Reason)
	}
}

// A greeting whose template writes {{.Original.Subject}} (a greeting
// follows up no mail) or a letter writing {{.Occasion}} is refused at
// render, not sent with a blank.
func TestAGreetingOrLetterWritingAFieldItNeverHasIsRefused(t *testing.T) {
	team := fstest.MapFS{
		"christmas.tmpl": {Data: []byte("subject: About {{.Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nMerry {{.Occasion}}.\n\n{{.Owner.Signature}}\n")},
		"2026-12.tmpl":   {Data: []byte("subject: News for {{.Occasion}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n")},
	}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	r := keepwarm.Recipient{Customer: keepwarm.Customer{ID: 1, Key: "domain:buyer.example", Name: "Buyer GmbH", Owner: "lily@seller.example"},
		Contact: keepwarm.Contact{Name: "Anna Schmidt", Email: "anna@buyer.example"}}
	s := sequences.GreetingSender{Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, Signature: "Lily Chen"}
	for _, c := range []struct{ name, month, occasion, field string }{
		{"christmas", "", "Christmas", "Original"},
		{"2026-12", "2026-12", "", "Occasion"},
	} {
		out, _, err := sequences.RenderGreeting(set, c.name, c.month, c.occasion, r, "", s)
		var unset *templates.UnsetFieldError
		if !errors.As(err, &unset) || unset.Field != c.field {
			t.Errorf("%s: %q, %v; want refused for {{.%s}}", c.name, out.Subject, err, c.field)
		}
	}
}
