package app

import (
	"context"
	"keepwarm"
	"keepwarm/chat"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/templates"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// NotifyAccount is the [notify] system sender as a sending account: no
// daily cap (nudges must not wait for tomorrow) and no copy to file. One
// that cannot be used as configured (a provider that does not fit, a
// password, proxy password or tls_ca_file that cannot be read) comes back
// with Unusable set; an error only when ctx ended.
func (a *App) NotifyAccount(ctx context.Context) (mailsync.Account, error) {
	n := a.Cfg.Notify
	acct := mailsync.Account{Mailbox: config.NotifyMailbox, SMTPURL: n.SMTPURL, Username: n.Username,
		ServerFilesSent: true, NoMailbox: true, DailyCap: -1}
	if err := n.ServiceError(); err != nil {
		// Nudges by mail wait, saying why, while the mailboxes run.
		acct.Unusable = err
		return acct, nil
	}
	// A password, proxy password or CA file that cannot be read holds
	// the mail from [notify] (queued, named by /healthz) as a provider
	// that does not fit does: the mailboxes still sync and send.
	unusable := func(err error) (mailsync.Account, error) {
		if ctx.Err() != nil {
			return mailsync.Account{}, err
		}
		acct.Unusable = err
		return acct, nil
	}
	if n.Username != "" && !n.OAuth2() {
		pw, err := a.Secret(ctx, "notify", func() (string, error) {
			return config.Secret(ctx, a.Cfg.Dir(), "notify", n.PasswordEnv, n.PasswordCmd, a.Getenv)
		})
		if err != nil {
			return unusable(err)
		}
		acct.Password = pw
	}
	tr, err := a.transport(ctx, config.NotifyMailbox, n.Connection)
	if err != nil {
		return unusable(err)
	}
	tr.apply(&acct, n.Timeouts.SMTPSend.Duration)
	if acct.TLSConfig, err = a.smtpTLS("notify", n.SMTPURL, n.Connection, n.InsecureSkipVerify); err != nil {
		return unusable(err)
	}
	return acct, nil
}

// replyConfig builds the reply watch's configuration.
func (a *App) ReplyConfig() sequences.ReplyConfig {
	c := a.Cfg
	rc := sequences.ReplyConfig{
		Target: c.Replies.ReplyTarget.Duration, NudgeAfter: c.Replies.NudgeAfter.Duration,
		BacklogLimit: c.Replies.NudgeBacklogLimit.Duration, Escalate: c.Replies.Escalate,
		Manager: c.Team.Manager, GradeTargets: c.Replies.Grades(),
		People: map[string]string{}, MailboxOwners: map[string]string{}, Hours: map[string]sequences.WorkHours{},
		DefaultHours: workHours(c.Replies.Hours, c.Replies.Workdays, a.Cfg.TeamLocation()),
	}
	// The business-hours figure leaves out the public holidays of the
	// calendar the digest keeps: the person's, else the team's.
	cals, _ := a.Calendars() // Validate refused bad overrides; nil is the built-in set
	holidays := map[string]string{}
	for email, country := range c.Digest.SalespersonHolidays {
		holidays[strings.ToLower(email)] = strings.ToUpper(country)
	}
	rc.DefaultHours.Country, rc.DefaultHours.Calendars = c.Digest.Holidays, cals
	if c.Team.Manager != "" {
		rc.People[c.Team.Manager] = c.Team.Manager
	}
	rc.Team = a.OnTeam()
	for _, s := range c.Salespeople {
		rc.People[s.Email] = s.Email
		hours, days := c.Replies.Hours, c.Replies.Workdays
		if s.Hours != "" {
			hours = s.Hours
		}
		if len(s.Workdays) > 0 {
			days = s.Workdays
		}
		h := workHours(hours, days, a.Cfg.OwnerLocation(s.Email))
		h.Country, h.Calendars = c.Digest.Holidays, cals
		if country, ok := holidays[s.Email]; ok {
			h.Country = country
		}
		rc.Hours[s.Email] = h
	}
	for _, mb := range c.Mailboxes {
		rc.MailboxOwners[mb.Name] = mb.Owner
		if login := strings.ToLower(mb.Username); strings.Contains(login, "@") && rc.People[login] == "" {
			rc.People[login] = mb.Owner
		}
	}
	if c.Notify.Enabled() {
		rc.NotifyMailbox = config.NotifyMailbox
		rc.NotifyFrom = keepwarm.Address{Name: c.Notify.FromName, Email: c.Notify.From}
	}
	rc.Notify = a.notifyTargets()
	rc.Names, rc.Langs = map[string]string{}, map[string]string{}
	for _, s := range c.Salespeople {
		rc.Names[strings.ToLower(s.Email)] = s.Name
		rc.Langs[strings.ToLower(s.Email)] = s.Lang
	}
	rc.ManagerName = c.Team.ManagerName
	rc.WebURL = c.Web.BaseURL
	rc.Away = a.NewAway()
	return rc
}

// workHours builds validated hours (Validate has refused bad ones).
func workHours(hours string, days []string, loc *time.Location) sequences.WorkHours {
	h := sequences.WorkHours{Location: loc}
	h.Start, h.End, _ = sequences.ParseHours(hours)
	h.Days, _ = sequences.ParseWorkdays(days)
	return h
}

// notifyAccounts is the [notify] sender as extra sending accounts for the
// dispatcher: none when [notify] is not configured.
func (a *App) NotifyAccounts(ctx context.Context) ([]mailsync.Account, error) {
	if !a.Cfg.Notify.Enabled() {
		return nil, nil
	}
	acct, err := a.NotifyAccount(ctx)
	if err != nil {
		return nil, err
	}
	if acct.Unusable != nil {
		a.Log.Error("[notify] cannot be used as configured: nudges, digests and the weekly summary by mail wait queued until it is fixed; the mailboxes go on", "err", acct.Unusable)
	}
	return []mailsync.Account{acct}, nil
}

// NoNotifyWithChat is what the daemon and `keepwarm check` say of chat
// channels without a [notify] sender.
const NoNotifyWithChat = "no [notify] sender: nudges go to the chat channels only; digests and the weekly summary are not sent, " +
	"and a chat nudge that fails has no mail to fall back on (only /healthz and keepwarm outbox report it)"

// NewEngine builds the clock-driven engine with the reply watch, and the
// mail dispatcher (every mailbox's account plus [notify]) it kicks when
// nudges are queued, for a caller that syncs before it runs the engine;
// see NewEngineParts for the chat dispatcher and the look before nudges.
func (a *App) NewEngine(ctx context.Context) (*sequences.Engine, *mailsync.Dispatcher, error) {
	p, err := a.NewEngineParts(ctx, nil)
	return p.Engine, p.Disp, err
}

// NewOptOuts builds the job that reads the customers' answers to keepwarm's
// letters, greetings and follow-ups for opt-out wording. It runs before
// the follow-up and greetings jobs, so an opt-out read in a tick holds
// back what they would queue in it. The wording is that of the sequence
// the customer follows (followUp nil: the built-in list).
func (a *App) NewOptOuts(followUp *sequences.FollowUp) *sequences.OptOuts {
	var cfg sequences.OptOutConfig
	if followUp != nil {
		cfg.Words = followUp.OptOutWords
	}
	return sequences.NewOptOuts(cfg, a.DB, a.Log)
}

// EngineParts are the engine and the two sending loops it kicks.
type EngineParts struct {
	Engine *sequences.Engine
	Disp   *mailsync.Dispatcher // mail: every mailbox's account plus [notify]
	Chat   *chat.Dispatcher     // [[notify.channel]]; nil when none is configured
	// FollowUpsOff says why no follow-up runs although [sequences] is
	// on (the files' problems); nil when follow-ups run or are disabled.
	FollowUpsOff error
	// GreetingsOff says why no greeting or letter goes although
	// [greetings] is on (its problem); nil when they run or are off.
	GreetingsOff error
	// NotifyOff says why the [notify] sender cannot be used as
	// configured (its mail waits queued); nil when it can, or is not set.
	NotifyOff error
}

// notifySettled is what the dispatchers do with a mail that settled
// failed or uncertain besides stopping its follow-up: tell onSettled, and
// tell the team chats when a mail from [notify] failed for good (the
// digest that would report it goes the same way). told: an alert was
// queued for the chats.
func (a *App) notifySettled(ctx context.Context, item keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string) (told bool) {
	if a.onSettled != nil {
		a.onSettled(item, status, reason)
	}
	ok, err := a.notifyAlert(ctx, item, status, reason)
	if err != nil {
		a.Log.Error("mail from [notify] failed, and the team chat could not be told", "err", err)
	}
	return ok && err == nil
}

// NotifyDispatcherOptions gives a dispatcher of the [notify] sender alone
// (`digest --send`, `summary --send`) the last look and the failure
// handling the engine's dispatcher has: the nudges waiting in the same
// queue (held while [notify] was down) are looked at again before they go
// and dropped, saying why, when the customer was answered meanwhile, the
// message was marked as needing no answer or handed to the digest as
// older than nudge_backlog_limit, or a "Reply due" nudge was overtaken by
// the target; a mail that fails for good is told to the team chats (their
// alert goes out at the daemon's next pass).
func (a *App) NotifyDispatcherOptions() mailsync.DispatcherOptions {
	rc := a.ReplyConfig()
	rc.Now = a.Clock.Now
	watch := sequences.NewReplyWatch(rc, a.DB, a.Log.With("job", "replies"))
	settled := a.settled(nil)
	return mailsync.DispatcherOptions{
		Precheck: func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
			if item.Origin == sequences.OriginNudge {
				return watch.Precheck(ctx, item)
			}
			return "", nil
		},
		Settled: func(ctx context.Context, item keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, refused []string) error {
			a.notifySettled(ctx, item, status, reason)
			return settled(ctx, item, status, reason, refused)
		},
	}
}

// NewEngineParts builds the engine, the mail dispatcher and the chat
// dispatcher, after marking failed what waits for a sender no longer
// configured (FailOrphans). look is the reply watch's look before it nudges (the daemon's
// live syncers); nil where the caller syncs before every run (the tick).
func (a *App) NewEngineParts(ctx context.Context, look func(context.Context) error) (EngineParts, error) {
	if _, err := a.FailOrphans(ctx); err != nil {
		return EngineParts{}, err
	}
	extra, err := a.NotifyAccounts(ctx)
	if err != nil {
		return EngineParts{}, err
	}
	var notifyOff error
	if len(extra) > 0 {
		notifyOff = extra[0].Unusable
	}
	// The follow-up job (sequences) and its last look before each send.
	// A nudge's last look is the reply watch's, a greeting's or a letter's
	// the greetings job's, both made below.
	var disp *mailsync.Dispatcher
	var watch *sequences.ReplyWatch
	var greetings *sequences.Greetings
	var greetingsOff error
	nudgeCheck := func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
		return watch.Precheck(ctx, item)
	}
	// A chat post whose mail instead is being sent is held (the mail may
	// yet go back to waiting): the chat dispatcher looks at it again at
	// its next pass, which the mail dispatcher's pass that moved the mail
	// on kicks. chatLooked is set before each chat post's look reads its
	// mail's state, so a mail moved on after that read always kicks a
	// pass after it; at worst a pass too many.
	var chatLooked atomic.Bool
	chatCheck := func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
		chatLooked.Store(true)
		return watch.Precheck(ctx, item)
	}
	followUp, precheck, followUpsOff, err := a.FollowUpParts(ctx, func() { disp.Kick() })
	if err != nil {
		return EngineParts{}, err
	}
	pre := precheck
	precheck = func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
		switch item.Origin {
		case sequences.OriginAck:
			return a.ackPrecheck(ctx, item)
		case sequences.OriginNudge:
			return nudgeCheck(ctx, item)
		case sequences.OriginGreeting, sequences.OriginLetter:
			return a.greetingPrecheck(ctx, greetings, greetingsOff, item)
		}
		if pre == nil {
			return "", nil
		}
		return pre(ctx, item)
	}
	var chatDisp *chat.Dispatcher
	settled := a.settled(followUp)
	opt := mailsync.DispatcherOptions{Precheck: precheck, Settled: func(ctx context.Context, item keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, refused []string) error {
		if a.notifySettled(ctx, item, status, reason) && chatDisp != nil {
			chatDisp.Kick()
		}
		return settled(ctx, item, status, reason, refused)
	}, Passed: func() {
		if chatLooked.Swap(false) && chatDisp != nil {
			chatDisp.Kick()
		}
	}}
	disp, err = a.NewDispatcher(ctx, opt, extra...)
	if err != nil {
		return EngineParts{}, err
	}
	// A chat nudge that did not reach its channel goes by mail instead,
	// when [notify] is set and its customer still waits.
	chatSettled := func(ctx context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string) {
		if _, err := watch.Fallback(ctx, items, status, reason, a.Clock.Now()); err != nil {
			a.Log.Error("chat nudge not delivered, and no mail could be queued instead", "err", err)
		}
	}
	// One the channel keeps refusing for now (down, or too fast) goes by
	// mail a few minutes after it was due, not an hour later or never;
	// not while [notify] cannot be used.
	chatLate := func(ctx context.Context, items []keepwarm.OutboxItem, reason string) {
		if notifyOff != nil {
			// A mail from [notify] would only wait queued: the post
			// keeps being tried, as without [notify].
			return
		}
		if _, err := watch.Fallback(ctx, items, keepwarm.OutboxQueued, reason, a.Clock.Now()); err != nil {
			a.Log.Error("chat nudge held up, and no mail could be queued instead", "err", err)
		}
	}
	chatDisp, err = a.NewChat(ctx, chat.Options{Precheck: chatCheck, Settled: chatSettled, Late: chatLate})
	if err != nil {
		return EngineParts{}, err
	}
	rc := a.ReplyConfig()
	rc.OnQueued = disp.Kick
	var tmpl func() *templates.Set
	if followUp != nil {
		tmpl = followUp.Templates
	}
	rc.Ack = a.NewAck(tmpl)
	rc.Look = look
	rc.Now = a.Clock.Now
	if chatDisp != nil {
		rc.OnQueued = func() { disp.Kick(); chatDisp.Kick() }
	}
	switch {
	case rc.NotifyMailbox == "" && chatDisp == nil:
		a.configWarn("no [notify] sender or chat channel configured: reply times are measured, but no nudges are sent")
	case rc.NotifyMailbox == "":
		a.configWarn(NoNotifyWithChat)
	}
	for _, w := range slices.Concat(a.Cfg.ZoneWarnings(), a.Cfg.NudgeWarnings(), a.Cfg.ChannelWarnings()) {
		a.configWarn(w)
	}
	watch = sequences.NewReplyWatch(rc, a.DB, a.Log.With("job", "replies"))
	if chatDisp == nil {
		// No chat channel is configured (any more): no chat dispatcher
		// settles a post a crash interrupted (its Recover). Settled here
		// as it would be, uncertain, so its mail instead (the nudge, when
		// [notify] is set) goes instead of being held behind a post
		// nobody makes.
		if err := a.settleStuckChat(ctx, chatSettled); err != nil {
			return EngineParts{}, err
		}
	}
	// The book first: a new customer it hands to a salesperson changes who
	// answers for its mail, and the reply watch then measures (and nudges)
	// with that owner once, instead of measuring every thread of the new
	// customers again on the next tick (after a large sync: all of them).
	jobs := []sequences.Job{a.NewBookJob(), watch, a.NewOptOuts(followUp)}
	if followUp != nil {
		jobs = append(jobs, followUp)
	}
	greetings, err = a.NewGreetings(disp.Kick)
	if err != nil {
		// Greetings are the least urgent part: their problem holds them
		// and the letters, not the sync, the nudges or the console.
		greetingsOff, greetings = err, nil
		a.Log.Error("greetings and letters are off until [greetings] is fixed and picked up by the next keepwarm tick or a restart of keepwarm run; the rest runs", "err", err)
	}
	if greetingsOff == nil {
		// Fixed and restarted: the greetings and letters held meanwhile
		// go now, inside their day's window, not when their last hold
		// would have run out (up to an hour later, the day over).
		if n, err := a.DB.ReleaseHeld(ctx, "held: "+GreetingsOffPrefix, a.Clock.Now()); err != nil {
			return EngineParts{}, err
		} else if n > 0 {
			a.Log.Info("greetings and letters held while greetings were off are due again", "items", n)
		}
	}
	if greetings != nil {
		jobs = append(jobs, greetings)
		if followUp != nil {
			// A step due on the day of a greeting planned to its
			// recipient gives the day to the greeting: one a day.
			followUp.SetGreeted(greetings.GreetingPlanned)
		}
	}
	// Digests and the weekly summary run after the reply watch measured
	// the clocks and the other jobs queued what they queue.
	if !a.Cfg.Digest.Disabled {
		jobs = append(jobs, a.afterFirstSyncs(a.newDigests(greetings, disp.Kick, disp)), a.afterFirstSyncs(a.NewSummaries(disp.Kick)))
	}
	return EngineParts{Engine: sequences.NewEngine(a.Clock, a.Log, jobs...), Disp: disp, Chat: chatDisp, FollowUpsOff: followUpsOff, GreetingsOff: greetingsOff, NotifyOff: notifyOff}, nil
}

// afterFirstSyncs holds job (a digest, the weekly summary: reports on the
// mailboxes' mail) while the daemon awaits mailboxes' first syncs since
// the start (App.starting), as the nudges wait: a digest due at the first
// pass listed mail answered while keepwarm was down as still waiting.
// The engine runs it again at each first sync (its Kick).
func (a *App) afterFirstSyncs(job sequences.Job) sequences.Job {
	if a.starting == nil {
		return job
	}
	return &firstSyncWait{Job: job, starting: a.starting, log: a.Log.With("job", job.Name())}
}

type firstSyncWait struct {
	sequences.Job
	starting func() []string
	log      *slog.Logger
}

func (w *firstSyncWait) Run(ctx context.Context, now time.Time) (time.Time, error) {
	if names := w.starting(); len(names) > 0 {
		w.log.Debug("waits until every mailbox has synced once since the start", "mailboxes", strings.Join(names, ", "))
		return now.Add(time.Minute), nil
	}
	return w.Job.Run(ctx, now)
}
