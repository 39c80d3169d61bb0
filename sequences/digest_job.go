package sequences

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// Name names the job in the engine's logs.
func (g *Digests) Name() string { return "digest" }

// Run queues, for every salesperson whose digest time has come today (a
// workday of theirs that is not a public holiday of their country), the
// day's digest, once: the outbox key "digest:<email>:<date>" makes a second
// enqueue a no-op, and a day already decided is not built again. A digest
// with every section empty is not sent. A digest missed at its time (the
// daemon was down) goes out later the same day. It returns the next digest
// time. It blocks on the store only.
func (g *Digests) Run(ctx context.Context, now time.Time) (time.Time, error) {
	var next time.Time
	var errs []error
	src := &runSource{DigestSource: g.src}
	for _, p := range g.cfg.People {
		if at := g.nextSlot(p, now); !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
		if g.cfg.NotifyMailbox == "" {
			continue
		}
		day := midnight(now.In(p.Location))
		if !g.isDigestDay(p, day) || now.Before(g.slot(p, day)) {
			continue
		}
		if err := g.queueDay(ctx, p, day, now, src); err != nil {
			errs = append(errs, err)
		}
	}
	return next, errors.Join(errs...)
}

// queueDay builds and queues p's digest of day unless that day was decided.
func (g *Digests) queueDay(ctx context.Context, p DigestPerson, day, now time.Time, src *runSource) error {
	date := day.Format(time.DateOnly)
	g.mu.Lock()
	decided := g.done[p.Email] == date
	g.mu.Unlock()
	if decided {
		return nil
	}
	key := DigestKey(p.Email, date)
	have, err := g.src.OutboxKeys(ctx, []string{key})
	if err != nil {
		return fmt.Errorf("digest for %s: %w", p.Email, err)
	}
	if !have[key] {
		d, err := g.build(ctx, p, now, src, DigestListLimit)
		if err != nil {
			return err
		}
		if d.Empty() {
			// The decision must outlive this process: under cron, every
			// `keepwarm tick` is a new one, and without a record a later tick
			// that day would decide again and send a digest off its time.
			// A dry-run item under the day's key is that record: the
			// dispatcher marks it skipped and never sends it.
			if _, err := g.recordEmpty(ctx, d, src); err != nil {
				return err
			}
			g.log.Info("digest empty: nothing sent", "salesperson", p.Email, "date", date)
		} else if _, err := g.queue(ctx, d, src); err != nil {
			return err
		}
	}
	g.mu.Lock()
	g.done[p.Email] = date
	g.mu.Unlock()
	return nil
}

// Queue writes d to the outbox for the [notify] sender to deliver to the
// salesperson; created is false when that day's digest was queued before.
// An empty digest or a missing [notify] sender is an error.
func (g *Digests) Queue(ctx context.Context, d Digest) (created bool, err error) {
	return g.queue(ctx, d, nil)
}

// QueueByHand is Queue for a person who asks for the day's digest (digest
// --send): a day found empty at its time that has news now is queued in
// place of the record that it was empty. superseded: the dates of the
// salesperson's earlier digests, still queued, that it takes the place of
// (not sent).
func (g *Digests) QueueByHand(ctx context.Context, d Digest) (created bool, superseded []string, err error) {
	return g.queueWith(ctx, d, nil, g.src.EnqueueOverEmpty, true)
}

// queue is Queue with who covers for whom read once per run (src, when
// not nil, keeps it).
func (g *Digests) queue(ctx context.Context, d Digest, src *runSource) (created bool, err error) {
	created, _, err = g.queueWith(ctx, d, src, g.src.Enqueue, false)
	return created, err
}

func (g *Digests) queueWith(ctx context.Context, d Digest, src *runSource,
	enqueue func(context.Context, keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error), again bool) (created bool, superseded []string, err error) {
	if g.cfg.NotifyMailbox == "" {
		return false, nil, keepwarm.Errorf(keepwarm.EINVALID, "no [notify] sender is configured: digests cannot be sent")
	}
	if d.Empty() {
		return false, nil, keepwarm.Errorf(keepwarm.EINVALID, "the digest of %s for %s is empty: nothing to send", d.Salesperson, d.Date)
	}
	d, to, err := g.addressed(ctx, d, src)
	if err != nil {
		return false, nil, err
	}
	item := notifyItem(d.Key(), g.cfg.NotifyMailbox, g.cfg.NotifyFrom, to, d.Subject(), d.Text(), d.HTML(), OriginDigest, d.Now)
	_, created, err = enqueue(ctx, item)
	if err != nil {
		return false, nil, fmt.Errorf("digest for %s: queue: %w", d.Salesperson, err)
	}
	if created {
		g.log.Info("digest queued", "salesperson", d.Salesperson, "to", to.Email, "date", d.Date, "key", item.Key)
		if superseded, err = g.supersede(ctx, d); err != nil {
			return created, nil, err
		}
		if g.cfg.OnQueued != nil {
			g.cfg.OnQueued()
		}
	} else if again {
		// Queued by an earlier run whose supersede may have failed: the
		// earlier days still queued are skipped before it is sent.
		if superseded, err = g.supersede(ctx, d); err != nil {
			return false, nil, err
		}
	}
	return created, superseded, nil
}

// supersede skips the salesperson's digests of earlier days that are still
// queued ([notify] could not send them) now that d's day is decided: sent
// days late beside it, they would list mail long answered and follow-ups
// long gone, and one addressed to a backup would reach them after the
// salesperson is back. d starts where the last digest that went out ended
// (lastDigest), so what they held is in d. It returns their dates.
func (g *Digests) supersede(ctx context.Context, d Digest) ([]string, error) {
	day, err := time.Parse(time.DateOnly, d.Date)
	if err != nil {
		return nil, fmt.Errorf("digest for %s: date %q: %w", d.Salesperson, d.Date, err)
	}
	keys := make([]string, digestLookBack)
	for i := range keys {
		keys[i] = DigestKey(d.Salesperson, day.AddDate(0, 0, -1-i).Format(time.DateOnly))
	}
	done, err := g.src.SupersedeQueued(ctx, keys, "superseded by the digest of "+d.Date+": not sent while it was queued")
	if err != nil {
		return nil, fmt.Errorf("digest for %s: supersede the earlier ones still queued: %w", d.Salesperson, err)
	}
	dates := make([]string, len(done))
	for i, k := range done {
		dates[i] = k[strings.LastIndex(k, ":")+1:]
	}
	if len(dates) > 0 {
		g.log.Info("earlier digests still queued superseded", "salesperson", d.Salesperson, "date", d.Date, "count", len(dates), "dates", dates)
	}
	return dates, nil
}

// Addressed is d as its reader gets it, and that reader: the salesperson,
// or whoever covers for them while they are away, the digest then in that
// reader's language and saying whose it is. The queue and
// `keepwarm digest` both ask it, so the preview is the mail.
func (g *Digests) Addressed(ctx context.Context, d Digest) (Digest, keepwarm.Address, error) {
	return g.addressed(ctx, d, nil)
}

// addressed is Addressed with who covers for whom read once per run (src,
// when not nil, keeps it).
func (g *Digests) addressed(ctx context.Context, d Digest, src *runSource) (Digest, keepwarm.Address, error) {
	to := keepwarm.Address{Name: d.Name, Email: d.Salesperson}
	if g.cfg.Away == nil {
		return d, to, nil
	}
	roster, err := src.roster(ctx, g.cfg.Away, d.Now)
	if err != nil {
		return d, to, fmt.Errorf("digest for %s: %w", d.Salesperson, err)
	}
	who, cover := roster.Cover(d.Salesperson)
	if cover != nil && who != d.Salesperson {
		// Their items go to whoever covers: the same digest, saying so,
		// in the language of whoever reads it.
		reader := g.reader(who)
		to = keepwarm.Address{Name: reader.Name, Email: who}
		d.Lang = reader.Lang
		d.CoveredBy = who
		d.manager = g.cfg.Manager != "" && strings.EqualFold(who, g.cfg.Manager)
		name := d.Name
		if name == "" {
			name = d.Salesperson
		}
		ends, latest := awayEnds(*cover, d.location())
		greet := reader.Name
		if greet == "" {
			greet = who
		}
		d.cover = &digestCover{
			prefix: fmt.Sprintf(d.words().covering, d.Salesperson),
			line:   nudgeMailWordsIn(d.Lang).coverLine(name, ends, latest),
			reader: greet,
		}
		if loc := reader.Location; loc != nil && loc.String() != d.location().String() {
			// The reader acts on the times in their own zone: write them
			// so, and say so.
			d.cover.loc = loc
			body := strings.TrimRight(d.cover.line, "\n")
			d.cover.line = body + fmt.Sprintf(d.words().coverZone, loc.String()) + d.cover.line[len(body):]
		}
	}
	return d, to, nil
}

// reader is person as a digest's reader: their name and language when
// they are a salesperson, else no name and English (the manager has no
// lang), in their zone (ReaderLocation).
func (g *Digests) reader(person string) DigestPerson {
	if p, err := g.person(person); err == nil {
		return p
	}
	r := DigestPerson{Email: person}
	if g.cfg.ReaderLocation != nil {
		r.Location = g.cfg.ReaderLocation(person)
	}
	return r
}

// recordEmpty writes the day's decision "empty: not sent" to the outbox as a
// dry-run item under the digest's key, addressed to whoever would have read
// it (the salesperson, or whoever covers for them): the next digest to that
// reader starts there.
func (g *Digests) recordEmpty(ctx context.Context, d Digest, src *runSource) (superseded []string, err error) {
	_, to, err := g.addressed(ctx, d, src)
	if err != nil {
		return nil, err
	}
	item := notifyItem(d.Key(), g.cfg.NotifyMailbox, g.cfg.NotifyFrom, to,
		"keepwarm digest "+d.Date+": nothing to report (not sent)", "", "", OriginDigest, d.Now)
	item.Mode = keepwarm.ModeDryRun
	if _, _, err := g.src.Enqueue(ctx, item); err != nil {
		return nil, fmt.Errorf("digest for %s: record the empty day: %w", d.Salesperson, err)
	}
	// Built from the last digest that went out and still empty: an
	// earlier one still queued has nothing left worth sending.
	return g.supersede(ctx, d)
}

// EmptyByHand is what `digest --send` does with an empty digest d of a day
// with no record yet, as the job does at the day's digest time: the day is
// recorded empty (recorded), and an earlier digest still queued is skipped
// as superseded (their dates: superseded). Before the day's digest time
// only the earlier ones are superseded: the job may still find news for
// the day and send it.
func (g *Digests) EmptyByHand(ctx context.Context, d Digest) (recorded bool, superseded []string, err error) {
	if g.cfg.NotifyMailbox == "" {
		return false, nil, nil
	}
	if p, err := g.person(d.Salesperson); err == nil {
		day := midnight(d.Now.In(p.Location))
		if g.isDigestDay(p, day) && !d.Now.Before(g.slot(p, day)) {
			superseded, err := g.recordEmpty(ctx, d, nil)
			return true, superseded, err
		}
	}
	superseded, err = g.supersede(ctx, d)
	return false, superseded, err
}

// nextSlot is p's first digest time after now (zero when p has no digest
// day within two weeks).
func (g *Digests) nextSlot(p DigestPerson, now time.Time) time.Time {
	day := midnight(now.In(p.Location))
	for i := 0; i <= 14; i++ {
		d := day.AddDate(0, 0, i)
		if at := g.slot(p, d); at.After(now) && g.isDigestDay(p, d) {
			return at
		}
	}
	return time.Time{}
}

// notifyItem is an outbox item from the [notify] sender to one person.
func notifyItem(key, mailbox string, from, to keepwarm.Address, subject, text, html, origin string, now time.Time) keepwarm.OutboxItem {
	_, domain, _ := strings.Cut(from.Email, "@")
	return keepwarm.OutboxItem{
		Key: key, MessageID: keepwarm.NewMessageID(domain), Mailbox: mailbox,
		From: from, To: []keepwarm.Address{to}, Subject: subject, Text: text, HTML: html,
		Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: origin,
	}
}

// runSource is a run's DigestSource: what is the same for every
// salesperson's digest (customer names, enrollments, the reasons mail is
// not followed up, the mailboxes' problems, the reply table of a period,
// the mail of owners not on the team) is read once per run, not once per
// salesperson.
type runSource struct {
	DigestSource
	names    map[string]string
	enrs     []keepwarm.Enrollment
	haveEnrs bool
	offTeam  map[string][]keepwarm.Nudge // by the team and now
	skips    map[skipsKey][]keepwarm.FollowUpSkip
	problems []DigestMailbox
	haveProb bool
	replies  map[[3]int64]ReplyTable // by the period's and now's instants
	rosters  map[int64]Roster        // who covers for whom, by the instant
}

// roster is away's roster at now (what Away.Recipient reads), read once
// per run; s may be nil (no run: read it now).
func (s *runSource) roster(ctx context.Context, away *Away, now time.Time) (Roster, error) {
	if s == nil {
		return away.Roster(ctx, now)
	}
	if r, ok := s.rosters[now.UnixNano()]; ok {
		return r, nil
	}
	r, err := away.Roster(ctx, now)
	if err != nil {
		return Roster{}, err
	}
	if s.rosters == nil {
		s.rosters = map[int64]Roster{}
	}
	s.rosters[now.UnixNano()] = r
	return r, nil
}

type skipsKey struct{ customer, since int64 }

func (s *runSource) CustomerNames(ctx context.Context) (map[string]string, error) {
	if s.names == nil {
		names, err := s.DigestSource.CustomerNames(ctx)
		if err != nil {
			return nil, err
		}
		s.names = names
	}
	return s.names, nil
}

func (s *runSource) Enrollments(ctx context.Context) ([]keepwarm.Enrollment, error) {
	if !s.haveEnrs {
		enrs, err := s.DigestSource.Enrollments(ctx)
		if err != nil {
			return nil, err
		}
		s.enrs, s.haveEnrs = enrs, true
	}
	return s.enrs, nil
}

func (s *runSource) FollowUpSkips(ctx context.Context, customerID int64, since time.Time) ([]keepwarm.FollowUpSkip, error) {
	k := skipsKey{customerID, since.UnixNano()}
	if skips, ok := s.skips[k]; ok {
		return skips, nil
	}
	skips, err := s.DigestSource.FollowUpSkips(ctx, customerID, since)
	if err != nil {
		return nil, err
	}
	if s.skips == nil {
		s.skips = map[skipsKey][]keepwarm.FollowUpSkip{}
	}
	s.skips[k] = skips
	return skips, nil
}

func (s *runSource) MailboxProblems(ctx context.Context) ([]DigestMailbox, error) {
	if !s.haveProb {
		problems, err := s.DigestSource.MailboxProblems(ctx)
		if err != nil {
			return nil, err
		}
		s.problems, s.haveProb = problems, true
	}
	return s.problems, nil
}

// UnansweredOffTeam is read once a run: every digest person's list is
// taken from the same clocks (offTeam keeps the person's own), and a digest
// queued in between writes none. After a 100,000-message sync its read of
// every running clock's owner took some 7 ms a person.
func (s *runSource) UnansweredOffTeam(ctx context.Context, team []string, now time.Time) ([]keepwarm.Nudge, error) {
	k := strings.Join(team, ",") + "|" + strconv.FormatInt(now.UnixNano(), 10)
	if all, ok := s.offTeam[k]; ok {
		return all, nil
	}
	all, err := s.DigestSource.UnansweredOffTeam(ctx, team, now)
	if err != nil {
		return nil, err
	}
	if s.offTeam == nil {
		s.offTeam = map[string][]keepwarm.Nudge{}
	}
	s.offTeam[k] = all
	return all, nil
}

func (s *runSource) Replies(ctx context.Context, since, until, now time.Time) (ReplyTable, error) {
	k := [3]int64{since.UnixNano(), until.UnixNano(), now.UnixNano()}
	if t, ok := s.replies[k]; ok {
		return t, nil
	}
	t, err := s.DigestSource.Replies(ctx, since, until, now)
	if err != nil {
		return ReplyTable{}, err
	}
	if s.replies == nil {
		s.replies = map[[3]int64]ReplyTable{}
	}
	s.replies[k] = t
	return t, nil
}
