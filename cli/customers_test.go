package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/xuri/excelize/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// bookCLI is a keepwarm with a memserver behind it, for the customer book.
func bookCLI(t *testing.T, extra string) (*cli, *mailtest.IMAPServer, string) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "\n[[salesperson]]\nemail = \"tom@acme-export.com\"\nname = \"Tom Wu\"\n"+extra)
	return newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}), srv, filepath.Dir(path)
}

func writeXLSX(t *testing.T, path string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

type importJSON struct {
	Rows   []store.ImportRow `json:"rows"`
	Counts map[string]int    `json:"counts"`
}

func runImport(t *testing.T, c *cli, args ...string) importJSON {
	t.Helper()
	var rep importJSON
	code, out, errs := c.run(context.Background(), append([]string{"customers", "import", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d, %v: %s %s", code, err, out, errs)
	}
	// Rejected rows make the exit status 3 (the rest went in), anything
	// else 0.
	if want := map[bool]int{true: 3, false: 0}[rep.Counts["rejected"] > 0]; code != want {
		t.Fatalf("exit %d with %d rejected row(s), want %d: %s", code, rep.Counts["rejected"], want, errs)
	}
	return rep
}

// checkReport compares row -> "action: reason fragment".
func checkReport(t *testing.T, name string, rep importJSON, want map[int]string) {
	t.Helper()
	if len(rep.Rows) != len(want) {
		t.Errorf("%s: %d rows reported, want %d: %+v", name, len(rep.Rows), len(want), rep.Rows)
	}
	for _, r := range rep.Rows {
		w, ok := want[r.Row]
		action, reason, _ := strings.Cut(w, ": ")
		if !ok || r.Action != action || !strings.Contains(r.Reason, reason) {
			t.Errorf("%s: row %d: %s %q, want %q", name, r.Row, r.Action, r.Reason, w)
		}
	}
}

// bookDump is everything the book shows, to prove an import changed nothing.
func bookDump(t *testing.T, c *cli) string {
	t.Helper()
	out := c.mustRun("customers", "--json")
	var items []struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal([]byte(out), &items)
	for _, it := range items {
		out += c.mustRun("customers", "show", fmt.Sprint(it.ID), "--json")
	}
	return out
}

func TestCustomersImportMessyXLSXAndCSV(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	xlsx := filepath.Join(dir, "客户名单.xlsx")
	writeXLSX(t, xlsx, [][]any{
		{"客户名单 2026"},
		{"公司名称", "联系人", "邮箱", "电话", "国家", "等级", "业务员", "产品", "生日", "备注", "传真"},
		{"Acme Lighting Inc", "Bob Stone", "Bob@Acme-Lighting.com", "+1 (555) 010-2000", "USA", "A", "Lily Chen", "LED panels; bulbs", "1975-04-02", "met at Canton Fair", "x"},
		{},
		{"深圳市光明灯具有限公司", "王伟", "wang@gmlamp.cn; wang.wei@163.com", "13800138000", "中国", "b", "lily@acme-export.com", "灯带", "", "", ""},
		{"Bad Email Co", "X", "x@@bad", "", "USA", "C", "", "", "", "", ""},
		{"Unknown Grade GmbH", "Y", "y@ug.de", "", "Germany", "VIP", "", "", "", "", ""},
		{"ACME Lighting Inc", "Robert Stone", "bob@acme-lighting.com", 5550102000, "United States", "", "", "bulbs", "", "", ""},
		{},
		{"德国灯具公司", "Hans Meier", "hans@leuchten.de", "030 1234567", "德国", "C级", "", "", "", "", ""},
	})
	want := map[int]string{
		3: "created: ", 5: "created: ", 6: `rejected: invalid email "x@@bad"`, 7: `rejected: unknown grade "VIP"`,
		8: "merged: same email as row 3", 10: "created: ",
	}
	dry := runImport(t, c, "--dry-run", xlsx)
	checkReport(t, "dry run", dry, want)
	if out := c.mustRun("customers"); strings.Contains(out, "Acme") {
		t.Fatalf("the dry run wrote: %s", out)
	}
	rep := runImport(t, c, xlsx)
	checkReport(t, "xlsx", rep, want)
	if rep.Counts["created"] != 3 || rep.Counts["merged"] != 1 || rep.Counts["rejected"] != 2 {
		t.Fatalf("counts: %v", rep.Counts)
	}
	var acme struct {
		store.CustomerRecord
		ReviewDue string `json:"review_due"`
	}
	json.Unmarshal([]byte(c.mustRun("customers", "show", "bob@acme-lighting.com", "--json")), &acme)
	if acme.Name != "Acme Lighting Inc" || acme.Owner != "lily@acme-export.com" || acme.Grade != "A" || acme.Country != "US" ||
		acme.TimeZone != "" /* the US spans zones: the mail picks */ || len(acme.Phones) != 1 || acme.Phones[0].Number != "+15550102000" ||
		len(acme.Contacts) != 1 || acme.Contacts[0].Birthday != "1975-04-02" || acme.Contacts[0].Salutation != "Dear Bob" ||
		strings.Join(acme.Tags, ",") != "LED panels,bulbs" || acme.Key != "domain:acme-lighting.com" {
		t.Fatalf("acme: %+v", acme)
	}
	var cn store.CustomerRecord
	json.Unmarshal([]byte(c.mustRun("customers", "show", "wang.wei@163.com", "--json")), &cn)
	if cn.Name != "深圳市光明灯具有限公司" || cn.Key != "domain:gmlamp.cn" || cn.Grade != "B" || cn.TimeZone != "Asia/Shanghai" ||
		len(cn.Contacts) != 2 || len(cn.Phones) != 1 || cn.Phones[0].Number != "+8613800138000" {
		t.Fatalf("chinese company: %+v", cn)
	}
	var de store.CustomerRecord
	json.Unmarshal([]byte(c.mustRun("customers", "show", "+49 30 1234567", "--json")), &de)
	if de.Name != "德国灯具公司" || de.Country != "DE" || de.TimeZone != "Europe/Berlin" || de.Language != "de" || de.Grade != "C" || de.Owner != "" {
		t.Fatalf("german company: %+v", de)
	}

	before := bookDump(t, c)
	rep = runImport(t, c, xlsx)
	checkReport(t, "xlsx again", rep, map[int]string{3: "skipped: unchanged", 5: "skipped: unchanged", 6: "rejected: ",
		7: "rejected: ", 8: "skipped: unchanged", 10: "skipped: unchanged"})
	if after := bookDump(t, c); after != before {
		t.Fatalf("a second import changed the book:\n%s\n---\n%s", before, after)
	}

	csvPath := filepath.Join(dir, "export.csv")
	os.WriteFile(csvPath, []byte("\xef\xbb\xbfCompany,Contact,Email,Phone,Country,Grade\r\n"+
		"Acme Lighting Inc,Bob Stone,BOB@ACME-LIGHTING.COM,\"+1 (555) 010-2000\",US,A\r\n"+
		",,,,,\r\n"+
		"Acme Lighting,Carol,carol@acme-lighting.com,5550102000,US,\r\n"+
		"Brasil Imports,João Silva,joao@brimports.com.br,+55 11 91234-5678,Brazil,D\r\n"+
		"Nobody,,not-an-email,,,\r\n"+
		"Grade X Ltd,Z,z@gx.com,,,X\r\n"), 0o600)
	// A --pool file's rows reaching Lily's customer change nothing of hers:
	// they are conflicts for the manager.
	lilys := "conflict: lily@acme-export.com's customer, the row names no owner: left unchanged"
	csvWant := map[int]string{2: lilys, 4: lilys, 5: "created: ",
		6: `rejected: invalid email "not-an-email"`, 7: `rejected: unknown grade "X"`}
	checkReport(t, "csv", runImport(t, c, "--pool", csvPath), csvWant)
	before = bookDump(t, c)
	checkReport(t, "csv again", runImport(t, c, "--pool", csvPath), map[int]string{2: lilys, 4: lilys, 5: "skipped: ", 6: "rejected: ", 7: "rejected: "})
	if bookDump(t, c) != before {
		t.Fatal("a second CSV import changed the book")
	}
	code, table, errs := c.run(context.Background(), "customers", "import", xlsx)
	if !strings.Contains(table, "0 created, 0 updated, 0 merged, 4 skipped, 0 conflict(s), 2 rejected") || !strings.Contains(table, "ignored columns: 传真") {
		t.Fatalf("import table: %s", table)
	}
	if code != 3 || !strings.Contains(errs, "2 row(s) rejected") {
		t.Fatalf("an import with rejected rows: exit %d, %s", code, errs)
	}
	if table2 := c.mustRun("customers", "import", "--allow-rejects", xlsx); table2 != table {
		t.Fatalf("--allow-rejects changed the report:\n%s\n---\n%s", table, table2)
	}
}

// sqlDB opens the CLI's database file directly, for what no command shows.
func sqlDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "kw.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCustomersMergeMovesThreadsEnrollmentsAndHistory(t *testing.T) {
	c, srv, dir := bookCLI(t, "")
	private := mailtest.Msg{From: "Hans Meier <hans.meier@gmail.com>", To: "sales@acme-export.com", Subject: "samples for my company",
		MessageID: "pv-1@gmail.com", Date: t0.Add(2 * time.Hour), Body: "Please send samples to Globex."}
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
	srv.Append(t, "sales@acme-export.com", "INBOX", private.Bytes(), private.Date)
	c.mustRun("sync")

	db := sqlDB(t, dir)
	var dropID, dropThread int64
	db.QueryRow(`SELECT customer_id, thread_id FROM messages WHERE message_id = 'pv-1@gmail.com'`).Scan(&dropID, &dropThread)
	if _, err := db.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at)
		VALUES (?, ?, 'resend', 'active', 0, 0, 0, 0, 0, 0)`, dropThread, dropID); err != nil {
		t.Fatal(err)
	}

	out := c.mustRun("customers", "merge", "globex.de", "hans.meier@gmail.com", "--yes")
	if !strings.Contains(out, "1 threads") || !strings.Contains(out, "1 messages") || !strings.Contains(out, "1 enrollments") {
		t.Fatalf("merge: %s", out)
	}
	var keepID, enrolled int64
	db.QueryRow(`SELECT id FROM customers WHERE key = 'domain:globex.de'`).Scan(&keepID)
	db.QueryRow(`SELECT customer_id FROM enrollments WHERE thread_id = ?`, dropThread).Scan(&enrolled)
	if enrolled != keepID {
		t.Fatalf("the enrollment stayed with customer %d", enrolled)
	}
	var threads []struct{ Subject string }
	json.Unmarshal([]byte(c.mustRun("threads", "--json", "--customer", "globex.de")), &threads)
	if len(threads) != 2 {
		t.Fatalf("threads after merge: %+v", threads)
	}

	// Hans writes again from his private address: it lands on the survivor,
	// whose history now shows both conversations, both directions.
	again := mailtest.Msg{From: "hans.meier@gmail.com", To: "sales@acme-export.com", Subject: "Re: samples for my company",
		MessageID: "pv-2@gmail.com", InReplyTo: "pv-1@gmail.com", References: []string{"pv-1@gmail.com"}, Date: t0.Add(5 * time.Hour), Body: "Any news?"}
	srv.Append(t, "sales@acme-export.com", "INBOX", again.Bytes(), again.Date)
	c.mustRun("sync")
	var view struct {
		store.CustomerRecord
		History []store.HistoryItem `json:"history"`
		Log     store.CustomerLog   `json:"log"`
	}
	json.Unmarshal([]byte(c.mustRun("customers", "show", "hans.meier@gmail.com", "--json")), &view)
	var subjects []string
	for _, h := range view.History {
		subjects = append(subjects, string(h.Kind)+" "+h.Subject)
	}
	got := strings.Join(subjects, " | ")
	if view.ID != keepID || len(view.History) != 4 || !strings.Contains(got, "inbound Inquiry") || !strings.Contains(got, "outbound RE: Inquiry") ||
		!strings.Contains(got, "inbound samples") || !strings.Contains(got, "inbound Re: samples") || len(view.Log.Merges) != 1 {
		t.Fatalf("merged history: %s\n%+v", got, view.Log)
	}
	var customers []store.CustomerSummary
	json.Unmarshal([]byte(c.mustRun("customers", "--json")), &customers)
	if len(customers) != 1 {
		t.Fatalf("the merged customer is still listed: %+v", customers)
	}
}

func TestPoolClaimReturnsAfterTheDeadline(t *testing.T) {
	c, srv, _ := bookCLI(t, "\n[book]\npool_cap = 1\n")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "sales@acme-export.com", "INBOX", freeMail.Bytes(), freeMail.Date)
	c.mustRun("sync")
	at := func(d time.Duration) string { return t0.Add(d).Format(time.RFC3339) }
	if out := c.mustRun("--now", at(24*time.Hour), "customers", "list", "--pool"); !strings.Contains(out, "globex.de") || !strings.Contains(out, "ana.buyer@gmail.com") {
		t.Fatalf("the unknown senders are not in the pool: %s", out)
	}
	if out := c.mustRun("--now", at(24*time.Hour), "customers", "claim", "globex.de", "--salesperson", "Lily Chen"); !strings.Contains(out, "lily@acme-export.com claimed") {
		t.Fatalf("claim: %s", out)
	}
	code, _, errs := c.run(context.Background(), "--now", at(25*time.Hour), "customers", "claim", "ana.buyer@gmail.com", "--salesperson", "lily@acme-export.com")
	if code != 1 || !strings.Contains(errs, "the cap is 1") {
		t.Fatalf("claim over the cap: exit %d %s", code, errs)
	}
	code, _, errs = c.run(context.Background(), "--now", at(25*time.Hour), "customers", "claim", "globex.de", "--salesperson", "tom@acme-export.com")
	if code != 1 || !strings.Contains(errs, "lily@acme-export.com owns it") {
		t.Fatalf("claiming someone else's customer: exit %d %s", code, errs)
	}
	// 27 days after the claim: listed as returning in 3 days, in the list and for the digest.
	if out := c.mustRun("--now", at(28*24*time.Hour), "customers", "list", "--owner", "lily@acme-export.com"); !strings.Contains(out, "claimed, returning in 3 days") {
		t.Fatalf("day 27 list: %s", out)
	}
	if out := c.mustRun("--now", at(28*24*time.Hour), "reviews", "--salesperson", "lily@acme-export.com"); !strings.Contains(out, "pool claims returning soon: 1") || !strings.Contains(out, "returning in 3 days") {
		t.Fatalf("day 27 reviews: %s", out)
	}
	if out := c.mustRun("--now", at(26*24*time.Hour), "reviews"); !strings.Contains(out, "pool claims returning soon: 0") {
		t.Fatalf("day 25 warns already: %s", out)
	}
	// Past the deadline with no answer: back in the pool, and the cap is free again.
	out := c.mustRun("--now", at(31*24*time.Hour+time.Minute), "customers", "list", "--pool")
	if !strings.Contains(out, "globex.de") {
		t.Fatalf("after the deadline globex is not in the pool: %s", out)
	}
	if out := c.mustRun("--now", at(31*24*time.Hour+2*time.Minute), "customers", "claim", "ana.buyer@gmail.com", "--salesperson", "lily@acme-export.com"); !strings.Contains(out, "claimed") {
		t.Fatalf("claim after the return: %s", out)
	}
	var view struct {
		Log store.CustomerLog `json:"log"`
	}
	json.Unmarshal([]byte(c.mustRun("customers", "show", "globex.de", "--json")), &view)
	if len(view.Log.Pool) < 3 || view.Log.Pool[0].Event != "returned" {
		t.Fatalf("pool history: %+v", view.Log.Pool)
	}
}

func TestReviewsDueForEachGradeOverAReplayedMonth(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	csvPath := filepath.Join(dir, "graded.csv")
	body := "Company,Email,Grade,Owner\n"
	for _, g := range "ABCDE" {
		body += fmt.Sprintf("Grade %c Co,buyer@grade-%c.example,%c,lily@acme-export.com\n", g, g+32, g)
	}
	body += "Toms Co,buyer@tom.example,A,Tom Wu\n"
	os.WriteFile(csvPath, []byte(body), 0o600)
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c.mustRun("--now", start.Format(time.RFC3339), "customers", "import", csvPath)
	reviewed := map[string]int{}
	for day := 1; day <= 30; day++ {
		now := start.Add(time.Duration(day) * 24 * time.Hour).Format(time.RFC3339)
		var rep reviewsReport
		if err := json.Unmarshal([]byte(c.mustRun("--now", now, "reviews", "--salesperson", "lily@acme-export.com", "--json")), &rep); err != nil {
			t.Fatal(err)
		}
		var grades []string
		for _, d := range rep.Due {
			grades = append(grades, d.Grade)
			reviewed[d.Grade]++
			c.mustRun("--now", now, "customers", "review", fmt.Sprint(d.ID), "--note", "called")
		}
		want := "A"
		switch {
		case day%15 == 0 && day == 30:
			want = "A C D"
		case day%15 == 0:
			want = "A C"
		case day%7 == 0:
			want = "A B"
		}
		if got := strings.Join(grades, " "); got != want {
			t.Errorf("day %d: due %q, want %q", day, got, want)
		}
	}
	if reviewed["A"] != 30 || reviewed["B"] != 4 || reviewed["C"] != 2 || reviewed["D"] != 1 || reviewed["E"] != 0 {
		t.Fatalf("reviews in a month: %v", reviewed)
	}
	// A review can regrade: D is next due in 30 days, not tomorrow.
	day31 := start.Add(31 * 24 * time.Hour).Format(time.RFC3339)
	if out := c.mustRun("--now", day31, "customers", "review", "buyer@grade-a.example", "--grade", "D", "--note", "project postponed"); !strings.Contains(out, "grade A -> D, next review 2026-05-01") {
		t.Fatalf("regrade: %s", out)
	}
}

func TestOrdersAndParetoReport(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email,Grade\nBig Buyer,a@big.example,C\nMid Buyer,b@mid.example,B\nSmall,c@small.example,A\nTiny,d@tiny.example,\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	orders := filepath.Join(dir, "orders.csv")
	os.WriteFile(orders, []byte("客户,日期,金额,币种\n"+
		"a@big.example,2026-09-01,\"50,000.00\",USD\na@big.example,2026-10-01,\"30,000.00\",USD\n"+
		"Mid Buyer,2026-06-01,\"10,000.00\",USD\nc@small.example,2026-10-15,\"6,000\",USD\nd@tiny.example,2026-10-20,\"4,000\",USD\n"+
		"ghost@nowhere.example,2026-10-20,5,USD\n"), 0o600)
	// A dry run reports what the import would do and writes nothing.
	if out := c.mustRun("orders", "import", orders, "--dry-run", "--allow-rejects"); !strings.Contains(out, "dry run: nothing was written") ||
		!strings.Contains(out, "5 order(s) added, 0 already imported, 0 duplicate(s), 1 rejected") {
		t.Fatalf("orders import --dry-run: %s", out)
	}
	// A row naming no customer in the book is listed but does not fail the
	// import: an ERP's nightly export names buyers the book does not hold,
	// and a cron line `orders import ... && report ...` must go on.
	code, out, errs := c.run(context.Background(), "orders", "import", orders)
	if code != 0 || !strings.Contains(out, "5 order(s) added, 0 already imported, 0 duplicate(s), 1 rejected; 1 of the rejected name no customer in the book") ||
		!strings.Contains(out, "row 7 rejected: no customer") || errs != "" {
		t.Fatalf("orders import: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	// Any other rejected row fails the import (exit 3), as in customers
	// import: its revenue is missing; the good rows are in.
	os.WriteFile(orders, []byte("客户,日期,金额,币种\n"+
		"a@big.example,2026-09-01,\"50,000.00\",USD\nghost@nowhere.example,2026-10-20,5,USD\nb@mid.example,2099-01-01,7,USD\n"), 0o600)
	code, out, errs = c.run(context.Background(), "orders", "import", orders)
	if code != 3 || !strings.Contains(out, "0 order(s) added, 1 already imported, 0 duplicate(s), 2 rejected") || !strings.Contains(out, "row 4 rejected") ||
		!strings.Contains(errs, "1 row(s) rejected") {
		t.Fatalf("orders import with a future date: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if out := c.mustRun("orders", "import", orders, "--allow-rejects"); !strings.Contains(out, "0 order(s) added, 1 already imported") {
		t.Fatalf("orders re-import: %s", out)
	}
	var reps []paretoReport
	json.Unmarshal([]byte(c.mustRun("--now", "2026-11-01T00:00:00Z", "report", "pareto", "--json")), &reps)
	if len(reps) != 1 || len(reps[0].Rows) != 1 || reps[0].Rows[0].Customer != "Big Buyer" || reps[0].Rows[0].Grade != "C" || reps[0].Rows[0].Suggested != "A" {
		t.Fatalf("pareto: %+v", reps)
	}
	if out := c.mustRun("--now", "2026-11-01T00:00:00Z", "report", "pareto"); !strings.Contains(out, "1 of 4 customer(s) bring 80% of 100,000.00") {
		t.Fatalf("pareto table: %s", out)
	}
	// The lines of one order, each on its own row under the order's number,
	// are one order of their sum.
	lines := filepath.Join(dir, "lines.csv")
	os.WriteFile(lines, []byte("订单号,客户,日期,金额,币种\n1001,Tiny,2026-10-21,100,USD\n1001,Tiny,2026-10-21,50,USD\n"), 0o600)
	if out := c.mustRun("orders", "import", lines); !strings.Contains(out, "row 2: rows 2, 3 are 2 lines of order 1001 of Tiny: taken as one order of 150.00 USD\n1 order(s) added, 0 already imported, 0 duplicate(s)") {
		t.Fatalf("orders import of an order's lines: %s", out)
	}
}

func TestBookConfigNamesTheKey(t *testing.T) {
	for extra, key := range map[string]string{
		"\n[book]\nreview_days = { A = 0 }\n": "book.review_days.A",
		"\n[book]\nreview_days = { F = 3 }\n": "book.review_days.F",
		"\n[book]\nwarn_days = 40\n":          "book.warn_days",
		"\n[book]\npool_kap = 3\n":            "book.pool_kap",
	} {
		c, _, _ := bookCLI(t, extra)
		code, _, errs := c.run(context.Background(), "customers")
		if code != 1 || !strings.Contains(errs, key) {
			t.Errorf("%q: exit %d %s", extra, code, errs)
		}
	}
}

// syncedBook syncs two new inquiries (a company's and a free-mail
// buyer's) into the team mailbox of a book set up with extra config, and
// opens the app on it at t0, as the daemon would.
func syncedBook(t *testing.T, extra string) *Main {
	t.Helper()
	c, srv, _ := bookCLI(t, extra)
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "sales@acme-export.com", "INBOX", freeMail.Bytes(), freeMail.Date)
	c.mustRun("sync")
	m := NewMain(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
	m.configPath, m.clock = c.config, keepwarm.NewManualClock(t0)
	if err := m.setupLog("error"); err != nil {
		t.Fatal(err)
	}
	if err := m.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.close() })
	return m
}

func TestBookJobPoolsNewMailAndReturnsExpiredClaims(t *testing.T) {
	m := syncedBook(t, "\n[book]\nround_robin = true\n")
	job := m.app.NewBookJob()
	next, err := job.Run(context.Background(), t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(time.Hour + 30*24*time.Hour); !next.Equal(want) {
		t.Fatalf("next run %s, want the claims' deadline %s", next, want)
	}
	entries, _ := m.db.Book(context.Background())
	owners := map[string]bool{}
	for _, e := range entries {
		owners[e.Owner] = true
	}
	if !owners["lily@acme-export.com"] || !owners["tom@acme-export.com"] {
		t.Fatalf("round robin did not hand the inquiries to both: %+v", owners)
	}
	if _, err := job.Run(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	entries, _ = m.db.Book(context.Background())
	for _, e := range entries {
		if e.Owner != "" {
			t.Fatalf("unanswered claim not returned at the deadline: %+v", e.Customer)
		}
	}
}

// TestCustomersSetOnlyTheFlagsGiven: flags left out change nothing, --tz
// wins over --country's zone, and a bare --opted-out (or =false) works.
func TestCustomersSetOnlyTheFlagsGiven(t *testing.T) {
	c, srv, _ := bookCLI(t, "")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	c.mustRun("sync")
	out := c.mustRun("customers", "set", "globex.de", "--grade", "b", "--country", "Germany", "--opted-out")
	if !strings.Contains(out, "grade B, country DE, time zone Europe/Berlin") {
		t.Fatalf("set grade and country: %s", out)
	}
	out = c.mustRun("customers", "set", "--tz", "Europe/Vienna", "globex.de", "--country", "DE")
	if !strings.Contains(out, "grade B, country DE, time zone Europe/Vienna") {
		t.Fatalf("--tz must win over the country's zone, other fields unchanged: %s", out)
	}
	// A country of several zones sets none (and clears Vienna): the
	// customer's own mail picks one of them.
	out = c.mustRun("customers", "set", "globex.de", "--country", "US")
	if !strings.Contains(out, "country US") || strings.Contains(out, "Vienna") || strings.Contains(out, "New_York") {
		t.Fatalf("--country US must leave the zone to the customer's mail: %s", out)
	}
	var view struct {
		OptedOutAt *time.Time `json:"opted_out_at"`
		TimeZone   string     `json:"time_zone"`
	}
	json.Unmarshal([]byte(c.mustRun("customers", "show", "globex.de", "--json")), &view)
	if view.TimeZone != "" {
		t.Fatalf("--country US kept the time zone %q", view.TimeZone)
	}
	if view.OptedOutAt == nil {
		t.Fatalf("--opted-out did not stick")
	}
	view.OptedOutAt = nil
	c.mustRun("customers", "set", "globex.de", "--opted-out=false")
	json.Unmarshal([]byte(c.mustRun("customers", "show", "globex.de", "--json")), &view)
	if view.OptedOutAt != nil {
		t.Fatalf("--opted-out=false did not undo it")
	}
	code, _, errs := c.run(context.Background(), "customers", "set", "globex.de", "--tz", "Mars/Olympus")
	if code != 2 || !strings.Contains(errs, "--tz \"Mars/Olympus\"") {
		t.Fatalf("bad --tz: exit %d %s", code, errs)
	}
	// "Local" is the process's zone (UTC under systemd), not the customer's.
	code, _, errs = c.run(context.Background(), "customers", "set", "globex.de", "--tz", "Local")
	if code != 2 || !strings.Contains(errs, "--tz \"Local\" is not an IANA time zone") {
		t.Fatalf("--tz Local: exit %d %s", code, errs)
	}
}

// A note is dated with the team's day (Asia/Shanghai here), not UTC's: at
// 07:00 in Shanghai it is already the 3rd there.
func TestCustomerNotesAreDatedInTheTeamsDay(t *testing.T) {
	c, srv, _ := bookCLI(t, "")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	c.mustRun("sync")
	c.mustRun("--now", "2026-12-03T07:00:00+08:00", "customers", "set", "globex.de", "--note", "samples sent")
	if out := c.mustRun("customers", "show", "globex.de"); !strings.Contains(out, "2026-12-03 samples sent") {
		t.Fatalf("the note's day: %s", out)
	}
}

// --now far from the clock on the live book: the listing commands show the
// book as it is, and neither return a claim early nor hand the pool out
// "on the replayed day"; claiming and handing over are refused.
func TestFarNowLeavesTheBookAlone(t *testing.T) {
	c, srv, _ := bookCLI(t, "")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "sales@acme-export.com", "INBOX", freeMail.Bytes(), freeMail.Date)
	c.mustRun("sync")
	at := func(d time.Duration) string { return t0.Add(d).Format(time.RFC3339) }
	c.mustRun("--now", at(24*time.Hour), "customers", "claim", "globex.de", "--salesperson", "Lily Chen")
	// The live clock is day 27 of the claim: three days before it returns.
	wall := keepwarm.NewManualClock(t0.Add(28 * 24 * time.Hour))
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		m := NewMain(strings.NewReader(""), &out, &errb, func(k string) string { return c.env[k] })
		m.Clock = wall
		code := m.Run(context.Background(), append([]string{"--config", c.config}, args...))
		return code, out.String(), errb.String()
	}
	later := at(38 * 24 * time.Hour)
	for _, args := range [][]string{{"reviews"}, {"customers", "list", "--pool"}, {"customers", "show", "globex.de"}, {"customers", "handover", "lily@acme-export.com", "tom@acme-export.com", "--dry-run"}} {
		code, out, errs := run(append([]string{"--now", later}, args...)...)
		if code != 0 || !strings.Contains(errs, "the book is shown as it is") {
			t.Fatalf("%v: exit %d\nstdout %s\nstderr %s", args, code, out, errs)
		}
	}
	for _, args := range [][]string{{"customers", "claim", "ana.buyer@gmail.com", "--salesperson", "tom@acme-export.com"}, {"customers", "release", "globex.de"}, {"customers", "handover", "lily@acme-export.com", "tom@acme-export.com"}} {
		code, out, errs := run(append([]string{"--now", later}, args...)...)
		if code != 2 || !strings.Contains(errs, "refused") {
			t.Fatalf("%v: exit %d\nstdout %s\nstderr %s", args, code, out, errs)
		}
	}
	var view struct {
		Owner string `json:"owner"`
	}
	_, out, _ := run("customers", "show", "globex.de", "--json")
	if err := json.Unmarshal([]byte(out), &view); err != nil || view.Owner != "lily@acme-export.com" {
		t.Fatalf("after the replays globex is owned by %q (%v): %s", view.Owner, err, out)
	}
	_, out, _ = run("customers", "list", "--pool")
	if !strings.Contains(out, "ana.buyer@gmail.com") {
		t.Fatalf("the pool was handed out by a replay: %s", out)
	}
}

// customers import refuses --owner together with --pool: they are two
// answers to where the rows without an owner go, and --owner silently won.
func TestCustomersImportOwnerAndPoolRefused(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	csvPath := filepath.Join(dir, "leads.csv")
	os.WriteFile(csvPath, []byte("Company,Contact,Email,Country\r\nGlobex,Hans,hans@globex.de,DE\r\n"), 0o600)
	before := bookDump(t, c)
	code, out, errs := c.run(context.Background(), "customers", "import", csvPath, "--owner", "lily@acme-export.com", "--pool")
	if code != 2 || !strings.Contains(errs, "give --owner or --pool, not both") {
		t.Fatalf("exit %d, want 2 naming both flags: %s %s", code, out, errs)
	}
	if after := bookDump(t, c); after != before {
		t.Fatalf("a refused import changed the book:\n%s\n---\n%s", before, after)
	}
}

// A customer whose refunds in the period outweigh their orders is left out
// of the pareto's count as of its total, and a currency with refunds only
// gets a line saying so instead of "0 of 1 customer(s) bring 0%" over an
// empty table.
func TestParetoCountsOnlyCustomersWithRevenue(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email,Grade\nAcme,a@acme.example,B\nGlobex,b@globex.example,B\nInitech,c@initech.example,C\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	orders := filepath.Join(dir, "orders.csv")
	os.WriteFile(orders, []byte("客户,日期,金额,币种\n"+
		"a@acme.example,2026-09-01,\"10,000.00\",USD\nb@globex.example,2026-09-15,\"-6,000.00\",USD\nc@initech.example,2026-10-01,-500,EUR\n"), 0o600)
	c.mustRun("orders", "import", orders)
	out := c.mustRun("--now", "2026-11-01T00:00:00Z", "report", "pareto")
	if !strings.Contains(out, "USD since 2025-11-01: 1 of 1 customer(s) bring 100% of 10,000.00") {
		t.Fatalf("pareto with a net refund: want 1 of 1 customer(s):\n%s", out)
	}
	if !strings.Contains(out, "EUR since 2025-11-01: no revenue, refunds only") || strings.Count(out, "CUSTOMER") != 1 {
		t.Fatalf("pareto with a refunds-only currency: want its one line and no table of its own:\n%s", out)
	}
}

// A wrong amount in a file without order numbers, fixed and imported
// again, is held instead of counted beside the wrong one; orders remove
// takes the wrong order out, and the fixed file goes in.
func TestOrdersRemoveLetsAFixedFileIn(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email\nAcme Ltd,bob@acme.example\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	orders := filepath.Join(dir, "orders.csv")
	os.WriteFile(orders, []byte("客户,日期,金额,币种\nAcme Ltd,2026-09-01,\"120,000.00\",USD\n"), 0o600)
	c.mustRun("orders", "import", orders)
	os.WriteFile(orders, []byte("客户,日期,金额,币种\nAcme Ltd,2026-09-01,\"12,000.00\",USD\n"), 0o600)
	code, out, errs := c.run(context.Background(), "orders", "import", orders)
	if code != 3 || !strings.Contains(out, "row 2 held: possible correction of order #1 of Acme Ltd on 2026-09-01 with 120,000.00 USD") ||
		!strings.Contains(out, "0 order(s) added, 0 already imported, 0 duplicate(s), 0 rejected, 1 held as possible corrections") ||
		!strings.Contains(errs, "1 row(s) held as possible corrections") || strings.Contains(errs, "rejected:") {
		t.Fatalf("the fixed file: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	// --allow-rejects passes rejected rows, not held ones: a held row is an
	// order, which tomorrow's incremental file may no longer hold.
	if code, _, errs := c.run(context.Background(), "orders", "import", orders, "--allow-rejects"); code != 3 || !strings.Contains(errs, "1 row(s) held as possible corrections") {
		t.Fatalf("the fixed file with --allow-rejects: exit %d\nstderr %s", code, errs)
	}
	if code, _, errs := c.run(context.Background(), "orders", "remove", "#1", "#7"); code == 0 || !strings.Contains(errs, "no order #7") {
		t.Fatalf("orders remove of a missing order: exit %d %s", code, errs)
	}
	if code, _, errs := c.run(context.Background(), "orders", "remove", "Acme"); code != 2 || !strings.Contains(errs, `"Acme" is no order id`) {
		t.Fatalf("orders remove Acme: exit %d %s", code, errs)
	}
	if out := c.mustRun("orders", "list", "--customer", "bob@acme.example"); out != "#1  2026-09-01  120,000.00 USD\n" {
		t.Fatalf("orders list: %q", out)
	}
	// The same order named twice is removed once.
	if out := c.mustRun("orders", "remove", "1", "#1"); out != "removed order #1 of Acme Ltd: 120,000.00 USD on 2026-09-01\n" {
		t.Fatalf("orders remove: %q", out)
	}
	if out := c.mustRun("orders", "import", orders); !strings.Contains(out, "1 order(s) added, 0 already imported") {
		t.Fatalf("the fixed file after the removal: %s", out)
	}
	// A number the book holds with another amount exits 3, --allow-rejects
	// or not: the book and the file disagree until the wrong one goes.
	os.WriteFile(orders, []byte("客户,日期,金额,币种,订单号\nAcme Ltd,2026-09-02,500.00,USD,1001\n"), 0o600)
	c.mustRun("orders", "import", orders)
	os.WriteFile(orders, []byte("客户,日期,金额,币种,订单号\nAcme Ltd,2026-09-02,50.00,USD,1001\n"), 0o600)
	if code, out, errs := c.run(context.Background(), "orders", "import", orders, "--allow-rejects"); code != 3 ||
		!strings.Contains(out, "row 2 duplicate: order 1001 of Acme Ltd is in the book already with 500.00 USD on 2026-09-02") ||
		!strings.Contains(errs, "1 order number(s) in the book with another date or amount than the file's") {
		t.Fatalf("a number the book holds with another amount: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}
