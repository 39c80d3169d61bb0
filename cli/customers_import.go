package cli

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/store"
)

type customersImportCmd struct {
	File  string `arg:"" name:"file" help:"an .xlsx or .csv file"`
	Owner string `name:"owner" help:"owner of rows that name none (a salesperson's email or name)"`
	Pool  bool   `name:"pool" help:"rows that name no owner go to the public pool (a sheet without an owner column needs --owner or --pool)"`
	// MergeOnPhone joins stored customers a row shows to share a phone.
	MergeOnPhone bool   `name:"merge-on-phone" help:"join stored customers a row shows to share a phone (otherwise only proposed)"`
	DateFormat   string `name:"date-format" help:"how the file writes dates like 02/08/1980: dmy or mdy (needed only when day and month could be swapped)"`
	DryRun       bool   `name:"dry-run" help:"report what would happen and write nothing"`
	// Sheet picks a workbook's sheet; without it the first visible sheet
	// with a customer header is read, and the others are named.
	Sheet string `name:"sheet" help:"the .xlsx sheet to read (default: the first visible one with a customer header; exit status 3 when other sheets have one too, --allow-rejects or not; the name in any case)"`
	JSON  bool   `name:"json" help:"print JSON"`
	// AllowRejects exits 0 when rows were rejected: a script that knows
	// its file has rows to leave out.
	AllowRejects bool `name:"allow-rejects" help:"exit 0 even when rows were rejected (otherwise the exit status is 3)"`
}

// rejectedExit is customers import's exit status when rows were rejected:
// the rest went in, but a nightly import from cron must not look as if the
// whole file did.
const rejectedExit = 3

func (opt *customersImportCmd) Run(ctx context.Context, m *Main) error {
	pos, owner, pool, dryRun, asJSON := []string{opt.File}, &opt.Owner, &opt.Pool, &opt.DryRun, &opt.JSON
	if len(pos) != 1 {
		return usageError{"customers import: give one .xlsx or .csv file"}
	}
	if *owner != "" && *pool {
		// The rows that name no owner go to one or the other: given both,
		// --owner won and every unassigned lead went to one salesperson.
		return usageError{"customers import: give --owner or --pool, not both"}
	}
	order, err := book.ParseDateOrder(opt.DateFormat)
	if err != nil {
		return usageError{"customers import: --date-format: " + err.Error()}
	}
	var defOwner string
	if *owner != "" {
		var ok bool
		if defOwner, ok = m.app.Salesperson(*owner); !ok {
			return usageError{fmt.Sprintf("customers import: --owner %q is not a configured [[salesperson]]: give their email or name (%s)", *owner, strings.Join(m.salespeople(), ", "))}
		}
	}
	if !*dryRun {
		if err := m.liveOnly("keepwarm customers import would change whom keepwarm writes to and how today (owners, opt-outs, birthdays, languages), recorded as imported then; --dry-run shows what it would do"); err != nil {
			return err
		}
	}
	table, err := readSheet("customers import", pos[0], opt.Sheet, true, book.HasCustomerHeader)
	if err != nil {
		return err
	}
	rows := table.Rows
	departed, err := m.departedOwners(ctx)
	if err != nil {
		return err
	}
	sheet, err := book.Parse(rows, book.ParseOptions{DefaultRegion: m.cfg.Book.DefaultRegion, Owner: m.app.Salesperson,
		Departed: departed, Now: m.clock.Now(), DateOrder: order})
	if err != nil {
		return sheetError(pos[0], table, err)
	}
	team := m.app.Team()
	rep, err := m.db.ImportBook(ctx, m.clock.Now(), sheet, store.ImportOptions{
		Owner: defOwner, Pool: *pool, MergeOnPhone: opt.MergeOnPhone, DryRun: *dryRun, By: m.actor(),
		FreeMail: team.IsFreeMail, IsTeam: team.IsTeam,
	})
	if keepwarm.ErrorCode(err) == keepwarm.EINVALID {
		// A flag is missing (--owner or --pool): a usage error, exit 2,
		// which a cron wrapper does not retry.
		return usageError{fmt.Sprintf("customers import: %s: %s", pos[0], err)}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	rep.Sheet, rep.SheetsNotRead, rep.SheetsWithoutHeader = table.Sheet, table.Fitting, table.Other
	if *asJSON {
		if err := writeJSON(m.Stdout, rep); err != nil {
			return err
		}
	} else {
		sheetNote(m, table)
		printImport(m, rep)
	}
	unread := unreadSheets(m, table, opt.Sheet)
	if n := rep.Counts[store.ImportRejected]; n > 0 && !opt.AllowRejects {
		if *dryRun {
			fmt.Fprintf(m.Stderr, "keepwarm: %d row(s) would be rejected: fix them before importing (dry run: nothing was written), or pass --allow-rejects; exit status %d\n", n, rejectedExit)
		} else {
			fmt.Fprintf(m.Stderr, "keepwarm: %d row(s) rejected: fix them and import the file again (rows already in are not duplicated), or pass --allow-rejects; exit status %d\n", n, rejectedExit)
		}
		return exitError{rejectedExit}
	}
	return unread
}

func printImport(m *Main, rep store.ImportReport) {
	if rep.DryRun {
		fmt.Fprintln(m.Stdout, "dry run: nothing was written")
	}
	if len(rep.Ignored) > 0 {
		fmt.Fprintf(m.Stdout, "ignored columns: %s\n", strings.Join(rep.Ignored, ", "))
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ROW\tRESULT\tCUSTOMER\tREASON")
	for _, r := range rep.Rows {
		if r.Action == store.ImportConflict {
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Row, r.Action, rowCustomer(r), r.Reason)
	}
	tw.Flush()
	if cs := rep.Conflicts(); len(cs) > 0 {
		fmt.Fprintf(m.Stdout, "\nconflicts: %d row(s) name another salesperson's customer, or would join one let go to the pool (left unchanged; the manager decides):\n", len(cs))
		tw := newTable(m.Stdout)
		fmt.Fprintln(tw, "ROW\tCUSTOMER\tOWNER\tTHE ROW SAYS\tWHY")
		for _, r := range cs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.Row, rowCustomer(r), orDash(r.Owner), orDash(r.FileOwner), r.Reason)
		}
		tw.Flush()
	}
	if len(rep.Replaced) > 0 {
		fmt.Fprintf(m.Stdout, "\ncontact details the file replaced (a correction made with `keepwarm customers contact` is undone unless the CRM was corrected too: set it again there and in the CRM):\n")
		tw := newTable(m.Stdout)
		fmt.Fprintln(tw, "ROW\tCONTACT\tFIELD\tNOW\tWAS")
		for _, r := range rep.Replaced {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.Row, r.Email, r.Field, orDash(r.Now), orDash(r.Was))
		}
		tw.Flush()
	}
	if len(rep.Proposals) > 0 {
		fmt.Fprintf(m.Stdout, "\nproposed merges (not joined: a switchboard or an agent's number may be shared, and two companies may have one name):\n")
		for _, p := range rep.Proposals {
			if p.InBook {
				fmt.Fprintf(m.Stdout, "  row %d: #%d %s and #%d %s are both called %q, and no email, phone or domain ties them: `keepwarm customers merge %d %d` if they are one company\n",
					p.Row, p.Keep, p.KeepName, p.Drop, p.DropName, p.Company, p.Keep, p.Drop)
				continue
			}
			if p.Phone == "" {
				fmt.Fprintf(m.Stdout, "  row %d: #%d %s and #%d %s are both called %q but have other company domains or countries: `keepwarm customers merge %d %d` if they are one company\n",
					p.Row, p.Keep, p.KeepName, p.Drop, p.DropName, p.Company, p.Keep, p.Drop)
				continue
			}
			fmt.Fprintf(m.Stdout, "  row %d: #%d %s and #%d %s share %s: `keepwarm customers merge %d %d`, or import again with --merge-on-phone\n",
				p.Row, p.Keep, p.KeepName, p.Drop, p.DropName, p.Phone, p.Keep, p.Drop)
		}
	}
	fmt.Fprintf(m.Stdout, "%d created, %d updated, %d merged, %d skipped, %d conflict(s), %d rejected\n",
		rep.Counts[store.ImportCreated], rep.Counts[store.ImportUpdated], rep.Counts[store.ImportMerged],
		rep.Counts[store.ImportSkipped], rep.Counts[store.ImportConflict], rep.Counts[store.ImportRejected])
	if rep.Pooled > 0 {
		fmt.Fprintf(m.Stdout, "%d customer(s) without an owner are in the public pool\n", rep.Pooled)
	}
}

// rowCustomer is "#12 Acme Ltd", with the row's own name when the row
// ended in a customer named otherwise (after a merge).
func rowCustomer(r store.ImportRow) string {
	if r.CustomerID == 0 {
		return "-"
	}
	s := fmt.Sprintf("#%d %s", r.CustomerID, truncate(r.Customer, 30))
	if r.Company != "" {
		s += fmt.Sprintf(" (row: %s)", truncate(r.Company, 30))
	}
	return s
}

// departedOwners recognises an owner cell naming, by email, someone who
// owns or once owned customers in the book (a hand-over to a colleague
// leaves them in the pool's history) but is no longer a configured
// salesperson.
func (m *Main) departedOwners(ctx context.Context) (func(string) (string, bool, bool), error) {
	owners, err := m.db.Owners(ctx)
	if err != nil {
		return nil, err
	}
	return func(cell string) (string, bool, bool) {
		s := strings.TrimSpace(cell)
		if addr, err := mail.ParseAddress(s); err == nil {
			s = addr.Address
		}
		s = strings.ToLower(s)
		owns, known := owners[s]
		if _, ok := m.app.Salesperson(s); ok || !known {
			return "", false, false
		}
		return s, owns, true
	}, nil
}
