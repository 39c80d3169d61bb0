package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const decemberLetter = "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour new catalogue for next year is ready.\n\nBest regards,\n{{.Owner.Signature}}\n"

// The monthly letters are in the template list, open in the editor with a
// live preview for a real customer's contact (or a sample), and save like
// the other templates: checked, written atomically with the previous
// version kept; a salesperson reads them only.
func TestMonthlyLetterListedPreviewedAndSaved(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	file := filepath.Join(r.lettersDir, "2026-12.tmpl")
	if err := os.WriteFile(file, []byte(decemberLetter), 0o644); err != nil {
		t.Fatal(err)
	}
	_, body := mgr.get("/templates")
	mustContain(t, "template list", body, `href="/letters/2026-12.tmpl"`, ">letter<", `action="/letters/new"`,
		`href="/templates/christmas.tmpl"`, `href="/templates/birthday.de.tmpl"`)

	// The editor: Meier's letter, to Hans, from Lily, with the month named.
	page := path("/letters/2026-12.tmpl?customer=%d", r.meier)
	code, body := mgr.get(page)
	if code != http.StatusOK {
		t.Fatalf("letter editor: %d\n%s", code, body)
	}
	mustContain(t, "letter editor", body, `action="/letters/2026-12.tmpl"`, `hx-post="/letters/2026-12.tmpl/preview"`,
		`<dd id="pv-subject">News from Lily Chen, December 2026</dd>`, "<dd>hans@buyer.de</dd>", "Dear Hans,", "our new catalogue for next year is ready.")
	mustLack(t, "letter editor", body, `id="sample-note"`)

	// The live preview of an edit, saved nowhere.
	edited := strings.Replace(decemberLetter, "our new catalogue for next year is ready.", "our new catalogue is out; the LED panels are 5% cheaper.", 1)
	code, body = mgr.do(page, "/letters/2026-12.tmpl/preview", url.Values{"body": {edited}, "customer": {path("%d", r.meier)}})
	if code != http.StatusOK || !strings.Contains(body, "the LED panels are 5% cheaper.") {
		t.Fatalf("preview of the edit: %d\n%s", code, body)
	}
	// Without a customer: a sample, and it says so.
	_, body = mgr.do(page, "/letters/2026-12.tmpl/preview", url.Values{"body": {edited}, "customer": {"0"}})
	mustContain(t, "sample preview", body, `id="sample-note"`, "Buyer GmbH (sample)", "anna@buyer.example", "December 2026")
	if got, _ := os.ReadFile(file); string(got) != decemberLetter {
		t.Fatalf("the preview wrote the file:\n%s", got)
	}

	// A misspelt field is refused with its line and a did-you-mean.
	bad := strings.Replace(decemberLetter, "{{.Owner.Signature}}", "{{.Owner.Signatur}}", 1)
	code, body = mgr.do(page, "/letters/2026-12.tmpl", url.Values{"body": {bad}, "customer": {path("%d", r.meier)}})
	if code != http.StatusBadRequest || !strings.Contains(body, `id="problems"`) || !strings.Contains(body, "Signature") {
		t.Fatalf("bad letter: %d\n%s", code, body)
	}
	// A salesperson cannot write it.
	if code, _ := sales.do(page, "/letters/2026-12.tmpl", url.Values{"body": {edited}}); code != http.StatusForbidden {
		t.Fatalf("Lily saved the letter: %d", code)
	}
	if got, _ := os.ReadFile(file); string(got) != decemberLetter {
		t.Fatalf("a refused save wrote the file:\n%s", got)
	}
	_, body = sales.get(page)
	mustContain(t, "Lily's view", body, "readonly")
	mustLack(t, "Lily's view", body, "Check and save")

	// Saved: the new text, the old one kept, the change audited.
	code, loc := mgr.do(page, "/letters/2026-12.tmpl", url.Values{"body": {edited}, "customer": {path("%d", r.meier)}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/letters/2026-12.tmpl?saved=1") {
		t.Fatalf("save: %d %s", code, loc)
	}
	if got, _ := os.ReadFile(file); string(got) != edited {
		t.Fatalf("saved file:\n%s", got)
	}
	if prev, _ := os.ReadFile(file + ".prev"); string(prev) != decemberLetter {
		t.Fatalf("previous version:\n%s", prev)
	}
	_, body = mgr.get("/team")
	mustContain(t, "audit", body, "saved a letter", "letter 2026-12.tmpl")

	// A new month's Spanish letter starts from the latest letter, and the
	// preview warns that the month has no letter for everyone else yet.
	code, loc = mgr.get("/letters/new?month=2027-01&lang=es")
	if code != http.StatusSeeOther || loc != "/letters/2027-01.es.tmpl" {
		t.Fatalf("new letter: %d %s", code, loc)
	}
	_, body = mgr.get(loc)
	mustContain(t, "new letter", body, `id="new-note"`, "the LED panels are 5% cheaper.", "no 2027-01.tmpl for everyone else")
	for _, bad := range []string{"/letters/new?month=2027-13", "/letters/new?month=2027-01&lang=Spanish!"} {
		if code, _ := mgr.get(bad); code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, code)
		}
	}
	for _, bad := range []string{"/letters/2027-13.tmpl", "/letters/resend.tmpl", "/letters/2026-12.txt"} {
		if code, _ := mgr.get(bad); code != http.StatusNotFound {
			t.Errorf("%s: %d", bad, code)
		}
	}
}

// A greeting's preview is written as the greetings job writes it: the
// occasion named, no quoted mail, to the customer's contact.
func TestGreetingTemplatePreviewNamesTheOccasion(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	code, body := mgr.get(path("/templates/christmas.tmpl?customer=%d", r.meier))
	if code != http.StatusOK {
		t.Fatalf("christmas: %d\n%s", code, body)
	}
	mustContain(t, "christmas preview", body, "<dd>hans@buyer.de</dd>", "Christmas", "Lily Chen")
	mustLack(t, "christmas preview", body, `id="sample-note"`, "Quotation LED panels", "wrote:")
	_, body = mgr.get(path("/templates/holiday.tmpl?customer=%d", r.meier))
	mustContain(t, "holiday preview", body, `<dd id="pv-subject">Best wishes for Christmas</dd>`)
}

// A manager's letter written "Dear {{.Contact.FirstName}}," would greet a
// shared address "Dear ,": it is not saved, and the editor says why.
func TestALetterWithAnEmptyNameSlotIsNotSaved(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	file := filepath.Join(r.lettersDir, "2026-12.tmpl")
	if err := os.WriteFile(file, []byte(decemberLetter), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(decemberLetter, "{{.Contact.Salutation}},", "Dear {{.Contact.FirstName}},", 1)
	if bad == decemberLetter {
		t.Fatal("the letter has no salutation line to change")
	}
	page := path("/letters/2026-12.tmpl?customer=%d", r.meier)
	code, body := mgr.do(page, "/letters/2026-12.tmpl", url.Values{"body": {bad}, "customer": {path("%d", r.meier)}})
	if code != http.StatusBadRequest || !strings.Contains(body, "for a contact without a name") {
		t.Fatalf("save: %d\n%s", code, body)
	}
	if got, _ := os.ReadFile(file); string(got) != decemberLetter {
		t.Fatalf("a refused save wrote the file:\n%s", got)
	}
}

// A month's Spanish letter saved before the file for everyone else is
// saved, but the page says no letter goes out that month, not that the
// daemon takes it; the template list tags it so too.
func TestALanguageLetterSavedAloneSaysNoLetterGoesOut(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	month := r.clock.Now().In(shanghai).Format("2006-01")
	page := "/letters/" + month + ".es.tmpl"
	code, loc := mgr.do(page, page, url.Values{"body": {decemberLetter}, "customer": {"0"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "saved=noletter") {
		t.Fatalf("save: %d %s", code, loc)
	}
	_, body := mgr.get(loc)
	mustContain(t, "saved page", body, `id="saved-noletter"`, "no letter goes out that month")
	mustLack(t, "saved page", body, "The running daemon takes it on its next tick.")
	_, body = mgr.get("/templates")
	mustContain(t, "template list", body, "no letter that month until there is "+month+".tmpl")
}

// A letter file of this month or the next that does not load is named
// above /templates and /sequences, apart from the follow-ups' problems,
// linked to its editor, and marked in the list: the greetings job sends
// no letter that month and only its log said so.
func TestALetterThatDoesNotLoadIsNamedAboveTheLists(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	// This month and the next, both broken.
	now := r.clock.Now().In(shanghai)
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, shanghai)
	broken := strings.Replace(decemberLetter, "{{.Month}}", "{{.Month", 1)
	var files []string
	for _, m := range []time.Time{first, first.AddDate(0, 1, 0)} {
		f := m.Format("2006-01") + ".tmpl"
		files = append(files, f)
		if err := os.WriteFile(filepath.Join(r.lettersDir, f), []byte(broken), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, page := range []string{"/templates", "/sequences"} {
		_, body := mgr.get(page)
		mustContain(t, page, body, `id="letters-problems"`, `href="/letters/`+files[0]+`"`, `href="/letters/`+files[1]+`"`)
		mustLack(t, page, body, `id="files-problems"`)
	}
	_, body := mgr.get("/templates")
	row := regexp.MustCompile(`<tr id="tmpl-letters/` + regexp.QuoteMeta(files[0]) + `">.*?</tr>`).FindString(body)
	mustContain(t, "the letter's row", row, "does not load")
}

// The list tags a language letter with no file for everyone else only when
// the greetings job would send nothing for its month, and only for this
// month and the next: next month's .en.tmpl is the default language's file
// and goes out; a variant of a month gone or far off tells nothing. The
// saved page and the tag say "that month", the file's, not "this month".
func TestALetterTaggedNoLetterOnlyWhenItsMonthSendsNone(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	now := r.clock.Now().In(shanghai)
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, shanghai)
	this, next := first.Format("2006-01"), first.AddDate(0, 1, 0).Format("2006-01")
	old, far := first.AddDate(0, -8, 0).Format("2006-01"), first.AddDate(0, 5, 0).Format("2006-01")
	page := "/letters/" + next + ".en.tmpl"
	code, loc := mgr.do(page, page, url.Values{"body": {decemberLetter}, "customer": {"0"}})
	if code != http.StatusSeeOther || strings.Contains(loc, "saved=noletter") {
		t.Fatalf("save of next month's English letter: %d %s", code, loc)
	}
	for _, f := range []string{old + ".es.tmpl", far + ".es.tmpl"} {
		if err := os.WriteFile(filepath.Join(r.lettersDir, f), []byte(decemberLetter), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, body := mgr.get("/templates")
	for _, f := range []string{next + ".en.tmpl", old + ".es.tmpl", far + ".es.tmpl"} {
		row := cut(t, body, `id="tmpl-letters/`+f+`"`, "</tr>")
		mustLack(t, f+"'s row", row, "no letter")
	}
	page = "/letters/" + this + ".de.tmpl"
	code, loc = mgr.do(page, page, url.Values{"body": {decemberLetter}, "customer": {"0"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "saved=noletter") {
		t.Fatalf("save of this month's German letter: %d %s", code, loc)
	}
	_, body = mgr.get(loc)
	mustContain(t, "saved page", body, `id="saved-noletter"`, "no letter goes out that month")
	_, body = mgr.get("/templates")
	// The banner tells a month that sends nothing from warnings about
	// some customers' copies ("Dear ,", no products).
	mustContain(t, "the letters' banner", cut(t, body, `id="letters-kept"`, "</p>"), "sends no letter at all; the other problems listed concern only some customers")
	row := cut(t, body, `id="tmpl-letters/`+this+`.de.tmpl"`, "</tr>")
	mustContain(t, "this month's German row", row, "no letter that month until there is "+this+".tmpl")
}

// At a month's edge, the list and the banner above it judge this month
// and the next in the team's zone, whatever the server's: on a server
// clock in UTC still on 30 November, it is 1 December in Shanghai, so a
// January letter in Spanish alone is tagged in its row, as the banner
// warns, and November's, whose month is over there, is not.
func TestLettersThisMonthIsTheTeamsAtAMonthsEdge(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	r.clock.Set(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)) // 01:00 on 1 December in Shanghai
	for _, f := range []string{"2026-11.es.tmpl", "2027-01.es.tmpl"} {
		if err := os.WriteFile(filepath.Join(r.lettersDir, f), []byte(decemberLetter), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, body := mgr.get("/templates")
	mustContain(t, "the letters' banner", cut(t, body, `id="letters-problems"`, "</section>"), "2027-01")
	mustContain(t, "January's Spanish row", cut(t, body, `id="tmpl-letters/2027-01.es.tmpl"`, "</tr>"),
		"no letter that month until there is 2027-01.tmpl")
	mustLack(t, "November's Spanish row", cut(t, body, `id="tmpl-letters/2026-11.es.tmpl"`, "</tr>"), "no letter")
}

// The "monthly letter" form offers next month, also on the 29th to 31st:
// on 31 January that is February, not March (a month after 31 January
// overflows to 3 March), or February's letter is never written.
func TestLetterFormOffersNextMonthOnTheThirtyFirst(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	for _, c := range []struct {
		now  time.Time // in order: the clock only goes forward
		want string
	}{
		{time.Date(2026, 12, 31, 10, 0, 0, 0, shanghai), "2027-01"},
		{time.Date(2027, 1, 31, 10, 0, 0, 0, shanghai), "2027-02"},
		// 23:30 in the team's zone is still 31 March there.
		{time.Date(2027, 3, 31, 23, 30, 0, 0, shanghai), "2027-04"},
	} {
		r.clock.Set(c.now)
		mgr := r.signIn(mgr.srv, mei) // a sign-in of weeks before has expired
		code, body := mgr.get("/templates")
		if code != http.StatusOK {
			t.Fatalf("/templates on %s: %d %s", c.now, code, body)
		}
		if m := regexp.MustCompile(`name="month" value="([^"]*)"`).FindStringSubmatch(body); m == nil || m[1] != c.want {
			t.Errorf("the letter form on %s offers %v, want %s", c.now.Format(time.DateOnly), m, c.want)
		}
	}
}

// "Write or edit" resend with no language, the team's English resend
// written as resend.en.tmpl: the editor of that file opens, the one sent,
// not the built-in resend.tmpl whose save would take its place. The same
// for December's letter written as 2026-12.en.tmpl.
func TestWriteOrEditOpensTheTeamsFileOfTheSameLanguage(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	own := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\njust checking that our offer reached you.\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
	if err := os.WriteFile(filepath.Join(r.tmplDir, "resend.en.tmpl"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.lettersDir, "2026-12.en.tmpl"), []byte(decemberLetter), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ open, want string }{
		{"/templates/new?name=resend&lang=", "/templates/resend.en.tmpl"},
		{"/letters/new?month=2026-12&lang=", "/letters/2026-12.en.tmpl"},
	} {
		code, loc := mgr.get(c.open)
		for i := 0; code == http.StatusSeeOther && loc != c.want && i < 3; i++ {
			code, loc = mgr.get(loc)
		}
		if code != http.StatusSeeOther || loc != c.want {
			t.Errorf("%s: %d %s, want the editor of %s", c.open, code, loc, c.want)
			continue
		}
		code, body := mgr.get(loc)
		if code != http.StatusOK {
			t.Fatalf("%s: %d\n%s", loc, code, body)
		}
		mustContain(t, loc, body, `action="`+c.want+`"`)
		mustLack(t, loc, body, `id="new-note"`)
	}
}
