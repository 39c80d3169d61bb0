package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm/store"
)

// The team page's rows add up to everything waiting: mail whose clock has
// no owner (a shared mailbox without one) or belongs to someone who left
// gets a row of its own under "Not on the team", naming the owner; a
// salesperson's page shows only their own row.
func TestTeamPageShowsWhatNobodyOnTheTeamOwns(t *testing.T) {
	r, mgr, lilyC, _ := newConsole(t)
	// Dupont's question now waits on someone who left the team.
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET owner = 'old@seller.example' WHERE message_id = ?`, r.idOf("d-1@dupont.fr")); err != nil {
		t.Fatal(err)
	}
	_, body := mgr.get("/team")
	row := func(name string) string {
		m := regexp.MustCompile(`<tr class="other"><td title="[^"]*">` + regexp.QuoteMeta(name) +
			`</td><td class="num">(\d+)</td><td class="num[^"]*">(\d+)</td>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no row for %s:\n%s", name, body)
		}
		return m[1] + "/" + m[2]
	}
	mustContain(t, "manager's team page", body, `id="others"`, "Not on the team")
	if got := row("(no owner)"); got != "1/1" { // the pool's inquiry, two days old
		t.Errorf("no owner: waiting/late %s", got)
	}
	if got := row("old@seller.example"); got != "1/1" {
		t.Errorf("old@seller.example: waiting/late %s", got)
	}
	_, body = lilyC.get("/team")
	mustLack(t, "Lily's team page", body, `id="others"`, "old@seller.example")
}

// The audit log shows the latest entries, says so, and pages back to the
// oldest.
func TestTeamAuditLogPagesBack(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	for i := range 60 {
		if err := r.db.AddAudit(r.ctx, store.AuditEntry{Actor: mei, Action: "sequence.save", Subject: fmt.Sprintf("sequence change-%02d", i),
			At: now0.Add(-time.Duration(60-i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	_, body := mgr.get("/team")
	mustContain(t, "latest page", body, "latest 50", "sequence change-59", "sequence change-10", `rel="next"`)
	mustLack(t, "latest page", body, "sequence change-09")
	m := regexp.MustCompile(`href="(/team\?before=\d+)#audit" rel="next"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link to older entries:\n%s", body)
	}
	_, body = mgr.get(m[1])
	mustContain(t, "older page", body, "older 10", "sequence change-09", "sequence change-00", `href="/team#audit"`)
	mustLack(t, "older page", body, "sequence change-10", `rel="next"`)
	if n := strings.Count(body, "sequence change-"); n != 10 {
		t.Errorf("older page lists %d entries, want 10", n)
	}
}
