package cli

import (
	"errors"
	"fmt"
	"strings"

	"keepwarm/book"
)

// readSheet reads a command's file as book.ReadSheet does; a --sheet the
// file does not have (or a CSV given --sheet) is a usage error, exit 2,
// which a cron wrapper does not retry.
func readSheet(cmd, path, sheet string, fill bool, fits func([][]string) bool) (book.Table, error) {
	t, err := book.ReadSheet(path, sheet, fill, fits)
	var choice *book.SheetChoiceError
	if errors.As(err, &choice) {
		return t, usageError{fmt.Sprintf("%s: --sheet %q: %s", cmd, sheet, strings.TrimPrefix(choice.Msg, "book: "))}
	}
	return t, err
}

// sheetError names the workbook's sheet in an error about its rows (no
// header, no email column): a workbook of several sheets would otherwise
// leave the user looking at the wrong one.
func sheetError(file string, t book.Table, err error) error {
	if t.Sheet == "" {
		return fmt.Errorf("%s: %w", file, err)
	}
	return fmt.Errorf("%s (sheet %q): %w", file, t.Sheet, err)
}

// sheetNote says on standard output which of a workbook's sheets were not
// read, "" when every sheet with data was.
func sheetNote(m *Main, t book.Table) {
	if u := t.Unread(); u != "" {
		fmt.Fprintln(m.Stdout, u)
	}
}

// unreadSheets fails an import (exit 3, as for rejected rows) that read
// one of several sheets with the command's header without --sheet naming
// it: the other sheets' customers or orders are not in the book, and a
// nightly import must not look as if the whole file went in. Unlike
// rejected rows, --allow-rejects does not make it 0: a sheet is no row
// to fix, and only --sheet says the others are not wanted.
func unreadSheets(m *Main, t book.Table, given string) error {
	if given != "" || len(t.Fitting) == 0 {
		return nil
	}
	fmt.Fprintf(m.Stderr, "keepwarm: %d other sheet(s) not read: import each with --sheet NAME (sheet %q was); exit status %d (--allow-rejects does not make this 0)\n", len(t.Fitting), t.Sheet, rejectedExit)
	return exitError{rejectedExit}
}
