package app

import (
	"context"
	"log/slog"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/width"

	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/store"
)

// bookJob is the customer book's part of the daemon's engine: after each
// ingest (the engine is kicked) it pools or hands out the customers new mail
// created, and when a claim's deadline passes it returns the customer to
// the pool. It wants to run again at the next open claim's deadline.
type bookJob struct {
	db     *store.DB
	log    *slog.Logger
	assign store.AssignOptions
	away   *sequences.Away
	// starting names the mailboxes whose first sync since the start is
	// awaited (App.starting; nil outside the daemon): no claim goes back to
	// the pool meanwhile, as the nudges and digests wait. The buyer's
	// answer from while keepwarm was down, which keeps the claim, is not
	// stored yet.
	starting func() []string
	// wait names the mailboxes where the answer to owner's claim of a
	// customer can be (App.waitFor), and read is up to when the mail is
	// known stored in them (App.readBy): a claim whose deadline is later
	// waits, in every mode (a mailbox whose sync fails, a first sync
	// longer than the start-up hold, `keepwarm tick`).
	wait func(ctx context.Context, owner string, customer int64) ([]string, error)
	read func(ctx context.Context, now time.Time, mailboxes []string) (time.Time, error)
}

func (a *App) NewBookJob() *bookJob {
	return &bookJob{db: a.DB, log: a.Log.With("job", "book"), assign: a.assignOptions(), away: a.NewAway(), starting: a.starting,
		wait: a.waitFor,
		read: func(ctx context.Context, now time.Time, mailboxes []string) (time.Time, error) {
			return a.readBy(ctx, now, mailboxes, true)
		}}
}

// assignNow is opt with who is away at now (the config's absences, the
// desk's, out-of-office replies): round robin passes over them.
func assignNow(ctx context.Context, opt store.AssignOptions, away *sequences.Away, now time.Time) (store.AssignOptions, error) {
	if away == nil {
		return opt, nil
	}
	r, err := away.Roster(ctx, now)
	if err != nil {
		return opt, err
	}
	opt.Away = r.Absences
	return opt, nil
}

// assignOptions is how new mail customers are handed out: to whoever
// wrote first or had answered already (by address, alias or the mailbox
// whose Sent holds it), else the pool or round robin. A shared team
// mailbox (config.SharedLogin: the team's sales@, even one a salesperson
// owns who has a mailbox of their own) names nobody, by its login or its
// Sent: whoever answers from it answers for the team.
func (a *App) assignOptions() store.AssignOptions {
	rc := a.ReplyConfig()
	people, owners := maps.Clone(rc.People), maps.Clone(rc.MailboxOwners)
	for _, mb := range a.Cfg.Mailboxes {
		login := strings.ToLower(strings.TrimSpace(mb.Username))
		if login == mb.Owner || !a.Cfg.SharedLogin(mb) {
			continue
		}
		delete(owners, mb.Name)
		if people[login] == mb.Owner {
			delete(people, login)
		}
	}
	return store.AssignOptions{
		Salespeople: a.Salespeople(), RoundRobin: a.Cfg.Book.RoundRobin, Rules: a.Cfg.Book.Rules(),
		People: people, MailboxOwners: owners,
	}
}

func (j *bookJob) Name() string { return "book" }

// Run blocks on the store only.
func (j *bookJob) Run(ctx context.Context, now time.Time) (time.Time, error) {
	var held bool
	if j.starting != nil {
		if names := j.starting(); len(names) > 0 {
			held = true
			j.log.Debug("expired claims wait until every mailbox has synced once since the start", "mailboxes", strings.Join(names, ", "))
		}
	}
	if !held {
		returned, err := returnExpired(ctx, j.db, now, j.wait, j.read, j.log)
		if err != nil {
			return time.Time{}, err
		}
		for _, id := range returned {
			j.log.Info("claim expired: customer back in the pool", "customer", id)
		}
	}
	opt, err := assignNow(ctx, j.assign, j.away, now)
	if err != nil {
		return time.Time{}, err
	}
	assigned, err := j.db.AssignPool(ctx, now, opt)
	if err != nil {
		return time.Time{}, err
	}
	for _, a := range assigned {
		j.log.Info("new customer "+a.Event, "customer", a.CustomerID, "salesperson", a.Salesperson, "note", a.Note)
	}
	// The web's ended sign-ins go once kept long enough (store.SessionsKept).
	// A chore beside the book's work: when it fails (a busy or full disk)
	// the book job still asks to run at the next claim's deadline.
	links, sessions, err := j.db.PruneSignIns(ctx, now)
	if err != nil {
		j.log.Warn("ended web sign-ins not deleted; tried again next run", "err", err)
	} else if links+sessions > 0 {
		j.log.Debug("ended web sign-ins deleted", "links", links, "sessions", sessions)
	}
	claims, err := j.db.Claims(ctx, now, j.assign.Rules, "", false)
	if err != nil {
		return time.Time{}, err
	}
	var next time.Time
	if held { // and again at each first sync (the engine's Kick)
		next = now.Add(time.Minute)
	}
	for _, c := range claims {
		if c.State == book.ClaimConverted || c.PoolDeadline == nil {
			continue
		}
		at := *c.PoolDeadline
		if !at.After(now) {
			// Past its deadline and still held for a mailbox's sync: asking
			// for the deadline would run the engine at once, again and
			// again. A sync kicks the engine; a minute is the fallback.
			at = now.Add(time.Minute)
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next, nil
}

// catchUpBook does what the daemon does on its clock, so that a command run
// with --now sees the pool as it would be then: expired claims go back to
// the pool and new mail customers are pooled or handed out. On the
// machine's clock a claim goes back only when its deadline is before the
// last completed sync of every mailbox its answer can be in (waitFor,
// lastRead): with the daemon stopped, the buyer's answer by the deadline
// may be unread, and the claim waits for the sync. A replay (--now away from the clock)
// plays the days as a daemon that synced them would: that bound is not
// kept.
func (a *App) CatchUpBook(ctx context.Context) error {
	now := a.Clock.Now()
	read := func(ctx context.Context, now time.Time, mailboxes []string) (time.Time, error) {
		return a.readBy(ctx, now, mailboxes, false)
	}
	if _, err := returnExpired(ctx, a.DB, now, a.waitFor, read, a.Log); err != nil {
		return err
	}
	opt, err := assignNow(ctx, a.assignOptions(), a.NewAway(), now)
	if err != nil {
		return err
	}
	_, err = a.DB.AssignPool(ctx, now, opt)
	return err
}

// returnExpired returns to the pool the claims whose deadline passed by
// now and by read of the mailboxes wait names for the claim (read nil:
// now). Each set of mailboxes is read once.
func returnExpired(ctx context.Context, db *store.DB, now time.Time,
	wait func(ctx context.Context, owner string, customer int64) ([]string, error),
	read func(ctx context.Context, now time.Time, mailboxes []string) (time.Time, error), log *slog.Logger) ([]int64, error) {
	reads := map[string]time.Time{}
	return db.ReturnClaimsExpiredFor(ctx, now, func(owner string, customer int64) (time.Time, error) {
		if read == nil {
			return now, nil
		}
		mailboxes, err := wait(ctx, owner, customer)
		if err != nil {
			return time.Time{}, err
		}
		key := strings.Join(mailboxes, "\x00")
		if r, ok := reads[key]; ok {
			return r, nil
		}
		r, err := read(ctx, now, mailboxes)
		if err != nil {
			return r, err
		}
		reads[key] = r
		if r.Before(now) {
			log.Debug("claims whose deadline passed after the last completed sync of a mailbox their answer can be in stay until it syncs", "owner", owner, "mailboxes", strings.Join(mailboxes, ", "), "last_sync", r)
		}
		return r, nil
	})
}

// replayTolerance is how far Clock may be from the machine's clock before
// a command replays another time (cli's replaySlack): a few minutes either
// way is a person rounding the time.
const replayTolerance = 10 * time.Minute

// replaying says Clock replays another time than the machine's (--now).
func (a *App) replaying() bool {
	if a.wall == nil {
		return false
	}
	d := a.Clock.Now().Sub(a.wall.Now())
	return d <= -replayTolerance || d >= replayTolerance
}

// claimWaitMax bounds how long a claim past its deadline waits for a
// mailbox whose sync fails: one broken for good does not keep every claim
// from the pool.
const claimWaitMax = 7 * 24 * time.Hour

// readBy is up to when the mail is known stored at now in mailboxes, for
// returning expired claims: their last completed sync (lastRead), but no
// earlier than claimWaitMax before now; now itself in a replay (--now
// away from the clock), which plays the days as a daemon that synced them.
// When the wait ends for a mailbox that has not synced, warn (the daemon's
// book job) logs it once per last sync, else at debug level only: a CLI
// command's catch-up does not put it before the salesperson each time.
func (a *App) readBy(ctx context.Context, now time.Time, mailboxes []string, warn bool) (time.Time, error) {
	if a.replaying() {
		return now, nil
	}
	read, err := a.lastRead(ctx, now, mailboxes)
	if err != nil {
		return time.Time{}, err
	}
	if floor := now.Add(-claimWaitMax); read.Before(floor) {
		level := slog.LevelDebug
		if warn {
			a.waitMu.Lock()
			if a.waitWarned == nil {
				a.waitWarned = map[string]time.Time{}
			}
			key := strings.Join(mailboxes, "\x00")
			if !a.waitWarned[key].Equal(read) {
				a.waitWarned[key], level = read, slog.LevelWarn
			}
			a.waitMu.Unlock()
		}
		a.Log.Log(ctx, level, "claims past their deadline no longer wait for a mailbox that has not synced", "mailboxes", strings.Join(mailboxes, ", "), "last_sync", read, "waited", claimWaitMax)
		read = floor
	}
	return read, nil
}

// waitFor names the configured mailboxes where the answer to owner's claim
// of customer can be: owner's own, the shared ones (config.SharedLogin),
// and those already holding the customer's mail (a buyer answers a
// colleague's earlier mail, or Cc's an assistant). A colleague's own
// mailbox that never had the customer's mail is not waited for: one
// broken for good holds no one else's claims.
func (a *App) waitFor(ctx context.Context, owner string, customer int64) ([]string, error) {
	held, err := a.DB.CustomerMailboxes(ctx, customer)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, mb := range a.Cfg.Mailboxes {
		if strings.EqualFold(mb.Owner, owner) || a.Cfg.SharedLogin(mb) || slices.Contains(held, mb.Name) {
			names = append(names, mb.Name)
		}
	}
	return names, nil
}

// lastRead is when mailboxes had all last completed a sync (the earliest
// of their last passes), at most now: the mail up to then is stored in
// them. A mailbox that never synced is not waited for.
func (a *App) lastRead(ctx context.Context, now time.Time, mailboxes []string) (time.Time, error) {
	read := now
	for _, name := range mailboxes {
		s, err := a.DB.MailboxSyncOf(ctx, name)
		if err != nil {
			return time.Time{}, err
		}
		if !s.PassAt.IsZero() && s.PassAt.Before(read) {
			read = s.PassAt
		}
	}
	return read, nil
}

func (a *App) Salespeople() []string {
	var out []string
	for _, s := range a.Cfg.Salespeople {
		out = append(out, s.Email)
	}
	return out
}

// Salesperson resolves what a sheet's owner cell or a --salesperson flag
// holds to a configured salesperson's email: the email, the name, or both
// ("Lily Chen <lily@...>"), in any case, with full-width characters from
// a Chinese input method and stray spaces.
func (a *App) Salesperson(s string) (string, bool) {
	s = strings.Join(strings.Fields(width.Fold.String(s)), " ")
	if addr, err := mail.ParseAddress(s); err == nil {
		s = addr.Address
	}
	for _, p := range a.Cfg.Salespeople {
		name := strings.Join(strings.Fields(p.Name), " ")
		if strings.EqualFold(s, p.Email) || (name != "" && strings.EqualFold(s, name)) {
			return p.Email, true
		}
	}
	return "", false
}
