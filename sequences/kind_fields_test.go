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
	set, r, s := greetingRig(t, team)
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

// A step's template guarding the month with the month itself ({{with
// .Month}} for {{.}}{{end}}) prints nothing in a follow-up's mail, which
// has none, and no blank: the step is sent, the follow-up goes on.
func TestAStepGuardingTheMonthIsSent(t *testing.T) {
	w := newFUWorld(t, "A")
	team := fstest.MapFS{"resend.tmpl": {Data: []byte("subject: News from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nour news{{with .Month}} for {{.}}{{end}}.\n\nBest regards,\n{{.Owner.Signature}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
	queued := 0
	for _, it := range w.outbox() {
		if it.Step != nil && it.Status != keepwarm.OutboxSkipped {
			queued++
		}
	}
	if e := w.enrollment(); queued == 0 || e.Status == keepwarm.EnrollFailed {
		t.Errorf("the follow-up: %d step mails queued, %s %q; want the step sent", queued, e.Status, e.Reason)
	}
}

// In a greeting, {{with .Original.Subject}} leaves its passage out; a
// bare {{.Original.Subject}}, or one under {{if .Original}} (always true),
// is refused.
func TestAGreetingGuardingTheOriginalIsRendered(t *testing.T) {
	team := fstest.MapFS{
		"christmas.tmpl": {Data: []byte("subject: Merry {{.Occasion}}{{with .Original.Subject}} ({{.}}){{end}}\n--- text\n{{.Contact.Salutation}},\n\nMerry {{.Occasion}}.\n\n{{.Owner.Signature}}\n")},
		"new-year.tmpl":  {Data: []byte("subject: Happy {{.Occasion}}{{if .Original}} ({{.Original.Subject}}){{end}}\n--- text\n{{.Contact.Salutation}},\n\nHappy {{.Occasion}}.\n\n{{.Owner.Signature}}\n")},
	}
	set, r, s := greetingRig(t, team)
	out, _, err := sequences.RenderGreeting(set, "christmas", "", "Christmas", r, "", s)
	if err != nil || out.Subject != "Merry Christmas" {
		t.Errorf("christmas: %q, %v", out.Subject, err)
	}
	_, _, err = sequences.RenderGreeting(set, "new-year", "", "New Year", r, "", s)
	var unset *templates.UnsetFieldError
	if !errors.As(err, &unset) || unset.Field != "Original" {
		t.Errorf("new-year: %v; want refused for {{.Original}}", err)
	}
}

// greetingRig loads team's templates over the defaults and gives Anna
// Schmidt at Buyer GmbH, Lily's customer, to greet, and Lily's sender.
func greetingRig(t *testing.T, team fstest.MapFS) (*templates.Set, keepwarm.Recipient, sequences.GreetingSender) {
	t.Helper()
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	r := keepwarm.Recipient{Customer: keepwarm.Customer{ID: 1, Key: "domain:buyer.example", Name: "Buyer GmbH", Owner: "lily@seller.example"},
		Contact: keepwarm.Contact{Name: "Anna Schmidt", Email: "anna@buyer.example"}}
	s := sequences.GreetingSender{Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, Signature: "Lily Chen"}
	return set, r, s
}
