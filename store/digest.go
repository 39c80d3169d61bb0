package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// BouncedContact is a customer's address that bounced: the digest asks its
// owner to fix it.
type BouncedContact struct {
	Email        string    `json:"email"`
	Name         string    `json:"name,omitempty"`
	CustomerID   int64     `json:"customer_id"`
	Customer     string    `json:"customer"` // the customer's key
	CustomerName string    `json:"customer_name,omitempty"`
	Owner        string    `json:"owner,omitempty"`
	BouncedAt    time.Time `json:"bounced_at"`
	// LeftCompany is set when the address's person left the company (its
	// auto-reply said so); Successor is the address it named instead.
	LeftCompany bool   `json:"left_company,omitempty"`
	Successor   string `json:"successor,omitempty"`
}

// BouncedContacts lists the addresses of owner's customers (every
// customer's when owner is "") that bounced at or after since, newest first.
func (db *DB) BouncedContacts(ctx context.Context, owner string, since time.Time) ([]BouncedContact, error) {
	var rows []struct {
		Email        string `db:"email"`
		Name         string `db:"name"`
		CustomerID   int64  `db:"customer_id"`
		Customer     string `db:"customer"`
		CustomerName string `db:"customer_name"`
		Owner        string `db:"owner"`
		BouncedAt    int64  `db:"bounced_at"`
		LeftAt       int64  `db:"left_at"`
		Successor    string `db:"successor"`
	}
	owner = strings.ToLower(strings.TrimSpace(owner))
	if err := db.r.SelectContext(ctx, &rows, q("digest-bounced"), owner, unix(since)); err != nil {
		return nil, fmt.Errorf("store: bounced contacts of %q: %w", owner, err)
	}
	out := make([]BouncedContact, len(rows))
	for i, r := range rows {
		out[i] = BouncedContact{Email: r.Email, Name: r.Name, CustomerID: r.CustomerID, Customer: r.Customer,
			CustomerName: r.CustomerName, Owner: r.Owner, BouncedAt: fromUnix(r.BouncedAt),
			LeftCompany: r.LeftAt > 0, Successor: r.Successor}
	}
	return out, nil
}

// OptedOutContact is an address of a customer that asked for no more mail
// in an answer, and the subject of that answer.
type OptedOutContact struct {
	Email        string    `json:"email"`
	Customer     string    `json:"customer"` // the customer's key
	CustomerName string    `json:"customer_name,omitempty"`
	At           time.Time `json:"at"`
	Subject      string    `json:"subject,omitempty"`
	// Company says Email asked for the whole customer ("remove us"):
	// nobody there is written to.
	Company bool `json:"company,omitempty"`
}

// RecentOptOuts lists the addresses of owner's customers ("": every
// customer's) that asked for no more mail in an answer since since, newest
// first. It reads only.
func (db *DB) RecentOptOuts(ctx context.Context, owner string, since time.Time) ([]OptedOutContact, error) {
	var rows []struct {
		Email        string `db:"email"`
		Customer     string `db:"customer"`
		CustomerName string `db:"customer_name"`
		At           int64  `db:"at"`
		Subject      string `db:"subject"`
		Company      bool   `db:"company"`
	}
	owner = strings.ToLower(strings.TrimSpace(owner))
	if err := db.r.SelectContext(ctx, &rows, q("digest-opted-out"), owner, unix(since)); err != nil {
		return nil, fmt.Errorf("store: opted-out contacts of %q: %w", owner, err)
	}
	out := make([]OptedOutContact, len(rows))
	for i, r := range rows {
		out[i] = OptedOutContact{Email: r.Email, Customer: r.Customer, CustomerName: r.CustomerName, At: fromUnix(r.At), Subject: r.Subject, Company: r.Company}
	}
	return out, nil
}

// CustomerNames are the names of the customers that have one, by key.
func (db *DB) CustomerNames(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		Key  string `db:"key"`
		Name string `db:"name"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("digest-customer-names")); err != nil {
		return nil, fmt.Errorf("store: customer names: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Key] = r.Name
	}
	return out, nil
}

// CustomerOwners are the owners of the customers of ids that were not
// merged into another, by id ("" for a pool customer): the digest lists a
// colleague's failed follow-up of her customer as the desk does
// (web-enrollments-failed).
func (db *DB) CustomerOwners(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID    int64  `db:"id"`
		Owner string `db:"owner"`
	}
	if err := db.r.SelectContext(ctx, &rows, `SELECT id, owner FROM customers
		WHERE merged_into IS NULL AND id IN (SELECT value FROM json_each(?))`, string(arg)); err != nil {
		return nil, fmt.Errorf("store: customer owners: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.Owner
	}
	return out, nil
}

// SupersedeQueued skips the items under keys that are still queued to be
// sent (not claimed by a send under way, not dry-run records), with
// reason, and returns their keys, in keys' order.
func (db *DB) SupersedeQueued(ctx context.Context, keys []string, reason string) ([]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	arg, err := json.Marshal(keys)
	if err != nil {
		return nil, fmt.Errorf("store: supersede queued items: %w", err)
	}
	var done []string
	if err := db.w.SelectContext(ctx, &done, q("outbox-supersede-queued"), reason, string(arg), db.endedAt()); err != nil {
		return nil, fmt.Errorf("store: supersede queued items: %w", err)
	}
	skipped := make(map[string]bool, len(done))
	for _, k := range done {
		skipped[k] = true
	}
	var out []string
	for _, k := range keys {
		if skipped[k] {
			out = append(out, k)
			delete(skipped, k) // a key given twice is one item
		}
	}
	return out, nil
}
