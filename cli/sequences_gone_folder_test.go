package cli

import (
	"context"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// A configured extra folder gone from the server (renamed in the mail
// client) holds the follow-ups at their last look, naming the folder: a
// customer's answer filed there cannot be seen, so no follow-up goes out
// over it. The owner's digest lists it under the mailboxes keepwarm cannot
// fully read.
func TestFollowUpWaitsWhileAFolderIsGone(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `extra_folders = ["Customers"]`)
	admin := srv.Dial(t, mailtest.SMTPUser)
	if err := admin.Create("Customers", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	r.start("A")
	if err := admin.Delete("Customers").Wait(); err != nil {
		t.Fatal(err)
	}
	clock := keepwarm.NewManualClock(day(3))
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
	for range 3 {
		if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		item, err := m.app.DB.OutboxItem(ctx, lines[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if item.Status != keepwarm.OutboxQueued || item.Attempts != 0 || !strings.Contains(item.LastError, `folder "Customers" gone from the server`) {
			t.Fatalf("the step: %s, %d attempts, %q", item.Status, item.Attempts, item.LastError)
		}
		if item.NextAttemptAt.After(clock.Now()) {
			clock.Set(item.NextAttemptAt)
		}
	}
	if r.delivered() != 0 {
		t.Fatalf("%d mail(s) sent while a folder could not be read", r.delivered())
	}
	problems, err := m.app.DigestSource().MailboxProblems(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Mailbox != "lily" || !strings.Contains(problems[0].Problem, `folder "Customers" gone from the server`) {
		t.Fatalf("digest's mailbox problems: %+v", problems)
	}
}
