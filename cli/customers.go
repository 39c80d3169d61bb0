package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"keepwarm/book"
	"keepwarm/store"
)

const customersUsage = `keepwarm customers [list] [--owner ADDR] [--pool] [--grade X] [--json]
keepwarm customers show ADDR|ID [--json]
keepwarm customers set ADDR [--grade X] [--owner ADDR] [--country C] [--tz ZONE] [--lang L] [--tags T] [--note TEXT] [--opted-out]
keepwarm customers merge KEEP DROP
keepwarm customers import FILE.xlsx|FILE.csv [--owner ADDR] [--dry-run] [--json]
keepwarm customers review ADDR [--grade X] [--note TEXT] [--by ADDR]
keepwarm customers claim ADDR --salesperson ADDR
keepwarm customers release ADDR
keepwarm customers won ADDR`

// cmdCustomers dispatches the customer book's subcommands; without one it
// lists, as `keepwarm customers [--json]` always did.
func cmdCustomers(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return customersList(ctx, m, args)
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "list":
		return customersList(ctx, m, rest)
	case "show":
		return customersShow(ctx, m, rest)
	case "set":
		return customersSet(ctx, m, rest)
	case "merge":
		return customersMerge(ctx, m, rest)
	case "import":
		return customersImport(ctx, m, rest)
	case "review":
		return customersReview(ctx, m, rest)
	case "claim", "release", "won":
		return customersPool(ctx, m, sub, rest)
	}
	return usageError{fmt.Sprintf("customers: unknown subcommand %q\n%s", sub, customersUsage)}
}

// customerArg resolves the one positional argument of a subcommand.
func (m *Main) customerArg(ctx context.Context, name string, args []string) (int64, error) {
	if len(args) != 1 {
		return 0, usageError{fmt.Sprintf("customers %s: give one customer (id, contact email, domain, phone or exact name)", name)}
	}
	return m.db.FindCustomer(ctx, args[0], m.cfg.Book.DefaultRegion)
}

// splitArgs separates positional arguments from flags so that both
// `show ADDR --json` and `show --json ADDR` work.
func splitArgs(args []string, boolFlags ...string) (pos, flags []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && !contains(boolFlags, name) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return pos, flags
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

type listItem struct {
	store.BookEntry
	Status string `json:"status"`
}

func customersList(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("customers list")
	owner := fs.String("owner", "", "only this salesperson's customers")
	pool := fs.Bool("pool", false, "only customers in the public pool")
	grade := fs.String("grade", "", "only this grade (A-E)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := m.app.CatchUpBook(ctx); err != nil {
		return err
	}
	entries, err := m.db.Book(ctx)
	if err != nil {
		return err
	}
	now, rules := m.clock.Now(), m.cfg.Book.Rules()
	items := []listItem{}
	for _, e := range entries {
		if (*owner != "" && !strings.EqualFold(e.Owner, *owner)) || (*pool && e.Owner != "") ||
			(*grade != "" && !strings.EqualFold(e.Grade, *grade)) {
			continue
		}
		items = append(items, listItem{BookEntry: e, Status: status(e, rules, now)})
	}
	if *asJSON {
		return writeJSON(m.Stdout, items)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tOWNER\tGRADE\tCOUNTRY\tTHREADS\tLAST IN\tCONTACTS\tSTATUS")
	loc := m.cfg.TeamLocation()
	for _, it := range items {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", it.ID, truncate(it.Name, 30), ownerLabel(it.Owner),
			orDash(it.Grade), orDash(it.Country), it.Threads, fmtTimePtr(it.LastInboundAt, loc),
			truncate(strings.Join(it.Contacts, ", "), 40), orDash(it.Status))
	}
	return tw.Flush()
}

func ownerLabel(owner string) string {
	if owner == "" {
		return "(pool)"
	}
	return owner
}

// status is what a manager wants to see next to a customer: its claim's
// countdown, a win, an opt-out.
func status(e store.BookEntry, rules book.Rules, now time.Time) string {
	var parts []string
	if c, ok := e.Claim(); ok {
		switch st := rules.State(c, now); st {
		case book.ClaimConverted:
			parts = append(parts, "claimed, answered")
		default:
			parts = append(parts, "claimed, "+book.ReturningIn(c.Deadline, now))
		}
	}
	if e.WonAt != nil {
		parts = append(parts, "won")
	}
	if e.OptedOutAt != nil {
		parts = append(parts, "opted out")
	}
	return strings.Join(parts, "; ")
}

func customersMerge(ctx context.Context, m *Main, args []string) error {
	if len(args) != 2 {
		return usageError{"customers merge: give KEEP and DROP (id, contact email, domain, phone or exact name)"}
	}
	var ids [2]int64
	for i, a := range args {
		id, err := m.db.FindCustomer(ctx, a, m.cfg.Book.DefaultRegion)
		if err != nil {
			return err
		}
		ids[i] = id
	}
	keep, _ := m.db.Customer(ctx, ids[0])
	drop, _ := m.db.Customer(ctx, ids[1])
	res, err := m.db.MergeCustomers(ctx, ids[0], ids[1], m.clock.Now(), m.actor())
	if err != nil {
		return err
	}
	var moved []string
	for _, t := range []string{"contacts", "phones", "threads", "messages", "enrollments", "reply_clocks", "outbox", "reviews", "orders", "pool_events"} {
		if n := res.Moved[t]; n > 0 {
			moved = append(moved, fmt.Sprintf("%d %s", n, strings.ReplaceAll(t, "_", " ")))
		}
	}
	fmt.Fprintf(m.Stdout, "merged #%d %s into #%d %s: moved %s\n", drop.ID, drop.Name, keep.ID, keep.Name, orNone(strings.Join(moved, ", ")))
	for _, n := range res.Notes {
		fmt.Fprintf(m.Stdout, "  note: %s\n", n)
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

// actor names who runs a command, for history records.
func (m *Main) actor() string {
	if m.cfg.Team.Manager != "" {
		return m.cfg.Team.Manager
	}
	return "cli"
}

func customersPool(ctx context.Context, m *Main, sub string, args []string) error {
	pos, flags := splitArgs(args)
	fs := m.flags("customers " + sub)
	sp := fs.String("salesperson", "", "the salesperson claiming (email or name)")
	if err := parseFlags(fs, flags); err != nil {
		return err
	}
	id, err := m.customerArg(ctx, sub, pos)
	if err != nil {
		return err
	}
	if err := m.app.CatchUpBook(ctx); err != nil {
		return err
	}
	now := m.clock.Now()
	c, err := m.db.Customer(ctx, id)
	if err != nil {
		return err
	}
	switch sub {
	case "claim":
		email, ok := m.app.Salesperson(*sp)
		if !ok {
			return usageError{fmt.Sprintf("customers claim: --salesperson %q is not a configured [[salesperson]]", *sp)}
		}
		rules := m.cfg.Book.Rules()
		if err := m.db.ClaimCustomer(ctx, id, email, now, rules); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s claimed #%d %s: it must answer or be won by %s, or it returns to the pool\n",
			email, id, c.Name, now.Add(rules.ClaimDeadline).In(m.cfg.TeamLocation()).Format("2006-01-02 15:04"))
	case "release":
		if err := m.db.ReleaseCustomer(ctx, id, now, m.actor()); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "#%d %s is back in the pool (was %s)\n", id, c.Name, c.Owner)
	case "won":
		if err := m.db.MarkWon(ctx, id, now, m.actor()); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "#%d %s marked won\n", id, c.Name)
	}
	return nil
}
