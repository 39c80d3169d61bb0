package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// customersHandoverCmd hands all of one owner's customers on at once: when
// a salesperson leaves, their hundreds of customers are not handed on one
// `customers set` at a time.
type customersHandoverCmd struct {
	From   string `arg:"" name:"from" help:"the owner whose customers move (email or name; one who left is given by the email the book holds)"`
	To     string `arg:"" name:"to" help:"the configured salesperson who takes them"`
	DryRun bool   `name:"dry-run" help:"say which customers would move, change nothing"`
	Yes    bool   `name:"yes" help:"hand over even though FROM is still a configured salesperson or manager (otherwise asked on a terminal, refused elsewhere)"`
}

func (opt *customersHandoverCmd) Run(ctx context.Context, m *Main) error {
	change := "keepwarm customers handover would change who owns the customers today"
	if opt.DryRun {
		change = ""
	}
	if err := m.catchUpBook(ctx, change); err != nil {
		return err
	}
	from, err := m.ownerArg(ctx, "customers handover FROM", opt.From)
	if err != nil {
		return err
	}
	to, ok := m.app.Salesperson(opt.To)
	if !ok {
		return usageError{fmt.Sprintf("customers handover: %q is not a configured [[salesperson]]: give their email or name (%s)", opt.To, strings.Join(m.salespeople(), ", "))}
	}
	if strings.EqualFold(from, to) {
		return usageError{fmt.Sprintf("customers handover: FROM and TO are the same person (%s): name the salesperson who takes the customers", to)}
	}
	// FROM still on the team: a swapped FROM and TO, or a name mistyped,
	// would take a working salesperson's whole book and stop their
	// follow-ups for good, with no undo. Asked first, or --yes.
	if role := m.onTeam(from); role != "" && !opt.DryRun && !opt.Yes {
		ids, err := m.db.HandOver(ctx, from, to, m.clock.Now(), m.actor(), true)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			fmt.Fprintf(m.Stdout, "%s owns no customers: nothing to hand on\n", from)
			return nil
		}
		live, err := m.db.LiveFollowUpsOf(ctx, from)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("%s is still a configured %s: %d customer(s) and %d running or paused follow-up(s) in their name would move to %s, the follow-ups stopping for good", from, role, len(ids), live, to)
		if err := m.confirm("customers handover", what, "Hand them over?", "nothing moved"); err != nil {
			return err
		}
	}
	ids, err := m.db.HandOver(ctx, from, to, m.clock.Now(), m.actor(), opt.DryRun)
	if err != nil {
		return err
	}
	switch {
	case len(ids) == 0:
		fmt.Fprintf(m.Stdout, "%s owns no customers: nothing to hand on\n", from)
		return nil
	case opt.DryRun:
		fmt.Fprintf(m.Stdout, "dry run: %d customer(s) of %s would go to %s\n", len(ids), from, to)
		fmt.Fprintf(m.Stdout, "they would be (ids): %s\n", joinIDs(ids))
	default:
		fmt.Fprintf(m.Stdout, "%d customer(s) of %s are %s's now; follow-ups in %s's name stop at their next step\n", len(ids), from, to, from)
		fmt.Fprintf(m.Stdout, "moved (ids): %s\n", joinIDs(ids))
	}
	return nil
}

// onTeam says what from still is in the config ("salesperson" or
// "manager"), "" when neither (one who left).
func (m *Main) onTeam(from string) string {
	if _, ok := m.app.Salesperson(from); ok {
		return "[[salesperson]]"
	}
	for _, e := range m.cfg.Managers() {
		if strings.EqualFold(e, from) {
			return "manager"
		}
	}
	return ""
}

// joinIDs writes customer ids bare, space-separated: a #id pasted into a
// shell would be a comment.
func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, " ")
}

// confirm asks a person at a terminal before a change that cannot be
// undone, or that a mistyped argument would make to the wrong customer:
// what says what would happen, naming whom. Elsewhere (a script, cron) the
// change is refused as a usage error, nothing (e.g. "nothing moved")
// done: the caller's --yes is how a script says it is meant.
func (m *Main) confirm(cmd, what, question, nothing string) error {
	if !readerIsTerminal(m.Stdin) {
		return usageError{fmt.Sprintf("%s: %s; %s: add --yes if that is meant", cmd, what, nothing)}
	}
	fmt.Fprintf(m.Stderr, "%s.\n%s [y/N] ", what, question)
	line, _ := bufio.NewReader(m.Stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		fmt.Fprintln(m.Stderr, nothing)
		return exitError{2}
	}
	return nil
}

// readerIsTerminal says whether r is a terminal a person can answer at.
func readerIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
