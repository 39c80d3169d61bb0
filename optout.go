package keepwarm

import "time"

// OptOutCandidate is a customer's own mail that may ask for no more mail:
// a real message (not an auto-reply, a bounce or a list mail) from one of
// the customer's contacts, in a thread where keepwarm's automated mail went
// out (a letter, a greeting or a follow-up step), not read for opt-out
// wording yet.
type OptOutCandidate struct {
	MessageID  int64
	ThreadID   int64
	CustomerID int64
	Customer   string // its key
	Owner      string // the customer's owner ("" in the pool)
	FromEmail  string // lower-cased
	Subject    string
	Snippet    string
	ReceivedAt time.Time
	// Via is the origin of keepwarm's mail in the thread ("letter",
	// "greeting", "sequence"): what the customer answered.
	Via string
	// ViaSubject is that mail's subject.
	ViaSubject string
	// CopyPending says the mail has no In-Reply-To and keepwarm's mail to
	// the customer went out before it arrived whose copy from Sent is not
	// stored yet: Via may not name what it answers until it is.
	CopyPending bool
}

// OptOut is an address that asked not to be written to, and the message
// that asked (0 for a person's command).
type OptOut struct {
	Email     string
	MessageID int64
	Reason    string
	// CustomerID, when set, is the customer the address asked for as a
	// whole ("please remove us from your list"): the customer is opted out
	// too, with CompanyReason naming who asked, unless it already was.
	CustomerID    int64
	CompanyReason string
}
