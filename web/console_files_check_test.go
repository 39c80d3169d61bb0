package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keepwarm/app"
	"keepwarm/web"
)

// heldBackend is the console's backend as the web runs it while the
// daemon holds the follow-ups (app's held engine).
type heldBackend struct{ *app.WebBackend }

func (h heldBackend) FilesCheck(ctx context.Context) web.FilesCheck {
	fc := h.WebBackend.FilesCheck(ctx)
	fc.Held = true
	return fc
}

const brokenSeq = `name = "later"
tags = ["later"]
mode = "draft"

[[step]]
after = "3 days"
action = "email"
template = "resend"
`

// A sequence file a hand edit broke: the Sequences and Templates pages
// list its problem with its file and line (and, while the daemon holds
// the follow-ups, say they are off), link the file, and its page shows
// its text and problem instead of "not found"; in Chinese too.
func TestSequencesPageShowsTheFilesProblems(t *testing.T) {
	for _, held := range []bool{false, true} {
		var wrap func(*app.WebBackend) web.Backend
		if held {
			wrap = func(b *app.WebBackend) web.Backend { return heldBackend{b} }
		}
		r, mgr, lily, _ := newConsoleOver(t, wrap)
		if err := os.WriteFile(filepath.Join(r.seqDir, "later.toml"), []byte(brokenSeq), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*client{mgr, lily} {
			for _, loc := range []string{"/sequences", "/templates"} {
				_, page := c.get(loc)
				mustContain(t, loc, page, `id="files-problems"`, "<code>later.toml</code>", "line 6:", `&#34;3 days&#34; is not a duration`, `href="/sequences/later"`)
				if held {
					mustContain(t, loc, page, `id="files-held"`, "The follow-ups are off")
				} else {
					// What happens next: a restart before the fix
					// turns the follow-ups off.
					mustContain(t, loc, page, "keeps the sequences and templates it had", "if keepwarm run restarts before then, the follow-ups stay off")
				}
				// A salesperson cannot fix the files or restart the
				// daemon: they are told to tell the manager.
				if c == lily {
					mustContain(t, loc, page, "Tell the manager")
					if strings.Contains(page, "Fix them, then restart keepwarm run") {
						t.Errorf("%s tells a salesperson to fix the files and restart", loc)
					}
				}
			}
		}
		code, page := mgr.get("/sequences/later")
		if code != http.StatusOK {
			t.Fatalf("/sequences/later: %d", code)
		}
		mustContain(t, "/sequences/later", page, `id="broken"`, "line 6:", "after = &#34;3 days&#34;")
		if strings.Contains(page, `name="window.start"`) {
			t.Error("the page of a file that does not load offers the form")
		}
		zh := mgr.getZh(t, "/sequences")
		mustContain(t, "/sequences in Chinese", zh, "later.toml")
		if held {
			mustContain(t, "/sequences in Chinese", zh, "跟进已关闭")
		}
	}
}

const zetaSeq = `name = "zeta"
mode = "draft"

[[step]]
after = "3d"
action = "email"
template = "resend"
`

// zeta.toml is a hand-made copy of a.toml, which defines "zeta": the copy
// does not load, and its link on the Sequences page opens its own text
// and problem, not the form of a.toml's sequence.
func TestBrokenCopyOfALoadedSequenceHasItsOwnPage(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if err := os.WriteFile(filepath.Join(r.seqDir, "a.toml"), []byte(zetaSeq), 0o644); err != nil {
		t.Fatal(err)
	}
	copied := strings.Replace(zetaSeq, `after = "3d"`, `after = "9d"`, 1)
	if err := os.WriteFile(filepath.Join(r.seqDir, "zeta.toml"), []byte(copied), 0o644); err != nil {
		t.Fatal(err)
	}
	_, page := mgr.get("/sequences")
	mustContain(t, "/sequences", page, `href="/sequences/zeta">zeta.toml</a>`)
	_, page = mgr.get("/sequences/zeta")
	mustContain(t, "/sequences/zeta", page, `id="broken"`, `after = &#34;9d&#34;`)
	if strings.Contains(page, `name="window.start"`) {
		t.Error("the copy's page offers the form of a.toml's sequence")
	}
}

// The sequence form's template suggestions are what a step may send:
// resend and product-intro, not the "received" draft (ack), a greeting or
// a monthly letter's month.
func TestSequenceFormSuggestsOnlyStepTemplates(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if err := os.WriteFile(filepath.Join(r.lettersDir, "2026-12.tmpl"), []byte("subject: News\n--- text\nHello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"/sequences/new", "/sequences/key-customer"} {
		_, page := mgr.get(loc)
		mustContain(t, loc, page, `<option value="resend">`, `<option value="product-intro">`)
		for _, not := range []string{`<option value="ack">`, `<option value="2026-12">`, `<option value="christmas">`, `<option value="birthday">`} {
			if strings.Contains(page, not) {
				t.Errorf("%s suggests %s", loc, not)
			}
		}
	}
}

// While the follow-ups are held the forecast says it lists none of them,
// in English and Chinese; otherwise it says nothing of the kind.
func TestForecastSaysWhenTheFollowUpsAreHeld(t *testing.T) {
	for _, held := range []bool{false, true} {
		var wrap func(*app.WebBackend) web.Backend
		if held {
			wrap = func(b *app.WebBackend) web.Backend { return heldBackend{b} }
		}
		_, mgr, _, _ := newConsoleOver(t, wrap)
		_, page := mgr.get("/forecast")
		if got := strings.Contains(page, `id="forecast-held"`); got != held {
			t.Errorf("held %v: the forecast's note shown %v", held, got)
		}
		if held {
			mustContain(t, "/forecast", page, "no follow-up step or task is listed here", `href="/sequences"`)
			mustContain(t, "/forecast in Chinese", mgr.getZh(t, "/forecast"), "这里不会列出任何跟进步骤或任务")
		}
	}
}

// In a real Chromium, while the follow-ups are held: the Sequences page
// opens on the files' problems (a long one wraps, no sideways scroll at
// 400 px), and its link opens the broken file's text and problem.
func TestBrowserHeldSequencesPageShowsTheProblems(t *testing.T) {
	ctx := browser(t, 40*time.Second)
	r, _, _, _ := newConsoleOver(t, func(b *app.WebBackend) web.Backend { return heldBackend{b} })
	long := strings.Replace(brokenSeq, `"3 days"`, `"3 days and then another long while after the quotation went out"`, 1)
	if err := os.WriteFile(filepath.Join(r.seqDir, "later-for-the-very-important-key-customers.toml"), []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	link, err := r.app.SignInLink(r.ctx, mei, "/sequences")
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(400, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.ID("files-held"))); err != nil {
		t.Fatal(err)
	}
	noSideways(t, ctx, "/sequences held")
	shot(t, ctx, "sequences-held-400")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#files-problems a[href="/sequences/later-for-the-very-important-key-customers"]`)),
		chromedp.WaitVisible(chromedp.ID("broken"))); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text("#problems"))
	if err != nil || !strings.Contains(text, "is not a duration") {
		t.Errorf("the broken file's problems: %q %v", text, err)
	}
	noSideways(t, ctx, "the broken file's page")
}
