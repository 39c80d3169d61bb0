package app

import (
	"testing"

	"keepwarm/config"
)

// [team] company_domains reaches the classifier: a company's domain the
// team's own free-mail entry takes (daum.de, by "daum.*") is a company's
// there, and the rest of the list still holds.
func TestTeamTakesCompanyDomains(t *testing.T) {
	cfg := &config.Config{Team: config.TeamConfig{InternalDomains: []string{"acme.example"},
		ExtraFreeMailDomains: []string{"daum.*"}, CompanyDomains: []string{"daum.de"}}}
	a := &App{Cfg: cfg}
	team := a.Team()
	if team.IsFreeMail("daum.de") {
		t.Error("daum.de is taken for free mail; company_domains names it")
	}
	for _, d := range []string{"daum.net", "gmail.com", "hinet.net"} {
		if !team.IsFreeMail(d) {
			t.Errorf("%s is not taken for free mail", d)
		}
	}
}
