package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// outboxLine is one outbox item as `keepwarm outbox` reports it.
type outboxLine struct {
	ID       int64  `json:"id"`
	Customer string `json:"customer"` // the customer's key
	// CustomerName is what people call it (its name, else its domain or address).
	CustomerName string                `json:"customer_name"`
	Thread       *int64                `json:"thread"` // null: none yet (a step that starts its own thread)
	Sequence     string                `json:"sequence"`
	Step         *int                  `json:"step"` // 1-based, as people count
	Action       string                `json:"action"`
	Mode         keepwarm.SendMode     `json:"mode"`
	DueAt        time.Time             `json:"due_at"`
	Status       keepwarm.OutboxStatus `json:"status"`
	MessageID    string                `json:"message_id"`
	To           string                `json:"to"` // the first recipient
	// Recipients are every To address.
	Recipients []string `json:"recipients"`
	Subject    string   `json:"subject"`
	Attempts   int      `json:"attempts"`
	LastError  string   `json:"last_error,omitempty"`
	// SettledAt and Settled: when and how a person dealt with a failed or
	// uncertain item (on the desk); such an item needs no one any more.
	SettledAt *time.Time `json:"settled_at,omitempty"`
	Settled   string     `json:"settled,omitempty"`
	// Mailbox is the configured mailbox it goes from (for chat, the
	// channel's); From its sender's address; Cc the contacts copied.
	Mailbox string   `json:"mailbox"`
	From    string   `json:"from"`
	Cc      []string `json:"cc"`
	// Origin is what made it: sequence, greeting, letter, digest, summary,
	// nudge, manual...; Enrollment the follow-up's enrollment (null when
	// none); Key its idempotency key.
	Origin     string    `json:"origin"`
	Enrollment *int64    `json:"enrollment"`
	Key        string    `json:"key"`
	CreatedAt  time.Time `json:"created_at"`
	// SentAt is when it was sent or drafted (null until then);
	// NextAttemptAt when a queued item is tried again after a temporary
	// failure (null when it is not waiting for a retry).
	SentAt        time.Time `json:"sent_at"`
	NextAttemptAt time.Time `json:"next_attempt_at"`

	toLabel string // the first recipient by name, for the table
}

// outboxCmd lists what keepwarm sent, drafted, skipped or means to send,
// with the uncertain sends a person must check, or records that an
// uncertain one arrived: `keepwarm outbox arrived ID`.
type outboxCmd struct {
	List       outboxListCmd       `cmd:"" default:"withargs" help:"list the outbox (the default)"`
	Arrived    outboxArrivedCmd    `cmd:"" help:"an uncertain send arrived (the recipient says so; a draft: it is in Drafts, or was sent; a chat post: it is in the group): it counts as sent, and a mailbox's mail has its copy filed in Sent"`
	GiveUpCopy outboxGiveUpCopyCmd `cmd:"" name:"give-up-copy" help:"a sent mail whose copy the server keeps refusing (keepwarm check lists them): its copy is not filed in Sent, and the mailbox's mail held for it goes"`
}

// outboxGiveUpCopyCmd gives up the copy of a sent mail that its server
// keeps refusing with an answer keepwarm cannot read (or that is wanted no
// more): the item stays sent, noted "sent; its copy could not be filed in
// Sent: <answer> (given up by X)", and holds the mailbox's mail no more.
type outboxGiveUpCopyCmd struct {
	ID int64 `arg:"" name:"id" help:"the outbox item's id (keepwarm check lists the copies not filed)"`
}

func (opt *outboxGiveUpCopyCmd) Run(ctx context.Context, m *Main) error {
	it, err := m.db.OutboxItem(ctx, opt.ID)
	if err != nil {
		return err
	}
	why, ok := store.CopyUnfiledWhy(it.LastError)
	if it.Status != keepwarm.OutboxSent || !ok {
		return keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d has no copy the server refused: nothing to give up (keepwarm check lists the copies not filed)", opt.ID)
	}
	// The server's answer alone: the note's way out ("give the copies up
	// with keepwarm outbox give-up-copy ID") is what was just done.
	why = mailsync.CopyAnswer(why)
	if err := m.db.GiveUpCopy(ctx, it.ID, m.clock.Now(), mailsync.CopyGivenUp+why+" (given up by "+m.actor()+")"); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "outbox %d: its copy is given up, not filed in Sent; once no other copy of mailbox %s is missing, its mail held for it goes on the next sending pass (keepwarm run: when the hold ends, within the hour; or the next keepwarm tick)\n", it.ID, it.Mailbox)
	return nil
}

// outboxArrivedCmd records what a person learnt of an uncertain send that
// is not a follow-up's step (a greeting, a letter, a "received" draft): the
// desk's "It arrived". A step is answered with keepwarm resume --arrived,
// which also goes on with its follow-up.
type outboxArrivedCmd struct {
	ID int64 `arg:"" name:"id" help:"the outbox item's id (see keepwarm outbox --status uncertain)"`
}

func (opt *outboxArrivedCmd) Run(ctx context.Context, m *Main) error {
	it, err := m.db.MarkSendArrived(ctx, opt.ID, m.actor())
	if err != nil {
		return err
	}
	done := "marked arrived: its copy is filed in Sent on the next sending pass (of keepwarm run, or the next keepwarm tick)"
	switch mb, ok := m.cfg.Mailbox(it.Mailbox); {
	case it.Chat != nil:
		// A post has no copy to file: it is in the group or nowhere.
		done = "marked as posted in chat " + it.Chat.Channel + ": nothing is filed in Sent (the post is in the group, or nowhere)"
	case it.Mailbox == config.NotifyMailbox:
		done = "marked sent: [notify] has no mailbox, so no copy is filed"
	case it.Mode == keepwarm.ModeDraft:
		done = "marked as in Drafts: nothing more is filed"
	case !ok || mb.SMTPURL == "":
		// No sending pass has its account (the salesperson left, her
		// [[mailbox]] or its smtp_url taken out): nothing would file it.
		done = "marked arrived: mailbox " + it.Mailbox + " is no longer configured to send, so no copy is filed"
	case mb.ServerSavesSent:
		done = "marked arrived: mailbox " + it.Mailbox + "'s server files sent mail in Sent itself, so keepwarm files no copy"
	}
	fmt.Fprintf(m.Stdout, "outbox %d %s\n", it.ID, done)
	return nil
}

// outboxListCmd lists the outbox.
type outboxListCmd struct {
	JSON   bool   `name:"json" help:"print JSON"`
	Status string `name:"status" help:"only items in this status (queued, sending, sent, failed, uncertain, drafted, skipped)"`
}

func (opt *outboxListCmd) Run(ctx context.Context, m *Main) error {
	f := keepwarm.OutboxFilter{}
	if opt.Status != "" {
		st := keepwarm.OutboxStatus(opt.Status)
		if !slices.Contains(outboxStatuses, st) {
			return usageError{fmt.Sprintf("outbox --status %q: use one of %s", opt.Status, joinStatuses())}
		}
		f.Status = []keepwarm.OutboxStatus{st}
	}
	items, err := m.db.ListOutbox(ctx, f)
	if err != nil {
		return err
	}
	n, err := m.names(ctx)
	if err != nil {
		return err
	}
	lines := make([]outboxLine, len(items))
	for i, it := range items {
		l := outboxLine{ID: it.ID, Customer: n.key(it.CustomerID), CustomerName: n.customerID(it.CustomerID), Sequence: it.Sequence,
			Action: "email", Mode: it.Mode, DueAt: it.DueAt, Status: it.Status, MessageID: it.MessageID,
			Subject: it.Subject, Attempts: it.Attempts, LastError: it.LastError, Settled: it.Settled,
			Mailbox: it.Mailbox, From: it.From.Email, Cc: []string{}, Origin: it.Origin, Enrollment: it.Enrollment, Key: it.Key,
			CreatedAt: it.CreatedAt, SentAt: it.SentAt}
		if it.Status == keepwarm.OutboxQueued && it.Attempts > 0 {
			l.NextAttemptAt = it.NextAttemptAt
		}
		for _, a := range it.Cc {
			l.Cc = append(l.Cc, a.Email)
		}
		if !it.SettledAt.IsZero() {
			at := it.SettledAt
			l.SettledAt = &at
		}
		if it.Chat != nil {
			l.Action = "chat " + it.Chat.Channel
		}
		if it.ThreadID > 0 {
			th := it.ThreadID
			l.Thread = &th
		}
		if it.Step != nil {
			s := *it.Step + 1
			l.Step = &s
		}
		for _, a := range it.To {
			l.Recipients = append(l.Recipients, a.Email)
		}
		if len(it.To) > 0 {
			l.To = it.To[0].Email
			l.toLabel = it.To[0].Email
			if name := strings.TrimSpace(it.To[0].Name); name != "" {
				l.toLabel = name + " <" + it.To[0].Email + ">"
			}
			if n := len(it.To) + len(it.Cc) - 1; n > 0 { // the others in To and Cc
				l.toLabel += fmt.Sprintf(" +%d", n)
			}
		}
		lines[i] = l
	}
	if opt.JSON {
		return writeJSON(m.Stdout, lines)
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ID\tDUE\tSTATUS\tTO\tSUBJECT\tCUSTOMER\tTHREAD\tSEQUENCE\tSTEP\tACTION\tNOTE")
	loc := m.cfg.TeamLocation()
	uncertain, drafts, posts := 0, 0, 0
	for _, l := range lines {
		step := "-"
		if l.Step != nil {
			step = fmt.Sprint(*l.Step)
		}
		note := truncate(l.LastError, 60)
		if l.SettledAt != nil {
			note = truncate("dealt with "+l.SettledAt.In(loc).Format(timeLayout)+": "+l.Settled, 60)
		} else if l.Status == keepwarm.OutboxUncertain && strings.HasPrefix(l.Action, "chat ") {
			posts++ // a team chat's nudge: no recipient to ask
		} else if l.Status == keepwarm.OutboxUncertain && l.Mode == keepwarm.ModeDraft {
			drafts++ // its filing was cut off: it may be in Drafts, or sent from there
		} else if l.Status == keepwarm.OutboxUncertain {
			uncertain++
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, l.DueAt.In(loc).Format(timeLayout), l.Status,
			orDash(truncate(l.toLabel, 40)), orDash(truncate(l.Subject, 50)), orDash(truncate(l.CustomerName, 30)), idOrDash(l.Thread),
			orDash(l.Sequence), step, l.Action+"/"+string(l.Mode), note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, zoneNote(loc, m.clock.Now()))
	if uncertain > 0 {
		fmt.Fprintf(m.Stdout, "%d uncertain send(s): the connection broke while sending; ask the recipient before sending again (it arrived: keepwarm outbox arrived ID)\n", uncertain)
	}
	if posts > 0 {
		fmt.Fprintf(m.Stdout, "%d uncertain chat post(s): the channel's answer was lost while posting; look in the group before posting again (it is there: keepwarm outbox arrived ID)\n", posts)
	}
	if drafts > 0 {
		fmt.Fprintf(m.Stdout, "%d uncertain draft(s): their filing in Drafts was cut off (keepwarm stopped, or the line dropped); look in the mailbox's Drafts (and Sent) before writing them again (it is there: keepwarm outbox arrived ID)\n", drafts)
	}
	return nil
}

// outboxStatuses are the statuses --status accepts.
var outboxStatuses = []keepwarm.OutboxStatus{keepwarm.OutboxQueued, keepwarm.OutboxSending, keepwarm.OutboxSent,
	keepwarm.OutboxFailed, keepwarm.OutboxUncertain, keepwarm.OutboxDrafted, keepwarm.OutboxSkipped}

func joinStatuses() string {
	s := make([]string, len(outboxStatuses))
	for i, st := range outboxStatuses {
		s[i] = string(st)
	}
	return strings.Join(s, ", ")
}
