package cli

import (
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// One mailbox whose password cannot be read (its secrets line removed
// before its [[mailbox]]) fails its own part of a tick, named, and the
// tick exits 1; the rest of the tick runs, as in keepwarm run: the other
// mailboxes sync, and the follow-up due is queued and held by the last look
// (an answer in the unreadable mailbox cannot be seen), saying why.
func TestTickGoesOnWithoutAMailboxWhosePasswordIsUnreadable(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "ana@seller.example", "ana-pw")
	r := newSeqRig(t, srv, `
[[salesperson]]
email = "ana@seller.example"
name = "Ana Ruiz"
[[mailbox]]
name = "ana"
owner = "ana@seller.example"
url = "`+srv.URL().String()+`"
username = "ana@seller.example"
password_env = "ANA_PW"
`)
	r.env["ANA_PW"] = "ana-pw"
	r.start("A")
	delete(r.env, "ANA_PW")
	other := mailtest.Msg{From: "Mario Rossi <mario@importer.it>", To: "Lily Chen <" + mailtest.SMTPUser + ">", Subject: "Catalogue",
		MessageID: "cat-1@importer.it", Date: day(2), Body: "Please send your catalogue.\r\n"}
	srv.Append(t, mailtest.SMTPUser, "INBOX", other.Bytes(), day(2))
	code, out, errs := r.run(day(3), "tick")
	if code != 1 || !strings.Contains(errs, `"ana"`) || !strings.Contains(errs, "ANA_PW") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if !strings.Contains(out, "tick: 1 new message(s)") {
		t.Fatalf("lily's mailbox not synced: %s", out)
	}
	if lines := r.outbox(); len(lines) != 1 || !strings.Contains(lines[0].LastError, "mailbox ana") || r.delivered() != 0 {
		t.Fatalf("the follow-up due: %+v, %d sent", lines, r.delivered())
	}
}

// A [notify] password that cannot be read holds the mail from [notify],
// not the tick: the mailbox syncs and its sends go, and the tick exits 1
// naming [notify], so cron's monitor hears of it.
func TestTickGoesOnWithNotifyPasswordUnreadable(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[notify]
smtp_url = "`+mailtest.NewSMTPServer(t).URL().String()+`"
username = "`+mailtest.SMTPUser+`"
password_env = "NOTIFY_PW"
from = "keepwarm@seller.example"
`)
	other := mailtest.Msg{From: "Mario Rossi <mario@importer.it>", To: "Lily Chen <" + mailtest.SMTPUser + ">", Subject: "Catalogue",
		MessageID: "cat-1@importer.it", Date: day(2), Body: "Please send your catalogue.\r\n"}
	srv.Append(t, mailtest.SMTPUser, "INBOX", other.Bytes(), day(2))
	code, out, errs := r.run(day(3), "tick")
	if code != 1 || !strings.Contains(errs, "[notify] cannot be used as configured") || !strings.Contains(errs, "NOTIFY_PW") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if !strings.Contains(out, "tick: 1 new message(s)") {
		t.Fatalf("lily's mailbox not synced: %s", out)
	}
}
