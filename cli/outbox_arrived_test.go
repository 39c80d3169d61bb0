package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// Lily's New Year wishes to Hans (a mail keepwarm sends that is no
// follow-up's step, as a greeting or letter is) lose their link after
// DATA: uncertain. Hans says they arrived: `keepwarm outbox arrived ID`
// makes the mail sent, and the next tick files its copy in Lily's Sent,
// once, so his "same to you" answers a mail she can find.
func TestOutboxArrivedFilesTheCopyInSent(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.tick(day(0)) // creates the database
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(r.config), "kw.db"), day(0))
	if err != nil {
		t.Fatal(err)
	}
	it, _, err := db.Enqueue(context.Background(), keepwarm.OutboxItem{Key: "manual:hans:newyear", MessageID: "kw-newyear@seller.example",
		Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: hans}},
		Subject: "Happy New Year", Text: "Dear Hans,\n\nHappy New Year!\n\nLily\n", Mode: keepwarm.ModeSend, Origin: "manual",
		DueAt: day(1), NextAttemptAt: day(1), CreatedAt: day(0)})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r.smtp.DropNextData(1)
	r.tickGivingUp(day(1))
	id := fmt.Sprint(it.ID)
	if out := r.must(day(1).Add(time.Minute), "outbox", "--status", "uncertain"); !strings.Contains(out, "1 uncertain send(s)") ||
		!strings.Contains(out, "keepwarm outbox arrived ID") {
		t.Fatalf("outbox after the dropped link:\n%s", out)
	}
	if out := r.must(day(1).Add(2*time.Minute), "outbox", "arrived", id); !strings.Contains(out, "outbox "+id+" marked arrived") {
		t.Fatalf("outbox arrived said:\n%s", out)
	}
	r.tick(day(1).Add(3 * time.Minute))
	r.tick(day(1).Add(4 * time.Minute))
	n := 0
	for _, raw := range mailtest.Raw(t, srv, mailtest.SMTPUser, "Sent") {
		if strings.Contains(string(raw), "kw-newyear@seller.example") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("Lily's Sent holds the greeting %d times, want once", n)
	}
	if r.smtp.DataCount() != 1 {
		t.Fatalf("%d sends; the greeting went once", r.smtp.DataCount())
	}
	if code, _, errs := r.run(day(1).Add(5*time.Minute), "outbox", "arrived", id); code == 0 || !strings.Contains(errs, "not in a state that can become sent (arrived)") {
		t.Fatalf("arrived twice: exit %d\n%s", code, errs)
	}
}

// The resend to Hans was uncertain and Lily said it did not arrive:
// `resume --resend` sent it again and dealt with the first one. The first
// is still listed among the uncertain sends, and `keepwarm outbox arrived`
// on it is refused saying it was dealt with: it stays uncertain, and the
// resend is in Lily's Sent once, not once for each.
func TestOutboxArrivedRefusesAStepAlreadyDealtWith(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.start("A")
	r.smtp.DropNextData(1)
	r.tickGivingUp(day(3))
	old := r.outbox()[0]
	r.must(day(4), "resume", fmt.Sprint(r.enrollments()[0].ID), "--resend")
	r.tick(day(4).Add(time.Minute))
	if r.delivered() != 1 {
		t.Fatalf("after --resend: %d delivered", r.delivered())
	}
	code, _, errs := r.run(day(4).Add(2*time.Minute), "outbox", "arrived", fmt.Sprint(old.ID))
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("outbox item %d was dealt with at ", old.ID)) || !strings.Contains(errs, "nothing changed") {
		t.Fatalf("arrived on a step sent again: exit %d\n%s", code, errs)
	}
	r.tick(day(4).Add(3 * time.Minute))
	r.tick(day(4).Add(4 * time.Minute))
	for _, l := range r.outbox() {
		if l.ID == old.ID && l.Status != keepwarm.OutboxUncertain {
			t.Fatalf("the step sent again became %s", l.Status)
		}
	}
	n := 0
	for _, raw := range mailtest.Raw(t, srv, mailtest.SMTPUser, "Sent") {
		if strings.Contains(string(raw), "Re: Quotation LED panels") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("Lily's Sent holds the resend %d times, want once", n)
	}
}

// Where the server files what it sends in Sent itself, keepwarm files no
// copy: `keepwarm outbox arrived` says so rather than promising one.
func TestOutboxArrivedPromisesNoCopyWhereTheServerFilesSent(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "server_saves_sent = true\n")
	r.tick(day(0))
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(r.config), "kw.db"), day(0))
	if err != nil {
		t.Fatal(err)
	}
	it, _, err := db.Enqueue(context.Background(), keepwarm.OutboxItem{Key: "manual:hans:newyear", MessageID: "kw-newyear@seller.example",
		Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: hans}},
		Subject: "Happy New Year", Text: "Dear Hans,\n\nHappy New Year!\n\nLily\n", Mode: keepwarm.ModeSend, Origin: "manual",
		DueAt: day(1), NextAttemptAt: day(1), CreatedAt: day(0)})
	if err != nil {
		t.Fatal(err)
	}
	// Lost after DATA and not found in Sent: uncertain.
	if _, err := db.ClaimDue(context.Background(), day(1), 10); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkUncertain(context.Background(), it.ID, "connection lost after DATA; not in Sent"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := r.must(day(1).Add(2*time.Minute), "outbox", "arrived", fmt.Sprint(it.ID))
	if !strings.Contains(out, "server files sent mail in Sent itself, so keepwarm files no copy") || strings.Contains(out, "is filed in Sent") {
		t.Fatalf("outbox arrived said:\n%s", out)
	}
}

// A step of a follow-up that its uncertain send stopped is answered with
// keepwarm resume --arrived, which also goes on with the follow-up:
// `keepwarm outbox arrived` on it is refused, naming the command, and
// changes nothing.
func TestOutboxArrivedRefusesAStepOfAStoppedFollowUp(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.DropNextData(1)
	r.tickGivingUp(day(3))
	e, it := r.enrollments()[0], r.outbox()[0]
	code, _, errs := r.run(day(4), "outbox", "arrived", fmt.Sprint(it.ID))
	if code != 1 || !strings.Contains(errs, fmt.Sprintf("outbox item %d is a step of a stopped follow-up: resume it, send it again or stop it there (keepwarm resume %d --arrived or --resend)", it.ID, e.ID)) {
		t.Fatalf("arrived on a stopped follow-up's step: exit %d\n%s", code, errs)
	}
	if l := r.outbox()[0]; l.Status != keepwarm.OutboxUncertain {
		t.Fatalf("the step became %s", l.Status)
	}
}

// An uncertain chat nudge and an uncertain mail from [notify] have no copy
// to file in Sent: outbox arrived says so by kind rather than promising
// one, and the outbox's footer does not send anyone to ask a chat group's
// "recipient" but to look in the group.
func TestOutboxArrivedOnAChatPostAndNotifyMailPromisesNoCopy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.tick(day(0)) // creates the database
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(r.config), "kw.db"), day(0))
	if err != nil {
		t.Fatal(err)
	}
	post, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:chat:1", MessageID: "kw-chat@acme-export.com", Mailbox: keepwarm.ChatMailbox("sales"),
		From: keepwarm.Address{Email: "keepwarm@acme-export.com"}, To: []keepwarm.Address{{Email: "lily@seller.example"}}, Text: "Reply due: Hans", Chat: &keepwarm.ChatNote{Channel: "sales", Title: "Reply due: Hans"},
		Subject: "Reply due: Hans", Mode: keepwarm.ModeSend, Origin: "nudge", DueAt: day(0), NextAttemptAt: day(0), CreatedAt: day(0)})
	if err != nil {
		t.Fatal(err)
	}
	mail, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "digest:lily:1", MessageID: "kw-digest@acme-export.com", Mailbox: "notify",
		From: keepwarm.Address{Email: "keepwarm@acme-export.com"}, To: []keepwarm.Address{{Email: "lily@seller.example"}},
		Subject: "Your day", Text: "…", Mode: keepwarm.ModeSend, Origin: "digest", DueAt: day(0), NextAttemptAt: day(0), CreatedAt: day(0)})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw := sqlDB(t, filepath.Dir(r.config))
	if _, err := raw.Exec(`UPDATE outbox SET status = 'uncertain', attempts = 1 WHERE id IN (?, ?)`, post.ID, mail.ID); err != nil {
		t.Fatal(err)
	}
	out := r.must(day(0).Add(time.Minute), "outbox", "--status", "uncertain")
	if !strings.Contains(out, "1 uncertain send(s)") || !strings.Contains(out, "1 uncertain chat post(s)") || !strings.Contains(out, "look in the group") {
		t.Fatalf("outbox footer:\n%s", out)
	}
	out = r.must(day(0).Add(2*time.Minute), "outbox", "arrived", fmt.Sprint(post.ID))
	if strings.Contains(out, "filed in Sent on") || !strings.Contains(out, "marked as posted in chat sales") {
		t.Fatalf("outbox arrived on the chat post:\n%s", out)
	}
	var note string
	raw.QueryRow(`SELECT last_error FROM outbox WHERE id = ?`, post.ID).Scan(&note)
	if !strings.Contains(note, "found in the group") {
		t.Errorf("the chat post's note: %q", note)
	}
	out = r.must(day(0).Add(3*time.Minute), "outbox", "arrived", fmt.Sprint(mail.ID))
	if strings.Contains(out, "filed in Sent on") || !strings.Contains(out, "[notify] has no mailbox, so no copy is filed") {
		t.Fatalf("outbox arrived on the [notify] mail:\n%s", out)
	}
}

// An uncertain greeting of a mailbox no longer configured to send (Tom
// left: his [[mailbox]] taken out; or one left without its smtp_url) has no
// sending pass to file its copy: outbox arrived says so rather than
// promising one that never comes. Lily's, still configured, is promised
// for the next pass, keepwarm run's or the next tick's.
func TestOutboxArrivedOfAMailboxNoLongerSendingPromisesNoCopy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.tick(day(0)) // creates the database
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(r.config), "kw.db"), day(0))
	if err != nil {
		t.Fatal(err)
	}
	enqueue := func(mailbox, from string) int64 {
		t.Helper()
		it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "manual:hans:newyear:" + mailbox, MessageID: "kw-newyear-" + mailbox + "@seller.example",
			Mailbox: mailbox, From: keepwarm.Address{Email: from}, To: []keepwarm.Address{{Email: hans}},
			Subject: "Happy New Year", Text: "Dear Hans,\n\nHappy New Year!\n", Mode: keepwarm.ModeSend, Origin: "manual",
			DueAt: day(0), NextAttemptAt: day(0), CreatedAt: day(0)})
		if err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	tom, lily := enqueue("tom", "tom@seller.example"), enqueue("lily", "lily@seller.example")
	db.Close()
	raw := sqlDB(t, filepath.Dir(r.config))
	if _, err := raw.Exec(`UPDATE outbox SET status = 'uncertain', attempts = 1 WHERE id IN (?, ?)`, tom, lily); err != nil {
		t.Fatal(err)
	}
	out := r.must(day(0).Add(time.Minute), "outbox", "arrived", fmt.Sprint(tom))
	if !strings.Contains(out, "marked arrived: mailbox tom is no longer configured to send, so no copy is filed") || strings.Contains(out, "filed in Sent on") {
		t.Fatalf("outbox arrived on the greeting of a mailbox gone:\n%s", out)
	}
	out = r.must(day(0).Add(2*time.Minute), "outbox", "arrived", fmt.Sprint(lily))
	if !strings.Contains(out, "its copy is filed in Sent on the next sending pass (of keepwarm run, or the next keepwarm tick)") {
		t.Fatalf("outbox arrived on Lily's greeting:\n%s", out)
	}
}
