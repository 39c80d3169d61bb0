package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keepwarm"
)

// In a browser, F5 on Stop's question and Back after "Stop it" open pages
// that exist: the question is recorded in the history under the desk it
// was asked from, so neither opens /enrollments/N/stop with a GET, which
// answered a bare English "Method Not Allowed".
func TestBrowserBackAndReloadAfterAQuestionOpenTheDesk(t *testing.T) {
	ctx := browser(t, 55*time.Second)
	w := newWorld(t, "http://placeholder.invalid")
	srv := w.serve()
	w.rebase(srv.URL)
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// reloaded waits for the page the browser loads again (F5, or htmx
	// reloading a history entry it did not keep) and says where it is.
	reloaded := func(what, js string) (string, string) {
		t.Helper()
		step("mark the page", chromedp.Evaluate[chromedp.Void](`window.kwBefore = true`))
		step(what, chromedp.Evaluate[chromedp.Void](js))
		// The page's context goes while the browser loads the next (and
		// may go again while htmx settles it): asked then, the browser
		// answers with an error, not false; ask again.
		for {
			done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.kwBefore && document.readyState === "complete" &&
				!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")`))
			if err == nil && done {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("%s: no page loaded and settled (%v)", what, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		return loc, text
	}
	link, err := w.app.SignInLink(w.ctx, lily, "/")
	if err != nil {
		t.Fatal(err)
	}
	stop := chromedp.CSS(path(`#enr-%d button[data-op="stop"]`, w.enrollment))
	step("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID("waiting")), htmxSettled())
	step("press Stop", chromedp.Click(stop), chromedp.WaitVisible(chromedp.ID("confirm-yes")), htmxSettled())
	if loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); loc != "/" {
		t.Fatalf("the question is recorded as %s, not the desk it was asked from", loc)
	}
	loc, text := reloaded("F5 on the question", `location.reload()`)
	if loc != "/" || strings.Contains(text, "Method Not Allowed") || !strings.Contains(text, "Waiting for your answer") {
		t.Fatalf("F5 on Stop's question opened %s:\n%s", loc, text)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive {
		t.Fatalf("after F5 on the question the follow-up is %s (%v)", e.Status, err)
	}
	step("press Stop again and Stop it", chromedp.WaitVisible(stop), chromedp.Click(stop), chromedp.WaitVisible(chromedp.ID("confirm-yes")), htmxSettled(),
		chromedp.Click(chromedp.ID("confirm-yes")), chromedp.WaitNotPresent(chromedp.ID(path("enr-%d", w.enrollment))), htmxSettled())
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollStopped {
		t.Fatalf("after Stop it the follow-up is %s (%v)", e.Status, err)
	}
	loc, text = reloaded("Back", `history.back()`)
	if loc != "/" || strings.Contains(text, "Method Not Allowed") || !strings.Contains(text, "Waiting for your answer") {
		t.Fatalf("Back after Stop it opened %s:\n%s", loc, text)
	}
	// The address itself, opened (a bookmark): what it is, and the desk.
	step("open the question's address", chromedp.Navigate(srv.URL+path("/enrollments/%d/stop", w.enrollment)), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".notice"))); !strings.Contains(text, "opening it did nothing") {
		t.Fatalf("the question's address opened: %q", text)
	}
}
