package store

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"keepwarm"
)

// A batch is saved set-based: what the database already holds for the whole
// batch (its copies, its messages' keys, its threading keys) is read up front
// in one query each; the messages are then decided one by one in memory, in
// batch order, exactly as if each had been written before the next was
// looked at; and the new rows are written at the end, many per INSERT. Row by
// row, the per-statement overhead (a cgo crossing, cursor set-up, a statement
// journal for every message INSERT, which fires a trigger) cost more than the
// b-tree work itself.
//
// The new rows wait in pending until flush. Every read that could see them
// either goes through the in-memory state here (copies, msgs, keyThread,
// threadCust) or adds them itself (threadBySubject adds pending threads and
// the times of pending messages); a thread merge, whose statements move rows
// in place, flushes first.

// copyKey identifies one stored copy.
type copyKey struct {
	mailbox, folder string
	uidValidity     uint32
	uid             uint32
}

// msgRef is a message stored before or during this batch.
type msgRef struct {
	id, at int64
	fp     fingerprint
	kind   keepwarm.Kind
	pend   *pendingMsg // not written yet; nil once written
}

// pendingMsg is a messages row waiting for flush.
type pendingMsg struct {
	thread int64
	args   []driver.Value // ingest-insert-message's columns
}

// Columns of ingest-insert-message that a copy found earlier rewrites.
const (
	msgColThread     = 3
	msgColCustomer   = 4
	msgColKind       = 5
	msgColTo         = 8
	msgColCc         = 9
	msgColReceivedAt = 12
	msgColMailbox    = 13
	msgColRole       = 14
	msgColListMember = 32
	msgCols          = 34
)

// pendingThread is a threads row waiting for flush.
type pendingThread struct {
	id         int64
	customer   sql.NullInt64
	subjectKey string
	args       []driver.Value // ingest-thread-insert's columns
}

// threadCols are ingest-thread-insert's columns: id, customer_id, subject,
// subject_key, created_at, subject_at.
const threadCols = 6

// pending holds the rows not written yet.
type pending struct {
	threads    []*pendingThread
	threadByID map[int64]*pendingThread
	bySubject  map[subjectRef][]*pendingThread // threads with a customer, by customer and subject key
	msgs       []*msgRef
	copies     []driver.Value // 6 columns a row
	contacts   []driver.Value // message_contacts: 2 columns a row
	texts      []driver.Value // message_texts: 3 columns a row
	keys       []string       // thread_keys to write, first-set order
	keyTo      map[string]int64
	lastAt     map[int64]int64        // thread -> latest received_at among pending messages
	onThread   map[threadContact]bool // the contacts on each thread's pending messages
}

// newPending returns an empty pending set for about n messages.
func newPending(n int) pending {
	return pending{keyTo: make(map[string]int64, 2*n), lastAt: make(map[int64]int64, n), threadByID: make(map[int64]*pendingThread, n/2),
		bySubject: make(map[subjectRef][]*pendingThread, n/2), onThread: make(map[threadContact]bool, n),
		msgs: make([]*msgRef, 0, n), copies: make([]driver.Value, 0, 6*n), contacts: make([]driver.Value, 0, 2*n),
		keys: make([]string, 0, 2*n)}
}

// subjectRef is what a customer's threads are matched by subject on.
type subjectRef struct {
	customer int64
	key      string
}

// indexSubject makes t, once it has a customer, found by its subject.
func (p *pending) indexSubject(t *pendingThread) {
	if t.customer.Valid {
		r := subjectRef{t.customer.Int64, t.subjectKey}
		p.bySubject[r] = append(p.bySubject[r], t)
	}
}

// prefetch reads what the database holds for the whole batch and the ids
// new rows start after.
func (s *saver) prefetch(batch []keepwarm.Incoming) error {
	row, err := s.row("ingest-next-ids")
	if err != nil {
		return err
	}
	s.nextMsg, s.nextThread = integer(row[0]), integer(row[1])
	if len(batch) == 0 {
		return nil
	}

	// JSON carries only valid UTF-8 (json.Marshal would turn other bytes
	// into U+FFFD and the key would not be found): the rare value that is
	// not goes to a one-row query of its own.
	var copies, keys, tkeys jsonList
	var copyAt []int
	for i := range batch {
		m, c := &batch[i].Message, &batch[i].Copy
		if jsonSafe(c.Mailbox) && jsonSafe(c.Folder) {
			copies.row(c.Mailbox, c.Folder, int64(c.UIDValidity), int64(c.UID))
			copyAt = append(copyAt, i)
		} else if err := s.eachOnce("ingest-known-copy", func(row []driver.Value) {
			s.copies[copyKey{c.Mailbox, c.Folder, c.UIDValidity, c.UID}] = true
		}, c.Mailbox, c.Folder, int64(c.UIDValidity), int64(c.UID)); err != nil {
			return err
		}
		if !jsonSafe(m.Key) {
			if err := s.knownOne(m.Key); err != nil {
				return err
			}
		} else {
			keys.str(m.Key)
		}
		if m.KeyAlias != "" && jsonSafe(m.KeyAlias) {
			keys.str(m.KeyAlias)
		}
		s.parentsOfUploaded(m, c, &keys)
		mk := threadKeys(m)
		s.msgKeys[m] = mk
		for _, k := range mk {
			if !jsonSafe(k) {
				if err := s.knownOne(k); err != nil {
					return err
				}
				continue
			}
			tkeys.str(k)
		}
	}
	if err := s.copiesAboveStored(batch, &copies); err != nil {
		return err
	}
	err = s.eachInJSON("ingest-known-copies", copies.String(), func(row []driver.Value) {
		c := &batch[copyAt[integer(row[0])]].Copy
		s.copies[copyKey{c.Mailbox, c.Folder, c.UIDValidity, c.UID}] = true
	})
	if err != nil {
		return err
	}
	err = s.eachInJSON("ingest-known-messages", keys.String(), s.knownMessage)
	if err != nil {
		return err
	}
	if err := s.eachInJSON("ingest-known-thread-keys", tkeys.String(), s.knownThreadKey); err != nil {
		return err
	}
	return s.prefetchStrays(batch)
}

// parentsOfUploaded adds to keys the In-Reply-To and References ids of a
// copy taken at its Date (uploaded), which afterParents looks up, and
// marks them looked up: read with the batch's own messages, one query for
// the batch, and a parent not stored is not asked for again per copy.
// An id JSON cannot carry is left to afterParents.
func (s *saver) parentsOfUploaded(m *keepwarm.Message, c *keepwarm.Copy, keys *jsonList) {
	if c.InternalDate.IsZero() || !uploaded(m.Date, c, s.now) {
		return
	}
	for _, ids := range [][]string{m.InReplyTo, m.References} {
		for _, id := range ids {
			if id == "" || id == m.Key || s.looked[id] || !jsonSafe(id) {
				continue
			}
			s.looked[id] = true
			keys.str(id)
		}
	}
}

// copiesAboveStored empties copies, the batch's copies to look up, when
// every one of them has a UID above the highest its folder has stored: none
// of them can be stored then. A folder's first sync and every sync of new
// mail are such batches; the lookup cost them a JSON array and a join each.
// Only a refetch (after a restart, or of a folder whose UIDs run backwards
// from a mix of sources) looks them up.
func (s *saver) copiesAboveStored(batch []keepwarm.Incoming, copies *jsonList) error {
	type folder struct {
		mailbox, name string
		validity      uint32
	}
	low := map[folder]uint32{} // the lowest UID of the batch in each folder
	for i := range batch {
		c := &batch[i].Copy
		f := folder{c.Mailbox, c.Folder, c.UIDValidity}
		if u, ok := low[f]; !ok || c.UID < u {
			low[f] = c.UID
		}
	}
	for f, u := range low {
		row, err := s.row("ingest-copies-max-uid", f.mailbox, f.name, int64(f.validity))
		if err != nil {
			return err
		}
		if int64(u) <= integer(row[0]) {
			return nil // some may be stored: look them up
		}
	}
	*copies = jsonList{}
	return nil
}

func (s *saver) knownMessage(row []driver.Value) {
	s.msgs[colText(row[0])] = &msgRef{id: integer(row[1]), at: integer(row[2]), fp: storedFingerprint(row),
		kind: keepwarm.Kind(colText(row[7]))}
}

func (s *saver) knownThreadKey(row []driver.Value) {
	t := integer(row[1])
	s.keyThread[colText(row[0])] = t
	s.threadCust[t] = integer(row[2])
	s.subjectAt[t] = subjectAtOf(row[3])
}

// knownOne looks up one key that JSON cannot carry, as a message key and as
// a threading key (a message's key is rarely also a threading key; asking
// both costs nothing on this rare path).
func (s *saver) knownOne(k string) error {
	if err := s.eachOnce("ingest-known-message", s.knownMessage, k); err != nil {
		return err
	}
	return s.eachOnce("ingest-known-thread-key", s.knownThreadKey, k)
}

// jsonSafe reports whether s survives a trip through JSON into SQLite.
func jsonSafe(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// eachOnce runs a statement that is not worth preparing (rare paths) and
// calls fn for every row.
func (s *saver) eachOnce(name string, fn func(row []driver.Value), args ...driver.Value) error {
	rows, err := s.conn.Query(q(name), args)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return eachRow(name, rows, func(row []driver.Value) error { fn(row); return nil })
}

// eachJSON runs a prepared query whose one argument is v as JSON.
func (s *saver) eachJSON(name string, v any, fn func(row []driver.Value)) error {
	if reflect.ValueOf(v).Len() == 0 {
		return nil
	}
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.eachInJSON(name, string(js), fn)
}

// eachInJSON runs a prepared query whose one argument is the JSON array js;
// nothing when js is "".
func (s *saver) eachInJSON(name, js string, fn func(row []driver.Value)) error {
	if js == "" {
		return nil
	}
	return s.each(name, func(row []driver.Value) error {
		fn(row)
		return nil
	}, js)
}

// addThread creates a thread (written at flush) and returns its id.
func (s *saver) addThread(m *keepwarm.Message, customerID sql.NullInt64, at int64) int64 {
	s.nextThread++
	t := &pendingThread{id: s.nextThread, customer: customerID, subjectKey: m.SubjectKey,
		args: []driver.Value{s.nextThread, nullable(customerID), threadTitle(m.Subject, m.SubjectKey), m.SubjectKey, unix(s.now), at}}
	s.pend.threads = append(s.pend.threads, t)
	s.pend.threadByID[t.id] = t
	s.pend.indexSubject(t)
	s.subjectAt[t.id] = at
	s.threadCust[t.id] = customerID.Int64
	return t.id
}

// setThreadCustomer gives a thread without a customer this one.
func (s *saver) setThreadCustomer(thread, customerID int64) error {
	s.threadCust[thread] = customerID
	if t, ok := s.pend.threadByID[thread]; ok {
		if !t.customer.Valid {
			t.customer = sql.NullInt64{Int64: customerID, Valid: true}
			t.args[1] = customerID
			s.pend.indexSubject(t)
		}
		return nil
	}
	return s.run("thread-set-customer", customerID, thread)
}

// addMessage queues a new message row with the next id and returns the id.
func (s *saver) addMessage(thread, at int64, args []driver.Value) *msgRef {
	s.nextMsg++
	args[0] = s.nextMsg
	ref := &msgRef{id: s.nextMsg, at: at, pend: &pendingMsg{thread: thread, args: args}}
	s.pend.msgs = append(s.pend.msgs, ref)
	if last, ok := s.pend.lastAt[thread]; !ok || at > last {
		s.pend.lastAt[thread] = at
	}
	return ref
}

// earlierCopy moves a message's received_at (and mailbox, folder role) back
// to at, the time of a copy found earlier than every one before.
func (s *saver) earlierCopy(ref *msgRef, c *keepwarm.Copy, at int64) error {
	if ref.pend == nil {
		if err := s.run("ingest-earlier-copy", at, c.Mailbox, string(c.Role), ref.id, at); err != nil {
			return err
		}
		ref.at = at
		return nil
	}
	ref.at = at
	p := ref.pend
	p.args[msgColReceivedAt], p.args[msgColMailbox], p.args[msgColRole] = at, c.Mailbox, string(c.Role)
	last := int64(0)
	first := true
	for _, r := range s.pend.msgs {
		if r.pend.thread == p.thread {
			if a := r.pend.args[msgColReceivedAt].(int64); first || a > last {
				last, first = a, false
			}
		}
	}
	s.pend.lastAt[p.thread] = last
	return nil
}

// addCopy queues a message_copies row. The copy keeps its own INTERNALDATE
// even when the message's arrival, at, is its Date (see receivedAt).
func (s *saver) addCopy(c *keepwarm.Copy, messageID, at int64) {
	s.copies[copyKey{c.Mailbox, c.Folder, c.UIDValidity, c.UID}] = true
	internal := at
	if !c.InternalDate.IsZero() {
		internal = unix(c.InternalDate)
	}
	s.pend.copies = append(s.pend.copies, c.Mailbox, c.Folder, int64(c.UIDValidity), int64(c.UID), messageID, internal)
}

// setKeys points the message's threading keys at thread, as
// thread-keys-set does: a key not stored yet is added; a 'mid:' key held by
// another thread moves; a Thread-Index key held by another thread stays.
func (s *saver) setKeys(keys []string, thread int64) {
	for _, k := range keys {
		if t, ok := s.keyThread[k]; ok && (t == thread || !strings.HasPrefix(k, "mid:")) {
			continue
		}
		s.keyThread[k] = thread
		if _, ok := s.pend.keyTo[k]; !ok {
			s.pend.keys = append(s.pend.keys, k)
		}
		s.pend.keyTo[k] = thread
	}
}

// rowsPerInsert are the row counts multi-row INSERTs are prepared for; a
// count is split into these, largest first, so that a batch prepares at
// most three statements per table.
var rowsPerInsert = []int{50, 10, 1}

// writeRows inserts len(args)/cols rows with the INSERT name.
func (s *saver) writeRows(name string, cols int, args []driver.Value) error {
	for _, n := range rowsPerInsert {
		for len(args) >= n*cols {
			if err := s.runRows(name, n, args[:n*cols]); err != nil {
				return err
			}
			args = args[n*cols:]
		}
	}
	return nil
}

// markDirty queues the threads of the pending inbound and outbound messages
// for the reply clock, as they are written.
func (s *saver) markDirty() error {
	var threads jsonList
	seen := map[int64]bool{}
	for _, r := range s.pend.msgs {
		switch keepwarm.Kind(r.pend.args[msgColKind].(string)) {
		case keepwarm.KindInbound, keepwarm.KindOutbound:
			if t := r.pend.args[msgColThread].(int64); !seen[t] {
				seen[t] = true
				threads.int(t)
			}
		}
	}
	return s.eachInJSON("ingest-mark-dirty", threads.String(), func([]driver.Value) {})
}

// flush writes every pending row.
func (s *saver) flush() error {
	p := &s.pend
	args := make([]driver.Value, 0, len(p.threads)*threadCols)
	for _, t := range p.threads {
		args = append(args, t.args...)
	}
	if err := s.writeRows("ingest-thread-insert", threadCols, args); err != nil {
		return err
	}
	if err := s.writeRetitles(); err != nil {
		return err
	}
	args = make([]driver.Value, 0, len(p.msgs)*msgCols)
	for _, r := range p.msgs {
		args = append(args, r.pend.args...)
	}
	if err := s.writeRows("ingest-insert-message", msgCols, args); err != nil {
		return err
	}
	if err := s.markDirty(); err != nil {
		return err
	}
	if err := s.writeRows("ingest-insert-copy", 6, p.copies); err != nil {
		return err
	}
	if err := s.writeRows("ingest-message-contact", 2, p.contacts); err != nil {
		return err
	}
	if err := s.writeRows("ingest-message-text", 3, p.texts); err != nil {
		return err
	}
	args = make([]driver.Value, 0, len(p.keys)*2)
	for _, k := range p.keys {
		args = append(args, k, p.keyTo[k])
	}
	if err := s.writeRows("ingest-thread-keys", 2, args); err != nil {
		return err
	}
	for _, r := range p.msgs {
		r.pend = nil
	}
	*p = newPending(0) // nothing more after the batch's end; a merge's flush mid-batch is rare
	return nil
}
