package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// `keepwarm demo --web` keeps the web application up after the play, over
// the demo's data, with one-time links for Lily and the manager.
func TestDemoWebServesTheDemosData(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo plays mail: skipped with -short")
	}
	var out, errb mailtest.LockedBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	m := NewMain(strings.NewReader(""), &out, &errb, func(string) string { return "" })
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"demo", "--days", "3", "--web"}) }()

	linkRE := regexp.MustCompile(`sign in as (Lily Chen|Grace Liu): (http://127\.0\.0\.1:\d+/signin/link\?t=\S+)`)
	var links [][]string
	for deadline := time.Now().Add(45 * time.Second); len(links) < 2; {
		select {
		case code := <-done:
			t.Fatalf("demo --web exited %d before serving\n%s\n%s", code, out.String(), errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no sign-in links printed:\n%s", out.String())
		}
		links = linkRE.FindAllStringSubmatch(out.String(), -1)
		time.Sleep(50 * time.Millisecond) // polling an outcome, not a schedule
	}
	for _, l := range links {
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar, Timeout: 5 * time.Second}
		resp, err := hc.Get(l[2])
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(page))
		if csrf == nil {
			t.Fatalf("link page for %s: %s", l[1], page)
		}
		u, _ := url.Parse(l[2])
		resp, err = hc.PostForm(u.Scheme+"://"+u.Host+"/signin/link", url.Values{"t": {u.Query().Get("t")}, "csrf": {csrf[1]}})
		if err != nil {
			t.Fatal(err)
		}
		desk, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		who := l[1] // the manager is named (team.manager_name), with the role
		if who == "Grace Liu" {
			who = "Grace Liu · Manager"
		}
		if resp.StatusCode != 200 || !strings.Contains(string(desk), who) || !strings.Contains(string(desk), "Waiting for your answer") {
			t.Fatalf("%s's desk: %d\n%s", l[1], resp.StatusCode, desk)
		}
		if l[1] == "Grace Liu" && !strings.Contains(string(desk), "Sessions") {
			t.Errorf("the manager's desk has no sessions link")
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("demo --web exited %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("demo --web did not stop")
	}
}
