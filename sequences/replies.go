package sequences

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// ReplyStore is what the reply watch needs from the database; store.DB
// satisfies it.
type ReplyStore interface {
	// MeasureReplies recomputes the clocks of the threads that changed,
	// calling judge (inside its transaction) to fill the configured fields.
	MeasureReplies(ctx context.Context, now time.Time, settings string, judge func(*keepwarm.ReplyClock)) (int, error)
	// MeasureThreads measures the given threads' clocks alone, leaving the
	// other changed threads to MeasureReplies.
	MeasureThreads(ctx context.Context, now time.Time, judge func(*keepwarm.ReplyClock), threads []int64) (int, error)
	MarkReplyDigest(ctx context.Context, now, cutoff time.Time) (int, error)
	DueNudges(ctx context.Context, now time.Time, nudgeAfter time.Duration, cutoff time.Time) ([]keepwarm.Nudge, error)
	RecordNudge(ctx context.Context, messageID int64, level int, at time.Time) error
	// RecordCover records that a nudge went to backup because the owner
	// was away (the weekly summary lists them).
	RecordCover(ctx context.Context, messageID int64, level int, a keepwarm.Absence, backup string, at time.Time) error
	NextNudgeAt(ctx context.Context, nudgeAfter time.Duration, cutoff time.Time) (time.Time, bool, error)
	Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)
	// OutboxByKey finds the first nudge's mail, which the second answers.
	OutboxByKey(ctx context.Context, key string) (keepwarm.OutboxItem, bool, error)
	// DraftOutcome is what became of a draft keepwarm filed ("" while it
	// is in Drafts): the target nudge says where the "received" one is.
	DraftOutcome(ctx context.Context, outboxID int64) (string, error)
	// ReheadQueued rewrites a queued mail's text (the mail instead of a
	// post that ended uncertain); ECONFLICT when it is no longer queued.
	ReheadQueued(ctx context.Context, id int64, text string) error
	// NarrowChat posts a queued chat nudge to fewer readers (to) with
	// note (fewer @-mentions); ECONFLICT when it is no longer queued.
	NarrowChat(ctx context.Context, id int64, to []keepwarm.Address, note keepwarm.ChatNote) error
	// NudgeState is where a nudge's message stands just before the nudge
	// goes out.
	NudgeState(ctx context.Context, messageID int64) (keepwarm.NudgeState, error)
}

// Reply watch defaults (docs/rules.md rule 1).
const (
	DefaultReplyTarget  = 10 * time.Minute
	DefaultNudgeAfter   = 5 * time.Minute
	DefaultBacklogLimit = time.Hour
	// OriginNudge marks the outbox items the reply watch makes.
	OriginNudge = "nudge"
)

// ReplyConfig is the reply watch's configuration; cmd builds it from
// [replies], [notify], [team] and [[salesperson]].
type ReplyConfig struct {
	Target       time.Duration            // default DefaultReplyTarget
	GradeTargets map[string]time.Duration // per customer grade ("A"), overriding Target
	NudgeAfter   time.Duration            // first nudge; default DefaultNudgeAfter
	BacklogLimit time.Duration            // older unanswered mail goes to the digest; default DefaultBacklogLimit
	// Escalate copies the second nudge (at the target) to the Manager.
	Escalate bool
	Manager  string

	// People maps every team address to the salesperson it stands for:
	// each salesperson and the manager to themselves, a mailbox's login to
	// the mailbox's owner. Keys and values are lower-case emails.
	People map[string]string
	// Team is everyone on the team, as the web lets them in (every
	// salesperson, the manager and [team] managers; lower-case emails):
	// mail of a customer one of them owns is theirs to answer, not a
	// stand-in's.
	Team map[string]bool
	// MailboxOwners maps a configured mailbox name to its owner's email.
	MailboxOwners map[string]string
	// Hours are each person's working hours, by email; Default for the rest.
	Hours        map[string]WorkHours
	DefaultHours WorkHours

	// NotifyMailbox is the outbox mailbox name of the system sender and
	// NotifyFrom its address; an empty NotifyMailbox measures only, sending
	// no nudges.
	NotifyMailbox string
	NotifyFrom    keepwarm.Address
	// Notify says where each person's nudges go, by email: "email" and the
	// chat channels of their notify list. A person not in it gets email.
	// A chat target needs no NotifyMailbox.
	Notify map[string][]NotifyTarget
	// Names are the team's names by lower-case email (a nudge to a backup
	// names the absent owner); Langs each salesperson's language for chat
	// nudges, "zh" or "en" ("" or missing: the channel's).
	Names map[string]string
	Langs map[string]string
	// ManagerName is team.manager_name: the Manager's name where Names
	// has none (the manager is in no [[salesperson]]).
	ManagerName string
	// WebURL is the web application's base_url: a nudge links to the
	// message's page there. "" = no link.
	WebURL string
	// Now is the clock the last look before a nudge goes out reads (a
	// "reply due" nudge whose target has passed meanwhile is dropped for
	// the target's); nil: that look is left out.
	Now func() time.Time
	// OnQueued is called (never blocking, please) after nudges were queued:
	// cmd wires it to the dispatcher's Kick.
	OnQueued func()
	// Away says who is away and who covers for them; nil: nobody is ever
	// away (every nudge goes to the owner).
	Away *Away
	// Ack puts a "received, working on it" draft in the Drafts of the one
	// nudged (the owner, or their backup while they are away) at
	// the first nudge; nil: none.
	Ack *Ack
	// Look, when nudges fall due, has every mailbox synced now and waits
	// for it, so an answer filed in a Sent folder since the last poll stops
	// the clock before anyone is nudged; the daemon wires it to its live
	// syncers. An error (a mailbox not connected, a timeout) is logged and
	// the nudges go on what is stored, except a *StartingError: the nudges
	// wait for the mailboxes it names. nil: no look (the tick syncs first).
	Look func(ctx context.Context) error
}

// StartingError is a Look's answer while mailboxes that may yet connect
// have not synced once since keepwarm started: what came while keepwarm
// was down, a salesperson's answer from her phone among it, is not stored
// yet, so the nudges wait (the daemon bounds how long).
type StartingError struct{ Mailboxes []string }

func (e *StartingError) Error() string {
	return "not synced yet since keepwarm started: mailbox(es) " + strings.Join(e.Mailboxes, ", ")
}

// startingRetry is how soon the watch looks again while mailboxes are
// starting; the daemon also kicks the engine at each first sync.
const startingRetry = time.Minute

// ReplyWatch is the Job that measures every inbound customer message against
// its reply target and nudges the owner before and at the target.
type ReplyWatch struct {
	cfg      ReplyConfig
	store    ReplyStore
	log      *slog.Logger
	settings string
	// lookFailed is the last failed look's error as logged (through
	// keepwarm.SameFailure: a cut link has a new port each time), "" after a
	// look that worked: a mailbox that stays disconnected is logged once,
	// not at every round of nudges.
	lookFailed string
}

// NewReplyWatch fills cfg's defaults and returns the job.
func NewReplyWatch(cfg ReplyConfig, st ReplyStore, log *slog.Logger) *ReplyWatch {
	if cfg.Target <= 0 {
		cfg.Target = DefaultReplyTarget
	}
	if cfg.NudgeAfter <= 0 {
		cfg.NudgeAfter = DefaultNudgeAfter
	}
	if cfg.BacklogLimit <= 0 {
		cfg.BacklogLimit = DefaultBacklogLimit
	}
	if cfg.DefaultHours.End <= cfg.DefaultHours.Start {
		cfg.DefaultHours = DefaultWorkHours(cfg.DefaultHours.Location)
	}
	w := &ReplyWatch{cfg: cfg, store: st, log: log}
	w.settings = w.fingerprint()
	return w
}

// Name implements Job.
func (w *ReplyWatch) Name() string { return "replies" }

// Measure only brings the clocks up to date (for reports); it queues nothing.
func (w *ReplyWatch) Measure(ctx context.Context, now time.Time) (int, error) {
	return w.store.MeasureReplies(ctx, now, w.settings, w.judge)
}

// MeasureThreads brings only the given threads' clocks up to date (a mark
// "no answer needed" shows at once); the other threads that changed wait
// for Measure or Run, so it takes as long as those threads do, not the
// backlog of a large sync. It queues nothing.
func (w *ReplyWatch) MeasureThreads(ctx context.Context, now time.Time, threads ...int64) (int, error) {
	return w.store.MeasureThreads(ctx, now, w.judge, threads)
}

// Run measures the clocks of threads that changed, hands unanswered mail older
// than the backlog limit to the digest, queues the nudges that are due and
// returns when the next one falls due.
func (w *ReplyWatch) Run(ctx context.Context, now time.Time) (time.Time, error) {
	n, err := w.Measure(ctx, now)
	if err != nil {
		return time.Time{}, err
	}
	if n > 0 {
		w.log.Debug("reply clocks measured", "clocks", n)
	}
	if w.cfg.NotifyMailbox == "" && !w.chatOn() {
		return time.Time{}, nil
	}
	cutoff := now.Add(-w.cfg.BacklogLimit)
	if n, err := w.store.MarkReplyDigest(ctx, now, cutoff); err != nil {
		return time.Time{}, err
	} else if n > 0 {
		w.log.Info("unanswered mail older than the backlog limit goes to the digest, not to nudges",
			"messages", n, "backlog_limit", w.cfg.BacklogLimit)
	}
	due, err := w.store.DueNudges(ctx, now, w.cfg.NudgeAfter, cutoff)
	if err != nil {
		return time.Time{}, err
	}
	if len(due) > 0 && w.cfg.Look != nil {
		var wait bool
		if due, wait, err = w.lookAgain(ctx, now, cutoff); err != nil {
			return time.Time{}, err
		} else if wait {
			return now.Add(startingRetry), nil
		}
	}
	roster := Roster{At: now, Manager: w.cfg.Manager}
	if w.cfg.Away != nil && len(due) > 0 {
		if roster, err = w.cfg.Away.Roster(ctx, now); err != nil {
			return time.Time{}, err
		}
	}
	queued := 0
	for _, nd := range due {
		ok, err := w.queue(ctx, nd, now, roster)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			queued++
		}
	}
	if queued > 0 && w.cfg.OnQueued != nil {
		w.cfg.OnQueued()
	}
	next, ok, err := w.store.NextNudgeAt(ctx, w.cfg.NudgeAfter, cutoff)
	if err != nil || !ok {
		return time.Time{}, err
	}
	return next, nil
}

// lookAgain has every mailbox synced (Look) before nudges go out, measures
// the clocks of what it found and returns the nudges still due; wait: none
// may go yet, as mailboxes have not synced once since the start.
func (w *ReplyWatch) lookAgain(ctx context.Context, now, cutoff time.Time) (due []keepwarm.Nudge, wait bool, err error) {
	if err := w.cfg.Look(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		level := slog.LevelInfo
		if keepwarm.SameFailure(err.Error()) == w.lookFailed {
			level = slog.LevelDebug
		}
		w.lookFailed = keepwarm.SameFailure(err.Error())
		var starting *StartingError
		if errors.As(err, &starting) {
			w.log.Log(ctx, level, "nudges wait until every mailbox has synced once since the start: an answer written while keepwarm was down may not be stored yet",
				"mailboxes", strings.Join(starting.Mailboxes, ", "))
			return nil, true, nil
		}
		w.log.Log(ctx, level, "could not look for answers in every mailbox before nudging: nudging on what is stored", "err", err)
	} else {
		w.lookFailed = ""
	}
	if _, err := w.Measure(ctx, now); err != nil {
		return nil, false, err
	}
	due, err = w.store.DueNudges(ctx, now, w.cfg.NudgeAfter, cutoff)
	return due, false, err
}

// queue writes one nudge to the outbox and records it. The outbox key makes
// a repeat (a crash between the two writes) a no-op, so each level goes out
// once per message, ever.
func (w *ReplyWatch) queue(ctx context.Context, nd keepwarm.Nudge, now time.Time, roster Roster) (bool, error) {
	gone := ""
	if standIn := w.standIn(nd); standIn != "" {
		// The owner left the team: their customer's mail goes to whoever
		// stands in, saying so, not to an address nobody reads.
		gone, nd.Owner = nd.Owner, standIn
	}
	to, cover := roster.Cover(nd.Owner)
	if cover != nil && to == nd.Owner {
		cover = nil // nobody else to give it to: an ordinary nudge
	}
	// The "received" draft is written first, so the nudge can say it is
	// there; it is queued after the nudge (a crash between repeats both).
	var ack keepwarm.OutboxItem
	draftedBy := ""       // whose Drafts hold it
	var filedAt time.Time // when it was filed: the target nudge says so
	var noAck noAckWhy    // why none was written, when the nudge can say
	if nd.Level == 1 && w.cfg.Ack != nil {
		var err error
		if ack, draftedBy, err = w.cfg.Ack.Item(ctx, nd, to, now); err != nil {
			w.log.Warn("no \"received\" draft", "message", nd.MessageID, "err", err)
			draftedBy = ""
			var slot *templates.EmptyNameSlotError
			var field *templates.PlaceholderError
			var unsigned *AckUnsignedError
			var alias *SendAsError
			var clash *AckRegisterError
			var lang *AckLanguageError
			var unset *templates.UnsetFieldError
			switch {
			case errors.As(err, &unset):
				noAck.unset, noAck.file = unset.Field, unset.File
			case errors.As(err, &lang):
				noAck.lang, noAck.file = lang.Lang, lang.File
			case errors.As(err, &clash):
				noAck.familiar, noAck.formal, noAck.overFamiliar = clash.Familiar, clash.Formal, clash.OverFamiliar
			case errors.As(err, &alias):
				noAck.sendAs = alias.Address
				noAck.mailbox = alias.Mailbox
			case errors.As(err, &slot):
				noAck.name = slot.Line // the nudge says why there is none
			case errors.As(err, &field):
				noAck.placeholder, noAck.placeholderPart = field.Token, field.Part
			case errors.As(err, &unsigned):
				noAck.unsigned = unsigned.Person
			}
		}
	} else if nd.Level >= 2 && w.cfg.Ack != nil {
		// The target nudge says where the draft the first nudge put in
		// Drafts is (the "Reply due" mail may not have gone: dropped as the
		// target passed while the [notify] server had it wait), not to
		// write a "received" oneself: the customer would get two.
		var err error
		if draftedBy, filedAt, err = w.draftWaiting(ctx, nd.MessageID); err != nil {
			return false, err
		}
	}
	manager, _ := roster.Cover(w.cfg.Manager) // the manager's copy goes to whoever covers for them
	items, err := w.nudgeItems(ctx, nd, now, to, manager, cover, gone, draftedBy, filedAt, noAck)
	if err != nil {
		return false, fmt.Errorf("queue nudge for message %d: %w", nd.MessageID, err)
	}
	log := w.log.With("message", nd.MessageID, "nudge", nudgeName(nd.Level))
	if cover != nil && len(items) > 0 {
		// Recorded first: a crash before the enqueue repeats both.
		if err := w.store.RecordCover(ctx, nd.MessageID, nd.Level, *cover, to, now); err != nil {
			return false, err
		}
	}
	for _, item := range items {
		if _, created, err := w.store.Enqueue(ctx, item); err != nil {
			return false, fmt.Errorf("queue nudge for message %d: %w", nd.MessageID, err)
		} else if created {
			if IsManagerCopy(item) {
				log.Info("manager's copy of the nudge queued", "to", item.To[0].Email, "customer", nd.Customer, "via", item.Mailbox)
			} else if gone != "" {
				log.Info("nudge queued for an owner who is not on the team: to whoever stands in", "to", to, "owner", gone, "customer", nd.Customer, "via", item.Mailbox)
			} else if cover != nil {
				log.Info("nudge queued for an absent owner's backup", "to", to, "away", nd.Owner, "customer", nd.Customer, "via", item.Mailbox)
			} else {
				log.Info("nudge queued", "to", to, "customer", nd.Customer, "via", item.Mailbox)
			}
		}
	}
	if len(items) > 0 && ack.Key != "" {
		// In the Drafts of whoever was nudged, in their name; in the
		// owner's when a backup has no mailbox here.
		if err := w.cfg.Ack.Enqueue(ctx, ack); err != nil {
			log.Warn("no \"received\" draft", "err", err)
		}
	}
	if len(items) == 0 {
		log.Warn("nudge has nobody to go to: set [team] manager or the customer's owner, and [notify] or a chat channel in their notify list")
	}
	return len(items) > 0, w.store.RecordNudge(ctx, nd.MessageID, nd.Level, now)
}

// draftWaiting is whose Drafts keepwarm filed the "received" draft of
// message in, that the first nudge queued, and when: "" when there is
// none, when it was not filed (still to be filed, being retried or held,
// failed, dropped, uncertain) or keepwarm took it out again (the customer
// was answered). keepwarm does not look in Drafts: a draft deleted or
// sent by hand since still counts, which is why the nudge says when it
// was filed, not that it is there now.
func (w *ReplyWatch) draftWaiting(ctx context.Context, message int64) (string, time.Time, error) {
	it, ok, err := w.store.OutboxByKey(ctx, AckKey(message))
	if err != nil || !ok || it.Status != keepwarm.OutboxDrafted {
		return "", time.Time{}, err
	}
	outcome, err := w.store.DraftOutcome(ctx, it.ID)
	if err != nil {
		return "", time.Time{}, err
	}
	// Only an edit (or a server that cannot take it out) leaves it
	// there; "removed" and "gone" mean it is not.
	if outcome != "" && outcome != "edited" && !strings.HasPrefix(outcome, "kept") {
		return "", time.Time{}, nil
	}
	return w.cfg.Ack.ownerOf(it.Mailbox), it.SentAt, nil
}

// standIn is who gets the nudges of a message whose owner is not on the
// team (neither a salesperson nor the manager, e.g. a salesperson who left
// and whose customers were not handed on yet): the receiving mailbox's
// owner, else the manager. "" when the owner is on the team, when nobody
// can stand in, or when the team is not known (Team empty).
func (w *ReplyWatch) standIn(nd keepwarm.Nudge) string {
	return w.cfg.StandIn(nd.Owner, nd.Mailbox)
}

// StandIn is who gets the nudges of mail that reached mailbox for owner
// when owner is not on the team: the mailbox's owner, else the manager;
// "" when owner is on the team, when nobody can stand in, or when the team
// is not known. The reports name the same person as ReplyWatch nudges.
func (c ReplyConfig) StandIn(owner, mailbox string) string {
	owner = strings.ToLower(owner)
	if owner == "" || len(c.Team) == 0 || c.Team[owner] {
		return ""
	}
	for _, p := range []string{c.MailboxOwners[mailbox], c.Manager} {
		if p = strings.ToLower(p); p != "" && p != owner && c.Team[p] {
			return p
		}
	}
	return ""
}

// Recipient says who receives at now what is addressed to owner: the owner,
// or while they are away their backup (following a backup who is away
// too), else the manager; cover is then the owner's absence. Every channel
// a nudge goes through asks this one function. It reads the store.
func (w *ReplyWatch) Recipient(ctx context.Context, owner string, now time.Time) (to string, cover *keepwarm.Absence, err error) {
	if w.cfg.Away == nil {
		return strings.ToLower(owner), nil, nil
	}
	return w.cfg.Away.Recipient(ctx, owner, now)
}

// judge fills the configured fields of a measured clock: who answers for it,
// who answered, its target and its business-hours figure.
func (w *ReplyWatch) judge(c *keepwarm.ReplyClock) {
	c.Owner = replyFirst(strings.ToLower(c.CustomerOwner), w.cfg.MailboxOwners[c.Mailbox], w.cfg.Manager)
	c.Target = w.target(c.Grade)
	c.RepliedBy, c.BusinessSeconds, c.BusinessDueAt = "", 0, time.Time{}
	if c.UnseenBy != 0 { // answered, when not known
		// By the one of the team the customer's answer went To, when that
		// address is a person's own: a shared login (sales@) or an alias
		// does not say who of the team wrote the mail not seen, and it is
		// then filed under the customer's owner, as Owner is.
		if from := strings.ToLower(c.ReplyFrom); from != "" && w.cfg.People[from] == from {
			c.RepliedBy = from
		}
		return
	}
	if c.Open() {
		c.BusinessDueAt = businessDue(w.hours(c.Owner), c.StartedAt, c.Target)
		return
	}
	c.RepliedBy = w.answeredBy(c)
	c.BusinessSeconds = int64(w.hours(c.RepliedBy, c.Owner).Between(c.StartedAt, c.RepliedAt) / time.Second)
}

// answeredBy is the salesperson who wrote c's answer: the one whose own
// address it came from; from another team address (a shared mailbox's
// login, which People gives its owner) the salesperson whose name it went
// out with, as a follow-up from there is signed (Tom answering from
// sales@ as "Tom Wang" answered, not sales@'s owner), else that address's
// person, else the answering mailbox's owner, else the address itself.
// (Names are not in the fingerprint: an answer judged once keeps who
// answered it, replies-upsert.)
func (w *ReplyWatch) answeredBy(c *keepwarm.ReplyClock) string {
	from := strings.ToLower(c.ReplyFrom)
	person := w.cfg.People[from]
	if name := strings.TrimSpace(c.ReplyFromName); person != from && name != "" {
		writer := ""
		for email, n := range w.cfg.Names {
			if strings.EqualFold(strings.TrimSpace(n), name) {
				if writer != "" { // two of that name: the address says no more
					writer = ""
					break
				}
				writer = email
			}
		}
		if writer != "" {
			return writer
		}
	}
	return replyFirst(person, w.cfg.MailboxOwners[c.ReplyMailbox], from)
}

// businessDueLimit bounds how far businessDue looks: hours with no
// working time in it (no workday set) give no instant.
const businessDueLimit = 60 * 24 * time.Hour

// businessDue is the instant at which target has passed since from
// counting only h's working hours, as Between counts them; zero when not
// within businessDueLimit.
func businessDue(h WorkHours, from time.Time, target time.Duration) time.Time {
	return h.Reach(from, target, businessDueLimit)
}

func (w *ReplyWatch) target(grade string) time.Duration {
	if t, ok := w.cfg.GradeTargets[grade]; ok && t > 0 {
		return t
	}
	return w.cfg.Target
}

// hours returns the working hours of the first person who has some set.
func (w *ReplyWatch) hours(people ...string) WorkHours {
	for _, p := range people {
		if h, ok := w.cfg.Hours[p]; ok {
			return h
		}
	}
	return w.cfg.DefaultHours
}

// fingerprint names everything judge depends on: when it changes, every
// clock is measured again.
func (w *ReplyWatch) fingerprint() string {
	type hours struct {
		Start, End time.Duration
		Days       [7]bool
		Zone       string
		Holidays   string   `json:",omitempty"`
		Overrides  []string `json:",omitempty"`
	}
	hs := map[string]hours{}
	conv := func(h WorkHours) hours {
		zone := "UTC"
		if h.Location != nil {
			zone = h.Location.String()
		}
		var ovs []string
		if h.Country != "" {
			ovs = h.Calendars.Or().OverrideKeys(h.Country)
		}
		return hours{h.Start, h.End, h.Days, zone, h.Country, ovs}
	}
	for p, h := range w.cfg.Hours {
		hs[p] = conv(h)
	}
	hs[""] = conv(w.cfg.DefaultHours)
	grades := make([]string, 0, len(w.cfg.GradeTargets))
	for g, t := range w.cfg.GradeTargets {
		grades = append(grades, g+"="+t.String())
	}
	sort.Strings(grades)
	b, _ := json.Marshal(struct {
		Target        time.Duration
		Grades        []string
		Manager       string
		People, Owner map[string]string
		Hours         map[string]hours
	}{w.cfg.Target, grades, w.cfg.Manager, w.cfg.People, w.cfg.MailboxOwners, hs})
	return string(b)
}

func replyFirst(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// nudgeName says which nudge a level is, for log lines (whose own "level"
// key is the log level).
func nudgeName(level int) string {
	switch level {
	case 1:
		return "reply due"
	case 2:
		return "target passed"
	}
	return fmt.Sprintf("nudge %d", level)
}
