package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/book"
)

// CustomerChange is what `customers set` changes; nil fields stay.
type CustomerChange struct {
	Grade, Owner, Country, TimeZone, Language *string
	Tags                                      *[]string // replaces the tags
	Note                                      string    // appended to the notes
	OptedOut                                  *bool
	// Simplified says Language was given by name as Simplified Chinese
	// ("zh-Hans", "zh-CN", "简体中文"), not as just "zh" or "Chinese": for a
	// customer in Taiwan, Hong Kong or Macao it is a choice, and check no
	// longer names it (SimplifiedInTraditionalRegions).
	Simplified bool
}

// SetCustomer applies a change by hand. A new owner is a plain assignment
// (no pool deadline); an empty owner puts the customer in the pool. A note
// is dated with now's day in now's zone: callers pass the team's.
func (db *DB) SetCustomer(ctx context.Context, id int64, ch CustomerChange, now time.Time, by string) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		c, err := customerRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		n := c
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = *v
			}
		}
		set(&n.Grade, ch.Grade)
		set(&n.Owner, ch.Owner)
		set(&n.Country, ch.Country)
		set(&n.TimeZone, ch.TimeZone)
		set(&n.Language, ch.Language)
		if ch.Tags != nil {
			n.Tags = book.SplitTags(strings.Join(*ch.Tags, ","))
		}
		if ch.Note != "" {
			n.Notes = strings.TrimSpace(n.Notes + "\n" + now.Format("2006-01-02") + " " + ch.Note)
		}
		if ch.OptedOut != nil {
			n.OptedOutAt = nil
			if *ch.OptedOut {
				n.OptedOutAt = &now
			}
		}
		if n.Grade != c.Grade {
			n.GradedAt = &now
		}
		if err := writeCustomer(ctx, tx, n); err != nil {
			return err
		}
		if ch.Language != nil {
			chosen := ch.Simplified && strings.EqualFold(strings.TrimSpace(n.Language), "zh")
			if _, err := tx.ExecContext(ctx, q("customer-set-simplified-chosen"), chosen, id); err != nil {
				return err
			}
		}
		if n.Owner != c.Owner {
			if n.Owner == "" {
				// Put back in the pool: the event names who let it go,
				// whose cool-down (book-last-let-go) counts from now.
				if _, err := tx.ExecContext(ctx, q("book-set-claim"), "", nil, nil, id); err != nil {
					return err
				}
				return poolEvent(ctx, tx, id, "released", c.Owner, by, now)
			}
			if _, err := tx.ExecContext(ctx, q("book-hand-to"), n.Owner, id); err != nil {
				return err
			}
			return ownerEvent(ctx, tx, id, c.Owner, n.Owner, by, now)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set customer %d: %w", id, err)
	}
	return nil
}

// Review records that reviewer looked at the customer now, with an optional
// new grade and note; the next review falls due by the (new) grade's cadence.
func (db *DB) Review(ctx context.Context, id int64, now time.Time, reviewer, grade, note string) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		c, err := customerRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		after := c.Grade
		if grade != "" {
			after = grade
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (customer_id, reviewer, grade_before, grade_after, note, reviewed_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, reviewer, c.Grade, after, note, now.Unix()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE customers SET grade = ?, reviewed_at = ?, graded_at = ? WHERE id = ?`,
			after, now.Unix(), now.Unix(), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: review customer %d: %w", id, err)
	}
	return nil
}

// DueReview is a customer whose review is due.
type DueReview struct {
	BookEntry
	DueAt time.Time `json:"due_at"`
}

// DueReviews lists the graded customers whose review is due at now (of one
// salesperson, or all when salesperson is ""), most overdue first. A
// customer never reviewed counts from when it was graded.
func (db *DB) DueReviews(ctx context.Context, now time.Time, rules book.Rules, salesperson string) ([]DueReview, error) {
	entries, err := listBook(ctx, db.r, false, true) // an ungraded customer is never due
	if err != nil {
		return nil, err
	}
	var out []DueReview
	for _, e := range entries {
		if salesperson != "" && e.Owner != salesperson {
			continue
		}
		since := e.Created
		for _, t := range []*time.Time{e.ReviewedAt, e.GradedAt} {
			if t != nil {
				since = *t
				break
			}
		}
		if due, ok := rules.ReviewDue(e.Grade, since); ok && !due.After(now) {
			out = append(out, DueReview{BookEntry: e, DueAt: due})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DueAt.Before(out[j].DueAt) })
	return out, nil
}

// ReviewRecord is one past review.
type ReviewRecord struct {
	Reviewer    string    `json:"reviewer" db:"reviewer"`
	GradeBefore string    `json:"grade_before" db:"grade_before"`
	GradeAfter  string    `json:"grade_after" db:"grade_after"`
	Note        string    `json:"note" db:"note"`
	At          int64     `json:"-" db:"reviewed_at"`
	ReviewedAt  time.Time `json:"reviewed_at" db:"-"`
}

// PoolEvent is one change of hands.
type PoolEvent struct {
	Event       string    `json:"event" db:"event"`
	Salesperson string    `json:"salesperson,omitempty" db:"salesperson"`
	Note        string    `json:"note,omitempty" db:"note"`
	Unix        int64     `json:"-" db:"at"`
	At          time.Time `json:"at" db:"-"`
}

// MergeRecord is one customer merged into this one.
type MergeRecord struct {
	DroppedID   int64     `json:"dropped_id" db:"dropped_id"`
	DroppedKey  string    `json:"dropped_key" db:"dropped_key"`
	DroppedName string    `json:"dropped_name" db:"dropped_name"`
	Moved       string    `json:"moved" db:"moved"`
	By          string    `json:"merged_by" db:"merged_by"`
	Unix        int64     `json:"-" db:"merged_at"`
	At          time.Time `json:"merged_at" db:"-"`
	// Undone says the merge was undone (`customers unmerge`).
	Undone bool `json:"undone,omitempty" db:"undone"`
}

// CustomerLog is a customer's reviews, pool history and merges, newest first.
type CustomerLog struct {
	Reviews []ReviewRecord `json:"reviews"`
	Pool    []PoolEvent    `json:"pool"`
	Merges  []MergeRecord  `json:"merges"`
}

// Log returns a customer's reviews, pool events and merges.
func (db *DB) Log(ctx context.Context, id int64) (CustomerLog, error) {
	l := CustomerLog{Reviews: []ReviewRecord{}, Pool: []PoolEvent{}, Merges: []MergeRecord{}}
	for _, s := range []struct {
		name string
		dst  any
	}{{"book-reviews", &l.Reviews}, {"book-events", &l.Pool}, {"book-merges", &l.Merges}} {
		if err := db.r.SelectContext(ctx, s.dst, q(s.name), id); err != nil {
			return l, fmt.Errorf("store: log of customer %d: %s: %w", id, s.name, err)
		}
	}
	for i := range l.Reviews {
		l.Reviews[i].ReviewedAt = fromUnix(l.Reviews[i].At)
	}
	for i := range l.Pool {
		l.Pool[i].At = fromUnix(l.Pool[i].Unix)
	}
	for i := range l.Merges {
		l.Merges[i].At = fromUnix(l.Merges[i].Unix)
	}
	return l, nil
}

// Ungraded is a customer that has no grade yet.
type Ungraded struct {
	ID      int64     `json:"id"`
	Key     string    `json:"key"`
	Name    string    `json:"name"`
	WroteAt time.Time `json:"wrote_at"` // its latest mail in
}

// UngradedActive lists owner's customers without a grade that wrote since
// then, latest first: a grade decides their reviews, follow-ups and
// greetings, and a customer made from mail has none. Customers that stay
// quiet (a first sync's history) are left out.
func (db *DB) UngradedActive(ctx context.Context, owner string, since time.Time) ([]Ungraded, error) {
	var rows []struct {
		ID   int64  `db:"id"`
		Key  string `db:"key"`
		Name string `db:"name"`
		At   int64  `db:"last_inbound_at"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("book-ungraded-active"), owner, since.Unix()); err != nil {
		return nil, fmt.Errorf("store: ungraded customers of %s: %w", owner, err)
	}
	out := make([]Ungraded, len(rows))
	for i, r := range rows {
		out[i] = Ungraded{ID: r.ID, Key: r.Key, Name: r.Name, WroteAt: fromUnix(r.At)}
	}
	return out, nil
}

// HandOver gives every customer of from (a salesperson who left, say) to
// to in one transaction, each with an owner event, so that follow-ups in
// from's name stop as at any hand-over. With dryRun nothing is written. It
// returns the customers, in id order.
func (db *DB) HandOver(ctx context.Context, from, to string, now time.Time, by string, dryRun bool) ([]int64, error) {
	var ids []int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.SelectContext(ctx, &ids, `SELECT id FROM customers WHERE merged_into IS NULL AND owner != '' AND lower(owner) = lower(?) ORDER BY id`, from); err != nil {
			return err
		}
		if dryRun || strings.EqualFold(from, to) {
			return nil
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, q("book-hand-to"), to, id); err != nil {
				return err
			}
			if err := ownerEvent(ctx, tx, id, from, to, by, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: hand %s's customers to %s: %w", from, to, err)
	}
	return ids, nil
}

// LiveFollowUpsOf counts the follow-ups running or paused in owner's name
// on customers owner owns: those a hand-over of owner's customers stops.
func (db *DB) LiveFollowUpsOf(ctx context.Context, owner string) (int, error) {
	var n int
	err := db.r.GetContext(ctx, &n, `
SELECT count(*) FROM enrollments e JOIN customers c ON c.id = e.customer_id
WHERE e.status IN ('active', 'paused') AND lower(e.owner) = lower(?1)
  AND c.merged_into IS NULL AND lower(c.owner) = lower(?1)`, owner)
	if err != nil {
		return 0, fmt.Errorf("store: follow-ups of %s: %w", owner, err)
	}
	return n, nil
}

// Owners lists, lower-cased, everyone who owns or ever owned or claimed a
// customer (the pool's history keeps who had it before a hand-over), each
// with whether they own one now.
func (db *DB) Owners(ctx context.Context) (map[string]bool, error) {
	var rows []struct {
		Who  string `db:"who"`
		Owns bool   `db:"owns"`
	}
	err := db.r.SelectContext(ctx, &rows, `
SELECT who, max(owns) AS owns FROM (
  SELECT lower(owner) AS who, merged_into IS NULL AS owns FROM customers WHERE owner != ''
  UNION ALL SELECT lower(salesperson), 0 FROM pool_events WHERE salesperson != ''
  UNION ALL SELECT lower(previous), 0 FROM pool_events WHERE coalesce(previous, '') != ''
) GROUP BY who`)
	if err != nil {
		return nil, fmt.Errorf("store: owners: %w", err)
	}
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r.Who] = r.Owns
	}
	return out, nil
}

// ContactDetails is what `customers contact` sets: nil leaves a field, ""
// empties it.
type ContactDetails struct {
	Name, Birthday, Salutation *string
	Holidays                   *[]string
}

// ContactSet is what SetContactDetails did: the contact's customer, the
// customer's old name when it was renamed with its person, and the
// contact's old name when the new one is another person's (a mailbox
// handed on: the birthday, holidays and salutation kept were set for the
// old person).
type ContactSet struct {
	Customer    int64
	CustomerWas string
	PersonWas   string
	// SameName are the customer's other addresses still bearing the old
	// name when the customer was renamed: the same person's (mail there
	// now calls the customer by the new name) or someone else's (a
	// mailbox handed on). Only the user can tell, so none is renamed.
	SameName []string
}

// SetContactDetails corrects a contact's name, birthday, holidays or
// salutation by hand (a sheet import does it too; the web's contact form
// sets the salutation as well), by the contact's email, recorded in the
// customer's change history as "contact.edit" by by at at, as the web's
// contact form records its changes. A private buyer an
// import named after the person at the address (named_after_person) takes
// the contact's new name too, as on an import; any other customer (a
// company whose contact bore the company's name) keeps its name.
func (db *DB) SetContactDetails(ctx context.Context, email string, ch ContactDetails, at time.Time, by string) (ContactSet, error) {
	var set ContactSet
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var c contactRow
		err := tx.GetContext(ctx, &c, `SELECT id, customer_id, email, name, salutation, language, birthday, holidays, bounced_at FROM contacts WHERE email = lower(?)`, strings.TrimSpace(email))
		if errors.Is(err, sql.ErrNoRows) {
			return keepwarm.Errorf(keepwarm.ENOTFOUND, "no contact %s", email)
		}
		if err != nil {
			return err
		}
		set.Customer = c.CustomerID
		was, old := c.Name, c
		if ch.Name != nil {
			c.Name = strings.TrimSpace(*ch.Name)
		}
		if ch.Birthday != nil {
			c.Birthday = *ch.Birthday
		}
		if ch.Holidays != nil {
			c.Holidays = strings.Join(*ch.Holidays, ";")
		}
		if ch.Salutation != nil {
			c.Salutation = strings.TrimSpace(*ch.Salutation)
			if err := checkSalutation(c.Salutation); err != nil {
				return err
			}
		}
		if c.Name != "" && was != "" && !samePerson(was, c.Name) {
			set.PersonWas = was
		}
		_, err = tx.ExecContext(ctx, q("book-update-contact"), c.Name, c.Salutation, c.Language, c.Birthday, c.Holidays, c.ID)
		if err != nil {
			return err
		}
		var before, after []string
		for _, f := range []struct {
			label    string
			given    bool
			was, now string
		}{{"name", ch.Name != nil, was, c.Name}, {"birthday", ch.Birthday != nil, old.Birthday, c.Birthday},
			{"holidays", ch.Holidays != nil, old.Holidays, c.Holidays}, {"salutation", ch.Salutation != nil, old.Salutation, c.Salutation}} {
			if f.given {
				before, after = append(before, f.label+"="+quotedOrDash(f.was)), append(after, f.label+"="+quotedOrDash(f.now))
			}
		}
		if b, a := strings.Join(before, " "), strings.Join(after, " "); b != a {
			if _, err = tx.ExecContext(ctx, q("web-audit-insert"), c.CustomerID, by, "contact.edit", c.Email, b, a, unix(at)); err != nil {
				return err
			}
		}
		if ch.Salutation != nil {
			if _, err = tx.ExecContext(ctx, q("book-contact-salutation-by-hand"), c.ID); err != nil {
				return err
			}
		}
		if c.Name == "" || ch.Name == nil {
			return nil
		}
		// The user says who is at the address now: no import row of
		// another person there takes it back (contactVouched).
		if _, err = tx.ExecContext(ctx, q("book-contact-named-by-hand"), c.ID); err != nil {
			return err
		}
		renamed, err := renameNamedAfter(ctx, tx, c.CustomerID, c.Email, was, c.Name, false)
		if err != nil || !renamed {
			return err
		}
		set.CustomerWas = was
		return tx.SelectContext(ctx, &set.SameName, `SELECT email FROM contacts WHERE customer_id = ? AND id != ? AND name = ? ORDER BY email`, c.CustomerID, c.ID, was)
	})
	if err != nil {
		return ContactSet{}, fmt.Errorf("store: set contact %s: %w", email, err)
	}
	return set, nil
}

// checkSalutation refuses a salutation set by hand (customers contact
// --salutation, the web's contact form) that an import's salutation cell
// could not hold either: another mail program's placeholder, a line break
// (a second line would go into every letter's body, and a subject naming
// the salutation would fail to render), more than book.MaxName characters.
func checkSalutation(s string) error {
	if p := keepwarm.Placeholder(s); p != "" {
		return keepwarm.Errorf(keepwarm.EINVALID, "salutation %q holds %q, another mail program's placeholder, which keepwarm does not fill in: write the salutation itself, such as \"Dear Mr. Meier\"", s, p)
	}
	if strings.ContainsAny(s, "\r\n") {
		return keepwarm.Errorf(keepwarm.EINVALID, "salutation %q has a line break: write it on one line, such as \"Dear Mr. Meier\"", s)
	}
	if n := utf8.RuneCountInString(s); n > book.MaxName {
		return keepwarm.Errorf(keepwarm.EINVALID, "salutation is %d characters long: at most %d", n, book.MaxName)
	}
	return nil
}

// quotedOrDash is a field's value in the change history: quoted, or "-"
// when empty (as the web's contact form records it).
func quotedOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return fmt.Sprintf("%q", s)
}
