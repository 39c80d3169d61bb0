package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// --now far from the clock replays on the live mailboxes: a tick "on day 3"
// run on day 0 would send day 3's follow-up today and record it as sent on
// day 3. Commands that send or change what will be sent refuse it unless
// KEEPWARM_REPLAY=1 says the mailboxes are test ones; read-only commands
// still take --now.
func TestNowFarFromTheClockSendsNothing(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	today := day(0).Add(3 * time.Minute)
	then := day(3).Format(time.RFC3339)
	for _, args := range [][]string{
		{"--now", then, "tick"},
		{"--now", then, "digest", "--send"},
		{"--now", then, "pause", "1"},
		{"--now", then, "stop", "1"},
		{"--now", then, "enroll", "1"},
	} {
		code, out, errs := r.run(today, args...)
		if code != 2 || !strings.Contains(errs, "--now "+then+" is 2 days ahead of this machine's clock") ||
			!strings.Contains(errs, "keepwarm forecast") || !strings.Contains(errs, "KEEPWARM_REPLAY=1") {
			t.Fatalf("%v: exit %d\nstdout %s\nstderr %s", args, code, out, errs)
		}
	}
	if n := r.smtp.MailCount(); n != 0 {
		t.Fatalf("the SMTP server got %d message(s) from a refused replay", n)
	}
	if e := r.enrollments(); len(e) != 1 || e[0].Status != keepwarm.EnrollActive || e[0].Step != 0 {
		t.Fatalf("enrollment changed by a refused replay: %+v", e)
	}
	// Looking ahead is what --now is for.
	if out := r.must(today, "--now", then, "forecast", "--days", "1"); out == "" {
		t.Fatal("forecast printed nothing")
	}
	// A few minutes off is a person rounding the time.
	r.must(today, "--now", today.Add(5*time.Minute).Format(time.RFC3339), "tick")
	if n := r.smtp.MailCount(); n != 0 {
		t.Fatalf("sent %d before day 3", n)
	}
	// Against test mailboxes a replay is asked for explicitly.
	r.env[ReplayEnv] = "1"
	r.must(today, "--now", then, "tick")
	if n := r.delivered(); n != 1 {
		t.Fatalf("the replay asked for sent %d", n)
	}
}

// `keepwarm web link` with --now: the link's 15 minutes run on the clock
// the web server checks them with, so a link made "in 2030" does not work
// until 2030.
func TestWebLinkExpiresByTheClockNotNow(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "\n[web]\nbase_url = \"https://keepwarm.acme-export.com\"\n")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	made := time.Now()
	out := c.mustRun("--now", "2030-01-01T00:00:00Z", "web", "link", "lily@acme-export.com")
	u, err := url.Parse(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256([]byte(u.Query().Get("t")))
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(path), "kw.db"), made)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.UseLoginToken(context.Background(), hex.EncodeToString(h[:]), made.Add(16*time.Minute)); err == nil {
		t.Fatal("the link still works 16 minutes after it was made")
	}
}
