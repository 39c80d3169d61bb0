package store

import (
	"cmp"
	"database/sql/driver"
	"slices"

	"keepwarm"
)

// subjectThread is rule 3 of thread: the customer's thread of the
// message's subject, or 0. A buying department writes "RFQ", "Order" or
// "Price list" again and again, and so does the team: a person's new mail
// (inbound or the team's outbound, with no reply marker and no threading
// headers) joins only a thread its party, the contact it is from or the
// team's mail is to, is on already. Joined to a colleague's old thread,
// a buyer's new inquiry would be answered by the next mail to the
// colleague there, and drop off the desk unanswered. A reply whose client
// wrote no threading headers, or whose In-Reply-To leads nowhere known,
// and other mail (an automatic reply, a bounce) join the nearest thread
// of the subject as before (not a calendar's answer to a meeting: its
// sender's conversations only). Either way a thread the party is on comes
// first (but for a bounce: see below).
func (s *saver) subjectThread(m *keepwarm.Message, customer, party, at int64) (int64, error) {
	ask := subjectAsk{at: at, party: party,
		open: (m.Kind != keepwarm.KindInbound && m.Kind != keepwarm.KindOutbound) ||
			len(m.InReplyTo) > 0 || len(m.References) > 0 || keepwarm.ReplyPrefixed(m.Subject)}
	if m.Kind == keepwarm.KindNotice && m.CalendarReply {
		// A calendar's answer keyed by the meeting's title ("Call",
		// "Meeting", "会议" are every customer's): only a conversation its
		// sender is on is its, never a colleague's of the same title,
		// whose follow-up it would end as answered by him.
		ask.open = false
	}
	if m.Kind == keepwarm.KindBounce {
		// A bounce's party is the address that failed, on every mail to
		// it; its subject ("Undelivered Mail Returned to Sender") only
		// groups bounces, and asking which of those threads the address is
		// on would read all of that buyer's mail once for each.
		ask.party = 0
	}
	id, err := s.threadBySubject(customer, m.SubjectKey, ask)
	if err == nil && id == 0 {
		id, err = s.threadByTaggedSubject(customer, m.SubjectKey, ask)
	}
	if err == nil && id == 0 {
		id, err = s.threadByListTag(customer, m.SubjectKey, ask)
	}
	return id, err
}

// subjectAsk is what rule 3 knows of the message it threads.
type subjectAsk struct {
	at    int64 // its arrival
	party int64 // the contact id of its party; 0 for none
	open  bool  // it may join a thread its party is not on
}

// subjectCands are the threads of a subject whose latest mail lies within
// subjectWindow of at.
type subjectCands struct {
	at   int64
	list []subjectCand
}

// subjectCand is one of them, dist seconds from the message.
type subjectCand struct{ id, dist int64 }

// add takes thread id, whose latest mail arrived at last, when it is
// within the window.
func (c *subjectCands) add(id, last int64) {
	dist := last - c.at
	if dist < 0 {
		dist = -dist
	}
	if dist <= subjectWindow {
		c.list = append(c.list, subjectCand{id, dist})
	}
}

// pickSubject is the nearest of cands (the lower id on a tie) that the
// message's party is on (one of the batch's messages of it, or a stored
// one: asked of each in turn, nearest first), else, for a message that may
// join any, the nearest; 0 when none.
func (s *saver) pickSubject(cands []subjectCand, ask subjectAsk) (int64, error) {
	if len(cands) == 0 {
		return 0, nil
	}
	slices.SortFunc(cands, func(a, b subjectCand) int { return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.id, b.id)) })
	if ask.party != 0 {
		for _, c := range cands {
			on := s.pend.onThread[threadContact{c.id, ask.party}]
			if !on {
				err := s.each("ingest-party-on-thread", func(row []driver.Value) error {
					on = integer(row[0]) != 0
					return nil
				}, c.id, ask.party)
				if err != nil {
					return 0, err
				}
			}
			if on {
				return c.id, nil
			}
		}
	}
	if ask.open {
		return cands[0].id, nil
	}
	return 0, nil
}

// threadContact is a contact on a pending message of a thread.
type threadContact struct{ thread, contact int64 }
