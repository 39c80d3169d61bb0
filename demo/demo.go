// Package demo plays two weeks of an export sales team's mail through the
// real daemon code, with in-process IMAP and SMTP servers and a manual
// clock, and narrates what keepwarm did (`keepwarm demo`).
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"keepwarm/app"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"keepwarm"
)

// Options are the demo's flags and what it borrows from the command line.
type Options struct {
	Days    int    // days to play, 1 to 28
	Keep    string // keep the files in this (new or empty) directory; "" = a temporary one
	Verbose bool   // also print keepwarm's own log lines to Log
	// Web keeps the web application up on 127.0.0.1 with the demo's data
	// after the play, printing sign-in links, until ctx ends.
	Web    bool
	Stdout io.Writer
	// Log is keepwarm's logger when Verbose; otherwise only warnings go to
	// Stderr.
	Log    *slog.Logger
	Stderr io.Writer
	Getenv func(string) string
	// Command runs one of keepwarm's subcommands (args as typed after
	// `keepwarm`) against the demo's App with its output to out: the demo
	// imports its customer book and shows the reports through the real
	// commands.
	Command func(ctx context.Context, a *app.App, out io.Writer, args ...string) error
	// Invocation is how to run keepwarm again in the commands a kept demo
	// proposes ("go run ./cmd/keepwarm", "keepwarm", a path); "" is
	// "keepwarm".
	Invocation string
}

// Run plays the demo. It needs no config: it starts an in-memory IMAP
// server and an SMTP server, writes a config and a database into a
// temporary directory (or Keep), imports a customer book, and steps a
// manual clock through a script. At each step it runs the cycle of
// `keepwarm tick` (sync every mailbox, the engine's jobs, the outbox
// dispatcher) on the same parts, then reads the store, the SMTP server and
// the customers' mailboxes to tell what happened.
func Run(ctx context.Context, opt Options) error {
	if opt.Days < 1 || opt.Days > 28 {
		return app.UsageError{Msg: fmt.Sprintf("demo: --days %d: use 1 to 28", opt.Days)}
	}
	if !opt.Verbose || opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(opt.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	dir, cleanup, err := demoDir(opt.Keep)
	if err != nil {
		return err
	}
	defer cleanup()
	wall := time.Now() // the demo's own run time, reported at the end; not a schedule
	r, err := newDemoRun(ctx, opt, dir)
	if err != nil {
		return err
	}
	defer r.close()
	playErr := r.play(ctx, opt.Days)
	if err := r.summary(ctx); err != nil {
		playErr = errors.Join(playErr, err)
	}
	if opt.Keep != "" {
		if err := r.saveMailboxes(filepath.Join(dir, "mail")); err != nil {
			playErr = errors.Join(playErr, err)
		}
		r.explain(dir)
	}
	fmt.Fprintf(opt.Stdout, "\ndemo finished: %d days played in %.1f s of wall time\n", opt.Days, time.Since(wall).Seconds())
	if opt.Web && playErr == nil {
		return r.serveWeb(ctx)
	}
	return playErr
}

// serveWeb keeps the web application up on 127.0.0.1 over the demo's data
// (its clock stays where the play ended) and prints a sign-in link for Lily
// and one for the manager, until ctx ends (Ctrl-C).
func (r *demoRun) serveWeb(ctx context.Context) error {
	r.app.Cfg.Web.BaseURL = ""
	w, err := r.app.StartWeb(ctx, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer w.Close(context.Background())
	fmt.Fprintf(r.out, "\nThe web application is up at http://%s (the demo's clock stays at %s).\n", w.Addr(), r.stamp(r.clock.Now()))
	for _, p := range []demoPerson{r.cast.Lily, r.cast.Manager} {
		link, err := w.App.SignInLink(ctx, p.Email, "")
		if err != nil {
			return err
		}
		fmt.Fprintf(r.out, "  sign in as %s: %s\n", p.Name, link)
	}
	fmt.Fprintln(r.out, "Each link works once. Press Ctrl-C to stop.")
	<-ctx.Done()
	return nil
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
	if err := os.MkdirAll(keep, 0o700); err != nil {
		return "", nil, fmt.Errorf("demo: --keep: %w", err)
	}
	entries, err := os.ReadDir(keep)
	if err != nil {
		return "", nil, fmt.Errorf("demo: --keep: %w", err)
	}
	if len(entries) > 0 {
		return "", nil, app.UsageError{Msg: fmt.Sprintf("demo: --keep %s is not empty: give a new or empty directory", keep)}
	}
	abs, err := filepath.Abs(keep)
	if err != nil {
		return "", nil, fmt.Errorf("demo: --keep: %w", err)
	}
	return abs, func() {}, nil
}

// demoRun is one play: the servers, the App wired to them, the clock the
// script steps, and what has been narrated so far.
type demoRun struct {
	opt   Options
	app   *app.App
	out   io.Writer // the transcript
	clock *keepwarm.ManualClock
	mail  *demoMail
	robot *demoRobot // the WeCom group robot's stand-in
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
	tick    *app.Ticker       // the parts of `keepwarm tick`, built once
	lock    *app.DispatchLock // held while the play sends
	// tickErrs counts cycles that reported an error (shown, then returned).
	tickErrs []error
}

// newDemoRun starts the servers, creates every mailbox, writes the config,
// opens it and the database exactly as any command does, imports the
// customer book with `customers import`, and builds the parts `keepwarm
// tick` runs.
func newDemoRun(ctx context.Context, opt Options, dir string) (*demoRun, error) {
	start, err := demoStart()
	if err != nil {
		return nil, err
	}
	r := &demoRun{opt: opt, out: opt.Stdout, clock: keepwarm.NewManualClock(start), cast: newDemoCast(),
		start: start, loc: start.Location()}
	r.obs = newDemoObserver(r)
	if r.mail, err = startDemoMail(r.clock); err != nil {
		return nil, err
	}
	if r.robot, err = startDemoRobot(r.clock); err != nil {
		r.close()
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
	configPath, err := writeDemoFiles(dir, r.cast, r.mail.imapURL(), r.mail.smtpURL())
	if err != nil {
		r.close()
		return nil, err
	}
	getenv := func(k string) string {
		if k == demoPasswordEnv {
			return demoPassword
		}
		if k == demoRobotEnv {
			return r.robot.URL()
		}
		if opt.Getenv == nil {
			return ""
		}
		return opt.Getenv(k)
	}
	if r.app, err = app.Open(ctx, configPath, app.Options{Log: opt.Log, Clock: r.clock, Getenv: getenv, FirstSync: true}); err != nil {
		r.close()
		return nil, err
	}
	r.header()
	if err := r.quiet(ctx, "customers", "import", filepath.Join(dir, "customers.csv")); err != nil {
		r.close()
		return nil, fmt.Errorf("demo: import customers: %w", err)
	}
	if err := r.quiet(ctx, "products", "import", filepath.Join(dir, "products.csv")); err != nil {
		r.close()
		return nil, fmt.Errorf("demo: import products: %w", err)
	}
	if r.lock, err = app.LockDispatchFor(r.app.Cfg.DatabasePath(), "demo"); err != nil {
		r.close()
		return nil, err
	}
	if r.tick, err = r.app.NewTicker(ctx); err != nil {
		r.close()
		return nil, err
	}
	if err := r.tick.Disp.Recover(ctx); err != nil {
		r.close()
		return nil, err
	}
	if err := r.tick.Chat.Recover(ctx); err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

func (r *demoRun) close() {
	r.lock.Release()
	r.app.Close()
	if r.mail != nil {
		r.mail.Close()
	}
	if r.robot != nil {
		r.robot.Close()
	}
}

// quiet runs a subcommand with its output discarded: the transcript tells
// what it did from the store instead.
func (r *demoRun) quiet(ctx context.Context, args ...string) error {
	return r.opt.Command(ctx, r.app, io.Discard, args...)
}

// cycle is one pass of the daemon's work at the clock's instant: the cycle
// of `keepwarm tick` (sync, engine jobs, dispatch) on parts built once, as
// the daemon keeps them, then the narration of what changed.
func (r *demoRun) cycle(ctx context.Context) error {
	r.mail.takeChanged()
	if _, _, err := r.tick.Cycle(ctx); err != nil {
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
	fmt.Fprintf(r.out, "  customers: %s (Globex, DE), %s and %s (Acme Supply, US, two buyers), %s (Gulf Build, AE), %s (gmail.com, BR)\n",
		c.Hans.Name, c.Bob.Name, c.Carol.Name, c.Ahmed.Name, c.Joao.Name)
	fmt.Fprintf(r.out, "  mail servers: IMAP %s, SMTP %s (in memory); every step runs the cycle of `keepwarm tick`\n",
		r.mail.imapURL(), r.mail.smtpURL())
	fmt.Fprintf(r.out, "  the sales group's WeCom robot: a stand-in at http://%s (Lily's nudges go there too)\n", r.robot.ln.Addr())
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
	fmt.Fprintf(r.out, "\nkept in %s: keepwarm.toml, keepwarm.db, customers.csv, products.csv, and mail/ (every mailbox, one .eml per message)\n", dir)
	fmt.Fprintf(r.out, "explore it as of the demo's last instant, e.g.:\n")
	self := r.opt.Invocation
	if self == "" {
		self = "keepwarm"
	}
	for _, c := range []string{"threads", "outbox", "enrollments", "tasks --all", "report replies --since 2026-11-16", "customers list", "greetings plan --month 2026-12"} {
		fmt.Fprintf(r.out, "  %s --config %s --now %s %s\n", self, cfg, now, c)
	}
}
