package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"keepwarm"
)

// demoRobotEnv holds the stand-in robot's webhook URL, as a team's config
// would name the variable holding their WeCom robot's.
const demoRobotEnv = "KEEPWARM_DEMO_WECOM_URL"

// demoRobot stands in for a WeCom group robot (企业微信群机器人): an HTTP
// server on 127.0.0.1:0 that takes the robot's JSON as WeCom does and keeps
// what it received, for the transcript. It checks what WeCom checks: the
// key in the URL, msgtype markdown (or text), the 4096-byte content limit.
type demoRobot struct {
	clock keepwarm.Clock
	ln    net.Listener
	srv   *http.Server

	mu       sync.Mutex
	received []demoRobotPost
	told     int
}

// demoRobotPost is one message the robot showed in the group.
type demoRobotPost struct {
	At       time.Time
	Content  string
	Mentions []string
	Problem  string // why WeCom would have refused it; "" = shown
}

const demoRobotKey = "demo-robot-key"

func startDemoRobot(clock keepwarm.Clock) (*demoRobot, error) {
	r := &demoRobot{clock: clock}
	var err error
	if r.ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("demo: robot listen: %w", err)
	}
	r.srv = &http.Server{Handler: http.HandlerFunc(r.handle), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = r.srv.Serve(r.ln) }()
	return r, nil
}

// URL is the robot's webhook URL, key included.
func (r *demoRobot) URL() string {
	return "http://" + r.ln.Addr().String() + "/cgi-bin/webhook/send?key=" + demoRobotKey
}

func (r *demoRobot) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = r.srv.Shutdown(ctx)
}

func (r *demoRobot) handle(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
		Text struct {
			Content  string   `json:"content"`
			Mentions []string `json:"mentioned_list"`
			Mobiles  []string `json:"mentioned_mobile_list"`
		} `json:"text"`
	}
	p := demoRobotPost{At: r.clock.Now()}
	switch err := json.Unmarshal(body, &msg); {
	case req.URL.Query().Get("key") != demoRobotKey:
		p.Problem = "invalid webhook url"
	case err != nil:
		p.Problem = "not JSON: " + err.Error()
	case msg.MsgType == "markdown" && msg.Markdown.Content != "" && len(msg.Markdown.Content) <= 4096:
		p.Content = msg.Markdown.Content
		for _, f := range strings.Split(p.Content, "<@")[1:] {
			if id, _, ok := strings.Cut(f, ">"); ok {
				p.Mentions = append(p.Mentions, id)
			}
		}
	case msg.MsgType == "text" && msg.Text.Content != "" && len(msg.Text.Content) <= 2048:
		p.Content, p.Mentions = msg.Text.Content, append(msg.Text.Mentions, msg.Text.Mobiles...)
	default:
		p.Problem = "want msgtype markdown (content up to 4096 bytes) or text"
	}
	r.mu.Lock()
	r.received = append(r.received, p)
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if p.Problem != "" {
		fmt.Fprintf(w, `{"errcode":93000,"errmsg":%q}`, p.Problem)
		return
	}
	io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
}

// take returns what the robot received since the last call.
func (r *demoRobot) take() []demoRobotPost {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]demoRobotPost(nil), r.received[r.told:]...)
	r.told = len(r.received)
	return out
}
