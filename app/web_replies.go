package app

import (
	"context"
	"time"

	"keepwarm/store"
	"keepwarm/web"
)

// SettledFor is how long the desk lists the mail marked "no answer needed",
// each with its undo.
const SettledFor = 24 * time.Hour

// NoAnswerNeeded marks a customer's mail as needing no answer
// (ReplyMarks.Mark: the store allows it only to someone who may answer it,
// its owner, whoever covers for them now, a manager, and says why not to
// anyone else). The audit line is written there, the same as the CLI's.
func (b *WebBackend) NoAnswerNeeded(ctx context.Context, p web.Person, messageID int64, now time.Time) (web.Change, error) {
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return web.Change{}, err
	}
	_, e, err := b.marks().Mark(ctx, v, messageID, p.Email, now)
	return auditedChange(e), err
}

// UndoNoAnswerNeeded takes a mark of NoAnswerNeeded back, by the same rule.
func (b *WebBackend) UndoNoAnswerNeeded(ctx context.Context, p web.Person, messageID int64, now time.Time) (web.Change, error) {
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return web.Change{}, err
	}
	_, e, err := b.marks().Undo(ctx, v, messageID, p.Email, now)
	return auditedChange(e), err
}

func (b *WebBackend) marks() ReplyMarks {
	return ReplyMarks{DB: b.d.DB, Measure: b.d.Measure, Log: b.d.Log}
}

// auditedChange is an audit line ReplyMarks wrote, as the Change the web
// does not write again.
func auditedChange(e store.AuditEntry) web.Change {
	return web.Change{CustomerID: e.CustomerID, Action: e.Action, Subject: e.Subject, Before: e.Before, After: e.After, Audited: true}
}

// SettledLimit is how many marks the desk lists at most.
const SettledLimit = 50

// settled lists the marks of the last SettledFor the person may undo (at
// most SettledLimit; more: whether there are more), each saying whether
// the person may open its customer's page (a stand-in may not).
func (b *WebBackend) settled(ctx context.Context, v store.Viewer, nm *names, now time.Time) (out []web.Settled, more bool, err error) {
	list, err := b.d.DB.RecentWaivers(ctx, v, now.Add(-SettledFor), SettledLimit+1)
	if err != nil {
		return nil, false, err
	}
	if len(list) > SettledLimit {
		list, more = list[:SettledLimit], true
	}
	out = make([]web.Settled, 0, len(list))
	for _, w := range list {
		s := web.Settled{MessageID: w.MessageID, CustomerID: w.CustomerID, ThreadID: w.ThreadID, ThreadCustomerID: w.ThreadCustomerID,
			CustomerName: web.KeyText(w.CustomerName), Contact: w.Contact, Subject: w.Subject, By: b.nameOf(w.By), At: w.At, Answered: w.Answered}
		s.NoPage = nm.noPage(ctx, s.PageID())
		out = append(out, s)
	}
	return out, more, nil
}
