package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"golang.org/x/net/http/httpproxy"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// ChatChannels builds every [[notify.channel]]: the webhook URL and signing
// secret read from their variables or commands (held in memory only), an
// HTTP client with the channel's timeout, through its proxy (else
// [notify]'s), TLS verified. A channel whose URL, secret or proxy cannot be
// had comes back with Unusable set (its nudges go by mail instead) rather
// than keeping the others and the mailboxes from starting; an error only
// when ctx ended.
func (a *App) ChatChannels(ctx context.Context) ([]*chat.Channel, error) {
	var out []*chat.Channel
	for i, cc := range a.Cfg.Notify.Channels {
		c, err := a.chatChannel(ctx, i, cc)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			c = &chat.Channel{Name: cc.Name, Kind: cc.Kind, Unusable: err}
		}
		out = append(out, c)
	}
	robots := map[string]string{}
	for _, c := range out {
		if c.Unusable == nil {
			robots[c.Name] = c.Fingerprint()
		}
	}
	a.robotsMu.Lock()
	a.robots = robots
	a.robotsMu.Unlock()
	return out, nil
}

// chatRobots is each usable channel's robot by name, as ChatChannels last
// read it (the dispatcher's start), else read now.
func (a *App) chatRobots(ctx context.Context) (map[string]string, error) {
	a.robotsMu.Lock()
	robots := a.robots
	a.robotsMu.Unlock()
	if robots != nil {
		return robots, nil
	}
	if _, err := a.ChatChannels(ctx); err != nil {
		return nil, err
	}
	a.robotsMu.Lock()
	defer a.robotsMu.Unlock()
	return a.robots, nil
}

// chatChannel builds the i-th [[notify.channel]], cc.
func (a *App) chatChannel(ctx context.Context, i int, cc config.ChannelConfig) (*chat.Channel, error) {
	key := config.KeyIn("notify.channel", i, cc.Name, "")
	at := func(k string) string { return config.KeyIn("notify.channel", i, cc.Name, k) }
	u, err := config.SecretFrom(ctx, a.Cfg.Dir(), at("url_env"), cc.URLEnv, at("url_cmd"), cc.URLCmd, "the webhook URL", a.Getenv)
	if err != nil {
		return nil, err
	}
	// Neither a URL nor a signing secret has space at its ends: what is
	// there came with the variable (an --env-file written on Windows ends
	// each line with "\r").
	u = strings.TrimSpace(u)
	p, err := url.Parse(u)
	if err != nil {
		// Never the URL itself in the message: it holds the token.
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "%s: the webhook URL from %s does not parse as a URL (a stray space or line break in it?)", key, secretSource(cc))
	}
	if p.Host == "" || (p.Scheme != "https" && !(p.Scheme == "http" && loopbackHost(p.Hostname()))) {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "%s: the webhook URL from %s is not an https:// URL", key, secretSource(cc))
	}
	var secret string
	if cc.SecretEnv != "" || cc.SecretCmd != "" {
		if secret, err = config.SecretFrom(ctx, a.Cfg.Dir(), at("secret_env"), cc.SecretEnv, at("secret_cmd"), cc.SecretCmd, "the signing secret", a.Getenv); err != nil {
			return nil, err
		}
		if secret = strings.TrimSpace(secret); secret == "" {
			from := "secret_cmd"
			if cc.SecretEnv != "" {
				from = "$" + cc.SecretEnv
			}
			return nil, keepwarm.Errorf(keepwarm.EINVALID, "%s: the signing secret from %s is only spaces", key, from)
		}
	}
	var proxy string
	if cc.Proxy != "" {
		// The channel's own, with its proxy_password_env or _cmd.
		if proxy, err = a.proxyURLAt(ctx, key, cc.ProxyConnection()); err != nil {
			return nil, err
		}
	} else if proxy, err = a.proxyURL(ctx, config.NotifyMailbox, a.Cfg.Notify.Connection); err != nil {
		// [notify]'s, with its proxy_password_env or _cmd.
		return nil, err
	}
	if proxy == "" {
		if err := a.envProxyProblem(key, p); err != nil {
			return nil, err
		}
	}
	var dial chat.DialFunc
	if proxy != "" {
		d, err := mailsync.NewDialer(proxy, cc.Timeout.Duration)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", at("proxy"), err)
		}
		dial = chat.DialFunc(d)
	}
	// [notify]'s tls_ca_file, as its proxy: the TLS-inspecting proxy of
	// an office signs the robots' certificates as it signs the mail
	// servers' and the token endpoints'.
	roots, err := a.Cfg.RootCAs(a.Cfg.Notify.Connection)
	if err != nil {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "notify.tls_ca_file: %v", err)
	}
	lim := chat.PostingLimit(cc.Kind)
	if cc.PerMinute > 0 {
		// At most one under the platform's limit: a per_minute of the
		// limit itself (which older versions took) is warned of and
		// lowered (config's ChannelWarnings).
		lim.PerMinute = min(cc.PerMinute, lim.PerMinute)
	}
	return &chat.Channel{Name: cc.Name, Kind: cc.Kind, URL: u, Secret: secret, Limit: lim, Keyword: cc.Keyword,
		Client: chat.NewClient(cc.Timeout.Duration, dial, roots, a.envProxy())}, nil
}

// envProxy is the proxy HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their
// lower-case spellings) name, read through Getenv, for a channel with no
// proxy key: the server's unit may set them for other programs, and a
// post failing there names them.
func (a *App) envProxy() chat.EnvProxy {
	if a.Getenv == nil {
		return nil // http.ProxyFromEnvironment
	}
	get := func(name string) string {
		if v := a.Getenv(name); v != "" {
			return v
		}
		return a.Getenv(strings.ToLower(name))
	}
	pick := (&httpproxy.Config{HTTPProxy: get("HTTP_PROXY"), HTTPSProxy: get("HTTPS_PROXY"), NoProxy: get("NO_PROXY")}).ProxyFunc()
	return func(r *http.Request) (*url.URL, error) { return pick(r.URL) }
}

// envProxyProblem says when the proxy the environment names for webhook
// URL u (HTTPS_PROXY, HTTP_PROXY, or their lower-case spellings; none
// when NO_PROXY names its host) does not parse as a URL, naming the
// variable and never its value, which holds the proxy's password. Go
// takes such a value for another (a password with "^", "|" or a space
// makes "http:" the proxy's host) or for none (a bare "%": the post goes
// directly), so the post fails on a proxy nobody set, or bypasses the
// office's, and nothing names the variable; the channel is not used
// until it is fixed, and its nudges go by mail.
func (a *App) envProxyProblem(key string, u *url.URL) error {
	name := a.envProxyUnparsed(u)
	if name == "" {
		return nil
	}
	return keepwarm.Errorf(keepwarm.EINVALID, "%s: the environment's %s, the proxy this channel would post through, does not parse as a URL (%s): fix it, or set the channel's proxy", key, name, envProxyHint)
}

// envProxyHint is what most often makes the environment's proxy not parse.
const envProxyHint = "a character in its user or password needs %-encoding, such as %25 for %, %5E for ^, %7C for |?"

// envProxyUnparsed is the variable (HTTPS_PROXY, HTTP_PROXY, or a
// lower-case spelling) naming the proxy a request to u would go through
// when its value does not parse as a URL; "" when it parses, is unset, or
// is not used for u (NO_PROXY names its host, or u is the loopback).
func (a *App) envProxyUnparsed(u *url.URL) string {
	name := "HTTPS_PROXY"
	if u.Scheme == "http" {
		name = "HTTP_PROXY"
	}
	v := a.getenv(name)
	if v == "" {
		name = strings.ToLower(name)
		v = a.getenv(name)
	}
	if v == "" {
		return ""
	}
	// As Go reads it: a value without a scheme is an http:// proxy.
	written := v
	if !strings.Contains(v, "://") {
		written = "http://" + v
	}
	if pu, err := url.Parse(written); err == nil && pu.Host != "" {
		return ""
	}
	// Not used for u's host when NO_PROXY names it (or u is the loopback).
	probe := httpproxy.Config{HTTPProxy: "http://proxy.invalid", HTTPSProxy: "http://proxy.invalid", NoProxy: a.getenv("NO_PROXY")}
	if probe.NoProxy == "" {
		probe.NoProxy = a.getenv("no_proxy")
	}
	if via, err := probe.ProxyFunc()(u); err == nil && via == nil {
		return ""
	}
	return name
}

func (a *App) getenv(name string) string {
	if a.Getenv == nil {
		return os.Getenv(name)
	}
	return a.Getenv(name)
}

func secretSource(cc config.ChannelConfig) string {
	if cc.URLEnv != "" {
		return "$" + cc.URLEnv
	}
	return "url_cmd"
}

func loopbackHost(h string) bool {
	return h == "localhost" || h == "127.0.0.1" || h == "::1"
}

// NewChat builds the chat dispatcher over ChatChannels with opt (its
// Precheck each item's last look before it is posted, Settled told of the
// items that end failed or uncertain, Late of those a channel keeps
// refusing for now); nil when no channel is configured.
func (a *App) NewChat(ctx context.Context, opt chat.Options) (*chat.Dispatcher, error) {
	if len(a.Cfg.Notify.Channels) == 0 {
		return nil, nil
	}
	chans, err := a.ChatChannels(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range chans {
		if c.Unusable != nil {
			a.Log.Error("chat channel cannot be used as configured: its nudges go by mail from [notify] instead, when it is set; the other channels and the mailboxes go on",
				"channel", c.Name, "err", c.Unusable)
		}
	}
	return chat.NewDispatcher(a.DB, chans, a.Clock, a.Log.With("part", "chat"), opt), nil
}

// settleStuckChat marks uncertain the chat posts left in sending (a crash
// while posting) when no chat dispatcher runs to do it (no channel is
// configured any more), saying so on each, and tells settled of them.
func (a *App) settleStuckChat(ctx context.Context, settled func(context.Context, []keepwarm.OutboxItem, keepwarm.OutboxStatus, string)) error {
	stuck, err := a.DB.StuckChat(ctx)
	if err != nil || len(stuck) == 0 {
		return err
	}
	const reason = "interrupted while posting to a chat channel no longer configured ([[notify.channel]]): it may or may not have arrived; not posted again"
	var done []keepwarm.OutboxItem
	for _, it := range stuck {
		if err := a.DB.MarkUncertain(ctx, it.ID, reason); err != nil {
			return err
		}
		a.Log.Warn("chat post interrupted, its channel no longer configured: marked uncertain", "outbox", it.ID, "key", it.Key, "channel", it.Mailbox)
		done = append(done, it)
	}
	settled(ctx, done, keepwarm.OutboxUncertain, "interrupted while posting")
	return nil
}

// notifyTargets is every salesperson's notify list for the reply watch,
// and the manager's ([team] notify) when they are not a salesperson.
func (a *App) notifyTargets() map[string][]sequences.NotifyTarget {
	out := map[string][]sequences.NotifyTarget{}
	for _, s := range a.Cfg.Salespeople {
		for _, t := range s.NotifyTargets() {
			out[s.Email] = append(out[s.Email], sequences.NotifyTarget{Channel: t.Channel, Mention: t.Mention})
		}
	}
	if m := a.Cfg.Team.Manager; m != "" && a.Cfg.Team.Notify != nil {
		if _, isSales := a.Cfg.ManagerSalesperson(); !isSales {
			for _, t := range a.Cfg.ManagerNotifyTargets() {
				out[m] = append(out[m], sequences.NotifyTarget{Channel: t.Channel, Mention: t.Mention})
			}
		}
	}
	return out
}

// FailOrphans marks failed what waits in the outbox for a sender no longer
// configured, a [[notify.channel]] renamed or removed, [notify] removed, or
// a [[mailbox]] removed or left without its smtp_url (a salesperson who
// left), saying so on each item: no dispatcher takes them any more, and
// failed they are reported (the digest, keepwarm outbox; a follow-up step's
// enrollment stops saying why) instead of waiting for ever, or going out
// weeks late if the mailbox comes back. It returns how many it marked.
func (a *App) FailOrphans(ctx context.Context) (int, error) {
	mailboxes, err := a.DB.QueuedMailboxes(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, mb := range mailboxes {
		var reason string
		if ch, ok := keepwarm.ChatChannelOf(mb); ok {
			if _, configured := a.Cfg.Channel(ch); configured {
				continue
			}
			reason = fmt.Sprintf("channel %s is no longer configured ([[notify.channel]]): not posted", ch)
		} else if mb == config.NotifyMailbox {
			if a.Cfg.Notify.Enabled() {
				continue
			}
			reason = "[notify] is no longer configured: not sent"
		} else if mbc, ok := a.Cfg.Mailbox(mb); !ok {
			reason = fmt.Sprintf("mailbox %s is no longer configured ([[mailbox]]): not sent", mb)
		} else if mbc.SMTPURL == "" {
			reason = fmt.Sprintf("mailbox %s has no smtp_url any more: not sent", mb)
		} else {
			continue
		}
		n, err := a.DB.FailQueued(ctx, mb, reason)
		if err != nil {
			return total, err
		}
		if n > 0 {
			a.Log.Warn("queued sends marked failed: their sender is no longer configured", "mailbox", mb, "items", n, "reason", reason)
		}
		total += n
	}
	return total, nil
}

// OriginAlert marks the chat items that tell the team about keepwarm
// itself, not about a customer.
const OriginAlert = "alert"

// notifyAlert tells every chat channel, once a day each, that a mail from
// the [notify] sender failed for good (a revoked password, SMTP AUTH
// turned off): the nudges, digests and summaries it sends stop reaching
// anyone, and the digest that would say so goes through the same sender.
// It reports whether it queued any.
func (a *App) notifyAlert(ctx context.Context, item keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string) (bool, error) {
	if item.Mailbox != config.NotifyMailbox || status != keepwarm.OutboxFailed || len(a.Cfg.Notify.Channels) == 0 {
		return false, nil
	}
	return a.alertChats(ctx, "keepwarm: mail from [notify] failed", reason, reason, "mail from [notify] failed: the team chat is told")
}

// notifyOffAlert tells every team chat, once a day as notifyAlert does,
// that the [notify] sender cannot be used as configured (a password, proxy
// password or CA file that cannot be read): its mail (digests, nudges by
// mail, the weekly summary) waits queued, which no failed item would
// report, and the digest that would say so waits with it.
func (a *App) notifyOffAlert(ctx context.Context, off error) (bool, error) {
	if off == nil || len(a.Cfg.Notify.Channels) == 0 {
		return false, nil
	}
	text := fmt.Sprintf("[notify] cannot be used as configured: %v; digests, the weekly summary and nudges by mail wait queued until it is fixed", off)
	// The chat's words say the mail from [notify] failed; this says why.
	alert := fmt.Sprintf("%v (it waits queued)", off)
	return a.alertChats(ctx, "keepwarm: [notify] cannot be used", text, alert, "[notify] cannot be used: the team chat is told")
}

// alertChats queues an alert to each chat robot for the manager (text
// for the outbox, alert the chat note's line), under one key a day per
// channel shared by the [notify] alerts. Channels posting to one robot
// (one per language, say) are one group chat: it is told once, under the
// first of them.
func (a *App) alertChats(ctx context.Context, subject, text, alert, logMsg string) (bool, error) {
	robots, err := a.chatRobots(ctx)
	if err != nil {
		return false, err
	}
	told := map[string]bool{}
	now := a.Clock.Now()
	from := keepwarm.Address{Name: a.Cfg.Notify.FromName, Email: a.Cfg.Notify.From}
	_, domain, _ := strings.Cut(from.Email, "@")
	// For whom: the manager, who can have [notify] fixed.
	to := a.Cfg.Team.Manager
	if to == "" {
		to = from.Email
	}
	queued := false
	for _, ch := range a.Cfg.Notify.Channels {
		if r := robots[ch.Name]; r != "" {
			if told[r] {
				continue
			}
			told[r] = true
		}
		it := keepwarm.OutboxItem{
			Key: fmt.Sprintf("alert:notify:%s:%s", now.UTC().Format("2006-01-02"), ch.Name), MessageID: keepwarm.NewMessageID(domain),
			Mailbox: keepwarm.ChatMailbox(ch.Name), From: from, To: []keepwarm.Address{{Email: to}}, Subject: subject, Text: text,
			Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: OriginAlert,
			Chat: &keepwarm.ChatNote{Channel: ch.Name, Alert: alert},
		}
		_, created, err := a.DB.Enqueue(ctx, it)
		if err != nil {
			return queued, err
		}
		if created {
			queued = true
			a.Log.Warn(logMsg, "channel", ch.Name, "err", text)
		}
	}
	return queued, nil
}
