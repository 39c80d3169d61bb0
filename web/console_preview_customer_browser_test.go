package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"keepwarm/app"
	"keepwarm/web"
)

// In a real Chromium, choosing another customer in "Preview for" previews
// the template for them at once, and text pasted into the editor (an
// input without a key) is previewed too: the preview never belongs to
// another customer or text than the ones shown.
func TestBrowserTemplatePreviewFollowsTheChosenCustomerAndPaste(t *testing.T) {
	ctx := browser(t, 50*time.Second)
	r, _, _, _ := newConsole(t)
	do, text, other, want := previewTwoCustomers(t, ctx, r)
	// SetValue fires the select's input and change events, once.
	do("choose the other", chromedp.SetValue(chromedp.CSS(`select[name="customer"]`), other))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](previewFacts+` === `+fmt.Sprintf("%q", want), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the preview after choosing the other customer: %q, want %q (%v)", text(previewFacts), want, err)
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

// previewFacts is the preview's customer and To.
const previewFacts = `[...document.querySelectorAll("#preview dl.facts dd")].slice(0, 2).map(d => d.textContent.trim()).join(" | ")`

// previewTwoCustomers signs Mei in, finds a customer other than Acme in
// "Preview for", reads what the resend's preview shows when opened for
// them (want, which must differ from Acme's), and leaves the editor open
// for Acme. do runs steps, text evaluates a string.
func previewTwoCustomers(t *testing.T, ctx context.Context, r *consoleRig) (do func(string, ...chromedp.Action[chromedp.Void]), text func(string) string, other, want string) {
	t.Helper()
	srvURL := strings.TrimSuffix(r.app.URL(""), "/")
	link, err := r.app.SignInLink(r.ctx, mei, "/templates")
	if err != nil {
		t.Fatal(err)
	}
	do = func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text = func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	acme := srvURL + fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.acme)
	do("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.Click(chromedp.ID("continue")),
		chromedp.WaitVisible(chromedp.CSS("table.list")))
	do("open the resend", chromedp.Navigate(acme), chromedp.WaitVisible(chromedp.ID("pv-text")))
	first := text(previewFacts)
	other = text(fmt.Sprintf(`[...document.querySelectorAll('select[name="customer"] option')].map(o => o.value).find(v => v !== "%d") || ""`, r.acme))
	if other == "" {
		t.Fatal("one customer only in Preview for")
	}
	do("open for the other", chromedp.Navigate(srvURL+"/templates/resend.tmpl?customer="+other), chromedp.WaitVisible(chromedp.ID("pv-text")))
	if want = text(previewFacts); want == first {
		t.Fatalf("the two customers preview alike: %q", want)
	}
	do("back to Acme", chromedp.Navigate(acme), chromedp.WaitVisible(chromedp.ID("pv-text")))
	return do, text, other, want
}

// heldPreviews holds the previews asked for once armed, each until let go:
// the server answering two previews in flight in the order the test says.
type heldPreviews struct {
	*app.WebBackend
	armed   atomic.Bool
	n       atomic.Int32
	arrived [2]chan struct{} // closed when the first, second preview is held
	release [2]chan struct{}
	free    [2]sync.Once
}

func newHeldPreviews() *heldPreviews {
	h := &heldPreviews{}
	for i := range h.arrived {
		h.arrived[i], h.release[i] = make(chan struct{}), make(chan struct{})
	}
	return h
}

func (h *heldPreviews) PreviewTemplate(ctx context.Context, p web.Person, file, body string, customerID int64) (web.Preview, error) {
	if h.armed.Load() {
		if i := int(h.n.Add(1)) - 1; i < len(h.arrived) {
			close(h.arrived[i])
			<-h.release[i]
		}
	}
	return h.WebBackend.PreviewTemplate(ctx, p, file, body, customerID)
}

func (h *heldPreviews) let(i int) { h.free[i].Do(func() { close(h.release[i]) }) }

// Two previews in flight at once, the customer chosen and then a paste,
// the older answered first: the preview ends as the paste's, for the
// customer chosen. (Each answer replaces the preview's element; without the
// requests' sync the paste's answer found its element gone and was dropped,
// leaving the preview of the text before the paste for good.)
func TestBrowserTemplatePreviewKeepsTheLatestAnswer(t *testing.T) {
	ctx := browser(t, 50*time.Second)
	held := newHeldPreviews()
	r, _, _, _ := newConsoleOver(t, func(b *app.WebBackend) web.Backend { held.WebBackend = b; return held })
	t.Cleanup(func() { held.let(0); held.let(1) })
	do, text, other, want := previewTwoCustomers(t, ctx, r)
	wait := func(what string, ch chan struct{}) {
		t.Helper()
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("%s: no preview asked for", what)
		}
	}
	idle := func(what, sel string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector("`+sel+`.htmx-request")`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("%s: a preview still in flight: %v", what, err)
		}
	}
	const shown = `document.getElementById("pv-text").textContent`
	held.armed.Store(true)
	// SetValue fires the select's input and change events, once.
	do("choose the other", chromedp.SetValue(chromedp.CSS(`select[name="customer"]`), other))
	wait("choosing the other customer", held.arrived[0])
	do("paste", chromedp.Evaluate[chromedp.Void](`(() => { const ta = document.querySelector('textarea[name="body"]');
		ta.value = ta.value.replace("I am writing to make sure", "Pasted: did my offer reach you? I am writing to make sure");
		ta.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"})); })()`))
	wait("the paste", held.arrived[1])
	held.let(0)
	idle("the customer's answer", "select")
	held.let(1)
	idle("the paste's answer", "")
	if got := text(shown); !strings.Contains(got, "Pasted: did my offer reach you?") {
		t.Errorf("the preview is not of the pasted text: %q", got)
	}
	if got := text(previewFacts); got != want {
		t.Errorf("the preview's customer: %q, want %q", got, want)
	}
}
