package mailtest

import (
	"fmt"
	"mime"
	"strings"
	"time"
)

// Msg is a plain text/plain message built field by field. Empty fields are
// left out (Date defaults to 2025-03-03 09:00 UTC).
type Msg struct {
	From, To, Cc string // as they appear in the header, e.g. `Anna Li <anna@acme.de>`
	Subject      string // non-ASCII is RFC 2047 encoded (UTF-8, B)
	MessageID    string // without angle brackets
	InReplyTo    string // without angle brackets
	References   []string
	Date         time.Time
	Extra        []string // further header lines, "Name: value"
	Body         string   // UTF-8 text; sent quoted-printable when non-ASCII
}

// Bytes renders the message with CRLF line ends.
func (m Msg) Bytes() []byte {
	var b strings.Builder
	h := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\r\n", name, value)
		}
	}
	date := m.Date
	if date.IsZero() {
		date = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	}
	h("From", m.From)
	h("To", m.To)
	h("Cc", m.Cc)
	h("Subject", mime.BEncoding.Encode("utf-8", m.Subject))
	h("Date", date.Format(time.RFC1123Z))
	if m.MessageID != "" {
		h("Message-ID", "<"+m.MessageID+">")
	}
	if m.InReplyTo != "" {
		h("In-Reply-To", "<"+m.InReplyTo+">")
	}
	if len(m.References) > 0 {
		h("References", "<"+strings.Join(m.References, "> <")+">")
	}
	for _, x := range m.Extra {
		b.WriteString(x + "\r\n")
	}
	h("MIME-Version", "1.0")
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	if isASCII(body) {
		h("Content-Type", "text/plain; charset=us-ascii")
		h("Content-Transfer-Encoding", "7bit")
	} else {
		h("Content-Type", "text/plain; charset=utf-8")
		h("Content-Transfer-Encoding", "quoted-printable")
		body = quotedPrintable(body)
	}
	b.WriteString("\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	if !strings.HasSuffix(body, "\n") {
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// GenOptions shapes generated messages. Zero values get defaults.
type GenOptions struct {
	TeamDomain  string    // default "keepwarm-trading.com"
	Sales       string    // the answering salesperson; default "lily@" + TeamDomain
	TeamAddr    string    // where inquiries arrive; default "sales@" + TeamDomain
	Customers   int       // distinct buyers; default 50
	Start       time.Time // date of message 0; default 2025-01-06 08:00 UTC
	Every       time.Duration
	BodyPadding int // extra body bytes to make messages bigger; default 0
}

func (o GenOptions) withDefaults() GenOptions {
	if o.TeamDomain == "" {
		o.TeamDomain = "keepwarm-trading.com"
	}
	if o.Sales == "" {
		o.Sales = "lily@" + o.TeamDomain
	}
	if o.TeamAddr == "" {
		o.TeamAddr = "sales@" + o.TeamDomain
	}
	if o.Customers <= 0 {
		o.Customers = 50
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	}
	if o.Every <= 0 {
		o.Every = 17 * time.Minute
	}
	return o
}

var (
	genFirst    = []string{"Anna", "Marco", "Ahmed", "Olga", "Carlos", "Yuki", "Fatima", "Jan", "Priya", "Lucas"}
	genLast     = []string{"Schmidt", "Rossi", "Hassan", "Ivanova", "García", "Tanaka", "Okafor", "de Vries", "Sharma", "Silva"}
	genDomains  = []string{"acme-import.de", "bellavita.it", "gulf-trade.ae", "rusimport.ru", "ferreteria-sur.es", "tokyo-buy.jp", "lagos-supply.ng", "holland-tools.nl", "mumbai-hw.in", "sp-distrib.com.br"}
	genFreemail = []string{"gmail.com", "hotmail.com", "yahoo.com", "outlook.com"}
	genProducts = []string{"LED panel lights", "stainless steel hinges", "PVC pipes", "solar inverters", "ceramic tiles", "garden hoses", "power banks", "office chairs"}
)

// GenMessage returns message i of a deterministic stream of export sales
// mail. Messages come in threads of three: i%3 == 0 a buyer's inquiry to the
// team address, 1 the salesperson's quotation answering it (In-Reply-To and
// References), 2 the buyer's reply to the quotation (References to both, and
// every other time an Outlook-style "AW:" subject). Every seventh thread has a
// Chinese subject. Message-IDs are "gen-<i>@<domain>".
func GenMessage(i int, opts GenOptions) []byte {
	o := opts.withDefaults()
	thread, step := i/3, i%3
	c := thread % o.Customers
	name := genFirst[c%len(genFirst)] + " " + genLast[(c/len(genFirst))%len(genLast)]
	var domain string
	if c%4 == 3 {
		domain = genFreemail[c%len(genFreemail)]
	} else {
		domain = genDomains[c%len(genDomains)]
	}
	local := strings.ToLower(strings.ReplaceAll(genFirst[c%len(genFirst)], " ", ""))
	if c >= len(genFirst) {
		local += fmt.Sprint(c)
	}
	buyer := fmt.Sprintf("%s <%s@%s>", mime.QEncoding.Encode("utf-8", name), local, domain)
	product := genProducts[thread%len(genProducts)]
	subject := fmt.Sprintf("Inquiry: %s, order #%d", product, 1000+thread)
	if thread%7 == 6 {
		subject = fmt.Sprintf("询价：%s 订单 %d", product, 1000+thread)
	}
	id := func(k int) string { return fmt.Sprintf("gen-%d@%s", k, o.TeamDomain) }
	first := 3 * thread
	m := Msg{
		MessageID: id(i),
		Date:      o.Start.Add(time.Duration(i) * o.Every),
	}
	switch step {
	case 0:
		m.From, m.To, m.Subject = buyer, o.TeamAddr, subject
		m.Body = fmt.Sprintf("Dear Sir or Madam,\n\nWe are interested in your %s. Please send us your best FOB price for 2,000 pcs, MOQ, lead time and payment terms.\n\nBest regards,\n%s\n", product, name)
	case 1:
		m.From, m.To, m.Subject = "Lily Chen <"+o.Sales+">", buyer, "Re: "+subject
		m.InReplyTo, m.References = id(first), []string{id(first)}
		m.Body = fmt.Sprintf("Dear %s,\n\nThank you for your inquiry. Please find our quotation for %s: USD %d.50/pc FOB Ningbo, MOQ 500 pcs, lead time 25 days, T/T 30%% deposit.\n\nBest regards,\nLily Chen\n\n> We are interested in your %s.\n", name, product, 3+thread%40, product)
	default:
		m.From, m.To, m.Cc = buyer, o.Sales, o.TeamAddr
		m.Subject = "Re: Re: " + subject
		if thread%2 == 1 {
			m.Subject = "AW: Re: " + subject
		}
		m.InReplyTo, m.References = id(first+1), []string{id(first), id(first + 1)}
		m.Body = fmt.Sprintf("Hi Lily,\n\nThanks. Could you do USD %d.20 for 5,000 pcs? We need samples first.\n\n%s\n", 2+thread%40, name)
	}
	if o.BodyPadding > 0 {
		m.Body += "\n" + strings.Repeat("Product specification line for the catalogue. ", o.BodyPadding/40+1)[:o.BodyPadding] + "\n"
	}
	return m.Bytes()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// quotedPrintable encodes s line by line (soft breaks at 76 columns).
func quotedPrintable(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		col := 0
		for i := 0; i < len(line); i++ {
			c := line[i]
			enc := string(c)
			if c == '=' || c >= 0x80 || (c < 0x20 && c != '\t') {
				enc = fmt.Sprintf("=%02X", c)
			}
			if col+len(enc) > 75 {
				b.WriteString("=\n")
				col = 0
			}
			b.WriteString(enc)
			col += len(enc)
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
