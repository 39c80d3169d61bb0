package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// A five-hour SMTP outage: the resend is retried, given up, and the
// follow-up stops as failed, said in a WARN line, the digest and the
// report; the product introduction and the call never come by themselves.
// Resumed by a person, the resend is done again.
func TestSMTPOutageStopsTheSequence(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.FailNextData(10, 421) // every attempt of the default ten
	var warns strings.Builder
	// A tick every five minutes, as cron runs it; the ticks before the
	// retry's next attempt (its backoff grows to an hour) find nothing due
	// and are left out, and once the resend has stopped being retried the
	// last tick of the five hours is the one that would resend it.
	db := r.db()
	start, end := day(3), day(3).Add(5*time.Hour)
	for at := start; !at.After(end); {
		code, _, errs := r.run(at, "tick")
		if code != 0 && !strings.Contains(errs, "send") {
			t.Fatalf("tick at %s: exit %d: %s", at, code, errs)
		}
		warns.WriteString(errs)
		queued, err := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxQueued}})
		if err != nil {
			t.Fatal(err)
		}
		next := at.Add(5 * time.Minute)
		switch {
		case len(queued) == 0 && at.Before(end):
			next = end
		case len(queued) == 1 && queued[0].NextAttemptAt.After(next):
			// The first five-minute tick at or after the next attempt.
			next = start.Add((queued[0].NextAttemptAt.Sub(start) + 5*time.Minute - 1) / (5 * time.Minute) * (5 * time.Minute))
		}
		at = next
	}
	lines := r.outbox()
	if r.delivered() != 0 || len(lines) != 1 || lines[0].Status != keepwarm.OutboxFailed || !strings.Contains(lines[0].LastError, "gave up after 10 attempts") {
		t.Fatalf("after the outage: %d delivered, %+v", r.delivered(), lines)
	}
	if !strings.Contains(warns.String(), `"level":"WARN","msg":"send failed"`) ||
		!strings.Contains(warns.String(), `"level":"WARN","msg":"follow-up stopped by a failed send"`) {
		t.Fatalf("no WARN line for the failed step:\n%s", warns.String())
	}
	e := r.enrollments()[0]
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "step 1 could not be sent") {
		t.Fatalf("enrollment after the outage: %s (%s)", e.Status, e.Reason)
	}
	for _, d := range []int{7, 8, 10, 11, 20} {
		r.tick(day(d))
	}
	if lines := r.outbox(); len(lines) != 1 || r.delivered() != 0 {
		t.Fatalf("a later step ran after the failure: %+v", lines)
	}
	if out := r.must(day(11), "tasks", "--all"); strings.Contains(out, "Phone") {
		t.Fatalf("the call task came after a failed step:\n%s", out)
	}
	if out := r.must(day(11), "report", "sequences", "--since", "2026-11-01", "--format", "csv"); !strings.Contains(out, "key-customer,1,0,0,,0,0,0,0,0,1,") {
		t.Fatalf("report sequences does not count it FAILED:\n%s", out)
	}
	digest := r.must(day(11), "digest", "--salesperson", "lily@seller.example")
	if !strings.Contains(digest, "FOLLOW-UPS STOPPED UNTIL SOMEONE ACTS (1)") || !strings.Contains(digest, "could not be sent") {
		t.Fatalf("digest:\n%s", digest)
	}
	// A person fixes the server and resumes: the resend goes out, in the thread.
	r.must(day(11), "resume", "1")
	r.tick(day(11).Add(time.Minute))
	got := r.received()
	if len(got) != 1 || got[0].Header.Get("Subject") != "Re: Quotation LED panels" {
		t.Fatalf("after resume: %d received", len(got))
	}
}

// A 550 at RCPT flags the address as a bounce does and ends the follow-up
// (nothing more goes to the dead address); with another recipient left,
// the step goes to the others.
func TestRefusedAtRCPT(t *testing.T) {
	t.Run("only recipient", func(t *testing.T) {
		r := newSeqRig(t, mailtest.NewMemServer(t), "")
		r.start("A")
		r.smtp.RejectRcpt(hans, 550)
		r.tickGivingUp(day(3))
		e := r.enrollments()[0]
		if e.Status != keepwarm.EnrollBounced || !strings.Contains(e.Reason, "refused") {
			t.Fatalf("enrollment: %s (%s)", e.Status, e.Reason)
		}
		blocked, err := r.db().BlockedAddresses(context.Background(), []string{hans})
		if err != nil || blocked[hans] != "bounced" {
			t.Fatalf("address not flagged: %v %v", blocked, err)
		}
		for _, d := range []int{7, 10, 12} {
			r.tick(day(d))
		}
		if lines := r.outbox(); len(lines) != 1 || lines[0].Status != keepwarm.OutboxFailed {
			t.Fatalf("outbox: %+v", lines)
		}
		if out := r.must(day(12), "tasks", "--all"); strings.Contains(out, "Phone") {
			t.Fatalf("a call task after the bounce:\n%s", out)
		}
	})
	t.Run("one of two", func(t *testing.T) {
		srv := mailtest.NewMemServer(t)
		r := newSeqRig(t, srv, "")
		q := quotation
		q.To = "Hans Meier <" + hans + ">, Eva Buyer <eva@buyer.de>"
		srv.Append(t, mailtest.SMTPUser, "Sent", q.Bytes(), seqDay0)
		r.must(day(0).Add(time.Minute), "sync")
		r.setCustomer("A", "DE")
		r.tick(day(0).Add(2 * time.Minute))
		r.smtp.RejectRcpt(hans, 550)
		r.tickGivingUp(day(3))
		r.tick(day(3).Add(time.Minute))
		e := r.enrollments()[0]
		if e.Status != keepwarm.EnrollActive || len(e.To) != 1 || e.To[0].Email != "eva@buyer.de" {
			t.Fatalf("enrollment not narrowed: %s (%s) %+v", e.Status, e.Reason, e.To)
		}
		msgs := r.smtp.Messages()
		if r.delivered() != 1 || len(msgs[len(msgs)-1].To) != 1 || msgs[len(msgs)-1].To[0] != "eva@buyer.de" {
			t.Fatalf("the step did not go to the recipient left: %+v", msgs)
		}
	})
}
