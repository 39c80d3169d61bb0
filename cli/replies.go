package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm/sequences"
	"keepwarm/store"
)

// repliesCmd lists the customer mail waiting for an answer, and marks one
// as needing none ("Thanks, received!"), as the desk's button does:
// `keepwarm replies done MESSAGE-ID`, taken back with `replies undo`.
type repliesCmd struct {
	List repliesListCmd `cmd:"" default:"withargs" help:"list the customer mail waiting for an answer, oldest first (the default)"`
	Done repliesDoneCmd `cmd:"" help:"mark a customer mail as needing no answer: no more nudges, off the waiting lists, not late in the reports"`
	Undo repliesUndoCmd `cmd:"" help:"take back a \"no answer needed\" mark: the mail waits for an answer again"`
}

type repliesListCmd struct {
	Owner string `name:"owner" help:"only the mail this salesperson answers (email or name)"`
	JSON  bool   `name:"json" help:"print JSON"`
}

func (opt *repliesListCmd) Run(ctx context.Context, m *Main) error {
	now := m.clock.Now().Truncate(time.Second)
	owner := ""
	if opt.Owner != "" {
		var err error
		if owner, err = m.ownerArg(ctx, "replies --owner", opt.Owner); err != nil {
			return err
		}
	}
	if _, err := sequences.NewReplyWatch(m.app.ReplyConfig(), m.db, m.log).Measure(ctx, now); err != nil {
		return err
	}
	var list []store.ReplyItem
	var err error
	if owner != "" {
		list, err = m.db.UnansweredReplies(ctx, owner, now.Add(time.Second), now)
	} else {
		list, err = m.db.AllUnansweredReplies(ctx, now.Add(time.Second), now)
	}
	if err != nil {
		return err
	}
	if opt.JSON {
		return writeJSON(m.Stdout, list)
	}
	loc := m.cfg.TeamLocation()
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "MESSAGE\tRECEIVED\tWAITING\tOWNER\tCUSTOMER\tFROM\tSUBJECT")
	for _, it := range list {
		s := it.Seconds
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", it.MessageID, it.ReceivedAt.In(loc).Format(timeLayout), fmtSecs(&s),
			orDash(m.personName(it.Owner)), orDash(truncate(customerLabel(it.Customer, it.CustomerName), 30)), it.Contact, truncate(it.Subject, 50))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d waiting; `keepwarm replies done MESSAGE` when one needs no answer. %s\n", len(list), zoneNote(loc, now))
	return nil
}

type repliesDoneCmd struct {
	ID int64  `arg:"" name:"message" help:"the customer mail's id (the MESSAGE column of keepwarm replies)"`
	By string `name:"by" help:"who decided it needs no answer, for the audit (default: the manager)"`
}

func (opt *repliesDoneCmd) Run(ctx context.Context, m *Main) error {
	if err := m.liveOnly("keepwarm replies done would stop the mail's nudges today, with the mark recorded as made then"); err != nil {
		return err
	}
	by := m.repliesActor(opt.By)
	w, _, err := m.app.ReplyMarks().Mark(ctx, store.Viewer{Email: by, Manager: true}, opt.ID, by, m.clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "message %d (%s, %q) needs no answer: marked by %s\n", w.MessageID, customerLabel("", w.CustomerName), w.Subject, by)
	return nil
}

type repliesUndoCmd struct {
	ID int64  `arg:"" name:"message" help:"the customer mail's id"`
	By string `name:"by" help:"who takes the mark back, for the audit (default: the manager)"`
}

func (opt *repliesUndoCmd) Run(ctx context.Context, m *Main) error {
	if err := m.liveOnly("keepwarm replies undo would start the mail's nudges again today, with the mark taken back then"); err != nil {
		return err
	}
	by := m.repliesActor(opt.By)
	w, _, err := m.app.ReplyMarks().Undo(ctx, store.Viewer{Email: by, Manager: true}, opt.ID, by, m.clock.Now())
	if err != nil {
		return err
	}
	if w.Answered {
		fmt.Fprintf(m.Stdout, "message %d: mark taken back; it was answered meanwhile\n", w.MessageID)
	} else {
		fmt.Fprintf(m.Stdout, "message %d: mark taken back; it waits for an answer again\n", w.MessageID)
	}
	return nil
}

// repliesActor is --by, else whoever runs the command (the manager).
func (m *Main) repliesActor(by string) string {
	if by = strings.ToLower(strings.TrimSpace(by)); by != "" {
		return by
	}
	return m.actor()
}
