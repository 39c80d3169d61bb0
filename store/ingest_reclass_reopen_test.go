package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Tom's offer to Globex is followed up, with a call task open. His mail
// from his second brand's address in the thread ("the invoice is
// attached"), Cc'd to the team mailbox, is stored from the team INBOX first
// as Globex's answer; the follow-up job ends the enrollment as answered,
// closes the call task, and an older offer in another thread is skipped as
// answered by it. When its Sent copy makes it Tom's own mail, all of that
// is undone.
func TestSentCopyReopensWhatTheAliasMailEnded(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	parseAs := func(header, body string, role keepwarm.FolderRole) keepwarm.Message {
		t.Helper()
		m := aliasTeam.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), role)
		if m.ParseError != "" {
			t.Fatal(m.ParseError)
		}
		return m
	}
	offer := parseAs("From: Tom <tom@team.example>\r\nTo: Buyer <buyer@globex.example>\r\nSubject: Offer for pumps\r\n"+
		"Date: Thu, 01 Oct 2026 09:00:00 +0000\r\nMessage-ID: <offer-9@team.example>\r\nContent-Type: text/plain\r\n\r\n",
		"Dear buyer,\r\nour offer for the pumps: could you confirm the quantity?\r\n", keepwarm.RoleSent)
	r0 := save(t, db, at(offer, "tom", "Sent", 1, t0.Add(-48*time.Hour)))
	offerMsg, err := db.GetMessage(ctx, r0.NewIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	aliasRaw := "From: Tom <tom@brand-alias.example>\r\nTo: Buyer <buyer@globex.example>\r\nCc: team@team.example\r\n" +
		"Subject: Re: Offer for pumps\r\nDate: Thu, 01 Oct 2026 09:00:00 +0000\r\nMessage-ID: <alias-9@brand-alias.example>\r\n" +
		"In-Reply-To: <offer-9@team.example>\r\nContent-Type: text/plain\r\n\r\n"
	aliasBody := "Dear buyer,\r\nthe invoice is attached.\r\n"
	inbox := parseAs(aliasRaw, aliasBody, keepwarm.RoleInbox)
	if inbox.Kind != keepwarm.KindInbound {
		t.Fatalf("INBOX copy classified %s; the test needs inbound", inbox.Kind)
	}
	e, err := db.Enroll(ctx, keepwarm.Enrollment{
		ThreadID: offerMsg.ThreadID, CustomerID: offerMsg.CustomerID, Sequence: "standard", Status: keepwarm.EnrollActive,
		Step: 2, AnchorID: offerMsg.ID, AnchorAt: t0.Add(-48 * time.Hour), ClockAt: t0.Add(-48 * time.Hour), DueAt: t0.Add(24 * time.Hour),
		To: []keepwarm.Address{{Email: "buyer@globex.example"}}, CreatedAt: t0, UpdatedAt: t0,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "seq:1:2", EnrollmentID: e.ID, CustomerID: offerMsg.CustomerID,
		ThreadID: offerMsg.ThreadID, Owner: "tom@team.example", Title: "Call Globex", DueAt: t0, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}

	r1 := save(t, db, at(inbox, "team", "INBOX", 1, t0.Add(time.Second)))
	alias := r1.NewIDs[0]
	// What the follow-up job did in the minutes before Tom's Sent was
	// synced.
	e.Status, e.Reason, e.StoppedBy = keepwarm.EnrollReplied, "answered by tom@brand-alias.example", alias
	if _, err := db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	tasks, err := db.ListTasks(ctx, false, "")
	if err != nil || len(tasks) != 1 {
		t.Fatalf("open tasks %v (%v); want the call", tasks, err)
	}
	if err := db.TaskAnswered(ctx, tasks[0].ID, t0.Add(time.Minute), "no call needed: tom@brand-alias.example answered", alias); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordSkip(ctx, keepwarm.FollowUpSkip{MessageID: 999, ThreadID: 77, CustomerID: offerMsg.CustomerID,
		Reason: keepwarm.SkipAnswered, Detail: keepwarm.AnsweredByDetail("tom@brand-alias.example"), CreatedAt: t0.Add(time.Minute)},
		keepwarm.FollowUpSkip{MessageID: 998, ThreadID: 78, CustomerID: offerMsg.CustomerID,
			Reason: keepwarm.SkipAnswered, Detail: keepwarm.AnsweredByDetail("buyer@globex.example"), CreatedAt: t0.Add(time.Minute)},
		// Mail whose "answer" asked for no more mail (read at the first
		// look, before a follow-up existed), and one a buyer's did.
		keepwarm.FollowUpSkip{MessageID: 997, ThreadID: 79, CustomerID: offerMsg.CustomerID,
			Reason: keepwarm.SkipOptedOut, Detail: keepwarm.OptedOutByDetail("tom@brand-alias.example") + ", for the whole company (tom@brand-alias.example asked for the whole company in an answer to a follow-up)", CreatedAt: t0.Add(time.Minute)},
		keepwarm.FollowUpSkip{MessageID: 996, ThreadID: 80, CustomerID: offerMsg.CustomerID,
			Reason: keepwarm.SkipOptedOut, Detail: keepwarm.OptedOutByDetail("tom@brand-alias.example.cn"), CreatedAt: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := db.OptOut(ctx, keepwarm.OptOut{Email: "tom@brand-alias.example", MessageID: alias, Reason: "answer with opt-out wording",
		CustomerID: offerMsg.CustomerID, CompanyReason: "tom@brand-alias.example asked for the whole company"}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}

	// Meanwhile the follow-up of another offer to Globex ended at its
	// step: nobody there could be written to after the company's opt-out.
	offer2 := parseAs("From: Tom <tom@team.example>\r\nTo: Buyer <buyer@globex.example>\r\nSubject: Offer for valves\r\n"+
		"Date: Thu, 01 Oct 2026 10:00:00 +0000\r\nMessage-ID: <offer-10@team.example>\r\nContent-Type: text/plain\r\n\r\n",
		"Dear buyer,\r\nour offer for the valves: could you confirm the quantity?\r\n", keepwarm.RoleSent)
	offer2Msg, err := db.GetMessage(ctx, save(t, db, at(offer2, "tom", "Sent", 3, t0.Add(-47*time.Hour))).NewIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if offer2Msg.ThreadID == offerMsg.ThreadID {
		t.Fatal("the second offer needs a thread of its own")
	}
	e2, err := db.Enroll(ctx, keepwarm.Enrollment{
		ThreadID: offer2Msg.ThreadID, CustomerID: offer2Msg.CustomerID, Sequence: "standard", Status: keepwarm.EnrollActive,
		Step: 1, AnchorID: offer2Msg.ID, AnchorAt: t0.Add(-47 * time.Hour), ClockAt: t0.Add(-47 * time.Hour), DueAt: t0.Add(time.Minute),
		To: []keepwarm.Address{{Email: "buyer@globex.example"}}, CreatedAt: t0, UpdatedAt: t0,
	})
	if err != nil {
		t.Fatal(err)
	}
	e2.Status, e2.Reason, e2.UpdatedAt = keepwarm.EnrollOptedOut, "no recipient may be written to: buyer@globex.example (opted-out)", t0.Add(2*time.Minute)
	if _, err := db.UpdateEnrollment(ctx, e2); err != nil {
		t.Fatal(err)
	}

	save(t, db, at(parseAs(aliasRaw, aliasBody, keepwarm.RoleSent), "tom", "Sent", 2, t0))

	if m, err := db.GetMessage(ctx, alias); err != nil || m.Kind != keepwarm.KindOutbound {
		t.Fatalf("alias mail is %s (%v); want outbound", m.Kind, err)
	}
	got, err := db.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.EnrollActive || got.StoppedBy != 0 || got.Reason == "answered by tom@brand-alias.example" {
		t.Errorf("enrollment %s stopped by %d, %q; want active again", got.Status, got.StoppedBy, got.Reason)
	}
	if tasks, err := db.ListTasks(ctx, false, ""); err != nil || len(tasks) != 1 || !tasks[0].DoneAt.IsZero() || tasks[0].Outcome != "" {
		t.Errorf("open tasks %+v (%v); want the call open again", tasks, err)
	}
	if n := count(t, db, `SELECT count(*) FROM followup_skips WHERE reason = 'answered' AND detail LIKE '%brand-alias%'`); n != 0 {
		t.Errorf("%d 'answered' skips still name the alias", n)
	}
	if n := count(t, db, `SELECT count(*) FROM followup_skips WHERE message_id = 998`); n != 1 {
		t.Error("a skip answered by the buyer was dropped")
	}
	if n := count(t, db, `SELECT count(*) FROM followup_skips WHERE message_id = 997`); n != 0 {
		t.Error("the skip of the alias's \"opt-out\" still stands")
	}
	if n := count(t, db, `SELECT count(*) FROM followup_skips WHERE message_id = 996`); n != 1 {
		t.Error("a skip of another address's opt-out was dropped")
	}
	if n := count(t, db, `SELECT count(*) FROM opt_outs WHERE email = 'tom@brand-alias.example'`); n != 0 {
		t.Error("the alias is still opted out")
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE id = ? AND (opted_out_at IS NOT NULL OR opt_out_reason != '')`, offerMsg.CustomerID); n != 0 {
		t.Error("Globex is still opted out as a whole by the alias's mail")
	}
	if got, err := db.GetEnrollment(ctx, e2.ID); err != nil || got.Status != keepwarm.EnrollPaused || !got.PausedByPerson ||
		!strings.Contains(got.Reason, "tom@brand-alias.example") {
		t.Errorf("the valves' follow-up the company's opt-out ended: %s by person %t, %q (%v); want paused for a person, naming the mail", got.Status, got.PausedByPerson, got.Reason, err)
	}
}
