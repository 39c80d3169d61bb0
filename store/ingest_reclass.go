package store

import (
	"database/sql/driver"
	"fmt"
	"maps"

	"keepwarm"
)

// A message is classified per copy, by the folder the copy was found in: a
// copy in Sent is the team's own mail even when its From is an alias the
// team does not know. Copies arrive in any order (the team INBOX's IDLE sees
// a Cc or Bcc seconds before the salesperson's Sent is polled), so the copy
// stored first may have made such a message a customer's inbound mail, of a
// customer named after the alias. The Sent copy corrects it when it comes:
// see reclassify.

// sentCorrects says whether a copy of a message stored as stored, found in a
// folder of role and classified there as kind, makes it the team's own
// mail. Only a Sent copy does, and only of mail stored as inbound: bounces,
// automatic answers and list mail are told apart the same in every folder,
// and mail from a team address is the team's in every folder. Read from what
// the batch holds already: a copy of a message stored right costs nothing.
func sentCorrects(stored, kind keepwarm.Kind, role keepwarm.FolderRole) bool {
	return role == keepwarm.RoleSent && stored == keepwarm.KindInbound &&
		(kind == keepwarm.KindOutbound || kind == keepwarm.KindInternal)
}

// reclassify makes the stored message ref what m, its copy in a Sent
// folder, says it is: its kind, its customer and contacts (the recipients,
// not the sender), its kept text, and its thread's customer when the thread
// had it only through this message. The reply clock measures the thread
// again (the messages trigger marks it). The customer and contacts the
// first copy made are removed when nothing else holds them (see
// dropMadeOnlyBy); a customer with other mail, or one a person touched,
// stays.
func (s *saver) reclassify(m *keepwarm.Message, ref *msgRef) error {
	if ref.pend != nil {
		// Written below in place: the row must be there (rare: two copies
		// of one message in one batch).
		if err := s.flush(); err != nil {
			return err
		}
	}
	if err := s.reclassifyStored(m, ref); err != nil {
		return fmt.Errorf("reclassify as %s: %w", m.Kind, err)
	}
	ref.kind = m.Kind
	return nil
}

func (s *saver) reclassifyStored(m *keepwarm.Message, ref *msgRef) error {
	var thread, old int64
	var from string
	err := s.eachOnce("ingest-message-owner", func(row []driver.Value) {
		thread, old, from = integer(row[0]), integer(row[1]), colText(row[2])
	}, ref.id)
	if err != nil {
		return err
	}
	var customer driver.Value
	var contacts []int64
	if m.CustomerKey != "" {
		id, err := s.customer(m.CustomerKey, party(m))
		if err != nil {
			return err
		}
		customer = id
		for _, a := range m.Contacts {
			cid, err := s.contact(id, a.Email, a.Name)
			if err != nil {
				return err
			}
			if cid != 0 {
				contacts = append(contacts, cid)
			}
		}
	}
	if _, err := s.execOnce("ingest-reclassify", string(m.Kind), customer, ref.id); err != nil {
		return err
	}
	if _, err := s.execOnce("ingest-drop-message-contacts", ref.id); err != nil {
		return err
	}
	for _, cid := range contacts {
		if _, err := s.execOnce("ingest-message-contact", ref.id, cid); err != nil {
			return err
		}
	}
	if m.Kind == keepwarm.KindOutbound && m.Text != "" {
		if _, err := s.execOnce("ingest-message-text", ref.id, m.Text, m.TextCut); err != nil {
			return err
		}
	}
	var oldValue driver.Value
	if old != 0 {
		oldValue = old
	}
	if _, err := s.execOnce("ingest-reclassify-thread", customer, thread, oldValue); err != nil {
		return err
	}
	err = s.eachOnce("ingest-thread-customer", func(row []driver.Value) { s.threadCust[thread] = integer(row[0]) }, thread)
	if err != nil {
		return err
	}
	if err := s.reopenEndedBy(ref.id, from); err != nil {
		return err
	}
	if old != 0 && customer != old {
		return s.dropMadeOnlyBy(old, ref.id)
	}
	return nil
}

// reopenEndedBy undoes what the follow-up job did with message, from the
// address from, while it was taken for a customer's: the follow-up it ended
// as answered (or opted out) is live again, saying why, the call task it
// closed is open, the mail not followed up because it "answered" is looked
// at again, and the opt-outs it recorded (of the team's own address, of
// the customer as a whole) go; the follow-ups that ended since because
// the customer as a whole could not be written to wait for a person.
func (s *saver) reopenEndedBy(message int64, from string) error {
	why := "live again: the answer from " + from + " was the team's own mail (its copy in Sent came later)"
	if _, err := s.execOnce("ingest-reopen-enrollments", message, why, unix(s.now)); err != nil {
		return err
	}
	if _, err := s.execOnce("ingest-reopen-tasks", message); err != nil {
		return err
	}
	if from != "" {
		if _, err := s.execOnce("ingest-drop-answered-skips", keepwarm.AnsweredByDetail(from), keepwarm.OptedOutByDetail(from)); err != nil {
			return err
		}
	}
	if _, err := s.execOnce("ingest-drop-message-opt-out", message); err != nil {
		return err
	}
	held := "ended when the customer was opted out as a whole by the answer from " + from +
		", which was the team's own mail (its copy in Sent came later): resume it or stop it"
	if _, err := s.execOnce("ingest-hold-company-opted-out", message, held, unix(s.now)); err != nil {
		return err
	}
	_, err := s.execOnce("ingest-drop-message-company-opt-out", message)
	return err
}

// dropMadeOnlyBy removes the contacts of customer that are on no message
// any more, then the customer itself when nothing is left of it: only mail
// made it (source 'mail', no owner, grade, tags or notes), and no row of
// any table points at it but the reply clock of message, which is no longer
// a customer's mail. A contact or customer something still points at (a
// phone, an enrolment, a claim, other mail) stays.
func (s *saver) dropMadeOnlyBy(customer, message int64) error {
	untouched := false
	if err := s.eachOnce("ingest-untouched-customer", func([]driver.Value) { untouched = true }, customer); err != nil {
		return err
	}
	if !untouched {
		return nil // a person has it in hand
	}
	type contact struct {
		id    int64
		email string
	}
	var orphans []contact
	err := s.eachOnce("ingest-orphan-contacts", func(row []driver.Value) {
		orphans = append(orphans, contact{integer(row[0]), colText(row[1])})
	}, customer)
	if err != nil {
		return err
	}
	for _, c := range orphans {
		held, err := s.referenced("contacts", "contact_id", c.id, "message_contacts")
		if err != nil || held {
			return err
		}
	}
	for _, c := range orphans {
		if _, err := s.execOnce("ingest-drop-contact", c.id); err != nil {
			return err
		}
		delete(s.contacts, c.email)
	}
	if _, err := s.execOnce("ingest-drop-clock", message); err != nil {
		return err
	}
	held, err := s.referenced("customers", "customer_id", customer, "")
	if err != nil || held {
		return err
	}
	if _, err := s.execOnce("ingest-drop-customer", customer); err != nil {
		return err
	}
	// Every key the transaction found it by ("addr:" keys resolve
	// through its contacts).
	maps.DeleteFunc(s.customers, func(_ customerRef, id int64) bool { return id == customer })
	return nil
}

// referenced says whether any row points at id in table (by foreign key, or
// by a column named column), the table skip aside.
func (s *saver) referenced(table, column string, id int64, skip string) (bool, error) {
	var refs [][2]string
	err := s.eachOnce("ingest-refs-to", func(row []driver.Value) {
		refs = append(refs, [2]string{colText(row[0]), colText(row[1])})
	}, table, column)
	if err != nil {
		return false, err
	}
	for _, r := range refs {
		if r[0] == skip {
			continue
		}
		// Identifiers come from the schema itself, quoted.
		stmt := fmt.Sprintf(`SELECT 1 FROM %s WHERE %s = ? LIMIT 1`, quoteIdent(r[0]), quoteIdent(r[1]))
		found := false
		rows, err := s.conn.Query(stmt, []driver.Value{id})
		if err != nil {
			return false, fmt.Errorf("%s.%s: %w", r[0], r[1], err)
		}
		err = eachRow(stmt, rows, func([]driver.Value) error { found = true; return nil })
		if err != nil {
			return false, err
		}
		if found {
			return true, nil
		}
	}
	return false, nil
}
