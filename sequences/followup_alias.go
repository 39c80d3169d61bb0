package sequences

import (
	"fmt"
	"slices"
	"strings"

	"keepwarm/templates"
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
// from is sent; sentIn is the mailbox whose Sent holds that mail (its
// SentIn). From id's own address, from a colleague's (known) or from one on
// id's own domain, id is unchanged: the owner follows up in their own name.
// From the owner's address, when the mailbox may send as it (SendsAsOwner),
// it goes from that address, signature kept: it is her own address, and a
// login's address in the thread would show the buyer a second one for the
// same person. From another address the mailbox lists in send_as, it goes
// from that address signed with the name only, since the configured
// signature is the main address's (another brand's, maybe). From any other
// address (a second brand's alias not in send_as, the owner's address on
// another domain that this mailbox never sent from) it is a *SendAsError,
// except that a shared mailbox on its owner's domain (id.Shared: the
// team's sales@acme.com owned by lily@acme.com) that may not send as its
// owner sends from its own address, as in a thread a colleague ran. Her
// account on another domain (lilytrade@163.com) is no shared mailbox of
// the team's, whatever id.Shared says: from it the buyer would see a third
// address, so that is a *SendAsError too.
func sendingAs(id Identity, from, sentIn string, known func(email string) bool) (Identity, error) {
	from = strings.ToLower(strings.TrimSpace(from))
	switch {
	case from == "" || strings.EqualFold(from, id.Email):
		return id, nil
	case strings.EqualFold(from, id.Owner):
		if SendsAsOwner(id, sentIn != "" && sentIn == id.Mailbox) {
			id.Email = from
			return id, nil
		}
		if id.Shared && strings.EqualFold(domainOf(id.Owner), domainOf(id.Email)) {
			return id, nil
		}
	case slices.Contains(id.SendAs, from):
		id.Email = from
		id.Signature, id.SignatureHTML = "", ""
		return id, nil
	case known != nil && known(from), strings.EqualFold(domainOf(from), domainOf(id.Email)):
		return id, nil
	}
	return id, &SendAsError{Address: from, Mailbox: id.Mailbox}
}

// SendsAsOwner says whether mailbox id may send from its owner's address,
// signed with its configured signature (the owner's own): its login is
// that address; or the address is on the login's domain (the primary
// address behind a Microsoft 365 sign-in name, an Exmail or NetEase login
// alias), unless the mailbox is a shared one (id.Shared: the team's sales@
// owned by the manager sends from sales@, not from his address); or
// send_as lists it; or sentBefore, this very mailbox sent mail From it
// (its copy is in the mailbox's own Sent: a Microsoft 365
// lily@seller.onmicrosoft.com login sending as lily@seller.com, a QQ login
// writing as its foxmail.com alias). Otherwise the login is not known to
// be able to send as it. Follow-ups and "received" drafts decide by it; a
// greeting or letter from the owner's address should too.
func SendsAsOwner(id Identity, sentBefore bool) bool {
	owner := strings.ToLower(strings.TrimSpace(id.Owner))
	switch {
	case owner == "":
		return false
	case strings.EqualFold(owner, id.Email), !id.Shared && strings.EqualFold(domainOf(owner), domainOf(id.Email)):
		return true
	}
	return slices.Contains(id.SendAs, owner) || sentBefore
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

// isRoleLogin says whether id logs in as a role address (sales@, info@),
// not as its owner nor as a person's sign-in name.
func isRoleLogin(id Identity) bool {
	local, _, _ := strings.Cut(strings.ToLower(id.Email), "@")
	return !strings.EqualFold(id.Email, id.Owner) && templates.IsRoleLocal(local)
}
