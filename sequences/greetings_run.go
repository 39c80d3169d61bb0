package sequences

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// runHorizon bounds how long Run lets the engine sleep: new customers,
// birthdays and letter files are picked up at least this often.
const runHorizon = time.Hour

// Run enqueues the greetings and letters due at now and returns when it
// next has something to do. Running it again at the same instant, or every
// minute, enqueues nothing twice: each item has a unique key in the store and
// in the outbox. It blocks on the store only.
func (g *Greetings) Run(ctx context.Context, now time.Time) (time.Time, error) {
	// A greeting, letter or step sent from Drafts is matched to its copy
	// in Sent before the plan reads who was written to, and in what
	// language (see recipients).
	if err := g.store.MatchSentDrafts(ctx, now.Add(-sentDraftWindow)); err != nil {
		return now.Add(runHorizon), err
	}
	items, err := g.planAround(ctx, now)
	if err != nil {
		return now.Add(runHorizon), err
	}
	next := now.Add(runHorizon)
	var n int
	for i := range items {
		it := &items[i]
		switch {
		case it.Status == PlanPlanned:
			if it.SendAt.Before(next) {
				next = it.SendAt
			}
			continue
		case it.Status != PlanDue || !g.mayGoNow(it, now):
			continue
		case !it.waitUntil.IsZero():
			// Over the weekly cap, counting the items before it in this run.
			if it.waitUntil.Before(next) {
				next = it.waitUntil
			}
			// Debug: a held item is looked at again every run until it goes.
			g.log.Debug("greeting waits", "key", it.Key, "customer", it.Customer, "why", it.Reason)
			continue
		}
		if it.dryRunID != 0 {
			// Recorded in dry-run only: the record gives way to the real one.
			if err := g.store.ForgetGreeting(ctx, it.Key, it.dryRunID); err != nil {
				return next, err
			}
		}
		created, err := g.enqueue(ctx, it, now)
		if err != nil {
			return next, err
		}
		if created {
			n++
			g.log.Info("greeting queued", "key", it.Key, "kind", it.Kind, "occasion", it.Occasion,
				"customer", it.Customer, "mailbox", it.Mailbox, "mode", string(it.Mode))
		}
	}
	// A greeting or letter held for a sender who is back before the end
	// their absence had (cancelled, ended, shortened) is looked at now.
	released, err := g.cfg.Away.ReleaseReturned(ctx, now)
	if n > 0 {
		g.log.Info("greetings queued", "count", n)
	}
	if (n > 0 || released > 0) && g.cfg.OnQueued != nil {
		g.cfg.OnQueued()
	}
	return next, err
}

// mayGoNow is the last check before an item is enqueued: a greeting goes on
// its day until the window closes; a letter in its month, inside the
// customer's send window on one of their working days.
func (g *Greetings) mayGoNow(it *PlanItem, now time.Time) bool {
	if now.Before(it.SendAt) || !now.Before(it.Latest) {
		return false
	}
	if it.Kind == OriginGreeting {
		return true
	}
	local := now.In(it.loc)
	of := time.Duration(local.Hour())*time.Hour + time.Duration(local.Minute())*time.Minute
	return local.Format("2006-01") == it.Month && IsSendingDay(g.cfg.Calendars, it.Country, civil(local)) &&
		of >= g.cfg.WindowStart && of < g.cfg.WindowEnd
}

// Precheck is the last look at a greeting or a monthly letter before it is
// sent: queued inside the customer's window, it can be carried past it by
// the daily cap, the gap between sends, retries after a refusal, or a
// daemon that was down. A greeting whose day is over in the customer's
// time (the window's end) is dropped: "happy new year" arriving the next
// night says a machine sent it. A letter outside the window waits for it
// (keepwarm.Hold) on the customer's next working day in its month, and is
// dropped once the month is over. A draft is filed whenever it comes, but
// not after its greeting's day or its letter's month. Other items pass.
//
// Nor does either go in the name of a salesperson who is away (unless
// sequences_while_away): a Christmas greeting from Lily while her
// out-of-office says she is on leave tells the customer a machine wrote
// it. It waits for her return when that is known and inside the
// greeting's day or the letter's month, and is dropped otherwise.
//
// Nor, drafted or sent, does either go to an address that opted out,
// bounced or left the company after it was queued: a customer who answers
// a New Year greeting with "please remove me from your list" does not get
// the January letter queued for a later day of the month. The letter is
// the customer's, so it is planned again: the customer's best contact
// left gets it, or the plan says why nobody may.
func (g *Greetings) Precheck(ctx context.Context, item keepwarm.OutboxItem, now time.Time) (skipReason string, err error) {
	if item.Origin != OriginGreeting && item.Origin != OriginLetter {
		return "", nil
	}
	if why, err := g.blocked(ctx, item); why != "" || err != nil {
		if err != nil || item.Origin != OriginLetter || strings.Contains(item.Key, replannedMark) {
			return why, err
		}
		// The month's letter is the customer's, not the person's: let it
		// be planned again, so that the customer's best contact left gets
		// it (the plan says why when nobody may be written to).
		if err := g.store.ForgetGreeting(ctx, item.Key, item.ID); err != nil {
			return "", err
		}
		return why + "; it is planned again for another contact of the customer, if one may be written to in its month", nil
	}
	// Both parts, as the plan checks them: mail programs show the html one.
	sent := templates.Rendered{Text: item.Text, HTML: item.HTML}
	if line := sent.EmptyNameSlot(); line != "" {
		// Judged again as the plan judged it, by the template it was
		// rendered from: "Prezado Sr.," as the template writes it, or
		// "Heureux Diwali !" from a French file, passed the plan.
		if line, err := g.emptySlotOf(ctx, item, line); line != "" || err != nil {
			return emptySlotReason(item.Origin, line), err
		}
	}
	if line := sent.DoubledEnd(); line != "" {
		return doubledEndReason(item.Origin, line), nil
	}
	if p := sent.Placeholder(); p != "" {
		return placeholderReason(item.Origin, p, ""), nil
	}
	if why, err := g.stillPlanned(ctx, item); why != "" || err != nil {
		return why, err
	}
	if (item.Mode != keepwarm.ModeSend && item.Mode != keepwarm.ModeDraft) || item.CustomerID == 0 {
		return "", nil
	}
	cust, err := g.store.CustomerForSequence(ctx, item.CustomerID)
	if err != nil {
		return "", err
	}
	sender := g.senderOf(item, cust.Owner)
	if sender == "" {
		sender = cust.Owner
	}
	loc, zone := g.locationOf(cust)
	due, local := item.DueAt.In(loc), now.In(loc)
	last := wallTime(loc, civil(due), g.cfg.WindowEnd) // a greeting's last instant
	if item.Origin == OriginLetter {
		y, m, _ := due.Date()
		last = time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	}
	if item.Mode == keepwarm.ModeDraft && !now.Before(last) {
		// A draft waits for nobody's window, but one filed after its day
		// (keepwarm was down) is "Merry Christmas" ready to send on 2
		// January: it is not filed late.
		if item.Origin == OriginGreeting {
			return fmt.Sprintf("the greeting's day ended in the customer's time (%s %s, %s): its draft is not filed late",
				due.Format("Mon 2 Jan"), hhmm(g.cfg.WindowEnd), zone), nil
		}
		return fmt.Sprintf("the letter's month (%s) ended in the customer's time (%s): its draft is not filed late", due.Format("2006-01"), zone), nil
	}
	// The person it goes as, not whoever owns the customer now; and held
	// while they are away even where sequences_while_away lets follow-ups
	// go: a greeting is personal. A draft too: filed in their Drafts on
	// the day, it is found on their return, after the day, and sent by
	// accident.
	if a, away, err := g.cfg.Away.absent(ctx, sender, nil, now); err != nil {
		return "", err
	} else if away {
		what := item.Origin // "greeting" or "letter"
		span := map[string]string{OriginGreeting: "day", OriginLetter: "month"}[item.Origin]
		if a.NoReturnDate {
			// Their first normal mail ends it (the absence is read from
			// the mail each time): look again within the hour while the
			// day (or month) allows, not only at keepwarm's bound.
			look := nextLook(a, now)
			if !look.Before(last) {
				return fmt.Sprintf("%s is away (%s, no return date given) and keepwarm takes them as back only by %s, after the %s's %s ends: it is not sent in their name while they are away",
					sender, a.Source, a.Until.In(loc).Format("Mon 2 Jan"), what, span), nil
			}
			return "", &keepwarm.Hold{Until: look, Reason: fmt.Sprintf("%s is away (%s, no return date given): the %s waits until %s, when keepwarm takes them as back at the latest",
				sender, a.Source, what, a.Until.In(loc).Format("Mon 2 Jan 15:04"))}
		}
		if a.Until.IsZero() || !a.Until.Before(last) {
			return fmt.Sprintf("%s is away (%s) and not back before the %s's %s ends: it is not sent in their name while they are away",
				sender, a.Source, what, span), nil
		}
		return "", &keepwarm.Hold{Until: a.Until, Reason: fmt.Sprintf("%s is away (%s) until %s: the %s waits until they are back",
			sender, a.Source, a.Until.In(loc).Format("Mon 2 Jan 15:04"), what)}
	}
	if item.Mode == keepwarm.ModeDraft {
		return "", nil // a draft waits for nobody's window
	}
	// A mail of the customer's that came in since it was queued and waits
	// for an answer holds it too, as it holds the plan.
	if w, err := g.store.WaitingSince(ctx, cust.ID); err != nil {
		return "", err
	} else if answerAwaited(w, now) {
		what := item.Origin // "greeting" or "letter"
		why := awaitedReason(what, w.In(loc))
		if next := now.Add(awaitedLook); next.Before(last) {
			return "", &keepwarm.Hold{Until: next, Reason: why}
		}
		return "not sent: " + why, nil
	}
	if item.Origin == OriginLetter {
		// A follow-up started since the letter was queued: it waits for
		// the follow-up to end, as the plan does.
		live, err := g.store.ListEnrollments(ctx, cust.ID, keepwarm.EnrollActive, keepwarm.EnrollPaused)
		if err != nil {
			return "", err
		}
		if len(live) > 0 {
			// One running names it; only paused ones, the oldest, and
			// until the latest of their ends (none when one has none).
			e, paused, until, open := live[0], true, time.Time{}, false
			for _, l := range live {
				if l.Status == keepwarm.EnrollActive {
					e, paused = l, false
					break
				}
				open = open || l.PausedUntil.IsZero()
				if l.PausedUntil.After(until) {
					until = l.PausedUntil
				}
			}
			if open {
				until = time.Time{}
			}
			why := followUpReason(e.ID, paused, until, loc)
			if next := now.Add(awaitedLook); next.Before(last) {
				return "", &keepwarm.Hold{Until: next, Reason: why}
			}
			return "not sent: " + why + followUpEnded(paused), nil
		}
	}
	if item.Origin == OriginLetter && !now.Before(last) {
		// Looked at after its month (keepwarm was down over New Year, a
		// retry came on 2 January): the month ended, whatever the day
		// after it holds; no January mail is "the last working day of
		// the letter's month".
		return fmt.Sprintf("the letter's month (%s) ended in the customer's time (%s) before it could go inside their send window", due.Format("2006-01"), zone), nil
	}
	var look *letterLook // the letter's customer, read once
	if item.Origin == OriginLetter {
		look = &letterLook{g: g, item: item, now: now, month: due.Format("2006-01")}
		// Other mail from keepwarm that reached the contact today, since
		// the letter was queued (a follow-up step sent while the letter
		// waited behind the gap between sends), or a greeting planned
		// today: the letter takes the next working day.
		if why, err := g.letterDayTaken(ctx, look, loc, cust); why != "" || err != nil {
			return why, err
		}
	}
	if item.Origin == OriginGreeting && now.Before(last) {
		// The book as it is now: a birthday corrected, a faith or a name
		// entered since the greeting was queued decides it, as it decides
		// the plan. And one greeting a person a day holds here too:
		// another of the person's greetings that day may have gone since
		// this one was queued (a birthday entered in the book after the
		// morning's Thanksgiving went).
		if why, err := g.greetedToday(ctx, item, loc, now); why != "" || err != nil {
			return why, err
		}
	}
	if item.Origin == OriginGreeting {
		if now.Before(last) {
			return "", nil
		}
		return heldPast(item, fmt.Sprintf("the greeting's day ended in the customer's time (%s %s, %s): it is not sent late",
			due.Format("Mon 2 Jan"), hhmm(g.cfg.WindowEnd), zone)), nil
	}
	// Held for days (the customer's mail waiting, a follow-up, the
	// salesperson away), the letter goes with the book, the signature and
	// the catalog as they are now, as a greeting does.
	if why, err := g.letterRewritten(ctx, look); why != "" || err != nil {
		return why, err
	}
	greeted, err := look.greeted(ctx)
	if err != nil {
		return "", err
	}
	month := due.Format("2006-01")
	passed := false // a day of the window passed over for a greeting
	for day := civil(local); day.Format("2006-01") == month; day = day.AddDate(0, 0, 1) {
		if !IsSendingDay(g.cfg.Calendars, cust.Country, day) {
			continue
		}
		if greeted[day] {
			// Carried past the window's end into the day of a birthday
			// or a holiday greeting: not two mails from keepwarm in one
			// morning (today's, letterDayTaken holds already).
			passed = passed || now.Before(wallTime(loc, day, g.cfg.WindowEnd))
			continue
		}
		start, end := wallTime(loc, day, g.cfg.WindowStart), wallTime(loc, day, g.cfg.WindowEnd)
		if !now.Before(end) {
			continue
		}
		if !now.Before(start) {
			return "", nil
		}
		return "", windowHold(hhmm(g.cfg.WindowStart), hhmm(g.cfg.WindowEnd), zone, start)
	}
	if passed && len(item.To) > 0 {
		return heldPast(item, fmt.Sprintf("the letter's month (%s) ended in the customer's time (%s) before it could go inside their send window on a day without a greeting to %s: it is not sent, one a day at most",
			month, zone, item.To[0].Email)), nil
	}
	return heldPast(item, fmt.Sprintf("the letter's month (%s) ended in the customer's time (%s) before it could go inside their send window", month, zone)), nil
}

// heldPast is why, the skip of a greeting or letter whose day or month
// ended, with what held it past it when something did (its last reason,
// "held: ..."; a copy of earlier mail not filed in Sent, the salesperson
// away): the real reason it did not go, which the skip would otherwise
// write over.
func heldPast(item keepwarm.OutboxItem, why string) string {
	if held, ok := strings.CutPrefix(item.LastError, "held: "); ok && held != "" {
		return why + "; it waited, " + held
	}
	return why
}

// letterLook is what the last look at one letter (item, at now) reads of
// its customer: the contacts once (recipientsOf), and from them when the
// team last wrote and the days of the month a greeting really goes to the
// letter's contact (greetingDaysOf). One customer, not the whole book:
// this runs on the dispatcher's send path, once for every letter.
type letterLook struct {
	g      *Greetings
	item   keepwarm.OutboxItem
	now    time.Time
	month  string // YYYY-MM, in the customer's zone
	recips []keepwarm.Recipient
	read   bool
	days   map[time.Time]bool
}

// emails are the letter's To addresses, lower case.
func (l *letterLook) emails() []string {
	out := make([]string, 0, len(l.item.To))
	for _, a := range l.item.To {
		out = append(out, strings.ToLower(a.Email))
	}
	return out
}

// recipients are the letter's customer's contacts, read at the first call.
func (l *letterLook) recipients(ctx context.Context) ([]keepwarm.Recipient, error) {
	if l.read {
		return l.recips, nil
	}
	recips, err := l.g.recipientsOf(ctx, l.item.CustomerID)
	if err != nil {
		return nil, err
	}
	l.recips, l.read = recips, true
	return recips, nil
}

// written is when the team last wrote to the customer (a salesperson's
// own mail or a follow-up step; not a greeting or letter), as the plan
// reads it (keepwarm.Recipient.LastWrittenAt); zero when never.
func (l *letterLook) written(ctx context.Context) (time.Time, error) {
	recips, err := l.recipients(ctx)
	if err != nil {
		return time.Time{}, err
	}
	var w time.Time
	for _, r := range recips {
		if r.LastWrittenAt.After(w) {
			w = r.LastWrittenAt
		}
	}
	return w, nil
}

// greeted are the civil days (in the customer's zone) of the letter's
// month on which a greeting goes to one of its addresses, as
// GreetingPlanned counts them: one stopped with "Don't send", skipped,
// missed, recorded in dry-run or whose sender is away past its day does
// not take a day from the letter.
func (l *letterLook) greeted(ctx context.Context) (map[time.Time]bool, error) {
	if l.days != nil {
		return l.days, nil
	}
	days := map[time.Time]bool{}
	if first, err := time.Parse("2006-01", l.month); err == nil && len(l.g.cfg.Occasions) > 0 {
		recips, err := l.recipients(ctx)
		if err != nil {
			return nil, err
		}
		emails := l.emails()
		if recips, err = l.g.withElsewhere(ctx, recips, emails); err != nil {
			return nil, err
		}
		if days, err = l.g.greetingDaysOf(ctx, recips, emails, first, l.now); err != nil {
			return nil, err
		}
	}
	l.days = days
	return days, nil
}

// letterDayTaken returns a keepwarm.Hold until the customer's next working
// day in the letter's month without a greeting to its addresses when
// another mail from keepwarm (one not the letter itself) went or is queued
// to one of its addresses this day in the customer's time (loc), or the
// team wrote to the customer (cust) this day before now (a salesperson's
// own mail, as the plan's otherMailToday counts it: the letter is no reply
// to it), or a greeting to its contact goes this day (look.greeted, the
// days of its month with one that really goes, which no working day it is
// held to is among); the reason to skip it when its month has no such day left, or
// when the team wrote to the customer within skip_if_written_within before
// now (the plan's skipIfWritten, asked again: the letter may have waited
// for days); nothing when the day is free.
func (g *Greetings) letterDayTaken(ctx context.Context, look *letterLook, loc *time.Location, cust keepwarm.Customer) (string, error) {
	item, now := look.item, look.now
	today := civil(now.In(loc))
	since, end := wallTime(loc, today, 0), wallTime(loc, today.AddDate(0, 0, 1), 0)
	month := item.DueAt.In(loc).Format("2006-01")
	emails := look.emails()
	written, err := look.written(ctx)
	if err != nil {
		return "", err
	}
	if why := writtenWithin(written, now, g.cfg.SkipIfWrittenWithin, loc); why != "" {
		return "not sent: " + why, nil
	}
	sent, err := g.store.AutomatedSince(ctx, emails, since)
	if err != nil {
		return "", err
	}
	// hold is why the day is taken, given the letter's next day (as the
	// reason's own words may hold a "%", a customer's name, it is no
	// format); last is why it is not sent when that was the month's last.
	var hold func(next string) string
	var last string
	for _, e := range emails {
		self := false // the letter's own row, counted at its queueing
		for _, t := range sent[e] {
			if !self && t.Unix() == item.CreatedAt.Unix() {
				self = true
				continue
			}
			if !t.Before(end) || hold != nil {
				continue
			}
			at := t.In(loc).Format("15:04 MST")
			hold = func(next string) string {
				return fmt.Sprintf("%s already had a mail from keepwarm today (%s): the letter goes %s their time, one a day at most", e, at, next)
			}
			last = fmt.Sprintf("%s already had a mail from keepwarm on %s (%s), the last working day of the letter's month: it is not sent, one a day at most",
				e, today.Format("2006-01-02"), at)
		}
	}
	if w := written; hold == nil && !w.Before(since) && w.Before(end) && !w.After(now) {
		// The month's news minutes after the salesperson's own answer
		// reads as a mailing: not in a conversation of the day.
		at := w.In(loc).Format("15:04 MST")
		hold = func(next string) string {
			return fmt.Sprintf("the team wrote to %s today (%s): the letter goes %s their time, not after a personal mail the same day", cust.Name, at, next)
		}
		last = fmt.Sprintf("the team wrote to %s on %s (%s), the last working day of the letter's month: it is not sent, not after a personal mail the same day",
			cust.Name, today.Format("2006-01-02"), at)
	}
	if hold == nil && len(emails) > 0 {
		greeted, err := look.greeted(ctx)
		if err != nil {
			return "", err
		}
		if !greeted[today] {
			return "", nil
		}
		// A letter let go after a wait (an answer, a follow-up, the
		// window's end) must not take the morning of a greeting that can
		// only go on its day.
		hold = func(next string) string {
			return fmt.Sprintf("%s has a greeting from keepwarm today: the letter goes %s their time, one a day at most", emails[0], next)
		}
		last = fmt.Sprintf("%s has a greeting from keepwarm on %s, the last working day of the letter's month: it is not sent, one a day at most",
			emails[0], today.Format("2006-01-02"))
	}
	if hold == nil {
		return "", nil
	}
	greeted, err := look.greeted(ctx)
	if err != nil {
		return "", err
	}
	for d := today.AddDate(0, 0, 1); d.Format("2006-01") == month; d = d.AddDate(0, 0, 1) {
		if IsSendingDay(g.cfg.Calendars, cust.Country, d) && !greeted[d] {
			next := wallTime(loc, d, g.cfg.WindowStart)
			return "", &keepwarm.Hold{Until: next, Reason: hold(next.Format("Mon 2 Jan 15:04"))}
		}
	}
	return last, nil
}

// greetedToday says why a greeting is not sent when the customer book
// no longer gives its contact that greeting on its send day (a birthday
// corrected or cleared, a faith entered), or when another greeting to the
// same person (oneGreetingADay: a full name at the customer, else the
// address) on that day went or may have gone already; "" when it may go.
// One the book now writes otherwise (a name, a language or a salutation
// corrected) is planned again with the new text.
func (g *Greetings) greetedToday(ctx context.Context, item keepwarm.OutboxItem, loc *time.Location, now time.Time) (string, error) {
	recips, err := g.recipientsOf(ctx, item.CustomerID)
	if err != nil {
		return "", err
	}
	day := civil(item.DueAt.In(loc))
	// Each contact's own (not onePerPerson's choice among a person's
	// addresses, which the outbox decides once one is queued).
	items := g.eachGreeting(recips, day, day, now)
	var self *PlanItem
	for i := range items {
		if items[i].Key == item.Key {
			self = &items[i]
		}
	}
	to := ""
	if len(item.To) > 0 {
		to = item.To[0].Email
	}
	switch {
	case self == nil:
		return fmt.Sprintf("not sent: the customer book no longer gives %s this greeting (%s) on %s: the birthday, holidays, faith or language changed after it was queued",
			to, keyOccasion(item.Key), day.Format("2006-01-02")), nil
	case self.Status == PlanSkip:
		return "not sent: " + self.Reason, nil
	}
	if why, err := g.otherGreetingWent(ctx, items, self); why != "" || err != nil {
		return why, err
	}
	if !strings.EqualFold(self.To.Email, to) || self.rendered.Subject != item.Subject ||
		self.rendered.Text != item.Text || self.rendered.HTML != item.HTML {
		if err := g.store.ForgetGreeting(ctx, item.Key, item.ID); err != nil {
			return "", err
		}
		// The template's own edit is told apart before (stillPlanned);
		// what is left may be the book or the salesperson's signature,
		// name or the catalog: all are named, none claimed.
		if to == "" {
			to = "its contact"
		}
		return fmt.Sprintf("the greeting's text changed after it was queued (the signature, the sender's name or the products, or in the customer book the name, language or salutation of %s): it is planned again with the new text, if its day allows", to), nil
	}
	return "", nil
}

// letterRewritten is why the queued letter item is not sent: its plan
// now skips it, or gives it another contact or another text (the customer
// book's contact, name, language or salutation, the sender's signature or
// name, the products), which lets the letter be planned again with the new
// one; "" when it is still what the plan would queue.
func (g *Greetings) letterRewritten(ctx context.Context, look *letterLook) (string, error) {
	item := look.item
	parts := strings.Split(item.Key, ":")
	if len(parts) != 3 || parts[0] != "letter" || item.CustomerID == 0 {
		return "", nil
	}
	month := parts[2]
	first, err := time.Parse("2006-01", month)
	if err != nil {
		return "", nil
	}
	set, ok, _ := g.loadLetter(month)
	if !ok {
		return "", nil // a letter file gone or broken: stillPlanned's
	}
	recips, err := look.recipients(ctx)
	if err != nil {
		return "", err
	}
	var rs []keepwarm.Recipient
	for _, r := range recips {
		if ok, _ := g.graded(r.Customer, r.CustomerInBook, true); ok {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return "", nil // the grade is stillPlanned's
	}
	thin, bareCompany := letterEmpties(set, month)
	it := g.letterItem(rs, item.CustomerID, month, first, set, thin, bareCompany)
	if it.Status == PlanSkip {
		if strings.HasPrefix(it.Reason, "not sent: ") {
			return it.Reason, nil
		}
		return "not sent: " + it.Reason, nil
	}
	to := ""
	if len(item.To) > 0 {
		to = item.To[0].Email
	}
	if strings.EqualFold(it.To.Email, to) && it.rendered.Subject == item.Subject && it.rendered.Text == item.Text && it.rendered.HTML == item.HTML {
		return "", nil
	}
	if err := g.store.ForgetGreeting(ctx, item.Key, item.ID); err != nil {
		return "", err
	}
	if to == "" {
		to = "its contact"
	}
	return fmt.Sprintf("the letter's text changed after it was queued (the signature, the sender's name or the products, or in the customer book the contact, or the name, language or salutation of %s): it is planned again with the new text, if its month allows", to), nil
}

// otherGreetingWent says why self is not sent when another of items to
// the same person on its send day went or may have gone already; "" when
// none did.
func (g *Greetings) otherGreetingWent(ctx context.Context, items []PlanItem, self *PlanItem) (string, error) {
	slot := greetingDayOf(self)
	var keys []string
	others := map[string]*PlanItem{}
	for i := range items {
		if it := &items[i]; it.Key != self.Key && it.Kind == OriginGreeting && greetingDayOf(it) == slot {
			keys = append(keys, it.Key)
			others[it.Key] = it
		}
	}
	if len(keys) == 0 {
		return "", nil
	}
	ob, err := g.store.GreetingOutbox(ctx, keys)
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		o, ok := ob[k]
		if !ok || (o.Status != keepwarm.OutboxSent && o.Status != keepwarm.OutboxSending && o.Status != keepwarm.OutboxUncertain) {
			continue
		}
		return "not sent: " + oneADayReason(others[k], self, slot.day), nil
	}
	return "", nil
}

// keyOccasion is the occasion's key in a greeting's outbox key
// ("greet:12:birthday:2026" is "birthday").
func keyOccasion(key string) string {
	if parts := strings.Split(key, ":"); len(parts) >= 3 {
		return parts[2]
	}
	return key
}

// GreetingPlanned says whether a greeting is planned to go to one of
// emails (lower case), contacts of the customer customerID (or of
// another customer the book now holds them under), on day, a
// civil date (its year, month and day; in the customer's zone), as seen at
// now: the follow-up job's steps give that day to the greeting
// (FollowUp.SetGreeted). It counts as the forecast does: one in the outbox
// to go or gone (queued, sending, sent, uncertain, drafted) on that day,
// or one planned that reaches its contact that day (PlanItem.CountsAt).
// One the plan skips does not count, nor one stopped with "Don't send",
// one that waits past its day and is missed, one whose sender is away
// and not back before its day ends, or one recorded in dry-run, which
// reaches nobody.
func (g *Greetings) GreetingPlanned(ctx context.Context, customerID int64, emails []string, day, now time.Time) (bool, error) {
	if len(g.cfg.Occasions) == 0 {
		return false, nil
	}
	recips, err := g.recipientsOf(ctx, customerID)
	if err != nil {
		return false, err
	}
	if recips, err = g.withElsewhere(ctx, recips, emails); err != nil {
		return false, err
	}
	day = civil(day)
	first := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
	days, err := g.greetingDaysOf(ctx, recips, emails, first, now)
	if err != nil {
		return false, err
	}
	return days[day], nil
}

// greetingDaysOf are the civil days (in the customer's zone) of the month
// first on which a greeting goes to one of emails (lower case) among
// recips (a customer's contacts, as GreetingPlanned reads them), as seen
// at now: one in the outbox to go or gone (queued, sending, sent,
// uncertain, drafted), or one planned that reaches its contact that day
// (PlanItem.CountsAt). One the plan skips does not count, nor one stopped
// with "Don't send", one that waits past its day and is missed, one whose
// sender is away and not back before its day ends, or one recorded in
// dry-run, which reaches nobody.
func (g *Greetings) greetingDaysOf(ctx context.Context, recips []keepwarm.Recipient, emails []string, first, now time.Time) (map[time.Time]bool, error) {
	return g.greetingDaysIn(ctx, recips, emails, first, now, &planPass{})
}

// greetingDaysIn is greetingDaysOf reading the outbox and the roster
// through the pass p (that of the plan whose letter asks).
func (g *Greetings) greetingDaysIn(ctx context.Context, recips []keepwarm.Recipient, emails []string, first, now time.Time, p *planPass) (map[time.Time]bool, error) {
	days := map[time.Time]bool{}
	if len(g.cfg.Occasions) == 0 {
		return days, nil
	}
	var items []PlanItem
	for _, r := range recips {
		if slices.Contains(emails, strings.ToLower(r.Contact.Email)) {
			items = append(items, g.greetingItems([]keepwarm.Recipient{r}, first, first.AddDate(0, 1, -1), now)...)
		}
	}
	if len(items) == 0 {
		return days, nil
	}
	if err := g.resolveIn(ctx, items, now, p); err != nil {
		return nil, err
	}
	var roster Roster
	var rosterRead bool
	var err error
	for _, it := range items {
		if it.Mode == keepwarm.ModeDryRun {
			continue
		}
		switch keepwarm.OutboxStatus(it.Status) {
		case keepwarm.OutboxQueued, keepwarm.OutboxSending, keepwarm.OutboxSent, keepwarm.OutboxUncertain, keepwarm.OutboxDrafted:
			days[civil(it.SendAt.In(it.loc))] = true
			continue
		}
		// One whose wait (the weekly cap) ends after its day is missed
		// (CountsAt): it takes no later day.
		at, ok := it.CountsAt(now)
		if !ok {
			continue
		}
		// Not sent in the name of a salesperson away until after its day
		// (the last look, Precheck); one whose return is not known counts:
		// they may be back, and the step would go beside it.
		sender := it.rec.Customer.Owner
		if sender == "" {
			sender = it.From.Email
		}
		// The roster is read once, at now, at the first item that asks
		// (as AwayAtLook judges a plan's items against one roster), not
		// once for each greeting of the month.
		if g.cfg.Away != nil && sender != "" && !rosterRead {
			if roster, rosterRead, err = g.rosterAt(ctx, p, now); err != nil {
				return nil, err
			}
		}
		a, away := keepwarm.Absence{}, false
		if rosterRead && sender != "" {
			a, away = keepwarm.AwayAt(roster.Absences, sender, at)
		}
		if away && !a.NoReturnDate && (a.Until.IsZero() || !a.Until.Before(it.Latest)) {
			continue
		}
		days[civil(at.In(it.loc))] = true
	}
	return days, nil
}

// withElsewhere adds to recips (a customer's contacts) those of emails
// (lower case) the book holds under another customer: a follow-up's
// address moved by a merge or an unmerge after it was enrolled, or an
// agent's on the quotation, is greeted there, and the forecast counts
// that greeting by address. Every customer is read only when one of
// emails is not among recips.
func (g *Greetings) withElsewhere(ctx context.Context, recips []keepwarm.Recipient, emails []string) ([]keepwarm.Recipient, error) {
	var missing []string
	for _, e := range emails {
		if !slices.ContainsFunc(recips, func(r keepwarm.Recipient) bool { return strings.EqualFold(r.Contact.Email, e) }) {
			missing = append(missing, e)
		}
	}
	if len(missing) == 0 {
		return recips, nil
	}
	all, err := g.store.GreetingRecipients(ctx)
	if err != nil {
		return nil, err
	}
	SharePersonMarks(all)
	var more []keepwarm.Recipient
	for _, r := range all {
		if slices.Contains(missing, strings.ToLower(r.Contact.Email)) {
			more = append(more, r)
		}
	}
	if len(more) == 0 {
		return recips, nil
	}
	if more, err = g.withOffer(ctx, more); err != nil {
		return nil, err
	}
	return append(recips, more...), nil
}

// blocked says why item must not go when one of its recipients may no
// longer be written to, else "".
func (g *Greetings) blocked(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
	emails := make([]string, 0, len(item.To)+len(item.Cc))
	for _, a := range append(append([]keepwarm.Address(nil), item.To...), item.Cc...) {
		emails = append(emails, strings.ToLower(a.Email))
	}
	blocked, err := g.store.BlockedAddresses(ctx, emails)
	if err != nil {
		return "", err
	}
	for _, e := range emails {
		if why, ok := blocked[e]; ok {
			what := item.Origin // "greeting" or "letter"
			if why == "opted-out" {
				why = "opted out (asked for no more mail)"
			}
			return fmt.Sprintf("%s %s after the %s was queued: it is not sent", e, why, what), nil
		}
	}
	return "", nil
}

// enqueue records the item under its unique key and writes its outbox row,
// in one transaction. created is false when it was there already.
func (g *Greetings) enqueue(ctx context.Context, it *PlanItem, now time.Time) (bool, error) {
	_, created, err := g.record(ctx, it, now, "")
	return created, err
}

// record writes it to the outbox as enqueue does; with skip not "" it is
// written skipped, with skip as why, in the same transaction.
func (g *Greetings) record(ctx context.Context, it *PlanItem, now time.Time, skip string) (keepwarm.OutboxItem, bool, error) {
	domain := it.From.Email[strings.LastIndex(it.From.Email, "@")+1:]
	item := keepwarm.OutboxItem{
		Key:        it.Key,
		MessageID:  keepwarm.NewMessageID(domain),
		Mailbox:    it.Mailbox,
		From:       it.From,
		To:         []keepwarm.Address{it.To},
		Subject:    it.rendered.Subject,
		Text:       it.rendered.Text,
		HTML:       it.rendered.HTML,
		Mode:       it.Mode,
		Origin:     it.Kind,
		CustomerID: it.CustomerID,
		DueAt:      it.SendAt,
		CreatedAt:  now,
	}
	rec := keepwarm.GreetingRecord{
		Kind: it.Kind, CustomerID: it.CustomerID, ContactID: it.ContactID,
		Occasion: it.Occasion, Month: it.Month, OutboxKey: it.Key, CreatedAt: now,
		Template: it.rendered.File, TemplateHash: it.rendered.Hash,
	}
	if it.Kind == OriginGreeting {
		rec.Year, rec.SecondOn = it.year, it.secondOn
	}
	var got keepwarm.OutboxItem
	var created bool
	var err error
	if skip != "" {
		got, created, err = g.store.SkipGreeting(ctx, rec, item, skip)
	} else {
		got, created, err = g.store.EnqueueGreeting(ctx, rec, item)
	}
	if err != nil {
		return got, false, fmt.Errorf("greetings: enqueue %s: %w", it.Key, err)
	}
	return got, created, nil
}

// emptySlotReason says why a greeting or letter opening with an empty name
// slot ("Dear ,") is not sent.
func emptySlotReason(what, line string) string {
	return fmt.Sprintf("the %s opens %q: its template writes a name this contact does not have (use {{.Contact.Salutation}}); it is not sent", what, line)
}

// placeholderReason says why a greeting or letter writing another mail
// program's merge field ("Dear «First_Name»") is not sent, naming where it
// is (templates.PlaceholderPart; "" when not known).
func placeholderReason(what, token, part string) string {
	return fmt.Sprintf("the %s writes %q: %s; it is not sent", what, token, templates.PlaceholderWhyIn(part))
}

// doubledEndReason says why a greeting or letter whose opening ends with
// its punctuation twice ("Dear Mr. Meier,,") is not sent.
func doubledEndReason(what, line string) string {
	return fmt.Sprintf("the %s opens %q: the punctuation after the salutation is written twice; it is not sent", what, line)
}

// senderOf is the salesperson item goes out as: owner when their greeting
// sender is its mailbox and address, else the (first such) owner whose
// sender is; "" when none is (any more).
func (g *Greetings) senderOf(item keepwarm.OutboxItem, owner string) string {
	sends := func(s GreetingSender) bool {
		return s.Mailbox == item.Mailbox && strings.EqualFold(s.From.Email, item.From.Email)
	}
	if s, ok := g.cfg.Senders[strings.ToLower(owner)]; ok && sends(s) {
		return owner
	}
	owners := make([]string, 0, len(g.cfg.Senders))
	for o := range g.cfg.Senders {
		owners = append(owners, o)
	}
	sort.Strings(owners)
	for _, o := range owners {
		if sends(g.cfg.Senders[o]) {
			return o
		}
	}
	return ""
}

// senderMoved says, for a greeting or letter queued in owner's name, that
// owner's greetings now go from another mailbox or address than the item
// (an smtp_url added to their own mailbox, a login that now sends from their
// own address), and lets the item go to be planned again from it; "" when
// the item goes as their sender still sends, or was queued as another
// person (by its From name): a handover, which senderOf tells.
func (g *Greetings) senderMoved(ctx context.Context, item keepwarm.OutboxItem, owner string) (string, error) {
	s, ok := g.cfg.Senders[strings.ToLower(owner)]
	if owner == "" || !ok || s.Mailbox == "" ||
		(s.Mailbox == item.Mailbox && strings.EqualFold(s.From.Email, item.From.Email)) ||
		!nameable(s.From.Name) || !strings.EqualFold(strings.TrimSpace(s.From.Name), strings.TrimSpace(item.From.Name)) {
		return "", nil
	}
	if err := g.store.ForgetGreeting(ctx, item.Key, item.ID); err != nil {
		return "", err
	}
	what := item.Origin
	return fmt.Sprintf("%s's %ss now go from mailbox %q as %s, not from mailbox %q as %s when this one was queued: it is planned again from %q, if its day allows",
		owner, what, s.Mailbox, s.From.Email, item.Mailbox, item.From.Email, s.Mailbox), nil
}

// stillPlanned says why a queued greeting or letter is no longer what the
// plan would queue now, else "": its occasion was taken out of the
// config, the customer's grade gets none any more, the owner's greetings
// now go from another mailbox or address (senderMoved), the customer was
// handed to another salesperson, its template was changed since it was queued,
// or [greetings] mode was made more careful (send to draft or dry-run). A
// morning's greetings can wait for hours behind the gap between sends: a
// fix made meanwhile must reach them. The last four are planned again
// (from the new sender, in the new owner's name, with the new text, in the
// new mode), if the day allows.
func (g *Greetings) stillPlanned(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
	what := item.Origin // "greeting" or "letter"
	rec, err := g.store.GreetingByKey(ctx, item.Key)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		rec, err = keepwarm.GreetingRecord{}, nil
	}
	if err != nil {
		return "", err
	}
	if strings.Contains(item.Key, replannedMark) {
		// Let go for a new plan before (the skip was not recorded then):
		// the new plan's item is the one that goes.
		return fmt.Sprintf("the %s was planned again: the new plan's one goes instead", what), nil
	}
	if what == OriginGreeting && rec.Occasion != "" && !slicesContains(g.cfg.Occasions, rec.Occasion) {
		return fmt.Sprintf("%q is no longer among the greetings' occasions: the greeting queued for it is not sent", rec.Occasion), nil
	}
	if item.CustomerID != 0 {
		cust, err := g.store.CustomerForSequence(ctx, item.CustomerID)
		if err != nil {
			return "", err
		}
		grades, book := g.cfg.Grades, g.ungradedBook
		if what == OriginLetter {
			grades, book = g.cfg.LetterGrades, g.ungradedBookLetters
		}
		// An ungraded customer was planned only because the book holds it
		// (graded), and a customer does not leave the book: still planned.
		if !slicesContains(grades, cust.Grade) && !(cust.Grade == "" && book) {
			return fmt.Sprintf("the customer is now %s, which gets no %ss: the %s queued before is not sent", gradeWords(cust.Grade), what, what), nil
		}
		if why, err := g.senderMoved(ctx, item, cust.Owner); why != "" || err != nil {
			return why, err
		}
		if was := g.senderOf(item, cust.Owner); was != "" && cust.Owner == "" {
			return fmt.Sprintf("the customer was released to the pool after the %s was queued: it is not sent in %s's name", what, was), nil
		} else if was != "" && !strings.EqualFold(was, cust.Owner) {
			if err := g.store.ForgetGreeting(ctx, item.Key, item.ID); err != nil {
				return "", err
			}
			return fmt.Sprintf("the customer was handed from %s to %s after the %s was queued: it is planned again to go as %s, if its day allows",
				was, cust.Owner, what, cust.Owner), nil
		}
	}
	if rec.TemplateHash != "" {
		if cur := g.currentHash(ctx, what, rec.Template); cur != rec.TemplateHash {
			if err := g.store.ForgetGreeting(ctx, item.Key, item.ID); err != nil {
				return "", err
			}
			return fmt.Sprintf("the template %s changed after the %s was queued: it is planned again with the new text, if its day allows",
				rec.Template, what), nil
		}
	}
	if m := g.cfg.Mode; m != "" && modeRank[m] > modeRank[item.Mode] {
		// The manager made the greetings more careful (send to draft or
		// dry-run) after the morning's queue was made: what waits goes
		// in the new mode, not as it was queued.
		if err := g.store.ForgetGreeting(ctx, item.Key, item.ID); err != nil {
			return "", err
		}
		span := map[string]string{OriginGreeting: "day", OriginLetter: "month"}[what]
		return fmt.Sprintf("the greetings' mode is now %s (the %s was queued in %s): it is planned again in that mode, if its %s allows",
			m, what, item.Mode, span), nil
	}
	return "", nil
}

// replannedMark is in the key of an item let go for a new plan
// (store.ForgetGreeting).
const replannedMark = ":replanned:"

// gradeWords names a grade in a reason.
func gradeWords(grade string) string {
	if grade == "" {
		return "ungraded"
	}
	return "grade " + grade
}

// currentHash is the Hash of the template file named file as the job
// would render from it now: the greeting templates (reloaded when the
// files changed) or the letters directory; "" when there is no such file.
func (g *Greetings) currentHash(ctx context.Context, what, file string) string {
	if t := g.templateOf(ctx, what, file); t != nil {
		return t.Hash
	}
	return ""
}

// emptySlotOf is the opening of item (line, as judged with no
// template) that greets a name not there, judged as the plan judged it
// by the template the item was rendered from (Template.EmptyNameSlot):
// in its language, its own opening with no field exempted. line stands
// when that template is gone.
func (g *Greetings) emptySlotOf(ctx context.Context, item keepwarm.OutboxItem, line string) (string, error) {
	rec, err := g.store.GreetingByKey(ctx, item.Key)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		return line, nil
	}
	if err != nil {
		return line, err
	}
	t := g.templateOf(ctx, item.Origin, rec.Template)
	if t == nil {
		return line, nil
	}
	return t.EmptyNameSlot(item.Text, item.HTML), nil
}

// templateOf is the template file of a greeting or a letter (what) as it
// is now, nil when there is none.
func (g *Greetings) templateOf(ctx context.Context, what, file string) *templates.Template {
	var set *templates.Set
	if what == OriginLetter {
		if g.cfg.Letters == nil {
			return nil
		}
		set, _ = templates.Load(g.cfg.Letters)
	} else {
		g.refresh(ctx)
		set = g.templates()
	}
	if set == nil {
		return nil
	}
	for _, t := range set.Templates() {
		if t.File == file {
			return t
		}
	}
	return nil
}
