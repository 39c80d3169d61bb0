package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTLSCAFileMustHoldACertificate: tls_ca_file is read relative to the
// config file; a file with no certificate, a missing one, or one set
// beside insecure_skip_verify is refused naming the key.
func TestTLSCAFileMustHoldACertificate(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notacert.pem"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ keys, want string }{
		{`tls_ca_file = "notacert.pem"`, `mailbox "lily".tls_ca_file: ` + filepath.Join(dir, "notacert.pem") + " holds no PEM certificate"},
		{`tls_ca_file = "gone.pem"`, `mailbox "lily".tls_ca_file: cannot read ` + filepath.Join(dir, "gone.pem")},
		{"tls_ca_file = \"notacert.pem\"\ninsecure_skip_verify = true", `mailbox "lily".tls_ca_file: is set with insecure_skip_verify = true`},
	} {
		path := filepath.Join(dir, "keepwarm.toml")
		body := strings.Replace(minimal, "password_env = \"LILY_PW\"\n", "password_env = \"LILY_PW\"\n"+c.keys+"\n", 1)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.keys, err, c.want)
		}
	}
}
