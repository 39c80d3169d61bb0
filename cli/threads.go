package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"keepwarm/store"
)

// cmdThreads lists conversations, newest first.
type threadsCmd struct {
	Customer string `name:"customer" help:"only this customer: a contact address, a domain, or a customer key"`
	Limit    int    `name:"limit" help:"at most this many threads (0: all)"`
	All      bool   `name:"all" help:"also list threads with no customer (team mail, keepwarm's own nudges and digests)"`
	JSON     bool   `name:"json" help:"print JSON"`
}

func (opt *threadsCmd) Run(ctx context.Context, m *Main) error {
	customer, limit, all, asJSON := &opt.Customer, &opt.Limit, &opt.All, &opt.JSON
	threads, err := m.db.ListThreads(ctx, store.ThreadFilter{Customer: *customer, Limit: *limit, Internal: *all})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, threads)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tMSGS\tLAST IN\tLAST OUT\tSUBJECT")
	loc := m.cfg.TeamLocation()
	for _, t := range threads {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", t.ID, orDash(t.Customer), t.Messages,
			fmtTimePtr(t.LastInboundAt, loc), fmtTimePtr(t.LastOutboundAt, loc), truncate(t.Subject, 60))
	}
	return tw.Flush()
}

// cmdFlagged lists messages kept raw because they could not be parsed.
type flaggedCmd struct {
	JSON bool `name:"json" help:"print JSON"`
}

func (opt *flaggedCmd) Run(ctx context.Context, m *Main) error {
	asJSON := &opt.JSON
	flagged, err := m.db.FlaggedMessages(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, flagged)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tMAILBOX\tKEY\tREASON")
	for _, f := range flagged {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", f.ID, f.Mailbox, truncate(f.Key, 50), f.ParseError)
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func fmtTimePtr(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
