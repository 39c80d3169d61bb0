package sequences

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/templates"
	"keepwarm/worldcal"
)

// Occasion keys with a special meaning.
const (
	// OccasionBirthday greets a contact on the birthday the customer book holds.
	OccasionBirthday = "birthday"
	// OriginGreeting and OriginLetter mark the outbox items greetings make.
	OriginGreeting = "greeting"
	OriginLetter   = "letter"
)

// CustomOccasion is a manager-defined occasion on dates no library computes
// (Chinese New Year, Eid al-Fitr, Diwali): the dates of each year and the
// countries whose customers are greeted.
type CustomOccasion struct {
	Key       string      // e.g. "eid-al-fitr"; also the template name unless Template is set
	Name      string      // display name for templates: "Eid al-Fitr"
	Dates     []time.Time // civil dates (year, month, day; location ignored)
	Countries []string    // ISO alpha-2, upper case; "*" = every country
	// DaysBefore is the calendar days early (0: the day itself); nil, the
	// customer's last working day before.
	DaysBefore *int
	Template   string
}

// GreetingsConfig is what the manager chose in [greetings].
type GreetingsConfig struct {
	// Occasions are the enabled occasion keys: library holidays ("christmas",
	// "new-year", "thanksgiving", or any holiday's slug), custom keys, and
	// "birthday". Nothing is greeted unless listed.
	Occasions []string
	// DaysBefore sends an occasion's greeting that many calendar days
	// early. An occasion without it is greeted on the customer's last
	// working day before it (before 24 December for Christmas), except
	// those in OnTheDay.
	DaysBefore map[string]int
	// OnTheDay lists the occasions greeted on the day itself; nil means
	// ["birthday"].
	OnTheDay []string
	// Also greets customers of more countries on an occasion their own
	// calendar does not keep (occasion key → ISO codes), on the date of a
	// country that keeps it ("diwali" → ["GB"]).
	Also   map[string][]string
	Custom []CustomOccasion
	// Templates maps an occasion key to a template name; default: the key
	// when such a template exists (for a contact, in their language or
	// for everyone), else "holiday".
	Templates map[string]string
	// Grades are the customer grades greeted ("" = every ungraded
	// customer). nil means A to D, and ungraded customers only when they
	// are in the customer book: one mail made of an address (a freight
	// forwarder, a factory, a colleague's private address) is no customer
	// to thank for their trust.
	Grades []string
	// CompanyAddresses greets a company's further addresses from the book
	// (einkauf@, info@) on holidays too. By default only the person is
	// greeted, so a company gets one holiday greeting per person, not one
	// more per shared mailbox; such addresses never get personal greetings.
	CompanyAddresses bool
	Mode             keepwarm.SendMode

	// The send window in the customer's local time, as offsets from
	// midnight: greetings go between WindowStart and MorningEnd, letters
	// between WindowStart and WindowEnd on the country's workdays.
	WindowStart, MorningEnd, WindowEnd time.Duration

	// LetterGrades are the grades the monthly letter goes to ("" =
	// every ungraded customer); nil means A to D, and ungraded customers
	// in the customer book, as Grades.
	LetterGrades []string
	// LetterDay is the day of the month letters start going (default 1).
	LetterDay int
	// SkipIfWrittenWithin skips a customer's letter when the team wrote to
	// them this recently (0 = never skip).
	SkipIfWrittenWithin time.Duration
	// Letters holds the managers' letters: NAME.tmpl with NAME "2026-12"
	// (and NAME.LANG.tmpl variants). nil = no letters.
	Letters fs.FS

	// Senders maps a salesperson's email (lower case) to how mail goes out
	// as them. A customer whose owner has none is reported, never sent to.
	Senders map[string]GreetingSender
	// DefaultLocation is used for customers without a known time zone.
	DefaultLocation *time.Location
	// Location, when set, gives a customer's time zone (app derives it from
	// the customer's own, else its country's, else its mail's: the one the
	// follow-ups use); nil means the customer's own time zone, else
	// DefaultLocation.
	Location func(keepwarm.Customer) *time.Location
	// Calendars are the customers' weekends and holidays with the team's
	// overrides; nil: the built-in calendars.
	Calendars *worldcal.Set
	// OnQueued is called after a run queued something (the dispatcher's
	// Kick); nil = nothing.
	OnQueued func()
	// Refresh, when set, is asked at each run and plan whether the template
	// files changed; it returns the new set (already checked: files with
	// problems are an error and the job keeps the set it has). The letters
	// are read afresh from Letters every time anyway.
	Refresh func(ctx context.Context) (set *templates.Set, changed bool, err error)
	// ContactCap is the most automated mails (follow-up steps, greetings,
	// letters) one contact gets in 7 days: 0 means DefaultContactCap, below
	// 0 no cap. A greeting or letter over it waits (a greeting until its
	// day is over), and the plan says why.
	ContactCap int
	// AnyContact greets and writes letters to contacts entered in the
	// customer book who never wrote to the team; by default only contacts
	// who wrote at least once get them.
	AnyContact bool
	// EnglishFor lists the languages ("zh", or "*" for any) whose contacts
	// get the English text of a greeting or letter that has no variant in
	// their language. By default such a contact is skipped, with the
	// reason in the plan: English out of the blue to someone the
	// salesperson writes in Chinese reads as a mass mailing.
	EnglishFor []string
	// Away says who is away: a greeting or letter in the name of a
	// salesperson who is away waits for their return, within its day or
	// month, or is not sent (see Precheck), whatever sequences_while_away
	// says of follow-ups. nil: nobody is ever away.
	Away *Away
}

// GreetingSender is how greetings go out as one salesperson.
type GreetingSender struct {
	Mailbox   string
	From      keepwarm.Address
	Signature string
	// SignatureHTML is the signature of html sections; "" = Signature escaped.
	SignatureHTML string
	// LettersPerDay spreads the monthly letters of this mailbox over as many
	// days as needed so the mailbox's daily cap is rarely reached.
	LettersPerDay int
}

// GreetingStore is what greetings need from the database; store.DB
// satisfies it.
type GreetingStore interface {
	// GreetingRecipients returns every contact of every live customer.
	GreetingRecipients(ctx context.Context) ([]keepwarm.Recipient, error)
	// GreetingRecipientsOf returns the contacts of one customer as
	// GreetingRecipients has them.
	GreetingRecipientsOf(ctx context.Context, customerID int64) ([]keepwarm.Recipient, error)
	// MatchSentDrafts records the copies in Sent of greetings, letters and
	// steps filed in Drafts since since, which a mail client sent under a
	// new Message-ID: keepwarm's mail, not the salesperson's.
	MatchSentDrafts(ctx context.Context, since time.Time) error
	// LettersQueuedSince counts the monthly letters of mailbox queued since
	// since that went out or may still go out.
	LettersQueuedSince(ctx context.Context, mailbox string, since time.Time) (int, error)
	// GreetingOutbox returns the outbox items with these keys.
	GreetingOutbox(ctx context.Context, keys []string) (map[string]keepwarm.OutboxItem, error)
	// EnqueueGreeting records the greeting under its unique key and writes
	// the outbox item in one transaction; created is false when either
	// existed already (nothing changes then).
	EnqueueGreeting(ctx context.Context, rec keepwarm.GreetingRecord, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)
	// CustomerForSequence reads one customer (Precheck: its time zone and
	// country).
	CustomerForSequence(ctx context.Context, id int64) (keepwarm.Customer, error)
	// BlockedAddresses are those of emails that bounced, left the company
	// or opted out, with which (Precheck: since the item was queued).
	BlockedAddresses(ctx context.Context, emails []string) (map[string]string, error)
	// WaitingSince is when the latest of the customer's mail still waiting
	// for the team's answer arrived (Precheck); zero when none waits.
	WaitingSince(ctx context.Context, customerID int64) (time.Time, error)
	// GreetingByKey reads what was recorded when the item under an outbox
	// key was queued (Precheck); an ENOTFOUND error when nothing was.
	GreetingByKey(ctx context.Context, key string) (keepwarm.GreetingRecord, error)
	// ForgetGreeting lets the item under key (outbox id) be planned again:
	// Precheck skips it and the next plan queues it afresh.
	ForgetGreeting(ctx context.Context, key string, id int64) error
	// SkipGreeting is EnqueueGreeting with the outbox item written
	// skipped, with why, in the same transaction (SkipPlanned).
	SkipGreeting(ctx context.Context, rec keepwarm.GreetingRecord, item keepwarm.OutboxItem, why string) (keepwarm.OutboxItem, bool, error)
	// ListEnrollments lists the enrollments of a customer in the given
	// statuses (Precheck: a follow-up running holds the month's letter).
	ListEnrollments(ctx context.Context, customerID int64, statuses ...keepwarm.EnrollmentStatus) ([]keepwarm.Enrollment, error)
	CapStore
}

// Greetings is the engine job that sends holiday and birthday greetings and
// the monthly letters, and the planner behind `keepwarm greetings plan`:
// both use the same code, so the plan is what is sent.
type Greetings struct {
	cfg   GreetingsConfig
	store GreetingStore
	cap   contactCap
	log   *slog.Logger

	// ungradedBook and ungradedBookLetters greet ungraded customers only
	// when they are in the customer book (Grades or LetterGrades left to
	// the default).
	ungradedBook, ungradedBookLetters bool

	mu   sync.RWMutex // guards tmpl (refresh)
	tmpl *templates.Set
}

// templates is the greeting templates the job renders with now.
func (g *Greetings) templates() *templates.Set {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.tmpl
}

// refresh takes the template files a manager changed (the console or an
// editor) without a restart; a set that does not check is logged and the
// job keeps the one it has.
func (g *Greetings) refresh(ctx context.Context) {
	if g.cfg.Refresh == nil {
		return
	}
	set, changed, err := g.cfg.Refresh(ctx)
	if err != nil {
		g.log.Warn("greeting templates not reloaded: the files have problems; the previous ones stay in use", "err", err)
		return
	}
	if changed && set != nil {
		g.mu.Lock()
		g.tmpl = set
		g.mu.Unlock()
		g.log.Info("greeting templates reloaded")
	}
}

// NewGreetings checks cfg and returns the job. tmpl holds the greeting
// templates (defaults plus the manager's).
func NewGreetings(cfg GreetingsConfig, st GreetingStore, tmpl *templates.Set, log *slog.Logger) (*Greetings, error) {
	if cfg.Mode == "" {
		cfg.Mode = keepwarm.ModeSend
	}
	if cfg.WindowStart == 0 && cfg.WindowEnd == 0 {
		cfg.WindowStart, cfg.WindowEnd = 9*time.Hour, 17*time.Hour
	}
	if cfg.MorningEnd == 0 {
		cfg.MorningEnd = min(12*time.Hour, cfg.WindowEnd)
	}
	gradesBook, lettersBook := cfg.Grades == nil, cfg.LetterGrades == nil
	if cfg.Grades == nil {
		cfg.Grades = defaultGrades()
	}
	if cfg.LetterGrades == nil {
		cfg.LetterGrades = defaultGrades()
	}
	if cfg.LetterDay == 0 {
		cfg.LetterDay = 1
	}
	if cfg.DefaultLocation == nil {
		cfg.DefaultLocation = time.UTC
	}
	switch {
	case cfg.WindowStart < 0 || cfg.WindowEnd > 24*time.Hour || cfg.WindowStart >= cfg.WindowEnd:
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "greetings: send window %s-%s is empty", hhmm(cfg.WindowStart), hhmm(cfg.WindowEnd))
	case cfg.MorningEnd <= cfg.WindowStart || cfg.MorningEnd > cfg.WindowEnd:
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "greetings: morning end %s is outside the window %s-%s", hhmm(cfg.MorningEnd), hhmm(cfg.WindowStart), hhmm(cfg.WindowEnd))
	case cfg.LetterDay < 1 || cfg.LetterDay > 28:
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "greetings: letter day %d is not 1-28", cfg.LetterDay)
	}
	for _, k := range cfg.Occasions {
		name := cfg.templateFor(k)
		if name != "" {
			if _, ok := tmpl.Lookup(name, ""); !ok {
				return nil, keepwarm.Errorf(keepwarm.EINVALID, "greetings: occasion %q: no template %q", k, name)
			}
		}
	}
	return &Greetings{cfg: cfg, store: st, tmpl: tmpl, cap: capOf(cfg.ContactCap, st), log: log,
		ungradedBook: gradesBook, ungradedBookLetters: lettersBook}, nil
}

// Name names the job for the engine's logs.
func (g *Greetings) Name() string { return "greetings" }

// Mode is the configured send mode.
func (g *Greetings) Mode() keepwarm.SendMode { return g.cfg.Mode }

// graded says whether r's customer gets greetings (letters: its monthly
// letter) by its grade; why says why not.
func (g *Greetings) graded(c keepwarm.Customer, inBook, letters bool) (ok bool, why string) {
	grades, book := g.cfg.Grades, g.ungradedBook
	if letters {
		grades, book = g.cfg.LetterGrades, g.ungradedBookLetters
	}
	return gradedBy(grades, book, c, inBook, letters)
}

// GradeRefusal is why the greetings job greets no customer c (letters:
// sends it no monthly letter) for its grade, with grades the configured
// greetings.grades (letters: letter_grades; nil: the default, A to D and
// ungraded customers in the customer book); inBook says c is in the book.
// "" when it greets c: a preview's word on a customer the plan skips.
func GradeRefusal(grades []string, c keepwarm.Customer, inBook, letters bool) string {
	book := grades == nil
	if book {
		grades = defaultGrades()
	}
	_, why := gradedBy(grades, book, c, inBook, letters)
	return why
}

// defaultGrades are the grades greeted, and sent the monthly letter, when
// the configuration names none.
func defaultGrades() []string { return []string{"A", "B", "C", "D"} }

// gradedBy is graded with grades and book (ungraded customers greeted
// only when in the book) given.
func gradedBy(grades []string, book bool, c keepwarm.Customer, inBook, letters bool) (ok bool, why string) {
	key := "greetings.grades"
	if letters {
		key = "greetings.letter_grades"
	}
	switch {
	case c.Grade == "" && book && inBook:
		return true, ""
	case c.Grade == "" && book:
		return false, fmt.Sprintf("ungraded; grade the customer first (known from mail only, not the customer book; %s with \"\" greets every ungraded customer)", key)
	case !slicesContains(grades, c.Grade):
		return false, fmt.Sprintf("grade %q is not greeted (%s)", c.Grade, key)
	}
	return true, ""
}

// englishFor says whether a contact written to in lang may get an English
// text for want of one in lang.
func (c GreetingsConfig) englishFor(lang string) bool {
	p := primaryLang(lang)
	return p == "" || slices.Contains(c.EnglishFor, "*") || slicesContains(c.EnglishFor, p)
}

func (c GreetingsConfig) enabled(key string) bool { return slices.Contains(c.Occasions, key) }

// templateFor is the template an occasion's greeting is rendered with.
func (c GreetingsConfig) templateFor(key string) string {
	if t := c.Templates[key]; t != "" {
		return t
	}
	for _, co := range c.Custom {
		if co.Key == key && co.Template != "" {
			return co.Template
		}
	}
	return ""
}

// templateName is the template an occasion's greeting to a contact
// written to in lang is rendered with: the config's, else the first of the
// occasion's own, its alias's and holiday with a text in lang, else the
// occasion's own (or its alias's) where it has a file for everyone, else
// holiday. A manager who wrote only eid-al-adha.ar.tmpl greets the
// Arabic-writing contacts with it and the others with the holiday
// template, as before it was written; a team's holiday.ar.tmpl greets the
// Arabic-writing contacts at Eid al-Fitr, whose own template is English
// only.
func (g *Greetings) templateName(key, lang string) string {
	if t := g.cfg.templateFor(key); t != "" {
		return t
	}
	return templateIn(g.templates(), key, lang)
}

// PlanTemplate is the template of set the plan greets r with at occasion
// key when [greetings] templates names none for it (templateName): the
// previews show what goes.
func PlanTemplate(set *templates.Set, key string, r keepwarm.Recipient) string {
	return templateIn(set, key, wantedLang(r))
}

// TemplateIn is the template of set the greetings job greets a contact
// writing lang with at occasion key when [greetings] templates names none
// (templateName): the console's new greeting starts from it.
func TemplateIn(set *templates.Set, key, lang string) string {
	return templateIn(set, key, lang)
}

// templateIn is templateName's choice among the templates of set.
func templateIn(set *templates.Set, key, lang string) string {
	for _, n := range TemplatesFor(key) {
		if t, ok := set.Lookup(n, lang); ok && primaryLang(t.Lang) == primaryLang(lang) {
			return n
		}
	}
	if _, ok := set.Lookup(key, lang); ok {
		return key
	}
	if alias := templateAliases[key]; alias != "" {
		if _, ok := set.Lookup(alias, lang); ok {
			return alias
		}
	}
	return "holiday"
}

// againInYear says whether the occasion key fell on an earlier day of
// date's Gregorian year for r (its country's calendar, a country that
// keeps it for greetings.also, or a custom occasion's dates) at least
// secondGap before: a festival of the lunar calendar, 354 days after its
// last time, can fall in early January and again in late December, and is
// greeted each time. The days of one festival are never that far apart.
func (c GreetingsConfig) againInYear(r keepwarm.Recipient, key string, date time.Time) bool {
	y := date.Year()
	before := func(d time.Time) bool { return d.Year() == y && date.Sub(d) >= secondGap }
	if date.YearDay() <= int(secondGap/(24*time.Hour)) {
		return false
	}
	country := strings.ToUpper(r.Customer.Country)
	for _, co := range c.Custom {
		if co.Key != key || (!slices.Contains(co.Countries, "*") && (country == "" || !slices.Contains(co.Countries, country))) {
			continue
		}
		if slices.ContainsFunc(co.Dates, before) {
			return true
		}
	}
	calendars := []string{country}
	if slices.Contains(c.Also[key], country) {
		calendars = append(calendars, c.Calendars.Or().KeptBy(key, y))
	}
	for _, cc := range calendars {
		if cc == "" {
			continue
		}
		for _, h := range c.Calendars.Or().Holidays(cc, y) {
			if h.Key == key && h.Main && !h.Observed && before(h.Date) {
				return true
			}
		}
	}
	return false
}

// secondGap is the least time between two greetings of one occasion in a
// Gregorian year: a lunar year is 354 days.
const secondGap = 300 * 24 * time.Hour

// daysBefore is the calendar days an occasion is greeted early; ok is
// false when it goes on the last working day before instead.
func (c GreetingsConfig) daysBefore(key string) (n int, ok bool) {
	if n, ok := c.DaysBefore[key]; ok {
		return n, true
	}
	for _, co := range c.Custom {
		if co.Key == key && co.DaysBefore != nil {
			return *co.DaysBefore, true
		}
	}
	onTheDay := c.OnTheDay
	if onTheDay == nil {
		onTheDay = []string{OccasionBirthday}
	}
	if slices.Contains(onTheDay, key) {
		return 0, true
	}
	return 0, false
}

// sendDay is the civil day the greeting for occasion key on day goes to a
// customer in country: that many days early when configured (the working
// day before that when it is the customer's weekend or a holiday: no
// Christmas greeting on Sunday 24 December 2028), else the country's last
// working day before it (before Christmas Eve for Christmas, when offices
// close).
func (c GreetingsConfig) sendDay(key, country string, day time.Time) time.Time {
	d := c.sendDayCounted(key, country, day)
	// No greeting on a day of mourning or remembrance the customer's
	// offices work (the UAE's Commemoration Day, 1 December, in a year an
	// override makes it a working day, before National Day; Good Friday
	// for a birthday or another on-the-day greeting on it): the working
	// day before it.
	cals := c.Calendars.Or()
	for i := 0; i < 7 && !d.After(civil(day)); i++ {
		if name, _ := solemnDay(cals, country, key, d); name == "" {
			break
		}
		d = cals.LastWorkdayBefore(country, d)
	}
	return d
}

// solemnDay is the name of a day of mourning, remembrance or fasting
// (an observance, or a day off: a birthday on Good Friday) on the civil
// date d in country, other than occasion key itself, and what it is a day
// of ("remembrance of the fallen"); "" when there is none. A quiet period
// (Ramadan) is not one.
func solemnDay(cals *worldcal.Set, country, key string, d time.Time) (name, what string) {
	for _, h := range cals.On(country, d) {
		if w, solemn := worldcal.Solemn(h.Key); solemn && (h.Kind == worldcal.Observance || h.Kind == worldcal.Public) && h.Key != key {
			return h.Name, w
		}
	}
	return "", ""
}

// sendDayCounted is sendDay before it steps off a solemn day.
func (c GreetingsConfig) sendDayCounted(key, country string, day time.Time) time.Time {
	if n, ok := c.daysBefore(key); ok {
		d := day.AddDate(0, 0, -n)
		if n > 0 && !c.Calendars.Or().IsWorkday(country, d) {
			return c.Calendars.Or().LastWorkdayBefore(country, d)
		}
		return d
	}
	anchor := day
	if key == "christmas" && day.Month() == time.December && day.Day() == 25 {
		anchor = day.AddDate(0, 0, -1)
	}
	return c.Calendars.Or().LastWorkdayBefore(country, anchor)
}

// sendRule says in words how sendDay places the greeting for occasion key
// on day, sent on send: the real number of days before, and why when
// days_before fell on a weekend or holiday and it went earlier.
// When it went earlier still to keep off a day of mourning or remembrance
// the customer works, the rule says which: "2 days before; not on
// 2027-12-01: Commemoration Day, a day of remembrance of the fallen".
func (c GreetingsConfig) sendRule(key, country string, day, send time.Time) string {
	counted := civil(c.sendDayCounted(key, country, day))
	solemn := ""
	for d := counted; !send.IsZero() && civil(send).Before(d); d = d.AddDate(0, 0, -1) {
		if name, what := solemnDay(c.Calendars.Or(), country, key, d); name != "" {
			if solemn == "" {
				solemn = "; not on "
			} else {
				solemn += ", nor "
			}
			solemn += d.Format("2006-01-02") + ": " + name + ", a day of " + what
		}
	}
	if n, ok := c.daysBefore(key); ok {
		gap, countedGap := n, n
		if !send.IsZero() {
			gap = int(civil(day).Sub(civil(send)).Hours()+12) / 24
			countedGap = int(civil(day).Sub(counted).Hours()+12) / 24
		}
		rule := daysBeforeWords(gap)
		if solemn == "" {
			countedGap = gap
		}
		if countedGap != n {
			rule += " (" + daysBeforeWords(n) + " is not a working day)"
		}
		return rule + solemn
	}
	if key == "christmas" && day.Month() == time.December && day.Day() == 25 {
		return "the customer's last working day before Christmas Eve" + solemn
	}
	return "the customer's last working day before it" + solemn
}

// overrideMoved says whether the team's own calendar override puts
// occasion key on day in country on another day than keepwarm computes
// it (Eid al-Fitr announced for the day before keepwarm's date, or the
// day after when the moon was not sighted), the day keepwarm computes,
// and whether the row moved it earlier. A row that confirms the computed
// day or adds a holiday keepwarm has no date for moves nothing.
func (c GreetingsConfig) overrideMoved(country, key string, day time.Time) (computed time.Time, earlier, ok bool) {
	cals, builtin := c.Calendars.Or(), worldcal.Builtin()
	if cals == builtin || !slices.ContainsFunc(cals.On(country, day), func(h worldcal.Holiday) bool {
		return h.Key == key && h.Main && !h.Observed && h.ByTeam()
	}) {
		return time.Time{}, false, false
	}
	computes := func(d time.Time) bool {
		return slices.ContainsFunc(builtin.On(country, d), func(h worldcal.Holiday) bool { return h.Key == key && h.Main && !h.Observed })
	}
	// An override moves a holiday by at most a fortnight (worldcal's
	// applyOverrides): the computed day is within that, the nearest first.
	for n := 0; n <= 15; n++ {
		if d := civil(day).AddDate(0, 0, n); computes(d) {
			return d, n > 0, n > 0
		}
		if d := civil(day).AddDate(0, 0, -n); n > 0 && computes(d) {
			return d, false, true
		}
	}
	return time.Time{}, false, false
}

// lateDayRule is the send rule of a greeting made up for on its
// occasion's own day (eachGreeting): the team's override moved the
// occasion from computed to day, and its send day (send, by rule) was
// over with nothing queued. The web's sendRule reads it back.
func lateDayRule(computed, day, send time.Time, rule string) string {
	return fmt.Sprintf("on the day: the calendar override moved it from %s to %s, and its own send day, %s (%s), was over with nothing queued",
		computed.Format("2006-01-02"), civil(day).Format("2006-01-02"), send.Format("2006-01-02"), rule)
}

func daysBeforeWords(n int) string {
	switch n {
	case 0:
		return "on the day"
	case 1:
		return "1 day before"
	}
	return fmt.Sprintf("%d days before", n)
}

// TemplatesFor are the templates the greetings job looks among, in this
// order, to greet occasion key when [greetings] templates names none
// (templateIn): the occasion's own, a festival's shared one
// (chinese-new-year for spring-festival, tet and seollal), the generic
// holiday. Each of them is a greeting's template.
func TemplatesFor(key string) []string {
	names := []string{key}
	if alias := templateAliases[key]; alias != "" {
		names = append(names, alias)
	}
	return append(names, "holiday")
}

// templateAliases are the templates of occasions a calendar names apart
// (Spring Festival, Tết, Seollal) that one greeting suits.
var templateAliases = map[string]string{"spring-festival": "chinese-new-year", "tet": "chinese-new-year", "seollal": "chinese-new-year"}

// occasion is one occasion falling on a date for one recipient.
type occasion struct {
	Key, Name string
	// Skip, when set, says why the recipient is not greeted on it (a
	// festival of a faith that is not theirs as far as keepwarm knows).
	Skip string
	// Calendar is the country whose calendar dates it: the customer's,
	// or the occasion's home for one greeted through greetings.also
	// (Saudi Arabia for Eid at a British buyer). A team's override row
	// that moves it is that country's.
	Calendar string
}

// occasionsOn lists the enabled occasions of r on the civil date day.
func (c GreetingsConfig) occasionsOn(r keepwarm.Recipient, day time.Time) []occasion {
	var out []occasion
	seen := map[string]bool{}
	country := strings.ToUpper(r.Customer.Country)
	calendar := country
	add := func(key, name, skip string) {
		if c.enabled(key) && !seen[key] {
			seen[key] = true
			out = append(out, occasion{Key: key, Name: name, Skip: skip, Calendar: calendar})
		}
	}
	// The language the team writes to the contact in (its own latest
	// mail): detected from the team's latest mail, too slow to do for
	// every contact and day of a plan, so read only for an enabled
	// festival that asks who the contact is.
	var written string
	wrote := false
	writtenLang := func() string {
		if !wrote {
			written, wrote = wantedLang(r), true
		}
		return written
	}
	// The language that tells the contact's community here (Chinese for
	// Chinese New Year in Malaysia, Arabic against Israel's Independence
	// Day and Passover), in this order: the contact's own language in the
	// customer book; the language the team writes to them in, unless it is
	// English (the team's working language says nothing of who the contact
	// is); the customer's language in the book (the company's, often a
	// default: a Chinese buyer at a Malaysian company the book gives Malay
	// is written to in Chinese and keeps Chinese New Year); last, English.
	var who string
	knowWho := false
	contactLang := func() string {
		if !knowWho {
			knowWho = true
			switch {
			case r.Language != "":
				who = r.Language
			case writtenLang() != "" && !speaks(writtenLang(), []string{"en"}):
				who = writtenLang()
			case r.Customer.Language != "":
				who = r.Customer.Language
			default:
				who = writtenLang()
			}
		}
		return who
	}
	faiths := keptFaiths(r)
	// Without the book's marks, the language of a community that keeps its
	// own festivals here (Urdu in India, for Eid) marks the contact as that
	// community's, for the other faiths' festivals as for its own: greeted
	// for Eid, not "Happy Diwali". inferredLang is the language that told.
	inferred, inferredLang := "", ""
	triedCommunity := false
	inferCommunity := func() {
		if triedCommunity || len(faiths) > 0 {
			return
		}
		triedCommunity = true
		if !c.Calendars.Or().HasCommunities(country, day.Year()) {
			return
		}
		if l := contactLang(); l != "" {
			if f := c.Calendars.Or().CommunityFaith(country, l, day.Year()); f != "" {
				inferred, inferredLang, faiths = f, l, []string{f}
			}
		}
	}
	for _, h := range HolidaysOn(c.Calendars, country, day) {
		// A festival the team does not greet asks nothing of the contact.
		if h.Observed || !c.enabled(h.Key) {
			continue
		}
		// The name a customer reads: no gloss ("(Yom Ha'atzmaut)").
		name := worldcal.GreetingName(h.Name)
		if h.Faith != "" && !keeps(r, h.Key) {
			inferCommunity()
		}
		switch {
		case keeps(r, h.Key):
			add(h.Key, name, "")
		case len(h.Audience) > 0 && contactLang() == "":
			add(h.Key, name, unknownLanguage(h.Name, country, h.Audience))
		// A religious festival a community keeps (Eid in Nigeria): the
		// book's mark greets the contact, and the plan says so.
		case otherFaith(h.Faith, faiths) && inferred != "":
			add(h.Key, name, notTheirCommunity(h.Name, h.Faith, writesIn(r, inferredLang), inferred))
		case otherFaith(h.Faith, faiths):
			add(h.Key, name, notTheirFaith(h.Name, h.Faith, faiths))
		case !speaks(contactLang(), h.Audience):
			// A day one community keeps (Chinese New Year in Malaysia):
			// nobody else is greeted. A civic day goes unsaid for the
			// others, except to a contact the team writes to in its
			// language: the contact's own language in the book decided.
			switch w := writtenLang(); {
			case r.Language != "" && speaks(w, h.Audience):
				add(h.Key, name, bookLanguageDecides(h.Name, country, h.Audience, r.Language, w))
			case h.Faith != "":
				add(h.Key, name, otherLanguage(h.Name, country, h.Audience, writesIn(r, contactLang())))
			}
		case h.Faith != "" && h.Faith != worldcal.MajorityFaith(country) && !h.Community:
			add(h.Key, name, notMajority(h.Name, country))
		default:
			add(h.Key, name, "")
		}
	}
	for key, countries := range c.Also {
		if country == "" || !slices.Contains(countries, country) || seen[key] {
			continue
		}
		// A festival the country does not keep goes only to the contacts
		// the customer book marks as keeping it: "Happy Diwali" to every
		// British buyer would embarrass the salesperson.
		ref := c.Calendars.Or().KeptBy(key, day.Year())
		calendar = ref
		for _, h := range HolidaysOn(c.Calendars, ref, day) {
			if h.Key != key || h.Observed {
				continue
			}
			name := worldcal.GreetingName(h.Name)
			if keeps(r, key) {
				add(h.Key, name, "")
			} else {
				add(h.Key, name, fmt.Sprintf("%s is not kept in %s (greetings.also): mark the contact's holidays in the customer book to greet them", h.Name, country))
			}
		}
	}
	calendar = country
	for _, co := range c.Custom {
		if !slices.Contains(co.Countries, "*") && (country == "" || !slices.Contains(co.Countries, country)) {
			continue
		}
		for _, d := range co.Dates {
			if !sameDate(day, d.Year(), d.Month(), d.Day()) {
				continue
			}
			// A custom date of a religious festival follows the same
			// rule as the calendar's.
			f := worldcal.FaithOf(co.Key)
			if !c.enabled(co.Key) {
				continue
			}
			if f != "" && !keeps(r, co.Key) {
				inferCommunity()
			}
			switch {
			case keeps(r, co.Key):
				add(co.Key, co.Name, "")
			case otherFaith(f, faiths) && inferred != "":
				add(co.Key, co.Name, notTheirCommunity(co.Name, f, writesIn(r, inferredLang), inferred))
			case otherFaith(f, faiths):
				add(co.Key, co.Name, notTheirFaith(co.Name, f, faiths))
			case f != "" && f != worldcal.MajorityFaith(country):
				add(co.Key, co.Name, notMajority(co.Name, country))
			default:
				add(co.Key, co.Name, "")
			}
		}
	}
	if isBirthday(r.Birthday, day) {
		// A book filled before empty CRM dates were refused may still
		// hold 1900-01-01: greeting everyone on 1 January would show the
		// automation to the whole book.
		skip := ""
		if why := book.PlaceholderBirthday(r.Birthday, day); why != "" {
			skip = why + ": not greeted (correct it with keepwarm customers contact)"
		}
		add(OccasionBirthday, "your birthday", skip)
	}
	return out
}

// notTheirCommunity says why a festival of another faith is not greeted
// to a contact the book has no marks for, whose language (writes, as
// writesIn says it) is that of the community keeping the inferred faith's
// festivals.
func notTheirCommunity(name, faith, writes, inferred string) string {
	return fmt.Sprintf("%s is a %s festival; %s and is greeted for the %s festivals: mark the contact's holidays in the customer book to greet %s",
		name, faith, writes, inferred, name)
}

// writesIn says how r is known to write lang: "the contact writes Malay"
// when the customer book says so, "the team writes to the contact in
// Urdu" when the team's own mail to them tells it. The detector reads
// Urdu as Arabic (one script): the Urdu letters tell it, and without them
// the script is named, not a language the salesperson did not write.
func writesIn(r keepwarm.Recipient, lang string) string {
	base := func(l string) string {
		l = strings.ToLower(l)
		if i := strings.IndexAny(l, "-_"); i > 0 {
			l = l[:i]
		}
		return l
	}
	if l := base(lang); l != "" && (l == base(r.Language) || l == base(r.Customer.Language)) {
		return "the contact writes " + langName(lang)
	}
	if base(lang) == "ar" {
		if strings.ContainsAny(templates.OwnText(r.OwnText), urduLetters) {
			return "the team writes to the contact in Urdu"
		}
		return "the team writes to the contact in Arabic script"
	}
	return "the team writes to the contact in " + langName(lang)
}

// urduLetters are letters Urdu writes and Arabic does not (ٹ ڈ ڑ ں ے ہ).
const urduLetters = "\u0679\u0688\u0691\u06BA\u06D2\u06C1"

// bookLanguageDecides says why a day one community keeps (audience) is not
// greeted to a contact the customer book says writes lang, though the
// team writes to them in written, one of the audience's languages.
func bookLanguageDecides(name, country string, audience []string, lang, written string) string {
	names := make([]string, len(audience))
	for i, a := range audience {
		names[i] = langName(a)
	}
	return fmt.Sprintf("%s is kept in %s by customers writing %s; the customer book says the contact writes %s, though the team writes to them in %s: correct the contact's language or mark the contact's holidays in the customer book to greet them",
		name, country, strings.Join(names, " or "), langName(lang), langName(written))
}

// keeps says whether the customer book marks r as keeping the festival
// key: its key, its faith or another festival of its faith in the
// contact's holidays ("Hari Raya" keeps Eid al-Adha too), as skip_quiet
// reads the marks.
func keeps(r keepwarm.Recipient, key string) bool {
	faith := worldcal.FaithOf(key)
	for _, h := range r.Holidays {
		if h == key || (faith != "" && (h == faith || worldcal.FaithOf(h) == faith)) {
			return true
		}
	}
	return false
}

// keptFaiths are the faiths the customer book marks r as keeping: those
// named, and those of the festivals listed ("eid-al-fitr" is a Muslim's).
// Empty when the book says nothing of r's faith.
func keptFaiths(r keepwarm.Recipient) []string {
	var out []string
	for _, h := range r.Holidays {
		f := h
		if !slices.Contains(worldcal.Faiths(), f) {
			f = worldcal.FaithOf(h)
		}
		if f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// otherFaith says whether faith is a religious festival's and the customer
// book marks the contact as keeping others only: the country's majority
// festival (Diwali in India, Christmas in Germany) is then not theirs.
func otherFaith(faith string, kept []string) bool {
	return faith != "" && len(kept) > 0 && !slices.Contains(kept, faith)
}

// notTheirFaith says why a festival of another faith is not greeted.
func notTheirFaith(name, faith string, kept []string) string {
	return fmt.Sprintf("%s is a %s festival; the customer book marks the contact as keeping %s festivals", name, faith, strings.Join(kept, " and "))
}

// unknownLanguage says why a festival its country keeps in some languages
// (audience) is not greeted to a contact whose language nobody knows.
func unknownLanguage(name, country string, audience []string) string {
	return fmt.Sprintf("%s is kept in %s by customers writing %s, and the contact's language is not known (neither the customer book nor the team's mail to them says): set it in the customer book to greet them",
		name, country, strings.Join(audience, " or "))
}

// otherLanguage says why a religious festival its country keeps in some
// languages (audience) is not greeted to a contact writing another
// (writes, as writesIn says it), not marked as keeping it.
func otherLanguage(name, country string, audience []string, writes string) string {
	names := make([]string, len(audience))
	for i, a := range audience {
		names[i] = langName(a)
	}
	return fmt.Sprintf("%s is kept in %s by customers writing %s, and %s: mark the contact's holidays in the customer book to greet them",
		name, country, strings.Join(names, " or "), writes)
}

// notMajority says why a religious festival is not greeted in country.
func notMajority(name, country string) string {
	if country == "" {
		return fmt.Sprintf("%s is a religious festival and the customer has no country: mark the contact's holidays in the customer book to greet them", name)
	}
	return fmt.Sprintf("%s is not the majority's festival in %s: mark the contact's holidays in the customer book to greet them", name, country)
}

// speaks reports whether a customer writing lang is among a holiday's
// audience (everyone when the audience is empty).
func speaks(lang string, audience []string) bool {
	if len(audience) == 0 {
		return true
	}
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	return lang != "" && slices.Contains(audience, lang)
}

// isBirthday reports whether day is the birthday written "YYYY-MM-DD" or
// "--MM-DD". 29 February is kept on 28 February in other years.
func isBirthday(birthday string, day time.Time) bool {
	if len(birthday) != 10 && len(birthday) != 7 {
		return false
	}
	var bm, bd int
	if _, err := fmt.Sscanf(birthday[len(birthday)-5:], "%02d-%02d", &bm, &bd); err != nil || bm < 1 || bm > 12 || bd < 1 || bd > 31 {
		return false
	}
	y, m, d := day.Date()
	if bm == 2 && bd == 29 && !isLeap(y) {
		return m == 2 && d == 28
	}
	return int(m) == bm && d == bd
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func hhmm(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// sortItems orders a plan by send time, then key.
func sortItems(items []PlanItem) {
	sort.Slice(items, func(i, j int) bool {
		if !items[i].SendAt.Equal(items[j].SendAt) {
			return items[i].SendAt.Before(items[j].SendAt)
		}
		return items[i].Key < items[j].Key
	})
}

func sameDate(t time.Time, y int, m time.Month, d int) bool {
	if t.IsZero() {
		return false
	}
	ty, tm, td := t.Date()
	return ty == y && tm == m && td == d
}

// langName is a language code's English name ("ur": "Urdu"), the code
// when unknown.
func langName(code string) string {
	if n := display.English.Languages().Name(language.Make(code)); n != "" {
		return n
	}
	return code
}
