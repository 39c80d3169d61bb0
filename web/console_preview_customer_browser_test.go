package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In a real Chromium, choosing another customer in "Preview for" previews
// the template for them at once, and text pasted into the editor (an
// input without a key) is previewed too: the preview never belongs to
// another customer or text than the ones shown.
func TestBrowserTemplatePreviewFollowsTheChosenCustomerAndPaste(t *testing.T) {
	ctx := browser(t, 50*time.Second)
	r, _, _, _ := newConsole(t)
	srvURL := strings.TrimSuffix(r.app.URL(""), "/")
	link, err := r.app.SignInLink(r.ctx, mei, "/templates")
	if err != nil {
		t.Fatal(err)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const facts = `[...document.querySelectorAll("#preview dl.facts dd")].slice(0, 2).map(d => d.textContent.trim()).join(" | ")`
	do("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.CSS("table.list")))
	do("open the resend", chromedp.Navigate(srvURL+fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.acme)),
		chromedp.WaitVisible(chromedp.ID("pv-text")))
	first := text(facts)
	other := text(fmt.Sprintf(`[...document.querySelectorAll('select[name="customer"] option')].map(o => o.value).find(v => v !== "%d") || ""`, r.acme))
	if other == "" {
		t.Fatal("one customer only in Preview for")
	}
	// What the page shows for the other customer when opened for them.
	do("open for the other", chromedp.Navigate(srvURL+"/templates/resend.tmpl?customer="+other), chromedp.WaitVisible(chromedp.ID("pv-text")))
	want := text(facts)
	if want == first {
		t.Fatalf("the two customers preview alike: %q", want)
	}
	do("back to Acme", chromedp.Navigate(srvURL+fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.acme)), chromedp.WaitVisible(chromedp.ID("pv-text")))
	do("choose the other", chromedp.SetValue(chromedp.CSS(`select[name="customer"]`), other),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('select[name="customer"]').dispatchEvent(new Event("change", {bubbles: true}))`))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](facts+` === `+fmt.Sprintf("%q", want), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the preview after choosing the other customer: %q, want %q (%v)", text(facts), want, err)
	}
	// A paste: the text changes with no key pressed.
	do("paste", chromedp.Evaluate[chromedp.Void](`(() => { const ta = document.querySelector('textarea[name="body"]');
		ta.value = ta.value.replace("I am writing to make sure", "Pasted: did my offer reach you? I am writing to make sure");
		ta.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"})); })()`))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("pv-text").textContent.includes("Pasted: did my offer reach you?")`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the preview after a paste: %v", err)
	}
}
