package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// StandInOwners lists, lower-cased, the owners off the team (not among
// team: a salesperson who left before their customers were handed on)
// whose customers' mail reached one of mailboxes. The reply nudges of that
// mail go to the mailbox's owner, who stands in for them: the caller adds
// them to that person's Viewer.Covers. None when mailboxes is empty.
func (db *DB) StandInOwners(ctx context.Context, mailboxes, team []string) ([]string, error) {
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
	var owners []string
	if err := db.r.SelectContext(ctx, &owners, q("web-stand-in-owners"), string(boxes), lower(team)); err != nil {
		return nil, fmt.Errorf("store: owners stood in for in %v: %w", mailboxes, err)
	}
	return owners, nil
}
