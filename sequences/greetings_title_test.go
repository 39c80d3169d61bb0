package sequences_test

import (
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// A follow-up and a greeting to "Herr Meier" open "Dear Mr. Meier" (or
// "Guten Tag Herr Meier"), never "Dear Meier": one name after a title may
// be the family name.
func TestFollowUpAndGreetingKeepTheTitleOfOneName(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	f := sequences.NewFollowUp(sequences.FollowUpConfig{Templates: set}, nil, nil)
	d := f.Data(keepwarm.Customer{}, keepwarm.Address{Name: "Herr Meier", Email: "meier@globex.de"}, sequences.Identity{}, keepwarm.Message{})
	if got := templates.Salutation(d.Contact, "de"); got != "Guten Tag Herr Meier" {
		t.Errorf("follow-up in German: %q", got)
	}
	if got := templates.Salutation(d.Contact, ""); got != "Dear Mr. Meier" {
		t.Errorf("follow-up in English: %q", got)
	}
	var r keepwarm.Recipient
	r.Contact.Name, r.Contact.Email = "Herr Meier", "meier@globex.de"
	out, _, err := sequences.RenderGreeting(set, "christmas", "", "Christmas", r, "", sequences.GreetingSender{})
	if err != nil || !strings.HasPrefix(out.Text, "Dear Mr. Meier,") {
		t.Errorf("greeting %q, %v", out.Text, err)
	}
}
