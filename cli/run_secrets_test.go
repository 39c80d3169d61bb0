package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// healthzOf waits for the daemon's start line and returns /healthz's
// answer from the [ops] address it names.
func healthzOf(t *testing.T, r *runRig) (int, string) {
	t.Helper()
	var line map[string]any
	waitFor(t, "the start line", func() bool {
		for _, l := range strings.Split(r.stderr.String(), "\n") {
			if strings.Contains(l, `"msg":"keepwarm running"`) {
				return json.Unmarshal([]byte(l), &line) == nil
			}
		}
		return false
	})
	addr, _ := line["ops"].(string)
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// A mailbox whose password cannot be read (its variable removed from the
// secrets file when its salesperson left, the block kept for the handover)
// stops alone: the daemon starts, Lily's mail is stored, and /healthz
// names the mailbox and why.
func TestRunStartsWithOneMailboxsPasswordUnreadable(t *testing.T) {
	r := startRun(t, "info", `
[ops]
listen = "127.0.0.1:0"
`, map[string]string{"TEAM_PW": ""}, nil) // startRun waits for Lily's order to be stored
	code, body := healthzOf(t, r)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "mailbox team: cannot connect: ") || !strings.Contains(body, "TEAM_PW") {
		t.Fatalf("healthz: %d\n%s", code, body)
	}
	if strings.Contains(body, "mailbox lily") {
		t.Fatalf("healthz names Lily's mailbox, which works:\n%s", body)
	}
}

// Each mailbox's password_cmd runs once per start, however many parts
// (the sync, the pre-send look, the sender) use its password.
func TestRunReadsEachPasswordOnce(t *testing.T) {
	counter := filepath.Join(t.TempDir(), "runs")
	r := startRun(t, "info", "", nil, func(conf string) string {
		return strings.Replace(conf, `password_cmd = "printf %s \"$LILY_SECRET_FOR_TEST\""`,
			`password_cmd = "printf x >> '`+counter+`'; printf %s \"$LILY_SECRET_FOR_TEST\""`+"\n"+`smtp_url = "smtp://127.0.0.1:1"`, 1)
	})
	waitFor(t, "the start line", func() bool { return strings.Contains(r.stderr.String(), "keepwarm running") })
	runs, err := os.ReadFile(counter)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 {
		t.Fatalf("Lily's password_cmd ran %d times in one start; want once", len(runs))
	}
}

// With no mailbox's password readable (the secrets file not loaded at
// all), run refuses to start, naming the first: a daemon with nothing to
// read would only look alive.
func TestRunRefusesWhenNoPasswordCanBeRead(t *testing.T) {
	t.Setenv("LILY_SECRET_FOR_TEST", "")
	c := newCLI(t, writeConfig(t, mailtest.NewMemServer(t), ""), map[string]string{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code, _, errs := c.run(ctx, "run")
	if code != 1 || !strings.Contains(errs, `mailbox "team": password_env: environment variable TEAM_PW is empty or unset`) {
		t.Fatalf("run with no password readable: exit %d\n%s", code, errs)
	}
}

// A problem of [greetings] (a template missing or broken) holds the
// greetings and letters, not the daemon: run starts, syncs, and /healthz
// names the greetings; a letters_dir not made yet is made, empty.
func TestRunStartsWithGreetingsBroken(t *testing.T) {
	letters := filepath.Join(t.TempDir(), "letters")
	r := startRun(t, "info", `
[ops]
listen = "127.0.0.1:0"

[greetings]
occasions = ["christmas"]
letters_dir = "`+letters+`"
[greetings.templates]
christmas = "xmas-acme"
`, nil, nil) // startRun waits for Lily's order to be stored
	code, body := healthzOf(t, r)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "greetings: off until [greetings] is fixed") || !strings.Contains(body, "xmas-acme") {
		t.Fatalf("healthz: %d\n%s", code, body)
	}
	if st, err := os.Stat(letters); err != nil || !st.IsDir() {
		t.Fatalf("letters_dir not made: %v", err)
	}
}

// A [notify] password that cannot be read (its variable dropped from the
// secrets file) holds the mail from [notify], not the daemon: run starts,
// Lily's mail is stored, and /healthz names the sender and why.
func TestRunStartsWithNotifyPasswordUnreadable(t *testing.T) {
	r := startRun(t, "info", `
[ops]
listen = "127.0.0.1:0"
`, map[string]string{"NOTIFY_PW": ""}, nil) // startRun waits for Lily's order to be stored
	code, body := healthzOf(t, r)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "mailbox notify: cannot send") || !strings.Contains(body, "NOTIFY_PW") {
		t.Fatalf("healthz: %d\n%s", code, body)
	}
	if strings.Contains(body, "mailbox lily") || strings.Contains(body, "mailbox team") {
		t.Fatalf("healthz names a mailbox that works:\n%s", body)
	}
	if !strings.Contains(r.stderr.String(), "[notify] cannot be used as configured") {
		t.Fatalf("the log does not say [notify] cannot be used:\n%s", r.stderr.String())
	}
}

// A chat channel whose webhook URL cannot be read holds that channel
// alone: run starts, syncs, and /healthz names the channel and why.
func TestRunStartsWithChatURLUnreadable(t *testing.T) {
	r := startRun(t, "info", `
[[notify.channel]]
name = "sales-wecom"
kind = "wecom"
url_env = "WECOM_URL"

[ops]
listen = "127.0.0.1:0"
`, nil, nil) // WECOM_URL unset; startRun waits for Lily's order to be stored
	code, body := healthzOf(t, r)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "chat channel sales-wecom: cannot post") || !strings.Contains(body, "WECOM_URL") {
		t.Fatalf("healthz: %d\n%s", code, body)
	}
	if strings.Contains(body, "mailbox ") {
		t.Fatalf("healthz names a mailbox, which works:\n%s", body)
	}
}

// A mailbox's proxy_password_cmd runs once per start, as its
// password_cmd does, however many parts (the sync, the pre-send look, the
// sender's IMAP and SMTP) dial through the proxy.
func TestRunReadsTheProxyPasswordOnce(t *testing.T) {
	counter := filepath.Join(t.TempDir(), "runs")
	r := startRun(t, "info", "", nil, func(conf string) string {
		// The team's mailbox, behind a proxy nobody answers at; Lily's
		// syncs as usual.
		return strings.Replace(conf, `password_env = "TEAM_PW"`, `password_env = "TEAM_PW"`+"\n"+`smtp_url = "smtp://127.0.0.1:1"`+"\n"+
			`proxy = "socks5://kw@127.0.0.1:1"`+"\n"+`proxy_password_cmd = "printf x >> '`+counter+`'; printf pw"`, 1)
	})
	waitFor(t, "the start line", func() bool { return strings.Contains(r.stderr.String(), "keepwarm running") })
	runs, err := os.ReadFile(counter)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 {
		t.Fatalf("the team's proxy_password_cmd ran %d times in one start; want once", len(runs))
	}
}
