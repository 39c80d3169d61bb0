package sequences_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
)

// A step that may have gone out from a mailbox whose server files sent mail
// in Sent itself, and that keepwarm could not look for there (the mailbox's
// IMAP login stopped), or from a mailbox no longer configured: the
// follow-up's reason says keepwarm could not look in Sent and to look
// there, never "it is not in Sent" (resending as told could reach the
// customer twice), however long the server's answer. One keepwarm looked
// for and did not find, or whose copy keepwarm files itself, is not in
// Sent, and the reason says so.
func TestAnUncertainStepSaysWhetherKeepwarmLookedInSent(t *testing.T) {
	ctx := context.Background()
	long := "smtp: connection lost after DATA: read tcp 10.0.0.5:51234->142.250.102.108:587: " + strings.Repeat("i/o timeout waiting for the server's answer ", 8)
	for _, tc := range []struct {
		name, note string
		looked     bool
	}{
		{"IMAP login stopped", "smtp: connection lost after DATA" + keepwarm.CouldNotLookInSent, false},
		{"IMAP login stopped, a long answer", long + keepwarm.CouldNotLookInSent, false},
		{"mailbox no longer configured", fmt.Sprintf(mailsync.InterruptedUnconfigured, "lily"), false},
		{"not in Sent two minutes later", "smtp: connection lost after DATA" + mailsync.NotInSentLater, true},
		{"interrupted and not in Sent", mailsync.InterruptedNotInSent, true},
		{"keepwarm files the copy", "smtp: connection lost after DATA", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			at := day0.AddDate(0, 0, 3)
			w.run(at)
			items, err := w.db.ClaimDue(ctx, at.Add(time.Minute), 10)
			if err != nil || len(items) != 1 {
				t.Fatalf("claimed %d: %v", len(items), err)
			}
			if err := w.db.MarkUncertain(ctx, items[0].ID, tc.note); err != nil {
				t.Fatal(err)
			}
			if err := w.job.Settled(ctx, items[0], keepwarm.OutboxUncertain, tc.note, nil, at.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			e := w.enrollment()
			if e.Status != keepwarm.EnrollFailed {
				t.Fatalf("not failed: %s (%s)", e.Status, e.Reason)
			}
			if tc.looked {
				if !strings.Contains(e.Reason, "it is not in Sent: ask the recipient") || strings.Contains(e.Reason, "could not look") {
					t.Errorf("reason %q: want it is not in Sent", e.Reason)
				}
				return
			}
			if strings.Contains(e.Reason, "it is not in Sent") ||
				!strings.Contains(e.Reason, "may or may not have gone out") ||
				!strings.Contains(e.Reason, "keepwarm could not look for it in Sent; look in your Sent folder, or ask the recipient whether it arrived") {
				t.Errorf("reason %q: want that keepwarm could not look in Sent", e.Reason)
			}
			if strings.HasSuffix(tc.note, keepwarm.CouldNotLookInSent) && !strings.Contains(e.Reason, keepwarm.CouldNotLookInSent+")") {
				t.Errorf("reason %q: the note's %q is cut", e.Reason, keepwarm.CouldNotLookInSent)
			}
			if len([]rune(e.Reason)) > 600 {
				t.Errorf("the server's answer is not cut: %d characters", len([]rune(e.Reason)))
			}
		})
	}
}
