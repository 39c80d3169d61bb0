package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A team template that does not load stays in the Templates list, marked
// so, and the banner of files that do not load links its editor, which
// shows the team's text and why.
func TestBrokenTeamTemplateIsListedAndLinked(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if err := os.WriteFile(filepath.Join(r.tmplDir, "resend.tmpl"), []byte("subject: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, page := mgr.get("/templates")
	if code != http.StatusOK {
		t.Fatalf("templates: %d", code)
	}
	mustContain(t, "the templates page", page, `id="files-broken"`, `<a href="/templates/resend.tmpl">resend.tmpl</a>`, `id="tmpl-resend.tmpl"`)
	i := strings.Index(page, `id="tmpl-resend.tmpl"`)
	if i < 0 {
		t.Fatalf("no row for resend.tmpl:\n%s", page)
	}
	row, _, _ := strings.Cut(page[i:], "</tr>")
	mustContain(t, "the broken template's row", row, `href="/templates/resend.tmpl"`, "does not load")
	zh := mgr.getZh(t, "/templates")
	mustContain(t, "the Chinese templates page", zh, "无法加载")
	code, editor := mgr.get("/templates/resend.tmpl")
	if code != http.StatusOK {
		t.Fatalf("editor: %d", code)
	}
	mustContain(t, "the editor", editor, "subject: x", "no --- text section")
}
