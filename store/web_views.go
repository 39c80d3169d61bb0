package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/book"
)

// The web's reads and the few writes the CLI has no function for. Every
// one is scoped by a Viewer in its SQL: another salesperson's customer is
// not found, never filtered out afterwards.

// VisibleCustomer returns ENOTFOUND unless the viewer may see customer id
// (theirs, in the pool, one of an owner they cover for (Viewer.Covers), or
// any for a manager; never a merged-away one).
func (db *DB) VisibleCustomer(ctx context.Context, v Viewer, id int64) error {
	email, mgr := v.args()
	var got int64
	err := db.r.GetContext(ctx, &got, q("web-visible"), id, email, mgr, v.covers())
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.Errorf(keepwarm.ENOTFOUND, "customer %d not found", id)
	}
	if err != nil {
		return fmt.Errorf("store: customer %d: %w", id, err)
	}
	return nil
}

// CustomerHit is one customer in a search result or the pool list.
type CustomerHit struct {
	ID      int64  `json:"id" db:"id"`
	Key     string `json:"key" db:"key"`
	Name    string `json:"name" db:"name"`
	Domain  string `json:"domain" db:"domain"`
	Owner   string `json:"owner" db:"owner"`
	Grade   string `json:"grade" db:"grade"`
	Country string `json:"country" db:"country"`
}

// SearchCustomers finds the viewer's customers (the pool's, and those of the
// owners the viewer covers for) whose name, domain, key, contact address or
// name contains text, or one of whose phone numbers contains its digits (at
// least 4 of them): the viewer's own first, then the covered ones.
func (db *DB) SearchCustomers(ctx context.Context, v Viewer, text string, limit int) ([]CustomerHit, error) {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" {
		return nil, nil
	}
	var digits strings.Builder
	for _, r := range text {
		if r < unicode.MaxASCII && unicode.IsDigit(r) {
			digits.WriteRune(r)
		}
	}
	d := digits.String()
	if len(d) < 4 {
		d = ""
	}
	wide := 0 // names are folded beyond ASCII (web-search)
	if cased(text) {
		wide = 1
	}
	email, mgr := v.args()
	out := []CustomerHit{}
	if err := db.r.SelectContext(ctx, &out, q("web-search"), text, email, mgr, d, limit, v.covers(), wide); err != nil {
		return nil, fmt.Errorf("store: search customers: %w", err)
	}
	return out, nil
}

// PoolCustomers lists limit of the public pool's customers by name from
// offset on, and how many the pool holds.
func (db *DB) PoolCustomers(ctx context.Context, limit, offset int) ([]CustomerHit, int, error) {
	out := []CustomerHit{}
	if err := db.r.SelectContext(ctx, &out, q("web-pool"), limit, offset); err != nil {
		return nil, 0, fmt.Errorf("store: pool customers: %w", err)
	}
	var n int
	if err := db.r.GetContext(ctx, &n, q("web-pool-count")); err != nil {
		return nil, 0, fmt.Errorf("store: pool size: %w", err)
	}
	return out, n, nil
}

// WebMessage is a message as a customer's page lists it.
type WebMessage struct {
	ID            int64         `json:"id" db:"id"`
	ThreadID      int64         `json:"thread_id" db:"thread_id"`
	ThreadSubject string        `json:"thread_subject" db:"thread_subject"`
	Kind          keepwarm.Kind `json:"kind" db:"kind"`
	FromEmail     string        `json:"from_email" db:"from_email"`
	FromName      string        `json:"from_name" db:"from_name"`
	Subject       string        `json:"subject" db:"subject"`
	Unix          int64         `json:"-" db:"received_at"`
	ReceivedAt    time.Time     `json:"received_at" db:"-"`
	Snippet       string        `json:"snippet" db:"snippet"`
	TextPending   bool          `json:"text_pending,omitempty" db:"text_pending"` // the text is not fetched yet
	Mailbox       string        `json:"mailbox" db:"mailbox"`
	MessageID     string        `json:"message_id" db:"message_id"`
	CustomerID    int64         `json:"customer_id" db:"customer_id"`
	// OwnCustomerID is the message's own customer when VisibleMessage
	// reads it (CustomerID is its thread's; they differ for a forwarder's
	// Reply-all or a buyer's private address in another customer's thread).
	OwnCustomerID int64 `json:"-" db:"own_customer_id"`
	// MeetingAnswer: a calendar's answer to a meeting invitation with no
	// words typed (a notice marked calendar_reply).
	MeetingAnswer bool `json:"meeting_answer,omitempty" db:"meeting_answer"`
	// Of CustomerMessages: how many messages the message's thread holds,
	// and how many threads its customer has, shown or not.
	ThreadMessages int `json:"-" db:"thread_messages"`
	Threads        int `json:"-" db:"threads"`
}

// CustomerMessages lists the messages of a visible customer's threads,
// the most recently active thread first, each thread's messages in order:
// the newest perThread of each thread, of the threads most recently active
// at most threads.
func (db *DB) CustomerMessages(ctx context.Context, v Viewer, customerID int64, perThread, threads int) ([]WebMessage, error) {
	email, mgr := v.args()
	out := []WebMessage{}
	if err := db.r.SelectContext(ctx, &out, q("web-messages"), customerID, email, mgr, perThread, v.covers(), threads); err != nil {
		return nil, fmt.Errorf("store: messages of customer %d: %w", customerID, err)
	}
	for i := range out {
		out[i].ReceivedAt, out[i].CustomerID = fromUnix(out[i].Unix), customerID
	}
	return out, nil
}

// VisibleMessage returns one message of a customer the viewer may see, or ENOTFOUND.
func (db *DB) VisibleMessage(ctx context.Context, v Viewer, id int64) (WebMessage, error) {
	email, mgr := v.args()
	var m WebMessage
	err := db.r.GetContext(ctx, &m, q("web-message"), id, email, mgr, v.covers(), v.standIn())
	if errors.Is(err, sql.ErrNoRows) {
		return m, keepwarm.Errorf(keepwarm.ENOTFOUND, "message %d not found", id)
	}
	if err != nil {
		return m, fmt.Errorf("store: message %d: %w", id, err)
	}
	m.ReceivedAt = fromUnix(m.Unix)
	return m, nil
}

// OrderRecord is one order of a customer.
type OrderRecord struct {
	ID       int64     `json:"id" db:"id"`
	Unix     int64     `json:"-" db:"ordered_at"`
	At       time.Time `json:"ordered_at" db:"-"`
	Cents    int64     `json:"cents" db:"cents"`
	Currency string    `json:"currency" db:"currency"`
	Ref      string    `json:"ref" db:"ref"`
}

// CustomerOrders lists a visible customer's orders, newest first.
func (db *DB) CustomerOrders(ctx context.Context, v Viewer, customerID int64) ([]OrderRecord, error) {
	email, mgr := v.args()
	out := []OrderRecord{}
	if err := db.r.SelectContext(ctx, &out, q("web-orders"), customerID, email, mgr, v.covers()); err != nil {
		return nil, fmt.Errorf("store: orders of customer %d: %w", customerID, err)
	}
	for i := range out {
		out[i].At = fromUnix(out[i].Unix)
	}
	return out, nil
}

// owned runs a scoped "may the viewer change this" query returning the
// customer the thing belongs to, or ENOTFOUND.
// more are the query's arguments after the viewer's (?4 on).
func (db *DB) owned(ctx context.Context, name, what string, v Viewer, id int64, more ...any) (int64, error) {
	email, mgr := v.args()
	var row struct {
		ID         int64 `db:"id"`
		CustomerID int64 `db:"customer_id"`
	}
	err := db.r.GetContext(ctx, &row, q(name), append([]any{id, email, mgr}, more...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, keepwarm.Errorf(keepwarm.ENOTFOUND, "%s %d not found", what, id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	return row.CustomerID, nil
}

// TaskCustomer returns the customer of a task the viewer may close (their
// own, or of a colleague in v.Covers; any for a manager), or ENOTFOUND.
func (db *DB) TaskCustomer(ctx context.Context, v Viewer, id int64) (int64, error) {
	return db.owned(ctx, "web-task", "task", v, id, v.covers())
}

// EnrollmentCustomer returns the customer of an enrollment the viewer may
// change (sent in their name or for their customer; any for a manager),
// or ENOTFOUND.
func (db *DB) EnrollmentCustomer(ctx context.Context, v Viewer, id int64) (int64, error) {
	return db.owned(ctx, "web-enrollment", "enrollment", v, id)
}

// OutboxCustomer returns the customer of an outbox item for one of the
// viewer's customers, or ENOTFOUND.
func (db *DB) OutboxCustomer(ctx context.Context, v Viewer, id int64) (int64, error) {
	return db.owned(ctx, "web-outbox-item", "outbox item", v, id)
}

// DueEnrollments lists the live enrollments sent in the viewer's name (all
// for a manager) whose next step falls before until; customerID 0 = any.
func (db *DB) DueEnrollments(ctx context.Context, v Viewer, customerID int64, until time.Time) ([]keepwarm.Enrollment, error) {
	email, mgr := v.args()
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("web-enrollments-due"), customerID, email, mgr, unix(until)); err != nil {
		return nil, fmt.Errorf("store: due enrollments: %w", err)
	}
	return enrollments(rows)
}

// PausedEnrollments lists the follow-ups sent in the viewer's name (all
// for a manager) paused with no end: nothing goes out until a person
// resumes them, whatever their due time says.
func (db *DB) PausedEnrollments(ctx context.Context, v Viewer) ([]keepwarm.Enrollment, error) {
	email, mgr := v.args()
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("web-enrollments-paused"), email, mgr); err != nil {
		return nil, fmt.Errorf("store: paused enrollments: %w", err)
	}
	return enrollments(rows)
}

// ElsewhereEnrollments lists the live follow-ups sent in the viewer's name
// to customers whose page is not open to the viewer (VisibleCustomer's
// rule): handed to a colleague, or merged away. A manager sees every page,
// so none is listed for one.
func (db *DB) ElsewhereEnrollments(ctx context.Context, v Viewer) ([]keepwarm.Enrollment, error) {
	if v.Manager {
		return nil, nil
	}
	email, _ := v.args()
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("web-enrollments-elsewhere"), email, v.covers()); err != nil {
		return nil, fmt.Errorf("store: follow-ups to customers elsewhere: %w", err)
	}
	return enrollments(rows)
}

// FailedEnrollments lists the follow-ups sent in the viewer's name or to
// the viewer's customers (all for a manager) that a failed send stopped,
// newest first.
func (db *DB) FailedEnrollments(ctx context.Context, v Viewer) ([]keepwarm.Enrollment, error) {
	email, mgr := v.args()
	var rows []enrollmentRow
	if err := db.r.SelectContext(ctx, &rows, q("web-enrollments-failed"), email, mgr); err != nil {
		return nil, fmt.Errorf("store: failed enrollments: %w", err)
	}
	return enrollments(rows)
}

// ViewerOutbox lists the outbox items of the viewer's customers (all for a
// manager) in the given statuses due before until; customerID 0 = any.
func (db *DB) ViewerOutbox(ctx context.Context, v Viewer, customerID int64, until time.Time, statuses ...keepwarm.OutboxStatus) ([]keepwarm.OutboxItem, error) {
	parts := make([]string, len(statuses))
	for i, s := range statuses {
		parts[i] = string(s)
	}
	email, mgr := v.args()
	return db.selectOutbox(ctx, "of viewer", q("web-outbox"), customerID, email, mgr, ","+strings.Join(parts, ",")+",", unix(until))
}

// StaleDrafts lists the viewer's drafts keepwarm filed that nobody should
// send any more but that it could not take out of Drafts since since
// (kept or edited: see AnsweredDrafts and SettleDraft), until a person
// says they dealt with them (SettleOutbox).
func (db *DB) StaleDrafts(ctx context.Context, v Viewer, since time.Time) ([]keepwarm.OutboxItem, error) {
	email, mgr := v.args()
	return db.selectOutbox(ctx, "stale drafts", q("web-stale-drafts"), email, mgr, unix(since))
}

// RecipientStopped reports whether nobody should send an outbox item any
// more: its customer or a To address opted out, or an address bounced.
// An item no longer stored is not.
func (db *DB) RecipientStopped(ctx context.Context, outboxID int64) (bool, error) {
	var stopped bool
	err := db.r.GetContext(ctx, &stopped, q("web-recipient-stopped"), outboxID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: outbox %d recipient stopped: %w", outboxID, err)
	}
	return stopped, nil
}

// ContactState is a contact's editable fields.
type ContactState struct {
	ID         int64  `db:"id"`
	CustomerID int64  `db:"customer_id"`
	Email      string `db:"email"`
	Salutation string `db:"salutation"`
	Language   string `db:"language"`
	BouncedAt  int64  `db:"bounced_at"`
	OptedOut   bool   `db:"opted_out"`
	// OptOutAsked: the opt-out came from the customer's own mail; only a
	// manager may clear it.
	OptOutAsked bool `db:"opt_out_asked"`
}

// Contact returns a contact of one of the viewer's customers (any for a
// manager), or ENOTFOUND. Pool customers' contacts are not editable.
func (db *DB) Contact(ctx context.Context, v Viewer, id int64) (ContactState, error) {
	email, mgr := v.args()
	var c ContactState
	err := db.r.GetContext(ctx, &c, q("web-contact"), id, email, mgr)
	if errors.Is(err, sql.ErrNoRows) {
		return c, keepwarm.Errorf(keepwarm.ENOTFOUND, "contact %d not found", id)
	}
	if err != nil {
		return c, fmt.Errorf("store: contact %d: %w", id, err)
	}
	return c, nil
}

// ContactChange is an edit of one contact; nil fields stay as they are.
type ContactChange struct {
	Salutation *string
	Language   *string
	Bounced    *bool
	OptedOut   *bool
	AddPhone   string // a number to add, read in the customer's country
	// ClearAsked: the person clearing the opt-out saw it as the customer's
	// own request. An opt-out the customer asked for is cleared only so
	// (and only by a manager): one that came after the person's page was
	// opened is refused, never cleared in passing.
	ClearAsked bool
}

// SetContact applies a person's edit of a contact: the salutation, the
// language, the bounced and opted-out flags, and a new phone number
// (normalised as the import does, refused when another customer has it;
// the refusal names that customer only when v may see it). Clearing
// "bounced" lets sequences write to the address again. v is who edits.
func (db *DB) SetContact(ctx context.Context, id int64, ch ContactChange, now time.Time, v Viewer) error {
	by := v.Email
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var c ContactState
		if err := tx.GetContext(ctx, &c, q("web-contact"), id, "", 1); errors.Is(err, sql.ErrNoRows) {
			return keepwarm.Errorf(keepwarm.ENOTFOUND, "contact %d not found", id)
		} else if err != nil {
			return err
		}
		sal, lang := c.Salutation, c.Language
		if ch.Salutation != nil {
			sal = strings.TrimSpace(*ch.Salutation)
			if err := checkSalutation(sal); err != nil {
				return err
			}
		}
		if ch.Language != nil {
			lang = strings.ToLower(strings.TrimSpace(*ch.Language))
			if lang != "" && !validLanguage(lang) {
				return keepwarm.Errorf(keepwarm.EINVALID, "language %q: give a language code such as en, de, pt or zh", lang)
			}
		}
		var bounced any
		if c.BouncedAt != 0 {
			bounced = c.BouncedAt
		}
		if ch.Bounced != nil {
			switch {
			case *ch.Bounced && c.BouncedAt == 0:
				bounced = unix(now)
			case !*ch.Bounced:
				bounced = nil
			}
		}
		if _, err := tx.ExecContext(ctx, q("web-contact-set"), id, sal, lang, bounced); err != nil {
			return err
		}
		if ch.Salutation != nil {
			// An import keeps it, an empty one too.
			if _, err := tx.ExecContext(ctx, q("book-contact-salutation-by-hand"), id); err != nil {
				return err
			}
		}
		if ch.OptedOut != nil && *ch.OptedOut != c.OptedOut {
			var err error
			if *ch.OptedOut {
				_, err = tx.ExecContext(ctx, q("seq-opt-out"), c.Email, 0, "marked by "+by, unix(now))
			} else {
				if c.OptOutAsked && !v.Manager {
					return keepwarm.Errorf(keepwarm.ECONFLICT, "%s asked in their own mail not to be written to: only a manager can clear it", c.Email)
				}
				if c.OptOutAsked && !ch.ClearAsked {
					return keepwarm.Errorf(keepwarm.ECONFLICT, "%s asked in their own mail not to be written to, after this page was opened: nothing was saved; reload the page", c.Email)
				}
				// The customer's opt-out as a whole that the same mail
				// recorded goes with it: the person who asked for the
				// company takes it back ("a mistake, keep writing").
				if _, err = tx.ExecContext(ctx, q("web-opt-in-company"), c.Email, c.CustomerID); err == nil {
					_, err = tx.ExecContext(ctx, q("web-opt-in"), c.Email)
				}
			}
			if err != nil {
				return err
			}
		}
		if p := strings.TrimSpace(ch.AddPhone); p != "" {
			var country string
			if err := tx.GetContext(ctx, &country, `SELECT country FROM customers WHERE id = ?`, c.CustomerID); err != nil {
				return err
			}
			num, err := book.NormalizePhone(p, country)
			if err != nil {
				if country == "" && !strings.HasPrefix(p, "+") && !strings.HasPrefix(p, "00") {
					return keepwarm.Errorf(keepwarm.EINVALID, "phone %q has no country code and the customer no country: write it as +<country code> %s", p, p)
				}
				return keepwarm.Errorf(keepwarm.EINVALID, "phone %q is not a phone number", p)
			}
			var owner int64
			err = tx.GetContext(ctx, &owner, `SELECT customer_id FROM phones WHERE number = ?`, num)
			if err == nil {
				email, mgr := v.args()
				var seen int64
				switch err := tx.GetContext(ctx, &seen, q("web-visible"), owner, email, mgr, v.covers()); {
				case err == nil:
					return keepwarm.Errorf(keepwarm.ECONFLICT, "phone %s belongs to customer %d already", num, owner)
				case errors.Is(err, sql.ErrNoRows):
					return keepwarm.Errorf(keepwarm.ECONFLICT, "this phone number is already in the book")
				default:
					return err
				}
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if _, err := tx.ExecContext(ctx, q("book-insert-phone"), c.CustomerID, c.ID, num, "", unix(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set contact %d: %w", id, err)
	}
	return nil
}

// OptedOutContacts returns the addresses of a customer's contacts that
// opted out, each true when the customer asked in their own mail (only a
// manager may clear that one) and false when a person ticked it.
func (db *DB) OptedOutContacts(ctx context.Context, customerID int64) (map[string]bool, error) {
	var rows []struct {
		Email string `db:"email"`
		Asked bool   `db:"asked"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("web-opted-out"), customerID); err != nil {
		return nil, fmt.Errorf("store: opted-out contacts of %d: %w", customerID, err)
	}
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r.Email] = r.Asked
	}
	return out, nil
}

// validLanguage accepts a BCP 47 primary tag with an optional region:
// "en", "pt-br", "zh-hans".
func validLanguage(s string) bool {
	primary, rest, _ := strings.Cut(s, "-")
	if len(primary) < 2 || len(primary) > 3 || len(rest) > 8 {
		return false
	}
	for _, r := range primary + rest {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// SkipQueued drops an outbox item that is still queued, with the reason,
// at now (its EndedAt); ECONFLICT when it is already being sent or done.
func (db *DB) SkipQueued(ctx context.Context, id int64, reason string, now time.Time) error {
	return db.markOutbox(ctx, "skipped", id, q("web-outbox-skip"), reason, unix(now), id)
}
