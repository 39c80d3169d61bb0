package parse

import (
	"testing"

	"keepwarm"
)

// Salvage reads a buyer's mail as inbound of a known customer only, the
// team's own and Sent's as internal, and gives up without a sender.
func TestSalvageReadsTheHeaderWithoutClassifying(t *testing.T) {
	team := NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	header := []byte("From: =?utf-8?b?SGFucyBNw7xsbGVy?= <Hans@Buyer.de>\r\nTo: lily@team.example\r\n" +
		"Subject: Re: Quotation\r\nMessage-ID: <a1@buyer.de>\r\nIn-Reply-To: <q1@team.example>\r\n" +
		"References: <q0@team.example> <q1@team.example>\r\n\r\n")
	m, ok := team.Salvage(header, keepwarm.RoleInbox)
	if !ok || m.Key != "a1@buyer.de" || m.Kind != keepwarm.KindInbound || m.CustomerKey != "domain:buyer.de" || !m.KnownCustomerOnly ||
		m.From.Email != "hans@buyer.de" || m.From.Name != "Hans Müller" || len(m.InReplyTo) != 1 || len(m.References) != 2 ||
		m.SubjectKey != "quotation" || len(m.Contacts) != 1 {
		t.Fatalf("salvaged %+v, %v", m, ok)
	}
	if m, ok := team.Salvage(header, keepwarm.RoleSent); !ok || m.Kind != keepwarm.KindInternal || m.CustomerKey != "" {
		t.Fatalf("in Sent: %s of %q, %v; want internal, no customer", m.Kind, m.CustomerKey, ok)
	}
	own := []byte("From: lily@team.example\r\nTo: tom@team.example\r\nMessage-ID: <q2@team.example>\r\n\r\n")
	if m, ok := team.Salvage(own, keepwarm.RoleInbox); !ok || m.Kind != keepwarm.KindInternal || m.CustomerKey != "" {
		t.Fatalf("the team's own: %s of %q, %v; want internal, no customer", m.Kind, m.CustomerKey, ok)
	}
	if _, ok := team.Salvage([]byte("Subject: no sender\r\nMessage-ID: <x@y>\r\n\r\n"), keepwarm.RoleInbox); ok {
		t.Fatal("salvaged a message with no sender")
	}
}

// A mail system's report read from its header alone is a bounce naming no
// one, with no customer or contact; a read receipt a notice; an automatic
// answer by its header one with no return date, of a known customer only.
func TestSalvageAutomaticMailByItsHeader(t *testing.T) {
	team := NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	head := "To: lily@team.example\r\nSubject: x\r\nMessage-ID: <m1@example.net>\r\nIn-Reply-To: <q1@team.example>\r\n"
	for _, c := range []struct {
		name, header string
		want         keepwarm.Kind
	}{
		{"Gmail's DSN", "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\n" + head +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n", keepwarm.KindBounce},
		{"Postfix's", "From: MAILER-DAEMON@mx.buyer.de (Mail Delivery System)\r\n" + head + "\r\n", keepwarm.KindBounce},
		{"a report from a customer's address", "From: hans@buyer.de\r\n" + head + "Content-Type: multipart/report; report-type=delivery-status\r\n\r\n", keepwarm.KindBounce},
		{"Exim's", "From: hans@buyer.de\r\n" + head + "X-Failed-Recipients: hans@buyer.de\r\n\r\n", keepwarm.KindBounce},
		{"the team's postmaster", "From: postmaster@team.example\r\n" + head + "\r\n", keepwarm.KindBounce},
		{"a read receipt", "From: hans@buyer.de\r\n" + head + "Content-Type: multipart/report; report-type=disposition-notification\r\n\r\n", keepwarm.KindNotice},
		{"auto-replied", "From: hans@buyer.de\r\n" + head + "Auto-Submitted: auto-replied\r\n\r\n", keepwarm.KindAutoReply},
		{"auto-generated", "From: hans@buyer.de\r\n" + head + "Auto-Submitted: auto-generated\r\n\r\n", keepwarm.KindAutoReply},
		{"X-Autoreply", "From: hans@buyer.de\r\n" + head + "X-Autoreply: yes\r\n\r\n", keepwarm.KindAutoReply},
		{"X-Autorespond", "From: hans@buyer.de\r\n" + head + "X-Autorespond: 1\r\n\r\n", keepwarm.KindAutoReply},
		{"Precedence auto_reply", "From: hans@buyer.de\r\n" + head + "Precedence: auto_reply\r\n\r\n", keepwarm.KindAutoReply},
		{"Precedence bulk", "From: hans@buyer.de\r\n" + head + "Precedence: bulk\r\n\r\n", keepwarm.KindAutoReply},
		{"Precedence junk", "From: hans@buyer.de\r\n" + head + "Precedence: junk\r\n\r\n", keepwarm.KindAutoReply},
		{"Auto-Submitted no", "From: hans@buyer.de\r\n" + head + "Auto-Submitted: no\r\n\r\n", keepwarm.KindInbound},
	} {
		m, ok := team.Salvage([]byte(c.header), keepwarm.RoleInbox)
		if !ok || m.Kind != c.want || len(m.InReplyTo) != 1 {
			t.Errorf("%s: %s, %v; want %s in the thread", c.name, m.Kind, ok, c.want)
			continue
		}
		switch c.want {
		case keepwarm.KindBounce, keepwarm.KindNotice:
			if m.CustomerKey != "" || len(m.Contacts) != 0 || m.BouncedRecipient != "" {
				t.Errorf("%s: customer %q, contacts %+v, bounced %q; want none", c.name, m.CustomerKey, m.Contacts, m.BouncedRecipient)
			}
		default:
			if m.CustomerKey != "domain:buyer.de" || !m.KnownCustomerOnly || !m.AutoReplyUntil.IsZero() {
				t.Errorf("%s: customer %q, known only %v, until %s; want buyer.de, known only, no date", c.name, m.CustomerKey, m.KnownCustomerOnly, m.AutoReplyUntil)
			}
		}
	}
}

// The team's own mail to a customer, in Sent or From a team address, is
// outbound of a known customer only (a salesperson's unreadable answer
// still answers); the team's own automatic answer stays internal.
func TestSalvageTheTeamsAnswerIsOutbound(t *testing.T) {
	team := NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	answer := []byte("From: Lily <lily@team.example>\r\nTo: Hans <hans@buyer.de>\r\nCc: tom@team.example\r\n" +
		"Subject: Re: Inquiry\r\nMessage-ID: <r1@team.example>\r\nIn-Reply-To: <i1@buyer.de>\r\n\r\n")
	for _, role := range []keepwarm.FolderRole{keepwarm.RoleSent, keepwarm.RoleInbox} {
		m, ok := team.Salvage(answer, role)
		if !ok || m.Kind != keepwarm.KindOutbound || m.CustomerKey != "domain:buyer.de" || !m.KnownCustomerOnly ||
			len(m.Contacts) != 1 || m.Contacts[0].Email != "hans@buyer.de" {
			t.Fatalf("in %s: %s of %q, contacts %+v, known only %v, %v; want outbound of buyer.de known only, Hans its contact",
				role, m.Kind, m.CustomerKey, m.Contacts, m.KnownCustomerOnly, ok)
		}
	}
	ooo := []byte("From: lily@team.example\r\nTo: hans@buyer.de\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <o1@team.example>\r\n\r\n")
	if m, ok := team.Salvage(ooo, keepwarm.RoleInbox); !ok || m.Kind != keepwarm.KindInternal || m.CustomerKey != "" {
		t.Fatalf("the team's out-of-office: %s of %q, %v; want internal, no customer", m.Kind, m.CustomerKey, ok)
	}
}

// Mail without a Message-ID is keyed as parse keys it, by its origin
// fields: its copies in two folders are one message.
func TestSalvageKeysMailWithoutMessageIDByItsOrigin(t *testing.T) {
	team := NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	header := []byte("From: hans@buyer.de\r\nTo: lily@team.example\r\nSubject: Inquiry\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\n")
	m, ok := team.Salvage(header, keepwarm.RoleInbox)
	want := Message(header, nil, 100)
	if !ok || m.Key == "" || m.Key != want.Key || m.KeyAlias != want.KeyAlias {
		t.Fatalf("salvaged key %q alias %q; want parse's %q alias %q", m.Key, m.KeyAlias, want.Key, want.KeyAlias)
	}
}
