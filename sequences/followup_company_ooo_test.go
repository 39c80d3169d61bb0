package sequences_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// With stop_on_company, a colleague's answer stops the follow-up, but a
// colleague's out-of-office does not pause it: the absence is hers, the
// follow-up goes to Hans.
func TestCompanyColleaguesAbsenceDoesNotPause(t *testing.T) {
	dir := t.TempDir()
	body, err := os.ReadFile("defaults/key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(strings.Replace(string(body), "[stop]\n", "[stop]\nstop_on_company = true\n", 1))
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), body, 0o600); err != nil {
		t.Fatal(err)
	}
	uteAway := func(w *fuWorld, at time.Time) {
		// Ute answers a greeting in another thread: she is on leave.
		ooo := w.mail("ooo-ute@buyer.de", keepwarm.KindAutoReply, "ute", "Automatic reply: Season's greetings", "I am on parental leave until 15 January.", at, "greeting-ute@seller.example")
		ooo.AutoReplyUntil = day0.AddDate(0, 0, 30)
		w.save("lily", "INBOX", ooo)
	}
	for _, before := range []bool{false, true} {
		name := "after enrolment"
		if before {
			name = "before enrolment"
		}
		t.Run(name, func(t *testing.T) {
			w := newFUWorldWith(t, "A", dir)
			if before {
				uteAway(w, day0.Add(time.Hour))
			}
			w.run(day0.Add(2 * time.Hour))
			due := w.enrollment().DueAt
			if !before {
				uteAway(w, day0.Add(3*time.Hour))
			}
			w.run(day0.Add(4 * time.Hour))
			if e := w.enrollment(); e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(due) {
				t.Fatalf("after a colleague's out-of-office: %s due %v (was %v), %q", e.Status, e.DueAt, due, e.Reason)
			}
		})
	}
}
