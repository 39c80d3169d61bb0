package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"keepwarm"
	"keepwarm/book"
)

// xlsxRows saves rows as a workbook in the test's temp dir and reads it
// back the way an import does.
func xlsxRows(t *testing.T, rows [][]any) [][]string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "sheet.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	out, err := book.ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func importSheet(t *testing.T, db *DB, now time.Time, rows [][]string, opt ImportOptions) ImportReport {
	t.Helper()
	s, err := book.Parse(rows, book.ParseOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	opt.FreeMail = freeMail
	rep, err := db.ImportBook(context.Background(), now, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestOrderNumbersBelongToTheirCustomer(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Owner"},
		{"Gulf Build", "omar@gulfbuild.ae", "lily@team.example"},
		{"Acme", "bob@acme.com", "lily@team.example"},
	}, ImportOptions{})
	orders, rej, err := book.ParseOrdersWith(xlsxRows(t, [][]any{
		{"Customer", "Date", "Amount", "Currency", "Order No"},
		{"Gulf Build", "2026-03-01", "5,000.00", "USD", "1001"},
		{"Acme", "2026-03-02", "7,000.00", "USD", "1001"},
		{"omar@gulfbuild.ae", "2026-03-05", "5,000.00", "USD", "1001"},
		{"Acme", "2026-04-02", "900.00", "USD", "1002"},
	}), book.OrderOptions{Currency: "USD", Now: t0})
	if err != nil || len(rej) != 0 || len(orders) != 4 {
		t.Fatal(orders, rej, err)
	}
	rep, err := db.ImportOrders(ctx, t0, orders, "")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 3 || len(rep.Duplicates) != 1 || rep.Duplicates[0].Row != 4 ||
		!strings.Contains(rep.Duplicates[0].Reason, "order 1001 of omar@gulfbuild.ae is on row 2 already") {
		t.Fatalf("first import: %+v", rep)
	}
	rep, err = db.ImportOrders(ctx, t0, orders[:2], "")
	if err != nil || rep.Added != 0 || rep.Known != 2 || len(rep.Duplicates) != 0 {
		t.Fatalf("second import: %+v %v", rep, err)
	}

	// A GBK CSV from Chinese Excel: the same number with another amount is
	// reported, not added; a refund lowers revenue but is no order.
	text := "客户,日期,金额,订单号\nAcme,2026-03-02,7500.00,1001\nAcme,2026-05-01,-400.00,R-7\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(gbk), 0o600); err != nil {
		t.Fatal(err)
	}
	rows, err := book.ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	orders, rej, err = book.ParseOrdersWith(rows, book.OrderOptions{Currency: "USD", Now: t0})
	if err != nil || len(rej) != 0 {
		t.Fatal(rej, err)
	}
	rep, err = db.ImportOrders(ctx, t0, orders, "")
	if err != nil || rep.Added != 1 || rep.Refunds != 1 || len(rep.Duplicates) != 1 || rep.Duplicates[0].Row != 2 ||
		!strings.Contains(rep.Duplicates[0].Reason, "in the book already with 7,000.00 USD on 2026-03-02") {
		t.Fatalf("GBK import: %+v %v", rep, err)
	}
	revs, err := db.Revenues(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revenues: %+v %v", revs, err)
	}
	for _, r := range revs {
		want := map[string][2]int64{"Gulf Build": {5_000_00, 1}, "Acme": {7_000_00 + 900_00 - 400_00, 2}}[r.Customer]
		if r.Cents != want[0] || int64(r.Orders) != want[1] || r.LastOrder.Format("01-02") == "05-01" {
			t.Errorf("%s: %+v, want %v", r.Customer, r, want)
		}
	}
}

func TestSeveralEmailsInOneCellArePersonAndCompany(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rep := importSheet(t, db, t0, xlsxRows(t, [][]any{
		{"Firma", "Contact", "E-Mail", "Salutation", "Birthday", "Country", "Owner"},
		{"Müller Bau GmbH", "Klaus Müller", "klaus@muellerbau.de; einkauf@muellerbau.de", "Sehr geehrter Herr Müller", "1964-02-29", "Germany", "lily@team.example"},
	}), ImportOptions{})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 2 {
		t.Fatalf("%+v %v", c, err)
	}
	klaus, einkauf := c.Contacts[0], c.Contacts[1]
	if klaus.Email != "klaus@muellerbau.de" || klaus.Salutation != "Sehr geehrter Herr Müller" || klaus.Birthday != "1964-02-29" || klaus.CompanyAddress {
		t.Errorf("person: %+v", klaus)
	}
	if einkauf.Email != "einkauf@muellerbau.de" || einkauf.Name != "" || einkauf.Custom || einkauf.Birthday != "" || !einkauf.CompanyAddress {
		t.Errorf("company address: %+v", einkauf)
	}
	recips, err := db.GreetingRecipients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recips {
		if r.Contact.Email == "einkauf@muellerbau.de" && (!r.CompanyAddress || r.Birthday != "" || r.Salutation != "") {
			t.Errorf("recipient: %+v", r)
		}
	}
}

func TestSheetWithoutOwnerColumnNeedsOwnerOrPool(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	s, err := book.Parse([][]string{{"Company", "Email"}, {"Acme", "bob@acme.com"}}, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ImportBook(ctx, t0, s, ImportOptions{FreeMail: freeMail})
	if keepwarm.ErrorCode(err) != keepwarm.EINVALID || !strings.Contains(err.Error(), "--owner") || !strings.Contains(err.Error(), "--pool") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := db.Book(ctx); len(entries) != 0 {
		t.Fatalf("the refused import wrote %d customers", len(entries))
	}
	rep, err := db.ImportBook(ctx, t0, s, ImportOptions{FreeMail: freeMail, Pool: true})
	if err != nil || rep.Pooled != 1 {
		t.Fatalf("--pool: %+v %v", rep, err)
	}
}

func TestPhoneMatchIsProposedMergedOnRequestAndUndone(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(mail("a1@x", "ali@alpha.ae", "pumps", t0), "team", "INBOX", 1, t0))
	owner := ImportOptions{Owner: "lily@team.example"}
	rep := importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Phone", "Grade"},
		{"Alpha Trading", "ali@alpha.ae", "+971 4 123 4567", "B"},
		{"Beta Build", "bea@beta.ae", "", ""},
	}, owner)
	alpha, beta := rep.Rows[0].CustomerID, rep.Rows[1].CustomerID

	// The agent's switchboard number on Beta's row: proposed, not joined.
	rows := [][]string{{"Company", "Email", "Phone", "Country"}, {"Beta Build", "bea@beta.ae", "+971 4 123 4567", "UAE"}}
	rep = importSheet(t, db, t0.Add(time.Hour), rows, owner)
	if len(rep.Proposals) != 1 || rep.Proposals[0].Keep != beta || rep.Proposals[0].Drop != alpha ||
		rep.Proposals[0].Phone != "+97141234567" || rep.Proposals[0].DropName != "Alpha Trading" {
		t.Fatalf("proposals: %+v", rep.Proposals)
	}
	if rep.Rows[0].Action != ImportUpdated || rep.Rows[0].CustomerID != beta {
		t.Fatalf("row: %+v", rep.Rows)
	}
	if a, _ := db.Customer(ctx, alpha); a.MergedInto != 0 {
		t.Fatal("a phone match joined two companies")
	}

	// With --merge-on-phone the row joins them; the merge can be undone.
	rep = importSheet(t, db, t0.Add(2*time.Hour), rows, ImportOptions{Owner: "lily@team.example", MergeOnPhone: true})
	if rep.Rows[0].Action != ImportMerged || rep.Rows[0].CustomerID != alpha || customerOf(t, db, "a1@x") != alpha {
		t.Fatalf("merge on phone: %+v", rep.Rows)
	}
	b, _ := db.Customer(ctx, beta)
	a, _ := db.Customer(ctx, alpha)
	if b.MergedInto != alpha || len(a.Contacts) != 2 || a.Country != "AE" {
		t.Fatalf("after the merge: alpha %+v beta %+v", a, b)
	}
	res, err := db.UnmergeCustomer(ctx, beta, t0.Add(3*time.Hour), "manager")
	if err != nil || res.Kept != alpha || res.Restored != beta || res.Moved["contacts"] != 1 {
		t.Fatalf("unmerge: %+v %v", res, err)
	}
	a, _ = db.Customer(ctx, alpha)
	b, _ = db.Customer(ctx, beta)
	if b.MergedInto != 0 || len(b.Contacts) != 1 || b.Contacts[0].Email != "bea@beta.ae" || len(a.Contacts) != 1 ||
		a.Country != "" || a.Grade != "B" || customerOf(t, db, "a1@x") != alpha {
		t.Fatalf("after the unmerge: alpha %+v beta %+v", a, b)
	}
	if id, err := db.FindCustomer(ctx, "bea@beta.ae", ""); err != nil || id != beta {
		t.Fatalf("find beta: %d %v", id, err)
	}
	if _, err := db.UnmergeCustomer(ctx, beta, t0.Add(4*time.Hour), "manager"); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("second unmerge: %v", err)
	}
	// `customers merge` by hand is recorded the same way.
	if _, err := db.MergeCustomers(ctx, alpha, beta, t0.Add(5*time.Hour), "manager"); err != nil {
		t.Fatal(err)
	}
	if res, err := db.UnmergeCustomer(ctx, alpha, t0.Add(6*time.Hour), "manager"); err != nil || res.Restored != beta {
		t.Fatalf("unmerge by the kept id: %+v %v", res, err)
	}
}

func TestRowNamingAnotherSalespersonsCustomerIsAConflict(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	rep := importSheet(t, db, t0.Add(time.Hour), [][]string{
		{"Company", "Email", "Grade", "Owner"},
		{"Acme", "bob@acme.com", "A", "tom@team.example"},
		{"Newco", "n@newco.com", "", "tom@team.example"},
	}, ImportOptions{})
	if got := actions(rep); got != "02:conflict 03:created" {
		t.Fatalf("actions: %s %+v", got, rep.Rows)
	}
	cs := rep.Conflicts()
	if len(cs) != 1 || cs[0].Owner != "lily@team.example" || cs[0].FileOwner != "tom@team.example" || cs[0].Customer != "Acme" {
		t.Fatalf("conflicts: %+v", cs)
	}
	c, _ := db.Customer(ctx, cs[0].CustomerID)
	if c.Grade != "" || c.Owner != "lily@team.example" {
		t.Fatalf("the conflicting row changed the customer: %+v", c)
	}
	// --owner for a sheet without owners conflicts the same way.
	rep = importSheet(t, db, t0.Add(2*time.Hour), [][]string{{"Company", "Email"}, {"Acme", "bob@acme.com"}}, ImportOptions{Owner: "tom@team.example"})
	if rep.Counts[ImportConflict] != 1 {
		t.Fatalf("--owner: %+v", rep.Rows)
	}
}

func TestImportReportNamesTheCustomerEachRowEndedIn(t *testing.T) {
	db := openTest(t)
	rep := importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Owner"},
		{"Acme", "bob@acme.com", "lily@team.example"},
		{"Globex", "hans@globex.de", "lily@team.example"},
		{"Acme", "bob@acme.com, hans@globex.de", "lily@team.example"},
	}, ImportOptions{})
	acme := rep.Rows[0].CustomerID
	for _, r := range rep.Rows {
		if r.CustomerID != acme || r.Customer != "Acme" {
			t.Errorf("row %d: #%d %q, want #%d Acme", r.Row, r.CustomerID, r.Customer, acme)
		}
	}
	if rep.Rows[1].Company != "Globex" {
		t.Errorf("row 3 lost its own company name: %+v", rep.Rows[1])
	}
}

func TestPoolCooldownAndDailyCapOverWeeks(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	clock := keepwarm.NewManualClock(t0)
	rules := book.DefaultRules()
	rules.ClaimDeadline, rules.WarnBefore, rules.DailyClaims = 14*book.Day, 2*book.Day, 2
	var ids []int64
	for i, d := range []string{"one.com", "two.com", "three.com", "four.com"} {
		k := d + "@x"
		save(t, db, at(mail(k, "buyer@"+d, "inquiry", t0), "team", "INBOX", uint32(i+1), t0))
		ids = append(ids, customerOf(t, db, k))
	}
	if _, err := db.AssignPool(ctx, clock.Now(), AssignOptions{Rules: rules}); err != nil {
		t.Fatal(err)
	}
	lily, tom := "lily@team.example", "tom@team.example"
	claim := func(id int64, who string) error { return db.ClaimCustomer(ctx, id, who, clock.Now(), rules) }

	// Week 1: two claims a day at most.
	for _, id := range ids[:2] {
		if err := claim(id, lily); err != nil {
			t.Fatal(err)
		}
	}
	if err := claim(ids[2], lily); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "daily cap is 2") {
		t.Fatalf("third claim in a day: %v", err)
	}
	clock.Advance(book.Day)
	if err := claim(ids[2], lily); err != nil {
		t.Fatalf("next day: %v", err)
	}
	// Week 2-3: nobody answers; the first two go back to the pool at day 14.
	clock.Set(t0.Add(14 * book.Day))
	if back, err := db.ReturnExpiredClaims(ctx, clock.Now()); err != nil || len(back) != 2 {
		t.Fatalf("returned: %v %v", back, err)
	}
	if err := claim(ids[0], lily); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "cool-down 7 days") {
		t.Fatalf("re-claim at once: %v", err)
	}
	if err := claim(ids[0], tom); err != nil {
		t.Fatalf("another salesperson: %v", err)
	}
	// Lily releases her third by hand on day 15: the cool-down holds too.
	clock.Advance(book.Day)
	if err := db.ReleaseCustomer(ctx, ids[2], clock.Now(), lily); err != nil {
		t.Fatal(err)
	}
	clock.Advance(6*book.Day + 23*time.Hour)
	if err := claim(ids[2], lily); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("an hour before the cool-down ends: %v", err)
	}
	clock.Advance(time.Hour)
	if err := claim(ids[2], lily); err != nil {
		t.Fatalf("after the cool-down: %v", err)
	}
	if err := claim(ids[1], lily); err != nil {
		t.Fatalf("the other returned one, after its cool-down: %v", err)
	}
	// The manager puts Lily's customer back in the pool (customers set
	// --owner pool): the cool-down is hers, as if she had released it.
	clock.Advance(book.Day)
	empty := ""
	if err := db.SetCustomer(ctx, ids[1], CustomerChange{Owner: &empty}, clock.Now(), "manager"); err != nil {
		t.Fatal(err)
	}
	if err := claim(ids[1], lily); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "cool-down") {
		t.Fatalf("re-claim at once after the manager pooled it: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM pool_events WHERE customer_id = ? AND event = 'released' AND salesperson = ?`, ids[1], lily); n != 1 {
		t.Fatalf("%d released events naming Lily", n)
	}

	// Won: refused on a pool customer; a won claim without an answer says won.
	if err := db.MarkWon(ctx, ids[3], clock.Now(), "manager"); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("won in the pool: %v", err)
	}
	if err := db.MarkWon(ctx, ids[2], clock.Now(), "manager"); err != nil {
		t.Fatal(err)
	}
	claims, err := db.Claims(ctx, clock.Now(), rules, lily, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if c.ID == ids[2] && (c.State != book.ClaimConverted || c.Status != "won") {
			t.Errorf("won claim: %s %q", c.State, c.Status)
		}
		if c.ID == ids[1] && c.Status != "returning in 14 days" {
			t.Errorf("open claim: %q", c.Status)
		}
	}
}

// A new company whose row carries a stored customer's phone (an agent's
// number) becomes its own customer, with the merge proposed.
func TestNewCompanyWithAStoredPhoneIsNotGluedToIt(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	owner := ImportOptions{Owner: "lily@team.example"}
	rep := importSheet(t, db, t0, [][]string{{"Company", "Email", "Phone"}, {"Alpha Trading", "ali@alpha.ae", "+971 4 123 4567"}}, owner)
	alpha := rep.Rows[0].CustomerID
	rep = importSheet(t, db, t0.Add(time.Hour), [][]string{
		{"Company", "Email", "Phone"},
		{"Delta Tools", "dan@delta.ae", "+971 4 123 4567"},
		{"", "", "+971 4 123 4567"},
	}, owner)
	if got := actions(rep); got != "02:created 03:skipped" || rep.Rows[0].CustomerID == alpha || rep.Rows[1].CustomerID != alpha {
		t.Fatalf("rows: %s %+v", got, rep.Rows)
	}
	if len(rep.Proposals) != 1 || rep.Proposals[0].Keep != alpha || rep.Proposals[0].DropName != "Delta Tools" {
		t.Fatalf("proposals: %+v", rep.Proposals)
	}
	if a, _ := db.Customer(ctx, alpha); len(a.Contacts) != 1 {
		t.Fatalf("Delta's contact joined Alpha: %+v", a.Contacts)
	}
}

// A row tying together customers of two salespeople is a conflict naming
// both, and joins nothing.
func TestRowJoiningTwoSalespeoplesCustomersIsAConflict(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Owner"},
		{"Acme", "bob@acme.com", "lily@team.example"},
		{"Globex", "hans@globex.de", "tom@team.example"},
	}, ImportOptions{})
	rep := importSheet(t, db, t0.Add(time.Hour), [][]string{{"Company", "Email"}, {"Acme", "bob@acme.com; hans@globex.de"}}, ImportOptions{Pool: true})
	cs := rep.Conflicts()
	if len(cs) != 1 || cs[0].Owner != "lily@team.example, tom@team.example" || !strings.Contains(cs[0].Reason, "different owners") {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	if entries, _ := db.Book(ctx); len(entries) != 2 {
		t.Fatalf("%d customers after the conflicting row", len(entries))
	}
}
