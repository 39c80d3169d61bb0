package app

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"sort"
	"strings"
	"sync"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/web"
)

// EnrollmentChanger is the follow-up engine's manual commands
// (*sequences.FollowUp): the web changes enrollments through the same rules
// as `keepwarm pause|resume|stop|skip`.
type EnrollmentChanger interface {
	Pause(ctx context.Context, id int64, until, now time.Time) (keepwarm.Enrollment, error)
	Resume(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error)
	Stop(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error)
	SkipStep(ctx context.Context, id int64, step int, by string, now time.Time) (keepwarm.Enrollment, error)
	// A failed follow-up whose last step may have gone out: which step,
	// and the person's answer from the recipient (it arrived: go on; it
	// did not: send it again).
	// The step's item: its Mode says whether it was a draft to file.
	UncertainStep(ctx context.Context, e keepwarm.Enrollment) (keepwarm.OutboxItem, bool, error)
	// StepMail is the mail of the step e stands one past (the step a
	// failed one's reason names), found by the step's name whatever index
	// it was queued at, its Step the step's index now.
	StepMail(ctx context.Context, e keepwarm.Enrollment) (keepwarm.OutboxItem, bool, error)
	Arrived(ctx context.Context, id int64, by string, now time.Time) (keepwarm.Enrollment, error)
	SendAgain(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error)
	// NextStepAt is when e's next step goes: a follow-up paused past its
	// step's time goes at the send window's first opening after the
	// pause, not at the pause's end.
	NextStepAt(ctx context.Context, e keepwarm.Enrollment) (time.Time, bool, error)
	// PutBackFailed is told before a person's (by's) Skip of a queued
	// step: the held mail of a failed follow-up's last step has its step
	// put back, so that Resume does it again rather than take it as done,
	// and why is the reason the skip keeps ("": the plain "skipped by").
	PutBackFailed(ctx context.Context, item keepwarm.OutboxItem, by string, now time.Time) (why string, err error)
}

// WebDeps is what the web backend is built from.
type WebDeps struct {
	DB *store.DB
	// Away reads who is away (config, desk, out-of-office replies); nil:
	// the desk shows no absences. PersonLocation is a person's zone: the
	// days of the absence form are theirs (nil: TeamLocation).
	Away           *sequences.Away
	PersonLocation func(email string) *time.Location
	FollowUp       EnrollmentChanger
	Rules          book.Rules
	// People are the team members who may sign in; a Manager sees everything.
	// One listed without Manager is a salesperson (WebPeople lists a
	// manager who also sells twice): only they claim from the pool.
	People []web.Person
	// MailboxOwners is each mailbox's owner (by mailbox name): the owner
	// of the mailbox a customer wrote to stands in for a customer's owner
	// who is not on the team (People), as the reply nudges have it.
	MailboxOwners map[string]string
	// StandIn is who the nudges of a departed owner's mail go to
	// (ReplyConfig.StandIn): the replies report lists that mail to them.
	StandIn func(owner, mailbox string) string
	// ServerFilesSent says whether a mailbox's server files what it sends
	// in Sent itself (server_saves_sent), so keepwarm files no copy; nil:
	// none does.
	ServerFilesSent func(mailbox string) bool
	// Sends says whether a mailbox is configured to send (its [[mailbox]]
	// with an smtp_url), so a send marked arrived gets its copy filed in
	// Sent; nil: every one is. A salesperson who left has none, and her
	// customers' uncertain sends are on the new owner's desk.
	Sends func(mailbox string) bool
	// CustomerLocation is a customer's zone (App.CustomerLocation: its
	// own, else its country's, else its mail's, else the team's); nil = UTC.
	CustomerLocation func(keepwarm.Customer) *time.Location
	// Webmail returns a link that opens a message's thread in the webmail of
	// the mailbox it arrived in; "" (or a nil func) when it has none.
	Webmail func(mailbox, messageID string) string

	// The manager's console: the directories of the team's sequence and
	// template files ([sequences] dir and templates_dir; "" = none, the
	// console then cannot save), and the identities steps are sent as (for
	// previews). FollowUp, when it is a *sequences.FollowUp, gives the
	// forecast and the previews.
	SequencesDir, TemplatesDir string
	Identities                 []sequences.Identity
	// DefaultSequence is [sequences] default ("" = none) and ConfigPath
	// the config file that names it: a save that would leave it naming no
	// sequence is refused, as the daemon refuses such files.
	DefaultSequence, ConfigPath string
	// ReplyTarget and GradeTargets are [replies] reply_target and
	// grade_targets, which the replies report names.
	ReplyTarget  time.Duration
	GradeTargets map[string]time.Duration
	// TeamLocation is the team's zone: months and days are counted in it.
	TeamLocation *time.Location
	// Greetings plans the greetings and letters the forecast lists (nil:
	// none are configured).
	Greetings GreetingPlanner
	// LettersDir is the directory of the monthly letters ([greetings]
	// letters_dir; "" = none: letters cannot be written here), and
	// GreetingTemplates the templates [greetings] names beyond the built-in
	// occasions (the console lists them as greetings).
	LettersDir        string
	GreetingTemplates []string
	// GreetingSenders is whom each owner's greetings and letters go out
	// as (App.GreetingSenders, the greetings job's own): the console's
	// preview signs with it, and says when an owner has none.
	GreetingSenders map[string]sequences.GreetingSender
	// GreetingRules are the [greetings] rules (english_for, grades,
	// letter_grades) the preview's "Not sent" follows as the greetings
	// job does.
	GreetingRules GreetingRules

	// Measure brings the given threads' reply clocks up to date (the reply
	// job's measuring, App.MeasureThreads): a mark "no answer needed" shows
	// on the desk at once, without measuring the rest of a sync's backlog;
	// nil: the reply job's next run does it. Log gets what fails there
	// (nil: none).
	Measure func(ctx context.Context, now time.Time, threads ...int64) error
	Log     *slog.Logger
	// Clock is the app's clock (a replay's --now); nil: the system clock.
	Clock keepwarm.Clock
	// MaxAge is [sequences] max_age (0: sequences.DefaultMaxAge): a mail
	// older than it is followed up by no grade or mailbox given now.
	MaxAge time.Duration
	// SequencesOff is [sequences] disabled = true: no step goes out, so
	// /sequences shows "off" as the mode and the forecast lists none.
	SequencesOff bool
}

// WebBackend adapts the store and the engine to web.Backend: every read is
// a store query scoped by the signed-in person, every change the store's or
// the engine's own function (the ones the CLI calls).
type WebBackend struct {
	d      WebDeps
	people map[string]web.Person
	// sellers are the members listed without Manager: the salespeople
	// (a manager who also sells is listed twice, once as each).
	sellers map[string]bool
	// saveMu holds one console save at a time, from the check that the
	// file is still the version its form was loaded with to the write:
	// two saves from the same version cannot both pass it, the later
	// silently undoing the earlier.
	saveMu sync.Mutex
}

// now is the time on the app's clock.
func (b *WebBackend) now() time.Time {
	if b.d.Clock == nil {
		return keepwarm.SystemClock{}.Now()
	}
	return b.d.Clock.Now()
}

// Upcoming is how far ahead the desk lists what keepwarm will send.
const Upcoming = 7 * 24 * time.Hour

// NewWebBackend builds the adapter.
func NewWebBackend(d WebDeps) *WebBackend {
	b := &WebBackend{d: d, people: map[string]web.Person{}, sellers: map[string]bool{}}
	for _, p := range d.People {
		p.Email = strings.ToLower(strings.TrimSpace(p.Email))
		if !p.Manager {
			b.sellers[p.Email] = true
		}
		if old, ok := b.people[p.Email]; ok {
			p.Manager = p.Manager || old.Manager
			if p.Name == "" {
				p.Name = old.Name
			}
			if p.Lang == "" {
				p.Lang = old.Lang
			}
		}
		b.people[p.Email] = p
	}
	return b
}

func viewer(p web.Person) store.Viewer { return store.Viewer{Email: p.Email, Manager: p.Manager} }

// openCalls lists the open call tasks the person may close, soonest due
// first: their own (a manager's: all), and those of the colleagues v
// covers for, whose calls their covering digest asks them to make.
func (b *WebBackend) openCalls(ctx context.Context, p web.Person, v store.Viewer) ([]keepwarm.Task, error) {
	if p.Manager {
		return b.d.DB.ListTasks(ctx, false, "")
	}
	tasks, err := b.d.DB.ListTasks(ctx, false, p.Email)
	if err != nil {
		return nil, err
	}
	for _, o := range v.Covers {
		// Not the calls of someone who left: standing in is for the mail
		// that reached the person's mailbox.
		if strings.EqualFold(o, p.Email) || !b.onTeam(o) {
			continue
		}
		theirs, err := b.d.DB.ListTasks(ctx, false, o)
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, theirs...)
	}
	sort.SliceStable(tasks, func(i, j int) bool { return tasks[i].DueAt.Before(tasks[j].DueAt) })
	return tasks, nil
}

// readerAt is viewer(p) widened, for reading a customer's page and mail, to
// the owners p covers for at now (the roster the nudges use): a backup
// reads what they answer for while the absence lasts, and no longer. (A
// manager sees everything anyway; their Covers only mark the desk.) It
// adds, as StandIn, the mail p answers for owners not on the team: that of
// their customers which reached a mailbox owned by p or by someone p
// covers for now, whose reply nudges p gets (ReplyWatch's standIn, then
// the roster), and so must be able to open, find on the desk and mark,
// until the customers are handed on. Only that mail: not the departed
// owner's other customers, pages, orders or calls.
func (b *WebBackend) readerAt(ctx context.Context, p web.Person, now time.Time) (store.Viewer, error) {
	v := viewer(p)
	if b.d.Away != nil {
		r, err := b.d.Away.Roster(ctx, now)
		if err != nil {
			return v, err
		}
		v.Covers = r.CoveredBy(p.Email)
	}
	if p.Manager {
		return v, nil
	}
	answers := map[string]bool{strings.ToLower(p.Email): true}
	for _, o := range v.Covers {
		answers[strings.ToLower(strings.TrimSpace(o))] = true
	}
	var boxes []string
	for mb, owner := range b.d.MailboxOwners {
		if answers[strings.ToLower(strings.TrimSpace(owner))] {
			boxes = append(boxes, mb)
		}
	}
	if len(boxes) == 0 {
		return v, nil
	}
	sort.Strings(boxes)
	team := make([]string, 0, len(b.people))
	for email := range b.people {
		team = append(team, email)
	}
	var err error
	v.StandIn, err = b.d.DB.StandInOwners(ctx, boxes, team)
	return v, err
}

// onTeam says whether email is someone who may sign in.
func (b *WebBackend) onTeam(email string) bool {
	_, ok := b.people[strings.ToLower(strings.TrimSpace(email))]
	return ok
}

// nameOf is a team member's name, else their address.
func (b *WebBackend) nameOf(email string) string {
	if q, ok := b.people[strings.ToLower(email)]; ok && q.Name != "" {
		return q.Name
	}
	return email
}

// sells says whether p is a salesperson: who may claim from the pool.
func (b *WebBackend) sells(p web.Person) bool {
	return b.sellers[strings.ToLower(strings.TrimSpace(p.Email))]
}

// Person returns the team member with that address.
func (b *WebBackend) Person(email string) (web.Person, bool) {
	p, ok := b.people[strings.ToLower(strings.TrimSpace(email))]
	return p, ok
}

// teamLocation is the team's zone (UTC when none is set): the day a note
// is dated, the month a funnel counts.
func (b *WebBackend) teamLocation() *time.Location {
	if b.d.TeamLocation != nil {
		return b.d.TeamLocation
	}
	return time.UTC
}

func (b *WebBackend) location(c keepwarm.Customer) *time.Location {
	if b.d.CustomerLocation == nil {
		return time.UTC
	}
	return b.d.CustomerLocation(c)
}

func (b *WebBackend) webmail(mailbox, messageID string) string {
	if b.d.Webmail == nil || messageID == "" {
		return ""
	}
	return b.d.Webmail(mailbox, messageID)
}

// names caches customer names for one page's lists.
type names struct {
	db    *store.DB
	v     store.Viewer
	cache map[int64]keepwarm.Customer
	open  map[int64]bool
}

// noPage says whether the customer's page is closed to the viewer: a line
// of their own mail to a colleague's customer is then not a link (a 404).
func (n *names) noPage(ctx context.Context, id int64) bool {
	if n.open == nil {
		n.open = map[int64]bool{}
	}
	open, ok := n.open[id]
	if !ok {
		open = n.db.VisibleCustomer(ctx, n.v, id) == nil
		n.open[id] = open
	}
	return !open
}

// sentAs is who an item goes out as: the salesperson its follow-up is
// signed as (the mailbox owner's shared sales@ speaks for the one who wrote
// the mail it follows up), else its From.
func (b *WebBackend) sentAs(ctx context.Context, it keepwarm.OutboxItem) string {
	if it.Enrollment != nil {
		if e, err := b.d.DB.GetEnrollment(ctx, *it.Enrollment); err == nil && e.SignedBy() != "" {
			return e.SignedBy()
		}
	}
	return it.From.Email
}

// as is the name a line shows for mail sent as who, when that is not p.
func (b *WebBackend) as(p web.Person, who string) string {
	if who == "" || strings.EqualFold(who, p.Email) {
		return ""
	}
	return b.nameOf(who)
}

func (n *names) get(ctx context.Context, id int64) keepwarm.Customer {
	if c, ok := n.cache[id]; ok {
		return c
	}
	c, err := n.db.CustomerForSequence(ctx, id)
	if err != nil {
		c = keepwarm.Customer{ID: id, Name: fmt.Sprintf("#%d", id)}
	}
	c.Name = customerName(c.Name, c.Key)
	n.cache[id] = c
	return c
}

// heldSteps finds the queued follow-up steps the send's last look will
// not send, as the digest leaves them out: one whose follow-up ended
// (stopped, answered) is dropped, and one whose follow-up is paused past
// its time is put back, to go when the pause ends, if it does. held are
// those outbox items; redo, by enrollment, the held item whose step (from
// 0) a paused follow-up does again when it resumes, rather than the one
// after it: skipping that step is skipping the item.
//
// enrs are the follow-ups of the queued steps, by id; one not there is
// read from the store, all of them in one query.
func (b *WebBackend) heldSteps(ctx context.Context, queued []keepwarm.OutboxItem, enrs map[int64]keepwarm.Enrollment, now time.Time) (held map[int64]bool, redo map[int64]keepwarm.OutboxItem, err error) {
	held, redo = map[int64]bool{}, map[int64]keepwarm.OutboxItem{}
	if enrs, err = b.stepEnrollments(ctx, queued, enrs); err != nil {
		return nil, nil, err
	}
	for _, it := range queued {
		if it.Enrollment == nil || it.Step == nil {
			continue
		}
		e, ok := enrs[*it.Enrollment]
		if !ok {
			return nil, nil, keepwarm.Errorf(keepwarm.ENOTFOUND, "enrollment %d not found", *it.Enrollment)
		}
		switch ended, paused := sequences.QueuedStepHeld(e, it, now); {
		case ended:
			held[it.ID] = true
		case paused:
			held[it.ID], redo[e.ID] = true, it
		}
	}
	return held, redo, nil
}

// stepEnrollments is enrs with the follow-ups of the queued steps not in
// it read from the store, all of them in one query.
func (b *WebBackend) stepEnrollments(ctx context.Context, queued []keepwarm.OutboxItem, enrs map[int64]keepwarm.Enrollment) (map[int64]keepwarm.Enrollment, error) {
	var missing []int64
	for _, it := range queued {
		if it.Enrollment == nil || it.Step == nil {
			continue
		}
		if _, ok := enrs[*it.Enrollment]; !ok {
			missing = append(missing, *it.Enrollment)
		}
	}
	if len(missing) == 0 {
		return enrs, nil
	}
	read, err := b.d.DB.EnrollmentsByID(ctx, missing)
	if err != nil {
		return nil, err
	}
	all := make(map[int64]keepwarm.Enrollment, len(enrs)+len(read))
	maps.Copy(all, enrs)
	for _, e := range read {
		all[e.ID] = e
	}
	return all, nil
}

// enrollmentOf is it's follow-up in enrs, if it has one there.
func enrollmentOf(enrs map[int64]keepwarm.Enrollment, it keepwarm.OutboxItem) (keepwarm.Enrollment, bool) {
	if it.Enrollment == nil {
		return keepwarm.Enrollment{}, false
	}
	e, ok := enrs[*it.Enrollment]
	return e, ok
}

// QueuedReplaced is the status the desk gives a queued follow-up mail whose
// step an edit of the sequence replaced or removed since it was queued
// (sequences.QueuedStepReplaced): the send's last look skips it.
const QueuedReplaced = "replaced by an edit: not sent"

// WaitingPageSize is how many waiting messages a page of the desk lists:
// as many as the daily digest, so its first page is what the digest names.
const WaitingPageSize = sequences.DigestListLimit

// Desk gathers the person's lists from the same sources the daily digest uses.
func (b *WebBackend) Desk(ctx context.Context, p web.Person, now time.Time, page web.DeskPage) (web.Desk, error) {
	b.fresh(ctx, now)
	db := b.d.DB
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return web.Desk{}, err
	}
	nm := &names{db: db, v: v, cache: map[int64]keepwarm.Customer{}}
	var d web.Desk
	// The open clocks: the person's own, and those of whoever they cover
	// for now (a manager's: everyone's), one page of them as the digest
	// lists them: the most recent first, oldest first on the page.
	key, older := store.WaitingLast, true
	switch {
	case page.Older != nil:
		key = store.WaitingKey{StartedAt: page.Older.At, MessageID: page.Older.ID}
	case page.Newer != nil:
		key, older = store.WaitingKey{StartedAt: page.Newer.At, MessageID: page.Newer.ID}, false
	}
	wp, err := db.DeskWaiting(ctx, v, now.Add(time.Second), now, key, older, WaitingPageSize)
	if err != nil {
		return d, err
	}
	covering := map[string]bool{}
	for _, o := range v.Covers {
		covering[strings.ToLower(o)] = true
	}
	standIn := map[string]bool{}
	for _, si := range v.StandIn {
		standIn[si.Owner] = true
	}
	for _, it := range wp.Items {
		w := web.Waiting{MessageID: it.MessageID, ThreadID: it.ThreadID, CustomerID: it.CustomerID, ThreadCustomerID: it.ThreadCustomerID,
			CustomerName: web.KeyText(it.CustomerName), Contact: it.Contact, Subject: it.Subject, Snippet: it.Snippet, TextPending: it.TextPending,
			Owner: it.Owner, ReceivedAt: it.StartedAt(), Target: time.Duration(it.TargetSeconds) * time.Second,
			Nudged: it.Nudged, WebmailURL: b.webmail(it.Mailbox, it.HeaderID)}
		if covering[strings.ToLower(it.Owner)] || standIn[strings.ToLower(it.Owner)] {
			w.CoveringFor = b.nameOf(it.Owner)
		}
		// The name links the page that shows the conversation, its
		// thread's customer's: closed to a stand-in, and to the owner of
		// the clock of another customer's mail in a colleague's thread.
		if standIn[strings.ToLower(it.Owner)] || w.PageID() != it.CustomerID {
			w.NoPage = nm.noPage(ctx, w.PageID())
		}
		d.Waiting = append(d.Waiting, w)
	}
	d.WaitingTotal, d.WaitingLate, d.WaitingNewer = wp.Total, wp.Late, wp.Newer
	d.WaitingLateOff = wp.Late
	for _, it := range wp.Items {
		// In whole seconds, as the store counts them: a mail half a second
		// past its target is late to neither.
		if now.Unix()-it.StartedUnix > it.TargetSeconds {
			d.WaitingLateOff--
		}
	}
	d.WaitingLateOff = max(d.WaitingLateOff, 0)
	// The late count links the page of the nearest late mail off this
	// one: the page it is the newest of, when there is one before this
	// page (the most overdue side), else the page it is the oldest of.
	switch {
	case d.WaitingLateOff == 0:
	case wp.LateBefore != nil:
		d.LateOlder = &web.PageKey{At: wp.LateBefore.StartedAt, ID: wp.LateBefore.MessageID + 1}
	case wp.LateAfter != nil:
		d.LateNewer = &web.PageKey{At: wp.LateAfter.StartedAt, ID: wp.LateAfter.MessageID - 1}
	}
	if d.Settled, d.SettledMore, err = b.settled(ctx, v, nm, now); err != nil {
		return d, err
	}
	if n := len(wp.Items); n > 0 && wp.Older > 0 {
		k := wp.Items[0].Key()
		d.OlderPage = &web.PageKey{At: k.StartedAt, ID: k.MessageID}
	}
	if n := len(wp.Items); n > 0 && wp.Newer > 0 {
		k := wp.Items[n-1].Key()
		d.NewerPage = &web.PageKey{At: k.StartedAt, ID: k.MessageID}
	}

	owner := p.Email
	if p.Manager {
		owner = ""
	}
	tasks, err := b.openCalls(ctx, p, v)
	if err != nil {
		return d, err
	}
	// The calls of the person's day, as the daily digest lists them: due
	// before the end of today in their zone, the overdue first; a call due
	// later today (a customer's morning in another zone) says from when.
	local := now.In(b.personLocation(p.Email))
	tomorrow := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, local.Location())
	for _, t := range tasks {
		if !t.DueAt.Before(tomorrow) {
			continue
		}
		call := web.Task{ID: t.ID, CustomerID: t.CustomerID, CustomerName: nm.get(ctx, t.CustomerID).Name,
			Title: t.Title, Sequence: t.Sequence, DueAt: t.DueAt, ThreadID: t.ThreadID, Later: t.DueAt.After(now)}
		if covering[strings.ToLower(t.Owner)] {
			call.CoveringFor = b.nameOf(t.Owner)
		}
		if err := b.callee(ctx, t, &call); err != nil {
			return d, err
		}
		d.Calls = append(d.Calls, call)
	}
	due, err := db.DueReviews(ctx, now, b.d.Rules, owner)
	if err != nil {
		return d, err
	}
	for _, r := range due {
		d.Reviews = append(d.Reviews, web.DueItem{CustomerID: r.ID, CustomerName: customerName(r.Name, r.Key), Grade: r.Grade, At: r.DueAt})
	}
	claims, err := db.Claims(ctx, now, b.d.Rules, owner, true)
	if err != nil {
		return d, err
	}
	for _, c := range claims {
		it := web.DueItem{CustomerID: c.ID, CustomerName: customerName(c.Name, c.Key), Grade: c.Grade, Note: c.Status}
		if c.PoolDeadline != nil {
			it.At = *c.PoolDeadline
		}
		d.Returning = append(d.Returning, it)
	}

	until := now.Add(Upcoming)
	enrs, err := db.DueEnrollments(ctx, v, 0, until)
	if err != nil {
		return d, err
	}
	queued, err := db.ViewerOutbox(ctx, v, 0, until, keepwarm.OutboxQueued)
	if err != nil {
		return d, err
	}
	stepEnrs, err := b.stepEnrollments(ctx, queued, nil)
	if err != nil {
		return d, err
	}
	held, redo, err := b.heldSteps(ctx, queued, stepEnrs, now)
	if err != nil {
		return d, err
	}
	upcoming := func(e keepwarm.Enrollment) web.Upcoming {
		c := nm.get(ctx, e.CustomerID)
		step, heldID := e.Step, int64(0)
		if it, back := redo[e.ID]; back {
			step, heldID = heldStep(e, it), it.ID
		}
		return web.Upcoming{EnrollmentID: e.ID, CustomerID: e.CustomerID, CustomerName: c.Name, CustomerZone: b.location(c),
			Sequence: e.Sequence, Step: step + 1, DueAt: e.DueAt, Status: string(e.Status), Reason: e.Reason,
			PausedUntil: e.PausedUntil, As: b.as(p, e.SignedBy()), NoPage: nm.noPage(ctx, e.CustomerID), HeldOutboxID: heldID}
	}
	for _, e := range enrs {
		u := upcoming(e)
		if e.Status == keepwarm.EnrollPaused {
			// It goes when both the pause and the step's delay are over;
			// with no end to the pause it is listed under Paused below.
			at, ok, err := b.d.FollowUp.NextStepAt(ctx, e)
			if err != nil {
				return d, err
			}
			if !ok || !at.Before(until) {
				continue
			}
			u.DueAt = at
		}
		d.Upcoming = append(d.Upcoming, u)
	}
	paused, err := db.PausedEnrollments(ctx, v)
	if err != nil {
		return d, err
	}
	for _, e := range paused {
		u := upcoming(e)
		u.DueAt = time.Time{}
		d.Paused = append(d.Paused, u)
	}
	if !p.Manager {
		// A follow-up in her name to a customer whose page is not hers
		// (handed to a colleague) is hers to pause or stop, but only
		// the desk can show it: list the ones beyond the 7 days too.
		listed := map[int64]bool{}
		for _, u := range append(d.Upcoming, d.Paused...) {
			listed[u.EnrollmentID] = true
		}
		elsewhere, err := db.ElsewhereEnrollments(ctx, v)
		if err != nil {
			return d, err
		}
		for _, e := range elsewhere {
			if listed[e.ID] {
				continue
			}
			u := upcoming(e)
			if e.Status == keepwarm.EnrollPaused && e.PausedUntil.After(u.DueAt) {
				u.DueAt = e.PausedUntil
			}
			d.Elsewhere = append(d.Elsewhere, u)
		}
		sort.SliceStable(d.Elsewhere, func(i, j int) bool { return d.Elsewhere[i].DueAt.Before(d.Elsewhere[j].DueAt) })
	}
	for _, it := range queued {
		if held[it.ID] {
			continue
		}
		c := nm.get(ctx, it.CustomerID)
		u := web.Upcoming{OutboxID: it.ID, CustomerID: it.CustomerID, CustomerName: c.Name,
			CustomerZone: b.location(c), What: sendKind(it.Origin), Subject: it.Subject, DueAt: it.NextAttemptAt, Status: string(it.Status),
			Reason: it.LastError, // why it waits: held while its salesperson is away, or a retry's error
			As:     b.as(p, b.sentAs(ctx, it)), NoPage: nm.noPage(ctx, it.CustomerID)}
		if it.Sequence != "" && it.Step != nil {
			u.Sequence, u.Step = it.Sequence, *it.Step+1
			if e, ok := enrollmentOf(stepEnrs, it); ok {
				// The step it is wherever an edit of the sequence moved
				// it, as Skip's question numbers it; one an edit
				// replaced is not sent: the send's last look skips it.
				u.Step = heldStep(e, it) + 1
				if sequences.QueuedStepReplaced(e, it) {
					u.Status, u.Replaced = QueuedReplaced, true
				}
			}
		}
		d.Upcoming = append(d.Upcoming, u)
	}
	sort.SliceStable(d.Upcoming, func(i, j int) bool { return d.Upcoming[i].DueAt.Before(d.Upcoming[j].DueAt) })

	bad, err := b.troubleSends(ctx, v)
	if err != nil {
		return d, err
	}
	for _, it := range bad {
		t := web.Trouble{OutboxID: it.ID, CustomerID: it.CustomerID, CustomerName: nm.get(ctx, it.CustomerID).Name,
			Subject: it.Subject, Status: string(it.Status), Error: it.LastError, At: it.AttemptedAt,
			As: b.as(p, b.sentAs(ctx, it)), NoPage: nm.noPage(ctx, it.CustomerID)}
		switch {
		case it.Status == keepwarm.OutboxUncertain && it.Mode == keepwarm.ModeDraft:
			t.Uncertain, t.Draft = true, true
			t.Next = UncertainDraftNext
			stopped, err := db.RecipientStopped(ctx, it.ID)
			if err != nil {
				return d, err
			}
			if stopped {
				t.Next, t.Stopped = UncertainDraftStoppedNext, true
			}
		case it.Status == keepwarm.OutboxUncertain && b.d.Sends != nil && !b.d.Sends(it.Mailbox):
			t.Uncertain = true
			t.Next = UncertainNoAccountNext
		case it.Status == keepwarm.OutboxUncertain && b.d.ServerFilesSent != nil && b.d.ServerFilesSent(it.Mailbox):
			t.Uncertain = true
			t.Next = UncertainServerFilesNext
			if !mailsync.LookedInSent(it.LastError) {
				t.Next = UncertainServerFilesUnlookedNext
			}
		case it.Status == keepwarm.OutboxUncertain:
			t.Uncertain = true
			t.Next = "Ask the recipient whether it arrived. It arrived: mark it so, and its copy is filed in Sent. It did not: send it again by hand, then mark it dealt with."
		case it.Enrollment != nil:
			t.Next = "Its follow-up goes no further by itself: send it again by hand if it is still needed, then mark it dealt with."
		default:
			t.Next = "Check the address and the mailbox settings, then resend by hand and mark it dealt with."
		}
		d.Trouble = append(d.Trouble, t)
	}
	stale, err := db.StaleDrafts(ctx, v, now.Add(-staleDraftDays*24*time.Hour))
	if err != nil {
		return d, err
	}
	for _, it := range stale {
		outcome, err := db.DraftOutcome(ctx, it.ID)
		if err != nil {
			return d, err
		}
		t := web.Trouble{OutboxID: it.ID, CustomerID: it.CustomerID, CustomerName: nm.get(ctx, it.CustomerID).Name,
			Subject: it.Subject, Status: string(it.Status), At: it.AttemptedAt,
			As: b.as(p, b.sentAs(ctx, it)), NoPage: nm.noPage(ctx, it.CustomerID), Next: StaleDraftKept}
		if outcome == mailsync.DraftEdited {
			t.Next = StaleDraftEdited
		}
		d.Trouble = append(d.Trouble, t)
	}
	failed, err := db.FailedEnrollments(ctx, v)
	if err != nil {
		return d, err
	}
	for _, e := range failed {
		t := web.Trouble{EnrollmentID: e.ID, CustomerID: e.CustomerID,
			CustomerName: nm.get(ctx, e.CustomerID).Name, Subject: e.Sequence, Status: string(e.Status), Error: e.Reason,
			At: e.UpdatedAt, Next: "Nothing more goes out in this follow-up: fix the cause, then resume it (or stop it).",
			As: b.as(p, e.SignedBy()), NoPage: nm.noPage(ctx, e.CustomerID)}
		it, uncertain, err := b.d.FollowUp.UncertainStep(ctx, e)
		if err != nil {
			return d, err
		}
		t.Uncertain, t.Draft = uncertain, uncertain && it.Mode == keepwarm.ModeDraft
		if t.Uncertain {
			t.Next = "Its last step may have reached the customer: ask them. It arrived: go on to the next step. It did not: send it again."
			if !t.Draft && b.d.ServerFilesSent != nil && b.d.ServerFilesSent(it.Mailbox) && !mailsync.LookedInSent(it.LastError) {
				t.Next = UncertainStepUnlookedNext
			}
			if t.Draft {
				t.Next = "Its last step's draft may be in your Drafts already: look there (and in Sent). It is there, or you sent it: go on to the next step. It is not: file it again."
			}
			if t.ArrivedEnds = b.arrivedEnds(e); t.ArrivedEnds {
				// The follow-up's last step: there is no next step,
				// "It arrived" completes it (sequences' Arrived).
				switch {
				case t.Draft:
					t.Next = UncertainLastDraftNext
				case t.Next == UncertainStepUnlookedNext:
					t.Next = UncertainLastUnlookedNext
				default:
					t.Next = UncertainLastNext
				}
			}
			if strings.HasPrefix(e.Reason, keepwarm.ListAnswerHold) {
				// Either answer leaves it paused (the engine's rule): the
				// reply may be the customer's answer.
				t.ListHeld, t.Next = true, ListHeldNext
				if t.Draft {
					t.Next = ListHeldDraftNext
				}
				t.Error = listHeldWhy(e.Reason)
				if t.ArrivedEnds {
					// Its last step: "It arrived" completes the follow-up,
					// nothing is left to pause (sequences' Arrived).
					t.Next = ListHeldLastNext
					if t.Draft {
						t.Next = ListHeldLastDraftNext
					}
				}
			}
		}
		d.Trouble = append(d.Trouble, t)
	}
	if d.Away, d.Team, d.Backups, err = b.deskAway(ctx, p, now); err != nil {
		return d, err
	}
	if sb := b.d.Away.StandingBackup(p.Email); sb != "" {
		d.StandingBackup = b.nameOf(sb)
	}
	return d, nil
}

// ListHeldNext is what the desk says of a failed follow-up whose last
// step may have gone out when a reply came through the customer's list
// since: either answer leaves it paused, nothing goes until a person
// resumes it (sequences' Arrived and SendAgain); ListHeldDraftNext the
// same of a draft.
const (
	ListHeldNext      = "A reply came through the customer's list since its last step, which may have reached the customer: read the reply first, and ask them. It arrived, or it did not (then it is sent again when you resume): say so below. Either way the follow-up stays paused, and nothing goes until you resume it."
	ListHeldDraftNext = "A reply came through the customer's list since its last step's draft, which may be in your Drafts already: read the reply first, and look there (and in Sent). It is there or you sent it, or it is not (then it is filed again when you resume): say so below. Either way the follow-up stays paused, and nothing goes until you resume it."
)

// ListHeldLastNext and ListHeldLastDraftNext are ListHeldNext and
// ListHeldDraftNext when the step was the follow-up's last: "It arrived"
// ends the follow-up, only "send it again" leaves it paused.
const (
	ListHeldLastNext      = "A reply came through the customer's list since its last step, which may have reached the customer: read the reply first, and ask them. It arrived: the follow-up ends, as that was its last step. It did not: it is sent again when you resume, and nothing goes until then."
	ListHeldLastDraftNext = "A reply came through the customer's list since its last step's draft, which may be in your Drafts already: read the reply first, and look there (and in Sent). It is there or you sent it: the follow-up ends, as that was its last step. It is not: it is filed again when you resume, and nothing goes until then."
)

// listHeldWhy is the reason of a failed follow-up held for a reply
// through the customer's list (keepwarm.ListAnswerHold), as its line shows
// it beside the list-held answers (sequences.ListHeldWhy, as the digest).
func listHeldWhy(reason string) string { return sequences.ListHeldWhy(reason) }

// arrivedEnds says whether "It arrived" on failed follow-up e ends it:
// the step that may have gone out was its last (Arrived completes it).
func (b *WebBackend) arrivedEnds(e keepwarm.Enrollment) bool {
	def, ok := b.definition(e.Sequence)
	return ok && e.Step >= len(def.Steps)
}

// UncertainLastNext, UncertainLastUnlookedNext and UncertainLastDraftNext
// are the desk's line for a failed follow-up whose step that may have
// gone out (or been filed) was its last: "It arrived" ends the follow-up,
// there is no next step to go on to.
const (
	UncertainLastNext         = "Its last step may have reached the customer: ask them. It arrived: the follow-up ends, as that was its last step. It did not: send it again."
	UncertainLastUnlookedNext = "Its last step may have reached the customer, and keepwarm could not look for it in Sent: look in your Sent folder, or ask them. It is there or it arrived: the follow-up ends, as that was its last step. It did not: send it again."
	UncertainLastDraftNext    = "Its last step's draft may be in your Drafts already: look there (and in Sent). It is there, or you sent it: the follow-up ends, as that was its last step. It is not: file it again."
)

// UncertainDraftNext is what the desk says to do about a draft keepwarm
// was filing when it stopped: it never went to the customer, so there is
// nobody to ask; it may be in Drafts already, and filing it again would
// put a second copy there.
const UncertainDraftNext = "keepwarm may have filed this draft already: look in your Drafts (and Sent). It is there, or you sent it: mark it so. It is not: write it again by hand, then mark it dealt with."

// UncertainDraftStoppedNext is what the desk says instead when its
// recipient has since opted out or bounced: it may still be in Drafts
// (keepwarm could not take it out, or never looked), and nobody is to
// write it again.
const UncertainDraftStoppedNext = "keepwarm may have filed this draft already, and nobody should send it any more: the address opted out or bounced. Look in your Drafts: delete it there if you find it, then mark it dealt with."

// UncertainNoAccountNext is what the desk says of an uncertain send from
// a mailbox no longer configured to send (its [[mailbox]] or smtp_url
// taken out): marked arrived, no copy is filed, as no sending pass has
// its account.
const UncertainNoAccountNext = "Ask the recipient whether it arrived. It arrived: mark it so (its mailbox is no longer set up to send, so keepwarm files no copy in Sent). It did not: send it again by hand, then mark it dealt with."

// UncertainServerFilesNext is what the desk says of an uncertain send
// from a mailbox whose server files sent mail in Sent itself: keepwarm
// looked for it there and did not find it, and files no copy.
const UncertainServerFilesNext = "Your mail server files sent mail in Sent itself, and this one is not there: it most likely did not go out. Ask the recipient whether it arrived. It arrived: mark it so (keepwarm files no copy). It did not: send it again by hand, then mark it dealt with."

// UncertainStepUnlookedNext is what the desk says of a follow-up whose
// last step may have gone out from a mailbox whose server files sent mail
// in Sent itself, when keepwarm could not look for it there (its IMAP
// login stopped): it may well be there.
const UncertainStepUnlookedNext = "Its last step may have reached the customer, and keepwarm could not look for it in Sent: look in your Sent folder, or ask them. It is there or it arrived: go on to the next step. It did not: send it again."

// UncertainServerFilesUnlookedNext is what the desk says of an uncertain
// send from such a mailbox that keepwarm could not look for in Sent (its
// IMAP login stopped): nothing says it did not go out.
const UncertainServerFilesUnlookedNext = "Your mail server files sent mail in Sent itself, but keepwarm could not look there for this one: it may or may not have gone out. Look in your Sent folder, or ask the recipient whether it arrived. It is there or it arrived: mark it so (keepwarm files no copy). It did not: send it again by hand, then mark it dealt with."

// staleDraftDays is how long the desk lists a draft keepwarm could not
// take out of Drafts: after that it has long been deleted or sent, or is
// plainly old in Drafts.
const staleDraftDays = 14

// What the desk says of a draft keepwarm filed that nobody should send any
// more but could not take out of Drafts (store.StaleDrafts).
const (
	StaleDraftKept   = "This draft is still in your Drafts, and nobody should send it any more: the customer answered, its follow-up ended, or the address opted out or bounced. Your mail server does not let keepwarm take it out: delete it there, then mark it dealt with."
	StaleDraftEdited = "This draft is still in your Drafts, and nobody should send it any more: the customer answered, its follow-up ended, or the address opted out or bounced. It was changed after keepwarm filed it, so keepwarm left it there: delete it unless you mean to send it, then mark it dealt with."
)

// sendKind is what the desk calls a queued send of that origin: the reply
// watch's "received, working on it" draft by what it is, not by the
// outbox's name for it ("ack"); the others' origins (follow-up,
// greeting, letter) are words the desk translates as they are.
func sendKind(origin string) string {
	if origin == sequences.OriginAck {
		return "reply nudge: draft in Drafts"
	}
	return origin
}

// troubleSends lists the viewer's failed or uncertain sends that need a
// person and are not listed under their follow-up: a step of a follow-up
// that is failed is that follow-up's line (Resume, or It arrived / send it
// again), never a line of its own that says to send it by hand, which
// Resume would then send a second time. Sends a person dealt with are left
// out by the store.
func (b *WebBackend) troubleSends(ctx context.Context, v store.Viewer) ([]keepwarm.OutboxItem, error) {
	bad, err := b.d.DB.ViewerOutbox(ctx, v, 0, time.Unix(1<<40, 0), keepwarm.OutboxFailed, keepwarm.OutboxUncertain)
	if err != nil {
		return nil, err
	}
	out := bad[:0]
	for _, it := range bad {
		if it.Mode == keepwarm.ModeDraft {
			// A draft that may be in Drafts is looked for there once nobody
			// is to send it (store.AnsweredDrafts: a "received" draft's
			// message answered, a step's follow-up ended, a greeting's or
			// letter's address opted out or bounced): taken out or not
			// there, nobody is to write it again; left there, it is listed
			// among the stale drafts instead, once.
			outcome, err := b.d.DB.DraftOutcome(ctx, it.ID)
			if err != nil {
				return nil, err
			}
			if outcome != "" {
				continue
			}
		}
		if it.Enrollment != nil {
			e, err := b.d.DB.GetEnrollment(ctx, *it.Enrollment)
			if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
				return nil, err
			}
			if err == nil && e.Status == keepwarm.EnrollFailed {
				continue
			}
		}
		out = append(out, it)
	}
	return out, nil
}

func orKey(name, key string) string {
	if name != "" {
		return name
	}
	return key
}

// customerName is what a customer is called on a page: its name, else
// what its key names ("bob@gmail.com", not the store's "addr:bob@gmail.com"),
// as search and the pool show it.
func customerName(name, key string) string {
	if name != "" {
		return name
	}
	return web.KeyText(key)
}

// Customer gathers one visible customer's page.
// MergedInto follows a merged-away customer to the one it went into (a
// merge of that one too, on), and answers it only when p may see it:
// anyone else learns nothing of whose it is.
func (b *WebBackend) MergedInto(ctx context.Context, p web.Person, id int64, now time.Time) (int64, error) {
	gone := keepwarm.Errorf(keepwarm.ENOTFOUND, "customer %d not found", id)
	to := id
	for range 100 {
		rec, err := b.d.DB.Customer(ctx, to)
		if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
			return 0, gone
		} else if err != nil {
			return 0, err
		}
		if rec.MergedInto == 0 {
			break
		}
		to = rec.MergedInto
	}
	if to == id {
		return 0, gone
	}
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return 0, err
	}
	if err := b.d.DB.VisibleCustomer(ctx, v, to); err != nil {
		if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
			return 0, gone
		}
		return 0, err
	}
	return to, nil
}

func (b *WebBackend) Customer(ctx context.Context, p web.Person, id int64, now time.Time) (web.CustomerPage, error) {
	b.fresh(ctx, now)
	db := b.d.DB
	var pg web.CustomerPage
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return pg, err
	}
	if err := db.VisibleCustomer(ctx, v, id); err != nil {
		return pg, err
	}
	rec, err := db.Customer(ctx, id)
	if err != nil {
		return pg, err
	}
	pg = web.CustomerPage{ID: rec.ID, Key: rec.Key, Name: customerName(rec.Name, rec.Key), Domain: rec.Domain, Owner: rec.Owner,
		Grade: rec.Grade, Country: rec.Country, TimeZone: rec.TimeZone, Language: rec.Language, Tags: rec.Tags,
		Notes: rec.Notes, OptedOut: rec.OptedOutAt != nil}
	if pg.OptedOut {
		pg.OptOutReason = rec.OptOutReason
	}
	// A pause "until the 20th" is the customer's 20th: the follow-ups'
	// times read where the customer is, as on the desk.
	zc, err := db.CustomerForSequence(ctx, id)
	if err != nil {
		return pg, err
	}
	pg.Zone = b.location(zc)
	for dst, src := range map[*time.Time]*time.Time{&pg.ClaimedAt: rec.ClaimedAt, &pg.Deadline: rec.PoolDeadline, &pg.WonAt: rec.WonAt} {
		if src != nil {
			*dst = *src
		}
	}
	since := rec.Created
	for _, t := range []*time.Time{rec.ReviewedAt, rec.GradedAt} {
		if t != nil {
			since = *t
			break
		}
	}
	if due, ok := b.d.Rules.ReviewDue(rec.Grade, since); ok {
		pg.NextReview = due
	}
	mine := p.Manager || rec.Owner == p.Email
	pg.CanEdit, pg.CanClaim, pg.CanRelease = mine, rec.Owner == "" && b.sells(p), rec.Owner != "" && mine
	pg.Cooldown = b.d.Rules.Cooldown

	optedOut, err := db.OptedOutContacts(ctx, id)
	if err != nil {
		return pg, err
	}
	phonesOf := map[string][]string{}
	for _, ph := range rec.Phones {
		pg.Phones = append(pg.Phones, web.PhoneView{Number: ph.Number, Name: ph.Name, Contact: ph.Contact})
		if ph.Contact != "" {
			phonesOf[ph.Contact] = append(phonesOf[ph.Contact], ph.Number)
		}
	}
	for _, c := range rec.Contacts {
		pg.Contacts = append(pg.Contacts, web.ContactView{ID: c.ID, Email: c.Email, Name: c.Name, Salutation: c.Salutation,
			SalutationCustom: c.Custom, Language: c.Language, Phones: phonesOf[c.Email], Bounced: c.BouncedAt != nil})
		asked, out := optedOut[c.Email]
		pg.Contacts[len(pg.Contacts)-1].OptedOut = out
		pg.Contacts[len(pg.Contacts)-1].OptOutAsked = out && asked
		pg.Contacts[len(pg.Contacts)-1].OptOutLocked = out && asked && !p.Manager
	}

	msgs, err := db.CustomerMessages(ctx, v, id, web.ThreadMessagesShown, web.ThreadsShown)
	if err != nil {
		return pg, err
	}
	for _, m := range msgs {
		if n := len(pg.Threads); n == 0 || pg.Threads[n-1].ID != m.ThreadID {
			pg.Threads = append(pg.Threads, web.ThreadView{ID: m.ThreadID, Subject: m.ThreadSubject})
		}
		t := &pg.Threads[len(pg.Threads)-1]
		t.Messages = append(t.Messages, messageView(m, pg.Name, b.webmail(m.Mailbox, m.MessageID)))
		t.Earlier = m.ThreadMessages - len(t.Messages)
		pg.ThreadsTotal = m.Threads
	}

	// Its open calls the person closes: their own (a manager's: all) and
	// those of a colleague they cover for, as the desk lists them.
	tasks, err := b.openCalls(ctx, p, v)
	if err != nil {
		return pg, err
	}
	for _, t := range tasks {
		if t.CustomerID == id {
			call := web.Task{ID: t.ID, CustomerID: t.CustomerID, CustomerName: pg.Name,
				Title: t.Title, Sequence: t.Sequence, DueAt: t.DueAt}
			if !p.Manager && !strings.EqualFold(t.Owner, p.Email) {
				call.CoveringFor = b.nameOf(t.Owner)
			}
			pg.Calls = append(pg.Calls, call)
		}
	}

	enrs, err := db.ListEnrollments(ctx, id)
	if err != nil {
		return pg, err
	}
	// A paused follow-up whose step was queued before the pause holds
	// that step and does it again when resumed, as the desk lists it. A
	// step queued and waiting to go (the send window, the mailbox's daily
	// cap, its salesperson's absence) is the next mail of its follow-up,
	// though the follow-up already points past it. Every viewer of the
	// page reads them, a colleague covering for its absent owner too (the
	// step held until she is back is the next mail the customer gets):
	// the page lists all the customer's follow-ups, and its buttons are
	// CanEdit's.
	queued, err := db.ListOutbox(ctx, keepwarm.OutboxFilter{CustomerID: id, Status: []keepwarm.OutboxStatus{keepwarm.OutboxQueued}})
	if err != nil {
		return pg, err
	}
	byID := make(map[int64]keepwarm.Enrollment, len(enrs))
	for _, e := range enrs {
		byID[e.ID] = e
	}
	held, redo, err := b.heldSteps(ctx, queued, byID, now)
	if err != nil {
		return pg, err
	}
	going := map[int64]keepwarm.OutboxItem{}
	replaced := map[int64][]keepwarm.OutboxItem{}
	for _, it := range queued {
		if it.Enrollment == nil || it.Step == nil || held[it.ID] {
			continue
		}
		if e, ok := byID[*it.Enrollment]; ok {
			// Not the follow-up's next mail: one an edit replaced (the
			// last look skips it; the follow-up does the step now in
			// its place, listed as its own), as the desk marks it, and
			// one a put-back superseded (its step is done again).
			if sequences.QueuedStepReplaced(e, it) {
				replaced[e.ID] = append(replaced[e.ID], it)
				continue
			}
			if e.RedoOf == it.ID {
				continue
			}
		}
		going[*it.Enrollment] = it
	}
	for i := len(enrs) - 1; i >= 0; i-- { // newest first
		e := enrs[i]
		v := web.EnrollmentView{ID: e.ID, ThreadID: e.ThreadID, Sequence: e.Sequence,
			Status: e.Status, Step: e.Step, DueAt: e.DueAt, PausedUntil: e.PausedUntil, Reason: e.Reason, Owner: e.Owner}
		if it, ok := redo[e.ID]; ok {
			v.Step, v.HeldOutboxID = heldStep(e, it), it.ID
		} else if it, ok := going[e.ID]; ok && (e.Status.Live() || e.Status == keepwarm.EnrollCompleted) {
			// Skip on its line skips that queued mail, the step it names,
			// not the step after it (of one completed with it, its last
			// step, still to go). An overdue one (a retry due while the
			// daemon was stopped) goes at the next send.
			v.Step, v.HeldOutboxID, v.Queued, v.QueuedAt, v.QueuedWhy = heldStep(e, it), it.ID, true, it.NextAttemptAt, it.LastError
			if v.QueuedAt.Before(now) {
				v.QueuedAt = now
			}
		}
		for _, it := range replaced[e.ID] {
			v.Replaced = append(v.Replaced, web.ReplacedMail{OutboxID: it.ID, Step: heldStep(e, it) + 1, Subject: it.Subject, At: it.NextAttemptAt})
		}
		if e.Status == keepwarm.EnrollFailed {
			// It moved past its step when it queued it: the step in
			// question, which its reason names and Resume or "send it
			// again" does again, is the one whose mail failed or may have
			// gone out (Enrollment's Again), by its name whatever index
			// it was queued at (an edit undone since may have moved it).
			if it, found, err := b.d.FollowUp.StepMail(ctx, e); err != nil {
				return pg, err
			} else if found && it.Step != nil && (it.Status == keepwarm.OutboxFailed || it.Status == keepwarm.OutboxUncertain) {
				v.Step = *it.Step
			}
		}
		if v.NextAt, _, err = b.d.FollowUp.NextStepAt(ctx, e); err != nil {
			return pg, err
		}
		// A draft keepwarm stopped filing: the question is whether it is
		// in Drafts, not whether the customer got it.
		it, uncertain, err := b.d.FollowUp.UncertainStep(ctx, e)
		if err != nil {
			return pg, err
		}
		v.Uncertain, v.Draft = uncertain, uncertain && it.Mode == keepwarm.ModeDraft
		v.ListHeld = uncertain && strings.HasPrefix(e.Reason, keepwarm.ListAnswerHold)
		v.ArrivedEnds = uncertain && b.arrivedEnds(e)
		if v.ListHeld {
			v.Reason = listHeldWhy(e.Reason)
		}
		pg.Enrollments = append(pg.Enrollments, v)
	}
	skips, err := db.FollowUpsByHand(ctx, id, now.AddDate(0, 0, -30))
	if err != nil {
		return pg, err
	}
	for i := len(skips) - 1; i >= 0; i-- { // newest first
		s := skips[i]
		pg.ByHand = append(pg.ByHand, web.ByHandView{ThreadID: s.ThreadID, Subject: s.Subject, SentAt: s.SentAt, Detail: s.Detail})
	}
	// The customer's other mails set aside and dealt with by nobody since
	// (not those that need no chasing, those listed above, or those
	// followed up by a newer mail): a salesperson waiting for a reminder
	// that never comes learns here why. A grade or a mailbox given now
	// has one followed up only while it is within max_age.
	if skips, err = db.FollowUpsNotFollowed(ctx, id, now.AddDate(0, 0, -30)); err != nil {
		return pg, err
	}
	maxAge := b.d.MaxAge
	if maxAge <= 0 {
		maxAge = sequences.DefaultMaxAge
	}
	for i := len(skips) - 1; i >= 0; i-- { // newest first
		s := skips[i]
		if s.Reason == keepwarm.SkipTooOld && s.SentAt.Before(now.AddDate(0, 0, -30)) {
			continue // a first sync's old mail, not one waited on
		}
		pg.NotFollowed = append(pg.NotFollowed, web.ByHandView{ThreadID: s.ThreadID, Subject: s.Subject, SentAt: s.SentAt,
			Detail: s.Detail, Reason: s.Reason, TooOld: s.SentAt.Before(now.Add(-maxAge))})
	}

	// The customer's own clocks of the past year, not the team's report.
	g, err := db.CustomerReplies(ctx, rec.ID, now.AddDate(-1, 0, 0), now.Add(time.Second), now)
	if err != nil {
		return pg, err
	}
	pg.Replies = web.ReplyFigures{Count: g.Count, Answered: g.Answered, Within: g.WithinTarget, Waiting: g.Waiting}
	if g.MedianSeconds != nil && g.P90Seconds != nil {
		pg.Replies.Median, pg.Replies.P90 = time.Duration(*g.MedianSeconds)*time.Second, time.Duration(*g.P90Seconds)*time.Second
		pg.Replies.HasMedian = true
	}

	log, err := db.Log(ctx, id)
	if err != nil {
		return pg, err
	}
	for _, r := range log.Reviews {
		pg.Reviews = append(pg.Reviews, web.ReviewView{At: r.ReviewedAt, Reviewer: r.Reviewer, Before: r.GradeBefore, After: r.GradeAfter, Note: r.Note})
	}
	for _, e := range log.Pool {
		pg.Pool = append(pg.Pool, web.PoolEventView{At: e.At, Event: e.Event, Salesperson: e.Salesperson, Note: e.Note})
	}
	orders, err := db.CustomerOrders(ctx, v, id)
	if err != nil {
		return pg, err
	}
	for _, o := range orders {
		// The sign apart from the units: a refund of 0.50 is "-0.50",
		// not "0.50" (-50/100 is 0), and marked as the refund it is.
		sign, cents := "", o.Cents
		if cents < 0 {
			sign, cents = "-", -cents
		}
		pg.Orders = append(pg.Orders, web.OrderView{ID: o.ID, Day: o.At.UTC().Format("2006-01-02"),
			Amount: fmt.Sprintf("%s %s%d.%02d", o.Currency, sign, cents/100, cents%100), Ref: o.Ref,
			Refund: book.Order{Cents: o.Cents}.Refund()})
	}
	audit, total, err := db.Audit(ctx, v, id, web.AuditShown)
	if err != nil {
		return pg, err
	}
	pg.AuditOlder = total - len(audit)
	for _, a := range audit {
		pg.Audit = append(pg.Audit, web.AuditView{At: a.At, Actor: a.Actor, Action: a.Action, Subject: a.Subject, Before: a.Before, After: a.After})
	}
	return pg, nil
}

func messageView(m store.WebMessage, customer, webmail string) web.MessageView {
	from := m.FromEmail
	if m.FromName != "" {
		from = m.FromName + " <" + m.FromEmail + ">"
	}
	return web.MessageView{ID: m.ID, ThreadID: m.ThreadID, CustomerID: m.CustomerID, CustomerName: customer, Kind: m.Kind,
		From: from, Subject: m.Subject, At: m.ReceivedAt, Snippet: m.Snippet, TextPending: m.TextPending,
		Mailbox: m.Mailbox, WebmailURL: webmail, MeetingAnswer: m.MeetingAnswer}
}

// Search finds the customers p may read at now: theirs, the pool's, and
// those of the owners p covers for while the absence lasts.
func (b *WebBackend) Search(ctx context.Context, p web.Person, text string, now time.Time) ([]web.CustomerRow, error) {
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return nil, err
	}
	// One more than shown: the page says when more match.
	hits, err := b.d.DB.SearchCustomers(ctx, v, text, web.SearchLimit+1)
	if err != nil {
		return nil, err
	}
	return rows(hits), nil
}

func rows(hits []store.CustomerHit) []web.CustomerRow {
	out := make([]web.CustomerRow, len(hits))
	for i, h := range hits {
		out[i] = web.CustomerRow{ID: h.ID, Name: h.Name, Key: h.Key, Owner: h.Owner, Grade: h.Grade, Country: h.Country}
	}
	return out
}

// Pool lists the public pool and the person's claims against the cap.
func (b *WebBackend) Pool(ctx context.Context, p web.Person, page int, now time.Time) (web.PoolPage, error) {
	page = max(page, 1)
	from := (page - 1) * web.PoolPageSize
	hits, total, err := b.d.DB.PoolCustomers(ctx, web.PoolPageSize, from)
	if err != nil {
		return web.PoolPage{}, err
	}
	pg := web.PoolPage{Customers: rows(hits), Total: total, Page: page, Cap: b.d.Rules.PoolCap, CanClaim: b.sells(p)}
	if len(hits) > 0 {
		pg.From, pg.To = from+1, from+len(hits)
	}
	if page > 1 {
		pg.Prev = page - 1
	}
	if from+len(hits) < total {
		pg.Next = page + 1
	}
	claims, err := b.d.DB.Claims(ctx, now, b.d.Rules, p.Email, false)
	if err != nil {
		return pg, err
	}
	for _, c := range claims {
		r := web.CustomerRow{ID: c.ID, Name: c.Name, Key: c.Key, Owner: c.Owner, Grade: c.Grade, Country: c.Country, Note: c.Status}
		if c.PoolDeadline != nil {
			r.At = *c.PoolDeadline
		}
		if c.State != book.ClaimConverted {
			pg.Held++
		}
		pg.Claims = append(pg.Claims, r)
	}
	return pg, nil
}

// Message returns one message the viewer may open (store.VisibleMessage).
func (b *WebBackend) Message(ctx context.Context, p web.Person, id int64, now time.Time) (web.MessageView, error) {
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return web.MessageView{}, err
	}
	m, err := b.d.DB.VisibleMessage(ctx, v, id)
	if err != nil {
		return web.MessageView{}, err
	}
	c, err := b.d.DB.CustomerForSequence(ctx, m.CustomerID)
	if err != nil {
		return web.MessageView{}, err
	}
	mv := messageView(m, customerName(c.Name, c.Key), b.webmail(m.Mailbox, m.MessageID))
	// The thread's customer may be closed to a reader the mail is open to:
	// a stand-in, or the owner of its clock when it is another customer's
	// mail in a colleague's thread (a buyer's private address).
	mv.NoPage = !v.Manager && b.d.DB.VisibleCustomer(ctx, v, m.CustomerID) != nil
	rc, err := b.d.DB.ReplyClock(ctx, id)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		return mv, nil // no clock: not a customer's mail waiting for us
	}
	if err != nil {
		return mv, err
	}
	w, err := b.d.DB.MessageWaiver(ctx, v, id)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		return mv, nil
	}
	if err != nil {
		return mv, err
	}
	mv.Clock = &web.MessageClock{Since: rc.StartedAt, Target: rc.Target, Covered: rc.CoveredBy != 0,
		AnsweredAt: rc.RepliedAt, AnsweredUnseen: rc.UnseenBy != 0, MarkedAt: w.At, MayMark: w.MayAnswer}
	if rc.RepliedBy != "" {
		mv.Clock.AnsweredBy = b.nameOf(rc.RepliedBy)
	}
	if w.By != "" {
		mv.Clock.MarkedBy = b.nameOf(w.By)
	}
	return mv, nil
}

// callee fills in whom a call task calls: the contact its follow-up wrote
// to, and that contact's phone numbers, else every number of the customer
// (a number the book gives no contact, the switchboard).
func (b *WebBackend) callee(ctx context.Context, t keepwarm.Task, call *web.Task) error {
	var to string
	if t.EnrollmentID != 0 {
		e, err := b.d.DB.GetEnrollment(ctx, t.EnrollmentID)
		if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			return err
		}
		if len(e.To) > 0 {
			to = e.To[0].Email
			call.Contact = orKey(e.To[0].Name, e.To[0].Email)
		}
	}
	rec, err := b.d.DB.Customer(ctx, t.CustomerID)
	if err != nil {
		if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
			return nil
		}
		return err
	}
	var all []web.PhoneView
	for _, ph := range rec.Phones {
		v := web.PhoneView{Number: ph.Number, Name: ph.Name, Contact: ph.Contact}
		all = append(all, v)
		if to != "" && strings.EqualFold(ph.Contact, to) {
			call.Phones = append(call.Phones, v)
		}
	}
	if len(call.Phones) == 0 {
		call.Phones = all
	}
	return nil
}
