// Package parse turns raw message bytes into keepwarm.Messages: MIME and
// charsets (GBK, Big5, ISO-2022-JP, windows-125x...), lenient Message-ID
// lists, Outlook's Thread-Index, subject normalisation, and classification
// (inbound, outbound, internal, auto-reply, bounce, notice, bulk) relative to a Team.
// It never fails: what cannot be parsed is kept raw with ParseError set.
package parse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	// Registers the charsets go-message decodes bodies with (GBK, Big5,
	// ISO-2022-JP, Shift_JIS, windows-125x...).
	_ "github.com/emersion/go-message/charset"

	"keepwarm"
)

// HeaderFields are the header fields sync fetches (BODY.PEEK[HEADER.FIELDS
// (...)]) rather than the whole header, whose Received, DKIM and
// anti-spam lines are most of its size: everything Message and
// Team.Classify read. TestHeaderFieldsAreWhatIsRead fails when a field read
// is missing. The server repeats the list in its answer for every message,
// and go-imap reads it back name by name (9 % of a first sync's CPU with
// 25 names): list nothing that is not read. Treat it as read-only.
var HeaderFields = []string{
	"From", "To", "Cc", "Reply-To", "Subject", "Date",
	"Message-ID", "In-Reply-To", "References", "Thread-Index", "Thread-Topic",
	"Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
	"Return-Path", "Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond",
	"X-Auto-Response-Suppress", "X-MS-Exchange-Inbox-Rules-Loop",
	"List-Id", "List-Unsubscribe", "X-Failed-Recipients",
	// The member behind list mail the list rewrote to its own From
	// (listPoster).
	"X-Original-From",
	// A campaign tool's, telling a newsletter passed on by the team's own
	// list (Team.teamCopy): campaignFields.
	"X-Campaign", "X-MC-User", "X-CSA-Complaints", "X-SFMC-Stack",
}

// Message parses a message from its raw header block (as returned by
// BODY.PEEK[HEADER], ending with the blank line) and the first bytes of its
// body (BODY.PEEK[TEXT]<0.N>, which may be cut anywhere, even mid-multipart or
// mid-base64). size is the full RFC822.SIZE. It never panics and never fails:
// what cannot be parsed is kept (RawHeader is always set) and ParseError says
// why. Kind, CustomerKey and Contacts are left for Team.Classify;
// Report (and BouncedRecipient, for a failed recipient) is pre-filled when
// a delivery-status or disposition-notification part is in the prefix,
// since Classify cannot see the body. Nothing returned refers to
// header's or bodyPrefix's bytes (here and in every other parse function):
// the caller may reuse them.
func Message(header, bodyPrefix []byte, size int64) keepwarm.Message {
	m, _, _, _ := parseMessage(header, bodyPrefix, size, nil, nil, 0)
	return m
}

// Part is the text part sync fetched of a multipart message in place of the
// start of its body, with what the server's BODYSTRUCTURE says of the
// message: the part's own type, charset and transfer encoding, its encoded
// size, and every attached file (names as written; encoded words are
// decoded here).
type Part struct {
	MediaType, Charset, Encoding string
	Size                         int64
	Attachments                  []keepwarm.Attachment
	// CalendarReply: another part is a text/calendar with method=REPLY
	// (a meeting's accept, decline or tentative answer).
	CalendarReply bool
}

// MessagePart is Message for a message of which sync fetched the header and
// the first bytes of its text part as part describes them.
func MessagePart(header, text []byte, size int64, part *Part) keepwarm.Message {
	m, _, _, _ := parseMessage(header, text, size, nil, part, 0)
	return m
}

// BlankText says whether the start of a text part, as part describes it,
// decodes to nothing but white space: a plain text some mailers send
// beside the HTML that holds the message.
func BlankText(text []byte, part *Part) bool {
	info := readPart(&Part{MediaType: part.MediaType, Charset: part.Charset, Encoding: part.Encoding}, text, true, true)
	return strings.TrimSpace(info.plain) == "" && info.plainSnippet == "" && strings.TrimSpace(info.html) == ""
}

// Fetched is what sync fetched of a message: the header fields parse
// reads (BODY.PEEK[HEADER.FIELDS (HeaderFields)]), which say nothing of the
// whole header's size, and the start of the body or of its text part.
type Fetched struct {
	Header []byte
	Body   []byte // the start of the body (BODY[TEXT]<0.N>), or of Part
	Part   *Part  // nil: Body is the start of the whole body
	Size   int64  // RFC822.SIZE
	// Complete says Body is the whole body (or the whole part): the server
	// gave fewer bytes than were asked for, or as many as the BODYSTRUCTURE
	// says there are.
	Complete bool
	// TextPending says the body was not fetched: the message is parsed
	// from its header alone and marked keepwarm.Message.TextPending (see
	// Team.NeedsText for the mail that may wait). Body is ignored.
	TextPending bool
}

// bodyNotFetched is parseMessage's whole for a message fetched without
// its body.
const bodyNotFetched int8 = 2

// complete is parseMessage's say on f.Body: whole, cut or not fetched.
func (f Fetched) complete() int8 {
	if f.TextPending {
		return bodyNotFetched
	}
	if f.Complete {
		return 1
	}
	return -1
}

// MessageFetched is Message for what sync fetched.
func MessageFetched(f Fetched) keepwarm.Message {
	m, _, _, _ := parseMessage(f.Header, f.Body, f.Size, nil, f.Part, f.complete())
	return m
}

// ParseFetched is Parse for what sync fetched.
func (t *Team) ParseFetched(f Fetched, role keepwarm.FolderRole) keepwarm.Message {
	return t.parse(f.Header, f.Body, f.Size, f.Part, f.complete(), role)
}

// ParsePart is Parse for a message of which sync fetched the header and the
// first bytes of its text part (BODY.PEEK[n]<0.N>) as part describes them.
func (t *Team) ParsePart(header, text []byte, size int64, part *Part, role keepwarm.FolderRole) keepwarm.Message {
	return t.parse(header, text, size, part, 0, role)
}

// Parse is Message followed by Classify, reading the header once: what sync
// calls for every fetched message.
func (t *Team) Parse(header, bodyPrefix []byte, size int64, role keepwarm.FolderRole) keepwarm.Message {
	return t.parse(header, bodyPrefix, size, nil, 0, role)
}

func (t *Team) parse(header, bodyPrefix []byte, size int64, part *Part, whole int8, role keepwarm.FolderRole) keepwarm.Message {
	// Only outbound mail keeps its text (classify): of other mail the
	// text part is decoded only as far as the snippet needs.
	snippetOnly := func(from string) bool { return role != keepwarm.RoleSent && !t.IsTeam(from) }
	m, h, cs, ok := parseMessage(header, bodyPrefix, size, snippetOnly, part, whole)
	if !ok {
		// The parse broke off: read the header as Classify would.
		h = lenientHeader(m.RawHeader)
		partLabel := ""
		if part != nil {
			partLabel = part.Charset
		}
		cs = headerCharset(h, partLabel)
	}
	t.classify(&m, h, cs, role)
	return m
}

// parseMessage is Message, also returning the header it read and the
// charset its raw 8-bit display fields were read in (headerCharset), for
// Reply-To to be read in the same; ok is false when the parse broke off in
// a panic and h may be partial. snippetOnly, when not
// nil, says from the sender's address that m.Text will not be kept. With
// part, bodyPrefix is the start of that text part, not of the body. whole
// says bodyPrefix is the whole body or part (1) or was cut (-1); 0: as the
// sizes tell (header is the whole header); bodyNotFetched: there is no body
// to read, the message is marked TextPending.
func parseMessage(header, bodyPrefix []byte, size int64, snippetOnly func(from string) bool, part *Part, whole int8) (m keepwarm.Message, h header, cs rawCharset, ok bool) {
	m.RawHeader = append([]byte(nil), header...)
	m.Size = size
	var errs []string
	defer func() {
		// Last line of defence: a message is stored flagged, never lost,
		// even if a library under us panics on some input.
		if r := recover(); r != nil {
			errs = append(errs, fmt.Sprintf("panic: %v", r))
			if m.Key == "" {
				m.Key = hashKey(header)
			}
			m.ParseError = toUTF8([]byte(strings.Join(errs, "; ")))
			ok = false
		}
	}()

	// The fields' values are substrings of m.RawHeader's bytes, not of a
	// second copy of the block: a sync holds thousands of parsed messages
	// at once. Nothing writes to RawHeader once it is set.
	h, err := readHeaderString(unsafe.String(unsafe.SliceData(m.RawHeader), len(m.RawHeader)))
	switch {
	case err != nil:
		errs = append(errs, err.Error())
	case len(h) == 0 && len(bytes.TrimSpace(header)) == 0 && len(bytes.TrimSpace(bodyPrefix)) == 0 && whole != bodyNotFetched:
		errs = append(errs, "empty message")
	case len(h) == 0:
		errs = append(errs, "no header: no sender, date or message id")
	}
	note := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}

	m.MessageID = firstMsgID(h.Get("Message-Id"))
	m.Key = m.MessageID
	if m.Key == "" {
		m.Key = originKey(h)
		m.KeyAlias = hashKey(header)
		if m.Key == "" {
			m.Key, m.KeyAlias = m.KeyAlias, ""
		}
	}
	m.InReplyTo = msgIDs(h.Values("In-Reply-To"))
	m.References = msgIDs(h.Values("References"))
	m.ThreadIndex = threadIndexConversation(h.Get("Thread-Index"))
	partLabel := ""
	if part != nil {
		partLabel = part.Charset
	}
	cs, partMayDecide := headerCharsetOf(h, partLabel)
	m.ThreadTopic, err = headerText(h, "Thread-Topic", cs)
	note(err)
	m.Subject, err = headerText(h, "Subject", cs)
	note(err)
	m.SubjectKey = NormalizeSubject(m.Subject)
	m.Date = parseDate(h.Get("Date"))

	if from, _ := parseAddressListIn(h.Get("From"), cs); len(from) > 0 {
		m.From = from[0]
	}
	m.To = addressesOf(h, "To", cs)
	m.Cc = addressesOf(h, "Cc", cs)
	m.InReplyTo, m.References = notAddresses(&m, m.InReplyTo), notAddresses(&m, m.References)

	if whole == bodyNotFetched {
		m.TextPending = true
		// Raw 8-bit display fields of multipart mail: the text part's
		// charset label, which the whole parse tries first, is not at hand.
		m.HeaderCharsetUnsure = partMayDecide && partLabel == "" && isMultipart(h)
		if len(errs) > 0 {
			m.ParseError = toUTF8([]byte(strings.Join(errs, "; ")))
		}
		return m, h, cs, true
	}
	complete := size > 0 && int64(len(header)+len(bodyPrefix)) >= size
	var body bodyInfo
	if part != nil {
		complete = int64(len(bodyPrefix)) >= part.Size // the text, not the message
	}
	if whole != 0 {
		complete = whole > 0
	}
	if part != nil {
		body = readPart(part, bodyPrefix, complete, snippetOnly != nil && snippetOnly(m.From.Email))
	} else {
		body = readBody(h, bodyPrefix, complete, snippetOnly != nil && snippetOnly(m.From.Email))
	}
	errs = append(errs, body.errs...)
	if body.hasPlain && body.plainSnippet != "" {
		m.Snippet, m.Text = body.plainSnippet, body.plain
	} else if body.hasPlain && strings.TrimSpace(body.plain) != "" {
		m.Snippet = snippet(body.plain)
		m.Text = body.plain
	} else {
		m.Snippet = snippet(body.html)
		m.Text = body.html
	}
	m.Attachments = body.attachments
	m.CalendarReply = body.calendarReply || part != nil && part.CalendarReply
	m.TextCut = !complete
	var failed []string
	failed, m.BouncedSoft, m.BounceRefusal, m.Report = dsnReport(body.dsn)
	m.BouncedRecipient, m.BouncedAlso = firstAndRest(failed)
	if m.Report == "" && body.mdn {
		m.Report = "read"
	}
	if len(m.InReplyTo) == 0 && len(m.References) == 0 {
		report := body.report || body.dsn != nil || body.mdn || emptyReturnPath(h)
		if id := returnedID(body.originalHeaders, bodyPrefix, m.From.Email, m.MessageID, report); id != "" {
			m.InReplyTo = []string{id}
		}
	}
	if len(errs) > 0 {
		m.ParseError = toUTF8([]byte(strings.Join(errs, "; ")))
	}
	return m, h, cs, true
}

// addressesOf parses every field named k (some mailers repeat To or Cc),
// raw 8-bit bytes read in cs.
func addressesOf(h header, k string, cs rawCharset) []keepwarm.Address {
	var out []keepwarm.Address
	for _, v := range h.Values(k) {
		list, _ := parseAddressListIn(v, cs)
		out = append(out, list...)
	}
	return out
}

// ReplyTo reads the Reply-To addresses of a message's stored raw header:
// where a mail client's Reply goes (an inquiry relayed by a marketplace
// comes From its no-reply address, Reply-To the buyer). None when the
// header has no Reply-To or it does not parse. A name in raw 8-bit bytes
// of multipart mail whose Content-Type names no charset is left out: its
// text part's label, which the whole parse read it in, is not stored, and
// a guess may be a wrong one ("肉囗 襄蝠钼" for windows-1251's "Иван
// Петров"); the buyer of a relayed inquiry is the message's From, read
// right.
func ReplyTo(rawHeader []byte) []keepwarm.Address {
	h, _ := readHeader(rawHeader)
	if len(h) == 0 {
		return nil
	}
	cs, partMayDecide := headerCharsetOf(h, "")
	unsure := partMayDecide && isMultipart(h)
	var out []keepwarm.Address
	for _, v := range h.Values("Reply-To") {
		list, _ := parseAddressListIn(v, cs)
		for _, a := range list {
			if unsure && !utf8.ValidString(v) {
				a.Name = ""
			}
			if a.Email != "" {
				out = append(out, a)
			}
		}
	}
	return out
}

// originFields are the header fields a message without a Message-ID is
// known by: those its sender wrote, which every copy of it keeps. Fields a
// server adds on delivery (Return-Path, X-MS-Exchange-Inbox-Rules-Loop) are
// not among them: the copy in the sender's Sent has none, the delivered one
// has them, and both are one message.
var originFields = []string{"From", "To", "Cc", "Date", "Subject", "In-Reply-To", "References"}

// originKey is the Key of a message without a Message-ID: "sha256:" and
// the hash of its originFields in that order, each unfolded, its white
// space collapsed. "" when it has none of them (nothing to know it by).
func originKey(h header) string {
	var b strings.Builder
	found := false
	for _, name := range originFields {
		b.WriteString(name)
		b.WriteByte(':')
		for i, v := range h.Values(name) {
			if i > 0 {
				b.WriteByte(',')
			}
			v = strings.Join(strings.Fields(v), " ")
			found = found || v != ""
			b.WriteString(v)
		}
		b.WriteByte('\n')
	}
	if !found {
		return ""
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// hashKey is the Key messages without a Message-ID had before originKey,
// and still have when they have no origin field: the hash of the fields
// fetched, as the server returned them.
func hashKey(header []byte) string {
	sum := sha256.Sum256(header)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// nextMsgID finds the first <...> message id in s at or after from: the text
// between '<' and '>' with no '<', '>' or white space in it. It returns the
// id and where scanning goes on, or ok false when there is none. Extracting
// tokens rather than parsing the field as RFC 5322 keeps every id of a
// References list even when one of them is malformed (go-message's MsgIDList
// stops at the first bad one).
func nextMsgID(s string, from int) (id string, next int, ok bool) {
	for i := from; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		j := i + 1
		for j < len(s) && !idStop(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '>' && j > i+1 {
			return s[i+1 : j], j + 1, true
		}
		i = j - 1 // no id starts inside the run just scanned
	}
	return "", len(s), false
}

// idStop reports the bytes a message id cannot hold: the brackets and white
// space (as regexp's \s: space, \t, \n, \f, \r).
func idStop(c byte) bool {
	switch c {
	case '<', '>', ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}

// msgIDs extracts every <...> id from the given field values, in order,
// without duplicates. A value without any holds the ids some ERPs and
// ticket systems write bare ("In-Reply-To: 123.456@mail.seller.com"),
// separated by white space or commas.
func msgIDs(values []string) []string {
	var out []string
	add := func(id string) {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, v := range values {
		v = toUTF8String(v)
		found := false
		for at := 0; ; {
			id, next, ok := nextMsgID(v, at)
			if !ok {
				break
			}
			at, found = next, true
			add(id)
		}
		if found {
			continue
		}
		// Ids without brackets, only when the field holds nothing else:
		// the obsolete phrase form ("ann@buyer.com's message of Mon, 1
		// Dec 2026", "Your mail of 01.12.2026 (ann@buyer.com)") names an
		// address, which as a thread key would join every thread it
		// answers.
		toks := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r <= ' ' })
		if !slices.ContainsFunc(toks, func(tok string) bool { return !bareIDShape(tok) }) {
			for _, tok := range toks {
				add(tok)
			}
		}
	}
	return out
}

// bareIDShape says v looks like a message id written without brackets in
// In-Reply-To or References: bareMsgID's, with no parenthesis or quote in
// its local part and a domain of letters, digits, dots and hyphens.
func bareIDShape(v string) bool {
	if bareMsgID(v) == "" {
		return false
	}
	local, domain, _ := strings.Cut(v, "@")
	if strings.ContainsAny(local, "()'") {
		return false
	}
	for _, c := range domain {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// notAddresses is ids without those that are an address of the message
// (From, To, Cc): "In-Reply-To: ann@buyer.com" names the mail's author,
// not a message.
func notAddresses(m *keepwarm.Message, ids []string) []string {
	out := ids[:0]
	for _, id := range ids {
		is := func(a keepwarm.Address) bool { return strings.EqualFold(a.Email, id) }
		if !is(m.From) && !slices.ContainsFunc(m.To, is) && !slices.ContainsFunc(m.Cc, is) {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// bareMsgID is v when it is a "local@domain" message id written without
// brackets, else "".
func bareMsgID(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t<>\"") && strings.Count(v, "@") == 1 &&
		!strings.HasPrefix(v, "@") && !strings.HasSuffix(v, "@") {
		return v
	}
	return ""
}

// firstMsgID reads a Message-ID field: the first <...> token, or a bare
// "local@domain" a careless mailer wrote without brackets. "" when the field
// is missing or holds nothing usable, so the caller falls back to a hash.
func firstMsgID(v string) string {
	v = strings.TrimSpace(toUTF8String(v))
	if id, _, ok := nextMsgID(v, 0); ok {
		return id
	}
	return bareMsgID(v)
}

// returnedMsgID is a Message-ID line of a returned message quoted in the text
// of an old-style bounce.
var returnedMsgID = regexp.MustCompile(`(?im)^[ \t]*message-id:[ \t]*<([^<>\s]+)>`)

// returnedID finds the Message-ID of the message a bounce returns: from its
// rfc822-headers part, or, for a MAILER-DAEMON text bounce, from the copy of
// the header quoted in the text. Set as In-Reply-To, it puts the bounce in
// that message's thread, so a follow-up sequence learns its mail did not
// arrive. report says the message is a report (multipart/report, a
// delivery-status or disposition-notification part, the empty envelope
// sender); else only a mail server's (MAILER-DAEMON, postmaster) message
// returns one. A person's mail with another message inline (forwarded as
// message/rfc822) answers nothing: the inline message's id would put it
// in that message's thread, another customer's maybe.
func returnedID(originalHeaders, body []byte, from, own string, report bool) string {
	server := isMailServer(from)
	if !report && !server {
		return ""
	}
	if originalHeaders != nil {
		oh := lenientHeader(originalHeaders)
		return firstMsgID(oh.Get("Message-Id"))
	}
	if !server {
		return ""
	}
	for _, m := range returnedMsgID.FindAllSubmatch(body, -1) {
		if id := toUTF8(m[1]); id != own {
			return id
		}
	}
	return ""
}
