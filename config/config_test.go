package config

import (
	"context"
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
		{"unknown key", minimal + "\n[sync]\npoll_intervall = \"1m\"\n", []string{"unknown key sync.poll_intervall", "spelling"}},
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
}

func TestPasswordSources(t *testing.T) {
	ctx := context.Background()
	env := map[string]string{"LILY_PW": "s3cret"}
	getenv := func(k string) string { return env[k] }
	m := MailboxConfig{Name: "lily", PasswordEnv: "LILY_PW"}
	if pw, err := m.Password(ctx, getenv); err != nil || pw != "s3cret" {
		t.Fatalf("env: %q %v", pw, err)
	}
	m.PasswordEnv = "MISSING"
	if _, err := m.Password(ctx, getenv); err == nil || !strings.Contains(err.Error(), "MISSING") {
		t.Fatalf("unset env: %v", err)
	}
	m = MailboxConfig{Name: "lily", PasswordCmd: "printf 'from-cmd\\n'"}
	if pw, err := m.Password(ctx, getenv); err != nil || pw != "from-cmd" {
		t.Fatalf("cmd: %q %v", pw, err)
	}
	m.PasswordCmd = "echo oops >&2; exit 3"
	_, err := m.Password(ctx, getenv)
	if err == nil || !strings.Contains(err.Error(), "oops") {
		t.Fatalf("failing cmd: %v", err)
	}
}
