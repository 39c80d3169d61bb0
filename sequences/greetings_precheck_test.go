package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// TestALateGreetingIsNotSent: Bob's Thanksgiving greeting is queued in his
// morning, and Lily's server refuses it for now thirteen times, which with
// the retries' backoff (1 min doubling to an hour) carries it past his
// day's window (17:00 New York) before the server takes mail again. The
// first retry after 17:00 drops it, saying why, rather than greeting him
// at night.
func TestALateGreetingIsNotSent(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.start(nil)
	r.dispatcher(mailsync.DispatcherOptions{MaxAttempts: 50,
		Precheck: func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
			return r.job.Precheck(ctx, it, r.clock.Now())
		}})
	r.smtp.FailNextData(13, 451)
	r.replayWakes(time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC))

	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginGreeting})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Status != keepwarm.OutboxSkipped ||
		items[0].LastError != "the greeting's day ended in the customer's time (Wed 25 Nov 17:00, America/New_York): it is not sent late" {
		t.Fatalf("outbox: %+v", items)
	}
	// Refused from the morning (9:00-12:00) into the afternoon, each retry
	// later than the last; dropped before a fourteenth would be taken.
	if n := r.smtp.DataCount(); n < 10 || n > 13 {
		t.Fatalf("%d attempts, want the refused ones until the evening", n)
	}
	if n := len(r.inbox("bob@acme-us.com")); n != 0 {
		t.Fatalf("Bob got %d message(s)", n)
	}
}

// A monthly letter carried outside the send window waits for the window on
// the customer's next working day in its month (Monday 9:00 Berlin after a
// Friday evening), and is dropped once its month is over.
func TestALetterWaitsForTheWindowInItsMonth(t *testing.T) {
	r, letter, check := queuedLetter(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if reason, hold := check(time.Date(2026, 11, 6, 16, 59, 0, 0, berlin)); reason != "" || hold != nil {
		t.Fatalf("inside the window: %q %+v", reason, hold)
	}
	monday := time.Date(2026, 11, 9, 9, 0, 0, 0, berlin)
	for _, at := range []time.Time{time.Date(2026, 11, 6, 17, 0, 0, 0, berlin), time.Date(2026, 11, 7, 11, 0, 0, 0, berlin), time.Date(2026, 11, 9, 6, 0, 0, 0, berlin)} {
		reason, hold := check(at)
		if reason != "" || hold == nil || !hold.Until.Equal(monday) ||
			hold.Reason != "outside the customer's send window (09:00-17:00 Europe/Berlin): it goes Mon 9 Nov 09:00 their time" {
			t.Fatalf("at %s: %q %+v", at.In(berlin), reason, hold)
		}
	}
	// The month's last working day ends at 17:00 on Monday 30 November.
	if reason, hold := check(time.Date(2026, 11, 30, 18, 0, 0, 0, berlin)); hold != nil || !strings.Contains(reason, "the letter's month (2026-11) ended") {
		t.Fatalf("after the month's last window: %q %+v", reason, hold)
	}
	// A draft, and mail that is not a greeting or a letter, pass.
	draft := letter
	draft.Mode = keepwarm.ModeDraft
	seq := letter
	seq.Origin = "sequence"
	for _, it := range []keepwarm.OutboxItem{draft, seq} {
		if reason, err := r.job.Precheck(r.ctx, it, time.Date(2026, 11, 7, 3, 0, 0, 0, berlin)); reason != "" || err != nil {
			t.Fatalf("%s %s: %q %v", it.Origin, it.Mode, reason, err)
		}
	}
}

// Nothing goes in the name of a salesperson who is away: a letter waits
// for their return inside its month, a greeting inside its day; one whose
// owner is back too late, or with no return known, is dropped with the
// reason (sequences_while_away, for follow-ups, does not let them go).
func TestNothingGoesInTheNameOfSomeoneAway(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var absences []keepwarm.Absence
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	custID, _ := r.add(deBuyer)
	r.start(nil)
	check := func(item keepwarm.OutboxItem, at time.Time) (string, *keepwarm.Hold) {
		t.Helper()
		// The configured absences as they are now.
		r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Configured: absences, Salespeople: map[string]bool{lily: true}}, r.db)
		r.start(nil)
		reason, err := r.job.Precheck(r.ctx, item, at)
		var hold *keepwarm.Hold
		if err != nil && !errors.As(err, &hold) {
			t.Fatalf("precheck at %s: %v", at, err)
		}
		return reason, hold
	}
	letter := keepwarm.OutboxItem{Key: "letter:1:2026-11", Origin: sequences.OriginLetter, Mode: keepwarm.ModeSend,
		CustomerID: custID, DueAt: time.Date(2026, 11, 6, 10, 17, 0, 0, berlin)}
	greeting := letter
	greeting.Key, greeting.Origin = "greeting:christmas:1", sequences.OriginGreeting
	at := time.Date(2026, 11, 6, 10, 20, 0, 0, berlin)

	if reason, hold := check(letter, at); reason != "" || hold != nil {
		t.Fatalf("nobody away: %q %+v", reason, hold)
	}
	// Away until Tuesday 10 November: the letter waits, the greeting (its
	// day is Friday) is dropped.
	back := time.Date(2026, 11, 10, 8, 0, 0, 0, berlin)
	absences = []keepwarm.Absence{{Person: lily, From: at.Add(-24 * time.Hour), Until: back, Source: keepwarm.AwayConfig}}
	if reason, hold := check(letter, at); reason != "" || hold == nil || !hold.Until.Equal(back) ||
		hold.Reason != lily+" is away (config) until Tue 10 Nov 08:00: the letter waits until they are back" {
		t.Fatalf("letter while away: %q %+v", reason, hold)
	}
	if reason, hold := check(greeting, at); hold != nil ||
		reason != lily+" is away (config) and not back before the greeting's day ends: it is not sent in their name while they are away" {
		t.Fatalf("greeting while away: %q %+v", reason, hold)
	}
	// Back at noon on the greeting's day: it waits until noon.
	noon := time.Date(2026, 11, 6, 12, 0, 0, 0, berlin)
	absences[0].Until = noon
	if reason, hold := check(greeting, at); reason != "" || hold == nil || !hold.Until.Equal(noon) {
		t.Fatalf("greeting, back at noon: %q %+v", reason, hold)
	}
	// Back after the month, or no return known: the letter is dropped.
	for _, until := range []time.Time{time.Date(2026, 12, 1, 9, 0, 0, 0, berlin), {}} {
		absences[0].Until = until
		if reason, hold := check(letter, at); hold != nil || !strings.Contains(reason, "not back before the letter's month ends") {
			t.Fatalf("letter, back %v: %q %+v", until, reason, hold)
		}
	}
	// The same span from an out-of-office reply without a return date:
	// Tuesday is only keepwarm's bound, and the reasons say so. Her first
	// normal mail would end it: the letter looks again within the hour.
	absences = []keepwarm.Absence{{Person: lily, From: at.Add(-24 * time.Hour), Until: back, Source: keepwarm.AwayAutoReply, NoReturnDate: true}}
	if reason, hold := check(letter, at); reason != "" || hold == nil || !hold.Until.Equal(at.Add(time.Hour)) ||
		hold.Reason != lily+" is away (auto-reply, no return date given): the letter waits until Tue 10 Nov 08:00, when keepwarm takes them as back at the latest" {
		t.Fatalf("letter, no return date: %q %+v", reason, hold)
	}
	// The greeting (Friday, 09:00-17:00 Berlin) looks again within the
	// hour too, while its day lasts; in its last hour it is dropped.
	if reason, hold := check(greeting, at); reason != "" || hold == nil || !hold.Until.Equal(at.Add(time.Hour)) {
		t.Fatalf("greeting, no return date: %q %+v", reason, hold)
	}
	late := time.Date(2026, 11, 6, 16, 30, 0, 0, berlin)
	if reason, hold := check(greeting, late); hold != nil ||
		reason != lily+" is away (auto-reply, no return date given) and keepwarm takes them as back only by Tue 10 Nov, after the greeting's day ends: it is not sent in their name while they are away" {
		t.Fatalf("greeting, no return date, at 16:30: %q %+v", reason, hold)
	}
}

// In mode = "draft" a greeting is not filed in the Drafts of a salesperson
// away over its day: she would find "Merry Christmas" there on her return,
// after the day, ready to send. A letter waits for her return in its month.
func TestNoDraftIsFiledForSomeoneAway(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	custID, _ := r.add(deBuyer)
	at := time.Date(2026, 11, 6, 10, 20, 0, 0, berlin)
	back := time.Date(2026, 11, 10, 8, 0, 0, 0, berlin)
	ab, err := r.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, From: at.Add(-24 * time.Hour), Until: back}, lily, at.Add(-48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{lily: true}}, r.db)
	r.start(nil)
	greeting := keepwarm.OutboxItem{Key: "greeting:christmas:1", Origin: sequences.OriginGreeting, Mode: keepwarm.ModeDraft,
		CustomerID: custID, DueAt: time.Date(2026, 11, 6, 10, 17, 0, 0, berlin)}
	reason, err := r.job.Precheck(r.ctx, greeting, at)
	if err != nil || reason != lily+" is away (desk) and not back before the greeting's day ends: it is not sent in their name while they are away" {
		t.Fatalf("greeting draft while she is away: %q %v", reason, err)
	}
	letter := greeting
	letter.Key, letter.Origin = "letter:1:2026-11", sequences.OriginLetter
	reason, err = r.job.Precheck(r.ctx, letter, at)
	var hold *keepwarm.Hold
	if reason != "" || !errors.As(err, &hold) || !hold.Until.Equal(back) {
		t.Fatalf("letter draft while she is away: %q %v; want held until %s", reason, err, back)
	}
	// Not away after all (the absence cancelled): the draft is filed on
	// its day, at 06:00, outside any send window.
	if _, err := r.db.CancelAbsence(r.ctx, ab.ID, lily, at); err != nil {
		t.Fatal(err)
	}
	if reason, err := r.job.Precheck(r.ctx, greeting, time.Date(2026, 11, 6, 6, 0, 0, 0, berlin)); reason != "" || err != nil {
		t.Fatalf("greeting draft with nobody away: %q %v", reason, err)
	}
}

// A letter queued before the customer wrote again waits, at its last
// look, while that mail waits for an answer: it goes once the mail is
// answered, and not at all if its month ends first.
func TestALetterWaitsAtTheLastLookForAnAnswer(t *testing.T) {
	r, letter, check := queuedLetter(t)
	custID := letter.CustomerID
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Date(2026, 11, 6, 11, 0, 0, 0, berlin)
	if reason, hold := check(at); reason != "" || hold != nil {
		t.Fatalf("nothing waits: %q %+v", reason, hold)
	}
	// The buyer's question of 10:40 waits for an answer (its reply clock
	// is open).
	asked := time.Date(2026, 11, 6, 10, 40, 0, 0, berlin)
	if _, err := r.raw.Exec(`INSERT INTO reply_clocks (message_id, thread_id, customer_id, mailbox, received_at, started_at, target_seconds, owner, measured_at)
		VALUES (9001, 9001, ?, 'lily', ?, ?, 600, 'lily@seller.example', ?)`, custID, asked.Unix(), asked.Unix(), asked.Unix()); err != nil {
		t.Fatal(err)
	}
	reason, hold := check(at)
	if reason != "" || hold == nil || !hold.Until.Equal(at.Add(30*time.Minute)) ||
		hold.Reason != "the customer's mail of 2026-11-06 10:40 CET waits for an answer: the letter goes once it is answered" {
		t.Fatalf("while the question waits: %q %+v", reason, hold)
	}
	if reason, hold := check(time.Date(2026, 11, 30, 23, 50, 0, 0, berlin)); hold != nil || !strings.HasPrefix(reason, "not sent: the customer's mail of") {
		t.Fatalf("at the month's end: %q %+v", reason, hold)
	}
	// Answered: it goes.
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET replied_at = ? WHERE message_id = 9001`, at.Add(time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	if reason, hold := check(at.Add(2 * time.Hour)); reason != "" || hold != nil {
		t.Fatalf("after the answer: %q %+v", reason, hold)
	}
}

// queuedLetter is November's letter to the German buyer, queued for Friday
// 6 November 10:17 Berlin time, and its last look at a given instant (a
// reason to drop it, or a hold).
func queuedLetter(t *testing.T) (*greetRig, keepwarm.OutboxItem, func(at time.Time) (string, *keepwarm.Hold)) {
	t.Helper()
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	custID, _ := r.add(deBuyer)
	r.start(nil)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	letter := keepwarm.OutboxItem{Key: "letter:1:2026-11", Origin: sequences.OriginLetter, Mode: keepwarm.ModeSend,
		CustomerID: custID, DueAt: time.Date(2026, 11, 6, 10, 17, 0, 0, berlin)}
	return r, letter, func(at time.Time) (string, *keepwarm.Hold) {
		t.Helper()
		reason, err := r.job.Precheck(r.ctx, letter, at)
		var hold *keepwarm.Hold
		if err != nil && !errors.As(err, &hold) {
			t.Fatalf("precheck at %s: %v", at, err)
		}
		return reason, hold
	}
}

// A letter held at its last look by the buyer's "Thanks, received!" goes
// once someone marks that mail as needing no answer, with no answer sent.
func TestALetterHeldByAMailGoesOnceItNeedsNoAnswer(t *testing.T) {
	r, _, check := queuedLetter(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Date(2026, 11, 6, 11, 0, 0, 0, berlin)
	r.wrote(deBuyer, time.Date(2026, 11, 6, 10, 40, 0, 0, berlin))
	if _, err := r.db.MeasureReplies(r.ctx, at, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, lily
	}); err != nil {
		t.Fatal(err)
	}
	if reason, hold := check(at); reason != "" || hold == nil || !strings.Contains(hold.Reason, "waits for an answer") {
		t.Fatalf("while the mail waits: %q %+v", reason, hold)
	}
	var id int64
	if err := r.raw.Get(&id, `SELECT id FROM messages WHERE key = ?`, "w-"+deBuyer.email); err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.WaiveReply(r.ctx, store.Viewer{Email: lily}, id, lily, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if reason, hold := check(at.Add(2 * time.Minute)); reason != "" || hold != nil {
		t.Fatalf("after the mark: %q %+v", reason, hold)
	}
	// The reply job measuring the thread again keeps it so.
	if _, err := r.db.MeasureReplies(r.ctx, at.Add(3*time.Minute), "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, lily
	}); err != nil {
		t.Fatal(err)
	}
	if reason, hold := check(at.Add(4 * time.Minute)); reason != "" || hold != nil {
		t.Fatalf("measured again: %q %+v", reason, hold)
	}
}

// A question stored a moment ago, before the reply job measured it, holds
// a letter at its last look as a measured one does: the look does not wait
// for the reply clock to say so.
func TestALetterWaitsForAQuestionNotMeasuredYet(t *testing.T) {
	r, _, check := queuedLetter(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Date(2026, 11, 6, 11, 0, 0, 0, berlin)
	r.wrote(deBuyer, time.Date(2026, 11, 6, 10, 58, 0, 0, berlin))
	if reason, hold := check(at); reason != "" || hold == nil || !strings.Contains(hold.Reason, "waits for an answer") {
		t.Fatalf("a question not measured yet: %q %+v", reason, hold)
	}
	// Measured and answered: it goes.
	if _, err := r.db.MeasureReplies(r.ctx, at, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, lily
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET replied_at = ?`, at.Add(time.Minute).Unix()); err != nil {
		t.Fatal(err)
	}
	if reason, hold := check(at.Add(2 * time.Minute)); reason != "" || hold != nil {
		t.Fatalf("after the answer: %q %+v", reason, hold)
	}
}
