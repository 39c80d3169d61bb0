package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// previewOf is the preview part of an editor page.
func previewOf(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `<div id="preview"`)
	if i < 0 {
		t.Fatalf("no preview in the page:\n%s", page)
	}
	return page[i:]
}

// The editor's preview is sent and signed as the follow-up or greeting
// itself would be: a customer whose owner has no mailbox that can send
// gets no such mail, and the preview says so instead of signing with
// another salesperson's name.
func TestPreviewSignsAsTheSendWould(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	m := msg("d-2@seller.example", keepwarm.KindOutbound, "Catalogue and prices", "marie@dupont.fr", "Marie Dupont", now0.Add(-2*time.Hour))
	m.From = keepwarm.Address{Name: "Tom Wu", Email: tom}
	r.save("tom", "Sent", m)
	// Hans has written to the team: the greetings job greets only those
	// who have (only_contacts_who_wrote).
	r.save("lily", "INBOX", msg("h-1@buyer.de", keepwarm.KindInbound, "Prices for 2027", "hans@buyer.de", "Hans Meier", now0.Add(-3*time.Hour)))

	for _, page := range []string{"/templates/resend.tmpl", "/templates/christmas.tmpl"} {
		_, body := mgr.get(fmt.Sprintf("%s?customer=%d", page, r.dupont))
		pv := previewOf(t, body)
		if strings.Contains(pv, "Lily Chen") || !strings.Contains(pv, "not sent to this customer") {
			t.Errorf("%s for Tom's customer:\n%s", page, pv)
		}
		// Lily's own customer: signed by her, nothing refused.
		_, body = mgr.get(fmt.Sprintf("%s?customer=%d", page, r.meier))
		if pv := previewOf(t, body); !strings.Contains(pv, "Lily Chen") || strings.Contains(pv, "not sent") {
			t.Errorf("%s for Lily's customer:\n%s", page, pv)
		}
	}
	_, body := mgr.get(fmt.Sprintf("/templates/christmas.tmpl?customer=%d", r.dupont))
	if !strings.Contains(body, "owner "+tom+" has no mailbox that can send") {
		t.Errorf("the greeting's preview does not give the job's reason:\n%s", previewOf(t, body))
	}
}

func TestNotSentInChinese(t *testing.T) {
	for _, msg := range []string{
		"not sent to this customer: owner tom@seller.example has no mailbox that can send",
		"not sent to this customer: no owner (public pool)",
		"not sent to this customer: no mailbox to send from: give the customer an owner whose [[mailbox]] has an smtp_url",
		`not sent to this customer: the mail went out from info@seller.example, which mailbox "lily" cannot send as: add it to send_as on that [[mailbox]] in the config (if its server lets the login send as it), then resume`,
	} {
		if got := (web.Lang{Code: "zh"}).Err(msg); got == msg || strings.Contains(got, "customer") || strings.Contains(got, " has ") || strings.Contains(got, "went out") {
			t.Errorf("zh: %s", got)
		}
	}
}
