package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// `keepwarm enrollments` counts steps from 1, as the outbox, the desk and
// the digest do: after step 1 went, the enrollment's next step is 2, in the
// table and in JSON's next_step.
func TestEnrollmentsCountStepsAsTheOutboxDoes(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.tick(day(3))
	sent := r.outbox()
	if len(sent) != 1 || sent[0].Step == nil || *sent[0].Step != 1 {
		t.Fatalf("outbox: %+v", sent)
	}
	var list []struct {
		NextStep *int `json:"next_step"`
	}
	if err := json.Unmarshal([]byte(r.must(day(3), "enrollments", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].NextStep == nil || *list[0].NextStep != 2 {
		t.Fatalf("enrollments --json: %+v", list)
	}
	out := r.must(day(3), "enrollments")
	lines := strings.Split(out, "\n")
	head, row := lines[0], lines[1]
	col := strings.Index(head, "NEXT STEP")
	if col < 0 || len(row) <= col || !strings.HasPrefix(row[col:], "2 ") {
		t.Fatalf("enrollments:\n%s", out)
	}
}
