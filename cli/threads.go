package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"keepwarm/store"
)

// cmdThreads lists conversations, newest first.
type threadsCmd struct {
	Customer string `name:"customer" help:"only this customer: an id, a contact address (the threads it appears in), a domain, a phone, a customer key or the exact company name"`
	Limit    int    `name:"limit" help:"at most this many threads (0: all)"`
	All      bool   `name:"all" help:"also list threads with no customer (team mail, keepwarm's own nudges and digests)"`
	JSON     bool   `name:"json" help:"print JSON"`
}

func (opt *threadsCmd) Run(ctx context.Context, m *Main) error {
	customer, limit, all, asJSON := &opt.Customer, &opt.Limit, &opt.All, &opt.JSON
	if *customer != "" {
		// Read as every other --customer: a typo or an unknown customer is
		// an error, not an empty list that reads "we never wrote to them".
		id, err := m.customerArg(ctx, *customer)
		if err != nil {
			return err
		}
		if a := strings.TrimSpace(*customer); strings.Contains(a, "@") {
			*customer = a // a contact: the threads it appears in
		} else {
			c, err := m.db.Customer(ctx, id)
			if err != nil {
				return err
			}
			*customer = c.Key
		}
	}
	threads, err := m.db.ListThreads(ctx, store.ThreadFilter{Customer: *customer, Limit: *limit, Internal: *all})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, threads)
	}
	n, err := m.names(ctx)
	if err != nil {
		return err
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tMSGS\tLAST IN\tLAST OUT\tSUBJECT")
	loc := m.cfg.TeamLocation()
	for _, t := range threads {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", t.ID, orDash(truncate(n.customer(t.Customer), 30)), t.Messages,
			fmtTimePtr(t.LastInboundAt, loc), fmtTimePtr(t.LastOutboundAt, loc), truncate(t.Subject, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, zoneNote(loc, m.clock.Now()))
	return nil
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
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ID\tMAILBOX\tKEY\tREASON")
	for _, f := range flagged {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", f.ID, f.Mailbox, truncate(f.Key, 50), f.ParseError)
	}
	return tw.Flush()
}

// writeJSON prints v as indented JSON. A time that is not set is null,
// never "0001-01-01T00:00:00Z": the types printed are the store's and the
// domain's, whose zero times mean "none".
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	out := buf.Bytes()
	// The expression tries every quote; a report's tens of MB with no zero
	// time in them skip it (a quick scan finds the dates it could match).
	if bytes.Contains(out, []byte(`"0001-01-01T`)) || bytes.Contains(out, []byte(`"0000-12-31T`)) {
		out = zeroTime.ReplaceAll(out, []byte("null"))
	}
	_, err := w.Write(out)
	return err
}

// zeroTime is time.Time{} as encoding/json writes it, in UTC or moved to
// any zone (which may put it on the last day of year 0).
var zeroTime = regexp.MustCompile(`"(?:0001-01-01|0000-12-31)T\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)"`)

func fmtTimePtr(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.In(loc).Format(timeLayout)
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
