package store

import (
	"context"
	"fmt"
)

// RecentAudit lists the latest changes made through the web application,
// newest first: the manager's audit log.
func (db *DB) RecentAudit(ctx context.Context, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	if err := db.r.SelectContext(ctx, &out, q("console-audit-recent"), limit); err != nil {
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
