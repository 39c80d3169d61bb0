package parse

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// msg parses a test message made of header lines (joined with CRLF) and a
// body.
func msg(body string, lines ...string) keepwarm.Message {
	h := []byte(strings.Join(lines, "\r\n") + "\r\n\r\n")
	return Message(h, []byte(body), int64(len(h)+len(body)))
}

func TestTeam(t *testing.T) {
	team := testTeam()
	for email, want := range map[string]bool{
		"sales@team.example":      true,
		"SALES@TEAM.EXAMPLE":      true,
		"boss@cn.team.example":    true, // subdomain
		"lucy.private@gmail.com":  true, // listed address on free mail
		"other@gmail.com":         false,
		"x@notteam.example":       false,
		"x@team.example.evil.com": false,
		"":                        false,
	} {
		if got := team.IsTeam(email); got != want {
			t.Errorf("IsTeam(%q) = %v, want %v", email, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	const (
		from     = "From: Buyer <buyer@acme.example>"
		toSales  = "To: sales@team.example"
		neutral  = "Subject: Thanks"
		fromTeam = "From: Lucy <lucy@team.example>"
	)
	tests := []struct {
		name     string
		role     keepwarm.FolderRole
		body     string
		lines    []string
		kind     keepwarm.Kind
		customer string
		contacts string
	}{
		{"plain inbound", "", "", []string{from, toSales, neutral}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"Auto-Submitted: no is a person", "", "", []string{from, toSales, neutral, "Auto-Submitted: no"}, keepwarm.KindInbound, "domain:acme.example", ""},
		{"Auto-Submitted auto-replied", "", "", []string{from, toSales, neutral, "Auto-Submitted: auto-replied"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"Auto-Submitted auto-generated reading as an absence", "", "I am out of the office until Monday.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "", ""},
		{"Auto-Submitted auto-generated acknowledgement", "", "We have received your request. Ticket #4711 was created.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "", ""},
		{"Auto-Submitted auto-generated helpdesk receipt", "", "Your request (#48213) has been received and is being reviewed by our support staff.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "", ""},
		{"Auto-Submitted auto-notified reading as an absence", "", "Ich bin im Urlaub und ab 7. Januar wieder im Büro.", []string{from, toSales, neutral, "Auto-Submitted: auto-notified"}, keepwarm.KindAutoReply, "", ""},
		{"Exchange's out-of-office as auto-generated in words not known is an auto-reply", "", "I will be out until Monday 5 January with no access to email. For urgent matters please contact Bob.", []string{from, toSales, "Subject: Automatic reply: Quotation", "Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"Outlook's blank out-of-office as auto-generated is an auto-reply", "", "", []string{from, toSales, "Subject: Automatic reply: Quotation", "Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"a blank auto-generated mail is an auto-reply", "", "", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"an auto-generated absence saying it is out until a day is an auto-reply", "", "I will be out until Monday 5 January with no access to email.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"a helpdesk passing on a person's answer under an automatic-reply subject is inbound", "", "Li Wei commented: we are out of stock, please send the proforma.", []string{from, toSales, "Subject: Automatic reply: [Ticket #4711]", "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"a helpdesk passing on a person's answer is inbound", "", "Ticket #4711 – Li Wei commented: Thanks, please send the proforma for 200 pcs.", []string{"From: Purchasing <purchasing@acme.example>", toSales, "Subject: [Ticket #4711] Re: Offer LED panels", "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.example", "purchasing@acme.example"},
		{"a helpdesk's comment under an automatic footer is inbound", "", "Li Wei commented: We are back from the fair, please quote 300 pcs. This is an automatically generated email.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"auto-generated mail with a person's words is inbound", "", "Thanks, please send the proforma for 200 pcs, we order this week.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"X-Autoreply", "", "", []string{from, toSales, neutral, "X-Autoreply: yes"}, keepwarm.KindAutoReply, "", ""},
		{"X-Autorespond", "", "", []string{from, toSales, neutral, "X-Autorespond: Out of office"}, keepwarm.KindAutoReply, "", ""},
		{"Precedence auto_reply", "", "", []string{from, toSales, neutral, "Precedence: auto_reply"}, keepwarm.KindAutoReply, "", ""},
		{"Exchange rule pair", "", "", []string{from, toSales, neutral, "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: buyer@acme.example"}, keepwarm.KindAutoReply, "", ""},
		{"Exchange rule pair naming another address is a redirected customer mail", "", "", []string{from, "To: lucy@team.example", neutral, "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: info@team.example"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"Exchange rule pair: loop address in another case", "", "", []string{from, toSales, neutral, "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: <Buyer@Acme.Example>"}, keepwarm.KindAutoReply, "", ""},
		{"X-Auto-Response-Suppress alone is ordinary Outlook mail", "", "", []string{from, toSales, neutral, "X-Auto-Response-Suppress: All"}, keepwarm.KindInbound, "", ""},
		{"subject Automatic reply", "", "This is an automatic reply: I am travelling this week.", []string{from, toSales, "Subject: Automatic reply: Quotation"}, keepwarm.KindAutoReply, "", ""},
		{"subject Automatic reply behind a gateway's tag", "", "This is an automatic reply: I am travelling this week.", []string{from, toSales, "Subject: [EXTERNAL] Automatic reply: Quotation"}, keepwarm.KindAutoReply, "", ""},
		{"subject Out of Office", "", "I am out of the office until Monday.", []string{from, toSales, "Subject: Out of Office: Quotation"}, keepwarm.KindAutoReply, "", ""},
		{"subject 自动回复", "", "您好，我正在休假，1月5日回来。", []string{from, toSales, "Subject: 自动回复: 报价"}, keepwarm.KindAutoReply, "", ""},
		{"subject Fuera de la oficina", "", "Estoy de vacaciones hasta el 7 de enero.", []string{from, toSales, "Subject: Fuera de la oficina: Cotización"}, keepwarm.KindAutoReply, "", ""},
		{"subject Automatyczna odpowiedź", "", "Dziękuję za wiadomość. Jestem na urlopie do 4 stycznia.", []string{from, toSales, "Subject: Automatyczna odpowiedź: Oferta"}, keepwarm.KindAutoReply, "", ""},
		{"subject 休假 (Chinese, not 自动回复)", "", "本人12月28日至1月4日休假，期间邮件可能无法及时回复。", []string{from, toSales, "Subject: 休假通知"}, keepwarm.KindAutoReply, "", ""},
		{"a customer's order titled Out of office is inbound", "", "Dear Lily, please quote 200 task chairs and 40 desks for our new Hamburg branch, delivery in March.", []string{from, toSales, "Subject: Out of office furniture order 2027"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"subject alone without a text is no auto-reply", "", "", []string{from, toSales, "Subject: Auto reply: Quotation"}, keepwarm.KindInbound, "", ""},
		{"subject mentioning out of office later is a person", "", "", []string{from, toSales, "Subject: Re: out of office next week?"}, keepwarm.KindInbound, "", ""},
		{"team member's out-of-office to a customer is no reply", "", "", []string{fromTeam, "To: buyer@acme.example", neutral, "Auto-Submitted: auto-replied"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"List-Id", "", "", []string{from, toSales, neutral, "List-Id: <news.acme.example>"}, keepwarm.KindBulk, "", ""},
		{"List-Unsubscribe", "", "", []string{from, toSales, neutral, "List-Unsubscribe: <mailto:u@acme.example>"}, keepwarm.KindBulk, "", ""},
		{"auto-generated list mail is bulk", "", "", []string{from, toSales, neutral, "Auto-Submitted: auto-generated", "List-Id: <x>"}, keepwarm.KindBulk, "", ""},
		{"customer mail through the team's own group list is inbound", "", "", []string{from, toSales, neutral, "List-Id: <sales.team.example>", "List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@team.example>", "Precedence: list"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"a newsletter through the team's group list is bulk", "", "", []string{"From: Supplier News <news@supplier-news.com>", toSales, neutral, "List-Id: Sales <sales.team.example>", "List-Unsubscribe: <https://example.us21.list-manage.com/unsubscribe?u=1&id=2>, <mailto:sales+unsubscribe@team.example>", "Feedback-ID: us21:123:mailchimp", "Precedence: list"}, keepwarm.KindBulk, "", ""},
		{"a campaign tool's newsletter through the team's group list is bulk", "", "", []string{"From: Fair <info@fair.example>", toSales, neutral, "List-Id: <sales.team.example>", "X-Mailgun-Sid: abc", "X-Campaign: fair-2027", "Precedence: list"}, keepwarm.KindBulk, "", ""},
		{"a certified sender's mailing through the team's group list is bulk", "", "", []string{"From: Messe <news@messe.example>", toSales, neutral, "List-Id: <sales.team.example>", "X-CSA-Complaints: csa-complaints@eco.de", "Precedence: list"}, keepwarm.KindBulk, "", ""},
		{"customer mail sent through Amazon SES (WorkMail) via the team's Google Group is inbound", "", "", []string{from, toSales, "Subject: Re: Quotation 4711", "In-Reply-To: <q4711@team.example>", "List-Id: <sales.team.example>", "List-Unsubscribe: <mailto:googlegroups-manage+123+unsubscribe@googlegroups.com>", "X-SES-Outgoing: 2026.12.05-54.240.1.1", "Feedback-ID: 1.eu-west-1.abc=:AmazonSES", "Precedence: list"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"a helpdesk relaying a buyer's words through SendGrid via the team's Google Group is inbound", "", "Li Wei commented: please send the proforma", []string{from, toSales, neutral, "List-Id: <sales.team.example>", "X-SG-EID: x", "Precedence: list"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"customer mail sent through Mailgun via the team's Google Group is inbound", "", "", []string{from, toSales, neutral, "List-Id: <sales.team.example>", "X-Mailgun-Sid: abc", "Precedence: list"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"an unsubscribe link elsewhere through the team's group list is bulk", "", "", []string{"From: SEO <seo@spam.example>", toSales, neutral, "List-Id: <sales.team.example>", "List-Unsubscribe: <https://mail.spam.example/u/1>", "Auto-Submitted: auto-generated"}, keepwarm.KindBulk, "", ""},
		{"customer mail through the team's Google Group with its own unsubscribe links is inbound", "", "", []string{from, toSales, neutral, "List-Id: <sales.team.example>", "List-Unsubscribe: <mailto:googlegroups-manage+123+unsubscribe@googlegroups.com>, <https://groups.google.com/a/team.example/group/sales/subscribe>", "Precedence: list"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"customer mail through the team's Mailman list on a subdomain is inbound", "", "", []string{from, toSales, neutral, "List-Id: Sales <sales.lists.team.example>", "Precedence: bulk"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"an out-of-office through the team's group list is an auto-reply", "", "", []string{from, toSales, neutral, "List-Id: <sales.team.example>", "Auto-Submitted: auto-replied"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"an absence generated through the team's group list is an auto-reply", "", "I am on holiday until 5 January.", []string{from, toSales, neutral, "List-Id: <sales.team.example>", "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"the team's group list rewrote a customer's From to its own: the sender is in Reply-To", "", "", []string{"From: 'Hans Meier' via Sales <sales@team.example>", "Reply-To: Hans Meier <Hans@Acme.Example>", toSales, neutral, "List-Id: <sales.team.example>", "Precedence: list"}, keepwarm.KindInbound, "domain:acme.example", "hans@acme.example"},
		{"a teammate's post to the team's group list with a Reply-To outside stays internal", "", "", []string{fromTeam, "Reply-To: buyer@acme.example", toSales, neutral, "List-Id: <sales.team.example>"}, keepwarm.KindInternal, "", ""},
		{"the team's own site's form relays a buyer: the buyer in Reply-To is the sender", "", "", []string{"From: WordPress <wordpress@team.example>", "Reply-To: Hans Meier <buyer@acme.de>", toSales, "Subject: New submission from Contact"}, keepwarm.KindInbound, "domain:acme.de", "buyer@acme.de"},
		{"a form service relays a buyer on free mail: the buyer is the customer, not the service", "", "", []string{"From: Formspree <noreply@formspree.io>", "Reply-To: buyer@gmail.com", toSales, "Subject: New submission from Contact"}, keepwarm.KindInbound, "addr:buyer@gmail.com", "buyer@gmail.com"},
		{"a marketplace's no-reply with a suffix relays the buyer", "", "", []string{"From: Marketplace <no_reply-inquiry@mkt.example>", "Reply-To: Ali <ali@trading.example>", toSales, "Subject: You have a new inquiry"}, keepwarm.KindInbound, "domain:trading.example", "ali@trading.example"},
		{"a relayed inquiry stamped auto-generated with the service's footer is the buyer's", "", "Name: Hans Meier. Message: please quote 2000 pcs LED panels. This is an automated message, do not reply to this email.", []string{"From: noreply@formspree.io", "Reply-To: buyer@acme.de", toSales, "Subject: New submission from Contact", "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.de", "buyer@acme.de"},
		{"a relayed inquiry with the service's German footer asking for a receipt is the buyer's", "", "Name: Hans Meier. Nachricht: Bitte um ein Angebot für 2000 Stück LED-Panels. Um eine kurze Eingangsbestätigung wird gebeten. Diese E-Mail wurde automatisch generiert, bitte antworten Sie nicht darauf.", []string{"From: noreply@formspree.io", "Reply-To: buyer@acme.de", toSales, "Subject: Neue Anfrage", "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.de", "buyer@acme.de"},
		{"a buyer's ERP order asking to confirm its receipt is inbound", "", "Anbei unsere Bestellung 4500012345. Bitte Eingang bestätigen.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"a buyer's ERP asking a price after the samples arrived is inbound", "", "样品已收悉，质量不错，请报价5000个。", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"a buyer's CRM saying an order was generated is inbound", "", "Diese Bestellung wurde automatisch erstellt. Bitte liefern Sie 500 Stück bis KW 3.", []string{from, toSales, neutral, "Auto-Submitted: auto-generated"}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"a helpdesk's receipt for a new ticket from its no-reply address is an auto-reply", "", "Thank you for contacting Acme. We will answer within one working day. Please do not reply to this email.", []string{"From: Acme Service <no-reply@acme.example>", "Reply-To: service@acme.example", toSales, "Subject: [Ticket #4711] Your request has been received", "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"a helpdesk's new-ticket receipt saying so in its words is an auto-reply", "", "Dear customer, your ticket #4711 has been created. This is an automated message.", []string{"From: no-reply@acme.example", "Reply-To: service@acme.example", toSales, "Subject: Acme support", "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"a no-reply helpdesk's acknowledgement of the team's mail stays an auto-reply", "", "We have received your request. Ticket #4711 was created.", []string{"From: Acme Support <noreply@acme.example>", "Reply-To: support@acme.example", toSales, "Subject: Re: Offer LED panels", "In-Reply-To: <offer-1@team.example>", "Auto-Submitted: auto-generated"}, keepwarm.KindAutoReply, "domain:acme.example", ""},
		{"a no-reply with two buyers in Reply-To is no one buyer's", "", "", []string{"From: noreply@formspree.io", "Reply-To: a@acme.de, b@other.example", toSales, neutral}, keepwarm.KindInbound, "domain:formspree.io", ""},
		{"a teammate's mail with a customer in Reply-To stays internal", "", "", []string{fromTeam, "Reply-To: buyer@acme.example", toSales, neutral}, keepwarm.KindInternal, "", ""},
		{"a no-reply of the team's writing to a customer is outbound to the customer", "", "", []string{"From: noreply@team.example", "Reply-To: other@beta.example", "To: buyer@acme.example", neutral}, keepwarm.KindOutbound, "domain:acme.example", "buyer@acme.example"},
		{"the form's copy in Sent is the team's own", keepwarm.RoleSent, "", []string{"From: wordpress@team.example", "Reply-To: buyer@acme.de", toSales, neutral}, keepwarm.KindInternal, "", ""},
		{"a person's own Reply-To elsewhere leaves the person the sender", "", "", []string{from, "Reply-To: purchase@acme.example", toSales, neutral}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example"},
		{"a newsletter is list mail", "", "", []string{"From: news@globalsources-news.com", toSales, neutral, "List-Id: <weekly.globalsources-news.com>", "Precedence: list"}, keepwarm.KindBulk, "", ""},
		{"a newsletter passed on by the team's list with its own List-Id stays list mail", "", "", []string{"From: news@globalsources-news.com", toSales, neutral, "List-Id: <weekly.globalsources-news.com>", "List-Id: <sales.team.example>"}, keepwarm.KindBulk, "", ""},
		{"a List-Id that only looks like the team's is list mail", "", "", []string{from, toSales, neutral, "List-Id: <sales.team.example.evil.com>"}, keepwarm.KindBulk, "", ""},
		{"Precedence bulk", "", "", []string{from, toSales, neutral, "Precedence: bulk"}, keepwarm.KindBulk, "", ""},
		{"Precedence list", "", "", []string{from, toSales, neutral, "Precedence: list"}, keepwarm.KindBulk, "", ""},
		{"Precedence junk", "", "", []string{from, toSales, neutral, "Precedence: junk"}, keepwarm.KindBulk, "", ""},
		{"outbound: first external recipient, To before Cc", "", "", []string{fromTeam, "To: mark@team.example, Zoe <zoe@beta.example>", "Cc: buyer@acme.example, amy@beta.example", neutral}, keepwarm.KindOutbound, "domain:beta.example", "zoe@beta.example amy@beta.example"},
		{"outbound from Sent with an unknown alias", keepwarm.RoleSent, "", []string{"From: lucy.chen@alias-domain.example", "To: buyer@acme.example", neutral}, keepwarm.KindOutbound, "domain:acme.example", "buyer@acme.example"},
		{"team-only mail in Sent is internal", keepwarm.RoleSent, "", []string{"From: lucy.chen@alias-domain.example", "To: mark@team.example", neutral}, keepwarm.KindInternal, "", ""},
		{"inbound contacts: same customer only", "", "", []string{from, "To: sales@team.example, ann@acme.example", "Cc: other@rival.example, Bob <BOB@ACME.EXAMPLE>", neutral}, keepwarm.KindInbound, "domain:acme.example", "buyer@acme.example ann@acme.example bob@acme.example"},
		{"free mail: the address is the customer", "", "", []string{"From: a@gmail.com", "To: sales@team.example", "Cc: b@gmail.com", neutral}, keepwarm.KindInbound, "addr:a@gmail.com", "a@gmail.com"},
		{"bounce from the team's own postmaster", "", "Final-Recipient: x", []string{"From: postmaster@team.example", "Return-Path: <>", "To: sales@team.example", "X-Failed-Recipients: gone@acme.example", neutral}, keepwarm.KindBounce, "domain:acme.example", "gone@acme.example"},
		{"postmaster with a real Return-Path is a person", "", "", []string{"From: postmaster@acme.example", "Return-Path: <postmaster@acme.example>", "To: sales@team.example", neutral}, keepwarm.KindInbound, "domain:acme.example", ""},
	}
	team := testTeam()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := msg(tt.body, tt.lines...)
			role := tt.role
			if role == "" {
				role = keepwarm.RoleInbox
			}
			team.Classify(&m, role)
			if m.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", m.Kind, tt.kind)
			}
			if tt.customer != "" && m.CustomerKey != tt.customer {
				t.Errorf("CustomerKey = %q, want %q", m.CustomerKey, tt.customer)
			}
			if tt.kind == keepwarm.KindBulk && m.CustomerKey != "" {
				t.Errorf("bulk mail has customer %q", m.CustomerKey)
			}
			if tt.contacts != "" {
				var got []string
				for _, c := range m.Contacts {
					got = append(got, c.Email)
				}
				if strings.Join(got, " ") != tt.contacts {
					t.Errorf("Contacts = %v, want %s", got, tt.contacts)
				}
			}
		})
	}
}

// Senders [team] relay_senders names relay a buyer in Reply-To too: an
// ordinary-looking address of a marketplace (by its domain) and the team's
// own info@ mailbox a web form sends from; without the setting they are a
// customer of their own and the team's own mail.
func TestClassifyRelaySenders(t *testing.T) {
	plain := NewTeam([]string{"team.example"}, []string{"info@team.example"}, []string{"gmail.com"})
	named := plain.WithRelaySenders([]string{"Info@Team.Example", "@mkt.example"})
	inquiry := []string{"From: Inquiry <inquiry@mail.mkt.example>", "Reply-To: Ali <ali@trading.example>", "To: sales@team.example", "Subject: You have a new inquiry"}
	form := []string{"From: Website <info@team.example>", "Reply-To: buyer@gmail.com", "To: info@team.example", "Subject: Contact form"}
	toCustomer := []string{"From: info@team.example", "Reply-To: buyer@gmail.com", "To: other@acme.example", "Subject: Offer"}
	for _, tt := range []struct {
		name     string
		team     *Team
		lines    []string
		kind     keepwarm.Kind
		customer string
		from     string
	}{
		{"a marketplace not named", plain, inquiry, keepwarm.KindInbound, "domain:mail.mkt.example", "inquiry@mail.mkt.example"},
		{"a marketplace named by its domain", named, inquiry, keepwarm.KindInbound, "domain:trading.example", "ali@trading.example"},
		{"the team's info@ not named", plain, form, keepwarm.KindInternal, "", "info@team.example"},
		{"the team's info@ named", named, form, keepwarm.KindInbound, "addr:buyer@gmail.com", "buyer@gmail.com"},
		{"the team's info@ named, writing to a customer", named, toCustomer, keepwarm.KindOutbound, "domain:acme.example", "info@team.example"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := msg("", tt.lines...)
			tt.team.Classify(&m, keepwarm.RoleInbox)
			if m.Kind != tt.kind || m.CustomerKey != tt.customer || m.From.Email != tt.from {
				t.Errorf("Kind %q CustomerKey %q From %q; want %q %q %q", m.Kind, m.CustomerKey, m.From.Email, tt.kind, tt.customer, tt.from)
			}
		})
	}
}

// TestTwoGmailSenders: a domain says nothing about who writes on free mail.
func TestTwoGmailSenders(t *testing.T) {
	team := testTeam()
	a := msg("", "From: Ann <Ann.Buyer@gmail.com>", "To: sales@team.example", "Subject: Inquiry")
	b := msg("", "From: Bo <bo.import@gmail.com>", "To: sales@team.example", "Subject: Inquiry")
	c := msg("", "From: Cy <cy@acme.example>", "To: sales@team.example", "Subject: Inquiry")
	d := msg("", "From: Di <di@acme.example>", "To: sales@team.example", "Subject: Inquiry")
	for _, m := range []*keepwarm.Message{&a, &b, &c, &d} {
		team.Classify(m, keepwarm.RoleInbox)
	}
	if a.CustomerKey != "addr:ann.buyer@gmail.com" || b.CustomerKey != "addr:bo.import@gmail.com" {
		t.Errorf("gmail keys %q %q", a.CustomerKey, b.CustomerKey)
	}
	if c.CustomerKey != "domain:acme.example" || c.CustomerKey != d.CustomerKey {
		t.Errorf("company keys %q %q", c.CustomerKey, d.CustomerKey)
	}
}

// TestClassifyTwice: reclassifying (say, after the team list changes) must
// not keep stale results.
func TestClassifyTwice(t *testing.T) {
	m := msg("", "From: x@acme.example", "To: sales@team.example", "Subject: hi")
	NewTeam(nil, nil, nil).Classify(&m, keepwarm.RoleInbox) // no team: nobody is internal
	NewTeam([]string{"acme.example", "team.example"}, nil, nil).Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindInternal || m.CustomerKey != "" || m.Contacts != nil {
		t.Errorf("Kind %q CustomerKey %q Contacts %v", m.Kind, m.CustomerKey, m.Contacts)
	}
}

func TestAutoReplyUntilUsesDate(t *testing.T) {
	m := msg("Back on 7 January.", "From: x@acme.example", "To: sales@team.example",
		"Subject: Out of Office", "Date: Tue, 29 Dec 2026 10:00:00 +0800")
	testTeam().Classify(&m, keepwarm.RoleInbox)
	want := time.Date(2027, 1, 7, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	if m.Kind != keepwarm.KindAutoReply || !m.AutoReplyUntil.Equal(want) {
		t.Errorf("Kind %q until %v, want %v", m.Kind, m.AutoReplyUntil, want)
	}
}

// hasCustomerKey answers as comparing customerKey's key does.
func TestHasCustomerKey(t *testing.T) {
	team := NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	emails := []string{"a@buyer.de", "b@buyer.de", "x@gmail.com", "y@gmail.com", "nobody", "", "a@team.example", "z@other.com"}
	for _, e := range emails {
		for _, o := range emails {
			key := team.customerKey(o)
			if got, want := team.hasCustomerKey(e, key), team.customerKey(e) == key; got != want {
				t.Fatalf("hasCustomerKey(%q, %q) = %v, want %v", e, key, got, want)
			}
		}
	}
}

// A free-mail provider's subdomains key a customer by the address: two
// buyers on vip.163.com are two customers, while a company's own
// subdomain stays the company's.
func TestFreeMailSubdomainsKeyTheAddress(t *testing.T) {
	team := NewTeam([]string{"team.example"}, nil, []string{"163.com", "gmail.com"})
	for email, want := range map[string]string{
		"li@vip.163.com":        "addr:li@vip.163.com",
		"wang@sales.163.com":    "addr:wang@sales.163.com",
		"hans@buyer.de":         "domain:buyer.de",
		"hans@mail.buyer.de":    "domain:mail.buyer.de",
		"x@gmail.company.co.uk": "domain:gmail.company.co.uk",
	} {
		if got := team.customerKey(email); got != want {
			t.Errorf("customerKey(%q) = %q, want %q", email, got, want)
		}
		if !team.hasCustomerKey(email, want) {
			t.Errorf("hasCustomerKey(%q, %q) = false", email, want)
		}
	}
}

// A copy through the team's own list loses the tag the list put before the
// subject; another list's tag, or a tag not naming the list, stays. The
// tag taken off is passed on, as a thread key holds it, for the store to
// know the list's tag by.
func TestTeamListTagDropped(t *testing.T) {
	team := testTeam()
	for _, tt := range []struct{ subject, listID, want, tag string }{
		{"[Sales] Inquiry for ball valves", "<sales.team.example>", "Inquiry for ball valves", "[sales]"},
		{"[Export Sales] Re: Quotation 2412", `"Export Sales" <export.team.example>`, "Re: Quotation 2412", "[export sales]"},
		{"[sales] Inquiry", "Sales list <sales.team.example>", "Inquiry", "[sales]"},
		{"[Urgent] Inquiry", "<sales.team.example>", "[Urgent] Inquiry", ""},
		{"[News] Offers", "<news.other.example>", "[News] Offers", ""},
	} {
		m := msg("Dear sales team, please quote.", "From: Hans <hans@buyer.example>", "To: sales@team.example",
			"Subject: "+tt.subject, "List-Id: "+tt.listID)
		team.Classify(&m, keepwarm.RoleInbox)
		if m.Subject != tt.want || m.SubjectKey != NormalizeSubject(tt.want) {
			t.Errorf("%q via %s: Subject %q SubjectKey %q; want %q", tt.subject, tt.listID, m.Subject, m.SubjectKey, tt.want)
		}
		if m.ListTag != tt.tag {
			t.Errorf("%q via %s: ListTag %q, want %q", tt.subject, tt.listID, m.ListTag, tt.tag)
		}
	}
}

// Exchange's out-of-office is auto-generated, titled "Automatic reply:",
// and may say its absence in words the absence patterns do not know: it
// stays an auto-reply, and its return date is read.
func TestExchangeOutOfOfficeKeepsItsReturnDate(t *testing.T) {
	m := msg("I will be out until Monday 5 January with no access to email. For urgent matters please contact Bob.",
		"From: Buyer <buyer@acme.example>", "To: sales@team.example", "Subject: Automatic reply: Quotation 4711",
		"Date: Sat, 5 Dec 2026 09:00:00 +0000", "Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All")
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindAutoReply {
		t.Fatalf("Kind = %q, want %q", m.Kind, keepwarm.KindAutoReply)
	}
	if y, mo, d := m.AutoReplyUntil.Date(); y != 2027 || mo != time.January || d != 5 {
		t.Errorf("AutoReplyUntil = %v, want 2027-01-05", m.AutoReplyUntil)
	}
}

// A no-reply system's answer to the team's mail names its Reply-To as the
// one to write to instead: the program's words are not that address's, so
// the sender stays the no-reply address and the Reply-To is the successor,
// not the contact that left.
func TestRelayedLeftCompanyKeepsTheSystemAsSender(t *testing.T) {
	m := msg("John Smith is no longer with Acme. Please contact purchasing@acme.example for all inquiries.",
		"From: Acme <noreply@acme.example>", "Reply-To: Purchasing <purchasing@acme.example>",
		"To: lucy@team.example", "Subject: Automatic reply: Quotation 4711", "In-Reply-To: <q4711@team.example>",
		"Auto-Submitted: auto-generated")
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindLeftCompany || m.From.Email != "noreply@acme.example" || m.NewContact != "purchasing@acme.example" {
		t.Errorf("Kind %q From %q NewContact %q; want left_company from noreply@acme.example naming purchasing@acme.example",
			m.Kind, m.From.Email, m.NewContact)
	}
	if m.RelayedBy.Email != "" {
		t.Errorf("RelayedBy = %q on mail that is not relayed", m.RelayedBy.Email)
	}
}

// The copy of a form's inquiry that info@'s server saved in its Sent (the
// form sends through info@'s SMTP) is relayed as the INBOX copy is: the
// buyer's inbound mail, not the team's own, with the relay kept in
// RelayedBy. Classified again, it reads the header's sender again.
func TestRelayedSentCopyIsTheBuyers(t *testing.T) {
	team := NewTeam([]string{"team.example"}, []string{"info@team.example"}, []string{"gmail.com"}).
		WithRelaySenders([]string{"info@team.example"})
	for _, role := range []keepwarm.FolderRole{keepwarm.RoleInbox, keepwarm.RoleSent} {
		m := msg("Please quote 200 pumps.", "From: Website <info@team.example>", "Reply-To: buyer@gmail.com",
			"To: info@team.example", "Subject: Contact form")
		for range 2 {
			team.Classify(&m, role)
			if m.Kind != keepwarm.KindInbound || m.CustomerKey != "addr:buyer@gmail.com" ||
				m.From.Email != "buyer@gmail.com" || m.RelayedBy.Email != "info@team.example" {
				t.Errorf("%s: Kind %q CustomerKey %q From %q RelayedBy %q; want inbound of the buyer relayed by info@",
					role, m.Kind, m.CustomerKey, m.From.Email, m.RelayedBy.Email)
			}
		}
	}
	// Sent copies of other team mail stay the team's.
	m := msg("", "From: Lucy <lucy@team.example>", "Reply-To: buyer@gmail.com", "To: info@team.example", "Subject: Please handle")
	team.Classify(&m, keepwarm.RoleSent)
	if m.Kind != keepwarm.KindInternal || m.RelayedBy.Email != "" {
		t.Errorf("a salesperson's Sent copy: Kind %q RelayedBy %q; want internal, not relayed", m.Kind, m.RelayedBy.Email)
	}
}

// A buyer's answer through his company's own list (the Google Group
// purchasing@buyer.de) may be his answer: it names the team's mail, and
// the store decides by it (ListAnswer), with the sender's customer. A
// newsletter from the same domain, or a campaign's reply-styled mailing,
// stays list mail with no customer.
func TestClassifyListAnswerOfACustomersGroup(t *testing.T) {
	team := testTeam()
	group := []string{"List-Id: Purchasing <purchasing.buyer.de>",
		"List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>, <https://groups.google.com/a/buyer.de/group/purchasing/subscribe>",
		"Precedence: list", "To: Lily <lily@team.example>"}
	for _, tt := range []struct {
		name     string
		lines    []string
		answer   bool
		customer string
		contact  string
	}{
		{"a member's answer through the group", append([]string{"From: Hans Meier <hans@buyer.de>", "Subject: Re: Quotation 4711", "In-Reply-To: <q1@team.example>", "References: <q1@team.example>"}, group...), true, "domain:buyer.de", "hans@buyer.de"},
		{"the group's own From", append([]string{"From: 'Hans Meier' via Purchasing <purchasing@buyer.de>", "Subject: Re: Quotation 4711", "In-Reply-To: <q1@team.example>"}, group...), true, "domain:buyer.de", "purchasing@buyer.de"},
		{"a sales tool's one-to-one mail", []string{"From: Hans Meier <hans@buyer.de>", "To: lily@team.example", "Subject: Re: Quotation 4711", "References: <q1@team.example>", "List-Unsubscribe: <https://hubspot.example/unsub/1>"}, true, "domain:buyer.de", "hans@buyer.de"},
		{"the buyer's newsletter, no reply", append([]string{"From: Buyer News <news@buyer.de>", "Subject: Our December news"}, group...), false, "", ""},
		{"a campaign made to look like a reply", append([]string{"From: Buyer News <news@buyer.de>", "Subject: Re: our offer", "In-Reply-To: <x@buyer.de>", "X-Campaign: dec"}, group...), false, "", ""},
		{"junk", []string{"From: Hans Meier <hans@buyer.de>", "To: lily@team.example", "Subject: Re: Quotation 4711", "In-Reply-To: <q1@team.example>", "Precedence: junk"}, false, "", ""},
		{"a bounce from a list host is no answer", append([]string{"From: Mailer-Daemon@buyer.de", "Subject: Re: Quotation 4711", "In-Reply-To: <q1@team.example>"}, group...), false, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := msg("Please send the PI.", tt.lines...)
			team.Classify(&m, keepwarm.RoleInbox)
			if m.Kind != keepwarm.KindBulk || m.ListAnswer != tt.answer {
				t.Fatalf("kind %s, list answer %v; want bulk, %v", m.Kind, m.ListAnswer, tt.answer)
			}
			contact := ""
			if len(m.Contacts) > 0 {
				contact = m.Contacts[0].Email
			}
			if m.CustomerKey != tt.customer || contact != tt.contact {
				t.Errorf("customer %q contact %q; want %q %q", m.CustomerKey, contact, tt.customer, tt.contact)
			}
			again := m
			team.Classify(&again, keepwarm.RoleSent)
			if again.ListAnswer {
				t.Error("its copy in Sent is a list answer")
			}
		})
	}
}

// A person's answer sent with Auto-Submitted: auto-generated (an ERP, a
// helpdesk) is inbound unless its own words read as an automatic answer:
// "Executive" holds no Indonesian "cuti", 현대자동차 (Hyundai Motor) no
// "자동" answer, a branch office (出張所, 출장소) no business trip, the
// auxiliary materials 부재료 no absence, "please return the samples" no
// return. The automatic answers in those languages still read as ones.
func TestAutoGeneratedWordsMatchWhole(t *testing.T) {
	team := testTeam()
	for _, tt := range []struct {
		body string
		kind keepwarm.Kind
	}{
		{"We confirm the order, please send the PI.\n\nRaj Kumar\nSenior Purchase Executive", keepwarm.KindInbound},
		{"We confirm the order, please send the PI.\n\nRaj Kumar\nExecutive, Procurement", keepwarm.KindInbound},
		{"주문을 확정합니다. PI를 보내 주세요.\n\n김민수\n현대자동차 구매팀", keepwarm.KindInbound},
		{"주문을 확정합니다. 기아자동차 부산출장소", keepwarm.KindInbound},
		{"부재료 견적도 함께 보내 주세요.", keepwarm.KindInbound},
		{"注文を確定します。PIをお送りください。\n大阪出張所 購買課", keepwarm.KindInbound},
		{"我们确认订单，请把样品寄回来，并返回样品的检测报告。", keepwarm.KindInbound},
		{"Siparişi onaylıyoruz, lütfen proforma gönderin. Otomatik kapı sistemleri A.Ş.", keepwarm.KindInbound},
		{"Kami konfirmasi pesanan, mohon kirim PI. Mesin otomatis 200 unit.", keepwarm.KindInbound},
		{"Подтверждаем заказ. Автоматическая линия розлива, 2 шт.", keepwarm.KindInbound},
		{"주문을 확정합니다. 자동으로 움직이는 컨베이어 2대.", keepwarm.KindInbound},
		{"我们确认订单。负责人不在深圳也没关系，请发PI。", keepwarm.KindInbound},
		{"Nous confirmons la commande. Absentéisme: voir la pièce jointe.", keepwarm.KindInbound},
		{"Nous confirmons la commande. Absente\u0301isme: voir la pièce jointe.", keepwarm.KindInbound},
		{"我们确认订单，我们的工厂不在中国，请报FOB价。", keepwarm.KindInbound},
		{"我们确认订单。该型号不在中國市场销售，请报替代型号。", keepwarm.KindInbound},
		{"我们确认订单。这个型号不在公司产品目录中，请报替代型号。", keepwarm.KindInbound},
		// The real automatic answers still read as ones.
		{"Terima kasih atas email Anda. Saya sedang cuti dan akan kembali pada 5 Januari.", keepwarm.KindAutoReply},
		{"Saya sedang cuti tahunan sampai 5 Januari.", keepwarm.KindAutoReply},
		{"안녕하세요. 자동 회신입니다. 1월 4일에 복귀합니다.", keepwarm.KindAutoReply},
		{"현재 출장 중입니다. 1월 4일에 돌아옵니다.", keepwarm.KindAutoReply},
		{"부재중입니다. 급한 용무는 purchase@trade.example 로 연락 주십시오.", keepwarm.KindAutoReply},
		{"出張のため1月5日まで不在にしております。", keepwarm.KindAutoReply},
		{"Şu anda tatildeyim, 4 Ocak'ta döneceğim.", keepwarm.KindAutoReply},
		{"Bu otomatik yanıttır.", keepwarm.KindAutoReply},
		{"Je suis absent jusqu'au 4 janvier.", keepwarm.KindAutoReply},
		{"Je suis absente du bureau.", keepwarm.KindAutoReply},
		{"本人目前不在公司，1月3日返回。", keepwarm.KindAutoReply},
		{"目前不在公司，1月3日返回。", keepwarm.KindAutoReply},
		{"这几天不在公司，有事请联系同事。", keepwarm.KindAutoReply},
		{"只今不在中です。", keepwarm.KindAutoReply},
		{"我12月24日至1月3日休假，回来后尽快回复您。", keepwarm.KindAutoReply},
		{"이 메일은 자동으로 발송되었습니다.", keepwarm.KindAutoReply},
		{"Email ini dikirim secara otomatis.", keepwarm.KindAutoReply},
		{"Письмо сформировано автоматически.", keepwarm.KindAutoReply},
		{"Письмо отправлено автоматически, не отвечайте на него.", keepwarm.KindAutoReply},
		{"Bu otomatik bir yanıttır.", keepwarm.KindAutoReply},
		{"Bu otomatik bir mesajdır.", keepwarm.KindAutoReply},
		{"我这几天不在，有事请联系同事。", keepwarm.KindAutoReply},
		{"您好，人不在深圳，回来后回复。", keepwarm.KindAutoReply},
		{"人不在深圳，急事请致电。", keepwarm.KindAutoReply},
	} {
		m := msg(tt.body, "From: Raj <raj@buyer.example>", "To: lily@team.example", "Subject: Re: Quotation 4711", "Auto-Submitted: auto-generated")
		team.Classify(&m, keepwarm.RoleInbox)
		if m.Kind != tt.kind {
			t.Errorf("%q: %s, want %s", tt.body, m.Kind, tt.kind)
		}
	}
}
