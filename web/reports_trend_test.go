package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// pastReplies adds two answered questions: Acme's answered in 5 minutes
// in the week of 19 October, Meier's answered 2 hours after it came in the
// week of 26 October (a 10-minute target: late by 1h 50m).
func (w *world) pastReplies() (meierQ int64) {
	w.t.Helper()
	in := func(id, subject, contact, name string, at time.Time) {
		w.save("lily", "INBOX", msg(id, keepwarm.KindInbound, subject, contact, name, at))
	}
	out := func(id, to, subject string, at time.Time) {
		m := msg(id+"-re", keepwarm.KindOutbound, "Re: "+subject, to, "", at)
		m.InReplyTo, m.References = []string{id}, []string{id}
		w.save("lily", "Sent", m)
	}
	acmeAt := time.Date(2026, 10, 20, 9, 0, 0, 0, shanghai)
	in("old-1@acme.com", "Samples", "bob@acme.com", "Bob Stone", acmeAt)
	out("old-1@acme.com", "bob@acme.com", "Samples", acmeAt.Add(5*time.Minute))
	meierAt := time.Date(2026, 10, 28, 15, 0, 0, 0, shanghai)
	in("old-2@buyer.de", "Delivery date", "hans@buyer.de", "Hans Meier", meierAt)
	out("old-2@buyer.de", "hans@buyer.de", "Delivery date", meierAt.Add(2*time.Hour))
	if _, err := w.db.MeasureReplies(w.ctx, now0.Add(2*time.Hour), "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		w.t.Fatal(err)
	}
	return w.idOf("old-2@buyer.de")
}

// The replies report draws the 12-week trend of the median and of the
// share within target beside its table and CSV, and lists the breaches
// with links; a salesperson sees only their own.
func TestRepliesReportTrendAndBreaches(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	meierQ := r.pastReplies()
	r.clock.Set(now0.Add(2 * time.Hour))

	code, body := mgr.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("replies report: %d\n%s", code, body)
	}
	mustContain(t, "manager's trend", body, `id="trend"`, "The team&#39;s reply times, 12 weeks", `id="trend-median"`, `id="trend-share"`,
		`<polyline class="trend"`, "<title>2h</title>", "<title>5m</title>", "<title>100%</title>",
		"<td>2026-10-19</td><td>1</td><td>1</td><td>0</td><td>5m</td><td>100%</td>",
		"<td>2026-10-26</td><td>1</td><td>0</td><td>1</td><td>2h</td><td>0%</td>",
		"<td>2026-11-16</td><td>2</td><td>0</td><td>2</td><td>–</td><td>0%</td>",
		"?format=csv&amp;table=trend")
	if n := strings.Count(body, "<td>2026-"); n != 12 {
		t.Errorf("trend table has %d weeks, want 12", n)
	}
	// The breaches: Meier answered late, Dupont and Acme still waiting, the
	// pool's question with no owner; each with its links.
	mustContain(t, "manager's breaches", body, `id="breaches"`, path(`id="breach-%d"`, meierQ), path(`href="/messages/%d"`, meierQ),
		path(`href="/customers/%d"`, r.meier), "Delivery date", "late by 1h 50m", "still waiting", "Dupont SARL", "Tom Wu",
		"?format=csv&amp;table=breaches")

	code, csvBody := mgr.get("/reports/replies?format=csv&table=trend")
	lines := strings.Split(strings.TrimSpace(csvBody), "\n")
	if code != http.StatusOK || len(lines) != 13 || lines[0] != "\uFEFFweek of,mail,within target,breaches,median (minutes),share within (%)" ||
		lines[1] != "2026-08-31,0,0,0,," || lines[8] != "2026-10-19,1,1,0,5,100" || lines[12] != "2026-11-16,2,0,2,,0" {
		t.Fatalf("trend CSV: %d\n%s", code, csvBody)
	}
	code, csvBody = mgr.get("/reports/replies?format=csv&table=breaches")
	if code != http.StatusOK || !strings.HasPrefix(csvBody, "\uFEFFcustomer,salesperson,owner,replied by,subject,received,status,answered,target (minutes),late by (minutes),covered by (owner away),owner now\n") ||
		!strings.Contains(csvBody, "Meier GmbH,"+lily+","+lily+",,Delivery date,2026-10-28 15:00,answered late,2026-10-28 17:00,10,110,") ||
		!strings.Contains(csvBody, "Dupont SARL,"+tom+","+tom+",,Catalogue,") {
		t.Fatalf("breaches CSV: %d\n%s", code, csvBody)
	}
	if code, _ := mgr.get("/reports/replies?format=csv&table=nope"); code != http.StatusNotFound {
		t.Fatalf("unknown table: %d", code)
	}

	// Lily: her own trend and breaches only.
	_, body = sales.get("/reports/replies")
	mustContain(t, "Lily's report", body, "Your reply times, 12 weeks", "Delivery date", "Price for 500 pcs?",
		"<td>2026-11-16</td><td>1</td><td>0</td><td>1</td><td>–</td><td>0%</td>")
	mustLack(t, "Lily's report", body, "Dupont", "Catalogue", tom)
	_, csvBody = sales.get("/reports/replies?format=csv&table=breaches")
	if strings.Contains(csvBody, "Dupont") || !strings.Contains(csvBody, "Meier GmbH") {
		t.Fatalf("Lily's breaches CSV:\n%s", csvBody)
	}
	// The other reports have neither.
	_, body = mgr.get("/reports/sequences")
	mustLack(t, "sequences report", body, `id="trend"`, `id="breaches"`)
}

// breachesOf is the breaches figure of who's row (by name) in the replies table.
func breachesOf(t *testing.T, body, who string) int {
	t.Helper()
	m := regexp.MustCompile(`<tr><td>` + regexp.QuoteMeta(who) + `</td><td>\d+</td><td>\d+</td><td>(\d+)</td>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row for %s:\n%s", who, body)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// A late answer by a colleague counts in the row of who answered, as the
// table counts it: the breaches list under the table names them, the row's
// salesperson sees it in their own list (without links to a customer they
// may not open), and the customer's owner does not.
func TestRepliesBreachesAgreeWithTheTable(t *testing.T) {
	r, mgr, lilyC, tomC := newConsole(t)
	meierQ := r.pastReplies() // Lily's customer, answered two hours late
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET replied_by = ? WHERE message_id = ?`, tom, meierQ); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0.Add(2 * time.Hour))

	for _, c := range []struct {
		who    string
		client *client
	}{{"Tom Wu", tomC}, {"Lily Chen", lilyC}} {
		_, body := c.client.get("/reports/replies")
		if n, listed := breachesOf(t, body, c.who), strings.Count(body, `id="breach-`); n != listed {
			t.Errorf("%s: the row counts %d breaches, the list shows %d:\n%s", c.who, n, listed, body)
		}
	}
	_, body := tomC.get("/reports/replies")
	mustContain(t, "Tom's breaches", body, path(`id="breach-%d"`, meierQ), "Delivery date", "Meier GmbH", "Lily Chen")
	mustLack(t, "Tom's breaches", body, path(`href="/messages/%d"`, meierQ), path(`href="/customers/%d"`, r.meier))
	_, body = lilyC.get("/reports/replies")
	mustLack(t, "Lily's breaches", body, path(`id="breach-%d"`, meierQ))

	_, body = mgr.get("/reports/replies")
	if n, listed := breachesOf(t, body, "Tom Wu"), strings.Count(body, "<span class=\"who\">Tom Wu</span>"); n != listed {
		t.Errorf("manager: Tom's row counts %d breaches, the list names him for %d:\n%s", n, listed, body)
	}
	_, csvBody := mgr.get("/reports/replies?format=csv&table=breaches")
	if !strings.HasPrefix(csvBody, "\uFEFFcustomer,salesperson,owner,replied by,subject,received,status,answered,target (minutes),late by (minutes),covered by (owner away),owner now\n") ||
		!strings.Contains(csvBody, "Meier GmbH,"+tom+","+lily+","+tom+",Delivery date,2026-10-28 15:00,answered late,2026-10-28 17:00,10,110,") {
		t.Fatalf("breaches CSV:\n%s", csvBody)
	}
}
