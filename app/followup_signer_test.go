package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// A follow-up from the team's sales@, owned by Tom, of a quotation Lily
// wrote from it goes out signed "Lily Chen": Lily is the one told of it
// (her digest lists it as going out, then as sent in her name; her desk
// lists it as due), not Tom, who would read of her customer's mail in his
// digest while she hears nothing before it lands on Hans.
func TestFollowUpFromTheSharedMailboxIsToldToItsSigner(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom := "lily@lumina-export.example", "tom@lumina-export.example"
	w := newFUApp(t, "", asked)
	for i := range w.a.Cfg.Mailboxes {
		if w.a.Cfg.Mailboxes[i].Name == "sales" {
			w.a.Cfg.Mailboxes[i].Owner = tom
		}
	}
	job, err := w.a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.job = job
	ctx := context.Background()
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	// Enrolled: its first step is not queued yet.
	if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Owner != tom || enrs[0].SignedBy() != lily {
		t.Fatalf("enrollments: %+v", enrs)
	}
	due := func(v store.Viewer) int {
		list, err := w.a.DB.DueEnrollments(ctx, v, 0, asked.AddDate(0, 0, 30))
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if due(store.Viewer{Email: lily}) != 1 || due(store.Viewer{Email: tom}) != 0 {
		t.Errorf("the desk's due list: Lily %d, Tom %d", due(store.Viewer{Email: lily}), due(store.Viewer{Email: tom}))
	}
	digests := w.a.NewDigests(nil, nil)
	before := enrs[0].DueAt.Add(-time.Hour)
	for person, want := range map[string]int{lily: 1, tom: 0} {
		d, err := digests.BuildAll(ctx, person, before)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.DueFollowUps) != want {
			t.Errorf("%s's digest before the step: going out %+v", person, d.DueFollowUps)
		}
	}
	it, ok := w.runUntilQueued(asked.Add(time.Hour))
	if !ok || it.From.Name != "Lily Chen" {
		t.Fatalf("queued %v %+v", ok, it)
	}
	if _, err := w.a.DB.ClaimItems(ctx, []int64{it.ID}, it.DueAt); err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.MarkSent(ctx, it.ID, it.DueAt); err != nil {
		t.Fatal(err)
	}
	for person, want := range map[string]int{lily: 1, tom: 0} {
		d, err := digests.BuildAll(ctx, person, it.DueAt.Add(20*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.SentFollowUps) != want || strings.Contains(d.Text(), "globex") != (want == 1) {
			t.Errorf("%s's digest after the step: sent in their name %+v\n%s", person, d.SentFollowUps, d.Text())
		}
	}
}

// The step of that follow-up waits while Lily, whose name it goes out in,
// is away, as her digest says it does; Tom's absence does not hold it.
func TestFollowUpFromTheSharedMailboxWaitsForItsSigner(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom := "lily@lumina-export.example", "tom@lumina-export.example"
	for _, away := range []string{lily, tom} {
		t.Run(away, func(t *testing.T) {
			w := newFUApp(t, "", asked)
			for i := range w.a.Cfg.Mailboxes {
				if w.a.Cfg.Mailboxes[i].Name == "sales" {
					w.a.Cfg.Mailboxes[i].Owner = tom
				}
			}
			job, err := w.a.NewFollowUp(nil)
			if err != nil {
				t.Fatal(err)
			}
			w.job = job
			w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
			if _, err := w.a.DB.AddAbsence(context.Background(), keepwarm.Absence{Person: away, Backup: "grace@lumina-export.example",
				From: asked, Until: asked.AddDate(0, 0, 10)}, "grace@lumina-export.example", asked); err != nil {
				t.Fatal(err)
			}
			it, ok := w.runUntilQueued(asked.Add(time.Hour))
			if ok != (away == tom) {
				t.Errorf("%s away: queued %v %+v; enrollments %+v", away, ok, it, w.enrollments())
			}
		})
	}
}

// tomsMailbox adds Tom's own mailbox to followUpTeam (through newFUApp's
// sales@ keys, which the next [[mailbox]] ends).
const tomsMailbox = `
[[mailbox]]
name = "tom"
owner = "tom@lumina-export.example"
url = "imaps://mail.lumina-export.example"
username = "tom@lumina-export.example"
password_env = "KW_TEST_PASSWORD"
smtp_url = "smtps://mail.lumina-export.example"
`

// laterMail files a mail to Hans in the quotation's thread, sent at at
// from mailbox as from.
func (w *fuApp) laterMail(mailbox string, from keepwarm.Address, at time.Time) {
	w.t.Helper()
	w.save(mailbox, keepwarm.Message{MessageID: "later-" + mailbox + "@lumina-export.example", From: from,
		To: []keepwarm.Address{hansMeier}, Subject: "Re: RFQ: LED panels", SubjectKey: "rfq: led panels", Date: at,
		Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		InReplyTo: []string{"quote-1@lumina-export.example"}, References: []string{"rfq-1@globex.de", "quote-1@lumina-export.example"},
		Snippet: "Dear Mr. Meier, may I add that the panels can ship from stock. Could you confirm the quantity?",
		Text:    "Dear Mr. Meier,\n\nmay I add that the panels can ship from stock. Could you confirm the quantity?\n\nBest regards\n" + from.Name + "\n"},
		at.In(w.a.Cfg.TeamLocation()).Format(time.RFC1123Z))
}

// A later mail that takes the thread over takes the follow-up's signer
// with it: Lily's quotation from sales@ (Grace's) is followed up in her
// name, then Tom writes the next mail from his own mailbox, and the steps,
// now signed "Tom Wang", are Tom's: held while he is away (not while Lily
// is), in his digest and not in hers. The other way round, Tom's mail from
// his mailbox followed by Lily's from sales@ makes the steps Lily's, not
// Grace's.
func TestFollowUpSignerFollowsTheMailThatTakesTheThreadOver(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom, grace := "lily@lumina-export.example", "tom@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	t.Run("from sales@ to Tom's own mailbox", func(t *testing.T) {
		w := newFUApp(t, tomsMailbox, asked)
		w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
		if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].SignedBy() != lily {
			t.Fatalf("enrolled: %+v", enrs)
		}
		later := asked.Add(3 * time.Hour)
		w.laterMail("tom", keepwarm.Address{Name: "Tom Wang", Email: tom}, later)
		if _, err := w.job.Run(ctx, later.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		enrs := w.enrollments()
		if len(enrs) != 1 || enrs[0].Mailbox != "tom" || enrs[0].Signer != "" || enrs[0].SignedBy() != tom {
			t.Fatalf("after Tom's mail: %+v", enrs)
		}
		digests := w.a.NewDigests(nil, nil)
		for person, want := range map[string]int{tom: 1, lily: 0} {
			d, err := digests.BuildAll(ctx, person, enrs[0].DueAt.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.DueFollowUps) != want {
				t.Errorf("%s's digest: going out %+v", person, d.DueFollowUps)
			}
		}
		if _, err := w.a.DB.AddAbsence(ctx, keepwarm.Absence{Person: tom, Backup: grace,
			From: later, Until: later.AddDate(0, 0, 10)}, grace, later); err != nil {
			t.Fatal(err)
		}
		if it, ok := w.runUntilQueued(later.Add(20 * time.Minute)); ok {
			t.Fatalf("queued while Tom, whose name it goes in, is away: %+v", it)
		}
		if enrs := w.enrollments(); len(enrs) != 1 || !strings.Contains(enrs[0].Reason, tom+" is away") {
			t.Errorf("held: %+v", enrs)
		}
	})
	t.Run("from Tom's own mailbox to sales@", func(t *testing.T) {
		w := newFUApp(t, tomsMailbox, asked)
		w.save("tom", keepwarm.Message{MessageID: "rfq-1@globex.de", From: hansMeier, To: []keepwarm.Address{{Email: tom}},
			Subject: "RFQ: LED panels", SubjectKey: "rfq: led panels", Date: asked, Kind: keepwarm.KindInbound,
			CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
			Snippet: "Please quote 2,000 pcs LED panel 600x600."}, asked.Format(time.RFC1123Z))
		quoted := asked.Add(30 * time.Minute)
		w.save("tom", keepwarm.Message{MessageID: "quote-1@lumina-export.example", From: keepwarm.Address{Name: "Tom Wang", Email: tom},
			To: []keepwarm.Address{hansMeier}, Subject: "Re: RFQ: LED panels", SubjectKey: "rfq: led panels", Date: quoted,
			Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
			InReplyTo: []string{"rfq-1@globex.de"}, References: []string{"rfq-1@globex.de"},
			Snippet: "Dear Mr. Meier, our quotation: USD 18.40/pc CIF Hamburg. Could you confirm?",
			Text:    "Dear Mr. Meier,\n\nour quotation: USD 18.40/pc CIF Hamburg. Could you confirm?\n\nBest regards\nTom Wang\n"},
			quoted.Format(time.RFC1123Z))
		if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].SignedBy() != tom {
			t.Fatalf("enrolled: %+v", enrs)
		}
		later := asked.Add(3 * time.Hour)
		w.laterMail("sales", keepwarm.Address{Name: "Lily Chen", Email: salesAddr}, later)
		if _, err := w.job.Run(ctx, later.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		enrs := w.enrollments()
		if len(enrs) != 1 || enrs[0].Mailbox != "sales" || enrs[0].Owner != grace || enrs[0].SignedBy() != lily {
			t.Fatalf("after Lily's mail from sales@: %+v", enrs)
		}
	})
}

// The forecast of a step from sales@ (Grace's) signed as Lily, who is away,
// names Lily as the one it waits for and files it under her, as her desk
// and digest list it, not under Grace, who is at her desk.
func TestForecastOfASharedMailboxStepNamesItsSigner(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, grace := "lily@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	w := newFUApp(t, "", asked)
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	now := asked.Add(time.Hour)
	if _, err := w.job.Run(ctx, now); err != nil {
		t.Fatal(err)
	}
	if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].Owner != grace || enrs[0].SignedBy() != lily {
		t.Fatalf("enrolled: %+v", enrs)
	}
	if _, err := w.a.DB.AddAbsence(ctx, keepwarm.Absence{Person: lily, Backup: grace,
		From: now, Until: now.AddDate(0, 0, 10)}, grace, now); err != nil {
		t.Fatal(err)
	}
	plan, err := w.job.ForecastWith(ctx, now, now.AddDate(0, 0, 30), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) == 0 {
		t.Fatal("nothing planned")
	}
	p := plan[0]
	if p.Owner != lily || !strings.Contains(p.Rule, lily+" is away") || strings.Contains(p.Rule, grace) || p.At.Before(now.AddDate(0, 0, 10)) {
		t.Errorf("first step: owner %s at %s, rule %q", p.Owner, p.At, p.Rule)
	}
}

// A customer handed away from Tom gets no more steps signed as him from
// sales@ (Grace's): the hand-over check asks about the salesperson the
// follow-up goes out in the name of, not the mailbox's owner, who never
// owned the customer.
func TestHandedAwayCustomerGetsNoSharedMailboxStepInTheSignersName(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom := "lily@lumina-export.example", "tom@lumina-export.example"
	ctx := context.Background()
	w := newFUApp(t, "", asked)
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Tom Wang")
	c, err := w.a.DB.ResolveCustomer(ctx, hansMeier.Email)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &tom}, asked.Add(40*time.Minute), "grace@lumina-export.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].SignedBy() != tom {
		t.Fatalf("enrolled: %+v; skips %+v", enrs, w.skips())
	}
	if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &lily}, asked.Add(2*time.Hour), "grace@lumina-export.example"); err != nil {
		t.Fatal(err)
	}
	if it, ok := w.runUntilQueued(asked.Add(3 * time.Hour)); ok {
		t.Fatalf("queued in Tom's name after the customer was handed to Lily: %+v", it)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Status.Live() || !strings.Contains(enrs[0].Reason, "handed to "+lily) ||
		!strings.Contains(enrs[0].Reason, "no follow-up in "+tom+"'s name") {
		t.Errorf("after the hand-over: %+v", enrs)
	}
}

// The call step of a follow-up from sales@ (Grace's) signed as Lily is
// Lily's task, and the console counts the follow-up as running for Lily,
// as her desk lists it, not for Grace.
func TestSharedMailboxCallTaskAndRunningCountAreTheSigners(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, grace := "lily@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	w := newFUApp(t, "", asked)
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	now := asked.Add(time.Hour)
	if _, err := w.job.Run(ctx, now); err != nil {
		t.Fatal(err)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Owner != grace || enrs[0].SignedBy() != lily {
		t.Fatalf("enrolled: %+v", enrs)
	}
	loads, err := w.a.DB.OwnerLoads(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	running := map[string]int{}
	for _, l := range loads {
		running[l.Owner] = l.Running
	}
	if running[lily] != 1 || running[grace] != 0 {
		t.Errorf("console's running follow-ups: %v", running)
	}
	// On to the call step (the third), due now.
	e := enrs[0]
	call := -1
	for i, p := range e.Plan {
		if strings.HasPrefix(p, "task:") {
			call = i
		}
	}
	if call < 0 {
		t.Fatalf("no call step in %v", e.Plan)
	}
	e.Step, e.DueAt = call, now
	if _, err := w.a.DB.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := w.job.Run(ctx, now.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	tasks, err := w.a.DB.ListTasks(ctx, true, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].Owner != lily {
		t.Errorf("tasks: %+v; enrollments %+v", tasks, w.enrollments())
	}
}

// A step from sales@ (Grace's) put off while Lily, whom it is signed as,
// is away goes as soon as she says she is back, as her own mailbox's
// steps do, not on the return date her absence had.
func TestSharedMailboxStepGoesWhenItsSignerIsBack(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, grace := "lily@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	w := newFUApp(t, "", asked)
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	away, err := w.a.DB.AddAbsence(ctx, keepwarm.Absence{Person: lily, Backup: grace,
		From: asked, Until: asked.AddDate(0, 0, 20)}, grace, asked)
	if err != nil {
		t.Fatal(err)
	}
	if it, ok := w.runUntilQueued(asked.Add(time.Hour)); ok {
		t.Fatalf("queued while Lily is away: %+v", it)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].SignedBy() != lily || !strings.HasPrefix(enrs[0].Reason, lily+" is away (") {
		t.Fatalf("held: %+v", enrs)
	}
	back := asked.AddDate(0, 0, 4).Add(3 * time.Hour) // Friday 11:00 in Berlin
	if _, err := w.a.DB.CancelAbsence(ctx, away.ID, lily, back); err != nil {
		t.Fatal(err)
	}
	if _, err := w.job.Run(ctx, back.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	items, err := w.a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].From.Name != "Lily Chen" {
		t.Fatalf("queued once Lily is back: %+v; enrollments %+v", items, w.enrollments())
	}
	// The wait was that step's: the next one keeps its own delay.
	if _, err := w.job.Run(ctx, back.Add(11*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].Step != 1 || strings.Contains(enrs[0].Reason, "is away") ||
		enrs[0].DueAt.Before(back.AddDate(0, 0, 1)) {
		t.Errorf("the next step: %+v", enrs)
	}
}

// The team page counts a follow-up from sales@ (Grace's) signed as Lily
// among Lily's running follow-ups, and her sequences page's funnel among
// hers, as her desk lists it.
func TestTeamPageCountsASharedMailboxFollowUpUnderItsSigner(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily := "lily@lumina-export.example"
	ctx := context.Background()
	w := newFUApp(t, "", asked)
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	now := asked.Add(time.Hour)
	if _, err := w.job.Run(ctx, now); err != nil {
		t.Fatal(err)
	}
	if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].SignedBy() != lily {
		t.Fatalf("enrolled: %+v", enrs)
	}
	me := web.Person{Email: lily, Name: "Lily Chen"}
	b := NewWebBackend(WebDeps{DB: w.a.DB, People: []web.Person{me}, Clock: keepwarm.NewManualClock(now)})
	page, err := b.Team(ctx, me, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 1 || page.Rows[0].Running != 1 {
		t.Errorf("team page: %+v", page.Rows)
	}
	// Her sequences page's funnel counts it as hers too.
	rows, err := b.Sequences(ctx, me, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	enrolled := 0
	for _, r := range rows {
		enrolled += r.Enrolled
	}
	if enrolled != 1 {
		t.Errorf("Lily's sequences funnel: %d enrolled, want 1 (%d rows)", enrolled, len(rows))
	}
}
