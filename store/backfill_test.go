package store

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestPendingTextsPlan: the backfill's read of a folder's waiting copies
// walks the partial index of waiting messages (newest first, in index
// order) and finds each one's copy by index; it reads neither the whole of
// messages nor every copy of the folder, reads the header fields of the
// rows it returns only, and sorts only those.
func TestPendingTextsPlan(t *testing.T) {
	plan, err := explain(openTest(t), q("backfill-pending"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(plan), "\n")
	want := []string{
		"CO-ROUTINE",
		"SCAN m USING COVERING INDEX messages_text_pending",
		"SEARCH c USING INDEX message_copies_message (message_id=? AND mailbox=? AND folder=? AND uid_validity=?)",
		"SCAN p",
		"SEARCH m USING INTEGER PRIMARY KEY (rowid=?)", // the page's header fields
		"USE TEMP B-TREE FOR ORDER BY",
	}
	if len(lines) != len(want) {
		t.Fatalf("plan:\n%s\nwant the steps %q", plan, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(strings.TrimSpace(lines[i]), w) {
			t.Errorf("step %d: %q; want %q\nplan:\n%s", i, strings.TrimSpace(lines[i]), w, plan)
		}
	}
	for _, name := range []string{"backfill-count", "backfill-count-all"} {
		plan, err := explain(openTest(t), q(name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "USING COVERING INDEX messages_text_pending") {
			t.Errorf("%s does not count from the partial index:\n%s", name, plan)
		}
	}
}

// headerOnly is msg stored from its header alone.
func headerOnly(key string) keepwarm.Message {
	m := msg(key)
	m.TextPending = true
	m.BodySize = -1
	return m
}

func TestFillTexts(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	out := headerOnly("out@x")
	out.Kind, out.From = keepwarm.KindOutbound, keepwarm.Address{Email: "lily@team.example"}
	out.To = []keepwarm.Address{{Email: "bob@acme.com"}}
	whole := msg("whole@x")
	whole.Snippet = "already here"
	save(t, db,
		at(headerOnly("p1@x"), "team", "INBOX", 1, t0),
		at(headerOnly("p2@x"), "team", "INBOX", 2, t0.Add(time.Minute)),
		at(whole, "team", "INBOX", 3, t0.Add(2*time.Minute)),
		at(headerOnly("p4@x"), "team", "INBOX", 4, t0.Add(3*time.Minute)),
		at(headerOnly("both@x"), "team", "INBOX", 5, t0.Add(4*time.Minute)))
	save(t, db, at(out, "team", "Sent", 7, t0.Add(5*time.Minute)), at(headerOnly("both@x"), "team", "Sent", 8, t0.Add(4*time.Minute)))
	save(t, db, at(headerOnly("lily@x"), "lily", "INBOX", 1, t0))

	ids := map[string]int64{}
	for _, k := range []string{"p1@x", "p2@x", "whole@x", "p4@x", "both@x", "out@x", "lily@x"} {
		ids[k] = int64(count(t, db, "SELECT id FROM messages WHERE key = ?", k))
	}
	before := map[int64]string{}
	for _, id := range ids {
		before[id] = rowOf(t, db, id)
	}

	got, err := db.PendingTexts(ctx, "team", "INBOX", 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []keepwarm.PendingText{{MessageID: ids["both@x"], UID: 5, RawHeader: hdr("both@x")},
		{MessageID: ids["p4@x"], UID: 4, RawHeader: hdr("p4@x")}, {MessageID: ids["p2@x"], UID: 2, RawHeader: hdr("p2@x")}}
	if !slices.EqualFunc(got, want, samePending) {
		t.Fatalf("pending (3) = %v; want %v", got, want)
	}
	if got, _ := db.PendingTexts(ctx, "team", "INBOX", 2, 10); len(got) != 0 {
		t.Errorf("pending under another UIDVALIDITY = %v", got)
	}
	for mb, want := range map[string]int{"team": 5, "lily": 1, "": 6} {
		if n, err := db.CountPendingTexts(ctx, mb); err != nil || n != want {
			t.Errorf("count %q = %d, %v; want %d", mb, n, err, want)
		}
	}
	if m, err := db.GetMessage(ctx, ids["p1@x"]); err != nil || !m.TextPending {
		t.Errorf("GetMessage of a waiting message: TextPending %v, %v", m.TextPending, err)
	}
	if ms, err := db.GetMessages(ctx, []int64{ids["p1@x"], ids["whole@x"]}); err != nil || !ms[ids["p1@x"]].TextPending || ms[ids["whole@x"]].TextPending {
		t.Errorf("GetMessages: %v, %v", ms, err)
	}

	pdf := []keepwarm.Attachment{{Name: "quote.pdf", Type: "application/pdf"}}
	n, err := db.FillTexts(ctx, keepwarm.TextFills{Mailbox: "team", Folder: "INBOX", UIDValidity: 1, Filled: []keepwarm.TextFill{
		{MessageID: ids["p1@x"], Snippet: "Dear Lily, the pumps", Attachments: pdf, BodySize: 1234},
		{MessageID: ids["p2@x"], Snippet: "broken", ParseError: "multipart: NextPart: EOF", BodySize: -1},
		{MessageID: ids["whole@x"], Snippet: "must not replace"},
		{MessageID: ids["out@x"], Snippet: "Hello Bob", Text: "Hello Bob,\n\nthe offer.", TextCut: true},
	}, Gone: []keepwarm.PendingText{{MessageID: ids["p4@x"], UID: 4}, {MessageID: ids["both@x"], UID: 5}}})
	if err != nil || n != 3 {
		t.Fatalf("filled %d, %v; want 3", n, err)
	}
	m, err := db.GetMessage(ctx, ids["p1@x"])
	if err != nil || m.TextPending || m.Snippet != "Dear Lily, the pumps" || !slices.Equal(m.Attachments, pdf) || m.ParseError != "" {
		t.Errorf("filled: %+v, %v", m, err)
	}
	if b := count(t, db, "SELECT coalesce(body_size, -1) FROM messages WHERE id = ?", ids["p1@x"]); b != 1234 {
		t.Errorf("body size %d", b)
	}
	if m, _ := db.GetMessage(ctx, ids["p2@x"]); m.ParseError != "multipart: NextPart: EOF" || m.Snippet != "broken" {
		t.Errorf("parse error of the body not kept: %+v", m)
	}
	if m, _ := db.GetMessage(ctx, ids["whole@x"]); m.Snippet != "already here" {
		t.Errorf("a message with its text was overwritten: %q", m.Snippet)
	}
	if m, _ := db.GetMessage(ctx, ids["out@x"]); m.Text != "Hello Bob,\n\nthe offer." || !m.TextCut || m.Snippet != "Hello Bob" {
		t.Errorf("outbound: text %q cut %v snippet %q", m.Text, m.TextCut, m.Snippet)
	}
	if n := count(t, db, "SELECT count(*) FROM message_texts"); n != 1 {
		t.Errorf("%d kept texts; want the outbound one", n)
	}
	// p4's only copy is gone: it stops waiting, with nothing. both@x has a
	// copy in Sent still: it waits for that one.
	if m, _ := db.GetMessage(ctx, ids["p4@x"]); m.TextPending || m.Snippet != "" {
		t.Errorf("message with every copy gone: pending %v snippet %q", m.TextPending, m.Snippet)
	}
	if m, _ := db.GetMessage(ctx, ids["both@x"]); !m.TextPending {
		t.Errorf("message with a copy left stopped waiting")
	}
	if got, _ := db.PendingTexts(ctx, "team", "INBOX", 1, 10); len(got) != 0 {
		t.Errorf("INBOX still lists %v", got)
	}
	if got, _ := db.PendingTexts(ctx, "team", "Sent", 1, 10); !slices.EqualFunc(got, []keepwarm.PendingText{{MessageID: ids["both@x"], UID: 8, RawHeader: hdr("both@x")}}, samePending) {
		t.Errorf("Sent lists %v", got)
	}
	for mb, want := range map[string]int{"team": 1, "lily": 1, "": 2} {
		if n, _ := db.CountPendingTexts(ctx, mb); n != want {
			t.Errorf("count %q after = %d; want %d", mb, n, want)
		}
	}
	// What the header gave stays.
	for k, id := range ids {
		if got := rowOf(t, db, id); got != before[id] {
			t.Errorf("%s changed: %s; was %s", k, got, before[id])
		}
	}
	// Filling again changes nothing.
	if n, err := db.FillTexts(ctx, keepwarm.TextFills{Mailbox: "team", Folder: "INBOX", UIDValidity: 1,
		Filled: []keepwarm.TextFill{{MessageID: ids["p1@x"], Snippet: "again"}}}); err != nil || n != 0 {
		t.Errorf("second fill = %d, %v", n, err)
	}
}

// rowOf is what the backfill must leave alone: a message's kind,
// customer, thread, dates, its thread and the reply clocks' rows.
func rowOf(t *testing.T, db *DB, id int64) string {
	t.Helper()
	var s string
	if err := db.r.Get(&s, `SELECT m.kind || '|' || coalesce(m.customer_id, '') || '|' || m.thread_id || '|' || coalesce(m.date, '') || '|' ||
		m.received_at || '|' || m.subject || '|' || coalesce(th.customer_id, '') || '|' || th.subject || '|' ||
		(SELECT count(*) FROM reply_clocks) || '|' || (SELECT count(*) FROM reply_dirty)
		FROM messages m JOIN threads th ON th.id = m.thread_id WHERE m.id = ?`, id); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFillTextsBesideSaveTx: a fill waits for a sync's open transaction
// (one writer connection), which sees it waiting and is due at once, then
// goes through.
func TestFillTextsBesideSaveTx(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	save(t, db, at(headerOnly("p1@x"), "team", "INBOX", 1, t0))
	id := int64(count(t, db, "SELECT id FROM messages WHERE key = 'p1@x'"))
	tx := db.BeginSave()
	st := keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: t0}
	if _, err := tx.SaveBatch(ctx, st, []keepwarm.Incoming{at(msg("new@x"), "lily", "INBOX", 1, t0)}); err != nil {
		t.Fatal(err)
	}
	if tx.Due() {
		t.Fatal("a fresh transaction is due")
	}
	done := make(chan error, 1)
	go func() {
		_, err := db.FillTexts(ctx, keepwarm.TextFills{Mailbox: "team", Folder: "INBOX", UIDValidity: 1,
			Filled: []keepwarm.TextFill{{MessageID: id, Snippet: "filled"}}})
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !tx.Due() {
		if time.Now().After(deadline) {
			t.Fatal("the sync's transaction never saw the fill waiting")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("fill went through while the sync's transaction was open: %v", err)
	default:
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m, _ := db.GetMessage(ctx, id); m.Snippet != "filled" || m.TextPending {
		t.Errorf("after the fill: %q pending %v", m.Snippet, m.TextPending)
	}
}

// hdr is the raw header msg gives a message stored under key.
func hdr(key string) []byte { return []byte("Message-ID: <" + key + ">\r\n") }

// samePending compares two PendingTexts, the header by its bytes.
func samePending(a, b keepwarm.PendingText) bool {
	return a.MessageID == b.MessageID && a.UID == b.UID && bytes.Equal(a.RawHeader, b.RawHeader)
}
