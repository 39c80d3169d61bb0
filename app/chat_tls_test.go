package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
)

// TestChatTrustsNotifysCAFile: behind an office's TLS-inspecting proxy the
// robots' certificates are signed by the office's authority, which
// [notify] tls_ca_file names (the mail servers and the token endpoints
// trust it); the chat posts trust it too. Without it the post is refused
// as unverified, so the test shows the file is what makes it pass.
func TestChatTrustsNotifysCAFile(t *testing.T) {
	robot, caPEM := mailtest.NewTLSChatServer(t, "wecom", "")
	ca := filepath.Join(t.TempDir(), "office-ca.pem")
	if err := os.WriteFile(ca, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	post := func(notify string) error {
		t.Helper()
		cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
notify = ["wecom"]
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
[notify]
` + notify + `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`))
		if err != nil {
			t.Fatal(err)
		}
		a := &App{Cfg: cfg, Getenv: func(string) string { return robot.URL }}
		chs, err := a.ChatChannels(context.Background())
		if err != nil || len(chs) != 1 || chs[0].Unusable != nil {
			t.Fatalf("channels %v, %v", chs, err)
		}
		return chs[0].Post(context.Background(), []keepwarm.ChatNote{{Channel: "wecom", Title: "Reply due: Hans Meier", Customer: "Hans Meier", Subject: "RFQ", Waiting: "5 min"}}, t0)
	}
	if err := post(`tls_ca_file = "` + ca + `"`); err != nil || len(robot.Posts()) != 1 {
		t.Fatalf("with [notify] tls_ca_file: %v, %d posts", err, len(robot.Posts()))
	}
	if err := post(""); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("without tls_ca_file: %v, want the certificate refused", err)
	}
}
