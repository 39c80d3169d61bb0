package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// ReplyMarks makes and takes back the marks "no answer needed", for the
// desk and `keepwarm replies done|undo` alike: the store's mark (with its
// rule for who may), one audit line, and the measuring of the marked
// mail's thread alone, so the desk shows a later mail of the customer's
// waiting in its place at once, however large the backlog of a sync.
type ReplyMarks struct {
	DB *store.DB
	// Measure measures the given threads' reply clocks (the reply job's
	// rules); nil: the reply job's next run does it.
	Measure func(ctx context.Context, now time.Time, threads ...int64) error
	// Log gets a failed measurement (the mark itself is saved); nil: none.
	Log *slog.Logger
}

// ReplyMarks measures with the reply job's rules.
func (a *App) ReplyMarks() ReplyMarks {
	return ReplyMarks{DB: a.DB, Measure: a.MeasureThreads, Log: a.Log}
}

// MeasureThreads measures the reply clocks of the given threads alone
// (sequences.ReplyWatch.MeasureThreads); the other changed threads are
// left to the reply job.
func (a *App) MeasureThreads(ctx context.Context, now time.Time, threads ...int64) error {
	_, err := sequences.NewReplyWatch(a.ReplyConfig(), a.DB, a.Log).MeasureThreads(ctx, now, threads...)
	return err
}

// Audit actions of the marks.
const (
	ActionNoAnswerNeeded     = "reply.no-answer-needed"
	ActionNoAnswerNeededUndo = "reply.no-answer-needed.undo"
)

// Mark marks the customer mail messageID as needing no answer, by by at
// now, for the viewer v (store.DB.WaiveReply says who may), writes its
// audit line and measures its thread. It returns the mark and the audit
// line written.
func (r ReplyMarks) Mark(ctx context.Context, v store.Viewer, messageID int64, by string, now time.Time) (store.Waiver, store.AuditEntry, error) {
	w, err := r.DB.WaiveReply(ctx, v, messageID, by, now)
	if err != nil {
		return store.Waiver{}, store.AuditEntry{}, err
	}
	e := store.AuditEntry{CustomerID: w.CustomerID, Actor: by, Action: ActionNoAnswerNeeded, Subject: waiverSubject(w),
		Before: "waiting for an answer", After: "no answer needed", At: now}
	if err := r.DB.AddAudit(ctx, e); err != nil {
		return w, e, fmt.Errorf("the mail is marked, but its audit line was not written: %w", err)
	}
	r.measure(ctx, now, w.ThreadID)
	return w, e, nil
}

// Undo takes a mark of Mark back, by the same rule, writes its audit line
// and measures the thread. The audit's After is where the mail stands
// now: "answered" when an answer is stored (one sent after the mark
// counts again once the mark is gone), else "waiting for an answer".
func (r ReplyMarks) Undo(ctx context.Context, v store.Viewer, messageID int64, by string, now time.Time) (store.Waiver, store.AuditEntry, error) {
	w, err := r.DB.UnwaiveReply(ctx, v, messageID)
	if err != nil {
		return store.Waiver{}, store.AuditEntry{}, err
	}
	after := "waiting for an answer"
	if st, err := r.DB.NudgeState(ctx, messageID); err != nil {
		return w, store.AuditEntry{}, fmt.Errorf("the mark is taken back, but its audit line was not written: %w", err)
	} else if !st.AnsweredAt.IsZero() || w.Answered {
		w.Answered, after = true, "answered"
	}
	e := store.AuditEntry{CustomerID: w.CustomerID, Actor: by, Action: ActionNoAnswerNeededUndo, Subject: waiverSubject(w),
		Before: fmt.Sprintf("no answer needed (%s)", w.By), After: after, At: now}
	if err := r.DB.AddAudit(ctx, e); err != nil {
		return w, e, fmt.Errorf("the mark is taken back, but its audit line was not written: %w", err)
	}
	r.measure(ctx, now, w.ThreadID)
	return w, e, nil
}

// measure brings the marked mail's thread's clocks up to date; a failure
// is left to the reply job's next run (the mark itself is saved).
func (r ReplyMarks) measure(ctx context.Context, now time.Time, thread int64) {
	if r.Measure == nil {
		return
	}
	if err := r.Measure(ctx, now, thread); err != nil && r.Log != nil {
		r.Log.Warn("reply clocks not measured after a mark; the reply job will", "thread", thread, "err", err)
	}
}

// waiverSubject is the audit line's subject: the message and its subject
// on one line, cut at 120 characters.
func waiverSubject(w store.Waiver) string {
	return fmt.Sprintf("message %d: %s", w.MessageID, keepwarm.ClipLine(w.Subject, 120))
}
