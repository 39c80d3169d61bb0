package store

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
//     message within subjectWindow of at (never for messages with no customer);
//  4. a new thread.
func (s *saver) thread(m *keepwarm.Message, customerID sql.NullInt64, at int64) (int64, error) {
	keys := midKeys(m)
	if m.ThreadIndex != "" {
		keys = append(keys, "ti:"+m.ThreadIndex)
	}
	if len(keys) == 0 {
		return s.pickThread(m, customerID, at, nil)
	}
	js, err := json.Marshal(keys)
	if err != nil {
		return 0, err
	}
	var hits []keyHit
	err = s.each("thread-by-keys", func(row []driver.Value) error {
		hits = append(hits, keyHit{thread: integer(row[0]), byTI: integer(row[1]) != 0, hasCustomer: integer(row[2]) != 0})
		return nil
	}, string(js))
	if err != nil {
		return 0, err
	}
	target, err := s.pickThread(m, customerID, at, hits)
	if err != nil {
		return 0, err
	}
	// Every key found already points at target (a merge moved the keys of
	// the threads it emptied) or is a Thread-Index key left with its thread,
	// so only a key not found yet needs writing.
	if len(hits) < len(keys) {
		if err := s.run("thread-keys-set", string(js), target); err != nil {
			return 0, err
		}
	}
	return target, nil
}

// keyHit is one threading key of a message found in thread_keys.
type keyHit struct {
	thread      int64
	byTI        bool
	hasCustomer bool
}

// pickThread applies the rules in order and returns the thread, creating it
// when none matches and giving it the message's customer when it had none.
func (s *saver) pickThread(m *keepwarm.Message, customerID sql.NullInt64, at int64, hits []keyHit) (int64, error) {
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
			hasCustomer = hasCustomer || h.hasCustomer
			if h.thread != target {
				if err := s.mergeThread(h.thread, target); err != nil {
					return 0, err
				}
			}
		}
	}
	if target == 0 {
		for _, h := range hits {
			if h.byTI {
				target, hasCustomer = h.thread, h.hasCustomer
			}
		}
	}
	if target == 0 && customerID.Valid && m.SubjectKey != "" {
		id, err := s.threadBySubject(customerID.Int64, m.SubjectKey, at)
		if err != nil {
			return 0, err
		}
		target, hasCustomer = id, true
	}
	if target == 0 {
		id, err := s.insertID("ingest-thread-insert", nullable(customerID), m.Subject, m.SubjectKey, unix(s.now))
		if err != nil {
			return 0, err
		}
		return id, nil
	}
	if customerID.Valid && !hasCustomer {
		// A thread begun by internal mail belongs to the first customer in it.
		if err := s.run("thread-set-customer", customerID.Int64, target); err != nil {
			return 0, err
		}
	}
	return target, nil
}

// threadBySubject returns the customer's thread with this subject key whose
// latest message is closest to at and within subjectWindow of it; 0 if none.
func (s *saver) threadBySubject(customerID int64, subjectKey string, at int64) (int64, error) {
	var best, bestDist int64
	err := s.each("thread-by-subject", func(row []driver.Value) error {
		id, dist := integer(row[0]), integer(row[1])-at
		if dist < 0 {
			dist = -dist
		}
		if best == 0 || dist < bestDist || (dist == bestDist && id < best) {
			best, bestDist = id, dist
		}
		return nil
	}, customerID, subjectKey, at-subjectWindow, at+subjectWindow)
	return best, err
}

// mergeThread moves every message and key of thread from into thread to,
// repoints any other row that references from (the outbox, later tables),
// and deletes from. Merges are rare, so their statements are not prepared.
func (s *saver) mergeThread(from, to int64) error {
	refs, err := s.threadRefs()
	if err != nil {
		return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
	}
	for _, name := range []string{"thread-merge-customer", "thread-merge-messages", "thread-merge-keys"} {
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
