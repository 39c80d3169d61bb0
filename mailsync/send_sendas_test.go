package mailsync_test

import (
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A follow-up going out from one of the mailbox's send_as addresses that
// the server does not let the login send as (the alias removed on the
// server, a typo in send_as) fails at once, after one attempt, saying
// which key to fix, and the mailbox's own mail goes on in the same pass:
// it was retried for hours as the mailbox's trouble, holding every mail
// of the mailbox each time. At MAIL FROM (most servers) and at RCPT
// (Postfix's reject_sender_login_mismatch).
func TestASendAsAddressTheServerRefusesFailsItsItemAlone(t *testing.T) {
	const alias = "brand@seller.example"
	const other = "carl@buyer.example"
	for _, tc := range []struct {
		name   string
		refuse func(*mailtest.SMTPServer)
		to     string // the login's item's recipient
	}{
		{"at MAIL FROM", func(s *mailtest.SMTPServer) {
			s.RejectMailFrom(alias, 553, smtp.EnhancedCode{5, 7, 1}, "Sender address rejected: not owned by user "+mailtest.SMTPUser)
		}, buyer},
		{"at RCPT", func(s *mailtest.SMTPServer) {
			// The test server refuses by recipient: the alias's item
			// goes to Bob, the login's to Carl.
			s.RejectRcptAnswer(buyer, 553, smtp.EnhancedCode{5, 7, 1}, "<"+alias+">: Sender address rejected: not owned by user "+mailtest.SMTPUser)
		}, other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.SendAs = []string{alias} })
			tc.refuse(r.smtp)
			brand := r.enqueueTuned("seq:alias:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) {
				it.From = keepwarm.Address{Name: "Li Wei", Email: alias}
			})
			own := r.enqueueTuned("seq:own:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) {
				it.To = []keepwarm.Address{{Name: "Carl", Email: tc.to}}
			})
			r.run()
			got := r.item(brand.ID)
			want := "the server does not let " + mailtest.SMTPUser + " send as " + alias + ": remove it from send_as for mailbox team"
			if got.Status != keepwarm.OutboxFailed || got.Attempts != 1 || !strings.Contains(got.LastError, want) || !strings.Contains(got.LastError, "not owned by user") {
				t.Fatalf("the alias's item: %s after %d attempt(s), %q; want failed at once, saying %q", got.Status, got.Attempts, got.LastError, want)
			}
			if got := r.item(own.ID); got.Status != keepwarm.OutboxSent {
				t.Fatalf("the login's own item in the same pass: %s %q; want sent", got.Status, got.LastError)
			}
		})
	}
}

// The login's own address refused at MAIL FROM stays the mailbox's
// trouble: retried, not failed, though the mailbox has send_as addresses.
func TestTheLoginsOwnAddressRefusedIsStillTheMailboxs(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.SendAs = []string{"brand@seller.example"} })
	r.smtp.RejectMailFrom(seller, 550, smtp.EnhancedCode{5, 7, 1}, "account blocked from sending")
	it := r.enqueue("seq:own:1", keepwarm.ModeSend)
	r.run()
	if got := r.item(it.ID); got.Status != keepwarm.OutboxQueued || strings.Contains(got.LastError, "send_as") {
		t.Fatalf("the login's own address refused: %s %q; want it retried with the mailbox", got.Status, got.LastError)
	}
}

// A mailbox whose login is not its owner's address sends a thread that ran
// from the owner's address from it. When the server does not let the login
// send as it, the item fails at once saying what to change, and the
// mailbox's own mail goes on: not retried for hours as the mailbox's
// trouble, holding every mail of the mailbox each time.
func TestTheOwnersAddressTheServerRefusesFailsItsItemAlone(t *testing.T) {
	const owner = "lily@seller.example"
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.Owner = owner })
	r.smtp.RejectMailFrom(owner, 550, smtp.EnhancedCode{5, 7, 60}, "SendAsDenied; "+mailtest.SMTPUser+" not allowed to send as "+owner)
	theirs := r.enqueueTuned("seq:owner:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) {
		it.From = keepwarm.Address{Name: "Lily Chen", Email: owner}
	})
	own := r.enqueueTuned("seq:own:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) {
		it.To = []keepwarm.Address{{Name: "Carl", Email: "carl@buyer.example"}}
	})
	r.run()
	got := r.item(theirs.ID)
	want := "the server does not let " + mailtest.SMTPUser + " send as " + owner + ", the owner's address the thread ran from: on mailbox team set username to it"
	if got.Status != keepwarm.OutboxFailed || got.Attempts != 1 || !strings.Contains(got.LastError, want) || !strings.Contains(got.LastError, "SendAsDenied") {
		t.Fatalf("the owner's item: %s after %d attempt(s), %q; want failed at once, saying %q", got.Status, got.Attempts, got.LastError, want)
	}
	if got := r.item(own.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("the login's own item in the same pass: %s %q; want sent", got.Status, got.LastError)
	}
}

// The team's sales@ whose owner has a mailbox of her own too: the refusal
// of her address does not advise to log sales@ in as her address, which
// would point it at her own mailbox; it says to give the login the right.
func TestTheOwnersAddressRefusedOnASecondMailboxOfHersDoesNotSayToChangeTheLogin(t *testing.T) {
	const owner = "lily@seller.example"
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.Owner, a.OwnerHasOther = owner, true })
	r.smtp.RejectMailFrom(owner, 550, smtp.EnhancedCode{5, 7, 60}, "SendAsDenied; "+mailtest.SMTPUser+" not allowed to send as "+owner)
	theirs := r.enqueueTuned("seq:owner:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) {
		it.From = keepwarm.Address{Name: "Lily Chen", Email: owner}
	})
	r.run()
	got := r.item(theirs.ID)
	want := "the server does not let " + mailtest.SMTPUser + " send as " + owner + ", the owner's address the thread ran from: give the login of mailbox team the right to send as it"
	if got.Status != keepwarm.OutboxFailed || !strings.Contains(got.LastError, want) || strings.Contains(got.LastError, "set username") {
		t.Fatalf("the owner's item: %s, %q; want failed saying %q", got.Status, got.LastError, want)
	}
}

// Only an answer that the login may not send as that address fails an
// item from the owner's address (or a send_as one) alone. An answer about
// the account (Microsoft 365 restricting it for spam, a session not
// authenticated, a block) is the mailbox's trouble whatever the item's
// address: the item is not failed but retried with the mailbox, so the
// follow-ups go on once the account is unblocked.
func TestOnlyASendAsRefusalFailsTheOwnersItemAlone(t *testing.T) {
	const owner = "lily@seller.example"
	for _, tc := range []struct {
		name     string
		code     int
		enhanced smtp.EnhancedCode
		text     string
		alone    bool
	}{
		{"Microsoft 365 SendAsDenied", 550, smtp.EnhancedCode{5, 7, 60}, "SMTP; Client does not have permissions to send as this sender", true},
		{"Postfix login mismatch", 553, smtp.EnhancedCode{5, 7, 1}, "Sender address rejected: not owned by user " + mailtest.SMTPUser, true},
		{"does not match the login", 553, smtp.EnhancedCode{5, 7, 1}, "From address does not match authenticated user", true},
		{"Exmail/QQ not the login", 501, smtp.NoEnhancedCode, "mail from address must be same as authorization user", true},
		{"Sina sender mismatch", 553, smtp.NoEnhancedCode, "Envelope sender mismatch with login user", true},
		{"Aliyun does not conform", 553, smtp.NoEnhancedCode, "mail from account doesn't conform with authentication", true},
		{"Aliyun not conform", 553, smtp.NoEnhancedCode, "Mail From address not conform with authentication user", true},
		{"Microsoft 365 bad outbound sender", 550, smtp.EnhancedCode{5, 1, 8}, "Access denied, bad outbound sender", false},
		{"not authenticated", 530, smtp.EnhancedCode{5, 7, 57}, "Client not authenticated to send mail", false},
		{"account blocked", 550, smtp.EnhancedCode{5, 7, 1}, "account blocked from sending", false},
		{"sender rejected, no reason", 553, smtp.EnhancedCode{5, 7, 1}, "Sender address rejected: Access denied", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.Owner = owner })
			r.smtp.RejectMailFrom(owner, tc.code, tc.enhanced, tc.text)
			theirs := r.enqueueTuned("seq:owner:1", keepwarm.ModeSend, func(it *keepwarm.OutboxItem) {
				it.From = keepwarm.Address{Name: "Lily Chen", Email: owner}
			})
			r.run()
			got := r.item(theirs.ID)
			if tc.alone {
				if got.Status != keepwarm.OutboxFailed || got.Attempts != 1 || !strings.Contains(got.LastError, "the owner's address the thread ran from") {
					t.Fatalf("%s after %d attempt(s), %q; want failed at once as not sendable as the owner", got.Status, got.Attempts, got.LastError)
				}
				return
			}
			if got.Status == keepwarm.OutboxFailed || strings.Contains(got.LastError, "the owner's address the thread ran from") {
				t.Fatalf("%s after %d attempt(s), %q; want held with the mailbox and tried again", got.Status, got.Attempts, got.LastError)
			}
		})
	}
}
