package sequences_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// enroll starts a follow-up (an active enrollment) for the customer key at
// at, as the follow-up job would after Lily's quotation; it returns its id.
func (r *greetRig) enroll(key string, at time.Time) int64 {
	r.t.Helper()
	res, err := r.raw.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at)
		SELECT 1, id, 'key-customer', 'active', 1, ?1, ?1, ?2, ?1, ?1 FROM customers WHERE key = ?3`, at.Unix(), at.Add(3*24*time.Hour).Unix(), key)
	if err != nil {
		r.t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// Tom's key-customer follow-up to Bob is running when the December letter
// falls due: "December news" between "did you receive my quotation?" and
// the product introduction reads as a mailing. The letter waits, says why
// in the plan, and goes once Bob answered (the follow-up ended).
func TestTheLetterWaitsForARunningFollowUp(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	id := r.enroll(usBuyer.key, time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC), 10*time.Minute)
	if n := len(r.inbox(usBuyer.email)); n != 0 {
		t.Fatalf("Bob got %d letter(s) while his follow-up ran", n)
	}
	want := "a follow-up is running (enrollment " + strconv.FormatInt(id, 10) + "): the letter waits for it to end"
	if l := letterPlan(t, r, "2026-12", r.clock.Now()); l.Status != sequences.PlanDue || l.Reason != want {
		t.Fatalf("the letter while the follow-up runs: %s %q, want due %q", l.Status, l.Reason, want)
	}
	if _, err := r.raw.Exec(`UPDATE enrollments SET status = 'replied' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 12, 4, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	ny, _ := time.LoadLocation(usBuyer.tz)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || got[0].Date.In(ny).Format("2006-01-02") != "2026-12-03" {
		t.Fatalf("Bob's letters: %+v; want one, on 3 December after the follow-up ended", got)
	}
}

// A letter queued before a follow-up started waits at its last look too;
// one whose month ends while the follow-up runs is not sent, and says why.
func TestAQueuedLetterWaitsForAFollowUpStartedSince(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil
	r.start(decemberLetter)
	letter := r.queueOnly(time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC))
	id := r.enroll(usBuyer.key, r.clock.Now())
	want := "a follow-up is running (enrollment " + strconv.FormatInt(id, 10) + "): the letter waits for it to end"
	_, err := r.job.Precheck(r.ctx, letter, r.clock.Now())
	var hold *keepwarm.Hold
	if !errors.As(err, &hold) || hold.Reason != want {
		t.Fatalf("precheck after the follow-up started: %v", err)
	}
	// 23:50 on 31 December in New York: the next look would be in January.
	reason, err := r.job.Precheck(r.ctx, letter, time.Date(2027, 1, 1, 4, 50, 0, 0, time.UTC))
	if err != nil || !strings.HasPrefix(reason, "not sent: "+want) {
		t.Fatalf("precheck at the month's end: %q %v", reason, err)
	}
}

// A letter never queued because a follow-up ran all through its month is
// missed, and the plan says so rather than blame keepwarm for not running.
func TestALetterMissedForAFollowUpSaysWhy(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil
	r.start(decemberLetter)
	id := r.enroll(usBuyer.key, time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC))
	want := "not sent: a follow-up is running (enrollment " + strconv.FormatInt(id, 10) + "): the letter waits for it to end, and it ran until the month ended"
	if l := letterPlan(t, r, "2026-12", time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)); l.Status != sequences.PlanMissed || l.Reason != want {
		t.Fatalf("the letter after its month: %s %q, want missed %q", l.Status, l.Reason, want)
	}
}

// A letter planned for a customer whose follow-up is running says, before
// its day, that it will wait for the follow-up if it is still running
// then: the forecast and the plan do not list it as simply going.
func TestAPlannedLetterSaysItWaitsForARunningFollowUp(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	r := newGreetRig(t, mailtest.NewMemServer(t), t0)
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	id := r.enroll(usBuyer.key, time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC))
	want := "a follow-up is running (enrollment " + strconv.FormatInt(id, 10) + "): if it still runs on the letter's day, the letter waits for it to end"
	if l := letterPlan(t, r, "2026-12", t0); l.Status != sequences.PlanPlanned || l.Reason != want {
		t.Fatalf("the letter before its day: %s %q, want planned %q", l.Status, l.Reason, want)
	}
}

// A letter that waits for Bob's running follow-up does not go beside the
// follow-up's steps: the forecast does not count it against one mail a
// day or the weekly cap, before its day or on it. Once the follow-up
// ended it counts, on its day.
func TestALetterWaitingForTheFollowUpDoesNotCountForItsSteps(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	r := newGreetRig(t, mailtest.NewMemServer(t), t0)
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	id := r.enroll(usBuyer.key, time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC))
	if l := letterPlan(t, r, "2026-12", t0); l.Status != sequences.PlanPlanned {
		t.Fatalf("the letter before its day: %+v", l)
	} else if at, ok := l.CountsAt(t0); ok {
		t.Fatalf("the planned letter counts at %s while the follow-up runs", at)
	}
	due := time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC)
	if l := letterPlan(t, r, "2026-12", due); l.Status != sequences.PlanDue {
		t.Fatalf("the letter on its day: %+v", l)
	} else if at, ok := l.CountsAt(due); ok {
		t.Fatalf("the letter waiting for the follow-up counts at %s", at)
	}
	if _, err := r.raw.Exec(`UPDATE enrollments SET status = 'replied' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	l := letterPlan(t, r, "2026-12", t0)
	if at, ok := l.CountsAt(t0); !ok || !at.Equal(l.SendAt) {
		t.Fatalf("the letter after the follow-up: counts %v at %s, want at %s", ok, at, l.SendAt)
	}
}

// The December letter's sender has an out-of-office reply without a
// return date: the last look holds the letter and sends it once they write
// again within its month. The plan's verdict (the digest's and the
// forecast's) says it waits, not that it is not sent: a salesperson who
// believed "not sent" and wrote by hand would have the customer get two.
func TestAwayVerdictHoldsForAnAbsenceWithNoReturnDate(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	r := newGreetRig(t, mailtest.NewMemServer(t), t0)
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	l := letterPlan(t, r, "2026-12", t0)
	var owner string
	if err := r.raw.QueryRow(`SELECT coalesce(owner, '') FROM customers WHERE key = ?`, usBuyer.key).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	sender := owner
	if sender == "" {
		sender = l.From.Email
	}
	absence := keepwarm.Absence{Person: sender, From: l.SendAt.Add(-48 * time.Hour), Until: time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC),
		Source: keepwarm.AwayAutoReply, NoReturnDate: true}
	held, _, why, ok := sequences.AwayVerdict(l, sequences.Roster{At: t0, Absences: []keepwarm.Absence{absence}})
	if !ok || !held || strings.Contains(why, "not back before") || !strings.Contains(why, "write again") {
		t.Fatalf("bound after the month: held %v, %q", held, why)
	}
	absence.Until = l.SendAt.Add(26 * time.Hour)
	held, until, why, ok := sequences.AwayVerdict(l, sequences.Roster{At: t0, Absences: []keepwarm.Absence{absence}})
	if !ok || !held || !until.Equal(absence.Until) || !strings.Contains(why, "when keepwarm takes them as back at the latest") {
		t.Fatalf("bound within the month: held %v until %s, %q", held, until, why)
	}
}
