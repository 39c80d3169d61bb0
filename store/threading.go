package store

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"keepwarm"
)

// subjectWindow is how far (seconds) a message may lie from a thread's latest
// message and still join it by subject alone.
const subjectWindow = 60 * 24 * 3600

// thread picks (or creates) the thread of a new message and records its
// threading keys. In order of trust:
//
//  1. its own Message-ID, In-Reply-To and References ("mid:" keys), across
//     every mailbox; when they hit several threads (a parent stored after
//     its child split one conversation in two) those merge into the oldest;
//  2. Outlook's Thread-Index conversation id ("ti:" key);
//  3. the same customer and normalised subject, with the thread's latest
//     message within subjectWindow of at (never for messages with no
//     customer), for a person's new mail only a thread its party is on
//     (see subjectThread);
//  4. a new thread.
//
// Rules 1 and 2 never join a message of one customer to a thread of
// another (see ownCustomers): a salesperson forwards one customer's catalogue
// to other prospects, or answers an old mail of one customer to write to a
// new one, and the links of such mail lead to the first customer's thread.
// A message that reuses a stored Message-ID for other content (a "dup:"
// key) is not threaded by that id: it leads to the other message's thread.
//
// party is the contact id of the message's party (Contacts[0]: whom it is
// from, or the team's mail is to); 0 for none.
func (s *saver) thread(m *keepwarm.Message, customerID sql.NullInt64, party, at int64) (int64, error) {
	keys, ok := s.msgKeys[m]
	if !ok {
		keys = threadKeys(m)
	}
	if strings.HasPrefix(m.Key, dupPrefix) {
		keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == ownKey(m) })
	}
	var hits []keyHit
	for _, k := range keys {
		if t, ok := s.keyThread[k]; ok {
			hits = append(hits, keyHit{thread: t, key: k, byTI: strings.HasPrefix(k, "ti:"), customer: s.threadCust[t]})
		}
	}
	write := len(hits) < len(keys)
	if customerID.Valid {
		var err error
		var left []string
		if hits, left, err = s.ownCustomers(m, customerID.Int64, hits); err != nil {
			return 0, err
		}
		if len(left) > 0 {
			// The links into another customer's thread are not this
			// message's to move; its own Message-ID is.
			keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k != ownKey(m) && slices.Contains(left, k) })
			write = true
		}
	}
	target, err := s.pickThread(m, customerID, party, at, hits)
	if err != nil {
		return 0, err
	}
	if customerID.Valid && s.threadCust[target] == 0 {
		s.threadCust[target] = customerID.Int64 // pickThread gave it this one
	}
	// Every key found already points at target (a merge moved the keys of
	// the threads it emptied) or is a Thread-Index key left with its thread,
	// so only a key not found yet needs writing.
	if write {
		s.setKeys(keys, target)
	}
	return target, nil
}

// ownKey is the threading key of a message's own Message-ID.
func ownKey(m *keepwarm.Message) string {
	id := strings.TrimSpace(m.MessageID)
	return "mid:" + strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
}

// ownCustomers returns the hits a message of customer may follow, and the
// keys of those it may not: hits into a thread of another customer (one
// not merged with it), unless the hit is by In-Reply-To and either the
// message is to or from a contact of that thread's customer (a reply-all
// that names the thread's buyer beside their forwarder), or it answers the
// team's own mail in that thread (a buyer answering from a private
// address: split off, the answer would not stop the follow-up).
func (s *saver) ownCustomers(m *keepwarm.Message, customer int64, hits []keyHit) ([]keyHit, []string, error) {
	var left []string
	var kept []keyHit // nil while every hit is kept: the usual case allocates nothing
	for i, h := range hits {
		ok, err := s.mayJoin(m, customer, h)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case !ok && kept == nil:
			kept = append(make([]keyHit, 0, len(hits)), hits[:i]...)
			fallthrough
		case !ok:
			left = append(left, h.key)
		case kept != nil:
			kept = append(kept, h)
		}
	}
	if left == nil {
		return hits, nil, nil
	}
	return kept, left, nil
}

// mayJoin says whether a message of customer may follow hit h. Only a hit
// into another customer's thread asks the database.
func (s *saver) mayJoin(m *keepwarm.Message, customer int64, h keyHit) (bool, error) {
	if h.customer == 0 || h.customer == customer {
		return true, nil
	}
	same := false
	err := s.eachOnce("ingest-same-customer", func(row []driver.Value) { same = integer(row[0]) != 0 }, customer, h.customer)
	if err != nil || same {
		return same, err
	}
	if !strings.HasPrefix(h.key, "mid:") || !slices.ContainsFunc(m.InReplyTo, func(id string) bool {
		id = strings.TrimSpace(id)
		return "mid:"+strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">") == h.key
	}) {
		return false, nil
	}
	var emails jsonList
	for _, a := range append(append([]keepwarm.Address{m.From}, m.To...), m.Cc...) {
		if a.Email != "" && jsonSafe(a.Email) {
			emails.str(strings.ToLower(a.Email))
		}
	}
	ok := false
	if emails.String() != "" {
		err = s.eachOnce("ingest-contact-of", func([]driver.Value) { ok = true }, emails.String(), h.customer)
		if err != nil || ok {
			return ok, err
		}
	}
	if m.Kind == keepwarm.KindOutbound || m.Kind == keepwarm.KindInternal {
		return false, nil
	}
	err = s.eachOnce("ingest-team-mail-in", func([]driver.Value) { ok = true }, strings.TrimPrefix(h.key, "mid:"), h.thread)
	return ok, err
}

// threadKeys returns a message's threading keys: its "mid:" keys, then its
// Thread-Index key.
func threadKeys(m *keepwarm.Message) []string {
	keys := midKeys(m)
	if m.ThreadIndex != "" {
		keys = append(keys, "ti:"+m.ThreadIndex)
	}
	return keys
}

// keyHit is one threading key of a message found in thread_keys.
type keyHit struct {
	thread   int64
	key      string
	byTI     bool
	customer int64 // the thread's; 0 for none yet
}

// pickThread applies the rules in order and returns the thread, creating it
// when none matches and giving it the message's customer when it had none.
func (s *saver) pickThread(m *keepwarm.Message, customerID sql.NullInt64, party, at int64, hits []keyHit) (int64, error) {
	var target int64
	hasCustomer := false
	for _, h := range hits {
		if !h.byTI && (target == 0 || h.thread < target) {
			target = h.thread // ids never go back (AUTOINCREMENT): smallest is oldest
		}
	}
	if target != 0 {
		for _, h := range hits {
			if h.byTI {
				continue
			}
			hasCustomer = hasCustomer || h.customer != 0
			if h.thread != target && s.merged[h.thread] == 0 {
				if err := s.mergeThread(h.thread, target); err != nil {
					return 0, err
				}
			}
		}
	}
	if target == 0 {
		for _, h := range hits {
			if h.byTI {
				target, hasCustomer = h.thread, h.customer != 0
			}
		}
	}
	if target == 0 && customerID.Valid && m.SubjectKey != "" {
		id, err := s.subjectThread(m, customerID.Int64, party, at)
		if err != nil {
			return 0, err
		}
		target, hasCustomer = id, true
	}
	if target == 0 {
		return s.addThread(m, customerID, at), nil
	}
	if customerID.Valid && !hasCustomer {
		// A thread begun by internal mail belongs to the first customer in it.
		if err := s.setThreadCustomer(target, customerID.Int64); err != nil {
			return 0, err
		}
	}
	return target, nil
}

// threadBySubject returns the customer's thread with this subject key,
// of those whose latest message is within subjectWindow of the message's
// arrival, that pickSubject takes for it; 0 if none. Stored threads come from
// the database, with the latest of their stored and pending messages;
// threads created in this batch from pending.
func (s *saver) threadBySubject(customerID int64, subjectKey string, ask subjectAsk) (int64, error) {
	cands := subjectCands{at: ask.at}
	err := s.each("ingest-subject-threads", func(row []driver.Value) error {
		s.nearer(row, &cands)
		return nil
	}, customerID, subjectKey)
	if err != nil {
		return 0, err
	}
	for _, t := range s.pend.bySubject[subjectRef{customerID, subjectKey}] {
		if last, ok := s.pend.lastAt[t.id]; ok {
			cands.add(t.id, last)
		}
	}
	return s.pickSubject(cands.list, ask)
}

// threadByTaggedSubject is threadBySubject for the threads stored while a
// gateway's tag before the subject ("[EXTERNAL] Inquiry 4711") was still
// part of the thread key ("[external] inquiry 4711"): a reply whose key no
// longer holds the tag finds them. Only a database that holds such keys
// (asked once per DB, see DB.taggedKeys) runs its query, and only for a
// message that found no thread otherwise.
func (s *saver) threadByTaggedSubject(customerID int64, subjectKey string, ask subjectAsk) (int64, error) {
	if ok, err := s.db.hasTaggedKeys(s); err != nil || !ok {
		return 0, err
	}
	tags := keepwarm.SubjectTags()
	keys := make([]string, 0, 2*len(tags))
	for _, tag := range tags {
		keys = append(keys, tag+" "+subjectKey, tag+subjectKey)
	}
	js, err := json.Marshal(keys)
	if err != nil {
		return 0, err
	}
	cands := subjectCands{at: ask.at}
	err = s.eachOnce("ingest-subject-threads-tagged", func(row []driver.Value) {
		s.nearer(row, &cands)
	}, customerID, string(js))
	if err != nil {
		return 0, err
	}
	return s.pickSubject(cands.list, ask)
}

// hasTaggedKeys says whether threads holds a key that begins with a
// gateway's tag, as keys were made before the tags were left out of them.
// New keys never do, so the answer, asked once, holds for the DB's life.
func (db *DB) hasTaggedKeys(s *saver) (bool, error) {
	switch db.taggedKeys.Load() {
	case 1:
		return false, nil
	case 2:
		return true, nil
	}
	js, err := json.Marshal(keepwarm.SubjectTags())
	if err != nil {
		return false, err
	}
	found := false
	if err := s.eachOnce("ingest-tagged-subject-keys", func(row []driver.Value) { found = integer(row[0]) != 0 }, string(js)); err != nil {
		return false, err
	}
	if found {
		db.taggedKeys.Store(2)
	} else {
		db.taggedKeys.Store(1)
	}
	return found, nil
}

// mergeThread moves every message and key of thread from into thread to,
// repoints any other row that references from (the outbox, later tables),
// and deletes from. Merges are rare, so their statements are not prepared.
func (s *saver) mergeThread(from, to int64) error {
	// The statements below move rows in place: the batch's must be there.
	if err := s.flush(); err != nil {
		return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
	}
	refs, err := s.threadRefs()
	if err != nil {
		return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
	}
	for _, name := range []string{"thread-merge-customer", "thread-merge-subject", "thread-merge-messages", "thread-merge-keys"} {
		if _, err := s.execOnce(name, to, from); err != nil {
			return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
		}
	}
	for _, r := range refs {
		// Identifiers come from the schema itself, quoted.
		stmt := fmt.Sprintf(`UPDATE %s SET %s = ? WHERE %s = ?`, quoteIdent(r[0]), quoteIdent(r[1]), quoteIdent(r[1]))
		if _, err := s.conn.Exec(stmt, []driver.Value{to, from}); err != nil {
			return fmt.Errorf("merge thread %d into %d: %s.%s: %w", from, to, r[0], r[1], err)
		}
	}
	if _, err := s.execOnce("thread-merge-redirect", to, from); err != nil {
		return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
	}
	if _, err := s.execOnce("thread-merge-record", to, from, unix(s.now)); err != nil {
		return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
	}
	if _, err := s.execOnce("thread-delete", from); err != nil {
		return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
	}
	s.merged[from] = to
	for k, t := range s.keyThread {
		if t == from {
			s.keyThread[k] = to
		}
	}
	if s.threadCust[to] == 0 {
		s.threadCust[to] = s.threadCust[from] // as thread-merge-customer
	}
	delete(s.threadCust, from)
	if a, ok := s.subjectAt[from]; ok {
		if b, ok := s.subjectAt[to]; !ok || a < b {
			s.subjectAt[to] = a
		}
		delete(s.subjectAt, from)
	}
	return nil
}

// threadRefs lists (table, column) pairs with a foreign key to threads,
// other than messages and thread_keys; read once per batch.
func (s *saver) threadRefs() ([][2]string, error) {
	if s.refs != nil {
		return s.refs, nil
	}
	rows, err := s.conn.Query(q("thread-references"), nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	refs := [][2]string{}
	dest := make([]driver.Value, 2)
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		refs = append(refs, [2]string{colText(dest[0]), colText(dest[1])})
	}
	s.refs = refs
	return refs, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// colText reads a TEXT column value.
func colText(v driver.Value) string {
	switch t := v.(type) {
	case string:
		return t
	case []byte:
		return string(t)
	}
	return ""
}

// midKeys returns the "mid:" keys of a message: its own Message-ID, then
// In-Reply-To and References, without duplicates or angle brackets.
func midKeys(m *keepwarm.Message) []string {
	keys := make([]string, 0, 1+len(m.InReplyTo)+len(m.References))
	add := func(id string) {
		id = strings.TrimSpace(id)
		id = strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
		if id == "" {
			return
		}
		k := "mid:" + id
		if !contains(keys, k) {
			keys = append(keys, k)
		}
	}
	add(m.MessageID)
	for _, id := range m.InReplyTo {
		add(id)
	}
	for _, id := range m.References {
		add(id)
	}
	return keys
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
