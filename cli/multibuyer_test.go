package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// One company, several buyers on separate projects, on a real Dovecot: a
// quotation to buyer1 while buyer4 and buyer7 send other inquiries that are
// answered; a quotation to buyer5 whose only answer is an auto-reply, while
// buyer2 answers another quotation. Each unanswered quotation gets its own
// resend in its own thread on day 3 inside the customer's window, then the
// introduction, then the call task: no colleague stops them. With
// stop_on_company = true the colleagues' mail does.
func TestBuyersOfOneCompanyAreFollowedUpApart(t *testing.T) {
	for _, company := range []bool{false, true} {
		name := "per buyer"
		if company {
			name = "stop_on_company"
		}
		t.Run(name, func(t *testing.T) { multiBuyer(t, company) })
	}
}

func buyer(n string) string { return "buyer" + n + "@acme.test" }

func multiBuyer(t *testing.T, company bool) {
	srv := mailtest.StartDovecot(t)
	extra := ""
	if company {
		dir := t.TempDir()
		body, err := os.ReadFile("../sequences/defaults/key-customer.toml")
		if err != nil {
			t.Fatal(err)
		}
		body = []byte(strings.Replace(string(body), "[stop]\n", "[stop]\nstop_on_company = true\n", 1))
		if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), body, 0o600); err != nil {
			t.Fatal(err)
		}
		extra = "[sequences]\ndir = \"" + dir + "\"\n"
	}
	buyers := []string{"1", "2", "4", "5", "7"}
	for _, n := range buyers { // before the first login reads the passwd file
		srv.AddUser(t, buyer(n), "buyer-pw")
	}
	r := newSeqRig(t, srv, extra)
	// The SMTP server delivers into each buyer's own INBOX.
	var mu sync.Mutex
	deliver := map[string]func(mailtest.SMTPMessage) error{}
	for _, n := range buyers {
		deliver[buyer(n)] = mailtest.AppendTo(srv.Dial(t, buyer(n)), "INBOX")
	}
	r.smtp.OnMessage(func(m mailtest.SMTPMessage) error {
		mu.Lock()
		defer mu.Unlock()
		for _, to := range m.To {
			if d := deliver[strings.ToLower(to)]; d != nil {
				if err := d(m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	lily := "Lily Chen <" + mailtest.SMTPUser + ">"
	at := func(hhmm string) time.Time {
		h, _ := time.Parse("15:04", hhmm)
		return time.Date(2026, 11, 2, h.Hour(), h.Minute(), 0, 0, berlin)
	}
	put := func(folder string, m mailtest.Msg) {
		srv.Append(t, mailtest.SMTPUser, folder, m.Bytes(), m.Date)
	}
	put("Sent", mailtest.Msg{From: lily, To: "Anna One <" + buyer("1") + ">", Subject: "Quotation LED panels for the Lyon office",
		MessageID: "q-a@seller.example", Date: at("09:06"), Body: "Dear Ms. One,\r\nplease find our quotation for 800 LED panels attached.\r\n"})
	put("Sent", mailtest.Msg{From: lily, To: "Erik Five <" + buyer("5") + ">", Subject: "Quotation cable trays, warehouse 3",
		MessageID: "q-b@seller.example", Date: at("09:30"), Body: "Dear Mr. Five,\r\nour offer for the cable trays is attached.\r\n"})
	put("INBOX", mailtest.Msg{From: "Erik Five <" + buyer("5") + ">", To: lily, Subject: "Automatic reply: Quotation cable trays, warehouse 3",
		MessageID: "ooo-b@acme.test", InReplyTo: "q-b@seller.example", References: []string{"q-b@seller.example"}, Date: at("09:31"),
		Extra: []string{"Auto-Submitted: auto-replied"}, Body: "I am out of the office until 4 November 2026 with limited access to email.\r\n"})
	put("Sent", mailtest.Msg{From: lily, To: "Bea Two <" + buyer("2") + ">", Subject: "Quotation solar lamps",
		MessageID: "q-c@seller.example", Date: at("10:00"), Body: "Dear Ms. Two,\r\nour quotation for the solar lamps is attached.\r\n"})
	put("INBOX", mailtest.Msg{From: "Dan Four <" + buyer("4") + ">", To: lily, Subject: "Inquiry: emergency lights",
		MessageID: "i-4@acme.test", Date: at("11:00"), Body: "Hello Lily, do you make emergency lights for the Lille store?\r\n"})
	put("Sent", mailtest.Msg{From: lily, To: "Dan Four <" + buyer("4") + ">", Subject: "Re: Inquiry: emergency lights",
		MessageID: "r-4@seller.example", InReplyTo: "i-4@acme.test", References: []string{"i-4@acme.test"}, Date: at("11:10"),
		Body: "Dear Mr. Four,\r\nnoted, our engineer will call you today.\r\nLily\r\n"})
	put("INBOX", mailtest.Msg{From: "Bea Two <" + buyer("2") + ">", To: lily, Subject: "Re: Quotation solar lamps",
		MessageID: "a-2@acme.test", InReplyTo: "q-c@seller.example", References: []string{"q-c@seller.example"}, Date: at("13:00"),
		Body: "Thanks Lily, the price is fine, we will order next week.\r\n"})
	put("INBOX", mailtest.Msg{From: "Gil Seven <" + buyer("7") + ">", To: lily, Subject: "Inquiry: LED strip",
		MessageID: "i-7@acme.test", Date: at("14:00"), Body: "Hi, we need LED strip for a showroom. Can you help?\r\n"})
	put("Sent", mailtest.Msg{From: lily, To: "Gil Seven <" + buyer("7") + ">", Subject: "Re: Inquiry: LED strip",
		MessageID: "r-7@seller.example", InReplyTo: "i-7@acme.test", References: []string{"i-7@acme.test"}, Date: at("14:05"),
		Body: "Dear Mr. Seven,\r\nthank you, our colleague Tom will call you this afternoon.\r\nLily\r\n"})

	r.must(at("16:00"), "sync")
	db := r.db()
	ctx := context.Background()
	cust, err := db.ResolveCustomer(ctx, buyer("1"))
	if err != nil {
		t.Fatal(err)
	}
	grade, country := "A", "FR"
	if err := db.SetCustomer(ctx, cust.ID, store.CustomerChange{Grade: &grade, Country: &country}, seqDay0, "test"); err != nil {
		t.Fatal(err)
	}
	catalog := filepath.Join(t.TempDir(), "products.csv")
	if err := os.WriteFile(catalog, []byte("name,tags,pitch\nLED panel 60x60,led panel,\"40 W, 4000 lm\"\nCable tray,cable tray,Hot-dip galvanised\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.must(at("16:00"), "products", "import", catalog)
	r.tick(at("16:01"))

	list := enrollmentsOf(t, r, buyer("1"))
	if company {
		// buyer4 wrote after both quotations: with stop_on_company neither is followed up.
		for _, e := range list.Enrollments {
			if e.Status.Live() {
				t.Fatalf("stop_on_company: a live enrollment: %+v", e)
			}
		}
		// The days the steps would fall due (resend, introduction, call)
		// and one after.
		for _, d := range []int{3, 4, 7, 10} {
			r.tick(day(d))
		}
		if n := r.delivered(); n != 0 {
			t.Fatalf("stop_on_company: %d mail(s) sent", n)
		}
		return
	}
	live := map[string]keepwarm.Enrollment{}
	for _, e := range list.Enrollments {
		if e.Status.Live() {
			live[e.To[0].Email] = e
		}
	}
	if len(live) != 2 || live[buyer("1")].Status != keepwarm.EnrollActive || live[buyer("5")].ID == 0 {
		t.Fatalf("live enrollments: %+v", list.Enrollments)
	}
	reasons := map[string]string{}
	for _, s := range list.NotFollowed {
		reasons[s.Subject] = s.Reason
	}
	if reasons["Quotation solar lamps"] != keepwarm.SkipAnswered || reasons["Re: Inquiry: emergency lights"] != keepwarm.SkipInformational ||
		reasons["Re: Inquiry: LED strip"] != keepwarm.SkipInformational {
		t.Fatalf("not followed up: %+v", list.NotFollowed)
	}
	// Lily's digest names the mail not followed up for a reason other than
	// an answer: the two informational answers, not buyer2's quotation.
	digest := r.must(at("17:00"), "digest", "--salesperson", "lily@seller.example")
	if !strings.Contains(digest, "NOT FOLLOWED UP (2)") || !strings.Contains(digest, `"Re: Inquiry: emergency lights" to buyer4@acme.test`) ||
		!strings.Contains(digest, "informational") || strings.Contains(digest, `"Quotation solar lamps"`) {
		t.Fatalf("digest:\n%s", digest)
	}

	// Day 3 (Thursday 5 November), inside the customer's 09:00-17:00 (Paris).
	for _, d := range []time.Duration{0, 30 * time.Minute, time.Hour} {
		r.tick(day(3).Add(d))
	}
	for _, q := range []struct{ who, id, subject string }{
		{buyer("1"), "q-a@seller.example", "Re: Quotation LED panels for the Lyon office"},
		{buyer("5"), "q-b@seller.example", "Re: Quotation cable trays, warehouse 3"},
	} {
		got := inboxOf(t, srv, q.who)
		if len(got) != 1 {
			t.Fatalf("day 3: %s got %d message(s)", q.who, len(got))
		}
		h := got[0].Header
		date, _ := h.Date()
		paris, _ := time.LoadLocation("Europe/Paris")
		local := date.In(paris)
		if h.Get("In-Reply-To") != "<"+q.id+">" || h.Get("Subject") != q.subject || local.Day() != 5 || local.Hour() < 9 || local.Hour() >= 17 {
			t.Fatalf("%s's resend: In-Reply-To %s, Subject %q, at %s", q.who, h.Get("In-Reply-To"), h.Get("Subject"), local)
		}
	}
	for _, n := range []string{"2", "4", "7"} {
		if got := inboxOf(t, srv, buyer(n)); len(got) != 0 {
			t.Fatalf("%s got %d follow-up(s)", buyer(n), len(got))
		}
	}
	// Day 7: the introduction, not in the thread; day 10: the call.
	for _, d := range []time.Duration{0, 30 * time.Minute, time.Hour} {
		r.tick(day(7).Add(d))
	}
	for _, who := range []string{buyer("1"), buyer("5")} {
		got := inboxOf(t, srv, who)
		if len(got) != 2 || got[1].Header.Get("In-Reply-To") != "" {
			t.Fatalf("day 7: %s got %d message(s)", who, len(got))
		}
	}
	for _, d := range []time.Duration{0, 30 * time.Minute, time.Hour} {
		r.tick(day(10).Add(d))
	}
	if out := r.must(day(10).Add(2*time.Hour), "tasks"); strings.Count(out, "Phone the customer") != 2 {
		t.Fatalf("day 10 tasks:\n%s", out)
	}
	if n := r.delivered(); n != 4 {
		t.Fatalf("%d mails sent, want two resends and two introductions", n)
	}
}

type enrollmentsAll struct {
	Enrollments []keepwarm.Enrollment   `json:"enrollments"`
	NotFollowed []keepwarm.FollowUpSkip `json:"not_followed_up"`
}

func enrollmentsOf(t *testing.T, r *seqRig, customer string) enrollmentsAll {
	t.Helper()
	var out enrollmentsAll
	if err := json.Unmarshal([]byte(r.must(day(0), "enrollments", "--customer", customer, "--all", "--json")), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func inboxOf(t *testing.T, srv mailtest.Server, user string) []*mail.Message {
	t.Helper()
	var out []*mail.Message
	for _, raw := range mailtest.Raw(t, srv, user, "INBOX") {
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}
