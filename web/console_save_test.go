package web_test

import (
	iofs "io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/app"
	"keepwarm/sequences"
	"keepwarm/store"
)

// A save whose reload fails (here: the follow-up job's own database
// handle is gone) is still a save: the file is written, the change is in
// the audit log, the page says the waiting follow-ups move on the next
// tick, and saving the same form again keeps the real previous version.
func TestSaveStandsWhenTheReloadFails(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	orig, err := iofs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(r.seqDir, "key-customer.toml")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	other, err := store.Open(r.ctx, r.db.Path(), now0)
	if err != nil {
		t.Fatal(err)
	}
	defs, set, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	fu := sequences.NewFollowUp(sequences.FollowUpConfig{Definitions: defs, Templates: set, Default: "key-customer"}, other, nil)
	other.Close()
	deps := r.deps
	deps.FollowUp = fu
	r.be = app.NewWebBackend(deps)
	r.rebase(r.cfg.BaseURL)

	d := keyCustomer(t)
	d.Steps[0].After = "2d"
	code, loc := mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if code != http.StatusSeeOther || loc != "/sequences/key-customer?saved=later" {
		t.Fatalf("save: %d %s", code, loc)
	}
	if n := r.count(`SELECT count(*) FROM web_audit WHERE action = 'sequence.save'`); n != 1 {
		t.Fatalf("%d audit rows", n)
	}
	written, _ := os.ReadFile(path)
	if !strings.Contains(string(written), `after = "2d"`) {
		t.Fatalf("not written:\n%s", written)
	}
	_, page := mgr.get(loc)
	mustContain(t, "saved page", page, `id="saved-later"`)
	mustContain(t, "saved page", page, "the running daemon moves them on its next tick")
	zh := mgr.getZh(t, loc)
	mustContain(t, "saved page in Chinese", zh, "运行中的服务会在下一次检查时调整")
	// The manager tries again: the previous version stays the original.
	if code, _ := mgr.do("/sequences/key-customer", "/sequences", seqForm(d)); code != http.StatusSeeOther {
		t.Fatalf("second save: %d", code)
	}
	prev, err := os.ReadFile(path + app.PrevSuffix)
	if err != nil || string(prev) != string(orig) {
		t.Fatalf("previous version is not the original:\n%s %v", prev, err)
	}
}
