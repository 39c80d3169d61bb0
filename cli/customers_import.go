package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"keepwarm/book"
	"keepwarm/store"
)

type customersImportCmd struct {
	File   string `arg:"" name:"file" help:"an .xlsx or .csv file"`
	Owner  string `name:"owner" help:"owner of rows that name none (a salesperson's email or name)"`
	Pool   bool   `name:"pool" help:"rows that name no owner go to the public pool (a sheet without an owner column needs --owner or --pool)"`
	DryRun bool   `name:"dry-run" help:"report what would happen and write nothing"`
	JSON   bool   `name:"json" help:"print JSON"`
}

func (opt *customersImportCmd) Run(ctx context.Context, m *Main) error {
	pos, owner, pool, dryRun, asJSON := []string{opt.File}, &opt.Owner, &opt.Pool, &opt.DryRun, &opt.JSON
	if len(pos) != 1 {
		return usageError{"customers import: give one .xlsx or .csv file"}
	}
	var defOwner string
	if *owner != "" {
		var ok bool
		if defOwner, ok = m.app.Salesperson(*owner); !ok {
			return usageError{fmt.Sprintf("customers import: --owner %q is not a configured [[salesperson]]", *owner)}
		}
	}
	rows, err := book.ReadTable(pos[0])
	if err != nil {
		return err
	}
	sheet, err := book.Parse(rows, book.ParseOptions{DefaultRegion: m.cfg.Book.DefaultRegion, Owner: m.app.Salesperson})
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	free := map[string]bool{}
	for _, d := range m.cfg.FreeMail() {
		free[strings.ToLower(d)] = true
	}
	team := m.app.Team()
	rep, err := m.db.ImportBook(ctx, m.clock.Now(), sheet, store.ImportOptions{
		Owner: defOwner, Pool: *pool, DryRun: *dryRun, By: m.actor(),
		FreeMail: func(d string) bool { return free[d] }, IsTeam: team.IsTeam,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, rep)
	}
	if rep.DryRun {
		fmt.Fprintln(m.Stdout, "dry run: nothing was written")
	}
	if len(rep.Ignored) > 0 {
		fmt.Fprintf(m.Stdout, "ignored columns: %s\n", strings.Join(rep.Ignored, ", "))
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROW\tRESULT\tCUSTOMER\tREASON")
	for _, r := range rep.Rows {
		cust := "-"
		if r.CustomerID != 0 {
			cust = fmt.Sprintf("#%d %s", r.CustomerID, truncate(r.Customer, 30))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Row, r.Action, cust, r.Reason)
	}
	tw.Flush()
	fmt.Fprintf(m.Stdout, "%d created, %d updated, %d merged, %d skipped, %d rejected\n",
		rep.Counts[store.ImportCreated], rep.Counts[store.ImportUpdated], rep.Counts[store.ImportMerged],
		rep.Counts[store.ImportSkipped], rep.Counts[store.ImportRejected])
	return nil
}
