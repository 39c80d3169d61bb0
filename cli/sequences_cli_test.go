package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

func TestQuotationNeverAnsweredFollowsTheSequence(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "")
		r.start("A")
		catalog := filepath.Join(t.TempDir(), "products.csv")
		os.WriteFile(catalog, []byte("name,tags,pitch\nLED panel 60x60,led panel,\"40 W, 4000 lm\"\nSolar lamp,solar,All night\n"), 0o600)
		r.must(day(0), "products", "import", catalog)
		if e := r.enrollments(); len(e) != 1 || e[0].Status != keepwarm.EnrollActive || e[0].Sequence != "key-customer" {
			t.Fatalf("enrollments: %+v", e)
		}
		r.tick(day(1))
		r.tick(day(2))
		r.tick(day(3).Add(-time.Minute)) // Thursday 09:05: not yet
		if n := r.delivered(); n != 0 {
			t.Fatalf("%d sent before day 3", n)
		}
		// Day 3, inside Hans's 09:00-17:00: the resend, in the same thread.
		for range 5 {
			r.tick(day(3))
		}
		got := r.received()
		if len(got) != 1 || r.delivered() != 1 {
			t.Fatalf("day 3: Hans got %d, SMTP %d", len(got), r.delivered())
		}
		h := got[0].Header
		if h.Get("In-Reply-To") != "<q-1@seller.example>" || !strings.Contains(h.Get("References"), "<q-1@seller.example>") ||
			h.Get("Subject") != "Re: Quotation LED panels" || !strings.Contains(h.Get("From"), mailtest.SMTPUser) {
			t.Fatalf("resend headers: %v", h)
		}
		date, _ := h.Date()
		if local := date.In(berlin); local.Hour() < 9 || local.Hour() >= 17 || local.Weekday() != time.Thursday {
			t.Fatalf("sent at %s Berlin time", local)
		}
		if sent := mailtest.Raw(t, srv, mailtest.SMTPUser, "Sent"); len(sent) != 2 {
			t.Fatalf("Lily's Sent holds %d messages, want the quotation and the resend", len(sent))
		}
		for d := 4; d <= 6; d++ {
			r.tick(day(d))
		}
		if r.delivered() != 1 {
			t.Fatal("a step before day 7")
		}
		r.tick(day(7))
		got = r.received()
		if len(got) != 2 || got[1].Header.Get("In-Reply-To") != "" || got[1].Header.Get("Subject") != "LED panel 60x60" {
			t.Fatalf("day 7: %d messages, %v", len(got), got[len(got)-1].Header)
		}
		r.tick(day(9))
		if out := r.must(day(9), "tasks"); strings.Contains(out, "Phone") {
			t.Fatalf("task before day 10: %s", out)
		}
		r.tick(day(10))
		if out := r.must(day(10), "tasks"); !strings.Contains(out, "Phone the customer") || !strings.Contains(out, "Lily Chen") {
			t.Fatalf("day 10 tasks: %s", out)
		}
		// Lily phones and notes why the buyer went quiet and what he said:
		// kept on the task and in the customer's notes, and counted in the
		// manager's report and weekly summary.
		if code, _, errs := r.run(day(10), "tasks", "done", "1", "--reason", "holiday"); code == 0 || !strings.Contains(errs, "pending (project still pending)") {
			t.Fatalf("an unknown reason: exit %d, %s", code, errs)
		}
		// Closed under a --now weeks ahead, the call would end the
		// follow-up today: refused, the task left open.
		before := r.enrollments()[0]
		if code, _, errs := r.run(day(10), "--now", day(30).Format(time.RFC3339), "tasks", "done", "1", "--reason", "pending"); code != 2 ||
			!strings.Contains(errs, "tasks done would close the call then") {
			t.Fatalf("tasks done under a far --now: exit %d, %s", code, errs)
		}
		if out := r.must(day(10), "tasks"); !strings.Contains(out, "Phone the customer") {
			t.Fatalf("the refused tasks done closed the task: %s", out)
		}
		if e := r.enrollments(); e[0].Status != before.Status || e[0].Reason != before.Reason {
			t.Fatalf("the refused tasks done ended the follow-up: %+v", e)
		}
		r.must(day(10), "tasks", "done", "1", "--reason", "pending", "--note", "postponed to March")
		if out := r.must(day(10), "tasks", "--all"); !strings.Contains(out, "project still pending: postponed to March (Phone the customer") {
			t.Fatalf("tasks after the call: %s", out)
		}
		if out := r.must(day(10), "customers", "show", "buyer.de"); !strings.Contains(out, "call: project still pending: postponed to March") {
			t.Fatalf("the customer's notes: %s", out)
		}
		// At the same instant: the call closed a moment ago is in the report.
		if out := r.must(day(10), "report", "quiet"); !regexp.MustCompile(`project still pending\s+1\s+Lily Chen 1`).MatchString(out) ||
			!strings.Contains(out, "buyer.de") {
			t.Fatalf("report quiet: %s", out)
		}
		var quiet sequences.QuietReport
		if err := json.Unmarshal([]byte(r.must(day(10).Add(time.Minute), "report", "quiet", "--format", "json")), &quiet); err != nil {
			t.Fatal(err)
		}
		if len(quiet.Reasons) != 1 || quiet.Reasons[0].Reason != keepwarm.QuietPending || quiet.Reasons[0].By["lily@seller.example"] != 1 ||
			len(quiet.Calls) != 1 || quiet.Calls[0].Outcome != "postponed to March" {
			t.Fatalf("report quiet --format json: %+v", quiet)
		}
		if out := r.must(day(41), "report", "quiet"); !strings.Contains(out, "No calls were closed then") {
			t.Fatalf("report quiet 31 days later: %s", out)
		}
		// The key-customer sequence has no step after the call (day 10):
		// the next day ends it, and a month on nothing more has gone.
		for _, d := range []int{11, 14, 40} {
			r.tick(day(d))
		}
		if r.delivered() != 2 || len(r.received()) != 2 {
			t.Fatalf("after the sequence: %d sent", r.delivered())
		}
		lines := r.outbox()
		if len(lines) != 2 || lines[0].Status != keepwarm.OutboxSent || lines[0].Sequence != "key-customer" ||
			lines[0].Step == nil || *lines[0].Step != 1 || lines[0].Customer != "domain:buyer.de" || lines[0].Thread == nil ||
			lines[0].Action != "email" || lines[0].MessageID == "" || lines[1].Status != keepwarm.OutboxSent {
			t.Fatalf("outbox: %+v", lines)
		}
		if e := r.enrollments(); e[0].Status != keepwarm.EnrollCompleted {
			t.Fatalf("enrollment: %+v", e)
		}
	})
}

func TestAnswersStopTheSequence(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		t.Run("answer on day 2", func(t *testing.T) {
			r := newSeqRig(t, srv, "")
			r.start("A")
			r.answer("a-1@buyer.de", "Re: Quotation LED panels", "Thanks, we are checking with our client.", day(2))
			// The days the steps fall due (resend 3, introduction 7,
			// call 10) and the days around them.
			for _, d := range []int{2, 3, 4, 7, 10, 12} {
				r.tick(day(d))
			}
			if r.delivered() != 0 {
				t.Fatalf("%d sent after the answer", r.delivered())
			}
			if e := r.enrollments(); e[0].Status != keepwarm.EnrollReplied {
				t.Fatalf("%+v", e)
			}
		})
	})
}

// Two ForEachServer calls in one test make subtests named "memserver#01",
// and store's SQLite DSN cuts a path at '#': each scenario has its own test.
func TestAnswerOneSecondBeforeTheDueSend(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "")
		r.start("B")
		r.answer("a-2@buyer.de", "Re: Quotation LED panels", "Received, thank you.", day(3).Add(-time.Second))
		r.tick(day(3))
		if r.delivered() != 0 || r.enrollments()[0].Status != keepwarm.EnrollReplied {
			t.Fatalf("answer one second before: %d sent", r.delivered())
		}
	})
}

// TestAnswerBetweenQueueingAndSending drives the daemon's parts directly:
// the engine queues the resend at its due instant, Hans's answer lands one
// second before it, and the dispatcher's last look (sync, then the stop
// rules) skips the send.
func TestAnswerBetweenQueueingAndSending(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "")
		r.start("A")
		due := day(3)
		m, engine, disp := openSeqMain(t, r, keepwarm.NewManualClock(due))
		defer m.close()
		ctx := context.Background()
		if err := engine.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if lines := r.outbox(); len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued {
			t.Fatalf("queued: %+v", lines)
		}
		r.answer("a-3@buyer.de", "Re: Quotation LED panels", "Yes, got it.", due.Add(-time.Second))
		res, err := disp.RunOnce(ctx, due)
		if err != nil || res.Sent != 0 || res.Skipped != 1 || r.delivered() != 0 {
			t.Fatalf("run: %+v %v, %d delivered", res, err, r.delivered())
		}
		if lines := r.outbox(); lines[0].Status != keepwarm.OutboxSkipped || !strings.Contains(lines[0].LastError, "replied") {
			t.Fatalf("skipped: %+v", lines)
		}
	})
}

func TestOutOfOfficePausesThenResumes(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "")
		r.start("A")
		r.answer("ooo-1@buyer.de", "Out of Office: Quotation LED panels",
			"I am out of the office until 9 November 2026 with limited access to email.", day(1),
			"Auto-Submitted: auto-replied")
		r.tick(day(1).Add(time.Minute))
		e := r.enrollments()[0]
		if e.Status != keepwarm.EnrollPaused || e.PausedUntil.IsZero() {
			t.Fatalf("not paused: %+v", e)
		}
		r.tick(day(3))
		r.tick(day(5))
		if r.delivered() != 0 {
			t.Fatal("sent while Hans was away")
		}
		r.tick(day(7).Add(time.Hour)) // Monday 9 November 10:06
		if r.delivered() != 1 {
			t.Fatalf("not resumed: %d sent, %+v", r.delivered(), r.enrollments()[0])
		}
		if st := r.enrollments()[0].Status; st != keepwarm.EnrollActive {
			t.Fatalf("after the pause: %s", st)
		}
	})
}

func TestBounceStopsAndFlagsTheAddress(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "")
		r.start("A")
		dsn := mailtest.Msg{From: "Mail Delivery System <MAILER-DAEMON@mx.buyer.de>", To: mailtest.SMTPUser,
			Subject: "Undelivered Mail Returned to Sender", MessageID: "dsn-1@mx.buyer.de", Date: day(0).Add(time.Hour),
			Extra: []string{"Return-Path: <>"},
			Body:  "This is the mail system at host mx.buyer.de.\r\n\r\n<" + hans + ">: host mx.buyer.de said: 550 5.1.1 User unknown\r\n"}
		srv.Append(t, mailtest.SMTPUser, "INBOX", dsn.Bytes(), dsn.Date)
		r.tick(day(3))
		if r.delivered() != 0 {
			t.Fatal("sent to a bounced address")
		}
		e := r.enrollments()[0]
		if e.Status != keepwarm.EnrollBounced {
			t.Fatalf("%+v", e)
		}
		blocked, err := r.db().BlockedAddresses(context.Background(), []string{hans})
		if err != nil || blocked[hans] != "bounced" {
			t.Fatalf("address not flagged: %v %v", blocked, err)
		}
	})
}

func TestSMTPFailures(t *testing.T) {
	t.Run("451 then 250", func(t *testing.T) {
		r := newSeqRig(t, mailtest.NewMemServer(t), "")
		r.start("A")
		r.smtp.FailNextData(1, 451)
		r.tick(day(3))
		if r.delivered() != 0 || r.outbox()[0].Status != keepwarm.OutboxQueued {
			t.Fatalf("after 451: %+v", r.outbox())
		}
		r.tick(day(3).Add(2 * time.Minute))
		r.tick(day(3).Add(4 * time.Minute))
		if r.delivered() != 1 || len(r.received()) != 1 || r.outbox()[0].Status != keepwarm.OutboxSent {
			t.Fatalf("after retry: %d delivered, %+v", r.delivered(), r.outbox())
		}
	})
	t.Run("550", func(t *testing.T) {
		r := newSeqRig(t, mailtest.NewMemServer(t), "")
		r.start("A")
		r.smtp.RejectRcpt(hans, 550)
		if code, _, _ := r.run(day(3), "tick"); code != gaveUpExit {
			t.Fatalf("the tick that failed the step: exit %d", code)
		}
		r.tick(day(3).Add(time.Hour))
		lines := r.outbox()
		if r.delivered() != 0 || len(lines) != 1 || lines[0].Status != keepwarm.OutboxFailed || !strings.Contains(lines[0].LastError, "550") {
			t.Fatalf("550: %+v", lines)
		}
		if out := r.must(day(3), "outbox"); !strings.Contains(out, "failed") {
			t.Fatalf("not reported: %s", out)
		}
	})
}

// TestARetryNeverReachesTheCustomerAtNight: the server refuses the resend
// for now at 09:06 Berlin, and keepwarm next runs at 17:30, after Hans's
// send window (09:00-17:00). The retry is held, saying why, until the
// window opens on his next working day, and goes then.
func TestARetryNeverReachesTheCustomerAtNight(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.FailNextData(1, 451)
	r.tick(day(3))
	if r.delivered() != 0 || r.outbox()[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("after 451: %+v", r.outbox())
	}
	evening := time.Date(2026, 11, 5, 17, 30, 0, 0, berlin)
	for _, at := range []time.Time{evening, evening.Add(4 * time.Hour), evening.Add(8 * time.Hour)} {
		r.tick(at)
		if n := r.delivered(); n != 0 {
			t.Fatalf("sent at %s Berlin time", at.In(berlin).Format("Mon 15:04"))
		}
	}
	line := r.outbox()[0]
	if line.Status != keepwarm.OutboxQueued || line.Attempts != 1 ||
		!strings.Contains(line.LastError, "outside the customer's send window (09:00-17:00 Europe/Berlin): it goes Fri 6 Nov 09:00 their time") {
		t.Fatalf("held: %+v", line)
	}
	r.tick(time.Date(2026, 11, 6, 8, 59, 0, 0, berlin))
	if r.delivered() != 0 {
		t.Fatal("sent before the window opened")
	}
	r.tick(time.Date(2026, 11, 6, 9, 0, 30, 0, berlin))
	got := r.received()
	if r.delivered() != 1 || len(got) != 1 || got[0].Header.Get("Subject") != "Re: Quotation LED panels" {
		t.Fatalf("at the window's opening: %d delivered", r.delivered())
	}
	if d, err := got[0].Header.Date(); err != nil || d.In(berlin).Hour() != 9 {
		t.Fatalf("Date %v (%v)", d, err)
	}
}

func TestDraftModeFilesInDraftsAndSendsNothing(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "\n[sequences]\nmode = \"draft\"\n")
		r.start("A")
		r.tick(day(3))
		drafts := mailtest.Raw(t, srv, mailtest.SMTPUser, "Drafts")
		if r.smtp.DataCount() != 0 || len(drafts) != 1 || !strings.Contains(string(drafts[0]), "Re: Quotation LED panels") {
			t.Fatalf("draft mode: %d SMTP, %d drafts", r.smtp.DataCount(), len(drafts))
		}
		for _, flags := range mailtest.Flags(t, srv, mailtest.SMTPUser, "Drafts") {
			if !slices.Contains(flags, imap.FlagDraft) {
				t.Fatalf("draft without \\Draft: %v", flags)
			}
		}
		if r.outbox()[0].Status != keepwarm.OutboxDrafted {
			t.Fatalf("%+v", r.outbox())
		}
	})
}

func TestSequencesCheckNamesTheMissingField(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tmpl := t.TempDir()
	seqs := t.TempDir()
	os.WriteFile(filepath.Join(tmpl, "resend.tmpl"), []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nhello {{.Contact.Nmae}}\n"), 0o600)
	os.WriteFile(filepath.Join(seqs, "vip.toml"), []byte("name = \"vip\"\ntags = [\"vip\"]\n[[step]]\nafter = \"2d\"\naction = \"emial\"\n"), 0o600)
	r := newSeqRig(t, srv, "\n[sequences]\ntemplates_dir = \""+tmpl+"\"\ndir = \""+seqs+"\"\n")
	code, out, errs := r.run(day(0), "sequences", "check")
	if code != 1 || !strings.Contains(out, "resend.tmpl:5") || !strings.Contains(out, ".Contact.Nmae") ||
		!strings.Contains(out, "vip.toml:5") || !strings.Contains(out, "step[0].action") {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
	// Exit 1 has its reason on standard error, for a script that drops stdout.
	if !strings.Contains(errs, "keepwarm: sequences check: 2 problem(s): see the FAIL lines on standard output") {
		t.Fatalf("check's standard error: %q", errs)
	}
	// A follow-up never runs on a broken template.
	if code, _, errs := r.run(day(0), "tick"); code == 0 || !strings.Contains(errs, "sequences check") {
		t.Fatalf("tick with a broken template: exit %d %s", code, errs)
	}
	os.Remove(filepath.Join(tmpl, "resend.tmpl"))
	os.Remove(filepath.Join(seqs, "vip.toml"))
	if out := r.must(day(0), "sequences", "check"); !strings.Contains(out, "ok") {
		t.Fatal(out)
	}
	if out := r.must(day(0), "sequences", "list"); !strings.Contains(out, "key-customer") || !strings.Contains(out, "+3d resend (in thread)") {
		t.Fatal(out)
	}
	if out := r.must(day(0), "sequences", "show", "secondary"); !strings.Contains(out, "after 15d") {
		t.Fatal(out)
	}
}

func TestPreviewAndManualCommands(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	out := r.must(day(1), "preview", "resend", "--customer", hans)
	if !strings.Contains(out, "Subject: Re: Quotation LED panels") || !strings.Contains(out, "Dear Hans") || !strings.Contains(out, "To: "+hans) {
		t.Fatalf("preview: %s", out)
	}
	var list []keepwarm.Enrollment
	json.Unmarshal([]byte(r.must(day(1), "enrollments", "--json")), &list)
	id := strconv.FormatInt(list[0].ID, 10)
	if out := r.must(day(1), "pause", id); !strings.Contains(out, "paused") {
		t.Fatal(out)
	}
	r.tick(day(3))
	if r.delivered() != 0 {
		t.Fatal("sent while paused by a person")
	}
	r.must(day(3), "resume", id)
	r.tick(day(3).Add(time.Minute))
	if r.delivered() != 1 {
		t.Fatal("not sent after resume")
	}
	r.must(day(4), "stop", id, "--yes")
	r.tick(day(8))
	if r.delivered() != 1 {
		t.Fatal("sent after stop")
	}
	if code, _, errs := r.run(day(8), "resume", id); code == 0 || !strings.Contains(errs, "stopped") {
		t.Fatalf("resume a stopped enrollment: %d %s", code, errs)
	}
}

// `sequences check` warns of a template whose words say a file is
// attached: keepwarm attaches none, and the customer would look for it.
func TestSequencesCheckWarnsOfAnAttachmentClaim(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tmpl := t.TempDir()
	os.WriteFile(filepath.Join(tmpl, "resend.es.tmpl"), []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nle envío adjunto nuestro catálogo.\n"), 0o600)
	r := newSeqRig(t, srv, "\n[sequences]\ntemplates_dir = \""+tmpl+"\"\n")
	out := r.must(day(0), "sequences", "check")
	if !strings.Contains(out, `WARN  resend.es.tmpl (text): says "adjunto", but keepwarm attaches no file`) || strings.Contains(out, "WARN  resend.tmpl") {
		t.Fatalf("check:\n%s", out)
	}
}

// `sequences check` warns where an introduction can go out empty (a
// manager's template listing the products in a bare {{range}} after the
// words leading to it) or is never sent (an empty catalog), and the
// warnings go once the causes do. A list wholly inside {{if .Products}}
// is the manager's choice of what the mail says without products and is
// not warned of.
func TestSequencesCheckWarnsWhereAnIntroCanBeEmpty(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tmpl := t.TempDir()
	os.WriteFile(filepath.Join(tmpl, "product-intro.fr.tmpl"), []byte("subject: Nos produits\n--- text\n{{.Contact.Salutation}},\n\nvoici ce que nous pouvons offrir :\n{{range .Products}}- {{.Name}}\n{{end}}\n"), 0o600)
	r := newSeqRig(t, srv, "\n[sequences]\ntemplates_dir = \""+tmpl+"\"\n")
	out := r.must(day(0), "sequences", "check")
	if !strings.Contains(out, "WARN  product-intro.fr.tmpl: field .Products: renders with Products empty") ||
		!strings.Contains(out, "WARN  sequence key-customer step 2 (product-intro): the product catalog is empty") ||
		strings.Contains(out, "WARN  product-intro.tmpl") {
		t.Fatalf("check:\n%s", out)
	}
	os.WriteFile(filepath.Join(tmpl, "product-intro.fr.tmpl"), []byte("subject: Nos produits\n--- text\n{{.Contact.Salutation}},\n\nmerci de votre visite.{{if .Products}} Voici nos nouveautés :\n{{range .Products}}- {{.Name}}\n{{end}}{{end}}\n"), 0o600)
	if out := r.must(day(0), "sequences", "check"); strings.Contains(out, "product-intro.fr.tmpl") {
		t.Fatalf("a list wholly inside {{if .Products}} warned of:\n%s", out)
	}
	os.WriteFile(filepath.Join(tmpl, "product-intro.fr.tmpl"), []byte("subject: Nos produits\nrequires: Products\n--- text\n{{.Contact.Salutation}},\n\nvoici : {{join .Products \", \"}}.\n"), 0o600)
	csv := filepath.Join(tmpl, "products.csv")
	os.WriteFile(csv, []byte("name,tags\nLED panel,led\n"), 0o600)
	r.must(day(0), "products", "import", csv)
	if out := r.must(day(0), "sequences", "check"); strings.Contains(out, "WARN") {
		t.Fatalf("warnings left:\n%s", out)
	}
}

// A customer no product of the catalog matches gets no introduction: the
// step is skipped with why in the outbox, Hans receives only the resend,
// the sequence goes on to its call task, and Lily's digest says why.
func TestIntroWithoutMatchingProductIsNotSentAndTheDigestSaysWhy(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	catalog := filepath.Join(t.TempDir(), "products.csv")
	os.WriteFile(catalog, []byte("name,tags,pitch\nSolar lamp,solar,All night\nOffice chair,furniture,Ergonomic\n"), 0o600)
	r.must(day(0), "products", "import", catalog)
	for d := 1; d <= 10; d++ {
		r.tick(day(d))
	}
	if got := r.received(); len(got) != 1 || got[0].Header.Get("Subject") != "Re: Quotation LED panels" {
		t.Fatalf("Hans received %d mails, want only the resend", len(got))
	}
	var skipped *outboxLine
	for _, l := range r.outbox() {
		if l.Status == keepwarm.OutboxSkipped {
			skipped = &l
		}
	}
	if skipped == nil || !strings.Contains(skipped.LastError, "no product in the catalog matches") {
		t.Fatalf("outbox: %+v", r.outbox())
	}
	if out := r.must(day(10), "tasks"); !strings.Contains(out, "Phone the customer") {
		t.Fatalf("the sequence did not go on to its call task: %s", out)
	}
	out := r.must(day(8), "digest", "--salesperson", "lily@seller.example")
	if !strings.Contains(out, "FOLLOW-UPS NOT SENT (1)") || !strings.Contains(out, "hans@buyer.de, step 2 of key-customer: not sent: no product in the catalog matches") {
		t.Fatalf("digest:\n%s", out)
	}
}

// christmasRig is a rig whose greetings job greets Christmas on the day,
// with Hans (who wrote back) Lily's customer; lily is her address.
func christmasRig(t *testing.T) (r *seqRig, lily string) {
	t.Helper()
	r = newSeqRig(t, mailtest.NewMemServer(t), `[greetings]
occasions = ["christmas"]
on_the_day = ["christmas"]
only_contacts_who_wrote = false
`)
	r.start("A")
	r.answer("a-1@buyer.de", "Re: Quotation LED panels", "Thank you, we will check.", day(1))
	r.must(day(1), "sync")
	db := r.db()
	c, err := db.ResolveCustomer(context.Background(), hans)
	if err != nil {
		t.Fatal(err)
	}
	lily = "lily@seller.example"
	if err := db.SetCustomer(context.Background(), c.ID, store.CustomerChange{Owner: &lily}, day(1), "test"); err != nil {
		t.Fatal(err)
	}
	return r, lily
}

// christmasDay ticks Christmas Day in Berlin hourly at the hours that
// tell (before the morning's window, each hour of it, around the day's
// window end at 17:00, and the day's last) and returns the Christmas
// greeting's outbox line; none was delivered.
func (r *seqRig) christmasDay() outboxLine {
	r.t.Helper()
	for _, h := range []int{0, 8, 9, 10, 11, 12, 16, 17, 18, 23} {
		r.tick(time.Date(2026, 12, 25, h, 0, 30, 0, berlin))
	}
	if r.delivered() != 0 {
		r.t.Fatal("delivered")
	}
	for _, l := range r.outbox() {
		if strings.HasPrefix(l.Subject, "Merry Christmas") {
			return l
		}
	}
	r.t.Fatalf("no greeting queued: %+v", r.outbox())
	return outboxLine{}
}

// TestRunDropsAGreetingItsDayLeftBehind: `keepwarm tick` gives a greeting
// the greetings job's last look before it goes. Lily's server refuses Hans's
// Christmas greeting for now from his morning on; at 17:00 Berlin his day's
// window ends, and the next try drops it instead of greeting him at night.
// (Hans writes back first: greetings go to contacts who wrote.)
func TestRunDropsAGreetingItsDayLeftBehind(t *testing.T) {
	r, _ := christmasRig(t)
	r.smtp.FailNextData(100, 451)
	greeting := r.christmasDay()
	if greeting.Status != keepwarm.OutboxSkipped || greeting.Attempts < 1 ||
		!strings.Contains(greeting.LastError, "the greeting's day ended in the customer's time (Fri 25 Dec 17:00, Europe/Berlin)") {
		t.Fatalf("the greeting: %+v", greeting)
	}
}

// A greeting in the name of a salesperson on leave is not sent: Lily is
// away over Christmas (entered on the desk), so `keepwarm tick` drops her
// customer's Christmas greeting and says why.
func TestTickSendsNoGreetingInTheNameOfSomeoneAway(t *testing.T) {
	r, lily := christmasRig(t)
	leave := keepwarm.Absence{Person: lily, From: time.Date(2026, 12, 22, 0, 0, 0, 0, berlin), Until: time.Date(2027, 1, 4, 0, 0, 0, 0, berlin)}
	if _, err := r.db().AddAbsence(context.Background(), leave, lily, day(1)); err != nil {
		t.Fatal(err)
	}
	greeting := r.christmasDay()
	if greeting.Status != keepwarm.OutboxSkipped ||
		!strings.Contains(greeting.LastError, lily+" is away (desk) and not back before the greeting's day ends") {
		t.Fatalf("the greeting: %+v", greeting)
	}
}

// `sequences check` warns about a step that starts a new thread with a
// "Re:" subject, naming the file, line and step.
func TestSequencesCheckWarnsAboutAReplySubjectOutsideTheThread(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "key.toml"), []byte("name = \"key-customer\"\ngrades = [\"A\", \"B\"]\n"+
		"[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"resend\"\n"), 0o600)
	r := newSeqRig(t, mailtest.NewMemServer(t), "\n[sequences]\ndir = \""+dir+"\"\n")
	out := r.must(day(0), "sequences", "check")
	if !strings.Contains(out, "WARN  "+filepath.Join(dir, "key.toml")+":6: field step[0].in_thread: template \"resend\" (resend.tmpl) writes a reply's subject") {
		t.Fatalf("check:\n%s", out)
	}
}

// A tick killed while sending leaves its mail in `sending`; the next tick
// looks for it in Sent and, not finding it, settles it as uncertain. That
// is mail that may have gone out, which a person must check: the tick says
// it on stderr and exits 4, even with --quiet, as for a send it gave up on
// itself, and the follow-up stops.
func TestTickReportsASendItRecoversAsUncertain(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.FailNextData(1, 451)
	r.tick(day(3))
	ob := r.outbox()
	if len(ob) != 1 || ob[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("after 451: %+v", ob)
	}
	// The killed tick: the item claimed, nothing sent, nothing filed.
	if _, ok, err := r.db().Claim(context.Background(), ob[0].ID, day(3).Add(time.Minute)); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	code, out, errs := r.run(day(3).Add(3*time.Minute), "tick", "--quiet")
	if code != gaveUpExit || !strings.Contains(errs, fmt.Sprintf("outbox %d (", ob[0].ID)) || !strings.Contains(errs, "uncertain") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if ob := r.outbox(); ob[0].Status != keepwarm.OutboxUncertain || r.delivered() != 0 {
		t.Fatalf("after the recovery: %d delivered, %+v", r.delivered(), ob)
	}
	if e := r.enrollments()[0]; e.Status == keepwarm.EnrollActive {
		t.Fatalf("the follow-up goes on after an uncertain send: %+v", e)
	}
	// Said once: the next tick does not say it again.
	if code, _, errs := r.run(day(3).Add(6*time.Minute), "tick", "--quiet"); code != 0 || strings.Contains(errs, "outbox") {
		t.Fatalf("next tick: exit %d, stderr %s", code, errs)
	}
}

// `sequences list` and `show` print the mode the steps go out in, as
// /sequences and `keepwarm forecast` do: with [sequences] mode = "draft",
// key-customer (its file says send) is listed as draft, the file's own
// beside it; with [sequences] disabled = true, as off.
func TestSequencesListPrintsTheModeTheConfigCapsItTo(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	row := func(out, name string) string {
		t.Helper()
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, name+" ") {
				return l
			}
		}
		t.Fatalf("no %s row:\n%s", name, out)
		return ""
	}
	r := newSeqRig(t, srv, "")
	if l := row(r.must(day(0), "sequences", "list"), "key-customer"); !strings.Contains(l, " send ") || strings.Contains(l, "file:") {
		t.Fatalf("uncapped: %q", l)
	}

	r = newSeqRig(t, srv, "\n[sequences]\nmode = \"draft\"\n")
	if l := row(r.must(day(0), "sequences", "list"), "key-customer"); !strings.Contains(l, " draft (file: send) ") {
		t.Fatalf("capped to draft: %q", l)
	}
	if out := r.must(day(0), "sequences", "show", "key-customer"); !strings.Contains(out, "mode: draft (the file says send; capped by [sequences] mode in the config)") {
		t.Fatalf("show capped to draft:\n%s", out)
	}
	var list []struct {
		Name    string `json:"name"`
		Mode    string `json:"mode"`
		SendsAs string `json:"sends_as"`
	}
	if err := json.Unmarshal([]byte(r.must(day(0), "sequences", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range list {
		if d.Name == "key-customer" {
			found = d.Mode == "send" && d.SendsAs == "draft"
		}
	}
	if !found {
		t.Fatalf("--json: %+v", list)
	}

	r = newSeqRig(t, srv, "\n[sequences]\ndisabled = true\n")
	if l := row(r.must(day(0), "sequences", "list"), "key-customer"); !strings.Contains(l, " off (file: send) ") {
		t.Fatalf("disabled: %q", l)
	}
	if out := r.must(day(0), "sequences", "show", "key-customer"); !strings.Contains(out, "mode: off (the file says send; follow-ups are turned off") {
		t.Fatalf("show disabled:\n%s", out)
	}
}
