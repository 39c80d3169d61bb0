package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
	"keepwarm/web"
)

// The team page says who is away now, until when and who covers, marks
// the backup's row, and counts each salesperson's failed sends and
// follow-ups (the desk's "Sends that need you"), so that an absent
// salesperson's pile does not read as the overloaded one's.
func TestTeamPageShowsAwayCoversAndFailed(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if _, err := r.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: now0.Add(-time.Hour), Until: now0.Add(5 * 24 * time.Hour)}, mei, now0); err != nil {
		t.Fatal(err)
	}
	enrs, err := r.db.ListEnrollments(r.ctx, r.meier)
	if err != nil || len(enrs) != 1 {
		t.Fatalf("Meier's enrollment: %v %v", enrs, err)
	}
	e := enrs[0]
	e.Status, e.Reason, e.UpdatedAt = keepwarm.EnrollFailed, "smtp: 550 mailbox unavailable", now0
	if _, err := r.db.UpdateEnrollment(r.ctx, e); err != nil {
		t.Fatal(err)
	}
	_, page := mgr.get("/team")
	row := func(email string) string {
		m := regexp.MustCompile(`(?s)<tr id="team-` + regexp.QuoteMeta(email) + `">(.*?)</tr>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no row for %s:\n%s", email, page)
		}
		return m[1]
	}
	lilyRow, tomRow := row(lily), row(tom)
	if !strings.Contains(lilyRow, "away now") || !strings.Contains(lilyRow, "covered by Tom Wu") || !strings.Contains(lilyRow, `<a href="/#trouble">1</a>`) {
		t.Errorf("Lily's row:\n%s", lilyRow)
	}
	if !strings.Contains(tomRow, "covering for Lily Chen") || strings.Contains(tomRow, "away now") || !strings.HasSuffix(tomRow, `<td class="num">0</td>`) {
		t.Errorf("Tom's row:\n%s", tomRow)
	}
	zh := mgr.getZh(t, "/team")
	mustContain(t, "Chinese team page", zh, "现在不在", "代理人", "失败")
}

// Two salespeople of the same name, both away and both covered by Tom:
// his row on the team page names two colleagues, not one.
func TestTeamPageCountsNamesakesCoveredOnce(t *testing.T) {
	r, _, _, _ := newConsole(t)
	const liwei2 = "li.wei2@seller.example"
	d := r.deps
	d.People = []web.Person{{Email: lily, Name: "Li Wei"}, {Email: liwei2, Name: "Li Wei"}, {Email: tom, Name: "Tom Wu"}, {Email: mei, Name: "Mei Lin", Manager: true}}
	d.Away = sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, liwei2: true, tom: true},
		People: map[string]string{lily: lily, liwei2: liwei2, tom: tom, mei: mei}}, r.db)
	r.be = app.NewWebBackend(d)
	srv := r.serve()
	r.rebase(srv.URL)
	for _, p := range []string{lily, liwei2} {
		if _, err := r.db.AddAbsence(r.ctx, keepwarm.Absence{Person: p, Backup: tom, From: now0.Add(-time.Hour), Until: now0.Add(5 * 24 * time.Hour)}, mei, now0); err != nil {
			t.Fatal(err)
		}
	}
	_, page := r.signIn(srv, mei).get("/team")
	m := regexp.MustCompile(`(?s)<tr id="team-` + regexp.QuoteMeta(tom) + `">(.*?)</tr>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no row for Tom:\n%s", page)
	}
	if n := strings.Count(m[1], "Li Wei"); n != 2 {
		t.Errorf("Tom's row names Li Wei %d times, want 2 (two colleagues):\n%s", n, m[1])
	}
}
