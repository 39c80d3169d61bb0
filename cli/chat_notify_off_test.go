package cli

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestRunKeepsPostingWhenNotifyCannotMail: Lily takes her nudges in WeCom
// only; [notify] is set but cannot be used (its password variable is
// empty), so a mail from it would only wait queued. WeCom answers 503 to
// the target nudge for a few minutes. The nudge is not handed to a mail
// that cannot go and then dropped as "sent by mail instead": it keeps being
// tried on WeCom and is posted once WeCom takes posts again.
func TestRunKeepsPostingWhenNotifyCannotMail(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	ok := mailtest.ChatAnswer{Body: `{"errcode":0,"errmsg":"ok"}`}
	robot.Script(ok, ok) // the team told [notify] cannot be used; the reply-due nudge
	for range 4 {
		robot.Script(mailtest.ChatAnswer{Status: 503, Body: "service unavailable"})
	}
	r := startRun(t, "info", `[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, map[string]string{"WECOM_URL": robot.URL, "NOTIFY_PW": ""}, func(conf string) string {
		return strings.Replace(conf, `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"wecom:lily\"]", 1)
	})
	sent := func(key string) bool {
		for _, it := range r.nudges() {
			if it.Key == key && it.Status == keepwarm.OutboxSent {
				return true
			}
		}
		return false
	}
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
	r.clock.Set(t0.Add(5 * time.Minute))
	r.waitOrShow("the reply-due nudge posted", func() bool { return sent("nudge:1:1:wecom") })
	// The target nudge: tries at +10:00, +10:30, +11:30, +13:30 refused
	// (the next would come 7:30 after it was due), the next taken.
	requests := 2
	for _, step := range []time.Duration{10 * time.Minute, 10*time.Minute + 30*time.Second, 11*time.Minute + 30*time.Second, 13*time.Minute + 30*time.Second} {
		r.clock.Set(t0.Add(step))
		requests++
		r.waitOrShow(fmt.Sprintf("try %d at +%s", requests, step), func() bool { return robot.Requests() >= requests && chatAttempts() >= requests-1 })
	}
	r.clock.Set(t0.Add(20 * time.Minute))
	r.waitOrShow("the target nudge posted", func() bool { return sent("nudge:1:2:wecom") })
	r.stop()
	for _, it := range r.nudges() {
		if strings.Contains(it.Key, ":fallback:") {
			t.Errorf("a mail queued in a [notify] that cannot send: %s %s", it.Key, it.Status)
		}
		if it.Chat != nil && it.Status != keepwarm.OutboxSent {
			t.Errorf("chat nudge %s %s: %s", it.Key, it.Status, it.LastError)
		}
	}
}
