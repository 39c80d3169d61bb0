package book

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeXLSX saves rows as a workbook in dir; styles maps "B3" to an Excel
// number format id for that cell (14 is Short Date).
func writeXLSX(t *testing.T, dir, name string, rows [][]any, styles map[string]int) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for cell, numFmt := range styles {
		st, err := f.NewStyle(&excelize.Style{NumFmt: numFmt})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", cell, cell, st); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExcelShortDateBirthdayKeepsItsCentury(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	leap := time.Date(1964, 2, 29, 0, 0, 0, 0, time.UTC)
	future := time.Date(2030, 5, 1, 0, 0, 0, 0, time.UTC)
	custom := time.Date(1958, 11, 3, 0, 0, 0, 0, time.UTC)
	path := writeXLSX(t, t.TempDir(), "book.xlsx", [][]any{
		{"Company", "Contact", "Email", "Birthday"},
		{"Gulf Build", "Omar", "omar@gulfbuild.ae", leap},
		{"Typo GmbH", "Jan", "jan@typo.de", future},
		{"Old Ltd", "Ann", "ann@old.co.uk", custom},
	}, map[string]int{"D2": 14, "D3": 14})
	// D4 carries a custom format: a date all the same.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fmtStr := `dd"."mm"."yy`
	st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStr})
	f.SetCellStyle("Sheet1", "D4", "D4", st)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	rows, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 3 || s.Records[0].Birthday != "1964-02-29" || s.Records[2].Birthday != "1958-11-03" {
		t.Fatalf("records: %+v", s.Records)
	}
	// A birthday in the future is a typo: the birthday is left out, the
	// customer is not.
	if r := s.Records[1]; len(s.Rejected) != 0 || r.Birthday != "" || !strings.Contains(strings.Join(r.Warnings, ";"), "2030-05-01 is in the future: left out") {
		t.Fatalf("rejected %+v, row 3 %+v", s.Rejected, r)
	}
	// A birthday typed as text with a two-digit year is a past birthday too.
	if b, err := NormalizeBirthdayAt("29.02.64", DateUnknown, now); err != nil || b != "1964-02-29" {
		t.Errorf("29.02.64: %q %v", b, err)
	}
}

func TestSheetSaysWhetherItHasAnOwnerColumn(t *testing.T) {
	s, _ := Parse([][]string{{"Company", "Email"}, {"A", "a@a.com"}}, ParseOptions{})
	o, _ := Parse([][]string{{"公司", "邮箱", "业务员"}, {"A", "a@a.com", ""}}, ParseOptions{})
	if s.HasOwner || !o.HasOwner {
		t.Errorf("HasOwner: %v %v", s.HasOwner, o.HasOwner)
	}
}

func TestZipWithoutWorkbookIsNotAnExcelWorkbook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "customers.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	e, _ := w.Create("customers.csv")
	e.Write([]byte("Company,Email\nA,a@a.com\n"))
	w.Close()
	f.Close()
	_, err = ReadTable(path)
	if err == nil || !strings.Contains(err.Error(), "customers.xlsx is not an Excel workbook") {
		t.Fatalf("err = %v", err)
	}
}

func TestEveryFieldIsBounded(t *testing.T) {
	long := strings.Repeat("A", 10<<20)
	rows := [][]string{
		{"Company", "Contact", "Email", "Notes", "Tags"},
		{long, "Bob", "bob@acme.com", "", ""},
		{"Acme", strings.Repeat("名", MaxName+1), "c@acme.com", "", ""},
		{"Acme", "Bob", "d@acme.com", strings.Repeat("n", MaxNotes+1), ""},
		{"Acme", "Bob", "e@acme.com", strings.Repeat("n", MaxNotes), strings.Repeat("t", MaxCell+1)},
		{"Acme", strings.Repeat("名", MaxName), "f@acme.com", strings.Repeat("n", MaxNotes), ""},
	}
	s, err := Parse(rows, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		2: "company in column A is 10485760 characters long: at most 200",
		3: "contact in column B is 201 characters long: at most 200",
		4: "notes in column D is 10241 bytes long: at most 10240",
		5: "tags in column E is 2001 characters long: at most 2000",
	}
	if len(s.Rejected) != len(want) || len(s.Records) != 1 || s.Records[0].Row != 6 {
		t.Fatalf("rejected %+v, %d records", s.Rejected, len(s.Records))
	}
	for _, r := range s.Rejected {
		if r.Reason != want[r.Row] {
			t.Errorf("row %d: %q, want %q", r.Row, r.Reason, want[r.Row])
		}
	}
}

func TestPhoneWithoutCountryNamesRowAndColumn(t *testing.T) {
	s, err := Parse([][]string{
		{"Company", "Email", "Country", "Tel", "Mobile"},
		{"Acme", "bob@acme.com", "", "+1 555 010 2000", "0171 1234567"},
	}, ParseOptions{})
	if err != nil || len(s.Records) != 1 {
		t.Fatalf("%v %+v", err, s)
	}
	r := s.Records[0]
	if len(r.Phones) != 1 || len(r.Warnings) != 1 ||
		!strings.Contains(r.Warnings[0], `phone "0171 1234567" in column E (Mobile) has no country code and the row no country`) {
		t.Fatalf("record: %+v", r)
	}
}

func TestAmbiguousDatesNeedTheFilesFormat(t *testing.T) {
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	rows := [][]string{
		{"Customer", "Date", "Amount", "Order No"},
		{"a@a.com", "02/08/2026", "100", "1"},
		{"a@a.com", "13/08/2026", "100", "2"},
		{"a@a.com", "08/13/2026", "100", "3"},
		{"a@a.com", "02.08.2026", "100", "4"},
		{"a@a.com", "2027-01-15", "100", "5"},
		{"a@a.com", "2026-11-30", "-40", "6"},
	}
	orders, rej, err := ParseOrdersWith(rows, OrderOptions{Currency: "USD", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 2 || rej[0].Row != 2 || !strings.Contains(rej[0].Reason, "could be 2 August 2026 or 8 February 2026") ||
		rej[1].Row != 6 || !strings.Contains(rej[1].Reason, "in the future") {
		t.Fatalf("rejected: %+v", rej)
	}
	day := func(o Order) string { return o.Date.Format("2006-01-02") }
	if len(orders) != 4 || day(orders[0]) != "2026-08-13" || day(orders[1]) != "2026-08-13" || day(orders[2]) != "2026-08-02" ||
		!orders[3].Refund() || orders[0].Refund() {
		t.Fatalf("orders: %+v", orders)
	}
	for order, want := range map[DateOrder]string{DateDMY: "2026-08-02", DateMDY: "2026-02-08"} {
		orders, rej, _ := ParseOrdersWith(rows[:2], OrderOptions{Now: now, DateOrder: order})
		if len(rej) != 0 || len(orders) != 1 || day(orders[0]) != want {
			t.Errorf("%s: %+v %+v", order, orders, rej)
		}
	}
	if o, err := ParseDateOrder("DD/MM/YYYY"); err != nil || o != DateDMY {
		t.Errorf("DD/MM/YYYY: %q %v", o, err)
	}
	if o, err := ParseDateOrder("m/d/y"); err != nil || o != DateMDY {
		t.Errorf("m/d/y: %q %v", o, err)
	}
	if _, err := NormalizeBirthday("03/04/1980"); err == nil {
		t.Error("03/04/1980 read as a birthday without the file's format")
	}
}

func TestReturningInSaysHoursOnTheLastDay(t *testing.T) {
	d := time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC)
	for left, want := range map[time.Duration]string{
		59 * time.Minute: "returning in 59 minutes", time.Hour + time.Minute: "returning in 2 hours",
		23 * time.Hour: "returning in 23 hours", Day: "returning in 1 day", Day + time.Hour: "returning in 2 days",
		0: "returning to the pool now",
	} {
		if got := ReturningIn(d, d.Add(-left)); got != want {
			t.Errorf("%s left: %q, want %q", left, got, want)
		}
	}
}

// A birthday typed without a year ("5/17", 5月17日) is a month-day cell:
// Excel stores it in the current year with a format showing none, and
// it is read as the month and day alone, whenever the file is imported.
// A birthday in the future (a typo) leaves out the birthday, not the
// customer.
func TestExcelBirthdayWithoutAYear(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	may17 := time.Date(2026, 5, 17, 0, 0, 0, 0, time.UTC)
	path := writeXLSX(t, t.TempDir(), "book.xlsx", [][]any{
		{"Company", "Contact", "Email", "Birthday"},
		{"Acme", "Bob", "bob@acme.com", may17},
		{"广州灯具", "王伟", "wang@gzlamp.cn", may17},
		{"Beta", "Bea", "bea@beta.com", may17},
		{"Gamma", "Gus", "gus@gamma.com", may17},
	}, map[string]int{"D2": 16, "D3": 58, "D5": 14})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fmtStr := `[$-804]m"月"d"日"`
	st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStr})
	f.SetCellStyle("Sheet1", "D4", "D4", st)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rows, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rejected) != 0 || len(s.Records) != 4 {
		t.Fatalf("records %+v rejected %+v", s.Records, s.Rejected)
	}
	for _, r := range s.Records[:3] {
		if r.Birthday != "--05-17" {
			t.Errorf("row %d: birthday %q, want --05-17", r.Row, r.Birthday)
		}
	}
	if r := s.Records[3]; r.Birthday != "" || !strings.Contains(strings.Join(r.Warnings, "; "), "birthday 2026-05-17 is in the future: left out") {
		t.Errorf("a full date in the future: %+v", r)
	}
}
