package store

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// OverdueReplies gives the oldest of the clocks AllUnansweredReplies lists
// that are past their target, as many as asked, and how many there are in
// all, on a realistic history with targets not passed yet and a clock
// exactly at its target (not past it), for weeks that start at several
// points of the history.
func TestOverdueRepliesAreTheOldestOfTheLateUnanswered(t *testing.T) {
	ctx := context.Background()
	db, now := measuredHistory(t, 600)
	if _, err := db.w.ExecContext(ctx, `UPDATE reply_clocks SET target_seconds = 1 << 30 WHERE message_id % 4 = 0`); err != nil {
		t.Fatal(err)
	}
	var atTarget int64
	if err := db.w.GetContext(ctx, &atTarget, `UPDATE reply_clocks SET target_seconds = ?1 - started_at
		WHERE message_id = (SELECT max(message_id) FROM reply_clocks WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL AND message_id % 4 = 1)
		RETURNING message_id`, now.Unix()); err != nil {
		t.Fatal(err)
	}
	var startedAts []int64
	if err := db.r.SelectContext(ctx, &startedAts, `SELECT started_at FROM reply_clocks WHERE replied_at IS NULL ORDER BY started_at`); err != nil {
		t.Fatal(err)
	}
	if len(startedAts) < 20 {
		t.Fatalf("%d open clocks", len(startedAts))
	}
	for _, until := range []time.Time{now, time.Unix(startedAts[len(startedAts)/2], 0), time.Unix(startedAts[0], 0)} {
		all, err := db.AllUnansweredReplies(ctx, until, now)
		if err != nil {
			t.Fatal(err)
		}
		late := slices.DeleteFunc(all, func(it ReplyItem) bool { return it.Seconds <= it.TargetSeconds })
		if until.Equal(now) && len(late) < 10 {
			t.Fatalf("the rig: %d late", len(late))
		}
		if slices.ContainsFunc(late, func(it ReplyItem) bool { return it.MessageID == atTarget }) {
			t.Fatalf("the rig: clock %d, at its target, is late", atTarget)
		}
		checkOverdue(t, db, "", until, now, late)
	}
}

// measuredHistory opens a store with a realistic history of n messages,
// measures its reply clocks and gives a now a day after the newest clock
// started.
func measuredHistory(t *testing.T, n int) (*DB, time.Time) {
	t.Helper()
	ctx := context.Background()
	db := openTest(t)
	last := saveHistory(t, db, n)
	if _, err := db.MeasureReplies(ctx, last, "test", testJudge); err != nil {
		t.Fatal(err)
	}
	var newest int64
	if err := db.r.GetContext(ctx, &newest, `SELECT max(started_at) FROM reply_clocks`); err != nil {
		t.Fatal(err)
	}
	return db, time.Unix(newest, 0).Add(24 * time.Hour)
}

// checkOverdue checks OverdueReplies of owner against late, the clocks it
// should list, for several limits.
func checkOverdue(t *testing.T, db *DB, owner string, until, now time.Time, late []ReplyItem) {
	t.Helper()
	for _, limit := range []int{0, 1, 5, len(late), len(late) + 10} {
		got, total, err := db.OverdueReplies(context.Background(), owner, until, now, limit)
		if err != nil {
			t.Fatal(err)
		}
		want := late[:min(limit, len(late))]
		if total != len(late) || len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("owner %q, until %v, limit %d: %d of %d:\n%+v\nwant %d of %d:\n%+v", owner, until, limit, len(got), total, got, len(want), len(late), want)
		}
	}
}

// OverdueReplies of one owner gives the oldest of the clocks
// UnansweredReplies lists for that owner that are past their target, and
// how many: what the web report shows a salesperson as still waiting from
// before the period. Other owners' clocks, and ownerless ones, are left
// out.
func TestOverdueRepliesOfOneOwner(t *testing.T) {
	ctx := context.Background()
	db, now := measuredHistory(t, 600)
	var owners []string
	if err := db.r.SelectContext(ctx, &owners, `SELECT DISTINCT owner FROM reply_clocks WHERE replied_at IS NULL ORDER BY owner`); err != nil {
		t.Fatal(err)
	}
	// Half the clocks go to lily@t.com, so that she has some and others
	// have the rest: hers from the start, as a measurement files them
	// (report_owner too), not handed to her later.
	if _, err := db.w.ExecContext(ctx, `UPDATE reply_clocks SET owner = 'lily@t.com', report_owner = 'lily@t.com' WHERE message_id % 2 = 0`); err != nil {
		t.Fatal(err)
	}
	owners = append(owners, "lily@t.com")
	lily := 0
	for _, owner := range owners {
		if owner == "" {
			continue
		}
		mine, err := db.UnansweredReplies(ctx, owner, now, now)
		if err != nil {
			t.Fatal(err)
		}
		late := slices.DeleteFunc(mine, func(it ReplyItem) bool { return it.Seconds <= it.TargetSeconds })
		if owner == "lily@t.com" {
			lily = len(late)
		}
		checkOverdue(t, db, owner, now, now, late)
	}
	if _, total, err := db.OverdueReplies(ctx, "", now, now, 0); err != nil || lily == 0 || total <= lily {
		t.Fatalf("the rig: %d of Lily's late of %d (%v), want some of hers and some of others'", lily, total, err)
	}
}

// TestOverdueCountReadsTheClocksAlone: counting the late clocks reads
// reply_clocks alone, from its index of open clocks: a join with messages
// read a page of the table for each of thousands of clocks.
func TestOverdueCountReadsTheClocksAlone(t *testing.T) {
	plan, err := explain(openTest(t), q("replies-overdue-count"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plan, "messages") || strings.Contains(plan, "customers") || !strings.Contains(plan, "reply_clocks_open") {
		t.Fatalf("the count reads more than the open clocks:\n%s", plan)
	}
}

// A clock marked as needing no answer between OverdueReplies' count and
// its list (a desk's mark as a summary is built) changes neither: both
// read one snapshot, so a summary never heads "(3)" over 2 rows.
func TestOverdueRepliesCountAndListAgree(t *testing.T) {
	ctx := context.Background()
	db, now := measuredHistory(t, 300)
	want, total, err := db.OverdueReplies(ctx, "", now, now, 1<<20)
	if err != nil || total < 3 || len(want) != total {
		t.Fatalf("the rig: %d of %d late (%v)", len(want), total, err)
	}
	waived := false
	overdueBetween = func() {
		if _, err := db.w.ExecContext(ctx, `UPDATE reply_clocks SET waived_at = ?1 WHERE message_id = ?2`,
			now.Unix(), want[0].MessageID); err != nil {
			t.Error(err)
		}
		waived = true
	}
	t.Cleanup(func() { overdueBetween = nil })
	got, n, err := db.OverdueReplies(ctx, "", now, now, total)
	if err != nil || !waived {
		t.Fatalf("%v (hook ran: %v)", err, waived)
	}
	if n != total || !reflect.DeepEqual(got, want) {
		t.Fatalf("with a mark between the reads: %d listed of %d, want the %d of before", len(got), n, total)
	}
	overdueBetween = nil
	if _, n, err := db.OverdueReplies(ctx, "", now, now, total); err != nil || n != total-1 {
		t.Fatalf("after the mark: %d %v, want %d", n, err, total-1)
	}
}
