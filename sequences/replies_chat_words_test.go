package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// chatPosted posts the chat note of outbox item key as a robot of kind
// shows it (an httptest stand-in of the platform) and returns every text
// the message shows.
func chatPosted(t *testing.T, w *world, key, kind string) string {
	t.Helper()
	it, ok, err := w.db.OutboxByKey(context.Background(), key)
	if err != nil || !ok || it.Chat == nil {
		t.Fatalf("no chat nudge %s: %v %+v", key, err, it)
	}
	robot := mailtest.NewChatServer(t, kind, "")
	ch := &chat.Channel{Name: it.Chat.Channel, Kind: kind, URL: robot.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
	if err := ch.Post(context.Background(), []keepwarm.ChatNote{*it.Chat}, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	posts := robot.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	return posts[0].Text
}

// TestChatNudgeOfUnreadableMailInChinese: Lily (lang zh) takes her nudges
// in WeCom. A customer's mail nothing of which could be read is nudged
// there saying so in Chinese, not with the English sentence inside a
// Chinese message.
func TestChatNudgeOfUnreadableMailInChinese(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "wecom"}}}
		c.Langs = map[string]string{lilyUser: "zh"}
	})
	w.srv.Append(t, lilyUser, "INBOX", unreadableAsk("u1@globex.de", lilyUser, t0), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	text := chatPosted(t, w, "nudge:1:1:wecom", chat.WeCom)
	if !strings.Contains(text, "无法读取这封邮件") || strings.Contains(text, "could not read") {
		t.Errorf("the Chinese chat nudge does not say in Chinese that the mail could not be read:\n%s", text)
	}
}

// TestChatNudgeWithoutSubjectInChinese: a buyer's mail with an empty
// subject (common from phones) is nudged in a Chinese chat message as
// （无主题）, not "(no subject)".
func TestChatNudgeWithoutSubjectInChinese(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "wecom"}}}
	})
	w.deliver(lilyUser, "INBOX", ask("nosubj@globex.de", lilyUser, ""), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	text := chatPosted(t, w, "nudge:1:1:wecom", chat.WeCom)
	if !strings.Contains(text, "（无主题）") || strings.Contains(text, "(no subject)") {
		t.Errorf("the Chinese chat nudge of a mail without a subject:\n%s", text)
	}
}
