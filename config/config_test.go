package config

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

func TestExampleConfigIsValid(t *testing.T) {
	cfg, err := Parse([]byte(keepwarm.ExampleConfig))
	if err != nil {
		t.Fatalf("config.example.toml: %v", err)
	}
	if cfg.Team.ReplyTarget.Duration != 10*time.Minute || cfg.Sync.PollInterval.Duration != 30*time.Second {
		t.Fatalf("defaults: reply_target %v poll %v", cfg.Team.ReplyTarget, cfg.Sync.PollInterval)
	}
	if len(cfg.Mailboxes) != 2 || cfg.Mailboxes[0].Name != "team" {
		t.Fatalf("mailboxes: %+v", cfg.Mailboxes)
	}
	free := cfg.FreeMail()
	for _, d := range []string{"gmail.com", "163.com", "qq.com", "mail.ru", "gmx.de"} {
		if !strings.Contains(" "+strings.Join(free, " ")+" ", " "+d+" ") {
			t.Errorf("free-mail default list lacks %s", d)
		}
	}
}

const minimal = `
[team]
internal_domains = ["acme.example"]
manager = "boss@acme.example"
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
`

func TestConfigErrorsNameTheKeyAndTheFix(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string
	}{
		{"unknown key", minimal + "\n[sync]\nno_such_thing = \"1m\"\n", []string{"unknown key sync.no_such_thing", "spelling"}},
		{"misspelt key in a table", minimal + "\n[sync]\npoll_intervall = \"1m\"\n", []string{"unknown key sync.poll_intervall: did you mean sync.poll_interval?"}},
		{"misspelt key", minimal + "\n[sync]\npoll_intervall = \"1m\"\n[replies]\nescalte = true\n", []string{"line 15: unknown key sync.poll_intervall: did you mean sync.poll_interval?", "line 17: unknown key replies.escalte: did you mean replies.escalate?"}},
		{"misspelt key in every salesperson", strings.Replace(minimal, "[[salesperson]]", "[[salesperson]]\nemial = \"x\"", -1) + "\n[[salesperson]]\nemail = \"tom@acme.example\"\nemial = \"y\"\n", []string{`line 6: unknown key salesperson "lily@acme.example".emial (also line 17): did you mean salesperson.email?`}},
		{"misspelt key, one", minimal + "\n[replies]\nescalte = true\n", []string{"unknown key replies.escalte: did you mean replies.escalate?"}},
		{"bad duration", strings.Replace(minimal, "[team]", "[team]\nreply_target = \"ten minutes\"", 1), []string{"line", "duration", "10m"}},
		{"no password source", strings.Replace(minimal, `password_env = "LILY_PW"`, "", 1), []string{`mailbox "lily".password_env`, "password_cmd"}},
		{"both password sources", strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"X\"\npassword_cmd = \"echo x\"", 1), []string{"password_cmd", "keep one"}},
		{"bad url scheme", strings.Replace(minimal, "imaps://imap.acme.example", "http://imap.acme.example", 1), []string{`mailbox "lily".url`, "imaps://"}},
		{"url with password", strings.Replace(minimal, "imaps://imap.acme.example", "imaps://lily:secret@imap.acme.example", 1), []string{"credentials", "password_env"}},
		{"cleartext imap", strings.Replace(minimal, "imaps://imap.acme.example", "imap://imap.acme.example", 1), []string{"starttls = true"}},
		{"unknown owner", strings.Replace(minimal, `owner = "lily@acme.example"`, `owner = "ghost@acme.example"`, 1), []string{"owner", "ghost@acme.example", "[[salesperson]]"}},
		{"bad time zone", strings.Replace(minimal, "[team]", "[team]\ntime_zone = \"China\"", 1), []string{"team.time_zone", "Asia/Shanghai"}},
		{"no internal domains", strings.Replace(minimal, `internal_domains = ["acme.example"]`, "", 1), []string{"team.internal_domains"}},
		{"bad smtp url", strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nsmtp_url = \"imap://x\"", 1), []string{"smtp_url", "smtps://"}},
		{"duplicate mailbox", minimal + "[[mailbox]]" + strings.SplitN(minimal, "[[mailbox]]", 2)[1], []string{"used twice"}},
		{"duration in words", minimal + "\n[sync]\npoll_interval = \"5 seconds\"\n", []string{`sync.poll_interval: "5 seconds" is not a duration; write e.g. "5s"`}},
		{"recent window shorter than follow-ups quote", minimal + "\n[sync]\nrecent_window = \"10d\"\n", []string{`sync.recent_window: "10d" is shorter than sequences.max_age ("2w") and a day`, `use at least "15d", or leave the key out for "30d"`}},
		{"recent window not raised with max_age", minimal + "\n[sync]\nrecent_window = \"30d\"\n[sequences]\nmax_age = \"60d\"\n", []string{"sync.recent_window", `use at least "61d", or leave the key out for "61d"`}},
		{"smtp port out of range", withSMTP("smtps://smtp.acme.example:99999"), []string{`mailbox "lily".smtp_url: port 99999 is not a port number`}},
		{"smtp starttls value", withSMTP("smtp://smtp.acme.example:587?starttls=sometimes"), []string{`mailbox "lily".smtp_url`, `starttls="sometimes"`, "mandatory"}},
		{"smtp unknown query", withSMTP("smtp://smtp.acme.example:587?tls=1"), []string{`mailbox "lily".smtp_url`, `unknown query key "tls"`}},
		{"imap port", strings.Replace(minimal, "imaps://imap.acme.example", "imaps://imap.acme.example:0", 1), []string{`mailbox "lily".url: port 0`}},
		{"plain smtp to another host", withSMTP("smtp://smtp.acme.example:25?starttls=none"), []string{`mailbox "lily".smtp_url`, "in clear", "allow_plaintext = true"}},
		{"plain imap to another host", strings.Replace(minimal, "imaps://imap.acme.example", "imap://imap.acme.example", 1), []string{`mailbox "lily".url`, "allow_plaintext = true"}},
		{"plain notify", minimal + "\n[notify]\nsmtp_url = \"smtp://mail.acme.example?starttls=opportunistic\"\nfrom = \"kw@acme.example\"\n", []string{"notify.smtp_url", "allow_plaintext"}},
		{"drafts folder INBOX", strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\ndrafts_folder = \"inbox\"", 1), []string{`mailbox "lily".drafts_folder: cannot be INBOX`}},
		{"relay sender not an address", strings.Replace(minimal, "[team]", "[team]\nrelay_senders = [\"inquiries at marketplace\"]", 1), []string{`team.relay_senders: "inquiries at marketplace" is not an email address`, `"@marketplace.example"`}},
		{"relay sender domain without a dot", strings.Replace(minimal, "[team]", "[team]\nrelay_senders = [\"@localhost\"]", 1), []string{`team.relay_senders: "@localhost" is not a domain`}},
		{"relay sender a salesperson", strings.Replace(minimal, "[team]", "[team]\nrelay_senders = [\"Lily@acme.example\"]", 1), []string{"team.relay_senders: Lily@acme.example is a [[salesperson]]"}},
		{"relay sender the team's domain", strings.Replace(minimal, "[team]", "[team]\nrelay_senders = [\"@acme.example\"]", 1), []string{`team.relay_senders: "@acme.example" covers lily@acme.example`, `"website@acme.example"`}},
		{"relay sender an internal domain nobody is at", strings.Replace(minimal, `internal_domains = ["acme.example"]`, `internal_domains = ["acme.example", "acme-export.example"]`+"\nrelay_senders = [\"@acme-export.example\"]", 1), []string{`team.relay_senders: "@acme-export.example" is one of team.internal_domains`, `"website@acme-export.example"`}},
		{"relay sender the manager", strings.Replace(minimal, "[team]", "[team]\nrelay_senders = [\"boss@acme.example\"]", 1), []string{"team.relay_senders: boss@acme.example is a manager"}},
		{"free mail star inside", strings.Replace(minimal, "[team]", "[team]\nextra_free_mail_domains = [\"yahoo.*\", \"*.yahoo.com\"]", 1), []string{`team.extra_free_mail_domains: "*.yahoo.com": "*" only ends a provider's name, "yahoo.*"`}},
		{"free mail star after two labels", strings.Replace(minimal, "[team]", "[team]\nfree_mail_domains = [\"gmail.com\", \"yahoo.co.*\"]", 1), []string{`team.free_mail_domains: "yahoo.co.*"`}},
		{"company domain with a star", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"daum.*\"]", 1), []string{`team.company_domains: "daum.*": write a domain, "daum.de"`}},
		{"company domain an address", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"neu@daum.de\"]", 1), []string{`team.company_domains: "neu@daum.de"`}},
		{"company domain gmail.com", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"gmail.com\"]", 1), []string{`team.company_domains: "gmail.com" is a mail provider's (the built-in free-mail list names gmail.com)`, "every address there would be one customer", "the company's own"}},
		{"company domain yahoo.in", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"@Yahoo.IN\"]", 1), []string{`team.company_domains: "yahoo.in" is a mail provider's`}},
		{"company domain qq.com and 163.com", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"qq.com\", \"163.com\"]", 1), []string{`team.company_domains: "qq.com" is a mail provider's`, `team.company_domains: "163.com" is a mail provider's`}},
		{"company domain an ISP's", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"hinet.net\"]", 1), []string{`team.company_domains: "hinet.net" is a mail provider's`}},
		{"company domain an ISP's mail host", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"ms5.hinet.net\"]", 1), []string{`team.company_domains: "ms5.hinet.net" is a mail provider's (the built-in free-mail list names hinet.net)`}},
		{"company domain a public suffix", strings.Replace(minimal, "[team]", "[team]\ncompany_domains = [\"co.uk\", \"com.cn\"]", 1), []string{`team.company_domains: "co.uk" is a public suffix`, `team.company_domains: "com.cn" is a public suffix`, "yahoo.co.uk"}},
		{"company domain one's own free mail too", strings.Replace(minimal, "[team]", "[team]\nextra_free_mail_domains = [\"example-isp.net\"]\ncompany_domains = [\"example-isp.net\"]", 1), []string{`team.company_domains: "example-isp.net" is named in team.extra_free_mail_domains too`}},
		{"notify port", minimal + "\n[notify]\nsmtp_url = \"smtp://mail.acme.example:70000\"\nfrom = \"kw@acme.example\"\n", []string{"notify.smtp_url: port 70000"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.body))
			if err == nil {
				t.Fatal("accepted a bad config")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := Parse([]byte(minimal)); err != nil {
		t.Fatalf("minimal config rejected: %v", err)
	}
	// A company's own domain that one's own entries take: by a brand
	// (daum.* takes daum.de) or as a subdomain of an ISP's.
	companies := strings.Replace(minimal, "[team]", "[team]\nextra_free_mail_domains = [\"daum.*\", \"example-isp.net\"]\ncompany_domains = [\"daum.de\", \"Globex.example-isp.net\"]", 1)
	if cfg, err := Parse([]byte(companies)); err != nil || !slices.Equal(cfg.Team.CompanyDomains, []string{"daum.de", "Globex.example-isp.net"}) {
		t.Fatalf("company_domains: %v", err)
	}
	relays := strings.Replace(minimal, "[team]", "[team]\nrelay_senders = [\"info@acme.example\", \"@Forms.Example\"]", 1)
	if cfg, err := Parse([]byte(relays)); err != nil || len(cfg.Team.RelaySenders) != 2 {
		t.Fatalf("relay_senders of the team's info@ and a form service's domain: %v", err)
	}
}

func TestPasswordSources(t *testing.T) {
	ctx := context.Background()
	env := map[string]string{"LILY_PW": "s3cret"}
	getenv := func(k string) string { return env[k] }
	m := MailboxConfig{Name: "lily", PasswordEnv: "LILY_PW"}
	if pw, err := m.Password(ctx, "", getenv); err != nil || pw != "s3cret" {
		t.Fatalf("env: %q %v", pw, err)
	}
	m.PasswordEnv = "MISSING"
	if _, err := m.Password(ctx, "", getenv); err == nil || !strings.Contains(err.Error(), "MISSING") {
		t.Fatalf("unset env: %v", err)
	}
	m = MailboxConfig{Name: "lily", PasswordCmd: "printf 'from-cmd\\n'"}
	if pw, err := m.Password(ctx, "", getenv); err != nil || pw != "from-cmd" {
		t.Fatalf("cmd: %q %v", pw, err)
	}
	m.PasswordCmd = "echo oops >&2; exit 3"
	_, err := m.Password(ctx, "", getenv)
	if err == nil || !strings.Contains(err.Error(), "oops") {
		t.Fatalf("failing cmd: %v", err)
	}
}

// A pass entry keeps the password on its first line and notes after it:
// only the first line is the secret, for a mailbox's password_cmd as for
// [notify]'s and a chat robot's url_cmd and secret_cmd.
func TestSecretCommandsTakeTheFirstLine(t *testing.T) {
	ctx := context.Background()
	noEnv := func(string) string { return "" }
	entry := `printf 'p@ss word\r\nlogin: lily@acme-export.com\nurl: https://mail.acme-export.com\n'`
	m := MailboxConfig{Name: "lily", PasswordCmd: entry}
	if pw, err := m.Password(ctx, "", noEnv); err != nil || pw != "p@ss word" {
		t.Fatalf("password_cmd: %q, %v; want the first line", pw, err)
	}
	hook := `printf 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K\nrobot of the sales group\n'`
	if u, err := SecretFrom(ctx, "", "notify.channel.url_env", "", "notify.channel.url_cmd", hook, "the webhook URL", noEnv); err != nil ||
		u != "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K" {
		t.Fatalf("url_cmd: %q, %v; want the first line", u, err)
	}
	m.PasswordCmd = `printf '\nthe password is on the second line\n'`
	if _, err := m.Password(ctx, "", noEnv); err == nil || !strings.Contains(err.Error(), "first line") {
		t.Fatalf("an empty first line: %v", err)
	}
}

// A [notify], proxy or chat channel command that runs well but prints an
// empty first line is told apart from one that fails, as a mailbox's
// password_cmd is: neither says "(<nil>)".
func TestSecretFromSaysWhatTheCommandDid(t *testing.T) {
	ctx := context.Background()
	noEnv := func(string) string { return "" }
	_, err := SecretFrom(ctx, "", "notify.password_env", "", "notify.password_cmd", `printf '\nsecret\n'`, "the password", noEnv)
	if err == nil || !strings.Contains(err.Error(), "notify.password_cmd printed nothing on its first line: it must print the password there, on standard output") ||
		strings.Contains(err.Error(), "<nil>") {
		t.Fatalf("an empty first line: %v", err)
	}
	_, err = SecretFrom(ctx, "", "notify.password_env", "", "notify.password_cmd", "echo 'gpg: decryption failed: No secret key' >&2; exit 2", "the password", noEnv)
	if err == nil || err.Error() != "notify.password_cmd failed (exit status 2): gpg: decryption failed: No secret key" {
		t.Fatalf("a failing command: %v", err)
	}
	_, err = SecretFrom(ctx, "", "notify.password_env", "", "notify.password_cmd", "exit 1", "the password", noEnv)
	if err == nil || err.Error() != "notify.password_cmd failed (exit status 1)" {
		t.Fatalf("a failing command that says nothing: %v", err)
	}
}

func withSMTP(u string) string {
	return strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nsmtp_url = \""+u+"\"", 1)
}

// TestOneDurationSyntax: every duration key reads Go durations, days and
// weeks the same way.
func TestOneDurationSyntax(t *testing.T) {
	cfg, err := Parse([]byte(strings.Replace(minimal, "[team]", "[team]\nreply_target = \"15m\"", 1) + `
[sync]
poll_interval = "36h"
[sequences]
max_age = "2w"
[greetings]
skip_if_written_within = "3d"
[replies]
nudge_backlog_limit = "1d12h"
`))
	if err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	if cfg.Sync.PollInterval.Duration != 36*time.Hour || cfg.Sequences.MaxAge.Duration != 14*day ||
		cfg.Greetings.SkipIfWrittenWithin.Duration != 3*day || cfg.Replies.NudgeBacklogLimit.Duration != 36*time.Hour ||
		cfg.Team.ReplyTarget.Duration != 15*time.Minute {
		t.Fatalf("durations: %+v %+v %+v %+v", cfg.Sync, cfg.Sequences.MaxAge, cfg.Greetings.SkipIfWrittenWithin, cfg.Replies.NudgeBacklogLimit)
	}
}

// TestPlaintextAllowedOnlyWhenSaid: allow_plaintext = true lets a plain
// link to another host through, and Plaintext names it for check's warning.
func TestPlaintextAllowedOnlyWhenSaid(t *testing.T) {
	body := strings.Replace(withSMTP("smtp://smtp.acme.example:25?starttls=none"), "imaps://imap.acme.example", "imap://imap.acme.example", 1)
	body = strings.Replace(body, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nallow_plaintext = true", 1)
	cfg, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("allow_plaintext = true refused: %v", err)
	}
	if got := cfg.Mailboxes[0].Plaintext(); len(got) != 2 || got[0] != "IMAP imap.acme.example" || got[1] != "SMTP smtp.acme.example:25" {
		t.Fatalf("Plaintext = %q", got)
	}
	loop, err := Parse([]byte(strings.Replace(withSMTP("smtp://127.0.0.1:2525?starttls=none"), "imaps://imap.acme.example", "imap://127.0.0.1:1143", 1)))
	if err != nil || len(loop.Mailboxes[0].Plaintext()) != 0 {
		t.Fatalf("plain text on loopback: %v %v", err, loop)
	}
}

func TestStarterPlaceholdersAreFound(t *testing.T) {
	cfg, err := Parse([]byte(Example))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(cfg.Placeholders(), ", ")
	for _, want := range []string{"team.internal_domains", "team.manager", `salesperson "lily@example-export.com".email`, `mailbox "team".url`} {
		if !strings.Contains(got, want) {
			t.Errorf("Placeholders = %s; missing %s", got, want)
		}
	}
	min, _ := Parse([]byte(minimal))
	if p := min.Placeholders(); len(p) != 0 {
		t.Errorf("a real config has placeholders %v", p)
	}
}

// sync.recent_window defaults to 30 days, or a day past sequences.max_age
// when follow-ups quote older mail, and takes any longer window given.
func TestRecentWindow(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		extra string
		want  time.Duration
	}{
		{"", 30 * day},
		{"\n[sequences]\nmax_age = \"60d\"\n", 61 * day},
		{"\n[sync]\nrecent_window = \"15d\"\n", 15 * day},
		{"\n[sync]\nrecent_window = \"90d\"\n[sequences]\nmax_age = \"60d\"\n", 90 * day},
	} {
		cfg, err := Parse([]byte(minimal + tc.extra))
		if err != nil {
			t.Fatalf("%q: %v", tc.extra, err)
		}
		if got := cfg.Sync.RecentWindow.Duration; got != tc.want {
			t.Errorf("%q: recent window %v; want %v", tc.extra, got, tc.want)
		}
	}
}

// check warns about a sending mailbox whose mail may find nobody to sign
// with: a shared sales@ without from_name owned by a manager who is not a
// named salesperson, a salesperson's own without their name; not about
// either once a name is set, nor about a mailbox that never sends.
func TestSigningGapsNameTheMailboxAndTheKey(t *testing.T) {
	body := minimal + `
smtp_url = "smtps://smtp.acme.example"
[[mailbox]]
name = "sales"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "SALES_PW"
smtp_url = "smtps://smtp.acme.example"
[[mailbox]]
name = "info"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "info@acme.example"
password_env = "SALES_PW"
`
	cfg, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	gaps := cfg.SigningGaps()
	if len(gaps) != 2 || !strings.Contains(gaps[0], "mailbox lily: lily@acme.example has no name") ||
		!strings.Contains(gaps[1], "mailbox sales:") || !strings.Contains(gaps[1], "set from_name (and signature) on this [[mailbox]]") {
		t.Fatalf("SigningGaps = %q", gaps)
	}
	named := strings.Replace(body, `email = "lily@acme.example"`, "email = \"lily@acme.example\"\nname = \"Lily Chen\"", 1)
	named = strings.Replace(named, `username = "sales@acme.example"`, "username = \"sales@acme.example\"\nfrom_name = \"Acme Sales\"", 1)
	if cfg, err = Parse([]byte(named)); err != nil {
		t.Fatal(err)
	}
	if gaps := cfg.SigningGaps(); len(gaps) != 0 {
		t.Fatalf("named: SigningGaps = %q", gaps)
	}
	// A signature pasted with its sign-off is named by its key.
	signed := strings.Replace(named, "name = \"Lily Chen\"", "name = \"Lily Chen\"\nsignature = \"\"\"\nBest regards,\nLily Chen\nExport Sales\"\"\"", 1)
	signed = strings.Replace(signed, "from_name = \"Acme Sales\"", "from_name = \"Acme Sales\"\nsignature = \"Acme Sales\\nsales@acme.example\"", 1)
	if cfg, err = Parse([]byte(signed)); err != nil {
		t.Fatal(err)
	}
	if gaps := cfg.SigningGaps(); len(gaps) != 1 || !strings.HasPrefix(gaps[0], `[[salesperson]] lily@acme.example signature starts with a sign-off ("Best regards,")`) ||
		!strings.HasSuffix(gaps[0], "start it with your name") {
		t.Fatalf("signed: SigningGaps = %q", gaps)
	}
	// An html signature pasted from Outlook with its sign-off, under a
	// text one without, is named by its own key.
	htmlSigned := strings.Replace(named, "name = \"Lily Chen\"", "name = \"Lily Chen\"\nsignature = \"Lily Chen\\nExport Sales\"\nsignature_html = \"<p>Best regards,<br><b>Lily Chen</b></p>\"", 1)
	if cfg, err = Parse([]byte(htmlSigned)); err != nil {
		t.Fatal(err)
	}
	if gaps := cfg.SigningGaps(); len(gaps) != 1 || !strings.HasPrefix(gaps[0], `[[salesperson]] lily@acme.example signature_html starts with a sign-off ("Best regards,")`) {
		t.Fatalf("html signed: SigningGaps = %q", gaps)
	}
	// So is one pasted from Outlook (its sign-off in a <span> of a
	// MsoNormal paragraph) or Gmail (in a <div dir="ltr">).
	for sig, so := range map[string]string{
		`<p class=MsoNormal><span lang=DE style='font-size:11.0pt'>Mit freundlichen Gr&uuml;&szlig;en</span></p><p class=MsoNormal><b>Lily Chen</b></p>`: "Mit freundlichen Grüßen",
		`<div dir="ltr">Best regards,<br>Lily Chen</div>`: "Best regards,",
	} {
		esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(sig)
		doc := strings.Replace(named, "name = \"Lily Chen\"", "name = \"Lily Chen\"\nsignature_html = \""+esc+"\"", 1)
		if cfg, err = Parse([]byte(doc)); err != nil {
			t.Fatal(err)
		}
		if gaps := cfg.SigningGaps(); len(gaps) != 1 || !strings.HasPrefix(gaps[0], fmt.Sprintf("[[salesperson]] lily@acme.example signature_html starts with a sign-off (%q)", so)) {
			t.Errorf("%s: SigningGaps = %q", sig, gaps)
		}
	}
	// A signature pasted from a mail-merge tool writes a field keepwarm
	// does not fill in: every mail signed with it is refused, and the
	// check names the key, the salesperson or the mailbox.
	merged := strings.Replace(named, "name = \"Lily Chen\"", "name = \"Lily Chen\"\nsignature = \"[Your Name] | Sales\"", 1)
	merged = strings.Replace(merged, "from_name = \"Acme Sales\"", "from_name = \"Acme Sales\"\nsignature = \"{Sender Name}\\nsales@acme.example\"", 1)
	if cfg, err = Parse([]byte(merged)); err != nil {
		t.Fatal(err)
	}
	gaps = cfg.SigningGaps()
	if len(gaps) != 2 || !strings.HasPrefix(gaps[0], `[[salesperson]] lily@acme.example signature writes "[Your Name]", another mail program's placeholder`) ||
		!strings.HasPrefix(gaps[1], `[[mailbox]] sales signature writes "{Sender Name}"`) {
		t.Fatalf("merge field: SigningGaps = %q", gaps)
	}
}

// TestSecretCommandBoundEvenWhenAChildHoldsItsOutput: a password_cmd whose
// child process keeps its standard output open (gpg waiting for its agent)
// still ends at the bound, with an error naming the key.
func TestSecretCommandBoundEvenWhenAChildHoldsItsOutput(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	m := MailboxConfig{Name: "lily", PasswordCmd: "sleep 8 & sleep 8; echo pw"}
	start := time.Now()
	_, err := m.Password(ctx, "", func(string) string { return "" })
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("Password returned after %v, the bound is 1s", took)
	}
	if err == nil || !strings.Contains(err.Error(), "password_cmd") || !strings.Contains(err.Error(), "did not finish within 1s") {
		t.Fatalf("err = %v, want password_cmd named and the bound", err)
	}
}

// A config that does not exist: the advice writes that very file, with
// keepwarm init DIR for a keepwarm.toml and --config for any other name
// (init DIR writes DIR/keepwarm.toml, never team.toml).
func TestLoadMissingSaysWhichInitWritesIt(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		filepath.Join(dir, "team.toml"):     "run `keepwarm --config " + filepath.Join(dir, "team.toml") + " init`",
		filepath.Join(dir, "keepwarm.toml"): "run `keepwarm init " + dir + "`",
	} {
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s): %v, want %q", path, err, want)
		}
	}
}

// TestEveryTeamAddressKeepsItsDomainOutOfRelaySenders: team.managers are
// the team's (mail from a deputy at a partner office, synced from a
// salesperson's INBOX, is never a customer's), and the relay_senders
// "@domain" guard refuses the domain of every address TeamAddresses
// names, so an address added there is guarded too.
func TestEveryTeamAddressKeepsItsDomainOutOfRelaySenders(t *testing.T) {
	body := strings.Replace(minimal, "[team]", "[team]\nmanagers = [\"Deputy@Partner-Office.example\"]", 1) +
		"send_as = [\"sales@brand.example\"]\n[notify]\nsmtp_url = \"smtps://mail.notify-host.example\"\nfrom = \"alerts@notify-host.example\"\n"
	cfg, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	addrs := cfg.TeamAddresses()
	if !slices.Contains(addrs, "deputy@partner-office.example") {
		t.Errorf("TeamAddresses %v lacks team.managers' deputy@partner-office.example", addrs)
	}
	for _, a := range addrs {
		d := a[strings.LastIndexByte(a, '@')+1:]
		relay := strings.Replace(body, "[team]", "[team]\nrelay_senders = [\"@"+d+"\"]", 1)
		if _, err := Parse([]byte(relay)); err == nil || !strings.Contains(err.Error(), `"@`+d+`" covers `) {
			t.Errorf("relay_senders = [\"@%s\"] beside team address %s: %v", d, a, err)
		}
	}
}

// TestPasswordEnvDropsALineEnding: a secrets file edited on Windows hands
// "pw\r" to the process (docker --env-file, or `. secrets.env`); the line
// ending is no part of the password, as for every other secret.
func TestPasswordEnvDropsALineEnding(t *testing.T) {
	for _, v := range []string{"pw\r", "pw\r\n", "pw\n"} {
		m := MailboxConfig{Name: "lily", PasswordEnv: "LILY_PW"}
		pw, err := m.Password(context.Background(), "", func(string) string { return v })
		if err != nil || pw != "pw" {
			t.Errorf("LILY_PW=%q: got %q, %v; want \"pw\"", v, pw, err)
		}
	}
	m := MailboxConfig{Name: "lily", PasswordEnv: "LILY_PW"}
	if _, err := m.Password(context.Background(), "", func(string) string { return "\r\n" }); err == nil || !strings.Contains(err.Error(), "LILY_PW") {
		t.Errorf("a variable holding only a line ending: %v, want it refused as empty", err)
	}
}

// TestEnvSecretKeepsSpaces: the one reader of every _env secret drops only
// the line ending, never a space a password may end or start with.
func TestEnvSecretKeepsSpaces(t *testing.T) {
	env := map[string]string{"A": " p w \r\n", "B": "pw\r", "C": ""}
	for name, want := range map[string]string{"A": " p w ", "B": "pw", "C": ""} {
		if got := EnvSecret(func(k string) string { return env[k] }, name); got != want {
			t.Errorf("EnvSecret(%s=%q) = %q, want %q", name, env[name], got, want)
		}
	}
}

// check says what a salesperson's sending mailbox that logs in under
// another address than its owner's sends from (a Microsoft 365 sign-in
// name that is not the primary address); not of a mailbox that logs in as
// its owner, of the manager's shared sales@, nor of one that never sends.
// A shared mailbox a salesperson owns beside her own (Lily answers info@,
// and has lily@), and one a second manager (team.managers) owns, are
// shared mailboxes, not sign-in names: check does not warn of them, nor
// advise to log info@ in as lily@, which would sync her own mailbox twice
// and never read info@.
func TestLoginWarningsLeaveSharedMailboxesOut(t *testing.T) {
	info := `
[[mailbox]]
name = "info"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "info@acme.example"
password_env = "INFO_PW"
smtp_url = "smtps://smtp.acme.example"
`
	sales := `
[[salesperson]]
email = "anna@acme.example"
[[mailbox]]
name = "sales"
owner = "anna@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "SALES_PW"
smtp_url = "smtps://smtp.acme.example"
`
	for name, body := range map[string]string{
		"the owner's second mailbox":   minimal + info,
		"a manager's in team.managers": strings.Replace(minimal, `manager = "boss@acme.example"`, `manager = "boss@acme.example"`+"\nmanagers = [\"anna@acme.example\"]", 1) + sales,
	} {
		cfg, err := Parse([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := cfg.LoginWarnings(); len(got) != 0 {
			t.Errorf("%s: LoginWarnings = %q", name, got)
		}
	}
}

func TestLoginWarningsSayWhatALoginAliasSendsFrom(t *testing.T) {
	body := strings.Replace(minimal, `username = "lily@acme.example"`, `username = "Lily.Chen@acme.example"`+"\nsmtp_url = \"smtps://smtp.acme.example\"", 1) + `
[[mailbox]]
name = "sales"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "SALES_PW"
smtp_url = "smtps://smtp.acme.example"
`
	cfg, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.LoginWarnings()
	if len(got) != 1 || !strings.HasPrefix(got[0], "mailbox lily: username lily.chen@acme.example is not its owner's address lily@acme.example") ||
		!strings.Contains(got[0], "send_as") || !strings.Contains(got[0], `set username = "lily@acme.example"`) {
		t.Fatalf("LoginWarnings = %q", got)
	}
	for name, edit := range map[string]string{
		"logs in as its owner": `username = "lily@acme.example"` + "\nsmtp_url = \"smtps://smtp.acme.example\"",
		"never sends":          `username = "lily.chen@acme.example"`,
	} {
		cfg, err := Parse([]byte(strings.Replace(body, `username = "Lily.Chen@acme.example"`+"\nsmtp_url = \"smtps://smtp.acme.example\"", edit, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.LoginWarnings(); len(got) != 0 {
			t.Errorf("%s: LoginWarnings = %q", name, got)
		}
	}
}

// check warns of each send_as address of a sending Gmail or Microsoft 365
// mailbox (by provider, or guessed from url), which the service may send
// From the login instead of refusing; not of one on a service that
// refuses (Exmail), nor of a mailbox that does not send.
func TestSendAsWarningsForServicesThatRewriteFrom(t *testing.T) {
	mailbox := func(keys string) string {
		return minimal + `
[[mailbox]]
name = "brand"
owner = "lily@acme.example"
username = "lily@acme.example"
send_as = ["lily@brightled.example", "sales@brightled.example"]
` + keys + "\n"
	}
	for name, tc := range map[string]struct {
		keys string
		want string
	}{
		"gmail":            {`provider = "gmail"` + "\nauth = \"password\"\npassword_env = \"LILY_PW\"", `"Send mail as"`},
		"microsoft365":     {`provider = "microsoft365"` + "\noauth_client_id = \"x\"", "Send As permission"},
		"guessed from url": {`url = "imaps://outlook.office365.com:993"` + "\nsmtp_url = \"smtp://smtp.office365.com:587\"\npassword_env = \"LILY_PW\"", "SendFromAliasEnabled"},
		// 21Vianet's Exchange Online, set up as "Any other server".
		"21Vianet guessed from url": {`url = "imaps://partner.outlook.cn:993"` + "\nsmtp_url = \"smtp://smtp.partner.outlook.cn:587\"\nauth = \"oauth2\"\ntoken_cmd = \"oama access lily@acme.example\"", "Send As permission"},
		"exmail":                    {`provider = "exmail"` + "\npassword_env = \"LILY_PW\"", ""},
		"gmail, never sends":        {`url = "imaps://imap.gmail.com:993"` + "\npassword_env = \"LILY_PW\"", ""},
	} {
		cfg, err := Parse([]byte(mailbox(tc.keys)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := cfg.SendAsWarnings()
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%s: SendAsWarnings = %q", name, got)
			}
			continue
		}
		if len(got) != 2 || !strings.Contains(got[0], "lily@brightled.example") || !strings.Contains(got[1], "sales@brightled.example") ||
			!strings.Contains(got[0], tc.want) || !strings.HasPrefix(got[0], "mailbox brand: ") {
			t.Errorf("%s: SendAsWarnings = %q", name, got)
		}
	}
}
