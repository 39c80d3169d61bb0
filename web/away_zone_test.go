package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// An absence entered by a salesperson whose time_zone is not the team's
// is shown as the days they typed, in their own zone (named, since the
// desk's other times are the team's), on everyone's desk and in the audit:
// not as the team's times of their midnights.
func TestAbsenceShownInTheAbsentPersonsZone(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, "http://keepwarm.test")
	w.deps.PersonLocation = func(email string) *time.Location {
		if email == tom {
			return madrid
		}
		return shanghai
	}
	w.withPeople(w.deps.People...)
	srv := w.serve()
	tomC := w.signIn(srv, tom)
	if code, loc := tomC.do("/", "/away", url.Values{"from": {"2026-12-22"}, "until": {"2026-12-24"}}); code != http.StatusSeeOther {
		t.Fatalf("POST /away: %d %s", code, loc)
	}
	away, err := w.db.DeskAbsences(w.ctx, now0)
	if err != nil || len(away) != 1 || !away[0].From.Equal(time.Date(2026, 12, 22, 0, 0, 0, 0, madrid)) ||
		!away[0].Until.Equal(time.Date(2026, 12, 25, 0, 0, 0, 0, madrid)) {
		t.Fatalf("stored: %+v %v", away, err)
	}
	lilyC := w.signIn(srv, lily)
	for _, c := range []*client{tomC, lilyC} {
		_, desk := c.get("/")
		desk = awaySection(t, desk)
		mustContain(t, "the desk's Away list", desk, "2026-12-22 – 2026-12-24 (Europe/Madrid) · covered by")
		mustLack(t, "the desk's Away list", desk, "07:00", "2026-12-25")
		zh := awaySection(t, c.getZh(t, "/"))
		mustContain(t, "the Chinese desk's Away list", zh, "2026-12-22 – 2026-12-24 (Europe/Madrid)")
	}
	want := tom + " away 2026-12-22 to 2026-12-24 (Europe/Madrid)"
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'absence.add' AND after = ?`, want); n != 1 {
		var after string
		_ = w.raw.QueryRow(`SELECT after FROM web_audit WHERE action = 'absence.add'`).Scan(&after)
		t.Fatalf("the audit's absence: %q, want %q", after, want)
	}
}

// awaySection is the desk's Away card.
func awaySection(t *testing.T, desk string) string {
	t.Helper()
	i := strings.Index(desk, `id="away"`)
	if i < 0 {
		t.Fatalf("no Away card:\n%s", desk)
	}
	desk = desk[i:]
	if j := strings.Index(desk, "</section>"); j >= 0 {
		desk = desk[:j]
	}
	return desk
}
