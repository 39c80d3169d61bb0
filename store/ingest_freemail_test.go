package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync/parse"
)

// parsed is mail as team reads it in a salesperson's folder of role: the
// header lines and body given, a Date and a Message-ID <id>.
func parsed(t *testing.T, team *parse.Team, id string, role keepwarm.FolderRole, body string, header ...string) keepwarm.Message {
	t.Helper()
	h := ""
	for _, l := range header {
		h += l + "\r\n"
	}
	h += "Date: Thu, 01 Oct 2026 09:00:00 +0000\r\nMessage-ID: <" + id + ">\r\n\r\n"
	m := team.Parse([]byte(h), []byte(body), int64(len(h)+len(body)), role)
	if m.ParseError != "" {
		t.Fatal(m.ParseError)
	}
	return m
}

// inquiryFrom is an inquiry from addr to Lily, as team reads it.
func inquiryFrom(t *testing.T, team *parse.Team, id, addr string) keepwarm.Message {
	return parsed(t, team, id, keepwarm.RoleInbox, "Please quote 200 pumps.\r\n",
		"From: Buyer <"+addr+">", "To: lily@team.example", "Subject: Inquiry: pumps", "Content-Type: text/plain; charset=utf-8")
}

// customerKeyOf is the key of the customer whose contact email is, "" for
// none.
func customerKeyOf(t *testing.T, db *DB, email string) string {
	t.Helper()
	var key string
	db.r.QueryRow(`SELECT c.key FROM contacts ct JOIN customers c ON c.id = ct.customer_id WHERE ct.email = ?`, email).Scan(&key)
	return key
}

// Two unrelated buyers writing from Yahoo India (yahoo.in, which the
// built-in list did not name) are two customers, as on gmail.com, not one
// "yahoo.in" company the first one's salesperson owns.
func TestBuyersAtACountryFreeMailAreTwoCustomers(t *testing.T) {
	db := openTest(t)
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	save(t, db, at(inquiryFrom(t, team, "raj-1@yahoo.in", "raj@yahoo.in"), "lily", "INBOX", 1, t0))
	save(t, db, at(inquiryFrom(t, team, "priya-1@yahoo.in", "priya@yahoo.in"), "lily", "INBOX", 2, t0.Add(time.Hour)))
	for email, want := range map[string]string{"raj@yahoo.in": "addr:raj@yahoo.in", "priya@yahoo.in": "addr:priya@yahoo.in"} {
		if got := customerKeyOf(t, db, email); got != want {
			t.Errorf("%s is a contact of %q; want %q", email, got, want)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE key LIKE 'domain:%'`); n != 0 {
		t.Errorf("%d domain customers; want none", n)
	}
}

// A customer made under a domain before the domain was taken for free mail
// is left as it is: its known contact's mail still finds it (nothing is
// split behind the salesperson's back), and a new address there is a
// customer of its own, not another contact of the old one.
func TestCustomerOfADomainNowFreeMailKeepsItsContactsOnly(t *testing.T) {
	db := openTest(t)
	before := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	save(t, db, at(inquiryFrom(t, before, "raj-1@yahoo.in", "raj@yahoo.in"), "lily", "INBOX", 1, t0))
	if got := customerKeyOf(t, db, "raj@yahoo.in"); got != "domain:yahoo.in" {
		t.Fatalf("raj@yahoo.in is of %q; the test needs the old domain:yahoo.in customer", got)
	}
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	save(t, db,
		at(inquiryFrom(t, team, "raj-2@yahoo.in", "raj@yahoo.in"), "lily", "INBOX", 2, t0.Add(time.Hour)),
		at(inquiryFrom(t, team, "priya-1@yahoo.in", "priya@yahoo.in"), "lily", "INBOX", 3, t0.Add(2*time.Hour)))
	if got := customerKeyOf(t, db, "raj@yahoo.in"); got != "domain:yahoo.in" {
		t.Errorf("raj@yahoo.in moved to %q; want him left on domain:yahoo.in", got)
	}
	if n := count(t, db, `SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id
		WHERE c.key = 'domain:yahoo.in' AND m.from_email = 'raj@yahoo.in'`); n != 2 {
		t.Errorf("%d of Raj's mails on domain:yahoo.in; want both", n)
	}
	if got := customerKeyOf(t, db, "priya@yahoo.in"); got != "addr:priya@yahoo.in" {
		t.Errorf("priya@yahoo.in is of %q; want addr:priya@yahoo.in", got)
	}
}

// A bounce whose failed address is at free mail puts an address nobody
// knows under a customer of its own, never under a customer keyed by that
// domain (one made before the domain joined the list): on free mail a
// domain names no company. A stray bounce (spam's) leaves it alone.
func TestBounceAtFreeMailDoesNotJoinTheDomainsCustomer(t *testing.T) {
	before := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	// bounceOf is the report that mail to anna@hinet.net and x@hinet.net
	// failed, returning the team's mail <ref>.
	bounceOf := func(id, ref string) keepwarm.Message {
		m := parsed(t, team, id, keepwarm.RoleInbox, "This message was created automatically by mail delivery software.\r\n",
			"From: Mail Delivery System <Mailer-Daemon@mx.team.example>", "To: lily@team.example",
			"Subject: Mail delivery failed", "In-Reply-To: <"+ref+">",
			"X-Failed-Recipients: anna@hinet.net, x@hinet.net")
		if m.Kind != keepwarm.KindBounce || m.BouncedRecipient != "anna@hinet.net" || len(m.BouncedAlso) != 1 {
			t.Fatalf("bounce read as %q for %q and %q; the test needs both failed", m.Kind, m.BouncedRecipient, m.BouncedAlso)
		}
		return m
	}
	for _, stray := range []bool{false, true} {
		t.Run(map[bool]string{false: "bounce of the team's mail", true: "stray bounce"}[stray], func(t *testing.T) {
			db := openTest(t)
			// Anna's company customer, made before hinet.net was free mail.
			save(t, db, at(inquiryFrom(t, before, "anna-1@hinet.net", "anna@hinet.net"), "lily", "INBOX", 1, t0))
			if got := customerKeyOf(t, db, "anna@hinet.net"); got != "domain:hinet.net" {
				t.Fatalf("anna@hinet.net is of %q; the test needs domain:hinet.net", got)
			}
			ref := "spam-1@team.example"
			if !stray {
				ref = "q1@team.example"
				q := parsed(t, team, ref, keepwarm.RoleSent, "Our quotation.\r\n", "From: lily@team.example",
					"To: anna@hinet.net", "Subject: Quotation", "Content-Type: text/plain; charset=utf-8") // x@hinet.net in Bcc
				save(t, db, at(q, "lily", "Sent", 1, t0.Add(time.Hour)))
			}
			save(t, db, at(bounceOf("dsn-1@mx.team.example", ref), "lily", "INBOX", 2, t0.Add(2*time.Hour)))
			got := customerKeyOf(t, db, "x@hinet.net")
			want := "addr:x@hinet.net"
			if stray {
				want = ""
			}
			if got != want {
				t.Errorf("x@hinet.net is of %q; want %q", got, want)
			}
			if got := customerKeyOf(t, db, "anna@hinet.net"); got != "domain:hinet.net" {
				t.Errorf("anna@hinet.net moved to %q", got)
			}
		})
	}
}

// A bounce stored before the team's mail it returns (INBOX read before
// Sent, the usual order of a first sync), naming only addresses nobody
// knows, waits for that mail, and keeps the free-mail rule once it is
// stored: read back from the database it has lost its parse's flag, and
// the team's rule the database was opened with tells. A failed address at
// free mail never joins the customer of its domain (Bob's, made before
// the domain joined the list); one the mail was sent to (To, Cc) is a
// customer of its own, as when the bounce is read after the mail, and one
// it was not (Bcc) is left alone, as any address a late bounce names that
// the mail never went to.
func TestBounceBeforeItsMailAtFreeMail(t *testing.T) {
	before := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), t0, FreeMail(team.IsFreeMail))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	save(t, db, at(inquiryFrom(t, before, "bob-1@hinet.net", "bob@hinet.net"), "tom", "INBOX", 1, t0))
	if got := customerKeyOf(t, db, "bob@hinet.net"); got != "domain:hinet.net" {
		t.Fatalf("bob@hinet.net is of %q; the test needs domain:hinet.net", got)
	}
	dsn := parsed(t, team, "dsn-1@mx.team.example", keepwarm.RoleInbox, "This message was created automatically by mail delivery software.\r\n",
		"From: Mail Delivery System <Mailer-Daemon@mx.team.example>", "To: lily@team.example",
		"Subject: Mail delivery failed", "In-Reply-To: <q1@team.example>",
		"X-Failed-Recipients: anna@hinet.net, x@hinet.net, y@hinet.net")
	if dsn.Kind != keepwarm.KindBounce || len(dsn.BouncedAlso) != 2 {
		t.Fatalf("bounce read as %q for %q and %q; the test needs all three failed", dsn.Kind, dsn.BouncedRecipient, dsn.BouncedAlso)
	}
	save(t, db, at(dsn, "lily", "INBOX", 2, t0.Add(2*time.Hour)))
	if got := count(t, db, `SELECT coalesce(customer_id, 0) FROM messages WHERE key = 'dsn-1@mx.team.example'`); got != 0 {
		t.Fatalf("the bounce joined customer %d before its mail was stored; the test needs it waiting", got)
	}
	q := parsed(t, team, "q1@team.example", keepwarm.RoleSent, "Our quotation.\r\n", "From: lily@team.example",
		"To: anna@hinet.net", "Cc: y@hinet.net", "Subject: Quotation", "Content-Type: text/plain; charset=utf-8") // x@hinet.net in Bcc
	save(t, db, at(q, "lily", "Sent", 1, t0.Add(time.Hour)))
	if got := count(t, db, `SELECT coalesce(customer_id, 0) FROM messages WHERE key = 'dsn-1@mx.team.example'`); got == 0 {
		t.Fatal("the bounce joined no customer once its mail was stored; the test needs it applied")
	}
	for email, want := range map[string]string{"bob@hinet.net": "domain:hinet.net", "anna@hinet.net": "addr:anna@hinet.net",
		"y@hinet.net": "addr:y@hinet.net", "x@hinet.net": ""} {
		if got := customerKeyOf(t, db, email); got != want {
			t.Errorf("%s is of %q; want %q", email, got, want)
		}
	}
	for _, email := range []string{"anna@hinet.net", "y@hinet.net"} {
		if got := bouncedAt(t, db, email); got != t0.Add(2*time.Hour).Unix() {
			t.Errorf("%s bounced at %d; want flagged at the bounce", email, got)
		}
	}
}
