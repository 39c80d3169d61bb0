package sequences

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// Fallback queues by mail, from [notify], each chat nudge among items that
// did not reach its channel: failed, uncertain (the post may have arrived,
// and the mail says so), or still queued after its channel refused it for
// a while (the post is still tried until the mail goes; once the mail is
// sent, or being sent, Precheck drops the post, and a post that went first
// drops the mail). Only while its customer still waits (the same last
// look as before any nudge goes out), to those of its readers who did not
// get the nudge by mail already. A nudge the chat could not bring
// is not lost for want of a second way; without [notify] there is none,
// and the digest and /healthz report it. It returns how many mails it
// queued and calls OnQueued when it queued any.
func (w *ReplyWatch) Fallback(ctx context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, now time.Time) (int, error) {
	if w.cfg.NotifyMailbox == "" {
		return 0, nil
	}
	queued := 0
	var errs []error
	for _, it := range items {
		if it.Origin != OriginNudge || it.Chat == nil {
			continue
		}
		msg, ok := nudgeMessage(it.Key)
		level := nudgeLevel(it.Key)
		if !ok || level == 0 {
			continue
		}
		log := w.log.With("message", msg, "nudge", nudgeName(level), "channel", it.Chat.Channel)
		// Each item on its own: one that needs no mail, or whose mail
		// could not be queued, does not hold back the others merged into
		// the same post.
		var hold *keepwarm.Hold
		if skip, err := w.Precheck(ctx, it); errors.As(err, &hold) {
			continue // its mail instead is being sent
		} else if err != nil {
			errs = append(errs, fmt.Errorf("check chat nudge %s: %w", it.Key, err))
			continue
		} else if skip != "" {
			log.Info("chat nudge not delivered; no mail instead", "reason", skip)
			continue
		}
		if status == keepwarm.OutboxUncertain {
			if err := w.reheadUncertain(ctx, it, reason, now); err != nil {
				errs = append(errs, fmt.Errorf("chat nudge %s: %w", it.Key, err))
				continue
			}
		}
		to, err := w.notMailed(ctx, it, nudgeKey(msg, level))
		if err != nil {
			errs = append(errs, fmt.Errorf("chat nudge %s: %w", it.Key, err))
			continue
		}
		if len(to) == 0 {
			continue // every reader had it by mail already
		}
		for _, item := range w.fallbackItems(it, to, status, reason, now) {
			_, created, err := w.store.Enqueue(ctx, item)
			if err != nil {
				errs = append(errs, fmt.Errorf("queue the mail for chat nudge %s: %w", it.Key, err))
				continue
			}
			if created {
				queued++
				log.Info("chat nudge not delivered: sent by mail instead", "to", item.To[0].Email, "status", status)
			}
		}
	}
	if queued > 0 && w.cfg.OnQueued != nil {
		w.cfg.OnQueued()
	}
	return queued, errors.Join(errs...)
}

// reheadUncertain is the last word on the mails instead of chat item it,
// queued while its channel refused it, now that the post ended uncertain
// (it may well have arrived): one still waiting no longer says the nudge
// could not be posted, but what the mail of an uncertain post says.
func (w *ReplyWatch) reheadUncertain(ctx context.Context, it keepwarm.OutboxItem, reason string, now time.Time) error {
	for _, k := range []string{fallbackKey(it), fallbackKey(it) + managerCopySuffix} {
		m, ok, err := w.store.OutboxByKey(ctx, k)
		if err != nil {
			return err
		}
		if !ok || m.Chat != nil || m.Status != keepwarm.OutboxQueued ||
			!strings.HasPrefix(m.Text, notPostedHead) && !strings.HasPrefix(m.Text, notPostedHeadZh) {
			continue
		}
		var to []string
		for _, a := range append(append([]keepwarm.Address(nil), m.To...), m.Cc...) {
			to = append(to, strings.ToLower(a.Email))
		}
		if len(to) == 0 {
			continue
		}
		text := w.fallbackItem(it, to, keepwarm.OutboxUncertain, reason, now).Text
		if err := w.store.ReheadQueued(ctx, m.ID, text); keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
			continue // no longer queued: gone or going as it was
		} else if err != nil {
			return err
		}
		w.log.Info("mail instead of a chat nudge now says the post may have arrived", "outbox", m.ID, "key", m.Key, "post", it.Key)
	}
	return nil
}

// notPostedHead and notPostedHeadZh open the mail instead of a chat post
// that failed or waits (fallbackItem).
const (
	notPostedHead   = "This nudge could not be posted to the chat "
	notPostedHeadZh = "这条提醒没能发到群聊 "
)

// fallbackKey is the outbox key of the mail that goes instead of chat nudge
// it: nudge:<message>:<level>:fallback:<channel>.
func fallbackKey(it keepwarm.OutboxItem) string {
	msg, _ := nudgeMessage(it.Key)
	return nudgeKey(msg, nudgeLevel(it.Key)) + ":fallback:" + it.Chat.Channel
}

// notMailed is the readers of chat item it who did not get the same nudge
// by mail: the nudge's own mail (mailKey) or the manager's copy of it
// (mailKey:manager), which a manager on the same channel as the nudged
// person had instead, or this post's mail instead queued already (its
// fallbackKey, and the manager's copy of it beside).
func (w *ReplyWatch) notMailed(ctx context.Context, it keepwarm.OutboxItem, mailKey string) ([]string, error) {
	mailed := map[string]bool{}
	for _, k := range []string{mailKey, mailKey + ":manager", fallbackKey(it), fallbackKey(it) + ":manager"} {
		m, ok, err := w.store.OutboxByKey(ctx, k)
		if err != nil {
			return nil, err
		}
		if ok && m.Chat == nil && m.Status != keepwarm.OutboxFailed && m.Status != keepwarm.OutboxSkipped {
			for _, a := range append(append([]keepwarm.Address(nil), m.To...), m.Cc...) {
				mailed[strings.ToLower(a.Email)] = true
			}
		}
	}
	var to []string
	for _, a := range it.To {
		if p := strings.ToLower(a.Email); p != "" && !mailed[p] {
			to = append(to, p)
		}
	}
	return to, nil
}

// fallbackItems is the mail that goes instead of chat item it to readers
// to (not empty), under fallbackKey: the nudge as mail (kept on the chat
// item in its first reader's language; for readers without the person
// nudged, the manager's copy kept beside it), opened by a line saying why
// it comes by mail. When the person nudged and others (the manager) both
// get it, the others get the manager's copy, a mail of its own in its
// reader's language under fallbackKey:manager, as the manager's copy by
// mail would have been: never Cc on the nudged person's own nudge.
func (w *ReplyWatch) fallbackItems(it keepwarm.OutboxItem, to []string, status keepwarm.OutboxStatus, reason string, now time.Time) []keepwarm.OutboxItem {
	first := firstReader(it)
	if first == "" || !slices.Contains(to, first) || len(to) == 1 || it.Chat.CopyText == "" {
		item := w.fallbackItem(it, to, status, reason, now)
		item.Key = fallbackKey(it)
		return []keepwarm.OutboxItem{item}
	}
	own := w.fallbackItem(it, []string{first}, status, reason, now)
	own.Key = fallbackKey(it)
	others := slices.DeleteFunc(slices.Clone(to), func(p string) bool { return p == first })
	copied := w.fallbackItem(it, others, status, reason, now)
	copied.Key = fallbackKey(it) + ":manager"
	return []keepwarm.OutboxItem{own, copied}
}

// fallbackItem is one mail of fallbackItems, to readers to, its key unset.
func (w *ReplyWatch) fallbackItem(it keepwarm.OutboxItem, to []string, status keepwarm.OutboxStatus, reason string, now time.Time) keepwarm.OutboxItem {
	from := w.cfg.NotifyFrom
	_, domain, _ := strings.Cut(from.Email, "@")
	zh := w.cfg.Langs[to[0]] == "zh"
	var head string
	switch {
	case status == keepwarm.OutboxUncertain && zh:
		head = fmt.Sprintf("发往群聊 %s 的这条提醒不确定是否已送达（%s），群里可能已经有了；邮件再发一次。\n\n", it.Chat.Channel, zhtext.Err(reason))
	case status == keepwarm.OutboxUncertain:
		head = fmt.Sprintf("This nudge may not have reached the chat %s (%s); the chat post may have arrived, so it comes by mail as well.\n\n", it.Chat.Channel, reason)
	case zh:
		head = fmt.Sprintf(notPostedHeadZh+"%s（%s），改用邮件发送。\n\n", it.Chat.Channel, zhtext.Err(reason))
	default:
		head = fmt.Sprintf(notPostedHead+"%s (%s), so it comes by mail.\n\n", it.Chat.Channel, reason)
	}
	// The item carries its first reader's nudge (the person nudged, when
	// they are on the channel): a reader of the same post who gets the
	// mail without them (the manager, whose copy by mail would have said
	// who was nudged) is told whose it is, not addressed as its reader.
	subject, text := it.Subject, it.Text
	if first := firstReader(it); first != "" && !slices.Contains(to, first) && it.Chat.CopyText != "" {
		// The manager's copy, in its reader's language, says who was
		// nudged itself.
		subject, text = it.Chat.CopySubject, it.Chat.CopyText
	} else if first != "" && !slices.Contains(to, first) {
		if zh {
			head += fmt.Sprintf("这是发给 %s 的提醒（你们在同一条群聊消息里），下文是对 %s 说的。\n\n", w.personName(first), w.personName(first))
		} else {
			head += fmt.Sprintf("This is the nudge %s was sent (you were on the same chat post): what follows speaks to them.\n\n", w.personName(first))
		}
	}
	item := keepwarm.OutboxItem{
		MessageID: keepwarm.NewMessageID(domain), Mailbox: w.cfg.NotifyMailbox, From: from,
		To: []keepwarm.Address{{Email: to[0]}}, Subject: subject, Text: head + text, Mode: keepwarm.ModeSend,
		DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: OriginNudge,
	}
	for _, p := range to[1:] {
		item.Cc = append(item.Cc, keepwarm.Address{Email: p})
	}
	return item
}

// firstReader is the reader of chat item it whose nudge it carries, lower-cased.
func firstReader(it keepwarm.OutboxItem) string {
	if len(it.To) == 0 {
		return ""
	}
	return strings.ToLower(it.To[0].Email)
}
