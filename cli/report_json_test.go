package cli

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// streamReport writes rep through replyJSON, as the command streams it.
func streamReport(t *testing.T, rep store.ReplyReport) ([]byte, error) {
	t.Helper()
	var out bytes.Buffer
	j := newReplyJSON(&out)
	head := rep
	head.Breaches, head.Unanswered = []store.ReplyItem{}, []store.ReplyItem{}
	if err := j.head(head); err != nil {
		return nil, err
	}
	for _, l := range []struct {
		name  string
		items []store.ReplyItem
	}{{store.ListBreaches, rep.Breaches}, {store.ListUnanswered, rep.Unanswered}} {
		for _, it := range l.items {
			if err := j.item(l.name, it); err != nil {
				return nil, err
			}
		}
	}
	err := j.end()
	return out.Bytes(), err
}

func oldReportJSON(t *testing.T, rep store.ReplyReport) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := writeJSON(&out, rep); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func sameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	t.Fatalf("%s: streamed JSON differs from writeJSON's at byte %d of %d/%d:\nstreamed %q\nwanted   %q",
		what, i, len(got), len(want), got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
}

// The streamed report is byte for byte what writeJSON wrote for it, on a
// realistic history measured as the command measures it, in every grouping.
func TestReplyJSONMatchesWriteJSONOnAHistory(t *testing.T) {
	ctx := context.Background()
	msgs, last := mailtest.History(3000, mailtest.HistoryOptions{})
	now := last.Add(time.Hour)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, mb := range []string{"team", "lily", "tom", "ann"} {
		for _, folder := range []string{"Sent", "INBOX"} {
			var batch []keepwarm.Incoming
			for _, in := range msgs {
				if in.Copy.Mailbox == mb && in.Copy.Folder == folder {
					in.Copy.UIDValidity = 1
					batch = append(batch, in)
				}
			}
			if len(batch) == 0 {
				continue
			}
			st := keepwarm.FolderState{Mailbox: mb, Folder: folder, UIDValidity: 1, LastUID: batch[len(batch)-1].Copy.UID, SyncedAt: now}
			if _, err := db.SaveBatch(ctx, st, batch); err != nil {
				t.Fatal(err)
			}
		}
	}
	rc := sequences.ReplyConfig{MailboxOwners: map[string]string{"lily": "lily@acme-export.com", "tom": "tom@acme-export.com"},
		People: map[string]string{"lily@acme-export.com": "lily@acme-export.com"}}
	if _, err := sequences.NewReplyWatch(rc, db, slog.New(slog.DiscardHandler)).Measure(ctx, now); err != nil {
		t.Fatal(err)
	}
	for _, by := range []string{store.BySalesperson, store.ByCustomer, store.ByCountry, store.ByGrade} {
		f := store.ReplyReportFilter{Since: last.AddDate(0, -2, 0), Until: now, Now: now, By: by}
		rep, err := db.ReplyReport(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Breaches) < 50 || len(rep.Unanswered) < 10 || len(rep.Groups) < 1 {
			t.Fatalf("by %s: %d breaches, %d unanswered, %d groups: too few to compare", by, len(rep.Breaches), len(rep.Unanswered), len(rep.Groups))
		}
		var out bytes.Buffer
		j := newReplyJSON(&out)
		if err := db.ReplyReportEach(ctx, f, j.head, j.item); err != nil {
			t.Fatal(err)
		}
		if err := j.end(); err != nil {
			t.Fatal(err)
		}
		sameBytes(t, "by "+by, out.Bytes(), oldReportJSON(t, rep))
	}
}

// The same on the values that take care: unset times in zones west and
// east of UTC (null), a time on the zero date that is not zero (null, as
// writeJSON's expression makes it), nanoseconds, escaping (<, >, &,
// quotes, control characters, invalid UTF-8, U+2028), empty lists.
func TestReplyJSONMatchesWriteJSONOnEdges(t *testing.T) {
	west, east := time.FixedZone("W", -5*3600), time.FixedZone("E", 8*3600+30*60)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	nanos := at.Add(123456789).In(east)
	zero, zeroWest := time.Time{}, time.Time{}.In(west)
	onZeroDate := time.Time{}.Add(5 * time.Hour)
	b := int64(42)
	share := 2.0 / 3
	item := func(id int64, subject string, received time.Time, replied *time.Time) store.ReplyItem {
		return store.ReplyItem{MessageID: id, ThreadID: id * 10, Customer: "domain:globex.de", CustomerName: "Globex <GmbH> & Co",
			Country: "DE", Grade: "A", Owner: "lily@acme-export.com", RepliedBy: "tom@acme-export.com", Subject: subject,
			Contact: "hans@globex.de", Mailbox: "team", ReceivedAt: received, RepliedAt: replied, Seconds: 3600 * id,
			BusinessSeconds: &b, TargetSeconds: 600, Status: "late"}
	}
	reps := []store.ReplyReport{
		{Since: zeroWest, Until: at, By: "customer", Groups: []store.ReplyGroup{}, Breaches: []store.ReplyItem{}, Unanswered: []store.ReplyItem{}},
		{Since: at.In(west), Until: nanos, By: "grade",
			Total:  store.ReplyGroup{Key: "total", Count: 3, ShareWithinTarget: &share, MedianSeconds: &b},
			Groups: []store.ReplyGroup{{Key: "A", Count: 1}, {Key: "<B>", Count: 2, ShareWithinBusiness: &share}},
			Breaches: []store.ReplyItem{
				item(1, "Quote \"urgent\" <pumps> & valves\n\ttabbed\r\b\f\x01\x1f", at, &nanos),
				item(2, "报价 Ångström \u2028 line \u2029 para \xff\xfe broken \xe2\x82", zeroWest, nil),
				item(3, "", zero.In(east), &zero),
				item(4, "zero date, not zero", onZeroDate, &zeroWest),
			},
			Unanswered: []store.ReplyItem{item(5, "waiting", at.In(west), nil)},
		},
		{Since: at, Until: at, By: "salesperson", Groups: []store.ReplyGroup{}, Breaches: []store.ReplyItem{},
			Unanswered: []store.ReplyItem{item(6, "only unanswered", at, nil)}},
	}
	reps[2].Unanswered[0].BusinessSeconds = nil
	reps[1].Unanswered[0].Backup = "tom@acme-export.com"
	for i, rep := range reps {
		got, err := streamReport(t, rep)
		if err != nil {
			t.Fatal(err)
		}
		want := oldReportJSON(t, rep)
		sameBytes(t, "report "+string(rune('0'+i)), got, want)
		if i == 1 && (!strings.Contains(string(want), `"received_at": null`) || !strings.Contains(string(want), `"since": "2026-11-02T04:00:00-05:00"`)) {
			t.Fatalf("the edge report lacks a case:\n%s", want)
		}
	}
	far := reps[2]
	far.Until = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := streamReport(t, far); err == nil {
		t.Error("a year past 9999 was written; encoding/json refuses it")
	}
}
