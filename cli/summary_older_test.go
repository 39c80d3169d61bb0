package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A buyer wrote 10 days before Monday's summary and nobody answered. The
// week's figures leave the mail out (its clock started before the week),
// but the summary names it, as the web report does, with its owner, its
// message id and a link to its page, how to take it off the list, and the
// count in JSON, instead of staying silent (or, with nothing else in the
// week, not being sent at all). With nothing else in the week, the subject
// says why it was sent and the note speaks of no figures "above".
func TestSummaryNamesMailStillWaitingFromBeforeTheWeek(t *testing.T) {
	r := newDigestRig(t, "\n[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://kw.example/\"\n")
	slot := time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC) // Monday 08:30 in Shanghai
	id := r.save("lily", inboundFrom("old@initech.com", "pat@initech.com", "Order 2000 units", slot.AddDate(0, 0, -10)))
	r.must(r.m.measureReplies(r.ctx))
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, slot)
	r.must(err)
	text := strings.Join(strings.Fields(sum.Text()), " ")
	link := fmt.Sprintf("https://kw.example/messages/%d", id)
	if sum.Empty() || !strings.Contains(text, "STILL WAITING FROM BEFORE THIS WEEK (1)") ||
		!strings.Contains(text, fmt.Sprintf(`initech.com: "Order 2000 units" arrived Fri 30 Oct 2026 08:30, waiting 10d00h (owner Lily Chen; message %d) %s`, id, link)) ||
		!strings.Contains(text, "counted in none of the week's figures;") || strings.Contains(text, "figures above") ||
		!strings.Contains(text, `Answer it, or mark it "no answer needed" (on the desk, or keepwarm replies done ID), to take it off this list.`) {
		t.Errorf("empty %v:\n%s", sum.Empty(), text)
	}
	if subj := sum.Subject(); !strings.HasSuffix(subj, ": 1 customer email still waiting from before") {
		t.Errorf("subject %q", subj)
	}
	if html := sum.HTML(); !strings.Contains(html, `<a href="`+link+`"`) {
		t.Errorf("HTML without the link to the message:\n%s", html)
	}
	b, err := json.Marshal(sum)
	r.must(err)
	if !strings.Contains(string(b), `"older_waiting_count":1`) || !strings.Contains(string(b), `"subject":"Order 2000 units"`) ||
		!strings.Contains(string(b), fmt.Sprintf(`"message_id":%d`, id)) {
		t.Errorf("JSON: %s", b)
	}
}
