package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// A key file a crash left beside the database's key file while it was
// written (kw.db.key.new-*) is removed when the daemon starts, and the
// log says so: an old key kept there would outlive the key file being
// removed or replaced to revoke it. The key file itself stays.
func TestRunRemovesTheKeyFileLeftoversOfACrash(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	config := writeConfig(t, srv, "")
	dir := filepath.Dir(config)
	keyPath := filepath.Join(dir, "kw.db.key")
	leftover := keyPath + ".new-123456"
	if err := os.WriteFile(keyPath, []byte("the key of this install 0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(leftover, []byte("a key never put in place 0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(leftover, old, old); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TEAM_PW": "team-pw"}
	stderr := &mailtest.LockedBuffer{}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, func(k string) string { return env[k] })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"--config", config, "run"}) }()
	defer func() {
		cancel()
		<-done
	}()
	waitFor(t, "the leftover removed and the log saying so", func() bool {
		_, err := os.Stat(leftover)
		return os.IsNotExist(err) && strings.Contains(stderr.String(), leftover)
	})
	if _, err := os.Stat(keyPath); err != nil {
		t.Fatalf("the key file: %v", err)
	}
}
