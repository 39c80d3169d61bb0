package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// authCmd signs a mailbox (or the [notify] sender) in with the provider
// (Microsoft's device code, Google's browser sign-in) and keeps the
// refresh token, sealed, in the database.
type authCmd struct {
	Mailbox string        `arg:"" name:"mailbox" help:"the mailbox to sign in (its name in the config), or \"notify\""`
	Wait    time.Duration `name:"wait" default:"15m" help:"how long to wait for the sign-in"`
	NewKey  bool          `name:"new-key" help:"seal the sign-in with the key at hand (or a new key file, written in place of a key file that holds no usable key) although the other stored sign-ins do not open with it: their key is lost, and they are signed in again too"`
	Forget  bool          `name:"forget" help:"sign nothing in: drop the stored sign-in of a mailbox no longer in the config (a salesperson who left, a mailbox renamed)"`
}

func (opt *authCmd) Run(ctx context.Context, m *Main) error {
	if opt.Forget {
		return opt.forget(ctx, m)
	}
	name := opt.Mailbox
	envKey := strings.TrimSpace(m.app.Getenv(store.SecretKeyEnv)) != ""
	_, statErr := os.Stat(m.app.KeyPath())
	// --new-key writes a new key file in place of one that holds no key.
	_, keyErr := store.LoadSecretKey(func(string) string { return "" }, m.app.KeyPath(), false)
	var unusable *store.UnusableKeyError
	newFile := errors.Is(statErr, os.ErrNotExist) || opt.NewKey && errors.As(keyErr, &unusable)
	err := m.app.Authorize(ctx, name, app.AuthUI{
		Device: func(code, url string) {
			fmt.Fprintf(m.Stdout, "To let keepwarm read and send mail as mailbox %s, open\n\n    %s\n\nand enter the code  %s\n\nWaiting for the sign-in...\n", name, url, code)
		},
		Browser: func(url string) {
			fmt.Fprintf(m.Stdout, "To let keepwarm read and send mail as mailbox %s, open this address in a browser\n"+
				"and sign in as the mailbox's account:\n\n    %s\n\n"+
				"A browser on this computer comes back to keepwarm by itself. A browser on another\n"+
				"computer ends on a page that cannot be reached (its address starts with\n"+
				"http://127.0.0.1): copy that whole address from the address bar, paste it here\n"+
				"and press Enter.\n\nWaiting for the sign-in...\n", name, url)
		},
		Paste:  m.Stdin,
		Warn:   func(msg string) { fmt.Fprintf(m.Stderr, "warning: mailbox %s: %s\n", name, msg) },
		NewKey: opt.NewKey,
		Wait:   opt.Wait,
	})
	if err != nil {
		return err
	}
	switch {
	case envKey:
		fmt.Fprintf(m.Stdout, "signed in: mailbox %s's refresh token is stored, sealed with %s: the service must run with the same value\n", name, store.SecretKeyEnv)
	case newFile:
		fmt.Fprintf(m.Stdout, "signed in: mailbox %s's refresh token is stored, sealed with a new key written to %s: keep that file with the database's backups; the service reads it only if it runs without %s (where its unit sets that variable, run `keepwarm auth %s` again with the service's environment)\n", name, m.app.KeyPath(), store.SecretKeyEnv, name)
	default:
		fmt.Fprintf(m.Stdout, "signed in: mailbox %s's refresh token is stored, sealed with the key in %s\n", name, m.app.KeyPath())
	}
	switch {
	case stoppedUntilRestart(ctx, m, name):
		fmt.Fprintf(m.Stdout, "the running keepwarm stopped this mailbox after refused logins: restart it (systemctl restart keepwarm), or it keeps the mailbox stopped\n")
	case sends(m, name):
		// The dispatcher's stop of a sender is kept in the running
		// keepwarm's memory only: this process cannot see it.
		fmt.Fprintf(m.Stdout, "if a running keepwarm stopped sending from %s after refused SMTP logins (its /healthz says so), it keeps that stop, and the mail waiting to go stays queued, until it is restarted (systemctl restart keepwarm): keepwarm auth cannot tell whether it did\n", whoSends(name))
	}
	return nil
}

// sends says whether mailbox (or "notify") sends mail: the dispatcher
// stops a sender whose SMTP login is refused until keepwarm restarts.
func sends(m *Main, mailbox string) bool {
	if mailbox == config.NotifyMailbox {
		return m.cfg.Notify.SMTPURL != ""
	}
	mb, ok := m.cfg.Mailbox(mailbox)
	return ok && mb.SMTPURL != ""
}

func whoSends(mailbox string) string {
	if mailbox == config.NotifyMailbox {
		return "[notify]"
	}
	return "mailbox " + mailbox
}

// stoppedUntilRestart says whether the last failure recorded for mailbox
// (the row /healthz and the digest read) is a running keepwarm's verdict
// to stop it until a restart: a new sign-in is not taken up by it before.
func stoppedUntilRestart(ctx context.Context, m *Main, mailbox string) bool {
	if m.db == nil {
		return false
	}
	ms, err := m.db.MailboxSyncOf(ctx, mailbox)
	return err == nil && !ms.FailedAt.IsZero() && strings.Contains(ms.Failure, mailsync.UntilRestarted)
}

// forget drops the stored sign-in of a mailbox the config no longer has:
// nothing uses it, and a restore without its key leaves it sealed for good.
// A configured mailbox's is kept: dropping it would stop that mailbox.
func (opt *authCmd) forget(ctx context.Context, m *Main) error {
	name := opt.Mailbox
	if configured, _ := m.configuredSignIns([]string{name}); len(configured) > 0 {
		return keepwarm.Errorf(keepwarm.ECONFLICT, "mailbox %s is in the config: --forget drops only the sign-in of a mailbox taken out of it; sign it in again with `keepwarm auth %s`", name, name)
	}
	found, err := m.db.ForgetOAuthToken(ctx, name)
	if err != nil {
		return err
	}
	if !found {
		return keepwarm.Errorf(keepwarm.ENOTFOUND, "no sign-in of mailbox %s is stored", name)
	}
	fmt.Fprintf(m.Stdout, "dropped the stored sign-in of mailbox %s, which the config does not have\n", name)
	return nil
}
