package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// On a shared office PC Lily opens the desk and Meier's page, signs out and
// walks away; the next person presses Back. No copy of the page the
// browser kept shows Meier again: htmx keeps no snapshot of the pages it
// swapped in (sessionStorage holds none), and Back asks the server, which
// answers with the sign-in page.
func TestBrowserBackAfterSignOutShowsNoCustomer(t *testing.T) {
	ctx := browser(t, 45*time.Second)
	w := newWorld(t, "http://placeholder.invalid")
	srv := w.serve()
	w.rebase(srv.URL)
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	link, err := w.app.SignInLink(w.ctx, lily, "/")
	if err != nil {
		t.Fatal(err)
	}
	meier := path("/customers/%d", w.meier)
	step("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID("waiting")), htmxSettled())
	step("open Meier from the desk", chromedp.Click(chromedp.CSS(`main a[href="`+meier+`"]`)),
		chromedp.WaitVisible(chromedp.ID("audit")), htmxSettled())
	if body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(body, "Meier") {
		t.Fatalf("Meier's page: %q", body)
	}
	step("sign out", chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)), chromedp.WaitVisible(chromedp.ID("email")), htmxSettled())
	out, _ := chromedp.Run(ctx, chromedp.Location())
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any]("setTimeout(() => history.back(), 0), null")); err != nil {
		t.Fatal(err)
	}
	// Back may load a new document: a poll whose page went away is asked again.
	for left := false; !left; {
		if ctx.Err() != nil {
			t.Fatalf("Back did not leave %s", out)
		}
		left, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`location.href !== `+jsString(out)+` && document.readyState === "complete"`))
		time.Sleep(50 * time.Millisecond)
	}
	step("settle", htmxSettled(), chromedp.Sleep(300*time.Millisecond), htmxSettled())
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("document.body.innerText"))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if strings.Contains(body, "Meier") || strings.Contains(body, "Hans") {
		t.Errorf("Back after signing out (at %s) shows the customer:\n%s", loc, body)
	}
	t.Logf("Back after signing out: %s", loc)
	cache, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`sessionStorage.getItem("htmx-history-cache") !== null`))
	if err != nil || cache {
		t.Errorf("htmx keeps pages in sessionStorage (%v)", err)
	}
}

func jsString(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}
