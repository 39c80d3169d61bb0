package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"keepwarm/app"
)

// A step cannot send a greeting: "Merry Christmas" as a quotation's
// second follow-up in March. The built-in greetings are refused, and so
// is a template [greetings] names; the error stands beside the step's
// template and nothing is written.
func TestSequenceFormRefusesAGreetingAsAStep(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	team := "subject: Happy Founders' Day\n--- text\nDear {{.Contact.Salutation}},\nHappy Founders' Day!\n"
	if err := os.WriteFile(filepath.Join(r.tmplDir, "founders-day.tmpl"), []byte(team), 0o644); err != nil {
		t.Fatal(err)
	}
	deps := r.deps
	deps.GreetingTemplates = []string{"founders-day"}
	r.be = app.NewWebBackend(deps)
	r.rebase(r.cfg.BaseURL)

	for _, name := range []string{"christmas", "birthday", "founders-day"} {
		d := keyCustomer(t)
		d.Steps[1].Action, d.Steps[1].Template = "email", name
		code, body := mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
		if code != http.StatusBadRequest {
			t.Fatalf("%s as a step: %d", name, code)
		}
		field := regexp.MustCompile(`name="step\[1\]\.template" value="` + name + `"[^>]*><span class="error field-error">([^<]*)</span>`).FindStringSubmatch(body)
		if field == nil || !strings.Contains(field[1], name+" is a greeting: the greetings job sends it on its day") {
			t.Fatalf("%s: no greeting error beside step 2's template:\n%s", name, body)
		}
		if got := r.files(r.seqDir); len(got) != 0 {
			t.Fatalf("%s: a refused form wrote %v", name, got)
		}
	}
}
