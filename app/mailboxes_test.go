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

// The sending side looks for Sent under the provider's names first, as sync
// does (Alibaba Mail has both "已发送" and "Sent"), and files drafts in
// drafts_folder when it is set.
func TestSMTPAccountFindsTheFoldersSyncReads(t *testing.T) {
	a := &App{Cfg: &config.Config{}, Getenv: func(string) string { return "pw" }}
	mb := config.MailboxConfig{
		Name: "lily", Username: "lily@acme.example", PasswordEnv: "LILY_PW",
		SMTPURL: "smtps://smtp.qiye.aliyun.com:465", DraftsFolder: "草稿箱",
	}
	mb.Provider = "aliyun"
	acct, err := a.SMTPAccount(t.Context(), mb)
	if err != nil {
		t.Fatal(err)
	}
	if len(acct.SentNames) == 0 || acct.SentNames[0] != "已发送" || acct.DraftsFolder != "草稿箱" {
		t.Errorf("account: Sent names %q, Drafts %q; want the provider's names and drafts_folder", acct.SentNames, acct.DraftsFolder)
	}
}
