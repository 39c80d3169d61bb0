package parse

import (
	"strings"

	"keepwarm"
)

// Salvage reads the least keepwarm needs of a message whose reading
// failed in keepwarm's own code (a panic in classifying it), from its
// header alone and without classifying it: its Message-ID (its Key; else
// the key parse gives mail without one, so its copies in other folders
// are one message), In-Reply-To and References, which thread it; its
// sender, recipients, subject and Date.
//
// A mail system's report (multipart/report, a MAILER-DAEMON or postmaster
// sender, X-Failed-Recipients) is a bounce that names no recipient: it
// flags no address and makes no contact, and a follow-up whose mail it
// returns waits for a person (sequences' blind bounce). Read receipts are
// notices. An automatic answer by its header (Auto-Submitted other than
// no, X-Autoreply, X-Autorespond, Precedence auto_reply, bulk or junk) is
// an automatic answer with no return date: it starts no reply clock.
// Other mail from a sender outside the team in a folder other than Sent
// is inbound, of the customer the sender's address names, and of a
// customer known already only (KnownCustomerOnly; the store gives it the
// customer of the thread it answers when its sender is nobody's): an
// unreadable mail from a stranger makes no customer, but a buyer's
// unreadable answer is an answer in its thread, and stops what a real
// answer stops. The team's own, or one in Sent, to someone outside the
// team is outbound, of a known customer only: a salesperson's unreadable
// answer ends the reply clock of the mail it answers. Only among the
// team, or an automatic answer of the team's, it is internal, as a
// message without a header is. ok is false when no sender can be read, or
// reading panics too: the caller keeps its placeholder then.
func (t *Team) Salvage(header []byte, role keepwarm.FolderRole) (m keepwarm.Message, ok bool) {
	defer func() {
		if recover() != nil {
			m, ok = keepwarm.Message{}, false
		}
	}()
	h := lenientHeader(header)
	cs := headerCharset(h, "")
	from, _ := parseAddressListIn(h.Get("From"), cs)
	if len(from) == 0 || from[0].Email == "" {
		return keepwarm.Message{}, false
	}
	m.From = from[0]
	m.MessageID = firstMsgID(h.Get("Message-Id"))
	m.Key = m.MessageID
	if m.Key == "" {
		// As parseMessage keys mail without a Message-ID.
		m.Key = originKey(h)
		m.KeyAlias = hashKey(header)
		if m.Key == "" {
			m.Key, m.KeyAlias = m.KeyAlias, ""
		}
	}
	m.InReplyTo = msgIDs(h.Values("In-Reply-To"))
	m.References = msgIDs(h.Values("References"))
	m.To = addressesOf(h, "To", cs)
	m.Cc = addressesOf(h, "Cc", cs)
	m.InReplyTo, m.References = notAddresses(&m, m.InReplyTo), notAddresses(&m, m.References)
	m.Subject, _ = headerText(h, "Subject", cs)
	m.SubjectKey = NormalizeSubject(m.Subject)
	m.Date = parseDate(h.Get("Date"))
	if role != keepwarm.RoleSent {
		switch {
		case isReport(h, "disposition-notification"):
			m.Kind = keepwarm.KindNotice
			return m, true
		case salvagedReport(h, m.From.Email):
			m.Kind = keepwarm.KindBounce
			return m, true
		}
	}
	auto := t.salvagedAutomatic(h)
	if role == keepwarm.RoleSent || t.IsTeam(m.From.Email) {
		m.Kind = keepwarm.KindInternal
		if auto {
			return m, true
		}
		for _, a := range append(append([]keepwarm.Address(nil), m.To...), m.Cc...) {
			if a.Email != "" && !t.IsTeam(a.Email) {
				m.Kind = keepwarm.KindOutbound
				m.CustomerKey = t.customerKey(a.Email)
				m.Contacts = t.contacts(&m, m.CustomerKey)
				m.KnownCustomerOnly = true
				break
			}
		}
		return m, true
	}
	m.Kind = keepwarm.KindInbound
	if auto {
		m.Kind = keepwarm.KindAutoReply
	}
	m.CustomerKey = t.customerKey(m.From.Email)
	m.Contacts = []keepwarm.Address{m.From}
	m.KnownCustomerOnly = true
	return m, true
}

// salvagedReport says from the header alone whether a message is a mail
// system's report: a bounce, or a delay or delivery notice, told apart
// only by its text.
func salvagedReport(h header, from string) bool {
	ct := strings.ToLower(strings.TrimSpace(h.Get("Content-Type")))
	return strings.HasPrefix(ct, "multipart/report") || isMailServer(from) || h.Has("X-Failed-Recipients")
}

// salvagedAutomatic says from the header alone whether a message is an
// automatic answer. Precedence bulk or junk, which many responders set,
// counts unless the team's own list passed the mail on.
func (t *Team) salvagedAutomatic(h header) bool {
	as, _, _ := strings.Cut(h.Get("Auto-Submitted"), ";")
	if as = strings.ToLower(strings.TrimSpace(as)); as != "" && as != "no" {
		return true
	}
	if h.Has("X-Autoreply") || h.Has("X-Autorespond") {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "auto_reply":
		return true
	case "bulk", "junk":
		return !t.teamCopy(h)
	}
	return false
}
