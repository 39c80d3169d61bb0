package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// Person is someone on the team who may sign in: a salesperson, or a
// manager who sees everything.
type Person struct {
	Email   string
	Name    string
	Manager bool
	// Lang is the language their [[salesperson]] entry names ("zh" or
	// "en"); "" = the browser's.
	Lang string
}

// SearchLimit is how many customers a search shows.
const SearchLimit = 100

// Backend is what the web application needs from the daemon: the team, the
// pages' data and the changes a person makes, each scoped by the person
// (a customer they may not see is keepwarm.ENOTFOUND), plus the sign-in
// and session records. app adapts the store and the engine to it; the
// business rules stay there, the handlers only call them.
type Backend interface {
	// Person returns the team member with that address; ok is false for
	// anyone else.
	Person(email string) (p Person, ok bool)

	// Desk reads the person's lists; of the waiting mail, the page asked
	// for (the zero DeskPage: the most recent).
	Desk(ctx context.Context, p Person, now time.Time, page DeskPage) (Desk, error)
	Customer(ctx context.Context, p Person, id int64, now time.Time) (CustomerPage, error)
	// MergedInto is the customer a merged-away one went into (through
	// every later merge) when the person may see that one; ENOTFOUND
	// otherwise, as for a customer never merged.
	MergedInto(ctx context.Context, p Person, id int64, now time.Time) (int64, error)
	// Search finds customers the person may see, own first, then by
	// name: at most SearchLimit+1, the one over telling the page that
	// more match than it shows.
	Search(ctx context.Context, p Person, text string, now time.Time) ([]CustomerRow, error)
	// Pool is one page (from 1) of the public pool, PoolPageSize
	// customers by name, with the person's claims.
	Pool(ctx context.Context, p Person, page int, now time.Time) (PoolPage, error)
	Message(ctx context.Context, p Person, id int64, now time.Time) (MessageView, error)

	// Changes. Each returns what it changed, for the audit trail.
	// DoneTask closes a call task; outcome is what the call taught ("" none),
	// reason why the customer went quiet ("" not said).
	DoneTask(ctx context.Context, p Person, id int64, outcome string, reason keepwarm.QuietReason, now time.Time) (Change, error)
	Review(ctx context.Context, p Person, customerID int64, grade, note string, now time.Time) (Change, error)
	// ChangeEnrollment pauses, resumes, stops a follow-up, or answers
	// whether its step arrived; until is for a pause, the day
	// (2006-01-02) it ends at the start of in the customer's zone ("" none:
	// until someone resumes it). A day begun already is EINVALID.
	ChangeEnrollment(ctx context.Context, p Person, id int64, op EnrollmentOp, until string, now time.Time) (Change, error)
	// Enrollment is one follow-up the person may change, with its
	// customer's name (for a question asked before a change); ENOTFOUND
	// as ChangeEnrollment answers it.
	Enrollment(ctx context.Context, p Person, id int64, now time.Time) (EnrollmentView, string, error)
	SkipSend(ctx context.Context, p Person, outboxID int64, now time.Time) (Change, error)
	// QueuedSend is one outbox item the person may skip, as the desk
	// lists it (for the question asked before Skip); ENOTFOUND as
	// SkipSend answers it.
	QueuedSend(ctx context.Context, p Person, outboxID int64, now time.Time) (Upcoming, error)
	// SettleSend marks a failed or uncertain send of one of the person's
	// customers as dealt with: it leaves "Sends that need you".
	SettleSend(ctx context.Context, p Person, outboxID int64, now time.Time) (Change, error)
	// SendArrived records that an uncertain send of one of the person's
	// customers reached the recipient (a draft: that it is in Drafts, or
	// was sent by the person): it counts as sent, its copy is filed in
	// Sent, and it leaves "Sends that need you".
	SendArrived(ctx context.Context, p Person, outboxID int64, now time.Time) (Change, error)
	// SkipStep skips a follow-up's next step (1-based, as the desk showed
	// it) before it is queued; a step done or skipped meanwhile is refused.
	SkipStep(ctx context.Context, p Person, enrollmentID int64, step int, now time.Time) (Change, error)
	Claim(ctx context.Context, p Person, customerID int64, now time.Time) (Change, error)
	Release(ctx context.Context, p Person, customerID int64, now time.Time) (Change, error)
	AddNote(ctx context.Context, p Person, customerID int64, note string, now time.Time) (Change, error)
	EditContact(ctx context.Context, p Person, contactID int64, e ContactEdit, now time.Time) (Change, error)
	// AddAbsence records that a.Person is away (a salesperson for
	// themselves, the manager for anyone); CancelAbsence ends one entered
	// on the desk. A bad value is EINVALID with a message naming it.
	AddAbsence(ctx context.Context, p Person, a AbsenceForm, now time.Time) (Change, error)
	CancelAbsence(ctx context.Context, p Person, id int64, now time.Time) (Change, error)
	// BackNow ends the absences of person (p themselves, or anyone for the
	// manager) taken from the config or their own out-of-office reply that
	// run at now: they are back. EINVALID when none runs.
	BackNow(ctx context.Context, p Person, person string, now time.Time) (Change, error)
	// NoAnswerNeeded settles a customer's mail waiting for an answer
	// ("Thanks, received!"): no nudge, off the waiting list, not late in
	// the reports. Only someone who may answer it may (its owner, whoever
	// covers for them, a manager): for anyone else who sees it, ECONFLICT
	// with the reason. UndoNoAnswerNeeded takes the mark back.
	NoAnswerNeeded(ctx context.Context, p Person, messageID int64, now time.Time) (Change, error)
	UndoNoAnswerNeeded(ctx context.Context, p Person, messageID int64, now time.Time) (Change, error)

	// Sign-in and sessions.
	AddLoginRequest(ctx context.Context, r LoginRequest) error
	// AddLoginRequestWithin records a request unless it is over a limit
	// (ok false), counted and recorded at once; mailed says whether its
	// link is to be mailed (a team address, within the limits on mailed
	// links).
	AddLoginRequestWithin(ctx context.Context, r LoginRequest, lim LoginLimits) (ok, mailed bool, err error)
	UseLoginToken(ctx context.Context, tokenHash string, now time.Time) (email, next string, err error)
	// LoginTokenOwner is whom a mailed link was for and where it leads,
	// used or expired alike (ENOTFOUND when there is no such link); it
	// takes nothing.
	LoginTokenOwner(ctx context.Context, tokenHash string) (email, next string, err error)
	// MailedLinks counts the sign-in links mailed to each address since
	// since (printed ones not counted); SessionIPs lists who signed in
	// from where, of the sessions seen since since and not revoked.
	MailedLinks(ctx context.Context, since time.Time) (map[string]int, error)
	SessionIPs(ctx context.Context, since time.Time) ([]SessionIP, error)
	// FormKey is the server's key of the CSRF tokens of the forms shown
	// before sign-in: made once, the same at every start.
	FormKey(ctx context.Context) ([]byte, error)
	// KnownDevice says whether email signed in from the browser whose
	// device cookie hashes to deviceHash, in a session seen since since
	// and not revoked.
	KnownDevice(ctx context.Context, deviceHash, email string, since time.Time) (bool, error)
	AddSession(ctx context.Context, tokenHash string, s Session) (int64, error)
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	// RevokeSession ends a session a manager distrusts (its IP is no
	// longer known, see SessionIPs); EndSession one its owner signed out
	// of (its IP stays known).
	RevokeSession(ctx context.Context, id int64, now time.Time) error
	EndSession(ctx context.Context, id int64, now time.Time) error
	Sessions(ctx context.Context, now time.Time) ([]Session, error)
	AddAudit(ctx context.Context, c Change, actor string, at time.Time) error
}

// Mailer delivers one message now (the [notify] sender's SMTP server);
// *mailsync.Sender is one. Sign-in links go through it directly, never
// through the outbox: a link is a secret the database must not hold.
type Mailer interface {
	Deliver(ctx context.Context, item keepwarm.OutboxItem) error
}

// EnrollmentOp is what a person does to a follow-up.
type EnrollmentOp string

// The enrollment changes a person can make.
const (
	OpPause  EnrollmentOp = "pause"
	OpResume EnrollmentOp = "resume"
	OpStop   EnrollmentOp = "stop"
	// OpSkip skips the next step (the form says which, 1-based).
	OpSkip EnrollmentOp = "skip"
	// A failed follow-up whose last step may have gone out, as the
	// recipient answered: it arrived (go on to the next step, nothing is
	// sent again), or it did not (send that step again).
	OpArrived EnrollmentOp = "arrived"
	OpResend  EnrollmentOp = "resend"
)

// Change is one change a person made, as the audit trail shows it.
type Change struct {
	CustomerID int64
	Action     string // e.g. "enrollment.stop"
	Subject    string // e.g. "enrollment 7 (key-customer)"
	Before     string
	After      string
	// Audited says the backend wrote the audit line itself (with the
	// change, as the CLI does the same change): it is not written again.
	Audited bool
	// Later says a console file was saved but the follow-ups already
	// waiting were not moved at once: the running daemon moves them on its
	// next tick. Not part of the audit line.
	Later bool
	// Restart says a console file was saved while the daemon holds every
	// follow-up because the files had problems: it checks them only when
	// it starts, so the follow-ups stay off until `keepwarm run` restarts.
	Restart bool
	// Pending says a console file was saved while other files still have
	// problems they had before it: the follow-ups (a letter: its month)
	// take the change once those are fixed. Not part of the audit line.
	Pending bool
	// NoLetter says a monthly letter was saved while its month has no
	// default-language file (only language variants): no letter of the
	// month goes out until there is one. Not part of the audit line.
	NoLetter bool
	// Unchanged says a console save found the file already as saved:
	// nothing was written, and no audit line is.
	Unchanged bool
}

// ContactEdit is a person's edit of one contact; nil fields stay (the form
// sends only what the person changed from what their page showed).
type ContactEdit struct {
	Salutation *string
	Language   *string
	Bounced    *bool
	OptedOut   *bool
	AddPhone   string
	// ClearAsked: the page showed the opt-out as the customer's own request
	// when the person cleared it. Without it such an opt-out is not cleared
	// (it came after the page was opened).
	ClearAsked bool
}

// LoginRequest is one asked-for sign-in link (the token's hash only).
type LoginRequest struct {
	TokenHash string
	Email     string
	Next      string
	IP        string
	Sent      bool
	At        time.Time
	Expires   time.Time
	// Device: asked from a browser the address signed in from (its
	// device cookie): not counted against the IP's requests (PerIP), so
	// a team's own browsers behind one shared address do not use up its
	// allowance.
	Device bool
}

// LoginLimits bound the sign-in requests since Since: for one address from
// one IP, for one address from anywhere, from one IP.
type LoginLimits struct {
	Since                           time.Time
	PerAddressIP, PerAddress, PerIP int
	// LivePerAddress: links mailed to one address still live; past it a
	// request mails nothing. MailedPerAddress: links mailed to one
	// address since MailedSince; past it nothing more is mailed to it.
	LivePerAddress, MailedPerAddress int
	MailedSince                      time.Time
	// KnownIP: someone on the team signed in from the request's IP before:
	// PerAddress does not apply. KnownDevice: the address itself did:
	// MailedPerAddress does not apply.
	KnownIP, KnownDevice bool
}

// SessionIP is an address that signed in from an IP.
type SessionIP struct {
	Email, IP string
}

// Session is a signed-in browser.
type Session struct {
	ID        int64
	Email     string
	UserAgent string
	IP        string
	CreatedAt time.Time
	SeenAt    time.Time
	ExpiresAt time.Time
	// DeviceHash is the SHA-256 of the device cookie of the browser the
	// session is started in (AddSession; Session reads it back).
	DeviceHash string
	// SeenErr is why SeenAt could not be recorded this time; the session
	// is live all the same.
	SeenErr error
}

// DeskPage is the page of the waiting list a desk shows: the most recent
// (zero value), the page just before Older, or the one just after Newer.
type DeskPage struct {
	Older, Newer *PageKey
}

// PageKey is a place in the waiting list: when the message's clock started
// (unix seconds), then its id. In a link it reads "1763258400.42".
type PageKey struct {
	At, ID int64
}

func (k PageKey) String() string {
	return strconv.FormatInt(k.At, 10) + "." + strconv.FormatInt(k.ID, 10)
}

// ParsePageKey reads a PageKey as String writes it.
func ParsePageKey(s string) (PageKey, bool) {
	a, b, ok := strings.Cut(s, ".")
	if !ok {
		return PageKey{}, false
	}
	at, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || at < 0 || id < 0 {
		return PageKey{}, false
	}
	return PageKey{At: at, ID: id}, true
}

// Desk is what one person has to do now.
type Desk struct {
	// Waiting is one page of the customer mail waiting for an answer,
	// oldest first: the most recent page unless another was asked for.
	// A list that fits on one page is shown whole.
	Waiting []Waiting
	// WaitingTotal is the whole list's length, WaitingLate how many of it
	// are past their target; WaitingNewer how many are more recent than
	// the page. OlderPage and NewerPage are the keys of the pages before
	// and after it, nil at either end. WaitingLateOff is how many of the
	// late ones are not on the page: the most recent page can be all on
	// time while the oldest mail, pages away, is late.
	WaitingTotal, WaitingLate, WaitingNewer, WaitingLateOff int
	OlderPage, NewerPage                                    *PageKey
	// LateOlder (an ?older= key) or else LateNewer (a ?newer= key) opens
	// the page that holds the nearest late mail off this one; both nil
	// when all the late mail is on it.
	LateOlder, LateNewer *PageKey
	// Settled are the mails marked "no answer needed" in the last day that
	// the person may take back, newest first.
	Settled []Settled
	// SettledMore: there are more of them than listed.
	SettledMore bool

	Calls     []Task     // call tasks due
	Reviews   []DueItem  // customers whose review is due
	Returning []DueItem  // pool claims returning soon
	Upcoming  []Upcoming // what keepwarm will send in the person's name in the next 7 days
	// Paused are the follow-ups paused with no end date: nothing goes out
	// until someone resumes them, so they have no send time and are not
	// among the 7 days' sends.
	Paused []Upcoming
	// Elsewhere are the follow-ups in the person's name, due after the 7
	// days, to customers whose page is not theirs (a customer handed to a
	// colleague): no other page offers their Pause or Stop.
	Elsewhere []Upcoming
	Trouble   []Trouble // sends that failed or whose outcome is unknown
	// Away are the absences running now or to come (everyone's: who
	// covers for whom concerns the whole team); Team are the people the
	// manager may enter an absence for; Backups are those of them who may
	// cover (the salespeople and the manager, not the others who only see
	// everything).
	Away    []Away
	Team    []Person
	Backups []Person
	// StandingBackup is the name of the viewer's own standing backup
	// (backup = ... on their [[salesperson]]), who covers an absence that
	// names nobody; "": the manager does.
	StandingBackup string
}

// Away is one absence as the desk shows it.
type Away struct {
	ID     int64 // a desk entry's id (it can be cancelled); 0 otherwise
	Person string
	Name   string // the person's name, else their address
	Backup string // who covers; "" = the manager
	// BackupName is the backup's name, else their address.
	BackupName string
	// OffTeam is the backup the absence named who is no longer on the
	// team (someone else covers).
	OffTeam string
	// OffTeamManager: OffTeam is on the team, in team.managers, who cover
	// for nobody (not someone who left).
	OffTeamManager bool
	// Left: the absent person is no longer on the team (a desk absence
	// entered before they left): it covers nothing, their backup gets none
	// of their customers for it, and it is listed only to be cancelled.
	Left bool
	// CoverAway: at some time it runs, who covers is away too (the
	// backup, the manager, or the absent manager themselves): nobody at
	// their desk reads their nudges and digest then.
	CoverAway bool
	From      time.Time
	Until     time.Time // zero: until they send a normal mail
	// NoReturnDate: their out-of-office reply named no return date; Until
	// is keepwarm's bound, shown as "back by ... at the latest".
	NoReturnDate bool
	// Spans: for an absence to come whose cover changes while it runs (a
	// backup away for part of it), who covers when, in turn; nil: Backup
	// covers throughout.
	Spans []AwaySpan
	// Zone is the absent person's zone, the one its days were entered in
	// (their time_zone); nil: the team's.
	Zone   *time.Location
	Source string // config, desk, auto-reply
	Now    bool   // running now
	Mine   bool   // the viewer may cancel it
	// Back: it runs now, from the config or their out-of-office reply,
	// and the viewer may say they are back (themselves, or the manager).
	Back bool
}

// AwaySpan is a stretch of an absence one colleague covers.
type AwaySpan struct {
	Name        string // who covers, by name; "" = the manager
	From, Until time.Time
	Zone        *time.Location // the absent person's
	Last        bool           // to the absence's end: shown without its days
}

// AbsenceForm is the desk's absence form as typed.
type AbsenceForm struct {
	Person, From, Until, Backup, Note string
}

// Waiting is one customer message with its reply clock running.
type Waiting struct {
	MessageID  int64
	ThreadID   int64
	CustomerID int64 // the message's own customer, whose name the line shows
	// ThreadCustomerID is the customer of the message's thread when that
	// is another (a forwarder's Reply-all, a buyer's private address in a
	// colleague's thread); 0 when it is CustomerID. The line links the
	// page that shows the conversation: the thread's customer's.
	ThreadCustomerID int64
	CustomerName     string
	Contact          string
	Subject          string
	Snippet          string
	TextPending      bool // the text is not fetched yet: the snippet is empty
	Owner            string
	ReceivedAt       time.Time
	Target           time.Duration
	Nudged           int    // nudges sent so far: 1 at nudge_after, 2 at the target
	WebmailURL       string // the thread in the mailbox's webmail; "" when it has none
	// CoveringFor is the name of the away colleague whose mail this is,
	// when the person answers it as their cover; "" for their own.
	CoveringFor string
	// NoPage: the page of the thread's customer is closed to the viewer,
	// who answers this mail in place of an owner who left, or whose
	// customer's mail is in a colleague's thread: the name is no link.
	NoPage bool
}

// PageID is the customer whose page shows the conversation: the thread's.
func (w Waiting) PageID() int64 { return pageID(w.CustomerID, w.ThreadCustomerID) }

// Page is the link of the line's customer name: the page that shows the
// conversation, at its thread when that is another customer's.
func (w Waiting) Page() string { return conversationPage(w.CustomerID, w.ThreadCustomerID, w.ThreadID) }

// pageID is the customer whose page shows a message's conversation: its
// thread's (threadCustomer), else its own.
func pageID(customer, threadCustomer int64) int64 {
	if threadCustomer != 0 {
		return threadCustomer
	}
	return customer
}

// conversationPage links the page that shows a message's conversation: its thread's
// customer's, at the thread when that is not the message's own customer.
func conversationPage(customer, threadCustomer, thread int64) string {
	if threadCustomer != 0 && threadCustomer != customer {
		return fmt.Sprintf("/customers/%d#thread-%d", threadCustomer, thread)
	}
	return fmt.Sprintf("/customers/%d", customer)
}

// Settled is a customer's mail someone marked as needing no answer.
type Settled struct {
	MessageID  int64
	CustomerID int64 // the message's own customer, whose name the line shows
	// ThreadID and ThreadCustomerID: its thread and the thread's customer
	// (0: CustomerID), whose page the name links (as Waiting's).
	ThreadID, ThreadCustomerID int64
	CustomerName               string
	Contact                    string
	Subject                    string
	By                         string // who marked it: their name, else their address
	At                         time.Time
	Answered                   bool // answered all the same: the answer counts
	// NoPage: the reader may not open the page of the thread's customer
	// (a stand-in for a departed owner marked it; mail of another customer
	// in a colleague's thread): the name is not a link.
	NoPage bool
}

// PageID is the customer whose page shows the conversation: the thread's.
func (s Settled) PageID() int64 { return pageID(s.CustomerID, s.ThreadCustomerID) }

// Page is the link of the line's customer name (as Waiting's).
func (s Settled) Page() string { return conversationPage(s.CustomerID, s.ThreadCustomerID, s.ThreadID) }

// Task is a call (or other step) a person does.
type Task struct {
	ID           int64
	CustomerID   int64
	CustomerName string
	Title        string
	Sequence     string
	DueAt        time.Time
	// Whom to call: the contact its follow-up wrote to ("" for a task of
	// no follow-up) and the numbers to dial (that contact's, else the
	// customer's); ThreadID the conversation it follows up (0: none).
	Contact  string
	Phones   []PhoneView
	ThreadID int64
	// CoveringFor names the away colleague whose call it is, when the
	// person closes it as their backup ("" for their own).
	CoveringFor string
	// Later is a call of the person's day not due yet (the desk lists
	// the day's calls, as the digest does).
	Later bool
}

// DueItem is a customer with a date: a review due, or a claim's deadline.
type DueItem struct {
	CustomerID   int64
	CustomerName string
	Grade        string
	At           time.Time
	Note         string
}

// Upcoming is a send keepwarm will make in someone's name: the next step of
// a follow-up (EnrollmentID set), or an item already queued (OutboxID set).
type Upcoming struct {
	EnrollmentID int64
	OutboxID     int64
	CustomerID   int64
	CustomerName string
	CustomerZone *time.Location // the customer's zone; nil = the team's
	Sequence     string         // the sequence, for a follow-up step
	Step         int            // its step, from 1
	What         string         // the outbox item's origin, when not a follow-up step
	Subject      string
	DueAt        time.Time
	Status       string // active, paused, queued
	Reason       string
	// PausedUntil is when a follow-up paused with an end goes on.
	PausedUntil time.Time
	// As is who it is sent as when not the viewer (a colleague's
	// follow-up to the viewer's customer); NoPage: the customer's page is
	// not open to the viewer (their own mail to a colleague's customer).
	As     string
	NoPage bool
	// HeldOutboxID is the queued item of the step a paused follow-up
	// holds and does again when resumed (0: none): that step is skipped
	// as the item, the follow-up having moved past it when it queued it.
	HeldOutboxID int64
	// Last: a follow-up's step after which its follow-up sends nothing
	// more (it was its last step), read for the question asked before
	// Skip; Ended: its follow-up was stopped or ended since it was queued
	// (the send drops it anyway); Held: its follow-up is paused, or
	// failed with this mail held (FollowUpStatus failed), and the step
	// goes when it is resumed.
	Last, Ended, Held bool
	// Replaced: an edit of its sequence replaced or removed its step since
	// it was queued, and the send's last look does not send it (the
	// follow-up goes on with the step now in the plan).
	Replaced bool
	// FollowUpStatus is how its follow-up ended, when Ended (replied,
	// opted-out, stopped...), or failed when Held; Reason then says why.
	FollowUpStatus string
	// PutBack is the step (from 1) of a mail the send's last look skipped
	// and put back to be done again (0: none): Reason is why the look
	// skipped it, FollowUpStatus the follow-up's status now (paused: the
	// step is done again when it is resumed), and DueAt when the step is
	// done again. Requeued is the step's mail written again since in its
	// place and still queued (0: none yet), going at DueAt. Skip then
	// skips the step (or that mail), not the dead one.
	PutBack  int
	Requeued int64
}

// ReplacedMail is a follow-up's queued mail an edit of its sequence
// replaced (not sent): its outbox item, its step as it was queued (from 1),
// its subject and when it was to go.
type ReplacedMail struct {
	OutboxID int64
	Step     int
	Subject  string
	At       time.Time
}

// Trouble is a send that failed or whose outcome is unknown, or a
// follow-up a failed send stopped (EnrollmentID set).
type Trouble struct {
	OutboxID     int64
	EnrollmentID int64
	CustomerID   int64
	CustomerName string
	Subject      string
	Status       string // failed, uncertain
	Error        string
	Next         string // the true next action, in plain words
	At           time.Time
	// Uncertain: a failed follow-up whose last step's mail may have gone
	// out, or an uncertain send; the person answers whether it arrived
	// instead of resuming or sending it by hand.
	Uncertain bool
	// Draft: the uncertain mail was a draft to file, not a send: whether
	// it is in Drafts is the question, not whether the customer got it.
	Draft bool
	// Stopped: the uncertain draft's recipient has since opted out or
	// bounced: nobody is to send it, so only "I dealt with it" is offered,
	// never "It is in Drafts / I sent it".
	Stopped bool
	// ListHeld: a reply came through the customer's list since that mail
	// (keepwarm.ListAnswerHold): "It arrived" and "send it again" leave
	// the follow-up paused for a person's Resume, and say so;
	// ArrivedEnds: that mail was its last step, and "It arrived" ends it.
	ListHeld, ArrivedEnds bool
	// As and NoPage: as Upcoming's.
	As     string
	NoPage bool
}

// CustomerRow is one customer in a list.
type CustomerRow struct {
	ID      int64
	Name    string
	Key     string
	Owner   string
	Grade   string
	Country string
	Note    string
	At      time.Time // a claim's deadline, where it has one
}

// PoolPage is the public pool with the person's claims.
type PoolPage struct {
	Customers []CustomerRow
	// Total is how many customers the pool holds; From and To number the
	// page's first and last (1-based), Page is its number, Prev and Next
	// the pages before and after it (0: none).
	Total, From, To, Page, Prev, Next int
	Claims                            []CustomerRow // the person's open claims, deadline in At
	Held                              int           // claims counting toward the cap
	Cap                               int
	// CanClaim: the person sells, so may claim (a manager who does not
	// sell hands a customer to a salesperson with the CLI).
	CanClaim bool
}

// AuditShown is how many of a customer's changes its page lists, the
// newest: a key customer's trail grows for years.
const AuditShown = 50

// CustomerPage is everything about one customer.
type CustomerPage struct {
	ID       int64
	Key      string
	Name     string
	Domain   string
	Owner    string
	Grade    string
	Country  string
	TimeZone string
	// Zone is the customer's zone, the follow-ups' times are given in
	// (nil: the team's).
	Zone       *time.Location
	Language   string
	Tags       []string
	Notes      string
	OptedOut   bool
	ClaimedAt  time.Time
	Deadline   time.Time
	WonAt      time.Time
	NextReview time.Time
	Contacts   []ContactView
	Phones     []PhoneView
	Threads    []ThreadView
	// ThreadsTotal is how many conversations the customer has, shown or not.
	ThreadsTotal int
	Enrollments  []EnrollmentView
	// ByHand are the customer's mails of the last 30 days no follow-up
	// chases, in a thread whose follow-up writes to other contacts: for
	// the salesperson to follow up by hand.
	ByHand []ByHandView
	// NotFollowed are the customer's mails of the last 30 days keepwarm
	// does not follow up for another reason than an answer, a mail that
	// asks nothing or another contacts' follow-up (keepwarm.Skip*): no
	// reminder comes for them, and the page says why.
	NotFollowed []ByHandView
	// Calls are the customer's open call tasks the person may close (a
	// digest's call links here), soonest first.
	Calls   []Task
	Replies ReplyFigures
	Reviews []ReviewView
	Orders  []OrderView
	Pool    []PoolEventView
	Audit   []AuditView
	// AuditOlder is how many older changes Audit leaves out: it lists
	// the AuditShown newest.
	AuditOlder int
	// OptOutReason names who asked when an answer opted the customer out
	// as a whole ("please remove us"): nobody there is written to.
	OptOutReason string
	// What the person may do here.
	CanEdit, CanClaim, CanRelease bool
	// Cooldown is how long the owner may not claim the customer again
	// once it is released (zero: at once), for the question Release asks.
	Cooldown time.Duration
}

// ContactView is one contact of a customer.
type ContactView struct {
	ID               int64
	Email            string
	Name             string
	Salutation       string
	SalutationCustom bool
	Language         string
	Phones           []string
	Bounced          bool
	OptedOut         bool
	// OptOutAsked: the customer asked for the opt-out in their own mail.
	// OptOutLocked: and the viewer is no manager, so the form does not
	// offer to clear it.
	OptOutAsked, OptOutLocked bool
}

// PhoneView is one phone number of a customer.
type PhoneView struct {
	Number, Name, Contact string
}

// ThreadView is one conversation with its messages in order.
type ThreadView struct {
	ID       int64
	Subject  string
	Messages []MessageView
	// Earlier is how many of its older messages the page leaves out (it
	// shows the newest ThreadMessagesShown).
	Earlier int
}

// A customer's page shows of each conversation its newest
// ThreadMessagesShown messages, and of the conversations the
// ThreadsShown most recently active; it says how many it leaves out.
const (
	ThreadMessagesShown = 50
	ThreadsShown        = 50
)

// MessageView is one message.
type MessageView struct {
	ID           int64
	ThreadID     int64
	CustomerID   int64
	CustomerName string
	Kind         keepwarm.Kind
	From         string
	Subject      string
	At           time.Time
	Snippet      string
	TextPending  bool // the text is not fetched yet: the snippet is empty
	// MeetingAnswer: a calendar's accept or decline of a meeting
	// invitation, with no words typed (a notice).
	MeetingAnswer bool
	Mailbox       string
	WebmailURL    string
	// Clock is where its answer stands, for a customer's mail that has a
	// reply clock; nil otherwise (our own mail, a bounce, not measured yet).
	Clock *MessageClock
	// NoPage: the customer's page is closed to the viewer (as Waiting's).
	NoPage bool
}

// MessageClock is where the answer to a customer's mail stands.
type MessageClock struct {
	Since  time.Time     // the clock runs from then
	Target time.Duration // the reply target
	// Covered: an earlier mail of the thread still waits, and its clock
	// is the one that runs.
	Covered    bool
	AnsweredAt time.Time // zero while unanswered
	AnsweredBy string    // the salesperson who answered, by name
	// AnsweredUnseen: answered by mail keepwarm never saw (from a phone
	// app that keeps no Sent copy, or a mailbox not synced), as the
	// customer's later mail answering it shows; when is not known.
	AnsweredUnseen bool
	// MarkedBy and MarkedAt are the mark "no answer needed" ("" unmarked);
	// MayMark whether the person may make or take back that mark.
	MarkedBy string
	MarkedAt time.Time
	MayMark  bool
}

// EnrollmentView is one follow-up of a customer's thread.
// ByHandView is a mail to follow up by hand: keepwarm.SkipOtherContacts.
type ByHandView struct {
	ThreadID int64
	Subject  string
	SentAt   time.Time
	Detail   string
	// Reason is the keepwarm.Skip* word (NotFollowed only).
	Reason string
	// TooOld: sent more than max_age ago, so that no grade or mailbox
	// given now has it followed up (NotFollowed only).
	TooOld bool
}

type EnrollmentView struct {
	ID          int64
	ThreadID    int64
	Sequence    string
	Status      keepwarm.EnrollmentStatus
	Step        int
	DueAt       time.Time
	PausedUntil time.Time
	Reason      string
	Owner       string
	// Uncertain: it failed and its last step's mail may have gone out (a
	// draft: may be in Drafts).
	Uncertain bool
	// Draft: that mail was a draft to file: it may be in Drafts already.
	Draft bool
	// ListHeld: a reply came through the customer's list since (its
	// reason begins with keepwarm.ListAnswerHold): "It arrived" and "send
	// it again" leave it paused for a person's Resume, and say so;
	// ArrivedEnds: its last step, and "It arrived" ends it.
	ListHeld, ArrivedEnds bool
	// Steps is how many steps its sequence has and NextAction what its
	// next step does ("email", "task": a call), read for the question
	// asked before "Skip this step" (0 and "" when not read or unknown).
	Steps      int
	NextAction string
	// HeldOutboxID is the queued item of the step a paused follow-up
	// holds, or (Queued) of the step a follow-up queued and has not sent
	// yet (Step is then that step's): skipping the step skips it.
	HeldOutboxID int64
	// Queued: its step was queued and waits to go, at QueuedAt (the send
	// window, the mailbox's daily cap, its salesperson's absence: why is
	// QueuedWhy, the item's note). Customer only.
	Queued    bool
	QueuedAt  time.Time
	QueuedWhy string
	// Replaced are its mails still queued whose step an edit of the
	// sequence replaced or removed since: the send's last look does not
	// send them (the follow-up does the step now in the plan, its own
	// Step). Customer only.
	Replaced []ReplacedMail
	// Again is the step (from 1) a paused or failed follow-up does
	// again when resumed or sent again, rather than the one after it
	// (0: none): its mail failed ("failed"), may have gone out
	// ("uncertain"; with Draft, may be in Drafts, also a draft given up as
	// failed after a filing of it lost the server's answer), or is queued and held by the pause ("held") or
	// while the follow-up is failed ("held-failed"), as
	// AgainWhy says; or the step a running follow-up has queued, that
	// Stop drops ("queued", going at AgainAt). Filled by Enrollment, for
	// the questions asked.
	Again    int
	AgainWhy string
	AgainAt  time.Time
	// Zone is its customer's zone (nil: the team's; Enrollment only).
	Zone *time.Location
	// NextAt is when its next step goes (zero: not known, as for one
	// paused with no date): a pause's end moves it to the send window.
	NextAt time.Time
}

// ReplyFigures are a customer's reply times over the past year.
type ReplyFigures struct {
	Count, Answered, Within, Waiting int
	Median, P90                      time.Duration // 0 when nothing was answered
	HasMedian                        bool
}

// ReviewView is one review.
type ReviewView struct {
	At               time.Time
	Reviewer, Before string
	After, Note      string
}

// OrderView is one order.
type OrderView struct {
	ID int64 // the #id keepwarm orders remove takes
	// Day is the order's date as its file wrote it (2026-03-15): orders
	// are days, stored at UTC, not instants to show in the team's zone.
	Day    string
	Amount string
	Ref    string
	// Refund: the row gives money back (book.Order.Refund): it lowers
	// revenue but is no order in the customer's rhythm, and says so.
	Refund bool
}

// PoolEventView is one event of the customer's pool history.
type PoolEventView struct {
	At                       time.Time
	Event, Salesperson, Note string
}

// AuditView is one change made through the web.
type AuditView struct {
	At                                    time.Time
	Actor, Action, Subject, Before, After string
}

// Paged tells whether the waiting list is longer than the page shown.
func (d Desk) Paged() bool { return d.WaitingTotal > len(d.Waiting) }

// WaitingFrom and WaitingTo are the page's place in the waiting list,
// counted from the most recent message (1).
func (d Desk) WaitingFrom() int { return d.WaitingNewer + 1 }

// WaitingTo: see WaitingFrom.
func (d Desk) WaitingTo() int { return d.WaitingNewer + len(d.Waiting) }
