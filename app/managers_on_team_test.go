package app

import (
	"slices"
	"testing"

	"keepwarm/config"
)

// A manager listed in [team] managers may sign in to the web, and the reply
// nudges and the digest have them on the team as well: mail of a customer
// they own is theirs, not a stand-in's "not on the team any more".
func TestOtherManagersAreOnTheTeamForNudgesAndDigest(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
time_zone = "UTC"
manager = "boss@acme.example"
managers = ["CEO@acme.example"]
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
`))
	if err != nil {
		t.Fatal(err)
	}
	a := &App{Cfg: cfg}
	web := false
	for _, p := range a.WebPeople() {
		web = web || p.Email == "ceo@acme.example"
	}
	if !web {
		t.Fatalf("the rig: the web does not let the CEO sign in: %+v", a.WebPeople())
	}
	if rc := a.ReplyConfig(); !slices.Contains(rc.Managers, "ceo@acme.example") {
		t.Errorf("the reply nudges' managers are %v; want the CEO", rc.Managers)
	}
	if dc := a.DigestConfig(nil, nil); !slices.Contains(dc.Managers, "ceo@acme.example") {
		t.Errorf("the digest's managers are %v; want the CEO", dc.Managers)
	}
}
