package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

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
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		s, err := newSaver(ctx, tx, state.SyncedAt)
		if err != nil {
			return err
		}
		defer s.close()
		for i := range batch {
			if err := s.save(&batch[i]); err != nil {
				return fmt.Errorf("message %q (%s/%s uid %d): %w", batch[i].Message.Key,
					batch[i].Copy.Mailbox, batch[i].Copy.Folder, batch[i].Copy.UID, err)
			}
		}
		res = s.result()
		return saveFolder(ctx, tx, state)
	})
	if err != nil {
		return keepwarm.SaveResult{}, fmt.Errorf("store: save batch %s/%s: %w", state.Mailbox, state.Folder, err)
	}
	return res, nil
}

// saver holds one batch transaction's prepared statements and caches.
type saver struct {
	ctx   context.Context
	tx    *sqlx.Tx
	now   time.Time
	stmts map[string]*sql.Stmt

	customers map[string]int64      // customer key -> id, within this batch
	contacts  map[string]contactRef // by email, within this batch

	res     keepwarm.SaveResult
	threads []int64 // threads that received new messages, in first-seen order
	merged  map[int64]int64
}

type contactRef struct {
	id    int64
	named bool // has a non-empty name
}

// saverQueries are the statements a batch prepares up front.
var saverQueries = []string{
	"ingest-copy-exists", "ingest-message-by-key", "ingest-insert-copy", "ingest-earlier-copy",
	"ingest-customer-by-key", "ingest-customer-by-domain", "ingest-insert-customer",
	"ingest-contact-by-email", "ingest-insert-contact", "ingest-contact-name", "ingest-contact-bounced",
	"ingest-insert-message", "ingest-message-contact",
	"thread-by-key", "thread-key-set", "thread-key-add", "thread-by-subject", "thread-insert",
	"thread-set-customer",
}

func newSaver(ctx context.Context, tx *sqlx.Tx, now time.Time) (*saver, error) {
	s := &saver{
		ctx: ctx, tx: tx, now: now,
		stmts:     make(map[string]*sql.Stmt, len(saverQueries)),
		customers: map[string]int64{},
		contacts:  map[string]contactRef{},
		merged:    map[int64]int64{},
	}
	for _, name := range saverQueries {
		st, err := tx.PrepareContext(ctx, q(name))
		if err != nil {
			s.close()
			return nil, fmt.Errorf("prepare %s: %w", name, err)
		}
		s.stmts[name] = st
	}
	return s, nil
}

func (s *saver) close() {
	for _, st := range s.stmts {
		st.Close()
	}
}

func (s *saver) exec(name string, args ...any) (sql.Result, error) {
	return s.stmts[name].ExecContext(s.ctx, args...)
}

func (s *saver) row(name string, args ...any) *sql.Row {
	return s.stmts[name].QueryRowContext(s.ctx, args...)
}

// insertID runs an INSERT and returns the new row's id.
func (s *saver) insertID(name string, args ...any) (int64, error) {
	r, err := s.exec(name, args...)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
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
	var one int
	err := s.row("ingest-copy-exists", c.Mailbox, c.Folder, c.UIDValidity, c.UID).Scan(&one)
	if err == nil {
		return nil // stored by an earlier run: a refetch after a restart
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	at := receivedAt(m, c, s.now)
	var id, firstAt int64
	err = s.row("ingest-message-by-key", m.Key).Scan(&id, &firstAt)
	switch {
	case err == nil:
		if _, err := s.exec("ingest-insert-copy", c.Mailbox, c.Folder, c.UIDValidity, c.UID, id, unix(at)); err != nil {
			return err
		}
		if unix(at) < firstAt {
			if _, err := s.exec("ingest-earlier-copy", unix(at), c.Mailbox, string(c.Role), id, unix(at)); err != nil {
				return err
			}
		}
		s.res.Copies++
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	return s.insertNew(m, c, at)
}

// receivedAt is when this copy arrived: its INTERNALDATE, else the Date
// header, else now.
func receivedAt(m *keepwarm.Message, c *keepwarm.Copy, now time.Time) time.Time {
	switch {
	case !c.InternalDate.IsZero():
		return c.InternalDate
	case !m.Date.IsZero():
		return m.Date
	}
	return now
}

func (s *saver) insertNew(m *keepwarm.Message, c *keepwarm.Copy, at time.Time) error {
	var customerID sql.NullInt64
	var contactIDs []int64
	if m.CustomerKey != "" {
		id, err := s.customer(m.CustomerKey)
		if err != nil {
			return err
		}
		customerID = sql.NullInt64{Int64: id, Valid: true}
		for _, a := range m.Contacts {
			cid, err := s.contact(id, a.Email, a.Name)
			if err != nil {
				return err
			}
			if cid != 0 {
				contactIDs = append(contactIDs, cid)
			}
		}
	}
	threadID, err := s.thread(m, customerID, unix(at))
	if err != nil {
		return err
	}
	id, err := s.insertID("ingest-insert-message",
		m.Key, m.MessageID, threadID, customerID, string(m.Kind),
		strings.ToLower(m.From.Email), m.From.Name, joinEmails(m.To), joinEmails(m.Cc), m.Subject,
		nullableUnix(m.Date), unix(at), c.Mailbox, string(c.Role), m.Size,
		m.Snippet, rawHeader(m.RawHeader), strings.Join(m.InReplyTo, " "), strings.Join(m.References, " "), m.ThreadIndex,
		m.ThreadTopic, strings.ToLower(m.BouncedRecipient), nullableUnix(m.AutoReplyUntil), m.ParseError)
	if err != nil {
		return err
	}
	if _, err := s.exec("ingest-insert-copy", c.Mailbox, c.Folder, c.UIDValidity, c.UID, id, unix(at)); err != nil {
		return err
	}
	for _, cid := range contactIDs {
		if _, err := s.exec("ingest-message-contact", id, cid); err != nil {
			return err
		}
	}
	if m.BouncedRecipient != "" {
		if err := s.bounce(m, unix(at)); err != nil {
			return err
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

// customer returns the id of the customer with key, creating it. A
// "domain:acme.com" customer is named and keyed by its domain; any other
// kind ("addr:bob@gmail.com") is named by what follows the colon.
func (s *saver) customer(key string) (int64, error) {
	if id, ok := s.customers[key]; ok {
		return id, nil
	}
	var id int64
	err := s.row("ingest-customer-by-key", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
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
	s.customers[key] = id
	return id, nil
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
		err := s.row("ingest-contact-by-email", email).Scan(&ref.id, &known)
		if errors.Is(err, sql.ErrNoRows) {
			ref.id, err = s.insertID("ingest-insert-contact", customerID, email, name, unix(s.now))
			known = name
		}
		if err != nil {
			return 0, fmt.Errorf("contact %s: %w", email, err)
		}
		ref.named = known != ""
	}
	if !ref.named && name != "" {
		if _, err := s.exec("ingest-contact-name", name, ref.id); err != nil {
			return 0, fmt.Errorf("contact %s: %w", email, err)
		}
		ref.named = true
	}
	s.contacts[email] = ref
	return ref.id, nil
}

// bounce marks the failed recipient of a bounce as bad, creating the contact
// when it is not known yet: under the bounce's customer, else the customer of
// its domain, else a customer of its own.
func (s *saver) bounce(m *keepwarm.Message, at int64) error {
	email := strings.ToLower(strings.TrimSpace(m.BouncedRecipient))
	var id int64
	err := s.row("ingest-contact-by-email", email).Scan(&id, new(string))
	if errors.Is(err, sql.ErrNoRows) {
		var customerID int64
		customerID, err = s.bounceCustomer(m.CustomerKey, email)
		if err != nil {
			return err
		}
		id, err = s.contact(customerID, email, "")
	}
	if err != nil {
		return fmt.Errorf("bounced recipient %s: %w", email, err)
	}
	if _, err := s.exec("ingest-contact-bounced", at, id); err != nil {
		return fmt.Errorf("bounced recipient %s: %w", email, err)
	}
	return nil
}

func (s *saver) bounceCustomer(key, email string) (int64, error) {
	if key != "" {
		return s.customer(key)
	}
	if _, domain, ok := strings.Cut(email, "@"); ok && domain != "" {
		var id int64
		err := s.row("ingest-customer-by-domain", domain).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	return s.customer("addr:" + email)
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
