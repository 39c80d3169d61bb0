package keepwarm

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
)

// SendMode says what the one sending path does with an outbox item.
type SendMode string

const (
	// ModeSend delivers over SMTP, then files a copy in the mailbox's Sent.
	ModeSend SendMode = "send"
	// ModeDraft only APPENDs the message to the mailbox's Drafts with \Draft,
	// so the salesperson can review and send it from their own client.
	ModeDraft SendMode = "draft"
	// ModeDryRun records what would be sent and touches no server.
	ModeDryRun SendMode = "dry-run"
)

// OutboxStatus is where an outbox item is in its life. It only moves forward:
// queued → sending → sent | failed | uncertain | (queued again on a 4xx);
// queued → drafted | skipped.
type OutboxStatus string

const (
	// OutboxQueued waits for its NextAttemptAt.
	OutboxQueued OutboxStatus = "queued"
	// OutboxSending was claimed: an attempt is recorded and the network may
	// have been touched. A row left here by a crash must be reconciled, never
	// simply sent again.
	OutboxSending OutboxStatus = "sending"
	// OutboxSent was accepted by the SMTP server.
	OutboxSent OutboxStatus = "sent"
	// OutboxFailed was refused for good (5xx) or ran out of attempts.
	OutboxFailed OutboxStatus = "failed"
	// OutboxUncertain may or may not have been accepted (the connection was
	// lost after DATA, or a crash mid-send). It is never resent automatically;
	// a person decides.
	OutboxUncertain OutboxStatus = "uncertain"
	// OutboxDrafted was placed in Drafts (draft mode), nothing was sent.
	OutboxDrafted OutboxStatus = "drafted"
	// OutboxSkipped was dropped before sending (dry-run, or a stop rule).
	OutboxSkipped OutboxStatus = "skipped"
)

// Final reports whether no automatic step will ever change the status again.
func (s OutboxStatus) Final() bool {
	switch s {
	case OutboxQueued, OutboxSending:
		return false
	}
	return true
}

// OutboxItem is one message keepwarm means to send (or draft). It is written
// to the store before any network I/O, with a deterministic Key and its
// Message-ID, so that a crash can be resumed and nothing is sent twice.
type OutboxItem struct {
	ID int64 `json:"id"`
	// Key is the idempotency key, unique across the outbox:
	// "seq:<enrollment>:<step>", "greet:<contact>:<occasion>:<year>",
	// "letter:<customer>:<yyyy-mm>". Enqueueing the same key twice is a no-op.
	Key string `json:"key"`
	// MessageID is random, made once when the item is built (see
	// NewMessageID), without angle brackets; it is the Message-ID header of
	// what is sent, so a copy found in Sent can be matched to its row.
	MessageID string `json:"message_id"`
	// Mailbox is the configured mailbox name the item is sent from.
	Mailbox string `json:"mailbox"`

	From       Address   `json:"from"`
	To         []Address `json:"to"`
	Cc         []Address `json:"cc,omitempty"`
	Subject    string    `json:"subject"`
	Text       string    `json:"text"`
	HTML       string    `json:"html,omitempty"`
	InReplyTo  string    `json:"in_reply_to,omitempty"` // a message id without angle brackets
	References []string  `json:"references,omitempty"`  // message ids without angle brackets

	Mode          SendMode     `json:"mode"`
	Status        OutboxStatus `json:"status"`
	Attempts      int          `json:"attempts"`
	NextAttemptAt time.Time    `json:"next_attempt_at"`
	LastError     string       `json:"last_error,omitempty"`
	// AttemptedAt is when the latest attempt was claimed: the Date header of
	// what is sent, so composing the message again gives the same bytes.
	AttemptedAt time.Time `json:"attempted_at,omitempty"`
	// AppendLost is set on a draft whose APPEND to Drafts was started and
	// its answer lost (the line dropped before the server's OK): it may be
	// filed already, and the next attempt looks for it before filing it.
	// Only filing it clears it.
	AppendLost bool `json:"append_lost,omitempty"`
	// AppendLostAt is when the first attempt whose APPEND lost its answer
	// was claimed (zero while AppendLost is not set; its CreatedAt for
	// one marked before migration 0553): the retry looks for her mail of
	// the draft's thread from the day before it, however long the draft
	// waited between (held while she is away, the login stopped), as a
	// later claim writes over AttemptedAt.
	AppendLostAt time.Time `json:"append_lost_at,omitzero"`
	// EndedAt is when it ended unsent (skipped, failed or uncertain), by a
	// person or by keepwarm itself, by the process's clock; zero while it
	// has not ended so, and for items keepwarm itself ended before
	// migration 0532 other than greetings and letters (not dry-run) of
	// the 40 days before it (a person's Skip has it since 0278).
	// Its NextAttemptAt may still be a hold's later time. Whether a person
	// skipped it is in its reason ("skipped by X"), not here.
	EndedAt time.Time `json:"ended_at,omitempty"`

	CustomerID int64 `json:"customer_id,omitempty"` // 0 = none
	ThreadID   int64 `json:"thread_id,omitempty"`   // 0 = a new thread
	// Origin says what produced the item: "sequence", "greeting", "letter", "manual".
	Origin     string `json:"origin,omitempty"`
	Sequence   string `json:"sequence,omitempty"`   // sequence name, "" when not from a sequence
	Step       *int   `json:"step,omitempty"`       // step index within the sequence
	Enrollment *int64 `json:"enrollment,omitempty"` // enrollment id, when from a sequence
	// Anchor is messages.id of the message a sequence's step follows up:
	// its enrollment's anchor when the step was queued (0 otherwise, and
	// for steps queued before it was recorded).
	Anchor int64 `json:"anchor,omitempty"`
	// StepName is what the step does, as its enrollment's plan names it
	// ("email:product-intro"), when the item is a sequence's step ("" for
	// steps queued before it was recorded): Step is an index into the plan
	// the step was queued under, which an edit of the sequence changes.
	StepName string `json:"step_name,omitempty"`
	// StepNth says which of the plan's steps named StepName it was,
	// counted from 1 (the 2nd "email:resend"); 0 when not recorded.
	StepNth int `json:"step_nth,omitempty"`

	// TimeZone is the zone (an IANA name) of the person the mail is
	// written in the name of, when that is not the mailbox's owner (a
	// follow-up from the team's sales@ signed by the salesperson who wrote
	// the mail it follows up): its Date header is in it, as its quote's
	// times are. "" (also items queued before migration 0543): the
	// mailbox owner's.
	TimeZone string `json:"time_zone,omitempty"`

	// Chat is set on an item for a chat channel (Mailbox is then
	// ChatMailbox(Chat.Channel)); nil for mail.
	Chat *ChatNote `json:"chat,omitempty"`

	DueAt      time.Time `json:"due_at"`
	CreatedAt  time.Time `json:"created_at"`
	SentAt     time.Time `json:"sent_at,omitempty"`     // zero until sent or drafted
	AppendedAt time.Time `json:"appended_at,omitempty"` // zero until filed in Sent/Drafts
	// SettledAt is when a person dealt with a failed or uncertain item
	// (zero until then); Settled says how ("done again as step 2 of the
	// follow-up", "dealt with by ..."). Its status stays as it ended.
	SettledAt time.Time `json:"settled_at,omitempty"`
	Settled   string    `json:"settled,omitempty"`
}

// NewMessageID returns a fresh Message-ID (without angle brackets) for an
// item sent from domain: 128 random bits in hex, "@" and the domain, as mail
// clients make them. It is generated once, when the item is built, and
// stored with the row before any network I/O: a retry or a restart sends the
// same id, Sent can be searched for it after a crash, and two databases on
// one domain (two installs, a rebuilt database) never repeat one.
func NewMessageID(domain string) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("keepwarm: no random source: " + err.Error()) // crypto/rand never fails on supported systems
	}
	domain = strings.ToLower(strings.TrimSpace(domain))
	if domain == "" {
		domain = "localhost.invalid"
	}
	return hex.EncodeToString(b[:]) + "@" + domain
}

// ToTeam reports whether the item is keepwarm's own mail to the team (a
// nudge, a digest, a summary, a sign-in link) rather than mail written in a salesperson's
// name to a customer. Only such mail says it was generated automatically.
func (it OutboxItem) ToTeam() bool {
	switch it.Origin {
	case "nudge", "digest", "summary", "signin":
		return true
	}
	return false
}

// OutboxFilter selects outbox items for listing. Zero fields match all.
type OutboxFilter struct {
	Mailbox    string
	Status     []OutboxStatus
	CustomerID int64
	Origin     string
	Limit      int // 0 = no limit
}

// CouldNotLookInSent ends the note on an uncertain send from a mailbox
// whose server files sent mail in Sent itself, when keepwarm could not look
// for it there (the mailbox's IMAP login stopped): nobody knows whether it
// went, and it may well be in Sent. The engine's reason for a follow-up
// stopped by it says so, rather than "it is not in Sent".
const CouldNotLookInSent = "; could not look in Sent: IMAP login stopped"

// Hold is the error a pre-send check returns to keep an outbox item queued
// until Until: not sent, not skipped, not failed, no attempt counted; it is
// decided again then. Reason is written on the item, where `keepwarm
// outbox` and the desk show it.
type Hold struct {
	Until  time.Time
	Reason string
}

func (h *Hold) Error() string {
	return "held until " + h.Until.UTC().Format("2006-01-02 15:04 UTC") + ": " + h.Reason
}
