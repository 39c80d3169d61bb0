package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The demo's company and the people of its play. Nothing here is real: the
// domains end in .example, or belong to customers that exist only in the
// demo's in-memory mail server.
const (
	demoDomain      = "lumina-export.example"
	demoPasswordEnv = "KEEPWARM_DEMO_PASSWORD"
	demoPassword    = "demo-password"
	demoTimeZone    = "Asia/Shanghai"
)

// demoPerson is someone in the play with a mailbox in the demo's IMAP server.
type demoPerson struct {
	Name, Email string
	// Mailbox is the keepwarm mailbox name when keepwarm reads this mailbox.
	Mailbox string
}

// demoCast is everyone in the play.
type demoCast struct {
	Manager, Lily, Tom, Team demoPerson
	Hans, Bob, Ahmed, Joao   demoPerson
	Carol                    demoPerson // Bob's colleague at Acme, on another project
	Notify                   string     // keepwarm's own sender, an SMTP login only
}

func newDemoCast() demoCast {
	team := func(name, local, mailbox string) demoPerson {
		return demoPerson{Name: name, Email: local + "@" + demoDomain, Mailbox: mailbox}
	}
	return demoCast{
		Manager: team("Grace Liu", "grace", ""),
		Lily:    team("Lily Chen", "lily", "lily"),
		Tom:     team("Tom Wang", "tom", "tom"),
		Team:    team("Lumina Sales", "sales", "sales"),
		Hans:    demoPerson{Name: "Hans Meier", Email: "hans.meier@globex.de"},
		Bob:     demoPerson{Name: "Bob Smith", Email: "bob@acme-supply.com"},
		Carol:   demoPerson{Name: "Carol Diaz", Email: "carol@acme-supply.com"},
		Ahmed:   demoPerson{Name: "Ahmed Al Mansouri", Email: "ahmed@gulfbuild.ae"},
		Joao:    demoPerson{Name: "João Silva", Email: "joao.silva@gmail.com"},
		Notify:  "keepwarm@" + demoDomain,
	}
}

// people is everyone with a demo mailbox.
func (c demoCast) people() []demoPerson {
	return []demoPerson{c.Manager, c.Lily, c.Tom, c.Team, c.Hans, c.Bob, c.Carol, c.Ahmed, c.Joao}
}

// name is how the transcript calls an address: a first name, or the address.
func (c demoCast) name(addr string) string {
	addr = strings.ToLower(strings.TrimSpace(addr))
	for _, p := range c.people() {
		if p.Email == addr {
			first, _, _ := strings.Cut(p.Name, " ")
			return first
		}
	}
	if addr == c.Notify {
		return "keepwarm"
	}
	return addr
}

// config is the keepwarm.toml the demo runs with: the servers' addresses,
// and every section a team would set, mostly at its defaults.
func (c demoCast) config(imapURL, smtpURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# Written by `+"`keepwarm demo`"+`. The demo's mail servers ran in memory and are gone:
# commands that only read the database (threads, outbox, enrollments, tasks,
# report, customers, greetings plan...) work; sync, tick and run cannot connect.
database = "keepwarm.db"

[team]
internal_domains = [%q]
time_zone = %q
reply_target = "10m"
manager = %q
manager_name = %q

[replies]
escalate = true

[notify]
smtp_url = %q
username = %q
password_env = %q
from = %q
from_name = "keepwarm"

# The sales group's WeCom robot (a stand-in the demo runs on 127.0.0.1).
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = %q

[greetings]
occasions = ["thanksgiving", "christmas", "new-year", "birthday"]
`, demoDomain, demoTimeZone, c.Manager.Email, c.Manager.Name, smtpURL, c.Notify, demoPasswordEnv, c.Notify, demoRobotEnv)
	for _, p := range []demoPerson{c.Lily, c.Tom} {
		fmt.Fprintf(&b, "\n[[salesperson]]\nemail = %q\nname = %q\ntime_zone = %q\n", p.Email, p.Name, demoTimeZone)
		if p.Email == c.Lily.Email {
			// Lily reads WeCom during the day: her nudges go there too,
			// @-mentioning her WeCom user id.
			b.WriteString("notify = [\"wecom:lily\", \"email\"]\n")
		}
	}
	for _, mb := range []struct {
		p     demoPerson
		owner string
	}{{c.Team, c.Manager.Email}, {c.Lily, c.Lily.Email}, {c.Tom, c.Tom.Email}} {
		fmt.Fprintf(&b, "\n[[mailbox]]\nname = %q\nowner = %q\nurl = %q\nusername = %q\npassword_env = %q\nsent_folder = \"Sent\"\nsmtp_url = %q\n",
			mb.p.Mailbox, mb.owner, imapURL, mb.p.Email, demoPasswordEnv, smtpURL)
		if mb.p.Email == c.Team.Email {
			// The shared mailbox signs as the team when the salesperson
			// who wrote from it cannot be named.
			fmt.Fprintf(&b, "from_name = %q\n", mb.p.Name)
		}
	}
	return b.String()
}

// customersCSV is the customer book the team imports before the play.
func (c demoCast) customersCSV() string {
	rows := []string{"Company,Contact,Email,Country,Grade,Owner,Birthday,Language"}
	add := func(company string, p demoPerson, country, grade string, owner demoPerson, birthday, lang string) {
		rows = append(rows, strings.Join([]string{company, p.Name, p.Email, country, grade, owner.Email, birthday, lang}, ","))
	}
	add("Globex GmbH", c.Hans, "DE", "A", c.Lily, "1971-11-20", "de")
	add("Acme Supply Inc.", c.Bob, "US", "A", c.Tom, "", "en")
	add("Acme Supply Inc.", c.Carol, "US", "A", c.Tom, "", "en")
	add("Gulf Build Trading LLC", c.Ahmed, "AE", "B", c.Tom, "", "en")
	add("Silva Iluminação", c.Joao, "BR", "B", c.Lily, "", "en")
	return strings.Join(rows, "\n") + "\n"
}

// productsCSV is the catalog the manager keeps: product introductions offer
// from it what matches each customer's tags and mail.
const productsCSV = `name,tags,pitch,pitch_de,pitch_zh,link,price,moq
LED high bay 150W,"high bay, warehouse","IP65, 150 lm/W, five-year warranty","IP65, 150 lm/W, fünf Jahre Garantie","IP65，150流明/瓦，五年质保",https://example-export.com/high-bay,USD 42.00 FOB Ningbo,100 pcs
LED panel 600x600 40W,"led panel, office","4000 lm, flicker-free, UGR<19","4000 lm, flimmerfrei, UGR<19","4000流明，无频闪",https://example-export.com/panel,USD 18.40 CIF,500 pcs
LED strip 24V,"led strip, retail","3000K-6500K, 5 m reels, CRI>90","3000K-6500K, 5-m-Rollen, CRI>90","3000K-6500K，每卷5米",https://example-export.com/strip,,1000 m
`

// writeDemoFiles writes keepwarm.toml, customers.csv and products.csv into dir and
// returns the config's path.
func writeDemoFiles(dir string, cast demoCast, imapURL, smtpURL string) (string, error) {
	cfg := filepath.Join(dir, "keepwarm.toml")
	if err := os.WriteFile(cfg, []byte(cast.config(imapURL, smtpURL)), 0o600); err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "customers.csv"), []byte(cast.customersCSV()), 0o600); err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "products.csv"), []byte(productsCSV), 0o600); err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	return cfg, nil
}

// demoStart is the play's first instant: Monday 16 November 2026, 08:00 in
// the team's Shanghai office. Thanksgiving (26 November, greeted on the 25th) falls in the two
// weeks, and so does Hans's birthday.
func demoStart() (time.Time, error) {
	loc, err := time.LoadLocation(demoTimeZone)
	if err != nil {
		return time.Time{}, fmt.Errorf("demo: time zone: %w", err)
	}
	return time.Date(2026, 11, 16, 8, 0, 0, 0, loc), nil
}
