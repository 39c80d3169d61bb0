package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In a browser, a form the server refuses says why beside its button and
// keeps what was typed: Lily gives Hans a salutation and a phone that is
// not one; the refusal shows under the form, the salutation she typed is
// still there, and with the phone put right the same form saves both.
func TestBrowserARefusedFormKeepsWhatWasTyped(t *testing.T) {
	ctx := browser(t, 45*time.Second)
	w := newWorld(t, "http://placeholder.invalid")
	srv := w.serve()
	w.rebase(srv.URL)
	var hans int64
	if err := w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans); err != nil {
		t.Fatal(err)
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	link, err := w.app.SignInLink(w.ctx, lily, path("/customers/%d", w.meier))
	if err != nil {
		t.Fatal(err)
	}
	form := fmt.Sprintf("#contact-%d form", hans)
	step("sign in and open Meier", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("contact-%d", hans))), htmxSettled())
	step("type a salutation and a bad phone", chromedp.Click(chromedp.CSS(fmt.Sprintf("#contact-%d summary", hans))),
		chromedp.WaitVisible(chromedp.CSS(form+" input[name=salutation]")),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=salutation]"), "Lieber Hans"),
		chromedp.SendKeys(chromedp.CSS(form+" input[name=phone]"), "abc"),
		chromedp.Click(chromedp.CSS(form+" button")), chromedp.WaitVisible(chromedp.CSS(form+" .refused")), htmxSettled())
	reason, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(form+" .refused")))
	if !strings.Contains(reason, `"abc" is not a phone number`) {
		t.Fatalf("the refusal says %q", reason)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(form+" input[name=salutation]"))); got != "Lieber Hans" {
		t.Fatalf("the salutation typed is gone: %q", got)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, path("/customers/%d", w.meier)) {
		t.Fatalf("the page left: %s", loc)
	}
	shot(t, ctx, "refused-form-1280")
	step("put the phone right", chromedp.SetValue(chromedp.CSS(form+" input[name=phone]"), "+49 30 1234567"),
		chromedp.Click(chromedp.CSS(form+" button")), htmxSettled())
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.textContent.includes("Salutation: Lieber Hans") && document.body.textContent.includes("+49301234567")`,
		chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(fmt.Sprintf("#contact-%d", hans))))
		t.Fatalf("saved with the phone put right: %v\n%s", err, text)
	}
}
