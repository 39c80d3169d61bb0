package mailsync

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"keepwarm"
)

// OutboxStore is what the dispatcher needs from the database. store.DB
// satisfies it.
type OutboxStore interface {
	DueItem(ctx context.Context, mailbox string, now time.Time) (keepwarm.OutboxItem, bool, error)
	Claim(ctx context.Context, id int64, now time.Time) (keepwarm.OutboxItem, bool, error)
	SettleStoredCopy(ctx context.Context, id int64, now time.Time) (keepwarm.OutboxStatus, bool, error)
	MarkSent(ctx context.Context, id int64, now time.Time) error
	MarkFailed(ctx context.Context, id int64, reason string) error
	MarkRefused(ctx context.Context, id int64, reason string) error // failed: its recipients refused
	MarkRetry(ctx context.Context, id int64, nextAt time.Time, reason string) error
	// MarkRetryAppendLost is MarkRetry for a draft whose APPEND was
	// started and its answer lost: the item keeps that (AppendLost) until
	// it is drafted.
	MarkRetryAppendLost(ctx context.Context, id int64, nextAt time.Time, reason string) error
	MarkUncertain(ctx context.Context, id int64, reason string) error
	MarkDrafted(ctx context.Context, id int64, now time.Time) error
	MarkSkipped(ctx context.Context, id int64, reason string) error
	HoldOutbox(ctx context.Context, id int64, until time.Time, reason string) error
	// HoldDue writes reason on the mailbox's queued items due at now,
	// leaving them queued and due, and returns how many it wrote on.
	HoldDue(ctx context.Context, mailbox string, now time.Time, reason string) (int, error)
	// Unclaim puts a claimed item back until until, its attempt not
	// counted: it waited for its mailbox's sake.
	Unclaim(ctx context.Context, id int64, until time.Time, reason string) error
	MarkAppended(ctx context.Context, id int64, now time.Time) error
	// NoteCopyUnfiled writes on a sent item why its copy is not filed in
	// Sent yet and when it is tried again (its NextAttemptAt); GiveUpCopy
	// gives its copy up (refused for good) with a note.
	NoteCopyUnfiled(ctx context.Context, id int64, why string, retry time.Time) error
	GiveUpCopy(ctx context.Context, id int64, now time.Time, note string) error
	// HoldDueCopies holds the mailbox's mail to customers due at now until
	// until; ReleaseHeldIn makes its items held with prefix due at now.
	HoldDueCopies(ctx context.Context, mailbox string, now, until time.Time, reason string) (int, error)
	ReleaseHeldIn(ctx context.Context, mailbox, prefix string, now time.Time) (int64, error)
	// HeldUntil is when mailbox's items held with a reason beginning with
	// prefix are due again, the latest.
	HeldUntil(ctx context.Context, mailbox, prefix string) (time.Time, bool, error)
	StuckSending(ctx context.Context) ([]keepwarm.OutboxItem, error)
	PendingAppend(ctx context.Context) ([]keepwarm.OutboxItem, error)
	SentCount(ctx context.Context, mailbox string, dayStart, dayEnd time.Time) (int, error)
	LastSentAt(ctx context.Context, mailbox string) (time.Time, bool, error)
	NextDue(ctx context.Context, mailbox string) (time.Time, bool, error)
	// AnsweredDrafts are keepwarm's own drafts whose thread was answered
	// (greetings and letters queued since greetingsSince);
	// SettleDraft records what RemoveDraft did with one.
	AnsweredDrafts(ctx context.Context, greetingsSince time.Time) ([]keepwarm.OutboxItem, error)
	SettleDraft(ctx context.Context, outboxID int64, outcome string, now time.Time) error
}

// Precheck is called just before an item is sent or drafted, before it is
// claimed: an item is in `sending` only while it is really being sent, so a
// crash during the check leaves it queued, not uncertain. It returns a
// non-empty reason to skip the item: the engine wires it to "sync the
// mailbox, then check the stop rules again". A *keepwarm.Hold error keeps
// the item queued until the hold's end, unclaimed and with no attempt
// counted, its reason on the item (a follow-up whose salesperson is away);
// any other error leaves the item for a retry.
type Precheck func(ctx context.Context, item keepwarm.OutboxItem) (skipReason string, err error)

// Settled is told when an item ends failed (refused, or given up after
// retries) or uncertain, with the reason and the recipients a 5xx at RCPT
// refused. The engine wires it to the follow-up job: such a step stops its
// sequence (or, when only some recipients were refused, is done again for
// the others). An error is logged; the item's state is already stored.
type Settled func(ctx context.Context, item keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, refused []string) error

// DispatcherOptions tune a Dispatcher; zero fields take the defaults.
type DispatcherOptions struct {
	Batch       int           // items claimed per mailbox per run; default 20
	MaxAttempts int           // temporary failures before giving up; default 10
	BaseBackoff time.Duration // first retry delay, doubled each attempt; default 1m
	MaxBackoff  time.Duration // cap of the retry delay; default 1h
	Idle        time.Duration // longest sleep when nothing is due; default 5m
	// StopGrace is how long a send under way when ctx ends (keepwarm is
	// stopping) may still take to finish; default DefaultStopGrace.
	StopGrace time.Duration
	// MaxLoginFailures is how many SMTP logins of a mailbox refused in a
	// row stop its sending until the dispatcher is made again (a restart),
	// as sync stops after refused IMAP logins; default 3, <0 never.
	MaxLoginFailures int
	Precheck         Precheck
	Settled          Settled
	// Passed is told after each pass of the loop (Start), whatever it
	// did: every item the loop moves out of `sending` (sent, to be tried
	// again, failed, uncertain) is moved within a pass, so what waits on
	// such an item (a chat post held while its mail instead is being
	// sent) can look again then. RunOnce called alone does not tell it.
	Passed func()
}

// Dispatcher is the sending loop: it claims due outbox items, respects each
// mailbox's daily cap and minimum gap, delivers or drafts them through the
// Sender and moves their state forward. One Dispatcher per database.
type Dispatcher struct {
	store  OutboxStore
	sender *Sender
	clock  keepwarm.Clock
	log    *slog.Logger
	opt    DispatcherOptions

	loop      *keepwarm.Loop
	recovered atomic.Bool  // the current Start's loop has run Recover
	sending   atomic.Int64 // the outbox item being sent or drafted now; 0: none

	claimed atomic.Int64 // the item processGuarded's process claimed; 0: none

	mu sync.Mutex
	// faults are the items whose handling met a fault in keepwarm's own
	// code (see processGuarded), by ID.
	faults map[int64]Fault
	down   map[string]*mailboxDown // mailboxes whose latest send failed for the mailbox's sake
	// unrecorded are claimed items whose outcome (accepted, to be tried
	// again, refused) the store could not record (it was busy), by ID:
	// Recover and Flush record them.
	unrecorded map[int64]unrecorded
	// sentChecks are uncertain sends of mailboxes whose server files what
	// it accepted in Sent itself (Account.ServerFilesSent), left in
	// `sending` until checkSent looks for them there, by ID.
	sentChecks map[int64]sentCheck
	// copyErr is, per mailbox, why its latest copy could not be filed in
	// Sent, while that stays so (see copyHold).
	copyErr map[string]copyFailure
	// copiesLooked: fileMissingCopies ran once. Its first run takes the
	// copy holds up from the store (seedCopyHolds) and releases mail held
	// in any mailbox with no copy left unfiled.
	copiesLooked bool
	// imapNoted are the mailboxes whose stopped IMAP login was logged.
	imapNoted map[string]bool
	// folders are what the latest look for each mailbox's Sent and Drafts
	// folders found (see folderHold); noSent is SetNoSent's.
	folders map[folderKey]folderLook
	// draftsRetry is, per mailbox, when taking answered drafts out of its
	// Drafts is tried again after a failure (see removeAnsweredDrafts).
	draftsRetry map[string]time.Time
	noSent      func(mailbox string) string
	unread      func(mailbox string) string   // SetUnread
	unreadable  func(mailbox string) []string // SetUnreadable's
	firstSync   func(mailbox string) string   // SetFirstSync's
	// What the loop's passes last said of their failures (see pass).
	recoverSaid, runSaid passError
}

// mailboxDown is a mailbox whose latest send failed for the mailbox's sake
// (no connection, TLS, a refused login, MAIL FROM refused, its sending
// limit): its items wait until until, not one connection per item; after
// MaxLoginFailures refused logins in a row it is stopped.
type sentCheck struct {
	at     time.Time // when to look in Sent
	reason string    // why the send was uncertain
	// notFound is the note when it is not there ("": reason and how
	// long after it was looked for).
	notFound string
}

// SentCheckDelay is how long after an uncertain send (the link lost after
// DATA) keepwarm looks for it in the Sent folder of a mailbox whose server
// files what it accepted there itself (Gmail, Microsoft 365): found, the
// server took it and it is sent; not found, it is uncertain.
const SentCheckDelay = 2 * time.Minute

// NotInSentLater ends the note on an uncertain send that was looked for in
// its server's Sent SentCheckDelay after it broke and is not there.
var NotInSentLater = fmt.Sprintf("; not in Sent %s later", SentCheckDelay)

// LookedInSent reports whether an uncertain send's note says keepwarm
// looked for it in the Sent folder its server files sent mail in, and did
// not find it: not so for one whose mailbox's IMAP login was stopped
// ("could not look in Sent"), which may well have arrived.
func LookedInSent(reason string) bool {
	return reason == InterruptedNotInSent || strings.HasSuffix(reason, NotInSentLater)
}

type mailboxDown struct {
	until   time.Time
	fails   int // failures in a row
	refused int // refused logins in a row
	err     error
	stopped bool
	quota   bool // its sending limit for the day: until is the next day
	// unusable: stopped from the start, the account's Unusable in err.
	unusable bool
}

// errMailboxDown ends a mailbox's part of a pass: its send failed for the
// mailbox's sake (DeliveryError.Mailbox), and its next item would meet the
// same.
var errMailboxDown = errors.New("mailbox cannot send now")

// DefaultStopGrace is how long a send under way may still take once
// keepwarm is stopping: the server has the message and is about to answer
// (a virus scan can take that long); cutting it short would leave the mail
// uncertain.
const DefaultStopGrace = 20 * time.Second

// Bounds of the bookkeeping after a send, which runs even when ctx has
// ended: recording the outcome in the store, and (when stopping) filing the
// copy in Sent. A copy not filed in time is filed by a later run.
const (
	recordTimeout = 10 * time.Second
	fileGrace     = 10 * time.Second
)

// errStopGrace is the cause a send is cut short with when its grace ran out.
var errStopGrace = errors.New("keepwarm was stopping and the server had not answered in time")

// NewDispatcher returns a stopped Dispatcher.
func NewDispatcher(st OutboxStore, sender *Sender, clock keepwarm.Clock, log *slog.Logger, opt DispatcherOptions) *Dispatcher {
	if sender == nil {
		sender, _ = NewSender(nil, nil, clock, log) // no account: nothing to send
	}
	if opt.Batch <= 0 {
		opt.Batch = 20
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 10
	}
	if opt.BaseBackoff <= 0 {
		opt.BaseBackoff = time.Minute
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = time.Hour
	}
	if opt.Idle <= 0 {
		opt.Idle = 5 * time.Minute
	}
	if opt.StopGrace <= 0 {
		opt.StopGrace = DefaultStopGrace
	}
	if opt.MaxLoginFailures == 0 {
		opt.MaxLoginFailures = 3
	}
	d := &Dispatcher{store: st, sender: sender, clock: clock, log: log, opt: opt, down: map[string]*mailboxDown{}, unrecorded: map[int64]unrecorded{}, sentChecks: map[int64]sentCheck{}, copyErr: map[string]copyFailure{}, imapNoted: map[string]bool{}, folders: map[folderKey]folderLook{}, draftsRetry: map[string]time.Time{}}
	sender.imap.mu.Lock()
	sender.imap.max = opt.MaxLoginFailures
	sender.imap.mu.Unlock()
	for mb, acct := range sender.accounts {
		if acct.Unusable != nil {
			d.down[mb] = &mailboxDown{stopped: true, unusable: true, err: acct.Unusable}
		}
	}
	d.loop = keepwarm.NewLoop(clock, opt.Idle, d.pass)
	return d
}

// StopBudget is the longest a run can go on after its ctx ends: the send
// under way finishing within StopGrace, then its outcome recorded and its
// copy filed, then what could not be recorded tried again (Flush). A
// caller stopping the dispatcher waits this long for it.
func (d *Dispatcher) StopBudget() time.Duration {
	return d.opt.StopGrace + recordTimeout + fileGrace + flushTimeout
}

// Sending returns the outbox item being sent (or drafted) at this moment.
func (d *Dispatcher) Sending() (id int64, ok bool) {
	id = d.sending.Load()
	return id, id != 0
}

// Backoff is the delay before retry number attempts (1-based): 1m, 2m, 4m...
// capped at MaxBackoff.
func (d *Dispatcher) Backoff(attempts int) time.Duration {
	delay := d.opt.BaseBackoff
	for i := 1; i < attempts && delay < d.opt.MaxBackoff; i++ {
		delay *= 2
	}
	return min(delay, d.opt.MaxBackoff)
}

// RunResult counts what one RunOnce did.
type RunResult struct {
	Sent, Drafted, Skipped, Retried, Failed, Uncertain int
	Held                                               int // kept queued by the pre-send check (keepwarm.Hold)
	// AlreadySent counts queued items found stored already under their
	// Message-ID (a restored backup had them queued): recorded as sent or
	// drafted, not sent again.
	AlreadySent int
	// CheckingSent counts the uncertain sends left in `sending` after the
	// pass, to be looked for in the server's Sent (SentCheckDelay): neither
	// sent nor uncertain yet.
	CheckingSent int
	// Next is the earliest instant at which another run could do something
	// (a due item whose cap or gap allows it); zero when nothing is queued.
	Next time.Time
}

// RunOnce does one pass at now: files copies a previous run could not file,
// then, mailbox by mailbox, claims what the cap and gap allow and sends it.
// It blocks on the network. Errors of single items are recorded on the items;
// the returned error is a store or context failure.
//
// When ctx ends (keepwarm is stopping) it claims nothing more: the item
// being sent gets StopGrace to finish, its outcome is recorded and its
// copy filed regardless, and RunOnce returns ctx's error; the rest stays
// queued.
func (d *Dispatcher) RunOnce(ctx context.Context, now time.Time) (RunResult, error) {
	var res RunResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	d.fileMissingCopies(ctx, now)
	d.removeAnsweredDrafts(ctx)
	d.checkSent(ctx, now, &res)
	for _, mailbox := range d.sender.mailboxes() {
		acct := d.sender.accounts[mailbox]
		downUntil, stopped := d.downUntil(mailbox)
		if stopped {
			continue // until a restart: see SendingStopped
		}
		if held, err := d.firstSyncHold(ctx, mailbox, now, &res); err != nil {
			return res, err
		} else if held {
			continue // until the mailbox's first sync Kicks (SetFirstSync)
		}
		limit, wait, err := d.allowance(ctx, acct, now)
		if err != nil {
			return res, err
		}
		if downUntil.After(now) {
			limit = 0
		}
		if limit > 0 {
			// Claim one item at a time: a crash then leaves at most the one
			// being sent in `sending` (reconciled, maybe uncertain) and the
			// rest of the batch queued, rather than every claimed item
			// uncertain though never attempted.
			claimed := 0
			for claimed < limit {
				if err := ctx.Err(); err != nil {
					return res, err // stopping: claim nothing new
				}
				// Before each claim: a copy that failed in this pass holds
				// the rest too, without taking the pass's sends; one filed
				// lets the missing ones be tried, and the held mail go.
				d.retryTaken(ctx, mailbox, now)
				if err := d.holdForCopies(ctx, acct, now, &res); err != nil {
					return res, err
				}
				it, ok, err := d.store.DueItem(ctx, mailbox, now)
				if err != nil {
					return res, err
				}
				if !ok {
					break
				}
				claimed++
				if err := d.processGuarded(ctx, acct, it, &res); errors.Is(err, errMailboxDown) {
					break // its other items wait for the mailbox, untouched
				} else if err != nil {
					return res, err
				}
			}
			if claimed > 0 {
				// The gap and cap moved: recompute for Next.
				if _, wait, err = d.allowance(ctx, acct, d.clock.Now()); err != nil {
					return res, err
				}
			}
		}
		due, ok, err := d.store.NextDue(ctx, mailbox)
		if err != nil {
			return res, err
		}
		if !ok {
			continue
		}
		if downUntil, stopped = d.downUntil(mailbox); stopped {
			continue
		} else if downUntil.After(wait) {
			wait = downUntil
		}
		next := due
		if wait.After(next) {
			next = wait
		}
		if res.Next.IsZero() || next.Before(res.Next) {
			res.Next = next
		}
	}
	d.nextSentCheck(&res, now)
	return res, nil
}

// allowance returns how many items mailbox may send now, and when it may
// send again if that is 0 (or, with items allowed, the zero time).
func (d *Dispatcher) allowance(ctx context.Context, acct Account, now time.Time) (int, time.Time, error) {
	limit := d.opt.Batch
	var wait time.Time
	if acct.DailyCap >= 0 {
		capN := acct.DailyCap
		if capN == 0 {
			capN = DefaultDailyCap
		}
		loc := acct.Location
		if loc == nil {
			loc = time.UTC
		}
		local := now.In(loc)
		start := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
		end := start.AddDate(0, 0, 1)
		n, err := d.store.SentCount(ctx, acct.Mailbox, start, end)
		if err != nil {
			return 0, wait, err
		}
		if n >= capN {
			return 0, end, nil
		}
		limit = min(limit, capN-n)
	}
	if acct.MinGap > 0 {
		last, ok, err := d.store.LastSentAt(ctx, acct.Mailbox)
		if err != nil {
			return 0, wait, err
		}
		if ok && now.Sub(last) < acct.MinGap {
			return 0, last.Add(acct.MinGap), nil
		}
		// One per run: the next one waits for the gap.
		limit = 1
	}
	return limit, wait, nil
}

// badHoldRecheck is how long an item is held whose pre-send check asked
// for a hold that ends at once or in the past (a bug): long enough not to
// take the mailbox's claims, short enough for the mail not to wait long.
const badHoldRecheck = time.Hour

// process runs the pre-send check on one due item, claims it and carries it
// to its next state.
func (d *Dispatcher) process(ctx context.Context, acct Account, it keepwarm.OutboxItem, res *RunResult) error {
	log := d.log.With("mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key)
	// A draft needs the IMAP login; so does the copy in Sent of a mail
	// where keepwarm files it (not the server): sent without it, the mail
	// would be missing from the salesperson's Sent folder, and she could
	// send it again herself. Where that login stopped, it waits, unclaimed
	// and with no attempt counted, saying why.
	filesCopy := it.Mode == keepwarm.ModeSend && !acct.ServerFilesSent && !acct.NoMailbox
	if it.Mode == keepwarm.ModeDraft || filesCopy {
		if err := d.imapStopped(it.Mailbox); err != nil {
			reason := "held: not filed in Drafts, as the mailbox's IMAP login stopped: " + err.Error()
			if filesCopy {
				reason = "held: not sent, as its copy could not be filed in the Sent folder: " + err.Error()
			}
			res.Held++
			err := d.store.HoldOutbox(ctx, it.ID, d.clock.Now().Add(d.opt.MaxBackoff), reason)
			if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
				return nil // skipped meanwhile (a person): nothing to hold
			}
			return err
		}
	}
	if reason := d.folderHold(ctx, acct, it); reason != "" {
		res.Held++
		until := d.clock.Now().Add(d.opt.MaxBackoff)
		if strings.HasPrefix(reason, UnreadHeld) {
			// Sync asks for the message at each pass and the check costs
			// nothing: the mail goes soon after the message is read, not
			// an hour later. Sync warned of the message once.
			until = d.clock.Now().Add(unreadRecheck)
			log.Debug("held: a new message of the mailbox cannot be read yet", "reason", reason)
		} else {
			log.Warn("held: the mailbox's folder for it cannot be found", "reason", reason)
		}
		err := d.store.HoldOutbox(ctx, it.ID, until, reason)
		if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
			return nil // skipped meanwhile (a person): nothing to hold
		}
		return err
	}
	if reason, until := d.copyHold(acct, it); reason != "" {
		res.Held++
		log.Info("held: an earlier copy is not filed in Sent yet", "until", until, "reason", reason)
		err := d.store.HoldOutbox(ctx, it.ID, until, reason)
		if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
			return nil // skipped meanwhile (a person): nothing to hold
		}
		return err
	}
	if done, err := d.settleStoredCopy(ctx, it, res); done || err != nil {
		return err
	}
	var checkErr error
	if d.opt.Precheck != nil && it.Mode != keepwarm.ModeDryRun {
		reason, err := d.opt.Precheck(ctx, it)
		if ctx.Err() != nil {
			return ctx.Err() // stopping during the check: the item stays queued, unclaimed
		}
		if err == nil && reason != "" {
			res.Skipped++
			log.Info("skipped before sending", "reason", reason)
			err := d.store.MarkSkipped(ctx, it.ID, reason)
			if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
				return nil // skipped meanwhile (a person, during the check): theirs stands
			}
			return err
		}
		var hold *keepwarm.Hold
		if errors.As(err, &hold) {
			res.Held++
			until := hold.Until
			if now := d.clock.Now(); !until.After(now) {
				// A hold that ends at once (or at the zero time) would make
				// the item due again at once: every claim of the pass would
				// go to it and the mailbox would send nothing else. A bug
				// of the check; the item is looked at again in an hour.
				log.Error("keepwarm bug: a hold that ends in the past; looked at again in an hour", "until", hold.Until, "reason", hold.Reason)
				until = now.Add(badHoldRecheck)
			}
			log.Info("held before sending", "until", until, "reason", hold.Reason)
			err := d.store.HoldOutbox(ctx, it.ID, until, "held: "+hold.Reason)
			if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
				return nil // skipped meanwhile (a person): nothing to hold
			}
			return err
		}
		checkErr = err
	}
	if done, err := d.settleStoredCopy(ctx, it, res); done || err != nil {
		return err // the check's sync brought its copy in
	}
	// Claimed at this instant, not the pass's start: the check (a sync)
	// and the items before it took time, and the claim's instant is the
	// mail's Date and the day its send counts against the cap.
	it, ok, err := d.store.Claim(ctx, it.ID, d.clock.Now())
	if err != nil || !ok {
		return err // skipped meanwhile (a person, another check): nothing to do
	}
	d.claimed.Store(it.ID)
	d.sending.Store(it.ID)
	defer d.sending.Store(0)
	if checkErr != nil {
		rec, cancel := d.record(ctx)
		defer cancel()
		return d.retry(rec, it, fmt.Errorf("precheck: %w", checkErr), res)
	}
	// From the claim on, a stop does not cut the item short: the network
	// part has StopGrace after ctx ends, and what happened is recorded with
	// a context of its own (see record), so a mail the server accepted is
	// never left in `sending` for a restart to guess about.
	sendCtx, done := d.afterStop(ctx, d.opt.StopGrace)
	var filed keepwarm.OutboxStatus // a draft found filed already (see draftMayBeFiled)
	switch it.Mode {
	case keepwarm.ModeDryRun:
		err = nil
	case keepwarm.ModeDraft:
		if draftMayBeFiled(it) {
			// Looked for as after a crash: in Drafts and every Sent
			// folder by its Message-ID, then for a mail of its thread
			// since (she sent it under a new one). Only where nothing is
			// found is it filed.
			if filed, err = d.sender.Reconcile(sendCtx, it); err == nil && filed == keepwarm.OutboxQueued {
				filed = ""
				err = d.sender.Draft(sendCtx, it)
			}
		} else {
			err = d.sender.Draft(sendCtx, it)
		}
	default:
		err = d.sender.Deliver(sendCtx, it)
	}
	done()
	rec, cancel := d.record(ctx)
	defer cancel()
	switch it.Mode {
	case keepwarm.ModeDryRun:
		res.Skipped++
		return d.store.MarkSkipped(rec, it.ID, "dry-run: not sent")
	case keepwarm.ModeDraft:
		d.noteFolder(it.Mailbox, draftsFolder, err)
		if isNoFolder(err, draftsFolder) {
			// The Drafts folder went since it was looked for: the
			// mailbox's condition, not the draft's.
			res.Held++
			log.Warn("held: the mailbox's Drafts folder cannot be found", "err", err)
			return d.store.Unclaim(rec, it.ID, d.clock.Now().Add(d.opt.MaxBackoff), NoDraftsHeld+d.folderWhy(it.Mailbox, err))
		}
		if err != nil {
			if keepwarm.ErrorCode(err) == keepwarm.EINVALID {
				res.Failed++
				return d.fail(rec, it, err.Error(), nil)
			}
			return d.retry(rec, it, err, res)
		}
		if filed == keepwarm.OutboxUncertain {
			res.Uncertain++
			log.Warn("draft not filed again: its earlier filing may have reached Drafts, and a mail of its thread is in Drafts or Sent since", "last_error", it.LastError)
			if err := d.store.MarkUncertain(rec, it.ID, InterruptedDraftMaybeFiled); err != nil {
				return err
			}
			d.settled(rec, it, keepwarm.OutboxUncertain, InterruptedDraftMaybeFiled, nil)
			return nil
		}
		res.Drafted++
		if filed == keepwarm.OutboxDrafted {
			log.Info("drafted: its earlier filing had reached the mailbox")
		} else {
			log.Info("drafted")
		}
		return d.store.MarkDrafted(rec, it.ID, d.clock.Now())
	}
	var de *DeliveryError
	if errors.As(err, &de) && de.Mailbox {
		if de.Quota || de.Throttle {
			// The provider's limit on the account says nothing about
			// this mail: it waits with the mailbox, its attempt not
			// counted, so such waits never make it give up.
			d.noteDown(acct, de)
			until, _ := d.downUntil(acct.Mailbox)
			res.Retried++
			log.Info("waits for the mailbox's sending limit", "until", until, "err", err)
			if uerr := d.store.Unclaim(rec, it.ID, until, err.Error()); uerr != nil {
				d.remember(unrecorded{item: it, kind: outcomeUnclaim, at: until, reason: err.Error()}, uerr)
				return uerr
			}
			return errMailboxDown
		}
		if err := d.retry(rec, it, err, res); err != nil {
			return err
		}
		d.noteDown(acct, de)
		return errMailboxDown
	}
	d.clearDown(acct.Mailbox) // it reached the server and logged in
	switch OutcomeOf(err) {
	case OutcomeRetry:
		return d.retry(rec, it, err, res)
	case OutcomeUncertain:
		if acct.ServerFilesSent && !acct.NoMailbox && d.sender.dial != nil && d.imapStopped(acct.Mailbox) == nil {
			// The server files what it accepted in Sent: look there
			// before saying the mail may not have gone out. It stays in
			// `sending` meanwhile (a restart's Recover looks the same).
			at := d.clock.Now().Add(SentCheckDelay)
			d.mu.Lock()
			d.sentChecks[it.ID] = sentCheck{at: at, reason: err.Error()}
			d.mu.Unlock()
			log.Warn("send uncertain: looking for it in Sent shortly", "at", at, "err", err)
			return nil
		}
		res.Uncertain++
		log.Warn("send uncertain: not retried", "err", err)
		note := err.Error()
		if acct.ServerFilesSent && !acct.NoMailbox && d.imapStopped(acct.Mailbox) != nil {
			// Its server files it in Sent if it took it, but nobody can
			// look there: the note says so, not that it is missing.
			note += keepwarm.CouldNotLookInSent
		}
		if err := d.store.MarkUncertain(rec, it.ID, note); err != nil {
			return err
		}
		d.settled(rec, it, keepwarm.OutboxUncertain, note, nil)
		return nil
	case OutcomeFailed:
		if err != nil {
			res.Failed++
			var refused []string
			if errors.As(err, &de) {
				refused = de.Refused
			}
			return d.fail(rec, it, err.Error(), refused)
		}
	}
	sentAt := d.clock.Now()
	if err := d.store.MarkSent(rec, it.ID, sentAt); err != nil {
		// The server said 250: remember it, so that the next pass records
		// it as sent (Recover) instead of guessing from the Sent folder.
		d.remember(unrecorded{item: it, kind: outcomeSent, at: sentAt}, err)
		return fmt.Errorf("record outbox %d as sent after the server accepted it: %w", it.ID, err)
	}
	res.Sent++
	log.Info("sent", "message_id", it.MessageID)
	it.SentAt = sentAt
	fileCtx, done := d.afterStop(ctx, fileGrace)
	defer done()
	d.fileCopy(fileCtx, acct, it)
	return nil
}

// settleStoredCopy records a queued item whose mail is stored already (its
// copy synced from Sent under its Message-ID; a draft's, once the
// salesperson sent it) as sent or drafted,
// and sends nothing: it went out before a backup taken while it was queued
// was restored. done reports that it was so.
func (d *Dispatcher) settleStoredCopy(ctx context.Context, it keepwarm.OutboxItem, res *RunResult) (done bool, err error) {
	if it.Mode == keepwarm.ModeDryRun {
		return false, nil
	}
	status, ok, err := d.store.SettleStoredCopy(ctx, it.ID, d.clock.Now())
	if err != nil || !ok {
		return false, err
	}
	res.AlreadySent++
	d.log.Warn("not sent: its copy is in the mailbox already, so it went out before (a restored backup had it queued); recorded as "+string(status),
		"mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key, "message_id", it.MessageID)
	return true, nil
}

// checkSent looks in Sent for the uncertain sends whose time to be looked
// for has come (see SentCheckDelay): found, the server took the mail and it
// is sent (its copy is there); not found, it is uncertain and Settled is
// told. A search that fails is tried again later.
func (d *Dispatcher) checkSent(ctx context.Context, now time.Time, res *RunResult) {
	d.mu.Lock()
	n := len(d.sentChecks)
	d.mu.Unlock()
	if n == 0 {
		return
	}
	stuck, err := d.store.StuckSending(ctx)
	if err != nil {
		d.log.Warn("look in Sent for uncertain sends: will try again", "err", err)
		return
	}
	inSending := map[int64]bool{}
	for _, it := range stuck {
		inSending[it.ID] = true
		d.mu.Lock()
		c, ok := d.sentChecks[it.ID]
		d.mu.Unlock()
		if !ok || c.at.After(now) {
			continue // not yet
		}
		var found bool
		reason := c.reason + NotInSentLater
		if c.notFound != "" {
			reason = c.notFound
		}
		if d.imapStopped(it.Mailbox) != nil {
			// Its IMAP login stopped meanwhile: nobody can look in Sent
			// until a restart, so the salesperson is told now.
			reason = c.reason + keepwarm.CouldNotLookInSent
		} else if found, err = d.sender.InSent(ctx, it.Mailbox, it.MessageID); err != nil && d.imapStopped(it.Mailbox) != nil {
			reason = c.reason + keepwarm.CouldNotLookInSent
			found = false
		} else if err != nil {
			d.log.Warn("look in Sent for an uncertain send: will try again", "mailbox", it.Mailbox, "outbox", it.ID, "err", err)
			d.mu.Lock()
			d.sentChecks[it.ID] = sentCheck{at: now.Add(SentCheckDelay), reason: c.reason, notFound: c.notFound}
			d.mu.Unlock()
			continue
		}
		d.mu.Lock()
		delete(d.sentChecks, it.ID)
		d.mu.Unlock()
		if found {
			err = d.store.MarkSent(ctx, it.ID, it.AttemptedAt)
			if err == nil {
				err = d.store.MarkAppended(ctx, it.ID, d.clock.Now())
			}
			if err != nil {
				d.log.Warn("record an uncertain send found in Sent", "outbox", it.ID, "err", err)
				d.recovered.Store(false) // the next pass's Recover finds it there again
				continue
			}
			res.Sent++
			d.log.Info("uncertain send found in Sent: the server took it", "mailbox", it.Mailbox, "outbox", it.ID, "message_id", it.MessageID)
			continue
		}
		res.Uncertain++
		d.log.Warn("send uncertain: not found in Sent; not retried", "mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key, "err", reason)
		if err := d.store.MarkUncertain(ctx, it.ID, reason); err != nil {
			d.log.Warn("record an uncertain send", "outbox", it.ID, "err", err)
			d.recovered.Store(false)
			continue
		}
		d.settled(ctx, it, keepwarm.OutboxUncertain, reason, nil)
	}
	d.mu.Lock()
	for id := range d.sentChecks {
		if !inSending[id] {
			delete(d.sentChecks, id) // settled otherwise meanwhile
		}
	}
	d.mu.Unlock()
}

// nextSentCheck brings res.Next forward to the next look in Sent and
// counts the sends waiting for it. A look that was due at the pass's start
// and is still there (checkSent could not read the store) is not brought
// in: the next pass, whenever it comes, looks again, rather than the loop
// spinning on it.
func (d *Dispatcher) nextSentCheck(res *RunResult, now time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	res.CheckingSent = len(d.sentChecks)
	for _, c := range d.sentChecks {
		if !c.at.After(now) {
			continue
		}
		if res.Next.IsZero() || c.at.Before(res.Next) {
			res.Next = c.at
		}
	}
}

// downUntil says until when mailbox's items wait for its SMTP server
// (zero: they do not), or that its sending is stopped.
func (d *Dispatcher) downUntil(mailbox string) (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	dn, ok := d.down[mailbox]
	if !ok {
		return time.Time{}, false
	}
	return dn.until, dn.stopped
}

// noteDown records a send of acct's mailbox that failed for the mailbox's
// sake (before or at MAIL FROM, or its sending limit reached): its items
// wait, the wait doubling with each failure in a row (Backoff), or until
// the next day for the limit (with Backoff again where the limit still
// holds then), and after MaxLoginFailures refused logins in a row its
// sending stops.
func (d *Dispatcher) noteDown(acct Account, de *DeliveryError) {
	mailbox := acct.Mailbox
	d.mu.Lock()
	defer d.mu.Unlock()
	dn, ok := d.down[mailbox]
	if !ok {
		dn = &mailboxDown{}
		d.down[mailbox] = dn
	}
	wasQuota := dn.quota
	dn.fails++
	if de.LoginRefused {
		dn.refused++
	} else {
		dn.refused = 0
	}
	dn.err, dn.quota = de.Err, false
	dn.until = d.clock.Now().Add(d.Backoff(dn.fails))
	if de.Quota && wasQuota {
		// The limit still holds when its wait ended: the provider counts
		// a rolling window (Gmail, Microsoft 365), which clears during
		// the day, not at midnight. One item tries again with the
		// doubling backoff rather than after another whole day.
		dn.quota = true
		d.log.Warn("smtp: the mailbox is still at its sending limit; its mail waits", "mailbox", mailbox, "until", dn.until, "err", de.Err)
		return
	}
	if de.Quota {
		// Until the next day where the cap counts (the provider's own
		// day is not known): then one item tries again.
		loc := acct.Location
		if loc == nil {
			loc = time.UTC
		}
		local := d.clock.Now().In(loc)
		dn.until = time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc)
		dn.fails, dn.quota = 0, true
		d.log.Warn("smtp: the mailbox reached its sending limit; its mail waits for the next day", "mailbox", mailbox, "until", dn.until, "err", de.Err)
		return
	}
	if max := d.opt.MaxLoginFailures; max > 0 && dn.refused >= max {
		dn.stopped = true
		d.log.Error("smtp login refused; stopped sending from this mailbox until keepwarm is restarted",
			"mailbox", mailbox, "refused", dn.refused, "err", de.Err)
		return
	}
	d.log.Warn("smtp: the mailbox cannot send now; its items wait", "mailbox", mailbox, "until", dn.until, "err", de.Err)
}

func (d *Dispatcher) clearDown(mailbox string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.down, mailbox)
}

// SendingStopped names the mailboxes whose sending stopped after their
// SMTP login was refused MaxLoginFailures times in a row, or whose copies
// and drafts stopped after the sender's IMAP logins were, each with why.
// Their items stay queued until keepwarm is restarted.
func (d *Dispatcher) SendingStopped() map[string]string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]string{}
	for mb, dn := range d.down {
		if dn.unusable {
			out[mb] = fmt.Sprintf("cannot send, keepwarm does not send from it "+UntilRestarted+": %v", dn.err)
		} else if dn.stopped {
			out[mb] = fmt.Sprintf("SMTP login refused %d times in a row, keepwarm stopped sending "+UntilRestarted+": %v", dn.refused, dn.err)
		}
	}
	for mb, e := range d.sender.imap.stopped() {
		// (Where sync gave up first, /healthz names the mailbox already.)
		why := fmt.Sprintf("IMAP login refused %d times in a row, keepwarm stopped filing copies in Sent and drafts "+UntilRestarted+": %v", e.Refused, e.Err)
		if s, ok := out[mb]; ok {
			why = s + "; " + why
		}
		out[mb] = why
	}
	return out
}

// SendingLimited names the mailboxes whose server said they reached their
// sending limit for the day, each with until when their mail waits and
// the server's answer.
func (d *Dispatcher) SendingLimited() map[string]string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]string{}
	now := d.clock.Now()
	for mb, dn := range d.down {
		if dn.quota && dn.until.After(now) {
			out[mb] = fmt.Sprintf("reached its sending limit for the day; its mail waits until %s: %v", dn.until.UTC().Format(time.RFC3339), dn.err)
		}
	}
	return out
}

// CopyErrors says, per mailbox, why the latest copy of a sent mail could
// not be filed in its Sent folder, while that stays so.
func (d *Dispatcher) CopyErrors() map[string]string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]string, len(d.copyErr))
	for mb, f := range d.copyErr {
		out[mb] = f.why
	}
	return out
}

// record is the context a claimed item's outcome is stored with once its
// network part is over: ctx's values without its end (keepwarm may be
// stopping), bounded by recordTimeout.
func (d *Dispatcher) record(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
}

// afterStop returns a context with ctx's values that ends grace (on the
// dispatcher's clock) after ctx ends, with errStopGrace as its cause, or
// when the returned function is called.
func (d *Dispatcher) afterStop(ctx context.Context, grace time.Duration) (context.Context, func()) {
	out, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := d.clock.NewTimer(grace)
		defer t.Stop()
		select {
		case <-t.C():
			cancel(errStopGrace)
		case <-out.Done():
		}
	})
	return out, func() {
		stop()
		cancel(context.Canceled)
	}
}

func (d *Dispatcher) retry(ctx context.Context, it keepwarm.OutboxItem, err error, res *RunResult) error {
	if it.Attempts >= d.opt.MaxAttempts {
		reason := fmt.Sprintf("gave up after %d attempts: %v", it.Attempts, err)
		if it.Mode == keepwarm.ModeDraft && (it.AppendLost || appendStarted(err)) {
			// An APPEND of it lost its answer: it may be in Drafts, or
			// sent from there. Failed, a Resume or Resend would file a
			// second copy beside it; uncertain, she is told to look.
			res.Uncertain++
			reason += DraftGivenUpMaybeFiled
			d.log.Warn("draft given up: an earlier filing may have reached Drafts", "mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key, "err", reason)
			if merr := d.store.MarkUncertain(ctx, it.ID, reason); merr != nil {
				return merr
			}
			d.settled(ctx, it, keepwarm.OutboxUncertain, reason, nil)
			return nil
		}
		res.Failed++
		if recipientsWait(err) {
			// Its recipients' servers kept answering "later" (a full
			// mailbox, greylisting): nothing about the mailbox.
			return d.failAs(ctx, it, reason, nil, true)
		}
		return d.fail(ctx, it, reason, nil)
	}
	res.Retried++
	next := d.clock.Now().Add(d.Backoff(it.Attempts))
	d.log.Info("will retry", "mailbox", it.Mailbox, "outbox", it.ID, "at", next, "err", err)
	mark, kind := d.store.MarkRetry, outcomeRetry
	if it.Mode == keepwarm.ModeDraft && appendStarted(err) {
		// It may be in Drafts: kept on the item, not in its error alone,
		// which a later failure or hold writes over (see draftMayBeFiled).
		mark, kind = d.store.MarkRetryAppendLost, outcomeRetryAppendLost
	}
	if merr := mark(ctx, it.ID, next, err.Error()); merr != nil {
		// Not taken, for certain: remembered, so that it is not searched
		// for in Sent and called uncertain.
		d.remember(unrecorded{item: it, kind: kind, at: next, reason: err.Error()}, merr)
		return merr
	}
	return nil
}

// fail marks a claimed item failed, says so in a WARN line and tells
// Settled.
func (d *Dispatcher) fail(ctx context.Context, it keepwarm.OutboxItem, reason string, refused []string) error {
	return d.failAs(ctx, it, reason, refused, len(refused) > 0)
}

// failAs is fail, recording whether the failure was its recipients' (see
// store.MarkRefused), not its mailbox's.
func (d *Dispatcher) failAs(ctx context.Context, it keepwarm.OutboxItem, reason string, refused []string, recipients bool) error {
	d.log.Warn("send failed", "mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key, "refused", refused, "err", reason)
	mark, kind := d.store.MarkFailed, outcomeFailed
	if recipients {
		mark, kind = d.store.MarkRefused, outcomeRefused // the recipients', not the mailbox's
	}
	if err := mark(ctx, it.ID, reason); err != nil {
		d.remember(unrecorded{item: it, kind: kind, reason: reason, refused: refused}, err)
		return err
	}
	d.settled(ctx, it, keepwarm.OutboxFailed, reason, refused)
	return nil
}

func (d *Dispatcher) settled(ctx context.Context, it keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, refused []string) {
	if d.opt.Settled == nil {
		return
	}
	if err := d.opt.Settled(ctx, it, status, reason, refused); err != nil {
		d.log.Warn("after a failed send", "outbox", it.ID, "key", it.Key, "err", err)
	}
}

// fileCopy files a sent item in Sent. A failure is logged and left for
// fileMissingCopies, its answer written on the item: the mail went out,
// only the copy is missing, and the mailbox's next mail to customers waits
// until it is filed (copyHold). A copy the server refuses for good (that
// message: too large, not parsable) is given up instead, with a note on
// the item, and holds nothing. It reports whether the mailbox's next copy
// may be tried now (this one filed or given up).
func (d *Dispatcher) fileCopy(ctx context.Context, acct Account, it keepwarm.OutboxItem) bool {
	if !acct.ServerFilesSent {
		if err := d.sender.FileSent(ctx, it); err != nil {
			why := d.folderWhy(it.Mailbox, err)
			switch copyRefusal(err) {
			case copyRefused:
				d.log.Warn("the server refused the sent copy for good; it is not filed in Sent", "mailbox", it.Mailbox, "outbox", it.ID, "err", err)
				if err := d.store.GiveUpCopy(ctx, it.ID, d.clock.Now(), CopyGivenUp+why); err != nil {
					d.log.Warn("give up the sent copy", "outbox", it.ID, "err", err)
				}
				return true
			case copyNoRight:
				why += "; " + CopyNoRight
			case copyUnknown:
				why += "; " + CopyUnknownAnswer
			}
			d.log.Warn("could not file the sent copy; will try again", "mailbox", it.Mailbox, "outbox", it.ID, "err", err)
			retry := d.noteCopyFailed(it, why, isNoFolder(err, sentFolder))
			if err := d.store.NoteCopyUnfiled(ctx, it.ID, why, retry); err != nil && keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
				d.log.Warn("note the sent copy not filed", "outbox", it.ID, "err", err)
			}
			d.noteFolder(it.Mailbox, sentFolder, err)
			return false
		}
		d.noteFolder(it.Mailbox, sentFolder, nil)
		d.noteCopyTaken(it.Mailbox)
	}
	if err := d.store.MarkAppended(ctx, it.ID, d.clock.Now()); err != nil {
		d.log.Warn("mark appended", "outbox", it.ID, "err", err)
	}
	return true
}

// fileMissingCopies files the copies an earlier pass could not, oldest
// first. After one copy of a mailbox fails, the rest of that mailbox's
// wait, and the mailbox's copies are tried again only when its hold ends
// (copyHold): each try is an IMAP login, and a server that refused one
// (over quota, no Sent folder, a login limit) would otherwise get one per
// copy, every pass. A copy refused for good is given up and the next one
// tried. Once none of a mailbox's copies is left unfiled, the mail held
// for them is due at now, the pass's instant: it goes in this pass.
func (d *Dispatcher) fileMissingCopies(ctx context.Context, now time.Time) {
	items, err := d.store.PendingAppend(ctx)
	if err != nil {
		d.log.Warn("list sent items without a copy", "err", err)
		return
	}
	d.mu.Lock()
	first := !d.copiesLooked
	d.copiesLooked = true
	d.mu.Unlock()
	if first {
		d.seedCopyHolds(ctx, items, now)
	}
	left := map[string]int{} // per mailbox, its copies still not filed
	failed := map[string]bool{}
	tried := map[string]bool{} // a copy filed or given up this pass
	for _, it := range items {
		acct, ok := d.sender.accounts[it.Mailbox]
		if !ok {
			continue
		}
		if left[it.Mailbox] > 0 {
			left[it.Mailbox]++
			continue
		}
		if d.copyRetryLater(it.Mailbox, now) {
			left[it.Mailbox]++
			continue // tried when its hold ends
		}
		if !acct.ServerFilesSent && d.imapStopped(it.Mailbox) != nil {
			left[it.Mailbox]++
			continue // said once by imapStopped; filed after a restart
		}
		if !d.fileCopy(ctx, acct, it) {
			left[it.Mailbox]++
			failed[it.Mailbox] = true
			continue
		}
		tried[it.Mailbox] = true
	}
	for mailbox := range failed {
		d.log.Warn("sent copies not filed in Sent; trying again when the mail held for them is due", "mailbox", mailbox, "copies", left[mailbox])
	}
	// Mail is released where copies were missing and none is left: a hold
	// this dispatcher knows of, copies filed in this pass (after a restart
	// or in `keepwarm tick`, whose holds are in the store only) and, on the
	// first pass, any sending mailbox (copies given up or filed meanwhile).
	release := map[string]bool{}
	for mailbox := range tried {
		release[mailbox] = true
	}
	if first {
		for _, mailbox := range d.sender.mailboxes() {
			release[mailbox] = true
		}
	}
	d.mu.Lock()
	for mailbox := range d.copyErr {
		if left[mailbox] == 0 {
			delete(d.copyErr, mailbox)
			release[mailbox] = true
		}
	}
	d.mu.Unlock()
	var filed []string
	for mailbox := range release {
		if left[mailbox] == 0 {
			filed = append(filed, mailbox)
		}
	}
	slices.Sort(filed)
	for _, mailbox := range filed {
		n, err := d.store.ReleaseHeldIn(ctx, mailbox, CopyUnfiledHeld, now)
		if err != nil {
			d.log.Warn("release the mail held for the copies in Sent", "mailbox", mailbox, "err", err)
			continue
		}
		if n > 0 {
			d.log.Info("copies filed in Sent: the mail held for them goes", "mailbox", mailbox, "items", n)
		}
	}
}

// copyUnfiled is store.CopyUnfiled, the note on a sent item whose copy
// is not filed yet (NoteCopyUnfiled writes it before why): mailsync does
// not import store.
const copyUnfiled = "its copy is not filed in Sent: "

// copyUnfiledWhy is store.CopyUnfiledWhy: the answer after copyUnfiled,
// alone or after an earlier note on the item.
func copyUnfiledWhy(note string) (string, bool) {
	if why, ok := strings.CutPrefix(note, copyUnfiled); ok {
		return why, true
	}
	if _, why, ok := strings.Cut(note, "; "+copyUnfiled); ok {
		return why, true
	}
	return "", false
}

// seedCopyHolds takes up, on a fresh dispatcher's first pass (a restart,
// each `keepwarm tick`), the copy holds an earlier one left in the store:
// a mailbox with a copy noted as not filed (store.CopyUnfiled) is held
// until its copies' next try (the noted items' NextAttemptAt, written with
// the note) or until its mail held for them (CopyUnfiledHeld) is due,
// whichever is later, and its copies are tried then: once a hold as
// before, not at every tick, whether or not mail to customers waits. A
// copy noted as finding no Sent folder seeds nothing, as in one process,
// where folderHold holds the mail for that, not the copy hold: the way out
// is to set sent_folder (or have the folder made) and restart, and the
// first pass after it tries the copy at once, in the folder now found.
func (d *Dispatcher) seedCopyHolds(ctx context.Context, items []keepwarm.OutboxItem, now time.Time) {
	seeds := map[string]*copyFailure{}
	var order []string
	for _, it := range items {
		acct, ok := d.sender.accounts[it.Mailbox]
		if !ok || acct.ServerFilesSent || acct.NoMailbox {
			continue
		}
		why, ok := copyUnfiledWhy(it.LastError)
		if !ok || noSentNoted(why) {
			continue
		}
		f := seeds[it.Mailbox]
		if f == nil {
			// items are oldest first: it is the oldest copy missing.
			since := it.SentAt
			if since.IsZero() || since.After(now) {
				since = now
			}
			f = &copyFailure{why: why, since: since}
			seeds[it.Mailbox] = f
			order = append(order, it.Mailbox)
		}
		if it.NextAttemptAt.After(f.retry) {
			f.retry = it.NextAttemptAt
		}
	}
	for _, mailbox := range order {
		f := seeds[mailbox]
		until, ok, err := d.store.HeldUntil(ctx, mailbox, CopyUnfiledHeld)
		if err != nil {
			d.log.Warn("look up the mail held for copies in Sent", "mailbox", mailbox, "err", err)
			continue
		}
		if ok && until.After(f.retry) {
			f.retry = until
		}
		if !f.retry.After(now) {
			continue // tried now
		}
		d.mu.Lock()
		if _, known := d.copyErr[mailbox]; !known {
			d.copyErr[mailbox] = *f
		}
		d.mu.Unlock()
	}
}

// GreetingDraftAge is how long after it was queued a greeting's or letter's
// draft is taken out of Drafts when its recipient opts out or bounces, as
// long as the desk lists a draft it could not take out. An older one's
// occasion has passed: it is left alone, so the first pass after an
// upgrade does not log in once for every such draft of the past years.
const GreetingDraftAge = 14 * 24 * time.Hour

// removeAnsweredDrafts takes keepwarm's own drafts out of Drafts once their
// thread is answered (Sender.RemoveDraft). An IMAP error leaves the draft
// for later, and the rest of its mailbox's drafts with it: each try is an
// IMAP login, and a Drafts folder gone or a command refused would otherwise
// cost one per draft, every pass, until a provider that limits logins
// refuses the mailbox's sync too. The mailbox's drafts are tried again on
// the next pass, as copies for Sent are (an answered thread's draft left
// longer may be sent by hand), or MaxBackoff after the failure when the
// Drafts folder cannot be found, which a pass will not mend. A draft that
// cannot be looked for at all (no Message-ID) is passed over
// without holding back the others.
func (d *Dispatcher) removeAnsweredDrafts(ctx context.Context) {
	items, err := d.store.AnsweredDrafts(ctx, d.clock.Now().Add(-GreetingDraftAge))
	if err != nil {
		d.log.Warn("list answered drafts", "err", err)
		return
	}
	type failure struct {
		n   int
		err error
	}
	failed := map[string]*failure{}
	for _, it := range items {
		if _, ok := d.sender.accounts[it.Mailbox]; !ok {
			continue
		}
		if f, ok := failed[it.Mailbox]; ok {
			f.n++
			continue
		}
		d.mu.Lock()
		retry := d.draftsRetry[it.Mailbox]
		d.mu.Unlock()
		if d.clock.Now().Before(retry) {
			continue // said when it failed
		}
		if d.imapStopped(it.Mailbox) != nil {
			continue // said once by imapStopped; removed after a restart
		}
		outcome, err := d.sender.RemoveDraft(ctx, it)
		d.noteFolder(it.Mailbox, draftsFolder, err)
		if errors.As(err, new(draftItemError)) {
			// This draft's own fault (no Message-ID to find it by, not
			// composable): found before any login, and no reason to hold
			// back the mailbox's others.
			d.log.Warn("answered thread's draft cannot be looked for in Drafts", "mailbox", it.Mailbox, "outbox", it.ID, "err", err)
			continue
		}
		if err != nil {
			failed[it.Mailbox] = &failure{n: 1, err: err}
			if isNoFolder(err, draftsFolder) {
				d.mu.Lock()
				d.draftsRetry[it.Mailbox] = d.clock.Now().Add(d.opt.MaxBackoff)
				d.mu.Unlock()
			}
			continue
		}
		log := d.log.With("mailbox", it.Mailbox, "outbox", it.ID, "outcome", outcome)
		if outcome == DraftKept || outcome == DraftEdited {
			log.Warn("answered thread's draft left in Drafts; its salesperson's desk says to delete it")
		} else {
			log.Info("answered thread's draft settled")
		}
		if err := d.store.SettleDraft(ctx, it.ID, outcome, d.clock.Now()); err != nil {
			d.log.Warn("record draft removal", "outbox", it.ID, "err", err)
		}
	}
	for mailbox, f := range failed {
		retry := "the next pass"
		if isNoFolder(f.err, draftsFolder) {
			retry = d.opt.MaxBackoff.String()
		}
		d.log.Warn("answered threads' drafts not taken out of Drafts; trying again later", "mailbox", mailbox,
			"drafts", f.n, "retry_in", retry, "err", f.err)
	}
}

// InterruptedNoMailbox is the note on an item of an account without a
// mailbox (the [notify] sender) that a crash left in `sending`.
const InterruptedNoMailbox = "interrupted while sending; the notify account has no mailbox to check: it may or may not have arrived"

// InterruptedUnconfigured is the note (with the mailbox's name) on an item
// a crash left in `sending` whose mailbox is no longer configured.
const InterruptedUnconfigured = "interrupted while sending; mailbox %s is no longer configured, so its Sent cannot be checked: it may or may not have arrived"

// InterruptedNotInSent is the note on an item a crash left in `sending`
// that its mailbox's Sent does not hold.
const InterruptedNotInSent = "interrupted while sending and not found in Sent: check with the recipient before resending"

// DraftGivenUpMaybeFiled ends the note on a draft given up after its
// attempts ran out whose APPEND lost its answer once: it is uncertain, not
// failed, so that nothing files it again without her look.
const DraftGivenUpMaybeFiled = "; an earlier filing of it may be in Drafts: check Drafts and Sent before filing it again"

// InterruptedDraftMaybeFiled is the note on a draft a crash left in
// `sending` that is in neither Drafts nor Sent under its Message-ID, while
// a mail of its thread was filed there since: the salesperson may have
// edited or sent the draft (her mail client gives it a new Message-ID), so
// it is not filed again by itself.
const InterruptedDraftMaybeFiled = "interrupted while filing the draft; a mail of the same thread is in Drafts or Sent since: check there before filing it again"

// Recover records the outcomes this process knew but could not record
// (recordAgain), then settles items a crash left in `sending` (see
// Sender.Reconcile). Call
// it at start-up, before RunOnce or Start (Start's loop calls it until it
// succeeds), never while a send is under way nor while another process
// may be sending from the same database: in-flight items look stuck.
func (d *Dispatcher) Recover(ctx context.Context) error {
	var errs []error
	if err := d.recordAgain(ctx); err != nil {
		errs = append(errs, err)
	}
	stuck, err := d.store.StuckSending(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, it := range stuck {
		if d.isUnrecorded(it.ID) {
			// This process heard the server's answer: recorded by the
			// next try, never guessed from the Sent folder.
			continue
		}
		acct, ok := d.sender.accounts[it.Mailbox]
		if !ok {
			// Its mailbox was removed from the configuration: no Sent to
			// search, and trying again at every start would change nothing.
			d.log.Warn("interrupted send settled as uncertain: its mailbox is no longer configured", "mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key)
			reason := fmt.Sprintf(InterruptedUnconfigured, it.Mailbox)
			if err := d.store.MarkUncertain(ctx, it.ID, reason); err != nil {
				errs = append(errs, err)
			} else {
				d.settled(ctx, it, keepwarm.OutboxUncertain, reason, nil)
			}
			continue
		}
		if acct.NoMailbox && it.Mode == keepwarm.ModeSend {
			// Nothing to look in: settle it for good rather than fail to
			// reconcile it at every start. Not resent: the notify sender's
			// mail is to the team, and what it was about (a nudge, a
			// digest) comes again by itself while it still matters.
			d.log.Warn("interrupted send settled as uncertain: the account has no mailbox to check", "mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key)
			if err := d.store.MarkUncertain(ctx, it.ID, InterruptedNoMailbox); err != nil {
				errs = append(errs, err)
			} else {
				d.settled(ctx, it, keepwarm.OutboxUncertain, InterruptedNoMailbox, nil)
			}
			continue
		}
		d.mu.Lock()
		_, checking := d.sentChecks[it.ID]
		d.mu.Unlock()
		if checking {
			continue // an uncertain send checkSent looks for in Sent
		}
		if it.Mode != keepwarm.ModeDryRun && d.imapStopped(it.Mailbox) != nil {
			// Its Sent or Drafts cannot be searched without the login that
			// was refused: it stays in `sending` (nothing else takes it),
			// settled at the next start.
			continue
		}
		if it.Mode == keepwarm.ModeSend && acct.ServerFilesSent && d.sender.dial != nil {
			// The server files what it accepted in Sent itself, a little
			// after it accepted it: a send cut short by a quick restart
			// (systemctl restart during DATA, a crash, the next cron tick)
			// is looked for there as a live send is, SentCheckDelay from
			// now, not at once, where its copy may not be yet and it would
			// be called "most likely did not go out". One claimed longer
			// ago than a send can last is looked for now.
			timeout := acct.Timeout
			if timeout <= 0 {
				timeout = DefaultSendTimeout
			}
			if now := d.clock.Now(); now.Before(it.AttemptedAt.Add(timeout + SentCheckDelay)) {
				at := now.Add(SentCheckDelay)
				d.mu.Lock()
				d.sentChecks[it.ID] = sentCheck{at: at, reason: "interrupted while sending", notFound: InterruptedNotInSent}
				d.mu.Unlock()
				d.log.Info("interrupted send: looking for it in Sent shortly", "mailbox", it.Mailbox, "outbox", it.ID, "at", at)
				continue
			}
		}
		status, err := d.sender.Reconcile(ctx, it)
		if err != nil {
			errs = append(errs, fmt.Errorf("reconcile outbox %d: %w", it.ID, err))
			continue
		}
		d.log.Info("reconciled an interrupted send", "mailbox", it.Mailbox, "outbox", it.ID, "status", status)
		switch status {
		case keepwarm.OutboxSent:
			err = d.store.MarkSent(ctx, it.ID, it.AttemptedAt)
			if err == nil {
				// Found in Sent: the copy is there already.
				err = d.store.MarkAppended(ctx, it.ID, d.clock.Now())
			}
		case keepwarm.OutboxDrafted:
			err = d.store.MarkDrafted(ctx, it.ID, d.clock.Now())
		case keepwarm.OutboxQueued:
			err = d.store.MarkRetry(ctx, it.ID, d.clock.Now(), "interrupted; retrying the draft")
		case keepwarm.OutboxSkipped:
			err = d.store.MarkSkipped(ctx, it.ID, "dry-run: not sent")
		default:
			reason := InterruptedNotInSent
			if it.Mode == keepwarm.ModeDraft {
				reason = InterruptedDraftMaybeFiled
			}
			err = d.store.MarkUncertain(ctx, it.ID, reason)
			if err == nil {
				// Told like an uncertain send of this process: the tick
				// reports it, its follow-up stops.
				d.settled(ctx, it, keepwarm.OutboxUncertain, reason, nil)
			}
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Fault is a queued item whose handling met a fault in keepwarm's own code
// (a panic), with when it was first met and what it said: the item is held
// and /healthz names it until it is handled without one, or keepwarm is
// restarted.
type Fault struct {
	ID      int64
	Mailbox string
	Key     string
	Since   time.Time
	Panic   string
}

// Faults lists the items held after a fault in keepwarm's own code, oldest
// first.
func (d *Dispatcher) Faults() []Fault {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Fault, 0, len(d.faults))
	for _, f := range d.faults {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Fault) int { return cmp.Or(a.Since.Compare(b.Since), cmp.Compare(a.ID, b.ID)) })
	return out
}

// processGuarded is process with a fault in keepwarm's own code (a panic:
// the pre-send check's template meeting data it did not expect) confined
// to the one item, so that the items after it, and the other mailboxes,
// still go. An item not yet claimed is held for MaxBackoff, saying why on
// it; one claimed is left in `sending` for the next pass's Recover to
// settle as after a crash, by looking in the Sent folder: keepwarm cannot
// tell whether the fault came before or after the server took the mail.
// The fault is logged with its stack once per item, then at DEBUG.
func (d *Dispatcher) processGuarded(ctx context.Context, acct Account, it keepwarm.OutboxItem, res *RunResult) (err error) {
	d.claimed.Store(0)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		msg := fmt.Sprint(r)
		log := d.log.With("mailbox", it.Mailbox, "outbox", it.ID, "key", it.Key, "panic", msg)
		d.mu.Lock()
		f, seen := d.faults[it.ID]
		if !seen || f.Panic != msg {
			if d.faults == nil {
				d.faults = map[int64]Fault{}
			}
			d.faults[it.ID] = Fault{ID: it.ID, Mailbox: it.Mailbox, Key: it.Key, Since: d.clock.Now(), Panic: msg}
		}
		d.mu.Unlock()
		if !seen || f.Panic != msg {
			log.Error("outbox item met a fault in keepwarm's own code; it is held, the others go on", "stack", string(keepwarm.PanicStack(r)))
		} else {
			log.Debug("outbox item met the same fault in keepwarm's own code again; held again")
		}
		if d.claimed.Load() == it.ID {
			d.recovered.Store(false) // the next pass's Recover settles it
			err = nil
			return
		}
		res.Held++
		err = d.store.HoldOutbox(ctx, it.ID, d.clock.Now().Add(d.opt.MaxBackoff), "held: keepwarm fault while checking: "+msg)
		if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
			err = nil // skipped meanwhile (a person): nothing to hold
		}
	}()
	err = d.process(ctx, acct, it, res)
	d.mu.Lock()
	delete(d.faults, it.ID)
	d.mu.Unlock()
	return err
}
