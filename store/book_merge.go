package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/book"
)

// MergeResult says what a merge moved.
type MergeResult struct {
	Kept    int64            `json:"kept"`
	Dropped int64            `json:"dropped"`
	Moved   map[string]int64 `json:"moved"` // rows moved, by table
	Notes   []string         `json:"notes,omitempty"`
}

// MergeCustomers folds customer drop into keep in one transaction: every
// row of any table that has a customer_id column (contacts, phones,
// threads, messages, reply clocks, enrolments, outbox items, reviews,
// orders, pool history: tables added by later migrations included) moves
// to keep; keep gains what it lacks of drop's fields; drop stays as a
// record pointing at keep (merged_into), so mail that still carries drop's
// key lands on keep. The merge is recorded, with the rows it moved: drop's
// pool history then shows on keep but does not say keep left its owner
// (LetGoSince). When both had owners, keep's stays, and the change from
// drop's is recorded as a hand-over, which stops drop's owner's follow-ups.
func (db *DB) MergeCustomers(ctx context.Context, keep, drop int64, now time.Time, by string) (MergeResult, error) {
	return db.mergeCustomers(ctx, keep, drop, now, by, false)
}

// MergeCustomersDryRun is MergeCustomers in a transaction that is rolled
// back: what the merge would move and its notes (whose follow-ups stop),
// for a person to read before the merge is made.
func (db *DB) MergeCustomersDryRun(ctx context.Context, keep, drop int64, now time.Time, by string) (MergeResult, error) {
	return db.mergeCustomers(ctx, keep, drop, now, by, true)
}

var errMergeDryRun = errors.New("merge dry run")

func (db *DB) mergeCustomers(ctx context.Context, keep, drop int64, now time.Time, by string, dryRun bool) (MergeResult, error) {
	var res MergeResult
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if res, err = mergeTx(ctx, tx, keep, drop, now, by); err == nil && dryRun {
			return errMergeDryRun
		}
		return err
	})
	if err != nil && !errors.Is(err, errMergeDryRun) {
		return res, fmt.Errorf("store: merge customer %d into %d: %w", drop, keep, err)
	}
	return res, nil
}

func mergeTx(ctx context.Context, tx *sqlx.Tx, keep, drop int64, now time.Time, by string) (MergeResult, error) {
	res := MergeResult{Kept: keep, Dropped: drop, Moved: map[string]int64{}}
	if keep == drop {
		return res, keepwarm.Errorf(keepwarm.EINVALID, "cannot merge customer %d with itself", keep)
	}
	k, err := customerRecord(ctx, tx, keep)
	if err != nil {
		return res, err
	}
	d, err := customerRecord(ctx, tx, drop)
	if err != nil {
		return res, err
	}
	for _, c := range []CustomerRecord{k, d} {
		if c.MergedInto != 0 {
			return res, keepwarm.Errorf(keepwarm.EINVALID, "customer %d was already merged into %d", c.ID, c.MergedInto)
		}
	}
	tables, err := customerTables(ctx, tx)
	if err != nil {
		return res, err
	}
	// The dropped owner's follow-ups of drop, counted before they move:
	// those the hand-over below stops.
	var live int
	if err := tx.GetContext(ctx, &live, `SELECT count(*) FROM enrollments WHERE customer_id = ? AND status IN ('active', 'paused')
		AND lower(CASE WHEN signer != '' THEN signer ELSE owner END) = lower(?)`, drop, d.Owner); err != nil {
		return res, fmt.Errorf("follow-ups of customer %d: %w", drop, err)
	}
	before, _ := json.Marshal(fieldsOf(k))
	rowids := map[string][]int64{}
	for _, t := range tables {
		ids, left, err := moveRows(ctx, tx, t, keep, drop)
		if err != nil {
			return res, err
		}
		if len(ids) > 0 {
			res.Moved[t] = int64(len(ids))
			rowids[t] = ids
		}
		if left > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("%d %s row(s) duplicate the kept customer's and stay with #%d", left, t, drop))
		}
	}
	hadOwner, hadOptOut := k.Owner, k.OptedOutAt != nil
	res.Notes = append(res.Notes, foldFields(&k, d)...)
	res.Notes = append(res.Notes, foldClaim(&k, d, hadOwner)...)
	if err := writeCustomer(ctx, tx, k); err != nil {
		return res, err
	}
	if !hadOptOut && d.OptedOutAt != nil {
		// Who asked comes with the opt-out taken from the dropped
		// customer, and the answer that asked, which a Sent copy making
		// it the team's own looks the opt-out up by.
		if _, err := tx.ExecContext(ctx, q("book-merge-opt-out"), keep, drop); err != nil {
			return res, fmt.Errorf("carry the opt-out of customer %d: %w", drop, err)
		}
	}
	if err := writeClaim(ctx, tx, k); err != nil {
		return res, err
	}
	if d.Owner != "" && k.Owner != "" && !strings.EqualFold(d.Owner, k.Owner) {
		// The dropped customer's threads and follow-ups are the kept
		// owner's now: a hand-over from the dropped owner, whose follow-ups
		// stop at their next step as at any (sequences' notTheirs), so two
		// salespeople do not write to one customer.
		if err := ownerEvent(ctx, tx, keep, d.Owner, k.Owner, fmt.Sprintf("merge of #%d", drop), now); err != nil {
			return res, err
		}
		res.Notes = append(res.Notes, fmt.Sprintf("%s's follow-ups of #%d stop for good (%d running or paused now): the customer is %s's, who can follow up in their own name; only customers unmerge brings them back, paused",
			d.Owner, drop, live, k.Owner))
	}
	after, _ := json.Marshal(fieldsOf(k))
	repointed := []int64{}
	if err := tx.SelectContext(ctx, &repointed, `SELECT id FROM customers WHERE merged_into = ? ORDER BY id`, drop); err != nil {
		return res, fmt.Errorf("customers merged into %d: %w", drop, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET merged_into = ?1 WHERE id = ?2 OR merged_into = ?2`, keep, drop); err != nil {
		return res, fmt.Errorf("mark merged: %w", err)
	}
	moved, _ := json.Marshal(res.Moved)
	movedRows, _ := json.Marshal(rowids)
	rep, _ := json.Marshal(repointed)
	if _, err := tx.ExecContext(ctx, `INSERT INTO merges (kept_id, dropped_id, dropped_key, dropped_name, moved, merged_by, merged_at,
		moved_rows, repointed, kept_before, kept_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		keep, drop, d.Key, d.Name, string(moved), by, now.Unix(), string(movedRows), string(rep), string(before), string(after)); err != nil {
		return res, fmt.Errorf("record merge: %w", err)
	}
	return res, nil
}

// customerTables lists every table with a customer_id column, so that a
// merge moves the rows of tables other features add (enrolments, outbox,
// reply clocks) without this code knowing them.
func customerTables(ctx context.Context, tx *sqlx.Tx) ([]string, error) {
	var names []string
	err := tx.SelectContext(ctx, &names, `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND p.name = 'customer_id' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name`)
	if err != nil {
		return nil, fmt.Errorf("list customer tables: %w", err)
	}
	return names, nil
}

// moveRows repoints one table's rows from drop to keep and returns the
// rowids it moved. Where a unique constraint refuses (keep has the same
// enrolment already), the duplicate stays with drop and is counted in left.
func moveRows(ctx context.Context, tx *sqlx.Tx, table string, keep, drop int64) (moved []int64, left int64, err error) {
	ident := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
	var had []int64
	if err := tx.SelectContext(ctx, &had, `SELECT rowid FROM `+ident+` WHERE customer_id = ? ORDER BY rowid`, drop); err != nil {
		return nil, 0, fmt.Errorf("rows of %s: %w", table, err)
	}
	if len(had) == 0 {
		return nil, 0, nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+ident+` SET customer_id = ? WHERE customer_id = ?`, keep, drop)
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		_, err = tx.ExecContext(ctx, `UPDATE OR IGNORE `+ident+` SET customer_id = ? WHERE customer_id = ?`, keep, drop)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("move %s: %w", table, err)
	}
	var stayed []int64
	if err := tx.SelectContext(ctx, &stayed, `SELECT rowid FROM `+ident+` WHERE customer_id = ?`, drop); err != nil {
		return nil, 0, fmt.Errorf("rows of %s: %w", table, err)
	}
	for _, id := range had {
		if !slices.Contains(stayed, id) {
			moved = append(moved, id)
		}
	}
	return moved, int64(len(stayed)), nil
}

// foldFields gives k what it lacks of d's fields and says where they differ.
func foldFields(k *CustomerRecord, d CustomerRecord) []string {
	var notes []string
	if autoNamed(*k) && !autoNamed(d) {
		k.Name = d.Name
	}
	for _, f := range []struct {
		label      string
		keep, drop *string
	}{
		{"owner", &k.Owner, &d.Owner}, {"grade", &k.Grade, &d.Grade}, {"country", &k.Country, &d.Country},
		{"time zone", &k.TimeZone, &d.TimeZone}, {"language", &k.Language, &d.Language}, {"", &k.Domain, &d.Domain},
	} {
		switch {
		case *f.drop == "" || *f.keep == *f.drop:
		case *f.keep == "":
			*f.keep = *f.drop
			if f.label == "grade" {
				k.GradedAt = d.GradedAt
			}
		case f.label != "":
			notes = append(notes, fmt.Sprintf("kept %s %s (the merged customer had %s)", f.label, *f.keep, *f.drop))
		}
	}
	k.Tags = book.MergeTags(k.Tags, d.Tags)
	if d.Notes != "" && !strings.Contains(k.Notes, d.Notes) {
		k.Notes = strings.TrimSpace(k.Notes + "\n" + d.Notes)
	}
	if k.OptedOutAt == nil {
		k.OptedOutAt = d.OptedOutAt
	}
	return notes
}

// foldClaim gives k the pool state of the one company the two customers
// are: won when either was (a won account never goes back to the pool), a
// claim's deadline only while the owner holds the company by a claim
// alone, and the later review. hadOwner is k's owner before the merge.
func foldClaim(k *CustomerRecord, d CustomerRecord, hadOwner string) []string {
	var notes []string
	if d.WonAt != nil && (k.WonAt == nil || d.WonAt.Before(*k.WonAt)) {
		k.WonAt = d.WonAt
	}
	if d.ReviewedAt != nil && (k.ReviewedAt == nil || d.ReviewedAt.After(*k.ReviewedAt)) {
		k.ReviewedAt = d.ReviewedAt
	}
	switch {
	case hadOwner == "" && k.Owner != "" && strings.EqualFold(k.Owner, d.Owner):
		// The owner came with the dropped customer: so does their claim,
		// which then counts against their cap and runs out as it would have.
		k.ClaimedAt, k.PoolDeadline = d.ClaimedAt, d.PoolDeadline
	case k.Owner != "" && strings.EqualFold(k.Owner, d.Owner) && (k.ClaimedAt == nil) != (d.ClaimedAt == nil) && k.WonAt == nil:
		// One side was theirs for good, the other only claimed: the
		// company is theirs for good.
		if k.ClaimedAt != nil {
			notes = append(notes, fmt.Sprintf("the claim on #%d ends: %s owned #%d already", k.ID, k.Owner, d.ID))
		}
		k.ClaimedAt, k.PoolDeadline = nil, nil
	}
	return notes
}

// writeClaim writes the pool state a merge or an unmerge settled.
func writeClaim(ctx context.Context, tx *sqlx.Tx, c CustomerRecord) error {
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET claimed_at = ?, pool_deadline = ?, won_at = ?, reviewed_at = ? WHERE id = ?`,
		bookUnix(c.ClaimedAt), bookUnix(c.PoolDeadline), bookUnix(c.WonAt), bookUnix(c.ReviewedAt), c.ID); err != nil {
		return fmt.Errorf("pool state of customer %d: %w", c.ID, err)
	}
	return nil
}
