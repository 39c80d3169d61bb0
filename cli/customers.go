package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/store"

	"github.com/alecthomas/kong"
)

const customersUsage = `keepwarm customers [list] [--owner ADDR] [--pool] [--grade X] [--json]
keepwarm customers show ADDR|ID [--json]
keepwarm customers set ADDR [--grade X] [--owner ADDR] [--country C] [--tz ZONE] [--lang L] [--tags T] [--note TEXT] [--opted-out]
keepwarm customers merge KEEP DROP
keepwarm customers unmerge ID   (the customer merged away, or the kept one: its latest merge)
keepwarm customers import FILE.xlsx|FILE.csv [--owner ADDR | --pool] [--merge-on-phone] [--date-format dmy|mdy] [--dry-run] [--json]
keepwarm customers review ADDR [--grade X] [--note TEXT] [--by ADDR]
keepwarm customers claim ADDR --salesperson EMAIL|NAME
keepwarm customers release ADDR
keepwarm customers won ADDR
keepwarm customers handover FROM TO [--dry-run] [--yes]   (--yes: FROM is still on the team)
keepwarm customers contact EMAIL [--name N] [--birthday DATE] [--holidays LIST]`

// customersCmd holds the customer book's subcommands; without one it
// lists, as `keepwarm customers [--json]` always did.
type customersCmd struct {
	List     customersListCmd     `cmd:"" default:"withargs" help:"list customers (the default)"`
	Show     customersShowCmd     `cmd:"" help:"one customer: contacts, threads, history"`
	Set      customersSetCmd      `cmd:"" help:"change a customer's grade, owner, country, time zone, language, tags or note"`
	Merge    customersMergeCmd    `cmd:"" help:"merge DROP into KEEP (threads, enrollments and history move)"`
	Unmerge  customersUnmergeCmd  `cmd:"" help:"undo a merge: ID is the customer merged away, or the kept one (its latest merge)"`
	Import   customersImportCmd   `cmd:"" help:"import the customer book from .xlsx or .csv"`
	Review   customersReviewCmd   `cmd:"" help:"record a review (and a new grade)"`
	Claim    customersClaimCmd    `cmd:"" help:"claim a pool customer for a salesperson"`
	Release  customersPoolCmd     `cmd:"" help:"put a customer back in the pool"`
	Won      customersPoolCmd     `cmd:"" help:"mark a customer won (it stays with its owner)"`
	Handover customersHandoverCmd `cmd:"" help:"hand every customer of FROM (a salesperson who left; one still on the team needs --yes) to TO"`
	Contact  customersContactCmd  `cmd:"" help:"correct a contact's name, birthday or holidays (an import of a sheet saying otherwise replaces them again: correct the CRM too)"`
}

// customerArg resolves the one positional argument of a subcommand.
func (m *Main) customerArg(ctx context.Context, arg string) (int64, error) {
	return m.db.FindCustomer(ctx, arg, m.cfg.Book.DefaultRegion)
}

// sequenceCustomer is the customer arg names (customerArg: a merged-away
// one's survivor, an ambiguous name refused) as a sequence step sees it.
func (m *Main) sequenceCustomer(ctx context.Context, arg string) (keepwarm.Customer, error) {
	id, err := m.customerArg(ctx, arg)
	if err != nil {
		return keepwarm.Customer{}, err
	}
	return m.db.CustomerForSequence(ctx, id)
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

type customersListCmd struct {
	Owner string `name:"owner" help:"only this salesperson's customers (email or name)"`
	Pool  bool   `name:"pool" help:"only customers in the public pool"`
	Grade string `name:"grade" help:"only this grade (A-E)"`
	JSON  bool   `name:"json" help:"print JSON"`
}

func (opt *customersListCmd) Run(ctx context.Context, m *Main) error {
	owner, pool, grade, asJSON := &opt.Owner, &opt.Pool, &opt.Grade, &opt.JSON
	if err := m.catchUpBook(ctx, ""); err != nil {
		return err
	}
	if *owner != "" {
		email, err := m.ownerArg(ctx, "customers --owner", *owner)
		if err != nil {
			return err
		}
		*owner = email
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
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tOWNER\tGRADE\tCOUNTRY\tTHREADS\tLAST IN\tCONTACTS\tSTATUS")
	loc := m.cfg.TeamLocation()
	for _, it := range items {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", it.ID, truncate(customerLabel(it.Key, it.Name), 30), m.ownerName(it.Owner),
			orDash(it.Grade), orDash(it.Country), it.Threads, fmtTimePtr(it.LastInboundAt, loc),
			truncate(strings.Join(it.Contacts, ", "), 40), orDash(it.Status))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, zoneNote(loc, now))
	return nil
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
		parts = append(parts, "claimed, "+rules.Status(c, now))
	}
	if e.WonAt != nil {
		parts = append(parts, "won")
	}
	if e.OptedOutAt != nil {
		if e.OptOutReason != "" {
			parts = append(parts, "opted out: "+e.OptOutReason)
		} else {
			parts = append(parts, "opted out")
		}
	}
	return strings.Join(parts, "; ")
}

type customersMergeCmd struct {
	Keep   string `arg:"" name:"keep" help:"the customer that stays (id, contact email, domain, phone or exact name)"`
	Drop   string `arg:"" name:"drop" help:"the customer merged into it"`
	DryRun bool   `name:"dry-run" help:"name the customer kept and the one merged into it, and merge nothing"`
	Yes    bool   `name:"yes" help:"merge without asking (otherwise asked on a terminal, refused elsewhere)"`
}

// Run merges DROP into KEEP after naming both: KEEP and DROP swapped keep
// the wrong survivor, and an unmerge does not bring everything back. On a
// terminal it asks first; elsewhere it needs --yes, as customers handover.
func (opt *customersMergeCmd) Run(ctx context.Context, m *Main) error {
	if !opt.DryRun {
		if err := m.liveOnly("keepwarm customers merge would move the threads and follow-ups today, with the merge recorded as made then (an unmerge would miss the mail in between)"); err != nil {
			return err
		}
	}
	args := []string{opt.Keep, opt.Drop}
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
	if ids[0] != ids[1] && (opt.DryRun || !opt.Yes) {
		// The merge made and rolled back: what it would move, and its
		// notes (whose follow-ups stop for good) read before, not after.
		res, err := m.db.MergeCustomersDryRun(ctx, ids[0], ids[1], m.clock.Now(), m.actor())
		if err != nil {
			return err
		}
		what := fmt.Sprintf("#%d %s (%s, owner %s) would be merged into #%d %s (%s, owner %s), which stays: it would move %s",
			drop.ID, drop.Name, drop.Key, ownerLabel(drop.Owner), keep.ID, keep.Name, keep.Key, ownerLabel(keep.Owner), mergeMoved(res))
		for _, n := range res.Notes {
			what += "; " + n
		}
		what += "; an unmerge does not bring all of it back"
		if opt.DryRun {
			fmt.Fprintf(m.Stdout, "dry run: %s; nothing was merged\n", what)
			return nil
		}
		if err := m.confirm("customers merge", what, "Merge them?", "nothing merged"); err != nil {
			return err
		}
	}
	res, err := m.db.MergeCustomers(ctx, ids[0], ids[1], m.clock.Now(), m.actor())
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "merged #%d %s into #%d %s: moved %s\n", drop.ID, drop.Name, keep.ID, keep.Name, mergeMoved(res))
	for _, n := range res.Notes {
		fmt.Fprintf(m.Stdout, "  note: %s\n", n)
	}
	return nil
}

// mergeMoved lists the rows a merge moved, by kind.
func mergeMoved(res store.MergeResult) string {
	var moved []string
	for _, t := range []string{"contacts", "phones", "threads", "messages", "enrollments", "reply_clocks", "outbox", "reviews", "orders", "pool_events"} {
		if n := res.Moved[t]; n > 0 {
			moved = append(moved, fmt.Sprintf("%d %s", n, strings.ReplaceAll(t, "_", " ")))
		}
	}
	return orNone(strings.Join(moved, ", "))
}

type customersUnmergeCmd struct {
	ID string `arg:"" name:"id" help:"the customer merged away (its id, as customers show of the kept one lists it), or the kept one"`
}

func (opt *customersUnmergeCmd) Run(ctx context.Context, m *Main) error {
	if err := m.liveOnly("keepwarm customers unmerge would move the threads and follow-ups back today, counting the mail since the merge by then"); err != nil {
		return err
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(opt.ID), "#"), 10, 64)
	if err != nil {
		if id, err = m.db.FindCustomer(ctx, opt.ID, m.cfg.Book.DefaultRegion); err != nil {
			return err
		}
	}
	res, err := m.db.UnmergeCustomer(ctx, id, m.clock.Now(), m.actor())
	if err != nil {
		return err
	}
	kept, _ := m.db.Customer(ctx, res.Kept)
	back, _ := m.db.Customer(ctx, res.Restored)
	var moved []string
	for t, n := range res.Moved {
		if n > 0 {
			moved = append(moved, fmt.Sprintf("%d %s", n, strings.ReplaceAll(t, "_", " ")))
		}
	}
	slices.Sort(moved)
	fmt.Fprintf(m.Stdout, "#%d %s is its own customer again (was merged into #%d %s): moved back %s\n",
		back.ID, back.Name, kept.ID, kept.Name, orNone(strings.Join(moved, ", ")))
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

// customerRef is the one customer a subcommand acts on.
type customerRef struct {
	Customer string `arg:"" name:"customer" help:"id, contact email, domain, phone or exact name"`
}

type customersClaimCmd struct {
	customerRef
	Salesperson string `name:"salesperson" required:"" help:"the salesperson claiming (email or name)"`
}

func (opt *customersClaimCmd) Run(ctx context.Context, m *Main) error {
	return customersPool(ctx, m, "claim", opt.Customer, opt.Salesperson)
}

// customersPoolCmd is release and won.
type customersPoolCmd struct{ customerRef }

func (opt *customersPoolCmd) Run(ctx context.Context, m *Main, kctx *kong.Context) error {
	sub := kctx.Selected().Name
	return customersPool(ctx, m, sub, opt.Customer, "")
}

func customersPool(ctx context.Context, m *Main, sub, arg, salesperson string) error {
	sp := &salesperson
	id, err := m.customerArg(ctx, arg)
	if err != nil {
		return err
	}
	if err := m.catchUpBook(ctx, "keepwarm customers "+sub+" would change who owns the customer today, with the claim timed from then"); err != nil {
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
			return usageError{fmt.Sprintf("customers claim: --salesperson %q is not a configured [[salesperson]]: give their email or name (%s)", *sp, strings.Join(m.salespeople(), ", "))}
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
