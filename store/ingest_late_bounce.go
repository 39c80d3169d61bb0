package store

import (
	"database/sql/driver"
	"slices"
	"strings"

	"keepwarm"
)

// A bounce can come before the team's mail it returns is stored: read live
// in INBOX before the next poll of Sent, or filed by a mail client in Sent
// after the bounce came. It names no stored message then, is stray (see
// stray) and joins no customer, and its address, never seen (a cold first
// letter), is flagged nowhere. When that mail is stored, the bounce is
// applied as if it had been read after it: lateBounces.

// strayBounce is a bounce without a customer that waits for the team's mail
// it returns.
type strayBounce struct {
	id, at int64
	ref    *msgRef  // of this batch: its row may be pending still
	names  []string // the "mid:" keys of its In-Reply-To and References
	failed []string // its failed addresses, the first its bounced_recipient
	soft   []string // those whose failure was temporary
	// free are those at free mail by its parse (Message.BouncedFreeMail),
	// known for a bounce of this batch only: one stored before is read
	// without, and the team's rule (saver.atFreeMail) tells.
	free []string
	// softAll: stored before the store kept which failures were
	// temporary; each is read as one (one alone flags nothing).
	softAll bool
	done    bool
}

// waitForReturned notes a stray bounce of this batch, ref, that arrived at,
// under the keys of the mail it names, for that mail stored later in the
// batch.
func (s *saver) waitForReturned(m *keepwarm.Message, ref *msgRef, at int64) {
	b := &strayBounce{id: ref.id, at: at, ref: ref, soft: lowerAll(m.BouncedSoft), free: lowerAll(m.BouncedFreeMail)}
	b.failed = lowerAll(append([]string{m.BouncedRecipient}, m.BouncedAlso...))
	own := ownKey(m)
	for _, k := range midKeys(m) {
		if k != own {
			b.names = append(b.names, k)
		}
	}
	s.addStray(b)
}

func (s *saver) addStray(b *strayBounce) {
	if s.strays == nil {
		s.strays = map[string][]*strayBounce{}
	}
	for _, k := range b.names {
		s.strays[k] = append(s.strays[k], b)
	}
}

// prefetchStrays reads the stored stray bounces that name the team's new
// mail of the batch. Only mail whose own Message-ID a stored message names
// already (its key found by prefetch) is asked for, and the query answers
// nothing at once while no stray bounce is stored: a sync of Sent pays for
// it only when there may be one.
func (s *saver) prefetchStrays(batch []keepwarm.Incoming) error {
	var keys jsonList
	for i := range batch {
		m := &batch[i].Message
		if m.Kind != keepwarm.KindOutbound || s.msgs[m.Key] != nil {
			continue
		}
		if k := ownKey(m); s.keyThread[k] != 0 && jsonSafe(k) {
			keys.str(k)
		}
	}
	if keys.String() == "" {
		return nil
	}
	return s.eachOnce("ingest-stray-bounces", func(row []driver.Value) {
		key := colText(row[0])
		b := &strayBounce{id: integer(row[1]), at: integer(row[2])}
		b.failed = append([]string{colText(row[3])}, splitList(colText(row[4]), ",")...)
		b.soft, b.softAll = splitList(colText(row[5]), ","), row[5] == nil
		for _, id := range append(strings.Fields(colText(row[6])), strings.Fields(colText(row[7]))...) {
			b.names = append(b.names, "mid:"+strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">"))
		}
		if slices.Contains(b.names, key) {
			if s.strays == nil {
				s.strays = map[string][]*strayBounce{}
			}
			s.strays[key] = append(s.strays[key], b)
		}
	}, keys.String())
}

// lateBounces applies the stray bounces that return m, the team's mail of
// customer just stored, oldest first, as if each had come after it: the
// bounce joins the customer, and each failed address is flagged as bounce
// flags it (not when it wrote since; a temporary failure only after
// another). An address no contact has yet is made a contact of the
// customer of its domain, else, when m was sent to it, of m's customer;
// else it is left alone (m never went to it: a forward or a list's
// member). An address at free mail skips the customer of its domain,
// and m's To or Cc makes it a customer of its own.
func (s *saver) lateBounces(m *keepwarm.Message, customer int64) error {
	own := ownKey(m)
	list := s.strays[own]
	if len(list) == 0 {
		return nil
	}
	delete(s.strays, own)
	for _, b := range list {
		if b.done {
			continue // it names another of the batch's mail stored before
		}
		b.done = true
		if err := s.joinBounce(b, customer); err != nil {
			return err
		}
		for i, email := range b.failed {
			if email == "" || s.wroteAt[email] > b.at {
				continue
			}
			id, err := s.lateContact(m, customer, email, slices.Contains(b.free, email) || s.atFreeMail(email))
			if err != nil {
				return err
			}
			if id == 0 {
				continue
			}
			if i == 0 {
				// Linked as the bounce's contact, as bounce links its
				// first failed address: a later temporary failure finds it.
				if err := s.linkBounce(b, id); err != nil {
					return err
				}
			}
			soft := b.softAll || slices.Contains(b.soft, email)
			if err := s.flagBounced(id, email, b.at, soft); err != nil {
				return err
			}
		}
	}
	return nil
}

// joinBounce gives the stray bounce b customer.
func (s *saver) joinBounce(b *strayBounce, customer int64) error {
	if b.ref != nil && b.ref.pend != nil {
		b.ref.pend.args[msgColCustomer] = customer
		return nil
	}
	_, err := s.execOnce("ingest-bounce-customer", customer, b.id)
	return err
}

// linkBounce makes contact the stray bounce b's.
func (s *saver) linkBounce(b *strayBounce, contact int64) error {
	if b.ref != nil && b.ref.pend != nil {
		s.pend.contacts = append(s.pend.contacts, b.id, contact)
		return nil
	}
	_, err := s.execOnce("ingest-message-contact", b.id, contact)
	return err
}

// lateContact is the contact of a failed address of a bounce of m, the
// team's mail of customer (see lateBounces); 0 for none. free: the
// address is at free mail (see bounceCustomer), where m's To or Cc makes
// it a customer of its own, as a bounce read after m does, not one of
// m's customer (a company's, or another address's).
func (s *saver) lateContact(m *keepwarm.Message, customer int64, email string, free bool) (int64, error) {
	id, err := s.knownContact(email)
	if err != nil || id != 0 {
		return id, err
	}
	to, err := s.bounceCustomer("", email, true, free)
	if err != nil {
		return 0, err
	}
	if to == 0 {
		sentTo := func(a keepwarm.Address) bool { return strings.EqualFold(strings.TrimSpace(a.Email), email) }
		if !slices.ContainsFunc(m.To, sentTo) && !slices.ContainsFunc(m.Cc, sentTo) {
			return 0, nil
		}
		to = customer
		if free {
			if to, err = s.customer("addr:"+email, email); err != nil {
				return 0, err
			}
		}
	}
	return s.contact(to, email, "")
}

// lowerAll is the addresses lower-cased.
func lowerAll(emails []string) []string {
	out := make([]string, len(emails))
	for i, e := range emails {
		out[i] = strings.ToLower(strings.TrimSpace(e))
	}
	return out
}
