package cli

import (
	"bytes"
	"encoding/json"
	"keepwarm/internal/mailtest"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
)

// TestTableAlignsByDisplayWidth: a CJK name takes two columns per
// character on a terminal; the next column still starts at one place.
func TestTableAlignsByDisplayWidth(t *testing.T) {
	var out bytes.Buffer
	tw := newTable(&out)
	tw.Write([]byte("ID\tCUSTOMER\tOWNER\n"))
	tw.Write([]byte("1\t深圳光明照明有限公司\tLily Chen\n"))
	tw.Write([]byte("2\tGlobex GmbH\tTom Wu\n"))
	tw.Write([]byte("3\tMüller & Söhne\tLily Chen\n"))
	tw.Write([]byte("a line without cells\n"))
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	col := func(line, cell string) int { return runewidth.StringWidth(line[:strings.Index(line, cell)]) }
	want := col(lines[0], "OWNER")
	for i, cell := range []string{"Lily Chen", "Tom Wu", "Lily Chen"} {
		if got := col(lines[i+1], cell); got != want {
			t.Errorf("row %d: OWNER at display column %d, want %d:\n%s", i+1, got, want, out.String())
		}
	}
	if lines[4] != "a line without cells" {
		t.Errorf("plain line changed: %q", lines[4])
	}
}

func TestZoneNoteIsUnambiguous(t *testing.T) {
	jan := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ zone, want string }{
		{"Asia/Shanghai", "(times in Asia/Shanghai, UTC+08:00)"},
		{"America/Chicago", "(times in America/Chicago, UTC-06:00)"},
		{"Asia/Kolkata", "(times in Asia/Kolkata, UTC+05:30)"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := zoneNote(loc, jan); got != tc.want || strings.Contains(got, "CST") {
			t.Errorf("zoneNote(%s) = %q, want %q", tc.zone, got, tc.want)
		}
	}
}

func TestJSONUnsetTimesAreNull(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	err := writeJSON(&out, struct {
		DueAt    time.Time  `json:"due_at"`
		DoneAt   time.Time  `json:"done_at"`
		Local    time.Time  `json:"local"`
		West     time.Time  `json:"west"`
		Pointer  *time.Time `json:"pointer"`
		Subject  string     `json:"subject"`
		Received time.Time  `json:"received"`
	}{DueAt: at, Local: time.Time{}.In(time.FixedZone("X", 8*3600)),
		West: time.Time{}.In(time.FixedZone("W", -5*3600)), Pointer: &time.Time{}, Subject: "zero is 0001-01-01", Received: at})
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "due_at": "2026-11-02T09:00:00Z",
  "done_at": null,
  "local": null,
  "west": null,
  "pointer": null,
  "subject": "zero is 0001-01-01",
  "received": "2026-11-02T09:00:00Z"
}
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// A zero time moved west of UTC, alone in the output, is null too.
func TestJSONZeroTimeWestIsNull(t *testing.T) {
	var out bytes.Buffer
	if err := writeJSON(&out, struct {
		West time.Time `json:"west"`
	}{time.Time{}.In(time.FixedZone("W", -5*3600))}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"west\": null\n}\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestJSONLogsWriteReadableDurations(t *testing.T) {
	var errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &errb, func(string) string { return "" })
	if err := m.setupLog("info"); err != nil {
		t.Fatal(err)
	}
	m.log.Info("waited", "target", 10*time.Minute, "took", 90*time.Second)
	line := errb.String()
	if !strings.Contains(line, `"target":"10m0s"`) || !strings.Contains(line, `"took":"1m30s"`) || strings.Count(line, `"level":`) != 1 {
		t.Errorf("log line %s", line)
	}
}

// TestOutboxShowsRecipientAndSubject: every row says to whom and what; a
// step with no thread shows "-", and an unknown --status is refused.
func TestOutboxShowsRecipientAndSubject(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	for d := 1; d <= 7; d++ {
		r.tick(day(d))
	}
	out := r.must(day(7), "outbox")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[0], "TO") || !strings.Contains(lines[0], "SUBJECT") || len(lines) < 4 {
		t.Fatalf("outbox:\n%s", out)
	}
	rows := 0
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "(times in ") || strings.Contains(l, "uncertain send") {
			continue
		}
		rows++
		if !strings.Contains(l, "hans@buyer.de") || strings.Contains(l, "domain:") {
			t.Errorf("row without its recipient, or with a key: %q", l)
		}
	}
	if rows != 2 || !strings.Contains(out, "Re: Quotation LED panels") {
		t.Errorf("want both steps with their subjects:\n%s", out)
	}
	// The product introduction starts its own thread (none yet): "-", not 0.
	if !regexpThreadDash(lines[2]) || strings.Contains(lines[2], "buyer.de  0  ") {
		t.Errorf("a step without a thread should show THREAD -: %q", lines[2])
	}
	// In JSON the same step has "thread": null, never 0.
	var items []map[string]any
	if err := json.Unmarshal([]byte(r.must(day(7), "outbox", "--json")), &items); err != nil {
		t.Fatal(err)
	}
	nulls, ids := 0, 0
	for _, it := range items {
		switch th := it["thread"].(type) {
		case nil:
			nulls++
		case float64:
			if th <= 0 {
				t.Errorf("outbox --json thread %v: want null or a thread id", th)
			}
			ids++
		}
	}
	if nulls == 0 || ids == 0 {
		t.Errorf("outbox --json: %d null threads and %d thread ids; want the resend in its thread and the introduction with null", nulls, ids)
	}
	code, _, errs := r.run(day(7), "outbox", "--status", "bogus")
	if code != 2 || !strings.Contains(errs, `outbox --status "bogus"`) || !strings.Contains(errs, "queued") {
		t.Errorf("outbox --status bogus: exit %d %s", code, errs)
	}
	var errsOK string
	if code, _, errsOK = r.run(day(7), "outbox", "--status", "sent"); code != 0 {
		t.Errorf("outbox --status sent: exit %d %s", code, errsOK)
	}
}

// regexpThreadDash reports whether the THREAD cell of an outbox row is "-":
// the cell after the customer, which comes after the subject.
func regexpThreadDash(row string) bool {
	return strings.Contains(row, "buyer.de  -  ")
}
