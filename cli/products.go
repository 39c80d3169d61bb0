package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"keepwarm/book"
	"keepwarm/store"
)

// The catalog file has a header row and one product a row: name (required),
// tags (comma-separated, matched against customers' tags and their mail),
// pitch (one line, English), pitch_LANG (e.g. pitch_de, pitch_zh), link,
// price, moq, image. The file is the whole catalog: products not in it are
// removed.

// productsCmd lists or imports the product catalog.
type productsCmd struct {
	List   productsListCmd   `cmd:"" default:"withargs" help:"list the catalog (the default)"`
	Import productsImportCmd `cmd:"" help:"import the catalog from .xlsx or .csv (the file is the whole catalog)"`
}

type productsListCmd struct {
	JSON bool `name:"json" help:"print JSON"`
}

type productsImportCmd struct {
	File    string `arg:"" name:"file" help:"an .xlsx or .csv file: name, tags, pitch, pitch_LANG, link, price, moq, image"`
	DryRun  bool   `name:"dry-run" help:"report what would happen and write nothing (exit status 1 when the import would be refused)"`
	Sheet   string `name:"sheet" help:"the .xlsx sheet to read (default: the first visible one with a product header; refused when other sheets have one too)"`
	Replace bool   `name:"replace" help:"import even when the file removes more than half of the catalog, or holds no product (the catalog is emptied)"`
	JSON    bool   `name:"json" help:"print JSON"`
}

func (opt *productsListCmd) Run(ctx context.Context, m *Main) error {
	asJSON := &opt.JSON
	ps, err := m.db.Products(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, ps)
	}
	if len(ps) == 0 {
		fmt.Fprintln(m.Stdout, "no products: import a catalog with `keepwarm products import products.xlsx`")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTAGS\tPITCH LANGUAGES\tLINK")
	for _, p := range ps {
		var langs []string
		for l := range p.Pitch {
			if l == "" {
				l = "en"
			}
			langs = append(langs, l)
		}
		sort.Strings(langs)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", truncate(p.Name, 40), truncate(strings.Join(p.Tags, ", "), 40),
			strings.Join(langs, " "), p.Link)
	}
	return tw.Flush()
}

func (opt *productsImportCmd) Run(ctx context.Context, m *Main) error {
	dryRun, asJSON := &opt.DryRun, &opt.JSON
	table, err := readSheet("products import", opt.File, opt.Sheet, false, book.HasProductHeader)
	if err != nil {
		return err
	}
	if len(table.Fitting) > 0 && opt.Sheet == "" {
		// The file is the whole catalog: one sheet of several product
		// lines read alone would remove the others' products.
		return fmt.Errorf("%s: sheets %q and %s all have a product header: nothing imported; the file is the whole catalog, so put it on one sheet, or name the sheet that holds it with --sheet NAME",
			opt.File, table.Sheet, strings.Join(quoted(table.Fitting), ", "))
	}
	sheet, err := book.ParseProducts(table.Rows)
	if err != nil {
		return sheetError(opt.File, table, err)
	}
	// A file that drops most of the catalog (a partial export, the wrong
	// sheet) is refused unless --replace says it is meant: otherwise a
	// nightly import would leave introductions offering nothing, unsaid.
	res, err := m.db.ImportProducts(ctx, sheet.Products, m.clock.Now(), true)
	if err != nil {
		return err
	}
	var refused error
	if len(sheet.Products) == 0 && !opt.Replace {
		// An ERP's export of an empty filter, a template just downloaded.
		refused = fmt.Errorf("%s: no products under the header (row %d): nothing imported; the file is the whole catalog, so importing it would remove every product (when it is meant to, import it with --replace)",
			opt.File, sheet.HeaderRow)
	} else if before := res.Updated + res.Unchanged + res.Removed; res.Removed*2 > before && !opt.Replace {
		refused = fmt.Errorf("%s removes %d of the catalog's %d products and keeps %d: nothing imported; the file is the whole catalog (when it is meant to be, import it with --replace)",
			opt.File, res.Removed, before, before-res.Removed)
	}
	if !*dryRun {
		if refused != nil {
			return refused
		}
		if res, err = m.db.ImportProducts(ctx, sheet.Products, m.clock.Now(), false); err != nil {
			return err
		}
	}
	// A dry run's exit status says whether the import would go in, as
	// those of customers import and orders import do: a script's
	// `products import --dry-run F && products import F` stops here.
	dryRefused := func() error {
		if refused == nil {
			return nil
		}
		fmt.Fprintf(m.Stderr, "keepwarm: dry run: the import would be refused (nothing was written): %v; exit status 1\n", refused)
		return exitError{1}
	}
	if *asJSON {
		// What the text says too: a column read otherwise than written,
		// or not read at all, is not left to the table's reader alone.
		if err := writeJSON(m.Stdout, struct {
			store.ProductImport
			Products int      `json:"products"`
			Ignored  []string `json:"ignored_columns"`
			Notes    []string `json:"notes"`
			Refused  string   `json:"refused,omitempty"` // a dry run's: why the import itself would be refused
			// The workbook's sheet read, and its other sheets with data
			// but no product header.
			Sheet               string   `json:"sheet,omitempty"`
			SheetsWithoutHeader []string `json:"sheets_without_header,omitempty"`
		}{res, len(sheet.Products), append([]string{}, sheet.Ignored...), append([]string{}, sheet.Notes...), errString(refused), table.Sheet, table.Other}); err != nil {
			return err
		}
		return dryRefused()
	}
	if res.DryRun {
		fmt.Fprintln(m.Stdout, "dry run: nothing was written")
	}
	sheetNote(m, table)
	if len(sheet.Ignored) > 0 {
		fmt.Fprintf(m.Stdout, "ignored columns: %s\n", strings.Join(sheet.Ignored, ", "))
	}
	for _, n := range sheet.Notes {
		fmt.Fprintln(m.Stdout, n)
	}
	fmt.Fprintf(m.Stdout, "%d products: %d added, %d updated, %d unchanged, %d removed\n",
		len(sheet.Products), res.Added, res.Updated, res.Unchanged, res.Removed)
	if refused != nil {
		fmt.Fprintf(m.Stdout, "without --dry-run: %v\n", refused)
	}
	return dryRefused()
}

// errString is err's message, "" for nil.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func quoted(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}
