package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// WaitingKey places a waiting message in the desk's list: by when its
// clock started, then by message id.
type WaitingKey struct {
	StartedAt int64 // unix seconds
	MessageID int64
}

// Less orders keys oldest first.
func (k WaitingKey) Less(o WaitingKey) bool {
	return k.StartedAt < o.StartedAt || k.StartedAt == o.StartedAt && k.MessageID < o.MessageID
}

// The ends of the list: every key is after WaitingFirst and before
// WaitingLast.
var (
	WaitingFirst = WaitingKey{StartedAt: math.MinInt64, MessageID: math.MinInt64}
	WaitingLast  = WaitingKey{StartedAt: math.MaxInt64, MessageID: math.MaxInt64}
)

// WaitingItem is one customer message waiting for the viewer's answer, with
// all the desk shows of it.
type WaitingItem struct {
	MessageID    int64  `db:"message_id"`
	ThreadID     int64  `db:"thread_id"`
	CustomerID   int64  `db:"customer_id"`
	CustomerName string `db:"customer_name"` // its name, else its key
	// ThreadCustomerID is the customer of the message's thread, whose
	// page shows the conversation: CustomerID's unless the mail joined
	// another customer's thread (a forwarder's Reply-all, a buyer's
	// private address).
	ThreadCustomerID int64  `db:"thread_customer_id"`
	Contact          string `db:"contact"`
	Subject          string `db:"subject"`
	Snippet          string `db:"snippet"`
	TextPending      bool   `db:"text_pending"` // the text is not fetched yet
	Owner            string `db:"owner"`
	Mailbox          string `db:"mailbox"`
	HeaderID         string `db:"header_id"` // the Message-ID header
	StartedUnix      int64  `db:"started_at"`
	TargetSeconds    int64  `db:"target_seconds"`
	Nudged           int    `db:"nudged"` // 0, 1 or 2 nudges sent
}

// Key is the item's place in the list.
func (it WaitingItem) Key() WaitingKey { return WaitingKey{it.StartedUnix, it.MessageID} }

// StartedAt is when its clock started.
func (it WaitingItem) StartedAt() time.Time { return fromUnix(it.StartedUnix) }

// WaitingPage is one page of the desk's waiting list.
type WaitingPage struct {
	Items []WaitingItem // oldest first
	Total int           // the whole list
	Late  int           // of the whole list, past the target at now
	Newer int           // after the page's newest item
	Older int           // before the page's oldest item
	// LateBefore is the newest clock past its target before the page's
	// oldest item, LateAfter the oldest one after its newest (nil: none):
	// with targets per grade the late mail is not always the oldest.
	LateBefore, LateAfter *WaitingKey
}

// DeskWaiting reads one page of the viewer's waiting list: the running reply
// clocks of the viewer (of whoever they cover for, too; of everyone for a
// manager) that started before until, on mail of a customer the viewer may
// see. With older, the page holds the limit items just before key, else
// those just after it; WaitingLast with older is the most recent page. A
// page after key that would be short, or any empty page, is the most recent
// page instead: a list that moved since the link was made still shows a
// full page. Two queries: the page, then the counts.
func (db *DB) DeskWaiting(ctx context.Context, v Viewer, until, now time.Time, key WaitingKey, older bool, limit int) (WaitingPage, error) {
	email, mgr := v.args()
	covers, standIn := v.covers(), v.standIn()
	var pg WaitingPage
	read := func(name string, key WaitingKey) error {
		pg.Items = pg.Items[:0]
		if err := db.r.SelectContext(ctx, &pg.Items, q(name), email, mgr, covers, unix(until),
			key.StartedAt, key.MessageID, limit, standIn); err != nil {
			return fmt.Errorf("store: waiting list: %w", err)
		}
		if name == "web-waiting-older" {
			slices.Reverse(pg.Items)
		}
		return nil
	}
	if limit <= 0 {
		limit = 1
	}
	name := "web-waiting-newer"
	if older {
		name = "web-waiting-older"
	}
	if err := read(name, key); err != nil {
		return pg, err
	}
	if (len(pg.Items) == 0 || !older && len(pg.Items) < limit) && !(older && key == WaitingLast) {
		if err := read("web-waiting-older", WaitingLast); err != nil {
			return pg, err
		}
	}
	newest, oldest := WaitingLast, WaitingFirst
	if n := len(pg.Items); n > 0 {
		newest, oldest = pg.Items[n-1].Key(), pg.Items[0].Key()
	}
	var c struct {
		Total int `db:"total"`
		Late  int `db:"late"`
		Newer int `db:"newer"`
		Older int `db:"older"`
	}
	if err := db.r.GetContext(ctx, &c, q("web-waiting-count"), email, mgr, covers, unix(until), unix(now),
		newest.StartedAt, newest.MessageID, oldest.StartedAt, oldest.MessageID, standIn); err != nil {
		return pg, fmt.Errorf("store: waiting count: %w", err)
	}
	pg.Total, pg.Late, pg.Newer, pg.Older = c.Total, c.Late, c.Newer, c.Older
	if c.Late > 0 && c.Newer+c.Older > 0 {
		near := func(name string, k WaitingKey) (*WaitingKey, error) {
			var row struct {
				StartedAt int64 `db:"started_at"`
				MessageID int64 `db:"message_id"`
			}
			err := db.r.GetContext(ctx, &row, q(name), email, mgr, covers, unix(until), unix(now), k.StartedAt, k.MessageID, standIn)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, nil
			}
			if err != nil {
				return nil, fmt.Errorf("store: late waiting mail off the page: %w", err)
			}
			return &WaitingKey{StartedAt: row.StartedAt, MessageID: row.MessageID}, nil
		}
		var err error
		if pg.LateBefore, err = near("web-waiting-late-before", oldest); err != nil {
			return pg, err
		}
		if pg.LateAfter, err = near("web-waiting-late-after", newest); err != nil {
			return pg, err
		}
	}
	if pg.Items == nil {
		pg.Items = []WaitingItem{}
	}
	return pg, nil
}
