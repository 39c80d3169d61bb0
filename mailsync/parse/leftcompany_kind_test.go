package parse

import (
	"testing"

	"keepwarm"
)

// A part-time responder's "ne travaille plus le mercredi" is an
// out-of-office, not a person who left.
func TestPartTimeResponderHasNotLeft(t *testing.T) {
	m := msg("Bonjour, je travaille à temps partiel et ne travaille plus le mercredi ; je vous répondrai jeudi.",
		"From: Claire <claire@acme.example>", "To: sales@team.example", "Subject: Réponse automatique : Offre", "Auto-Submitted: auto-replied")
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindAutoReply {
		t.Fatalf("kind %q, want %q", m.Kind, keepwarm.KindAutoReply)
	}
}
