package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// A follow-up in the name of a salesperson who is away waits until they
// are back, unless they opted in to sequences while away.
func TestFollowUpWaitsWhileTheOwnerIsAway(t *testing.T) {
	for _, optIn := range []bool{false, true} {
		w := newFUWorld(t, "A")
		defs, _ := sequences.LoadDefinitions("")
		set, err := templates.Load(templates.Defaults())
		if err != nil {
			t.Fatal(err)
		}
		back := day0.AddDate(0, 0, 5)
		away := sequences.NewAway(sequences.AwayConfig{
			Configured: []keepwarm.Absence{{Person: "lily@seller.example", From: day0.AddDate(0, 0, 2), Until: back,
				Source: keepwarm.AwayConfig}},
			Salespeople: map[string]bool{"lily@seller.example": true},
		}, w.db)
		w.job = sequences.NewFollowUp(sequences.FollowUpConfig{
			Definitions: defs, Templates: set, Default: "key-customer",
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.example", Name: "Lily Chen"}},
			People:     map[string]string{"lily@seller.example": "lily@seller.example"},
			Location:   func(keepwarm.Customer) *time.Location { return berlin },
			Tags:       w.db.CustomerTags,
			Away:       away, WhileAway: func(string) bool { return optIn },
		}, w.db, nil)
		w.run(day0.Add(time.Minute))
		w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
		if optIn {
			if n := len(w.outbox()); n != 1 {
				t.Fatalf("opted in: %d items while away, want the resend", n)
			}
			continue
		}
		if n := len(w.outbox()); n != 0 {
			t.Fatalf("%d item(s) while Lily is away", n)
		}
		if e := w.enrollment(); !strings.Contains(e.Reason, "is away") || e.DueAt.Before(back) {
			t.Fatalf("enrollment while away: due %s, %q", e.DueAt, e.Reason)
		}
		w.run(w.enrollment().DueAt)
		if n := len(w.outbox()); n != 1 {
			t.Fatalf("back: %d item(s), want the resend", n)
		}
	}
}

// Recheck holds a step queued before its salesperson went away (an error
// that is a *keepwarm.Hold, until they are back, inside the customer's
// window), and passes it once they are back or when they opted in.
func TestRecheckHoldsAStepQueuedBeforeTheAbsence(t *testing.T) {
	for _, optIn := range []bool{false, true} {
		w := newFUWorld(t, "A")
		defs, _ := sequences.LoadDefinitions("")
		set, err := templates.Load(templates.Defaults())
		if err != nil {
			t.Fatal(err)
		}
		due := day0.AddDate(0, 0, 3)
		from, back := due.Add(time.Hour), due.AddDate(0, 0, 2).Add(-9*time.Hour) // back at 00:06 Berlin
		away := sequences.NewAway(sequences.AwayConfig{
			Configured:  []keepwarm.Absence{{Person: "lily@seller.example", From: from, Until: back, Source: keepwarm.AwayConfig}},
			Salespeople: map[string]bool{"lily@seller.example": true},
		}, w.db)
		w.job = sequences.NewFollowUp(sequences.FollowUpConfig{
			Definitions: defs, Templates: set, Default: "key-customer",
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.example", Name: "Lily Chen"}},
			People:     map[string]string{"lily@seller.example": "lily@seller.example"},
			Location:   func(keepwarm.Customer) *time.Location { return berlin },
			Tags:       w.db.CustomerTags,
			Away:       away, WhileAway: func(string) bool { return optIn },
		}, w.db, nil)
		w.run(day0.Add(time.Minute))
		w.run(due)
		items := w.outbox()
		if len(items) != 1 {
			t.Fatalf("%d items queued before the absence", len(items))
		}
		ctx := context.Background()
		reason, err := w.job.Recheck(ctx, items[0], from.Add(time.Minute))
		var hold *keepwarm.Hold
		if optIn {
			if reason != "" || err != nil {
				t.Fatalf("opted in: %q %v", reason, err)
			}
			continue
		}
		if reason != "" || !errors.As(err, &hold) || !strings.Contains(hold.Reason, "lily@seller.example is away (config) until") {
			t.Fatalf("while away: %q %v", reason, err)
		}
		if at := hold.Until.In(berlin); hold.Until.Before(back) || at.Hour() < 9 || at.Hour() >= 17 {
			t.Fatalf("held until %s Berlin time, back at %s", at, back.In(berlin))
		}
		if h, err := w.job.Hold(ctx, items[0], from.Add(time.Minute)); err != nil || h == nil || !h.Until.Equal(hold.Until) {
			t.Fatalf("Hold: %+v %v, Recheck's %+v", h, err, hold)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollActive || e.Step != 1 {
			t.Fatalf("the enrollment moved: %+v", e)
		}
		if reason, err := w.job.Recheck(ctx, items[0], hold.Until); reason != "" || err != nil {
			t.Fatalf("back: %q %v", reason, err)
		}
	}
}

// Hold keeps a queued resend from reaching the customer outside the send
// window (a retry or the daily cap carried it past 17:00 Berlin), until the
// window opens on their next working day; a draft is not held, and inside
// the window nothing is.
func TestHoldKeepsASendInsideTheWindow(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	due := day0.AddDate(0, 0, 3) // Thursday 5 November, 09:06 Berlin
	w.run(due)
	items := w.outbox()
	if len(items) != 1 || items[0].Mode != keepwarm.ModeSend {
		t.Fatalf("%d items queued: %+v", len(items), items)
	}
	ctx := context.Background()
	if h, err := w.job.Hold(ctx, items[0], due.Add(7*time.Hour)); h != nil || err != nil {
		t.Fatalf("16:06 Berlin: %+v %v", h, err)
	}
	friday9 := time.Date(2026, 11, 6, 9, 0, 0, 0, berlin)
	for _, at := range []time.Time{
		time.Date(2026, 11, 5, 17, 0, 0, 0, berlin),
		time.Date(2026, 11, 5, 23, 30, 0, 0, berlin),
		time.Date(2026, 11, 6, 8, 59, 59, 0, berlin),
	} {
		h, err := w.job.Hold(ctx, items[0], at)
		if err != nil || h == nil || !h.Until.Equal(friday9) || !strings.Contains(h.Reason, "send window (09:00-17:00 Europe/Berlin)") {
			t.Fatalf("at %s: %+v %v", at, h, err)
		}
		reason, err := w.job.Recheck(ctx, items[0], at)
		var hold *keepwarm.Hold
		if reason != "" || !errors.As(err, &hold) || !hold.Until.Equal(friday9) {
			t.Fatalf("Recheck at %s: %q %v", at, reason, err)
		}
	}
	draft := items[0]
	draft.Mode = keepwarm.ModeDraft
	if h, err := w.job.Hold(ctx, draft, time.Date(2026, 11, 5, 23, 30, 0, 0, berlin)); h != nil || err != nil {
		t.Fatalf("a draft at night: %+v %v", h, err)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
		t.Fatalf("the enrollment after the holds: %+v", e)
	}
}

// Lily's own out-of-office reply names no return date: her follow-up's
// reason says so and gives keepwarm's bound (14 days after the reply) as
// what it is, in her zone, not as a date she is away until.
func TestFollowUpReasonWhenNoReturnDateIsGiven(t *testing.T) {
	w := newFUWorld(t, "A")
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{"lily@seller.example": true},
			People: map[string]string{"lily@seller.example": "lily@seller.example"}}, w.db)
		c.PersonLocation = func(string) *time.Location { return shanghai }
	})
	w.run(day0.Add(time.Minute))
	ooo := w.msg("ooo-1@seller.example", keepwarm.KindAutoReply, "Automatic reply: Quotation LED panels", day0.AddDate(0, 0, 2))
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, []keepwarm.Address{{Email: "hans@buyer.de"}}
	w.save("lily", "Sent", ooo)
	w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
	if n := len(w.outbox()); n != 0 {
		t.Fatalf("%d item(s) while Lily is away", n)
	}
	want := "lily@seller.example is away (auto-reply, no return date given): waits until 2026-11-18 16:06 CST, when keepwarm takes them as back at the latest"
	if e := w.enrollment(); e.Reason != want {
		t.Fatalf("enrollment while away: %q, want %q", e.Reason, want)
	}
	// Back after two days, not fourteen: her first normal mail (to another
	// customer) ends the absence, and the step goes within the hour rather
	// than waiting for the 14-day bound.
	back := w.msg("back-1@seller.example", keepwarm.KindOutbound, "Samples for Globex", day0.AddDate(0, 0, 4))
	back.CustomerKey, back.Contacts, back.To = "domain:globex.de", []keepwarm.Address{{Email: "eva@globex.de"}}, []keepwarm.Address{{Email: "eva@globex.de"}}
	w.save("lily", "Sent", back)
	w.run(day0.AddDate(0, 0, 4).Add(time.Hour))
	if items := w.outbox(); len(items) != 1 {
		t.Fatalf("an hour after Lily's first normal mail: %d item(s); enrollment %q", len(items), w.enrollment().Reason)
	}
}

// The step after one that waited for its salesperson's return keeps its
// own delay: the return does not make it due at once.
func TestTheStepAfterAnAbsenceKeepsItsDelay(t *testing.T) {
	w := forecastAwayWorld(t, day0.AddDate(0, 0, 2), day0.AddDate(0, 0, 5))
	start := day0.Add(time.Minute)
	w.run(start)
	got := w.replay(start, start.AddDate(0, 0, 14))
	if len(got) < 2 || got[0].At != "Mon 9 Nov 09:00" || got[1].At != "Fri 13 Nov 09:00" {
		t.Fatalf("steps: %+v", got)
	}
}

// forecastAwayWorld is a fuWorld whose salesperson is away during each of spans
// (from, until pairs), as the config says, and has not opted in to
// follow-ups while away.
func forecastAwayWorld(t *testing.T, spans ...time.Time) *fuWorld {
	t.Helper()
	w := newFUWorld(t, "A")
	w.lilyAway(spans...)
	return w
}

// lilyAway makes the job's salesperson away during each of spans (from,
// until pairs), as the config says, from now on (a restart with that
// config).
func (w *fuWorld) lilyAway(spans ...time.Time) {
	var abs []keepwarm.Absence
	for i := 0; i+1 < len(spans); i += 2 {
		abs = append(abs, keepwarm.Absence{Person: "lily@seller.example", From: spans[i], Until: spans[i+1], Source: keepwarm.AwayConfig})
	}
	away := sequences.NewAway(sequences.AwayConfig{Configured: abs, Salespeople: map[string]bool{"lily@seller.example": true}}, w.db)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Away = away })
}

// A resend held for Lily's absence (day 2 to day 5) and then slowed from 3
// days to 10 goes on day 10, not on day 5 when she is back: the step's
// reason no longer says it waits for her.
func TestALongerDelayOutlastsTheAbsenceAStepWaitedFor(t *testing.T) {
	for _, how := range []string{"reload", "restart"} {
		back := day0.AddDate(0, 0, 5)
		w := forecastAwayWorld(t, day0.AddDate(0, 0, 2), back)
		w.run(day0.Add(time.Minute))
		w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
		if e := w.enrollment(); w.stepsQueued() != 0 || !strings.Contains(e.Reason, "is away") {
			t.Fatalf("%s: not held while Lily is away: %q", how, e.Reason)
		}
		// A reload that changes no step nor delay (a template saved)
		// leaves the held step as it is.
		held := w.enrollment()
		same, set1 := editedKeyCustomer(t)
		if _, err := w.job.Reload(context.Background(), same, set1, day0.AddDate(0, 0, 3).Add(90*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if e := w.enrollment(); !e.DueAt.Equal(held.DueAt) || e.Reason != held.Reason {
			t.Fatalf("%s: a template-only reload moved the held step: due %s %q, was %s %q", how, e.DueAt, e.Reason, held.DueAt, held.Reason)
		}
		slower, set2 := editedKeyCustomer(t, `after = "3d"`, `after = "10d"`)
		at := day0.AddDate(0, 0, 3).Add(2 * time.Hour)
		if how == "reload" {
			if _, err := w.job.Reload(context.Background(), slower, set2, at); err != nil {
				t.Fatal(err)
			}
		} else {
			w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = slower, set2 })
			w.run(at)
		}
		want := day0.AddDate(0, 0, 10)
		if e := w.enrollment(); !e.DueAt.Equal(want) || strings.Contains(e.Reason, "is away") || how == "reload" && !strings.Contains(e.Reason, "delay for it changed (3d → 10d)") {
			t.Fatalf("%s: due %s %q, want due %s without the absence", how, e.DueAt, e.Reason, want)
		}
		w.run(back.Add(time.Hour))
		w.sendAll(back.Add(time.Hour))
		if n := w.stepsQueued(); n != 0 {
			t.Fatalf("%s: %d step mails once Lily is back, want none before day 10", how, n)
		}
		if e := w.enrollment(); !e.DueAt.Equal(want) {
			t.Fatalf("%s: due %s once Lily is back, want %s", how, e.DueAt, want)
		}
	}
}

// keepwarm is stopped on day 3 for the upgrade that begins keeping
// delays, with the resend held for Lily's absence (day 2 to day 10), and
// the resend is slowed from 3 days to 7 meanwhile. Lily comes back on day
// 4 (a Friday): the resend goes on day 7, not at once: the first look
// moved it to its delay and its reason no longer says it waits for her.
func TestALongerDelayOutlastsAnAbsenceShortenedAfterTheUpgrade(t *testing.T) {
	ctx := context.Background()
	w := forecastAwayWorld(t, day0.AddDate(0, 0, 2), day0.AddDate(0, 0, 10))
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
	e := w.enrollment()
	if w.stepsQueued() != 0 || !strings.HasPrefix(e.Reason, "lily@seller.example is away (") || !e.DueAt.After(day0.AddDate(0, 0, 9)) {
		t.Fatalf("on day 3: %d step mails, due %s %q, want the resend held until day 10", w.stepsQueued(), e.DueAt, e.Reason)
	}
	e.Delays = nil // made before plans kept their delays
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "7d"`)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	if e := w.enrollment(); len(e.Delays) == 0 {
		t.Fatalf("after the upgrade: delays %v, want recorded", e.Delays)
	}
	// Her absence is cut short: she is back on day 4.
	back := day0.AddDate(0, 0, 4)
	w.lilyAway(day0.AddDate(0, 0, 2), back)
	w.run(back.Add(time.Hour))
	w.sendAll(back.Add(time.Hour))
	want := day0.AddDate(0, 0, 7)
	if e := w.enrollment(); w.stepsQueued() != 0 || !e.DueAt.Equal(want) {
		t.Fatalf("once Lily is back on day 4: %d step mails, due %s %q, want none before %s", w.stepsQueued(), e.DueAt, e.Reason, want)
	}
	w.run(want.Add(time.Minute))
	if n := w.stepsQueued(); n != 1 {
		t.Fatalf("on day 7 %d step mails queued, want the resend", n)
	}
}
