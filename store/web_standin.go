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
// Viewer.StandIn. None when mailboxes is empty. It is asked at each web
// page a salesperson opens: the book's owners come first, from their
// index, and the usual answer (nobody has left) ends there; otherwise
// only those owners' customers and their mail are read.
func (db *DB) StandInOwners(ctx context.Context, mailboxes, team []string) ([]StandIn, error) {
	if len(mailboxes) == 0 {
		return nil, nil
	}
	var owners []string
	if err := db.r.SelectContext(ctx, &owners, q("web-book-owners")); err != nil {
		return nil, fmt.Errorf("store: the book's owners: %w", err)
	}
	on := make(map[string]bool, len(team))
	for _, s := range team {
		on[strings.ToLower(strings.TrimSpace(s))] = true
	}
	gone := owners[:0]
	for _, o := range owners {
		if !on[strings.ToLower(o)] {
			gone = append(gone, o)
		}
	}
	if len(gone) == 0 {
		return nil, nil
	}
	boxes, _ := json.Marshal(mailboxes)
	left, _ := json.Marshal(gone)
	var rows []struct {
		Mailbox string `db:"mailbox"`
		Owner   string `db:"owner"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("web-stand-in-owners"), string(boxes), string(left)); err != nil {
		return nil, fmt.Errorf("store: owners stood in for in %v: %w", mailboxes, err)
	}
	out := make([]StandIn, len(rows))
	for i, r := range rows {
		out[i] = StandIn{Mailbox: r.Mailbox, Owner: r.Owner}
	}
	return out, nil
}
