package cli

import (
	"context"
	"fmt"
	"slices"

	"keepwarm/book"
)

type ordersCmd struct {
	Import ordersImportCmd `cmd:"" help:"import orders (customer, date, amount, currency) from .xlsx or .csv"`
}

type ordersImportCmd struct {
	File       string `arg:"" name:"file" help:"an .xlsx or .csv file"`
	Currency   string `name:"currency" help:"currency of rows that name none (default: book.default_currency)"`
	DateFormat string `name:"date-format" help:"how the file writes dates like 02/08/2026: dmy or mdy (needed only when day and month could be swapped)"`
	JSON       bool   `name:"json" help:"print JSON"`
}

func (opt *ordersImportCmd) Run(ctx context.Context, m *Main) error {
	pos, currency, asJSON := []string{opt.File}, &opt.Currency, &opt.JSON
	if *currency == "" {
		*currency = m.cfg.Book.DefaultCurrency
	}
	if len(pos) != 1 {
		return usageError{"orders import: give one .xlsx or .csv file with customer, date, amount (and currency, order no) columns"}
	}
	order, err := book.ParseDateOrder(opt.DateFormat)
	if err != nil {
		return usageError{"orders import: --date-format: " + err.Error()}
	}
	rows, err := book.ReadTable(pos[0])
	if err != nil {
		return err
	}
	orders, rejected, err := book.ParseOrdersWith(rows, book.OrderOptions{Currency: *currency, Now: m.clock.Now(), DateOrder: order})
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	rep, err := m.db.ImportOrders(ctx, m.clock.Now(), orders, m.cfg.Book.DefaultRegion)
	if err != nil {
		return err
	}
	rep.Rejected = append(rejected, rep.Rejected...)
	slices.SortStableFunc(rep.Rejected, func(a, b book.Rejected) int { return a.Row - b.Row })
	if *asJSON {
		return writeJSON(m.Stdout, rep)
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(m.Stdout, "row %d rejected: %s\n", r.Row, r.Reason)
	}
	for _, r := range rep.Duplicates {
		fmt.Fprintf(m.Stdout, "row %d duplicate: %s\n", r.Row, r.Reason)
	}
	fmt.Fprintf(m.Stdout, "%d order(s) added, %d already imported, %d duplicate(s), %d rejected", rep.Added, rep.Known, len(rep.Duplicates), len(rep.Rejected))
	if rep.Refunds > 0 {
		fmt.Fprintf(m.Stdout, "; %d of the added are refunds (they lower revenue, not the order count)", rep.Refunds)
	}
	fmt.Fprintln(m.Stdout)
	return nil
}
