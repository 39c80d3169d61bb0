package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"keepwarm"
)

// CustomerSummary is a customer with what the store knows of its mail.
type CustomerSummary struct {
	keepwarm.Customer
	Contacts       []string   `json:"contacts"` // contact emails, sorted
	Threads        int        `json:"threads"`
	Messages       int        `json:"messages"`
	LastInboundAt  *time.Time `json:"last_inbound_at"`
	LastOutboundAt *time.Time `json:"last_outbound_at"`
}

type customerRow struct {
	keepwarm.Customer
	CreatedAt      int64          `db:"created_at"`
	Contacts       sql.NullString `db:"contacts"`
	Threads        int            `db:"threads"`
	Messages       int            `db:"messages"`
	LastInboundAt  sql.NullInt64  `db:"last_inbound_at"`
	LastOutboundAt sql.NullInt64  `db:"last_outbound_at"`
	LastAt         sql.NullInt64  `db:"last_at"`
}

// ListCustomers returns every customer with its contacts and counts, most
// recently active first.
func (db *DB) ListCustomers(ctx context.Context) ([]CustomerSummary, error) {
	var rows []customerRow
	if err := db.r.SelectContext(ctx, &rows, q("customers-list")); err != nil {
		return nil, fmt.Errorf("store: list customers: %w", err)
	}
	out := make([]CustomerSummary, len(rows))
	for i, r := range rows {
		r.Customer.Created = fromUnix(r.CreatedAt)
		out[i] = CustomerSummary{
			Customer: r.Customer, Contacts: splitList(r.Contacts.String, "\n"),
			Threads: r.Threads, Messages: r.Messages,
			LastInboundAt: optTime(r.LastInboundAt), LastOutboundAt: optTime(r.LastOutboundAt),
		}
	}
	return out, nil
}

// SimplifiedInTraditionalRegions are the keys of the customers in Taiwan,
// Hong Kong or Macao the book writes to in Simplified Chinese ("zh"): a
// customer added before the book took Traditional Chinese (zh-hant) as
// those countries' default kept "zh", and the store does not tell that
// from a sheet saying so. A customer a person set to Simplified by name
// (CustomerChange.Simplified) is left out. It reads a database whose
// migrations are still to apply too (check at an upgrade).
func (db *DB) SimplifiedInTraditionalRegions(ctx context.Context) ([]string, error) {
	var chosen int
	if err := db.r.GetContext(ctx, &chosen, q("customers-simplified-chosen-column")); err != nil {
		return nil, fmt.Errorf("store: customers in Simplified Chinese: %w", err)
	}
	query := q("customers-simplified-in-traditional")
	if chosen == 0 {
		query = q("customers-simplified-in-traditional-before-0382")
	}
	var keys []string
	if err := db.r.SelectContext(ctx, &keys, query); err != nil {
		return nil, fmt.Errorf("store: customers in Simplified Chinese: %w", err)
	}
	return keys, nil
}

// DomainCustomer is a customer with a company domain, as check sees it.
type DomainCustomer struct {
	ID       int64  `db:"id"`
	Domain   string `db:"domain"`
	Owner    string `db:"owner"`
	Contacts int    `db:"contacts"`
}

// DomainCustomers are the surviving customers with a domain, in the order
// they were made: check names those whose domain is free mail now (made
// before the domain joined the list; their contacts may be strangers).
func (db *DB) DomainCustomers(ctx context.Context) ([]DomainCustomer, error) {
	var out []DomainCustomer
	if err := db.r.SelectContext(ctx, &out, q("customers-with-domain")); err != nil {
		return nil, fmt.Errorf("store: customers with a domain: %w", err)
	}
	return out, nil
}

// CustomerCountries counts the customers of each country code in the
// book (upper case; customers without a country left out).
func (db *DB) CustomerCountries(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Country string `db:"country"`
		N       int    `db:"n"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("customer-countries")); err != nil {
		return nil, fmt.Errorf("store: customer countries: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Country] = r.N
	}
	return out, nil
}
