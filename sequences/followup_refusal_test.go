package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// refusedStep1 is a world whose step 1 went out on day 3 and came back
// an hour later in the bounce header+body says, with the step's
// Message-ID put in for {ID}; it runs days 4 to 8.
func refusedStep1(t *testing.T, header, body string, to ...keepwarm.Address) *fuWorld {
	t.Helper()
	w := newFUWorldAnchor(t, "A", "", nil, "Quotation LED panels", to...)
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	step1 := w.outbox()[0]
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	id := strings.Trim(step1.MessageID, "<>")
	header, body = strings.ReplaceAll(header, "{ID}", id), strings.ReplaceAll(body, "{ID}", id)
	team := parse.NewTeam([]string{"seller.example"}, nil, []string{"gmail.com"})
	m := team.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindBounce {
		t.Fatalf("parsed as %s; the test needs a bounce", m.Kind)
	}
	m.Date = day0.AddDate(0, 0, 3).Add(time.Hour)
	w.save("lily", "INBOX", m)
	for d := 4; d <= 8; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	return w
}

func refusalDSN(status, diag string) (string, string) {
	header := "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.seller.example (Mail Delivery System)\r\nTo: lily@seller.example\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.seller.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\r\n\r\n"
	body := "--B1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nYour message could not be delivered to one or more recipients.\r\n\r\n" +
		"--B1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.seller.example\r\n\r\n" +
		"Final-Recipient: rfc822; hans@buyer.de\r\nAction: failed\r\nStatus: " + status + "\r\nRemote-MTA: dns; mx.buyer.de\r\nDiagnostic-Code: smtp; " + diag + "\r\n\r\n" +
		"--B1\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: Lily Chen <lily@seller.example>\r\nTo: hans@buyer.de\r\nSubject: Re: Quotation LED panels\r\nMessage-ID: <{ID}>\r\n\r\n--B1--\r\n"
	return header, body
}

// A failure that refused the mail rather than Hans's address (his server's
// DMARC policy on a bad SPF day, a catalogue too large, a spam filter)
// does not end the follow-up as bounced, nor lets step 2 go: it stops
// there, failed, saying what was refused, for her to check the mail and
// resume. A failure saying the address does not exist ends it as
// bounced, as before.
func TestARefusalOfTheMailStopsTheFollowUpSayingWhy(t *testing.T) {
	spamText := "This message was created automatically by mail delivery software.\r\n\r\nA message that you sent could not be delivered to one or more of its\r\n" +
		"recipients. This is a permanent error. The following address(es) failed:\r\n\r\n  hans@buyer.de\r\n    SMTP error from remote mail server after end of data:\r\n    550 5.7.1 Message rejected as spam\r\n"
	spamHeader := "From: Mail Delivery System <Mailer-Daemon@mx.seller.example>\r\nTo: lily@seller.example\r\n" +
		"Subject: Mail delivery failed: returning message to sender\r\nX-Failed-Recipients: hans@buyer.de\r\n" +
		"Message-ID: <dsn-1@mx.seller.example>\r\nIn-Reply-To: <{ID}>\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
	for _, c := range []struct {
		name           string
		header, body   string
		status, reason string
	}{
		{"DMARC", "", "", "", "step 1 was refused by buyer.de's server as failing the SPF, DKIM or DMARC check (5.7.26), not for the address: nobody was flagged; check the mail, then resume or stop"},
		{"size", "", "", "", "step 1 was refused by buyer.de's server as too large (5.3.4), not for the address"},
		{"spam text", spamHeader, spamText, "", "step 1 was refused by buyer.de's server as spam (5.7.1), not for the address"},
		{"unknown user", "", "", string(keepwarm.EnrollBounced), "no recipient may be written to: bounced"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, b := c.header, c.body
			switch c.name {
			case "DMARC":
				h, b = refusalDSN("5.7.26", "550 5.7.26 Unauthenticated email from seller.example is not accepted due to domain's DMARC policy")
			case "size":
				h, b = refusalDSN("5.3.4", "552 5.3.4 Message size exceeds fixed limit")
			case "unknown user":
				h, b = refusalDSN("5.1.1", "550 5.1.1 User unknown")
			}
			w := refusedStep1(t, h, b)
			want := keepwarm.EnrollFailed
			if c.status != "" {
				want = keepwarm.EnrollmentStatus(c.status)
			}
			e := w.enrollment()
			if e.Status != want || !strings.Contains(e.Reason, c.reason) {
				t.Fatalf("after the refusal: %s (%s); want %s (%s)", e.Status, e.Reason, want, c.reason)
			}
			for _, it := range w.outbox() {
				if it.Step != nil && *it.Step == 1 {
					t.Fatalf("step 2 after the refusal: %+v", it)
				}
			}
		})
	}
}

// A delivery report that says one address does not exist and refused the
// mail to another names the refused address and says the other was
// flagged, not "nobody was flagged".
func TestAMixedBounceNamesTheRefusedAddress(t *testing.T) {
	h, b := refusalDSN("5.1.1", "550 5.1.1 User unknown")
	b = strings.Replace(b, "\r\n\r\n--B1\r\nContent-Type: text/rfc822-headers",
		"\r\n\r\nFinal-Recipient: rfc822; ute@buyer.de\r\nAction: failed\r\nStatus: 5.7.1\r\nRemote-MTA: dns; mx.buyer.de\r\nDiagnostic-Code: smtp; 550 5.7.1 Message rejected as spam\r\n\r\n--B1\r\nContent-Type: text/rfc822-headers", 1)
	w := refusedStep1(t, h, b, keepwarm.Address{Name: "Hans Meier", Email: "hans@buyer.de"}, keepwarm.Address{Name: "Ute", Email: "ute@buyer.de"})
	if to := w.outbox()[0].To; len(to) != 2 {
		t.Fatalf("step 1 went to %v; the test needs hans and ute", to)
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "ute@buyer.de") || !strings.Contains(e.Reason, "hans@buyer.de does not exist") || strings.Contains(e.Reason, "nobody was flagged") {
		t.Fatalf("after the mixed bounce: %s (%s); want failed naming ute@buyer.de refused and hans@buyer.de flagged", e.Status, e.Reason)
	}
	blocked, err := w.db.BlockedAddresses(context.Background(), []string{"hans@buyer.de"})
	if err != nil {
		t.Fatal(err)
	}
	if blocked["hans@buyer.de"] != "bounced" {
		t.Fatalf("hans@buyer.de: %q, want bounced", blocked["hans@buyer.de"])
	}
}

// A full mailbox in the same report is a soft failure: hans is not
// flagged, so the reason does not say he does not exist.
func TestAMixedBounceWithAFullMailboxFlagsNobody(t *testing.T) {
	h, b := refusalDSN("5.2.2", "552 5.2.2 Mailbox full")
	b = strings.Replace(b, "\r\n\r\n--B1\r\nContent-Type: text/rfc822-headers",
		"\r\n\r\nFinal-Recipient: rfc822; ute@buyer.de\r\nAction: failed\r\nStatus: 5.7.1\r\nRemote-MTA: dns; mx.buyer.de\r\nDiagnostic-Code: smtp; 550 5.7.1 Message rejected as spam\r\n\r\n--B1\r\nContent-Type: text/rfc822-headers", 1)
	w := refusedStep1(t, h, b, keepwarm.Address{Name: "Hans Meier", Email: "hans@buyer.de"}, keepwarm.Address{Name: "Ute", Email: "ute@buyer.de"})
	if to := w.outbox()[0].To; len(to) != 2 {
		t.Fatalf("step 1 went to %v; the test needs hans and ute", to)
	}
	blocked, err := w.db.BlockedAddresses(context.Background(), []string{"hans@buyer.de"})
	if err != nil {
		t.Fatal(err)
	}
	if blocked["hans@buyer.de"] != "" {
		t.Fatalf("hans@buyer.de: %q, want not flagged for a full mailbox", blocked["hans@buyer.de"])
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "ute@buyer.de") || strings.Contains(e.Reason, "does not exist") || !strings.Contains(e.Reason, "nobody was flagged") {
		t.Fatalf("after the mixed bounce: %s (%s); want failed naming ute@buyer.de refused and nobody flagged", e.Status, e.Reason)
	}
}

// The mail followed up itself refused (a quotation too large) is sent
// again, not followed up: resuming would ask about a mail the buyer never
// received.
func TestARefusedQuotationSaysSendItAgain(t *testing.T) {
	h, b := refusalDSN("5.3.4", "552 5.3.4 Message size exceeds fixed limit")
	b = strings.ReplaceAll(b, "{ID}", "q-1@seller.example")
	e := refusedStep1(t, h, b).enrollment()
	want := "the mail followed up was refused by buyer.de's server as too large (5.3.4), not for the address: nobody was flagged; send it again: the new mail is followed up on its own; stop this one"
	if e.Status != keepwarm.EnrollFailed || e.Reason != want {
		t.Fatalf("after the refused quotation: %s (%s); want failed (%s)", e.Status, e.Reason, want)
	}
}
