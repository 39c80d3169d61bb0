package sequences_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

var (
	usBuyer = customer{key: "domain:acme-us.com", name: "Acme Inc.", grade: "A", country: "US", tz: "America/New_York",
		lang: "en", email: "bob@acme-us.com", contact: "Bob Smith", tags: "LED panel 60x60, LED high bay"}
	deBuyer = customer{key: "domain:globex.de", name: "Globex GmbH", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "de", email: "hans@globex.de", contact: "Hans Meier"}
)

// The engine and the outbox wake as the daemon's would through the day
// before Thanksgiving 2026 (and the night around it): the US buyer gets
// one greeting, in his local morning of his last working day before the
// holiday, read back from his INBOX; the German buyer gets nothing.
func TestThanksgivingGreetingOnceInTheLocalMorning(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
		r := newGreetRig(t, srv, start)
		r.add(usBuyer)
		r.add(deBuyer)
		r.start(nil)
		r.replayWakes(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC))

		got := r.inbox("bob@acme-us.com")
		if len(got) != 1 || r.sentTo("bob@acme-us.com") != 1 {
			t.Fatalf("Bob's INBOX holds %d message(s), %d SMTP send(s): %+v", len(got), r.sentTo("bob@acme-us.com"), got)
		}
		m := got[0]
		ny, _ := time.LoadLocation("America/New_York")
		local := m.Date.In(ny)
		if m.Subject != "Happy Thanksgiving" || !strings.Contains(m.From, lily) ||
			local.Format("2006-01-02") != "2026-11-25" || local.Hour() < 9 || local.Hour() >= 12 {
			t.Fatalf("greeting: subject %q from %q at %s (New York)", m.Subject, m.From, local)
		}
		if !strings.Contains(m.Body, "Dear Bob") || !strings.Contains(m.Body, "Acme Inc.") || !strings.Contains(m.Body, "Lily Chen") {
			t.Fatalf("greeting body:\n%s", m.Body)
		}
		if n := len(r.inbox("hans@globex.de")); n != 0 || r.sentTo("hans@globex.de") != 0 {
			t.Fatalf("the German buyer got %d message(s) on US Thanksgiving", n)
		}
		// Filed in Lily's Sent, once, with the same Message-ID.
		sent := mailtest.Raw(t, srv, lily, "Sent")
		if len(sent) != 1 || !strings.Contains(string(sent[0]), m.MessageID) {
			t.Fatalf("Lily's Sent holds %d message(s)", len(sent))
		}
		items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginGreeting})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || !strings.HasPrefix(items[0].Key, "greet:") || !strings.HasSuffix(items[0].Key, ":thanksgiving:2026") ||
			items[0].Status != keepwarm.OutboxSent {
			t.Fatalf("outbox: %+v", items)
		}
	})
}

// Eid reaches the customer in AE on the last working day before it (and
// not the one in DE); a contact's birthday greeting reaches that contact on
// the day, in German for a German contact.
func TestEidAndBirthdayGreetings(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC))
	r.add(customer{key: "domain:gulf-trade.ae", name: "Gulf Trade LLC", grade: "B", country: "AE", tz: "Asia/Dubai",
		lang: "en", email: "omar@gulf-trade.ae", contact: "Omar Haddad"})
	de := deBuyer
	de.birthday = "1975-03-21"
	r.add(de)
	r.start(nil)
	r.replayWakes(time.Date(2026, 3, 22, 0, 0, 0, 0, time.UTC))

	eid := r.inbox("omar@gulf-trade.ae")
	if len(eid) != 1 || eid[0].Subject != "Eid Mubarak from Lily Chen" {
		t.Fatalf("Omar's INBOX: %+v", eid)
	}
	dubai, _ := time.LoadLocation("Asia/Dubai")
	// Eid al-Fitr 1447 is Friday 20 March 2026; the UAE's days off run
	// from 29 Ramadan, Wednesday the 18th: the greeting goes on Tuesday
	// the 17th.
	if d := eid[0].Date.In(dubai); d.Format("2006-01-02") != "2026-03-17" || d.Hour() < 9 || d.Hour() >= 12 {
		t.Fatalf("Eid greeting sent at %s Dubai time", d)
	}
	bday := r.inbox("hans@globex.de")
	if len(bday) != 1 || bday[0].Subject != "Herzlichen Glückwunsch zum Geburtstag, Hans Meier!" || !strings.Contains(bday[0].Body, "Guten Tag Hans") {
		t.Fatalf("Hans's INBOX: %+v", bday)
	}
	if d := bday[0].Date.In(time.FixedZone("CET", 3600)); d.Format("2006-01-02") != "2026-03-21" {
		t.Fatalf("birthday greeting sent at %s Berlin time", d)
	}
}

// The December letter reaches the A and B customers once, each in their
// language and with their products; C customers, opted-out customers and
// bounced addresses get nothing; a customer written to in the last 7 days is
// skipped; and the plan made before the month is exactly what is sent.
func TestMonthlyLetterMatchesThePlan(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"christmas"}
	r.cfg.Grades = []string{"A", "B"}
	r.cfg.SkipIfWrittenWithin = 7 * 24 * time.Hour
	r.cfg.Senders[lily] = sequences.GreetingSender{Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: lily},
		Signature: "Lily Chen", LettersPerDay: 2}
	r.add(usBuyer)
	r.add(deBuyer)
	r.add(customer{key: "domain:iberia.es", name: "Iberia Import SL", grade: "B", country: "ES", tz: "Europe/Madrid",
		lang: "es", email: "lucia@iberia.es", contact: "Lucía García", tags: "bombillas LED"})
	r.add(customer{key: "domain:small.fr", name: "Small SARL", grade: "C", country: "FR", tz: "Europe/Paris", lang: "fr",
		email: "marc@small.fr", contact: "Marc Petit"})
	r.add(customer{key: "domain:quiet.co.uk", name: "Quiet Ltd", grade: "A", country: "GB", tz: "Europe/London", lang: "en",
		email: "amy@quiet.co.uk", contact: "Amy Jones", optedOut: true})
	r.add(customer{key: "domain:gone.com.au", name: "Gone Pty", grade: "B", country: "AU", tz: "Australia/Sydney", lang: "en",
		email: "old@gone.com.au", contact: "Old Address", bounced: true})
	r.add(customer{key: "domain:dead.it", name: "Dead Srl", grade: "E", country: "IT", tz: "Europe/Rome", lang: "en",
		email: "gino@dead.it", contact: "Gino Rossi"})
	busyID, _ := r.add(customer{key: "domain:busy.nl", name: "Busy BV", grade: "A", country: "NL", tz: "Europe/Amsterdam", lang: "en",
		email: "piet@busy.nl", contact: "Piet de Vries"})
	r.wroteTo(busyID, "piet@busy.nl", time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
	r.cfg.EnglishFor = []string{"de", "fr"} // the letter has English and Spanish only
	r.start(map[string]string{
		// The products only where the customer has some: Hans and Marc
		// have none.
		"2026-12.tmpl":    "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news for {{.Customer.Name}}{{with .Products}}: {{join . \", \"}}{{end}}.\n\n{{.Owner.Signature}}\n",
		"2026-12.es.tmpl": "subject: Novedades de {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}}:\n\nnovedades para {{.Customer.Name}}{{with .Products}}: {{join . \", \"}}{{end}}.\n\n{{.Owner.Signature}}\n",
	})

	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	type msg struct{ to, subject string }
	var planned []msg
	reasons := map[string]string{}
	for _, it := range plan.Items {
		switch it.Status {
		case sequences.PlanPlanned:
			planned = append(planned, msg{it.To.Email, it.Subject})
		case sequences.PlanSkip:
			reasons[it.To.Email] = it.Reason
		default:
			t.Fatalf("plan item %s is %s before the month", it.Key, it.Status)
		}
	}
	for addr, want := range map[string]string{"amy@quiet.co.uk": "opted out", "old@gone.com.au": "bounced", "piet@busy.nl": "written to on 2026-11-28"} {
		if !strings.Contains(reasons[addr], want) {
			t.Errorf("plan: %s should be skipped (%s), got %q", addr, want, reasons[addr])
		}
	}
	// Every customer gets the letter by default (the C customer too), but
	// not grade E (no demand).
	if !slices.ContainsFunc(planned, func(m msg) bool { return m.to == "marc@small.fr" }) {
		t.Errorf("the C customer is not in the plan")
	}
	if _, ok := reasons["gino@dead.it"]; ok || slices.ContainsFunc(planned, func(m msg) bool { return m.to == "gino@dead.it" }) {
		t.Errorf("a grade E customer is in the plan")
	}

	r.replayWakes(time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC))
	var sent []msg
	for _, addr := range []string{"bob@acme-us.com", "hans@globex.de", "lucia@iberia.es", "marc@small.fr", "amy@quiet.co.uk", "old@gone.com.au", "piet@busy.nl", "gino@dead.it"} {
		for _, m := range r.inbox(addr) {
			sent = append(sent, msg{addr, m.Subject})
		}
	}
	less := func(a, b msg) int { return strings.Compare(a.to+a.subject, b.to+b.subject) }
	slices.SortFunc(planned, less)
	slices.SortFunc(sent, less)
	if !slices.Equal(planned, sent) {
		t.Fatalf("plan and INBOXes differ\nplanned: %v\nsent:    %v", planned, sent)
	}
	for _, want := range []msg{
		{"bob@acme-us.com", "News from Lily Chen, December 2026"},
		{"hans@globex.de", "News from Lily Chen, December 2026"},
		{"lucia@iberia.es", "Novedades de Lily Chen, diciembre de 2026"},
		{"marc@small.fr", "News from Lily Chen, December 2026"},
		{"bob@acme-us.com", "Merry Christmas from Lily Chen"},
		{"lucia@iberia.es", "Feliz Navidad de parte de Lily Chen"},
	} {
		if !slices.Contains(sent, want) {
			t.Errorf("not received: %v", want)
		}
	}
	if len(sent) != 8 { // four letters, four Christmas greetings (US, DE, ES, NL)
		t.Errorf("received %d messages, want 8: %v", len(sent), sent)
	}
	for _, m := range r.inbox("lucia@iberia.es") {
		if strings.HasPrefix(m.Subject, "Novedades") && !strings.Contains(m.Body, "bombillas LED") {
			t.Errorf("Lucía's letter lacks her products:\n%s", m.Body)
		}
	}
	// Later in the month, and again on the same instant: nothing new.
	before := len(r.smtp.Messages())
	r.clock.Set(time.Date(2027, 1, 1, 13, 0, 0, 0, time.UTC))
	r.replay(time.Date(2027, 1, 1, 13, 0, 0, 0, time.UTC), time.Minute)
	if after := len(r.smtp.Messages()); after != before {
		t.Fatalf("sent %d more after the month", after-before)
	}
	after, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range after.Items {
		if it.Status != string(keepwarm.OutboxSent) && it.Status != sequences.PlanSkip {
			t.Errorf("after the month, %s is %s", it.Key, it.Status)
		}
	}
}

// wroteTo stores an outbound message from Lily to the customer at at, as a
// sync of her Sent folder would.
func (r *greetRig) wroteTo(customerID int64, addr string, at time.Time) {
	r.t.Helper()
	res, err := r.raw.Exec(`INSERT INTO threads (customer_id, subject, created_at) VALUES (?, 'Quotation', ?)`, customerID, at.Unix())
	if err != nil {
		r.t.Fatal(err)
	}
	thread, _ := res.LastInsertId()
	if _, err := r.raw.Exec(`INSERT INTO messages (key, message_id, thread_id, customer_id, kind, from_email, to_addrs, subject,
		received_at, mailbox, folder_role, raw_header) VALUES ('q1@seller.example', 'q1@seller.example', ?, ?, 'outbound', ?, ?, 'Quotation', ?, 'lily', 'sent', x'')`,
		thread, customerID, lily, addr, at.Unix()); err != nil {
		r.t.Fatal(err)
	}
}

// A greeting template changed on disk (the console saves it) is taken by
// the running job at its next plan, without a restart; a set with problems
// is not, and the job keeps sending the one it has.
func TestGreetingTemplatesChangedOnDiskAreTakenWithoutARestart(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	var next *templates.Set
	var nextErr error
	r.cfg.Refresh = func(context.Context) (*templates.Set, bool, error) {
		s, err := next, nextErr
		next, nextErr = nil, nil
		return s, s != nil, err
	}
	r.start(nil)
	subject := func() string {
		t.Helper()
		plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range plan.Items {
			if it.Occasion == "christmas" {
				return it.Subject
			}
		}
		t.Fatalf("no Christmas greeting planned: %+v", plan.Items)
		return ""
	}
	if got := subject(); got != "Merry Christmas from Lily Chen" {
		t.Fatalf("before: %q", got)
	}
	set, err := templates.Load(templates.Defaults(), fstest.MapFS{"christmas.tmpl": {Data: []byte(
		"subject: Season's greetings from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nall the best for Christmas.\n\n{{.Owner.Signature}}\n")}})
	if err != nil {
		t.Fatal(err)
	}
	nextErr = errors.New("christmas.tmpl: line 3: unknown field .Contact.Nmae")
	if got := subject(); got != "Merry Christmas from Lily Chen" {
		t.Fatalf("after a refresh with problems: %q", got)
	}
	next = set
	if got := subject(); got != "Season's greetings from Lily Chen" {
		t.Fatalf("after the change: %q", got)
	}
}
