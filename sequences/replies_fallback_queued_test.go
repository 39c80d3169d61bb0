package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// newWeComWorld is a world where Lily takes her nudges in WeCom only; with
// onClock the reply watch reads the world's clock.
func newWeComWorld(t *testing.T, onClock bool) *world {
	t.Helper()
	return newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "wecom", Mention: "lily"}}}
		if onClock {
			c.Now = w.clock.Now
		}
	})
}

// weComNudge delivers from's ask for a quotation to Lily at t0, ticks 5
// minutes later and returns the chat nudge it queued, checked to be one.
func weComNudge(t *testing.T, w *world, from string) keepwarm.OutboxItem {
	t.Helper()
	w.deliver(lilyUser, "INBOX", ask(from, lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	post, ok, err := w.db.OutboxByKey(context.Background(), "nudge:1:1:wecom")
	if err != nil || !ok || post.Chat == nil {
		t.Fatalf("the rig: no chat nudge: %v %+v", err, post)
	}
	return post
}

// mailInstead has WeCom refuse post at now and checks one mail instead
// was queued.
func mailInstead(t *testing.T, w *world, post keepwarm.OutboxItem, now time.Time) {
	t.Helper()
	if n, err := w.watch.Fallback(context.Background(), []keepwarm.OutboxItem{post}, keepwarm.OutboxQueued, "503 from the platform", now); err != nil || n != 1 {
		t.Fatalf("Fallback queued %d: %v", n, err)
	}
}

// queuedMailInstead returns the mail instead under key, checked to wait.
func queuedMailInstead(t *testing.T, w *world, key string) keepwarm.OutboxItem {
	t.Helper()
	mail, ok, err := w.db.OutboxByKey(context.Background(), key)
	if err != nil || !ok || mail.Status != keepwarm.OutboxQueued {
		t.Fatalf("the rig: the mail instead: %v %+v", err, mail)
	}
	return mail
}

// claimAndSend claims the outbox item id at at and marks it sent.
func claimAndSend(t *testing.T, w *world, id int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	if _, ok, err := w.db.Claim(ctx, id, at); err != nil || !ok {
		t.Fatal(err)
	}
	if err := w.db.MarkSent(ctx, id, at); err != nil {
		t.Fatal(err)
	}
}

// wantHeld checks Precheck of item neither dropped nor let it go, but held
// it past now.
func wantHeld(t *testing.T, w *world, item keepwarm.OutboxItem, now time.Time, what string) {
	t.Helper()
	skip, err := w.watch.Precheck(context.Background(), item)
	var hold *keepwarm.Hold
	if skip != "" || !errors.As(err, &hold) || !hold.Until.After(now) {
		t.Fatalf("%s: skip %q, %v", what, skip, err)
	}
}

// TestAChatNudgeIsDroppedForItsMailOnlyOnceTheMailWent: Lily takes her
// nudges in WeCom only. WeCom refused the "reply due" post for a while, so
// the mail instead was queued; the [notify] server refuses too, so it has
// not gone. When WeCom takes posts again the nudge is posted (it is not
// dropped as "sent by mail instead" while the mail only waits), and the
// mail still waiting is then dropped as posted to the chat after all. A
// post whose mail did go is dropped as before.
func TestAChatNudgeIsDroppedForItsMailOnlyOnceTheMailWent(t *testing.T) {
	w := newWeComWorld(t, false)
	ctx := context.Background()
	post := weComNudge(t, w, "fb-queued@globex.de")
	now := w.clock.Now().Add(3 * time.Minute)
	mailInstead(t, w, post, now)
	mail := queuedMailInstead(t, w, "nudge:1:1:fallback:wecom")
	// WeCom works again before the mail went: the post goes.
	if skip, err := w.watch.Precheck(ctx, post); err != nil || skip != "" {
		t.Fatalf("the post while its mail only waits: skip %q, %v", skip, err)
	}
	claimAndSend(t, w, post.ID, now)
	// The mail waiting is not sent as well.
	if skip, err := w.watch.Precheck(ctx, mail); err != nil || !strings.Contains(skip, "posted to the chat after all") {
		t.Fatalf("the mail after the post went: skip %q, %v", skip, err)
	}
	// So is the manager's copy of the mail instead (its key has a suffix).
	copied := mail
	copied.Key += ":manager"
	if skip, err := w.watch.Precheck(ctx, copied); err != nil || !strings.Contains(skip, "posted to the chat after all") {
		t.Fatalf("the manager's copy after the post went: skip %q, %v", skip, err)
	}

	// The other way round: the mail went first, the post is dropped.
	w.deliver(lilyUser, "INBOX", ask("fb-sent@globex.de", lilyUser, "Quotation for 20GP"), t0.Add(6*time.Minute))
	w.sync()
	w.tickAt(t0.Add(11 * time.Minute))
	post, ok, err := w.db.OutboxByKey(ctx, "nudge:2:1:wecom")
	if err != nil || !ok {
		t.Fatalf("the rig: no second chat nudge: %v", err)
	}
	now = w.clock.Now().Add(time.Minute)
	mailInstead(t, w, post, now)
	mail, _, _ = w.db.OutboxByKey(ctx, "nudge:2:1:fallback:wecom")
	claimAndSend(t, w, mail.ID, now)
	if skip, err := w.watch.Precheck(ctx, post); err != nil || !strings.Contains(skip, "sent by mail instead") {
		t.Fatalf("the post after its mail went: skip %q, %v", skip, err)
	}
}

// TestAChatNudgeIsHeldWhileItsMailIsBeingSent: WeCom refused Lily's
// nudge for a while, so its mail instead was queued; the mail dispatcher
// has claimed it and is dialling the [notify] server when the chat
// dispatcher looks at the post. The post is held, not dropped: the dial
// fails, the mail goes back to waiting, and the post then goes when WeCom
// takes posts again. A mail that did go drops it.
func TestAChatNudgeIsHeldWhileItsMailIsBeingSent(t *testing.T) {
	w := newWeComWorld(t, true)
	ctx := context.Background()
	post := weComNudge(t, w, "fb-sending@globex.de")
	now := w.clock.Now()
	mailInstead(t, w, post, now)
	mail, _, _ := w.db.OutboxByKey(ctx, "nudge:1:1:fallback:wecom")
	if _, ok, err := w.db.Claim(ctx, mail.ID, now); err != nil || !ok {
		t.Fatal(err)
	}
	// The mail is being sent: the post is neither dropped nor posted.
	wantHeld(t, w, post, now, "the post while its mail is being sent")
	// Nor is a second mail queued for it meanwhile.
	if n, err := w.watch.Fallback(ctx, []keepwarm.OutboxItem{post}, keepwarm.OutboxQueued, "503 from the platform", now); err != nil || n != 0 {
		t.Fatalf("Fallback while the mail is being sent queued %d: %v", n, err)
	}
	// The dial fails: the mail waits again, and the post goes.
	if err := w.db.MarkRetry(ctx, mail.ID, now.Add(5*time.Minute), "dial tcp: i/o timeout"); err != nil {
		t.Fatal(err)
	}
	if skip, err := w.watch.Precheck(ctx, post); err != nil || skip != "" {
		t.Fatalf("the post once its mail waits again: skip %q, %v", skip, err)
	}
	// Claimed and sent this time: the post is dropped.
	claimAndSend(t, w, mail.ID, now.Add(5*time.Minute))
	if skip, err := w.watch.Precheck(ctx, post); err != nil || !strings.Contains(skip, "sent by mail instead") {
		t.Fatalf("the post after its mail went: skip %q, %v", skip, err)
	}
}

// TestFallbackMailWaitsWhilePostIsSending: WeCom refused Lily's nudge for
// a while, so its mail instead was queued; the [notify] server answered
// "try later", so the mail waits. WeCom takes posts again and the chat
// dispatcher is making the post when the mail's retry falls due: the mail
// is held, not sent (Lily would get the nudge twice, the mail saying it
// could not be posted). Once the post went, the mail is dropped.
func TestFallbackMailWaitsWhilePostIsSending(t *testing.T) {
	w := newWeComWorld(t, true)
	ctx := context.Background()
	post := weComNudge(t, w, "fb-posting@globex.de")
	now := w.clock.Now()
	mailInstead(t, w, post, now)
	mail := queuedMailInstead(t, w, "nudge:1:1:fallback:wecom")
	// The post is being made.
	if _, ok, err := w.db.Claim(ctx, post.ID, now); err != nil || !ok {
		t.Fatal(err)
	}
	wantHeld(t, w, mail, now, "the mail while its post is being made")
	// The post failed for now and waits again: the mail goes.
	if err := w.db.MarkRetry(ctx, post.ID, now.Add(time.Minute), "dial tcp: i/o timeout"); err != nil {
		t.Fatal(err)
	}
	if skip, err := w.watch.Precheck(ctx, mail); err != nil || skip != "" {
		t.Fatalf("the mail once its post waits again: skip %q, %v", skip, err)
	}
	// Made again, and it went: the mail is dropped.
	claimAndSend(t, w, post.ID, now.Add(time.Minute))
	if skip, err := w.watch.Precheck(ctx, mail); err != nil || !strings.Contains(skip, "posted to the chat after all") {
		t.Fatalf("the mail after the post went: skip %q, %v", skip, err)
	}
}

// TestFallbackMailAfterUncertainPostSaysItMayHaveArrived: WeCom refused
// Lily's nudge for a while, so its mail instead was queued, saying the
// nudge could not be posted; the [notify] server had it wait. WeCom then
// took the post, but the proxy timed out after the request was written:
// uncertain, the post very likely in the group. The mail, which now goes,
// no longer says the nudge could not be posted: it says it may not have
// reached the chat.
func TestFallbackMailAfterUncertainPostSaysItMayHaveArrived(t *testing.T) {
	w := newWeComWorld(t, true)
	ctx := context.Background()
	post := weComNudge(t, w, "fb-uncertain@globex.de")
	now := w.clock.Now()
	mailInstead(t, w, post, now)
	if _, ok, err := w.db.Claim(ctx, post.ID, now); err != nil || !ok {
		t.Fatal(err)
	}
	if err := w.db.MarkUncertain(ctx, post.ID, "504 from the proxy"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.watch.Fallback(ctx, []keepwarm.OutboxItem{post}, keepwarm.OutboxUncertain, "504 from the proxy", now); err != nil {
		t.Fatal(err)
	}
	mail, ok, err := w.db.OutboxByKey(ctx, "nudge:1:1:fallback:wecom")
	if err != nil || !ok {
		t.Fatalf("the mail instead: %v", err)
	}
	if !strings.Contains(mail.Text, "may not have reached the chat") || strings.Contains(mail.Text, "could not be posted") {
		t.Errorf("the mail after an uncertain post:\n%s", mail.Text)
	}
	if skip, err := w.watch.Precheck(ctx, mail); err != nil || skip != "" {
		t.Fatalf("the mail once its post is uncertain: skip %q, %v", skip, err)
	}
}
