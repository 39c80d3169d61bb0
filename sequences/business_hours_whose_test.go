package sequences

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Lily (Shanghai, 09-18) is away; Tom (Madrid, 09-18) answers her
// customer. The answer's business-hours figure counts Tom's working
// hours, the answerer's, while mail still waiting counts its owner's
// (Lily's), and the README's reply report says the same in both places
// it names them, not "the owner's" for all of it.
func TestBusinessHoursAreTheAnswerersElseTheOwners(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	madrid, _ := time.LoadLocation("Europe/Madrid")
	weekdays := [7]bool{false, true, true, true, true, true, false}
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	w := &ReplyWatch{cfg: ReplyConfig{Target: 10 * time.Minute, Manager: "boss@acme-export.com",
		People: map[string]string{lily: lily, tom: tom},
		Hours: map[string]WorkHours{
			lily: {Start: 9 * time.Hour, End: 18 * time.Hour, Days: weekdays, Location: shanghai},
			tom:  {Start: 9 * time.Hour, End: 18 * time.Hour, Days: weekdays, Location: madrid},
		}}}
	// Tuesday 3 November, 11:00 to 12:00 in Madrid, 18:00 to 19:00 in
	// Shanghai: all of it Tom's working time, none of it Lily's.
	start := time.Date(2026, 11, 3, 11, 0, 0, 0, madrid)
	answered := keepwarm.ReplyClock{CustomerOwner: lily, StartedAt: start, RepliedAt: start.Add(time.Hour), ReplyFrom: tom}
	w.judge(&answered)
	if answered.RepliedBy != tom || answered.BusinessSeconds != 3600 {
		t.Errorf("answered by Tom: by %s, %d business seconds; want Tom's hours, 3600", answered.RepliedBy, answered.BusinessSeconds)
	}
	waiting := keepwarm.ReplyClock{CustomerOwner: lily, StartedAt: start}
	w.judge(&waiting)
	if want := time.Date(2026, 11, 4, 9, 10, 0, 0, shanghai); !waiting.BusinessDueAt.Equal(want) {
		t.Errorf("still waiting: business due %s, want %s (Lily's next morning)", waiting.BusinessDueAt, want)
	}

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	row := regexp.MustCompile("`share_within_target_business` \\(([^)]*)\\)").FindStringSubmatch(text)
	if row == nil || !strings.Contains(row[1], "answered mail in the answerer's working hours, else the owner's") ||
		!strings.Contains(row[1], "mail still unanswered in the owner's") {
		t.Errorf("the README's share_within_target_business does not name whose hours the code counts: %q", row)
	}
	if !strings.Contains(text, "a business-hours figure (the answerer's, else the owner's `hours`") {
		t.Error("the README's reply times no longer say the business-hours figure is the answerer's, else the owner's")
	}
}
