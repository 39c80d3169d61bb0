package parse

import (
	"testing"
	"time"

	"keepwarm"
)

// TestAutoReplyReadsItsOwnWords: an out-of-office that quotes the mail it
// answers takes neither a return date nor a "has left" from the quote.
func TestAutoReplyReadsItsOwnWords(t *testing.T) {
	team := testTeam()
	head := []string{"From: Hans <hans@acme.example>", "To: lucy@team.example", "Subject: Automatic reply: Offer",
		"Date: Wed, 2 Dec 2026 09:00:00 +0100", "Auto-Submitted: auto-replied"}
	tests := []struct {
		name string
		body string
		kind keepwarm.Kind
		want time.Time
	}{
		{"a date in the quoted offer", "I am out of the office with limited access to e-mail.\r\n\r\n-----Original Message-----\r\nFrom: Lucy Chen\r\nSent: 1 December 2026\r\nSubject: Offer\r\nOur prices are valid until 31 December 2026.",
			keepwarm.KindAutoReply, time.Time{}},
		{"a date in an Outlook header block", "Ich bin nicht im Büro.\r\n\r\nVon: Lucy Chen\r\nGesendet: Dienstag, 1. Dezember 2026\r\nBetreff: Angebot\r\nLieferung bis 20.12.2026 möglich.",
			keepwarm.KindAutoReply, time.Time{}},
		{"a Russian date in a Chinese client's quote", "Я в отпуске.\r\n\r\n发件人: Lucy Chen\r\nЦены действительны до 31.12.2026.",
			keepwarm.KindAutoReply, time.Time{}},
		{"its own date before the quote is read", "I am back on 7 December.\r\n\r\n-----Original Message-----\r\nFrom: Lucy Chen\r\nSent: 1 December 2026\r\nOur prices are valid until 31 December 2026.",
			keepwarm.KindAutoReply, time.Date(2026, 12, 7, 0, 0, 0, 0, time.FixedZone("", 3600))},
		{"a colleague who left, named in the quote", "I am out of the office this week.\r\n\r\n-----Original Message-----\r\nFrom: Lucy Chen\r\nSent: 1 December 2026\r\nAnna has left the company; please write to me from now on.",
			keepwarm.KindAutoReply, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := msg(tt.body, head...)
			team.Classify(&m, keepwarm.RoleInbox)
			if m.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q (snippet %q)", m.Kind, tt.kind, m.Snippet)
			}
			if !m.AutoReplyUntil.Equal(tt.want) {
				t.Errorf("AutoReplyUntil = %v, want %v", m.AutoReplyUntil, tt.want)
			}
		})
	}
	// A "has left" in its own words still counts.
	m := msg("Anna has left the company. Please contact Ben Wolf, ben.wolf@acme.example.\r\n\r\n-----Original Message-----\r\nFrom: Lucy Chen\r\nSent: 1 December 2026\r\nPlease contact sales2@other.example for samples.", head...)
	team.Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindLeftCompany || m.NewContact != "ben.wolf@acme.example" {
		t.Errorf("own words: Kind %q, NewContact %q; want left_company, ben.wolf@acme.example", m.Kind, m.NewContact)
	}
}

func TestOwnPart(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Back Monday. On Tue, 1 Dec 2026 Lucy wrote: until 31 Dec", "Back Monday. On Tue, 1 Dec 2026 Lucy"},
		{"No quote here, from: nowhere", "No quote here, from: nowhere"},
		{"İstanbul ofisi kapalı. KIMDEN: Lucy KONU: Teklif", "İstanbul ofisi kapalı. "},
		{"> quoted only", ""},
	} {
		if got := ownPart(tt.in); got != tt.want {
			t.Errorf("ownPart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
