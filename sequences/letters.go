package sequences

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
	"keepwarm/worldcal"
)

// DefaultLettersPerDay is how many monthly letters one mailbox sends a day
// when its sender sets no number.
const DefaultLettersPerDay = 100

// LetterFiles lists the letter files of month ("2026-12.tmpl",
// "2026-12.es.tmpl", ...) found in the letters directory.
func LetterFiles(letters fs.FS, month string) []string {
	if letters == nil {
		return nil
	}
	names, _ := fs.Glob(letters, month+"*.tmpl")
	var out []string
	for _, n := range names {
		if n == month+".tmpl" || strings.Count(strings.TrimPrefix(n, month), ".") == 2 {
			out = append(out, n)
		}
	}
	return out
}

// loadLetter loads the month's letter. ok is false when the manager wrote
// none. A letter any of whose files does not parse is not sent at all: a
// broken Spanish variant must not send the English text to Spanish buyers.
func (g *Greetings) loadLetter(month string) (set *templates.Set, ok bool, problem string) {
	files := LetterFiles(g.cfg.Letters, month)
	if len(files) == 0 {
		return nil, false, ""
	}
	set, err := templates.Load(g.cfg.Letters)
	var probs templates.Problems
	if errors.As(err, &probs) {
		var mine []string
		for _, p := range probs {
			if strings.HasPrefix(p.File, month+".") {
				mine = append(mine, p.Error())
			}
		}
		if len(mine) > 0 {
			return nil, false, "letter not sent: " + strings.Join(mine, "; ")
		}
	} else if err != nil {
		return nil, false, fmt.Sprintf("letters: %v", err)
	}
	if _, ok := set.Lookup(month, ""); !ok {
		return nil, false, fmt.Sprintf("letter not sent: %s has language variants but no %s.tmpl for everyone else", strings.Join(files, ", "), month)
	}
	return set, true, ""
}

// letterItems plans month's letter ("2026-12"): one per customer of the
// letter grades, to its best contact, spread over the mailbox's days. The
// notes say why no letter goes this month, when none does.
func (g *Greetings) letterItems(recips []keepwarm.Recipient, month string) ([]PlanItem, []string) {
	set, ok, problem := g.loadLetter(month)
	if !ok {
		if problem != "" {
			return nil, []string{problem}
		}
		return nil, nil
	}
	first, err := time.Parse("2006-01", month)
	if err != nil {
		return nil, []string{fmt.Sprintf("month %q: %v", month, err)}
	}
	var order []int64
	byCustomer := map[int64][]keepwarm.Recipient{}
	for _, r := range recips {
		if ok, _ := g.graded(r.Customer, r.CustomerInBook, true); !ok {
			continue
		}
		if _, seen := byCustomer[r.Customer.ID]; !seen {
			order = append(order, r.Customer.ID)
		}
		byCustomer[r.Customer.ID] = append(byCustomer[r.Customer.ID], r)
	}
	thin, bareCompany := letterEmpties(set, month)
	var items []PlanItem
	for _, id := range order {
		items = append(items, g.letterItem(byCustomer[id], id, month, first, set, thin, bareCompany))
	}
	g.scheduleLetters(items, first)
	if note := allOrNothing(items, month); note != "" {
		return items, []string{note}
	}
	return items, nil
}

// letterEmpties are the files of month's letter set that read wrong with
// no products (thin) and with no company name (bareCompany).
func letterEmpties(set *templates.Set, month string) (thin, bareCompany map[string]bool) {
	thin, bareCompany = map[string]bool{}, map[string]bool{}
	for _, p := range LetterEmptyProblems(set, month) {
		switch p.Field {
		case ".Products":
			thin[p.File] = true
		case ".Company":
			bareCompany[p.File] = true
		}
	}
	return thin, bareCompany
}

// letterItem is month's letter (first its first day) to the customer id
// of rs (its contacts), to its best contact, rendered with set (thin and
// bareCompany as letterEmpties gives them); not yet given its day
// (scheduleLetters).
func (g *Greetings) letterItem(rs []keepwarm.Recipient, id int64, month string, first time.Time, set *templates.Set, thin, bareCompany map[string]bool) PlanItem {
	r, reason := bestContact(rs, g.mayGreet)
	if reason == "" && !g.mayGreet(r) {
		reason = "no contact of this customer has written to the team: letters go only to people who have ([greetings] only_contacts_who_wrote = false changes that)"
	}
	it := g.newItem(r, OriginLetter, fmt.Sprintf("letter:%d:%s", id, month))
	it.Month, it.year = month, first.Year()
	if it.Status == "" && reason != "" {
		it.Status, it.Reason = PlanSkip, reason
	}
	g.renderWith(&it, set, month, month)
	if it.Status == "" && len(offerOf(it.rec)) == 0 && thin[it.Template] {
		// "Our new products this month: ." in the salesperson's
		// name: this customer's copy is skipped, as with "requires:
		// Products"; the others' still go.
		it.Status, it.Reason, it.fix = PlanSkip, thinLetterReason(it.Template), true
	}
	if it.Status == "" && bareCompany[it.Template] && templates.CompanyOf(it.rec.Customer, templates.NewContact(it.rec.Contact.Name, it.rec.Contact.Email)) == "" {
		// "News for ." to a customer known by its domain alone, or
		// a private buyer: skipped, the others' copies still go.
		it.Status, it.Reason, it.fix = PlanSkip, bareCompanyReason(it.Template), true
	}
	return it
}

// LetterEmptyProblems are month's letter files of set that go out saying
// less than they mean to with .Products empty (a customer whose tags
// match no product: "New: ."), or fail then (templates.EmptyWarnings),
// the fix named. A letter whose products are all inside {{with
// .Products}} or {{if .Products}} (the starter's "what is new this
// month." without them) reads whole for every customer and is not among
// them, unless it then fails or says nothing but its opening and sign-off
// (templates.SaysNothingProductsMsg); one that lists them in a bare {{range .Products}} (no {{else}}),
// whatever words come before it, is, and is said to be skipped for such a
// customer, as it is (letterItem): a letter saved before this rule keeps
// going to the others, and the manager reads why here. "Dear ,"
// (templates.NameProblems) is not either: it is reported apart.
func LetterEmptyProblems(set *templates.Set, month string) []templates.Problem {
	if set == nil {
		return nil
	}
	guarded, ranged := map[string]bool{}, map[string]bool{}
	for _, t := range set.Templates() {
		f := path.Base(t.File)
		guarded[f] = t.GuardedWhole("Products")
		ranged[f] = !guarded[f] && t.Guarded("Products")
	}
	var out []templates.Problem
	for _, p := range templates.EmptyWarnings(set) {
		f := path.Base(p.File)
		if !strings.HasPrefix(f, month+".") || p.Field != ".Products" && p.Field != ".Company" ||
			p.Field == ".Products" && guarded[f] && strings.HasPrefix(p.Msg, "renders with") {
			continue
		}
		if p.Field == ".Products" && ranged[f] && strings.HasPrefix(p.Msg, "renders with") {
			p.Msg = BareRangeLetterMsg
		}
		out = append(out, p)
	}
	return out
}

// BareRangeLetterMsg says what becomes of a letter that lists the products
// in a {{range .Products}} with no {{else}}: earlier builds counted it as
// reading whole and sent it to everyone.
const BareRangeLetterMsg = `lists the products in a {{range .Products}} with no {{else}}: a customer no product matches does not get this letter (the digest names each one), as the words before the list would be left with nothing after them; to send it to them too, give the range an {{else}} that reads whole, or put the list and the words that lead to it inside {{with .Products}}…{{end}}; to keep it as it is, add "requires: Products" to its header`

// bareCompanyReason says why a letter whose file writes the company name
// unguarded is not sent to a customer the book has no company name for.
func bareCompanyReason(file string) string {
	return fmt.Sprintf("not sent: the book has no company name for this customer (known by its domain alone, or a private buyer), and %s writes one (add \"requires: Company\" to its header, or write it inside {{with .Company}})", file)
}

// thinLetterReason says why a letter whose file lists the products
// unguarded is not sent to a customer with none.
func thinLetterReason(file string) string {
	return fmt.Sprintf("not sent: no product in the catalog matches the customer's tags or mail, and %s would list none (add \"requires: Products\" to its header, or write its products inside {{with .Products}})", file)
}

// allOrNothing holds back the whole month's letter when any customer's
// copy fails to render (a variant using a field some customers lack): half
// the customers getting the letter is worse than a letter a day late, and
// a manager fixing the template must not find it sent to the other half.
func allOrNothing(items []PlanItem, month string) string {
	var failed []string
	for _, it := range items {
		if it.Status == PlanSkip && (strings.HasPrefix(it.Reason, "template: ") || strings.HasPrefix(it.Reason, "no template ")) {
			failed = append(failed, fmt.Sprintf("%s (%s): %s", it.CustomerName, it.To.Email, it.Reason))
		}
	}
	if len(failed) == 0 {
		return ""
	}
	note := fmt.Sprintf("letter %s not sent to anyone: it fails for %d customer(s): %s", month, len(failed), strings.Join(failed, "; "))
	for i := range items {
		if items[i].Status == "" {
			items[i].Status = PlanSkip
			items[i].Reason = fmt.Sprintf("letter %s held back: it fails for other customers (see the note)", month)
		}
	}
	return note
}

// bestContact picks whom a customer's letter is addressed to: someone who
// may be written to and greeted (greet: only_contacts_who_wrote),
// preferring people the team knows and who wrote last. A company address
// that wrote comes before a person who may not be greeted: picking the
// person would send the customer no letter at all.
func bestContact(rs []keepwarm.Recipient, greet func(keepwarm.Recipient) bool) (keepwarm.Recipient, string) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if okA, okB := mayWrite(a), mayWrite(b); okA != okB {
			return okA
		}
		if okA, okB := greet(a), greet(b); okA != okB {
			return okA
		}
		if a.CompanyAddress != b.CompanyAddress {
			return !a.CompanyAddress
		}
		if pa, pb := isPerson(a), isPerson(b); pa != pb {
			return pa
		}
		// The buyer writing now, not the one who wrote most in years
		// past and moved on unmarked.
		if !a.LastWrote.Equal(b.LastWrote) {
			return a.LastWrote.After(b.LastWrote)
		}
		if a.Wrote != b.Wrote {
			return a.Wrote > b.Wrote
		}
		if !a.LastSeen.Equal(b.LastSeen) {
			return a.LastSeen.After(b.LastSeen)
		}
		return a.Contact.ID < b.Contact.ID
	})
	r := rs[0]
	switch {
	case r.CustomerOptedOut:
		return r, "the customer opted out"
	case !mayWrite(r):
		var who []string
		for _, r := range rs[:min(len(rs), 3)] {
			who = append(who, r.Contact.Email+" "+unwritable(r))
		}
		if len(rs) > 3 {
			who = append(who, fmt.Sprintf("%d more", len(rs)-3))
		}
		return r, "every contact bounced or opted out: " + strings.Join(who, ", ")
	}
	return r, ""
}

// unwritable says why r may not be written to.
func unwritable(r keepwarm.Recipient) string {
	switch {
	case r.OptedOut:
		return "opted out"
	case r.LeftCompany:
		return "left the company"
	}
	return "bounced"
}

func mayWrite(r keepwarm.Recipient) bool {
	return !r.OptedOut && !r.Bounced && !r.LeftCompany && !r.CustomerOptedOut
}

// scheduleLetters gives each sendable letter its day and time: per mailbox,
// in an order fixed by the key, LettersPerDay to a day, from LetterDay on,
// on the customer country's working days, spread over the send window. A
// letter whose day is the day of a greeting to the same address (a
// birthday on the 1st, a holiday greeting) moves to the next working day
// of its month without one (an earlier one when none is left): "Happy
// birthday" and the month's news in one morning read as a mailing.
func (g *Greetings) scheduleLetters(items []PlanItem, first time.Time) {
	byMailbox := map[string][]*PlanItem{}
	for i := range items {
		it := &items[i]
		start := first.AddDate(0, 0, g.cfg.LetterDay-1)
		it.SendAt = wallTime(it.loc, start, g.cfg.WindowStart)
		y, m, _ := first.AddDate(0, 1, 0).Date()
		it.Latest = time.Date(y, m, 1, 0, 0, 0, 0, it.loc)
		if it.Status == "" {
			byMailbox[it.Mailbox] = append(byMailbox[it.Mailbox], it)
		}
	}
	for mailbox, list := range byMailbox {
		perDay := DefaultLettersPerDay
		for _, s := range g.cfg.Senders {
			if s.Mailbox == mailbox && s.LettersPerDay > 0 {
				perDay = s.LettersPerDay
			}
		}
		sort.Slice(list, func(i, j int) bool { return keyHash(list[i].Key) < keyHash(list[j].Key) })
		for i, it := range list {
			start := first.AddDate(0, 0, g.cfg.LetterDay-1)
			day, ok := nthSendingDay(g.cfg.Calendars, it.Country, start, i/perDay, first.Month())
			if !ok {
				it.Status, it.Reason = PlanSkip, fmt.Sprintf("no working day in %s's calendar in %s: the letter has no day to go on",
					it.Country, first.Format("2006-01"))
				continue
			}
			from := " from letter_day on"
			if day.Before(start) {
				// No working day is left from letter_day on: its free day
				// is looked for in the whole month before it.
				start, from = first, ""
			}
			if greeted := g.greetingDays(it.rec, first); greeted[day] {
				free, ok := freeSendingDay(g.cfg.Calendars, it.Country, start, day, greeted)
				if !ok {
					it.Status, it.Reason = PlanSkip, fmt.Sprintf("every working day of %s%s has a greeting to %s: one mail from keepwarm a day",
						first.Format("2006-01"), from, it.To.Email)
					continue
				}
				day = free
			}
			it.SendAt = wallTime(it.loc, day, g.cfg.WindowStart+spread(it.Key, g.cfg.WindowEnd-g.cfg.WindowStart))
			g.skipIfWritten(it)
		}
	}
}

// greetingDays are the civil days (in the customer's zone) of month first
// on which a greeting to r is planned to go (one the plan would skip does
// not count).
func (g *Greetings) greetingDays(r keepwarm.Recipient, first time.Time) map[time.Time]bool {
	days := map[time.Time]bool{}
	if len(g.cfg.Occasions) == 0 {
		return days // letters only
	}
	// The calendars' days: a greeting made up for on its occasion's day
	// (eachGreeting) is known only at a time; the letter's resolve keeps
	// one mail a day with what the outbox holds then (otherMailToday).
	for _, it := range g.greetingItems([]keepwarm.Recipient{r}, first, first.AddDate(0, 1, -1), time.Time{}) {
		if it.Status == "" {
			days[civil(it.SendAt.In(it.loc))] = true
		}
	}
	return days
}

// freeSendingDay is the first working day of country after day, in day's
// month, that is not taken, else the last one before it from start on;
// ok is false when every one is taken.
func freeSendingDay(cals *worldcal.Set, country string, start, day time.Time, taken map[time.Time]bool) (time.Time, bool) {
	for d := day.AddDate(0, 0, 1); d.Month() == day.Month(); d = d.AddDate(0, 0, 1) {
		if IsSendingDay(cals, country, d) && !taken[d] {
			return d, true
		}
	}
	for d := day.AddDate(0, 0, -1); !d.Before(start); d = d.AddDate(0, 0, -1) {
		if IsSendingDay(cals, country, d) && !taken[d] {
			return d, true
		}
	}
	return time.Time{}, false
}

// otherMailToday says until when a letter due at now waits because its
// contact already had other mail from keepwarm this day in the customer's
// time (a follow-up step, a greeting), counting queued (what this run
// queued before it, per lower-case address), the team wrote to the
// customer this day (a salesperson's own mail: the letter is no reply to
// it), or has a greeting planned this day: the customer's next working day in the letter's month without
// a greeting (the letter's Latest when none is left), and why. Zero when
// the day is free.
func (g *Greetings) otherMailToday(ctx context.Context, it *PlanItem, now time.Time, queued map[string][]time.Time, p *planPass) (time.Time, string, error) {
	today := civil(now.In(it.loc))
	since, end := wallTime(it.loc, today, 0), wallTime(it.loc, today.AddDate(0, 0, 1), 0)
	to := strings.ToLower(it.To.Email)
	sent, err := g.store.AutomatedSince(ctx, []string{to}, since)
	if err != nil {
		return time.Time{}, "", err
	}
	var at time.Time
	for _, t := range append(sent[to], queued[to]...) {
		if !t.Before(since) && t.Before(end) && (at.IsZero() || t.Before(at)) {
			at = t
		}
	}
	// The greetings that will really go (greetingDaysOf: one stopped
	// with "Don't send", skipped, missed, dry-run or whose sender is away
	// past its day takes no day from the letter), read only when the
	// book gives the contact a greeting this month; the outbox and the
	// roster as the plan's pass p read them.
	var greeted map[time.Time]bool
	if first, err := time.Parse("2006-01", it.Month); err == nil && len(g.greetingDays(it.rec, first)) > 0 {
		if greeted, err = g.greetingDaysIn(ctx, []keepwarm.Recipient{it.rec}, []string{to}, first, now, p); err != nil {
			return time.Time{}, "", err
		}
	}
	var why string
	w := it.rec.LastWrittenAt
	switch {
	case !at.IsZero():
		why = fmt.Sprintf("%s already had a mail from keepwarm today (%s): one a day at most", it.To.Email, at.In(it.loc).Format("15:04 MST"))
	case !w.Before(since) && w.Before(end) && !w.After(now):
		// The month's news minutes after the salesperson's own answer
		// reads as a mailing: not in a conversation of the day.
		why = fmt.Sprintf("the team wrote to %s today (%s): the letter does not follow a personal mail the same day", it.rec.Customer.Name, w.In(it.loc).Format("15:04 MST"))
	case greeted[today]:
		// A letter let go after a wait must not take the morning of a
		// greeting that can only go on its day.
		why = fmt.Sprintf("%s has a greeting from keepwarm today: one a day at most", it.To.Email)
	default:
		return time.Time{}, "", nil
	}
	until := it.Latest
	for d := today.AddDate(0, 0, 1); d.Format("2006-01") == it.Month; d = d.AddDate(0, 0, 1) {
		if IsSendingDay(g.cfg.Calendars, it.Country, d) && !greeted[d] {
			until = wallTime(it.loc, d, g.cfg.WindowStart)
			break
		}
	}
	if until.Before(it.Latest) {
		why = fmt.Sprintf("waits until %s: %s", until.In(it.loc).Format("2006-01-02 15:04 MST"), why)
	}
	return until, why, nil
}

// letterDayKey names the mailbox and day (the customer's) a letter due at
// now counts against letters_per_day.
func letterDayKey(it *PlanItem, now time.Time) string {
	return it.Mailbox + " " + civil(now.In(it.loc)).Format("2006-01-02")
}

// lettersFull says until when a letter due at now waits because its
// mailbox already queued letters_per_day letters this day (in the
// customer's time), counting those queued before and those this run
// queues (letters, by letterDayKey; filled from the store at first use):
// the customer's next working day in the letter's month (the letter's
// Latest when none is left), and why. Zero when there is room.
func (g *Greetings) lettersFull(ctx context.Context, it *PlanItem, now time.Time, letters map[string]int) (time.Time, string, error) {
	perDay := DefaultLettersPerDay
	for _, s := range g.cfg.Senders {
		if s.Mailbox == it.Mailbox && s.LettersPerDay > 0 {
			perDay = s.LettersPerDay
		}
	}
	key := letterDayKey(it, now)
	n, ok := letters[key]
	if !ok {
		today := civil(now.In(it.loc))
		var err error
		if n, err = g.store.LettersQueuedSince(ctx, it.Mailbox, wallTime(it.loc, today, 0)); err != nil {
			return time.Time{}, "", err
		}
		letters[key] = n
	}
	if n < perDay {
		return time.Time{}, "", nil
	}
	today := civil(now.In(it.loc))
	until := it.Latest
	for d := today.AddDate(0, 0, 1); d.Format("2006-01") == it.Month; d = d.AddDate(0, 0, 1) {
		if IsSendingDay(g.cfg.Calendars, it.Country, d) {
			until = wallTime(it.loc, d, g.cfg.WindowStart)
			break
		}
	}
	why := fmt.Sprintf("letters_per_day (%d) reached for mailbox %s today", perDay, it.Mailbox)
	if until.Before(it.Latest) {
		why = fmt.Sprintf("waits until %s: %s", until.In(it.loc).Format("2006-01-02 15:04 MST"), why)
	}
	return until, why, nil
}

// senderAway says until when the letter it waits because the salesperson
// it goes as (the customer's owner) is away at now (the roster of the
// plan's pass p), and why; zero when they are not. The letter is queued once they are back, so that the
// letters held meanwhile are spread by letters_per_day like any others;
// the last look (Precheck) drops one whose sender is not back in its month.
// A zero time with a reason: not back before the month ends, the letter is
// skipped.
func (g *Greetings) senderAway(ctx context.Context, it *PlanItem, now time.Time, p *planPass) (time.Time, string, error) {
	owner := it.rec.Customer.Owner
	if owner == "" {
		return time.Time{}, "", nil
	}
	r, ok, err := g.rosterAt(ctx, p, now)
	if err != nil || !ok {
		return time.Time{}, "", err
	}
	a, away := keepwarm.AwayAt(r.Absences, owner, now)
	if !away {
		return time.Time{}, "", nil
	}
	switch {
	case a.Until.IsZero() || !a.NoReturnDate && !a.Until.Before(it.Latest):
		// Not back before its month ends: said now, as the last look
		// would say it, not "waits until they are back" for a letter
		// that will not go.
		return time.Time{}, fmt.Sprintf("%s is away (%s) and not back before the letter's month ends: it is not sent in their name while they are away",
			owner, a.Source), nil
	case a.NoReturnDate:
		// Their first normal mail ends it: look again within the hour.
		return nextLook(a, now), fmt.Sprintf("%s is away (%s, no return date given): the letter waits until %s, when keepwarm takes them as back at the latest",
			owner, a.Source, a.Until.In(it.loc).Format("Mon 2 Jan 15:04")), nil
	}
	return a.Until, fmt.Sprintf("%s is away (%s) until %s: the letter waits until they are back",
		owner, a.Source, a.Until.In(it.loc).Format("Mon 2 Jan 15:04")), nil
}

// skipIfWritten skips a letter to a customer the team wrote to shortly
// before it would go: they just had a personal mail.
func (g *Greetings) skipIfWritten(it *PlanItem) {
	if why := writtenWithin(it.rec.LastWrittenAt, it.SendAt, g.cfg.SkipIfWrittenWithin, it.loc); why != "" {
		it.Status, it.Reason = PlanSkip, why
	}
}

// writtenWithin says why a letter going at at is skipped when the team
// last wrote to its customer at w, within (skip_if_written_within; 0 is
// off) before at; "" when it is not. loc is the customer's zone.
func writtenWithin(w, at time.Time, within time.Duration, loc *time.Location) string {
	if within <= 0 || w.IsZero() || !w.After(at.Add(-within)) {
		return ""
	}
	return fmt.Sprintf("written to on %s (within %s)", w.In(loc).Format("2006-01-02"), days(within))
}

// nthSendingDay returns the n-th (from 0) working day of country on or
// after start, staying within month (the last working day found otherwise).
// When no working day is left from start to the month's end (letter_day 28
// in a February ending on a Saturday), it is the n-th working day of the
// month counted back from start (the first of the month's when fewer are
// left): the letters go a day or two early, letters_per_day a day, rather
// than be planned for a day they can never go on, or all on the one day
// before it. ok is false when the month has no working day at all.
func nthSendingDay(cals *worldcal.Set, country string, start time.Time, n int, month time.Month) (time.Time, bool) {
	day, last, found := start, start, false
	for seen := -1; day.Month() == month; day = day.AddDate(0, 0, 1) {
		if !IsSendingDay(cals, country, day) {
			continue
		}
		last, found = day, true
		if seen++; seen == n {
			return day, true
		}
	}
	if found {
		return last, true
	}
	seen := -1
	for day = start.AddDate(0, 0, -1); day.Month() == month; day = day.AddDate(0, 0, -1) {
		if !IsSendingDay(cals, country, day) {
			continue
		}
		last, found = day, true
		if seen++; seen == n {
			return day, true
		}
	}
	return last, found
}

// IsSendingDay reports whether the civil date day is a working day in
// country: not its weekend (Friday and Saturday in much of the Middle East,
// as for follow-ups) and not a public holiday there.
func IsSendingDay(cals *worldcal.Set, country string, day time.Time) bool {
	return cals.Or().IsWorkday(country, day)
}

func keyHash(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
}

func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}

// monthNames spell a month the way the letter's language does.
var monthNames = map[string][12]string{
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"ru": {"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
	"ar": {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
	"tr": {"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"},
	"pl": {"styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"},
	"id": {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
}

// monthName writes "2026-12" as "December 2026", "diciembre de 2026", ...
func monthName(month, lang string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-")
	switch names, ok := monthNames[lang]; {
	case lang == "zh" || lang == "ja":
		return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
	case lang == "ko":
		return fmt.Sprintf("%d년 %d월", t.Year(), int(t.Month()))
	case lang == "vi":
		return fmt.Sprintf("tháng %d năm %d", int(t.Month()), t.Year())
	case lang == "es" || lang == "pt":
		return fmt.Sprintf("%s de %d", names[t.Month()-1], t.Year())
	case ok:
		return fmt.Sprintf("%s %d", names[t.Month()-1], t.Year())
	case lang != "" && lang != "en":
		// A language without month names here: the month as a number,
		// never an English name inside its text.
		return t.Format("01/2006")
	}
	return t.Format("January 2006")
}
