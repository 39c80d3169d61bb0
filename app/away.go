package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// NewAway reads absences from the config, the desk and the salespeople's
// own out-of-office replies.
func (a *App) NewAway() *sequences.Away {
	if a.DB == nil { // keepwarm check before the first sync: the config only
		return a.NewConfigAway()
	}
	return sequences.NewAway(a.awayConfig(), a.DB)
}

// NewConfigAway is NewAway with the config's absences only, not the desk's
// nor the out-of-office replies': keepwarm check on a database whose
// migrations are not applied yet, whose tables they read may be older.
func (a *App) NewConfigAway() *sequences.Away {
	return sequences.NewAway(a.awayConfig(), nil)
}

func (a *App) awayConfig() sequences.AwayConfig {
	c := a.Cfg
	cfg := sequences.AwayConfig{
		Configured: c.Absences(), Salespeople: map[string]bool{}, People: a.People(),
		MailboxOwners: map[string]string{}, Backups: c.Backups(), Manager: c.Team.Manager,
		PersonLocation: c.OwnerLocation, Names: map[string]string{}, Team: map[string]bool{},
	}
	for p := range a.OnTeam() {
		cfg.Team[strings.ToLower(p)] = true
	}
	for _, s := range c.Salespeople {
		cfg.Salespeople[strings.ToLower(s.Email)] = true
		cfg.Names[strings.ToLower(s.Email)] = s.Name
	}
	for _, mb := range c.Mailboxes {
		cfg.MailboxOwners[mb.Name] = strings.ToLower(mb.Owner)
	}
	return cfg
}

// AbsenceLines describes the absences running at now, one line each, for
// `keepwarm check`. zone is a person's zone (their time_zone; nil, or nil
// from it: UTC): an absence's days are written as the desk writes them,
// its first and last day away in the absent person's zone, which is named.
// warns are the absences, running or to come, whose mail goes, now or
// before they end, to someone away too (their backup, the manager, or the
// absent manager themselves): nobody at their desk reads it then. One to
// come is warned of ahead, while there is time to name a backup.
func AbsenceLines(r sequences.Roster, zone func(email string) *time.Location) (out, warns []string) {
	for _, ab := range r.Absences {
		if !ab.Until.IsZero() && !ab.Until.After(r.At) {
			continue
		}
		loc := time.UTC
		if zone != nil {
			if l := zone(ab.Person); l != nil {
				loc = l
			}
		}
		if ab.Left {
			// Running or to come: it covers nothing, and is said until it
			// is cancelled, after her customers are handed on.
			out = append(out, absenceLine(r, ab, loc))
			continue
		}
		if ab.Covers(r.At) {
			out = append(out, absenceLine(r, ab, loc))
		}
		if at, who, ok := r.Uncovered(ab); ok {
			verb := "is away"
			if ab.From.After(r.At) {
				verb = "will be away"
			}
			when := "now"
			if at.After(r.At) {
				when = "from " + at.In(loc).Format("2006-01-02 15:04") + " (" + loc.String() + ")"
			}
			if who == ab.Person {
				warns = append(warns, fmt.Sprintf("%s %s (%s) with nobody to cover %s: their nudges and digest stay in their own inbox; name a backup (backup = ... on their [[salesperson]], or on the web desk's Away card)", ab.Person, verb, ab.Source, when))
			} else {
				warns = append(warns, fmt.Sprintf("%s %s (%s) and their nudges and digest go %s to %s, who is away too: nobody at their desk reads them; name a backup who is not away (backup = ... on their [[salesperson]], or on the web desk's Away card)", ab.Person, verb, ab.Source, when, who))
			}
		} else {
			if l := handedOnLine(r, ab, loc); l != "" {
				warns = append(warns, l)
			}
		}
	}
	return out, warns
}

// handedOnLine is keepwarm check's line for an absence, running or to
// come, whose mail goes, for all or part of what is left of it, to someone
// other than the backup it names (the manager when it names none): that
// backup is away too then and hands it on. Nobody else says so to whoever
// gets it; "" when nobody else covers.
func handedOnLine(r sequences.Roster, ab keepwarm.Absence, loc *time.Location) string {
	spans := r.CoverSpans(ab)
	named := ab.Backup
	if named == "" {
		named = r.Manager
	}
	if len(spans) == 0 || len(spans) == 1 && spans[0].To == named {
		return ""
	}
	var b strings.Builder
	for i, s := range spans {
		if i > 0 {
			b.WriteString(", then ")
		}
		b.WriteString(s.To)
		if i < len(spans)-1 {
			b.WriteString(" (" + keepwarm.AwaySpan(s.From, s.Until, loc) + ")")
		}
	}
	named = ab.Backup
	if named == "" {
		named = "the manager, " + r.Manager
	}
	verb := "will be away"
	if !ab.From.After(r.At) {
		verb = "is away"
	}
	return fmt.Sprintf("%s %s (%s) %s (%s) and their nudges and digest go to %s: %s, who covers for them, is away too then; tell whoever covers ahead, or name another backup",
		ab.Person, verb, ab.Source, keepwarm.AwaySpan(ab.From, ab.Until, loc), loc.String(), b.String(), named)
}

// absenceLine is keepwarm check's line for an absence running now (of
// someone who left: running or to come), its days in loc.
func absenceLine(r sequences.Roster, ab keepwarm.Absence, loc *time.Location) string {
	since := ab.From.In(loc).Format("2006-01-02 15:04")
	until := "since " + since + " until they send a normal mail (" + loc.String() + ")"
	switch {
	case ab.NoReturnDate:
		until = "since " + since + " with no return date given (back by " + ab.BackBy(loc) + " at the latest; " + loc.String() + ")"
	case !ab.Until.IsZero():
		until = keepwarm.AwaySpan(ab.From, ab.Until, loc) + " (" + loc.String() + ")"
	}
	if ab.Left {
		// Cancelling releases every step held in their name at once
		// (ReleaseReturned): a hand-over first stops their follow-ups.
		verb := "is away"
		if ab.From.After(r.At) {
			verb = "will be away"
			if !ab.Until.IsZero() {
				until = keepwarm.AwaySpan(ab.From, ab.Until, loc) + " (" + loc.String() + ")"
			}
		}
		return fmt.Sprintf(`%s is not on the team and %s (%s) %s: the absence covers nothing (their customers' mail goes to whoever stands in for an owner who left); hand their customers on first (keepwarm customers handover %s TO), then "Cancel" on the web desk's Away card ends it (cancelling first releases what waits in their name at once)`,
			ab.Person, verb, ab.Source, until, ab.Person)
	}
	end := `back early: "Back now" on the web desk's Away card ends it`
	if ab.Source == keepwarm.AwayDesk {
		end = `back early: "Cancel" on the web desk's Away card ends it`
	}
	switch {
	case ab.OffTeam != "" && ab.OffTeamManager:
		end = fmt.Sprintf("the backup it names, %s, is listed in team.managers, so covers for nobody; %s", ab.OffTeam, end)
	case ab.OffTeam != "":
		end = fmt.Sprintf("the backup it names, %s, is not on the team; %s", ab.OffTeam, end)
	}
	to, _ := r.Cover(ab.Person)
	return fmt.Sprintf("%s is away (%s) %s: nudges and digest go to %s (%s)", ab.Person, ab.Source, until, to, end)
}

// NewAck builds the "received, working on it" draft writer; templates is
// the running set (nil: the files as they are now).
func (a *App) NewAck(tmpl func() *templates.Set) *sequences.Ack {
	if tmpl == nil {
		_, set, _ := a.LoadSequences()
		tmpl = func() *templates.Set { return set }
	}
	people := a.People()
	known := func(email string) bool { return people[strings.ToLower(email)] != "" }
	return sequences.NewAck(sequences.AckConfig{Identities: a.Identities(), On: a.Cfg.AckDraftOn, Templates: tmpl, Known: known,
		EnglishFor: a.Cfg.Sequences.EnglishFor},
		a.DB, a.Log.With("job", "replies"))
}

// ackPrecheck skips a "received" draft whose customer message was answered,
// or marked as needing no answer, before the draft was filed: it would only
// be removed again.
func (a *App) ackPrecheck(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
	if item.Origin != sequences.OriginAck {
		return "", nil
	}
	st, err := a.DB.DraftAnswered(ctx, item.Key)
	switch {
	case err != nil:
		return "", err
	case st.Answered:
		return "the customer was answered before the draft was filed", nil
	case st.WaivedBy != "":
		return fmt.Sprintf("marked as needing no answer by %s before the draft was filed", st.WaivedBy), nil
	}
	return "", nil
}
