package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/web"
)

// Lily's own out-of-office says she is back in 20 days; she is back after
// one. Her desk's Away card offers "Back now" on that row; Tom may not say
// it for her; when she does, she is no longer away, the change is in the
// audit, and a later out-of-office reply makes her away again.
func TestBackNowEndsAnAbsenceFromAnOutOfOffice(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	ooo := msg("ooo-back@seller.example", keepwarm.KindAutoReply, "Automatic reply: Price for 500 pcs?", "bob@acme.com", "Bob Stone", now0.Add(-time.Hour))
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: "bob@acme.com"}}
	ooo.AutoReplyUntil = now0.AddDate(0, 0, 20)
	w.save("lily", "Sent", ooo)
	if to, _, err := w.deps.Away.Recipient(w.ctx, lily, now0); err != nil || to != mei {
		t.Fatalf("before: Lily's mail goes to %q (%v), want the manager", to, err)
	}
	lilyC := w.signIn(srv, lily)
	_, desk := lilyC.get("/")
	mustContain(t, "Lily's desk", desk, `action="/away/back"`, `name="person" value="`+lily+`"`, "Back now")
	// Visible beside the button, not in a tooltip: the responder left on
	// undoes it.
	mustContain(t, "Lily's desk", desk, `<p class="small warn" id="ooo-still-`+lily+`">Turn the out-of-office off first`)
	tomC := w.signIn(srv, tom)
	if _, body := tomC.get("/"); strings.Contains(body, `action="/away/back"`) {
		t.Errorf("Tom is offered to end Lily's absence")
	}
	if code, body := tomC.do("/", "/away/back", url.Values{"person": {lily}}); code != http.StatusBadRequest || !strings.Contains(body, "Only the manager") {
		t.Fatalf("Tom says Lily is back: %d", code)
	}
	if code, loc := lilyC.do("/", "/away/back", url.Values{"person": {lily}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("POST /away/back: %d %s", code, loc)
	}
	if to, cover, err := w.deps.Away.Recipient(w.ctx, lily, now0.Add(time.Minute)); err != nil || to != lily || cover != nil {
		t.Fatalf("after Back now: %q %+v %v, want Lily", to, cover, err)
	}
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'absence.back' AND actor = ? AND before LIKE '%auto-reply%'`, lily); n != 1 {
		t.Fatalf("%d audit rows", n)
	}
	if _, desk := lilyC.get("/"); !strings.Contains(desk, "Nobody is away.") {
		t.Errorf("the Away card after Back now:\n%s", desk)
	}
	// Nothing left to end.
	if code, body := lilyC.do("/", "/away/back", url.Values{"person": {lily}}); code != http.StatusBadRequest || !strings.Contains(body, "Not away now") {
		t.Fatalf("Back now twice: %d", code)
	}
	// Her out-of-office answers again an hour later: away again.
	again := ooo
	again.Key, again.MessageID, again.Date = "ooo-again@seller.example", "ooo-again@seller.example", now0.Add(time.Hour)
	w.save("lily", "Sent", again)
	if to, _, _ := w.deps.Away.Recipient(w.ctx, lily, now0.Add(2*time.Hour)); to != mei {
		t.Errorf("after a new out-of-office reply: %q, want the manager", to)
	}
}

// A desk absence whose backup has left the team: the Away card says the
// manager, Mei, covers and names the backup who is gone.
func TestAwayCardSaysTheBackupLeft(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, Backup: "gone@seller.example", From: now0.Add(-time.Hour), Until: now0.AddDate(0, 0, 3)}, mei, now0.AddDate(0, 0, -5)); err != nil {
		t.Fatal(err)
	}
	_, desk := w.signIn(srv, tom).get("/")
	mustContain(t, "Tom's desk", desk, "covered by Mei Lin (the backup named is not on the team: gone@seller.example)")
}

// A desk absence whose backup has since moved into team.managers: the
// Away card says the manager, Mei, covers, and that the backup named is
// in team.managers, who cover for nobody, not that they are off the team;
// in Chinese too.
func TestAwayCardSaysTheBackupIsInManagers(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	const ceo = "ceo@seller.example"
	w.deps.Away = sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true},
		People: map[string]string{lily: lily, tom: tom, mei: mei}, Team: map[string]bool{lily: true, tom: true, mei: true, ceo: true}}, w.db)
	w.withPeople(w.deps.People...)
	srv := w.serve()
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, Backup: ceo, From: now0.Add(-time.Hour), Until: now0.AddDate(0, 0, 3)}, mei, now0.AddDate(0, 0, -5)); err != nil {
		t.Fatal(err)
	}
	_, desk := w.signIn(srv, tom).get("/")
	mustContain(t, "Tom's desk", desk, "covered by Mei Lin (the backup named is listed in team.managers, so covers for nobody: ceo@seller.example)")
	if strings.Contains(desk, "not on the team") {
		t.Errorf("Tom's desk calls the CEO off the team:\n%s", desk)
	}
	tomC := w.signIn(srv, tom)
	if code, _ := tomC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("the language switch")
	}
	_, desk = tomC.get("/")
	mustContain(t, "Tom's desk in Chinese", desk, "所指定的代理人在 team.managers 中，不代理任何人： ceo@seller.example")
}

// Lily entered "away, backup Tom" on her desk and left the team before her
// customers were handed on. Over HTTP, Tom opens none of her customers'
// pages and finds none of them for it; Mei's Away card lists the absence
// as not on the team, covering nobody, with its Cancel.
func TestADeskAbsenceOfSomeoneWhoLeftOpensNothingToHerBackup(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	ab, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: now0.Add(-time.Hour), Until: now0.AddDate(0, 1, 0)}, lily, now0.AddDate(0, 0, -5))
	if err != nil {
		t.Fatal(err)
	}
	w.deps.Away = sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{tom: true},
		People: map[string]string{tom: tom, mei: mei}}, w.db)
	w.withPeople(web.Person{Email: tom, Name: "Tom Wu"}, web.Person{Email: mei, Name: "Mei Lin", Manager: true})
	srv := w.serve()
	c := w.signIn(srv, tom)
	for _, path := range []string{fmt.Sprintf("/customers/%d", w.meier), fmt.Sprintf("/customers/%d", w.acme)} {
		if code, _ := c.get(path); code != http.StatusNotFound {
			t.Errorf("Tom GET %s: %d, want 404", path, code)
		}
	}
	if code, body := c.get("/customers?q=Meier"); code != http.StatusOK || strings.Contains(body, fmt.Sprintf("/customers/%d", w.meier)) {
		t.Errorf("Tom's search finds Lily's Meier: %d", code)
	}
	_, desk := c.get("/")
	mustLack(t, "Tom's desk", desk, "Acme Corp", "covering for")
	_, desk = w.signIn(srv, mei).get("/")
	i := strings.Index(desk, fmt.Sprintf(`id="away-left-%s-`, lily))
	if i < 0 {
		t.Fatalf("Mei's Away card does not say Lily is not on the team:\n%s", desk)
	}
	row := desk[strings.LastIndex(desk[:i], "<li"):]
	row = row[:strings.Index(row, "</li>")]
	mustContain(t, "Lily's row on Mei's Away card", row, "not on the team any more: nobody covers for this absence; hand their customers on first, then cancel it (cancelling releases what waits in their name at once)",
		"keepwarm customers handover "+lily, fmt.Sprintf(`action="/away/%d/cancel"`, ab.ID))
	mustLack(t, "Lily's row on Mei's Away card", row, "covered by", "Tom Wu")
}

// The absence form's empty backup is Lily's standing backup when she has
// one, and says so, not "the manager"; the manager's form says it is the
// person's standing backup, else the manager.
func TestAbsenceFormNamesTheStandingBackup(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.deps.Away = sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true},
		People: map[string]string{lily: lily, tom: tom, mei: mei}, Backups: map[string]string{lily: tom}}, w.db)
	w.withPeople(w.deps.People...)
	srv := w.serve()
	_, desk := w.signIn(srv, lily).get("/")
	mustContain(t, "Lily's desk", desk, `<select name="backup"><option value="">my standing backup: Tom Wu</option>`)
	_, desk = w.signIn(srv, tom).get("/")
	mustContain(t, "Tom's desk", desk, `<select name="backup"><option value="">the manager</option>`)
	_, desk = w.signIn(srv, mei).get("/")
	mustContain(t, "Mei's desk", desk, `<select name="backup"><option value="">their standing backup, else the manager</option>`)
}

// Lily is away by her out-of-office and by an absence the manager entered
// on the desk: "Back now" on the out-of-office row would leave her away
// all the same, so it ends nothing and says what keeps her away.
func TestBackNowSaysADeskAbsenceStillRuns(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	ooo := msg("ooo-desk@seller.example", keepwarm.KindAutoReply, "Automatic reply: Price for 500 pcs?", "bob@acme.com", "Bob Stone", now0.Add(-time.Hour))
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: "bob@acme.com"}}
	ooo.AutoReplyUntil = now0.AddDate(0, 0, 20)
	w.save("lily", "Sent", ooo)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, From: now0.Add(-time.Hour), Until: now0.AddDate(0, 0, 3)}, mei, now0.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	lilyC := w.signIn(srv, lily)
	code, body := lilyC.do("/", "/away/back", url.Values{"person": {lily}})
	if code != http.StatusBadRequest || !strings.Contains(body, "Still away until") || !strings.Contains(body, "by an absence entered on the desk: Cancel it first") {
		t.Fatalf("Back now with a desk absence: %d", code)
	}
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'absence.back'`); n != 0 {
		t.Fatalf("%d audit rows", n)
	}
	if to, _, _ := w.deps.Away.Recipient(w.ctx, lily, now0.Add(time.Minute)); to == lily {
		t.Fatalf("Lily taken as back")
	}
}

// A desk absence of whole days, 16 to 18 November as the desk shows it
// (stored up to midnight of the 19th): the refusal names the 18th as the
// last day away, not "until Thu 2026-11-19 00:00".
func TestBackNowNamesTheLastDayOfAWholeDayDeskAbsence(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	ooo := msg("ooo-days@seller.example", keepwarm.KindAutoReply, "Automatic reply: Price for 500 pcs?", "bob@acme.com", "Bob Stone", now0.Add(-time.Hour))
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: "bob@acme.com"}}
	ooo.AutoReplyUntil = now0.AddDate(0, 0, 20)
	w.save("lily", "Sent", ooo)
	day := time.Date(2026, 11, 16, 0, 0, 0, 0, shanghai)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, From: day, Until: day.AddDate(0, 0, 3)}, mei, now0.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	lilyC := w.signIn(srv, lily)
	code, body := lilyC.do("/", "/away/back", url.Values{"person": {lily}})
	if code != http.StatusBadRequest || !strings.Contains(body, "Still away to the end of 2026-11-18 by an absence entered on the desk") || strings.Contains(body, "2026-11-19") {
		t.Fatalf("Back now with a whole-day desk absence: %d\n%s", code, body)
	}
	zh := "Still away to the end of 2026-11-18 by an absence entered on the desk: Cancel it first, then say you are back."
	if got := (web.Lang{Code: "zh"}).Err(zh); got == zh || !strings.Contains(got, "2026-11-18") {
		t.Errorf("in Chinese: %q", got)
	}
}

// Lily, whose standing backup is Tom, is not offered as her own backup,
// and naming herself all the same is refused saying what an empty choice
// really gives (Tom), not "the manager"; in Chinese too.
func TestAbsenceFormRefusesHerselfNamingTheStandingBackup(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.deps.Away = sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true},
		People: map[string]string{lily: lily, tom: tom, mei: mei}, Backups: map[string]string{lily: tom}}, w.db)
	w.withPeople(w.deps.People...)
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	sel := cut(t, desk, `<select name="backup">`, "</select>")
	mustContain(t, "Lily's backup choices", sel, `<option value="`+tom+`">`)
	mustLack(t, "Lily's backup choices", sel, `<option value="`+lily+`">`)

	form := url.Values{"from": {"2026-11-20"}, "until": {"2026-11-22"}, "backup": {lily}}
	code, body := c.do("/", "/away", form)
	if code != http.StatusBadRequest {
		t.Fatalf("Lily as her own backup: %d", code)
	}
	mustContain(t, "the refusal", body, "leave it empty for the standing backup, Tom Wu.")
	mustLack(t, "the refusal", body, "for the manager")
	if got := (web.Lang{Code: "zh"}).Err("Backup: name a colleague on the team, or leave it empty for the standing backup, Tom Wu."); got != "代理人：请选一位同事，或留空由常设代理人 Tom Wu 代理。" {
		t.Errorf("the refusal in Chinese: %q", got)
	}
	if n := w.count(`SELECT count(*) FROM absences`); n != 0 {
		t.Fatalf("%d absences after the refusal", n)
	}
}

// The manager says Lily is back while a desk absence of hers still runs:
// the refusal names Lily, not "you", in Chinese too; and with nothing of
// hers to end, it says she is not away.
func TestBackNowForSomeoneElseNamesThem(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	meiC := w.signIn(srv, mei)
	code, body := meiC.do("/", "/away/back", url.Values{"person": {lily}})
	if code != http.StatusBadRequest || !strings.Contains(body, "Lily Chen is not away now from the config or an out-of-office reply") {
		t.Fatalf("the manager's Back now for Lily, not away: %d\n%s", code, body)
	}
	ooo := msg("ooo-mgr@seller.example", keepwarm.KindAutoReply, "Automatic reply: Price for 500 pcs?", "bob@acme.com", "Bob Stone", now0.Add(-time.Hour))
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: "bob@acme.com"}}
	ooo.AutoReplyUntil = now0.AddDate(0, 0, 20)
	w.save("lily", "Sent", ooo)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, From: now0.Add(-time.Hour), Until: now0.AddDate(0, 0, 3)}, mei, now0.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	code, body = meiC.do("/", "/away/back", url.Values{"person": {lily}})
	if code != http.StatusBadRequest || !strings.Contains(body, "Lily Chen is still away until") || !strings.Contains(body, "then say they are back.") ||
		strings.Contains(body, "say you are back") {
		t.Fatalf("the manager's Back now for Lily with a desk absence: %d\n%s", code, body)
	}
	for _, en := range []string{
		"Lily Chen is still away until Thu 2026-11-19 09:00 (Asia/Shanghai) by an absence entered on the desk: Cancel it first, then say they are back.",
		"Lily Chen is still away to the end of 2026-11-18 by an absence entered on the desk: Cancel it first, then say they are back.",
		"Lily Chen is still away by an absence entered on the desk: Cancel it first, then say they are back.",
		"Lily Chen is not away now from the config or an out-of-office reply (an absence entered on the desk is ended with Cancel).",
	} {
		if got := (web.Lang{Code: "zh"}).Err(en); got == en || !strings.Contains(got, "Lily Chen") {
			t.Errorf("in Chinese: %q", got)
		}
	}
}
