package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// TestReplyUnseenWaitsForTheText: Bob answers a mail of Lily's keepwarm
// never saw, and his answer is stored from its header alone (its text
// left to the backfill). What he quotes may be the team's automatic
// receipt, so nothing is inferred yet: his first mail still waits. When
// his text comes in and quotes Lily's words, the thread is measured
// again and his first mail is answered, at a time not known.
func TestReplyUnseenWaitsForTheText(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Lily has answered a customer before: her address is a team sender.
	p0 := msg("p0@acme")
	p0.Subject, p0.SubjectKey = "samples", "samples"
	save(t, db, at(p0, "team", "INBOX", 1, t0.Add(-2*time.Hour)))
	r0 := lilyAnswer("r0@team", "p0@acme")
	r0.Subject, r0.SubjectKey = "RE: samples", "samples"
	save(t, db, at(r0, "lily", "Sent", 1, t0.Add(-2*time.Hour+3*time.Minute)))

	save(t, db, at(msg("c1@acme"), "team", "INBOX", 2, t0))
	c2 := headerOnly("c2@acme")
	c2.Subject = "Re: Quotation for pumps"
	c2.To = []keepwarm.Address{{Email: "lily@team.example"}}
	c2.InReplyTo, c2.References = []string{"x1@phone.example"}, []string{"c1@acme", "x1@phone.example"}
	save(t, db, at(c2, "team", "INBOX", 3, t0.Add(5*time.Minute)))
	measure(t, db, t0.Add(6*time.Minute))
	if c := clockOf(t, db, "c1@acme"); c.UnseenBy != 0 || !c.Open() {
		t.Fatalf("c2's text not read yet: c1 still waits: %+v", c)
	}

	id := int64(count(t, db, `SELECT id FROM messages WHERE key = 'c2@acme'`))
	fill := keepwarm.TextFills{Mailbox: "team", Folder: "INBOX", UIDValidity: 1, Filled: []keepwarm.TextFill{
		{MessageID: id, Snippet: "Great, please send the PI. > Dear Bob, the quotation is attached.", BodySize: 200}}}
	if n, err := db.FillTexts(ctx, fill); err != nil || n != 1 {
		t.Fatalf("fill: %d, %v", n, err)
	}
	measure(t, db, t0.Add(7*time.Minute))
	if c := clockOf(t, db, "c1@acme"); c.UnseenBy != id || c.Open() {
		t.Errorf("c2 quotes Lily's words: c1 answered by mail not seen: %+v", c)
	}
}
