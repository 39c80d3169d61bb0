package sequences

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"keepwarm"
	"keepwarm/worldcal"
)

// Digest defaults.
const (
	// DefaultDigestAt is when the daily digest goes out, in the
	// salesperson's local time: 08:30.
	DefaultDigestAt = 8*time.Hour + 30*time.Minute
	// DefaultBounceWindow is how far back the digest lists bounced addresses.
	DefaultBounceWindow = 14 * 24 * time.Hour
	// DigestListLimit is how many lines a digest's section lists at most;
	// its title keeps the true count and a last line says where the rest
	// are. A mail of thousands of lines is read by nobody, and a server may
	// refuse one of several megabytes.
	DigestListLimit = 25
	// OriginDigest and OriginSummary mark the outbox items digests make.
	OriginDigest  = "digest"
	OriginSummary = "summary"
)

// DigestSource is what digests and summaries read. cmd adapts the store
// and the customer book's rules to it (the book's types stay out of this
// package). Every method blocks on the store only.
type DigestSource interface {
	// Unanswered lists the customer messages owner answers for that are
	// still unanswered at now, oldest first: the limit most recent of them
	// (every one when limit <= 0), and how many there are in all.
	Unanswered(ctx context.Context, owner string, now time.Time, limit int) ([]keepwarm.Nudge, int, error)
	// UnansweredOffTeam lists the customer messages still unanswered at
	// now whose owner is not one of team (a salesperson who left before
	// their customers were handed on), oldest first.
	UnansweredOffTeam(ctx context.Context, team []string, now time.Time) ([]keepwarm.Nudge, error)
	// Replies sums the reply clocks that started in [since, until): one
	// figure per salesperson (who answered, else who owes the answer), the
	// team total, and the breaches, oldest first.
	Replies(ctx context.Context, since, until, now time.Time) (ReplyTable, error)
	// OlderWaiting lists the customer mail that came before since and is
	// still waiting past its target at now, the longest waiting first:
	// the limit first of them, and how many there are in all (the web
	// report's "still waiting from before this period").
	OlderWaiting(ctx context.Context, since, now time.Time, limit int) ([]ReplyBreach, int, error)
	// OpenTasks lists owner's open tasks, soonest due first.
	OpenTasks(ctx context.Context, owner string) ([]keepwarm.Task, error)
	// Enrollments lists every enrollment (any status).
	Enrollments(ctx context.Context) ([]keepwarm.Enrollment, error)
	// DryRunEnrollments are the enrollments created in [since, until)
	// whose every step was recorded in dry-run mode (BuildFunnel).
	DryRunEnrollments(ctx context.Context, since, until time.Time) (map[int64]bool, error)
	// DueReviews lists owner's customers whose review is due at now.
	DueReviews(ctx context.Context, owner string, now time.Time) ([]DigestCustomer, error)
	// ReturningClaims lists owner's pool claims close to their deadline.
	ReturningClaims(ctx context.Context, owner string, now time.Time) ([]DigestCustomer, error)
	// Bounced lists the addresses of owner's customers that bounced since.
	Bounced(ctx context.Context, owner string, since time.Time) ([]DigestBounce, error)
	// OptedOut lists the addresses of owner's customers that asked for no
	// more mail in an answer since since, newest first.
	OptedOut(ctx context.Context, owner string, since time.Time) ([]DigestOptOut, error)
	// Outbox lists outbox items, oldest first.
	Outbox(ctx context.Context, f keepwarm.OutboxFilter) ([]keepwarm.OutboxItem, error)
	// EndedUnsent lists the greetings and letters that ended unsent
	// (skipped, failed, uncertain) in [since, until) and were due before
	// since, dry-run records left out: Key and DueAt only.
	EndedUnsent(ctx context.Context, since, until time.Time) ([]keepwarm.OutboxItem, error)
	// SentBetween lists the outbox items of origin sent or placed in
	// Drafts in [since, until), in that order.
	SentBetween(ctx context.Context, origin string, since, until time.Time) ([]keepwarm.OutboxItem, error)
	// FollowUpSkips lists the outbound mails not followed up (customer 0:
	// all) recorded since, oldest first.
	FollowUpSkips(ctx context.Context, customerID int64, since time.Time) ([]keepwarm.FollowUpSkip, error)
	// MailboxProblems lists the mailboxes keepwarm cannot read now, and
	// (Sending) those it cannot send from now (the
	// server cannot be reached, or refused the login), with why.
	MailboxProblems(ctx context.Context) ([]DigestMailbox, error)
	// Covers lists the customer messages a backup was nudged about for an
	// absent colleague in [since, until), by backup.
	Covers(ctx context.Context, since, until time.Time) ([]Cover, error)
	// Calls lists the tasks closed in [since, until), in the order they
	// were: what the calls found.
	Calls(ctx context.Context, since, until time.Time) ([]keepwarm.Task, error)
	// CustomerOwners are the owners of the customers of ids not merged
	// into another, by id.
	CustomerOwners(ctx context.Context, ids []int64) (map[int64]string, error)
	// CustomerNames are the names of the customers that have one, by
	// customer key, so lines read "Globex GmbH", not the key's domain.
	CustomerNames(ctx context.Context) (map[string]string, error)
	// OutboxByKeys are the outbox items under keys, by key (when each was
	// created, what became of it, to whom it went); a key with none is
	// missing.
	OutboxByKeys(ctx context.Context, keys []string) (map[string]keepwarm.OutboxItem, error)
	// OutboxKeys reports which of keys have an outbox item.
	OutboxKeys(ctx context.Context, keys []string) (map[string]bool, error)
	// Enqueue writes a queued outbox item; an existing Key is a no-op.
	Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)
	// EnqueueOverEmpty is Enqueue that replaces a dry-run item under the
	// key (a digest or summary recorded as found empty at its time).
	EnqueueOverEmpty(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)
	// EnqueueOverFailed is EnqueueOverEmpty that also takes the key from
	// an item under it that failed for good (it reached nobody), which
	// stays in the outbox under another key.
	EnqueueOverFailed(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)
	// SupersedeQueued skips the items under keys still queued to be sent
	// (none under way, no dry-run record) with reason; it returns their
	// keys.
	SupersedeQueued(ctx context.Context, keys []string, reason string) ([]string, error)
}

// GreetingPlanner is the greetings job as the digest sees it: *Greetings.
type GreetingPlanner interface {
	PlanMonth(ctx context.Context, month string, now time.Time) (Plan, error)
}

// ReplyFigures are the reply times of one salesperson (or the team) over a
// period, as the reply report computes them.
type ReplyFigures struct {
	Key          string `json:"key"` // salesperson email; "total" for the team
	Count        int    `json:"count"`
	Answered     int    `json:"answered"`
	WithinTarget int    `json:"within_target"`
	Breaches     int    `json:"breaches"` // answered late, or waiting past the target
	Waiting      int    `json:"waiting"`
	// NoAnswerNeeded were marked "no answer needed": counted apart, in
	// none of the figures above.
	NoAnswerNeeded int `json:"no_answer_needed"`
	// AnsweredUnseen were answered by mail keepwarm never saw (the
	// customer's next mail answers it), at a time not known: counted
	// apart too, neither on time nor late.
	AnsweredUnseen int      `json:"answered_time_unknown"`
	Share          *float64 `json:"share_within_target"` // of the clocks whose outcome is known
	Median         *int64   `json:"median_seconds"`
	P90            *int64   `json:"p90_seconds"`
	// Judged is each grade these figures' mail was judged with and its
	// target (TargetsChanged).
	Judged []keepwarm.JudgedTarget `json:"-"`
}

// ReplyBreach is one customer message answered after its target, or still
// waiting past it.
type ReplyBreach struct {
	// MessageID is the customer message's id: its page in the web
	// application, and what `keepwarm replies done` marks.
	MessageID int64  `json:"message_id"`
	ThreadID  int64  `json:"thread_id"`
	Customer  string `json:"customer"`
	Subject   string `json:"subject"`
	Owner     string `json:"owner"`
	// AnswerOwner is, as `keepwarm report replies` has it, whom the desk
	// and the nudges ask to answer mail still waiting: the customer's
	// owner of today, not Owner for mail handed on after its target
	// passed (counted to Owner), or who stands in for an Owner who left
	// the team; for a pooled customer's mail, the owner of the mailbox it
	// reached, else the manager ("" only with neither).
	AnswerOwner string    `json:"answer_owner"`
	RepliedBy   string    `json:"replied_by,omitempty"`
	ReceivedAt  time.Time `json:"received_at"`
	Seconds     int64     `json:"seconds"` // to the answer, or waited so far
	Answered    bool      `json:"answered"`
}

// ReplyTable is the reply times of a period.
type ReplyTable struct {
	People   []ReplyFigures `json:"people"`
	Total    ReplyFigures   `json:"total"`
	Breaches []ReplyBreach  `json:"breaches"`
	// Targets are the targets the period's mail was judged with, in
	// seconds, shortest first: each clock keeps the target of its day.
	Targets []int64 `json:"targets_seconds"`
	// Judged is each grade the period's mail was judged with and its
	// target (TargetsChanged).
	Judged []keepwarm.JudgedTarget `json:"-"`
}

// Of returns person's figures; ok is false when they had none.
func (t ReplyTable) Of(person string) (ReplyFigures, bool) {
	for _, f := range t.People {
		if f.Key == person {
			return f, true
		}
	}
	return ReplyFigures{}, false
}

// DigestCustomer is a customer the digest lists with a date: a review due,
// or a pool claim returning soon (Note says when).
type DigestCustomer struct {
	CustomerID int64     `json:"customer_id"`
	Customer   string    `json:"customer"` // key
	Name       string    `json:"name,omitempty"`
	Grade      string    `json:"grade,omitempty"`
	At         time.Time `json:"at"` // review due, or claim deadline
	Note       string    `json:"note,omitempty"`
}

// DigestBounce is an address of a customer that bounced, or whose person
// left the company (LeftCompany; Successor is the new contact it named).
type DigestBounce struct {
	Email        string    `json:"email"`
	Customer     string    `json:"customer"`
	CustomerName string    `json:"customer_name,omitempty"`
	BouncedAt    time.Time `json:"bounced_at"`
	LeftCompany  bool      `json:"left_company,omitempty"`
	Successor    string    `json:"successor,omitempty"`
}

// DigestOptOut is an address of a customer that asked for no more mail in
// an answer (Subject is that answer's).
type DigestOptOut struct {
	Email        string    `json:"email"`
	Customer     string    `json:"customer"`
	CustomerName string    `json:"customer_name,omitempty"`
	At           time.Time `json:"at"`
	Subject      string    `json:"subject,omitempty"`
	// Company says Email asked for the whole customer ("please remove us
	// from your list"): nobody there is written to any more.
	Company bool `json:"company,omitempty"`
}

// DigestGreeting is a greeting or monthly letter sent as the salesperson
// since their previous digest, or going out before their next one.
type DigestGreeting struct {
	Kind     string `json:"kind"` // "greeting" or "letter"
	Occasion string `json:"occasion"`
	Customer string `json:"customer"` // its key
	// CustomerName is its name ("" when it has none).
	CustomerName string           `json:"customer_name,omitempty"`
	To           keepwarm.Address `json:"to"`
	SendAt       time.Time        `json:"send_at"`
	Status       string           `json:"status"`
	// Reason says why it was not sent, or what it waits for.
	Reason string `json:"reason,omitempty"`

	month      string // a letter's month, "2026-12"
	birthdayOf string // whose birthday it greets
}

// Digest is one salesperson's list for the day. Build fills it; Text, HTML
// and Subject render it; Empty says whether there is anything to send.
type Digest struct {
	Salesperson string    `json:"salesperson"`
	Name        string    `json:"name,omitempty"`
	Date        string    `json:"date"` // YYYY-MM-DD in the salesperson's zone
	TimeZone    string    `json:"time_zone"`
	Now         time.Time `json:"generated_at"`
	Target      int64     `json:"target_seconds,omitempty"`
	// GradeTargets are the grades' own targets in seconds ("A": 7200).
	GradeTargets map[string]int64 `json:"grade_target_seconds,omitempty"`
	// Lang is the language the digest is written in: "zh", else English.
	Lang string `json:"lang,omitempty"`
	// CoveredBy is who reads it while the salesperson is away ("": the
	// salesperson).
	CoveredBy string `json:"covered_by,omitempty"`

	// Unanswered are the most recent of the customer messages waiting for
	// an answer (at most Limit), oldest first; UnansweredTotal counts them
	// all.
	Unanswered      []keepwarm.Nudge `json:"unanswered"`
	UnansweredTotal int              `json:"unanswered_total"`
	// OffTeam are the customer messages still unanswered whose owner is
	// not on the team (left before their customers were handed on) and
	// that come to this salesperson as the owner of the mailbox they
	// reached (else to the manager when a salesperson), oldest first: the
	// same stand-in the nudges go to.
	OffTeam []keepwarm.Nudge `json:"not_on_team,omitempty"`
	// Limit is how many lines a section lists (0: every one).
	Limit        int                   `json:"list_limit,omitempty"`
	RepliesSince time.Time             `json:"replies_since"`
	Replies      *ReplyFigures         `json:"replies"` // nil: no customer mail in the period
	Calls        []keepwarm.Task       `json:"calls"`
	Ended        []keepwarm.Enrollment `json:"ended"`
	// Failed are owner's follow-ups stopped by a failed or uncertain send:
	// nothing more goes out until a person resumes or stops them.
	Failed []keepwarm.Enrollment `json:"failed"`
	// Waiting are owner's follow-ups keepwarm paused with no end until a
	// person looks (an automatic answer that passes on a person's words, a
	// mail filter's challenge, a teammate with no mailbox writing in the
	// thread, the sequence changed under it): nothing more goes out until
	// they are resumed or stopped. A person's own pause is not one.
	Waiting []keepwarm.Enrollment `json:"waiting_for_you,omitempty"`
	// NotFollowed are owner's outbound customer mails since the previous
	// digest that are not followed up for a reason other than an answer.
	NotFollowed []keepwarm.FollowUpSkip `json:"not_followed_up"`
	Reviews     []DigestCustomer        `json:"reviews"` // by grade, then most overdue
	Returning   []DigestCustomer        `json:"returning"`
	Bounced     []DigestBounce          `json:"bounced"`
	// OptedOut are the addresses of owner's customers that asked for no
	// more mail in an answer, in the bounce window.
	OptedOut  []DigestOptOut        `json:"opted_out,omitempty"`
	Uncertain []keepwarm.OutboxItem `json:"uncertain"`
	// ChatMissed are owner's chat nudges since the previous digest that
	// failed for good or may not have arrived (a crash mid-post).
	ChatMissed []keepwarm.OutboxItem `json:"chat_missed,omitempty"`
	// NotSent are follow-up mails skipped since the last digest because
	// they would have said nothing (LastError says why).
	NotSent []keepwarm.OutboxItem `json:"not_sent,omitempty"`
	// Since is the previous digest's time (its slot): the lists of what
	// happened (sequences ended, mail not followed up, chat nudges and
	// follow-ups not sent, what went out in the salesperson's name) start
	// there, so nothing is news in two digests. NextDigest is the next
	// digest's time: what goes out before it is listed.
	Since      time.Time `json:"since"`
	NextDigest time.Time `json:"next_digest,omitzero"`
	// SentFollowUps are the follow-up steps sent (or put in Drafts) in
	// the salesperson's name since the previous digest; DueFollowUps the
	// steps due to go before the next one.
	SentFollowUps []DigestSend `json:"followups_sent"`
	DueFollowUps  []DigestSend `json:"followups_due"`
	// GreetingsSent are the greetings and letters whose send time fell
	// since the previous digest, with what became of each (sent, drafted,
	// failed, not sent and why); Greetings those going out before the next
	// digest.
	GreetingsSent []DigestGreeting `json:"greetings_since"`
	Greetings     []DigestGreeting `json:"greetings"`
	// Mailboxes are owner's mailboxes keepwarm cannot read now.
	Mailboxes []DigestMailbox `json:"mailboxes"`
	// NotSending are owner's mailboxes keepwarm cannot send from now (its
	// SMTP login stopped after refusals, or the server's sending limit for
	// the day reached).
	NotSending []DigestMailbox `json:"not_sending,omitempty"`

	loc       *time.Location
	web       string            // the web application's base_url; "" = no links
	customers map[string]string // customer names by key
	// manager is set when the reader is [team] manager: the desk shows
	// them every message, others only their own customers'.
	manager bool
	// mark is set while the HTML part renders: it brackets the web
	// application's addresses so that they become links. It is new for
	// each rendering and unguessable, so no customer text can hold one.
	mark string

	// judged are the targets the period's reply times were judged with, in
	// seconds, when some mail was judged with another target than its
	// grade has today (TargetsChanged); nil when none was.
	judged []int64

	// failedAs names, of each of Failed sent in a colleague's name (her
	// customer's follow-up), the colleague, by enrollment id.
	failedAs map[int64]string
	// cover is set when the digest goes to whoever covers for the
	// salesperson: both parts open with it, and greet that reader.
	cover *digestCover
	// translate is DigestConfig.Translate.
	translate func(string) string
}

// reason is keepwarm's own sentence msg in the digest's language: in
// Chinese when the digest is and a translation is known, else as it is.
func (d Digest) reason(msg string) string {
	if d.Lang != "zh" || d.translate == nil || msg == "" {
		return msg
	}
	return d.translate(msg)
}

// digestCover is who reads a digest in place of its absent salesperson.
type digestCover struct {
	prefix string // before the subject: "[covering for lily@…] "
	line   string // the first paragraph: "You are covering for Lily Chen, away until …"
	reader string // the name to greet (the backup's, else their address)
	// loc is the reader's zone when it is not the salesperson's: the
	// times are written in it.
	loc *time.Location
}

// DigestSend is a follow-up step in the salesperson's name: sent (or
// drafted) since the previous digest, or due before the next.
type DigestSend struct {
	Customer   string             `json:"customer,omitempty"` // its key
	CustomerID int64              `json:"customer_id,omitempty"`
	ThreadID   int64              `json:"thread_id,omitempty"`
	To         []keepwarm.Address `json:"to"`
	Sequence   string             `json:"sequence"`
	Enrollment int64              `json:"enrollment,omitempty"`
	Step       int                `json:"step"` // 1 for the first
	Subject    string             `json:"subject,omitempty"`
	At         time.Time          `json:"at"`     // sent, or due
	Status     string             `json:"status"` // "sent", "drafted"; "due", "held" (its owner is away then), "dry-run" (recorded, not sent), "replaced" (an edit replaced its step: not sent)
	// Held: the owner is away when the step falls due; it waits until
	// HeldUntil (zero: no return date known).
	HeldUntil time.Time `json:"held_until,omitzero"`
	HeldWhy   string    `json:"held_why,omitempty"` // the absence's source: desk, config, auto-reply
}

// DigestMailbox is a mailbox keepwarm cannot read, or (Sending) cannot
// send from, and why.
type DigestMailbox struct {
	Mailbox string    `json:"mailbox"`
	Problem string    `json:"problem"`
	Since   time.Time `json:"since,omitzero"` // zero: not known (a sending problem but a copy not filed: the oldest such copy's send)
	Sending bool      `json:"sending,omitempty"`
	// Fault: its sync stopped on a fault in keepwarm's own code (a panic,
	// Problem); only keepwarm's administrator can act on it.
	Fault bool `json:"fault,omitempty"`
}

// Empty reports whether every section is empty: such a digest is not sent.
func (d Digest) Empty() bool {
	return len(d.Unanswered) == 0 && d.UnansweredTotal == 0 && len(d.OffTeam) == 0 && d.Replies == nil && len(d.Calls) == 0 && len(d.Ended) == 0 &&
		len(d.Failed) == 0 && len(d.Waiting) == 0 && len(d.NotFollowed) == 0 &&
		len(d.Reviews) == 0 && len(d.Returning) == 0 && len(d.Bounced) == 0 && len(d.OptedOut) == 0 && len(d.Uncertain) == 0 && len(d.ChatMissed) == 0 && len(d.NotSent) == 0 &&
		len(d.SentFollowUps) == 0 && len(d.DueFollowUps) == 0 && len(d.GreetingsSent) == 0 && len(d.Greetings) == 0 && len(d.Mailboxes) == 0 && len(d.NotSending) == 0
}

// Key is the digest's outbox key: one digest per salesperson and day.
func (d Digest) Key() string { return DigestKey(d.Salesperson, d.Date) }

// DigestKey is "digest:<email>:<yyyy-mm-dd>".
func DigestKey(email, date string) string { return "digest:" + strings.ToLower(email) + ":" + date }

// DigestPerson is a salesperson who gets a digest.
type DigestPerson struct {
	Email    string
	Name     string
	Location *time.Location // nil = UTC
	// Workdays overrides DigestConfig.Workdays when any day is set.
	Workdays [7]bool
	// Country (ISO alpha-2) whose public holidays get no digest; "" = none.
	Country string
	// Lang is the language of their digest: "zh" for Chinese, else English.
	Lang string
}

// DigestConfig is [digest] with what cmd knows of the team.
type DigestConfig struct {
	At       time.Duration // since local midnight (0 is midnight); cmd sets it, "08:30" by default
	Workdays [7]bool       // default Monday to Friday
	People   []DigestPerson
	// Manager is [team] manager: on the team, and the last stand-in for
	// mail whose owner is not.
	Manager string
	// Team is everyone on the team, as the web lets them in (every
	// salesperson, the manager and [team] managers; lower-case emails).
	Team map[string]bool
	// MailboxOwners maps a mailbox name to its owner, to find a
	// salesperson's uncertain sends.
	MailboxOwners map[string]string
	Target        time.Duration // the reply target, as shown
	// GradeTargets are the grades' own reply targets ("A"), shown beside
	// Target.
	GradeTargets map[string]time.Duration
	BounceWindow time.Duration // default DefaultBounceWindow
	// Greetings, when set, lists the greetings going out today.
	Greetings GreetingPlanner
	// NotifyMailbox and NotifyFrom are the [notify] sender; an empty
	// NotifyMailbox builds digests but the job queues none.
	NotifyMailbox string
	NotifyFrom    keepwarm.Address
	OnQueued      func()
	// Calendars give the salespeople's public holidays; nil: the built-in
	// calendars.
	Calendars *worldcal.Set
	// WebURL is the web application's base_url: each line links to its
	// page there. "" = no links.
	WebURL string
	// Away, when set, sends the digest of a salesperson who is away to
	// whoever covers for them, and the follow-ups due while their owner
	// is away are listed as waiting (unless WhileAway says the owner
	// opted in to follow-ups while away, as the follow-up job reads it).
	Away      *Away
	WhileAway func(person string) bool
	// ReaderLocation is the zone of a digest's reader who is not a
	// [[salesperson]] (the manager covering: the team's zone, or their
	// own); nil: UTC.
	ReaderLocation func(email string) *time.Location
	// Mode is [sequences] mode, the cap on every sequence's mode, and
	// Sequences reads the sequences as the follow-up job has them (nil:
	// every sequence's mode is Mode's, "" send): a step of a sequence in
	// dry-run mode is recorded, not sent, and the digest says so.
	Mode      keepwarm.SendMode
	Sequences func() *Definitions
	// Translate writes keepwarm's own sentences (why a follow-up failed or
	// was not sent, why a greeting waits or is not sent, why a mail is not
	// followed up) in Chinese for a digest in Chinese, as the desk shows
	// them; nil: as they are.
	Translate func(msg string) string
}

// Digests builds the daily digests and, as an engine Job, queues each
// salesperson's once a day at their local time.
type Digests struct {
	cfg DigestConfig
	src DigestSource
	log *slog.Logger

	mu   sync.Mutex
	done map[string]string // email -> the date whose digest was decided
}

// NewDigests fills cfg's defaults and returns the builder and job.
func NewDigests(cfg DigestConfig, src DigestSource, log *slog.Logger) *Digests {
	// At is taken as given: 0 is midnight ([digest] time = "00:00"), not
	// unset; the config's default is DefaultDigestAt's "08:30".
	if cfg.Workdays == ([7]bool{}) {
		cfg.Workdays = DefaultWorkHours(nil).Days
	}
	if cfg.BounceWindow <= 0 {
		cfg.BounceWindow = DefaultBounceWindow
	}
	for i, p := range cfg.People {
		cfg.People[i].Email = strings.ToLower(p.Email)
		if p.Location == nil {
			cfg.People[i].Location = time.UTC
		}
	}
	return &Digests{cfg: cfg, src: src, log: log, done: map[string]string{}}
}

// People lists the salespeople who get a digest, in configured order.
func (g *Digests) People() []string {
	out := make([]string, len(g.cfg.People))
	for i, p := range g.cfg.People {
		out[i] = p.Email
	}
	return out
}

func (g *Digests) person(email string) (DigestPerson, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	for _, p := range g.cfg.People {
		if p.Email == email {
			return p, nil
		}
	}
	return DigestPerson{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "%s is not a [[salesperson]]: known: %s", email, strings.Join(g.People(), ", "))
}

// Build gathers salesperson's digest as of now, each section listing at
// most DigestListLimit lines. It reads the store only.
func (g *Digests) Build(ctx context.Context, salesperson string, now time.Time) (Digest, error) {
	p, err := g.person(salesperson)
	if err != nil {
		return Digest{}, err
	}
	return g.build(ctx, p, now, g.src, DigestListLimit)
}

// BuildAll is Build listing every line of every section.
func (g *Digests) BuildAll(ctx context.Context, salesperson string, now time.Time) (Digest, error) {
	p, err := g.person(salesperson)
	if err != nil {
		return Digest{}, err
	}
	return g.build(ctx, p, now, g.src, 0)
}

// build gathers p's digest from src (g.src, or a run's sharing of it),
// each section listing at most limit lines (0: every one).
func (g *Digests) build(ctx context.Context, p DigestPerson, now time.Time, src DigestSource, limit int) (Digest, error) {
	local := now.In(p.Location)
	day := midnight(local)
	d := Digest{Salesperson: p.Email, Name: p.Name, Date: day.Format(time.DateOnly), TimeZone: p.Location.String(),
		Now: now, Target: int64(g.cfg.Target / time.Second), GradeTargets: gradeTargetSeconds(g.cfg.GradeTargets), Lang: p.Lang, Limit: limit, loc: p.Location, web: strings.TrimRight(g.cfg.WebURL, "/")}
	// The previous digest day: its reply times are today's figures. What
	// happened since its digest went out is news today; what goes out
	// before the next digest is listed too.
	prev := g.previousDay(p, day)
	d.RepliesSince = prev
	reader, err := g.readerOf(ctx, p, now, src)
	if err != nil {
		return Digest{}, fmt.Errorf("digest for %s: who reads it: %w", p.Email, err)
	}
	since, err := g.lastDigest(ctx, p, reader, day, src)
	if err != nil {
		return Digest{}, fmt.Errorf("digest for %s: the previous digest: %w", p.Email, err)
	}
	if since.IsZero() {
		since = g.slot(p, prev)
	}
	if since.After(now) {
		since = now
	}
	d.Since, d.NextDigest = since, g.nextSlot(p, now)
	d.manager = g.cfg.Manager != "" && strings.EqualFold(p.Email, g.cfg.Manager)
	d.translate = g.cfg.Translate
	until := d.NextDigest
	if until.IsZero() {
		until = day.AddDate(0, 0, 1)
	}
	fail := func(what string, err error) (Digest, error) {
		return Digest{}, fmt.Errorf("digest for %s: %s: %w", p.Email, what, err)
	}
	if d.customers, err = src.CustomerNames(ctx); err != nil {
		return fail("customer names", err)
	}
	if d.Unanswered, d.UnansweredTotal, err = src.Unanswered(ctx, p.Email, now, limit); err != nil {
		return fail("unanswered mail", err)
	}
	if d.OffTeam, err = g.offTeam(ctx, p, now, src); err != nil {
		return fail("unanswered mail of people not on the team", err)
	}
	var table ReplyTable
	table, err = src.Replies(ctx, prev, day, now)
	if err != nil {
		return fail("reply times", err)
	}
	if f, ok := table.Of(p.Email); ok && (f.Count > 0 || f.NoAnswerNeeded > 0 || f.AnsweredUnseen > 0) {
		d.Replies = &f
		// Each clock keeps the target of its day: after a change the
		// head's target is not what yesterday's mail was judged with.
		if TargetsChanged(f.Judged, g.cfg.Target, g.cfg.GradeTargets) {
			for _, j := range f.Judged {
				if !slices.Contains(d.judged, j.Seconds) {
					d.judged = append(d.judged, j.Seconds)
				}
			}
			slices.Sort(d.judged)
		}
	}
	tasks, err := src.OpenTasks(ctx, p.Email)
	if err != nil {
		return fail("tasks", err)
	}
	tomorrow := day.AddDate(0, 0, 1)
	for _, t := range tasks {
		if t.DueAt.Before(tomorrow) {
			d.Calls = append(d.Calls, t)
		}
	}
	enrs, err := src.Enrollments(ctx)
	if err != nil {
		return fail("sequences", err)
	}
	if d.Ended, err = g.notDryRun(ctx, endedWithoutAnswer(enrs, p.Email, since, now), src); err != nil {
		return fail("sequences ended", err)
	}
	queued, redo, err := g.queuedSteps(ctx, enrs, p.Email, now, until)
	if err != nil {
		return fail("follow-ups queued", err)
	}
	d.DueFollowUps = dueFollowUps(enrs, p.Email, until, redo)
	g.markDryRun(d.DueFollowUps)
	if len(queued) > 0 {
		d.DueFollowUps = append(queued, d.DueFollowUps...)
		sort.SliceStable(d.DueFollowUps, func(i, j int) bool { return d.DueFollowUps[i].At.Before(d.DueFollowUps[j].At) })
	}
	if err := g.heldWhileAway(ctx, p.Email, now, d.DueFollowUps); err != nil {
		return fail("absences", err)
	}
	// A failed follow-up is hers when it is signed as her, or when it is of
	// her customer in a colleague's name, as her desk lists it
	// (web-enrollments-failed): the colleague may be away.
	var theirs []int64
	for _, e := range enrs {
		if e.Status == keepwarm.EnrollFailed && !strings.EqualFold(e.SignedBy(), p.Email) && !slices.Contains(theirs, e.CustomerID) {
			theirs = append(theirs, e.CustomerID)
		}
	}
	owners, err := src.CustomerOwners(ctx, theirs)
	if err != nil {
		return fail("failed follow-ups", err)
	}
	for _, e := range enrs {
		if e.Status == keepwarm.EnrollFailed {
			if strings.EqualFold(e.SignedBy(), p.Email) {
				d.Failed = append(d.Failed, e)
			} else if o, ok := owners[e.CustomerID]; ok && strings.EqualFold(o, p.Email) {
				d.Failed = append(d.Failed, e)
				if d.failedAs == nil {
					d.failedAs = map[int64]string{}
				}
				d.failedAs[e.ID] = g.personName(e.SignedBy())
			}
		}
		if waitsForAPerson(e) && strings.EqualFold(e.SignedBy(), p.Email) {
			d.Waiting = append(d.Waiting, e)
		}
	}
	skips, err := src.FollowUpSkips(ctx, 0, since)
	if err != nil {
		return fail("mails not followed up", err)
	}
	for _, s := range skips {
		owner := s.Owner
		if owner == "" { // a customer without an owner: the mailbox's
			owner = g.cfg.MailboxOwners[s.Mailbox]
		}
		// A mail to other contacts is listed while it is still to be
		// written by hand, as on the customer's page: one they answered,
		// or one the team wrote to again, needs no chasing.
		if s.Reason == keepwarm.SkipOtherContacts && !s.ByHand {
			continue
		}
		if s.Reason != keepwarm.SkipAnswered && strings.EqualFold(owner, p.Email) {
			d.NotFollowed = append(d.NotFollowed, s)
		}
	}
	if d.Reviews, err = src.DueReviews(ctx, p.Email, now); err != nil {
		return fail("reviews", err)
	}
	sort.SliceStable(d.Reviews, func(i, j int) bool { return gradeRank(d.Reviews[i].Grade) < gradeRank(d.Reviews[j].Grade) })
	if d.Returning, err = src.ReturningClaims(ctx, p.Email, now); err != nil {
		return fail("pool claims", err)
	}
	if d.Bounced, err = src.Bounced(ctx, p.Email, now.Add(-g.cfg.BounceWindow)); err != nil {
		return fail("bounced addresses", err)
	}
	if d.OptedOut, err = src.OptedOut(ctx, p.Email, now.Add(-g.cfg.BounceWindow)); err != nil {
		return fail("opted-out addresses", err)
	}
	signers := signersOf(enrs)
	if d.Uncertain, err = g.uncertain(ctx, p.Email, signers); err != nil {
		return fail("uncertain sends", err)
	}
	if d.ChatMissed, err = g.chatMissed(ctx, p.Email, since); err != nil {
		return fail("chat nudges", err)
	}
	if d.NotSent, err = g.notSent(ctx, p.Email, since, signers); err != nil {
		return fail("skipped follow-ups", err)
	}
	if d.SentFollowUps, err = g.sentFollowUps(ctx, p.Email, since, now, signers); err != nil {
		return fail("follow-ups sent", err)
	}
	if d.GreetingsSent, d.Greetings, err = g.greetings(ctx, p.Email, since, now, until); err != nil {
		return fail("greetings", err)
	}
	problems, err := src.MailboxProblems(ctx)
	if err != nil {
		return fail("mailboxes", err)
	}
	for _, mp := range problems {
		switch {
		case !strings.EqualFold(g.cfg.MailboxOwners[mp.Mailbox], p.Email):
		case mp.Sending:
			d.NotSending = append(d.NotSending, mp)
		default:
			d.Mailboxes = append(d.Mailboxes, mp)
		}
	}
	return d, nil
}

// endedWithoutAnswer are owner's enrollments that did every step with no
// answer in [since, until).
func endedWithoutAnswer(enrs []keepwarm.Enrollment, owner string, since, until time.Time) []keepwarm.Enrollment {
	var out []keepwarm.Enrollment
	for _, e := range enrs {
		if e.Status == keepwarm.EnrollCompleted && strings.EqualFold(e.SignedBy(), owner) &&
			!e.UpdatedAt.Before(since) && e.UpdatedAt.Before(until) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UpdatedAt.Before(out[j].UpdatedAt) })
	return out
}

// notDryRun drops from ended the follow-ups whose every step was only
// recorded (a dry-run trial): nothing reached the customer, so none ended
// "without an answer", and nobody is to phone about mails never sent.
func (g *Digests) notDryRun(ctx context.Context, ended []keepwarm.Enrollment, src DigestSource) ([]keepwarm.Enrollment, error) {
	if len(ended) == 0 {
		return ended, nil
	}
	from, until := ended[0].CreatedAt, ended[0].CreatedAt
	for _, e := range ended {
		if e.CreatedAt.Before(from) {
			from = e.CreatedAt
		}
		if e.CreatedAt.After(until) {
			until = e.CreatedAt
		}
	}
	dry, err := src.DryRunEnrollments(ctx, from, until.Add(time.Second))
	if err != nil {
		return nil, err
	}
	out := ended[:0:0]
	for _, e := range ended {
		if !dry[e.ID] {
			out = append(out, e)
		}
	}
	return out, nil
}

// markDryRun marks the due steps of sequences in dry-run mode ([sequences]
// mode, or the sequence's own) "dry-run": recorded when due, not sent.
func (g *Digests) markDryRun(due []DigestSend) {
	if len(due) == 0 || (g.cfg.Mode != keepwarm.ModeDryRun && g.cfg.Sequences == nil) {
		return
	}
	var defs *Definitions
	if g.cfg.Mode != keepwarm.ModeDryRun {
		defs = g.cfg.Sequences()
	}
	for i, f := range due {
		if f.Status != "due" && f.Status != "held" {
			continue
		}
		if g.cfg.Mode == keepwarm.ModeDryRun {
			due[i].Status = "dry-run"
		} else if defs == nil {
			continue
		} else if def, ok := defs.Get(f.Sequence); ok && def.Mode == keepwarm.ModeDryRun {
			due[i].Status = "dry-run"
		}
	}
}

// signersOf maps each enrollment to the salesperson its steps are signed
// as (Enrollment.SignedBy).
func signersOf(enrs []keepwarm.Enrollment) map[int64]string {
	out := make(map[int64]string, len(enrs))
	for _, e := range enrs {
		out[e.ID] = e.SignedBy()
	}
	return out
}

// inNameOf reports whether the outbox item it goes out in owner's name: a
// follow-up step in the name its follow-up is signed as (signers, by
// enrollment), which from a shared mailbox is whoever wrote the mail
// followed up, not the mailbox's owner; anything else, from a mailbox
// owner owns or as owner.
func (g *Digests) inNameOf(it keepwarm.OutboxItem, owner string, signers map[int64]string) bool {
	if it.Enrollment != nil {
		if s, ok := signers[*it.Enrollment]; ok {
			return strings.EqualFold(s, owner)
		}
	}
	return strings.EqualFold(g.cfg.MailboxOwners[it.Mailbox], owner) || strings.EqualFold(it.From.Email, owner)
}

// uncertain lists the sends that may or may not have gone out in owner's
// name (inNameOf).
func (g *Digests) uncertain(ctx context.Context, owner string, signers map[int64]string) ([]keepwarm.OutboxItem, error) {
	items, err := g.src.Outbox(ctx, keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxUncertain}})
	if err != nil {
		return nil, err
	}
	var out []keepwarm.OutboxItem
	for _, it := range items {
		if !it.SettledAt.IsZero() {
			continue // a person dealt with it (sent again, arrived, stopped)
		}
		if g.inNameOf(it, owner, signers) {
			out = append(out, it)
		}
	}
	return out, nil
}

// chatMissed lists the chat nudges to owner that failed or became
// uncertain since since.
func (g *Digests) chatMissed(ctx context.Context, owner string, since time.Time) ([]keepwarm.OutboxItem, error) {
	items, err := g.src.Outbox(ctx, keepwarm.OutboxFilter{Origin: OriginNudge,
		Status: []keepwarm.OutboxStatus{keepwarm.OutboxFailed, keepwarm.OutboxUncertain}})
	if err != nil {
		return nil, err
	}
	var out []keepwarm.OutboxItem
	for _, it := range items {
		if it.Chat == nil || outcomeAt(it).Before(since) {
			continue
		}
		for _, a := range it.To {
			if strings.EqualFold(a.Email, owner) {
				out = append(out, it)
				break
			}
		}
	}
	return out, nil
}

// notSent lists the follow-up mails in owner's name (inNameOf) skipped
// since since, with why (they would have said nothing, or the send's last
// look stopped them).
func (g *Digests) notSent(ctx context.Context, owner string, since time.Time, signers map[int64]string) ([]keepwarm.OutboxItem, error) {
	items, err := g.src.Outbox(ctx, keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxSkipped}, Origin: OriginSequence})
	if err != nil {
		return nil, err
	}
	var out []keepwarm.OutboxItem
	for _, it := range items {
		if g.inNameOf(it, owner, signers) && it.LastError != "" && !outcomeAt(it).Before(since) {
			out = append(out, it)
		}
	}
	return out, nil
}

// outcomeAt is when an outbox item that ended unsent (skipped, failed,
// uncertain) reached that state, as far as the item tells: not before it
// was due (NextAttemptAt, moved on by every hold and retry) nor before its
// latest attempt, and the send's last look or attempt comes as soon as it
// is due. A step queued Monday, held until Tuesday noon and skipped then is
// news in Wednesday's digest, not lost because Tuesday's saw it still
// queued; one skipped before a digest is not news again in the next. A
// person's Skip on the desk comes with no attempt, often while a hold has
// put the item off for days: its EndedAt says when, so it is news once.
func outcomeAt(it keepwarm.OutboxItem) time.Time {
	if !it.EndedAt.IsZero() {
		return it.EndedAt
	}
	at := it.CreatedAt
	for _, t := range []time.Time{it.NextAttemptAt, it.AttemptedAt} {
		if t.After(at) {
			at = t
		}
	}
	return at
}

// greetings lists the greetings and letters sent as owner: done, those
// whose send time fell in [since, now), with what became of each, and
// those whose send time fell before since that ended unsent in [since,
// now) (judged by when they ended, as notSent judges follow-up steps: the
// last digest saw them still waiting); coming, those whose send time
// falls in [now, until). A greeting the plan leaves out on purpose (the
// contact opted out, bounced or left, a festival the customer does not
// keep, the same person greeted at another address) is in neither: only
// those that should have gone and did not, with why.
func (g *Digests) greetings(ctx context.Context, owner string, since, now, until time.Time) (done, coming []DigestGreeting, err error) {
	if g.cfg.Greetings == nil {
		return nil, nil, nil
	}
	ended, endedMonths, err := g.greetingsEnded(ctx, since, now)
	if err != nil {
		return nil, nil, err
	}
	// Customers' send days are in their own zones: plan every month the
	// span touches anywhere (a day back, for a greeting of the day before
	// since missed after it), and the months of those that ended since.
	var months []string
	for t := since.Add(-38 * time.Hour).UTC(); ; t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC) {
		months = append(months, t.Format("2006-01"))
		if t.Format("2006-01") >= until.Add(14*time.Hour).UTC().Format("2006-01") {
			break
		}
	}
	for _, m := range endedMonths {
		if !slices.Contains(months, m) {
			months = append(months, m)
		}
	}
	var away *Roster
	seen := map[string]bool{}
	for _, m := range months {
		plan, err := g.cfg.Greetings.PlanMonth(ctx, m, now)
		if err != nil {
			return nil, nil, err
		}
		for _, it := range plan.Items {
			mine := strings.EqualFold(it.From.Email, owner) || strings.EqualFold(g.cfg.MailboxOwners[it.Mailbox], owner) ||
				(it.From.Email == "" && strings.EqualFold(it.rec.Customer.Owner, owner)) // no mailbox to send from
			// Its time passed before the last digest, which saw it still
			// waiting (queued, held, retried, or due with keepwarm not
			// running), and it ended unsent since: news now, once.
			late := it.SendAt.Before(since) && (ended[it.Key] ||
				(it.Status == PlanMissed && !it.Latest.Before(since) && it.Latest.Before(now)))
			if !mine || seen[it.Key] || (it.Status == PlanSkip && !it.fix) ||
				(it.SendAt.Before(since) && !late) || !it.SendAt.Before(until) {
				continue
			}
			seen[it.Key] = true
			gr := DigestGreeting{Kind: it.Kind, Occasion: it.OccasionName, Customer: it.Customer, CustomerName: it.CustomerName,
				To: it.To, SendAt: it.SendAt, Status: it.Status, Reason: it.Reason}
			switch {
			case it.Kind == OriginLetter:
				gr.month = it.Month
				gr.Occasion = "monthly letter " + it.Month
			case it.Occasion == OccasionBirthday:
				// The occasion's name is written for the customer ("your
				// birthday"); the salesperson reads whose it is.
				gr.birthdayOf = personLabel(it.To)
				gr.Occasion = "birthday of " + gr.birthdayOf
			}
			if g.cfg.Away != nil && (it.Status == PlanPlanned || it.Status == PlanDue || it.Status == string(keepwarm.OutboxQueued)) {
				// The send's last look holds or drops it while its sender
				// is away: say so, not that it goes. One whose time has
				// passed and that still waits is judged now, as the last
				// look will.
				if away == nil {
					r, err := g.cfg.Away.Roster(ctx, now)
					if err != nil {
						return nil, nil, err
					}
					away = &r
				}
				awayFor(&gr, it, *away, now)
			}
			if it.SendAt.Before(now) {
				done = append(done, gr)
				continue
			}
			coming = append(coming, gr)
		}
	}
	for _, l := range [][]DigestGreeting{done, coming} {
		sort.SliceStable(l, func(i, j int) bool { return l[i].SendAt.Before(l[j].SendAt) })
	}
	return done, coming, nil
}

// greetingsEnded finds the greetings and letters (by outbox key) that
// ended unsent (skipped, failed, uncertain) in [since, now) by when they
// ended (the outbox's ended_at, read through its index),
// and the months they were planned in (by their due time, a customer's
// day on either side of UTC): one held across a digest (a copy not filed
// in Sent, the day's or month's cap, a follow-up still running) or retried
// past it, and then not sent, was seen still queued by that digest.
// Recorded only in dry-run, it never was to go: not listed again.
func (g *Digests) greetingsEnded(ctx context.Context, since, now time.Time) (map[string]bool, []string, error) {
	ended := map[string]bool{}
	var months []string
	items, err := g.src.EndedUnsent(ctx, since, now)
	if err != nil {
		return nil, nil, err
	}
	for _, it := range items {
		ended[it.Key] = true
		for _, t := range []time.Time{it.DueAt.Add(-14 * time.Hour), it.DueAt.Add(14 * time.Hour)} {
			if m := t.UTC().Format("2006-01"); !slices.Contains(months, m) {
				months = append(months, m)
			}
		}
	}
	return ended, months, nil
}

// Greeting statuses the digest adds to the plan's: not sent, or waiting,
// while the sender is away.
const (
	greetingAwaySkip = "away"
	greetingAwayHeld = "held"
)

// awayFor marks gr as the send's last look will treat it when its sender
// is away when it looks (AwayAtLook at now): held until they are back
// within its day (a letter: its month), else not sent.
func awayFor(gr *DigestGreeting, it PlanItem, r Roster, now time.Time) {
	held, _, why, ok := AwayAtLook(it, r, now)
	if !ok {
		return
	}
	gr.Status, gr.Reason = greetingAwaySkip, why
	if held {
		gr.Status = greetingAwayHeld
	}
}

// AwayVerdict says what the send's last look (Greetings.Precheck) does
// with a planned greeting or letter whose sender is away at its send time,
// per the roster r: held until they are back (held, until) when that is
// within its day (a letter: its month), else not sent; why says which, in
// the words of the last look. ok is false when the sender is not away
// then. The sender is the salesperson the item goes in the name of (the
// customer's owner), whose absences these are, not the mailbox login it is
// sent from.
func AwayVerdict(it PlanItem, r Roster) (held bool, until time.Time, why string, ok bool) {
	sender := it.rec.Customer.Owner
	if sender == "" {
		sender = it.From.Email
	}
	a, ok := keepwarm.AwayAt(r.Absences, sender, it.SendAt)
	if !ok {
		return false, time.Time{}, "", false
	}
	loc := it.Location()
	if loc == nil {
		loc = time.UTC
	}
	what, span, last := "greeting", "day", it.Latest
	if it.Kind == OriginLetter {
		// Its month is the one it is for (Month), not the one SendAt
		// falls in: a wait may end on the 1st of the next.
		first, err := time.ParseInLocation("2006-01", it.Month, loc)
		if err != nil {
			y, m, _ := it.SendAt.In(loc).Date()
			first = time.Date(y, m, 1, 0, 0, 0, 0, loc)
		}
		what, span, last = "letter", "month", first.AddDate(0, 1, 0)
	}
	if last.IsZero() {
		last = it.SendAt
	}
	if a.NoReturnDate && !a.Until.IsZero() {
		// Their first normal mail ends it: the last look holds the item
		// and looks again within the hour while its day (a letter: its
		// month) allows.
		if a.Until.Before(last) {
			return true, a.Until, fmt.Sprintf("%s is away (%s, no return date given): the %s waits until %s, when keepwarm takes them as back at the latest",
				sender, a.Source, what, a.Until.In(loc).Format("Mon 2 Jan 15:04")), true
		}
		return true, time.Time{}, fmt.Sprintf("%s is away (%s, no return date given): the %s waits for them to write again within its %s; if they do not, it is not sent in their name while they are away",
			sender, a.Source, what, span), true
	}
	if a.Until.IsZero() || a.NoReturnDate || !a.Until.Before(last) {
		return false, time.Time{}, fmt.Sprintf("%s is away (%s) and not back before the %s's %s ends: it is not sent in their name while they are away",
			sender, a.Source, what, span), true
	}
	return true, a.Until, fmt.Sprintf("%s is away (%s) until %s: the %s waits until they are back",
		sender, a.Source, a.Until.In(loc).Format("Mon 2 Jan 15:04"), what), true
}

// AwayRoster is who is away, read at now, for AwayVerdict; ok is false
// when the job reads no absences.
func (g *Greetings) AwayRoster(ctx context.Context, now time.Time) (r Roster, ok bool, err error) {
	if g.cfg.Away == nil {
		return Roster{}, false, nil
	}
	r, err = g.cfg.Away.Roster(ctx, now)
	return r, err == nil, err
}

// sentFollowUps lists the follow-up steps sent or drafted in owner's name
// (inNameOf) in [since, now), oldest first.
func (g *Digests) sentFollowUps(ctx context.Context, owner string, since, now time.Time, signers map[int64]string) ([]DigestSend, error) {
	items, err := g.src.SentBetween(ctx, OriginSequence, since, now)
	if err != nil {
		return nil, err
	}
	var out []DigestSend
	for _, it := range items {
		if !g.inNameOf(it, owner, signers) || it.SentAt.Before(since) || !it.SentAt.Before(now) {
			continue
		}
		step := 0
		if it.Step != nil {
			step = *it.Step + 1
		}
		enr := int64(0)
		if it.Enrollment != nil {
			enr = *it.Enrollment
		}
		out = append(out, DigestSend{CustomerID: it.CustomerID, ThreadID: it.ThreadID, Enrollment: enr, To: it.To, Sequence: it.Sequence,
			Step: step, Subject: it.Subject, At: it.SentAt, Status: string(it.Status)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// dueFollowUps lists owner's running follow-ups whose next step, a mail,
// is due before until, soonest first. A call step is a task: Calls due
// lists it. redo holds, by enrollment, the step (an index) the send's last
// look will put back: that step, queued, goes when the follow-up does, not
// the one after it where the enrollment stands.
func dueFollowUps(enrs []keepwarm.Enrollment, owner string, until time.Time, redo map[int64]int) []DigestSend {
	var out []DigestSend
	for _, e := range enrs {
		// A paused one whose pause ends before until goes then too (as the
		// desk lists it): the follow-up job resumes it and sends the step.
		at, ok := e.NextStepAt()
		if !ok || !strings.EqualFold(e.SignedBy(), owner) || !at.Before(until) {
			continue
		}
		step, back := redo[e.ID]
		if !back {
			step = e.Step
			if step < len(e.Plan) && strings.HasPrefix(e.Plan[step], "task:") {
				continue
			}
		}
		out = append(out, DigestSend{Customer: e.Customer, CustomerID: e.CustomerID, ThreadID: e.ThreadID, Enrollment: e.ID, To: e.To,
			Sequence: e.Sequence, Step: step + 1, At: at, Status: "due"})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// queuedSteps lists owner's follow-up steps already in the outbox that go
// before until: a step the send's last look holds (the sending limit
// reached, the mailbox not readable) waits there, queued, its enrollment
// already at the step after it, so dueFollowUps does not see it. A step
// whose follow-up was paused since, and is still paused when the step is
// to go, is not listed: the last look skips it and puts the step back
// (redo, by enrollment), so it goes when the pause ends, if it does.
func (g *Digests) queuedSteps(ctx context.Context, enrs []keepwarm.Enrollment, owner string, now, until time.Time) ([]DigestSend, map[int64]int, error) {
	items, err := g.src.Outbox(ctx, keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxQueued}, Origin: OriginSequence})
	if err != nil {
		return nil, nil, err
	}
	var redo map[int64]int
	byID := make(map[int64]keepwarm.Enrollment, len(enrs))
	for _, e := range enrs {
		byID[e.ID] = e
	}
	var out []DigestSend
	for _, it := range items {
		if it.Mode == keepwarm.ModeDryRun || !it.NextAttemptAt.Before(until) {
			continue
		}
		s := DigestSend{CustomerID: it.CustomerID, ThreadID: it.ThreadID, To: it.To, Sequence: it.Sequence, At: it.NextAttemptAt, Status: "due"}
		mine := strings.EqualFold(g.cfg.MailboxOwners[it.Mailbox], owner) || strings.EqualFold(it.From.Email, owner)
		if it.Enrollment != nil {
			s.Enrollment = *it.Enrollment
			if e, ok := byID[s.Enrollment]; ok {
				ended, paused := QueuedStepHeld(e, it, now)
				if ended {
					continue // an answer, a person: the last look drops it
				}
				if paused && it.Step != nil {
					if redo == nil {
						redo = map[int64]int{}
					}
					at, ok := HeldStepAt(e, it)
					if !ok {
						at = *it.Step
					}
					redo[e.ID] = at
					continue
				}
				s.Customer, mine = e.Customer, strings.EqualFold(e.SignedBy(), owner)
				if it.Step != nil {
					// The step it is wherever an edit moved it, as the
					// desk and Skip's question number it.
					at, ok := HeldStepAt(e, it)
					if !ok {
						at = *it.Step
					}
					s.Step = at + 1
				}
				if QueuedStepReplaced(e, it) {
					s.Status = "replaced"
				}
			}
		}
		if !mine {
			continue
		}
		if it.Step != nil && s.Step == 0 {
			s.Step = *it.Step + 1
		}
		out = append(out, s)
	}
	return out, redo, nil
}

// heldWhileAway marks the due follow-ups of owner that fall due while
// owner is away (as the follow-up job holds them: not sent in their name
// until they are back), with when they are back.
func (g *Digests) heldWhileAway(ctx context.Context, owner string, now time.Time, due []DigestSend) error {
	if g.cfg.Away == nil || len(due) == 0 || (g.cfg.WhileAway != nil && g.cfg.WhileAway(owner)) {
		return nil
	}
	r, err := g.cfg.Away.Roster(ctx, now)
	if err != nil {
		return err
	}
	for i := range due {
		if due[i].Status == "dry-run" || due[i].Status == "replaced" {
			continue // it is not sent at all
		}
		at := due[i].At
		if at.Before(now) {
			at = now // overdue: goes at the next run, if its owner is not away then
		}
		a, ok := keepwarm.AwayAt(r.Absences, owner, at)
		if !ok {
			continue
		}
		due[i].Status, due[i].HeldWhy = "held", string(a.Source)
		if !a.Until.IsZero() && !a.NoReturnDate {
			due[i].HeldUntil = a.Until
		}
	}
	return nil
}

// offTeam lists the unanswered mail of owners not on the team that p
// stands in for: p owns the mailbox it reached, or p is the manager and
// that mailbox's owner is not on the team either (the nudges' stand-in
// rule).
func (g *Digests) offTeam(ctx context.Context, p DigestPerson, now time.Time, src DigestSource) ([]keepwarm.Nudge, error) {
	manager := strings.ToLower(g.cfg.Manager)
	names := make([]string, 0, len(g.cfg.Team))
	for e := range g.cfg.Team {
		names = append(names, e)
	}
	sort.Strings(names)
	all, err := src.UnansweredOffTeam(ctx, names, now)
	if err != nil {
		return nil, err
	}
	var out []keepwarm.Nudge
	for _, n := range all {
		standIn := ""
		for _, q := range []string{g.cfg.MailboxOwners[n.Mailbox], manager} {
			if q = strings.ToLower(q); q != "" && g.cfg.Team[q] {
				standIn = q
				break
			}
		}
		if standIn == p.Email {
			out = append(out, n)
		}
	}
	return out, nil
}

// isDigestDay reports whether p gets a digest on the civil day (a local
// midnight): one of their workdays that is not a public holiday of their
// calendar, or a weekend day their calendar has as worked in exchange for
// a longer holiday (China's make-up working days).
func (g *Digests) isDigestDay(p DigestPerson, day time.Time) bool {
	days := g.cfg.Workdays
	if p.Workdays != ([7]bool{}) {
		days = p.Workdays
	}
	if p.Country == "" {
		return days[day.Weekday()]
	}
	return worksOn(g.cfg.Calendars, p.Country, days, day)
}

// previousDay is the start of the digest day before day (at most two weeks
// back): on a Monday, Friday's, so the weekend's news is in.
func (g *Digests) previousDay(p DigestPerson, day time.Time) time.Time {
	for i := 1; i <= 14; i++ {
		d := day.AddDate(0, 0, -i)
		if g.isDigestDay(p, d) {
			return d
		}
	}
	return day.AddDate(0, 0, -1)
}

// digestLookBack is how many days back lastDigest looks for the previous
// digest: longer than most absences (Spring Festival, a summer's leave),
// so the first digest back covers the whole of one.
const digestLookBack = 31

// lastDigest is when the latest digest before day that reader received
// of p's was decided: built and queued, or found empty and recorded, on
// any day of the month before (zero when none was). The next digest starts
// there, so nothing is news in two digests and nothing falls between
// them: a digest built late (the daemon was down at its time) covered up
// to when it was built; a day with no digest at all (the daemon was down
// all day) leaves its news to the next one; one sent by hand on a day off
// covered up to then. reader is p, or whoever covers for p today: a digest
// that went to someone else (a backup while p was away) is not one p read,
// so p's first digest back starts where p's last own one ended. A backup's
// starts after the latest of p's digests that reached anyone, p's own
// among them: the first of a new cover starts where p's last own one
// ended, not at the backup's copies of an earlier cover, whose news since
// p read and dealt with (a backup told it is theirs would write to those
// customers again). A digest that failed for
// good (the [notify] server refused it until its retries ran out), or was
// stopped unsent, reached nobody: its news goes into the next one; so
// has one still queued ([notify] could not send it), which the next
// digest supersedes.
func (g *Digests) lastDigest(ctx context.Context, p DigestPerson, reader string, day time.Time, src DigestSource) (time.Time, error) {
	keys := make([]string, digestLookBack)
	for i := range keys {
		keys[i] = DigestKey(p.Email, day.AddDate(0, 0, -1-i).Format(time.DateOnly))
	}
	have, err := src.OutboxByKeys(ctx, keys)
	if err != nil {
		return time.Time{}, err
	}
	if !strings.EqualFold(reader, p.Email) {
		reader = "" // a backup: whoever it reached
	}
	for _, k := range keys { // newest first
		if it, ok := have[k]; ok && digestReached(it, reader) {
			return it.CreatedAt, nil
		}
	}
	return time.Time{}, nil
}

// digestReached reports whether the digest item it reached reader ("":
// anyone it was addressed to), or may have: sent, on its way, uncertain,
// or the record of a day found empty (addressed to whoever would have read
// it). One still queued has reached nobody yet: the next day's digest
// takes its place (supersede) and starts before it.
func digestReached(it keepwarm.OutboxItem, reader string) bool {
	addressed := false
	for _, a := range it.To {
		if reader == "" || strings.EqualFold(a.Email, reader) {
			addressed = true
		}
	}
	if !addressed {
		return false
	}
	switch {
	case it.Mode == keepwarm.ModeDryRun:
		return true
	case it.Status == keepwarm.OutboxFailed, it.Status == keepwarm.OutboxSkipped, it.Status == keepwarm.OutboxQueued:
		return false
	}
	return true
}

// readerOf is who reads p's digest built at now: p, or whoever covers for
// p then (as addressed sends it).
func (g *Digests) readerOf(ctx context.Context, p DigestPerson, now time.Time, src DigestSource) (string, error) {
	if g.cfg.Away == nil {
		return p.Email, nil
	}
	rs, _ := src.(*runSource)
	roster, err := rs.roster(ctx, g.cfg.Away, now)
	if err != nil {
		return "", err
	}
	if who, cover := roster.Cover(p.Email); cover != nil && who != "" {
		return strings.ToLower(who), nil
	}
	return p.Email, nil
}

// slot is the digest instant on day, in p's zone.
func (g *Digests) slot(p DigestPerson, day time.Time) time.Time {
	return wallTime(p.Location, day, g.cfg.At)
}

// midnight is the start of t's civil day in t's location.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func gradeRank(g string) int {
	if i := strings.Index("ABCDE", g); i >= 0 && g != "" {
		return i
	}
	return 5
}

// waitsForAPerson reports whether e is held by keepwarm until a person
// looks: paused with no end for a reason of keepwarm's, not by a person's
// own Pause (who knows it waits for them), with what happened since added
// to its reason or not.
func waitsForAPerson(e keepwarm.Enrollment) bool {
	head, _, _ := strings.Cut(e.Reason, "; ")
	return e.Status == keepwarm.EnrollPaused && e.PausedUntil.IsZero() && head != pausedByPersonReason
}

// personName is the configured name of the salesperson of that address,
// else the address.
func (g *Digests) personName(email string) string {
	for _, p := range g.cfg.People {
		if strings.EqualFold(p.Email, email) && p.Name != "" {
			return p.Name
		}
	}
	return email
}
