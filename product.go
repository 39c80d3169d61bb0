package keepwarm

import "strings"

// Product is one entry of the catalog the manager keeps (products.csv or
// .xlsx): what a product introduction may offer a customer.
type Product struct {
	ID   int64    `json:"id"`
	Name string   `json:"name"`
	Tags []string `json:"tags,omitempty"` // lower-case; matched against customers' tags and their mail
	// Pitch is one line per language: "" (English, the fallback), "zh", "de"…
	Pitch    map[string]string `json:"pitch,omitempty"`
	Link     string            `json:"link,omitempty"`
	Price    string            `json:"price,omitempty"`
	MOQ      string            `json:"moq,omitempty"`
	ImageURL string            `json:"image_url,omitempty"`
}

// PitchIn is the product's one-line pitch in lang ("es-MX" tries "es"),
// else the English one, else "".
func (p Product) PitchIn(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if lang == "en" {
		lang = ""
	}
	if s, ok := p.Pitch[lang]; ok && s != "" {
		return s
	}
	if primary, _, ok := strings.Cut(lang, "-"); ok {
		if s := p.Pitch[primary]; s != "" {
			return s
		}
	}
	return p.Pitch[""]
}
