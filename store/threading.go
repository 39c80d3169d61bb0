package store

import (
	"database/sql"
	"errors"
	"fmt"
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
	mids := midKeys(m)
	target, err := s.threadByMid(mids)
	if err != nil {
		return 0, err
	}
	ti := ""
	if m.ThreadIndex != "" {
		ti = "ti:" + m.ThreadIndex
	}
	if target == 0 && ti != "" {
		if target, err = s.threadByKey(ti); err != nil {
			return 0, err
		}
	}
	if target == 0 && customerID.Valid && m.SubjectKey != "" {
		err := s.row("thread-by-subject", customerID.Int64, m.SubjectKey, at, subjectWindow).Scan(&target)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("thread by subject: %w", err)
		}
	}
	switch {
	case target == 0:
		target, err = s.insertID("thread-insert", customerID, m.Subject, m.SubjectKey, unix(s.now))
		if err != nil {
			return 0, fmt.Errorf("new thread: %w", err)
		}
	case customerID.Valid:
		// A thread begun by internal mail belongs to the first customer in it.
		if _, err := s.exec("thread-set-customer", customerID.Int64, target); err != nil {
			return 0, fmt.Errorf("thread %d customer: %w", target, err)
		}
	}
	for _, k := range mids {
		if _, err := s.exec("thread-key-set", k, target); err != nil {
			return 0, fmt.Errorf("thread key %s: %w", k, err)
		}
	}
	if ti != "" {
		if _, err := s.exec("thread-key-add", ti, target); err != nil {
			return 0, fmt.Errorf("thread key %s: %w", ti, err)
		}
	}
	return target, nil
}

// threadByMid returns the thread the keys lead to, merging every other thread
// they reach into the oldest; 0 when none is known.
func (s *saver) threadByMid(keys []string) (int64, error) {
	var found []int64
	for _, k := range keys {
		id, err := s.threadByKey(k)
		if err != nil {
			return 0, err
		}
		if id != 0 && !contains(found, id) {
			found = append(found, id)
		}
	}
	if len(found) == 0 {
		return 0, nil
	}
	target := found[0]
	for _, id := range found[1:] {
		target = min(target, id) // ids never go back (AUTOINCREMENT): smallest is oldest
	}
	for _, id := range found {
		if id == target {
			continue
		}
		if err := s.mergeThread(id, target); err != nil {
			return 0, err
		}
	}
	return target, nil
}

func (s *saver) threadByKey(key string) (int64, error) {
	var id int64
	err := s.row("thread-by-key", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("thread key %s: %w", key, err)
	}
	return id, nil
}

// mergeThread moves every message and key of thread from into thread to and
// deletes from. Merges are rare, so their statements are not prepared.
func (s *saver) mergeThread(from, to int64) error {
	for _, name := range []string{"thread-merge-customer", "thread-merge-messages", "thread-merge-keys"} {
		if _, err := s.tx.ExecContext(s.ctx, q(name), to, from); err != nil {
			return fmt.Errorf("merge thread %d into %d: %s: %w", from, to, name, err)
		}
	}
	if _, err := s.tx.ExecContext(s.ctx, q("thread-delete"), from); err != nil {
		return fmt.Errorf("merge thread %d into %d: %w", from, to, err)
	}
	s.merged[from] = to
	return nil
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
