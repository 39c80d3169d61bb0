package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm/mailsync"
)

// newSender builds the one sending path: an Account for every mailbox with
// an smtp_url, plus any extra accounts (the [notify] system sender). APPENDs
// to Sent and Drafts dial IMAP with the same code sync uses.
func (a *App) NewSender(ctx context.Context, extra ...mailsync.Account) (*mailsync.Sender, error) {
	var accounts []mailsync.Account
	imapCfgs := map[string]mailsync.MailboxConfig{}
	for _, mb := range a.Cfg.Mailboxes {
		// A mailbox whose password cannot be read stops alone: its
		// account is kept, Unusable, so its mail waits queued (and is not
		// taken for a removed mailbox's) while the others send.
		cfg, cfgErr := a.IMAPConfig(ctx, mb)
		if cfgErr != nil && ctx.Err() != nil {
			return nil, cfgErr
		}
		if cfgErr == nil {
			imapCfgs[mb.Name] = cfg
		}
		if mb.SMTPURL == "" {
			continue
		}
		acct, err := a.SMTPAccount(ctx, mb)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			acct = mailsync.Account{Mailbox: mb.Name, SMTPURL: mb.SMTPURL, Unusable: err}
		} else if cfgErr != nil {
			acct.Unusable = cfgErr
		}
		acct.DailyCap = mb.DailyCap
		acct.MinGap = mb.MinSendGap.Duration
		acct.Location = a.Cfg.OwnerLocation(mb.Owner)
		accounts = append(accounts, acct)
	}
	accounts = append(accounts, extra...)
	var mu sync.Mutex
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		mu.Lock()
		cfg, ok := imapCfgs[mailbox]
		mu.Unlock()
		if !ok {
			return nil, fmt.Errorf("no IMAP mailbox named %q to file a copy in", mailbox)
		}
		return mailsync.NewSyncer(cfg, a.DB, nil, a.Clock, a.Log, mailsync.SyncOptions{}).Dial(ctx)
	}
	return mailsync.NewSender(accounts, dial, a.Clock, a.Log)
}

// newDispatcher builds the outbox loop over newSender's accounts.
func (a *App) NewDispatcher(ctx context.Context, opt mailsync.DispatcherOptions, extra ...mailsync.Account) (*mailsync.Dispatcher, error) {
	sender, err := a.NewSender(ctx, extra...)
	if err != nil {
		return nil, err
	}
	if opt.MaxLoginFailures == 0 {
		opt.MaxLoginFailures = a.Cfg.Sync.MaxLoginFailures
	}
	return mailsync.NewDispatcher(a.DB, sender, a.Clock, a.Log, opt), nil
}
