package sequences

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"keepwarm"
)

// AwayStore is what absence needs from the database; store.DB satisfies it.
type AwayStore interface {
	DeskAbsences(ctx context.Context, now time.Time) ([]keepwarm.Absence, error)
	AutoReplies(ctx context.Context, since, now time.Time, team []string) ([]keepwarm.AutoReplySeen, error)
	OwnMail(ctx context.Context, q keepwarm.OwnMailQuery) (keepwarm.OwnMailSeen, error)
	AwayWaiting(ctx context.Context, now time.Time) ([]string, error)
	ReleaseAwayWaits(ctx context.Context, person string, now time.Time) (int64, error)
	AwayReturns(ctx context.Context, now time.Time) (map[string][]keepwarm.AwayReturn, error)
}

// DefaultAwayOpenLimit bounds an absence that an out-of-office reply
// without a return date started and no normal mail has ended: counted from
// the latest such reply.
const DefaultAwayOpenLimit = 14 * 24 * time.Hour

// AwayConfig says where absences come from; app builds it from the config.
type AwayConfig struct {
	// Configured are the [[salesperson]] away entries.
	Configured []keepwarm.Absence
	// Salespeople are the team's salespeople (lower-case emails): only their
	// own out-of-office replies start an absence.
	Salespeople map[string]bool
	// People maps every team address (a mailbox login too) to its person.
	People map[string]string
	// Names are the salespeople's names (by lower-case email): a normal
	// mail from an address that is not theirs alone (a shared sales@ they
	// own, filed in its Sent) is theirs only under their own name, since
	// colleagues covering write from it too.
	Names map[string]string
	// MailboxOwners maps a mailbox name to its owner: an auto-reply in a
	// salesperson's own Sent is theirs whatever its From says.
	MailboxOwners map[string]string
	// Backups is each salesperson's standing backup (backup = ...), for
	// absences that name none.
	Backups map[string]string
	Manager string
	// Team is everyone on the team, as the web lets them in: salespeople
	// and every manager (manager and managers). A desk absence of someone
	// not in it is of someone who left (Left). Empty: the salespeople and
	// the manager (OnTeam).
	Team map[string]bool
	// OpenLimit: see DefaultAwayOpenLimit (0: the default).
	OpenLimit time.Duration
	// PersonLocation is a salesperson's zone (their time_zone): the day
	// their out-of-office names is a day there, whatever offset the reply's
	// Date header had (nil: the day as read).
	PersonLocation func(email string) *time.Location
}

// Away tells who is away and who covers for them. It never touches the
// network; it reads the store on each call.
type Away struct {
	cfg   AwayConfig
	store AwayStore
	team  []string // teamAddresses, read once; never changed
}

// NewAway returns the absence reader. A nil store reads the config only.
func NewAway(cfg AwayConfig, st AwayStore) *Away {
	if cfg.OpenLimit <= 0 {
		cfg.OpenLimit = DefaultAwayOpenLimit
	}
	return &Away{cfg: cfg, store: st, team: teamAddresses(cfg)}
}

// Roster is who is away at one instant, read once.
type Roster struct {
	At       time.Time
	Absences []keepwarm.Absence // running or to come
	Manager  string
}

// Cover says who receives at the roster's instant what is addressed to
// person (see keepwarm.CoverOf).
func (r Roster) Cover(person string) (to string, cover *keepwarm.Absence) {
	return keepwarm.CoverOf(r.covering(), person, r.Manager, r.At)
}

// covering is the roster's absences that give someone cover: not the desk
// absences of people who left (Left), which would give their backup their
// whole book until they end.
func (r Roster) covering() []keepwarm.Absence {
	out := make([]keepwarm.Absence, 0, len(r.Absences))
	for _, a := range r.Absences {
		if !a.Left {
			out = append(out, a)
		}
	}
	return out
}

// CoveredBy lists the people whose mail goes to cover at the roster's
// instant (cover is their backup, or the manager, per Cover), sorted,
// without cover themselves: what the backup's desk shows and opens.
func (r Roster) CoveredBy(cover string) []string {
	cover = strings.ToLower(strings.TrimSpace(cover))
	seen := map[string]bool{}
	var out []string
	for _, a := range r.Current() {
		p := strings.ToLower(a.Person)
		if p == cover || seen[p] || a.Left {
			continue
		}
		seen[p] = true
		if to, _ := r.Cover(p); to == cover && cover != "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// Uncovered reports whether, at some time ab runs from the roster's
// instant on, what is addressed to its person goes to someone away too:
// their own inbox (the manager away with nobody to cover for them), or a
// backup or manager who is away then with nobody free after them. Nobody
// at their desk reads their nudges and digest then. It says from when, and
// to whom. Who covers changes only when an absence starts or ends (when a
// desk absence naming a backup ends and an out-of-office naming nobody
// goes on, the mail falls to the standing backup or the manager), so
// those are the instants looked at.
func (r Roster) Uncovered(ab keepwarm.Absence) (at time.Time, to string, ok bool) {
	if ab.Left {
		return time.Time{}, "", false // it covers nothing
	}
	away := r.covering()
	start := ab.From
	if start.Before(r.At) {
		start = r.At
	}
	if !ab.Until.IsZero() && !start.Before(ab.Until) {
		return time.Time{}, "", false
	}
	instants := []time.Time{start}
	inside := func(t time.Time) bool {
		return !t.IsZero() && t.After(start) && (ab.Until.IsZero() || t.Before(ab.Until))
	}
	for _, o := range away {
		for _, t := range []time.Time{o.From, o.Until} {
			if inside(t) {
				instants = append(instants, t)
			}
		}
	}
	sort.Slice(instants, func(i, j int) bool { return instants[i].Before(instants[j]) })
	for _, t := range instants {
		to, cover := keepwarm.CoverOf(away, ab.Person, r.Manager, t)
		if cover == nil {
			continue
		}
		if _, off := keepwarm.AwayAt(away, to, t); off {
			return t, to, true
		}
	}
	return time.Time{}, "", false
}

// CoverSpan is one stretch of an absence during which one person covers
// for it.
type CoverSpan struct {
	To          string // who covers: a backup, the manager, or the person themselves
	From, Until time.Time
}

// CoverSpans says who covers for ab from the roster's instant (or its start,
// when it is to come) to its end, in turn: a backup away for part of it
// hands it on to their own backup for that part. Who covers changes only
// when an absence starts or ends, as Uncovered reads it.
func (r Roster) CoverSpans(ab keepwarm.Absence) []CoverSpan {
	if ab.Left {
		return nil // it covers nothing
	}
	away := r.covering()
	start := ab.From
	if start.Before(r.At) {
		start = r.At
	}
	if !ab.Until.IsZero() && !start.Before(ab.Until) {
		return nil
	}
	instants := []time.Time{start}
	for _, o := range away {
		for _, t := range []time.Time{o.From, o.Until} {
			if !t.IsZero() && t.After(start) && (ab.Until.IsZero() || t.Before(ab.Until)) {
				instants = append(instants, t)
			}
		}
	}
	sort.Slice(instants, func(i, j int) bool { return instants[i].Before(instants[j]) })
	var out []CoverSpan
	for _, t := range instants {
		to, _ := keepwarm.CoverOf(away, ab.Person, r.Manager, t)
		if n := len(out); n > 0 {
			if out[n-1].To == to {
				continue
			}
			out[n-1].Until = t
		}
		out = append(out, CoverSpan{To: to, From: t})
	}
	out[len(out)-1].Until = ab.Until
	return out
}

// Current lists the absences running at the roster's instant.
func (r Roster) Current() []keepwarm.Absence {
	var out []keepwarm.Absence
	for _, a := range r.Absences {
		if a.Covers(r.At) {
			out = append(out, a)
		}
	}
	return out
}

// Roster reads every absence source at now: the config, the desk, and the
// salespeople's own out-of-office replies.
func (a *Away) Roster(ctx context.Context, now time.Time) (Roster, error) {
	r := Roster{At: now, Manager: strings.ToLower(a.cfg.Manager)}
	for _, c := range a.cfg.Configured {
		if c.Until.IsZero() || c.Until.After(now) {
			r.Absences = append(r.Absences, a.withBackup(c))
		}
	}
	if a.store == nil {
		return r, nil
	}
	desk, err := a.store.DeskAbsences(ctx, now)
	if err != nil {
		return r, err
	}
	for _, d := range desk {
		d = a.withBackup(d)
		// Entered before they left the team: kept, so what waits in their
		// name still waits and the desk can cancel it, but it covers
		// nothing (covering).
		d.Left = !a.onTeamAtAll(d.Person)
		r.Absences = append(r.Absences, d)
	}
	// OpenLimit bounds replies without a return date; one that names a
	// date still ahead counts however long ago it was sent (customers stop
	// writing, responders answer each sender once).
	seen, err := a.store.AutoReplies(ctx, now.Add(-a.cfg.OpenLimit), now, a.team)
	if err != nil {
		return r, err
	}
	back, err := a.store.AwayReturns(ctx, now)
	if err != nil {
		return r, err
	}
	for _, run := range absenceReplies(seen) {
		s := run[len(run)-1]
		person := a.personOf(s.From, s.Mailbox, s.FolderRole)
		if !a.cfg.Salespeople[person] {
			continue
		}
		from, backAt, err := a.ownMailAround(ctx, person, run, back[person])
		if err != nil {
			return r, err
		}
		s.BackAt = backAt
		if ab, ok := a.fromAutoReply(s, person, from, now); ok {
			if ab, ok = a.afterReturn(ab, s, back[ab.Person], now); ok {
				r.Absences = append(r.Absences, a.withBackup(ab))
			}
		}
	}
	r.Absences = endAtReturns(r.Absences, back, now)
	return r, nil
}

// endAtReturns ends each config or out-of-office absence at the first
// "back now" that ended it (said while it ran), and leaves out those that
// are then over at now. A desk absence is cancelled instead; an absence
// that starts after the return (a later trip, a new out-of-office reply),
// or that was entered in the config afterwards over the same instant (a
// same-day sick leave), is not touched.
func endAtReturns(away []keepwarm.Absence, back map[string][]keepwarm.AwayReturn, now time.Time) []keepwarm.Absence {
	if len(back) == 0 {
		return away
	}
	out := away[:0:0]
	for _, ab := range away {
		if ab.Source != keepwarm.AwayDesk {
			for _, r := range back[ab.Person] {
				if r.Ends(ab) {
					ab.Until, ab.NoReturnDate = r.At, false
					break
				}
			}
			if !ab.Until.IsZero() && !ab.Until.After(now) {
				continue
			}
		}
		out = append(out, ab)
	}
	return out
}

// afterReturn ends at their next normal mail a dated out-of-office reply
// sent after the person said "Back now" (within OpenLimit before it): a
// scheduled responder often keeps answering after an early return, and
// their own mail then shows they are back, as it does for a reply without
// a date. It reports false when that leaves nothing at now.
func (a *Away) afterReturn(ab keepwarm.Absence, s keepwarm.AutoReplySeen, back []keepwarm.AwayReturn, now time.Time) (keepwarm.Absence, bool) {
	if s.Until.IsZero() || s.BackAt.IsZero() || !s.BackAt.Before(ab.Until) {
		return ab, true
	}
	for _, r := range back {
		if at := r.At; at.Before(s.At) && s.At.Sub(at) <= a.cfg.OpenLimit {
			ab.Until = s.BackAt
			return ab, ab.Until.After(now)
		}
	}
	return ab, true
}

// Recipient is who receives at now what is addressed to person: them, or
// whoever covers while they are away (cover is then their absence). The
// reply watch's nudges and the digests both ask it.
func (a *Away) Recipient(ctx context.Context, person string, now time.Time) (to string, cover *keepwarm.Absence, err error) {
	r, err := a.Roster(ctx, now)
	if err != nil {
		return "", nil, err
	}
	to, cover = r.Cover(person)
	return to, cover, nil
}

// ReleaseReturned makes due at now what waits for someone who is no longer
// away: follow-up steps put off and items held until the end their absence
// had when it was last looked at. An absence cancelled on the desk, ended
// with "I am back", or shortened or removed in the config then frees them
// at once, not on the old return date. It returns how many it freed.
func (a *Away) ReleaseReturned(ctx context.Context, now time.Time) (int64, error) {
	if a == nil || a.store == nil {
		return 0, nil
	}
	people, err := a.store.AwayWaiting(ctx, now)
	if err != nil || len(people) == 0 {
		return 0, err
	}
	r, err := a.Roster(ctx, now)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, p := range people {
		if _, away := keepwarm.AwayAt(r.Absences, p, now); away {
			continue
		}
		k, err := a.store.ReleaseAwayWaits(ctx, p, now)
		if err != nil {
			return n, err
		}
		n += k
	}
	return n, nil
}

// teamAddresses are every address of the team, lower-case, sorted, each
// once: whose automatic answers may be a salesperson's absence wherever
// they were filed. The config does not change while an Away reads it, so
// NewAway reads them once.
func teamAddresses(cfg AwayConfig) []string {
	out := make([]string, 0, len(cfg.People)+len(cfg.Salespeople)+1)
	for addr := range cfg.People {
		out = append(out, addr)
	}
	for addr := range cfg.Salespeople {
		out = append(out, addr)
	}
	out = append(out, cfg.Manager)
	for i, addr := range out {
		out[i] = strings.ToLower(strings.TrimSpace(addr))
	}
	sort.Strings(out)
	out = slices.Compact(out)
	if len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	return out
}

// absenceReplies groups by sender, oldest first, the automatic answers
// that read as an absence: one naming a return date, or one whose words
// are not a standing acknowledgement ("we have received your message and
// will reply within 24 hours"; readOwnAutoAnswer). An acknowledgement that says the person is away is
// an absence. Senders are in order.
func absenceReplies(seen []keepwarm.AutoReplySeen) [][]keepwarm.AutoReplySeen {
	by := map[string][]keepwarm.AutoReplySeen{}
	var senders []string
	for _, s := range seen {
		if s.Until.IsZero() && readOwnAutoAnswer(s.Text) != autoAbsence {
			continue
		}
		if by[s.From] == nil {
			senders = append(senders, s.From)
		}
		by[s.From] = append(by[s.From], s)
	}
	sort.Strings(senders)
	out := make([][]keepwarm.AutoReplySeen, len(senders))
	for i, f := range senders {
		run := by[f]
		sort.SliceStable(run, func(i, j int) bool { return run[i].At.Before(run[j].At) })
		out[i] = run
	}
	return out
}

// personOf is whose mail a message from from filed in mailbox's folder of
// role is: the person the address is, or the salesperson whose Sent it is
// in when the address is nobody else's (a shared sales@ they own).
func (a *Away) personOf(from, mailbox string, role keepwarm.FolderRole) string {
	person := a.cfg.People[from]
	if owner := a.cfg.MailboxOwners[mailbox]; role == keepwarm.RoleSent && a.cfg.Salespeople[owner] {
		if person == "" || person == owner {
			person = owner
		}
	}
	return person
}

// ownMailQuery says which normal mail is person's, as far as ending or
// starting their absence goes: from their own address, or from the
// address their automatic answers came from (runFrom) when it is nobody's
// on the team, under any name; from another address of theirs (a shared
// mailbox's login, the shared sales@ whose responder answered for them)
// or filed in the Sent of a mailbox they own from an address that is
// nobody's on the team, only under their own name. A colleague covering
// for them from the shared sales@ is not them coming back.
func (a *Away) ownMailQuery(person, runFrom string) keepwarm.OwnMailQuery {
	person, runFrom = strings.ToLower(person), strings.ToLower(runFrom)
	q := keepwarm.OwnMailQuery{Alone: []string{person}, Name: strings.TrimSpace(a.cfg.Names[person]), Team: a.team}
	onTeam := false
	for addr, p := range a.cfg.People {
		addr = strings.ToLower(addr)
		onTeam = onTeam || (addr == runFrom && p != "")
		if strings.EqualFold(p, person) && addr != person {
			q.Shared = append(q.Shared, addr)
		}
	}
	if runFrom != person && !onTeam {
		q.Alone = append(q.Alone, runFrom)
	}
	for mb, owner := range a.cfg.MailboxOwners {
		if strings.EqualFold(owner, person) {
			q.Mailboxes = append(q.Mailboxes, mb)
		}
	}
	sort.Strings(q.Shared)
	sort.Strings(q.Mailboxes)
	return q
}

// ownMailAround reads person's normal mail around run, one sender's
// automatic answers that read as an absence (oldest first): from is the
// first answer after their last normal mail or "back now" before the
// latest answer (where the absence they show began), backAt their first
// normal mail after the latest (zero: none yet), as ownMailQuery reads it.
func (a *Away) ownMailAround(ctx context.Context, person string, run []keepwarm.AutoReplySeen, back []keepwarm.AwayReturn) (from, backAt time.Time, err error) {
	first, latest := run[0], run[len(run)-1]
	q := a.ownMailQuery(person, latest.From)
	q.Since, q.At = first.At, latest.At
	mail, err := a.store.OwnMail(ctx, q)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	before := mail.LastBefore
	backAt = mail.FirstAfter
	for _, r := range back {
		if r.At.Before(latest.At) && r.At.After(before) {
			before = r.At
		}
	}
	for _, s := range run {
		if s.At.After(before) {
			return s.At, backAt, nil
		}
	}
	return latest.At, backAt, nil
}

// fromAutoReply turns a salesperson's own automatic answer, s the latest
// of those person sent from one address since their last normal mail and
// from the first, into an absence: from then until its return date, else
// until they sent a normal mail again, else for OpenLimit after the
// latest one.
func (a *Away) fromAutoReply(s keepwarm.AutoReplySeen, person string, from, now time.Time) (keepwarm.Absence, bool) {
	ab := keepwarm.Absence{Person: person, From: from, Source: keepwarm.AwayAutoReply}
	switch {
	case !s.Until.IsZero():
		ab.Until = a.dayIn(person, s.Until)
	case !s.BackAt.IsZero():
		ab.Until = s.BackAt
	default:
		ab.Until, ab.NoReturnDate = s.At.Add(a.cfg.OpenLimit), true
	}
	if !ab.Until.After(now) || !ab.Until.After(ab.From) {
		return keepwarm.Absence{}, false
	}
	if s.Until.IsZero() && s.BackAt.IsZero() {
		ab.Note = "out-of-office reply without a return date: until they send a normal mail"
	} else if !s.Until.IsZero() {
		ab.Note = "out-of-office reply"
	}
	return ab, true
}

// withBackup gives ab the standing backup when it names none, and leaves
// out a named backup who is no longer on the team (a desk absence keeps
// the backup it was entered with; they may have left since): customer mail
// never goes to an address nobody on the team reads.
// dayIn is the return day an out-of-office named, read as the midnight of
// some UTC offset (its Date header's; a server writing its replies in UTC
// gives 00:00 UTC), as midnight of that day in person's zone: "back on 5
// January" is 5 January where they live.
func (a *Away) dayIn(person string, until time.Time) time.Time {
	if a.cfg.PersonLocation == nil {
		return until
	}
	loc := a.cfg.PersonLocation(person)
	if loc == nil {
		return until
	}
	y, m, d := civilDay(until, loc)
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// civilDay is the day whose midnight, at an offset between -12:00 and
// +14:00, is u; of two such days, the one whose offset is nearer loc's.
func civilDay(u time.Time, loc *time.Location) (int, time.Month, int) {
	u = u.UTC()
	late := u.Add(14 * time.Hour).Truncate(24 * time.Hour) // offset +14:00 at most
	best := late
	if early := late.Add(-24 * time.Hour); !early.Before(u.Add(-12 * time.Hour)) {
		_, own := u.In(loc).Zone()
		dist := func(c time.Time) time.Duration { return (c.Sub(u) - time.Duration(own)*time.Second).Abs() }
		if dist(early) < dist(late) {
			best = early
		}
	}
	return best.Date()
}

func (a *Away) withBackup(ab keepwarm.Absence) keepwarm.Absence {
	ab.Person = strings.ToLower(ab.Person)
	ab.Backup = strings.ToLower(strings.TrimSpace(ab.Backup))
	if ab.Backup != "" && !a.OnTeam(ab.Backup) {
		// Still on the team, in team.managers (moved there since), is
		// said as such: not as someone who left.
		ab.OffTeam, ab.OffTeamManager, ab.Backup = ab.Backup, len(a.cfg.Team) > 0 && a.onTeamAtAll(ab.Backup), ""
	}
	if ab.Backup == "" {
		if b := strings.ToLower(a.cfg.Backups[ab.Person]); a.OnTeam(b) {
			ab.Backup = b
		}
	}
	return ab
}

// StandingBackup is person's standing backup (backup = ... on their
// [[salesperson]]) when they are on the team, else "": who covers an
// absence of theirs that names nobody, before the manager.
func (a *Away) StandingBackup(person string) string {
	if a == nil {
		return ""
	}
	b := strings.ToLower(a.cfg.Backups[strings.ToLower(strings.TrimSpace(person))])
	if !a.OnTeam(b) {
		return ""
	}
	return b
}

// Manager is the team's manager (team.manager), lower-case: who covers
// for someone away with no backup.
func (a *Away) Manager() string {
	if a == nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(a.cfg.Manager))
}

// OnTeam says whether email may cover for someone away: a salesperson or
// the manager (team.manager), as the config's backup = ... allows. Other
// people who see everything on the web (team.managers) do not: their
// mailbox is not where the customers' mail is answered.
func (a *Away) OnTeam(email string) bool {
	if a == nil {
		return false
	}
	email = strings.ToLower(strings.TrimSpace(email))
	return email != "" && (a.cfg.Salespeople[email] || email == strings.ToLower(a.cfg.Manager))
}

// onTeamAtAll says whether email is on the team at all (Team), not only
// whether they may cover (OnTeam): a manager listed in managers enters
// absences on the desk and has them covered, but is nobody's backup.
func (a *Away) onTeamAtAll(email string) bool {
	if len(a.cfg.Team) == 0 {
		return a.OnTeam(email)
	}
	return a.cfg.Team[strings.ToLower(strings.TrimSpace(email))]
}

// absent is person's absence at now, for mail in their name: none when a
// is nil (nobody is ever away), person is "", or whileAway says their mail
// keeps going while they are away (sequences_while_away).
func (a *Away) absent(ctx context.Context, person string, whileAway func(string) bool, now time.Time) (keepwarm.Absence, bool, error) {
	if a == nil || person == "" || (whileAway != nil && whileAway(person)) {
		return keepwarm.Absence{}, false, nil
	}
	r, err := a.Roster(ctx, now)
	if err != nil {
		return keepwarm.Absence{}, false, err
	}
	ab, ok := keepwarm.AwayAt(r.Absences, person, now)
	return ab, ok, nil
}
