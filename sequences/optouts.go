package sequences

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"keepwarm"
)

// OptOutStore is what the opt-out reader needs from the database; store.DB
// satisfies it.
type OptOutStore interface {
	// OptOutCandidates are the customers' own mails received since since
	// not read yet, with what of keepwarm's they answer; CopyPending is not
	// set on those put off before waitOver.
	OptOutCandidates(ctx context.Context, since, waitOver time.Time) ([]keepwarm.OptOutCandidate, error)
	// RecordOptOutReads marks the messages read, records the opt-outs (an
	// address keeps its first) and when the messages waits were first put
	// off, in one transaction; recorded are the new opt-outs.
	RecordOptOutReads(ctx context.Context, read []int64, asked []keepwarm.OptOut, waits []int64, now time.Time) (recorded []keepwarm.OptOut, err error)
}

// OptOutLookback is how far back the opt-out reader reads mail it has not
// read yet: a month, so the answers to the last letter count after an
// upgrade or a daemon that was down.
const OptOutLookback = 31 * 24 * time.Hour

// OptOutCopyWait is how long the opt-out reader puts off an answer without
// In-Reply-To (Outlook) that arrived after keepwarm's mail to the customer
// went out, while that mail's copy from Sent is not stored: the thread's
// latest team mail says what the answer answers, and sync may read the
// INBOX before Sent (or a restart reads the INBOX first). Sent is polled
// every few minutes; a copy that never comes (a send that did not happen,
// a server that keeps none) holds the answer this long, then it is read
// with what is there. Counted from the first run that put it off, so a
// daemon that was down does not shorten it.
const OptOutCopyWait = 24 * time.Hour

// OptOutConfig configures the opt-out reader.
type OptOutConfig struct {
	// Words returns the opt-out wording that applies to a customer (the
	// opt_out_words of the sequence it follows); nil, or nil words:
	// DefaultOptOutWords.
	Words func(ctx context.Context, customerID int64) ([]string, error)
}

// OptOuts is the Job that reads the customers' answers to keepwarm's
// automated mail (a monthly letter, a greeting, a follow-up step, live or
// ended) for opt-out wording in their own text, not in what they quote,
// and records the address's opt-out with the message it came from:
// greetings, letters and every sequence skip it from then on. Each message
// is read once, across runs and restarts: an opt-out a person undoes is not
// recorded again from the same mail. It never touches the network.
type OptOuts struct {
	cfg   OptOutConfig
	store OptOutStore
	log   *slog.Logger
}

// NewOptOuts returns the job.
func NewOptOuts(cfg OptOutConfig, st OptOutStore, log *slog.Logger) *OptOuts {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &OptOuts{cfg: cfg, store: st, log: log.With("job", "opt-outs")}
}

// Name implements Job.
func (o *OptOuts) Name() string { return "opt-outs" }

// optOutVia names keepwarm's mail an answer came to, in the opt-out's
// reason.
var optOutVia = map[string]string{
	OriginLetter: "a monthly letter", OriginGreeting: "a greeting", OriginSequence: "a follow-up",
}

// Run reads the mail stored since the last run and records the opt-outs it
// asks for. An answer without In-Reply-To that came after keepwarm's mail
// whose copy is not stored yet is put off (OptOutCopyWait) and read at a
// later run. It has no time of its own to run again but the end of that
// wait: new mail (the copy too) kicks the engine. It blocks on the store
// only.
func (o *OptOuts) Run(ctx context.Context, now time.Time) (time.Time, error) {
	cands, err := o.store.OptOutCandidates(ctx, now.Add(-OptOutLookback), now.Add(-OptOutCopyWait))
	if err != nil {
		return time.Time{}, err
	}
	var errs []error
	var read, waits []int64
	var asked []keepwarm.OptOut
	var next time.Time
	words := map[int64][]string{}
	for _, c := range cands {
		if c.CopyPending {
			// What it answers is not known until keepwarm's copy is
			// stored: reading it now would judge it by an older team mail
			// and never read it again.
			waits = append(waits, c.MessageID)
			next = now.Add(OptOutCopyWait)
			continue
		}
		if c.Via == "" {
			read = append(read, c.MessageID) // answers none of keepwarm's mail
			continue
		}
		w, ok := words[c.CustomerID]
		if !ok {
			if w, err = o.words(ctx, c.CustomerID); err != nil {
				errs = append(errs, fmt.Errorf("opt-out words of customer %s: %w", c.Customer, err))
				continue // read again at the next run
			}
			words[c.CustomerID] = w
		}
		read = append(read, c.MessageID)
		if subject := ownSubject(c.Subject, c.ViaSubject); optOutIn(subject, c.Snippet, w) {
			o := keepwarm.OptOut{Email: c.FromEmail, MessageID: c.MessageID,
				Reason: "answer to " + optOutVia[c.Via] + " with opt-out wording"}
			if optOutForCompany(subject, c.Snippet) {
				o.CustomerID, o.CompanyReason = c.CustomerID, companyOptOutReason(c.FromEmail, optOutVia[c.Via])
			}
			asked = append(asked, o)
		}
	}
	recorded, err := o.store.RecordOptOutReads(ctx, read, asked, waits, now)
	if err != nil {
		return time.Time{}, errors.Join(append(errs, err)...)
	}
	if len(waits) > 0 {
		o.log.Debug("answers put off until keepwarm's copy of its mail is stored", "count", len(waits))
	}
	byID := make(map[int64]keepwarm.OptOutCandidate, len(asked))
	for _, c := range cands {
		byID[c.MessageID] = c
	}
	for _, r := range recorded {
		c := byID[r.MessageID]
		o.log.Info("asked for no more mail: greetings, letters and follow-ups skip the address from now on",
			"email", r.Email, "customer", c.Customer, "owner", c.Owner, "message", r.MessageID, "reason", r.Reason)
	}
	return next, errors.Join(errs...)
}

func (o *OptOuts) words(ctx context.Context, customerID int64) ([]string, error) {
	if o.cfg.Words == nil {
		return DefaultOptOutWords(), nil
	}
	w, err := o.cfg.Words(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if w == nil {
		w = DefaultOptOutWords()
	}
	return w, nil
}

// OptOutWords is the opt-out wording that applies to a customer: the
// opt_out_words of the sequence it follows, else DefaultOptOutWords. The
// opt-out reader asks it, so a manager's wording applies to answers to
// letters and greetings too.
func (f *FollowUp) OptOutWords(ctx context.Context, customerID int64) ([]string, error) {
	cust, err := f.store.CustomerForSequence(ctx, customerID)
	if err != nil {
		return nil, err
	}
	def, ok, err := f.definitionFor(ctx, cust, "")
	if err != nil || !ok {
		return DefaultOptOutWords(), err
	}
	return def.Stop.OptOutWords, nil
}

// ownSubject is what the customer wrote of an answer's subject: without the
// subject of keepwarm's mail it answers ("Re: News from Lily Chen (reply
// unsubscribe to stop)" is the letter's words, not the customer's).
func ownSubject(subject, answered string) string {
	s := strings.ToLower(subject)
	if a := strings.ToLower(strings.TrimSpace(answered)); a != "" {
		s = strings.Replace(s, a, "", 1)
	}
	return s
}
