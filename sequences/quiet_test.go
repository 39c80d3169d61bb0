package sequences

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The week's calls count by the reason they found, in the rules' order with
// "not said" last, per salesperson; calls closed outside the window, or
// not closed, do not count.
func TestBuildQuiet(t *testing.T) {
	since := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	until := since.AddDate(0, 0, 7)
	call := func(id int64, owner string, r keepwarm.QuietReason, said string, done time.Time) keepwarm.Task {
		return keepwarm.Task{ID: id, Owner: owner, Customer: "domain:c.example", Reason: r, Outcome: said, DoneAt: done}
	}
	tasks := []keepwarm.Task{
		call(1, "lily@t.example", keepwarm.QuietComparing, "decides in March", since.Add(48*time.Hour)),
		call(2, "tom@t.example", keepwarm.QuietNotReceived, "", since.Add(time.Hour)),
		call(3, "lily@t.example", "", "call back Monday", since.Add(50*time.Hour)),
		call(4, "tom@t.example", keepwarm.QuietComparing, "", since.Add(70*time.Hour)),
		call(5, "lily@t.example", keepwarm.QuietPending, "", since.Add(-time.Minute)), // before
		call(6, "lily@t.example", keepwarm.QuietPending, "", until),                   // after
		call(7, "lily@t.example", keepwarm.QuietPending, "", time.Time{}),             // open
	}
	rep := BuildQuiet(tasks, since, until)
	var got []string
	for _, c := range rep.Reasons {
		got = append(got, fmt.Sprintf("%s %d lily=%d tom=%d", c.Label, c.Calls, c.By["lily@t.example"], c.By["tom@t.example"]))
	}
	want := []string{"mail not received 1 lily=0 tom=1", "comparing suppliers 2 lily=1 tom=1", "not said 1 lily=1 tom=0"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("reasons:\n got %q\nwant %q", got, want)
	}
	if len(rep.Calls) != 4 || rep.Calls[0].ID != 2 || rep.Calls[3].ID != 4 {
		t.Fatalf("calls: %+v", rep.Calls)
	}

	s := Summary{Since: since, Until: until, Now: until, TimeZone: "UTC", loc: time.UTC, Quiet: rep,
		names: map[string]string{"lily@t.example": "Lily Chen"}, customers: map[string]string{"domain:c.example": "Cargo GmbH"}}
	if s.Empty() {
		t.Fatal("a week with only calls is empty")
	}
	text := s.Text()
	for _, w := range []string{"WHY CUSTOMERS WENT QUIET", "comparing suppliers", "Cargo GmbH (Lily Chen): comparing suppliers: decides in March",
		"Cargo GmbH (Lily Chen): call back Monday", "Cargo GmbH (tom@t.example): mail not received"} {
		if !strings.Contains(text, w) {
			t.Errorf("the summary lacks %q:\n%s", w, text)
		}
	}

	// A long week lists the first DigestListLimit calls and says where the
	// rest are.
	for i := range DigestListLimit {
		tasks = append(tasks, call(int64(100+i), "tom@t.example", keepwarm.QuietDoubts, fmt.Sprintf("said %02d", i), since.Add(time.Duration(80+i)*time.Hour)))
	}
	s.Quiet = BuildQuiet(tasks, since, until)
	text = s.Text()
	if !strings.Contains(text, "4 more not listed here: keepwarm report quiet --since 2026-11-30 --until 2026-12-06 lists every one.") ||
		!strings.Contains(text, fmt.Sprintf("said %02d", DigestListLimit-5)) || strings.Contains(text, fmt.Sprintf("said %02d", DigestListLimit-4)) {
		t.Errorf("a long week:\n%s", text)
	}
}

// The digest's calls say where to record why the customer went quiet: the
// desk when there is one, else the command, with each task's id.
func TestDigestCallsSayWhereToRecordWhy(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Date: "2026-12-21", TimeZone: "UTC", Now: at, loc: time.UTC,
		Calls: []keepwarm.Task{{ID: 42, Customer: "domain:c.example", CustomerID: 7, Title: "Phone the customer", DueAt: at}}}
	calls := sectionText(d.Text(), "Calls due (1)")
	if !strings.Contains(calls, "keepwarm tasks done ID --reason KEY") || !strings.Contains(calls, "keys: not-received, doubts, pending, waiting, comparing, plans-changed, reached)") ||
		!strings.Contains(calls, "Phone the customer (due ") ||
		!strings.Contains(calls, "(task 42)") {
		t.Errorf("without a desk:\n%s", calls)
	}
	d.web = "https://keepwarm.team.example"
	calls = sectionText(d.Text(), "Calls due (1)")
	if !strings.Contains(calls, "press Done on your desk and say why they went quiet") || strings.Contains(calls, "task 42") ||
		!strings.Contains(calls, "https://keepwarm.team.example/customers/7") {
		t.Errorf("with a desk:\n%s", calls)
	}
}
