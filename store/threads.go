package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"keepwarm"
)

// ThreadFilter selects threads for ListThreads.
type ThreadFilter struct {
	// Customer is a customer key ("domain:acme.com", "addr:bob@gmail.com"),
	// a company domain ("acme.com": that customer's threads) or a contact's
	// email (the threads that contact appears in). Empty: every thread.
	Customer string
	// Limit caps the number of threads; 0 means no limit.
	Limit int
	// Internal includes, when Customer is empty, the threads no customer is
	// part of (mail among the team and keepwarm's own nudges and digests)
	// and the threads made only of automatic replies, which are otherwise
	// listed only under their customer.
	Internal bool
}

type threadRow struct {
	ID             int64          `db:"id"`
	CustomerID     int64          `db:"customer_id"`
	Customer       string         `db:"customer"`
	Subject        string         `db:"subject"`
	Messages       int            `db:"messages"`
	FirstAt        int64          `db:"first_at"`
	LastAt         int64          `db:"last_at"`
	LastInboundAt  sql.NullInt64  `db:"last_inbound_at"`
	LastOutboundAt sql.NullInt64  `db:"last_outbound_at"`
	Contacts       sql.NullString `db:"contacts"`
}

// ListThreads returns the threads the filter selects, most recently active
// first, with their counts and times computed in SQL. Times are arrival
// times (the earliest INTERNALDATE of each message).
func (db *DB) ListThreads(ctx context.Context, f ThreadFilter) ([]keepwarm.Thread, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	var rows []threadRow
	if err := db.r.SelectContext(ctx, &rows, q("threads-list"), strings.TrimSpace(f.Customer), limit, f.Internal); err != nil {
		return nil, fmt.Errorf("store: list threads: %w", err)
	}
	out := make([]keepwarm.Thread, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.Thread{
			ID: r.ID, CustomerID: r.CustomerID, Customer: r.Customer, Subject: r.Subject,
			Messages: r.Messages, Contacts: splitList(r.Contacts.String, "\n"),
			FirstAt: fromUnix(r.FirstAt), LastAt: fromUnix(r.LastAt),
			LastInboundAt: optTime(r.LastInboundAt), LastOutboundAt: optTime(r.LastOutboundAt),
		}
	}
	return out, nil
}

type messageRow struct {
	ID               int64         `db:"id"`
	Key              string        `db:"key"`
	MessageID        string        `db:"message_id"`
	ThreadID         int64         `db:"thread_id"`
	CustomerID       int64         `db:"customer_id"`
	CustomerKey      string        `db:"customer_key"`
	Kind             string        `db:"kind"`
	FromEmail        string        `db:"from_email"`
	FromName         string        `db:"from_name"`
	To               string        `db:"to_addrs"`
	Cc               string        `db:"cc_addrs"`
	Subject          string        `db:"subject"`
	Date             sql.NullInt64 `db:"date"`
	ReceivedAt       int64         `db:"received_at"`
	Size             int64         `db:"size"`
	Snippet          string        `db:"snippet"`
	RawHeader        []byte        `db:"raw_header"`
	InReplyTo        string        `db:"in_reply_to"`
	Refs             string        `db:"refs"`
	ThreadIndex      string        `db:"thread_index"`
	ThreadTopic      string        `db:"thread_topic"`
	BouncedRecipient string        `db:"bounced_recipient"`
	AutoReplyUntil   sql.NullInt64 `db:"auto_reply_until"`
	ParseError       string        `db:"parse_error"`
	Attachments      string        `db:"attachments"`
	Text             string        `db:"text"`
	TextCut          bool          `db:"text_cut"`
	TextPending      bool          `db:"text_pending"`
	SentIn           string        `db:"sent_in"`
}

// GetMessage returns one stored message, or a *keepwarm.Error with code
// ENOTFOUND. To and Cc carry addresses only (names are kept on contacts).
func (db *DB) GetMessage(ctx context.Context, id int64) (keepwarm.Message, error) {
	var r messageRow
	err := db.r.GetContext(ctx, &r, q("message-get"), id)
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.Message{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "message %d not found", id)
	}
	if err != nil {
		return keepwarm.Message{}, fmt.Errorf("store: get message %d: %w", id, err)
	}
	m := r.message()
	if err := db.r.SelectContext(ctx, &m.Contacts, q("message-contacts"), id); err != nil {
		return keepwarm.Message{}, fmt.Errorf("store: get message %d: contacts: %w", id, err)
	}
	inHeaderOrder(&m)
	return m, nil
}

// inHeaderOrder puts m's contacts in the order its header names them: the
// sender, then To, then Cc, each as written (a follow-up writes to them as
// a reply-all would and greets the first To); any other after them, in the
// order read.
func inHeaderOrder(m *keepwarm.Message) {
	if len(m.Contacts) < 2 {
		return
	}
	rank := map[string]int{}
	for _, a := range slices.Concat([]keepwarm.Address{m.From}, m.To, m.Cc) {
		if e := strings.ToLower(a.Email); e != "" {
			if _, seen := rank[e]; !seen {
				rank[e] = len(rank)
			}
		}
	}
	of := func(a keepwarm.Address) int {
		if r, ok := rank[strings.ToLower(a.Email)]; ok {
			return r
		}
		return len(rank)
	}
	slices.SortStableFunc(m.Contacts, func(a, b keepwarm.Address) int { return cmp.Compare(of(a), of(b)) })
}

// message is the stored row as a Message, without its contacts.
func (r messageRow) message() keepwarm.Message {
	m := keepwarm.Message{
		ID: r.ID, Key: r.Key, MessageID: r.MessageID,
		InReplyTo: splitList(r.InReplyTo, " "), References: splitList(r.Refs, " "),
		ThreadIndex: r.ThreadIndex, ThreadTopic: r.ThreadTopic,
		From: keepwarm.Address{Name: r.FromName, Email: r.FromEmail},
		To:   addresses(r.To), Cc: addresses(r.Cc),
		Subject: r.Subject, Size: r.Size, Snippet: r.Snippet, RawHeader: r.RawHeader,
		Kind: keepwarm.Kind(r.Kind), CustomerKey: r.CustomerKey,
		BouncedRecipient: r.BouncedRecipient, ParseError: r.ParseError,
		ThreadID: r.ThreadID, CustomerID: r.CustomerID, Attachments: splitAttachments(r.Attachments),
		Text: r.Text, TextCut: r.TextCut, TextPending: r.TextPending, SentIn: r.SentIn,
	}
	if r.Date.Valid {
		m.Date = fromUnix(r.Date.Int64)
	}
	if r.AutoReplyUntil.Valid {
		m.AutoReplyUntil = fromUnix(r.AutoReplyUntil.Int64)
	}
	return m
}

// splitList splits a stored list; "" gives an empty (not nil) slice so JSON
// shows [] rather than null.
func splitList(s, sep string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, sep)
}

func addresses(s string) []keepwarm.Address {
	var out []keepwarm.Address
	for _, e := range splitList(s, ",") {
		out = append(out, keepwarm.Address{Email: e})
	}
	return out
}
