package cli

import (
	"bytes"
	"context"
	"keepwarm"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

// runBare runs keepwarm with no config anywhere in reach: the working
// directory is an empty temporary one and KEEPWARM_CONFIG is unset.
func runBare(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb, func(string) string { return "" })
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// commandPaths lists every command and subcommand, as typed.
func commandPaths(t *testing.T) [][]string {
	t.Helper()
	var c commandLine
	parser, err := NewMain(nil, nil, nil, func(string) string { return "" }).parser(&c)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	var walk func(n *kong.Node, path []string)
	walk = func(n *kong.Node, path []string) {
		for _, child := range n.Children {
			if child.Type != kong.CommandNode || child.Hidden {
				continue
			}
			p := append(append([]string{}, path...), child.Name)
			out = append(out, p)
			walk(child, p)
		}
	}
	walk(parser.Model.Node, nil)
	if len(out) < 40 {
		t.Fatalf("only %d commands found: %v", len(out), out)
	}
	return out
}

func TestEveryHelpWorksWithoutConfigOnStdout(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, path := range commandPaths(t) {
		name := strings.Join(path, " ")
		code, out, errs := runBare(t, append(path, "--help")...)
		if code != 0 || errs != "" || !strings.Contains(out, "Usage: keepwarm "+name) {
			t.Errorf("%s --help: exit %d, stderr %q, stdout %q", name, code, errs, out)
			continue
		}
		// `keepwarm help CMD` is `CMD --help`.
		code, hout, herrs := runBare(t, append([]string{"help"}, path...)...)
		if code != 0 || herrs != "" || hout != out {
			t.Errorf("help %s: exit %d, stderr %q; differs from --help:\n%s\n---\n%s", name, code, herrs, hout, out)
		}
	}
	code, out, _ := runBare(t, "--help")
	code2, out2, _ := runBare(t, "help")
	if code != 0 || code2 != 0 || out != out2 || !strings.Contains(out, "Usage: keepwarm <command>") {
		t.Errorf("--help (exit %d) and help (exit %d) differ or are wrong:\n%s", code, code2, out)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("asking for help wrote %v", entries)
	}
}

func TestHelpGroupsCommandsByWhoUsesThem(t *testing.T) {
	_, out, _ := runBare(t, "--help")
	last := -1
	for _, g := range []string{"Set up:", "Daily work:", "Customer book:", "Sequences and greetings:", "Reports:", "Operations:"} {
		i := strings.Index(out, "\n"+g+"\n")
		if i < 0 || i < last {
			t.Fatalf("group %q missing or out of order in:\n%s", g, out)
		}
		last = i
	}
	// Each command under the right heading: init under set up, run under operations.
	setup := out[strings.Index(out, "Set up:"):strings.Index(out, "Daily work:")]
	ops := out[strings.Index(out, "Operations:"):]
	if !strings.Contains(setup, "  init ") || !strings.Contains(ops, "  run ") || strings.Contains(setup, "  run ") {
		t.Errorf("commands under the wrong heading:\n%s", out)
	}
}

// The command list names every report by its topic, so a manager who
// scans `keepwarm --help` for why customers went quiet finds `report`: a
// report added without its topic here fails.
func TestHelpNamesEveryReport(t *testing.T) {
	_, out, _ := runBare(t, "--help")
	reports := out[strings.Index(out, "\nReports:\n"):strings.Index(out, "\nOperations:\n")]
	reports = strings.Join(strings.Fields(reports), " ")
	topics := map[string]string{"replies": "reply times", "pareto": "80/20 of revenue", "sequences": "follow-up funnel", "quiet": "went quiet"}
	for _, path := range commandPaths(t) {
		if len(path) != 2 || path[0] != "report" {
			continue
		}
		topic, ok := topics[path[1]]
		if !ok {
			t.Errorf("report %s has no topic in this test: add the words keepwarm --help names it by", path[1])
			continue
		}
		if !strings.Contains(reports, topic) {
			t.Errorf("keepwarm --help does not name report %s (%q):\n%s", path[1], topic, reports)
		}
	}
}

// The command list says what `auth` signs in: Gmail too, and notify.
func TestAuthHelpNamesGmailAndNotify(t *testing.T) {
	_, out, _ := runBare(t, "--help")
	i := strings.Index(out, "\n  auth ")
	if i < 0 {
		t.Fatalf("no auth in:\n%s", out)
	}
	entry := out[i+1:]
	if j := strings.Index(entry, "\n  demo "); j > 0 {
		entry = entry[:j]
	}
	for _, want := range []string{"Microsoft 365", "Gmail", "notify"} {
		if !strings.Contains(strings.Join(strings.Fields(entry), " "), want) {
			t.Errorf("the auth entry lacks %q:\n%s", want, entry)
		}
	}
}

func TestInitHelpWritesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{{"init", "--help"}, {"init", "-h"}, {"init", "sub", "--help"}, {"help", "init"}} {
		code, out, _ := runBare(t, args...)
		if code != 0 || !strings.Contains(out, "Usage: keepwarm init") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("init --help wrote %v", entries)
	}
}

// A newcomer's "kill -HUP" to reload stops keepwarm: run's help says so.
func TestRunHelpSaysSIGHUPStopsIt(t *testing.T) {
	code, out, _ := runBare(t, "run", "--help")
	if code != 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "SIGINT, SIGTERM or SIGHUP (no reload: restart it to read the config)") {
		t.Errorf("run --help: exit %d, %q", code, out)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, errs := runBare(t, args...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "keepwarm ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	withRev := &debug.BuildInfo{Main: debug.Module{Path: "keepwarm", Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{withRev, true, "keepwarm v1.4.0 (revision 0123456789ab, 2026-11-30T10:00:00Z, with uncommitted changes)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "keepwarm (development build) (no VCS revision recorded: built with -buildvcs=false or outside a git checkout)"},
		{nil, false, "keepwarm (no build information)"},
	} {
		if got := formatVersion(tc.bi, tc.ok); got != tc.want {
			t.Errorf("formatVersion = %q, want %q", got, tc.want)
		}
	}
}

// TestStartVersion: `keepwarm run`'s start line carries the version when
// the build recorded one (a module version or a revision), and none else.
func TestStartVersion(t *testing.T) {
	revOnly := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}}
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{&debug.BuildInfo{Main: debug.Module{Path: "keepwarm", Version: "v1.4.0"}}, true, "v1.4.0 (no VCS revision recorded: built with -buildvcs=false or outside a git checkout)"},
		{revOnly, true, "(development build) (revision 0123456789ab)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, ""},
		{nil, false, ""},
	} {
		if got := startVersion(tc.bi, tc.ok); got != tc.want {
			t.Errorf("startVersion = %q, want %q", got, tc.want)
		}
	}
}

func TestUnknownCommandSuggestsTheNearest(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"snyc"}, `unknown command "snyc": did you mean "sync"?`},
		{[]string{"report", "replys"}, `did you mean "replies"?`},
		{[]string{"sequences", "chek"}, `did you mean "check"?`},
		// A group with a default command (customers → list) parses the
		// misspelt word as list's argument; it is still a command's name.
		{[]string{"customers", "shwo"}, `unknown command "shwo": did you mean "show"?`},
		{[]string{"customers", "imprt"}, `did you mean "import"?`},
		// The default command is a command too.
		{[]string{"customers", "lst"}, `unknown command "lst": did you mean "list" or "set"?`},
	} {
		code, out, errs := runBare(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, out, errs, tc.want)
		}
	}
}

// A command or an argument left out is called missing, by name.
func TestMissingCommandOrArgumentIsNamed(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"web"}, `keepwarm: missing a command: "link"`},
		{[]string{"sequences"}, `keepwarm: missing a command: "list", "show", "check"`},
		{[]string{"tasks", "done"}, "keepwarm: missing <id>"},
		{[]string{"enroll"}, "keepwarm: missing <thread>"},
	} {
		code, _, errs := runBare(t, tc.args...)
		if first, _, _ := strings.Cut(errs, "\n"); code != 2 || first != tc.want {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

func TestUsageErrorIsOneLineAndAPointer(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		pointer string
	}{
		{[]string{"threads", "--limit", "many"}, "keepwarm threads --help"},
		{[]string{"threads", "extra"}, "keepwarm threads --help"},
		{[]string{"sync", "--no-such-flag"}, "keepwarm sync --help"},
		{[]string{"pause"}, "keepwarm pause --help"},
		{[]string{"completion", "tcsh"}, "keepwarm completion --help"},
		{nil, "keepwarm --help"},
		{[]string{"tasks", "done"}, "keepwarm tasks done --help"},
		{[]string{"web"}, "keepwarm web --help"},
	} {
		code, out, errs := runBare(t, tc.args...)
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		if code != 2 || out != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], "keepwarm: ") || !strings.Contains(lines[1], tc.pointer) {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s\nwant 2 lines ending with a pointer to %q", tc.args, code, out, errs, tc.pointer)
		}
	}
}

// TestGlobalFlagsAnywhere: --config, --now and --log-level work before and
// after the command and its own flags.
func TestGlobalFlagsAnywhere(t *testing.T) {
	t.Chdir(t.TempDir())
	missing := filepath.Join(t.TempDir(), "elsewhere.toml")
	for _, args := range [][]string{
		{"--config", missing, "threads", "--json"},
		{"threads", "--config", missing, "--json"},
		{"threads", "--json", "--config=" + missing},
		{"customers", "show", "acme.example", "--config", missing, "--now", "2026-11-26T09:00:00+08:00", "--log-level", "debug"},
	} {
		code, _, errs := runBare(t, args...)
		// The config named is the one looked for, wherever the flag stood.
		if code != 1 || !strings.Contains(errs, missing) {
			t.Errorf("%v: exit %d, stderr %q; want the missing %s named", args, code, errs, missing)
		}
	}
	code, _, errs := runBare(t, "threads", "--now", "yesterday")
	if code != 2 || !strings.Contains(errs, "--now \"yesterday\": write it as RFC 3339") {
		t.Errorf("--now after the command: exit %d, %q", code, errs)
	}
	code, _, errs = runBare(t, "threads", "--log-level", "loud")
	if code != 2 || !strings.Contains(errs, "--log-level \"loud\"") {
		t.Errorf("--log-level after the command: exit %d, %q", code, errs)
	}
}

func TestCompletionCandidates(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  []string
		not   []string
	}{
		{nil, []string{"sync", "customers", "report", "--config", "--now"}, []string{"__complete", "show"}},
		{[]string{"customers"}, []string{"show", "import", "claim", "--config"}, []string{"sync"}},
		{[]string{"--config", "x.toml", "report"}, []string{"replies", "pareto", "sequences"}, nil},
		{[]string{"sync"}, []string{"--mailbox", "--config", "--log-level"}, []string{"customers"}},
		{[]string{"report", "replies", "--since", "7d"}, []string{"--by", "--format", "--until"}, nil},
	} {
		code, out, errs := runBare(t, append([]string{"__complete"}, tc.words...)...)
		got := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 {
			t.Errorf("__complete %v: exit %d %s", tc.words, code, errs)
		}
		for _, w := range tc.want {
			if !containsString(got, w) {
				t.Errorf("__complete %v = %v: missing %q", tc.words, got, w)
			}
		}
		for _, w := range tc.not {
			if containsString(got, w) {
				t.Errorf("__complete %v = %v: should not offer %q", tc.words, got, w)
			}
		}
	}
}

// TestCompletionScripts runs the bash script in a real bash: keepwarm is a
// shell function there that records what it was asked and answers as the
// __complete command would. zsh and fish scripts are checked by their own
// shells when installed.
func TestCompletionScripts(t *testing.T) {
	scripts := map[string]string{}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, errs := runBare(t, "completion", sh)
		if code != 0 || !strings.Contains(out, "keepwarm __complete") {
			t.Fatalf("completion %s: exit %d %s", sh, code, errs)
		}
		scripts[sh] = out
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the completion script in")
	}
	_, answer, _ := runBare(t, "__complete", "report")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "answer"), []byte(answer), 0o600); err != nil {
		t.Fatal(err)
	}
	prog := scripts["bash"] + `
keepwarm() { printf '%s|' "$@" > "$DIR/asked"; cat "$DIR/answer"; }
COMP_WORDS=(keepwarm --config x.toml report re)
COMP_CWORD=4
_keepwarm
printf '%s\n' "${COMPREPLY[@]}"
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
	cmd.Env = append(os.Environ(), "DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "replies" {
		t.Errorf("bash completes 'report re' to %q, want replies", got)
	}
	asked, _ := os.ReadFile(filepath.Join(dir, "asked"))
	if string(asked) != "__complete|--config|x.toml|report|" {
		t.Errorf("the script asked keepwarm %q", asked)
	}
	// zsh and fish run their scripts too where installed (.ci/run installs
	// them): keepwarm is again a function that records what it was asked.
	shells := map[string]string{
		// compadd and compdef exist only inside zsh's completion system;
		// here they print what they were handed. zsh filters by the word
		// being typed itself, so every answer reaches compadd.
		"zsh": `compdef() { :; }
_files() { :; }
compadd() { [[ $1 == -a ]] && print -l -- "${(@P)2}"; }
source "$DIR/keepwarm.zsh"
keepwarm() { printf '%s|' "$@" > "$DIR/asked"; cat "$DIR/answer"; }
words=(keepwarm --config x.toml report re)
CURRENT=5
_keepwarm | grep -x replies
`,
		// fish asks the script's command and filters by the token itself.
		"fish": `source $DIR/keepwarm.fish
function keepwarm; printf '%s|' $argv > $DIR/asked; cat $DIR/answer; end
complete -C 'keepwarm --config x.toml report re'
`,
	}
	for _, sh := range []string{"zsh", "fish"} {
		path, err := exec.LookPath(sh)
		if err != nil {
			t.Logf("NO %s INSTALLED: its completion script is not run here (.ci/run installs it)", sh)
			continue
		}
		f := filepath.Join(dir, "keepwarm."+sh)
		if err := os.WriteFile(f, []byte(scripts[sh]), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(path, "-n", f).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v\n%s", sh, err, out)
			continue
		}
		os.Remove(filepath.Join(dir, "asked"))
		cmd := exec.Command(path, "-c", shells[sh])
		cmd.Env = append(os.Environ(), "DIR="+dir, "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s completing 'report re': %v\n%s", sh, err, out)
			continue
		}
		got := strings.Fields(string(out))
		if len(got) != 1 || got[0] != "replies" {
			t.Errorf("%s completes 'report re' to %q, want replies", sh, out)
		}
		asked, _ := os.ReadFile(filepath.Join(dir, "asked"))
		if string(asked) != "__complete|--config|x.toml|report|" {
			t.Errorf("the %s script asked keepwarm %q", sh, asked)
		}
	}
}

// TestReadmeCommandsParse: every command line in the README's command table
// is accepted by the parser (the table is the contract).
func TestReadmeCommandsParse(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "\n## Commands\n")
	section, _, _ = strings.Cut(section, "\n## ")
	row := regexp.MustCompile("(?m)^\\| `keepwarm ([^`]+)`")
	n := 0
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		var path []string
		for _, w := range strings.Fields(m[1]) {
			if strings.HasPrefix(w, "[") || strings.HasPrefix(w, "-") || strings.ToUpper(w) == w || strings.Contains(w, "|") {
				break
			}
			path = append(path, w)
		}
		n++
		code, out, errs := runBare(t, append(path, "--help")...)
		if code != 0 || !strings.Contains(out, "Usage: keepwarm "+strings.Join(path, " ")) {
			t.Errorf("README's `keepwarm %s`: %v --help: exit %d %s", m[1], path, code, errs)
		}
	}
	if n < 25 {
		t.Fatalf("only %d README command rows found", n)
	}
}

// tasks done --help names every reason a call can be closed with, from the
// list the code accepts (not a copy that can drift from it).
func TestTasksDoneHelpNamesEveryQuietReason(t *testing.T) {
	code, out, errs := runBare(t, "tasks", "done", "--help")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, r := range keepwarm.QuietReasons {
		if want := string(r) + " (" + r.Label() + ")"; !strings.Contains(flat, want) {
			t.Errorf("tasks done --help lacks %q:\n%s", want, out)
		}
	}
}

// The root help's exit statuses are the README's, word for word (the
// README's with its code marks): a cron line is written from either, and
// the help named neither --allow-rejects nor order numbers with another
// date or amount, which still exit 3 with it.
func TestExitStatusesAreTheReadmes(t *testing.T) {
	_, out, _ := runBare(t, "--help")
	help := strings.Join(strings.Fields(exitStatuses), " ")
	if !strings.Contains(strings.Join(strings.Fields(out), " "), help) {
		t.Errorf("--help does not show the exit statuses:\n%s", out)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, para, _ := strings.Cut(string(readme), "Exit status, for scripts and cron:")
	para, _, ok := strings.Cut(para, "`keepwarm --help` lists them too.")
	if !ok {
		t.Fatal("the README's exit statuses no longer end with \"`keepwarm --help` lists them too.\"")
	}
	para = "Exit status: " + strings.Join(strings.Fields(strings.ReplaceAll(para, "`", "")), " ")
	if para != help {
		t.Errorf("the README's exit statuses and --help's differ:\nREADME: %s\nhelp:   %s", para, help)
	}
	for _, want := range []string{"held rows as possible corrections", "another date or amount", "--allow-rejects does not make these 0",
		"other sheets with the command's header were not read (--sheet NAME reads each; --allow-rejects does not make this 0)"} {
		if !strings.Contains(help, want) {
			t.Errorf("the exit statuses do not say %q: %s", want, help)
		}
	}
}
