package cli

import (
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// gmailRig is the sequences rig with Lily's mailbox at Gmail: All Mail
// holds every message the other folders do, and the drafts.
func gmailRig(t *testing.T) (*seqRig, func(folder string, m mailtest.Msg, flags ...imap.Flag)) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `provider = "gmail"`)
	c := srv.Dial(t, mailtest.SMTPUser)
	if err := c.Create("[Gmail]/All Mail", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	add := func(folder string, m mailtest.Msg, flags ...imap.Flag) {
		t.Helper()
		b := m.Bytes()
		cmd := c.Append(folder, int64(len(b)), &imap.AppendOptions{Flags: flags, Time: m.Date})
		if _, err := cmd.Write(b); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	add("[Gmail]/All Mail", quotation, imap.FlagSeen) // r.start puts it in Sent
	return r, add
}

// TestGmailArchivedAnswerStopsTheSequence: Hans's answer, archived by Lily
// (or filed by a filter that skips the inbox), is in All Mail alone. It
// stops the sequence: no "did you receive my mail?" after the answer.
func TestGmailArchivedAnswerStopsTheSequence(t *testing.T) {
	r, add := gmailRig(t)
	r.start("A")
	add("[Gmail]/All Mail", mailtest.Msg{From: "Hans Meier <" + hans + ">", To: "Lily Chen <" + mailtest.SMTPUser + ">",
		Subject: "Re: Quotation LED panels", MessageID: "a-1@buyer.de", InReplyTo: quotation.MessageID,
		References: []string{quotation.MessageID}, Date: day(2), Body: "Thanks, we order 2000 pcs."}, imap.FlagSeen)
	for d := 2; d <= 12; d++ {
		r.tick(day(d))
	}
	if n := r.delivered(); n != 0 {
		t.Fatalf("%d sent after the archived answer", n)
	}
	if e := r.enrollments(); len(e) != 1 || e[0].Status != keepwarm.EnrollReplied {
		t.Fatalf("enrollments: %+v", e)
	}
}

// TestGmailDraftDoesNotStopTheSequence: Lily's unsent draft in the thread,
// in All Mail flagged \Draft, is no mail to Hans: the resend goes out on
// day 3 as without it.
func TestGmailDraftDoesNotStopTheSequence(t *testing.T) {
	r, add := gmailRig(t)
	r.start("A")
	draft := mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: "Hans Meier <" + hans + ">",
		Subject: "Re: Quotation LED panels", MessageID: "d-1@seller.example", InReplyTo: quotation.MessageID,
		References: []string{quotation.MessageID}, Date: day(1), Body: "Dear Hans, did you"}
	add("Drafts", draft, imap.FlagDraft, imap.FlagSeen)
	add("[Gmail]/All Mail", draft, imap.FlagDraft, imap.FlagSeen)
	r.tick(day(1).Add(time.Hour))
	for range 5 {
		r.tick(day(3))
	}
	if n := r.delivered(); n != 1 {
		t.Fatalf("day 3: %d sent, want the resend", n)
	}
	if e := r.enrollments(); len(e) != 1 || e[0].Status != keepwarm.EnrollActive {
		t.Fatalf("enrollments: %+v", e)
	}
}
