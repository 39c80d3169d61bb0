package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRunStartLineSaysWhatRuns: `keepwarm run` says at start which config
// and database it runs on, its mailboxes by name, its chat channels by
// name and kind, and where its web and ops listeners are; the webhook URL
// (its token) and the passwords are in no log line.
func TestRunStartLineSaysWhatRuns(t *testing.T) {
	const hook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=WEBHOOK-TOKEN-123"
	r := startRun(t, "info", `
[[notify.channel]]
name = "sales-wecom"
kind = "wecom"
url_env = "WECOM_URL"

[web]
listen = "127.0.0.1:0"
base_url = "https://kw.acme-export.com"

[ops]
listen = "127.0.0.1:0"
`, map[string]string{"WECOM_URL": hook}, nil)
	var line map[string]any
	waitFor(t, "the start line", func() bool {
		for _, l := range strings.Split(r.stderr.String(), "\n") {
			if strings.Contains(l, `"msg":"keepwarm running"`) {
				return json.Unmarshal([]byte(l), &line) == nil
			}
		}
		return false
	})
	dir := filepath.Dir(r.config)
	want := map[string]string{
		"config":    r.config,
		"database":  filepath.Join(dir, "kw.db"),
		"mailboxes": "team, lily",
		"chat":      "sales-wecom (wecom)",
	}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("start line %s = %v, want %q", k, line[k], v)
		}
	}
	for _, k := range []string{"web", "ops"} {
		if addr, _ := line[k].(string); !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
			t.Errorf("start line %s = %v, want the address listened on", k, line[k])
		}
	}
	if _, ok := line["version"]; ok {
		t.Errorf("a test binary records no version, yet the start line says %v", line["version"])
	}
	r.stop()
	logs := r.stderr.String()
	for _, secret := range []string{hook, "WEBHOOK-TOKEN-123", "team-pw", "lily-pw"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds a secret %q:\n%s", secret, logs)
		}
	}
}

// TestRunStartLineSaysWhatIsOff: without chat channels, web or ops the
// start line says so rather than leaving them out.
func TestRunStartLineSaysWhatIsOff(t *testing.T) {
	r := startRun(t, "info", "", nil, nil)
	var line map[string]any
	waitFor(t, "the start line", func() bool {
		for _, l := range strings.Split(r.stderr.String(), "\n") {
			if strings.Contains(l, `"msg":"keepwarm running"`) {
				return json.Unmarshal([]byte(l), &line) == nil
			}
		}
		return false
	})
	for k, v := range map[string]string{"chat": "none", "web": "off", "ops": "off", "mailboxes": "team, lily"} {
		if line[k] != v {
			t.Errorf("start line %s = %v, want %q", k, line[k], v)
		}
	}
}

// TestRunWarnsOfUncheckedCertificates: at start the daemon names the
// mailboxes that do not check their servers' certificates.
func TestRunWarnsOfUncheckedCertificates(t *testing.T) {
	r := startRun(t, "info", "", nil, func(conf string) string {
		return regexp.MustCompile(`(name = "team"\nowner = "boss@acme-export.com"\n)url = "[^"]*"`).
			ReplaceAllString(conf, "${1}url = \"imaps://imap.acme-export.invalid\"\ninsecure_skip_verify = true")
	})
	waitFor(t, "the warning", func() bool {
		for _, l := range strings.Split(r.stderr.String(), "\n") {
			if strings.Contains(l, `"level":"WARN"`) && strings.Contains(l, "insecure_skip_verify") &&
				strings.Contains(l, `"mailboxes":"team (IMAP imap.acme-export.invalid)"`) {
				return true
			}
		}
		return false
	})
}
