package cli

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// `keepwarm web link` prints a one-time link on base_url, and `keepwarm run`
// serves the web application on [web].listen beside the sync, where the
// link signs Lily in.
func TestWebLinkAndRunServesTheWebApp(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	path := writeConfig(t, srv, "\n[web]\nlisten = \""+addr+"\"\nbase_url = \"http://"+addr+"\"\n")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})

	link := strings.TrimSpace(c.mustRun("web", "link", "Lily@acme-export.com", "--next", "/pool"))
	if !regexp.MustCompile(`^http://` + regexp.QuoteMeta(addr) + `/signin/link\?t=[A-Za-z0-9_-]{43}$`).MatchString(link) {
		t.Fatalf("link %q", link)
	}
	if code, _, errs := c.run(context.Background(), "web", "link", "stranger@else.example"); code != 1 || !strings.Contains(errs, "not on the team") {
		t.Fatalf("link for a stranger: exit %d %s", code, errs)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan int, 1)
	go func() {
		code, _, _ := c.run(ctx, "--log-level", "error", "run")
		done <- code
	}()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var page string
	for deadline := time.Now().Add(20 * time.Second); ; {
		resp, err := hc.Get(link)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				page = string(b)
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("run does not serve the web application: %v", err)
		}
		time.Sleep(50 * time.Millisecond) // polling an outcome, not a schedule
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	u, _ := url.Parse(link)
	resp, err := hc.PostForm("http://"+addr+"/signin/link", url.Values{"t": {u.Query().Get("t")}, "csrf": {csrf[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/pool" {
		t.Fatalf("sign in: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = hc.Get("http://" + addr + "/pool")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Lily Chen") {
		t.Fatalf("pool page: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("run exited %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
}

// With [web] base_url, each digest line links to its page.
func TestDigestLinksToTheWebPages(t *testing.T) {
	r := newDigestRig(t, "\n[web]\nbase_url = \"https://kw.acme-export.com\"\n")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	out := c.mustRun("--now", t0.Add(24*time.Hour).Format(time.RFC3339), "digest", "--salesperson", "lily@acme-export.com")
	if !regexp.MustCompile(`waiting .* https://kw\.acme-export\.com/messages/\d+\n`).MatchString(out) {
		t.Fatalf("no link to the waiting message:\n%s", out)
	}
}
