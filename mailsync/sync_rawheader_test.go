package mailsync_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
)

// TestRawHeaderOfOlderMultipartMail: a Russian buyer's client wrote the
// subject and the names of a multipart/alternative message in raw
// windows-1251 bytes and labelled only its text part. The message is
// older than the recent window, so a first sync reads history from
// headers, but the header alone cannot say the charset (guessed, "Иван
// Петров" reads as GB18030 "肉囗 襄蝠钼", and the backfill never reads the
// names again): this message's text is read before it is stored, and the
// contact, the message and the thread carry the names and subject the
// buyer wrote. The plain ASCII message beside it still waits for the
// backfill.
func TestRawHeaderOfOlderMultipartMail(t *testing.T) {
	enc := func(s string) string {
		b, err := charmap.Windows1251.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	raw := "From: " + enc("Иван Петров") + " <ivan@zavod.example>\r\nTo: " + enc("Анна") + " <" + salesUser + ">\r\n" +
		"Subject: " + enc("Счёт на оплату") + "\r\nDate: Mon, 05 Jan 2026 09:00:00 +0000\r\nMessage-ID: <raw1251@zavod.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + enc("Добрый день, счёт во вложении.") + "\r\n" +
		"--b\r\nContent-Type: text/html; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>" + enc("Добрый день, счёт во вложении.") + "</p>\r\n--b--\r\n"
	plain := "From: Bob <bob@acme.example>\r\nTo: " + salesUser + "\r\nSubject: Inquiry\r\nDate: Mon, 05 Jan 2026 10:00:00 +0000\r\n" +
		"Message-ID: <ascii-1@acme.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease quote 500 pcs.\r\n--b--\r\n"

	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	srv.Append(t, salesUser, "INBOX", []byte(raw), t0)
	srv.Append(t, salesUser, "INBOX", []byte(plain), t0)
	path := filepath.Join(t.TempDir(), "kw.db")
	db := openStore(t, path)
	// historyNow is 90 days after t0: both messages are older than the
	// recent window.
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(historyNow), testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)

	type row struct {
		fromName, subject, thread, contact, snippet string
		pending                                     bool
	}
	read := func(key string) row {
		t.Helper()
		sdb, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		var r row
		if err := sdb.QueryRow(`SELECT m.from_name, m.subject, th.subject, coalesce(c.name, ''), m.snippet, m.text_pending
			FROM messages m JOIN threads th ON th.id = m.thread_id
			LEFT JOIN contacts c ON c.email = m.from_email
			WHERE m.key = ?`, key).Scan(&r.fromName, &r.subject, &r.thread, &r.contact, &r.snippet, &r.pending); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		return r
	}
	want := func(r row) {
		t.Helper()
		if r.fromName != "Иван Петров" || r.contact != "Иван Петров" || r.subject != "Счёт на оплату" || r.thread != "Счёт на оплату" {
			t.Errorf("stored from %q, contact %q, subject %q, thread %q; want Иван Петров and Счёт на оплату", r.fromName, r.contact, r.subject, r.thread)
		}
	}
	r := read("raw1251@zavod.example")
	want(r)
	if r.pending || r.snippet == "" {
		t.Errorf("the raw-header message waits for its text (%v, snippet %q): its header alone could not say its charset", r.pending, r.snippet)
	}
	if p := read("ascii-1@acme.example"); !p.pending {
		t.Errorf("the ASCII message beside it was stored with its text: the history was not read from headers, the test shows nothing")
	}
	if _, err := s.FillTexts(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	want(read("raw1251@zavod.example"))
	if p := read("ascii-1@acme.example"); p.pending || p.snippet == "" {
		t.Errorf("after the backfill the ASCII message still waits: %+v", p)
	}
}

// TestTextFillMendsAHeaderReadInAWrongCharset: before sync read such mail's
// text first (and still when a server sends no text for it, as here), a
// message like the one above, a reply, was stored from its header alone,
// its raw windows-1251 names and subject guessed as GB18030. The backfill
// reads its text with its part's label and mends the message's subject
// and sender's name, the thread's title (the subject without its "Re:",
// as ingest titles a thread) and the contacts' names, each only where it
// is still the wrong reading: a contact someone renamed meanwhile keeps
// its name.
func TestTextFillMendsAHeaderReadInAWrongCharset(t *testing.T) {
	enc := func(s string) string {
		b, err := charmap.Windows1251.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	header := "From: " + enc("Иван Петров") + " <ivan@zavod.example>\r\nTo: " + enc("Анна") + " <" + salesUser + ">\r\n" +
		"Cc: " + enc("Ольга") + " <olga@zavod.example>, " + enc("Пётр") + " <petr@zavod.example>\r\n" +
		"Subject: Re: " + enc("Счёт на оплату") + "\r\nDate: Mon, 05 Jan 2026 09:00:00 +0000\r\nMessage-ID: <raw1251@zavod.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n"
	raw := header + "\r\n" +
		"--b\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + enc("Добрый день, счёт во вложении.") + "\r\n--b--\r\n"
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	uid := srv.Append(t, salesUser, "INBOX", []byte(raw), t0)
	path := filepath.Join(t.TempDir(), "kw.db")
	db := openStore(t, path)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(historyNow), testLogger(t), mailsync.SyncOptions{})
	// The server sends no text for it: sync stores it from its header.
	srv.OmitFetch("INBOX", uid, true)
	syncOnce(t, s)
	srv.OmitFetch("INBOX", 0, false)

	head := team().ParseFetched(parse.Fetched{Header: []byte(header + "\r\n"), Size: int64(len(raw)), TextPending: true}, keepwarm.RoleInbox)
	if head.From.Name == "Иван Петров" || strings.Contains(head.Subject, "Счёт") || len(head.Cc) != 2 {
		t.Fatalf("the header alone reads from %q subject %q cc %+v: the test shows nothing", head.From.Name, head.Subject, head.Cc)
	}
	sdb, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	read := func() (fromName, subject, thread, snippet string, pending bool) {
		t.Helper()
		if err := sdb.QueryRow(`SELECT m.from_name, m.subject, th.subject, m.snippet, m.text_pending FROM messages m JOIN threads th ON th.id = m.thread_id
			WHERE m.key = 'raw1251@zavod.example'`).Scan(&fromName, &subject, &thread, &snippet, &pending); err != nil {
			t.Fatal(err)
		}
		return
	}
	if fromName, subject, thread, _, pending := read(); !pending || fromName != head.From.Name || subject != head.Subject || thread == subject || !strings.HasSuffix(subject, thread) {
		t.Fatalf("stored from the header: pending %v from %q subject %q thread %q; want the header's reading, the thread titled without the Re:", pending, fromName, subject, thread)
	}
	for email, want := range map[string]string{"ivan@zavod.example": head.From.Name, "olga@zavod.example": head.Cc[0].Name} {
		var name string
		if err := sdb.QueryRow(`SELECT name FROM contacts WHERE email = ?`, email).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != want {
			t.Fatalf("stored from the header: contact %s is named %q; want the header's reading %q", email, name, want)
		}
	}
	// Renamed by hand since.
	if _, err := sdb.Exec(`UPDATE contacts SET name = 'Pyotr Sidorov' WHERE email = 'petr@zavod.example'`); err != nil {
		t.Fatal(err)
	}

	if _, err := s.FillTexts(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	fromName, subject, thread, snippet, pending := read()
	if pending || snippet == "" {
		t.Fatalf("not filled: pending %v snippet %q", pending, snippet)
	}
	if fromName != "Иван Петров" || subject != "Re: Счёт на оплату" || thread != "Счёт на оплату" {
		t.Errorf("after the backfill: from %q subject %q thread %q; want Иван Петров, Re: Счёт на оплату and Счёт на оплату", fromName, subject, thread)
	}
	for email, want := range map[string]string{"ivan@zavod.example": "Иван Петров", "olga@zavod.example": "Ольга", "petr@zavod.example": "Pyotr Sidorov"} {
		var name string
		if err := sdb.QueryRow(`SELECT name FROM contacts WHERE email = ?`, email).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != want {
			t.Errorf("contact %s is named %q; want %q", email, name, want)
		}
	}
}
