package chat_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
)

// queue queues note on channel, due now, as a nudge would.
func (r *rig) queue(channel string, note keepwarm.ChatNote) {
	r.t.Helper()
	r.n++
	now := r.clock.Now()
	note.Channel = channel
	_, created, err := r.db.Enqueue(r.ctx, keepwarm.OutboxItem{
		Key: fmt.Sprintf("nudge:%d:1:%s", r.n, channel), MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: keepwarm.ChatMailbox(channel), From: keepwarm.Address{Email: "keepwarm@acme.example"},
		To: []keepwarm.Address{{Email: "lily@acme.example"}}, Subject: "Reply due: " + note.Subject, Text: note.Subject,
		Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "nudge", Chat: &note,
	})
	if err != nil || !created {
		r.t.Fatalf("enqueue: %v (created %v)", err, created)
	}
}

// drain runs d as it asks, up to an hour of the rig's clock, and fails the
// test if any item is not sent.
func (r *rig) drain(d *chat.Dispatcher) {
	r.t.Helper()
	for i := 0; i < 200; i++ {
		res, err := d.RunOnce(r.ctx, r.clock.Now())
		if err != nil {
			r.t.Fatal(err)
		}
		if res.Next.IsZero() {
			break
		}
		r.clock.Set(res.Next)
	}
	for _, it := range r.items() {
		if it.Status != keepwarm.OutboxSent {
			r.t.Errorf("%s left %s: %s", it.Key, it.Status, it.LastError)
		}
	}
}

// wang is a Chinese customer's nudge, waiting since 5 minutes before at.
func wang(at time.Time, subject, excerpt string, mentions ...string) keepwarm.ChatNote {
	return keepwarm.ChatNote{Mentions: mentions, Title: "Reply due: 王建国 (深圳宏达照明有限公司) waiting 5 min",
		Customer: "王建国 (深圳宏达照明有限公司), wang@hongda.cn", Subject: subject, Waiting: "5 min", Excerpt: excerpt,
		Link: "https://kw.example/messages/7", Since: at.Add(-5 * time.Minute),
		Name: "王建国", Company: "深圳宏达照明有限公司", Contact: "wang@hongda.cn"}
}

// TestLongNudgesStayWithinEachPlatformsLimit: nudges whose excerpt is a
// whole mail (an older keepwarm stored 2 KB on one line) reach every
// platform within its content limit, which the stand-ins check as the
// platforms do (WeCom markdown 4096 bytes, WeCom text 2048, DingTalk
// 20000, Feishu 20 KB, Slack 3000 a block): merged ones split, a single
// one clipped, each exactly once, none failed.
func TestLongNudgesStayWithinEachPlatformsLimit(t *testing.T) {
	long := strings.Repeat("您好，我们需要2000件LED面板，请报价并说明交期、包装和付款方式。", 30) // 2.6 KB
	for _, tc := range []struct{ kind, mention string }{
		{"wecom", "lily"}, {"wecom", "13800000000"}, {"dingtalk", "13800000000"}, {"feishu", "ou_1"}, {"slack", "U024BE7LH"},
		{"teams", "lily@acme.example"},
	} {
		t.Run(tc.kind+"/"+tc.mention, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, tc.kind, "")
			var subjects []string
			for i := range 10 {
				s := fmt.Sprintf("询价 %02d：LED 面板", i)
				subjects = append(subjects, s)
				r.queue("team", wang(r.clock.Now(), s, strings.Repeat(long, 1+i%3), tc.mention))
			}
			r.drain(r.dispatcher(channelFor(srv, "team")))
			all := ""
			for _, p := range srv.Posts() {
				all += p.Text + "\n"
			}
			for _, s := range subjects {
				if n := strings.Count(all, s); n != 1 {
					t.Errorf("%q arrived %d times", s, n)
				}
			}
			if !strings.Contains(all, "您好，我们需要2000件LED面板") || tc.kind == "wecom" && !strings.Contains(all, "…") {
				t.Errorf("the excerpt is missing or was not clipped:\n%s", all)
			}
		})
	}
}

// TestTooLongAnswerPostsAgainShorter: a platform that answers "too long"
// to a message keepwarm measured within its limit (WeCom 40058) is not a
// refusal for good: the merged nudges are posted again fewer at a time,
// a single one clipped shorter, and all arrive.
func TestTooLongAnswerPostsAgainShorter(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	tooLong := mailtest.ChatAnswer{Body: `{"errcode":40058,"errmsg":"markdown.content exceed max length 4096. Invalid input invalid Request Parameter"}`}
	srv.Script(tooLong)
	for i := range 3 {
		r.queue("team", wang(r.clock.Now(), fmt.Sprintf("询价 %d", i), strings.Repeat("请报价。", 60), "lily"))
	}
	r.drain(r.dispatcher(channelFor(srv, "team")))
	if posts := srv.Posts(); len(posts) < 2 || srv.Requests() != len(posts)+1 {
		t.Fatalf("%d posts after %d requests: want the 3 merged nudges split after the refusal", len(posts), srv.Requests())
	}

	// A single nudge: clipped shorter, then accepted.
	r2 := newRig(t)
	srv2 := mailtest.NewChatServer(t, "wecom", "")
	srv2.Script(tooLong)
	r2.queue("team", wang(r2.clock.Now(), "询价 单独", strings.Repeat("请报价并说明交期。", 100), "lily"))
	r2.drain(r2.dispatcher(channelFor(srv2, "team")))
	if posts := srv2.Posts(); len(posts) != 1 || !strings.Contains(posts[0].Text, "询价 单独") || len(posts[0].Text) > 3000 {
		t.Fatalf("%d posts after %d requests: %v", len(posts), srv2.Requests(), posts)
	}
}

// TestTeamsTooLargeInWordsPostsAgainShorter: an older Teams incoming
// webhook answers a card too large with 200 and the words "returned HTTP
// error 413", as it answers its 429: the nudge is posted again clipped,
// not failed for good and mailed.
func TestTeamsTooLargeInWordsPostsAgainShorter(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "teams", "")
	srv.TeamsWebhook = true
	refusal := mailtest.ChatAnswer{Body: "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0,server=msgapi-production-weu-azsc2-1-60,cv=deadbeef.0."}
	srv.Script(refusal)
	n := wang(r.clock.Now(), "询价 单独", strings.Repeat("请报价并说明交期。", 100), "lily@acme.example")
	err := channelFor(srv, "team").Post(r.ctx, []keepwarm.ChatNote{n}, r.clock.Now())
	if pe := (*chat.PostError)(nil); !errors.As(err, &pe) || pe.Outcome != chat.TooLong {
		t.Fatalf("the 413 in words read as %+v", err)
	}
	srv.Script(refusal)
	r.queue("team", n)
	r.drain(r.dispatcher(channelFor(srv, "team")))
	if posts := srv.Posts(); len(posts) != 1 || !strings.Contains(posts[0].Text, "询价 单独") || srv.Requests() != 3 {
		t.Fatalf("%d posts after %d requests", len(posts), srv.Requests())
	}
	for _, it := range r.items() {
		if it.Status != keepwarm.OutboxSent {
			t.Errorf("item %s %s (%s)", it.Key, it.Status, it.LastError)
		}
	}
}

// TestTeamsErrorInWordsReadByItsCode: an older Teams incoming webhook
// answers 200 with "returned HTTP error NNN with ContextId
// tcid=0,server=...,cv=..." (the server's name and cv vary). Only the
// error's own code is read: a "429" inside the cv made a card too large
// be posted again at its size ten times, and a refusal for good be
// tried for hours before its nudge went by mail.
func TestTeamsErrorInWordsReadByItsCode(t *testing.T) {
	const words = "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error %d with ContextId tcid=0,server=msgapi-production-weu-azsc2-1-60,cv=%s."
	for _, tc := range []struct {
		code int
		cv   string
		want chat.Outcome
	}{
		{413, "Wk2q429bXkO0.0", chat.TooLong},
		{400, "7a429f1c.0", chat.Failed},
		{429, "deadbeef.0", chat.Retry},
	} {
		r := newRig(t)
		srv := mailtest.NewChatServer(t, "teams", "")
		srv.TeamsWebhook = true
		srv.Script(mailtest.ChatAnswer{Body: fmt.Sprintf(words, tc.code, tc.cv)})
		err := channelFor(srv, "team").Post(r.ctx, []keepwarm.ChatNote{wang(r.clock.Now(), "询价", "请报价。", "lily@acme.example")}, r.clock.Now())
		if pe := (*chat.PostError)(nil); !errors.As(err, &pe) || pe.Outcome != tc.want {
			t.Errorf("HTTP error %d, cv=%s, read as %+v, want outcome %d", tc.code, tc.cv, err, tc.want)
		}
	}
}

// TestChineseNudges: on WeCom, DingTalk and Feishu a nudge reads in
// Chinese unless the salesperson chose English; on Slack in English
// unless they chose Chinese.
func TestChineseNudges(t *testing.T) {
	for _, tc := range []struct {
		kind, lang string
		want       []string
	}{
		{"wecom", "", []string{"**待回复：王建国（深圳宏达照明有限公司）已等 5 分钟**", "> 客户：王建国（深圳宏达照明有限公司），wang@hongda.cn",
			"> 主题：询价：LED 面板", "> 已等：5 分钟", "[在 keepwarm 中打开](https://kw.example/messages/7)", "<@lily>"}},
		{"dingtalk", "", []string{"待回复：王建国（深圳宏达照明有限公司）已等 5 分钟", "> 主题：询价：LED 面板", "在 keepwarm 中打开"}},
		{"feishu", "", []string{"待回复：王建国（深圳宏达照明有限公司）已等 5 分钟", "客户：王建国（深圳宏达照明有限公司），wang@hongda.cn", "在 keepwarm 中打开 https://kw.example/messages/7"}},
		{"slack", "", []string{"Reply due: 王建国 (深圳宏达照明有限公司) waiting 5 min", "*Customer:* 王建国 (深圳宏达照明有限公司), wang@hongda.cn", "Open in keepwarm"}},
		{"wecom", "en", []string{"**Reply due: 王建国 (深圳宏达照明有限公司) waiting 5 min**", "> Subject: 询价：LED 面板", "[Open in keepwarm]("}},
		{"slack", "zh", []string{"待回复：王建国（深圳宏达照明有限公司）已等 5 分钟", "*主题:* 询价：LED 面板"}},
	} {
		t.Run(tc.kind+"/"+tc.lang, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, tc.kind, "")
			n := wang(r.clock.Now(), "询价：LED 面板", "请报价 2000 件。", "lily")
			if tc.kind == "slack" {
				n.Mentions = []string{"U024BE7LH"}
			}
			n.Lang = tc.lang
			r.queue("team", n)
			r.drain(r.dispatcher(channelFor(srv, "team")))
			posts := srv.Posts()
			if len(posts) != 1 {
				t.Fatalf("%d posts", len(posts))
			}
			for _, w := range tc.want {
				if !strings.Contains(posts[0].Text, w) {
					t.Errorf("lacks %q:\n%s", w, posts[0].Text)
				}
			}
		})
	}
	// Two languages on one channel are never merged into one message.
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	zh, en := wang(r.clock.Now(), "询价 A", "", "lily"), wang(r.clock.Now(), "Inquiry B", "", "tom")
	en.Lang = "en"
	r.queue("team", zh)
	r.queue("team", en)
	r.drain(r.dispatcher(channelFor(srv, "team")))
	if posts := srv.Posts(); len(posts) != 2 || !strings.Contains(posts[0].Text, "待回复") || !strings.Contains(posts[1].Text, "Reply due") {
		t.Fatalf("posts %v", posts)
	}
}

// TestCustomerMarkupShowsAsText: a customer's subject, name and first
// lines cannot make a link, bold text, code or a mention in the team's
// chat, on any platform; the excerpt is plain quoted text (WeCom has no
// italics, "_" showed literally).
func TestCustomerMarkupShowsAsText(t *testing.T) {
	for _, kind := range []string{"wecom", "dingtalk", "feishu", "slack", "teams"} {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, kind, "")
			n := wang(r.clock.Now(), "询价 [点这里](https://evil.example/phish) **紧急** <@all> <!channel> `x` _y_",
				"Please see [our list](http://evil.example/x) <at user_id=\"all\">", "lily")
			n.Name = "王建国 **VIP**"
			if kind == "slack" {
				n.Mentions = []string{"U024BE7LH"}
			}
			r.queue("team", n)
			r.drain(r.dispatcher(channelFor(srv, "team")))
			posts := srv.Posts()
			if len(posts) != 1 {
				t.Fatalf("%d posts", len(posts))
			}
			text := posts[0].Text
			bad := []string{"https://evil", "http://evil", "<@all>", "<!channel>", "<at "}
			switch kind {
			case "wecom", "dingtalk", "teams":
				bad = append(bad, "[点这里](", "[our list](", "**紧急**", "**VIP**", "`x`", "_y_", "> _", "<at>all")
			case "slack":
				bad = append(bad, "*紧急*", "`x`", "_y_") // (the header block is plain text)
			}
			// (A Feishu post's text elements show markup as written.)
			for _, bad := range bad {
				if strings.Contains(text, bad) {
					t.Errorf("the post carries %q:\n%s", bad, text)
				}
			}
			if len(posts[0].Mentions) != 1 {
				t.Errorf("mentions %v", posts[0].Mentions)
			}
			if !strings.Contains(text, "点这里") || !strings.Contains(text, "evil.example") {
				t.Errorf("the customer's words are gone:\n%s", text)
			}
		})
	}
}

// TestWaitingIsCountedWhenPosted: a nudge that waited for a platform's
// Retry-After says how long the customer has waited when it arrives, not
// when it was queued.
func TestWaitingIsCountedWhenPosted(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	srv.Script(mailtest.ChatAnswer{Status: 429, RetryAfter: "1200", Body: "slow down"})
	r.queue("team", wang(r.clock.Now(), "询价", "请报价。", "lily"))
	r.drain(r.dispatcher(channelFor(srv, "team")))
	posts := srv.Posts()
	if len(posts) != 1 || !strings.Contains(posts[0].Text, "已等 25 分钟") || strings.Contains(posts[0].Text, "5 min") {
		t.Fatalf("posts %v", posts)
	}
}

// TestKeywordInEveryMessage: a DingTalk or Feishu robot set to a keyword
// refuses a message without it; a channel with keyword set puts it in
// every message, merged ones included.
func TestKeywordInEveryMessage(t *testing.T) {
	for _, kind := range []string{"dingtalk", "feishu"} {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, kind, "")
			srv.Keyword = "客户提醒"
			ch := channelFor(srv, "team")
			ch.Keyword = "客户提醒"
			for i := range 3 {
				r.queue("team", wang(r.clock.Now(), fmt.Sprintf("询价 %d", i), "请报价。", "ou_1"))
			}
			r.drain(r.dispatcher(ch))
			if len(srv.Posts()) != 1 {
				t.Fatalf("%d posts", len(srv.Posts()))
			}
		})
	}
}

// TestOlderNotesShowAsStored: a nudge an older keepwarm queued (no
// arrival time) is posted with its stored title and waiting time.
func TestOlderNotesShowAsStored(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	r.queue("team", keepwarm.ChatNote{Mentions: []string{"lily"}, Title: "Reply due: Hans Meier waiting 5 min",
		Customer: "Hans Meier, hans@meier.de", Subject: "Inquiry", Waiting: "5 min", Excerpt: "> Please quote.\n> Thanks"})
	r.drain(r.dispatcher(channelFor(srv, "team")))
	if p := srv.Posts(); len(p) != 1 || !strings.Contains(p[0].Text, "**Reply due: Hans Meier waiting 5 min**") ||
		!strings.Contains(p[0].Text, "> Waiting: 5 min") || !strings.Contains(p[0].Text, "> Please quote. Thanks") {
		t.Fatalf("posts %v", p)
	}
}

// TestCoverWithoutReturnDate: a backup's nudge for someone whose
// out-of-office reply named no return date says so, with the day keepwarm
// takes them as back by at the latest, never "away until" that day; one
// with a date says "away until" it.
func TestCoverWithoutReturnDate(t *testing.T) {
	for _, tc := range []struct {
		lang         string
		noReturnDate bool
		want, not    string
	}{
		{"en", true, "Covering for Lily Chen, away with no return date given (back by 2026-11-16 at the latest)", "away until"},
		{"zh", true, "Lily Chen 不在（未给出返回日期，最迟 2026-11-16 视为返回），由你代为跟进", "休假至"},
		{"en", false, "Covering for Lily Chen, away until 2026-11-16", "no return date"},
		{"zh", false, "Lily Chen 休假至 2026-11-16，由你代为跟进", "未给出返回日期"},
	} {
		t.Run(fmt.Sprintf("%s/%v", tc.lang, tc.noReturnDate), func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, "wecom", "")
			n := wang(r.clock.Now(), "询价：LED 面板", "请报价 2000 件。", "tom")
			n.Lang = tc.lang
			n.Cover = &keepwarm.ChatCover{Owner: "Lily Chen", Until: "2026-11-16", NoReturnDate: tc.noReturnDate}
			r.queue("team", n)
			r.drain(r.dispatcher(channelFor(srv, "team")))
			posts := srv.Posts()
			if len(posts) != 1 || !strings.Contains(posts[0].Text, tc.want) || strings.Contains(posts[0].Text, tc.not) {
				t.Fatalf("want %q, not %q:\n%v", tc.want, tc.not, posts)
			}
		})
	}
}

// TestManagersCopySaysWhoWasNudged: the manager's own post of a target
// nudge names who was nudged (and for whom they cover), in the reader's
// language, on DingTalk and Slack.
func TestManagersCopySaysWhoWasNudged(t *testing.T) {
	for _, tc := range []struct {
		kind, lang, for_, want string
	}{
		{"dingtalk", "zh", "", "经理抄送：已提醒 Lily Chen 回复"},
		{"dingtalk", "zh", "Anna Li", "经理抄送：已提醒 Lily Chen 回复（代 Anna Li 跟进）"},
		{"slack", "en", "Anna Li", "Copy for the manager: Lily Chen was nudged (covering for Anna Li)"},
	} {
		t.Run(tc.kind+"/"+tc.for_, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, tc.kind, "")
			n := wang(r.clock.Now(), "询价：LED 面板", "请报价 2000 件。", "boss01")
			n.Lang, n.Nudged, n.NudgedFor = tc.lang, "Lily Chen", tc.for_
			r.queue("boss", n)
			r.drain(r.dispatcher(channelFor(srv, "boss")))
			posts := srv.Posts()
			if len(posts) != 1 || !strings.Contains(posts[0].Text, tc.want) || strings.Contains(posts[0].Text, "由你代为跟进") {
				t.Fatalf("want %q:\n%v", tc.want, posts)
			}
		})
	}
}

// TestTitleSaysTheTargetPassed: a "reply due" nudge posted only after the
// reply target passed (it waited out a platform's Retry-After) says in its
// title that the target has passed, not that a reply is due.
func TestTitleSaysTheTargetPassed(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	srv.Script(mailtest.ChatAnswer{Status: 429, RetryAfter: "600", Body: "slow down"})
	note := wang(r.clock.Now(), "询价", "请报价。", "lily")
	note.Target = 10 * time.Minute
	r.queue("team", note)
	r.drain(r.dispatcher(channelFor(srv, "team")))
	posts := srv.Posts()
	if len(posts) != 1 || !strings.Contains(posts[0].Text, "已超回复时限") || strings.Contains(posts[0].Text, "待回复") {
		t.Fatalf("posts %v", posts)
	}
}

// TestDingTalkLinesBreak: DingTalk's markdown shows a single "\n" as no
// break, so each line of a DingTalk nudge ends with two spaces (as its
// documentation asks) and the link stands after a blank line, outside the
// quote; WeCom, which breaks at "\n", keeps plain line ends.
func TestDingTalkLinesBreak(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "dingtalk", "")
	r.queue("team", wang(r.clock.Now(), "询价", "请报价。", "lily01"))
	r.drain(r.dispatcher(channelFor(srv, "team")))
	posts := srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	md, _ := posts[0].Body["markdown"].(map[string]any)
	text, _ := md["text"].(string)
	for _, want := range []string{"**  \n> 客户：", "\n> 主题：询价  \n> 已等：", "请报价。  \n\n[在 keepwarm 中打开](https://kw.example/messages/7)  \n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the DingTalk markdown lacks %q:\n%q", want, text)
		}
	}
	wecom := mailtest.NewChatServer(t, "wecom", "")
	r.queue("wecom", wang(r.clock.Now(), "询价", "请报价。", "lily"))
	r.drain(r.dispatcher(channelFor(wecom, "wecom")))
	if p := wecom.Posts(); len(p) != 1 || strings.Contains(p[0].Text, "  \n") {
		t.Fatalf("WeCom posts %q", p)
	}
}

// TestAlertOnEachPlatform: a word about keepwarm itself (its [notify]
// mail failing) shows its title and line on every platform, with no
// customer's fields, and goes alone, not merged with a nudge.
func TestAlertOnEachPlatform(t *testing.T) {
	for _, kind := range []string{"wecom", "dingtalk", "feishu", "slack", "teams", "webhook"} {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, kind, "")
			r.queue("team", keepwarm.ChatNote{Alert: "535 5.7.8 authentication failed", Lang: "en"})
			r.queue("team", wang(r.clock.Now(), "询价", "请报价。"))
			r.drain(r.dispatcher(channelFor(srv, "team")))
			posts := srv.Posts()
			if len(posts) != 2 {
				t.Fatalf("%d posts, want the alert alone and the nudge", len(posts))
			}
			text := posts[0].Text
			if !strings.Contains(text, "keepwarm: its mail cannot be sent") || !strings.Contains(text, "Mail from [notify]") ||
				!strings.Contains(text, "535 5.7.8 authentication failed") || strings.Contains(text, "Customer") || strings.Contains(text, "王建国") {
				t.Fatalf("the alert:\n%s", text)
			}
		})
	}
}

// TestSlackCoverEscapedOnce: on Slack, a backup's or owner's name with "&"
// in the cover line and the manager's copy shows as written: escaped once
// ("&amp;", which Slack shows as "&"), not twice ("&amp;amp;").
func TestSlackCoverEscapedOnce(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(*keepwarm.ChatNote)
		want string
	}{
		{"cover", func(n *keepwarm.ChatNote) { n.Cover = &keepwarm.ChatCover{Owner: "Lily & Tom", Until: "2026-11-20"} }, "Covering for Lily &amp; Tom"},
		{"manager", func(n *keepwarm.ChatNote) { n.Nudged = "Lily & Tom" }, "Lily &amp; Tom was nudged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, "slack", "")
			n := wang(r.clock.Now(), "Quotation", "Please quote.", "U024BE7LH")
			n.Lang = "en"
			tc.set(&n)
			r.queue("team", n)
			r.drain(r.dispatcher(channelFor(srv, "team")))
			posts := srv.Posts()
			if len(posts) != 1 || !strings.Contains(posts[0].Text, tc.want) || strings.Contains(posts[0].Text, "&amp;amp;") {
				t.Fatalf("want %q escaped once:\n%v", tc.want, posts)
			}
		})
	}
}

// TestTeamsCustomerWordsMakeNoList: on Teams a customer's words open the
// excerpt's TextBlock and the subject's fact, where "1. Price list" or
// "- item" would show as an Adaptive Card list: the text keeps them as
// written, with no list mark first.
func TestTeamsCustomerWordsMakeNoList(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "teams", "")
	n := wang(r.clock.Now(), "1. Price list", "- item 2000 pcs\n2. CIF Hamburg", "lily@acme.example")
	r.queue("team", n)
	r.drain(r.dispatcher(channelFor(srv, "team")))
	posts := srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	atts, _ := posts[0].Body["attachments"].([]any)
	card, _ := atts[0].(map[string]any)["content"].(map[string]any)
	blocks, _ := card["body"].([]any)
	var texts []string
	for _, b := range blocks {
		b, _ := b.(map[string]any)
		if s, ok := b["text"].(string); ok {
			texts = append(texts, s)
		}
		facts, _ := b["facts"].([]any)
		for _, f := range facts {
			if s, ok := f.(map[string]any)["value"].(string); ok {
				texts = append(texts, s)
			}
		}
	}
	list := regexp.MustCompile(`^\s*(?:[-+*]|[0-9]+[.)])(?:\s|$)`)
	var subject, excerpt bool
	for _, s := range texts {
		if list.MatchString(s) {
			t.Errorf("a TextBlock or fact starts with a list mark: %q", s)
		}
		subject = subject || strings.Contains(s, "1. Price list")
		excerpt = excerpt || strings.Contains(s, "- item 2000 pcs")
	}
	if !subject || !excerpt {
		t.Errorf("the customer's words are gone: %q", texts)
	}
}

// TestSlackTextIsVerbatim: Slack's mrkdwn text is pre-parsed unless it is
// verbatim, turning a customer's "www.pay-meier.example/inv" into a link
// and "@channel" into a mention in the sales team's channel, which no
// "://" escape prevents; every mrkdwn text keepwarm posts is verbatim,
// its own <@U...> mentions and <url|Open> link written out as Slack's.
func TestSlackTextIsVerbatim(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "slack", "")
	n := wang(r.clock.Now(), "Payment details changed, see www.pay-meier.example/inv @channel", "New account: www.pay-meier.example/inv @here", "U024BE7LH")
	n.Lang = "en"
	r.queue("team", n)
	r.drain(r.dispatcher(channelFor(srv, "team")))
	posts := srv.Posts()
	if len(posts) != 1 || !strings.Contains(posts[0].Text, "<@U024BE7LH>") {
		t.Fatalf("posts: %v", posts)
	}
	blocks, _ := posts[0].Body["blocks"].([]any)
	mrkdwn := 0
	for _, b := range blocks {
		text, _ := b.(map[string]any)["text"].(map[string]any)
		if text["type"] == "mrkdwn" {
			mrkdwn++
			if text["verbatim"] != true {
				t.Errorf("a mrkdwn text Slack parses for links and mentions: %v", text)
			}
		}
	}
	if mrkdwn == 0 {
		t.Fatalf("no mrkdwn text in %v", posts[0].Body)
	}
}

// TestMergedPostSaysWhoseDrafts: Lily's and Tom's nudges merged into one
// post on the team's channel, both @-mentioned at its end: each one's
// "received" draft line names whose Drafts it is in, not "your Drafts",
// which would be the Drafts of whoever reads it. A nudge posted alone
// still says "your Drafts" (its mention says whose).
func TestMergedPostSaysWhoseDrafts(t *testing.T) {
	for _, tc := range []struct {
		lang       string
		want       []string
		not, alone string
	}{
		{"en", []string{`reply is ready in Lily Chen's Drafts: if the answer needs research, check it and send it.`,
			`reply in Tom Li's Drafts at 09:05: if the answer needs research, check it and send it.`,
			`reply is ready in Tom Li's Drafts, in their name, while Lily Chen is away: if the answer needs research, check it and send it.`}, "your Drafts", "ready in your Drafts"},
		{"zh", []string{"Lily Chen 的草稿箱里已备好一封简短的“已收到，正在处理”回复：如果答复需要查资料，请检查后发出。",
			"回复放进 Tom Li 的草稿箱：如果答复需要查资料，请检查后发出。",
			"Tom Li 的草稿箱里已备好一封简短的“已收到，正在处理”回复，以其名义（Lily Chen 不在）：如果答复需要查资料，请检查后发出。"}, "你的草稿箱", "你的草稿箱里已备好"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, "wecom", "")
			lily := wang(r.clock.Now(), "询价：LED 面板", "请报价 2000 件。", "lily")
			lily.Lang, lily.Draft = tc.lang, &keepwarm.ChatDraft{Ready: true, Whose: "Lily Chen"}
			tom := wang(r.clock.Now(), "样品", "请寄样品。", "tom")
			tom.Lang, tom.Draft = tc.lang, &keepwarm.ChatDraft{Ready: true, Filed: "09:05", Whose: "Tom Li"}
			// Tom covering for Lily: the draft in his Drafts, in his name.
			cover := wang(r.clock.Now(), "交期", "几时交货？", "tom")
			cover.Lang, cover.Draft = tc.lang, &keepwarm.ChatDraft{Ready: true, Away: "Lily Chen", Whose: "Tom Li"}
			cover.Cover = &keepwarm.ChatCover{Owner: "Lily Chen", Until: "2026-11-16"}
			r.queue("team", lily)
			r.queue("team", tom)
			r.queue("team", cover)
			r.drain(r.dispatcher(channelFor(srv, "team")))
			posts := srv.Posts()
			if len(posts) != 1 {
				t.Fatalf("%d posts, want the three merged", len(posts))
			}
			for _, w := range tc.want {
				if !strings.Contains(posts[0].Text, w) {
					t.Errorf("the merged post lacks %q:\n%s", w, posts[0].Text)
				}
			}
			if strings.Contains(posts[0].Text, tc.not) {
				t.Errorf("the merged post says %q:\n%s", tc.not, posts[0].Text)
			}

			r2 := newRig(t)
			srv2 := mailtest.NewChatServer(t, "wecom", "")
			r2.queue("team", lily)
			r2.drain(r2.dispatcher(channelFor(srv2, "team")))
			if posts := srv2.Posts(); len(posts) != 1 || !strings.Contains(posts[0].Text, tc.alone) {
				t.Errorf("Lily's nudge alone does not say %q: %v", tc.alone, posts)
			}

			// Two nudges of Lily's alone merged (her own robot): still "your".
			r3 := newRig(t)
			srv3 := mailtest.NewChatServer(t, "wecom", "")
			lily2 := wang(r3.clock.Now(), "样品", "请寄样品。", "lily")
			lily2.Lang, lily2.Draft = tc.lang, &keepwarm.ChatDraft{Ready: true, Whose: "Lily Chen"}
			r3.queue("team", lily)
			r3.queue("team", lily2)
			r3.drain(r3.dispatcher(channelFor(srv3, "team")))
			if posts := srv3.Posts(); len(posts) != 1 || strings.Count(posts[0].Text, tc.alone) != 2 || strings.Contains(posts[0].Text, "Lily Chen") {
				t.Errorf("Lily's two nudges merged do not say %q twice: %v", tc.alone, posts)
			}
		})
	}
}

// TestMergedPostOfReadersWithoutMentionsSaysWhoseDrafts: Lily's and Tom's
// nudges go to a group robot with no @-id (notify = ["wecom"]), so no note
// has a mention. Lily's draft is in her Drafts; Tom has none, or his is in
// someone else's. Merged into one post, Lily's line names her Drafts: "your
// Drafts" would tell Tom, reading it, that the draft is in his. Each note
// carries its reader; Lily's two nudges merged still say "your Drafts".
func TestMergedPostOfReadersWithoutMentionsSaysWhoseDrafts(t *testing.T) {
	for name, tom := range map[string]*keepwarm.ChatDraft{
		"no draft":       nil,
		"no draft, why":  {None: keepwarm.NoDraftName, Args: []string{"Dear ,"}},
		"in Lily Drafts": {Ready: true, In: "Lily Chen"},
	} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			srv := mailtest.NewChatServer(t, "wecom", "")
			l := wang(r.clock.Now(), "询价：LED 面板", "请报价 2000 件。")
			l.Lang, l.Reader, l.Draft = "en", "Lily Chen", &keepwarm.ChatDraft{Ready: true, Whose: "Lily Chen"}
			tm := wang(r.clock.Now(), "样品", "请寄样品。")
			tm.Lang, tm.Reader, tm.Draft = "en", "Tom Li", tom
			r.queue("team", l)
			r.queue("team", tm)
			r.drain(r.dispatcher(channelFor(srv, "team")))
			posts := srv.Posts()
			if len(posts) != 1 {
				t.Fatalf("%d posts, want the two merged", len(posts))
			}
			if !strings.Contains(posts[0].Text, "reply is ready in Lily Chen's Drafts") || strings.Contains(posts[0].Text, "your Drafts") {
				t.Errorf("the merged post does not name Lily's Drafts:\n%s", posts[0].Text)
			}

			r2 := newRig(t)
			srv2 := mailtest.NewChatServer(t, "wecom", "")
			l2 := wang(r2.clock.Now(), "样品", "请寄样品。")
			l2.Lang, l2.Reader = "en", "Lily Chen"
			r2.queue("team", l)
			r2.queue("team", l2)
			r2.drain(r2.dispatcher(channelFor(srv2, "team")))
			if posts := srv2.Posts(); len(posts) != 1 || !strings.Contains(posts[0].Text, "ready in your Drafts") || strings.Contains(posts[0].Text, "Lily Chen") {
				t.Errorf("Lily's two nudges merged do not say \"your Drafts\": %v", posts)
			}
		})
	}
}
