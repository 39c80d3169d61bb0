package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"keepwarm"
)

// SaveBatch stores a batch of fetched copies and the folder's new position in
// one transaction. It is idempotent: a copy already stored (same mailbox,
// folder, UIDVALIDITY and UID) is skipped, and a message already stored under
// its Key (seen in another mailbox or folder) only gains a copy. New messages
// are threaded and tied to their customer and contacts. state.SyncedAt is the
// "now" stamped on rows it creates.
func (db *DB) SaveBatch(ctx context.Context, state keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	var res keepwarm.SaveResult
	err := db.inBatchTx(ctx, saverQueries, refetchable, func(tx *batchTx) (err error) {
		res, err = tx.saveBatch(ctx, state, batch)
		return err
	})
	if err != nil {
		return keepwarm.SaveResult{}, fmt.Errorf("store: save batch %s/%s: %w", state.Mailbox, state.Folder, err)
	}
	return res, nil
}

// saveBatch stores batch and the folder's position in the open transaction.
func (tx *batchTx) saveBatch(ctx context.Context, state keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	s := newSaver(tx, state.SyncedAt, len(batch))
	if err := s.prefetch(batch); err != nil {
		return keepwarm.SaveResult{}, err
	}
	for i := range batch {
		if err := ctx.Err(); err != nil {
			return keepwarm.SaveResult{}, err
		}
		if err := s.save(&batch[i]); err != nil {
			return keepwarm.SaveResult{}, fmt.Errorf("message %q (%s/%s uid %d): %w", batch[i].Message.Key,
				batch[i].Copy.Mailbox, batch[i].Copy.Folder, batch[i].Copy.UID, err)
		}
	}
	if err := s.flush(); err != nil {
		return keepwarm.SaveResult{}, err
	}
	if err := s.clearBounces(); err != nil {
		return keepwarm.SaveResult{}, err
	}
	err := tx.run("folder-save", state.Mailbox, state.Folder, int64(state.UIDValidity),
		int64(state.LastUID), int64(state.HighestModSeq), nullable(nullableUnix(state.SyncedAt)))
	if err != nil {
		return keepwarm.SaveResult{}, err
	}
	return s.result(), nil
}

// saver stores one batch: its transaction, caches and counts.
type saver struct {
	*batchTx
	now time.Time

	customers map[customerRef]int64 // customer key and party -> id, within this transaction
	contacts  map[string]contactRef // by email, within this transaction

	res     keepwarm.SaveResult
	threads []int64         // threads that received new messages, in first-seen order
	merged  map[int64]int64 // thread merged away -> thread it went into
	refs    [][2]string     // other (table, column)s referencing threads; nil until a merge

	// What is stored, as of the message being saved (see ingest_pending.go).
	copies      map[copyKey]bool
	msgs        map[string]*msgRef             // by key
	keyThread   map[string]int64               // threading key -> thread, for the batch's keys
	threadCust  map[int64]int64                // thread -> its customer (0: none), for threads seen
	msgKeys     map[*keepwarm.Message][]string // threading keys of the batch's messages, read once
	nextMsg     int64                          // last id given to a message
	nextThread  int64                          // last id given to a thread
	pend        pending
	subjectAt   map[int64]int64           // thread -> arrival of the message it is titled by, for threads seen
	retitles    map[int64]retitle         // stored threads to retitle at flush
	wroteAt     map[string]int64          // address -> arrival of its latest inbound mail in this batch
	strays      map[string][]*strayBounce // see lateBounces; nil while none
	listTags    map[string]bool           // tags the team's lists put on their copies; nil until read
	looked      map[string]bool           // message keys looked up in this batch: not in msgs, not stored
	listMembers map[string]bool           // List-Id -> someone of the team is a member (listMember), asked or added in this batch
}

// customerRef is what a message's customer is found by: its key and its
// party's address (see saver.customer).
type customerRef struct{ key, party string }

type contactRef struct {
	id    int64
	named bool // has a non-empty name
}

// saverQueries are the statements a batch prepares up front.
var saverQueries = []string{
	"ingest-next-ids", "ingest-copies-max-uid", "ingest-known-copies", "ingest-known-messages", "ingest-known-thread-keys",
	"ingest-earlier-copy",
	"ingest-customer-by-key", "ingest-insert-customer",
	"ingest-contact-by-email", "ingest-wrote-since", "ingest-failed-before", "ingest-insert-contact", "ingest-contact-name",
	"ingest-subject-threads", "ingest-party-on-thread", "thread-set-customer", "ingest-thread-retitle",
	"folder-save", "ingest-mark-dirty",
}

// newSaver returns the saver of a batch of n messages. Its maps and
// slices are made for n from the start: grown from empty, their rehashing
// showed as 3 % of a first sync's CPU profile, and made for n a batch
// allocates 8-11 % fewer bytes (BenchmarkSaveBatch, BenchmarkSaveBatchSync).
func newSaver(tx *batchTx, now time.Time, n int) *saver {
	// Customers and contacts found or made stay valid for the whole
	// transaction (a SaveTx's several batches): nothing else writes then.
	if tx.customers == nil {
		tx.customers, tx.contacts = map[customerRef]int64{}, map[string]contactRef{}
	}
	return &saver{
		batchTx: tx, now: now,
		customers: tx.customers,
		contacts:  tx.contacts,
		merged:    map[int64]int64{},

		copies:      make(map[copyKey]bool, n),
		msgs:        make(map[string]*msgRef, n),
		keyThread:   make(map[string]int64, 2*n),
		threadCust:  make(map[int64]int64, n),
		msgKeys:     make(map[*keepwarm.Message][]string, n),
		pend:        newPending(n),
		subjectAt:   make(map[int64]int64, n),
		retitles:    map[int64]retitle{},
		looked:      map[string]bool{},
		listMembers: map[string]bool{},
	}
}

// result returns the counts with merged-away threads replaced by survivors.
func (s *saver) result() keepwarm.SaveResult {
	res := s.res
	seen := map[int64]bool{}
	for _, id := range s.threads {
		id = s.survivor(id)
		if !seen[id] {
			seen[id] = true
			res.Threads = append(res.Threads, id)
		}
	}
	return res
}

func (s *saver) survivor(id int64) int64 {
	for {
		to, ok := s.merged[id]
		if !ok {
			return id
		}
		id = to
	}
}

func (s *saver) save(in *keepwarm.Incoming) error {
	m, c := &in.Message, &in.Copy
	if s.copies[copyKey{c.Mailbox, c.Folder, c.UIDValidity, c.UID}] {
		return nil // stored by an earlier run: a refetch after a restart
	}
	at := unix(receivedAt(m, c, s.now))
	if internal := unix(c.InternalDate); !c.InternalDate.IsZero() && at < internal {
		var err error
		if at, err = s.afterParents(m, at, internal); err != nil {
			return err
		}
	}
	if m.ListTag != "" {
		if err := s.noteListTag(m.ListTag, at); err != nil {
			return err
		}
	}
	ref := s.msgs[m.Key]
	if ref == nil && m.KeyAlias != "" {
		ref = s.msgs[m.KeyAlias] // stored under the key such messages had before
	}
	if ref != nil && m.MessageID != "" {
		fp := fingerprintOf(m)
		if diff := ref.fp.differs(fp); diff != nil {
			var err error
			if ref, err = s.duplicate(m, ref, diff, fp); err != nil {
				return err
			}
		}
	}
	if ref == nil {
		return s.insertNew(m, c, at)
	}
	s.addCopy(c, ref.id, at)
	if at < ref.at {
		if err := s.earlierCopy(ref, c, at); err != nil {
			return err
		}
	}
	if sentCorrects(ref.kind, m.Kind, c.Role) {
		if err := s.reclassify(m, ref); err != nil {
			return err
		}
	}
	s.res.Copies++
	return nil
}

// receivedAt is when this copy arrived: its INTERNALDATE, else the Date
// header, else now. A copy whose INTERNALDATE comes more than
// keepwarm.UploadedAfter after a Date that is not in the future, with no
// Received stamp of its server near that INTERNALDATE, was put in its
// folder long after the mail went (old mail uploaded from a local archive:
// Outlook's drag and drop, an import, a move to a new server do not carry
// the date over), and its Date is when it arrived: an old quotation
// uploaded today is no new quotation to follow up, and old customer mail
// uploaded to the inbox starts no reply clock of today. A buyer's answer
// that waited days in an Outbox or a queue has its server's fresh stamp:
// it arrived when it was delivered. saver.afterParents keeps a copy taken
// at its Date after the stored mail it answers.
func receivedAt(m *keepwarm.Message, c *keepwarm.Copy, now time.Time) time.Time {
	switch {
	case !c.InternalDate.IsZero():
		if uploaded(m.Date, c, now) {
			return m.Date
		}
		return c.InternalDate
	case !m.Date.IsZero():
		return m.Date
	}
	return now
}

// deliveredNear is how close to a copy's INTERNALDATE the newest Received
// stamp must be for the copy to count as delivered then: the receiving
// server stamps the mail and files it within seconds; a delivery behind a
// queue of its own, or a server clock a little off, within hours. An
// archive's mail carries only the stamps of its first delivery, long ago.
const deliveredNear = 6 * time.Hour

// uploaded says whether copy c of mail dated date was put in its folder
// long after its Date, not delivered then (see receivedAt).
func uploaded(date time.Time, c *keepwarm.Copy, now time.Time) bool {
	if date.IsZero() || date.After(now) || c.InternalDate.Sub(date) <= keepwarm.UploadedAfter {
		return false
	}
	return c.DeliveredAt.IsZero() || c.InternalDate.Sub(c.DeliveredAt).Abs() > deliveredNear
}

// afterParents is the arrival at of a copy taken at its Date (uploaded),
// moved to just after the latest stored message its In-Reply-To or
// References names that came before the copy's INTERNALDATE, internal: a
// reply cannot be older than the mail it answers. A buyer whose clock is
// days behind, or whose answer waited in a queue that left no fresh
// stamp, would otherwise be filed before the follow-up it answers. Only
// taken-as-uploaded copies ask. prefetch read the stored parents of the
// batch's such copies with its messages (parentsOfUploaded), and a parent
// looked up once and not found is not asked for again in the batch: an
// archive uploaded in one day is all such copies, and each answer of a
// long thread names its root, often one in a folder keepwarm does not read.
func (s *saver) afterParents(m *keepwarm.Message, at, internal int64) (int64, error) {
	for _, ids := range [][]string{m.InReplyTo, m.References} {
		for _, id := range ids {
			if id == "" || id == m.Key {
				continue
			}
			ref := s.msgs[id]
			if ref == nil {
				if s.looked[id] {
					continue
				}
				if err := s.eachOnce("ingest-known-message", s.knownMessage, id); err != nil {
					return 0, err
				}
				s.looked[id] = true
				if ref = s.msgs[id]; ref == nil {
					continue
				}
			}
			if ref.at < internal && ref.at >= at {
				at = ref.at + 1
			}
		}
	}
	return at, nil
}

func (s *saver) insertNew(m *keepwarm.Message, c *keepwarm.Copy, at int64) error {
	var customerID sql.NullInt64
	var contactIDs []int64
	var partyID int64 // Contacts[0]'s: see party
	if m.ListAnswer {
		answers, _, err := s.listAnswer(m, m.CustomerKey, party(m), "")
		if err == nil && !answers && m.ListID != "" {
			// The member's own customer is not the thread's: the list's
			// own (a buyer answering through his company's group from
			// his Yahoo address) may be, for mail the team sent to the
			// list (the address of the list's List-Id the mail went To
			// or Cc), unless someone of the team is a member of the list.
			var list keepwarm.ListAddress
			var thread int64
			for _, list = range m.Lists {
				if answers, thread, err = s.listAnswer(m, list.CustomerKey, list.Address, list.Address); answers || err != nil {
					break
				}
			}
			if answers {
				var member bool
				if member, err = s.listMember(m.ListID); member && err == nil {
					// A stranger's reply-all, or the buyer's answer
					// through a list someone of the team is a member of
					// too: which, keepwarm cannot tell. The follow-up
					// of the mail it answers waits for her word.
					err = s.holdListAnswered(thread, list.Address, party(m))
				}
				if member || err != nil {
					answers = false
				}
			}
			if answers {
				m.CustomerKey, m.Contacts = list.CustomerKey, list.Contacts
			}
		}
		if err != nil {
			return err
		}
		if answers {
			m.Kind = keepwarm.KindInbound
		} else {
			m.CustomerKey, m.Contacts = "", nil // list mail makes no customer
		}
	}
	stray, err := s.stray(m) // before thread() files its keys
	if err != nil {
		return err
	}
	if m.CustomerKey != "" {
		find := s.customer
		if m.KnownCustomerOnly || stray {
			find = s.knownCustomer
		}
		if m.Kind == keepwarm.KindNotice {
			find = s.contactsCustomer
		}
		id, err := find(m.CustomerKey, party(m))
		if err != nil {
			return err
		}
		if id != 0 {
			customerID = sql.NullInt64{Int64: id, Valid: true}
			for i, a := range m.Contacts {
				cid, err := s.contact(id, a.Email, a.Name)
				if err != nil {
					return err
				}
				if i == 0 {
					partyID = cid
				}
				if cid != 0 {
					contactIDs = append(contactIDs, cid)
				}
			}
		}
	}
	threadID, err := s.thread(m, customerID, partyID, at)
	if err != nil {
		return err
	}
	if !customerID.Valid && m.KnownCustomerOnly && m.Kind == keepwarm.KindInbound {
		// Mail keepwarm could not classify (parse.Team.Salvage) from an
		// address no customer has, in a customer's thread: an answer
		// there, from a buyer's private address, starts that customer's
		// reply clock. Its sender is not made their contact.
		if id := s.threadCust[threadID]; id != 0 {
			customerID = sql.NullInt64{Int64: id, Valid: true}
		}
	}
	for _, cid := range contactIDs {
		s.pend.onThread[threadContact{threadID, cid}] = true
	}
	s.noteSubject(threadID, m, at)
	fp := fingerprintOf(m)
	ref := s.addMessage(threadID, at, []driver.Value{nil,
		m.Key, m.MessageID, threadID, nullable(customerID), string(m.Kind),
		strings.ToLower(m.From.Email), m.From.Name, joinEmails(m.To), joinEmails(m.Cc), m.Subject,
		nullable(nullableUnix(m.Date)), at, c.Mailbox, string(c.Role), m.Size,
		m.Snippet, rawHeader(m.RawHeader), strings.Join(m.InReplyTo, " "), strings.Join(m.References, " "), m.ThreadIndex,
		m.ThreadTopic, strings.ToLower(m.BouncedRecipient), nullable(nullableUnix(m.AutoReplyUntil)), m.ParseError,
		joinAttachments(m.Attachments), bodySizeColumn(fp), m.TextPending, strings.ToLower(m.RelayedBy.Email),
		joinLower(m.BouncedAlso), joinLower(m.BouncedSoft), calendarMark(m), listMemberOf(m), strings.ToLower(m.BounceRefusal)})
	if listMemberOf(m) != nil {
		s.listMembers[m.ListMemberOf] = true
	}
	id := ref.id
	ref.fp, ref.kind = fp, m.Kind
	s.msgs[m.Key] = ref
	s.addCopy(c, id, at)
	if stray && !customerID.Valid && m.Kind == keepwarm.KindBounce && m.BouncedRecipient != "" {
		s.waitForReturned(m, ref, at)
	}
	if m.Kind == keepwarm.KindOutbound && customerID.Valid && len(s.strays) > 0 {
		if err := s.lateBounces(m, customerID.Int64); err != nil {
			return err
		}
	}
	for _, cid := range contactIDs {
		s.pend.contacts = append(s.pend.contacts, id, cid)
	}
	if m.Kind == keepwarm.KindOutbound && m.Text != "" {
		s.pend.texts = append(s.pend.texts, id, m.Text, m.TextCut)
	}
	if m.Kind == keepwarm.KindInbound && m.From.Email != "" {
		if err := s.wrote(strings.ToLower(m.From.Email), at); err != nil {
			return err
		}
	}
	for _, email := range append([]string{m.BouncedRecipient}, m.BouncedAlso...) {
		if email == "" {
			continue
		}
		if err := s.bounce(m, email, at, stray); err != nil {
			return err
		}
	}
	if m.Kind == keepwarm.KindLeftCompany && m.From.Email != "" {
		if err := s.left(m, at); err != nil {
			return fmt.Errorf("left the company %s: %w", m.From.Email, err)
		}
	}
	s.res.New++
	if m.ParseError != "" {
		s.res.Flagged++
	}
	s.res.NewIDs = append(s.res.NewIDs, id)
	s.threads = append(s.threads, threadID)
	return nil
}

// customer returns the id of the customer of a message with key whose party
// (the address it is from or to) is party, creating it. A known contact's
// address finds its customer whatever the key: a free-mail address imported
// under a company, and a company's second domain (its group's, a
// country's), whose mail would otherwise make a customer of its own for
// round robin to hand to someone else. A "domain:acme.com" customer is
// named and keyed by its domain; any other kind ("addr:bob@gmail.com") is
// named by what follows the colon.
func (s *saver) customer(key, party string) (int64, error) {
	party = strings.ToLower(strings.TrimSpace(party))
	if party == "" {
		party, _ = strings.CutPrefix(key, "addr:")
	}
	ref := customerRef{key, party}
	if id, ok := s.customers[ref]; ok {
		return id, nil
	}
	row, err := s.row("ingest-customer-by-key", key, party)
	var id int64
	if err == nil && row[0] != nil {
		id = integer(row[0])
	} else if err == nil || errors.Is(err, sql.ErrNoRows) {
		kind, name, _ := strings.Cut(key, ":")
		if name == "" {
			name = key
		}
		domain := ""
		if kind == "domain" {
			domain = name
		}
		id, err = s.insertID("ingest-insert-customer", key, name, domain, unix(s.now))
	}
	if err != nil {
		return 0, fmt.Errorf("customer %s: %w", key, err)
	}
	s.customers[customerRef{strings.Clone(key), strings.Clone(party)}] = id // see contact
	return id, nil
}

// knownCustomer is customer without creating one: 0 when no customer has
// key or a contact at party.
func (s *saver) knownCustomer(key, party string) (int64, error) {
	party = strings.ToLower(strings.TrimSpace(party))
	if party == "" {
		party, _ = strings.CutPrefix(key, "addr:")
	}
	if id, ok := s.customers[customerRef{key, party}]; ok {
		return id, nil
	}
	row, err := s.row("ingest-customer-by-key", key, party)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("customer %s: %w", key, err)
	}
	if err != nil || row[0] == nil {
		return 0, nil
	}
	id := integer(row[0])
	s.customers[customerRef{strings.Clone(key), strings.Clone(party)}] = id
	return id, nil
}

// contactsCustomer is knownCustomer for the sender party of a notice (a
// calendar's answer to a meeting invitation): the customer of a contact
// known already, 0 when party is none, so that such a notice makes no
// contact.
func (s *saver) contactsCustomer(key, party string) (int64, error) {
	party = strings.ToLower(strings.TrimSpace(party))
	if party == "" {
		return 0, nil
	}
	if _, ok := s.contacts[party]; !ok {
		if _, err := s.row("ingest-contact-by-email", party); errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		} else if err != nil {
			return 0, fmt.Errorf("contact %s: %w", party, err)
		}
	}
	return s.knownCustomer(key, party)
}

// stray says whether m is a bounce or an out-of-office answer to mail
// keepwarm does not know: it names no stored message in In-Reply-To or
// References. Spammers forge the team's addresses, and the non-delivery
// reports and strangers' out-of-office answers to their mail come back to
// the team: such a message joins a customer or contact known already and
// makes none, or the pool would fill with the spam's victims. A name
// found in a thread without a customer counts only when its message is
// stored: the second report on one spam mail finds the first's thread. (A
// bounce stored before the Sent copy of the mail it returns, to an address
// never seen, flags nothing then: lateBounces applies it once that mail is
// stored.) A "has left the company" answer still makes its contact, so
// that its flag holds in whichever order a first sync finds it and the
// team's mail.
func (s *saver) stray(m *keepwarm.Message) (bool, error) {
	if m.Kind != keepwarm.KindBounce && m.Kind != keepwarm.KindAutoReply {
		return false, nil
	}
	keys, ok := s.msgKeys[m]
	if !ok {
		keys = threadKeys(m)
	}
	own := ownKey(m)
	for _, k := range keys {
		t, hit := s.keyThread[k]
		if !hit || k == own || !strings.HasPrefix(k, "mid:") {
			continue
		}
		if s.threadCust[t] != 0 {
			return false, nil
		}
		id := strings.TrimPrefix(k, "mid:")
		if s.msgs[id] == nil {
			if err := s.eachOnce("ingest-known-message", s.knownMessage, id); err != nil {
				return false, err
			}
		}
		if s.msgs[id] != nil {
			return false, nil
		}
	}
	return true, nil
}

// listAnswer says whether m, list mail Classify found may be a customer's
// answer through a list of its own (keepwarm.Message.ListAnswer), is an
// answer of the customer key and address who name (the sender's, or the list's
// own address's, Message.ListCustomerKey): a message its In-Reply-To or
// References names is the team's own mail to a customer (outbound),
// stored, in a conversation of that customer (the sender's: its contact,
// or its domain's customer), and that customer is known already. A
// buyer's "please send the PI" through the Google Group
// purchasing@buyer.de answers Lily's quotation to that address; a
// newsletter, or list mail answering anyone else's mail, stays list mail.
//
// With to, the list's own address, only the team's mail sent To or Cc that
// address counts: a copy from one list answers no mail the salesperson
// sent to another.
func (s *saver) listAnswer(m *keepwarm.Message, key, who, to string) (bool, int64, error) {
	if key == "" {
		return false, 0, nil
	}
	customer, err := s.knownCustomer(key, who)
	if err != nil || customer == 0 {
		return false, 0, err
	}
	keys, ok := s.msgKeys[m]
	if !ok {
		keys = threadKeys(m)
	}
	own := ownKey(m)
	for _, k := range keys {
		thread, hit := s.keyThread[k]
		if !hit || k == own || !strings.HasPrefix(k, "mid:") {
			continue
		}
		id := strings.TrimPrefix(k, "mid:")
		if s.msgs[id] == nil && !s.looked[id] {
			if err := s.eachOnce("ingest-known-message", s.knownMessage, id); err != nil {
				return false, 0, err
			}
			s.looked[id] = true
		}
		ref := s.msgs[id]
		if ref == nil || ref.kind != keepwarm.KindOutbound {
			continue
		}
		if to != "" {
			sent, err := s.sentTo(id, ref, to)
			if err != nil {
				return false, 0, err
			}
			if !sent {
				continue
			}
		}
		switch tc := s.threadCust[thread]; {
		case tc == 0:
			continue
		case tc == customer:
			return true, thread, nil
		}
		same := false
		err := s.eachOnce("ingest-same-customer", func(row []driver.Value) { same = integer(row[0]) != 0 }, customer, s.threadCust[thread])
		if err != nil || same {
			return same, thread, err
		}
	}
	return false, 0, nil
}

// holdListAnswered pauses the live follow-up of thread, the thread of the
// team's mail to list address list that a reply from who through that list
// answers, for a person to resume or stop, when someone of the team is a
// member of the list: the reply may be the customer's answer or a
// stranger's, and keepwarm cannot tell which. A failed one whose last
// mail may have gone out stays failed (it offers "It arrived" and "Send
// again"), its reason saying so first (keepwarm.ListAnswerHold).
func (s *saver) holdListAnswered(thread int64, list, who string) error {
	if thread == 0 {
		return nil
	}
	why := keepwarm.ListAnswerHold + list + " from " + who +
		": check whether it answers you, then resume the follow-up or stop it"
	if _, err := s.execOnce("ingest-hold-list-answered", thread, why, unix(s.now)); err != nil {
		return err
	}
	_, err := s.execOnce("ingest-note-list-answered", thread, why, unix(s.now))
	return err
}

// sentTo says whether the stored or pending message key, ref, names
// address to (lower case) in To or Cc.
func (s *saver) sentTo(key string, ref *msgRef, to string) (bool, error) {
	if ref.pend != nil {
		return namesAddress(ref.pend.args[msgColTo].(string), to) || namesAddress(ref.pend.args[msgColCc].(string), to), nil
	}
	sent := false
	err := s.eachOnce("ingest-message-sent-to", func([]driver.Value) { sent = true }, key, to)
	return sent, err
}

// listMember says whether someone of the team is a member of the list of
// List-Id id: a copy that came through that list naming none of the
// team's addresses (keepwarm.Message.ListMemberOf) is stored, in any
// mailbox, or waits in this batch. A list she is a member of sends her its
// posts addressed to the list; a direct copy (Bcc) carries no List-Id, and
// a copy naming the team reached it because it was named. The buyer's own
// group no one of the team is a member of reaches the team only in
// answers addressed to it. Asked once per list in a batch (s.listMembers:
// a proof this batch adds sets it).
func (s *saver) listMember(id string) (bool, error) {
	if member, ok := s.listMembers[id]; ok {
		return member, nil
	}
	found := false
	err := s.eachOnce("ingest-list-member", func([]driver.Value) { found = true }, id)
	if err != nil {
		return false, err
	}
	s.listMembers[id] = found
	return found, nil
}

// listMemberOf is the messages.list_member_of of m: the List-Id of list
// mail the list sent to the team as a member, NULL for other mail.
func listMemberOf(m *keepwarm.Message) driver.Value {
	if m.Kind != keepwarm.KindBulk || m.ListMemberOf == "" {
		return nil
	}
	return m.ListMemberOf
}

// namesAddress says whether list, comma-separated lower-cased addresses as
// joinEmails writes them, holds addr.
func namesAddress(list, addr string) bool {
	addr = strings.ToLower(addr)
	for _, a := range strings.Split(list, ",") {
		if a == addr && a != "" {
			return true
		}
	}
	return false
}

// party is the address a message's customer is found by: its first
// contact, the sender of inbound mail and the first customer address the
// team wrote to (Classify puts it first).
func party(m *keepwarm.Message) string {
	if len(m.Contacts) == 0 {
		return ""
	}
	return m.Contacts[0].Email
}

// contact returns the id of the contact with email, creating it under
// customerID; a name is filled in only where none was known. An empty email
// returns 0.
func (s *saver) contact(customerID int64, email, name string) (int64, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return 0, nil
	}
	ref, ok := s.contacts[email]
	if !ok {
		var known string
		row, err := s.row("ingest-contact-by-email", email)
		if err == nil {
			ref.id, known = integer(row[0]), row[1].(string)
		} else if errors.Is(err, sql.ErrNoRows) {
			ref.id, err = s.insertID("ingest-insert-contact", customerID, email, name, unix(s.now))
			known = name
		}
		if err != nil {
			return 0, fmt.Errorf("contact %s: %w", email, err)
		}
		ref.named = known != ""
	}
	if !ref.named && name != "" {
		if err := s.run("ingest-contact-name", name, ref.id); err != nil {
			return 0, fmt.Errorf("contact %s: %w", email, err)
		}
		ref.named = true
	}
	if !ok {
		// A copy: the map lives as long as the transaction, and email may
		// be a slice of the message's raw header.
		email = strings.Clone(email)
	}
	s.contacts[email] = ref
	return ref.id, nil
}

// wrote notes a customer's own mail from email that arrived at: it proves
// the address works, so a bounce flag older than it is cleared (a bounce
// that the first sync of years of mail finds, or a mailbox that was full
// for a day), and a bounce older than it that is stored later flags
// nothing (bounce).
//
// The flags are cleared once, at the batch's end (clearBounces), not by a
// statement for each inbound message of a first sync that clears nothing
// nearly always.
func (s *saver) wrote(email string, at int64) error {
	if s.wroteAt == nil {
		s.wroteAt = make(map[string]int64)
	}
	s.wroteAt[email] = max(s.wroteAt[email], at)
	return nil
}

// left flags the sender of a "has left the company" auto-reply that
// arrived at, unless the address has written since (the first sync of
// years of mail finds an old one): its own mail proves someone is there.
func (s *saver) left(m *keepwarm.Message, at int64) error {
	email := strings.ToLower(strings.TrimSpace(m.From.Email))
	if s.wroteAt[email] > at {
		return nil
	}
	id := s.contacts[email].id
	if id == 0 {
		row, err := s.row("ingest-contact-by-email", email)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil {
			id = integer(row[0])
		}
	}
	if id != 0 {
		if _, err := s.row("ingest-wrote-since", id, email, at); err == nil {
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	_, err := s.execOnce("ingest-contact-left", at, strings.ToLower(m.NewContact), email)
	return err
}

// clearBounces clears the bounce and "left the company" flags of each
// address the batch holds mail from that are older than its latest such
// mail (wrote).
func (s *saver) clearBounces() error {
	if len(s.wroteAt) == 0 {
		return nil
	}
	pairs := make([][2]any, 0, len(s.wroteAt))
	for email, at := range s.wroteAt {
		pairs = append(pairs, [2]any{email, at})
	}
	js, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	if _, err := s.execOnce("ingest-contacts-wrote", string(js)); err != nil {
		return fmt.Errorf("clear bounce flags: %w", err)
	}
	return nil
}

// softAgain is how long a temporary failure (a full mailbox, a server that
// refused for hours) must go on before it flags the address: a second one
// at least this long after the first, with no mail from the address since.
const softAgain = 3 * 24 * 3600

// bounce marks a failed recipient of a bounce as bad, creating the contact
// when it is not known yet: under the bounce's customer, else the customer of
// its domain, else a customer of its own; for a stray bounce (see stray)
// only under a customer known already, and an address no customer has is
// left alone. It flags nothing when the address
// has written since the bounce (mail the first sync finds years later), nor
// for a temporary failure (m.BouncedSoft) unless another failure came at
// least softAgain before it and the address has not written since.
func (s *saver) bounce(m *keepwarm.Message, email string, at int64, stray bool) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if s.wroteAt[email] > at {
		return nil
	}
	id, err := s.knownContact(email)
	if err == nil && id == 0 {
		var customerID int64
		key := m.CustomerKey // the first failed recipient's
		if email != strings.ToLower(strings.TrimSpace(m.BouncedRecipient)) {
			key = ""
		}
		free := slices.ContainsFunc(m.BouncedFreeMail, func(a string) bool { return strings.EqualFold(strings.TrimSpace(a), email) }) || s.atFreeMail(email)
		customerID, err = s.bounceCustomer(key, email, stray, free)
		if err == nil && customerID == 0 {
			return nil // a stray bounce for an address nobody knows: spam's
		}
		if err == nil {
			id, err = s.contact(customerID, email, "")
		}
	}
	if err != nil {
		return fmt.Errorf("bounced recipient %s: %w", email, err)
	}
	return s.flagBounced(id, email, at, slices.Contains(m.BouncedSoft, email))
}

// atFreeMail says whether email (lower-cased) is at free mail by the
// team's rule the database was opened with (FreeMail); false without one.
func (s *saver) atFreeMail(email string) bool {
	_, domain, ok := strings.Cut(email, "@")
	return ok && domain != "" && s.db.freeMail != nil && s.db.freeMail(domain)
}

// knownContact is the id of the contact with email (lower-cased), 0 for none.
func (s *saver) knownContact(email string) (int64, error) {
	if id := s.contacts[email].id; id != 0 {
		return id, nil
	}
	row, err := s.row("ingest-contact-by-email", email)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return integer(row[0]), nil
}

// flagBounced flags the contact id (address email) as bounced at, unless
// the address wrote since, or the failure was temporary (soft) and no
// other failure came at least softAgain before it with no mail from the
// address since.
func (s *saver) flagBounced(id int64, email string, at int64, soft bool) error {
	if _, err := s.row("ingest-wrote-since", id, email, at); err == nil {
		return nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("bounced recipient %s: %w", email, err)
	}
	if soft {
		if _, err := s.row("ingest-failed-before", id, email, at-softAgain); errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("bounced recipient %s: %w", email, err)
		}
	}
	if _, err := s.execOnce("ingest-contact-bounced", at, id); err != nil {
		return fmt.Errorf("bounced recipient %s: %w", email, err)
	}
	return nil
}

// bounceCustomer is the customer a bounced address unknown as a contact
// goes under: the bounce's customer (key), else the customer of the
// address's domain, else one of its own; with knownOnly, only one that
// exists already, 0 for none. An address at free mail (free) is never put
// under the customer of its domain: on free mail each address is a
// customer, and one keyed by such a domain (made before the domain was
// taken for free mail) is a company of strangers.
func (s *saver) bounceCustomer(key, email string, knownOnly, free bool) (int64, error) {
	find := s.customer
	if knownOnly {
		find = s.knownCustomer
	}
	if key != "" {
		if id, err := find(key, email); err != nil || id != 0 || !knownOnly {
			return id, err
		}
	}
	if _, domain, ok := strings.Cut(email, "@"); ok && domain != "" && !free {
		r, err := s.conn.Query(q("ingest-customer-by-domain"), []driver.Value{domain})
		if err != nil {
			return 0, err
		}
		dest := make([]driver.Value, 1)
		err = r.Next(dest)
		r.Close()
		if err == nil {
			return integer(dest[0]), nil
		}
		if errors.Is(err, io.EOF) {
			err = nil
		}
		if err != nil {
			return 0, err
		}
	}
	return find("addr:"+email, email)
}

// joinLower is the comma-joined list of addresses, lower-cased.
func joinLower(emails []string) string {
	if len(emails) == 0 {
		return ""
	}
	out := make([]string, 0, len(emails))
	for _, e := range emails {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			out = append(out, e)
		}
	}
	return strings.Join(out, ",")
}

func joinEmails(as []keepwarm.Address) string {
	var b strings.Builder
	for i, a := range as {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strings.ToLower(a.Email))
	}
	return b.String()
}

// rawHeader never hands the NOT NULL column a nil slice.
func rawHeader(h []byte) []byte {
	if h == nil {
		return []byte{}
	}
	return h
}

// joinAttachments is the messages.attachments column: one
// "<media type>\t<file name>" line per attachment.
func joinAttachments(list []keepwarm.Attachment) string {
	if len(list) == 0 {
		return ""
	}
	var b strings.Builder
	for i, a := range list {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(attachmentType.Replace(a.Type))
		b.WriteByte('\t')
		b.WriteString(attachmentName.Replace(a.Name))
	}
	return b.String()
}

var (
	attachmentType = strings.NewReplacer("\t", " ", "\n", " ")
	attachmentName = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
)

// splitAttachments reads the messages.attachments column.
func splitAttachments(s string) []keepwarm.Attachment {
	if s == "" {
		return nil
	}
	var out []keepwarm.Attachment
	for _, line := range strings.Split(s, "\n") {
		typ, name, _ := strings.Cut(line, "\t")
		out = append(out, keepwarm.Attachment{Name: name, Type: typ})
	}
	return out
}

// calendarMark is messages.calendar_reply of m: 0 no calendar's answer, 1
// one, 2 the team's own with words its sender typed.
func calendarMark(m *keepwarm.Message) int64 {
	switch {
	case m.CalendarReply && m.CalendarWords:
		return 2
	case m.CalendarReply:
		return 1
	}
	return 0
}
