package sequences_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// happened is one thing the job did or foresaw: a step at a local time.
type happened struct {
	Step   int
	Action string
	At     string // customer-local
}

// replay ticks the job as the engine does (at each returned next time, at
// least hourly) from from to until, sending every queued item, and returns
// what it queued and the tasks it gave, each at the local time it happened.
func (w *fuWorld) replay(from, until time.Time) []happened {
	w.t.Helper()
	for at := from; !at.After(until); {
		next := w.run(at)
		w.sendAll(at)
		step := at.Add(time.Hour)
		if !next.IsZero() && next.After(at) && next.Before(step) {
			step = next
		}
		at = step
	}
	var out []happened
	for _, it := range w.outbox() {
		if it.Step == nil || it.CreatedAt.Before(from) {
			continue
		}
		out = append(out, happened{*it.Step, "email", it.CreatedAt.In(berlin).Format("Mon 2 Jan 15:04")})
	}
	tasks, err := w.db.ListTasks(context.Background(), true, "")
	if err != nil {
		w.t.Fatal(err)
	}
	for _, t := range tasks {
		out = append(out, happened{t.Step, "task", t.DueAt.In(berlin).Format("Mon 2 Jan 15:04")})
	}
	return out
}

func forecastOf(t *testing.T, job *sequences.FollowUp, now, until time.Time) []happened {
	t.Helper()
	plan, err := job.Forecast(context.Background(), now, until)
	if err != nil {
		t.Fatal(err)
	}
	var out []happened
	for _, p := range plan {
		if p.Location.String() != berlin.String() || p.Rule == "" {
			t.Fatalf("planned item without the customer's zone or its rule: %+v", p)
		}
		out = append(out, happened{p.Step, p.Action, p.At.In(p.Location).Format("Mon 2 Jan 15:04")})
	}
	return out
}

// The forecast made on the first day lists exactly what the next two weeks
// of ticks do: the same steps, at the same customer-local times.
func TestForecastAgreesWithTwoWeeksOfTicks(t *testing.T) {
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start) // enrolls the quotation's thread
	until := start.Add(14 * 24 * time.Hour)
	want := forecastOf(t, w.job, start, until)
	if len(want) != 3 || want[0].At != "Thu 5 Nov 09:06" || want[2].Action != "task" {
		t.Fatalf("forecast: %+v", want)
	}
	got := w.replay(start, until)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ticks did\n%v\nthe forecast said\n%v", got, want)
	}
}

// A step whose delay the manager shortens moves, in the forecast and in the
// sends, once the running job reloads the sequences; a step that waits for
// the send window is forecast at the window's opening.
func TestReloadMovesTheNextStepAndTheForecastFollows(t *testing.T) {
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "2d"`, `start = "09:00"`, `start = "10:00"`)
	before := forecastOf(t, w.job, start, start.Add(14*24*time.Hour))
	moved, err := w.job.Reload(context.Background(), defs, set, start)
	if err != nil || moved != 1 {
		t.Fatalf("reload: %d moved, %v", moved, err)
	}
	after := forecastOf(t, w.job, start, start.Add(14*24*time.Hour))
	if before[0].At != "Thu 5 Nov 09:06" || after[0].At != "Wed 4 Nov 10:00" {
		t.Fatalf("first step before %v, after %v", before[0], after[0])
	}
	got := w.replay(start, start.Add(14*24*time.Hour))
	if fmt.Sprint(got) != fmt.Sprint(after) {
		t.Fatalf("ticks did\n%v\nthe forecast said\n%v", got, after)
	}
}

func readDefault(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join("defaults", name))
	return string(b), err
}

// A definition written back from its form reads as the same definition.
func TestDraftWritesTheDefinitionBack(t *testing.T) {
	body, err := readDefault("key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	def, probs := sequences.ParseDefinition("key-customer.toml", []byte(body))
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	out := sequences.DraftOf(def).TOML("written by a test")
	again, probs := sequences.ParseDefinition("again.toml", out)
	if len(probs) > 0 {
		t.Fatalf("%v\n%s", probs, out)
	}
	def.File, again.File = "", ""
	a, _ := json.Marshal(def)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Fatalf("before %+v\nafter  %+v\n%s", def, again, out)
	}
	d := sequences.DraftOf(def)
	d.Steps[0].After = "3x"
	_, probs = sequences.ParseDefinition("bad.toml", d.TOML(""))
	if len(probs) != 1 || probs[0].Field != "step.after" && probs[0].Field != "step[0].after" {
		t.Fatalf("a bad delay: %+v", probs)
	}
}

// racingStore is the real store, where another job changes the first live
// enrollment right after a reload has read them (the daemon's tick running
// a step, or its own reload, while the web console reloads).
type racingStore struct {
	*store.DB
	armed bool
	raced int64
}

func (s *racingStore) LiveEnrollments(ctx context.Context) ([]keepwarm.Enrollment, error) {
	live, err := s.DB.LiveEnrollments(ctx)
	if err != nil || len(live) == 0 || !s.armed || s.raced != 0 {
		return live, err
	}
	e := live[0]
	e.UpdatedAt = e.UpdatedAt.Add(time.Second)
	if _, err := s.DB.UpdateEnrollment(ctx, e); err != nil {
		return nil, err
	}
	s.raced = e.ID
	return live, nil
}

// An enrollment another job changed meanwhile is left to the next refresh:
// the reload neither fails nor stops before the others.
func TestReloadLeavesAnEnrollmentChangedMeanwhileAndMovesTheRest(t *testing.T) {
	rs := &racingStore{}
	w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore { rs.DB = db; return rs })
	// A second graded customer with a quotation of its own.
	m := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Samples LED strips", day0.Add(time.Minute))
	buyer := keepwarm.Address{Name: "Anna Roth", Email: "anna@roth.de"}
	m.CustomerKey, m.Contacts, m.To = "domain:roth.de", []keepwarm.Address{buyer}, []keepwarm.Address{buyer}
	w.save("lily", "Sent", m)
	c, err := w.db.ResolveCustomer(context.Background(), "anna@roth.de")
	if err != nil {
		t.Fatal(err)
	}
	grade, country := "A", "DE"
	if err := w.db.SetCustomer(context.Background(), c.ID, store.CustomerChange{Grade: &grade, Country: &country}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	start := day0.Add(2 * time.Minute)
	w.run(start)
	live, err := w.db.LiveEnrollments(context.Background())
	if err != nil || len(live) != 2 {
		t.Fatalf("enrollments: %v %v", live, err)
	}
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "2d"`)
	rs.armed = true
	moved, err := w.job.Reload(context.Background(), defs, set, start)
	if err != nil || moved != 1 || rs.raced == 0 {
		t.Fatalf("reload: %d moved, %v (raced %d)", moved, err, rs.raced)
	}
	was := map[int64]time.Time{}
	for _, e := range live {
		was[e.ID] = e.DueAt
	}
	after, _ := w.db.LiveEnrollments(context.Background())
	for _, e := range after {
		if want := was[e.ID]; e.ID == rs.raced && !e.DueAt.Equal(want) || e.ID != rs.raced && !e.DueAt.Equal(want.Add(-24*time.Hour)) {
			t.Errorf("enrollment %d due %s (was %s, raced %d)", e.ID, e.DueAt, want, rs.raced)
		}
	}
}

// editedKeyCustomer loads the built-in key-customer sequence with each
// pair of old and new text replaced once, as a manager's edit of the file,
// and the built-in templates.
func editedKeyCustomer(t *testing.T, oldNew ...string) (*sequences.Definitions, *templates.Set) {
	t.Helper()
	body, err := readDefault("key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(oldNew); i += 2 {
		body = strings.Replace(body, oldNew[i], oldNew[i+1], 1)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions(dir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	set, _ := templates.Load(templates.Defaults())
	return defs, set
}

// The forecast places a step (a mail or a call) that falls due while its
// salesperson is away where the ticks do it: when they are back.
func TestForecastWaitsForTheOwnerToBeBack(t *testing.T) {
	w := forecastAwayWorld(t, day0.AddDate(0, 0, 2), day0.AddDate(0, 0, 5), day0.AddDate(0, 0, 11), day0.AddDate(0, 0, 16))
	start := day0.Add(time.Minute)
	w.run(start)
	until := start.Add(21 * 24 * time.Hour)
	want := forecastOf(t, w.job, start, until)
	if len(want) != 3 || want[0].At != "Mon 9 Nov 09:00" || want[2].Action != "task" {
		t.Fatalf("forecast: %+v", want)
	}
	plan, _ := w.job.Forecast(context.Background(), start, until)
	if !strings.Contains(plan[0].Rule, "lily@seller.example is away") {
		t.Fatalf("the rule does not say why: %q", plan[0].Rule)
	}
	got := w.replay(start, until)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ticks did\n%v\nthe forecast said\n%v", got, want)
	}
}

// Two follow-ups to the same buyer falling due on the same day: the ticks
// send one that day and hold the other to the next (one mail from keepwarm
// a day per contact), and the forecast says the same.
func TestForecastKeepsOneMailADayPerContact(t *testing.T) {
	w := newFUWorld(t, "A")
	// An earlier quotation to Hans and his colleague: the later one to
	// Hans alone does not cover it, both are followed up.
	m := w.msg("q-0@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(-time.Hour))
	both := []keepwarm.Address{{Email: "hans@buyer.de"}, {Email: "eva@buyer.de"}}
	m.To, m.Contacts = both, both
	w.save("lily", "Sent", m)
	start := day0.Add(time.Minute)
	w.run(start)
	w.enrollmentsCount(2)
	until := start.Add(6 * 24 * time.Hour) // the first steps
	want := forecastOf(t, w.job, start, until)
	if len(want) != 2 || want[1].At != "Fri 6 Nov 09:00" {
		t.Fatalf("forecast: %+v", want)
	}
	got := w.replay(start, until)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ticks did\n%v\nthe forecast said\n%v", got, want)
	}
}

// In a dry run a follow-up's call is never given: the forecast does not
// list it, and says the mails are dry-run.
func TestForecastInDryRunListsNoTask(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDryRun })
	start := day0.Add(time.Minute)
	w.run(start)
	until := start.Add(14 * 24 * time.Hour)
	want := forecastOf(t, w.job, start, until)
	if len(want) != 2 || want[1].Action != "email" {
		t.Fatalf("forecast: %+v", want)
	}
	plan, _ := w.job.Forecast(context.Background(), start, until)
	if plan[0].Mode != keepwarm.ModeDryRun {
		t.Fatalf("mode: %+v", plan[0])
	}
	got := w.replay(start, until)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ticks did\n%v\nthe forecast said\n%v", got, want)
	}
}

// A customer handed to a colleague, or let go to the pool, gets no more
// mail in the old owner's name: the forecast lists none of its steps.
func TestForecastListsNothingForACustomerHandedOnOrLetGo(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"handed", "released"} {
		w := newHandsWorld(t, time.Time{})
		start := day0.Add(time.Minute)
		w.run(start)
		at := day0.AddDate(0, 0, 1)
		if how == "handed" {
			to := tom
			if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Owner: &to}, at, "manager"); err != nil {
				t.Fatal(err)
			}
		} else if err := w.db.ReleaseCustomer(ctx, w.cid, at, lily); err != nil {
			t.Fatal(err)
		}
		until := at.Add(14 * 24 * time.Hour)
		if got := forecastOf(t, w.job, at, until); len(got) != 0 {
			t.Fatalf("%s: forecast %+v", how, got)
		}
		if got := w.replay(at, until); len(got) != 0 {
			t.Fatalf("%s: ticks did %+v", how, got)
		}
	}
}

// A step whose previous mail is still in the outbox (held there for days)
// counts from when that mail goes out, in the forecast as in the ticks.
func TestForecastCountsFromAHeldPreviousMail(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	due := day0.AddDate(0, 0, 3)
	w.run(due)
	items := w.outbox()
	if len(items) != 1 {
		t.Fatalf("want the resend queued: %+v", items)
	}
	held := time.Date(2026, 11, 10, 10, 0, 0, 0, berlin)
	if err := w.db.HoldOutbox(context.Background(), items[0].ID, held, "held: the mailbox's daily cap is reached"); err != nil {
		t.Fatal(err)
	}
	start := due.Add(time.Hour)
	until := start.Add(14 * 24 * time.Hour)
	want := forecastOf(t, w.job, start, until)
	if len(want) != 2 || want[0].At != "Sat 14 Nov 10:00" && want[0].At != "Mon 16 Nov 09:00" {
		t.Fatalf("forecast: %+v", want)
	}
	plan, _ := w.job.Forecast(context.Background(), start, until)
	if !strings.HasSuffix(plan[0].Rule, "; counted from when the previous step's mail is sent") {
		t.Fatalf("rule: %q", plan[0].Rule)
	}
	got := w.replay(start, until)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ticks did\n%v\nthe forecast said\n%v", got, want)
	}
}

// A greeting planned the morning a step falls due to the same buyer: the
// forecast given the greeting lists the step the next day, as the ticks do
// once the greeting went.
func TestForecastCountsThePlannedGreetings(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	due := w.enrollment().DueAt
	greeted := due.Add(-time.Hour)
	until := start.Add(5 * 24 * time.Hour)
	plan, err := w.job.ForecastWith(ctx, start, until, map[string][]time.Time{"hans@buyer.de": {greeted}})
	if err != nil || len(plan) != 1 {
		t.Fatalf("forecast: %+v %v", plan, err)
	}
	if at := plan[0].At.In(berlin).Format("Mon 2 Jan 15:04"); at != "Fri 6 Nov 09:00" {
		t.Fatalf("the step forecast at %s, want the day after the greeting", at)
	}
	it, _, err := w.db.Enqueue(ctx, keepwarm.OutboxItem{
		Key: "greeting:birthday:hans", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "Happy birthday, Hans!", Text: "Dear Hans, happy birthday!", Mode: keepwarm.ModeSend, Origin: "greeting",
		DueAt: greeted, CreatedAt: greeted,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.run(due)
	if _, err := w.db.ClaimDue(ctx, greeted, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkSent(ctx, it.ID, greeted); err != nil {
		t.Fatal(err)
	}
	got := w.replay(due, until)
	if len(got) != 1 || got[0].At != "Fri 6 Nov 09:00" {
		t.Fatalf("ticks did %+v", got)
	}
}

// A greeting planned later the morning a step falls due to the same
// buyer: the step gives the day to the greeting, in the forecast as in the
// ticks (a step due on a day its recipient is about to get a greeting
// waits for the next).
func TestForecastMovesAStepBeforeALaterGreetingThatDay(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	due := w.enrollment().DueAt
	plan, err := w.job.ForecastWith(ctx, start, start.Add(5*24*time.Hour), map[string][]time.Time{"hans@buyer.de": {due.Add(2 * time.Hour)}})
	if err != nil || len(plan) != 1 {
		t.Fatalf("forecast: %+v %v", plan, err)
	}
	if at := plan[0].At.In(berlin).Format("Mon 2 Jan 15:04"); at != "Fri 6 Nov 09:00" || !strings.Contains(plan[0].Rule, "one a day at most") {
		t.Fatalf("the step forecast at %s (%s), want the day after the greeting", at, plan[0].Rule)
	}
}

// A salesperson away with no end known: the forecast lists the step due
// then once, saying it waits until they are back, and nothing after it.
func TestForecastListsAStepWaitingForAnOpenAbsenceOnce(t *testing.T) {
	w := forecastAwayWorld(t, day0.AddDate(0, 0, 2), time.Time{})
	start := day0.Add(time.Minute)
	w.run(start)
	plan, err := w.job.Forecast(context.Background(), start, start.AddDate(0, 0, 21))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != 1 || plan[0].Step != 0 ||
		!strings.HasSuffix(plan[0].Rule, "; lily@seller.example is away (config, no return date given): waits until they are back") {
		t.Fatalf("forecast: %+v", plan)
	}
}

// A greeting to Hans queued yesterday still waits (its mailbox's daily
// cap). His step falls due this morning: the tick holds it to tomorrow,
// since the greeting goes today, and so does the forecast.
func TestForecastCountsAMailStillWaitingFromYesterday(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	due := w.enrollment().DueAt
	queued := due.Add(-20 * time.Hour)
	if _, _, err := w.db.Enqueue(ctx, keepwarm.OutboxItem{
		Key: "greeting:birthday:hans", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "Happy birthday, Hans!", Text: "Dear Hans, happy birthday!", Mode: keepwarm.ModeSend, Origin: "greeting",
		DueAt: queued, CreatedAt: queued,
	}); err != nil {
		t.Fatal(err)
	}
	now := due.Add(-time.Hour)
	plan, err := w.job.Forecast(ctx, now, now.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	w.run(due)
	e := w.enrollment()
	if len(plan) != 1 || !plan[0].At.Equal(e.DueAt) {
		t.Fatalf("the forecast lists %+v; the tick holds the step to %s (%s)", plan, e.DueAt, e.Reason)
	}
}

// Trying keepwarm out in dry-run, Hans is in two quotation threads (one
// to him alone, one also to Anna) whose resends fall due the same day.
// A dry run's mail reaches nobody, so neither holds the other: the ticks
// record both that day, and the forecast lists both that day.
func TestForecastInDryRunCountsNoMailForOneADay(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDryRun })
	q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(-time.Hour))
	q.Text = "Dear Hans, Anna,\n\nplease find our quotation for the LED strips attached.\n\nBest regards,\nLily"
	q.To = []keepwarm.Address{{Email: hansAddr.Email}, {Email: annaAddr.Email}}
	q.Contacts = []keepwarm.Address{hansAddr, annaAddr}
	w.save("lily", "Sent", q)
	start := day0.Add(2 * time.Hour)
	w.run(start)
	var due []time.Time
	for _, id := range []string{"q-1@seller.example", "q-2@seller.example"} {
		due = append(due, w.enrollmentOf(w.threadOf(id)).DueAt)
	}
	if len(due) != 2 || due[0].In(berlin).YearDay() != due[1].In(berlin).YearDay() {
		t.Fatalf("the two resends are due %v", due)
	}
	until := start.Add(4 * 24 * time.Hour)
	plan, err := w.job.Forecast(ctx, start, until)
	if err != nil {
		t.Fatal(err)
	}
	var days []string
	for _, p := range plan {
		if p.Step == 0 {
			days = append(days, p.At.In(berlin).Format("Mon 2 Jan"))
		}
	}
	at := due[0]
	if due[1].After(at) {
		at = due[1]
	}
	w.run(at)
	var ticked []string
	for _, it := range w.outbox() {
		if it.Origin == "sequence" {
			ticked = append(ticked, it.CreatedAt.In(berlin).Format("Mon 2 Jan"))
		}
	}
	want := due[0].In(berlin).Format("Mon 2 Jan")
	if fmt.Sprint(days) != fmt.Sprint([]string{want, want}) || fmt.Sprint(ticked) != fmt.Sprint(days) {
		t.Fatalf("the forecast lists the resends on %v, the ticks did them on %v; want both on %s", days, ticked, want)
	}
}
