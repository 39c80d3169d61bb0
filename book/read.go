package book

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ReadTable reads the rows of an .xlsx file (its first visible sheet that
// has data) or a .csv file, chosen by the file name's extension. Row i of
// the result is row i+1 of the file, blank rows included and a cell of
// several lines one row, so row numbers in reports match what the user sees
// in Excel. A cell merged down several rows is read on its first row only:
// in an orders sheet an amount merged over an order's lines is one amount,
// and each row without an order number is an order of its own.
func ReadTable(path string) ([][]string, error) {
	t, err := ReadSheet(path, "", false, nil)
	return t.Rows, err
}

// ReadCustomerTable is ReadTable for a customer sheet: a cell merged down
// several rows of an .xlsx (a company, country or owner merged over one
// company's contacts) is read on each of those rows.
func ReadCustomerTable(path string) ([][]string, error) {
	t, err := ReadSheet(path, "", true, nil)
	return t.Rows, err
}

// Table is the rows read from a file, and for a workbook which sheet they
// are and which other sheets hold data.
type Table struct {
	Rows [][]string
	// Sheet is the workbook's sheet read ("" for a CSV).
	Sheet string
	// Fitting are the other visible sheets whose rows the command can read
	// too (a sheet per salesperson, per market, per month); Other the
	// visible sheets with data it cannot (a cover, an instructions sheet).
	// A hidden sheet (a template's dropdown lists) is never read or named.
	Fitting, Other []string
}

// Unread says which of the workbook's sheets were not read, for the
// command's report; "" when none holds data.
func (t Table) Unread() string {
	var parts []string
	if len(t.Fitting) > 0 {
		parts = append(parts, fmt.Sprintf("sheet(s) %s have such a header too: import each with --sheet NAME", quoteAll(t.Fitting)))
	}
	if len(t.Other) > 0 {
		parts = append(parts, fmt.Sprintf("sheet(s) %s have no header the command reads (a cover, instructions, another kind of list)", quoteAll(t.Other)))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("read sheet %q only; not read: %s", t.Sheet, strings.Join(parts, "; "))
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// SheetChoiceError is a sheet asked for (--sheet) that the file does not
// have, or a file without sheets: a wrong flag value, not a failure.
type SheetChoiceError struct{ Msg string }

func (e *SheetChoiceError) Error() string { return e.Msg }

// ReadSheet reads path as ReadTable does (fill: as ReadCustomerTable), and
// of a workbook the sheet named, else the first visible sheet with data
// whose rows fits accepts (the header the command looks for), else the
// first visible sheet with data. Hidden sheets are passed over unless
// named: a template's dropdown lists (业务员, 等级) are no customers.
func ReadSheet(path, sheet string, fill bool, fits func([][]string) bool) (Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return Table{}, fmt.Errorf("book: %w", err)
	}
	defer f.Close()
	name := filepath.Base(path)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return readXLSX(f, name, sheet, fill, fits)
	}
	if sheet != "" {
		return Table{}, &SheetChoiceError{fmt.Sprintf("book: %s is no workbook: only an .xlsx file has sheets to choose with --sheet", name)}
	}
	rows, err := readTable(f, name, fill)
	return Table{Rows: rows}, err
}

func readTable(r io.Reader, name string, fill bool) ([][]string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		t, err := readXLSX(r, name, "", fill, nil)
		return t.Rows, err
	case ".csv", ".txt":
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("book: read %s: %w", name, err)
		}
		return readCSV(b, name)
	case ".xls":
		return nil, fmt.Errorf("book: %s is an old .xls workbook: open it in Excel or WPS and save as .xlsx (or .csv)", name)
	}
	return nil, fmt.Errorf("book: %s: only .xlsx and .csv files can be imported", name)
}

func readXLSX(r io.Reader, name, want string, fill bool, fits func([][]string) bool) (Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		// A zip without a workbook inside ends in a bare "EOF"; a renamed
		// CSV in "zip: not a valid zip file".
		return Table{}, fmt.Errorf("book: %s is not an Excel workbook (%v): open it in Excel or WPS and save it as .xlsx, or export it as .csv", name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Table{}, fmt.Errorf("book: %s is not an Excel workbook: it holds no sheet", name)
	}
	if want != "" {
		// Excel and WPS take a sheet's name in any case.
		i := slices.IndexFunc(sheets, func(s string) bool { return strings.EqualFold(s, want) })
		if i < 0 {
			return Table{}, &SheetChoiceError{fmt.Sprintf("book: %s has no sheet %q: its sheets are %s", name, want, quoteAll(sheets))}
		}
		want = sheets[i]
	}
	var t Table
	var read [][]string
	for _, sheet := range sheets {
		if want != "" && sheet != want {
			continue
		}
		if want == "" {
			if visible, err := f.GetSheetVisible(sheet); err == nil && !visible {
				continue
			}
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			return Table{}, fmt.Errorf("book: read %s sheet %q: %w", name, sheet, err)
		}
		if len(rows) == 0 {
			continue
		}
		fit := fits == nil || fits(rows)
		switch {
		case t.Sheet == "" && want != "", t.Sheet == "" && fit:
			t.Sheet, read = sheet, rows
		case fit && fits != nil:
			t.Fitting = append(t.Fitting, sheet)
		default:
			t.Other = append(t.Other, sheet)
		}
	}
	if t.Sheet == "" {
		if len(t.Other) == 0 {
			return t, nil
		}
		// No sheet has the header: the first one's rows get the errors,
		// which name it.
		t.Sheet, t.Other = t.Other[0], t.Other[1:]
		if read, err = f.GetRows(t.Sheet); err != nil {
			return Table{}, fmt.Errorf("book: read %s sheet %q: %w", name, t.Sheet, err)
		}
	}
	if fits == nil {
		// The plain readers name no other sheets.
		t.Fitting, t.Other = nil, nil
	}
	raw, err := f.GetRows(t.Sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return Table{}, fmt.Errorf("book: read %s sheet %q: %w", name, t.Sheet, err)
	}
	keepDigits(read, raw)
	if err := datesFromSerials(f, t.Sheet, read, raw); err != nil {
		return Table{}, fmt.Errorf("book: read %s sheet %q: %w", name, t.Sheet, err)
	}
	if fill {
		if read, err = fillMerged(f, t.Sheet, read); err != nil {
			return Table{}, fmt.Errorf("book: read %s sheet %q: %w", name, t.Sheet, err)
		}
	}
	t.Rows = read
	return t, nil
}

// keepDigits puts back the digits of a long whole number that the reader
// shows in scientific notation: a cell of General format holding more
// than 11 digits (8613800138000, a phone typed without its +) is shown as
// 8.613800138E+12, while the workbook holds every digit. Only a CSV saved
// from Excel loses them; a raw value itself in E-notation is left as it is.
func keepDigits(rows, raw [][]string) {
	for i, row := range rows {
		for j := range row {
			if i >= len(raw) || j >= len(raw[i]) || !excelScientific(row[j]) {
				continue
			}
			if v := raw[i][j]; v != "" && strings.Trim(v, "0123456789") == "" {
				row[j] = v
			}
		}
	}
}

// fillMerged copies the value of each merged range of several rows into
// every cell it covers. Chinese customer sheets merge 公司名称, 国家 or
// 业务员 down the rows of one company's contacts (合并单元格), and the
// workbook holds the value in the range's first cell alone: the other rows
// would be read without their company or owner, each made a customer of
// its own and put in the pool. A merge within one row (a title over the
// columns) is left as it is. A row that holds nothing but what a merge
// filled in (a template's block of rows for contacts, left empty) stays
// blank: it is no contact without an email or phone.
func fillMerged(f *excelize.File, sheet string, rows [][]string) ([][]string, error) {
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return rows, err
	}
	empty := make([]bool, len(rows))
	for i, row := range rows {
		empty[i] = blank(row)
	}
	for _, m := range merged {
		c1, r1, err := excelize.CellNameToCoordinates(m.GetStartAxis())
		if err != nil {
			continue
		}
		c2, r2, err := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err != nil || r2 <= r1 || r1 > len(rows) || c1 > len(rows[r1-1]) {
			continue
		}
		v := rows[r1-1][c1-1]
		if v == "" {
			continue
		}
		for r := r1; r <= r2; r++ {
			for len(rows) < r {
				rows = append(rows, nil)
			}
			for len(rows[r-1]) < c2 {
				rows[r-1] = append(rows[r-1], "")
			}
			for c := c1; c <= c2; c++ {
				rows[r-1][c-1] = v
			}
		}
	}
	rows = rows[:len(empty)]
	for i := range rows {
		if empty[i] {
			rows[i] = nil
		}
	}
	return rows, nil
}

// datesFromSerials rewrites the date cells of rows as ISO dates. Excel
// shows a Short Date cell (format 14) with a two-digit year ("02-29-64"),
// which no reader can put in the right century; the cell's serial (days
// since 1899-12-30) says the date exactly. A cell whose format shows no
// year ("d-mmm", 5月17日) holds a date typed without one ("5/17"), which
// Excel put in the year it was typed: it becomes a month and day
// ("--05-17"), as a birthday so typed means. The East Asian built-in
// formats (27-36, 50-58) are shown as plain numbers by the reader, so a
// cell shown as its raw value is looked at too.
func datesFromSerials(f *excelize.File, sheet string, rows, raw [][]string) error {
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	type dateFormat struct{ date, noYear bool }
	styles := map[int]dateFormat{} // style index -> its kind of format
	for i, row := range rows {
		for j := range row {
			if i >= len(raw) || j >= len(raw[i]) || raw[i][j] == "" {
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
			kind, seen := styles[idx]
			if !seen {
				kind.date, kind.noYear = dateStyle(f, idx)
				styles[idx] = kind
			}
			if !kind.date {
				continue
			}
			t, err := excelize.ExcelDateToTime(serial, date1904)
			if err != nil {
				continue
			}
			if kind.noYear {
				row[j] = t.Format("--01-02")
			} else if serial == float64(int64(serial)) {
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
// month or a year in it; and whether it shows a day and month but no year.
// Of the East Asian built-ins, 28, 29, 51, 53, 54 and 58 are "m月d日" in
// Chinese Excel (elsewhere an era's date: only its year is lost).
func dateStyle(f *excelize.File, idx int) (date, noYear bool) {
	st, err := f.GetStyle(idx)
	if err != nil || st == nil {
		return false, false
	}
	switch n := st.NumFmt; {
	case n == 16, n == 28, n == 29, n == 51, n == 53, n == 54, n == 58:
		return true, true
	case n >= 14 && n <= 17, n == 22, n >= 27 && n <= 36, n >= 50 && n <= 58:
		return true, false
	}
	if st.CustomNumFmt == nil {
		return false, false
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
	date = strings.ContainsAny(s, "dy") || (strings.Contains(s, "m") && !strings.ContainsAny(s, "hs"))
	// e and g are the era year and era of East Asian formats.
	noYear = date && strings.Contains(s, "d") && strings.Contains(s, "m") && !strings.ContainsAny(s, "yeg")
	return date, noYear
}

// ReadCSV decodes a CSV file as Excel writes it: UTF-8 with or without a
// byte-order mark, UTF-16 with one (Excel's "Unicode Text"), or GBK
// (GB18030) from Chinese Excel and WPS; the delimiter is a comma, a
// semicolon (European Excel) or a tab, whichever the first line uses most.
// A file in any other encoding (Windows-1252 from Western Excel, Big5) is
// refused: read as GBK its names would come out as wrong Chinese
// characters, with no error.
func ReadCSV(b []byte) ([][]string, error) {
	return readCSV(b, "the CSV file")
}

func readCSV(b []byte, name string) ([][]string, error) {
	b, err := decodeCSV(b, name)
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(b, '\r') >= 0 && bytes.IndexByte(b, '\n') < 0 {
		// Excel's "CSV (Macintosh)" ends lines with CR alone, which
		// encoding/csv does not: the whole file would be one row.
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	first, _, _ := bytes.Cut(b, []byte("\n"))
	comma := ','
	best := bytes.Count(first, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if n := bytes.Count(first, []byte(string(d))); n > best {
			comma, best = d, n
		}
	}
	if err := strayQuote(b, comma); err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	end := 0 // the file line the previous record ended on
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("book: CSV: %w", err)
		}
		// encoding/csv skips blank lines: each is a row in Excel, so keep
		// it to keep row numbers true. A cell of several lines is not: it
		// is one row, and the lines it spans are no blank rows.
		start, _ := cr.FieldPos(0)
		for ; end < start-1; end++ {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
		last := len(rec) - 1
		end, _ = cr.FieldPos(last)
		end += strings.Count(rec[last], "\n")
	}
	return rows, nil
}

// strayQuote refuses a CSV file in which a cell begins with a quote and
// holds another one that does not end it (`"Best" Trading`), or never
// closes: read leniently, every later row up to the next quote would land
// in that one cell and vanish from the import without a word. Excel and
// WPS double such quotes; a hand-written file or a script's may not. A
// quote inside a cell that does not begin with one (3/4" valves) is only
// itself, and is read as such.
func strayQuote(b []byte, comma rune) error {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		_, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote) {
			continue // a quote inside an unquoted cell: the lenient reading keeps it
		}
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote) {
			text := strings.TrimRight(lineText(b, pe.StartLine), "\r")
			if r := []rune(text); len(r) > 60 {
				text = string(r[:60]) + "…"
			}
			return fmt.Errorf("book: CSV line %d (%s): a cell there begins with a quote and holds another that does not end it, so the rows after it would be read into that one cell: save the file from Excel or WPS, or double each quote inside a quoted cell (\"\"\"Best\"\" Trading\" for \"Best\" Trading)", pe.StartLine, text)
		}
		if err != nil {
			return fmt.Errorf("book: CSV: %w", err)
		}
	}
}

// lineText is line n (from 1) of b.
func lineText(b []byte, n int) string {
	for i := 1; i < n; i++ {
		_, rest, ok := bytes.Cut(b, []byte("\n"))
		if !ok {
			return ""
		}
		b = rest
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return string(line)
}

// decodeCSV returns the text of a CSV file in UTF-8 (see ReadCSV); name
// names the file in errors.
func decodeCSV(b []byte, name string) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = b[3:]
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		d, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return nil, fmt.Errorf("book: %s is not readable UTF-16 (%v): in Excel or WPS save it as \"CSV UTF-8\"", name, err)
		}
		return d, nil
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, fmt.Errorf("book: %s holds NUL bytes from line %d (UTF-16 without a byte-order mark?): in Excel or WPS save it as \"CSV UTF-8\"", name, lineAt(b, i))
	}
	if utf8.Valid(b) {
		return b, nil
	}
	if at, ok := plausibleGBK(b); !ok {
		return nil, fmt.Errorf("book: %s is neither UTF-8 nor Chinese GBK (from line %d: Windows-1252, Big5 or another encoding, whose names would be read wrongly): in Excel or WPS save it as \"CSV UTF-8\"", name, lineAt(b, at))
	}
	d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return nil, fmt.Errorf("book: %s is neither UTF-8 nor GBK: in Excel or WPS save it as \"CSV UTF-8\": %w", name, err)
	}
	return d, nil
}

// plausibleGBK says whether b reads as the GBK Chinese Excel and WPS
// write: every byte above ASCII is part of a valid GB18030 sequence, and
// most two-byte characters are of GB2312, the simplified characters and
// punctuation such text is made of. The GB18030 decoder turns any byte
// into some character without an error: Windows-1252's "ü" before a
// letter is a valid GBK pair (outside GB2312) and Big5's characters
// largely are too. When it is not, at is the offset of the first byte that
// does not fit (or of the first character outside GB2312).
func plausibleGBK(b []byte) (at int, ok bool) {
	chars, outside, first := 0, 0, -1
	bad := func(i int) (int, bool) {
		if first >= 0 {
			return first, false
		}
		return i, false
	}
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			i++
			continue
		}
		if c == 0x80 || c == 0xff || i+1 >= len(b) {
			return bad(i)
		}
		c2 := b[i+1]
		switch {
		case c2 >= 0x30 && c2 <= 0x39: // four bytes: rare characters
			if i+3 >= len(b) || b[i+2] < 0x81 || b[i+2] == 0xff || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return bad(i)
			}
			chars, outside = chars+1, outside+1
			if first < 0 {
				first = i
			}
			i += 4
		case c2 >= 0x40 && c2 != 0x7f && c2 != 0xff:
			chars++
			if c < 0xa1 || c2 < 0xa1 {
				outside++
				if first < 0 {
					first = i
				}
			}
			i += 2
		default:
			return bad(i)
		}
	}
	// Simplified Chinese text keeps to GB2312 but for a rare name; Big5
	// text falls outside it for some four characters in ten, and Latin
	// text for every accented letter before a letter.
	if outside*5 > chars {
		return first, false
	}
	return 0, true
}

// lineAt is the line of the file offset i falls on, counting from 1.
func lineAt(b []byte, i int) int {
	return bytes.Count(b[:i], []byte("\n")) + 1
}

// HasCustomerHeader says whether rows have a customer sheet's header: the
// header Parse looks for (a row among the first ten naming two known
// columns, one an email or phone) that is no orders header (an amount
// column: an orders sheet names its customer's email too), and that names
// a customer's detail (country, grade, owner, birthday...) or no column
// of a log (a date, what was done: logWords). A follow-up log (客户, 联系人,
// 邮箱, 日期, 跟进内容) names whom each line is about: it is no customer list.
func HasCustomerHeader(rows [][]string) bool {
	head := rows[:min(len(rows), 10)]
	s, err := Parse(head, ParseOptions{})
	if err != nil || HasOrderHeader(head) {
		return false
	}
	for _, f := range s.Fields {
		switch f {
		case FieldCompany, FieldContact, FieldEmail, FieldPhone, FieldNotes:
		default:
			return true
		}
	}
	for _, c := range s.Ignored {
		h := foldHeader(c)
		if slices.ContainsFunc(logWords, func(w string) bool { return strings.Contains(h, w) }) {
			return false
		}
	}
	return true
}

// logWords are words of a column header that make a sheet naming only
// who (company, contact, email, phone) a log of what happened to them,
// not a customer list: a follow-up log, a mail log, a list of quotes.
var logWords = []string{"date", "time", "日期", "时间", "content", "内容", "记录", "followup", "跟进", "subject", "主题",
	"status", "状态", "amount", "金额", "qty", "quantity", "数量", "price", "单价", "result", "结果"}

// HasOrderHeader says whether rows have the header ParseOrdersWith looks
// for (customer and amount columns among the first ten rows).
func HasOrderHeader(rows [][]string) bool {
	_, _, err := ParseOrdersWith(rows[:min(len(rows), 10)], OrderOptions{})
	return err == nil || !strings.Contains(err.Error(), "no header row")
}

// HasProductHeader says whether rows' first row with text names a product
// column (name, 产品, 品名 …), as ParseProducts needs.
func HasProductHeader(rows [][]string) bool {
	for _, r := range rows {
		if strings.TrimSpace(strings.Join(r, "")) == "" {
			continue
		}
		for _, c := range r {
			if productColumns[foldHeader(c)] == "name" {
				return true
			}
		}
		return false
	}
	return false
}
