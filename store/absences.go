package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

type absenceRow struct {
	ID      int64  `db:"id"`
	Person  string `db:"person"`
	Backup  string `db:"backup"`
	FromAt  int64  `db:"from_at"`
	UntilAt int64  `db:"until_at"`
	Note    string `db:"note"`
}

func (r absenceRow) absence() keepwarm.Absence {
	return keepwarm.Absence{ID: r.ID, Person: r.Person, Backup: r.Backup, From: fromUnix(r.FromAt),
		Until: fromUnix(r.UntilAt), Source: keepwarm.AwayDesk, Note: r.Note}
}

// AddAbsence records an absence entered on the web desk by actor. It
// returns the absence with its id.
func (db *DB) AddAbsence(ctx context.Context, a keepwarm.Absence, actor string, now time.Time) (keepwarm.Absence, error) {
	a, _, err := db.EnterAbsence(ctx, a, actor, now)
	return a, err
}

// EnterAbsence is AddAbsence saying whether the absence is new: one not
// cancelled with the same person, backup, days and note (the form sent
// twice, a double click) is returned as it is, with created false, and no
// row is added. Two rows would need two cancels, and one cancelled left the
// person away through the other.
func (db *DB) EnterAbsence(ctx context.Context, a keepwarm.Absence, actor string, now time.Time) (keepwarm.Absence, bool, error) {
	a.Person = strings.ToLower(strings.TrimSpace(a.Person))
	a.Backup = strings.ToLower(strings.TrimSpace(a.Backup))
	a.Source = keepwarm.AwayDesk
	if a.Person == "" || a.From.IsZero() || !a.Until.After(a.From) {
		return a, false, keepwarm.Errorf(keepwarm.EINVALID, "store: absence of %q: from must come before until", a.Person)
	}
	created := false
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var same absenceRow
		err := tx.GetContext(ctx, &same, q("absences-same"), a.Person, a.Backup, unix(a.From), unix(a.Until), a.Note)
		if err == nil {
			a = same.absence()
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		created = true
		res, err := tx.ExecContext(ctx, q("absences-add"), a.Person, a.Backup, unix(a.From), unix(a.Until), a.Note, actor, unix(now))
		if err != nil {
			return err
		}
		a.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return a, false, fmt.Errorf("store: add absence of %s: %w", a.Person, err)
	}
	return a, created, nil
}

// CancelAbsence ends a desk absence (it stays in the table, cancelled). A
// missing or already cancelled one is ENOTFOUND.
func (db *DB) CancelAbsence(ctx context.Context, id int64, actor string, now time.Time) (keepwarm.Absence, error) {
	var a keepwarm.Absence
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var r absenceRow
		if err := tx.GetContext(ctx, &r, q("absences-get"), id); errors.Is(err, sql.ErrNoRows) {
			return keepwarm.Errorf(keepwarm.ENOTFOUND, "no absence %d", id)
		} else if err != nil {
			return err
		}
		a = r.absence()
		_, err := tx.ExecContext(ctx, q("absences-cancel"), id, unix(now), actor)
		return err
	})
	if err != nil {
		return a, fmt.Errorf("store: cancel absence %d: %w", id, err)
	}
	return a, nil
}

// DeskAbsences lists the absences entered on the desk that are not over at
// now (running or to come).
func (db *DB) DeskAbsences(ctx context.Context, now time.Time) ([]keepwarm.Absence, error) {
	var rows []absenceRow
	if err := db.r.SelectContext(ctx, &rows, q("absences-desk"), unix(now)); err != nil {
		return nil, fmt.Errorf("store: desk absences: %w", err)
	}
	out := make([]keepwarm.Absence, len(rows))
	for i, r := range rows {
		out[i] = r.absence()
	}
	return out, nil
}

// AutoReplies lists every automatic answer the team sent (filed in a
// Sent folder or from one of team, its addresses, lower-case) since since,
// or naming a return date after now, oldest first, for the caller to keep
// those that read as an absence.
func (db *DB) AutoReplies(ctx context.Context, since, now time.Time, team []string) ([]keepwarm.AutoReplySeen, error) {
	var rows []struct {
		From    string `db:"from_email"`
		Mailbox string `db:"mailbox"`
		Role    string `db:"folder_role"`
		At      int64  `db:"at"`
		Until   int64  `db:"until_at"`
		Snippet string `db:"snippet"`
	}
	if team == nil {
		team = []string{}
	}
	list, err := json.Marshal(team)
	if err != nil {
		return nil, err
	}
	if err := db.r.SelectContext(ctx, &rows, q("absences-auto-replies"), unix(since), unix(now), string(list)); err != nil {
		return nil, fmt.Errorf("store: auto-replies: %w", err)
	}
	out := make([]keepwarm.AutoReplySeen, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.AutoReplySeen{From: strings.ToLower(r.From), Mailbox: r.Mailbox, FolderRole: keepwarm.FolderRole(r.Role),
			At: fromUnix(r.At), Text: r.Snippet}
		if r.Until > 0 {
			out[i].Until = fromUnix(r.Until)
		}
	}
	return out, nil
}

// OwnMail is one person's normal mail (not keepwarm's steps, greetings or
// letters) around at: the latest after since and before at, and the first
// after at (zero: none), as w says which mail is theirs. Each address and
// mailbox is read from at outward, one row each way.
func (db *DB) OwnMail(ctx context.Context, w keepwarm.OwnMailQuery) (keepwarm.OwnMailSeen, error) {
	var out keepwarm.OwnMailSeen
	if w.Team == nil {
		w.Team = []string{}
	}
	team, err := json.Marshal(w.Team)
	if err != nil {
		return out, err
	}
	one := func(query string, args ...any) (time.Time, error) {
		var at int64
		err := db.r.GetContext(ctx, &at, q(query), args...)
		if errors.Is(err, sql.ErrNoRows) {
			return time.Time{}, nil
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("store: own mail: %w", err)
		}
		return fromUnix(at), nil
	}
	note := func(before, after time.Time) {
		if before.After(out.LastBefore) {
			out.LastBefore = before
		}
		if !after.IsZero() && (out.FirstAfter.IsZero() || after.Before(out.FirstAfter)) {
			out.FirstAfter = after
		}
	}
	read := func(kind, key, name string, extra ...any) error {
		args := append([]any{unix(w.Since), unix(w.At), strings.TrimSpace(name), key}, extra...)
		before, err := one("absences-own-mail-"+kind+"-before", args...)
		if err != nil {
			return err
		}
		after, err := one("absences-own-mail-"+kind+"-after", args...)
		if err != nil {
			return err
		}
		note(before, after)
		return nil
	}
	for _, a := range w.Alone {
		if err := read("from", strings.ToLower(a), ""); err != nil {
			return out, err
		}
	}
	if strings.TrimSpace(w.Name) == "" {
		return out, nil // nothing else can be told theirs
	}
	for _, a := range w.Shared {
		if err := read("from", strings.ToLower(a), w.Name); err != nil {
			return out, err
		}
	}
	for _, mb := range w.Mailboxes {
		if err := read("sent", mb, w.Name, string(team)); err != nil {
			return out, err
		}
	}
	return out, nil
}

// RecordCover records that the nudge of level about a message went to
// backup because person was away (once per message and level).
func (db *DB) RecordCover(ctx context.Context, messageID int64, level int, a keepwarm.Absence, backup string, at time.Time) error {
	if _, err := db.w.ExecContext(ctx, q("absences-cover"), messageID, level, a.Person, backup, a.Source, unix(at)); err != nil {
		return fmt.Errorf("store: record cover of message %d: %w", messageID, err)
	}
	return nil
}

// Cover is a customer message a backup was nudged about for an absent
// colleague, and how it was answered, or who marked it "no answer needed"
// (WaivedBy; "" unmarked).
type Cover struct {
	Backup    string `db:"backup"`
	Person    string `db:"person"`
	MessageID int64  `db:"message_id"`
	Level     int    `db:"level"`
	Customer  string `db:"customer"`
	Subject   string `db:"subject"`
	RepliedBy string `db:"replied_by"`
	WaivedBy  string `db:"waived_by"`
	// AnsweredUnseen: answered by mail keepwarm never saw (the
	// customer's later mail answers it), when not known.
	AnsweredUnseen bool      `db:"answered_unseen"`
	AtUnix         int64     `db:"at"`
	RepUnix        int64     `db:"replied_at"`
	At             time.Time `db:"-"`
	RepliedAt      time.Time `db:"-"`
}

// Covers lists what backups were nudged about in [from, to), by backup.
func (db *DB) Covers(ctx context.Context, from, to time.Time) ([]Cover, error) {
	var out []Cover
	if err := db.r.SelectContext(ctx, &out, q("absences-covers-between"), unix(from), unix(to)); err != nil {
		return nil, fmt.Errorf("store: covers: %w", err)
	}
	for i := range out {
		out[i].At = fromUnix(out[i].AtUnix)
		if out[i].RepUnix > 0 {
			out[i].RepliedAt = fromUnix(out[i].RepUnix)
		}
	}
	return out, nil
}

// GetAbsence returns a desk absence not cancelled, or ENOTFOUND.
func (db *DB) GetAbsence(ctx context.Context, id int64) (keepwarm.Absence, error) {
	var r absenceRow
	err := db.r.GetContext(ctx, &r, q("absences-get"), id)
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.Absence{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no absence %d", id)
	}
	if err != nil {
		return keepwarm.Absence{}, fmt.Errorf("store: absence %d: %w", id, err)
	}
	return r.absence(), nil
}

// AwayWaiting lists the people who have mail in their name waiting at now
// for them to be back: follow-up steps put off, or outbox items held, for
// their absence.
func (db *DB) AwayWaiting(ctx context.Context, now time.Time) ([]string, error) {
	var out []string
	if err := db.r.SelectContext(ctx, &out, q("absences-waiting"), unix(now)); err != nil {
		return nil, fmt.Errorf("store: waiting for an absence: %w", err)
	}
	return out, nil
}

// ReleaseAwayWaits makes what waits for person to be back due at now: their
// follow-up steps put off for their absence, and their items held before
// sending for it, to be decided again (the absence ended early: cancelled,
// shortened, or they said they are back). It returns how many.
func (db *DB) ReleaseAwayWaits(ctx context.Context, person string, now time.Time) (int64, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) (err error) {
		n, err = execEach(ctx, tx, stmt{q("absences-release-enrollments"), []any{person, unix(now)}}, stmt{q("absences-release-held"), []any{person, unix(now)}})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: release what waited for %s: %w", person, err)
	}
	return n, nil
}

// RecordReturn records that person is back at now (said on the desk by
// actor): the config and out-of-office absences running then that start
// at ended end (kept with the UTC offset each was read at). With none named, every one running at now ends (as
// returns recorded before the starts were kept).
func (db *DB) RecordReturn(ctx context.Context, person, actor string, now time.Time, ended ...time.Time) error {
	person = strings.ToLower(strings.TrimSpace(person))
	if person == "" {
		return keepwarm.Errorf(keepwarm.EINVALID, "store: a return of nobody")
	}
	starts := make([]string, len(ended))
	for i, t := range ended {
		// With the UTC offset it was read at, so its day and hour as
		// written are known again after a zone in the config changes.
		_, off := t.Zone()
		starts[i] = strconv.FormatInt(unix(t), 10) + "@" + strconv.Itoa(off)
	}
	if _, err := db.w.ExecContext(ctx, q("absences-return-add"), person, unix(now), actor, strings.Join(starts, " ")); err != nil {
		return fmt.Errorf("store: record %s back: %w", person, err)
	}
	return nil
}

// AwayReturns lists, by person, the "back now" said up to now, oldest
// first.
func (db *DB) AwayReturns(ctx context.Context, now time.Time) (map[string][]keepwarm.AwayReturn, error) {
	var rows []struct {
		Person string `db:"person"`
		At     int64  `db:"at"`
		Ended  string `db:"ended"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("absences-returns"), unix(now)); err != nil {
		return nil, fmt.Errorf("store: returns: %w", err)
	}
	out := map[string][]keepwarm.AwayReturn{}
	for _, r := range rows {
		ret := keepwarm.AwayReturn{At: fromUnix(r.At)}
		for _, f := range strings.Fields(r.Ended) {
			at, off, zoned := strings.Cut(f, "@")
			n, err := strconv.ParseInt(at, 10, 64)
			if err != nil {
				continue
			}
			t := fromUnix(n)
			if o, err := strconv.Atoi(off); zoned && err == nil {
				t = t.In(time.FixedZone("", o))
			}
			ret.Ended = append(ret.Ended, t)
		}
		out[r.Person] = append(out[r.Person], ret)
	}
	return out, nil
}
