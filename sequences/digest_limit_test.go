package sequences

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// sectionText is the text of the section titled title (upper case), up to
// the next blank line.
func sectionText(text, title string) string {
	_, rest, ok := strings.Cut(text, "\n"+strings.ToUpper(title)+"\n")
	if !ok {
		return ""
	}
	sec, _, _ := strings.Cut(rest, "\n\n")
	return sec
}

// Every list of the digest names at most Limit lines and says how many
// more there are and where; its title keeps the true count. Reviews keep
// one line per grade with its true count.
func TestDigestSectionsListAtMostTheLimit(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	const limit, n = 5, 8
	d := Digest{Salesperson: "lily@team.example", Name: "Lily", Date: "2026-12-21", TimeZone: "UTC", Now: at, Limit: limit,
		web: "https://keepwarm.team.example"}
	for i := range n {
		d.Calls = append(d.Calls, keepwarm.Task{Customer: "domain:c.example", CustomerID: int64(i + 1), Title: fmt.Sprintf("Call %d", i), DueAt: at})
		d.Bounced = append(d.Bounced, DigestBounce{Email: fmt.Sprintf("b%d@c.example", i), Customer: "domain:c.example", BouncedAt: at})
		grade := "A"
		if i >= 3 {
			grade = "B"
		}
		if i >= 6 {
			grade = "C"
		}
		d.Reviews = append(d.Reviews, DigestCustomer{CustomerID: int64(i + 1), Customer: fmt.Sprintf("domain:r%d.example", i), Grade: grade, At: at})
	}
	// Two sections under the limit list everything and point nowhere.
	d.Returning = []DigestCustomer{{CustomerID: 9, Customer: "domain:ret.example", At: at, Note: "claimed"}}
	text := d.Text()
	calls := sectionText(text, fmt.Sprintf("Calls due (%d)", n))
	if strings.Count(calls, "\n- ") != limit || !strings.HasPrefix(calls, "=") ||
		!strings.Contains(calls, "Call 4") || strings.Contains(calls, "Call 5") ||
		!strings.Contains(calls, "3 not listed here: see them all on your desk, https://keepwarm.team.example/ (or keepwarm digest --salesperson lily@team.example --all lists every one).") {
		t.Errorf("calls:\n%s", calls)
	}
	bounced := sectionText(text, fmt.Sprintf("Bounced addresses to fix (%d)", n))
	if strings.Count(bounced, "\n- ") != limit || strings.Contains(bounced, "b5@") ||
		!strings.Contains(bounced, "3 not listed here: keepwarm digest --salesperson lily@team.example --all lists every one.") ||
		strings.Contains(bounced, "desk") {
		t.Errorf("bounced (not on the desk):\n%s", bounced)
	}
	reviews := sectionText(text, fmt.Sprintf("Reviews due (%d)", n))
	for _, want := range []string{"- A (3): r0.example", "- B (3): r3.example", "customers/5 and 1 more", "- C (2): not listed here", "3 not listed here: see them all on your desk"} {
		if !strings.Contains(reviews, want) {
			t.Errorf("reviews lack %q:\n%s", want, reviews)
		}
	}
	if strings.Contains(reviews, "r5.example") {
		t.Errorf("reviews name more than %d:\n%s", limit, reviews)
	}
	if ret := sectionText(text, "Returning to the pool soon (1)"); !strings.Contains(ret, "ret.example") || strings.Contains(ret, "not listed") {
		t.Errorf("returning:\n%s", ret)
	}
	html := d.HTML()
	if c := strings.Count(html, "<li"); c != 2*limit+3+1 || strings.Count(html, "not listed here") != 4 || strings.Contains(html, "Call 5") {
		t.Errorf("HTML: %d items:\n%s", c, html)
	}

	// Without a limit (keepwarm digest --all), everything and no pointer.
	d.Limit = 0
	if text := d.Text(); strings.Count(sectionText(text, fmt.Sprintf("Calls due (%d)", n)), "\n- ") != n || strings.Contains(text, "not listed") ||
		!strings.Contains(text, "C (2): r6.example") {
		t.Errorf("no limit:\n%s", text)
	}
}

// The weekly summary lists the first breaches and backups and says how
// many more there are, and the command that lists them for its own week
// (run days later, one without the week would print another).
func TestSummaryListsAtMostTheLimit(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	s := Summary{Week: "2026-W52", Since: at.AddDate(0, 0, -7), Until: at, Now: at, TimeZone: "UTC", loc: time.UTC}
	for i := range summaryBreaches + 3 {
		s.Replies.Breaches = append(s.Replies.Breaches, ReplyBreach{Customer: "domain:c.example", Subject: fmt.Sprintf("B%02d", i), ReceivedAt: at})
	}
	for i := range DigestListLimit + 2 {
		s.Covers = append(s.Covers, Cover{Backup: "tom@t.example", Person: "lily@t.example", Customer: "domain:c.example", Subject: fmt.Sprintf("C%02d", i), At: at})
	}
	text := s.Text()
	if !strings.Contains(text, "3 more not listed here: keepwarm report replies --since 2026-12-14 --until 2026-12-20 --format json lists every one (its table stops at 50).") ||
		!strings.Contains(text, fmt.Sprintf("B%02d", summaryBreaches-1)) || strings.Contains(text, fmt.Sprintf("B%02d", summaryBreaches)) ||
		!strings.Contains(text, "2 more not listed here: keepwarm summary --week 2026-W52 --format json lists every one.") ||
		!strings.Contains(text, fmt.Sprintf("BACKUPS (%d)", DigestListLimit+2)) || strings.Contains(text, fmt.Sprintf("C%02d", DigestListLimit)) {
		t.Errorf("summary:\n%s", text)
	}
	if strings.Count(s.HTML(), "not listed here") != 2 {
		t.Error("the HTML summary lacks the pointers")
	}
}
