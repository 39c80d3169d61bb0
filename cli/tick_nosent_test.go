package cli

import (
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Under cron as under `run`, a follow-up in Lily's name waits while sync
// reads her mailbox without its Sent folder, even where the server files
// the copy itself: her own answer to the customer may sit in the folder
// keepwarm cannot read, so the pre-send check could not see it.
func TestTickHoldsMailWhileSyncFindsNoSentFolder(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "server_saves_sent = true\n")
	r.start("A")
	if err := srv.Dial(t, mailtest.SMTPUser).Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	r.tick(day(3))
	if n := r.delivered(); n != 0 {
		t.Fatalf("%d mail delivered while sync could not read Lily's Sent folder", n)
	}
	lines := r.outbox()
	if len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued || !strings.HasPrefix(lines[0].LastError, mailsync.NoSentHeld) {
		t.Fatalf("outbox: %+v", lines)
	}
}
