package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/web"
)

// A follow-up template's preview for a real customer (the console's and
// keepwarm preview's) is the step's own: written to whom the step would
// write, with the step's opening, and with the checks the step makes on
// its text, so that it never shows a clean mail the step would send to
// someone else or not at all.

// PreviewRecipient is who a follow-up's preview writes to: the contact
// named by customer (what keepwarm preview was given; "" names none), else
// the one a step writes to first (stepTo: the first of the customer's
// contacts the followed-up mail went to who may still be written to), else
// the first the mail went to (who bounced or opted out), else the book's
// first contact.
func PreviewRecipient(customer string, contacts []keepwarm.Address, anchor keepwarm.Message, stepTo []keepwarm.Address) keepwarm.Address {
	if customer != "" {
		for _, c := range contacts {
			if strings.EqualFold(c.Email, customer) {
				return c
			}
		}
		if strings.Contains(customer, "@") {
			return keepwarm.Address{Email: customer}
		}
	}
	if len(stepTo) > 0 && anchor.ID != 0 {
		return stepTo[0]
	}
	if a, ok := sequences.StepRecipient(anchor); ok {
		return a
	}
	if len(contacts) > 0 {
		return contacts[0]
	}
	return keepwarm.Address{Email: customer}
}

// RecipientGone says why no follow-up is written to to: it bounced, opted
// out or left the company (blocked, from StepRecipients, may name it
// already); "" when one may be.
func RecipientGone(ctx context.Context, db *store.DB, to keepwarm.Address, blocked map[string]string) (string, error) {
	if to.Email == "" {
		return "", nil
	}
	key := strings.ToLower(to.Email)
	why, ok := blocked[key]
	if !ok {
		found, err := db.BlockedAddresses(ctx, []string{to.Email})
		if err != nil {
			return "", err
		}
		why, ok = found[key]
	}
	if !ok {
		return "", nil
	}
	return fmt.Sprintf("%s %s: no follow-up is written to it", to.Email, strings.ReplaceAll(why, "-", " ")), nil
}

// StepInputs is what a follow-up step's preview for a real customer is
// rendered from, found as the step finds it.
type StepInputs struct {
	// To is whom the step writes to first; Rcpts all it writes to (To
	// and Cc; none when Sample).
	To    keepwarm.Address
	Rcpts []keepwarm.Address
	// Anchor is the mail followed up: our latest to the customer, or,
	// when Sample (there is none), the sample original.
	Anchor keepwarm.Message
	Sample bool
	// ID is who the step goes from and is signed as: the thread's own
	// sender and alias, the mailbox's signer; the sample sender when
	// IDErr says no step would be sent.
	ID    sequences.Identity
	IDErr error
	// Gone says why no step is written to To (it bounced, opted out or
	// left the company); nil when one may be.
	Gone error
}

// StepPreviewInputs finds what a follow-up step for cust would be written
// from (the console's preview and keepwarm preview both render from it):
// the mail it follows up (our latest mail in the customer's latest
// threads), to whom (named, what keepwarm preview was given, when it is
// one of them; "" names none), and as whom.
func StepPreviewInputs(ctx context.Context, db *store.DB, eng previewEngine, cust keepwarm.Customer, named string) (StepInputs, error) {
	var in StepInputs
	contacts, err := db.ContactsOf(ctx, cust.ID)
	if err != nil {
		return in, err
	}
	anchor, mailbox, err := LatestOutbound(ctx, db, cust)
	if err != nil {
		return in, err
	}
	// Written to as the step would: its recipients now, without those
	// who bounced or opted out since the mail (a Cc'd one moves to To).
	stepTo, stepCc, blocked, err := eng.StepRecipients(ctx, cust, anchor)
	if err != nil {
		return in, err
	}
	in.To = PreviewRecipient(named, contacts, anchor, stepTo)
	if anchor.ID != 0 {
		in.Rcpts = append(append(in.Rcpts, stepTo...), stepCc...)
	}
	gone, err := RecipientGone(ctx, db, in.To, blocked)
	if err != nil {
		return in, err
	}
	if gone != "" {
		in.Gone = errors.New(gone)
	}
	// Sent and signed as a step would be; a sample anchor has no writer
	// of its own.
	in.ID, in.IDErr = eng.PreviewIdentity(cust.Owner, anchor, mailbox)
	if in.IDErr != nil {
		in.ID = SampleIdentity()
	}
	in.Anchor = anchor
	if anchor.ID == 0 {
		in.Sample = true
		s := templates.SampleData()
		in.Anchor = keepwarm.Message{Subject: s.Original.Subject, Date: s.Original.Date, From: s.Original.From, Text: s.Original.Text}
	}
	return in, nil
}

// LatestOutbound is the message a resend would follow up: the latest
// outbound mail in the customer's most recent thread that has one (zero
// when none of the latest previewThreads has: a newer thread the customer
// opened and we did not answer yet does not hide our earlier mail), and
// the mailbox it was seen in first.
func LatestOutbound(ctx context.Context, db *store.DB, cust keepwarm.Customer) (keepwarm.Message, string, error) {
	threads, err := db.ListThreads(ctx, store.ThreadFilter{Customer: cust.Key, Limit: previewThreads})
	if err != nil {
		return keepwarm.Message{}, "", err
	}
	for _, th := range threads {
		c, err := db.ThreadAnchor(ctx, th.ID)
		if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
			continue
		}
		if err != nil {
			return keepwarm.Message{}, "", err
		}
		msg, err := db.GetMessage(ctx, c.AnchorID)
		if err == nil && msg.Date.IsZero() {
			msg.Date = c.AnchorAt
		}
		return msg, c.Mailbox, err
	}
	return keepwarm.Message{}, "", nil
}

// SampleIdentity is the sample sender: a preview with nobody to send as.
func SampleIdentity() sequences.Identity {
	s := templates.SampleData().Owner
	return sequences.Identity{Name: s.Name, Email: s.Email, Signature: s.Signature}
}

// previewThreads is how many of a customer's latest threads a preview
// looks through for our latest mail.
const previewThreads = 20

// previewStep fills pv with template name rendered for cust as a follow-up
// step would send it: to whom the step writes (and why it would not, a
// problem headed notSentPrefix), from and signed as the step's sender, in
// the step's language and opening. edited is the file being edited (nil:
// it did not load, so nothing is rendered); when cust would get another
// file of the name, edited is shown as a contact writing its language
// would get it, with a note. data is what was rendered with.
func (b *WebBackend) previewStep(ctx context.Context, eng previewEngine, pv *web.Preview, set *templates.Set, name, file string, edited *templates.Template, cust keepwarm.Customer) (data templates.Data, err error) {
	pv.Customer = customerName(cust.Name, cust.Key)
	in, err := StepPreviewInputs(ctx, b.d.DB, eng, cust, "")
	if err != nil {
		return data, err
	}
	to, rcpts, id, anchor := in.To, in.Rcpts, in.ID, in.Anchor
	if in.Sample {
		pv.SampleWhy = "no mail of ours to this customer: the quoted original is a sample"
	} else {
		pv.Sample = false
	}
	notSent := []error{in.Gone, in.IDErr}
	pv.To = to.Email
	if edited != nil {
		r, d, refusal, err := eng.PreviewStep(ctx, set, name, cust, to, rcpts, id, anchor)
		data = d
		notSent = append(notSent, refusal)
		if otherFile(r, file) {
			// Another file is this customer's: the edited one is shown
			// in its own language, without the opening written for
			// the other, and with the checks its own text would meet.
			pv.LangNote = otherFileNote(r, edited)
			if r.File != "" {
				err = nil // the other file's problem is not this one's
			}
			d.Contact.Salutation = ""
			var rerr error
			if r, rerr = edited.Render(d); rerr != nil && err == nil {
				err = fmt.Errorf("templates: %w", rerr)
			}
			if rerr == nil {
				notSent = append(notSent, eng.StepRefusal(name, r, sequences.ThreadVoice{Lang: edited.Lang}, anchor, to))
			}
		}
		if err != nil {
			pv.Problems = append(pv.Problems, web.Problem{Msg: err.Error()})
		}
		pv.Lang, pv.Subject, pv.Text, pv.HTML = r.Lang, r.Subject, r.Text, r.HTML
	}
	seen := map[string]bool{}
	for _, e := range notSent {
		if e == nil || seen[e.Error()] {
			continue
		}
		seen[e.Error()] = true
		pv.Problems = append(pv.Problems, web.Problem{Msg: notSentPrefix + e.Error()})
	}
	return data, nil
}
