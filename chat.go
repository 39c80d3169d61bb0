package keepwarm

import (
	"strings"
	"time"
)

// ChatMailboxPrefix starts the outbox mailbox name of a chat channel's
// items ("chat:wecom"): the mail dispatcher never sends them (no mail
// account has such a name), the chat dispatcher sends nothing else.
const ChatMailboxPrefix = "chat:"

// ChatMailbox is the outbox mailbox name of channel's items.
func ChatMailbox(channel string) string { return ChatMailboxPrefix + channel }

// ChatChannelOf returns the channel an outbox mailbox name stands for; ok is
// false for a mail account.
func ChatChannelOf(mailbox string) (string, bool) {
	return strings.CutPrefix(mailbox, ChatMailboxPrefix)
}

// ChatBlock is what a chat robot said that holds beyond one post, kept
// for the next process (`keepwarm tick` makes a dispatcher each pass).
type ChatBlock struct {
	// Robot is the fingerprint of the robot the channel posted to (a
	// hash of its webhook address and kind, never the address): a block
	// kept for another robot, the channel's url_env pointing elsewhere
	// since, is not this one's.
	Robot string
	// Until: no post before it (DingTalk's 130101, a Retry-After), for
	// Reason, the platform's words.
	Until  time.Time
	Reason string
	// Budget is the most bytes a message may have after the platform
	// refused one as too long (0 = the platform's limit), set at
	// BudgetSince: it holds for a while, not for good.
	Budget      int
	BudgetSince time.Time
}

// ChatNote is what a chat channel shows of an outbox item: the nudge's
// content as fields, so that each platform lays it out in its own markdown
// or card format. It is stored with the item (never the channel's URL or
// secret, which stay in the config's env or command).
type ChatNote struct {
	Channel string `json:"channel"` // the [[notify.channel]] name
	// Mentions are the platform's ids of the people to @-mention: a user
	// id, or a mobile number where the platform takes one.
	Mentions []string `json:"mentions,omitempty"`
	Title    string   `json:"title"`    // "Reply due: Hans Meier (Meier GmbH) waiting 5 min"
	Customer string   `json:"customer"` // "Hans Meier (Meier GmbH) <hans@meier.de>"
	Subject  string   `json:"subject"`  // the customer's subject
	Waiting  string   `json:"waiting"`  // "5 min"
	Excerpt  string   `json:"excerpt,omitempty"`
	Link     string   `json:"link,omitempty"` // the message's page in the web UI
	Urgent   bool     `json:"urgent,omitempty"`
	// Unreadable: nothing of the customer's mail could be read; the
	// channel says so (NudgeWords.Unreadable) in its reader's language.
	// An empty Subject is shown as NudgeWords.NoSubject likewise.
	Unreadable bool `json:"unreadable,omitempty"`
	// Draft says where the "received" draft of the customer's mail is,
	// or why there is none (nil: nothing to say).
	Draft *ChatDraft `json:"draft,omitempty"`
	// Reader is the name of the person the nudge is for, never shown: a
	// post merging nudges of several readers (or of one unknown, "" from
	// an older keepwarm) names whose Drafts a draft is in. Mentions say
	// nothing of who reads: a group robot has no @-id.
	Reader string `json:"reader,omitempty"`

	// The fields below let the channel lay the nudge out when it posts,
	// in the reader's language, with the waiting time counted then (a
	// post that waited for a rate limit or a retry says how long the
	// customer has waited by now). A note without Since (queued by an
	// older keepwarm) is shown as stored: Title, Customer, Waiting.

	// Lang is the reader's language, "zh" or "en"; "" = the channel's
	// (Chinese on WeCom, DingTalk and Feishu, English elsewhere).
	Lang  string    `json:"lang,omitempty"`
	Since time.Time `json:"since,omitzero"` // when the customer's message arrived
	// Target is the message's reply target: a nudge posted once it has
	// passed says so in its title, whatever level it was queued at.
	Target  time.Duration `json:"target,omitempty"`
	Name    string        `json:"name,omitempty"`    // the contact's name, else their address
	Company string        `json:"company,omitempty"` // the customer's company
	Contact string        `json:"contact,omitempty"` // the contact's address
	// Cover is set when the reader covers for an absent owner.
	Cover *ChatCover `json:"cover,omitempty"`
	// CopySubject and CopyText are the manager's copy of the nudge, in the
	// language of the post's first reader who is not the person nudged:
	// what goes by mail to such a reader when the post fails, instead of
	// the nudged person's own words ("" on a post with no such reader).
	CopySubject string `json:"copy_subject,omitempty"`
	CopyText    string `json:"copy_text,omitempty"`
	// Nudged is set on the manager's own copy of a target nudge (a
	// channel the nudged person is not on): who was nudged about the
	// mail, by name, and NudgedFor whose customer they answer for ("" =
	// their own).
	Nudged    string `json:"nudged,omitempty"`
	NudgedFor string `json:"nudged_for,omitempty"`
	// Test marks `keepwarm check --notify`'s sample: no customer waits.
	Test bool `json:"test,omitempty"`
	// Alert, when set, makes the note no nudge but a word to the team
	// about keepwarm itself: the [notify] sender failing, with this error
	// (NudgeWords.AlertNotify), without any customer's fields.
	Alert string `json:"alert,omitempty"`
}

// ChatDraft is what a nudge says of the "received" draft keepwarm put
// into Drafts at the first nudge: Ready, in the reader's own Drafts, in
// In's (a person's name, else their address) when not the reader's, or in
// the reader's in their own name while Away (the owner, named likewise) is
// away; else None, why none
// was written (NoDraftName...), with its Args: the opening (name); the
// merge field and the part it is in (placeholder); the salesperson
// (signer); the thread's word and the template's (register, familiar);
// the thread's language, the template it lacks and the tag for
// english_for (lang); the template file and the field (unset); the alias
// and the mailbox (send_as).
//
// Filed, with Ready, is when keepwarm filed the draft ("09:05", in the
// zone the nudge gives the customer's mail's arrival in): the target nudge
// says that as a past fact, since keepwarm does not look in Drafts and
// cannot see a draft deleted since. "" at the first nudge, where the draft
// is being filed.
type ChatDraft struct {
	Ready bool   `json:"ready,omitempty"`
	Filed string `json:"filed,omitempty"`
	In    string `json:"in,omitempty"`
	Away  string `json:"away,omitempty"`
	// Whose is the reader's name, whose Drafts "your Drafts" are: a post
	// merging several nudges (each with its own reader, all @-mentioned
	// at its end) names them instead ("" from an older keepwarm: "your").
	Whose string `json:"whose,omitempty"`
	// Named is set (never stored) where a post merges nudges of several
	// readers: the line names Whose's Drafts, keeping what it says to do.
	Named bool     `json:"-"`
	None  string   `json:"none,omitempty"`
	Args  []string `json:"args,omitempty"`
}

// ChatCover says whose customer a nudge sent to a backup is: the owner's
// name and their last day away as entered ("2027-01-02", or a time
// "2027-01-02 18:00"; "" = until they send a normal mail again).
type ChatCover struct {
	Owner string `json:"owner"`
	Until string `json:"until,omitempty"`
	// NoReturnDate: their out-of-office reply named no return date; Until
	// is the day keepwarm takes them as back at the latest.
	NoReturnDate bool `json:"no_return_date,omitempty"`
	// NotOnTeam: Owner is not on the team any more (no [[salesperson]]),
	// and the reader stands in for them until their customers are handed
	// on.
	NotOnTeam bool `json:"not_on_team,omitempty"`
}

// IsMobile reports whether a mention id can only be a mobile number: a +
// and 7 to 15 digits (a country code and the number), or 11 digits from 13
// to 19 (a mainland China mobile). Any other run of digits is a user id:
// many companies make the WeCom userid or the DingTalk userId the employee
// number, and mentioning that as a mobile would ping nobody.
func IsMobile(id string) bool {
	if rest, ok := strings.CutPrefix(id, "+"); ok {
		return len(rest) >= 7 && len(rest) <= 15 && allDigits(rest)
	}
	return len(id) == 11 && id[0] == '1' && id[1] >= '3' && allDigits(id)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
