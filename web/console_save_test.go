package web_test

import (
	"fmt"
	"html"
	iofs "io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"keepwarm/app"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
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
	// The same form again changed nothing: nothing more in the audit log.
	if n := r.count(`SELECT count(*) FROM web_audit WHERE action = 'sequence.save'`); n != 1 {
		t.Fatalf("%d audit rows after saving the same again", n)
	}
}

var versionRE = regexp.MustCompile(`name="version" value="([^"]*)"`)

// versionOf is the file version a form was loaded with.
func versionOf(t *testing.T, page string) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(page)
	if m == nil || m[1] == "" {
		t.Fatalf("no version in the form:\n%s", page)
	}
	return m[1]
}

// Two people edit the same file: the later save, from a form loaded before
// the other's change (or a change by hand), is refused with a problem the
// manager understands, the other's version stays on disk, and the typed
// text stays in the form. Sequences, templates and letters alike.
func TestSaveRefusesAFileChangedSinceTheFormWasLoaded(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	changed := "changed by someone else since you opened it"

	// A sequence: the team's file, changed by hand while the form is open.
	seqPath := filepath.Join(r.seqDir, "key-customer.toml")
	orig, _ := iofs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	if err := os.WriteFile(seqPath, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	_, page := mgr.get("/sequences/key-customer")
	form := seqForm(keyCustomer(t))
	form.Set("version", versionOf(t, page))
	theirs := strings.Replace(string(orig), `after = "3d"`, `after = "5d"`, 1)
	if err := os.WriteFile(seqPath, []byte(theirs), 0o644); err != nil {
		t.Fatal(err)
	}
	form.Set("step[0].after", "2d")
	code, body := mgr.do("/sequences/key-customer", "/sequences", form)
	if code != http.StatusBadRequest || !strings.Contains(body, changed) || !strings.Contains(body, `name="step[0].after" value="2d"`) {
		t.Fatalf("stale sequence form: %d\n%s", code, body)
	}
	if got, _ := os.ReadFile(seqPath); string(got) != theirs {
		t.Fatalf("their version overwritten:\n%s", got)
	}
	// Reloaded, the form saves.
	_, page = mgr.get("/sequences/key-customer")
	form.Set("version", versionOf(t, page))
	if code, loc := mgr.do("/sequences/key-customer", "/sequences", form); code != http.StatusSeeOther {
		t.Fatalf("save after reload: %d %s", code, loc)
	}

	// A template: another manager saved a built-in one meanwhile.
	_, page = mgr.get("/templates/resend.tmpl")
	v := versionOf(t, page)
	src := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	theirs = strings.Replace(src, "\n--- text\n", "\n--- text\nTheir line.\n", 1)
	if code, loc := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {theirs}, "version": {v}}); code != http.StatusSeeOther {
		t.Fatalf("their save: %d %s", code, loc)
	}
	mine := strings.Replace(src, "\n--- text\n", "\n--- text\nMy line.\n", 1)
	code, body = mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {mine}, "version": {v}})
	if code != http.StatusBadRequest || !strings.Contains(body, changed) || !strings.Contains(body, "My line.") {
		t.Fatalf("stale template form: %d\n%s", code, body)
	}
	if versionOf(t, body) != v {
		t.Fatal("the refused form took the new version: a second click would overwrite")
	}
	if got, _ := os.ReadFile(filepath.Join(r.tmplDir, "resend.tmpl")); string(got) != theirs {
		t.Fatalf("their template overwritten:\n%s", got)
	}

	// A letter, changed by hand.
	letter := filepath.Join(r.lettersDir, "2026-12.tmpl")
	_, page = mgr.get("/letters/2026-12.tmpl")
	v = versionOf(t, page)
	src = htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	if err := os.WriteFile(letter, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, body = mgr.do("/letters/2026-12.tmpl", "/letters/2026-12.tmpl", url.Values{"body": {src + "\n"}, "version": {v}})
	if code != http.StatusBadRequest || !strings.Contains(body, changed) {
		t.Fatalf("stale letter form: %d\n%s", code, body)
	}
	if got, _ := os.ReadFile(letter); string(got) != src {
		t.Fatalf("the letter written by hand was overwritten:\n%s", got)
	}
}

// A template that would send "Here is what we can offer you: ." to a
// customer whose tags match no product is not saved from the console: the
// editor names .Products and the fix, as `keepwarm sequences check` warns.
func TestTemplateRenderingEmptyProductsIsRefused(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, src := mgr.get("/templates/resend.tmpl")
	orig := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(src)[1])
	bad := strings.Replace(orig, "\n--- text\n", "\n--- text\nHere is what we can offer you: {{join .Products \", \"}}.\n", 1)
	if bad == orig {
		t.Fatalf("resend.tmpl:\n%s", orig)
	}
	code, body := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {bad}})
	if code != http.StatusBadRequest || !regexp.MustCompile(`<code>\.Products</code>: renders with Products empty`).MatchString(body) {
		t.Fatalf("save: %d\n%s", code, body)
	}
	if len(r.files(r.tmplDir)) != 0 {
		t.Fatal("the template was written")
	}
	// With the header, it saves.
	good := strings.Replace(bad, "subject:", "requires: Products\nsubject:", 1)
	if code, loc := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {good}}); code != http.StatusSeeOther {
		t.Fatalf("save with requires: %d %s", code, loc)
	}
}

// With the catalog empty, a step whose template needs the products says
// beside it that it is never sent; nothing stops the save.
func TestSequenceFormSaysAStepNeedingProductsIsNeverSent(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	d := keyCustomer(t)
	step := -1
	for i, st := range d.Steps {
		if st.Template == "product-intro" {
			step = i
		}
	}
	if step < 0 {
		t.Fatalf("key-customer has no product-intro step: %+v", d.Steps)
	}
	_, page := mgr.get("/sequences/key-customer")
	note := regexp.MustCompile(fmt.Sprintf(`name="step\[%d\]\.template" value="product-intro"[^>]*><span class="warn small field-note" role="note">([^<]*)</span>`, step)).FindStringSubmatch(page)
	if note == nil || !strings.Contains(note[1], "the product catalog is empty, so this step is never sent") {
		t.Fatalf("no notice beside the step:\n%s", page)
	}
	if n := strings.Count(page, "field-note"); n != 1 {
		t.Fatalf("%d notices", n)
	}
	zh := mgr.getZh(t, "/sequences/key-customer")
	mustContain(t, "form in Chinese", zh, "产品目录为空，因此这一步永远不会发送")
	if code, loc := mgr.do("/sequences/key-customer", "/sequences", seqForm(d)); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
}

// A sequence written by hand into a file named otherwise (vip.toml with
// name = "key-customer", or a name in capitals) is saved from the form
// into its own file.
func TestHandWrittenSequenceIsSavedToItsOwnFile(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	orig, _ := iofs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	vip := filepath.Join(r.seqDir, "vip.toml")
	if err := os.WriteFile(vip, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	d := keyCustomer(t)
	d.Steps[0].After = "2d"
	if code, loc := mgr.do("/sequences/key-customer", "/sequences", seqForm(d)); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
	if got, _ := os.ReadFile(vip); !strings.Contains(string(got), `after = "2d"`) {
		t.Fatalf("vip.toml:\n%s", got)
	}
	if got := strings.Join(r.files(r.seqDir), " "); got != "vip.toml vip.toml.prev" {
		t.Fatalf("files: %s", got)
	}
	// A name that would not do for a new file is kept as it is.
	upper := strings.Replace(string(orig), `name = "key-customer"`, `name = "VIP"`, 1)
	upper = strings.Replace(upper, `grades = ["A", "B"]`, `tags = ["vip"]`, 1)
	if err := os.WriteFile(vip, []byte(upper), 0o644); err != nil {
		t.Fatal(err)
	}
	d.Name, d.Grades, d.Tags, d.Steps[0].After = "VIP", nil, []string{"vip"}, "4d"
	if code, loc := mgr.do("/sequences/VIP", "/sequences", seqForm(d)); code != http.StatusSeeOther {
		t.Fatalf("save VIP: %d %s", code, loc)
	}
	if got, _ := os.ReadFile(vip); !strings.Contains(string(got), `after = "4d"`) || !strings.Contains(string(got), `name = "VIP"`) {
		t.Fatalf("vip.toml:\n%s", got)
	}
}

// The templates page opens a new template, or a new language of one, in
// the editor: a language starts from the default-language file of its
// name, and saving writes it.
func TestNewTemplateAndLanguageFromTheTemplatesPage(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	_, page := mgr.get("/templates")
	mustContain(t, "templates page", page, `id="newtemplate"`, `<option value="resend">`)
	if _, page := sales.get("/templates"); strings.Contains(page, `id="newtemplate"`) {
		t.Fatal("a salesperson is offered a new template")
	}
	code, loc := mgr.get("/templates/new?name=resend&lang=it")
	if code != http.StatusSeeOther || loc != "/templates/resend.it.tmpl" {
		t.Fatalf("new language: %d %s", code, loc)
	}
	code, page = mgr.get(loc)
	orig, _ := iofs.ReadFile(templates.Defaults(), "resend.tmpl")
	if code != http.StatusOK || !strings.Contains(page, `id="new-note"`) || !strings.Contains(page, "reached you, as") {
		t.Fatalf("resend.it.tmpl: %d\n%s", code, page)
	}
	it := strings.Replace(string(orig), "I am writing to make sure", "Le scrivo per assicurarmi", 1)
	if code, loc := mgr.do(loc, loc, url.Values{"body": {it}, "version": {versionOf(t, page)}}); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
	if got, _ := os.ReadFile(filepath.Join(r.tmplDir, "resend.it.tmpl")); string(got) != it {
		t.Fatalf("resend.it.tmpl:\n%s", got)
	}
	// A new name starts from a starter that checks clean.
	code, page = mgr.get("/templates/new?name=samples-chase")
	if code != http.StatusSeeOther {
		t.Fatalf("new template: %d", code)
	}
	code, page = mgr.get("/templates/samples-chase.tmpl")
	if code != http.StatusOK || !strings.Contains(page, `id="new-note"`) || strings.Contains(page, `class="error"`) {
		t.Fatalf("samples-chase.tmpl: %d\n%s", code, page)
	}
	for _, bad := range []string{"/templates/new?name=Resend!", "/templates/new?name=resend&lang=French"} {
		if code, _ := mgr.get(bad); code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, code)
		}
	}
}

// A step the manager takes out of the thread while its template writes a
// reply's subject ("Re: ...", with no reply headers under it) is saved, and
// the form says beside it what `keepwarm sequences check` says, in English
// and Chinese.
func TestSequenceFormSaysAReplySubjectStartsNoThread(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	d := keyCustomer(t)
	if len(d.Steps) == 0 || d.Steps[0].Template != "resend" || !d.Steps[0].InThread {
		t.Fatalf("key-customer does not start with the resend in the thread: %+v", d.Steps)
	}
	d.Steps[0].InThread = false
	if code, loc := mgr.do("/sequences/key-customer", "/sequences", seqForm(d)); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
	_, page := mgr.get("/sequences/key-customer")
	note := regexp.MustCompile(`name="step\[0\]\.template" value="resend"[^>]*><span class="warn small field-note" role="note">([^<]*)</span>`).FindStringSubmatch(page)
	if note == nil || !strings.Contains(html.UnescapeString(note[1]), `writes a reply's subject`) || !strings.Contains(note[1], "in_thread = true") {
		t.Fatalf("no notice beside the step:\n%s", page)
	}
	zh := mgr.getZh(t, "/sequences/key-customer")
	mustContain(t, "form in Chinese", zh, "但这一步会开一个新的邮件线程")
}

// A delay the file cannot hold, typed in the third step's After, is shown
// beside the third step's After box, not beside the first step's (which
// holds a good "3d"), and nothing is saved.
func TestBadDelayInALaterStepIsShownBesideThatStep(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	d := keyCustomer(t)
	if len(d.Steps) != 3 {
		t.Fatalf("key-customer has %d steps, want 3", len(d.Steps))
	}
	form := seqForm(d)
	form.Set("step[2].after", "5 days")
	code, body := mgr.do("/sequences/key-customer", "/sequences", form)
	if code != http.StatusBadRequest {
		t.Fatalf("a bad delay in step 3: %d\n%s", code, body)
	}
	rows := map[int]string{}
	for i := range 4 {
		start := strings.Index(body, fmt.Sprintf(`<li class="step" id="step-%d">`, i))
		if start < 0 {
			t.Fatalf("no row %d:\n%s", i, body)
		}
		end := strings.Index(body[start:], "</li>")
		rows[i] = body[start : start+end]
	}
	if !strings.Contains(rows[2], `<span class="error field-error">`) || !strings.Contains(rows[2], "5 days") {
		t.Fatalf("step 3's row has no error:\n%s", rows[2])
	}
	for _, i := range []int{0, 1, 3} {
		if strings.Contains(rows[i], "field-error") {
			t.Fatalf("row %d shows an error:\n%s", i, rows[i])
		}
	}
	if files := r.files(r.seqDir); len(files) != 0 {
		t.Fatalf("saved: %v", files)
	}
}
