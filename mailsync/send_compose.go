package mailsync

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"keepwarm"
)

// Compose returns the exact bytes Deliver sends for item. It is a pure
// function of the item and its account (Date is item.AttemptedAt in the
// item's TimeZone, else the account's, the MIME boundary is derived from
// the Message-ID), so
// the copy filed in Sent after a crash is the same message that went out.
//
// Mail to customers looks like what the salesperson's own client sends: no
// User-Agent, no header or boundary naming keepwarm. keepwarm's own mail to
// the team (nudges, digests, summaries) says it is automatic
// (Auto-Submitted, X-Auto-Response-Suppress), so no out-of-office answers
// it; mail to customers carries neither, so their out-of-office does.
func (s *Sender) Compose(item keepwarm.OutboxItem) ([]byte, error) {
	msg, err := s.buildMsg(item)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("mailsync: compose outbox %d: %w", item.ID, err)
	}
	return buf.Bytes(), nil
}

// CheckHeaders refuses an item whose subject, names, addresses or message ids
// could inject a header: CR, LF or NUL anywhere, or an address that does not
// parse as exactly one address. go-mail guards too; this fails early, with
// the field named, and never reaches the network.
func CheckHeaders(item keepwarm.OutboxItem) error {
	bad := func(field, v string) error {
		if strings.ContainsAny(v, "\r\n\x00") {
			return keepwarm.Errorf(keepwarm.EINVALID, "outbox %d: %s contains a line break", item.ID, field)
		}
		return nil
	}
	addr := func(field string, a keepwarm.Address) error {
		if err := bad(field+" name", a.Name); err != nil {
			return err
		}
		if err := bad(field, a.Email); err != nil {
			return err
		}
		p, err := mail.ParseAddress(a.Email)
		if err != nil || p.Address != a.Email || p.Name != "" {
			return keepwarm.Errorf(keepwarm.EINVALID, "outbox %d: %s %q is not one plain address", item.ID, field, a.Email)
		}
		return nil
	}
	if err := bad("subject", item.Subject); err != nil {
		return err
	}
	if err := addr("from", item.From); err != nil {
		return err
	}
	if len(item.To) == 0 {
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox %d: no recipient", item.ID)
	}
	for _, a := range item.To {
		if err := addr("to", a); err != nil {
			return err
		}
	}
	for _, a := range item.Cc {
		if err := addr("cc", a); err != nil {
			return err
		}
	}
	ids := append([]string{item.MessageID, item.InReplyTo}, item.References...)
	for i, id := range ids {
		if i == 1 && id == "" {
			continue // no In-Reply-To
		}
		if id == "" || strings.ContainsAny(id, "<> \t\r\n\x00") {
			return keepwarm.Errorf(keepwarm.EINVALID, "outbox %d: bad message id %q", item.ID, id)
		}
	}
	return nil
}

// dateLocation is the zone item's Date header is written in: the zone of
// the person it is written in the name of when it carries one (a follow-up
// from the team's sales@ signed by a salesperson in another zone than the
// mailbox's owner), else its mailbox's (the owner's), else UTC. A zone this
// machine cannot load (its tzdata changed since the item was queued) falls
// back to the mailbox's: the same instant, not a mail held for its offset.
func (s *Sender) dateLocation(item keepwarm.OutboxItem) *time.Location {
	if item.TimeZone != "" {
		if loc, err := time.LoadLocation(item.TimeZone); err == nil {
			return loc
		}
	}
	if acct, ok := s.accounts[item.Mailbox]; ok && acct.Location != nil {
		return acct.Location
	}
	return time.UTC
}

// buildMsg turns an item into a go-mail message with every header fixed.
func (s *Sender) buildMsg(item keepwarm.OutboxItem) (*gomail.Msg, error) {
	if err := CheckHeaders(item); err != nil {
		return nil, err
	}
	bnd := boundary(item.MessageID)
	if strings.Contains(item.Text, bnd) || strings.Contains(item.HTML, bnd) {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "outbox %d: body contains the MIME boundary", item.ID)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent(), gomail.WithBoundary(bnd))
	wrap := func(field string, err error) error {
		return fmt.Errorf("mailsync: outbox %d %s: %w", item.ID, field, err)
	}
	if err := m.FromFormat(item.From.Name, item.From.Email); err != nil {
		return nil, wrap("from", err)
	}
	for _, a := range item.To {
		if err := m.AddToFormat(a.Name, a.Email); err != nil {
			return nil, wrap("to", err)
		}
	}
	for _, a := range item.Cc {
		if err := m.AddCcFormat(a.Name, a.Email); err != nil {
			return nil, wrap("cc", err)
		}
	}
	m.Subject(item.Subject)
	m.SetMessageIDWithValue(item.MessageID)
	date := item.AttemptedAt
	if date.IsZero() {
		date = item.DueAt
	}
	m.SetDateWithValue(date.In(s.dateLocation(item)))
	if item.InReplyTo != "" {
		m.SetGenHeader(gomail.HeaderInReplyTo, "<"+item.InReplyTo+">")
	}
	if len(item.References) > 0 {
		// ONE value: several values would be joined with ", ", which other
		// parsers read as a single broken id.
		m.SetGenHeader(gomail.HeaderReferences, "<"+strings.Join(item.References, "> <")+">")
	}
	if item.ToTeam() {
		m.SetGenHeader("Auto-Submitted", "auto-generated")
		m.SetGenHeader("X-Auto-Response-Suppress", "All")
	}
	m.SetBodyString(gomail.TypeTextPlain, item.Text)
	if item.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, item.HTML)
	}
	return m, nil
}
