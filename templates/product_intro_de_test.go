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

// A product with no pitch in the introduction's language is offered by
// its name alone: an English pitch inside a German, Chinese or Arabic
// mail reads as if the seller could not be bothered. The English
// introduction keeps it.
func TestProductIntroWritesNoPitchInAnotherLanguage(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	const english = "IP65, 150 lm/W for warehouses" // the sample's second product, English only
	for _, lang := range []string{"de", "zh", "zh-hant", "ar", "es", "pt-br"} {
		r, err := set.Render("product-intro", lang, templates.SampleData())
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(r.Text+r.HTML, english) || strings.Contains(r.Text+r.HTML, "five-year warranty") || !strings.Contains(r.Text, "LED high bay 150W") {
			t.Errorf("product-intro %s:\n%s\n%s", lang, r.Text, r.HTML)
		}
	}
	r, err := set.Render("product-intro", "de", templates.SampleData())
	if err != nil || !strings.Contains(r.Text, "fünf Jahre Garantie") {
		t.Errorf("the German pitch: %v\n%s", err, r.Text)
	}
	r, err = set.Render("product-intro", "", templates.SampleData())
	if err != nil || !strings.Contains(r.Text, english) {
		t.Errorf("the English introduction: %v\n%s", err, r.Text)
	}
}
