package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// A password_cmd naming a file beside the config runs in the config file's
// directory, as the example says of relative paths: `keepwarm sync` run
// from elsewhere (the service's WorkingDirectory) reads the same password
// as a `keepwarm check` run from the config's directory.
func TestPasswordCmdRunsInTheConfigDirectory(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	path := writeConfig(t, srv, "")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(strings.Replace(string(body), `password_cmd = "printf %s \"$LILY_SECRET_FOR_TEST\""`, `password_cmd = "cat secrets/lily-pass"`, 1))
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(filepath.Dir(path), "secrets"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "secrets", "lily-pass"), []byte("lily-pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).mustRun("sync")
}
