package sequences_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
	"keepwarm/store"
	"keepwarm/zhtext"
)

// ownMeetingAccept reads Lily's Sent copy of Outlook's "Accepted:
// subject" to Hans's meeting invitation inviteID as sync would: the
// mailsync Outlook answer with its sender and receiver swapped, a
// METHOD:REPLY part and an empty text part, received at at.
func ownMeetingAccept(t *testing.T, subject, inviteID string, at time.Time) keepwarm.Message {
	t.Helper()
	return ownMeetingAcceptWith(t, subject, inviteID, "", at)
}

// ownMeetingAcceptWith is ownMeetingAccept with text typed in its text
// part (Outlook's "Edit the response before sending").
func ownMeetingAcceptWith(t *testing.T, subject, inviteID, text string, at time.Time) keepwarm.Message {
	t.Helper()
	b, err := os.ReadFile("../mailsync/parse/testdata/meeting_accepted_outlook.eml")
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	b = bytes.Replace(b, []byte("From: Bob Stone <bob@globex.example>\nTo: Lily Chen <lily@team.example>"),
		[]byte("From: Lily Chen <lily@seller.example>\nTo: Hans Meier <hans@buyer.de>"), 1)
	b = bytes.ReplaceAll(b, []byte("Video call - samples"), []byte(subject))
	b = bytes.ReplaceAll(b, []byte("invite-2026-12@team.example"), []byte(inviteID))
	if text != "" {
		part := []byte("Content-Transfer-Encoding: quoted-printable\n\n\n--_000_")
		if !bytes.Contains(b, part) {
			t.Fatal("no empty text part to type in")
		}
		b = bytes.Replace(b, part, []byte("Content-Transfer-Encoding: quoted-printable\n\n"+text+"\n--_000_"), 1)
	}
	i := bytes.Index(b, []byte("\n\n"))
	team := parse.NewTeam([]string{"seller.example"}, nil, nil)
	m := parse.MessageFetched(parse.Fetched{Header: b[:i+2], Body: b[i+2:], Size: int64(len(b)), Complete: true})
	team.Classify(&m, keepwarm.RoleSent)
	m.Date = at
	return m
}

// Hans invites Lily to a "Quotation review PI-2026-031" call and she
// clicks Accept in Outlook, which files "Accepted: Quotation review
// PI-2026-031" in her Sent: a calendar click, not an offer waiting for
// an answer. It is not followed up, and not listed as set aside either.
func TestOwnMeetingAcceptIsNotFollowedUp(t *testing.T) {
	w := newFUWorld(t, "B")
	w.run(day0.Add(time.Minute))
	subject := "Quotation review PI-2026-031"
	invite := w.msg("inv-031@buyer.de", keepwarm.KindInbound, subject, day0.AddDate(0, 0, 1))
	invite.Snippet = "Hi Lily, let us go through the quotation on Thursday."
	w.save("lily", "INBOX", invite)
	accept := ownMeetingAccept(t, subject, "inv-031@buyer.de", day0.AddDate(0, 0, 1).Add(time.Hour))
	if accept.Kind != keepwarm.KindOutbound || !accept.CalendarReply {
		t.Fatalf("Lily's accept: kind %q, calendar reply %v", accept.Kind, accept.CalendarReply)
	}
	w.save("lily", "Sent", accept)
	for d := 1; d <= 14; d++ {
		w.run(day0.AddDate(0, 0, d).Add(2 * time.Hour))
	}
	ctx := context.Background()
	list, err := w.db.ListEnrollments(ctx, w.cid)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		m, err := w.db.GetMessage(ctx, e.AnchorID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Key == accept.Key {
			t.Errorf("Lily's calendar accept is followed up: %+v", e)
		}
	}
	// Hans's invitation answered the quotation: nothing goes to him.
	for _, it := range w.outbox() {
		t.Errorf("queued to Hans after he invited Lily to a call: %q", it.Subject)
	}
	skips, err := w.db.FollowUpSkips(ctx, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range skips {
		if m, err := w.db.GetMessage(ctx, s.MessageID); err == nil && m.Key == accept.Key {
			t.Errorf("the accept is listed as set aside: %+v", s)
		}
	}
}

// A follow-up by hand ("Follow up" on the thread, `sequences enroll
// --thread`) and its preview anchor on Lily's latest real mail in the
// thread, never on her calendar's accept: Hans would get "Re: Accepted:
// Quotation review …" quoting a click. A thread with none is refused,
// saying why.
func TestManualFollowUpSkipsOwnMeetingAccept(t *testing.T) {
	w := newFUWorld(t, "B")
	ctx := context.Background()
	subject := "Quotation review PI-2026-031"
	quote := w.msg("q-031@seller.example", keepwarm.KindOutbound, subject, day0.AddDate(0, 0, 1))
	quote.Snippet = "Dear Hans, please find our quotation PI-2026-031 attached."
	w.save("lily", "Sent", quote)
	invite := w.msg("inv-031@buyer.de", keepwarm.KindInbound, "Re: "+subject, day0.AddDate(0, 0, 2), "q-031@seller.example")
	invite.Snippet = "Hi Lily, let us go through the quotation on Thursday."
	w.save("lily", "INBOX", invite)
	w.save("lily", "Sent", ownMeetingAccept(t, subject, "inv-031@buyer.de", day0.AddDate(0, 0, 2).Add(time.Hour)))
	// A call Hans asked for on his own: his invitation and her accept.
	w.save("lily", "INBOX", w.msg("inv-040@buyer.de", keepwarm.KindInbound, "Call about packaging", day0.AddDate(0, 0, 3)))
	call := ownMeetingAccept(t, "Call about packaging", "inv-040@buyer.de", day0.AddDate(0, 0, 3).Add(time.Hour))
	call.Key, call.MessageID = "acc-040@seller.example", "acc-040@seller.example"
	w.save("lily", "Sent", call)

	threads, err := w.db.ListThreads(ctx, store.ThreadFilter{Customer: "domain:buyer.de"})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, th := range threads {
		switch {
		case strings.Contains(th.Subject, "Quotation review"):
			seen++
			c, err := w.db.ThreadAnchor(ctx, th.ID)
			if err != nil {
				t.Fatalf("anchor of the quotation's thread: %v", err)
			}
			if m, err := w.db.GetMessage(ctx, c.AnchorID); err != nil || m.Key != quote.Key {
				t.Errorf("the quotation's thread is followed up on %q (%v), want Lily's quotation", m.Key, err)
			}
			e, _ := w.job.EnrollThread(ctx, w.db, th.ID, "", day0.AddDate(0, 0, 4))
			if e.ID != 0 {
				if m, _ := w.db.GetMessage(ctx, e.AnchorID); m.Key != quote.Key {
					t.Errorf("enrolled by hand on %q, want Lily's quotation", m.Key)
				}
			}
		case strings.Contains(th.Subject, "packaging"):
			seen++
			c, err := w.db.ThreadAnchor(ctx, th.ID)
			if keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND || !strings.Contains(fmt.Sprint(err), "calendar") {
				t.Errorf("the call's thread, with only Lily's calendar accept: anchor %+v, %v; want refused, saying why", c, err)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("threads: %+v", threads)
	}
}

// googleDecline is Google Calendar's decline of Lily's event title from
// from, as sync reads it: no id of the invitation's, the meeting's title
// and time in the subject, a METHOD:REPLY part.
func googleDecline(t *testing.T, id, from, title string, at time.Time) keepwarm.Message {
	t.Helper()
	header := "From: " + from + "\r\nTo: lily@seller.example\r\nSubject: Declined: " + title +
		" @ Thu 5 Nov 2026 3pm - 4pm (CET) (lily@seller.example)\r\nMessage-ID: <" + id + ">\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
	body := "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n" +
		"--b1\r\nContent-Type: text/calendar; charset=utf-8; method=REPLY\r\n\r\n" +
		"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nSUMMARY:" + title + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n--b1--\r\n"
	team := parse.NewTeam([]string{"seller.example"}, nil, nil)
	m := team.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindNotice || !m.CalendarReply {
		t.Fatalf("the decline: kind %q, calendar reply %v; the test needs a calendar's notice", m.Kind, m.CalendarReply)
	}
	m.Date = at
	return m
}

// Lily's "Call" mail to Hans is followed up. Dave, another of the
// buyer's contacts, declines her Google event "Call" of another day:
// his calendar's answer, keyed "call", is not Hans's conversation and
// does not end its follow-up as answered by Dave.
func TestColleaguesCalendarAnswerLeavesAFollowUpOfTheSameTitle(t *testing.T) {
	w := newFUWorldAnchor(t, "B", "", nil, "Call")
	w.run(day0.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
		t.Fatalf("Hans's follow-up: %s (%s)", e.Status, e.Reason)
	}
	dave := w.msg("rfq-9@buyer.de", keepwarm.KindInbound, "RFQ valves", day0.Add(time.Hour))
	dave.From, dave.Contacts = keepwarm.Address{Name: "Dave Wu", Email: "dave@buyer.de"}, []keepwarm.Address{{Name: "Dave Wu", Email: "dave@buyer.de"}}
	w.save("lily", "INBOX", dave)
	w.save("lily", "INBOX", googleDecline(t, "dec-9@buyer.de", "Dave Wu <dave@buyer.de>", "Call", day0.Add(2*time.Hour)))
	w.run(day0.Add(3 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
		t.Errorf("Hans's follow-up after Dave declined another \"Call\": %s (%s)", e.Status, e.Reason)
	}
}

// Lily accepts Hans's invitation with words of her own ("Edit the
// response before sending"): a real offer, maybe. It is not followed up
// as "Re: Accepted: …" by itself, but listed among the mails not followed
// up, saying why, in English and Chinese; by hand it may be.
func TestOwnMeetingAcceptWithWordsIsListedNotFollowedUp(t *testing.T) {
	w := newFUWorld(t, "B")
	w.run(day0.Add(time.Minute))
	ctx := context.Background()
	subject := "Quotation review PI-2026-031"
	invite := w.msg("inv-031@buyer.de", keepwarm.KindInbound, subject, day0.AddDate(0, 0, 1))
	invite.Snippet = "Hi Lily, let us go through the quotation on Thursday."
	w.save("lily", "INBOX", invite)
	accept := ownMeetingAcceptWith(t, subject, "inv-031@buyer.de",
		"Looking forward to it. I attach the revised quotation PI-2026-031; please confirm the 500 pcs by Friday.",
		day0.AddDate(0, 0, 1).Add(time.Hour))
	if accept.Kind != keepwarm.KindOutbound || !accept.CalendarReply || !accept.CalendarWords {
		t.Fatalf("Lily's accept: kind %q, calendar reply %v, words %v", accept.Kind, accept.CalendarReply, accept.CalendarWords)
	}
	w.save("lily", "Sent", accept)
	for d := 1; d <= 3; d++ {
		w.run(day0.AddDate(0, 0, d).Add(2 * time.Hour))
	}
	list, err := w.db.ListEnrollments(ctx, w.cid)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if m, _ := w.db.GetMessage(ctx, e.AnchorID); m.Key == accept.Key {
			t.Errorf("Lily's calendar accept with words is followed up by itself: %+v", e)
		}
	}
	skips, err := w.db.FollowUpSkips(ctx, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, s := range skips {
		if m, err := w.db.GetMessage(ctx, s.MessageID); err == nil && m.Key == accept.Key {
			listed = s.Reason == keepwarm.SkipCalendarWords && strings.Contains(s.Detail, "follow it up by hand")
			if zh := zhtext.Err(s.Detail); !strings.Contains(zh, "手动跟进") {
				t.Errorf("the reason in Chinese: %q", zh)
			}
		}
	}
	if !listed {
		t.Errorf("Lily's calendar accept with words is not listed as set aside, with why: %+v", skips)
	}
	// By hand, it is what the thread follows up.
	threads, err := w.db.ListThreads(ctx, store.ThreadFilter{Customer: "domain:buyer.de"})
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range threads {
		if strings.Contains(th.Subject, "Quotation review") {
			c, err := w.db.ThreadAnchor(ctx, th.ID)
			if m, _ := w.db.GetMessage(ctx, c.AnchorID); err != nil || m.Key != accept.Key {
				t.Errorf("by hand the thread follows up %q (%v), want Lily's accept with her words", m.Key, err)
			}
		}
	}
}
