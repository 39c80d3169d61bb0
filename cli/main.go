// Package cli is keepwarm's command line: one file per subcommand or group
// of subcommands, and the formatting of what they print. Commands that need
// the config and the database get them from an app.App.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kong"
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
	// wall is the clock --now does not move (Clock, else the system's);
	// replayed is how far --now moved clock from it, zero without --now.
	wall     keepwarm.Clock
	replayed time.Duration
	nowFlag  string // --now as given
	// self, when set (tests), is how to run this keepwarm again in the
	// commands the demo proposes; otherwise selfCommand.
	self string

	firstSync bool // the command syncs (see syncs)
	asItIs    bool // the command must see the database unmigrated (backup)
	// migrationWait: how long Open waits for a short-lived holder of the
	// dispatch lock before applying migrations (run; app.Options).
	migrationWait time.Duration
	// beforeDispatchLock, when set (tests), runs just before lockDispatch
	// takes the lock: there another keepwarm can migrate the database.
	beforeDispatchLock func()
	// signals: Run's ctx ends on the first SIGINT, SIGTERM or SIGHUP and a
	// second SIGINT or SIGTERM quits at once (RunWithSignals); a stop then
	// says so.
	signals bool
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

// commandLine is the whole command line: the global flags and every subcommand,
// grouped in the help by who uses them. Each subcommand's type (in its own
// file) has a Run method.
type commandLine struct {
	Config   string           `name:"config" default:"${config}" placeholder:"FILE" help:"config file (env KEEPWARM_CONFIG)"`
	Now      string           `name:"now" placeholder:"TIME" help:"act as if it were this instant (RFC 3339, e.g. 2026-11-26T09:00:00+08:00)"`
	LogLevel string           `name:"log-level" default:"info" placeholder:"LEVEL" help:"debug, info, warn or error"`
	Version  kong.VersionFlag `name:"version" help:"print the version and exit"`

	Init  initCmd  `cmd:"" group:"setup" help:"write a starter keepwarm.toml into DIR (default: the file --config names, else ./keepwarm.toml)"`
	Check checkCmd `cmd:"" group:"setup" help:"validate the config and log in to every IMAP and SMTP server"`
	Auth  authCmd  `cmd:"" group:"setup" help:"sign a mailbox (or notify) in with OAuth2, Microsoft 365 by a device code, Gmail in a browser, and keep its refresh token, sealed"`
	Demo  demoCmd  `cmd:"" group:"setup" help:"play two weeks of a sales team's mail through keepwarm in memory and narrate it (no config needed)"`

	Threads threadsCmd `cmd:"" group:"daily" help:"list conversations, newest first"`
	Replies repliesCmd `cmd:"" group:"daily" help:"list the customer mail waiting for an answer, or mark one as needing none"`
	Tasks   tasksCmd   `cmd:"" group:"daily" help:"list the tasks sequences left (phone calls), or mark one done"`
	Outbox  outboxCmd  `cmd:"" group:"daily" help:"list what keepwarm sent, drafted, skipped or will send"`
	Preview previewCmd `cmd:"" group:"daily" help:"print a template rendered for a customer"`
	Flagged flaggedCmd `cmd:"" group:"daily" help:"list messages stored raw because they could not be parsed"`

	Customers customersCmd `cmd:"" group:"book" help:"the customer book: list, import Excel/CSV, grade, merge, claim from the pool"`
	Reviews   reviewsCmd   `cmd:"" group:"book" help:"customers whose review is due by grade, and pool claims returning soon"`
	Orders    ordersCmd    `cmd:"" group:"book" help:"import orders (customer, date, amount, currency) for the 80/20 report, list a customer's with their #id, or remove wrong ones"`
	Products  productsCmd  `cmd:"" group:"book" help:"the product catalog introductions offer from: list, or import products.csv/.xlsx"`

	Sequences   sequencesCmd   `cmd:"" group:"sequences" help:"list, show or check the follow-up sequences and templates"`
	Enrollments enrollmentsCmd `cmd:"" group:"sequences" help:"list threads following a sequence (--all: and the mail not followed up, with why)"`
	Enroll      enrollCmd      `cmd:"" group:"sequences" help:"enroll a thread in a sequence by hand"`
	Pause       pauseCmd       `cmd:"" group:"sequences" help:"pause an enrollment"`
	Resume      resumeCmd      `cmd:"" group:"sequences" help:"resume a paused or failed enrollment (--arrived or --resend after a step that may have gone out)"`
	Stop        stopCmd        `cmd:"" group:"sequences" help:"stop an enrollment for good"`
	Greetings   greetingsCmd   `cmd:"" group:"sequences" help:"who gets which holiday/birthday greeting or monthly letter, and when"`
	Forecast    forecastCmd    `cmd:"" group:"sequences" help:"what keepwarm will send or ask someone to do in the next days, at each customer's time"`
	Calendar    calendarCmd    `cmd:"" group:"sequences" help:"the weekend and every holiday keepwarm uses for a country's customers, with sources"`

	Report  reportCmd  `cmd:"" group:"reports" help:"reply times against the target, the 80/20 of revenue, the follow-up funnel, why customers went quiet"`
	Digest  digestCmd  `cmd:"" group:"reports" help:"print (or send) each salesperson's daily digest now"`
	Summary summaryCmd `cmd:"" group:"reports" help:"print (or send) the manager's weekly summary now"`

	Run        runCmd        `cmd:"" group:"ops" help:"run the daemon: live sync (IDLE and polling) until SIGINT, SIGTERM or SIGHUP (no reload: restart it to read the config)"`
	Web        webCmd        `cmd:"" group:"ops" help:"the web application: print a one-time sign-in link"`
	Tick       tickCmd       `cmd:"" group:"ops" help:"one full cycle (sync, sequences, send), then exit"`
	Sync       syncCmd       `cmd:"" group:"ops" help:"one sync pass over every mailbox (or one), then exit"`
	Backup     backupCmd     `cmd:"" group:"ops" help:"write a consistent copy of the database (and its key file) while keepwarm run goes on"`
	VersionCmd versionCmd    `cmd:"" name:"version" group:"ops" help:"print keepwarm's version and VCS revision"`
	Completion completionCmd `cmd:"" group:"ops" help:"print a shell completion script for bash, zsh or fish"`
	Help       helpCmd       `cmd:"" group:"ops" help:"show help for a command (same as COMMAND --help)"`
	Complete   completeCmd   `cmd:"" name:"__complete" hidden:"" help:"print completions for the words given (used by the completion scripts)"`
}

// groups are the help's sections, by who uses the commands.
var groups = []kong.Group{
	{Key: "setup", Title: "Set up:"},
	{Key: "daily", Title: "Daily work:"},
	{Key: "book", Title: "Customer book:"},
	{Key: "sequences", Title: "Sequences and greetings:"},
	{Key: "reports", Title: "Reports:"},
	{Key: "ops", Title: "Operations:"},
}

// exitStatuses is the root help's list of exit statuses: the README's
// paragraph "Exit status, for scripts and cron", word for word without its
// code marks (TestExitStatusesAreTheReadmes).
const exitStatuses = "Exit status: 0 done; 1 failed (the reason on standard error); 2 a usage error (a wrong flag, flag value or command; " +
	"the message points to the command's --help); 3 customers import or orders import rejected rows (the others went in; " +
	"--allow-rejects makes it 0; for orders import, rows naming no customer in the book do not count), or orders import held rows " +
	"as possible corrections or met order numbers the book holds with another date or amount (--allow-rejects does not make these 0), " +
	"or a workbook's other sheets with the command's header were not read (--sheet NAME reads each; --allow-rejects does not make this 0); " +
	"4 tick gave up on a mail (failed for good or uncertain: see keepwarm outbox); 129 run stopped by SIGHUP; " +
	"130 sync or tick stopped by a signal before it finished."

// defaultConfigFile is the config file without --config or KEEPWARM_CONFIG.
const defaultConfigFile = "keepwarm.toml"

// nowIgnored are the commands that never look at the time, with why: a
// --now given to them is accepted, as a global flag is anywhere on the
// line, and said to have no effect rather than silently dropped.
var nowIgnored = map[string]string{
	"demo":       "it plays its own two weeks from 16 November 2026, on a clock of its own",
	"init":       "the starter file is the same at any time",
	"version":    "the version is the same at any time",
	"completion": "the script is the same at any time",
	"help":       "the help is the same at any time",
	"backup":     "the copy is the database as it is now",
}

// noConfig are the commands that run without the config file and database.
var noConfig = map[string]bool{"calendar": true, "init": true, "demo": true, "version": true, "completion": true, "help": true, "__complete": true}

// exitPanic carries kong's request to exit (after --help or --version)
// out of the parser to Run, which returns the code instead of exiting.
type exitPanic struct{ code int }

// parser builds the kong parser over a fresh cli value.
func (m *Main) parser(c *commandLine) (*kong.Kong, error) {
	defaultConfig := defaultConfigFile
	if v := m.Getenv("KEEPWARM_CONFIG"); v != "" {
		defaultConfig = v
	}
	return kong.New(c,
		kong.Name("keepwarm"),
		kong.Description("keepwarm runs beside an export sales team's mailboxes: it syncs them, holds the reply clock, follows up, greets and reports.\n\n"+exitStatuses),
		kong.Writers(m.Stdout, m.Stderr),
		kong.Exit(func(code int) { panic(exitPanic{code}) }),
		kong.ExplicitGroups(groups),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, NoExpandSubcommands: true, WrapUpperBound: 100}),
		kong.Vars{"config": defaultConfig, "version": versionString(), "quietReasons": keepwarm.QuietReasonKeys()},
		kong.Bind(m),
		kong.BindTo(context.Background(), (*context.Context)(nil)),
	)
}

// Run executes args (without the program name) and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(exitPanic)
			if !ok {
				panic(r)
			}
			code = e.code
		}
	}()
	cmd, err := m.run(ctx, args)
	var ue usageError
	var aue app.UsageError
	var pe *kong.ParseError
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &pe), errors.As(err, &ue), errors.As(err, &aue):
		fmt.Fprintf(m.Stderr, "keepwarm: %s\n", oneLine(err))
		fmt.Fprintf(m.Stderr, "run `keepwarm %s--help` for usage\n", cmd)
		return 2
	default:
		fmt.Fprintf(m.Stderr, "keepwarm: %v\n", err)
		return 1
	}
}

// RunWithSignals runs args as Run does, with a context the first SIGINT,
// SIGTERM or SIGHUP cancels: keepwarm stops taking on work and lets a send under way
// finish and be recorded (see mailsync.Dispatcher). A second SIGINT or
// SIGTERM ends the process at once, as Go programs usually do: killed by
// that signal, or, a SIGINT when keepwarm started with SIGINT ignored (a
// background job of a shell script), by exit(130), as a shell reports an
// interrupt: os/signal gives an inherited "ignore" back once keepwarm stops
// listening, so raising SIGINT again would do nothing. exit is os.Exit
// (only main calls it).
func (m *Main) RunWithSignals(args []string, exit func(code int)) int {
	// Asked before Notify, which hides an inherited SIG_IGN.
	intIgnored := signal.Ignored(os.Interrupt)
	// SIGHUP (the terminal or the SSH session of a `keepwarm run` closed)
	// stops gracefully too: Go's default would end the process at once,
	// mid-send. After the first signal a further SIGHUP is ignored: nobody
	// is at a closed terminal to mean "quit now".
	//
	// One channel, read for as long as keepwarm runs: a second signal sent
	// right behind the first (two Ctrl-C in a row, a supervisor's TERM
	// after a group's) is read as the second, never dropped between the
	// first being seen and the default effect coming back.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	done := make(chan struct{})
	defer close(done)
	go func() {
		stopping := false
		for {
			var s os.Signal
			select {
			case s = <-sigs:
			case <-done:
				return
			}
			switch {
			case !stopping:
				stopping = true
				cancel(signalStop(s.String() + " signal received"))
			case s == syscall.SIGHUP:
			case s == os.Interrupt && intIgnored:
				exit(128 + int(syscall.SIGINT))
			default:
				signal.Reset(s)
				_ = syscall.Kill(os.Getpid(), s.(syscall.Signal))
			}
		}
	}()
	m.signals = true
	return m.Run(ctx, args)
}

// signalStop is the cause of RunWithSignals' cancel, worded as
// signal.NotifyContext's ("hangup signal received": run exits 129 on
// SIGHUP), and, as it, a context.Canceled.
type signalStop string

func (s signalStop) Error() string { return string(s) }

func (s signalStop) Is(target error) bool { return target == context.Canceled }

// oneLine keeps a usage error to its first line, and says "unknown
// command" where the parser says "unexpected argument" for a word in a
// command's place.
func oneLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	// kong's "expected one of "list", "show"" and "expected "<id>"" name
	// what is missing without saying that something is.
	if m := expectedCmd.FindStringSubmatch(s); m != nil {
		return "missing a command: " + m[1]
	}
	if m := expectedArg.FindStringSubmatch(s); m != nil {
		return "missing " + strings.Join(strings.Fields(strings.NewReplacer(`"`, "", ",", "").Replace(m[1])), " ")
	}
	var pe *kong.ParseError
	if errors.As(err, &pe) && pe.Context != nil {
		if node := pe.Context.Selected(); node == nil || len(node.Children) > 0 {
			if m := unexpectedArg.FindStringSubmatch(s); m != nil {
				s = fmt.Sprintf("unknown command %q", m[1])
				if m[2] != "" {
					s += ": did you mean " + m[2] + "?"
				}
			}
		} else if node.Parent != nil && node.Parent.DefaultCmd == node {
			// "customers shwo": the parser ran the group's default command
			// (list) and found a word it takes no argument for; when the
			// word is close to a sibling command, that is what was meant.
			if m := unexpectedArg.FindStringSubmatch(s); m != nil && m[2] == "" {
				if near := nearestCommands(m[1], node.Parent); len(near) > 0 {
					s = fmt.Sprintf("unknown command %q: did you mean %s?", m[1], strings.Join(near, " or "))
				}
			}
		}
	}
	return s
}

// nearestCommands are the visible subcommands of parent that word is a
// prefix of or within two edits of, quoted, the closest first. The default
// command counts too: "customers lst" meant list.
func nearestCommands(word string, parent *kong.Node) []string {
	type cand struct {
		name string
		d    int
	}
	var near []cand
	for _, c := range parent.Children {
		if c.Hidden {
			continue
		}
		d := keepwarm.EditDistance(word, c.Name)
		if strings.HasPrefix(c.Name, word) {
			d = 0
		}
		if d <= 2 {
			near = append(near, cand{strconv.Quote(c.Name), d})
		}
	}
	sort.SliceStable(near, func(i, j int) bool { return near[i].d < near[j].d })
	out := make([]string, len(near))
	for i, c := range near {
		out[i] = c.name
	}
	return out
}

// expectedCmd and expectedArg are kong's messages for a command, or a
// positional argument, left out.
var (
	expectedCmd = regexp.MustCompile(`^expected (?:one of )?("[a-z][a-z-]*"(?:, "[a-z][a-z-]*")*)$`)
	expectedArg = regexp.MustCompile(`^expected ("<[^"]+>"(?: "<[^"]+>")*)$`)
)

// unexpectedArg is kong's message for a word it cannot place.
var unexpectedArg = regexp.MustCompile(`^unexpected argument (\S+)(?:, did you mean (.+)\?)?$`)

// run parses args and runs the chosen command. cmd is the command's path
// followed by a space ("customers show "), or "" when parsing stopped
// before one was chosen, for the pointer to --help.
func (m *Main) run(ctx context.Context, args []string) (cmd string, err error) {
	var c commandLine
	parser, err := m.parser(&c)
	if err != nil {
		return "", err
	}
	if len(args) == 0 {
		return "", usageError{"no command given"}
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		var pe *kong.ParseError
		if errors.As(err, &pe) && pe.Context != nil {
			cmd = commandPath(pe.Context)
		}
		return cmd, err
	}
	cmd = commandPath(kctx)
	if m.app != nil {
		// The demo runs commands on its own App: its clock, log and config.
		kctx.BindTo(ctx, (*context.Context)(nil))
		kctx.Bind(kctx)
		return cmd, kctx.Run()
	}
	m.configPath = c.Config
	if err := m.setupClock(c.Now); err != nil {
		return cmd, err
	}
	if err := m.setupLog(c.LogLevel); err != nil {
		return cmd, err
	}
	if why := nowIgnored[strings.Fields(kctx.Command())[0]]; why != "" && c.Now != "" {
		fmt.Fprintf(m.Stderr, "note: --now does not apply to keepwarm %s: %s\n", strings.Fields(kctx.Command())[0], why)
	}
	if m.signals {
		defer context.AfterFunc(ctx, func() {
			m.log.Warn("stopping; press Ctrl-C again to quit now")
		})()
	}
	if strings.Fields(kctx.Command())[0] == "check" {
		// check tests the config and the servers; it does not create the
		// database (it reads one that exists, for kept OAuth2 tokens), nor
		// migrate it: it says which migrations the next run applies.
		m.asItIs = true
		if err := m.openIfExists(ctx); err != nil {
			return cmd, err
		}
		defer m.close()
	} else if name := strings.Fields(kctx.Command())[0]; !noConfig[name] {
		m.firstSync = syncs[name]
		m.asItIs = name == "backup"
		if name == "run" {
			// As lockForRun waits for a short-lived holder of the lock.
			m.migrationWait = runLockWait
		}
		if err := m.open(ctx); err != nil {
			return cmd, err
		}
		defer m.close()
	}
	kctx.BindTo(ctx, (*context.Context)(nil))
	kctx.Bind(kctx)
	return cmd, kctx.Run()
}

// commandPath is the chosen command's words, without arguments, and a
// trailing space; "" when none was chosen.
func commandPath(kctx *kong.Context) string {
	var words []string
	for _, p := range kctx.Path {
		if p.Command != nil {
			words = append(words, p.Command.Name)
		}
	}
	if len(words) == 0 {
		return ""
	}
	return strings.Join(words, " ") + " "
}

func (m *Main) setupClock(now string) error {
	m.wall = m.Clock
	if m.wall == nil {
		m.wall = keepwarm.SystemClock{}
	}
	m.clock, m.replayed = m.wall, 0
	if now != "" {
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			return usageError{fmt.Sprintf("--now %q: write it as RFC 3339, e.g. 2026-11-26T09:00:00+08:00", now)}
		}
		m.clock = keepwarm.NewOffsetClock(t)
		m.replayed, m.nowFlag = t.Sub(m.wall.Now()), now
	}
	return nil
}

// replaySlack is how far --now may be from the clock before commands that
// send or change what keepwarm will send refuse it: a few minutes either
// way is a person rounding the time, not a replay.
const replaySlack = 10 * time.Minute

// ReplayEnv opts in to replays that send or change the book: with it set
// to 1, --now far from the clock lets every command liveOnly or
// catchUpBook refuses (tick, run, digest and summary --send, the
// enrollment commands, tasks done, replies done and undo, and the
// customers commands that change what is sent or who owns a customer)
// act as if it were then. Only for test mailboxes.
const ReplayEnv = "KEEPWARM_REPLAY"

// liveOnly refuses a command that sends mail or changes what keepwarm will
// send (what says what it would do, e.g. "keepwarm tick would send ...") when --now is far
// from the clock: on the live mailboxes a replay of Christmas Eve would
// send Christmas greetings today and use up the real day's. KEEPWARM_REPLAY=1
// allows it, for replays against test mailboxes.
func (m *Main) liveOnly(what string) error {
	if !m.farReplay() {
		return nil
	}
	return usageError{fmt.Sprintf("--now %s is %s %s this machine's clock, and %s: refused. To see what keepwarm will do then, run `keepwarm forecast --now ...`; to replay against test mailboxes, set %s=1",
		m.nowFlag, roughly(m.replayed), m.replayDir(), what, ReplayEnv)}
}

// catchUpBook returns expired claims to the pool and hands the pool out as
// the daemon would at the command's time, before a command lists or changes
// the book. With --now far from the clock that would change who owns which
// customer today (claims taken from salespeople weeks early, the pool handed
// out with deadlines counted from the replayed day), so the listing commands
// show the book as it is and say so, and what claims or hands over is
// refused (change, as liveOnly says it).
func (m *Main) catchUpBook(ctx context.Context, change string) error {
	if !m.farReplay() {
		return m.app.CatchUpBook(ctx)
	}
	if change != "" {
		return m.liveOnly(change)
	}
	fmt.Fprintf(m.Stderr, "note: --now %s is %s %s this machine's clock: the book is shown as it is, without returning the claims that expire by then or handing out the pool, which would change who owns those customers today\n",
		m.nowFlag, roughly(m.replayed), m.replayDir())
	return nil
}

// farReplay: --now is far from the clock and no replay was asked for.
func (m *Main) farReplay() bool {
	return (m.replayed <= -replaySlack || m.replayed >= replaySlack) && m.Getenv(ReplayEnv) != "1"
}

func (m *Main) replayDir() string {
	if m.replayed < 0 {
		return "behind"
	}
	return "ahead of"
}

// roughly says a duration as a person would: "19 days", "3 hours", "25 minutes".
func roughly(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	default:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
}

// setupLog builds the one logger: text for a person at a terminal, JSON for
// a service manager or log collector.
func (m *Main) setupLog(level string) error {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return usageError{fmt.Sprintf("--log-level %q: use debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: lv, ReplaceAttr: readableDurations}
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

// syncs are the commands that sync mailboxes and serve nothing meanwhile:
// a new database's first sync goes in a rollback journal (store.FirstSync).
// Not run: in a rollback journal a reader holds the writer's commit up (a
// web page, a report), and the daemon serves both while it syncs.
var syncs = map[string]bool{"sync": true, "tick": true}

func (m *Main) open(ctx context.Context) error {
	a, err := app.Open(ctx, m.configPath, app.Options{Log: m.log, Clock: m.clock, Wall: m.wall, Getenv: m.Getenv, FirstSync: m.firstSync, AsItIs: m.asItIs,
		MigrationWait: m.migrationWait})
	if err != nil {
		return err
	}
	m.use(a)
	return nil
}

// openIfExists loads the config and opens its database only when the
// database file is there already.
func (m *Main) openIfExists(ctx context.Context) error {
	cfg, err := config.Load(m.configPath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.DatabasePath()); err == nil {
		return m.open(ctx)
	}
	a := app.New(cfg, nil, app.Options{Log: m.log, Clock: m.clock, Getenv: m.Getenv})
	a.ConfigPath = m.configPath
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

// readableDurations writes durations in log lines as "5m0s", not as
// nanoseconds (which JSON would otherwise carry).
func readableDurations(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}
