package cli

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
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

// A [web] listen address already taken fails run before any mailbox is
// logged in to: a restart loop under systemd must not log in to every
// early mailbox each time (providers limit logins), nor close the store
// under a sync under way.
func TestRunListenTakenLogsInToNoMailbox(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	imap, err := net.Listen("tcp", "127.0.0.1:0") // a mail server that counts who comes
	if err != nil {
		t.Fatal(err)
	}
	defer imap.Close()
	var dialed atomic.Int32
	go func() {
		for {
			c, err := imap.Accept()
			if err != nil {
				return
			}
			dialed.Add(1)
			c.Close()
		}
	}()
	srv := mailtest.NewMemServer(t)
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	config := writeConfig(t, srv, `
[sync]
connect_spread = "1ms"

[ops]
listen = "127.0.0.1:0"

[web]
listen = "`+taken.Addr().String()+`"
base_url = "https://kw.acme-export.com"
`)
	conf, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	conf = []byte(strings.ReplaceAll(string(conf), srv.URL().String(), "imap://"+imap.Addr().String()))
	if err := os.WriteFile(config, conf, 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, config, map[string]string{"TEAM_PW": "team-pw"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Several starts, as a restart loop makes: a sync started before the
	// listen fails does not always reach its login first.
	for range 8 {
		code, _, errs := c.run(ctx, "run")
		if code == 0 || !strings.Contains(errs, taken.Addr().String()) {
			t.Fatalf("run with its web address taken: exit %d\n%s", code, errs)
		}
		if n := dialed.Load(); n != 0 {
			t.Fatalf("run dialled the mail server %d time(s) before it failed to listen:\n%s", n, errs)
		}
	}
}
