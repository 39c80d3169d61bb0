package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// mergedFields are the customer fields a merge may fill on the kept side
// and an unmerge gives back.
type mergedFields struct {
	Name     string     `json:"name"`
	Domain   string     `json:"domain"`
	Owner    string     `json:"owner"`
	Grade    string     `json:"grade"`
	Country  string     `json:"country"`
	TimeZone string     `json:"time_zone"`
	Language string     `json:"language"`
	Tags     []string   `json:"tags"`
	Notes    string     `json:"notes"`
	GradedAt *time.Time `json:"graded_at,omitempty"`
	OptedOut *time.Time `json:"opted_out_at,omitempty"`
	// The pool state (merges recorded before these were kept have none,
	// and an unmerge leaves it as it is).
	ClaimedAt    *time.Time `json:"claimed_at,omitempty"`
	PoolDeadline *time.Time `json:"pool_deadline,omitempty"`
	WonAt        *time.Time `json:"won_at,omitempty"`
	ReviewedAt   *time.Time `json:"reviewed_at,omitempty"`
}

func fieldsOf(c CustomerRecord) mergedFields {
	return mergedFields{Name: c.Name, Domain: c.Domain, Owner: c.Owner, Grade: c.Grade, Country: c.Country,
		TimeZone: c.TimeZone, Language: c.Language, Tags: c.Tags, Notes: c.Notes, GradedAt: c.GradedAt, OptedOut: c.OptedOutAt,
		ClaimedAt: c.ClaimedAt, PoolDeadline: c.PoolDeadline, WonAt: c.WonAt, ReviewedAt: c.ReviewedAt}
}

// UnmergeResult says what an unmerge gave back.
type UnmergeResult struct {
	Kept     int64            `json:"kept"`
	Restored int64            `json:"restored"`
	Moved    map[string]int64 `json:"moved"` // rows moved back, by table
	Notes    []string         `json:"notes,omitempty"`
}

type mergeRow struct {
	ID         int64  `db:"id"`
	Kept       int64  `db:"kept_id"`
	Dropped    int64  `db:"dropped_id"`
	MovedRows  string `db:"moved_rows"`
	Repointed  string `db:"repointed"`
	KeptBefore string `db:"kept_before"`
	KeptAfter  string `db:"kept_after"`
	MergedAt   int64  `db:"merged_at"`
}

// UnmergeCustomer undoes a merge: id is the customer merged away, or the
// kept one (its latest merge is undone). The rows the merge moved go back,
// and what reached the kept customer since from the restored one's
// contacts (giveBackSince: its follow-ups paused), the customers that
// pointed at the dropped one point at it again, and the kept customer's
// fields the merge filled are emptied again unless changed since.
func (db *DB) UnmergeCustomer(ctx context.Context, id int64, now time.Time, by string) (UnmergeResult, error) {
	res := UnmergeResult{Moved: map[string]int64{}}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var m mergeRow
		err := tx.GetContext(ctx, &m, `SELECT id, kept_id, dropped_id, moved_rows, repointed, kept_before, kept_after, merged_at FROM merges
			WHERE undone_at IS NULL AND (dropped_id = ?1 OR kept_id = ?1) ORDER BY dropped_id = ?1 DESC, merged_at DESC, id DESC LIMIT 1`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return keepwarm.Errorf(keepwarm.ENOTFOUND, "customer %d has no merge to undo", id)
		}
		if err != nil {
			return err
		}
		if m.MovedRows == "" {
			return keepwarm.Errorf(keepwarm.EINVALID, "the merge of #%d into #%d was recorded before keepwarm kept what a merge moves: it cannot be undone", m.Dropped, m.Kept)
		}
		k, err := customerRecord(ctx, tx, m.Kept)
		if err != nil {
			return err
		}
		if k.MergedInto != 0 {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "#%d was merged into #%d since: undo that merge first (`customers unmerge %d`)", k.ID, k.MergedInto, k.ID)
		}
		res.Kept, res.Restored = m.Kept, m.Dropped
		var rows map[string][]int64
		if err := json.Unmarshal([]byte(m.MovedRows), &rows); err != nil {
			return fmt.Errorf("merge %d: moved rows: %w", m.ID, err)
		}
		tables, err := customerTables(ctx, tx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			ids := rows[t]
			if len(ids) == 0 {
				continue
			}
			arg, _ := json.Marshal(ids)
			ident := `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
			r, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+ident+` SET customer_id = ? WHERE customer_id = ? AND rowid IN (SELECT value FROM json_each(?))`,
				m.Dropped, m.Kept, string(arg))
			if err != nil {
				return fmt.Errorf("move %s back: %w", t, err)
			}
			n, _ := r.RowsAffected()
			res.Moved[t] = n
			if n < int64(len(ids)) {
				res.Notes = append(res.Notes, fmt.Sprintf("%d of %d %s row(s) had moved on and stay with #%d", int64(len(ids))-n, len(ids), t, m.Kept))
			}
		}
		if err := giveBackSince(ctx, tx, m, now, &res); err != nil {
			return err
		}
		if n, err := holdStoppedByMerge(ctx, tx, m, rows["enrollments"], now); err != nil {
			return err
		} else if n > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("%d follow-up(s) of #%d that the merge stopped are paused: resume each (`keepwarm resume ID`, see `keepwarm enrollments`) or stop it",
				n, m.Dropped))
		}
		var repointed []int64
		json.Unmarshal([]byte(m.Repointed), &repointed)
		arg, _ := json.Marshal(repointed)
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET merged_into = NULL WHERE id = ?`, m.Dropped); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET merged_into = ? WHERE merged_into = ? AND id IN (SELECT value FROM json_each(?))`,
			m.Dropped, m.Kept, string(arg)); err != nil {
			return err
		}
		var before, after mergedFields
		if json.Unmarshal([]byte(m.KeptBefore), &before) == nil && json.Unmarshal([]byte(m.KeptAfter), &after) == nil {
			res.Notes = append(res.Notes, restoreFields(&k, before, after)...)
			if err := writeCustomer(ctx, tx, k); err != nil {
				return err
			}
			if err := writeClaim(ctx, tx, k); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE merges SET undone_at = ?, undone_by = ? WHERE id = ?`, now.Unix(), by, m.ID)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("store: unmerge customer %d: %w", id, err)
	}
	return res, nil
}

// restoreFields gives k back the values it had before the merge where the
// merge changed them and nobody has changed them since.
func restoreFields(k *CustomerRecord, before, after mergedFields) []string {
	var notes []string
	for _, f := range []struct {
		label              string
		cur                *string
		before, afterwards string
	}{
		{"name", &k.Name, before.Name, after.Name}, {"domain", &k.Domain, before.Domain, after.Domain},
		{"owner", &k.Owner, before.Owner, after.Owner}, {"grade", &k.Grade, before.Grade, after.Grade},
		{"country", &k.Country, before.Country, after.Country}, {"time zone", &k.TimeZone, before.TimeZone, after.TimeZone},
		{"language", &k.Language, before.Language, after.Language}, {"notes", &k.Notes, before.Notes, after.Notes},
	} {
		switch {
		case f.before == f.afterwards:
		case *f.cur == f.afterwards:
			*f.cur = f.before
		default:
			notes = append(notes, fmt.Sprintf("kept %s as changed since the merge", f.label))
		}
	}
	if strings.Join(k.Tags, ",") == strings.Join(after.Tags, ",") {
		k.Tags = before.Tags
	}
	if before.Grade == k.Grade {
		k.GradedAt = before.GradedAt
	}
	for _, f := range []struct {
		cur                *(*time.Time)
		before, afterwards *time.Time
	}{
		{&k.ClaimedAt, before.ClaimedAt, after.ClaimedAt}, {&k.PoolDeadline, before.PoolDeadline, after.PoolDeadline},
		{&k.WonAt, before.WonAt, after.WonAt}, {&k.ReviewedAt, before.ReviewedAt, after.ReviewedAt},
	} {
		if !sameTime(f.before, f.afterwards) && sameTime(*f.cur, f.afterwards) {
			*f.cur = f.before
		}
	}
	if before.OptedOut == nil && after.OptedOut != nil && k.OptedOutAt != nil && k.OptedOutAt.Equal(*after.OptedOut) {
		k.OptedOutAt = nil
	}
	return notes
}

func sameTime(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

// holdStoppedByMerge pauses, for a person to resume, the follow-ups moved
// back that stopped after the merge because the merge made the customer
// another salesperson's (a hand-over) or moved it with a pool release:
// their reason is untrue once the merge is undone, and stopped cannot be
// resumed. They are not restarted unseen: the step may be stale by now.
func holdStoppedByMerge(ctx context.Context, tx *sqlx.Tx, m mergeRow, ids []int64, now time.Time) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	arg, _ := json.Marshal(ids)
	r, err := tx.ExecContext(ctx, `UPDATE enrollments SET status = 'paused', paused_until = NULL, paused_by_person = 1,
		reason = ?1, rev = rev + 1, updated_at = ?2
		WHERE customer_id = ?3 AND rowid IN (SELECT value FROM json_each(?4)) AND status = 'stopped' AND updated_at >= ?5
		  AND (reason LIKE 'the customer was handed to %' OR reason LIKE 'the customer went back to the pool%')`,
		fmt.Sprintf("stopped by the merge of #%d into #%d, which was undone: resume it or stop it", m.Dropped, m.Kept),
		now.Unix(), m.Dropped, string(arg), m.MergedAt)
	if err != nil {
		return 0, fmt.Errorf("follow-ups the merge stopped: %w", err)
	}
	return r.RowsAffected()
}
