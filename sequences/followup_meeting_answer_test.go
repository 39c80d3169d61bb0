package sequences_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// meetingAnswer reads mailsync's Outlook "Accepted: Video call" as sync
// would, from Hans to Lily in a thread of its own (it answers her meeting
// invitation, not the quotation), received at at; comment is what Hans
// typed above it ("Edit the response before sending"), "" for none.
func meetingAnswer(t *testing.T, comment string, at time.Time) keepwarm.Message {
	t.Helper()
	b, err := os.ReadFile("../mailsync/parse/testdata/meeting_accepted_outlook.eml")
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte("bob@globex.example"), []byte("hans@buyer.de"))
	b = bytes.ReplaceAll(b, []byte("lily@team.example"), []byte("lily@seller.example"))
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	i := bytes.Index(b, []byte("\n\n"))
	header, body := b[:i+2], b[i+2:]
	if comment != "" {
		body = bytes.Replace(body, []byte("quoted-printable\n\n"), []byte("quoted-printable\n\n"+comment+"\n"), 1)
	}
	team := parse.NewTeam([]string{"seller.example"}, nil, nil)
	m := parse.MessageFetched(parse.Fetched{Header: header, Body: body, Size: int64(len(b)), Complete: true})
	team.Classify(&m, keepwarm.RoleInbox)
	m.Date = at
	return m
}

// A buyer's calendar accepting Lily's meeting invitation is his answer:
// the follow-up of her quotation ends as answered and no "just checking"
// goes to a buyer who has a call booked with her, while the click starts
// no reply clock. Accepted with words of his own, it is his mail to
// answer: a reply clock too.
func TestAMeetingAcceptedEndsTheFollowUp(t *testing.T) {
	for _, comment := range []string{"", "Fine, but can we also discuss the MOQ?"} {
		w := newFUWorld(t, "B")
		w.run(day0.Add(time.Minute))
		m := meetingAnswer(t, comment, day0.AddDate(0, 0, 1))
		wantKind := keepwarm.KindNotice
		if comment != "" {
			wantKind = keepwarm.KindInbound
		}
		if m.Kind != wantKind {
			t.Fatalf("comment %q: kind %q, want %q", comment, m.Kind, wantKind)
		}
		w.save("lily", "INBOX", m)
		for d := 1; d <= 12; d++ {
			w.run(day0.AddDate(0, 0, d).Add(time.Hour))
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollReplied || !strings.Contains(e.Reason, "hans@buyer.de") {
			t.Errorf("comment %q: follow-up %s, %q; want ended as answered by hans@buyer.de", comment, e.Status, e.Reason)
		}
		if n := len(w.outbox()); n != 0 {
			t.Errorf("comment %q: %d step(s) queued after the buyer accepted the meeting", comment, n)
		}
		clocks := 0
		if _, err := w.db.MeasureReplies(context.Background(), day0.AddDate(0, 0, 2), "test", func(c *keepwarm.ReplyClock) {
			c.Target, c.Owner = 10*time.Minute, "lily@seller.example"
			clocks++
		}); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{false: 0, true: 1}[comment != ""]; clocks != want {
			t.Errorf("comment %q: %d reply clock(s), want %d", comment, clocks, want)
		}
	}
}
