package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"

	"keepwarm"
)

// measureChunk is how many dirty threads one measuring transaction takes:
// small enough that a sync batch never waits long for the writer (2,000
// threads take some 20 ms of a first measurement after a sync of
// 100,000 messages), large enough that a first measurement does not spend
// its time starting transactions.
var measureChunk = 2000 // a variable for tests

// chunkMeasured, when set (by a test), is told after each measuring
// transaction commits which threads it measured, and whether it took a
// first measurement's path (fresh: inserted, see measurePass).
var chunkMeasured func(threads []int64, fresh bool)

// MeasureReplies brings the reply clocks up to date: it recomputes, in SQL,
// the clocks of the threads that changed since the last call (triggers on
// messages and customers record them in the same transaction as the change)
// and lets judge fill the fields that depend on the configuration
// (RepliedBy, Owner, Target, BusinessSeconds); judge must not touch the
// database, it runs inside the transaction. settings fingerprints what the
// judge depends on (targets, hours, team); when it differs from the last
// call's, every clock is measured again. It returns the number of clocks
// written.
func (db *DB) MeasureReplies(ctx context.Context, now time.Time, settings string, judge func(*keepwarm.ReplyClock)) (int, error) {
	if err := db.replySettings(ctx, settings); err != nil {
		return 0, err
	}
	if err := db.MatchSentDrafts(ctx, now.Add(-SentDraftWindow)); err != nil {
		return 0, err
	}
	total := 0
	scratch := measureScratch{pass: measurePass{on: true}}
	for {
		n, threads, err := db.measureChunk(ctx, now, judge, nil, &scratch)
		if err != nil {
			return total, fmt.Errorf("store: measure replies: %w", err)
		}
		total += n
		if threads < measureChunk {
			return total, nil
		}
	}
}

// MeasureThreads measures the reply clocks of the given threads alone, as
// MeasureReplies measures a changed thread, whether or not they are marked
// as changed, and clears their marks; other changed threads stay for the
// next MeasureReplies (a mark "no answer needed" made on the desk shows at
// once without waiting for a large sync's backlog). The settings
// fingerprint is left to MeasureReplies: if it changed, that call measures
// every clock again, these included.
func (db *DB) MeasureThreads(ctx context.Context, now time.Time, judge func(*keepwarm.ReplyClock), threads []int64) (int, error) {
	if err := db.MatchSentDrafts(ctx, now.Add(-SentDraftWindow)); err != nil {
		return 0, err
	}
	ids := slices.Compact(slices.Sorted(slices.Values(threads)))
	total := 0
	var scratch measureScratch
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), measureChunk)]
		ids = ids[len(chunk):]
		n, _, err := db.measureChunk(ctx, now, judge, chunk, &scratch)
		if err != nil {
			return total, fmt.Errorf("store: measure the replies of threads %v: %w", chunk, err)
		}
		total += n
	}
	return total, nil
}

func (db *DB) replySettings(ctx context.Context, settings string) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var old string
		err := tx.GetContext(ctx, &old, q("replies-settings-get"))
		if err == nil && old == settings {
			return nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("replies-dirty-all")); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, q("replies-settings-set"), settings)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: reply settings: %w", err)
	}
	return nil
}

// measurePass is what the chunks of one MeasureReplies call know of the
// chunks before them. A measurement reads nothing but what is stored (the
// mail, the book, the marks, the outbox, the absences), so a thread an
// earlier chunk measured is still measured right as long as nothing but
// the call itself has written to the database since: measuring it again
// for an answer elsewhere in a later chunk's thread would write the same
// clocks. A first measurement after a large sync (reply_clocks empty) so
// measures each thread once, reads no clocks of its threads (they hold
// none yet) and inserts its clocks instead of upserting them: after a
// 100,000-message sync it measured 2,557 clocks a second time, each chunk
// asking which measured threads its outbound mail might answer elsewhere.
// Whether anything else wrote in between is told by the writer
// connection's total_changes() (every write of this process goes through
// it) and data_version (another connection's commit, another process's
// included); any doubt, and the chunk measures as every measurement did.
type measurePass struct {
	on      bool // a MeasureReplies call (MeasureThreads measures its threads whole)
	started bool // a chunk has run
	// empty: reply_clocks held no clock when the call began and nothing
	// else has written since, so every stored clock is one this call
	// measured.
	empty    bool
	measured map[int64]bool // threads this call measured, nothing else having written since
	// The writer's state after the previous chunk's last write.
	conn             *sqlite3.SQLiteConn
	changes, version int64
}

// measureChunk measures up to measureChunk dirty threads in one transaction
// (only, when not nil: those threads, dirty or not) and returns the clocks
// written and the threads taken. Clocks are derived
// from the stored mail and a lost commit loses the threads' dirty marks'
// removal with them, so the commit need not wait for the disk (as a sync
// batch's, see inBatchTx); a nudge queued from them commits durably.
func (db *DB) measureChunk(ctx context.Context, now time.Time, judge func(*keepwarm.ReplyClock), only []int64, scratch *measureScratch) (int, int, error) {
	var written, taken int
	pass := &scratch.pass
	var after measurePass // the pass's state once this chunk commits
	var measuredIDs []int64
	var measuredFresh bool
	err := db.inBatchTx(ctx, []string{"replies-writes", "replies-clocks-none", "rows-changed", "replies-dirty", "replies-elsewhere", "replies-thread-mail", "replies-thread-recipients", "replies-answers-elsewhere-spans", "replies-answers-elsewhere", "replies-thread-clocks", "replies-thread-pooled", "replies-customers", "replies-named-customers", "replies-unseen-headers", "replies-unseen-texts", "replies-held-ids", "replies-team-senders", "replies-team-absences", "replies-covered-ids"}, refetchable, func(tx *batchTx) error {
		after = *pass
		if pass.on {
			row, err := tx.row("replies-writes")
			if err != nil {
				return err
			}
			if !pass.started {
				none, err := tx.row("replies-clocks-none")
				if err != nil {
					return err
				}
				after.started, after.empty, after.measured = true, integer(none[0]) == 1, map[int64]bool{}
			} else if tx.conn != pass.conn || integer(row[0]) != pass.changes || integer(row[1]) != pass.version {
				// Something else wrote: what this call measured may be
				// out of date.
				after.empty, after.measured = false, map[int64]bool{}
			}
		}
		ids := only
		if ids == nil {
			err := tx.each("replies-dirty", func(row []driver.Value) error {
				ids = append(ids, integer(row[0]))
				return nil
			}, int64(measureChunk))
			if err != nil {
				return err
			}
		}
		if len(ids) == 0 {
			return nil
		}
		taken = len(ids)
		js, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		// fresh: these threads hold no clock, nor does any other message
		// of theirs (every stored clock is of a thread this call measured,
		// and these are others).
		fresh := after.empty && !slices.ContainsFunc(ids, func(id int64) bool { return after.measured[id] })
		// Clocks an answer written elsewhere in these threads may stop,
		// but for those this call measured (up to date).
		// (Clipped: only may be a part of the caller's slice, whose next
		// chunk an append must not overwrite.)
		ids = slices.Clip(ids)
		more := len(ids)
		if !fresh {
			err = tx.each("replies-elsewhere", func(row []driver.Value) error {
				if id := integer(row[0]); !after.measured[id] {
					ids = append(ids, id)
				}
				return nil
			}, string(js), int64(AnswerElsewhere/time.Second))
			if err != nil {
				return err
			}
		}
		if len(ids) > more {
			slices.Sort(ids) // replies-thread-mail reads the threads in the array's order
			if js, err = json.Marshal(ids); err != nil {
				return err
			}
		}
		mail := scratch.mail[:0]
		defer func() { scratch.mail = mail }()
		err = tx.each("replies-thread-mail", func(row []driver.Value) error {
			mail = append(mail, readThreadMail(row))
			return nil
		}, string(js))
		if err != nil {
			return err
		}
		if err := threadCustomers(tx, mail); err != nil {
			return err
		}
		// Each thread's mail, in the order measureThread reads it.
		var threads []int // where each thread's mail starts in mail, and len(mail)
		for start := 0; start < len(mail); {
			end := start + 1
			for end < len(mail) && mail[end].threadID == mail[start].threadID {
				end++
			}
			if end < len(mail) && mail[end].threadID < mail[start].threadID {
				return fmt.Errorf("thread %d's mail read after thread %d's: the query no longer reads threads in order", mail[end].threadID, mail[start].threadID)
			}
			inThreadOrder(mail[start:end])
			threads = append(threads, start)
			start = end
		}
		threads = append(threads, len(mail))
		if err := threadRecipients(tx, mail, threads); err != nil {
			return err
		}
		if err := namedCustomers(tx, mail); err != nil {
			return err
		}
		if err := answersElsewhere(tx, mail, threads); err != nil {
			return err
		}
		if err := unseenAnswers(tx, mail, threads); err != nil {
			return err
		}
		clocks := scratch.clocks[:0]
		defer func() { scratch.clocks = clocks }()
		for k := 0; k+1 < len(threads); k++ {
			clocks = measureThread(mail[threads[k]:threads[k+1]], clocks, judge)
		}
		// The clocks these threads hold now: those not measured again
		// belong to a message that moved to another thread (upserted
		// there) or is no longer an inbound customer message. Read before
		// the upsert, from reply_clocks_thread alone: after a large sync
		// the threads hold none yet.
		stale := map[int64]bool{}
		// The clocks that went back to the pool within their target:
		// past it, the pool's answerer is who they are filed under.
		pooled := map[int64]string{}
		if !fresh {
			err = tx.each("replies-thread-clocks", func(row []driver.Value) error {
				stale[integer(row[0])] = true
				return nil
			}, string(js))
			if err != nil {
				return err
			}
			for i := range clocks {
				delete(stale, clocks[i].MessageID)
			}
			err = tx.each("replies-thread-pooled", func(row []driver.Value) error {
				pooled[integer(row[0])] = ""
				return nil
			}, string(js))
			if err != nil {
				return err
			}
		}
		// Written in the table's order: a first measurement inserts
		// thousands a chunk, spread over the messages' ids by thread. The
		// order is sorted, not the clocks: moving clocks of some 400 bytes
		// took as long as judging them.
		order := scratch.order[:0]
		defer func() { scratch.order = order }()
		for i := range clocks {
			order = append(order, int32(i))
		}
		slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(clocks[a].MessageID, clocks[b].MessageID) })
		// Fresh clocks are inserted (no clock of theirs can be stored):
		// an INSERT OR IGNORE keeps no statement journal, which the
		// upsert's every statement fills with the pages it changes. Should
		// one leave a row out after all, the upsert writes them all again
		// (a clock it inserted is rewritten as it is).
		write := "replies-upsert"
		if fresh {
			write = "replies-insert"
		}
		// The rows the INSERT statements wrote themselves (a trigger's
		// rows, which total_changes() counts, are not theirs).
		var inserted int64
		run := func(n int, args []driver.Value) error {
			if !fresh {
				return tx.runRows(write, n, args)
			}
			k, err := tx.runRowsCount(write, n, args)
			inserted += k
			return err
		}
		args := make([]driver.Value, 0, upsertRows*clockCols)
		nowArg := driver.Value(unix(now))
		for _, i := range order {
			if err := ctx.Err(); err != nil {
				return err
			}
			c := &clocks[i]
			if judge != nil {
				judge(c)
				if _, ok := pooled[c.MessageID]; ok {
					pool := *c
					pool.CustomerOwner = ""
					judge(&pool)
					pooled[c.MessageID] = pool.Owner
				}
			}
			args = appendClockArgs(args, c, nowArg)
			if len(args) == upsertRows*clockCols {
				if err := run(upsertRows, args); err != nil {
					return err
				}
				args = args[:0]
			}
		}
		for i := 0; i < len(args); i += clockCols { // the rest one by one: one statement less to prepare
			if err := run(1, args[i:i+clockCols]); err != nil {
				return err
			}
		}
		if fresh && inserted != int64(len(clocks)) {
			if err := upsertClocks(ctx, tx, clocks, order, now); err != nil {
				return err
			}
		}
		for id, owner := range pooled {
			if owner == "" { // no judge, or no longer measured
				continue
			}
			if _, err := tx.execOnce("replies-pool-owner", id, owner); err != nil {
				return err
			}
		}
		written = len(clocks)
		if len(stale) > 0 {
			sjs, err := json.Marshal(slices.Sorted(maps.Keys(stale)))
			if err != nil {
				return err
			}
			if _, err := tx.execOnce("replies-delete-stale", string(sjs)); err != nil {
				return err
			}
		}
		if _, err = tx.execOnce("replies-dirty-clear", string(js)); err != nil {
			return err
		}
		measuredIDs, measuredFresh = ids, fresh
		if pass.on {
			row, err := tx.row("replies-writes")
			if err != nil {
				return err
			}
			after.conn, after.changes, after.version = tx.conn, integer(row[0]), integer(row[1])
			for _, id := range ids {
				after.measured[id] = true
			}
		}
		return nil
	})
	if err == nil {
		*pass = after
		if chunkMeasured != nil && taken > 0 {
			chunkMeasured(slices.Clone(measuredIDs), measuredFresh)
		}
	}
	return written, taken, err
}

// upsertClocks writes clocks, judged already, in order through
// replies-upsert.
func upsertClocks(ctx context.Context, tx *batchTx, clocks []keepwarm.ReplyClock, order []int32, now time.Time) error {
	args := make([]driver.Value, 0, upsertRows*clockCols)
	nowArg := driver.Value(unix(now))
	for _, i := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		args = appendClockArgs(args, &clocks[i], nowArg)
		if len(args) == upsertRows*clockCols {
			if err := tx.runRows("replies-upsert", upsertRows, args); err != nil {
				return err
			}
			args = args[:0]
		}
	}
	for i := 0; i < len(args); i += clockCols {
		if err := tx.runRows("replies-upsert", 1, args[i:i+clockCols]); err != nil {
			return err
		}
	}
	return nil
}

// measureScratch holds a measurement's buffers from one chunk to the
// next: a first measurement after a large sync reads some 90,000 messages
// and writes 50,000 clocks, whose slices grown anew each chunk spent a
// tenth of its time copying.
type measureScratch struct {
	mail   []threadMail
	clocks []keepwarm.ReplyClock
	order  []int32 // clocks' indexes in message order
	pass   measurePass
}

// upsertRows is how many clocks one replies-upsert statement writes, and
// clockCols how many values each takes (appendClockArgs).
const (
	upsertRows = 32
	clockCols  = 21
)

// threadAnswers sets replies[i], for each inbound message i of one
// thread's mail (in the order measureThread reads it), to the index in mail
// of its answer in the thread, -1 for none: the first outbound message
// received after it (of one instant, the first by id) filed under its
// customer, or with its sender or another contact of its customer among the
// recipients, To or Cc (threadMail.named). A Reply-all that names the
// freight forwarder first and the buyer second, or in Cc, is filed under
// the forwarder (the first outside address) and is still the team's answer
// to the buyer's company: to the colleague of his who asked earlier in the
// thread and is not on it as well. It returns replies; outbound messages'
// entries are -1.
func threadAnswers(mail []threadMail, replies []int) []int {
	// Walking the thread backwards: each customer's and each recipient's
	// earliest outbound message received after the messages at hand (a
	// group of one instant sees only later ones).
	type byCustomer struct {
		customer int64
		at       int
	}
	type byRecipient struct {
		email string
		at    int
	}
	var customers []byCustomer
	var recipients []byRecipient
	for i := len(mail) - 1; i >= 0; {
		j := i
		for j >= 0 && mail[j].receivedAt == mail[i].receivedAt {
			j--
		}
		for k := i; k > j; k-- {
			replies[k] = -1
			m := &mail[k]
			if !m.inbound {
				continue
			}
			for _, o := range customers {
				if o.customer == m.customerID {
					replies[k] = o.at
				}
			}
			for _, o := range recipients {
				if o.email == m.from && m.from != "" && (replies[k] < 0 || o.at < replies[k]) {
					replies[k] = o.at
				}
			}
		}
		for k := i; k > j; k-- { // down to the instant's first (by id)
			m := &mail[k]
			if m.inbound {
				continue
			}
			for n := -1; n < len(m.named); n++ {
				c := m.customerID
				if n >= 0 {
					c = m.named[n]
				}
				if x := slices.IndexFunc(customers, func(o byCustomer) bool { return o.customer == c }); x >= 0 {
					customers[x].at = k
				} else {
					customers = append(customers, byCustomer{c, k})
				}
			}
			for a := range strings.SplitSeq(m.to, ",") {
				if a == "" {
					continue
				}
				if x := slices.IndexFunc(recipients, func(o byRecipient) bool { return o.email == a }); x >= 0 {
					recipients[x].at = k
				} else {
					recipients = append(recipients, byRecipient{a, k})
				}
			}
		}
		i = j
	}
	return replies
}

// AnswerElsewhere is how long after a customer's mail the team's mail to its
// sender in another of the customer's threads still counts as its answer
// (see replies-elsewhere): long enough for a weekend and a holiday, short
// enough that a quotation sent weeks later is not taken for the answer to
// a question nobody answered.
const AnswerElsewhere = 7 * 24 * time.Hour

// elsewhereSpansRead, when set (by a test), is told how many index entries
// each answersElsewhere read in its stretches and how many of them were in
// a window.
var elsewhereSpansRead func(read, kept int)

// answersElsewhere sets each inbound message's answer in another thread
// (threadMail.elsewhere), given the mail of the threads being measured,
// each thread's in the order measureThread reads it (threads: where each
// starts in mail, then len(mail)). It is the first of the team's mail to
// the message's customer in the week after it (by received_at, then id)
// that has its sender among the recipients and is in another thread, as
// replies-elsewhere defines it; one that comes after the message's answer
// in its own thread changes nothing (measureThread takes the earlier), so
// only the time before that answer is read. The candidates are read in
// two steps, the customers' outbound mail in the stretch of time their
// messages' windows span from messages_customer alone
// (replies-answers-elsewhere-spans), then whole the messages inside a
// window (replies-answers-elsewhere), and are matched here.
func answersElsewhere(tx *batchTx, mail []threadMail, threads []int) error {
	week := int64(AnswerElsewhere / time.Second)
	// An inbound message's answer is looked for up to its own thread's
	// answer, found as measureThread finds it (that excluded: until, the
	// answer's id), or a week after it
	// (until, and any id).
	type bound struct{ at, id int64 }
	until := make([]bound, len(mail))
	var inbound []int // indexes into mail, by customer and arrival
	var replies []int // one thread's answers (threadAnswers)
	for k := 0; k+1 < len(threads); k++ {
		start := threads[k]
		replies = threadAnswers(mail[start:threads[k+1]], slices.Grow(replies[:0], threads[k+1]-start)[:threads[k+1]-start])
		for n, r := range replies {
			if m := &mail[start+n]; m.inbound {
				until[start+n] = bound{m.receivedAt + week, math.MaxInt64}
				if r >= 0 {
					if o := &mail[start+r]; o.receivedAt <= until[start+n].at {
						until[start+n] = bound{o.receivedAt, o.id}
					}
				}
				inbound = append(inbound, start+n)
			}
		}
	}
	if len(inbound) == 0 {
		return nil
	}
	slices.SortFunc(inbound, func(a, b int) int {
		return cmp.Or(cmp.Compare(mail[a].customerID, mail[b].customerID), cmp.Compare(mail[a].receivedAt, mail[b].receivedAt))
	})
	// customer, after, until, until's id: received_at in (after, until),
	// or at until with an id below until's.
	var windows [][4]int64
	for _, i := range inbound {
		m, u := &mail[i], until[i]
		if n := len(windows); n > 0 && windows[n-1][0] == m.customerID && m.receivedAt <= windows[n-1][2] {
			w := &windows[n-1]
			switch {
			case u.at > w[2]:
				w[2], w[3] = u.at, u.id
			case u.at == w[2]:
				w[3] = max(w[3], u.id)
			}
			continue
		}
		windows = append(windows, [4]int64{m.customerID, m.receivedAt, u.at, u.id})
	}
	// The customers' outbound mail in the stretches their windows span,
	// read from messages_customer alone (customer, arrival, id); those
	// inside a window are then read whole. One range read a window took
	// most of this read's time: some 47,000 windows for 5,500 candidates
	// in a first measurement after a 100,000-message sync. A customer's
	// windows more than a week apart are read as separate stretches: one
	// stretch over them would read, and drop, all the customer's mail in
	// between (a distributor's thread that runs for years, its old and its
	// new mail measured together).
	var spans [][3]int64 // customer, after, until (at most)
	for _, w := range windows {
		if n := len(spans); n > 0 && spans[n-1][0] == w[0] && w[1]-spans[n-1][2] <= week {
			spans[n-1][2] = w[2]
			continue
		}
		spans = append(spans, [3]int64{w[0], w[1], w[2]})
	}
	read := 0
	var ids []int64   // in (customer, received_at, id) order
	x := 0            // the first window the next message may be in
	var last [3]int64 // the message read before: customer, received_at, id
	err := tx.eachIn("replies-answers-elsewhere-spans", spans, func(row []driver.Value) error {
		c, at, id := integer(row[0]), integer(row[1]), integer(row[2])
		next := [3]int64{c, at, id}
		if slices.Compare(next[:], last[:]) < 0 {
			return fmt.Errorf("message %d read after message %d: the query no longer reads the customers' mail in order", id, last[2])
		}
		last = next
		read++
		for x < len(windows) && (windows[x][0] < c || windows[x][0] == c && (windows[x][2] < at || windows[x][2] == at && windows[x][3] <= id)) {
			x++
		}
		if x < len(windows) && windows[x][0] == c && at > windows[x][1] {
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if elsewhereSpansRead != nil {
		elsewhereSpansRead(read, len(ids))
	}
	type outbound struct {
		id, customerID, threadID, at int64
		mailbox, from, to, fromName  string
	}
	var cands []outbound
	if len(ids) > 0 {
		err = tx.eachIn("replies-answers-elsewhere", ids, func(row []driver.Value) error {
			cands = append(cands, outbound{id: integer(row[0]), customerID: integer(row[1]), threadID: integer(row[2]), at: integer(row[3]),
				mailbox: text(row[4]), from: text(row[5]), to: text(row[6]), fromName: text(row[7])})
			return nil
		})
		if err != nil {
			return err
		}
	}
	byTime := func(a, b outbound) int {
		return cmp.Or(cmp.Compare(a.customerID, b.customerID), cmp.Compare(a.at, b.at), cmp.Compare(a.id, b.id))
	}
	if !slices.IsSortedFunc(cands, byTime) {
		slices.SortFunc(cands, byTime)
	}
	for _, i := range inbound {
		m := &mail[i]
		// The customer's first candidate after the message; those from
		// until[i] on may not have been read.
		k, _ := slices.BinarySearchFunc(cands, m, func(o outbound, m *threadMail) int {
			return cmp.Or(cmp.Compare(o.customerID, m.customerID), cmp.Compare(o.at, m.receivedAt+1))
		})
		for ; k < len(cands) && cands[k].customerID == m.customerID; k++ {
			o := &cands[k]
			if o.at > until[i].at || o.at == until[i].at && o.id >= until[i].id {
				break
			}
			if o.threadID != m.threadID && strings.Contains(","+o.to+",", ","+m.from+",") {
				m.elsewhere = answer{id: o.id, at: o.at, mailbox: o.mailbox, from: o.from, fromName: o.fromName}
				break
			}
		}
	}
	return nil
}

// threadMail is one row of replies-thread-mail: an inbound or outbound
// customer message of a thread being measured.
type threadMail struct {
	id, threadID, customerID int64
	inbound                  bool
	receivedAt               int64
	mailbox, from            string
	fromName                 string  // the From display name (outbound mail's only)
	to                       string  // the To and Cc addresses, lower-case, joined by commas (outbound mail's only, in threads of more than one customer: threadRecipients)
	named                    []int64 // the customers of the contacts among to, its own left out (outbound mail's only)
	customer, grade, owner   string
	known                    bool   // the customer is in the book
	waivedAt                 int64  // marked "no answer needed" then; 0 not marked
	elsewhere                answer // an inbound message's answer in another thread; id 0: none
	messageID                string // the Message-ID ("" none)
	// unseenFor is, for an inbound message that answers mail of the
	// team's keepwarm never saw (unseenAnswers), the id of the customer's
	// message in the thread that mail followed; 0 none.
	unseenFor int64
	// unseenTo is then the one team address the customer's message went
	// To, the writer of the mail it answers ("" when it went to several).
	unseenTo string
}

// answer is the message that answers an inbound one; id 0: none.
type answer struct {
	id, at                  int64
	mailbox, from, fromName string
}

// threadCustomers fills in the customer of each message of mail
// (replies-customers): read once a chunk, where a join gave each message
// its customer's fields again.
func threadCustomers(tx *batchTx, mail []threadMail) error {
	type customer struct{ key, grade, owner string }
	book := map[int64]customer{}
	for i := range mail {
		book[mail[i].customerID] = customer{}
	}
	ids := slices.Sorted(maps.Keys(book))
	clear(book)
	err := tx.eachIn("replies-customers", ids, func(row []driver.Value) error {
		book[integer(row[0])] = customer{key: text(row[1]), grade: text(row[2]), owner: text(row[3])}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range mail {
		m := &mail[i]
		if c, ok := book[m.customerID]; ok {
			m.customer, m.grade, m.owner, m.known = c.key, c.grade, c.owner, true
		}
	}
	return nil
}

// namedCustomers fills in the customers whose contacts outbound mail names
// in To or Cc besides its own (threadMail.named), read once a chunk
// (replies-named-customers).
func namedCustomers(tx *batchTx, mail []threadMail) error {
	book := map[string]int64{}
	for i := range mail {
		if !mail[i].inbound {
			for a := range strings.SplitSeq(mail[i].to, ",") {
				if a != "" {
					book[a] = 0
				}
			}
		}
	}
	if len(book) == 0 {
		return nil
	}
	addrs := slices.Sorted(maps.Keys(book))
	clear(book)
	err := tx.eachIn("replies-named-customers", addrs, func(row []driver.Value) error {
		book[text(row[0])] = integer(row[1])
		return nil
	})
	if err != nil {
		return err
	}
	for i := range mail {
		m := &mail[i]
		if m.inbound {
			continue
		}
		for a := range strings.SplitSeq(m.to, ",") {
			if c, ok := book[a]; ok && c != m.customerID && !slices.Contains(m.named, c) {
				m.named = append(m.named, c)
			}
		}
	}
	return nil
}

// readThreadMail reads a row of replies-thread-mail (its customer comes
// from threadCustomers).
func readThreadMail(row []driver.Value) threadMail {
	return threadMail{
		id: integer(row[0]), threadID: integer(row[1]), customerID: integer(row[2]), inbound: integer(row[3]) == 1,
		receivedAt: integer(row[4]), mailbox: text(row[5]), from: text(row[6]),
		waivedAt: integer(row[7]), fromName: text(row[8]), messageID: text(row[9]),
	}
}

// threadRecipients fills in the To and Cc of the outbound mail of the
// threads that hold more than one customer's mail (threadMail.to), read
// once a chunk (replies-thread-recipients); threads is where each thread
// starts in mail, then len(mail). In a thread of one customer an answer is
// found by its customer alone (threadAnswers): reading every outbound
// message's recipients there would read a row of the messages table for
// each, which messages_thread spares replies-thread-mail.
func threadRecipients(tx *batchTx, mail []threadMail, threads []int) error {
	var ids []int64
	for k := 0; k+1 < len(threads); k++ {
		thread := mail[threads[k]:threads[k+1]]
		if !slices.ContainsFunc(thread, func(m threadMail) bool { return m.customerID != thread[0].customerID }) {
			continue
		}
		for i := range thread {
			if !thread[i].inbound {
				ids = append(ids, thread[i].id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	to := make(map[int64]string, len(ids))
	err := tx.eachIn("replies-thread-recipients", ids, func(row []driver.Value) error {
		to[integer(row[0])] = text(row[1])
		return nil
	})
	if err != nil {
		return err
	}
	for i := range mail {
		if t, ok := to[mail[i].id]; ok {
			mail[i].to = t
		}
	}
	return nil
}

// inThreadOrder puts one thread's mail in the order measureThread reads it
// (received_at, id). replies-thread-mail gives it by received_at alone
// (messages_thread's order), so only messages of one instant may need
// moving; a thread's mail nearly always comes in order already.
func inThreadOrder(mail []threadMail) []threadMail {
	byTime := func(a, b threadMail) int {
		if a.receivedAt != b.receivedAt {
			return cmp.Compare(a.receivedAt, b.receivedAt)
		}
		return cmp.Compare(a.id, b.id)
	}
	if !slices.IsSortedFunc(mail, byTime) {
		slices.SortFunc(mail, byTime)
	}
	return mail
}

// measureThread appends the clocks of one thread, given its inbound and
// outbound customer messages in order (received_at, id). Each inbound
// message's answer is its answer in the thread (threadAnswers), or the
// team's mail to its sender in another
// thread (elsewhere) when that came first; the inbound messages that share an answer
// (or, unanswered, share having none) form one run, and the run's first
// message holds the clock: the others are covered by it and start when it
// does.
//
// A message marked "no answer needed" (reply_waivers) is settled: its clock
// stands apart from the run (it neither holds nor is covered; WaivedAt set),
// so the run's clock starts at its first message that needs an answer: an
// earlier one still waits from its own arrival, a later one starts its own
// clock. The mark gives way to an answer sent before it was made (the
// answer's copy stored after the mark) that was for this message, not for a
// later question of its run: it is measured as if unmarked. An answer sent
// after the mark leaves it settled: mail in the same thread weeks later (a
// new quotation) is not a late answer to a "thanks" someone said needed
// none; an undo measures it again.
//
// A message still waiting when the customer's later mail showed it
// answered by mail keepwarm never saw (threadMail.unseenFor, see
// unseenAnswers) is answered at a time not known (UnseenBy set, no answer
// time), with the customer's mail before it in the thread still waiting
// then and, when it came, not yet past its target (judge gives the target;
// with no judge, none is): they form one run apart; an answer seen before
// that later mail came keeps its own. Earlier mail already past its target
// when the message followed came waited at least that long, a certain
// breach: it keeps its clock (open, or answered when an answer is seen).
func measureThread(mail []threadMail, clocks []keepwarm.ReplyClock, judge func(*keepwarm.ReplyClock)) []keepwarm.ReplyClock {
	replies := threadAnswers(mail, make([]int, len(mail)))
	answers := make([]answer, len(mail))
	for i, r := range replies {
		if r >= 0 {
			o := &mail[r]
			answers[i] = answer{id: o.id, at: o.receivedAt, mailbox: o.mailbox, from: o.from, fromName: o.fromName}
		}
		if x := mail[i].elsewhere; mail[i].inbound && x.id != 0 && (answers[i].id == 0 || x.at < answers[i].at || x.at == answers[i].at && x.id < answers[i].id) {
			answers[i] = x
		}
	}
	// settled: marked, and no answer came before the mark, or the answer
	// that came was for a later message of the customer's that needs one.
	settled := func(i int) bool {
		if mail[i].waivedAt == 0 {
			return false
		}
		if answers[i].id == 0 || answers[i].at > mail[i].waivedAt {
			return true
		}
		for k := i + 1; k < len(mail); k++ {
			if o := &mail[k]; o.inbound && o.customerID == mail[i].customerID && o.waivedAt == 0 && answers[k].id == answers[i].id {
				return true
			}
		}
		return false
	}
	// unseen: the customer's later message that shows an answer keepwarm
	// never saw (unseenAnswers) for a message still waiting when it came:
	// the message it followed and the customer's mail before that one
	// with no answer seen before it (its id; 0 none).
	unseen := make([]int64, len(mail))
	unseenTo := make([]string, len(mail)) // the writer of the mail not seen, when the customer's mail names one
	for b := range mail {
		if mail[b].unseenFor == 0 {
			continue
		}
		a := slices.IndexFunc(mail, func(m threadMail) bool { return m.id == mail[b].unseenFor })
		for i := 0; i <= a; i++ {
			m := &mail[i]
			if m.inbound && m.customerID == mail[b].customerID && unseen[i] == 0 && (answers[i].id == 0 || answers[i].at >= mail[b].receivedAt) &&
				(i == a || mail[a].receivedAt-m.receivedAt <= int64(targetOf(m, judge)/time.Second)) {
				unseen[i], unseenTo[i] = mail[b].id, mail[b].unseenTo
			}
		}
	}
	type run struct{ customer, reply int64 }
	type holder struct {
		run
		at int // index in mail of the run's first message
	}
	var holders []holder
	for i := range mail {
		m := &mail[i]
		if !m.inbound || !m.known {
			continue
		}
		reply := answers[i]
		if unseen[i] != 0 {
			reply = answer{}
		}
		c := keepwarm.ReplyClock{
			MessageID: m.id, ThreadID: m.threadID, CustomerID: m.customerID,
			Customer: m.customer, Grade: m.grade, CustomerOwner: m.owner, Mailbox: m.mailbox,
			ReceivedAt: fromUnix(m.receivedAt), StartedAt: fromUnix(m.receivedAt),
		}
		if settled(i) {
			c.WaivedAt = fromUnix(m.waivedAt)
			clocks = append(clocks, c)
			continue
		}
		key := run{customer: m.customerID}
		if unseen[i] != 0 { // the mail that shows it answered: one run
			key.reply = -unseen[i]
			c.UnseenBy = unseen[i]
			c.ReplyFrom = unseenTo[i] // the judge names who answered by it
		} else if reply.id != 0 {
			key.reply = reply.id
			c.ReplyID, c.ReplyFrom, c.ReplyFromName, c.ReplyMailbox = reply.id, reply.from, reply.fromName, reply.mailbox
			if reply.at != 0 { // as stored: 0 reads as no answer
				c.RepliedAt = fromUnix(reply.at)
			}
		}
		h := slices.IndexFunc(holders, func(h holder) bool { return h.run == key })
		if h >= 0 {
			first := &mail[holders[h].at]
			c.CoveredBy, c.StartedAt = first.id, fromUnix(first.receivedAt)
		} else {
			holders = append(holders, holder{key, i})
		}
		clocks = append(clocks, c)
	}
	return clocks
}

// targetOf is the reply target judge gives m's clock (0 with no judge).
func targetOf(m *threadMail, judge func(*keepwarm.ReplyClock)) time.Duration {
	if judge == nil {
		return 0
	}
	c := keepwarm.ReplyClock{MessageID: m.id, ThreadID: m.threadID, CustomerID: m.customerID, Customer: m.customer,
		Grade: m.grade, CustomerOwner: m.owner, Mailbox: m.mailbox, ReceivedAt: fromUnix(m.receivedAt), StartedAt: fromUnix(m.receivedAt),
		UnseenBy: -1} // answered, when not known: the judge fills who answers for it and its target alone
	judge(&c)
	return c.Target
}

// appendClockArgs appends the arguments of replies-upsert for c to args,
// now being unix(now) boxed once for every clock: a first measurement
// writes some 50,000 clocks, and a slice of its own for each clock's 21
// values, with each value boxed apart, was some 20 MB for the collector.
func appendClockArgs(args []driver.Value, c *keepwarm.ReplyClock, now driver.Value) []driver.Value {
	var coveredBy, repliedAt, replyID, seconds, business, within, waived, businessDue, unseenBy driver.Value
	if c.CoveredBy != 0 {
		coveredBy = c.CoveredBy
	}
	if !c.WaivedAt.IsZero() {
		waived = unix(c.WaivedAt)
	}
	target := int64(c.Target / time.Second)
	if c.UnseenBy != 0 { // answered, when not known: no figure
		unseenBy = c.UnseenBy
	} else if !c.Open() {
		repliedAt, replyID = unix(c.RepliedAt), c.ReplyID
		s := c.Seconds()
		seconds, business = s, c.BusinessSeconds
		within = int64(0)
		if s <= target {
			within = int64(1)
		}
	} else if !c.BusinessDueAt.IsZero() {
		businessDue = unix(c.BusinessDueAt)
	}
	var owner driver.Value = c.Owner // written twice
	return append(args, c.MessageID, c.ThreadID, c.CustomerID, c.Mailbox, unix(c.ReceivedAt), unix(c.StartedAt),
		coveredBy, repliedAt, replyID, c.RepliedBy, seconds, business, target, within, owner, now, waived, businessDue,
		c.Grade, owner, unseenBy)
}

// text reads a TEXT column value (NULL is "").
func text(v driver.Value) string {
	switch s := v.(type) {
	case string:
		return s
	case []byte:
		return string(s)
	}
	return ""
}

// ReplyClock returns the stored clock of an inbound message, ENOTFOUND when
// it has none (not measured yet, or not an inbound customer message).
func (db *DB) ReplyClock(ctx context.Context, messageID int64) (keepwarm.ReplyClock, error) {
	var r struct {
		MessageID       int64  `db:"message_id"`
		ThreadID        int64  `db:"thread_id"`
		CustomerID      int64  `db:"customer_id"`
		Customer        string `db:"customer"`
		Grade           string `db:"grade"`
		CustomerOwner   string `db:"customer_owner"`
		Mailbox         string `db:"mailbox"`
		ReceivedAt      int64  `db:"received_at"`
		StartedAt       int64  `db:"started_at"`
		CoveredBy       int64  `db:"covered_by"`
		RepliedAt       int64  `db:"replied_at"`
		ReplyID         int64  `db:"reply_id"`
		RepliedBy       string `db:"replied_by"`
		BusinessSeconds int64  `db:"business_seconds"`
		TargetSeconds   int64  `db:"target_seconds"`
		Owner           string `db:"owner"`
		Nudge1At        int64  `db:"nudge1_at"`
		Nudge2At        int64  `db:"nudge2_at"`
		DigestAt        int64  `db:"digest_at"`
		WaivedAt        int64  `db:"waived_at"`
		UnseenBy        int64  `db:"unseen_by"`
	}
	err := db.r.GetContext(ctx, &r, q("replies-clock"), messageID)
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.ReplyClock{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no reply clock for message %d", messageID)
	}
	if err != nil {
		return keepwarm.ReplyClock{}, fmt.Errorf("store: reply clock %d: %w", messageID, err)
	}
	return keepwarm.ReplyClock{
		MessageID: r.MessageID, ThreadID: r.ThreadID, CustomerID: r.CustomerID, Customer: r.Customer,
		Grade: r.Grade, CustomerOwner: r.CustomerOwner, Mailbox: r.Mailbox,
		ReceivedAt: fromUnix(r.ReceivedAt), StartedAt: fromUnix(r.StartedAt), CoveredBy: r.CoveredBy,
		RepliedAt: optUnix(r.RepliedAt), ReplyID: r.ReplyID, RepliedBy: r.RepliedBy, Owner: r.Owner,
		Target: time.Duration(r.TargetSeconds) * time.Second, BusinessSeconds: r.BusinessSeconds,
		Nudge1At: optUnix(r.Nudge1At), Nudge2At: optUnix(r.Nudge2At), DigestAt: optUnix(r.DigestAt),
		WaivedAt: optUnix(r.WaivedAt), UnseenBy: r.UnseenBy,
	}, nil
}

// optUnix reads a stored time where 0 stands for none.
func optUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return fromUnix(s)
}
