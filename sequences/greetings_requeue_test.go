package sequences_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// startWith builds the job with the default templates and files over
// them, and makes the rig's dispatcher run the job's last check.
func (r *greetRig) startWith(files map[string]string) {
	r.t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	set, err := templates.Load(templates.Defaults(), fsys)
	if err != nil {
		r.t.Fatal(err)
	}
	r.job, err = sequences.NewGreetings(r.cfg, r.db, set, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		r.t.Fatal(err)
	}
	r.dispatcher(mailsync.DispatcherOptions{Precheck: func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		return r.job.Precheck(ctx, it, r.clock.Now())
	}})
}

// queueOnly runs the job alone (the dispatcher waits, as behind the gap
// between sends) until it queued something, and returns it.
func (r *greetRig) queueOnly(end time.Time) keepwarm.OutboxItem {
	r.t.Helper()
	for now := r.clock.Now(); !now.After(end); now = now.Add(10 * time.Minute) {
		r.clock.Set(now)
		if _, err := r.job.Run(r.ctx, now); err != nil {
			r.t.Fatal(err)
		}
		items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{})
		if err != nil {
			r.t.Fatal(err)
		}
		if len(items) > 0 {
			return items[0]
		}
	}
	r.t.Fatal("nothing queued")
	return keepwarm.OutboxItem{}
}

// outbox lists every item, by key.
func (r *greetRig) outbox() map[string]keepwarm.OutboxItem {
	r.t.Helper()
	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{})
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]keepwarm.OutboxItem{}
	for _, it := range items {
		out[it.Key] = it
	}
	return out
}

const birthdayTypo = "subject: Happy birthday!\n--- text\n{{.Contact.Salutation}},\n\nhappy brithday!\n\n{{.Owner.Signature}}\n"

// Bob's birthday greeting waits in the outbox behind the gap between
// sends; meanwhile the manager fixes a typo in the template. The queued
// text does not go: the last check sees the change, the greeting is
// planned again and Bob gets the fixed text, once.
func TestAQueuedGreetingTakesAFixedTemplate(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	r.startWith(map[string]string{"birthday.tmpl": birthdayTypo})
	first := r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
	r.startWith(map[string]string{"birthday.tmpl": strings.Replace(birthdayTypo, "brithday", "birthday", 1)})
	r.replay(time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC), 10*time.Minute)

	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "happy birthday!") {
		t.Fatalf("Bob got %+v", got)
	}
	var old keepwarm.OutboxItem
	for _, it := range r.outbox() {
		if it.ID == first.ID {
			old = it
		}
	}
	if old.Status != keepwarm.OutboxSkipped || !strings.Contains(old.LastError, "the template birthday.tmpl changed after the greeting was queued") {
		t.Fatalf("the queued greeting: %s %q", old.Status, old.LastError)
	}
}

// A greeting queued in Lily's name for a customer handed to Tom before it
// went does not go as Lily: it is planned again and goes as Tom.
func TestAQueuedGreetingGoesAsTheNewOwner(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	const tom = "tom@seller.example"
	r.cfg.Senders[tom] = sequences.GreetingSender{Mailbox: "lily", From: keepwarm.Address{Name: "Tom Wang", Email: tom}, Signature: "Tom Wang"}
	r.startWith(nil)
	first := r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
	if _, err := r.raw.Exec(`UPDATE customers SET owner = ? WHERE key = ?`, tom, usBuyer.key); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].From, "Tom Wang") || !strings.Contains(got[0].Body, "Tom Wang") {
		t.Fatalf("Bob got %+v", got)
	}
	for _, it := range r.outbox() {
		if it.ID == first.ID && (it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "handed from "+lily+" to "+tom)) {
			t.Fatalf("the greeting queued as Lily: %s %q", it.Status, it.LastError)
		}
	}
}

// A greeting whose occasion the manager took out of the config, or whose
// customer is now in a grade not greeted, is not sent once queued.
func TestAQueuedGreetingFollowsTheConfig(t *testing.T) {
	for _, c := range []struct {
		name, want string
		change     func(r *greetRig)
	}{
		{"occasion", `"birthday" is no longer among the greetings' occasions`, func(r *greetRig) { r.cfg.Occasions = []string{"christmas"} }},
		{"pool", "the customer was released to the pool after the greeting was queued: it is not sent in " + lily + "'s name", func(r *greetRig) {
			if _, err := r.raw.Exec(`UPDATE customers SET owner = '' WHERE key = ?`, usBuyer.key); err != nil {
				r.t.Fatal(err)
			}
		}},
		{"grade", "the customer is now grade E, which gets no greetings", func(r *greetRig) {
			if _, err := r.raw.Exec(`UPDATE customers SET grade = 'E' WHERE key = ?`, usBuyer.key); err != nil {
				r.t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, _ := bobsBirthdayRig(t)
			r.startWith(nil)
			r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
			c.change(r)
			r.startWith(nil)
			r.replay(time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC), 10*time.Minute)
			if n := len(r.inbox(usBuyer.email)); n != 0 {
				t.Fatalf("Bob got %d greetings", n)
			}
			items := r.outbox()
			if len(items) != 1 {
				t.Fatalf("outbox: %+v", items)
			}
			for _, it := range items {
				if it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, c.want) {
					t.Fatalf("%s %q", it.Status, it.LastError)
				}
			}
		})
	}
}

// An item let go for a new plan whose skip was not recorded (the store
// failed just then) is skipped at its next look: only the new plan's goes.
func TestAnItemLetGoForANewPlanDoesNotGo(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	r.startWith(nil)
	first := r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
	if err := r.db.ForgetGreeting(r.ctx, first.Key, first.ID); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC), 10*time.Minute)
	if n := len(r.inbox(usBuyer.email)); n != 1 {
		t.Fatalf("Bob got %d greetings", n)
	}
	for _, it := range r.outbox() {
		if it.ID == first.ID && (it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "planned again")) {
			t.Fatalf("the item let go: %s %q", it.Status, it.LastError)
		}
	}
}
