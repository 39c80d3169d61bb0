package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"

	"keepwarm"
	"keepwarm/mailsync"
)

// imapConfig turns one [[mailbox]] into what mailsync needs, resolving the
// password from its environment variable or command.
func (m *Main) imapConfig(ctx context.Context, mb MailboxConfig) (mailsync.MailboxConfig, error) {
	pw, err := mb.Password(ctx, m.Getenv)
	if err != nil {
		return mailsync.MailboxConfig{}, err
	}
	u, err := url.Parse(mb.URL)
	if err != nil {
		return mailsync.MailboxConfig{}, fmt.Errorf("mailbox %q: url: %w", mb.Name, err) // Validate makes this unreachable
	}
	cfg := mailsync.MailboxConfig{
		Name: mb.Name, Owner: mb.Owner, URL: u, StartTLS: mb.StartTLS,
		Username: mb.Username, Password: pw, InsecureSkipVerify: mb.InsecureSkipVerify,
	}
	if mb.SentFolder != "" {
		cfg.Folders = append(cfg.Folders, mailsync.FolderSpec{Name: mb.SentFolder, Role: keepwarm.RoleSent})
	}
	for _, f := range mb.ExtraFolders {
		cfg.Folders = append(cfg.Folders, mailsync.FolderSpec{Name: f, Role: keepwarm.RoleOther})
	}
	return cfg, nil
}

// syncers builds one Syncer per configured mailbox, or only the one named.
func (m *Main) syncers(ctx context.Context, only string, opts mailsync.SyncOptions) ([]*mailsync.Syncer, error) {
	if only != "" {
		if _, ok := m.cfg.Mailbox(only); !ok {
			return nil, usageError{fmt.Sprintf("no mailbox named %q in %s", only, m.configPath)}
		}
	}
	opts.BatchSize = m.cfg.Sync.BatchSize
	opts.PollInterval = m.cfg.Sync.PollInterval.Duration
	team := m.team()
	var out []*mailsync.Syncer
	for _, mb := range m.cfg.Mailboxes {
		if only != "" && mb.Name != only {
			continue
		}
		cfg, err := m.imapConfig(ctx, mb)
		if err != nil {
			return nil, err
		}
		out = append(out, mailsync.NewSyncer(cfg, m.db, team, m.clock, m.log, opts))
	}
	return out, nil
}

// smtpAccount is a mailbox's sending side, for check and the sender.
func (m *Main) smtpAccount(ctx context.Context, mb MailboxConfig) (mailsync.Account, error) {
	pw, err := mb.Password(ctx, m.Getenv)
	if err != nil {
		return mailsync.Account{}, err
	}
	acct := mailsync.Account{
		Mailbox: mb.Name, SMTPURL: mb.SMTPURL, Username: mb.Username, Password: pw,
		SentFolder: mb.SentFolder, ServerFilesSent: mb.ServerSavesSent,
	}
	if mb.InsecureSkipVerify {
		u, _ := url.Parse(mb.SMTPURL)
		acct.TLSConfig = &tls.Config{ServerName: u.Hostname(), InsecureSkipVerify: true}
	}
	return acct, nil
}
