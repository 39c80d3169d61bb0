package parse

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"keepwarm"
)

// Classify sets m.Kind, m.CustomerKey, m.Contacts, m.BouncedRecipient,
// m.AutoReplyUntil (and drops m.Text unless the message is outbound) from a parsed message (it rereads m.RawHeader for the
// fields Message does not keep). role is the folder role the copy was found
// in: a copy in Sent is the team's own mail even when its From is an alias
// the Team does not know.
//
// The order matters: bounces and automatic answers are tested before the
// sender is, because the team's own postmaster sends bounces and a
// salesperson's out-of-office to a customer must not count as the team's
// reply; list mail next, so a newsletter starts no reply clock.
func (t *Team) Classify(m *keepwarm.Message, role keepwarm.FolderRole) {
	h := lenientHeader(m.RawHeader)
	t.classify(m, h, headerCharset(h, ""), role)
}

// classify is Classify with the header already read and the charset its
// raw 8-bit display fields were read in (headerCharset), which Reply-To is
// read in too. The text is kept (bounded, see keptText) for outbound mail
// only.
func (t *Team) classify(m *keepwarm.Message, h header, cs rawCharset, role keepwarm.FolderRole) {
	t.dropListTag(m, h)
	t.classifyKind(m, h, cs, role)
	if m.Kind == keepwarm.KindOutbound {
		m.Text, m.TextCut = keptText(m.Text, m.TextCut)
	} else {
		m.Text, m.TextCut = "", false
	}
}

func (t *Team) classifyKind(m *keepwarm.Message, h header, cs rawCharset, role keepwarm.FolderRole) {
	if m.RelayedBy.Email != "" { // classified before: read the header's sender again
		m.From, m.RelayedBy = m.RelayedBy, keepwarm.Address{}
	}
	if a, ok := t.listSender(m, h, cs); ok {
		m.From = a
	}
	from := m.From.Email
	m.Kind, m.CustomerKey, m.Contacts, m.AutoReplyUntil, m.NewContact = "", "", nil, time.Time{}, ""
	m.KnownCustomerOnly, m.ListAnswer = false, false
	m.Lists, m.ListID, m.ListMemberOf = nil, "", ""
	m.BouncedFreeMail = nil

	switch k := t.reportKind(m, h); k {
	case keepwarm.KindBounce:
		m.Kind = k
		if b := m.BouncedRecipient; b != "" && !t.IsTeam(b) {
			m.CustomerKey = t.customerKey(b)
			m.Contacts = []keepwarm.Address{{Email: b}}
		}
		m.BouncedAlso = slices.DeleteFunc(m.BouncedAlso, func(a string) bool { return a == "" || t.IsTeam(a) })
		if len(m.BouncedAlso) == 0 {
			m.BouncedAlso = nil
		}
		for _, a := range append([]string{m.BouncedRecipient}, m.BouncedAlso...) {
			a = strings.ToLower(strings.TrimSpace(a))
			if d := domainOf(a); d != "" && !t.IsTeam(a) && t.IsFreeMail(d) {
				m.BouncedFreeMail = append(m.BouncedFreeMail, a)
			}
		}
		return
	case keepwarm.KindNotice:
		// A notice about the team's own mail, whoever sent it (a
		// salesperson's client answers a customer's receipt request
		// too): no customer, no clock, no answer.
		m.Kind, m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = k, "", nil, nil, ""
		return
	}
	relayed, passedOn := false, false
	var lists []string // the addresses the list may have, listAddresses
	if a, ok := t.relaySender(m, h, cs, role); ok {
		m.From, m.RelayedBy, from = a, m.From, a.Email
		relayed, passedOn = true, freshMail(m)
	}
	// The buyer in Reply-To is the sender of a person's mail only: an
	// automatic answer or list mail is the program's own words (a no-reply
	// system's "John is no longer with us, please write to purchasing@"
	// names its Reply-To as the successor; it has not left).
	unrelay := func() {
		if relayed {
			m.From, m.RelayedBy, from = m.RelayedBy, keepwarm.Address{}, m.RelayedBy.Email
			relayed = false
		}
	}
	if m.CalendarReply && (t.IsTeam(from) || role == keepwarm.RoleSent) {
		// The team's own answer: a click is not followed up; one with
		// words typed is set aside, saying so.
		m.CalendarWords = calendarComment(m.Snippet, m.From, m.Subject)
	}
	if m.CalendarReply && !t.IsTeam(from) && role != keepwarm.RoleSent && !calendarComment(m.Snippet, m.From, m.Subject) {
		// A customer's calendar answering a meeting invitation ("Accepted:
		// Video call"): a click, not a mail to answer. No clock, no ack,
		// no new customer or contact: it is the customer's whose contact
		// sent it (the store looks for that contact only). It threads by
		// its ids, or by the meeting's title (its subject key): Google
		// Calendar's answer names no id. The store marks it
		// (calendar_reply) and it ends the follow-up of the mail it
		// answers as answered. One with the buyer's own words ("Decline
		// with comment": "we went with another supplier") is his mail to
		// answer, as any other. (The team's own accept of a customer's
		// invitation stays the team's mail.)
		unrelay()
		m.Kind, m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = keepwarm.KindNotice, "", nil, nil, ""
		m.CustomerKey, m.Contacts = t.customerKey(from), []keepwarm.Address{{Email: from, Name: m.From.Name}}
		m.SubjectKey = NormalizeSubject(meetingTitle(m.Subject))
		return
	}
	switch {
	case isAutoReply(h, m, from, t.teamCopy(h), passedOn):
		unrelay()
		m.Kind = keepwarm.KindAutoReply
		// The responder's own words: a date in the message it quotes is
		// not the absence's.
		m.AutoReplyUntil = returnDate(ownPart(m.Snippet), m.Date)
	case t.isBulk(h):
		unrelay()
		// Newsletters and list mail make no customers. A reply through
		// a list of the customer's own (its Google Group purchasing@)
		// may be the customer's answer: the store tells (ListAnswer).
		m.Kind, m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = keepwarm.KindBulk, "", nil, nil, ""
		if id, ok := oneListID(h); ok && len(t.teamNamed(m)) == 0 {
			// The list sent it to someone of the team as a member:
			// the store keeps the proof.
			m.ListMemberOf = id
		}
		if !t.mayAnswerThroughList(m, h, from, role) {
			return
		}
		if p, ok := listPoster(m, h, cs); ok {
			// The list's own address in From stands for the member
			// who wrote: judged by that member's customer, a stranger's
			// post on an association's list answering the team's post
			// stays list mail.
			if t.IsTeam(p.Email) || isMailServer(p.Email) {
				return
			}
			m.From, m.RelayedBy, from = p, m.From, p.Email
		}
		m.ListAnswer = true
		// A copy addressed to the team may be the member writing to the
		// salesperson through the list: the list's own customer is the
		// second chance (ListCustomerKey), for a buyer answering through
		// his company's group from an address outside its domain, whether
		// or not the list wrote its own address in From (it does only for
		// a sender whose domain has a strict DMARC policy). The
		// store takes it only when the mail it names went to the list
		// itself and the salesperson is no member of the list. A copy
		// addressed to the list alone reached her as a member.
		lists, m.ListID = t.listAddresses(m, h)
	}
	m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = "", nil, nil, ""

	// A copy in Sent is the team's own mail, except the copy of an inquiry
	// the team's own relay (its site's form, through info@'s SMTP) passed
	// on: the server saves what info@ sends in its Sent too.
	fromTeam := t.IsTeam(from) || (role == keepwarm.RoleSent && !relayed)
	var party string
	if fromTeam {
		for _, a := range append(append([]keepwarm.Address(nil), m.To...), m.Cc...) {
			if a.Email != "" && !t.IsTeam(a.Email) {
				party = a.Email
				break
			}
		}
	} else {
		party = from
	}
	if m.Kind == "" {
		switch {
		case !fromTeam:
			m.Kind = keepwarm.KindInbound
		case party == "":
			m.Kind = keepwarm.KindInternal
		default:
			m.Kind = keepwarm.KindOutbound
		}
	}
	// Only an automatic answer: a person's own words ("we no longer work
	// with them") are an answer, never a reason to drop the address; and
	// only its own words, not the message it quotes.
	if !fromTeam && m.Kind == keepwarm.KindAutoReply {
		if own := ownPart(m.Snippet); saysLeftCompany(own) {
			m.Kind, m.AutoReplyUntil = keepwarm.KindLeftCompany, time.Time{}
			m.NewContact = t.successor(own, from)
		}
	}
	if party == "" {
		return
	}
	m.CustomerKey = t.customerKey(party)
	m.Contacts = t.contacts(m, m.CustomerKey)
	if len(lists) > 0 {
		// Each address's customer and contacts as the list's own From
		// made them before the member was read: the list's address
		// first, then those of its customer among the recipients. The
		// member, at another domain, is no contact of it.
		member := m.From
		for _, a := range lists {
			m.From = keepwarm.Address{Email: a}
			if strings.EqualFold(m.RelayedBy.Email, a) {
				m.From = m.RelayedBy
			}
			key := t.customerKey(a)
			m.Lists = append(m.Lists, keepwarm.ListAddress{Address: a, CustomerKey: key, Contacts: t.contacts(m, key)})
		}
		m.From = member
	}
	// The team's own out-of-office answers newsletters, spam and
	// suppliers as well as customers: it joins a customer known already
	// and makes none.
	m.KnownCustomerOnly = fromTeam && m.Kind == keepwarm.KindAutoReply
}

// NeedsText says whether a message parsed from its header alone
// (Fetched.TextPending) must have its text read before it is stored, because
// what it means depends on the text: a bounce (the failed address), an
// automatic reply (the return date, "no longer with the company"), mail
// from a mailer daemon (the returned message's Message-ID threads it; a
// delay or a failure), a delivery or read notice, and mail titled like a
// read receipt (its text or report part tells). So must multipart mail
// whose subject or names are raw 8-bit bytes in a charset only its text
// part's label names (Message.HeaderCharsetUnsure): rare, and read from
// the header alone they could be stored in a wrong charset for good.
// Ordinary incoming, outbound, internal and list mail is classified the
// same from the header alone: its snippet, attachments and (outbound) kept
// text wait. Sync gives mail in the recent window its text at once, and
// the window reaches past the oldest mail a follow-up quotes.
func (t *Team) NeedsText(m *keepwarm.Message) bool {
	if m.HeaderCharsetUnsure {
		return true
	}
	switch m.Kind {
	case keepwarm.KindInbound, keepwarm.KindOutbound, keepwarm.KindInternal, keepwarm.KindBulk:
	default:
		return true
	}
	// A mail server's report, and a subject that may be a read receipt's:
	// what they are depends on the text.
	return isMailServer(m.From.Email) || readSubject.MatchString(m.Subject) || meetingSubject.MatchString(m.Subject)
}

// meetingSubject is the subject a calendar gives its answer to a meeting
// invitation (Outlook, Google Calendar, in the languages of the team's
// markets, those calendarSentence reads): whether it is one depends on its text/calendar part.
var meetingSubject = regexp.MustCompile(`(?i)^\s*(accepted|declined|tentative|tentatively accepted|updated invitation|angenommen|abgelehnt|mit vorbehalt angenommen|accepté|refusé|provisoire|aceptado|rechazado|provisional|aceita|aceito|aceite|recusada|recusado|provisório|accettato|rifiutato|provvisorio|принято|отклонено|已接受|已拒绝|已拒絕|暂定|暫定|接受|拒绝|拒絕|承諾|辞退|仮承諾|수락|수락됨|거절|거절됨|미정)\s*[:：]`)

// googleWhen is what Google Calendar puts after a meeting's title in the
// subject of an invitation or an answer: " @ Thu 3 Dec 2026 3pm - 4pm
// (CST) (lily@team.example)".
var googleWhen = regexp.MustCompile(`\s@\s[^@]*\([^()\s]+@[^()\s]+\)\s*$`)

// meetingTitle is the title of the meeting a calendar's subject names:
// without the answer's "Accepted:" and Google Calendar's time and
// calendar after it.
func meetingTitle(subject string) string {
	if loc := meetingSubject.FindStringIndex(subject); loc != nil {
		subject = subject[loc[1]:]
	}
	return googleWhen.ReplaceAllString(subject, "")
}

// contacts lists the external addresses on m that belong to key, From first,
// each once, keeping a display name when any copy has one.
func (t *Team) contacts(m *keepwarm.Message, key string) []keepwarm.Address {
	var out []keepwarm.Address
	add := func(a keepwarm.Address) {
		if a.Email == "" || t.IsTeam(a.Email) || !t.hasCustomerKey(a.Email, key) {
			return
		}
		// A message names few people: a scan finds an earlier copy.
		for i := range out {
			if out[i].Email == a.Email {
				if out[i].Name == "" {
					out[i].Name = a.Name
				}
				return
			}
		}
		out = append(out, a)
	}
	add(m.From)
	for _, a := range m.To {
		add(a)
	}
	for _, a := range m.Cc {
		add(a)
	}
	return out
}

// hasCustomerKey is t.customerKey(email) == key, without building the key.
func (t *Team) hasCustomerKey(email, key string) bool {
	d := domainOf(email)
	if d == "" {
		return key == ""
	}
	if t.IsFreeMail(d) {
		return strings.HasPrefix(key, "addr:") && key[len("addr:"):] == email
	}
	return strings.HasPrefix(key, "domain:") && key[len("domain:"):] == d
}

// headerRecipients are the failed addresses Exim names in X-Failed-Recipients.
func (t *Team) headerRecipients(h header) []string {
	var rs []string
	for _, v := range h.Values("X-Failed-Recipients") {
		list, _ := parseAddressList(v)
		for _, a := range list {
			if e := normEmail(a.Email); e != "" && !slices.Contains(rs, e) {
				rs = append(rs, e)
			}
		}
	}
	return rs
}

// textRecipient finds the failed address in a bounce's text, skipping the
// mail servers' and the team's own addresses.
func (t *Team) textRecipient(text string) string {
	return textRecipient(text, func(a string) bool {
		return isMailServer(a) || t.IsTeam(a)
	})
}

// relaysPerson is how ticket systems and ERPs introduce the words of a
// person they pass on: such a message is that person's answer.
var relaysPerson = regexp.MustCompile(`(?i)\b(?:commented|replied|responded|wrote|added a comment|left a comment|has answered)\s*:|kommentierte|hat (?:kommentiert|geantwortet)\s*:|a (?:commenté|répondu)\s*:|(?:comentó|respondió)\s*:|(?:ha commentato|ha risposto)\s*:|评论了|回复了|回复：|写道`)

// readsGenerated says whether the own words of a message a program sent
// (Auto-Submitted: auto-generated) read as an automatic answer: an
// absence, a return, an acknowledgement or a filter's challenge, and no
// person's words passed on.
func readsGenerated(own string) bool {
	if relaysPerson.MatchString(own) {
		return false
	}
	return keepwarm.ReadsAutomatic(own) || keepwarm.ReadsAcknowledgedOrHeld(own)
}

// isAutoReply applies RFC 3834 and the de-facto headers of responders that
// predate it. X-Auto-Response-Suppress alone proves nothing (Outlook puts it
// on ordinary mail); with Exchange's inbox-rule loop marker naming the
// sender it marks an Exchange rule's answer from the sender's own mailbox.
// A loop marker naming another address is a rule that passed a person's
// mail on (a shared info@ redirecting to a salesperson), From kept.
//
// Without any of them, a subject automatic answers use counts only when
// the text reads as one too (an absence, a return, "automatic reply"): a
// customer may title an order "Out of office furniture 2027". Parsed from
// its header alone (TextPending), such a message is taken as automatic
// for now, so that sync reads its text before storing it.
// teamList says the list headers are those of a list the team runs (see
// Team.teamList): they say nothing about the message. passedOn says a web
// form or a marketplace passed a buyer's new inquiry on (see relaySender,
// freshMail): an Auto-Submitted: auto-generated is then the service's
// stamp on every mail it sends, and the words it adds ("do not reply to
// this email") are not the buyer's.
func isAutoReply(h header, m *keepwarm.Message, from string, teamList, passedOn bool) bool {
	as, _, _ := strings.Cut(h.Get("Auto-Submitted"), ";")
	as = strings.ToLower(strings.TrimSpace(as))
	switch {
	case as == "auto-replied":
		return true
	case h.Has("X-Autoreply") || h.Has("X-Autorespond"):
		return true
	case strings.EqualFold(strings.TrimSpace(h.Get("Precedence")), "auto_reply"):
		return true
	case h.Has("X-Auto-Response-Suppress") && rulesLoopFrom(h, from):
		return true
	case !teamList && (h.Has("List-Id") || h.Has("List-Unsubscribe")):
		// Auto-generated list mail is a newsletter, not an answer.
		return false
	case as != "" && as != "no" && passedOn:
		// The service's stamp, and its footer ("do not reply to this
		// email") is not the buyer's words either. A helpdesk's receipt
		// for a new ticket starts fresh too, From its no-reply address
		// with the helpdesk in Reply-To: it is automatic when it says it
		// received the mail ("[Ticket #4711] Your request has been
		// received") or its subject says it is an automatic answer, and
		// passes no person's words on.
		if m.TextPending {
			return true // sync reads its text first
		}
		own := ownPart(clip(m.Snippet, 1200))
		if relaysPerson.MatchString(own) {
			return false
		}
		subject := keepwarm.StripSubjectTags(m.Subject)
		return keepwarm.ReadsAcknowledged(own) || keepwarm.ReadsAcknowledged(subject) || keepwarm.AutomaticSubject(subject)
	case as != "" && as != "no":
		// auto-generated (or auto-notified) says a program wrote the mail,
		// not that it answers ours (RFC 3834): a helpdesk or an ERP sends
		// a person's written answer with it ("Li Wei commented: please
		// send the proforma"). It is an automatic answer when its own
		// words read as one, when its subject says so (Exchange's
		// out-of-office, "Automatic reply: …", in words ReadsAutomatic
		// may not know) or when it has no words at all (Outlook's
		// out-of-office left blank), unless it passes a person's words
		// on. Parsed from the header alone it is taken as one for now, so
		// that sync reads its text.
		if m.TextPending {
			return true
		}
		own := ownPart(clip(m.Snippet, 1200))
		if relaysPerson.MatchString(own) {
			return false
		}
		return readsGenerated(own) || keepwarm.AutomaticSubject(keepwarm.StripSubjectTags(m.Subject)) || strings.TrimSpace(own) == ""
	}
	return keepwarm.AutomaticSubject(keepwarm.StripSubjectTags(m.Subject)) && (m.TextPending || keepwarm.ReadsAutomatic(clip(m.Snippet, 1200)))
}

// rulesLoopFrom says whether Exchange's X-MS-Exchange-Inbox-Rules-Loop
// names the sender.
func rulesLoopFrom(h header, from string) bool {
	if from == "" {
		return false
	}
	for _, v := range h.Values("X-Ms-Exchange-Inbox-Rules-Loop") {
		list, _ := parseAddressList(v)
		for _, a := range list {
			if strings.EqualFold(a.Email, from) {
				return true
			}
		}
	}
	return false
}

// isBulk says whether a message is list or newsletter mail. A list the
// team runs itself is no sign of either: it is how customer mail reaches
// the salespeople.
func (t *Team) isBulk(h header) bool {
	if t.teamCopy(h) {
		return false
	}
	if h.Has("List-Id") || h.Has("List-Unsubscribe") {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "bulk", "list", "junk":
		return true
	}
	return false
}

// mayAnswerThroughList says whether list mail m may be a customer's
// answer to the team's mail passed on by a list or tool of the customer's
// own: a buyer's role address is often a Google Group or a Mailman list
// (purchasing@buyer.de), which adds List-Id, List-Unsubscribe and
// Precedence: list to the answer of each person in it, and some sales
// tools add a List-Unsubscribe to one-to-one mail. Such mail comes from
// outside the team (not Sent, not a mail server), names earlier mail in
// In-Reply-To or References, and carries no campaign tool's header and no
// Precedence: junk. Whether the mail it names is the team's, in a
// conversation of the sender's customer, only the store knows: a
// newsletter names no mail of the team's, and stays list mail.
func (t *Team) mayAnswerThroughList(m *keepwarm.Message, h header, from string, role keepwarm.FolderRole) bool {
	if from == "" || role == keepwarm.RoleSent || t.IsTeam(from) || isMailServer(from) {
		return false
	}
	if len(m.InReplyTo) == 0 && len(m.References) == 0 {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(h.Get("Precedence")), "junk") {
		return false
	}
	for _, k := range campaignFields {
		if h.Has(k) {
			return false
		}
	}
	return true
}

// teamNamed are the team's addresses m names in To or Cc, lower case.
func (t *Team) teamNamed(m *keepwarm.Message) []string {
	var out []string
	for _, a := range append(append([]keepwarm.Address(nil), m.To...), m.Cc...) {
		if e := normEmail(a.Email); e != "" && t.IsTeam(e) && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// sharedListHosts are hosts that run the groups of many unrelated people
// under one domain: the customer of such a domain (domain:googlegroups.com)
// is every group there, so a copy from one of them is never judged by its
// list's customer.
var sharedListHosts = map[string]bool{"googlegroups.com": true, "groups.io": true}

// oneListID is the id of the one list whose List-Id list mail carries
// ("purchasing.buyer.de"); false when it names none or several.
func oneListID(h header) (string, bool) {
	id := ""
	for _, v := range h.Values("List-Id") {
		switch l := listID(v); {
		case l == "":
		case id == "":
			id = l
		case id != l:
			return "", false // several lists: whose is not told
		}
	}
	return id, id != ""
}

// listAddresses are the addresses the list that sent list mail m may have,
// when its customer may stand for the member who wrote (see
// keepwarm.Message.Lists), and the list's id: each local@domain whose
// local.domain is the one List-Id ("<sales.eu.buyer.de>" gives
// sales.eu@buyer.de and sales@eu.buyer.de; the store takes the one the
// team's mail went to), outside the team and not at a shared list host,
// and only when the copy names someone of the team in To or Cc (a copy
// addressed to the list alone reached the salesperson as a member of it).
func (t *Team) listAddresses(m *keepwarm.Message, h header) ([]string, string) {
	if len(t.teamNamed(m)) == 0 {
		return nil, ""
	}
	id, ok := oneListID(h)
	if !ok {
		return nil, ""
	}
	var out []string
	for i := 0; i < len(id); i++ {
		if id[i] != '.' {
			continue
		}
		local, domain := id[:i], id[i+1:]
		if local == "" || !strings.Contains(domain, ".") {
			continue
		}
		a := normEmail(local + "@" + domain)
		if sharedListHosts[domainOf(a)] {
			return nil, ""
		}
		if a == "" || t.IsTeam(a) || isMailServer(a) {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, id
}

// listIDOf is the List-Id id of list address a: local@domain gives
// local.domain.
func listIDOf(a string) string { return strings.Replace(strings.ToLower(a), "@", ".", 1) }

// listPoster is the member behind list mail that the list sent under its
// own address: Google Groups and Mailman rewrite the From of a member
// whose domain publishes a strict DMARC policy to the list's ("'Eve
// Buyer' via Members <members@trade-assoc.org>") and name the member in
// X-Original-From or Reply-To. Only when From is the list's address
// (local@domain whose local.domain is a List-Id) and one address other than the list's is
// named there, X-Original-From first.
func listPoster(m *keepwarm.Message, h header, cs rawCharset) (keepwarm.Address, bool) {
	list := normEmail(m.From.Email)
	fromList := false
	for _, v := range h.Values("List-Id") {
		if list != "" && listIDOf(list) == listID(v) {
			fromList = true
		}
	}
	if !fromList {
		return keepwarm.Address{}, false
	}
	for _, k := range []string{"X-Original-From", "Reply-To"} {
		var who keepwarm.Address
		several := false
		for _, a := range addressesOf(h, k, cs) {
			switch e := normEmail(a.Email); {
			case e == "" || e == list:
			case who.Email != "" && who.Email != e:
				several = true
			default:
				who = keepwarm.Address{Name: a.Name, Email: e}
			}
		}
		if who.Email != "" && !several {
			return who, true
		}
	}
	return keepwarm.Address{}, false
}

// teamList says whether a message came through a mailing list the team
// runs: sales@ as a Google Group or a Mailman list delivering to each
// salesperson adds List-Id, List-Unsubscribe and Precedence: list to every
// copy, a customer's inquiry included. Such a list is told by its List-Id,
// "<label.namespace>" (RFC 2919), whose namespace is an internal domain or
// under one: Google Groups writes <sales.team.example> for
// sales@team.example, Mailman <sales.lists.team.example>. Every List-Id
// must be the team's: a newsletter passed on with its own List-Id beside
// the team's stays list mail.
func (t *Team) teamList(h header) bool {
	ids := h.Values("List-Id")
	if len(ids) == 0 || len(t.domains) == 0 {
		return false
	}
	for _, v := range ids {
		if !underAny(t.domains, listNamespace(v)) {
			return false
		}
	}
	return true
}

// teamCopy says whether a message is a person's mail passed on by a list
// the team runs: its List-Id is the team's (teamList) and nothing in it is
// the sign of a campaign the list copies along. Google Groups and Mailman
// replace a newsletter's List-Id with their own, so a newsletter or
// mailing sent to sales@ is told by what the list leaves: an unsubscribe
// link to a domain neither the team's nor the list's host ("Mailchimp's
// list-manage.com") or a campaign tool's own header (campaignFields).
// Such a copy is list mail, as it would be without the team's list. A
// mailing service's transport fields (Amazon SES's X-SES-Outgoing and
// Feedback-ID, Mailgun's X-Mailgun-Sid, SendGrid's X-SG-EID) are no such
// sign: the service stamps every mail it relays, a buyer's answer sent
// from Amazon WorkMail or passed on by a helpdesk included.
func (t *Team) teamCopy(h header) bool {
	if !t.teamList(h) {
		return false
	}
	for _, k := range campaignFields {
		if h.Has(k) {
			return false
		}
	}
	for _, v := range h.Values("List-Unsubscribe") {
		for _, host := range unsubscribeHosts(v) {
			if !underAny(t.domains, host) && !underAny(listHosts, host) {
				return false
			}
		}
	}
	return true
}

// campaignFields are header fields campaign tools add to their mailings
// (Mailchimp's X-MC-User, X-Campaign, the Certified Senders Alliance's
// German mailers, Salesforce Marketing Cloud), not to a person's mail.
// They are named in full, not by a prefix: sync fetches only the fields
// HeaderFields names, and IMAP's HEADER.FIELDS matches whole names, so a
// field read by a prefix would never be there.
var campaignFields = []string{"X-Campaign", "X-MC-User", "X-CSA-Complaints", "X-SFMC-Stack"}

// listHosts are the hosts a list the team runs may name in its own
// List-Unsubscribe: Google Groups' (googlegroups-manage+…@googlegroups.com,
// https://groups.google.com/…).
var listHosts = map[string]bool{"googlegroups.com": true, "google.com": true}

// unsubscribeHosts are the hosts a List-Unsubscribe value names, lower
// case: the domain of a mailto: and the host of an http(s) link.
func unsubscribeHosts(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		u := strings.TrimSpace(part)
		u = strings.TrimSuffix(strings.TrimPrefix(u, "<"), ">")
		low := strings.ToLower(u)
		var host string
		switch {
		case strings.HasPrefix(low, "mailto:"):
			addr, _, _ := strings.Cut(low[len("mailto:"):], "?")
			_, host, _ = strings.Cut(addr, "@")
		case strings.HasPrefix(low, "http://"), strings.HasPrefix(low, "https://"):
			rest := low[strings.Index(low, "//")+2:]
			host, _, _ = strings.Cut(rest, "/")
			host, _, _ = strings.Cut(host, "?")
			if i := strings.LastIndexByte(host, '@'); i >= 0 {
				host = host[i+1:]
			}
			host, _, _ = strings.Cut(host, ":")
		}
		if host = strings.TrimSpace(host); host != "" {
			out = append(out, host)
		}
	}
	return out
}

// listNamespace is the namespace of a List-Id value, lower case:
// "Sales <sales.team.example>" gives team.example; "" when there is none.
func listNamespace(v string) string {
	_, ns, _ := strings.Cut(listID(v), ".")
	return ns
}

// listID is the id in a List-Id value, lower case: "Sales
// <sales.team.example>" gives sales.team.example.
func listID(v string) string {
	if i := strings.LastIndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
		if j := strings.IndexByte(v, '>'); j >= 0 {
			v = v[:j]
		}
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// dropListTag takes the tag a list the team runs puts before the subject
// of each copy it passes on ("[Sales] ", Mailman's subject_prefix or a
// Google Group's) off the subject of such a copy: the sender wrote the
// subject without it, a reply without threading headers must find the
// thread by it, and an answer's "Re:" must not show it to the customer.
// Only a tag naming the list (its List-Id's label or name) is taken off,
// and it is kept in ListTag as a thread key holds it ("[sales]").
func (t *Team) dropListTag(m *keepwarm.Message, h header) {
	s := strings.TrimSpace(m.Subject)
	end := strings.IndexByte(s, ']')
	if !strings.HasPrefix(s, "[") || end < 0 || !t.teamList(h) {
		return
	}
	tag := strings.TrimSpace(s[1:end])
	for _, v := range h.Values("List-Id") {
		label, _, _ := strings.Cut(listID(v), ".")
		name := v
		if i := strings.IndexByte(v, '<'); i >= 0 {
			name = v[:i]
		}
		name = strings.Trim(strings.TrimSpace(name), `"`)
		if tag != "" && (strings.EqualFold(tag, label) || strings.EqualFold(tag, name)) {
			m.Subject = strings.TrimSpace(s[end+1:])
			m.SubjectKey = NormalizeSubject(m.Subject)
			m.ListTag = collapseLower("[" + tag + "]")
			return
		}
	}
}

// listSender is the customer behind a copy that a list the team runs sent
// under its own address: Google Groups and Mailman rewrite the From of a
// sender whose domain publishes a strict DMARC policy to the list's
// ("'Hans Meier' via Sales <sales@team.example>") and keep the sender in
// Reply-To. Read as it stands, the inquiry would be the team's own mail to
// itself. Only when From is the list's address (label@namespace of its
// List-Id) and Reply-To names one address, outside the team.
func (t *Team) listSender(m *keepwarm.Message, h header, cs rawCharset) (keepwarm.Address, bool) {
	if !t.IsTeam(m.From.Email) || !t.teamList(h) {
		return keepwarm.Address{}, false
	}
	fromList := false
	for _, v := range h.Values("List-Id") {
		ns := listNamespace(v)
		if label, _, ok := strings.Cut(listID(v), "."); ok && strings.EqualFold(m.From.Email, label+"@"+ns) {
			fromList = true
		}
	}
	if !fromList {
		return keepwarm.Address{}, false
	}
	return t.replySender(h, cs)
}

// replySender is the one address outside the team that Reply-To names,
// raw 8-bit bytes read in cs, as the message's other display fields;
// false when it names none or several.
func (t *Team) replySender(h header, cs rawCharset) (keepwarm.Address, bool) {
	var sender keepwarm.Address
	for _, a := range addressesOf(h, "Reply-To", cs) {
		switch e := normEmail(a.Email); {
		case e == "" || t.IsTeam(e):
		case sender.Email != "" && sender.Email != e:
			return keepwarm.Address{}, false // several: no one sender
		default:
			sender = keepwarm.Address{Name: a.Name, Email: e}
		}
	}
	return sender, sender.Email != ""
}

// relaySender is the buyer behind an inquiry a web form or a marketplace
// passed on: such mail comes From the form's or the service's own address
// (wordpress@ the team's own site, noreply@formspree.io, a marketplace's
// no-reply) and names the buyer in Reply-To, where a mail client's Reply
// goes. Read as it stands, mail from the team's own site would be the
// team's mail to itself (no customer, no reply clock), and every buyer
// through one service would be one customer, the service's, whose
// answers, written to the buyers, land under other customers and leave
// its clocks running.
//
// The message is relayed when Reply-To names one address outside the team
// and From is a no-reply address (noReplySender) or one [team]
// relay_senders names. Never a mail server's report; an address the
// config names (a mailbox login, a salesperson) only when relay_senders
// names it too; and from the team's own domains only with no recipient
// outside the team: the team's mail to a customer is outbound, whatever
// its Reply-To. A colleague's mail with a customer in Reply-To stays
// internal. A copy in Sent is relayed only from a team address
// relay_senders names: Gmail and Microsoft 365 save what info@ sends
// through their SMTP in its Sent, and the form's inquiry must be the same
// mail in both folders. The relay's address stays in m.RelayedBy and the
// stored raw header.
func (t *Team) relaySender(m *keepwarm.Message, h header, cs rawCharset, role keepwarm.FolderRole) (keepwarm.Address, bool) {
	from := normEmail(m.From.Email)
	if from == "" || isMailServer(from) || role == keepwarm.RoleSent && !(t.namedRelay(from) && t.IsTeam(from)) {
		return keepwarm.Address{}, false
	}
	if !t.namedRelay(from) && (t.addrs[from] || !noReplySender(from)) {
		return keepwarm.Address{}, false
	}
	if t.IsTeam(from) {
		for _, a := range append(append([]keepwarm.Address(nil), m.To...), m.Cc...) {
			if a.Email != "" && !t.IsTeam(a.Email) {
				return keepwarm.Address{}, false
			}
		}
	}
	sender, ok := t.replySender(h, cs)
	if !ok || sender.Email == from {
		return keepwarm.Address{}, false
	}
	return sender, true
}

// freshMail says whether m starts a conversation: no In-Reply-To, no
// References, no "Re:". A service's new inquiry does; a no-reply system's
// answer to the team's mail (a helpdesk's "we have received your request",
// its Reply-To the helpdesk) does not, and is judged as any other
// program's mail.
func freshMail(m *keepwarm.Message) bool {
	return len(m.InReplyTo) == 0 && len(m.References) == 0 && !ReplyPrefixed(m.Subject)
}

// noReplyLocal is the local part of an address nobody reads: a no-reply
// address, a CMS's own (WordPress writes from wordpress@ the site) or a
// form mailer's, with or without a suffix ("noreply-inquiry",
// "no_reply+123").
var noReplyLocal = regexp.MustCompile(`^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|wordpress|web[-_.]?form|form[-_.]?mail(?:er)?|mailer)(?:[-_.+].*)?$`)

// noReplySender says whether email (lower case) is an address nobody
// reads (see noReplyLocal).
func noReplySender(email string) bool { return noReplyLocal.MatchString(localPart(email)) }
