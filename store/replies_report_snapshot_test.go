package store

import (
	"context"
	"testing"
	"time"
)

// A reply report's table and its lists are one reading of the clocks: a
// mark of "no answer needed" stored while the report is being written
// (the daemon measures after every batch) changes neither, so the TOTAL's
// breaches are the breaches listed, and each listed breach is counted in
// its row.
func TestReplyReportTableAndListsAreOneReading(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const lily = "lily@team.example"
	for i, key := range []string{"first@acme", "second@acme"} {
		q := msg(key)
		q.Subject, q.SubjectKey = "Order "+key, "Order "+key
		save(t, db, at(q, "team", "INBOX", uint32(i+1), t0.Add(time.Duration(i)*time.Minute)))
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE customers SET owner = ? WHERE key = 'domain:acme.com'`, lily); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	measure(t, db, now)
	second := clockOf(t, db, "second@acme")

	var head ReplyReport
	var breaches []ReplyItem
	err := db.ReplyReportEach(ctx, ReplyReportFilter{Since: t0.Add(-24 * time.Hour), Until: t0.Add(24 * time.Hour), Now: now},
		func(rep ReplyReport) error {
			head = rep
			// Between the table and the lists, Lily settles one of the
			// two late mails.
			_, err := db.WaiveReply(ctx, Viewer{Email: lily}, second.MessageID, lily, now)
			return err
		}, func(list string, it ReplyItem) error {
			if list == ListBreaches {
				breaches = append(breaches, it)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if head.Total.Breaches != 2 || len(breaches) != head.Total.Breaches {
		t.Fatalf("the TOTAL counts %d breach(es) and the list has %d; want the 2 of one reading", head.Total.Breaches, len(breaches))
	}
	byOwner := map[string]int{}
	for _, it := range breaches {
		byOwner[it.Owner]++
	}
	for _, g := range head.Groups {
		if byOwner[g.Key] != g.Breaches {
			t.Errorf("%s's row counts %d breach(es), the list names %d", g.Key, g.Breaches, byOwner[g.Key])
		}
	}
	// The mark is stored: the next report has it.
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-24 * time.Hour), Until: t0.Add(24 * time.Hour), Now: now})
	if err != nil || rep.Total.Breaches != 1 || len(rep.Breaches) != 1 || rep.Total.NoAnswerNeeded != 1 {
		t.Fatalf("the report after the mark: %+v %v", rep.Total, err)
	}
}
