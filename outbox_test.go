package keepwarm_test

import (
	"regexp"
	"testing"

	"keepwarm"
)

// Message-IDs are random, not derived from anything two installs share: a
// thousand ids for one domain are all distinct and look like a client's.
func TestNewMessageIDIsRandomOnTheSendersDomain(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9a-f]{32}@seller\.example$`)
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := keepwarm.NewMessageID("Seller.Example")
		if !shape.MatchString(id) {
			t.Fatalf("id %q is not 128 random bits at the domain", id)
		}
		if seen[id] {
			t.Fatalf("id %q repeated", id)
		}
		seen[id] = true
	}
}

func TestOnlyTheTeamsOwnMailIsMarkedAutomatic(t *testing.T) {
	for origin, team := range map[string]bool{"nudge": true, "digest": true, "summary": true, "signin": true,
		"sequence": false, "greeting": false, "letter": false, "manual": false, "": false} {
		if got := (keepwarm.OutboxItem{Origin: origin}).ToTeam(); got != team {
			t.Errorf("origin %q: ToTeam %v, want %v", origin, got, team)
		}
	}
}
