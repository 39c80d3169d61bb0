package chat_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
)

// TestASignatureRefusedForTheClockNamesTheClock: DingTalk (加签) and Feishu
// (签名校验) refuse a signature whose timestamp is more than an hour off
// their own clock, in the same words as a wrong secret. A machine whose
// clock runs 8 hours ahead (its RTC on local time read as UTC) signs with
// the right secret and is refused: the refusal, by the answer's Date,
// says this machine's clock is 8 hours ahead, so nobody rotates a good
// secret. With the clocks agreeing, a wrong secret's refusal names no
// clock.
func TestASignatureRefusedForTheClockNamesTheClock(t *testing.T) {
	for _, kind := range []string{"dingtalk", "feishu"} {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t)
			ft := &failTB{TB: t}
			srv := mailtest.NewChatServer(ft, kind, "the-right-secret")
			srv.Now = time.Now // the platform's clock, the real one
			ch := channelFor(srv, "team")
			ch.Wall = func() time.Time { return time.Now().Add(8 * time.Hour) }
			r.nudge("team")
			if _, err := r.dispatcher(ch).RunOnce(r.ctx, r.clock.Now()); err != nil {
				t.Fatal(err)
			}
			it := r.items()[0]
			if it.Status != keepwarm.OutboxFailed || !strings.Contains(it.LastError, "this machine's clock is 8h00m ahead of the platform's") ||
				!strings.Contains(it.LastError, "more than an hour off") || ft.errors == 0 {
				t.Fatalf("item %s %q, stand-in complaints %d", it.Status, it.LastError, ft.errors)
			}
			err := ch.Post(r.ctx, []keepwarm.ChatNote{{Channel: "team", Title: "t", Customer: "c", Subject: "s", Waiting: "5 min"}}, r.clock.Now())
			var pe *chat.PostError
			if !errors.As(err, &pe) || pe.Outcome != chat.Failed || !pe.Signature || pe.ClockOff < 8*time.Hour-time.Minute || pe.ClockOff > 8*time.Hour+time.Minute {
				t.Fatalf("a post signed 8 hours ahead: %+v", err)
			}

			// The clocks agree: the secret is wrong, and the clock is not named.
			ch.Wall, ch.Secret = nil, "a-wrong-secret"
			err = ch.Post(r.ctx, []keepwarm.ChatNote{{Channel: "team", Title: "t", Customer: "c", Subject: "s", Waiting: "5 min"}}, r.clock.Now())
			if !errors.As(err, &pe) || pe.Outcome != chat.Failed || !pe.Signature || !pe.ClockRead || pe.ClockOff != 0 || strings.Contains(pe.Reason, "clock") {
				t.Fatalf("a wrong secret: %+v", err)
			}
		})
	}
}
