package store

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// ReplyGroups gives the figures ReplyReport gives, without its lists: the
// replies page's weekly trend reads twelve weeks of figures and shows no
// breach of them.
func TestReplyGroupsAreTheReportsFigures(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	last := saveHistory(t, db, 300)
	measure(t, db, last)
	for _, by := range []string{BySalesperson, ByCustomer} {
		f := ReplyReportFilter{Since: time.Unix(0, 0), Until: last.Add(time.Second), Now: last, By: by}
		rep, err := db.ReplyReport(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Breaches) == 0 || len(rep.Groups) < 2 {
			t.Fatalf("by %s: %d groups, %d breaches: the test says nothing", by, len(rep.Groups), len(rep.Breaches))
		}
		got, err := db.ReplyGroups(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		rep.Breaches, rep.Unanswered = []ReplyItem{}, []ReplyItem{}
		if !reflect.DeepEqual(got, rep) {
			t.Fatalf("by %s: groups alone %+v, the report's %+v", by, got, rep)
		}
	}
	if _, err := db.ReplyGroups(ctx, ReplyReportFilter{By: "weather"}); err == nil {
		t.Fatal("an unknown grouping is accepted")
	}
}
