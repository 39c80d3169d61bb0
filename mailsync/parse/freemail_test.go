package parse_test

import (
	"slices"
	"strings"
	"testing"

	"keepwarm/config"
	"keepwarm/mailsync/parse"
	"keepwarm/providers"
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

// The default list takes each provider under the domains it really runs:
// Yahoo, AOL, GMX and Yandex under their country domains, Hotmail, Live
// and Outlook under Microsoft's; a provider without country domains (Daum,
// Sina, QQ, 163) by its own domains alone. The same name under another
// ending is whoever registered it (daum.de, Daum Maschinenbau), and so is
// a company name that merely holds a brand.
func TestDefaultFreeMailTakesProvidersUnderTheirOwnDomains(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	for _, d := range []string{"yahoo.in", "rocketmail.com", "yahoo.com.ph", "yahoo.com.my", "yahoo.co.th",
		"hotmail.co.th", "yahoo.co.nz", "yahoo.gr", "yandex.com.tr", "yandex.by", "hotmail.co.za", "outlook.in",
		"outlook.com.vn", "live.co.za", "hotmail.com.ar", "live.com.au", "outlook.jp", "gmx.es", "gmx.co.uk",
		"aol.de", "mail.de", "mail.com", "qq.com", "foxmail.com", "sina.com.cn", "naver.com", "daum.net",
		"hanmail.net", "rediffmail.com", "mail.yahoo.co.th", "msn.com"} {
		if !team.IsFreeMail(d) {
			t.Errorf("%s is not taken for free mail", d)
		}
	}
	for _, d := range []string{"daum.de", "sina.de", "sina.ir", "qq.de", "126.de", "163.de", "naver.co.kr",
		"hanmail.de", "rediffmail.co.in", "sohu.net", "qq.net", "live.ng", "live.pk", "outlook.co.ke",
		"hotmail.com.eg", "live.net", "outlook.net", "mail.net", "mail.ch", "mail.it", "mail.co.za", "msn.cn",
		"ymail.co.id", "gmail.de", "outlook-supplies.com", "yahoo-industrial.de", "yahoo.acme.com",
		"live.acme.de", "hotmailer.com", "myyahoo.in", "yahoo.blogspot.com", "yahoo.intranet", "co.th",
		"com.ph", "buyer.de", "live.tv", "live.io", "outlook.ai", "hotmail.shop", "yahoo.org"} {
		if team.IsFreeMail(d) {
			t.Errorf("%s is taken for free mail", d)
		}
	}
}

// Hotmail, Live and Outlook are free mail under the country domains
// Microsoft gives personal accounts and no other: the list and the
// Microsoft sign-in's guess of a personal account agree on every country
// ending.
func TestDefaultFreeMailMicrosoftAgreesWithProviders(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, nil, config.DefaultFreeMailDomains)
	ms, _ := providers.Get("microsoft365")
	seen := map[string]bool{}
	for _, d := range config.DefaultFreeMailDomains {
		cc := d[strings.LastIndexByte(d, '.')+1:]
		if len(cc) != 2 || seen[cc] {
			continue
		}
		seen[cc] = true
		for _, brand := range []string{"hotmail", "live", "outlook"} {
			for _, e := range []string{cc, "co." + cc, "com." + cc} {
				d := brand + "." + e
				if free, consumer := team.IsFreeMail(d), ms.OAuth.ConsumerAccount("x@"+d); free && !consumer {
					t.Errorf("%s is free mail, yet no Microsoft personal account's domain", d)
				}
			}
		}
	}
	for _, cc := range append(providers.MicrosoftConsumerCountries(), "ng", "pk", "ke", "eg") {
		d := "live." + cc
		if free, consumer := team.IsFreeMail(d), ms.OAuth.ConsumerAccount("x@"+d); free != consumer {
			t.Errorf("%s: free mail %v, Microsoft personal account %v", d, free, consumer)
		}
	}
}

// [team] company_domains takes a domain for a company's even where the
// team's own free-mail entries take it, by its brand or its parent (an ISP
// of the team's own list hosting a company's mail under its name).
func TestCompanyDomainsWinOverFreeMail(t *testing.T) {
	team := parse.NewTeam([]string{"team.example"}, nil, append(slices.Clone(config.DefaultFreeMailDomains), "daum.*", "example-isp.net")).
		WithCompanyDomains([]string{" Daum.DE ", "@globex.example-isp.net"})
	for _, d := range []string{"daum.de", "sales.daum.de", "globex.example-isp.net", "mail.globex.example-isp.net"} {
		if team.IsFreeMail(d) {
			t.Errorf("%s is taken for free mail; company_domains names it", d)
		}
	}
	for _, d := range []string{"daum.net", "daum.co.kr", "example-isp.net", "initech.example-isp.net", "yahoo.in", "gmail.com", "hinet.net", "ms5.hinet.net"} {
		if !team.IsFreeMail(d) {
			t.Errorf("%s is not taken for free mail", d)
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

// Telling a company's domain from free mail costs no allocation, with the
// built-in list and with a brand of one's own: each address of every
// message is asked about, and a company's domain, naming no brand, is
// never looked up in the public-suffix list.
func TestIsFreeMailAllocatesNothingForACompany(t *testing.T) {
	for name, list := range map[string][]string{
		"built-in":          config.DefaultFreeMailDomains,
		"built-in, a brand": append(slices.Clone(config.DefaultFreeMailDomains), "tutanota.*", "yahoo.*"),
	} {
		team := parse.NewTeam([]string{"team.example"}, nil, list).WithCompanyDomains([]string{"daum.de"})
		for _, d := range []string{"c7-trading.com", "sales.globex.de", "acme.com.ph", "daum.de"} {
			if team.IsFreeMail(d) {
				t.Fatalf("%s: %s is taken for free mail", name, d)
			}
			if n := testing.AllocsPerRun(100, func() { team.IsFreeMail(d) }); n != 0 {
				t.Errorf("%s: IsFreeMail(%q) allocates %v times", name, d, n)
			}
		}
	}
}

func BenchmarkIsFreeMail(b *testing.B) {
	team := parse.NewTeam([]string{"team.example"}, nil, append(slices.Clone(config.DefaultFreeMailDomains), "tutanota.*"))
	domains := []string{"c7-trading.com", "sales.globex.de", "yahoo.in", "tutanota.de", "acme.com.ph"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		team.IsFreeMail(domains[i%len(domains)])
	}
}
