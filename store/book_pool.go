package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/book"
)

// ClaimCustomer gives a pool customer to salesperson, who then has
// rules.ClaimDeadline to get a real answer or a win, and refuses when the
// customer has an owner or the salesperson holds rules.PoolCap unconverted
// pool customers already.
func (db *DB) ClaimCustomer(ctx context.Context, id int64, salesperson string, now time.Time, rules book.Rules) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		c, err := customerRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.MergedInto != 0 {
			return keepwarm.Errorf(keepwarm.EINVALID, "customer %d was merged into %d", id, c.MergedInto)
		}
		if c.Owner != "" {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "%s is not in the pool: %s owns it", c.Name, c.Owner)
		}
		var held int
		if err := tx.GetContext(ctx, &held, q("book-pending-claims"), salesperson, now.Unix()); err != nil {
			return err
		}
		if err := rules.CanClaim(held); err != nil {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "%s %v", salesperson, err)
		}
		var left sql.NullInt64
		if err := tx.GetContext(ctx, &left, q("book-last-let-go"), id, salesperson); err != nil {
			return err
		}
		if left.Valid {
			if err := rules.CanClaimAgain(fromUnix(left.Int64), now); err != nil {
				return keepwarm.Errorf(keepwarm.ECONFLICT, "%s %v", salesperson, err)
			}
		}
		var today int
		if err := tx.GetContext(ctx, &today, q("book-claims-since"), salesperson, now.Add(-book.Day).Unix()); err != nil {
			return err
		}
		if err := rules.CanClaimToday(today); err != nil {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "%s %v", salesperson, err)
		}
		if _, err := tx.ExecContext(ctx, q("book-set-claim"), salesperson, now.Unix(), now.Add(rules.ClaimDeadline).Unix(), id); err != nil {
			return err
		}
		return poolEvent(ctx, tx, id, "claimed", salesperson, "", now)
	})
	if err != nil {
		return fmt.Errorf("store: claim customer %d: %w", id, err)
	}
	return nil
}

// ReleaseCustomer puts a customer back in the pool.
func (db *DB) ReleaseCustomer(ctx context.Context, id int64, now time.Time, by string) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		c, err := customerRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Owner == "" {
			return keepwarm.Errorf(keepwarm.EINVALID, "%s is in the pool already", c.Name)
		}
		if _, err := tx.ExecContext(ctx, q("book-set-claim"), "", nil, nil, id); err != nil {
			return err
		}
		return poolEvent(ctx, tx, id, "released", c.Owner, by, now)
	})
	if err != nil {
		return fmt.Errorf("store: release customer %d: %w", id, err)
	}
	return nil
}

// MarkWon records that a customer ordered: a claimed customer is then the
// salesperson's for good.
func (db *DB) MarkWon(ctx context.Context, id int64, now time.Time, by string) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		c, err := customerRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Owner == "" {
			return keepwarm.Errorf(keepwarm.EINVALID, "%s is in the public pool: a salesperson claims it first (`customers claim`), then it can be marked won", c.Name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET won_at = ? WHERE id = ?`, now.Unix(), id); err != nil {
			return err
		}
		return poolEvent(ctx, tx, id, "won", c.Owner, by, now)
	})
	if err != nil {
		return fmt.Errorf("store: mark customer %d won: %w", id, err)
	}
	return nil
}

// ReturnExpiredClaims puts back in the pool every claimed customer whose
// deadline passed by now without a real answer or a win, and returns them.
// The engine calls it on its clock; the CLI calls it before showing the pool.
func (db *DB) ReturnExpiredClaims(ctx context.Context, now time.Time) ([]int64, error) {
	return db.ReturnClaimsExpiredBy(ctx, now, now)
}

// ReturnClaimsExpiredBy is ReturnExpiredClaims for the claims whose
// deadline passed by read only (before now): the mail up to read is known
// stored (every mailbox synced since), so an answer by the deadline of one
// of them would be in the database; a claim whose deadline is later is
// kept until the mail up to it is read.
func (db *DB) ReturnClaimsExpiredBy(ctx context.Context, now, read time.Time) ([]int64, error) {
	return db.ReturnClaimsExpiredFor(ctx, now, func(string, int64) (time.Time, error) { return read, nil })
}

// ReturnClaimsExpiredFor is ReturnClaimsExpiredBy with the read time per
// claim (read, of its owner and customer): the mail is known stored up to
// it in the mailboxes where the answer to that claim can be. An error from
// read returns no claim.
func (db *DB) ReturnClaimsExpiredFor(ctx context.Context, now time.Time, read func(owner string, customer int64) (time.Time, error)) ([]int64, error) {
	var ids []int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var rows []struct {
			ID       int64  `db:"id"`
			Owner    string `db:"owner"`
			Deadline int64  `db:"pool_deadline"`
		}
		if err := tx.SelectContext(ctx, &rows, q("book-expired-claims"), now.Unix()); err != nil {
			return err
		}
		for _, r := range rows {
			by, err := read(r.Owner, r.ID)
			if err != nil {
				return err
			}
			if by.Before(now) && r.Deadline > by.Unix() {
				continue
			}
			if _, err := tx.ExecContext(ctx, q("book-set-claim"), "", nil, nil, r.ID); err != nil {
				return err
			}
			if err := poolEvent(ctx, tx, r.ID, "returned", r.Owner, "no answer by the deadline", now); err != nil {
				return err
			}
			ids = append(ids, r.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: return expired claims: %w", err)
	}
	return ids, nil
}

// CustomerMailboxes names the mailboxes holding mail of customer id, where
// its answer to a claim can land (a buyer answers a colleague's earlier
// mail). It reads through the read pool: ReturnClaimsExpiredFor's read
// may call it inside the write transaction.
func (db *DB) CustomerMailboxes(ctx context.Context, id int64) ([]string, error) {
	var names []string
	if err := db.r.SelectContext(ctx, &names, q("book-customer-mailboxes"), id); err != nil {
		return nil, fmt.Errorf("store: mailboxes of customer %d: %w", id, err)
	}
	return names, nil
}

// AssignOptions steer AssignPool.
type AssignOptions struct {
	Salespeople []string // in round-robin order
	RoundRobin  bool
	Rules       book.Rules
	// People maps a team address (a mailbox login, an alias) to its
	// person, and MailboxOwners a mailbox to its owner: mail a salesperson
	// sent from an alias, or that sits in their own Sent, is theirs.
	People        map[string]string
	MailboxOwners map[string]string
	// Away are the team's absences (the config's, the desk's, out-of-office
	// replies): round robin passes over a salesperson away at the time, as
	// over one at a cap, unless every salesperson is away.
	Away []keepwarm.Absence
}

// writer is the salesperson who sent mail from address from, first seen
// in mailbox: the address itself, the person it belongs to, else the
// owner of the mailbox whose Sent holds it; "" when none is a salesperson
// (a shared team mailbox, the manager).
func (o AssignOptions) writer(from, mailbox string) string {
	from = strings.ToLower(from)
	for _, who := range []string{from, o.People[from], o.MailboxOwners[mailbox]} {
		if who != "" && slices.Contains(o.Salespeople, who) {
			return who
		}
	}
	return ""
}

// Assignment is one customer AssignPool handled.
type Assignment struct {
	CustomerID  int64  `json:"customer_id"`
	Event       string `json:"event"` // "assigned" or "pooled"
	Salesperson string `json:"salesperson,omitempty"`
	Note        string `json:"note"`
}

// AssignPool handles the customers mail created since it last ran: one a
// salesperson wrote to first, or whose inquiry they had answered by then,
// is theirs; an inquiry from an unknown sender nobody answered yet lands
// in the pool, or, with RoundRobin,
// goes to the next salesperson under the caps (pool_cap, and daily_claims:
// what they claimed or were handed in the last 24 hours) as a claim with
// the usual deadline; when everybody is at a cap it lands in the pool.
// An inquiry in the pool that a salesperson has answered since is theirs
// (assignAnsweredFromPool). The daemon calls it after each ingest.
func (db *DB) AssignPool(ctx context.Context, now time.Time, opt AssignOptions) ([]Assignment, error) {
	var out []Assignment
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var rows []struct {
			ID           int64          `db:"id"`
			FirstOutFrom sql.NullString `db:"first_out_from"`
			FirstOutBox  sql.NullString `db:"first_out_mailbox"`
			FirstOutAt   sql.NullInt64  `db:"first_out_at"`
			FirstInAt    sql.NullInt64  `db:"first_in_at"`
		}
		if err := tx.SelectContext(ctx, &rows, q("book-new-mail-customers")); err != nil {
			return err
		}
		var last string
		if err := tx.GetContext(ctx, &last, q("book-last-round-robin")); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// The pass's owners, claims and events are written a few thousand
		// at a time, one statement each (poolWrites): a first run after a
		// large sync hands out thousands of customers, and each statement
		// of its own ran the triggers on customers and pool_events as a
		// program of their own (some 10 µs each, though they find nothing
		// to do for customers with no clocks or tasks yet).
		pending := poolWrites{now: now.Unix(), deadline: now.Add(opt.Rules.ClaimDeadline).Unix()}
		// Pending claims per salesperson, counted once and then kept up to
		// date here: counting them again for every customer made a first
		// run after a large sync quadratic in the number of customers.
		held, today := map[string]int{}, map[string]int{}
		for _, r := range rows {
			// The first salesperson who wrote to the customer has them:
			// they wrote first, or they had answered the inquiry by the
			// time the pool saw it (a first sync over years of mail, an
			// inquiry and its answer in one sync). Only an inquiry no
			// salesperson answered yet is an unknown sender's.
			a := Assignment{CustomerID: r.ID}
			writer, note := "", "wrote first"
			if r.FirstOutAt.Valid {
				var at int64
				writer, at = opt.writer(r.FirstOutFrom.String, r.FirstOutBox.String), r.FirstOutAt.Int64
				if writer == "" { // the shared team mailbox's: look further
					var err error
					if writer, at, err = firstSalesperson(ctx, tx, opt, r.ID); err != nil {
						return err
					}
				}
				if r.FirstInAt.Valid && r.FirstInAt.Int64 < at {
					note = "answered first"
				}
			}
			switch {
			case writer != "":
				a.Event, a.Salesperson, a.Note = "assigned", writer, note
				pending.owners = append(pending.owners, poolOwner{r.ID, writer})
			case !r.FirstInAt.Valid:
				continue // no inquiry yet (only a bounce or an auto-reply): look again later
			case opt.RoundRobin:
				// What it counts reads the customers and the pool events:
				// the pass's writes go first.
				sp, full, err := nextSalesperson(ctx, tx, opt, last, now, held, today, func() error { return pending.write(ctx, tx) })
				if err != nil {
					return err
				}
				if sp == "" {
					a.Event, a.Note = "pooled", full
					break
				}
				last = sp
				if opt.Rules.ClaimDeadline > 0 { // the new claim is pending until its deadline
					held[sp]++
				}
				today[sp]++
				a.Event, a.Salesperson, a.Note = "assigned", sp, "round robin"
				pending.claims = append(pending.claims, poolOwner{r.ID, sp})
			default:
				a.Event, a.Note = "pooled", "inquiry from an unknown sender"
			}
			pending.events = append(pending.events, a)
			out = append(out, a)
			if len(pending.events) >= poolWritesMax {
				if err := pending.write(ctx, tx); err != nil {
					return err
				}
			}
		}
		if err := pending.write(ctx, tx); err != nil {
			return err
		}
		answered, err := assignAnsweredFromPool(ctx, tx, opt, now)
		out = append(out, answered...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: assign pool: %w", err)
	}
	return out, nil
}

// poolWritesMax is how many customers' writes AssignPool holds before it
// writes them.
var poolWritesMax = 5000 // a variable for tests

// poolWritten, when set (by a test), is told of each statement
// poolWrites.write runs, with the customers it writes.
var poolWritten func(customers int)

// poolOwner is a customer AssignPool gives to a salesperson.
type poolOwner struct {
	id    int64
	owner string
}

// poolWrites are what AssignPool decided and has not written yet: the
// owners of customers whose writer has them (book-set-owners), the claims
// round robin made (book-set-claims, all made at now with the deadline),
// and the pool events of both and of the customers pooled
// (book-pool-events), in the order decided. Written set by set: the
// triggers on customers and pool_events touch only the customer's own
// clocks, threads and tasks, so the order of the sets changes nothing.
type poolWrites struct {
	now, deadline int64
	owners        []poolOwner
	claims        []poolOwner
	events        []Assignment
}

// write writes and forgets the writes held.
func (p *poolWrites) write(ctx context.Context, tx *sqlx.Tx) error {
	pairs := func(rows []poolOwner) (string, error) {
		v := make([][2]any, len(rows))
		for i, r := range rows {
			v[i] = [2]any{r.id, r.owner}
		}
		js, err := json.Marshal(v)
		return string(js), err
	}
	if len(p.owners) > 0 {
		js, err := pairs(p.owners)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("book-set-owners"), js); err != nil {
			return fmt.Errorf("owners of %d customers: %w", len(p.owners), err)
		}
		if poolWritten != nil {
			poolWritten(len(p.owners))
		}
	}
	if len(p.claims) > 0 {
		js, err := pairs(p.claims)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("book-set-claims"), js, p.now, p.deadline); err != nil {
			return fmt.Errorf("claims of %d customers: %w", len(p.claims), err)
		}
		if poolWritten != nil {
			poolWritten(len(p.claims))
		}
	}
	if len(p.events) > 0 {
		v := make([][4]any, len(p.events))
		for i, a := range p.events {
			v[i] = [4]any{a.CustomerID, a.Event, a.Salesperson, a.Note}
		}
		js, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("book-pool-events"), js, p.now); err != nil {
			return fmt.Errorf("pool events of %d customers: %w", len(p.events), err)
		}
		if poolWritten != nil {
			poolWritten(len(p.events))
		}
	}
	p.owners, p.claims, p.events = p.owners[:0], p.claims[:0], p.events[:0]
	return nil
}

// firstSalesperson is the first salesperson who wrote to customer id, and
// when; "" when none did (only the shared team mailbox, the manager).
func firstSalesperson(ctx context.Context, tx *sqlx.Tx, opt AssignOptions, id int64) (string, int64, error) {
	var senders []struct {
		From    string `db:"from_email"`
		Mailbox string `db:"mailbox"`
		At      int64  `db:"at"`
	}
	if err := tx.SelectContext(ctx, &senders, q("book-outbound-senders"), id); err != nil {
		return "", 0, err
	}
	for _, s := range senders {
		if w := opt.writer(s.From, s.Mailbox); w != "" {
			return w, s.At, nil
		}
	}
	return "", 0, nil
}

// Why round robin left an inquiry in the pool (the pooled event's note).
const (
	poolCapFull  = "every salesperson is at the pool cap"
	dailyCapFull = "every salesperson is at the daily claim cap"
	bothCapsFull = "every salesperson is at the pool cap or the daily claim cap"
)

// nextSalesperson is the one after last in the rotation who is at their
// desk (not away, unless everybody is) and under the pool cap and the
// daily cap; "" and which caps stopped them all when nobody is. held and
// today cache each salesperson's pending claims (book-pending-claims) and
// claims of the last 24 hours (book-claims-since) for the transaction; the
// caller counts the claims it makes.
func nextSalesperson(ctx context.Context, tx *sqlx.Tx, opt AssignOptions, last string, now time.Time, held, today map[string]int, before func() error) (sp, full string, err error) {
	n := len(opt.Salespeople)
	start := (slices.Index(opt.Salespeople, last) + 1) % max(n, 1)
	away := func(sp string) bool {
		_, ok := keepwarm.AwayAt(opt.Away, sp, now)
		return ok
	}
	skipAway := slices.ContainsFunc(opt.Salespeople, away) && !everyone(opt.Salespeople, away)
	atPool, atDaily := false, false
	for i := 0; i < n; i++ {
		sp := opt.Salespeople[(start+i)%n]
		if skipAway && away(sp) {
			continue
		}
		h, ok := held[sp]
		if !ok {
			if err := before(); err != nil {
				return "", "", err
			}
			if err := tx.GetContext(ctx, &h, q("book-pending-claims"), sp, now.Unix()); err != nil {
				return "", "", err
			}
			held[sp] = h
		}
		if opt.Rules.CanClaim(h) != nil {
			atPool = true
			continue
		}
		d, ok := today[sp]
		if !ok && opt.Rules.DailyClaims > 0 {
			if err := before(); err != nil {
				return "", "", err
			}
			if err := tx.GetContext(ctx, &d, q("book-claims-since"), sp, now.Add(-book.Day).Unix()); err != nil {
				return "", "", err
			}
			today[sp] = d
		}
		if opt.Rules.CanClaimToday(d) != nil {
			atDaily = true
			continue
		}
		return sp, "", nil
	}
	full = poolCapFull
	switch {
	case atPool && atDaily:
		full = bothCapsFull
	case atDaily:
		full = dailyCapFull
	}
	if skipAway {
		full = strings.Replace(full, "every salesperson", "every salesperson at their desk", 1)
	}
	return "", full, nil
}

// everyone says whether f holds for every one of people.
func everyone(people []string, f func(string) bool) bool {
	for _, p := range people {
		if !f(p) {
			return false
		}
	}
	return true
}

// ClaimStatus is a pool claim and where it stands, for lists and the digest.
type ClaimStatus struct {
	BookEntry
	State  book.ClaimState `json:"state"`
	Status string          `json:"status"` // "returning in 3 days", "answered", "won"
}

// Claims lists the open pool claims (of one salesperson, or all when
// salesperson is "") with their state at now; with warnOnly, only those
// within rules.WarnBefore of their deadline: the digest's "returning soon".
func (db *DB) Claims(ctx context.Context, now time.Time, rules book.Rules, salesperson string, warnOnly bool) ([]ClaimStatus, error) {
	entries, err := listBook(ctx, db.r, true, false)
	if err != nil {
		return nil, err
	}
	var out []ClaimStatus
	for _, e := range entries {
		c, ok := e.Claim()
		if !ok || (salesperson != "" && e.Owner != salesperson) {
			continue
		}
		st := rules.State(c, now)
		if warnOnly && st != book.ClaimWarn {
			continue
		}
		out = append(out, ClaimStatus{BookEntry: e, State: st, Status: rules.Status(c, now)})
	}
	return out, nil
}

// LetGoSince reports whether customer id went back to the pool (released,
// or returned at its claim's deadline) at or after since: when first, and
// who let it go. A follow-up in person's name started before then stops:
// it is mail in the name of someone the customer no longer belongs to. A
// customer merged into id let go counts only for the person who let it go
// (their follow-up of it moved to id with it): id itself never left its
// owner.
func (db *DB) LetGoSince(ctx context.Context, id int64, person string, since time.Time) (who string, at time.Time, ok bool, err error) {
	var r struct {
		Salesperson string `db:"salesperson"`
		At          int64  `db:"at"`
	}
	err = db.r.GetContext(ctx, &r, q("book-let-go-since"), id, since.Unix(), person)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, fmt.Errorf("store: customer %d let go since %s: %w", id, since.Format(time.RFC3339), err)
	}
	return r.Salesperson, fromUnix(r.At), true, nil
}

// HandedAwaySince reports whether customer id was handed by hand, at or
// after since, from person to someone else (also when who held it before
// was not recorded: when unsure, it was). A follow-up in the name of a
// colleague who never owned the customer goes on when it changes hands
// between others; one in the name of the owner it was taken from stops.
func (db *DB) HandedAwaySince(ctx context.Context, id int64, person string, since time.Time) (bool, error) {
	var away bool
	if err := db.r.GetContext(ctx, &away, q("book-handed-away"), id, since.Unix(), person); err != nil {
		return false, fmt.Errorf("store: customer %d handed away from %s since %s: %w", id, person, since.Format(time.RFC3339), err)
	}
	return away, nil
}

// HandedSince reports the latest change of customer id's owner by hand (a
// person's `customers set --owner`, or an import) at or after since: to
// whom and when. A follow-up started before then in someone else's name
// stops: the customer is the new owner's to follow up.
func (db *DB) HandedSince(ctx context.Context, id int64, since time.Time) (to string, at time.Time, ok bool, err error) {
	var r struct {
		Salesperson string `db:"salesperson"`
		At          int64  `db:"at"`
	}
	err = db.r.GetContext(ctx, &r, q("book-handed-since"), id, since.Unix())
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, fmt.Errorf("store: customer %d handed over since %s: %w", id, since.Format(time.RFC3339), err)
	}
	return r.Salesperson, fromUnix(r.At), true, nil
}
