package app

import (
	"context"
	"path/filepath"
	"testing"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/store"
)

// TestNetEaseMailboxSendsIDUnasked: a mailbox on a preset whose servers
// refuse SELECT without IMAP ID sends it whether or not the server
// advertises it; other mailboxes send it only when advertised.
func TestNetEaseMailboxSendsIDUnasked(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	env := map[string]string{"PW": "auth-code"}
	a := New(&config.Config{}, db, Options{Clock: keepwarm.NewManualClock(t0), Getenv: func(k string) string { return env[k] }})
	for _, c := range []struct {
		provider, url string
		needsID       bool
	}{{"netease", "imaps://imap.163.com:993", true}, {"qiye163", "imaps://imap.qiye.163.com:993", true}, {"", "imaps://mail.example.com", false}} {
		mb := config.MailboxConfig{Name: "lily", URL: c.url, Username: "lily@163.com", PasswordEnv: "PW"}
		mb.Provider, mb.Auth = c.provider, "password"
		cfg, err := a.IMAPConfig(ctx, mb)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.NeedsID != c.needsID {
			t.Errorf("provider %q: NeedsID = %v, want %v", c.provider, cfg.NeedsID, c.needsID)
		}
	}
}
