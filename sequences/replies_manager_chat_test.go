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
