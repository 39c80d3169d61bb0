// Command keepwarm runs beside an export sales team's mailboxes: it syncs them
// over IMAP, ties every thread to a customer, holds the reply clock and runs
// follow-ups, greetings and digests. main only builds the command line
// (package cli) and runs it; it is the only place that calls os.Exit.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"keepwarm/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := cli.NewMain(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
