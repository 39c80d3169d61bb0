package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// TestHeldFollowUpPausesAndStopsButDoesNotResume: with a missing
// sequences directory the web's engine is held: a person may pause and
// stop a follow-up (nothing is rendered or sent), not resume it or skip a
// step until the files are fixed.
func TestHeldFollowUpPausesAndStopsButDoesNotResume(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	ctx := context.Background()
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer",
		Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 3), Mailbox: "lily",
		Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}

	w.a.Cfg.Sequences.Dir = filepath.Join(t.TempDir(), "missing")
	fu, broken, err := w.a.HeldFollowUp()
	if err != nil || broken == nil {
		t.Fatalf("HeldFollowUp with a missing directory: %v, broken %v", err, broken)
	}
	var ch EnrollmentChanger = heldChanger{fu: fu}
	if _, ok := ch.(consoleEngine); ok {
		t.Error("a held engine offers the console a forecast and previews")
	}
	now := t0.Add(time.Hour)
	if got, err := ch.Pause(ctx, e.ID, time.Time{}, now); err != nil || got.Status != keepwarm.EnrollPaused {
		t.Fatalf("pause: %+v %v", got, err)
	}
	_, err = ch.Resume(ctx, e.ID, now)
	if keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("resume while held: %v", err)
	}
	var ke *keepwarm.Error
	if !errors.As(err, &ke) || (web.Lang{Code: "zh"}).Err(ke.Message) == ke.Message {
		t.Errorf("the refusal %q has no Chinese", err)
	}
	if _, err := ch.SkipStep(ctx, e.ID, 0, "lily@lumina-export.example", now); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("skip while held: %v", err)
	}
	if got, err := ch.Stop(ctx, e.ID, now); err != nil || got.Status != keepwarm.EnrollStopped {
		t.Fatalf("stop: %+v %v", got, err)
	}
}
