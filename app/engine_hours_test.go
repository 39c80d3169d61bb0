package app

import (
	"testing"
	"time"
)

// TestBusinessHoursKeepTheDigestsHolidays: the business-hours figure
// leaves out the public holidays of the calendar the digest keeps, the
// salesperson's own (salesperson_holidays) before the team's.
func TestBusinessHoursKeepTheDigestsHolidays(t *testing.T) {
	cfg := mustConfig(t, `
[team]
internal_domains = ["acme.example"]
time_zone = "Asia/Shanghai"
[digest]
holidays = "CN"
salesperson_holidays = { "hans@acme.example" = "DE" }
`+lilySalesperson+`[[salesperson]]
email = "hans@acme.example"
`+lilysMailbox)
	rc := (&App{Cfg: cfg}).ReplyConfig()
	if rc.Hours["lily@acme.example"].Country != "CN" || rc.Hours["hans@acme.example"].Country != "DE" || rc.DefaultHours.Country != "CN" {
		t.Fatalf("holiday calendars: lily %q, hans %q, default %q", rc.Hours["lily@acme.example"].Country,
			rc.Hours["hans@acme.example"].Country, rc.DefaultHours.Country)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	// Lily's answer after the National Day week: five minutes of work.
	from, to := time.Date(2026, 9, 30, 18, 10, 0, 0, sh), time.Date(2026, 10, 8, 9, 5, 0, 0, sh)
	if got := rc.Hours["lily@acme.example"].Between(from, to); got != 5*time.Minute {
		t.Errorf("Lily across the National Day week: %s", got)
	}
}
