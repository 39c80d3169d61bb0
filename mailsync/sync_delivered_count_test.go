package mailsync_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A folder's first sync asks for the Received fields only of late copies
// within the recent window: an archive uploaded months ago (every
// INTERNALDATE that day, its Dates a year before) is history read from
// its headers, and whether such a copy came late or was uploaded makes it
// arrive at one old time or another. A FETCH of its Received lines, most
// of a header's size, for every batch of it was for nothing. A buyer's
// answer delivered yesterday, days after its Date, still has its stamp
// read and arrives when it was delivered.
func TestFirstSyncReadsNoStampsOfAnArchiveUploadedLongAgo(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, lilyUser, password)
	front := mailtest.NewCommandFront(t, srv.Addr())
	now := t0.Add(400 * 24 * time.Hour)
	mail := func(id string, date, delivered time.Time) []byte {
		return []byte("Received: from mx.buyer.de (mx.buyer.de [192.0.2.7])\r\n\tby mx." + teamDomain + " with ESMTPS;\r\n\t" +
			delivered.Format(time.RFC1123Z) + "\r\n" +
			"From: Hans <hans@buyer.de>\r\nTo: Lily <" + lilyUser + ">\r\nSubject: Inquiry LED panels\r\n" +
			"Date: " + date.Format(time.RFC1123Z) + "\r\nMessage-ID: <" + id + "@buyer.de>\r\n" +
			"Content-Type: text/plain; charset=utf-8\r\n\r\nDear Lily,\r\nplease quote 2,000 LED panels.\r\n")
	}
	uploaded := now.AddDate(0, 0, -90)
	for i := range 10 {
		date := t0.Add(time.Duration(i) * time.Hour)
		srv.Append(t, lilyUser, "INBOX", mail(fmt.Sprintf("old-%d", i), date, date.Add(time.Minute)), uploaded)
	}
	delivered := now.Add(-24 * time.Hour)
	late := srv.Append(t, lilyUser, "INBOX", mail("late", delivered.Add(-5*24*time.Hour), delivered.Add(-time.Minute)), delivered)

	cfg := mailboxConfig(srv, "lily", lilyUser)
	cfg.URL.Host = front.Addr()
	db := newStore(t)
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewManualClock(now), testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)

	fetches := front.Commands("FETCH", "RECEIVED")
	if len(fetches) != 1 {
		t.Fatalf("FETCHes of the Received fields: %q; want one, of the late answer (UID %d) alone", fetches, late)
	}
	if f := fetches[0]; !strings.Contains(f, fmt.Sprintf(" FETCH %d ", late)) {
		t.Fatalf("FETCH of the Received fields %q; want of UID %d alone", f, late)
	}
	ctx := context.Background()
	if _, err := db.MeasureReplies(ctx, now, "test", func(c *keepwarm.ReplyClock) { c.Owner, c.Target = lilyUser, time.Hour }); err != nil {
		t.Fatal(err)
	}
	for id := int64(1); id <= 11; id++ {
		m, err := db.GetMessage(ctx, id)
		if err != nil {
			t.Fatalf("message %d: %v; want 11 stored", id, err)
		}
		c, err := db.ReplyClock(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", m.Key, err)
		}
		want := m.Date
		if m.Key == "late@buyer.de" {
			want = delivered
		}
		if !c.ReceivedAt.Equal(want) {
			t.Errorf("%s arrived %s; want %s", m.Key, c.ReceivedAt, want)
		}
	}
}
