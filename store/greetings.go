package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// recipientRow is one row of greetings-recipients.
type recipientRow struct {
	keepwarm.Customer
	CreatedAt        int64         `db:"created_at"`
	Tags             string        `db:"tags"`
	CustomerOptedOut bool          `db:"customer_opted_out"`
	FromBook         bool          `db:"from_book"`
	CustomerInBook   bool          `db:"customer_in_book"`
	Holidays         string        `db:"holidays"`
	ContactID        int64         `db:"contact_id"`
	ContactEmail     string        `db:"contact_email"`
	ContactName      string        `db:"contact_name"`
	Salutation       string        `db:"salutation"`
	ContactLanguage  string        `db:"contact_language"`
	Birthday         string        `db:"birthday"`
	Bounced          bool          `db:"bounced"`
	LeftCompany      bool          `db:"left_company"`
	OptedOut         bool          `db:"opted_out"`
	Wrote            int           `db:"wrote"`
	LastWrote        int64         `db:"last_wrote"`
	LastSeen         sql.NullInt64 `db:"last_seen"`
	LastWrittenAt    int64         `db:"last_written_at"`
	CompanyAddress   bool          `db:"company_address"`
	OwnText          string        `db:"own_text"`
	OwnTo            string        `db:"own_to"`
	OwnContacts      string        `db:"own_contacts"`
	OwnTextPending   bool          `db:"own_text_pending"`
	WaitingSince     int64         `db:"waiting_since"`
	FollowUp         int64         `db:"follow_up"`
	FollowUpSince    int64         `db:"follow_up_since"`
	FollowUpRunning  bool          `db:"follow_up_running"`
	FollowUpPausedTo int64         `db:"follow_up_paused_until"`
}

// GreetingRecipients returns every contact of every customer not merged
// away, with what greetings and monthly letters need to decide and to
// personalise. It reads only.
func (db *DB) GreetingRecipients(ctx context.Context) ([]keepwarm.Recipient, error) {
	return db.greetingRecipients(ctx, 0)
}

// GreetingRecipientsOf is GreetingRecipients for one customer's contacts
// (none when the customer is merged away or gone): the send's last look at
// one greeting reads one customer, not the whole book.
func (db *DB) GreetingRecipientsOf(ctx context.Context, customerID int64) ([]keepwarm.Recipient, error) {
	if customerID <= 0 {
		return nil, nil
	}
	return db.greetingRecipients(ctx, customerID)
}

func (db *DB) greetingRecipients(ctx context.Context, customerID int64) ([]keepwarm.Recipient, error) {
	var rows []recipientRow
	if err := db.r.SelectContext(ctx, &rows, q("greetings-recipients"), customerID); err != nil {
		return nil, fmt.Errorf("store: greeting recipients: %w", err)
	}
	out := make([]keepwarm.Recipient, len(rows))
	for i, r := range rows {
		r.Customer.Created = fromUnix(r.CreatedAt)
		rec := keepwarm.Recipient{
			Customer:   r.Customer,
			Contact:    keepwarm.Contact{ID: r.ContactID, CustomerID: r.Customer.ID, Email: r.ContactEmail, Name: r.ContactName},
			Salutation: r.Salutation, Language: r.ContactLanguage, Birthday: r.Birthday,
			OptedOut: r.OptedOut, CustomerOptedOut: r.CustomerOptedOut, Bounced: r.Bounced, LeftCompany: r.LeftCompany,
			FromBook: r.FromBook, CustomerInBook: r.CustomerInBook, Holidays: SplitHolidays(r.Holidays), Wrote: r.Wrote, CompanyAddress: r.CompanyAddress, OwnText: r.OwnText,
			OwnTextPending: r.OwnTextPending, OwnGreeted: firstContactIn(r.OwnTo, r.OwnContacts, r.ContactEmail),
			OwnAlone: onlyContactIn(r.OwnTo, r.OwnContacts, r.ContactEmail),
			FollowUp: r.FollowUp, FollowUpSince: fromUnix(r.FollowUpSince),
			FollowUpPaused: r.FollowUp != 0 && !r.FollowUpRunning,
		}
		if r.FollowUpPausedTo > 0 {
			rec.FollowUpPausedUntil = fromUnix(r.FollowUpPausedTo)
		}
		for _, t := range strings.Split(r.Tags, ",") {
			if t = strings.TrimSpace(t); t != "" {
				rec.Products = append(rec.Products, t)
			}
		}
		if r.LastWrote > 0 {
			rec.LastWrote = fromUnix(r.LastWrote)
		}
		if r.LastSeen.Valid {
			rec.LastSeen = fromUnix(r.LastSeen.Int64)
		}
		if r.LastWrittenAt > 0 {
			rec.LastWrittenAt = fromUnix(r.LastWrittenAt)
		}
		if r.WaitingSince > 0 {
			rec.WaitingSince = fromUnix(r.WaitingSince)
		}
		out[i] = rec
	}
	return out, nil
}

// SplitHolidays reads a contact's holidays column ("eid-al-fitr;diwali").
func SplitHolidays(s string) []string {
	var out []string
	for _, h := range strings.Split(s, ";") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// firstContactIn says whether email is the first of the message's contacts
// (contacts, comma-separated) in its To (to, comma-separated): whom its
// opening line greeted.
func firstContactIn(to, contacts, email string) bool {
	on := map[string]bool{}
	for _, c := range strings.Split(contacts, ",") {
		on[strings.ToLower(strings.TrimSpace(c))] = true
	}
	for _, a := range strings.Split(to, ",") {
		if a = strings.ToLower(strings.TrimSpace(a)); a != "" && on[a] {
			return strings.EqualFold(a, strings.TrimSpace(email))
		}
	}
	return false
}

// onlyContactIn says whether email is the only one of the message's
// contacts (contacts, comma-separated) in its To (to, comma-separated).
func onlyContactIn(to, contacts, email string) bool {
	on := map[string]bool{}
	for _, c := range strings.Split(contacts, ",") {
		on[strings.ToLower(strings.TrimSpace(c))] = true
	}
	var n int
	for _, a := range strings.Split(to, ",") {
		if a = strings.ToLower(strings.TrimSpace(a)); a != "" && on[a] {
			if !strings.EqualFold(a, strings.TrimSpace(email)) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// WaitingSince is when the latest of the customer's mail still waiting for
// the team's answer arrived (the start of its open reply clock); zero when
// none waits. It reads only.
func (db *DB) WaitingSince(ctx context.Context, customerID int64) (time.Time, error) {
	var at int64
	if err := db.r.GetContext(ctx, &at, q("greetings-waiting-since"), customerID); err != nil {
		return time.Time{}, fmt.Errorf("store: mail of customer %d waiting for an answer: %w", customerID, err)
	}
	if at == 0 {
		return time.Time{}, nil
	}
	return fromUnix(at), nil
}

// GreetingOutbox returns the outbox items with the given keys, by key.
func (db *DB) GreetingOutbox(ctx context.Context, keys []string) (map[string]keepwarm.OutboxItem, error) {
	out := map[string]keepwarm.OutboxItem{}
	if len(keys) == 0 {
		return out, nil
	}
	arg, err := json.Marshal(keys)
	if err != nil {
		return nil, fmt.Errorf("store: greeting outbox: %w", err)
	}
	items, err := db.selectOutbox(ctx, "by keys", q("greetings-outbox-by-keys"), string(arg))
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		out[it.Key] = it
	}
	return out, nil
}

// EnqueueGreeting records a greeting or letter and writes its outbox item in
// one transaction. The greetings table's unique indexes allow one greeting
// per (contact, occasion, year) and one letter per (customer, month); when
// the record or the outbox key exists already nothing is written, created
// is false, and the existing outbox item is returned.
func (db *DB) EnqueueGreeting(ctx context.Context, rec keepwarm.GreetingRecord, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	return db.enqueueGreeting(ctx, rec, item, "")
}

// SkipGreeting is EnqueueGreeting whose outbox item is written skipped, with
// why, in the same transaction: a greeting stopped before its time is never
// left queued, whatever fails. When the record or key exists already
// nothing is written and created is false, as EnqueueGreeting.
func (db *DB) SkipGreeting(ctx context.Context, rec keepwarm.GreetingRecord, item keepwarm.OutboxItem, why string) (keepwarm.OutboxItem, bool, error) {
	if why == "" {
		return keepwarm.OutboxItem{}, false, keepwarm.Errorf(keepwarm.EINVALID, "store: skip greeting %q: no reason", item.Key)
	}
	return db.enqueueGreeting(ctx, rec, item, why)
}

func (db *DB) enqueueGreeting(ctx context.Context, rec keepwarm.GreetingRecord, item keepwarm.OutboxItem, skip string) (keepwarm.OutboxItem, bool, error) {
	if rec.OutboxKey != item.Key {
		return keepwarm.OutboxItem{}, false, keepwarm.Errorf(keepwarm.EINVALID, "store: greeting record key %q differs from outbox key %q", rec.OutboxKey, item.Key)
	}
	if rec.Kind != "greeting" && rec.Kind != "letter" {
		return keepwarm.OutboxItem{}, false, keepwarm.Errorf(keepwarm.EINVALID, "store: greeting %q: unknown kind %q", rec.OutboxKey, rec.Kind)
	}
	row, err := outboxRowFor(item)
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue greeting %q: %w", item.Key, err)
	}
	var created bool
	var got outboxRow
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("greetings-insert"), rec.Kind, rec.CustomerID, rec.ContactID,
			rec.Occasion, rec.Year, rec.Month, rec.OutboxKey, unix(rec.CreatedAt), rec.Template, rec.TemplateHash, rec.SecondOn)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			// Sent before (maybe under another key): keep what is there.
			if err == nil {
				err = tx.GetContext(ctx, &got, q("outbox-by-key"), item.Key)
			}
			return err
		}
		got, created, err = insertOutbox(ctx, tx, row)
		if err != nil || !created || skip == "" {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("web-outbox-skip"), skip, nil, got.ID); err != nil {
			return err
		}
		return tx.GetContext(ctx, &got, q("outbox-by-key"), item.Key)
	})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue greeting %q: %w", item.Key, err)
	}
	if got.ID == 0 {
		return keepwarm.OutboxItem{}, false, nil
	}
	it, err := got.item()
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue greeting %q: %w", item.Key, err)
	}
	return it, created, nil
}

// GreetingByKey reads the greeting or letter recorded under an outbox key;
// an ENOTFOUND error when there is none.
func (db *DB) GreetingByKey(ctx context.Context, key string) (keepwarm.GreetingRecord, error) {
	var r struct {
		Kind     string `db:"kind"`
		Customer int64  `db:"customer_id"`
		Contact  int64  `db:"contact_id"`
		Occasion string `db:"occasion"`
		Year     int    `db:"year"`
		Month    string `db:"month"`
		Key      string `db:"outbox_key"`
		Created  int64  `db:"created_at"`
		Template string `db:"template"`
		Hash     string `db:"template_hash"`
		SecondOn string `db:"second_on"`
	}
	if err := db.r.GetContext(ctx, &r, q("greetings-by-key"), key); errors.Is(err, sql.ErrNoRows) {
		return keepwarm.GreetingRecord{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "store: no greeting %q", key)
	} else if err != nil {
		return keepwarm.GreetingRecord{}, fmt.Errorf("store: greeting %q: %w", key, err)
	}
	return keepwarm.GreetingRecord{Kind: r.Kind, CustomerID: r.Customer, ContactID: r.Contact, Occasion: r.Occasion,
		Year: r.Year, Month: r.Month, OutboxKey: r.Key, CreatedAt: fromUnix(r.Created), Template: r.Template, TemplateHash: r.Hash, SecondOn: r.SecondOn}, nil
}

// ForgetGreeting lets the greeting or letter under key be planned again:
// its record goes and the outbox item id (about to be skipped) takes a key
// of its own, so the next plan queues it afresh (another owner's mailbox,
// a fixed template).
func (db *DB) ForgetGreeting(ctx context.Context, key string, id int64) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q("greetings-forget"), key); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, q("greetings-rekey"), key, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: forget greeting %q: %w", key, err)
	}
	return nil
}
