package mailsync_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// The server refuses the login, not the copy ("NO LOGIN not allowed", IMAP
// disabled for the account): the mail is held, but not with the advice on
// the right to add to Sent, which is the APPEND's answer's alone.
func TestARefusedLoginIsNotTakenForARefusedCopy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	refuse := false
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		refuse = true
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "LOGIN not allowed: IMAP disabled for this account"}
	}
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, dial, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{})
	r.enqueue("seq:1:1", keepwarm.ModeSend)
	second := r.enqueue("seq:2:1", keepwarm.ModeSend)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	got := r.item(second.ID)
	if !refuse || got.Status != keepwarm.OutboxQueued || !strings.HasPrefix(got.LastError, "held: ") || !strings.Contains(got.LastError, "LOGIN not allowed") {
		t.Fatalf("second: %s %q", got.Status, got.LastError)
	}
	if strings.Contains(got.LastError, mailsync.CopyNoRight) || strings.Contains(got.LastError, mailsync.CopyUnknownAnswer) {
		t.Fatalf("a refused login got the copy's advice: %q", got.LastError)
	}
}
