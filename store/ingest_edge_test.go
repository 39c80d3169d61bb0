package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// withBody gives m a full size: header plus body bytes.
func withBody(m keepwarm.Message, body int64) keepwarm.Message {
	m.Size = int64(len(m.RawHeader)) + body
	return m
}

func TestSaveBatchDuplicateMessageID(t *testing.T) {
	for _, oneBatch := range []bool{false, true} {
		db := openTest(t)
		first := withBody(msg("same-id@acme.com"), 1200)
		// Another message reusing the id: its own date, subject and body.
		other := withBody(msg("same-id@acme.com"), 3400)
		other.Date, other.Subject, other.SubjectKey = t0.Add(26*time.Hour), "Re: Quotation for pumps", "quotation for pumps"
		other.RawHeader = []byte("Message-ID: <same-id@acme.com>\r\nSubject: Re: Quotation for pumps\r\n")
		other.Size = int64(len(other.RawHeader)) + 3400

		var res keepwarm.SaveResult
		if oneBatch {
			res = save(t, db, at(first, "team", "INBOX", 1, t0), at(other, "team", "INBOX", 2, t0.Add(26*time.Hour)))
		} else {
			save(t, db, at(first, "team", "INBOX", 1, t0))
			res = save(t, db, at(other, "team", "INBOX", 2, t0.Add(26*time.Hour)))
		}
		if n := count(t, db, `SELECT count(*) FROM messages`); n != 2 {
			t.Fatalf("oneBatch=%v: messages = %d; want 2 (the second is not a copy of the first)", oneBatch, n)
		}
		if res.Flagged != 1 {
			t.Errorf("oneBatch=%v: Flagged = %d; want 1", oneBatch, res.Flagged)
		}
		if n := count(t, db, `SELECT count(DISTINCT thread_id) FROM messages`); n != 1 {
			t.Errorf("oneBatch=%v: threads = %d; want both in one", oneBatch, n)
		}
		var subject, flag, mid string
		db.r.QueryRow(`SELECT subject, parse_error, message_id FROM messages WHERE key != 'same-id@acme.com'`).Scan(&subject, &flag, &mid)
		if subject != "Re: Quotation for pumps" || mid != "same-id@acme.com" ||
			!strings.Contains(flag, "duplicate Message-ID <same-id@acme.com>") || !strings.Contains(flag, "date") {
			t.Errorf("oneBatch=%v: second message subject %q message_id %q parse_error %q", oneBatch, subject, mid, flag)
		}

		// Copies stay copies: the first seen again by another server (more
		// header lines, same body), and the second in another mailbox.
		relayed := first
		relayed.RawHeader = []byte("Received: from mx.acme.com by mail.team.example\r\nMessage-ID: <same-id@acme.com>\r\n")
		relayed.Size = int64(len(relayed.RawHeader)) + 1200
		r := save(t, db, at(relayed, "bob", "INBOX", 1, t0.Add(time.Minute)), at(other, "bob", "INBOX", 2, t0.Add(27*time.Hour)))
		if r.New != 0 || r.Copies != 2 || count(t, db, `SELECT count(*) FROM messages`) != 2 {
			t.Errorf("oneBatch=%v: copies saved as %+v; want 2 copies and still 2 messages", oneBatch, r)
		}
	}
}

func TestThreadTitledByEarliestMessage(t *testing.T) {
	inquiry := msg("inq-1@acme.com")
	inquiry.Subject, inquiry.SubjectKey = "Inquiry for  LED lamps", "inquiry for led lamps"
	answer := msg("ans-1@team.example")
	answer.Kind, answer.From = keepwarm.KindOutbound, keepwarm.Address{Email: "ann@team.example"}
	answer.Subject, answer.SubjectKey = "RE: Inquiry for LED lamps", "inquiry for led lamps"
	answer.InReplyTo, answer.References = []string{"inq-1@acme.com"}, []string{"inq-1@acme.com"}

	title := func(db *DB) string {
		var s string
		if err := db.r.Get(&s, `SELECT subject FROM threads`); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// Sent is synced before INBOX: the answer is seen first.
	db := openTest(t)
	save(t, db, at(answer, "ann", "Sent", 1, t0.Add(2*time.Hour)))
	if got := title(db); got != "Inquiry for LED lamps" {
		t.Errorf("title from a lone reply = %q; want its subject without the prefix", got)
	}
	save(t, db, at(inquiry, "team", "INBOX", 1, t0))
	threads, err := db.ListThreads(context.Background(), ThreadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(threads) != 1 || threads[0].Subject != "Inquiry for LED lamps" {
		t.Errorf("threads = %+v; want one, titled by the inquiry", threads)
	}
	// A later message does not retitle.
	late := withSubject(reply("late@acme.com", t0.Add(48*time.Hour), "ans-1@team.example"), "something else")
	late.Subject = "AW: Something else"
	save(t, db, at(late, "team", "INBOX", 2, t0.Add(48*time.Hour)))
	if got := title(db); got != "Inquiry for LED lamps" {
		t.Errorf("after a later message the title is %q", got)
	}

	// Both in one batch, the later one first.
	db = openTest(t)
	inquiry.Subject = "Lamps"
	inquiry.SubjectKey = "lamps"
	save(t, db, at(answer, "team", "INBOX", 2, t0.Add(2*time.Hour)), at(inquiry, "team", "INBOX", 1, t0))
	if got := title(db); got != "Lamps" {
		t.Errorf("one batch: title %q; want Lamps", got)
	}

	// Two threads merged by a message that bridges them: the survivor takes
	// the title of the earlier one.
	db = openTest(t)
	child := withSubject(reply("child@acme.com", t0.Add(5*time.Hour), "parent@acme.com"), "pumps")
	child.Subject = "Re: Pumps"
	root := withSubject(reply("root@team.example", t0), "offer")
	root.Subject = "Offer"
	save(t, db, at(child, "team", "INBOX", 1, t0.Add(5*time.Hour)))
	save(t, db, at(root, "ann", "Sent", 1, t0))
	bridge := reply("bridge@acme.com", t0.Add(6*time.Hour), "root@team.example", "child@acme.com")
	save(t, db, at(bridge, "team", "INBOX", 2, t0.Add(6*time.Hour)))
	if n := count(t, db, `SELECT count(*) FROM threads`); n != 1 {
		t.Fatalf("threads = %d; want the two merged", n)
	}
	if got := title(db); got != "Offer" {
		t.Errorf("merged title %q; want Offer (the earliest message)", got)
	}
}

func TestThreadTitle(t *testing.T) {
	for _, tt := range []struct{ subject, key, want string }{
		{"RE: AW: Order  No. 7", "order no. 7", "Order No. 7"},
		{"Order", "order", "Order"},
		{"回复：询价", "询价", "询价"},
		{"Re:", "", "Re:"},
		{"Declined: Video call - samples @ Thu 3 Dec 2026 3pm - 4pm (CST) (lily@team.example)", "video call - samples", "Video call - samples"},
		{"İstanbul fair", "i̇stanbul fair", "İstanbul fair"}, // lower-casing changed its length: kept whole
	} {
		if got := threadTitle(tt.subject, tt.key); got != tt.want {
			t.Errorf("threadTitle(%q, %q) = %q; want %q", tt.subject, tt.key, got, tt.want)
		}
	}
}

func TestListThreadsLeavesOutStandaloneAutoReply(t *testing.T) {
	db := openTest(t)
	inquiry := msg("inq@acme.com")
	save(t, db, at(inquiry, "team", "INBOX", 1, t0))
	ooo := msg("ooo@acme.com")
	ooo.Kind, ooo.Subject, ooo.SubjectKey = keepwarm.KindAutoReply, "Out of office until Monday", "out of office until monday"
	save(t, db, at(ooo, "team", "INBOX", 2, t0.Add(time.Hour)))

	list := func(f ThreadFilter) []string {
		threads, err := db.ListThreads(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, th := range threads {
			out = append(out, th.Subject)
		}
		return out
	}
	if got := list(ThreadFilter{}); len(got) != 1 || got[0] != "Quotation for pumps" {
		t.Errorf("default list = %q; want the inquiry only", got)
	}
	for _, f := range []ThreadFilter{{Customer: "domain:acme.com"}, {Customer: "bob@acme.com"}, {Internal: true}} {
		if got := list(f); len(got) != 2 {
			t.Errorf("%+v: %q; want the auto-reply listed with its customer", f, got)
		}
	}
}
