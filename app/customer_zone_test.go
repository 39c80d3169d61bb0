package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// A German buyer who is in no customer book (created from his mail: no
// country, no zone) writes with Date +0100: the resend reaches him inside
// the 09:00-17:00 window in his own time, not at 02:00 because Shanghai's
// window opened; his monthly letter is planned in the same zone.
func TestResendToABuyerOutsideTheBookLandsInTheirDay(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// Monday 2 November 2026: Hans asks at 10:00 Berlin, Lily quotes at
	// 18:30 Shanghai (11:30 Berlin), after her own working day.
	asked := time.Date(2026, 11, 2, 10, 0, 0, 0, berlin)
	quoted := time.Date(2026, 11, 2, 18, 30, 0, 0, shanghai)
	letters := t.TempDir()
	letter := "subject: News, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n"
	if err := os.WriteFile(filepath.Join(letters, "2026-12.tmpl"), []byte(letter), 0o600); err != nil {
		t.Fatal(err)
	}
	// letter_grades with "": his letter, though he is ungraded and outside the book.
	w := newFUApp(t, fmt.Sprintf("\n[greetings]\nletters_dir = %q\nletter_grades = [\"A\", \"B\", \"C\", \"D\", \"\"]\n", letters), asked)
	w.inquiryAndQuote(asked, quoted, "Lily Chen")
	it, ok := w.runUntilQueued(quoted.Add(time.Hour))
	if !ok {
		t.Fatalf("nothing queued: %+v %+v", w.enrollments(), w.skips())
	}
	local := it.DueAt.In(berlin)
	if h := local.Hour(); h < 9 || h >= 17 {
		t.Fatalf("the resend goes at %s in Berlin (%s in Shanghai), outside 09:00-17:00 their time",
			local.Format("Mon 15:04"), it.DueAt.In(shanghai).Format("Mon 15:04"))
	}
	c, err := w.a.DB.ResolveCustomer(context.Background(), hansMeier.Email)
	if err != nil {
		t.Fatal(err)
	}
	if c.Country != "" || c.TimeZone != "" {
		t.Fatalf("the book placed him: %+v", c)
	}
	g, err := w.a.NewGreetings(nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := g.PlanMonth(context.Background(), "2026-12", quoted)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range plan.Items {
		if p.CustomerID == c.ID {
			found = true
			if p.TimeZone != "UTC+01:00" || p.Location() == nil || p.Location().String() != "UTC+01:00" {
				t.Errorf("his %s is planned in %q, want UTC+01:00 as the follow-up", p.Key, p.TimeZone)
			}
		}
	}
	if !found {
		t.Errorf("no letter planned for him: %+v", plan)
	}
}

// The zone a customer's mail gives: the offset most of their last five
// mails were written in, the latest among equals; a Date without a usable
// offset does not count; the customer book's country or zone comes first;
// with no usable mail, the team's zone.
func TestCustomerLocationFromTheirMail(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		offsets []string // oldest first
		book    string   // a country set in the book
		want    string
	}{
		{name: "one mail", offsets: []string{"+0100"}, want: "UTC+01:00"},
		{name: "most of the last five", offsets: []string{"+0100", "-0500", "+0100", "+0100", "-0500"}, want: "UTC+01:00"},
		{name: "the latest among equals", offsets: []string{"+0100", "-0500"}, want: "UTC-05:00"},
		{name: "only the last five", offsets: []string{"+0100", "+0100", "+0100", "+0530", "+0530", "+0530", "-0000", "+0530"}, want: "UTC+05:30"},
		{name: "unusable dates", offsets: []string{"-0000", "GMT"}, want: "Asia/Shanghai"},
		{name: "UTC tells nothing", offsets: []string{"+0000", "+0000"}, want: "Asia/Shanghai"},
		{name: "no mail", want: "Asia/Shanghai"},
		{name: "the book first", offsets: []string{"+0100"}, book: "US", want: "America/New_York"},
		// A country of several zones: the one the mail was written in, at
		// the mail's instant (2 November: summer time is over in the US,
		// on in Sydney but not in Brisbane).
		{name: "Los Angeles in the US", offsets: []string{"-0800"}, book: "US", want: "America/Los_Angeles"},
		{name: "Denver in the US", offsets: []string{"-0700"}, book: "US", want: "America/Denver"},
		{name: "Chicago in the US", offsets: []string{"-0600", "-0600", "-0800"}, book: "US", want: "America/Chicago"},
		{name: "Vladivostok in Russia", offsets: []string{"+1000"}, book: "RU", want: "Asia/Vladivostok"},
		{name: "Brisbane in Australia", offsets: []string{"+1000"}, book: "AU", want: "Australia/Brisbane"},
		{name: "Perth in Australia", offsets: []string{"+0800"}, book: "AU", want: "Australia/Perth"},
		{name: "a country of one zone", offsets: []string{"-0800"}, book: "DE", want: "Europe/Berlin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFUApp(t, "", t0)
			for i, off := range tc.offsets {
				at := t0.Add(time.Duration(i) * time.Hour)
				id := "m" + string(rune('a'+i)) + "@globex.de"
				w.save("sales", keepwarm.Message{MessageID: id, From: hansMeier, To: []keepwarm.Address{{Email: salesAddr}},
					Subject: "Question", SubjectKey: "question", Date: at, Kind: keepwarm.KindInbound,
					CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}},
					strings.Replace(at.Format("Mon, 2 Jan 2006 15:04:05 -0700"), "+0000", off, 1))
			}
			// His server's out-of-office reply and the team's own mail to
			// him say nothing of where Hans is.
			w.save("sales", keepwarm.Message{MessageID: "ooo-1@globex.de", From: hansMeier, To: []keepwarm.Address{{Email: salesAddr}},
				Subject: "Automatic reply", SubjectKey: "automatic reply", Date: t0.Add(20 * time.Hour), Kind: keepwarm.KindAutoReply,
				CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "Mon, 2 Nov 2026 21:00:00 -0800")
			w.save("sales", keepwarm.Message{MessageID: "tom-1@lumina-export.example", From: keepwarm.Address{Email: salesAddr},
				To: []keepwarm.Address{hansMeier}, Subject: "Hello", SubjectKey: "hello", Date: t0.Add(24 * time.Hour),
				Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}},
				t0.Add(24*time.Hour).In(w.a.Cfg.TeamLocation()).Format(time.RFC1123Z))
			c, err := w.a.DB.ResolveCustomer(context.Background(), hansMeier.Email)
			if err != nil {
				t.Fatal(err)
			}
			if tc.book != "" {
				if err := w.a.DB.SetCustomer(context.Background(), c.ID, store.CustomerChange{Country: &tc.book}, t0, "test"); err != nil {
					t.Fatal(err)
				}
				if c, err = w.a.DB.CustomerForSequence(context.Background(), c.ID); err != nil {
					t.Fatal(err)
				}
			}
			if got := w.a.CustomerLocation(c).String(); got != tc.want {
				t.Errorf("CustomerLocation = %s, want %s", got, tc.want)
			}
		})
	}
}

// The zone read from a customer's mail is kept a while (the jobs ask on
// every tick), and read again after: Hans's new mail from New York counts
// once the kept answer is old.
func TestMailZoneIsKeptAWhile(t *testing.T) {
	w := newFUApp(t, "", t0)
	write := func(id, off string, at time.Time) {
		t.Helper()
		w.save("sales", keepwarm.Message{MessageID: id, From: hansMeier, To: []keepwarm.Address{{Email: salesAddr}},
			Subject: "Question", SubjectKey: "question", Date: at, Kind: keepwarm.KindInbound,
			CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}},
			strings.Replace(at.UTC().Format("Mon, 2 Jan 2006 15:04:05 -0700"), "+0000", off, 1))
	}
	write("z1@globex.de", "+0100", t0)
	c, err := w.a.DB.ResolveCustomer(context.Background(), hansMeier.Email)
	if err != nil {
		t.Fatal(err)
	}
	clock := w.a.Clock.(*keepwarm.ManualClock)
	if got := w.a.CustomerLocation(c).String(); got != "UTC+01:00" {
		t.Fatalf("first: %s", got)
	}
	for i, off := range []string{"-0500", "-0500"} {
		write(fmt.Sprintf("z%d@globex.de", i+2), off, t0.Add(time.Duration(i+1)*time.Minute))
	}
	clock.Set(t0.Add(5 * time.Minute))
	if got := w.a.CustomerLocation(c).String(); got != "UTC+01:00" {
		t.Fatalf("within the kept while: %s", got)
	}
	clock.Set(t0.Add(20 * time.Minute))
	if got := w.a.CustomerLocation(c).String(); got != "UTC-05:00" {
		t.Fatalf("after it: %s", got)
	}
}

// A customer's time zone "Local", kept by an older import or edit, is the
// process's zone, not the customer's: the country's is used.
func TestCustomerLocationSkipsLocal(t *testing.T) {
	w := newFUApp(t, "", t0)
	if got := w.a.CustomerLocation(keepwarm.Customer{TimeZone: "Local", Country: "DE"}).String(); got != "Europe/Berlin" {
		t.Errorf("CustomerLocation = %s, want Europe/Berlin", got)
	}
}
