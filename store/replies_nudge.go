package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"time"

	"keepwarm"
)

type nudgeRow struct {
	MessageID     int64  `db:"message_id"`
	ThreadID      int64  `db:"thread_id"`
	Customer      string `db:"customer"`
	FromEmail     string `db:"from_email"`
	Subject       string `db:"subject"`
	Snippet       string `db:"snippet"`
	Mailbox       string `db:"mailbox"`
	Owner         string `db:"owner"`
	StartedAt     int64  `db:"started_at"`
	TargetSeconds int64  `db:"target_seconds"`
	ContactName   string `db:"contact_name"`
	Company       string `db:"company"`
	Level         int    `db:"level"`
	Unreadable    bool   `db:"unreadable"`
}

func (r nudgeRow) nudge() keepwarm.Nudge {
	return keepwarm.Nudge{
		Level: r.Level, MessageID: r.MessageID, ThreadID: r.ThreadID, Customer: r.Customer,
		Contact: r.FromEmail, ContactName: r.ContactName, Company: r.Company, Subject: r.Subject, Snippet: r.Snippet, Mailbox: r.Mailbox, Owner: r.Owner,
		StartedAt: fromUnix(r.StartedAt), Target: time.Duration(r.TargetSeconds) * time.Second, Unreadable: r.Unreadable,
	}
}

// MarkReplyDigest hands every running clock that started before cutoff and
// was not handed over yet to the digest: such messages get no nudge. It
// returns how many it marked.
func (db *DB) MarkReplyDigest(ctx context.Context, now, cutoff time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, q("replies-digest-mark"), unix(now), unix(cutoff))
	if err != nil {
		return 0, fmt.Errorf("store: mark reply digest: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: mark reply digest: %w", err)
	}
	return int(n), nil
}

// DueNudges returns the nudges due at now for running clocks that started at
// or after cutoff, oldest first: level 1 from nudgeAfter, level 2 from the
// clock's target (only level 2 when both are due).
func (db *DB) DueNudges(ctx context.Context, now time.Time, nudgeAfter time.Duration, cutoff time.Time) ([]keepwarm.Nudge, error) {
	var rows []nudgeRow
	err := db.r.SelectContext(ctx, &rows, q("replies-nudges-due"), unix(now), int64(nudgeAfter/time.Second), unix(cutoff))
	if err != nil {
		return nil, fmt.Errorf("store: due nudges: %w", err)
	}
	out := make([]keepwarm.Nudge, len(rows))
	for i, r := range rows {
		out[i] = r.nudge()
	}
	return out, nil
}

// RecordNudge records that the nudge of level for a message was queued at
// at. Level 2 also records level 1, so a skipped level 1 never goes out late.
func (db *DB) RecordNudge(ctx context.Context, messageID int64, level int, at time.Time) error {
	if _, err := db.w.ExecContext(ctx, q("replies-nudged"), messageID, level, unix(at)); err != nil {
		return fmt.Errorf("store: record nudge %d/%d: %w", messageID, level, err)
	}
	return nil
}

// NextNudgeAt returns when the next nudge falls due for running clocks that
// started at or after cutoff; ok is false when none will.
func (db *DB) NextNudgeAt(ctx context.Context, nudgeAfter time.Duration, cutoff time.Time) (at time.Time, ok bool, err error) {
	var n sql.NullInt64
	if err := db.r.GetContext(ctx, &n, q("replies-next-due"), int64(nudgeAfter/time.Second), unix(cutoff)); err != nil {
		return time.Time{}, false, fmt.Errorf("store: next nudge: %w", err)
	}
	if !n.Valid {
		return time.Time{}, false, nil
	}
	return fromUnix(n.Int64), true, nil
}

// DigestReplies lists the unanswered messages handed to the digest (too old
// for a nudge when first seen), oldest first, as level-0 nudges.
func (db *DB) DigestReplies(ctx context.Context) ([]keepwarm.Nudge, error) {
	var rows []nudgeRow
	if err := db.r.SelectContext(ctx, &rows, q("replies-digest-list")); err != nil {
		return nil, fmt.Errorf("store: digest replies: %w", err)
	}
	out := make([]keepwarm.Nudge, len(rows))
	for i, r := range rows {
		out[i] = r.nudge()
	}
	return out, nil
}

// RecentUnansweredReplies returns the limit most recent of the clocks
// UnansweredReplies lists for owner, oldest first, and how many it lists in
// all: what a digest shows, without reading the rest.
func (db *DB) RecentUnansweredReplies(ctx context.Context, owner string, until, now time.Time, limit int) ([]ReplyItem, int, error) {
	var total int
	if err := db.r.GetContext(ctx, &total, q("replies-unanswered-count"), owner, unix(until)); err != nil {
		return nil, 0, fmt.Errorf("store: unanswered replies of %s: %w", owner, err)
	}
	out := make([]ReplyItem, 0, min(limit, total))
	if total == 0 || limit <= 0 {
		return out, total, nil
	}
	err := db.eachRead(ctx, "replies-unanswered-recent", func(row []driver.Value) error {
		out = append(out, listRow(row).item())
		return nil
	}, owner, unix(until), unix(now), int64(limit))
	if err != nil {
		return nil, 0, fmt.Errorf("store: unanswered replies of %s: %w", owner, err)
	}
	slices.Reverse(out)
	return out, total, nil
}

// OverdueReplies returns the limit oldest of the clocks still running that
// started before until and are past their target at now, owner's, or every
// owner's (ownerless clocks too) when owner is "", and how many there are
// in all: what a summary and the web report list as still waiting from
// before their period, without reading the rest (after a first sync of
// 100,000 messages some 13,000 clocks, each with its message's page).
func (db *DB) OverdueReplies(ctx context.Context, owner string, until, now time.Time, limit int) ([]ReplyItem, int, error) {
	return db.OverdueRepliesOf(ctx, owner, nil, until, now, limit)
}

// OverdueRepliesOf is OverdueReplies of owner with, when owner is not "",
// the mail of the departed owners owner stands in for in the mailboxes
// standIn pairs them with (the clock's mailbox and owner): the mail whose
// reply nudges owner gets in their place (sequences.ReplyConfig.StandIn),
// which stays on no one's list once it is older than a report's period
// otherwise.
func (db *DB) OverdueRepliesOf(ctx context.Context, owner string, standIn []StandIn, until, now time.Time, limit int) ([]ReplyItem, int, error) {
	pairs := Viewer{StandIn: standIn}.standIn()
	all := int64(0)
	if owner == "" {
		all = 1
	}
	var out []ReplyItem
	var total int
	// The count and the list from one snapshot: a clock marked as needing
	// no answer, or measured, between two reads would make a summary's
	// heading say 3 and list 2.
	err := db.readSnapshot(ctx, func(read func(name string, fn func(row []driver.Value) error, args ...driver.Value) error) error {
		err := read("replies-overdue-count", func(row []driver.Value) error {
			total = int(integer(row[0]))
			return nil
		}, owner, unix(until), unix(now), all, pairs)
		if err != nil {
			return err
		}
		out = make([]ReplyItem, 0, max(min(limit, total), 0))
		if total == 0 || limit <= 0 {
			return nil
		}
		if overdueBetween != nil {
			overdueBetween()
		}
		return read("replies-overdue-oldest", func(row []driver.Value) error {
			out = append(out, listRow(row).item())
			return nil
		}, owner, unix(until), unix(now), all, int64(limit), pairs)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: overdue replies: %w", err)
	}
	return out, total, nil
}

// overdueBetween, when set (by a test), runs between OverdueReplies' count
// and its list.
var overdueBetween func()

// NudgeState reads where the customer message a queued nudge is about
// stands now: answered (by mail the sync stored, measured or not), still
// waiting, or gone.
func (db *DB) NudgeState(ctx context.Context, messageID int64) (keepwarm.NudgeState, error) {
	var row struct {
		AnsweredAt sql.NullInt64  `db:"answered_at"`
		AnsweredBy sql.NullString `db:"answered_by"`
		Running    bool           `db:"running"`
		WaivedBy   string         `db:"waived_by"`
		WaivedAt   int64          `db:"waived_at"`
		Target     bool           `db:"target_nudged"`
		InDigest   bool           `db:"in_digest"`
		TargetAt   int64          `db:"target_at"`
	}
	err := db.r.GetContext(ctx, &row, q("replies-nudge-state"), messageID, int64(AnswerElsewhere/time.Second))
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.NudgeState{}, nil
	}
	if err != nil {
		return keepwarm.NudgeState{}, fmt.Errorf("store: nudge state of message %d: %w", messageID, err)
	}
	st := keepwarm.NudgeState{Found: true, Running: row.Running, AnsweredBy: row.AnsweredBy.String,
		WaivedBy: row.WaivedBy, WaivedAt: optUnix(row.WaivedAt), TargetNudged: row.Target, InDigest: row.InDigest,
		TargetAt: optUnix(row.TargetAt)}
	if row.AnsweredAt.Valid {
		st.AnsweredAt = fromUnix(row.AnsweredAt.Int64)
	}
	return st, nil
}
