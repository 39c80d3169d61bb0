package sequences_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// Monday 2 November 2026, 09:06 in Berlin: the quotation goes out.
var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	day0      = time.Date(2026, 11, 2, 9, 6, 0, 0, berlin)
)

type fuWorld struct {
	t   *testing.T
	db  *store.DB
	job *sequences.FollowUp
	uid uint32
	cid int64
	// cfg and st are what job was built from (rejob builds it again).
	cfg sequences.FollowUpConfig
	st  sequences.FollowUpStore
}

// rejob builds the world's job again with its configuration changed by
// change.
func (w *fuWorld) rejob(change func(*sequences.FollowUpConfig)) {
	change(&w.cfg)
	w.job = sequences.NewFollowUp(w.cfg, w.st, nil)
}

func newFUWorld(t *testing.T, grade string) *fuWorld {
	t.Helper()
	return newFUWorldWith(t, grade, "")
}

// newFUWorldWith is newFUWorld with the sequence files of seqDir ("": the
// built-in ones only).
func newFUWorldWith(t *testing.T, grade, seqDir string) *fuWorld {
	t.Helper()
	return newFUWorldStore(t, grade, seqDir, nil)
}

// newFUWorldStore is newFUWorldWith with the job reading the store through
// wrap (nil: directly).
func newFUWorldStore(t *testing.T, grade, seqDir string, wrap func(*store.DB) sequences.FollowUpStore) *fuWorld {
	t.Helper()
	return newFUWorldAnchor(t, grade, seqDir, wrap, "Quotation LED panels")
}

// newFUWorldAnchor is newFUWorldStore with the quotation's subject, and
// its recipients when to names them (none: hans@buyer.de).
func newFUWorldAnchor(t *testing.T, grade, seqDir string, wrap func(*store.DB) sequences.FollowUpStore, subject string, to ...keepwarm.Address) *fuWorld {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), day0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	defs, probs := sequences.LoadDefinitions(seqDir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := &fuWorld{t: t, db: db}
	var st sequences.FollowUpStore = db
	if wrap != nil {
		st = wrap(db)
	}
	w.cfg, w.st = sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer",
		Identities: []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.example", Name: "Lily Chen"}},
		People:     map[string]string{"lily@seller.example": "lily@seller.example"},
		Location:   func(keepwarm.Customer) *time.Location { return berlin },
		Tags:       db.CustomerTags,
	}, st
	w.job = sequences.NewFollowUp(w.cfg, st, nil)
	// The quotation creates the customer; then the book grades it.
	q := w.msg("q-1@seller.example", keepwarm.KindOutbound, subject, day0)
	if len(to) > 0 {
		q.To, q.Contacts = to, to
	}
	w.save("lily", "Sent", q)
	c, err := db.ResolveCustomer(ctx, "hans@buyer.de")
	if err != nil {
		t.Fatal(err)
	}
	w.cid = c.ID
	country := "DE"
	if err := db.SetCustomer(ctx, c.ID, store.CustomerChange{Grade: &grade, Country: &country}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *fuWorld) msg(id string, kind keepwarm.Kind, subject string, at time.Time, refs ...string) keepwarm.Message {
	m := keepwarm.Message{
		Key: id, MessageID: id, Subject: subject, SubjectKey: strings.ToLower(strings.TrimPrefix(subject, "Re: ")),
		Date: at, Kind: kind, CustomerKey: "domain:buyer.de", References: refs,
		Contacts:  []keepwarm.Address{{Name: "Hans Meier", Email: "hans@buyer.de"}},
		RawHeader: []byte("Message-ID: <" + id + ">\r\n"),
	}
	if len(refs) > 0 {
		m.InReplyTo = refs[len(refs)-1:]
	}
	if kind == keepwarm.KindOutbound {
		m.From = keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}
		m.To = []keepwarm.Address{{Email: "hans@buyer.de"}}
	} else {
		m.From = keepwarm.Address{Name: "Hans Meier", Email: "hans@buyer.de"}
		m.To = []keepwarm.Address{{Email: "lily@seller.example"}}
	}
	return m
}

func (w *fuWorld) save(mailbox, folder string, m keepwarm.Message) {
	w.t.Helper()
	w.uid++
	role := keepwarm.RoleInbox
	if folder == "Sent" {
		role = keepwarm.RoleSent
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder, Role: role, UIDValidity: 1, UID: w.uid, InternalDate: m.Date}}
	st := keepwarm.FolderState{Mailbox: mailbox, Folder: folder, UIDValidity: 1, LastUID: w.uid, SyncedAt: m.Date}
	if _, err := w.db.SaveBatch(context.Background(), st, []keepwarm.Incoming{in}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *fuWorld) run(at time.Time) time.Time {
	w.t.Helper()
	next, err := w.job.Run(context.Background(), at)
	if err != nil {
		w.t.Fatalf("run at %s: %v", at, err)
	}
	return next
}

// sendAll does what the dispatcher does with a good SMTP server: every
// queued item is claimed and marked sent at at.
func (w *fuWorld) sendAll(at time.Time) {
	w.t.Helper()
	items, err := w.db.ClaimDue(context.Background(), at, 100)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, it := range items {
		if err := w.db.MarkSent(context.Background(), it.ID, at); err != nil {
			w.t.Fatal(err)
		}
	}
}

func (w *fuWorld) outbox() []keepwarm.OutboxItem {
	w.t.Helper()
	items, err := w.db.ListOutbox(context.Background(), keepwarm.OutboxFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	return items
}

func (w *fuWorld) enrollment() keepwarm.Enrollment {
	w.t.Helper()
	list, err := w.db.ListEnrollments(context.Background(), w.cid)
	if err != nil || len(list) == 0 {
		w.t.Fatalf("enrollments: %v %v", list, err)
	}
	return list[len(list)-1]
}

func TestKeyCustomerStepsOnTheirDays(t *testing.T) {
	w := newFUWorld(t, "A")
	next := w.run(day0.Add(time.Minute))
	e := w.enrollment()
	if e.Status != keepwarm.EnrollActive || e.Sequence != "key-customer" || !next.Equal(day0.AddDate(0, 0, 3)) {
		t.Fatalf("enrolled: %+v, next %s", e, next)
	}
	for d := 1; d <= 2; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	if n := len(w.outbox()); n != 0 {
		t.Fatalf("%d items before day 3", n)
	}
	w.run(day0.AddDate(0, 0, 3))
	w.run(day0.AddDate(0, 0, 3)) // the same instant again: nothing more
	items := w.outbox()
	if len(items) != 1 {
		t.Fatalf("day 3: %d items", len(items))
	}
	r := items[0]
	if r.Key != fmt.Sprintf("seq:%d:0", e.ID) || r.Subject != "Re: Quotation LED panels" || r.InReplyTo != "q-1@seller.example" ||
		len(r.References) != 1 || r.From.Email != "lily@seller.example" || r.To[0].Email != "hans@buyer.de" ||
		r.Mailbox != "lily" || r.Mode != keepwarm.ModeSend || !strings.Contains(r.Text, "Dear Hans") ||
		!regexp.MustCompile(`^[0-9a-f]{32}@seller\.example$`).MatchString(r.MessageID) {
		t.Fatalf("resend: %+v", r)
	}
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute)) // the dispatcher's part
	for d := 4; d <= 6; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	if len(w.outbox()) != 1 {
		t.Fatal("a step before day 7")
	}
	w.run(day0.AddDate(0, 0, 7))
	items = w.outbox()
	// No catalog: the product introduction would offer nothing, so it is
	// recorded skipped, with why, and never sent.
	if len(items) != 2 || items[1].Status != keepwarm.OutboxSkipped || !strings.Contains(items[1].LastError, "no product") ||
		strings.Contains(items[1].Subject, "buyer.de") {
		t.Fatalf("day 7: %+v", items)
	}
	w.sendAll(day0.AddDate(0, 0, 7).Add(time.Minute))
	w.run(day0.AddDate(0, 0, 9))
	tasks, _ := w.db.ListTasks(context.Background(), true, "")
	if len(tasks) != 0 {
		t.Fatal("task before day 10")
	}
	w.run(day0.AddDate(0, 0, 10))
	tasks, _ = w.db.ListTasks(context.Background(), true, "")
	if len(tasks) != 1 || tasks[0].Owner != "lily@seller.example" || !strings.Contains(tasks[0].Title, "Phone") {
		t.Fatalf("day 10 tasks: %+v", tasks)
	}
	if next := w.run(day0.AddDate(0, 0, 30)); !next.IsZero() || len(w.outbox()) != 2 || w.enrollment().Status != keepwarm.EnrollCompleted {
		t.Fatalf("after the last step: next %s, %+v", next, w.enrollment())
	}
}

func TestAnswerStopsAndOutOfOfficePauses(t *testing.T) {
	t.Run("answer on day 2", func(t *testing.T) {
		w := newFUWorld(t, "B")
		w.run(day0.Add(time.Minute))
		w.save("lily", "INBOX", w.msg("a-1@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 2), "q-1@seller.example"))
		for d := 2; d <= 12; d++ {
			w.run(day0.AddDate(0, 0, d))
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollReplied || len(w.outbox()) != 0 {
			t.Fatalf("%+v, %d items", e, len(w.outbox()))
		}
	})
	t.Run("out of office", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ooo := w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.Add(time.Hour))
		ooo.AutoReplyUntil = time.Date(2026, 11, 9, 0, 0, 0, 0, berlin)
		w.save("lily", "INBOX", ooo)
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(ooo.AutoReplyUntil) {
			t.Fatalf("paused: %+v", e)
		}
		w.run(day0.AddDate(0, 0, 3))
		if len(w.outbox()) != 0 {
			t.Fatal("sent while away")
		}
		w.run(time.Date(2026, 11, 9, 9, 30, 0, 0, berlin))
		if e := w.enrollment(); e.Status != keepwarm.EnrollActive && e.Status != keepwarm.EnrollCompleted || len(w.outbox()) != 1 {
			t.Fatalf("resumed: %+v, %d items", e, len(w.outbox()))
		}
	})
	t.Run("out of office without a return date", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		w.save("lily", "INBOX", w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.Add(time.Hour)))
		w.run(day0.Add(2 * time.Hour))
		// The pause's end is the sequence's, not a return date of Hans's:
		// the reason says so.
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused ||
			e.Reason != "out of office: hans@buyer.de (no return date given: paused for 7 days)" {
			t.Fatalf("paused: %+v", e)
		}
	})
	t.Run("bounce", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		b := w.msg("dsn-1@mx.buyer.de", keepwarm.KindBounce, "Undelivered Mail Returned to Sender", day0.Add(time.Hour), "q-1@seller.example")
		b.From = keepwarm.Address{Email: "mailer-daemon@mx.buyer.de"}
		b.Contacts = nil
		b.BouncedRecipient = "hans@buyer.de"
		w.save("lily", "INBOX", b)
		w.run(day0.AddDate(0, 0, 3))
		if e := w.enrollment(); e.Status != keepwarm.EnrollBounced || len(w.outbox()) != 0 {
			t.Fatalf("bounced: %+v", e)
		}
		// A new quotation to the bounced address is never enrolled.
		w.save("lily", "Sent", w.msg("q-2@seller.example", keepwarm.KindOutbound, "New offer", day0.AddDate(0, 0, 4)))
		w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
		if e := w.enrollment(); e.Status != keepwarm.EnrollBounced {
			t.Fatalf("enrolled a bounced address: %+v", e)
		}
	})
	t.Run("opt out", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		a := w.msg("a-2@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 1), "q-1@seller.example")
		a.Snippet = "Please unsubscribe me, we are not interested."
		w.save("lily", "INBOX", a)
		w.run(day0.AddDate(0, 0, 1).Add(time.Minute))
		if e := w.enrollment(); e.Status != keepwarm.EnrollOptedOut {
			t.Fatalf("%+v", e)
		}
		blocked, _ := w.db.BlockedAddresses(context.Background(), []string{"hans@buyer.de"})
		if blocked["hans@buyer.de"] != "opted-out" {
			t.Fatalf("blocked: %v", blocked)
		}
	})
}

func TestManualFollowUpRestartsTheClockAndOwnSendsDoNot(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	// Lily writes again herself on day 2 (Wednesday): the resend waits 3
	// days from then, which is a Saturday, so Monday 09:00.
	w.save("lily", "Sent", w.msg("q-1b@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 2), "q-1@seller.example"))
	w.run(day0.AddDate(0, 0, 2).Add(time.Minute))
	e := w.enrollment()
	monday := time.Date(2026, 11, 9, 9, 0, 0, 0, berlin)
	if e.Step != 0 || !e.DueAt.Equal(monday) || e.ID != w.enrollmentsCount(1) {
		t.Fatalf("restart: %+v", e)
	}
	w.run(day0.AddDate(0, 0, 3))
	if len(w.outbox()) != 0 {
		t.Fatal("sent on day 3 after a manual follow-up on day 2")
	}
	w.run(day0.AddDate(0, 0, 5))
	if len(w.outbox()) != 0 {
		t.Fatal("sent on a Saturday")
	}
	w.run(monday)
	items := w.outbox()
	if len(items) != 1 || items[0].InReplyTo != "q-1b@seller.example" {
		t.Fatalf("%+v", items)
	}
	// keepwarm's own resend, seen later in Sent, neither restarts nor enrolls.
	own := w.msg(items[0].MessageID, keepwarm.KindOutbound, items[0].Subject, monday.Add(time.Minute), "q-1@seller.example", "q-1b@seller.example")
	w.save("lily", "Sent", own)
	w.run(monday.Add(2 * time.Minute))
	if e := w.enrollment(); e.Step != 1 || !e.DueAt.Equal(monday.AddDate(0, 0, 4)) || w.enrollmentsCount(1) == 0 {
		t.Fatalf("after own send: %+v", e)
	}
}

func (w *fuWorld) enrollmentsCount(want int) int64 {
	w.t.Helper()
	list, _ := w.db.ListEnrollments(context.Background(), 0)
	if len(list) != want {
		w.t.Fatalf("%d enrollments, want %d: %+v", len(list), want, list)
	}
	return list[0].ID
}

// resendQueued runs the world to the first step's due time (the resend,
// three days after the quotation) and returns that time and the one item
// queued.
func (w *fuWorld) resendQueued() (time.Time, keepwarm.OutboxItem) {
	w.t.Helper()
	w.run(day0.Add(time.Minute))
	due := day0.AddDate(0, 0, 3)
	w.run(due)
	items := w.outbox()
	if len(items) != 1 || items[0].Status != keepwarm.OutboxQueued {
		w.t.Fatalf("no resend queued: %+v", items)
	}
	return due, items[0]
}

func TestRecheckAnAnswerOneSecondBeforeTheSend(t *testing.T) {
	w := newFUWorld(t, "A")
	due, item := w.resendQueued()
	w.save("lily", "INBOX", w.msg("a-3@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", due.Add(-time.Second), "q-1@seller.example"))
	reason, err := w.job.Recheck(context.Background(), item, due)
	if err != nil || !strings.Contains(reason, "replied") {
		t.Fatalf("recheck: %q %v", reason, err)
	}

	// An out-of-office at the last second puts the step back under a new key.
	w2 := newFUWorld(t, "A")
	w2.run(day0.Add(time.Minute))
	w2.run(due)
	items := w2.outbox()
	ooo := w2.msg("ooo-2@buyer.de", keepwarm.KindAutoReply, "Out of office", due.Add(-time.Second))
	w2.save("lily", "INBOX", ooo)
	reason, err = w2.job.Recheck(context.Background(), items[0], due)
	e := w2.enrollment()
	if err != nil || !strings.Contains(reason, "paused") || e.Step != 0 || e.Redo != 1 || e.Status != keepwarm.EnrollPaused {
		t.Fatalf("recheck ooo: %q %v %+v", reason, err, e)
	}
	w2.db.MarkSkipped(context.Background(), items[0].ID, reason)
	w2.run(due.AddDate(0, 0, 8))
	items = w2.outbox()
	if len(items) != 2 || items[1].Key != fmt.Sprintf("seq:%d:0:r1", e.ID) || items[1].Subject != "Re: Quotation LED panels" {
		t.Fatalf("redone step: %+v", items)
	}
}

// With many candidates at once (the live enrollments read in one go), a
// new outbound in a thread that has a live enrollment still restarts that
// enrollment and neither enrolls the thread again nor records a reason;
// the other threads are enrolled.
func TestManyCandidatesAndALiveThread(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	day2 := day0.AddDate(0, 0, 2)
	w.save("lily", "Sent", w.msg("q-1b@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", day2, "q-1@seller.example"))
	for i := range 20 {
		m := w.msg(fmt.Sprintf("q-new-%d@seller.example", i), keepwarm.KindOutbound,
			fmt.Sprintf("Quotation item %d", i), day2.Add(time.Duration(i+1)*time.Second))
		buyer := keepwarm.Address{Name: "Buyer", Email: fmt.Sprintf("buyer@firm%d.de", i)}
		m.CustomerKey, m.Contacts, m.To = fmt.Sprintf("domain:firm%d.de", i), []keepwarm.Address{buyer}, []keepwarm.Address{buyer}
		w.save("lily", "Sent", m)
	}
	w.run(day2.Add(time.Minute))
	list, err := w.db.ListEnrollments(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	threads := map[int64]int{}
	for _, e := range list {
		threads[e.ThreadID]++
	}
	first := list[0]
	for _, e := range list {
		if e.ID < first.ID {
			first = e
		}
	}
	monday := time.Date(2026, 11, 9, 9, 0, 0, 0, berlin)
	if len(list) != 21 || len(threads) != 21 || first.Status != keepwarm.EnrollActive || first.Step != 0 || !first.DueAt.Equal(monday) {
		t.Fatalf("%d enrollments in %d threads; the first: %+v", len(list), len(threads), first)
	}
	if skips, err := w.db.FollowUpSkips(context.Background(), 0, time.Time{}); err != nil || len(skips) != 0 {
		t.Fatalf("reasons recorded: %+v %v", skips, err)
	}
}

// Hans answers the quotation "We will adopt outdoor IP65 version": "opt
// out" is inside two words, and "not interested in the 3000K" turns down a
// product. Both answers end the follow-up as replied and block nobody.
// The subject of the mail followed up is the team's words: kept in the
// customer's "Re:", its "unsubscribe" is not the customer's wish, as the
// opt-out job reads it. Words the customer adds to it are.
func TestAnAnswerKeepsTheTeamsSubject(t *testing.T) {
	for _, c := range []struct {
		subject string
		want    keepwarm.EnrollmentStatus
	}{
		{"Re: Your unsubscribe request – one last offer", keepwarm.EnrollReplied},
		{"Re: Your unsubscribe request – one last offer – unsubscribe me", keepwarm.EnrollOptedOut},
	} {
		t.Run(c.subject, func(t *testing.T) {
			w := newFUWorldAnchor(t, "A", "", nil, "Your unsubscribe request – one last offer")
			w.run(day0.Add(time.Minute))
			a := w.msg("a-2@buyer.de", keepwarm.KindInbound, c.subject, day0.AddDate(0, 0, 1), "q-1@seller.example")
			a.Snippet = "Danke, passt."
			w.save("lily", "INBOX", a)
			w.run(day0.AddDate(0, 0, 1).Add(time.Minute))
			if e := w.enrollment(); e.Status != c.want {
				t.Fatalf("%+v", e)
			}
		})
	}
}

func TestAnAnswerWithOptOutLettersIsReplied(t *testing.T) {
	for _, text := range []string{
		"We will adopt outdoor IP65 version, please send PI",
		"We are not interested in the 3000K panels, please quote 4000K",
	} {
		t.Run(text, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			a := w.msg("a-2@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 1), "q-1@seller.example")
			a.Snippet = text
			w.save("lily", "INBOX", a)
			w.run(day0.AddDate(0, 0, 1).Add(time.Minute))
			if e := w.enrollment(); e.Status != keepwarm.EnrollReplied {
				t.Fatalf("%+v", e)
			}
			if blocked, err := w.db.BlockedAddresses(context.Background(), []string{"hans@buyer.de"}); err != nil || len(blocked) != 0 {
				t.Fatalf("blocked: %v %v", blocked, err)
			}
		})
	}
}
