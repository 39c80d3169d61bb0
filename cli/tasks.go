package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
)

// cmdTasks lists the tasks sequences left for people (open ones unless
// --all), or marks one done: `keepwarm tasks done ID`.
func cmdTasks(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 && args[0] == "done" {
		if len(args) != 2 {
			return usageError{"tasks done: give one task id"}
		}
		id, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return usageError{fmt.Sprintf("tasks done: %q is not a task id", args[1])}
		}
		if err := m.db.DoneTask(ctx, id, m.clock.Now()); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "task %d done\n", id)
		return nil
	}
	fs := m.flags("tasks")
	all := fs.Bool("all", false, "include done tasks")
	owner := fs.String("owner", "", "only this salesperson's tasks")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	tasks, err := m.db.ListTasks(ctx, *all, *owner)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, tasks)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDUE\tOWNER\tCUSTOMER\tTHREAD\tSEQUENCE\tDONE\tTASK")
	loc := m.cfg.TeamLocation()
	for _, t := range tasks {
		done := "-"
		if !t.DoneAt.IsZero() {
			done = t.DoneAt.In(loc).Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", t.ID, t.DueAt.In(loc).Format("2006-01-02 15:04"), orDash(t.Owner),
			t.Customer, t.ThreadID, orDash(t.Sequence), done, truncate(t.Title, 70))
	}
	return tw.Flush()
}
