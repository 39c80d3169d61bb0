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

	// In Chinese, one sentence with Chinese punctuation around the mode.
	zh := mgr.getZh(t, "/sequences/key-customer")
	note := cut(t, zh, `id="mode-cap"`, "</span>")
	mustLack(t, "the Chinese form note", note, "存为草稿. ", "： ")
	mustContain(t, "the Chinese form note", note, "配置里的 [sequences] mode 限定了所有序列：“存为草稿”。在这里选择")
	zh = mgr.getZh(t, "/sequences")
	mustContain(t, "the Chinese list", cut(t, zh, `id="seq-key-customer"`, "</h2>"), "（文件里写的是“直接发送”；配置里的 [sequences] mode 限定了它）")
}

// With [sequences] disabled = true no step goes out: /sequences shows
// "off" where the mode goes, with the file's own mode beside it and why,
// the form says so, and the forecast lists no follow-up step (Meier
// GmbH's key-customer step is listed while they are on).
func TestSequencesShowOffWhileFollowUpsAreDisabled(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	_, body := sales.get("/forecast")
	mustContain(t, "the forecast while follow-ups are on", body, "Meier GmbH", "key-customer")

	deps := r.deps
	deps.SequencesOff = true
	r.be = app.NewWebBackend(deps)
	r.rebase(r.cfg.BaseURL)

	code, body := mgr.get("/sequences")
	if code != http.StatusOK {
		t.Fatalf("/sequences: %d\n%s", code, body)
	}
	row := cut(t, body, `id="seq-key-customer"`, "</h2>")
	mustLack(t, "key-customer's heading", row, `<span class="tag">send</span>`)
	mustContain(t, "key-customer's heading", row, `<span class="tag">off</span>`,
		"(the file says send; follow-ups are turned off by [sequences] disabled in the config: no step goes out)")
	_, form := mgr.get("/sequences/key-customer")
	mustContain(t, "the form", cut(t, form, `id="mode-cap"`, "</span>"), "Follow-ups are turned off by [sequences] disabled in the config")
	zh := mgr.getZh(t, "/sequences")
	mustContain(t, "the Chinese list", cut(t, zh, `id="seq-key-customer"`, "</h2>"), `<span class="tag">已关闭</span>`,
		"（文件里写的是“直接发送”；配置里的 [sequences] disabled 关闭了跟进：任何步骤都不会发出）")

	_, body = sales.get("/forecast")
	mustLack(t, "the forecast while follow-ups are off", body, "key-customer")
}
