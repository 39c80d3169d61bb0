package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"keepwarm/web"
)

// Lily's entry says lang = "zh"; her company browser asks for English
// (the rig's Chromium runs with --lang=en-US). Before she signs in the
// sign-in page follows the browser; once signed in the desk is Chinese;
// the switch in the header still wins. Tom, without lang, gets what his
// browser asks for, English or Chinese.
func TestBrowserDeskFollowsConfiguredLang(t *testing.T) {
	ctx := browser(t, 55*time.Second)
	w := newWorld(t, "http://placeholder.invalid")
	w.withPeople(web.Person{Email: lily, Name: "Lily Chen", Lang: "zh"}, web.Person{Email: tom, Name: "Tom Wu"},
		web.Person{Email: mei, Name: "Mei Lin", Manager: true})
	srv := w.serve()
	w.rebase(srv.URL)
	step := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}

	step(ctx, "the sign-in page", chromedp.EmulateViewport(400, 900), chromedp.Navigate(srv.URL+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")))
	if h := text(ctx, "h1"); h != "Sign in" {
		t.Errorf("before sign-in the page follows the browser: %q", h)
	}
	link, err := w.app.SignInLink(w.ctx, lily, "")
	if err != nil {
		t.Fatal(err)
	}
	step(ctx, "Lily signs in", chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID("waiting")), htmxSettled())
	if h := text(ctx, "#waiting h2"); !strings.Contains(h, "等待回复") {
		t.Errorf("Lily (lang = zh) with an English browser sees %q", h)
	}
	shot(t, ctx, "desk-lang-zh-400")
	step(ctx, "Lily switches to English", chromedp.Click(chromedp.CSS(`form[action="/lang/en"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/lang/zh"] button`)), chromedp.WaitVisible(chromedp.ID("waiting")))
	if h := text(ctx, "#waiting h2"); !strings.Contains(h, "Waiting for your answer") {
		t.Errorf("the switch does not win over her lang: %q", h)
	}

	// Tom in a browser context of his own (no cookies of Lily's).
	for _, c := range []struct{ accept, want string }{{"en-US,en;q=0.9", "Waiting for your answer"}, {"zh-CN,zh;q=0.9", "等待回复"}} {
		tctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		step(tctx, "Accept-Language "+c.accept, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
				return chromedp.Void{}, err
			}
			_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": c.accept}})
			return chromedp.Void{}, err
		})
		link, err := w.app.SignInLink(w.ctx, tom, "")
		if err != nil {
			t.Fatal(err)
		}
		step(tctx, "Tom signs in", chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
			chromedp.WaitVisible(chromedp.ID("waiting")), htmxSettled())
		if h := text(tctx, "#waiting h2"); !strings.Contains(h, c.want) {
			t.Errorf("Tom (no lang) with Accept-Language %s sees %q", c.accept, h)
		}
	}
}
