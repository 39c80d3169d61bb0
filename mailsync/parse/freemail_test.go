package parse_test

import (
	"testing"

	"keepwarm/config"
	"keepwarm/mailsync/parse"
)

// The default free-mail list holds the national Hotmail/Yahoo variants and
// the national and ISP portals export buyers write from, so two buyers on
// one of them are two customers, not one "company".
func TestDefaultFreeMailHoldsNationalProviders(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	for _, d := range []string{"hotmail.es", "bk.ru", "list.ru", "wp.pl", "seznam.cz", "att.net",
		"btinternet.com", "bigpond.com", "yahoo.co.jp", "vip.163.com", "vip.qq.com", "188.com", "tom.com",
		"emirates.net.ae", "eim.ae", "vsnl.net", "sify.com", "hinet.net", "ms5.hinet.net", "omantel.net.om", "qualitynet.net"} {
		if !team.IsFreeMail(d) {
			t.Errorf("%s is not taken for free mail", d)
		}
	}
	for _, d := range []string{"buyer.de", "acme-lighting.com", "co.uk", "ru"} {
		if team.IsFreeMail(d) {
			t.Errorf("%s is taken for free mail", d)
		}
	}
}
