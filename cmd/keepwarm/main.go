// Command keepwarm runs beside an export sales team's mailboxes: it syncs them
// over IMAP, ties every thread to a customer, and (as later subcommands land)
// holds the reply clock and runs follow-ups. main only parses and delegates;
// the work happens in Main.Run so tests can drive it in-process.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
