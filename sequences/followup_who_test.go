package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// mail is a message between Lily and one buyer at buyer.de.
func (w *fuWorld) mail(id string, kind keepwarm.Kind, buyer, subject, text string, at time.Time, refs ...string) keepwarm.Message {
	m := w.msg(id, kind, subject, at, refs...)
	m.Snippet = text
	who := keepwarm.Address{Email: buyer + "@buyer.de"}
	m.Contacts = []keepwarm.Address{who}
	if kind == keepwarm.KindOutbound {
		m.To = []keepwarm.Address{who}
	} else {
		m.From = who
	}
	return m
}

func (w *fuWorld) enrollmentOf(thread int64) keepwarm.Enrollment {
	w.t.Helper()
	list, err := w.db.ListEnrollments(context.Background(), w.cid)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, e := range list {
		if e.ThreadID == thread {
			return e
		}
	}
	w.t.Fatalf("no enrollment of thread %d in %+v", thread, list)
	return keepwarm.Enrollment{}
}

func (w *fuWorld) threadOf(messageKey string) int64 {
	w.t.Helper()
	var id int64
	list, err := w.db.ListEnrollments(context.Background(), w.cid)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, e := range list {
		m, err := w.db.GetMessage(context.Background(), e.AnchorID)
		if err == nil && m.Key == messageKey {
			id = e.ThreadID
		}
	}
	if id == 0 {
		w.t.Fatalf("%s is not followed up: %+v", messageKey, list)
	}
	return id
}

// Two buyers of one company on separate projects: a colleague's mail stops
// neither follow-up unless the sequence says stop_on_company; a newer
// quotation to the same buyer supersedes the older one, one to another
// buyer does not.
func TestColleaguesDoNotStopAFollowUp(t *testing.T) {
	for _, company := range []bool{false, true} {
		name := "per contact"
		dir := ""
		if company {
			name = "stop_on_company"
			dir = t.TempDir()
			body, err := os.ReadFile("defaults/key-customer.toml")
			if err != nil {
				t.Fatal(err)
			}
			body = []byte(strings.Replace(string(body), "[stop]\n", "[stop]\nstop_on_company = true\n", 1))
			if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), body, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(name, func(t *testing.T) {
			w := newFUWorldWith(t, "A", dir)
			// Hans got q-1 (the world's quotation); buyer5 gets q-5.
			w.save("lily", "Sent", w.mail("q-5@seller.example", keepwarm.KindOutbound, "buyer5", "Quotation cables", "Dear Ms. Five, our offer.", day0.Add(time.Hour)))
			w.run(day0.Add(2 * time.Hour))
			hansThread, fiveThread := w.threadOf("q-1@seller.example"), w.threadOf("q-5@seller.example")
			// buyer4 asks about something else, buyer5 sends an auto-reply.
			w.save("lily", "INBOX", w.mail("i-4@buyer.de", keepwarm.KindInbound, "buyer4", "Inquiry: cable trays", "Please quote cable trays.", day0.Add(3*time.Hour)))
			ooo := w.mail("ooo-5@buyer.de", keepwarm.KindAutoReply, "buyer5", "Automatic reply", "Out of office", day0.Add(4*time.Hour), "q-5@seller.example")
			ooo.AutoReplyUntil = day0.AddDate(0, 0, 1)
			w.save("lily", "INBOX", ooo)
			w.run(day0.Add(5 * time.Hour))
			h, f := w.enrollmentOf(hansThread), w.enrollmentOf(fiveThread)
			if company {
				if h.Status != keepwarm.EnrollReplied || f.Status != keepwarm.EnrollReplied || !strings.Contains(h.Reason, "buyer4@buyer.de") {
					t.Fatalf("stop_on_company: hans %s (%s), buyer5 %s (%s)", h.Status, h.Reason, f.Status, f.Reason)
				}
				return
			}
			if h.Status != keepwarm.EnrollActive || f.Status != keepwarm.EnrollPaused {
				t.Fatalf("a colleague stopped a follow-up: hans %s (%s), buyer5 %s (%s)", h.Status, h.Reason, f.Status, f.Reason)
			}
			// A newer quotation to buyer5 supersedes the first; Hans's stays.
			w.save("lily", "Sent", w.mail("q-5b@seller.example", keepwarm.KindOutbound, "buyer5", "Quotation cables, revised", "Revised offer.", day0.Add(6*time.Hour)))
			w.run(day0.Add(7 * time.Hour))
			if h, f := w.enrollmentOf(hansThread), w.enrollmentOf(fiveThread); h.Status != keepwarm.EnrollActive || f.Status != keepwarm.EnrollSuperseded {
				t.Fatalf("after the revised quotation: hans %s (%s), buyer5 %s (%s)", h.Status, h.Reason, f.Status, f.Reason)
			}
			// Hans answers: only his follow-up ends.
			w.save("lily", "INBOX", w.mail("a-1@buyer.de", keepwarm.KindInbound, "hans", "Re: Quotation LED panels", "Thanks, we will check.", day0.Add(8*time.Hour), "q-1@seller.example"))
			w.run(day0.Add(9 * time.Hour))
			if h := w.enrollmentOf(hansThread); h.Status != keepwarm.EnrollReplied {
				t.Fatalf("hans answered: %s (%s)", h.Status, h.Reason)
			}
			if n := len(liveOf(t, w)); n != 1 {
				t.Fatalf("%d live enrollments, want the revised quotation's", n)
			}
		})
	}
}

func liveOf(t *testing.T, w *fuWorld) []keepwarm.Enrollment {
	t.Helper()
	list, err := w.db.ListEnrollments(context.Background(), w.cid, keepwarm.EnrollActive, keepwarm.EnrollPaused)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// Mail that expects no answer is not followed up, and the reason is kept;
// a sequence with enroll = "all" follows it up.
func TestInformationalMailIsNotFollowedUp(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.save("lily", "INBOX", w.mail("i-2@buyer.de", keepwarm.KindInbound, "buyer2", "Samples", "Please send samples.", day0.Add(time.Hour)))
	w.save("lily", "Sent", w.mail("s-2@seller.example", keepwarm.KindOutbound, "buyer2", "Re: Samples",
		"Dear Mr. Two, the samples go out today by DHL; tracking number follows.", day0.Add(2*time.Hour), "i-2@buyer.de"))
	w.run(day0.Add(3 * time.Hour))
	skips, err := w.db.FollowUpSkips(context.Background(), 0, day0)
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) != 1 || skips[0].Reason != keepwarm.SkipInformational || !strings.Contains(skips[0].Detail, "shipping notice") ||
		skips[0].Subject != "Re: Samples" || skips[0].Customer != "domain:buyer.de" {
		t.Fatalf("skips: %+v", skips)
	}
	if n := len(liveOf(t, w)); n != 1 {
		t.Fatalf("%d live enrollments, want only the quotation's", n)
	}
	w.run(day0.Add(4 * time.Hour)) // recorded once
	if skips, _ := w.db.FollowUpSkips(context.Background(), 0, day0); len(skips) != 1 {
		t.Fatalf("skips: %+v", skips)
	}

	dir := t.TempDir()
	body, err := os.ReadFile("defaults/key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(strings.Replace(string(body), "mode = \"send\"\n", "mode = \"send\"\nenroll = \"all\"\n", 1))
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), body, 0o600); err != nil {
		t.Fatal(err)
	}
	all := newFUWorldWith(t, "A", dir)
	all.save("lily", "Sent", all.mail("s-3@seller.example", keepwarm.KindOutbound, "buyer3", "Samples",
		"Dear Mr. Three, the samples go out today by DHL.", day0.Add(2*time.Hour)))
	all.run(day0.Add(3 * time.Hour))
	if n := len(liveOf(t, all)); n != 2 {
		t.Fatalf("enroll = all: %d live enrollments", n)
	}
}

// An answer already there when the mail is first seen is recorded as the
// reason; mail older than max_age as too old.
func TestAnsweredAndTooOldAreRecorded(t *testing.T) {
	w := newFUWorld(t, "A")
	w.save("lily", "INBOX", w.mail("a-1@buyer.de", keepwarm.KindInbound, "hans", "Re: Quotation LED panels", "Thanks.", day0.Add(time.Hour), "q-1@seller.example"))
	w.save("lily", "Sent", w.mail("old@seller.example", keepwarm.KindOutbound, "buyer9", "Quotation old", "Our offer.", day0.AddDate(0, 0, -20)))
	w.run(day0.Add(2 * time.Hour))
	skips, err := w.db.FollowUpSkips(context.Background(), w.cid, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range skips {
		got[s.Subject] = s.Reason
	}
	if got["Quotation LED panels"] != keepwarm.SkipAnswered || got["Quotation old"] != keepwarm.SkipTooOld || len(liveOf(t, w)) != 0 {
		t.Fatalf("skips %+v", skips)
	}
}

// Tom sends a quotation to Lily's customer from his own mailbox: its
// follow-up comes from Tom, signed by him, so "my mail" and the quote of
// it are his, not Lily's about her colleague's mail; the phone task is
// his too. Her own quotation's follow-up stays hers.
func TestAColleaguesQuotationIsFollowedUpInHisName(t *testing.T) {
	w := newFUWorld(t, "A")
	ctx := context.Background()
	owner := "lily@seller.example"
	if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	defs, _ := sequences.LoadDefinitions("")
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w.job = sequences.NewFollowUp(sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer",
		Identities: []sequences.Identity{
			{Mailbox: "lily", Owner: owner, Email: owner, Name: "Lily Chen", Signature: "Lily Chen\nExport Sales"},
			{Mailbox: "tom", Owner: "tom@seller.example", Email: "tom@seller.example", Name: "Tom Wu", Signature: "Tom Wu\nExport Sales"},
			{Mailbox: "team", Owner: "boss@seller.example", Email: "sales@seller.example", Name: "Seller Co. Sales"},
		},
		People:   map[string]string{owner: owner, "tom@seller.example": "tom@seller.example"},
		Location: func(keepwarm.Customer) *time.Location { return berlin },
		Tags:     w.db.CustomerTags,
	}, w.db, nil)
	q := w.mail("q-tom@seller.example", keepwarm.KindOutbound, "hans", "Quotation 5000 pcs LED strips",
		"Dear Hans, please find our quotation for 5000 pcs attached. Best regards, Tom Wu", day0.Add(time.Hour))
	q.From = keepwarm.Address{Name: "Tom Wu", Email: "tom@seller.example"}
	w.save("tom", "Sent", q)

	// A quotation from the shared team mailbox is followed up by the
	// customer's owner, whose call task it becomes, not by the manager who
	// owns the mailbox.
	qt := w.mail("q-team@seller.example", keepwarm.KindOutbound, "fritz", "Quotation spare parts",
		"Dear Fritz, please find the quotation for the spare parts. Seller Co. Sales", day0.Add(90*time.Minute))
	qt.From = keepwarm.Address{Name: "Seller Co. Sales", Email: "sales@seller.example"}
	w.save("team", "Sent", qt)

	w.run(day0.Add(2 * time.Hour))
	if e := w.enrollmentOf(w.threadOf("q-team@seller.example")); e.Mailbox != "lily" || e.Owner != owner {
		t.Fatalf("the team mailbox's quotation is followed up as %s from mailbox %s", e.Owner, e.Mailbox)
	}
	tomThread := w.threadOf("q-tom@seller.example")
	if e := w.enrollmentOf(tomThread); e.Mailbox != "tom" || e.Owner != "tom@seller.example" {
		t.Fatalf("Tom's quotation is followed up as %s from mailbox %s", e.Owner, e.Mailbox)
	}
	if e := w.enrollmentOf(w.threadOf("q-1@seller.example")); e.Mailbox != "lily" {
		t.Fatalf("Lily's own quotation is followed up from mailbox %s", e.Mailbox)
	}
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	var resend *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.InReplyTo == "q-tom@seller.example" {
			resend = &it
		}
	}
	if resend == nil {
		t.Fatalf("no follow-up of Tom's quotation: %+v", w.outbox())
	}
	if resend.Mailbox != "tom" || resend.From.Email != "tom@seller.example" || resend.From.Name != "Tom Wu" ||
		!strings.Contains(resend.Text, "Tom Wu\nExport Sales") || strings.Contains(resend.Text, "Lily") {
		t.Fatalf("the follow-up of Tom's quotation is not his: from %s (%s)\n%s", resend.From.Email, resend.Mailbox, resend.Text)
	}
}

// Lily lets the customer go back to the pool while her quotation is being
// followed up: the next step is not sent in her name; the follow-up stops
// and says why. A follow-up that starts after the release (a mail of the
// customer's next owner) is not touched.
func TestAFollowUpStopsWhenTheCustomerGoesBackToThePool(t *testing.T) {
	w := newFUWorld(t, "A")
	ctx := context.Background()
	owner := "lily@seller.example"
	if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	w.run(day0.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
		t.Fatalf("enrolled: %+v", e)
	}
	if err := w.db.ReleaseCustomer(ctx, w.cid, day0.AddDate(0, 0, 1), owner); err != nil {
		t.Fatal(err)
	}
	w.run(day0.AddDate(0, 0, 3))
	e := w.enrollment()
	if e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, "went back to the pool on 2026-11-03 (let go by "+owner+")") {
		t.Fatalf("after the release: %s %q", e.Status, e.Reason)
	}
	if n := len(w.outbox()); n != 0 {
		t.Fatalf("%d outbox items after the customer was let go", n)
	}
	// Lily claims the customer again later and writes a new quotation: that
	// one is followed up.
	if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Owner: &owner}, day0.AddDate(0, 0, 4), "manager"); err != nil {
		t.Fatal(err)
	}
	w.save("lily", "Sent", w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.AddDate(0, 0, 4)))
	w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
	if e := w.enrollmentOf(w.threadOf("q-2@seller.example")); e.Status != keepwarm.EnrollActive {
		t.Fatalf("the new quotation's follow-up: %s %q", e.Status, e.Reason)
	}
	w.run(day0.AddDate(0, 0, 7).Add(time.Minute))
	if n := len(w.outbox()); n != 1 {
		t.Fatalf("%d outbox items: want the new quotation's resend", n)
	}
}
