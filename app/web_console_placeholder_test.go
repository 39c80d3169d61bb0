package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/web"
)

// A manager used to Outlook's mail merge writes "Hi {FirstName}," in the
// team's resend.tmpl: the console refuses to save it, naming the field and
// what to write instead (in Chinese too); "[PDF]" in a text is no field.
func TestConsoleRefusesAnotherProgramsPlaceholder(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, tmpl := consoleBackend(t, now)
	body := "subject: {{reply .Original.Subject}}\n--- text\nHi {FirstName},\n\ndid my mail reach you?\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
	_, probs, err := b.SaveTemplate(ctx, mei, "resend.tmpl", body, "", now)
	var found bool
	for _, p := range probs {
		found = found || (strings.Contains(p.Msg, `writes "{FirstName}"`) && strings.Contains(p.Msg, "{{.Contact.FirstName}}") &&
			strings.Contains((web.Lang{Code: "zh"}).Err(p.Msg), "占位符"))
	}
	if !found {
		t.Fatalf("save: %v %+v, want the placeholder named", err, probs)
	}
	if _, err := os.Stat(filepath.Join(tmpl, "resend.tmpl")); !os.IsNotExist(err) {
		t.Errorf("the refused template was written: %v", err)
	}
	body = "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\ndid my mail with the datasheet [PDF] reach you?\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
	if _, probs, err := b.SaveTemplate(ctx, mei, "resend.tmpl", body, "", now); err != nil || len(probs) > 0 {
		t.Fatalf("save: %v %+v", err, probs)
	}
}
