package app

import (
	"testing"

	"keepwarm/config"
)

// [team] company_domains reaches the classifier: a domain the free-mail
// list takes (hinet.net) is a company's there, and the rest of the list
// still holds.
func TestTeamTakesCompanyDomains(t *testing.T) {
	cfg := &config.Config{Team: config.TeamConfig{InternalDomains: []string{"acme.example"}, CompanyDomains: []string{"hinet.net"}}}
	a := &App{Cfg: cfg}
	team := a.Team()
	if team.IsFreeMail("hinet.net") {
		t.Error("hinet.net is taken for free mail; company_domains names it")
	}
	if !team.IsFreeMail("gmail.com") {
		t.Error("gmail.com is not taken for free mail")
	}
}
