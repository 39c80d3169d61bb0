package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A line of "Customers of people not on the team" links to the message on
// the desk only for the manager, who may open it there: a salesperson's
// desk shows their own customers' mail only, so their line names the
// mailbox the mail is in instead of a link that opens "message not found".
func TestDigestOffTeamLinksOnlyWhereTheDeskOpensThem(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "tom@team.example", Name: "Tom", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		OffTeam: []keepwarm.Nudge{{MessageID: 812, Customer: "domain:meier.example", Contact: "hans@meier.example", Subject: "Order 4711",
			StartedAt: at.Add(-3 * time.Hour), Owner: "lily@team.example", Mailbox: "sales"}}}
	for _, part := range []string{d.Text(), d.HTML()} {
		if strings.Contains(part, "/messages/812") || !strings.Contains(part, "customer of lily@team.example, in mailbox sales") {
			t.Errorf("Tom's digest:\n%s", part)
		}
	}
	d.Lang = "zh"
	if zh := d.Text(); !strings.Contains(zh, "lily@team.example 的客户，在邮箱 sales 中") {
		t.Errorf("Chinese:\n%s", zh)
	}
	d.Lang, d.manager = "", true
	if text := d.Text(); !strings.Contains(text, "customer of lily@team.example https://desk.example/messages/812") {
		t.Errorf("the manager's digest:\n%s", text)
	}
}
