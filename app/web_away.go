package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/web"
)

// deskAway lists the absences running now or to come, the team and those
// of it who may be a backup.
func (b *WebBackend) deskAway(ctx context.Context, p web.Person, now time.Time) ([]web.Away, []web.Person, []web.Person, error) {
	var team, backups []web.Person
	for _, q := range b.people {
		team = append(team, q)
	}
	sort.Slice(team, func(i, j int) bool { return team[i].Email < team[j].Email })
	for _, q := range team {
		if b.mayCover(q.Email) {
			backups = append(backups, q)
		}
	}
	if b.d.Away == nil {
		return nil, team, backups, nil
	}
	r, err := b.d.Away.Roster(ctx, now)
	if err != nil {
		return nil, team, backups, err
	}
	var out []web.Away
	for _, a := range r.Absences {
		to, _ := r.Cover(a.Person)
		var spans []web.AwaySpan
		running := a.Covers(now)
		if !running {
			to = a.Backup
		}
		if a.Left {
			to = "" // it covers nothing: listed to be cancelled
		}
		// Who covers from now (an absence to come: from its start): the
		// backup, or whoever covers for a backup who is away too for part
		// of it, in turn. A running absence whose backup is to be away
		// later says so too: from then its mail goes to someone else.
		if s := r.CoverSpans(a); len(s) > 1 || !running && len(s) == 1 && s[0].To != a.Backup && (a.Backup != "" || s[0].To != r.Manager) {
			to = s[0].To
			for i, c := range s {
				name := ""
				if c.To != "" {
					name = b.nameOf(c.To)
				}
				spans = append(spans, web.AwaySpan{Name: name, From: c.From, Until: c.Until, Zone: b.personLocation(a.Person), Last: i == len(s)-1})
			}
			if len(spans) == 1 {
				spans = nil
			}
		}
		w := web.Away{ID: a.ID, Person: a.Person, Name: b.nameOf(a.Person), Backup: to, From: a.From, Until: a.Until,
			NoReturnDate: a.NoReturnDate, Source: a.Source, Zone: b.personLocation(a.Person), OffTeam: a.OffTeam, OffTeamManager: a.OffTeamManager,
			Left: a.Left, Now: a.Covers(now), Mine: a.ID != 0 && (p.Manager || a.Person == p.Email), Spans: spans}
		w.Back = w.Now && a.Source != keepwarm.AwayDesk && (p.Manager || a.Person == p.Email)
		_, _, w.CoverAway = r.Uncovered(a)
		if to != "" {
			w.BackupName = b.nameOf(to)
		}
		out = append(out, w)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out, team, backups, nil
}

// mayCover says whether email may be named as someone's backup: a
// salesperson or the manager (the others in team.managers see everything
// but are passed over as a backup, as the config refuses them).
func (b *WebBackend) mayCover(email string) bool {
	if _, ok := b.people[email]; !ok {
		return false
	}
	return b.d.Away == nil || b.d.Away.OnTeam(email)
}

// AddAbsence records an absence entered on the desk: a salesperson's own,
// or anyone's when the manager enters it. From and until are days (until
// the last day away) or times in the absent person's zone.
func (b *WebBackend) AddAbsence(ctx context.Context, p web.Person, f web.AbsenceForm, now time.Time) (web.Change, error) {
	person := strings.ToLower(strings.TrimSpace(f.Person))
	if person == "" {
		person = p.Email
	}
	if person != p.Email && !p.Manager {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Only the manager enters someone else's absence.")
	}
	if _, ok := b.people[person]; !ok {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "%s is not on the team.", person)
	}
	loc := b.personLocation(person)
	from, err := config.ParseAwayTime(f.From, loc, false)
	if err != nil {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "From: %v", err)
	}
	until, err := config.ParseAwayTime(f.Until, loc, true)
	if err != nil {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Until: %v", err)
	}
	if !until.After(from) {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Until must come after from.")
	}
	if !until.After(now) {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "That absence is already over.")
	}
	backup := strings.ToLower(strings.TrimSpace(f.Backup))
	if (backup == "" || backup == person) && b.d.Away != nil && person == b.d.Away.Manager() && b.d.Away.StandingBackup(person) == "" {
		// An empty choice is the manager, who is the one away: their
		// nudges and digest, and those of everyone whose backup is away,
		// would wait in an inbox nobody reads. The manager picking
		// themselves is the same, and is not told to leave it empty.
		if person == p.Email {
			return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Backup: name who covers for you: with nobody named, your nudges and digest stay in your own inbox while you are away.")
		}
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Backup: name who covers for %s: with nobody named, the manager's nudges and digest stay in their own inbox while they are away.", b.nameOf(person))
	}
	if backup != "" {
		if _, ok := b.people[backup]; !ok || backup == person {
			// Say who an empty choice gives: the absent person's
			// standing backup when they have one, not the manager.
			if b.d.Away != nil {
				if sb := b.d.Away.StandingBackup(person); sb != "" && sb != person {
					return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Backup: name a colleague on the team, or leave it empty for the standing backup, %s.", b.nameOf(sb))
				}
			}
			return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Backup: name a colleague on the team, or leave it empty for the manager.")
		}
		if !b.mayCover(backup) {
			return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Backup: %s is not a salesperson or the manager: only they may cover for someone away.", b.nameOf(backup))
		}
	}
	a, created, err := b.d.DB.EnterAbsence(ctx, keepwarm.Absence{Person: person, Backup: backup, From: from, Until: until,
		Note: strings.TrimSpace(f.Note)}, p.Email, now)
	if err != nil {
		return web.Change{}, err
	}
	// The same absence entered again (a double click) is the one on the
	// desk: no second row to cancel, no second audit line.
	return web.Change{Action: "absence.add", Subject: fmt.Sprintf("absence %d of %s", a.ID, a.Person), After: b.absenceText(a),
		Unchanged: !created}, nil
}

// CancelAbsence ends a desk absence: one's own, or anyone's for the manager.
func (b *WebBackend) CancelAbsence(ctx context.Context, p web.Person, id int64, now time.Time) (web.Change, error) {
	a, err := b.d.DB.GetAbsence(ctx, id)
	if err != nil {
		return web.Change{}, err
	}
	if a.Person != p.Email && !p.Manager {
		return web.Change{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no absence %d", id)
	}
	if _, err := b.d.DB.CancelAbsence(ctx, id, p.Email, now); err != nil {
		return web.Change{}, err
	}
	return web.Change{Action: "absence.cancel", Subject: fmt.Sprintf("absence %d of %s", a.ID, a.Person), Before: b.absenceText(a)}, nil
}

// BackNow says person (the viewer, or anyone for the manager) is back at
// now: their absences from the config and from their own out-of-office
// reply running now end (a desk absence is cancelled instead). What waited
// for them is decided again at the engine's next run; an out-of-office
// reply sent later starts a new absence.
func (b *WebBackend) BackNow(ctx context.Context, p web.Person, person string, now time.Time) (web.Change, error) {
	person = strings.ToLower(strings.TrimSpace(person))
	if person == "" {
		person = p.Email
	}
	if person != p.Email && !p.Manager {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Only the manager says someone else is back.")
	}
	var ended []string
	var starts []time.Time
	var desk *keepwarm.Absence
	if b.d.Away != nil {
		r, err := b.d.Away.Roster(ctx, now)
		if err != nil {
			return web.Change{}, err
		}
		for _, a := range r.Current() {
			switch {
			case a.Person != person:
			case a.Source != keepwarm.AwayDesk:
				ended = append(ended, fmt.Sprintf("%s (%s)", b.absenceText(a), a.Source))
				starts = append(starts, a.From)
			case desk == nil:
				desk = &a
			}
		}
	}
	// Said for someone else (the manager on their row), the answer names
	// them: "you" would be the manager, and with several away it would
	// not say whose.
	who, still, then := "", "Still away", "then say you are back."
	if person != p.Email {
		who = b.nameOf(person)
		still, then = who+" is still away", "then say they are back."
	}
	if len(ended) == 0 {
		if who != "" {
			return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "%s is not away now from the config or an out-of-office reply (an absence entered on the desk is ended with Cancel).", who)
		}
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "Not away now from the config or an out-of-office reply (an absence entered on the desk is ended with Cancel).")
	}
	if desk != nil {
		// Ending the others would leave them away all the same, their
		// mail waiting and their nudges going to the backup, while the
		// desk said they were back: nothing is ended, and they are told
		// what keeps them away.
		if desk.Until.IsZero() {
			return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "%s by an absence entered on the desk: Cancel it first, %s", still, then)
		}
		loc := b.personLocation(person)
		if _, last := keepwarm.AwayEnds(desk.From, desk.Until, loc); !strings.Contains(last, ":") {
			// Whole days, as the desk shows them ("to 2026-12-05"),
			// not the midnight after the last one.
			return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID,
				"%s to the end of %s by an absence entered on the desk: Cancel it first, %s", still, last, then)
		}
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID,
			"%s until %s by an absence entered on the desk: Cancel it first, %s",
			still, keepwarm.FormatInZone(desk.Until, loc), then)
	}
	if err := b.d.DB.RecordReturn(ctx, person, p.Email, now, starts...); err != nil {
		return web.Change{}, err
	}
	return web.Change{Action: "absence.back", Subject: "absence of " + person, Before: strings.Join(ended, "; "),
		After: person + " back at " + keepwarm.FormatInZone(now, b.personLocation(person))}, nil
}

// absenceText is an absence for the audit with the days as entered: in
// the absent person's zone, which it names.
func (b *WebBackend) absenceText(a keepwarm.Absence) string {
	loc := b.personLocation(a.Person)
	s := fmt.Sprintf("%s away %s (%s)", a.Person, keepwarm.AwaySpan(a.From, a.Until, loc), loc)
	if a.Backup != "" {
		s += ", backup " + a.Backup
	}
	return s
}

// personLocation is a team member's zone (their time_zone), the one the
// days of their absences are in; the team's when none is known.
func (b *WebBackend) personLocation(email string) *time.Location {
	if b.d.PersonLocation != nil {
		if loc := b.d.PersonLocation(email); loc != nil {
			return loc
		}
	}
	return b.teamLocation()
}
