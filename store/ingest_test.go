package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"errors"
	"keepwarm"

	"github.com/jmoiron/sqlx"
)

var t0 = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

// msg is an inbound message from bob@acme.com (customer domain:acme.com).
func msg(key string) keepwarm.Message {
	return keepwarm.Message{
		Key: key, MessageID: key,
		From:    keepwarm.Address{Name: "Bob", Email: "bob@acme.com"},
		To:      []keepwarm.Address{{Email: "sales@team.example"}},
		Subject: "Quotation for pumps", SubjectKey: "quotation for pumps",
		Date:        t0,
		Kind:        keepwarm.KindInbound,
		CustomerKey: "domain:acme.com",
		Contacts:    []keepwarm.Address{{Name: "Bob", Email: "bob@acme.com"}},
		RawHeader:   []byte("Message-ID: <" + key + ">\r\n"),
	}
}

// at places m as a copy in mailbox/folder with the given UID and arrival.
func at(m keepwarm.Message, mailbox, folder string, uid uint32, when time.Time) keepwarm.Incoming {
	role := keepwarm.RoleInbox
	if folder == "Sent" {
		role = keepwarm.RoleSent
	}
	return keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{
		Mailbox: mailbox, Folder: folder, Role: role, UIDValidity: 1, UID: uid, InternalDate: when,
	}}
}

// save stores batch (all copies of one folder) and returns the result.
func save(t testing.TB, db *DB, batch ...keepwarm.Incoming) keepwarm.SaveResult {
	t.Helper()
	st := keepwarm.FolderState{Mailbox: batch[0].Copy.Mailbox, Folder: batch[0].Copy.Folder,
		UIDValidity: batch[0].Copy.UIDValidity, SyncedAt: t0.Add(365 * 24 * time.Hour)}
	for _, in := range batch {
		st.LastUID = max(st.LastUID, in.Copy.UID)
	}
	res, err := db.SaveBatch(context.Background(), st, batch)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.r.Get(&n, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestSaveBatchIdempotent(t *testing.T) {
	db := openTest(t)
	batch := []keepwarm.Incoming{
		at(msg("a@x"), "team", "INBOX", 1, t0),
		at(msg("b@x"), "team", "INBOX", 2, t0.Add(time.Minute)),
	}
	res := save(t, db, batch...)
	if res.New != 2 || res.Copies != 0 || len(res.NewIDs) != 2 || len(res.Threads) != 1 {
		t.Fatalf("first save = %+v; want 2 new in 1 thread", res)
	}
	res = save(t, db, batch...) // a restart that refetches the same UIDs
	if res.New != 0 || res.Copies != 0 || len(res.NewIDs) != 0 {
		t.Fatalf("re-save = %+v; want nothing new", res)
	}
	if n := count(t, db, `SELECT count(*) FROM messages`); n != 2 {
		t.Fatalf("messages = %d; want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM message_copies`); n != 2 {
		t.Fatalf("copies = %d; want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM message_contacts`); n != 2 {
		t.Fatalf("message_contacts = %d; want 2", n)
	}
	st, err := db.FolderState(context.Background(), "team", "INBOX")
	if err != nil || st.LastUID != 2 || st.UIDValidity != 1 || !st.SyncedAt.Equal(t0.Add(365*24*time.Hour)) {
		t.Fatalf("folder state = %+v, %v", st, err)
	}
}

func TestSaveBatchSameKeyTwoMailboxes(t *testing.T) {
	db := openTest(t)
	m := msg("quote-1@team.example")
	m.Kind = keepwarm.KindOutbound
	// Seen first in the team INBOX (Bcc), then in Ann's Sent an hour earlier.
	r1 := save(t, db, at(m, "team", "INBOX", 7, t0.Add(time.Hour)))
	r2 := save(t, db, at(m, "ann", "Sent", 3, t0))
	if r1.New != 1 || r2.New != 0 || r2.Copies != 1 || len(r2.NewIDs) != 0 {
		t.Fatalf("results %+v then %+v; want 1 new then 1 copy", r1, r2)
	}
	if n := count(t, db, `SELECT count(*) FROM messages`); n != 1 {
		t.Fatalf("messages = %d; want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM message_copies WHERE message_id = ?`, r1.NewIDs[0]); n != 2 {
		t.Fatalf("copies = %d; want 2", n)
	}
	got, err := db.GetMessage(context.Background(), r1.NewIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	var mailbox, role string
	var received int64
	db.r.QueryRow(`SELECT mailbox, folder_role, received_at FROM messages`).Scan(&mailbox, &role, &received)
	if mailbox != "ann" || role != "sent" || received != t0.Unix() {
		t.Fatalf("earliest copy = %s/%s at %d; want ann/sent at %d", mailbox, role, received, t0.Unix())
	}
	if got.Key != m.Key {
		t.Fatalf("GetMessage key = %q", got.Key)
	}
	// A later copy does not move received_at back.
	save(t, db, at(m, "bob", "INBOX", 1, t0.Add(2*time.Hour)))
	db.r.QueryRow(`SELECT mailbox, received_at FROM messages`).Scan(&mailbox, &received)
	if mailbox != "ann" || received != t0.Unix() {
		t.Fatalf("after a later copy: %s at %d; want ann at %d", mailbox, received, t0.Unix())
	}
}

func TestSaveBatchCustomersAndContacts(t *testing.T) {
	type want struct{ customers, contacts, msgCustomers int }
	internal := msg("int@team.example")
	internal.Kind, internal.CustomerKey = keepwarm.KindInternal, ""
	internal.From = keepwarm.Address{Email: "ann@team.example"}
	internal.Contacts = []keepwarm.Address{{Email: "ann@team.example"}} // ignored: no customer
	g1, g2 := msg("g1@gmail.com"), msg("g2@gmail.com")
	g1.CustomerKey, g1.Contacts = "addr:ann.buyer@gmail.com", []keepwarm.Address{{Email: "Ann.Buyer@gmail.com"}}
	g2.CustomerKey, g2.Contacts = "addr:carl@gmail.com", []keepwarm.Address{{Email: "carl@gmail.com"}}
	a1, a2 := msg("a1@acme.com"), msg("a2@acme.com")
	a1.Contacts = []keepwarm.Address{{Email: "bob@acme.com"}} // no name yet
	a2.Contacts = []keepwarm.Address{{Name: "Bob Lee", Email: "BOB@acme.com"}, {Name: "Eve", Email: "eve@acme.com"}}
	tests := []struct {
		name  string
		batch []keepwarm.Message
		want  want
	}{
		{"internal message makes no customer or contact", []keepwarm.Message{internal}, want{0, 0, 0}},
		{"two free-mail addresses are two customers", []keepwarm.Message{g1, g2}, want{2, 2, 2}},
		{"one domain, two contacts, one customer", []keepwarm.Message{a1, a2}, want{1, 2, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			var batch []keepwarm.Incoming
			for i, m := range tc.batch {
				batch = append(batch, at(m, "team", "INBOX", uint32(i+1), t0))
			}
			save(t, db, batch...)
			got := want{
				count(t, db, `SELECT count(*) FROM customers`),
				count(t, db, `SELECT count(*) FROM contacts`),
				count(t, db, `SELECT count(*) FROM messages WHERE customer_id IS NOT NULL`),
			}
			if got != tc.want {
				t.Fatalf("customers, contacts, messages with a customer = %+v; want %+v", got, tc.want)
			}
		})
	}
	db := openTest(t)
	save(t, db, at(a1, "team", "INBOX", 1, t0), at(a2, "team", "INBOX", 2, t0))
	var name, domain, key string
	db.r.QueryRow(`SELECT name FROM contacts WHERE email = 'bob@acme.com'`).Scan(&name)
	if name != "Bob Lee" {
		t.Fatalf("contact name = %q; want the first non-empty name", name)
	}
	db.r.QueryRow(`SELECT key, name, domain FROM customers`).Scan(&key, &name, &domain)
	if key != "domain:acme.com" || name != "acme.com" || domain != "acme.com" {
		t.Fatalf("customer = %q %q %q", key, name, domain)
	}
	db = openTest(t)
	save(t, db, at(g1, "team", "INBOX", 1, t0))
	db.r.QueryRow(`SELECT key, name, domain FROM customers`).Scan(&key, &name, &domain)
	if key != "addr:ann.buyer@gmail.com" || name != "ann.buyer@gmail.com" || domain != "" {
		t.Fatalf("free-mail customer = %q %q %q", key, name, domain)
	}
}

func TestSaveBatchBounce(t *testing.T) {
	db := openTest(t)
	bounce := func(key, rcpt, customer string) keepwarm.Message {
		m := msg(key)
		m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.team.example"}
		m.CustomerKey, m.Contacts, m.BouncedRecipient = customer, nil, rcpt
		m.InReplyTo = []string{"a1@acme.com"} // the returned mail is of a thread the team knows
		return m
	}
	save(t, db,
		at(msg("a1@acme.com"), "team", "INBOX", 1, t0),
		at(bounce("dsn1@mx", "Bob@acme.com", ""), "team", "INBOX", 2, t0.Add(time.Hour)),
		at(bounce("dsn2@mx", "new@acme.com", ""), "team", "INBOX", 3, t0.Add(2*time.Hour)),
		at(bounce("dsn3@mx", "zed@gmail.com", ""), "team", "INBOX", 4, t0.Add(3*time.Hour)),
	)
	rows := []struct {
		email    string
		customer string
		at       time.Time
	}{
		{"bob@acme.com", "domain:acme.com", t0.Add(time.Hour)},
		{"new@acme.com", "domain:acme.com", t0.Add(2 * time.Hour)},
		{"zed@gmail.com", "addr:zed@gmail.com", t0.Add(3 * time.Hour)},
	}
	for _, r := range rows {
		var bounced int64
		var key string
		err := db.r.QueryRow(`SELECT coalesce(ct.bounced_at, 0), c.key FROM contacts ct JOIN customers c ON c.id = ct.customer_id
			WHERE ct.email = ?`, r.email).Scan(&bounced, &key)
		if err != nil || bounced != r.at.Unix() || key != r.customer {
			t.Errorf("%s: bounced_at %d customer %q (%v); want %d %q", r.email, bounced, key, err, r.at.Unix(), r.customer)
		}
	}
}

// A bounce for several recipients flags each of them, known or not.
func TestSaveBatchBounceSeveral(t *testing.T) {
	db := openTest(t)
	m := msg("dsn1@mx")
	m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.acme.com"}
	m.CustomerKey, m.Contacts = "domain:acme.com", nil
	m.BouncedRecipient, m.BouncedAlso = "bob@acme.com", []string{"Anna@acme.com", "zed@gmail.com"}
	m.InReplyTo = []string{"a1@acme.com"} // the returned mail is of a thread the team knows
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, t0), at(m, "team", "INBOX", 2, t0.Add(time.Hour)))
	for email, customer := range map[string]string{"bob@acme.com": "domain:acme.com", "anna@acme.com": "domain:acme.com",
		"zed@gmail.com": "addr:zed@gmail.com"} {
		var bounced int64
		var key string
		err := db.r.QueryRow(`SELECT coalesce(ct.bounced_at, 0), c.key FROM contacts ct JOIN customers c ON c.id = ct.customer_id
			WHERE ct.email = ?`, email).Scan(&bounced, &key)
		if err != nil || bounced != t0.Add(time.Hour).Unix() || key != customer {
			t.Errorf("%s: bounced_at %d customer %q (%v); want %d %q", email, bounced, key, err, t0.Add(time.Hour).Unix(), customer)
		}
	}
}

// A bounce's further failed recipient at the domain of a customer merged
// away is filed under the customer it was merged into: the merge leaves
// the dropped customer's domain in place, and a contact under it would show
// neither in the survivor's book nor on the desk.
func TestSaveBatchBounceAtAMergedDomain(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	group := msg("g1@acme-group.com")
	group.From = keepwarm.Address{Email: "lena@acme-group.com"}
	group.CustomerKey, group.Contacts = "domain:acme-group.com", []keepwarm.Address{{Email: "lena@acme-group.com"}}
	save(t, db, at(group, "team", "INBOX", 1, t0), at(msg("a1@acme.com"), "team", "INBOX", 2, t0.Add(time.Minute)))
	keep := int64(count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme-group.com'`))
	drop := int64(count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme.com'`))
	if _, err := db.MergeCustomers(ctx, keep, drop, t0.Add(time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	m := msg("dsn1@mx")
	m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.acme.com"}
	m.CustomerKey, m.Contacts = "domain:acme.com", nil
	m.BouncedRecipient, m.BouncedAlso = "first.hire@acme.com", []string{"new.hire@acme.com"}
	save(t, db, at(m, "team", "INBOX", 3, t0.Add(2*time.Hour)))
	for _, email := range []string{"first.hire@acme.com", "new.hire@acme.com"} {
		if got := count(t, db, `SELECT customer_id FROM contacts WHERE email = ?`, email); int64(got) != keep {
			t.Errorf("%s is filed under customer %d; want %d, which %d was merged into", email, got, keep, drop)
		}
	}
}

// A customer's own mail proves the address works: a bounce flag older than
// it is cleared, and a bounce older than the address's latest mail flags
// nothing, in whichever order sync finds them (a first sync reads years).
func TestSaveBatchBounceOlderThanTheirMail(t *testing.T) {
	bounce := func(key string, soft bool) keepwarm.Message {
		m := msg(key)
		m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.acme.com"}
		// as Classify leaves it: the failed recipient is its contact
		m.CustomerKey, m.Contacts, m.BouncedRecipient = "domain:acme.com", []keepwarm.Address{{Email: "bob@acme.com"}}, "bob@acme.com"
		if soft {
			m.BouncedSoft = []string{"bob@acme.com"}
		}
		m.InReplyTo = []string{"q0@team.example"} // the team's mail, returned
		return m
	}
	// openTest with the team's mail to Bob that the bounces return.
	openTest := func(t *testing.T) *DB {
		db := openTest(t)
		q := msg("q0@team.example")
		q.Kind, q.From, q.To = keepwarm.KindOutbound, keepwarm.Address{Email: "lily@team.example"}, []keepwarm.Address{{Email: "bob@acme.com"}}
		save(t, db, at(q, "lily", "Sent", 1, t0.AddDate(-3, 0, 0)))
		return db
	}
	bouncedAt := func(db *DB) int64 {
		t.Helper()
		var at int64
		if err := db.r.QueryRow(`SELECT coalesce(bounced_at, 0) FROM contacts WHERE email = 'bob@acme.com'`).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	old, later := t0.AddDate(-2, 0, 0), t0
	// The bounce first, then his mail.
	db := openTest(t)
	save(t, db, at(bounce("dsn1@mx", false), "team", "INBOX", 1, old))
	if bouncedAt(db) != old.Unix() {
		t.Fatalf("the bounce did not flag")
	}
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 2, later))
	if got := bouncedAt(db); got != 0 {
		t.Errorf("his later mail left the flag at %d", got)
	}
	// His mail first (another folder, another batch), then the old bounce.
	db = openTest(t)
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, later))
	save(t, db, at(bounce("dsn1@mx", false), "team", "Archive", 1, old))
	if got := bouncedAt(db); got != 0 {
		t.Errorf("a bounce older than his mail flagged him at %d", got)
	}
	// In one batch, either order.
	db = openTest(t)
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, later), at(bounce("dsn1@mx", false), "team", "INBOX", 2, old))
	if got := bouncedAt(db); got != 0 {
		t.Errorf("one batch: a bounce older than his mail flagged him at %d", got)
	}
	// A bounce after his mail flags.
	save(t, db, at(bounce("dsn2@mx", false), "team", "INBOX", 3, later.Add(time.Hour)))
	if got := bouncedAt(db); got != later.Add(time.Hour).Unix() {
		t.Errorf("a bounce after his mail: flag %d", got)
	}
}

// A temporary failure (mailbox full, expired after retries) flags the
// address only when another failure came at least three days before and he
// has not written since.
func TestSaveBatchSoftBounce(t *testing.T) {
	db := openTest(t)
	soft := func(key string, when time.Time) keepwarm.Message {
		m := msg(key)
		m.Date = when
		m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.acme.com"}
		// as Classify leaves it: the failed recipient is its contact
		m.CustomerKey, m.Contacts, m.BouncedRecipient = "domain:acme.com", []keepwarm.Address{{Email: "bob@acme.com"}}, "bob@acme.com"
		m.BouncedSoft = []string{"bob@acme.com"}
		return m
	}
	bouncedAt := func() int64 {
		t.Helper()
		var at int64
		if err := db.r.QueryRow(`SELECT coalesce(bounced_at, 0) FROM contacts WHERE email = 'bob@acme.com'`).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, t0))
	save(t, db, at(soft("dsn1@mx", t0.Add(24*time.Hour)), "team", "INBOX", 2, t0.Add(24*time.Hour)))
	if got := bouncedAt(); got != 0 {
		t.Fatalf("one full mailbox flagged him at %d", got)
	}
	save(t, db, at(soft("dsn2@mx", t0.Add(48*time.Hour)), "team", "INBOX", 3, t0.Add(48*time.Hour)))
	if got := bouncedAt(); got != 0 {
		t.Fatalf("a second full mailbox a day later flagged him at %d", got)
	}
	// He writes; the next failure starts over.
	a2 := msg("a2@acme.com")
	a2.Date = t0.Add(72 * time.Hour)
	save(t, db, at(a2, "team", "INBOX", 4, a2.Date))
	save(t, db, at(soft("dsn3@mx", t0.Add(6*24*time.Hour)), "team", "INBOX", 5, t0.Add(6*24*time.Hour)))
	if got := bouncedAt(); got != 0 {
		t.Fatalf("a failure after his mail, the first since, flagged him at %d", got)
	}
	save(t, db, at(soft("dsn4@mx", t0.Add(10*24*time.Hour)), "team", "INBOX", 6, t0.Add(10*24*time.Hour)))
	if got := bouncedAt(); got != t0.Add(10*24*time.Hour).Unix() {
		t.Fatalf("still full four days later: flag %d", got)
	}
}

// Every failed address of a text bounce counts its failures: an Exim
// bounce names bob and ann in X-Failed-Recipients, both mailboxes full;
// the same again four days later flags both, not bob alone.
func TestSaveBatchSoftBounceEveryAddress(t *testing.T) {
	db := openTest(t)
	soft := func(key string, when time.Time) keepwarm.Message {
		m := msg(key)
		m.Date = when
		m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.acme.com"}
		m.CustomerKey, m.Contacts, m.BouncedRecipient = "domain:acme.com", []keepwarm.Address{{Email: "bob@acme.com"}}, "bob@acme.com"
		m.BouncedAlso = []string{"ann@acme.com"}
		m.BouncedSoft = []string{"bob@acme.com", "ann@acme.com"}
		return m
	}
	bouncedAt := func(email string) int64 {
		t.Helper()
		var at int64
		if err := db.r.QueryRow(`SELECT coalesce(bounced_at, 0) FROM contacts WHERE email = ?`, email).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, t0))
	save(t, db, at(soft("dsn1@mx", t0.Add(24*time.Hour)), "team", "INBOX", 2, t0.Add(24*time.Hour)))
	for _, e := range []string{"bob@acme.com", "ann@acme.com"} {
		if got := bouncedAt(e); got != 0 {
			t.Fatalf("one full mailbox flagged %s at %d", e, got)
		}
	}
	later := t0.Add(5 * 24 * time.Hour)
	save(t, db, at(soft("dsn2@mx", later), "team", "INBOX", 3, later))
	for _, e := range []string{"bob@acme.com", "ann@acme.com"} {
		if got := bouncedAt(e); got != later.Unix() {
			t.Errorf("still full four days later: %s flagged at %d, want %d", e, got, later.Unix())
		}
	}
}

func TestSaveBatchFlagged(t *testing.T) {
	db := openTest(t)
	bad := msg("sha256:0badc0de")
	bad.MessageID, bad.ParseError = "", "multipart: NextPart: EOF"
	res := save(t, db, at(msg("ok@acme.com"), "team", "INBOX", 1, t0), at(bad, "team", "INBOX", 2, t0))
	if res.New != 2 || res.Flagged != 1 {
		t.Fatalf("result = %+v; want 2 new, 1 flagged", res)
	}
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages != 2 || st.Flagged != 1 || st.Threads != 1 || st.Customers != 1 || st.Contacts != 1 || st.Copies["team"] != 2 {
		t.Fatalf("stats = %+v", st)
	}
	fl, err := db.FlaggedMessages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(fl) != 1 || fl[0].Key != bad.Key || fl[0].Mailbox != "team" || fl[0].ParseError != bad.ParseError || fl[0].ID != res.NewIDs[1] {
		t.Fatalf("flagged = %+v", fl)
	}
}

// BenchmarkSaveBatch stores batches of 500 new messages from 50 customers,
// each a reply in a References chain, as a first sync does. Message-IDs are
// random-looking (as real ones are, so index inserts land on random pages);
// each message carries a 1.5 KB raw header and a 1 KB snippet. Besides msgs/s
// (wall clock, which other load on the machine distorts) it reports the CPU
// time of the saving thread per message.
func BenchmarkSaveBatch(b *testing.B) {
	db := openTest(b)
	const size = 500
	uid := uint32(0)
	runtime.LockOSThread() // SQLite runs on the calling thread: measure it
	defer runtime.UnlockOSThread()
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		batch := make([]keepwarm.Incoming, size)
		for j := range batch {
			uid++
			c := uid % 50
			m := msg(benchID(uid))
			m.CustomerKey = fmt.Sprintf("domain:c%d.com", c)
			m.Contacts = []keepwarm.Address{{Name: "Buyer", Email: fmt.Sprintf("buyer@c%d.com", c)}}
			m.Subject, m.SubjectKey = fmt.Sprintf("Order %d", uid%400), fmt.Sprintf("order %d", uid%400)
			if uid > 50 {
				m.InReplyTo = []string{benchID(uid - 50)}
				m.References = []string{benchID(c + 1), benchID(uid - 50)}
			}
			m.RawHeader = make([]byte, 1500)
			m.Snippet = string(make([]byte, 1024))
			batch[j] = at(m, "team", "INBOX", uid, t0.Add(time.Duration(uid)*time.Second))
		}
		before := threadCPU()
		b.StartTimer()
		save(b, db, batch...)
		b.StopTimer()
		cpu += threadCPU() - before
	}
	b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*size), "cpu-µs/msg")
}

// benchID is a Message-ID that sorts randomly, like real ones.
func benchID(n uint32) string {
	return fmt.Sprintf("%08x.%d@mail.example.com", n*2654435761, n)
}

// threadCPU is the CPU time the calling OS thread has used (Linux).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestSaveBatchLeavesWriterDurable: a sync batch commits relaxed
// (synchronous=NORMAL, checkpoints left to the checkpointer), and the writer
// connection is FULL again afterwards, for the outbox and everything else it
// writes.
func TestSaveBatchLeavesWriterDurable(t *testing.T) {
	db := openTest(t)
	in := keepwarm.Incoming{
		Message: keepwarm.Message{Key: "a@x.example", MessageID: "a@x.example", RawHeader: []byte("From: a@x.example\r\n\r\n"), Kind: keepwarm.KindInbound},
		Copy:    keepwarm.Copy{Mailbox: "team", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: t0},
	}
	var during, ckptDuring int
	pragma := func(b *batchTx, name string) int {
		var v int
		rows, err := b.conn.Query("PRAGMA "+name, nil)
		if err == nil {
			err = eachRow(name, rows, func(row []driver.Value) error { v = int(integer(row[0])); return nil })
		}
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// The settings as the batch runs, seen from inside its transaction.
	if err := db.inBatchTx(context.Background(), nil, refetchable, func(b *batchTx) error {
		during, ckptDuring = pragma(b, "synchronous"), pragma(b, "wal_autocheckpoint")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveBatch(context.Background(), keepwarm.FolderState{Mailbox: "team", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: t0}, []keepwarm.Incoming{in}); err != nil {
		t.Fatal(err)
	}
	var after, ckptAfter int
	if err := db.w.Get(&after, "PRAGMA synchronous"); err != nil {
		t.Fatal(err)
	}
	if err := db.w.Get(&ckptAfter, "PRAGMA wal_autocheckpoint"); err != nil {
		t.Fatal(err)
	}
	if during != 1 || after != 2 { // 1 NORMAL, 2 FULL
		t.Fatalf("synchronous during a refetchable batch %d, after %d; want 1 then 2", during, after)
	}
	// The writer leaves the checkpoint to the checkpointer during the batch
	// and takes it back after.
	if ckptDuring != walWriterPages || ckptAfter != 1000 {
		t.Fatalf("wal_autocheckpoint during %d, after %d; want %d then 1000", ckptDuring, ckptAfter, walWriterPages)
	}
	// The checkpointer ran for the batches (polled: it runs on its own
	// goroutine, not on a schedule).
	deadline := time.Now().Add(10 * time.Second)
	for db.checkpoints.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint after the sync batches")
		}
		time.Sleep(time.Millisecond)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
}

// TestSaveBatchMarksReplyThreads: a batch queues for the reply clock the
// threads of its new inbound and outbound messages, each once, and no other
// (migration 0007 moved this from a per-row trigger into SaveBatch).
func TestSaveBatchMarksReplyThreads(t *testing.T) {
	db := openTest(t)
	in1, in2 := msg("in1@acme.com"), msg("in2@acme.com")
	in2.Subject, in2.SubjectKey = "Other question", "other question"
	reply := msg("out1@team.example")
	reply.Kind, reply.InReplyTo = keepwarm.KindOutbound, []string{"in1@acme.com"}
	note := msg("note@team.example")
	note.Kind, note.CustomerKey, note.Contacts = keepwarm.KindInternal, "", nil
	note.Subject, note.SubjectKey = "lunch", "lunch"
	auto := msg("auto@acme.com")
	auto.Kind, auto.Subject, auto.SubjectKey = keepwarm.KindAutoReply, "Out of office", "out of office"
	save(t, db, at(in1, "team", "INBOX", 1, t0), at(in2, "team", "INBOX", 2, t0),
		at(reply, "team", "INBOX", 3, t0.Add(time.Minute)), at(note, "team", "INBOX", 4, t0), at(auto, "team", "INBOX", 5, t0))

	var dirty []int64
	if err := db.w.Select(&dirty, "SELECT thread_id FROM reply_dirty ORDER BY thread_id"); err != nil {
		t.Fatal(err)
	}
	var want []int64
	if err := db.w.Select(&want, `SELECT DISTINCT thread_id FROM messages
		WHERE kind IN ('inbound', 'outbound') ORDER BY thread_id`); err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 || fmt.Sprint(dirty) != fmt.Sprint(want) {
		t.Fatalf("reply_dirty %v, want the threads of inbound and outbound mail %v (two threads)", dirty, want)
	}
	var trig int
	if err := db.w.Get(&trig, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'reply_dirty_message_insert'"); err != nil || trig != 0 {
		t.Fatalf("insert trigger still there: %d %v", trig, err)
	}
}

// A relaxed transaction (derived data) commits without waiting for the
// disk; the writer is back at synchronous=FULL for whatever comes next,
// after a failed transaction too.
func TestRelaxedTxRestoresFullSync(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for _, fail := range []bool{false, true} {
		var during int
		err := db.inRelaxedTx(ctx, func(tx *sqlx.Tx) error {
			if err := tx.Get(&during, "PRAGMA synchronous"); err != nil {
				return err
			}
			if fail {
				return errors.New("boom")
			}
			return nil
		})
		if (err != nil) != fail {
			t.Fatalf("fail=%v: %v", fail, err)
		}
		var after int
		if err := db.w.Get(&after, "PRAGMA synchronous"); err != nil {
			t.Fatal(err)
		}
		if during != 1 || after != 2 { // 1 NORMAL, 2 FULL
			t.Fatalf("fail=%v: synchronous during %d, after %d; want 1 then 2", fail, during, after)
		}
	}
}
