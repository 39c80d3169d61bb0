package parse_test

import (
	"strings"
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

// The big providers run their mail under more country domains than any
// list keeps: the default list names them by brand ("yahoo.*"), so every
// country ending of theirs is free mail, and a company name that merely
// holds a brand is not.
func TestDefaultFreeMailTakesBrandsUnderAnyCountry(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	for _, d := range []string{"yahoo.in", "rocketmail.com", "yahoo.com.ph", "yahoo.com.my", "yahoo.co.th",
		"hotmail.co.th", "yahoo.co.nz", "yahoo.gr", "yandex.com.tr", "hotmail.co.za", "outlook.in",
		"yahoo.com.pk", "hotmail.com.eg", "outlook.com.vn", "live.co.za", "msn.cn", "ymail.co.id",
		"gmx.es", "aol.de", "mail.de", "qq.cn", "sina.com.tw", "naver.co.kr", "rediffmail.co.in",
		"mail.yahoo.co.th", "YAHOO.IN", "outlook.jp", "sohu.net", "hotmail.com.co"} {
		if !team.IsFreeMail(strings.ToLower(d)) {
			t.Errorf("%s is not taken for free mail", d)
		}
	}
	for _, d := range []string{"outlook-supplies.com", "yahoo-industrial.de", "yahoo.acme.com", "live.acme.de",
		"hotmailer.com", "myyahoo.in", "yahoo.blogspot.com", "yahoo.intranet", "co.th", "com.ph", "buyer.de",
		"live.tv", "live.io", "outlook.ai", "hotmail.shop", "yahoo.org"} {
		if team.IsFreeMail(d) {
			t.Errorf("%s is taken for free mail", d)
		}
	}
}

// A list of one's own may name a brand too, and a brand entry covers no
// domain but the brand's.
func TestFreeMailBrandEntry(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com", "@Tutanota.*", "*.example", "a.b.*"})
	for _, d := range []string{"tutanota.de", "tutanota.com", "gmail.com"} {
		if !team.IsFreeMail(d) {
			t.Errorf("%s is not taken for free mail", d)
		}
	}
	for _, d := range []string{"yahoo.in", "a.b.com", "b.com", "x.example"} {
		if team.IsFreeMail(d) {
			t.Errorf("%s is taken for free mail", d)
		}
	}
}
