package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"testing"
	"time"

	"keepwarm"
)

// smallChunks makes MeasureReplies take n threads a transaction for the
// test, and tells each chunk's threads to seen, and whether it inserted
// them as a first measurement's.
func smallChunks(t *testing.T, n int, seen func(threads []int64, fresh bool)) {
	t.Helper()
	oldChunk, oldSeen := measureChunk, chunkMeasured
	measureChunk, chunkMeasured = n, seen
	t.Cleanup(func() { measureChunk, chunkMeasured = oldChunk, oldSeen })
}

// clockRows is every stored clock, a line each, in message order.
func clockRows(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.r.Query(`SELECT * FROM reply_clocks ORDER BY message_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// A first measurement after a sync, in many transactions, measures each
// thread once: a thread an earlier transaction measured is not measured
// again for the team's mail in a later one's thread that may answer it
// elsewhere (it was there already when the thread was measured). The
// clocks are those of a measurement in one transaction.
func TestFirstMeasurementMeasuresEachThreadOnce(t *testing.T) {
	one := openTest(t)
	last := saveHistory(t, one, 2000)
	measure(t, one, last.Add(time.Hour))
	want := clockRows(t, one)

	times := map[int64]int{}
	chunks, stale := 0, 0 // chunks, and those not inserted
	smallChunks(t, 50, func(threads []int64, fresh bool) {
		for _, id := range threads {
			times[id]++
		}
		chunks++
		if !fresh {
			stale++
		}
	})
	db := openTest(t)
	saveHistory(t, db, 2000)
	if n := measure(t, db, last.Add(time.Hour)); n != len(want) {
		t.Errorf("wrote %d clocks, want %d (each once)", n, len(want))
	}
	if stale > 0 {
		t.Errorf("%d of the first measurement's %d transactions upserted its clocks: only the first measurement's inserts keep no statement journal", stale, chunks)
	}
	again := 0
	for _, n := range times {
		if n > 1 {
			again++
		}
	}
	if again > 0 || len(times) < 200 {
		t.Errorf("%d of %d threads measured more than once", again, len(times))
	}
	got := clockRows(t, db)
	if len(got) != len(want) {
		t.Fatalf("%d clocks, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("clock %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}

	// A later measurement finds clocks stored: it upserts.
	chunks, stale = 0, 0
	q := msg("later@acme")
	save(t, db, at(q, "team", "INBOX", 900001, last.Add(2*time.Hour)))
	measure(t, db, last.Add(3*time.Hour))
	if chunks == 0 || stale != chunks {
		t.Errorf("a later measurement inserted %d of its %d transactions' clocks as a first measurement's", chunks-stale, chunks)
	}
}

// A trigger's rows are not counted as the first measurement's own: a
// trigger on reply_clocks (none today) would otherwise make every first
// measurement write all its clocks a second time through the upsert.
func TestFirstMeasurementCountsOnlyTheClocksItInserted(t *testing.T) {
	db := openTest(t)
	last := saveHistory(t, db, 300)
	// On the writer (its one connection): a note of each row inserted or
	// changed in reply_clocks.
	for _, stmt := range []string{
		`CREATE TEMP TABLE noted (what TEXT)`,
		`CREATE TEMP TRIGGER noted_insert AFTER INSERT ON main.reply_clocks BEGIN INSERT INTO noted VALUES ('insert'); END`,
		`CREATE TEMP TRIGGER noted_update AFTER UPDATE ON main.reply_clocks BEGIN INSERT INTO noted VALUES ('update'); END`,
	} {
		if _, err := db.w.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	chunks, stale := 0, 0
	smallChunks(t, 20, func(_ []int64, fresh bool) {
		chunks++
		if !fresh {
			stale++
		}
	})
	n := measure(t, db, last.Add(time.Hour))
	if n == 0 || stale > 0 {
		t.Fatalf("the rig: %d clocks, %d of %d transactions not a first measurement's", n, stale, chunks)
	}
	var inserted, updated int
	if err := db.w.QueryRow(`SELECT count(*) FILTER (WHERE what = 'insert'), count(*) FILTER (WHERE what = 'update') FROM noted`).Scan(&inserted, &updated); err != nil {
		t.Fatal(err)
	}
	if inserted != n || updated != 0 {
		t.Fatalf("%d clocks inserted and %d written again, want %d and none", inserted, updated, n)
	}
}

// Mail stored between two of a measurement's transactions is seen: Lily's
// answer to Bob in the thread of an older order, stored after his
// question's thread was measured and before that older thread's turn,
// stops his clock as it would have a measurement later.
func TestMailStoredBetweenMeasuringTransactionsIsSeen(t *testing.T) {
	db := openTest(t)
	lilyAnswersBetweenTransactions(t, db, func(answer keepwarm.Incoming) { save(t, db, answer) })
}

// lilyAnswersBetweenTransactions runs TestMailStoredBetweenMeasuringTransactionsIsSeen's
// rig with write storing Lily's answer after the first measuring
// transaction, and checks that Bob's clock stops at it.
func lilyAnswersBetweenTransactions(t *testing.T, db *DB, write func(answer keepwarm.Incoming)) {
	t.Helper()
	q := msg("q@acme")
	save(t, db, at(q, "team", "INBOX", 1, t0))
	old := msg("old@acme")
	old.Subject, old.SubjectKey = "Order 77", subjectKey("77")
	save(t, db, at(old, "team", "INBOX", 2, t0.Add(-30*24*time.Hour)))
	if qt, ot := count(t, db, `SELECT thread_id FROM messages WHERE key = 'q@acme'`), count(t, db, `SELECT thread_id FROM messages WHERE key = 'old@acme'`); qt >= ot {
		t.Fatalf("the rig: Bob's question's thread %d is measured after the order's %d", qt, ot)
	}
	chunks := 0
	smallChunks(t, 1, func([]int64, bool) {
		chunks++
		if chunks == 1 { // Bob's question measured, the order's thread not yet
			write(at(lilyWrites("ans@team", "old@acme", "77"), "lily", "Sent", 1, t0.Add(3*time.Minute)))
		}
	})
	measure(t, db, t0.Add(4*time.Minute))
	c := clockOf(t, db, "q@acme")
	if c.Open() || !c.RepliedAt.Equal(t0.Add(3*time.Minute)) || c.RepliedBy != "lily@team.example" {
		t.Fatalf("the answer stored between the measuring transactions left Bob's clock %+v", c)
	}
	if chunks < 2 {
		t.Fatalf("measured in %d transactions", chunks)
	}
}

// Another process (keepwarm sync from a shell) storing Lily's answer
// between two of the daemon's measuring transactions: the writer's own
// count of changes is unchanged, the database's data_version is not.
func TestMailStoredByAnotherProcessBetweenMeasuringTransactionsIsSeen(t *testing.T) {
	db := openTest(t)
	lilyAnswersBetweenTransactions(t, db, func(answer keepwarm.Incoming) {
		other, err := Open(context.Background(), db.path, t0)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		save(t, other, answer)
	})
}

// The writer's connection dropped (the pool opens another) and Lily's
// answer stored on the new one between two measuring transactions, which
// happens to leave the new connection's count of changes and data_version
// those the old one had: only the connection tells.
func TestMailStoredOnAnotherWriterConnectionBetweenMeasuringTransactionsIsSeen(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	writes := func() (changes, version int64) {
		t.Helper()
		if err := db.w.QueryRowContext(ctx, `SELECT total_changes(), (SELECT data_version FROM pragma_data_version)`).Scan(&changes, &version); err != nil {
			t.Fatal(err)
		}
		return changes, version
	}
	lilyAnswersBetweenTransactions(t, db, func(answer keepwarm.Incoming) {
		changes, version := writes()
		c, err := db.w.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c.Raw(func(any) error { return driver.ErrBadConn }) // the pool drops it
		c.Close()
		save(t, db, answer)
		now, nowVersion := writes()
		if now >= changes || nowVersion != version {
			t.Fatalf("the rig: the new connection's changes %d and data_version %d, the old one's %d and %d", now, nowVersion, changes, version)
		}
		if _, err := db.w.ExecContext(ctx, `CREATE TEMP TABLE pad (n)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.w.ExecContext(ctx, `INSERT INTO pad WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?) SELECT n FROM k`, changes-now); err != nil {
			t.Fatal(err)
		}
		if now, nowVersion = writes(); now != changes || nowVersion != version {
			t.Fatalf("the rig: the new connection's changes %d and data_version %d, the old one's %d and %d", now, nowVersion, changes, version)
		}
	})
}
