package sequences

import (
	"strings"

	"keepwarm"
)

// signedAs is id as the follow-up after anchor is signed (the From name
// and the signature), or an error saying why nobody can be named: a mail
// from a bare address ending in an empty signature shows that no person
// wrote it, so it is not sent.
//
// From a salesperson's own mailbox the follow-up is theirs (when the
// config has no name for them, the name their mail went out with). A shared
// mailbox (its address is not its owner's: the team's sales@) is written
// from by several people, so the follow-up speaks for the one who wrote
// the mail followed up (the From name it went out with; their signature
// when that name or address is a [[salesperson]]'s), else for the
// customer's owner, else as the mailbox's own from_name, else as the
// mailbox's owner.
func (f *FollowUp) signedAs(id Identity, anchor keepwarm.Message, owner string) (Identity, error) {
	shared := !strings.EqualFold(id.Email, id.Owner)
	own := Signer{Email: id.Owner, Name: id.Name, Signature: id.Signature, SignatureHTML: id.SignatureHTML}
	mailbox := Signer{Name: id.MailboxName, Signature: id.MailboxSignature}
	var order []Signer
	switch {
	case shared:
		order = []Signer{f.writer(anchor, mailbox), f.signer(owner), mailbox, own}
	case strings.EqualFold(anchor.From.Email, id.Email):
		order = []Signer{own, f.writer(anchor, mailbox), mailbox}
	default: // a colleague's mail followed up in the owner's name
		order = []Signer{own, mailbox}
	}
	for _, s := range order {
		if nameable(s.Name) {
			id.Name, id.Signature, id.SignatureHTML = strings.TrimSpace(s.Name), s.Signature, s.SignatureHTML
			id.SignedBy = strings.ToLower(s.Email)
			if id.SignedBy != "" && !strings.EqualFold(id.SignedBy, id.Owner) && f.cfg.PersonLocation != nil {
				// In their name, in their zone: the quote's times and the
				// Date header (Identity.Zone) are the signer's, as their
				// own mail client writes them, not the mailbox owner's.
				if loc := f.cfg.PersonLocation(id.SignedBy); loc != nil {
					id.Location, id.Zone = loc, loc.String()
				}
			}
			return id, nil
		}
	}
	if !shared {
		return id, keepwarm.Errorf(keepwarm.EINVALID, "no name to sign with for %s: set name (and signature) on the [[salesperson]] %s in the config, then resume",
			id.Email, id.Owner)
	}
	return id, keepwarm.Errorf(keepwarm.EINVALID, "no name to sign with for %s: the mail followed up went out without a sender name and the customer has no owner with a name; set from_name (and signature) on [[mailbox]] %q in the config, then resume",
		id.Email, id.Mailbox)
}

// signerOf is the Enrollment.Signer of a follow-up sent as id after
// anchor: the salesperson its steps are signed as (signedAs) when that is
// not id's owner, else "" (the owner's own mailbox, or a shared mailbox's
// follow-up in its owner's name). Enrolling and every later mail that takes
// the thread over set it, so the one told of the steps and held on their
// absence is the one they go out in the name of.
func (f *FollowUp) signerOf(id Identity, anchor keepwarm.Message, owner string) string {
	signed, err := f.signedAs(id, anchor, owner)
	if err != nil || signed.SignedBy == "" || strings.EqualFold(signed.SignedBy, id.Owner) {
		return ""
	}
	return signed.SignedBy
}

// writer is who wrote anchor, as a signer: the salesperson whose address
// it came from, else the salesperson (or the shared mailbox) whose name it
// went out with, else that name alone. No name: a zero Signer.
func (f *FollowUp) writer(anchor keepwarm.Message, mailbox Signer) Signer {
	name := strings.TrimSpace(anchor.From.Name)
	if s := f.signer(anchor.From.Email); s.Email != "" {
		if !nameable(s.Name) {
			s.Name = name
		}
		return s
	}
	if !nameable(name) {
		return Signer{}
	}
	for _, s := range f.cfg.Signers {
		if strings.EqualFold(strings.TrimSpace(s.Name), name) {
			return s
		}
	}
	if strings.EqualFold(strings.TrimSpace(mailbox.Name), name) {
		return mailbox
	}
	return Signer{Name: name}
}

// signer is the salesperson with that address; a zero Signer when none.
func (f *FollowUp) signer(email string) Signer {
	if email == "" {
		return Signer{}
	}
	for _, s := range f.cfg.Signers {
		if strings.EqualFold(s.Email, email) {
			return s
		}
	}
	return Signer{}
}

// nameable says whether a display name can sign a mail: not empty, and not
// an address standing in for a name.
func nameable(name string) bool {
	name = strings.TrimSpace(name)
	return name != "" && !strings.Contains(name, "@")
}
