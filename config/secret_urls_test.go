package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMailURLThatDoesNotParseIsNotEchoed: a URL-valued key with a login in
// it is refused at load without its password reaching the error (which
// systemd writes to the journal and check prints), also when the URL does
// not parse (a "#", "?", "/" or space in the password), parses in an odd
// way ("/" after digits makes the password a host's port and a path), or
// has the wrong scheme or no host.
func TestMailURLThatDoesNotParseIsNotEchoed(t *testing.T) {
	cases := []struct {
		name, body, key string
		secrets         []string
	}{
		{"url with # in the password", strings.Replace(minimal, "imaps://imap.acme.example", "imaps://lily:Tr4de#2026@mail.example.com", 1),
			`mailbox "lily".url`, []string{"Tr4de", "2026"}},
		{"smtp_url with a space in the password", withSMTP("smtps://lily:qu1et z0ne@smtp.example.com"),
			`mailbox "lily".smtp_url`, []string{"qu1et", "z0ne"}},
		{"url whose password reads as a port and a path", strings.Replace(minimal, "imaps://imap.acme.example", "imaps://lily:2026/Pa55@mail.example.com", 1),
			`mailbox "lily".url`, []string{"2026", "Pa55"}},
		{"url with a login and the wrong scheme", strings.Replace(minimal, "imaps://imap.acme.example", "https://lily:Wr0ngScheme@imap.acme.example", 1),
			`mailbox "lily".url`, []string{"Wr0ngScheme"}},
		{"smtp_url with a login and no host", withSMTP("smtps://lily:N0H0st@"),
			`mailbox "lily".smtp_url`, []string{"N0H0st"}},
		{"notify smtp_url with / in the password", minimal + "\n[notify]\nsmtp_url = \"smtps://kw:n0t/1fy@smtp.acme.example\"\nfrom = \"kw@acme.example\"\n",
			"notify.smtp_url", []string{"n0t", "1fy"}},
		{"proxy with # in the password", strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nproxy = \"socks5://u:Pr0xy#pw@127.0.0.1:1080\"", 1),
			`mailbox "lily".proxy`, []string{"Pr0xy"}},
		{"proxy whose password reads as a port and a fragment", withProxy("socks5://kw:1080#Pr0xy@127.0.0.1:1080"),
			`mailbox "lily".proxy`, []string{"Pr0xy"}},
		{"proxy whose password reads as a port and a path", withProxy("http://kw:3128/Pr0xy@proxy.acme.example:3128"),
			`mailbox "lily".proxy`, []string{"Pr0xy"}},
		{"proxy whose password reads as a port and a query", withProxy("socks5://kw:1080?Pr0xy@127.0.0.1:1080"),
			`mailbox "lily".proxy`, []string{"Pr0xy"}},
		{"channel proxy whose password reads as a port and a fragment", withNotify(`["wecom"]`, wecom+"proxy = \"socks5://kw:1080#Pr0xy@127.0.0.1:1080\"\n"),
			`notify.channel "wecom".proxy`, []string{"Pr0xy"}},
		{"oauth_token_url with a login and the wrong scheme", strings.Replace(minimal, `password_env = "LILY_PW"`, "auth = \"oauth2\"\noauth_client_id = \"kw\"\noauth_token_url = \"ftp://app:T0kenUrl@login.example.com/token\"", 1),
			`mailbox "lily".oauth_token_url`, []string{"T0kenUrl"}},
		{"base_url with # in the password", minimal + "[web]\nbase_url = \"https://admin:W3b#pw@keepwarm.acme.example\"\n",
			"web.base_url", []string{"W3b"}},
		{"base_url whose password reads as a port and a fragment", minimal + "[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://admin:2026#W3bpw@keepwarm.acme.example\"\n",
			"web.base_url", []string{"W3bpw"}},
		{"base_url whose password reads as a port and a query", minimal + "[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://admin:2026?W3bpw@keepwarm.acme.example\"\n",
			"web.base_url", []string{"W3bpw"}},
		{"base_url whose password reads as a port and a path", minimal + "[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://admin:2026/W3bpw@keepwarm.acme.example\"\n",
			"web.base_url", []string{"W3bpw"}},
		{"base_url whose password reads as a port and a path, web off", minimal + "[web]\nbase_url = \"https://admin:2026/W3bpw@keepwarm.acme.example\"\n",
			"web.base_url", []string{"W3bpw"}},
		{"webmail with # in the password", strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nwebmail = \"https://lily:Ma1l#x@mail.acme.example/?q={message_id}\"", 1),
			`mailbox "lily".webmail`, []string{"Ma1l"}},
		{"webmail with a login that parses", strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nwebmail = \"https://lily:Ma1l2026@mail.acme.example/?q={message_id}\"", 1),
			`mailbox "lily".webmail`, []string{"Ma1l2026"}},
		{"oauth_token_url with a login that parses", strings.Replace(minimal, `password_env = "LILY_PW"`, "auth = \"oauth2\"\noauth_client_id = \"kw\"\noauth_token_url = \"https://app:T0kenUrl@login.example.com/token\"", 1),
			`mailbox "lily".oauth_token_url`, []string{"T0kenUrl"}},
		{"oauth_auth_url whose password reads as a port and a path", strings.Replace(minimal, `password_env = "LILY_PW"`, "auth = \"oauth2\"\noauth_client_id = \"kw\"\noauth_auth_url = \"https://app:443/T0kenUrl@login.example.com/authorize\"", 1),
			`mailbox "lily".oauth_auth_url`, []string{"T0kenUrl"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keepwarm.toml")
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("accepted a URL with a login in it")
			}
			if !strings.Contains(err.Error(), c.key) {
				t.Errorf("error does not name %s: %v", c.key, err)
			}
			for _, s := range c.secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error shows %q of the password: %v", s, err)
				}
			}
		})
	}
}

func withProxy(u string) string {
	return strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nproxy = \""+u+"\"", 1)
}

// TestWebmailWithAnAddressInItsPathLoads: a webmail template with an "@"
// outside a login (Gmail's /mail/u/<address>/) is no login and loads.
func TestWebmailWithAnAddressInItsPathLoads(t *testing.T) {
	body := strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nwebmail = \"https://mail.google.com/mail/u/lily@acme.example/#search/rfc822msgid%3A{message_id}\"", 1)
	path := filepath.Join(t.TempDir(), "keepwarm.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
}
