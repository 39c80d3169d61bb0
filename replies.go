package keepwarm

import "time"

// ReplyClock is the reply-time measurement of one inbound customer message
// (docs/rules.md rule 1). The clock starts when the message arrived and stops at
// the first later outbound message to the same customer in the same thread,
// from anyone on the team.
//
// Several customer messages in a row before an answer make one clock: the
// first message of the run holds it (CoveredBy 0, StartedAt its own arrival);
// the later ones are "covered": they carry the same StartedAt, RepliedAt and
// Seconds, CoveredBy names the holder, and reports and nudges count only the
// holder.
type ReplyClock struct {
	MessageID  int64 `json:"message_id"`
	ThreadID   int64 `json:"thread_id"`
	CustomerID int64 `json:"customer_id"`
	// Customer is the customer's key; Grade and CustomerOwner are read from
	// the customer when the clock is measured.
	Customer      string `json:"customer"`
	Grade         string `json:"grade,omitempty"`
	CustomerOwner string `json:"customer_owner,omitempty"`
	// Mailbox is the configured mailbox the message arrived in first.
	Mailbox    string    `json:"mailbox"`
	ReceivedAt time.Time `json:"received_at"`
	StartedAt  time.Time `json:"started_at"`
	CoveredBy  int64     `json:"covered_by,omitempty"`

	// The answer; all zero while the clock runs.
	RepliedAt time.Time `json:"replied_at,omitempty"`
	ReplyID   int64     `json:"reply_id,omitempty"`
	ReplyFrom string    `json:"reply_from,omitempty"` // From of the answer
	// ReplyFromName is the answer's From display name: from a shared
	// mailbox it says which salesperson wrote it.
	ReplyFromName string `json:"reply_from_name,omitempty"`
	ReplyMailbox  string `json:"reply_mailbox,omitempty"` // mailbox of the answer's first copy

	// Filled by the measuring job (sequences) from the configuration.
	RepliedBy string `json:"replied_by,omitempty"` // the salesperson who answered
	// Owner answers for the message: the customer's owner, else the
	// receiving mailbox's owner, else the manager. Nudges go to the owner.
	Owner           string        `json:"owner"`
	Target          time.Duration `json:"target"`
	BusinessSeconds int64         `json:"business_seconds,omitempty"`
	// BusinessDueAt is, while the clock runs, when its target passes
	// counting working hours only (zero: not known): from then on it is a
	// breach in the business-hours figures too.
	BusinessDueAt time.Time `json:"business_due_at,omitempty"`

	// WaivedAt is when a person marked the message "no answer needed"
	// when that settles it (no answer came for it): the clock neither runs
	// nor counts as answered, late or missed. Zero otherwise.
	WaivedAt time.Time `json:"waived_at,omitempty"`

	// UnseenBy is, when the team answered the message with mail keepwarm
	// never saw (sent from a phone app that keeps no Sent copy, or from a
	// mailbox not synced), the customer's later message that answers that
	// mail and so shows it was answered before it arrived, at a time not
	// known: the clock neither runs nor counts as on time or late
	// (RepliedAt stays zero). 0 otherwise. ReplyFrom is then the one team
	// address that later message went To, the writer of the mail not seen
	// ("" when it went to several), and RepliedBy that address's person.
	UnseenBy int64 `json:"unseen_by,omitempty"`

	// Set by the nudge step; zero until then.
	Nudge1At time.Time `json:"nudge1_at,omitempty"`
	Nudge2At time.Time `json:"nudge2_at,omitempty"`
	DigestAt time.Time `json:"digest_at,omitempty"`
}

// Open reports whether the clock still runs (no answer yet, seen or
// unseen).
func (c ReplyClock) Open() bool { return c.RepliedAt.IsZero() && c.UnseenBy == 0 }

// Seconds is the wall-clock time to the answer; 0 while open or when the
// answer's time is not known (UnseenBy).
func (c ReplyClock) Seconds() int64 {
	if c.RepliedAt.IsZero() {
		return 0
	}
	return int64(c.RepliedAt.Sub(c.StartedAt) / time.Second)
}

// NudgeState is where a queued nudge's customer message stands when the
// nudge is about to go out.
type NudgeState struct {
	// Found is false when the message is gone (its thread was deleted).
	Found bool
	// AnsweredAt is when the first answer to it arrived (zero while none
	// has), AnsweredBy who sent it. An answer counts as soon as the sync
	// has stored it, before the reply clocks are measured again.
	AnsweredAt time.Time
	AnsweredBy string
	// Running is true while the message holds an unanswered reply clock
	// (not answered, not covered by an earlier message of its thread, not
	// settled as needing no answer).
	Running bool
	// WaivedBy is who marked the message "no answer needed" and WaivedAt
	// when ("" and zero while unmarked), read from the mark itself, before
	// the clocks are measured again.
	WaivedBy string
	WaivedAt time.Time
	// TargetNudged is true once the target nudge (level 2) was queued: it
	// supersedes a "reply due" nudge still waiting to go out.
	TargetNudged bool
	// InDigest is true once the message was handed to the digest as older
	// than the backlog limit: no nudge about it goes out any more.
	InDigest bool
	// TargetAt is when the message's reply target passes (zero when it
	// holds no clock).
	TargetAt time.Time
}

// Nudge is one reminder due for an unanswered customer message.
type Nudge struct {
	Level     int // 1 at nudge_after, 2 at the target
	MessageID int64
	ThreadID  int64
	Customer  string // key
	Contact   string // From of the customer message
	// ContactName is the writer's name (the book's, else the mail's From);
	// Company the customer's name in the book. Either may be "".
	ContactName string
	Company     string
	Subject     string
	Snippet     string
	Mailbox     string
	Owner       string
	StartedAt   time.Time
	Target      time.Duration
	// Unreadable says nothing of the message could be read (stored
	// flagged, with no text): the nudge says to open it.
	Unreadable bool
}

// JudgedTarget is a target a period's mail was judged with and the grade
// it was judged with ("" for a customer without one): each clock keeps
// both from its day, so whether the targets changed since is a question
// per grade (a target of 1h that is C's today says nothing of ungraded
// mail judged with 1h last week).
type JudgedTarget struct {
	Grade   string
	Seconds int64
}
