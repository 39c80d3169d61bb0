package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/web"
)

// While Lily is away with Tom as her backup, Tom's desk lists her customer
// mail waiting for an answer, marked as covering for her, and he may open
// that message and that customer's page; before the absence and after it
// both are "not found" again; search finds the customer only meanwhile.
// Ann, a third salesperson, never sees them, and Tom's write actions on
// Lily's customer stay refused throughout.
func TestBackupDeskShowsAndOpensCoveredMail(t *testing.T) {
	const ann = "ann@seller.example"
	w := newWorld(t, "http://keepwarm.test")
	w.be = app.NewWebBackend(app.WebDeps{
		DB: w.db, FollowUp: w.fu, Rules: book.DefaultRules(), TeamLocation: shanghai,
		People: []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: tom, Name: "Tom Wu"}, {Email: ann, Name: "Ann Li"},
			{Email: mei, Name: "Mei Lin", Manager: true}},
		Away: sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true, ann: true},
			People: map[string]string{lily: lily, tom: tom, ann: ann, mei: mei}}, w.db),
	})
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	from, until := now0.Add(time.Hour), now0.Add(25*time.Hour)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: from, Until: until}, lily, now0); err != nil {
		t.Fatal(err)
	}
	tomC, annC, lilyC := w.signIn(srv, tom), w.signIn(srv, ann), w.signIn(srv, lily)
	msgPath, custPath := path("/messages/%d", w.waitingMsg), path("/customers/%d", w.acme)

	// covered checks what c sees of Lily's waiting question to Acme.
	// The desk is read through each of its pages' queries: the most
	// recent page, one before a key, one after a key.
	covered := func(who string, c *client, want bool) {
		t.Helper()
		wantCode := http.StatusNotFound
		for _, at := range []string{"/", "/?older=" + path("%d", now0.Add(48*time.Hour).Unix()) + ".0", "/?newer=0.0"} {
			_, desk := c.get(at)
			if want {
				wantCode = http.StatusOK
				mustContain(t, who+"'s desk at "+at, desk, "Price for 500 pcs?", `href="/customers/`+path("%d", w.acme)+`"`, "covering for Lily Chen")
			} else {
				mustLack(t, who+"'s desk at "+at, desk, "Price for 500 pcs?", "Acme Corp", "covering for")
			}
		}
		code, body := c.get(msgPath)
		if code != wantCode {
			t.Errorf("%s opens Lily's waiting message at %s: %d", who, w.clock.Now().Format(time.RFC3339), code)
		} else if want {
			mustContain(t, who+"'s view of the message", body, "Price for 500 pcs?", "About Price for 500 pcs?")
		}
		code, body = c.get(custPath)
		if code != wantCode {
			t.Errorf("%s opens Acme's page at %s: %d", who, w.clock.Now().Format(time.RFC3339), code)
		} else if want {
			mustContain(t, who+"'s view of Acme", body, "Acme Corp", "Price for 500 pcs?")
		}
		// Search finds her customer while the absence lasts, only then.
		_, found := c.get("/customers?q=acme")
		if want {
			mustContain(t, who+"'s search for acme", found, `href="/customers/`+path("%d", w.acme)+`"`, "Acme Corp")
		} else {
			mustLack(t, who+"'s search for acme", found, `href="/customers/`+path("%d", w.acme)+`"`, "Acme Corp")
		}
		// Covering is reading: no note, review or claim on her customer.
		if code, _ := c.do("/", custPath+"/note", url.Values{"note": {"called Bob"}}); code != http.StatusNotFound {
			t.Errorf("%s adds a note to Acme: %d", who, code)
		}
	}

	// Before: Lily's own desk has it, Tom's and Ann's do not.
	_, desk := lilyC.get("/")
	mustContain(t, "Lily's desk", desk, "Price for 500 pcs?")
	mustLack(t, "Lily's desk", desk, "covering for")
	covered("Tom (before)", tomC, false)
	covered("Ann (before)", annC, false)

	// During: Tom covers; Ann still does not; Tom's own mail is not marked.
	w.clock.Set(from.Add(time.Minute))
	covered("Tom (during)", tomC, true)
	covered("Ann (during)", annC, false)
	_, desk = tomC.get("/")
	mustContain(t, "Tom's desk", desk, "Catalogue")
	// Of the waiting mail, Lily's alone is marked (her open call is too,
	// under the calls: see TestBackupClosesTheCoveredColleaguesCall).
	if n := strings.Count(cut(t, desk, `id="waiting"`, "</section>"), "covering for"); n != 1 {
		t.Errorf("Tom's desk marks %d waiting mails as covered, want 1 (Lily's alone)", n)
	}
	// In Chinese.
	if code, _ := tomC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatalf("switch to Chinese: %d", code)
	}
	_, desk = tomC.get("/")
	mustContain(t, "Tom's desk in Chinese", desk, "代理 Lily Chen", "Price for 500 pcs?")
	if code, _ := tomC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatalf("switch to English: %d", code)
	}
	// The manager sees everything, as always.
	_, desk = w.signIn(srv, mei).get("/")
	mustContain(t, "the manager's desk", desk, "Price for 500 pcs?", "Catalogue")
	mustLack(t, "the manager's desk while Tom covers", desk, "covering for")

	// Tom's view of Acme offers no change.
	_, page := tomC.get(custPath)
	mustLack(t, "Tom's view of Acme", page, `action="`+custPath+`/note"`, `action="`+custPath+`/review"`, `action="/contacts/`)

	// After: not found again.
	w.clock.Set(until.Add(time.Minute))
	covered("Tom (after)", tomC, false)
	covered("Ann (after)", annC, false)

	// Lily away again and Tom away too, naming nobody: both go to the
	// manager, whose desk marks them; Tom sees none of Lily's.
	from2, until2 := until.Add(24*time.Hour), until.Add(48*time.Hour)
	for _, p := range []string{lily, tom} {
		b := ""
		if p == lily {
			b = tom
		}
		if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: p, Backup: b, From: from2, Until: until2}, p, w.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	w.clock.Set(from2.Add(time.Minute))
	covered("Tom (away himself)", tomC, false)
	covered("Ann (both away)", annC, false)
	_, desk = w.signIn(srv, mei).get("/")
	mustContain(t, "the manager's desk", desk, "covering for Lily Chen", "covering for Tom Wu")
}

// A follow-up held in the outbox while its salesperson is away shows on
// her desk as queued, at the time it is decided again, with the reason (in
// Chinese too).
func TestDeskShowsWhyAQueuedStepIsHeld(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	step, enr := 0, w.enrollment
	it, created, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: path("seq:%d:0", enr), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Re: Quotation LED panels",
		Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "sequence", Sequence: "key-customer", Step: &step, Enrollment: &enr,
		DueAt: now0, CreatedAt: now0})
	if err != nil || !created {
		t.Fatalf("enqueue: %v %v", created, err)
	}
	until := now0.Add(50 * time.Hour)
	reason := "held: " + lily + " is away (desk) until " + until.UTC().Format("2006-01-02 15:04 UTC") + ": waits until then"
	if err := w.db.HoldOutbox(w.ctx, it.ID, until, reason); err != nil {
		t.Fatal(err)
	}
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	mustContain(t, "Lily's desk", desk, path(`id="out-%d"`, it.ID), reason)
	if code, _ := c.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatalf("switch to Chinese: %d", code)
	}
	_, desk = c.get("/")
	mustContain(t, "Lily's desk in Chinese", desk, "暂缓发送："+lily+" 不在（desk），到 "+until.UTC().Format("2006-01-02 15:04 UTC")+" 为止")
	if got, err := w.db.OutboxItem(w.ctx, it.ID); err != nil || got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || !got.NextAttemptAt.Equal(until) {
		t.Fatalf("held item: %+v %v", got, err)
	}
}

// The covering digest lists an away colleague's calls for her backup to
// make ("press Done on your desk"): while Lily is away, Tom's desk and
// Acme's page list her open call, marked as covering for her, and his Done
// closes it with the reason he chose; before the absence, and for Ann, the
// same Done is "not found".
func TestBackupClosesTheCoveredColleaguesCall(t *testing.T) {
	const ann = "ann@seller.example"
	w := newWorld(t, "http://keepwarm.test")
	w.be = app.NewWebBackend(app.WebDeps{
		DB: w.db, FollowUp: w.fu, Rules: book.DefaultRules(), TeamLocation: shanghai,
		People: []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: tom, Name: "Tom Wu"}, {Email: ann, Name: "Ann Li"},
			{Email: mei, Name: "Mei Lin", Manager: true}},
		Away: sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true, ann: true},
			People: map[string]string{lily: lily, tom: tom, ann: ann, mei: mei}}, w.db),
	})
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	from, until := now0.Add(time.Hour), now0.Add(25*time.Hour)
	if _, err := w.db.AddAbsence(w.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: from, Until: until}, lily, now0); err != nil {
		t.Fatal(err)
	}
	tomC, annC := w.signIn(srv, tom), w.signIn(srv, ann)
	taskID, done := path(`id="task-%d"`, w.task), path("/tasks/%d/done", w.task)
	form := url.Values{"reason": {"comparing"}, "outcome": {"two offers on the table"}}

	// Before the absence the call is Lily's alone.
	_, desk := tomC.get("/")
	mustLack(t, "Tom's desk before the absence", desk, taskID)
	if code, _ := tomC.do("/", done, form); code != http.StatusNotFound {
		t.Errorf("Tom closes Lily's call before her absence: %d, want 404", code)
	}

	w.clock.Set(from.Add(time.Minute))
	_, desk = tomC.get("/")
	mustContain(t, "Tom's desk while he covers", desk, taskID, "Phone Bob about the sample", "covering for Lily Chen")
	_, page := tomC.get(path("/customers/%d", w.acme))
	mustContain(t, "Tom's view of Acme while he covers", page, taskID, `action="`+done+`"`)
	_, desk = annC.get("/")
	mustLack(t, "Ann's desk", desk, taskID)
	if code, _ := annC.do("/", done, form); code != http.StatusNotFound {
		t.Errorf("Ann closes Lily's call: %d, want 404", code)
	}

	if code, body := tomC.do("/", done, form); code != http.StatusSeeOther {
		t.Fatalf("Tom closes Lily's call while he covers: %d %s", code, body)
	}
	all, err := w.db.ListTasks(w.ctx, true, lily)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].DoneAt.IsZero() || all[0].Reason != keepwarm.QuietComparing {
		t.Errorf("Lily's call after Tom's Done: %+v, want done with the reason comparing", all)
	}
}
