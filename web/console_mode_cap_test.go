package web_test

import (
	"net/http"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
)

// With [sequences] mode = "draft" (as the README suggests while trying
// keepwarm out), a sequence whose file says send is listed as draft, the
// way its steps go out and the forecast shows them, with the file's own
// mode beside it; its form says the config caps the mode.
func TestSequencesShowTheModeTheConfigCapsThemTo(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	// Without a cap: the file's mode, and no note.
	_, body := mgr.get("/sequences")
	row := cut(t, body, `id="seq-key-customer"`, "</h2>")
	mustContain(t, "key-customer's heading", row, `<span class="tag">send</span>`)
	mustLack(t, "key-customer's heading", row, "capped")
	_, form := mgr.get("/sequences/key-customer")
	mustLack(t, "the form", form, `id="mode-cap"`)

	defs, set, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	fu := sequences.NewFollowUp(sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer", Identities: r.deps.Identities,
		People:   map[string]string{lily: lily, tom: tom},
		Location: func(keepwarm.Customer) *time.Location { return berlin },
		Mode:     keepwarm.ModeDraft,
	}, r.db, nil)
	deps := r.deps
	deps.FollowUp = fu
	r.be = app.NewWebBackend(deps)
	r.rebase(r.cfg.BaseURL)

	code, body := mgr.get("/sequences")
	if code != http.StatusOK {
		t.Fatalf("/sequences: %d\n%s", code, body)
	}
	row = cut(t, body, `id="seq-key-customer"`, "</h2>")
	mustContain(t, "key-customer's heading", row, `<span class="tag">draft</span>`, "the file says send; capped by [sequences] mode in the config")
	code, form = mgr.get("/sequences/key-customer")
	if code != http.StatusOK {
		t.Fatalf("form: %d\n%s", code, form)
	}
	mustContain(t, "the form", cut(t, form, `id="mode-cap"`, "</span>"), "[sequences] mode in the config caps every sequence: draft.")
}
