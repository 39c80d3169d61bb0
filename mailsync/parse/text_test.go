package parse

import (
	"strings"
	"testing"

	"keepwarm"
)

// Outbound mail keeps its text with its line breaks (a follow-up quotes it);
// HTML-only mail gets one line per paragraph or <br>; inbound mail keeps
// none.
func TestOutboundMailKeepsItsLines(t *testing.T) {
	team := testTeam()
	plain := "From: Lily <lily@team.example>\r\nTo: Hans Meier <hans@buyer.de>\r\nSubject: Quotation\r\n" +
		"Message-ID: <q1@team.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	body := "Dear Mr. Meier,\r\n\r\nplease find our quotation attached.\r\nPrices are valid for 30 days.   \r\n\r\n\r\n\r\nBest regards,\r\nLily\r\n"
	m := team.Parse([]byte(plain), []byte(body), int64(len(plain)+len(body)), keepwarm.RoleSent)
	want := "Dear Mr. Meier,\n\nplease find our quotation attached.\nPrices are valid for 30 days.\n\nBest regards,\nLily"
	if m.Kind != keepwarm.KindOutbound || m.Text != want || m.TextCut {
		t.Fatalf("outbound text %q (kind %s, cut %v), want %q", m.Text, m.Kind, m.TextCut, want)
	}
	if strings.Contains(m.Snippet, "\n") {
		t.Fatalf("snippet %q has a line break", m.Snippet)
	}

	html := "From: Lily <lily@team.example>\r\nTo: Hans Meier <hans@buyer.de>\r\nSubject: Quotation\r\n" +
		"Message-ID: <q2@team.example>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	hbody := "<html><body><p>Dear Mr.\r\nMeier,</p><p>please find our <b>quotation</b> attached.<br>Valid 30 days.</p><div>Lily</div></body></html>"
	m = team.Parse([]byte(html), []byte(hbody), int64(len(html)+len(hbody)), keepwarm.RoleSent)
	want = "Dear Mr. Meier,\n\nplease find our quotation attached.\nValid 30 days.\n\nLily"
	if m.Text != want {
		t.Fatalf("HTML-only outbound text %q, want lines %q", m.Text, want)
	}

	in := strings.Replace(strings.Replace(plain, "From: Lily <lily@team.example>", "From: Hans Meier <hans@buyer.de>", 1),
		"To: Hans Meier <hans@buyer.de>", "To: Lily <lily@team.example>", 1)
	m = team.Parse([]byte(in), []byte(body), int64(len(in)+len(body)), keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindInbound || m.Text != "" {
		t.Fatalf("inbound mail keeps text %q (kind %s)", m.Text, m.Kind)
	}
	cut := team.Parse([]byte(plain), []byte(body), int64(len(plain)+len(body))+5000, keepwarm.RoleSent)
	if !cut.TextCut {
		t.Fatal("a prefix of a longer message is not marked cut")
	}
}
