package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm/config"
	"keepwarm/internal/mailtest"
)

// tomConfig adds Tom, a second salesperson with his own mailbox.
const tomConfig = `
[[salesperson]]
email = "tom@acme-export.com"
name = "Tom Wang"
time_zone = "Asia/Shanghai"
hours = "08:30-17:30"
[[mailbox]]
name = "tom"
owner = "tom@acme-export.com"
url = "%s"
username = "tom@acme-export.com"
password_env = "TOM_PW"
`

type replyReportJSON struct {
	By    string `json:"by"`
	Total struct {
		Count         int    `json:"count"`
		Answered      int    `json:"answered"`
		WithinTarget  int    `json:"within_target"`
		Breaches      int    `json:"breaches"`
		Waiting       int    `json:"waiting"`
		MedianSeconds *int64 `json:"median_seconds"`
		WorstSeconds  *int64 `json:"worst_seconds"`
	} `json:"total"`
	Groups []struct {
		Key          string `json:"key"`
		Count        int    `json:"count"`
		Answered     int    `json:"answered"`
		WithinTarget int    `json:"within_target"`
		WorstSeconds *int64 `json:"worst_seconds"`
	} `json:"groups"`
	Breaches []struct {
		ThreadID   int64      `json:"thread_id"`
		Customer   string     `json:"customer"`
		Subject    string     `json:"subject"`
		ReceivedAt time.Time  `json:"received_at"`
		RepliedAt  *time.Time `json:"replied_at"`
		RepliedBy  string     `json:"replied_by"`
		Seconds    int64      `json:"seconds"`
		Status     string     `json:"status"`
	} `json:"breaches"`
	Unanswered []struct {
		Customer  string     `json:"customer"`
		RepliedAt *time.Time `json:"replied_at"`
		Seconds   int64      `json:"seconds"`
		Owner     string     `json:"owner"`
	} `json:"unanswered"`
}

func TestReportRepliesFromTheCLI(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		for user, pw := range map[string]string{"sales@acme-export.com": "team-pw", "lily@acme-export.com": "lily-pw", "tom@acme-export.com": "tom-pw"} {
			srv.AddUser(t, user, pw)
		}
		t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
		// Hans's inquiry: Lily answers after 6 minutes (the shared fixtures).
		srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
		srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
		// A second inquiry: Tom answers from his own mailbox after 45 minutes.
		q2 := mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: "sales@acme-export.com", Subject: "Samples",
			MessageID: "inq-2@globex.de", Date: t0.Add(time.Hour), Body: "Can you send samples?"}
		a2 := mailtest.Msg{From: "Tom Wang <tom@acme-export.com>", To: "hans@globex.de", Subject: "RE: Samples",
			MessageID: "a-2@acme-export.com", InReplyTo: q2.MessageID, References: []string{q2.MessageID},
			Date: q2.Date.Add(45 * time.Minute), Body: "Samples leave tomorrow."}
		srv.Append(t, "sales@acme-export.com", "INBOX", q2.Bytes(), q2.Date)
		srv.Append(t, "tom@acme-export.com", "Sent", a2.Bytes(), a2.Date)
		// Ana's question (free mail) is still unanswered.
		srv.Append(t, "sales@acme-export.com", "INBOX", freeMail.Bytes(), freeMail.Date)

		path := writeConfig(t, srv, fmt.Sprintf(tomConfig, srv.URL()))
		c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "TOM_PW": "tom-pw"})
		c.mustRun("--log-level", "error", "sync")
		now := t0.Add(3 * time.Hour).Format(time.RFC3339)

		var rep replyReportJSON
		out := c.mustRun("--now", now, "report", "replies", "--since", "1d", "--format", "json")
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if rep.By != "salesperson" || rep.Total.Count != 3 || rep.Total.Answered != 2 || rep.Total.WithinTarget != 1 ||
			rep.Total.Breaches != 2 || rep.Total.Waiting != 1 || *rep.Total.WorstSeconds != 2700 {
			t.Fatalf("total: %+v\n%s", rep.Total, out)
		}
		groups := map[string][2]int{}
		for _, g := range rep.Groups {
			groups[g.Key] = [2]int{g.Answered, g.WithinTarget}
		}
		if groups["lily@acme-export.com"] != [2]int{1, 1} || groups["tom@acme-export.com"] != [2]int{1, 0} ||
			groups["boss@acme-export.com"] != [2]int{0, 0} {
			t.Fatalf("groups: %+v", rep.Groups)
		}
		b := rep.Breaches
		if len(b) != 2 || b[0].Seconds != 2700 || b[0].RepliedBy != "tom@acme-export.com" || b[0].Subject != "Samples" ||
			b[0].Customer != "domain:globex.de" || b[0].Status != "late" || !b[0].ReceivedAt.Equal(q2.Date) ||
			b[0].RepliedAt == nil || !b[0].RepliedAt.Equal(a2.Date) || b[0].ThreadID == 0 {
			t.Fatalf("breaches: %+v", b)
		}
		u := rep.Unanswered
		if len(u) != 1 || u[0].Customer != "addr:ana.buyer@gmail.com" || u[0].RepliedAt != nil || u[0].Seconds != 7200 ||
			u[0].Owner != "boss@acme-export.com" || b[1].Status != "overdue" {
			t.Fatalf("unanswered: %+v", u)
		}

		// Ana's question came while its owner was away: Tom had the nudges.
		if _, err := sqlDB(t, filepath.Dir(path)).Exec(`INSERT INTO absence_covers (message_id, level, person, backup, source, at)
			SELECT id, 2, 'boss@acme-export.com', 'tom@acme-export.com', 'config', ? FROM messages WHERE key = ?`,
			freeMail.Date.Add(time.Hour).Unix(), freeMail.MessageID); err != nil {
			t.Fatal(err)
		}
		// Hans's company has a name: the table's rows name customers as
		// its lists do, never by the store's key.
		if _, err := sqlDB(t, filepath.Dir(path)).Exec(`UPDATE customers SET name = 'Globex GmbH' WHERE key = 'domain:globex.de'`); err != nil {
			t.Fatal(err)
		}
		table := c.mustRun("--now", now, "report", "replies", "--by", "customer")
		if strings.Contains(table, "domain:") || strings.Contains(table, "addr:") {
			t.Errorf("the table names a customer by its key:\n%s", table)
		}
		for _, want := range []string{"CUSTOMER", "\nGlobex GmbH ", "\nana.buyer@gmail.com ", "TOTAL", "Breaches (2):", "Unanswered (1):", "45m", "Samples",
			"WAITING (NOT LATE)", "COUNT = WITHIN + BREACHES", "covered by Tom Wang"} {
			if !strings.Contains(table, want) {
				t.Errorf("table lacks %q:\n%s", want, table)
			}
		}
		// Each line adds up: count = within + breaches + waiting (not late);
		// Ana's question, waiting past its target, is a breach only.
		// The rows are the lines between the head and the COUNT line; a
		// row's name may have spaces: its 10 figures are its last fields.
		rows, _, _ := strings.Cut(table, "\nCOUNT = ")
		_, rows, _ = strings.Cut(rows, "MEDIAN (WORK HOURS)\n")
		checked := 0
		for _, line := range strings.Split(rows, "\n") {
			f := strings.Fields(line)
			if len(f) < 11 {
				continue
			}
			name, fig := strings.Join(f[:len(f)-10], " "), f[len(f)-10:]
			n := make([]int, 5)
			for i := range n {
				n[i], _ = strconv.Atoi(fig[i])
			}
			if n[0] != n[2]+n[3]+n[4] {
				t.Errorf("%s: count %d, within %d, breaches %d, waiting %d: does not add up\n%s", name, n[0], n[2], n[3], n[4], table)
			}
			checked++
		}
		if checked != 3 {
			t.Errorf("%d rows checked, want Globex's, Ana's and TOTAL:\n%s", checked, table)
		}
		// Ana is "Globex GmbH" too: the rows tell the two apart; a long
		// name is cut as the lists cut it.
		if _, err := sqlDB(t, filepath.Dir(path)).Exec(`UPDATE customers SET name = 'Globex GmbH' WHERE key = 'addr:ana.buyer@gmail.com'`); err != nil {
			t.Fatal(err)
		}
		table = c.mustRun("--now", now, "report", "replies", "--by", "customer")
		for _, want := range []string{"\nGlobex GmbH (globex.de) ", "\nGlobex GmbH (ana.buyer@gmail.com) "} {
			if !strings.Contains(table, want) {
				t.Errorf("table lacks %q:\n%s", want, table)
			}
		}
		long := strings.Repeat("Globex International Trading ", 3) + "GmbH"
		if _, err := sqlDB(t, filepath.Dir(path)).Exec(`UPDATE customers SET name = ? WHERE key = 'domain:globex.de'`, long); err != nil {
			t.Fatal(err)
		}
		table = c.mustRun("--now", now, "report", "replies", "--by", "customer")
		if strings.Contains(table, long[:40]) || !strings.Contains(table, "\n"+truncate(long, 30)+" ") {
			t.Errorf("a long customer name is not cut to 30:\n%s", table)
		}
		// Two branches of one group: their names differ only after the
		// first 30 characters, and the rows tell them apart by their keys.
		for key, name := range map[string]string{"domain:globex.de": "Guangzhou Meiya Trading Co., Ltd. (Shenzhen)",
			"addr:ana.buyer@gmail.com": "Guangzhou Meiya Trading Co., Ltd. (Hong Kong)"} {
			if _, err := sqlDB(t, filepath.Dir(path)).Exec(`UPDATE customers SET name = ? WHERE key = ?`, name, key); err != nil {
				t.Fatal(err)
			}
		}
		table = c.mustRun("--now", now, "report", "replies", "--by", "customer")
		cut := truncate("Guangzhou Meiya Trading Co., Ltd. (Shenzhen)", 30)
		for _, want := range []string{"\n" + cut + " (globex.de) ", "\n" + cut + " (ana.buyer@gmail.com) "} {
			if !strings.Contains(table, want) {
				t.Errorf("two customers whose names are cut alike: table lacks %q:\n%s", want, table)
			}
		}
		csv := c.mustRun("--now", now, "report", "replies", "--by", "grade", "--format", "csv", "--since", "2026-11-01")
		lines := strings.Split(strings.TrimSpace(csv), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "\uFEFFgroup,count,answered") || !strings.HasPrefix(lines[2], "TOTAL,3,2,1,") {
			t.Fatalf("csv:\n%s", csv)
		}
		if code, _, errs := c.run(context.Background(), "report", "replies", "--by", "colour"); code != 2 || !strings.Contains(errs, "colour") {
			t.Fatalf("--by colour: exit %d %s", code, errs)
		}
		if code, _, errs := c.run(context.Background(), "report", "replies", "--format", "xml"); code != 2 || !strings.Contains(errs, "--format") {
			t.Fatalf("--format xml: exit %d %s", code, errs)
		}
	})
}

// TestRunSendsNudges: `keepwarm run` on a manual clock sends the 5-minute
// nudge to the owner and the target nudge, and a copy of it to the manager,
// through the [notify] sender, each once.
func TestRunSendsNudges(t *testing.T) {
	r := startRun(t, "info", "[replies]\nescalate = true\n", nil, nil)
	smtpSrv, clock := r.smtp, r.clock

	clock.Set(t0.Add(5 * time.Minute))
	waitFor(t, "the first nudge", func() bool { return len(smtpSrv.Messages()) == 1 })
	n1 := smtpSrv.Messages()[0]
	if strings.Join(n1.To, ",") != "lily@acme-export.com" || !strings.Contains(string(n1.Raw), "Urgent order") ||
		!strings.Contains(string(n1.Raw), "> We need 40HQ by Friday.") || n1.From != "keepwarm@acme-export.com" {
		t.Fatalf("first nudge from %s to %v:\n%s", n1.From, n1.To, n1.Raw)
	}
	clock.Set(t0.Add(10 * time.Minute))
	waitFor(t, "the target nudge and the manager's copy", func() bool { return len(smtpSrv.Messages()) == 3 })
	var to []string
	for _, m := range smtpSrv.Messages()[1:] {
		to = append(to, strings.Join(m.To, ","))
	}
	if slices.Sort(to); strings.Join(to, " ") != "boss@acme-export.com lily@acme-export.com" {
		t.Fatalf("target nudge and copy to %v", to)
	}
	clock.Set(t0.Add(30 * time.Minute))
	clock.Set(t0.Add(2 * time.Hour))
	if n := len(smtpSrv.Messages()); n != 3 {
		t.Fatalf("%d nudges, want 3", n)
	}
	if strings.Contains(r.stderr.String(), mailtest.SMTPPassword) {
		t.Fatal("the notify password was logged")
	}
	r.stop()
	// JSON log lines carry one "level" key each: the nudge's own level is
	// logged under another name.
	queued := 0
	for _, line := range strings.Split(strings.TrimSpace(r.stderr.String()), "\n") {
		if n := strings.Count(line, `"level":`); n != 1 {
			t.Errorf("%d level keys in log line %s", n, line)
		}
		if strings.Contains(line, `"msg":"nudge queued"`) {
			queued++
			if !strings.Contains(line, `"nudge":"reply due"`) && !strings.Contains(line, `"nudge":"target passed"`) {
				t.Errorf("nudge line does not say which nudge: %s", line)
			}
		}
	}
	if queued != 2 {
		t.Errorf("%d nudge queued lines, want 2:\n%s", queued, r.stderr.String())
	}
}

// waitFor polls (in real time, bounded) for an outcome of the daemon.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond) // polling an outcome, not a schedule
	}
}

func TestRepliesConfigNamesTheKey(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	ok := `
[replies]
reply_target = "8m"
nudge_after = "4m"
escalate = true
nudge_backlog_limit = "2h"
hours = "08:30-17:30"
workdays = ["Sun-Thu"]
[replies.grade_targets]
A = "5m"
[notify]
smtp_url = "smtp://127.0.0.1:2525"
username = "keepwarm@acme-export.com"
password_cmd = "echo x"
from = "Keepwarm@acme-export.com"
`
	cfg, err := config.Load(writeConfig(t, srv, ok))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Replies.GradeTargets["A"].Duration != 5*time.Minute || cfg.Notify.From != "keepwarm@acme-export.com" || !cfg.Notify.Enabled() {
		t.Fatalf("parsed: %+v %+v", cfg.Replies, cfg.Notify)
	}
	if cfg, _ := config.Load(writeConfig(t, srv, "")); cfg.Replies.ReplyTarget.Duration != 10*time.Minute || cfg.Notify.Enabled() {
		t.Fatalf("defaults: %+v", cfg.Replies)
	}
	for _, c := range []struct{ extra, key string }{
		{"[replies]\nnudge_backlog_limit = \"5m\"", "replies.nudge_backlog_limit"},
		{"[replies]\nhours = \"18:00-09:00\"", "replies.hours"},
		{"[replies]\nworkdays = [\"Funday\"]", "replies.workdays"},
		{"[replies.grade_targets]\nZ = \"5m\"", "replies.grade_targets.Z"},
		{"[notify]\nsmtp_url = \"smtp://127.0.0.1:25\"\nfrom = \"nobody\"", "notify.from"},
		{"[notify]\nsmtp_url = \"smtp://127.0.0.1:25\"\nfrom = \"k@acme-export.com\"\nusername = \"k\"", "notify.password_env"},
	} {
		if _, err := config.Load(writeConfig(t, srv, c.extra)); err == nil || !strings.Contains(err.Error(), c.key) {
			t.Errorf("%q: %v, want an error naming %s", c.extra, err, c.key)
		}
	}
}
