package templates_test

import "testing"

// A region's file (NAME.pt-br.tmpl) is sent to a contact whose language
// carries that region; a language without one gets NAME.pt.tmpl, and a
// region's file when the team wrote only that one, never the English
// file while a Portuguese one is there.
func TestLookupOfARegionsFile(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"spring.tmpl":       "subject: Spring\n--- text\nHello,\n\nspring.\n",
		"spring.pt-br.tmpl": "subject: Primavera\n--- text\nOlá,\n\nprimavera.\n",
		"spring.es-mx.tmpl": "subject: Primavera\n--- text\nHola,\n\nprimavera.\n",
		"spring.es.tmpl":    "subject: Primavera\n--- text\nHola,\n\nprimavera.\n",
		"spring.zh-tw.tmpl": "subject: 春季\n--- text\n您好，\n\n春季。\n",
		"autumn.tmpl":       "subject: Autumn\n--- text\nHello,\n\nautumn.\n",
		"autumn.es-ar.tmpl": "subject: Otoño\n--- text\nHola,\n\notoño.\n",
		"autumn.es-mx.tmpl": "subject: Otoño\n--- text\nHola,\n\notoño.\n",
	})
	for _, c := range []struct{ name, lang, file string }{
		{"spring", "pt", "spring.pt-br.tmpl"},
		{"spring", "pt-br", "spring.pt-br.tmpl"},
		{"spring", "pt-PT", "spring.pt-br.tmpl"},
		{"spring", "es", "spring.es.tmpl"},
		{"spring", "es-mx", "spring.es-mx.tmpl"},
		{"spring", "es-es", "spring.es.tmpl"},
		{"spring", "zh", "spring.tmpl"},
		{"spring", "zh-tw", "spring.zh-tw.tmpl"},
		{"spring", "", "spring.tmpl"},
		{"autumn", "es", "autumn.es-ar.tmpl"},
		{"autumn", "es-mx", "autumn.es-mx.tmpl"},
		{"autumn", "de", "autumn.tmpl"},
	} {
		if tm, ok := set.Lookup(c.name, c.lang); !ok || tm.File != c.file {
			t.Errorf("Lookup(%q, %q) = %+v, want %s", c.name, c.lang, tm, c.file)
		}
	}
}
