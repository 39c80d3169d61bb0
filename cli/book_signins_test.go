package cli

import (
	"context"
	"database/sql"
	"io"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// TestBookJobDeletesEndedSignIns: the daemon's book job deletes web
// sessions ended (expired or signed out) more than 90 days ago and sign-in
// links expired more than 30 days ago, with the address and browser they
// recorded; live sessions and recent links stay.
func TestBookJobDeletesEndedSignIns(t *testing.T) {
	ctx := context.Background()
	c, _, _ := bookCLI(t, "")
	m := NewMain(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
	m.configPath, m.clock = c.config, keepwarm.NewManualClock(t0)
	if err := m.setupLog("error"); err != nil {
		t.Fatal(err)
	}
	if err := m.open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.close() })
	now := t0.Add(200 * 24 * time.Hour)
	day := 24 * time.Hour
	session := func(hash string, expires time.Time) int64 {
		id, err := m.db.AddSession(ctx, hash, store.WebSession{Email: "lily@acme-export.com", IP: "203.0.113.7", UserAgent: "Firefox",
			CreatedAt: expires.Add(-30 * day), SeenAt: expires.Add(-30 * day), ExpiresAt: expires})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	session("old", now.Add(-100*day))
	session("recent", now.Add(-10*day))
	session("live", now.Add(10*day))
	revoked := session("revoked", now.Add(10*day))
	if err := m.db.RevokeSession(ctx, revoked, now.Add(-95*day)); err != nil {
		t.Fatal(err)
	}
	for hash, expired := range map[string]time.Duration{"old-link": 40 * day, "new-link": 10 * day} {
		if err := m.db.AddLoginRequest(ctx, store.LoginRequest{TokenHash: hash, Email: "lily@acme-export.com", Sent: true,
			At: now.Add(-expired - 15*time.Minute), Expires: now.Add(-expired)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.app.NewBookJob().Run(ctx, now); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+m.db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.QueryContext(ctx, `SELECT token_hash FROM web_sessions UNION ALL SELECT token_hash FROM web_login_tokens ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for rows.Next() {
		var h string
		rows.Scan(&h)
		left = append(left, h)
	}
	rows.Close()
	if got := strings.Join(left, " "); got != "live new-link recent" {
		t.Errorf("sign-ins kept: %s; want live new-link recent", got)
	}
}
