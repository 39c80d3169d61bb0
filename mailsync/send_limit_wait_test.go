package mailsync_test

import (
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// A provider's short-term limit on the account (NetEase's HL:IFC) that
// lasts for hours uses up none of the waiting item's attempts: after more
// tries than MaxAttempts it is still queued, not "gave up", and it goes
// once the limit lifts.
func TestThrottledMailboxGivesUpOnNoItem(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	it := r.enqueue("seq:1:1", keepwarm.ModeSend)
	r.smtp.RejectRcptAnswer(buyer, 421, smtp.NoEnhancedCode, "HL:IFC 该IP短期内发送了大量信件，超过了网易的限制")
	for range 15 {
		res := r.run()
		if res.Failed != 0 {
			t.Fatalf("a try while throttled failed an item: %+v", res)
		}
		r.clock.Set(res.Next)
	}
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 {
		t.Fatalf("after 15 tries while throttled: %s after %d attempts (%q); want queued, none counted", got.Status, got.Attempts, got.LastError)
	}
	if n := r.smtp.MailCount(); n != 15 {
		t.Fatalf("%d tries, want 15", n)
	}
	r.smtp.RejectRcpt(buyer, 0)
	r.clock.Set(r.run().Next)
	r.run()
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent || got.Attempts != 1 {
		t.Fatalf("once the limit lifted: %s after %d attempts (%q)", got.Status, got.Attempts, got.LastError)
	}
}

// A daily limit still answered at the next day's first try (a provider
// that counts a rolling 24 hours, as Gmail does) is tried again with the
// backoff, not only after another whole day: the mail goes the same day
// the limit lifts, and the waits count none of its attempts.
func TestSendingLimitStillThereAtMidnightIsTriedDuringTheDay(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	it := r.enqueue("seq:1:1", keepwarm.ModeSend)
	r.smtp.RejectMail(550, smtp.EnhancedCode{5, 4, 5}, "Daily user sending limit exceeded")
	res := r.run()
	midnight := time.Date(sendT0.Year(), sendT0.Month(), sendT0.Day()+1, 0, 0, 0, 0, time.UTC)
	if !res.Next.Equal(midnight) {
		t.Fatalf("next try %s, want the next day %s", res.Next, midnight)
	}
	lifts := sendT0.Add(24 * time.Hour) // 24 hours after the limit was met
	for r.clock.Set(res.Next); r.clock.Now().Before(midnight.AddDate(0, 0, 1)); r.clock.Set(res.Next) {
		if !r.clock.Now().Before(lifts) {
			r.smtp.RejectMail(0, smtp.EnhancedCode{}, "")
		}
		res = r.run()
		if got := r.item(it.ID); got.Status == keepwarm.OutboxSent {
			if !r.clock.Now().Before(lifts.Add(time.Hour + time.Minute)) {
				t.Fatalf("sent at %s, want within the hour after the limit lifted at %s", r.clock.Now(), lifts)
			}
			if got.Attempts != 1 {
				t.Fatalf("sent after %d attempts, want 1: the waits count none", got.Attempts)
			}
			return
		}
		if res.Next.IsZero() {
			t.Fatalf("nothing more to do at %s, the item %s", r.clock.Now(), r.item(it.ID).Status)
		}
	}
	t.Fatalf("not sent before the second midnight: %+v", r.item(it.ID))
}
