package sequences_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// decemberLetter is a December letter for everyone.
var decemberLetter = map[string]string{"2026-12.tmpl": "subject: December news from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nwhat is new this {{.Month}}.\n\n{{.Owner.Signature}}\n"}

// letterPlan is the letter of month in the plan at now.
func letterPlan(t *testing.T, r *greetRig, month string, now time.Time) sequences.PlanItem {
	t.Helper()
	plan, err := r.job.PlanMonth(r.ctx, month, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter {
			return it
		}
	}
	t.Fatalf("no letter in the plan of %s: %+v", month, plan)
	return sequences.PlanItem{}
}

// Bob's birthday is 1 December, the day letters start: he gets "Happy
// birthday" on the 1st and the December letter on the next working day,
// not both the same morning.
func TestTheLetterGivesWayToABirthdayGreeting(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	bob := usBuyer
	bob.birthday = "1980-12-01"
	r.add(bob)
	r.cfg.Occasions = []string{"birthday"}
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	if l := letterPlan(t, r, "2026-12", r.clock.Now()); l.SendAt.In(ny).Format("2006-01-02") != "2026-12-02" {
		t.Errorf("the letter is planned for %s; want Wednesday 2 December, the day after the birthday greeting", l.SendAtLocal)
	}
	r.replay(time.Date(2026, 12, 3, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 2 {
		t.Fatalf("Bob got %d mails: %+v", len(got), got)
	}
	days := map[string]string{}
	for _, m := range got {
		days[m.Subject] = m.Date.In(ny).Format("2006-01-02")
	}
	var birthday, letter string
	for subj, day := range days {
		if strings.Contains(subj, "December news") {
			letter = day
		} else {
			birthday = day
		}
	}
	if birthday != "2026-12-01" || letter != "2026-12-02" {
		t.Errorf("Bob's mails by day: %v; want the birthday greeting on 1 December and the letter on the 2nd", days)
	}
}

// A follow-up step went to Bob on the morning his letter is due: the
// letter waits for his next working day, says so in the plan, and goes
// then.
func TestTheLetterGivesWayToAFollowUpTheSameDay(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	if l := letterPlan(t, r, "2026-12", r.clock.Now()); l.SendAt.In(ny).Format("2006-01-02") != "2026-12-01" {
		t.Fatalf("the letter is planned for %s; want 1 December", l.SendAtLocal)
	}
	r.automated("seq:7:1", usBuyer.email, time.Date(2026, 12, 1, 8, 30, 0, 0, ny))
	r.replay(time.Date(2026, 12, 1, 23, 0, 0, 0, ny), 10*time.Minute)
	if n := len(r.inbox(usBuyer.email)); n != 0 {
		t.Fatalf("Bob got the letter the day a follow-up went to him")
	}
	l := letterPlan(t, r, "2026-12", r.clock.Now())
	if l.Status != sequences.PlanDue || l.Reason != "waits until 2026-12-02 09:00 EST: bob@acme-us.com already had a mail from keepwarm today (08:30 EST): one a day at most" {
		t.Errorf("the letter in the evening: %s %q", l.Status, l.Reason)
	}
	r.replay(time.Date(2026, 12, 3, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || got[0].Date.In(ny).Format("2006-01-02") != "2026-12-02" {
		t.Fatalf("Bob's letters: %+v; want one, on 2 December", got)
	}
}

// Bob's letter is planned for 1 December, but a follow-up step goes to him
// that morning; his birthday is the 2nd. The letter, let go the next
// morning, would take his birthday greeting's day: it waits for the 3rd
// instead, and says so.
func TestALetterLetGoAfterAWaitSkipsAGreetingDay(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	bob := usBuyer
	bob.birthday = "1980-12-02"
	r.add(bob)
	r.cfg.Occasions = []string{"birthday"}
	r.cfg.ContactCap = -1 // no weekly cap: the day alone holds it
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	if l := letterPlan(t, r, "2026-12", r.clock.Now()); l.SendAt.In(ny).Format("2006-01-02") != "2026-12-01" {
		t.Fatalf("the letter is planned for %s; want 1 December", l.SendAtLocal)
	}
	r.automated("seq:7:1", usBuyer.email, time.Date(2026, 12, 1, 8, 30, 0, 0, ny))
	r.replay(time.Date(2026, 12, 1, 23, 0, 0, 0, ny), 15*time.Minute)
	l := letterPlan(t, r, "2026-12", r.clock.Now())
	if want := "waits until 2026-12-03 09:00 EST: bob@acme-us.com already had a mail from keepwarm today (08:30 EST): one a day at most"; l.Status != sequences.PlanDue || l.Reason != want {
		t.Errorf("the letter in the evening of the 1st: %s %q, want %q", l.Status, l.Reason, want)
	}
	r.replay(time.Date(2026, 12, 4, 6, 0, 0, 0, time.UTC), 15*time.Minute)
	days := map[string]string{}
	for _, m := range r.inbox(usBuyer.email) {
		days[m.Subject] = m.Date.In(ny).Format("2006-01-02")
	}
	var birthday, letter string
	for subj, day := range days {
		if strings.Contains(subj, "December news") {
			letter = day
		} else {
			birthday = day
		}
	}
	if len(days) != 2 || birthday != "2026-12-02" || letter != "2026-12-03" {
		t.Errorf("Bob's mails by day: %v; want the birthday greeting on 2 December and the letter on the 3rd", days)
	}
}

// A letter whose every day left in its month brings Bob a follow-up step
// is missed, and says why rather than blame keepwarm for not running.
func TestALetterCrowdedOutOfItsMonthSaysWhy(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil
	r.cfg.LetterDay = 28
	r.cfg.ContactCap = -1 // no weekly cap: the day alone holds it
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	for day := 28; day <= 31; day++ {
		r.automated("seq:8:"+string(rune('0'+day-27)), usBuyer.email, time.Date(2026, 12, day, 8, 0, 0, 0, ny))
	}
	r.replay(time.Date(2027, 1, 1, 6, 0, 0, 0, time.UTC), 30*time.Minute)
	if n := len(r.inbox(usBuyer.email)); n != 0 {
		t.Fatalf("Bob got %d letters on days he had a follow-up", n)
	}
	l := letterPlan(t, r, "2026-12", r.clock.Now())
	if want := "not sent: on the last working day its month allowed (2026-12-31), bob@acme-us.com already had a mail from keepwarm (08:00 EST): one a day at most"; l.Status != sequences.PlanMissed || l.Reason != want {
		t.Errorf("the letter after its month: %s %q, want missed %q", l.Status, l.Reason, want)
	}
}

// The December letter to Globex is queued for Hans, who wrote to the team
// most; before it goes, his auto-reply says he left the company. The
// letter is not sent to him, and Globex does not go without its letter:
// Sabine, its other buyer, gets it the same day.
func TestALetterWhoseContactLeftGoesToAnotherContact(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil
	r.cfg.EnglishFor = []string{"de"}
	custID, hansID := r.add(deBuyer)
	const sabine = "sabine.wagner@globex.de"
	if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at, from_book) VALUES (?, ?, 'Sabine Wagner', ?, 1)`,
		custID, sabine, r.clock.Now().Unix()); err != nil {
		t.Fatal(err)
	}
	r.imap.AddUser(t, sabine, imapPass)
	r.start(decemberLetter)

	// The job queues it; the dispatcher has not taken it yet.
	if to := r.queueLetterOnTheFirst(t).To[0].Email; to != deBuyer.email {
		t.Fatalf("the letter is queued for %s; want Hans", to)
	}
	if _, err := r.raw.Exec(`UPDATE contacts SET left_at = ? WHERE id = ?`, r.clock.Now().Unix(), hansID); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC), 10*time.Minute)

	if n := len(r.inbox(deBuyer.email)); n != 0 {
		t.Errorf("Hans got %d mails after he left", n)
	}
	got := r.inbox(sabine)
	berlin, _ := time.LoadLocation(deBuyer.tz)
	if len(got) != 1 || !strings.Contains(got[0].Subject, "December news") || !strings.Contains(got[0].Body, "Sabine") ||
		got[0].Date.In(berlin).Format("2006-01-02") != "2026-12-01" {
		t.Fatalf("Sabine's INBOX: %+v; want the December letter to her on 1 December", got)
	}
	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginLetter})
	if err != nil {
		t.Fatal(err)
	}
	var hans keepwarm.OutboxItem
	for _, it := range items {
		if it.To[0].Email == deBuyer.email {
			hans = it
		}
	}
	if want := "hans@globex.de left the company after the letter was queued: it is not sent; it is planned again for another contact of the customer, if one may be written to in its month"; hans.Status != keepwarm.OutboxSkipped || hans.LastError != want {
		t.Errorf("the letter to Hans: %s %q, want skipped %q", hans.Status, hans.LastError, want)
	}
}

// The December letter to Bob is queued; before the dispatcher takes it (a
// gap between sends), a follow-up step reaches him. At its last look the
// letter waits for his next working day.
func TestALetterQueuedBeforeAFollowUpWentWaitsForTheNextDay(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil
	r.start(decemberLetter)
	r.queueLetterOnTheFirst(t)
	// The step, sent a minute later (the rig's dispatcher does not see it).
	step := r.clock.Now().Add(time.Minute)
	it, _, err := r.db.Enqueue(r.ctx, keepwarm.OutboxItem{
		Key: "seq:9:1", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: usBuyer.email}}, Subject: "Re: Quotation",
		Text: "Did you receive my mail?", Mode: keepwarm.ModeSend, Origin: "sequence", DueAt: step.AddDate(1, 0, 0), CreatedAt: step,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.raw.Exec(`UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?`, step.Unix(), it.ID); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(step)
	if _, err := r.disp.RunOnce(r.ctx, step); err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation(usBuyer.tz)
	got, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginLetter})
	if err != nil {
		t.Fatal(err)
	}
	if want := "held: bob@acme-us.com already had a mail from keepwarm today (" + step.In(ny).Format("15:04 MST") + "): the letter goes Wed 2 Dec 09:00 their time, one a day at most"; len(got) != 1 || got[0].Status != keepwarm.OutboxQueued || got[0].LastError != want {
		t.Fatalf("the letter after the step: %+v, want queued and %q", got, want)
	}
	r.replay(time.Date(2026, 12, 3, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	in := r.inbox(usBuyer.email)
	if len(in) != 1 || in[0].Date.In(ny).Format("2006-01-02") != "2026-12-02" {
		t.Fatalf("Bob's letters: %+v; want one, on 2 December", in)
	}
}

// At its last look a letter whose contact had other mail from keepwarm
// that day waits for the next working day of its month, and is not sent
// when there is none.
func TestALetterAtItsLastLookKeepsOneMailADay(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC))
	custID, _ := r.add(usBuyer)
	r.cfg.Occasions = nil
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	letter := keepwarm.OutboxItem{Key: "letter:1:2026-12", Origin: sequences.OriginLetter, Mode: keepwarm.ModeSend, CustomerID: custID,
		To: []keepwarm.Address{{Email: usBuyer.email}}, Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: lily},
		DueAt: time.Date(2026, 12, 30, 10, 0, 0, 0, ny), CreatedAt: time.Date(2026, 12, 30, 10, 0, 0, 0, ny)}
	r.automated("seq:5:1", usBuyer.email, time.Date(2026, 12, 30, 8, 0, 0, 0, ny))
	reason, err := r.job.Precheck(r.ctx, letter, time.Date(2026, 12, 30, 11, 0, 0, 0, ny))
	var hold *keepwarm.Hold
	if reason != "" || !errors.As(err, &hold) || !hold.Until.Equal(time.Date(2026, 12, 31, 9, 0, 0, 0, ny)) ||
		hold.Reason != "bob@acme-us.com already had a mail from keepwarm today (08:00 EST): the letter goes Thu 31 Dec 09:00 their time, one a day at most" {
		t.Fatalf("on the 30th: %q %v", reason, err)
	}
	r.automated("seq:5:2", usBuyer.email, time.Date(2026, 12, 31, 8, 0, 0, 0, ny))
	reason, err = r.job.Precheck(r.ctx, letter, time.Date(2026, 12, 31, 11, 0, 0, 0, ny))
	if want := "bob@acme-us.com already had a mail from keepwarm on 2026-12-31 (08:00 EST), the last working day of the letter's month: it is not sent, one a day at most"; err != nil || reason != want {
		t.Fatalf("on the 31st: %q %v, want %q", reason, err, want)
	}
}

// queueLetterOnTheFirst runs the job in 10-minute steps on 1 December until
// it queues the month's one letter, and returns it, not yet sent (the
// rig's dispatcher is not run).
func (r *greetRig) queueLetterOnTheFirst(t *testing.T) keepwarm.OutboxItem {
	t.Helper()
	for now := r.clock.Now(); ; now = now.Add(10 * time.Minute) {
		if now.Day() != 1 {
			t.Fatal("the letter was not queued on 1 December")
		}
		r.clock.Set(now)
		if _, err := r.job.Run(r.ctx, now); err != nil {
			t.Fatal(err)
		}
		items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginLetter})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 1 {
			return items[0]
		}
	}
}

// keepwarm was down on 1-3 December: six letters of Lily's, planned two a
// day (letters_per_day = 2), are all due when it runs on Friday the 4th.
// Two are queued that day, the others wait for Monday and say why, and
// Monday takes two more: the day's follow-ups are not crowded out.
func TestLettersPerDayHoldsWhenLettersPileUp(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil
	s := r.cfg.Senders[lily]
	s.LettersPerDay = 2
	r.cfg.Senders[lily] = s
	for i := range 6 {
		c := usBuyer
		c.key = fmt.Sprintf("domain:buyer%d.example", i)
		c.name = fmt.Sprintf("Buyer %d Inc.", i)
		c.email = fmt.Sprintf("anna%d@buyer%d.example", i, i)
		c.contact = "Anna Jones"
		r.add(c)
	}
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	letters := func() int {
		var n int
		if err := r.raw.Get(&n, `SELECT count(*) FROM outbox WHERE origin = 'letter'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, at := range []time.Time{time.Date(2026, 12, 4, 10, 0, 0, 0, ny), time.Date(2026, 12, 4, 11, 0, 0, 0, ny)} {
		r.clock.Set(at)
		if _, err := r.job.Run(r.ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	if n := letters(); n != 2 {
		t.Fatalf("%d letters queued on 4 December; want letters_per_day, 2", n)
	}
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var waiting int
	for _, it := range plan.Items {
		if it.Status == sequences.PlanDue {
			waiting++
			if want := "waits until 2026-12-07 09:00 EST: letters_per_day (2) reached for mailbox lily today"; it.Reason != want {
				t.Errorf("a waiting letter says %q, want %q", it.Reason, want)
			}
		}
	}
	if waiting != 4 {
		t.Errorf("%d letters wait; want 4: %+v", waiting, plan.Items)
	}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, ny)
	r.clock.Set(at)
	if _, err := r.job.Run(r.ctx, at); err != nil {
		t.Fatal(err)
	}
	if n := letters(); n != 4 {
		t.Errorf("%d letters queued by Monday 7 December; want 4", n)
	}
}

// As above, but Bob's birthday is 2 December: the letter held at its last
// look skips the birthday greeting's day and goes on the 3rd, and Bob gets
// the greeting on his birthday.
func TestALetterHeldAtItsLastLookSkipsAGreetingDay(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	bob := usBuyer
	bob.birthday = "1980-12-02"
	r.add(bob)
	r.cfg.Occasions = []string{"birthday"}
	r.cfg.ContactCap = -1 // no weekly cap: the day alone holds it
	r.start(decemberLetter)
	r.queueLetterOnTheFirst(t)
	step := r.clock.Now().Add(time.Minute)
	it, _, err := r.db.Enqueue(r.ctx, keepwarm.OutboxItem{
		Key: "seq:9:1", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: usBuyer.email}}, Subject: "Re: Quotation",
		Text: "Did you receive my mail?", Mode: keepwarm.ModeSend, Origin: "sequence", DueAt: step.AddDate(1, 0, 0), CreatedAt: step,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.raw.Exec(`UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?`, step.Unix(), it.ID); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(step)
	if _, err := r.disp.RunOnce(r.ctx, step); err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation(usBuyer.tz)
	got, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginLetter})
	if err != nil {
		t.Fatal(err)
	}
	if want := "held: bob@acme-us.com already had a mail from keepwarm today (" + step.In(ny).Format("15:04 MST") + "): the letter goes Thu 3 Dec 09:00 their time, one a day at most"; len(got) != 1 || got[0].LastError != want {
		t.Fatalf("the letter after the step: %+v, want %q", got, want)
	}
	r.replay(time.Date(2026, 12, 4, 6, 0, 0, 0, time.UTC), 15*time.Minute)
	days := map[string]string{}
	for _, m := range r.inbox(usBuyer.email) {
		days[m.Subject] = m.Date.In(ny).Format("2006-01-02")
	}
	var birthday, letter string
	for subj, day := range days {
		if strings.Contains(subj, "December news") {
			letter = day
		} else {
			birthday = day
		}
	}
	if len(days) != 2 || birthday != "2026-12-02" || letter != "2026-12-03" {
		t.Errorf("Bob's mails by day: %v; want the birthday greeting on 2 December and the letter on the 3rd", days)
	}
}
