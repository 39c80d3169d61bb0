package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// BenchmarkOwnMail100k times the normal mail read around a dated
// out-of-office run that began 100 days back, over 100,000 stored messages
// (about 47,000 of them Lily's answers), for Tom, away all that time, and
// for Lily.
func BenchmarkOwnMail100k(b *testing.B) {
	ctx := context.Background()
	db, now := replyBenchDB(b, 100_000)
	team := []string{"lily@team.example", "tom@team.example"}
	tom := keepwarm.OwnMailQuery{Since: t0, At: now.Add(-24 * time.Hour), Alone: []string{"tom@team.example"},
		Shared: []string{"sales@team.example"}, Mailboxes: []string{"tom", "team"}, Team: team, Name: "Tom"}
	lily := keepwarm.OwnMailQuery{Since: t0, At: now.Add(-24 * time.Hour), Alone: []string{"lily@team.example"},
		Mailboxes: []string{"lily"}, Team: team, Name: "Lily"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range []keepwarm.OwnMailQuery{tom, lily} {
			if _, err := db.OwnMail(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// The normal mail around an out-of-office is read from the reply's
// instant outward through an index of the team's mail by sender or Sent
// folder, one row each way: not every outbound message since the run's
// first reply, months back for a long leave.
func TestOwnMailReadsOneRowEachWay(t *testing.T) {
	db := openTest(t)
	for _, name := range []string{"absences-own-mail-from-before", "absences-own-mail-from-after",
		"absences-own-mail-sent-before", "absences-own-mail-sent-after"} {
		plan, err := explain(db, q(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(plan, "messages_outbound_") || strings.Contains(plan, "messages_kind") ||
			strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s does not read the team's mail by sender or Sent folder in order:\n%s", name, plan)
		}
	}
}

// OwnMail finds the latest and first normal mail around an instant as
// the query says whose it is.
func TestOwnMailAround(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	at := t0.Add(10 * 24 * time.Hour)
	out := func(key, mailbox, name, from string, when time.Time) {
		m := msg(key)
		m.Kind, m.From, m.Date = keepwarm.KindOutbound, keepwarm.Address{Name: name, Email: from}, when
		m.RawHeader = []byte("Message-ID: <" + key + ">\r\n")
		save(t, db, keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: "Sent", Role: keepwarm.RoleSent,
			UIDValidity: 1, UID: uint32(when.Unix() % 100000), InternalDate: when}})
	}
	out("l1@x", "lily", "Lily Chen", "lily@team.example", at.Add(-72*time.Hour))
	out("t1@x", "shared", "Tom Wang", "sales@team.example", at.Add(-time.Hour))
	out("t2@x", "shared", "Tom Wang", "sales@team.example", at.Add(time.Hour))
	out("a1@x", "shared", "Lily Chen", "lily.chen@alias.example", at.Add(5*time.Hour))
	out("l2@x", "shared", "Lily Chen", "sales@team.example", at.Add(9*time.Hour))
	q := keepwarm.OwnMailQuery{Since: t0, At: at, Alone: []string{"lily@team.example"}, Shared: []string{"sales@team.example"},
		Mailboxes: []string{"lily", "shared"}, Team: []string{"lily@team.example", "tom@team.example", "sales@team.example"}, Name: "lily chen"}
	got, err := db.OwnMail(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !got.LastBefore.Equal(at.Add(-72*time.Hour)) || !got.FirstAfter.Equal(at.Add(5*time.Hour)) {
		t.Errorf("Lily's mail around %v: %+v; want her own 72 h before and her alias 5 h after", at, got)
	}
	q.Name = ""
	if got, err = db.OwnMail(ctx, q); err != nil || !got.FirstAfter.IsZero() {
		t.Errorf("with no name to tell her by: %+v, %v; want nothing after", got, err)
	}
}
