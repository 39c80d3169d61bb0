package app

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/sequences"
	"keepwarm/store"
)

// A mark on the desk measures the marked mail's thread alone: after a sync
// that changed other threads, those stay for the reply job (no clocks yet,
// still marked as changed) while the marked thread is measured at once.
// The mark and its undo each write one audit line; the undo of a mail
// answered after the mark records "answered", and the subject is cut at
// 120 characters as on the desk.
func TestReplyMarksMeasureTheMarkedThreadAlone(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	cfg, err := config.Parse([]byte(strings.Replace(followUpTeam, "%SALES%", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := store.Open(context.Background(), path, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := &fuApp{t: t, a: &App{Cfg: cfg, DB: db, Log: slog.New(slog.DiscardHandler), Clock: keepwarm.NewManualClock(t0)}}
	ro, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ctx := context.Background()
	lily := "lily@lumina-export.example"
	lilyAddr := keepwarm.Address{Name: "Lily Chen", Email: lily}
	subject := "Re: Quotation " + strings.Repeat("LED panel 60x60 ", 12)
	w.save("lily", keepwarm.Message{MessageID: "thx@globex.de", From: hansMeier, To: []keepwarm.Address{lilyAddr},
		Subject: subject, SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	if _, err := sequences.NewReplyWatch(w.a.ReplyConfig(), db, w.a.Log).Measure(ctx, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// A sync brings other customers' mail: their threads wait to be measured.
	for i, from := range []string{"pat@initech.com", "ana@umbrella.es", "li@wayne.cn"} {
		addr := keepwarm.Address{Email: from}
		w.save("lily", keepwarm.Message{MessageID: from + ".q", From: addr, To: []keepwarm.Address{lilyAddr},
			Subject: "Inquiry " + from, SubjectKey: "inquiry " + from, Date: t0.Add(time.Duration(i+2) * time.Minute),
			Kind: keepwarm.KindInbound, CustomerKey: "domain:" + strings.SplitN(from, "@", 2)[1], Contacts: []keepwarm.Address{addr}}, "")
	}
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := ro.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM reply_dirty`); n != 3 {
		t.Fatalf("%d threads changed by the sync, want 3", n)
	}
	var thx, thread int64
	if err := ro.QueryRowContext(ctx, `SELECT id, thread_id FROM messages WHERE message_id = 'thx@globex.de'`).Scan(&thx, &thread); err != nil {
		t.Fatal(err)
	}

	now := t0.Add(10 * time.Minute)
	_, e, err := w.a.ReplyMarks().Mark(ctx, store.Viewer{Email: lily}, thx, lily, now)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM reply_dirty WHERE thread_id != ?`, thread); n != 3 {
		t.Errorf("%d of the other threads still to be measured, want 3: the mark measured them in the request", n)
	}
	if count(`SELECT count(*) FROM reply_dirty WHERE thread_id = ?`, thread) != 0 ||
		count(`SELECT count(*) FROM reply_clocks WHERE message_id = ? AND waived_at IS NOT NULL`, thx) != 1 {
		t.Error("the marked mail's thread was not measured")
	}
	if count(`SELECT count(*) FROM reply_clocks WHERE thread_id != ?`, thread) != 0 {
		t.Error("clocks were written for the other threads")
	}
	if e.Action != ActionNoAnswerNeeded || e.After != "no answer needed" || len([]rune(e.Subject)) > len("message 1: ")+120 ||
		count(`SELECT count(*) FROM web_audit WHERE action = ? AND actor = ? AND subject = ?`, ActionNoAnswerNeeded, lily, e.Subject) != 1 {
		t.Errorf("the mark's audit line: %+v", e)
	}

	// Lily answers all the same; then she takes the mark back.
	w.save("lily", keepwarm.Message{MessageID: "re-thx@lumina-export.example", From: lilyAddr, To: []keepwarm.Address{hansMeier},
		Subject: "RE: Quotation", SubjectKey: "quotation", Date: now.Add(time.Hour), Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}, InReplyTo: []string{"thx@globex.de"},
		References: []string{"thx@globex.de"}}, "")
	wv, e, err := w.a.ReplyMarks().Undo(ctx, store.Viewer{Email: lily}, thx, lily, now.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !wv.Answered || e.After != "answered" || e.Before != "no answer needed ("+lily+")" ||
		count(`SELECT count(*) FROM web_audit WHERE action = ? AND after = 'answered'`, ActionNoAnswerNeededUndo) != 1 {
		t.Errorf("the undo's audit line: %+v (answered %v)", e, wv.Answered)
	}
	if count(`SELECT count(*) FROM reply_clocks WHERE message_id = ? AND replied_at IS NOT NULL AND waived_at IS NULL`, thx) != 1 {
		t.Error("after the undo the answered mail's clock is not an answered one")
	}
	if count(`SELECT count(*) FROM web_audit`) != 2 {
		t.Errorf("%d audit lines, want the mark's and the undo's", count(`SELECT count(*) FROM web_audit`))
	}
}
