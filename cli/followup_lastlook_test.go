package cli

import (
	"io"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// The resend of a quotation to Anna and Hans waits for a retry after a
// 451 when Anna's address bounces: the pre-send sync sees the bounce and
// the step is done again for Hans, greeting him, rather than dropped for
// both; the sequence does not go on to its next step without it.
func TestABounceBeforeTheSendDropsOnlyThatRecipient(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	anna := "anna@buyer.de"
	q := quotation
	q.To = "Anna Berg <" + anna + ">, Hans Meier <" + hans + ">"
	srv.Append(t, mailtest.SMTPUser, "Sent", q.Bytes(), seqDay0)
	r.must(day(0).Add(time.Minute), "sync")
	r.setCustomer("A", "DE")
	r.tick(day(0).Add(2 * time.Minute))
	r.smtp.FailNextData(1, 451)
	r.tick(day(3))
	if lines := r.outbox(); r.delivered() != 0 || len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("after the 451: %d delivered, %+v", r.delivered(), lines)
	}
	dsn := mailtest.Msg{From: "Mail Delivery System <MAILER-DAEMON@mx.buyer.de>", To: mailtest.SMTPUser,
		Subject: "Undelivered Mail Returned to Sender", MessageID: "dsn-anna@mx.buyer.de", Date: day(3).Add(30 * time.Second),
		Extra: []string{"Return-Path: <>"},
		Body:  "This is the mail system at host mx.buyer.de.\r\n\r\n<" + anna + ">: host mx.buyer.de said: 550 5.1.1 User unknown\r\n"}
	srv.Append(t, mailtest.SMTPUser, "INBOX", dsn.Bytes(), dsn.Date)
	r.tick(day(3).Add(2 * time.Minute))
	r.tick(day(3).Add(3 * time.Minute))
	var sent []mailtest.SMTPMessage
	for _, m := range r.smtp.Messages() {
		if !m.Dropped {
			sent = append(sent, m)
		}
	}
	if len(sent) != 1 || len(sent[0].To) != 1 || sent[0].To[0] != hans {
		t.Fatalf("Hans did not get the resend alone: %+v\noutbox %+v", sent, r.outbox())
	}
	got := r.received()
	if len(got) != 1 {
		t.Fatalf("Hans got %d messages", len(got))
	}
	body, err := io.ReadAll(got[0].Body)
	if err != nil || !strings.Contains(string(body), "Dear Hans") || strings.Contains(got[0].Header.Get("To"), anna) {
		t.Fatalf("the resend Hans got: To %q, %v\n%s", got[0].Header.Get("To"), err, body)
	}
	if e := r.enrollments()[0]; e.Status != keepwarm.EnrollActive || e.Step != 1 || len(e.To) != 1 || e.To[0].Email != hans {
		t.Fatalf("the enrollment: %s step %d %+v %q", e.Status, e.Step, e.To, e.Reason)
	}
}

// The resend waits for a retry after a 451 when Lily lets the customer go
// back to the pool: it is not sent in her name, and the follow-up stops
// with the reason.
func TestAReleaseBeforeTheSendStopsTheResend(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.FailNextData(1, 451)
	r.tick(day(3))
	if lines := r.outbox(); r.delivered() != 0 || len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("after the 451: %d delivered, %+v", r.delivered(), lines)
	}
	r.must(day(3).Add(time.Minute), "customers", "release", hans)
	r.tick(day(3).Add(2 * time.Minute))
	r.tick(day(3).Add(3 * time.Minute))
	if r.delivered() != 0 {
		t.Fatalf("sent after the release: %+v", r.smtp.Messages())
	}
	lines := r.outbox()
	if len(lines) != 1 || lines[0].Status != keepwarm.OutboxSkipped || !strings.Contains(lines[0].LastError, "went back to the pool") {
		t.Fatalf("outbox after the release: %+v", lines)
	}
	if e := r.enrollments()[0]; e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, "went back to the pool on 2026-11-05") {
		t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
	}
}
