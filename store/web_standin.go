package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// StandInOwners lists the mailboxes among mailboxes that mail of a
// customer whose owner is off the team (not among team: a salesperson who
// left before their customers were handed on) reached, each with that
// owner, lower-cased. The reply nudges of that mail go to the mailbox's
// owner, who stands in for them: the caller puts them in that person's
// Viewer.StandIn. None when mailboxes is empty.
func (db *DB) StandInOwners(ctx context.Context, mailboxes, team []string) ([]StandIn, error) {
	if len(mailboxes) == 0 {
		return nil, nil
	}
	lower := func(in []string) string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = strings.ToLower(strings.TrimSpace(s))
		}
		b, _ := json.Marshal(out)
		return string(b)
	}
	boxes, _ := json.Marshal(mailboxes)
	var rows []struct {
		Mailbox string `db:"mailbox"`
		Owner   string `db:"owner"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("web-stand-in-owners"), string(boxes), lower(team)); err != nil {
		return nil, fmt.Errorf("store: owners stood in for in %v: %w", mailboxes, err)
	}
	out := make([]StandIn, len(rows))
	for i, r := range rows {
		out[i] = StandIn{Mailbox: r.Mailbox, Owner: r.Owner}
	}
	return out, nil
}
