package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Lily wrote to Ute in the Globex thread whose follow-up writes to Hans:
// keepwarm set the mail aside to be followed up by hand. Tuesday's digest
// counts it in its subject and tells her to write to Ute herself, until Ute
// answers or Lily writes to her again in the thread: then the customer's
// page no longer lists it under "To follow up by hand", and the digest
// neither counts it nor tells her to chase a contact who answered.
func TestDigestByHandLeavesAMailAnsweredOrWrittenToAgain(t *testing.T) {
	tue := t0.Add(24 * time.Hour)
	for _, c := range []struct {
		name  string
		since func(r *digestRig)
	}{
		{"Ute answered", func(r *digestRig) {
			m := inboundFrom("ute-re@globex.de", "ute@globex.de", "RE: Quotation LED panels", t0.Add(5*time.Hour), "ute-ask@acme-export.com")
			m.SubjectKey = "quotation led panels"
			r.save("lily", m)
		}},
		{"Lily wrote to Ute again", func(r *digestRig) {
			r.save("lily", lilyReply("ute-again@acme-export.com", "ute@globex.de", "Quotation LED panels", t0.Add(6*time.Hour), "ute-ask@acme-export.com"))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newDigestRig(t, "")
			r.save("lily", inboundFrom("q@globex.de", "hans@globex.de", "Quotation LED panels", t0))
			ask := r.save("lily", lilyReply("ute-ask@acme-export.com", "ute@globex.de", "Quotation LED panels", t0.Add(time.Hour), "q@globex.de"))
			am, err := r.m.db.GetMessage(r.ctx, ask)
			r.must(err)
			globex := r.customer("domain:globex.de")
			_, err = r.m.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: am.ThreadID, CustomerID: globex, Sequence: "key-customer",
				Status: keepwarm.EnrollActive, AnchorID: ask, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 3), Mailbox: "lily",
				Owner: "lily@acme-export.com", To: []keepwarm.Address{{Email: "hans@globex.de"}}, CreatedAt: t0, UpdatedAt: t0})
			r.must(err)
			r.must(r.m.db.RecordSkip(r.ctx, keepwarm.FollowUpSkip{MessageID: ask, ThreadID: am.ThreadID, CustomerID: globex,
				Reason: keepwarm.SkipOtherContacts, CreatedAt: t0.Add(2 * time.Hour),
				Detail: "a follow-up of this thread to hans@globex.de is running: follow this mail to ute@globex.de up by hand"}))
			lily := func() string {
				out := newCLI(t, r.path, r.env).mustRun("--now", tue.Format(time.RFC3339), "digest", "--salesperson", "lily@acme-export.com")
				return out
			}
			before := lily()
			for _, want := range []string{"to follow up by hand", "write to them yourself"} {
				if !strings.Contains(before, want) {
					t.Fatalf("the digest before %s lacks %q:\n%s", c.name, want, before)
				}
			}
			c.since(r)
			after := lily()
			for _, lack := range []string{"to follow up by hand", "write to them yourself", "To follow up by hand"} {
				if strings.Contains(after, lack) {
					t.Errorf("after %s the digest still says %q:\n%s", c.name, lack, after)
				}
			}
		})
	}
}
