package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// offTeamReads is the store's digest source, counting the reads of the
// mail of owners not on the team that reach it.
type offTeamReads struct {
	*digestSource
	n int
}

func (s *offTeamReads) UnansweredOffTeam(ctx context.Context, team []string, now time.Time) ([]keepwarm.Nudge, error) {
	s.n++
	return s.digestSource.UnansweredOffTeam(ctx, team, now)
}

// A digest run reads the mail of owners not on the team once, not once a
// person (after a 100,000-message sync each read took some 7 ms, every
// running clock's owner), and each person's digest still lists what is
// theirs: the mail a departed owner's customer wrote to Lily's mailbox is
// on Lily's digest alone.
func TestADigestRunReadsTheMailOfOwnersOffTheTeamOnce(t *testing.T) {
	ctx := context.Background()
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, time.FixedZone("CST", 8*3600))
	w := newFUApp(t, "", asked)
	w.save("lily", keepwarm.Message{MessageID: "order-1@wayne.example", From: keepwarm.Address{Email: "bruce@wayne.example"},
		To: []keepwarm.Address{{Email: "lily@lumina-export.example"}}, Subject: "Order for March", SubjectKey: "order for march",
		Date: asked, Kind: keepwarm.KindInbound, CustomerKey: "domain:wayne.example",
		Contacts: []keepwarm.Address{{Email: "bruce@wayne.example"}}}, "")
	c, err := w.a.DB.ResolveCustomer(ctx, "domain:wayne.example")
	if err != nil {
		t.Fatal(err)
	}
	gone := "gone@lumina-export.example"
	if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &gone}, asked, "test"); err != nil {
		t.Fatal(err)
	}
	now := asked.Add(72 * time.Hour)
	if _, err := sequences.NewReplyWatch(w.a.ReplyConfig(), w.a.DB, w.a.Log).Measure(ctx, now); err != nil {
		t.Fatal(err)
	}
	cfg := w.a.DigestConfig(nil, nil)
	cfg.NotifyMailbox, cfg.NotifyFrom = "sales", keepwarm.Address{Email: "keepwarm@lumina-export.example"}
	if len(cfg.People) < 2 {
		t.Fatalf("digest people: %+v", cfg.People)
	}
	src := &offTeamReads{digestSource: w.a.DigestSource()}
	if _, err := sequences.NewDigests(cfg, src, w.a.Log).Run(ctx, now); err != nil {
		t.Fatal(err)
	}
	if src.n != 1 {
		t.Errorf("the mail of owners off the team read %d times in a run of %d digests", src.n, len(cfg.People))
	}
	items, err := w.a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	digests := map[string]string{}
	for _, it := range items {
		if it.Origin == sequences.OriginDigest {
			digests[it.To[0].Email] = it.Text
		}
	}
	if len(digests) != len(cfg.People) {
		t.Fatalf("digests queued for %d of %d people: %v", len(digests), len(cfg.People), items)
	}
	for to, text := range digests {
		listed := strings.Contains(text, "Order for March") && strings.Contains(text, "customer of "+gone)
		if listed != (to == "lily@lumina-export.example") {
			t.Errorf("%s's digest lists the mail of a customer of %s: %v\n%s", to, gone, listed, text)
		}
	}
}
