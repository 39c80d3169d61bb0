package sequences_test

import (
	"context"
	"testing"
	"time"
)

// The team's own automatic answers are an absence unless they are a
// standing acknowledgement that promises an answer: an out-of-office that
// also says the mail arrived, or asks buyers to write to a colleague about
// their orders, still is one, in words the lists may not have.
func TestOwnAutoReplyIsAnAbsenceUnlessAStandingReceipt(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		text string
		away bool
	}{
		{"我们已收到您的邮件。本人正在休产假，期间回复会有延迟。", true},
		{"我们已收到您的邮件。本人请假中，期间回复会有延迟。", true},
		{"I have received your email. I am on paternity leave and will reply when I get back.", true},
		{"Ihre Nachricht ist bei uns eingegangen. Ich bin derzeit nicht im Haus.", true},
		{"Ihre Nachricht ist bei uns eingegangen. Ich bin derzeit in Elternzeit.", true},
		{"We are at the Canton Fair, booth 12.1. For purchase orders or a proforma please contact Maria.", true},
		{"我们正在参加广交会，如需下单请联系Maria。", true},
		{"We have received your message. Our team is at the trade fair this week.", true},
		{"Thank you for your inquiry. We have received your message and will reply within 24 hours.", false},
		{"您好，我们已收到您的询价，会在24小时内回复。", false},
		{"Wir haben Ihre Anfrage erhalten und melden uns umgehend.", false},
		// A standing responder that thanks and promises, saying nothing of
		// the mail having arrived.
		{"Thank you for your inquiry. We will reply you within 24 hours.", false},
		{"Thanks for your email, I will get back to you as soon as possible.", false},
		{"感谢您的询价，我们会在24小时内回复您。", false},
		{"Vielen Dank für Ihre Anfrage. Wir melden uns umgehend.", false},
		// The same openings from someone who is away.
		{"Thank you for your email. I am out of the office and will reply as soon as possible.", true},
		{"Thanks for your email, I will get back to you as soon as possible when I am back.", true},
		{"感谢您的来信，本人正在休假，会尽快回复。", true},
		{"Thank you for your message. I am at the Canton Fair and will reply within 2 days.", true},
		{"Thank you for your email.", true},
		// Thanks and a promise around any other word of an absence.
		{"Thank you for your email. Our office is closed for the Chinese New Year holiday and we will reply as soon as possible.", true},
		{"Thank you for your email. I am visiting customers in Germany this week and will reply as soon as possible.", true},
		{"Thanks for your message, I'm at a conference and will reply shortly.", true},
		{"Thanks for your message, I'm on a flight and will reply shortly.", true},
		{"Thank you for your email. Back in the office on Monday, I will reply as soon as possible.", true},
		{"Thank you for your email. I return on Monday and will reply as soon as possible.", true},
		{"感谢您的来信，春节放假，节后尽快回复。", true},
		{"感谢您的来信，本人在国外拜访客户，会尽快回复。", true},
		{"感谢您的来信，本人出访中，会尽快回复。", true},
	} {
		s := newAwayStore(t, at)
		ooo := ownOOO("ooo-words@acme", at, time.Time{})
		ooo.Snippet = c.text
		s.saveMail("lily", "Sent", ooo)
		to, cover, err := s.away().Recipient(context.Background(), lilyUser, at.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if c.away && (to != tomUser || cover == nil) {
			t.Errorf("Lily's automatic answer %q: her mail goes to %q; want Tom, covering", c.text, to)
		}
		if !c.away && (to != lilyUser || cover != nil) {
			t.Errorf("Lily's acknowledgement %q: her mail goes to %q, %+v; want Lily", c.text, to, cover)
		}
	}
}
