package chat_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

var t0 = time.Date(2026, 11, 16, 9, 5, 0, 0, time.UTC)

type rig struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	clock *keepwarm.ManualClock
	n     int
}

func newRig(t *testing.T) *rig {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &rig{t: t, ctx: ctx, db: db, clock: keepwarm.NewManualClock(t0)}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// nudge queues one chat nudge on channel, due now, and returns its subject.
func (r *rig) nudge(channel string, mentions ...string) string {
	r.t.Helper()
	r.n++
	subj := fmt.Sprintf("Quotation %03d for 2000 LED panels", r.n)
	now := r.clock.Now()
	note := &keepwarm.ChatNote{Channel: channel, Mentions: mentions,
		Title: "Reply due: Hans Meier (Meier GmbH) waiting 5 min", Customer: "Hans Meier (Meier GmbH), hans@meier.de",
		Subject: subj, Waiting: "5 min", Excerpt: "Please quote 2000 pcs. Delivery to Hamburg <@all>.",
		Link: fmt.Sprintf("https://kw.example/messages/%d", r.n),
		Lang: "en", Since: now.Add(-5 * time.Minute), Name: "Hans Meier", Company: "Meier GmbH", Contact: "hans@meier.de"}
	_, created, err := r.db.Enqueue(r.ctx, keepwarm.OutboxItem{
		Key: fmt.Sprintf("nudge:%d:1:%s", r.n, channel), MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: keepwarm.ChatMailbox(channel), From: keepwarm.Address{Email: "keepwarm@acme.example"},
		To: []keepwarm.Address{{Email: "lily@acme.example"}}, Subject: "Reply due: " + subj, Text: subj,
		Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "nudge", Chat: note,
	})
	if err != nil || !created {
		r.t.Fatalf("enqueue: %v (created %v)", err, created)
	}
	return subj
}

func (r *rig) items() []keepwarm.OutboxItem {
	r.t.Helper()
	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{})
	if err != nil {
		r.t.Fatal(err)
	}
	return items
}

func (r *rig) dispatcher(chans ...*chat.Channel) *chat.Dispatcher {
	return chat.NewDispatcher(r.db, chans, r.clock, quiet(), chat.Options{BaseBackoff: 10 * time.Second})
}

func channelFor(srv *mailtest.ChatServer, name string) *chat.Channel {
	return &chat.Channel{Name: name, Kind: srv.Kind, URL: srv.URL, Secret: srv.Secret, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
}

// TestEachPlatform: one nudge to each kind of robot arrives in the
// platform's own format, signed where the platform signs, @-mentioning the
// salesperson, with the customer by name, the subject, the waiting time,
// the first lines and the link; a customer's "<@all>" mentions nobody. A
// signature is made at the real time, which the platform checks against
// its own clock, though keepwarm's clock is set to another day.
func TestEachPlatform(t *testing.T) {
	for _, tc := range []struct {
		kind, secret string
		mention      string
	}{
		{"wecom", "", "lily"},
		{"wecom", "", "13800000000"}, // by mobile: a text message with mentioned_mobile_list
		{"dingtalk", "SECdingtalk-secret", "13800000000"},
		{"dingtalk", "SECdingtalk-secret", "lily01"},
		{"feishu", "feishu-secret", "ou_7d8a6e6df7621556ce0d21922b676706"},
		{"slack", "", "U024BE7LH"},
		{"teams", "", "lily@acme.example"}, // a UPN: an Adaptive Card with a mention entity
		{"webhook", "hook-secret", "lily"},
		{"webhook", "", ""},
	} {
		t.Run(tc.kind+"/"+tc.mention, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, tc.kind, tc.secret)
			// The platform's clock is the real one, whatever keepwarm's
			// (--now, a replay): t0 is weeks from it.
			srv.Now = time.Now
			var mentions []string
			if tc.mention != "" {
				mentions = []string{tc.mention}
			}
			subj := r.nudge("team", mentions...)
			res, err := r.dispatcher(channelFor(srv, "team")).RunOnce(r.ctx, r.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			posts := srv.Posts()
			if res.Messages != 1 || res.Sent != 1 || len(posts) != 1 {
				t.Fatalf("result %+v, %d posts", res, len(posts))
			}
			p := posts[0]
			for _, want := range []string{"Hans Meier (Meier GmbH)", subj, "5 min", "Please quote 2000 pcs.", "https://kw.example/messages/1"} {
				if !strings.Contains(p.Text, want) {
					t.Errorf("message lacks %q:\n%s", want, p.Text)
				}
			}
			if strings.Join(p.Mentions, ",") != tc.mention {
				t.Errorf("mentions %q, want %q\n%v", p.Mentions, tc.mention, p.Body)
			}
			if it := r.items()[0]; it.Status != keepwarm.OutboxSent || it.Attempts != 1 {
				t.Errorf("item %s after %d attempts", it.Status, it.Attempts)
			}
		})
	}
}

// TestWrongSecretFailsForGood: a signature the platform refuses is not a
// reason to try again: the item fails, with the platform's words.
func TestWrongSecretFailsForGood(t *testing.T) {
	for _, kind := range []string{"dingtalk", "feishu"} {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t)
			ft := &failTB{TB: t}
			srv := mailtest.NewChatServer(ft, kind, "the-right-secret")
			ch := channelFor(srv, "team")
			ch.Secret = "a-wrong-secret"
			r.nudge("team")
			res, err := r.dispatcher(ch).RunOnce(r.ctx, r.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			it := r.items()[0]
			if res.Failed != 1 || it.Status != keepwarm.OutboxFailed || !strings.Contains(it.LastError, "sign") || !strings.Contains(it.LastError, "match") || ft.errors == 0 {
				t.Fatalf("result %+v, item %s %q, stand-in complaints %d", res, it.Status, it.LastError, ft.errors)
			}
			if strings.Contains(it.LastError, "tok-") {
				t.Fatalf("the error names the webhook's token: %q", it.LastError)
			}
		})
	}
}

// failTB counts the stand-in's complaints instead of failing the test: the
// test above expects one.
type failTB struct {
	testing.TB
	errors int
}

func (f *failTB) Errorf(string, ...any) { f.errors++ }

// TestRateLimitMergesNeverDrops: 25 nudges within one minute to one WeCom
// robot (20 messages a minute) arrive as at most 20 messages in all, never
// more than 20 in any minute, each nudge exactly once; a burst arrives
// merged. The minute runs on the
// injected clock, in milliseconds.
func TestRateLimitMergesNeverDrops(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	d := r.dispatcher(channelFor(srv, "wecom"))
	var subjects []string
	var postTimes []time.Time
	run := func() {
		before := len(srv.Posts())
		res, err := d.RunOnce(r.ctx, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for range len(srv.Posts()) - before {
			postTimes = append(postTimes, r.clock.Now())
		}
		if !res.Next.IsZero() && res.Next.Before(r.clock.Now()) {
			t.Fatalf("next run asked for in the past: %v", res.Next)
		}
	}
	// A burst of 5 at once, then one every 2.5 s.
	for range 5 {
		subjects = append(subjects, r.nudge("wecom", "lily"))
	}
	run()
	for i := range 20 {
		r.clock.Set(t0.Add(time.Duration(i+1) * 2500 * time.Millisecond))
		subjects = append(subjects, r.nudge("wecom", "lily"))
		run()
	}
	inMinute := len(postTimes)
	// Then run as the dispatcher asks until nothing is left.
	for i := 0; i < 100; i++ {
		res, err := d.RunOnce(r.ctx, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Next.IsZero() {
			break
		}
		r.clock.Set(res.Next)
		run()
	}
	posts := srv.Posts()
	if len(subjects) != 25 || inMinute > 20 || len(posts) > 20 {
		t.Fatalf("%d nudges made %d messages (%d within the minute), want at most 20", len(subjects), len(posts), inMinute)
	}
	sort.Slice(postTimes, func(i, j int) bool { return postTimes[i].Before(postTimes[j]) })
	for i := range postTimes {
		n := 0
		for j := i; j < len(postTimes) && postTimes[j].Sub(postTimes[i]) < time.Minute; j++ {
			n++
		}
		if n > 20 {
			t.Fatalf("%d messages within a minute from %v", n, postTimes[i])
		}
	}
	all := ""
	for _, p := range posts {
		all += p.Text + "\n"
	}
	for _, s := range subjects {
		if c := strings.Count(all, s); c != 1 {
			t.Errorf("%q arrived %d times", s, c)
		}
	}
	if !strings.Contains(posts[0].Text, "5 customer emails waiting") || strings.Count(posts[0].Text, "<@lily>") != 1 {
		t.Errorf("the burst was not merged into one message mentioning Lily once:\n%s", posts[0].Text)
	}
	for _, it := range r.items() {
		if it.Status != keepwarm.OutboxSent {
			t.Errorf("item %d left %s", it.ID, it.Status)
		}
	}
	t.Logf("25 nudges, %d messages (%d within the first minute)", len(posts), inMinute)
}

// TestRetries: 503, then 429 with Retry-After, then WeCom's own "too fast"
// answer are tried again (the 429 not before its Retry-After); the nudge
// arrives once; a post that never gets an answer ends uncertain and is not
// posted again.
func TestRetries(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	srv.Script(
		mailtest.ChatAnswer{Status: 503, Body: "busy"},
		mailtest.ChatAnswer{Status: 429, RetryAfter: "120", Body: "slow down"},
		mailtest.ChatAnswer{Body: `{"errcode":45009,"errmsg":"api freq out of limit"}`},
	)
	d := r.dispatcher(channelFor(srv, "wecom"))
	subj := r.nudge("wecom", "lily")
	var waits []time.Duration
	for i := 0; i < 10 && len(srv.Posts()) == 0; i++ {
		res, err := d.RunOnce(r.ctx, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res.Next.IsZero() {
			break
		}
		waits = append(waits, res.Next.Sub(r.clock.Now()))
		r.clock.Set(res.Next)
	}
	posts := srv.Posts()
	if len(posts) != 1 || !strings.Contains(posts[0].Text, subj) || srv.Requests() != 4 {
		t.Fatalf("%d posts after %d requests (waits %v)", len(posts), srv.Requests(), waits)
	}
	if len(waits) < 3 || waits[1] < 120*time.Second || waits[2] < time.Minute {
		t.Fatalf("waits %v: want the 429's Retry-After (120s) and WeCom's minute respected", waits)
	}
	if it := r.items()[0]; it.Status != keepwarm.OutboxSent || it.Attempts != 4 {
		t.Fatalf("item %s after %d attempts", it.Status, it.Attempts)
	}

	// No answer within the client's timeout: uncertain, never again.
	slow := mailtest.NewChatServer(t, "wecom", "")
	slow.Delay(700 * time.Millisecond)
	ch := channelFor(slow, "slow")
	ch.Client = chat.NewClient(200*time.Millisecond, nil, nil, nil)
	d = r.dispatcher(ch)
	r.nudge("slow")
	res, err := d.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(time.Hour)
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	it := r.items()[1]
	if res.Uncertain != 1 || it.Status != keepwarm.OutboxUncertain || slow.Requests() != 1 {
		t.Fatalf("result %+v, item %s %q, %d requests", res, it.Status, it.LastError, slow.Requests())
	}
}

// TestGatewayErrorIsUncertain: a 500, 502 or 504 comes from the
// platform's front end after the request was passed on, which may have
// posted it to the group: it is uncertain, told to Settled, and not posted
// again an hour later; a 503 (TestRetries) is tried again.
func TestGatewayErrorIsUncertain(t *testing.T) {
	for _, status := range []int{500, 502, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, "wecom", "")
			srv.Script(mailtest.ChatAnswer{Status: status, Body: "<html>Gateway Timeout</html>"})
			var settled []keepwarm.OutboxStatus
			d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{BaseBackoff: 10 * time.Second,
				Settled: func(_ context.Context, items []keepwarm.OutboxItem, st keepwarm.OutboxStatus, _ string) {
					for range items {
						settled = append(settled, st)
					}
				}})
			r.nudge("wecom", "lily")
			res, err := d.RunOnce(r.ctx, r.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			r.clock.Advance(time.Hour)
			if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
				t.Fatal(err)
			}
			it := r.items()[0]
			if res.Uncertain != 1 || it.Status != keepwarm.OutboxUncertain || !strings.Contains(it.LastError, "may have arrived") || srv.Requests() != 1 {
				t.Fatalf("result %+v, item %s %q, %d requests", res, it.Status, it.LastError, srv.Requests())
			}
			if len(settled) != 1 || settled[0] != keepwarm.OutboxUncertain {
				t.Fatalf("settled %v, want one uncertain", settled)
			}
		})
	}
}

// TestRecoverMarksInterruptedPostsUncertain: an item a crash left claimed
// is not posted again.
func TestRecoverMarksInterruptedPostsUncertain(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "slack", "")
	r.nudge("slack", "U024BE7LH")
	r.nudge("slack", "U024BE7LH")
	items := r.items()
	if _, err := r.db.ClaimItems(r.ctx, []int64{items[0].ID}, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	d := r.dispatcher(channelFor(srv, "slack"))
	if err := d.Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	// The interrupted post counts against Slack's one a second, to the
	// end of the second its claim was kept at (the store keeps whole
	// seconds).
	r.clock.Advance(2 * time.Second)
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	items = r.items()
	if items[0].Status != keepwarm.OutboxUncertain || items[1].Status != keepwarm.OutboxSent || len(srv.Posts()) != 1 {
		t.Fatalf("after recovery: %s, %s; %d posts", items[0].Status, items[1].Status, len(srv.Posts()))
	}
}

// TestRestartKeepsTheRateWindow: a dispatcher started after another used
// this minute's posts (19, keepwarm's limit for a WeCom robot) waits for
// the minute like the first one would have, then posts what waits merged.
func TestRestartKeepsTheRateWindow(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	first := r.dispatcher(channelFor(srv, "wecom"))
	if lim := chat.PostingLimit("wecom").PerMinute; lim != 19 {
		t.Fatalf("a WeCom robot's posting limit is %d a minute, want 19 (one under the platform's 20)", lim)
	}
	for i := range 20 {
		r.clock.Set(t0.Add(time.Duration(i) * time.Second))
		r.nudge("wecom")
		if _, err := first.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.Posts()); n != 19 {
		t.Fatalf("%d posts, want 19 (the 20th nudge waits for the minute)", n)
	}
	r.clock.Set(t0.Add(25 * time.Second))
	r.nudge("wecom")
	second := r.dispatcher(channelFor(srv, "wecom"))
	res, err := second.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	// The first one's posts are kept at whole seconds, each counted to
	// the end of its second: the minute of the first ends at 09:06:01.
	if n := len(srv.Posts()); n != 19 || !res.Next.Equal(t0.Add(time.Minute+time.Second)) {
		t.Fatalf("after a restart: %d posts, next run %v; want 19 and %v", n, res.Next, t0.Add(time.Minute+time.Second))
	}
	r.clock.Set(res.Next)
	if _, err := second.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Posts()); n != 20 || !strings.Contains(srv.Posts()[19].Text, "2 customer emails waiting") {
		t.Fatalf("%d posts once the minute passed, want 20, the last with both waiting nudges", n)
	}
}

// TestPrecheckSkipsBeforePosting: the last look before a post drops the
// nudges it gives a reason for (stored on the item, never posted) and posts
// the rest; a nudge that waited for a retry is looked at again when it is
// retried; a check that fails posts nothing and leaves the nudges queued.
func TestPrecheckSkipsBeforePosting(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	answered := map[string]bool{}
	var checkErr error
	var checked []string
	d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "ding")}, r.clock, quiet(), chat.Options{
		BaseBackoff: 10 * time.Second,
		Precheck: func(_ context.Context, it keepwarm.OutboxItem) (string, error) {
			checked = append(checked, it.Key)
			if checkErr != nil {
				return "", checkErr
			}
			if answered[it.Key] {
				return "answered by lily@acme.example, before the nudge went out", nil
			}
			return "", nil
		},
	})
	s1, s2, s3 := r.nudge("ding"), r.nudge("ding"), r.nudge("ding")
	answered["nudge:2:1:ding"] = true
	res, err := d.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	posts := srv.Posts()
	if res.Skipped != 1 || res.Sent != 2 || len(posts) != 1 || !strings.Contains(posts[0].Text, s1) ||
		strings.Contains(posts[0].Text, s2) || !strings.Contains(posts[0].Text, s3) {
		t.Fatalf("result %+v, posts %+v", res, posts)
	}
	it := r.items()[1]
	if it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "answered by lily@acme.example") {
		t.Fatalf("the answered nudge: %s %q", it.Status, it.LastError)
	}

	// Refused for now: the nudge waits for its retry, and the customer is
	// answered meanwhile.
	srv.Script(mailtest.ChatAnswer{Status: 503, Body: "busy"})
	s4, s5 := r.nudge("ding"), r.nudge("ding")
	if res, err = d.RunOnce(r.ctx, r.clock.Now()); err != nil || res.Retried != 2 {
		t.Fatalf("first try: %+v %v", res, err)
	}
	answered["nudge:4:1:ding"] = true
	r.clock.Advance(time.Minute)
	if res, err = d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	posts = srv.Posts()
	if res.Skipped != 1 || res.Sent != 1 || len(posts) != 2 || strings.Contains(posts[1].Text, s4) || !strings.Contains(posts[1].Text, s5) {
		t.Fatalf("retry: result %+v, post %q", res, posts[len(posts)-1].Text)
	}

	// A check that cannot be made posts nothing.
	r.nudge("ding")
	checkErr = fmt.Errorf("database is locked")
	if _, err = d.RunOnce(r.ctx, r.clock.Now()); err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Fatalf("a failed check: %v", err)
	}
	if n := len(srv.Posts()); n != 2 {
		t.Fatalf("%d posts after a failed check, want 2", n)
	}
	if it := r.items()[5]; it.Status != keepwarm.OutboxQueued {
		t.Fatalf("after a failed check the nudge is %s", it.Status)
	}
	checkErr = nil
	if _, err = d.RunOnce(r.ctx, r.clock.Now()); err != nil || len(srv.Posts()) != 3 {
		t.Fatalf("after the check works again: %v, %d posts", err, len(srv.Posts()))
	}
	if len(checked) != 9 {
		t.Errorf("%d checks (%v), want 9: each due nudge once per pass that would post it", len(checked), checked)
	}
}

// TestStopLetsThePostUnderWayFinish: keepwarm stopping while a post waits
// for the platform's answer does not cut it off (it could only be called
// uncertain then, the nudge perhaps lost): the answer is awaited and the
// nudge recorded as sent, and nothing more is claimed.
func TestStopLetsThePostUnderWayFinish(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	srv.Delay(400 * time.Millisecond)
	d := r.dispatcher(channelFor(srv, "wecom"))
	subj := r.nudge("wecom", "lily")
	ctx, stop := context.WithCancel(r.ctx)
	go func() {
		for srv.Requests() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		stop()
	}()
	if _, err := d.RunOnce(ctx, r.clock.Now()); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	stop()
	it := r.items()[0]
	if posts := srv.Posts(); it.Status != keepwarm.OutboxSent || len(posts) != 1 || !strings.Contains(posts[0].Text, subj) {
		t.Fatalf("stopped during the post: item %s %q, %d posts", it.Status, it.LastError, len(posts))
	}
	if d.StopBudget() < 5*time.Second {
		t.Fatalf("stop budget %v: shorter than the channel's client timeout", d.StopBudget())
	}

	// Stopped before a post: the next nudge is not claimed, it waits.
	r.nudge("wecom", "lily")
	if _, err := d.RunOnce(ctx, r.clock.Now()); !errors.Is(err, context.Canceled) {
		t.Fatalf("a pass after the stop: %v", err)
	}
	if it := r.items()[1]; it.Status != keepwarm.OutboxQueued || srv.Requests() != 1 {
		t.Fatalf("after the stop: item %s, %d requests", it.Status, srv.Requests())
	}
}

// TestRetriesGoOnceTheChannelPostsAgain: the platform answers 503 for a
// while; a nudge queued early has backed off for minutes when the
// platform works again and a newer nudge goes at once. The older one goes
// with it (the failure was the channel's), not ten minutes after it.
func TestRetriesGoOnceTheChannelPostsAgain(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	var fails []mailtest.ChatAnswer
	for range 5 {
		fails = append(fails, mailtest.ChatAnswer{Status: 503, Body: "service unavailable"})
	}
	srv.Script(fails...)
	d := r.dispatcher(channelFor(srv, "wecom"))
	older := r.nudge("wecom", "lily")
	var next time.Time
	for srv.Requests() < 5 {
		res, err := d.RunOnce(r.ctx, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if next = res.Next; srv.Requests() < 5 {
			r.clock.Set(next)
		}
	}
	// The older nudge now waits out its backoff; a newer one comes.
	r.clock.Advance(30 * time.Second)
	if wait := next.Sub(r.clock.Now()); wait < time.Minute {
		t.Fatalf("the older nudge backs off only %v", wait)
	}
	newer := r.nudge("wecom", "lily")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	var text string
	for _, p := range srv.Posts() {
		text += p.Text
	}
	if !strings.Contains(text, newer) || !strings.Contains(text, older) {
		t.Fatalf("posted %q, want both nudges", text)
	}
}

// TestDingTalkTooFastWaitsOutItsTenMinutes: DingTalk throttles a robot
// that posted more than 20 messages in a minute for 10 minutes (130101
// "send too fast"); keepwarm posts nothing to it in those 10 minutes, a
// nudge queued meanwhile included, then posts what waits.
func TestDingTalkTooFastWaitsOutItsTenMinutes(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	srv.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	ch := channelFor(srv, "ding")
	if err := ch.Post(r.ctx, []keepwarm.ChatNote{{Channel: "ding", Title: "t", Customer: "c", Subject: "s", Waiting: "5 min"}}, r.clock.Now()); err == nil {
		t.Fatal("posted")
	} else if pe := (*chat.PostError)(nil); !errors.As(err, &pe) || pe.Outcome != chat.Retry || pe.After < 10*time.Minute {
		t.Fatalf("130101 read as %+v", err)
	}
	srv.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	d := r.dispatcher(ch)
	first := r.nudge("ding")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	start := r.clock.Now()
	for r.clock.Now().Sub(start) < 9*time.Minute {
		r.clock.Advance(time.Minute)
		if r.clock.Now().Sub(start) == 3*time.Minute {
			r.nudge("ding")
		}
		if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Requests(); n != 2 {
		t.Fatalf("%d requests to the throttled robot within 10 minutes, want none after the refusal", n-2)
	}
	r.clock.Set(start.Add(10 * time.Minute))
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if posts := srv.Posts(); len(posts) != 1 || !strings.Contains(posts[0].Text, first) {
		t.Fatalf("after the throttle: %d posts", len(posts))
	}
}

// TestABlockOutlastsTheProcess: `keepwarm tick` makes a dispatcher for
// each pass. A DingTalk robot throttled for 10 minutes (130101) in one
// pass is not posted to by the next pass's dispatcher a minute later:
// the nudge queued meanwhile waits behind the block and is handed to the
// mail once it holds it 5 minutes past due, without a refused post.
func TestABlockOutlastsTheProcess(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	srv.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	late := map[string]int{}
	pass := func() {
		t.Helper()
		d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "ding")}, r.clock, quiet(), chat.Options{
			Late: func(_ context.Context, items []keepwarm.OutboxItem, _ string) {
				for _, it := range items {
					late[it.Key]++
				}
			}})
		if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	r.nudge("ding")
	pass()
	r.clock.Advance(time.Minute)
	r.nudge("ding")
	pass()
	if n := srv.Requests(); n != 1 {
		t.Fatalf("%d requests to the throttled robot, want only the one refused", n)
	}
	if late["nudge:2:1:ding"] != 1 {
		t.Fatalf("the nudge behind the block handed on %v", late)
	}
	for _, it := range r.items() {
		if it.Key == "nudge:2:1:ding" && it.Attempts != 0 {
			t.Fatalf("the nudge behind the block counted %d attempts", it.Attempts)
		}
	}
	// Once the throttle passed, the next pass posts.
	r.clock.Advance(10 * time.Minute)
	pass()
	if posts := srv.Posts(); len(posts) != 1 || srv.Requests() != 2 {
		t.Fatalf("after the throttle: %d posts, %d requests", len(posts), srv.Requests())
	}
}

// busyStore is the database, but the first MarkSent fails as a busy
// SQLite's would.
type busyStore struct {
	*store.DB
	fails int
}

func (b *busyStore) MarkSent(ctx context.Context, id int64, now time.Time) error {
	if b.fails > 0 {
		b.fails--
		return fmt.Errorf("store: outbox %d sent: %w", id, context.DeadlineExceeded)
	}
	return b.DB.MarkSent(ctx, id, now)
}

// TestPostRecordedLateIsNotCalledUncertain: WeCom took the post, but the
// database was too busy to record it. The next pass records it sent, so a
// later restart finds nothing interrupted: no "may not have arrived" mail
// goes out about a nudge that arrived.
func TestPostRecordedLateIsNotCalledUncertain(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	var settled []keepwarm.OutboxStatus
	d := chat.NewDispatcher(&busyStore{DB: r.db, fails: 1}, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{
		Settled: func(_ context.Context, _ []keepwarm.OutboxItem, status keepwarm.OutboxStatus, _ string) {
			settled = append(settled, status)
		}})
	r.nudge("wecom", "lily")
	r.nudge("wecom", "lily")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("the failed record went unnoticed")
	}
	r.clock.Advance(time.Minute)
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := d.Recover(r.ctx); err != nil { // as at a restart
		t.Fatal(err)
	}
	for _, it := range r.items() {
		if it.Status != keepwarm.OutboxSent {
			t.Errorf("item %d %s (%s)", it.ID, it.Status, it.LastError)
		}
	}
	if len(srv.Posts()) != 1 || len(settled) != 0 {
		t.Fatalf("%d posts; settled %v", len(srv.Posts()), settled)
	}
}

// TestLateIsToldOfANudgeTheChannelKeepsRefusing: a channel answering 503
// keeps the nudge queued with backoff (30 s, 1 m, 2 m, 4 m); the try after
// which the next would come 5 minutes or more after the nudge was due
// hands it to Late, the item still queued.
func TestLateIsToldOfANudgeTheChannelKeepsRefusing(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	for range 5 {
		srv.Script(mailtest.ChatAnswer{Status: 503, Body: "service unavailable"})
	}
	var late []time.Duration
	var d *chat.Dispatcher
	d = chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{
		Late: func(_ context.Context, items []keepwarm.OutboxItem, reason string) {
			if len(items) != 1 || items[0].Status != keepwarm.OutboxSending || !strings.Contains(reason, "503") {
				t.Errorf("late %+v: %s", items, reason)
			}
			late = append(late, r.clock.Now().Sub(t0))
		}})
	r.nudge("wecom", "lily")
	for srv.Requests() < 5 {
		res, err := d.RunOnce(r.ctx, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		r.clock.Set(res.Next)
	}
	if len(late) != 2 || late[0] != 3*time.Minute+30*time.Second {
		t.Fatalf("late told at %v, want from the try at 3m30s on", late)
	}
	if it := r.items()[0]; it.Status != keepwarm.OutboxQueued {
		t.Fatalf("item %s", it.Status)
	}
}

// A fault in keepwarm's own code during a chat pass (the pre-post check
// meeting data it did not expect) ends that pass, not the daemon: the
// nudge stays queued and is posted at a later pass.
func TestPanicInAPassDoesNotEndTheChatDispatcher(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	var checks atomic.Int32
	d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{
		Precheck: func(_ context.Context, it keepwarm.OutboxItem) (string, error) {
			if checks.Add(1) == 1 {
				var owners []string
				_ = owners[1]
			}
			return "", nil
		},
	})
	r.nudge("wecom")
	d.Start(r.ctx)
	defer d.Close(r.ctx)
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.Posts()) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no post after the failed pass: %d checks, item %s", checks.Load(), r.items()[0].Status)
		}
		r.clock.Advance(time.Minute)
		time.Sleep(20 * time.Millisecond) // polling the test's own observation
	}
	// The post arrives before the dispatcher records it sent.
	for r.items()[0].Status == keepwarm.OutboxSending && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond) // polling the test's own observation
	}
	if it := r.items()[0]; it.Status != keepwarm.OutboxSent {
		t.Fatalf("the nudge: %s %q", it.Status, it.LastError)
	}
}

// TestNudgesBehindABlockGoToLate: a platform that refuses a post for a
// while (DingTalk's 130101 for 10 minutes, a 429 with a long Retry-After)
// blocks the channel; a nudge queued behind the block, never posted nor
// refused itself, is handed to Late as soon as its next try would come 5
// minutes or more after it was due, not claimed, and Late is told why.
// A Retry-After never blocks the channel longer than MaxBackoff.
func TestNudgesBehindABlockGoToLate(t *testing.T) {
	for _, tc := range []struct {
		kind   string
		answer mailtest.ChatAnswer
		want   string
	}{
		{"dingtalk", mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`}, "130101"},
		{"webhook", mailtest.ChatAnswer{Status: 429, RetryAfter: "7200", Body: "slow down"}, "429"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, tc.kind, "")
			srv.Script(tc.answer)
			late := map[string]int{}
			d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "team")}, r.clock, quiet(), chat.Options{
				MaxBackoff: 30 * time.Minute,
				Late: func(_ context.Context, items []keepwarm.OutboxItem, reason string) {
					if !strings.Contains(reason, tc.want) {
						t.Errorf("late told %q", reason)
					}
					for _, it := range items {
						late[it.Key]++
					}
				}})
			r.nudge("team")
			if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
				t.Fatal(err)
			}
			r.clock.Advance(time.Minute)
			r.nudge("team")
			res, err := d.RunOnce(r.ctx, r.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if late["nudge:2:1:team"] != 1 || srv.Requests() != 1 {
				t.Fatalf("late %v, %d requests", late, srv.Requests())
			}
			for _, it := range r.items() {
				if it.Status != keepwarm.OutboxQueued {
					t.Fatalf("%s %s", it.Key, it.Status)
				}
				if it.Key == "nudge:2:1:team" && it.Attempts != 0 {
					t.Fatalf("the nudge behind the block counted %d attempts", it.Attempts)
				}
				if it.NextAttemptAt.After(t0.Add(30 * time.Minute)) {
					t.Fatalf("%s waits until %v, past MaxBackoff", it.Key, it.NextAttemptAt)
				}
			}
			if res.Next.After(t0.Add(30 * time.Minute)) {
				t.Fatalf("next pass at %v, past MaxBackoff", res.Next)
			}
		})
	}
}

// TestChannelsOnOneRobotShareItsLimit: two channels whose URLs are the
// same robot (one per language, say) keep together to the robot's limit;
// another URL on the same host (another token) keeps its own.
func TestChannelsOnOneRobotShareItsLimit(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "webhook", "")
	a, b, other := channelFor(srv, "a"), channelFor(srv, "b"), channelFor(srv, "other")
	b.URL = strings.Replace(b.URL, "http://127.0.0.1", "HTTP://127.0.0.1", 1)
	other.URL += "&robot=2"
	for _, c := range []*chat.Channel{a, b, other} {
		c.Limit = chat.Limit{PerMinute: 5}
	}
	for range 8 {
		r.nudge("a")
		r.nudge("b")
	}
	for range 3 {
		r.nudge("other")
	}
	d := chat.NewDispatcher(r.db, []*chat.Channel{a, b, other}, r.clock, quiet(), chat.Options{MaxMerge: 1})
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests(); n != 5+3 {
		t.Fatalf("%d posts in a minute, want 5 to the robot both channels share and 3 to the other", n)
	}
}

// TestANudgeWaitingOutABackoffIsHeldByALaterBlock: nudge A is refused
// (503) and waits 30 s to try again; nudge B, posted meanwhile, meets
// DingTalk's 10-minute throttle. A's next try is now at the throttle's
// end, 10 minutes after it was due: A is handed to Late with B, not
// posted late with no mail.
func TestANudgeWaitingOutABackoffIsHeldByALaterBlock(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	srv.Script(mailtest.ChatAnswer{Status: 503, Body: "service unavailable"},
		mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	late := map[string]int{}
	d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "ding")}, r.clock, quiet(), chat.Options{
		BaseBackoff: 30 * time.Second,
		Late: func(_ context.Context, items []keepwarm.OutboxItem, reason string) {
			for _, it := range items {
				late[it.Key]++
			}
		}})
	r.nudge("ding")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(10 * time.Second)
	r.nudge("ding")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if srv.Requests() != 2 || late["nudge:1:1:ding"] != 1 || late["nudge:2:1:ding"] != 1 {
		t.Fatalf("%d requests, late %v", srv.Requests(), late)
	}
}

// TestUnusableChannelHandsItsNudgesOn: a channel whose URL could not be
// read posts nothing; its nudges fail at once, saying why, and Settled
// hands them on (to the mail); the other channel posts as before.
func TestUnusableChannelHandsItsNudgesOn(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	srv.Now = r.clock.Now
	r.nudge("broken")
	r.nudge("broken")
	r.nudge("team")
	var handed []keepwarm.OutboxItem
	broken := &chat.Channel{Name: "broken", Kind: "wecom", Unusable: errors.New("notify.channel broken.url_env: environment variable WECOM_URL is empty or unset")}
	d := chat.NewDispatcher(r.db, []*chat.Channel{broken, channelFor(srv, "team")}, r.clock, quiet(), chat.Options{
		Settled: func(_ context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, _ string) {
			if status == keepwarm.OutboxFailed {
				handed = append(handed, items...)
			}
		}})
	res, err := d.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 2 || res.Sent != 1 || len(handed) != 2 || len(srv.Posts()) != 1 {
		t.Fatalf("result %+v, %d handed on, %d posts", res, len(handed), len(srv.Posts()))
	}
	for _, it := range r.items() {
		if it.Mailbox == keepwarm.ChatMailbox("broken") && (it.Status != keepwarm.OutboxFailed || !strings.Contains(it.LastError, "WECOM_URL")) {
			t.Errorf("item on the broken channel: %s %q", it.Status, it.LastError)
		}
	}
	if u := d.Unusable(); len(u) != 1 || !strings.Contains(u["broken"], "WECOM_URL") {
		t.Errorf("Unusable: %v", u)
	}
}

// TestAnUntrustedCertificateIsToldAsSuch: a robot behind a certificate the
// system does not trust (a TLS-inspecting proxy's) fails before the post
// is written, told as a TLS cause, which waiting does not clear.
func TestAnUntrustedCertificateIsToldAsSuch(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	defer srv.Close()
	ch := &chat.Channel{Name: "wecom", Kind: chat.WeCom, URL: srv.URL + "/cgi-bin/webhook/send?key=k", Client: chat.NewClient(5*time.Second, nil, nil, nil)}
	err := ch.Post(context.Background(), []keepwarm.ChatNote{{Channel: "wecom", Title: "Reply due", Since: time.Now()}}, time.Now())
	var pe *chat.PostError
	if !errors.As(err, &pe) || pe.Outcome != chat.Retry || pe.Cause != chat.CauseTLS {
		t.Fatalf("post to an untrusted certificate: %#v", err)
	}
}

// TestARetryAfterDateIsReadAgainstTheRealTime: a 429's Retry-After given
// as a date is the platform's real time, read against Channel.Wall, not
// keepwarm's clock set weeks before it (a replay, --now): the nudge is
// tried again 120 seconds on, not held the longest backoff.
func TestARetryAfterDateIsReadAgainstTheRealTime(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	wall := t0.AddDate(0, 0, 21)
	srv.Script(mailtest.ChatAnswer{Status: 429, RetryAfter: wall.Add(120 * time.Second).Format(http.TimeFormat), Body: "slow down"})
	ch := channelFor(srv, "wecom")
	ch.Wall = func() time.Time { return wall }
	d := r.dispatcher(ch)
	r.nudge("wecom", "lily")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	it := r.items()[0]
	if it.Status != keepwarm.OutboxQueued || !it.NextAttemptAt.Equal(r.clock.Now().Add(120*time.Second)) {
		t.Fatalf("item %s, next attempt %s after the 429, want 120s", it.Status, it.NextAttemptAt.Sub(r.clock.Now()))
	}
}

// TestATooLongBudgetHoldsForItsRobotForADay: the budget a "too long"
// answer leaves is kept for the next process, which splits what the
// robot refused merged without being refused again; it does not hold for
// another robot under the channel's name, nor after a day.
func TestATooLongBudgetHoldsForItsRobotForADay(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	srv.Script(mailtest.ChatAnswer{Body: `{"errcode":40058,"errmsg":"markdown.content exceed max length 4096"}`})
	// pass queues three nudges and runs a new dispatcher (a tick) on the
	// channel "wecom" posting to s; it returns the requests and posts it
	// made there.
	pass := func(s *mailtest.ChatServer) (requests, posts int) {
		t.Helper()
		r.clock.Advance(time.Minute)
		req0, posts0 := s.Requests(), len(s.Posts())
		for range 3 {
			r.nudge("wecom")
		}
		if _, err := r.dispatcher(channelFor(s, "wecom")).RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		return s.Requests() - req0, len(s.Posts()) - posts0
	}
	if req, posts := pass(srv); posts < 2 || req != posts+1 {
		t.Fatalf("the refused merge: %d requests, %d posts", req, posts)
	}
	if req, posts := pass(srv); posts < 2 || req != posts {
		t.Fatalf("the next process: %d requests, %d posts: want the three split, none refused", req, posts)
	}
	other := mailtest.NewChatServer(t, "wecom", "")
	if req, posts := pass(other); posts != 1 || req != 1 {
		t.Fatalf("another robot under the name: %d requests, %d posts: want the three merged", req, posts)
	}
	r.clock.Advance(25 * time.Hour)
	if req, posts := pass(srv); posts != 1 || req != 1 {
		t.Fatalf("a day later: %d requests, %d posts: want the three merged", req, posts)
	}
	for _, it := range r.items() {
		if it.Status != keepwarm.OutboxSent {
			t.Fatalf("%s: %s", it.Key, it.Status)
		}
	}
}

// TestKeptBlockHoldsForTheRobotItWasKeptFor: a block kept for a channel
// holds for it while its URL names the same robot (written with another
// case in its host, or a fragment), and not once the URL names another
// robot, or the channel another kind.
func TestKeptBlockHoldsForTheRobotItWasKeptFor(t *testing.T) {
	const url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
	kept := keepwarm.ChatBlock{Robot: (&chat.Channel{Kind: "dingtalk", URL: url}).Fingerprint(), Until: time.Now().Add(10 * time.Minute), Reason: "errcode 130101"}
	for _, c := range []struct {
		kind, url string
		holds     bool
	}{
		{"dingtalk", url, true},
		{"dingtalk", " https://OAPI.dingtalk.com/robot/send?access_token=abc#x", true},
		{"dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=def", false},
		{"wecom", url, false},
	} {
		if got := (&chat.Channel{Kind: c.kind, URL: c.url}).KeptBlock(kept); got != c.holds {
			t.Errorf("%s %s: KeptBlock = %v, want %v", c.kind, c.url, got, c.holds)
		}
	}
	if (&chat.Channel{Kind: "dingtalk", URL: url}).KeptBlock(keepwarm.ChatBlock{}) {
		t.Error("a channel with no block kept holds the empty one")
	}
}

// TestAFailingEnvironmentProxyIsToldAsTheProxys: with no proxy key a post
// goes through the proxy the environment names (HTTPS_PROXY, set on a
// server for other programs); its name not found, or its refusal of the
// CONNECT, is the proxy's cause, named with the route, not the robot's
// host or a busy platform.
func TestAFailingEnvironmentProxyIsToldAsTheProxys(t *testing.T) {
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Proxy-Authenticate", `Basic realm="corp"`)
		w.WriteHeader(http.StatusProxyAuthRequired)
	}))
	defer refusing.Close()
	for _, tc := range []struct{ proxy, words string }{
		{"http://proxy.invalid:3128", "proxy.invalid"},
		{refusing.URL, "Proxy Authentication Required"},
	} {
		pu, _ := url.Parse(tc.proxy)
		env := func(*http.Request) (*url.URL, error) { return pu, nil }
		ch := &chat.Channel{Name: "wecom", Kind: chat.WeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Client: chat.NewClient(5*time.Second, nil, nil, env)}
		err := ch.Post(context.Background(), []keepwarm.ChatNote{{Channel: "wecom", Title: "Reply due", Since: time.Now()}}, time.Now())
		var pe *chat.PostError
		if !errors.As(err, &pe) || pe.Outcome != chat.Retry || pe.Cause != chat.CauseProxy || pe.Via != "HTTPS_PROXY "+pu.Host ||
			!strings.Contains(pe.Reason, tc.words) || !strings.Contains(pe.Reason, "through HTTPS_PROXY "+pu.Host) || strings.Contains(pe.Reason, "key=k") {
			t.Errorf("through %s: %#v", tc.proxy, err)
		}
	}
}

// TestPrecheckHoldsBeforePosting: a last look that answers "not yet"
// (a *keepwarm.Hold: the nudge's mail instead is being sent) neither
// posts the nudge nor drops it: it stays queued, unclaimed, with the
// reason on it, and is looked at again at the very next pass, the clock
// not having moved (what held it has no time of its own: the engine
// kicks a pass when the mail settles), and posted once the hold ends.
func TestPrecheckHoldsBeforePosting(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	held, looks := true, 0
	d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "ding")}, r.clock, quiet(), chat.Options{
		Precheck: func(_ context.Context, it keepwarm.OutboxItem) (string, error) {
			looks++
			if held {
				return "", &keepwarm.Hold{Until: r.clock.Now().Add(time.Minute), Reason: "its mail instead is being sent"}
			}
			return "", nil
		},
	})
	s1 := r.nudge("ding")
	res, err := d.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	it := r.items()[0]
	if res.Held != 1 || res.Skipped != 0 || len(srv.Posts()) != 0 || it.Status != keepwarm.OutboxQueued ||
		!strings.Contains(it.LastError, "its mail instead is being sent") || it.Attempts != 0 {
		t.Fatalf("held: result %+v, posts %d, item %s %q (%d attempts)", res, len(srv.Posts()), it.Status, it.LastError, it.Attempts)
	}
	// Still held at the next pass, looked at again though its hold runs
	// for another minute.
	if res, err = d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if looks != 2 || res.Held != 1 || len(srv.Posts()) != 0 {
		t.Fatalf("the next pass: %d looks, result %+v, %d posts", looks, res, len(srv.Posts()))
	}
	// The mail went back to waiting: the next pass posts it, at the same
	// instant.
	held = false
	if res, err = d.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if posts := srv.Posts(); res.Sent != 1 || len(posts) != 1 || !strings.Contains(posts[0].Text, s1) {
		t.Fatalf("after the hold: result %+v, posts %+v", res, posts)
	}
}

// TestPrecheckHoldNotAfterNowDoesNotSpin: a hold whose end is not after
// the pass's now (a last look on another clock) would bring the item
// back as due at once, over and over: it is pushed a minute on, and the
// pass ends.
func TestPrecheckHoldNotAfterNowDoesNotSpin(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	looks := 0
	d := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "ding")}, r.clock, quiet(), chat.Options{
		Precheck: func(_ context.Context, it keepwarm.OutboxItem) (string, error) {
			looks++
			return "", &keepwarm.Hold{Until: r.clock.Now().Add(-time.Second), Reason: "its mail instead is being sent"}
		},
	})
	r.nudge("ding")
	ctx, cancel := context.WithTimeout(r.ctx, 30*time.Second)
	defer cancel()
	now := r.clock.Now()
	res, err := d.RunOnce(ctx, now)
	if err != nil {
		t.Fatalf("%v (%d looks)", err, looks)
	}
	it := r.items()[0]
	if looks != 1 || res.Held != 1 || len(srv.Posts()) != 0 || it.Status != keepwarm.OutboxQueued || !it.NextAttemptAt.After(now) {
		t.Fatalf("%d looks, result %+v, %d posts, item %s due %s (now %s)", looks, res, len(srv.Posts()), it.Status, it.NextAttemptAt, now)
	}
}
