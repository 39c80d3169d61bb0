package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"
)

// explain returns the query plan of query, one line per step, indented by
// depth, with every parameter bound to 1.
func explain(db *DB, query string) (string, error) {
	conn, err := db.r.Conn(context.Background())
	if err != nil {
		return "", err
	}
	defer conn.Close()
	var out strings.Builder
	err = conn.Raw(func(dc any) error {
		sc := dc.(*sqlite3.SQLiteConn)
		st, err := sc.Prepare("EXPLAIN QUERY PLAN " + query)
		if err != nil {
			return err
		}
		defer st.Close()
		args := make([]driver.Value, st.NumInput())
		for i := range args {
			args[i] = int64(1)
		}
		rows, err := st.Query(args)
		if err != nil {
			return err
		}
		defer rows.Close()
		depth := map[int64]int{}
		dest := make([]driver.Value, 4)
		for rows.Next(dest) == nil {
			id, parent := dest[0].(int64), dest[1].(int64)
			depth[id] = depth[parent] + 1
			fmt.Fprintf(&out, "%s%s\n", strings.Repeat("  ", depth[id]-1), dest[3])
		}
		return nil
	})
	return out.String(), err
}

// partialIndex says a plan line reads one of the partial indexes of
// messages, which hold the few rows waiting for something (flagged
// messages, messages whose text is still to be fetched, bounces waiting
// for the team's mail they return), not the table.
func partialIndex(line string) bool {
	return strings.Contains(line, "INDEX messages_flagged") || strings.Contains(line, "INDEX messages_text_pending") ||
		strings.Contains(line, "INDEX messages_stray_bounces")
}

// scansAllowed are the named queries that may read the whole of messages,
// and why.
var scansAllowed = map[string]string{
	"stats-counts": "counts every message for sync's summary line, once per run",
}

// perRowAllowed are the named queries whose correlated subquery may find
// messages through messages_kind, and why that stays small.
var perRowAllowed = map[string]string{}

// messagesAliases finds the names messages goes by in query: itself and
// each alias ("FROM messages m", "JOIN messages AS o").
var messagesAlias = regexp.MustCompile(`(?i)\bmessages\s+(?:AS\s+)?([a-z_][a-z0-9_]*)`)

var sqlWords = map[string]bool{"where": true, "join": true, "left": true, "on": true, "group": true, "order": true,
	"limit": true, "set": true, "inner": true, "cross": true, "union": true, "values": true, "using": true}

// TestNoQueryScansMessages fails when a named query's plan reads the whole
// messages table (or a whole index of it): with 100,000 messages such a
// query, run per customer or per tick, is what made the first run after a
// large sync slow. Plans come from the schema alone (keepwarm never runs
// ANALYZE), so an empty database shows the plan a full one gets. A scan
// of a partial index (flagged messages, messages waiting for their text)
// reads those rows only.
func TestNoQueryScansMessages(t *testing.T) {
	db := openTest(t)
	checked := 0
	for name, query := range queries {
		if !strings.Contains(query, "messages") {
			continue
		}
		names := map[string]bool{"messages": true}
		for _, m := range messagesAlias.FindAllStringSubmatch(query, -1) {
			if a := strings.ToLower(m[1]); !sqlWords[a] {
				names[a] = true
			}
		}
		plan, err := explain(db, query)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checked++
		if line := perRowKindSearch(plan, names); line != "" && perRowAllowed[name] == "" {
			t.Errorf("query %s reads, for each row, every message of a kind: %q\nplan:\n%s", name, line, plan)
		}
		for _, line := range strings.Split(plan, "\n") {
			f := strings.Fields(line)
			if len(f) < 2 || f[0] != "SCAN" || !names[strings.ToLower(f[1])] || partialIndex(line) {
				continue
			}
			if why, ok := scansAllowed[name]; ok {
				t.Logf("%s scans messages (%s): %s", name, why, strings.TrimSpace(line))
				continue
			}
			t.Errorf("query %s reads all of messages: %q\nplan:\n%s", name, strings.TrimSpace(line), plan)
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d queries that read messages: the query files were not found", checked)
	}
}

// perRowKindSearch returns the plan line, if any, where a correlated
// subquery finds messages through messages_kind alone: for each row of the
// outer query it reads every message of that kind in a time range, so the
// query is quadratic in the mail (the opt-out reader's first run after a
// 100,000-message sync took 95 s so). A subquery per row must narrow by
// thread, customer or id.
func perRowKindSearch(plan string, names map[string]bool) string {
	correlated := -1 // the depth of the correlated subquery we are in, -1 outside
	for _, line := range strings.Split(plan, "\n") {
		depth := (len(line) - len(strings.TrimLeft(line, " "))) / 2
		if correlated >= 0 && depth <= correlated {
			correlated = -1
		}
		f := strings.Fields(line)
		if strings.HasPrefix(strings.TrimSpace(line), "CORRELATED") && correlated < 0 {
			correlated = depth
			continue
		}
		if correlated >= 0 && len(f) >= 2 && f[0] == "SEARCH" && names[strings.ToLower(f[1])] &&
			strings.Contains(line, "INDEX messages_kind ") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// TestExplainSeesAPerRowKindSearch: the check above catches a correlated
// subquery that finds a thread's latest outbound mail through
// messages_kind, as the opt-out reader's did. It reads the mail's subject,
// which no index holds: the Message-ID the opt-out reader read is in
// messages_thread since 0453, which the planner then prefers.
func TestExplainSeesAPerRowKindSearch(t *testing.T) {
	db := openTest(t)
	plan, err := explain(db, `SELECT m.id, (SELECT p.subject FROM messages p WHERE p.thread_id = m.thread_id AND p.kind = 'outbound'
		AND p.received_at <= m.received_at ORDER BY p.received_at DESC LIMIT 1) FROM messages m WHERE m.id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	if perRowKindSearch(plan, map[string]bool{"m": true, "p": true}) == "" {
		t.Fatalf("not caught:\n%s", plan)
	}
	plan, err = explain(db, `SELECT m.id, (SELECT p.subject FROM messages p WHERE p.thread_id = m.thread_id AND +p.kind = 'outbound'
		AND p.received_at <= m.received_at ORDER BY p.received_at DESC LIMIT 1) FROM messages m WHERE m.id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	if line := perRowKindSearch(plan, map[string]bool{"m": true, "p": true}); line != "" {
		t.Fatalf("caught %q in a search by thread:\n%s", line, plan)
	}
}

// TestExplainSeesAScan is the check's own check: a query that must scan
// messages is caught.
func TestExplainSeesAScan(t *testing.T) {
	plan, err := explain(openTest(t), `SELECT id FROM messages m WHERE m.snippet LIKE ?`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "SCAN m") {
		t.Fatalf("plan of a full scan: %q", plan)
	}
}

// The lookup of list-tagged thread keys, run for each message that starts
// a new thread, reads only the customer's keys that begin with "[", not
// every key of the customer: a first sync of a customer with 20,000
// threads otherwise walks them all for each new one.
func TestListTaggedKeysReadOnlyBracketKeys(t *testing.T) {
	db := openTest(t)
	plan, err := explain(db, q("ingest-subject-threads-list-tagged"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "threads_subject (customer_id=? AND subject_key>? AND subject_key<?)") {
		t.Errorf("the lookup reads every thread key of the customer:\n%s", plan)
	}
}

// outboxAlias finds the names outbox goes by in a query.
var outboxAlias = regexp.MustCompile(`(?i)\boutbox\s+(?:AS\s+)?([a-z_][a-z0-9_]*)`)

// TestNoQueryScansOutboxPerRow fails when a correlated subquery of a named
// query reads the whole outbox for each row: every step, nudge, greeting
// and draft keepwarm ever queued, once per message of a large sync. A
// step's sent copy (outbox.sent_copy) is found through its partial index,
// which holds only the copies matched: for SQLite to use it, the
// subquery must exclude the empty sent_copy as the index does.
func TestNoQueryScansOutboxPerRow(t *testing.T) {
	db := openTest(t)
	checked := 0
	for name, query := range queries {
		if !strings.Contains(query, "outbox") {
			continue
		}
		names := map[string]bool{"outbox": true}
		for _, m := range outboxAlias.FindAllStringSubmatch(query, -1) {
			if a := strings.ToLower(m[1]); !sqlWords[a] {
				names[a] = true
			}
		}
		plan, err := explain(db, query)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checked++
		correlated := -1
		for _, line := range strings.Split(plan, "\n") {
			depth := (len(line) - len(strings.TrimLeft(line, " "))) / 2
			if correlated >= 0 && depth <= correlated {
				correlated = -1
			}
			if strings.HasPrefix(strings.TrimSpace(line), "CORRELATED") && correlated < 0 {
				correlated = depth
				continue
			}
			if f := strings.Fields(line); correlated >= 0 && len(f) >= 2 && f[0] == "SCAN" && names[strings.ToLower(f[1])] {
				t.Errorf("query %s reads the whole outbox for each row: %q\nplan:\n%s", name, strings.TrimSpace(line), plan)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d queries that read the outbox", checked)
	}
}

// TestThreadMailReadsTheIndexAlone: measuring the reply clocks reads each
// thread's mail from messages_thread alone, for outbound mail too (its
// Message-ID, which the outbox is probed with, and its From name are in
// the index): a first measurement after a large sync reads every thread,
// and a page of the messages table for each outbound message was about
// half of that read's time.
func TestThreadMailReadsTheIndexAlone(t *testing.T) {
	plan, err := explain(openTest(t), q("replies-thread-mail"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "SEARCH m USING COVERING INDEX messages_thread (thread_id=?)") {
		t.Fatalf("the threads' mail is not read from messages_thread alone:\n%s", plan)
	}
}

// TestEnrollmentEventsReadTheThreadByIndex: the manual outbound mail in an
// enrollment's thread is read through messages_thread (the thread, after
// the anchor), not through messages_kind, which would read every outbound
// message of the team since the anchor for each enrollment checked. The
// planner has no statistics (keepwarm never runs ANALYZE), and a wider
// messages_thread (0453) made it take messages_kind for it.
func TestEnrollmentEventsReadTheThreadByIndex(t *testing.T) {
	plan, err := explain(openTest(t), q("seq-events"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "SEARCH m USING INDEX messages_thread (thread_id=? AND received_at>?)") {
		t.Fatalf("the thread's outbound mail is not read by thread:\n%s", plan)
	}
}

// TestPoolAnsweredReadsThePoolsMail: who answered the customers in the
// pool is read from those customers (customers_owner) and each one's
// outbound mail (messages_customer), not from every outbound message of
// the database (messages_kind) with a lookup of its customer: the book job
// runs the query every tick, and at 100,000 messages that read took
// 60-70 ms however small the pool.
func TestPoolAnsweredReadsThePoolsMail(t *testing.T) {
	plan, err := explain(openTest(t), q("book-pool-answered"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(plan), "\n")
	if !strings.HasPrefix(first, "SEARCH c USING INDEX customers_owner (owner=?)") ||
		!strings.Contains(plan, "SEARCH m USING INDEX messages_customer (customer_id=? AND kind=?)") {
		t.Fatalf("the pool's answers are not read from the pool's customers:\n%s", plan)
	}
}

// TestAnswersElsewhereSpansReadTheIndexAlone: the customers' outbound mail
// in the stretches of time an answer in another thread may come in is read
// from messages_customer alone, one range a customer: a first measurement
// after a large sync reads tens of thousands of such entries, and only
// those inside an inbound message's window are read whole.
func TestAnswersElsewhereSpansReadTheIndexAlone(t *testing.T) {
	plan, err := explain(openTest(t), q("replies-answers-elsewhere-spans"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "SEARCH r USING COVERING INDEX messages_customer (customer_id=? AND kind=? AND received_at>? AND received_at<?)") {
		t.Fatalf("the customers' outbound mail is not read from messages_customer alone:\n%s", plan)
	}
}

// TestTasksFollowOwnerFindsTheCustomersTasks: tasks_follow_owner, which
// moves a customer's open call tasks to its new owner, finds them by the
// customer (tasks_customer_open), not by reading every task: it fires for
// each of the thousands of owner changes the pool makes after a large
// sync. EXPLAIN QUERY PLAN does not show a trigger's program, so its body
// is explained alone, NEW's fields bound as parameters.
func TestTasksFollowOwnerFindsTheCustomersTasks(t *testing.T) {
	db := openTest(t)
	var body string
	if err := db.r.Get(&body, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'tasks_follow_owner'"); err != nil {
		t.Fatal(err)
	}
	_, body, _ = strings.Cut(body, "BEGIN")
	body, _, _ = strings.Cut(body, "END")
	body = strings.TrimSuffix(strings.TrimSpace(body), ";")
	body = regexp.MustCompile(`NEW\.[a-z_]+`).ReplaceAllString(body, "?")
	plan, err := explain(db, body)
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if !strings.Contains(plan, "SEARCH tasks USING INDEX tasks_customer_open (customer_id=?)") {
		t.Fatalf("tasks_follow_owner does not find the customer's tasks by index:\n%s\n%s", body, plan)
	}
}

// An import asks, for each shared address the book's contact holds with
// nothing of its own, what mail vouches for that contact (contactVouched):
// every nightly re-import, inside its write transaction. It finds the mail
// through the contact's own messages, not by reading every message's
// sender: no index of messages starts with from_email but the outbound
// one.
func TestImportMailQuestionsReadTheContactsMailOnly(t *testing.T) {
	db := openTest(t)
	for _, name := range []string{"book-contact-from-names", "book-contact-mailed"} {
		plan, err := explain(db, q(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, line := range strings.Split(plan, "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "SCAN" && f[1] != "CONSTANT" {
				t.Errorf("%s scans %s: %q\nplan:\n%s", name, f[1], strings.TrimSpace(line), plan)
			}
		}
		if !strings.Contains(plan, "message_contacts") {
			t.Errorf("%s does not go through the contact's messages:\n%s", name, plan)
		}
	}
}

// TestSentDraftCopiesReadFromTheOutbox: the copies in Sent of steps filed
// in Drafts are looked for from the outbox's drafts (outbox_due, by
// status), then each one's customer's outbound mail since it was filed
// (messages_customer), not from every outbound message of the database
// (messages_kind) with a lookup of its customer's outbox items: the tick
// runs the query three times (the follow-up job, the reply clocks, the
// "received" drafts), and at 100,000 messages each such read took about
// 60 ms with an empty outbox.
func TestSentDraftCopiesReadFromTheOutbox(t *testing.T) {
	plan, err := explain(openTest(t), q("seq-sent-draft-copies"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plan, "INDEX messages_kind ") ||
		!strings.Contains(plan, "SEARCH m USING INDEX messages_customer (customer_id=? AND kind=? AND received_at>?)") {
		t.Fatalf("the sent copies are not read from the outbox's drafts:\n%s", plan)
	}
}
