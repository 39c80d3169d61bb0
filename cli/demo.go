package cli

import (
	"context"
	"fmt"
	"io"

	"keepwarm/app"
	"keepwarm/demo"
)

// cmdDemo plays two weeks of an export sales team's mail through the real
// daemon code and narrates what keepwarm did (see package demo).
func cmdDemo(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("demo")
	days := fs.Int("days", 14, "how many days to play (1-28)")
	keep := fs.String("keep", "", "keep the config, database and mailboxes in this directory to explore afterwards")
	verbose := fs.Bool("verbose", false, "also print keepwarm's own log lines (stderr)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return demo.Run(ctx, demo.Options{
		Days: *days, Keep: *keep, Verbose: *verbose,
		Stdout: m.Stdout, Stderr: m.Stderr, Log: m.log, Getenv: m.Getenv,
		Command: m.runOn,
	})
}

// runOn runs one subcommand (args as typed after `keepwarm`) on an App
// opened elsewhere, with its output to out.
func (m *Main) runOn(ctx context.Context, a *app.App, out io.Writer, args ...string) error {
	if len(args) == 0 {
		return fmt.Errorf("no command given")
	}
	for _, c := range commands() {
		if c.name == args[0] {
			sub := &Main{Stdin: m.Stdin, Stdout: out, Stderr: m.Stderr, Getenv: a.Getenv, configPath: a.ConfigPath}
			sub.use(a)
			return c.run(ctx, sub, args[1:])
		}
	}
	return fmt.Errorf("unknown command %q", args[0])
}
