package mailsync_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Recipients refused at RCPT with different answers are judged each by
// its own: only a 5xx one is refused for good (flagged as a bounce by
// Settled), never one whose mailbox was only full (4xx), whichever order
// the server answered them in; with only 4xx refusals the item is retried.
func TestMixedRcptAnswersJudgedPerRecipient(t *testing.T) {
	const hans, anna = "hans@buyer.example", "anna@buyer.example"
	for _, tc := range []struct {
		name       string
		hans, anna int
		status     keepwarm.OutboxStatus
		refused    []string
	}{
		{"full then unknown", 452, 550, keepwarm.OutboxFailed, []string{anna}},
		{"unknown then greylisted", 550, 451, keepwarm.OutboxFailed, []string{hans}},
		{"both temporary", 452, 451, keepwarm.OutboxQueued, nil},
		{"both unknown", 550, 550, keepwarm.OutboxFailed, []string{hans, anna}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			var refused []string
			settled := false
			r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{
				Settled: func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, reason string, ref []string) error {
					settled, refused = true, ref
					return nil
				}})
			it := keepwarm.OutboxItem{Key: "rcpt:" + tc.name, MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
				From:    keepwarm.Address{Name: "Li Wei", Email: seller},
				To:      []keepwarm.Address{{Name: "Hans", Email: hans}, {Name: "Anna", Email: anna}},
				Subject: "Re: Quotation", Text: "Dear Hans,\n\nDid you receive my mail?\n", Mode: keepwarm.ModeSend,
				Origin: "sequence", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
			it, _, err := r.db.Enqueue(r.ctx, it)
			if err != nil {
				t.Fatal(err)
			}
			r.smtp.RejectRcpt(hans, tc.hans)
			r.smtp.RejectRcpt(anna, tc.anna)
			r.run()
			got := r.item(it.ID)
			if got.Status != tc.status || !slices.Equal(refused, tc.refused) || settled != (tc.status == keepwarm.OutboxFailed) {
				t.Fatalf("%s, refused %v (settled %v); want %s, %v\n%s", got.Status, refused, settled, tc.status, tc.refused, got.LastError)
			}
		})
	}
}

// A 5xx at RCPT that refuses the sender or the relay, not the address
// (Postfix's reject_sender_login_mismatch answers at RCPT, a relay that no
// longer knows the office's IP), is the mailbox's trouble: nobody is
// flagged as bounced, the item is not failed, and the mailbox's mail
// waits as for a refusal at MAIL FROM. A policy refusal fails the item
// without flagging anyone; an unknown user (5.1.1) is still refused.
func TestRcptRefusalOfTheSenderFlagsNobody(t *testing.T) {
	const hans, anna = "hans@buyer.example", "anna@buyer.example"
	for _, tc := range []struct {
		name     string
		code     int
		enhanced smtp.EnhancedCode
		text     string
		mailbox  bool
		status   keepwarm.OutboxStatus
		refused  []string
	}{
		{"sender not owned", 553, smtp.EnhancedCode{5, 7, 1}, "<li@seller.example>: Sender address rejected: not owned by user li@seller.example", true, keepwarm.OutboxQueued, nil},
		{"relay denied", 554, smtp.EnhancedCode{5, 7, 1}, "<%s>: Relay access denied", true, keepwarm.OutboxQueued, nil},
		{"relay denied, no enhanced code", 554, smtp.NoEnhancedCode, "<%s>: Relay access denied", true, keepwarm.OutboxQueued, nil},
		{"policy", 550, smtp.EnhancedCode{5, 7, 1}, "Service unavailable; client blocked using zen.spamhaus.org", false, keepwarm.OutboxFailed, nil},
		{"policy, no enhanced code", 550, smtp.NoEnhancedCode, "Recipient address rejected: Access denied", false, keepwarm.OutboxFailed, nil},
		{"unknown in relay table", 550, smtp.EnhancedCode{5, 1, 1}, "<%s>: Recipient address rejected: User unknown in relay recipient table", false, keepwarm.OutboxFailed, []string{hans, anna}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			var refused []string
			r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{
				Settled: func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, reason string, ref []string) error {
					refused = ref
					return nil
				}})
			it := keepwarm.OutboxItem{Key: "sender:" + tc.name, MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
				From:    keepwarm.Address{Name: "Li Wei", Email: seller},
				To:      []keepwarm.Address{{Name: "Hans", Email: hans}, {Name: "Anna", Email: anna}},
				Subject: "Re: Quotation", Text: "Dear Hans,\n\nDid you receive my mail?\n", Mode: keepwarm.ModeSend,
				Origin: "sequence", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
			it, _, err := r.db.Enqueue(r.ctx, it)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []string{hans, anna} {
				text := tc.text
				if strings.Contains(text, "%s") {
					text = fmt.Sprintf(text, a)
				}
				r.smtp.RejectRcptAnswer(a, tc.code, tc.enhanced, text)
			}
			err = r.snd.Deliver(r.ctx, it)
			var de *mailsync.DeliveryError
			if !errors.As(err, &de) || de.Mailbox != tc.mailbox || !slices.Equal(de.Refused, tc.refused) {
				t.Fatalf("Deliver: %v (%+v); want mailbox %v, refused %v", err, de, tc.mailbox, tc.refused)
			}
			r.run()
			got := r.item(it.ID)
			if got.Status != tc.status || !slices.Equal(refused, tc.refused) {
				t.Fatalf("%s, refused %v; want %s, %v\n%s", got.Status, refused, tc.status, tc.refused, got.LastError)
			}
		})
	}
}

// Only the account's sending limit holds the mailbox until the next day:
// a 4.4.5 (the server's disk full, congestion) or an IP address that
// happens to hold "4.4.5" is a plain 4xx, retried.
func TestCongestionIsNotTheSendingLimit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		code     int
		enhanced smtp.EnhancedCode
		text     string
		quota    bool
	}{
		{"disk full", 452, smtp.EnhancedCode{4, 4, 5}, "Insufficient disk space; try again later", false},
		{"an IP address", 451, smtp.EnhancedCode{4, 7, 1}, "Client host [10.4.4.5] temporarily rejected", false},
		{"Gmail's limit at RCPT", 550, smtp.EnhancedCode{5, 4, 5}, "Daily user sending limit exceeded", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			it := r.enqueue("congestion:"+tc.name, keepwarm.ModeSend)
			r.smtp.RejectRcptAnswer(buyer, tc.code, tc.enhanced, tc.text)
			err := r.snd.Deliver(r.ctx, it)
			var de *mailsync.DeliveryError
			if !errors.As(err, &de) || de.Quota != tc.quota || de.Outcome != mailsync.OutcomeRetry {
				t.Fatalf("Deliver: %v (%+v); want quota %v, retried", err, de, tc.quota)
			}
		})
	}
}

// A server that repeats the recipient's address in its answer ("550
// <sender@buyer.example>: no such user") is judged by its own words, not
// the address's: a customer whose address holds "sender" or "policy" is
// flagged as bounced like any other, and the mailbox is not held for it.
// qmail's relay refusal ("allowed rcpthosts (#5.7.1)") is the team's own
// trouble: nobody is flagged and the mailbox waits.
func TestRcptAnswerReadWithoutTheEchoedAddress(t *testing.T) {
	for _, tc := range []struct {
		name     string
		addr     string
		code     int
		enhanced smtp.EnhancedCode
		text     string
		mailbox  bool
		refused  bool
	}{
		{"sender in the address", "sender@buyer.example", 550, smtp.NoEnhancedCode, "<sender@buyer.example>: no such user", false, true},
		{"sender in the domain, 5.1.0", "info@sender-logistics.example", 550, smtp.EnhancedCode{5, 1, 0}, "<info@sender-logistics.example>: Recipient address rejected", false, true},
		{"policy in the address, bare", "policy@buyer.example", 550, smtp.NoEnhancedCode, "policy@buyer.example: no such user", false, true},
		{"spam in the address", "spam@buyer.example", 553, smtp.NoEnhancedCode, "<spam@buyer.example>... No such mailbox", false, true},
		{"qmail rcpthosts", "hans@buyer.example", 553, smtp.NoEnhancedCode, "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			it := keepwarm.OutboxItem{Key: "echo:" + tc.name, MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
				From: keepwarm.Address{Name: "Li Wei", Email: seller}, To: []keepwarm.Address{{Email: tc.addr}},
				Subject: "Re: Quotation", Text: "Dear Sir,\n\nDid you receive my mail?\n", Mode: keepwarm.ModeSend,
				Origin: "sequence", DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
			it, _, err := r.db.Enqueue(r.ctx, it)
			if err != nil {
				t.Fatal(err)
			}
			r.smtp.RejectRcptAnswer(tc.addr, tc.code, tc.enhanced, tc.text)
			err = r.snd.Deliver(r.ctx, it)
			var de *mailsync.DeliveryError
			if !errors.As(err, &de) || de.Mailbox != tc.mailbox || (len(de.Refused) == 1 && de.Refused[0] == tc.addr) != tc.refused {
				t.Fatalf("Deliver: %v (%+v); want mailbox %v, %s refused %v", err, de, tc.mailbox, tc.addr, tc.refused)
			}
		})
	}
}
