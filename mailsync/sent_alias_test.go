package mailsync_test

import (
	"context"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Lily writes from an alias of a second brand the team does not know, with
// Cc to the team mailbox. The team INBOX is synced before Lily's Sent: when
// the Sent copy is synced the mail is Lily's own to Globex, and no customer
// is left of the alias.
func TestSentCopyOfAliasMailSyncedAfterTheTeamInbox(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		srv.AddUser(t, lilyUser, password)
		raw := []byte("From: Lily <lily@brand-alias.example>\r\nTo: Buyer <buyer@globex.example>\r\n" +
			"Cc: " + salesUser + "\r\nSubject: Offer LED panels\r\nDate: Mon, 03 Mar 2025 09:00:00 +0000\r\n" +
			"Message-ID: <offer-7@brand-alias.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
			"Dear buyer,\r\nplease find our offer attached.\r\n")
		db := newStore(t)
		teamSync := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
		lilySync := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})

		srv.Append(t, salesUser, "INBOX", raw, t0.Add(5))
		syncOnce(t, teamSync)
		ctx := context.Background()
		m, err := db.GetMessage(ctx, 1)
		if err != nil || m.Kind != keepwarm.KindInbound {
			t.Fatalf("the team INBOX copy stored as %s (%v); the test needs inbound", m.Kind, err)
		}

		srv.Append(t, lilyUser, "Sent", raw, t0)
		syncOnce(t, lilySync)
		m, err = db.GetMessage(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != keepwarm.KindOutbound || m.CustomerKey != "domain:globex.example" {
			t.Fatalf("after the Sent copy: %s of %q; want outbound of domain:globex.example", m.Kind, m.CustomerKey)
		}
		if st := stats(t, db); st.Messages != 1 || st.Customers != 1 || st.Contacts != 1 {
			t.Fatalf("stats %+v; want one message, Globex and its buyer alone", st)
		}
	})
}
