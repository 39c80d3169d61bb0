package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// One mailbox keepwarm cannot read (Bob's password was changed) holds the
// follow-ups of everyone at their last look, saying which mailbox: an
// answer there cannot be seen. They are not failed one attempt after
// another, and the refused login is not tried once per item and pass: at
// most max_login_failures times in all, as sync's own loop does.
func TestFollowUpWaitsForAMailboxThatCannotBeRead(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.start("A")
	srv.AddUser(t, "bob@seller.example", "bob-pw")
	bob := mailtest.NewCutProxyAt(t, srv.Addr(), 1<<40, 1<<30) // counts Bob's connections
	r.env["BOB_PW"] = "changed"
	b, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, fmt.Sprintf(`
[[mailbox]]
name = "bob"
owner = "boss@seller.example"
url = "imap://%s"
username = "bob@seller.example"
password_env = "BOB_PW"
`, bob.Addr())...)
	if err := os.WriteFile(r.config, b, 0o600); err != nil {
		t.Fatal(err)
	}
	due := day(3)
	clock := keepwarm.NewManualClock(due)
	m, engine, disp := openSeqMain(t, r, clock)
	defer m.close()
	ctx := context.Background()
	if err := engine.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	lines := r.outbox()
	if len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("queued: %+v", lines)
	}
	id := lines[0].ID
	for range 12 {
		if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		item, err := m.app.DB.OutboxItem(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if item.Status != keepwarm.OutboxQueued || item.Attempts != 0 || !strings.Contains(item.LastError, "mailbox bob") {
			t.Fatalf("Lily's step: %s, %d attempts, %q", item.Status, item.Attempts, item.LastError)
		}
		if item.NextAttemptAt.After(clock.Now()) {
			clock.Set(item.NextAttemptAt)
		}
	}
	if r.delivered() != 0 {
		t.Fatalf("%d mail(s) sent while Bob's mailbox could not be read", r.delivered())
	}
	if n := bob.Conns(); n == 0 || n > 3 {
		t.Fatalf("%d logins to Bob's mailbox, want 1 to 3 (max_login_failures)", n)
	}
}
