package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The manager, in a real Chromium, types into the resend's editor, then
// signs in again in another tab. The live preview is refused beside the
// form, which keeps her text and says to press Check and save, not to
// reload; Check and save brings the editor back with her text and a line
// saying nothing was saved; pressed again, it saves her text.
func TestBrowserSavingAfterSigningInAgainInAnotherTabKeepsTheText(t *testing.T) {
	ctx := browser(t, 58*time.Second)
	r, _, _, _ := newConsole(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	link, err := r.app.SignInLink(r.ctx, mei, "/templates/resend.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	area := chromedp.CSS(`textarea[name="body"]`)
	do("sign in and open the resend", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID("pv-text")))
	orig, err := chromedp.Run(ctx, chromedp.Value(area))
	if err != nil || !strings.Contains(orig, "--- text\n") {
		t.Fatalf("the editor's text: %q %v", orig, err)
	}
	do("type", chromedp.SetValue(area, strings.Replace(orig, "--- text\n", "--- text\nKEEP-ME-46\n", 1)), chromedp.SendKeys(area, " "))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("pv-text").textContent.includes("KEEP-ME-46")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the preview of the typed text: %v", err)
	}
	do("settled", htmxSettled())

	// Signed in again in another tab of the same browser.
	again, err := r.app.SignInLink(r.ctx, mei, "/templates")
	if err != nil {
		t.Fatal(err)
	}
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate(again), chromedp.Click(chromedp.ID("continue")), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatalf("sign in again in another tab: %v", err)
	}

	do("type more", chromedp.SendKeys(area, " and more"), chromedp.WaitVisible(chromedp.CSS(".refused")))
	said, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".refused")))
	if !strings.Contains(said, "press Check and save") || strings.Contains(said, "reload") {
		t.Fatalf("the preview's refusal says %q", said)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(area)); !strings.Contains(v, "KEEP-ME-46\n") || !strings.Contains(v, " and more") {
		t.Fatalf("the editor after the refusal: %q", v)
	}
	do("Check and save", chromedp.Click(chromedp.CSS("button.primary")), chromedp.WaitVisible(chromedp.ID("problems")))
	probs, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("problems")))
	if !strings.Contains(probs, "signed in again since this page was opened, so nothing was saved") {
		t.Fatalf("the editor came back saying %q", probs)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(area)); !strings.Contains(v, "KEEP-ME-46\n") || !strings.Contains(v, " and more") {
		t.Fatalf("the editor came back with %q", v)
	}
	if n := len(r.files(r.tmplDir)); n != 0 {
		t.Fatalf("%d files written by a form of the replaced session", n)
	}
	do("Check and save again", chromedp.Click(chromedp.CSS("button.primary")), chromedp.WaitVisible(chromedp.CSS(".ok")))
	saved, err := os.ReadFile(filepath.Join(r.tmplDir, "resend.tmpl"))
	if err != nil || !strings.Contains(string(saved), "KEEP-ME-46\n") || !strings.Contains(string(saved), " and more") {
		t.Fatalf("saved: %q %v", saved, err)
	}
}
