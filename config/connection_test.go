package config

import (
	"strings"
	"testing"
	"time"
)

// withMailbox replaces the minimal mailbox's url/password lines with keys.
func withMailbox(keys string) string {
	body := strings.Replace(minimal, "url = \"imaps://imap.acme.example\"\n", "", 1)
	return strings.Replace(body, "password_env = \"LILY_PW\"\n", keys+"\n", 1)
}

func TestProviderPresetFillsServersAndAuth(t *testing.T) {
	cases := []struct {
		keys            string
		url, smtp, auth string
		serverSavesSent bool
	}{
		{"provider = \"microsoft365\"\ntoken_cmd = \"oama access lily@acme.example\"",
			"imaps://outlook.office365.com:993", "smtp://smtp.office365.com:587", "oauth2", true},
		{"provider = \"gmail\"\nauth = \"password\"\npassword_env = \"APP_PW\"",
			"imaps://imap.gmail.com:993", "smtps://smtp.gmail.com:465", "password", true},
		// An app password without auth: the password says what was meant.
		{"provider = \"gmail\"\npassword_env = \"APP_PW\"",
			"imaps://imap.gmail.com:993", "smtps://smtp.gmail.com:465", "password", true},
		{"provider = \"netease\"\npassword_env = \"AUTH_CODE\"\nusername = \"lily@126.com\"",
			"imaps://imap.126.com:993", "smtps://smtp.126.com:465", "password", false},
		{"provider = \"qq\"\npassword_env = \"AUTH_CODE\"\nusername = \"12345678@qq.com\"",
			"imaps://imap.qq.com:993", "smtps://smtp.qq.com:465", "password", false},
		{"provider = \"exmail\"\npassword_env = \"PW\"\nurl = \"imaps://imap.example.net\"",
			"imaps://imap.example.net", "smtps://smtp.exmail.qq.com:465", "password", false},
		// server_saves_sent written beside provider wins, as keys set there do.
		{"provider = \"microsoft365\"\noauth_client_id = \"c\"\nsmtp_url = \"smtps://relay.acme.example:465\"\nserver_saves_sent = false",
			"imaps://outlook.office365.com:993", "smtps://relay.acme.example:465", "oauth2", false},
		{"provider = \"netease\"\npassword_env = \"AUTH_CODE\"\nserver_saves_sent = true\nusername = \"lily@163.com\"",
			"imaps://imap.163.com:993", "smtps://smtp.163.com:465", "password", true},
		// Unset, it is the provider's only through the provider's own SMTP
		// server: a relay files nothing into the mailbox's Sent.
		{"provider = \"gmail\"\npassword_env = \"APP_PW\"\nsmtp_url = \"smtp://relay.acme.example:587\"",
			"imaps://imap.gmail.com:993", "smtp://relay.acme.example:587", "password", false},
		{"provider = \"microsoft365\"\ntoken_cmd = \"t\"\nsmtp_url = \"smtps://SMTP.office365.com:465\"",
			"imaps://outlook.office365.com:993", "smtps://SMTP.office365.com:465", "oauth2", true},
		// Microsoft 365 operated by 21Vianet, set up as the README shows:
		// its SMTP is Microsoft's own Exchange Online, which files the sends
		// into Sent Items as the global service does; no second copy.
		{"provider = \"microsoft365\"\noauth_client_id = \"c\"\n" +
			"oauth_device_url = \"https://login.partner.microsoftonline.cn/{tenant}/oauth2/v2.0/devicecode\"\n" +
			"oauth_token_url = \"https://login.partner.microsoftonline.cn/{tenant}/oauth2/v2.0/token\"\n" +
			"oauth_scopes = [\"https://partner.outlook.cn/IMAP.AccessAsUser.All\", \"https://partner.outlook.cn/SMTP.Send\", \"offline_access\"]\n" +
			"url = \"imaps://partner.outlook.cn:993\"\nsmtp_url = \"smtp://smtp.partner.outlook.cn:587\"",
			"imaps://partner.outlook.cn:993", "smtp://smtp.partner.outlook.cn:587", "oauth2", true},
		// Outlook.com's own submission host, for a personal account.
		{"provider = \"microsoft365\"\ntoken_cmd = \"t\"\nsmtp_url = \"smtp://smtp-mail.outlook.com:587\"",
			"imaps://outlook.office365.com:993", "smtp://smtp-mail.outlook.com:587", "oauth2", true},
		// A host that merely starts or ends the same, or is a name under
		// Microsoft's, is no server of Microsoft's: a relay there files
		// nothing into Sent.
		{"provider = \"microsoft365\"\ntoken_cmd = \"t\"\nsmtp_url = \"smtp://relay.smtp.partner.outlook.cn.acme.example:587\"",
			"imaps://outlook.office365.com:993", "smtp://relay.smtp.partner.outlook.cn.acme.example:587", "oauth2", false},
		{"provider = \"microsoft365\"\ntoken_cmd = \"t\"\nsmtp_url = \"smtp://notsmtp-mail.outlook.com:587\"",
			"imaps://outlook.office365.com:993", "smtp://notsmtp-mail.outlook.com:587", "oauth2", false},
		{"provider = \"microsoft365\"\ntoken_cmd = \"t\"\nsmtp_url = \"smtp://relay.smtp.partner.outlook.cn:587\"",
			"imaps://outlook.office365.com:993", "smtp://relay.smtp.partner.outlook.cn:587", "oauth2", false},
		{"url = \"imaps://partner.outlook.cn:993\"\nsmtp_url = \"smtp://relay.smtp.partner.outlook.cn:587\"\nauth = \"oauth2\"\ntoken_cmd = \"t\"",
			"imaps://partner.outlook.cn:993", "smtp://relay.smtp.partner.outlook.cn:587", "oauth2", false},
		// Without provider, the one guessed from url (as check guesses
		// it) files the sends of its own SMTP server all the same: 21Vianet
		// set up as "Any other server", the global service, Gmail.
		{"url = \"imaps://partner.outlook.cn:993\"\nsmtp_url = \"smtp://smtp.partner.outlook.cn:587\"\nauth = \"oauth2\"\ntoken_cmd = \"oama access lily@acme.example\"",
			"imaps://partner.outlook.cn:993", "smtp://smtp.partner.outlook.cn:587", "oauth2", true},
		{"url = \"imaps://outlook.office365.com:993\"\nsmtp_url = \"smtp://smtp.office365.com:587\"\nauth = \"oauth2\"\ntoken_cmd = \"t\"",
			"imaps://outlook.office365.com:993", "smtp://smtp.office365.com:587", "oauth2", true},
		{"url = \"imaps://imap.gmail.com:993\"\nsmtp_url = \"smtps://smtp.gmail.com:465\"\npassword_env = \"APP_PW\"",
			"imaps://imap.gmail.com:993", "smtps://smtp.gmail.com:465", "password", true},
		// ... not through a relay, nor with server_saves_sent = false
		// written, nor on a server no provider's.
		{"url = \"imaps://partner.outlook.cn:993\"\nsmtp_url = \"smtp://relay.acme.example:587\"\nauth = \"oauth2\"\ntoken_cmd = \"t\"",
			"imaps://partner.outlook.cn:993", "smtp://relay.acme.example:587", "oauth2", false},
		{"url = \"imaps://imap.gmail.com:993\"\nsmtp_url = \"smtps://smtp.gmail.com:465\"\npassword_env = \"APP_PW\"\nserver_saves_sent = false",
			"imaps://imap.gmail.com:993", "smtps://smtp.gmail.com:465", "password", false},
		{"url = \"imaps://imap.acme.example:993\"\nsmtp_url = \"smtps://smtp.gmail.com:465\"\npassword_env = \"PW\"",
			"imaps://imap.acme.example:993", "smtps://smtp.gmail.com:465", "password", false},
	}
	for _, c := range cases {
		body := withMailbox(c.keys)
		if strings.Contains(c.keys, "username = ") {
			body = strings.Replace(body, "username = \"lily@acme.example\"\n", "", 1)
		}
		cfg, err := Parse([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", c.keys, err)
		}
		m := cfg.Mailboxes[0]
		if m.URL != c.url || m.SMTPURL != c.smtp || m.Auth != c.auth || m.ServerSavesSent != c.serverSavesSent {
			t.Errorf("%s:\n got url %s smtp %s auth %s saves-sent %v\nwant url %s smtp %s auth %s saves-sent %v",
				c.keys, m.URL, m.SMTPURL, m.Auth, m.ServerSavesSent, c.url, c.smtp, c.auth, c.serverSavesSent)
		}
	}
}

// NetEase's servers are named after the username's domain: a username
// typed without it ("lily163") is refused at load, naming username, instead
// of a daemon dialling imap.:993 for ever. With url and smtp_url written
// there is nothing to fill, and it loads.
func TestNetEaseUsernameWithoutDomain(t *testing.T) {
	body := strings.Replace(withMailbox("provider = \"netease\"\npassword_env = \"AUTH_CODE\""), `username = "lily@acme.example"`, `username = "lily163"`, 1)
	_, err := Parse([]byte(body))
	if err == nil || !strings.Contains(err.Error(), `mailbox "lily".username`) || !strings.Contains(err.Error(), "full address") {
		t.Fatalf("err = %v, want username named", err)
	}
	body = strings.Replace(withMailbox("provider = \"netease\"\npassword_env = \"AUTH_CODE\"\nurl = \"imaps://imap.163.com:993\"\nsmtp_url = \"smtps://smtp.163.com:465\""), `username = "lily@acme.example"`, `username = "lily163"`, 1)
	if _, err := Parse([]byte(body)); err != nil {
		t.Fatalf("with the servers written: %v", err)
	}
}

// oauth_scopes: accepted for the tokens keepwarm keeps, refused beside
// token_cmd (its tool asks for its own) and when a scope is blank.
func TestOAuthScopes(t *testing.T) {
	ok := "provider = \"microsoft365\"\noauth_client_id = \"c\"\noauth_scopes = [\"https://partner.outlook.cn/IMAP.AccessAsUser.All\", \"offline_access\"]"
	cfg, err := Parse([]byte(withMailbox(ok)))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Mailboxes[0].OAuthScopes; len(got) != 2 || got[0] != "https://partner.outlook.cn/IMAP.AccessAsUser.All" {
		t.Fatalf("oauth_scopes = %v", got)
	}
	for _, keys := range []string{
		"provider = \"microsoft365\"\ntoken_cmd = \"t\"\noauth_scopes = [\"offline_access\"]",
		"provider = \"microsoft365\"\noauth_client_id = \"c\"\noauth_scopes = [\"\"]",
	} {
		if _, err := Parse([]byte(withMailbox(keys))); err == nil || !strings.Contains(err.Error(), `mailbox "lily".oauth_scopes`) {
			t.Errorf("%s: err = %v, want oauth_scopes named", keys, err)
		}
	}
}

// [notify] on Gmail with an app password and no auth logs in with it.
func TestNotifyGmailAppPasswordWithoutAuth(t *testing.T) {
	cfg, err := Parse([]byte(withMailbox("url = \"imaps://x.example\"\npassword_env = \"PW\"\n[notify]\nprovider = \"gmail\"\nusername = \"n@acme.example\"\npassword_env = \"N\"\nfrom = \"n@acme.example\"")))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Notify.Auth != "password" || cfg.Notify.SMTPURL != "smtps://smtp.gmail.com:465" {
		t.Fatalf("notify auth %q, smtp_url %q", cfg.Notify.Auth, cfg.Notify.SMTPURL)
	}
}

func TestConnectionKeysAreValidated(t *testing.T) {
	cases := []struct {
		name, keys string
		want       []string
	}{
		{"microsoft with password", "provider = \"microsoft365\"\nauth = \"password\"\npassword_env = \"PW\"",
			[]string{`mailbox "lily".auth`, `Microsoft 365 (Exchange Online) needs auth = "oauth2"`}},
		{"gmail with a password and a client id, auth unset", "provider = \"gmail\"\npassword_env = \"APP_PW\"\noauth_client_id = \"x.apps.googleusercontent.com\"\noauth_client_secret_env = \"S\"",
			[]string{`mailbox "lily".auth`, `for an app password set auth = "password"`, "for OAuth2 remove password_env"}},
		{"microsoft with a password, auth unset", "provider = \"microsoft365\"\npassword_env = \"PW\"",
			[]string{`mailbox "lily".auth`, "takes no password, only OAuth2", `mailbox "lily".token_cmd`}},
		{"unknown provider", "provider = \"hotmail\"\nurl = \"imaps://x.example\"\npassword_env = \"PW\"",
			[]string{`mailbox "lily".provider`, "microsoft365", "gmail"}},
		{"oauth2 without a token", "url = \"imaps://x.example\"\nauth = \"oauth2\"",
			[]string{`mailbox "lily".token_cmd`, "keepwarm auth"}},
		{"oauth2 with a password", "url = \"imaps://x.example\"\nauth = \"oauth2\"\ntoken_cmd = \"t\"\npassword_env = \"PW\"",
			[]string{`mailbox "lily".auth`, "remove password_env"}},
		{"kept tokens on a provider without OAuth", "provider = \"netease\"\nauth = \"oauth2\"\noauth_client_id = \"abc\"",
			[]string{`mailbox "lily".provider`, "token_cmd"}},
		{"bad auth", "url = \"imaps://x.example\"\nauth = \"kerberos\"\npassword_env = \"PW\"",
			[]string{`mailbox "lily".auth`, `"oauth2"`}},
		{"bad proxy", "url = \"imaps://x.example\"\npassword_env = \"PW\"\nproxy = \"ftp://p.example:21\"",
			[]string{`mailbox "lily".proxy`, "socks5://"}},
		{"socks5 proxy without a port", "url = \"imaps://x.example\"\npassword_env = \"PW\"\nproxy = \"socks5://127.0.0.1\"",
			[]string{`mailbox "lily".proxy`, "no port", `"socks5://127.0.0.1:1080"`}},
		{"http proxy without a port", "url = \"imaps://x.example\"\npassword_env = \"PW\"\nproxy = \"http://kw@proxy.corp.example/\"",
			[]string{`mailbox "lily".proxy`, "no port", `"http://kw@proxy.corp.example:3128"`}},
		{"short timeout", "url = \"imaps://x.example\"\npassword_env = \"PW\"\n[mailbox.timeouts]\ncommand = \"10ms\"",
			[]string{`mailbox "lily".timeouts.command`, "at least 1s"}},
		{"long idle", "url = \"imaps://x.example\"\npassword_env = \"PW\"\n[mailbox.timeouts]\nidle_renew = \"40m\"",
			[]string{`mailbox "lily".timeouts.idle_renew`, "29m"}},
		{"proxy password without a proxy", "url = \"imaps://x.example\"\npassword_env = \"PW\"\nproxy_password_env = \"P\"",
			[]string{`mailbox "lily".proxy_password_env`, "proxy is not"}},
		{"proxy password twice", "url = \"imaps://x.example\"\npassword_env = \"PW\"\nproxy = \"socks5://u:secret@127.0.0.1:1080\"\nproxy_password_env = \"P\"",
			[]string{`mailbox "lily".proxy`, "remove the password"}},
		{"proxy password without a user", "url = \"imaps://x.example\"\npassword_env = \"PW\"\nproxy = \"socks5://127.0.0.1:1080\"\nproxy_password_cmd = \"pass proxy\"",
			[]string{`mailbox "lily".proxy`, "no user"}},
		{"bad mechanism", "url = \"imaps://x.example\"\nauth = \"oauth2\"\ntoken_cmd = \"t\"\nsasl_mechanism = \"plain\"",
			[]string{`mailbox "lily".sasl_mechanism`, "oauthbearer"}},
		{"netease without ID", "provider = \"netease\"\npassword_env = \"PW\"\nimap_id = false",
			[]string{`mailbox "lily".imap_id`, "IMAP ID"}},
		{"gmail all mail", "provider = \"gmail\"\ntoken_cmd = \"t\"\nextra_folders = [\"Customers\", \"[Gmail]/All Mail\"]",
			[]string{`mailbox "lily".extra_folders`, "[Gmail]/All Mail", "reads it already", "in INBOX's place", "remove it"}},
		{"gmail all mail in german", "provider = \"gmail\"\ntoken_cmd = \"t\"\nextra_folders = [\"[Google Mail]/Alle Nachrichten\"]",
			[]string{`mailbox "lily".extra_folders`, "[Google Mail]/Alle Nachrichten", "reads it already"}},
		{"drafts among the extra folders", "url = \"imaps://x.example\"\npassword_env = \"PW\"\ndrafts_folder = \"草稿箱\"\nextra_folders = [\"Orders\", \"草稿箱\"]",
			[]string{`mailbox "lily".extra_folders`, "the drafts_folder", "no answer"}},
		{"notify microsoft with password", "url = \"imaps://x.example\"\npassword_env = \"PW\"\n[notify]\nprovider = \"microsoft365\"\nauth = \"password\"\nusername = \"n@acme.example\"\npassword_env = \"N\"\nfrom = \"n@acme.example\"",
			[]string{"notify.auth", "needs auth = \"oauth2\""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := withMailbox(c.keys)
			if strings.Contains(c.keys, `provider = "netease"`) { // an address NetEase serves
				body = strings.Replace(body, `username = "lily@acme.example"`, `username = "lily@163.com"`, 1)
			}
			_, err := Parse([]byte(body))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestConnectionDefaults(t *testing.T) {
	cfg, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Mailboxes[0]
	if m.Auth != "password" || !m.IDEnabled() || cfg.Sync.MaxLoginFailures != 3 || cfg.Sync.ConnectSpread.Duration != 2*time.Second {
		t.Fatalf("defaults: auth %q id %v max failures %d spread %v", m.Auth, m.IDEnabled(), cfg.Sync.MaxLoginFailures, cfg.Sync.ConnectSpread)
	}
	if cfg.Notify.Enabled() || cfg.Notify.Auth != "" {
		t.Fatalf("no [notify] must stay empty: %+v", cfg.Notify)
	}
}

// TestPresetForAnotherServicesAddress: provider = "netease" with an
// address on the company's own domain makes up imap.<domain>, a host
// nobody named; that mailbox is refused naming provider and the preset
// meant (NetEase's enterprise mail), as are qq for a company address and
// exmail for a QQ address. Written servers are taken as they are.
func TestPresetForAnotherServicesAddress(t *testing.T) {
	for _, c := range []struct{ keys, user, want string }{
		{"provider = \"netease\"\npassword_env = \"X\"", "wang@example-export.com", `provider = "qiye163"`},
		{"provider = \"qq\"\npassword_env = \"X\"", "wang@example-export.com", `provider = "exmail"`},
		{"provider = \"exmail\"\npassword_env = \"X\"", "12345678@qq.com", `provider = "qq"`},
		// Alibaba's enterprise servers refuse a personal Aliyun address,
		// and the personal ones a company's.
		{"provider = \"aliyun\"\npassword_env = \"X\"", "trade@aliyun.com", `provider = "aliyunmail"`},
		{"provider = \"aliyunmail\"\npassword_env = \"X\"", "li@example-export.com", `provider = "aliyun"`},
	} {
		body := strings.Replace(withMailbox(c.keys), `username = "lily@acme.example"`, `username = "`+c.user+`"`, 1)
		cfg, err := Parse([]byte(body))
		if err != nil {
			t.Fatalf("%s with %s: %v", c.keys, c.user, err)
		}
		err = cfg.Mailboxes[0].ServiceError()
		if err == nil || !strings.Contains(err.Error(), `mailbox "lily".provider`) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s with %s: err = %v, want provider named and %s", c.keys, c.user, err, c.want)
		}
	}
	body := strings.Replace(withMailbox("provider = \"netease\"\npassword_env = \"X\"\nurl = \"imaps://imap.example-export.com:993\"\nsmtp_url = \"smtps://smtp.example-export.com:465\""),
		`username = "lily@acme.example"`, `username = "wang@example-export.com"`, 1)
	cfg, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("with the servers written: %v", err)
	}
	if err := cfg.Mailboxes[0].ServiceError(); err != nil {
		t.Fatalf("with the servers written: %v", err)
	}
}

// A config that loaded before the provider check (provider = "netease" for
// a self-hosted Coremail on the company's domain) still loads: only that
// mailbox is refused, with the servers it used so far to keep them, and
// the other mailboxes run.
func TestPresetForAnotherServiceStopsOneMailbox(t *testing.T) {
	body := minimal + `
[[salesperson]]
email = "wang@acme-export.cn"
[[mailbox]]
name = "wang"
owner = "wang@acme-export.cn"
provider = "netease"
username = "wang@acme-export.cn"
password_env = "WANG_PW"
`
	cfg, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("one mailbox's provider keeps the whole team from starting: %v", err)
	}
	if err := cfg.Mailboxes[0].ServiceError(); err != nil {
		t.Errorf("lily: %v", err)
	}
	err = cfg.Mailboxes[1].ServiceError()
	if err == nil {
		t.Fatal("wang: no error")
	}
	for _, want := range []string{`mailbox "wang".provider`, `provider = "qiye163"`,
		`url = "imaps://imap.acme-export.cn:993"`, `smtp_url = "smtps://smtp.acme-export.cn:465"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("wang: %v\nwant %s", err, want)
		}
	}
}

// [notify] has no url key: its message names smtp_url alone, with the
// server used so far.
func TestNotifyPresetForAnotherService(t *testing.T) {
	cfg, err := Parse([]byte(minimal + "[notify]\nprovider = \"netease\"\nusername = \"n@acme.example\"\npassword_env = \"N\"\nfrom = \"n@acme.example\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.Notify.ServiceError()
	if err == nil || !strings.Contains(err.Error(), "notify.provider") || !strings.Contains(err.Error(), "set smtp_url to") ||
		!strings.Contains(err.Error(), `smtp_url = "smtps://smtp.acme.example:465"`) || strings.Contains(err.Error(), "url and") || strings.Contains(err.Error(), "url = \"imap") {
		t.Fatalf("notify: %v", err)
	}
}

// TestGmailLabelsMayBeRead: a Gmail mailbox's labels in extra_folders
// still load (they are in All Mail, which keepwarm reads; check says they
// may be removed).
func TestGmailLabelsMayBeRead(t *testing.T) {
	cfg, err := Parse([]byte(withMailbox("provider = \"gmail\"\ntoken_cmd = \"t\"\nextra_folders = [\"Customers/ACME\"]")))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Mailboxes[0].ExtraFolders; len(got) != 1 || got[0] != "Customers/ACME" {
		t.Fatalf("extra_folders = %q", got)
	}
}
