package store

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// An Exim (cPanel) text bounce for a full mailbox, with X-Failed-Recipients
// and no delivery-status part, is a temporary failure: one flags no one,
// and the follow-up goes on; a second three days later flags the address.
func TestSaveBatchSoftTextBounce(t *testing.T) {
	db := openTest(t)
	team := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	bounce := func(id string, when time.Time) keepwarm.Message {
		header := "From: Mail Delivery System <Mailer-Daemon@server.buyer.com>\r\nTo: lily@team.example\r\n" +
			"Subject: Mail delivery failed: returning message to sender\r\nX-Failed-Recipients: bob@buyer.com\r\n" +
			"Message-ID: <" + id + ">\r\nDate: " + when.Format(time.RFC1123Z) + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
		body := "This message was created automatically by mail delivery software.\r\n\r\nA message that you sent could not be delivered to one or more of its\r\n" +
			"recipients. This is a permanent error. The following address(es) failed:\r\n\r\n  bob@buyer.com\r\n    mailbox is full: retry timeout exceeded\r\n"
		m := team.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), keepwarm.RoleInbox)
		if m.Kind != keepwarm.KindBounce || m.BouncedRecipient != "bob@buyer.com" {
			t.Fatalf("parsed as %s of %q; the test needs a bounce", m.Kind, m.BouncedRecipient)
		}
		return m
	}
	bouncedAt := func() int64 {
		t.Helper()
		var at int64
		if err := db.r.QueryRow(`SELECT coalesce(bounced_at, 0) FROM contacts WHERE email = 'bob@buyer.com'`).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	first := msg("a1@buyer.com")
	first.From, first.CustomerKey, first.Contacts = keepwarm.Address{Email: "bob@buyer.com"}, "domain:buyer.com", []keepwarm.Address{{Email: "bob@buyer.com"}}
	save(t, db, at(first, "team", "INBOX", 1, t0))
	save(t, db, at(bounce("b1@server.buyer.com", t0.Add(24*time.Hour)), "team", "INBOX", 2, t0.Add(24*time.Hour)))
	if got := bouncedAt(); got != 0 {
		t.Fatalf("one full mailbox flagged him at %d", got)
	}
	save(t, db, at(bounce("b2@server.buyer.com", t0.Add(5*24*time.Hour)), "team", "INBOX", 3, t0.Add(5*24*time.Hour)))
	if got := bouncedAt(); got != t0.Add(5*24*time.Hour).Unix() {
		t.Fatalf("still full four days later: flag %d", got)
	}
}
