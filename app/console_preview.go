package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"keepwarm/templates"
)

// The console's preview shows the file being edited. A chosen customer
// may get another file of the same name (resend.de.tmpl for a German
// buyer while resend.es.tmpl is edited): the preview then renders the
// edited one as a contact writing its language would get it, and says
// which file the customer would get.

// editedTemplate is the template set loaded from file itself, not a
// fallback of its name; nil when the file did not load (its problems say
// why).
func editedTemplate(set *templates.Set, name, file string) *templates.Template {
	if set == nil {
		return nil
	}
	t, ok := set.Lookup(name, fileLang(file))
	if !ok || filepath.Base(t.File) != filepath.Base(file) {
		return nil
	}
	return t
}

// fileLang is the language of a template file: "es" for resend.es.tmpl
// and 2026-12.es.tmpl, "" for resend.tmpl.
func fileLang(file string) string {
	parts := strings.Split(strings.TrimSuffix(filepath.Base(file), ".tmpl"), ".")
	if len(parts) == 2 {
		return parts[1]
	}
	return ""
}

// otherFile reports whether a rendering is of another file than the edited one.
func otherFile(r templates.Rendered, file string) bool {
	return filepath.Base(r.File) != filepath.Base(file)
}

// otherFileNote says that the customer would get got while shown is
// shown; "" when the customer's own rendering failed (its problem says
// why).
func otherFileNote(got templates.Rendered, shown *templates.Template) string {
	if got.File == "" {
		return ""
	}
	return fmt.Sprintf("this customer would get %s (%s); shown: %s, as a contact writing %s would get it",
		filepath.Base(got.File), langCode(got.Lang), filepath.Base(shown.File), langCode(shown.Lang))
}

// langCode is a template language as the preview names it: "en" for the
// default file's.
func langCode(lang string) string {
	if lang == "" {
		return "en"
	}
	return lang
}
