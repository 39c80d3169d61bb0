package demo

import (
	"bytes"
	"context"
	"fmt"
	gomail "github.com/emersion/go-message/mail"
	"io"
	"keepwarm/templates"
	"mime"
	"net/mail"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// demoObserver turns what changed after a cycle into transcript lines. It
// only reads: the store (messages, reply clocks, enrollments, tasks, the
// outbox), what the SMTP server received, and the recipients' mailboxes.
type demoObserver struct {
	r         *demoRun
	lastMsg   int64                         // highest messages.id narrated
	smtpSeen  int                           // SMTP messages narrated
	chatShown bool                          // the first chat nudge was shown in full
	open      map[int64]string              // inbound messages whose reply clock runs → sender
	enroll    map[int64]keepwarm.Enrollment // as last narrated
	tasks     map[int64]bool
	outbox    map[int64]bool                // items narrated as not sent (skipped, failed...)
	digests   map[string]string             // person → section headings of their last digest
	acks      map[int64]keepwarm.OutboxItem // "received" drafts in Drafts, until settled
	defs      *sequences.Definitions
}

func newDemoObserver(r *demoRun) *demoObserver {
	return &demoObserver{r: r, open: map[int64]string{}, enroll: map[int64]keepwarm.Enrollment{},
		tasks: map[int64]bool{}, outbox: map[int64]bool{}, digests: map[string]string{}, acks: map[int64]keepwarm.OutboxItem{}}
}

// observe narrates, in the order a reader follows it: mail stored, clocks
// stopped, follow-ups started or ended, tasks, then what was sent.
func (o *demoObserver) observe(ctx context.Context) error {
	if o.defs == nil {
		o.defs, _, _ = o.r.app.LoadSequences()
	}
	items, err := o.r.app.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil {
		return err
	}
	byMsgID := make(map[string]keepwarm.OutboxItem, len(items))
	for _, it := range items {
		byMsgID[it.MessageID] = it
	}
	for _, step := range []func(context.Context, map[string]keepwarm.OutboxItem) error{
		o.messages, o.clocks, o.enrollments, o.newTasks, o.sent, o.chat,
	} {
		if err := step(ctx, byMsgID); err != nil {
			return err
		}
	}
	if err := o.notSent(items); err != nil {
		return err
	}
	return o.acksSettled(ctx)
}

// messages narrates the mail sync stored since the last cycle; keepwarm's
// own copies in Sent are told with the send instead.
func (o *demoObserver) messages(ctx context.Context, ours map[string]keepwarm.OutboxItem) error {
	db, c := o.r.app.DB, o.r.cast
	for id := o.lastMsg + 1; ; id++ {
		msg, err := db.GetMessage(ctx, id)
		if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		o.lastMsg = id
		if _, mine := ours[msg.MessageID]; mine {
			continue
		}
		switch msg.Kind {
		case keepwarm.KindInbound:
			rc, err := db.ReplyClock(ctx, id)
			if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND || (err == nil && rc.CoveredBy != 0) {
				o.r.say("synced: mail from %s (customer %s), no new reply clock", c.name(msg.From.Email), keyLabel(msg.CustomerKey))
				continue
			} else if err != nil {
				return err
			}
			o.open[id] = msg.From.Email
			o.r.say("synced: mail from %s in mailbox %s (customer %s) -> reply clock started: owner %s, target %s",
				c.name(msg.From.Email), rc.Mailbox, keyLabel(msg.CustomerKey), c.name(rc.Owner), minutes(rc.Target))
		case keepwarm.KindBounce:
			blocked, err := db.BlockedAddresses(ctx, []string{msg.BouncedRecipient})
			if err != nil {
				return err
			}
			o.r.say("synced: a bounce for %s -> address flagged %q in the customer book", msg.BouncedRecipient, blocked[msg.BouncedRecipient])
		case keepwarm.KindAutoReply:
			o.r.say("synced: an automatic reply from %s (not an answer)", c.name(msg.From.Email))
		}
	}
}

// clocks narrates the reply clocks that stopped.
func (o *demoObserver) clocks(ctx context.Context, _ map[string]keepwarm.OutboxItem) error {
	ids := make([]int64, 0, len(o.open))
	for id := range o.open {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		rc, err := o.r.app.DB.ReplyClock(ctx, id)
		if err != nil {
			return err
		}
		if rc.Open() {
			continue
		}
		who := o.open[id]
		delete(o.open, id)
		if rc.UnseenBy != 0 {
			o.r.say("reply clock stopped: %s replied to a mail keepwarm did not see; answered, time unknown", o.r.cast.name(who))
			continue
		}
		took := time.Duration(rc.Seconds()) * time.Second
		verdict := fmt.Sprintf("within the %s target", minutes(rc.Target))
		if took > rc.Target {
			verdict = fmt.Sprintf("late: the target is %s", minutes(rc.Target))
			if rc.BusinessSeconds > 0 {
				verdict += fmt.Sprintf("; %s counting working hours only", minutes(time.Duration(rc.BusinessSeconds)*time.Second))
			}
		}
		by := rc.ReplyFrom
		if by == "" {
			by = rc.RepliedBy
		}
		o.r.say("reply clock stopped: %s answered %s in %s (%s)", o.r.cast.name(by),
			o.r.cast.name(who), minutes(took), verdict)
	}
	return nil
}

// enrollments narrates follow-ups that started or ended.
func (o *demoObserver) enrollments(ctx context.Context, _ map[string]keepwarm.OutboxItem) error {
	list, err := o.r.app.DB.ListEnrollments(ctx, 0)
	if err != nil {
		return err
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	for _, e := range list {
		prev, seen := o.enroll[e.ID]
		o.enroll[e.ID] = e
		who := o.customer(e.To, e.Customer)
		switch {
		case !seen && e.Status.Live():
			o.r.say("follow-up started for %s (%s's %q unanswered): sequence %s, step 1 (%s) due %s",
				who, o.r.cast.name(e.Owner), o.subject(ctx, e.AnchorID), e.Sequence, o.step(e.Sequence, e.Step), o.r.stamp(e.DueAt))
		case seen && prev.Status != e.Status && !e.Status.Live():
			o.r.say("follow-up of %s ended: %s (%s)", who, e.Status, e.Reason)
		}
	}
	return nil
}

// newTasks narrates the tasks sequences left for people.
func (o *demoObserver) newTasks(ctx context.Context, _ map[string]keepwarm.OutboxItem) error {
	tasks, err := o.r.app.DB.ListTasks(ctx, true, "")
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if o.tasks[t.ID] {
			continue
		}
		o.tasks[t.ID] = true
		o.r.say("call task for %s (step %d of %s, customer %s): %q", o.r.cast.name(t.Owner), t.Step+1, t.Sequence, keyLabel(t.Customer), t.Title)
	}
	return nil
}

// sent narrates what keepwarm handed to the SMTP server, matched to its
// outbox row by Message-ID.
func (o *demoObserver) sent(ctx context.Context, ours map[string]keepwarm.OutboxItem) error {
	got := o.r.mail.receivedSince(o.smtpSeen)
	o.smtpSeen += len(got)
	for _, s := range got {
		msg, err := mail.ReadMessage(bytes.NewReader(s.Raw))
		if err != nil {
			return fmt.Errorf("demo: keepwarm sent a message that does not parse: %w", err)
		}
		it, ok := ours[strings.Trim(msg.Header.Get("Message-ID"), "<> ")]
		if !ok {
			o.r.say("sent (no outbox row!) to %s: %q", strings.Join(s.To, ", "), decodeHeader(msg.Header.Get("Subject")))
			continue
		}
		if err := o.tellSent(ctx, it, s); err != nil {
			return err
		}
	}
	return nil
}

func (o *demoObserver) tellSent(ctx context.Context, it keepwarm.OutboxItem, s demoSMTPMessage) error {
	c := o.r.cast
	to := o.names(it.To)
	switch it.Origin {
	case sequences.OriginNudge:
		cc := ""
		if len(it.Cc) > 0 {
			cc = ", cc " + o.names(it.Cc)
		}
		if sequences.IsManagerCopy(it) {
			o.r.say("the manager's copy to %s: %q", to, it.Subject)
			return nil
		}
		o.r.say("nudge to %s%s: %q", to, cc, it.Subject)
	case sequences.OriginSequence:
		what := o.step(it.Sequence, stepOf(it))
		if it.InReplyTo == "" {
			o.r.say("%s to %s, as %s (step %d of %s): %q", what, to, c.name(it.From.Email), stepOf(it)+1, it.Sequence, it.Subject)
			o.tellVoice(it)
			return nil
		}
		o.r.say("%s to %s in the same thread, as %s (step %d of %s): %q", what, to, c.name(it.From.Email), stepOf(it)+1, it.Sequence, it.Subject)
		o.tellVoice(it)
		if len(s.Bounced) > 0 {
			o.r.say("  the mail server could not deliver it to %s: a bounce goes back to %s", strings.Join(s.Bounced, ", "), c.name(s.From))
			return nil
		}
		return o.checkThreaded(ctx, it)
	case sequences.OriginGreeting:
		occasion := it.Key
		if parts := strings.Split(it.Key, ":"); len(parts) >= 3 {
			occasion = parts[len(parts)-2]
		}
		o.r.say("%s greeting to %s, as %s: %q (%s)", occasion, to, c.name(it.From.Email), it.Subject, o.customerTime(ctx, it, s.At))
	case sequences.OriginLetter:
		o.r.say("monthly letter to %s: %q", to, it.Subject)
	case sequences.OriginDigest:
		o.r.say("daily digest to %s: %q", to, it.Subject)
		// Every digest's text would bury the play: show it when its
		// sections differ from that person's previous one.
		heads := strings.Join(headings(it.Text), ", ")
		if o.digests[to] == heads {
			o.r.say("  (sections as in %s's previous digest: %s; text not repeated)", to, strings.ToLower(heads))
			return nil
		}
		o.digests[to] = heads
		o.r.indent(it.Text)
	case sequences.OriginSummary:
		o.r.say("weekly summary to %s: %q", to, it.Subject)
		o.r.indent(it.Text)
	default:
		o.r.say("sent (%s) to %s: %q", it.Origin, to, it.Subject)
	}
	return nil
}

// checkThreaded reads the resend back from the customer's own INBOX and
// shows that its In-Reply-To and References name the original mail.
func (o *demoObserver) checkThreaded(ctx context.Context, it keepwarm.OutboxItem) error {
	rcpt := it.To[0].Email
	if !o.r.mail.hasMailbox(rcpt) {
		return nil
	}
	raws, err := o.r.mail.fetch(rcpt, "INBOX")
	if err != nil {
		return err
	}
	subjects := map[string]string{}
	var got mail.Header
	for _, raw := range raws {
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			continue
		}
		id := strings.Trim(msg.Header.Get("Message-ID"), "<> ")
		subjects[id] = decodeHeader(msg.Header.Get("Subject"))
		if id == it.MessageID {
			got = msg.Header
		}
	}
	if got == nil {
		o.r.say("  but it is not in %s's INBOX!", o.r.cast.name(rcpt))
		return nil
	}
	parent := strings.Trim(got.Get("In-Reply-To"), "<> ")
	o.r.say("  in %s's INBOX: In-Reply-To <%s> (%q, which %s received earlier); References %s",
		o.r.cast.name(rcpt), parent, subjects[parent], o.r.cast.name(rcpt), got.Get("References"))
	return nil
}

// notSent narrates outbox items that ended without being sent.
func (o *demoObserver) notSent(items []keepwarm.OutboxItem) error {
	for _, it := range items {
		switch it.Status {
		case keepwarm.OutboxSkipped, keepwarm.OutboxFailed, keepwarm.OutboxUncertain, keepwarm.OutboxDrafted:
		default:
			continue
		}
		if o.outbox[it.ID] {
			continue
		}
		o.outbox[it.ID] = true
		if (it.Origin == sequences.OriginDigest || it.Origin == sequences.OriginSummary) && it.Mode == keepwarm.ModeDryRun {
			continue // the record of a day (week) whose digest (summary) was empty: nothing went wrong
		}
		if it.Origin == sequences.OriginAck && it.Status == keepwarm.OutboxDrafted {
			if err := o.ackDrafted(it); err != nil {
				return err
			}
			continue
		}
		o.r.say("outbox: %s to %s %s (%s)", it.Origin, o.names(it.To), it.Status, dash(it.LastError))
	}
	return nil
}

// step says what step i of a sequence does: its template, or its task.
func (o *demoObserver) step(seq string, i int) string {
	def, ok := o.defs.Get(seq)
	if !ok || i < 0 || i >= len(def.Steps) {
		return "a step"
	}
	switch st := def.Steps[i]; {
	case st.Action == "task":
		return "a call task"
	case st.Template == "resend":
		return "resend"
	case st.Template == "product-intro":
		return "product introduction"
	default:
		return st.Template
	}
}

func stepOf(it keepwarm.OutboxItem) int {
	if it.Step == nil {
		return -1
	}
	return *it.Step
}

// customerTime is when s arrived in the recipient's own time zone.
func (o *demoObserver) customerTime(ctx context.Context, it keepwarm.OutboxItem, at time.Time) string {
	cust, err := o.r.app.DB.CustomerForSequence(ctx, it.CustomerID)
	if err != nil {
		return ""
	}
	loc := o.r.app.CustomerLocation(cust)
	return fmt.Sprintf("%s in %s", at.In(loc).Format("Mon 02 Jan 15:04"), loc)
}

func (o *demoObserver) subject(ctx context.Context, id int64) string {
	msg, err := o.r.app.DB.GetMessage(ctx, id)
	if err != nil {
		return "?"
	}
	return msg.Subject
}

func (o *demoObserver) names(as []keepwarm.Address) string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = o.r.cast.name(a.Email)
	}
	return strings.Join(out, ", ")
}

func (o *demoObserver) customer(to []keepwarm.Address, key string) string {
	if len(to) > 0 {
		return o.r.cast.name(to[0].Email)
	}
	return key
}

// minutes writes a duration as "6m", "1h12m" or "2d 3h".
func minutes(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd %dh", d/(24*time.Hour), (d%(24*time.Hour))/time.Hour)
	case d >= time.Hour:
		return strings.TrimSuffix(d.String(), "0s")
	default:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
}

func decodeHeader(v string) string {
	if s, err := new(mime.WordDecoder).DecodeHeader(v); err == nil {
		return s
	}
	return v
}

// headings are the section titles of a digest's text: the lines underlined
// with "=", without their counts.
func headings(text string) []string {
	lines := splitLines(text)
	var out []string
	for i := 1; i < len(lines); i++ {
		if l := strings.TrimSpace(lines[i]); l != "" && strings.Trim(l, "=") == "" {
			h, _, _ := strings.Cut(lines[i-1], " (")
			out = append(out, strings.TrimSpace(h))
		}
	}
	return out
}

func splitLines(s string) []string {
	return strings.Split(strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
}

// dash is s, or "-" when empty.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// languageNames are the languages the demo's mail is written in.
var languageNames = map[string]string{"en": "English", "de": "German", "zh": "Chinese", "zh-hant": "Chinese (Traditional)", "es": "Spanish", "fr": "French", "pt": "Portuguese"}

// tellVoice says how a follow-up is written: its language, its opening
// line, the quote's attribution, and the products it offers.
func (o *demoObserver) tellVoice(it keepwarm.OutboxItem) {
	lang := languageNames[templates.DetectLanguage(it.Text)]
	if lang == "" {
		lang = "an undetected language"
	}
	opening, _, _ := strings.Cut(strings.TrimSpace(it.Text), "\n")
	o.r.say("  written in %s, opening %q", lang, opening)
	var products []string
	for _, l := range strings.Split(it.Text, "\n") {
		if name, ok := strings.CutPrefix(l, "* "); ok {
			name, _, _ = strings.Cut(name, ":")
			products = append(products, name)
		}
		if strings.HasSuffix(l, "wrote:") || strings.HasSuffix(l, "写道：") || strings.Contains(l, " schrieb ") {
			o.r.say("  quoting below the signature: %s", l)
		}
	}
	if len(products) > 0 {
		o.r.say("  offering from the catalog: %s", strings.Join(products, "; "))
	}
}

// keyLabel is what a customer key names (the domain or the address), as a
// person would say it.
func keyLabel(key string) string {
	if _, v, ok := strings.Cut(key, ":"); ok {
		return v
	}
	return key
}

// ackDrafted narrates a "received, working on it" draft and reads it back
// from the salesperson's own Drafts.
func (o *demoObserver) ackDrafted(it keepwarm.OutboxItem) error {
	c := o.r.cast
	owner := it.From.Email
	o.r.say("\"received, working on it\" draft for %s to send to %s: %q (keepwarm does not send it)", c.name(owner), o.names(it.To), it.Subject)
	o.acks[it.ID] = it
	if !o.r.mail.hasMailbox(owner) {
		return nil
	}
	raws, err := o.r.mail.fetch(owner, "Drafts")
	if err != nil {
		return err
	}
	for _, raw := range raws {
		mr, err := gomail.CreateReader(bytes.NewReader(raw))
		if err != nil {
			continue
		}
		if id, _ := mr.Header.MessageID(); id != it.MessageID {
			continue
		}
		first := ""
		for first == "" {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			if h, ok := p.Header.(*gomail.InlineHeader); ok {
				if ct, _, _ := h.ContentType(); ct == "text/plain" {
					text, _ := io.ReadAll(p.Body)
					for _, line := range strings.Split(string(text), "\n") {
						if line = strings.TrimSpace(line); line != "" {
							first = line
							break
						}
					}
				}
			}
		}
		irt := mr.Header.Get("In-Reply-To")
		o.r.say("  in %s's Drafts: In-Reply-To %s, opening %q", c.name(owner), irt, keepwarm.ClipLine(first, 60))
		return nil
	}
	o.r.say("  but it is not in %s's Drafts!", c.name(owner))
	return nil
}

// acksSettled narrates the drafts keepwarm took out of Drafts (or left
// there) once their thread was answered.
func (o *demoObserver) acksSettled(ctx context.Context) error {
	for id, it := range o.acks {
		outcome, err := o.r.app.DB.DraftOutcome(ctx, id)
		if err != nil {
			return err
		}
		if outcome == "" {
			continue
		}
		delete(o.acks, id)
		if outcome == mailsync.DraftRemoved {
			o.r.say("%s was answered: keepwarm took its \"received\" draft out of %s's Drafts, nothing else", o.names(it.To), o.r.cast.name(it.From.Email))
		} else {
			o.r.say("%s was answered: the \"received\" draft in %s's Drafts was %s", o.names(it.To), o.r.cast.name(it.From.Email), outcome)
		}
	}
	return nil
}

// chat narrates what the WeCom robot's stand-in received: the first
// message in full, as the group shows it, the others in a line.
func (o *demoObserver) chat(context.Context, map[string]keepwarm.OutboxItem) error {
	for _, p := range o.r.robot.take() {
		if p.Problem != "" {
			o.r.say("WeCom robot refused a post: %s", p.Problem)
			continue
		}
		title, _, _ := strings.Cut(p.Content, "\n")
		o.r.say("chat nudge in the sales group's WeCom (robot stand-in), @%s: %s", strings.Join(p.Mentions, " @"), strings.Trim(title, "*"))
		if !o.chatShown {
			o.chatShown = true
			o.r.indent(strings.TrimRight(p.Content, "\n"))
		}
	}
	return nil
}
