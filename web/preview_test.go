package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A newer thread the customer opened, not answered yet, does not hide our
// earlier mail from the template preview: it quotes our quotation rather
// than the sample (whose "Dear Anna" would greet the wrong person).
func TestTemplatePreviewLooksPastANewerThreadWithoutOurMail(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	r.save("lily", "INBOX", msg("new-1@buyer.de", keepwarm.KindInbound, "Samples arrived", "hans@buyer.de", "Hans Meier", now0.Add(-time.Hour)))
	code, body := mgr.get(fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.meier))
	if code != http.StatusOK {
		t.Fatalf("editor: %d", code)
	}
	if strings.Contains(body, `id="sample-note"`) || !strings.Contains(body, "Re: Quotation LED panels") || strings.Contains(body, "Dear Anna") {
		t.Fatalf("the preview used the sample although we wrote to the customer:\n%s", body)
	}
}
