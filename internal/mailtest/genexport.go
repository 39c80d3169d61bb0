package mailtest

import (
	"encoding/base64"
	"fmt"
	"math"
	"math/rand/v2"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// GenExport returns message i of a deterministic stream of mail as an export
// sales mailbox holds it, for benchmarks that must see real mail's work:
//
//   - threads of 1 to 6 messages (a buyer's mail, the salesperson's answer,
//     and so on), each thread one customer's;
//   - about 33 % text/plain, 50 % multipart/alternative (text and a bulky
//     Outlook-style HTML part) and 17 % multipart/mixed with PDF, JPEG or
//     XLSX attachments (sometimes around an alternative part);
//   - charsets mostly UTF-8, with GBK and GB2312 (the exporter's Foxmail),
//     Big5 (buyers in Taiwan and Hong Kong) and ISO-8859-1 (older European
//     mailers); transfer encodings base64, quoted-printable and 8bit;
//   - sizes from 2 KB to 190 KB, median about 15 KB, mean about 29 KiB,
//     with Received, DKIM and X-Mailer lines in the header;
//   - Date headers in each sender's own offset, in a few layouts;
//   - a few % Outlook replies carrying only Thread-Index and Thread-Topic
//     (no In-Reply-To or References);
//   - a few % each of automatic replies (out of office with a return date),
//     DSN bounces (multipart/report), newsletters and internal mail.
//
// Message-IDs are "exp-<i>@<domain of the sender>". The stream for a given
// opts is the same on every call; ExportKind says what message i is.
func GenExport(i int, opts GenOptions) []byte {
	return genExport(i, opts.withDefaults())
}

// ExportKind names what GenExport makes message i: "plain", "alternative",
// "mixed" (the top-level structure of ordinary mail), or "autoreply",
// "bounce", "newsletter", "internal".
func ExportKind(i int, opts GenOptions) string {
	o := opts.withDefaults()
	th, step := exportThread(i)
	p := exportPlan(th, step, o)
	if p.special != "" {
		return p.special
	}
	return p.structure
}

// exportThreadLens is one period of thread lengths: 14 threads, 38
// messages (2.7 per thread on average).
var exportThreadLens = []int{3, 1, 5, 2, 6, 1, 4, 2, 3, 1, 2, 4, 1, 3}

const exportPeriod = 38

// exportThread returns the thread message i belongs to and its step in it.
func exportThread(i int) (thread, step int) {
	period, off := i/exportPeriod, i%exportPeriod
	for k, n := range exportThreadLens {
		if off < n {
			return period*len(exportThreadLens) + k, off
		}
		off -= n
	}
	panic("unreachable")
}

// exportFirst is the stream index of a thread's first message.
func exportFirst(thread int) int {
	period, k := thread/len(exportThreadLens), thread%len(exportThreadLens)
	i := period * exportPeriod
	for _, n := range exportThreadLens[:k] {
		i += n
	}
	return i
}

type exportBuyer struct {
	name, email, domain string
	zone                *time.Location
	lang                string // "en", "de", "es", "zh-tw"
}

var exportBuyers = []struct {
	domain, zone string
	offset       int // minutes east of UTC
	lang         string
}{
	{"acme-import.de", "CET", 60, "de"},
	{"bellavita.it", "CET", 60, "en"},
	{"gulf-trade.ae", "GST", 240, "en"},
	{"rusimport.ru", "MSK", 180, "en"},
	{"ferreteria-sur.es", "CET", 60, "es"},
	{"taipei-hardware.com.tw", "CST", 480, "zh-tw"},
	{"lagos-supply.ng", "WAT", 60, "en"},
	{"holland-tools.nl", "CET", 60, "en"},
	{"mumbai-hw.in", "IST", 330, "en"},
	{"sp-distrib.com.br", "BRT", -180, "es"},
	{"kowloon-trading.hk", "HKT", 480, "zh-tw"},
	{"midwest-supply.com", "CST", -360, "en"},
}

func buyerOf(c int, o GenOptions) exportBuyer {
	b := exportBuyers[c%len(exportBuyers)]
	first := genFirst[c%len(genFirst)]
	last := genLast[(c/len(genFirst))%len(genLast)]
	if b.lang == "zh-tw" {
		first, last = []string{"Wei", "Mei", "Chia-Hao", "Shu-Fen", "Kevin"}[c%5], []string{"Chen", "Lin", "Huang", "Wang"}[(c/5)%4]
	}
	domain := b.domain
	if c%5 == 4 {
		domain = genFreemail[c%len(genFreemail)]
	}
	local := strings.ToLower(strings.ReplaceAll(first, "-", ""))
	if c >= len(exportBuyers) {
		local += fmt.Sprint(c)
	}
	return exportBuyer{name: first + " " + last, email: local + "@" + domain, domain: domain,
		zone: time.FixedZone(b.zone, b.offset*60), lang: b.lang}
}

// exportPlanned is what one message of the stream is, decided from the
// thread's and the message's own pseudo-random draws.
type exportPlanned struct {
	thread, step, length int
	special              string // "", "autoreply", "bounce", "newsletter", "internal"
	structure            string // "plain", "alternative", "mixed"
	outlookOnly          bool   // a reply with only Thread-Index/Thread-Topic
	outlook              bool   // sent with Outlook (Thread-Index too)
	fromSales            bool
	charset, cte         string
	size                 int // target size in bytes
}

func exportRand(a, b int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(a)*0x9e3779b97f4a7c15+1, uint64(b)+0x5851f42d4c957f2d))
}

func exportPlan(thread, step int, o GenOptions) exportPlanned {
	tr := exportRand(thread, 1)
	p := exportPlanned{thread: thread, step: step, length: exportThreadLens[thread%len(exportThreadLens)]}
	threadDraw := tr.IntN(100)
	outlookThread := tr.IntN(100)
	p.outlook = outlookThread < 30
	if p.length == 1 {
		switch {
		case threadDraw < 27:
			p.special = "newsletter"
		case threadDraw < 47:
			p.special = "bounce"
		case threadDraw < 71:
			p.special = "internal"
		case threadDraw < 93:
			p.special = "autoreply"
		}
	}
	r := exportRand(thread, 100+step)
	p.fromSales = step%2 == 1 || p.special == "internal"
	// Structure: about a third plain, half alternative, a sixth mixed.
	switch d := r.IntN(1000); {
	case p.special == "bounce":
		p.structure = "report"
	case p.special == "newsletter":
		p.structure = "alternative"
	case p.special == "autoreply":
		p.structure = pick(d, 500, "plain", 1001, "alternative", "")
	case d < 330:
		p.structure = "plain"
	case d < 830:
		p.structure = "alternative"
	default:
		p.structure = "mixed"
	}
	if p.special == "" && step > 0 && outlookThread < 4 {
		p.outlookOnly = true
	}
	c := thread % o.Customers
	b := buyerOf(c, o)
	// Charsets: the salesperson's Foxmail writes GBK or GB2312 some of the
	// time; Taiwanese and Hong Kong buyers Big5; older European mailers
	// ISO-8859-1; everything else UTF-8.
	cs := r.IntN(100)
	switch {
	case p.special == "bounce" || p.special == "newsletter":
		p.charset = "utf-8"
	case p.fromSales && cs < 26:
		p.charset = "gbk"
	case p.fromSales && cs < 40:
		p.charset = "gb2312"
	case !p.fromSales && b.lang == "zh-tw" && cs < 75:
		p.charset = "big5"
	case !p.fromSales && (b.lang == "de" || b.lang == "es") && cs < 45:
		p.charset = "iso-8859-1"
	default:
		p.charset = "utf-8"
	}
	e := r.IntN(100)
	switch p.charset {
	case "utf-8":
		p.cte = pick(e, 40, "quoted-printable", 75, "base64", "8bit")
	case "iso-8859-1":
		p.cte = pick(e, 70, "quoted-printable", 101, "8bit", "")
	default:
		p.cte = pick(e, 60, "base64", 85, "8bit", "quoted-printable")
	}
	// Sizes: log-normal per structure, bounded to 2 KB..190 KB.
	var median, sigma float64
	switch p.structure {
	case "plain":
		median, sigma = 6000, 0.55
	case "alternative":
		median, sigma = 15500, 0.5
	case "mixed":
		median, sigma = 96000, 0.45
	default:
		median, sigma = 7000, 0.3
	}
	switch p.special {
	case "newsletter":
		median = 30000
	case "autoreply": // a few lines and the responder's header: no quote
		median, sigma = 3000, 0.3
	}
	size := median * math.Exp(sigma*r.NormFloat64())
	p.size = int(min(max(size, 2100), 189000))
	return p
}

func pick(d, a int, x string, b int, y, z string) string {
	switch {
	case d < a:
		return x
	case d < b:
		return y
	}
	return z
}

func genExport(i int, o GenOptions) []byte {
	thread, step := exportThread(i)
	p := exportPlan(thread, step, o)
	r := exportRand(thread, 1000+step)
	c := thread % o.Customers
	b := buyerOf(c, o)
	salesName := "Lily Chen"
	salesZone := time.FixedZone("CST", 8*3600)
	first := exportFirst(thread)
	product := genProducts[thread%len(genProducts)]
	order := 1000 + thread
	subject := fmt.Sprintf("Inquiry: %s, order #%d", product, order)
	switch {
	case b.lang == "zh-tw":
		subject = fmt.Sprintf("詢價：%s 訂單 %d", product, order)
	case thread%9 == 4:
		subject = fmt.Sprintf("询价：%s 订单 %d", product, order)
	}
	at := o.Start.Add(time.Duration(i) * o.Every)

	w := &exportWriter{charset: p.charset, cte: p.cte, r: r}
	var from, to, cc, fromEmail, fromDomain string
	var zone *time.Location
	if p.fromSales {
		from, fromEmail, zone = w.addr(salesName, o.Sales), o.Sales, salesZone
		to = w.addr(b.name, b.email)
		fromDomain = o.TeamDomain
	} else {
		from, fromEmail, zone = w.addr(b.name, b.email), b.email, b.zone
		to = o.TeamAddr
		if step > 0 {
			to, cc = o.Sales, o.TeamAddr
		}
		fromDomain = b.domain
	}
	id := func(k int, domain string) string { return fmt.Sprintf("exp-%d@%s", k, domain) }
	msgID := id(i, fromDomain)
	var refs []string
	for k := first; k < i; k++ {
		_, s := exportThread(k)
		d := b.domain
		if s%2 == 1 {
			d = o.TeamDomain
		}
		refs = append(refs, id(k, d))
	}
	for range step {
		subject = pickReply(r, b.lang) + subject
		if len(subject) > 120 {
			break
		}
	}

	var h exportHeader
	var body exportBody
	switch p.special {
	case "newsletter":
		from, fromEmail, zone = "Global Sources Newsletter <news@globalsources-news.com>", "news@globalsources-news.com", time.FixedZone("HKT", 8*3600)
		to, cc, refs = o.TeamAddr, "", nil
		msgID = id(i, "globalsources-news.com")
		subject = fmt.Sprintf("This week: %d new buyers for %s", 20+thread%50, product)
		h.extra = append(h.extra, "List-Unsubscribe: <https://globalsources-news.com/u?id="+fmt.Sprint(thread)+">, <mailto:unsub@globalsources-news.com>",
			"Precedence: bulk", "List-Id: <weekly.globalsources-news.com>")
	case "bounce":
		from, fromEmail, zone = "Mail Delivery System <MAILER-DAEMON@mx."+o.TeamDomain+">", "MAILER-DAEMON@mx."+o.TeamDomain, salesZone
		to, cc, refs = o.Sales, "", nil
		msgID = id(i, "mx."+o.TeamDomain)
		subject = "Undelivered Mail Returned to Sender"
		h.extra = append(h.extra, "Auto-Submitted: auto-replied", "Return-Path: <>")
	case "internal":
		from, fromEmail = w.addr("Tom Wang", "tom@"+o.TeamDomain), "tom@"+o.TeamDomain
		to, cc, refs = w.addr(salesName, o.Sales), "", nil
		msgID = id(i, o.TeamDomain)
		subject = fmt.Sprintf("Re: shipping schedule for order #%d", order)
	case "autoreply":
		to, cc = o.Sales, ""
		refs = []string{id(i+1_000_000, o.TeamDomain)}
		subject = autoReplySubject(b.lang) + subject
		h.extra = append(h.extra, "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All")
		if p.outlook {
			h.extra = append(h.extra, "X-MS-Exchange-Inbox-Rules-Loop: "+b.email)
		}
	}

	h.from, h.to, h.cc = from, to, cc
	h.subject = w.word(subject)
	h.date = exportDate(at.In(zone), r)
	h.msgID = msgID
	h.returnPath = fromEmail
	if !p.outlookOnly && len(refs) > 0 {
		h.inReplyTo = refs[len(refs)-1]
		h.references = refs
	}
	if p.outlook || p.outlookOnly {
		h.threadIndex = threadIndex(thread, step)
		h.threadTopic = w.word(strings.TrimPrefix(subject, "RE: "))
		h.mailer = "Microsoft Outlook 16.0"
	} else if p.fromSales && p.charset != "utf-8" {
		h.mailer = "Foxmail 7.2.25.228[cn]"
	} else {
		h.mailer = []string{"", "Apple Mail (2.3774.600.62)", "Mozilla Thunderbird 128.5", "Zimbra 9.0.0"}[r.IntN(4)]
	}
	h.received = receivedLines(fromDomain, o.TeamDomain, at, r)

	// The body.
	text := exportText(p, b, salesName, product, order, r)
	if p.special == "autoreply" {
		text = autoReplyText(b, at.In(zone))
	}
	if p.special == "internal" {
		text = fmt.Sprintf("Lily,\n\nThe forwarder confirms the container for order #%d leaves Ningbo on Friday. Please tell the customer.\n\nTom\n", order)
	}
	switch {
	case p.special == "autoreply" && p.structure == "plain":
		for len(text) < p.size-1400 {
			text += "\nThis e-mail and any attachment are confidential and intended solely for the addressee. If you received it in error, please tell the sender and delete it.\n"
		}
		body = w.single("text/plain", text)
	case p.special == "autoreply":
		body = w.alternative(text, htmlOf(text, p.size-1500-len(text), r))
	case p.structure == "plain":
		text = fillText(text, p.size-1200, p, b, product, r)
		body = w.single("text/plain", text)
	case p.structure == "alternative":
		text = fillText(text, (p.size-1500)/4, p, b, product, r)
		body = w.alternative(text, htmlOf(text, p.size-1500-len(text)*4/3, r))
	case p.structure == "mixed":
		text = fillText(text, 1500+r.IntN(3000), p, b, product, r)
		var inner exportBody
		if r.IntN(2) == 0 {
			inner = w.single("text/plain", text)
		} else {
			inner = w.alternative(text, htmlOf(text, 2*len(text)+r.IntN(8000), r))
		}
		body = w.mixed(inner, p.size-len(inner.bytes)-3000, order, r)
	case p.structure == "report":
		body = w.report(o, b, order, at.In(salesZone), r)
	}
	return h.render(body)
}

func pickReply(r *rand.Rand, lang string) string {
	switch {
	case lang == "de" && r.IntN(2) == 0:
		return "AW: "
	case lang == "zh-tw" && r.IntN(2) == 0:
		return "回覆: "
	case r.IntN(3) == 0:
		return "RE: "
	}
	return "Re: "
}

func autoReplySubject(lang string) string {
	switch lang {
	case "de":
		return "Abwesenheitsnotiz: "
	case "zh-tw":
		return "自動回覆: "
	}
	return "Automatic reply: "
}

func autoReplyText(b exportBuyer, at time.Time) string {
	back := at.AddDate(0, 0, 9)
	switch b.lang {
	case "de":
		return fmt.Sprintf("Vielen Dank für Ihre Nachricht. Ich bin bis zum %d.%d.%d nicht im Büro und habe keinen Zugriff auf meine E-Mails.\n\nMit freundlichen Grüßen\n%s\n", back.Day(), int(back.Month()), back.Year(), b.name)
	case "es":
		return fmt.Sprintf("Gracias por su mensaje. Estaré fuera de la oficina hasta el %d/%d/%d.\n\nSaludos cordiales,\n%s\n", back.Day(), int(back.Month()), back.Year(), b.name)
	}
	return fmt.Sprintf("Thank you for your email. I am out of the office until %s with limited access to email. For urgent matters please contact purchasing@%s.\n\nBest regards,\n%s\n", back.Format("2 January 2006"), b.domain, b.name)
}

// exportDate writes a Date in the sender's offset, in one of the layouts
// mailers use.
func exportDate(t time.Time, r *rand.Rand) string {
	switch r.IntN(10) {
	case 0:
		return t.Format("Mon, 2 Jan 2006 15:04:05 -0700 (MST)")
	case 1:
		return t.Format("2 Jan 2006 15:04:05 -0700")
	case 2, 3:
		return t.Format("Mon, 2 Jan 2006 15:04:05 -0700")
	}
	return t.Format(time.RFC1123Z)
}

// threadIndex is an Outlook Thread-Index: 22 bytes (6 of time, a 16-byte
// GUID per thread) and 5 bytes per reply, base64.
func threadIndex(thread, step int) string {
	r := exportRand(thread, 7)
	b := make([]byte, 22+5*step)
	for k := range b {
		b[k] = byte(r.Uint32())
	}
	b[0] = 0x01
	return base64.StdEncoding.EncodeToString(b)
}

func receivedLines(fromDomain, teamDomain string, at time.Time, r *rand.Rand) []string {
	ip := fmt.Sprintf("%d.%d.%d.%d", 40+r.IntN(150), r.IntN(256), r.IntN(256), 1+r.IntN(250))
	id := fmt.Sprintf("%X", r.Uint64())
	d := at.UTC().Add(3 * time.Second).Format(time.RFC1123Z)
	out := []string{
		fmt.Sprintf("Received: from mail.%s (mail.%s [%s])\r\n\tby mx.%s (Postfix) with ESMTPS id %s\r\n\tfor <sales@%s>; %s", fromDomain, fromDomain, ip, teamDomain, id[:10], teamDomain, d),
		fmt.Sprintf("Received: from [192.168.%d.%d] (unknown [%s])\r\n\tby mail.%s (Postfix) with ESMTPSA id %s;\r\n\t%s", r.IntN(255), r.IntN(255), ip, fromDomain, id[6:], d),
	}
	sig := make([]byte, 256)
	for k := range sig {
		sig[k] = byte(r.Uint32())
	}
	bs := base64.StdEncoding.EncodeToString(sig)
	out = append(out, fmt.Sprintf("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;\r\n\ts=s2025; t=%d; h=From:To:Subject:Date:Message-ID;\r\n\tbh=%s;\r\n\tb=%s\r\n\t %s\r\n\t %s", fromDomain, at.Unix(), bs[:44], bs[:120], bs[120:240], bs[240:]))
	return out
}

type exportHeader struct {
	received                          []string
	returnPath, from, to, cc, subject string
	date, msgID, inReplyTo            string
	references                        []string
	threadIndex, threadTopic, mailer  string
	extra                             []string
}

func (h exportHeader) render(body exportBody) []byte {
	var b strings.Builder
	b.Grow(len(body.bytes) + 3000)
	line := func(k, v string) {
		if v != "" {
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteString("\r\n")
		}
	}
	hasRP := false
	for _, x := range h.extra {
		hasRP = hasRP || strings.HasPrefix(x, "Return-Path:")
	}
	if !hasRP {
		line("Return-Path", "<"+h.returnPath+">")
	}
	for _, x := range h.received {
		b.WriteString(x + "\r\n")
	}
	line("From", h.from)
	line("To", h.to)
	line("Cc", h.cc)
	line("Subject", h.subject)
	line("Date", h.date)
	line("Message-ID", "<"+h.msgID+">")
	if h.inReplyTo != "" {
		line("In-Reply-To", "<"+h.inReplyTo+">")
	}
	if len(h.references) > 0 {
		line("References", "<"+strings.Join(h.references, ">\r\n <")+">")
	}
	line("Thread-Topic", h.threadTopic)
	line("Thread-Index", h.threadIndex)
	line("X-Mailer", h.mailer)
	for _, x := range h.extra {
		b.WriteString(x + "\r\n")
	}
	line("MIME-Version", "1.0")
	b.WriteString(body.header)
	b.WriteString("\r\n")
	b.Write(body.bytes)
	return []byte(b.String())
}

// exportBody is an entity: its Content-* header lines (CRLF-terminated)
// and its encoded content.
type exportBody struct {
	header string
	bytes  []byte
}

type exportWriter struct {
	charset, cte string
	r            *rand.Rand
}

func (w *exportWriter) encoder() *encoding.Encoder {
	switch w.charset {
	case "gbk", "gb2312":
		return encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder())
	case "big5":
		return encoding.ReplaceUnsupported(traditionalchinese.Big5.NewEncoder())
	case "iso-8859-1":
		return encoding.ReplaceUnsupported(charmap.ISO8859_1.NewEncoder())
	}
	return nil
}

func (w *exportWriter) bytesOf(s string) []byte {
	if e := w.encoder(); e != nil {
		if b, err := e.Bytes([]byte(s)); err == nil {
			return b
		}
	}
	return []byte(s)
}

// word encodes a header value in the writer's charset when it is not ASCII.
func (w *exportWriter) word(s string) string {
	if isASCII(s) {
		return s
	}
	label := strings.ToUpper(w.charset)
	if label == "UTF-8" || w.r.IntN(3) > 0 {
		if label != "UTF-8" {
			return mime.BEncoding.Encode(label, string(w.bytesOf(s)))
		}
		return mime.BEncoding.Encode("UTF-8", s)
	}
	return mime.QEncoding.Encode(label, string(w.bytesOf(s)))
}

func (w *exportWriter) addr(name, email string) string {
	if isASCII(name) && !strings.ContainsAny(name, `,"`) {
		return name + " <" + email + ">"
	}
	return w.word(name) + " <" + email + ">"
}

// single is one text part in the writer's charset and encoding.
func (w *exportWriter) single(mediaType, s string) exportBody {
	h := fmt.Sprintf("Content-Type: %s; charset=%q\r\nContent-Transfer-Encoding: %s\r\n", mediaType, w.charset, w.cte)
	if w.r.IntN(2) == 0 {
		h = fmt.Sprintf("Content-Type: %s;\r\n\tcharset=\"%s\"\r\nContent-Transfer-Encoding: %s\r\n", mediaType, w.charset, w.cte)
	}
	return exportBody{header: h, bytes: encodeBody(w.bytesOf(s), w.cte)}
}

func (w *exportWriter) boundary(kind string) string {
	return fmt.Sprintf("----=_Part_%s_%08x.%d", kind, w.r.Uint32(), 1700000000000+w.r.Int64N(1e11))
}

func (w *exportWriter) multipart(subtype string, parts ...exportBody) exportBody {
	bnd := w.boundary(subtype[:3])
	var b []byte
	if subtype != "alternative" || w.r.IntN(2) == 0 {
		b = append(b, "This is a multi-part message in MIME format.\r\n\r\n"...)
	}
	for _, p := range parts {
		b = append(b, "--"+bnd+"\r\n"+p.header+"\r\n"...)
		b = append(b, p.bytes...)
		b = append(b, "\r\n"...)
	}
	b = append(b, "--"+bnd+"--\r\n"...)
	return exportBody{header: fmt.Sprintf("Content-Type: multipart/%s;\r\n\tboundary=\"%s\"\r\n", subtype, bnd), bytes: b}
}

func (w *exportWriter) alternative(text, html string) exportBody {
	return w.multipart("alternative", w.single("text/plain", text), w.single("text/html", html))
}

// mixed wraps inner with attachments of about size bytes on the wire.
func (w *exportWriter) mixed(inner exportBody, size, order int, r *rand.Rand) exportBody {
	size = max(size, 1500)
	n := 1
	if size > 60000 && r.IntN(3) == 0 {
		n = 2
	}
	parts := []exportBody{inner}
	for k := range n {
		raw := size * 3 / 4 * 76 / 78 / n
		var name, ct string
		var head []byte
		switch (order + k + r.IntN(3)) % 3 {
		case 0:
			name, ct, head = fmt.Sprintf("PI-%d.pdf", order), "application/pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
		case 1:
			name, ct, head = fmt.Sprintf("IMG_%04d.jpg", order%10000), "image/jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
		default:
			name, ct, head = fmt.Sprintf("Quotation %d.xlsx", order), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []byte("PK\x03\x04\x14\x00\x06\x00")
		}
		data := make([]byte, max(raw, len(head)))
		copy(data, head)
		for j := len(head); j < len(data); j += 8 {
			v := r.Uint64()
			for x := 0; x < 8 && j+x < len(data); x++ {
				data[j+x] = byte(v >> (8 * x))
			}
		}
		hdr := fmt.Sprintf("Content-Type: %s;\r\n\tname=\"%s\"\r\nContent-Description: %s\r\nContent-Disposition: attachment;\r\n\tfilename=\"%s\"; size=%d\r\nContent-Transfer-Encoding: base64\r\n", ct, name, name, name, len(data))
		parts = append(parts, exportBody{header: hdr, bytes: encodeBody(data, "base64")})
	}
	return w.multipart("mixed", parts...)
}

// report is a DSN bounce of a quotation the salesperson sent.
func (w *exportWriter) report(o GenOptions, b exportBuyer, order int, at time.Time, r *rand.Rand) exportBody {
	rcpt := "purchasing@" + b.domain
	text := fmt.Sprintf("This is the mail system at host mx.%s.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\nFor further assistance, please send mail to postmaster.\n\n                   The mail system\n\n<%s>: host mx.%s[%d.%d.%d.%d] said: 550 5.1.1\n    <%s>: Recipient address rejected: User unknown in virtual mailbox\n    table (in reply to RCPT TO command)\n",
		o.TeamDomain, rcpt, b.domain, 60+r.IntN(100), r.IntN(255), r.IntN(255), r.IntN(255), rcpt)
	dsn := fmt.Sprintf("Reporting-MTA: dns; mx.%s\r\nX-Postfix-Queue-ID: %X\r\nArrival-Date: %s\r\n\r\nFinal-Recipient: rfc822; %s\r\nOriginal-Recipient: rfc822;%s\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.%s\r\nDiagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User\r\n    unknown in virtual mailbox table\r\n",
		o.TeamDomain, r.Uint32(), at.Format(time.RFC1123Z), rcpt, rcpt, b.domain, rcpt)
	orig := fmt.Sprintf("Return-Path: <%s>\r\nFrom: Lily Chen <%s>\r\nTo: <%s>\r\nSubject: Quotation for order #%d\r\nDate: %s\r\nMessage-ID: <exp-q%d@%s>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"x\"\r\n",
		o.Sales, o.Sales, rcpt, order, at.Add(-time.Minute).Format(time.RFC1123Z), order, o.TeamDomain)
	bnd := w.boundary("rep")
	var body strings.Builder
	body.WriteString("This is a MIME-encapsulated message.\r\n\r\n")
	fmt.Fprintf(&body, "--%s\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n%s\r\n", bnd, strings.ReplaceAll(text, "\n", "\r\n"))
	fmt.Fprintf(&body, "--%s\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n%s\r\n", bnd, dsn)
	fmt.Fprintf(&body, "--%s\r\nContent-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n%s\r\n--%s--\r\n", bnd, orig, bnd)
	return exportBody{header: fmt.Sprintf("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"%s\"\r\n", bnd), bytes: []byte(body.String())}
}

// encodeBody applies a transfer encoding to content with "\n" or "\r\n"
// line ends; the result has CRLF line ends.
func encodeBody(b []byte, cte string) []byte {
	switch cte {
	case "base64":
		enc := base64.StdEncoding.EncodeToString(b)
		out := make([]byte, 0, len(enc)+len(enc)/76*2+2)
		for len(enc) > 76 {
			out = append(out, enc[:76]...)
			out = append(out, "\r\n"...)
			enc = enc[76:]
		}
		return append(append(out, enc...), "\r\n"...)
	case "quoted-printable":
		var sb strings.Builder
		qw := quotedprintable.NewWriter(&sb)
		_, _ = qw.Write(b)
		_ = qw.Close()
		return crlf(sb.String())
	}
	return crlf(string(b))
}

func crlf(s string) []byte {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\n", "\r\n")
	if !strings.HasSuffix(s, "\r\n") {
		s += "\r\n"
	}
	return []byte(s)
}

var (
	exportGreetings = map[string][]string{
		"en":    {"Dear Lily,", "Hi Lily,", "Hello Ms. Chen,"},
		"de":    {"Sehr geehrte Frau Chen,", "Hallo Lily,"},
		"es":    {"Estimada Sra. Chen,", "Hola Lily,"},
		"zh-tw": {"陳小姐您好，", "Lily 您好："},
	}
	exportClosings = map[string][]string{
		"en":    {"Best regards,", "Kind regards,", "Thanks and regards,"},
		"de":    {"Mit freundlichen Grüßen", "Viele Grüße"},
		"es":    {"Saludos cordiales,", "Atentamente,"},
		"zh-tw": {"謝謝，", "祝 商祺"},
	}
	exportBuyerLines = map[string][]string{
		"en": {
			"We are interested in your %s. Please send us your best FOB price for 2,000 pcs, the MOQ, lead time and payment terms.",
			"Thank you for the quotation. Could you do a better price for 5,000 pcs of %s? Our customer compares two other suppliers.",
			"Please confirm the packing details: cartons per pallet, gross weight and the carton size of the %s.",
			"We received the samples of the %s yesterday. The quality is good, but the colour of two pieces differs from the photos.",
			"Our bank will send the 30% deposit on Monday. Please start production as soon as you receive it.",
		},
		"de": {
			"wir interessieren uns für Ihre %s. Bitte senden Sie uns Ihren besten FOB-Preis für 2.000 Stück, die Mindestmenge und die Lieferzeit.",
			"vielen Dank für das Angebot. Können Sie für 5.000 Stück %s einen günstigeren Preis machen? Unser Kunde vergleicht zwei weitere Lieferanten.",
			"bitte bestätigen Sie die Verpackung: Kartons pro Palette, Bruttogewicht und Kartongröße der %s.",
		},
		"es": {
			"estamos interesados en sus %s. Por favor envíenos su mejor precio FOB para 2.000 piezas, el pedido mínimo y el plazo de entrega.",
			"gracias por la cotización. ¿Podría mejorar el precio para 5.000 piezas de %s? Nuestro cliente compara con otros dos proveedores.",
			"por favor confirme el embalaje: cajas por palé, peso bruto y tamaño de la caja de los %s.",
		},
		"zh-tw": {
			"我們對貴公司的%s很有興趣，請報 2,000 件的 FOB 價格、最小訂購量、交期和付款條件。",
			"謝謝您的報價。5,000 件的%s可以再便宜一點嗎？我們的客戶在比較另外兩家供應商。",
			"請確認包裝資料：每個棧板的箱數、毛重和%s的外箱尺寸。",
		},
	}
	exportSalesLines = []string{
		"Thank you for your inquiry. Please find our quotation for %s: USD 3.50/pc FOB Ningbo, MOQ 500 pcs, lead time 25 days, T/T 30% deposit and the balance against the B/L copy.",
		"As discussed, we can offer USD 3.20/pc for 5,000 pcs of %s. This price is valid until the end of the month because the raw material costs are rising.",
		"The samples of %s were sent today by DHL, tracking number 1234567890. Please let us know your comments when you receive them.",
		"Production of your order is on schedule. The goods will be ready for inspection next week, and we have booked the container for the 20th.",
	}
	exportSalesSig = []string{
		"Lily Chen\nSales Manager\nNingbo Keepwarm Trading Co., Ltd.\nTel: +86 574 8888 1234  Mobile/WhatsApp: +86 138 0000 1234\nAdd: No. 88 Export Road, Yinzhou District, Ningbo, China",
		"Lily Chen 陈丽\n销售经理 Sales Manager\n宁波凯沃贸易有限公司\n电话：+86 574 8888 1234  手机：138 0000 1234\n地址：浙江省宁波市鄞州区出口路88号",
	}
)

// exportText is the new text of a message, with the thread's earlier
// messages quoted below it.
func exportText(p exportPlanned, b exportBuyer, salesName, product string, order int, r *rand.Rand) string {
	var s strings.Builder
	lang := b.lang
	if p.charset == "utf-8" && lang != "en" && r.IntN(2) == 0 {
		lang = "en"
	}
	if p.fromSales {
		fmt.Fprintf(&s, "Dear %s,\n\n", strings.Fields(b.name)[0])
		n := 1 + r.IntN(3)
		for k := range n {
			fmt.Fprintf(&s, exportSalesLines[(p.step+k)%len(exportSalesLines)]+"\n\n", product)
		}
		s.WriteString("Best regards,\n")
		sig := exportSalesSig[0]
		if p.charset != "utf-8" || r.IntN(3) == 0 {
			sig = exportSalesSig[1]
		}
		s.WriteString(sig + "\n")
	} else {
		if p.charset == "iso-8859-1" && lang == "zh-tw" {
			lang = "en"
		}
		lines := exportBuyerLines[lang]
		g := exportGreetings[lang]
		s.WriteString(g[r.IntN(len(g))] + "\n\n")
		n := 1 + r.IntN(3)
		for k := range n {
			fmt.Fprintf(&s, lines[(p.step/2+k)%len(lines)]+"\n\n", product)
		}
		cl := exportClosings[lang]
		s.WriteString(cl[r.IntN(len(cl))] + "\n" + b.name + "\n")
	}
	return s.String()
}

// fillText grows text to about n bytes with what long mail holds: the
// quoted thread below it, a specification table.
func fillText(text string, n int, p exportPlanned, b exportBuyer, product string, r *rand.Rand) string {
	if len(text) >= n {
		return text
	}
	var s strings.Builder
	s.WriteString(text)
	if p.step > 0 {
		if p.outlook {
			fmt.Fprintf(&s, "\n-----Original Message-----\nFrom: %s <%s>\nSent: Monday, March 3, 2025 9:14 AM\nTo: Lily Chen\nSubject: RE: Inquiry: %s\n\n", b.name, b.email, product)
		} else {
			fmt.Fprintf(&s, "\nOn Mon, 3 Mar 2025 at 09:14, %s <%s> wrote:\n", b.name, b.email)
		}
	}
	row := 0
	for s.Len() < n {
		if p.step > 0 && !p.outlook {
			s.WriteString("> ")
		}
		row++
		fmt.Fprintf(&s, "Item %03d  %-28s  %6d pcs  USD %3d.%02d  carton %dx%dx%d cm  %d kg\n",
			row, product, 500*(1+r.IntN(10)), 1+r.IntN(40), r.IntN(100), 30+r.IntN(30), 20+r.IntN(30), 15+r.IntN(30), 5+r.IntN(20))
	}
	return s.String()
}

// htmlOf renders text as Outlook-style HTML: a style block and a styled
// paragraph per line, padded with styling to about n bytes.
func htmlOf(text string, n int, r *rand.Rand) string {
	var s strings.Builder
	s.WriteString("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\">\n<style><!--\n")
	s.WriteString("@font-face {font-family:\"Cambria Math\"; panose-1:2 4 5 3 5 4 6 3 2 4;}\n@font-face {font-family:Calibri; panose-1:2 15 5 2 2 2 4 3 2 4;}\n")
	s.WriteString("p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;}\na:link, span.MsoHyperlink {mso-style-priority:99; color:#0563C1; text-decoration:underline;}\n--></style>\n</head>\n<body lang=\"EN-US\" link=\"#0563C1\" vlink=\"#954F72\">\n<div class=\"WordSection1\">\n")
	for l := range strings.SplitSeq(text, "\n") {
		if l == "" {
			s.WriteString("<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n")
			continue
		}
		s.WriteString("<p class=\"MsoNormal\"><span style=\"font-size:10.5pt;font-family:&quot;Arial&quot;,sans-serif;color:#1F3864\">")
		s.WriteString(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(l))
		s.WriteString("<o:p></o:p></span></p>\n")
	}
	s.WriteString("</div>\n")
	for s.Len() < n-20 {
		fmt.Fprintf(&s, "<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\"><p class=\"MsoNormal\"><span style=\"font-size:1.0pt;color:#%06X\">&nbsp;</span></p></div>\n", r.IntN(1<<24))
	}
	s.WriteString("</body>\n</html>\n")
	return s.String()
}
