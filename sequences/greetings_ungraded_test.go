package sequences_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// forwarder is a freight forwarder that wrote to Lily: mail made it a
// customer, ungraded, and hers.
var forwarder = customer{key: "domain:fast-freight.de", name: "fast-freight.de", country: "DE", tz: "Europe/Berlin",
	lang: "en", email: "dispo@fast-freight.de", contact: "Karl Dispo"}

// fromMail stores c's mail to Lily as sync does (the customer is made
// from it, source "mail") and gives the customer to Lily, as the pool does
// when she wrote first.
func (r *greetRig) fromMail(c customer, at time.Time) {
	r.t.Helper()
	r.wrote(c, at)
	if _, err := r.raw.Exec(`UPDATE customers SET owner = ?, country = ?, time_zone = ? WHERE key = ?`, lily, c.country, c.tz, c.key); err != nil {
		r.t.Fatal(err)
	}
	var source string
	if err := r.raw.Get(&source, `SELECT source FROM customers WHERE key = ?`, c.key); err != nil || source != "mail" {
		r.t.Fatalf("customer %s: source %q, %v", c.key, source, err)
	}
	if !r.users[c.email] {
		r.imap.AddUser(r.t, c.email, imapPass)
		r.users[c.email] = true
	}
}

// An ungraded customer made from mail alone (a forwarder) gets neither the
// Christmas greeting nor the letter by default, and the plan says to grade
// it; an ungraded customer from the customer book gets both; "" in the
// grades greets every ungraded customer.
func TestUngradedCustomersFromMailAreNotGreeted(t *testing.T) {
	letters := map[string]string{"2026-12.tmpl": "subject: News from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n"}
	booked := customer{key: "domain:lampen-haus.de", name: "Lampen Haus", country: "DE", tz: "Europe/Berlin", lang: "en",
		email: "eva@lampen-haus.de", contact: "Eva Roth"}
	rig := func(t *testing.T) *greetRig {
		r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
		r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
		r.fromMail(forwarder, time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
		r.add(booked)
		r.wrote(booked, time.Date(2026, 10, 6, 9, 0, 0, 0, time.UTC))
		return r
	}
	t.Run("default", func(t *testing.T) {
		r := rig(t)
		r.start(letters)
		// The dispatcher takes the job's last look, as the daemon's does.
		r.dispatcher(mailsync.DispatcherOptions{Precheck: func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
			return r.job.Precheck(ctx, item, r.clock.Now())
		}})
		plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range plan.Items {
			got = append(got, it.To.Email+" "+it.Kind+" "+it.Status)
		}
		slices.Sort(got)
		if want := []string{booked.email + " greeting planned", booked.email + " letter planned"}; !slices.Equal(got, want) {
			t.Errorf("plan items %q, want %q", got, want)
		}
		i := slices.IndexFunc(plan.LeftOut, func(l sequences.LeftOut) bool { return l.CustomerName == forwarder.name })
		if i < 0 || !strings.Contains(plan.LeftOut[i].Reason, "ungraded; grade the customer first") {
			t.Errorf("left out: %+v", plan.LeftOut)
		}
		r.replay(time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), time.Hour)
		if n := r.sentTo(forwarder.email); n != 0 {
			t.Errorf("the forwarder was sent %d mail(s)", n)
		}
		if n := len(r.inbox(booked.email)); n != 2 {
			items, _ := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{})
			for _, it := range items {
				t.Logf("outbox %s %s %q", it.Key, it.Status, it.LastError)
			}
			t.Errorf("the book's ungraded customer received %d mail(s), want the letter and the greeting", n)
		}
	})
	t.Run("every ungraded", func(t *testing.T) {
		r := rig(t)
		r.cfg.Grades = []string{"A", "B", "C", "D", ""}
		r.cfg.LetterGrades = []string{"A", "B", "C", "D", ""}
		r.start(letters)
		plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range plan.Items {
			if it.To.Email == forwarder.email && it.Status == sequences.PlanPlanned {
				n++
			}
		}
		if n != 2 {
			t.Errorf("with \"\" in the grades the forwarder has %d planned item(s), want 2: %+v", n, plan.Items)
		}
	})
}
