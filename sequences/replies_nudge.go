package sequences

import (
	"fmt"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// nudgeLines is how many lines of the customer's message a nudge quotes.
const nudgeLines = 4

// nudgeItem builds the outbox item of one nudge: to the owner, and at level
// 2 with a copy to the manager when escalation is on. ok is false when there
// is nobody to send it to.
func (w *ReplyWatch) nudgeItem(nd keepwarm.Nudge, now time.Time) (keepwarm.OutboxItem, bool) {
	to := nd.Owner
	var cc []keepwarm.Address
	if nd.Level >= 2 && w.cfg.Escalate && w.cfg.Manager != "" {
		if to == "" {
			to = w.cfg.Manager
		} else if w.cfg.Manager != to {
			cc = []keepwarm.Address{{Email: w.cfg.Manager}}
		}
	}
	if to == "" {
		return keepwarm.OutboxItem{}, false
	}
	key := fmt.Sprintf("nudge:%d:%d", nd.MessageID, nd.Level)
	_, domain, _ := strings.Cut(w.cfg.NotifyFrom.Email, "@")
	subject, text := w.nudgeText(nd, now)
	return keepwarm.OutboxItem{
		Key:       key,
		MessageID: keepwarm.NewMessageID(domain),
		Mailbox:   w.cfg.NotifyMailbox,
		From:      w.cfg.NotifyFrom,
		To:        []keepwarm.Address{{Email: to}},
		Cc:        cc,
		Subject:   subject,
		Text:      text,
		Mode:      keepwarm.ModeSend,
		DueAt:     now, NextAttemptAt: now, CreatedAt: now,
		Origin: OriginNudge,
	}, true
}

// nudgeText is the short message a salesperson reads on a phone: who wrote,
// about what, how long ago, and the first lines.
func (w *ReplyWatch) nudgeText(nd keepwarm.Nudge, now time.Time) (subject, text string) {
	waited := now.Sub(nd.StartedAt)
	customer := nudgeCustomer(nd.Customer)
	// The customer's subject is copied twice: bounded, so a 1 MB Subject
	// neither breaks the send nor floods a phone.
	subj := keepwarm.ClipSubject(nd.Subject)
	if subj == "" {
		subj = "(no subject)"
	}
	if nd.Level >= 2 {
		subject = fmt.Sprintf("Reply target passed: %s waiting %s: %s", customer, nudgeMinutes(waited), subj)
	} else {
		subject = fmt.Sprintf("Reply due: %s waiting %s: %s", customer, nudgeMinutes(waited), subj)
	}
	subject = nudgeOneLine(subject)
	loc := w.hours(nd.Owner).Location
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	if nd.Level >= 2 {
		fmt.Fprintf(&b, "This customer email has passed its %s reply target and is still unanswered.\n\n", nudgeMinutes(nd.Target))
	} else {
		fmt.Fprintf(&b, "This customer email is waiting for an answer (target %s).\n\n", nudgeMinutes(nd.Target))
	}
	fmt.Fprintf(&b, "Customer: %s", customer)
	if nd.Contact != "" {
		fmt.Fprintf(&b, " <%s>", nd.Contact)
	}
	fmt.Fprintf(&b, "\nSubject:  %s\n", subj)
	fmt.Fprintf(&b, "Arrived:  %s in mailbox %q\n", nd.StartedAt.In(loc).Format("Mon 2006-01-02 15:04 MST"), nd.Mailbox)
	fmt.Fprintf(&b, "Waiting:  %s\n", nudgeMinutes(waited))
	if web := strings.TrimRight(w.cfg.WebURL, "/"); web != "" {
		fmt.Fprintf(&b, "Open:     %s/messages/%d\n", web, nd.MessageID)
	}
	if q := templates.Quote(nd.Snippet, nudgeLines); q != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimRight(q, "\n"))
	}
	b.WriteString("\nIf the answer needs research, send a short \"received, working on it\" first.\n")
	fmt.Fprintf(&b, "\n-- \nkeepwarm reply watch (thread %d, message %d)\n", nd.ThreadID, nd.MessageID)
	return subject, b.String()
}

// nudgeCustomer turns a customer key into what a person calls it.
func nudgeCustomer(key string) string {
	if _, rest, ok := strings.Cut(key, ":"); ok && rest != "" {
		return rest
	}
	if key == "" {
		return "a customer"
	}
	return key
}

func nudgeMinutes(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return "under a minute"
	case m < 120:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%dh%02d", m/60, m%60)
}

// nudgeOneLine keeps a header free of line breaks whatever a subject held.
func nudgeOneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
