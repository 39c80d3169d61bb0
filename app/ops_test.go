package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

var t0 = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// startOps serves /healthz and /metrics on 127.0.0.1 over a new database,
// on a manual clock at t0, for mailboxes.
func startOps(t *testing.T, mailboxes []string) (*store.DB, *keepwarm.ManualClock, *opsServer, string) {
	t.Helper()
	ctx := context.Background()
	clock := keepwarm.NewManualClock(t0)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ops := newOpsServer(db, clock, slog.New(slog.DiscardHandler), mailboxes, 2*time.Minute)
	if err := ops.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ops.Close(ctx) })
	return db, clock, ops, "http://" + ops.Addr()
}

func TestOpsHealthAndMetricsComeFromTheStore(t *testing.T) {
	ctx := context.Background()
	db, clock, ops, base := startOps(t, []string{"team"})

	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "mailbox team: not synced yet") {
		t.Fatalf("healthz before any sync: %d %q", code, body)
	}

	// One synced batch: a message in the team INBOX, stored from its header
	// (its text to follow).
	msg := keepwarm.Message{Key: "m1@globex.de", MessageID: "m1@globex.de", From: keepwarm.Address{Email: "hans@globex.de"},
		Subject: "Inquiry", SubjectKey: "inquiry", Kind: keepwarm.KindInbound, CustomerKey: "domain:globex.de",
		Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}, RawHeader: []byte("From: hans@globex.de\r\n\r\n"), TextPending: true}
	state := keepwarm.FolderState{Mailbox: "team", Folder: "INBOX", UIDValidity: 7, LastUID: 1, SyncedAt: t0}
	if _, err := db.SaveBatch(ctx, state, []keepwarm.Incoming{{Message: msg, Copy: keepwarm.Copy{Mailbox: "team", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 7, UID: 1, InternalDate: t0}}}); err != nil {
		t.Fatal(err)
	}
	ops.synced.Add(1)
	clock.Advance(30 * time.Second)
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Fatalf("healthz after a sync: %d %q", code, body)
	}
	code, metrics := get(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	for _, want := range []string{
		"keepwarm_messages_stored 1",
		"keepwarm_customers 1",
		`keepwarm_mailbox_copies{mailbox="team"} 1`,
		`keepwarm_sync_lag_seconds{folder="INBOX",mailbox="team"} 30`,
		"keepwarm_messages_synced_total 1",
		"keepwarm_store_up 1",
		"keepwarm_open_reply_clocks 0",
		"keepwarm_messages_text_pending 1",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	clock.Advance(5 * time.Minute)
	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "last synced 5m30s ago") {
		t.Fatalf("healthz when stale: %d %q", code, body)
	}
}

// TestHealthzNotesUndeliveredChatNudges: a chat nudge that failed for good
// is noted on /healthz (not unhealthy: a person reads it).
func TestHealthzNotesUndeliveredChatNudges(t *testing.T) {
	ctx := context.Background()
	db, _, _, base := startOps(t, nil)
	if _, body := get(t, base+"/healthz"); strings.Contains(body, "chat nudge") {
		t.Fatalf("a note with no chat nudge at all: %q", body)
	}
	it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:1:1:wecom", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: keepwarm.ChatMailbox("wecom"), From: keepwarm.Address{Email: "kw@acme.example"}, To: []keepwarm.Address{{Email: "lily@acme.example"}},
		Mode: keepwarm.ModeSend, DueAt: t0, CreatedAt: t0, Origin: "nudge", Chat: &keepwarm.ChatNote{Channel: "wecom", Title: "Reply due"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{it.ID}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, it.ID, "channel wecom: refused (errcode 93000: invalid webhook url)"); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "note: 1 chat nudge(s) not delivered in the last 24h") {
		t.Fatalf("healthz: %d %q", code, body)
	}
}

// TestHealthzNotesAChatChannelThatKeepsRefusing: a chat nudge its
// channel has refused for now (a 502) for more than 10 minutes is noted on
// /healthz with the channel and the answer, not only retried in silence:
// without [notify] nothing else reaches anyone meanwhile.
func TestHealthzNotesAChatChannelThatKeepsRefusing(t *testing.T) {
	ctx := context.Background()
	db, clock, _, base := startOps(t, nil)
	now := clock.Now()
	it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:1:1:wecom", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: keepwarm.ChatMailbox("wecom"), From: keepwarm.Address{Email: "kw@acme.example"}, To: []keepwarm.Address{{Email: "lily@acme.example"}},
		Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "nudge", Chat: &keepwarm.ChatNote{Channel: "wecom", Title: "Reply due"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{it.ID}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRetry(ctx, it.ID, now.Add(8*time.Minute), "channel wecom: 502 from the platform: bad gateway"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Minute)
	if _, body := get(t, base+"/healthz"); strings.Contains(body, "chat channel wecom") {
		t.Fatalf("a nudge retried for 5 minutes is noted: %q", body)
	}
	clock.Advance(6 * time.Minute)
	if code, body := get(t, base+"/healthz"); code != 200 ||
		!strings.Contains(body, "note: chat channel wecom: 1 nudge(s) refused for now for more than 10m0s") || !strings.Contains(body, "502 from the platform") {
		t.Fatalf("healthz: %d %q", code, body)
	}
}

// TestHealthzDoesNotNoteAHeldChatNudgeAsRefused: a chat nudge refused
// once and now held by keepwarm (its mail instead is being sent) waits
// for keepwarm, not for the platform: /healthz does not give the hold as
// the channel's answer, nor the nudge as refused.
func TestHealthzDoesNotNoteAHeldChatNudgeAsRefused(t *testing.T) {
	ctx := context.Background()
	db, clock, _, base := startOps(t, nil)
	now := clock.Now()
	it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:1:2:ding", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: keepwarm.ChatMailbox("ding"), From: keepwarm.Address{Email: "kw@acme.example"}, To: []keepwarm.Address{{Email: "lily@acme.example"}},
		Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "nudge", Chat: &keepwarm.ChatNote{Channel: "ding", Title: "Reply due"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{it.ID}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRetry(ctx, it.ID, now.Add(5*time.Minute), "channel ding: throttled (errcode 130101: send too fast)"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(16 * time.Minute)
	if err := db.HoldOutbox(ctx, it.ID, clock.Now().Add(time.Minute), "held: its mail instead is being sent (nudge:1:2:fallback:ding)"); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, base+"/healthz"); code != 200 || strings.Contains(body, "held:") || strings.Contains(body, "chat channel ding") {
		t.Fatalf("healthz: %d %q", code, body)
	}
}

// TestHealthzNotesGoneFolder: a configured folder sync found gone from the
// server is noted on /healthz by name (the rest of the mailbox syncs, so not
// unhealthy), until the folder is synced again; and a failing mailbox is
// still a 503 with the note under it.
func TestHealthzNotesGoneFolder(t *testing.T) {
	ctx := context.Background()
	db, clock, _, base := startOps(t, []string{"team"})
	for _, f := range []string{"INBOX", "Customers"} {
		if _, err := db.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "team", Folder: f, UIDValidity: 7, LastUID: 3, SyncedAt: t0}, nil); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(time.Minute)
	if err := db.FolderGone(ctx, "team", "Customers", clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.SyncAlive(ctx, "team", []string{"INBOX"}, clock.Now()); err != nil {
		t.Fatal(err)
	}
	note := `note: mailbox team: folder "Customers" is gone from the server since 2026-11-02T01:01:00Z`
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, note) || !strings.Contains(body, "ok") {
		t.Fatalf("healthz with a gone folder: %d %q", code, body)
	}
	clock.Advance(5 * time.Minute)
	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, note) || !strings.Contains(body, "last synced") {
		t.Fatalf("healthz when stale with a gone folder: %d %q", code, body)
	}
	// Back on the server and checked: no note.
	if err := db.SyncAlive(ctx, "team", []string{"INBOX", "Customers"}, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, base+"/healthz"); code != 200 || strings.Contains(body, "gone") {
		t.Fatalf("healthz once the folder is back: %d %q", code, body)
	}
}

// /healthz allows three poll intervals plus a minute without a pass, as
// the README says: with poll_interval 30s, a pass 2 minutes ago is fine,
// one 2m31s ago is stale, and the message says the allowance.
func TestHealthzAllowsThreePollsAndAMinute(t *testing.T) {
	ctx := context.Background()
	clock := keepwarm.NewManualClock(t0)
	db := tempDB(t, t0)
	ops := newOpsServer(db, clock, slog.New(slog.DiscardHandler), []string{"lily"}, healthzStale(30*time.Second))
	if err := ops.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer ops.Close(ctx)
	base := "http://" + ops.Addr()
	if err := db.SyncAlive(ctx, "lily", []string{"INBOX"}, t0); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Minute)
	if code, body := get(t, base+"/healthz"); code != 200 {
		t.Fatalf("healthz 2m after a pass with poll_interval 30s: %d %q", code, body)
	}
	clock.Advance(31 * time.Second)
	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "mailbox lily: last synced 2m31s ago, no pass completed within 2m30s") {
		t.Fatalf("healthz 2m31s after a pass: %d %q", code, body)
	}
}

// A removed mailbox's folders, and a folder gone from the server, are not
// synced: /metrics gives them no lag (it would grow for ever and keep a
// lag alert firing); the gone folder is keepwarm_folder_gone instead.
func TestMetricsLagOnlyForFoldersSynced(t *testing.T) {
	ctx := context.Background()
	db, clock, _, base := startOps(t, []string{"bob"})
	for _, f := range []keepwarm.FolderState{
		{Mailbox: "lily", Folder: "INBOX", UIDValidity: 7, LastUID: 3, SyncedAt: t0},
		{Mailbox: "bob", Folder: "INBOX", UIDValidity: 7, LastUID: 3, SyncedAt: t0},
		{Mailbox: "bob", Folder: "Customers", UIDValidity: 7, LastUID: 3, SyncedAt: t0},
	} {
		if _, err := db.SaveBatch(ctx, f, nil); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(time.Minute)
	if err := db.FolderGone(ctx, "bob", "Customers", clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, base+"/metrics")
	if !strings.Contains(body, `keepwarm_sync_lag_seconds{folder="INBOX",mailbox="bob"} 60`) {
		t.Fatalf("no lag for bob's INBOX:\n%s", body)
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.Contains(line, `mailbox="lily"`) || (strings.HasPrefix(line, "keepwarm_sync_lag_seconds") && strings.Contains(line, `folder="Customers"`)) {
			t.Errorf("metric for a folder not synced: %s", line)
		}
	}
	if !strings.Contains(body, `keepwarm_folder_gone{folder="Customers",mailbox="bob"} 1`) {
		t.Errorf("the gone folder is not keepwarm_folder_gone:\n%s", body)
	}
}
