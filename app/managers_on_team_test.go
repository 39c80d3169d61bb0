package app

import (
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
	for _, who := range []string{"ceo@acme.example", "boss@acme.example", "lily@acme.example"} {
		if rc := a.ReplyConfig(); !rc.Team[who] {
			t.Errorf("the reply nudges' team is %v; want %s on it", rc.Team, who)
		}
		if dc := a.DigestConfig(nil, nil); !dc.Team[who] {
			t.Errorf("the digest's team is %v; want %s on it", dc.Team, who)
		}
	}
}
