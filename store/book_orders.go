package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm/book"
)

// OrdersReport says what an orders import did.
type OrdersReport struct {
	Added    int             `json:"added"`
	Known    int             `json:"known"` // already imported
	Rejected []book.Rejected `json:"rejected"`
}

// ImportOrders stores orders, matching each to a customer by what its
// customer cell holds (an email, a domain, a customer key, a phone or the
// exact company name). An order already imported (same key) is skipped; a
// row naming no known customer is rejected with its row number.
func (db *DB) ImportOrders(ctx context.Context, now time.Time, orders []book.Order, defaultRegion string) (OrdersReport, error) {
	rep := OrdersReport{Rejected: []book.Rejected{}}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, o := range orders {
			id, err := findCustomerTx(ctx, tx, o.Customer, defaultRegion)
			if errors.Is(err, sql.ErrNoRows) {
				rep.Rejected = append(rep.Rejected, book.Rejected{Row: o.Row, Reason: fmt.Sprintf("no customer %q in the book", o.Customer)})
				continue
			}
			if err != nil {
				return err
			}
			r, err := tx.ExecContext(ctx, q("book-insert-order"), o.Key, id, o.Date.Unix(), o.Cents, o.Currency, o.Ref, now.Unix())
			if err != nil {
				return fmt.Errorf("row %d: %w", o.Row, err)
			}
			if n, _ := r.RowsAffected(); n > 0 {
				rep.Added++
			} else {
				rep.Known++
			}
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("store: import orders: %w", err)
	}
	return rep, nil
}

func findCustomerTx(ctx context.Context, tx *sqlx.Tx, ref, region string) (int64, error) {
	ref = strings.TrimSpace(ref)
	phone := ""
	if !strings.Contains(ref, "@") {
		phone, _ = book.NormalizePhone(ref, region)
	}
	if e, err := book.NormalizeEmail(ref); err == nil {
		ref = e
	}
	var id int64
	if err := tx.GetContext(ctx, &id, q("book-find"), ref, phone); err != nil {
		return 0, err
	}
	err := tx.GetContext(ctx, &id, q("book-resolve"), id)
	return id, err
}

// Revenues sums orders from since on, per customer and currency.
func (db *DB) Revenues(ctx context.Context, since time.Time) ([]book.Revenue, error) {
	var rows []struct {
		CustomerID int64  `db:"customer_id"`
		Customer   string `db:"customer"`
		Owner      string `db:"owner"`
		Grade      string `db:"grade"`
		Currency   string `db:"currency"`
		Cents      int64  `db:"cents"`
		Orders     int    `db:"orders"`
		First      int64  `db:"first_order"`
		Last       int64  `db:"last_order"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("book-revenues"), since.Unix()); err != nil {
		return nil, fmt.Errorf("store: revenues: %w", err)
	}
	out := make([]book.Revenue, len(rows))
	for i, r := range rows {
		out[i] = book.Revenue{CustomerID: r.CustomerID, Customer: r.Customer, Owner: r.Owner, Grade: r.Grade,
			Currency: r.Currency, Cents: r.Cents, Orders: r.Orders, FirstOrder: fromUnix(r.First), LastOrder: fromUnix(r.Last)}
	}
	return out, nil
}
