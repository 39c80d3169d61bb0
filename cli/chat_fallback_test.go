package cli

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestRunMailsAChatNudgeTheRobotRefused: Lily reads WeCom, not mail; the
// group's robot was removed, so WeCom refuses every post for good. The
// nudge she would have had in the group comes by mail from [notify] in the
// same minute, saying why, instead of being lost with a log line.
func TestRunMailsAChatNudgeTheRobotRefused(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	robot.Script(mailtest.ChatAnswer{Body: `{"errcode":93000,"errmsg":"invalid webhook url"}`})
	r := startRun(t, "info", `[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, map[string]string{"WECOM_URL": robot.URL}, func(conf string) string {
		return strings.Replace(conf, `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"wecom:lily\"]", 1)
	})
	r.clock.Set(t0.Add(5 * time.Minute))
	waitFor(t, "the nudge by mail", func() bool { return len(r.smtp.Messages()) == 1 })
	m := r.smtp.Messages()[0]
	raw := string(m.Raw)
	if len(m.To) != 1 || m.To[0] != "lily@acme-export.com" || !strings.Contains(raw, "could not be posted to the chat wecom") ||
		!strings.Contains(raw, "93000") || !strings.Contains(raw, "Hans Meier") {
		t.Fatalf("the mail to %v:\n%s", m.To, raw)
	}
	// The mail has arrived; its outbox row is marked sent just after (the
	// SMTP server has the mail before the dispatcher records it).
	settled := func() bool {
		var chat, mail int
		for _, it := range r.nudges() {
			switch {
			case it.Chat != nil && it.Status == keepwarm.OutboxFailed:
				chat++
			case it.Chat == nil && it.Status == keepwarm.OutboxSent && strings.HasSuffix(it.Key, ":1:fallback:wecom"):
				mail++
			}
		}
		return chat == 1 && mail == 1
	}
	waitFor(t, "the chat post failed and the mail recorded sent", settled)
}

// TestRunTellsTheChatWhenNotifyMailFails: the [notify] server refuses the
// nudge mail for good (the account was disabled). Lily takes her nudges by
// mail, and the digest that would report the failure goes the same way:
// the team's WeCom group is told instead, once, in its language, with the
// server's words.
func TestRunTellsTheChatWhenNotifyMailFails(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	r := startRun(t, "info", `[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, map[string]string{"WECOM_URL": robot.URL}, nil)
	r.smtp.FailNextData(2, 554)
	r.clock.Set(t0.Add(5 * time.Minute))
	waitFor(t, "the chat told", func() bool { return len(robot.Posts()) == 1 })
	if text := robot.Posts()[0].Text; !strings.Contains(text, "keepwarm 提醒：系统邮件发不出去") || !strings.Contains(text, "554") {
		t.Fatalf("the chat was told:\n%s", text)
	}
	r.clock.Set(t0.Add(10 * time.Minute))
	waitFor(t, "the target nudge failed too", func() bool {
		n := 0
		for _, it := range r.nudges() {
			if it.Status == keepwarm.OutboxFailed {
				n++
			}
		}
		return n == 2
	})
	r.stop()
	if n := len(robot.Posts()); n != 1 {
		t.Fatalf("the chat was told %d times the same day", n)
	}
}

// TestRunMailsAChatNudgeTheChannelKeepsRefusing: WeCom answers 503 to
// every post (the platform or the office's line is down for an hour and
// more). Lily's nudges do not wait out ten retries until the message is
// too old to nudge about: each goes by mail from [notify] once its next
// try would come 5 minutes or more after it was due, and the chat post is
// then not made when the channel comes back.
func TestRunMailsAChatNudgeTheChannelKeepsRefusing(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	for range 8 { // the tries below; it posts again after them
		robot.Script(mailtest.ChatAnswer{Status: 503, Body: "service unavailable"})
	}
	r := startRun(t, "info", `[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, map[string]string{"WECOM_URL": robot.URL}, func(conf string) string {
		return strings.Replace(conf, `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"wecom:lily\"]", 1)
	})
	fallbacks := func() (keys []string) {
		for _, it := range r.nudges() {
			if strings.Contains(it.Key, ":fallback:") {
				keys = append(keys, it.Key)
			}
		}
		return keys
	}
	// How many posts the chat nudges' failures were recorded for (a
	// nudge being posted is counted once its outcome is).
	chatAttempts := func() (n int) {
		for _, it := range r.nudges() {
			if it.Chat != nil {
				if it.Status == keepwarm.OutboxSending {
					return 0
				}
				n += it.Attempts
			}
		}
		return n
	}
	// Tries at +0, +30 s, +1:30, +3:30 (the next would be +7:30): by mail
	// at +3:30 after it was due; the same for the target nudge.
	requests := 0
	for _, step := range []time.Duration{5 * time.Minute, 5*time.Minute + 30*time.Second, 6*time.Minute + 30*time.Second, 8*time.Minute + 30*time.Second,
		10 * time.Minute, 10*time.Minute + 30*time.Second, 11*time.Minute + 30*time.Second, 13*time.Minute + 30*time.Second} {
		r.clock.Set(t0.Add(step))
		requests++
		// Its failure recorded too: the next try is timed from it, and a
		// clock moved on before the dispatcher recorded it would put the
		// try after the next step.
		r.waitOrShow(fmt.Sprintf("try %d at +%s", requests, step), func() bool { return robot.Requests() >= requests && chatAttempts() >= requests })
		if requests%4 == 0 {
			// By mail at this instant, before the clock moves on: at the
			// reply target (+10:00) a first nudge's mail not yet sent
			// would rightly be dropped for the target's.
			mails := requests / 4
			r.waitOrShow(fmt.Sprintf("nudge %d by mail at +%s", mails, step), func() bool { return len(r.smtp.Messages()) == mails })
		}
	}
	keys := fallbacks()
	if len(keys) != 2 || !strings.HasSuffix(keys[0], ":1:fallback:wecom") || !strings.HasSuffix(keys[1], ":2:fallback:wecom") {
		t.Fatalf("fallback mails %v", keys)
	}
	for _, m := range r.smtp.Messages() {
		if raw := string(m.Raw); len(m.To) != 1 || m.To[0] != "lily@acme-export.com" || !strings.Contains(raw, "could not be posted to the chat wecom") ||
			!strings.Contains(raw, "503") {
			t.Fatalf("the mail to %v:\n%s", m.To, raw)
		}
	}
	// WeCom works again (it answers 200 after the 8 refusals) when the
	// target nudge's next try comes (+17:30): neither nudge is posted late.
	// The first was dropped at its try after its mail (+13:30); the second
	// is dropped now, and nothing is tried on WeCom until the daemon stops.
	r.clock.Set(t0.Add(20 * time.Minute))
	r.waitOrShow("the chat nudges settled", func() bool {
		n := 0
		for _, it := range r.nudges() {
			if it.Chat != nil && it.Status == keepwarm.OutboxSkipped && strings.Contains(it.LastError, "sent by mail instead") {
				n++
			}
		}
		return n == 2
	})
	r.stop()
	if robot.Requests() != 8 || len(robot.Posts()) != 0 || len(r.smtp.Messages()) != 2 {
		t.Fatalf("%d chat requests (%d posts) and %d mails", robot.Requests(), len(robot.Posts()), len(r.smtp.Messages()))
	}
}

// TestRunMailsANudgeQueuedBehindDingTalksThrottle: DingTalk answers the
// first nudge "send too fast" (130101: the robot is throttled for 10
// minutes). That nudge goes by mail at once; so does the next one, queued
// 5 minutes later behind the throttle and never posted itself, instead of
// reaching the chat 5 minutes late with no mail. Neither is posted when
// the throttle ends.
func TestRunMailsANudgeQueuedBehindDingTalksThrottle(t *testing.T) {
	robot := mailtest.NewChatServer(t, "dingtalk", "")
	robot.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	r := startRun(t, "info", `[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
`, map[string]string{"DING_URL": robot.URL}, func(conf string) string {
		return strings.Replace(conf, `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"ding:lily\"]", 1)
	})
	r.clock.Set(t0.Add(5 * time.Minute))
	waitFor(t, "the first nudge refused", func() bool { return robot.Requests() >= 1 })
	waitFor(t, "the first nudge by mail", func() bool { return len(r.smtp.Messages()) == 1 })
	r.clock.Set(t0.Add(10 * time.Minute))
	waitFor(t, "the nudge behind the throttle by mail", func() bool { return len(r.smtp.Messages()) == 2 })
	if raw := string(r.smtp.Messages()[1].Raw); !strings.Contains(raw, "could not be posted to the chat ding") || !strings.Contains(raw, "130101") {
		t.Fatalf("the second mail:\n%s", raw)
	}
	r.clock.Set(t0.Add(16 * time.Minute))
	waitFor(t, "the chat nudges settled", func() bool {
		n := 0
		for _, it := range r.nudges() {
			if it.Chat != nil && it.Status == keepwarm.OutboxSkipped && strings.Contains(it.LastError, "sent by mail instead") {
				n++
			}
		}
		return n == 2
	})
	r.stop()
	if len(robot.Posts()) != 0 || robot.Requests() != 1 || len(r.smtp.Messages()) != 2 {
		t.Fatalf("%d chat posts (%d requests) and %d mails", len(robot.Posts()), robot.Requests(), len(r.smtp.Messages()))
	}
}

// TestRunPostsANudgeWhoseMailInsteadHungThenFailed: DingTalk throttles
// Lily's nudge ("send too fast": 10 minutes), so it goes by mail from
// [notify] instead; that server takes the mail and then says nothing,
// past the throttle's end. The chat post waits for the mail meanwhile,
// neither posted (the mail may yet go) nor dropped as "sent by mail
// instead" (it may not). The server then refuses the mail (451 for now,
// 554 for good): the nudge is posted at once, the clock not moving (not
// lost, nor left until the mail's next try), and the mail is not sent
// after it.
func TestRunPostsANudgeWhoseMailInsteadHungThenFailed(t *testing.T) {
	for _, code := range []int{451, 554} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			robot := mailtest.NewChatServer(t, "dingtalk", "")
			robot.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
			r := startRun(t, "info", `[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
[replies]
reply_target = "30m"
`, map[string]string{"DING_URL": robot.URL}, func(conf string) string {
				return strings.Replace(conf, `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"ding:lily\"]", 1)
			})
			hung := r.smtp.HoldNextData()
			r.clock.Set(t0.Add(5 * time.Minute))
			r.waitOrShow("the nudge's mail instead hanging", func() bool {
				select {
				case <-hung.Held:
					return true
				default:
					return false
				}
			})
			post := func() (it keepwarm.OutboxItem) {
				for _, n := range r.nudges() {
					if n.Chat != nil {
						it = n
					}
				}
				return it
			}
			// The throttle is over (+15): the post is looked at, and waits.
			r.clock.Set(t0.Add(16 * time.Minute))
			r.waitOrShow("the post held while its mail is being sent", func() bool {
				it := post()
				return it.Status == keepwarm.OutboxQueued && strings.Contains(it.LastError, "held: its mail instead is being sent")
			})
			if n := len(robot.Posts()); n != 0 || robot.Requests() != 1 {
				t.Fatalf("%d posts, %d requests while the mail hangs", n, robot.Requests())
			}
			hung.ReleaseWith(code)
			r.waitOrShow("the nudge posted after its mail failed", func() bool { return post().Status == keepwarm.OutboxSent })
			var posted int
			for _, p := range robot.Posts() {
				if strings.Contains(p.Text, "Hans Meier") {
					posted++
				}
			}
			if posted != 1 {
				t.Fatalf("the nudge posted %d times: %+v", posted, robot.Posts())
			}
			// The mail's next try (a minute later, after a 451) drops it.
			r.clock.Set(t0.Add(20 * time.Minute))
			r.waitOrShow("the mail instead settled", func() bool {
				for _, it := range r.nudges() {
					if strings.HasSuffix(it.Key, ":fallback:ding") {
						return code == 554 && it.Status == keepwarm.OutboxFailed ||
							code == 451 && it.Status == keepwarm.OutboxSkipped && strings.Contains(it.LastError, "posted to the chat after all")
					}
				}
				return false
			})
			r.stop()
			if n := len(r.smtp.Messages()); n != 0 {
				t.Fatalf("%d mails taken", n)
			}
		})
	}
}
