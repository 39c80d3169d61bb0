package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// lilyWrites is Lily's mail to bob@acme.com in another conversation: an
// answer in the thread of an older message (parent), with its own subject.
func lilyWrites(key, parent, subject string) keepwarm.Message {
	m := lilyAnswer(key, parent)
	m.Subject, m.SubjectKey = "Re: "+subject, subjectKey(subject)
	return m
}

func subjectKey(s string) string { return "order " + s }

// Bob writes a new mail; three minutes later Lily writes to him from the
// thread of last month's order (or in a fresh mail of her own): his mail
// was answered then. The clock stops, no nudge falls due and the last look
// sees the answer, whether the answer was stored before the mail was first
// measured or after. Mail keepwarm sent in her name, mail with Bob only in
// Cc, mail to a colleague of his and mail more than a week later are no
// answer.
func TestAnswerInAnotherThreadStopsTheClock(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	old := msg("old@acme")
	old.Subject, old.SubjectKey = "Order 77", subjectKey("77")
	save(t, db, at(old, "team", "INBOX", 1, t0.Add(-30*24*time.Hour)))
	save(t, db, at(msg("q@acme"), "team", "INBOX", 2, t0))
	measure(t, db, t0.Add(time.Minute))
	q := clockOf(t, db, "q@acme")
	if !q.Open() {
		t.Fatalf("the rig: %+v", q)
	}

	// Not answers: a follow-up step keepwarm sent as Lily, a mail with Bob
	// only in Cc, a mail to Anna of the same company.
	step := lilyWrites("step@team", "old@acme", "77")
	cc := lilyWrites("cc@team", "old@acme", "77")
	cc.To, cc.Cc = []keepwarm.Address{{Email: "anna@acme.com"}}, []keepwarm.Address{{Email: "bob@acme.com"}}
	anna := lilyWrites("anna@team", "old@acme", "77")
	anna.To = []keepwarm.Address{{Email: "anna@acme.com"}}
	if _, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at)
		VALUES ('seq:1:2', 'step@team', 'lily', 'lily@team.example', 'send', 'sent', 0, 'sequence', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	save(t, db, at(step, "lily", "Sent", 1, t0.Add(time.Minute)),
		at(cc, "lily", "Sent", 2, t0.Add(2*time.Minute)),
		at(anna, "lily", "Sent", 3, t0.Add(2*time.Minute)))
	measure(t, db, t0.Add(2*time.Minute))
	if c := clockOf(t, db, "q@acme"); !c.Open() {
		t.Fatalf("keepwarm's follow-up, a Cc or a mail to a colleague answered Bob: %+v", c)
	}
	if st, err := db.NudgeState(ctx, q.MessageID); err != nil || !st.AnsweredAt.IsZero() || !st.Running {
		t.Fatalf("the last look before Lily wrote: %+v %v", st, err)
	}

	// Lily answers Bob in the old order's thread.
	ans := lilyWrites("ans@team", "old@acme", "77")
	save(t, db, at(ans, "lily", "Sent", 4, t0.Add(3*time.Minute)))
	ansThread := count(t, db, `SELECT thread_id FROM messages WHERE key = 'ans@team'`)
	if ansThread == int(q.ThreadID) {
		t.Fatal("the rig put the answer in the question's thread")
	}
	// The last look sees it before any measuring.
	if st, err := db.NudgeState(ctx, q.MessageID); err != nil || !st.AnsweredAt.Equal(t0.Add(3*time.Minute)) || st.AnsweredBy != "lily@team.example" {
		t.Fatalf("the last look misses the answer elsewhere: %+v %v", st, err)
	}
	// Only the answer's thread was marked; measuring it measures Bob's
	// question's thread again.
	measure(t, db, t0.Add(4*time.Minute))
	c := clockOf(t, db, "q@acme")
	if c.Open() || !c.RepliedAt.Equal(t0.Add(3*time.Minute)) || c.RepliedBy != "lily@team.example" || c.Seconds() != 180 {
		t.Fatalf("the answer in another thread left the clock %+v", c)
	}
	if due, err := db.DueNudges(ctx, t0.Add(10*time.Minute), 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) != 0 {
		t.Fatalf("nudges due for an answered mail: %+v %v", due, err)
	}
	// Every clock measured again (new settings): the same.
	if _, err := db.MeasureReplies(ctx, t0.Add(5*time.Minute), "other", testJudge); err != nil {
		t.Fatal(err)
	}
	if c := clockOf(t, db, "q@acme"); c.Open() || c.ReplyID == 0 {
		t.Fatalf("measured afresh: %+v", c)
	}

	// A week and more later Lily's next mail to Bob is no answer to a
	// question he asked before.
	save(t, db, at(msg("q2@acme"), "team", "INBOX", 3, t0.Add(time.Hour)))
	save(t, db, at(lilyWrites("late@team", "old@acme", "77"), "lily", "Sent", 5, t0.Add(time.Hour+AnswerElsewhere+time.Minute)))
	measure(t, db, t0.Add(time.Hour+AnswerElsewhere+2*time.Minute))
	if c := clockOf(t, db, "q2@acme"); !c.Open() {
		t.Fatalf("a mail weeks later answered: %+v", c)
	}
}

// Bob writes three new mails in a row ("Price?", "Hello??", "urgent"), each
// a thread of its own; Lily answers the newest. The two before were
// answered by it: no target nudge or escalation for them.
func TestAnswerToTheNewestOfSeveralNewMails(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for i, s := range []string{"Price?", "Hello??", "urgent"} {
		m := msg("q" + s + "@acme")
		m.Subject, m.SubjectKey = s, s
		save(t, db, at(m, "team", "INBOX", uint32(i+1), t0.Add(time.Duration(i)*time.Minute)))
	}
	measure(t, db, t0.Add(3*time.Minute))
	a := lilyAnswer("a@team", "qurgent@acme")
	a.Subject, a.SubjectKey = "Re: urgent", "urgent"
	save(t, db, at(a, "lily", "Sent", 1, t0.Add(4*time.Minute)))
	measure(t, db, t0.Add(5*time.Minute))
	for _, k := range []string{"qPrice?@acme", "qHello??@acme", "qurgent@acme"} {
		if c := clockOf(t, db, k); c.Open() || !c.RepliedAt.Equal(t0.Add(4*time.Minute)) {
			t.Errorf("%s: %+v", k, c)
		}
	}
	if due, err := db.DueNudges(ctx, t0.Add(15*time.Minute), 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) != 0 {
		t.Fatalf("nudges due: %+v %v", due, err)
	}
}

// Lily answers Bob's new mail twice at the same instant, in its own thread
// and from last month's order's thread: the one stored first is the
// answer, whichever thread it is in (received_at, then id, as everywhere).
func TestAnswersAtOneInstantTheFirstStoredIsTheAnswer(t *testing.T) {
	for _, elsewhereFirst := range []bool{true, false} {
		db := openTest(t)
		old := msg("old@acme")
		old.Subject, old.SubjectKey = "Order 77", subjectKey("77")
		save(t, db, at(old, "team", "INBOX", 1, t0.Add(-30*24*time.Hour)))
		save(t, db, at(msg("q@acme"), "team", "INBOX", 2, t0))
		elsewhere := at(lilyWrites("else@team", "old@acme", "77"), "lily", "Sent", 1, t0.Add(5*time.Minute))
		inThread := at(lilyAnswer("inth@team", "q@acme"), "lily", "Sent", 2, t0.Add(5*time.Minute))
		first, want := elsewhere, "else@team"
		second := inThread
		if !elsewhereFirst {
			first, second, want = inThread, elsewhere, "inth@team"
		}
		save(t, db, first)
		save(t, db, second)
		measure(t, db, t0.Add(10*time.Minute))
		c := clockOf(t, db, "q@acme")
		if id := count(t, db, `SELECT id FROM messages WHERE key = '`+want+`'`); c.ReplyID != int64(id) || !c.RepliedAt.Equal(t0.Add(5*time.Minute)) {
			t.Fatalf("elsewhere stored first %v: the clock %+v, want answered by %s (message %d)", elsewhereFirst, c, want, id)
		}
	}
}

// Bob writes three new mails days apart, each a thread of its own, and
// Lily answers each in its thread an hour later. She also writes to him
// from last month's order's thread the day after the first (no answer: the
// first was answered by then), five minutes after the second and two
// minutes after the third: those answered the second and the third. The
// stretches of time after each of Bob's mails, up to its answer in its
// thread, are read one after the other; mail between them is passed over,
// not taken for the next one's answer nor in its way.
func TestAnswersElsewhereInSeveralStretchesOfTime(t *testing.T) {
	db := openTest(t)
	old := msg("old@acme")
	old.Subject, old.SubjectKey = "Order 77", subjectKey("77")
	save(t, db, at(old, "team", "INBOX", 1, t0.Add(-30*24*time.Hour)))
	day := 24 * time.Hour
	for i, s := range []string{"Price?", "Samples?", "Delivery?"} {
		q := msg("q" + s + "@acme")
		q.Subject, q.SubjectKey, q.Date = s, s, t0.Add(time.Duration(i)*3*day)
		save(t, db, at(q, "team", "INBOX", uint32(i+2), q.Date))
	}
	sent := func(m keepwarm.Message, uid uint32, when time.Time) keepwarm.Incoming {
		m.Date = when
		return at(m, "lily", "Sent", uid, when)
	}
	var batch []keepwarm.Incoming
	for i, s := range []string{"Price?", "Samples?", "Delivery?"} {
		a := lilyAnswer("a"+s+"@team", "q"+s+"@acme")
		a.Subject, a.SubjectKey = "Re: "+s, s
		batch = append(batch, sent(a, uint32(i+1), t0.Add(time.Duration(i)*3*day+time.Hour)))
	}
	batch = append(batch, sent(lilyWrites("gap@team", "old@acme", "77"), 4, t0.Add(day)),
		sent(lilyWrites("e2@team", "old@acme", "77"), 5, t0.Add(3*day+5*time.Minute)),
		sent(lilyWrites("e3@team", "old@acme", "77"), 6, t0.Add(6*day+2*time.Minute)))
	save(t, db, batch...)
	measure(t, db, t0.Add(7*day))
	for q, want := range map[string]string{"qPrice?@acme": "aPrice?@team", "qSamples?@acme": "e2@team", "qDelivery?@acme": "e3@team"} {
		c := clockOf(t, db, q)
		if id := count(t, db, `SELECT id FROM messages WHERE key = '`+want+`'`); c.ReplyID != int64(id) {
			t.Errorf("%s: the clock %+v, want answered by %s (message %d)", q, c, want, id)
		}
	}
}
