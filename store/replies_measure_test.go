package store

import (
	"cmp"
	"context"
	"database/sql/driver"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"keepwarm"
)

// oldMeasure is the set-based query the clocks were measured with before
// measureThread: one row per inbound customer message with its answer (a
// correlated subquery per message) and its run (a window function). Kept
// here as the reference the one-pass measurement must agree with (with the
// answer written to the sender in another thread added: ?2 is its window;
// and in the thread, an answer filed under another customer that has the
// sender or another contact of the sender's customer in To or Cc).
const oldMeasure = `
WITH inb AS (
    SELECT m.id, m.thread_id, m.customer_id, m.mailbox, m.received_at,
           coalesce((SELECT o.id FROM messages o
                     WHERE o.received_at > m.received_at
                       AND +o.kind = 'outbound'
                       AND (+o.customer_id = m.customer_id
                            AND (o.thread_id = m.thread_id
                                 OR (o.received_at <= m.received_at + ?2
                                     AND instr(',' || o.to_addrs || ',', ',' || m.from_email || ',') > 0
                                     AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.message_id = o.message_id
                                                     AND x.origin IN ('sequence', 'greeting', 'letter'))))
                            OR o.thread_id = m.thread_id AND +o.customer_id IS NOT NULL
                               AND (instr(',' || o.to_addrs || ',' || o.cc_addrs || ',', ',' || m.from_email || ',') > 0
                                    OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.customer_id = m.customer_id AND ct.email != ''
                                               AND instr(',' || o.to_addrs || ',' || o.cc_addrs || ',', ',' || ct.email || ',') > 0)))
                     ORDER BY o.received_at, o.id LIMIT 1), 0) AS reply_id
    FROM json_each(?1) d
    CROSS JOIN messages m ON m.thread_id = d.value
    WHERE +m.kind = 'inbound' AND m.customer_id IS NOT NULL
),
runs AS (
    SELECT inb.*,
           first_value(id) OVER w AS first_id,
           first_value(received_at) OVER w AS started_at
    FROM inb
    WINDOW w AS (PARTITION BY thread_id, customer_id, reply_id ORDER BY received_at, id)
)
SELECT r.id, r.thread_id, r.customer_id, c.key, c.grade, c.owner, r.mailbox, r.received_at, r.started_at,
       CASE WHEN r.first_id = r.id THEN 0 ELSE r.first_id END AS covered_by,
       coalesce(o.received_at, 0) AS replied_at, r.reply_id,
       coalesce(o.from_email, '') AS reply_from, coalesce(o.mailbox, '') AS reply_mailbox,
       coalesce(o.from_name, '') AS reply_from_name
FROM runs r
JOIN customers c ON c.id = r.customer_id
LEFT JOIN messages o ON o.id = r.reply_id
ORDER BY r.id`

// oldClock reads one row of oldMeasure.
func oldClock(row []driver.Value) keepwarm.ReplyClock {
	c := keepwarm.ReplyClock{
		MessageID: integer(row[0]), ThreadID: integer(row[1]), CustomerID: integer(row[2]),
		Customer: text(row[3]), Grade: text(row[4]), CustomerOwner: text(row[5]), Mailbox: text(row[6]),
		ReceivedAt: fromUnix(integer(row[7])), StartedAt: fromUnix(integer(row[8])),
		CoveredBy: integer(row[9]), ReplyID: integer(row[11]),
		ReplyFrom: text(row[12]), ReplyMailbox: text(row[13]), ReplyFromName: text(row[14]),
	}
	if at := integer(row[10]); at != 0 {
		c.RepliedAt = fromUnix(at)
	}
	return c
}

// saveHistory stores a mailtest.History of n messages folder by folder, as
// sync stores it.
func saveHistory(t testing.TB, db *DB, n int) time.Time {
	t.Helper()
	folders, last := historyFolders(n)
	for _, all := range folders {
		for i := 0; i < len(all); i += 500 {
			batch := all[i:min(i+500, len(all))]
			st := keepwarm.FolderState{Mailbox: batch[0].Copy.Mailbox, Folder: batch[0].Copy.Folder, UIDValidity: 1,
				LastUID: batch[len(batch)-1].Copy.UID, SyncedAt: t0}
			if _, err := db.SaveBatch(context.Background(), st, batch); err != nil {
				t.Fatal(err)
			}
		}
	}
	return last
}

// The one-pass measurement gives every clock the set-based query gave, on
// a realistic history bent to hold the cases the order matters in: answers
// at the same instant as the inquiry (not an answer), inquiries at one
// instant, outbound mail to another customer of the thread or to none, two
// customers in one thread.
func TestMeasureThreadMatchesTheQuery(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	last := saveHistory(t, db, 4000)
	prev := `(SELECT max(p.received_at) FROM messages p WHERE p.thread_id = messages.thread_id
	          AND p.received_at < messages.received_at)`
	for _, stmt := range []string{
		`UPDATE messages SET received_at = ` + prev + ` WHERE kind = 'outbound' AND id % 5 = 0 AND ` + prev + ` IS NOT NULL`,
		`UPDATE messages SET received_at = ` + prev + ` WHERE kind = 'inbound' AND id % 7 = 0 AND ` + prev + ` IS NOT NULL`,
		`UPDATE messages SET customer_id = (SELECT min(id) FROM customers) WHERE kind IN ('outbound', 'inbound') AND id % 11 = 0`,
		`UPDATE messages SET customer_id = NULL WHERE kind = 'outbound' AND id % 13 = 0`,
	} {
		if _, err := db.w.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	var threads []int64
	if err := db.w.SelectContext(ctx, &threads, `SELECT id FROM threads ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(threads)
	rows, err := db.w.QueryContext(ctx, oldMeasure, string(js), int64(AnswerElsewhere/time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var want []keepwarm.ReplyClock
	for rows.Next() {
		vals := make([]any, 15)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]driver.Value, len(vals))
		for i, v := range vals {
			row[i] = v
		}
		want = append(want, oldClock(row))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()

	var got []keepwarm.ReplyClock
	n, err := db.MeasureReplies(ctx, last, "test", func(c *keepwarm.ReplyClock) { got = append(got, *c) })
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) || len(got) != len(want) {
		t.Fatalf("measured %d clocks (judged %d), the query gives %d", n, len(got), len(want))
	}
	slices.SortFunc(got, func(a, b keepwarm.ReplyClock) int { return cmp.Compare(a.MessageID, b.MessageID) })
	var covered, answered, sameInstant, otherCustomer int
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("clock %d:\none pass %+v\nquery    %+v", want[i].MessageID, got[i], want[i])
		}
		w := want[i]
		if w.CoveredBy != 0 {
			covered++
		}
		if !w.Open() {
			answered++
		}
		if w.CustomerID == 1 {
			otherCustomer++
		}
	}
	if err := db.w.GetContext(ctx, &sameInstant, `SELECT count(*) FROM messages i JOIN messages o
		ON o.thread_id = i.thread_id AND o.received_at = i.received_at AND o.kind = 'outbound' AND o.customer_id = i.customer_id
		WHERE i.kind = 'inbound'`); err != nil {
		t.Fatal(err)
	}
	// Answered by mail filed under another customer, with the sender or
	// another contact of the sender's customer in To or Cc.
	var byRecipient int
	if err := db.w.GetContext(ctx, &byRecipient, `SELECT count(*) FROM reply_clocks rc JOIN messages o ON o.id = rc.reply_id
		WHERE o.customer_id != rc.customer_id`); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d clocks: %d covered, %d answered (%d by mail filed under another customer), %d of the first customer; %d inquiries answered at their instant",
		len(want), covered, answered, byRecipient, otherCustomer, sameInstant)
	if covered < 20 || answered < 100 || len(want)-answered < 20 || otherCustomer < 20 || sameInstant < 20 || byRecipient < 5 {
		t.Fatal("the history lacks a case the comparison needs")
	}
}

// Measuring again after messages moved to other threads, stopped being
// customer mail or changed customer, and customers got a new owner or
// grade, leaves the clocks a measurement from scratch gives: the stale ones
// are gone, none is lost, each has its customer's owner and, while it runs,
// its target. A clock answered by the same message as before keeps the
// target it was judged against (history is not rewritten), where a
// measurement from scratch judges it with today's: compared apart.
func TestMeasureAgainEqualsFromScratch(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	last := saveHistory(t, db, 3000)
	if _, err := db.MeasureReplies(ctx, last, "test", testJudge); err != nil {
		t.Fatal(err)
	}
	clocks := func() []string {
		var out []string
		if err := db.w.SelectContext(ctx, &out, `SELECT printf('%d %d %d %d %d %d %d %s %d', message_id, thread_id, customer_id,
			coalesce(covered_by, 0), started_at, coalesce(reply_id, 0), coalesce(replied_at, 0), owner,
			CASE WHEN reply_id IS NULL THEN target_seconds ELSE -1 END)
			FROM reply_clocks ORDER BY message_id`); err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := clocks()
	judged := func() map[string]string {
		var rows []struct{ Key, Target string }
		if err := db.w.SelectContext(ctx, &rows, `SELECT printf('%d %d', message_id, reply_id) AS key, target_seconds AS target
			FROM reply_clocks WHERE reply_id IS NOT NULL`); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range rows {
			out[r.Key] = r.Target
		}
		return out
	}
	judgedBefore := judged()
	for _, stmt := range []string{
		`UPDATE messages SET thread_id = (SELECT min(id) FROM threads) WHERE kind = 'inbound' AND id % 9 = 0`,
		`UPDATE messages SET kind = 'auto_reply' WHERE kind = 'inbound' AND id % 10 = 1`,
		`UPDATE messages SET customer_id = NULL WHERE kind = 'inbound' AND id % 10 = 2`,
		`UPDATE messages SET customer_id = (SELECT max(id) FROM customers) WHERE kind = 'inbound' AND id % 10 = 3`,
		`UPDATE customers SET owner = 'new-owner@acme-export.com' WHERE id % 3 = 0`,
		`UPDATE customers SET grade = 'A' WHERE id % 4 = 0`,
	} {
		if _, err := db.w.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.MeasureReplies(ctx, last, "test", testJudge); err != nil {
		t.Fatal(err)
	}
	again := clocks()
	kept := 0
	for k, target := range judged() {
		if was, ok := judgedBefore[k]; ok {
			if target != was {
				t.Fatalf("clock %s answered by the same message: target %s, was %s", k, target, was)
			}
			kept++
		}
	}
	if kept < 100 {
		t.Fatalf("only %d answered clocks kept their answer: the test says nothing", kept)
	}
	for _, stmt := range []string{`DELETE FROM reply_clocks`, `INSERT INTO reply_dirty (thread_id) SELECT id FROM threads`} {
		if _, err := db.w.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.MeasureReplies(ctx, last, "test", testJudge); err != nil {
		t.Fatal(err)
	}
	scratch := clocks()
	if reflect.DeepEqual(before, scratch) {
		t.Fatal("the changes changed no clock: the test says nothing")
	}
	if !reflect.DeepEqual(again, scratch) {
		t.Fatalf("measured again: %d clocks, from scratch: %d", len(again), len(scratch))
	}
}

// MeasureThreads measures the threads it is given and no other: after a
// sync, with every thread changed, one thread's clocks are written (the
// same clocks MeasureReplies then writes) and the rest stay marked as
// changed for the reply job.
func TestMeasureThreadsLeavesTheOtherChangedThreads(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	last := saveHistory(t, db, 300)
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.w.GetContext(ctx, &n, query, args...); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var thread int64
	if err := db.w.GetContext(ctx, &thread, `SELECT thread_id FROM messages WHERE kind = 'inbound' AND customer_id IS NOT NULL ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	dirty := count(`SELECT count(*) FROM reply_dirty`)
	if dirty < 10 || count(`SELECT count(*) FROM reply_dirty WHERE thread_id = ?`, thread) != 1 {
		t.Fatalf("%d threads changed by the sync, want many and %d among them", dirty, thread)
	}
	n, err := db.MeasureThreads(ctx, last, testJudge, []int64{thread, thread})
	if err != nil || n == 0 {
		t.Fatalf("measured %d clocks: %v", n, err)
	}
	if got := count(`SELECT count(*) FROM reply_clocks`); got != n || count(`SELECT count(*) FROM reply_clocks WHERE thread_id = ?`, thread) != n {
		t.Errorf("%d clocks written, %d of them in thread %d", got, n, thread)
	}
	if got := count(`SELECT count(*) FROM reply_dirty`); got != dirty-1 || count(`SELECT count(*) FROM reply_dirty WHERE thread_id = ?`, thread) != 0 {
		t.Errorf("%d threads still marked changed, want %d: all but the measured one", got, dirty-1)
	}
	clocks := func() []string {
		var out []string
		if err := db.w.SelectContext(ctx, &out, `SELECT printf('%d %d %d %d %d %s', message_id, coalesce(covered_by, 0), started_at,
			coalesce(replied_at, 0), coalesce(reply_id, 0), owner) FROM reply_clocks WHERE thread_id = ? ORDER BY message_id`, thread); err != nil {
			t.Fatal(err)
		}
		return out
	}
	mine := clocks()
	if _, err := db.MeasureReplies(ctx, last, "test", testJudge); err != nil {
		t.Fatal(err)
	}
	if count(`SELECT count(*) FROM reply_dirty`) != 0 || count(`SELECT count(*) FROM reply_clocks`) <= n {
		t.Error("the reply job's measurement did not take the rest")
	}
	if again := clocks(); !reflect.DeepEqual(mine, again) {
		t.Errorf("the thread measured alone: %v\nmeasured with the rest: %v", mine, again)
	}
}
