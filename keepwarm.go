// Package keepwarm holds the domain of a daemon that watches an export sales
// team's mailboxes: the types every other package speaks (customers, contacts,
// messages, threads), the error codes, and the Clock that makes time injectable.
//
// It imports the standard library only; adapters live in sub-packages
// (store, mailsync, sequences, templates); app wires them, cli and demo use app.
package keepwarm

import (
	"context"
	"time"
)

// Kind says what a message is to the team. It decides whether a message starts
// a reply clock, stops a follow-up sequence, or is ignored.
type Kind string

const (
	// KindInbound is a real message from a customer: it starts a reply clock
	// and stops a follow-up sequence.
	KindInbound Kind = "inbound"
	// KindOutbound is a message from the team to at least one customer.
	KindOutbound Kind = "outbound"
	// KindInternal is a message among team addresses only; it makes no customer.
	KindInternal Kind = "internal"
	// KindAutoReply is an out-of-office or other automatic answer: not a reply.
	KindAutoReply Kind = "auto_reply"
	// KindLeftCompany says its sender has left the customer's company (its
	// own auto-reply or a colleague's note): the address is not written to
	// again, and the new contact it names is proposed to the owner.
	KindLeftCompany Kind = "left_company"
	// KindBounce is a delivery status notification: the failed address is bad.
	KindBounce Kind = "bounce"
	// KindBulk is list or newsletter mail: it starts no clock.
	KindBulk Kind = "bulk"
	// KindNotice is a mail system's or mail client's notice about the
	// team's own mail that says nothing bad about an address: a delivery
	// report whose recipients were delayed, delivered or relayed (none
	// failed), a read receipt. It makes no customer, starts no clock, is no
	// answer, pauses nothing and flags no one.
	KindNotice Kind = "notice"
)

// FolderRole says which part of a mailbox a folder plays.
type FolderRole string

const (
	RoleInbox FolderRole = "inbox"
	RoleSent  FolderRole = "sent"
	RoleOther FolderRole = "other"
)

// Address is one mailbox address with its display name. Email is lower-cased.
type Address struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email"`
}

// Message is one email as keepwarm understands it: parsed headers, a snippet
// and the header fields it was parsed from, raw, so it can be parsed again.
// The same message seen in several mailboxes (the team INBOX and a
// salesperson's Sent) is one Message with several Copies.
type Message struct {
	ID int64 `json:"id,omitempty"`

	// Key identifies the message across mailboxes: its Message-ID, or, when it
	// has none, "sha256:" and the hash of the header fields its sender wrote
	// (From, To, Cc, Date, Subject, In-Reply-To, References), so that the
	// copy in Sent and the delivered one are one message.
	Key string `json:"key"`
	// KeyAlias is the Key such a message was stored under before, the hash
	// of its raw header as fetched: a message stored under it is this one.
	KeyAlias    string   `json:"-"`
	MessageID   string   `json:"message_id,omitempty"` // without angle brackets
	InReplyTo   []string `json:"in_reply_to,omitempty"`
	References  []string `json:"references,omitempty"`
	ThreadIndex string   `json:"thread_index,omitempty"` // Outlook conversation id (hex), from Thread-Index
	ThreadTopic string   `json:"thread_topic,omitempty"`

	From Address `json:"from"`
	// RelayedBy is the header's From of mail a web form or a marketplace
	// passed on for a buyer (parse's relaySender): From is then the buyer
	// in its Reply-To. Empty for other mail, whose From is the header's.
	// The store tells a copy of a message from another message by the
	// header's sender (RelayedBy when set, else From), which every copy
	// has, however it was classified.
	RelayedBy  Address   `json:"relayed_by,omitempty"`
	To         []Address `json:"to,omitempty"`
	Cc         []Address `json:"cc,omitempty"`
	Subject    string    `json:"subject"`
	SubjectKey string    `json:"subject_key"` // normalised: reply/forward prefixes stripped, folded
	Date       time.Time `json:"date"`        // the Date header; zero when missing or bad
	Size       int64     `json:"size"`
	Snippet    string    `json:"snippet,omitempty"` // first ~2 KB of the decoded text part
	// Text is the decoded text part with its line breaks (the HTML part
	// turned to text when there is none), as far as the fetched prefix
	// reaches; TextCut says the message went on. It is kept for outbound
	// mail only: a follow-up quotes it, reuses its salutation and reads its
	// language.
	Text    string `json:"-"`
	TextCut bool   `json:"-"`
	// Attachments are the attached files of a multipart message, all of
	// them as the server's BODYSTRUCTURE lists them (of a bounce or a
	// message without a text part, those whose part headers are in the
	// start of the body sync fetches).
	Attachments []Attachment `json:"attachments,omitempty"`
	// TextPending says the body was not fetched yet: ordinary incoming mail
	// older than sync's recent window is stored from its header first, its
	// snippet and attachments filled in later (mailsync's text backfill).
	// Snippet and Attachments are empty until then.
	TextPending bool `json:"text_pending,omitempty"`
	// HeaderCharsetUnsure says a message read from its header alone
	// (TextPending) is multipart and has display fields (Subject, names)
	// in raw 8-bit bytes its Content-Type gives no charset for: the text
	// part's label, not fetched, would decide their charset, and the
	// guess from the bytes alone may be wrong (windows-1251 read as
	// GB18030). Sync reads such a message's text before storing it.
	HeaderCharsetUnsure bool `json:"-"`
	// RawHeader is the header block as fetched: sync asks for the fields
	// keepwarm reads (parse.HeaderFields), not the whole header. The parsed
	// message's strings may share its bytes: it is never written to.
	RawHeader []byte `json:"-"`
	// BodySize is the size of the body: Size less the whole header. It
	// tells a copy of the message (another server adds its own header
	// lines, the body stays) from another message reusing its Message-ID.
	// Negative: not known (the server gives the whole header's size only
	// with the whole header); 0: Size less the length of RawHeader, which
	// then is the whole header.
	BodySize int64 `json:"-"`

	Kind Kind `json:"kind"`
	// CustomerKey names the customer the message belongs to: "domain:acme.com"
	// for a company domain, "addr:bob@gmail.com" for a free-mail address, empty
	// when no external party is involved.
	CustomerKey string `json:"customer_key,omitempty"`
	// Contacts are the external addresses on the message that belong to the
	// customer named by CustomerKey.
	Contacts []Address `json:"contacts,omitempty"`
	// BouncedRecipient is the failed address of a bounce.
	BouncedRecipient string `json:"bounced_recipient,omitempty"`
	// BouncedAlso are the other failed addresses of a bounce for several
	// recipients (a delivery report with several failed groups, or
	// X-Failed-Recipients naming several): each is flagged as
	// BouncedRecipient is.
	BouncedAlso []string `json:"bounced_also,omitempty"`
	// BouncedSoft are those of the failed addresses whose failure a
	// delivery report calls temporary (Status 4.x.x, or 5.2.2 mailbox
	// full), or, without a delivery-status part, whose failure the text
	// names so ("Mailbox quota exceeded", "收件人空间不足"): one such
	// failure does not flag the address.
	BouncedSoft []string `json:"bounced_soft,omitempty"`
	// BounceRefusal notes a failure that refused the mail rather than
	// the address (a policy, spam, a failed SPF/DKIM/DMARC check, the
	// size: a permanent status other than 5.1.x, or such words in a text
	// bounce): "hans@buyer.de 5.7.26 authentication", the address, the
	// status ("-": none read) and what was refused (authentication, spam,
	// size, content, policy; "-": another reason). Such an address is in
	// none of the Bounced lists: it is flagged nowhere, and the follow-up
	// whose mail came back stops with the refusal named.
	BounceRefusal string `json:"bounce_refusal,omitempty"`
	// BouncedFreeMail are those of the failed addresses at a free-mail
	// domain (Classify sets it): each is a customer of its own, so an
	// address of them unknown as a contact never goes under the customer
	// that holds its domain (one made before the domain was taken for
	// free mail).
	BouncedFreeMail []string `json:"bounced_free_mail,omitempty"`
	// Report is what the report part of a delivery or read report said,
	// when parsing found one in the fetched text: "failed" (BouncedRecipient
	// holds the address), "delayed", "delivered", "relayed" or "expanded"
	// (no recipient failed), or "read" (a message/disposition-notification).
	// Empty when there was none to read. Classify decides the kind by it;
	// it is not stored.
	Report string `json:"-"`
	// CalendarReply says the message carries a calendar response
	// (text/calendar, METHOD:REPLY): what a calendar sends when its
	// owner accepts, declines or tentatively accepts a meeting. Classify
	// makes one from outside the team with no words typed by its sender a
	// notice. The store marks every message carrying one
	// (messages.calendar_reply): the follow-up reads such a notice as an
	// answer, and does not follow up the team's own answer to a customer's
	// invitation.
	CalendarReply bool `json:"-"`
	// CalendarWords says the team's own calendar answer carries words its
	// sender typed (Outlook's "Edit the response before sending": "I attach
	// the revised quotation; please confirm by Friday"): the store marks it
	// apart (calendar_reply 2), and the follow-up lists it as set aside,
	// for the salesperson to follow up by hand, instead of leaving it
	// silently.
	CalendarWords bool `json:"-"`
	// KnownCustomerOnly says the message joins the customer CustomerKey
	// names only when that customer is known already, and makes none: a
	// salesperson's out-of-office answers whoever writes (a newsletter,
	// spam, a supplier), and its recipient is no customer for that. An
	// inbound message so marked (mail keepwarm could not classify, read
	// from its header alone) whose sender is no known customer's joins
	// the customer of the thread it answers instead.
	KnownCustomerOnly bool `json:"known_customer_only,omitempty"`
	// ListAnswer says a KindBulk message may be a customer's answer
	// passed on by a list or sales tool of its own (a Google Group
	// purchasing@ at the buyer's, Mailman, a one-to-one mail with a
	// List-Unsubscribe): it comes from outside the team, names mail in
	// In-Reply-To or References and carries no campaign tool's sign.
	// CustomerKey and Contacts are then the sender's, as for inbound mail.
	// The store makes it inbound when the mail it names is the team's own
	// mail to a customer in a conversation of the sender's customer, and
	// otherwise keeps it list mail with no customer.
	ListAnswer bool `json:"list_answer,omitempty"`
	// Lists are the addresses the list may have (each label@namespace
	// its List-Id can be read as, "<sales.eu.buyer.de>" giving
	// sales.eu@buyer.de and sales@eu.buyer.de) with the customer and
	// contacts of each, for a ListAnswer addressed to the team in To or
	// Cc: a buyer answering the salesperson through his company's Google
	// Group from an address outside its domain (his Yahoo address, the
	// group company's domain, a sourcing agent's). The store tries them
	// when the member's own customer is not the one of the team's mail
	// the message names, takes the one that mail went To or Cc, and only
	// when no copy that came through the list (ListID) naming none of the
	// team (ListMemberOf) is stored in any of the team's mailboxes: then
	// someone of the team is a member of the list (an association's, a
	// buyer's supplier list) and a stranger's reply-all there is judged
	// by its poster only. Empty
	// for a copy addressed to the list alone, for a List-Id naming
	// several lists and for a list at a host shared by unrelated groups
	// (googlegroups.com, groups.io).
	Lists []ListAddress `json:"lists,omitempty"`
	// ListID is the List-Id (its id, lower case: "purchasing.buyer.de")
	// of a ListAnswer with Lists.
	ListID string `json:"list_id,omitempty"`
	// ListMemberOf is the List-Id of list mail that came through that one
	// list and names none of the team's addresses in To or Cc: the list
	// sent it to someone of the team as a member, and the store keeps it
	// as the proof (messages.list_member_of). A copy sent to the team
	// directly (Bcc) has no List-Id and proves nothing.
	ListMemberOf string `json:"list_member_of,omitempty"`
	// ListTag is the tag, as it stands in a thread key ("[sales]"), that
	// a list the team runs put before the subject of this copy and that
	// Classify took off it; empty for other mail. The store takes only
	// such tags, once seen, for a list's tag in a thread key.
	ListTag string `json:"list_tag,omitempty"`
	// NewContact is the address a KindLeftCompany message asks to write to
	// instead, when it names one.
	NewContact string `json:"new_contact,omitempty"`
	// AutoReplyUntil is the return date an out-of-office states, when readable.
	AutoReplyUntil time.Time `json:"auto_reply_until,omitempty"`
	// ParseError is set when the message could not be fully parsed; it is kept
	// raw and flagged, never dropped.
	ParseError string `json:"parse_error,omitempty"`

	// SentIn is the configured mailbox whose Sent folder holds the
	// message's earliest copy: the mailbox that sent it (a copy delivered
	// to a teammate's inbox arrives after it). Empty when the earliest
	// copy is in no Sent folder. Read from the store (GetMessage), never
	// parsed.
	SentIn string `json:"-"`

	ThreadID   int64 `json:"thread_id,omitempty"`
	CustomerID int64 `json:"customer_id,omitempty"`
}

// Attachment is an attached file as its part header names it.
type Attachment struct {
	Name string `json:"name"`
	Type string `json:"type"` // media type, e.g. "application/pdf"
}

// Copy is where one copy of a message lives on an IMAP server.
type Copy struct {
	Mailbox      string     `json:"mailbox"` // the configured mailbox name
	Folder       string     `json:"folder"`
	Role         FolderRole `json:"role"`
	UIDValidity  uint32     `json:"uid_validity"`
	UID          uint32     `json:"uid"`
	InternalDate time.Time  `json:"internal_date"` // arrival in this folder
	// DeliveredAt is when the server that put the copy in its folder got
	// it, as that server stamped it on the copy's newest Received field.
	// Sync reads it only for a copy whose INTERNALDATE comes more than
	// UploadedAfter after its Date (zero otherwise, or when there is no
	// such field): it tells mail delivered late from old mail uploaded.
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
}

// UploadedAfter is how much later than its Date a copy may reach its
// folder and still count as delivered then without further evidence: mail
// waits in queues for hours, and servers retry for days only rarely. A
// copy later than that with no fresh Received field (Copy.DeliveredAt) was
// put in its folder from an archive, and its Date is when it arrived.
const UploadedAfter = 48 * time.Hour

// FolderState is the sync position of one folder of one mailbox.
type FolderState struct {
	Mailbox       string
	Folder        string
	UIDValidity   uint32
	LastUID       uint32 // highest UID stored; 0 before the first sync
	HighestModSeq uint64 // 0 when the server has no CONDSTORE
	SyncedAt      time.Time
}

// FetchRefusal is a new message of a folder the server refused to FETCH in
// a live sync, asked for again at later passes before it is stored as a
// placeholder: how often it was refused, and when first.
type FetchRefusal struct {
	Folder      string
	UIDValidity uint32
	UID         uint32
	Tries       int
	First       time.Time
	// StoredThrough is the highest UID of the folder stored while its
	// position stays below this message: not fetched again.
	StoredThrough uint32
}

// Customer is a company (or, for free-mail senders, one person) the team sells to.
type Customer struct {
	ID       int64     `json:"id" db:"id"`
	Key      string    `json:"key" db:"key"`
	Name     string    `json:"name" db:"name"`
	Domain   string    `json:"domain,omitempty" db:"domain"`
	Owner    string    `json:"owner,omitempty" db:"owner"` // salesperson email; empty = public pool
	Grade    string    `json:"grade,omitempty" db:"grade"` // A-E, empty when ungraded
	Country  string    `json:"country,omitempty" db:"country"`
	TimeZone string    `json:"time_zone,omitempty" db:"time_zone"`
	Language string    `json:"language,omitempty" db:"language"`
	Created  time.Time `json:"created_at" db:"-"`
}

// Contact is one email address of a customer.
type Contact struct {
	ID         int64  `json:"id" db:"id"`
	CustomerID int64  `json:"customer_id" db:"customer_id"`
	Email      string `json:"email" db:"email"`
	Name       string `json:"name,omitempty" db:"name"`
}

// Thread is one conversation with a customer, however many mailboxes saw it.
type Thread struct {
	ID             int64      `json:"id"`
	CustomerID     int64      `json:"customer_id,omitempty"`
	Customer       string     `json:"customer"` // the customer's key, "" for internal threads
	Subject        string     `json:"subject"`
	Messages       int        `json:"messages"`
	Contacts       []string   `json:"contacts"`
	FirstAt        time.Time  `json:"first_at"`
	LastAt         time.Time  `json:"last_at"`
	LastInboundAt  *time.Time `json:"last_inbound_at"`
	LastOutboundAt *time.Time `json:"last_outbound_at"`
}

// Incoming is one fetched copy of a message, ready to be stored.
type Incoming struct {
	Message Message
	Copy    Copy
}

// SaveTx stores several batches in one write transaction, which the store
// commits when told, so that a large sync writes each page of its indexes
// once per transaction instead of once per batch. Every batch goes with its
// folder position: a transaction that never commits (a crash, a failed
// batch, which rolls back every batch since the last Commit) leaves the
// position where the last commit put it, and those messages are fetched
// and stored again.
type SaveTx interface {
	// SaveBatch stores a batch and the folder's new position in the open
	// transaction, opening one when none is.
	SaveBatch(ctx context.Context, state FolderState, batch []Incoming) (SaveResult, error)
	// Due says the open transaction should commit now: it is old or large
	// enough, or another writer waits for it.
	Due() bool
	// Commit commits the open transaction, if any.
	Commit() error
	// Rollback drops the open transaction, if any.
	Rollback() error
}

// SaveResult counts what one stored batch changed.
type SaveResult struct {
	New     int     // messages not seen before in any mailbox
	Copies  int     // copies of messages already stored (another mailbox or folder)
	Flagged int     // messages stored raw with a ParseError
	NewIDs  []int64 // ids of the new messages, in batch order
	Threads []int64 // threads that received new messages
}

// ListAddress is one address a list may have, with the customer and
// contacts it stands for (see Message.Lists).
type ListAddress struct {
	Address     string    `json:"address"`
	CustomerKey string    `json:"customer_key,omitempty"`
	Contacts    []Address `json:"contacts,omitempty"`
}
