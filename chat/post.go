package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// Outcome is what became of a post.
type Outcome int

const (
	// Delivered: the platform accepted the message.
	Delivered Outcome = iota
	// Retry: refused for now (5xx, 429, a platform's "too fast" code, or no
	// connection before the request was written): try again later.
	Retry
	// Failed: refused for good (a bad URL, token or signature).
	Failed
	// Uncertain: the request went out but no answer came: it may have
	// arrived. Never sent again automatically.
	Uncertain
)

// PostError says why a post did not deliver, and when to try again.
type PostError struct {
	Outcome Outcome
	After   time.Duration // Retry: the platform's Retry-After or rate window; 0 = the dispatcher's backoff
	Reason  string        // never the URL or the secret
}

func (e *PostError) Error() string { return e.Reason }

// Post sends notes to the channel as one message, signed at now, and
// blocks until the platform answered or the client's timeout passed. It
// returns nil when the platform accepted the message, else a *PostError.
func (c *Channel) Post(ctx context.Context, ns []keepwarm.ChatNote, now time.Time) error {
	msg, err := c.render(ns, now)
	if err != nil {
		return &PostError{Outcome: Failed, Reason: err.Error()}
	}
	return c.post(ctx, msg, now)
}

func (c *Channel) post(ctx context.Context, msg message, now time.Time) error {
	wrote := false
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) { wrote = wrote || i.Err == nil },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, msg.url, bytes.NewReader(msg.body))
	if err != nil {
		return &PostError{Outcome: Failed, Reason: fmt.Sprintf("channel %s: the webhook URL does not parse", c.Name)}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "keepwarm")
	for k, v := range msg.header {
		req.Header.Set(k, v)
	}
	client := c.Client
	if client == nil {
		client = NewClient(0, nil)
	}
	resp, err := client.Do(req)
	if err != nil {
		reason := fmt.Sprintf("channel %s: %s", c.Name, redact(err))
		if wrote {
			return &PostError{Outcome: Uncertain, Reason: reason + " (after the request was sent: it may have arrived)"}
		}
		return &PostError{Outcome: Retry, Reason: reason}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return c.judge(resp, body, now)
}

// redact drops the URL (which holds the robot's token) from an HTTP error.
func redact(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// judge reads a platform's answer. WeCom, DingTalk and Feishu answer 200
// with an error code in the body, their rate limits included.
func (c *Channel) judge(resp *http.Response, body []byte, now time.Time) error {
	short := strings.TrimSpace(keepwarm.ClipLine(string(body), 200))
	fail := func(o Outcome, after time.Duration, format string, args ...any) error {
		return &PostError{Outcome: o, After: after, Reason: fmt.Sprintf("channel %s: ", c.Name) + fmt.Sprintf(format, args...)}
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return fail(Retry, retryAfter(resp.Header.Get("Retry-After"), time.Minute, now), "429 too many requests")
	case resp.StatusCode >= 500:
		return fail(Retry, retryAfter(resp.Header.Get("Retry-After"), 0, now), "%d from the platform: %s", resp.StatusCode, short)
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
		case code == 45009 || code == 130101: // WeCom / DingTalk: sent too fast
			return fail(Retry, time.Minute, "rate limited (errcode %d: %s)", code, r.ErrMsg)
		case code == -1: // system busy
			return fail(Retry, 0, "platform busy (errcode -1: %s)", r.ErrMsg)
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
		switch code {
		case 0:
			return nil
		case 9499, 11232, 11233: // too many requests
			return fail(Retry, time.Second, "rate limited (code %d: %s)", code, r.Msg)
		default:
			return fail(Failed, 0, "refused (code %d: %s)", code, r.Msg)
		}
	}
	return nil // Slack answers "ok"; a generic webhook any 2xx
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
