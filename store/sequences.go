package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

type candidateRow struct {
	AnchorID   int64  `db:"anchor_id"`
	ThreadID   int64  `db:"thread_id"`
	CustomerID int64  `db:"customer_id"`
	AnchorAt   int64  `db:"anchor_at"`
	FromEmail  string `db:"from_email"`
	Mailbox    string `db:"mailbox"`
	Skipped    string `db:"skipped"`
	// CalendarWords: the anchor is the team's calendar answer with words
	// typed (seq-candidates only).
	CalendarWords bool `db:"calendar_words"`
}

// EnrollCandidates lists the threads to enroll or restart: per thread the
// latest outbound to a customer since the given instant that keepwarm did not
// send itself, with no enrollment anchored at or after it and no recorded
// reason not to follow it up. Oldest first.
func (db *DB) EnrollCandidates(ctx context.Context, since time.Time) ([]keepwarm.EnrollCandidate, error) {
	var rows []candidateRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-candidates"), unix(since)); err != nil {
		return nil, fmt.Errorf("store: enrollment candidates: %w", err)
	}
	out := make([]keepwarm.EnrollCandidate, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.EnrollCandidate{
			AnchorID: r.AnchorID, ThreadID: r.ThreadID, CustomerID: r.CustomerID,
			AnchorAt: fromUnix(r.AnchorAt), FromEmail: r.FromEmail, Mailbox: r.Mailbox, Skipped: r.Skipped,
			CalendarWords: r.CalendarWords,
		}
	}
	return out, nil
}

// ThreadAnchor returns the latest outbound message to the customer in a
// thread that keepwarm did not send, not a calendar's answer to a meeting
// invitation, as a candidate for a manual enroll;
// ENOTFOUND when the thread has none.
func (db *DB) ThreadAnchor(ctx context.Context, threadID int64) (keepwarm.EnrollCandidate, error) {
	var r candidateRow
	err := db.r.GetContext(ctx, &r, q("seq-thread-anchor"), threadID)
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.EnrollCandidate{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "thread %d has no outbound mail to a customer to follow up (a calendar's answer to a meeting invitation, \"Accepted: …\", is none)", threadID)
	}
	if err != nil {
		return keepwarm.EnrollCandidate{}, fmt.Errorf("store: anchor of thread %d: %w", threadID, err)
	}
	return keepwarm.EnrollCandidate{
		AnchorID: r.AnchorID, ThreadID: r.ThreadID, CustomerID: r.CustomerID,
		AnchorAt: fromUnix(r.AnchorAt), FromEmail: r.FromEmail, Mailbox: r.Mailbox,
	}, nil
}

type eventRow struct {
	ID             int64  `db:"id"`
	Kind           string `db:"kind"`
	ThreadID       int64  `db:"thread_id"`
	FromEmail      string `db:"from_email"`
	Subject        string `db:"subject"`
	Snippet        string `db:"snippet"`
	ReceivedAt     int64  `db:"received_at"`
	AutoReplyUntil int64  `db:"auto_reply_until"`
	ToAddrs        string `db:"to_addrs"`
	CcAddrs        string `db:"cc_addrs"`
	// SenderCustomer is FollowUpEvent.CustomerID (seq-events only).
	SenderCustomer int64 `db:"sender_customer"`
}

// EnrollmentEvents returns, oldest first, what happened after e's anchor:
// real and automatic answers in e's thread, in a thread one of e's own
// mails started (its product introduction, sent as a new mail), or from
// e's recipients (from any contact of the customer when company is set),
// and manual outbound mail in e's thread (keepwarm's own sends are left
// out).
func (db *DB) EnrollmentEvents(ctx context.Context, e keepwarm.Enrollment, company bool) ([]keepwarm.FollowUpEvent, error) {
	to := make([]string, len(e.To))
	for i, a := range e.To {
		to[i] = strings.ToLower(strings.TrimSpace(a.Email))
	}
	arg, err := json.Marshal(to)
	if err != nil {
		return nil, fmt.Errorf("store: events of enrollment %d: %w", e.ID, err)
	}
	var rows []eventRow
	err = db.r.SelectContext(ctx, &rows, q("seq-events"), unix(e.AnchorAt), e.AnchorID, e.CustomerID, e.ThreadID, string(arg), company, e.ID)
	if err != nil {
		return nil, fmt.Errorf("store: events of enrollment %d: %w", e.ID, err)
	}
	out := make([]keepwarm.FollowUpEvent, len(rows))
	for i, r := range rows {
		out[i] = r.event()
	}
	return out, nil
}

// AbsencesBefore returns the automatic replies of the addresses e follows up
// received up to its anchor, in any thread, that may still be in force at
// now (see seq-absences-before; pause is the sequence's out-of-office
// pause), oldest first: an absence is the contact's, not one thread's.
func (db *DB) AbsencesBefore(ctx context.Context, e keepwarm.Enrollment, now time.Time, pause time.Duration) ([]keepwarm.FollowUpEvent, error) {
	to := make([]string, len(e.To))
	for i, a := range e.To {
		to[i] = strings.ToLower(strings.TrimSpace(a.Email))
	}
	arg, err := json.Marshal(to)
	if err != nil {
		return nil, fmt.Errorf("store: absences before enrollment %d: %w", e.ID, err)
	}
	var rows []eventRow
	err = db.r.SelectContext(ctx, &rows, q("seq-absences-before"), e.CustomerID, string(arg), unix(e.AnchorAt),
		unix(now.Add(-absenceLookBack)), unix(now), int64(pause/time.Second))
	if err != nil {
		return nil, fmt.Errorf("store: absences before enrollment %d: %w", e.ID, err)
	}
	out := make([]keepwarm.FollowUpEvent, len(rows))
	for i, r := range rows {
		out[i] = r.event()
	}
	return out, nil
}

// absenceLookBack is how far back AbsencesBefore looks for an absence still
// in force.
const absenceLookBack = 120 * 24 * time.Hour

func (r eventRow) event() keepwarm.FollowUpEvent {
	ev := keepwarm.FollowUpEvent{
		ID: r.ID, Kind: keepwarm.Kind(r.Kind), ThreadID: r.ThreadID, FromEmail: r.FromEmail,
		Subject: r.Subject, Snippet: r.Snippet, ReceivedAt: fromUnix(r.ReceivedAt), CustomerID: r.SenderCustomer,
	}
	if r.AutoReplyUntil > 0 {
		ev.AutoReplyUntil = fromUnix(r.AutoReplyUntil)
	}
	for _, list := range []string{r.ToAddrs, r.CcAddrs} {
		for _, a := range strings.Split(list, ",") {
			if a = strings.ToLower(strings.TrimSpace(a)); a != "" {
				ev.Recipients = append(ev.Recipients, a)
			}
		}
	}
	return ev
}

// EnrollmentEventsSince reads once what EnrollmentEvents would read for
// any enrollment anchored after since, and returns a function that answers
// EnrollmentEvents from it (ok false for an anchor at or before since).
// It serves enrolment: an enrollment not stored yet has sent nothing, so
// no thread of its own mails counts (one that has is answered ok false).
// A run that checks hundreds of candidates for answers (the first after a
// large sync) reads the window once instead of once per candidate. The
// answers are as of the call: use it within one run that stores no mail.
func (db *DB) EnrollmentEventsSince(ctx context.Context, since time.Time) (func(e keepwarm.Enrollment, company bool) ([]keepwarm.FollowUpEvent, bool), error) {
	var rows []struct {
		eventRow
		CustomerID      int64 `db:"customer_id"`
		ContactCustomer int64 `db:"contact_customer"`
		Own             bool  `db:"own"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("seq-events-since"), unix(since)); err != nil {
		return nil, fmt.Errorf("store: events since %s: %w", since.UTC().Format(time.RFC3339), err)
	}
	from := unix(since)
	return func(e keepwarm.Enrollment, company bool) ([]keepwarm.FollowUpEvent, bool) {
		anchor := unix(e.AnchorAt)
		if anchor < from || e.ID != 0 {
			return nil, false
		}
		to := make(map[string]bool, len(e.To))
		for _, a := range e.To {
			to[strings.ToLower(strings.TrimSpace(a.Email))] = true
		}
		// The same conditions as seq-events, on the rows read once.
		out := []keepwarm.FollowUpEvent{}
		for _, r := range rows {
			if r.ReceivedAt <= anchor || r.ID == e.AnchorID {
				continue
			}
			var match bool
			switch keepwarm.Kind(r.Kind) {
			case keepwarm.KindInbound, keepwarm.KindAutoReply:
				match = r.ThreadID == e.ThreadID || to[r.FromEmail] ||
					(company && keepwarm.Kind(r.Kind) == keepwarm.KindInbound && (r.CustomerID == e.CustomerID || r.ContactCustomer == e.CustomerID))
			case keepwarm.KindOutbound:
				match = r.ThreadID == e.ThreadID && !r.Own
			}
			if match {
				ev := r.event()
				if ev.CustomerID = r.ContactCustomer; ev.CustomerID == 0 {
					ev.CustomerID = r.CustomerID
				}
				out = append(out, ev)
			}
		}
		return out, true
	}, nil
}

// BlockedAddresses returns, for the given addresses, those that bounced or
// opted out, mapped to "bounced" or "opted-out".
func (db *DB) BlockedAddresses(ctx context.Context, emails []string) (map[string]string, error) {
	lower := make([]string, len(emails))
	for i, e := range emails {
		lower[i] = strings.ToLower(strings.TrimSpace(e))
	}
	arg, err := json.Marshal(lower)
	if err != nil {
		return nil, fmt.Errorf("store: blocked addresses: %w", err)
	}
	var rows []struct {
		Email string `db:"email"`
		Why   string `db:"why"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("seq-blocked"), string(arg)); err != nil {
		return nil, fmt.Errorf("store: blocked addresses: %w", err)
	}
	out := map[string]string{}
	for _, r := range rows {
		if _, ok := out[r.Email]; !ok {
			out[r.Email] = r.Why
		}
	}
	return out, nil
}

// OptOut records o: the address's opt-out (an address already opted out
// keeps its first record) and, when o.CustomerID is set, the customer's,
// in one transaction.
func (db *DB) OptOut(ctx context.Context, o keepwarm.OptOut, now time.Time) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := optOutTx(ctx, tx, o, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: opt out %s: %w", o.Email, err)
	}
	return nil
}

// optOutTx writes o in tx; new says whether the address's opt-out is new.
func optOutTx(ctx context.Context, tx *sqlx.Tx, o keepwarm.OptOut, now time.Time) (new bool, err error) {
	res, err := tx.ExecContext(ctx, q("seq-opt-out"), strings.ToLower(strings.TrimSpace(o.Email)), o.MessageID, o.Reason, unix(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	if o.CustomerID != 0 {
		if _, err := tx.ExecContext(ctx, q("seq-opt-out-customer"), o.CustomerID, o.MessageID, o.CompanyReason, unix(now)); err != nil {
			return false, err
		}
	}
	return n > 0, nil
}

// CustomerForSequence returns one customer by id; ENOTFOUND when missing.
func (db *DB) CustomerForSequence(ctx context.Context, id int64) (keepwarm.Customer, error) {
	var c keepwarm.Customer
	err := db.r.GetContext(ctx, &c, q("seq-customer"), id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, keepwarm.Errorf(keepwarm.ENOTFOUND, "customer %d not found", id)
	}
	if err != nil {
		return c, fmt.Errorf("store: customer %d: %w", id, err)
	}
	return c, nil
}

// ResolveCustomer finds a customer by key, company domain or a contact's
// address; ENOTFOUND when none matches.
func (db *DB) ResolveCustomer(ctx context.Context, ref string) (keepwarm.Customer, error) {
	var id int64
	err := db.r.GetContext(ctx, &id, q("seq-customer-resolve"), strings.TrimSpace(ref))
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.Customer{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no customer with key, domain or contact %q", ref)
	}
	if err != nil {
		return keepwarm.Customer{}, fmt.Errorf("store: resolve customer %q: %w", ref, err)
	}
	return db.CustomerForSequence(ctx, id)
}

// enrollmentRow is one enrollments row as stored.
type enrollmentRow struct {
	ID             int64         `db:"id"`
	ThreadID       int64         `db:"thread_id"`
	CustomerID     int64         `db:"customer_id"`
	CustomerKey    string        `db:"customer_key"`
	CustomerGrade  string        `db:"customer_grade"`
	Grade          string        `db:"grade"`
	Plan           string        `db:"plan"`
	PlanDelays     string        `db:"plan_delays"`
	Tags           string        `db:"tags"`
	CustomerTags   string        `db:"customer_tags"`
	Sequence       string        `db:"sequence"`
	Status         string        `db:"status"`
	Step           int           `db:"step"`
	Redo           int           `db:"redo"`
	RedoOf         int64         `db:"redo_of"`
	AnchorID       int64         `db:"anchor_id"`
	AnchorAt       int64         `db:"anchor_at"`
	ClockAt        int64         `db:"clock_at"`
	DueAt          int64         `db:"due_at"`
	PausedUntil    sql.NullInt64 `db:"paused_until"`
	PausedByPerson bool          `db:"paused_by_person"`
	OOOID          int64         `db:"ooo_id"`
	Mailbox        string        `db:"mailbox"`
	Owner          string        `db:"owner"`
	Signer         string        `db:"signer"`
	ToAddrs        string        `db:"to_addrs"`
	Reason         string        `db:"reason"`
	StoppedBy      int64         `db:"stopped_by"`
	Rev            int64         `db:"rev"`
	CreatedAt      int64         `db:"created_at"`
	UpdatedAt      int64         `db:"updated_at"`
}

func enrollmentRowOf(e keepwarm.Enrollment) (enrollmentRow, error) {
	to, err := json.Marshal(obAddrs(e.To))
	if err != nil {
		return enrollmentRow{}, err
	}
	r := enrollmentRow{
		ID: e.ID, ThreadID: e.ThreadID, CustomerID: e.CustomerID, Sequence: e.Sequence,
		Status: string(e.Status), Step: e.Step, Redo: e.Redo, RedoOf: e.RedoOf, AnchorID: e.AnchorID,
		AnchorAt: unix(e.AnchorAt), ClockAt: unix(e.ClockAt), DueAt: unix(e.DueAt),
		OOOID: e.OOOID, PausedByPerson: e.PausedByPerson, Grade: e.Grade, Tags: e.Tags, Mailbox: e.Mailbox, Owner: e.Owner, Signer: strings.ToLower(e.Signer), ToAddrs: string(to),
		Reason: e.Reason, StoppedBy: e.StoppedBy, CreatedAt: unix(e.CreatedAt), UpdatedAt: unix(e.UpdatedAt),
	}
	if !e.PausedUntil.IsZero() {
		r.PausedUntil = sql.NullInt64{Int64: unix(e.PausedUntil), Valid: true}
	}
	if len(e.Plan) > 0 {
		plan, err := json.Marshal(e.Plan)
		if err != nil {
			return enrollmentRow{}, err
		}
		r.Plan = string(plan)
	}
	if len(e.Delays) > 0 {
		delays, err := json.Marshal(e.Delays)
		if err != nil {
			return enrollmentRow{}, err
		}
		r.PlanDelays = string(delays)
	}
	return r, nil
}

func (r enrollmentRow) enrollment() (keepwarm.Enrollment, error) {
	e := keepwarm.Enrollment{
		ID: r.ID, ThreadID: r.ThreadID, CustomerID: r.CustomerID, Customer: r.CustomerKey,
		Sequence: r.Sequence, Status: keepwarm.EnrollmentStatus(r.Status), Step: r.Step, Redo: r.Redo, RedoOf: r.RedoOf,
		AnchorID: r.AnchorID, AnchorAt: fromUnix(r.AnchorAt), ClockAt: fromUnix(r.ClockAt),
		DueAt: fromUnix(r.DueAt), PausedUntil: obTime(r.PausedUntil), PausedByPerson: r.PausedByPerson, OOOID: r.OOOID,
		Mailbox: r.Mailbox, Owner: r.Owner, Signer: r.Signer, Reason: r.Reason, StoppedBy: r.StoppedBy, Grade: r.Grade, CustomerGrade: r.CustomerGrade, Tags: r.Tags, CustomerTags: r.CustomerTags,
		CreatedAt: fromUnix(r.CreatedAt), UpdatedAt: fromUnix(r.UpdatedAt), Rev: r.Rev,
	}
	if err := json.Unmarshal([]byte(r.ToAddrs), &e.To); err != nil {
		return e, fmt.Errorf("enrollment %d: to: %w", r.ID, err)
	}
	if r.Plan != "" {
		if err := json.Unmarshal([]byte(r.Plan), &e.Plan); err != nil {
			return e, fmt.Errorf("enrollment %d: plan: %w", r.ID, err)
		}
	}
	if r.PlanDelays != "" {
		if err := json.Unmarshal([]byte(r.PlanDelays), &e.Delays); err != nil {
			return e, fmt.Errorf("enrollment %d: plan delays: %w", r.ID, err)
		}
	}
	return e, nil
}

func enrollments(rows []enrollmentRow) ([]keepwarm.Enrollment, error) {
	out := make([]keepwarm.Enrollment, 0, len(rows))
	for _, r := range rows {
		e, err := r.enrollment()
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Enroll inserts e (its ID is ignored) and, in the same transaction, ends as
// superseded every other live enrollment of the customer whose recipients
// are all among e's: nobody is chased in two threads at once, while buyers
// of one company on separate projects are each followed up. ECONFLICT when
// the thread already has a live enrollment.
func (db *DB) Enroll(ctx context.Context, e keepwarm.Enrollment) (keepwarm.Enrollment, error) {
	row, err := enrollmentRowOf(e)
	if err != nil {
		return e, fmt.Errorf("store: enroll thread %d: %w", e.ThreadID, err)
	}
	var got enrollmentRow
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if e.Status.Live() {
			if err := supersede(ctx, tx, e); err != nil {
				return err
			}
		}
		res, err := tx.NamedExecContext(ctx, q("seq-enrollment-insert"), row)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("seq-skip-drop-enrolled"), e.AnchorID); err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return tx.GetContext(ctx, &got, q("seq-enrollment-by-id"), id)
	})
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return e, fmt.Errorf("store: enroll thread %d: %w", e.ThreadID,
				keepwarm.Errorf(keepwarm.ECONFLICT, "thread %d already has a live enrollment", e.ThreadID))
		}
		return e, fmt.Errorf("store: enroll thread %d: %w", e.ThreadID, err)
	}
	out, err := got.enrollment()
	if err != nil {
		return out, fmt.Errorf("store: %w", err)
	}
	return out, nil
}

// UpdateEnrollment writes e back if nobody changed it since it was read
// (e.Rev); ECONFLICT otherwise, so that a person's stop is never overwritten
// by a job that read the row before. It returns e with its new Rev.
func (db *DB) UpdateEnrollment(ctx context.Context, e keepwarm.Enrollment) (keepwarm.Enrollment, error) {
	row, err := enrollmentRowOf(e)
	if err != nil {
		return e, fmt.Errorf("store: update enrollment %d: %w", e.ID, err)
	}
	row.Rev = e.Rev
	err = db.inTx(ctx, func(tx *sqlx.Tx) error { return updateEnrollmentTx(ctx, tx, e, row) })
	if err != nil {
		return e, fmt.Errorf("store: update enrollment %d: %w", e.ID, err)
	}
	e.Rev++
	return e, nil
}

// updateEnrollmentTx writes row, e's, in tx if e.Rev is still the stored
// rev: ECONFLICT when it is not, or when e made live again is on a thread
// another follow-up took over.
func updateEnrollmentTx(ctx context.Context, tx *sqlx.Tx, e keepwarm.Enrollment, row enrollmentRow) error {
	res, err := tx.NamedExecContext(ctx, q("seq-enrollment-update"), row)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			// Made live again on a thread another follow-up took over.
			return keepwarm.Errorf(keepwarm.ECONFLICT, "thread %d is already followed up by another enrollment", e.ThreadID)
		}
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d changed meanwhile", e.ID)
	}
	return nil
}

// RecordPlanDelays records, in one transaction, the delays of the plans
// of enrollments made before plans kept them (by id), on those that still
// have none: the enrollments' rev and updated_at stay as they are, since
// nothing they show changes. It returns how many it recorded.
func (db *DB) RecordPlanDelays(ctx context.Context, delays map[int64][]string) (int, error) {
	if len(delays) == 0 {
		return 0, nil
	}
	ids := slices.Sorted(maps.Keys(delays))
	n := 0
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		n = 0
		for _, id := range ids {
			if len(delays[id]) == 0 {
				continue
			}
			words, err := json.Marshal(delays[id])
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, q("seq-enrollment-record-delays"), string(words), id)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: record plan delays: %w", err)
	}
	return n, nil
}

// GetEnrollment returns one enrollment; ENOTFOUND when there is none.
func (db *DB) GetEnrollment(ctx context.Context, id int64) (keepwarm.Enrollment, error) {
	var r enrollmentRow
	err := db.r.GetContext(ctx, &r, q("seq-enrollment-by-id"), id)
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.Enrollment{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "enrollment %d not found", id)
	}
	if err != nil {
		return keepwarm.Enrollment{}, fmt.Errorf("store: enrollment %d: %w", id, err)
	}
	e, err := r.enrollment()
	if err != nil {
		return e, fmt.Errorf("store: %w", err)
	}
	return e, nil
}

// EnrollmentsByID returns the enrollments of ids that exist, in one query
// (a page that lists many queued steps reads their follow-ups at once).
func (db *DB) EnrollmentsByID(ctx context.Context, ids []int64) ([]keepwarm.Enrollment, error) {
	js, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: enrollments by id: %w", err)
	}
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-enrollments-by-ids"), string(js)); err != nil {
		return nil, fmt.Errorf("store: enrollments by id: %w", err)
	}
	return enrollments(rows)
}

// LiveEnrollmentOfThread returns the thread's active or paused enrollment;
// ENOTFOUND when it has none.
func (db *DB) LiveEnrollmentOfThread(ctx context.Context, threadID int64) (keepwarm.Enrollment, error) {
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-enrollment-live-thread"), threadID); err != nil {
		return keepwarm.Enrollment{}, fmt.Errorf("store: live enrollment of thread %d: %w", threadID, err)
	}
	if len(rows) == 0 {
		return keepwarm.Enrollment{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "thread %d has no live enrollment", threadID)
	}
	e, err := rows[0].enrollment()
	if err != nil {
		return e, fmt.Errorf("store: %w", err)
	}
	return e, nil
}

// LiveEnrollments lists the active and paused enrollments, soonest due first.
func (db *DB) LiveEnrollments(ctx context.Context) ([]keepwarm.Enrollment, error) {
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-enrollments-live")); err != nil {
		return nil, fmt.Errorf("store: live enrollments: %w", err)
	}
	return enrollments(rows)
}

// ListEnrollments lists enrollments of one customer (0: all) in the given
// statuses (none: all), oldest first.
func (db *DB) ListEnrollments(ctx context.Context, customerID int64, statuses ...keepwarm.EnrollmentStatus) ([]keepwarm.Enrollment, error) {
	var filter string
	if len(statuses) > 0 {
		parts := make([]string, len(statuses))
		for i, s := range statuses {
			parts[i] = string(s)
		}
		filter = "," + strings.Join(parts, ",") + ","
	}
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-enrollments-list"), customerID, filter); err != nil {
		return nil, fmt.Errorf("store: list enrollments: %w", err)
	}
	return enrollments(rows)
}

// DryRunEnrollments returns the enrollments created in [since, until)
// whose every outbox item was recorded in dry-run mode (the sequence's
// mode while they ran): none of their mail reached the customer, and the
// funnel counts them apart.
func (db *DB) DryRunEnrollments(ctx context.Context, since, until time.Time) (map[int64]bool, error) {
	var ids []int64
	if err := db.r.SelectContext(ctx, &ids, q("seq-enrollments-dry-run"), unix(since), unix(until)); err != nil {
		return nil, fmt.Errorf("store: dry-run enrollments: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// ContactsOf returns a customer's contacts with their names, those whose
// address bounced last.
func (db *DB) ContactsOf(ctx context.Context, customerID int64) ([]keepwarm.Address, error) {
	var out []keepwarm.Address
	if err := db.r.SelectContext(ctx, &out, q("seq-contacts-of-customer"), customerID); err != nil {
		return nil, fmt.Errorf("store: contacts of customer %d: %w", customerID, err)
	}
	return out, nil
}

// CustomerTags returns a customer's tags from the customer book.
func (db *DB) CustomerTags(ctx context.Context, customerID int64) ([]string, error) {
	var tags string
	err := db.r.GetContext(ctx, &tags, q("seq-customer-tags"), customerID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: tags of customer %d: %w", customerID, err)
	}
	var out []string
	for _, t := range strings.Split(tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// OwnReplyTexts returns the stored texts of the latest n replies sent from
// email, newest first: how its writer's mail client quotes when the mail
// followed up quotes nothing. name, when not "", keeps only those sent with
// that From name (a shared address's writers by name). keepwarm's own mail
// (a step sent, a draft's sent copy) is left out: it is no mail client's.
func (db *DB) OwnReplyTexts(ctx context.Context, email, name string, n int) ([]string, error) {
	var out []string
	if err := db.r.SelectContext(ctx, &out, q("seq-own-reply-texts"), email, n, strings.TrimSpace(name)); err != nil {
		return nil, fmt.Errorf("store: replies from %s: %w", email, err)
	}
	return out, nil
}

// ContactDetails returns the personal salutation and language the customer
// book holds for an address ("" when unknown).
func (db *DB) ContactDetails(ctx context.Context, email string) (salutation, language string, err error) {
	var r struct {
		Salutation string `db:"salutation"`
		Language   string `db:"language"`
	}
	err = db.r.GetContext(ctx, &r, q("seq-contact-details"), email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("store: contact %s: %w", email, err)
	}
	return r.Salutation, r.Language, nil
}

// ContactHolidays returns the festivals and faiths the customer book marks
// an address as keeping (none when unknown).
func (db *DB) ContactHolidays(ctx context.Context, email string) ([]string, error) {
	var h string
	err := db.r.GetContext(ctx, &h, q("seq-contact-holidays"), email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: contact %s: %w", email, err)
	}
	return SplitHolidays(h), nil
}

// supersede ends the customer's other live or failed enrollments that follow
// up older mail to only addresses e follows up too, and a failed one of e's
// own thread (a mail stored late, older than the one another thread follows
// up, supersedes nothing). A failed one's failed mail no longer needs
// anyone: the newer mail is followed up. Its uncertain mail still does
// (it may have reached the customer): it stays listed for a person.
func supersede(ctx context.Context, tx *sqlx.Tx, e keepwarm.Enrollment) error {
	var rows []struct {
		ID       int64  `db:"id"`
		ThreadID int64  `db:"thread_id"`
		Status   string `db:"status"`
		ToAddrs  string `db:"to_addrs"`
	}
	if err := tx.SelectContext(ctx, &rows, q("seq-enrollment-live-of-customer"), e.CustomerID, e.ThreadID, unix(e.AnchorAt)); err != nil {
		return err
	}
	newer := map[string]bool{}
	for _, a := range e.To {
		newer[strings.ToLower(a.Email)] = true
	}
	for _, r := range rows {
		var to []keepwarm.Address
		if err := json.Unmarshal([]byte(r.ToAddrs), &to); err != nil {
			return fmt.Errorf("enrollment %d: to: %w", r.ID, err)
		}
		covered := len(to) > 0
		for _, a := range to {
			covered = covered && newer[strings.ToLower(a.Email)]
		}
		reason := fmt.Sprintf("a newer mail to the same contacts is followed up (thread %d)", e.ThreadID)
		if r.ThreadID == e.ThreadID {
			covered, reason = true, "a newer mail in the thread is followed up"
		}
		if !covered {
			continue
		}
		if _, err := tx.ExecContext(ctx, q("seq-enrollment-supersede"), unix(e.UpdatedAt), r.ID, reason); err != nil {
			return err
		}
		if r.Status == string(keepwarm.EnrollFailed) {
			if _, err := tx.ExecContext(ctx, q("seq-enrollment-settle-items"), unix(e.UpdatedAt), "superseded: "+reason, r.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// FirstContact reports whether no message before messageID involved any of
// its contacts: a first letter to a new contact.
func (db *DB) FirstContact(ctx context.Context, messageID int64) (bool, error) {
	var first bool
	if err := db.r.GetContext(ctx, &first, q("seq-first-contact"), messageID); err != nil {
		return false, fmt.Errorf("store: first contact of message %d: %w", messageID, err)
	}
	return first, nil
}

// RecordSkip records why outbound mails are not followed up, in one
// transaction; recording one twice keeps the first reason, except a
// missing mailbox or sequence (see seq-skip-insert).
func (db *DB) RecordSkip(ctx context.Context, skips ...keepwarm.FollowUpSkip) error {
	if len(skips) == 0 {
		return nil
	}
	// Re-derivable: a skip lost to a power cut is found and recorded again
	// by the next run, so its commit need not wait for the disk.
	err := db.inRelaxedTx(ctx, func(tx *sqlx.Tx) error {
		st, err := tx.PreparexContext(ctx, q("seq-skip-insert"))
		if err != nil {
			return err
		}
		defer st.Close()
		for _, s := range skips {
			if _, err := st.ExecContext(ctx, s.MessageID, s.ThreadID, s.CustomerID, s.Reason,
				clipRunes(s.Detail, 300), unix(s.CreatedAt)); err != nil {
				return fmt.Errorf("message %d: %w", s.MessageID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record why outbound mail is not followed up: %w", err)
	}
	return nil
}

// FollowUpSkips lists the outbound mails not followed up, of one customer
// (0: all), recorded at or after since, oldest first. ByHand marks those
// FollowUpsByHand lists.
func (db *DB) FollowUpSkips(ctx context.Context, customerID int64, since time.Time) ([]keepwarm.FollowUpSkip, error) {
	return db.followUpSkips(ctx, "seq-skips-list", customerID, since)
}

// FollowUpsByHand lists customer's mails set aside because the follow-up
// running in their thread writes to other contacts
// (keepwarm.SkipOtherContacts), recorded at or after since, oldest first,
// while they are still to be followed up by hand: that follow-up runs, no
// contact of the mail wrote since, and the team did not write to one again
// in the thread.
// The digest counts the same ones (FollowUpSkip.ByHand, from the same
// query).
func (db *DB) FollowUpsByHand(ctx context.Context, customerID int64, since time.Time) ([]keepwarm.FollowUpSkip, error) {
	skips, err := db.followUpSkips(ctx, "seq-skips-list", customerID, since)
	if err != nil {
		return nil, err
	}
	var out []keepwarm.FollowUpSkip
	for _, s := range skips {
		if s.ByHand {
			out = append(out, s)
		}
	}
	return out, nil
}

// FollowUpsNotFollowed lists customer's mails set aside, recorded at or
// after since, oldest first, that are left to the salesperson and that
// nothing dealt with since (seq-skips-not-followed): no follow-up of their
// thread anchored at them or later, no later mail of the team in the
// thread, no contact of theirs writing since. Answered, informational,
// other-contacts (FollowUpsByHand) and superseded mails are not listed.
func (db *DB) FollowUpsNotFollowed(ctx context.Context, customerID int64, since time.Time) ([]keepwarm.FollowUpSkip, error) {
	return db.followUpSkips(ctx, "seq-skips-not-followed", customerID, since)
}

func (db *DB) followUpSkips(ctx context.Context, query string, customerID int64, since time.Time) ([]keepwarm.FollowUpSkip, error) {
	var rows []struct {
		MessageID  int64  `db:"message_id"`
		ThreadID   int64  `db:"thread_id"`
		CustomerID int64  `db:"customer_id"`
		Customer   string `db:"customer_key"`
		Owner      string `db:"owner"`
		Reason     string `db:"reason"`
		Detail     string `db:"detail"`
		CreatedAt  int64  `db:"created_at"`
		Subject    string `db:"subject"`
		SentAt     int64  `db:"sent_at"`
		To         string `db:"to_addrs"`
		Mailbox    string `db:"mailbox"`
		ByHand     bool   `db:"by_hand"`
	}
	if err := db.r.SelectContext(ctx, &rows, q(query), customerID, unix(since)); err != nil {
		return nil, fmt.Errorf("store: mails not followed up: %w", err)
	}
	out := make([]keepwarm.FollowUpSkip, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.FollowUpSkip{
			MessageID: r.MessageID, ThreadID: r.ThreadID, CustomerID: r.CustomerID, Customer: r.Customer,
			Owner: r.Owner, Mailbox: r.Mailbox, Reason: r.Reason, Detail: r.Detail, Subject: r.Subject,
			To: splitList(r.To, ","), SentAt: fromUnix(r.SentAt), CreatedAt: fromUnix(r.CreatedAt), ByHand: r.ByHand,
		}
	}
	return out, nil
}

// clipRunes cuts s to at most n bytes on a rune boundary.
func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// UnsignedEnrollments lists the follow-ups whose signer was never read
// (0374: running, paused or failed when 0312 left every signer empty), for the
// follow-up job to read once (SignerRead).
func (db *DB) UnsignedEnrollments(ctx context.Context) ([]keepwarm.Enrollment, error) {
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-enrollments-signer-unread")); err != nil {
		return nil, fmt.Errorf("store: unsigned enrollments: %w", err)
	}
	return enrollments(rows)
}

// SignerRead records the signer read for one enrollment listed by
// UnsignedEnrollments ("" for the mailbox's owner) and takes it off the
// list. A row a later mail already gave a signer keeps it; a step held on
// the owner's absence is due at now, to be decided again for its signer.
func (db *DB) SignerRead(ctx context.Context, id int64, signer string, now time.Time) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q("seq-enrollment-signer-read"), id, strings.ToLower(signer), unix(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, q("seq-enrollment-signer-read-done"), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: signer read of enrollment %d: %w", id, err)
	}
	return nil
}

// SentDraftWindow is how far back the readers of answers (MeasureReplies,
// MeasureThreads, AnsweredDrafts) look for follow-up steps filed in Drafts
// whose sent copy is not matched yet, matching them first: a step sent
// from Drafts is no answer to anyone even before the follow-up job runs,
// and the follow-up job does not run while the sequences are held or
// disabled.
const SentDraftWindow = 60 * 24 * time.Hour

// MatchSentDrafts records, for each follow-up step, greeting and monthly
// letter filed in Drafts since since, the copy in Sent it was sent as under
// another Message-ID: from its mailbox, with its subject, to its first
// recipient, and beginning with its text (seq-sent-draft-copies). From then
// on that mail is keepwarm's own, never one of the salesperson's to follow
// up or to move the follow-up onto, nor the one whose language later
// greetings take. A mail of hers in the thread with the same subject
// but her own words is not the step; a draft she rewrote at its start is
// taken for her mail, as before.
func (db *DB) MatchSentDrafts(ctx context.Context, since time.Time) error {
	var rows []struct {
		ID        int64  `db:"id"`
		TextBody  string `db:"text_body"`
		MessageID string `db:"message_id"`
		Snippet   string `db:"snippet"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("seq-sent-draft-copies"), unix(since)); err != nil {
		return fmt.Errorf("store: sent copies of drafted steps: %w", err)
	}
	done, used := map[int64]bool{}, map[string]bool{}
	for _, r := range rows {
		if done[r.ID] || used[r.MessageID] || !beginsAlike(r.Snippet, r.TextBody) {
			continue
		}
		if _, err := db.w.ExecContext(ctx, q("seq-set-sent-copy"), r.ID, r.MessageID); err != nil {
			return fmt.Errorf("store: sent copy of outbox item %d: %w", r.ID, err)
		}
		done[r.ID], used[r.MessageID] = true, true
	}
	return nil
}

// KeepwarmCopyOf is the origin ("greeting" or "letter") of the item filed
// in Drafts whose matched copy in Sent message id is, else "": a follow-up
// enrolled on it chases keepwarm's own mail.
func (db *DB) KeepwarmCopyOf(ctx context.Context, id int64) (string, error) {
	var origin string
	err := db.r.GetContext(ctx, &origin, q("seq-keepwarm-copy-of"), id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: whether message %d is keepwarm's copy: %w", id, err)
	}
	return origin, nil
}

// beginsAlike reports whether a mail's snippet begins as text does, white
// space aside, over the first 60 characters (or all of the shorter, at
// least 20).
func beginsAlike(snippet, text string) bool {
	a := []rune(strings.Join(strings.Fields(snippet), " "))
	b := []rune(strings.Join(strings.Fields(text), " "))
	n := min(60, len(a), len(b))
	return n >= 20 && string(a[:n]) == string(b[:n])
}
