package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"keepwarm"
)

// lilyAnswer is Lily's answer (from her Sent) to the message with id parent.
func lilyAnswer(key, parent string) keepwarm.Message {
	m := msg(key)
	m.From = keepwarm.Address{Name: "Lily", Email: "lily@team.example"}
	m.To = []keepwarm.Address{{Email: "bob@acme.com"}}
	m.Kind = keepwarm.KindOutbound
	m.InReplyTo, m.References = []string{parent}, []string{parent}
	return m
}

// testJudge is a fixed configuration: 10 min target, 5 min for grade A,
// the answer's From is who replied, the mailbox owner answers for it.
func testJudge(c *keepwarm.ReplyClock) {
	c.Target = 10 * time.Minute
	if c.Grade == "A" {
		c.Target = 5 * time.Minute
	}
	c.RepliedBy = c.ReplyFrom
	c.Owner = c.CustomerOwner
	if c.Owner == "" {
		c.Owner = "owner-of-" + c.Mailbox
	}
	if !c.Open() {
		c.BusinessSeconds = c.Seconds() / 2
	}
}

func measure(t testing.TB, db *DB, now time.Time) int {
	t.Helper()
	n, err := db.MeasureReplies(context.Background(), now, "test", testJudge)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func clockOf(t testing.TB, db *DB, key string) keepwarm.ReplyClock {
	t.Helper()
	id := count(t, db, `SELECT id FROM messages WHERE key = ?`, key)
	c, err := db.ReplyClock(context.Background(), int64(id))
	if err != nil {
		t.Fatalf("clock of %s: %v", key, err)
	}
	return c
}

func TestReplyClocksMeasure(t *testing.T) {
	db := openTest(t)
	internal := lilyAnswer("fwd@team", "q1@acme")
	internal.Kind, internal.CustomerKey, internal.Contacts = keepwarm.KindInternal, "", nil
	internal.To = []keepwarm.Address{{Email: "tom@team.example"}}
	auto := msg("auto@acme")
	auto.Kind = keepwarm.KindAutoReply
	save(t, db,
		at(msg("q1@acme"), "team", "INBOX", 1, t0),
		at(msg("q2@acme"), "team", "INBOX", 2, t0.Add(2*time.Minute)), // before the answer: covered
		at(auto, "team", "INBOX", 3, t0.Add(3*time.Minute)),
	)
	save(t, db, at(internal, "lily", "Sent", 1, t0.Add(4*time.Minute)))
	if n := measure(t, db, t0.Add(5*time.Minute)); n != 2 {
		t.Fatalf("measured %d clocks, want 2 (the auto-reply starts none)", n)
	}
	c1 := clockOf(t, db, "q1@acme")
	if !c1.Open() || c1.CoveredBy != 0 || !c1.StartedAt.Equal(t0) || c1.Owner != "owner-of-team" {
		t.Fatalf("an internal forward must not stop the clock: %+v", c1)
	}
	save(t, db, at(lilyAnswer("r1@team", "q2@acme"), "lily", "Sent", 2, t0.Add(45*time.Minute)))
	if n := measure(t, db, t0.Add(46*time.Minute)); n != 2 {
		t.Fatalf("only the touched thread is measured again: %d", n)
	}
	c1, c2 := clockOf(t, db, "q1@acme"), clockOf(t, db, "q2@acme")
	if c1.Open() || c1.Seconds() != 45*60 || c1.RepliedBy != "lily@team.example" || c1.BusinessSeconds != 45*30 {
		t.Fatalf("first message holds the clock: %+v", c1)
	}
	if c2.CoveredBy != c1.MessageID || !c2.StartedAt.Equal(t0) || !c2.RepliedAt.Equal(c1.RepliedAt) {
		t.Fatalf("second message is covered by the first: %+v", c2)
	}
	if n := measure(t, db, t0.Add(47*time.Minute)); n != 0 {
		t.Fatalf("nothing changed, yet %d clocks were measured", n)
	}

	// A new question after the answer starts a new clock; a grade change
	// measures the customer's threads again with the grade's target.
	save(t, db, at(msg("q3@acme"), "team", "INBOX", 4, t0.Add(time.Hour)))
	measure(t, db, t0.Add(time.Hour))
	if c3 := clockOf(t, db, "q3@acme"); !c3.Open() || c3.CoveredBy != 0 || c3.Target != 10*time.Minute {
		t.Fatalf("new question after the answer: %+v", c3)
	}
	if _, err := db.w.Exec(`UPDATE customers SET grade = 'A', owner = 'tom@team.example'`); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(time.Hour))
	if c3 := clockOf(t, db, "q3@acme"); c3.Target != 5*time.Minute || c3.Owner != "tom@team.example" {
		t.Fatalf("after regrading: %+v", c3)
	}
	// New settings measure everything again.
	if n, err := db.MeasureReplies(context.Background(), t0.Add(time.Hour), "other", testJudge); err != nil || n != 3 {
		t.Fatalf("settings changed: %d, %v", n, err)
	}
}

func TestReplyClocksFollowAThreadMerge(t *testing.T) {
	db := openTest(t)
	// The child arrives first and starts its own thread; its parent (which
	// the customer sent earlier) arrives later and the threads merge.
	child := msg("q2@acme")
	child.InReplyTo, child.References = []string{"q1@acme"}, []string{"q1@acme"}
	child.Subject, child.SubjectKey = "other", "other"
	save(t, db, at(lilyAnswer("r1@team", "q0@acme"), "lily", "Sent", 1, t0.Add(-time.Hour)))
	save(t, db, at(child, "team", "INBOX", 1, t0.Add(time.Minute)))
	measure(t, db, t0.Add(2*time.Minute))
	parent := msg("q1@acme")
	parent.InReplyTo, parent.References = []string{"q0@acme"}, []string{"q0@acme"}
	save(t, db, at(parent, "team", "INBOX", 2, t0))
	measure(t, db, t0.Add(3*time.Minute))
	c1, c2 := clockOf(t, db, "q1@acme"), clockOf(t, db, "q2@acme")
	if c1.ThreadID != c2.ThreadID || c2.CoveredBy != c1.MessageID || c1.CoveredBy != 0 {
		t.Fatalf("after the merge the parent holds the clock: %+v / %+v", c1, c2)
	}
	if n := count(t, db, `SELECT count(*) FROM reply_clocks`); n != 2 {
		t.Fatalf("%d clocks after the merge, want 2", n)
	}
}

func TestNudgesDueOnceAndBacklog(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	fresh := msg("new@acme")
	fresh.Subject, fresh.SubjectKey = "Samples", "samples"
	save(t, db, at(msg("old@acme"), "team", "INBOX", 1, t0.Add(-2*time.Hour)), at(fresh, "team", "INBOX", 2, t0))
	measure(t, db, t0)
	due := func(now time.Time) []keepwarm.Nudge {
		t.Helper()
		cutoff := now.Add(-time.Hour)
		if _, err := db.MarkReplyDigest(ctx, now, cutoff); err != nil {
			t.Fatal(err)
		}
		n, err := db.DueNudges(ctx, now, 5*time.Minute, cutoff)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := due(t0.Add(4 * time.Minute)); len(n) != 0 {
		t.Fatalf("nudges before nudge_after: %+v", n)
	}
	next, ok, err := db.NextNudgeAt(ctx, 5*time.Minute, t0.Add(-time.Hour))
	if err != nil || !ok || !next.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("next nudge %s %v %v", next, ok, err)
	}
	n := due(t0.Add(5 * time.Minute))
	if len(n) != 1 || n[0].Level != 1 || n[0].Owner != "owner-of-team" || n[0].Contact != "bob@acme.com" {
		t.Fatalf("level 1 at 5 min: %+v", n)
	}
	if err := db.RecordNudge(ctx, n[0].MessageID, 1, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := due(t0.Add(6 * time.Minute)); len(n) != 0 {
		t.Fatalf("level 1 again: %+v", n)
	}
	if next, _, _ := db.NextNudgeAt(ctx, 5*time.Minute, t0.Add(-time.Hour)); !next.Equal(t0.Add(10 * time.Minute)) {
		t.Fatalf("next nudge after level 1: %s", next)
	}
	if n = due(t0.Add(10 * time.Minute)); len(n) != 1 || n[0].Level != 2 {
		t.Fatalf("level 2 at the target: %+v", n)
	}
	db.RecordNudge(ctx, n[0].MessageID, 2, t0.Add(10*time.Minute))
	if n := due(t0.Add(20 * time.Minute)); len(n) != 0 {
		t.Fatalf("nudges after level 2: %+v", n)
	}
	if _, ok, _ := db.NextNudgeAt(ctx, 5*time.Minute, t0.Add(-time.Hour)); ok {
		t.Fatal("a next nudge after both levels")
	}
	digest, err := db.DigestReplies(ctx)
	if err != nil || len(digest) != 1 || digest[0].Subject != "Quotation for pumps" {
		t.Fatalf("the old message goes to the digest: %+v %v", digest, err)
	}
	if c := clockOf(t, db, "old@acme"); c.DigestAt.IsZero() || !c.Nudge1At.IsZero() {
		t.Fatalf("old clock: %+v", c)
	}
}

func TestReplyReport(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Ten questions answered after 1..10 minutes, one after 45, one unanswered.
	for i := 1; i <= 12; i++ {
		q := msg(fmt.Sprintf("q%d@acme", i))
		q.Subject, q.SubjectKey = fmt.Sprintf("Order %d", i), fmt.Sprintf("order %d", i)
		start := t0.Add(time.Duration(i) * time.Hour)
		save(t, db, at(q, "team", "INBOX", uint32(i), start))
		wait := time.Duration(i) * time.Minute
		if i == 11 {
			wait = 45 * time.Minute
		}
		if i < 12 {
			save(t, db, at(lilyAnswer(fmt.Sprintf("r%d@team", i), q.Key), "lily", "Sent", uint32(i), start.Add(wait)))
		}
	}
	now := t0.Add(12*time.Hour + 30*time.Minute)
	measure(t, db, now)
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0, Until: now, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	tot := rep.Total
	if tot.Count != 12 || tot.Answered != 11 || tot.WithinTarget != 10 || tot.Late != 1 || tot.Overdue != 1 ||
		*tot.MedianSeconds != 360 || *tot.P90Seconds != 600 || *tot.WorstSeconds != 2700 || *tot.OldestWaitingSeconds != 1800 {
		js, _ := json.Marshal(tot)
		t.Fatalf("total: %s", js)
	}
	if *tot.ShareWithinTarget != 10.0/12 {
		t.Fatalf("share %v", *tot.ShareWithinTarget)
	}
	if len(rep.Groups) != 2 || rep.Groups[0].Key != "lily@team.example" || rep.Groups[1].Key != "owner-of-team" ||
		rep.Groups[1].Waiting != 1 {
		t.Fatalf("groups: %+v", rep.Groups)
	}
	if len(rep.Breaches) != 2 || rep.Breaches[0].Seconds != 2700 || rep.Breaches[0].Status != "late" ||
		rep.Breaches[0].RepliedBy != "lily@team.example" || rep.Breaches[1].Status != "overdue" || rep.Breaches[1].RepliedAt != nil {
		t.Fatalf("breaches: %+v", rep.Breaches)
	}
	if len(rep.Unanswered) != 1 || rep.Unanswered[0].Subject != "Order 12" || rep.Unanswered[0].Seconds != 1800 {
		t.Fatalf("unanswered: %+v", rep.Unanswered)
	}
	// The digest's list of one owner's unanswered mail is the report's.
	for _, owner := range []string{"owner-of-team", "lily@team.example"} {
		got, err := db.UnansweredReplies(ctx, owner, now, now)
		if err != nil {
			t.Fatal(err)
		}
		var want []ReplyItem
		for _, it := range rep.Unanswered {
			if it.Owner == owner {
				want = append(want, it)
			}
		}
		if !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Fatalf("unanswered of %s: %+v, the report's %+v", owner, got, want)
		}
	}
	// A manager's desk: every owner's, the report's whole list.
	if all, err := db.AllUnansweredReplies(ctx, now, now); err != nil || len(all) != len(rep.Unanswered) || !reflect.DeepEqual(all, rep.Unanswered) {
		t.Fatalf("all unanswered: %+v %v, the report's %+v", all, err, rep.Unanswered)
	}
	if got, _ := db.UnansweredReplies(ctx, "owner-of-team", t0.Add(12*time.Hour), now); len(got) != 0 {
		t.Fatalf("unanswered before the last question arrived: %+v", got)
	}
	if _, err := db.ReplyReport(ctx, ReplyReportFilter{By: "colour"}); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("bad grouping: %v", err)
	}
	rep, _ = db.ReplyReport(ctx, ReplyReportFilter{Since: t0, Until: now, Now: now, By: ByCustomer})
	if len(rep.Groups) != 1 || rep.Groups[0].Key != "domain:acme.com" {
		t.Fatalf("by customer: %+v", rep.Groups)
	}
}

// TestAnsweredClocksKeepTheirJudgement: a clock answered in 7 minutes
// against a 10-minute target stays within target, answered by Lily, when
// the target later tightens to 5 minutes and Lily's address comes to stand
// for the owner of her old mailbox (she left); a clock still running takes
// the new target.
func TestAnsweredClocksKeepTheirJudgement(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db,
		at(msg("q1@acme"), "team", "INBOX", 1, t0),
		at(lilyAnswer("r1@team", "q1@acme"), "lily", "Sent", 1, t0.Add(7*time.Minute)))
	q2 := msg("q2@acme")
	q2.Subject, q2.SubjectKey = "other", "other"
	save(t, db, at(q2, "team", "INBOX", 2, t0.Add(time.Hour)))
	measure(t, db, t0.Add(2*time.Hour))
	if c := clockOf(t, db, "q1@acme"); c.RepliedBy != "lily@team.example" || c.Target != 10*time.Minute {
		t.Fatalf("measured: %+v", c)
	}
	later := func(c *keepwarm.ReplyClock) {
		testJudge(c)
		c.Target = 5 * time.Minute
		if c.RepliedBy == "lily@team.example" {
			c.RepliedBy = "tom@team.example"
		}
	}
	if _, err := db.MeasureReplies(ctx, t0.Add(3*time.Hour), "target 5m, lily gone", later); err != nil {
		t.Fatal(err)
	}
	c := clockOf(t, db, "q1@acme")
	if c.RepliedBy != "lily@team.example" || c.Target != 10*time.Minute {
		t.Errorf("the answered clock after the change: replied by %q, target %s", c.RepliedBy, c.Target)
	}
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0, Until: t0.Add(30 * time.Minute), Now: t0.Add(3 * time.Hour), By: BySalesperson})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.WithinTarget != 1 || len(rep.Groups) != 1 || rep.Groups[0].Key != "lily@team.example" {
		t.Errorf("the report of the old period: %+v", rep)
	}
	if c := clockOf(t, db, "q2@acme"); !c.Open() || c.Target != 5*time.Minute {
		t.Errorf("the running clock takes the new target: %+v", c)
	}
}

// TestReplyReportByGradeKeepsTheGradeJudgedWith: a clock answered within the
// target of grade A stays in the A row of its period's report after the
// customer is regraded to C; the report of the old period is unchanged.
func TestReplyReportByGradeKeepsTheGradeJudgedWith(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db,
		at(msg("q1@acme"), "team", "INBOX", 1, t0),
		at(lilyAnswer("r1@team", "q1@acme"), "lily", "Sent", 1, t0.Add(3*time.Minute)))
	if _, err := db.w.Exec(`UPDATE customers SET grade = 'A'`); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(time.Hour))
	if _, err := db.w.Exec(`UPDATE customers SET grade = 'C'`); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(2*time.Hour))
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0, Until: t0.Add(time.Hour), Now: t0.Add(2 * time.Hour), By: ByGrade})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Groups) != 1 || rep.Groups[0].Key != "A" || rep.Groups[0].WithinTarget != 1 {
		t.Fatalf("by grade after regrading A to C: %+v", rep.Groups)
	}
}

// TestReplyReportNamesTheBackupOfAnAbsentOwner: mail that came while its
// owner was away, whose nudges went to a backup, is listed with the backup,
// so the report says who had it; other mail names none.
func TestReplyReportNamesTheBackupOfAnAbsentOwner(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	q2 := msg("q2@acme")
	q2.Subject, q2.SubjectKey = "other", "other"
	save(t, db, at(msg("q1@acme"), "team", "INBOX", 1, t0), at(q2, "team", "INBOX", 2, t0.Add(time.Minute)))
	now := t0.Add(time.Hour)
	measure(t, db, now)
	away := keepwarm.Absence{Person: "owner-of-team", Source: "config"}
	if err := db.RecordCover(ctx, clockOf(t, db, "q1@acme").MessageID, 2, away, "tom@team.example", t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0, Until: now, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unanswered) != 2 || rep.Unanswered[0].Backup != "tom@team.example" || rep.Unanswered[1].Backup != "" ||
		len(rep.Breaches) != 2 || rep.Breaches[0].Backup != "tom@team.example" {
		t.Fatalf("lists: breaches %+v, unanswered %+v", rep.Breaches, rep.Unanswered)
	}
}
