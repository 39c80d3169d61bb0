package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In a browser at 400 px: Lily clicks "No answer needed" on Bob's mail;
// it leaves the waiting list (the heading counts none) and shows under
// the day's marks with an Undo, which puts it back.
func TestBrowserNoAnswerNeeded(t *testing.T) {
	ctx := browser(t, 45*time.Second)
	w := newWorld(t, "http://placeholder.invalid")
	srv := w.serve()
	w.rebase(srv.URL)
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("waiting")))
			t.Fatalf("%s: %v\n%s", what, err, text)
		}
	}
	link, err := w.app.SignInLink(w.ctx, lily, "")
	if err != nil {
		t.Fatal(err)
	}
	item, settled := fmt.Sprintf("wait-%d", w.waitingMsg), fmt.Sprintf("settled-%d", w.waitingMsg)
	step("sign in", chromedp.EmulateViewport(400, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID(item)), htmxSettled())
	shot(t, ctx, "desk-no-answer-before-400")
	step("click No answer needed", chromedp.Click(chromedp.CSS("#"+item+" button.no-answer")),
		chromedp.WaitNotPresent(chromedp.ID(item)), chromedp.WaitVisible(chromedp.ID(settled)), htmxSettled())
	if n, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#waiting h2 .count"))); n != "0" {
		t.Errorf("the heading counts %q waiting", n)
	}
	noSideways(t, ctx, "the desk with a mark")
	shot(t, ctx, "desk-no-answer-400")
	if n := w.count(`SELECT count(*) FROM reply_waivers WHERE message_id = ? AND waived_by = ?`, w.waitingMsg, lily); n != 1 {
		t.Errorf("%d marks stored", n)
	}
	step("undo", chromedp.Click(chromedp.CSS("#"+settled+" button.undo")),
		chromedp.WaitVisible(chromedp.ID(item)), chromedp.WaitNotPresent(chromedp.ID(settled)), htmxSettled())
	if n, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#waiting h2 .count"))); n != "1" {
		t.Errorf("after the undo the heading counts %q", n)
	}
}
