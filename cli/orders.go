package cli

import (
	"context"
	"fmt"

	"keepwarm/book"
)

// cmdOrders dispatches `keepwarm orders import FILE`.
func cmdOrders(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError{"orders: use `keepwarm orders import FILE.xlsx|FILE.csv [--currency USD] [--json]`"}
	}
	pos, flags := splitArgs(args[1:], "json")
	fs := m.flags("orders import")
	currency := fs.String("currency", m.cfg.Book.DefaultCurrency, "currency of rows that name none")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, flags); err != nil {
		return err
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
