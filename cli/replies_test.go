package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// `keepwarm replies` lists Ana's unanswered question; `replies done ID`
// settles it (gone from the list, counted apart in `report replies`, in
// the audit), `replies undo ID` puts it back.
func TestRepliesDoneFromTheCLI(t *testing.T) {
	_, c := anaWaitsRig(t)
	now := freeMail.Date.Add(2 * time.Hour).Format(time.RFC3339)

	var list []struct {
		MessageID int64  `json:"message_id"`
		Customer  string `json:"customer"`
	}
	out := c.mustRun("--now", now, "replies", "--json")
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].Customer != "addr:ana.buyer@gmail.com" {
		t.Fatalf("the waiting list: %v\n%s", err, out)
	}
	id := fmt.Sprint(list[0].MessageID)
	if table := c.mustRun("--now", now, "replies"); !strings.Contains(table, "MESSAGE") || !strings.Contains(table, id) {
		t.Fatalf("the table:\n%s", table)
	}
	if help := c.mustRun("replies", "done", "--help"); !strings.Contains(help, "needing no answer") {
		t.Errorf("help:\n%s", help)
	}
	if got := c.mustRun("--now", now, "replies", "done", id); !strings.Contains(got, "needs no answer: marked by boss@acme-export.com") {
		t.Errorf("done says %q", got)
	}
	if code, _, errs := c.run(context.Background(), "--now", now, "replies", "done", id); code != 1 || !strings.Contains(errs, "already") {
		t.Errorf("done twice: exit %d %s", code, errs)
	}
	if table := c.mustRun("--now", now, "replies"); strings.Contains(table, "ana.buyer") || !strings.Contains(table, "0 waiting") {
		t.Errorf("after done:\n%s", table)
	}
	rep := c.mustRun("--now", now, "report", "replies", "--since", "1d")
	if !strings.Contains(rep, "No answer needed (marked, not counted above): 1 (boss@acme-export.com 1)") || !strings.Contains(rep, "Unanswered (0):") {
		t.Errorf("the report:\n%s", rep)
	}
	csv := c.mustRun("--now", now, "report", "replies", "--since", "1d", "--format", "csv")
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); !strings.HasSuffix(lines[0], ",no_answer_needed,answered_time_unknown") || !strings.HasPrefix(lines[len(lines)-1], "TOTAL,0,") ||
		!strings.HasSuffix(lines[len(lines)-1], ",1,0") {
		t.Errorf("csv:\n%s", csv)
	}
	if got := c.mustRun("--now", now, "replies", "undo", id, "--by", "Tom@acme-export.com"); !strings.Contains(got, "waits for an answer again") {
		t.Errorf("undo says %q", got)
	}
	if table := c.mustRun("--now", now, "replies"); !strings.Contains(table, id) {
		t.Errorf("after undo:\n%s", table)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(filepath.Dir(c.config), "kw.db")+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var audit []string
	rows, err := db.Query(`SELECT actor || ' ' || action FROM web_audit ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		audit = append(audit, s)
	}
	rows.Close()
	if strings.Join(audit, "; ") != "boss@acme-export.com reply.no-answer-needed; tom@acme-export.com reply.no-answer-needed.undo" {
		t.Errorf("the audit: %v", audit)
	}
}

// `replies undo` on a mail answered after it was marked says so and its
// audit line records "answered" (not "waiting for an answer"), as the
// desk's undo does: both go through the same app method.
func TestRepliesUndoOfAnAnsweredMailRecordsAnswered(t *testing.T) {
	srv, c := anaWaitsRig(t)
	now := freeMail.Date.Add(2 * time.Hour)
	var list []struct {
		MessageID int64 `json:"message_id"`
	}
	out := c.mustRun("--now", now.Format(time.RFC3339), "replies", "--json")
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
		t.Fatalf("the waiting list: %v\n%s", err, out)
	}
	id := fmt.Sprint(list[0].MessageID)
	c.mustRun("--now", now.Format(time.RFC3339), "replies", "done", id)

	// The price list goes to Ana all the same, after the mark.
	answer := mailtest.Msg{From: "Sales <sales@acme-export.com>", To: "ana.buyer@gmail.com", Subject: "RE: price list",
		MessageID: "fm-1-re@acme-export.com", InReplyTo: freeMail.MessageID, References: []string{freeMail.MessageID},
		Date: now.Add(time.Hour), Body: "Attached."}
	srv.Append(t, "sales@acme-export.com", "Sent", answer.Bytes(), answer.Date)
	c.mustRun("--log-level", "error", "sync")
	if got := c.mustRun("--now", now.Add(2*time.Hour).Format(time.RFC3339), "replies", "undo", id); !strings.Contains(got, "it was answered meanwhile") {
		t.Errorf("undo says %q", got)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(filepath.Dir(c.config), "kw.db")+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var after string
	if err := db.QueryRow(`SELECT after FROM web_audit WHERE action = 'reply.no-answer-needed.undo'`).Scan(&after); err != nil || after != "answered" {
		t.Errorf("the undo's audit line says %q (%v), want answered", after, err)
	}
}

// anaWaitsRig is the team of tomConfig with Ana's unanswered question in
// the sales@ INBOX, synced.
func anaWaitsRig(t *testing.T) (*mailtest.IMAPServer, *cli) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	for user, pw := range map[string]string{"sales@acme-export.com": "team-pw", "lily@acme-export.com": "lily-pw", "tom@acme-export.com": "tom-pw"} {
		srv.AddUser(t, user, pw)
	}
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	srv.Append(t, "sales@acme-export.com", "INBOX", freeMail.Bytes(), freeMail.Date)
	path := writeConfig(t, srv, fmt.Sprintf(tomConfig, srv.URL()))
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "TOM_PW": "tom-pw"})
	c.mustRun("--log-level", "error", "sync")
	return srv, c
}
