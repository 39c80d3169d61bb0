package app

import (
	"testing"
	"time"
)

// TestOverrideHolidayTemplateIsAGreeting: a holiday the team added with
// [[calendar.override]] and greets (occasions) has its own template named
// by its key; the template editor and `keepwarm preview` treat that
// template as a greeting, as the customer will get it, not as a follow-up.
func TestOverrideHolidayTemplateIsAGreeting(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a, _ := greetApp(t, func(s string) string {
		return s + `
[greetings]
occasions = ["christmas", "founders-day"]

[[calendar.override]]
country = "AE"
date = "2027-05-01"
name = "Founders Day"
`
	}, t0)
	if !IsGreetingTemplate("founders-day", a.GreetingTemplates(), t0) {
		t.Errorf("founders-day.tmpl is not a greeting template (greeting templates %q)", a.GreetingTemplates())
	}
	if IsGreetingTemplate("quote-followup", a.GreetingTemplates(), t0) {
		t.Error("a follow-up template counts as a greeting's")
	}
}
