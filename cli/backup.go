package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/store"
)

// backupCmd writes a consistent copy of the database, and of the key file
// that opens its sealed OAuth2 sign-ins, while keepwarm run goes on.
type backupCmd struct {
	Dest string `arg:"" name:"file" help:"the backup to write (it must not exist); the key file goes beside it as FILE.key"`
}

func (opt *backupCmd) Run(ctx context.Context, m *Main) error {
	// As store.LoadSecretKey reads it: a value of spaces only is none.
	withKey := strings.TrimSpace(m.Getenv(store.SecretKeyEnv)) == ""
	if _, err := os.Lstat(opt.Dest + ".key"); withKey && err == nil {
		return keepwarm.Errorf(keepwarm.ECONFLICT, "%s exists: a backup never overwrites a file; name a new one", opt.Dest+".key")
	}
	if err := m.db.Backup(ctx, opt.Dest); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "backed up %s to %s (checked: ok)\n", m.db.Path(), opt.Dest)
	if !withKey {
		return opt.checkEnvKey(ctx, m)
	}
	key := m.app.KeyPath()
	// A key file with no key in it (left empty by a crash) is the live
	// one's problem, and a copy of it opens nothing: it is named, not
	// copied.
	if _, err := store.LoadSecretKey(func(string) string { return "" }, key, false); err != nil {
		if unusable := (*store.UnusableKeyError)(nil); errors.As(err, &unusable) {
			mailbox := "MAILBOX"
			if all, err := store.BackupSignIns(ctx, opt.Dest); err == nil {
				if sealed, _ := m.configuredSignIns(all); len(sealed) > 0 {
					mailbox = sealed[0]
				}
			}
			return fmt.Errorf("the database is backed up to %s, but its key file is not: %s: %s", opt.Dest, unusable.Problem(), unusable.Fix(mailbox))
		}
	}
	switch err := copyKey(key, opt.Dest+".key"); {
	case errors.Is(err, os.ErrNotExist):
		// No key file: either no mailbox was ever signed in with OAuth2, or
		// the service seals its sign-ins with KEEPWARM_SECRET_KEY from an
		// environment this command does not have (a cron line without the
		// service's secrets.env). Nothing kept with this backup opens them:
		// after a restore each such mailbox must be signed in again, as with
		// a key file that does not open them, so it fails the same way.
		all, err := store.BackupSignIns(ctx, opt.Dest)
		if err != nil {
			return fmt.Errorf("the database is backed up to %s, but whether it holds sealed sign-ins is not known: %w", opt.Dest, err)
		}
		sealed, unused := m.configuredSignIns(all)
		if len(unused) > 0 {
			fmt.Fprintf(m.Stderr, "not checked: %d sign-in(s) of mailboxes not in the configuration (%s), sealed with a key this command cannot see; no mailbox uses them (drop each with `keepwarm auth --forget NAME`)\n",
				len(unused), strings.Join(unused, ", "))
		}
		if len(sealed) > 0 {
			return fmt.Errorf("the database is backed up to %s, but nothing kept with it opens its %d mailbox sign-in(s) (%s): the key that seals them is missing here: there is no key file %s and no %s in this command's environment. Where the service sets %s (its secrets.env), run backup with the same value, e.g. from cron: sh -c 'set -a; . /etc/keepwarm/secrets.env; exec %s --config %s backup FILE', and keep that value with the backup; otherwise the key is lost, and each such mailbox must be signed in again (keepwarm auth)",
				opt.Dest, len(sealed), strings.Join(sealed, ", "), key, store.SecretKeyEnv, store.SecretKeyEnv, shellWord(selfPath()), shellWord(absPath(m.configPath)))
		}
	case err != nil:
		return fmt.Errorf("the database is backed up to %s, but its key file is not: %w", opt.Dest, err)
	default:
		// The key file may not be the key the service seals with (one left
		// by a `keepwarm auth` run without the service's environment):
		// each sign-in is opened with the copy, as a restore would.
		copied, err := store.LoadSecretKey(func(string) string { return "" }, opt.Dest+".key", false)
		if err != nil {
			return fmt.Errorf("the database is backed up to %s, but its key file %s cannot be read back: %w", opt.Dest, opt.Dest+".key", err)
		}
		closed, err := store.BackupKeyOpensNot(ctx, opt.Dest, copied)
		if err != nil {
			return fmt.Errorf("the database is backed up to %s, but whether %s opens its sign-ins is not known: %w", opt.Dest, opt.Dest+".key", err)
		}
		// A sign-in of a mailbox since taken out of the configuration (a
		// salesperson who left, a mailbox renamed) is used by nothing, and
		// signing in again after a restore cannot reseal it: it is named,
		// not failed on, or every backup would fail from then on.
		closed, unused := m.configuredSignIns(closed)
		m.sayUnused(unused)
		if len(closed) > 0 {
			return fmt.Errorf("the database is backed up to %s, but %d mailbox sign-in(s) in it (%s) do not open with %s, copied from %s: they are sealed with another key, most likely the service's %s; keep that value with the backup (run backup with it set), or each such mailbox must be signed in again (keepwarm auth) after a restore",
				opt.Dest, len(closed), strings.Join(closed, ", "), opt.Dest+".key", key, store.SecretKeyEnv)
		}
		which := "the OAuth2 sign-ins in the backup"
		if len(unused) > 0 {
			which = "the OAuth2 sign-ins of the configured mailboxes in the backup"
		}
		fmt.Fprintf(m.Stdout, "and its key file %s to %s: keep the two together, %s open with that key alone (checked)\n", key, opt.Dest+".key", which)
	}
	return nil
}

// checkEnvKey opens each sign-in in the backup with KEEPWARM_SECRET_KEY as
// this command has it, as a restore would: a cron line may set another or
// stale value than the service, and sign-ins sealed with the key file by a
// `keepwarm auth` run without it do not open with it either.
func (opt *backupCmd) checkEnvKey(ctx context.Context, m *Main) error {
	key, err := store.LoadSecretKey(m.Getenv, m.app.KeyPath(), false)
	if err != nil {
		return fmt.Errorf("the database is backed up to %s, but whether %s opens its sign-ins is not known: %w", opt.Dest, store.SecretKeyEnv, err)
	}
	n, err := m.db.OAuthTokenCount(ctx)
	if err != nil {
		return fmt.Errorf("the database is backed up to %s, but whether it holds sealed sign-ins is not known: %w", opt.Dest, err)
	}
	closed, err := store.BackupKeyOpensNot(ctx, opt.Dest, key)
	if err != nil {
		return fmt.Errorf("the database is backed up to %s, but whether %s opens its sign-ins is not known: %w", opt.Dest, store.SecretKeyEnv, err)
	}
	closed, unused := m.configuredSignIns(closed)
	m.sayUnused(unused)
	if len(closed) > 0 {
		return fmt.Errorf("the database is backed up to %s, but %d mailbox sign-in(s) in it (%s) do not open with %s as set here: they are sealed with another key (another value of it, or the key file %s of a `keepwarm auth` run without it); keep that key with the backup (run backup with the service's environment), or each such mailbox must be signed in again (keepwarm auth) after a restore",
			opt.Dest, len(closed), strings.Join(closed, ", "), store.SecretKeyEnv, m.app.KeyPath())
	}
	checked := ""
	if n > 0 {
		checked = " (checked: they open with its value here)"
		if len(unused) > 0 {
			checked = " (checked: those of the configured mailboxes open with its value here)"
		}
	}
	fmt.Fprintf(m.Stdout, "the OAuth2 sign-ins in it are sealed with %s: keep its value with the backup, or each such mailbox must be signed in again after a restore%s\n", store.SecretKeyEnv, checked)
	return nil
}

// sayUnused names the sign-ins of mailboxes no longer configured, sealed
// with another key than the backup's. Signing in again after a restore
// cannot reseal them and nothing uses them: they are named, not failed
// on, or every backup would fail from then on.
func (m *Main) sayUnused(unused []string) {
	if len(unused) > 0 {
		fmt.Fprintf(m.Stderr, "not checked: %d sign-in(s) of mailboxes not in the configuration (%s), sealed with another key; no mailbox uses them (drop each with `keepwarm auth --forget NAME`)\n",
			len(unused), strings.Join(unused, ", "))
	}
}

// configuredSignIns splits the mailbox names of stored sign-ins into those
// of the configuration's mailboxes and [notify], and the others.
func (m *Main) configuredSignIns(names []string) (configured, others []string) {
	known := map[string]bool{config.NotifyMailbox: true}
	for _, mb := range m.cfg.Mailboxes {
		known[mb.Name] = true
	}
	for _, n := range names {
		if known[n] {
			configured = append(configured, n)
		} else {
			others = append(others, n)
		}
	}
	return configured, others
}

// copyKey copies the key file src to dest, readable by its owner only,
// refusing a dest that exists, and flushes it to disk: a power cut just
// after a backup leaves its key whole. A missing src is os.ErrNotExist.
func copyKey(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return keepwarm.Errorf(keepwarm.ECONFLICT, "%s exists: a backup never overwrites a file", dest)
	}
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = store.SyncDir(filepath.Dir(dest))
	}
	if err != nil {
		os.Remove(dest)
		return err
	}
	return nil
}

// selfPath is this binary's absolute path, for a command line cron runs:
// cron's PATH (/usr/bin:/bin) does not hold /usr/local/bin, where the
// README installs keepwarm, so a bare "keepwarm" is not found there.
func selfPath() string {
	if exe, err := os.Executable(); err == nil {
		return exe
	}
	return "/usr/local/bin/keepwarm"
}

// absPath is path made absolute (as it is when that fails).
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

// shellWord is s as one word of a command line inside sh -c '...': as it
// is when it holds nothing the shell reads, else in double quotes.
func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\"'$`\\*?[]{}()<>|&;#~!") {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`", "'", `'\''`).Replace(s) + `"`
}
