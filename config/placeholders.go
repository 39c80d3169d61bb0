package config

import (
	"strings"
)

// StarterDomain is the made-up company domain of config.example.toml (and
// so of the file `keepwarm init` writes).
const StarterDomain = "example-export.com"

// Placeholders lists the keys that still hold the starter file's made-up
// values (StarterDomain), so `keepwarm check` can say which to replace.
func (c *Config) Placeholders() []string {
	var out []string
	has := func(key string, vals ...string) {
		for _, v := range vals {
			if strings.Contains(strings.ToLower(v), StarterDomain) {
				out = append(out, key)
				return
			}
		}
	}
	has("team.internal_domains", c.Team.InternalDomains...)
	has("team.manager", c.Team.Manager)
	for i, s := range c.Salespeople {
		has(salespersonKey(i, s).at("email"), s.Email)
	}
	for i, m := range c.Mailboxes {
		key := keyPath(nil).item("mailbox", i, m.Name, true).at
		has(key("owner"), m.Owner)
		has(key("url"), m.URL)
		has(key("username"), m.Username)
		has(key("smtp_url"), m.SMTPURL)
	}
	has("notify.smtp_url", c.Notify.SMTPURL)
	has("notify.username", c.Notify.Username)
	has("notify.from", c.Notify.From)
	return out
}
