package chat_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
)

// slowRobot is a platform that takes step to answer each of its first
// slow posts, on keepwarm's clock, and answers at once after them: it
// notes when each post reached it.
type slowRobot struct {
	base  http.RoundTripper
	clock *keepwarm.ManualClock
	step  time.Duration
	slow  int

	mu       sync.Mutex
	received []time.Time
}

func (s *slowRobot) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.received = append(s.received, s.clock.Now())
	slow := len(s.received) <= s.slow
	s.mu.Unlock()
	resp, err := s.base.RoundTrip(req)
	if slow {
		s.clock.Advance(s.step)
	}
	return resp, err
}

// TestSlowPostsKeepThePlatformsRateWindow: a backlog posted to a robot
// slow for a while (3 s an answer) spreads over most of a minute; keepwarm
// counts each post when it went, not when the pass began, so the pass
// after it, the robot quick again, does not post a second burst into the
// platform's minute (WeCom's 45009, DingTalk's 10-minute block).
func TestSlowPostsKeepThePlatformsRateWindow(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	c := channelFor(srv, "wecom")
	slow := &slowRobot{base: c.Client.Transport, clock: r.clock, step: 3 * time.Second, slow: 19}
	c.Client.Transport = slow
	d := chat.NewDispatcher(r.db, []*chat.Channel{c}, r.clock, quiet(), chat.Options{MaxMerge: 1, BaseBackoff: 10 * time.Second})
	for range 45 {
		r.nudge("wecom", "lily")
	}
	for range 100 {
		res, err := d.RunOnce(r.ctx, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Next.IsZero() {
			break
		}
		if res.Next.After(r.clock.Now()) {
			r.clock.Set(res.Next)
		}
	}
	if n := len(srv.Posts()); n != 45 {
		t.Fatalf("%d of 45 nudges posted", n)
	}
	limit := chat.PostingLimit("wecom").PerMinute
	for i, from := range slow.received {
		n := 0
		for _, at := range slow.received[i:] {
			if at.Sub(from) < time.Minute {
				n++
			}
		}
		if n > limit {
			t.Fatalf("the platform got %d posts within a minute from %s, more than %d", n, from.Sub(t0), limit)
		}
	}
}
