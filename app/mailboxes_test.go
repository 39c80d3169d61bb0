package app

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
)

// A first sync gives mail in its recent window its text at once: the window
// is sync.recent_window (30 days by default) and reaches a day past
// sequences.max_age, so a follow-up never waits for the text it quotes.
func TestSyncOptionsRecentWindowCoversFollowUps(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		maxAge, want time.Duration
	}{
		{14 * day, keepwarm.DefaultRecentWindow},
		{60 * day, 61 * day},
	} {
		var cfg config.Config
		cfg.Sequences.MaxAge.Duration = tc.maxAge
		if got := syncOptions(&cfg, mailsync.SyncOptions{}).RecentText; got != tc.want {
			t.Errorf("max_age %v: recent window %v; want %v", tc.maxAge, got, tc.want)
		}
	}
	// sync.recent_window as given; one shorter than the floor (a Config
	// not from Load, which refuses it) gets the floor.
	for _, tc := range []struct {
		window, want time.Duration
	}{
		{45 * day, 45 * day},
		{20 * day, 20 * day},
		{7 * day, 15 * day},
	} {
		var cfg config.Config
		cfg.Sequences.MaxAge.Duration = 14 * day
		cfg.Sync.RecentWindow.Duration = tc.window
		if got := syncOptions(&cfg, mailsync.SyncOptions{}).RecentText; got != tc.want {
			t.Errorf("recent_window %v: recent window %v; want %v", tc.window, got, tc.want)
		}
	}
	if got := syncOptions(&config.Config{}, mailsync.SyncOptions{RecentText: -1}).RecentText; got != -1 {
		t.Errorf("a caller's own window was replaced: %v", got)
	}
}
