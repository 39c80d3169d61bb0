package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm/mailsync"
)

// checkTimeout bounds each server check so one dead host does not hang the
// whole command.
const checkTimeout = 30 * time.Second

// cmdCheck prints one line per check (the config, then IMAP and SMTP for each
// mailbox) with the fix on failure, and exits 1 if any failed. The config
// itself was loaded and validated before this runs: a bad one never gets here.
type checkCmd struct {
}

func (opt *checkCmd) Run(ctx context.Context, m *Main) error {
	w := m.Stdout
	fmt.Fprintf(w, "ok    config %s: %d mailbox(es), %d salesperson(s)\n", m.configPath, len(m.cfg.Mailboxes), len(m.cfg.Salespeople))
	failed := 0
	report := func(what string, err error, fix string) {
		if err == nil {
			fmt.Fprintf(w, "ok    %s\n", what)
			return
		}
		failed++
		fmt.Fprintf(w, "FAIL  %s: %v\n      fix: %s\n", what, err, fix)
	}
	team := m.app.Team()
	for _, mb := range m.cfg.Mailboxes {
		cfg, err := m.app.IMAPConfig(ctx, mb)
		if err != nil {
			report(fmt.Sprintf("mailbox %s: password", mb.Name), err, "set the variable or fix the command named in the config")
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		s := mailsync.NewSyncer(cfg, m.db, team, m.clock, m.log, mailsync.SyncOptions{MaxAttempts: 1})
		folders, err := s.Check(cctx)
		cancel()
		what := fmt.Sprintf("mailbox %s: IMAP login as %s at %s", mb.Name, mb.Username, cfg.URL.Host)
		if err == nil {
			var names []string
			for _, f := range folders {
				names = append(names, fmt.Sprintf("%s (%s)", f.Name, f.Role))
			}
			what += "; will read " + strings.Join(names, ", ")
		}
		report(what, err, imapFix(err))
		if mb.SMTPURL == "" {
			fmt.Fprintf(w, "skip  mailbox %s: SMTP: no smtp_url (needed only for sending)\n", mb.Name)
			continue
		}
		acct, err := m.app.SMTPAccount(ctx, mb)
		if err == nil {
			cctx, cancel := context.WithTimeout(ctx, checkTimeout)
			err = mailsync.CheckSMTP(cctx, acct)
			cancel()
		}
		report(fmt.Sprintf("mailbox %s: SMTP login as %s at %s", mb.Name, mb.Username, hostOf(mb.SMTPURL)), err,
			"check smtp_url (smtps:// for port 465, smtp:// with STARTTLS for 587) and that the account may send")
	}
	if failed > 0 {
		fmt.Fprintf(w, "%d check(s) failed\n", failed)
		return exitError{1}
	}
	return nil
}

// imapFix turns the commonest IMAP failures into advice.
func imapFix(err error) string {
	if err == nil {
		return ""
	}
	s := strings.ToLower(err.Error())
	switch {
	case strings.Contains(s, "login"), strings.Contains(s, "authentication"):
		return "check username and the password source; some providers want an app password"
	case strings.Contains(s, "certificate"), strings.Contains(s, "x509"):
		return "the server's TLS certificate is not trusted: fix the host name in url, or install the CA"
	case strings.Contains(s, "dial"), strings.Contains(s, "connection refused"), strings.Contains(s, "timeout"):
		return "check the host and port in url and that this machine can reach it"
	}
	return "check url, starttls and username in the config"
}

func hostOf(raw string) string {
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		host, _, _ := strings.Cut(rest, "/")
		host, _, _ = strings.Cut(host, "?")
		return host
	}
	return raw
}
