package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// The link drops after DATA on the resend: it is uncertain, and the
// follow-up fails saying to ask the recipient. `keepwarm resume ID` alone
// sends nothing again: it asks whether it arrived. Hans says it did:
// `resume ID --arrived` goes on to the product introduction at its time,
// counted from the resend; the resend is never sent twice, and its copy is
// filed in Sent.
func TestResumeAfterAnUncertainStepAsksWhetherItArrived(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.start("A")
	r.smtp.DropNextData(1)
	r.tickGivingUp(day(3))
	e := r.enrollments()[0]
	id := fmt.Sprint(e.ID)
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again (or stop)") {
		t.Fatalf("after the dropped link: %s (%s)", e.Status, e.Reason)
	}
	lines := r.outbox()
	if len(lines) != 1 || lines[0].Status != keepwarm.OutboxUncertain || r.smtp.DataCount() != 1 {
		t.Fatalf("outbox after the dropped link: %+v, %d DATA", lines, r.smtp.DataCount())
	}
	resend := lines[0].MessageID

	code, _, errs := r.run(day(4), "resume", id)
	want := fmt.Sprintf("step 1 of enrollment %s may have gone out: ask the recipient whether it arrived, then keepwarm resume %s --arrived (it did: go on to the next step) or keepwarm resume %s --resend (it did not: send it again)", id, id, id)
	if code == 0 || !strings.Contains(errs, want) {
		t.Fatalf("plain resume of an uncertain step: exit %d\n%s", code, errs)
	}
	r.tick(day(4).Add(time.Minute))
	if r.smtp.DataCount() != 1 || r.enrollments()[0].Status != keepwarm.EnrollFailed {
		t.Fatalf("the refused resume sent something: %d DATA", r.smtp.DataCount())
	}
	if code, _, errs := r.run(day(4), "resume", id, "--arrived", "--resend"); code != 2 || !strings.Contains(errs, "give --arrived or --resend, not both") {
		t.Fatalf("both answers: exit %d\n%s", code, errs)
	}

	out := r.must(day(4).Add(2*time.Minute), "resume", id, "--arrived")
	if !strings.Contains(out, "active (step 1 arrived, as boss@seller.example learnt from the recipient: the follow-up goes on)") {
		t.Fatalf("resume --arrived said:\n%s", out)
	}
	e = r.enrollments()[0]
	if e.Status != keepwarm.EnrollActive || e.Step != 1 || e.DueAt.Before(day(6)) || e.DueAt.After(day(8)) {
		t.Fatalf("after --arrived: %s step %d due %s (%s)", e.Status, e.Step+1, e.DueAt, e.Reason)
	}
	if lines := r.outbox(); len(lines) != 1 || lines[0].Status != keepwarm.OutboxSent {
		t.Fatalf("the resend after --arrived: %+v", lines)
	}
	if code, _, errs := r.run(day(4), "resume", id, "--arrived"); code == 0 || !strings.Contains(errs, "has no step that may have gone out: nothing to confirm") {
		t.Fatalf("a second --arrived: exit %d\n%s", code, errs)
	}
	for _, d := range []int{5, 6, 7, 8} {
		r.tick(day(d))
	}
	// The product introduction came at its time (and, with no catalog,
	// was recorded as not sent); the resend went out once.
	if lines := r.outbox(); len(lines) != 2 || lines[1].Step == nil || *lines[1].Step != 2 || !lines[1].DueAt.Equal(day(7)) {
		t.Fatalf("outbox: %+v", lines)
	}
	if r.smtp.DataCount() != 1 {
		t.Fatalf("%d DATA: the resend went out again", r.smtp.DataCount())
	}
	filed := false
	for _, raw := range mailtest.Raw(t, srv, mailtest.SMTPUser, "Sent") {
		if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil && strings.Contains(m.Header.Get("Message-ID"), resend) {
			filed = true
		}
	}
	if !filed {
		t.Fatal("the resend that arrived was not filed in Sent")
	}
}

// Hans did not get it: `resume ID --resend` sends the step again.
func TestResumeResendAfterAnUncertainStep(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.DropNextData(1)
	r.tickGivingUp(day(3))
	id := fmt.Sprint(r.enrollments()[0].ID)
	r.must(day(4), "resume", id, "--resend")
	r.tick(day(4).Add(time.Minute))
	if got := r.received(); r.delivered() != 1 || len(got) != 1 || got[0].Header.Get("Subject") != "Re: Quotation LED panels" {
		t.Fatalf("after --resend: %d delivered", r.delivered())
	}
}

// An uncertain send someone dealt with (the desk's "I dealt with it") is
// no longer counted among the sends to check by `keepwarm outbox`: its
// line says when and how it was dealt with, and --json carries both.
func TestOutboxListsAnUncertainSendDealtWithAsSuch(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.start("A")
	r.smtp.DropNextData(1)
	r.tickGivingUp(day(3))
	if out := r.must(day(4), "outbox"); !strings.Contains(out, "1 uncertain send(s)") {
		t.Fatalf("outbox with an uncertain send:\n%s", out)
	}
	id := r.outbox()[0].ID
	if err := r.db().SettleOutbox(context.Background(), id, "Hans got it (phone)", day(4)); err != nil {
		t.Fatal(err)
	}
	out := r.must(day(4), "outbox")
	if strings.Contains(out, "uncertain send(s)") || !strings.Contains(out, "dealt with") || !strings.Contains(out, "Hans got it (phone)") {
		t.Fatalf("outbox after it was dealt with:\n%s", out)
	}
	l := r.outbox()[0]
	if l.Status != keepwarm.OutboxUncertain || l.SettledAt == nil || !l.SettledAt.Equal(day(4)) || l.Settled != "Hans got it (phone)" {
		t.Fatalf("outbox --json after it was dealt with: %+v", l)
	}
}

// Where the server files what it accepted in Sent itself, a send lost after
// DATA is looked for there later, so a tick's pass leaves it neither sent
// nor uncertain: the tick says so rather than printing "uncertain 0" alone.
func TestTickCountsASendToBeLookedForInSent(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "server_saves_sent = true\n")
	r.start("A")
	r.smtp.DropNextData(1)
	out := r.must(day(3), "tick")
	if !strings.Contains(out, "tick: 1 send(s) lost after DATA, to be looked for in Sent by the next tick (sent if there, else uncertain)") {
		t.Fatalf("tick said:\n%s", out)
	}
}
