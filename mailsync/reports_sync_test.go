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
	"keepwarm/store"
)

// TestSyncDeliveryReportsAndReceipts syncs, after Lily's quotation, the
// reports mail systems send about it: a delay, a delivery receipt and a
// read receipt, which flag no one and are no answer, and an Office 365
// NDR whose delivery-status part lies beyond the text sync fetches, whose
// recipient is flagged all the same. Foxmail's receipt carries its
// message/disposition-notification part in a multipart/mixed, which sync
// reads whole as it does a report.
func TestSyncDeliveryReportsAndReceipts(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		eml := func(name string) []byte {
			b, err := os.ReadFile(filepath.Join("parse", "testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		}
		quote := []byte("From: Lily Chen <" + lilyUser + ">\r\nTo: bob@globex.example, dave@globex.example\r\n" +
			"Subject: Quotation 2026-311\r\nDate: Tue, 1 Dec 2026 19:01:38 +0800\r\nMessage-ID: <q-2026-311@team.example>\r\n\r\nPlease find our quotation.\r\n")
		srv.Append(t, lilyUser, "Sent", quote, t0)
		files := []string{"dsn_delayed.eml", "dsn_delivered.eml", "mdn_read.eml", "ndr_o365.eml", "mdn_read_zh.eml"}
		for i, f := range files {
			srv.Append(t, lilyUser, "INBOX", eml(f), t0.Add(time.Duration(i+1)*time.Hour))
		}
		db := newStore(t)
		syncOnce(t, mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))

		ctx := context.Background()
		msgs, err := db.GetMessages(ctx, []int64{1, 2, 3, 4, 5, 6, 7})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]keepwarm.Kind{}
		for _, m := range msgs {
			kinds[m.Subject] = m.Kind
		}
		for subject, want := range map[string]keepwarm.Kind{
			"Delivery Status Notification (Delay)": keepwarm.KindNotice,
			"Delivered: Quotation 2026-311":        keepwarm.KindNotice,
			"Read: Quotation 2026-311":             keepwarm.KindNotice,
			"Undeliverable: Quotation 2026-311":    keepwarm.KindBounce,
			"已读: 报价单 2026-312":                     keepwarm.KindNotice, // its receipt part is in a multipart/mixed
		} {
			if kinds[subject] != want {
				t.Errorf("%q stored as %q, want %q (all: %v)", subject, kinds[subject], want, kinds)
			}
		}
		// None of them is an answer: the quotation's thread has no inbound mail.
		threads, err := db.ListThreads(ctx, store.ThreadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range threads {
			if th.LastInboundAt != nil {
				t.Errorf("thread %q (%d messages) has inbound mail at %v", th.Subject, th.Messages, th.LastInboundAt)
			}
		}
		blocked, err := db.BlockedAddresses(ctx, []string{"bob@globex.example", "dave@globex.example"})
		if err != nil {
			t.Fatal(err)
		}
		if blocked["bob@globex.example"] != "" || blocked["dave@globex.example"] == "" {
			t.Errorf("blocked %v: want dave (the NDR) and not bob (delayed, delivered, read)", blocked)
		}
	})
}
