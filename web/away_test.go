package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// An absence entered on the desk: Lily enters her own, with Tom as backup;
// it is stored, audited and shown on everyone's desk as running; she may
// not enter Tom's; the manager may, and may cancel hers.
func TestDeskAbsenceFormStoresAuditsAndShows(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	today := now0.In(shanghai).Format("2006-01-02")
	later := now0.In(shanghai).AddDate(0, 0, 3).Format("2006-01-02")
	code, loc := lilyC.do("/", "/away", url.Values{"from": {today}, "until": {later}, "backup": {tom}})
	if code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("POST /away: %d %s", code, loc)
	}
	away, err := w.db.DeskAbsences(w.ctx, now0)
	if err != nil || len(away) != 1 || away[0].Person != lily || away[0].Backup != tom ||
		!away[0].Until.Equal(time.Date(now0.In(shanghai).Year(), now0.In(shanghai).Month(), now0.In(shanghai).Day()+4, 0, 0, 0, 0, shanghai)) {
		t.Fatalf("stored: %+v %v", away, err)
	}
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'absence.add' AND actor = ? AND after LIKE '%backup ' || ? || '%'`, lily, tom); n != 1 {
		t.Fatalf("%d audit rows", n)
	}
	tomC := w.signIn(srv, tom)
	_, desk := tomC.get("/")
	mustContain(t, "Tom's desk", desk, `id="away"`, lily, "away now", "covered by", tom)
	// Names, and the days as Lily entered them (not the next midnight).
	mustContain(t, "Tom's desk", desk, "<strong>Lily Chen</strong>", today+" – "+later+" · covered by Tom Wu")
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'absence.add' AND after = ?`,
		lily+" away "+today+" to "+later+" (Asia/Shanghai), backup "+tom); n != 1 {
		var after string
		_ = w.raw.QueryRow(`SELECT after FROM web_audit WHERE action = 'absence.add'`).Scan(&after)
		t.Fatalf("the audit's absence, in the team's zone as entered: %q", after)
	}

	// Not someone else's; and the values are checked.
	if code, body := lilyC.do("/", "/away", url.Values{"person": {tom}, "from": {today}, "until": {later}}); code != http.StatusBadRequest ||
		!strings.Contains(body, "Only the manager") {
		t.Fatalf("Lily enters Tom's absence: %d %s", code, body)
	}
	if code, body := lilyC.do("/", "/away", url.Values{"from": {later}, "until": {today}}); code != http.StatusBadRequest ||
		!strings.Contains(body, "Until must come after from") {
		t.Fatalf("until before from: %d %s", code, body)
	}
	if code, body := lilyC.do("/", "/away", url.Values{"from": {"next week"}, "until": {later}}); code != http.StatusBadRequest ||
		!strings.Contains(body, "From:") {
		t.Fatalf("bad from: %d %s", code, body)
	}
	// Tom cannot cancel Lily's; the manager can.
	if code, _ := tomC.do("/", path("/away/%d/cancel", away[0].ID), nil); code != http.StatusNotFound {
		t.Fatalf("Tom cancels Lily's absence: %d", code)
	}
	boss := w.signIn(srv, mei)
	if code, _ := boss.do("/", path("/away/%d/cancel", away[0].ID), nil); code != http.StatusSeeOther {
		t.Fatalf("the manager cancels: %d", code)
	}
	if left, _ := w.db.DeskAbsences(w.ctx, now0); len(left) != 0 {
		t.Fatalf("after cancel: %+v", left)
	}
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'absence.cancel'`); n != 1 {
		t.Fatalf("%d cancel audit rows", n)
	}
	// The team's audit log says which absence was cancelled.
	_, team := boss.get("/team")
	mustContain(t, "the audit log", team, "cancelled an absence · absence "+strconv.FormatInt(away[0].ID, 10)+" of "+lily+` <span class="muted small">`+lily+" away "+today+" to "+later)
}

// The team's week counts a clock once, under its owner: while Lily is away
// with Tom covering, Tom's desk lists her waiting mail, but his row on
// /team stays his own.
func TestTeamCountsACoveredClockOnceUnderItsOwner(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	boss := w.signIn(srv, mei)
	rows := func() map[string]string {
		t.Helper()
		_, body := boss.get("/team")
		out := map[string]string{}
		for _, m := range regexp.MustCompile(`(?s)<tr id="team-[^"]*"><td>([^<\n]+).*?</td>((?:<td class="num[^"]*">\d+</td>)+)</tr>`).FindAllStringSubmatch(body, -1) {
			out[m[1]] = m[2]
		}
		if len(out) < 2 {
			t.Fatalf("team rows: %v\n%s", out, body)
		}
		return out
	}
	before := rows()
	if strings.HasPrefix(before["Lily Chen"], `<td class="num">0</td>`) {
		t.Fatalf("Lily has no waiting mail to cover: %v", before)
	}
	today := now0.In(shanghai).Format("2006-01-02")
	later := now0.In(shanghai).AddDate(0, 0, 3).Format("2006-01-02")
	lilyC := w.signIn(srv, lily)
	if code, _ := lilyC.do("/", "/away", url.Values{"from": {today}, "until": {later}, "backup": {tom}}); code != http.StatusSeeOther {
		t.Fatalf("POST /away: %d", code)
	}
	_, desk := w.signIn(srv, tom).get("/")
	mustContain(t, "Tom's desk while he covers", desk, "covering for")
	if after := rows(); after["Tom Wu"] != before["Tom Wu"] || after["Lily Chen"] != before["Lily Chen"] {
		t.Fatalf("team rows changed by the absence:\nbefore %v\nafter  %v", before, after)
	}
}

// Lily's own out-of-office reply names no return date: the desk's Away
// card says so and gives the day keepwarm takes her as back by at the
// latest (14 days on), not a span as if she had named its end; in Chinese
// too.
func TestDeskAwayWithoutReturnDate(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	ooo := msg("ooo-1@seller.example", keepwarm.KindAutoReply, "Automatic reply: Price for 500 pcs?", "bob@acme.com", "Bob Stone", now0.Add(-time.Hour))
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: "bob@acme.com"}}
	w.save("lily", "Sent", ooo)
	tomC := w.signIn(srv, tom)
	_, desk := tomC.get("/")
	mustContain(t, "Tom's desk", desk, "<strong>Lily Chen</strong>", "2026-11-16 09:00 – no return date given; back by 2026-11-30 at the latest · covered by")
	if strings.Contains(desk, "– 2026-11-30 09:00") {
		t.Errorf("the desk shows keepwarm's bound as the end of her absence:\n%s", desk)
	}
	if code, _ := tomC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("the language switch")
	}
	_, desk = tomC.get("/")
	mustContain(t, "Tom's desk in Chinese", desk, "2026-11-16 09:00 – 未给出返回日期；最迟 2026-11-30 视为返回")
}

// Lily entered an absence with Tom as her backup and her own out-of-office
// runs at the same time, ending later: Tom still covers (the reply names
// nobody), both rows on the Away card say so (the out-of-office's that the
// manager covers once the desk's ends), and /team lists her once among
// those Tom covers for.
func TestOverlappingOutOfOfficeKeepsTheDeskBackup(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	today := now0.In(shanghai).Format("2006-01-02")
	later := now0.In(shanghai).AddDate(0, 0, 3).Format("2006-01-02")
	lilyC := w.signIn(srv, lily)
	if code, _ := lilyC.do("/", "/away", url.Values{"from": {today}, "until": {later}, "backup": {tom}}); code != http.StatusSeeOther {
		t.Fatalf("POST /away: %d", code)
	}
	back := now0.In(shanghai).AddDate(0, 0, 6)
	ooo := msg("ooo-2@seller.example", keepwarm.KindAutoReply, "Automatic reply: Price for 500 pcs?", "bob@acme.com", "Bob Stone", now0.Add(-time.Hour))
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: "bob@acme.com"}}
	ooo.AutoReplyUntil = time.Date(back.Year(), back.Month(), back.Day(), 0, 0, 0, 0, shanghai)
	w.save("lily", "Sent", ooo)
	_, desk := w.signIn(srv, tom).get("/")
	// The out-of-office row says Tom covers now, and that once the desk's
	// absence ends, with no backup named, the manager does.
	if n := strings.Count(desk, "covered by Tom Wu</div>") + strings.Count(desk, `covered by <span class="cover-span">Tom Wu (`); n != 2 {
		t.Errorf("Away card: %d rows covered by Tom, want 2 (the desk's and the out-of-office)\n%s", n, desk)
	}
	mustContain(t, "the out-of-office row", desk, `Tom Wu (2026-11-16 10:00 – 2026-11-20 00:00)</span>, then <span class="cover-span">Mei Lin</span>`)
	if strings.Contains(desk, "covered by the manager") {
		t.Errorf("the out-of-office gave Lily's mail to the manager:\n%s", desk)
	}
	_, team := w.signIn(srv, mei).get("/team")
	m := regexp.MustCompile(`(?s)<tr id="team-` + regexp.QuoteMeta(tom) + `">.*?</tr>`).FindString(team)
	if !strings.Contains(m, "covering for Lily Chen</div>") {
		t.Errorf("Tom's row on /team: %s", m)
	}
}

// A double click on "I will be away" sends the form twice: the absence is
// entered once, with one audit line, so one Cancel ends it.
func TestDeskAbsenceSentTwiceIsEnteredOnce(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	today := now0.In(shanghai).Format("2006-01-02")
	later := now0.In(shanghai).AddDate(0, 0, 3).Format("2006-01-02")
	form := url.Values{"from": {today}, "until": {later}, "backup": {tom}, "note": {"Trade fair"}}
	for i := 0; i < 2; i++ {
		if code, loc := lilyC.do("/", "/away", form); code != http.StatusSeeOther || loc != "/" {
			t.Fatalf("POST /away #%d: %d %s", i+1, code, loc)
		}
	}
	away, err := w.db.DeskAbsences(w.ctx, now0)
	if err != nil || len(away) != 1 {
		t.Fatalf("after the form sent twice: %+v %v; want one absence", away, err)
	}
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'absence.add'`); n != 1 {
		t.Fatalf("%d audit rows for the absence; want 1", n)
	}
	if code, _ := lilyC.do("/", path("/away/%d/cancel", away[0].ID), nil); code != http.StatusSeeOther {
		t.Fatalf("cancel: %d", code)
	}
	if left, _ := w.db.DeskAbsences(w.ctx, now0); len(left) != 0 {
		t.Fatalf("after one cancel Lily is still away: %+v", left)
	}
	// Another note is another entry: what she typed is kept.
	form.Set("note", "Canton Fair")
	lilyC.do("/", "/away", form)
	form.Set("note", "Visiting Hans")
	lilyC.do("/", "/away", form)
	if away, _ := w.db.DeskAbsences(w.ctx, now0); len(away) != 2 {
		t.Fatalf("two absences with their own notes: %+v", away)
	}
}
