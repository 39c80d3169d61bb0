package cli

import (
	"context"
	"fmt"

	"keepwarm"
	"keepwarm/sequences"
)

// tasksCmd lists the tasks sequences left for people (open ones unless
// --all), or marks one done: `keepwarm tasks done ID`.
type tasksCmd struct {
	List tasksListCmd `cmd:"" default:"withargs" help:"list open tasks (the default)"`
	Done tasksDoneCmd `cmd:"" help:"mark a task done"`
}

type tasksDoneCmd struct {
	ID     int64  `arg:"" name:"id" help:"the task's id (see keepwarm tasks)"`
	Reason string `name:"reason" help:"why the customer went quiet, one of: ${quietReasons}; for keepwarm report quiet"`
	Note   string `name:"note" help:"what the call taught, e.g. \"decides in March\" (kept on the task and in the customer's notes)"`
}

func (opt *tasksDoneCmd) Run(ctx context.Context, m *Main) error {
	reason, err := keepwarm.ParseQuietReason(opt.Reason)
	if err != nil {
		return usageError{"--reason: " + err.Error()}
	}
	if err := m.liveOnly("keepwarm tasks done would close the call then, and end its follow-up as answered today"); err != nil {
		return err
	}
	if err := m.db.DoneTask(ctx, opt.ID, m.clock.Now().In(m.cfg.TeamLocation()), opt.Note, reason); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "task %d done\n", opt.ID)
	return nil
}

type tasksListCmd struct {
	All   bool   `name:"all" help:"include done tasks"`
	Owner string `name:"owner" help:"only this salesperson's tasks (email or name)"`
	JSON  bool   `name:"json" help:"print JSON"`
}

func (opt *tasksListCmd) Run(ctx context.Context, m *Main) error {
	all, owner, asJSON := &opt.All, &opt.Owner, &opt.JSON
	if *owner != "" {
		email, err := m.ownerArg(ctx, "tasks --owner", *owner)
		if err != nil {
			return err
		}
		*owner = email
	}
	tasks, err := m.db.ListTasks(ctx, *all, *owner)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, tasks)
	}
	n, err := m.names(ctx)
	if err != nil {
		return err
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ID\tDUE\tOWNER\tCUSTOMER\tTHREAD\tSEQUENCE\tDONE\tTASK")
	loc := m.cfg.TeamLocation()
	for _, t := range tasks {
		done := "-"
		if !t.DoneAt.IsZero() {
			done = t.DoneAt.In(loc).Format(timeLayout)
		}
		title := t.Title
		if said := sequences.CallSaid(t); said != "" {
			title = said + " (" + title + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.DueAt.In(loc).Format(timeLayout), orDash(n.person(t.Owner)),
			orDash(truncate(n.customer(t.Customer), 30)), id(t.ThreadID), orDash(t.Sequence), done, truncate(title, 70))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, zoneNote(loc, m.clock.Now()))
	return nil
}
