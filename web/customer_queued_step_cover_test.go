package web_test

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/web"
)

// Lily is away with Tom as her backup; step 1 of Meier's follow-up is
// queued and held until she is back, and the follow-up already points at
// step 2. Hans phones and Tom opens Meier's page to see what keepwarm sends
// him next: the line names step 1, queued, with when it goes and why it
// waits, as Lily and the manager see it, not "step 2 · next", which had
// him tell the customer nothing more comes until then. Tom gets no Skip:
// the follow-up is Lily's.
func TestACoveringColleagueSeesTheQueuedStepOnTheCustomerPage(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.be = app.NewWebBackend(app.WebDeps{
		DB: w.db, FollowUp: w.fu, Rules: book.DefaultRules(), TeamLocation: shanghai,
		People: []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: tom, Name: "Tom Wu"}, {Email: mei, Name: "Mei Lin", Manager: true}},
		Away: sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true},
			People: map[string]string{lily: lily, tom: tom, mei: mei}}, w.db),
	})
	w.rebase("http://keepwarm.test")
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	if _, err := w.fu.Run(w.ctx, at); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(at)
	back := at.Add(72 * time.Hour)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: at.Add(-time.Hour), Until: back}, lily, at.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var item int64
	if err := w.raw.QueryRow(`SELECT id FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'queued'`, w.enrollment).Scan(&item); err != nil {
		t.Fatalf("the queued step 1: %v", err)
	}
	hold := "held: " + lily + " is away (desk) until " + back.UTC().Format("2006-01-02 15:04 UTC") + ": waits until then"
	if err := w.db.HoldOutbox(w.ctx, item, back, hold); err != nil {
		t.Fatal(err)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive || e.Step != 1 {
		t.Fatalf("the follow-up after queuing step 1: %s at step index %d %v", e.Status, e.Step, err)
	}

	srv := w.serve()
	page := path("/customers/%d", w.meier)
	for _, who := range []string{tom, lily, mei} {
		line := cut(t, mustGet(t, w.signIn(srv, who), page), path(`id="enr-%d"`, w.enrollment), "</li>")
		mustContain(t, who+": the follow-up's line", line, "step 1 ·", "queued, goes Thu 11-19 10:00 UTC", "is away (desk) until")
		mustLack(t, who+": the follow-up's line", line, "step 2", "· next")
		if who == tom {
			mustLack(t, "Tom's view of the follow-up's line", line, path("/outbox/%d/skip", item), path("/enrollments/%d/skip", w.enrollment), "<form")
		} else {
			mustContain(t, who+": the follow-up's line", line, path(`action="/outbox/%d/skip"`, item))
		}
	}
}
