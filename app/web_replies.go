package app

import (
	"context"
	"fmt"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// SettledFor is how long the desk lists the mail marked "no answer needed",
// each with its undo.
const SettledFor = 24 * time.Hour

// NoAnswerNeeded marks a customer's mail as needing no answer: the store
// allows it only to someone who may answer it (its owner, whoever covers
// for them now, a manager) and says why not to anyone else. The thread's
// clocks are measured at once, so the desk shows a later mail of the
// customer's waiting in its place.
func (b *WebBackend) NoAnswerNeeded(ctx context.Context, p web.Person, messageID int64, now time.Time) (web.Change, error) {
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return web.Change{}, err
	}
	w, err := b.d.DB.WaiveReply(ctx, v, messageID, p.Email, now)
	if err != nil {
		return web.Change{}, err
	}
	b.measure(ctx, now)
	return web.Change{CustomerID: w.CustomerID, Action: "reply.no-answer-needed", Subject: waiverSubject(w),
		Before: "waiting for an answer", After: "no answer needed"}, nil
}

// UndoNoAnswerNeeded takes a mark of NoAnswerNeeded back, by the same rule.
func (b *WebBackend) UndoNoAnswerNeeded(ctx context.Context, p web.Person, messageID int64, now time.Time) (web.Change, error) {
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return web.Change{}, err
	}
	w, err := b.d.DB.UnwaiveReply(ctx, v, messageID)
	if err != nil {
		return web.Change{}, err
	}
	b.measure(ctx, now)
	after := "waiting for an answer"
	if w.Answered {
		after = "answered"
	}
	return web.Change{CustomerID: w.CustomerID, Action: "reply.no-answer-needed.undo", Subject: waiverSubject(w),
		Before: fmt.Sprintf("no answer needed (%s)", w.By), After: after}, nil
}

// measure brings the reply clocks up to date after a mark; a failure is
// left to the reply job's next run (the mark itself is saved).
func (b *WebBackend) measure(ctx context.Context, now time.Time) {
	if b.d.Measure == nil {
		return
	}
	if err := b.d.Measure(ctx, now); err != nil && b.d.Log != nil {
		b.d.Log.Warn("reply clocks not measured after a mark; the reply job will", "err", err)
	}
}

func waiverSubject(w store.Waiver) string {
	return fmt.Sprintf("message %d: %s", w.MessageID, keepwarm.ClipLine(w.Subject, 120))
}

// settled lists the marks of the last SettledFor the person may undo.
func (b *WebBackend) settled(ctx context.Context, v store.Viewer, now time.Time) ([]web.Settled, error) {
	list, err := b.d.DB.RecentWaivers(ctx, v, now.Add(-SettledFor), 50)
	if err != nil {
		return nil, err
	}
	out := make([]web.Settled, 0, len(list))
	for _, w := range list {
		out = append(out, web.Settled{MessageID: w.MessageID, CustomerID: w.CustomerID, CustomerName: w.CustomerName,
			Contact: w.Contact, Subject: w.Subject, By: b.nameOf(w.By), At: w.At, Answered: w.Answered})
	}
	return out, nil
}
