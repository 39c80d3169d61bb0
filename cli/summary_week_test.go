package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// The weekly summary of a team in Berlin, the week after summer time
// ended: the funnel counts whole calendar days back (a thread enrolled at
// 00:30 on the first day the summary names is in it), greetings placed in
// Drafts are not reported as sent, and the breaches name the salesperson
// as the table does.
func TestWeeklySummaryCountsCalendarDaysDraftsAndNames(t *testing.T) {
	r := newDigestRig(t, "", func(s string) string {
		return strings.Replace(s, `time_zone = "Asia/Shanghai"`, `time_zone = "Europe/Berlin"`, 1)
	})
	r.seedLily()
	ctx, db, lily := r.ctx, r.m.db, "lily@acme-export.com"
	berlin, _ := time.LoadLocation("Europe/Berlin")
	enrolledAt := time.Date(2026, 10, 12, 0, 30, 0, 0, berlin) // 28 days before Monday 9 November, summer time
	inq := r.save("lily", inboundFrom("oct@globex.de", "hans@globex.de", "October inquiry", enrolledAt.Add(-time.Hour)))
	msg, err := db.GetMessage(ctx, inq)
	r.must(err)
	_, err = db.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: r.customer("domain:globex.de"), Sequence: "key-customer",
		Status: keepwarm.EnrollActive, Step: 0, AnchorID: inq, AnchorAt: enrolledAt, ClockAt: enrolledAt, DueAt: enrolledAt.AddDate(0, 0, 3),
		Mailbox: "lily", Owner: lily, To: []keepwarm.Address{{Email: "hans@globex.de"}}, CreatedAt: enrolledAt, UpdatedAt: enrolledAt})
	r.must(err)
	at := time.Date(2026, 11, 5, 10, 0, 0, 0, berlin)
	for i, mode := range []keepwarm.SendMode{keepwarm.ModeSend, keepwarm.ModeDraft} {
		it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "greeting:test:" + string(mode), MessageID: "kw-greet-" + string(mode) + "@acme-export.com",
			Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@globex.de"}}, Subject: "Greetings",
			Text: "Best wishes.", Mode: mode, DueAt: at, NextAttemptAt: at, CreatedAt: at, Origin: sequences.OriginGreeting})
		r.must(err)
		_, err = db.ClaimItems(ctx, []int64{it.ID}, at)
		r.must(err)
		if i == 0 {
			r.must(db.MarkSent(ctx, it.ID, at))
		} else {
			r.must(db.MarkDrafted(ctx, it.ID, at))
		}
	}

	sum, err := r.m.app.NewSummaries(nil).Build(ctx, time.Date(2026, 11, 9, 8, 30, 0, 0, berlin))
	r.must(err)
	text := sum.Text()
	if sum.Funnel.Total.Enrolled != 2 || // with seedLily's of 23 October
		!strings.Contains(text, "Threads enrolled 12 Oct to 8 Nov") {
		t.Errorf("funnel from 12 October: %d enrolled\n%s", sum.Funnel.Total.Enrolled, text)
	}
	if sum.Greetings != 1 || sum.GreetingsDrafted != 1 || !strings.Contains(text, "1 greeting(s) and 0 monthly letter(s) sent") ||
		!strings.Contains(text, "1 greeting(s) and 0 monthly letter(s) placed in Drafts") {
		t.Errorf("greetings: %d sent, %d drafted\n%s", sum.Greetings, sum.GreetingsDrafted, text)
	}
	if !strings.Contains(text, `"Samples please"`) || !strings.Contains(text, "still waiting, owner Lily Chen") || strings.Contains(text, "owner "+lily) {
		t.Errorf("breaches by name:\n%s", text)
	}
}
