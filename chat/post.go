package chat

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"keepwarm"
)

// Outcome is what became of a post.
type Outcome int

const (
	// Delivered: the platform accepted the message.
	Delivered Outcome = iota
	// Retry: refused for now (503 and other 5xx but 500, 502 and 504; 429;
	// a platform's "too fast" code; or no connection before the request
	// was written): try again later.
	Retry
	// Failed: refused for good (a bad URL, token or signature).
	Failed
	// Uncertain: the request went out but no answer came, or a gateway's
	// 500, 502 or 504: it may have arrived. Never sent again automatically.
	Uncertain
	// TooLong: the message is over the platform's size limit (measured
	// before posting, or the platform's own "too long" answer): post its
	// nudges again, fewer to a message, a single one clipped shorter.
	TooLong
)

// PostError says why a post did not deliver, and when to try again.
type PostError struct {
	Outcome Outcome
	After   time.Duration // Retry: the platform's Retry-After or rate window; 0 = the dispatcher's backoff
	Reason  string        // never the URL or the secret
	Size    int           // TooLong: the bytes of the refused message, as the platform counts them
	// Cause is what failed before the post reached the platform (Retry
	// only), for advice: waiting clears none of them but a DNS hiccup.
	Cause Cause
	// Via names the proxy the environment sent the post through
	// ("HTTPS_PROXY proxy.corp:3128", see Route), "" for none: a proxy
	// set for other programs is not taken for the robot's fault.
	Via string
	// Quota: the robot's call quota is spent (DingTalk's 90030), which
	// comes back with the quota's period, not after After: the
	// dispatcher tries again then, and check names no time.
	Quota bool
	// Signature: a signed DingTalk or Feishu robot refused the signature
	// (DingTalk's 310000 "sign not match", Feishu's 19021 "sign match
	// fail or timestamp is not within one hour"), which is a wrong secret
	// or a timestamp more than an hour off the platform's clock: the
	// words are the same. ClockRead says the answer's Date was read
	// against this machine's clock (Wall, when it signed); ClockOff is
	// how far ahead of the platform's (behind, when negative) this
	// machine's clock is when that is more than the platform allows, else
	// 0: then the clock, not the secret, is the cause.
	Signature bool
	ClockRead bool
	ClockOff  time.Duration
	Wall      time.Time
}

// clockSlack is how far off the platform's clock a signature may be made:
// DingTalk and Feishu take one within an hour. A minute is kept for the
// answer's Date, in whole seconds, and the time on the way.
const clockSlack = time.Hour - time.Minute

// Cause is what stood between keepwarm and the platform.
type Cause int

const (
	// NoCause: the platform answered, or nothing more is known.
	NoCause Cause = iota
	// CauseHost: the webhook URL's host could not be looked up (a typo
	// in it, or this machine's DNS).
	CauseHost
	// CauseTLS: the platform's certificate was not trusted (a
	// TLS-inspecting proxy in between: chat trusts the system's CAs and
	// [notify]'s tls_ca_file).
	CauseTLS
	// CauseProxy: the proxy (the channel's, [notify]'s, or HTTPS_PROXY
	// from the environment) could not be reached or refused (its login,
	// or the connection to the robot's host).
	CauseProxy
)

// causeOf reads what failed before a request was written, proxied
// telling whether the environment's proxy carried it: Go reports a
// CONNECT the proxy refused (407, 403, 502) by its status text alone,
// and a proxy's own name not found as the host's.
func causeOf(err error, proxied bool) Cause {
	var pe *proxyError
	var de *net.DNSError
	var ce *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ie x509.CertificateInvalidError
	var oe *net.OpError
	switch {
	case errors.As(err, &pe), errors.As(err, &oe) && oe.Op == "proxyconnect":
		return CauseProxy
	case errors.As(err, &ce), errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ie):
		return CauseTLS
	case proxied && !errors.Is(err, context.Canceled):
		return CauseProxy
	case errors.As(err, &de):
		return CauseHost
	}
	return NoCause
}

func (e *PostError) Error() string { return e.Reason }

// Post sends notes to the channel as one message, their waiting time
// counted to now (signed at the real time, Channel.Wall), and
// blocks until the platform answered or the client's timeout passed. It
// returns nil when the platform accepted the message, else a *PostError.
// A single nudge too long for the platform is clipped to fit (its excerpt
// first, then its subject and names); several that do not fit together
// are not posted (TooLong: post fewer at a time).
func (c *Channel) Post(ctx context.Context, ns []keepwarm.ChatNote, now time.Time) error {
	_, err := c.postWithin(ctx, ns, now, 0)
	return err
}

// PostAnswered is Post that also says how the platform answered (check's
// test message tells a Teams flow's 202 from a card posted); the answer
// is zero when the platform was not reached.
func (c *Channel) PostAnswered(ctx context.Context, ns []keepwarm.ChatNote, now time.Time) (Answer, error) {
	return c.postWithin(ctx, ns, now, 0)
}

// postWithin is Post with a budget of bytes below the platform's limit
// (0 = none): a platform that refused a message as too long although
// keepwarm measured it within the limit counts differently.
func (c *Channel) postWithin(ctx context.Context, ns []keepwarm.ChatNote, now time.Time, budget int) (Answer, error) {
	msg, err := c.compose(ns, now, budget)
	if err != nil {
		return Answer{}, &PostError{Outcome: Failed, Reason: err.Error()}
	}
	if len(ns) > 1 && !msg.fits(budget) {
		limit := msg.limit
		if budget > 0 && budget < limit {
			limit = budget
		}
		return Answer{}, &PostError{Outcome: TooLong, Size: msg.size, Reason: fmt.Sprintf("channel %s: %d nudges make %d bytes, over the limit of %d: posted fewer at a time", c.Name, len(ns), msg.size, limit)}
	}
	a, err := c.post(ctx, msg)
	var pe *PostError
	if errors.As(err, &pe) && pe.Outcome == TooLong && pe.Size == 0 {
		pe.Size = msg.size
	}
	return a, err
}

// compose renders notes at now; a single note over the limit (or budget)
// is clipped step by step until it fits, or as short as it goes.
func (c *Channel) compose(ns []keepwarm.ChatNote, now time.Time, budget int) (message, error) {
	msg, err := c.render(ns, now)
	if err != nil || len(ns) != 1 || msg.fits(budget) {
		return msg, err
	}
	n := ns[0]
	for _, cut := range clips {
		if !cut(&n) {
			continue
		}
		if msg, err = c.render([]keepwarm.ChatNote{n}, now); err != nil || msg.fits(budget) {
			return msg, err
		}
	}
	return msg, nil
}

// clips shorten a note one step each, least needed first; false when the
// step changes nothing.
var clips = func() []func(*keepwarm.ChatNote) bool {
	excerpt := func(runes int) func(*keepwarm.ChatNote) bool {
		return func(n *keepwarm.ChatNote) bool {
			ex := strings.Join(excerptLines(n.Excerpt), " ")
			if utf8.RuneCountInString(ex) <= runes {
				return false
			}
			n.Excerpt = keepwarm.Clip(ex, runes)
			return true
		}
	}
	field := func(runes int, fs ...func(*keepwarm.ChatNote) *string) func(*keepwarm.ChatNote) bool {
		return func(n *keepwarm.ChatNote) bool {
			changed := false
			for _, f := range fs {
				if p := f(n); utf8.RuneCountInString(*p) > runes {
					*p, changed = keepwarm.Clip(*p, runes), true
				}
			}
			return changed
		}
	}
	subject := func(n *keepwarm.ChatNote) *string { return &n.Subject }
	names := []func(*keepwarm.ChatNote) *string{
		func(n *keepwarm.ChatNote) *string { return &n.Name }, func(n *keepwarm.ChatNote) *string { return &n.Company },
		func(n *keepwarm.ChatNote) *string { return &n.Contact }, func(n *keepwarm.ChatNote) *string { return &n.Title },
		func(n *keepwarm.ChatNote) *string { return &n.Customer },
	}
	return []func(*keepwarm.ChatNote) bool{
		excerpt(400), excerpt(200), excerpt(100), excerpt(40), excerpt(0),
		field(120, subject), field(60, names...), field(60, subject), field(30, names...), field(30, subject),
	}
}()

func (c *Channel) post(ctx context.Context, msg message) (Answer, error) {
	wrote := false
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) { wrote = wrote || i.Err == nil },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, msg.url, bytes.NewReader(msg.body))
	if err != nil {
		return Answer{}, &PostError{Outcome: Failed, Reason: fmt.Sprintf("channel %s: the webhook URL does not parse", c.Name)}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "keepwarm")
	for k, v := range msg.header {
		req.Header.Set(k, v)
	}
	client := c.Client
	if client == nil {
		client = NewClient(0, nil, nil, nil)
	}
	resp, err := client.Do(req)
	if err != nil {
		reason := fmt.Sprintf("channel %s: %s", c.Name, redact(err))
		via := Route(client, msg.url)
		if via != "" {
			reason += " (through " + via + ")"
		}
		if wrote {
			return Answer{}, &PostError{Outcome: Uncertain, Via: via, Reason: reason + " (after the request was sent: it may have arrived)"}
		}
		return Answer{}, &PostError{Outcome: Retry, Reason: reason, Via: via, Cause: causeOf(err, via != "")}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	a := Answer{Status: resp.StatusCode}
	a.Queued = c.Kind == Teams && resp.StatusCode == http.StatusAccepted && len(bytes.TrimSpace(body)) == 0
	return a, c.judge(resp, body, c.wall())
}

// Answer is how the platform answered a post.
type Answer struct {
	Status int
	// Queued: a Teams Workflows flow answered 202 with no body. It
	// answers so before it runs: the card can still fail inside the flow
	// (the owner's connection expired, the Flow bot not allowed in the
	// channel, a mention of someone not in the team), which shows only in
	// the flow's run history. keepwarm counts it posted, as it cannot
	// know more; an incoming webhook's 200 "1" is the post itself.
	Queued bool
}

// redact drops the URL (which holds the robot's token) from an HTTP error.
func redact(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// dingTalkThrottle is how long DingTalk refuses every post of a robot
// that sent more than 20 messages in a minute ("限流10分钟"): posts in
// between are refused again, each using up a try.
const dingTalkThrottle = 10 * time.Minute

// judge reads a platform's answer, a Retry-After date against the real
// time now. WeCom, DingTalk and Feishu answer 200
// with an error code in the body, their rate limits included.
func (c *Channel) judge(resp *http.Response, body []byte, now time.Time) error {
	short := strings.TrimSpace(keepwarm.ClipLine(string(body), 200))
	fail := func(o Outcome, after time.Duration, format string, args ...any) error {
		return &PostError{Outcome: o, After: after, Reason: fmt.Sprintf("channel %s: ", c.Name) + fmt.Sprintf(format, args...)}
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return fail(Retry, retryAfter(resp.Header.Get("Retry-After"), time.Minute, now), "429 too many requests")
	case resp.StatusCode == http.StatusInternalServerError || resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout:
		// The platform's front end (a gateway, a company relay) answers
		// these after passing the post on, which the robot may have posted
		// to the group: never posted again, as a post without an answer.
		return fail(Uncertain, 0, "the platform's gateway answered %d: it may have arrived (%s)", resp.StatusCode, short)
	case resp.StatusCode >= 500:
		return fail(Retry, retryAfter(resp.Header.Get("Retry-After"), 0, now), "%d from the platform: %s", resp.StatusCode, short)
	case resp.StatusCode == http.StatusRequestEntityTooLarge || resp.StatusCode == http.StatusBadRequest && tooLong(c.Kind, 0, strings.ReplaceAll(short, "_", " ")):
		return fail(TooLong, 0, "%d from the platform: %s", resp.StatusCode, short)
	case resp.StatusCode >= 300:
		return fail(Failed, 0, "%d from the platform: %s", resp.StatusCode, short)
	}
	var r struct {
		ErrCode    *int   `json:"errcode"`
		ErrMsg     string `json:"errmsg"`
		Code       *int   `json:"code"`
		Msg        string `json:"msg"`
		StatusCode *int   `json:"StatusCode"`
	}
	switch c.Kind {
	case WeCom, DingTalk:
		if err := json.Unmarshal(body, &r); err != nil || r.ErrCode == nil {
			return fail(Failed, 0, "unexpected answer: %s", short)
		}
		switch code := *r.ErrCode; {
		case code == 0:
			return nil
		case tooLong(c.Kind, code, r.ErrMsg):
			return fail(TooLong, 0, "too long for the platform (errcode %d: %s)", code, r.ErrMsg)
		case code == 90030 || c.Kind == DingTalk && overQuota(r.ErrMsg): // DingTalk: "webhook over limit", the robot's call quota spent
			err := fail(Retry, quotaBlock, "over the robot's call quota: blocked for now, the URL is fine (errcode %d: %s)", code, r.ErrMsg)
			err.(*PostError).Quota = true
			return err
		case code == 45009, c.Kind == WeCom && (code == 45011 || overQuota(r.ErrMsg)): // WeCom: sent too fast; 45011 "api minute-quota reach limit", a minute's quota
			return fail(Retry, time.Minute, "rate limited (errcode %d: %s)", code, r.ErrMsg)
		case code == 130101: // DingTalk: more than 20 in a minute throttles the robot for 10 minutes
			return fail(Retry, dingTalkThrottle, "rate limited for 10 minutes (errcode %d: %s)", code, r.ErrMsg)
		case rateLimited(r.ErrMsg): // "发送速度太快而限流", "too fast"
			after := time.Minute
			if c.Kind == DingTalk {
				after = dingTalkThrottle
			}
			return fail(Retry, after, "rate limited (errcode %d: %s)", code, r.ErrMsg)
		case code == -1: // system busy
			return fail(Retry, 0, "platform busy (errcode -1: %s)", r.ErrMsg)
		case c.Kind == DingTalk && code == 310000 && signWords(r.ErrMsg):
			return c.signRefused(resp, now, fail(Failed, 0, "refused (errcode %d: %s)", code, r.ErrMsg))
		default:
			return fail(Failed, 0, "refused (errcode %d: %s)", code, r.ErrMsg)
		}
	case Feishu:
		if err := json.Unmarshal(body, &r); err != nil || (r.Code == nil && r.StatusCode == nil) {
			return fail(Failed, 0, "unexpected answer: %s", short)
		}
		code := 0
		if r.Code != nil {
			code = *r.Code
		} else {
			code = *r.StatusCode
		}
		switch {
		case code == 0:
			return nil
		case tooLong(c.Kind, code, r.Msg):
			return fail(TooLong, 0, "too long for the platform (code %d: %s)", code, r.Msg)
		case code == 9499 || code == 11232 || code == 11233: // too many requests
			return fail(Retry, time.Second, "rate limited (code %d: %s)", code, r.Msg)
		case code == 99991400 || rateLimited(r.Msg): // the open platform's "request trigger frequency limit"; "too fast", "限流" under a code keepwarm does not know
			return fail(Retry, time.Minute, "rate limited (code %d: %s)", code, r.Msg)
		case code == 19021 || signWords(r.Msg): // "sign match fail or timestamp is not within one hour from current time"
			return c.signRefused(resp, now, fail(Failed, 0, "refused (code %d: %s)", code, r.Msg))
		default:
			return fail(Failed, 0, "refused (code %d: %s)", code, r.Msg)
		}
	case Teams:
		// A Workflows flow answers 202 with no body; an older incoming
		// webhook 200 "1", or 200 with the failure in words.
		if m := strings.ToLower(short); strings.Contains(m, "failed") || strings.Contains(m, "error") {
			// "... returned HTTP error 413 ...": the card too large, in
			// the same words as its 429. Only the error's code is read:
			// the ContextId after it (server=..., cv=...) may hold any
			// digits.
			if strings.Contains(m, "error 413") || tooLong(c.Kind, 0, m) {
				return fail(TooLong, 0, "too long for the platform: %s", short)
			}
			if strings.Contains(m, "error 429") || rateLimited(m) {
				return fail(Retry, time.Minute, "rate limited: %s", short)
			}
			return fail(Failed, 0, "refused: %s", short)
		}
	}
	return nil // Slack answers "ok"; Teams 202; a generic webhook any 2xx
}

// signWords reads a refusal as one of the signature or its timestamp
// ("sign not match", "invalid timestamp", "签名不匹配").
func signWords(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "sign") || strings.Contains(m, "timestamp") || strings.Contains(m, "签名") || strings.Contains(m, "时间戳")
}

// signRefused marks a signing robot's refusal of its signature (err, a
// PostError) as such and, when the answer is dated (every platform's
// server dates it), reads that date against this machine's clock at now:
// more than an hour apart, the clock is the cause, and the reason says so
// first. A robot keepwarm signs nothing for (no secret) is told to need
// one as before.
func (c *Channel) signRefused(resp *http.Response, now time.Time, err error) error {
	pe := err.(*PostError)
	if c.Secret == "" {
		return pe
	}
	pe.Signature, pe.Wall = true, now
	date, derr := http.ParseTime(resp.Header.Get("Date"))
	if derr != nil {
		return pe
	}
	pe.ClockRead = true
	off := now.Sub(date)
	if off.Abs() <= clockSlack {
		return pe
	}
	pe.ClockOff = off
	way := "ahead of"
	if off < 0 {
		way = "behind"
	}
	pe.Reason = fmt.Sprintf("channel %s: this machine's clock is %s %s the platform's (its answer is dated %s, this machine says %s), and the platform refuses a signature made more than an hour off its own time: %s",
		c.Name, keepwarm.ShortWait(off.Abs().Round(time.Minute)), way, date.UTC().Format("2006-01-02 15:04 UTC"), now.UTC().Format("2006-01-02 15:04 UTC"),
		strings.TrimPrefix(pe.Reason, "channel "+c.Name+": "))
	return pe
}

// quotaBlock is how long a robot over its call quota (DingTalk's 90030
// "webhook over limit") is not posted to: the quota comes back, so this is
// no refusal for good, but every post before then would be refused too.
// The dispatcher holds a block at most its longest backoff.
const quotaBlock = time.Hour

// overQuota reads a refusal as the robot's call quota spent.
func overQuota(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "over limit") || strings.Contains(m, "quota")
}

// rateLimited reads a refusal as "too fast", under a code keepwarm does
// not know: the URL is fine, the post goes again later.
func rateLimited(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "too fast") || strings.Contains(m, "freq") || strings.Contains(m, "rate limit") || strings.Contains(m, "限流") || strings.Contains(m, "频率")
}

// tooLong reads a platform's refusal as "the message is too long": WeCom
// 40058 "markdown.content exceed max length 4096" (40058 is also any other
// bad parameter: the words tell) and 45002 "content size out of limit",
// DingTalk 460101 "message too long", and any answer saying so.
func tooLong(kind string, code int, msg string) bool {
	m := strings.ToLower(msg)
	switch {
	case kind == WeCom && code == 45002, kind == DingTalk && code == 460101:
		return true
	case kind == WeCom && code == 40058:
		return strings.Contains(m, "length") || strings.Contains(m, "exceed") || strings.Contains(m, "too long")
	}
	return strings.Contains(m, "too long") || strings.Contains(m, "too large") || strings.Contains(m, "exceed max") || strings.Contains(m, "超过") || strings.Contains(m, "超出")
}

// retryAfter reads a Retry-After header (seconds, or an HTTP date read
// against now), else def.
func retryAfter(v string, def time.Duration, now time.Time) time.Duration {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return def
}
