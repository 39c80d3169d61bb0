package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// managerChatItem is the target nudge's item on the manager's channel.
func (w *world) managerChatItem(t *testing.T, channel string) keepwarm.OutboxItem {
	t.Helper()
	items, err := w.db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: sequences.OriginNudge})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Chat != nil && strings.HasSuffix(it.Key, ":2:"+channel) {
			return it
		}
	}
	t.Fatalf("no target nudge on %s: %+v", channel, items)
	return keepwarm.OutboxItem{}
}

// TestManagersOwnChatPostSaysWhoWasNudged: with escalate = true the
// manager takes nudges in DingTalk, Lily in WeCom. The manager's post at
// the target says Lily was nudged; its mail (should the post fail) is the
// manager's copy, saying so, not Lily's nudge. While Lily is away, Tom
// covers: the manager's post names Tom and Lily, and neither it nor its
// mail tells the manager they cover.
func TestManagersOwnChatPostSaysWhoWasNudged(t *testing.T) {
	notify := map[string][]sequences.NotifyTarget{
		lilyUser: {{Channel: "wecom", Mention: "lily"}},
		tomUser:  {{Channel: "wecom", Mention: "tom"}},
		boss:     {{Channel: "dingtalk", Mention: "boss01"}},
	}
	names := map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang", boss: "Wang Boss"}

	w := newWorld(t, mailtest.NewMemServer(t), true, func(w *world, c *sequences.ReplyConfig) {
		c.Notify, c.Names = notify, names
	})
	w.deliver(lilyUser, "INBOX", ask("mgr-chat@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	it := w.managerChatItem(t, "dingtalk")
	if it.Chat.Nudged != "Lily Chen" || it.Chat.NudgedFor != "" || it.Chat.Cover != nil ||
		!strings.HasPrefix(it.Text, "Copy for the manager: Lily Chen was nudged") {
		t.Errorf("the manager's post: %+v\nits mail:\n%s", *it.Chat, it.Text)
	}

	w = lilyAwayWorld(t, mailtest.NewMemServer(t), func(w *world, c *sequences.ReplyConfig) {
		c.Escalate, c.Notify, c.Names = true, notify, names
	})
	w.deliver(lilyUser, "INBOX", ask("mgr-away@globex.de", lilyUser, "Quotation for 20GP"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	if tom := w.managerChatItem(t, "wecom"); tom.Chat.Cover == nil || tom.Chat.Cover.Owner != "Lily Chen" {
		t.Fatalf("Tom's post: %+v", *tom.Chat)
	}
	it = w.managerChatItem(t, "dingtalk")
	if it.Chat.Cover != nil || it.Chat.Nudged != "Tom Wang" || it.Chat.NudgedFor != "Lily Chen" ||
		strings.Contains(it.Text, "You are covering") || !strings.Contains(it.Text, "Tom Wang (covering for Lily Chen) was nudged") {
		t.Errorf("the manager's post while Lily is away: %+v cover %+v\nits mail:\n%s", *it.Chat, it.Chat.Cover, it.Text)
	}
}

// TestAChannelNamedManagerKeepsItsOwnKey: with escalate = true the
// manager takes nudges by mail and in a channel named "manager". At the
// target both the manager's copy by mail and the post to that channel are
// queued: the channel's name does not take the mail's outbox key.
func TestAChannelNamedManagerKeepsItsOwnKey(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), true, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			boss: {{Channel: sequences.NotifyEmail}, {Channel: "manager", Mention: "boss01"}},
		}
	})
	w.deliver(lilyUser, "INBOX", ask("mgr-named@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	items, err := w.db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: sequences.OriginNudge})
	if err != nil {
		t.Fatal(err)
	}
	var copied, posted bool
	keys := map[string]bool{}
	for _, it := range items {
		if keys[it.Key] {
			t.Errorf("two items under %s", it.Key)
		}
		keys[it.Key] = true
		if parts := strings.Split(it.Key, ":"); len(parts) < 3 || parts[2] != "2" {
			continue
		}
		switch {
		case it.Chat == nil && it.Mailbox == "notify" && len(it.To) == 1 && it.To[0].Email == boss:
			copied = true
		case it.Chat != nil && it.Mailbox == keepwarm.ChatMailbox("manager"):
			posted = true
		}
	}
	if !copied || !posted {
		t.Fatalf("manager's copy by mail %v, post to the channel manager %v: %+v", copied, posted, items)
	}
}

// TestAPostQueuedUnderTheOldKeyIsNotQueuedAgain: a post to a channel named
// "manager" queued before its key changed (nudge:<id>:2:manager, a chat
// item) is not queued a second time under the new key after an upgrade.
func TestAPostQueuedUnderTheOldKeyIsNotQueuedAgain(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), true, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			boss: {{Channel: "manager", Mention: "boss01"}},
		}
	})
	w.deliver(lilyUser, "INBOX", ask("mgr-old@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	ctx := context.Background()
	first, ok, err := w.db.OutboxByKey(ctx, "nudge:1:1")
	if err != nil || !ok {
		t.Fatalf("the rig: no reply-due nudge for message 1: %v", err)
	}
	old := first
	old.ID, old.Key, old.Mailbox, old.MessageID = 0, "nudge:1:2:manager", keepwarm.ChatMailbox("manager"), "old-key@localhost.invalid"
	old.Chat = &keepwarm.ChatNote{Channel: "manager", Title: "t"}
	if _, _, err := w.db.Enqueue(ctx, old); err != nil {
		t.Fatal(err)
	}
	w.tickAt(t0.Add(10 * time.Minute))
	if it, ok, _ := w.db.OutboxByKey(ctx, "nudge:1:2:chat:manager"); ok {
		t.Errorf("queued again under the new key: %+v", it)
	}
}
