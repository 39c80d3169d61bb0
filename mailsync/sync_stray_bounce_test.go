package mailsync_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// dsnFor is a mail server's delivery report that rcpt failed, with Status
// status ("5.1.1" hard, "4.2.2" a full mailbox: temporary), returning the
// team's mail with Message-ID returned.
func dsnFor(id, rcpt, status, returned string, date time.Time) []byte {
	return []byte("Return-Path: <>\r\n" +
		"From: Mail Delivery System <MAILER-DAEMON@mx.buyer.example>\r\n" +
		"To: " + lilyUser + "\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\n" +
		"Date: " + date.Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <" + id + ">\r\n" +
		"Auto-Submitted: auto-replied\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"r1\"\r\n" +
		"\r\n" +
		"--r1\r\n" +
		"Content-Type: text/plain; charset=us-ascii\r\n" +
		"\r\n" +
		"Your message could not be delivered to one or more recipients.\r\n" +
		"\r\n" +
		"--r1\r\n" +
		"Content-Type: message/delivery-status\r\n" +
		"\r\n" +
		"Reporting-MTA: dns; mx.buyer.example\r\n" +
		"\r\n" +
		"Final-Recipient: rfc822; " + rcpt + "\r\n" +
		"Action: failed\r\n" +
		"Status: " + status + "\r\n" +
		"Diagnostic-Code: smtp; " + status[:1] + "50 " + status + " refused\r\n" +
		"\r\n" +
		"--r1\r\n" +
		"Content-Type: text/rfc822-headers\r\n" +
		"\r\n" +
		"From: Lily <" + lilyUser + ">\r\n" +
		"To: " + rcpt + "\r\n" +
		"Subject: Our new LED panels\r\n" +
		"Message-ID: <" + returned + ">\r\n" +
		"\r\n" +
		"--r1--\r\n")
}

// A cold first letter to an address that never wrote back bounces, and
// the bounce is read before the letter's Sent copy: seen live in INBOX
// before the next poll of Sent, or the copy filed in Sent by the mail
// client after the bounce came. When the letter is stored, the bounce
// flags the dead address under the letter's customer and joins that
// customer, as if it had been read after it; a temporary failure alone
// (a full mailbox) joins the customer and flags nothing.
func TestSyncBounceBeforeItsSentMail(t *testing.T) {
	for _, tc := range []struct {
		name, status string
		flagged      bool
	}{
		{"hard", "5.1.1", true},
		{"soft", "4.2.2", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
				ctx := context.Background()
				srv.AddUser(t, lilyUser, password)
				sent := t0.Add(-time.Hour)
				letter := []byte("From: Lily <" + lilyUser + ">\r\nTo: new@buyer.example\r\n" +
					"Subject: Our new LED panels\r\nDate: " + sent.Format(time.RFC1123Z) + "\r\n" +
					"Message-ID: <cold-1@" + teamDomain + ">\r\n\r\nDear buyer, please see our new panels.\r\n")
				srv.Append(t, lilyUser, "INBOX", dsnFor("dsn-1@mx.buyer.example", "new@buyer.example", tc.status,
					"cold-1@"+teamDomain, sent.Add(time.Minute)), sent.Add(time.Minute))
				db := newStore(t)
				s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.NewManualClock(t0), testLogger(t), mailsync.SyncOptions{})
				syncOnce(t, s)
				srv.Append(t, lilyUser, "Sent", letter, sent)
				syncOnce(t, s)

				msgs, err := db.GetMessages(ctx, []int64{1, 2, 3})
				if err != nil {
					t.Fatal(err)
				}
				var bounce, out keepwarm.Message
				for _, m := range msgs {
					switch m.Kind {
					case keepwarm.KindBounce:
						bounce = m
					case keepwarm.KindOutbound:
						out = m
					}
				}
				if bounce.Key == "" || out.Key == "" || out.CustomerID == 0 {
					t.Fatalf("stored %v; want the bounce and the letter, with a customer", msgs)
				}
				if bounce.CustomerID != out.CustomerID {
					t.Errorf("the bounce is of customer %d; want the letter's %d", bounce.CustomerID, out.CustomerID)
				}
				bounced, err := db.BouncedContacts(ctx, "", time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case tc.flagged && (len(bounced) != 1 || bounced[0].Email != "new@buyer.example" || bounced[0].CustomerID != out.CustomerID):
					t.Errorf("bounced contacts %+v; want new@buyer.example, of the letter's customer %d", bounced, out.CustomerID)
				case !tc.flagged && len(bounced) != 0:
					t.Errorf("bounced contacts %+v; want none for one temporary failure", bounced)
				}
				blocked, err := db.BlockedAddresses(ctx, []string{"new@buyer.example"})
				if err != nil {
					t.Fatal(err)
				}
				if got := blocked["new@buyer.example"] != ""; got != tc.flagged {
					t.Errorf("new@buyer.example blocked %v; want %v", got, tc.flagged)
				}
			})
		})
	}
}

// A first sync whose INBOX holds the bounce of a letter its Sent folder
// holds flags the dead address under the letter's customer.
func TestFirstSyncBounceOfSentMail(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		ctx := context.Background()
		srv.AddUser(t, lilyUser, password)
		sent := t0.Add(-time.Hour)
		for i := range 3 {
			to := fmt.Sprintf("new%d@buyer%d.example", i, i)
			id := fmt.Sprintf("cold-%d@%s", i, teamDomain)
			srv.Append(t, lilyUser, "Sent", []byte("From: Lily <"+lilyUser+">\r\nTo: "+to+"\r\n"+
				"Subject: Our new LED panels\r\nDate: "+sent.Format(time.RFC1123Z)+"\r\n"+
				"Message-ID: <"+id+">\r\n\r\nDear buyer, please see our new panels.\r\n"), sent)
			srv.Append(t, lilyUser, "INBOX", dsnFor(fmt.Sprintf("dsn-%d@mx.buyer.example", i), to, "5.1.1", id,
				sent.Add(time.Minute)), sent.Add(time.Minute))
		}
		db := newStore(t)
		syncOnce(t, mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.NewManualClock(t0), testLogger(t), mailsync.SyncOptions{}))
		bounced, err := db.BouncedContacts(ctx, "", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, b := range bounced {
			got[b.Email] = b.Customer
		}
		for i := range 3 {
			if got[fmt.Sprintf("new%d@buyer%d.example", i, i)] != fmt.Sprintf("domain:buyer%d.example", i) {
				t.Errorf("bounced %v; want new%d@buyer%d.example under domain:buyer%d.example", got, i, i, i)
			}
		}
	})
}
