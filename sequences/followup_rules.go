package sequences

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// evaluate applies the stop rules to e as of now, oldest event first (a
// customer regraded since its sequence was chosen first follows the new
// grade's sequence, or stops: see regraded): a
// real answer from a recipient, from anyone in the thread, or (with the
// sequence's stop_on_company) from any contact of the customer ends it (replied, or
// opted-out when it asks for no more mail); an out-of-office pauses it until
// the return date, else for the sequence's pause, and a later one only
// lengthens that pause (a team address's
// auto-reply is the team's absence and does not count; a pause a person made
// stands: an auto-reply only lengthens it); a manual outbound in the
// thread to at least one of e's recipients restarts the step clock on it,
// in the name of whoever wrote it and to the customer's contacts it went to
// (one to others only changes nothing);
// recipients that bounced or opted out are dropped, and when none is left
// it ends. A pause that is over resumes. It
// reports whether e changed; it writes only opt-outs.
func (f *FollowUp) evaluate(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, bool, error) {
	orig := e
	def, ok := f.defs().Get(e.Sequence)
	if !ok {
		e.Status = keepwarm.EnrollFailed
		e.Reason = fmt.Sprintf("sequence %q is no longer defined", e.Sequence)
		return e, true, nil
	}
	// A failed follow-up is only looked at for an answer, an opt-out or a
	// bounce (settleFailed): a regrade changes nothing it will do.
	if e.Status.Live() && (e.CustomerGrade != e.Grade || f.retagged(e)) {
		var ended bool
		var err error
		if def, ended, err = f.regraded(ctx, &e, def); err != nil {
			return orig, false, err
		} else if ended {
			return e, true, nil
		}
	}
	// A follow-up enrolled on a greeting or letter she sent from Drafts
	// before its copy was matched (an upgrade from a build that did not
	// match them) chases keepwarm's own mail: it stops.
	if e.Status.Live() {
		origin, err := f.store.KeepwarmCopyOf(ctx, e.AnchorID)
		if err != nil {
			return orig, false, err
		}
		if origin != "" {
			e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollStopped, time.Time{}, false
			e.Reason = fmt.Sprintf("the mail followed up was keepwarm's %s, sent from Drafts: it is not followed up", origin)
			f.log.Info("follow-up stopped", "enrollment", e.ID, "customer", e.Customer, "why", e.Reason)
			return e, true, nil
		}
	}
	events, err := f.store.EnrollmentEvents(ctx, e, def.Stop.OnCompany)
	if err != nil {
		return orig, false, err
	}
	// An absence is the contact's: an out-of-office received before the
	// mail followed up (in reply to an earlier one, in another thread) that
	// is still in force pauses this follow-up too. Exchange answers once per
	// sender for the whole absence, Gmail once in four days.
	if e.Status.Live() {
		away, err := f.store.AbsencesBefore(ctx, e, now, def.Stop.OutOfOfficePause.D)
		if err != nil {
			return orig, false, err
		}
		events = append(away, events...)
	}
	var cust *keepwarm.Customer
	calendar := func() (*CustomerCalendar, error) {
		if cust == nil {
			c, err := f.store.CustomerForSequence(ctx, e.CustomerID)
			if err != nil {
				return nil, err
			}
			cust = &c
		}
		return f.calendar(*cust, def), nil
	}
	seenUpTo := e.OOOID // what earlier looks read
	// awayUntil is the end of the latest absence of the customer read so
	// far (by this look or an earlier one), awayWhy its reason: a hold this
	// look lifts pauses until then rather than sending to someone away.
	var awayUntil time.Time
	var awayWhy string
	// heldSince is when what holds e for a person came: the latest
	// automatic answer an earlier look held it for, or the latest mail of
	// the teammate with no mailbox its reason names that could have held
	// it (to e's recipients, asking something: one to others only or a
	// thanks holds nothing), then each hold this look makes. Only a mail
	// written after it can show it was read.
	var heldSince time.Time
	if heldForAPerson(e) {
		first, _, _ := strings.Cut(e.Reason, "; ")
		writer, rest, named := strings.Cut(first, noMailboxWrote)
		named = named && strings.HasSuffix(rest, noMailboxAsk)
		for _, ev := range events {
			if !ev.ReceivedAt.After(heldSince) {
				continue
			}
			if ev.Kind == keepwarm.KindAutoReply && seenBefore(seenUpTo, ev.ID) && !f.isTeam(ev.FromEmail) {
				if k := readAutoAnswer(ev.Snippet); k == autoUnplaced || k == autoChallenge && ev.AutoReplyUntil.IsZero() {
					heldSince = ev.ReceivedAt
				}
			}
			if ev.Kind == keepwarm.KindOutbound && named && strings.EqualFold(ev.FromEmail, writer) && wentToAny(ev.Recipients, e.To) {
				if _, info, err := f.informational(ctx, ev); err != nil {
					return orig, false, err
				} else if !info {
					heldSince = ev.ReceivedAt
				}
			}
		}
	}
	for _, ev := range events {
		switch ev.Kind {
		case keepwarm.KindInbound:
			if f.isTeam(ev.FromEmail) {
				// The team's own mail stored as a customer's (an alias
				// read from the team inbox before send_as listed it):
				// no answer.
				continue
			}
			e.StoppedBy = ev.ID
			subject, err := f.answerSubject(ctx, e, ev.Subject)
			if err != nil {
				return orig, false, err
			}
			if o, why, ok := answerOptOut(ev, subject, def.Stop.OptOutWords); ok {
				e.Status, e.Reason = keepwarm.EnrollOptedOut, why
				if err := f.store.OptOut(ctx, o, now); err != nil {
					return orig, false, err
				}
			} else {
				e.Status = keepwarm.EnrollReplied
				e.Reason = "answered by " + ev.FromEmail
			}
			e.PausedUntil = time.Time{}
			return e, true, nil
		case keepwarm.KindAutoReply:
			if f.isTeam(ev.FromEmail) {
				// A teammate's absence (Cc'd on the mail, answering in
				// the thread) is not the customer's.
				continue
			}
			kind := readAutoAnswer(ev.Snippet)
			if seenBefore(seenUpTo, ev.ID) {
				// Read by an earlier look; an absence still in force is
				// kept for a hold this look lifts.
				if isAbsence(kind, ev) {
					until, why, err := f.absence(ev, def, calendar)
					if err != nil {
						return orig, false, err
					}
					if until.After(awayUntil) {
						awayUntil, awayWhy = until, why
					}
				}
				continue
			}
			if (kind == autoUnplaced || kind == autoChallenge && ev.AutoReplyUntil.IsZero()) && !ev.ReceivedAt.After(e.AnchorAt) {
				// Received before the mail followed up (read for an absence
				// still in force): that mail was written after the words
				// passed on, or after the filter challenged an earlier one.
				// It holds nothing; one that came after it does.
				continue
			}
			if kind == autoUnplaced {
				// It may carry the customer's answer, whatever date it
				// gives ("Li Wei commented: we can take delivery until 15
				// January"): held until a person has read it. A person's
				// own pause stands.
				markSeen(&e.OOOID, ev.ID)
				if heldForAPerson(e) && strings.HasPrefix(e.Reason, challengeReason) {
					// A mail filter's challenge still holds it: no mail of
					// the team shows the sender confirmed, so the
					// challenge stays what the desk asks for.
					kept, _, _ := strings.Cut(e.Reason, "; ")
					e.Reason = kept + "; and an automatic answer from " + ev.FromEmail + " passes on a person's words: read it"
					heldSince = ev.ReceivedAt
					continue
				}
				if e.Status.Live() && !(e.Status == keepwarm.EnrollPaused && e.PausedByPerson) {
					e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollPaused, time.Time{}, false
					e.Reason = unplacedReason + ev.FromEmail + unplacedAsk
					heldSince = ev.ReceivedAt
				}
				continue
			}
			if ev.AutoReplyUntil.IsZero() {
				switch kind {
				case autoReceipt:
					// The mail arrived; nobody is away: the steps keep
					// their days.
					continue
				case autoChallenge:
					// Every step would wait in the filter: held until a
					// person confirms the sender and resumes it. A person's
					// own pause stands.
					markSeen(&e.OOOID, ev.ID)
					if e.Status.Live() && !(e.Status == keepwarm.EnrollPaused && e.PausedByPerson) {
						e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollPaused, time.Time{}, false
						e.Reason = challengeReason + ev.FromEmail + ": confirm it by hand, then resume the follow-up"
						heldSince = ev.ReceivedAt
					}
					continue
				}
			}
			until, why, err := f.absence(ev, def, calendar)
			if err != nil {
				return orig, false, err
			}
			markSeen(&e.OOOID, ev.ID)
			if until.After(awayUntil) {
				awayUntil, awayWhy = until, why
			}
			switch {
			case !until.After(now) || !e.Status.Live():
			case e.Status == keepwarm.EnrollPaused && e.PausedByPerson:
				// A person's pause stands: the auto-reply may only
				// lengthen a dated one, with the person's reason kept.
				if !e.PausedUntil.IsZero() && until.After(e.PausedUntil) {
					e.PausedUntil = until
				}
			case e.Status == keepwarm.EnrollPaused && e.PausedUntil.IsZero():
				// keepwarm's own hold waits for a person (a filter to
				// confirm, an answer passed on to read, a mail to follow
				// up by hand): an absence read after it does not make it
				// a pause that runs out, nor take its reason off the desk.
			case e.Status == keepwarm.EnrollPaused && !e.PausedUntil.IsZero() && !until.After(e.PausedUntil):
				// keepwarm's own pause only lengthens: a colleague in the
				// thread back sooner, or a dateless reply after a dated
				// one, does not bring the step into the holiday of the
				// one it was paused for. The reason stays theirs.
			default:
				e.Status = keepwarm.EnrollPaused
				e.PausedUntil = until
				e.PausedByPerson = false
				e.Reason = why
			}
		case keepwarm.KindOutbound:
			if !wentToAny(ev.Recipients, e.To) {
				// A mail in the thread to others only (a colleague of the
				// buyer, the forwarder, a teammate) is not one to them:
				// the step keeps its clock and quotes the mail it follows
				// up, never that one.
				continue
			}
			cal, err := calendar()
			if err != nil {
				return orig, false, err
			}
			m, info, err := f.informational(ctx, ev)
			if err != nil {
				return orig, false, err
			}
			// The next step follows up that mail and quotes it: it goes in
			// the name of whoever wrote it, chosen as at enrollment (a
			// colleague covering for the owner follows up her own mail,
			// so "my mail" and its quote are hers). A teammate with no
			// mailbox to send from is not followed up in another's name,
			// and a question or offer of theirs is newer than the mail
			// the steps follow up: the follow-up pauses for a person.
			id, idOK := f.identityFor(cust.Owner, ev.FromEmail, m.SentIn) // cust is read by calendar()
			theirs := idOK && f.speaksFor(id, ev.FromEmail)
			if !info && !theirs {
				if !ev.ReceivedAt.After(e.ClockAt) {
					continue
				}
				e.ClockAt = ev.ReceivedAt
				if e.Step < len(def.Steps) {
					stepDue(&e, cal, def.Steps[e.Step])
				}
				why := ev.FromEmail + noMailboxWrote + e.AnchorAt.In(f.personLocation(e.Owner)).Format("2 January") + noMailboxAsk
				if heldForAPerson(e) && strings.HasPrefix(e.Reason, challengeReason) {
					// A mail filter's challenge still holds it: the
					// challenge stays what the desk asks for first (no
					// mail of the team shows the sender confirmed).
					kept, _, _ := strings.Cut(e.Reason, "; ")
					e.Reason = kept + "; " + why
					heldSince = ev.ReceivedAt
					continue
				}
				if e.Status.Live() && !(e.Status == keepwarm.EnrollPaused && e.PausedByPerson) {
					e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollPaused, time.Time{}, false
					e.Reason = why
					heldSince = ev.ReceivedAt
				}
				continue
			}
			if info {
				// Information only (a notice, thanks, an invoice): it asks
				// nothing, so the steps go on following up and quoting
				// the mail they did; the customer has just had mail, so
				// the step clock restarts on it. Seen once: the clock is
				// later than it after a step.
				if !ev.ReceivedAt.After(e.ClockAt) {
					continue
				}
				e.ClockAt = ev.ReceivedAt
				if e.Step < len(def.Steps) {
					stepDue(&e, cal, def.Steps[e.Step])
				}
				setReason(&e, "step clock restarted by an information-only mail in the thread; still following up the mail of "+
					e.AnchorAt.In(f.personLocation(e.Owner)).Format("2 January"))
				continue
			}
			// A hold that asked a person to read something (an answer
			// passed on, a teammate's mail to follow up by hand) ends when
			// one of the team asks the customer something after it: that
			// mail is followed up on its own days. Written before it (a Sent
			// folder read late), it answers nothing.
			held, heldWhy := heldForAPerson(e), e.Reason
			// The step clock stands for when the hold came only when no
			// mail of it was found: a step skipped while held moves the
			// clock to when that step was due, after the hold.
			answered := held && ev.ReceivedAt.After(heldSince) && (!heldSince.IsZero() || ev.ReceivedAt.After(e.ClockAt))
			e.AnchorID, e.AnchorAt, e.ClockAt = ev.ID, ev.ReceivedAt, ev.ReceivedAt
			// The next step follows up that mail, so it goes to those it
			// went to, as enrolling it would: never quoted to a buyer it
			// left out (a price written to Hans alone is not shown to Ute),
			// and to one it added.
			if len(m.Contacts) > 0 {
				e.To = slices.Clone(m.Contacts)
			}
			// Signed as that mail's writer: a colleague's mail from their
			// own mailbox is theirs (no signer left from sales@), and one
			// from sales@ is told to whoever wrote it, not its owner.
			e.Mailbox, e.Owner, e.Signer = id.Mailbox, id.Owner, f.signerOf(id, m, cust.Owner)
			if e.Step < len(def.Steps) {
				stepDue(&e, cal, def.Steps[e.Step])
			}
			if why, ok := holdAnswered(heldWhy, ev.FromEmail); answered && ok {
				if awayUntil.After(now) {
					// The customer is still away (read before the hold or
					// during it): the mail is followed up after the return,
					// as it would have been with no hold. Exchange answers
					// once per absence, so no new out-of-office stops it.
					e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollPaused, awayUntil, false
					e.Reason = awayWhy + "; " + why
					continue
				}
				e.Status, e.Reason = keepwarm.EnrollActive, why
				continue
			}
			setReason(&e, "step clock restarted by a later mail in the thread")
		}
	}
	if e.ID != 0 {
		// The call task closed with why the customer went quiet: the call
		// reached them, and they said where things stand. No mail asks
		// them afterwards whether they received ours. A mail written after
		// the task was made (what the call asked for, a new question) is
		// followed up on its own: the call did not answer it.
		call, found, err := f.store.CallAnswer(ctx, e.ID, e.AnchorAt)
		if err != nil {
			return orig, false, err
		}
		if found {
			e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollReplied, time.Time{}, false
			e.Reason = fmt.Sprintf(answeredByPhoneReason+"%s (call task %d of %s, closed %s)", CallSaid(call), call.ID, call.Owner,
				call.DoneAt.In(f.personLocation(call.Owner)).Format("2006-01-02"))
			return e, true, nil
		}
	}
	if e.ID != 0 && e.Status.Live() {
		// A delivery failure came back for one of its mails, but which
		// address failed cannot be read (a report in a language or shape
		// parse does not know), or the address it names is none the mail
		// went to (info@ forwarding to a person who left, a group the
		// customer's server expanded): the address may be dead, so nothing
		// more goes until a person looked. Seen once: a person's Resume
		// goes on.
		id, step, named, refusal, found, err := f.store.BlindBounce(ctx, e, e.CreatedAt.Add(-f.cfg.MaxAge))
		if err != nil {
			return orig, false, err
		}
		if found {
			what := "the mail followed up"
			if step >= 0 {
				what = fmt.Sprintf("step %d", step+1)
			}
			e.Status, e.StoppedBy, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollFailed, id, time.Time{}, false
			e.Reason = fmt.Sprintf("a delivery failure came back for %s that names no address: check the address (%s), then resume or stop", what, addrList(e.To))
			if named != "" {
				e.Reason = fmt.Sprintf("a delivery failure came back for %s naming %s, not one of its recipients (%s): their server may pass the mail on to an address that no longer works; check the address, then resume or stop", what, named, addrList(e.To))
			}
			if refusal != "" {
				// The report may name a soft failure too (a full
				// mailbox), which flags nobody the first time: only an
				// address flagged as bounced is said not to exist.
				if named != "" {
					blocked, err := f.store.BlockedAddresses(ctx, []string{named})
					if err != nil {
						return orig, false, err
					}
					if blocked[strings.ToLower(named)] != "bounced" {
						named = ""
					}
				}
				e.Reason = refusalReason(what, refusal, named, e.To)
			}
			return e, true, nil
		}
	}
	to, why, _, err := f.writable(ctx, e.To, nil)
	if err != nil {
		return orig, false, err
	}
	if len(to) == 0 {
		e.Status = keepwarm.EnrollBounced
		if why == "opted-out" {
			e.Status = keepwarm.EnrollOptedOut
		}
		e.Reason = "no recipient may be written to: " + why
		e.PausedUntil = time.Time{}
		return e, true, nil
	}
	e.To = to
	if e.Status == keepwarm.EnrollPaused && !e.PausedUntil.IsZero() && !e.PausedUntil.After(now) {
		cal, err := calendar()
		if err != nil {
			return orig, false, err
		}
		e.Status = keepwarm.EnrollActive
		if e.DueAt.Before(e.PausedUntil) {
			e.DueAt = cal.Next(e.PausedUntil)
		}
		e.PausedUntil, e.PausedByPerson = time.Time{}, false
		e.Reason = "resumed after the pause"
	}
	return e, changed(orig, e), nil
}

// isAbsence says whether the customer's automatic answer ev, read as kind,
// tells of an absence: not an answer passed on, nor a dateless receipt or
// mail filter's challenge.
func isAbsence(kind autoAnswer, ev keepwarm.FollowUpEvent) bool {
	if kind == autoUnplaced {
		return false
	}
	return !ev.AutoReplyUntil.IsZero() || kind != autoReceipt && kind != autoChallenge
}

// absence is when the absence an out-of-office ev tells of ends, and the
// reason of a pause for it: the return date given, in the customer's zone,
// else ev's receipt plus the sequence's pause.
func (f *FollowUp) absence(ev keepwarm.FollowUpEvent, def *Definition, calendar func() (*CustomerCalendar, error)) (time.Time, string, error) {
	until, why := ev.AutoReplyUntil, outOfOfficeReason+ev.FromEmail
	if until.IsZero() || !until.After(ev.ReceivedAt) {
		// The resume is the sequence's pause, not a date they gave.
		// A date they gave that is not after the reply (an
		// automatic reply left on after the return) is said as
		// such: the salesperson is not told they gave none.
		given := "no return date given"
		if !until.IsZero() {
			y, m, d := returnDay(until)
			given = fmt.Sprintf("return date %04d-%02d-%02d given, not after this reply, so probably an automatic reply left on", y, m, d)
		}
		return ev.ReceivedAt.Add(def.Stop.OutOfOfficePause.D), why + " (" + given + ": paused for " + pauseLength(def.Stop.OutOfOfficePause.D) + ")", nil
	}
	// The return date is a day in the customer's own zone: the
	// step resumes in their morning of it, not at the midnight of
	// the zone their mail server wrote the Date in.
	cal, err := calendar()
	if err != nil {
		return time.Time{}, "", err
	}
	y, m, d := returnDay(until)
	return time.Date(y, m, d, 0, 0, 0, 0, cal.Loc), why, nil
}

// setReason gives e the reason why, unless it is paused: a person's pause
// keeps the person's reason, and an out-of-office pause keeps whose absence
// and until when, with why added (the summary counts those pauses by
// their reason), as keepwarm's own hold keeps what it waits for: the
// desk and the digest say why to resume it.
func setReason(e *keepwarm.Enrollment, why string) {
	switch {
	case e.Status == keepwarm.EnrollPaused && e.PausedByPerson:
	case e.Status == keepwarm.EnrollPaused && (strings.HasPrefix(e.Reason, outOfOfficeReason) || e.PausedUntil.IsZero()):
		kept, _, _ := strings.Cut(e.Reason, "; ")
		e.Reason = kept + "; " + why
	default:
		e.Reason = why
	}
}

// heldForAPerson says whether e is held by keepwarm until a person looks
// (an answer passed on, a mail filter's challenge, a teammate's mail with
// no mailbox): paused with no end, not by a person.
func heldForAPerson(e keepwarm.Enrollment) bool {
	return e.Status == keepwarm.EnrollPaused && e.PausedUntil.IsZero() && !e.PausedByPerson
}

// The reason of a follow-up held for a teammate's mail in the thread with
// no mailbox to send from: who, noMailboxWrote, the day of the mail
// followed up, noMailboxAsk.
const (
	noMailboxWrote = " wrote in the thread after the mail of "
	noMailboxAsk   = " and has no [[mailbox]] to send from: follow that mail up by hand, then resume or stop the follow-up"
)

// unplacedAsk ends the reason of a follow-up held for an automatic answer
// passing on a person's words, after unplacedReason and its sender.
const unplacedAsk = " passes on a person's words: read it, then resume or stop the follow-up"

// holdAnswered is the reason of a follow-up whose hold (its reason held)
// writer's later question or offer in the thread answered, when it is one
// such a mail answers: an answer passed on that asked to be read, a
// teammate's mail that asked to be followed up by hand. A mail filter's
// challenge waits for the sender to be confirmed, which no mail shows.
func holdAnswered(held, writer string) (string, bool) {
	held, _, _ = strings.Cut(held, "; ")
	if rest, ok := strings.CutPrefix(held, unplacedReason); ok {
		if from, ok := strings.CutSuffix(rest, unplacedAsk); ok {
			return "resumed: " + writer + " wrote in the thread after the automatic answer from " + from +
				" that passed on a person's words: the steps follow up that mail", true
		}
	}
	if who, rest, ok := strings.Cut(held, noMailboxWrote); ok && strings.HasSuffix(rest, noMailboxAsk) {
		return "resumed: " + writer + " wrote in the thread after " + who +
			", who has no [[mailbox]] to send from: the steps follow up that mail", true
	}
	return "", false
}

// informational reads a manual outbound in a followed-up thread and says
// whether it expects no answer (information only, as a new mail would be
// set aside as informational).
func (f *FollowUp) informational(ctx context.Context, ev keepwarm.FollowUpEvent) (keepwarm.Message, bool, error) {
	m, err := f.store.GetMessage(ctx, ev.ID)
	if err != nil {
		return keepwarm.Message{}, false, err
	}
	yes, _ := expectsAnswer(m, false, f.signaturesOf(m.From.Email)...)
	return m, !yes, nil
}

// regraded follows a change of the customer's grade or tags since e's
// sequence was chosen (def): the sequence the customer's grade and tags now select
// applies. Another one takes over at the same step, counted from the same
// step clock, when it has that step with the same action; when it does not,
// or when the customer now follows none (grade E, or ungraded with no
// default), e stops (ended) with a reason naming the grade. A follow-up
// with no step left only records the grade.
func (f *FollowUp) regraded(ctx context.Context, e *keepwarm.Enrollment, def *Definition) (*Definition, bool, error) {
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil || cust.Grade == e.Grade && !f.retagged(*e) {
		return def, false, err
	}
	what := fmt.Sprintf("customer regraded from %s to %s", gradeName(e.Grade), gradeName(cust.Grade))
	if cust.Grade == e.Grade {
		what = fmt.Sprintf("customer's tags changed from %s to %s", tagsName(e.Tags), tagsName(e.CustomerTags))
	}
	e.Grade, e.CustomerGrade = cust.Grade, cust.Grade
	e.Tags = e.CustomerTags
	next, ok, err := f.definitionFor(ctx, cust, "")
	if err != nil {
		return def, false, err
	}
	stop := func(why string) (*Definition, bool, error) {
		e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollStopped, time.Time{}, false
		e.Reason = why
		f.log.Info("follow-up stopped", "enrollment", e.ID, "customer", cust.Key, "why", why)
		return def, true, nil
	}
	switch {
	case !ok:
		return stop(what + ", which follows no sequence: the follow-up stops")
	case next.Name == def.Name || e.Step >= len(def.Steps):
		return def, false, nil
	}
	// It goes on in next after the last of next's steps it already did
	// (not at the same index: that may be a step it did).
	done := doneOf(*e, def)
	at, _ := placeIn(planOf(next), done)
	if len(done) > 0 && at == 0 {
		// next has none of the steps it did (its own templates): the
		// same step number, as its steps stand for the same ones.
		at = e.Step
	}
	if at >= len(next.Steps) || next.Steps[at].Action != def.Steps[e.Step].Action {
		return stop(fmt.Sprintf("%s: %s has no step %d like %s's, so the follow-up stops", what, next.Name, e.Step+1, def.Name))
	}
	freshKey(e, at)
	e.Plan, e.Delays = planOf(next), delaysOf(next)
	e.Sequence = next.Name
	stepDue(e, f.calendar(cust, next), next.Steps[e.Step])
	e.Reason = fmt.Sprintf("%s: follows %s from step %d", what, next.Name, e.Step+1)
	f.log.Info("follow-up switched sequence", "enrollment", e.ID, "customer", cust.Key, "sequence", next.Name, "due", e.DueAt)
	return next, false, nil
}

// retagged says whether e's customer's tags changed since its sequence was
// chosen (tags are read only when the job has them).
func (f *FollowUp) retagged(e keepwarm.Enrollment) bool {
	return f.cfg.Tags != nil && normTags(e.Tags) != normTags(e.CustomerTags)
}

// normTags is a tag list as compared: lower-case, sorted, without blanks.
func normTags(s string) string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ",")
}

// tagsName is a tag list as a reason names it.
func tagsName(s string) string {
	if n := normTags(s); n != "" {
		return strconv.Quote(n)
	}
	return "none"
}

// gradeName is a grade as a reason names it.
func gradeName(g string) string {
	if g == "" {
		return "ungraded"
	}
	return g
}

// wentToAny says whether a message with the given recipients (lower-cased)
// went to at least one of to.
func wentToAny(recipients []string, to []keepwarm.Address) bool {
	for _, a := range to {
		if slices.Contains(recipients, strings.ToLower(strings.TrimSpace(a.Email))) {
			return true
		}
	}
	return false
}

// returnDay is the civil date of a stated return date. Parsing makes it the
// midnight of that day in the zone of the auto-reply's Date header; the
// store keeps only the instant, which lies between 10:00 UTC the day before
// (UTC+14) and 10:00 UTC that day (UTC-10): 13 hours later it is on the
// day itself in UTC for every zone from UTC-10 to UTC+13.
func returnDay(midnight time.Time) (int, time.Month, int) {
	return midnight.UTC().Add(13 * time.Hour).Date()
}

func changed(a, b keepwarm.Enrollment) bool {
	if len(a.To) != len(b.To) {
		return true
	}
	return a.Status != b.Status || a.AnchorID != b.AnchorID || a.Mailbox != b.Mailbox || a.Owner != b.Owner || a.Signer != b.Signer || !a.DueAt.Equal(b.DueAt) || a.Step != b.Step || !slices.Equal(a.Plan, b.Plan) ||
		a.Sequence != b.Sequence || a.Grade != b.Grade || a.Tags != b.Tags ||
		!a.PausedUntil.Equal(b.PausedUntil) || a.PausedByPerson != b.PausedByPerson || a.OOOID != b.OOOID || a.StoppedBy != b.StoppedBy
}

// answerSubject is the part of an answer's subject that the customer
// wrote: the subjects of the mail followed up and of the last step sent,
// kept in the answer's "Re:", are the team's words (a subject that names
// "abmelden" or "unsubscribe" is not the customer's wish), as the opt-out
// job reads them (ownSubject).
func (f *FollowUp) answerSubject(ctx context.Context, e keepwarm.Enrollment, subject string) (string, error) {
	if strings.TrimSpace(subject) == "" {
		return subject, nil
	}
	anchor, err := f.store.GetMessage(ctx, e.AnchorID)
	if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		return "", fmt.Errorf("subject of the mail followed up by enrollment %d: %w", e.ID, err)
	}
	subject = ownSubject(subject, anchor.Subject)
	if e.Step > 0 {
		it, found, err := f.store.LastStepItem(ctx, e.ID, e.Step)
		if err != nil {
			return "", fmt.Errorf("subject of enrollment %d's last step: %w", e.ID, err)
		}
		if found {
			subject = ownSubject(subject, it.Subject)
		}
	}
	return subject, nil
}

// optOutIn reports whether an answer asks for no more mail: one of words in
// its subject or in its own text. Quoted lines and the quoted original
// below "wrote:" or "Original Message" are not read, nor, in a snippet
// (whose line breaks are gone), what follows the first quote marker
// (ownText): a letter's own "reply unsubscribe" line quoted back is not
// the customer's wish. The words are read as optOutWording reads them:
// whole, and the ambiguous ones only as the request itself.
func optOutIn(subject, snippet string, words []string) bool {
	text, mine := optOutText(subject, snippet)
	return optOutWording(text, mine, words)
}

// optOutText is what optOutIn reads of an answer: its subject and own text
// (text), and its own text alone (mine), lower-cased.
func optOutText(subject, snippet string) (text, mine string) {
	var own strings.Builder
	for _, l := range strings.Split(snippet, "\n") {
		t := strings.TrimSpace(l)
		lt := strings.ToLower(t)
		if strings.HasPrefix(t, ">") {
			continue
		}
		if strings.HasSuffix(lt, "wrote:") || strings.Contains(lt, "original message") || strings.HasPrefix(lt, "from:") ||
			strings.HasSuffix(lt, "schrieb:") || strings.HasSuffix(lt, "escribió:") || strings.HasSuffix(lt, "a écrit :") {
			break
		}
		own.WriteString("\n" + lt)
	}
	mine = ownText(own.String())
	// "don’t send" is written with a typographic apostrophe as often as not.
	return strings.ReplaceAll(strings.ToLower(subject)+"\n"+mine, "’", "'"), mine
}

// Recheck is the last look before an outbox item of a sequence goes out,
// called by the dispatcher after cmd synced the sending mailbox: it applies
// the stop rules again and returns a reason to skip the item when the
// customer answered, bounced, opted out or is away, when someone wrote in
// the thread meanwhile, when a person stopped the enrollment, or when the
// customer went back to the pool or to another salesperson since the
// follow-up began (the enrollment stops too). A step put off by a pause or
// a restart is done again later under a new key. Recipients that bounced
// or opted out since the item was queued are dropped: the item goes to
// those left when the person it greets is one of them and its opening
// names none of those dropped, else it is skipped and the step done again
// for them; with nobody left the enrollment ends.
// An item whose recipients are no longer its enrollment's for another
// reason is skipped and its step done again for those.
// While the enrollment's owner is away (and sequences_while_away is off)
// it returns a *keepwarm.Hold: the item stays queued until they are back.
// Items that belong to no enrollment pass.
func (f *FollowUp) Recheck(ctx context.Context, item keepwarm.OutboxItem, now time.Time) (string, error) {
	if item.Enrollment == nil || item.Step == nil {
		return "", nil
	}
	// A step queued before an upgrade's first pass is looked at as the
	// one it is signed as, not the mailbox's owner.
	if failed, err := f.readSigners(ctx, now, *item.Enrollment); failed[*item.Enrollment] || failed == nil && err != nil {
		return "", err
	}
	e, err := f.store.GetEnrollment(ctx, *item.Enrollment)
	if err != nil {
		return "", err
	}
	done := *item.Step + 1
	if why := f.superseded(e, item); why != "" {
		return why, nil
	}
	switch {
	case e.Status == keepwarm.EnrollCompleted && (e.Step == done || completedAfter(e, item)):
		// The last step: the rules still apply. So they do for a step an
		// edit left last (the steps after it moved before it or removed):
		// the follow-up completed counting it as done.
	case e.Status.Live():
	case e.Status == keepwarm.EnrollFailed:
		if at, ok := stepBack(e, item); ok {
			return f.putBackFailed(ctx, e, item, at, now)
		}
		return fmt.Sprintf("enrollment %d is %s: %s", e.ID, e.Status, e.Reason) + stepGone(e, item), nil
	default:
		return fmt.Sprintf("enrollment %d is %s: %s", e.ID, e.Status, e.Reason), nil
	}
	upd, chg, err := f.evaluateLate(ctx, e, now)
	if err != nil {
		return "", err
	}
	// The step follows up the anchor it was queued with. Another one now
	// means the salesperson wrote in the thread since, whether this look
	// saw the mail first or a tick of the job did (steps queued before
	// the anchor was recorded on the item: only a change seen here).
	queuedAnchor := item.Anchor
	if queuedAnchor == 0 {
		queuedAnchor = e.AnchorID
	}
	// An information-only mail restarts the clock on the same anchor:
	// the clock now later than when the step was queued says so too.
	restarted := upd.AnchorID != queuedAnchor || upd.ClockAt.After(e.ClockAt) ||
		!item.CreatedAt.IsZero() && upd.ClockAt.After(item.CreatedAt)
	if at, ok := stepBack(upd, item); restarted && upd.AnchorID == queuedAnchor && ok && upd.Step > at+1 {
		// The clock moved on because the follow-up itself went on past
		// the step after this mail's: a person skipped that step (the
		// desk offers Skip on the follow-up's next step while its mail
		// waits). Nobody wrote: the mail goes, and the step skipped after
		// it is not done again (put back, it would be).
		restarted = false
	}
	paused := upd.Status == keepwarm.EnrollPaused
	stopped := !upd.Status.Live() && upd.Status != keepwarm.EnrollCompleted
	if !stopped {
		// Queued in the salesperson's name, it does not go out in it once
		// the customer is no longer theirs.
		cust, err := f.store.CustomerForSequence(ctx, upd.CustomerID)
		if err != nil {
			return "", err
		}
		why, err := f.notTheirs(ctx, upd, cust)
		if err != nil {
			return "", err
		}
		if why != "" {
			upd.Status, upd.PausedUntil, upd.Reason = keepwarm.EnrollStopped, time.Time{}, why
			stopped, paused, restarted, chg = true, false, false, true
			f.log.Info("follow-up stopped before the send", "enrollment", e.ID, "customer", cust.Key, "outbox", item.ID, "why", why)
		}
	}
	// The step the mail is, as it is put back and as the desk numbers it
	// (HeldStepAt): an edit since may have moved it from its old index.
	if at, ok := stepBack(upd, item); ok {
		done = at + 1
	}
	reason := ""
	// A stopped follow-up can come back (a merge undone pauses the ones it
	// stopped): its skipped step is put back too, so that resuming it does
	// the step rather than the next one, which would follow up a mail
	// that never went.
	redo := paused || restarted || stopped
	switch {
	case stopped:
		reason = fmt.Sprintf("enrollment %d is %s: %s", e.ID, upd.Status, upd.Reason)
	case paused:
		reason = fmt.Sprintf("enrollment %d is paused: %s", e.ID, upd.Reason)
	case replacedByEdit(upd, item):
		// Sent, it and the step now in its place would both go: the
		// follow-up already stands at that step again, under a fresh key,
		// or did it already (a task, which waits for no queued mail, and
		// moved the clock on: not a restart, nobody wrote). Nothing is
		// put back: the plan has no such step. An edit of the sequence
		// took the step out, or a regrade or a change of tags moved the
		// follow-up to a sequence without it.
		reason = fmt.Sprintf("enrollment %d: %s; %s", e.ID, replacedCause(item, upd), goesOnWith(upd, item))
		redo = false
		if item.Sequence != "" && item.Sequence != upd.Sequence {
			f.log.Info("follow-up mail not sent: the customer's grade or tags moved its follow-up to a sequence without its step", "enrollment", e.ID, "customer", e.Customer, "outbox", item.ID, "from", item.Sequence, "sequence", upd.Sequence, "step", upd.Step+1)
		} else {
			f.log.Info("follow-up mail not sent: an edit of its sequence replaced its step", "enrollment", e.ID, "customer", e.Customer, "outbox", item.ID, "step", upd.Step+1)
		}
	case restarted:
		reason = fmt.Sprintf("enrollment %d: someone wrote in the thread meanwhile; the step waits again", e.ID)
	case f.moreCareful(upd, item):
		// The manager made the sequence (or every sequence) more careful
		// since the step was queued: it is done again in the mode in force.
		m := f.modeOf(upd)
		reason = fmt.Sprintf("enrollment %d: the sequence's mode is now %s; the step is done again in that mode", e.ID, m)
		upd.Reason = fmt.Sprintf("step %d: the mode is now %s; done again in that mode", done, m)
		redo, chg = true, true
	default:
		var dropped bool
		if reason, redo, dropped, err = f.dropBlocked(ctx, item, &upd); err != nil {
			return "", err
		}
		chg = chg || dropped
		if reason == "" && !dropped && !sameRecipients(slices.Concat(item.To, item.Cc), upd.To) {
			// Not sent as it is, and not skipped either: the step is
			// composed again for whom the enrollment writes to now.
			reason = fmt.Sprintf("enrollment %d: its recipients changed since the step was queued; the step is done again for %s",
				e.ID, addrList(upd.To))
			upd.Reason = fmt.Sprintf("step %d: recipients changed since it was queued; done again for %s", done, addrList(upd.To))
			redo, chg = true, true
		}
	}
	at, back := stepBack(upd, item)
	// Only a follow-up that can come back (paused, restarted, stopped by
	// a person or a change of owner) says its step is not done again:
	// one the customer answered, opted out of or bounced from cannot,
	// and the skip does not advise mailing that customer by hand.
	if redo && !back && (!stopped || upd.Status == keepwarm.EnrollStopped) {
		reason += stepGone(upd, item)
	}
	if redo && back {
		// Put the step back so it is done again after the pause or the new
		// wait, or at once for the recipients left, under a new outbox key.
		// An enrollment not yet moved past the step (the tick's write lost
		// to a person's Pause, or keepwarm stopped between the two) needs
		// the new key too: under the old one the skipped item would read
		// as the step done, and the follow-up would go on without it.
		upd.Step = at
		upd.Redo++
		upd.RedoOf = item.ID
		f.delaysTaken(&upd)
		if upd.Status == keepwarm.EnrollCompleted {
			upd.Status = keepwarm.EnrollActive
		}
		if !restarted {
			// Recipients dropped: at once, for those left; a paused or
			// stopped one: when the pause ends or a person resumes it,
			// not on the day the next step was due (as Settled does).
			upd.DueAt = now
		}
		if def, ok := f.defs().Get(upd.Sequence); ok && restarted {
			cust, err := f.store.CustomerForSequence(ctx, upd.CustomerID)
			if err != nil {
				return "", err
			}
			stepDue(&upd, f.calendar(cust, def), def.Steps[upd.Step])
		}
		chg = true
	}
	if chg {
		upd.UpdatedAt = now
		if _, err := f.store.UpdateEnrollment(ctx, upd); err != nil {
			return "", err
		}
	}
	if reason != "" {
		return reason, nil
	}
	// Queued before its salesperson went away: it waits, queued, until
	// they are back (then the rules are applied again), unless they opted
	// in to follow-ups while away.
	hold, err := f.awayHold(ctx, upd, now)
	if err == nil && hold == nil {
		hold, err = f.windowHold(ctx, item, upd, now)
	}
	if err != nil {
		return "", err
	}
	if hold != nil {
		return "", hold
	}
	return "", nil
}

// replacedCause says why item's step, a queued mail of running follow-up
// e, is not in e's plan (replacedByEdit): the customer's regrade or change
// of tags moved e from the sequence the mail was queued in to one without
// that step, else an edit of the sequence replaced or removed it.
func replacedCause(item keepwarm.OutboxItem, e keepwarm.Enrollment) string {
	step := stepWords([]string{item.StepName})[0]
	if item.Sequence == "" || item.Sequence == e.Sequence {
		return fmt.Sprintf("its step, %s, is no longer in sequence %s (an edit replaced or removed it)", step, e.Sequence)
	}
	// regraded names the cause in e's reason when this look moved it;
	// a tick before it may have written another reason since.
	who := "the customer's grade or tags"
	switch {
	case strings.HasPrefix(e.Reason, "customer regraded "):
		who = "the customer's regrade"
	case strings.HasPrefix(e.Reason, "customer's tags changed "):
		who = "the change of the customer's tags"
	}
	return fmt.Sprintf("%s moved the follow-up from sequence %s to %s, which has no step %s", who, item.Sequence, e.Sequence, step)
}

// goesOnWith says what running follow-up e does after item, its queued
// mail of a step no longer in its plan, is skipped: the step at e's place,
// "in its place" only when that step stands where the mail's was or
// before and does what it did (a mail for a mail, not a call task).
func goesOnWith(e keepwarm.Enrollment, item keepwarm.OutboxItem) string {
	if e.Step >= len(e.Plan) {
		return "no step of it is left"
	}
	next := e.Plan[e.Step]
	out := fmt.Sprintf("it goes on with step %d (%s)", e.Step+1, stepWords([]string{next})[0])
	if e.Step <= *item.Step && stepAction(next) == stepAction(item.StepName) {
		out += " in its place"
	}
	return out
}

// stepAction is the action of a plan's step name: "email" or "task".
func stepAction(name string) string {
	a, _, _ := strings.Cut(name, ":")
	return a
}

// completedAfter says whether item, a queued mail of completed e, is of a
// step e's plan still has at or before where e ended (stepBack): an edit
// left nothing after it and e completed counting the step as done, so it
// is not to be skipped as "completed".
func completedAfter(e keepwarm.Enrollment, item keepwarm.OutboxItem) bool {
	if item.StepName == "" || len(e.Plan) == 0 {
		return false
	}
	_, ok := stepBack(e, item)
	return ok
}

// replacedByEdit says whether item, a queued mail of running follow-up e,
// is of a step an edit of the sequence since replaced (another template
// or task in its place) or removed, or of a step the sequence a regrade
// or a change of tags moved e to has not (replacedCause says which),
// while the edit moved e back onto the
// step number of item or below under a fresh key (realign: what it did
// counts the queued step as done by its old name, which the plan no
// longer has). Sent, the step now at e's place would follow it: the
// customer would get the step twice, the old and the new version.
func replacedByEdit(e keepwarm.Enrollment, item keepwarm.OutboxItem) bool {
	if e.Status != keepwarm.EnrollActive || item.StepName == "" || item.Step == nil || len(e.Plan) == 0 || StepKey(e) == item.Key {
		return false
	}
	if item.StepNth > 0 && countOf(e.Plan, item.StepName) < item.StepNth {
		// Gone from the plan, wherever e now is: a task put in its place
		// is made without waiting for the queued mail, and e went on.
		return true
	}
	if e.Step >= len(e.Plan) || e.Step > *item.Step {
		return false
	}
	_, ok := stepBack(e, item)
	return !ok
}

// superseded says why item, a queued mail of e's step, is not sent when
// a put-back replaced it (a pause, a restart, recipients changed, a failed
// follow-up's held mail, a person's Skip of it), whatever e's status: the
// put-back is written before the mail is skipped, and records the item it
// replaced (RedoOf); when that skip is lost (keepwarm stopped or crashed,
// the write failed) a person's Resume in between would have both the old
// mail and the step's new one go. Only that item is superseded: an edit
// or a regrade that moves e back onto the step number of a queued mail
// gives e a fresh key too; that mail goes when e's plan still has its step
// (it is the step e did), and is skipped by Recheck when the edit or the
// regrade left no such step (replacedByEdit), never here.
func (f *FollowUp) superseded(e keepwarm.Enrollment, item keepwarm.OutboxItem) string {
	if e.RedoOf == 0 || e.RedoOf != item.ID {
		return ""
	}
	newer := StepKey(e)
	f.log.Info("follow-up mail superseded: its step was put back under a newer outbox key", "enrollment", e.ID, "customer", e.Customer, "outbox", item.ID, "outbox_key", item.Key, "newer_key", newer)
	return fmt.Sprintf("enrollment %d: step %d was put back and is done again under outbox key %s; this older mail of it (%s) is not sent", e.ID, *item.Step+1, newer, item.Key)
}

// putBackFailed is Recheck's answer for item, the mail of failed e's last
// step (a window that never opened failed e while its mail waited, a
// delivery failure that names no address, a sequence gone): the mail is
// skipped, and its step is put back under a new outbox key, so that a
// person's Resume does it again rather than go on to the next step as if
// it had gone (a skipped mail reads as its step done). A mail that is not
// its step's last (an older try) is only skipped.
func (f *FollowUp) putBackFailed(ctx context.Context, e keepwarm.Enrollment, item keepwarm.OutboxItem, at int, now time.Time) (string, error) {
	reason := fmt.Sprintf("enrollment %d is %s: %s", e.ID, e.Status, e.Reason)
	if back, err := f.putBack(ctx, e, item, at, now); err != nil || !back {
		return reason, err
	}
	f.log.Info("follow-up step not sent while its follow-up is failed: done again when it is resumed", "enrollment", e.ID, "customer", e.Customer, "outbox", item.ID, "step", at+1)
	return reason + putBackSkipNote(at), nil
}

// stepGone says, for a reason of skipping item, a queued mail of e's
// follow-up that is not put back (stepBack), that its step is no longer
// in the sequence when an edit removed it (of a step named twice, the
// one it was: the second resend of a plan left with one): it is not done
// again. Of mail queued before items named their step, put back only while
// e has not moved since (stepBack), it says that keepwarm cannot tell
// which step it is now: it is not done again, and she can send it by hand.
// (No migration names those steps: e's plan and key do not show that no
// edit moved the step, as reordering the steps before it keeps both, and
// a wrong name would put back a step already sent.)
func stepGone(e keepwarm.Enrollment, item keepwarm.OutboxItem) string {
	if item.Step == nil || len(e.Plan) == 0 {
		return ""
	}
	if item.StepName == "" {
		return fmt.Sprintf(" (its step %d was queued before keepwarm noted which step a mail is, and the follow-up has moved since (an edit of sequence %s, a skip):"+
			" keepwarm cannot tell which step it is now, so it is not done again; send it by hand if it is still wanted)", *item.Step+1, e.Sequence)
	}
	n := countOf(e.Plan, item.StepName)
	if n > 0 && n >= item.StepNth {
		return ""
	}
	if n > 0 {
		return fmt.Sprintf(" (its step, %s number %d of that name, is no longer in sequence %s, which has %d, and is not done again)",
			stepWords([]string{item.StepName})[0], item.StepNth, e.Sequence, n)
	}
	return fmt.Sprintf(" (its step, %s, is no longer in sequence %s and is not done again)", stepWords([]string{item.StepName})[0], e.Sequence)
}

// putBack puts item's step back in failed e, at index at of its plan
// (stepBack), under a new outbox key when item is the mail of that step's
// last try; back reports whether it did.
func (f *FollowUp) putBack(ctx context.Context, e keepwarm.Enrollment, item keepwarm.OutboxItem, at int, now time.Time) (back bool, err error) {
	last, found, err := f.store.LastStepItem(ctx, e.ID, *item.Step+1)
	if err != nil || !found || last.ID != item.ID {
		return false, err
	}
	e.Step = at
	e.Redo++
	e.RedoOf = item.ID
	f.delaysTaken(&e)
	e.DueAt, e.UpdatedAt = now, now
	if _, err := f.store.UpdateEnrollment(ctx, e); err != nil {
		return false, err
	}
	return true, nil
}

// PutBackFailed is told that by, a person, skips item, a queued mail of a
// follow-up step, before the skip is written: when the follow-up is failed
// and item is the held mail of its last step (QueuedStepHeld), the step is
// put back under a new outbox key, as the send's last look does
// (putBackFailed), so that Resume does the step again rather than take the
// skipped mail as the step done and go on to the next step as if it had
// gone. It then returns why the skip is to keep (PutBackSkip): the plain
// "skipped by" of a person's Skip is the step done for good
// (doneUnderOlderKey), and the step, put back again later, would be taken
// as done by the mail she skipped. Written first, a skip lost after it
// leaves the mail to the last look, which drops it as superseded. Any
// other item is left as it is, and why is "".
func (f *FollowUp) PutBackFailed(ctx context.Context, item keepwarm.OutboxItem, by string, now time.Time) (why string, err error) {
	if item.Enrollment == nil || item.Step == nil || item.Status != keepwarm.OutboxQueued {
		return "", nil
	}
	e, err := f.store.GetEnrollment(ctx, *item.Enrollment)
	if err != nil {
		return "", err
	}
	if e.Status != keepwarm.EnrollFailed {
		return "", nil
	}
	if _, paused := QueuedStepHeld(e, item, now); !paused {
		return "", nil
	}
	at, _ := stepBack(e, item)
	if back, err := f.putBack(ctx, e, item, at, now); err != nil || !back {
		return "", err
	}
	f.log.Info("follow-up step skipped by a person while its follow-up is failed: done again when it is resumed", "enrollment", e.ID, "customer", e.Customer, "outbox", item.ID, "step", at+1)
	return PutBackSkip(by, at), nil
}

// PutBackSkip is why a person's Skip of a failed follow-up's held mail
// keeps, its step (index at) put back by PutBackFailed: her skip, and the
// step to be done again. doneUnderOlderKey never takes it as the step done.
func PutBackSkip(by string, at int) string {
	return fmt.Sprintf("skipped by %s%s", by, putBackSkipNote(at))
}

func putBackSkipNote(at int) string {
	return fmt.Sprintf(" (step %d is done again when the follow-up is resumed)", at+1)
}

// dropBlocked drops from item the recipients that bounced or opted out
// since it was queued, as the refusal of an address at RCPT does, and
// updates e (the item's enrollment) to match. When the person the mail
// greets is left and its opening greets nobody dropped, the item goes to
// those left as it is (changed). When they were dropped, or the opening
// greets one who was ("Dear Hans and Ute," with Ute gone, as the step
// keeps her own opening), the item is skipped (reason) and the step must
// be done again for those left (redo), so the mail is composed for whom it
// now greets. With nobody left the item is skipped and e ends as bounced
// or opted out: never silently on to the next step.
func (f *FollowUp) dropBlocked(ctx context.Context, item keepwarm.OutboxItem, e *keepwarm.Enrollment) (reason string, redo, changed bool, err error) {
	all := slices.Concat(item.To, item.Cc)
	emails := make([]string, len(all))
	for i, a := range all {
		emails[i] = strings.ToLower(a.Email)
	}
	blocked, err := f.store.BlockedAddresses(ctx, emails)
	if err != nil || len(blocked) == 0 {
		return "", false, false, err
	}
	var gone []string
	why := ""
	keep := func(as []keepwarm.Address) []keepwarm.Address {
		var left []keepwarm.Address
		for _, a := range as {
			if w, bad := blocked[strings.ToLower(a.Email)]; bad {
				gone = append(gone, fmt.Sprintf("%s (%s)", a.Email, w))
				why = w
				continue
			}
			left = append(left, a)
		}
		return left
	}
	to, cc := keep(item.To), keep(item.Cc)
	if len(gone) == 0 {
		return "", false, false, nil
	}
	step := *item.Step + 1
	greetsGone := false
	if len(to) > 0 && len(to)+len(cc) > 0 {
		if greetsGone, err = f.greetsDropped(ctx, item, slices.Concat(to, cc)); err != nil {
			return "", false, false, err
		}
	}
	switch {
	case len(to)+len(cc) == 0:
		e.Status = keepwarm.EnrollBounced
		if why == "opted-out" {
			e.Status = keepwarm.EnrollOptedOut
		}
		e.PausedUntil = time.Time{}
		e.Reason = fmt.Sprintf("step %d not sent: no recipient may be written to: %s", step, strings.Join(gone, ", "))
		return fmt.Sprintf("enrollment %d is %s: %s", e.ID, e.Status, e.Reason), false, true, nil
	case len(to) > 0 && strings.EqualFold(to[0].Email, item.To[0].Email) && !greetsGone:
		// The person the mail greets is still there: it goes as it is,
		// to fewer people.
		if err := f.store.NarrowOutbox(ctx, item.ID, to, cc); err != nil {
			return "", false, false, err
		}
		e.Reason = fmt.Sprintf("step %d goes to %s only: %s", step, addrList(slices.Concat(to, cc)), strings.Join(gone, ", "))
		f.log.Info("follow-up narrowed before the send", "enrollment", e.ID, "outbox", item.ID, "dropped", gone)
		return "", false, true, nil
	default:
		left := slices.Concat(to, cc)
		e.Reason = fmt.Sprintf("step %d: %s before the send; done again for the other recipients", step, strings.Join(gone, ", "))
		greets := "greets " + item.To[0].Email
		if greetsGone {
			greets = fmt.Sprintf("opens %q", templates.Opening(item.Text))
		}
		return fmt.Sprintf("enrollment %d: %s before the send, and the mail %s: the step is done again for %s",
			e.ID, strings.Join(gone, ", "), greets, addrList(left)), true, true, nil
	}
}

// greetsDropped says whether item's own opening greets someone it no
// longer goes to now that it goes to left: read as the step's composing
// reads the mail it follows up (greetsLeftOut), with the names the book
// and that mail's headers give its recipients.
func (f *FollowUp) greetsDropped(ctx context.Context, item keepwarm.OutboxItem, left []keepwarm.Address) (bool, error) {
	sent := keepwarm.Message{From: item.From, To: item.To, Cc: item.Cc, Text: item.Text}
	if item.Anchor != 0 {
		anchor, err := f.store.GetMessage(ctx, item.Anchor)
		if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			return false, fmt.Errorf("the mail followed up by outbox item %d: %w", item.ID, err)
		}
		// Only the names: who the item went to is its own To and Cc.
		sent.Contacts = slices.Concat(anchor.Contacts, anchor.To, anchor.Cc)
	}
	return greetsLeftOut(sent, left, f.knownSender), nil
}

// Hold is the part of Recheck that needs no fresh mail: the hold of a
// follow-up item whose salesperson is away now (and did not opt in), that
// is to be sent outside the customer's send window now, or on a day its
// recipient has a greeting planned (as its queuing holds it), else nil. The
// engine asks it before syncing, so an item held for days does not log in
// to every mailbox each time it is looked at again; Recheck asks it again
// after the sync (an out-of-office reply may have just arrived). An item
// whose customer went back to the pool or to another salesperson is not
// held: Recheck stops it rather than keep it waiting for its salesperson.
func (f *FollowUp) Hold(ctx context.Context, item keepwarm.OutboxItem, now time.Time) (*keepwarm.Hold, error) {
	if item.Enrollment == nil || item.Step == nil {
		return nil, nil
	}
	e, err := f.store.GetEnrollment(ctx, *item.Enrollment)
	if err != nil {
		return nil, err
	}
	if e.Status.Live() || e.Status == keepwarm.EnrollCompleted {
		cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
		if err != nil {
			return nil, err
		}
		if why, err := f.notTheirs(ctx, e, cust); err != nil || why != "" {
			return nil, err
		}
	}
	hold, err := f.awayHold(ctx, e, now)
	if err != nil || hold != nil {
		return hold, err
	}
	return f.windowHold(ctx, item, e, now)
}

// windowHold holds a follow-up that would reach the customer outside the
// sequence's send window (their working hours, workdays and holidays)
// until the window opens, and one carried into the day of a greeting
// planned to its recipient until the window of the next day. A step is queued inside the window, but the
// daily cap, the gap between sends, retries after a refusal, or a daemon
// that was down can carry its send past the window's end: mail arriving
// at 2 a.m. their time says a machine sent it. A draft is not held: the
// salesperson decides when to send it.
func (f *FollowUp) windowHold(ctx context.Context, item keepwarm.OutboxItem, e keepwarm.Enrollment, now time.Time) (*keepwarm.Hold, error) {
	if item.Mode != keepwarm.ModeSend {
		return nil, nil
	}
	def, ok := f.defs().Get(e.Sequence)
	if !ok {
		return nil, nil
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return nil, err
	}
	cal := f.calendar(cust, def)
	if cal.InWindow(now) && def.Window.SkipQuiet {
		// Who keeps a quiet period is read as the step's queuing read it
		// (the thread's language, the book's marks): a step queued the
		// day before Ramadan and carried into it is held as one queued in
		// it would have been.
		if err := f.readAudience(ctx, e, cal); err != nil {
			return nil, err
		}
		if !cal.InWindow(now) {
			return quietHold(cal.Next(now).In(cal.Loc)), nil
		}
	}
	if cal.InWindow(now) {
		// A step queued the day before and carried into a day its
		// recipient has a greeting planned (the cap, a slow or stopped
		// dispatcher, the window's end) gives that day to the greeting,
		// as its queuing would have.
		until, why, err := f.greetingToday(ctx, e.CustomerID, item.To, cal.Loc, now, f.personLocation(e.Owner))
		if err != nil || why == "" {
			return nil, err
		}
		return &keepwarm.Hold{Until: cal.Next(until), Reason: why}, nil
	}
	next := cal.Next(now)
	if next.IsZero() {
		// The window never opens: the mail waits, and says why, until
		// the window is changed.
		return &keepwarm.Hold{Until: now.Add(noOpeningRecheck), Reason: cal.NoOpening(def.Name, now)}, nil
	}
	return windowHold(def.Window.Start.String(), def.Window.End.String(), cal.Loc.String(), next.In(cal.Loc)), nil
}

// noOpeningRecheck is how long mail whose send window never opens is held
// before it is looked at again (the window may have been changed).
const noOpeningRecheck = 24 * time.Hour

// quietHold keeps a step queued through a quiet period the customer keeps
// ([window] skip_quiet) until at, in their zone.
func quietHold(at time.Time) *keepwarm.Hold {
	return &keepwarm.Hold{Until: at, Reason: fmt.Sprintf("in a quiet period the customer keeps ([window] skip_quiet): it goes %s their time",
		at.Format("Mon 2 Jan 15:04"))}
}

// windowHold keeps mail queued until the customer's send window opens at
// at (in their zone): the hold a follow-up, a greeting or a letter gets
// when something carried its send past the window.
func windowHold(start, end, zone string, at time.Time) *keepwarm.Hold {
	return &keepwarm.Hold{Until: at, Reason: fmt.Sprintf("outside the customer's send window (%s-%s %s): it goes %s their time",
		start, end, zone, at.Format("Mon 2 Jan 15:04"))}
}

func (f *FollowUp) awayHold(ctx context.Context, e keepwarm.Enrollment, now time.Time) (*keepwarm.Hold, error) {
	until, why, err := f.ownerAway(ctx, e, now)
	if err != nil || why == "" {
		return nil, err
	}
	if def, ok := f.defs().Get(e.Sequence); ok {
		cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
		if err != nil {
			return nil, err
		}
		// A window that never opens has no next opening (the zero time):
		// the step waits for her return, and then says why it still waits
		// (windowHold), rather than being held "until year 1" and looked
		// at again at every pass.
		if next := f.calendar(cust, def).Next(until); !next.IsZero() {
			until = next
		}
	}
	return &keepwarm.Hold{Until: until, Reason: why}, nil
}

// evaluateLate is evaluate for an enrollment that may have completed: its
// last item is still subject to the rules.
func (f *FollowUp) evaluateLate(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, bool, error) {
	if e.Status != keepwarm.EnrollCompleted {
		return f.evaluate(ctx, e, now)
	}
	e.Status = keepwarm.EnrollActive
	upd, chg, err := f.evaluate(ctx, e, now)
	if upd.Status == keepwarm.EnrollActive {
		upd.Status = keepwarm.EnrollCompleted
	}
	return upd, chg, err
}

// sameRecipients says whether a and b hold the same addresses, in any
// order: an item's To and Cc are its enrollment's recipients as the
// followed-up message had them.
func sameRecipients(a, b []keepwarm.Address) bool {
	if len(a) != len(b) {
		return false
	}
	set := func(as []keepwarm.Address) []string {
		out := make([]string, len(as))
		for i, x := range as {
			out[i] = strings.ToLower(x.Email)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(set(a), set(b))
}

// outOfOfficeReason begins the reason of a follow-up an automatic reply
// paused; the weekly summary counts those apart.
const outOfOfficeReason = "out of office: "

// pauseLength says how long an out-of-office pause is: "7 days", else as
// the sequence file writes it.
func pauseLength(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		if n := d / (24 * time.Hour); n != 1 {
			return fmt.Sprintf("%d days", n)
		}
		return "1 day"
	}
	return keepwarm.FormatDuration(d)
}

// answeredByPhoneReason begins the reason of a follow-up its call ended
// (the call reached the customer); the funnel counts those apart from the
// answers to its mails.
const answeredByPhoneReason = "answered by phone: "

// countOf is how many of plan's steps are named name.
func countOf(plan []string, name string) int {
	n := 0
	for _, s := range plan {
		if s == name {
			n++
		}
	}
	return n
}

// refusalReason is why a follow-up stops when what ("step 1", "the mail
// followed up") came back refused by the customer's server for something
// other than the address (refusal as parse notes it: "hans@buyer.de
// 5.7.26 authentication"): the address was not flagged, and the mail, not
// the address, is what to check. The refused address is named when the
// follow-up wrote to another too (to); named, an address the same report
// said does not exist (and flagged), is said to be no longer written to.
func refusalReason(what, refusal, named string, to []keepwarm.Address) string {
	f := strings.Fields(refusal)
	for len(f) < 3 {
		f = append(f, "-")
	}
	server := "the customer's server"
	if _, domain, ok := strings.Cut(f[0], "@"); ok && domain != "" {
		server = domain + "'s server"
	}
	refused := ""
	if strings.Contains(f[0], "@") && (len(to) != 1 || !strings.EqualFold(to[0].Email, f[0])) {
		refused = " for " + f[0]
	}
	flagged := "nobody was flagged"
	if named != "" && !strings.EqualFold(named, f[0]) {
		flagged = named + " does not exist and is no longer written to"
	}
	why := map[string]string{
		"authentication": " as failing the SPF, DKIM or DMARC check",
		"spam":           " as spam",
		"size":           " as too large",
		"content":        " for its content",
		"policy":         " for a policy",
	}[f[2]]
	code := ""
	if f[1] != "-" {
		code = " (" + f[1] + ")"
	}
	if what == "the mail followed up" {
		// Resuming would ask about a mail the buyer never received; the
		// mail sent again is enrolled on its own.
		if why == "" {
			return fmt.Sprintf("%s was refused%s by %s%s, which did not say the address does not exist: %s; check the address and send it again: the new mail is followed up on its own; stop this one", what, refused, server, code, flagged)
		}
		return fmt.Sprintf("%s was refused%s by %s%s%s, not for the address: %s; send it again: the new mail is followed up on its own; stop this one", what, refused, server, why, code, flagged)
	}
	if why == "" {
		return fmt.Sprintf("%s was refused%s by %s%s, which did not say the address does not exist: %s; check the mail and the address, then resume or stop", what, refused, server, code, flagged)
	}
	return fmt.Sprintf("%s was refused%s by %s%s%s, not for the address: %s; check the mail, then resume or stop", what, refused, server, why, code, flagged)
}
