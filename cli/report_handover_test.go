package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"keepwarm/store"
)

// Hans's "Quotation" waits past its target on Lily's customer; the next
// day the manager hands Globex to Tom. The breach stays counted to Lily,
// but the lists that say whom to chase name Tom, whom the desk and the
// nudges now ask: the weekly summary ("still waiting, owner Tom Wang
// (counted to Lily Chen)"), the report's BY column, and its JSON
// (answer_owner beside owner).
func TestReportsNameTodaysOwnerOfMailStillWaitingAfterAHandover(t *testing.T) {
	r := newDigestRig(t, "")
	const lily, tom = "lily@acme-export.com", "tom@acme-export.com"
	r.save("lily", inboundFrom("quote@globex.de", "hans@globex.de", "Quotation", t0))
	globex := r.customer("domain:globex.de")
	owner := lily
	r.must(r.m.db.SetCustomer(r.ctx, globex, store.CustomerChange{Owner: &owner}, t0.Add(-48*time.Hour), "test"))
	r.clock.Set(t0.Add(time.Hour))
	r.must(r.m.measureReplies(r.ctx))
	owner = tom
	r.must(r.m.db.SetCustomer(r.ctx, globex, store.CustomerChange{Owner: &owner}, t0.Add(24*time.Hour), "boss@acme-export.com"))
	r.clock.Set(t0.Add(48 * time.Hour))
	r.must(r.m.measureReplies(r.ctx))

	rep := wantChaseTomCountedToLily(t, r, "Lily Chen")
	for _, g := range rep.Groups {
		if g.Breaches > 0 && g.Key != lily {
			t.Errorf("the breach is counted to %s, not Lily: %+v", g.Key, rep.Groups)
		}
	}

	// A week on, the mail is older than the summary's week: its
	// older_waiting names it as `report replies --format json` does, the
	// breach Lily's and Tom to answer it, so a script joining the two on
	// message_id sees the same owner.
	c := newCLI(t, r.path, r.env)
	const monday = "2026-11-16T08:40:00+08:00"
	var sum struct {
		OlderWaiting []struct {
			MessageID   int64  `json:"message_id"`
			Owner       string `json:"owner"`
			AnswerOwner string `json:"answer_owner"`
		} `json:"older_waiting"`
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", monday, "summary", "--format", "json")), &sum))
	var later handoverReport
	r.must(json.Unmarshal([]byte(c.mustRun("--now", monday, "report", "replies", "--since", "2026-11-01", "--format", "json")), &later))
	if len(sum.OlderWaiting) != 1 || len(later.Unanswered) != 1 || sum.OlderWaiting[0].MessageID != later.Unanswered[0].MessageID ||
		sum.OlderWaiting[0].Owner != lily || sum.OlderWaiting[0].AnswerOwner != tom ||
		sum.OlderWaiting[0].Owner != later.Unanswered[0].Owner || sum.OlderWaiting[0].AnswerOwner != later.Unanswered[0].AnswerOwner {
		t.Errorf("older_waiting %+v, report replies %+v: want owner %s and answer_owner %s in both", sum.OlderWaiting, later.Unanswered, lily, tom)
	}
	if text := c.mustRun("--now", monday, "summary"); !strings.Contains(text, "(owner Lily Chen (owner now Tom Wang); message ") {
		t.Errorf("the summary's mail still waiting from before, a week on:\n%s", text)
	}
}

// handoverReport is what `report replies --format json` says of its
// groups and of the mail still waiting.
type handoverReport struct {
	Groups []struct {
		Key      string `json:"key"`
		Breaches int    `json:"breaches"`
	} `json:"groups"`
	Unanswered []struct {
		MessageID   int64  `json:"message_id"`
		Owner       string `json:"owner"`
		AnswerOwner string `json:"answer_owner"`
	} `json:"unanswered"`
}

// wantChaseTomCountedToLily checks, two days after Hans's mail, that the
// weekly summary, the replies report's table and its JSON name Tom as
// whom to chase about it, and count it to Lily (shown as lilyShown). It
// returns the report's JSON.
func wantChaseTomCountedToLily(t *testing.T, r *digestRig, lilyShown string) handoverReport {
	t.Helper()
	const lily, tom = "lily@acme-export.com", "tom@acme-export.com"
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC))
	r.must(err)
	if text := sum.Text(); !strings.Contains(text, "(still waiting, owner Tom Wang (counted to "+lilyShown+"))") {
		t.Errorf("the summary:\n%s", text)
	}
	c := newCLI(t, r.path, r.env)
	now := t0.Add(48 * time.Hour).Format(time.RFC3339)
	var rep handoverReport
	out := c.mustRun("--now", now, "report", "replies", "--since", "2026-11-01", "--format", "json")
	r.must(json.Unmarshal([]byte(out), &rep))
	if len(rep.Unanswered) != 1 || rep.Unanswered[0].Owner != lily || rep.Unanswered[0].AnswerOwner != tom {
		t.Errorf("unanswered: %+v\n%s", rep.Unanswered, out)
	}
	table := c.mustRun("--now", now, "report", "replies", "--since", "2026-11-01")
	if strings.Count(table, "(Tom Wang, counted to "+lilyShown+")") != 2 {
		t.Errorf("the table's Breaches and Unanswered should name Tom, counted to Lily:\n%s", table)
	}
	return rep
}

// Lily left the team and her customers were not handed on yet: her
// mailbox is Tom's now, and the nudges of Hans's mail waiting past its
// target go to Tom, standing in. The lists that say whom to chase name
// Tom, not Lily who is gone: the weekly summary, the report's BY column
// and answer_owner in its JSON. The breach stays counted to Lily.
func TestReportsNameTheStandInOfAnOwnerWhoLeft(t *testing.T) {
	const lily = "lily@acme-export.com"
	r := newDigestRig(t, "", func(s string) string {
		s = strings.Replace(s, "[[salesperson]]\nemail = \"lily@acme-export.com\"\nname = \"Lily Chen\"\n", "", 1)
		return strings.Replace(s, "name = \"lily\"\nowner = \"lily@acme-export.com\"", "name = \"lily\"\nowner = \"tom@acme-export.com\"", 1)
	})
	if r.m.app.OnTeam()[lily] {
		t.Fatal("Lily is still on the team: the test shows nothing")
	}
	r.save("lily", inboundFrom("quote@globex.de", "hans@globex.de", "Quotation", t0))
	globex := r.customer("domain:globex.de")
	owner := lily
	r.must(r.m.db.SetCustomer(r.ctx, globex, store.CustomerChange{Owner: &owner}, t0.Add(-48*time.Hour), "test"))
	r.clock.Set(t0.Add(48 * time.Hour))
	r.must(r.m.measureReplies(r.ctx))

	wantChaseTomCountedToLily(t, r, lily)

	// A week on, the mail is older than the summary's week: its list of
	// mail still waiting from before names Lily, with Tom, who still has
	// the nudges, as the web report does ("owner now"), and not "counted
	// to" under a note that says it is counted in none of the figures.
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, time.Date(2026, 11, 16, 0, 30, 0, 0, time.UTC))
	r.must(err)
	if len(sum.OlderWaiting) != 1 || sum.OlderWaiting[0].AnswerOwner != "tom@acme-export.com" {
		t.Errorf("older waiting: %+v", sum.OlderWaiting)
	}
	text := sum.Text()
	at := strings.Index(text, "STILL WAITING FROM BEFORE THIS WEEK")
	if at < 0 {
		t.Fatalf("the summary lists no mail still waiting from before:\n%s", text)
	}
	older := text[at:]
	if !strings.Contains(older, "counted in none") || strings.Contains(older, "counted to") ||
		!strings.Contains(older, "(owner "+lily+" (owner now Tom Wang); message ") {
		t.Errorf("the summary's mail still waiting from before does not name Lily, owner now Tom:\n%s", text)
	}
}

// A script reads answer_owner from the summary's JSON as from `report
// replies --format json`: for Hans's mail still waiting past its target,
// with nobody handed anything, both say Lily, its owner, and so does the
// summary's list of mail still waiting from before a week on (a missing
// answer_owner would read as the pool's "").
func TestSummaryJSONNamesTheAnswerOwnerAsTheReportDoes(t *testing.T) {
	r := newDigestRig(t, "")
	const lily = "lily@acme-export.com"
	r.save("lily", inboundFrom("quote@globex.de", "hans@globex.de", "Quotation", t0))
	globex := r.customer("domain:globex.de")
	owner := lily
	r.must(r.m.db.SetCustomer(r.ctx, globex, store.CustomerChange{Owner: &owner}, t0.Add(-48*time.Hour), "test"))
	r.clock.Set(t0.Add(48 * time.Hour))
	r.must(r.m.measureReplies(r.ctx))
	c := newCLI(t, r.path, r.env)

	var rep handoverReport
	r.must(json.Unmarshal([]byte(c.mustRun("--now", t0.Add(48*time.Hour).Format(time.RFC3339), "report", "replies", "--since", "2026-11-01", "--format", "json")), &rep))
	if len(rep.Unanswered) != 1 || rep.Unanswered[0].AnswerOwner != lily {
		t.Fatalf("report replies: %+v", rep.Unanswered)
	}
	type breach struct {
		Owner       string  `json:"owner"`
		AnswerOwner *string `json:"answer_owner"`
		Answered    bool    `json:"answered"`
	}
	var sum struct {
		Replies struct {
			Breaches []breach `json:"breaches"`
		} `json:"replies"`
		OlderWaiting []breach `json:"older_waiting"`
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", "2026-11-09T08:40:00+08:00", "summary", "--format", "json")), &sum))
	if b := sum.Replies.Breaches; len(b) != 1 || b[0].Answered || b[0].Owner != lily || b[0].AnswerOwner == nil || *b[0].AnswerOwner != lily {
		t.Errorf("the summary's breaches: %+v", b)
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", "2026-11-16T08:40:00+08:00", "summary", "--format", "json")), &sum))
	if b := sum.OlderWaiting; len(b) != 1 || b[0].Owner != lily || b[0].AnswerOwner == nil || *b[0].AnswerOwner != lily {
		t.Errorf("the summary's mail still waiting from before: %+v", b)
	}
}

// Lily's customer Globex is released to the pool while Hans's mail, which
// reached Tom's mailbox, waits past its target. The production judge files
// a pooled customer's mail to the owner of the mailbox it reached (else the
// manager): answer_owner in `report replies --format json` and in the
// summary's breaches is Tom, not the "" of mail nobody answers.
func TestAnswerOwnerOfAPooledCustomersMailIsTheMailboxOwner(t *testing.T) {
	r := newDigestRig(t, "")
	const lily, tom = "lily@acme-export.com", "tom@acme-export.com"
	r.save("tom", inboundFrom("quote@globex.de", "hans@globex.de", "Quotation", t0))
	globex := r.customer("domain:globex.de")
	owner := lily
	r.must(r.m.db.SetCustomer(r.ctx, globex, store.CustomerChange{Owner: &owner}, t0.Add(-48*time.Hour), "test"))
	r.clock.Set(t0.Add(time.Hour))
	r.must(r.m.measureReplies(r.ctx))
	pool := ""
	r.must(r.m.db.SetCustomer(r.ctx, globex, store.CustomerChange{Owner: &pool}, t0.Add(24*time.Hour), "boss@acme-export.com"))
	r.clock.Set(t0.Add(48 * time.Hour))
	r.must(r.m.measureReplies(r.ctx))

	c := newCLI(t, r.path, r.env)
	var rep handoverReport
	out := c.mustRun("--now", t0.Add(48*time.Hour).Format(time.RFC3339), "report", "replies", "--since", "2026-11-01", "--format", "json")
	r.must(json.Unmarshal([]byte(out), &rep))
	if len(rep.Unanswered) != 1 || rep.Unanswered[0].AnswerOwner != tom {
		t.Errorf("report replies' unanswered: %+v, want answer_owner %s\n%s", rep.Unanswered, tom, out)
	}
	var sum struct {
		Replies struct {
			Breaches []struct {
				AnswerOwner string `json:"answer_owner"`
			} `json:"breaches"`
		} `json:"replies"`
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", "2026-11-09T08:40:00+08:00", "summary", "--format", "json")), &sum))
	if b := sum.Replies.Breaches; len(b) != 1 || b[0].AnswerOwner != tom {
		t.Errorf("the summary's breaches: %+v, want answer_owner %s", b, tom)
	}
}
