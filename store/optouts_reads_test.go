package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// A first run of the opt-out reader after a large sync reads some 2,000
// messages: they are recorded a statement for each set (read, no longer
// put off, put off), not two statements a message. A message read keeps
// its first read, one put off its first since, and one read is put off no
// more.
func TestRecordOptOutReadsInSets(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	statements := 0
	optOutWritten = func(string, int) { statements++ }
	defer func() { optOutWritten = nil }()
	if _, err := db.RecordOptOutReads(ctx, []int64{1}, nil, []int64{2, 3}, t0); err != nil {
		t.Fatal(err)
	}
	var read, waits []int64
	for i := int64(1); i <= 200; i++ {
		read = append(read, i) // 2, put off before, is read now
	}
	waits = []int64{3, 300, 301}
	later := t0.Add(time.Hour)
	statements = 0
	if _, err := db.RecordOptOutReads(ctx, read, nil, waits, later); err != nil {
		t.Fatal(err)
	}
	if statements != 3 {
		t.Errorf("%d statements for 200 messages read and 3 put off, want 3", statements)
	}
	rows := func(query string) []string {
		t.Helper()
		var out []string
		if err := db.r.Select(&out, query); err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := rows(`SELECT message_id || '@' || read_at FROM opt_out_reads ORDER BY message_id`)
	if len(got) != 200 || got[0] != fmt.Sprintf("1@%d", t0.Unix()) || got[1] != fmt.Sprintf("2@%d", later.Unix()) {
		t.Errorf("reads: %d, first %q", len(got), got[:min(3, len(got))])
	}
	// 3 was read and put off again in the same run: its wait ended when it
	// was read and a new one starts now, as when each message had
	// statements of its own.
	want := []string{fmt.Sprintf("3@%d", later.Unix()), fmt.Sprintf("300@%d", later.Unix()), fmt.Sprintf("301@%d", later.Unix())}
	if got := rows(`SELECT message_id || '@' || since FROM opt_out_waits ORDER BY message_id`); !slices.Equal(got, want) {
		t.Errorf("put off: %q, want %q", got, want)
	}
}
