// Package cli is keepwarm's command line: one file per subcommand or group
// of subcommands, and the formatting of what they print. Commands that need
// the config and the database get them from an app.App.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/term"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/config"
	"keepwarm/store"
)

// Main is one invocation of the keepwarm command. Tests build one with their
// own streams and environment and call Run, exactly as main does.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	// Clock overrides the clock; tests set a ManualClock here. --now wins.
	Clock keepwarm.Clock

	configPath string
	app        *app.App // opened for commands that need the config and database
	// cfg and db are app's, for brevity in the commands.
	cfg   *config.Config
	db    *store.DB
	log   *slog.Logger
	clock keepwarm.Clock
}

// NewMain returns a Main wired to the given streams and environment.
func NewMain(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *Main {
	return &Main{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}
}

// usageError makes Run print the command's usage and exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError carries an exit code for failures already reported line by line
// (keepwarm check).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

type command struct {
	name    string
	args    string
	summary string
	// config says whether the command needs the config file and database.
	config bool
	run    func(ctx context.Context, m *Main, args []string) error
}

func commands() []command {
	return []command{
		{"init", "[DIR]", "write a starter keepwarm.toml into DIR (default .)", false, cmdInit},
		{"check", "", "validate the config and log in to every IMAP and SMTP server", true, cmdCheck},
		{"sync", "[--mailbox NAME]", "one sync pass over every mailbox (or one), then exit", true, cmdSync},
		{"run", "", "run the daemon: live sync (IDLE and polling) until SIGINT/SIGTERM", true, cmdRun},
		{"threads", "[--customer ADDR|DOMAIN] [--json]", "list conversations, newest first", true, cmdThreads},
		{"customers", "[list|show|set|merge|import|review|claim|release|won] ...", "the customer book: list, import Excel/CSV, grade, merge, claim from the pool", true, cmdCustomers},
		{"reviews", "[--salesperson ADDR] [--json]", "customers whose review is due by grade, and pool claims returning soon", true, cmdReviews},
		{"orders", "import FILE [--currency USD]", "import orders (customer, date, amount, currency) for the 80/20 report", true, cmdOrders},
		{"flagged", "[--json]", "list messages stored raw because they could not be parsed", true, cmdFlagged},
		{"sequences", "list|show NAME|check", "list, show or check the follow-up sequences and templates", true, cmdSequences},
		{"enrollments", "[--customer ADDR] [--live | --all] [--json]", "list threads following a sequence (--all: and the mail not followed up, with why)", true, cmdEnrollments},
		{"enroll", "THREAD [--sequence NAME]", "enroll a thread in a sequence by hand", true, cmdEnroll},
		{"pause", "ENROLLMENT [--until TIME]", "pause an enrollment", true, cmdPause},
		{"resume", "ENROLLMENT", "resume a paused or failed enrollment", true, cmdResume},
		{"stop", "ENROLLMENT", "stop an enrollment for good", true, cmdStop},
		{"tasks", "[--all] [--owner EMAIL] [--json] | done ID", "list the tasks sequences left (phone calls), or mark one done", true, cmdTasks},
		{"outbox", "[--status S] [--json]", "list what keepwarm sent, drafted, skipped or will send", true, cmdOutbox},
		{"preview", "TEMPLATE --customer ADDR", "print a template rendered for a customer", true, cmdPreview},
		{"tick", "", "one full cycle (sync, sequences, send), then exit", true, cmdTick},
		{"greetings", "plan [--month YYYY-MM] [--json]", "who gets which holiday/birthday greeting or monthly letter, and when", true, cmdGreetings},
		{"demo", "[--days N] [--keep DIR] [--verbose]", "play two weeks of a sales team's mail through keepwarm in memory and narrate it (no config needed)", false, cmdDemo},
		{"report", "replies [--since] [--until] [--by] [--format] | pareto [--since] | sequences [--since] [--format]", "reply times against the target, the 80/20 of revenue, the follow-up funnel", true, cmdReport},
		{"digest", "[--salesperson ADDR] [--send] [--format text|html|json]", "print (or send) each salesperson's daily digest now", true, cmdDigest},
		{"summary", "[--send] [--format text|html|json]", "print (or send) the manager's weekly summary now", true, cmdSummary},
	}
}

// Run executes args (without the program name) and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	err := m.run(ctx, args)
	var ue usageError
	var aue app.UsageError
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue), errors.As(err, &aue):
		fmt.Fprintf(m.Stderr, "keepwarm: %s\n\n", err)
		m.usage()
		return 2
	case errors.Is(err, flag.ErrHelp):
		return 0
	default:
		fmt.Fprintf(m.Stderr, "keepwarm: %v\n", err)
		return 1
	}
}

func (m *Main) run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("keepwarm", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = m.usage
	defaultConfig := "keepwarm.toml"
	if v := m.Getenv("KEEPWARM_CONFIG"); v != "" {
		defaultConfig = v
	}
	fs.StringVar(&m.configPath, "config", defaultConfig, "config file (env KEEPWARM_CONFIG)")
	now := fs.String("now", "", "act as if it were this instant (RFC 3339, e.g. 2026-11-26T09:00:00+08:00)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return usageError{"no command given"}
	}
	if rest[0] == "help" {
		m.usage()
		return nil
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == rest[0] {
			cmd = &c
			break
		}
	}
	if cmd == nil {
		return usageError{fmt.Sprintf("unknown command %q", rest[0])}
	}
	if err := m.setupClock(*now); err != nil {
		return err
	}
	if err := m.setupLog(*logLevel); err != nil {
		return err
	}
	if cmd.config {
		if err := m.open(ctx); err != nil {
			return err
		}
		defer m.close()
	}
	return cmd.run(ctx, m, rest[1:])
}

func (m *Main) usage() {
	w := m.Stderr
	fmt.Fprintln(w, "usage: keepwarm [--config FILE] [--now TIME] [--log-level LEVEL] COMMAND [ARGS]")
	fmt.Fprintln(w, "\ncommands:")
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-10s %-40s %s\n", c.name, c.args, c.summary)
	}
}

func (m *Main) setupClock(now string) error {
	switch {
	case now != "":
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			return usageError{fmt.Sprintf("--now %q: write it as RFC 3339, e.g. 2026-11-26T09:00:00+08:00", now)}
		}
		m.clock = keepwarm.NewOffsetClock(t)
	case m.Clock != nil:
		m.clock = m.Clock
	default:
		m.clock = keepwarm.SystemClock{}
	}
	return nil
}

// setupLog builds the one logger: text for a person at a terminal, JSON for
// a service manager or log collector.
func (m *Main) setupLog(level string) error {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return usageError{fmt.Sprintf("--log-level %q: use debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: lv}
	if isTerminal(m.Stderr) {
		m.log = slog.New(slog.NewTextHandler(m.Stderr, opts))
	} else {
		m.log = slog.New(slog.NewJSONHandler(m.Stderr, opts))
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (m *Main) open(ctx context.Context) error {
	a, err := app.Open(ctx, m.configPath, app.Options{Log: m.log, Clock: m.clock, Getenv: m.Getenv})
	if err != nil {
		return err
	}
	m.use(a)
	return nil
}

// use makes the commands work on a (opened here or by the demo).
func (m *Main) use(a *app.App) {
	m.app, m.cfg, m.db, m.log, m.clock = a, a.Cfg, a.DB, a.Log, a.Clock
}

func (m *Main) close() {
	if m.app != nil {
		m.app.Close()
		m.app, m.db = nil, nil
	}
}

// flags returns a FlagSet for a subcommand that reports errors as usage errors.
func (m *Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("keepwarm "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), strings.Join(fs.Args(), " "))}
	}
	return nil
}
