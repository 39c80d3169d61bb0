package store

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// RecentAudit lists the latest changes made through the web application,
// newest first: the manager's audit log. before, an entry's id, pages back:
// the limit changes made before that one (0: the latest).
func (db *DB) RecentAudit(ctx context.Context, limit int, before int64) ([]AuditEntry, error) {
	var out []AuditEntry
	if err := db.r.SelectContext(ctx, &out, q("console-audit-recent"), limit, before); err != nil {
		return nil, fmt.Errorf("store: recent audit: %w", err)
	}
	for i := range out {
		out[i].At = fromUnix(out[i].Unix)
	}
	return out, nil
}

// CustomersWithMail lists the viewer's customers (all for a manager) that
// were written to, the most recently written first: whom a template
// preview can use.
func (db *DB) CustomersWithMail(ctx context.Context, v Viewer, limit int) ([]CustomerHit, error) {
	email, mgr := v.args()
	out := []CustomerHit{}
	if err := db.r.SelectContext(ctx, &out, q("console-customers-with-mail"), email, mgr, limit); err != nil {
		return nil, fmt.Errorf("store: customers with mail: %w", err)
	}
	return out, nil
}

// OwnerLoad is what waits on one owner, whoever they are: the clock's,
// follow-up's or task's owner as the store has it.
type OwnerLoad struct {
	Owner                            string
	Waiting, Late, Running, TasksDue int
}

// OwnerLoads counts, for every owner in the store, the customer mail
// waiting for an answer as the desk counts it (and how much of it is past
// its target at now), the follow-ups running and the open tasks overdue at
// now, by owner: the team page finds there what is owned by nobody on the
// team.
func (db *DB) OwnerLoads(ctx context.Context, now time.Time) ([]OwnerLoad, error) {
	byOwner := map[string]*OwnerLoad{}
	var order []string
	for _, r := range []struct {
		query string
		args  []any
		set   func(l *OwnerLoad, n, late int)
	}{
		{"console-owners-waiting", []any{unix(now.Add(time.Second)), unix(now)}, func(l *OwnerLoad, n, late int) { l.Waiting, l.Late = n, late }},
		{"console-owners-running", nil, func(l *OwnerLoad, n, _ int) { l.Running = n }},
		{"console-owners-tasks", []any{unix(now)}, func(l *OwnerLoad, n, _ int) { l.TasksDue = n }},
	} {
		var rows []struct {
			Owner string `db:"owner"`
			N     int    `db:"n"`
			Late  int    `db:"late"`
		}
		if err := db.r.SelectContext(ctx, &rows, q(r.query), r.args...); err != nil {
			return nil, fmt.Errorf("store: owner loads: %w", err)
		}
		for _, row := range rows {
			l, ok := byOwner[row.Owner]
			if !ok {
				l = &OwnerLoad{Owner: row.Owner}
				byOwner[row.Owner] = l
				order = append(order, row.Owner)
			}
			r.set(l, row.N, row.Late)
		}
	}
	sort.Strings(order)
	out := make([]OwnerLoad, 0, len(order))
	for _, o := range order {
		out = append(out, *byOwner[o])
	}
	return out, nil
}
