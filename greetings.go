package keepwarm

import "time"

// Recipient is one contact of one customer as the greetings and monthly
// letters see it: who they are, what the customer book knows about them, and
// whether they may be written to. The store builds it; sequences plans with it.
type Recipient struct {
	Customer Customer `json:"customer"`
	Contact  Contact  `json:"contact"`

	// Salutation is the contact's own opening from the customer book
	// ("Dear Dr. Müller"); "" lets the template's language choose.
	Salutation string `json:"salutation,omitempty"`
	// Language is the contact's language, else "" (the customer's applies).
	Language string `json:"language,omitempty"`
	// Holidays are the festivals the customer book marks the contact as
	// keeping: occasion keys ("eid-al-fitr", "diwali") or faiths
	// ("muslim"), lower case. A religious festival goes to a contact only
	// when it is the faith of their country's majority or listed here; when
	// the list names a faith (or a faith's festival), festivals of other
	// faiths do not go, the majority's included.
	Holidays []string `json:"holidays,omitempty"`
	// Birthday is "YYYY-MM-DD" or "--MM-DD" (year unknown); "" when unknown.
	Birthday string `json:"birthday,omitempty"`
	// Products are the customer's products of interest (its tags).
	Products []string `json:"products,omitempty"`
	// Offer are the catalog products matching those tags: a letter's
	// .Products (the tags themselves when none match).
	Offer []Product `json:"-"`
	// OwnText is the text of the team's latest mail to this contact:
	// greetings and letters write in its language and reuse its opening.
	OwnText string `json:"-"`
	// OwnGreeted says OwnText's opening line greeted this contact: they were
	// the first of the customer's contacts in its To. Otherwise its "Dear
	// Mr. Schmidt" was written to someone else (this contact was in Cc).
	OwnGreeted bool `json:"-"`
	// OwnAlone says this contact was the only one of the customer's
	// contacts in OwnText's To: an opening naming someone greeted them even
	// when their name is not known to tell it by.
	OwnAlone bool `json:"-"`
	// OwnTextPending says the team's latest mail to this contact was stored
	// from its header and its text is still to be read (sync's backfill):
	// OwnText may be an older mail's, so its language is not known yet.
	OwnTextPending bool `json:"-"`

	OptedOut bool `json:"opted_out,omitempty"` // this address asked for no more mail
	// CustomerOptedOut is set when the customer as a whole asked for no mail.
	CustomerOptedOut bool `json:"customer_opted_out,omitempty"`
	Bounced          bool `json:"bounced,omitempty"`
	// LeftCompany is set when the contact's auto-reply said they left the
	// customer's company.
	LeftCompany bool `json:"left_company,omitempty"`
	FromBook    bool `json:"from_book,omitempty"` // entered in the customer book, not only seen on mail
	// CustomerInBook says the customer came from the customer book (an
	// import or by hand) or the book holds details of one of its people;
	// a customer made only from mail is not (a forwarder, a supplier).
	CustomerInBook bool `json:"customer_in_book,omitempty"`
	// CompanyAddress marks a company's further address from the book
	// (einkauf@, info@): not a person, so no birthday or personal greeting.
	CompanyAddress bool `json:"company_address,omitempty"`
	Wrote          int  `json:"wrote"` // real messages this contact sent the team
	// LastWrote is when the latest of them arrived; zero when none.
	LastWrote time.Time `json:"last_wrote,omitempty"`
	LastSeen  time.Time `json:"last_seen,omitempty"` // latest message with this contact on it
	// LastWrittenAt is the latest time the team wrote to the customer (any
	// contact): an outbound message seen in a Sent folder or an outbox send.
	LastWrittenAt time.Time `json:"last_written_at,omitempty"`
	// WaitingSince is when the latest of the customer's mail still waiting
	// for the team's answer arrived (the start of its open reply clock);
	// zero when none waits.
	WaitingSince time.Time `json:"waiting_since,omitempty"`
	// FollowUp is the customer's running follow-up (an active or paused
	// enrollment, the oldest), 0 when none runs: the month's letter waits
	// for it.
	FollowUp int64 `json:"follow_up,omitempty"`
	// FollowUpSince is when that enrollment was made.
	FollowUpSince time.Time `json:"follow_up_since,omitempty"`
	// FollowUpPaused says none of the customer's live enrollments is
	// active, only paused ones (a person's pause, an out-of-office's):
	// the letter still waits, and says the follow-up is paused, until
	// FollowUpPausedUntil (the latest of their ends; zero: none given).
	FollowUpPaused      bool      `json:"follow_up_paused,omitempty"`
	FollowUpPausedUntil time.Time `json:"follow_up_paused_until,omitempty"`
}

// GreetingRecord is one greeting or monthly letter keepwarm decided to send:
// the store keeps it under a unique key, (contact, occasion, year and
// SecondOn) for a greeting and (customer, month) for a letter, so nothing
// goes twice.
type GreetingRecord struct {
	Kind       string `json:"kind"` // "greeting" or "letter"
	CustomerID int64  `json:"customer_id"`
	ContactID  int64  `json:"contact_id"`
	Occasion   string `json:"occasion,omitempty"` // greeting: "christmas", "birthday", ...
	Year       int    `json:"year,omitempty"`     // greeting
	// SecondOn is the occasion's date ("2033-12-23") of a greeting for its
	// second time in one Gregorian year (a festival of the lunar calendar
	// in early January and again in late December); "" otherwise.
	SecondOn  string    `json:"second_on,omitempty"`
	Month     string    `json:"month,omitempty"` // letter: "2026-12"
	OutboxKey string    `json:"outbox_key"`
	CreatedAt time.Time `json:"created_at"`
	// Template and TemplateHash are the file it was rendered from and its
	// content's hash: a fix to the file after it was queued is seen
	// before it goes.
	Template     string `json:"template,omitempty"`
	TemplateHash string `json:"template_hash,omitempty"`
}
