package app

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// imapConfig turns one [[mailbox]] into what mailsync needs, resolving the
// password from its environment variable or command.
func (a *App) IMAPConfig(ctx context.Context, mb config.MailboxConfig) (mailsync.MailboxConfig, error) {
	if err := mb.ServiceError(); err != nil {
		return mailsync.MailboxConfig{}, err
	}
	var pw string
	if !mb.OAuth2() {
		var err error
		if pw, err = a.mailboxPassword(ctx, mb); err != nil {
			return mailsync.MailboxConfig{}, err
		}
	}
	u, err := url.Parse(mb.URL)
	if err != nil {
		return mailsync.MailboxConfig{}, fmt.Errorf("mailbox %q: url: %w", mb.Name, err) // Validate makes this unreachable
	}
	tr, err := a.transport(ctx, mb.Name, mb.Connection)
	if err != nil {
		return mailsync.MailboxConfig{}, err
	}
	roots, err := a.Cfg.RootCAs(mb.Connection)
	if err != nil {
		return mailsync.MailboxConfig{}, fmt.Errorf("mailbox %q: tls_ca_file: %w", mb.Name, err)
	}
	cfg := mailsync.MailboxConfig{
		Name: mb.Name, Owner: mb.Owner, URL: u, StartTLS: mb.StartTLS, RootCAs: roots,
		Username: mb.Username, Password: pw, InsecureSkipVerify: mb.InsecureSkipVerify,
		Auth: tr.auth, Mech: tr.mech, Token: tr.token, Dial: tr.dial, Timeouts: tr.timeouts,
		NoID: !mb.IDEnabled(), NeedsID: mb.SendsID(),
	}
	if p, ok := mb.Preset(); ok {
		cfg.SentNames = p.SentNames
		cfg.ReadAll, cfg.AllNames = p.ArchiveLeavesInbox, p.AllNames
	}
	if mb.SentFolder != "" {
		cfg.Folders = append(cfg.Folders, mailsync.FolderSpec{Name: mb.SentFolder, Role: keepwarm.RoleSent})
	}
	for _, f := range mb.ExtraFolders {
		cfg.Folders = append(cfg.Folders, mailsync.FolderSpec{Name: f, Role: keepwarm.RoleOther})
	}
	return cfg, nil
}

// mailboxPassword is the mailbox's password_env or password_cmd, read once
// (Secret).
func (a *App) mailboxPassword(ctx context.Context, mb config.MailboxConfig) (string, error) {
	return a.Secret(ctx, "mailbox "+mb.Name, func() (string, error) { return mb.Password(ctx, a.Cfg.Dir(), a.Getenv) })
}

// DaemonSyncers is Syncers for the daemon and its pre-send look, over
// every mailbox: one whose password cannot be read, or whose provider does
// not fit its username, gets a Syncer that says so (MailboxConfig.Unusable) instead of keeping the others from
// starting.
func (a *App) DaemonSyncers(ctx context.Context, opts mailsync.SyncOptions) ([]*mailsync.Syncer, error) {
	opts = syncOptions(a.Cfg, opts)
	team := a.Team()
	var out []*mailsync.Syncer
	for _, mb := range a.Cfg.Mailboxes {
		cfg, err := a.IMAPConfig(ctx, mb)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			cfg = mailsync.MailboxConfig{Name: mb.Name, Owner: mb.Owner, Unusable: err}
		}
		out = append(out, mailsync.NewSyncer(cfg, a.DB, team, a.Clock, a.Log, opts))
	}
	return out, nil
}

// Syncers builds one Syncer per configured mailbox, or only the one named.
// As in DaemonSyncers, a mailbox whose password cannot be read, or whose
// provider does not fit its username, gets a Syncer whose Sync fails saying
// so: `keepwarm sync` reads the others and names it, rather than syncing
// nothing.
func (a *App) Syncers(ctx context.Context, only string, opts mailsync.SyncOptions) ([]*mailsync.Syncer, error) {
	if only != "" {
		if _, ok := a.Cfg.Mailbox(only); !ok {
			return nil, UsageError{fmt.Sprintf("no mailbox named %q in %s", only, a.ConfigPath)}
		}
	}
	opts = syncOptions(a.Cfg, opts)
	team := a.Team()
	var out []*mailsync.Syncer
	for _, mb := range a.Cfg.Mailboxes {
		if only != "" && mb.Name != only {
			continue
		}
		cfg, err := a.IMAPConfig(ctx, mb)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			cfg = mailsync.MailboxConfig{Name: mb.Name, Owner: mb.Owner, Unusable: err}
		}
		out = append(out, mailsync.NewSyncer(cfg, a.DB, team, a.Clock, a.Log, opts))
	}
	return out, nil
}

// syncOptions fills opts from the config's [sync] and [sequences].
func syncOptions(cfg *config.Config, opts mailsync.SyncOptions) mailsync.SyncOptions {
	opts.BatchSize = cfg.Sync.BatchSize
	opts.PollInterval = cfg.Sync.PollInterval.Duration
	if opts.RecentText == 0 {
		// sync.recent_window. A follow-up quotes the outbound mail it
		// follows up, up to sequences.max_age old: a first sync gives that
		// mail its text at once, never later. Load refuses a shorter
		// window; a Config made otherwise gets the same floor here.
		opts.RecentText = keepwarm.RecentWindow(cfg.Sync.RecentWindow.Duration, cfg.Sequences.MaxAge.Duration)
	}
	if opts.MaxLoginFailures == 0 {
		opts.MaxLoginFailures = cfg.Sync.MaxLoginFailures
	}
	if opts.StoreFatal == nil {
		opts.StoreFatal = store.Fatal
	}
	return opts
}

// smtpAccount is a mailbox's sending side, for check and the sender.
func (a *App) SMTPAccount(ctx context.Context, mb config.MailboxConfig) (mailsync.Account, error) {
	var pw string
	if !mb.OAuth2() {
		var err error
		if pw, err = a.mailboxPassword(ctx, mb); err != nil {
			return mailsync.Account{}, err
		}
	}
	tr, err := a.transport(ctx, mb.Name, mb.Connection)
	if err != nil {
		return mailsync.Account{}, err
	}
	acct := mailsync.Account{
		Mailbox: mb.Name, SMTPURL: mb.SMTPURL, Username: mb.Username, Password: pw,
		SentFolder: mb.SentFolder, DraftsFolder: mb.DraftsFolder, ServerFilesSent: mb.ServerSavesSent,
		Owner: mb.Owner, SendAs: mb.SendAs,
		OwnerHasOther: a.ownerLogsInElsewhere(mb),
	}
	if p, ok := mb.Preset(); ok {
		acct.SentNames = p.SentNames
	}
	tr.apply(&acct, mb.Timeouts.SMTPSend.Duration)
	if acct.TLSConfig, err = a.smtpTLS(fmt.Sprintf("mailbox %q", mb.Name), mb.SMTPURL, mb.Connection, mb.InsecureSkipVerify); err != nil {
		return mailsync.Account{}, err
	}
	return acct, nil
}

// ownerLogsInElsewhere says whether logging mb in as its owner's address
// would point it at another mailbox: mb is a shared one (the team's sales@
// beside her own), or another mailbox logs in as that address. Her only
// company mailbox under a sign-in name is neither, also beside her 163.com
// account or a read-only archive: there username = her address is the fix.
func (a *App) ownerLogsInElsewhere(mb config.MailboxConfig) bool {
	if !strings.EqualFold(strings.TrimSpace(mb.Username), mb.Owner) && a.Cfg.SharedLogin(mb) {
		return true
	}
	return slices.ContainsFunc(a.Cfg.Mailboxes, func(o config.MailboxConfig) bool {
		return o.Name != mb.Name && strings.EqualFold(strings.TrimSpace(o.Username), mb.Owner)
	})
}

// smtpTLS is an SMTP link's TLS settings when they are not the default
// (the system's authorities): insecure_skip_verify, or tls_ca_file's
// authorities added.
func (a *App) smtpTLS(who, smtpURL string, c config.Connection, insecure bool) (*tls.Config, error) {
	u, _ := url.Parse(smtpURL)
	host := ""
	if u != nil {
		host = u.Hostname()
	}
	if insecure {
		return &tls.Config{ServerName: host, InsecureSkipVerify: true}, nil
	}
	roots, err := a.Cfg.RootCAs(c)
	if err != nil {
		return nil, fmt.Errorf("%s: tls_ca_file: %w", who, err)
	}
	if roots == nil {
		return nil, nil
	}
	return &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12}, nil
}

// apply sets an SMTP account's login, proxy and timeouts.
func (t transport) apply(acct *mailsync.Account, send time.Duration) {
	if t.auth == mailsync.AuthOAuth2 {
		acct.Auth = mailsync.AuthOAuth2
		if t.mech != "" {
			acct.Auth = strings.ToLower(t.mech)
		}
		acct.Token = t.token
	}
	acct.Dial = t.dial
	acct.Timeouts = t.timeouts
	if send > 0 {
		acct.Timeout = send
	}
}
