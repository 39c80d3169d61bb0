package mailtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"keepwarm"
)

// HistoryOptions shape a generated mail history. Zero values get the
// defaults in brackets.
type HistoryOptions struct {
	TeamDomain  string    // the team's own domain ["acme-export.com"]
	Salespeople []string  // local parts of the salespeople's addresses, also their mailbox names [lily, tom, ann]
	TeamMailbox string    // name of the shared mailbox (sales@TeamDomain) ["team"]
	Start       time.Time // arrival of the first message [2025-01-06 08:00 UTC]
	PerDay      int       // messages a day across the team [120]
	Seed        uint64    // the random stream [1]
}

func (o HistoryOptions) withDefaults() HistoryOptions {
	if o.TeamDomain == "" {
		o.TeamDomain = "acme-export.com"
	}
	if len(o.Salespeople) == 0 {
		o.Salespeople = []string{"lily", "tom", "ann"}
	}
	if o.TeamMailbox == "" {
		o.TeamMailbox = "team"
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	}
	if o.PerDay <= 0 {
		o.PerDay = 120
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// History generates n stored copies of an export sales team's mail as sync
// hands them to the store: parsed and classified, with realistic metadata
// rather than raw mail, for benchmarks of the store and of what reads it
// (customers, the reply report, the engine's first tick) that do not go
// through IMAP. Its shape follows the realistic benchmark mail: threads of 1
// to 6 messages, most started by a customer's inquiry and some by a
// salesperson, answered after minutes to days; customers whose activity
// follows a power law (a few write most of the mail), about one in five
// writing from a free-mail address; a few percent auto-replies, bounces,
// newsletters and internal mail; Outlook replies threaded only by
// Thread-Index; one inquiry in ten reaching both the shared mailbox and the
// salesperson (two copies of one message). Snippets, stored headers and the
// outbound text have realistic sizes (snippets cut at 2 KB as sync cuts
// them), some in Chinese.
//
// Copies arrive in time order; each folder's UIDs ascend from 1 in that
// order. The number of customers grows with n (one per 25 messages).
// The last arrival is returned too: "now" for what runs after the sync.
func History(n int, opts HistoryOptions) ([]keepwarm.Incoming, time.Time) {
	o := opts.withDefaults()
	g := &history{o: o, rng: rand.New(rand.NewPCG(o.Seed, 0x6b77)), uids: map[string]uint32{}}
	g.customers = max(40, n/25)
	step := 24 * time.Hour / time.Duration(o.PerDay)
	at := o.Start
	for len(g.out) < n {
		g.thread(&at, step, n)
	}
	return g.out[:n], at
}

type history struct {
	o         HistoryOptions
	rng       *rand.Rand
	customers int
	out       []keepwarm.Incoming
	uids      map[string]uint32 // mailbox/folder -> last UID
	seq       int
}

var (
	freeMail = []string{"gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "163.com", "qq.com"}
	products = []string{"LED panel 600x600", "solar inverter 5kW", "PVC pipe DN50", "stainless hinge", "USB-C cable 1m",
		"ceramic tile 60x60", "bamboo cutting board", "steel wire rope 8mm", "LiFePO4 battery 100Ah", "office chair mesh"}
	names = []string{"Hans Meier", "Maria Garcia", "John Smith", "Ahmed Al-Farsi", "Ana Souza", "Pierre Dubois",
		"王伟", "李娜", "Olga Ivanova", "Kenji Sato", "Fatima Khan", "Luca Rossi"}
	zones = []int{1, 2, -5, 4, -3, 8, 3, 0, 5, 9, -8, 10} // senders' UTC offsets, hours
)

// customer i's key, its contacts' addresses and its country's offset.
func (g *history) customer(i int) (key string, contacts []keepwarm.Address, zone int) {
	zone = zones[i%len(zones)]
	if i%5 == 4 { // one in five: a buyer on free mail, the address is the customer
		local := fmt.Sprintf("buyer.%d", i)
		addr := local + "@" + freeMail[i%len(freeMail)]
		return "addr:" + addr, []keepwarm.Address{{Name: names[i%len(names)], Email: addr}}, zone
	}
	domain := fmt.Sprintf("c%d-trading.com", i)
	for j := range 1 + i%3 {
		contacts = append(contacts, keepwarm.Address{Name: names[(i+j)%len(names)], Email: fmt.Sprintf("%s@%s", []string{"purchase", "info", "li.wei"}[j], domain)})
	}
	return "domain:" + domain, contacts, zone
}

// pickCustomer draws a customer: customer 0 most often, the rest ever less.
func (g *history) pickCustomer() int {
	u := g.rng.Float64()
	return int(float64(g.customers) * u * u)
}

// thread adds one thread's messages, moving at on.
func (g *history) thread(at *time.Time, step time.Duration, n int) {
	c := g.pickCustomer()
	key, contacts, zone := g.customer(c)
	sp := g.o.Salespeople[c%len(g.o.Salespeople)]
	spAddr := keepwarm.Address{Name: strings.ToUpper(sp[:1]) + sp[1:], Email: sp + "@" + g.o.TeamDomain}
	product := products[g.rng.IntN(len(products))]
	subject := fmt.Sprintf("Inquiry: %s, %d pcs", product, 100*(1+g.rng.IntN(50)))
	length := []int{1, 1, 2, 2, 2, 3, 3, 4, 5, 6}[g.rng.IntN(10)]
	inbound := g.rng.IntN(5) != 0 // four in five start with the customer
	if !inbound {
		subject = "Our new catalog: " + product
	}
	var ids []string
	outlook := g.rng.IntN(30) == 0
	topicIndex := fmt.Sprintf("%032x", g.rng.Uint64())
	t := *at
	for k := 0; k < length && len(g.out) < n; k++ {
		contact := contacts[g.rng.IntN(len(contacts))]
		m := g.message(t, zone)
		m.Subject = subject
		if k > 0 {
			m.Subject = "RE: " + subject
			if !outlook {
				m.InReplyTo = []string{ids[len(ids)-1]}
				m.References = append([]string(nil), ids...)
			}
		}
		m.SubjectKey = strings.ToLower(subject)
		if outlook {
			m.ThreadIndex, m.ThreadTopic = topicIndex, subject
		}
		m.CustomerKey, m.Contacts = key, []keepwarm.Address{contact}
		switch r := g.rng.IntN(100); {
		case inbound && r < 3: // an out-of-office instead of an answer
			m.Kind, m.From, m.To = keepwarm.KindAutoReply, contact, []keepwarm.Address{spAddr}
			m.Subject = "Automatic reply: " + m.Subject
			m.AutoReplyUntil = t.Add(5 * 24 * time.Hour)
		case !inbound && r < 1: // the address is gone
			m.Kind, m.From, m.To = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx." + g.o.TeamDomain}, []keepwarm.Address{spAddr}
			m.Subject, m.BouncedRecipient = "Undelivered Mail Returned to Sender", contact.Email
			k = length // the thread ends
		case inbound:
			m.Kind, m.From, m.To = keepwarm.KindInbound, contact, []keepwarm.Address{spAddr}
		default:
			m.Kind, m.From, m.To = keepwarm.KindOutbound, spAddr, []keepwarm.Address{contact}
			m.Text = g.text(200 + g.rng.IntN(6000))
			m.TextCut = len(m.Text) >= 16<<10
			if g.rng.IntN(6) == 0 {
				m.Attachments = []keepwarm.Attachment{{Name: "Quotation " + product + ".pdf", Type: "application/pdf"}}
			}
		}
		ids = append(ids, m.MessageID)
		g.add(m, sp, t, m.Kind == keepwarm.KindInbound && g.rng.IntN(10) == 0)
		g.extras(t, sp, spAddr, n)
		// The answer comes after minutes to days, mostly within working hours.
		t = t.Add(time.Duration(5+g.rng.IntN(240)) * time.Minute)
		if g.rng.IntN(4) == 0 {
			t = t.Add(time.Duration(g.rng.IntN(72)) * time.Hour)
		}
		inbound = !inbound
	}
	*at = at.Add(step * time.Duration(length))
}

// extras adds, now and then, a newsletter or a note among the team.
func (g *history) extras(t time.Time, sp string, spAddr keepwarm.Address, n int) {
	if len(g.out) >= n {
		return
	}
	switch r := g.rng.IntN(100); {
	case r < 3:
		m := g.message(t.Add(time.Minute), 0)
		m.Kind, m.From, m.To = keepwarm.KindBulk, keepwarm.Address{Name: "Trade News", Email: "news@tradefair-news.com"}, []keepwarm.Address{spAddr}
		m.Subject = "This week at the Canton Fair"
		m.SubjectKey = strings.ToLower(m.Subject)
		g.add(m, sp, t.Add(time.Minute), false)
	case r < 7:
		m := g.message(t.Add(2*time.Minute), 8)
		m.Kind, m.From = keepwarm.KindInternal, spAddr
		m.To = []keepwarm.Address{{Email: "boss@" + g.o.TeamDomain}}
		m.Subject = "FYI: price check"
		m.SubjectKey = strings.ToLower(m.Subject)
		m.Text = g.text(300)
		g.add(m, sp, t.Add(2*time.Minute), false)
	}
}

// message starts a message arriving at t from a sender at zone hours east.
func (g *history) message(t time.Time, zone int) keepwarm.Message {
	g.seq++
	id := fmt.Sprintf("%016x.%d@mail.example", g.rng.Uint64(), g.seq)
	size := int64(2000 + int(g.rng.ExpFloat64()*27000))
	m := keepwarm.Message{Key: id, MessageID: id, Date: t.In(time.FixedZone("", zone*3600)), Size: min(size, 190_000)}
	m.Snippet = g.text(min(150+g.rng.IntN(3000), 2000))
	m.RawHeader = g.header(id)
	return m
}

// add stores m's copy (and, for an inquiry to both, the shared mailbox's).
func (g *history) add(m keepwarm.Message, sp string, t time.Time, both bool) {
	folder, role := "INBOX", keepwarm.RoleInbox
	if m.Kind == keepwarm.KindOutbound || m.Kind == keepwarm.KindInternal {
		folder, role = "Sent", keepwarm.RoleSent
	}
	mailbox := sp
	if role == keepwarm.RoleInbox && g.rng.IntN(3) == 0 {
		mailbox = g.o.TeamMailbox
	}
	g.copy(m, mailbox, folder, role, t)
	if both && mailbox != g.o.TeamMailbox {
		g.copy(m, g.o.TeamMailbox, folder, role, t.Add(time.Second))
	}
}

func (g *history) copy(m keepwarm.Message, mailbox, folder string, role keepwarm.FolderRole, t time.Time) {
	k := mailbox + "/" + folder
	g.uids[k]++
	g.out = append(g.out, keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder, Role: role,
		UIDValidity: 1, UID: g.uids[k], InternalDate: t}})
}

const prose = "Dear Sir or Madam, thank you for your inquiry. Please find our best price below, FOB Ningbo, " +
	"delivery 25 days after deposit, MOQ 500 pcs, payment 30% T/T in advance and the balance against the B/L copy. " +
	"我们的报价有效期为三十天，请尽快确认订单。 Samples can be sent by DHL within three days. " +
	"Best regards and have a nice day. "

// text returns about n bytes of mail text.
func (g *history) text(n int) string {
	var b strings.Builder
	off := g.rng.IntN(len(prose) / 2)
	for b.Len() < n {
		b.WriteString(prose[off:])
		off = 0
	}
	s := b.String()[:n]
	for !utf8.ValidString(s) { // cut on a character boundary
		s = s[:len(s)-1]
	}
	return s
}

// header returns a stored header block of 1.5 to 5 KB, as real mail's
// Received, DKIM and ARC lines make it.
func (g *history) header(id string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "Message-ID: <%s>\r\nMIME-Version: 1.0\r\n", id)
	for range 3 + g.rng.IntN(10) {
		fmt.Fprintf(&b, "Received: from mx%d.mail.example (mx%d.mail.example [10.%d.%d.%d])\r\n\tby mx.acme-export.com with ESMTPS id %016x\r\n\tfor <sales@acme-export.com>; Mon, 6 Jan 2025 08:00:00 +0000\r\n",
			g.rng.IntN(9), g.rng.IntN(9), g.rng.IntN(255), g.rng.IntN(255), g.rng.IntN(255), g.rng.Uint64())
	}
	fmt.Fprintf(&b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=mail.example; s=s1;\r\n\tb=%032x%032x%032x%032x\r\n", g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64())
	return []byte(b.String())
}
