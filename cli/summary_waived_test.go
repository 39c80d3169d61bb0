package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

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
