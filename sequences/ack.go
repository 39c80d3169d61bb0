package sequences

import (
	"context"
	"fmt"
	htmltemplate "html/template"
	"log/slog"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
	"keepwarm/templates"
)

// OriginAck marks the "received, working on it" drafts the reply watch puts
// in a salesperson's Drafts. They are never sent by keepwarm.
const OriginAck = "ack"

// AckTemplate is the template of the draft.
const AckTemplate = "ack"

// AckStore is what the draft needs from the database; store.DB satisfies it.
type AckStore interface {
	GetMessage(ctx context.Context, id int64) (keepwarm.Message, error)
	CustomerForSequence(ctx context.Context, id int64) (keepwarm.Customer, error)
	ContactDetails(ctx context.Context, email string) (salutation, language string, err error)
	// LastOwnMessage is the team's latest outbound message with a text in
	// the thread before t (a zero Message when none).
	LastOwnMessage(ctx context.Context, threadID int64, before time.Time) (keepwarm.Message, error)
	Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)
}

// AckConfig configures the draft; app builds it.
type AckConfig struct {
	// Identities are the salespeople's own mailboxes: the draft goes into
	// the owner's, in their name.
	Identities []Identity
	// On says whether a salesperson wants the drafts (ack_draft).
	On func(person string) bool
	// Templates is the running template set (the manager may edit ack).
	Templates func() *templates.Set
	// Known says whether an address is a salesperson's or a mailbox's of
	// the team (a colleague's), not an alias; nil: none is.
	Known func(email string) bool
	// EnglishFor is sequences.english_for: the languages ("it", or "*")
	// whose threads may get the English draft when there is no ack
	// template in theirs, as a follow-up step may.
	EnglishFor []string
}

// Ack writes the "received, working on it" draft of a waiting customer
// message. It never touches the network: the dispatcher APPENDs the outbox
// item (mode draft) to Drafts.
type Ack struct {
	cfg   AckConfig
	store AckStore
	log   *slog.Logger
}

// NewAck returns the draft writer.
func NewAck(cfg AckConfig, st AckStore, log *slog.Logger) *Ack {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Ack{cfg: cfg, store: st, log: log}
}

// AckKey is the outbox key of the draft about a customer message.
func AckKey(messageID int64) string { return fmt.Sprintf("ack:%d", messageID) }

// Enqueue writes a draft Item built (once: its key makes a repeat a no-op).
func (a *Ack) Enqueue(ctx context.Context, item keepwarm.OutboxItem) error {
	if _, created, err := a.store.Enqueue(ctx, item); err != nil {
		return fmt.Errorf("queue draft %s: %w", item.Key, err)
	} else if created {
		a.log.Info("\"received\" draft queued", "key", item.Key, "mailbox", item.Mailbox)
	}
	return nil
}

// Item builds the draft about nd's message: in its thread (In-Reply-To,
// References, "Re:" subject), in the thread's language, with the
// salutation the thread uses and the signature of the person whose Drafts
// it goes into, from the ack template. That is reader, who gets the nudge:
// the owner, or while the owner is away their backup, when the backup has
// a mailbox of their own and wants the drafts (a backup cannot open the
// owner's Drafts); else the owner. by is whose Drafts: "" when there is
// none to write (turned off, no own mailbox, nothing to reply to).
func (a *Ack) Item(ctx context.Context, nd keepwarm.Nudge, reader string, now time.Time) (item keepwarm.OutboxItem, by string, err error) {
	owner := strings.ToLower(nd.Owner)
	var id Identity
	ok := false
	if reader = strings.ToLower(reader); reader != "" && reader != owner && a.on(reader) {
		id, ok = a.identity(reader, "")
	}
	if !ok {
		if !a.on(owner) {
			return keepwarm.OutboxItem{}, "", nil
		}
		if id, ok = a.identity(owner, nd.Mailbox); !ok {
			a.log.Debug("no \"received\" draft: the owner has no mailbox of their own to draft in", "owner", owner)
			return keepwarm.OutboxItem{}, "", nil
		}
	}
	msg, err := a.store.GetMessage(ctx, nd.MessageID)
	if err != nil {
		return keepwarm.OutboxItem{}, "", err
	}
	if msg.ParseError != "" && strings.TrimSpace(msg.Snippet) == "" {
		// Nothing of it could be read (a fault while reading it, stored
		// from its header alone): it may be a bounce or an automatic
		// answer, and a draft could quote and answer nothing of it.
		a.log.Info("no \"received\" draft: the customer's message could not be read", "message", nd.MessageID)
		return keepwarm.OutboxItem{}, "", nil
	}
	if msg.MessageID == "" || msg.From.Email == "" || msg.CustomerID == 0 {
		a.log.Info("no \"received\" draft: the customer's message has no Message-ID or sender to reply to", "message", nd.MessageID)
		return keepwarm.OutboxItem{}, "", nil
	}
	cust, err := a.store.CustomerForSequence(ctx, msg.CustomerID)
	if err != nil {
		return keepwarm.OutboxItem{}, "", err
	}
	if msg.Date.IsZero() {
		msg.Date = nd.StartedAt
	}
	last, err := a.store.LastOwnMessage(ctx, msg.ThreadID, msg.Date)
	if err != nil {
		return keepwarm.OutboxItem{}, "", err
	}
	if id, err = ackSigned(id, last); err != nil {
		return keepwarm.OutboxItem{}, "", err
	}
	if id, err = a.sendingAs(id, msg, last, nd.Mailbox); err != nil {
		return keepwarm.OutboxItem{}, "", err
	}
	to := a.replyTo(msg)
	r, err := a.render(ctx, cust, msg, last, to[0], id)
	if err != nil {
		return keepwarm.OutboxItem{}, "", err
	}
	return keepwarm.OutboxItem{
		Key: AckKey(nd.MessageID), MessageID: keepwarm.NewMessageID(domainOf(id.Email)), Mailbox: id.Mailbox,
		From: keepwarm.Address{Name: id.Name, Email: id.Email}, To: to,
		Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		InReplyTo: msg.MessageID, References: replyReferences(msg),
		Mode: keepwarm.ModeDraft, CustomerID: msg.CustomerID, ThreadID: msg.ThreadID, Origin: OriginAck,
		DueAt: now, NextAttemptAt: now, CreatedAt: now,
	}, id.Owner, nil
}

// replyTo is where the draft goes, as a mail client's Reply: the
// message's Reply-To (an inquiry relayed by a marketplace or a web form
// comes From a no-reply address), else its sender. A Reply-To naming the
// team's own mailboxes is not followed. A Reply-To address that is the
// message's sender (the buyer of a relayed inquiry is) is named as the
// sender was when the message was synced, read in the charset its text
// part names: the stored header alone may not tell a raw 8-bit name's.
func (a *Ack) replyTo(msg keepwarm.Message) []keepwarm.Address {
	var out []keepwarm.Address
	for _, r := range parse.ReplyTo(msg.RawHeader) {
		if msg.From.Name != "" && strings.EqualFold(r.Email, msg.From.Email) {
			r.Name = msg.From.Name
		}
		if !slices.ContainsFunc(a.cfg.Identities, func(id Identity) bool { return strings.EqualFold(id.Email, r.Email) }) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return []keepwarm.Address{msg.From}
	}
	return out
}

// on says whether person wants the drafts (ack_draft).
func (a *Ack) on(person string) bool { return a.cfg.On != nil && a.cfg.On(person) }

// render writes the draft to to the way a follow-up in the thread is
// written (voiceOf): the language of the salesperson's own last message in
// the thread, else the customer's message's own language, else the book's;
// the salutation that message opened with when it greeted to and names
// only them ("Dear Hans" is no opening for Maria, who took the order over
// from him), else to's in the book, else the neutral form for to's name.
func (a *Ack) render(ctx context.Context, cust keepwarm.Customer, msg, last keepwarm.Message, to keepwarm.Address, id Identity) (templates.Rendered, error) {
	set := a.cfg.Templates()
	if set == nil {
		return templates.Rendered{}, keepwarm.Errorf(keepwarm.EINVALID, "no templates loaded")
	}
	own := last.Text
	name := cleanName(to.Name)
	greeted := greetedIn(last, to) && namesOnlyAt(templates.Opening(own), name, cust.Name)
	sal, contactLang, err := a.store.ContactDetails(ctx, to.Email)
	if err != nil {
		return templates.Rendered{}, err
	}
	book := contactLang
	if book == "" {
		book = cust.Language
	}
	read := bookScript(templates.DetectLanguage(msg.Snippet), msg.Snippet, book) // the customer's own language, "" when not read
	if l := read; l != "" && scriptLang(l) != scriptLang(contactLang) {
		// The customer writes this thread in another language than the
		// book says (or in Traditional characters where the book says
		// Chinese): answer in theirs, and the book's salutation (in the
		// book's language) does not fit.
		contactLang, sal = l, ""
	}
	v := voiceOf(own, greeted, sal, contactLang, cust.Language, cust.Country, func(lang string) string {
		t, _ := set.Lookup(AckTemplate, lang)
		if t == nil {
			return ""
		}
		return t.Lang
	})
	sig := id.Signature
	if sig == "" {
		sig = id.Name
	}
	data := templates.Data{
		Customer: cust,
		Contact:  templates.NewContact(name, to.Email),
		Owner: templates.Owner{Name: id.Name, Email: id.Email, Signature: sig,
			SignatureHTML: htmltemplate.HTML(id.SignatureHTML)},
		Original: originalOf(msg, id),
	}.Of(templates.KindFollowUp) // a mail in the thread: no occasion, no month
	data.Contact.Salutation = v.Salutation
	r, err := set.Render(AckTemplate, v.Lang, data)
	if err != nil {
		return r, err
	}
	// The language read from the thread (the salesperson's own last mail
	// in it, else the customer's words) with no template of its own: an
	// English form letter in an Italian conversation tells the customer a
	// program wrote it, as a follow-up step would (stepRefusal).
	if v.Read {
		read = v.Lang
	}
	if want := scriptLang(read); want != "" && want != scriptLang(r.Lang) && !a.englishFor(want) {
		return r, &AckLanguageError{Lang: want, File: AckTemplate + "." + want + ".tmpl"}
	}
	// "Hi ," to a sender without a name is no draft to leave.
	if err := templates.CheckNameSlot(r); err != nil {
		return r, err
	}
	// "Ihnen" in a thread on "du" terms (the salesperson's last mail, or
	// the customer's own) is no draft to leave either, nor "du" in one on
	// "Sie" terms; the template's own words count (Prose), not the quote,
	// the signature or the names.
	for _, own := range []string{last.Text, msg.Snippet} {
		if primaryLang(templates.DetectLanguage(own)) != primaryLang(r.Lang) {
			continue
		}
		if ownWord, textWord, familiarOwn := registerClashEither(r.Lang, own, r.Prose()); ownWord != "" {
			if familiarOwn {
				return r, &AckRegisterError{File: r.File, Familiar: ownWord, Formal: textWord}
			}
			return r, &AckRegisterError{File: r.File, Familiar: textWord, Formal: ownWord, OverFamiliar: true}
		}
	}
	return r, nil
}

// englishFor says whether a thread in lang may get the English draft
// (sequences.english_for; primary tags: "zh" covers Traditional too).
func (a *Ack) englishFor(lang string) bool {
	p := primaryLang(lang)
	return p == "" || slices.Contains(a.cfg.EnglishFor, "*") || slicesContains(a.cfg.EnglishFor, p) || slicesContains(a.cfg.EnglishFor, lang)
}

// AckLanguageError is why no "received" draft is left: the thread is in
// Lang and there is no ack template in it (File), and english_for does not
// allow the English one.
type AckLanguageError struct {
	Lang, File string
}

func (e *AckLanguageError) Error() string {
	return fmt.Sprintf("the customer writes in %s and there is no %s: no draft in another language (add one, or list %q in sequences.english_for)", e.Lang, e.File, primaryLang(e.Lang))
}

// AckRegisterError is why no "received" draft is left: the thread writes
// in the familiar register (Familiar, "dir"), the template in the formal
// one (Formal, "Ihnen"); or, OverFamiliar, the thread in the formal one
// and the template in the familiar one.
type AckRegisterError struct {
	File             string
	Familiar, Formal string
	OverFamiliar     bool
}

func (e *AckRegisterError) Error() string {
	thread, tmpl := e.Familiar, e.Formal
	if e.OverFamiliar {
		thread, tmpl = e.Formal, e.Familiar
	}
	return fmt.Sprintf("the thread says %q, %s says %q: no draft in a register the customer is not written to", thread, e.File, tmpl)
}

// AckUnsignedError is why no "received" draft is written for Person: no
// name to sign it with, so it would go From a bare address and end in an
// empty signature.
type AckUnsignedError struct {
	Person string // whose Drafts it would go into
	Email  string // the address it would be From
}

func (e *AckUnsignedError) Error() string {
	return fmt.Sprintf("no name to sign the \"received\" draft from %s with: set name (and signature) on the [[salesperson]] %s in the config", e.Email, e.Person)
}

// ackSigned is id as the draft is signed, as a follow-up from the
// salesperson's own mailbox is (signedAs): their configured name, else
// the name their last mail in the thread went out with from this address,
// else the mailbox's from_name; an *AckUnsignedError when there is none.
func ackSigned(id Identity, last keepwarm.Message) (Identity, error) {
	switch {
	case nameable(id.Name):
		id.Name = strings.TrimSpace(id.Name)
	case strings.EqualFold(last.From.Email, id.Email) && nameable(last.From.Name):
		id.Name = strings.TrimSpace(last.From.Name)
	case nameable(id.MailboxName):
		id.Name, id.Signature, id.SignatureHTML = strings.TrimSpace(id.MailboxName), id.MailboxSignature, ""
	default:
		return id, &AckUnsignedError{Person: id.Owner, Email: id.Email}
	}
	return id, nil
}

// sendingAs is id as the draft is From: the address the team's last mail
// in the thread went out from when the mailbox may send as it, else the
// one the customer wrote to when it may (the owner's address by the rule
// follow-ups keep, SendsAsOwner; an address in send_as); a *SendAsError
// when the thread ran from another brand's address the mailbox cannot
// send as (see sendingAs). The customer wrote to the owner's address in
// another mailbox than id's (her company mailbox keepwarm only reads,
// beside her 163.com account that sends): not From id's login, an address
// the buyer never wrote to, but a *SendAsError unless id may send as it
// (or is the team's shared sales@ on her domain). cameTo is the mailbox the
// customer's mail came to.
func (a *Ack) sendingAs(id Identity, msg, last keepwarm.Message, cameTo string) (Identity, error) {
	if last.ID != 0 && last.Kind == keepwarm.KindOutbound {
		out, err := sendingAs(id, last.From.Email, last.SentIn, a.cfg.Known)
		if err != nil || !strings.EqualFold(out.Email, id.Email) {
			return out, err
		}
	}
	for _, to := range append(slices.Clone(msg.To), msg.Cc...) {
		if strings.EqualFold(to.Email, id.Owner) && (SendsAsOwner(id, false) || id.Mailbox != cameTo) || slices.Contains(id.SendAs, strings.ToLower(to.Email)) {
			return sendingAs(id, to.Email, "", a.cfg.Known)
		}
	}
	return id, nil
}

// ownerOf is whose mailbox is (the person in whose Drafts a draft filed
// there is); "" when none of the identities is it.
func (a *Ack) ownerOf(mailbox string) string {
	for _, id := range a.cfg.Identities {
		if id.Mailbox == mailbox {
			return strings.ToLower(id.Owner)
		}
	}
	return ""
}

// identity is the owner's mailbox to draft in: the one the message came
// to when it is theirs, else their own one (Personal: not the team's
// sales@ listed before it), else their first.
func (a *Ack) identity(owner, mailbox string) (Identity, bool) {
	var own, first *Identity
	for i, id := range a.cfg.Identities {
		if !strings.EqualFold(id.Owner, owner) {
			continue
		}
		if id.Mailbox == mailbox {
			return id, true
		}
		if own == nil && personal(id) {
			own = &a.cfg.Identities[i]
		}
		if first == nil {
			first = &a.cfg.Identities[i]
		}
	}
	switch {
	case own != nil:
		return *own, true
	case first != nil:
		return *first, true
	}
	return Identity{}, false
}
