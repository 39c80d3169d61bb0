package sequences_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// TestManagersCopyGoesWhenTheNudgedsMailInsteadFailedForGood: Lily and
// the manager take their nudges in DingTalk, on the same post at the
// target (escalate). DingTalk answers 503, so each gets a mail instead;
// the [notify] server refuses Lily's address for good (550). The
// manager's copy does not wait for her mail, which will never go: he
// gets it, once, whether DingTalk stays down past nudge_backlog_limit or
// works again half an hour on. In the second case the post still goes,
// for Lily, without @-mentioning the manager, who had the copy. The same
// when the server refuses her address for now (452, a full mailbox) at
// every try: her mail stays queued, retried until nudge_backlog_limit,
// and the copy does not wait for it either.
func TestManagersCopyGoesWhenTheNudgedsMailInsteadFailedForGood(t *testing.T) {
	for _, tc := range []struct {
		code, upAt int
	}{{550, 0}, {550, 30}, {452, 0}, {452, 30}} {
		code, upAt := tc.code, tc.upAt
		name := fmt.Sprintf("%d, DingTalk down throughout", code)
		if upAt > 0 {
			name = fmt.Sprintf("%d, DingTalk back at minute %d", code, upAt)
		}
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, mailtest.NewMemServer(t), true, func(w *world, c *sequences.ReplyConfig) {
				c.Notify = map[string][]sequences.NotifyTarget{
					lilyUser: {{Channel: "ding", Mention: "lily"}},
					boss:     {{Channel: "ding", Mention: "boss01"}},
				}
				c.Now = w.clock.Now
			})
			w.smtp.RejectRcpt(lilyUser, code)
			down := mailtest.NewChatServer(t, "dingtalk", "")
			for range 100 {
				down.Script(mailtest.ChatAnswer{Status: 503, Body: "service unavailable"})
			}
			up := mailtest.NewChatServer(t, "dingtalk", "")
			robot := func(srv *mailtest.ChatServer) *chat.Dispatcher {
				ch := &chat.Channel{Name: "ding", Kind: srv.Kind, URL: srv.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
				return chat.NewDispatcher(w.db, []*chat.Channel{ch}, w.clock, testLog(), chat.Options{
					Precheck: w.watch.Precheck,
					Late: func(ctx context.Context, items []keepwarm.OutboxItem, reason string) {
						if _, err := w.watch.Fallback(ctx, items, keepwarm.OutboxQueued, reason, w.clock.Now()); err != nil {
							t.Errorf("fallback: %v", err)
						}
					},
					Settled: func(ctx context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string) {
						if _, err := w.watch.Fallback(ctx, items, status, reason, w.clock.Now()); err != nil {
							t.Errorf("fallback: %v", err)
						}
					},
				})
			}
			posts := robot(down)
			mails := mailsync.NewDispatcher(w.db, w.sender, w.clock, testLog(), mailsync.DispatcherOptions{Precheck: w.watch.Precheck})
			ctx := context.Background()

			w.deliver(lilyUser, "INBOX", ask("refused-copy@globex.de", lilyUser, "Quotation for 40HQ"), t0)
			w.sync()
			for m := 1; m <= 70; m++ {
				if m == upAt {
					posts = robot(up)
				}
				now := t0.Add(time.Duration(m) * time.Minute)
				w.clock.Set(now)
				if err := w.engine.Tick(ctx); err != nil {
					t.Fatalf("tick at minute %d: %v", m, err)
				}
				if _, err := posts.RunOnce(ctx, now); err != nil {
					t.Fatalf("chat at minute %d: %v", m, err)
				}
				if _, err := mails.RunOnce(ctx, now); err != nil {
					t.Fatalf("mail at minute %d: %v", m, err)
				}
				if _, err := posts.RunOnce(ctx, now); err != nil {
					t.Fatalf("chat after the mail at minute %d: %v", m, err)
				}
			}

			post := w.managerChatItem(t, "ding")
			own, ok, err := w.db.OutboxByKey(ctx, strings.TrimSuffix(post.Key, ":ding")+":fallback:ding")
			if code >= 500 && (err != nil || !ok || own.Status != keepwarm.OutboxFailed) {
				t.Fatalf("the rig: Lily's mail instead should have failed for good: %v %v %+v", ok, err, own)
			}
			if code < 500 && (err != nil || !ok || own.Attempts == 0 ||
				own.Status != keepwarm.OutboxQueued && own.Status != keepwarm.OutboxSkipped) {
				t.Fatalf("the rig: Lily's mail instead should have been refused for now, still queued or skipped: %v %v %+v", ok, err, own)
			}
			var toBoss []mailtest.SMTPMessage
			for _, m := range w.nudges() {
				if slices.ContainsFunc(m.To, func(a string) bool { return strings.EqualFold(a, boss) }) {
					toBoss = append(toBoss, m)
				}
			}
			if len(toBoss) != 1 {
				cp, _, _ := w.db.OutboxByKey(ctx, own.Key+":manager")
				t.Fatalf("the manager got %d mails, want his copy once; the copy: %s %q", len(toBoss), cp.Status, cp.LastError)
			}
			if subj := header(toBoss[0].Raw, "Subject"); !strings.Contains(subj, "40HQ") {
				t.Errorf("the manager's mail is not about the message: %q", subj)
			}
			if upAt == 0 {
				if n := len(up.Posts()) + len(down.Posts()); n != 0 {
					t.Fatalf("%d posts with DingTalk down", n)
				}
				return
			}
			got := up.Posts()
			if len(got) != 1 {
				t.Fatalf("DingTalk took %d posts once back, want the target nudge for Lily", len(got))
			}
			if !slices.Contains(got[0].Mentions, "lily") || slices.Contains(got[0].Mentions, "boss01") {
				t.Errorf("the post once DingTalk was back mentions %v, want Lily and not the manager, who had his copy by mail", got[0].Mentions)
			}
			if post, err = w.db.OutboxItem(ctx, post.ID); err != nil || post.Status != keepwarm.OutboxSent {
				t.Errorf("the post: %s %v", post.Status, err)
			}
		})
	}
}
