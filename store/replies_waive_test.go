package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// The owner testJudge gives the team mailbox's mail, and viewers.
const teamOwner = "owner-of-team"

var (
	ownerView = Viewer{Email: teamOwner}
	tomView   = Viewer{Email: "tom@team.example"}
)

func waitingSince(t *testing.T, db *DB, key string) time.Time {
	t.Helper()
	c := clockOf(t, db, key)
	at, err := db.WaitingSince(context.Background(), c.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// Bob's "Thanks, received!" marked "no answer needed": its clock stops at
// once and stays stopped through the reply job's measuring (the thread's
// and a full one); nothing lists it as waiting, nudges it or holds the
// customer's greetings for it, and the report counts it apart, not late.
// A later mail of Bob's starts its own clock from its own arrival.
func TestNoAnswerNeededSettlesTheClock(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db, at(msg("thanks@acme"), "team", "INBOX", 1, t0))
	measure(t, db, t0.Add(time.Minute))
	if got := waitingSince(t, db, "thanks@acme"); !got.Equal(t0) {
		t.Fatalf("before the mark the mail waits since %v", got)
	}
	id := clockOf(t, db, "thanks@acme").MessageID

	// Tom sees Bob (a customer nobody owns) but does not answer his mail.
	if _, err := db.WaiveReply(ctx, tomView, id, "tom@team.example", t0.Add(2*time.Minute)); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("Tom marked the owner's mail: %v", err)
	}
	w, err := db.WaiveReply(ctx, ownerView, id, teamOwner, t0.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if w.CustomerID == 0 || w.Subject != "Quotation for pumps" || w.By != teamOwner {
		t.Errorf("the mark: %+v", w)
	}
	if _, err := db.WaiveReply(ctx, ownerView, id, teamOwner, t0.Add(3*time.Minute)); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Errorf("marked twice: %v", err)
	}

	settled := func(when string, now time.Time) {
		t.Helper()
		if c := clockOf(t, db, "thanks@acme"); !c.WaivedAt.Equal(t0.Add(2*time.Minute)) || c.CoveredBy != 0 || !c.Open() {
			t.Errorf("%s: the clock %+v", when, c)
		}
		if got := waitingSince(t, db, "thanks@acme"); !got.IsZero() {
			t.Errorf("%s: greetings are still held by it (waiting since %v)", when, got)
		}
		if list, err := db.UnansweredReplies(ctx, teamOwner, now, now); err != nil || len(list) != 0 {
			t.Errorf("%s: unanswered %+v %v", when, list, err)
		}
		pg, err := db.DeskWaiting(ctx, ownerView, now, now, WaitingLast, true, 25)
		if err != nil || pg.Total != 0 || len(pg.Items) != 0 {
			t.Errorf("%s: the desk waits for %+v %v", when, pg, err)
		}
		if due, err := db.DueNudges(ctx, now, 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) != 0 {
			t.Errorf("%s: nudges due %+v %v", when, due, err)
		}
		if _, ok, err := db.NextNudgeAt(ctx, 5*time.Minute, t0.Add(-time.Hour)); err != nil || ok {
			t.Errorf("%s: a nudge will fall due (%v)", when, err)
		}
		st, err := db.NudgeState(ctx, id)
		if err != nil || st.Running || st.WaivedBy != teamOwner || !st.WaivedAt.Equal(t0.Add(2*time.Minute)) {
			t.Errorf("%s: the nudge's last look reads %+v %v", when, st, err)
		}
		rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-time.Hour), Until: now, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total.Count != 0 || rep.Total.Overdue != 0 || rep.Total.NoAnswerNeeded != 1 || len(rep.Breaches) != 0 || len(rep.Unanswered) != 0 {
			t.Errorf("%s: the report %+v", when, rep)
		}
		if len(rep.Groups) != 1 || rep.Groups[0].Key != teamOwner || rep.Groups[0].NoAnswerNeeded != 1 {
			t.Errorf("%s: the report's groups %+v", when, rep.Groups)
		}
	}
	settled("at once", t0.Add(3*time.Minute))
	if n := measure(t, db, t0.Add(4*time.Minute)); n != 1 {
		t.Errorf("the mark did not have its thread measured again: %d clocks", n)
	}
	settled("measured again", t0.Add(4*time.Minute))
	if _, err := db.MeasureReplies(ctx, t0.Add(5*time.Minute), "other settings", testJudge); err != nil {
		t.Fatal(err)
	}
	settled("every clock measured again", t0.Add(2*time.Hour))

	// Bob writes again: his new mail waits from its own arrival, not from
	// the marked one's; the answer to it leaves the mark alone.
	save(t, db, at(msg("more@acme"), "team", "INBOX", 2, t0.Add(3*time.Hour)))
	measure(t, db, t0.Add(3*time.Hour))
	c := clockOf(t, db, "more@acme")
	if c.ThreadID != clockOf(t, db, "thanks@acme").ThreadID {
		t.Fatalf("the rig put the mails in two threads")
	}
	if !c.Open() || c.CoveredBy != 0 || !c.StartedAt.Equal(t0.Add(3*time.Hour)) || !c.WaivedAt.IsZero() {
		t.Fatalf("the later mail's clock: %+v", c)
	}
	if got := waitingSince(t, db, "more@acme"); !got.Equal(t0.Add(3 * time.Hour)) {
		t.Errorf("the later mail waits since %v", got)
	}
	save(t, db, at(lilyAnswer("r1@team", "more@acme"), "lily", "Sent", 1, t0.Add(3*time.Hour+4*time.Minute)))
	measure(t, db, t0.Add(4*time.Hour))
	if c := clockOf(t, db, "more@acme"); c.Seconds() != 4*60 || c.CoveredBy != 0 {
		t.Errorf("the later mail's answer: %+v", c)
	}
	if c := clockOf(t, db, "thanks@acme"); c.WaivedAt.IsZero() || !c.Open() {
		t.Errorf("the answer to the later mail answered the marked one: %+v", c)
	}
}

// Marking a later mail of a run leaves the earlier question waiting from
// its own arrival (it still needs an answer); marking the question that
// holds the run's clock has the later mail start its own clock.
func TestNoAnswerNeededInARun(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db,
		at(msg("ask@acme"), "team", "INBOX", 1, t0),
		at(msg("thanks@acme"), "team", "INBOX", 2, t0.Add(2*time.Minute)),
		at(msg("again@acme"), "team", "INBOX", 3, t0.Add(9*time.Minute)),
	)
	measure(t, db, t0.Add(10*time.Minute))
	ask, thanks := clockOf(t, db, "ask@acme"), clockOf(t, db, "thanks@acme")
	if thanks.CoveredBy != ask.MessageID {
		t.Fatalf("the run: %+v", thanks)
	}
	boss := Viewer{Email: "mei@team.example", Manager: true}
	if _, err := db.WaiveReply(ctx, boss, thanks.MessageID, "mei@team.example", t0.Add(11*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(12*time.Minute))
	if c := clockOf(t, db, "ask@acme"); !c.Open() || c.CoveredBy != 0 || !c.StartedAt.Equal(t0) || !c.WaivedAt.IsZero() {
		t.Errorf("the question: %+v", c)
	}
	if c := clockOf(t, db, "thanks@acme"); c.WaivedAt.IsZero() || c.CoveredBy != 0 {
		t.Errorf("the marked mail: %+v", c)
	}
	if c := clockOf(t, db, "again@acme"); c.CoveredBy != ask.MessageID || !c.StartedAt.Equal(t0) {
		t.Errorf("the mail after the mark is covered by the question: %+v", c)
	}
	if got := waitingSince(t, db, "ask@acme"); !got.Equal(t0) {
		t.Errorf("waiting since %v", got)
	}

	// The question needs no answer either: the last mail waits on its own.
	if _, err := db.WaiveReply(ctx, ownerView, ask.MessageID, teamOwner, t0.Add(13*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(14*time.Minute))
	again := clockOf(t, db, "again@acme")
	if again.CoveredBy != 0 || !again.StartedAt.Equal(t0.Add(9*time.Minute)) || !again.WaivedAt.IsZero() {
		t.Errorf("the last mail: %+v", again)
	}
	pg, err := db.DeskWaiting(ctx, ownerView, t0.Add(time.Hour), t0.Add(time.Hour), WaitingLast, true, 25)
	if err != nil || len(pg.Items) != 1 || pg.Items[0].MessageID != again.MessageID {
		t.Errorf("the desk lists %+v %v", pg.Items, err)
	}
	recent, err := db.RecentWaivers(ctx, ownerView, t0, 10)
	if err != nil || len(recent) != 2 || recent[0].MessageID != ask.MessageID || recent[1].By != "mei@team.example" {
		t.Errorf("recent marks: %+v %v", recent, err)
	}
	if recent, err := db.RecentWaivers(ctx, tomView, t0, 10); err != nil || len(recent) != 0 {
		t.Errorf("Tom, who does not answer the mail, sees the marks %+v %v", recent, err)
	}
}

// An answer sent after the mark leaves it settled (a new quotation in the
// thread weeks later is not a late answer to a "thanks"); one sent before
// the mark, its copy stored after, wins: the clock is an answered one,
// timed from the mail's arrival. An undo puts an unanswered mail back on
// the waiting list, waiting since it arrived.
func TestNoAnswerNeededAnswerWinsAndUndo(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db, at(msg("thanks@acme"), "team", "INBOX", 1, t0))
	measure(t, db, t0.Add(time.Minute))
	thanks := clockOf(t, db, "thanks@acme")
	if _, err := db.WaiveReply(ctx, ownerView, thanks.MessageID, teamOwner, t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(3*time.Minute))

	// Undo, by Tom while he covers for the owner.
	covering := Viewer{Email: "tom@team.example", Covers: []string{teamOwner}}
	if _, err := db.UnwaiveReply(ctx, tomView, thanks.MessageID); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("Tom undid a mark on mail he does not answer: %v", err)
	}
	if _, err := db.UnwaiveReply(ctx, covering, thanks.MessageID); err != nil {
		t.Fatal(err)
	}
	if got := waitingSince(t, db, "thanks@acme"); !got.Equal(t0) {
		t.Errorf("after the undo the mail waits since %v", got)
	}
	measure(t, db, t0.Add(4*time.Minute))
	if c := clockOf(t, db, "thanks@acme"); !c.WaivedAt.IsZero() || !c.Open() || !c.StartedAt.Equal(t0) {
		t.Errorf("after the undo: %+v", c)
	}
	if _, err := db.UnwaiveReply(ctx, ownerView, thanks.MessageID); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Errorf("undone twice: %v", err)
	}

	// Marked again, then mail in the thread after the mark: still settled.
	if _, err := db.WaiveReply(ctx, covering, thanks.MessageID, "tom@team.example", t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	save(t, db, at(lilyAnswer("r1@team", "thanks@acme"), "lily", "Sent", 1, t0.Add(20*time.Minute)))
	measure(t, db, t0.Add(21*time.Minute))
	if c := clockOf(t, db, "thanks@acme"); c.WaivedAt.IsZero() {
		t.Errorf("mail sent after the mark undid it: %+v", c)
	}
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-time.Minute), Until: t0.Add(time.Minute), Now: t0.Add(21 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Count != 0 || rep.Total.Late != 0 || rep.Total.NoAnswerNeeded != 1 {
		t.Errorf("the report after mail sent after the mark: %+v", rep.Total)
	}

	// An answer sent before the mark, its copy stored after it: the
	// answer wins.
	t1 := t0.Add(time.Hour)
	save(t, db, at(msg("thanks2@acme"), "team", "INBOX", 2, t1))
	measure(t, db, t1.Add(time.Minute))
	thanks2 := clockOf(t, db, "thanks2@acme")
	if _, err := db.WaiveReply(ctx, ownerView, thanks2.MessageID, teamOwner, t1.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	save(t, db, at(lilyAnswer("r2@team", "thanks2@acme"), "lily", "Sent", 2, t1.Add(4*time.Minute)))
	measure(t, db, t1.Add(6*time.Minute))
	c := clockOf(t, db, "thanks2@acme")
	if c.Open() || c.Seconds() != 4*60 || !c.WaivedAt.IsZero() {
		t.Errorf("the answer sent before the mark: %+v", c)
	}
	rep, err = db.ReplyReport(ctx, ReplyReportFilter{Since: t1.Add(-time.Minute), Until: t1.Add(time.Minute), Now: t1.Add(6 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Count != 1 || rep.Total.NoAnswerNeeded != 0 {
		t.Errorf("the report after the answer sent before the mark: %+v", rep.Total)
	}

	// Undone after mail that came after it: now it is an answered clock,
	// and an answered mail cannot be marked.
	if _, err := db.UnwaiveReply(ctx, ownerView, thanks.MessageID); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(22*time.Minute))
	if c := clockOf(t, db, "thanks@acme"); c.Open() || c.Seconds() != 20*60 || !c.WaivedAt.IsZero() {
		t.Errorf("after the undo, the answer counts: %+v", c)
	}
	if _, err := db.WaiveReply(ctx, ownerView, thanks.MessageID, teamOwner, t0.Add(22*time.Minute)); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Errorf("an answered mail was marked: %v", err)
	}
}

// Bob writes at 9:00, 9:04 and 9:07, one run; Lily is nudged about it at
// 9:05 and 9:10, phones him and marks the line on her desk "no answer
// needed" at 9:25. His 9:04 and 9:07 mails now wait from their own
// arrival (the mark is the first mail's alone), but the run's nudges went
// out after they came: no second "Reply target passed", and no copy to
// the manager, falls due for them. A mail after the nudges gets its own.
func TestNoAnswerNeededOnARunNudgesNoMore(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db,
		at(msg("q1@acme"), "team", "INBOX", 1, t0),
		at(msg("q2@acme"), "team", "INBOX", 2, t0.Add(4*time.Minute)),
		at(msg("q3@acme"), "team", "INBOX", 3, t0.Add(7*time.Minute)),
	)
	measure(t, db, t0.Add(8*time.Minute))
	q1 := clockOf(t, db, "q1@acme")
	if c := clockOf(t, db, "q3@acme"); c.CoveredBy != q1.MessageID {
		t.Fatalf("the run: %+v", c)
	}
	for _, n := range []struct {
		level int
		at    time.Duration
	}{{1, 5 * time.Minute}, {2, 10 * time.Minute}} {
		if err := db.RecordNudge(ctx, q1.MessageID, n.level, t0.Add(n.at)); err != nil {
			t.Fatal(err)
		}
	}
	save(t, db, at(msg("q4@acme"), "team", "INBOX", 4, t0.Add(20*time.Minute)))
	measure(t, db, t0.Add(20*time.Minute))
	if _, err := db.WaiveReply(ctx, ownerView, q1.MessageID, teamOwner, t0.Add(25*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(25*time.Minute))
	q2 := clockOf(t, db, "q2@acme")
	if q2.CoveredBy != 0 || !q2.StartedAt.Equal(t0.Add(4*time.Minute)) || !q2.Open() {
		t.Fatalf("the 9:04 mail after the mark: %+v", q2)
	}
	due, err := db.DueNudges(ctx, t0.Add(26*time.Minute), 5*time.Minute, t0.Add(26*time.Minute-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 0 {
		t.Fatalf("nudged again about mail of the marked run: %+v", due)
	}
	// The desk still lists it: it was not answered.
	pg, err := db.DeskWaiting(ctx, ownerView, t0.Add(26*time.Minute), t0.Add(26*time.Minute), WaitingLast, true, 25)
	if err != nil || pg.Total != 1 || pg.Items[0].MessageID != q2.MessageID {
		t.Errorf("the desk lists %+v %v", pg, err)
	}

	// Marked in turn, the 9:20 mail (after the nudges) holds a clock of
	// its own and is nudged in its turn.
	if _, err := db.WaiveReply(ctx, ownerView, q2.MessageID, teamOwner, t0.Add(27*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(27*time.Minute))
	if c := clockOf(t, db, "q3@acme"); c.CoveredBy != 0 || c.Nudge2At.IsZero() {
		t.Fatalf("the 9:07 mail: %+v", c)
	}
	if _, err := db.WaiveReply(ctx, ownerView, clockOf(t, db, "q3@acme").MessageID, teamOwner, t0.Add(28*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(28*time.Minute))
	due, err = db.DueNudges(ctx, t0.Add(28*time.Minute), 5*time.Minute, t0.Add(28*time.Minute-time.Hour))
	if err != nil || len(due) != 1 || due[0].Level != 1 || due[0].MessageID != clockOf(t, db, "q4@acme").MessageID {
		t.Fatalf("the mail after the nudges: %+v %v", due, err)
	}
}
