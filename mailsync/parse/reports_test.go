package parse

import (
	"slices"
	"testing"

	"keepwarm"
)

// TestReportsCutAsSyncFetches parses the delivery reports as sync reads
// them: the first 4 KB of the body (a report's delivery-status part may lie
// beyond, behind a large HTML part) and, for older mail, the header alone.
// A cut report is decided by its subject and text; a failure still names
// its recipient, a delay or receipt flags no one.
func TestReportsCutAsSyncFetches(t *testing.T) {
	team := testTeam()
	for _, tc := range []struct {
		file    string
		kind    keepwarm.Kind
		bounced string
	}{
		{"ndr_o365.eml", keepwarm.KindBounce, "dave@globex.example"}, // "Your message to dave@... couldn't be delivered."
		{"dsn_delayed.eml", keepwarm.KindNotice, ""},
		{"dsn_delivered.eml", keepwarm.KindNotice, ""},
		{"dsn_bounce.eml", keepwarm.KindBounce, "purchasing@closed-co.example"},
	} {
		h, b, size := loadEML(t, tc.file)
		cut := b
		if len(cut) > 4096 {
			cut = cut[:4096]
		}
		for _, n := range []int{len(cut), 600} {
			m := MessageFetched(Fetched{Header: h, Body: cut[:min(n, len(cut))], Size: size})
			team.Classify(&m, keepwarm.RoleInbox)
			want := tc.bounced
			if n == 600 && tc.file == "dsn_bounce.eml" {
				want = "info@closed-co.example" // the text's "<info@...>: host said 550" before the report part
			}
			if m.Kind != tc.kind || m.BouncedRecipient != want {
				t.Errorf("%s cut at %d: kind %q bounced %q, want %q %q (report %q, snippet %q)",
					tc.file, n, m.Kind, m.BouncedRecipient, tc.kind, want, m.Report, m.Snippet)
			}
		}
		m := team.ParseFetched(Fetched{Header: h, Size: size, TextPending: true}, keepwarm.RoleInbox)
		if !team.NeedsText(&m) || m.BouncedRecipient != "" {
			t.Errorf("%s header alone: kind %q bounced %q needs text %v: want its text read first",
				tc.file, m.Kind, m.BouncedRecipient, team.NeedsText(&m))
		}
	}
}

// TestMailServerReports: mail from MAILER-DAEMON or postmaster is a
// bounce by Return-Path <>, X-Failed-Recipients, or a bounce subject with
// a failed address in its text; a delay warning is a notice; a postmaster
// writing as a person stays inbound.
func TestMailServerReports(t *testing.T) {
	const daemon = "From: Mail Delivery System <MAILER-DAEMON@relay.isp.example>"
	for _, tc := range []struct {
		name    string
		body    string
		lines   []string
		kind    keepwarm.Kind
		bounced string
	}{
		{"Exim without Return-Path, X-Failed-Recipients", "This message was created automatically by mail delivery software.",
			[]string{daemon, "To: lucy@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@globex.example"},
			keepwarm.KindBounce, "bob@globex.example"},
		{"bounce subject and a failed-recipient phrase", "A message that you sent could not be delivered to one or more of its recipients. This is a permanent error. The following address(es) failed:\n\n  bob@globex.example\n",
			[]string{daemon, "To: lucy@team.example", "Subject: Mail delivery failed: returning message to sender"},
			keepwarm.KindBounce, "bob@globex.example"},
		{"German Exchange: Unzustellbar", "Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\nbob@globex.example\nDie E-Mail-Adresse wurde nicht gefunden.",
			[]string{"From: postmaster@globex.example", "To: lucy@team.example", "Subject: Unzustellbar: Angebot 311"},
			keepwarm.KindBounce, "bob@globex.example"},
		{"Spanish: No se puede entregar", "Error en la entrega a estos destinatarios o grupos:\n\nbob@globex.example\nNo se encontró la dirección.",
			[]string{"From: postmaster@globex.example", "To: lucy@team.example", "Subject: No se puede entregar: Cotización 311"},
			keepwarm.KindBounce, "bob@globex.example"},
		{"Gmail-style Failure subject", "Address not found. Your message wasn't delivered to bob@globex.example because the address couldn't be found.",
			[]string{"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "To: lucy@team.example", "Subject: Delivery Status Notification (Failure)"},
			keepwarm.KindBounce, "bob@globex.example"},
		{"bounce subject without a failed address stays inbound", "Hello, I am the postmaster; your mail server is misconfigured.",
			[]string{"From: postmaster@globex.example", "To: lucy@team.example", "Subject: Undeliverable mail from your server"},
			keepwarm.KindInbound, ""},
		{"Exim delay warning is a notice", "A message that you sent has not yet been delivered to one or more of its recipients after more than 24 hours on the queue.\n\n  bob@globex.example\n\nNo action is required on your part.",
			[]string{daemon, "Return-Path: <>", "To: lucy@team.example", "Subject: Warning: message 1kXyZ-0001Ab-Cd delayed 24 hours", "Auto-Submitted: auto-replied"},
			keepwarm.KindNotice, ""},
		{"Postfix delay warning text without a delay subject", "#  THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n\n<bob@globex.example>: connect to mx.globex.example[203.0.113.25]:25: Connection timed out",
			[]string{daemon, "Return-Path: <>", "To: lucy@team.example", "Subject: Mail system notice"},
			keepwarm.KindNotice, ""},
		{"Return-Path <> alone still makes a bounce", "The following address(es) failed:\n  bob@globex.example",
			[]string{daemon, "Return-Path: <>", "To: lucy@team.example", "Subject: failure"},
			keepwarm.KindBounce, "bob@globex.example"},
		{"a read receipt with Auto-Submitted is a notice, not an out-of-office", "Your message was read on Wednesday.",
			[]string{"From: bob@globex.example", "To: lucy@team.example", "Subject: Read: Quotation", "Auto-Submitted: auto-replied",
				`Content-Type: multipart/report; report-type="disposition-notification"; boundary="b"`},
			keepwarm.KindNotice, ""},
		{"a customer's mail titled Read: is inbound", "Please read the attached drawing before quoting.",
			[]string{"From: bob@globex.example", "To: lucy@team.example", "Subject: Read: drawing 42 first"},
			keepwarm.KindInbound, ""},
		{"the team's own read receipt to a customer is a notice, not outbound", "",
			[]string{"From: lucy@team.example", "To: bob@globex.example", "Subject: Read: Order 42", "Content-Type: message/disposition-notification"},
			keepwarm.KindNotice, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := msg(tc.body, tc.lines...)
			testTeam().Classify(&m, keepwarm.RoleInbox)
			if m.Kind != tc.kind || m.BouncedRecipient != tc.bounced {
				t.Errorf("kind %q bounced %q, want %q %q", m.Kind, m.BouncedRecipient, tc.kind, tc.bounced)
			}
			if m.Kind == keepwarm.KindNotice && (m.CustomerKey != "" || m.Contacts != nil) {
				t.Errorf("notice has customer %q %v", m.CustomerKey, m.Contacts)
			}
		})
	}
}

// TestMailServerReportInMixed: a mail server's bounce that carries its
// delivery-status part in a multipart/mixed is read by that part.
func TestMailServerReportInMixed(t *testing.T) {
	body := "--b\r\nContent-Type: text/plain\r\n\r\nYour mail could not be sent.\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.isp.example\r\n\r\n" +
		"Final-Recipient: rfc822; bob@globex.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n"
	m := msg(body, "From: MAILER-DAEMON@mx.isp.example", "To: lucy@team.example", "Subject: Returned",
		`Content-Type: multipart/mixed; boundary="b"`)
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindBounce || m.BouncedRecipient != "bob@globex.example" {
		t.Errorf("kind %q bounced %q", m.Kind, m.BouncedRecipient)
	}
	// The same part in a person's mail flags no one.
	m = msg(body, "From: ann@acme.example", "To: lucy@team.example", "Subject: FW: Returned",
		`Content-Type: multipart/mixed; boundary="b"`)
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindInbound || m.BouncedRecipient != "" {
		t.Errorf("a person's mail: kind %q bounced %q", m.Kind, m.BouncedRecipient)
	}
}

// TestBounceForSeveralRecipients: a delivery report with a failed group for
// each of two recipients, or X-Failed-Recipients naming both, names both
// (a team address among them is left out): each is flagged, so the next
// step does not go to the second and bounce again.
func TestBounceForSeveralRecipients(t *testing.T) {
	body := "--b\r\nContent-Type: text/plain\r\n\r\nDelivery to these recipients failed.\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.buyer.example\r\n\r\n" +
		"Final-Recipient: rfc822; hans@buyer.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n" +
		"Final-Recipient: rfc822; eva@buyer.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n" +
		"Final-Recipient: rfc822; anna@buyer.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n"
	m := msg(body, "From: MAILER-DAEMON@mx.buyer.example", "To: lucy@team.example", "Subject: Undeliverable: News",
		`Content-Type: multipart/report; report-type=delivery-status; boundary="b"`)
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindBounce || m.BouncedRecipient != "hans@buyer.example" || !slices.Equal(m.BouncedAlso, []string{"anna@buyer.example"}) {
		t.Errorf("report: kind %q bounced %q also %q", m.Kind, m.BouncedRecipient, m.BouncedAlso)
	}
	m = msg("This message was created automatically by mail delivery software.",
		"From: Mail Delivery System <Mailer-Daemon@mx.team.example>", "To: lucy@team.example", "Subject: Mail delivery failed",
		"X-Failed-Recipients: hans@buyer.example, anna@buyer.example, boss@team.example")
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindBounce || m.BouncedRecipient != "hans@buyer.example" || !slices.Equal(m.BouncedAlso, []string{"anna@buyer.example"}) {
		t.Errorf("X-Failed-Recipients: kind %q bounced %q also %q", m.Kind, m.BouncedRecipient, m.BouncedAlso)
	}
}

// TestTemporaryFailure: a failed group whose Status is temporary (5.2.2
// mailbox full, 4.4.7 expired after retries) names its address among the
// soft ones; a 5.1.1 unknown user does not.
func TestTemporaryFailure(t *testing.T) {
	body := "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.buyer.example\r\n\r\n" +
		"Final-Recipient: rfc822; hans@buyer.example\r\nAction: failed\r\nStatus: 5.2.2\r\n\r\n" +
		"Final-Recipient: rfc822; eva@buyer.example\r\nAction: failed\r\nStatus: 4.4.7\r\n\r\n" +
		"Final-Recipient: rfc822; anna@buyer.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n"
	m := msg(body, "From: MAILER-DAEMON@mx.buyer.example", "To: lucy@team.example", "Subject: Undeliverable: News",
		`Content-Type: multipart/report; report-type=delivery-status; boundary="b"`)
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindBounce || !slices.Equal(m.BouncedSoft, []string{"hans@buyer.example", "eva@buyer.example"}) {
		t.Errorf("kind %q bounced %q also %q soft %q", m.Kind, m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft)
	}
}

// TestTemporaryFailureInText: a bounce without a delivery-status part in
// the text keepwarm reads names a full mailbox or a server that gave up
// retrying in its words; that failure is temporary, as a report's 5.2.2
// or 4.x.x is. An unknown user stays a lasting failure, and the words of
// the returned copy, or of another address's failure, count for nothing.
func TestTemporaryFailureInText(t *testing.T) {
	const (
		daemon  = "From: Mail Delivery System <Mailer-Daemon@server.buyer.com>"
		exim    = "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n"
		eximCpy = "\n\n------ This is a copy of the message, including all the headers. ------\n\nTo: bob@buyer.com\nSubject: Quotation 4711\n\nThe item was not found in our old catalogue.\n"
	)
	for _, tc := range []struct {
		name  string
		body  string
		lines []string
		soft  []string
	}{
		{"Exim with X-Failed-Recipients: quota exceeded", exim + "  bob@buyer.com\n    Mailbox quota exceeded" + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			[]string{"bob@buyer.com"}},
		{"cPanel: mailbox is full, retry timeout exceeded", exim + "  bob@buyer.com\n    mailbox is full: retry timeout exceeded" + eximCpy,
			[]string{daemon, "Return-Path: <>", "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			[]string{"bob@buyer.com"}},
		{"Exim: an unknown user is lasting, whatever the copy says", exim + "  bob@buyer.com\n    SMTP error from remote mail server after RCPT TO:<bob@buyer.com>:\n    550 5.1.1 <bob@buyer.com>: Recipient address rejected: User unknown in virtual mailbox table" + eximCpy + "Our quota for 2027 is 5000 pcs.\n",
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			nil},
		{"Exim: a refused mailbox behind an IP address with a 4 in it is lasting", exim + "  bob@buyer.com\n    host mx.buyer.com [203.4.11.8]\n    SMTP error from remote mail server after RCPT TO:<bob@buyer.com>:\n    550 Requested action not taken: mailbox unavailable" + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			nil},
		{"Exim: 450 mailbox unavailable is temporary", exim + "  bob@buyer.com\n    SMTP error from remote mail server after RCPT TO:<bob@buyer.com>:\n    450 4.2.1 Requested action not taken: mailbox unavailable\n    retry timeout exceeded" + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			[]string{"bob@buyer.com"}},
		{"Postfix: 552 recipient address rejected, mailbox full, is temporary", exim + "  bob@buyer.com\n    SMTP error from remote mail server after RCPT TO:<bob@buyer.com>:\n    552 5.2.2 <bob@buyer.com>: Recipient address rejected: Mailbox full" + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			[]string{"bob@buyer.com"}},
		{"Exim: an IP address with a 4 in it is no status", exim + "  bob@buyer.com\n    host mx.buyer.com [203.4.11.8]\n    SMTP error from remote mail server after RCPT TO:<bob@buyer.com>:\n    550 Administrative prohibition" + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			nil},
		{"Exim: a 4.x.x status is temporary", exim + "  bob@buyer.com\n    host mx.buyer.com [203.4.11.8]\n    SMTP error from remote mail server after RCPT TO:<bob@buyer.com>:\n    451-4.7.1 Greylisted, please try again later." + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			[]string{"bob@buyer.com"}},
		{"Exim: a 4.x.x status at a sentence's end", exim + "  bob@buyer.com\n    The server answered with status 4.4.7." + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: bob@buyer.com"},
			[]string{"bob@buyer.com"}},
		{"Exim: two addresses, one mailbox full", exim + "  ann@buyer.com\n    Unrouteable address\n  bob@buyer.com\n    Mailbox quota exceeded" + eximCpy,
			[]string{daemon, "To: lily@team.example", "Subject: Mail delivery failed: returning message to sender", "X-Failed-Recipients: ann@buyer.com, bob@buyer.com"},
			[]string{"bob@buyer.com"}},
		{"Office 365, its report behind the HTML: mailbox is full", "--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nYour message to bob@buyer.com couldn't be delivered.\n\nbob's mailbox is full.\n\nlily                Office 365                bob\nAction Required                               Recipient\n\nMailbox full\n\nHow to Fix It\nThe recipient's mailbox is full and can't accept messages now. Please try resending your message later, or contact the recipient directly.\n\r\n--b\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<html><head><style>.c0 { font-family: Segoe UI",
			[]string{"From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@buyer.com>", "To: lily@team.example", "Subject: Undeliverable: Quotation 4711",
				`Content-Type: multipart/report; report-type=delivery-status; boundary="b"`},
			[]string{"bob@buyer.com"}},
		{"NetEase: 收件人邮箱空间不足", "抱歉，您的邮件被退回来了……\n\n原邮件信息：\n时　间： 2026-12-01 19:01:38\n主　题： Quotation 2026-311\n收件人： bob@buyer.com\n\n退信原因：\n收件人邮箱空间不足，无法接收邮件。(552 Quota exceed the hard limit for user: bob@buyer.com)\n",
			[]string{"From: 网易邮件中心 <postmaster@163.com>", "To: lily@team.example", "Subject: 系统退信"},
			[]string{"bob@buyer.com"}},
		{"QQ: 收件人空间不足", "很抱歉您发送的邮件被退回，以下是该邮件的相关信息：\n\n被退回的邮件\n收件人：bob@buyer.com\n\n退信原因\n收件人空间不足\n",
			[]string{"From: PostMaster <PostMaster@qq.com>", "To: lily@team.example", "Subject: 退信"},
			[]string{"bob@buyer.com"}},
		{"NetEase: 收件人邮箱地址不存在 is lasting", "抱歉，您的邮件被退回来了……\n\n原邮件信息：\n收件人： bob@buyer.com\n\n退信原因：\n收件人邮箱地址不存在，请核对后重新发送。(550 User not found: bob@buyer.com)\n",
			[]string{"From: 网易邮件中心 <postmaster@163.com>", "To: lily@team.example", "Subject: 系统退信"},
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := msg(tc.body, tc.lines...)
			testTeam().Classify(&m, keepwarm.RoleInbox)
			if m.Kind != keepwarm.KindBounce {
				t.Fatalf("kind %q (bounced %q); the test needs a bounce", m.Kind, m.BouncedRecipient)
			}
			if !slices.Equal(m.BouncedSoft, tc.soft) {
				t.Errorf("soft %q, want %q (bounced %q also %q)", m.BouncedSoft, tc.soft, m.BouncedRecipient, m.BouncedAlso)
			}
		})
	}
}
