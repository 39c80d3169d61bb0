package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
)

// quotedDB is a database holding Lily's quotation to Bob (quote@team),
// sent three days before t0.
func quotedDB(t *testing.T) *DB {
	t.Helper()
	db := openTest(t)
	quote := lilyAnswer("quote@team", "")
	quote.InReplyTo, quote.References = nil, nil
	save(t, db, at(quote, "lily", "Sent", 1, t0.Add(-3*24*time.Hour)))
	return db
}

// stepAndAnswer sends the follow-up's step (step@team) in the quotation's
// thread two seconds after t0, and stores after it Bob's answer to the
// quotation (q@acme) received at t0.
func stepAndAnswer(t *testing.T, db *DB) {
	t.Helper()
	if _, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at)
		VALUES ('seq:1:2', 'step@team', 'lily', 'lily@team.example', 'send', 'sent', 0, 'sequence', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	save(t, db, at(lilyAnswer("step@team", "quote@team"), "lily", "Sent", 2, t0.Add(2*time.Second)))
	hans := msg("q@acme")
	hans.InReplyTo, hans.References = []string{"quote@team"}, []string{"quote@team"}
	save(t, db, at(hans, "team", "INBOX", 1, t0))
}

// newInquiry stores Bob's new inquiry (q@acme), out of the quotation's
// thread, received at t0.
func newInquiry(t *testing.T, db *DB) {
	t.Helper()
	q := msg("q@acme")
	q.Subject, q.SubjectKey = "New inquiry", "new inquiry"
	save(t, db, at(q, "team", "INBOX", 1, t0))
}

// ackDraft files the "received" draft for message id in Lily's Drafts
// and returns its outbox key.
func ackDraft(t *testing.T, db *DB, id int64) string {
	t.Helper()
	ack := fmt.Sprintf("ack:%d", id)
	if _, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at)
		VALUES (?, 'ack@team', 'lily', 'lily@team.example', 'draft', 'drafted', 0, 'ack', 0, 0)`, ack); err != nil {
		t.Fatal(err)
	}
	return ack
}

// matchCopy matches the sent copies to the drafts they were sent from
// and fails unless copy@team is matched to the step.
func matchCopy(t *testing.T, db *DB) {
	t.Helper()
	if err := db.MatchSentDrafts(context.Background(), t0.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT count(*) FROM outbox WHERE sent_copy = 'copy@team'`); got != 1 {
		t.Fatalf("the rig: the copy was not matched to the step (%d)", got)
	}
}

// Bob answers Lily's quotation; two seconds later, before his mail is
// stored, the follow-up's "did you get my quotation?" goes out in the same
// thread in her name. That step is no answer to him: his clock runs, the
// last look before a nudge sees no answer, the "received, working on it"
// draft filed for it stays, and Lily's own reply stops it.
func TestOwnFollowUpStepInTheThreadIsNoAnswer(t *testing.T) {
	db := quotedDB(t)
	ctx := context.Background()
	stepAndAnswer(t, db)
	if a, b := count(t, db, `SELECT thread_id FROM messages WHERE key = 'q@acme'`), count(t, db, `SELECT thread_id FROM messages WHERE key = 'step@team'`); a != b {
		t.Fatalf("the rig: the step is in thread %d, the mail in %d", b, a)
	}
	measure(t, db, t0.Add(time.Minute))
	c := clockOf(t, db, "q@acme")
	if !c.Open() {
		t.Fatalf("keepwarm's own follow-up step answered Bob: %+v", c)
	}
	if st, err := db.NudgeState(ctx, c.MessageID); err != nil || !st.AnsweredAt.IsZero() || !st.Running {
		t.Fatalf("the last look takes the step for an answer: %+v %v", st, err)
	}
	ack := ackDraft(t, db, c.MessageID)
	if st, err := db.DraftAnswered(ctx, ack); err != nil || st.Answered {
		t.Fatalf("the step answered the message of the \"received\" draft: %+v %v", st, err)
	}
	if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 0 {
		t.Fatalf("the step makes the \"received\" draft one to remove: %+v %v", got, err)
	}

	save(t, db, at(lilyAnswer("ans@team", "q@acme"), "lily", "Sent", 3, t0.Add(4*time.Minute)))
	if st, err := db.NudgeState(ctx, c.MessageID); err != nil || !st.AnsweredAt.Equal(t0.Add(4*time.Minute)) {
		t.Fatalf("the last look misses Lily's answer: %+v %v", st, err)
	}
	measure(t, db, t0.Add(5*time.Minute))
	if c := clockOf(t, db, "q@acme"); c.Open() || c.Seconds() != 240 {
		t.Fatalf("Lily's answer left the clock %+v", c)
	}
	if st, err := db.DraftAnswered(ctx, ack); err != nil || !st.Answered {
		t.Fatalf("Lily's answer does not settle the \"received\" draft: %+v %v", st, err)
	}
	if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 1 {
		t.Fatalf("after Lily's answer the drafts to remove are %+v %v", got, err)
	}
}

// A clock measured before a step stopped counting as an answer kept the
// step as its answer until its thread was measured again. After the
// upgrade its thread is measured again: Bob's mail waits, the last look
// sees no answer, and its "received" draft is not one to remove meanwhile.
func TestUpgradeMeasuresAgainAClockAnsweredByOwnStep(t *testing.T) {
	db := quotedDB(t)
	ctx := context.Background()
	stepAndAnswer(t, db)
	measure(t, db, t0.Add(time.Minute))
	c := clockOf(t, db, "q@acme")
	ackDraft(t, db, c.MessageID)
	// As an older build left it: the step taken for the answer.
	step := count(t, db, `SELECT id FROM messages WHERE key = 'step@team'`)
	rollBack(t, db,
		`UPDATE reply_clocks SET replied_at = `+itoa(t0.Add(2*time.Second).Unix())+`, reply_id = `+itoa(int64(step))+`,
		 replied_by = 'lily@team.example', seconds = 2, within_target = 1 WHERE message_id = `+itoa(c.MessageID),
		`DELETE FROM reply_dirty`,
		`DELETE FROM schema_migrations WHERE version = '0355_reply_own_step_remeasure'`)
	if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 0 {
		t.Fatalf("a clock the step closed makes the \"received\" draft one to remove: %+v %v", got, err)
	}
	path := db.path
	db.Close()
	db, err := Open(ctx, path, t0.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	measure(t, db, t0.Add(2*time.Minute))
	c = clockOf(t, db, "q@acme")
	if !c.Open() {
		t.Fatalf("after the upgrade the step still answers Bob: %+v", c)
	}
	if st, err := db.NudgeState(ctx, c.MessageID); err != nil || !st.Running {
		t.Fatalf("after the upgrade the last look sees %+v %v; want the clock running", st, err)
	}
}

// stepDraft files a follow-up step in Lily's Drafts ("Did you receive our
// quotation?", to Bob), as draft mode does, and returns its text.
func stepDraft(t *testing.T, db *DB, subject string) string {
	t.Helper()
	text := "Dear Bob, did you receive our quotation of last week? Please let me know."
	cust := count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme.com'`)
	if _, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, to_addrs, subject, text_body, mode, status,
		next_attempt_at, origin, due_at, created_at, customer_id, appended_at)
		VALUES ('seq:1:2', 'step@team', 'lily', 'lily@team.example', '[{"email":"bob@acme.com"}]', ?, ?, 'draft', 'drafted',
		0, 'sequence', 0, 0, ?, ?)`, subject, text, cust, t0.Add(-time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	return text
}

// sentStep is the step as Lily's mail client sent it from Drafts: a new
// Message-ID, in the quotation's thread.
func sentStep(key, parent, subject, text string) keepwarm.Message {
	m := lilyAnswer(key, parent)
	m.Subject, m.SubjectKey, m.Snippet = subject, "quotation for pumps", text
	return m
}

// Bob writes a new inquiry; five minutes later Lily clears her Drafts and
// sends the step keepwarm filed there, in the quotation's thread, to Bob.
// Once its copy is matched to the step it answers nobody: Bob's clock
// (measured before the match too) runs again, the last look sees no answer
// and the "received" draft for his inquiry stays.
func TestOwnStepSentFromDraftsIsNoAnswerElsewhere(t *testing.T) {
	db := quotedDB(t)
	ctx := context.Background()
	text := stepDraft(t, db, "Re: Quotation for pumps")
	newInquiry(t, db)
	save(t, db, at(sentStep("copy@team", "quote@team", "Re: Quotation for pumps", text), "lily", "Sent", 2, t0.Add(5*time.Minute)))
	if a, b := count(t, db, `SELECT thread_id FROM messages WHERE key = 'q@acme'`), count(t, db, `SELECT thread_id FROM messages WHERE key = 'copy@team'`); a == b {
		t.Fatal("the rig put the step in the inquiry's thread")
	}
	measure(t, db, t0.Add(6*time.Minute))
	matchCopy(t, db)
	measure(t, db, t0.Add(7*time.Minute))
	c := clockOf(t, db, "q@acme")
	if !c.Open() {
		t.Fatalf("the step sent from Drafts answered Bob's inquiry: %+v", c)
	}
	if st, err := db.NudgeState(ctx, c.MessageID); err != nil || !st.AnsweredAt.IsZero() || !st.Running {
		t.Fatalf("the last look takes the step sent from Drafts for an answer: %+v %v", st, err)
	}
	if due, err := db.DueNudges(ctx, t0.Add(11*time.Minute), 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) == 0 {
		t.Fatalf("no nudge due for Bob's unanswered inquiry: %+v %v", due, err)
	}
	ack := ackDraft(t, db, c.MessageID)
	if st, err := db.DraftAnswered(ctx, ack); err != nil || st.Answered {
		t.Fatalf("the step sent from Drafts answered the message of the \"received\" draft: %+v %v", st, err)
	}
	if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 0 {
		t.Fatalf("the step sent from Drafts makes the \"received\" draft one to remove: %+v %v", got, err)
	}
}

// Bob answers the quotation with a question; two minutes later Lily sends
// the step from her Drafts in the same thread. It is not her reply to him.
func TestOwnStepSentFromDraftsIsNoAnswerInTheThread(t *testing.T) {
	db := quotedDB(t)
	ctx := context.Background()
	text := stepDraft(t, db, "Re: Quotation for pumps")
	q := msg("q@acme")
	q.InReplyTo, q.References = []string{"quote@team"}, []string{"quote@team"}
	save(t, db, at(q, "team", "INBOX", 1, t0))
	save(t, db, at(sentStep("copy@team", "quote@team", "Re: Quotation for pumps", text), "lily", "Sent", 2, t0.Add(2*time.Minute)))
	matchCopy(t, db)
	measure(t, db, t0.Add(3*time.Minute))
	c := clockOf(t, db, "q@acme")
	if !c.Open() {
		t.Fatalf("the step sent from Drafts answered Bob in his thread: %+v", c)
	}
	if st, err := db.NudgeState(ctx, c.MessageID); err != nil || !st.AnsweredAt.IsZero() || !st.Running {
		t.Fatalf("the last look takes the step sent from Drafts for an answer: %+v %v", st, err)
	}
	ack := ackDraft(t, db, c.MessageID)
	if st, err := db.DraftAnswered(ctx, ack); err != nil || st.Answered {
		t.Fatalf("the step sent from Drafts answered the message of the \"received\" draft: %+v %v", st, err)
	}
	if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 0 {
		t.Fatalf("the step sent from Drafts makes the \"received\" draft one to remove: %+v %v", got, err)
	}
	// Lily's own answer still stops it.
	save(t, db, at(lilyAnswer("ans@team", "q@acme"), "lily", "Sent", 3, t0.Add(4*time.Minute)))
	measure(t, db, t0.Add(5*time.Minute))
	if c := clockOf(t, db, "q@acme"); c.Open() || c.Seconds() != 240 {
		t.Fatalf("Lily's answer left the clock %+v", c)
	}
}

// A database upgraded with a clock a matched copy of a step answered (as
// a build before 0406 left it) measures its thread again: Bob's inquiry
// waits for an answer.
func TestUpgradeMeasuresAgainAClockAnsweredBySentStep(t *testing.T) {
	db := quotedDB(t)
	ctx := context.Background()
	text := stepDraft(t, db, "Re: Quotation for pumps")
	newInquiry(t, db)
	save(t, db, at(sentStep("copy@team", "quote@team", "Re: Quotation for pumps", text), "lily", "Sent", 2, t0.Add(5*time.Minute)))
	measure(t, db, t0.Add(6*time.Minute))
	// As an older build left it: the copy matched, the clock answered by it.
	copyID := count(t, db, `SELECT id FROM messages WHERE key = 'copy@team'`)
	rollBack(t, db,
		`DROP TRIGGER reply_dirty_sent_copy`,
		`UPDATE outbox SET sent_copy = 'copy@team' WHERE key = 'seq:1:2'`,
		`UPDATE reply_clocks SET replied_at = `+itoa(t0.Add(5*time.Minute).Unix())+`, reply_id = `+itoa(int64(copyID))+`,
		 replied_by = 'lily@team.example', seconds = 300, within_target = 1
		 WHERE message_id = (SELECT id FROM messages WHERE key = 'q@acme')`,
		`DELETE FROM reply_dirty`,
		`DELETE FROM schema_migrations WHERE version = '0406_reply_sent_copy_no_answer'`)
	if c := clockOf(t, db, "q@acme"); c.Open() {
		t.Fatalf("the rig: %+v", c)
	}
	path := db.path
	db.Close()
	db, err := Open(ctx, path, t0.Add(7*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	measure(t, db, t0.Add(7*time.Minute))
	if c := clockOf(t, db, "q@acme"); !c.Open() {
		t.Fatalf("after the upgrade the step sent from Drafts still answers Bob: %+v", c)
	}
}

// The same step sent from Drafts with nothing else matching its copy: the
// follow-up job held (its files broken) or disabled, or not run yet since
// sync stored the copy. The dispatcher's pass and the reply watch match it
// themselves: the "received" draft for Bob's inquiry is not one to remove,
// his clock runs and a nudge falls due.
func TestOwnStepSentFromDraftsIsNoAnswerBeforeTheFollowUpRuns(t *testing.T) {
	db := quotedDB(t)
	ctx := context.Background()
	text := stepDraft(t, db, "Re: Quotation for pumps")
	newInquiry(t, db)
	measure(t, db, t0.Add(time.Minute))
	c := clockOf(t, db, "q@acme")
	ack := ackDraft(t, db, c.MessageID)
	save(t, db, at(sentStep("copy@team", "quote@team", "Re: Quotation for pumps", text), "lily", "Sent", 2, t0.Add(5*time.Minute)))
	// The dispatcher's pass, kicked by the sync, before any tick.
	if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 0 {
		t.Fatalf("the step sent from Drafts makes the \"received\" draft one to remove: %+v %v", got, err)
	}
	if st, err := db.DraftAnswered(ctx, ack); err != nil || st.Answered {
		t.Fatalf("the step sent from Drafts answered the message of the \"received\" draft: %+v %v", st, err)
	}
	measure(t, db, t0.Add(6*time.Minute))
	if c := clockOf(t, db, "q@acme"); !c.Open() {
		t.Fatalf("the step sent from Drafts answered Bob's inquiry: %+v", c)
	}
	if due, err := db.DueNudges(ctx, t0.Add(11*time.Minute), 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) == 0 {
		t.Fatalf("no nudge due for Bob's unanswered inquiry: %+v %v", due, err)
	}
}

// The reply watch matches the copy too when it measures first.
func TestOwnStepSentFromDraftsIsNoAnswerToTheReplyWatch(t *testing.T) {
	db := quotedDB(t)
	ctx := context.Background()
	text := stepDraft(t, db, "Re: Quotation for pumps")
	newInquiry(t, db)
	save(t, db, at(sentStep("copy@team", "quote@team", "Re: Quotation for pumps", text), "lily", "Sent", 2, t0.Add(5*time.Minute)))
	measure(t, db, t0.Add(6*time.Minute))
	c := clockOf(t, db, "q@acme")
	if !c.Open() {
		t.Fatalf("the step sent from Drafts answered Bob's inquiry: %+v", c)
	}
	if st, err := db.NudgeState(ctx, c.MessageID); err != nil || !st.AnsweredAt.IsZero() || !st.Running {
		t.Fatalf("the last look takes the step sent from Drafts for an answer: %+v %v", st, err)
	}
}

// A greeting or monthly letter keepwarm filed in Lily's Drafts, to Bob,
// which she sends from there under a new Message-ID five minutes after his
// new inquiry. Once its copy is matched it is keepwarm's mail, as the same
// letter sent by keepwarm is: it answers nobody. Bob's clock runs, the
// last look sees no answer, a nudge falls due and the "received" draft for
// his inquiry stays.
func TestGreetingOrLetterSentFromDraftsIsNoAnswer(t *testing.T) {
	for _, origin := range []string{"greeting", "letter"} {
		t.Run(origin, func(t *testing.T) {
			db := quotedDB(t)
			ctx := context.Background()
			subject := "News from Lily Chen, December"
			text := "Dear Bob, our news for Acme this December: a new pump range and our holiday hours."
			cust := count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme.com'`)
			if _, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, to_addrs, subject, text_body, mode, status,
				next_attempt_at, origin, due_at, created_at, customer_id, appended_at)
				VALUES (?, 'letter@team', 'lily', 'lily@team.example', '[{"email":"bob@acme.com"}]', ?, ?, 'draft', 'drafted',
				0, ?, 0, 0, ?, ?)`, origin+":2026-12:1", subject, text, origin, cust, t0.Add(-time.Hour).Unix()); err != nil {
				t.Fatal(err)
			}
			newInquiry(t, db)
			sent := lilyAnswer("copy@team", "")
			sent.InReplyTo, sent.References = nil, nil
			sent.Subject, sent.SubjectKey, sent.Snippet = subject, "news from lily chen, december", text
			save(t, db, at(sent, "lily", "Sent", 2, t0.Add(5*time.Minute)))
			measure(t, db, t0.Add(6*time.Minute))
			matchCopy(t, db)
			measure(t, db, t0.Add(7*time.Minute))
			c := clockOf(t, db, "q@acme")
			if !c.Open() {
				t.Fatalf("the %s sent from Drafts answered Bob's inquiry: %+v", origin, c)
			}
			if st, err := db.NudgeState(ctx, c.MessageID); err != nil || !st.AnsweredAt.IsZero() || !st.Running {
				t.Fatalf("the last look takes the %s sent from Drafts for an answer: %+v %v", origin, st, err)
			}
			if due, err := db.DueNudges(ctx, t0.Add(11*time.Minute), 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) == 0 {
				t.Fatalf("no nudge due for Bob's unanswered inquiry: %+v %v", due, err)
			}
			ack := ackDraft(t, db, c.MessageID)
			if st, err := db.DraftAnswered(ctx, ack); err != nil || st.Answered {
				t.Fatalf("the %s sent from Drafts answered the message of the \"received\" draft: %+v %v", origin, st, err)
			}
			if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 0 {
				t.Fatalf("the %s sent from Drafts makes the \"received\" draft one to remove: %+v %v", origin, got, err)
			}
		})
	}
}
