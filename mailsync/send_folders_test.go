package mailsync_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
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

// A mailbox whose Sent folder cannot be found sends nothing in a
// salesperson's name: the mail waits, queued with no attempt counted, its
// reason naming the key to set and the server's folders, and the mail
// waiting for it costs one IMAP login a pass, not one each. Mail to the
// team still goes. Once the folder is there, the mail goes and is filed.
func TestMissingSentFolderHoldsTheMailAndLooksOncePerPass(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	renameFolders(t, srv, "Outbox-X")

	var held []keepwarm.OutboxItem
	for i := range 3 {
		held = append(held, r.enqueue("seq:1:"+string(rune('1'+i)), keepwarm.ModeSend))
	}
	r.run()
	if n := r.smtp.DataCount(); n != 0 {
		t.Fatalf("%d sent without a Sent folder to file them in, want none", n)
	}
	for _, it := range held {
		got := r.item(it.ID)
		if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 ||
			!strings.HasPrefix(got.LastError, mailsync.NoSentHeld) ||
			!strings.Contains(got.LastError, "sent_folder") || !strings.Contains(got.LastError, "Outbox-X") {
			t.Fatalf("item %d: %s after %d attempts (%q); want queued, held naming sent_folder and the server's folders",
				it.ID, got.Status, got.Attempts, got.LastError)
		}
	}
	r.clock.Advance(time.Hour)
	before := r.dials.Load()
	r.run()
	if n := r.dials.Load() - before; n != 1 {
		t.Errorf("a pass with 3 mails waiting for Sent made %d IMAP logins, want 1", n)
	}
	if n := r.smtp.DataCount(); n != 0 {
		t.Fatalf("%d sent on the second pass, want none", n)
	}
	err := r.snd.FileSent(r.ctx, r.item(held[0].ID))
	if err == nil || !strings.Contains(err.Error(), "sent_folder") || !strings.Contains(err.Error(), "Outbox-X") {
		t.Errorf("FileSent error %v: want it to name sent_folder and the server's folders", err)
	}

	// A nudge to the team is not held for the mailbox's Sent folder.
	nudge := keepwarm.OutboxItem{Key: "nudge:1", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
		From: keepwarm.Address{Email: seller}, To: []keepwarm.Address{{Email: buyer}}, Subject: "Waiting for an answer",
		Text: "A customer waits.\n", Mode: keepwarm.ModeSend, Origin: "nudge", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
	nudge, _, err = r.db.Enqueue(r.ctx, nudge)
	if err != nil {
		t.Fatal(err)
	}
	r.run()
	if got := r.item(nudge.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("nudge to the team: %s (%s), want sent", got.Status, got.LastError)
	}

	if err := srv.Dial(t, seller).Create("Sent Messages", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		r.clock.Advance(time.Hour)
		r.run()
	}
	for _, it := range held {
		if got := r.item(it.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
			t.Fatalf("item %d once Sent Messages exists: %s, appended %v (%s)", it.ID, got.Status, got.AppendedAt, got.LastError)
		}
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent Messages")); n != 4 {
		t.Errorf("Sent Messages holds %d copies, want 4 (the three and the nudge's)", n)
	}
}

// Where sync reads the mailbox without its Sent folder (its NoSentFolder,
// shared through SetNoSent), the salesperson's mail waits even where the
// server files the copy itself: her own mail is not read, so the pre-send
// check cannot see what she wrote to the customer meanwhile.
func TestMailWaitsWhileSyncFindsNoSentFolder(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, func(a *mailsync.Account) { a.ServerFilesSent = true })
	why := "no Sent folder found (server has: INBOX, 已发送?): the server also lists folders keepwarm cannot read"
	r.disp.SetNoSent(func(mailbox string) string {
		if mailbox == "team" {
			return why
		}
		return ""
	})
	it := r.enqueue("seq:1:1", keepwarm.ModeSend)
	r.run()
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || got.LastError != mailsync.NoSentHeld+why || r.smtp.DataCount() != 0 {
		t.Fatalf("item %s after %d attempts (%q), %d DATA; want queued, held with sync's reason, nothing sent",
			got.Status, got.Attempts, got.LastError, r.smtp.DataCount())
	}
	why = ""
	r.clock.Advance(time.Hour)
	r.run()
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("once sync finds Sent: %s (%s), want sent", got.Status, got.LastError)
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

// A mailbox whose Drafts folder cannot be found fails no draft: a draft
// waits, queued with no attempt counted and saying why (its follow-up
// goes on), and is filed once the folder is there. A Drafts folder that
// goes after it was found does the same.
func TestMissingDraftsFolderHoldsTheDraft(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	renameFolders(t, srv, "Sent Messages", "Archive")

	draft := r.enqueue("seq:1:1", keepwarm.ModeDraft)
	r.run()
	got := r.item(draft.ID)
	if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 ||
		!strings.HasPrefix(got.LastError, mailsync.NoDraftsHeld) || !strings.Contains(got.LastError, "drafts_folder") {
		t.Fatalf("draft: %s after %d attempts (%q); want queued, held naming drafts_folder", got.Status, got.Attempts, got.LastError)
	}

	c := srv.Dial(t, seller)
	if err := c.Create("草稿箱", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(time.Hour)
	r.run()
	if got := r.item(draft.ID); got.Status != keepwarm.OutboxDrafted {
		t.Fatalf("draft once 草稿箱 exists: %s (%s), want drafted", got.Status, got.LastError)
	}

	// The folder goes after it was found: the next draft is not failed.
	if err := c.Delete("草稿箱").Wait(); err != nil {
		t.Fatal(err)
	}
	next := r.enqueue("seq:2:1", keepwarm.ModeDraft)
	r.run()
	got = r.item(next.ID)
	if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || !strings.HasPrefix(got.LastError, mailsync.NoDraftsHeld) {
		t.Fatalf("draft after Drafts went: %s after %d attempts (%q); want queued, held, no attempt counted", got.Status, got.Attempts, got.LastError)
	}
}

// Where the server also lists folders keepwarm cannot read (草稿箱 in raw
// GBK), the draft held for a missing Drafts folder says to ask the mail
// administrator: drafts_folder cannot reach such a folder.
func TestMissingDraftsFolderAmongUnreadableNamesSaysWhoCanFixIt(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	renameFolders(t, srv, "Sent Messages", "Archive")
	r.disp.SetUnreadable(func(mailbox string) []string {
		if mailbox == "team" {
			return []string{"草稿箱 (sent in GBK)"}
		}
		return nil
	})
	draft := r.enqueue("ack:1", keepwarm.ModeDraft)
	r.run()
	got := r.item(draft.ID)
	if got.Status != keepwarm.OutboxQueued || !strings.HasPrefix(got.LastError, mailsync.NoDraftsHeld) ||
		!strings.Contains(got.LastError, "草稿箱 (sent in GBK)") || !strings.Contains(got.LastError, "mail administrator") ||
		strings.Contains(got.LastError, "set drafts_folder") {
		t.Fatalf("draft: %s (%q); want held, naming the unreadable folder and the mail administrator, not drafts_folder", got.Status, got.LastError)
	}
}

// A copy for Sent filed once (its APPEND's answer lost) in the less full of
// two usual-named Sent folders, none marked \Sent, is found there when it
// is filed again: by then the other is the fullest, where copies go, and a
// search of that one alone would file a second copy.
func TestSentCopyInAnotherSentFolderIsNotFiledAgain(t *testing.T) {
	srv := mailtest.NewMemServer(t) // marks no folder \Sent
	r := newRig(t, srv, nil)
	if err := srv.Dial(t, seller).Create("Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	it := r.enqueue("copy:1", keepwarm.ModeSend)
	claimed, raw := r.claimComposed()
	srv.Append(t, seller, "Sent", raw, r.clock.Now()) // the copy filed before
	for i := range 2 {                                // Outlook's copies: Sent Items is the fullest now
		other := bytes.Replace(raw, []byte("<"+it.MessageID+">"), []byte(fmt.Sprintf("<outlook-%d@seller.example>", i)), 1)
		srv.Append(t, seller, "Sent Items", other, r.clock.Now().AddDate(0, 0, -7))
	}
	if err := r.snd.FileSent(r.ctx, claimed); err != nil {
		t.Fatal(err)
	}
	if n, m := len(mailtest.Raw(t, srv, seller, "Sent")), len(mailtest.Raw(t, srv, seller, "Sent Items")); n != 1 || m != 2 {
		t.Fatalf("Sent holds %d, Sent Items %d; want 1 and 2: the copy was filed a second time", n, m)
	}
}
