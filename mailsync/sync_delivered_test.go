package mailsync_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A buyer's answers that reached the inbox days after their Date, each
// with its server's fresh Received stamp, arrived when they were
// delivered, after the quotation they answer: one whose sender's clock is
// a day behind (read with the folder's first sync, from its header
// first), and one that waited in an Outbox from the day after the
// quotation (read as new mail). Taken for their Date as uploads, both
// fell before the quotation or its first follow-up and stopped nothing.
func TestLateAnswersArriveWhenDelivered(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		quote := "From: Lily <" + lilyUser + ">\r\nTo: Hans <hans@buyer.de>\r\nSubject: Quotation LED panels\r\n" +
			"Date: " + t0.Format(time.RFC1123Z) + "\r\nMessage-ID: <q1@" + teamDomain + ">\r\n" +
			"Content-Type: text/plain; charset=utf-8\r\n\r\nDear Hans,\r\nour quotation.\r\n"
		answer := func(id string, date, delivered time.Time) []byte {
			return []byte("Received: from mx.buyer.de (mx.buyer.de [192.0.2.7])\r\n\tby mx." + teamDomain + " with ESMTPS;\r\n\t" +
				delivered.Format(time.RFC1123Z) + "\r\n" +
				"Received: from laptop ([10.0.0.2]) by mx.buyer.de; " + date.Format(time.RFC1123Z) + "\r\n" +
				"From: Hans <hans@buyer.de>\r\nTo: Lily <" + lilyUser + ">\r\nSubject: Re: Quotation LED panels\r\n" +
				"Date: " + date.Format(time.RFC1123Z) + "\r\nMessage-ID: <" + id + "@buyer.de>\r\n" +
				"In-Reply-To: <q1@" + teamDomain + ">\r\nReferences: <q1@" + teamDomain + ">\r\n" +
				"Content-Type: text/plain; charset=utf-8\r\n\r\nDear Lily,\r\nwe accept.\r\n")
		}
		day := 24 * time.Hour
		srv.Append(t, lilyUser, "Sent", []byte(quote), t0)
		behind := t0.Add(3 * day)
		srv.Append(t, lilyUser, "INBOX", answer("a1", t0.Add(-day), behind.Add(-time.Minute)), behind)
		db := newStore(t)
		outbox := t0.Add(4 * day)
		// Live mail: synced as it comes, within the recent window.
		clock := keepwarm.NewManualClock(behind.Add(time.Hour))
		s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), clock, testLogger(t), mailsync.SyncOptions{})
		syncOnce(t, s)
		clock.Set(outbox.Add(time.Hour))
		srv.Append(t, lilyUser, "INBOX", answer("a2", t0.Add(day), outbox.Add(-time.Minute)), outbox)
		syncOnce(t, s)

		ctx := context.Background()
		q, err := db.GetMessage(ctx, 1)
		if err != nil || q.Key != "q1@"+teamDomain {
			t.Fatalf("message 1 is %q (%v); the test needs the quotation", q.Key, err)
		}
		e := keepwarm.Enrollment{ThreadID: q.ThreadID, CustomerID: q.CustomerID, AnchorID: q.ID, AnchorAt: t0,
			To: []keepwarm.Address{{Email: "hans@buyer.de"}}}
		events, err := db.EnrollmentEvents(ctx, e, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 || !events[0].ReceivedAt.Equal(behind) || !events[1].ReceivedAt.Equal(outbox) {
			t.Fatalf("answers after the quotation: %+v; want the one delivered %s and the one delivered %s", events, behind, outbox)
		}
	})
}
