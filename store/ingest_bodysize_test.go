package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestCopiesByBodySize: sync fetches only the header fields keepwarm reads,
// so a copy's raw header no longer grows with the Received lines its server
// added; the body's size comes as Message.BodySize (or not at all). Copies
// stay copies and another message reusing the id stays apart, whether the
// size is known, unknown, or was stored before as size less the header.
func TestCopiesByBodySize(t *testing.T) {
	fields := []byte("From: Bob <bob@acme.com>\r\nMessage-ID: <m@acme.com>\r\nSubject: Quotation for pumps\r\n\r\n")
	fetched := func(size, body int64) keepwarm.Message {
		m := msg("m@acme.com")
		m.RawHeader, m.Size, m.BodySize = fields, size, body
		return m
	}
	db := openTest(t)
	// The customer's mail: single-part, its body size known.
	save(t, db, at(fetched(5200, 4000), "team", "INBOX", 1, t0))
	// The same mail in Bob's mailbox, its server's header 700 bytes longer.
	r := save(t, db, at(fetched(5900, 4000), "bob", "INBOX", 1, t0.Add(time.Minute)))
	if r.New != 0 || r.Copies != 1 {
		t.Errorf("a copy with a longer header saved as %+v; want a copy", r)
	}
	// A multipart copy: no body size given. Still a copy.
	r = save(t, db, at(fetched(6100, -1), "ann", "INBOX", 1, t0.Add(2*time.Minute)))
	if r.New != 0 || r.Copies != 1 {
		t.Errorf("a copy of unknown body size saved as %+v; want a copy", r)
	}
	// The same mail through a gateway that appended a disclaimer: same
	// Date, sender and subject, a longer body. Still a copy.
	r = save(t, db, at(fetched(5380, 4180), "ann", "INBOX", 2, t0.Add(3*time.Minute)))
	if r.New != 0 || r.Copies != 1 {
		t.Errorf("a copy whose body a gateway changed saved as %+v; want a copy", r)
	}
	// Without a Date, the body's size is what tells another message
	// reusing the id from a copy.
	undated := func(body int64) keepwarm.Message {
		m := fetched(1200+body, body)
		m.Key, m.MessageID, m.Date = "nodate@acme.com", "nodate@acme.com", time.Time{}
		return m
	}
	save(t, db, at(undated(4000), "team", "INBOX", 4, t0))
	r = save(t, db, at(undated(4100), "ann", "INBOX", 3, t0.Add(3*time.Minute)))
	if r.New != 1 || r.Flagged != 1 {
		t.Errorf("an undated message with another body under the same id saved as %+v; want a new flagged message", r)
	}
	if n := count(t, db, `SELECT count(*) FROM messages WHERE body_size = 4000 AND key = 'm@acme.com'`); n != 1 {
		t.Errorf("body_size stored for %d messages; want 1", n)
	}

	// A message stored by whole header (BodySize 0: size less the header,
	// as migration 0223 fills the column for rows stored before it).
	old := withBody(msg("old@acme.com"), 1200)
	old.RawHeader = []byte("Received: from mx.acme.com\r\nMessage-ID: <old@acme.com>\r\n\r\n")
	old.Size = int64(len(old.RawHeader)) + 1200
	save(t, db, at(old, "team", "INBOX", 3, t0))
	copyOf := msg("old@acme.com")
	copyOf.RawHeader, copyOf.Size, copyOf.BodySize = []byte("Message-ID: <old@acme.com>\r\n\r\n"), 9000, 1200
	if r := save(t, db, at(copyOf, "bob", "INBOX", 2, t0.Add(time.Minute))); r.New != 0 || r.Copies != 1 {
		t.Errorf("a copy of a message stored by whole header saved as %+v; want a copy", r)
	}
	if n := count(t, db, `SELECT count(*) FROM messages WHERE key = 'old@acme.com' AND body_size = 1200`); n != 1 {
		t.Errorf("the body size of a message stored by whole header is not size less the header")
	}
}

// A salesperson's plain-text mail with Cc to the team: the Sent copy as the
// client wrote it, the team INBOX copy after the company's transport rule
// appended a disclaimer. One message, two copies, nothing flagged.
func TestCopyChangedByGatewayIsACopy(t *testing.T) {
	db := openTest(t)
	m := msg("offer@team.example")
	m.Kind, m.From = keepwarm.KindOutbound, keepwarm.Address{Email: "tom@team.example"}
	m.To = []keepwarm.Address{{Email: "bob@acme.com"}}
	sent, inbox := m, m
	sent.Size, sent.BodySize = 1400, 1000
	inbox.Size, inbox.BodySize = 1700, 1180
	save(t, db, at(sent, "tom", "Sent", 1, t0))
	r := save(t, db, at(inbox, "team", "INBOX", 1, t0.Add(time.Second)))
	if r.New != 0 || r.Copies != 1 || r.Flagged != 0 {
		t.Fatalf("the INBOX copy saved as %+v; want one copy", r)
	}
	if n := count(t, db, `SELECT count(*) FROM messages`); n != 1 {
		t.Fatalf("messages = %d; want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM message_copies`); n != 2 {
		t.Fatalf("copies = %d; want 2", n)
	}
}

// A customer writes to the team list and Cc a salesperson: her INBOX gets
// the mail as sent and the list's copy, its subject tagged "[Sales] " and
// a footer added. One message, one thread, nothing flagged, whichever
// copy comes first.
func TestListCopyWithTaggedSubjectIsACopy(t *testing.T) {
	for _, listFirst := range []bool{false, true} {
		db := openTest(t)
		direct := msg("a@buyer.example")
		direct.Subject, direct.SubjectKey = "Inquiry for ball valves", "inquiry for ball valves"
		direct.Size, direct.BodySize = 1500, 1100
		list := direct
		list.Subject, list.SubjectKey = "[Sales] Inquiry for ball valves", "[sales] inquiry for ball valves"
		list.Size, list.BodySize = 1800, 1400
		first, second := direct, list
		if listFirst {
			first, second = list, direct
		}
		save(t, db, at(first, "lily", "INBOX", 1, t0))
		r := save(t, db, at(second, "lily", "INBOX", 2, t0.Add(time.Second)))
		if r.New != 0 || r.Copies != 1 || r.Flagged != 0 {
			t.Errorf("listFirst=%v: the second copy saved as %+v; want one copy, nothing flagged", listFirst, r)
		}
		if n := count(t, db, `SELECT count(*) FROM messages`); n != 1 {
			t.Errorf("listFirst=%v: messages = %d; want 1", listFirst, n)
		}
		if n := count(t, db, `SELECT count(*) FROM threads`); n != 1 {
			t.Errorf("listFirst=%v: threads = %d; want 1", listFirst, n)
		}
	}
	// Another mail reusing the id, a day later: still its own message.
	if !slices.Equal(fingerprint{date: 1, subject: "[Sales] Inquiry"}.differs(fingerprint{date: 2, subject: "Inquiry"}), []string{"date", "subject"}) {
		t.Error("a tagged subject on another date is not told apart")
	}
	if taggedSame("Quotation 2412", "tion 2412") || !taggedSame("EXT: quotation  2412", "Quotation 2412") {
		t.Error("taggedSame does not stop at a word boundary")
	}
}

// An ERP sends two mails with one fixed Message-ID in the same second:
// "Quotation 4711", then "Revised quotation 4711" with another body. The
// second is its own message, flagged for the reused id, not a copy of the
// first: only tags (in brackets, or a gateway's) make a subject the same.
func TestReusedIDWithWordsBeforeTheSubjectIsAnotherMail(t *testing.T) {
	for _, second := range []string{"Revised quotation 4711", "Re: Quotation 4711", "Urgent: Quotation 4711"} {
		db := openTest(t)
		a := msg("x@erp")
		a.From = keepwarm.Address{Email: "erp@seller.example"}
		a.Subject, a.SubjectKey = "Quotation 4711", "quotation 4711"
		a.Size, a.BodySize = 1600, 1200
		b := a
		b.Subject, b.SubjectKey = second, strings.ToLower(second)
		b.Size, b.BodySize = 1900, 1500
		save(t, db, at(a, "lily", "INBOX", 1, t0))
		r := save(t, db, at(b, "lily", "INBOX", 2, t0.Add(time.Second)))
		if n := count(t, db, `SELECT count(*) FROM messages`); n != 2 || r.Flagged != 1 {
			t.Errorf("%q: messages = %d, saved as %+v; want two messages, the second flagged", second, n, r)
		}
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"[Sales] Inquiry", "Inquiry", true},
		{"[EXTERNAL] [Sales] Inquiry", "inquiry", true},
		{"*EXTERNAL* Inquiry", "Inquiry", true},
		{"Revised Inquiry", "Inquiry", false},
		{"[PO 4711] x [Sales] Inquiry", "Inquiry", false},
		{"Fwd: [Sales] Inquiry", "Inquiry", false},
	} {
		if got := taggedSame(tc.a, tc.b); got != tc.same {
			t.Errorf("taggedSame(%q, %q) = %v; want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
