package config

import (
	"slices"
	"testing"
)

// The customer book stores a British customer's country as GB whatever the
// cell said ("UK", "Britain"), and greetings match the lists below against
// it: written "UK" (which check accepted), they greeted no British
// customer. They are read as GB.
func TestGreetingsCountryListsReadUKAsGB(t *testing.T) {
	body := minimal + `
[greetings]
occasions = ["diwali", "founders-day"]
also = { diwali = ["UK", " in "] }

[[greetings.custom]]
key = "founders-day"
dates = ["2027-05-04"]
countries = ["UK", "DE"]
`
	c, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	g := c.Greetings
	if got := g.Also["diwali"]; !slices.Equal(got, []string{"GB", "IN"}) {
		t.Errorf("also.diwali read as %q, want [GB IN]", got)
	}
	if len(g.Custom) != 1 || !slices.Equal(g.Custom[0].Countries, []string{"GB", "DE"}) {
		t.Errorf("custom read as %+v, want countries [GB DE]", g.Custom)
	}
}
