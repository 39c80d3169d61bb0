package app

import (
	"context"
	"strings"
	"testing"

	"keepwarm"
)

// An uncertain send is noted on /healthz until someone deals with it (the
// desk's "I dealt with it", a resume): one a person settled is not counted
// as still to check, though it keeps its status.
func TestHealthzCountsOnlyUncertainSendsNoOneDealtWith(t *testing.T) {
	ctx := context.Background()
	db, clock, _, base := startOps(t, nil)
	now := clock.Now()
	var ids []int64
	for _, key := range []string{"seq:x:1", "seq:y:1"} {
		it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: key, MessageID: keepwarm.NewMessageID("acme.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
			Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.Claim(ctx, it.ID, now); err != nil || !ok {
			t.Fatalf("claim %d: %v %v", it.ID, ok, err)
		}
		if err := db.MarkUncertain(ctx, it.ID, "connection lost after DATA"); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	if _, body := get(t, base+"/healthz"); !strings.Contains(body, "note: 2 uncertain send(s) to check") {
		t.Fatalf("healthz with two uncertain sends: %q", body)
	}
	if err := db.SettleOutbox(ctx, ids[0], "the recipient got it", now); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, base+"/healthz"); !strings.Contains(body, "note: 1 uncertain send(s) to check") {
		t.Fatalf("healthz after one was dealt with: %q", body)
	}
	if err := db.SettleOutbox(ctx, ids[1], "sent again by hand", now); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, base+"/healthz"); strings.Contains(body, "uncertain") {
		t.Fatalf("healthz after both were dealt with: %q", body)
	}
}
