package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// answeredAfter stores a question of Acme's (Lily's customer) at at and
// Lily's answer after wait, and measures the clocks with a 10-minute target.
func (w *world) answeredAfter(id string, at time.Time, wait time.Duration) {
	w.t.Helper()
	w.answeredAfterAbout(id, "Question "+id, at, wait)
}

// answeredAfterAbout is answeredAfter with the question's subject.
func (w *world) answeredAfterAbout(id, subject string, at time.Time, wait time.Duration) {
	w.t.Helper()
	w.save("lily", "INBOX", msg(id, keepwarm.KindInbound, subject, "bob@acme.com", "Bob Stone", at))
	if wait > 0 {
		m := msg(id+"-re", keepwarm.KindOutbound, "Re: "+subject, "bob@acme.com", "", at.Add(wait))
		m.InReplyTo, m.References = []string{id}, []string{id}
		w.save("lily", "Sent", m)
	}
	if _, err := w.db.MeasureReplies(w.ctx, at.Add(wait+time.Minute), "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		w.t.Fatal(err)
	}
}

// The replies report ends with the team's line for a manager, on the page
// (translated) and in the CSV, as `keepwarm report replies` ends with
// TOTAL; a salesperson sees their own row alone. The CSV writes numbers a
// spreadsheet computes on (minutes, a percentage) and names its period.
func TestRepliesReportTotalAndCSVNumbers(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	r.answeredAfter("late-1@acme.com", now0.Add(-72*time.Hour), 65*time.Minute)
	r.clock.Set(now0.Add(2 * time.Hour))

	resp, err := mgr.c.Get(mgr.srv.URL + "/reports/replies?format=csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="keepwarm-replies-2026-10-17_2026-11-16.csv"`) {
		t.Errorf("Content-Disposition %q: want the period in the file's name", cd)
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	after, bom := bytes.CutPrefix(raw, []byte("\xEF\xBB\xBF"))
	if !bom {
		t.Errorf("the CSV does not start with the UTF-8 BOM Excel needs: % x", raw[:min(len(raw), 8)])
	}
	recs, err := csv.NewReader(bytes.NewReader(after)).ReadAll()
	if err != nil || len(recs) < 3 {
		t.Fatalf("CSV: %v %v", recs, err)
	}
	head := strings.Join(recs[0], "|")
	if head != "salesperson|mail|within target|breaches|waiting, not yet late|share within (%)|median (minutes)|p90 (minutes)|no answer needed|answered, time unknown" {
		t.Errorf("CSV header: %s", head)
	}
	var lilyRow []string
	for _, rec := range recs[1:] {
		if rec[0] == lily {
			lilyRow = rec
		}
	}
	if lilyRow == nil || lilyRow[6] != "65" {
		t.Fatalf("Lily's row %v: want the median answer of 65 minutes as 65", lilyRow)
	}
	for _, col := range []int{5, 6, 7} {
		if _, err := strconv.ParseFloat(lilyRow[col], 64); err != nil {
			t.Errorf("%s is %q, not a number", recs[0][col], lilyRow[col])
		}
	}
	last := recs[len(recs)-1]
	mail := 0
	for _, rec := range recs[1 : len(recs)-1] {
		n, _ := strconv.Atoi(rec[1])
		mail += n
	}
	if last[0] != "total" || last[1] != strconv.Itoa(mail) || last[6] != "65" {
		t.Errorf("last row %v: want the team's total of %d mail", last, mail)
	}

	_, body := mgr.get("/reports/replies")
	mustContain(t, "manager's replies report", body, "<tr><td>total</td><td>"+strconv.Itoa(mail)+"</td>", "<td>1h 05m</td>")
	mustContain(t, "manager's replies report in Chinese", mgr.getZh(t, "/reports/replies"), "<tr><td>合计</td>")
	_, body = sales.get("/reports/replies")
	mustLack(t, "Lily's replies report", body, "<td>total</td>")
	_, csvBody := sales.get("/reports/replies?format=csv")
	if strings.Contains(csvBody, "total") {
		t.Errorf("Lily's CSV has the team's total:\n%s", csvBody)
	}
}

// The console's reports cover whole days in the team's zone: at 15:00 the
// mail of 09:00 on the first day the header names is counted.
func TestRepliesReportPeriodIsWholeDays(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	now := time.Date(2026, 11, 16, 15, 0, 0, 0, shanghai)
	first := time.Date(2026, 10, 17, 9, 0, 0, 0, shanghai)
	r.answeredAfter("first-day@acme.com", first, 65*time.Minute)
	r.clock.Set(now)
	_, body := mgr.get("/reports/replies")
	mustContain(t, "replies report", body, "2026-10-17", "Question first-day@acme.com")
}

// A breach that came while its owner was away says who had the nudges in
// the owner's place, on the page and in the breaches CSV.
func TestRepliesBreachNamesTheBackupOfAnAbsentOwner(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if _, err := r.raw.Exec(`INSERT INTO absence_covers (message_id, level, person, backup, source, at) VALUES (?, 2, ?, ?, 'config', ?)`,
		r.waitingMsg, lily, tom, now0.Add(5*time.Minute).Unix()); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0.Add(2 * time.Hour))
	_, body := mgr.get("/reports/replies")
	mustContain(t, "manager's breaches", body, `<span class="covered">away, covered by Tom Wu</span>`)
	mustContain(t, "manager's breaches in Chinese", mgr.getZh(t, "/reports/replies"), "负责人不在，代理人 Tom Wu")
	_, csvBody := mgr.get("/reports/replies?format=csv&table=breaches")
	recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found, col := false, slices.Index(recs[0], "covered by (owner away)")
	for _, rec := range recs[1:] {
		if col < 0 {
			break
		}
		if rec[4] == "Price for 500 pcs?" {
			found = rec[col] == tom
		} else if rec[col] != "" {
			t.Errorf("breach %v names a backup", rec)
		}
	}
	if col < 0 || !found {
		t.Errorf("breaches CSV:\n%s", csvBody)
	}
}

// Every CSV download starts with the UTF-8 BOM: Excel on a Chinese
// Windows reads a CSV without it as GBK, and a Chinese customer's name
// or subject comes out garbled.
func TestReportCSVDownloadsStartWithTheUTF8BOM(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if _, err := r.raw.Exec(`UPDATE customers SET name = '上海贸易' WHERE id = ?`, r.acme); err != nil {
		t.Fatal(err)
	}
	r.answeredAfterAbout("cn-1@acme.com", "报价 500 pcs", now0.Add(-72*time.Hour), 65*time.Minute)
	r.clock.Set(now0.Add(2 * time.Hour))

	for _, page := range []string{"/reports/replies?format=csv", "/reports/replies?format=csv&table=trend",
		"/reports/replies?format=csv&table=breaches", "/reports/sequences?format=csv", "/reports/quiet?format=csv",
		"/reports/pareto?format=csv"} {
		code, body := mgr.get(page)
		if code != 200 || !strings.HasPrefix(body, "\xEF\xBB\xBF") {
			t.Errorf("GET %s: %d, starts % x; want the UTF-8 BOM", page, code, body[:min(len(body), 8)])
		}
	}
	_, body := mgr.get("/reports/replies?format=csv&table=breaches")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || recs[0][0] != "customer" {
		t.Fatalf("breaches CSV after the BOM: %q", recs)
	}
	found := false
	for _, rec := range recs[1:] {
		found = found || (rec[0] == "上海贸易" && rec[4] == "报价 500 pcs")
	}
	if !found {
		t.Fatalf("no breach of 上海贸易 about 报价 500 pcs in:\n%s", body)
	}
}

// The replies table writes a median or p90 under an hour to the second,
// as the trend does: a p90 of 10m 59s under a 10m target does not read
// "10m"; the CSV has it in minutes to two decimals (10.98).
func TestRepliesTableDurationsKeepTheirSeconds(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	r.answeredAfter("slow-1@acme.com", now0.Add(-72*time.Hour), 10*time.Minute+59*time.Second)
	r.clock.Set(now0.Add(2 * time.Hour))

	_, body := mgr.get("/reports/replies")
	row := rowOf(t, body, "Lily Chen")
	if !strings.Contains(row, "<td>10m 59s</td>") || strings.Contains(row, "<td>10m</td>") {
		t.Fatalf("Lily's row: want her median and p90 as 10m 59s:\n%s", row)
	}
	_, csvBody := mgr.get("/reports/replies?format=csv")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, keepwarm.CSVBOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rec := range recs {
		if rec[0] == lily {
			found = true
			if rec[6] != "10.98" || rec[7] != "10.98" {
				t.Fatalf("Lily's CSV row %q: want median and p90 of 10.98 minutes", rec)
			}
		}
	}
	if !found {
		t.Fatalf("no CSV row for %s:\n%s", lily, csvBody)
	}
}

// The CSVs tell a few seconds past the target from the target: a mail
// answered 10m 25s after it came, under a 10-minute target, is late by more
// than 0 in the breaches CSV, and a p90 of 10m 25s is more than 10 in the
// replies CSV, as a spreadsheet filtering on them reads them.
func TestRepliesCSVsKeepSecondsPastTheTarget(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	r.answeredAfter("just-late@acme.com", now0.Add(-72*time.Hour), 10*time.Minute+25*time.Second)
	r.clock.Set(now0.Add(2 * time.Hour))

	records := func(path string) [][]string {
		t.Helper()
		_, body := mgr.get(path)
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, keepwarm.CSVBOM))).ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("%s: %v %v", path, recs, err)
		}
		return recs
	}
	number := func(rec []string, col int) float64 {
		t.Helper()
		f, err := strconv.ParseFloat(rec[col], 64)
		if err != nil {
			t.Fatalf("column %d of %q is not a number: %v", col, rec, err)
		}
		return f
	}
	found := false
	for _, rec := range records("/reports/replies?format=csv&table=breaches")[1:] {
		if rec[4] == "Question just-late@acme.com" {
			found = true
			if late, target := number(rec, 9), number(rec, 8); rec[6] != "answered late" || late <= 0 || target != 10 {
				t.Errorf("breach row %q: want late by more than 0 (%v) against a target of 10 (%v)", rec, late, target)
			}
		}
	}
	if !found {
		t.Fatal("the mail answered 25 s past its target is not in the breaches CSV")
	}
	found = false
	for _, rec := range records("/reports/replies?format=csv")[1:] {
		if rec[0] == lily {
			found = true
			if p90 := number(rec, 7); p90 <= 10 {
				t.Errorf("Lily's row %q: a p90 of 10m 25s written %v, not above the 10-minute target", rec, p90)
			}
		}
	}
	if !found {
		t.Fatal("no CSV row for Lily")
	}
}

// rowOf is the table row of who on a report page.
func rowOf(t *testing.T, body, who string) string {
	t.Helper()
	m := regexp.MustCompile(`<tr><td>` + regexp.QuoteMeta(who) + `</td>.*?</tr>`).FindString(body)
	if m == "" {
		t.Fatalf("no row for %s:\n%s", who, body)
	}
	return m
}

// The replies table writes a share rounded down on the page, in the row
// and on its bar: 39 of 49 within target (79.6%) is 79%, under the 80% a
// team may aim at.
func TestRepliesTableShareIsRoundedDownOnThePage(t *testing.T) {
	r, mgr, _, _ := newConsole(t) // Lily has one mail answered late already
	for i := 0; i < 48; i++ {
		wait := 5 * time.Minute
		if i >= 39 {
			wait = 20 * time.Minute
		}
		r.answeredAfter(fmt.Sprintf("q-%02d@acme.com", i), now0.Add(-72*time.Hour+time.Duration(i)*time.Hour), wait)
	}
	r.clock.Set(now0.Add(2 * time.Hour))

	_, body := mgr.get("/reports/replies")
	row := rowOf(t, body, "Lily Chen")
	if !strings.Contains(row, "<td>49</td>") || !strings.Contains(row, "79%") || strings.Contains(row, "80%") {
		t.Fatalf("Lily's row with 39 of 49 within target: want 79%%, never 80%%:\n%s", row)
	}
	bar := regexp.MustCompile(`<svg[^>]*aria-label="[^"]*within target[^"]*"[\s\S]*?</svg>`).FindString(body)
	if !regexp.MustCompile(`Lily Chen[\s\S]*?79%`).MatchString(bar) || strings.Contains(bar, ">80%<") {
		t.Fatalf("the share bars: want Lily's at 79%%:\n%s", bar)
	}
}
