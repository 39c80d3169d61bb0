package mailsync_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Lily invites Bob and Dave to a video call; Bob's Outlook answers
// "Accepted: …", Dave's Google Calendar "Declined: …", each with its
// text/calendar METHOD:REPLY part among the parts sync does not fetch.
// They are stored as notices, Globex's, in the invitation's thread (Bob's
// by its ids, Dave's by its title): no reply clock starts and no nudge
// falls due.
func TestSyncMeetingResponsesStartNoReplyClock(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		eml := func(name string) []byte {
			b, err := os.ReadFile(filepath.Join("parse", "testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		}
		invite := []byte("From: Lily Chen <" + lilyUser + ">\r\nTo: bob@globex.example, dave@globex.example\r\n" +
			"Subject: Video call - samples\r\nDate: Tue, 1 Dec 2026 09:50:00 +0000\r\nMessage-ID: <invite-2026-12@team.example>\r\n\r\nLet us talk about the samples.\r\n")
		srv.Append(t, lilyUser, "Sent", invite, t0)
		srv.Append(t, lilyUser, "INBOX", eml("meeting_accepted_outlook.eml"), t0.Add(time.Minute))
		srv.Append(t, lilyUser, "INBOX", eml("meeting_declined_google.eml"), t0.Add(2*time.Minute))
		db := newStore(t)
		syncOnce(t, mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))

		ctx := context.Background()
		got, err := db.GetMessages(ctx, []int64{1, 2, 3})
		if err != nil || len(got) != 3 {
			t.Fatalf("stored %d messages: %v", len(got), err)
		}
		msgs := []keepwarm.Message{got[1], got[2], got[3]}
		for _, m := range msgs[1:] {
			if m.Kind != keepwarm.KindNotice {
				t.Errorf("%q stored as %q, want a notice", m.Subject, m.Kind)
			}
		}
		if msgs[1].ThreadID != msgs[0].ThreadID {
			t.Errorf("the accept is in thread %d, the invitation in %d", msgs[1].ThreadID, msgs[0].ThreadID)
		}
		// Google's decline names no stored id: it is Globex's, a contact
		// of theirs answering, and finds the invitation by its title.
		if msgs[0].CustomerID == 0 || msgs[2].CustomerID != msgs[0].CustomerID || msgs[1].CustomerID != msgs[0].CustomerID {
			t.Errorf("customers: invitation %d, accept %d, decline %d; want the answers Globex's", msgs[0].CustomerID, msgs[1].CustomerID, msgs[2].CustomerID)
		}
		if msgs[2].ThreadID != msgs[0].ThreadID {
			t.Errorf("the decline is in thread %d, the invitation in %d", msgs[2].ThreadID, msgs[0].ThreadID)
		}
		if _, err := db.MeasureReplies(ctx, t0.Add(time.Hour), "test", func(c *keepwarm.ReplyClock) { c.Target = 10 * time.Minute }); err != nil {
			t.Fatal(err)
		}
		if due, err := db.DueNudges(ctx, t0.Add(time.Hour), 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) != 0 {
			t.Errorf("nudges due for a meeting's answer: %+v %v", due, err)
		}
		for _, m := range msgs[1:] {
			if c, err := db.ReplyClock(ctx, m.ID); err == nil {
				t.Errorf("%q has a reply clock: %+v", m.Subject, c)
			}
		}
	})
}

// Bob invites Lily to a "Quotation review" call and she accepts it in
// Outlook, which files "Accepted: Quotation review PI-2026-031" in her
// Sent with its METHOD:REPLY part: synced, it is her mail to Bob, and no
// candidate for a follow-up.
func TestSyncOwnMeetingAcceptIsNoFollowUpCandidate(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		b, err := os.ReadFile(filepath.Join("parse", "testdata", "meeting_accepted_outlook.eml"))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.Replace(b, []byte("From: Bob Stone <bob@globex.example>\nTo: Lily Chen <lily@team.example>"),
			[]byte("From: Lily Chen <"+lilyUser+">\nTo: Bob Stone <bob@globex.example>"), 1)
		b = bytes.ReplaceAll(b, []byte("Video call - samples"), []byte("Quotation review PI-2026-031"))
		b = bytes.ReplaceAll(b, []byte("invite-2026-12@team.example"), []byte("invite-031@globex.example"))
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		invite := []byte("From: Bob Stone <bob@globex.example>\r\nTo: " + lilyUser + "\r\n" +
			"Subject: Quotation review PI-2026-031\r\nDate: Tue, 1 Dec 2026 09:50:00 +0000\r\nMessage-ID: <invite-031@globex.example>\r\n\r\n" +
			"Let us go through your quotation on Thursday.\r\n")
		srv.Append(t, lilyUser, "INBOX", invite, t0)
		srv.Append(t, lilyUser, "Sent", b, t0.Add(time.Hour))
		db := newStore(t)
		syncOnce(t, mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))

		ctx := context.Background()
		got, err := db.GetMessages(ctx, []int64{1, 2})
		if err != nil || len(got) != 2 {
			t.Fatalf("stored %d messages: %v", len(got), err)
		}
		accept, inv := got[1], got[2]
		if inv.Subject != "Quotation review PI-2026-031" {
			accept, inv = inv, accept
		}
		if accept.Kind != keepwarm.KindOutbound || accept.CustomerID == 0 || accept.ThreadID != inv.ThreadID {
			t.Fatalf("Lily's accept: kind %q customer %d thread %d; the invitation's thread %d", accept.Kind, accept.CustomerID, accept.ThreadID, inv.ThreadID)
		}
		cands, err := db.EnrollCandidates(ctx, t0.Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cands {
			if c.AnchorID == accept.ID {
				t.Errorf("Lily's calendar accept is a follow-up candidate: %+v", c)
			}
		}
	})
}
