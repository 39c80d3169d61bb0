package sequences

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// nudgeExcerptRunes is about how much of the customer's message a nudge
// shows: what a phone shows at a glance, and far inside every chat
// platform's size limit.
const nudgeExcerptRunes = 200

// nudgeExcerpt is the start of the customer's own words in a snippet (one
// line, white space collapsed): cut before the history they quoted
// ("-----Original Message-----", "From: ... Sent:", "On ... wrote:",
// "发件人:", "在 ... 写道:") and to about 200 characters, at a character.
// name is the writer's (see dropAttribution).
func nudgeExcerpt(snippet, name string) string {
	s := strings.TrimSpace(snippet)
	if own, attributed := ownTextAttributed(s); len(own) < len(s) {
		s = own
		if attributed {
			s = dropAttribution(own, name)
		}
	}
	return keepwarm.Clip(s, nudgeExcerptRunes)
}

// NotifyEmail is the notify target that means "by email, from [notify]".
const NotifyEmail = "email"

// NotifyTarget is one place a person's nudges go: Channel "email", or a
// [[notify.channel]] name with the person's id to @-mention there ("" =
// none).
type NotifyTarget struct {
	Channel string
	Mention string
}

// chatOn reports whether anyone's nudges go to a chat channel.
func (w *ReplyWatch) chatOn() bool {
	for _, ts := range w.cfg.Notify {
		for _, t := range ts {
			if t.Channel != NotifyEmail {
				return true
			}
		}
	}
	return false
}

// targets is where person's nudges go: their notify list, else email.
func (w *ReplyWatch) targets(person string) []NotifyTarget {
	if ts, ok := w.cfg.Notify[person]; ok {
		return ts
	}
	return []NotifyTarget{{Channel: NotifyEmail}}
}

// nudgeRecipients says who gets a nudge: to (the owner, or whoever covers
// while they are away: see Recipient), and at level 2 the manager as well
// when escalation is on (the manager alone when the message has no owner),
// or whoever covers for the manager while they are away (manager: the
// manager's Recipient). to is "" when there is nobody.
func (w *ReplyWatch) nudgeRecipients(nd keepwarm.Nudge, to, manager string) (string, []string) {
	var cc []string
	if manager == "" {
		manager = w.cfg.Manager
	}
	if nd.Level >= 2 && w.cfg.Escalate && manager != "" {
		if to == "" {
			to = manager
		} else if manager != to {
			cc = []string{manager}
		}
	}
	return to, cc
}

// nudgeItems builds the outbox items of one nudge: one mail to those of its
// recipients who take nudges by email, and one item per chat channel the
// others chose, @-mentioning each of them there. A level-2 mail answers the
// level-1 mail of the same message, so each waiting message is one thread.
func (w *ReplyWatch) nudgeItems(ctx context.Context, nd keepwarm.Nudge, now time.Time, to, manager string, cover *keepwarm.Absence, gone, draftedBy string, filedAt time.Time, noAck noAckWhy) ([]keepwarm.OutboxItem, error) {
	to, cc := w.nudgeRecipients(nd, to, manager)
	if to == "" {
		return nil, nil
	}
	var mailTo, copyTo []string
	var channels []string
	mentions := map[string][]string{}
	people := map[string][]string{}
	for i, p := range append([]string{to}, cc...) {
		for _, t := range w.targets(p) {
			if t.Channel == NotifyEmail && i > 0 {
				copyTo = append(copyTo, p) // the manager's copy: a mail of its own
				continue
			}
			if t.Channel == NotifyEmail {
				mailTo = append(mailTo, p)
				continue
			}
			if _, seen := people[t.Channel]; !seen {
				channels = append(channels, t.Channel)
			}
			people[t.Channel] = append(people[t.Channel], p)
			if t.Mention != "" {
				mentions[t.Channel] = append(mentions[t.Channel], t.Mention)
			}
		}
	}
	// The chat note's stored texts stay English (a channel renders the
	// note in its reader's language); the mail is in its first
	// recipient's.
	c := w.nudgeContent(nd, now, to, draftedBy, filedAt, noAck, cover != nil, "en")
	c.note.Lang = w.cfg.Langs[strings.ToLower(to)]
	zh := w.nudgeContent(nd, now, to, draftedBy, filedAt, noAck, cover != nil, "zh")
	if cover != nil {
		// Sent to whoever covers: say whose customer it is first, by name
		// and with their last day away as entered, in the absent person's
		// zone (as the desk and their digest show it), named when it is
		// not the backup's.
		absent := cover.Person
		if absent == "" {
			absent = nd.Owner
		}
		loc := w.hours(absent).Location
		ends, latest := awayEnds(*cover, loc)
		shown := ends
		if theirs := w.hours(to).Location; ends != "" && loc != nil && theirs != nil && loc.String() != theirs.String() {
			shown += " (" + loc.String() + ")"
		}
		c.text = w.awayLine(nd.Owner, shown, latest) + c.text
		zh.text = zh.words.coverLine(w.personName(nd.Owner), shown, latest) + zh.text
		c.note.Cover = &keepwarm.ChatCover{Owner: w.personName(nd.Owner), Until: ends, NoReturnDate: latest}
	}
	if gone != "" {
		// The customer's owner left the team: say so first, and that
		// their customers are to be handed on.
		c.text = fmt.Sprintf(c.words.NotOnTeam, gone) + ".\n\n" + c.text
		zh.text = fmt.Sprintf(zh.words.NotOnTeam, gone) + "。\n\n" + zh.text
		c.note.Cover = &keepwarm.ChatCover{Owner: gone, NotOnTeam: true}
	}
	// mailFor is the nudge as mail for person: in Chinese for a
	// salesperson whose lang is "zh".
	mailFor := func(person string) nudgeContent {
		if w.cfg.Langs[strings.ToLower(person)] == "zh" {
			return zh
		}
		return c
	}
	m := c
	if len(mailTo) > 0 {
		m = mailFor(mailTo[0])
	}
	from := w.cfg.NotifyFrom
	if from.Email == "" {
		from.Email = "keepwarm@localhost.invalid" // chat only: the row needs a sender
	}
	_, domain, _ := strings.Cut(from.Email, "@")
	base := keepwarm.OutboxItem{
		From: from, Subject: c.subject, Text: c.text, Mode: keepwarm.ModeSend,
		DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: OriginNudge,
	}
	var items []keepwarm.OutboxItem
	if len(mailTo) > 0 && w.cfg.NotifyMailbox != "" {
		it := base
		it.Subject, it.Text = m.subject, m.text
		it.Key = nudgeKey(nd.MessageID, nd.Level)
		it.MessageID = keepwarm.NewMessageID(domain)
		it.Mailbox = w.cfg.NotifyMailbox
		it.To = []keepwarm.Address{{Email: mailTo[0]}}
		for _, p := range mailTo[1:] {
			it.Cc = append(it.Cc, keepwarm.Address{Email: p})
		}
		if nd.Level >= 2 {
			first, ok, err := w.store.OutboxByKey(ctx, nudgeKey(nd.MessageID, 1))
			if err != nil {
				return nil, err
			}
			// Only under a "Reply due" mail the same reader got: one
			// skipped (the target passed before it went), failed or still
			// waiting, or sent to a backup, would make "Re: Reply due …"
			// the title of the only nudge she sees, without "Reply target
			// passed".
			if ok && first.Chat == nil && (first.Status == keepwarm.OutboxSent || first.Status == keepwarm.OutboxDrafted) &&
				len(first.To) > 0 && strings.EqualFold(first.To[0].Email, mailTo[0]) {
				it.Subject = nudgeOneLine("Re: " + first.Subject)
				it.InReplyTo = first.MessageID
				it.References = append(append([]string(nil), first.References...), first.MessageID)
			}
		}
		items = append(items, it)
	}
	if len(copyTo) > 0 && w.cfg.NotifyMailbox != "" {
		items = append(items, w.managerCopy(base, nd, now, copyTo[0], to, cover, gone, draftedBy, filedAt, domain))
	}
	for _, ch := range channels {
		it := base
		it.Key = chatKey(nd.MessageID, nd.Level, ch)
		if legacy := nudgeKey(nd.MessageID, nd.Level) + ":" + ch; legacy != it.Key {
			// Queued before the key changed (a crash before the nudge
			// was recorded): the post is there already, under its old
			// key; it is not queued twice.
			if old, ok, err := w.store.OutboxByKey(ctx, legacy); err != nil {
				return nil, err
			} else if ok && old.Chat != nil {
				continue
			}
		}
		it.MessageID = keepwarm.NewMessageID(domain)
		it.Mailbox = keepwarm.ChatMailbox(ch)
		for _, p := range people[ch] {
			it.To = append(it.To, keepwarm.Address{Email: p})
		}
		// The chat item keeps the nudge as mail in its first reader's
		// language: the mail that goes instead when the post fails.
		it.Subject, it.Text = mailFor(people[ch][0]).subject, mailFor(people[ch][0]).text
		note := c.note
		if i := slices.IndexFunc(people[ch], func(p string) bool { return !strings.EqualFold(p, to) }); i > 0 {
			// The nudged person first, others (the manager) on the same
			// post: should it fail, they get the manager's copy by mail.
			copied := w.managerCopy(base, nd, now, people[ch][i], to, cover, gone, draftedBy, filedAt, domain)
			note.CopySubject, note.CopyText = copied.Subject, copied.Text
		}
		if !slices.ContainsFunc(people[ch], func(p string) bool { return strings.EqualFold(p, to) }) {
			// The manager's copy on a channel of their own: it says who
			// was nudged (and for whom they cover), not the nudged
			// person's "covering for" or "a draft is in your Drafts";
			// the mail instead is the manager's copy by mail.
			copied := w.managerCopy(base, nd, now, people[ch][0], to, cover, gone, draftedBy, filedAt, domain)
			it.Subject, it.Text = copied.Subject, copied.Text
			note.Cover, note.Draft, note.Lang = nil, nil, w.cfg.Langs[strings.ToLower(people[ch][0])]
			note.Nudged = w.personName(to)
			switch {
			case gone != "":
				note.NudgedFor = gone
			case cover != nil:
				note.NudgedFor = w.personName(nd.Owner)
			}
		}
		note.Channel, note.Mentions = ch, mentions[ch]
		it.Chat = &note
		items = append(items, it)
	}
	return items, nil
}

// managerCopy is the mail that tells the manager (reader: the manager, or
// whoever covers for them while they are away) that the target passed
// for mail someone else was nudged about: in the reader's language, saying
// who was nudged (and for whom they cover), not the nudged person's
// "you are covering" line. draftedBy is whose Drafts hold the "received"
// draft ("" none): the copy says where it is, not to send a "received"
// oneself (the customer would get two). Its own key (":manager" after the
// nudge's), so it goes once, like every nudge.
func (w *ReplyWatch) managerCopy(base keepwarm.OutboxItem, nd keepwarm.Nudge, now time.Time, reader, nudged string, cover *keepwarm.Absence, gone, draftedBy string, filedAt time.Time, domain string) keepwarm.OutboxItem {
	lang := "en"
	if w.cfg.Langs[strings.ToLower(reader)] == "zh" {
		lang = "zh"
	}
	c := w.nudgeContent(nd, now, reader, draftedBy, filedAt, noAckWhy{}, false, lang)
	who := w.personName(nudged)
	switch {
	case gone != "":
		who = fmt.Sprintf(c.words.managerFor, who, gone)
	case cover != nil:
		who = fmt.Sprintf(c.words.managerFor, who, w.personName(nd.Owner))
	}
	line := fmt.Sprintf(c.words.managerCopy, who)
	if manager := strings.ToLower(w.cfg.Manager); manager != "" && !strings.EqualFold(reader, manager) {
		line = fmt.Sprintf(c.words.managerCopyCover, w.personName(manager), who)
	}
	it := base
	it.Key = nudgeKey(nd.MessageID, nd.Level) + managerCopySuffix
	it.MessageID = keepwarm.NewMessageID(domain)
	it.Mailbox = w.cfg.NotifyMailbox
	it.To = []keepwarm.Address{{Email: reader}}
	it.Subject, it.Text = c.subject, line+c.text
	return it
}

func nudgeKey(message int64, level int) string {
	return fmt.Sprintf("nudge:%d:%d", message, level)
}

// managerCopySuffix ends the outbox key of the manager's copy by mail.
const managerCopySuffix = ":manager"

// chatKey is the outbox key of a nudge's post to channel: nudgeKey, then
// ":" and the channel's name; ":chat:" and the name for a channel named
// like a suffix the nudge's own mails take ("manager": the manager's copy
// by mail), so neither takes the other's key and both are queued. A
// channel's name holds no ":", so the two forms never meet.
func chatKey(message int64, level int, channel string) string {
	if ":"+channel == managerCopySuffix {
		return nudgeKey(message, level) + ":chat:" + channel
	}
	return nudgeKey(message, level) + ":" + channel
}

// IsManagerCopy reports whether outbox item it is the manager's copy of a
// nudge by mail (not a post to a channel named "manager").
func IsManagerCopy(it keepwarm.OutboxItem) bool {
	return it.Chat == nil && it.Origin == OriginNudge && strings.HasSuffix(it.Key, managerCopySuffix)
}

// nudgeMessage is the message a nudge's outbox key (nudgeKey, with a chat
// channel's name after it or not) is about.
func nudgeMessage(key string) (int64, bool) {
	rest, ok := strings.CutPrefix(key, "nudge:")
	if !ok {
		return 0, false
	}
	id, _, _ := strings.Cut(rest, ":")
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil && n > 0
}

// nudgeLevel is the level in a nudge's outbox key (0 when it has none).
func nudgeLevel(key string) int {
	rest, ok := strings.CutPrefix(key, "nudge:")
	if !ok {
		return 0
	}
	_, rest, _ = strings.Cut(rest, ":")
	level, _, _ := strings.Cut(rest, ":")
	n, err := strconv.Atoi(level)
	if err != nil {
		return 0
	}
	return n
}

// Precheck is the last look at a nudge before it goes out, by mail or to a
// chat channel: a nudge that waited (a chat channel's rate limit, a retry
// after the notify server refused it for now, a daemon that was down) is
// skipped when the customer was answered meanwhile, when someone marked the
// message as needing no answer (the mark itself, before the clocks are
// measured again), when the message no longer waits for an answer, when a
// chat nudge went by mail instead (Fallback) while its channel refused
// posts, when a
// "reply due" nudge was overtaken (the target has passed: the target nudge
// says it), or when the message was handed to the digest as older than the
// backlog limit (a long outage of the notify server or a chat platform
// does not end in a storm of old nudges), with the reason on the item.
// Other items pass.
func (w *ReplyWatch) Precheck(ctx context.Context, item keepwarm.OutboxItem) (skipReason string, err error) {
	if item.Origin != OriginNudge {
		return "", nil
	}
	id, ok := nudgeMessage(item.Key)
	if !ok {
		return "", nil
	}
	st, err := w.store.NudgeState(ctx, id)
	switch {
	case err != nil:
		return "", err
	case !st.AnsweredAt.IsZero():
		return fmt.Sprintf("answered by %s at %s, before the nudge went out",
			st.AnsweredBy, st.AnsweredAt.UTC().Format("2006-01-02 15:04 UTC")), nil
	case !st.Found:
		return "the customer's message is no longer in the database", nil
	case st.WaivedBy != "":
		return fmt.Sprintf("marked as needing no answer by %s at %s, before the nudge went out",
			st.WaivedBy, st.WaivedAt.UTC().Format("2006-01-02 15:04 UTC")), nil
	case !st.Running:
		return "the customer's message no longer waits for an answer", nil
	}
	if item.Chat != nil {
		// The channel refused it for a while and the nudge went by mail
		// instead: the reader has it; a late post would say it again.
		// Only once the mail went or may have: a mail still waiting (the
		// [notify] server refusing too), failed or dropped is no reason to
		// drop the post, which then goes; a mail still waiting is dropped
		// once the post went (below). A mail being sent (its SMTP
		// conversation under way) may yet go back to waiting: the post is
		// held, neither dropped nor posted, and looked at again once that
		// send is over (the engine kicks the chat dispatcher after the
		// mail dispatcher's pass), at the latest a minute later.
		fb, ok, err := w.store.OutboxByKey(ctx, fallbackKey(item))
		if err != nil {
			return "", err
		}
		if ok && (fb.Status == keepwarm.OutboxSent || fb.Status == keepwarm.OutboxUncertain) {
			return "sent by mail instead while the chat channel refused posts (" + fb.Key + ")", nil
		}
		if ok && fb.Status == keepwarm.OutboxSending {
			now := time.Now()
			if w.cfg.Now != nil {
				now = w.cfg.Now()
			}
			return "", &keepwarm.Hold{Until: now.Add(time.Minute), Reason: "its mail instead is being sent (" + fb.Key + ")"}
		}
		if skip, err := w.narrowPost(ctx, item); err != nil || skip != "" {
			return skip, err
		}
	} else if post, ok, err := w.fallbackOf(ctx, item); err != nil {
		return "", err
	} else if ok && post.Status == keepwarm.OutboxSent {
		// The mail instead of a chat post that went after all (the
		// channel took posts again before the mail could go): the reader
		// has the nudge.
		return "posted to the chat after all (" + post.Key + ")", nil
	} else if _, isCopy := strings.CutSuffix(item.Key, managerCopySuffix); ok && !isCopy && post.Status == keepwarm.OutboxSending {
		// The nudged person's own mail instead, its post being made (the
		// channel took posts again while the [notify] server had this
		// mail wait): held, neither sent nor dropped, until that post is
		// settled; once it went this mail is dropped (above), once it
		// failed or waits again this mail goes. Looked at again a minute
		// later at the latest.
		now := time.Now()
		if w.cfg.Now != nil {
			now = w.cfg.Now()
		}
		return "", &keepwarm.Hold{Until: now.Add(time.Minute), Reason: "its chat post is being made (" + post.Key + ")"}
	} else if own, isCopy := strings.CutSuffix(item.Key, ":manager"); ok && isCopy &&
		(post.Status == keepwarm.OutboxQueued || post.Status == keepwarm.OutboxSending) {
		// The manager's copy of the nudged person's mail instead, its
		// post still to be made: the post goes (and the copy, saying it
		// could not be posted, is dropped above) unless that person's own
		// mail went or may have, which the post looks at. While that mail
		// has not been tried yet (queued, no attempt) or is being sent, or
		// the post is being made, the copy waits, looked at again at the
		// next pass or a minute later. Once the [notify] server refused
		// that mail, for good (failed) or for now (back to queued: a full
		// mailbox, a per-recipient rate limit, which may go on until the
		// backlog limit), or it was dropped, the copy goes now (the post,
		// when it goes later, no longer @-mentions the manager: see
		// narrowPost; that mail, if it goes later, drops the post), not
		// held until the post goes or the message is handed to the digest.
		fb, found, err := w.store.OutboxByKey(ctx, own)
		if err != nil {
			return "", err
		}
		ownGone := found && (fb.Status == keepwarm.OutboxSent || fb.Status == keepwarm.OutboxUncertain)
		ownWaits := found && (fb.Status == keepwarm.OutboxSending || fb.Status == keepwarm.OutboxQueued && fb.Attempts == 0)
		if !ownGone && (ownWaits || post.Status == keepwarm.OutboxSending) {
			now := time.Now()
			if w.cfg.Now != nil {
				now = w.cfg.Now()
			}
			reason := "its chat post is still to be made and the nudge's own mail instead has not been tried yet or is being sent (" + post.Key + ", " + fb.Key + ")"
			if !ownWaits {
				reason = "its chat post is being made (" + post.Key + ")"
			}
			return "", &keepwarm.Hold{Until: now.Add(time.Minute), Reason: reason}
		}
	}
	switch {
	case st.InDigest:
		return "older than nudge_backlog_limit: the digest lists the message instead", nil
	case nudgeLevel(item.Key) == 1 && st.TargetNudged:
		return "overtaken by the nudge at the reply target", nil
	case nudgeLevel(item.Key) == 1 && w.cfg.Now != nil && !st.TargetAt.IsZero() && !w.cfg.Now().Before(st.TargetAt):
		return "the reply target has passed: the nudge at the target goes instead", nil
	}
	return "", nil
}

// narrowPost is the last look at chat post item once the manager's copy
// of its mail instead (fallbackKey:manager) was queued: that copy goes
// when the nudged person's own mail failed for good, while the post is
// still tried for them. While the copy is being sent the post waits (a
// minute at most; the copy may yet go back to waiting, and then waits
// for the post, which it is dropped for); once the copy went or may
// have, the post goes without its readers, and without their
// @-mentions on its channel: the manager does not get the nudge twice. A
// post left with no reader is dropped.
func (w *ReplyWatch) narrowPost(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
	cp, ok, err := w.store.OutboxByKey(ctx, fallbackKey(item)+managerCopySuffix)
	if err != nil || !ok || cp.Chat != nil {
		return "", err
	}
	switch cp.Status {
	case keepwarm.OutboxSending:
		now := time.Now()
		if w.cfg.Now != nil {
			now = w.cfg.Now()
		}
		return "", &keepwarm.Hold{Until: now.Add(time.Minute), Reason: "the manager's copy by mail is being sent (" + cp.Key + ")"}
	case keepwarm.OutboxSent, keepwarm.OutboxUncertain:
	default:
		return "", nil
	}
	copied := map[string]bool{}
	for _, a := range append(append([]keepwarm.Address(nil), cp.To...), cp.Cc...) {
		copied[strings.ToLower(a.Email)] = true
	}
	var to []keepwarm.Address
	note := *item.Chat
	note.Mentions = slices.Clone(note.Mentions)
	for _, a := range item.To {
		if !copied[strings.ToLower(a.Email)] {
			to = append(to, a)
			continue
		}
		for _, t := range w.targets(a.Email) {
			if t.Channel != note.Channel || t.Mention == "" {
				continue
			}
			if i := slices.Index(note.Mentions, t.Mention); i >= 0 {
				note.Mentions = slices.Delete(note.Mentions, i, i+1)
			}
		}
	}
	if len(to) == len(item.To) {
		return "", nil // narrowed already, or none of its readers had the copy
	}
	if len(to) == 0 {
		return "sent by mail instead while the chat channel refused posts (" + cp.Key + ")", nil
	}
	if len(note.Mentions) == 0 {
		note.Mentions = nil
	}
	if err := w.store.NarrowChat(ctx, item.ID, to, note); keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
		return "", nil // no longer queued: not posted from here
	} else if err != nil {
		return "", err
	}
	w.log.Info("chat nudge posted without the readers its manager's copy by mail reached", "outbox", item.ID, "key", item.Key, "copy", cp.Key)
	return "", nil
}

// fallbackOf is the chat item whose mail instead mail is (a key
// nudge:<message>:<level>:fallback:<channel>, see fallbackKey, or a copy
// of it under that key and a suffix); ok is false for any other item.
func (w *ReplyWatch) fallbackOf(ctx context.Context, mail keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	msg, ok := nudgeMessage(mail.Key)
	level := nudgeLevel(mail.Key)
	_, ch, found := strings.Cut(mail.Key, ":fallback:")
	ch, _, _ = strings.Cut(ch, ":") // a name holds no ":"; after it, a copy's suffix (":manager")
	if !ok || level == 0 || !found || ch == "" {
		return keepwarm.OutboxItem{}, false, nil
	}
	for _, k := range []string{chatKey(msg, level, ch), nudgeKey(msg, level) + ":" + ch} {
		post, ok, err := w.store.OutboxByKey(ctx, k)
		if err != nil || (ok && post.Chat != nil) {
			return post, ok && err == nil, err
		}
	}
	return keepwarm.OutboxItem{}, false, nil
}

// nudgeContent is one nudge's content, as mail and as the fields a chat
// channel lays out.
type nudgeContent struct {
	subject, text string
	note          keepwarm.ChatNote
	words         nudgeMailWords
}

// nudgeContent is the short message a salesperson reads on a phone: who
// wrote (by name and company, never a key), about what, how long ago, and
// the first lines.
// draftedBy is the person in whose Drafts a "received" draft is being
// put ("" none), filedAt when keepwarm filed it (zero: being filed, at
// the first nudge); noAck is why no draft could be written (zero: none to
// say); reader gets the nudge; covering says the reader is not the
// owner; lang is the mail's language ("zh", else English).
func (w *ReplyWatch) nudgeContent(nd keepwarm.Nudge, now time.Time, reader, draftedBy string, filedAt time.Time, noAck noAckWhy, covering bool, lang string) nudgeContent {
	mw := nudgeMailWordsIn(lang)
	waited := mw.Waited(now.Sub(nd.StartedAt))
	who := nudgeWhoIn(nd, mw.NudgeWords)
	// The customer's subject is copied twice: bounded, so a 1 MB Subject
	// neither breaks the send nor floods a phone.
	// The chat note keeps it as the customer wrote it, "" for none: a
	// channel says "no subject" in its reader's language.
	noteSubj := nudgeOneLine(keepwarm.ClipSubject(nd.Subject))
	subj := noteSubj
	if subj == "" {
		subj = mw.NoSubject
	}
	title := mw.Title(who, waited, nd.Level >= 2)
	loc := w.hours(nd.Owner).Location
	if loc == nil {
		loc = time.UTC
	}
	var link string
	if web := strings.TrimRight(w.cfg.WebURL, "/"); web != "" {
		link = fmt.Sprintf("%s/messages/%d", web, nd.MessageID)
	}
	customer, chatCustomer := who, who
	if nd.Contact != "" {
		customer += " <" + nd.Contact + ">"
		chatCustomer += ", " + nd.Contact // angle brackets are markup in chats
	}
	excerpt := nudgeExcerpt(nd.Snippet, nd.ContactName)
	quote := strings.TrimRight(templates.Quote(wrapColumns(excerpt, quoteWidth), 8), "\n")
	var b strings.Builder
	if nd.Level >= 2 {
		fmt.Fprintf(&b, mw.passed, mw.Waited(nd.Target))
	} else {
		fmt.Fprintf(&b, mw.due, mw.Waited(nd.Target))
	}
	fmt.Fprintf(&b, "%s%s\n", mw.label(mw.Customer), customer)
	fmt.Fprintf(&b, "%s%s\n", mw.label(mw.Subject), subj)
	fmt.Fprintf(&b, "%s"+mw.inMailbox+"\n", mw.label(mw.arrived), keepwarm.FormatInZone(nd.StartedAt, loc), nd.Mailbox)
	fmt.Fprintf(&b, "%s%s\n", mw.label(mw.Waiting), waited)
	if link != "" {
		fmt.Fprintf(&b, "%s%s\n", mw.label(mw.open), link)
	}
	if quote != "" {
		fmt.Fprintf(&b, "\n%s\n", quote)
	}
	if nd.Unreadable {
		// The chat note says it with Unreadable, in its reader's language.
		fmt.Fprintf(&b, "\n%s\n", mw.Unreadable)
	}
	draft := nudgeDraft(nd, reader, draftedBy, noAck, covering)
	if draft != nil && draft.Ready && !filedAt.IsZero() {
		draft.Filed = filedAt.In(loc).Format("15:04")
	}
	if draft != nil {
		// Whose Drafts, and who is away, by name: "Lily Chen's Drafts",
		// as the cover line names her, not "lily@…'s Drafts".
		if draft.In != "" {
			draft.In = w.personName(draft.In)
		}
		if draft.Away != "" {
			draft.Away = w.personName(draft.Away)
		}
		if draft.Ready && draft.In == "" {
			// "your Drafts" are the reader's: a post merging this
			// nudge with others names them.
			draft.Whose = w.personName(reader)
		}
	}
	b.WriteString(mw.draftLine(draft))
	fmt.Fprintf(&b, mw.footer, nd.ThreadID, nd.MessageID)
	return nudgeContent{
		subject: nudgeOneLine(keepwarm.ClipSubject(title + " — " + subj)),
		text:    b.String(), words: mw,
		note: keepwarm.ChatNote{Reader: w.personName(reader), Title: title, Customer: chatCustomer, Subject: noteSubj, Waiting: waited,
			Excerpt: excerpt, Unreadable: nd.Unreadable, Draft: draft, Link: link, Urgent: nd.Level >= 2,
			Since: nd.StartedAt, Target: nd.Target, Name: nudgeOneLine(nd.ContactName), Company: nudgeOneLine(nd.Company), Contact: nd.Contact},
	}
}

// nudgeDraft is what a nudge to reader says of the "received" draft:
// draftedBy is whose Drafts hold it ("" none), noAck why none was written
// (zero: nothing to say, nil), covering that reader covers for the
// owner.
func nudgeDraft(nd keepwarm.Nudge, reader, draftedBy string, noAck noAckWhy, covering bool) *keepwarm.ChatDraft {
	d := &keepwarm.ChatDraft{}
	switch {
	case draftedBy != "" && strings.EqualFold(draftedBy, reader) && covering:
		d.Ready, d.Away = true, nd.Owner
	case draftedBy != "" && (covering || !strings.EqualFold(draftedBy, reader)):
		d.Ready, d.In = true, draftedBy
	case draftedBy != "":
		d.Ready = true
	case noAck.name != "":
		d.None, d.Args = keepwarm.NoDraftName, []string{noAck.name}
	case noAck.placeholder != "":
		d.None, d.Args = keepwarm.NoDraftPlaceholder, []string{noAck.placeholder, noAck.placeholderPart}
	case noAck.unsigned != "":
		d.None, d.Args = keepwarm.NoDraftSigner, []string{noAck.unsigned}
	case noAck.sendAs != "":
		d.None, d.Args = keepwarm.NoDraftSendAs, []string{noAck.sendAs, noAck.mailbox}
	case noAck.unset != "":
		d.None, d.Args = keepwarm.NoDraftUnset, []string{noAck.file, noAck.unset}
	case noAck.lang != "":
		d.None, d.Args = keepwarm.NoDraftLang, []string{noAck.lang, noAck.file, primaryLang(noAck.lang)}
	case noAck.familiar != "" && noAck.overFamiliar:
		d.None, d.Args = keepwarm.NoDraftFamiliar, []string{noAck.formal, noAck.familiar}
	case noAck.familiar != "":
		d.None, d.Args = keepwarm.NoDraftRegister, []string{noAck.familiar, noAck.formal}
	default:
		return nil
	}
	return d
}

// NudgeWho names the customer of a nudge as a person would: the contact's
// name (else their address) and the company's name, e.g. "Hans Meier (Meier
// GmbH)"; never the customer's internal key.
func NudgeWho(nd keepwarm.Nudge) string { return nudgeWhoIn(nd, keepwarm.NudgeWordsIn("en")) }

// nudgeWhoIn is NudgeWho in w's language: "Hans Meier（Meier GmbH）".
func nudgeWhoIn(nd keepwarm.Nudge, w keepwarm.NudgeWords) string {
	who := nudgeOneLine(nd.ContactName)
	if who == "" {
		who = nd.Contact
	}
	if who == "" {
		who = w.Someone
	}
	if co := nudgeOneLine(nd.Company); co != "" && !strings.EqualFold(co, who) {
		who = w.Who(who, co)
	}
	return keepwarm.ClipLine(who, 120)
}

// nudgeOneLine keeps a header free of line breaks whatever a subject held.
func nudgeOneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// awayEnds is an absence's last day away as the person entered it, in
// loc, as the desk shows it ("2027-01-02", or "2027-01-02 18:00" for a
// time); "" when it lasts until they write again. latest: their
// out-of-office reply named no return date, and ends is the day keepwarm
// takes them as back by at the latest, not a date they gave.
func awayEnds(a keepwarm.Absence, loc *time.Location) (ends string, latest bool) {
	if loc == nil {
		loc = time.UTC
	}
	if a.Until.IsZero() {
		return "", false
	}
	if a.NoReturnDate {
		return a.BackBy(loc), true
	}
	_, last := keepwarm.AwayEnds(a.From, a.Until, loc)
	return last, false
}

// awayLine opens a nudge mail sent to a backup: whose customer it is and
// their last day away (latest: see awayEnds).
func (w *ReplyWatch) awayLine(owner, until string, latest bool) string {
	return coverLine(w.personName(owner), until, latest)
}

// coverLine opens what a backup gets in place of name: "You are covering
// for Lily Chen, away until 2027-01-02." ("" until: until they write;
// latest: no return date given, back by until at the latest).
func coverLine(name, until string, latest bool) string {
	switch {
	case until == "":
		until = "they send a normal mail again"
	case latest:
		return fmt.Sprintf("You are covering for %s, away with no return date given (back by %s at the latest).\n\n", name, until)
	}
	return fmt.Sprintf("You are covering for %s, away until %s.\n\n", name, until)
}

// personName is a team member's name from the config (the manager's by
// team.manager_name), else their address.
func (w *ReplyWatch) personName(email string) string {
	if n := strings.TrimSpace(w.cfg.Names[strings.ToLower(email)]); n != "" {
		return n
	}
	if n := strings.TrimSpace(w.cfg.ManagerName); n != "" && w.cfg.Manager != "" && strings.EqualFold(email, w.cfg.Manager) {
		return n
	}
	return email
}
