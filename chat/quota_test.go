package chat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
)

// TestARobotOverItsQuotaIsABlockNotARefusal: DingTalk answers a robot over
// its call quota with 90030 "webhook over limit". The URL is good and the
// quota comes back, so the nudge is not failed for good: it goes by mail
// at once, the robot is blocked (kept for the next process) and nothing
// more is posted into the same refusal meanwhile.
func TestARobotOverItsQuotaIsABlockNotARefusal(t *testing.T) {
	over := mailtest.ChatAnswer{Body: `{"errcode":90030,"errmsg":"webhook over limit"}`}
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	ch := channelFor(srv, "ding")
	srv.Script(over)
	err := ch.Post(r.ctx, []keepwarm.ChatNote{{Channel: "ding", Title: "t", Customer: "c", Subject: "s", Waiting: "5 min"}}, r.clock.Now())
	if pe := (*chat.PostError)(nil); !errors.As(err, &pe) || pe.Outcome != chat.Retry || pe.After < 30*time.Minute {
		t.Fatalf("90030 read as %+v", err)
	}

	srv.Script(over)
	var mailed []string
	d := chat.NewDispatcher(r.db, []*chat.Channel{ch}, r.clock, quiet(), chat.Options{BaseBackoff: 10 * time.Second,
		Late: func(_ context.Context, items []keepwarm.OutboxItem, _ string) {
			for _, it := range items {
				mailed = append(mailed, it.Key)
			}
		},
		Settled: func(_ context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, _ string) {
			t.Errorf("%d nudges settled %s", len(items), status)
		}})
	r.nudge("ding")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if len(mailed) != 1 {
		t.Fatalf("%d nudges handed to the mail at the refusal, want 1", len(mailed))
	}
	if b, err := r.db.ChatBlock(r.ctx, "ding"); err != nil || !b.Until.After(r.clock.Now().Add(20*time.Minute)) {
		t.Fatalf("block kept %+v, %v", b, err)
	}
	r.clock.Advance(time.Minute)
	r.nudge("ding")
	for range 10 {
		r.clock.Advance(time.Minute)
		if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Requests(); n != 2 {
		t.Fatalf("%d requests, want none after the refusal", n-2)
	}
	if len(mailed) < 2 {
		t.Fatalf("the nudge queued behind the block was not handed to the mail: %v", mailed)
	}
	for _, it := range r.items() {
		if it.Status == keepwarm.OutboxFailed {
			t.Errorf("item %s failed for good: %s", it.Key, it.LastError)
		}
	}
}

// TestWeComMinuteQuotaIsAMinute: WeCom's 45011 "api minute-quota reach
// limit" is a throttle for the minute, not DingTalk's call quota spent: it
// is tried again in a minute, not blocked for half an hour with every
// nudge sent by mail. DingTalk's 90030 is the quota, said so.
func TestWeComMinuteQuotaIsAMinute(t *testing.T) {
	r := newRig(t)
	for _, c := range []struct {
		kind, body string
		after      time.Duration
		quota      bool
	}{
		{"wecom", `{"errcode":45011,"errmsg":"api minute-quota reach limit"}`, time.Minute, false},
		{"wecom", `{"errcode":45033,"errmsg":"quota exceeded for now"}`, time.Minute, false},
		{"dingtalk", `{"errcode":90030,"errmsg":"webhook over limit"}`, time.Hour, true},
	} {
		srv := mailtest.NewChatServer(t, c.kind, "")
		srv.Script(mailtest.ChatAnswer{Body: c.body})
		ch := channelFor(srv, c.kind)
		err := ch.Post(r.ctx, []keepwarm.ChatNote{{Channel: c.kind, Title: "t", Customer: "c", Subject: "s", Waiting: "5 min"}}, r.clock.Now())
		if pe := (*chat.PostError)(nil); !errors.As(err, &pe) || pe.Outcome != chat.Retry || pe.After != c.after || pe.Quota != c.quota {
			t.Errorf("%s %s read as %+v", c.kind, c.body, err)
		}
	}
}

// TestFeishuTooFastIsTriedAgain: a Feishu robot answering a burst with a
// throttle outside its three known codes (the open platform's 99991400
// "request trigger frequency limit", or any answer saying "too fast" or
// "限流") is tried again after a minute, as on the other platforms, not
// failed for good (which would send the admin to check the URL).
func TestFeishuTooFastIsTriedAgain(t *testing.T) {
	r := newRig(t)
	for _, body := range []string{
		`{"code":99991400,"msg":"request trigger frequency limit"}`,
		`{"code":12345,"msg":"send too fast, try again later"}`,
		`{"code":54321,"msg":"发送频率过高，已限流"}`,
	} {
		srv := mailtest.NewChatServer(t, "feishu", "")
		srv.Script(mailtest.ChatAnswer{Body: body})
		ch := channelFor(srv, "fs")
		err := ch.Post(r.ctx, []keepwarm.ChatNote{{Channel: "fs", Title: "t", Customer: "c", Subject: "s", Waiting: "5 min"}}, r.clock.Now())
		if pe := (*chat.PostError)(nil); !errors.As(err, &pe) || pe.Outcome != chat.Retry || pe.After < time.Minute {
			t.Errorf("%s read as %+v", body, err)
		}
	}
}

// TestARunningDispatcherKeepsToABlockKeptByAnotherProcess: the daemon
// runs one dispatcher for days; a throttle another process met and kept
// for the robot (keepwarm check --notify's test meeting DingTalk's
// 130101) holds it too, under any name posting to that robot: nothing is
// posted into it, and what waits goes once it is over.
func TestARunningDispatcherKeepsToABlockKeptByAnotherProcess(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	en, zh := channelFor(srv, "ding-en"), channelFor(srv, "ding-zh")
	d := r.dispatcher(en, zh)
	r.nudge("ding-en")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil || srv.Requests() != 1 {
		t.Fatalf("first nudge: %d requests, %v", srv.Requests(), err)
	}
	until := r.clock.Now().Add(10 * time.Minute)
	if err := r.db.SetChatBlock(r.ctx, "ding-zh", keepwarm.ChatBlock{Robot: zh.Fingerprint(), Until: until, Reason: "channel ding-zh: rate limited for 10 minutes (errcode 130101: send too fast)"}); err != nil {
		t.Fatal(err)
	}
	r.nudge("ding-en")
	for range 9 {
		r.clock.Advance(time.Minute)
		if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Requests(); n != 1 {
		t.Fatalf("%d posts into the block kept by another process", n-1)
	}
	r.clock.Advance(2 * time.Minute)
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Posts()); n != 2 {
		t.Fatalf("%d posts after the block, want the waiting nudge's", n-1)
	}
}

// TestABlockKeptFarAheadIsNotBelieved: no block keepwarm keeps runs more
// than 30 minutes past the time it is kept. One dated 8 hours ahead was
// kept by a clock 8 hours off since set right (or by check --notify
// under --now of another day): it does not hold the robot's nudges for 8
// hours; they are posted, and the block is cleared. A block within the
// 30 minutes still holds.
func TestABlockKeptFarAheadIsNotBelieved(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	en, zh := channelFor(srv, "ding-en"), channelFor(srv, "ding-zh")
	var mailed []string
	d := chat.NewDispatcher(r.db, []*chat.Channel{en, zh}, r.clock, quiet(), chat.Options{
		Late: func(_ context.Context, items []keepwarm.OutboxItem, _ string) {
			for _, it := range items {
				mailed = append(mailed, it.Key)
			}
		}})
	ahead := keepwarm.ChatBlock{Robot: zh.Fingerprint(), Until: r.clock.Now().Add(8 * time.Hour), Reason: "channel ding-zh: rate limited for 10 minutes (errcode 130101: send too fast)", Budget: 900, BudgetSince: r.clock.Now().Add(-time.Hour)}
	if err := r.db.SetChatBlock(r.ctx, "ding-zh", ahead); err != nil {
		t.Fatal(err)
	}
	r.nudge("ding-en")
	r.clock.Advance(time.Minute)
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Posts()); n != 1 || len(mailed) != 0 {
		t.Fatalf("a block kept 8 hours ahead held the nudge: %d posts, handed to mail %v", n, mailed)
	}
	if b, err := r.db.ChatBlock(r.ctx, "ding-zh"); err != nil || !b.Until.IsZero() || b.Budget != 900 {
		t.Errorf("the block dated ahead is still kept (or its size budget lost): %+v, %v", b, err)
	}

	// A block keepwarm could have kept (25 minutes ahead) holds.
	if err := r.db.SetChatBlock(r.ctx, "ding-zh", keepwarm.ChatBlock{Robot: zh.Fingerprint(), Until: r.clock.Now().Add(25 * time.Minute), Reason: "throttled"}); err != nil {
		t.Fatal(err)
	}
	r.nudge("ding-en")
	r.clock.Advance(time.Minute)
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Posts()); n != 1 {
		t.Fatalf("%d posts into a block 25 minutes ahead", n-1)
	}
}

// TestARunningDispatcherCountsCheckTestsInTheMinute: two names post to
// one DingTalk robot, which takes 20 posts a minute. keepwarm check
// --notify posts a test under each name while the daemon runs (its
// window read days ago), and the morning's burst of 19 nudges comes five
// seconds later: the daemon counts the two tests in the robot's minute,
// posts 17 in it and the rest when the tests leave it, and the robot
// never answers "send too fast".
func TestARunningDispatcherCountsCheckTestsInTheMinute(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	srv.Now, srv.PerMinute = r.clock.Now, 20
	en, zh := channelFor(srv, "ding-en"), channelFor(srv, "ding-zh")
	var mailed []string
	d := chat.NewDispatcher(r.db, []*chat.Channel{en, zh}, r.clock, quiet(), chat.Options{MaxMerge: 1, BaseBackoff: 10 * time.Second,
		Late: func(_ context.Context, items []keepwarm.OutboxItem, _ string) {
			for _, it := range items {
				mailed = append(mailed, it.Key)
			}
		}})
	r.nudge("ding-en")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil || srv.Requests() != 1 {
		t.Fatalf("the daemon's first pass: %d requests, %v", srv.Requests(), err)
	}
	r.clock.Advance(10 * time.Minute)

	// check --notify: a test under each name, counted in the robot's
	// minute as check counts it.
	tests := r.clock.Now()
	for _, c := range []*chat.Channel{en, zh} {
		if err := c.Post(r.ctx, []keepwarm.ChatNote{{Channel: c.Name, Title: "t", Customer: "c", Subject: "s", Waiting: "5 min", Test: true}}, tests); err != nil {
			t.Fatal(err)
		}
		if err := r.db.AddChatPost(r.ctx, c.Name, tests); err != nil {
			t.Fatal(err)
		}
	}

	r.clock.Advance(5 * time.Second)
	for range 19 {
		r.nudge("ding-en")
	}
	inMinute := 0
	for r.clock.Now().Before(tests.Add(2 * time.Minute)) {
		before := srv.Requests()
		if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if r.clock.Now().Before(tests.Add(time.Minute)) {
			inMinute += srv.Requests() - before
		}
		r.clock.Advance(5 * time.Second)
	}
	if n := srv.Throttled(); n != 0 || inMinute > 17 {
		t.Errorf("the robot's minute with check's 2 tests: the daemon posted %d nudges in it, %d refused as too fast", inMinute, n)
	}
	if n := len(srv.Posts()); n != 1+2+19 || len(mailed) != 0 {
		t.Errorf("%d posts, want every nudge posted (and none by mail: %v)", n, mailed)
	}
}

// TestADispatcherCountsCheckTestsPostedDuringItsBurst: two names post to
// one DingTalk robot, which takes 20 posts a minute. A burst of 19 nudges
// is being posted when keepwarm check --notify posts a test under each
// name (after the daemon's 5th post): the daemon reads the others' posts
// again before each claim, not once a pass, so it posts at most 17 in
// the robot's minute and the robot never answers "send too fast".
func TestADispatcherCountsCheckTestsPostedDuringItsBurst(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	srv.Now, srv.PerMinute = r.clock.Now, 20
	en, zh := channelFor(srv, "ding-en"), channelFor(srv, "ding-zh")
	var mailed []string
	d := chat.NewDispatcher(r.db, []*chat.Channel{en, zh}, r.clock, quiet(), chat.Options{MaxMerge: 1, BaseBackoff: 10 * time.Second,
		Late: func(_ context.Context, items []keepwarm.OutboxItem, _ string) {
			for _, it := range items {
				mailed = append(mailed, it.Key)
			}
		}})
	srv.OnRequest = func(n int) {
		if n != 5 {
			return
		}
		// check --notify: a test under each name, counted in the
		// robot's minute as check counts it (recorded, then posted).
		for _, c := range []*chat.Channel{en, zh} {
			if err := r.db.AddChatPost(r.ctx, c.Name, r.clock.Now()); err != nil {
				t.Error(err)
			}
			if err := c.Post(r.ctx, []keepwarm.ChatNote{{Channel: c.Name, Title: "t", Customer: "c", Subject: "s", Waiting: "5 min", Test: true}}, r.clock.Now()); err != nil {
				t.Error(err)
			}
		}
	}
	for range 19 {
		r.nudge("ding-en")
	}
	start := r.clock.Now()
	inMinute := 0
	for r.clock.Now().Before(start.Add(2 * time.Minute)) {
		before := srv.Requests()
		if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if r.clock.Now().Before(start.Add(time.Minute)) {
			inMinute += srv.Requests() - before
		}
		r.clock.Advance(5 * time.Second)
	}
	inMinute -= 2 // check's tests
	if n := srv.Throttled(); n != 0 || inMinute > 17 {
		t.Errorf("the robot's minute with check's 2 tests during the burst: the daemon posted %d nudges in it, %d refused as too fast", inMinute, n)
	}
	if n := len(srv.Posts()); n != 2+19 || len(mailed) != 0 {
		t.Errorf("%d posts, want every nudge posted (and none by mail: %v)", n, mailed)
	}
}

// TestAForeignPostCountsToTheEndOfItsSecond: keepwarm check --notify's
// test to a Slack robot (one post a second) is kept at its whole second
// (10:00:05 for 10:00:05.9), and the post may end later still. The
// daemon counts it to the end of that second: a nudge due at 10:00:06.05
// waits until 10:00:07, not posted 0.15 s after the test.
func TestAForeignPostCountsToTheEndOfItsSecond(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "slack", "")
	c := channelFor(srv, "slack-en")
	d := chat.NewDispatcher(r.db, []*chat.Channel{c}, r.clock, quiet(), chat.Options{MaxMerge: 1, BaseBackoff: 10 * time.Second})
	base := r.clock.Now().Truncate(time.Second)
	if err := r.db.AddChatPost(r.ctx, c.Name, base.Add(900*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(base.Add(1050 * time.Millisecond))
	r.nudge(c.Name)
	res, err := d.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests(); n != 0 || res.Next.Before(base.Add(1900*time.Millisecond)) {
		t.Errorf("a nudge 0.15 s after check's test: %d posts, next look at %v (the test kept at %v)", n, res.Next, base)
	}
	r.clock.Set(base.Add(2 * time.Second))
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil || srv.Requests() != 1 {
		t.Errorf("a second after the test's second: %d posts, %v", srv.Requests(), err)
	}
}

// TestSiblingNamesCountCheckTestsPostedWhileTheFirstPosts: three names
// (one per language) post to one DingTalk robot, 20 posts a minute. Posts
// are slow: while the first name posts its burst, the clock moves two
// seconds and keepwarm check --notify posts a test under each name. The
// names after the first start counting at the time they start, not at
// the pass's start, so they count check's tests too: the robot never
// answers "send too fast" (130101, a 10-minute block). With two names
// the daemon keeps PostingLimit's one post of margin.
func TestSiblingNamesCountCheckTestsPostedWhileTheFirstPosts(t *testing.T) {
	for _, names := range [][]string{{"ding-en", "ding-es", "ding-zh"}, {"ding-en", "ding-zh"}} {
		t.Run(fmt.Sprint(len(names)), func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, "dingtalk", "")
			srv.Now, srv.PerMinute = r.clock.Now, 20
			var chans []*chat.Channel
			for _, n := range names {
				chans = append(chans, channelFor(srv, n))
			}
			var mailed []string
			d := chat.NewDispatcher(r.db, chans, r.clock, quiet(), chat.Options{MaxMerge: 1, BaseBackoff: 10 * time.Second,
				Late: func(_ context.Context, items []keepwarm.OutboxItem, _ string) {
					for _, it := range items {
						mailed = append(mailed, it.Key)
					}
				}})
			srv.OnRequest = func(n int) {
				if n != 5 {
					return
				}
				r.clock.Advance(2 * time.Second) // slow posts
				for _, c := range chans {
					if err := r.db.AddChatPost(r.ctx, c.Name, r.clock.Now()); err != nil {
						t.Error(err)
					}
					if err := c.Post(r.ctx, []keepwarm.ChatNote{{Channel: c.Name, Title: "t", Customer: "c", Subject: "s", Waiting: "5 min", Test: true}}, r.clock.Now()); err != nil {
						t.Error(err)
					}
				}
			}
			for range 17 {
				r.nudge(names[0])
			}
			for _, n := range names[1:] {
				r.nudge(n)
			}
			nudges := 17 + len(names) - 1
			start := r.clock.Now()
			inMinute := 0
			for r.clock.Now().Before(start.Add(2 * time.Minute)) {
				before := srv.Requests()
				if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
					t.Fatal(err)
				}
				if r.clock.Now().Before(start.Add(time.Minute)) {
					inMinute += srv.Requests() - before
				}
				r.clock.Advance(5 * time.Second)
			}
			inMinute -= len(names) // check's tests
			if n := srv.Throttled(); n != 0 || inMinute > 19-len(names) {
				t.Errorf("the robot's minute with check's %d tests: the daemon posted %d nudges in it (want at most %d), %d refused as too fast",
					len(names), inMinute, 19-len(names), n)
			}
			if n := len(srv.Posts()); n != len(names)+nudges || len(mailed) != 0 {
				t.Errorf("%d posts, want every nudge posted (and none by mail: %v)", n, mailed)
			}
		})
	}
}
