package cli

import (
	"context"
	"fmt"
	"slices"

	"keepwarm/book"
	"keepwarm/store"
)

type ordersCmd struct {
	Import ordersImportCmd `cmd:"" help:"import orders (customer, date, amount, currency) from .xlsx or .csv"`
}

type ordersImportCmd struct {
	File       string `arg:"" name:"file" help:"an .xlsx or .csv file"`
	Currency   string `name:"currency" help:"currency of rows that name none (default: book.default_currency)"`
	DateFormat string `name:"date-format" help:"how the file writes dates like 02/08/2026: dmy or mdy (needed only when day and month could be swapped)"`
	JSON       bool   `name:"json" help:"print JSON"`
	DryRun     bool   `name:"dry-run" help:"report what the import would add and reject, writing nothing"`
	// AllowRejects exits 0 when rows were rejected, as customers import.
	AllowRejects bool `name:"allow-rejects" help:"exit 0 even when rows were rejected (otherwise the exit status is 3)"`
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
	importOrders := m.db.ImportOrders
	if opt.DryRun {
		importOrders = m.db.DryRunOrders
	}
	rep, err := importOrders(ctx, m.clock.Now(), orders, m.cfg.Book.DefaultRegion)
	if err != nil {
		return err
	}
	rep.Rejected = append(rejected, rep.Rejected...)
	slices.SortStableFunc(rep.Rejected, func(a, b book.Rejected) int { return a.Row - b.Row })
	if *asJSON {
		if err := writeJSON(m.Stdout, rep); err != nil {
			return err
		}
		return ordersRejected(m, opt, rep)
	}
	if rep.DryRun {
		fmt.Fprintln(m.Stdout, "dry run: nothing was written")
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(m.Stdout, "row %d rejected: %s\n", r.Row, r.Reason)
	}
	for _, r := range rep.Duplicates {
		fmt.Fprintf(m.Stdout, "row %d duplicate: %s\n", r.Row, r.Reason)
	}
	for _, r := range rep.Lines {
		fmt.Fprintf(m.Stdout, "row %d: %s\n", r.Row, r.Reason)
	}
	fmt.Fprintf(m.Stdout, "%d order(s) added, %d already imported, %d duplicate(s), %d rejected", rep.Added, rep.Known, len(rep.Duplicates), len(rep.Rejected))
	if rep.NotInBook > 0 {
		fmt.Fprintf(m.Stdout, "; %d of the rejected name no customer in the book", rep.NotInBook)
	}
	if rep.Refunds > 0 {
		fmt.Fprintf(m.Stdout, "; %d of the added are refunds (they lower revenue, not the order count)", rep.Refunds)
	}
	fmt.Fprintln(m.Stdout)
	return ordersRejected(m, opt, rep)
}

// ordersRejected fails the import (exit 3, as customers import) when rows
// were rejected: their revenue is missing from the 80/20 report, and a
// nightly import from cron must not look as if the whole file went in.
// Rows naming no customer in the book do not count: an ERP's export lists
// buyers the book does not hold (domestic, walk-in) every night, and a
// cron line would fail for good; they are listed all the same.
func ordersRejected(m *Main, opt *ordersImportCmd, rep store.OrdersReport) error {
	n := len(rep.Rejected) - rep.NotInBook
	if n <= 0 || opt.AllowRejects {
		return nil
	}
	fmt.Fprintf(m.Stderr, "keepwarm: %d row(s) rejected: fix them and import the file again (orders already in are not added twice), or pass --allow-rejects; exit status %d\n", n, rejectedExit)
	return exitError{rejectedExit}
}
