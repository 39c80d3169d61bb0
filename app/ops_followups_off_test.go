package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/config"
)

// A holiday calendar that does not build turns follow-ups off: /healthz
// names the calendars to fix, not the sequences and templates (keepwarm
// sequences check passes), and a held step tells a tick user that the
// next tick picks the fix up, not a keepwarm run they do not have.
func TestFollowUpsOffForACalendarNamesTheCalendar(t *testing.T) {
	ctx := context.Background()
	cfg, err := config.Parse([]byte(strings.Replace(followUpTeam, "%SALES%", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	// Validation refuses such a row in a file; the engine's parts must
	// still say what is wrong when the calendars fail to build.
	cfg.Calendar.Override = append(cfg.Calendar.Override, config.CalendarOverride{Country: "XX", Date: "2027-03-10", Name: "Eid"})
	db, clock, ops, base := startOps(t, nil)
	a := &App{Cfg: cfg, DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clock}
	job, pre, off, err := a.FollowUpParts(ctx, nil)
	if err != nil || job != nil || off == nil {
		t.Fatalf("follow-ups with a broken calendar: job %v, off %v, err %v", job, off, err)
	}
	ops.followUpsOff = off
	code, body := get(t, base+"/healthz")
	if code != 503 || !strings.Contains(body, "follow-ups: off until the holiday calendars ([[calendar.override]] in the config) are fixed") ||
		strings.Contains(body, "sequences and templates") {
		t.Fatalf("healthz: %d %q", code, body)
	}
	enrollment := int64(1)
	_, err = pre(ctx, keepwarm.OutboxItem{Enrollment: &enrollment})
	var hold *keepwarm.Hold
	if !errors.As(err, &hold) || !strings.Contains(hold.Reason, "[[calendar.override]]") ||
		!strings.Contains(hold.Reason, "picked up by the next keepwarm tick or a restart of keepwarm run") {
		t.Fatalf("the held step's reason: %v", err)
	}
}
