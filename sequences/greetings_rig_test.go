package sequences_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/emersion/go-message/charset"
	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

const (
	lily     = "lily@seller.example"
	imapPass = "pw"
)

// greetRig is one greetings setup: a store with customers, an IMAP server
// holding Lily's mailbox and every buyer's, an SMTP server that delivers
// into the buyers' INBOXes, the real Dispatcher, and the greetings job, all
// on one manual clock.
type greetRig struct {
	t     *testing.T
	ctx   context.Context
	clock *keepwarm.ManualClock
	db    *store.DB
	raw   *sqlx.DB
	imap  mailtest.Server
	smtp  *mailtest.SMTPServer
	disp  *mailsync.Dispatcher
	job   *sequences.Greetings
	cfg   sequences.GreetingsConfig
	users map[string]bool
}

func newGreetRig(t *testing.T, srv mailtest.Server, start time.Time) *greetRig {
	t.Helper()
	ctx := context.Background()
	clock := keepwarm.NewManualClock(start)
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := store.Open(ctx, path, start)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sqlx.Open("sqlite3", "file:"+path+"?_busy_timeout=10000&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	srv.AddUser(t, lily, imapPass)
	r := &greetRig{t: t, ctx: ctx, clock: clock, db: db, raw: raw, imap: srv, users: map[string]bool{}}
	r.smtp = mailtest.NewSMTPServer(t)
	clients := map[string]func(mailtest.SMTPMessage) error{}
	r.smtp.OnMessage(func(m mailtest.SMTPMessage) error {
		for _, to := range m.To {
			deliver, ok := clients[strings.ToLower(to)]
			if !ok {
				deliver = mailtest.AppendTo(srv.Dial(t, strings.ToLower(to)), "INBOX")
				clients[strings.ToLower(to)] = deliver
			}
			if err := deliver(m); err != nil {
				return err
			}
		}
		return nil
	})
	// The dispatcher takes the greetings job's last look, as the daemon's
	// does (a test may replace it).
	r.dispatcher(mailsync.DispatcherOptions{Precheck: func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
		if r.job == nil {
			return "", nil
		}
		return r.job.Precheck(ctx, item, r.clock.Now())
	}})
	r.cfg = sequences.GreetingsConfig{
		Occasions: []string{"christmas", "new-year", "thanksgiving", "birthday", "eid-al-fitr"},
		Custom: []sequences.CustomOccasion{{
			Key: "eid-al-fitr", Name: "Eid al-Fitr", Countries: []string{"AE", "SA"},
			Dates: []time.Time{time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC)},
		}},
		Mode: keepwarm.ModeSend,
		Senders: map[string]sequences.GreetingSender{lily: {
			Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: lily},
			Signature: "Lily Chen\nExport Sales, Seller Co.",
		}},
		DefaultLocation: time.FixedZone("CST", 8*3600),
		// The rig's contacts come from the customer book and never wrote.
		AnyContact: true,
	}
	return r
}

// dispatcher replaces the rig's Dispatcher (Lily's mailbox sending through
// the rig's SMTP server) with one of opt.
func (r *greetRig) dispatcher(opt mailsync.DispatcherOptions) {
	r.t.Helper()
	acct := mailsync.Account{
		Mailbox: "lily", SMTPURL: r.smtp.URL().String(),
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, Timeout: time.Minute,
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, mailtest.SenderDialer(r.imap.Addr(), lily, imapPass), r.clock, log)
	if err != nil {
		r.t.Fatal(err)
	}
	r.disp = mailsync.NewDispatcher(r.db, snd, r.clock, log, opt)
}

// start builds the job from the rig's config (change r.cfg first).
func (r *greetRig) start(letters map[string]string) {
	r.t.Helper()
	if letters != nil {
		fsys := fstest.MapFS{}
		for name, body := range letters {
			fsys[name] = &fstest.MapFile{Data: []byte(body)}
		}
		r.cfg.Letters = fsys
	}
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		r.t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.job, err = sequences.NewGreetings(r.cfg, r.db, set, log)
	if err != nil {
		r.t.Fatal(err)
	}
}

// customer is one customer with one contact, written as the customer book
// would (source "import").
type customer struct {
	key, name, grade, country, tz, lang string
	email, contact, birthday            string
	optedOut, bounced                   bool
	tags                                string
}

func (r *greetRig) add(c customer) (customerID, contactID int64) {
	r.t.Helper()
	now := r.clock.Now().Unix()
	var opted any
	if c.optedOut {
		opted = now
	}
	res, err := r.raw.Exec(`INSERT INTO customers (key, name, owner, grade, country, time_zone, language, created_at, source, tags, opted_out_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?)`, c.key, c.name, lily, c.grade, c.country, c.tz, c.lang, now, c.tags, opted)
	if err != nil {
		r.t.Fatal(err)
	}
	customerID, _ = res.LastInsertId()
	var bounced any
	if c.bounced {
		bounced = now
	}
	res, err = r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, birthday, bounced_at, created_at, from_book) VALUES (?, ?, ?, ?, ?, ?, 1)`,
		customerID, c.email, c.contact, c.birthday, bounced, now)
	if err != nil {
		r.t.Fatal(err)
	}
	contactID, _ = res.LastInsertId()
	if !r.users[c.email] {
		r.imap.AddUser(r.t, c.email, imapPass)
		r.users[c.email] = true
	}
	return customerID, contactID
}

// replay runs the job and the dispatcher at every step from the clock's
// instant until end, as the daemon's engine and outbox loop would.
func (r *greetRig) replay(end time.Time, step time.Duration) {
	r.t.Helper()
	for now := r.clock.Now(); !now.After(end); now = now.Add(step) {
		r.clock.Set(now)
		if _, err := r.job.Run(r.ctx, now); err != nil {
			r.t.Fatalf("greetings run at %s: %v", now, err)
		}
		if _, err := r.disp.RunOnce(r.ctx, now); err != nil {
			r.t.Fatalf("dispatcher at %s: %v", now, err)
		}
	}
}

// replayWakes runs the job and the dispatcher from the clock's instant
// until end at the instants the daemon would wake them: when the job says
// it next has something to do (at least hourly) and when the dispatcher's
// next item may go (a retry's backoff, the cap, the gap). replay's fixed
// step runs them at those instants too, and at many more where neither
// has anything to do.
func (r *greetRig) replayWakes(end time.Time) {
	r.t.Helper()
	for now := r.clock.Now(); !now.After(end); {
		r.clock.Set(now)
		next, err := r.job.Run(r.ctx, now)
		if err != nil {
			r.t.Fatalf("greetings run at %s: %v", now, err)
		}
		res, err := r.disp.RunOnce(r.ctx, now)
		if err != nil {
			r.t.Fatalf("dispatcher at %s: %v", now, err)
		}
		if !res.Next.IsZero() && res.Next.Before(next) {
			next = res.Next
		}
		if !next.After(now) {
			next = now.Add(time.Minute) // nothing later named: look again soon
		}
		now = next
	}
}

// received is one message as read back from a recipient's INBOX.
type received struct {
	Subject, From, MessageID string
	Date                     time.Time
	Body                     string
}

// inbox reads user's INBOX over IMAP: proof that the mail arrived.
func (r *greetRig) inbox(user string) []received {
	r.t.Helper()
	var out []received
	dec := mime.WordDecoder{CharsetReader: charset.Reader}
	for _, raw := range mailtest.Raw(r.t, r.imap, user, "INBOX") {
		m, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			r.t.Fatal(err)
		}
		subj, _ := dec.DecodeHeader(m.Header.Get("Subject"))
		date, _ := m.Header.Date()
		body, _ := io.ReadAll(m.Body)
		out = append(out, received{Subject: subj, From: m.Header.Get("From"), MessageID: m.Header.Get("Message-Id"), Date: date, Body: string(body)})
	}
	return out
}

// sentTo counts the SMTP transactions addressed to addr.
func (r *greetRig) sentTo(addr string) int {
	n := 0
	for _, m := range r.smtp.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				n++
			}
		}
	}
	return n
}

// ownMail stores Lily's mail to the US buyer Bob, as sync would from her
// Sent: key is its Message-ID, uid its UID there. With text its text is
// read (kept as the message's text); pending stores it from its header
// alone, the text still to be read.
func (r *greetRig) ownMail(key, subject string, at time.Time, uid uint32, text string, pending bool) {
	r.t.Helper()
	m := keepwarm.Message{
		Key: key, MessageID: key, Subject: subject, SubjectKey: strings.ToLower(subject), Date: at,
		Kind: keepwarm.KindOutbound, CustomerKey: usBuyer.key, Snippet: text, TextPending: pending,
		From:      keepwarm.Address{Name: "Lily Chen", Email: lily},
		To:        []keepwarm.Address{{Name: usBuyer.contact, Email: usBuyer.email}},
		Contacts:  []keepwarm.Address{{Name: usBuyer.contact, Email: usBuyer.email}},
		RawHeader: []byte("Message-ID: <" + key + ">\r\n"),
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "Sent", Role: keepwarm.RoleSent,
		UIDValidity: 1, UID: uid, InternalDate: at}}
	if _, err := r.db.SaveBatch(r.ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "Sent", UIDValidity: 1, LastUID: uid, SyncedAt: at},
		[]keepwarm.Incoming{in}); err != nil {
		r.t.Fatal(err)
	}
	if text != "" {
		if _, err := r.raw.Exec(`INSERT OR REPLACE INTO message_texts (message_id, text, cut) SELECT id, ?, 0 FROM messages WHERE key = ?`, text, key); err != nil {
			r.t.Fatal(err)
		}
	}
}

// bobsBirthdayRig is a rig on the morning (UTC) of 25 November 2026, Bob's
// birthday, whose job greets birthdays only.
func bobsBirthdayRig(t *testing.T) (*greetRig, time.Time) {
	t.Helper()
	start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	r := newGreetRig(t, mailtest.NewMemServer(t), start)
	bob := usBuyer
	bob.birthday = "1980-11-25"
	r.add(bob)
	r.cfg.Occasions = []string{"birthday"}
	return r, start
}
