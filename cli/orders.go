package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/store"
)

type ordersCmd struct {
	Import ordersImportCmd `cmd:"" help:"import orders (customer, date, amount, currency) from .xlsx or .csv"`
	Remove ordersRemoveCmd `cmd:"" help:"remove wrong orders from the book (by the #id an import names), to import the corrected file again"`
	List   ordersListCmd   `cmd:"" help:"list a customer's orders in the book with their #id, newest first"`
}

type ordersListCmd struct {
	Customer string `name:"customer" required:"" help:"the customer: id, contact email, domain, phone or exact name"`
	JSON     bool   `name:"json" help:"print JSON"`
}

// Run lists the customer's orders with the #id orders remove takes.
func (opt *ordersListCmd) Run(ctx context.Context, m *Main) error {
	id, err := m.customerArg(ctx, opt.Customer)
	if err != nil {
		return err
	}
	orders, err := m.db.CustomerOrders(ctx, store.Viewer{Manager: true}, id)
	if err != nil {
		return err
	}
	if opt.JSON {
		return writeJSON(m.Stdout, orders)
	}
	if len(orders) == 0 {
		fmt.Fprintln(m.Stdout, "no orders in the book")
		return nil
	}
	for _, o := range orders {
		ref := ""
		if o.Ref != "" {
			ref = "  order " + o.Ref
		}
		fmt.Fprintf(m.Stdout, "#%d  %s  %s %s%s\n", o.ID, o.At.UTC().Format("2006-01-02"), book.FormatCents(o.Cents), o.Currency, ref)
	}
	return nil
}

type ordersImportCmd struct {
	File       string `arg:"" name:"file" help:"an .xlsx or .csv file"`
	Currency   string `name:"currency" help:"currency of rows that name none (default: book.default_currency)"`
	DateFormat string `name:"date-format" help:"how the file writes dates like 02/08/2026: dmy or mdy (needed only when day and month could be swapped)"`
	JSON       bool   `name:"json" help:"print JSON"`
	DryRun     bool   `name:"dry-run" help:"report what the import would add and reject, writing nothing"`
	Sheet      string `name:"sheet" help:"the .xlsx sheet to read (default: the first visible one with an orders header; exit status 3 when other sheets have one too, --allow-rejects or not; the name in any case)"`
	KeepBoth   bool   `name:"keep-both" help:"add the rows held as possible corrections of an order of the same customer and day (or of another customer's under the same number): both are orders; and sum rows under one number that all repeat one amount: they are lines of equal price"`
	// AllowRejects exits 0 when rows were rejected, as customers import.
	// Held rows and orders the book holds otherwise still exit 3: they are
	// orders, and the next incremental file may no longer hold them.
	AllowRejects bool `name:"allow-rejects" help:"exit 0 even when rows were rejected (otherwise the exit status is 3); rows held as possible corrections and numbers the book holds with another date or amount still exit 3: remove the wrong order, or pass --keep-both"`
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
	table, err := readSheet("orders import", pos[0], opt.Sheet, false, book.HasOrderHeader)
	if err != nil {
		return err
	}
	orders, rejected, err := book.ParseOrdersWith(table.Rows, book.OrderOptions{Currency: *currency, Now: m.clock.Now(), DateOrder: order})
	if err != nil {
		return sheetError(pos[0], table, err)
	}
	rep, err := m.db.ImportOrdersWith(ctx, m.clock.Now(), orders, store.OrdersOptions{DefaultRegion: m.cfg.Book.DefaultRegion, DryRun: opt.DryRun, KeepBoth: opt.KeepBoth})
	if err != nil {
		return err
	}
	rep.Rejected = append(rejected, rep.Rejected...)
	slices.SortStableFunc(rep.Rejected, func(a, b book.Rejected) int { return a.Row - b.Row })
	rep.Sheet, rep.SheetsNotRead, rep.SheetsWithoutHeader = table.Sheet, table.Fitting, table.Other
	if *asJSON {
		if err := writeJSON(m.Stdout, rep); err != nil {
			return err
		}
		return ordersRejected(m, opt, rep, table)
	}
	if rep.DryRun {
		fmt.Fprintln(m.Stdout, "dry run: nothing was written")
	}
	sheetNote(m, table)
	for _, r := range rep.Rejected {
		fmt.Fprintf(m.Stdout, "row %d rejected: %s\n", r.Row, r.Reason)
	}
	for _, r := range rep.Duplicates {
		fmt.Fprintf(m.Stdout, "row %d duplicate: %s\n", r.Row, r.Reason)
	}
	for _, r := range rep.Lines {
		fmt.Fprintf(m.Stdout, "row %d: %s\n", r.Row, r.Reason)
	}
	for _, r := range rep.Held {
		fmt.Fprintf(m.Stdout, "row %d held: %s\n", r.Row, r.Reason)
	}
	fmt.Fprintf(m.Stdout, "%d order(s) added, %d already imported, %d duplicate(s), %d rejected", rep.Added, rep.Known, len(rep.Duplicates), len(rep.Rejected))
	if rep.Corrected > 0 {
		fmt.Fprintf(m.Stdout, ", %d set to the sum of their lines", rep.Corrected)
	}
	if len(rep.Held) > 0 {
		fmt.Fprintf(m.Stdout, ", %d held as possible corrections", len(rep.Held))
	}
	if rep.NotInBook > 0 {
		fmt.Fprintf(m.Stdout, "; %d of the rejected name no customer in the book", rep.NotInBook)
	}
	if rep.Refunds > 0 {
		fmt.Fprintf(m.Stdout, "; %d of the added are refunds (they lower revenue, not the order count)", rep.Refunds)
	}
	fmt.Fprintln(m.Stdout)
	return ordersRejected(m, opt, rep, table)
}

// ordersRejected fails the import (exit 3, as customers import) when rows
// were rejected or held as possible corrections, or name an order the book
// holds with another date or amount: their revenue is missing from the
// 80/20 report (or the book's is wrong), and a nightly import from cron
// must not look as if the whole file went in. --allow-rejects passes
// rejected rows only: a held row is an order, which tomorrow's incremental
// file may no longer hold.
// Rows naming no customer in the book do not count: an ERP's export lists
// buyers the book does not hold (domestic, walk-in) every night, and a
// cron line would fail for good; they are listed all the same.
// Sheets of the workbook with an orders header that were not read (a
// sheet per month) fail it the same way, unless --sheet named the one.
func ordersRejected(m *Main, opt *ordersImportCmd, rep store.OrdersReport, table book.Table) error {
	unread := unreadSheets(m, table, opt.Sheet)
	n := len(rep.Rejected) - rep.NotInBook
	if opt.AllowRejects {
		n = 0
	}
	if n <= 0 && len(rep.Held) == 0 && rep.Differ == 0 {
		return unread
	}
	switch {
	case n > 0 && opt.DryRun:
		fmt.Fprintf(m.Stderr, "keepwarm: %d row(s) would be rejected: fix them before importing (dry run: nothing was written), or pass --allow-rejects; exit status %d\n", n, rejectedExit)
	case n > 0:
		fmt.Fprintf(m.Stderr, "keepwarm: %d row(s) rejected: fix them and import the file again (orders already in are not added twice), or pass --allow-rejects; exit status %d\n", n, rejectedExit)
	}
	if len(rep.Held) > 0 {
		fmt.Fprintf(m.Stderr, "keepwarm: %d row(s) held as possible corrections of an order in the book: remove the wrong order (keepwarm orders remove ID) and import the file again, or pass --keep-both if both are orders; exit status %d\n", len(rep.Held), rejectedExit)
	}
	if rep.Differ > 0 {
		fmt.Fprintf(m.Stderr, "keepwarm: %d order number(s) in the book with another date or amount than the file's: the book's were kept; remove the wrong order (keepwarm orders remove ID) and import the file again; exit status %d\n", rep.Differ, rejectedExit)
	}
	return exitError{rejectedExit}
}

type ordersRemoveCmd struct {
	Orders   []string `arg:"" optional:"" name:"order" help:"the order's id, as an orders import names it (17, or '#17' quoted: a #17 unquoted is a shell comment)"`
	Customer string   `name:"customer" help:"refuse an order that is not this customer's (an id, email, domain, phone or exact name)"`
	DryRun   bool     `name:"dry-run" help:"say which orders would be removed and remove nothing"`
	JSON     bool     `name:"json" help:"print JSON"`
}

// Run removes the orders named, all or none: a mistyped id, or with
// --customer an order of another customer, removes nothing. Each order
// removed is written to its customer's audit trail.
func (opt *ordersRemoveCmd) Run(ctx context.Context, m *Main) error {
	if len(opt.Orders) == 0 {
		return usageError{"orders remove: give the id of the order to remove, as an orders import names it (a #id typed unquoted is a shell comment: write 17 or '#17')"}
	}
	ids := make([]int64, 0, len(opt.Orders))
	for _, a := range opt.Orders {
		id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(a), "#"), 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("orders remove: %q is no order id: give the id an orders import names, as 17", a)}
		}
		// "17 #17" names one order: removed once, not reported missing.
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	r := store.OrderRemoval{DryRun: opt.DryRun, Actor: m.actor(), At: m.clock.Now()}
	if opt.Customer != "" {
		id, err := m.customerArg(ctx, opt.Customer)
		if err != nil {
			return err
		}
		r.Customer = id
	}
	removed, err := m.db.RemoveOrders(ctx, r, ids...)
	if keepwarm.ErrorCode(err) == keepwarm.EINVALID {
		return usageError{"orders remove: " + strings.TrimPrefix(err.Error(), "store: remove orders: ")}
	}
	if err != nil {
		return err
	}
	if opt.JSON && opt.DryRun {
		// Not the bare list a removal prints: a script that reads it as
		// orders gone (revenue to take off) fails instead of counting them.
		return writeJSON(m.Stdout, struct {
			DryRun bool                 `json:"dry_run"`
			Orders []store.RemovedOrder `json:"orders"`
		}{true, removed})
	}
	if opt.JSON {
		return writeJSON(m.Stdout, removed)
	}
	verb := "removed"
	if opt.DryRun {
		verb = "dry run: would remove"
	}
	for _, o := range removed {
		ref := ""
		if o.Ref != "" {
			ref = " " + o.Ref
		}
		fmt.Fprintf(m.Stdout, "%s order #%d%s of %s: %s %s on %s\n", verb, o.ID, ref, o.Customer, book.FormatCents(o.Cents), o.Currency, o.At.UTC().Format("2006-01-02"))
	}
	return nil
}
