package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"keepwarm"
)

// Paging through DeskWaiting gives, for each viewer, what the desk read
// before one message at a time: every open clock of the viewer's (and of
// whoever they cover for; everyone's for a manager) on mail of a customer
// the viewer may see, with the same names, snippets and nudges, and counts
// that add up on every page. The customers of a realistic history are
// shared out so that a clock's owner and its customer's owner differ, and
// one is merged away.
func TestDeskWaitingPagesEqualTheOneByOneReads(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	last := saveHistory(t, db, 600)
	if _, err := db.MeasureReplies(ctx, last, "test", testJudge); err != nil {
		t.Fatal(err)
	}
	var owners []string
	if err := db.r.SelectContext(ctx, &owners, `SELECT DISTINCT owner FROM reply_clocks WHERE replied_at IS NULL ORDER BY owner`); err != nil {
		t.Fatal(err)
	}
	if len(owners) < 2 {
		t.Fatalf("open clocks of %v", owners)
	}
	// Customers: a third each to the first owner, the second, and the pool;
	// the first of them merged into the second.
	if _, err := db.w.ExecContext(ctx, `UPDATE customers SET owner = CASE id % 3 WHEN 0 THEN ?1 WHEN 1 THEN ?2 ELSE '' END`,
		owners[0], owners[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE customers SET merged_into = (SELECT min(id) + 1 FROM customers) WHERE id = (SELECT min(id) FROM customers)`); err != nil {
		t.Fatal(err)
	}
	// Some with a target not passed yet.
	if _, err := db.w.ExecContext(ctx, `UPDATE reply_clocks SET target_seconds = 1 << 30 WHERE message_id % 4 = 0`); err != nil {
		t.Fatal(err)
	}
	// Some nudges.
	var open []int64
	if err := db.r.SelectContext(ctx, &open, `SELECT message_id FROM reply_clocks WHERE replied_at IS NULL ORDER BY message_id`); err != nil {
		t.Fatal(err)
	}
	for i, id := range open {
		if i%5 == 1 {
			if err := db.RecordNudge(ctx, id, 1+i%2, last); err != nil {
				t.Fatal(err)
			}
		}
	}
	now := last
	until := now.Add(time.Second)

	hidden := 0
	oneByOne := func(v Viewer) []WaitingItem {
		items, h := deskOneByOne(t, db, v, until, now)
		hidden += h
		return items
	}

	viewers := []Viewer{{Email: owners[0]}, {Email: owners[1]}, {Email: owners[1], Covers: []string{owners[0]}},
		{Email: "nobody@seller.example"}, {Email: "boss@seller.example", Manager: true}}
	for _, v := range viewers {
		t.Run(fmt.Sprintf("%s+%v manager=%v", v.Email, v.Covers, v.Manager), func(t *testing.T) {
			want := oneByOne(v)
			late := 0
			for _, w := range want {
				if now.Unix()-w.StartedUnix > w.TargetSeconds {
					late++
				}
			}
			const limit = 7
			var got []WaitingItem
			key, pages := WaitingLast, 0
			for {
				pg, err := db.DeskWaiting(ctx, v, until, now, key, true, limit)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if pg.Total != len(want) || pg.Late != late || pg.Newer != len(got) || pg.Older+len(pg.Items)+len(got) != len(want) {
					t.Fatalf("page %d: total %d late %d newer %d older %d with %d items; want total %d late %d, %d read so far",
						pages, pg.Total, pg.Late, pg.Newer, pg.Older, len(pg.Items), len(want), late, len(got))
				}
				got = append(slices.Clone(pg.Items), got...)
				if pg.Older == 0 || len(pg.Items) == 0 {
					break
				}
				if len(pg.Items) != limit {
					t.Fatalf("page %d holds %d items, %d older", pages, len(pg.Items), pg.Older)
				}
				key = pg.Items[0].Key()
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("paged (%d):\n%+v\none by one (%d):\n%+v", len(got), got, len(want), want)
			}
			// Back from the oldest page with newer: the same pages.
			if len(got) > 2*limit {
				pg, err := db.DeskWaiting(ctx, v, until, now, got[limit-1].Key(), false, limit)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(pg.Items, got[limit:2*limit]) || pg.Newer != len(got)-2*limit {
					t.Fatalf("the page after the oldest 7: %+v (newer %d)", pg.Items, pg.Newer)
				}
			}
			t.Logf("%d waiting, %d late, %d pages", len(want), late, pages)
		})
	}
	// The test can tell: some clocks of a viewer's are on a customer they
	// may not see.
	if hidden == 0 {
		t.Fatal("no clock was on a customer its owner may not see")
	}
}

// deskOneByOne reads the waiting list as the desk did before DeskWaiting:
// the open clocks of the viewer and whoever they cover for (everyone's for
// a manager), then per clock its message if visible, its clock for the
// nudges and its customer's name (each customer once); hidden counts the
// clocks on customers the viewer may not see.
func deskOneByOne(tb testing.TB, db *DB, v Viewer, until, now time.Time) (out []WaitingItem, hidden int) {
	tb.Helper()
	ctx := context.Background()
	var items []ReplyItem
	if v.Manager {
		all, err := db.AllUnansweredReplies(ctx, until, now)
		if err != nil {
			tb.Fatal(err)
		}
		items = all
	} else {
		for _, o := range append([]string{v.Email}, v.Covers...) {
			some, err := db.UnansweredReplies(ctx, o, until, now)
			if err != nil {
				tb.Fatal(err)
			}
			items = append(items, some...)
		}
	}
	out = []WaitingItem{}
	names := map[int64]string{}
	for _, it := range items {
		m, err := db.VisibleMessage(ctx, v, it.MessageID)
		if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
			hidden++
			continue
		} else if err != nil {
			tb.Fatal(err)
		}
		name, ok := names[m.CustomerID]
		if !ok {
			c, err := db.CustomerForSequence(ctx, m.CustomerID)
			if err != nil {
				tb.Fatal(err)
			}
			if name = c.Name; name == "" {
				name = c.Key
			}
			names[m.CustomerID] = name
		}
		w := WaitingItem{MessageID: it.MessageID, ThreadID: it.ThreadID, CustomerID: m.CustomerID, ThreadCustomerID: m.CustomerID, CustomerName: name,
			Contact: it.Contact, Subject: it.Subject, Snippet: m.Snippet, Owner: it.Owner, Mailbox: it.Mailbox, HeaderID: m.MessageID,
			StartedUnix: it.ReceivedAt.Unix(), TargetSeconds: it.TargetSeconds}
		clk, err := db.ReplyClock(ctx, it.MessageID)
		if err != nil {
			tb.Fatal(err)
		}
		switch {
		case !clk.Nudge2At.IsZero():
			w.Nudged = 2
		case !clk.Nudge1At.IsZero():
			w.Nudged = 1
		}
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b WaitingItem) int {
		if a.Key().Less(b.Key()) {
			return -1
		}
		return 1
	})
	return out, hidden
}
