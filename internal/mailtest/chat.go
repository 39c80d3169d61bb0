package mailtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// ChatServer stands in for a chat platform's incoming-webhook robot (WeCom,
// DingTalk, Feishu, Slack or a generic webhook). It checks each request as
// the platform would (the JSON shape, the size limit, DingTalk's and
// Feishu's signature, the generic webhook's HMAC), answers as the platform
// does, and records what it accepted.
type ChatServer struct {
	URL    string // the webhook URL, with a token in its path
	Kind   string
	Secret string // the signing secret checked, "" = none
	// Now is the platform's clock for the signature's freshness (DingTalk
	// refuses a timestamp more than an hour off); nil = no check.
	Now func() time.Time
	// Keyword, when set, is a DingTalk or Feishu robot's keyword
	// protection (自定义关键词): a message without it is refused.
	Keyword string
	// TeamsWebhook makes a teams stand-in an older incoming webhook,
	// answering 200 "1" to a card it posted (and 200 with the failure in
	// words to one too long), where a Workflows flow answers 202.
	TeamsWebhook bool
	// PerMinute, when set with Now, is the robot's rate limit as the
	// platform counts it: a request with PerMinute others in the minute
	// before it (by Now) is refused as too fast (DingTalk's 130101 "send
	// too fast, exceed 20 times per minute", WeCom's 45009), and counted
	// in Throttled.
	PerMinute int
	// OnRequest, when set, is called with each request's number (1 for
	// the first) before it is answered, outside the stand-in's lock: what
	// another process does meanwhile (keepwarm check --notify posting its
	// tests during a burst of the daemon's).
	OnRequest func(n int)

	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	posts    []ChatPost
	answers  []ChatAnswer
	requests int
	delay    time.Duration
	taken    []time.Time // by Now, the requests PerMinute counts
	refused  int
}

// ChatPost is one accepted message.
type ChatPost struct {
	Body     map[string]any
	Text     string   // every text the message shows, joined
	Mentions []string // the ids it @-mentions, as the platform would read them
}

// ChatAnswer scripts one answer: a status, a Retry-After, a body. The zero
// Status answers as the platform does on success.
type ChatAnswer struct {
	Status     int
	RetryAfter string
	Body       string
}

// NewChatServer starts a stand-in for kind on 127.0.0.1 until the test ends.
func NewChatServer(t testing.TB, kind, secret string) *ChatServer {
	t.Helper()
	c := &ChatServer{Kind: kind, Secret: secret, t: t}
	c.srv = httptest.NewServer(http.HandlerFunc(c.handle))
	t.Cleanup(c.srv.Close)
	c.URL = c.srv.URL + "/robot/send?access_token=tok-" + kind
	return c
}

// NewTLSChatServer is NewChatServer over https://, its certificate signed
// by an authority of its own, not the system's: caPEM is that authority,
// as a tls_ca_file holds it (the TLS-inspecting proxy of an office).
func NewTLSChatServer(t testing.TB, kind, secret string) (c *ChatServer, caPEM []byte) {
	t.Helper()
	c = &ChatServer{Kind: kind, Secret: secret, t: t}
	c.srv = httptest.NewTLSServer(http.HandlerFunc(c.handle))
	t.Cleanup(c.srv.Close)
	c.URL = c.srv.URL + "/robot/send?access_token=tok-" + kind
	return c, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.srv.Certificate().Raw})
}

// Script queues answers for the next requests, in order.
func (c *ChatServer) Script(a ...ChatAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answers = append(c.answers, a...)
}

// Delay makes every answer wait d after the request was read.
func (c *ChatServer) Delay(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.delay = d
}

// Posts returns the messages accepted so far.
func (c *ChatServer) Posts() []ChatPost {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]ChatPost(nil), c.posts...)
}

// Throttled counts the requests refused as over PerMinute.
func (c *ChatServer) Throttled() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refused
}

// Requests counts the requests received, accepted or not.
func (c *ChatServer) Requests() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requests
}

func (c *ChatServer) handle(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	c.mu.Lock()
	c.requests++
	var a ChatAnswer
	if len(c.answers) > 0 {
		a, c.answers = c.answers[0], c.answers[1:]
	}
	if c.PerMinute > 0 && c.Now != nil && a == (ChatAnswer{}) {
		// The platform counts every request to the robot, refused or
		// not, in the minute before it.
		now := c.Now()
		in := 0
		for _, at := range c.taken {
			if now.Sub(at) < time.Minute {
				in++
			}
		}
		c.taken = append(c.taken, now)
		if in >= c.PerMinute {
			c.refused++
			a.Body = `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`
			if c.Kind == "wecom" {
				a.Body = `{"errcode":45009,"errmsg":"api freq out of limit"}`
			}
		}
	}
	delay, n, hook := c.delay, c.requests, c.OnRequest
	c.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	if delay > 0 {
		time.Sleep(delay)
	}
	// The platform dates its answer by its clock; a stand-in with none
	// (Now nil) dates nothing, as keepwarm's clock in a test is any day.
	if c.Now != nil {
		w.Header().Set("Date", c.Now().UTC().Format(http.TimeFormat))
	} else {
		w.Header()["Date"] = nil
	}
	if err != nil || r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") ||
		r.URL.Query().Get("access_token") != "tok-"+c.Kind {
		c.t.Errorf("chat %s: bad request %s %s %q", c.Kind, r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if a.Status != 0 {
		if a.RetryAfter != "" {
			w.Header().Set("Retry-After", a.RetryAfter)
		}
		w.WriteHeader(a.Status)
		io.WriteString(w, a.Body)
		return
	}
	if a.Body != "" { // a platform's error in a 200
		io.WriteString(w, a.Body)
		return
	}
	post, problem := c.check(r, body)
	if problem == "" && c.Keyword != "" && !strings.Contains(post.Text, c.Keyword) {
		// Not a malformed request: the robot's setting; no complaint.
		c.refuseKeyword(w)
		return
	}
	if problem != "" {
		c.t.Errorf("chat %s: %s\n%s", c.Kind, problem, body)
		c.refuse(w, problem)
		return
	}
	c.mu.Lock()
	c.posts = append(c.posts, post)
	c.mu.Unlock()
	switch c.Kind {
	case "wecom", "dingtalk":
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	case "feishu":
		io.WriteString(w, `{"code":0,"data":{},"msg":"success"}`)
	case "slack":
		io.WriteString(w, "ok")
	case "teams":
		if c.TeamsWebhook {
			io.WriteString(w, "1")
			return
		}
		w.WriteHeader(http.StatusAccepted)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func (c *ChatServer) refuseKeyword(w http.ResponseWriter) {
	if c.Kind == "feishu" {
		io.WriteString(w, `{"code":19024,"msg":"Key Words Not Found"}`)
		return
	}
	io.WriteString(w, `{"errcode":310000,"errmsg":"keywords not in content"}`)
}

// refuse answers a bad request as the platform does: a message over its
// size limit with its own "too long" code, anything else as a refusal.
func (c *ChatServer) refuse(w http.ResponseWriter, why string) {
	if strings.Contains(why, "exceed max length") {
		switch c.Kind {
		case "wecom":
			fmt.Fprintf(w, `{"errcode":40058,"errmsg":%q}`, why)
		case "dingtalk":
			io.WriteString(w, `{"errcode":460101,"errmsg":"message too long, exceed 20000 bytes"}`)
		case "feishu":
			io.WriteString(w, `{"code":9499,"msg":"request body too large"}`)
		case "teams":
			if c.TeamsWebhook {
				io.WriteString(w, "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0,server=msgapi-production-weu-azsc2-1-60,cv=deadbeef.0.")
				return
			}
			http.Error(w, "request entity too large", http.StatusRequestEntityTooLarge)
		default:
			http.Error(w, "msg_too_long", http.StatusBadRequest)
		}
		return
	}
	// A signature or its timestamp refused: in the platform's words,
	// which are the same for both.
	sign := why == "sign does not match" || strings.HasPrefix(why, "timestamp")
	switch {
	case sign && c.Kind == "dingtalk":
		io.WriteString(w, `{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}`)
	case sign && c.Kind == "feishu":
		io.WriteString(w, `{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}`)
	case c.Kind == "wecom", c.Kind == "dingtalk":
		fmt.Fprintf(w, `{"errcode":310000,"errmsg":%q}`, why)
	case c.Kind == "feishu":
		fmt.Fprintf(w, `{"code":19021,"msg":%q}`, why)
	default:
		http.Error(w, "invalid_payload", http.StatusBadRequest)
	}
}

var (
	wecomAt = regexp.MustCompile(`<@([^>\s]+)>`)
	slackAt = regexp.MustCompile(`<@([UW][A-Z0-9]+)>`)
)

// check reads a request as the platform would; problem is "" when it is
// acceptable.
func (c *ChatServer) check(r *http.Request, raw []byte) (post ChatPost, problem string) {
	if err := json.Unmarshal(raw, &post.Body); err != nil {
		return post, "body is not a JSON object: " + err.Error()
	}
	b := post.Body
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	obj := func(m map[string]any, k string) map[string]any { o, _ := m[k].(map[string]any); return o }
	strs := func(v any) []string {
		var out []string
		l, _ := v.([]any)
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	switch c.Kind {
	case "wecom":
		switch str(b, "msgtype") {
		case "markdown":
			content := str(obj(b, "markdown"), "content")
			if content == "" {
				return post, "markdown.content empty"
			}
			if len(content) > 4096 {
				return post, fmt.Sprintf("markdown.content exceed max length 4096 (%d bytes)", len(content))
			}
			post.Text = content
			for _, m := range wecomAt.FindAllStringSubmatch(content, -1) {
				post.Mentions = append(post.Mentions, m[1])
			}
		case "text":
			t := obj(b, "text")
			content := str(t, "content")
			if content == "" {
				return post, "text.content empty"
			}
			if len(content) > 2048 {
				return post, fmt.Sprintf("text.content exceed max length 2048 (%d bytes)", len(content))
			}
			post.Text = content
			post.Mentions = append(strs(t["mentioned_list"]), strs(t["mentioned_mobile_list"])...)
		default:
			return post, "msgtype is neither markdown nor text"
		}
	case "dingtalk":
		if c.Secret != "" {
			ts, sign := r.URL.Query().Get("timestamp"), r.URL.Query().Get("sign")
			m := hmac.New(sha256.New, []byte(c.Secret))
			m.Write([]byte(ts + "\n" + c.Secret))
			if sign == "" || sign != base64.StdEncoding.EncodeToString(m.Sum(nil)) {
				return post, "sign does not match"
			}
			if ms, err := strconv.ParseInt(ts, 10, 64); err != nil || c.Now != nil && absDur(c.Now().Sub(time.UnixMilli(ms))) > time.Hour {
				return post, "timestamp missing or more than an hour off"
			}
		}
		md := obj(b, "markdown")
		if str(b, "msgtype") != "markdown" || str(md, "title") == "" || str(md, "text") == "" {
			return post, "want msgtype markdown with a title and a text"
		}
		if n := len(str(md, "title")) + len(str(md, "text")); n > 20000 {
			return post, fmt.Sprintf("markdown exceed max length 20000 (%d bytes)", n)
		}
		post.Text = str(md, "title") + "\n" + str(md, "text")
		at := obj(b, "at")
		post.Mentions = append(strs(at["atUserIds"]), strs(at["atMobiles"])...)
		for _, m := range post.Mentions {
			if !strings.Contains(str(md, "text"), "@"+m) {
				return post, "mention " + m + " is not written as @" + m + " in the text"
			}
		}
	case "feishu":
		if c.Secret != "" {
			ts, sign := str(b, "timestamp"), str(b, "sign")
			m := hmac.New(sha256.New, []byte(ts+"\n"+c.Secret))
			if sign == "" || sign != base64.StdEncoding.EncodeToString(m.Sum(nil)) {
				return post, "sign does not match"
			}
			if s, err := strconv.ParseInt(ts, 10, 64); err != nil || c.Now != nil && absDur(c.Now().Sub(time.Unix(s, 0))) > time.Hour {
				return post, "timestamp missing or more than an hour off"
			}
		}
		if str(b, "msg_type") != "post" {
			return post, "want msg_type post"
		}
		if len(raw) > 20<<10 {
			return post, fmt.Sprintf("request body exceed max length 20 KB (%d bytes)", len(raw))
		}
		zh := obj(obj(obj(b, "content"), "post"), "zh_cn")
		paras, _ := zh["content"].([]any)
		if str(zh, "title") == "" || len(paras) == 0 {
			return post, "post without a title or content"
		}
		texts := []string{str(zh, "title")}
		for _, p := range paras {
			els, _ := p.([]any)
			for _, e := range els {
				el, _ := e.(map[string]any)
				switch str(el, "tag") {
				case "text":
					texts = append(texts, str(el, "text"))
				case "a":
					texts = append(texts, str(el, "text")+" "+str(el, "href"))
				case "at":
					post.Mentions = append(post.Mentions, str(el, "user_id"))
				default:
					return post, "unknown post element " + str(el, "tag")
				}
			}
		}
		post.Text = strings.Join(texts, "\n")
	case "slack":
		blocks, _ := b["blocks"].([]any)
		if str(b, "text") == "" || len(blocks) == 0 || len(blocks) > 50 {
			return post, "want a text and 1 to 50 blocks"
		}
		texts := []string{str(b, "text")}
		for _, x := range blocks {
			bl, _ := x.(map[string]any)
			t := obj(bl, "text")
			if utf8.RuneCountInString(str(t, "text")) > 3000 {
				return post, "a block's text is over 3000 characters"
			}
			texts = append(texts, str(t, "text"))
			for _, m := range slackAt.FindAllStringSubmatch(str(t, "text"), -1) {
				post.Mentions = append(post.Mentions, m[1])
			}
		}
		post.Text = strings.Join(texts, "\n")
	case "teams":
		return c.checkTeams(raw, b)
	default: // generic webhook
		if c.Secret != "" {
			ts := r.Header.Get("X-Keepwarm-Timestamp")
			m := hmac.New(sha256.New, []byte(c.Secret))
			m.Write([]byte(ts + "."))
			m.Write(raw)
			if r.Header.Get("X-Keepwarm-Signature") != "sha256="+hex.EncodeToString(m.Sum(nil)) {
				return post, "X-Keepwarm-Signature does not match"
			}
		}
		nudges, _ := b["nudges"].([]any)
		if str(b, "type") != "keepwarm.nudges" || b["version"] != float64(1) || len(nudges) == 0 {
			return post, "want type keepwarm.nudges, version 1 and nudges"
		}
		post.Text = str(b, "text")
		for _, n := range nudges {
			post.Mentions = append(post.Mentions, strs(n.(map[string]any)["mentions"])...)
		}
	}
	return post, ""
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

var teamsAt = regexp.MustCompile(`<at>([^<]+)</at>`)

// checkTeams reads a Microsoft Teams webhook message: one Adaptive Card
// attachment of known elements (TextBlock, FactSet, ActionSet with
// Action.OpenUrl), under 28 KB, each <at>id</at> in its text with a
// mention entity for id.
func (c *ChatServer) checkTeams(raw []byte, b map[string]any) (post ChatPost, problem string) {
	post.Body = b
	if len(raw) > 28<<10 {
		return post, fmt.Sprintf("card exceed max length 28 KB (%d bytes)", len(raw))
	}
	atts, _ := b["attachments"].([]any)
	if b["type"] != "message" || len(atts) != 1 {
		return post, "want type message with one attachment"
	}
	att, _ := atts[0].(map[string]any)
	card, _ := att["content"].(map[string]any)
	if att["contentType"] != "application/vnd.microsoft.card.adaptive" || card["type"] != "AdaptiveCard" || card["version"] == nil {
		return post, "the attachment is not an Adaptive Card"
	}
	elems, _ := card["body"].([]any)
	if len(elems) == 0 {
		return post, "the card has no body"
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	var texts []string
	for _, e := range elems {
		el, _ := e.(map[string]any)
		switch str(el, "type") {
		case "TextBlock":
			texts = append(texts, str(el, "text"))
		case "FactSet":
			facts, _ := el["facts"].([]any)
			for _, f := range facts {
				fm, _ := f.(map[string]any)
				texts = append(texts, str(fm, "title")+": "+str(fm, "value"))
			}
		case "ActionSet":
			acts, _ := el["actions"].([]any)
			for _, a := range acts {
				am, _ := a.(map[string]any)
				if str(am, "type") != "Action.OpenUrl" || str(am, "url") == "" {
					return post, "an action that is not Action.OpenUrl with a url"
				}
				texts = append(texts, str(am, "title")+" "+str(am, "url"))
			}
		default:
			return post, "unknown card element " + str(el, "type")
		}
	}
	post.Text = strings.Join(texts, "\n")
	entities := map[string]string{}
	if ms, ok := card["msteams"].(map[string]any); ok {
		es, _ := ms["entities"].([]any)
		for _, e := range es {
			em, _ := e.(map[string]any)
			who, _ := em["mentioned"].(map[string]any)
			if str(em, "type") != "mention" || str(who, "id") == "" || str(who, "name") == "" {
				return post, "a mention entity without type mention, mentioned.id and mentioned.name"
			}
			entities[str(em, "text")] = str(who, "id")
		}
	}
	for _, m := range teamsAt.FindAllStringSubmatch(post.Text, -1) {
		id, ok := entities[m[0]]
		if !ok {
			return post, m[0] + " has no mention entity"
		}
		post.Mentions = append(post.Mentions, id)
	}
	return post, ""
}
