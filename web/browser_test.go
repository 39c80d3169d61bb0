package web_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keepwarm"
)

// -update (or KEEPWARM_SCREENSHOTS=DIR) copies the browser tests'
// screenshots into docs/screenshots (or DIR) for the README; by default
// they stay in the test's temp dir.
var update = flag.Bool("update", false, "copy the screenshots into docs/screenshots")

// readmeShots are the screenshots the README shows.
var readmeShots = map[string]bool{"desk-400": true, "desk-400-zh": true, "customer-1280": true,
	"console-sequences-400": true, "console-template-1280": true, "console-forecast-400": true, "console-team-1280": true,
	"console-report-replies-400": true, "console-report-quiet-400": true, "console-letter-1280": true}

// chromium finds Debian's chromium (or Chrome); the browser tests skip
// loudly without one.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if p := "/usr/bin/chromium"; fileExists(p) {
		return p
	}
	t.Skip("SKIPPED: no chromium binary; install Debian's chromium package (.ci/run does) to run the browser tests")
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// browser starts a headless Chromium for one test, bounded by timeout: a
// hung page fails the test, never CI.
func browser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	bin := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Flag("headless", "new"),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// shot writes a full-page PNG to the test's temp dir (and, when asked, to
// the screenshots folder).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("KEEPWARM_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	} else if *update && readmeShots[name] {
		dirs = append(dirs, filepath.Join("..", "docs", "screenshots"))
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot %s: %s", name, filepath.Join(dirs[len(dirs)-1], name+".png"))
}

// noSideways asserts, from the page's own geometry, that the page does not
// scroll sideways.
func noSideways(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	sw, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth"))
	if err != nil {
		t.Fatal(err)
	}
	iw, err := chromedp.Run(ctx, chromedp.Evaluate[int]("window.innerWidth"))
	if err != nil {
		t.Fatal(err)
	}
	if sw > iw {
		t.Errorf("%s scrolls sideways at %d px: scrollWidth %d", page, iw, sw)
	}
}

var clockRE = regexp.MustCompile(`^\d+m \d\ds$`)

// htmxSettled waits until htmx has finished a boosted swap: no request
// under way and the settle step (which processes the new content and
// scrolls to the top) done. A click aimed at the page before then can land
// where the element was before the scroll, and be lost.
func htmxSettled() chromedp.Action[chromedp.Void] {
	poll := chromedp.Poll[bool](`document.readyState === "complete" && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")`,
		chromedp.WithPollingInterval(50*time.Millisecond))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := poll(ctx, t)
		return chromedp.Void{}, err
	}
}

func TestBrowserSignInDeskStopAndLayout(t *testing.T) {
	ctx := browser(t, 55*time.Second)
	w := newWorld(t, "http://placeholder.invalid")
	srv := w.serve()
	// The links in mail must point at the server the browser can reach.
	w.rebase(srv.URL)

	start := time.Now()
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		began := time.Now()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s (after %s; %s into the test): %v", what, time.Since(began).Round(time.Millisecond), time.Since(start).Round(time.Millisecond), err)
		}
	}
	step("open the desk without a session", chromedp.EmulateViewport(400, 900), chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("email")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != srv.URL+"/signin?next=%2F" {
		t.Fatalf("without a session the desk went to %s", loc)
	}
	noSideways(t, ctx, "the sign-in page")
	step("ask for a link", chromedp.SendKeys(chromedp.ID("email"), lily), chromedp.Submit(chromedp.ID("email")),
		chromedp.WaitVisible(chromedp.CSS(".notice")))
	w.app.WaitDeliveries()
	msgs := w.smtp.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d sign-in mails", len(msgs))
	}
	step("open the mailed link", chromedp.Navigate(linkIn(t, msgs[0].Raw)), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID("waiting")))

	// The desk: the waiting question with its clock, ticking.
	clock := chromedp.CSS(path("#wait-%d .clock", w.waitingMsg))
	first, err := chromedp.Run(ctx, chromedp.Text(clock))
	if err != nil || !clockRE.MatchString(first) {
		t.Fatalf("reply clock %q: %v", first, err)
	}
	// It ticks: wait for the text to change (the page's own second, however
	// slow the machine), not for a fixed time.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q).textContent !== %q`, path("#wait-%d .clock", w.waitingMsg), first),
		chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatalf("the reply clock does not tick from %q: %v", first, err)
	}
	if later, _ := chromedp.Run(ctx, chromedp.Text(clock)); later == first || !clockRE.MatchString(later) {
		t.Fatalf("the reply clock does not tick: %q then %q", first, later)
	}
	noSideways(t, ctx, "the desk")
	shot(t, ctx, "desk-400")
	step("the desk in Chinese", chromedp.Click(chromedp.CSS(`form[action="/lang/zh"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/lang/en"] button`)), chromedp.WaitVisible(chromedp.ID("waiting")))
	if h, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#waiting h2"))); !regexp.MustCompile(`等待回复`).MatchString(h) {
		t.Errorf("the language switch: %q", h)
	}
	noSideways(t, ctx, "the Chinese desk")
	shot(t, ctx, "desk-400-zh")
	step("back to English", chromedp.Click(chromedp.CSS(`form[action="/lang/en"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/lang/zh"] button`)), chromedp.WaitVisible(chromedp.ID("waiting")))

	// Stop Meier's follow-up from the desk: it leaves the list and is stopped in the store.
	stop := chromedp.CSS(path(`#enr-%d button[data-op="stop"]`, w.enrollment))
	step("stop the follow-up", chromedp.Click(stop), chromedp.WaitVisible(chromedp.ID("confirm-yes")), htmxSettled())
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive {
		t.Fatalf("before the confirmation the enrollment is %s (%v)", e.Status, err)
	}
	noSideways(t, ctx, "the question before stopping")
	step("confirm", chromedp.Click(chromedp.ID("confirm-yes")), chromedp.WaitVisible(chromedp.ID("waiting")),
		chromedp.WaitNotPresent(chromedp.ID(path("enr-%d", w.enrollment))), htmxSettled())
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollStopped {
		t.Fatalf("after the click the enrollment is %s (%v)", e.Status, err)
	}

	// An action refused by the server shows its reason in place: the call
	// was closed elsewhere after the desk was drawn, and the page says so.
	if err := w.db.DoneTask(w.ctx, w.task, now0, "", ""); err != nil {
		t.Fatal(err)
	}
	refused := chromedp.CSS(path("#task-%d .refused", w.task))
	step("close a call closed meanwhile", chromedp.Click(chromedp.CSS(path("#task-%d button", w.task))), chromedp.WaitVisible(refused))
	if text, _ := chromedp.Run(ctx, chromedp.Text(refused)); !regexp.MustCompile(`This call task was closed already, at 2026-11-16 10:00 CST`).MatchString(text) {
		t.Errorf("the refused action shows %q", text)
	}

	for _, p := range []struct{ name, path string }{
		{"customer", path("/customers/%d", w.meier)}, {"", path("/customers/%d", w.acme)}, {"", "/customers?q=a"},
		{"", "/pool"}, {"", path("/messages/%d", w.waitingMsg)},
	} {
		step("open "+p.path, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main .card")))
		noSideways(t, ctx, p.path)
		if p.name != "" {
			shot(t, ctx, p.name+"-400")
			if text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("audit"))); !regexp.MustCompile(`stopped a follow-up · enrollment 1`).MatchString(text) {
				t.Errorf("the audit trail on the customer page: %q", text)
			}
		}
	}

	step("wide desk", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("waiting")))
	shot(t, ctx, "desk-1280")
	step("wide customer page", chromedp.Navigate(srv.URL+path("/customers/%d", w.meier)), chromedp.WaitVisible(chromedp.ID("audit")))
	shot(t, ctx, "customer-1280")
}
