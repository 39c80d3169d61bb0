package app

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// digestSource adapts the store and the customer book's rules to what
// digests and summaries read (sequences.DigestSource).
type digestSource struct {
	db    *store.DB
	rules book.Rules
	// standIn is who the nudges of a departed owner's mail go to
	// (ReplyConfig.StandIn); nil: the owner as stored.
	standIn func(owner, mailbox string) string
	// sending names the mailboxes the running dispatcher cannot send from
	// now, and why; nil: no dispatcher in this process.
	sending func() map[string]sequences.DigestMailbox
	// faults names the mailboxes whose sync stopped on a panic, with it
	// (the daemon's syncFaults); nil: no sync in this process.
	faults func() []sequences.DigestMailbox
	// folders are the folders each mailbox's configuration names
	// (sent_folder, extra_folders): a gone folder taken out of the
	// configuration is no longer a problem.
	folders map[string][]string
}

func (a *App) DigestSource() *digestSource {
	folders := map[string][]string{}
	for _, mb := range a.Cfg.Mailboxes {
		if mb.SentFolder != "" {
			folders[mb.Name] = append(folders[mb.Name], mb.SentFolder)
		}
		folders[mb.Name] = append(folders[mb.Name], mb.ExtraFolders...)
	}
	return &digestSource{db: a.DB, rules: a.Cfg.Book.Rules(), folders: folders, standIn: a.ReplyConfig().StandIn}
}

// Unanswered lists the running reply clocks owner answers for, oldest
// first: the limit most recent (every one when limit <= 0), and how many
// there are.
func (s *digestSource) Unanswered(ctx context.Context, owner string, now time.Time, limit int) ([]keepwarm.Nudge, int, error) {
	var items []store.ReplyItem
	var total int
	var err error
	if limit > 0 {
		items, total, err = s.db.RecentUnansweredReplies(ctx, owner, now.Add(time.Second), now, limit)
	} else {
		items, err = s.db.UnansweredReplies(ctx, owner, now.Add(time.Second), now)
		total = len(items)
	}
	if err != nil {
		return nil, 0, err
	}
	var out []keepwarm.Nudge
	for _, it := range items {
		out = append(out, keepwarm.Nudge{MessageID: it.MessageID, ThreadID: it.ThreadID, Customer: it.Customer,
			Contact: it.Contact, Subject: it.Subject, Mailbox: it.Mailbox, Owner: it.Owner, StartedAt: it.ReceivedAt,
			Target: time.Duration(it.TargetSeconds) * time.Second})
	}
	return out, total, nil
}

// UnansweredOffTeam lists the running reply clocks whose owner is not one
// of team, oldest first.
func (s *digestSource) UnansweredOffTeam(ctx context.Context, team []string, now time.Time) ([]keepwarm.Nudge, error) {
	items, err := s.db.UnansweredOffTeam(ctx, team, now.Add(time.Second), now)
	if err != nil {
		return nil, err
	}
	out := make([]keepwarm.Nudge, 0, len(items))
	for _, it := range items {
		out = append(out, keepwarm.Nudge{MessageID: it.MessageID, ThreadID: it.ThreadID, Customer: it.Customer,
			Contact: it.Contact, Subject: it.Subject, Mailbox: it.Mailbox, Owner: it.Owner, StartedAt: it.ReceivedAt,
			Target: time.Duration(it.TargetSeconds) * time.Second})
	}
	return out, nil
}

// Replies is the reply report by salesperson for [since, until).
func (s *digestSource) CustomerOwners(ctx context.Context, ids []int64) (map[int64]string, error) {
	return s.db.CustomerOwners(ctx, ids)
}

func (s *digestSource) CustomerNames(ctx context.Context) (map[string]string, error) {
	return s.db.CustomerNames(ctx)
}

func (s *digestSource) Replies(ctx context.Context, since, until, now time.Time) (sequences.ReplyTable, error) {
	rep, err := s.db.ReplyReport(ctx, store.ReplyReportFilter{Since: since, Until: until, Now: now, By: store.BySalesperson, StandIn: s.standIn})
	if err != nil {
		return sequences.ReplyTable{}, err
	}
	fig := func(g store.ReplyGroup) sequences.ReplyFigures {
		return sequences.ReplyFigures{Key: g.Key, Count: g.Count, Answered: g.Answered, WithinTarget: g.WithinTarget,
			Breaches: g.Breaches, Waiting: g.Waiting, NoAnswerNeeded: g.NoAnswerNeeded, AnsweredUnseen: g.AnsweredUnseen, Share: g.ShareWithinTarget, Median: g.MedianSeconds, P90: g.P90Seconds,
			Judged: g.Judged}
	}
	// Lists are [] in JSON when empty, never null, as every other list of
	// the summary's JSON.
	t := sequences.ReplyTable{Total: fig(rep.Total), People: []sequences.ReplyFigures{}, Breaches: []sequences.ReplyBreach{},
		Targets: append([]int64{}, rep.Targets...), Judged: rep.Judged}
	for _, g := range rep.Groups {
		t.People = append(t.People, fig(g))
	}
	for _, b := range rep.Breaches {
		// AnswerOwner as `keepwarm report replies` has it: for mail still
		// waiting, whom the desk and nudges ask now (the stand-in of an
		// owner who left; for a pooled customer's mail, the mailbox's
		// owner, else the manager).
		t.Breaches = append(t.Breaches, sequences.ReplyBreach{MessageID: b.MessageID, ThreadID: b.ThreadID, Customer: b.Customer, Subject: b.Subject,
			Owner: b.Owner, AnswerOwner: b.AnswerOwner, RepliedBy: b.RepliedBy, ReceivedAt: b.ReceivedAt, Seconds: b.Seconds, Answered: b.RepliedAt != nil})
	}
	return t, nil
}

// OlderWaiting is the mail of every owner that came before since and is
// still waiting past its target at now, as the web report has it for a
// manager (olderWaiting, from the same read): the limit oldest, read
// without the rest, and how many there are.
func (s *digestSource) OlderWaiting(ctx context.Context, since, now time.Time, limit int) ([]sequences.ReplyBreach, int, error) {
	items, total, err := s.db.OverdueReplies(ctx, "", since, now, limit)
	if err != nil {
		return nil, 0, err
	}
	out := []sequences.ReplyBreach{}
	for _, it := range items {
		br := sequences.ReplyBreach{MessageID: it.MessageID, ThreadID: it.ThreadID, Customer: it.Customer, Subject: it.Subject,
			Owner: it.Owner, AnswerOwner: it.AnswerOwner, ReceivedAt: it.ReceivedAt, Seconds: it.Seconds}
		// Owner is whose breach it is, as in `keepwarm report replies`;
		// AnswerOwner the customer's owner of today, or, for one who left,
		// who has the nudges in their place.
		if s.standIn != nil {
			if si := s.standIn(it.AnswerOwner, it.Mailbox); si != "" {
				br.AnswerOwner = si
			}
		}
		out = append(out, br)
	}
	return out, total, nil
}

func (s *digestSource) OpenTasks(ctx context.Context, owner string) ([]keepwarm.Task, error) {
	return s.db.ListTasks(ctx, false, owner)
}

func (s *digestSource) Enrollments(ctx context.Context) ([]keepwarm.Enrollment, error) {
	return s.db.ListEnrollments(ctx, 0)
}

func (s *digestSource) DryRunEnrollments(ctx context.Context, since, until time.Time) (map[int64]bool, error) {
	return s.db.DryRunEnrollments(ctx, since, until)
}

func (s *digestSource) DueReviews(ctx context.Context, owner string, now time.Time) ([]sequences.DigestCustomer, error) {
	due, err := s.db.DueReviews(ctx, now, s.rules, owner)
	if err != nil {
		return nil, err
	}
	out := make([]sequences.DigestCustomer, len(due))
	for i, d := range due {
		out[i] = sequences.DigestCustomer{CustomerID: d.ID, Customer: d.Key, Name: d.Name, Grade: d.Grade, At: d.DueAt}
	}
	// Customers with no grade that wrote lately are due too: to be graded.
	ungraded, err := s.db.UngradedActive(ctx, owner, now.Add(-ungradedWindow))
	if err != nil {
		return nil, err
	}
	for _, u := range ungraded {
		out = append(out, sequences.DigestCustomer{CustomerID: u.ID, Customer: u.Key, Name: u.Name, At: u.WroteAt})
	}
	return out, nil
}

// ungradedWindow is how recently a customer with no grade must have
// written to be listed among the reviews due, to be graded.
const ungradedWindow = 30 * 24 * time.Hour

func (s *digestSource) ReturningClaims(ctx context.Context, owner string, now time.Time) ([]sequences.DigestCustomer, error) {
	claims, err := s.db.Claims(ctx, now, s.rules, owner, true)
	if err != nil {
		return nil, err
	}
	out := make([]sequences.DigestCustomer, 0, len(claims))
	for _, c := range claims {
		dc := sequences.DigestCustomer{CustomerID: c.ID, Customer: c.Key, Name: c.Name, Grade: c.Grade, Note: c.Status}
		if c.PoolDeadline != nil {
			dc.At = *c.PoolDeadline
		}
		out = append(out, dc)
	}
	return out, nil
}

func (s *digestSource) Bounced(ctx context.Context, owner string, since time.Time) ([]sequences.DigestBounce, error) {
	bs, err := s.db.BouncedContacts(ctx, owner, since)
	if err != nil {
		return nil, err
	}
	out := make([]sequences.DigestBounce, len(bs))
	for i, b := range bs {
		out[i] = sequences.DigestBounce{Email: b.Email, Customer: b.Customer, CustomerName: b.CustomerName, BouncedAt: b.BouncedAt,
			LeftCompany: b.LeftCompany, Successor: b.Successor}
	}
	return out, nil
}

func (s *digestSource) OptedOut(ctx context.Context, owner string, since time.Time) ([]sequences.DigestOptOut, error) {
	os, err := s.db.RecentOptOuts(ctx, owner, since)
	if err != nil {
		return nil, err
	}
	out := make([]sequences.DigestOptOut, len(os))
	for i, o := range os {
		out[i] = sequences.DigestOptOut{Email: o.Email, Customer: o.Customer, CustomerName: o.CustomerName, At: o.At, Subject: o.Subject, Company: o.Company}
	}
	return out, nil
}

func (s *digestSource) Outbox(ctx context.Context, f keepwarm.OutboxFilter) ([]keepwarm.OutboxItem, error) {
	return s.db.ListOutbox(ctx, f)
}

func (s *digestSource) EndedUnsent(ctx context.Context, since, until time.Time) ([]keepwarm.OutboxItem, error) {
	return s.db.EndedUnsent(ctx, since, until)
}

func (s *digestSource) SentBetween(ctx context.Context, origin string, since, until time.Time) ([]keepwarm.OutboxItem, error) {
	return s.db.SentBetween(ctx, origin, since, until)
}

func (s *digestSource) OutboxByKeys(ctx context.Context, keys []string) (map[string]keepwarm.OutboxItem, error) {
	return s.db.GreetingOutbox(ctx, keys)
}

func (s *digestSource) SupersedeQueued(ctx context.Context, keys []string, reason string) ([]string, error) {
	return s.db.SupersedeQueued(ctx, keys, reason)
}

func (s *digestSource) OutboxKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	items, err := s.db.GreetingOutbox(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(items))
	for k := range items {
		out[k] = true
	}
	return out, nil
}

func (s *digestSource) FollowUpSkips(ctx context.Context, customerID int64, since time.Time) ([]keepwarm.FollowUpSkip, error) {
	return s.db.FollowUpSkips(ctx, customerID, since)
}

func (s *digestSource) Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	return s.db.Enqueue(ctx, item)
}

func (s *digestSource) EnqueueOverFailed(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	return s.db.EnqueueOverFailed(ctx, item)
}

func (s *digestSource) EnqueueOverEmpty(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	return s.db.EnqueueOverEmpty(ctx, item)
}

// NewDigests builds the digest builder and job; greetings may be nil.
func (a *App) NewDigests(greetings *sequences.Greetings, onQueued func()) *sequences.Digests {
	return a.newDigests(greetings, onQueued, nil)
}

// newDigests is NewDigests whose digests also name the mailboxes disp
// cannot send from now (nil: none known in this process).
func (a *App) newDigests(greetings *sequences.Greetings, onQueued func(), disp *mailsync.Dispatcher) *sequences.Digests {
	src := a.DigestSource()
	src.faults = a.syncFaults
	if disp != nil {
		src.sending = func() map[string]sequences.DigestMailbox {
			out := map[string]sequences.DigestMailbox{}
			for mb, why := range disp.SendingStopped() {
				out[mb] = sequences.DigestMailbox{Problem: why}
			}
			for mb, why := range disp.SendingLimited() {
				out[mb] = sequences.DigestMailbox{Problem: why}
			}
			for mb, h := range disp.SendingHeld() {
				if _, ok := out[mb]; !ok {
					out[mb] = sequences.DigestMailbox{Since: h.Since, Problem: CopyHeldProblem + h.Why}
				}
			}
			return out
		}
	}
	return sequences.NewDigests(a.DigestConfig(greetings, onQueued), src, a.Log.With("job", "digest"))
}

// CopyHeldProblem is the digest's problem of a mailbox whose mail to
// customers waits for the copies in Sent (Dispatcher.SendingHeld), since
// the oldest of them was sent; the server's answer follows.
const CopyHeldProblem = "a copy of mail sent in its name could not be filed in its Sent folder; its mail to customers waits until it is: "

// newSummaries builds the weekly summary builder and job.
func (a *App) NewSummaries(onQueued func()) *sequences.Summaries {
	return sequences.NewSummaries(a.SummaryConfig(onQueued), a.DigestSource(), a.Log.With("job", "summary"))
}

// MailboxProblems lists the mailboxes whose last recorded sync failure came
// before any session began (unreachable, TLS, login refused) and has not
// been followed by a completed pass, those with a configured folder gone
// from the server (the rest is read, but an answer filed there is not
// seen), those whose sync stopped on a fault in keepwarm's own code (a
// panic: the same mail likely meets it at every retry), then those this process cannot send from now (Sending): its SMTP
// login stopped after refusals, the server's sending limit for the day
// reached, or a copy of mail sent in its name not filed in its Sent folder.
func (s *digestSource) MailboxProblems(ctx context.Context) ([]sequences.DigestMailbox, error) {
	snap, err := s.db.OpsSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	var out []sequences.DigestMailbox
	for _, ms := range snap.Mailboxes {
		if ms.CannotConnect && !ms.FailedAt.IsZero() && !ms.FailedAt.Before(ms.PassAt) {
			out = append(out, sequences.DigestMailbox{Mailbox: ms.Mailbox, Problem: ms.Failure, Since: ms.FailedAt})
		}
	}
	for _, f := range snap.Folders {
		configured := slices.ContainsFunc(s.folders[f.Mailbox], func(n string) bool { return strings.EqualFold(strings.TrimSpace(n), f.Folder) })
		if !f.GoneSince.IsZero() && configured {
			out = append(out, sequences.DigestMailbox{Mailbox: f.Mailbox, Since: f.GoneSince,
				Problem: mailsync.GoneError{Folders: []string{f.Folder}}.Error()})
		}
	}
	if s.faults != nil {
		out = append(out, s.faults()...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mailbox < out[j].Mailbox })
	if s.sending != nil {
		trouble := s.sending()
		for _, mb := range slices.Sorted(maps.Keys(trouble)) {
			mp := trouble[mb]
			mp.Mailbox, mp.Sending = mb, true
			out = append(out, mp)
		}
	}
	return out, nil
}

// Calls lists the tasks closed in [since, until).
func (s *digestSource) Calls(ctx context.Context, since, until time.Time) ([]keepwarm.Task, error) {
	return s.db.DoneTasks(ctx, since, until)
}

// Covers lists what backups were nudged about for absent colleagues.
func (s *digestSource) Covers(ctx context.Context, since, until time.Time) ([]sequences.Cover, error) {
	rows, err := s.db.Covers(ctx, since, until)
	if err != nil {
		return nil, err
	}
	out := make([]sequences.Cover, len(rows))
	for i, r := range rows {
		out[i] = sequences.Cover{Backup: r.Backup, Person: r.Person, MessageID: r.MessageID, Customer: r.Customer,
			Subject: r.Subject, At: r.At, RepliedBy: r.RepliedBy, RepliedAt: r.RepliedAt, WaivedBy: r.WaivedBy, AnsweredUnseen: r.AnsweredUnseen}
	}
	return out, nil
}
