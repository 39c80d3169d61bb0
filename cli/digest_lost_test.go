package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestDigestAfterOneThatFailedCarriesItsNews: Lily's Thursday and Friday
// digests are built at 08:30; Friday's fails for good ([notify]'s server
// refused it until its retries ran out). A follow-up step went out in her
// name Thursday 15:00, news for Friday's digest, which never reached her:
// Monday's lists it, and `digest --send` on Friday says it will.
func TestDigestAfterOneThatFailedCarriesItsNews(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	lily := "lily@acme-export.com"
	thu, fri, mon := t0.Add(72*time.Hour), t0.Add(96*time.Hour), t0.Add(168*time.Hour) // 09:00 in Shanghai
	r.tickAt(thu, r.m.app.NewDigests(nil, nil))
	step := r.queueLilysStep2(thu.Add(6 * time.Hour))
	_, err := r.m.db.ClaimItems(r.ctx, []int64{step.ID}, thu.Add(6*time.Hour))
	r.must(err)
	r.must(r.m.db.MarkSent(r.ctx, step.ID, thu.Add(6*time.Hour)))
	// Friday's digest is queued, and refused for good.
	r.clock.Set(fri)
	r.must(sequences.NewEngine(r.clock, r.m.log, r.m.app.NewDigests(nil, nil)).Tick(r.ctx))
	it, ok, err := r.m.db.OutboxByKey(r.ctx, sequences.DigestKey(lily, "2026-11-06"))
	r.must(err)
	if !ok || it.Mode == keepwarm.ModeDryRun {
		t.Fatalf("Friday's digest: %+v %v", it, ok)
	}
	_, err = r.m.db.ClaimItems(r.ctx, []int64{it.ID}, fri)
	r.must(err)
	r.must(r.m.db.MarkFailed(r.ctx, it.ID, "smtp 535: authentication failed"))

	// Asked for again that day, it says so, and where its news goes.
	out := newCLI(t, r.path, r.env).mustRun("--now", fri.Add(time.Hour).Format(time.RFC3339), "digest", "--send", "--salesperson", lily)
	if !strings.Contains(out, "(failed: see keepwarm outbox), not queued again; what it held is in the next digest") {
		t.Errorf("digest --send after Friday's failed:\n%s", out)
	}

	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, mon)
	r.must(err)
	if len(d.SentFollowUps) != 1 || !d.SentFollowUps[0].At.Equal(thu.Add(6*time.Hour)) {
		t.Errorf("Monday's digest after Friday's failed starts at %s; follow-ups sent in her name: %+v", d.Since, d.SentFollowUps)
	}
	if !strings.Contains(d.Text(), "Re: Inquiry LED panels") {
		t.Errorf("Monday's digest does not name the step sent Thursday:\n%s", d.Text())
	}
}

// TestDigestOnReturnCarriesWhatTheBackupRead: Lily is away Tuesday to
// Thursday with Tom covering: her digests those days go to Tom. A sequence
// of hers ends without an answer Wednesday. Friday, back, her own digest
// lists it (Tom's copies were not hers to act on); while she was away,
// each of Tom's started where his last one ended.
func TestDigestOnReturnCarriesWhatTheBackupRead(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) } // 09:00 in Shanghai
	r.tickAt(day(0), r.m.app.NewDigests(nil, nil))                                    // Monday's: hers
	_, err := r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: day(1).Add(-2 * time.Hour), Until: day(3).Add(12 * time.Hour)},
		"boss@acme-export.com", day(0))
	r.must(err)
	_, err = r.m.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: 1, CustomerID: r.customer("domain:globex.de"), Sequence: "first-letter",
		Status: keepwarm.EnrollCompleted, Step: 2, AnchorAt: day(-9), ClockAt: day(2), DueAt: day(2),
		Mailbox: "lily", Owner: lily, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		CreatedAt: day(-9), UpdatedAt: day(2).Add(3 * time.Hour)})
	r.must(err)
	for n := 1; n <= 3; n++ {
		r.tickAt(day(n), r.m.app.NewDigests(nil, nil))
	}
	for _, it := range r.digests() {
		if it.Key != sequences.DigestKey(lily, "2026-11-02") && strings.HasPrefix(it.Key, "digest:"+lily) && it.To[0].Email != tom {
			t.Fatalf("Lily's digest %s while she was away went to %s", it.Key, it.To[0].Email)
		}
	}
	// Tom's copy on Thursday starts at Wednesday's, his last.
	thu, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, day(3))
	r.must(err)
	wed, ok, err := r.m.db.OutboxByKey(r.ctx, sequences.DigestKey(lily, "2026-11-04"))
	r.must(err)
	if !ok || !thu.Since.Equal(wed.CreatedAt) {
		t.Errorf("Tom's Thursday copy starts at %s, want Wednesday's %v", thu.Since, wed.CreatedAt)
	}
	fri, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, day(4))
	r.must(err)
	found := false
	for _, e := range fri.Ended {
		found = found || e.Sequence == "first-letter"
	}
	if !found || !fri.Since.Equal(day(0)) {
		t.Errorf("Lily's Friday digest (from %s) does not list the sequence that ended Wednesday: %+v", fri.Since, fri.Ended)
	}
	// Back, she reads her own digests; Tom covers again from the next
	// Wednesday. His first copy then starts where her last own one ended,
	// not at his Thursday copy a week back: what lies between she read and
	// dealt with, and he is not to write to her customers again over it.
	for n := 4; n <= 8; n++ {
		r.tickAt(day(n), r.m.app.NewDigests(nil, nil))
	}
	_, err = r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: day(9).Add(-2 * time.Hour), Until: day(10).Add(12 * time.Hour)},
		"boss@acme-export.com", day(8))
	r.must(err)
	var last keepwarm.OutboxItem
	for _, it := range r.digests() {
		if strings.HasPrefix(it.Key, "digest:"+lily) && it.To[0].Email == lily && it.CreatedAt.Before(day(9)) && it.CreatedAt.After(last.CreatedAt) {
			last = it
		}
	}
	if !last.CreatedAt.After(day(4).Add(-time.Hour)) {
		t.Fatalf("no digest of Lily's own after her return: %+v", r.digests())
	}
	again, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, day(9))
	r.must(err)
	if !again.Since.Equal(last.CreatedAt) {
		t.Errorf("Tom's first copy of the second cover starts at %s, want Lily's last own digest's %s (%s)", again.Since, last.CreatedAt, last.Key)
	}
}
