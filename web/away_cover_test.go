package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/web"
)

// The director sees everything (team.managers) but is neither a
// salesperson nor the manager: the absence form does not offer him as a
// backup, and naming him all the same is refused saying who may cover,
// with nothing stored.
func TestAbsenceFormOffersOnlyWhoMayCover(t *testing.T) {
	const director = "director@seller.example"
	w := newWorld(t, "http://keepwarm.test")
	w.withPeople(append(w.deps.People, web.Person{Email: director, Name: "Dan Director", Manager: true})...)
	srv := w.serve()
	for _, who := range []string{lily, mei} {
		_, desk := w.signIn(srv, who).get("/")
		sel := cut(t, desk, `<select name="backup">`, "</select>")
		mustContain(t, who+"'s backup choices", sel, `<option value="`+tom+`">`)
		mustLack(t, who+"'s backup choices", sel, director)
	}
	c := w.signIn(srv, lily)
	code, body := c.do("/", "/away", url.Values{"from": {"2026-11-20"}, "until": {"2026-11-22"}, "backup": {director}})
	if code != http.StatusBadRequest {
		t.Fatalf("the director as Lily's backup: %d", code)
	}
	mustContain(t, "the refusal", body, "Dan Director is not a salesperson or the manager: only they may cover for someone away.")
	if got := (web.Lang{Code: "zh"}).Err("Backup: Dan Director is not a salesperson or the manager: only they may cover for someone away."); got != "代理人：Dan Director 不是业务员或经理：只有他们可以代理外出的同事。" {
		t.Errorf("the refusal in Chinese: %q", got)
	}
	if n := w.count(`SELECT count(*) FROM absences`); n != 0 {
		t.Fatalf("%d absences after the refusal", n)
	}
}

// At Christmas the manager, Mei, and Lily are both away with no backup
// named: Lily's mail goes to Mei, who is away too, and Mei's stays in her
// own inbox. Both rows of the Away card say nobody at their desk covers;
// Tom's, later and covered by Lily when she is back, does not. Mei entering her own
// absence again with no backup is refused, saying why.
func TestAwayCardSaysTheCoverIsAwayToo(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	from, until := now0.Add(-time.Hour), now0.AddDate(0, 0, 10)
	for _, who := range []string{mei, lily} {
		if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: who, From: from, Until: until}, who, now0.AddDate(0, 0, -5)); err != nil {
			t.Fatal(err)
		}
	}
	tomsFrom := until.AddDate(0, 0, 1)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: tom, Backup: lily, From: tomsFrom, Until: tomsFrom.AddDate(0, 0, 3)}, tom, now0.AddDate(0, 0, -5)); err != nil {
		t.Fatal(err)
	}
	meiC := w.signIn(srv, mei)
	_, desk := meiC.get("/")
	card := awaySection(t, desk)
	for _, who := range []string{mei, lily} {
		row := cut(t, card, `<li id="away-`+who+`-`+strconv.FormatInt(from.Unix(), 10)+`"`, "</li>")
		mustContain(t, who+"'s row", row, "covered by Mei Lin", "(away too: nobody at their desk covers; name a backup)")
	}
	row := cut(t, card, `<li id="away-`+tom+`-`+strconv.FormatInt(tomsFrom.Unix(), 10)+`"`, "</li>")
	mustContain(t, "Tom's row", row, "covered by Lily Chen")
	mustLack(t, "Tom's row", row, "away too")

	code, body := meiC.do("/", "/away", url.Values{"person": {mei}, "from": {"2026-12-24"}, "until": {"2026-12-31"}})
	if code != http.StatusBadRequest {
		t.Fatalf("Mei away with no backup: %d", code)
	}
	mustContain(t, "the refusal", body, "Backup: name who covers for you")
	code, _ = meiC.do("/", "/away", url.Values{"person": {mei}, "from": {"2026-12-24"}, "until": {"2026-12-31"}, "backup": {tom}})
	if code != http.StatusSeeOther {
		t.Fatalf("Mei away with Tom as backup: %d", code)
	}
	if n := w.count(`SELECT count(*) FROM absences WHERE person = ?`, mei); n != 2 {
		t.Fatalf("%d absences of Mei, want the first and the one naming Tom", n)
	}
	if got := (web.Lang{Code: "zh"}).Err("Backup: name who covers for Mei Lin: with nobody named, the manager's nudges and digest stay in their own inbox while they are away."); !strings.Contains(got, "Mei Lin") || got[0] == 'B' {
		t.Errorf("the refusal in Chinese: %q", got)
	}
}

// The manager enters Lily's absence and picks Lily as her own backup by
// mistake: the refusal is the desk again, the Away form as she filled it
// in (Who still Lily, the dates, the backup) and the reason beside it,
// so re-sending it does not make the absence the manager's.
func TestRefusedAbsenceFormKeepsWhatWasTyped(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	meiC := w.signIn(srv, mei)
	code, body := meiC.do("/", "/away", url.Values{"person": {lily}, "from": {"2026-11-20"}, "until": {"2026-11-22"}, "backup": {lily}})
	if code != http.StatusBadRequest {
		t.Fatalf("Lily as her own backup: %d", code)
	}
	form := cut(t, body, `<form method="post" action="/away" class="away" id="away-form">`, "</form>")
	mustContain(t, "the form", form, `id="away-error">Backup: name a colleague on the team`,
		`value="2026-11-20"`, `value="2026-11-22"`)
	who := cut(t, form, `<select name="person">`, "</select>")
	mustContain(t, "Who", who, `<option value="`+lily+`" selected>`)
	mustLack(t, "Who", who, `<option value="`+mei+`" selected>`)
	backup := cut(t, form, `<select name="backup">`, "</select>")
	mustContain(t, "Backup", backup, `<option value="`+lily+`" selected>`)
	mustContain(t, "the desk around it", body, `id="away"`, `id="trouble"`)
	if n := w.count(`SELECT count(*) FROM absences`); n != 0 {
		t.Fatalf("%d absences after the refusal", n)
	}
	// The fresh desk's form is empty, its Who the viewer.
	_, desk := meiC.get("/")
	form = cut(t, desk, `<form method="post" action="/away" class="away" id="away-form">`, "</form>")
	mustLack(t, "the fresh form", form, "away-error", `value="2026-11-20"`)
	mustContain(t, "the fresh form", form, `<option value="`+mei+`" selected>`)
}

// Who covers changes when an absence ends too: Mei, the manager, is away
// with nobody named; Lily entered three days on the desk with Tom as her
// backup, and her out-of-office says she is back in twenty. Tom covers
// for the three days; after them only the out-of-office runs, which names
// nobody, and her mail goes to Mei, away too. The out-of-office row says
// so; the desk row, covered by Tom while it runs, does not.
func TestAwayCardSaysTheCoverIsAwayOnceAnAbsenceEnds(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: mei, From: now0.Add(-3 * time.Hour), Until: now0.AddDate(0, 0, 30)}, mei, now0.AddDate(0, 0, -5)); err != nil {
		t.Fatal(err)
	}
	deskFrom := now0.Add(-time.Hour)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: deskFrom, Until: now0.AddDate(0, 0, 3)}, lily, now0.AddDate(0, 0, -5)); err != nil {
		t.Fatal(err)
	}
	oooAt := now0.Add(-2 * time.Hour)
	ooo := msg("ooo-cover@seller.example", keepwarm.KindAutoReply, "Automatic reply: Price for 500 pcs?", "bob@acme.com", "Bob Stone", oooAt)
	ooo.From, ooo.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: "bob@acme.com"}}
	ooo.AutoReplyUntil = now0.AddDate(0, 0, 20)
	w.save("lily", "Sent", ooo)
	if to, _, err := w.deps.Away.Recipient(w.ctx, lily, now0); err != nil || to != tom {
		t.Fatalf("Lily's mail goes to %q now (%v), want Tom", to, err)
	}
	_, desk := w.signIn(srv, mei).get("/")
	card := awaySection(t, desk)
	row := cut(t, card, `<li id="away-`+lily+`-`+strconv.FormatInt(oooAt.Unix(), 10)+`"`, "</li>")
	mustContain(t, "Lily's out-of-office row", row, `id="cover-away-`+lily+`-`, "(away too: nobody at their desk covers; name a backup)")
	row = cut(t, card, `<li id="away-`+lily+`-`+strconv.FormatInt(deskFrom.Unix(), 10)+`"`, "</li>")
	mustContain(t, "Lily's desk row", row, "covered by Tom Wu")
	mustLack(t, "Lily's desk row", row, "away too")
}

// The manager, with no standing backup, picks herself as her own backup:
// she is told to name who covers for her, as when she leaves it empty,
// not to leave it empty "for the manager", which would be refused next.
func TestManagerPickingHerselfAsBackupIsToldToNameSomeone(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	meiC := w.signIn(srv, mei)
	code, body := meiC.do("/", "/away", url.Values{"person": {mei}, "from": {"2026-12-24"}, "until": {"2026-12-31"}, "backup": {mei}})
	if code != http.StatusBadRequest {
		t.Fatalf("Mei as her own backup: %d", code)
	}
	mustContain(t, "the refusal", body, "Backup: name who covers for you: with nobody named, your nudges and digest stay in your own inbox")
	mustLack(t, "the refusal", body, "leave it empty for the manager")
	if n := w.count(`SELECT count(*) FROM absences`); n != 0 {
		t.Fatalf("%d absences after the refusal", n)
	}
}

// On 16 November the manager enters Tom away 20-28 December with Ann as
// his backup, then Lily away 22 December-2 January with Tom as hers. From
// the 22nd to the 28th Lily's mail goes to Ann, as Tom is away then: her
// row says so, and that Tom covers after; Tom's row names Ann alone.
func TestAwayCardNamesWhoCoversWhenTheBackupIsAwayTooForPart(t *testing.T) {
	const ann = "ann@seller.example"
	w := newWorld(t, "http://keepwarm.test")
	w.be = app.NewWebBackend(app.WebDeps{
		DB: w.db, FollowUp: w.fu, Rules: book.DefaultRules(), TeamLocation: shanghai,
		People: []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: tom, Name: "Tom Wu"}, {Email: ann, Name: "Ann Li"},
			{Email: mei, Name: "Mei Lin", Manager: true}},
		Away: sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true, ann: true},
			People: map[string]string{lily: lily, tom: tom, ann: ann, mei: mei}}, w.db),
	})
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	meiC := w.signIn(srv, mei)
	for _, f := range []url.Values{
		{"person": {tom}, "from": {"2026-12-20"}, "until": {"2026-12-28"}, "backup": {ann}},
		{"person": {lily}, "from": {"2026-12-22"}, "until": {"2027-01-02"}, "backup": {tom}},
	} {
		if code, body := meiC.do("/", "/away", f); code != http.StatusSeeOther {
			t.Fatalf("absence %v: %d %s", f, code, body)
		}
	}
	_, desk := meiC.get("/")
	card := awaySection(t, desk)
	lilyFrom := time.Date(2026, 12, 22, 0, 0, 0, 0, shanghai)
	row := cut(t, card, `<li id="away-`+lily+`-`+strconv.FormatInt(lilyFrom.Unix(), 10)+`"`, "</li>")
	mustContain(t, "Lily's row", row, `covered by <span class="cover-span">Ann Li (2026-12-22 – 2026-12-28)</span>, then <span class="cover-span">Tom Wu</span>`)
	mustLack(t, "Lily's row", row, "away too")
	tomFrom := time.Date(2026, 12, 20, 0, 0, 0, 0, shanghai)
	row = cut(t, card, `<li id="away-`+tom+`-`+strconv.FormatInt(tomFrom.Unix(), 10)+`"`, "</li>")
	mustContain(t, "Tom's row", row, "covered by Ann Li")
	mustLack(t, "Tom's row", row, "then")
	// In Chinese ", then" takes no space before the next name.
	row = cut(t, awaySection(t, meiC.getZh(t, "/")), `<li id="away-`+lily+`-`+strconv.FormatInt(lilyFrom.Unix(), 10)+`"`, "</li>")
	mustContain(t, "Lily's row in Chinese", row, `</span>，之后<span class="cover-span">Tom Wu</span>`)
}

// Lily is away 15-30 November with Tom as her backup. On the 16th Tom's
// own absence, 20-28 November with Ann as his backup, is entered: from the
// 20th Lily's mail goes to Ann. Her running absence's row says so, from
// now, and does not keep saying Tom alone.
func TestAwayCardNamesWhoCoversWhenTheBackupOfARunningAbsenceWillBeAway(t *testing.T) {
	const ann = "ann@seller.example"
	w := newWorld(t, "http://keepwarm.test")
	w.be = app.NewWebBackend(app.WebDeps{
		DB: w.db, FollowUp: w.fu, Rules: book.DefaultRules(), TeamLocation: shanghai,
		People: []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: tom, Name: "Tom Wu"}, {Email: ann, Name: "Ann Li"},
			{Email: mei, Name: "Mei Lin", Manager: true}},
		Away: sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true, ann: true},
			People: map[string]string{lily: lily, tom: tom, ann: ann, mei: mei}}, w.db),
	})
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, shanghai) }
	for _, a := range []keepwarm.Absence{
		{Person: lily, Backup: tom, From: day(15), Until: day(31)},
		{Person: tom, Backup: ann, From: day(20), Until: day(29)},
	} {
		if _, err := w.db.AddAbsence(w.ctx, a, mei, now0.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err)
		}
	}
	meiC := w.signIn(srv, mei)
	_, desk := meiC.get("/")
	row := cut(t, awaySection(t, desk), `<li id="away-`+lily+`-`+strconv.FormatInt(day(15).Unix(), 10)+`"`, "</li>")
	mustContain(t, "Lily's row", row, `covered by <span class="cover-span">Tom Wu (`, `, then <span class="cover-span">Ann Li (2026-11-20 – 2026-11-28)</span>, then <span class="cover-span">Tom Wu</span>`)
	mustLack(t, "Lily's row", row, "away too")
}
