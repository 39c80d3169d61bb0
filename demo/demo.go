package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"keepwarm"
)

// cmdDemo plays two weeks of an export sales team's mail through the real
// daemon code and narrates what keepwarm did. It needs no config: it starts
// an in-memory IMAP server and an SMTP server, writes a config and a
// database into a temporary directory (or --keep DIR), imports a customer
// book, and steps a manual clock through a script. At each step it runs
// the cycle of `keepwarm tick` (sync every mailbox, the engine's jobs, the
// outbox dispatcher) on the same parts, then reads the store, the SMTP server and the
// customers' mailboxes to tell what happened.
func cmdDemo(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("demo")
	days := fs.Int("days", 14, "how many days to play (1-28)")
	keep := fs.String("keep", "", "keep the config, database and mailboxes in this directory to explore afterwards")
	verbose := fs.Bool("verbose", false, "also print keepwarm's own log lines (stderr)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *days < 1 || *days > 28 {
		return usageError{fmt.Sprintf("demo: --days %d: use 1 to 28", *days)}
	}
	if !*verbose {
		m.log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	dir, cleanup, err := demoDir(*keep)
	if err != nil {
		return err
	}
	defer cleanup()
	wall := time.Now() // the demo's own run time, reported at the end; not a schedule
	r, err := newDemoRun(ctx, m, dir)
	if err != nil {
		return err
	}
	defer r.close()
	playErr := r.play(ctx, *days)
	if err := r.summary(ctx); err != nil {
		playErr = errors.Join(playErr, err)
	}
	if *keep != "" {
		if err := r.saveMailboxes(filepath.Join(dir, "mail")); err != nil {
			playErr = errors.Join(playErr, err)
		}
		r.explain(dir)
	}
	fmt.Fprintf(m.Stdout, "\ndemo finished: %d days played in %.1f s of wall time\n", *days, time.Since(wall).Seconds())
	return playErr
}

// demoDir is --keep DIR (created, and refused unless empty) or a temporary
// directory removed by cleanup.
func demoDir(keep string) (dir string, cleanup func(), err error) {
	if keep == "" {
		dir, err = os.MkdirTemp("", "keepwarm-demo-")
		if err != nil {
			return "", nil, fmt.Errorf("demo: %w", err)
		}
		return dir, func() { _ = os.RemoveAll(dir) }, nil
	}
	if err := os.MkdirAll(keep, 0o755); err != nil {
		return "", nil, fmt.Errorf("demo: --keep: %w", err)
	}
	entries, err := os.ReadDir(keep)
	if err != nil {
		return "", nil, fmt.Errorf("demo: --keep: %w", err)
	}
	if len(entries) > 0 {
		return "", nil, usageError{fmt.Sprintf("demo: --keep %s is not empty: give a new or empty directory", keep)}
	}
	abs, err := filepath.Abs(keep)
	if err != nil {
		return "", nil, fmt.Errorf("demo: --keep: %w", err)
	}
	return abs, func() {}, nil
}

// demoRun is one play: the servers, the Main wired to them, the clock the
// script steps, and what has been narrated so far.
type demoRun struct {
	m     *Main
	out   io.Writer // the transcript
	clock *keepwarm.ManualClock
	mail  *demoMail
	cast  demoCast
	start time.Time
	loc   *time.Location
	obs   *demoObserver
	msgs  int // scripted messages written, for unique Message-IDs
	// pending are the script's events not yet played, earliest first;
	// triggers wait for keepwarm's mail to reach someone.
	pending  []demoEvent
	triggers []demoTrigger
	trigSeen int // SMTP messages the triggers have looked at
	// greetAt are the send instants the greetings job's own planner gives;
	// soon is set when new mail reached a synced mailbox during a cycle.
	greetAt []time.Time
	soon    time.Time
	tick    *ticker       // the parts of `keepwarm tick`, built once
	lock    *dispatchLock // held while the play sends
	// tickErrs counts cycles that reported an error (shown, then returned).
	tickErrs []error
}

// newDemoRun starts the servers, creates every mailbox, writes the config,
// opens it and the database exactly as any command does, imports the
// customer book with `customers import`, and builds the parts `keepwarm
// tick` runs.
func newDemoRun(ctx context.Context, m *Main, dir string) (*demoRun, error) {
	start, err := demoStart()
	if err != nil {
		return nil, err
	}
	r := &demoRun{m: m, out: m.Stdout, clock: keepwarm.NewManualClock(start), cast: newDemoCast(),
		start: start, loc: start.Location()}
	r.obs = newDemoObserver(r)
	m.clock = r.clock
	if r.mail, err = startDemoMail(r.clock); err != nil {
		return nil, err
	}
	for _, p := range r.cast.people() {
		if err := r.mail.addMailbox(p.Email, demoPassword); err != nil {
			r.close()
			return nil, err
		}
	}
	for _, p := range []demoPerson{r.cast.Lily, r.cast.Tom, r.cast.Team} {
		r.mail.watch(p.Email)
	}
	r.mail.addLogin(r.cast.Notify, demoPassword)
	if m.configPath, err = writeDemoFiles(dir, r.cast, r.mail.imapURL(), r.mail.smtpURL()); err != nil {
		r.close()
		return nil, err
	}
	getenv := m.Getenv
	m.Getenv = func(k string) string {
		if k == demoPasswordEnv {
			return demoPassword
		}
		return getenv(k)
	}
	if err := m.open(ctx); err != nil {
		r.close()
		return nil, err
	}
	r.header()
	if err := r.quiet(ctx, customersImport, filepath.Join(dir, "customers.csv")); err != nil {
		r.close()
		return nil, fmt.Errorf("demo: import customers: %w", err)
	}
	if r.lock, err = lockDispatch(m.cfg.DatabasePath()); err != nil {
		r.close()
		return nil, err
	}
	if r.tick, err = m.newTicker(ctx); err != nil {
		r.close()
		return nil, err
	}
	if err := r.tick.disp.Recover(ctx); err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

func (r *demoRun) close() {
	r.lock.release()
	r.m.close()
	if r.mail != nil {
		r.mail.Close()
	}
}

// quiet runs a subcommand with its output discarded: the transcript tells
// what it did from the store instead.
func (r *demoRun) quiet(ctx context.Context, cmd func(context.Context, *Main, []string) error, args ...string) error {
	out := r.m.Stdout
	r.m.Stdout = io.Discard
	defer func() { r.m.Stdout = out }()
	return cmd(ctx, r.m, args)
}

// cycle is one pass of the daemon's work at the clock's instant: the cycle
// of `keepwarm tick` (sync, engine jobs, dispatch) on parts built once, as
// the daemon keeps them, then the narration of what changed.
func (r *demoRun) cycle(ctx context.Context) error {
	r.mail.takeChanged()
	if _, _, err := r.tick.cycle(ctx); err != nil {
		r.tickErrs = append(r.tickErrs, err)
		r.say("keepwarm tick reported an error: %v", err)
	}
	if r.mail.takeChanged() {
		// The daemon's IDLE would see the new mail (a bounce, a nudge)
		// within seconds: sync again a minute later.
		r.soon = r.clock.Now().Add(time.Minute)
	}
	return r.obs.observe(ctx)
}

// header introduces the play.
func (r *demoRun) header() {
	c := r.cast
	fmt.Fprintf(r.out, "keepwarm demo: two weeks at Lumina Export (%s), played through the real daemon code\n", demoDomain)
	fmt.Fprintf(r.out, "  team: %s and %s (sales), %s (manager), team mailbox %s; office time %s\n",
		c.Lily.Name, c.Tom.Name, c.Manager.Name, c.Team.Email, demoTimeZone)
	fmt.Fprintf(r.out, "  customers: %s (Globex, DE), %s (Acme Supply, US), %s (Gulf Build, AE), %s (gmail.com, BR)\n",
		c.Hans.Name, c.Bob.Name, c.Ahmed.Name, c.Joao.Name)
	fmt.Fprintf(r.out, "  mail servers: IMAP %s, SMTP %s (in memory); every step runs the cycle of `keepwarm tick`\n",
		r.mail.imapURL(), r.mail.smtpURL())
	fmt.Fprintf(r.out, "  lines with \"*\" are the world (people writing); the others are what keepwarm did, read back from its database and the mail servers\n\n")
}

// stamp is "day 3  Thu 19 Nov 16:00" in the office's time.
func (r *demoRun) stamp(t time.Time) string {
	return fmt.Sprintf("day %-2d %s", r.day(t), t.In(r.loc).Format("Mon 02 Jan 15:04"))
}

// say writes one line of what keepwarm did, at the clock's instant.
func (r *demoRun) say(format string, args ...any) {
	fmt.Fprintf(r.out, "%s    %s\n", r.stamp(r.clock.Now()), fmt.Sprintf(format, args...))
}

// world writes one line of what a person in the play did.
func (r *demoRun) world(format string, args ...any) {
	fmt.Fprintf(r.out, "%s  * %s\n", r.stamp(r.clock.Now()), fmt.Sprintf(format, args...))
}

// indent writes a block of text (a digest) under the current line.
func (r *demoRun) indent(text string) {
	for _, l := range splitLines(text) {
		fmt.Fprintf(r.out, "        | %s\n", l)
	}
}

// explain tells how to explore a kept demo.
func (r *demoRun) explain(dir string) {
	cfg := filepath.Join(dir, "keepwarm.toml")
	now := r.clock.Now().Format(time.RFC3339)
	fmt.Fprintf(r.out, "\nkept in %s: keepwarm.toml, keepwarm.db, customers.csv, and mail/ (every mailbox, one .eml per message)\n", dir)
	fmt.Fprintf(r.out, "explore it as of the demo's last instant, e.g.:\n")
	for _, c := range []string{"threads", "outbox", "enrollments", "tasks --all", "report replies --since 2026-11-16", "customers list", "greetings plan --month 2026-12"} {
		fmt.Fprintf(r.out, "  go run ./cmd/keepwarm --config %s --now %s %s\n", cfg, now, c)
	}
}
