package keepwarm

import (
	"strings"
	"time"
)

// Where an absence was learned.
const (
	AwayConfig    = "config"     // [[salesperson]] away = [...]
	AwayDesk      = "desk"       // entered on the web desk
	AwayAutoReply = "auto-reply" // their own out-of-office reply, seen in their Sent
)

// Absence is a time a salesperson is away: what is addressed to them (nudges,
// digest items) goes to Backup, else to the team's manager.
type Absence struct {
	ID     int64     `json:"id,omitempty"` // desk absences: the row; 0 otherwise
	Person string    `json:"person"`       // lower-case email
	Backup string    `json:"backup,omitempty"`
	From   time.Time `json:"from"`
	// Until is the first instant they are back; zero: until they send a
	// normal mail again (an out-of-office reply without a return date).
	Until time.Time `json:"until,omitempty"`
	// NoReturnDate: an out-of-office reply that named no return date
	// started it, and Until is keepwarm's bound on it (some days after
	// the reply), not a date they gave: shown as "back by ... at the
	// latest", never as "away until".
	NoReturnDate bool   `json:"no_return_date,omitempty"`
	Source       string `json:"source"`
	Note         string `json:"note,omitempty"`
	// OffTeam is a backup it named who is no longer a salesperson or the
	// manager (they left after it was entered): left out of Backup, so the
	// standing backup or the manager covers, and said where it is shown.
	OffTeam string `json:"off_team,omitempty"`
	// OffTeamManager: OffTeam is still on the team, listed in
	// team.managers (moved there after it was entered), who see everything
	// but cover for nobody; said as such, not as someone who left.
	OffTeamManager bool `json:"off_team_manager,omitempty"`
	// Left: an absence entered on the desk by someone who is no longer on
	// the team: not a salesperson nor a manager (manager or managers; they
	// left after entering it). It covers
	// nothing: nobody receives their mail or opens their customers for it
	// (the mail of an owner who left goes to whoever stands in). What waits
	// in their name still waits, and the desk lists it to be cancelled.
	Left bool `json:"left,omitempty"`
}

// AwayReturn is a "back now" said on the desk at At. It ends the config
// absences that start at one of Ended (those running when it was said; in
// the zone they were read in, so the day and hour as written are known),
// and every out-of-office absence that started by At and covers it; with
// Ended empty (said before these were kept), every one that covers At.
type AwayReturn struct {
	At    time.Time
	Ended []time.Time
}

// Ends reports whether r ends ab: ab covers r's instant and, when r names
// what it ended, is one of them (not a config absence entered afterwards
// that also covers that instant, a same-day sick leave). An out-of-office
// absence that started by r's instant is ended whatever r names: its reply
// was sent before they said they were back, though a sync that ran late
// may have filed it after (the roster then starts the absence at it).
func (r AwayReturn) Ends(ab Absence) bool {
	if !ab.Covers(r.At) {
		return false
	}
	if len(r.Ended) == 0 || ab.Source == AwayAutoReply {
		return true
	}
	for _, f := range r.Ended {
		if f.Equal(ab.From.Truncate(time.Second)) || sameWallClock(f, ab.From) {
			return true
		}
	}
	return false
}

// sameWallClock says whether a and b are the same day and time of day, each
// in its own zone: a config entry's "2026-12-22" read in Berlin when it was
// ended and in Shanghai after its time_zone was set.
func sameWallClock(a, b time.Time) bool {
	const layout = "2006-01-02T15:04:05"
	return a.Format(layout) == b.Truncate(time.Second).Format(layout)
}

// BackBy is the day, in loc, an absence without a return date is taken as
// over at the latest ("2026-12-18").
func (a Absence) BackBy(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return a.Until.In(loc).Format("2006-01-02")
}

// Covers reports whether the absence runs at t.
func (a Absence) Covers(t time.Time) bool {
	return !t.Before(a.From) && (a.Until.IsZero() || t.Before(a.Until))
}

// AwayAt returns the absence of person running at t, if any. When several
// overlap (the desk's and their own out-of-office, say) it runs until the
// one ending last ends (an open-ended one first), and its backup is the
// one a person named: a config or desk absence's (the one ending last of
// those that name one) before an out-of-office reply's, which can only
// carry the standing backup. An automatic reply never replaces the
// colleague someone arranged to cover.
func AwayAt(away []Absence, person string, at time.Time) (Absence, bool) {
	person = strings.ToLower(strings.TrimSpace(person))
	var best, named Absence
	found, hasNamed := false, false
	for _, a := range away {
		if !strings.EqualFold(a.Person, person) || !a.Covers(at) {
			continue
		}
		if !found || endsLater(a, best) {
			best, found = a, true
		}
		if a.Source != AwayAutoReply && strings.TrimSpace(a.Backup) != "" && (!hasNamed || endsLater(a, named)) {
			named, hasNamed = a, true
		}
	}
	if hasNamed {
		best.Backup = named.Backup
	}
	return best, found
}

func endsLater(a, b Absence) bool {
	if b.Until.IsZero() {
		return false
	}
	return a.Until.IsZero() || a.Until.After(b.Until)
}

// CoverOf says who receives at `at` what is addressed to person: person
// themselves when they are not away; else their backup, following a backup
// who is away too to their own backup; else (no backup, or every backup
// away, or a circle) the manager, or, when the manager is away too,
// whoever covers for the manager by the same chain (the manager when
// nobody does). cover is the person's absence when one runs. An empty
// person stays empty (the caller decides who gets ownerless mail).
func CoverOf(away []Absence, person, manager string, at time.Time) (to string, cover *Absence) {
	person = strings.ToLower(strings.TrimSpace(person))
	if person == "" {
		return "", nil
	}
	a, ok := AwayAt(away, person, at)
	if !ok {
		return person, nil
	}
	cover = &a
	seen := map[string]bool{person: true}
	if to := backupChain(away, a, seen, at); to != "" {
		return to, cover
	}
	manager = strings.ToLower(strings.TrimSpace(manager))
	if manager == "" || manager == person {
		// Nobody else to give it to: better the away person's own inbox
		// (their auto-reply covers the customer) than nobody.
		return person, cover
	}
	if m, off := AwayAt(away, manager, at); off && !seen[manager] {
		seen[manager] = true
		if to := backupChain(away, m, seen, at); to != "" {
			return to, cover
		}
	}
	return manager, cover
}

// backupChain follows a's backup, and theirs while they are away too, to
// the first one who is not away at `at`; "" when the chain ends or comes
// back to someone in seen (which it extends).
func backupChain(away []Absence, a Absence, seen map[string]bool, at time.Time) string {
	next := strings.ToLower(strings.TrimSpace(a.Backup))
	for next != "" && !seen[next] {
		b, away2 := AwayAt(away, next, at)
		if !away2 {
			return next
		}
		seen[next] = true
		next = strings.ToLower(strings.TrimSpace(b.Backup))
	}
	return ""
}

// AutoReplySeen is an automatic answer one team address sent: when, until
// the return date it named (zero: none), its own text (the store's
// snippet) and, once the roster has read the sender's mail, when they
// next sent a normal mail (zero: not yet). A salesperson's own that reads
// as an absence makes one.
type AutoReplySeen struct {
	From       string // the sender's address, lower-case
	Mailbox    string
	FolderRole FolderRole
	At         time.Time
	Until      time.Time
	Text       string
	BackAt     time.Time
}

// OwnMailQuery says which normal mail is one person's, around an
// instant: from the addresses that are theirs alone under any name, from
// their shared addresses and in the Sent of the mailboxes they own (from an
// address that is none of Team) only under Name.
type OwnMailQuery struct {
	Since, At time.Time
	Alone     []string
	Shared    []string
	Mailboxes []string
	Team      []string // every team address, lower-case
	Name      string
}

// OwnMailSeen is one person's normal mail (not keepwarm's own steps,
// greetings or letters) around an instant: the latest before it and the
// first after it (zero: none).
type OwnMailSeen struct {
	LastBefore time.Time
	FirstAfter time.Time
}

// AwaySpan writes an absence's from and until in loc as a person entered
// them (AwayEnds) joined by "to"; an open end as "until they send a normal
// mail". The zone is the caller's to name.
func AwaySpan(from, until time.Time, loc *time.Location) string {
	if until.IsZero() {
		return from.In(loc).Format("2006-01-02 15:04") + " until they send a normal mail"
	}
	first, last := AwayEnds(from, until, loc)
	return first + " to " + last
}

// AwayEnds are an absence's two ends in loc as a person entered them:
// whole days as "2026-11-29" and "2026-12-05" (until's day before, the
// last day away), otherwise times, "2026-11-29 09:00" and "2026-12-05
// 18:00". until must not be zero.
func AwayEnds(from, until time.Time, loc *time.Location) (first, last string) {
	from, until = from.In(loc), until.In(loc)
	midnight := func(t time.Time) bool { return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 }
	if midnight(from) && midnight(until) {
		return from.Format("2006-01-02"), until.AddDate(0, 0, -1).Format("2006-01-02")
	}
	return from.Format("2006-01-02 15:04"), until.Format("2006-01-02 15:04")
}
