package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Hans's December letter was due on 1 December and waits for a follow-up
// to end; Lily is away from 2 December until 6 January. The next
// morning's digest says what the send's last look will do now: it is not
// sent in her name, as /forecast and `keepwarm greetings plan` say, not
// that it waits for the follow-up.
func TestDigestJudgesADueLettersSenderAwayNow(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "2026-12.tmpl"), []byte("subject: December news\n--- text\n{{.Contact.Salutation}},\n\nwhat is new.\n\n{{.Owner.Signature}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, c := greetApp(t, func(s string) string {
		s = strings.Replace(s, `signature = "Lily Chen\nSales Manager, Lumina Export"`,
			`signature = "Lily Chen\nSales Manager, Lumina Export"`+"\n"+`away = [{ from = "2026-12-02", until = "2027-01-06" }]`, 1)
		return s + "\n[greetings]\nletters_dir = \"" + dir + "\"\nenglish_for = [\"*\"]\n"
	}, t0)
	msg, err := a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: c.ID, Sequence: "key-customer", Step: 1,
		Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 3),
		Mailbox: "lily", Owner: c.Owner, To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	g, err := a.NewGreetings(nil)
	if err != nil || g == nil {
		t.Fatalf("greetings: %v", err)
	}
	d, err := a.NewDigests(g, nil).BuildAll(ctx, c.Owner, t0)
	if err != nil {
		t.Fatal(err)
	}
	const away = "lily@lumina-export.example is away (config) and not back before the letter's month ends: it is not sent in their name while they are away"
	for _, l := range [][]sequences.DigestGreeting{d.GreetingsSent, d.Greetings} {
		for _, gr := range l {
			if gr.Occasion == "monthly letter 2026-12" {
				if gr.Status != "away" || gr.Reason != away {
					t.Fatalf("the letter due on 1 December: %+v; want not sent, %q", gr, away)
				}
				return
			}
		}
	}
	t.Fatalf("no December letter in the digest: %+v / %+v", d.GreetingsSent, d.Greetings)
}
