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
	own := []byte("From: lily@team.example\r\nTo: hans@buyer.de\r\nMessage-ID: <q2@team.example>\r\n\r\n")
	if m, ok := team.Salvage(own, keepwarm.RoleInbox); !ok || m.Kind != keepwarm.KindInternal || m.CustomerKey != "" {
		t.Fatalf("the team's own: %s of %q, %v; want internal, no customer", m.Kind, m.CustomerKey, ok)
	}
	if _, ok := team.Salvage([]byte("Subject: no sender\r\nMessage-ID: <x@y>\r\n\r\n"), keepwarm.RoleInbox); ok {
		t.Fatal("salvaged a message with no sender")
	}
}
