package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

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

// With escalate = true the manager takes nudges by mail and in Lily's
// WeCom, so the target nudge is one post to both, Lily's mail and the
// manager's copy by mail. When WeCom refuses the post, both had the nudge
// by mail: nobody gets it a second time.
func TestFallbackCountsTheManagersCopyByMail(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), true, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			lilyUser: {{Channel: sequences.NotifyEmail}, {Channel: "wecom", Mention: "lily"}},
			boss:     {{Channel: sequences.NotifyEmail}, {Channel: "wecom", Mention: "boss01"}},
		}
	})
	w.deliver(lilyUser, "INBOX", ask("copy-mailed@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	post := w.managerChatItem(t, "wecom")
	if len(post.To) != 2 {
		t.Fatalf("the rig: the target nudge's post goes to %+v", post.To)
	}
	ctx := context.Background()
	key := strings.TrimSuffix(post.Key, ":wecom")
	for _, k := range []string{key, key + ":manager"} {
		if m, ok, err := w.db.OutboxByKey(ctx, k); err != nil || !ok || m.Chat != nil {
			t.Fatalf("the rig: no mail %s: %v %+v", k, err, m)
		}
	}
	n, err := w.watch.Fallback(ctx, []keepwarm.OutboxItem{post}, keepwarm.OutboxFailed, "refused (errcode 93000: invalid webhook url)", w.clock.Now())
	if err != nil || n != 0 {
		t.Fatalf("Fallback queued %d: %v", n, err)
	}
	if m, ok, _ := w.db.OutboxByKey(ctx, key+":fallback:wecom"); ok {
		t.Errorf("a second mail went to %+v:\n%s", m.To, m.Text)
	}
}

// The manager takes nudges in Lily's WeCom only, Lily there and by mail.
// When WeCom refuses the target nudge's post, the manager's mail instead
// is Lily's nudge (the text the post carried), so it opens by saying that
// it was written for Lily: it does not speak to the manager as if they
// were the one to answer.
func TestFallbackToAnotherReaderOfThePostSaysWhoseNudgeItIs(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), true, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			lilyUser: {{Channel: sequences.NotifyEmail}, {Channel: "wecom", Mention: "lily"}},
			boss:     {{Channel: "wecom", Mention: "boss01"}},
		}
		c.Names = map[string]string{lilyUser: "Lily Chen"}
		c.Langs = map[string]string{lilyUser: "zh"}
	})
	w.deliver(lilyUser, "INBOX", ask("copy-chat@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	post := w.managerChatItem(t, "wecom")
	if len(post.To) != 2 || post.To[0].Email != lilyUser {
		t.Fatalf("the rig: the target nudge's post goes to %+v", post.To)
	}
	ctx := context.Background()
	n, err := w.watch.Fallback(ctx, []keepwarm.OutboxItem{post}, keepwarm.OutboxFailed, "refused (errcode 93000: invalid webhook url)", w.clock.Now())
	if err != nil || n != 1 {
		t.Fatalf("Fallback queued %d: %v", n, err)
	}
	m, ok, err := w.db.OutboxByKey(ctx, strings.TrimSuffix(post.Key, ":wecom")+":fallback:wecom")
	if err != nil || !ok || len(m.To) != 1 || m.To[0].Email != boss || len(m.Cc) != 0 {
		t.Fatalf("the manager's mail: %v %v %+v", ok, err, m)
	}
	// The manager's copy, in the manager's English, not Lily's Chinese
	// nudge addressed to her.
	if !strings.Contains(m.Text, "Lily Chen was nudged about this customer email") {
		t.Errorf("the manager's mail does not say whose nudge it is:\n%s", m.Text)
	}
	for _, r := range m.Text + m.Subject {
		if unicode.Is(unicode.Han, r) {
			t.Fatalf("the English manager's mail is in Lily's Chinese:\n%s\n%s", m.Subject, m.Text)
		}
	}
}

// Lily (Chinese) and the manager (English) take nudges in WeCom only.
// When WeCom refuses the target nudge's post, Lily gets her own nudge by
// mail, and the manager a mail of their own: the manager's copy, in
// English, saying who was nudged, not a Cc of Lily's Chinese nudge. A
// second Fallback of the same post (its retry ended failed) sends neither
// again.
func TestFallbackToTheNudgedAndTheManagerIsTwoMails(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), true, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			lilyUser: {{Channel: "wecom", Mention: "lily"}},
			boss:     {{Channel: "wecom", Mention: "boss01"}},
		}
		c.Names = map[string]string{lilyUser: "Lily Chen"}
		c.Langs = map[string]string{lilyUser: "zh"}
	})
	w.deliver(lilyUser, "INBOX", ask("both-chat@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	post := w.managerChatItem(t, "wecom")
	if len(post.To) != 2 || post.To[0].Email != lilyUser {
		t.Fatalf("the rig: the target nudge's post goes to %+v", post.To)
	}
	ctx := context.Background()
	for try := range 2 {
		n, err := w.watch.Fallback(ctx, []keepwarm.OutboxItem{post}, keepwarm.OutboxFailed, "refused (errcode 93000: invalid webhook url)", w.clock.Now())
		if want := 2 * (1 - try); err != nil || n != want {
			t.Fatalf("Fallback %d queued %d, want %d: %v", try+1, n, want, err)
		}
	}
	key := strings.TrimSuffix(post.Key, ":wecom") + ":fallback:wecom"
	own, ok, err := w.db.OutboxByKey(ctx, key)
	if err != nil || !ok || len(own.To) != 1 || own.To[0].Email != lilyUser || len(own.Cc) != 0 {
		t.Fatalf("Lily's mail: %v %v to %+v cc %+v", ok, err, own.To, own.Cc)
	}
	if !strings.Contains(own.Text, "改用邮件发送") {
		t.Errorf("Lily's mail is not her Chinese nudge:\n%s", own.Text)
	}
	m, ok, err := w.db.OutboxByKey(ctx, key+":manager")
	if err != nil || !ok || len(m.To) != 1 || m.To[0].Email != boss || len(m.Cc) != 0 {
		t.Fatalf("the manager's mail: %v %v %+v", ok, err, m)
	}
	if !strings.Contains(m.Text, "Lily Chen was nudged about this customer email") ||
		!strings.Contains(m.Text, "could not be posted to the chat wecom") {
		t.Errorf("the manager's mail does not say whose nudge it is and why it comes by mail:\n%s", m.Text)
	}
	for _, r := range m.Text + m.Subject {
		if unicode.Is(unicode.Han, r) {
			t.Fatalf("the English manager's mail has Chinese in it:\n%s\n%s", m.Subject, m.Text)
		}
	}
}

// TestManagersCopyWaitsForTheNudgedsMailInstead: a post to Lily and the
// manager throttled, so each has a mail instead. While Lily's mail is
// being sent the post and the manager's copy are held; if that send then
// fails for now (a full mailbox may refuse it at every retry until
// nudge_backlog_limit), the post may go and so may the copy, no longer
// waiting for her mail. Once the copy is being sent the post waits for
// it, and once it went the post goes to Lily alone, so the manager does
// not get the nudge twice. Once Lily's mail went instead, the copy goes
// too.
func TestManagersCopyWaitsForTheNudgedsMailInstead(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), true, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			lilyUser: {{Channel: "ding", Mention: "lily"}},
			boss:     {{Channel: "ding", Mention: "boss01"}},
		}
	})
	w.deliver(lilyUser, "INBOX", ask("held-copy@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	post := w.managerChatItem(t, "ding")
	if len(post.To) != 2 || post.To[0].Email != lilyUser {
		t.Fatalf("the rig: the target nudge's post goes to %+v", post.To)
	}
	ctx := context.Background()
	if n, err := w.watch.Fallback(ctx, []keepwarm.OutboxItem{post}, keepwarm.OutboxQueued, "throttled (errcode 130101: send too fast)", w.clock.Now()); err != nil || n != 2 {
		t.Fatalf("Fallback queued %d, want 2: %v", n, err)
	}
	key := strings.TrimSuffix(post.Key, ":ding") + ":fallback:ding"
	own, ok, err := w.db.OutboxByKey(ctx, key)
	if err != nil || !ok {
		t.Fatalf("Lily's mail: %v %v", ok, err)
	}
	cp, ok, err := w.db.OutboxByKey(ctx, key+":manager")
	if err != nil || !ok {
		t.Fatalf("the manager's mail: %v %v", ok, err)
	}
	look := func(it keepwarm.OutboxItem) string {
		t.Helper()
		reason, err := w.watch.Precheck(ctx, it)
		var hold *keepwarm.Hold
		if errors.As(err, &hold) {
			return "held"
		}
		if err != nil {
			t.Fatal(err)
		}
		return reason
	}
	// Lily's mail is being sent: the post waits for it.
	if _, ok, err := w.db.Claim(ctx, own.ID, w.clock.Now()); err != nil || !ok {
		t.Fatalf("claim Lily's mail: %v %v", ok, err)
	}
	if got := look(post); got != "held" {
		t.Fatalf("the post while Lily's mail is being sent: %q", got)
	}
	if got := look(cp); got != "held" {
		t.Fatalf("the manager's copy while Lily's mail is being sent: %q", got)
	}
	// The [notify] server refuses it for now (451): the post may go, and
	// so may the manager's copy.
	if err := w.db.MarkRetry(ctx, own.ID, w.clock.Now().Add(5*time.Minute), "451 try again later"); err != nil {
		t.Fatal(err)
	}
	postLook, copyLook := look(post), look(cp)
	if postLook != "" || copyLook != "" {
		t.Fatalf("after Lily's mail was refused for now: the post %q, the manager's copy %q (want both to go)", postLook, copyLook)
	}
	// The copy is being sent: the post waits for it.
	if _, ok, err := w.db.Claim(ctx, cp.ID, w.clock.Now()); err != nil || !ok {
		t.Fatalf("claim the copy: %v %v", ok, err)
	}
	if got := look(post); got != "held" {
		t.Fatalf("the post while the manager's copy is being sent: %q", got)
	}
	// The [notify] server refuses the manager's copy for now too: the
	// post goes to both, and the copy is dropped once the post went.
	if err := w.db.MarkRetry(ctx, cp.ID, w.clock.Now().Add(5*time.Minute), "452 try again later"); err != nil {
		t.Fatal(err)
	}
	if got := look(post); got != "" {
		t.Fatalf("the post after the manager's copy was refused for now: %q", got)
	}
	if p, err := w.db.OutboxItem(ctx, post.ID); err != nil || len(p.To) != 2 {
		t.Fatalf("the post after the manager's copy was refused for now: to %+v %v, want Lily and the manager", p.To, err)
	}
	if _, ok, err := w.db.Claim(ctx, post.ID, w.clock.Now()); err != nil || !ok {
		t.Fatalf("claim the post: %v %v", ok, err)
	}
	if got := look(cp); got != "held" {
		t.Fatalf("the manager's copy while the post is being posted: %q", got)
	}
	if err := w.db.MarkSent(ctx, post.ID, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := look(cp); !strings.Contains(got, "posted to the chat after all") {
		t.Fatalf("the manager's copy after the post went: %q", got)
	}
}

// TestManagersCopyGoesOnceTheNudgedsMailInsteadWent: the post is dropped
// once Lily's mail went instead; the manager's copy then goes.
func TestManagersCopyGoesOnceTheNudgedsMailInsteadWent(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), true, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{
			lilyUser: {{Channel: "ding", Mention: "lily"}},
			boss:     {{Channel: "ding", Mention: "boss01"}},
		}
	})
	w.deliver(lilyUser, "INBOX", ask("went-copy@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	post := w.managerChatItem(t, "ding")
	ctx := context.Background()
	if n, err := w.watch.Fallback(ctx, []keepwarm.OutboxItem{post}, keepwarm.OutboxQueued, "throttled (errcode 130101: send too fast)", w.clock.Now()); err != nil || n != 2 {
		t.Fatalf("Fallback queued %d, want 2: %v", n, err)
	}
	key := strings.TrimSuffix(post.Key, ":ding") + ":fallback:ding"
	own, _, err := w.db.OutboxByKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	cp, _, err := w.db.OutboxByKey(ctx, key+":manager")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := w.db.Claim(ctx, own.ID, w.clock.Now()); err != nil || !ok {
		t.Fatalf("claim Lily's mail: %v %v", ok, err)
	}
	if err := w.db.MarkSent(ctx, own.ID, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if reason, err := w.watch.Precheck(ctx, post); err != nil || !strings.Contains(reason, "sent by mail instead") {
		t.Fatalf("the post after Lily's mail went: %q %v", reason, err)
	}
	if reason, err := w.watch.Precheck(ctx, cp); err != nil || reason != "" {
		t.Fatalf("the manager's copy after Lily's mail went: %q %v", reason, err)
	}
}
