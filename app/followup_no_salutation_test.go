package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A team's Swedish template that opens with {{.Contact.Salutation}}
// (rendered "Dear Anna" before keepwarm refused an English opening above
// Swedish) does not stop every follow-up of the team after the upgrade:
// the set loads, the job runs, and `sequences check` and the console warn
// of the file. Only a Swedish contact without a book salutation gets no
// mail from it.
func TestSwedishTemplateWithSalutationDoesNotStopTheFollowUps(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"resend.tmpl":      "subject: Re: {{.Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nI am writing to make sure you received our offer.\n\n{{.Owner.Signature}}\n",
		"birthday.sv.tmpl": "subject: Grattis\n--- text\n{{.Contact.Salutation}},\n\nGrattis!\n{{.Owner.Signature}}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w.a.Cfg.Sequences.TemplatesDir = dir
	defs, set, probs := w.a.LoadSequences()
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	if _, broken, err := w.a.HeldFollowUp(); err != nil || broken != nil {
		t.Fatalf("HeldFollowUp: %v, broken %v", err, broken)
	}
	empty, _ := SequencesWarnings(defs, set, false)
	found := false
	for _, p := range empty {
		if filepath.Base(p.File) == "birthday.sv.tmpl" && strings.Contains(p.Msg, `no salutation for language "sv"`) {
			found = true
		}
	}
	if !found {
		t.Fatalf("no warning for birthday.sv.tmpl: %v", empty)
	}
	if ps := emptyProblems(defs, set, "birthday.sv.tmpl"); len(ps) == 0 {
		t.Fatal("the console would save birthday.sv.tmpl as it is")
	}
}
