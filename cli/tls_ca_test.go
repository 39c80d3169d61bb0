package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// TestCheckTrustsTheTeamsOwnCA: a team's own IMAP and SMTP servers with
// certificates from a private CA are checked against that CA with
// tls_ca_file, without insecure_skip_verify and its warning; without
// tls_ca_file the logins fail and check names the key.
func TestCheckTrustsTheTeamsOwnCA(t *testing.T) {
	imapSrv := mailtest.NewMemServer(t)
	imapSrv.AddUser(t, mailtest.SMTPUser, mailtest.SMTPPassword)
	smtpSrv := mailtest.NewSMTPServer(t)
	imapTLS := mailtest.NewTLSFront(t, imapSrv.Addr())
	smtpTLS := mailtest.NewTLSFront(t, smtpSrv.Addr())
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "team-ca.pem"), imapTLS.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "relay-ca.pem"), smtpTLS.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(caKeys string) string {
		body := fmt.Sprintf(`
database = "kw.db"
[team]
internal_domains = ["acme-export.com"]
[[salesperson]]
email = "lily@acme-export.com"
[[mailbox]]
name = "lily"
owner = "lily@acme-export.com"
url = "imaps://%s"
smtp_url = "smtps://%s"
username = "%s"
password_env = "LILY_PW"
%s
`, imapTLS.Addr(), smtpTLS.Addr(), mailtest.SMTPUser, caKeys)
		path := filepath.Join(dir, "keepwarm.toml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	env := map[string]string{"LILY_PW": mailtest.SMTPPassword}

	// Both servers' certificates come from different CAs here, so one
	// file holds both, as a team's bundle of its own CAs would.
	bundle := append(append([]byte{}, imapTLS.CAPEM...), smtpTLS.CAPEM...)
	if err := os.WriteFile(filepath.Join(dir, "cas.pem"), bundle, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := newCLI(t, write(`tls_ca_file = "cas.pem"`), env).run(context.Background(), "--log-level", "error", "check")
	for _, want := range []string{"ok    mailbox lily: IMAP login", "ok    mailbox lily: SMTP login"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s\n%s", want, out, errs)
		}
	}
	if code != 0 || strings.Contains(out, "not checked") {
		t.Errorf("check with tls_ca_file: exit %d\n%s\n%s", code, out, errs)
	}

	code, out, errs = newCLI(t, write(""), env).run(context.Background(), "--log-level", "error", "check")
	if code == 0 || !strings.Contains(out+errs, "tls_ca_file") {
		t.Errorf("check without tls_ca_file: exit %d, want a failure naming tls_ca_file\n%s\n%s", code, out, errs)
	}

	code, out, errs = newCLI(t, write(`tls_ca_file = "missing.pem"`), env).run(context.Background(), "--log-level", "error", "check")
	if code == 0 || !strings.Contains(errs, `mailbox "lily".tls_ca_file`) || !strings.Contains(errs, "missing.pem") {
		t.Errorf("check with a missing tls_ca_file: exit %d\n%s\n%s", code, out, errs)
	}
}
