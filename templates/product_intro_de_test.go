package templates_test

import (
	"strings"
	"testing"

	"keepwarm/templates"
)

// The German product introduction never writes a company name where the
// sentence wants "Ihnen" or an article: "was wir Buyer GmbH anbieten
// können" reads like a filled-in form.
func TestGermanProductIntroHasNoBareCompany(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	r, err := set.Render("product-intro", "de", templates.SampleData())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{r.Text, r.HTML} {
		if strings.Contains(s, "wir Buyer GmbH") || !strings.Contains(s, "was wir Ihnen anbieten können") {
			t.Errorf("product-intro.de:\n%s", s)
		}
	}
}
