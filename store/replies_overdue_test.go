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
	db := openTest(t)
	last := saveHistory(t, db, 600)
	if _, err := db.MeasureReplies(ctx, last, "test", testJudge); err != nil {
		t.Fatal(err)
	}
	var newest int64
	if err := db.r.GetContext(ctx, &newest, `SELECT max(started_at) FROM reply_clocks`); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(newest, 0).Add(24 * time.Hour)
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
		for _, limit := range []int{0, 1, 5, len(late), len(late) + 10} {
			got, total, err := db.OverdueReplies(ctx, until, now, limit)
			if err != nil {
				t.Fatal(err)
			}
			want := late[:min(limit, len(late))]
			if total != len(late) || len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Fatalf("until %v, limit %d: %d of %d:\n%+v\nwant %d of %d:\n%+v", until, limit, len(got), total, got, len(want), len(late), want)
			}
		}
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
