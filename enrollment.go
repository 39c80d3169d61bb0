package keepwarm

import (
	"strings"
	"time"
)

// EnrollmentStatus is where a thread's follow-up sequence is. Only active
// enrollments have steps done; paused ones wait for PausedUntil; every other
// status is final.
type EnrollmentStatus string

const (
	// EnrollActive waits for its next step.
	EnrollActive EnrollmentStatus = "active"
	// EnrollPaused waits for PausedUntil (an out-of-office, or a person).
	EnrollPaused EnrollmentStatus = "paused"
	// EnrollReplied ended because a recipient of the followed-up mail (or
	// anyone in its thread, or with stop_on_company any contact of the
	// customer) wrote.
	EnrollReplied EnrollmentStatus = "replied"
	// EnrollBounced ended because every recipient's address bounced.
	EnrollBounced EnrollmentStatus = "bounced"
	// EnrollOptedOut ended because the customer asked not to be written to.
	EnrollOptedOut EnrollmentStatus = "opted-out"
	// EnrollStopped was stopped by a person.
	EnrollStopped EnrollmentStatus = "stopped"
	// EnrollCompleted did every step.
	EnrollCompleted EnrollmentStatus = "completed"
	// EnrollSuperseded ended because a newer mail to the same contacts was
	// enrolled: nobody is chased in two threads at once.
	EnrollSuperseded EnrollmentStatus = "superseded"
	// EnrollFailed could not go on (a template that does not render, a step
	// the SMTP server refused or that gave up after retries): shown to the
	// manager, resumable by a person. The next step never runs by itself.
	EnrollFailed EnrollmentStatus = "failed"
)

// ListAnswerHold begins the reason of a follow-up held because a reply
// came through a list the team's mail went to, from someone keepwarm
// cannot tell from the customer (the store sets it when the reply comes
// in): "a reply came through the customer's list <list> from <who>: check
// whether it answers you, then resume the follow-up or stop it", of a
// failed one followed by "; before: " and what its failure asked.
const ListAnswerHold = "a reply came through the customer's list "

// Live reports whether the enrollment may still do steps.
func (s EnrollmentStatus) Live() bool { return s == EnrollActive || s == EnrollPaused }

// NextStepAt is when e's next step goes, as far as is known now: an active
// enrollment's DueAt; a paused one's when both its pause and the step's
// delay are over. ok is false when it has no such time: it ended, or it is
// paused with no end (until a person resumes it).
func (e Enrollment) NextStepAt() (at time.Time, ok bool) {
	switch {
	case e.Status == EnrollActive:
		return e.DueAt, true
	case e.Status == EnrollPaused && !e.PausedUntil.IsZero():
		if e.PausedUntil.After(e.DueAt) {
			return e.PausedUntil, true
		}
		return e.DueAt, true
	}
	return time.Time{}, false
}

// Enrollment is one thread following one sequence: the outbound message that
// left the thread waiting on the customer (the anchor), the next step and
// when it falls due.
type Enrollment struct {
	ID         int64            `json:"id"`
	ThreadID   int64            `json:"thread_id"`
	CustomerID int64            `json:"customer_id"`
	Customer   string           `json:"customer"` // the customer's key, for reports
	Sequence   string           `json:"sequence"`
	Status     EnrollmentStatus `json:"status"`
	// Step is the index of the next step to do in Plan; len(steps) when all
	// are done.
	Step int `json:"step"`
	// Plan names the steps of the sequence as the enrollment counts them
	// ("email:<template>", "task:<what to do>"): when the sequence is edited
	// while it runs, the steps it already did are found again in the new
	// ones by name, not by index. Empty: the sequence's steps as they are.
	Plan []string `json:"-"`
	// Delays are the delays of Plan's steps when it was made ("15d",
	// "3d business"): a step whose delay the manager changed since is
	// moved to where the new delay puts it, though its name is the same.
	// Empty: not recorded yet (the sequence's delays as they are).
	Delays []string `json:"-"`
	// Redo counts steps put back after a last-second pause or restart, so
	// that the redone step gets a fresh outbox key.
	Redo int `json:"redo,omitempty"`
	// RedoOf is the outbox item whose step the last put-back replaced (0:
	// none): its skip is written after the put-back, and when that skip
	// is lost the send's last look skips this item, and only it.
	RedoOf int64 `json:"redo_of,omitempty"`
	// AnchorID is messages.id of the outbound message the sequence follows
	// up; a later manual outbound by the salesperson becomes the new anchor.
	AnchorID int64     `json:"anchor_id"`
	AnchorAt time.Time `json:"anchor_at"`
	// ClockAt is when the step clock started: the anchor's arrival, or when
	// the previous step was done.
	ClockAt     time.Time `json:"clock_at"`
	DueAt       time.Time `json:"due_at"` // the next step's instant, inside the send window
	PausedUntil time.Time `json:"paused_until,omitempty"`
	// PausedByPerson says a person paused it (not an out-of-office): an
	// auto-reply may then only lengthen the pause, never end or shorten it.
	PausedByPerson bool `json:"paused_by_person,omitempty"`
	// OOOID is the highest id among the automatic answers read for it.
	OOOID   int64  `json:"ooo_id,omitempty"`
	Mailbox string `json:"mailbox"` // configured mailbox the steps are sent from
	Owner   string `json:"owner"`   // salesperson the steps are sent as
	// Signer is the salesperson the steps are signed as when not Owner: a
	// follow-up from a shared mailbox speaks for whoever wrote the mail it
	// follows up. "" : Owner (see SignedBy).
	Signer string    `json:"signer,omitempty"`
	To     []Address `json:"to"` // the customer's contacts the anchor went to
	Reason string    `json:"reason,omitempty"`
	// Grade is the customer's grade when its sequence was chosen, and
	// CustomerGrade the customer's grade as read with it: when they differ
	// the customer was regraded since (the sequence of the new grade applies).
	Grade         string `json:"grade,omitempty"`
	CustomerGrade string `json:"-"`
	// Tags are the customer's tags (as the book writes them) when its
	// sequence was chosen, and CustomerTags its tags as read with it: a
	// change of tags is followed as a regrade is.
	Tags         string `json:"-"`
	CustomerTags string `json:"-"`
	// StoppedBy is messages.id of the message that ended it, 0 when none.
	StoppedBy int64     `json:"stopped_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Rev changes with every stored update: a writer holding an older Rev
	// loses (a person's stop is never overwritten by a stale job).
	Rev int64 `json:"-"`
}

// Task is a step a person does: usually "phone the customer".
type Task struct {
	ID           int64     `json:"id"`
	Key          string    `json:"key"` // "seq:<enrollment>:<step>", unique
	EnrollmentID int64     `json:"enrollment_id,omitempty"`
	CustomerID   int64     `json:"customer_id"`
	Customer     string    `json:"customer"`
	ThreadID     int64     `json:"thread_id,omitempty"`
	Owner        string    `json:"owner"`
	Title        string    `json:"title"`
	Sequence     string    `json:"sequence,omitempty"`
	Step         int       `json:"step"`
	DueAt        time.Time `json:"due_at"`
	CreatedAt    time.Time `json:"created_at"`
	DoneAt       time.Time `json:"done_at,omitempty"`
	// Outcome is what the call taught, as the salesperson closed it
	// ("comparing suppliers"); "" when they said nothing.
	Outcome string `json:"outcome,omitempty"`
	// Reason is why the customer went quiet, as the call found it ("" not
	// said).
	Reason QuietReason `json:"reason,omitempty"`
	// AnsweredBy is the customer's message that closed the task, no call
	// needed (0: a person closed it).
	AnsweredBy int64 `json:"answered_by,omitempty"`
}

// SkipRecord says whether t is a call step a person skipped ("Skip this
// step"): closed at once, answered_by -1 and its outcome "skipped by …:
// no call made", not a call asked for or made. answered_by -1 alone is
// not enough: 0267 gave it to call tasks closed by an answer too. It is
// the one test of it, the store's and the follow-up's.
func (t Task) SkipRecord() bool {
	return t.AnsweredBy == -1 && strings.HasPrefix(t.Outcome, "skipped by ") && strings.HasSuffix(t.Outcome, ": no call made")
}

// EnrollCandidate is a thread left waiting on its customer by an outbound
// message (the anchor) that no enrollment follows up yet.
type EnrollCandidate struct {
	AnchorID   int64
	ThreadID   int64
	CustomerID int64
	AnchorAt   time.Time
	FromEmail  string // who sent the anchor
	Mailbox    string // where its earliest copy was seen
	// Skipped is the reason it was set aside with at an earlier look that
	// is looked at again (no mailbox, no sequence); "": none.
	Skipped string
	// CalendarWords says the anchor is the team's own calendar answer to
	// a meeting invitation with words its sender typed: it may be an
	// offer, or a thank-you; a person says which.
	CalendarWords bool
}

// FollowUpEvent is a message that may change a live enrollment: a real or
// automatic answer from the customer, or a manual outbound in its thread.
type FollowUpEvent struct {
	ID             int64
	Kind           Kind
	ThreadID       int64
	FromEmail      string
	Subject        string
	Snippet        string
	ReceivedAt     time.Time
	AutoReplyUntil time.Time // zero when an auto-reply gave no return date
	// Recipients are the message's To and Cc addresses, lower-cased.
	Recipients []string
	// CustomerID is the sender's customer: that of the contact with its
	// address, else the message's (0: none). An answer in the thread may
	// come from another company (a buyer's agent on Cc).
	CustomerID int64
}

// Why an outbound customer mail is not followed up (FollowUpSkip.Reason).
const (
	SkipAnswered      = "answered"        // a recipient or someone in the thread answered already
	SkipInformational = "informational"   // it expects no answer (a shipping notice, thanks, an invoice)
	SkipBounced       = "bounced"         // every recipient's address bounced
	SkipOptedOut      = "opted-out"       // every recipient asked for no more mail
	SkipTooOld        = "too-old"         // older than max_age when first seen
	SkipNoMailbox     = "no-mailbox"      // no mailbox with an smtp_url to send as
	SkipNoSequence    = "no-sequence"     // the customer follows no sequence (grade E, no default)
	SkipSuperseded    = "superseded"      // a newer mail to the same contacts is followed up in another thread
	SkipOtherContacts = "other-contacts"  // its thread is followed up to other contacts of the customer
	SkipCalendarWords = "calendar-answer" // the team's calendar answer to a meeting invitation, with words typed
)

// AnsweredByDetail is the Detail of a SkipAnswered skip: the address whose
// mail answered. A message found later to be the team's own copy drops the
// skips it caused by this same text (store, ingest-drop-answered-skips), so
// both sides write it here and nowhere else.
func AnsweredByDetail(email string) string { return "answered by " + email }

// OptedOutByDetail is how the Detail of a SkipOptedOut skip made by an
// answer with opt-out wording begins (", for the whole company (…)" may
// follow), and the follow-up's reason when such an answer ends it. A
// message found later to be the team's own copy drops the skips it caused
// by this text (store, ingest-drop-answered-skips).
func OptedOutByDetail(email string) string { return "asked for no more mail: " + email }

// FollowUpSkip is an outbound customer mail the follow-up job looked at and
// did not enroll, with the reason.
type FollowUpSkip struct {
	MessageID  int64     `json:"message_id"`
	ThreadID   int64     `json:"thread_id"`
	CustomerID int64     `json:"customer_id"`
	Customer   string    `json:"customer"`
	Owner      string    `json:"owner,omitempty"`   // the customer's owner
	Mailbox    string    `json:"mailbox,omitempty"` // where the mail was seen
	Reason     string    `json:"reason"`
	Detail     string    `json:"detail,omitempty"`
	Subject    string    `json:"subject,omitempty"`
	To         []string  `json:"to,omitempty"`
	SentAt     time.Time `json:"sent_at"`
	CreatedAt  time.Time `json:"created_at"`
	// ByHand: a SkipOtherContacts mail still to be followed up by hand (the
	// thread's follow-up runs, no contact of it wrote since, the team did
	// not write to one again in the thread), as the store reads it.
	ByHand bool `json:"by_hand,omitempty"`
}

// SignedBy is the salesperson e's steps go out in the name of: its Signer,
// else its Owner. Whoever a customer hears from is the one told of it.
func (e Enrollment) SignedBy() string {
	if e.Signer != "" {
		return e.Signer
	}
	return e.Owner
}
