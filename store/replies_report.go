package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"keepwarm"
)

// Groupings of a reply report.
const (
	BySalesperson = "salesperson"
	ByCustomer    = "customer"
	ByCountry     = "country"
	ByGrade       = "grade"
)

// ReplyReportFilter selects the clocks of a report: those that started in
// [Since, Until). Now is the instant a running clock's wait is measured to.
type ReplyReportFilter struct {
	Since, Until, Now time.Time
	// By groups the figures: BySalesperson (default), ByCustomer, ByCountry, ByGrade.
	By string
	// StandIn, when set, is who answers the mail still waiting of an owner
	// not on the team that reached mailbox ("" for an owner on the team):
	// the lists' AnswerOwner is then that stand-in, whom the nudges ask.
	StandIn func(owner, mailbox string) string
}

// ReplyGroup is the figures of one group of clocks. Only the message that
// holds a clock counts (a customer's second message before the answer is
// covered by the first). Seconds are wall-clock; the *_business figures count
// only the owner's working hours.
type ReplyGroup struct {
	Key      string `json:"key"`      // salesperson email, customer key, country or grade; "" for none
	Count    int    `json:"count"`    // clocks that started in the period
	Answered int    `json:"answered"` // of those, answered
	// WithinTarget were answered within their target; Late were answered
	// after it; Overdue are still waiting past it. Breaches = Late + Overdue.
	WithinTarget int `json:"within_target"`
	Late         int `json:"late"`
	Overdue      int `json:"overdue"`
	Breaches     int `json:"breaches"`
	Waiting      int `json:"waiting"` // unanswered (overdue or not)
	// NoAnswerNeeded were marked "no answer needed" (and not answered
	// anyway): they are in none of the figures above, Count included.
	NoAnswerNeeded int `json:"no_answer_needed"`
	// AnsweredUnseen were answered by mail of the team's keepwarm never
	// saw (from a phone app that keeps no Sent copy, or a mailbox not
	// synced), shown by the customer's next mail answering it: answered,
	// at a time not known. Like NoAnswerNeeded they are in none of the
	// figures above: neither on time nor late.
	AnsweredUnseen int `json:"answered_time_unknown"`
	// ShareWithinTarget = WithinTarget / (WithinTarget + Breaches): the
	// clocks whose outcome is known. null when there are none.
	ShareWithinTarget *float64 `json:"share_within_target"`
	// Over answered clocks (nearest-rank percentiles); null when none.
	MedianSeconds *int64 `json:"median_seconds"`
	P90Seconds    *int64 `json:"p90_seconds"`
	WorstSeconds  *int64 `json:"worst_seconds"`
	// The longest wait of a still unanswered message; null when none.
	OldestWaitingSeconds  *int64 `json:"oldest_waiting_seconds"`
	MedianBusinessSeconds *int64 `json:"median_business_seconds"`
	P90BusinessSeconds    *int64 `json:"p90_business_seconds"`
	// ShareWithinBusiness is the same as ShareWithinTarget counting working
	// hours only: answered within the target so counted, of those and the
	// breaches so counted (answered after it, or still unanswered past it).
	ShareWithinBusiness *float64 `json:"share_within_target_business"`
	// Judged is each grade this group's mail was judged with and its
	// target, as ReplyReport.Judged for the report.
	Judged []keepwarm.JudgedTarget `json:"-"`
}

// ReplyItem is one customer message in a report's lists.
type ReplyItem struct {
	MessageID    int64  `json:"message_id"`
	ThreadID     int64  `json:"thread_id"`
	Customer     string `json:"customer"`
	CustomerName string `json:"customer_name"`
	Country      string `json:"country"`
	Grade        string `json:"grade"`
	Owner        string `json:"owner"`
	// AnswerOwner is the customer's owner of today, whom the desk, the
	// nudges and the digest ask to answer the message: after a handover
	// it is the new owner, while Owner (whose row counts a breach) stays
	// the one before.
	AnswerOwner string `json:"answer_owner"`
	RepliedBy   string `json:"replied_by"`
	Subject     string `json:"subject"`
	Contact     string `json:"contact"`
	Mailbox     string `json:"mailbox"`
	// Backup is, in a report's lists, the colleague nudged about the
	// message in its owner's place while the owner was away ("" when the
	// owner was not): the owner's row counts it, and this says who had it.
	Backup     string     `json:"backup"`
	ReceivedAt time.Time  `json:"received_at"`
	RepliedAt  *time.Time `json:"replied_at"`
	// Seconds to the answer, or waited so far when unanswered.
	Seconds         int64  `json:"seconds"`
	BusinessSeconds *int64 `json:"business_seconds"`
	TargetSeconds   int64  `json:"target_seconds"`
	// Status: "within", "late", "waiting" (unanswered, target not passed) or
	// "overdue" (unanswered past the target).
	Status string `json:"status"`
}

// ReplyReport is the answer to `keepwarm report replies`.
type ReplyReport struct {
	Since  time.Time    `json:"since"`
	Until  time.Time    `json:"until"`
	By     string       `json:"by"`
	Total  ReplyGroup   `json:"total"`
	Groups []ReplyGroup `json:"groups"`
	// Targets are the targets the period's mail was judged with, in
	// seconds, shortest first: each clock keeps the target of its day, so
	// after a change of the targets a period holds the old and the new.
	Targets []int64 `json:"targets_seconds"`
	// Judged is each grade judged with ("" for none) with its target, by
	// grade then target: whether the targets changed is a question per
	// grade (sequences.TargetsChanged).
	Judged     []keepwarm.JudgedTarget `json:"-"`
	Breaches   []ReplyItem             `json:"breaches"`
	Unanswered []ReplyItem             `json:"unanswered"`
}

// groupAcc sums one group's clocks in the report's single pass.
type groupAcc struct {
	g                  ReplyGroup
	seconds, business  []int64
	withinBusiness     int
	businessBreaches   int // answered past the target, or unanswered past it, in working hours
	worst, oldest      int64
	hasWorst, hasOlder bool
	judged             map[keepwarm.JudgedTarget]bool
}

func (a *groupAcc) add(seconds, business, target, waiting int64, businessOverdue bool) {
	a.g.Count++
	if seconds >= 0 {
		a.g.Answered++
		a.seconds = append(a.seconds, seconds)
		if seconds <= target {
			a.g.WithinTarget++
		} else {
			a.g.Late++
		}
		if !a.hasWorst || seconds > a.worst {
			a.worst, a.hasWorst = seconds, true
		}
	} else {
		a.g.Waiting++
		if waiting > target {
			a.g.Overdue++
		}
		if !a.hasOlder || waiting > a.oldest {
			a.oldest, a.hasOlder = waiting, true
		}
	}
	if business >= 0 {
		a.business = append(a.business, business)
		if business <= target {
			a.withinBusiness++
		} else {
			a.businessBreaches++
		}
	} else if seconds < 0 && businessOverdue {
		a.businessBreaches++
	}
}

func (a *groupAcc) group(key string) ReplyGroup {
	g := a.g
	g.Key = key
	g.Judged = judgedList(a.judged)
	g.Breaches = g.Late + g.Overdue
	g.ShareWithinTarget = share(g.WithinTarget, g.WithinTarget+g.Breaches)
	g.ShareWithinBusiness = share(a.withinBusiness, a.withinBusiness+a.businessBreaches)
	g.MedianSeconds, g.P90Seconds = percentiles(a.seconds)
	g.MedianBusinessSeconds, g.P90BusinessSeconds = percentiles(a.business)
	if a.hasWorst {
		g.WorstSeconds = &a.worst
	}
	if a.hasOlder {
		g.OldestWaitingSeconds = &a.oldest
	}
	return g
}

// percentiles returns the nearest-rank median and 90th percentile (the
// ceil(p*n)-th smallest value); nil for no values. It sorts vs.
func percentiles(vs []int64) (median, p90 *int64) {
	if len(vs) == 0 {
		return nil, nil
	}
	slices.Sort(vs)
	n := len(vs)
	m, p := vs[(n+1)/2-1], vs[(9*n+9)/10-1]
	return &m, &p
}

type replyItemRow struct {
	MessageID       int64
	ThreadID        int64
	Customer        string
	CustomerName    string
	Country         string
	Grade           string
	Owner           string
	AnswerOwner     string
	RepliedBy       string
	Subject         string
	Contact         string
	Mailbox         string
	Backup          string
	StartedAt       int64
	RepliedAt       sql.NullInt64
	Seconds         int64
	BusinessSeconds sql.NullInt64
	TargetSeconds   int64
}

func (r replyItemRow) item() ReplyItem {
	it := ReplyItem{
		MessageID: r.MessageID, ThreadID: r.ThreadID, Customer: r.Customer, CustomerName: r.CustomerName,
		Country: r.Country, Grade: r.Grade, Owner: r.Owner, AnswerOwner: r.AnswerOwner, RepliedBy: r.RepliedBy, Subject: r.Subject,
		Contact: r.Contact, Mailbox: r.Mailbox, Backup: r.Backup, ReceivedAt: fromUnix(r.StartedAt), RepliedAt: optTime(r.RepliedAt),
		Seconds: r.Seconds, BusinessSeconds: optInt(r.BusinessSeconds), TargetSeconds: r.TargetSeconds,
	}
	late := r.Seconds > r.TargetSeconds
	switch {
	case it.RepliedAt != nil && late:
		it.Status = "late"
	case it.RepliedAt != nil:
		it.Status = "within"
	case late:
		it.Status = "overdue"
	default:
		it.Status = "waiting"
	}
	return it
}

// ReplyReport computes the report from the stored clocks: the totals,
// one group per By key, the breaches and the unanswered messages (oldest
// first). Call MeasureReplies first so the clocks are current.
func (db *DB) ReplyReport(ctx context.Context, f ReplyReportFilter) (ReplyReport, error) {
	var rep ReplyReport
	err := db.ReplyReportEach(ctx, f, func(head ReplyReport) error {
		rep = head
		return nil
	}, func(list string, it ReplyItem) error {
		if list == ListBreaches {
			rep.Breaches = append(rep.Breaches, it)
		} else {
			rep.Unanswered = append(rep.Unanswered, it)
		}
		return nil
	})
	if err != nil {
		return ReplyReport{}, err
	}
	return rep, nil
}

// The lists of a reply report, as ReplyReportEach names them.
const (
	ListBreaches   = "breaches"
	ListUnanswered = "unanswered"
)

// ReplyReportEach is ReplyReport for a writer that streams it: head gets
// the report with its lists empty, then item gets each of the breaches
// in order and then each of the unanswered messages. The figures and the
// lists come from one reading of the clocks (one read transaction): a
// measurement the daemon stores meanwhile (a reply, a target passing, a
// mark of "no answer needed") cannot put a breach in the list that the
// table does not count, or leave one out that it does.
func (db *DB) ReplyReportEach(ctx context.Context, f ReplyReportFilter, head func(ReplyReport) error, item func(list string, it ReplyItem) error) error {
	since, until, now := unix(f.Since), unix(f.Until), unix(f.Now)
	return db.readSnapshot(ctx, func(read readFunc) error {
		rep, err := replyGroups(read, f)
		if err != nil {
			return err
		}
		if err := head(rep); err != nil {
			return err
		}
		// The breaches go out as they are read; the unanswered (the open
		// clocks, a part of the rows) wait for the end of the breaches.
		var unanswered []ReplyItem
		err = read("replies-report-list", func(row []driver.Value) error {
			it := listRow(row).item()
			if it.RepliedAt == nil && f.StandIn != nil {
				if si := f.StandIn(it.AnswerOwner, it.Mailbox); si != "" {
					it.AnswerOwner = si
				}
			}
			if it.RepliedAt == nil {
				unanswered = append(unanswered, it)
			}
			if it.Status == "late" || it.Status == "overdue" {
				return item(ListBreaches, it)
			}
			return nil
		}, since, until, now)
		if err != nil {
			return fmt.Errorf("store: reply report lists: %w", err)
		}
		for _, it := range unanswered {
			if err := item(ListUnanswered, it); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReplyGroups is ReplyReport without its lists (left empty): the totals
// and the groups alone, for a caller that shows none, as the replies page's
// weekly trend, without reading and building every breach of each week.
func (db *DB) ReplyGroups(ctx context.Context, f ReplyReportFilter) (ReplyReport, error) {
	return replyGroups(db.reader(ctx), f)
}

// replyGroups is ReplyGroups through read.
func replyGroups(read readFunc, f ReplyReportFilter) (ReplyReport, error) {
	by := f.By
	switch by {
	case "":
		by = BySalesperson
	case BySalesperson, ByCustomer, ByCountry, ByGrade:
	default:
		return ReplyReport{}, keepwarm.Errorf(keepwarm.EINVALID, "report: cannot group by %q: use salesperson, customer, country or grade", by)
	}
	rep := ReplyReport{Since: f.Since.UTC(), Until: f.Until.UTC(), By: by, Groups: []ReplyGroup{},
		Targets: []int64{}, Breaches: []ReplyItem{}, Unanswered: []ReplyItem{}}
	if err := reportGroupsOf(read, &rep, "replies-report-rows", unix(f.Since), unix(f.Until), unix(f.Now), rep.By); err != nil {
		return ReplyReport{}, err
	}
	return rep, nil
}

// listRow reads a row of replies-report-list or replies-unanswered.
func listRow(row []driver.Value) replyItemRow {
	r := replyItemRow{
		MessageID: integer(row[0]), ThreadID: integer(row[1]), Customer: text(row[2]), CustomerName: text(row[3]),
		Country: text(row[4]), Grade: text(row[5]), Owner: text(row[6]), RepliedBy: text(row[7]),
		Subject: text(row[8]), Contact: text(row[9]), Mailbox: text(row[10]), StartedAt: integer(row[11]),
		Seconds: integer(row[13]), TargetSeconds: integer(row[15]),
	}
	if row[12] != nil {
		r.RepliedAt = sql.NullInt64{Int64: integer(row[12]), Valid: true}
	}
	if row[14] != nil {
		r.BusinessSeconds = sql.NullInt64{Int64: integer(row[14]), Valid: true}
	}
	r.AnswerOwner = r.Owner // replies-unanswered's owner is today's
	if len(row) > 17 {      // replies-report-list's, replies-overdue-oldest's
		r.Backup, r.AnswerOwner = text(row[16]), text(row[17])
	}
	return r
}

// eachRead runs a query on a reader connection through the driver itself
// and calls fn for every row (the slice is reused): scanning tens of
// thousands of rows into structs through sqlx's reflection took longer than
// SQLite took to find them.
func (db *DB) eachRead(ctx context.Context, name string, fn func(row []driver.Value) error, args ...driver.Value) error {
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not sqlite3", dc)
		}
		named := make([]driver.NamedValue, len(args))
		for i, a := range args {
			named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
		}
		rows, err := sc.QueryContext(ctx, q(name), named)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return eachRow(name, rows, fn)
	})
}

// readFunc runs a query and calls fn for every row, as eachRead does.
type readFunc = func(name string, fn func(row []driver.Value) error, args ...driver.Value) error

// reader is eachRead as a readFunc: each query on a reader connection of
// its own.
func (db *DB) reader(ctx context.Context) readFunc {
	return func(name string, fn func(row []driver.Value) error, args ...driver.Value) error {
		return db.eachRead(ctx, name, fn, args...)
	}
}

// readSnapshot runs fn in one read transaction on a reader connection:
// every query read runs (as eachRead would) sees the database as it was at
// the first, whatever is written meanwhile (WAL).
func (db *DB) readSnapshot(ctx context.Context, fn func(read readFunc) error) error {
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) (err error) {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not sqlite3", dc)
		}
		if _, err := sc.ExecContext(ctx, "BEGIN", nil); err != nil {
			return err
		}
		defer func() {
			// Nothing was written: the end of the transaction, even when
			// ctx is done, so that the connection goes back without it.
			if _, rerr := sc.ExecContext(context.Background(), "ROLLBACK", nil); rerr != nil && err == nil {
				err = rerr
			}
		}()
		return fn(func(name string, fn func(row []driver.Value) error, args ...driver.Value) error {
			named := make([]driver.NamedValue, len(args))
			for i, a := range args {
				named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
			}
			rows, err := sc.QueryContext(ctx, q(name), named)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return eachRow(name, rows, fn)
		})
	})
}

// CustomerReplies is the reply figures of one customer's clocks that
// started in [since, until), as ReplyReport grouped by customer has them
// for it (Key is the customer's key; zero figures when it has none), read
// from that customer's clocks alone: what a customer's page shows.
func (db *DB) CustomerReplies(ctx context.Context, customerID int64, since, until, now time.Time) (ReplyGroup, error) {
	rep := ReplyReport{By: ByCustomer}
	if err := reportGroupsOf(db.reader(ctx), &rep, "replies-report-rows-customer", unix(since), unix(until), unix(now), ByCustomer, customerID); err != nil {
		return ReplyGroup{}, err
	}
	if len(rep.Groups) == 0 {
		return ReplyGroup{}, nil
	}
	return rep.Groups[0], nil
}

// reportGroupsOf sums the rows of query, read with since, until, now and
// args, into rep's total and groups.
func reportGroupsOf(read readFunc, rep *ReplyReport, query string, since, until, now int64, args ...driver.Value) error {
	var total groupAcc
	groups := map[string]*groupAcc{}
	targets := map[int64]bool{}
	judged := map[keepwarm.JudgedTarget]bool{}
	err := read(query, func(row []driver.Value) error {
		seconds, business, target, waiting := integer(row[1]), integer(row[2]), integer(row[3]), integer(row[4])
		targets[target] = true
		judged[keepwarm.JudgedTarget{Grade: text(row[7]), Seconds: target}] = true
		key := text(row[0])
		g := groups[key]
		if g == nil {
			g = &groupAcc{judged: map[keepwarm.JudgedTarget]bool{}}
			groups[key] = g
		}
		g.judged[keepwarm.JudgedTarget{Grade: text(row[7]), Seconds: target}] = true
		switch integer(row[5]) {
		case 1:
			total.g.NoAnswerNeeded++
			g.g.NoAnswerNeeded++
			return nil
		case 2:
			total.g.AnsweredUnseen++
			g.g.AnsweredUnseen++
			return nil
		}
		overdue := integer(row[6]) == 1
		total.add(seconds, business, target, waiting, overdue)
		g.add(seconds, business, target, waiting, overdue)
		return nil
	}, append([]driver.Value{since, until, now}, args...)...)
	if err != nil {
		return fmt.Errorf("store: reply report: %w", err)
	}
	rep.Total = total.group("total")
	rep.Targets = make([]int64, 0, len(targets))
	for t := range targets {
		rep.Targets = append(rep.Targets, t)
	}
	slices.Sort(rep.Targets)
	rep.Judged = judgedList(judged)
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		rep.Groups = append(rep.Groups, groups[k].group(k))
	}
	return nil
}

func optInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of)
	return &v
}

// UnansweredReplies returns the clocks of owner still running that started
// before until, oldest first, as the report lists them (now measures their
// wait): the report's Unanswered for one owner without the rest of it.
func (db *DB) UnansweredReplies(ctx context.Context, owner string, until, now time.Time) ([]ReplyItem, error) {
	return db.unanswered(ctx, owner, 0, until, now)
}

// AllUnansweredReplies is UnansweredReplies of every owner (a manager's
// desk), ownerless clocks included.
func (db *DB) AllUnansweredReplies(ctx context.Context, until, now time.Time) ([]ReplyItem, error) {
	return db.unanswered(ctx, "", 1, until, now)
}

// UnansweredOffTeam returns the clocks still running that started before
// until whose owner is not one of team (a salesperson who left before their
// customers were handed on), oldest first: nobody's digest lists them as
// their own.
func (db *DB) UnansweredOffTeam(ctx context.Context, team []string, until, now time.Time) ([]ReplyItem, error) {
	var b strings.Builder
	b.WriteString(",")
	for _, p := range team {
		b.WriteString(strings.ToLower(strings.TrimSpace(p)) + ",")
	}
	out := []ReplyItem{}
	err := db.eachRead(ctx, "replies-unanswered-off-team", func(row []driver.Value) error {
		out = append(out, listRow(row).item())
		return nil
	}, b.String(), unix(until), unix(now))
	if err != nil {
		return nil, fmt.Errorf("store: unanswered replies of people not on the team: %w", err)
	}
	return out, nil
}

func (db *DB) unanswered(ctx context.Context, owner string, all int, until, now time.Time) ([]ReplyItem, error) {
	var out []ReplyItem
	err := db.eachRead(ctx, "replies-unanswered", func(row []driver.Value) error {
		out = append(out, listRow(row).item())
		return nil
	}, owner, unix(until), unix(now), int64(all))
	if err != nil {
		return nil, fmt.Errorf("store: unanswered replies of %s: %w", owner, err)
	}
	if out == nil {
		out = []ReplyItem{}
	}
	return out, nil
}

// judgedList is the set of grades and targets judged with, by grade then
// target.
func judgedList(set map[keepwarm.JudgedTarget]bool) []keepwarm.JudgedTarget {
	out := make([]keepwarm.JudgedTarget, 0, len(set))
	for j := range set {
		out = append(out, j)
	}
	slices.SortFunc(out, func(a, b keepwarm.JudgedTarget) int {
		return cmp.Or(strings.Compare(a.Grade, b.Grade), cmp.Compare(a.Seconds, b.Seconds))
	})
	return out
}
