package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// relayMail is an inquiry passed on by from for buyer@gmail.com (Reply-To),
// as team reads its copy in a folder of role.
func relayMail(t *testing.T, team *parse.Team, from, to string, role keepwarm.FolderRole) keepwarm.Message {
	t.Helper()
	header := "From: " + from + "\r\nReply-To: Buyer <buyer@gmail.com>\r\nTo: " + to + "\r\n" +
		"Subject: New inquiry: 200 pumps\r\nDate: Thu, 01 Oct 2026 09:00:00 +0000\r\nMessage-ID: <form-1@relay.example>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"
	body := "Name: Buyer\r\nMessage: please quote 200 pumps.\r\n"
	m := team.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), role)
	if m.ParseError != "" {
		t.Fatal(m.ParseError)
	}
	return m
}

// A relayed mail stored before keepwarm knew its relay (relay_senders
// named the marketplace later) keeps its customer when another copy of it
// is read (an extra folder, a second mailbox's first sync): one message, no
// duplicate flag. So does one stored with the buyer as sender and no relay
// recorded.
func TestRelayedCopyOfMailStoredUnrelayedIsACopy(t *testing.T) {
	plain := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	named := plain.WithRelaySenders([]string{"@mkt.example"})
	const from = "Inquiry <inquiry@mkt.example>"
	for _, tt := range []struct {
		name     string
		first    func(*testing.T) keepwarm.Message
		customer string
	}{
		{"stored before relay_senders named it", func(t *testing.T) keepwarm.Message {
			return relayMail(t, plain, from, "sales@team.example", keepwarm.RoleInbox)
		}, "domain:mkt.example"},
		{"stored relayed without the relay recorded", func(t *testing.T) keepwarm.Message {
			m := relayMail(t, named, from, "sales@team.example", keepwarm.RoleInbox)
			m.RelayedBy = keepwarm.Address{}
			return m
		}, "addr:buyer@gmail.com"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			first := tt.first(t)
			if first.CustomerKey != tt.customer {
				t.Fatalf("first copy of %q; the test needs %q", first.CustomerKey, tt.customer)
			}
			r1 := save(t, db, at(first, "team", "INBOX", 1, t0.Add(time.Second)))
			again := relayMail(t, named, from, "sales@team.example", keepwarm.RoleInbox)
			if again.From.Email != "buyer@gmail.com" || again.RelayedBy.Email != "inquiry@mkt.example" {
				t.Fatalf("second copy from %q relayed by %q; the test needs it relayed", again.From.Email, again.RelayedBy.Email)
			}
			r2 := save(t, db, at(again, "team", "Leads", 1, t0.Add(2*time.Second)))
			if r2.New != 0 || r2.Copies != 1 {
				t.Fatalf("second copy saved as %+v; want a copy of message %d", r2, r1.NewIDs[0])
			}
			if n := count(t, db, `SELECT count(*) FROM messages`); n != 1 {
				t.Fatalf("%d messages; want 1", n)
			}
			if n := count(t, db, `SELECT count(*) FROM messages WHERE parse_error != ''`); n != 0 {
				t.Fatal("the message is flagged")
			}
			if n := count(t, db, `SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id WHERE c.key = ?`, tt.customer); n != 1 {
				t.Fatalf("the message is no longer %s's", tt.customer)
			}
		})
	}
}

// The README's own relay: the site's form sends through info@'s SMTP, and
// the server saves every send in info@'s Sent. The INBOX copy and the Sent
// copy are one inbound inquiry of the buyer, in either order, and its reply
// clock runs.
func TestFormMailInInboxAndSentIsOneInquiry(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, []string{"info@team.example"}, []string{"gmail.com"}).
		WithRelaySenders([]string{"info@team.example"})
	ctx := context.Background()
	const from, to = "Website <info@team.example>", "info@team.example"
	for _, sentFirst := range []bool{false, true} {
		t.Run(map[bool]string{false: "INBOX first", true: "Sent first"}[sentFirst], func(t *testing.T) {
			db := openTest(t)
			inbox := at(relayMail(t, team, from, to, keepwarm.RoleInbox), "info", "INBOX", 1, t0.Add(time.Second))
			sent := at(relayMail(t, team, from, to, keepwarm.RoleSent), "info", "Sent", 1, t0)
			if sentFirst {
				save(t, db, sent)
				save(t, db, inbox)
			} else {
				save(t, db, inbox)
				save(t, db, sent)
			}
			if n := count(t, db, `SELECT count(*) FROM messages`); n != 1 {
				var flags []string
				rows, _ := db.r.Query(`SELECT kind || ' ' || from_email || ' ' || parse_error FROM messages`)
				for rows.Next() {
					var s string
					rows.Scan(&s)
					flags = append(flags, s)
				}
				rows.Close()
				t.Fatalf("%d messages; want 1: %s", n, strings.Join(flags, "; "))
			}
			if n := count(t, db, `SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id
				WHERE m.kind = 'inbound' AND m.from_email = 'buyer@gmail.com' AND c.key = 'addr:buyer@gmail.com' AND m.parse_error = ''`); n != 1 {
				t.Fatal("the message is not the buyer's inbound inquiry")
			}
			if _, err := db.MeasureReplies(ctx, t0.Add(time.Hour), "test", testJudge); err != nil {
				t.Fatal(err)
			}
			if n := count(t, db, `SELECT count(*) FROM reply_clocks WHERE replied_at IS NULL AND covered_by IS NULL AND waived_at IS NULL`); n != 1 {
				t.Fatalf("open reply clocks = %d; want 1", n)
			}
		})
	}
}

// A no-reply system's "John is no longer with Acme, please contact
// purchasing@" with purchasing@ in Reply-To leaves purchasing@ a live
// contact, named as the successor.
func TestRelayedLeftCompanyKeepsTheSuccessor(t *testing.T) {
	db := openTest(t)
	team := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	header := "From: Acme <noreply@acme.example>\r\nReply-To: Purchasing <purchasing@acme.example>\r\nTo: lucy@team.example\r\n" +
		"Subject: Automatic reply: Quotation 4711\r\nDate: Thu, 01 Oct 2026 09:00:00 +0000\r\nMessage-ID: <ar-1@acme.example>\r\n" +
		"In-Reply-To: <q4711@team.example>\r\nAuto-Submitted: auto-generated\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	body := "John Smith is no longer with Acme. Please contact purchasing@acme.example for all inquiries.\r\n"
	m := team.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), keepwarm.RoleInbox)
	save(t, db, at(m, "team", "INBOX", 1, t0))
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'purchasing@acme.example' AND left_at IS NOT NULL`); n != 0 {
		t.Fatal("purchasing@acme.example, the address to write to, is flagged as left")
	}
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE successor = 'purchasing@acme.example'`); n != 1 {
		t.Fatal("no contact names purchasing@acme.example as its successor")
	}
}
