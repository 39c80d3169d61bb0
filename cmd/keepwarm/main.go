// Command keepwarm runs beside an export sales team's mailboxes: it syncs them
// over IMAP, ties every thread to a customer, holds the reply clock and runs
// follow-ups, greetings and digests. main only builds the command line
// (package cli) and runs it; it is the only place that calls os.Exit.
package main

import (
	"os"

	"keepwarm/cli"
)

func main() {
	// The first SIGINT or SIGTERM stops keepwarm gracefully; a second one
	// ends it at once (see Main.RunWithSignals).
	m := cli.NewMain(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	os.Exit(m.RunWithSignals(os.Args[1:], os.Exit))
}
