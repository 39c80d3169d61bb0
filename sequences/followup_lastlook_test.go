package sequences_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/templates"
	"keepwarm/zhtext"
)

var (
	anna = keepwarm.Address{Name: "Anna Berg", Email: "anna@buyer.de"}
	hans = keepwarm.Address{Name: "Hans Meier", Email: "hans@buyer.de"}
	ute  = keepwarm.Address{Name: "Ute Vogel", Email: "ute@buyer.de"}
)

// twoBuyers is a world where Lily's quotation went to two buyers on Monday
// at 10:06 (the mail keeps them in the order of their addresses), and its
// resend, greeting the first, is queued on Thursday.
func twoBuyers(t *testing.T, to ...keepwarm.Address) (*fuWorld, keepwarm.OutboxItem, time.Time) {
	t.Helper()
	return twoBuyersWrote(t, "", to...)
}

// twoBuyersWrote is twoBuyers with the quotation's text.
func twoBuyersWrote(t *testing.T, text string, to ...keepwarm.Address) (*fuWorld, keepwarm.OutboxItem, time.Time) {
	t.Helper()
	w := newFUWorld(t, "A")
	q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
	q.Contacts, q.To, q.Text = to, to, text
	w.save("lily", "Sent", q)
	w.run(day0.Add(2 * time.Hour))
	due := day0.AddDate(0, 0, 3).Add(time.Hour)
	w.run(due)
	var item *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.InReplyTo == "q-2@seller.example" {
			item = &it
		}
	}
	if item == nil || len(item.To) != 2 || item.To[0].Email != to[0].Email {
		t.Fatalf("the resend to both is not queued: %+v", w.outbox())
	}
	return w, *item, due
}

func (w *fuWorld) flagBounced(email string, at time.Time) {
	w.t.Helper()
	if n, err := w.db.FlagBounced(context.Background(), []string{email}, at); err != nil || n != 1 {
		w.t.Fatalf("flag %s: %d %v", email, n, err)
	}
}

func (w *fuWorld) item(id int64) keepwarm.OutboxItem {
	w.t.Helper()
	it, err := w.db.OutboxItem(context.Background(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return it
}

// skipInChinese fails t unless a Chinese digest gives reason, a last look's
// skip, in Chinese: no English left but the quoted opening, the addresses
// kept.
func skipInChinese(t *testing.T, reason, opening string) {
	t.Helper()
	zh := zhtext.Err(reason)
	rest := zh
	if opening != "" {
		if !strings.Contains(zh, "“"+opening+"”") {
			t.Errorf("%q\nin Chinese does not quote the opening %q: %q", reason, opening, zh)
		}
		rest = strings.ReplaceAll(zh, opening, "")
	}
	if english := regexp.MustCompile(`[a-z]{3,}[ )]`).FindString(strings.NewReplacer("buyer.de", "").Replace(rest)); english != "" || zh == reason {
		t.Errorf("%q\nin Chinese: %q (English left: %q)", reason, zh, english)
	}
	for _, v := range []string{"hans@buyer.de", "ute@buyer.de", "anna@buyer.de"} {
		if strings.Contains(reason, v) && !strings.Contains(zh, v) {
			t.Errorf("%q in Chinese lost %q: %q", reason, v, zh)
		}
	}
}

// One of two recipients bounces between the queueing and the send: the
// step is not dropped for the other. When the mail greets the one left it
// goes to them as it is; when it greets the one who bounced it is skipped
// and done again for the other, composed for them; with nobody left it is
// not sent and the follow-up ends as bounced, never on to its next step.
// bouncedDoneAgainForHans flags gone as bounced after the resend item
// to Hans and gone was queued (due): its last look skips it, the step to
// be done again for Hans, saying so in Chinese too; the item is then
// marked skipped, as the dispatcher does.
func (w *fuWorld) bouncedDoneAgainForHans(t *testing.T, item keepwarm.OutboxItem, gone keepwarm.Address, due time.Time) {
	t.Helper()
	ctx := context.Background()
	w.flagBounced(gone.Email, due.Add(time.Minute))
	reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute))
	if err != nil || !strings.Contains(reason, gone.Email+" (bounced)") || !strings.Contains(reason, "done again for hans@buyer.de") {
		t.Fatalf("Recheck: %q %v; the item: %s To %+v\n%s", reason, err, w.item(item.ID).Status, w.item(item.ID).To, w.item(item.ID).Text)
	}
	skipInChinese(t, reason, templates.Opening(item.Text))
	if err := w.db.MarkSkipped(ctx, item.ID, reason); err != nil { // the dispatcher's part
		t.Fatal(err)
	}
}

// redoOf is the first step of enrollment id done again (nil when none).
func (w *fuWorld) redoOf(id int64) *keepwarm.OutboxItem {
	var redo *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Key == fmt.Sprintf("seq:%d:0:r1", id) {
			redo = &it
		}
	}
	return redo
}

// putBackForHans checks that the follow-up of item's thread is put back
// at its first step for Hans alone, and returns that step done again a
// tick later (nil when there is none).
func (w *fuWorld) putBackForHans(t *testing.T, item keepwarm.OutboxItem, due time.Time) *keepwarm.OutboxItem {
	t.Helper()
	e := w.enrollmentOf(item.ThreadID)
	if e.Status != keepwarm.EnrollActive || e.Step != 0 || e.Redo != 1 || len(e.To) != 1 || e.To[0].Email != hans.Email {
		t.Fatalf("the step is not put back for Hans: %s step %d redo %d %+v %q", e.Status, e.Step, e.Redo, e.To, e.Reason)
	}
	w.run(due.Add(3 * time.Minute))
	return w.redoOf(e.ID)
}

// recheckClean checks that the last look of the step done again finds
// nothing against it.
func (w *fuWorld) recheckClean(t *testing.T, redo keepwarm.OutboxItem, due time.Time) {
	t.Helper()
	if reason, err := w.job.Recheck(context.Background(), redo, due.Add(4*time.Minute)); reason != "" || err != nil {
		t.Fatalf("Recheck of the step done again: %q %v", reason, err)
	}
}

// forHansAloneNotUte checks that it goes to Hans alone, opening with his
// salutation and not naming Ute.
func forHansAloneNotUte(t *testing.T, it keepwarm.OutboxItem, what string) {
	t.Helper()
	if emails(it.To) != hans.Email || len(it.Cc) != 0 || !strings.HasPrefix(it.Text, "Dear Hans") || strings.Contains(templates.Opening(it.Text), "Ute") {
		t.Fatalf("%s is not for Hans alone: %+v", what, it)
	}
}

func TestARecipientWhoBouncedIsDroppedAtTheLastLook(t *testing.T) {
	ctx := context.Background()
	t.Run("the greeted one is left", func(t *testing.T) {
		w, item, due := twoBuyers(t, hans, ute)
		w.flagBounced(ute.Email, due.Add(time.Minute))
		reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute))
		if reason != "" || err != nil {
			t.Fatalf("Recheck: %q %v", reason, err)
		}
		it := w.item(item.ID)
		if it.Status != keepwarm.OutboxQueued || len(it.To) != 1 || it.To[0].Email != hans.Email || !strings.Contains(it.Text, "Dear Hans") {
			t.Fatalf("the resend is not for Hans alone: %s %+v", it.Status, it.To)
		}
		e := w.enrollmentOf(it.ThreadID)
		if e.Status != keepwarm.EnrollActive || e.Step != 1 || len(e.To) != 1 || !strings.Contains(e.Reason, "ute@buyer.de (bounced)") {
			t.Fatalf("the enrollment: %s step %d %+v %q", e.Status, e.Step, e.To, e.Reason)
		}
	})
	t.Run("the greeted one bounced", func(t *testing.T) {
		w, item, due := twoBuyers(t, anna, hans)
		if !strings.Contains(item.Text, "Dear Anna") {
			t.Fatalf("the resend does not greet Anna:\n%s", item.Text)
		}
		w.bouncedDoneAgainForHans(t, item, anna, due)
		redo := w.putBackForHans(t, item, due)
		if redo == nil || redo.Status != keepwarm.OutboxQueued || len(redo.To) != 1 || redo.To[0].Email != hans.Email ||
			!strings.Contains(redo.Text, "Dear Hans") || strings.Contains(redo.Text, "Dear Anna") || redo.InReplyTo != "q-2@seller.example" {
			t.Fatalf("the step is not done again for Hans: %+v", redo)
		}
		w.recheckClean(t, *redo, due)
	})
	// Her own opening, kept by the resend, names the one who bounced:
	// sent as it is, Hans would read "Dear Hans and Ute," in a mail that
	// no longer goes to Ute. A group word beside her name does not make
	// "Hi Ute and team," a greeting of Hans either.
	for _, c := range []struct{ name, opening string }{
		{"the mail greets both", "Dear Hans and Ute,"},
		{"the mail greets the one who bounced and the team", "Hi Ute and team,"},
	} {
		opening := c.opening
		t.Run(c.name, func(t *testing.T) {
			w, item, due := twoBuyersWrote(t, opening+"\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen", hans, ute)
			if !strings.HasPrefix(item.Text, opening) {
				t.Fatalf("the resend does not keep her opening:\n%s", item.Text)
			}
			w.bouncedDoneAgainForHans(t, item, ute, due)
			redo := w.putBackForHans(t, item, due)
			if redo == nil || redo.Status != keepwarm.OutboxQueued {
				t.Fatalf("the step is not done again for Hans alone: %+v", redo)
			}
			forHansAloneNotUte(t, *redo, "the step done again")
			w.recheckClean(t, *redo, due)
		})
	}
	// Her own opening greets the one left and his colleagues, in another
	// language: it names nobody dropped, so it goes to Hans as she wrote
	// it, not done again with the book's salutation for a false reason.
	for _, opening := range []string{"Hola Hans y compañeros,", "Ciao Hans e colleghi,"} {
		t.Run("the mail greets the one left and his colleagues: "+opening, func(t *testing.T) {
			w, item, due := twoBuyersWrote(t, opening+"\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen", hans, ute)
			if !strings.HasPrefix(item.Text, opening) {
				t.Fatalf("the resend does not keep her opening:\n%s", item.Text)
			}
			w.flagBounced(ute.Email, due.Add(time.Minute))
			if reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute)); reason != "" || err != nil {
				t.Fatalf("Recheck: %q %v", reason, err)
			}
			it := w.item(item.ID)
			if it.Status != keepwarm.OutboxQueued || emails(it.To) != hans.Email || len(it.Cc) != 0 || !strings.HasPrefix(it.Text, opening) {
				t.Fatalf("the resend does not go to Hans as she wrote it: %s To %+v Cc %+v\n%s", it.Status, it.To, it.Cc, it.Text)
			}
		})
	}
	t.Run("the one greeted beside the team bounced before the step", func(t *testing.T) {
		// The same opening, with Ute gone before the step is composed:
		// the step to Hans alone opens with his own salutation.
		w := newFUWorld(t, "A")
		q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
		q.Contacts, q.To, q.Text = []keepwarm.Address{hans, ute}, []keepwarm.Address{hans, ute}, "Hi Ute and team,\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen"
		w.save("lily", "Sent", q)
		w.run(day0.Add(2 * time.Hour))
		due := day0.AddDate(0, 0, 3).Add(time.Hour)
		w.flagBounced(ute.Email, due.Add(-time.Hour))
		w.run(due)
		var item *keepwarm.OutboxItem
		for _, it := range w.outbox() {
			if it.InReplyTo == "q-2@seller.example" {
				item = &it
			}
		}
		if item == nil {
			t.Fatal("the step is not composed")
		}
		forHansAloneNotUte(t, *item, "the step composed")
	})
	t.Run("a forwarder in Cc, nobody dropped", func(t *testing.T) {
		// Her group opening calls Hans what the book does not ("Hansi");
		// the forwarder she copied is no contact and gets no follow-up.
		// Nobody was dropped: every step keeps her opening.
		w := newFUWorld(t, "A")
		q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
		forwarder := keepwarm.Address{Email: "ops@forwarder.example"}
		q.To, q.Cc, q.Contacts = []keepwarm.Address{hans}, []keepwarm.Address{forwarder}, []keepwarm.Address{hans}
		q.Text = "Hi Hansi and team,\n\nplease find our quotation attached.\n\nBest regards,\nLily Chen"
		w.save("lily", "Sent", q)
		w.run(day0.Add(2 * time.Hour))
		w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
		var item *keepwarm.OutboxItem
		for _, it := range w.outbox() {
			if it.InReplyTo == "q-2@seller.example" {
				item = &it
			}
		}
		if item == nil {
			t.Fatal("the step is not composed")
		}
		if !strings.HasPrefix(item.Text, "Hi Hansi and team,") {
			t.Fatalf("the step does not keep her opening: To %+v Cc %+v\n%s", item.To, item.Cc, item.Text)
		}
	})
	t.Run("one in Cc bounced", func(t *testing.T) {
		w := newFUWorld(t, "A")
		q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
		q.To, q.Cc, q.Contacts = []keepwarm.Address{hans}, []keepwarm.Address{ute}, []keepwarm.Address{hans, ute}
		w.save("lily", "Sent", q)
		w.run(day0.Add(2 * time.Hour))
		due := day0.AddDate(0, 0, 3).Add(time.Hour)
		w.run(due)
		var item keepwarm.OutboxItem
		for _, it := range w.outbox() {
			if it.InReplyTo == "q-2@seller.example" {
				item = it
			}
		}
		if len(item.To) != 1 || item.To[0].Email != hans.Email || len(item.Cc) != 1 || item.Cc[0].Email != ute.Email {
			t.Fatalf("the resend is not To Hans, Cc Ute: %+v", w.outbox())
		}
		w.flagBounced(ute.Email, due.Add(time.Minute))
		if reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute)); reason != "" || err != nil {
			t.Fatalf("Recheck: %q %v", reason, err)
		}
		it := w.item(item.ID)
		if it.Status != keepwarm.OutboxQueued || len(it.To) != 1 || it.To[0].Email != hans.Email || len(it.Cc) != 0 || !strings.Contains(it.Text, "Dear Hans") {
			t.Fatalf("the resend is not for Hans alone: %s To %+v Cc %+v", it.Status, it.To, it.Cc)
		}
	})
	t.Run("nobody left", func(t *testing.T) {
		w, item, due := twoBuyers(t, anna, hans)
		w.flagBounced(anna.Email, due.Add(time.Minute))
		w.flagBounced(hans.Email, due.Add(time.Minute))
		reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute))
		if err != nil || !strings.Contains(reason, "bounced") {
			t.Fatalf("Recheck: %q %v", reason, err)
		}
		if err := w.db.MarkSkipped(ctx, item.ID, reason); err != nil {
			t.Fatal(err)
		}
		w.run(due.AddDate(0, 0, 10))
		e := w.enrollmentOf(item.ThreadID)
		if e.Status != keepwarm.EnrollBounced || !strings.Contains(e.Reason, "no recipient may be written to") {
			t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
		}
		for _, it := range w.outbox() {
			if it.ThreadID == item.ThreadID && it.ID != item.ID {
				t.Fatalf("a later step after every recipient bounced: %+v", it)
			}
		}
	})
}

// The item's recipients and its enrollment's drifted apart between the
// queueing and the send without a block the last look can see now (an
// address dropped for a flag a person undid since): the item is not sent
// as it is, and the step is done again for whom the enrollment now
// writes to, never skipped on to the next step.
func TestRecipientsChangedSinceTheStepWasQueuedRedoesTheStep(t *testing.T) {
	ctx := context.Background()
	w, item, due := twoBuyers(t, hans, ute)
	e := w.enrollmentOf(item.ThreadID)
	e.To = []keepwarm.Address{hans}
	e.UpdatedAt = due.Add(time.Minute)
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute))
	if err != nil || !strings.Contains(reason, "recipients changed") {
		t.Fatalf("Recheck: %q %v", reason, err)
	}
	if err := w.db.MarkSkipped(ctx, item.ID, reason); err != nil { // the dispatcher's part
		t.Fatal(err)
	}
	e = w.enrollmentOf(item.ThreadID)
	if e.Status != keepwarm.EnrollActive || e.Step != 0 || e.Redo != 1 || !strings.Contains(e.Reason, "done again") {
		t.Fatalf("the step is not put back: %s step %d redo %d %q", e.Status, e.Step, e.Redo, e.Reason)
	}
	w.run(due.Add(3 * time.Minute))
	var redo *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Key == fmt.Sprintf("seq:%d:0:r1", e.ID) {
			redo = &it
		}
	}
	if redo == nil || redo.Status != keepwarm.OutboxQueued || emails(redo.To) != hans.Email || len(redo.Cc) != 0 {
		t.Fatalf("the step is not done again for Hans: %+v", redo)
	}
	if reason, err := w.job.Recheck(ctx, *redo, due.Add(4*time.Minute)); reason != "" || err != nil {
		t.Fatalf("Recheck of the step done again: %q %v", reason, err)
	}
}
