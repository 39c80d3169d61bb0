package sequences

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"keepwarm"
	"keepwarm/templates"
	"keepwarm/worldcal"
)

// FollowUpStore is what the follow-up job needs from the database; store.DB
// satisfies it.
type FollowUpStore interface {
	EnrollCandidates(ctx context.Context, since time.Time) ([]keepwarm.EnrollCandidate, error)
	// MatchSentDrafts records the copies in Sent that steps filed in
	// Drafts since since were sent as under another Message-ID.
	MatchSentDrafts(ctx context.Context, since time.Time) error
	EnrollmentEvents(ctx context.Context, e keepwarm.Enrollment, company bool) ([]keepwarm.FollowUpEvent, error)
	// KeepwarmCopyOf is the origin ("greeting", "letter") of the item
	// keepwarm filed in Drafts whose copy in Sent the message is, else "".
	KeepwarmCopyOf(ctx context.Context, messageID int64) (string, error)
	// EnrollmentEventsSince reads the mail after since once and answers
	// EnrollmentEvents for anchors after since from it (ok false otherwise).
	EnrollmentEventsSince(ctx context.Context, since time.Time) (func(e keepwarm.Enrollment, company bool) ([]keepwarm.FollowUpEvent, bool), error)
	// AbsencesBefore is the automatic replies of the addresses e follows
	// up, received up to its anchor in any thread, that may still be in
	// force at now (pause: the sequence's out-of-office pause).
	AbsencesBefore(ctx context.Context, e keepwarm.Enrollment, now time.Time, pause time.Duration) ([]keepwarm.FollowUpEvent, error)
	FirstContact(ctx context.Context, messageID int64) (bool, error)
	FlagBounced(ctx context.Context, emails []string, now time.Time) (int, error)
	LastStepItem(ctx context.Context, enrollmentID int64, step int) (keepwarm.OutboxItem, bool, error)
	// StepItemsNamed is an enrollment's steps' items of the step named
	// name, whatever their status, the newest first, whatever step index
	// they were queued at.
	StepItemsNamed(ctx context.Context, enrollmentID int64, name string) ([]keepwarm.OutboxItem, error)
	// SkipQueued skips a queued item, why being the reason it keeps
	// (ECONFLICT when it is no longer queued: the dispatcher has it).
	SkipQueued(ctx context.Context, id int64, why string, now time.Time) error
	// MarkArrived makes an uncertain item sent: a person learnt from the
	// recipient that it arrived (ECONFLICT when it is no longer uncertain).
	MarkArrived(ctx context.Context, id int64, note string) error
	// SettleOutbox records how a failed or uncertain item was dealt with
	// (ECONFLICT when it is not failed or uncertain, or settled already).
	SettleOutbox(ctx context.Context, id int64, note string, now time.Time) error
	CapStore
	RecordSkip(ctx context.Context, skips ...keepwarm.FollowUpSkip) error
	BlockedAddresses(ctx context.Context, emails []string) (map[string]string, error)
	// OptOut records an opt-out (and the customer's, when o names it).
	OptOut(ctx context.Context, o keepwarm.OptOut, now time.Time) error
	CustomerForSequence(ctx context.Context, id int64) (keepwarm.Customer, error)
	// LetGoSince says whether a customer went back to the pool at or after
	// since (released or returned at its deadline), when, and by whom, for
	// a follow-up in person's name (a customer merged into it let go
	// counts only for whoever let it go).
	LetGoSince(ctx context.Context, id int64, person string, since time.Time) (who string, at time.Time, ok bool, err error)
	// HandedSince says whether a customer's owner was changed by hand at or
	// after since: the latest such change, to whom and when.
	HandedSince(ctx context.Context, id int64, since time.Time) (to string, at time.Time, ok bool, err error)
	// HandedAwaySince says whether a customer was handed by hand at or
	// after since from person to someone else (true when who held it
	// before is not known).
	HandedAwaySince(ctx context.Context, id int64, person string, since time.Time) (bool, error)
	GetMessage(ctx context.Context, id int64) (keepwarm.Message, error)
	// OwnReplyTexts is the texts of the latest n replies sent from email
	// (and with From name name, when not ""), newest first, without
	// keepwarm's own.
	OwnReplyTexts(ctx context.Context, email, name string, n int) ([]string, error)
	// CustomersForSequence and GetMessages read many at once: by id, those
	// found.
	CustomersForSequence(ctx context.Context, ids []int64) (map[int64]keepwarm.Customer, error)
	GetMessages(ctx context.Context, ids []int64) (map[int64]keepwarm.Message, error)
	Enroll(ctx context.Context, e keepwarm.Enrollment) (keepwarm.Enrollment, error)
	UpdateEnrollment(ctx context.Context, e keepwarm.Enrollment) (keepwarm.Enrollment, error)
	GetEnrollment(ctx context.Context, id int64) (keepwarm.Enrollment, error)
	LiveEnrollmentOfThread(ctx context.Context, threadID int64) (keepwarm.Enrollment, error)
	LiveEnrollments(ctx context.Context) ([]keepwarm.Enrollment, error)
	// RecordPlanDelays records, at once, the delays of enrollments made
	// before plans kept them (by id) on those that still have none,
	// leaving their rev and updated_at.
	RecordPlanDelays(ctx context.Context, delays map[int64][]string) (int, error)
	// UnsignedEnrollments lists the follow-ups whose signer an upgrade
	// left unread; SignerRead records one ("" the owner) and frees at now
	// a step held on the owner's absence.
	UnsignedEnrollments(ctx context.Context) ([]keepwarm.Enrollment, error)
	SignerRead(ctx context.Context, id int64, signer string, now time.Time) error
	// ListEnrollments lists a customer's enrollments in the given statuses
	// (none: all), oldest first.
	ListEnrollments(ctx context.Context, customerID int64, statuses ...keepwarm.EnrollmentStatus) ([]keepwarm.Enrollment, error)
	Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)
	// ReleaseHeld makes the queued items held with a reason beginning
	// with prefix due at now.
	ReleaseHeld(ctx context.Context, prefix string, now time.Time) (int64, error)
	// ReleaseHeldOf is ReleaseHeld for the items of one enrollment.
	ReleaseHeldOf(ctx context.Context, enrollmentID int64, prefix string, now time.Time) (int64, error)
	// NarrowOutbox sends a queued item to fewer recipients (ECONFLICT when
	// it is no longer queued).
	NarrowOutbox(ctx context.Context, id int64, to, cc []keepwarm.Address) error
	AddTask(ctx context.Context, t keepwarm.Task) (bool, error)
	// SkipCallStep records a call step a person skipped (a task row under
	// its key, closed at once with t.Outcome, no call made) and writes e
	// moved on past it, both or neither: e changed since it was read is
	// ECONFLICT with nothing recorded. A task under the key that is not
	// such a record is returned with created false, and e is not written.
	SkipCallStep(ctx context.Context, t keepwarm.Task, e keepwarm.Enrollment) (keepwarm.Task, keepwarm.Enrollment, bool, error)
	// SkipMailStep records a mail step a person skipped (a skipped outbox
	// row under its key, with reason) and writes e moved on past it, both
	// or neither: e changed since it was read is ECONFLICT with nothing
	// recorded. An item under the key that is not skipped is returned with
	// created false, and e is not written.
	SkipMailStep(ctx context.Context, item keepwarm.OutboxItem, reason string, e keepwarm.Enrollment) (keepwarm.OutboxItem, keepwarm.Enrollment, bool, error)
	// EnrollmentTasks lists an enrollment's tasks, open or closed, the
	// oldest first.
	EnrollmentTasks(ctx context.Context, enrollmentID int64) ([]keepwarm.Task, error)
	// ListTasks lists the open tasks (all of them when all), owner's only
	// unless owner is "".
	ListTasks(ctx context.Context, all bool, owner string) ([]keepwarm.Task, error)
	// TaskAnswered closes an open task because the customer answered
	// with the message answer.
	TaskAnswered(ctx context.Context, id int64, now time.Time, outcome string, answer int64) error
	// BlindBounce is the first delivery failure received since since
	// (after e.StoppedBy) that returns one of e's mails or its anchor and
	// names no address, or only one (named) none of them went to, or
	// refused the mail rather than an address (refusal: "hans@buyer.de
	// 5.7.26 authentication"); step is that of the mail returned (-1: the
	// anchor).
	BlindBounce(ctx context.Context, e keepwarm.Enrollment, since time.Time) (id int64, step int, named, refusal string, found bool, err error)
	// CallAnswer is the latest call task of an enrollment a person closed
	// saying why the customer went quiet (other than not-received).
	CallAnswer(ctx context.Context, enrollmentID int64, anchorAt time.Time) (keepwarm.Task, bool, error)
	// EnqueueSkipped records a step that must not be sent, with the reason.
	EnqueueSkipped(ctx context.Context, item keepwarm.OutboxItem, reason string) (keepwarm.OutboxItem, bool, error)
	// Products is the catalog; CustomerWords the subjects and snippets of a
	// customer's latest mail (product introductions match both).
	Products(ctx context.Context) ([]keepwarm.Product, error)
	CustomerWords(ctx context.Context, customerID int64) ([]string, error)
	// ContactDetails is the personal salutation and language the customer
	// book holds for an address ("" when unknown).
	ContactDetails(ctx context.Context, email string) (salutation, language string, err error)
	// ContactHolidays is the festivals and faiths the customer book marks
	// an address as keeping (none when unknown).
	ContactHolidays(ctx context.Context, email string) ([]string, error)
}

// Follow-up defaults.
const (
	// DefaultMaxAge: an outbound message older than this when first seen is
	// not followed up (a first sync of years of mail must not chase them).
	DefaultMaxAge = 14 * 24 * time.Hour
	// OriginSequence marks the outbox items the follow-up job makes.
	OriginSequence = "sequence"
	// lateStep: a step done this much after its due instant (the daemon was
	// down) starts the next step's clock from now, so two steps never go
	// out back to back.
	lateStep = 12 * time.Hour
)

// Identity is who a sequence sends as: a salesperson's mailbox.
type Identity struct {
	Mailbox string // configured mailbox name (it has an smtp_url)
	Owner   string // the salesperson's email, lower-case
	Email   string // the From address (the mailbox's login when it is one)
	Name    string
	// Signature and SignatureHTML end the salesperson's mail; "" uses the
	// name (and the text signature as HTML).
	Signature     string
	SignatureHTML string
	// Location is the salesperson's time zone: the quote's attribution is
	// written in it. nil: UTC.
	Location *time.Location
	// Zone is Location's name when signedAs moved it to the signer's (a
	// shared mailbox's follow-up in the name of someone other than its
	// owner), "" otherwise: the step's outbox item carries it
	// (OutboxItem.TimeZone), so its Date header is in that zone too.
	Zone string
	// MailboxName and MailboxSignature are how a shared mailbox (the
	// team's sales@) signs when nobody else can be named ([[mailbox]]
	// from_name and signature; see signedAs).
	MailboxName      string
	MailboxSignature string
	// SendAs are the other addresses (lower-case) the mailbox may send
	// from ([[mailbox]] send_as): an alias, a second brand's address.
	SendAs []string
	// Shared: the mailbox is logged in as a shared address (the team's
	// sales@ owned by the manager, or by someone with a mailbox of her
	// own; config.SharedLogin), so its owner's address on the login's
	// domain is not one it sends as. A manager's only mailbox under a
	// sign-in name is not shared.
	Shared bool
	// SignedBy is the salesperson the mail is signed as (lower-case), set
	// by signedAs; "" when it names none of them (a mailbox's from_name).
	SignedBy string
}

// Signer is a salesperson a follow-up can be signed by: how the mail sent
// in their name ends.
type Signer struct {
	Email         string // lower-case
	Name          string
	Signature     string // "" the name
	SignatureHTML string // "" the text signature, escaped
}

// FollowUpConfig is the follow-up job's configuration; cmd builds it.
type FollowUpConfig struct {
	Definitions *Definitions
	Templates   *templates.Set
	Identities  []Identity
	// People maps every team address to the salesperson it stands for, so
	// the sender of an outbound message finds its identity.
	People map[string]string
	// IsTeam says whether an address is the team's (a team address or one
	// at an internal domain): its auto-replies are the team's absence, not
	// the customer's. nil: the addresses in People only.
	IsTeam func(email string) bool
	// Signers are the team's salespeople: a follow-up from a shared
	// mailbox is signed by the one who wrote the mail followed up.
	Signers []Signer
	// Default is the sequence of ungraded customers; "" enrolls none.
	Default string
	// Mode, when set, caps every sequence's mode (dry-run is more cautious
	// than draft, draft than send).
	Mode   keepwarm.SendMode
	MaxAge time.Duration // default DefaultMaxAge
	// ContactCap is the most automated mails (follow-up steps, greetings,
	// letters) one contact gets in 7 days: 0 means DefaultContactCap, below
	// 0 no cap. A step over it waits, and says why.
	ContactCap int
	// Location returns a customer's time zone; nil or a nil result: UTC.
	Location func(keepwarm.Customer) *time.Location
	// PersonLocation is a team member's zone (their time_zone, else the
	// team's): the days in the reasons they read are theirs. nil or a nil
	// result: their identity's Location, else UTC.
	PersonLocation func(email string) *time.Location
	// Calendars are the customers' weekends and holidays with the team's
	// overrides; nil: the built-in calendars.
	Calendars *worldcal.Set
	// Tags returns a customer's tags (optional).
	Tags func(ctx context.Context, customerID int64) ([]string, error)
	// Refresh, when set, is asked at each run whether the sequence or
	// template files changed; it returns the new ones (already checked:
	// files with problems are reported as an error and the job keeps the
	// ones it has).
	Refresh func(ctx context.Context) (defs *Definitions, set *templates.Set, changed bool, err error)
	// NoStartRelease: the job's first run does not look again at once at
	// mail held by a send window that never opened (a Reload still does).
	// Set for `keepwarm tick`, a new process each run under cron: every
	// tick would release and hold that mail again and say so, while a
	// restart of `keepwarm run` happens after a fix.
	NoStartRelease bool
	// OnQueued is called (it must not block) after items were queued: cmd
	// wires it to the dispatcher's Kick.
	OnQueued func()
	// Away, when set, holds the email steps of a salesperson who is away
	// until they are back, unless WhileAway says they opted in.
	Away      *Away
	WhileAway func(person string) bool
	// EnglishFor lists the languages ("it", or "*" for any) whose threads
	// may be followed up with a step's English text when the step has no
	// template in theirs; a thread in any other language is not followed
	// up in English (the step fails and says why).
	EnglishFor []string
}

// FollowUp is the Job that enrolls threads waiting on a customer, applies the
// stop rules and turns due steps into outbox items and tasks. It never
// touches the network.
type FollowUp struct {
	cfg   FollowUpConfig
	store FollowUpStore
	cap   contactCap
	log   *slog.Logger
	own   map[string]bool // the identities' addresses and send_as, lower case (isTeam)
	// signersRead: the follow-ups an upgrade left without a signer are all
	// read (readSigners found none listed).
	signersRead atomic.Bool
	// heldLooked: mail held by a send window that never opened was made
	// due again since the job was made (its first Run, or a Reload), so a
	// fix made while keepwarm was stopped is seen at its start.
	heldLooked atomic.Bool

	mu sync.RWMutex // guards cfg.Definitions and cfg.Templates (Reload), placedBy, and greeted
	// placedBy, when set, are the definitions the live enrollments were
	// last placed by, older than cfg.Definitions: Refresh took newer ones
	// without moving the enrollments, and the next Reload moves them from
	// these.
	placedBy *Definitions
	// greeted, when set, says whether one of emails (lower case), of the
	// customer customerID, has a greeting planned on day (a civil date in
	// the customer's zone), as seen at now: the greetings job's Greetings.GreetingPlanned
	// (SetGreeted).
	greeted func(ctx context.Context, customerID int64, emails []string, day, now time.Time) (bool, error)
}

// SetGreeted tells the job which greetings are planned (the greetings
// job's Greetings.GreetingPlanned; nil: none): an email step due on a day
// its recipient is about to get a greeting waits for the next day, as one
// after a greeting that went does. A greeting's day is fixed, a step's is
// not: the step moves, not the greeting.
func (f *FollowUp) SetGreeted(greeted func(ctx context.Context, customerID int64, emails []string, day, now time.Time) (bool, error)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.greeted = greeted
}

// NewFollowUp returns the job.
func NewFollowUp(cfg FollowUpConfig, st FollowUpStore, log *slog.Logger) *FollowUp {
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = DefaultMaxAge
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	own := map[string]bool{}
	for _, id := range cfg.Identities {
		own[strings.ToLower(strings.TrimSpace(id.Email))] = true
		for _, a := range id.SendAs {
			own[strings.ToLower(strings.TrimSpace(a))] = true
		}
	}
	delete(own, "")
	return &FollowUp{cfg: cfg, store: st, cap: capOf(cfg.ContactCap, st), log: log.With("job", "follow-up"), own: own}
}

// Name is the job's name in logs.
func (f *FollowUp) Name() string { return "follow-up" }

// Run enrolls new waiting threads, applies the stop rules to every live
// enrollment and does the steps that are due at now. It returns when the
// next step or pause end falls due. It blocks on the store only.
func (f *FollowUp) Run(ctx context.Context, now time.Time) (time.Time, error) {
	var errs []error
	if err := f.refresh(ctx, now); err != nil {
		errs = append(errs, err)
	}
	// The files may have been fixed while keepwarm was stopped (a hand
	// edit, then a restart): the new process starts with them and sees
	// no change, so its first run looks at such held mail again at once,
	// as a change does, not up to a day later.
	if !f.heldLooked.Load() && !f.cfg.NoStartRelease {
		if err := f.releaseHeld(ctx, now); err != nil {
			errs = append(errs, err)
		}
	}
	// Before the candidates and the events are read: a step Lily sent
	// from her Drafts is not a mail of hers.
	if err := f.store.MatchSentDrafts(ctx, now.Add(-f.cfg.MaxAge)); err != nil {
		errs = append(errs, err)
	}
	if err := f.enrollWaiting(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if _, err := f.readSigners(ctx, now, 0); err != nil {
		errs = append(errs, err)
	}
	// Someone back before the end their absence had (cancelled, ended,
	// shortened): what waited for them is decided now.
	released, err := f.cfg.Away.ReleaseReturned(ctx, now)
	if err != nil {
		errs = append(errs, err)
	}
	live, err := f.store.LiveEnrollments(ctx)
	if err != nil {
		return time.Time{}, errors.Join(append(errs, err)...)
	}
	if live, err = f.seedDelays(ctx, live, now); err != nil {
		errs = append(errs, err) // each one's look records them instead
	}
	queued := 0
	var next time.Time
	for _, e := range live {
		e, err := f.settle(ctx, e, now)
		if err == nil && e.Status == keepwarm.EnrollActive && !e.DueAt.After(now) {
			var q bool
			e, q, err = f.doStep(ctx, e, now)
			if q {
				queued++
			}
		}
		if err != nil && keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
			errs = append(errs, fmt.Errorf("enrollment %d: %w", e.ID, err))
		}
		at := e.DueAt
		switch e.Status {
		case keepwarm.EnrollPaused:
			at = e.PausedUntil
		case keepwarm.EnrollActive:
		default:
			at = time.Time{}
		}
		if !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	if err := f.settleFailed(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if err := f.closeAnswered(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if (queued > 0 || released > 0) && f.cfg.OnQueued != nil {
		f.cfg.OnQueued()
	}
	return next, errors.Join(errs...)
}

// settle applies the stop rules to e and stores the result when it changed.
func (f *FollowUp) settle(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, error) {
	upd, moved, err := f.aligned(ctx, e, now)
	if err != nil {
		return e, err
	}
	upd, changed, err := f.evaluate(ctx, upd, now)
	if err != nil || !changed && !moved {
		return e, err
	}
	upd.UpdatedAt = now
	saved, err := f.store.UpdateEnrollment(ctx, upd)
	if err != nil {
		return e, err
	}
	if saved.Status != e.Status {
		f.log.Info("enrollment "+string(saved.Status), "enrollment", e.ID, "customer", e.Customer, "reason", saved.Reason)
	}
	return saved, nil
}

// settleFailed applies the stop rules that end a follow-up to the failed
// ones, which wait for a person: one whose customer answered, opted out or
// bounced since ends so (replied, opted-out, bounced), and its failed or
// uncertain mail no longer needs anyone. Nobody is asked whether a mail
// arrived to a customer who has written back. One that cannot be read is
// logged and left as it is: it already waits for a person, and the live
// follow-ups' steps must not wait on it.
func (f *FollowUp) settleFailed(ctx context.Context, now time.Time) error {
	failed, err := f.store.ListEnrollments(ctx, 0, keepwarm.EnrollFailed)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range failed {
		upd, _, err := f.evaluate(ctx, e, now)
		if err != nil {
			f.log.Warn("failed follow-up not checked for an answer", "enrollment", e.ID, "customer", e.Customer, "err", err)
			continue
		}
		switch upd.Status {
		case keepwarm.EnrollReplied, keepwarm.EnrollOptedOut, keepwarm.EnrollBounced:
		default:
			continue
		}
		e.Status, e.Reason, e.StoppedBy, e.PausedUntil, e.PausedByPerson = upd.Status, upd.Reason, upd.StoppedBy, time.Time{}, false
		e.UpdatedAt = now
		saved, err := f.store.UpdateEnrollment(ctx, e)
		if err != nil {
			if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
				errs = append(errs, fmt.Errorf("enrollment %d: %w", e.ID, err))
			}
			continue
		}
		f.log.Info("failed follow-up "+string(saved.Status), "enrollment", e.ID, "customer", e.Customer, "reason", saved.Reason)
		it, found, err := f.StepMail(ctx, saved)
		if err == nil && found && it.Step != nil {
			err = f.settleItem(ctx, it, fmt.Sprintf("the follow-up ended after step %d: %s", *it.Step+1, saved.Reason), now)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("enrollment %d: %w", e.ID, err))
		}
	}
	return errors.Join(errs...)
}

// enrollWaiting enrolls every thread an outbound message left waiting on
// its customer, and records why the others are not followed up.
func (f *FollowUp) enrollWaiting(ctx context.Context, now time.Time) error {
	oldest := now.Add(-f.cfg.MaxAge)
	// Mail up to one max_age older is recorded as too old (a first sync of
	// years of Sent records none of it).
	cands, err := f.store.EnrollCandidates(ctx, oldest.Add(-f.cfg.MaxAge))
	if err != nil {
		return err
	}
	var errs []error
	// The reasons are recorded together at the end: a first run after a
	// large sync finds thousands (too old, answered, no mailbox ...), and a
	// transaction each took longer than finding them.
	var skips []keepwarm.FollowUpSkip
	// Each candidate is checked for answers since it was sent. With many
	// (a first run after a large sync) the window's mail is read once and
	// every candidate checked against it; a few are asked one by one.
	var events eventLog
	fresh := 0
	for _, c := range cands {
		if !c.AnchorAt.Before(oldest) {
			fresh++
		}
	}
	var facts *runFacts
	if fresh >= eventLogMin {
		if events, err = f.store.EnrollmentEventsSince(ctx, oldest); err != nil {
			errs = append(errs, err) // asked one by one instead
		}
		if facts, err = f.readFacts(ctx, cands, oldest); err != nil {
			errs = append(errs, err) // asked one by one instead
		}
	}
	// The threads with a live enrollment: with many candidates read at once
	// (and kept up to date below), with a few asked one by one.
	var live map[int64]keepwarm.Enrollment
	if len(cands) >= eventLogMin {
		if all, err := f.store.LiveEnrollments(ctx); err != nil {
			errs = append(errs, err) // asked one by one instead
		} else {
			live = make(map[int64]keepwarm.Enrollment, len(all))
			for _, e := range all {
				live[e.ThreadID] = e
			}
		}
	}
	for _, c := range cands {
		var running keepwarm.Enrollment
		if live != nil {
			running = live[c.ThreadID]
		} else if e, err := f.store.LiveEnrollmentOfThread(ctx, c.ThreadID); err == nil {
			running = e
		} else if keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			errs = append(errs, err)
			continue
		}
		if running.ThreadID != 0 {
			// settle restarts it from the new outbound when it went to
			// one of its recipients; one to others only it leaves alone.
			if err := f.otherContacts(ctx, c, running, &skips, now); err != nil {
				errs = append(errs, fmt.Errorf("thread %d: %w", c.ThreadID, err))
			}
			continue
		}
		if c.AnchorAt.Before(oldest) && c.Skipped != "" {
			continue // set aside in time, for a reason that stands now
		}
		if c.AnchorAt.Before(oldest) {
			detail := fmt.Sprintf("sent %s, more than max_age (%s) before it was first seen",
				c.AnchorAt.In(f.personLocation(f.cfg.People[strings.ToLower(c.FromEmail)])).Format("2006-01-02"), f.cfg.MaxAge)
			f.log.Info("not followed up", "thread", c.ThreadID, "message", c.AnchorID, "reason", keepwarm.SkipTooOld, "detail", detail)
			skips = append(skips, keepwarm.FollowUpSkip{MessageID: c.AnchorID, ThreadID: c.ThreadID, CustomerID: c.CustomerID,
				Reason: keepwarm.SkipTooOld, Detail: detail, CreatedAt: now})
			continue
		}
		e, err := f.enrollWith(ctx, c, "", false, now, events, &skips, facts)
		if err != nil && keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
			errs = append(errs, fmt.Errorf("enroll thread %d: %w", c.ThreadID, err))
		}
		if live != nil && err == nil && (e.Status == keepwarm.EnrollActive || e.Status == keepwarm.EnrollPaused) {
			live[c.ThreadID] = e
		} else if live != nil && keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
			if e, err := f.store.LiveEnrollmentOfThread(ctx, c.ThreadID); err == nil {
				live[c.ThreadID] = e
			}
		}
	}
	errs = append(errs, f.store.RecordSkip(ctx, skips...))
	return errors.Join(errs...)
}

// otherContacts looks at candidate c in a thread whose follow-up running
// goes on: a mail asking something of none of running's recipients (Lily's
// question to Hans's colleague Ute in the thread of his quotation) is one
// no step follows up (settle restarts running only on a mail to its
// recipients), and never after running ends (too old by then, or chased
// days late): it is listed as not followed up, saying whose follow-up runs
// and to follow it up by hand. A second follow-up in the thread could
// answer for the first's steps, or the first quote its question.
func (f *FollowUp) otherContacts(ctx context.Context, c keepwarm.EnrollCandidate, running keepwarm.Enrollment, skips *[]keepwarm.FollowUpSkip, now time.Time) error {
	if c.AnchorID == running.AnchorID {
		return nil
	}
	// Read before this look's settle: an answer or a bounce read with the
	// mail may end running now, and the mail is then followed up on its
	// own at the next look.
	running, _, err := f.evaluate(ctx, running, now)
	if err != nil {
		return err
	}
	if !running.Status.Live() {
		return nil
	}
	m, err := f.store.GetMessage(ctx, c.AnchorID)
	if err != nil {
		return err
	}
	var recipients []string
	for _, a := range append(slices.Clone(m.To), m.Cc...) {
		recipients = append(recipients, strings.ToLower(strings.TrimSpace(a.Email)))
	}
	if wentToAny(recipients, running.To) {
		return nil
	}
	if yes, _ := expectsAnswer(m, false, f.signaturesOf(m.From.Email)...); !yes {
		return nil // asks nothing: the steps keep quoting the mail they follow up
	}
	to := m.Contacts
	if len(to) == 0 {
		to = m.To
	}
	return f.skip(ctx, skips, c, keepwarm.SkipOtherContacts, otherContactsDetail(running, to), now)
}

// otherContactsDetail is the detail of a SkipOtherContacts skip: the thread
// is followed up by running, the mail went to to. A paused follow-up (by a
// person, an absence, or held for someone to read something) sends no step
// on its own day: it says so.
func otherContactsDetail(running keepwarm.Enrollment, to []keepwarm.Address) string {
	state := "running"
	if running.Status == keepwarm.EnrollPaused {
		state = "paused"
	}
	return "a follow-up of this thread to " + addrList(running.To) + " is " + state + ": follow this mail to " + addrList(to) + " up by hand"
}

// skip records why candidate c is not followed up, or with skips adds it
// there for the caller to record.
func (f *FollowUp) skip(ctx context.Context, skips *[]keepwarm.FollowUpSkip, c keepwarm.EnrollCandidate, reason, detail string, now time.Time) error {
	if c.Skipped != reason { // said once, not at every look again
		f.log.Info("not followed up", "thread", c.ThreadID, "message", c.AnchorID, "reason", reason, "detail", detail)
	}
	s := keepwarm.FollowUpSkip{
		MessageID: c.AnchorID, ThreadID: c.ThreadID, CustomerID: c.CustomerID,
		Reason: reason, Detail: detail, CreatedAt: now,
	}
	if skips != nil {
		*skips = append(*skips, s)
		return nil
	}
	return f.store.RecordSkip(ctx, s)
}

// enroll starts the sequence for candidate c: the named one, or the one for
// the customer's grade; manual is a person's command. When c is not followed up
// it records why and returns the zero Enrollment and nil: answered already,
// a customer that follows no sequence, no recipient that may be written
// to, mail that expects no answer (unless the sequence enrolls all, or a
// person asked for it), no mailbox to send from.
func (f *FollowUp) enroll(ctx context.Context, c keepwarm.EnrollCandidate, sequence string, manual bool, now time.Time) (keepwarm.Enrollment, error) {
	return f.enrollWith(ctx, c, sequence, manual, now, nil, nil, nil)
}

// runFacts are what enrollWith reads for each candidate, read at once for
// a run's many: the anchors, their customers, and which of the anchors'
// contacts may not be written to. A run enrolls and records skips only,
// which changes none of them.
type runFacts struct {
	messages  map[int64]keepwarm.Message
	customers map[int64]keepwarm.Customer
	blocked   map[string]string // of the addresses in known
	known     map[string]bool
}

// readFacts reads the facts of the candidates sent since oldest.
func (f *FollowUp) readFacts(ctx context.Context, cands []keepwarm.EnrollCandidate, oldest time.Time) (*runFacts, error) {
	var msgIDs, custIDs []int64
	for _, c := range cands {
		if !c.AnchorAt.Before(oldest) {
			msgIDs = append(msgIDs, c.AnchorID)
			custIDs = append(custIDs, c.CustomerID)
		}
	}
	slices.Sort(custIDs)
	custIDs = slices.Compact(custIDs)
	facts := &runFacts{known: map[string]bool{}}
	var err error
	if facts.messages, err = f.store.GetMessages(ctx, msgIDs); err != nil {
		return nil, err
	}
	if facts.customers, err = f.store.CustomersForSequence(ctx, custIDs); err != nil {
		return nil, err
	}
	var emails []string
	for _, m := range facts.messages {
		if m.Kind != keepwarm.KindOutbound {
			continue
		}
		for _, a := range m.Contacts {
			if e := strings.ToLower(a.Email); !facts.known[e] {
				facts.known[e] = true
				emails = append(emails, e)
			}
		}
	}
	if facts.blocked, err = f.store.BlockedAddresses(ctx, emails); err != nil {
		return nil, err
	}
	return facts, nil
}

// optedOutInRun keeps facts true after o was recorded in the run, without
// sending every later candidate to the store for its addresses: an address
// opted out is blocked from now on; a company opted out blocks its
// contacts, which facts do not list, so the addresses known are read again,
// at once (that failing, each later candidate reads its own).
func (f *FollowUp) optedOutInRun(ctx context.Context, facts *runFacts, o keepwarm.OptOut) {
	if o.CustomerID == 0 {
		e := strings.ToLower(strings.TrimSpace(o.Email))
		if facts.blocked == nil {
			facts.blocked = map[string]string{}
		}
		if _, ok := facts.blocked[e]; !ok { // bounced or left: kept, as the store reads it
			facts.blocked[e] = "opted-out"
		}
		facts.known[e] = true
		return
	}
	blocked, err := f.store.BlockedAddresses(ctx, slices.Collect(maps.Keys(facts.known)))
	if err != nil {
		f.log.Warn("blocked addresses not read again after a company's opt-out: read for each mail instead", "customer", o.CustomerID, "err", err)
		facts.known = map[string]bool{}
		return
	}
	facts.blocked = blocked
}

// customer is CustomerForSequence, from facts when it holds it.
func (f *FollowUp) customer(ctx context.Context, facts *runFacts, id int64) (keepwarm.Customer, error) {
	if facts != nil {
		if c, ok := facts.customers[id]; ok {
			return c, nil
		}
	}
	return f.store.CustomerForSequence(ctx, id)
}

// message is GetMessage, from facts when it holds it.
func (f *FollowUp) message(ctx context.Context, facts *runFacts, id int64) (keepwarm.Message, error) {
	if facts != nil {
		if m, ok := facts.messages[id]; ok {
			return m, nil
		}
	}
	return f.store.GetMessage(ctx, id)
}

// eventLog answers EnrollmentEvents from mail read once (ok false: ask the
// store); see FollowUpStore.EnrollmentEventsSince.
type eventLog = func(e keepwarm.Enrollment, company bool) ([]keepwarm.FollowUpEvent, bool)

// eventLogMin is how many candidates make reading their window once pay.
const eventLogMin = 16

// enrollWith is enroll with the answers looked up in events when it has
// them, and the reasons not to follow up added to skips (when not nil)
// instead of recorded.
func (f *FollowUp) enrollWith(ctx context.Context, c keepwarm.EnrollCandidate, sequence string, manual bool, now time.Time, events eventLog, skips *[]keepwarm.FollowUpSkip, facts *runFacts) (keepwarm.Enrollment, error) {
	cust, err := f.customer(ctx, facts, c.CustomerID)
	if err != nil {
		return keepwarm.Enrollment{}, err
	}
	anchor, err := f.message(ctx, facts, c.AnchorID)
	if err != nil {
		return keepwarm.Enrollment{}, err
	}
	if anchor.Kind != keepwarm.KindOutbound {
		return keepwarm.Enrollment{}, nil
	}
	def, ok, err := f.definitionFor(ctx, cust, sequence)
	if err != nil {
		return keepwarm.Enrollment{}, err
	}
	e := keepwarm.Enrollment{
		ThreadID: c.ThreadID, CustomerID: cust.ID, Customer: cust.Key,
		Status: keepwarm.EnrollActive, AnchorID: anchor.ID, AnchorAt: c.AnchorAt, ClockAt: c.AnchorAt,
		To: anchor.Contacts, Grade: cust.Grade, CustomerGrade: cust.Grade, CreatedAt: now, UpdatedAt: now,
	}
	// Answered already: by a recipient or in the thread (by anyone at the
	// company when the sequence says so).
	answers, found := []keepwarm.FollowUpEvent(nil), false
	if events != nil {
		answers, found = events(e, ok && def.Stop.OnCompany)
	}
	if !found {
		if answers, err = f.store.EnrollmentEvents(ctx, e, ok && def.Stop.OnCompany); err != nil {
			return keepwarm.Enrollment{}, err
		}
	}
	for _, ev := range answers {
		if ev.Kind == keepwarm.KindInbound && !f.isTeam(ev.FromEmail) {
			// Read for opt-out wording as evaluate reads an answer that
			// comes one look later (one stored in the same sync as the
			// mail, the daemon down overnight, a first sync): a "remove
			// us" is kept whenever the job first sees it.
			words := DefaultOptOutWords()
			if ok {
				words = def.Stop.OptOutWords
			}
			if o, why, asked := answerOptOut(ev, ownSubject(ev.Subject, anchor.Subject), words); asked {
				if err := f.store.OptOut(ctx, o, now); err != nil {
					return keepwarm.Enrollment{}, err
				}
				if facts != nil {
					f.optedOutInRun(ctx, facts, o)
				}
				return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipOptedOut, why, now)
			}
			return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipAnswered, keepwarm.AnsweredByDetail(ev.FromEmail), now)
		}
	}
	if !ok {
		return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipNoSequence,
			fmt.Sprintf("customer %s follows no sequence (grade %q)", cust.Key, cust.Grade), now)
	}
	to, why, _, err := f.writable(ctx, anchor.Contacts, facts)
	if err != nil {
		return keepwarm.Enrollment{}, err
	}
	if len(to) == 0 {
		reason := keepwarm.SkipBounced
		if why == "opted-out" {
			reason = keepwarm.SkipOptedOut
		}
		return keepwarm.Enrollment{}, f.skip(ctx, skips, c, reason, "no recipient may be written to: "+why, now)
	}
	if !manual && c.CalendarWords {
		// The salesperson's calendar answer with words she typed ("I
		// attach the revised quotation; please confirm by Friday"): a
		// follow-up would go as "Re: Accepted: …". Hers to follow up by
		// hand; the customer's page says so.
		return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipCalendarWords, calendarWordsDetail, now)
	}
	if !manual && anchor.ParseError != "" && strings.TrimSpace(anchor.Snippet) == "" && len(anchor.Attachments) == 0 {
		// Nothing of it could be read (a fault while reading it, stored
		// from its header alone): whether it asks for an answer is the
		// salesperson's to say, with keepwarm enroll.
		return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipInformational,
			"its text could not be read: enroll it by hand if it asks for an answer", now)
	}
	if def.Enroll != EnrollAll && !manual {
		yes, what, err := expectsAnswerAsking(anchor, func() (bool, error) { return f.store.FirstContact(ctx, anchor.ID) },
			f.signaturesOf(anchor.From.Email)...)
		if err != nil {
			return keepwarm.Enrollment{}, err
		}
		if !yes {
			return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipInformational, what, now)
		}
	}
	id, ok := f.identityFor(cust.Owner, c.FromEmail, sentFrom(anchor.SentIn, c.Mailbox))
	if !ok {
		return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipNoMailbox,
			fmt.Sprintf("no mailbox to send from: give customer %s an owner whose [[mailbox]] has an smtp_url", cust.Key), now)
	}
	if !f.speaksFor(id, c.FromEmail) {
		return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipNoMailbox, notInTheirName(c.FromEmail, id), now)
	}
	if !manual {
		// Mail stored late (a mailbox synced only now, a Sent copy filed
		// late) that is older than a mail to the same contacts another
		// thread follows up: the newer one is the one chased.
		newer, err := f.newerFollowUp(ctx, cust.ID, c.ThreadID, c.AnchorAt, to)
		if err != nil {
			return keepwarm.Enrollment{}, err
		}
		if newer.ID != 0 {
			return keepwarm.Enrollment{}, f.skip(ctx, skips, c, keepwarm.SkipSuperseded,
				fmt.Sprintf("a newer mail to the same contacts is already followed up (thread %d, enrollment %d)", newer.ThreadID, newer.ID), now)
		}
	}
	e.Sequence, e.To, e.Plan, e.Delays = def.Name, to, planOf(def), delaysOf(def)
	if f.cfg.Tags != nil {
		tags, err := f.cfg.Tags(ctx, cust.ID)
		if err != nil {
			return keepwarm.Enrollment{}, err
		}
		e.Tags = strings.Join(tags, ",")
	}
	e.Mailbox, e.Owner = id.Mailbox, id.Owner
	// From a shared mailbox, for a colleague's mail: the steps speak for
	// that colleague, who is the one told of them. (No name to sign with
	// fails the step when it renders, saying so.)
	e.Signer = f.signerOf(id, anchor, cust.Owner)
	stepDue(&e, f.calendar(cust, def), def.Steps[0])
	saved, err := f.store.Enroll(ctx, e)
	if err != nil {
		return saved, err
	}
	f.log.Info("enrolled", "enrollment", saved.ID, "thread", c.ThreadID, "customer", cust.Key,
		"sequence", def.Name, "status", saved.Status, "due", saved.DueAt)
	return saved, nil
}

// newerFollowUp is a live enrollment of the customer in another thread
// that follows up a mail sent after at to every one of to (the zero
// Enrollment when there is none).
func (f *FollowUp) newerFollowUp(ctx context.Context, customerID, threadID int64, at time.Time, to []keepwarm.Address) (keepwarm.Enrollment, error) {
	live, err := f.store.ListEnrollments(ctx, customerID, keepwarm.EnrollActive, keepwarm.EnrollPaused)
	if err != nil {
		return keepwarm.Enrollment{}, err
	}
	for _, e := range live {
		if e.ThreadID == threadID || !e.AnchorAt.After(at) {
			continue
		}
		covered := true
		for _, a := range to {
			covered = covered && slices.ContainsFunc(e.To, func(b keepwarm.Address) bool { return strings.EqualFold(a.Email, b.Email) })
		}
		if covered {
			return e, nil
		}
	}
	return keepwarm.Enrollment{}, nil
}

// definitionFor picks the sequence: the named one, else by tags and grade.
func (f *FollowUp) definitionFor(ctx context.Context, cust keepwarm.Customer, name string) (*Definition, bool, error) {
	if name != "" {
		def, ok := f.defs().Get(name)
		if !ok {
			return nil, false, keepwarm.Errorf(keepwarm.EINVALID, "no sequence named %q", name)
		}
		return def, true, nil
	}
	var tags []string
	if f.cfg.Tags != nil {
		var err error
		if tags, err = f.cfg.Tags(ctx, cust.ID); err != nil {
			return nil, false, err
		}
	}
	def, ok := f.defs().For(cust, tags, f.cfg.Default)
	return def, ok, nil
}

// writable drops the addresses that bounced or opted out; why says what
// became of the last one dropped, blocked what became of each address
// known to be blocked (with facts, more than addrs).
func (f *FollowUp) writable(ctx context.Context, addrs []keepwarm.Address, facts *runFacts) (_ []keepwarm.Address, why string, blocked map[string]string, _ error) {
	emails := make([]string, len(addrs))
	all := facts != nil
	for i, a := range addrs {
		emails[i] = strings.ToLower(a.Email)
		all = all && facts.known[emails[i]]
	}
	if all {
		blocked = facts.blocked
	} else {
		var err error
		if blocked, err = f.store.BlockedAddresses(ctx, emails); err != nil {
			return nil, "", nil, err
		}
	}
	var out []keepwarm.Address
	for _, a := range addrs {
		if w, bad := blocked[strings.ToLower(a.Email)]; bad {
			why = w
			continue
		}
		out = append(out, a)
	}
	return out, why, blocked, nil
}

// identityFor finds the mailbox to send as: a salesperson's own mailbox
// whose address sent the anchor (the one it was seen in first when several
// have it), so the follow-up's "my mail of 3 November" and its quote of the
// mail are the sender's own, even when a colleague sent it for the
// customer's owner; else the customer's owner's; else that of the person
// who sent it. A salesperson's own mailbox is one logged in as her
// address or under her sign-in name (a Microsoft 365 UPN, an Exmail alias:
// not shared, not a role address), and the mail is hers when it went out
// From her address or its login: Tom's quotation From tom@ for Lily's
// customer goes from his mailbox logged in as tom.wu@, not from Lily's. A
// shared mailbox (the team's sales@) does not count as the sender's own:
// the follow-up and its call task are the customer owner's. Of the owner's
// mailboxes it is the one whose address the mail went out From (sales@'s
// for a mail From sales@, wherever its Sent copy was filed: a thread run
// from sales@ goes on From sales@), else the one whose Sent holds it
// (mailbox: the anchor's SentIn, else the mailbox it was seen in), else
// her own one, else the first in the config: the order of [[mailbox]]
// tables does not make her mail go From her address over sales@'s login.
func (f *FollowUp) identityFor(owner, sender, mailbox string) (Identity, bool) {
	sender = strings.ToLower(sender)
	var same *Identity
	best := -1
	for i, id := range f.cfg.Identities {
		if sender == "" || !personal(id) {
			continue
		}
		// The one whose Sent holds the mail first, then one that logs
		// in as (or lists) the address it went out From, then any of
		// that person's own.
		rank := 0
		switch {
		case strings.EqualFold(id.Email, sender) || slices.Contains(id.SendAs, sender):
			rank = 1
		case !strings.EqualFold(id.Owner, sender):
			continue
		}
		if mailbox != "" && id.Mailbox == mailbox {
			rank += 2
		}
		if rank > best {
			same, best = &f.cfg.Identities[i], rank
		}
	}
	if same != nil {
		return *same, true
	}
	for _, who := range []string{owner, f.cfg.People[sender], sender} {
		if who == "" {
			continue
		}
		var from, sent, own, first *Identity
		for i, id := range f.cfg.Identities {
			if id.Owner != who {
				continue
			}
			if sender != "" && (strings.EqualFold(id.Email, sender) || slices.Contains(id.SendAs, sender)) && (from == nil || id.Mailbox == mailbox) {
				from = &f.cfg.Identities[i]
			}
			if mailbox != "" && id.Mailbox == mailbox && sent == nil {
				sent = &f.cfg.Identities[i]
			}
			if own == nil && personal(id) {
				own = &f.cfg.Identities[i]
			}
			if first == nil {
				first = &f.cfg.Identities[i]
			}
		}
		for _, id := range []*Identity{from, sent, own, first} {
			if id != nil {
				return *id, true
			}
		}
	}
	return Identity{}, false
}

// Personal says whether id is a person's own mailbox: logged in as its
// owner's address or under her sign-in name, not a shared one nor one
// logged in as a role address (sales@, info@). Of an owner's mailboxes,
// follow-ups, "received" drafts and greetings prefer it to a sales@ listed
// before it.
func Personal(id Identity) bool { return personal(id) }

func personal(id Identity) bool {
	return strings.EqualFold(id.Email, id.Owner) || !id.Shared && !isRoleLogin(id)
}

// sentFrom is the mailbox a mail was sent from as identityFor weighs it:
// the one whose Sent holds it, else the one it was seen in first.
func sentFrom(sentIn, seenIn string) string {
	if sentIn != "" {
		return sentIn
	}
	return seenIn
}

// speaksFor says whether a follow-up sent as id may follow up a mail from
// sender as its own: id is the sender's mailbox, or a shared one (signed
// for whoever wrote the mail; not a person's own mailbox under a sign-in
// name), or the sender is no teammate keepwarm knows (the team's own
// address). A teammate's mail followed up from another person's mailbox
// would say "my mail" above a quote of his: not sent.
func (f *FollowUp) speaksFor(id Identity, sender string) bool {
	sender = strings.ToLower(strings.TrimSpace(sender))
	person := f.cfg.People[sender]
	return person == "" || !personal(id) ||
		strings.EqualFold(id.Email, sender) || slices.Contains(id.SendAs, sender) ||
		strings.EqualFold(id.Owner, person) || strings.EqualFold(id.Owner, sender)
}

// notInTheirName is why a mail from sender is not followed up as id.
func notInTheirName(sender string, id Identity) string {
	return fmt.Sprintf("written by %s, who has no [[mailbox]] with an smtp_url to send from: not followed up in %s's name", sender, id.Owner)
}

// isTeam says whether email is a team address (see FollowUpConfig.IsTeam),
// an identity's own or one it sends as included (a set made once: the
// daemon's IsTeam knows them already, it matters where IsTeam is nil).
func (f *FollowUp) isTeam(email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	return f.own[email] || f.cfg.People[email] != "" || f.cfg.IsTeam != nil && f.cfg.IsTeam(email)
}

func (f *FollowUp) identityOf(mailbox string) (Identity, bool) {
	for _, id := range f.cfg.Identities {
		if id.Mailbox == mailbox {
			return id, true
		}
	}
	return Identity{}, false
}

// calendar is the customer's week and the sequence's window.
func (f *FollowUp) calendar(cust keepwarm.Customer, def *Definition) *CustomerCalendar {
	var loc *time.Location
	if f.cfg.Location != nil {
		loc = f.cfg.Location(cust)
	}
	cal := NewCustomerCalendar(f.cfg.Calendars, cust.Country, loc, def.Window)
	cal.Lang = cust.Language
	return cal
}

// calendarWordsDetail says why the team's calendar answer with words typed
// is not followed up.
const calendarWordsDetail = "your calendar's answer to a meeting invitation, with words you typed: follow it up by hand if it asks for an answer"
