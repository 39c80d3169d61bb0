package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// measureChunk is how many dirty threads one measuring transaction takes:
// small enough that a sync batch never waits long for the writer.
const measureChunk = 500

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
	total := 0
	for {
		n, threads, err := db.measureChunk(ctx, now, judge)
		if err != nil {
			return total, fmt.Errorf("store: measure replies: %w", err)
		}
		total += n
		if threads < measureChunk {
			return total, nil
		}
	}
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

// measureChunk measures up to measureChunk dirty threads in one transaction
// and returns the clocks written and the threads taken. Clocks are derived
// from the stored mail and a lost commit loses the threads' dirty marks'
// removal with them, so the commit need not wait for the disk (as a sync
// batch's, see inBatchTx); a nudge queued from them commits durably.
func (db *DB) measureChunk(ctx context.Context, now time.Time, judge func(*keepwarm.ReplyClock)) (int, int, error) {
	var written, taken int
	err := db.inBatchTx(ctx, []string{"replies-dirty", "replies-measure", "replies-upsert"}, refetchable, func(tx *batchTx) error {
		var ids []int64
		err := tx.each("replies-dirty", func(row []driver.Value) error {
			ids = append(ids, integer(row[0]))
			return nil
		}, int64(measureChunk))
		if err != nil || len(ids) == 0 {
			return err
		}
		taken = len(ids)
		js, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		var clocks []keepwarm.ReplyClock
		err = tx.each("replies-measure", func(row []driver.Value) error {
			clocks = append(clocks, measuredClock(row))
			return nil
		}, string(js))
		if err != nil {
			return err
		}
		for i := range clocks {
			if err := ctx.Err(); err != nil {
				return err
			}
			c := &clocks[i]
			if judge != nil {
				judge(c)
			}
			if _, err := tx.exec("replies-upsert", clockArgs(c, now)...); err != nil {
				return err
			}
		}
		written = len(clocks)
		if _, err := tx.execOnce("replies-delete-stale", string(js)); err != nil {
			return err
		}
		_, err = tx.execOnce("replies-dirty-clear", string(js))
		return err
	})
	return written, taken, err
}

// measuredClock reads one row of replies-measure.
func measuredClock(row []driver.Value) keepwarm.ReplyClock {
	c := keepwarm.ReplyClock{
		MessageID: integer(row[0]), ThreadID: integer(row[1]), CustomerID: integer(row[2]),
		Customer: text(row[3]), Grade: text(row[4]), CustomerOwner: text(row[5]), Mailbox: text(row[6]),
		ReceivedAt: fromUnix(integer(row[7])), StartedAt: fromUnix(integer(row[8])),
		CoveredBy: integer(row[9]), ReplyID: integer(row[11]),
		ReplyFrom: text(row[12]), ReplyMailbox: text(row[13]),
	}
	if at := integer(row[10]); at != 0 {
		c.RepliedAt = fromUnix(at)
	}
	return c
}

// clockArgs are the arguments of replies-upsert.
func clockArgs(c *keepwarm.ReplyClock, now time.Time) []driver.Value {
	var coveredBy, repliedAt, replyID, seconds, business, within driver.Value
	if c.CoveredBy != 0 {
		coveredBy = c.CoveredBy
	}
	target := int64(c.Target / time.Second)
	if !c.Open() {
		repliedAt, replyID = unix(c.RepliedAt), c.ReplyID
		s := c.Seconds()
		seconds, business = s, c.BusinessSeconds
		within = int64(0)
		if s <= target {
			within = int64(1)
		}
	}
	return []driver.Value{c.MessageID, c.ThreadID, c.CustomerID, c.Mailbox, unix(c.ReceivedAt), unix(c.StartedAt),
		coveredBy, repliedAt, replyID, c.RepliedBy, seconds, business, target, within, c.Owner, unix(now)}
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
	}, nil
}

// optUnix reads a stored time where 0 stands for none.
func optUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return fromUnix(s)
}
