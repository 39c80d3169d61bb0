package store

import (
	"testing"
	"time"

	"keepwarm"
)

// calendarAnswer is a calendar's answer to a meeting invitation from
// from to to, as its copy in role's folder holds it: an empty text part
// and a text/calendar METHOD=REPLY part, no id of the invitation's.
func calendarAnswer(t *testing.T, id, from, to, subject string, role keepwarm.FolderRole) keepwarm.Message {
	t.Helper()
	header := "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n" +
		"Date: Thu, 01 Oct 2026 10:00:00 +0000\r\nMessage-ID: <" + id + ">\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
	body := "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n" +
		"--b1\r\nContent-Type: text/calendar; charset=utf-8; method=REPLY\r\n\r\n" +
		"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nSUMMARY:Pump review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n--b1--\r\n"
	m := aliasTeam.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), role)
	if m.ParseError != "" || !m.CalendarReply {
		t.Fatalf("parsed %s (%s), calendar reply %v; the test needs a calendar's answer", m.Kind, m.ParseError, m.CalendarReply)
	}
	return m
}

// Every message carrying a calendar's answer is marked, the team's own
// accept in Sent too (the follow-up leaves it alone). A customer's
// contact's answer is that customer's, in the invitation's thread by its
// title; a stranger's makes no customer and no contact.
func TestCalendarAnswersMarkedAndTheirContactsCustomer(t *testing.T) {
	db := openTest(t)
	in := msg("inq-1@acme.com")
	in.Subject, in.SubjectKey = "Pump review", "pump review"
	save(t, db, at(in, "lily", "INBOX", 1, t0.Add(-time.Hour)))

	own := calendarAnswer(t, "acc-1@team.example", "Lily <lily@team.example>", "Bob <bob@acme.com>", "Accepted: Pump review", keepwarm.RoleSent)
	save(t, db, at(own, "lily", "Sent", 1, t0))
	if n := count(t, db, `SELECT count(*) FROM messages WHERE message_id = 'acc-1@team.example' AND kind = 'outbound' AND calendar_reply = 1`); n != 1 {
		t.Errorf("Lily's own accept is not an outbound message marked calendar_reply")
	}

	bob := calendarAnswer(t, "dec-1@acme.com", "Bob <bob@acme.com>", "lily@team.example",
		"Declined: Pump review @ Thu 1 Oct 2026 3pm - 4pm (CST) (lily@team.example)", keepwarm.RoleInbox)
	stranger := calendarAnswer(t, "dec-2@stranger.example", "Carol <carol@stranger.example>", "lily@team.example",
		"Declined: Pump review @ Thu 1 Oct 2026 3pm - 4pm (CST) (lily@team.example)", keepwarm.RoleInbox)
	if bob.Kind != keepwarm.KindNotice || stranger.Kind != keepwarm.KindNotice {
		t.Fatalf("kinds %s, %s; the test needs notices", bob.Kind, stranger.Kind)
	}
	save(t, db, at(bob, "lily", "INBOX", 2, t0.Add(time.Minute)), at(stranger, "lily", "INBOX", 3, t0.Add(2*time.Minute)))
	if n := count(t, db, `SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id
		WHERE m.message_id = 'dec-1@acme.com' AND c.key = 'domain:acme.com' AND m.calendar_reply = 1
		AND m.thread_id = (SELECT thread_id FROM messages WHERE message_id = 'inq-1@acme.com')`); n != 1 {
		t.Errorf("Bob's decline is not Acme's, marked, in the invitation's thread")
	}
	if n := count(t, db, `SELECT count(*) FROM messages WHERE message_id = 'dec-2@stranger.example' AND customer_id IS NULL`); n != 1 {
		t.Errorf("a stranger's decline has a customer")
	}
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'carol@stranger.example'`) +
		count(t, db, `SELECT count(*) FROM customers WHERE key = 'domain:stranger.example'`); n != 0 {
		t.Errorf("a stranger's decline made %d contact(s) or customer(s)", n)
	}
}

// A calendar's answer threaded by the meeting's title joins only a
// conversation its sender is on: Google Calendar's "Declined: Call @ …"
// from Bob must not land in Anna's old "Call" thread (and end her
// follow-up as answered by him). Its own thread is titled by the
// meeting, not by Google's whole subject.
func TestCalendarAnswerJoinsOnlyItsSendersThread(t *testing.T) {
	db := openTest(t)
	anna := msg("call-1@acme.com")
	anna.From, anna.Contacts = keepwarm.Address{Name: "Anna", Email: "anna@acme.com"}, []keepwarm.Address{{Name: "Anna", Email: "anna@acme.com"}}
	anna.Subject, anna.SubjectKey = "Call", "call"
	bob := msg("rfq-1@acme.com") // Bob is Acme's contact already
	bob.Subject, bob.SubjectKey = "RFQ valves", "rfq valves"
	save(t, db, at(anna, "lily", "INBOX", 1, t0.Add(-2*time.Hour)), at(bob, "lily", "INBOX", 2, t0.Add(-time.Hour)))

	dec := calendarAnswer(t, "dec-call@acme.com", "Bob <bob@acme.com>", "lily@team.example",
		"Declined: Call @ Thu 1 Oct 2026 3pm - 4pm (CST) (lily@team.example)", keepwarm.RoleInbox)
	if dec.Kind != keepwarm.KindNotice || dec.SubjectKey != "call" {
		t.Fatalf("kind %s key %q; the test needs a notice keyed \"call\"", dec.Kind, dec.SubjectKey)
	}
	save(t, db, at(dec, "lily", "INBOX", 3, t0))
	if n := count(t, db, `SELECT count(*) FROM messages WHERE message_id = 'dec-call@acme.com'
		AND thread_id = (SELECT thread_id FROM messages WHERE message_id = 'call-1@acme.com')`); n != 0 {
		t.Errorf("Bob's decline joined Anna's thread")
	}
	if n := count(t, db, `SELECT count(*) FROM threads t JOIN messages m ON m.thread_id = t.id
		WHERE m.message_id = 'dec-call@acme.com' AND t.subject = 'Call'`); n != 1 {
		var title string
		db.r.QueryRow(`SELECT t.subject FROM threads t JOIN messages m ON m.thread_id = t.id WHERE m.message_id = 'dec-call@acme.com'`).Scan(&title)
		t.Errorf("the decline's thread is titled %q, want the meeting's title", title)
	}
}
