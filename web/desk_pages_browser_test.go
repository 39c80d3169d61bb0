package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In a browser, with 61 messages waiting: the desk's heading counts them,
// the page lists the 25 most recent, and the pager, followed from the
// keyboard (focus, Enter), goes to the older pages and back; the address
// bar holds the page, so a reload shows the same page; nothing scrolls
// sideways at 400 px.
func TestBrowserPagesThroughTheWaitingList(t *testing.T) {
	ctx := browser(t, 55*time.Second)
	w := newWorld(t, "http://placeholder.invalid")
	ids := w.manyWaiting(60)
	srv := w.serve()
	w.rebase(srv.URL)

	start := time.Now()
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		began := time.Now()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s (after %s; %s into the test): %v", what, time.Since(began).Round(time.Millisecond), time.Since(start).Round(time.Millisecond), err)
		}
	}
	link, err := w.app.SignInLink(w.ctx, lily, "")
	if err != nil {
		t.Fatal(err)
	}
	step("sign in", chromedp.EmulateViewport(400, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID("waiting")))

	// page checks what the desk shows: the range, and the messages
	// ids[from:to] of the most-recent-first list, oldest first.
	page := func(what string, from, to int) {
		t.Helper()
		rangeText := fmt.Sprintf("Showing %d–%d of 61", from+1, to)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(document.querySelector("#waiting-range") || {}).textContent?.includes(%q)`, rangeText),
			chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("waiting")))
			t.Fatalf("%s: no %q in the waiting list: %v\n%s", what, rangeText, err, text)
		}
		step(what+" settles", htmxSettled())
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#waiting li.wait")].map(li => li.id)`))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := to - 1; i >= from; i-- {
			want = append(want, fmt.Sprintf("wait-%d", ids[i]))
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s lists %v, want %v", what, got, want)
		}
		if h, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#waiting h2 .count"))); h != "61" {
			t.Errorf("%s: the heading counts %q", what, h)
		}
	}
	// follow presses Enter on the pager's link with that id.
	follow := func(id string) {
		t.Helper()
		step("follow "+id, chromedp.Focus(chromedp.ID(id)), chromedp.KeyEvent("\r"))
	}

	page("the first page", 0, 25)
	noSideways(t, ctx, "the desk with a pager")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#page-newer, #page-recent").length`)); n != 0 {
		t.Errorf("the first page links to newer mail (%d links)", n)
	}
	follow("page-older")
	page("the second page", 25, 50)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "/?older=") {
		t.Errorf("the second page's address: %s", loc)
	}
	follow("page-older")
	page("the last page", 50, 61)
	step("the last page has no older", chromedp.WaitNotPresent(chromedp.ID("page-older")))
	noSideways(t, ctx, "the last page")
	follow("page-newer")
	page("the second page again", 25, 50)

	// The address is the page: loading it anew shows the same.
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	step("reload the second page", chromedp.Navigate(loc), chromedp.WaitVisible(chromedp.ID("waiting")))
	page("the second page reloaded", 25, 50)
	follow("page-recent")
	page("the most recent page", 0, 25)
}
