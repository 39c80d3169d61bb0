package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"keepwarm/sequences"
	"keepwarm/store"
)

// TestSummaryAndDigestCountMailMarkedNoAnswerNeeded: Lily marks her
// unanswered "Samples please" as needing no answer. The mark keeps it out
// of the reply figures, and the weekly summary and her digest say so
// beside them, as the reply report does, instead of leaving it out unseen.
func TestSummaryAndDigestCountMailMarkedNoAnswerNeeded(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	lily := "lily@acme-export.com"
	var samples int64
	for id := int64(1); id < 100 && samples == 0; id++ {
		if m, err := r.m.db.GetMessage(r.ctx, id); err == nil && m.MessageID == "samples@globex.de" {
			samples = id
		}
	}
	_, err := r.m.db.WaiveReply(r.ctx, store.Viewer{Email: lily}, samples, lily, t0.Add(3*time.Hour))
	r.must(err)
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC))
	r.must(err)
	if text := sum.Text(); !strings.Contains(text, "No answer needed (marked, not counted above): 1 (Lily Chen 1)") {
		t.Errorf("the summary:\n%s", text)
	}
	b, err := json.Marshal(sum)
	r.must(err)
	var js struct {
		Replies struct {
			Total struct {
				NoAnswerNeeded *int `json:"no_answer_needed"`
			} `json:"total"`
		} `json:"replies"`
	}
	if err := json.Unmarshal(b, &js); err != nil || js.Replies.Total.NoAnswerNeeded == nil || *js.Replies.Total.NoAnswerNeeded != 1 {
		t.Errorf("the summary's JSON: %s", b)
	}
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, t0.Add(24*time.Hour))
	r.must(err)
	if text := d.Text(); !strings.Contains(text, "1 marked no answer needed (not counted)") {
		t.Errorf("Lily's digest:\n%s", text)
	}
}

// TestSummaryOfAWeekWhoseMailWasAllMarked: every customer mail of the week
// was marked "no answer needed" (a holiday week of "thanks, received").
// The summary says so, in its subject and its reply section, instead of
// "0 customer emails" and no word of the marks; and in JSON a backup's
// mail not answered has no replied_at, not the year 1.
func TestSummaryOfAWeekWhoseMailWasAllMarked(t *testing.T) {
	r := newDigestRig(t, "")
	lily := "lily@acme-export.com"
	id := r.save("lily", inboundFrom("thanks@globex.de", "hans@globex.de", "Thanks, received", t0))
	r.must(r.m.measureReplies(r.ctx))
	_, err := r.m.db.WaiveReply(r.ctx, store.Viewer{Email: lily}, id, lily, t0.Add(time.Hour))
	r.must(err)
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC))
	r.must(err)
	if subj := sum.Subject(); !strings.HasSuffix(subj, ": 1 customer email, all marked no answer needed") {
		t.Errorf("subject: %s", subj)
	}
	if text := sum.Text(); !strings.Contains(text, "No answer needed (marked, not counted above): 1 (Lily Chen 1)") {
		t.Errorf("the summary:\n%s", text)
	}
	b, err := json.Marshal(sequences.Cover{Backup: "tom@acme-export.com", Person: lily, At: t0})
	r.must(err)
	if strings.Contains(string(b), "replied_at") {
		t.Errorf("a cover not answered: %s", b)
	}
}
