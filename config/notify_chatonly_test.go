package config

import (
	"strings"
	"testing"
)

const wecomChannel = `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`

// TestNotifyWithOnlyTheChatsKeys: [notify] holding only what the chat
// channels use (the proxy, tls_ca_file) is no mail sender and needs no
// smtp_url or from; its proxy is checked all the same; and a [notify]
// holding only keys a mail sender would read names them.
func TestNotifyWithOnlyTheChatsKeys(t *testing.T) {
	cfg, err := Parse([]byte(minimal + "\n[notify]\nproxy = \"socks5://127.0.0.1:1080\"\n" + wecomChannel))
	if err != nil {
		t.Fatalf("[notify] with only proxy and a channel: %v", err)
	}
	if cfg.Notify.Enabled() || cfg.Notify.Proxy != "socks5://127.0.0.1:1080" {
		t.Errorf("mail sender enabled %v, proxy %q", cfg.Notify.Enabled(), cfg.Notify.Proxy)
	}
	if _, err := Parse([]byte(minimal + "\n[notify]\nproxy = \"socks5://kw@127.0.0.1:1080\"\nproxy_password_env = \"KW_PROXY_PW\"\n" + wecomChannel)); err != nil {
		t.Errorf("[notify] with a proxy login: %v", err)
	}
	for _, c := range []struct {
		name, notify string
		want         []string
	}{
		{"bad proxy", "proxy = \"127.0.0.1:1080\"\n" + wecomChannel, []string{"notify.proxy: is not a proxy URL"}},
		{"password without proxy", "proxy_password_env = \"KW_PROXY_PW\"\n" + wecomChannel, []string{"notify.proxy_password_env: is set but proxy is not"}},
		{"proxy used by nothing", "proxy = \"socks5://127.0.0.1:1080\"\n", []string{"notify.proxy: is set, but [notify] has no smtp_url and there is no [[notify.channel]]"}},
		{"timeouts only", "[notify.timeouts]\nsmtp_send = \"2m\"\n" + wecomChannel, []string{"notify.timeouts: is for the [notify] mail sender, but [notify] has no smtp_url"}},
		{"auth only", "proxy = \"socks5://127.0.0.1:1080\"\nauth = \"password\"\n" + wecomChannel, []string{"notify.auth: is for the [notify] mail sender", "remove auth"}},
	} {
		_, err := Parse([]byte(minimal + "\n[notify]\n" + c.notify))
		if err == nil {
			t.Errorf("%s: loaded", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nwant %q", c.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "notify.from") || strings.Contains(err.Error(), "notify.smtp_url:") {
			t.Errorf("%s: %v\nasks for the mail sender's keys without saying why", c.name, err)
		}
	}
}
