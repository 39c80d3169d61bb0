package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/book"
)

// OrdersReport says what an orders import did.
type OrdersReport struct {
	// Sheet is the workbook's sheet read; SheetsNotRead the other sheets
	// with an orders header, and SheetsWithoutHeader those with data but
	// none (set by the command reading the file).
	Sheet               string   `json:"sheet,omitempty"`
	SheetsNotRead       []string `json:"sheets_not_read,omitempty"`
	SheetsWithoutHeader []string `json:"sheets_without_header,omitempty"`
	Added               int      `json:"added"`
	Known               int      `json:"known"` // already imported, the same order again
	// Refunds are the added rows with a negative amount: they lower revenue
	// but are not orders in the customer's rhythm.
	Refunds  int             `json:"refunds"`
	Rejected []book.Rejected `json:"rejected"`
	// NotInBook counts the rejected rows naming no customer in the book:
	// an ERP's export lists domestic and walk-in buyers the book does not
	// hold, night after night.
	NotInBook int `json:"not_in_book"`
	// Duplicates are rows repeating an order number the customer has in the
	// file already with another date or currency, or has in the book with
	// another date or amount.
	Duplicates []book.Rejected `json:"duplicates"`
	// Lines are the orders written on several rows under one number (an
	// ERP's export writes each line of an order on its own row), each on
	// the row of its first line: they are one order of their sum.
	Lines []book.Rejected `json:"lines"`
	// Corrected counts the orders of several lines the book held at their
	// first line's amount (an import before lines were summed took the
	// rest for duplicates): their amount is now the sum, named in Lines.
	Corrected int `json:"corrected"`
	// Differ counts the Duplicates whose number the book holds with
	// another date, amount or currency: the book keeps its own, so the file
	// and the book disagree until the wrong one is removed.
	Differ int `json:"differ"`
	// Held are rows without an order number that are not in the book while
	// the customer has an order of that day and currency the file does not
	// hold: most likely the file corrects its amount; and numbered rows
	// whose number, day and amount the book holds under another customer
	// the file does not name with it: most likely the file corrects the
	// customer. They are not added (unless OrdersOptions.KeepBoth), so a
	// fix does not count the order twice; the reason names the order and
	// how to remove it.
	Held []book.Rejected `json:"held"`
	// DryRun: the counts are what the import would do; nothing was written.
	DryRun bool `json:"dry_run"`
}

// OrdersOptions steer ImportOrdersWith.
type OrdersOptions struct {
	// DefaultRegion reads phone numbers in customer cells.
	DefaultRegion string
	// DryRun reports what the import would do and writes nothing.
	DryRun bool
	// KeepBoth adds the rows that would be held as possible corrections:
	// the customer placed two orders that day.
	KeepBoth bool
}

// errOrdersDryRun rolls a dry run's transaction back.
var errOrdersDryRun = errors.New("dry run")

// DryRunOrders is ImportOrders in a transaction that is rolled back: the
// report of what it would add, reject and skip, with nothing written.
func (db *DB) DryRunOrders(ctx context.Context, now time.Time, orders []book.Order, defaultRegion string) (OrdersReport, error) {
	return db.ImportOrdersWith(ctx, now, orders, OrdersOptions{DefaultRegion: defaultRegion, DryRun: true})
}

// ImportOrders stores orders, matching each to a customer by what its
// customer cell holds (an email, a domain, a customer key, a phone or the
// exact company name). An order number belongs to its customer: the same
// number for two customers is two orders. An order already imported is
// counted as known; rows under one number with one date and currency are
// the lines of one order, summed; a row repeating a number otherwise is
// reported with its row; a row naming no known customer is rejected with
// its row number.
func (db *DB) ImportOrders(ctx context.Context, now time.Time, orders []book.Order, defaultRegion string) (OrdersReport, error) {
	return db.ImportOrdersWith(ctx, now, orders, OrdersOptions{DefaultRegion: defaultRegion})
}

// ImportOrdersWith is ImportOrders with every option. An order without a
// number is known by its customer, day, amount and currency (and how many
// such rows the file has), whichever way the file writes the customer.
func (db *DB) ImportOrdersWith(ctx context.Context, now time.Time, orders []book.Order, opt OrdersOptions) (OrdersReport, error) {
	defaultRegion, dryRun := opt.DefaultRegion, opt.DryRun
	rep := OrdersReport{Rejected: []book.Rejected{}, Duplicates: []book.Rejected{}, Lines: []book.Rejected{}, Held: []book.Rejected{}, DryRun: dryRun}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		type ref struct {
			id  int64
			ref string
		}
		// An order is the row, or the rows under one number of one
		// customer with one date and currency (the lines of the order),
		// summed.
		type order struct {
			book.Order
			id    int64
			rows  []int
			lines []int64 // each row's amount
		}
		var list []*order
		inFile := map[ref]*order{}
		// amounts are the amounts of the rows without a number, per
		// customer, day and currency.
		type day struct {
			id, at int64
			cur    string
		}
		amounts := map[day]map[int64]bool{}
		var names map[string][]int64
		byName := func() (map[string][]int64, error) {
			if names != nil {
				return names, nil
			}
			var err error
			names, err = foldedNamesTx(ctx, tx)
			return names, err
		}
		for _, o := range orders {
			id, namesakes, err := findOrderCustomerTx(ctx, tx, o.Customer, defaultRegion, byName)
			if errors.Is(err, sql.ErrNoRows) {
				rep.Rejected = append(rep.Rejected, book.Rejected{Row: o.Row, Reason: fmt.Sprintf("no customer %q in the book", o.Customer)})
				rep.NotInBook++
				continue
			}
			if err != nil {
				return err
			}
			if len(namesakes) > 1 {
				ids := make([]string, len(namesakes))
				for i, n := range namesakes {
					ids[i] = fmt.Sprintf("#%d", n)
				}
				rep.Rejected = append(rep.Rejected, book.Rejected{Row: o.Row, Reason: fmt.Sprintf(
					"%q names %d customers (%s): write the customer's email, domain or #id instead", o.Customer, len(namesakes), strings.Join(ids, ", "))})
				continue
			}
			if o.Ref != "" {
				k := ref{id, o.Ref}
				if first, ok := inFile[k]; ok {
					if civilDay(first.Date.Unix()) == civilDay(o.Date.Unix()) && first.Currency == o.Currency {
						first.Cents += o.Cents
						first.rows = append(first.rows, o.Row)
						first.lines = append(first.lines, o.Cents)
						continue
					}
					rep.Duplicates = append(rep.Duplicates, book.Rejected{Row: o.Row, Reason: fmt.Sprintf(
						"order %s of %s is on row %d already with %s %s: not added twice", o.Ref, o.Customer, first.rows[0],
						first.Date.UTC().Format("2006-01-02"), first.Currency)})
					continue
				}
				first := &order{Order: o, id: id, rows: []int{o.Row}, lines: []int64{o.Cents}}
				inFile[k] = first
				list = append(list, first)
				continue
			}
			d := day{id, civilDay(o.Date.Unix()), o.Currency}
			if amounts[d] == nil {
				amounts[d] = map[int64]bool{}
			}
			amounts[d][o.Cents] = true
			list = append(list, &order{Order: o, id: id, rows: []int{o.Row}})
		}
		type value struct {
			day
			cents int64
		}
		// Rows under one number that all carry the same amount repeat the
		// order (an export joining orders with their shipments or payments,
		// two exports pasted together) far more often than they are lines
		// of equal price: the first is the order, the rest are duplicates,
		// unless KeepBoth.
		for _, o := range list {
			if len(o.rows) < 2 || opt.KeepBoth || slices.ContainsFunc(o.lines, func(c int64) bool { return c != o.lines[0] }) {
				continue
			}
			for _, r := range o.rows[1:] {
				rep.Duplicates = append(rep.Duplicates, book.Rejected{Row: r, Reason: fmt.Sprintf(
					"row %d repeats order %s of %s on row %d with the same amount, %s %s: not added twice; if these are lines of equal price, import the file with --keep-both",
					r, o.Ref, o.Customer, o.Row, book.FormatCents(o.lines[0]), o.Currency)})
			}
			o.Cents, o.rows, o.lines = o.lines[0], o.rows[:1], o.lines[:1]
		}
		seen := map[value]int{}
		for _, o := range list {
			id, key := o.id, ""
			rows := make([]string, len(o.rows))
			for i, r := range o.rows {
				rows[i] = fmt.Sprint(r)
			}
			if o.Ref != "" {
				key = fmt.Sprintf("ref:%d:%s", id, o.Ref)
				var have struct {
					ID    int64  `db:"id"`
					At    int64  `db:"ordered_at"`
					Cents int64  `db:"cents"`
					Cur   string `db:"currency"`
				}
				err := tx.GetContext(ctx, &have, `SELECT id, ordered_at, cents, currency FROM orders WHERE customer_id = ? AND ref = ? LIMIT 1`, id, o.Ref)
				switch {
				case err == nil && civilDay(have.At) == civilDay(o.Date.Unix()) && have.Cents == o.Cents && have.Cur == o.Currency:
					rep.Known++
					continue
				case err == nil && len(o.rows) > 1 && civilDay(have.At) == civilDay(o.Date.Unix()) && have.Cur == o.Currency && have.Cents == o.lines[0]:
					// An import before lines were summed kept the first
					// line and took the rest for duplicates.
					if _, err := tx.ExecContext(ctx, `UPDATE orders SET cents = ? WHERE id = ?`, o.Cents, have.ID); err != nil {
						return fmt.Errorf("row %d: %w", o.Row, err)
					}
					rep.Corrected++
					rep.Lines = append(rep.Lines, book.Rejected{Row: o.Row, Reason: fmt.Sprintf(
						"order %s of %s: its %d lines (rows %s) sum to %s %s (the book had %s, its first line, from an earlier import)",
						o.Ref, o.Customer, len(o.rows), strings.Join(rows, ", "), book.FormatCents(o.Cents), o.Currency, book.FormatCents(have.Cents))})
					continue
				case err == nil:
					rep.Differ++
					rep.Duplicates = append(rep.Duplicates, book.Rejected{Row: o.Row, Reason: fmt.Sprintf(
						"order %s of %s is in the book already with %s %s on %s, the file has %s %s on %s: not changed; %s", o.Ref, o.Customer,
						book.FormatCents(have.Cents), have.Cur, fromUnix(have.At).UTC().Format("2006-01-02"),
						book.FormatCents(o.Cents), o.Currency, o.Date.UTC().Format("2006-01-02"), removeAdvice(have.ID))})
					continue
				case !errors.Is(err, sql.ErrNoRows):
					return fmt.Errorf("row %d: %w", o.Row, err)
				}
				if !opt.KeepBoth {
					// The same number, day and amount under another
					// customer: most likely the file corrects whom the
					// order was entered for, unless the file holds that
					// customer's order too.
					var other []otherCustomers
					if err := tx.SelectContext(ctx, &other, `SELECT o.id, o.customer_id, c.name AS customer FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.ref = ? AND o.customer_id <> ? AND c.merged_into IS NULL AND o.ordered_at/86400 = ? AND o.cents = ? AND o.currency = ? ORDER BY o.id`,
						o.Ref, id, civilDay(o.Date.Unix()), o.Cents, o.Currency); err != nil {
						return fmt.Errorf("row %d: %w", o.Row, err)
					}
					i := slices.IndexFunc(other, func(h otherCustomers) bool {
						return inFile[ref{h.CustomerID, o.Ref}] == nil
					})
					if i >= 0 {
						rep.Held = append(rep.Held, book.Rejected{Row: o.Row, Reason: fmt.Sprintf(
							"order %s of %s is in the book under %s as #%d with the same date and amount: not added; if it was entered for the wrong customer, remove it with `keepwarm orders remove %d` and import the file again; if both are orders, import it with --keep-both",
							o.Ref, o.Customer, other[i].Customer, other[i].ID, other[i].ID)})
						continue
					}
				}
				r, err := tx.ExecContext(ctx, q("book-insert-order"), key, id, o.Date.Unix(), o.Cents, o.Currency, o.Ref, now.Unix())
				if err != nil {
					return fmt.Errorf("row %d: %w", o.Row, err)
				}
				if n, _ := r.RowsAffected(); n == 0 {
					rep.Known++
					continue
				}
				if len(o.rows) > 1 {
					rep.Lines = append(rep.Lines, book.Rejected{Row: o.Row, Reason: fmt.Sprintf("rows %s are %d lines of order %s of %s: taken as one order of %s %s",
						strings.Join(rows, ", "), len(o.rows), o.Ref, o.Customer, book.FormatCents(o.Cents), o.Currency)})
				}
			} else {
				v := value{day{id, civilDay(o.Date.Unix()), o.Currency}, o.Cents}
				seen[v]++
				var stored int
				if err := tx.GetContext(ctx, &stored, `SELECT count(*) FROM orders WHERE customer_id = ? AND ref = '' AND ordered_at/86400 = ? AND cents = ? AND currency = ?`,
					id, v.at, v.cents, v.cur); err != nil {
					return fmt.Errorf("row %d: %w", o.Row, err)
				}
				if seen[v] <= stored {
					rep.Known++
					continue
				}
				if !opt.KeepBoth {
					var others []sameDay
					if err := tx.SelectContext(ctx, &others, `SELECT id, cents FROM orders WHERE customer_id = ? AND ref = '' AND ordered_at/86400 = ? AND currency = ? ORDER BY id`,
						id, v.at, v.cur); err != nil {
						return fmt.Errorf("row %d: %w", o.Row, err)
					}
					i := slices.IndexFunc(others, func(h sameDay) bool { return !amounts[v.day][h.Cents] })
					if i >= 0 {
						rep.Held = append(rep.Held, book.Rejected{Row: o.Row, Reason: fmt.Sprintf(
							"possible correction of order #%d of %s on %s with %s %s, which this file does not hold: not added; %s; if both are orders, import it with --keep-both",
							others[i].ID, o.Customer, o.Date.UTC().Format("2006-01-02"), book.FormatCents(others[i].Cents), v.cur, removeAdvice(others[i].ID))})
						continue
					}
				}
				// The n-th such row; a later one if an earlier one was
				// removed and its key is still taken.
				for n := seen[v]; ; n++ {
					key = fmt.Sprintf("row:%d:%d:%d:%s:%d", id, v.at*86400, v.cents, v.cur, n)
					r, err := tx.ExecContext(ctx, q("book-insert-order"), key, id, o.Date.Unix(), o.Cents, o.Currency, "", now.Unix())
					if err != nil {
						return fmt.Errorf("row %d: %w", o.Row, err)
					}
					if k, _ := r.RowsAffected(); k == 1 {
						break
					}
				}
			}
			rep.Added++
			if o.Refund() {
				rep.Refunds++
			}
		}
		if dryRun {
			return errOrdersDryRun
		}
		return nil
	})
	if errors.Is(err, errOrdersDryRun) {
		return rep, nil
	}
	if err != nil {
		return rep, fmt.Errorf("store: import orders: %w", err)
	}
	return rep, nil
}

// civilDay is the day of an order's date: the date as the file wrote it
// is stored as UTC, and a file writing the time of the order ("2026-03-02
// 10:15", an Excel serial number with its fraction) names the same order
// as one writing only the day.
func civilDay(unix int64) int64 {
	d := unix / 86400
	if unix < 0 && unix%86400 != 0 {
		d--
	}
	return d
}

// otherCustomers is an order of another customer under a row's number,
// date and amount.
type otherCustomers struct {
	ID         int64  `db:"id"`
	CustomerID int64  `db:"customer_id"`
	Customer   string `db:"customer"`
}

// sameDay is an order without a number of the customer, day and currency
// of a row.
type sameDay struct {
	ID    int64 `db:"id"`
	Cents int64 `db:"cents"`
}

// removeAdvice tells how to remove a wrong order from the book.
func removeAdvice(id int64) string {
	return fmt.Sprintf("if the book's order is wrong, remove it with `keepwarm orders remove %d` and import the file again", id)
}

// RemovedOrder is an order RemoveOrder took out of the book.
type RemovedOrder struct {
	OrderRecord
	CustomerID int64  `json:"customer_id" db:"customer_id"`
	Customer   string `json:"customer" db:"customer"`
}

// OrderRemoval says how RemoveOrders goes: only orders of Customer (when
// set), nothing written on a dry run, and each order removed recorded in
// the customer's audit trail as Actor's at At.
type OrderRemoval struct {
	Customer int64
	DryRun   bool
	Actor    string
	At       time.Time
}

// ActionOrderRemove is the audit action of an order removed.
const ActionOrderRemove = "order.remove"

// RemoveOrders deletes orders (a wrong amount, an order entered for the
// wrong customer), so that the file, corrected, can be imported again. All
// go or none: a missing order is ENOTFOUND, and an order of another
// customer than r.Customer EINVALID, and either removes nothing. Each
// order removed leaves an audit line (order.remove) on its customer, the
// only record of it once the order is gone.
func (db *DB) RemoveOrders(ctx context.Context, r OrderRemoval, ids ...int64) ([]RemovedOrder, error) {
	out := []RemovedOrder{}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, id := range ids {
			var o RemovedOrder
			err := tx.GetContext(ctx, &o, `SELECT o.id, o.ordered_at, o.cents, o.currency, o.ref, o.customer_id, c.name AS customer
FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?`, id)
			if errors.Is(err, sql.ErrNoRows) {
				return keepwarm.Errorf(keepwarm.ENOTFOUND, "no order #%d", id)
			}
			if err != nil {
				return err
			}
			o.At = fromUnix(o.Unix)
			if r.Customer != 0 && o.CustomerID != r.Customer {
				var name string
				if err := tx.GetContext(ctx, &name, `SELECT name FROM customers WHERE id = ?`, r.Customer); err != nil {
					return err
				}
				return keepwarm.Errorf(keepwarm.EINVALID, "order #%d is %s's (#%d), not %s's (#%d): nothing removed", id, o.Customer, o.CustomerID, name, r.Customer)
			}
			out = append(out, o)
			if r.DryRun {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, id); err != nil {
				return err
			}
			if r.Actor == "" {
				continue
			}
			// The subject is the order's id and number alone: the label
			// ("removed an order") says what it is in the reader's language.
			subject := fmt.Sprintf("#%d", o.ID)
			if o.Ref != "" {
				subject += " " + o.Ref
			}
			before := fmt.Sprintf("%s %s on %s", book.FormatCents(o.Cents), o.Currency, o.At.UTC().Format("2006-01-02"))
			if _, err := tx.ExecContext(ctx, q("web-audit-insert"), o.CustomerID, r.Actor, ActionOrderRemove, subject, before, "removed", unix(r.At)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: remove orders: %w", err)
	}
	return out, nil
}

// findOrderCustomerTx is the customer an orders row names. Its id counts
// only written "#1024": an ERP's own customer numbers are bare numbers
// too, and must not land on whichever customer keepwarm gave that id. A
// company name shared by several customers returns them all (namesakes)
// rather than the lowest id.
//
// A name is matched as the customers import reads one (foldCompany):
// "MÜLLER GMBH", "ACME Ltd." and "Acme  Ltd" name "Müller GmbH" and
// "Acme Ltd". byName gives the surviving customers by folded name.
func findOrderCustomerTx(ctx context.Context, tx *sqlx.Tx, ref, region string, byName func() (map[string][]int64, error)) (id int64, namesakes []int64, err error) {
	ref = strings.TrimSpace(ref)
	phone := ""
	if !strings.Contains(ref, "@") {
		phone, _ = book.NormalizePhone(ref, region)
	}
	if e, err := book.NormalizeEmail(ref); err == nil {
		ref = e
	}
	var hits []struct {
		ID   int64 `db:"id"`
		Rank int   `db:"rank"`
	}
	if err := tx.SelectContext(ctx, &hits, q("book-find-all"), ref, phone); err != nil {
		return 0, nil, err
	}
	if (len(hits) == 0 || hits[0].Rank == 5) && byName != nil {
		// SQLite's lower() folds ASCII only: the name is compared in Go.
		names, err := byName()
		if err != nil {
			return 0, nil, err
		}
		ids := names[foldCompany(ref)]
		switch {
		case len(ids) == 1:
			return ids[0], nil, nil
		case len(ids) > 1:
			// One customer named exactly as written is the one meant:
			// "Acme Ltd" beside an imported "ACME LTD." (kept apart by
			// domain) took its orders before names were folded.
			arg, _ := json.Marshal(ids)
			var exact []int64
			if err := tx.SelectContext(ctx, &exact, `SELECT id FROM customers WHERE name = ?
				AND id IN (SELECT value FROM json_each(?)) ORDER BY id`, ref, string(arg)); err != nil {
				return 0, nil, err
			}
			if len(exact) == 1 {
				return exact[0], nil, nil
			}
			return ids[0], ids, nil
		}
	}
	if len(hits) == 0 {
		return 0, nil, sql.ErrNoRows
	}
	best := hits[0].Rank
	for _, h := range hits {
		if h.Rank != best {
			break
		}
		if err := tx.GetContext(ctx, &id, q("book-resolve"), h.ID); err != nil {
			return 0, nil, err
		}
		if !slices.Contains(namesakes, id) {
			namesakes = append(namesakes, id)
		}
	}
	if len(namesakes) == 1 {
		return namesakes[0], nil, nil
	}
	return namesakes[0], namesakes, nil
}

// foldedNamesTx gives the surviving customers by their folded name
// (foldCompany), ids in order.
func foldedNamesTx(ctx context.Context, tx *sqlx.Tx) (map[string][]int64, error) {
	var rows []struct {
		ID   int64  `db:"id"`
		Name string `db:"name"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT id, name FROM customers WHERE merged_into IS NULL AND name != '' ORDER BY id`); err != nil {
		return nil, fmt.Errorf("customer names: %w", err)
	}
	names := make(map[string][]int64, len(rows))
	for _, r := range rows {
		if k := foldCompany(r.Name); k != "" {
			names[k] = append(names[k], r.ID)
		}
	}
	return names, nil
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
