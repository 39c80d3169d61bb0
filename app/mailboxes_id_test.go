package app

import (
	"context"
	"testing"

	"keepwarm"
	"keepwarm/config"
)

// TestNetEaseMailboxSendsIDUnasked: a mailbox on a preset whose servers
// refuse SELECT without IMAP ID sends it whether or not the server
// advertises it; other mailboxes send it only when advertised. imap_id =
// true sends it on any, imap_id = false on none; check's advice for an
// Unsafe Login reads the same rule (SendsID).
func TestNetEaseMailboxSendsIDUnasked(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t, t0)
	env := map[string]string{"PW": "auth-code"}
	a := New(&config.Config{}, db, Options{Clock: keepwarm.NewManualClock(t0), Getenv: func(k string) string { return env[k] }})
	on, off := true, false
	for _, c := range []struct {
		provider, url string
		imapID        *bool
		sends         bool // unadvertised
	}{
		{"netease", "imaps://imap.163.com:993", nil, true},
		{"qiye163", "imaps://imap.qiye.163.com:993", nil, true},
		{"", "imaps://mail.example.com", nil, false},
		{"", "imaps://mail.example.com", &on, true},
		{"netease", "imaps://imap.163.com:993", &off, false},
		{"", "imaps://mail.example.com", &off, false},
	} {
		mb := config.MailboxConfig{Name: "lily", URL: c.url, Username: "lily@163.com", PasswordEnv: "PW"}
		mb.Provider, mb.Auth, mb.IMAPID = c.provider, "password", c.imapID
		cfg, err := a.IMAPConfig(ctx, mb)
		if err != nil {
			t.Fatal(err)
		}
		if sends := cfg.NeedsID && !cfg.NoID; sends != c.sends || mb.SendsID() != c.sends {
			t.Errorf("provider %q, imap_id %v: ID sent unadvertised = %v, SendsID() = %v, want %v", c.provider, c.imapID, sends, mb.SendsID(), c.sends)
		}
	}
}
