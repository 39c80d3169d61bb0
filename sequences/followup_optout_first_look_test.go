package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Lily's quotation and Hans's answer to it, "Please remove us from your
// mailing list", are stored in the same sync (the daemon was down
// overnight, or it is the first sync): the follow-up job sees the answer
// at its first look, before any follow-up exists. The wish is kept as it
// is when the answer comes one look later: Hans is opted out, with the
// company when he asks for it, and the mail is not followed up, saying
// why. An ordinary answer only makes the mail answered.
func TestAnOptOutAnswerSeenAtTheFirstLookIsKept(t *testing.T) {
	for _, c := range []struct {
		text             string
		address, company bool
	}{
		{"Please remove us from your mailing list, we don't need these offers.", true, true},
		{"Please remove me from your mailing list.", true, false},
		{"Thank you, we will check the prices and come back to you.", false, false},
	} {
		t.Run(c.text, func(t *testing.T) {
			ctx := context.Background()
			w := newFUWorld(t, "A")
			a := w.msg("stop-first@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", day0.Add(time.Hour), "q-1@seller.example")
			a.Snippet = c.text
			w.save("lily", "INBOX", a)
			w.run(day0.Add(2 * time.Hour))

			if list, err := w.db.ListEnrollments(ctx, w.cid); err != nil || len(list) != 0 {
				t.Fatalf("enrollments %+v (%v); want none", list, err)
			}
			skips, err := w.db.FollowUpSkips(ctx, w.cid, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			wantReason := keepwarm.SkipAnswered
			if c.address {
				wantReason = keepwarm.SkipOptedOut
			}
			if len(skips) != 1 || skips[0].Reason != wantReason {
				t.Fatalf("skips %+v; want one %s", skips, wantReason)
			}
			blocked, err := w.db.BlockedAddresses(ctx, []string{"hans@buyer.de"})
			if err != nil {
				t.Fatal(err)
			}
			if got := blocked["hans@buyer.de"] == "opted-out"; got != c.address {
				t.Fatalf("hans@ opted out = %t; want %t (%v)", got, c.address, blocked)
			}
			if c.address && !strings.Contains(skips[0].Detail, "asked for no more mail: hans@buyer.de") {
				t.Errorf("skip detail %q; want who asked", skips[0].Detail)
			}
			rec, err := w.db.Customer(ctx, w.cid)
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.OptedOutAt != nil; got != c.company {
				t.Fatalf("customer opted out = %t (%q); want %t", got, rec.OptOutReason, c.company)
			}
			if c.company && (!strings.Contains(rec.OptOutReason, "hans@buyer.de") || !strings.Contains(skips[0].Detail, "whole company")) {
				t.Fatalf("customer's reason %q, skip detail %q; want hans@ asking for the whole company", rec.OptOutReason, skips[0].Detail)
			}
		})
	}
}
