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

// TestFallbackMailsEachReaderOfAMergedPost: Lily takes her nudges in WeCom
// and by mail, Tom in WeCom only; both nudges went in one WeCom post that
// the platform refused for good. Lily had hers by mail already; Tom's, the
// second item, still comes by mail.
func TestFallbackMailsEachReaderOfAMergedPost(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			lilyUser: {{Channel: "wecom", Mention: "lily"}, {Channel: sequences.NotifyEmail}},
			tomUser:  {{Channel: "wecom", Mention: "tom"}},
		}
	})
	w.deliver(lilyUser, "INBOX", ask("merged-lily@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.deliver(tomUser, "INBOX", ask("merged-tom@globex.de", tomUser, "Quotation for 20GP"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute)) // Lily's nudge mail goes
	ctx := context.Background()
	items, err := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginNudge})
	if err != nil {
		t.Fatal(err)
	}
	// Lily's first, then Tom's: the order the merged post had them in
	// (which mailbox's mail was stored first is the sync's own order).
	var chats []keepwarm.OutboxItem
	for _, who := range []string{lilyUser, tomUser} {
		for _, it := range items {
			if it.Chat != nil && len(it.To) == 1 && it.To[0].Email == who {
				chats = append(chats, it)
			}
		}
	}
	if len(chats) != 2 || len(w.nudges()) != 1 {
		t.Fatalf("chat items %+v, %d mails", chats, len(w.nudges()))
	}
	for len(w.queued) > 0 {
		<-w.queued
	}
	n, err := w.watch.Fallback(ctx, chats, keepwarm.OutboxFailed, "refused (errcode 93000: invalid webhook url)", w.clock.Now())
	if err != nil || n != 1 {
		t.Fatalf("Fallback queued %d: %v", n, err)
	}
	tom, ok, err := w.db.OutboxByKey(ctx, strings.TrimSuffix(chats[1].Key, ":wecom")+":fallback:wecom")
	if err != nil || !ok || len(tom.To) != 1 || tom.To[0].Email != tomUser {
		t.Fatalf("Tom's mail: %v %v %+v", ok, err, tom)
	}
	if _, ok, _ := w.db.OutboxByKey(ctx, strings.TrimSuffix(chats[0].Key, ":wecom")+":fallback:wecom"); ok {
		t.Errorf("Lily, who had the nudge by mail, got it again")
	}
	select {
	case <-w.queued:
	default:
		t.Errorf("the sender was not told of the mail queued")
	}
}
