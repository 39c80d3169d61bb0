package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
	"keepwarm/zhtext"
)

// Lily's server answers the copies of her mail with words keepwarm does
// not know ("NO 没有权限", no code): her mail to customers is held, and the
// held reason and `keepwarm check` name the way out. The admin gives the
// copy up with `keepwarm outbox give-up-copy ID`: the next tick sends the
// held mail.
func TestGiveUpACopyTheServerKeepsRefusing(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.tick(day(0)) // creates the database
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(r.config), "kw.db"), day(0))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, key := range []string{"manual:hans:1", "manual:hans:2"} {
		it, _, err := db.Enqueue(context.Background(), keepwarm.OutboxItem{Key: key, MessageID: fmt.Sprintf("kw-%d@seller.example", i),
			Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: hans}},
			Subject: "Samples", Text: "Dear Hans,\n\nThe samples.\n\nLily\n", Mode: keepwarm.ModeSend, Origin: "manual",
			DueAt: day(1), NextAttemptAt: day(1).Add(time.Duration(i) * time.Minute), CreatedAt: day(0)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	srv.RefuseAppend("Sent", "", "没有权限")
	r.tick(day(1))
	r.tick(day(1).Add(2 * time.Minute))
	second, err := db.OutboxItem(context.Background(), ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if second.Status != keepwarm.OutboxQueued || !strings.Contains(second.LastError, "没有权限") ||
		!strings.Contains(second.LastError, "server_saves_sent = true") || !strings.Contains(second.LastError, "keepwarm outbox give-up-copy ID") {
		t.Fatalf("the second mail: %s %q", second.Status, second.LastError)
	}
	if _, out, _ := r.run(day(1).Add(3*time.Minute), "check"); !strings.Contains(out, "give-up-copy") || !strings.Contains(out, fmt.Sprintf("outbox %d", ids[0])) {
		t.Fatalf("check:\n%s", out)
	}
	if code, _, errs := r.run(day(1).Add(3*time.Minute), "outbox", "give-up-copy", fmt.Sprint(ids[1])); code == 0 || !strings.Contains(errs, "nothing to give up") {
		t.Fatalf("give-up-copy of a queued mail: %d %s", code, errs)
	}
	if out := r.must(day(1).Add(4*time.Minute), "outbox", "give-up-copy", fmt.Sprint(ids[0])); !strings.Contains(out, "its copy is given up") {
		t.Fatalf("give-up-copy said:\n%s", out)
	}
	r.tick(day(1).Add(5 * time.Minute))
	first, _ := db.OutboxItem(context.Background(), ids[0])
	second, _ = db.OutboxItem(context.Background(), ids[1])
	db.Close()
	if !strings.HasPrefix(first.LastError, "sent; its copy could not be filed in Sent: ") || !strings.Contains(first.LastError, "没有权限") || !strings.Contains(first.LastError, "given up by") {
		t.Fatalf("the first mail's note: %q", first.LastError)
	}
	// The note, on the desk and in the digest in either language, no
	// longer says how to give the copy up: it was given up.
	for _, note := range []string{first.LastError, zhtext.Err(first.LastError)} {
		if strings.Contains(note, "give-up-copy") || strings.Contains(note, "server_saves_sent") {
			t.Errorf("the given-up copy's note still gives the way out: %q", note)
		}
	}
	if second.Status != keepwarm.OutboxSent || r.smtp.DataCount() != 2 {
		t.Fatalf("after the copy was given up, the second mail: %s %q (%d sends)", second.Status, second.LastError, r.smtp.DataCount())
	}
}
