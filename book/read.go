package book

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
		return nil, fmt.Errorf("book: open %s: %w", name, err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, fmt.Errorf("book: read %s sheet %q: %w", name, sheet, err)
		}
		if len(rows) > 0 {
			return rows, nil
		}
	}
	return nil, nil
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
