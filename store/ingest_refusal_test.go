package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// refusalDSN is a delivery report from the team's provider that the
// buyer's server gave failed (status, diag) for hans@buyer.de, returning
// the team's mail <q-1@team.example>.
func refusalDSN(status, diag string) (header, body string) {
	header = "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.team.example (Mail Delivery System)\r\nTo: lily@team.example\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\nDate: Fri, 02 Oct 2026 10:00:03 +0000\r\nMessage-ID: <dsn-1@mx.team.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\r\n\r\n"
	body = "--B1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nYour message could not be delivered to one or more recipients.\r\n\r\n" +
		"--B1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.team.example\r\n\r\n" +
		"Final-Recipient: rfc822; hans@buyer.de\r\nAction: failed\r\nStatus: " + status + "\r\nRemote-MTA: dns; mx.buyer.de\r\nDiagnostic-Code: smtp; " + diag + "\r\n\r\n" +
		"--B1\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: Lily <lily@team.example>\r\nTo: hans@buyer.de\r\nSubject: Quotation\r\nMessage-ID: <q-1@team.example>\r\n\r\n--B1--\r\n"
	return header, body
}

// refusalText is an Exim text bounce with X-Failed-Recipients and no
// delivery-status part, saying why for hans@buyer.de.
func refusalText(why string) (header, body string) {
	header = "From: Mail Delivery System <Mailer-Daemon@mx.team.example>\r\nTo: lily@team.example\r\n" +
		"Subject: Mail delivery failed: returning message to sender\r\nX-Failed-Recipients: hans@buyer.de\r\n" +
		"Message-ID: <dsn-1@mx.team.example>\r\nIn-Reply-To: <q-1@team.example>\r\nDate: Fri, 02 Oct 2026 10:00:03 +0000\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
	body = "This message was created automatically by mail delivery software.\r\n\r\nA message that you sent could not be delivered to one or more of its\r\n" +
		"recipients. This is a permanent error. The following address(es) failed:\r\n\r\n  hans@buyer.de\r\n    " + why + "\r\n"
	return header, body
}

// A delivery failure that refused the mail rather than the address (a
// DMARC policy, the size, spam) flags nobody: the address keeps being
// written to. Only a failure saying the address does not exist (5.1.1)
// flags it, as an answer at RCPT does.
func TestARefusalOfTheMailFlagsNoAddress(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	dsn := func(status, diag string) func() (string, string) {
		return func() (string, string) { return refusalDSN(status, diag) }
	}
	text := func(why string) func() (string, string) {
		return func() (string, string) { return refusalText(why) }
	}
	for _, c := range []struct {
		name    string
		bounce  func() (string, string)
		flagged bool
	}{
		{"DMARC 5.7.26", dsn("5.7.26", "550 5.7.26 Unauthenticated email from team.example is not accepted due to domain's DMARC policy"), false},
		{"size 5.3.4", dsn("5.3.4", "552 5.3.4 Message size exceeds fixed limit"), false},
		{"spam 5.7.1", dsn("5.7.1", "550 5.7.1 Message rejected as spam by Content Filtering"), false},
		{"generic status, blocklist words", dsn("5.0.0", "554 Service unavailable; client [203.0.113.5] blocked using zen.spamhaus.org"), false},
		{"text: spam", text("SMTP error from remote mail server after end of data:\r\n    550 5.7.1 Message rejected as spam"), false},
		{"text: size", text("SMTP error from remote mail server after MAIL FROM:\r\n    552 Message size exceeds fixed maximum message size"), false},
		{"unknown user 5.1.1", dsn("5.1.1", "550 5.1.1 User unknown"), true},
		// A report saying the address or its domain does not exist flags
		// it whatever its status: the words are read, not only the class.
		{"dead domain 5.4.310", dsn("5.4.310", "550 5.4.310 DNS domain buyer.de does not exist [Message=InfoDomainNonexistent]"), true},
		{"dead domain 5.4.4", dsn("5.4.4", "Host or domain name not found. Name service error for name=buyer.de type=A: Host not found"), true},
		{"Yandex no such user", dsn("5.0.0", "550 5.7.1 No such user!"), true},
		{"mailbox unavailable 5.5.0", dsn("5.5.0", "550 5.5.0 Requested action not taken: mailbox unavailable"), true},
		{"recipient rejected 5.4.1", dsn("5.4.1", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)"), true},
		{"Gmail account disabled 5.2.1", dsn("5.2.1", "550 5.2.1 The email account that you tried to reach is disabled."), true},
		// Postfix says the same words for a policy under 5.7.1.
		{"policy 5.7.1 recipient rejected", dsn("5.7.1", "554 5.7.1 <hans@buyer.de>: Recipient address rejected: Access denied"), false},
		// "content" in the returned mail's words is no content filter.
		{"text: mailbox not available", text("550 Mailbox not available\r\n\r\nDear Hans, the content of our offer is attached."), true},
		// Nor are its other words: "listed" only on a list, a policy only
		// as the reason, and nothing after Office 365's "Original message
		// headers:" read as a refusal.
		{"text: prices listed below", text("550 Mailbox not available\r\n\r\nDear Hans, the prices listed below are valid until May."), true},
		{"text: return policy", text("550 Mailbox not available\r\n\r\nDear Hans, our return policy is attached."), true},
		{"text: price policy in Chinese", text("550 Mailbox not available\r\n\r\n汉斯您好，我们的价格策略如下。"), true},
		{"text: returned headers", text("550 Mailbox not available\r\nOriginal message headers:\r\nSubject: Spam-free packaging, offer"), true},
		{"text: policy refusal", text("SMTP error from remote mail server after end of data:\r\n    550 Rejected due to local policy"), false},
		// A wrapper's 5.0.x does not hide the policy status it carries.
		{"M365 5.0.350 wrapping 5.7.1 recipient rejected", dsn("5.0.350", "550 5.0.350 Remote server returned an error -> 554 5.7.1 <hans@buyer.de>: Recipient address rejected: Access denied"), false},
		{"policy 5.0.0 rejected because of local policy", dsn("5.0.0", "550 Message rejected because of local policy"), false},
		{"text: due to our email policy", text("550 Your message was rejected due to our email policy"), false},
		{"text: transaction failed local policy", text("554 Transaction failed: local policy"), false},
		{"text: DNSBL listed", text("550 1.2.3.4 is DNSBL listed"), false},
		{"text: 收信策略拒绝", text("550 邮件被对方服务器的收信策略拒绝"), false},
		// "does not exist" about the team's own server or sender.
		{"PTR does not exist 5.7.1", dsn("5.7.1", "550 5.7.1 Client host rejected: reverse DNS (PTR) record does not exist"), false},
		{"发信域名不存在 5.7.1", dsn("5.7.1", "550 5.7.1 发信域名不存在"), false},
		{"收件人不存在 5.7.1", dsn("5.7.1", "550 5.7.1 收件人不存在"), true},
		// 5.1.7 and 5.1.8 are the sender's address.
		{"sender address 5.1.7", dsn("5.1.7", "501 5.1.7 Invalid address"), false},
		{"sender domain 5.1.8", dsn("5.1.8", "553 5.1.8 Domain of address lily@seller.example does not exist"), false},
		{"Exchange nonexistent domain 5.4.4", dsn("5.4.4", "550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain"), true},
		{"text: unknown user", text("SMTP error from remote mail server after RCPT TO:<hans@buyer.de>:\r\n    550 5.1.1 <hans@buyer.de>: Recipient address rejected: User unknown"), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, ctx := openTest(t), context.Background()
			sent := msg("q-1@team.example")
			sent.Kind, sent.CustomerKey = keepwarm.KindOutbound, "domain:buyer.de"
			sent.From, sent.To = keepwarm.Address{Email: "lily@team.example"}, []keepwarm.Address{{Email: "hans@buyer.de"}}
			sent.Contacts = []keepwarm.Address{{Email: "hans@buyer.de"}}
			save(t, db, at(sent, "team", "Sent", 1, t0))
			h, b := c.bounce()
			m := team.Parse([]byte(h), []byte(b), int64(len(h)+len(b)), keepwarm.RoleInbox)
			if m.Kind != keepwarm.KindBounce {
				t.Fatalf("parsed as %s; the test needs a bounce", m.Kind)
			}
			save(t, db, at(m, "team", "INBOX", 2, t0.Add(24*time.Hour)))
			blocked, err := db.BlockedAddresses(ctx, []string{"hans@buyer.de"})
			if err != nil {
				t.Fatal(err)
			}
			if got := blocked["hans@buyer.de"] != ""; got != c.flagged {
				t.Fatalf("flagged %v (%v), want %v; parsed recipient %q, refusal %q", got, blocked, c.flagged, m.BouncedRecipient, m.BounceRefusal)
			}
		})
	}
}
