package sequences

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Every enrollment of the funnel shows in exactly one column of the weekly
// summary's table, so each row adds up to its Enrolled count (a follow-up
// stopped by hand used to vanish from the table).
func TestSummaryFunnelRowsAddUp(t *testing.T) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var enrs []keepwarm.Enrollment
	for i, st := range []keepwarm.EnrollmentStatus{keepwarm.EnrollReplied, keepwarm.EnrollCompleted, keepwarm.EnrollBounced,
		keepwarm.EnrollOptedOut, keepwarm.EnrollStopped, keepwarm.EnrollSuperseded, keepwarm.EnrollFailed, keepwarm.EnrollActive} {
		at := since.Add(time.Duration(i+1) * time.Hour)
		enrs = append(enrs, keepwarm.Enrollment{ID: int64(i + 1), ThreadID: int64(i + 1), Sequence: "key-customer", Status: st,
			Step: 1, CreatedAt: at, UpdatedAt: at})
	}
	s := Summary{Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC",
		Funnel: BuildFunnel(enrs, nil, since, since.AddDate(0, 0, 7))}
	var table [][]string
	for _, sec := range s.sections() {
		if sec.Title == "Follow-up sequences" {
			table = sec.Table
		}
	}
	if len(table) < 2 {
		t.Fatalf("no funnel table: %+v", s.sections())
	}
	for _, row := range table[1:] {
		enrolled, _ := strconv.Atoi(row[1])
		sum := 0
		for _, cell := range row[2:] {
			n, err := strconv.Atoi(cell)
			if err != nil {
				t.Fatalf("cell %q in %v", cell, row)
			}
			sum += n
		}
		if enrolled != 8 || sum != enrolled {
			t.Fatalf("row %v: columns add up to %d, enrolled %d (header %v)", row, sum, enrolled, table[0])
		}
	}
}

// The funnel is eight columns wide: in the mail's HTML it is one block per
// sequence with each figure named, never a table squeezed to a phone's
// width (a first column wrapping one letter per line).
func TestSummaryFunnelReadsOnAPhone(t *testing.T) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	enrs := []keepwarm.Enrollment{{ID: 1, ThreadID: 1, Sequence: "key-customer", Status: keepwarm.EnrollReplied, Step: 1,
		CreatedAt: since.Add(time.Hour), UpdatedAt: since.Add(time.Hour)}}
	s := Summary{Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC", Funnel: BuildFunnel(enrs, nil, since, since.AddDate(0, 0, 7))}
	h := s.HTML()
	i := strings.Index(h, "Follow-up sequences")
	if i < 0 {
		t.Fatalf("no funnel:\n%s", h)
	}
	funnel := h[i:]
	if strings.Contains(funnel, "<table") || strings.Contains(funnel, "break-all") ||
		!strings.Contains(funnel, "<strong>key-customer</strong>") || !strings.Contains(funnel, "Enrolled <b>1</b>") ||
		!strings.Contains(funnel, "Answered <b>1</b>") {
		t.Fatalf("funnel HTML:\n%s", funnel)
	}
	if !strings.Contains(s.Text(), "Sequence") {
		t.Fatal("the text part lost its table")
	}
}

// The weekly summary's HTML draws each salesperson's share within target
// as a bar (plain HTML, no image); the text part keeps the table.
func TestSummaryDrawsReplyTimesAsBars(t *testing.T) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	three, half := 0.75, 0.5
	s := Summary{Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC", Replies: ReplyTable{
		People: []ReplyFigures{{Key: "lily@seller.example", Count: 4, Share: &three}, {Key: "tom@seller.example", Count: 2, Share: &half}},
		Total:  ReplyFigures{Key: "total", Count: 6, Share: &half}}}
	h := s.HTML()
	if !strings.Contains(h, "lily@seller.example <b>75% within target</b>") || !strings.Contains(h, "width:75%") || !strings.Contains(h, "width:50%") {
		t.Fatalf("reply bars:\n%s", h)
	}
	if strings.Contains(s.Text(), "width:") {
		t.Fatal("bars leaked into the text part")
	}
}

// Follow-ups paused by a customer's automatic reply are among those still
// running, and the summary says how many wait for a customer who is out of
// office; one paused by a person is not counted so.
func TestSummaryFunnelCountsTheOutOfOffice(t *testing.T) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	at := since.Add(time.Hour)
	enrs := []keepwarm.Enrollment{
		{ID: 1, Sequence: "key-customer", Status: keepwarm.EnrollPaused, Reason: outOfOfficeReason + "hans@globex.de", CreatedAt: at},
		{ID: 2, Sequence: "key-customer", Status: keepwarm.EnrollPaused, Reason: "paused by a person", CreatedAt: at},
		{ID: 3, Sequence: "key-customer", Status: keepwarm.EnrollActive, CreatedAt: at},
	}
	f := BuildFunnel(enrs, nil, since, since.AddDate(0, 0, 7))
	if f.Total.Running != 3 || f.Total.OutOfOffice != 1 {
		t.Fatalf("running %d, out of office %d", f.Total.Running, f.Total.OutOfOffice)
	}
	s := Summary{Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC", Funnel: f}
	for _, sec := range s.sections() {
		if sec.Title == "Follow-up sequences" {
			if last := sec.Table[len(sec.Table)-1]; last[len(last)-1] != "3 (1 out of office)" {
				t.Fatalf("running cell %q", last[len(last)-1])
			}
			return
		}
	}
	t.Fatal("no funnel section")
}

// A week of 25 night mails answered a few hours late and one customer who
// wrote on Friday and is still waiting: the summary's 20 listed breaches
// hold the one still waiting (the only one anyone can still save), then
// the most recent late answers, as the web report picks them, and the
// title still counts all 26.
func TestSummaryBreachListKeepsTheMailStillWaiting(t *testing.T) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var bs []ReplyBreach
	for i := range 25 {
		bs = append(bs, ReplyBreach{ThreadID: int64(i + 1), Customer: fmt.Sprintf("domain:late%02d.com", i), Subject: "Night mail",
			Owner: "lily@example.com", RepliedBy: "lily@example.com", ReceivedAt: since.Add(time.Duration(i) * 4 * time.Hour), Seconds: 3 * 3600, Answered: true})
	}
	bs = append(bs, ReplyBreach{ThreadID: 99, Customer: "domain:waiting.com", Subject: "Order", Owner: "lily@example.com",
		ReceivedAt: since.AddDate(0, 0, 4), Seconds: 2 * 86400})
	f := ReplyFigures{Key: "lily@example.com", Count: 26, Answered: 25, Breaches: 26}
	s := Summary{Week: "2026-W45", Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC", Now: since.AddDate(0, 0, 7), Target: 600,
		Replies: ReplyTable{People: []ReplyFigures{f}, Total: f, Breaches: bs}}
	text := s.Text()
	if !strings.Contains(text, "BREACHES (26)") || !strings.Contains(text, `waiting.com: "Order"`) ||
		!strings.Contains(text, "late24.com") || strings.Contains(text, "late05.com") || !strings.Contains(text, "late06.com") ||
		!strings.Contains(text, "6 more not listed here") {
		t.Errorf("the breaches listed:\n%s", text)
	}
}
