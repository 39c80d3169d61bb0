package mailsync_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// NetEase and Tencent answer a sending limit with codes of their own and
// no enhanced code, often at RCPT. A bare 550 there used to read as "no
// such address": the customer's live address was flagged as bounced and
// the item failed. The day's limit holds the mailbox to the next day as
// Gmail's does; a short-term limit makes the mailbox wait; nobody is
// flagged either way.
func TestChineseProvidersSendingLimitsFlagNobody(t *testing.T) {
	for _, tc := range []struct {
		name  string
		code  int
		text  string
		quota bool
	}{
		{"NetEase recipients over the day's limit", 550, "RP:TRC 发件人当天内累计的收件人数量超过限制", true},
		{"NetEase mails over the day's limit", 554, "MI:STC 发件人当天内累计邮件数量超过限制", true},
		{"NetEase recipients over the short-term limit", 550, "RP:QRC 发件人短期内累计的收件人数量超过限制", false},
		{"NetEase 15 minutes", 451, "MI:SFQ 发信人在15分钟内的发信数量超过限制", false},
		{"QQ frequency", 550, "Ip frequency limited", false},
		{"Tencent connection frequency", 550, "Connection frequency limited. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			it := r.enqueue("cn-limit:"+tc.name, keepwarm.ModeSend)
			r.smtp.RejectRcptAnswer(buyer, tc.code, smtp.NoEnhancedCode, tc.text)
			err := r.snd.Deliver(r.ctx, it)
			var de *mailsync.DeliveryError
			if !errors.As(err, &de) || de.Outcome != mailsync.OutcomeRetry || !de.Mailbox || de.Quota != tc.quota || len(de.Refused) != 0 {
				t.Fatalf("Deliver: %v (%+v); want retried with the mailbox, quota %v, nobody refused", err, de, tc.quota)
			}
		})
	}
}

// NetEase's limits of one connection are not the account's: keepwarm sends
// one mail a connection. Too many recipients (RP:DRC, a 5xx) is this mail's
// To and Cc: it fails saying what the salesperson can do, nobody flagged
// and the mailbox not held for the other items; too many mails in one connection (MI:DMC) is tried
// again, the mailbox not held either.
func TestNetEaseOneConnectionLimitsHoldNotTheMailbox(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		outcome    mailsync.Outcome
		says       string
	}{
		{"recipients in one connection", "RP:DRC 单个连接发送的收件人数量超过限制", mailsync.OutcomeFailed, "to fewer addresses at a time"},
		{"mails in one connection", "MI:DMC 单个连接发送的邮件数量超过限制", mailsync.OutcomeRetry, "MI:DMC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			it := r.enqueue("cn-conn:"+tc.name, keepwarm.ModeSend)
			r.smtp.RejectRcptAnswer(buyer, 550, smtp.NoEnhancedCode, tc.text)
			err := r.snd.Deliver(r.ctx, it)
			var de *mailsync.DeliveryError
			if !errors.As(err, &de) || de.Outcome != tc.outcome || de.Mailbox || de.Quota || len(de.Refused) != 0 || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("Deliver: %v (%+v); want %s, the mailbox not held, nobody refused, saying %q", err, de, tc.outcome, tc.says)
			}
		})
	}
}

// NetEase's RP:DRC is read per recipient, as any answer at RCPT: a 4xx is
// tried again, and an address that does not exist beside it is still
// flagged, so the step is done again for the others.
func TestNetEaseTooManyRecipientsIsReadPerRecipient(t *testing.T) {
	const other = "amy@buyer.example"
	for _, tc := range []struct {
		name     string
		dead     bool // other answers 550 5.1.1
		attempts int  // the attempt this is, as the claim counted it
		outcome  mailsync.Outcome
		refused  []string
		advice   bool // the error says what the salesperson can do
	}{
		{"a 4xx alone is tried again", false, 1, mailsync.OutcomeRetry, nil, true},
		{"a 4xx again on the next attempt fails, saying what to do", false, 2, mailsync.OutcomeFailed, nil, true},
		{"an unknown address beside it is flagged", true, 1, mailsync.OutcomeFailed, []string{other}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			it := r.enqueueTuned("cn-drc:"+tc.name, keepwarm.ModeSend, func(it *keepwarm.OutboxItem) {
				it.To = []keepwarm.Address{{Email: other}, {Name: "Bob Buyer", Email: buyer}}
			})
			it.Attempts = tc.attempts
			if tc.dead {
				r.smtp.RejectRcptAnswer(other, 550, smtp.EnhancedCode{5, 1, 1}, "user unknown")
			}
			r.smtp.RejectRcptAnswer(buyer, 451, smtp.NoEnhancedCode, "RP:DRC 单个连接发送的收件人数量超过限制")
			err := r.snd.Deliver(r.ctx, it)
			var de *mailsync.DeliveryError
			if !errors.As(err, &de) || de.Outcome != tc.outcome || de.Mailbox || !slices.Equal(de.Refused, tc.refused) {
				t.Fatalf("Deliver: %v (%+v); want %s, refused %v, the mailbox not held", err, de, tc.outcome, tc.refused)
			}
			if got := strings.Contains(err.Error(), "send it yourself from your mail client"); got != tc.advice {
				t.Errorf("Deliver: %v; says what the salesperson can do: %v, want %v", err, got, tc.advice)
			}
		})
	}
}

// NetEase's RP:DRC as a 4xx outside RCPT recurs as the 5xx does, the next
// connection carrying the same recipients: it is tried once more, saying
// what the salesperson can do, then fails saying it, not after hours of
// retries with only the provider's words.
func TestNetEaseTooManyRecipientsAgainFails(t *testing.T) {
	for _, tc := range []struct {
		attempts int
		outcome  mailsync.Outcome
	}{
		{1, mailsync.OutcomeRetry},
		{2, mailsync.OutcomeFailed},
	} {
		t.Run(fmt.Sprintf("attempt %d", tc.attempts), func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			it := r.enqueue(fmt.Sprintf("cn-drc-mail:%d", tc.attempts), keepwarm.ModeSend)
			it.Attempts = tc.attempts
			r.smtp.RejectMail(451, smtp.NoEnhancedCode, "RP:DRC 单个连接发送的收件人数量超过限制")
			err := r.snd.Deliver(r.ctx, it)
			var de *mailsync.DeliveryError
			if !errors.As(err, &de) || de.Outcome != tc.outcome || de.Mailbox || len(de.Refused) != 0 || !strings.Contains(err.Error(), "send it yourself from your mail client") {
				t.Fatalf("Deliver: %v (%+v); want %s, the mailbox not held, nobody refused, saying what to do", err, de, tc.outcome)
			}
		})
	}
}
