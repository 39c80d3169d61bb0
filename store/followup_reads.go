package store

import (
	"context"
	"encoding/json"
	"fmt"

	"keepwarm"
)

// GetMessages is GetMessage for many messages in three reads: by id, those
// found (a missing id is left out).
func (db *DB) GetMessages(ctx context.Context, ids []int64) (map[int64]keepwarm.Message, error) {
	out := make(map[int64]keepwarm.Message, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: get messages: %w", err)
	}
	var rows []messageRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-messages"), string(arg)); err != nil {
		return nil, fmt.Errorf("store: get messages: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.message()
	}
	var contacts []struct {
		MessageID int64  `db:"message_id"`
		Name      string `db:"name"`
		Email     string `db:"email"`
	}
	if err := db.r.SelectContext(ctx, &contacts, q("seq-messages-contacts"), string(arg)); err != nil {
		return nil, fmt.Errorf("store: get messages: contacts: %w", err)
	}
	for _, c := range contacts {
		if m, ok := out[c.MessageID]; ok {
			m.Contacts = append(m.Contacts, keepwarm.Address{Name: c.Name, Email: c.Email})
			out[c.MessageID] = m
		}
	}
	for id, m := range out {
		inHeaderOrder(&m)
		out[id] = m
	}
	return out, nil
}

// CustomersForSequence is CustomerForSequence for many customers in one
// read: by id, those found.
func (db *DB) CustomersForSequence(ctx context.Context, ids []int64) (map[int64]keepwarm.Customer, error) {
	out := make(map[int64]keepwarm.Customer, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: customers: %w", err)
	}
	var rows []keepwarm.Customer
	if err := db.r.SelectContext(ctx, &rows, q("seq-customers"), string(arg)); err != nil {
		return nil, fmt.Errorf("store: customers: %w", err)
	}
	for _, c := range rows {
		out[c.ID] = c
	}
	return out, nil
}
