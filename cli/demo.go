package cli

import (
	"context"
	"io"

	"keepwarm/app"
	"keepwarm/demo"
)

// cmdDemo plays two weeks of an export sales team's mail through the real
// daemon code and narrates what keepwarm did (see package demo).
type demoCmd struct {
	Days    int    `name:"days" help:"how many days to play (1-28)" default:"14"`
	Keep    string `name:"keep" help:"keep the config, database and mailboxes in this directory to explore afterwards"`
	Verbose bool   `name:"verbose" help:"also print keepwarm's own log lines (stderr)"`
	Web     bool   `name:"web" help:"afterwards keep the web application up on 127.0.0.1 with the demo's data and print sign-in links (Ctrl-C stops)"`
}

func (opt *demoCmd) Run(ctx context.Context, m *Main) error {
	days, keep, verbose := &opt.Days, &opt.Keep, &opt.Verbose
	return demo.Run(ctx, demo.Options{
		Days: *days, Keep: *keep, Verbose: *verbose, Web: opt.Web,
		Stdout: m.Stdout, Stderr: m.Stderr, Log: m.log, Getenv: m.Getenv,
		Command: m.runOn, Invocation: m.selfCommand(),
	})
}

// selfCommand is how to run this keepwarm again (see selfCommand), or
// Main's self when a test set it.
func (m *Main) selfCommand() string {
	if m.self != "" {
		return m.self
	}
	return selfCommand()
}

// runOn runs one subcommand (args as typed after `keepwarm`) on an App
// opened elsewhere, with its output to out.
func (m *Main) runOn(ctx context.Context, a *app.App, out io.Writer, args ...string) error {
	sub := &Main{Stdin: m.Stdin, Stdout: out, Stderr: m.Stderr, Getenv: a.Getenv, configPath: a.ConfigPath}
	sub.use(a)
	_, err := sub.run(ctx, args)
	return err
}
