package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// renameFolders gives the seller's mailbox the folders of a server without
// SPECIAL-USE whose Sent and Drafts have other names (Exmail's "Sent
// Messages", NetEase's "草稿箱"): "Sent" and "Drafts" are deleted, the
// others created.
func renameFolders(t *testing.T, srv mailtest.Server, create ...string) {
	t.Helper()
	c := srv.Dial(t, seller)
	for _, name := range []string{"Sent", "Drafts"} {
		if err := c.Delete(name).Wait(); err != nil {
			t.Fatalf("delete %s: %v", name, err)
		}
	}
	for _, name := range create {
		if err := c.Create(name, nil).Wait(); err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
	}
}

// Without SPECIAL-USE the copy goes to the Sent folder sync reads by its
// usual name, and a draft to the Drafts folder by its, never to a literal
// "Sent" or "Drafts" the server does not have.
func TestCopiesGoToTheFoldersByTheirUsualNames(t *testing.T) {
	srv := mailtest.NewMemServer(t) // marks no folder \Sent or \Drafts
	r := newRig(t, srv, nil)
	renameFolders(t, srv, "Sent Messages", "草稿箱")

	sent := r.enqueue("seq:1:1", keepwarm.ModeSend)
	draft := r.enqueue("ack:1", keepwarm.ModeDraft)
	r.run()
	if got := r.item(sent.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("sent item: status %s, appended %v", got.Status, got.AppendedAt)
	}
	if got := r.item(draft.ID); got.Status != keepwarm.OutboxDrafted {
		t.Fatalf("draft item: status %s (%s)", got.Status, got.LastError)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent Messages")); n != 1 {
		t.Errorf("Sent Messages holds %d copies, want 1", n)
	}
	if n := len(mailtest.Raw(t, srv, seller, "草稿箱")); n != 1 {
		t.Errorf("草稿箱 holds %d drafts, want 1", n)
	}
	// An interrupted send is settled by looking in the same folder.
	if st, err := r.snd.Reconcile(r.ctx, r.item(sent.ID)); err != nil || st != keepwarm.OutboxSent {
		t.Errorf("Reconcile: %s, %v; want sent (found in Sent Messages)", st, err)
	}
}

// A mailbox whose Sent folder cannot be found says which key to set, and
// the copies waiting for it cost one IMAP login a pass, not one each.
func TestMissingSentFolderNamesTheKeyAndTriesOncePerPass(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	renameFolders(t, srv, "Archive")

	for i := range 3 {
		r.enqueue("seq:1:"+string(rune('1'+i)), keepwarm.ModeSend)
	}
	r.run() // sends all three; each copy fails once
	if n := r.smtp.DataCount(); n != 3 {
		t.Fatalf("%d sent, want 3", n)
	}
	r.clock.Advance(time.Minute)
	before := r.dials.Load()
	r.run()
	if n := r.dials.Load() - before; n != 1 {
		t.Errorf("a pass with 3 copies waiting made %d IMAP logins, want 1", n)
	}
	items, err := r.db.PendingAppend(r.ctx)
	if err != nil || len(items) != 3 {
		t.Fatalf("copies waiting: %d, %v; want all 3 kept for later", len(items), err)
	}
	err = r.snd.FileSent(r.ctx, items[0])
	if err == nil || !strings.Contains(err.Error(), "sent_folder") || !strings.Contains(err.Error(), "Archive") {
		t.Errorf("FileSent error %v: want it to name sent_folder and the server's folders", err)
	}
}

// frontedServer is srv reached through a front: the sending side dials the
// front's address, the test's own helpers go straight to srv.
type frontedServer struct {
	*mailtest.IMAPServer
	front string
}

func (s frontedServer) Addr() string { return s.front }

// A server that marks \Sent only when LIST asks RETURN (SPECIAL-USE), with
// a legacy "Sent" beside the real "Sent Items": the copy goes where sync
// reads, the folder marked \Sent, not the first usual name.
func TestCopyGoesToTheSentFolderMarkedOnlyWhenAsked(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	front := mailtest.NewSpecialUseFront(t, srv.Addr(), "Sent Items")
	r := newRig(t, frontedServer{IMAPServer: srv, front: front.Addr()}, nil)
	if err := srv.Dial(t, seller).Create("Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	sent := r.enqueue("seq:1:1", keepwarm.ModeSend)
	r.run()
	if got := r.item(sent.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("sent item: status %s, appended %v (%s)", got.Status, got.AppendedAt, got.LastError)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent Items")); n != 1 {
		t.Errorf("Sent Items holds %d copies, want 1", n)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent")); n != 0 {
		t.Errorf("the legacy Sent holds %d copies, want none", n)
	}
}
