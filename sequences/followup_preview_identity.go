package sequences

import "keepwarm"

// PreviewIdentity is who a follow-up of anchor (seen first in mailbox)
// for a customer of owner is sent from and signed as, found as enrolling
// and composing a step find it; the error says why such a follow-up is
// not sent at all. An anchor without a sender (a sample) is signed as a
// step signs a mail nobody in particular wrote. It does not block.
func (f *FollowUp) PreviewIdentity(owner string, anchor keepwarm.Message, mailbox string) (Identity, error) {
	id, ok := f.identityFor(owner, anchor.From.Email, sentFrom(anchor.SentIn, mailbox))
	if !ok {
		return Identity{}, keepwarm.Errorf(keepwarm.EINVALID, "no mailbox to send from: give the customer an owner whose [[mailbox]] has an smtp_url")
	}
	if anchor.From.Email != "" && !f.speaksFor(id, anchor.From.Email) {
		return Identity{}, keepwarm.Errorf(keepwarm.EINVALID, "%s", notInTheirName(anchor.From.Email, id))
	}
	id, err := f.signedAs(id, anchor, owner)
	if err != nil {
		return id, err
	}
	if anchor.Kind == keepwarm.KindOutbound {
		// From the alias the thread ran from, or not at all.
		return sendingAs(id, anchor.From.Email, anchor.SentIn, f.knownSender)
	}
	return id, nil
}
