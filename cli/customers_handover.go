package cli

import (
	"context"
	"fmt"
	"strings"
)

// customersHandoverCmd hands all of one owner's customers on at once: when
// a salesperson leaves, their hundreds of customers are not handed on one
// `customers set` at a time.
type customersHandoverCmd struct {
	From   string `arg:"" name:"from" help:"the owner whose customers move (email or name; one who left is given by the email the book holds)"`
	To     string `arg:"" name:"to" help:"the configured salesperson who takes them"`
	DryRun bool   `name:"dry-run" help:"say how many would move, change nothing"`
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
		return usageError{fmt.Sprintf("customers handover: %q is not a configured [[salesperson]]: give their email or name", opt.To)}
	}
	if strings.EqualFold(from, to) {
		return usageError{fmt.Sprintf("customers handover: FROM and TO are the same person (%s): name the salesperson who takes the customers", to)}
	}
	ids, err := m.db.HandOver(ctx, from, to, m.clock.Now(), m.actor(), opt.DryRun)
	if err != nil {
		return err
	}
	switch {
	case len(ids) == 0:
		fmt.Fprintf(m.Stdout, "%s owns no customers: nothing to hand on\n", from)
	case opt.DryRun:
		fmt.Fprintf(m.Stdout, "dry run: %d customer(s) of %s would go to %s\n", len(ids), from, to)
	default:
		fmt.Fprintf(m.Stdout, "%d customer(s) of %s are %s's now; follow-ups in %s's name stop at their next step\n", len(ids), from, to, from)
	}
	return nil
}
