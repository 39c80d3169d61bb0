package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// digestRig is a configured Main on a manual clock with a real store, and
// a dispatcher that sends through the [notify] account to a real SMTP server.
type digestRig struct {
	t     *testing.T
	ctx   context.Context
	m     *Main
	clock *keepwarm.ManualClock
	smtp  *mailtest.SMTPServer
	disp  *mailsync.Dispatcher
	path  string
	env   map[string]string
	uid   uint32
}

// newDigestRig starts the rig with extra after [notify]; edits, if any,
// rewrite the config file's text first (a key inside a [[salesperson]]).
func newDigestRig(t *testing.T, extra string, edits ...func(string) string) *digestRig {
	t.Helper()
	srv := mailtest.NewMemServer(t) // only for the config's mailbox URLs: nothing syncs
	smtpSrv := mailtest.NewSMTPServer(t)
	path := writeConfig(t, srv, fmt.Sprintf(tomConfig, srv.URL())+fmt.Sprintf(`
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
%s`, smtpSrv.URL().String(), mailtest.SMTPUser, extra))
	if len(edits) > 0 {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(body)
		for _, edit := range edits {
			text = edit(text)
		}
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := &digestRig{t: t, ctx: context.Background(), clock: keepwarm.NewManualClock(t0), smtp: smtpSrv, path: path,
		env: map[string]string{"TEAM_PW": "x", "TOM_PW": "x", "NOTIFY_PW": mailtest.SMTPPassword}}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return r.env[k] })
	m.Clock, m.configPath = r.clock, path
	if err := m.setupClock(""); err != nil {
		t.Fatal(err)
	}
	if err := m.setupLog("error"); err != nil {
		t.Fatal(err)
	}
	if err := m.open(r.ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.close)
	r.m = m
	acct, err := m.app.NotifyAccount(r.ctx)
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mailsync.NewSender([]mailsync.Account{acct}, nil, r.clock, m.log)
	if err != nil {
		t.Fatal(err)
	}
	r.disp = mailsync.NewDispatcher(m.db, sender, r.clock, m.log, mailsync.DispatcherOptions{})
	return r
}

// save stores one message as a copy in mailbox's INBOX (or Sent for outbound).
func (r *digestRig) save(mailbox string, msg keepwarm.Message) int64 {
	r.t.Helper()
	r.uid++
	folder, role := "INBOX", keepwarm.RoleInbox
	if msg.Kind == keepwarm.KindOutbound {
		folder, role = "Sent", keepwarm.RoleSent
	}
	if msg.Key == "" {
		msg.Key = msg.MessageID
	}
	msg.RawHeader = []byte("Message-ID: <" + msg.MessageID + ">\r\n")
	in := keepwarm.Incoming{Message: msg, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder, Role: role,
		UIDValidity: 1, UID: r.uid, InternalDate: msg.Date}}
	st := keepwarm.FolderState{Mailbox: mailbox, Folder: folder, UIDValidity: 1, LastUID: r.uid, SyncedAt: msg.Date}
	res, err := r.m.db.SaveBatch(r.ctx, st, []keepwarm.Incoming{in})
	if err != nil || len(res.NewIDs) != 1 {
		r.t.Fatalf("save %s: %v %+v", msg.MessageID, err, res)
	}
	return res.NewIDs[0]
}

func (r *digestRig) customer(ref string) int64 {
	r.t.Helper()
	c, err := r.m.db.ResolveCustomer(r.ctx, ref)
	if err != nil {
		r.t.Fatal(err)
	}
	return c.ID
}

func (r *digestRig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// tickAt moves the clock, runs the jobs once and the dispatcher once.
func (r *digestRig) tickAt(at time.Time, jobs ...sequences.Job) {
	r.t.Helper()
	r.clock.Set(at)
	r.must(sequences.NewEngine(r.clock, r.m.log, jobs...).Tick(r.ctx))
	_, err := r.disp.RunOnce(r.ctx, r.clock.Now())
	r.must(err)
}

func inboundFrom(id, from, subject string, at time.Time, inReplyTo ...string) keepwarm.Message {
	addr := keepwarm.Address{Email: from}
	domain := from[strings.Index(from, "@")+1:]
	return keepwarm.Message{MessageID: id, From: addr, To: []keepwarm.Address{{Email: "lily@acme-export.com"}},
		Subject: subject, SubjectKey: strings.ToLower(subject), Date: at, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:" + domain, Contacts: []keepwarm.Address{addr}, InReplyTo: inReplyTo, References: inReplyTo}
}

func lilyReply(id, to, subject string, at time.Time, parent string) keepwarm.Message {
	domain := to[strings.Index(to, "@")+1:]
	return keepwarm.Message{MessageID: id, From: keepwarm.Address{Name: "Lily Chen", Email: "lily@acme-export.com"},
		To: []keepwarm.Address{{Email: to}}, Subject: "RE: " + subject, SubjectKey: strings.ToLower(subject), Date: at,
		Kind: keepwarm.KindOutbound, CustomerKey: "domain:" + domain, Contacts: []keepwarm.Address{{Email: to}},
		InReplyTo: []string{parent}, References: []string{parent}}
}

// seedLily gives Lily something in every section but greetings, as of
// Monday 2 November 2026 (t0 is 09:00 in Shanghai).
func (r *digestRig) seedLily() {
	ctx, db, lily := r.ctx, r.m.db, "lily@acme-export.com"
	// Monday: an inquiry answered in 6 minutes, a second one unanswered.
	inq := r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Inquiry LED panels", t0))
	r.save("lily", lilyReply("ans@acme-export.com", "hans@globex.de", "Inquiry LED panels", t0.Add(6*time.Minute), "inq@globex.de"))
	r.save("lily", inboundFrom("samples@globex.de", "hans@globex.de", "Samples please", t0.Add(2*time.Hour)))
	// A bounce for an old Globex address.
	r.save("lily", keepwarm.Message{MessageID: "dsn@mx.globex.de", From: keepwarm.Address{Email: "mailer-daemon@globex.de"},
		Subject: "Undelivered Mail", Date: t0.Add(3 * time.Hour), Kind: keepwarm.KindBounce,
		CustomerKey: "domain:globex.de", BouncedRecipient: "old@globex.de"})
	globex := r.customer("domain:globex.de")
	grade, owner := "A", lily
	r.must(db.SetCustomer(ctx, globex, store.CustomerChange{Grade: &grade, Owner: &owner}, t0.Add(-48*time.Hour), "test"))
	// A pool customer Lily claimed 28 days ago: its deadline is in 2 days.
	r.save("team", inboundFrom("hello@initech.com", "pat@initech.com", "Hello", t0.Add(-40*24*time.Hour)))
	r.save("lily", lilyReply("hi@acme-export.com", "pat@initech.com", "Hello", t0.Add(-40*24*time.Hour+time.Minute), "hello@initech.com"))
	r.must(db.ClaimCustomer(ctx, r.customer("domain:initech.com"), lily, t0.Add(-28*24*time.Hour), r.m.cfg.Book.Rules()))
	// A call task due Tuesday, a sequence that ended Monday without an answer.
	msg, err := db.GetMessage(ctx, inq)
	r.must(err)
	_, err = db.AddTask(ctx, keepwarm.Task{Key: "seq:99:2", CustomerID: globex, ThreadID: msg.ThreadID, Owner: lily,
		Title: "Phone Hans Meier: no answer to two mails", DueAt: t0.Add(24 * time.Hour), CreatedAt: t0})
	r.must(err)
	_, err = db.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: globex, Sequence: "key-customer",
		Status: keepwarm.EnrollCompleted, Step: 3, AnchorID: inq, AnchorAt: t0.Add(-240 * time.Hour),
		ClockAt: t0, DueAt: t0, Mailbox: "lily", Owner: lily, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		CreatedAt: t0.Add(-240 * time.Hour), UpdatedAt: t0.Add(4 * time.Hour)})
	r.must(err)
	// A send from Lily's mailbox that may or may not have gone out.
	_, _, err = db.Enqueue(ctx, keepwarm.OutboxItem{Key: "manual:price-list", MessageID: "kw-price@acme-export.com",
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		Subject: "Price list 2027", Text: "Attached.", Mode: keepwarm.ModeSend, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0})
	r.must(err)
	claimed, err := db.ClaimDueMailbox(ctx, "lily", t0, 1)
	r.must(err)
	r.must(db.MarkUncertain(ctx, claimed[0].ID, "connection lost after DATA"))
	// A chat nudge to Lily the WeCom robot refused.
	nudge, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:1:1:wecom", MessageID: "kw-chat@acme-export.com",
		Mailbox: keepwarm.ChatMailbox("wecom"), From: keepwarm.Address{Email: "keepwarm@acme-export.com"}, To: []keepwarm.Address{{Email: lily}},
		Subject: "Reply due: Hans Meier waiting 5 min — Inquiry LED panels", Mode: keepwarm.ModeSend, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0,
		Origin: sequences.OriginNudge, Chat: &keepwarm.ChatNote{Channel: "wecom", Title: "Reply due: Hans Meier waiting 5 min",
			Customer: "Hans Meier, hans@globex.de", Subject: "Inquiry LED panels", Waiting: "5 min",
			Since: t0.Add(-5 * time.Minute), Name: "Hans Meier", Contact: "hans@globex.de"}})
	r.must(err)
	_, err = db.ClaimItems(ctx, []int64{nudge.ID}, t0)
	r.must(err)
	r.must(db.MarkFailed(ctx, nudge.ID, "channel wecom: refused (errcode 93000: invalid webhook url)"))
	r.must(r.m.measureReplies(ctx))
}

// digests lists the digests meant to be sent (not the dry-run records of
// empty days: see emptyDays).
func (r *digestRig) digests() []keepwarm.OutboxItem {
	r.t.Helper()
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginDigest})
	r.must(err)
	var out []keepwarm.OutboxItem
	for _, it := range items {
		if it.Mode != keepwarm.ModeDryRun {
			out = append(out, it)
		}
	}
	return out
}

// emptyDays lists the records of days whose digest was empty.
func (r *digestRig) emptyDays() []keepwarm.OutboxItem {
	r.t.Helper()
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginDigest})
	r.must(err)
	var out []keepwarm.OutboxItem
	for _, it := range items {
		if it.Mode == keepwarm.ModeDryRun {
			out = append(out, it)
		}
	}
	return out
}

// TestDigestSectionsOncePerWorkday: Lily's digest, seeded through the store
// APIs, goes out at 08:30 her time through the real dispatcher and SMTP,
// with every section that has items and none that has not; repeated ticks
// (and a restarted job) send it once; Tom's, empty, is not sent; Saturday
// gets none.
func TestDigestSectionsOncePerWorkday(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	job := r.m.app.NewDigests(nil, nil)
	tue := t0.Add(24 * time.Hour) // Tuesday 09:00 in Shanghai

	r.tickAt(tue.Add(-time.Hour), job) // 08:00: not yet
	if n := len(r.smtp.Messages()); n != 0 {
		t.Fatalf("%d mails before 08:30", n)
	}
	for _, at := range []time.Duration{-30 * time.Minute, -29 * time.Minute, 0, 3 * time.Hour, 14 * time.Hour} {
		r.tickAt(tue.Add(at), job)
	}
	r.tickAt(tue.Add(15*time.Hour), r.m.app.NewDigests(nil, nil)) // a restart the same day
	mails := r.smtp.Messages()
	if len(mails) != 1 {
		t.Fatalf("%d mails on Tuesday, want Lily's digest once", len(mails))
	}
	if got := strings.Join(mails[0].To, ","); got != "lily@acme-export.com" || mails[0].From != "keepwarm@acme-export.com" {
		t.Fatalf("digest from %s to %s", mails[0].From, got)
	}
	raw := string(mails[0].Raw)
	if !strings.Contains(raw, "Subject: keepwarm digest Tue 3 Nov") || !strings.Contains(raw, "text/html") ||
		!strings.Contains(raw, "text/plain") {
		t.Fatalf("digest mail:\n%s", raw)
	}
	items := r.digests()
	if len(items) != 1 || items[0].Key != "digest:lily@acme-export.com:2026-11-03" || items[0].Status != keepwarm.OutboxSent ||
		items[0].Subject != "keepwarm digest Tue 3 Nov: 1 unanswered, 1 call, 1 review, 1 customer returning to the pool, 1 bounce, 1 send to check, 1 chat nudge not delivered" {
		t.Fatalf("outbox: %+v", items)
	}
	text := items[0].Text
	for _, want := range []string{
		"Good morning Lily",
		"UNANSWERED CUSTOMER MAIL (1)", `globex.de <hans@globex.de>: "Samples please", waiting 21h30m (since Mon 2 Nov 11:00)`,
		"REPLY TIMES SINCE MON 2 NOV", "2 customer email(s), 1 answered, 1 within target (50%), 1 breach(es), median 6m, p90 6m",
		"CALLS DUE (1)", "globex.de: Phone Hans Meier: no answer to two mails (due Tue 3 Nov 09:00)",
		"SEQUENCES ENDED WITHOUT AN ANSWER (1)", "globex.de: key-customer, 3 step(s), ended Mon 2 Nov 13:00",
		"REVIEWS DUE (1)", "A (1): globex.de",
		"RETURNING TO THE POOL SOON (1)", "initech.com: returning in 2 days",
		"BOUNCED ADDRESSES TO FIX (1)", "old@globex.de (globex.de), bounced Mon 2 Nov 12:00",
		"SENDS TO CHECK (1)", `"Price list 2027" to hans@globex.de from mailbox lily`,
		"CHAT NUDGES NOT DELIVERED (1)", "Reply due: Hans Meier waiting 5 min — Inquiry LED panels on wecom: failed (channel wecom: refused (errcode 93000: invalid webhook url))",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "GREETINGS") {
		t.Errorf("the empty greetings section is shown:\n%s", text)
	}
	if h := items[0].HTML; !strings.Contains(h, `<h2 style=`) || !strings.Contains(h, "Samples please") ||
		strings.Contains(h, "<img") || !strings.Contains(h, "viewport") {
		t.Errorf("html:\n%s", h)
	}

	// Saturday and Sunday: nothing, though Lily still has unanswered mail.
	sat := time.Date(2026, 11, 7, 0, 30, 0, 0, time.UTC) // 08:30 in Shanghai
	for _, at := range []time.Time{sat, sat.Add(4 * time.Hour), sat.Add(24 * time.Hour)} {
		r.tickAt(at, job)
	}
	if n := len(r.smtp.Messages()); n != 1 {
		t.Fatalf("%d mails after the weekend, want none on Saturday and Sunday", n)
	}
	// Monday: the next digest, without Tuesday's one-off sections.
	r.tickAt(sat.Add(48*time.Hour), job)
	items = r.digests()
	if len(items) != 2 || items[1].Key != "digest:lily@acme-export.com:2026-11-09" {
		t.Fatalf("Monday's digest: %+v", items)
	}
	for _, gone := range []string{"SEQUENCES ENDED", "REPLY TIMES"} {
		if strings.Contains(items[1].Text, gone) {
			t.Errorf("Monday's digest shows an empty section %q:\n%s", gone, items[1].Text)
		}
	}
	if !strings.Contains(items[1].Text, "UNANSWERED CUSTOMER MAIL (1)") {
		t.Errorf("Monday's digest lost the unanswered mail:\n%s", items[1].Text)
	}
	for _, it := range items {
		if strings.Contains(it.Key, "tom@") {
			t.Fatalf("Tom's empty digest was queued: %+v", it)
		}
	}
	// Tom's empty days are decided once and for good: a record under the
	// day's key (so a later `keepwarm tick` process that day, finding new
	// mail, does not send a digest off its time), skipped, never sent.
	empty := r.emptyDays()
	if len(empty) != 2 || empty[0].Key != "digest:tom@acme-export.com:2026-11-03" || empty[1].Key != "digest:tom@acme-export.com:2026-11-09" {
		t.Fatalf("records of Tom's empty days: %+v", empty)
	}
	for _, it := range empty {
		if it.Status != keepwarm.OutboxSkipped {
			t.Fatalf("an empty day's record is %s, want skipped: %+v", it.Status, it)
		}
	}
	for _, m := range r.smtp.Messages() {
		if strings.Contains(strings.Join(m.To, ","), "tom@") {
			t.Fatalf("mail went to Tom: %s", m.Raw)
		}
	}
}

// TestWeeklySummaryFunnelAndReportSequences: the manager's summary counts
// the funnel of the threads enrolled in the 28 days before its day, goes
// out once per ISO week, and `report sequences --format json` gives the
// same numbers.
func TestWeeklySummaryFunnelAndReportSequences(t *testing.T) {
	r := newDigestRig(t, "")
	mon := time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC) // Monday 08:30 in Shanghai, ISO week 46
	enroll := func(thread int64, seq string, st keepwarm.EnrollmentStatus, step int, created time.Time) {
		t.Helper()
		_, err := r.m.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: thread, CustomerID: thread, Sequence: seq, Status: st,
			Step: step, AnchorID: thread, AnchorAt: created, ClockAt: created, DueAt: created, Owner: "lily@acme-export.com",
			CreatedAt: created, UpdatedAt: created.Add(time.Hour)})
		r.must(err)
	}
	day := mon.Add(-72 * time.Hour)
	for i, e := range []struct {
		seq  string
		st   keepwarm.EnrollmentStatus
		step int
	}{
		{"key-customer", keepwarm.EnrollReplied, 0}, {"key-customer", keepwarm.EnrollReplied, 1},
		{"key-customer", keepwarm.EnrollReplied, 1}, {"key-customer", keepwarm.EnrollCompleted, 3},
		{"key-customer", keepwarm.EnrollBounced, 1}, {"key-customer", keepwarm.EnrollOptedOut, 2},
		{"key-customer", keepwarm.EnrollActive, 1}, {"secondary", keepwarm.EnrollReplied, 2},
		{"secondary", keepwarm.EnrollCompleted, 2},
	} {
		enroll(int64(i+1), e.seq, e.st, e.step, day.Add(-time.Duration(i)*24*time.Hour))
	}
	enroll(50, "key-customer", keepwarm.EnrollReplied, 0, mon.Add(-40*24*time.Hour)) // before the window

	job := r.m.app.NewSummaries(nil)
	sum, err := job.Build(r.ctx, mon)
	r.must(err)
	f := sum.Funnel.Total
	if sum.Key() != "summary:2026-W46" || f.Enrolled != 9 || f.Answered != 4 || f.NoAnswer != 2 || f.Bounced != 1 ||
		f.OptedOut != 1 || f.Running != 1 || fmt.Sprint(f.AnsweredAfter) != "[{0 1} {1 2} {2 1}]" {
		t.Fatalf("summary %s funnel: %+v", sum.Key(), f)
	}
	if len(sum.Funnel.Sequences) != 2 || sum.Funnel.Sequences[1].Sequence != "secondary" || sum.Funnel.Sequences[1].Answered != 1 {
		t.Fatalf("per sequence: %+v", sum.Funnel.Sequences)
	}
	for _, want := range []string{"FOLLOW-UP SEQUENCES", "key-customer answered before any follow-up: 1, after step 1: 2"} {
		if !strings.Contains(sum.Text(), want) {
			t.Errorf("summary lacks %q:\n%s", want, sum.Text())
		}
	}
	for _, at := range []time.Duration{-time.Minute, 0, time.Hour, 48 * time.Hour} {
		r.tickAt(mon.Add(at), job, r.m.app.NewSummaries(nil))
	}
	if mails := r.smtp.Messages(); len(mails) != 1 || strings.Join(mails[0].To, ",") != "boss@acme-export.com" {
		t.Fatalf("summary mails: %d", len(mails))
	}

	c := newCLI(t, r.path, r.env)
	var rep struct {
		Total struct {
			Sequence      string `json:"sequence"`
			Enrolled      int    `json:"enrolled"`
			Running       int    `json:"running"`
			Answered      int    `json:"answered"`
			AnsweredAfter []struct {
				StepsDone int `json:"steps_done"`
				Count     int `json:"count"`
			} `json:"answered_after"`
			NoAnswer   int      `json:"no_answer"`
			Bounced    int      `json:"bounced"`
			OptedOut   int      `json:"opted_out"`
			AnswerRate *float64 `json:"answer_rate"`
		} `json:"total"`
		Sequences []struct {
			Sequence string `json:"sequence"`
			Enrolled int    `json:"enrolled"`
		} `json:"sequences"`
	}
	out := c.mustRun("--now", mon.Format(time.RFC3339), "report", "sequences", "--since", "28d", "--format", "json")
	r.must(json.Unmarshal([]byte(out), &rep))
	tot := rep.Total
	if tot.Sequence != "total" || tot.Enrolled != 9 || tot.Answered != 4 || tot.NoAnswer != 2 || tot.Bounced != 1 ||
		tot.OptedOut != 1 || tot.Running != 1 || len(tot.AnsweredAfter) != 3 || tot.AnsweredAfter[1].StepsDone != 1 ||
		tot.AnsweredAfter[1].Count != 2 || tot.AnswerRate == nil || *tot.AnswerRate != 0.5 || len(rep.Sequences) != 2 {
		t.Fatalf("report sequences json:\n%s", out)
	}
	table := c.mustRun("--now", mon.Format(time.RFC3339), "report", "sequences")
	if !strings.Contains(table, "TOTAL") || !strings.Contains(table, "key-customer") {
		t.Fatalf("table:\n%s", table)
	}
}

// TestDigestCommand: `keepwarm digest` prints every salesperson's digest
// (an empty one says it would not be sent); --send sends Lily's once.
func TestDigestCommand(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	now := t0.Add(24 * time.Hour).Format(time.RFC3339)
	out := c.mustRun("--now", now, "digest")
	if !strings.Contains(out, "To: lily@acme-export.com") || !strings.Contains(out, "UNANSWERED CUSTOMER MAIL (1)") ||
		!strings.Contains(out, "To: tom@acme-export.com") || !strings.Contains(out, "would not be sent") {
		t.Fatalf("digest:\n%s", out)
	}
	if h := c.mustRun("--now", now, "digest", "--salesperson", "lily@acme-export.com", "--format", "html"); !strings.HasPrefix(h, "<!DOCTYPE html>") {
		t.Fatalf("html:\n%s", h)
	}
	for i := 0; i < 2; i++ {
		c.mustRun("--now", now, "digest", "--send")
	}
	if n := len(r.smtp.Messages()); n != 1 {
		t.Fatalf("digest --send twice: %d mails", n)
	}
	if code, _, errs := c.run(context.Background(), "digest", "--salesperson", "nobody@acme-export.com"); code != 2 || !strings.Contains(errs, "not a configured [[salesperson]]") {
		t.Fatalf("unknown salesperson: exit %d %s", code, errs)
	}
}

// TestDigestSkipsPublicHolidays: with [digest] holidays = "DE", Christmas
// Day (a Friday in 2026) gets no digest; the next Monday does.
func TestDigestSkipsPublicHolidays(t *testing.T) {
	r := newDigestRig(t, "[digest]\nholidays = \"DE\"\ntime = \"09:15\"\n")
	r.seedLily()
	job := r.m.app.NewDigests(nil, nil)
	xmas := time.Date(2026, 12, 25, 1, 15, 0, 0, time.UTC) // 09:15 in Shanghai
	r.tickAt(xmas, job)
	r.tickAt(xmas.Add(5*time.Hour), job)
	if n := len(r.smtp.Messages()); n != 0 {
		t.Fatalf("%d digests on Christmas Day", n)
	}
	r.tickAt(xmas.Add(72*time.Hour-time.Minute), job) // Monday 09:14
	r.tickAt(xmas.Add(72*time.Hour), job)
	if items := r.digests(); len(items) != 1 || items[0].Key != "digest:lily@acme-export.com:2026-12-28" {
		t.Fatalf("Monday after Christmas: %+v", items)
	}
}

// TestDigestOnAMakeUpWorkingDay: with [digest] holidays = "CN", Sunday 31
// January 2027 is worked in exchange for the Spring Festival break: the
// team works and gets its digest; the Sunday before does not.
func TestDigestOnAMakeUpWorkingDay(t *testing.T) {
	r := newDigestRig(t, "[digest]\nholidays = \"CN\"\n")
	r.seedLily()
	job := r.m.app.NewDigests(nil, nil)
	r.tickAt(time.Date(2027, 1, 24, 0, 31, 0, 0, time.UTC), job) // Sunday 08:31 in Shanghai
	if items := r.digests(); len(items) != 0 {
		t.Fatalf("a digest on an ordinary Sunday: %+v", items)
	}
	r.tickAt(time.Date(2027, 1, 31, 0, 31, 0, 0, time.UTC), job)
	if items := r.digests(); len(items) != 1 || items[0].Key != "digest:lily@acme-export.com:2027-01-31" {
		t.Fatalf("the make-up working Sunday: %+v", items)
	}
}

// A follow-up step that was not sent because it would have said nothing
// (no product matched) shows in the next digest with why.
func TestDigestSaysWhyAFollowUpWasNotSent(t *testing.T) {
	r := newDigestRig(t, "")
	step := 1
	_, _, err := r.m.db.EnqueueSkipped(r.ctx, keepwarm.OutboxItem{Key: "seq:7:1", MessageID: "a1b2@acme-export.com",
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme-export.com"}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		Subject: "(product-intro: not sent)", Mode: keepwarm.ModeSend, Origin: sequences.OriginSequence,
		Sequence: "key-customer", Step: &step, DueAt: t0, CreatedAt: t0},
		"not sent: no product in the catalog matches the customer's tags or mail")
	r.must(err)
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0.Add(24*time.Hour))
	r.must(err)
	text := d.Text()
	if len(d.NotSent) != 1 || !strings.Contains(text, "FOLLOW-UPS NOT SENT (1)") ||
		!strings.Contains(text, "hans@globex.de, step 2 of key-customer: not sent: no product in the catalog matches") {
		t.Fatalf("digest:\n%s", text)
	}
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxQueued}})
	r.must(err)
	if len(items) != 0 {
		t.Fatalf("a skipped step is queued: %+v", items)
	}
}

// TestDigestNamesCustomersByName: once the book gives globex.de its name,
// every digest line says "Globex GmbH", not the domain its key holds.
func TestDigestNamesCustomersByName(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	csvPath := filepath.Join(t.TempDir(), "book.csv")
	if err := os.WriteFile(csvPath, []byte("Company,Email,Owner\nGlobex GmbH,hans@globex.de,lily@acme-export.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(24 * time.Hour).Format(time.RFC3339)
	c.mustRun("--now", now, "customers", "import", csvPath)
	out := c.mustRun("--now", now, "digest", "--salesperson", "lily@acme-export.com")
	for _, want := range []string{
		`Globex GmbH <hans@globex.de>: "Samples please"`,
		"Globex GmbH: Phone Hans Meier",
		"Globex GmbH: key-customer, 3 step(s)",
		"old@globex.de (Globex GmbH), bounced",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("digest lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "globex.de:") || strings.Contains(out, "globex.de <") {
		t.Errorf("the digest still names Globex by its domain:\n%s", out)
	}
}

// A run reads what every salesperson's digest reads alike once; each digest
// it queues is still the one Build gives for that salesperson alone.
func TestDigestRunSharesItsReads(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	job := r.m.app.NewDigests(nil, nil)
	tue := t0.Add(24 * time.Hour)
	want := map[string]sequences.Digest{}
	for _, p := range job.People() {
		d, err := job.Build(r.ctx, p, tue)
		r.must(err)
		want[p] = d
	}
	r.tickAt(tue, job)
	items := append(r.digests(), r.emptyDays()...)
	if len(items) != len(want) {
		t.Fatalf("%d digests queued for %d salespeople: %+v", len(items), len(want), items)
	}
	nonEmpty := 0
	for _, it := range items {
		var d sequences.Digest
		for p, w := range want {
			if strings.HasPrefix(it.Key, "digest:"+p+":") {
				d = w
			}
		}
		if d.Empty() {
			if it.Mode != keepwarm.ModeDryRun {
				t.Errorf("%s: queued, but Build gives an empty digest", it.Key)
			}
			continue
		}
		nonEmpty++
		if it.Text != d.Text() || it.HTML != d.HTML() || it.Subject != d.Subject() {
			t.Errorf("%s: the run's digest differs from Build's:\nrun:\n%s\nbuild:\n%s", it.Key, it.Text, d.Text())
		}
	}
	if nonEmpty == 0 {
		t.Fatal("no digest had anything in it: the comparison says nothing")
	}
}

// A customer that wrote lately and has no grade is listed among the reviews
// due, to be graded; one that has been quiet for months (a first sync's
// history) is not.
func TestDigestAsksToGradeNewCustomers(t *testing.T) {
	r := newDigestRig(t, "")
	lily := "lily@acme-export.com"
	r.save("lily", inboundFrom("new@umbrella.com", "ann@umbrella.com", "Inquiry: 500 floodlights", t0.Add(-20*time.Hour)))
	r.save("lily", inboundFrom("old@oldco.com", "bo@oldco.com", "Catalog", t0.Add(-60*24*time.Hour)))
	for _, key := range []string{"domain:umbrella.com", "domain:oldco.com"} {
		owner := lily
		r.must(r.m.db.SetCustomer(r.ctx, r.customer(key), store.CustomerChange{Owner: &owner}, t0, "test"))
	}
	job := r.m.app.NewDigests(nil, nil)
	r.tickAt(t0.Add(24*time.Hour-30*time.Minute), job) // Tuesday 08:30 in Shanghai
	items := r.digests()
	if len(items) != 1 {
		t.Fatalf("%d digests", len(items))
	}
	text := items[0].Text
	if !strings.Contains(text, "REVIEWS DUE (1)") || !strings.Contains(text, "no grade yet (1): umbrella.com") ||
		strings.Contains(text, "oldco.com") {
		t.Fatalf("digest:\n%s", text)
	}
}
