package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// DueChat returns up to limit queued items of a chat channel due at now,
// oldest first, without claiming them.
func (db *DB) DueChat(ctx context.Context, channel string, now time.Time, limit int) ([]keepwarm.OutboxItem, error) {
	return db.selectOutbox(ctx, "due chat", q("outbox-chat-due"), unix(now), keepwarm.ChatMailbox(channel), limit)
}

// ClaimItems moves the items with ids that are still queued to `sending`,
// counting the attempt, in one transaction, and returns those it moved: the
// items merged into one chat message are claimed (and settled) together,
// and the post is recorded for RobotPostsSince.
func (db *DB) ClaimItems(ctx context.Context, ids []int64, now time.Time) ([]keepwarm.OutboxItem, error) {
	var rows []outboxRow
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, q("outbox-claim"), unix(now), id)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue
			}
			var r outboxRow
			if err := tx.GetContext(ctx, &r, q("outbox-by-id"), id); err != nil {
				return err
			}
			rows = append(rows, r)
		}
		if len(rows) == 0 {
			return nil
		}
		// One post, whatever became of it: the platform counts each.
		if _, err := tx.ExecContext(ctx, q("chat-post-add"), rows[0].Mailbox, unix(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, q("chat-posts-prune"), rows[0].Mailbox, unix(now.Add(-time.Hour)))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim outbox items %v: %w", ids, err)
	}
	return outboxItems(rows)
}

// StuckChat lists chat items left in `sending`: at start-up, posts a crash
// interrupted.
func (db *DB) StuckChat(ctx context.Context) ([]keepwarm.OutboxItem, error) {
	return db.selectOutbox(ctx, "stuck chat", q("outbox-stuck-chat"))
}

// ChatPostsSince returns the instants of the posts to channel attempted
// since since (within the last hour), oldest first: one per ClaimItems,
// each try of a retried item included.
func (db *DB) ChatPostsSince(ctx context.Context, channel string, since time.Time) ([]time.Time, error) {
	var at []int64
	if err := db.r.SelectContext(ctx, &at, q("outbox-chat-posts-since"), keepwarm.ChatMailbox(channel), unix(since)); err != nil {
		return nil, fmt.Errorf("store: chat posts since: %w", err)
	}
	out := make([]time.Time, len(at))
	for i, v := range at {
		out[i] = fromUnix(v)
	}
	return out, nil
}

// RobotPostsSince returns the instants of the posts to any of channels
// (the names posting to one robot) from since to until, oldest first, in
// one query: the rate window a running dispatcher reads at every pass,
// with what other processes posted (check --notify's tests). A post dated
// after until was recorded under a wrong clock and is left out.
func (db *DB) RobotPostsSince(ctx context.Context, channels []string, since, until time.Time) ([]time.Time, error) {
	mailboxes := make([]string, len(channels))
	for i, c := range channels {
		mailboxes[i] = keepwarm.ChatMailbox(c)
	}
	list, err := json.Marshal(mailboxes)
	if err != nil {
		return nil, err
	}
	var at []int64
	if err := db.r.SelectContext(ctx, &at, q("outbox-chat-robot-posts"), string(list), unix(since), unix(until)); err != nil {
		return nil, fmt.Errorf("store: robot's chat posts since: %w", err)
	}
	out := make([]time.Time, len(at))
	for i, v := range at {
		out[i] = fromUnix(v)
	}
	return out, nil
}

// AddChatPost records a post to channel at at that no outbox item made
// (check --notify's test message): the platform counts it in the robot's
// minute, so RobotPostsSince does.
func (db *DB) AddChatPost(ctx context.Context, channel string, at time.Time) error {
	mailbox := keepwarm.ChatMailbox(channel)
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q("chat-post-add"), mailbox, unix(at)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, q("chat-posts-prune"), mailbox, unix(at.Add(-time.Hour)))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record chat post of %s: %w", channel, err)
	}
	return nil
}

// ChatBlock returns what a robot said that holds beyond one post, as last
// kept for channel (see keepwarm.ChatBlock); the zero value when nothing
// was kept.
func (db *DB) ChatBlock(ctx context.Context, channel string) (keepwarm.ChatBlock, error) {
	var row struct {
		Until       int64  `db:"blocked_until"`
		Reason      string `db:"reason"`
		Budget      int    `db:"budget"`
		Robot       string `db:"robot"`
		BudgetSince int64  `db:"budget_since"`
	}
	err := db.r.GetContext(ctx, &row, q("chat-block-get"), keepwarm.ChatMailbox(channel))
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.ChatBlock{}, nil
	}
	if err != nil {
		return keepwarm.ChatBlock{}, fmt.Errorf("store: chat block of %s: %w", channel, err)
	}
	b := keepwarm.ChatBlock{Robot: row.Robot, Reason: row.Reason, Budget: row.Budget}
	if row.Until > 0 {
		b.Until = fromUnix(row.Until)
	}
	if row.BudgetSince > 0 {
		b.BudgetSince = fromUnix(row.BudgetSince)
	}
	return b, nil
}

// SetChatBlock keeps channel's block and budget (see ChatBlock), replacing
// what was kept, for the next process's dispatcher.
func (db *DB) SetChatBlock(ctx context.Context, channel string, b keepwarm.ChatBlock) error {
	at := int64(0)
	if !b.Until.IsZero() {
		if at = b.Until.Unix(); b.Until.Nanosecond() > 0 {
			at++ // never a second early
		}
	}
	since := int64(0)
	if !b.BudgetSince.IsZero() {
		since = b.BudgetSince.Unix()
	}
	if _, err := db.w.ExecContext(ctx, q("chat-block-set"), keepwarm.ChatMailbox(channel), at, b.Reason, b.Budget, b.Robot, since); err != nil {
		return fmt.Errorf("store: keep chat block of %s: %w", channel, err)
	}
	return nil
}

// ChatUndelivered counts the chat items created since since that failed or
// are uncertain: nudges that did not (or may not) reach a team chat.
func (db *DB) ChatUndelivered(ctx context.Context, since time.Time) (int, error) {
	var n int
	if err := db.r.GetContext(ctx, &n, q("outbox-chat-undelivered"), unix(since)); err != nil {
		return 0, fmt.Errorf("store: chat undelivered: %w", err)
	}
	return n, nil
}

// SenderFailure is a sending mailbox whose latest sends failed for good.
type SenderFailure struct {
	Mailbox   string    `db:"mailbox"` // "notify", "chat:<name>", a mailbox's name
	Failed    int       `db:"failed"`  // failed since the last send that went
	LastAt    time.Time `db:"-"`
	LastError string    `db:"last_error"`
}

// FailingSenders lists, per sending mailbox, the sends tried since since
// that failed for good after its latest send that went: a [notify] account
// or a chat robot that refuses everything shows here until one goes.
func (db *DB) FailingSenders(ctx context.Context, since time.Time) ([]SenderFailure, error) {
	var rows []struct {
		SenderFailure
		At int64 `db:"last_at"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("outbox-failing-senders"), unix(since)); err != nil {
		return nil, fmt.Errorf("store: failing senders: %w", err)
	}
	out := make([]SenderFailure, len(rows))
	for i, r := range rows {
		out[i] = r.SenderFailure
		out[i].LastAt = fromUnix(r.At)
	}
	return out, nil
}

// QueuedMailboxes lists the outbox mailboxes that have items queued.
func (db *DB) QueuedMailboxes(ctx context.Context) ([]string, error) {
	var out []string
	if err := db.r.SelectContext(ctx, &out, q("outbox-queued-mailboxes")); err != nil {
		return nil, fmt.Errorf("store: queued mailboxes: %w", err)
	}
	return out, nil
}

// FailQueued marks every item still queued in mailbox failed with reason
// and returns how many: a sender no longer configured will never take
// them.
func (db *DB) FailQueued(ctx context.Context, mailbox, reason string) (int, error) {
	res, err := db.w.ExecContext(ctx, q("outbox-fail-queued"), mailbox, reason, db.endedAt())
	if err != nil {
		return 0, fmt.Errorf("store: fail queued items of %s: %w", mailbox, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// PullForward makes the items of channel waiting out a retry's backoff due
// at now, after a post to it went through: the failure was the channel's,
// so the oldest nudge does not wait longer than the newest.
func (db *DB) PullForward(ctx context.Context, channel string, now time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, q("outbox-chat-pull-forward"), keepwarm.ChatMailbox(channel), unix(now))
	if err != nil {
		return 0, fmt.Errorf("store: pull chat retries forward: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ReleaseChatHolds makes the items of channel that the last look before
// posting held (Dispatcher's keepwarm.Hold) due at now, to be looked at
// again, and returns how many: what held them can end at any moment, not
// at a time of its own.
func (db *DB) ReleaseChatHolds(ctx context.Context, channel string, now time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, q("outbox-chat-release-held"), keepwarm.ChatMailbox(channel), unix(now))
	if err != nil {
		return 0, fmt.Errorf("store: look again at held chat posts: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// MissingCopies is, for one mailbox, the mail sent in its name whose copy
// is not in its Sent folder.
type MissingCopies struct {
	Mailbox string    `db:"mailbox"`
	N       int       `db:"n"`
	Oldest  time.Time `db:"-"`
}

// MissingCopies lists, per mailbox, the mail sent before before whose copy
// could not be filed in Sent yet.
func (db *DB) MissingCopies(ctx context.Context, before time.Time) ([]MissingCopies, error) {
	var rows []struct {
		MissingCopies
		Oldest int64 `db:"oldest"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("outbox-missing-copies"), unix(before)); err != nil {
		return nil, fmt.Errorf("store: missing copies: %w", err)
	}
	out := make([]MissingCopies, len(rows))
	for i, r := range rows {
		out[i] = r.MissingCopies
		out[i].Oldest = fromUnix(r.Oldest)
	}
	return out, nil
}

// ChatRetrying is a chat channel's nudges that it refused for now and that
// wait to be tried again.
type ChatRetrying struct {
	Mailbox   string    `db:"mailbox"` // "chat:<name>"
	N         int       `db:"n"`
	Oldest    time.Time `db:"-"` // the oldest one's due time
	LastError string    `db:"last_error"`
}

// ChatRetrying lists, per chat channel, the nudges due before before that
// the channel refused for now and that wait to be tried again: a channel
// down (5xx, no connection) or throttling for a while. Those held by
// keepwarm meanwhile (Precheck's Hold: their mail instead is being sent)
// are left out.
func (db *DB) ChatRetrying(ctx context.Context, before time.Time) ([]ChatRetrying, error) {
	var rows []struct {
		ChatRetrying
		Oldest int64 `db:"oldest"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("outbox-chat-retrying"), unix(before)); err != nil {
		return nil, fmt.Errorf("store: chat retrying: %w", err)
	}
	out := make([]ChatRetrying, len(rows))
	for i, r := range rows {
		out[i] = r.ChatRetrying
		out[i].Oldest = fromUnix(r.Oldest)
	}
	return out, nil
}

// LongSending counts the mail in `sending` claimed before before, and
// returns the oldest claim: a send takes minutes at most, so such a row is
// one an interrupted send left that could not be settled yet.
func (db *DB) LongSending(ctx context.Context, before time.Time) (int, time.Time, error) {
	var row struct {
		N      int   `db:"n"`
		Oldest int64 `db:"oldest"`
	}
	if err := db.r.GetContext(ctx, &row, q("outbox-long-sending"), unix(before)); err != nil {
		return 0, time.Time{}, fmt.Errorf("store: long sending: %w", err)
	}
	return row.N, fromUnix(row.Oldest), nil
}
