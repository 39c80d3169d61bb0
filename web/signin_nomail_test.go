package web_test

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// Without [notify] no sign-in link can be mailed: /signin says so and how
// to get one (keepwarm web link), in English and Chinese, instead of a form
// that promises a mail; a request sent anyway (a token of this server) gets the
// same answer for any address, sends nothing, and a team address asking is
// in the log for the operator.
func TestSignInWithoutNotifySaysLinksAreNotMailed(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	c := w.client(srv)
	_, before := c.get("/signin") // opened while links were mailed
	csrf := csrfOf(t, before)

	w.cfg.Mailer = nil
	w.rebase("http://keepwarm.test")
	code, page := c.get("/signin")
	if code != http.StatusOK {
		t.Fatalf("GET /signin: %d", code)
	}
	mustContain(t, "the sign-in page", page, "Sign-in links are not mailed here", "keepwarm web link")
	mustLack(t, "the sign-in page", page, "Mail me a sign-in link", `action="/signin"`, "mails you a link")
	mustContain(t, "the Chinese sign-in page", c.getZh(t, "/signin"), "这里不通过邮件发送登录链接", "keepwarm web link")

	// The form opened before the restart still posts (the sign-in
	// forms' key is kept across restarts), and a request sent with it
	// gets the answer below, as one with the link page's token does.
	_, linkPage := c.get("/signin/link?t=x")
	if linkCSRF := csrfOf(t, linkPage); linkCSRF != csrf {
		t.Fatalf("the sign-in forms' token changed across the restart: %q, then %q", csrf, linkCSRF)
	}

	answers := map[string]string{}
	for _, email := range []string{lily, "stranger@else.example"} {
		resp := c.post("/signin", url.Values{"email": {email}, "csrf": {csrf}})
		body := readAll(resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST /signin for %s: %d\n%s", email, resp.StatusCode, body)
		}
		mustContain(t, "the answer for "+email, body, "Sign-in links are not mailed here", "keepwarm web link "+email)
		mustLack(t, "the answer for "+email, body, "on its way")
		answers[email] = strings.ReplaceAll(body, email, "ADDR")
	}
	if answers[lily] != answers["stranger@else.example"] {
		t.Fatal("a team address and a stranger's get different answers")
	}
	w.app.WaitDeliveries()
	if n := len(w.smtp.Messages()); n != 0 {
		t.Fatalf("%d mails sent", n)
	}
	logged := log.String()
	if !strings.Contains(logged, "level=WARN") || !strings.Contains(logged, "not mailed without [notify]") || !strings.Contains(logged, lily) {
		t.Fatalf("the team address's request is not logged:\n%s", logged)
	}
	if strings.Contains(logged, "stranger@else.example") {
		t.Fatalf("a stranger's address is logged:\n%s", logged)
	}
}
