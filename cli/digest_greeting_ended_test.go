package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/sequences"
)

// TestDigestListsAGreetingThatEndedUnsentAfterTheNextDigest: Hans's
// birthday greeting (Tuesday 10 November, Berlin) is queued and held by
// the send's last look (Lily's Sent folder cannot be read): Wednesday's
// digest lists it still queued. Wednesday 11:00 the hold ends after its
// day, and it is not sent late. Thursday's digest lists it as not sent,
// with why, and counts it in its subject, in English and Chinese; Friday's
// does not list it again. Judged by its send time alone, it was before
// Thursday's digest began: the last word Lily had of it was "queued".
func TestDigestListsAGreetingThatEndedUnsentAfterTheNextDigest(t *testing.T) {
	r, job := greetingsDigestRigBorn(t, "1970-11-10")
	lily := "lily@acme-export.com"
	tue := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
	it := queuedGreeting(t, r, tue, "Tuesday")
	wed11 := time.Date(2026, 11, 11, 3, 0, 0, 0, time.UTC) // 11:00 in Shanghai
	r.must(r.m.db.HoldOutbox(r.ctx, it.ID, wed11, "waits: mailbox lily's Sent folder cannot be read"))

	wed := time.Date(2026, 11, 11, 0, 30, 0, 0, time.UTC) // 08:30 in Shanghai
	d, err := job.Build(r.ctx, lily, wed)
	r.must(err)
	line := "birthday of Hans Meier <hans@globex.de> (Globex GmbH) at Tue 10 Nov"
	if done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)"); !strings.Contains(done, line) || !strings.Contains(done, "[queued]") {
		t.Fatalf("Wednesday's digest does not list the greeting queued:\n%s", d.Text())
	}

	r.clock.Set(wed11)
	const why = "the greeting's day ended in the customer's time (Tue 10 Nov 17:00, Europe/Berlin): it is not sent late"
	r.must(r.m.db.MarkSkipped(r.ctx, it.ID, why))

	thu := wed.Add(24 * time.Hour)
	d, err = job.Build(r.ctx, lily, thu)
	r.must(err)
	done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)")
	if !strings.Contains(done, line) || !strings.Contains(done, "[skipped]") || !strings.Contains(done, "it is not sent late") {
		t.Errorf("Thursday's digest does not say the greeting was not sent, and why:\n%s", d.Text())
	}
	if subj := d.Subject(); !strings.Contains(subj, "1 greeting not sent") {
		t.Errorf("Thursday's subject: %s", subj)
	}
	d.Lang = "zh"
	if subj := d.Subject(); !strings.Contains(subj, "1 封问候未发出") {
		t.Errorf("Thursday's subject in Chinese: %s", subj)
	}

	fridayDoesNotListAgain(t, r, job, lily, thu.Add(24*time.Hour), line)
}

// A greeting of the month before, held for days and then not sent, is
// found too: Hans's birthday greeting of Monday 30 November, held until
// Thursday 3 December and then not sent, is in Friday's digest, which
// plans December's greetings only by its own dates.
func TestDigestListsAGreetingOfTheMonthBeforeThatEndedUnsent(t *testing.T) {
	r, job := greetingsDigestRigBorn(t, "1970-11-30")
	lily := "lily@acme-export.com"
	it := queuedGreeting(t, r, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), "Monday") // 10:00 in Berlin
	thu11 := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)                               // 11:00 in Shanghai
	r.must(r.m.db.HoldOutbox(r.ctx, it.ID, thu11, "waits: mailbox lily's Sent folder cannot be read"))
	r.clock.Set(thu11)
	r.must(r.m.db.MarkSkipped(r.ctx, it.ID, "the greeting's day ended in the customer's time (Mon 30 Nov 17:00, Europe/Berlin): it is not sent late"))

	d, err := job.Build(r.ctx, lily, time.Date(2026, 12, 4, 0, 30, 0, 0, time.UTC)) // Friday 08:30 in Shanghai
	r.must(err)
	done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)")
	if !strings.Contains(done, "birthday of Hans Meier <hans@globex.de> (Globex GmbH) at Mon 30 Nov") || !strings.Contains(done, "[skipped]") ||
		!strings.Contains(d.Subject(), "1 greeting not sent") {
		t.Errorf("Friday's digest does not say November's greeting was not sent:\n%s\n%s", d.Subject(), d.Text())
	}
}

// A greeting whose day, in a customer's zone behind Lily's, ends after her
// next digest, with keepwarm not running to send it, is missed after that
// digest listed it as due: the digest after says it was missed.
func TestDigestListsAGreetingMissedAfterTheNextDigest(t *testing.T) {
	r, job := greetingsDigestRigBorn(t, "1970-11-10")
	raw, err := sqlx.Open("sqlite3", "file:"+filepath.Join(filepath.Dir(r.path), "kw.db")+"?_busy_timeout=10000")
	r.must(err)
	defer raw.Close()
	_, err = raw.Exec(`UPDATE customers SET country = 'US', time_zone = 'America/Los_Angeles' WHERE id = 1`)
	r.must(err)
	lily := "lily@acme-export.com"
	line := "birthday of Hans Meier <hans@globex.de> (Globex GmbH) at Wed 11 Nov 01:42" // Tuesday 09:42 in Los Angeles
	wed := time.Date(2026, 11, 11, 0, 30, 0, 0, time.UTC)                               // 08:30 in Shanghai, Tuesday 16:30 in Los Angeles
	d, err := job.Build(r.ctx, lily, wed)
	r.must(err)
	if done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)"); !strings.Contains(done, line) || strings.Contains(done, "[missed]") {
		t.Fatalf("Wednesday's digest does not list the greeting still to go:\n%s", d.Text())
	}
	d, err = job.Build(r.ctx, lily, wed.Add(24*time.Hour))
	r.must(err)
	if done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)"); !strings.Contains(done, line) || !strings.Contains(done, "[missed]") ||
		!strings.Contains(d.Subject(), "1 greeting not sent") {
		t.Errorf("Thursday's digest does not say the greeting was missed:\n%s\n%s", d.Subject(), d.Text())
	}
}

// A greeting held by its mailbox's first sync keeps its due time (the hold
// has no time of its own), and the send's last look skips it only when
// that sync is done, after the next digest: the digest after that lists
// it as not sent, dated when it was skipped, not at its old due time. The
// one after does not list it again.
func TestDigestListsAGreetingSkippedAfterAFirstSyncHeldItPastADigest(t *testing.T) {
	r, job := greetingsDigestRigBorn(t, "1970-11-10")
	lily := "lily@acme-export.com"
	tue := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
	it := queuedGreeting(t, r, tue, "Tuesday")
	if n, err := r.m.db.HoldDue(r.ctx, it.Mailbox, tue.Add(time.Hour), "held: not sent until keepwarm has read the mailbox's Sent folder"); err != nil || n != 1 {
		t.Fatalf("hold the greeting for the first sync: %d, %v", n, err)
	}

	wed := time.Date(2026, 11, 11, 0, 30, 0, 0, time.UTC) // 08:30 in Shanghai
	d, err := job.Build(r.ctx, lily, wed)
	r.must(err)
	line := "birthday of Hans Meier <hans@globex.de> (Globex GmbH) at Tue 10 Nov"
	if done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)"); !strings.Contains(done, line) || !strings.Contains(done, "[queued]") {
		t.Fatalf("Wednesday's digest does not list the greeting queued:\n%s", d.Text())
	}

	r.clock.Set(time.Date(2026, 11, 11, 6, 0, 0, 0, time.UTC)) // the first sync is done
	r.must(r.m.db.MarkSkipped(r.ctx, it.ID, "the greeting's day ended in the customer's time (Tue 10 Nov 17:00, Europe/Berlin): it is not sent late"))

	thu := wed.Add(24 * time.Hour)
	d, err = job.Build(r.ctx, lily, thu)
	r.must(err)
	done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)")
	if !strings.Contains(done, line) || !strings.Contains(done, "[skipped]") || !strings.Contains(d.Subject(), "1 greeting not sent") {
		t.Errorf("Thursday's digest does not say the greeting was not sent:\n%s\n%s", d.Subject(), d.Text())
	}
	fridayDoesNotListAgain(t, r, job, lily, thu.Add(24*time.Hour), line)
}

// queuedGreeting runs the greetings engine at at and wants Hans's birthday
// greeting queued, the only greeting in the outbox; day names at in the
// failure.
func queuedGreeting(t *testing.T, r *digestRig, at time.Time, day string) keepwarm.OutboxItem {
	t.Helper()
	greetings, err := r.m.app.NewGreetings(nil)
	r.must(err)
	r.clock.Set(at)
	r.must(sequences.NewEngine(r.clock, r.m.log, greetings).Tick(r.ctx))
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginGreeting})
	r.must(err)
	if len(items) != 1 || items[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("%s: the greeting is not queued: %+v", day, items)
	}
	return items[0]
}

// fridayDoesNotListAgain wants lily's digest at fri to say nothing more of
// the greeting line, in its text or its subject.
func fridayDoesNotListAgain(t *testing.T, r *digestRig, job *sequences.Digests, lily string, fri time.Time, line string) {
	t.Helper()
	d, err := job.Build(r.ctx, lily, fri)
	r.must(err)
	if strings.Contains(d.Text(), line) || strings.Contains(d.Subject(), "greeting not sent") {
		t.Errorf("Friday's digest lists the greeting again:\n%s\n%s", d.Subject(), d.Text())
	}
}
