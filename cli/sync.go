package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"keepwarm/app"
	"keepwarm/mailsync"
)

// cmdSync does one pass over every mailbox (or one) and prints a summary.
type syncCmd struct {
	Mailbox string        `name:"mailbox" help:"sync only the mailbox with this name"`
	Texts   time.Duration `name:"texts" default:"5s" help:"after the pass, fetch the texts of older messages a first sync stored from their header for at most this long (0: none; keepwarm run fetches the rest)"`
}

func (opt *syncCmd) Run(ctx context.Context, m *Main) error {
	// Held while it syncs: a newer keepwarm does not migrate the database
	// under it. Taken once the database is open (and migrated, when this
	// build had migrations to apply), then a newer build's migrations
	// applied meanwhile are refused.
	lock, err := app.LockSync(m.cfg.DatabasePath())
	if err != nil {
		return err
	}
	defer lock.Release()
	if err := m.db.RefuseNewer(ctx); err != nil {
		return err
	}
	only := &opt.Mailbox
	var bar *progressbar.ProgressBar
	var opts mailsync.SyncOptions
	if isTerminal(m.Stderr) {
		// A bar for a person watching a first sync of a large mailbox; logs
		// and pipes get the summary line only.
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(m.Stderr),
			progressbar.OptionSetDescription("syncing"), progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
		opts.Progress = func(done, total int) {
			bar.ChangeMax(total)
			bar.Set(done)
		}
	}
	syncers, err := m.app.Syncers(ctx, *only, opts)
	if err != nil {
		return err
	}
	start := time.Now()
	var total mailsync.Summary
	var failed, refused []string
	for _, s := range syncers {
		if bar != nil {
			bar.Reset()
			bar.Describe("syncing " + s.Name())
		}
		sum, err := s.Sync(ctx)
		addSummary(&total, sum)
		if err != nil {
			if ctx.Err() != nil {
				if bar != nil {
					bar.Clear()
				}
				return m.syncStopped(ctx, total, start)
			}
			m.log.Error("sync failed", "mailbox", s.Name(), "err", err)
			failed = append(failed, s.Name())
			for _, ae := range authErrors(err) {
				refused = append(refused, m.loginRefused(ae))
			}
			continue
		}
		m.log.Debug("synced", "mailbox", s.Name(), "fetched", sum.Fetched, "new", sum.New, "took", sum.Duration)
	}
	if bar != nil {
		bar.Finish()
	}
	m.app.EndFirstSync(ctx)
	filled, err := m.app.FillTexts(ctx, syncers, failed, opt.Texts)
	if err != nil {
		if ctx.Err() != nil {
			return m.syncStopped(ctx, total, start)
		}
		return err
	}
	st, err := m.db.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "synced %d mailbox(es) in %s: %d new message(s), %d copies, %d flagged, %d reconnect(s); store: %d messages in %d threads, %d customers\n",
		len(syncers)-len(failed), time.Since(start).Round(time.Millisecond), total.New, total.Copies, total.Flagged,
		total.Reconnects, st.Messages, st.Threads, st.Customers)
	if err := textsNote(ctx, m, *only, filled); err != nil {
		return err
	}
	if len(refused) > 0 {
		for _, r := range refused {
			fmt.Fprintln(m.Stderr, r)
		}
		if len(refused) == len(failed) {
			return fmt.Errorf("%d login(s) refused; running sync again would be refused again, and a provider may lock an account after repeated refusals: fix the password source, then run keepwarm check", len(refused))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("sync failed for %v (see the log above); what was fetched before the failure is stored, and the next sync resumes there, except for a refused login, which needs its password fixed first", failed)
	}
	return nil
}

// loginRefused says of a mailbox whose server refused its login which
// account and password source it used and how to fix it: running sync or
// tick again would only be refused again, and some providers lock an
// account after repeated refusals.
func (m *Main) loginRefused(ae *mailsync.AuthError) string {
	server := strings.TrimSpace(ae.Server + " server")
	mb, ok := m.cfg.Mailbox(ae.Mailbox)
	if !ok {
		return fmt.Sprintf("%s: the %s refused the login; fix its password source, then run keepwarm check", ae.Mailbox, server)
	}
	source := "its token"
	switch {
	case mb.OAuth2():
	case mb.PasswordEnv != "":
		source = fmt.Sprintf("the password from password_env = %q", mb.PasswordEnv)
	case mb.PasswordCmd != "":
		source = "the password password_cmd printed"
	}
	fix, _ := loginFix(mb, ae)
	if fix == "" {
		fix = "check username and the password source"
	}
	return fmt.Sprintf("mailbox %q: the %s refused the login of username = %q with %s; fix: %s; then run keepwarm check", mb.Name, server, mb.Username, source, fix)
}

// authErrors are the refused logins in err, a joined error included.
func authErrors(err error) []*mailsync.AuthError {
	var ae *mailsync.AuthError
	switch u := err.(type) {
	case nil:
		return nil
	case interface{ Unwrap() []error }:
		var out []*mailsync.AuthError
		for _, e := range u.Unwrap() {
			out = append(out, authErrors(e)...)
		}
		return out
	}
	if errors.As(err, &ae) {
		return []*mailsync.AuthError{ae}
	}
	return nil
}

// syncStopped ends a sync a signal stopped: a deliberate stop, not a
// failure to report as Go's "context canceled". It says what the store
// holds and that the next sync resumes, and exits 130 (the shell's code for
// an interrupt).
func (m *Main) syncStopped(ctx context.Context, total mailsync.Summary, start time.Time) error {
	ctx = context.WithoutCancel(ctx)
	if st, err := m.db.Stats(ctx); err == nil {
		fmt.Fprintf(m.Stdout, "sync stopped after %s: %d new message(s), %d copies, %d flagged; store: %d messages in %d threads, %d customers\n",
			time.Since(start).Round(time.Millisecond), total.New, total.Copies, total.Flagged, st.Messages, st.Threads, st.Customers)
	}
	fmt.Fprintln(m.Stderr, stoppedNote)
	return exitError{130}
}

// stoppedNote is what `sync` and `tick` say when a signal stopped them.
const stoppedNote = "stopped: what was fetched is stored, and the next keepwarm sync (or run, or tick) resumes there"

func addSummary(total *mailsync.Summary, s mailsync.Summary) {
	total.Fetched += s.Fetched
	total.New += s.New
	total.Copies += s.Copies
	total.Flagged += s.Flagged
	total.Reconnects += s.Reconnects
}

// textsNote says how many older messages still wait for their text, if
// any, and what brings them in.
func textsNote(ctx context.Context, m *Main, mailbox string, filled int) error {
	left, err := m.db.CountPendingTexts(ctx, mailbox)
	if err != nil {
		return err
	}
	switch {
	case left > 0:
		fmt.Fprintf(m.Stdout, "texts of %s older message(s) follow: keepwarm run fetches them, or keepwarm sync again (%s fetched now)\n",
			thousands(left), thousands(filled))
	case filled > 0:
		fmt.Fprintf(m.Stdout, "texts of %s older message(s) fetched\n", thousands(filled))
	}
	return nil
}

// thousands writes n with a comma every three digits: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
