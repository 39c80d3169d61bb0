package book

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// ReadTable reads the rows of an .xlsx file (its first sheet that has data)
// or a .csv file, chosen by the file name's extension. Row i of the result
// is row i+1 of the file, blank rows included, so row numbers in reports
// match what the user sees in Excel.
func ReadTable(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("book: %w", err)
	}
	defer f.Close()
	return readTable(f, filepath.Base(path))
}

func readTable(r io.Reader, name string) ([][]string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return readXLSX(r, name)
	case ".csv", ".txt":
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("book: read %s: %w", name, err)
		}
		return ReadCSV(b)
	case ".xls":
		return nil, fmt.Errorf("book: %s is an old .xls workbook: open it in Excel or WPS and save as .xlsx (or .csv)", name)
	}
	return nil, fmt.Errorf("book: %s: only .xlsx and .csv files can be imported", name)
}

func readXLSX(r io.Reader, name string) ([][]string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		// A zip without a workbook inside ends in a bare "EOF"; a renamed
		// CSV in "zip: not a valid zip file".
		return nil, fmt.Errorf("book: %s is not an Excel workbook (%v): open it in Excel or WPS and save it as .xlsx, or export it as .csv", name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("book: %s is not an Excel workbook: it holds no sheet", name)
	}
	for _, sheet := range sheets {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, fmt.Errorf("book: read %s sheet %q: %w", name, sheet, err)
		}
		if len(rows) > 0 {
			if err := datesFromSerials(f, sheet, rows); err != nil {
				return nil, fmt.Errorf("book: read %s sheet %q: %w", name, sheet, err)
			}
			return rows, nil
		}
	}
	return nil, nil
}

// datesFromSerials rewrites the date cells of rows as ISO dates. Excel
// shows a Short Date cell (format 14) with a two-digit year ("02-29-64"),
// which no reader can put in the right century; the cell's serial (days
// since 1899-12-30) says the date exactly.
func datesFromSerials(f *excelize.File, sheet string, rows [][]string) error {
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	styles := map[int]bool{} // style index -> is a date format
	for i, row := range rows {
		for j, shown := range row {
			if i >= len(raw) || j >= len(raw[i]) || raw[i][j] == shown || raw[i][j] == "" {
				continue
			}
			serial, err := strconv.ParseFloat(raw[i][j], 64)
			if err != nil || serial < 1 || serial > 2958465 {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				continue
			}
			idx, err := f.GetCellStyle(sheet, cell)
			if err != nil {
				continue
			}
			isDate, seen := styles[idx]
			if !seen {
				isDate = dateStyle(f, idx)
				styles[idx] = isDate
			}
			if !isDate {
				continue
			}
			t, err := excelize.ExcelDateToTime(serial, date1904)
			if err != nil {
				continue
			}
			if serial == float64(int64(serial)) {
				row[j] = t.Format("2006-01-02")
			} else {
				row[j] = t.Format("2006-01-02 15:04:05")
			}
		}
	}
	return nil
}

// dateStyle reports whether the cell style idx shows a number as a date:
// one of Excel's built-in date formats or a custom format with a day, a
// month or a year in it.
func dateStyle(f *excelize.File, idx int) bool {
	st, err := f.GetStyle(idx)
	if err != nil || st == nil {
		return false
	}
	switch n := st.NumFmt; {
	case n >= 14 && n <= 17, n == 22, n >= 27 && n <= 36, n >= 50 && n <= 58:
		return true
	}
	if st.CustomNumFmt == nil {
		return false
	}
	// Drop quoted text, escapes and [colour]/[locale] sections before looking
	// for the letters d, m (without h or s: minutes) and y.
	var b strings.Builder
	quoted, bracket := false, false
	fmtStr := strings.ToLower(*st.CustomNumFmt)
	for i := 0; i < len(fmtStr); i++ {
		c := fmtStr[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case bracket:
		case c == '\\':
			i++
		default:
			b.WriteByte(c)
		}
	}
	s := b.String()
	return strings.ContainsAny(s, "dy") || (strings.Contains(s, "m") && !strings.ContainsAny(s, "hs"))
}

// ReadCSV decodes a CSV file as Excel writes it: UTF-8 with or without a
// byte-order mark, or GBK (GB18030) from Chinese Excel and WPS; the
// delimiter is a comma, a semicolon (European Excel) or a tab, whichever the
// first line uses most.
func ReadCSV(b []byte) ([][]string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			return nil, fmt.Errorf("book: the CSV file is neither UTF-8 nor GBK: save it as \"CSV UTF-8\": %w", err)
		}
		b = d
	}
	first, _, _ := bytes.Cut(b, []byte("\n"))
	comma := ','
	best := bytes.Count(first, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if n := bytes.Count(first, []byte(string(d))); n > best {
			comma, best = d, n
		}
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("book: CSV: %w", err)
		}
		// encoding/csv skips blank lines; keep row numbers true to the file.
		line, _ := cr.FieldPos(0)
		for len(rows) < line-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
	}
	return rows, nil
}
