package web_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keepwarm"
)

// The manager, in a real Chromium: moves key-customer's first step from 3d
// to 2d and rewords the resend; the preview shows the new text on a real
// customer's thread; the forecast moves the step a day earlier; the next
// tick sends the new text on the new day. Every console page is looked at
// at 400 and 1280 px and none scrolls sideways.
func TestBrowserManagerChangesASequenceAndATemplate(t *testing.T) {
	ctx := browser(t, 58*time.Second)
	r, _, _, _ := newConsole(t)
	srvURL := strings.TrimSuffix(r.app.URL(""), "/")
	// Lily's quotation to Acme goes out Monday 03:00 Berlin time and is
	// enrolled: its resend is due Thursday 09:00 in Berlin.
	r.save("lily", "Sent", msg("q-acme@seller.example", keepwarm.KindOutbound, "Quotation for 500 pcs", "bob@acme.com", "Bob Stone", now0))
	if _, err := r.fu.Run(r.ctx, now0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	enrs, err := r.db.ListEnrollments(r.ctx, r.acme)
	if err != nil || len(enrs) != 1 || enrs[0].DueAt.In(berlin).Format("Mon 15:04") != "Thu 09:00" {
		t.Fatalf("Acme's enrollment: %+v %v", enrs, err)
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	link, err := r.app.SignInLink(r.ctx, mei, "/forecast")
	if err != nil {
		t.Fatal(err)
	}
	acmeItem := chromedp.CSS(`li.fc[data-sequence="key-customer"] a[href="/customers/` + fmt.Sprint(r.acme) + `"]`)
	acmeWhen := func() string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
			`[...document.querySelectorAll('li.fc')].filter(li => li.querySelector('a[href="/customers/%d"]') && li.dataset.step === "1").map(li => li.querySelector('.local').textContent).join("|")`, r.acme)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	step("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(acmeItem))
	if got := acmeWhen(); got != "Thu 11-19 09:00 Europe/Berlin" {
		t.Fatalf("forecast before: %q", got)
	}

	// The sequence: the first step 3d → 2d.
	step("open key-customer", chromedp.Navigate(srvURL+"/sequences/key-customer"), chromedp.WaitVisible(chromedp.CSS(`input[name="step[0].after"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="step[0].after"]`), "2d"), chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS(".ok")))
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name="step[0].after"]`))); v != "2d" {
		t.Fatalf("after saving the form shows %q", v)
	}

	// The template: new wording, previewed live on Acme's real thread.
	step("open the resend", chromedp.Navigate(srvURL+fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.acme)),
		chromedp.WaitVisible(chromedp.ID("pv-text")))
	body, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`textarea[name="body"]`)))
	if err != nil || !strings.Contains(body, "I am writing to make sure") {
		t.Fatalf("editor body: %q %v", body, err)
	}
	const wording = "Did my offer of {{date .Original.Date}} reach you? It is valid until the end of the month."
	edited := strings.Replace(body, "I am writing to make sure my mail of {{date .Original.Date}} reached you, as\nmessages sometimes get lost or filtered.", wording, 1)
	if edited == body {
		t.Fatal("the resend's wording was not found")
	}
	step("type the new wording", chromedp.SetValue(chromedp.CSS(`textarea[name="body"]`), edited),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body"]`), " "))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("pv-text") && document.getElementById("pv-text").textContent.includes("It is valid until the end of the month")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the live preview does not show the new text: %v", err)
	}
	pv, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("pv-text")))
	subj, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("pv-subject")))
	if subj != "Re: Quotation for 500 pcs" || !strings.Contains(pv, "Quotation for 500 pcs") && !strings.Contains(pv, "About Quotation") ||
		strings.Contains(pv, "I am writing to make sure") {
		t.Fatalf("preview: subject %q\n%s", subj, pv)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#sample-note").length`)); n != 0 {
		t.Fatal("a real thread previewed as a sample")
	}
	noSideways(t, ctx, "the template editor at 1280")
	shot(t, ctx, "console-template-1280")
	step("save the template", chromedp.Click(chromedp.CSS("button.primary")), chromedp.WaitVisible(chromedp.CSS(".ok")))

	// The forecast: a day earlier.
	step("forecast after", chromedp.Navigate(srvURL+"/forecast"), chromedp.WaitVisible(acmeItem))
	if got := acmeWhen(); got != "Wed 11-18 09:00 Europe/Berlin" {
		t.Fatalf("forecast after: %q", got)
	}

	// Every console page at both widths, a monthly letter's editor too.
	if err := os.WriteFile(filepath.Join(r.lettersDir, "2026-12.tmpl"), []byte(decemberLetter), 0o644); err != nil {
		t.Fatal(err)
	}
	// Calls closed with why the customer went quiet, for the quiet report.
	for i, c := range []struct {
		owner  string
		reason keepwarm.QuietReason
	}{{lily, keepwarm.QuietComparing}, {tom, keepwarm.QuietComparing}, {tom, keepwarm.QuietNotReceived},
		{lily, keepwarm.QuietPending}, {lily, keepwarm.QuietComparing}} {
		if _, err := r.db.AddTask(r.ctx, keepwarm.Task{Key: fmt.Sprintf("test:quiet:%d", i), CustomerID: r.acme, Owner: c.owner,
			Title: "Phone", DueAt: now0, CreatedAt: now0}); err != nil {
			t.Fatal(err)
		}
		open, err := r.db.ListTasks(r.ctx, false, c.owner)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.db.DoneTask(r.ctx, open[len(open)-1].ID, r.clock.Now().Add(-time.Duration(i+1)*time.Hour), "", c.reason); err != nil {
			t.Fatal(err)
		}
	}
	for _, width := range []int{400, 1280} {
		for _, p := range []struct{ name, path, wait string }{
			{"report-quiet", "/reports/quiet", "#chart svg"},
			{"forecast", "/forecast", "li.fc"}, {"sequences", "/sequences", "section.seq"},
			{"sequence", "/sequences/key-customer", "li.step"}, {"templates", "/templates", "table.list"},
			{"template", fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.acme), "#pv-text"}, {"team", "/team", "table.team"},
			{"report-replies", "/reports/replies", "#trend-share svg"}, {"report-sequences", "/reports/sequences", "#chart"},
			{"letter", fmt.Sprintf("/letters/2026-12.tmpl?customer=%d", r.acme), "#pv-text"},
		} {
			step(fmt.Sprintf("open %s at %d", p.path, width), chromedp.EmulateViewport(int64(width), 900),
				chromedp.Navigate(srvURL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
			noSideways(t, ctx, fmt.Sprintf("%s at %d px", p.path, width))
			shot(t, ctx, fmt.Sprintf("console-%s-%d", p.name, width))
		}
	}

	// The next tick: nothing for Acme on Tuesday, the new text on Wednesday 09:00.
	wed := time.Date(2026, 11, 18, 9, 0, 0, 0, berlin)
	if _, err := r.fu.Run(r.ctx, wed.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := r.count(`SELECT count(*) FROM outbox WHERE customer_id = ?`, r.acme); n != 0 {
		t.Fatalf("%d items for Acme on Tuesday", n)
	}
	if _, err := r.fu.Run(r.ctx, wed); err != nil {
		t.Fatal(err)
	}
	var text string
	var created int64
	if err := r.raw.QueryRowContext(r.ctx, `SELECT text_body, created_at FROM outbox WHERE customer_id = ?`, r.acme).Scan(&text, &created); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "It is valid until the end of the month.") || time.Unix(created, 0).In(berlin).Format("Mon 15:04") != "Wed 09:00" {
		t.Fatalf("sent %s:\n%s", time.Unix(created, 0).In(berlin), text)
	}
	_ = url.Values{}
}
