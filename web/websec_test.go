package web_test

import (
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// A customer's subject that a spreadsheet would run as a formula reaches
// the breaches CSV quoted with a leading ', numeric prefix or not; a
// plain number stays a number.
func TestBreachesCSVQuotesFormulaSubjects(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	evil := []string{`-1+cmd|' /C calc'!A0`, `+1+HYPERLINK("http://x","a")`, `=SUM(A1)`, `@SUM(A1)`, "\t=1+1", "\r=1+1", "-42"}
	for i, subject := range evil {
		m := msg(path("evil-%d@acme.com", i), keepwarm.KindInbound, subject, "bob@acme.com", "Bob Stone", now0.Add(-time.Duration(i+1)*time.Hour))
		m.SubjectKey = path("evil %d", i)
		r.save("lily", "INBOX", m)
	}
	if _, err := r.db.MeasureReplies(r.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	code, body := mgr.get("/reports/replies?format=csv&table=breaches")
	if code != http.StatusOK {
		t.Fatalf("breaches CSV: %d\n%s", code, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV %v:\n%s", err, body)
	}
	col := slices.Index(rows[0], "subject")
	if col < 0 {
		t.Fatalf("no subject column: %v", rows[0])
	}
	got := map[string]bool{}
	for _, row := range rows[1:] {
		got[row[col]] = true
	}
	for _, subject := range evil {
		want := "'" + subject
		if subject == "-42" {
			want = subject
		}
		if !got[want] {
			t.Errorf("subject %q: want %q in the CSV:\n%s", subject, want, body)
		}
	}
}

// The CSV download is kept out of caches like every page; a site served
// over https tells browsers to keep to https, one over http does not.
func TestCSVNotCachedAndHTTPSSiteSendsHSTS(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	resp, err := mgr.c.Get(mgr.srv.URL + "/reports/replies?format=csv&table=breaches")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" || !strings.Contains(resp.Header.Get("Vary"), "Cookie") {
		t.Fatalf("CSV: %d, Cache-Control %q, Vary %q", resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"))
	}
	if h := resp.Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("http site sends HSTS %q", h)
	}
	for _, base := range []string{"https://keepwarm.test"} { // served as plain http here: the header follows base_url
		w := newWorld(t, base)
		srv := w.serve()
		for _, p := range []string{"/signin", "/static/app.css"} {
			resp, err := http.Get(srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if h := resp.Header.Get("Strict-Transport-Security"); h != "max-age=31536000" {
				t.Errorf("%s on %s: Strict-Transport-Security %q", p, base, h)
			}
		}
	}
}

// A phone number already in the book is refused; the refusal names the
// customer that has it only to someone who may see that customer.
func TestPhoneInTheBookNamesOnlyACustomerTheViewerSees(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC, tomC, meiC := w.signIn(srv, lily), w.signIn(srv, tom), w.signIn(srv, mei)
	contact := func(email string) int64 {
		var id int64
		if err := w.raw.QueryRow(`SELECT id FROM contacts WHERE email = ?`, email).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	hans, marie, bob := contact("hans@buyer.de"), contact("marie@dupont.fr"), contact("bob@acme.com")
	dupontPage, meierPage := path("/customers/%d", w.dupont), path("/customers/%d", w.meier)
	if code, body := tomC.do(dupontPage, path("/contacts/%d", marie), url.Values{"phone": {"+33 1 23 45 67 89"}}); code != http.StatusSeeOther {
		t.Fatalf("Tom adds Marie's phone: %d\n%s", code, body)
	}
	if code, body := lilyC.do(meierPage, path("/contacts/%d", bob), url.Values{"phone": {"+1 212 555 0100"}}); code != http.StatusSeeOther {
		t.Fatalf("Lily adds Bob's phone: %d\n%s", code, body)
	}

	// Lily may not see Dupont: she learns the number is taken, not by whom.
	code, body := lilyC.do(meierPage, path("/contacts/%d", hans), url.Values{"phone": {"+33 1 23 45 67 89"}})
	if code != http.StatusConflict || !strings.Contains(body, "this phone number is already in the book") || strings.Contains(body, path("customer %d", w.dupont)) {
		t.Fatalf("Lily, Tom's customer's phone: %d\n%s", code, body)
	}
	// Her own customer's number is named, and so is any to the manager.
	code, body = lilyC.do(meierPage, path("/contacts/%d", hans), url.Values{"phone": {"+1 212 555 0100"}})
	if code != http.StatusConflict || !strings.Contains(body, path("belongs to customer %d already", w.acme)) {
		t.Fatalf("Lily, her own customer's phone: %d\n%s", code, body)
	}
	code, body = meiC.do(meierPage, path("/contacts/%d", hans), url.Values{"phone": {"+33 1 23 45 67 89"}})
	if code != http.StatusConflict || !strings.Contains(body, path("belongs to customer %d already", w.dupont)) {
		t.Fatalf("the manager: %d\n%s", code, body)
	}
	// In Chinese too.
	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	code, body = lilyC.do(meierPage, path("/contacts/%d", hans), url.Values{"phone": {"+33 1 23 45 67 89"}})
	if code != http.StatusConflict || !strings.Contains(body, "这个电话号码已在客户名录中。") {
		t.Fatalf("Lily in Chinese: %d\n%s", code, body)
	}
}

// An opt-out the customer asked for in their own mail stays unless a
// manager clears it: Lily's form shows it ticked and fixed with why, and a
// POST clearing it is refused; one she ticked herself she may untick.
func TestCustomersOwnOptOutOnlyAManagerClears(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC, meiC := w.signIn(srv, lily), w.signIn(srv, mei)
	ask := msg("stop-1@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", "hans@buyer.de", "Hans Meier", now0.Add(-time.Hour))
	w.save("lily", "INBOX", ask)
	if err := w.db.OptOut(w.ctx, keepwarm.OptOut{Email: "hans@buyer.de", MessageID: w.idOf("stop-1@buyer.de"), Reason: "answer with opt-out wording"}, now0); err != nil {
		t.Fatal(err)
	}
	var hans, bob int64
	_ = w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans)
	_ = w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'bob@acme.com'`).Scan(&bob)
	optedOut := func(email string) bool {
		blocked, err := w.db.BlockedAddresses(w.ctx, []string{email})
		if err != nil {
			t.Fatal(err)
		}
		return blocked[email] == "opted-out"
	}
	meierPage := path("/customers/%d", w.meier)

	_, body := lilyC.get(meierPage)
	form := body[strings.Index(body, path(`action="/contacts/%d"`, hans)):]
	form = form[:strings.Index(form, "</form>")]
	mustContain(t, "Lily's form for Hans", form, "checked disabled", `<input type="hidden" name="opted_out" value="on">`,
		`<input type="hidden" name="opted_out_was" value="asked">`, "They asked for it in their own mail: only a manager can clear it.")
	mustLack(t, "Lily's form for Hans", form, `name="opted_out" checked`)
	// What the browser sends from that form keeps the opt-out.
	if code, body := lilyC.do(meierPage, path("/contacts/%d", hans), url.Values{"flags": {"1"}, "salutation": {"Dear Hans"}, "opted_out": {"on"}}); code != http.StatusSeeOther {
		t.Fatalf("Lily saves Hans's salutation: %d\n%s", code, body)
	}
	// A hand-made POST clearing it is refused, and changes nothing.
	code, body := lilyC.do(meierPage, path("/contacts/%d", hans), url.Values{"flags": {"1"}, "opted_out_was": {"asked"}, "salutation": {"Hi"}})
	if code != http.StatusConflict || !strings.Contains(body, "hans@buyer.de asked in their own mail not to be written to: only a manager can clear it") || !optedOut("hans@buyer.de") {
		t.Fatalf("Lily clears Hans's own opt-out: %d\n%s", code, body)
	}
	if c, _ := w.db.Contact(w.ctx, store.Viewer{Manager: true}, hans); c.Salutation != "Dear Hans" {
		t.Fatalf("the refused edit changed the salutation: %q", c.Salutation)
	}
	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	_, body = lilyC.get(meierPage)
	mustContain(t, "Lily's page in Chinese", body, "客户在自己的邮件中要求退订：只有经理可以取消。")
	if code, body := lilyC.do(meierPage, path("/contacts/%d", hans), url.Values{"flags": {"1"}, "opted_out_was": {"asked"}}); code != http.StatusConflict ||
		!strings.Contains(body, "hans@buyer.de 在自己的邮件中要求不再收到邮件：只有经理可以取消退订。") {
		t.Fatalf("the refusal in Chinese: %d\n%s", code, body)
	}

	// One Lily ticked herself she may untick.
	if code, _ := lilyC.do(meierPage, path("/contacts/%d", bob), url.Values{"flags": {"1"}, "opted_out": {"on"}}); code != http.StatusSeeOther || !optedOut("bob@acme.com") {
		t.Fatalf("Lily ticks Bob: %d", code)
	}
	_, body = lilyC.get(path("/customers/%d", w.acme))
	mustContain(t, "Acme's page", body, `name="opted_out" checked`)
	if code, _ := lilyC.do(meierPage, path("/contacts/%d", bob), url.Values{"flags": {"1"}, "opted_out_was": {"on"}}); code != http.StatusSeeOther || optedOut("bob@acme.com") {
		t.Fatalf("Lily unticks Bob: %d", code)
	}

	// The manager's form offers it, and the manager may clear it.
	_, body = meiC.get(meierPage)
	mustLack(t, "Mei's page", body, "only a manager can clear it")
	mustContain(t, "Mei's page", body, `name="opted_out" checked`)
	if code, body := meiC.do(meierPage, path("/contacts/%d", hans), url.Values{"flags": {"1"}, "opted_out_was": {"asked"}}); code != http.StatusSeeOther || optedOut("hans@buyer.de") {
		t.Fatalf("Mei clears Hans's opt-out: %d\n%s", code, body)
	}
}

// A salesperson's preview is of the saved template (what the page offers
// them, for any of their customers); a text of their own is not rendered.
// A manager's text that would loop without end is refused before it runs
// or stopped at 256 KB, with the reason; one that passes the check but
// grows too long for a real customer stops that mail, nothing is sent.
func TestTemplatePreviewOfAnEditIsTheManagersAndCapped(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	page := path("/templates/resend.tmpl?customer=%d", r.meier)
	_, src := sales.get(page)
	saved := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(src)[1])
	code, body := sales.do(page, "/templates/resend.tmpl/preview", url.Values{"body": {saved}, "customer": {path("%d", r.acme)}})
	if code != http.StatusOK || !strings.Contains(body, "bob@acme.com") {
		t.Fatalf("Lily previews the saved template for Acme: %d\n%s", code, body)
	}
	mine := "subject: Lily's own {{.Customer.Name}}\n--- text\nLily wrote this.\n"
	code, body = sales.do(page, "/templates/resend.tmpl/preview", url.Values{"body": {mine}, "customer": {path("%d", r.meier)}})
	if code != http.StatusOK || strings.Contains(body, "Lily wrote this.") || strings.Contains(body, "Lily&#39;s own") || !strings.Contains(body, "Re: Quotation LED panels") {
		t.Fatalf("Lily's own text was previewed: %d\n%s", code, body)
	}

	form := func(b string) url.Values { return url.Values{"body": {b}, "customer": {path("%d", r.meier)}} }
	start := time.Now()
	code, body = mgr.do(page, "/templates/resend.tmpl/preview", form("subject: hi\n--- text\n{{range 2000000000}}x{{end}}\n"))
	if code != http.StatusOK || !strings.Contains(html.UnescapeString(body), "{{range}} over a number is not allowed in a message template") || time.Since(start) > 10*time.Second {
		t.Fatalf("the manager's endless loop: %d in %s\n%s", code, time.Since(start), body)
	}
	flood := "subject: hi\n--- text\n{{range .Products}}{{range $.Products}}{{printf \"%99999s\" \"x\"}}{{end}}{{end}}\n"
	code, body = mgr.do(page, "/templates/resend.tmpl/preview", form(flood))
	if code != http.StatusOK || !strings.Contains(body, "the rendered text is longer than 256 KB") || len(body) > 200000 {
		t.Fatalf("the manager's flood: %d, %d bytes\n%.2000s", code, len(body), body)
	}
	if code, body := mgr.do(page, "/templates/resend.tmpl", form(flood)); code != http.StatusBadRequest || !strings.Contains(body, "longer than 256 KB") {
		t.Fatalf("the flood saved: %d\n%.2000s", code, body)
	}
	if code, _ := mgr.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	_, body = mgr.do(page, "/templates/resend.tmpl/preview", form(flood))
	mustContain(t, "the flood in Chinese", body, "渲染出的 text 超过 256 KB")

	// Fine with the sample, too long for Meier: saved, and the step's
	// mail is not sent.
	long := strings.Replace(saved, "--- text\n", "--- text\n{{if eq .Customer.Name \"Meier GmbH\"}}{{printf \"%999999s\" \"x\"}}{{end}}\n", 1)
	if code, loc := mgr.do(page, "/templates/resend.tmpl", form(long)); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
	if _, err := r.fu.Run(r.ctx, time.Date(2026, 11, 16, 9, 0, 0, 0, berlin)); err != nil {
		t.Logf("tick: %v", err)
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE length(text_body) > 0`); n != 0 {
		t.Fatalf("%d mails queued from a template past the cap", n)
	}
	var status, reason string
	if err := r.raw.QueryRowContext(r.ctx, `SELECT status, reason FROM enrollments WHERE id = ?`, r.enrollment).Scan(&status, &reason); err != nil {
		t.Fatal(err)
	}
	if status != "failed" || !strings.Contains(reason, "longer than 256 KB") {
		t.Fatalf("enrollment %s: %q, want failed for the length", status, reason)
	}
}
