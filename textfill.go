package keepwarm

// The text backfill: a folder's first sync stores ordinary mail older than
// its recent window from the header alone (Message.TextPending); the
// backfill fetches those messages' texts later and fills them in. These
// are the rows it reads and writes.

import "time"

// DefaultRecentWindow is a folder's recent window unless sync.recent_window
// says otherwise: a month, past the default age of the oldest mail a
// follow-up quotes (14 days) and of what a digest lists.
const DefaultRecentWindow = 30 * 24 * time.Hour

// MinRecentWindow is the shortest recent window when follow-ups quote
// outbound mail up to maxAge old (sequences.max_age): a day more, so a first
// sync gives that mail its text at once and a follow-up never waits for it.
func MinRecentWindow(maxAge time.Duration) time.Duration { return maxAge + 24*time.Hour }

// RecentWindow is the recent window to use when sync.recent_window is
// configured (0: not given, DefaultRecentWindow) and follow-ups quote mail
// up to maxAge old: never less than MinRecentWindow(maxAge).
func RecentWindow(configured, maxAge time.Duration) time.Duration {
	if configured == 0 {
		configured = DefaultRecentWindow
	}
	return max(configured, MinRecentWindow(maxAge))
}

// PendingText is a stored copy of a message whose text was not fetched
// yet: the message's id and the copy's UID in the folder read.
type PendingText struct {
	MessageID int64
	UID       uint32
	// RawHeader is the message's header fields as its first sync fetched
	// them (keepwarm.Message.RawHeader): the backfill parses the text with
	// them rather than fetch them again.
	RawHeader []byte
}

// TextFill is the text of a message stored from its header alone, parsed
// from the fetched body. Only the parts a header cannot give are filled:
// what the header gave (kind, customer, thread, dates) stays as stored.
type TextFill struct {
	MessageID   int64
	Snippet     string
	Attachments []Attachment
	// ParseError is the whole message's; it is kept only where the header
	// left none.
	ParseError string
	// Text and TextCut are the kept text of an outbound message (see
	// Message.Text); other mail keeps none.
	Text     string
	TextCut  bool
	BodySize int64 // see Message.BodySize; <0: not known
	// Mended are the subject and names of a header with raw 8-bit bytes as
	// the whole parse reads them (in the charset its text part names),
	// where the header alone had them guessed in another charset
	// (windows-1251's "Иван Петров" as GB18030 "肉囗 襄蝠钼"). Nil when
	// they read the same.
	Mended *HeaderMend
}

// HeaderMend is what a text fill corrects of what a header alone gave:
// each value is written only where the stored one is still the wrong
// reading (Was), so that a name or subject someone has set since stays.
type HeaderMend struct {
	Subject, WasSubject string // both "" when the subject read the same
	// SubjectKey and WasSubjectKey are the two readings' Message.SubjectKey,
	// from which the store titles a thread as ingest does.
	SubjectKey, WasSubjectKey string
	Names                     []NameMend
}

// NameMend is a person's name read right (Name) and as the header alone
// gave it (Was).
type NameMend struct{ Email, Name, Was string }

// TextFills is one batch of the backfill for one folder, written in one
// transaction: the texts read, and the UIDs the server no longer had.
type TextFills struct {
	Mailbox, Folder string
	UIDValidity     uint32
	Filled          []TextFill
	// Gone are the UIDs asked for that the FETCH did not return (expunged
	// meanwhile). Their copies are not asked for again; a message whose
	// every copy is gone stops waiting, with no snippet.
	Gone []PendingText
	// Refused are the UIDs the server refused to FETCH even on their own
	// (a message it cannot serve). They are not asked for again either; a
	// message with no other copy to read stops waiting, with no snippet,
	// and is flagged with Why as a message sync could not fetch is.
	Refused []RefusedText
}

// RefusedText is a waiting copy whose text the server refused to give.
type RefusedText struct {
	PendingText
	// Why is the parse error the message is flagged with: the server's
	// answer and where the copy is.
	Why string
}
