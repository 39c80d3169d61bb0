package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A team's resend.tmpl that writes the second product renders for the
// sample customer but fails for a customer with fewer products. That does
// not turn off the team's follow-ups: the job builds, `sequences check`
// and the console warn of the file, and a customer whose mail fails to
// render is held at send time with the reason naming the file.
func TestATemplateFailingForSomeCustomersHoldsOnlyThem(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	w := newFUApp(t, "", asked)
	dir := t.TempDir()
	body := "subject: Re: {{.Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nI am writing to make sure you received our offer.\n" +
		"Our {{(index .Products 1).Name}} is also popular.\n\n{{.Owner.Signature}}\n"
	if err := os.WriteFile(filepath.Join(dir, "resend.tmpl"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	w.a.Cfg.Sequences.TemplatesDir = dir
	defs, set, probs := w.a.LoadSequences()
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	job, err := w.a.NewFollowUp(nil)
	if err != nil {
		t.Fatalf("NewFollowUp: %v", err)
	}
	w.job = job
	empty, _ := SequencesWarnings(defs, set, false)
	found := false
	for _, p := range empty {
		found = found || (filepath.Base(p.File) == "resend.tmpl" && strings.Contains(p.Msg, "fails for a customer with one product"))
	}
	if !found {
		t.Fatalf("no warning for resend.tmpl: %v", empty)
	}
	if ps := emptyProblems(defs, set, "resend.tmpl"); len(ps) == 0 {
		t.Fatal("the console would save resend.tmpl as it is")
	}

	// Hans's customer has no products: his resend fails to render, and
	// his follow-up is held saying why.
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	if it, ok := w.runUntilQueued(asked.Add(time.Hour)); ok {
		t.Fatalf("queued:\n%s", it.Text)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Status != keepwarm.EnrollFailed || !strings.Contains(enrs[0].Reason, "resend.tmpl") ||
		!strings.Contains(enrs[0].Reason, "index") {
		t.Fatalf("enrollments %+v", enrs)
	}
}
