package sequences

import (
	"fmt"
	"slices"
	"strings"
)

// SendAsError is why a mail in a thread the team ran from another address
// (an alias, a second brand's) is not sent: the mailbox may not send as
// it, and from the main address it would tie the two brands together in
// front of the buyer.
type SendAsError struct {
	Address string // the address the thread's mail went out from
	Mailbox string // the mailbox that would send
}

func (e *SendAsError) Error() string {
	return fmt.Sprintf("the mail went out from %s, which mailbox %q cannot send as: add it to send_as on that [[mailbox]] in the config (if its server lets the login send as it), then resume",
		e.Address, e.Mailbox)
}

// sendingAs is id as a mail in a thread whose team mail went out from
// from is sent: from that address when the mailbox may send as it (its
// send_as), signed with the name only, since the configured signature is
// the main address's (another brand's, maybe). From id's own address, from
// a colleague's (known) or from one on id's own domain, id is unchanged:
// the owner follows up in their own name. From any other address (a
// second brand's alias not in send_as) it is a *SendAsError.
//
// A mailbox whose login is not its owner's address (a Microsoft 365
// sign-in name that is not the primary SMTP address, an Exmail or NetEase
// login alias) sends a thread that ran from the owner's own address from
// that address, signature kept: on the login's own domain it is the
// login's own primary address, and a third address in the thread would
// show the buyer a second one for the same person. On another domain
// (the team's 163.com account owned by the manager) it is no address of
// the login's: a *SendAsError says to list it in send_as if the login may
// send as it.
func sendingAs(id Identity, from string, known func(email string) bool) (Identity, error) {
	from = strings.ToLower(strings.TrimSpace(from))
	switch {
	case from == "" || strings.EqualFold(from, id.Email):
		return id, nil
	case strings.EqualFold(from, id.Owner) && strings.EqualFold(domainOf(from), domainOf(id.Email)):
		id.Email = from
		return id, nil
	case slices.Contains(id.SendAs, from):
		id.Email = from
		id.Signature, id.SignatureHTML = "", ""
		return id, nil
	case strings.EqualFold(from, id.Owner):
		// The owner's address on another domain than the login's.
	case known != nil && known(from), strings.EqualFold(domainOf(from), domainOf(id.Email)):
		return id, nil
	}
	return id, &SendAsError{Address: from, Mailbox: id.Mailbox}
}

// knownSender says whether email is a person's or a mailbox's of the team
// (a colleague's), not an alias.
func (f *FollowUp) knownSender(email string) bool {
	email = strings.ToLower(email)
	if f.cfg.People[email] != "" {
		return true
	}
	return slices.ContainsFunc(f.cfg.Identities, func(id Identity) bool { return strings.EqualFold(id.Email, email) })
}
