package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

var wroteUID uint32 = 100

func nextWroteUID() uint32 { wroteUID++; return wroteUID }

// wrote stores a message from c's contact to Lily, as sync would.
func (r *greetRig) wrote(c customer, at time.Time) {
	r.t.Helper()
	m := keepwarm.Message{
		Key: "w-" + c.email, MessageID: "w-" + c.email, Subject: "Hello", SubjectKey: "hello", Date: at,
		Kind: keepwarm.KindInbound, CustomerKey: c.key,
		From:      keepwarm.Address{Name: c.contact, Email: c.email},
		To:        []keepwarm.Address{{Email: lily}},
		Contacts:  []keepwarm.Address{{Name: c.contact, Email: c.email}},
		RawHeader: []byte("Message-ID: <w-" + c.email + ">\r\n"),
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: nextWroteUID(), InternalDate: at}}
	st := keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: in.Copy.UID, SyncedAt: at}
	if _, err := r.db.SaveBatch(context.Background(), st, []keepwarm.Incoming{in}); err != nil {
		r.t.Fatal(err)
	}
}

// automated records a follow-up mail keepwarm sent to addr at at.
func (r *greetRig) automated(key, addr string, at time.Time) {
	r.t.Helper()
	it, _, err := r.db.Enqueue(r.ctx, keepwarm.OutboxItem{
		Key: key, MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: addr}}, Subject: "Re: Quotation",
		Text: "Did you receive my mail?", Mode: keepwarm.ModeSend, Origin: "sequence", DueAt: at, CreatedAt: at,
	})
	if err != nil {
		r.t.Fatal(err)
	}
	claimed, err := r.db.ClaimDue(r.ctx, at, 10)
	if err != nil || len(claimed) != 1 || claimed[0].ID != it.ID {
		r.t.Fatalf("claim: %+v %v", claimed, err)
	}
	if err := r.db.MarkSent(r.ctx, it.ID, at); err != nil {
		r.t.Fatal(err)
	}
}

// Greetings go only to contacts who wrote to the team, and not to one who
// already got two automated mails in the last 7 days: that one waits, and
// the plan says why.
func TestGreetingsOnlyToWritersAndUnderTheCap(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	// Thanksgiving greetings go on the last working day before it.
	start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	r := newGreetRig(t, srv, start)
	r.cfg.AnyContact = false
	silent := customer{key: "domain:quiet-us.com", name: "Quiet Corp", grade: "A", country: "US", tz: "America/New_York",
		lang: "en", email: "sam@quiet-us.com", contact: "Sam Quiet"}
	busy := customer{key: "domain:busy-us.com", name: "Busy Corp", grade: "A", country: "US", tz: "America/New_York",
		lang: "en", email: "bea@busy-us.com", contact: "Bea Busy"}
	r.add(usBuyer)
	r.add(silent)
	r.add(busy)
	r.wrote(usBuyer, start.AddDate(0, -1, 0))
	r.wrote(busy, start.AddDate(0, -1, 0))
	r.automated("seq:91:0", busy.email, start.AddDate(0, 0, -5))
	r.automated("seq:91:1", busy.email, start.AddDate(0, 0, -1))
	r.start(nil)
	noon := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC) // 11:00 in New York
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", noon)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, it := range plan.Items {
		if it.Occasion == "thanksgiving" {
			reasons[it.To.Email] = it.Status + ": " + it.Reason
		}
	}
	if _, ok := reasons[silent.email]; ok {
		t.Errorf("a contact who never wrote is planned a greeting: %v", reasons)
	}
	if got := reasons[busy.email]; !strings.Contains(got, "waits until 2026-11-26 19:00 EST") || !strings.Contains(got, "2 automated mail(s)") {
		t.Errorf("the capped contact's plan: %q", got)
	}
	r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	if r.sentTo(usBuyer.email) != 1 || r.sentTo(silent.email) != 0 || r.sentTo(busy.email) != 0 {
		t.Fatalf("sent: bob %d, sam %d, bea %d", r.sentTo(usBuyer.email), r.sentTo(silent.email), r.sentTo(busy.email))
	}
}

// A follow-up step to a contact who already got two automated mails this
// week waits until the older leaves the 7 days, inside the window.
func TestFollowUpStepWaitsForTheContactCap(t *testing.T) {
	w := newFUWorld(t, "A")
	w.twoGreetingsToHans()
	w.run(day0.AddDate(0, 0, 3))
	e := w.enrollment()
	if n := len(w.outbox()); n != 2 || !strings.Contains(e.Reason, "hans@buyer.de already has 2 automated mail(s)") {
		t.Fatalf("day 3: %d items, enrollment %s (%s)", n, e.Status, e.Reason)
	}
	// The first greeting leaves the window on day 8 at 09:06.
	if want := day0.AddDate(0, 0, 8); !e.DueAt.Equal(want) {
		t.Fatalf("waits until %s, want %s", e.DueAt, want)
	}
	w.run(day0.AddDate(0, 0, 8))
	if items := w.outbox(); len(items) != 3 || items[2].Subject != "Re: Quotation LED panels" {
		t.Fatalf("day 8: %+v", items)
	}
}

// The cap's reason tells the time in the salesperson's zone: Lily in
// Shanghai reads 16:06 CST (09:06 in Berlin), not 08:06 UTC.
func TestFollowUpCapReasonInTheSalespersonsZone(t *testing.T) {
	w := newFUWorld(t, "A")
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.PersonLocation = func(string) *time.Location { return shanghai }
	})
	w.twoGreetingsToHans()
	w.run(day0.AddDate(0, 0, 3))
	if e := w.enrollment(); !strings.Contains(e.Reason, "waits until 2026-11-10 16:06 CST: hans@buyer.de already has 2") || strings.Contains(e.Reason, "UTC") {
		t.Fatalf("the cap's reason: %q", e.Reason)
	}
}

// twoGreetingsToHans starts the world's follow-up, then sends Hans two
// greetings-like automated mails on days 1 and 2: his weekly cap is full
// until day 8.
func (w *fuWorld) twoGreetingsToHans() {
	w.t.Helper()
	w.run(day0.Add(time.Minute))
	for i, d := range []int{1, 2} {
		at := day0.AddDate(0, 0, d)
		if _, _, err := w.db.Enqueue(context.Background(), keepwarm.OutboxItem{
			Key: "greet:test:" + string(rune('a'+i)), MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
			From: keepwarm.Address{Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
			Subject: "Greetings", Text: "Hello", Mode: keepwarm.ModeSend, Origin: "greeting", DueAt: at, CreatedAt: at,
		}); err != nil {
			w.t.Fatal(err)
		}
		w.sendAll(at)
	}
}
