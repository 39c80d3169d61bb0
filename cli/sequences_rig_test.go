package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// Monday 2 November 2026, 09:06 in Berlin: Lily sends Hans a quotation.
var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	seqDay0   = time.Date(2026, 11, 2, 9, 6, 0, 0, berlin)
	hans      = "hans@buyer.de"
	quotation = mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: "Hans Meier <" + hans + ">",
		Subject: "Quotation LED panels", MessageID: "q-1@seller.example", Date: seqDay0,
		Body: "Dear Hans,\r\nplease find our quotation for 2000 LED panels attached.\r\n"}
)

func day(n int) time.Time { return seqDay0.AddDate(0, 0, n) }

// seqRig is a team of one (Lily, whose mailbox logs in to IMAP and SMTP as
// mailtest.SMTPUser) and a buyer, Hans, whose IMAP INBOX receives whatever
// the SMTP server accepts, so a test reads the follow-up back from it.
type seqRig struct {
	t      *testing.T
	srv    mailtest.Server
	smtp   *mailtest.SMTPServer
	config string
	env    map[string]string
}

func newSeqRig(t *testing.T, srv mailtest.Server, extra string) *seqRig {
	t.Helper()
	srv.AddUser(t, mailtest.SMTPUser, mailtest.SMTPPassword)
	srv.AddUser(t, hans, "hans-pw")
	r := &seqRig{t: t, srv: srv, smtp: mailtest.NewSMTPServer(t), env: map[string]string{"LILY_PW": mailtest.SMTPPassword}}
	r.smtp.OnMessage(mailtest.AppendTo(srv.Dial(t, hans), "INBOX"))
	dir := t.TempDir()
	body := fmt.Sprintf(`
database = "kw.db"
[team]
internal_domains = ["seller.example"]
manager = "boss@seller.example"
time_zone = "Asia/Shanghai"
[[salesperson]]
email = "lily@seller.example"
name = "Lily Chen"
[[mailbox]]
name = "lily"
owner = "lily@seller.example"
url = "%s"
username = "%s"
password_env = "LILY_PW"
smtp_url = "%s"
%s`, srv.URL(), mailtest.SMTPUser, r.smtp.URL(), extra)
	r.config = filepath.Join(dir, "keepwarm.toml")
	if err := os.WriteFile(r.config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

// run runs keepwarm in-process with the clock stopped at at.
func (r *seqRig) run(at time.Time, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb, func(k string) string { return r.env[k] })
	m.Clock = keepwarm.NewManualClock(at)
	code := m.Run(context.Background(), append([]string{"--config", r.config, "--log-level", "warn"}, args...))
	return code, out.String(), errb.String()
}

func (r *seqRig) must(at time.Time, args ...string) string {
	r.t.Helper()
	code, out, errs := r.run(at, args...)
	if code != 0 {
		r.t.Fatalf("keepwarm %v at %s: exit %d\nstdout: %s\nstderr: %s", args, at, code, out, errs)
	}
	return out
}

func (r *seqRig) tick(at time.Time) { r.t.Helper(); r.must(at, "tick") }

// tickGivingUp ticks at at, where the tick marks a mail failed or uncertain
// and so exits gaveUpExit.
func (r *seqRig) tickGivingUp(at time.Time) {
	r.t.Helper()
	if code, out, errs := r.run(at, "tick"); code != gaveUpExit {
		r.t.Fatalf("keepwarm tick at %s: exit %d, want %d\nstdout: %s\nstderr: %s", at, code, gaveUpExit, out, errs)
	}
}

// start stores the quotation in Lily's Sent, syncs, grades the customer and
// gives it a country, then ticks once so the thread is enrolled.
func (r *seqRig) start(grade string) {
	r.t.Helper()
	r.srv.Append(r.t, mailtest.SMTPUser, "Sent", quotation.Bytes(), seqDay0)
	r.must(day(0).Add(time.Minute), "sync")
	r.setCustomer(grade, "DE")
	r.tick(day(0).Add(2 * time.Minute))
}

func (r *seqRig) db() *store.DB {
	r.t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(r.config), "kw.db"), seqDay0)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { db.Close() })
	return db
}

func (r *seqRig) setCustomer(grade, country string) {
	r.t.Helper()
	db := r.db()
	c, err := db.ResolveCustomer(context.Background(), hans)
	if err != nil {
		r.t.Fatal(err)
	}
	if err := db.SetCustomer(context.Background(), c.ID, store.CustomerChange{Grade: &grade, Country: &country}, seqDay0, "test"); err != nil {
		r.t.Fatal(err)
	}
}

// answer puts a message from Hans into Lily's INBOX, arrived at at.
func (r *seqRig) answer(id, subject, body string, at time.Time, extra ...string) {
	m := mailtest.Msg{From: "Hans Meier <" + hans + ">", To: "Lily Chen <" + mailtest.SMTPUser + ">", Subject: subject,
		MessageID: id, InReplyTo: quotation.MessageID, References: []string{quotation.MessageID}, Date: at, Body: body, Extra: extra}
	r.srv.Append(r.t, mailtest.SMTPUser, "INBOX", m.Bytes(), at)
}

// reply puts Lily's answer to Hans's answer (answerID, under the
// quotation's subject) into her Sent, sent at at.
func (r *seqRig) reply(id, answerID, body string, at time.Time) {
	m := mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: "Hans Meier <" + hans + ">",
		Subject: "Re: " + quotation.Subject, MessageID: id, InReplyTo: answerID,
		References: []string{quotation.MessageID, answerID}, Date: at, Body: body}
	r.srv.Append(r.t, mailtest.SMTPUser, "Sent", m.Bytes(), at)
}

// received returns the mail Hans got, parsed.
func (r *seqRig) received() []*mail.Message {
	r.t.Helper()
	var out []*mail.Message
	for _, raw := range mailtest.Raw(r.t, r.srv, hans, "INBOX") {
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			r.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func (r *seqRig) delivered() int {
	n := 0
	for _, m := range r.smtp.Messages() {
		if !m.Dropped {
			n++
		}
	}
	return n
}

func (r *seqRig) outbox() []outboxLine {
	r.t.Helper()
	var lines []outboxLine
	if err := json.Unmarshal([]byte(r.must(day(0), "outbox", "--json")), &lines); err != nil {
		r.t.Fatal(err)
	}
	return lines
}

func (r *seqRig) enrollments() []keepwarm.Enrollment {
	r.t.Helper()
	var list []keepwarm.Enrollment
	if err := json.Unmarshal([]byte(r.must(day(0), "enrollments", "--customer", hans, "--json")), &list); err != nil {
		r.t.Fatal(err)
	}
	return list
}

// newLetterRig is newSeqRig with [greetings] letters_dir set and these
// monthly letter templates in it, by file name ("2026-12.tmpl").
func newLetterRig(t *testing.T, srv mailtest.Server, letters map[string]string) *seqRig {
	t.Helper()
	r := newSeqRig(t, srv, "[greetings]\nletters_dir = \"letters\"\n")
	dir := filepath.Join(filepath.Dir(r.config), "letters")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range letters {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// letterSendAt is the time `greetings plan --month month --json`, run at
// at, gives the letter to email. A letter goes at the window's start plus a
// spread taken from its key, anywhere up to the window's last minute: a
// test that says no tick sent it must tick after this time, not at hours
// that happen to follow today's hash.
func (r *seqRig) letterSendAt(at time.Time, month, email string) time.Time {
	r.t.Helper()
	out := r.must(at, "greetings", "plan", "--month", month, "--json")
	var plan sequences.Plan
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		r.t.Fatalf("%v\n%s", err, out)
	}
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter && it.To.Email == email && it.Status != sequences.PlanSkip {
			return it.SendAt
		}
	}
	r.t.Fatalf("no %s letter planned for %s:\n%s", month, email, out)
	return time.Time{}
}

// ticksAround are the ticks of sendAt's day (in Berlin) at 30 seconds past
// each of hours, and 30 seconds after sendAt, in order.
func ticksAround(sendAt time.Time, hours ...int) []time.Time {
	y, m, d := sendAt.In(berlin).Date()
	out := []time.Time{sendAt.Add(30 * time.Second)}
	for _, h := range hours {
		out = append(out, time.Date(y, m, d, h, 0, 30, 0, berlin))
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.Compact(out)
}
