package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/config"
)

// checkChannels reads every [[notify.channel]]'s webhook URL and secret
// and, with post, posts a test message to each: a robot has no way to be
// checked without posting, so that is asked for. It names who each
// channel nudges.
func checkChannels(ctx context.Context, m *Main, post bool, report func(string, error, string)) {
	if len(m.cfg.Notify.Channels) == 0 {
		return
	}
	who := map[string][]string{}
	mentions := map[string][]string{}
	langs := map[string]string{}
	people := m.cfg.Salespeople
	if _, isSales := m.cfg.ManagerSalesperson(); m.cfg.Team.Notify != nil && !isSales {
		// The manager's [team] notify.
		people = append(people[:len(people):len(people)], config.SalespersonConfig{Email: m.cfg.Team.Manager, Notify: m.cfg.Team.Notify})
	}
	for _, s := range people {
		for _, t := range s.NotifyTargets() {
			if t.Channel != "email" {
				who[t.Channel] = append(who[t.Channel], s.Email)
				if t.Mention != "" {
					mentions[t.Channel] = append(mentions[t.Channel], t.Mention)
				}
				if _, ok := langs[t.Channel]; !ok {
					langs[t.Channel] = s.Lang
				}
			}
		}
	}
	chans, err := m.app.ChatChannels(ctx)
	if err != nil {
		report("notify channels: webhook URL and secret", err, channelFix(err))
		return
	}
	// The names that post to each robot, as the dispatcher groups them:
	// the platform throttles and counts the robot, not the name.
	names := map[string][]string{}
	for _, c := range chans {
		if c.Unusable == nil {
			names[c.Fingerprint()] = append(names[c.Fingerprint()], c.Name)
		}
	}
	for _, c := range chans {
		if c.Unusable != nil {
			report(fmt.Sprintf("notify channel %s (%s): webhook URL and secret", c.Name, c.Kind), c.Unusable, channelFix(c.Unusable))
			continue
		}
		what := fmt.Sprintf("notify channel %s (%s): webhook URL read; nudges %v", c.Name, c.Kind, who[c.Name])
		if len(who[c.Name]) == 0 {
			what = fmt.Sprintf("notify channel %s (%s): webhook URL read, but no one's notify names it", c.Name, c.Kind)
		}
		ways := mentionWays(c.Kind, mentions[c.Name])
		what += ways
		if !post {
			report(what+" (`keepwarm check --notify` posts a test message)", nil, "")
			continue
		}
		now := m.clock.Now().In(m.cfg.TeamLocation()) // times told in the team's zone
		// The test posts now, whatever --now says: the robot's throttle
		// and minute are read at the real time. Under --now of another
		// time nothing is kept for the daemon (neither the test in the
		// robot's minute nor a throttle it meets): a block dated then
		// would hold every nudge to the robot until that date.
		wall := m.wall.Now().In(now.Location())
		keep := m.replayed > -replaySlack && m.replayed < replaySlack
		siblings := names[c.Fingerprint()]
		if m.db != nil {
			// A robot the daemon was told is throttled, under any name
			// posting to it, would refuse the test too: it is not posted
			// into the throttle. (A database its migrations have not
			// reached yet has nothing kept: the test is posted.)
			if b, name := robotBlock(ctx, m, c, siblings, wall); b.Until.After(wall) {
				until := b.Until.In(now.Location()).Format("15:04 MST")
				if y, mo, d := b.Until.In(now.Location()).Date(); y != wall.Year() || mo != wall.Month() || d != wall.Day() {
					until = b.Until.In(now.Location()).Format("2006-01-02 15:04 MST")
				}
				kept := ""
				if name != c.Name {
					kept = fmt.Sprintf(", kept for channel %s, which posts to the same robot", name)
				}
				report(fmt.Sprintf("notify channel %s (%s): test message", c.Name, c.Kind),
					fmt.Errorf("the platform throttles this robot until %s: not posted (it said: %s%s)", until, b.Reason, kept),
					fmt.Sprintf("run keepwarm check --notify again after %s; until then its nudges wait, and go by mail once late", until))
				continue
			}
			// Nor past what keepwarm posts to it in a minute, or in a
			// second (Slack's one, Feishu's five): the daemon's posts
			// under every name count, and each test. A robot the
			// daemon posts to this second is waited for: the test
			// refused as too fast would keep a block for the robot,
			// holding the daemon's nudges behind it.
			limit := c.Limit
			if limit == (chat.Limit{}) {
				limit = chat.PostingLimit(c.Kind)
			}
			if n, free := robotFree(ctx, m, siblings, limit); !free {
				what := fmt.Sprintf("notify channel %s (%s): test message", c.Name, c.Kind)
				if limit.PerMinute > 0 && n >= limit.PerMinute {
					report(what, fmt.Errorf("the robot took %d posts in the last minute, under its channels %s and check's tests, as many as keepwarm posts to it in a minute: not posted (one more could make the platform throttle it)", n, strings.Join(siblings, ", ")),
						"run keepwarm check --notify again in a minute")
				} else {
					report(what, fmt.Errorf("nudges are being posted to this robot right now, under its channels %s: not posted (one more could be refused as too fast, and the robot held for the nudges)", strings.Join(siblings, ", ")),
						"run keepwarm check --notify again in a minute")
				}
				continue
			}
			wall = m.wall.Now().In(now.Location()) // after any wait
			// Counted in the robot's minute, for the next name and the
			// daemon, as a nudge's post is.
			if !keep {
				m.log.Debug("check: --now is not the real time: the test post is not counted for the daemon", "channel", c.Name)
			} else if err := m.db.AddChatPost(ctx, c.Name, wall); err != nil {
				m.log.Debug("check: the test post could not be counted", "channel", c.Name, "err", err)
			}
		}
		note := sampleNote(c, mentions[c.Name], langs[c.Name], m.cfg.Web.BaseURL, now)
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		answer, err := c.PostAnswered(cctx, []keepwarm.ChatNote{note}, now)
		cancel()
		if keep {
			keepBlock(ctx, m, c, err, wall)
		}
		what = fmt.Sprintf("notify channel %s (%s): test message posted%s", c.Name, c.Kind, ways)
		if err == nil && answer.Queued {
			// A Workflows flow answers 202 before it runs.
			what = fmt.Sprintf("notify channel %s (%s): test message accepted by the flow (202): look in the channel; a card the flow could not post shows only in the flow's run history%s", c.Name, c.Kind, ways)
		}
		if via := chat.Route(c.Client, c.URL); via != "" && err == nil {
			what += " (through " + via + ")"
		}
		report(what, err, postFix(c, err, wall))
	}
}

// robotBlock is the latest block kept for c's robot under any of names
// (the channels posting to it), and the name it was kept under; the zero
// block when none holds. A block dated further ahead of now than any
// keepwarm keeps (kept under a wrong clock) is not believed, as the
// daemon does not believe it.
func robotBlock(ctx context.Context, m *Main, c *chat.Channel, names []string, now time.Time) (keepwarm.ChatBlock, string) {
	var latest keepwarm.ChatBlock
	var under string
	for _, name := range names {
		b, err := m.db.ChatBlock(ctx, name)
		if err == nil && c.KeptBlock(b) && !b.Until.After(chat.LatestKeptBlock(now)) && b.Until.After(latest.Until) {
			latest, under = b, name
		}
	}
	return latest, under
}

// robotWait is the longest check --notify waits at a time for a robot the
// daemon is posting to right now: a nudge this second to a Slack robot
// (one a second), five to a Feishu one, each counted to the end of its
// second, keep it busy until the end of the next second at the latest.
const robotWait = 2 * time.Second

// robotFree waits until one more post to the robot under names keeps
// within limit, as the dispatcher counts it (the posts under every name
// and check's tests, each to the end of its second): robotWait at most at
// a time, a few times. It says false, with the posts of the last minute,
// when the robot is not free by then; true at once when the posts cannot
// be read (a database its migrations have not reached). A post dated
// after now was counted under a wrong clock: not counted.
func robotFree(ctx context.Context, m *Main, names []string, limit chat.Limit) (int, bool) {
	for waited := 0; ; waited++ {
		now := m.wall.Now()
		rows, err := m.db.RobotPostsSince(ctx, names, now.Add(-time.Minute-time.Second), now)
		if err != nil {
			return 0, true
		}
		wait := chat.RobotFree(limit, rows, now).Sub(now)
		if wait <= 0 {
			return 0, true
		}
		n := 0
		for _, r := range rows {
			if now.Sub(r.Add(time.Second)) < time.Minute {
				n++
			}
		}
		if wait > robotWait || waited == 3 {
			return n, false
		}
		t := m.wall.NewTimer(wait)
		select {
		case <-t.C():
		case <-ctx.Done():
			t.Stop()
			return n, false
		}
	}
}

// maxChatBlock is the longest block the daemon holds a robot to (its
// longest backoff, chat.Options.MaxBackoff): a quota refusal says an
// hour.
const maxChatBlock = chat.MaxKeptBlock

// keepBlock keeps what the test's refusal says holds beyond it (DingTalk's
// 10-minute throttle, a quota spent, a Retry-After) for the robot, as the
// daemon keeps its own: the daemon's next start, a tick, and the next
// channel posting to the same robot do not post into it.
func keepBlock(ctx context.Context, m *Main, c *chat.Channel, err error, now time.Time) {
	var pe *chat.PostError
	if m.db == nil || !errors.As(err, &pe) || pe.Outcome != chat.Retry || pe.After <= 0 {
		return
	}
	b := keepwarm.ChatBlock{Robot: c.Fingerprint(), Until: now.Add(min(pe.After, maxChatBlock)), Reason: pe.Reason}
	if prev, err := m.db.ChatBlock(ctx, c.Name); err == nil && c.KeptBlock(prev) {
		b.Budget, b.BudgetSince = prev.Budget, prev.BudgetSince
		if prev.Until.After(b.Until) && !prev.Until.After(chat.LatestKeptBlock(now)) {
			b.Until, b.Reason = prev.Until, prev.Reason
		}
	}
	if err := m.db.SetChatBlock(ctx, c.Name, b); err != nil {
		m.log.Debug("check: the robot's block could not be kept", "channel", c.Name, "err", err)
	}
}

// mentionWays says how a WeCom or DingTalk robot is asked to @-mention
// each id ("; @-mentions 100234 as a user id, 13800000000 as a mobile"):
// an id taken the wrong way pings nobody, and the platform says nothing.
func mentionWays(kind string, ids []string) string {
	if len(ids) == 0 || kind != chat.WeCom && kind != chat.DingTalk {
		return ""
	}
	ways := make([]string, len(ids))
	mobile := false
	for i, id := range ids {
		ways[i] = id + " as a user id"
		if keepwarm.IsMobile(id) {
			ways[i], mobile = id+" as a mobile", true
		}
	}
	out := "; @-mentions " + strings.Join(ways, ", ")
	if mobile {
		// keepwarm adds or drops nothing (no "+", no country code): a
		// number in another form than the platform's for that member
		// posts, and pings nobody.
		out += " (a mobile is sent exactly as written: it must match the number as the platform holds it for that member; look whether they were pinged)"
	}
	return out
}

// postFix is check's advice for a test message the robot did not take, by
// what its answer means: the URL and token are named only for a refusal
// for good, so nobody rotates a good webhook key over a robot that was
// busy or slow. What failed before the platform was reached (the host,
// TLS, the proxy) is named: waiting does not clear it.
func postFix(c *chat.Channel, err error, now time.Time) string {
	var pe *chat.PostError
	if errors.As(err, &pe) {
		switch pe.Outcome {
		case chat.Retry:
			switch pe.Cause {
			case chat.CauseHost:
				return "the webhook URL's host could not be looked up (its words above: \"no such host\" is a typo in the URL's host, else this machine's DNS): check the URL the variable or command gives"
			case chat.CauseTLS:
				return "the robot's TLS certificate is not trusted: a TLS-inspecting proxy or firewall in between? Set [notify] tls_ca_file to the PEM of that proxy's CA (a team with no mail sender may write [notify] with only tls_ca_file): chat posts trust it besides the system's authorities; or let the platform's host through uninspected"
			case chat.CauseProxy:
				if pe.Via != "" {
					return fmt.Sprintf("the post went through %s, which the environment sets (this channel and [notify] have no proxy key), and that proxy did not connect (its words above); nothing says the webhook URL is wrong: fix or unset that variable for keepwarm, add the platform's host to NO_PROXY to post directly, or set the channel's proxy", pe.Via)
				}
				return "the proxy did not connect (its words above): check its address, and its user and password (the channel's proxy_password_env/proxy_password_cmd, else [notify]'s); a refused proxy login does not clear by waiting"
			}
			if pe.Quota {
				return "the robot's call quota is spent (DingTalk 90030, its words above): it comes back with the quota's period (the free edition's is a month), not by trying again soon; its nudges meanwhile go by mail; another robot, or a paid edition, posts now; nothing says the URL is wrong"
			}
			if pe.After >= 2*time.Minute {
				return fmt.Sprintf("the platform throttles this robot for %d minutes (its words above): try again after %s; nothing says the URL is wrong",
					int(pe.After.Round(time.Minute)/time.Minute), now.Add(pe.After).Format("15:04 MST"))
			}
			return "the platform refused it for now (its words above: too fast, busy, or no connection): try again in a minute or two; nothing says the URL is wrong"
		case chat.Uncertain:
			return "no answer in time, or a gateway's error: look in the group, the message may have arrived; if it did not, check the proxy and the channel's timeout"
		case chat.TooLong:
			return "the platform found the test message too long (its words above): nudges are posted shorter or fewer at a time; nothing needs changing"
		}
	}
	if pe != nil && pe.Signature {
		// A wrong secret and a clock more than an hour off get the same
		// words from the platform; its answer's date tells them apart.
		switch {
		case pe.ClockOff != 0:
			way := "ahead of"
			if pe.ClockOff < 0 {
				way = "behind"
			}
			return fmt.Sprintf("set this machine's clock right and keep it so (NTP: timedatectl set-ntp true; a clock kept on local time and read as UTC is 8 hours off in China): "+
				"it is %s %s the platform's, and the platform refuses every signature made more than an hour off its own time, so every nudge to this robot fails until then; nothing says the secret or the URL is wrong",
				keepwarm.ShortWait(pe.ClockOff.Abs().Round(time.Minute)), way)
		case pe.ClockRead:
			return "the robot refused the signature, and this machine's clock agrees with the platform's: the secret secret_env or secret_cmd gives is not this robot's; copy it again from the robot's security settings (DingTalk 加签, Feishu 签名校验)"
		}
		return fmt.Sprintf("the robot refused the signature: the secret secret_env or secret_cmd gives is not this robot's (copy it again from the robot's security settings, DingTalk 加签, Feishu 签名校验), "+
			"or this machine's clock is more than an hour off the platform's (it said %s when it signed: if that is wrong, set the clock by NTP)", pe.Wall.UTC().Format("2006-01-02 15:04 UTC"))
	}
	fix := "check the robot still exists and the URL is complete (token included)"
	if (c.Kind == chat.DingTalk || c.Kind == chat.Feishu) && pe != nil && pe.Outcome == chat.Failed {
		fix += "; a signing robot needs secret_env or secret_cmd with its secret, and a robot set to keywords needs keyword = \"...\" on the channel"
	}
	return fix
}

// sampleNote is the test message: a nudge as the channel's people will
// get it (the same layout, language, mentions and keyword), about a
// sample customer, saying it is a test. A robot that takes it takes the
// real ones.
func sampleNote(c *chat.Channel, mentions []string, lang, webURL string, now time.Time) keepwarm.ChatNote {
	n := keepwarm.ChatNote{Channel: c.Name, Mentions: mentions, Lang: lang, Test: true, Since: now.Add(-5 * time.Minute),
		Name: "Hans Meier", Company: "Meier GmbH", Contact: "hans@example.com", Subject: "Quotation for 2000 LED panels",
		Excerpt: "Dear Lily, please quote 2000 pcs of the 60x60 LED panels, delivered CIF Hamburg.",
		Title:   "Reply due: Hans Meier (Meier GmbH) waiting 5 min", Customer: "Hans Meier (Meier GmbH), hans@example.com", Waiting: "5 min"}
	if chat.Lang(n, c.Kind) == "zh" {
		n.Name, n.Company, n.Contact = "王建国", "深圳示例照明有限公司", "wang@example.com"
		n.Subject, n.Excerpt = "询价：2000 件 LED 面板", "您好，请报 2000 件 60x60 LED 面板的价格，CIF 汉堡。"
	}
	if web := strings.TrimRight(webURL, "/"); web != "" {
		n.Link = web + "/"
	}
	return n
}

// channelFix is check's advice for a channel that cannot be used, by what
// its message says is wrong: a URL that is not https, a proxy, else a
// variable or command that gives nothing.
func channelFix(err error) string {
	switch msg := err.Error(); {
	case strings.Contains(msg, "the environment's"):
		return "the variable the message names is set on the server for other programs too: %-encode the characters of its user and password that a URL may not hold (or unset it for keepwarm), or give the channel its own proxy key, else [notify] proxy; until then its nudges go by mail"
	case strings.Contains(msg, "does not parse as a URL"):
		return "the variable or command must give the robot's whole webhook URL and nothing else: no space, quote or line break inside it"
	case strings.Contains(msg, "is not an https:// URL"):
		return "the variable or command must give the robot's whole https:// webhook URL"
	case strings.Contains(msg, "proxy_password_env") || strings.Contains(msg, "proxy_password_cmd"):
		return "set the variable or fix the command the message names: it gives the proxy's password"
	case strings.Contains(msg, "proxy"):
		return "fix the proxy the message names (the channel's proxy, else [notify] proxy and its proxy_password_env/proxy_password_cmd)"
	}
	return "set the variable or fix the command named in the message"
}
