package parse

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Team knows which addresses are the team's and which domains are free mail.
// It is read-only after NewTeam and safe for concurrent use.
type Team struct {
	domains map[string]bool // internal domains: every address there is team
	addrs   map[string]bool // team addresses outside those domains (personal aliases)
	free    map[string]bool // free-mail domains: one customer per address
	// brands are the free-mail providers listed as "yahoo.*": their name
	// under any public suffix (yahoo.in, yahoo.com.ph) is free mail.
	brands map[string]bool
	// companies are domains taken for companies whatever the free-mail
	// list says ([team] company_domains).
	companies map[string]bool
	// relays are the senders [team] relay_senders names: addresses, and
	// domains (written "@domain") whose every address relays (see
	// relaySender).
	relayAddrs, relayDomains map[string]bool
}

// NewTeam builds a Team. Everything is lower-cased and trimmed; a leading "@"
// on a domain is ignored. A free-mail entry "yahoo.*" names a provider by
// its brand: see IsFreeMail.
func NewTeam(internalDomains, teamAddresses, freeMailDomains []string) *Team {
	t := &Team{domains: set(internalDomains), addrs: set(teamAddresses), free: set(freeMailDomains), brands: map[string]bool{}}
	for d := range t.free {
		if brand, ok := strings.CutSuffix(d, ".*"); ok {
			delete(t.free, d)
			if brand != "" && !strings.ContainsAny(brand, ".*") {
				t.brands[brand] = true
			}
		}
	}
	return t
}

// WithCompanyDomains returns a copy of t that takes these domains and
// their subdomains for companies' even where the free-mail list names
// them or their brand: daum.de for Daum Maschinenbau, not Daum's mail.
func (t *Team) WithCompanyDomains(list []string) *Team {
	c := *t
	c.companies = map[string]bool{}
	for _, d := range list {
		if d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@"); d != "" {
			c.companies[d] = true
		}
	}
	return &c
}

// WithRelaySenders returns a copy of t that also takes mail from these
// senders, when its Reply-To names one address outside the team, as an
// inquiry they pass on (see relaySender): a web form or a marketplace
// whose address reads like anyone's ("info@", "inquiry@"), or one of the
// team's own mailboxes a form sends from. An entry is an address, or
// "@domain" for every address at that domain and its subdomains.
func (t *Team) WithRelaySenders(list []string) *Team {
	c := *t
	c.relayAddrs, c.relayDomains = map[string]bool{}, map[string]bool{}
	for _, s := range list {
		s = strings.ToLower(strings.TrimSpace(s))
		switch {
		case strings.HasPrefix(s, "@") && len(s) > 1:
			c.relayDomains[s[1:]] = true
		case s != "":
			c.relayAddrs[s] = true
		}
	}
	return &c
}

// namedRelay says whether relay_senders names email (lower case), itself
// or by its domain.
func (t *Team) namedRelay(email string) bool {
	return t.relayAddrs[email] || underAny(t.relayDomains, domainOf(email))
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "@")
		if s != "" {
			m[s] = true
		}
	}
	return m
}

// IsTeam reports whether email belongs to the team: a listed team address, or
// any address at an internal domain or one of its subdomains
// (sales@cn.acme.com is team when acme.com is internal).
func (t *Team) IsTeam(email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return false
	}
	if t.addrs[email] {
		return true
	}
	return underAny(t.domains, domainOf(email))
}

// underAny says whether domain or one of its parents (mail.acme.com:
// acme.com, com) is in set.
func underAny(set map[string]bool, domain string) bool {
	for d := domain; d != ""; {
		if set[d] {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	return false
}

// IsFreeMail reports whether domain (lower case) is a free-mail provider's
// or one of its subdomains (vip.163.com under 163.com): there a domain
// says nothing about which company writes. A provider listed by its brand
// ("yahoo.*") is free mail under .com, .net and every country ending
// (yahoo.in, yahoo.com.ph, yahoo.co.th), but only as the whole name
// registered there: yahoo-industrial.de and yahoo.acme.com are not, nor
// the brand under a country domain used as a generic one (live.tv,
// outlook.ai) or under another generic ending (hotmail.shop). A company
// domain (WithCompanyDomains) and its subdomains are never free mail.
func (t *Team) IsFreeMail(domain string) bool {
	if len(t.companies) > 0 && underAny(t.companies, domain) {
		return false
	}
	return underAny(t.free, domain) || t.hasBrandLabel(domain) && t.brands[brandOf(domain)]
}

// hasBrandLabel says whether a label of domain is a listed brand: only
// then can brandOf name one, and a company's domain, with none, costs no
// public-suffix lookup.
func (t *Team) hasBrandLabel(domain string) bool {
	if len(t.brands) == 0 {
		return false
	}
	for d := domain; d != ""; {
		label, rest, _ := strings.Cut(d, ".")
		if t.brands[label] {
			return true
		}
		d = rest
	}
	return false
}

// genericCountry are country domains sold as generic ones: a brand's name
// under them is anybody's (live.tv is a company's, not Microsoft's mail).
var genericCountry = map[string]bool{"ai": true, "cc": true, "co": true, "fm": true, "gg": true, "io": true,
	"la": true, "ly": true, "me": true, "sh": true, "to": true, "tv": true, "vc": true, "ws": true}

// brandOf is the name a domain is registered under, without its public
// suffix, when that suffix is .com, .net or a country's: "yahoo" for
// yahoo.com.ph and mail.yahoo.co.th; "" for a domain under no ICANN
// suffix (a private one, blogspot.com; an unknown top level), under
// another one (hotmail.shop, live.tv), or a suffix alone (co.uk).
func brandOf(domain string) string {
	suffix, icann := publicsuffix.PublicSuffix(domain)
	top := suffix[strings.LastIndexByte(suffix, '.')+1:]
	if !icann || suffix != "com" && suffix != "net" && (len(top) != 2 || suffix == top && genericCountry[top]) {
		return ""
	}
	// The label before the suffix: the name registered under it.
	n := len(domain) - len(suffix) - 1
	if n <= 0 || domain[n] != '.' {
		return ""
	}
	rest := domain[:n]
	return rest[strings.LastIndexByte(rest, '.')+1:]
}

// customerKey names the customer an external address belongs to: its domain
// for a company, the address itself on free mail, where a domain says
// nothing about who writes (two gmail.com senders are two customers).
func (t *Team) customerKey(email string) string {
	d := domainOf(email)
	if d == "" {
		return ""
	}
	if t.IsFreeMail(d) {
		return "addr:" + email
	}
	return "domain:" + d
}
