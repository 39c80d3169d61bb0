package keepwarm

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVBOM is the UTF-8 byte order mark. Excel opens a CSV without it in the
// system's ANSI code page (GBK on a Chinese Windows), so Chinese names and
// subjects come out garbled; with it, as UTF-8.
const CSVBOM = "\uFEFF"

// NewCSVWriter writes CSVBOM to w and returns a csv.Writer on it: every
// CSV keepwarm writes for a person to open starts so.
func NewCSVWriter(w io.Writer) *csv.Writer {
	_, _ = io.WriteString(w, CSVBOM)
	return csv.NewWriter(w)
}

// CSVSafe keeps a spreadsheet from reading a cell of row as a formula: a
// cell starting with = + - @, a tab or a carriage return gets a leading ',
// unless the whole cell is a number ("-3", "+1.5"; "-1+cmd|..." is not
// one). Every CSV keepwarm writes for a person to open goes through it: a
// note "-no budget" or a customer name imported as "=HYPERLINK(...)" stays
// text.
func CSVSafe(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !csvNumber(c) {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}

// csvNumber: the whole cell is a decimal number (not "Inf", "NaN" or hex,
// which ParseFloat takes too).
func csvNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && strings.Trim(s, "+-.0123456789eE") == ""
}
