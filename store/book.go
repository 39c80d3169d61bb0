package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/book"
)

// CustomerRecord is everything the book knows of one customer.
type CustomerRecord struct {
	keepwarm.Customer
	Tags         []string        `json:"tags"`
	Notes        string          `json:"notes,omitempty"`
	OptedOutAt   *time.Time      `json:"opted_out_at,omitempty"`
	OptOutReason string          `json:"opt_out_reason,omitempty"` // who asked, when an answer opted the customer out as a whole
	Source       string          `json:"source"`
	GradedAt     *time.Time      `json:"graded_at,omitempty"`
	ReviewedAt   *time.Time      `json:"reviewed_at,omitempty"`
	ClaimedAt    *time.Time      `json:"claimed_at,omitempty"`
	PoolDeadline *time.Time      `json:"pool_deadline,omitempty"`
	WonAt        *time.Time      `json:"won_at,omitempty"`
	MergedInto   int64           `json:"merged_into,omitempty"`
	Contacts     []ContactRecord `json:"contacts"`
	Phones       []PhoneRecord   `json:"phones"`
}

// ContactRecord is a contact with the book's fields.
type ContactRecord struct {
	keepwarm.Contact
	Salutation string `json:"salutation"` // as it will be written: the recorded one or "Dear <first name>"
	Custom     bool   `json:"salutation_custom"`
	Language   string `json:"language,omitempty"`
	Birthday   string `json:"birthday,omitempty"`
	// Holidays are the festivals the book marks the contact as keeping.
	Holidays  []string   `json:"holidays,omitempty"`
	BouncedAt *time.Time `json:"bounced_at,omitempty"`
	// CompanyAddress marks a company's further address (purchasing@,
	// info@) entered beside a person's: it gets no personal greetings.
	CompanyAddress bool `json:"company_address,omitempty"`
}

// PhoneRecord is one phone number of a customer.
type PhoneRecord struct {
	Number  string `json:"number" db:"number"`           // E.164
	Name    string `json:"name,omitempty" db:"name"`     // the person, for a phone-only contact
	Contact string `json:"contact,omitempty" db:"email"` // the contact's email
}

// bookRow scans the customer columns the book queries select.
type bookRow struct {
	keepwarm.Customer
	CreatedAt    int64         `db:"created_at"`
	Tags         string        `db:"tags"`
	Notes        string        `db:"notes"`
	OptedOutAt   sql.NullInt64 `db:"opted_out_at"`
	OptOutReason string        `db:"opt_out_reason"`
	Source       string        `db:"source"`
	GradedAt     sql.NullInt64 `db:"graded_at"`
	ReviewedAt   sql.NullInt64 `db:"reviewed_at"`
	ClaimedAt    sql.NullInt64 `db:"claimed_at"`
	PoolDeadline sql.NullInt64 `db:"pool_deadline"`
	WonAt        sql.NullInt64 `db:"won_at"`
	MergedInto   int64         `db:"merged_into"`
}

func (r bookRow) record() CustomerRecord {
	r.Customer.Created = fromUnix(r.CreatedAt)
	return CustomerRecord{
		Customer: r.Customer, Tags: splitList(r.Tags, ","), Notes: r.Notes, OptedOutAt: optTime(r.OptedOutAt),
		OptOutReason: r.OptOutReason, Source: r.Source, GradedAt: optTime(r.GradedAt), ReviewedAt: optTime(r.ReviewedAt),
		ClaimedAt: optTime(r.ClaimedAt), PoolDeadline: optTime(r.PoolDeadline), WonAt: optTime(r.WonAt),
		MergedInto: r.MergedInto,
	}
}

type contactRow struct {
	keepwarm.Contact
	Salutation string        `db:"salutation"`
	Language   string        `db:"language"`
	Birthday   string        `db:"birthday"`
	Holidays   string        `db:"holidays"`
	BouncedAt  sql.NullInt64 `db:"bounced_at"`
	Company    bool          `db:"company_address"`
}

// bookQueryer is what reads need: the read pool, or the writer inside a transaction.
type bookQueryer interface {
	sqlx.QueryerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// Customer returns one customer with contacts and phones, or ENOTFOUND.
func (db *DB) Customer(ctx context.Context, id int64) (CustomerRecord, error) {
	rec, err := customerRecord(ctx, db.r, id)
	if err != nil {
		return CustomerRecord{}, fmt.Errorf("store: customer %d: %w", id, err)
	}
	return rec, nil
}

func customerRecord(ctx context.Context, qr bookQueryer, id int64) (CustomerRecord, error) {
	var r bookRow
	if err := qr.GetContext(ctx, &r, q("book-customer"), id); errors.Is(err, sql.ErrNoRows) {
		return CustomerRecord{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "customer %d not found", id)
	} else if err != nil {
		return CustomerRecord{}, err
	}
	rec := r.record()
	var cs []contactRow
	if err := qr.SelectContext(ctx, &cs, q("book-contacts"), id); err != nil {
		return CustomerRecord{}, err
	}
	rec.Contacts = make([]ContactRecord, len(cs))
	for i, c := range cs {
		rec.Contacts[i] = ContactRecord{
			Contact: c.Contact, Salutation: book.Salutation(c.Salutation, c.Name), Custom: c.Salutation != "",
			Language: c.Language, Birthday: c.Birthday, Holidays: SplitHolidays(c.Holidays), BouncedAt: optTime(c.BouncedAt), CompanyAddress: c.Company,
		}
	}
	rec.Phones = []PhoneRecord{}
	if err := qr.SelectContext(ctx, &rec.Phones, q("book-phones"), id); err != nil {
		return CustomerRecord{}, err
	}
	return rec, nil
}

// FindCustomer resolves what a user typed (an id, "#12", a customer key, a
// contact email, a company domain, a phone number or an exact company name)
// to a surviving customer's id, or ENOTFOUND. defaultRegion reads phones
// written without a country code.
func (db *DB) FindCustomer(ctx context.Context, ref, defaultRegion string) (int64, error) {
	ref = strings.TrimSpace(ref)
	phone, _ := book.NormalizePhone(ref, defaultRegion)
	if strings.Contains(ref, "@") {
		phone = ""
	}
	var hits []struct {
		ID   int64 `db:"id"`
		Rank int   `db:"rank"`
	}
	if err := db.r.SelectContext(ctx, &hits, q("book-find"), ref, phone); err != nil {
		return 0, fmt.Errorf("store: find customer %q: %w", ref, err)
	}
	if len(hits) == 0 {
		return 0, keepwarm.Errorf(keepwarm.ENOTFOUND, "no customer %q: give an id, a contact email, a domain, a phone or the exact company name", ref)
	}
	// Every customer of the best kind of match: a name or a phone that
	// two customers share must not pick one of them unseen (a release or
	// a merge of the wrong namesake has real effects).
	var ids []int64
	for _, h := range hits {
		if h.Rank != hits[0].Rank {
			break
		}
		var id int64
		if err := db.r.GetContext(ctx, &id, q("book-resolve"), h.ID); err != nil {
			return 0, fmt.Errorf("store: find customer %q: %w", ref, err)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) > 1 {
		var labels []string
		for _, id := range ids {
			var c struct {
				Country string `db:"country"`
				Domain  string `db:"domain"`
			}
			if err := db.r.GetContext(ctx, &c, `SELECT country, domain FROM customers WHERE id = ?`, id); err != nil {
				return 0, fmt.Errorf("store: find customer %q: %w", ref, err)
			}
			label := fmt.Sprintf("#%d", id)
			if where := strings.TrimSpace(c.Country + " " + c.Domain); where != "" {
				label += " " + where
			}
			labels = append(labels, label)
		}
		return 0, keepwarm.Errorf(keepwarm.EINVALID, "%q names %d customers (%s): give the #id, an email or the domain",
			ref, len(ids), strings.Join(labels, ", "))
	}
	return ids[0], nil
}

// BookEntry is one line of the customer list.
type BookEntry struct {
	CustomerRecord
	// Contacts are the contact emails, sorted (the full contacts are in
	// Customer's record); it hides CustomerRecord.Contacts in JSON and Go.
	Contacts      []string   `json:"contacts"`
	Threads       int        `json:"threads"`
	Messages      int        `json:"messages"`
	LastInboundAt *time.Time `json:"last_inbound_at"`
	// RepliedAt is the customer's first real answer since it was claimed
	// from the pool; nil when it was not claimed or has not answered.
	RepliedAt *time.Time `json:"replied_at,omitempty"`
}

type bookListRow struct {
	bookRow
	Contacts      sql.NullString `db:"contacts"`
	Threads       int            `db:"threads"`
	Messages      int            `db:"messages"`
	LastInboundAt sql.NullInt64  `db:"last_inbound_at"`
	RepliedAt     sql.NullInt64  `db:"replied_at"`
}

// Book returns every surviving (not merged away) customer: owned ones by
// owner and grade, then the pool.
func (db *DB) Book(ctx context.Context) ([]BookEntry, error) {
	return listBook(ctx, db.r, false, false)
}

// listBook lists the surviving customers, or only those holding a claim,
// or only graded ones.
func listBook(ctx context.Context, qr bookQueryer, claims, graded bool) ([]BookEntry, error) {
	var rows []bookListRow
	if err := qr.SelectContext(ctx, &rows, q("book-list"), claims, graded); err != nil {
		return nil, fmt.Errorf("store: list the customer book: %w", err)
	}
	out := make([]BookEntry, len(rows))
	for i, r := range rows {
		out[i] = BookEntry{
			CustomerRecord: r.record(), Contacts: splitList(r.Contacts.String, "\n"),
			Threads: r.Threads, Messages: r.Messages, LastInboundAt: optTime(r.LastInboundAt), RepliedAt: optTime(r.RepliedAt),
		}
	}
	return out, nil
}

// Claim returns the claim of a pool customer for the rules, and false when
// the customer holds no claim.
func (e BookEntry) Claim() (book.Claim, bool) {
	if e.ClaimedAt == nil || e.PoolDeadline == nil {
		return book.Claim{}, false
	}
	c := book.Claim{ClaimedAt: *e.ClaimedAt, Deadline: *e.PoolDeadline}
	if e.RepliedAt != nil {
		c.RepliedAt = *e.RepliedAt
	}
	if e.WonAt != nil {
		c.WonAt = *e.WonAt
	}
	return c, true
}

// HistoryItem is one message in a customer's history.
type HistoryItem struct {
	ID         int64         `json:"id" db:"id"`
	ThreadID   int64         `json:"thread_id" db:"thread_id"`
	Kind       keepwarm.Kind `json:"kind" db:"kind"`
	From       string        `json:"from" db:"from_email"`
	Subject    string        `json:"subject" db:"subject"`
	ReceivedAt time.Time     `json:"received_at" db:"-"`
	At         int64         `json:"-" db:"received_at"`
	Mailbox    string        `json:"mailbox" db:"mailbox"`
}

// History returns a customer's latest messages, newest first (at most limit).
func (db *DB) History(ctx context.Context, id int64, limit int) ([]HistoryItem, error) {
	var out []HistoryItem
	if err := db.r.SelectContext(ctx, &out, q("book-history"), id, limit); err != nil {
		return nil, fmt.Errorf("store: history of customer %d: %w", id, err)
	}
	for i := range out {
		out[i].ReceivedAt = fromUnix(out[i].At)
	}
	return out, nil
}

func bookUnix(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.Unix()
}
