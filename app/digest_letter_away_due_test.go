package app

import (
	"context"
	"testing"
	"time"

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
	dir := decemberLettersDir(t)
	a, c := greetApp(t, func(s string) string {
		s = withLilyAway(s, "2026-12-02", "2027-01-06")
		return s + "\n[greetings]\nletters_dir = \"" + dir + "\"\nenglish_for = [\"*\"]\n"
	}, t0)
	enrollHansInAFollowUp(t, a, c, t0)
	g := mustGreetings(t, a)
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
