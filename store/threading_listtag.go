package store

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strings"

	"keepwarm"
)

// listTag matches the tag a list the team runs puts before the subject of
// each copy it passes on ("[sales] ", Mailman's subject_prefix, a Google
// Group's name), as it stands in a thread key: one word in brackets. A tag
// with a space in it ("[po 4712] ") is part of what the sender wrote.
var listTag = regexp.MustCompile(`^\[[\pL\pN][\pL\pN._-]{0,39}\] `)

// threadByListTag is threadBySubject across the team list's subject tag.
// The list copy of a customer's mail is keyed without its tag ("[Sales]
// Inquiry 4711" is "inquiry 4711"), but a salesperson's client quotes the
// subject it showed, tag and all, and a customer who answers that directly
// from a client that writes no threading headers (Outlook, often) sends
// "RE: [Sales] Inquiry 4711", keyed "[sales] inquiry 4711": such a key
// finds the thread of the key without the tag. And a thread stored while
// list copies were keyed with the tag is found by a key without it. Only
// for a message that found no thread otherwise, within the customer's
// threads and the subject window as threadBySubject. Only a tag a list
// of the team's was seen to put on its copies counts (noteListTag): any
// other word in brackets ("[PO4712] Order confirmation" from an ERP) is
// part of the subject, and another conversation.
func (s *saver) threadByListTag(customerID int64, subjectKey string, ask subjectAsk) (int64, error) {
	if err := s.loadListTags(); err != nil || len(s.listTags) == 0 {
		return 0, err
	}
	if tag := listTag.FindString(subjectKey); tag != "" {
		if !s.listTags[strings.TrimSpace(tag)] {
			return 0, nil
		}
		rest := untagged(subjectKey[len(tag):])
		if rest == "" || rest == subjectKey {
			return 0, nil
		}
		return s.threadBySubject(customerID, rest, ask)
	}
	cands := subjectCands{at: ask.at}
	err := s.eachOnce("ingest-subject-threads-list-tagged", func(row []driver.Value) {
		key, _ := row[3].(string)
		if b, ok := row[3].([]byte); ok {
			key = string(b)
		}
		tag := listTag.FindString(key)
		if tag == "" || !s.listTags[strings.TrimSpace(tag)] || untagged(key[len(tag):]) != subjectKey {
			return
		}
		s.nearer(row, &cands)
	}, customerID, subjectKey)
	if err != nil {
		return 0, err
	}
	return s.pickSubject(cands.list, ask)
}

// loadListTags reads the tags the team's lists were seen to put on their
// copies, once per batch.
func (s *saver) loadListTags() error {
	if s.listTags != nil {
		return nil
	}
	tags := map[string]bool{}
	err := s.eachOnce("ingest-list-tags", func(row []driver.Value) {
		switch v := row[0].(type) {
		case string:
			tags[v] = true
		case []byte:
			tags[string(v)] = true
		}
	})
	if err != nil {
		return err
	}
	s.listTags = tags
	return nil
}

// noteListTag records tag, which a list of the team's put before the
// subject of a copy that arrived at (Message.ListTag), as a list's tag.
func (s *saver) noteListTag(tag string, at int64) error {
	if err := s.loadListTags(); err != nil {
		return err
	}
	if s.listTags[tag] {
		return nil
	}
	if _, err := s.execOnce("ingest-list-tag-insert", tag, at); err != nil {
		return fmt.Errorf("list tag %s: %w", tag, err)
	}
	s.listTags[strings.Clone(tag)] = true
	return nil
}

// untagged is a thread key's rest after a list's tag without the reply
// markers, counters and gateways' tags it may begin with ("[sales] re:
// inquiry" is "inquiry"), as parse.NormalizeSubject leaves a key.
func untagged(s string) string {
	for {
		s = strings.TrimSpace(s)
		n, _ := keepwarm.SubjectMarkerLen(s)
		if n <= 0 {
			n = keepwarm.SubjectCounterLen(s)
		}
		if n <= 0 {
			n = keepwarm.SubjectTagLen(s)
		}
		if n <= 0 {
			return s
		}
		s = s[n:]
	}
}

// nearer takes a row of an ingest-subject-threads query (thread id, its
// latest mail's time, subject_at) into cands when its latest mail, as
// stored or pending in this batch, is within subjectWindow of cands.at.
func (s *saver) nearer(row []driver.Value, cands *subjectCands) {
	id := integer(row[0])
	if _, seen := s.subjectAt[id]; !seen {
		s.subjectAt[id] = subjectAtOf(row[2])
	}
	last, ok := s.pend.lastAt[id]
	if row[1] != nil && (!ok || integer(row[1]) > last) {
		last, ok = integer(row[1]), true
	}
	if ok {
		cands.add(id, last)
	}
}
