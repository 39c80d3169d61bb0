package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/templates"
)

// A German buyer who writes to Lily with "du" gets no "received" draft
// that says "Ihnen" waiting in her Drafts: her nudge says why.
func TestAckDraftDoesNotSwitchADuThreadToSie(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := lilyAckWorld(t, set)
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser, Subject: "Anfrage Panels",
		MessageID: "n-1@globex.de", Body: "Hallo Lily,\n\nkannst du mir bitte bis Freitag ein Angebot für 500 Panels schicken? Danke dir!\n\nHans"}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 0 {
		t.Fatalf("drafts %q", raws)
	}
	var said bool
	for _, m := range w.nudges() {
		body := decodedText(t, string(m.Raw))
		said = said || strings.Contains(body, `No "received" draft: this thread says "du", its template "Ihre"`)
	}
	if !said {
		t.Errorf("no nudge says why there is no draft: %d nudges", len(w.nudges()))
	}
}
