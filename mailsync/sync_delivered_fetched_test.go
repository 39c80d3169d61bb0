package mailsync_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Old customer mail that Gmail's "Check mail from other accounts" (or
// fetchmail) collects from an old mailbox today carries a fresh stamp of
// that collection on top and today's INTERNALDATE, and old mail a rule
// redirects today a fresh delivery under its Resent-Date: neither was
// delivered today. Both arrive at their Date, as an import does: no
// reply clock of today, no nudge (nor the "received" draft the first
// nudge makes). Read as delivered today, a year of old inquiries each
// started a reply clock and nudged at once.
func TestFetchedOldMailArrivesAtItsDate(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		now := t0.Add(400 * 24 * time.Hour)
		date := t0
		mail := func(id, top string) []byte {
			return []byte(top +
				"Received: from mx.buyer.de (mx.buyer.de [192.0.2.7])\r\n\tby mx.old-domain.example with ESMTPS id 7Q;\r\n\t" +
				date.Add(time.Minute).Format(time.RFC1123Z) + "\r\n" +
				"From: Hans <hans@buyer.de>\r\nTo: Lily <" + lilyUser + ">\r\nSubject: Inquiry LED panels\r\n" +
				"Date: " + date.Format(time.RFC1123Z) + "\r\nMessage-ID: <" + id + "@buyer.de>\r\n" +
				"Content-Type: text/plain; charset=utf-8\r\n\r\nDear Lily,\r\nplease quote 2,000 LED panels.\r\n")
		}
		pop := "Received: from pop.old-domain.example (pop.old-domain.example [192.0.2.9])\r\n\tby mx." + teamDomain +
			" with POP3 id a1b2c3\r\n\tfor <" + lilyUser + ">\r\n\t(single-drop); " + now.Add(-time.Minute).Format(time.RFC1123Z) + "\r\n"
		redirect := "Received: from out." + teamDomain + " by mx." + teamDomain + " with ESMTPS id 8R; " +
			now.Add(-time.Minute).Format(time.RFC1123Z) + "\r\nResent-From: <tom@" + teamDomain + ">\r\nResent-Date: " +
			now.Add(-2*time.Minute).Format(time.RFC1123Z) + "\r\n"
		srv.Append(t, lilyUser, "INBOX", mail("i1", pop), now)
		srv.Append(t, lilyUser, "INBOX", mail("i2", redirect), now)
		db := newStore(t)
		s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.NewManualClock(now), testLogger(t), mailsync.SyncOptions{})
		syncOnce(t, s)

		ctx := context.Background()
		if _, err := db.MeasureReplies(ctx, now, "test", func(c *keepwarm.ReplyClock) { c.Owner, c.Target = lilyUser, time.Hour }); err != nil {
			t.Fatal(err)
		}
		for id := int64(1); id <= 2; id++ {
			c, err := db.ReplyClock(ctx, id)
			if err != nil {
				t.Fatalf("message %d: %v; the test needs the inquiries stored", id, err)
			}
			if !c.ReceivedAt.Equal(date) {
				t.Errorf("message %d arrived %s; want its Date %s", id, c.ReceivedAt, date)
			}
		}
		due, err := db.DueNudges(ctx, now.Add(10*time.Minute), 5*time.Minute, now.Add(-30*24*time.Hour))
		if err != nil || len(due) != 0 {
			t.Fatalf("nudges due %+v (%v); want none for year-old mail", due, err)
		}
	})
}
