package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// sequencesLoaded counts LoadSequences calls (for tests: building the
// tick's follow-up job loads and checks the files once).
var sequencesLoaded atomic.Int64

// LoadSequences reads the sequence definitions and the templates, built-in
// and the manager's, and returns every problem found in either.
func (a *App) LoadSequences() (*sequences.Definitions, *templates.Set, []templates.Problem) {
	sequencesLoaded.Add(1)
	sc := a.Cfg.Sequences
	defs, set, probs := LoadSequenceFiles(a.Cfg.SequencesPath(sc.Dir), a.Cfg.SequencesPath(sc.TemplatesDir))
	if defs != nil {
		probs = append(probs, defs.CheckGreetingTemplates(a.GreetingTemplates())...)
	}
	if name := *sc.Default; name != "" && defs != nil {
		if _, ok := defs.Get(name); !ok {
			probs = append(probs, templates.Problem{File: a.ConfigPath, Field: "sequences.default",
				Msg: fmt.Sprintf("no sequence named %q (known: %s)", name, strings.Join(defs.Names(), ", "))})
		}
	}
	return defs, set, probs
}

// LoadSequenceFiles reads the sequences of seqDir and the templates of
// tmplDir over the built-in ones ("" for none) and checks them together:
// `keepwarm sequences check`, the daemon and the web console's editors all
// judge files with it.
func LoadSequenceFiles(seqDir, tmplDir string) (*sequences.Definitions, *templates.Set, []templates.Problem) {
	defs, probs := sequences.LoadDefinitions(seqDir)
	layers := []fs.FS{templates.Defaults()}
	if tmplDir != "" {
		if st, err := os.Stat(tmplDir); err != nil || !st.IsDir() {
			probs = append(probs, templates.Problem{File: tmplDir, Field: "sequences.templates_dir", Msg: "is not a readable directory"})
		} else {
			layers = append(layers, os.DirFS(tmplDir))
		}
	}
	set, err := templates.Load(layers...)
	var tp templates.Problems
	if errors.As(err, &tp) {
		probs = append(probs, tp...)
	} else if err != nil {
		probs = append(probs, templates.Problem{File: tmplDir, Msg: err.Error()})
	}
	if set != nil {
		probs = append(probs, templates.Check(set)...)
		probs = append(probs, defs.CheckTemplates(set)...)
	}
	return defs, set, probs
}

// NewFollowUp builds the follow-up job from the config; it refuses to run
// with any problem in the sequences or templates (`keepwarm sequences check`
// lists them).
func (a *App) NewFollowUp(onQueued func()) (*sequences.FollowUp, error) {
	job, broken, err := a.followUp(onQueued)
	if err != nil {
		return nil, err
	}
	if broken != nil {
		return nil, broken
	}
	return job, nil
}

// HeldFollowUp builds the follow-up job even when the sequences or
// templates have problems; broken then says what they are (as NewFollowUp
// refuses with). A broken job is for the changes that send and render
// nothing (pause, stop, a step arrived): a person can hold a customer's
// follow-up before the files are fixed. err is a failure to build it at
// all.
func (a *App) HeldFollowUp() (job *sequences.FollowUp, broken, err error) {
	return a.followUp(nil)
}

func (a *App) followUp(onQueued func()) (job *sequences.FollowUp, broken, err error) {
	job, _, broken, err = a.followUpSet(onQueued)
	return job, broken, err
}

// followUpSet is followUp that also returns the templates the job was
// built with (nil when they could not be loaded), for the checks made at
// start: loading and checking them a second time took some 10 ms of every
// tick.
func (a *App) followUpSet(onQueued func()) (job *sequences.FollowUp, set *templates.Set, broken, err error) {
	defs, set, probs := a.LoadSequences()
	if len(probs) > 0 {
		broken = fmt.Errorf("sequences or templates have %d problem(s), first: %v; run `keepwarm sequences check`", len(probs), probs[0])
	}
	cfg := sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Identities: a.Identities(), People: a.People(), IsTeam: a.Team().IsTeam, Signers: a.Signers(),
		Default: *a.Cfg.Sequences.Default, Mode: keepwarm.SendMode(a.Cfg.Sequences.Mode),
		MaxAge: a.Cfg.Sequences.MaxAge.Duration, Location: a.CustomerLocation, PersonLocation: a.Cfg.OwnerLocation, OnQueued: onQueued,
		Tags: a.DB.CustomerTags, ContactCap: a.Cfg.Team.AutomatedPerContactWeek, Refresh: a.sequencesRefresh(),
		Away: a.NewAway(), WhileAway: a.Cfg.SequencesWhileAway, EnglishFor: a.Cfg.Sequences.EnglishFor,
		NoStartRelease: a.ticking,
	}
	cals, err := a.Calendars()
	if err != nil {
		return nil, nil, nil, err
	}
	cfg.Calendars = cals
	return sequences.NewFollowUp(cfg, a.DB, a.Log), set, broken, nil
}

// identities are the mailboxes sequences may send from: those with an
// smtp_url, as their owner.
func (a *App) Identities() []sequences.Identity {
	var out []sequences.Identity
	for _, mb := range a.Cfg.Mailboxes {
		if mb.SMTPURL == "" {
			continue
		}
		id := sequences.Identity{Mailbox: mb.Name, Owner: mb.Owner, Email: mb.Owner}
		if strings.Contains(mb.Username, "@") {
			id.Email = strings.ToLower(mb.Username)
		}
		for _, s := range a.Cfg.Salespeople {
			if s.Email == mb.Owner {
				id.Name, id.Signature, id.SignatureHTML = s.Name, s.Signature, s.SignatureHTML
			}
		}
		id.Location = a.Cfg.OwnerLocation(mb.Owner)
		id.MailboxName, id.MailboxSignature = strings.TrimSpace(mb.FromName), mb.Signature
		id.SendAs = mb.SendAs
		id.Shared = id.Email != mb.Owner && a.Cfg.SharedLogin(mb)
		out = append(out, id)
	}
	return out
}

// Signers are the salespeople a follow-up from a shared mailbox may be
// signed by.
func (a *App) Signers() []sequences.Signer {
	out := make([]sequences.Signer, 0, len(a.Cfg.Salespeople))
	for _, s := range a.Cfg.Salespeople {
		out = append(out, sequences.Signer{Email: s.Email, Name: s.Name, Signature: s.Signature, SignatureHTML: s.SignatureHTML})
	}
	return out
}

// people maps each team address to the salesperson it stands for.
func (a *App) People() map[string]string {
	out := map[string]string{}
	for _, s := range a.Cfg.Salespeople {
		out[s.Email] = s.Email
	}
	if a.Cfg.Team.Manager != "" {
		out[a.Cfg.Team.Manager] = a.Cfg.Team.Manager
	}
	for _, mb := range a.Cfg.Mailboxes {
		if strings.Contains(mb.Username, "@") {
			if _, ok := out[strings.ToLower(mb.Username)]; !ok {
				out[strings.ToLower(mb.Username)] = mb.Owner
			}
		}
	}
	return out
}

// The last look's syncs: a sync of every mailbox serves the items checked
// within precheckFresh of its start (a pass with twenty due steps logs in
// to each mailbox once, not twenty times), and a mailbox that could not be
// read is tried again only after precheckRetry, its items held meanwhile.
const (
	precheckFresh = time.Minute
	precheckRetry = 10 * time.Minute
)

// lookWithin says whether an instant at, read from the clock before now,
// is less than d ago: by the wall clock, and by the monotonic one as
// well when both carry it. time.Time's Sub alone reads the monotonic
// clock, which stands still while a laptop sleeps: a sync from before a
// night's sleep would count as a minute old at wake-up, and an answer
// that came in the night would not be looked for. A wall clock stepped
// back (NTP) makes at count as not within d either, so the look syncs.
func lookWithin(now, at time.Time, d time.Duration) bool {
	return within(now.Round(0).Sub(at.Round(0)), now.Sub(at), d)
}

// within is lookWithin on the wall-clock and monotonic differences.
func within(wall, mono, d time.Duration) bool {
	return wall >= 0 && wall < d && mono < d
}

// lookSync is one mailbox's sync for the last look, with what became of
// the latest.
type lookSync struct {
	s       *mailsync.Syncer
	okAt    time.Time // start of the latest sync that completed
	failAt  time.Time // when the latest sync failed, if after okAt
	err     error
	refused int // logins refused in a row
	// gone are the configured folders the latest sync found gone from
	// the server: the rest was read, but an answer there cannot be seen.
	gone []string
}

// goneReason says why l's mailbox cannot be trusted to show an answer:
// "" when its latest sync read every folder.
func (l *lookSync) goneReason() string {
	if len(l.gone) == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%v)", l.s.Name(), mailsync.GoneError{Folders: l.gone})
}

// precheck is the dispatcher's last look before a sequence item goes out:
// sync every mailbox (the customer may have answered the salesperson or the
// team address), then apply the stop rules again. A mailbox that cannot be
// read holds the item (keepwarm.Hold, no attempt counted), saying which
// mailbox: when unsure, do not send, and do not fail a step for a fault
// that is not its own. A login refused max_login_failures times in a row is
// not tried again until a restart, as sync's own loop does. An item whose
// salesperson is away, or that would reach the customer outside the send
// window, is held before any sync.
func (a *App) Precheck(ctx context.Context, job *sequences.FollowUp) (mailsync.Precheck, error) {
	syncers, err := a.DaemonSyncers(ctx, mailsync.SyncOptions{MaxAttempts: 2})
	if err != nil {
		return nil, err
	}
	looks := make([]*lookSync, len(syncers))
	for i, s := range syncers {
		looks[i] = &lookSync{s: s}
	}
	maxRefused := a.Cfg.Sync.MaxLoginFailures
	var mu sync.Mutex
	return func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
		if item.Enrollment == nil {
			return "", nil
		}
		// An item held while its salesperson is away, or until the
		// customer's send window opens, stays held without a sync (the
		// daemon's own syncs keep the absences current).
		if hold, err := job.Hold(ctx, item, a.Clock.Now()); err != nil {
			return "", err
		} else if hold != nil {
			return "", hold
		}
		mu.Lock()
		defer mu.Unlock()
		now := a.Clock.Now()
		var unread []string
		for _, l := range looks {
			switch {
			case maxRefused > 0 && l.refused >= maxRefused:
				unread = append(unread, fmt.Sprintf("%s (login refused %d times in a row, not tried again until keepwarm is restarted: %v)", l.s.Name(), l.refused, l.err))
				continue
			case !l.failAt.IsZero() && lookWithin(now, l.failAt, precheckRetry):
				unread = append(unread, fmt.Sprintf("%s (%v)", l.s.Name(), l.err))
				continue
			case l.failAt.IsZero() && !l.okAt.IsZero() && lookWithin(now, l.okAt, precheckFresh):
				if why := l.goneReason(); why != "" {
					unread = append(unread, why)
				}
				continue
			}
			started := a.Clock.Now()
			sum, err := l.s.Sync(ctx)
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			if err != nil {
				l.failAt, l.err = started, err
				if mailsync.IsAuthError(err) {
					l.refused++
				} else {
					l.refused = 0
				}
				a.Log.Warn("last look before a follow-up: a mailbox could not be read; its follow-ups wait", "mailbox", l.s.Name(), "err", err)
				unread = append(unread, fmt.Sprintf("%s (%v)", l.s.Name(), err))
				continue
			}
			l.okAt, l.failAt, l.err, l.refused = started, time.Time{}, nil, 0
			was := l.gone
			l.gone = sum.Gone
			if why := l.goneReason(); why != "" {
				if !slices.Equal(was, l.gone) {
					a.Log.Warn("last look before a follow-up: a configured folder is gone from the server; follow-ups wait", "mailbox", l.s.Name(), "folders", l.gone)
				}
				unread = append(unread, why)
			}
		}
		if len(unread) > 0 {
			return "", &keepwarm.Hold{Until: now.Add(precheckRetry),
				Reason: "waits: mailbox " + strings.Join(unread, ", mailbox ") + " cannot be read, so an answer there cannot be seen"}
		}
		return job.Recheck(ctx, item, a.Clock.Now())
	}, nil
}
