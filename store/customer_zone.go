package store

import (
	"context"
	"fmt"
)

// InboundHeaders returns the raw header blocks of customer id's latest n
// dated inbound messages, newest first: the Date they were written with
// tells the customer's UTC offset (see app.CustomerLocation).
func (db *DB) InboundHeaders(ctx context.Context, id int64, n int) ([][]byte, error) {
	var out [][]byte
	if err := db.r.SelectContext(ctx, &out, q("customer-inbound-headers"), id, n); err != nil {
		return nil, fmt.Errorf("store: inbound headers of customer %d: %w", id, err)
	}
	return out, nil
}
