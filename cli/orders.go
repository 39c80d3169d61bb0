package cli

import (
	"context"
	"fmt"

	"keepwarm/book"
)

type ordersCmd struct {
	Import ordersImportCmd `cmd:"" help:"import orders (customer, date, amount, currency) from .xlsx or .csv"`
}

type ordersImportCmd struct {
	File     string `arg:"" name:"file" help:"an .xlsx or .csv file"`
	Currency string `name:"currency" help:"currency of rows that name none (default: book.default_currency)"`
	JSON     bool   `name:"json" help:"print JSON"`
}

func (opt *ordersImportCmd) Run(ctx context.Context, m *Main) error {
	pos, currency, asJSON := []string{opt.File}, &opt.Currency, &opt.JSON
	if *currency == "" {
		*currency = m.cfg.Book.DefaultCurrency
	}
	if len(pos) != 1 {
		return usageError{"orders import: give one .xlsx or .csv file with customer, date, amount (and currency, order no) columns"}
	}
	rows, err := book.ReadTable(pos[0])
	if err != nil {
		return err
	}
	orders, rejected, err := book.ParseOrders(rows, *currency)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	rep, err := m.db.ImportOrders(ctx, m.clock.Now(), orders, m.cfg.Book.DefaultRegion)
	if err != nil {
		return err
	}
	rep.Rejected = append(rejected, rep.Rejected...)
	if *asJSON {
		return writeJSON(m.Stdout, rep)
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(m.Stdout, "row %d rejected: %s\n", r.Row, r.Reason)
	}
	fmt.Fprintf(m.Stdout, "%d order(s) added, %d already imported, %d rejected\n", rep.Added, rep.Known, len(rep.Rejected))
	return nil
}
