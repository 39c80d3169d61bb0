package app

import (
	"context"
	"strings"
	"testing"
	"time"
)

// [digest] time = "00:00" and summary_time = "00:00" are midnight, as
// written: the digests and the weekly summary go out then, not at 08:30
// (the default a zero offset from midnight was once taken for).
func TestDigestAndSummaryAtMidnightGoOutAtMidnight(t *testing.T) {
	ctx := context.Background()
	cst := time.FixedZone("CST", 8*3600)
	t0 := time.Date(2026, 11, 1, 12, 0, 0, 0, cst) // a Sunday
	a := newTestApp(t, strings.Replace(followUpTeam, "%SALES%", "", 1)+`
[notify]
smtp_url = "smtps://mail.lumina-export.example"
username = "keepwarm@lumina-export.example"
password_env = "KW_TEST_PASSWORD"
from = "keepwarm@lumina-export.example"

[digest]
time = "00:00"
summary_time = "00:00"
`, t0)
	db := a.DB

	// Monday's digest: due at its midnight, asked for just before it.
	mon := time.Date(2026, 11, 2, 0, 0, 0, 0, cst)
	next, err := a.NewDigests(nil, nil).Run(ctx, mon.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !next.Equal(mon) {
		t.Errorf("the next digest at Sunday 23:59 is at %s, want Monday 00:00", next.In(cst))
	}
	// Tuesday 00:00:30: Lily's digest of the day is decided (queued, or
	// recorded as empty) under its key.
	tue := time.Date(2026, 11, 3, 0, 0, 30, 0, cst)
	if _, err := a.NewDigests(nil, nil).Run(ctx, tue); err != nil {
		t.Fatal(err)
	}
	key := "digest:lily@lumina-export.example:2026-11-03"
	if _, ok, err := db.OutboxByKey(ctx, key); err != nil || !ok {
		t.Errorf("no %s at Tuesday 00:00:30 with [digest] time = \"00:00\" (err %v)", key, err)
	}

	// The weekly summary (Monday, the default weekday) at Monday 00:00:30.
	next, err = a.NewSummaries(nil).Run(ctx, mon.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !next.Equal(mon) {
		t.Errorf("the next summary at Sunday 23:59 is at %s, want Monday 00:00", next.In(cst))
	}
	if _, err := a.NewSummaries(nil).Run(ctx, mon.Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.OutboxByKey(ctx, "summary:2026-W45"); err != nil || !ok {
		t.Errorf("no summary:2026-W45 at Monday 00:00:30 with summary_time = \"00:00\" (err %v)", err)
	}
}
