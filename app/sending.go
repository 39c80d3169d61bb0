package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm/mailsync"
)

// newSender builds the one sending path: an Account for every mailbox with
// an smtp_url, plus any extra accounts (the [notify] system sender). APPENDs
// to Sent and Drafts dial IMAP with the same code sync uses.
func (m *Main) newSender(ctx context.Context, extra ...mailsync.Account) (*mailsync.Sender, error) {
	var accounts []mailsync.Account
	imapCfgs := map[string]mailsync.MailboxConfig{}
	for _, mb := range m.cfg.Mailboxes {
		cfg, err := m.imapConfig(ctx, mb)
		if err != nil {
			return nil, err
		}
		imapCfgs[mb.Name] = cfg
		if mb.SMTPURL == "" {
			continue
		}
		acct, err := m.smtpAccount(ctx, mb)
		if err != nil {
			return nil, err
		}
		acct.DailyCap = mb.DailyCap
		acct.MinGap = mb.MinSendGap.Duration
		acct.Location = m.ownerLocation(mb.Owner)
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
		return mailsync.NewSyncer(cfg, m.db, nil, m.clock, m.log, mailsync.SyncOptions{}).Dial(ctx)
	}
	return mailsync.NewSender(accounts, dial, m.clock, m.log)
}

// newDispatcher builds the outbox loop over newSender's accounts.
func (m *Main) newDispatcher(ctx context.Context, opt mailsync.DispatcherOptions, extra ...mailsync.Account) (*mailsync.Dispatcher, error) {
	sender, err := m.newSender(ctx, extra...)
	if err != nil {
		return nil, err
	}
	return mailsync.NewDispatcher(m.db, sender, m.clock, m.log, opt), nil
}

// ownerLocation is the time zone whose day a mailbox's daily cap counts:
// its owner's, else the team's.
func (m *Main) ownerLocation(owner string) *time.Location {
	for _, s := range m.cfg.Salespeople {
		if s.Email == owner && s.TimeZone != "" {
			if loc, err := time.LoadLocation(s.TimeZone); err == nil {
				return loc
			}
		}
	}
	return m.teamLocation()
}
