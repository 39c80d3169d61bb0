package sequences

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	htmltemplate "html/template"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"keepwarm"
	"keepwarm/templates"
)

// Plan statuses besides the outbox's own (queued, sent, drafted, ...).
const (
	// PlanPlanned will be enqueued at SendAt.
	PlanPlanned = "planned"
	// PlanDue is past SendAt and still in time: the next run enqueues it.
	PlanDue = "due"
	// PlanSkip will not be sent; Reason says why.
	PlanSkip = "skip"
	// PlanMissed was never enqueued and its time is over: a late greeting
	// would embarrass the salesperson. Reason says why (the weekly cap, the
	// customer's mail waiting for an answer, keepwarm not running).
	PlanMissed = "missed"
)

// PlanItem is one greeting or letter: who gets what, when, and where it
// stands. `keepwarm greetings plan` prints these; Run enqueues them.
type PlanItem struct {
	Kind         string            `json:"kind"` // "greeting" or "letter"
	Key          string            `json:"key"`  // the outbox key
	Occasion     string            `json:"occasion,omitempty"`
	OccasionName string            `json:"occasion_name,omitempty"`
	OccasionDate string            `json:"occasion_date,omitempty"` // YYYY-MM-DD, the customer's calendar
	SendRule     string            `json:"send_rule,omitempty"`     // how the send day follows from it: "on the day", "3 days before"...
	Month        string            `json:"month,omitempty"`         // letters: YYYY-MM
	CustomerID   int64             `json:"customer_id"`
	Customer     string            `json:"customer"` // its key
	CustomerName string            `json:"customer_name,omitempty"`
	Grade        string            `json:"grade,omitempty"`
	Country      string            `json:"country,omitempty"`
	TimeZone     string            `json:"time_zone"`
	ContactID    int64             `json:"contact_id,omitempty"`
	To           keepwarm.Address  `json:"to"`
	Language     string            `json:"language,omitempty"` // of the template used; "" = English
	Template     string            `json:"template,omitempty"` // its file
	Subject      string            `json:"subject,omitempty"`
	Mailbox      string            `json:"mailbox,omitempty"`
	From         keepwarm.Address  `json:"from"`
	Mode         keepwarm.SendMode `json:"mode"`
	SendAt       time.Time         `json:"send_at"`
	SendAtLocal  string            `json:"send_at_local"`
	Latest       time.Time         `json:"latest"` // not enqueued after this
	Status       string            `json:"status"`
	Reason       string            `json:"reason,omitempty"`
	OutboxID     int64             `json:"outbox_id,omitempty"`

	year int
	// fix marks a skip a person can fix (no template, no name to sign
	// with, no mailbox to send from), which the digest lists, apart
	// from those the plan makes on purpose (opted out, bounced, a
	// festival the customer does not keep).
	fix       bool
	waitUntil time.Time // over the per-contact cap until then
	// dryRunID is the outbox item recorded under Key in dry-run, which
	// the mode in force sends (or drafts) anew: let go before enqueueing.
	dryRunID int64
	secondOn string // the occasion's date, for its second time in a year
	// usual is the send day a greeting planned on its occasion's own day
	// had (eachGreeting: the team's override moved it to a day already
	// over); nil for every other item.
	usual    *usualDay
	rendered templates.Rendered
	loc      *time.Location
	rec      keepwarm.Recipient
}

// usualDay is a greeting's own send day, before it was made up for on the
// occasion's day: its send time, the end of its window and its rule.
type usualDay struct {
	sendAt, latest time.Time
	rule           string
}

// Location is the customer's zone the item was planned in (TimeZone
// names it); nil for an item not planned by this package.
func (it PlanItem) Location() *time.Location { return it.loc }

// CountsAt is when a planned or due item reaches its contact, for the
// weekly cap and one mail a day a follow-up's steps are placed by, as the
// ticks count it once queued; ok is false when it does not count: a
// dry run (the send records it as skipped at once), or a letter for a
// customer whose follow-up is running (it waits for the follow-up to end,
// so never goes beside its steps). A due item that waits (the weekly cap,
// letters_per_day, an answer awaited) counts from when it may go; one
// whose wait ends at or after its Latest (its day; a letter: its month)
// does not count: it is missed (MissedAt), and nothing reaches the
// contact then.
func (it PlanItem) CountsAt(now time.Time) (at time.Time, ok bool) {
	at, ok = it.reachesAt(now)
	if !ok || it.MissedAt(now) {
		return time.Time{}, false
	}
	return at, true
}

// MissedAt says whether a planned or due item waits (the weekly cap,
// letters_per_day, one a day) until its day (a letter: its month) is
// over: it will not be sent, so CountsAt leaves it out. /forecast and the
// plan do not say so (they show the wait). A short look again (text still
// being read, an answer awaited) that ends at or after Latest counts as
// missed too, although the item may still go once the look is done.
func (it PlanItem) MissedAt(now time.Time) bool {
	at, ok := it.reachesAt(now)
	return ok && !it.Latest.IsZero() && !at.Before(it.Latest)
}

// reachesAt is CountsAt without the check of its Latest.
func (it PlanItem) reachesAt(now time.Time) (at time.Time, ok bool) {
	if it.Status != PlanPlanned && it.Status != PlanDue || it.Mode == keepwarm.ModeDryRun {
		return time.Time{}, false
	}
	if it.Kind == OriginLetter && it.rec.FollowUp != 0 {
		return time.Time{}, false
	}
	at = it.SendAt
	if it.Status == PlanDue && it.waitUntil.After(at) {
		at = it.waitUntil
	}
	if at.Before(now) {
		at = now
	}
	return at, true
}

// Plan is the greetings and letters of a period, by send time.
type Plan struct {
	Items []PlanItem `json:"items"`
	// Notes are problems that keep whole groups from going (a letter
	// template that does not parse or render, a month without a letter).
	Notes []string `json:"notes,omitempty"`
	// LeftOut are the customers (and addresses) the plan has no greeting
	// for, and why: a silent gap would look like a plan that covers everyone.
	LeftOut []LeftOut `json:"left_out"`
}

// LeftOut is a customer, or one of its addresses, that gets no greetings.
type LeftOut struct {
	CustomerID   int64  `json:"customer_id"`
	CustomerName string `json:"customer_name"`
	Email        string `json:"email,omitempty"` // "" = the whole customer
	Reason       string `json:"reason"`
}

// PlanMonth plans the greetings whose customer-local send day falls in month
// ("2026-12") and that month's letters, with their state at now. It reads
// the store and renders every message but sends and writes nothing.
func (g *Greetings) PlanMonth(ctx context.Context, month string, now time.Time) (Plan, error) {
	first, err := time.Parse("2006-01", month)
	if err != nil {
		return Plan{}, keepwarm.Errorf(keepwarm.EINVALID, "month %q: write it as YYYY-MM, e.g. 2026-12", month)
	}
	g.refresh(ctx)
	recips, err := g.recipients(ctx, now)
	if err != nil {
		return Plan{}, fmt.Errorf("greetings: plan %s: %w", month, err)
	}
	items := g.greetingItems(recips, first, first.AddDate(0, 1, -1), now)
	letters, notes := g.letterItems(recips, month)
	items = append(items, letters...)
	if err := g.resolve(ctx, items, now); err != nil {
		return Plan{}, err
	}
	// Empty lists, not null, in a quiet month: a script's
	// `for it in plan["items"]` or `jq '.items[]'` must not fail on it.
	plan := Plan{Items: items, Notes: notes, LeftOut: g.leftOut(recips, items, first.Year())}
	if plan.Items == nil {
		plan.Items = []PlanItem{}
	}
	if plan.LeftOut == nil {
		plan.LeftOut = []LeftOut{}
	}
	return plan, nil
}

// leftOut lists the customers without a greeting or letter in items and
// why, and the addresses greetings pass over. An occasion greetings name
// that the customer's calendar has no date for in year (India's Dussehra
// past the DoPT table) is said, not left as "no occasion".
func (g *Greetings) leftOut(recips []keepwarm.Recipient, items []PlanItem, year int) []LeftOut {
	planned := map[int64]bool{}
	for _, it := range items {
		planned[it.CustomerID] = true
	}
	out := []LeftOut{}
	byCustomer := map[int64][]keepwarm.Recipient{}
	var order []int64
	for _, r := range recips {
		if _, ok := byCustomer[r.Customer.ID]; !ok {
			order = append(order, r.Customer.ID)
		}
		byCustomer[r.Customer.ID] = append(byCustomer[r.Customer.ID], r)
	}
	holidays := false
	for _, k := range g.cfg.Occasions {
		if k != OccasionBirthday {
			holidays = true
		}
	}
	// What a country's calendar lacks this year is the same for each of
	// its customers: worked out once per country, not per customer.
	noOccasion := map[string]string{}
	for _, id := range order {
		rs := byCustomer[id]
		c := rs[0].Customer
		add := func(email, reason string) {
			out = append(out, LeftOut{CustomerID: id, CustomerName: c.Name, Email: email, Reason: reason})
		}
		for _, r := range rs {
			if r.CompanyAddress && !g.cfg.CompanyAddresses {
				add(r.Contact.Email, "a company address, not a person: no personal greetings (greetings.company_addresses greets it on holidays)")
			}
		}
		if planned[id] {
			continue
		}
		var reasons []string
		switch {
		case rs[0].CustomerOptedOut:
			reasons = append(reasons, "the customer opted out")
		default:
			if ok, why := g.graded(c, rs[0].CustomerInBook, false); !ok {
				reasons = append(reasons, why)
			}
		}
		if !slices.ContainsFunc(rs, func(r keepwarm.Recipient) bool { return g.mayGreet(r) && !r.CompanyAddress }) {
			if g.cfg.AnyContact {
				reasons = append(reasons, "no contact who wrote to the team or is in the book")
			} else {
				reasons = append(reasons, "no contact who wrote to the team (greetings.only_contacts_who_wrote = false also greets people in the book)")
			}
		}
		if c.Country == "" && holidays {
			reasons = append(reasons, "no country: its holidays are unknown (set one with `keepwarm customers set --country`)")
		}
		if len(reasons) == 0 {
			why, ok := noOccasion[c.Country]
			if !ok {
				why = "no occasion this month"
				for _, k := range g.cfg.Occasions {
					if l := g.cfg.Calendars.MissingKey(c.Country, year, k); l != "" {
						why += "; " + c.Country + " " + l
					}
				}
				// A festival brought by [greetings] also (Dussehra to
				// Britain) has its date from the home calendar, which may
				// lack the year: said here, not left as "no occasion".
				for _, k := range g.cfg.Occasions {
					if !slices.Contains(g.cfg.Also[k], strings.ToUpper(c.Country)) || g.cfg.Calendars.Or().KeptBy(k, year) != "" {
						continue
					}
					if home, l := g.cfg.Calendars.Or().MissingHome(k, year); l != "" && home != strings.ToUpper(c.Country) {
						why += fmt.Sprintf("; %s (greetings.also) has its date from %s: %s %s", k, home, home, l)
					}
				}
				noOccasion[c.Country] = why
			}
			reasons = append(reasons, why)
		}
		add("", strings.Join(reasons, "; "))
	}
	return out
}

// planAround plans what Run may have to enqueue at now: greetings whose
// send day is yesterday, today or tomorrow somewhere on Earth, and the
// letters of the months now falls in somewhere.
func (g *Greetings) planAround(ctx context.Context, now time.Time) ([]PlanItem, error) {
	g.refresh(ctx)
	recips, err := g.recipients(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("greetings: %w", err)
	}
	day := civil(now.UTC())
	items := g.greetingItems(recips, day.AddDate(0, 0, -1), day.AddDate(0, 0, 1), now)
	months := map[string]bool{}
	for _, off := range []time.Duration{-14 * time.Hour, 0, 14 * time.Hour} {
		months[now.Add(off).UTC().Format("2006-01")] = true
	}
	for m := range months {
		letters, notes := g.letterItems(recips, m)
		for _, n := range notes {
			g.log.Warn("monthly letter", "month", m, "problem", n)
		}
		items = append(items, letters...)
	}
	if err := g.resolve(ctx, items, now); err != nil {
		return nil, err
	}
	return items, nil
}

// greetingItems lists the greetings whose send day (in each customer's own
// calendar) falls in [from, to] (civil dates), as it stands at now (zero:
// the days the calendars give, none made up for; see eachGreeting).
func (g *Greetings) greetingItems(recips []keepwarm.Recipient, from, to, now time.Time) []PlanItem {
	out := g.eachGreeting(recips, from, to, now)
	onePerPerson(out) // one greeting a day is decided with the outbox (resolve)
	return out
}

// eachGreeting is greetingItems before one person's addresses are made
// one (onePerPerson): every contact's own greetings, each skipped only
// for what concerns that contact alone.
//
// A greeting whose day the team's calendar override moved earlier (Eid
// al-Fitr announced the evening before, a day before keepwarm computed
// it) has its send day on a day already over at now when the row came in
// its sending hours' end: it goes on the occasion's own day instead
// (lateDay), in its morning, still once under its key: the key of the
// day keepwarm computes, whatever the override's day (the greeting sent
// or stopped under it before the row came in decides it, in a year the
// festival falls twice too); resolve shows it on its own send day when it
// went there after all.
func (g *Greetings) eachGreeting(recips []keepwarm.Recipient, from, to, now time.Time) []PlanItem {
	// An occasion is greeted up to lookAhead days early: a long holiday
	// after a weekend, or days_before and then the working day before
	// that when it is a weekend or holiday (22 days before Christmas 2028
	// is a Sunday: it goes on the Friday, 24 days before).
	lookAhead := 21
	keys := slices.Clone(g.cfg.Occasions)
	for _, co := range g.cfg.Custom {
		keys = append(keys, co.Key)
	}
	for _, k := range keys {
		if n, ok := g.cfg.daysBefore(k); ok {
			lookAhead = max(lookAhead, n+21)
		}
	}
	var out []PlanItem
	for _, r := range recips {
		if ok, _ := g.graded(r.Customer, r.CustomerInBook, false); !ok || !g.mayGreet(r) || (r.CompanyAddress && !g.cfg.CompanyAddresses) {
			continue
		}
		var loc *time.Location
		for t := from; !t.After(to.AddDate(0, 0, lookAhead)); t = t.AddDate(0, 0, 1) {
			for _, o := range g.cfg.occasionsOn(r, t) {
				if r.CompanyAddress && o.Key == OccasionBirthday {
					continue
				}
				send := civil(g.cfg.sendDay(o.Key, r.Customer.Country, t))
				usual := send
				// An occurrence the override moved, earlier or later,
				// keeps the key of the day keepwarm computes (keyOn): the
				// key the greeting was planned, sent or stopped with
				// "Don't send" under before the row came in. It matters in
				// a year the festival falls twice, whose second greeting
				// is keyed by its date. Only one moved earlier can find
				// its send day over with nothing queued (made up below).
				keyOn, moved := t, false
				if c, earlier, ok := g.cfg.overrideMoved(o.Calendar, o.Key, t); ok {
					keyOn, moved = c, earlier
				}
				var computed time.Time
				if moved && !now.IsZero() && civil(t).After(send) {
					if loc == nil {
						loc, _ = g.locationOf(r.Customer)
					}
					if !now.Before(wallTime(loc, send, g.cfg.WindowEnd)) {
						send, computed = civil(t), keyOn
					}
				}
				if send.Before(from) || send.After(to) {
					continue
				}
				it := g.greetingItem(r, o, t, keyOn, send)
				if !computed.IsZero() {
					it.usual = &usualDay{
						sendAt: wallTime(it.loc, usual, g.cfg.WindowStart+spread(it.Key, g.cfg.MorningEnd-g.cfg.WindowStart)),
						latest: wallTime(it.loc, usual, g.cfg.WindowEnd),
						rule:   g.cfg.sendRule(o.Key, r.Customer.Country, t, usual),
					}
					it.SendRule = lateDayRule(computed, t, usual, it.usual.rule)
				}
				out = append(out, it)
			}
		}
	}
	return out
}

// oneGreetingADay leaves one greeting per person and send day (the
// customer's): "Happy birthday" and "Happy Thanksgiving" from one
// salesperson minutes apart read as sent by a program, at one address or
// at two of the same person's (the birthday in the book at the company's
// address, Thanksgiving at the gmail one they write from more). A person
// is a full name at one customer (personOf), else the address. A greeting
// already queued, sent or drafted that day is kept (a birthday entered
// later does not make a second); else the birthday (it is the personal
// one), else the occasion that comes first. One stopped by a person, one
// failed for good, or one given way at another address (done) keeps
// nothing from going. The other says why it is not sent, and where the
// kept one goes. decided is resolve's: the outbox's word on an item.
func oneGreetingADay(items []PlanItem, decided func(*PlanItem) (keepwarm.OutboxItem, bool), done map[person]*PlanItem) {
	first := func(a, b PlanItem) bool {
		if (a.Occasion == OccasionBirthday) != (b.Occasion == OccasionBirthday) {
			return a.Occasion == OccasionBirthday
		}
		if a.OccasionDate != b.OccasionDate {
			return a.OccasionDate < b.OccasionDate
		}
		return a.Key < b.Key
	}
	kept := map[greetingDay]int{}
	gone := map[greetingDay]bool{} // the kept one is in the outbox, going or gone
	for i := range items {
		it := &items[i]
		if it.Kind != OriginGreeting {
			continue
		}
		goes := false
		if o, ok := decided(it); ok {
			switch o.Status {
			case keepwarm.OutboxQueued, keepwarm.OutboxSending, keepwarm.OutboxSent, keepwarm.OutboxUncertain, keepwarm.OutboxDrafted:
				goes = true
			default:
				continue // stopped or failed: it takes nobody's day
			}
		} else if it.Status != "" {
			continue
		} else if p, ok := personOf(it); ok && done[p] != nil {
			continue // given way to the same person's other address
		}
		k := greetingDayOf(it)
		j, ok := kept[k]
		if !ok {
			kept[k], gone[k] = i, goes
			continue
		}
		var keep, drop int
		switch {
		case goes && gone[k]:
			continue // both in the outbox already: nothing left to decide
		case goes:
			keep, drop = i, j
		case gone[k]:
			keep, drop = j, i
		case first(items[i], items[j]):
			keep, drop = i, j
		default:
			keep, drop = j, i
		}
		kept[k], gone[k] = keep, goes || gone[k]
		items[drop].Status, items[drop].Reason = PlanSkip, oneADayReason(&items[keep], &items[drop], k.day)
	}
}

// greetingDay is one person's send day (oneGreetingADay): a full name at
// one customer, else an address.
type greetingDay struct {
	customer int64
	who      string
	day      time.Time
}

// greetingDayOf is the person and send day (the customer's) of a greeting.
func greetingDayOf(it *PlanItem) greetingDay {
	day := civil(it.SendAt.In(it.loc))
	if p, ok := personOf(it); ok {
		return greetingDay{it.CustomerID, "name:" + p.name, day}
	}
	return greetingDay{it.CustomerID, "addr:" + strings.ToLower(it.To.Email), day}
}

// oneADayReason says why drop is not sent: keep goes to the same person
// that day.
func oneADayReason(keep, drop *PlanItem, day time.Time) string {
	what := keep.OccasionName
	if keep.Occasion == OccasionBirthday {
		what = "birthday" // its name is written for the customer: "your birthday"
	}
	at := keep.To.Email
	if !strings.EqualFold(keep.To.Email, drop.To.Email) {
		at += " (the same person's other address)"
	}
	return fmt.Sprintf("%s gets the %s greeting that day (%s): one greeting a day, not two", at, what, day.Format("2006-01-02"))
}

// onePerPerson leaves one greeting per person and occasion: a buyer known
// at two addresses of one customer (the company's and a gmail one, both
// written from) is greeted once, at the address they write from most (the
// book's, then the older contact, on a tie); the other says where it went.
// Only a full name counts as the same person: two contacts called "Ahmed"
// may be two people.
func onePerPerson(items []PlanItem) {
	better := func(a, b PlanItem) bool {
		if a.rec.Wrote != b.rec.Wrote {
			return a.rec.Wrote > b.rec.Wrote
		}
		if a.rec.FromBook != b.rec.FromBook {
			return a.rec.FromBook
		}
		return a.ContactID < b.ContactID
	}
	kept := map[person]int{}
	for i := range items {
		it := &items[i]
		if it.Status != "" {
			continue
		}
		k, ok := personOf(it)
		if !ok {
			continue
		}
		j, ok := kept[k]
		if !ok {
			kept[k] = i
			continue
		}
		keep, drop := j, i
		if better(items[i], items[j]) {
			keep, drop = i, j
		}
		kept[k] = keep
		items[drop].Status, items[drop].Reason = PlanSkip,
			fmt.Sprintf("greeted at %s, the same person's other address: one greeting, not two", items[keep].To.Email)
	}
}

// person is one person's greeting for one occasion (onePerPerson).
type person struct {
	customer       int64
	name, occasion string
	year           int
	secondOn       string
}

// personOf is whose greeting it is; ok is false for a letter, and for a
// contact without a full name (two contacts called "Ahmed" may be two
// people).
func personOf(it *PlanItem) (person, bool) {
	if it.Kind != OriginGreeting {
		return person{}, false
	}
	name := strings.ToLower(templates.PersonOf(it.rec.Contact.Name, "").Name)
	if !fullName(name, it.Country) {
		return person{}, false
	}
	return person{it.CustomerID, name, it.Occasion, it.year, it.secondOn}, true
}

// fullName says whether name names one person rather than a first name
// two people may share: a name of two words ("Ahmed Khan"), or a Chinese
// name written without a space ("王伟": family name and given name, the
// way a buyer signs at the company's address and at 163.com alike), or a
// Korean one of three syllables ("김민준"; two may be a given name alone).
// A form of address is not a full name: a family name with a title ("王经理",
// "陈先生", "李总", "田中部長", "山田様"), or "老王", "小李"; two buyers of one
// customer may both be 王经理. A character that is both a title and the end
// of a given name (君, 工, 董, 总) is a title only after a bare family name:
// 邓丽君 is a full name, 陈工 is not. Nor is a name in kana, or one of two
// characters at a Japanese customer (country), which may be a family name
// alone ("田中").
func fullName(name, country string) bool {
	if strings.Contains(strings.TrimSpace(name), " ") {
		return true
	}
	jp := strings.EqualFold(country, "JP")
	for _, t := range hanTitles {
		if !strings.HasSuffix(name, t) {
			continue
		}
		if end, ok := givenNameEnds[t]; ok {
			// 邓丽君, 王建工: the character ends a given name unless it
			// follows a bare family name (陈工, 李总, or 田中君 in Japan).
			n := utf8.RuneCountInString(strings.TrimSuffix(name, t))
			if end == "JP" && !jp || n > 2 || n == 2 && !jp {
				continue
			}
		}
		return false
	}
	han, hangul := 0, 0
	for _, c := range name {
		switch {
		case unicode.Is(unicode.Han, c):
			han++
		case unicode.Is(unicode.Hangul, c):
			hangul++
		default:
			return false
		}
	}
	if han == 2 && (jp || strings.IndexAny(name, "老小阿") == 0) {
		return false
	}
	return han >= 2 && hangul == 0 || hangul >= 3 && han == 0
}

// hanTitles are the titles and honorifics written after a Chinese or
// Japanese family name (fullName).
var hanTitles = []string{
	"先生", "女士", "小姐", "太太", "夫人", "老板", "总", "總", "经理", "經理", "总监", "總監", "主管", "主任", "工",
	"老师", "老師", "博士", "教授", "董", "部长", "部長", "课长", "課長", "社長", "係長", "専務", "常務", "会長",
	"店長", "様", "殿", "氏", "君", "さん", "さま", "님", "씨",
}

// givenNameEnds are the one-character titles that are also common last
// characters of a Chinese given name (邓丽君, 卓文君, 王建工): a title only
// after a bare family name, and "JP" ones only at a Japanese customer.
var givenNameEnds = map[string]string{"总": "", "總": "", "工": "", "董": "", "君": "JP", "殿": "JP", "氏": "JP"}

// greetingItem is r's greeting for occasion o on date, sent on send and
// keyed by keyOn: date, or the day keepwarm computes for an occurrence
// the team's calendar override moved, earlier or later (eachGreeting).
func (g *Greetings) greetingItem(r keepwarm.Recipient, o occasion, date, keyOn, send time.Time) PlanItem {
	key := fmt.Sprintf("greet:%d:%s:%d", r.Contact.ID, o.Key, keyOn.Year())
	second := ""
	if g.cfg.againInYear(r, o.Key, keyOn) {
		// The festival's second time this year: a greeting of its own.
		second = keyOn.Format("2006-01-02")
		key = fmt.Sprintf("greet:%d:%s:%s", r.Contact.ID, o.Key, second)
	}
	it := g.newItem(r, OriginGreeting, key)
	it.Occasion, it.OccasionName, it.OccasionDate, it.year = o.Key, o.Name, date.Format("2006-01-02"), keyOn.Year()
	it.secondOn = second
	it.SendRule = g.cfg.sendRule(o.Key, r.Customer.Country, date, send)
	it.SendAt = wallTime(it.loc, send, g.cfg.WindowStart+spread(key, g.cfg.MorningEnd-g.cfg.WindowStart))
	it.Latest = wallTime(it.loc, send, g.cfg.WindowEnd)
	switch why := RecipientRefusal(r, ""); {
	case why != "":
		it.Status, it.Reason = PlanSkip, why
	case o.Skip != "":
		it.Status, it.Reason = PlanSkip, o.Skip
	}
	g.render(&it, g.templateName(o.Key, wantedLang(r)), "")
	return it
}

// RecipientRefusal says why no greeting (occasion its key; a letter: "")
// goes to r whatever its text, as the plan says it; "" when one may. The
// previews name it too.
func RecipientRefusal(r keepwarm.Recipient, occasion string) string {
	switch {
	case r.CustomerOptedOut:
		return "the customer opted out"
	case r.OptedOut:
		return "the contact opted out"
	case r.Bounced:
		return "the address bounced"
	case r.LeftCompany:
		return "the contact left the company"
	case r.CompanyAddress && occasion == OccasionBirthday:
		return "a company address gets no birthday greeting"
	}
	return ""
}

// GreetingRecipientRefusal says why the plan of c gives r no greeting of
// occasion key (a letter: "") whatever its text, beyond RecipientRefusal:
// a company address while company_addresses is off, a contact who never
// wrote (only_contacts_who_wrote), and, for an occasion c greets, none
// that r's calendar, holidays, faith or birthday gives in the twelve
// months from from (zero: not looked at); "" when it may. The previews
// say it as the plan would.
func (c GreetingsConfig) GreetingRecipientRefusal(r keepwarm.Recipient, key string, from time.Time) string {
	if why := RecipientRefusal(r, key); why != "" {
		return why
	}
	if key != "" && r.CompanyAddress && !c.CompanyAddresses {
		return "a company address gets no holiday greeting (greetings.company_addresses)"
	}
	if !mayGreetAs(c.AnyContact, r) {
		if c.AnyContact {
			return "the contact never wrote to the team and is not in the customer book"
		}
		return "the contact never wrote to the team (greetings.only_contacts_who_wrote = false also greets people in the book)"
	}
	if key == "" || from.IsZero() || !c.enabled(key) {
		return ""
	}
	if key == OccasionBirthday && r.Birthday == "" {
		return "the customer book has no birthday for this contact"
	}
	skip := ""
	start := civil(from)
	for d := start; d.Before(start.AddDate(1, 0, 0)); d = d.AddDate(0, 0, 1) {
		for _, o := range c.occasionsOn(r, d) {
			if o.Key != key {
				continue
			}
			if o.Skip == "" {
				return ""
			}
			skip = o.Skip
		}
	}
	if skip != "" {
		return skip
	}
	country := r.Customer.Country
	if country == "" {
		country = "no country"
	}
	return fmt.Sprintf("no %s greeting for this contact in the next 12 months (%s): not in its calendar, nor among the contact's holidays in the customer book", key, country)
}

// newItem fills what every item has from the recipient and its owner.
func (g *Greetings) newItem(r keepwarm.Recipient, kind, key string) PlanItem {
	it := PlanItem{
		Kind: kind, Key: key, CustomerID: r.Customer.ID, Customer: r.Customer.Key,
		CustomerName: r.Customer.Name, Grade: r.Customer.Grade, Country: r.Customer.Country,
		ContactID: r.Contact.ID, To: keepwarm.Address{Name: cleanName(r.Contact.Name), Email: r.Contact.Email},
		Mode: g.cfg.Mode, rec: r,
	}
	it.loc, it.TimeZone = g.locationOf(r.Customer)
	s, ok := g.cfg.Senders[strings.ToLower(r.Customer.Owner)]
	switch {
	case r.Customer.Owner == "":
		it.Status, it.Reason = PlanSkip, "no owner (public pool)"
	case !ok:
		it.Status, it.Reason, it.fix = PlanSkip, fmt.Sprintf("owner %s has no mailbox that can send", r.Customer.Owner), true
	case !nameable(s.From.Name):
		// A greeting from a bare address signed by nobody shows that no
		// person wrote it.
		it.Status, it.Reason, it.fix = PlanSkip, fmt.Sprintf("no name to sign with for %s: set name on the [[salesperson]] %s, or from_name on [[mailbox]] %q, in the config",
			s.From.Email, r.Customer.Owner, s.Mailbox), true
	default:
		it.Mailbox, it.From = s.Mailbox, s.From
	}
	return it
}

// locationOf is the customer's time zone: the book's, else the one app
// derives (from the country or the customer's mail), else
// DefaultLocation; name says which.
func (g *Greetings) locationOf(c keepwarm.Customer) (loc *time.Location, name string) {
	if loc, err := keepwarm.LoadZone(c.TimeZone); err == nil {
		return loc, c.TimeZone
	}
	if g.cfg.Location != nil {
		if loc := g.cfg.Location(c); loc != nil {
			return loc, loc.String()
		}
	}
	return g.cfg.DefaultLocation, g.cfg.DefaultLocation.String() + " (default)"
}

// render renders the item's message (for the plan's subject and for the
// send) and records a failure as a reason not to send.
func (g *Greetings) render(it *PlanItem, name, month string) {
	g.renderWith(it, g.templates(), name, month)
}

func (g *Greetings) renderWith(it *PlanItem, set *templates.Set, name, month string) {
	s := g.cfg.Senders[strings.ToLower(it.rec.Customer.Owner)]
	out, _, err := RenderGreeting(set, name, month, it.OccasionName, it.rec, it.To.Name, s)
	if part, empty := templates.IsEmptyPart(err); empty {
		// The template requires what this contact lacks (no products
		// match the customer's tags, no company): only this one is not
		// sent, as a follow-up step is skipped. Not a broken template
		// (no "template:" reason): the month's other letters still go.
		// The digest says why, as check promises: tagging the customer
		// or filling the book fixes it.
		if it.Status == "" {
			it.Status, it.Reason, it.fix = PlanSkip, emptyReason(part, out.File), true
		}
		it.Language, it.Template = out.Lang, out.File
		return
	}
	if err != nil {
		if it.Status == "" {
			if errors.Is(err, errNoTemplate) {
				it.Status, it.Reason, it.fix = PlanSkip, fmt.Sprintf("no template %q", name), true
			} else {
				it.Status, it.Reason, it.fix = PlanSkip, "template: "+err.Error(), true
			}
		}
		return
	}
	it.rendered, it.Language, it.Template, it.Subject = out, out.Lang, out.File, out.Subject
	g.cfg.refuse(it, set, name, month, s, out)
}

// usesOccasion says whether template name writes .Occasion, rendered for
// it as s: a German text saying "Diwali" in its own words is not the
// English name filled in.
func usesOccasion(set *templates.Set, name, month string, it *PlanItem, s GreetingSender) bool {
	const probe = "keepwarmoccasionprobe"
	out, _, err := RenderGreeting(set, name, month, probe, it.rec, it.To.Name, s)
	return err != nil || strings.Contains(out.Subject+"\n"+out.Text+"\n"+out.HTML, probe)
}

// GreetingRefusal says why the greetings job would not send out: the
// greeting (key its occasion's key, occasion its name) or, month set, the
// monthly letter that RenderGreeting rendered from template name of set
// for r as s, with [greetings] english_for; "" when it would send it. The
// previews say what the plan says.
func GreetingRefusal(set *templates.Set, name, month, key, occasion string, r keepwarm.Recipient, s GreetingSender, out templates.Rendered, englishFor []string) string {
	it := PlanItem{Kind: OriginGreeting, Occasion: key, OccasionName: occasion, Month: month, rec: r,
		To: keepwarm.Address{Name: cleanName(r.Contact.Name), Email: r.Contact.Email}}
	if month != "" {
		it.Kind = OriginLetter
	}
	GreetingsConfig{EnglishFor: englishFor}.refuse(&it, set, name, month, s, out)
	return it.Reason
}

// refuse skips it, rendered as out from template name of set (a letter's:
// month) as s, for what the text would give away: English to a contact
// written to in another language, an occasion's English name inside
// another language, a register the salesperson does not use with them,
// an empty name slot, a doubled end.
func (c GreetingsConfig) refuse(it *PlanItem, set *templates.Set, name, month string, s GreetingSender, out templates.Rendered) {
	if want := wantedLang(it.rec); it.Status == "" && scriptLang(want) != scriptLang(out.Lang) && !c.englishFor(want) {
		// English to someone written to in Chinese reads as a mass
		// mailing: no greeting is better.
		what := fmt.Sprintf("the %s template", name)
		if month != "" {
			what = fmt.Sprintf("the %s letter", month)
		}
		it.Status, it.Reason, it.fix = PlanSkip, fmt.Sprintf("no %s variant of %s (add one, or list %q in greetings.english_for to send the English one)",
			scriptLang(want), what, primaryLang(want)), true
	}
	if occ := it.OccasionName; it.Status == "" && it.Kind == OriginGreeting && !c.customName(it.Occasion, occ) {
		// "祝您National Day快乐": an English name inside a Chinese
		// greeting shows the text was filled in. A custom occasion's
		// name is the manager's own words, used as written.
		if _, named := occasionNamed(occ, out.Lang); !named && strings.Contains(out.Subject+"\n"+out.Text+"\n"+out.HTML, occ) && usesOccasion(set, name, month, it, s) {
			lang := scriptLang(out.Lang)
			fix := fmt.Sprintf("write %s.%s.tmpl in its own words", it.Occasion, lang)
			if out.File == it.Occasion+"."+lang+".tmpl" {
				fix = "write the name in it in its own words"
			}
			it.Status, it.Reason, it.fix = PlanSkip, fmt.Sprintf("no %s name for %s: %s would write it in English (%s)", lang, occ, out.File, fix), true
		}
	}
	if it.Status == "" && it.rec.OwnText != "" && primaryLang(wantedLang(it.rec)) == primaryLang(out.Lang) {
		// On "du" terms in the salesperson's own mail, "Ihnen" in the
		// greeting: the switch tells the customer it is a form letter.
		// "Ihnen" in her mail and "deinem" in the greeting is
		// over-familiar with a buyer she does not say "du" to.
		if fam, formal, _ := registerClashEither(out.Lang, it.rec.OwnText, templateProse(out.Text, it, set, name, month, s)); fam != "" {
			what := fmt.Sprintf("the %s text", name)
			if month != "" {
				what = fmt.Sprintf("the %s letter", month)
			}
			it.Status, it.Reason, it.fix = PlanSkip, fmt.Sprintf("the team's latest mail to %s says %q, %s says %q: not sent in a register the customer is not written to (write it yourself, or change the text)",
				it.To.Email, fam, what, formal), true
		}
	}
	if it.Status == "" && templates.CompanyOf(it.rec.Customer, templates.NewContact(it.rec.Contact.Name, it.rec.Contact.Email)) == "" &&
		templates.BareCompany(set, out.File) {
		// "everyone at ." to a customer known by its domain alone, or a
		// private buyer: skipped, as a letter's copy is; the others go.
		it.Status, it.Reason, it.fix = PlanSkip, bareCompanyReason(out.File), true
	}
	if it.Status == "" && len(offerOf(it.rec)) == 0 && templates.BareProducts(set, out.File) {
		// "here are our new items for next year:" and nothing after it,
		// to a customer no catalog product matches: skipped, as a
		// letter's copy is; the others go.
		it.Status, it.Reason, it.fix = PlanSkip, thinLetterReason(out.File), true
	}
	if it.Status == "" && out.SaysNothing() {
		// All its words inside {{with .Products}} (or {{with
		// .Company}}): the opening and the sign-off alone to a
		// customer without them is skipped; the others go.
		if part := emptiedPart(set, out.File, offerOf(it.rec), it.rec.Customer, keepwarm.Address{Name: it.rec.Contact.Name, Email: it.rec.Contact.Email}); part != "" {
			it.Status, it.Reason, it.fix = PlanSkip, saysNothingReason(part, out.File), true
		}
	}
	// Both parts: mail programs show the html one.
	if line := out.EmptyNameSlot(); line != "" && it.Status == "" {
		it.Status, it.Reason, it.fix = PlanSkip, emptySlotReason(it.Kind, line), true
	}
	if line := out.DoubledEnd(); line != "" && it.Status == "" {
		it.Status, it.Reason, it.fix = PlanSkip, doubledEndReason(it.Kind, line), true
	}
	if p := out.Placeholder(); p != "" && it.Status == "" {
		it.Status, it.Reason, it.fix = PlanSkip, placeholderReason(it.Kind, p, out.PlaceholderPart(p)), true
	}
}

// countWantedLang, set by a test, counts the detections of wantedLang:
// slow, a plan must not run them for festivals the team does not greet.
var countWantedLang func()

// wantedLang is the language r is written to in: that of the team's own
// latest mail to the contact, else the book's.
func wantedLang(r keepwarm.Recipient) string {
	if countWantedLang != nil {
		countWantedLang()
	}
	return VoiceOf(r.OwnText, r.Salutation, r.Language, r.Customer.Language, func(string) string { return "" }).Lang
}

var errNoTemplate = errors.New("no such template")

// RenderGreeting renders template name of set as the greetings job sends
// a greeting (occasion, e.g. "Christmas") or a monthly letter (month, e.g.
// "2026-12") to r, as s: in the language and with the opening of the
// salesperson's own latest mail to that person (its opening only when it
// greeted them alone: ownOpeningFor), else the book's; the
// products are the catalog's matching the customer's tags (r.Offer), else
// the tags. toName is the addressee's cleaned name ("" = the contact's).
func RenderGreeting(set *templates.Set, name, month, occasion string, r keepwarm.Recipient, toName string, s GreetingSender) (templates.Rendered, templates.Data, error) {
	v := voiceOf(r.OwnText, ownOpeningFor(r), r.Salutation, r.Language, r.Customer.Language, r.Customer.Country, func(lang string) string {
		t, _ := set.Lookup(name, lang)
		if t == nil {
			return ""
		}
		return t.Lang
	})
	if toName == "" {
		toName = cleanName(r.Contact.Name)
	}
	c := templates.NewContact(toName, r.Contact.Email)
	c.Salutation = v.Salutation
	data := templates.Data{
		Customer: r.Customer, Contact: c, Products: offerOf(r), Occasion: occasion,
		Owner: templates.Owner{Name: s.From.Name, Email: s.From.Email, Signature: s.Signature,
			SignatureHTML: htmltemplate.HTML(s.SignatureHTML)},
	}
	t, ok := set.Lookup(name, v.Lang)
	if !ok {
		return templates.Rendered{}, data, fmt.Errorf("%w %q", errNoTemplate, name)
	}
	// The occasion in the words of the text actually sent: a Chinese
	// holiday greeting names 中秋节, not "Mid-Autumn Festival".
	data.Occasion = occasionIn(occasion, t.Lang)
	if month != "" {
		// The month in the words of the text actually sent: a German buyer
		// reading the English letter gets "December", not "Dezember".
		data.Month = monthName(month, t.Lang)
	}
	// A greeting has no month and no mail it follows up, a letter no
	// occasion: a template writing one is refused, not sent with a blank.
	kind := templates.KindGreeting
	if month != "" {
		kind = templates.KindLetter
	}
	data = data.Of(kind)
	out, err := t.Render(data)
	return out, data, err
}

// templateProse is text, rendered from template name for it, with what
// came from the catalog, the book and the sender's settings left out: the
// products rendered again without (else without their names), and the
// customer's, the contact's and the sender's names and signature. The
// register is the template's own words: "Chain hoist 2 ton" or a company
// "TES Trading" is not the template saying "tu".
func templateProse(text string, it *PlanItem, set *templates.Set, name, month string, s GreetingSender) string {
	r := it.rec
	names := []string{r.Customer.Name, r.Contact.Name, it.To.Name, s.From.Name, s.Signature}
	for _, p := range offerOf(r) {
		names = append(names, p.Name)
	}
	if len(r.Offer) > 0 || len(r.Products) > 0 {
		r.Offer, r.Products = nil, nil
		if bare, _, err := RenderGreeting(set, name, month, it.OccasionName, r, it.To.Name, s); err == nil {
			text = bare.Text
		}
	}
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			text = strings.ReplaceAll(text, n, "\n")
		}
	}
	return text
}

// LetterContact is whom a customer's letter (or greeting preview) is
// addressed to among its recipients, with [greetings]
// only_contacts_who_wrote off when anyContact is set, and a reason when
// nobody may be written to.
func LetterContact(rs []keepwarm.Recipient, anyContact bool) (keepwarm.Recipient, string) {
	return bestContact(rs, func(r keepwarm.Recipient) bool { return mayGreetAs(anyContact, r) })
}

// resolve sorts items by send time and sets each one's status from the
// outbox and the clock. The weekly cap of an item due now counts, besides
// the mail already in the outbox, the items before it that Run enqueues
// at now: a birthday and a holiday due the same morning take one slot
// each, and the one over the cap waits.
func (g *Greetings) resolve(ctx context.Context, items []PlanItem, now time.Time) error {
	return g.resolveIn(ctx, items, now, &planPass{})
}

// planPass is what one resolve at now reads once for all its items, and
// the resolves its letters run inside it (otherMailToday: the contact's
// greetings of the month) read again from it rather than from the store:
// the greetings outbox by key, and the absence roster at now. Nothing is
// written meanwhile, so what they read is what the store would say.
type planPass struct {
	ob         map[string]keepwarm.OutboxItem // the keys read, and their items
	read       map[string]bool
	roster     Roster
	rosterRead bool
}

// outbox is the greetings outbox's items of keys, read from the store
// only for keys the pass has not read yet.
func (g *Greetings) outbox(ctx context.Context, p *planPass, keys []string) (map[string]keepwarm.OutboxItem, error) {
	if p.read == nil {
		p.ob, p.read = map[string]keepwarm.OutboxItem{}, map[string]bool{}
	}
	var missing []string
	for _, k := range keys {
		if !p.read[k] {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		got, err := g.store.GreetingOutbox(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, k := range missing {
			p.read[k] = true
			if o, ok := got[k]; ok {
				p.ob[k] = o
			}
		}
	}
	ob := make(map[string]keepwarm.OutboxItem, len(keys))
	for _, k := range keys {
		if o, ok := p.ob[k]; ok {
			ob[k] = o
		}
	}
	return ob, nil
}

// rosterAt is who is away at now (Away.Roster), read once a pass; ok is
// false when the job reads no absences.
func (g *Greetings) rosterAt(ctx context.Context, p *planPass, now time.Time) (r Roster, ok bool, err error) {
	if g.cfg.Away == nil {
		return Roster{}, false, nil
	}
	if !p.rosterRead {
		if p.roster, err = g.cfg.Away.Roster(ctx, now); err != nil {
			return Roster{}, false, err
		}
		p.rosterRead = true
	}
	return p.roster, true, nil
}

// resolveIn is resolve reading through the pass p.
func (g *Greetings) resolveIn(ctx context.Context, items []PlanItem, now time.Time, p *planPass) error {
	sortItems(items) // the order Run enqueues them in
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	ob, err := g.outbox(ctx, p, keys)
	if err != nil {
		return fmt.Errorf("greetings: %w", err)
	}
	decided := func(it *PlanItem) (keepwarm.OutboxItem, bool) {
		o, ok := ob[it.Key]
		// A stop a person made (Don't send, or Skip on the desk) is no
		// dry run's record: it holds whatever the mode is now.
		if ok && (o.Mode != keepwarm.ModeDryRun || g.cfg.Mode == keepwarm.ModeDryRun || !now.Before(it.Latest) || stoppedByPerson(o)) {
			return o, true
		}
		return keepwarm.OutboxItem{}, false
	}
	for i := range items {
		// A greeting made up for on its occasion's day (eachGreeting) that
		// was queued on its own send day after all (the override came in
		// before that day's window ended) is shown, and takes the
		// person's day, there.
		it := &items[i]
		if o, ok := decided(it); ok && it.usual != nil && o.DueAt.Before(it.usual.latest) {
			it.SendAt, it.Latest, it.SendRule = it.usual.sendAt, it.usual.latest, it.usual.rule
		}
	}
	// A person's greeting decided at one of their addresses (sent, queued,
	// or stopped with Don't send) decides it at all of them: a person who
	// wrote more from another address since is not greeted there after all.
	done := map[person]*PlanItem{}
	for i := range items {
		it := &items[i]
		// A failed send reached nobody: the other address may still.
		if o, ok := decided(it); !ok || o.Status == keepwarm.OutboxFailed {
			continue
		}
		if k, ok := personOf(it); ok && done[k] == nil {
			done[k] = it
		}
	}
	oneGreetingADay(items, decided, done)
	queued := map[string][]time.Time{} // what Run enqueues at now, by address
	letters := map[string]int{}        // letters of a mailbox today: queued before, and by this run
	for i := range items {
		it := &items[i]
		it.SendAtLocal = it.SendAt.In(it.loc).Format("2006-01-02 15:04 MST")
		if o, ok := decided(it); ok {
			it.Status, it.Reason, it.OutboxID = string(o.Status), o.LastError, o.ID
			continue
		}
		if k, ok := personOf(it); ok && done[k] != nil {
			d := done[k]
			it.Status, it.Reason = PlanSkip, fmt.Sprintf("already %s at %s, the same person's other address: one greeting, not two",
				ob[d.Key].Status, d.To.Email)
			continue
		}
		if o, ok := ob[it.Key]; ok {
			// Only recorded while trying keepwarm out in dry-run: the
			// customer got nothing, so a mode that sends (or drafts) plans
			// it afresh while its day (a letter: its month) is still
			// open. A day already over is not made up for.
			it.dryRunID = o.ID
		}
		switch {
		case it.Status != "":
		case now.Before(it.SendAt):
			it.Status = PlanPlanned
			if it.Kind == OriginLetter && it.rec.FollowUp != 0 {
				// Known now: it will wait (below) if the follow-up still
				// runs on its day.
				it.Reason = plannedFollowUpReason(it.rec.FollowUp, it.rec.FollowUpPaused, it.rec.FollowUpPausedUntil, it.loc)
			}
		case now.Before(it.Latest):
			it.Status = PlanDue
			if it.rec.OwnTextPending {
				// Written in the language of the team's latest mail to
				// the contact, which sync has not read yet: wait for it
				// rather than guess.
				it.waitUntil, it.Reason = now.Add(pendingTextWait),
					"waiting for the text of the team's latest mail to this contact (keepwarm is still reading older mail): its language and greeting"
				continue
			}
			if w := it.rec.WaitingSince; answerAwaited(w, now) {
				// A greeting or a letter while the customer's own mail
				// waits for an answer would read as sent by a program:
				// it waits for the answer (and goes, if its day allows).
				it.waitUntil, it.Reason = now.Add(awaitedLook), awaitedReason(it.Kind, w.In(it.loc))
				continue
			}
			if it.Kind == OriginLetter && it.rec.FollowUp != 0 {
				// The month's news in the middle of "did you receive my
				// quotation?" reads as a mailing: the letter waits for
				// the follow-up to end (and goes, if its month allows).
				it.waitUntil, it.Reason = now.Add(awaitedLook), recFollowUpReason(it)
				continue
			}
			if it.Kind == OriginLetter && it.Mode == keepwarm.ModeSend {
				// Not queued in the name of a salesperson who is away
				// (the last look would hold it until they are back):
				// queued on their return, letters_per_day a day, rather
				// than a week's letters let go together on their first
				// morning back.
				until, why, err := g.senderAway(ctx, it, now, p)
				if err != nil {
					return fmt.Errorf("greetings: %w", err)
				}
				if until.IsZero() && why != "" {
					it.Status, it.Reason = PlanSkip, why
					continue
				}
				if !until.IsZero() {
					it.waitUntil, it.Reason = until, why
					continue
				}
			}
			if it.Kind == OriginLetter {
				// Never two mails from keepwarm to one person in a day:
				// after a follow-up step or a greeting, the letter takes
				// the next working day of its month.
				until, why, err := g.otherMailToday(ctx, it, now, queued, p)
				if err != nil {
					return fmt.Errorf("greetings: %w", err)
				}
				if !until.IsZero() {
					it.waitUntil, it.Reason = until, why
					continue
				}
				// At most letters_per_day of a mailbox a day, however
				// many were held and let go at once (keepwarm was down,
				// the weekly cap, answers awaited).
				until, why, err = g.lettersFull(ctx, it, now, letters)
				if err != nil {
					return fmt.Errorf("greetings: %w", err)
				}
				if !until.IsZero() {
					it.waitUntil, it.Reason = until, why
					continue
				}
			}
			// One voice per contact: over the weekly cap it waits.
			until, why, err := g.cap.waitAlso(ctx, []keepwarm.Address{it.To}, now, queued, it.loc)
			if err != nil {
				return fmt.Errorf("greetings: %w", err)
			}
			it.waitUntil, it.Reason = until, why
			if until.IsZero() && g.mayGoNow(it, now) {
				to := strings.ToLower(it.To.Email)
				queued[to] = append(queued[to], now)
				if it.Kind == OriginLetter {
					letters[letterDayKey(it, now)]++
				}
			}
		default:
			// Every item not sent says why where the salesperson looks.
			why, err := g.missedReason(ctx, it)
			if err != nil {
				return fmt.Errorf("greetings: %w", err)
			}
			it.Status, it.Reason = PlanMissed, why
		}
	}
	return nil
}

// stoppedByPerson says whether o was stopped by a person (Don't send on
// the forecast, Skip on the desk), which writes why as "skipped by ADDR".
func stoppedByPerson(o keepwarm.OutboxItem) bool {
	return o.Status == keepwarm.OutboxSkipped && ReadSkip(o.LastError).Plain
}

// answerWindow is how recent the customer's mail waiting for an answer is
// for a greeting or a letter to wait for the answer: mail left unanswered
// for longer (answered by phone, or not needing an answer) holds nothing.
const answerWindow = 30 * 24 * time.Hour

// awaitedLook is how often a greeting held for an answer looks again.
const awaitedLook = 30 * time.Minute

// answerAwaited says whether mail of the customer's that arrived at since
// (zero: none) still waits for an answer at at, recent enough to hold a
// greeting or a letter.
func answerAwaited(since, at time.Time) bool {
	return !since.IsZero() && !since.After(at) && at.Sub(since) < answerWindow
}

// awaitedReason says why a greeting or letter waits for an answer.
func awaitedReason(kind string, since time.Time) string {
	return fmt.Sprintf("the customer's mail of %s waits for an answer: the %s goes once it is answered", since.Format("2006-01-02 15:04 MST"), kind)
}

// followUpReason says why a letter waits for the customer's follow-up
// (enrollment id): it runs, or, paused (none of the customer's is
// active), until when (the pause's end in loc; zero: none given).
func followUpReason(id int64, paused bool, until time.Time, loc *time.Location) string {
	return followUpWords(id, paused, until, loc) + ": the letter waits for it to end"
}

// plannedFollowUpReason is followUpReason for a letter whose day has not
// come yet.
func plannedFollowUpReason(id int64, paused bool, until time.Time, loc *time.Location) string {
	if paused {
		return followUpWords(id, paused, until, loc) + ": if it is still paused on the letter's day, the letter waits for it to end"
	}
	return followUpWords(id, paused, until, loc) + ": if it still runs on the letter's day, the letter waits for it to end"
}

// followUpWords names the customer's follow-up a letter waits for.
func followUpWords(id int64, paused bool, until time.Time, loc *time.Location) string {
	switch {
	case !paused:
		return fmt.Sprintf("a follow-up is running (enrollment %d)", id)
	case until.IsZero():
		return fmt.Sprintf("a follow-up is paused (enrollment %d)", id)
	}
	if loc == nil {
		loc = time.UTC
	}
	return fmt.Sprintf("a follow-up is paused until %s (enrollment %d)", until.In(loc).Format("2006-01-02 15:04 MST"), id)
}

// recFollowUpReason is followUpReason for the follow-up of the plan item it.
func recFollowUpReason(it *PlanItem) string {
	return followUpReason(it.rec.FollowUp, it.rec.FollowUpPaused, it.rec.FollowUpPausedUntil, it.loc)
}

// followUpEnded is how a missed letter's reason ends: the follow-up it
// waited for ran, or stayed paused, until its month ended.
func followUpEnded(paused bool) string {
	if paused {
		return ", and it stayed paused until the month ended"
	}
	return ", and it ran until the month ended"
}

// pendingTextWait is how long a greeting waits before it looks again for
// the text of the team's latest mail to its contact.
const pendingTextWait = 10 * time.Minute

// isPerson keeps greetings to people the team knows: a contact who wrote to
// the team, or one entered in the customer book. An address only ever seen
// in Cc is not greeted.
func isPerson(r keepwarm.Recipient) bool { return r.Wrote > 0 || r.FromBook }

// mayGreet: greetings and letters go to contacts who wrote to the team at
// least once; with AnyContact also to people entered in the customer book.
func (g *Greetings) mayGreet(r keepwarm.Recipient) bool { return mayGreetAs(g.cfg.AnyContact, r) }

// mayGreetAs is mayGreet with AnyContact as anyContact.
func mayGreetAs(anyContact bool, r keepwarm.Recipient) bool {
	return r.Wrote > 0 || (anyContact && isPerson(r))
}

// cleanName is a display name as a person's name (templates.PersonOf):
// without a title, "" for an address, a company or a department ("Dear
// Sales" would embarrass the salesperson: such a name gets the formal
// salutation). One name alone keeps its title ("Herr Meier"): it may be
// the family name, and the opening is "Dear Mr. Meier", never "Dear
// Meier".
func cleanName(name string) string {
	p := templates.PersonOf(name, "")
	if p.Title != "" && p.Name != "" && !strings.Contains(p.Name, " ") {
		return p.Title + " " + p.Name
	}
	if given, ok := strings.CutSuffix(p.Name, " "+p.Family); ok && p.Family != "" {
		// "WANG Wei" stays so, read again the same: first name Wei, and
		// a Chinese opening writes the family name first.
		return strings.ToUpper(p.Family) + " " + given
	}
	return p.Name
}

// civil is the date of t (in t's location) at midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// wallTime is the wall-clock time of day on the civil date day in loc.
func wallTime(loc *time.Location, day time.Time, of time.Duration) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, int(of/time.Hour), int(of%time.Hour/time.Minute), 0, 0, loc)
}

// spread is a whole-minute offset in [0, span) fixed by key, so the same
// greeting always gets the same time and a morning's greetings spread out.
func spread(key string, span time.Duration) time.Duration {
	minutes := uint64(span / time.Minute)
	if minutes == 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return time.Duration(h.Sum64()%minutes) * time.Minute
}

func slicesContains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// catalogStore is what a store offers when it keeps a product catalog.
type catalogStore interface {
	Products(ctx context.Context) ([]keepwarm.Product, error)
}

// sentDraftWindow is how far back before now the scheduled greetings run
// looks for greetings, letters and steps filed in Drafts whose copy in
// Sent is not matched yet (as store.SentDraftWindow for the readers of
// answers).
const sentDraftWindow = 60 * 24 * time.Hour

// recipients reads the addressees, each with the catalog products that
// match the customer's tags (what a letter's .Products names; else the
// tags themselves). A greeting, letter or step that the salesperson sent
// from her Drafts under a new Message-ID is keepwarm's mail, whose
// language and date are not hers (the voice of later greetings,
// skip_if_written_within), once its copy is matched: Run matches before
// it plans, as the reply watch, the dispatcher and the follow-up job do
// each tick; a plan read for the digest, /forecast or the command line
// only reads the matches made (it writes nothing).
func (g *Greetings) recipients(ctx context.Context, now time.Time) ([]keepwarm.Recipient, error) {
	recips, err := g.store.GreetingRecipients(ctx)
	if err != nil {
		return nil, err
	}
	SharePersonMarks(recips)
	return g.withOffer(ctx, recips)
}

// recipientsOf is recipients for one customer.
func (g *Greetings) recipientsOf(ctx context.Context, customerID int64) ([]keepwarm.Recipient, error) {
	recips, err := g.store.GreetingRecipientsOf(ctx, customerID)
	if err != nil {
		return nil, err
	}
	SharePersonMarks(recips)
	return g.withOffer(ctx, recips)
}

// SharePersonMarks gives every address of one person (a full name at one
// customer, as personOf counts them) the holidays the customer book marks
// at any of them: "muslim" entered at Ahmed Khan's company address
// withholds Christmas at the gmail address sync found him writing from
// too, and greets him there for Eid. Every reader of the recipients that
// asks whom a festival is for (the plan, the run, the send's last look,
// the preview) calls it on all of a customer's contacts.
func SharePersonMarks(recips []keepwarm.Recipient) {
	type who struct {
		customer int64
		name     string
	}
	marks := map[who][]string{}
	keyOf := func(r keepwarm.Recipient) (who, bool) {
		name := strings.ToLower(templates.PersonOf(r.Contact.Name, "").Name)
		if r.CompanyAddress || !fullName(name, r.Customer.Country) {
			return who{}, false
		}
		return who{r.Customer.ID, name}, true
	}
	for _, r := range recips {
		if k, ok := keyOf(r); ok {
			for _, h := range r.Holidays {
				if !slices.Contains(marks[k], h) {
					marks[k] = append(marks[k], h)
				}
			}
		}
	}
	for i, r := range recips {
		if k, ok := keyOf(r); ok && len(marks[k]) > 0 {
			recips[i].Holidays = slices.Clone(marks[k])
		}
	}
}

// withOffer gives each of recips the catalog products that match its
// customer's tags.
func (g *Greetings) withOffer(ctx context.Context, recips []keepwarm.Recipient) ([]keepwarm.Recipient, error) {
	cs, ok := g.store.(catalogStore)
	if !ok {
		return recips, nil
	}
	catalog, err := cs.Products(ctx)
	if err != nil || len(catalog) == 0 {
		return recips, err
	}
	for i := range recips {
		recips[i].Offer = PickProducts(catalog, recips[i].Products, nil, MaxIntroProducts)
	}
	return recips, nil
}

// offerOf is what a greeting's .Products lists: the matching catalog
// products, else the customer's tags.
func offerOf(r keepwarm.Recipient) []templates.Product {
	if len(r.Offer) > 0 {
		return templates.ProductsOf(r.Offer)
	}
	return templates.NamedProducts(r.Products...)
}
