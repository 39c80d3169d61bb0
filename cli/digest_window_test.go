package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/sequences"
)

// greetingsDigestRig is the digest rig with birthday greetings on, sent as
// Lily from her mailbox, and Hans Meier of Globex (Berlin) born on
// Saturday 7 November.
func greetingsDigestRig(t *testing.T) (*digestRig, *sequences.Digests) {
	return greetingsDigestRigBorn(t, "1970-11-07")
}

// greetingsDigestRigBorn is greetingsDigestRig with Hans born on birthday.
func greetingsDigestRigBorn(t *testing.T, birthday string) (*digestRig, *sequences.Digests) {
	t.Helper()
	r := newDigestRig(t, `
[greetings]
occasions = ["birthday"]
only_contacts_who_wrote = false
`, func(s string) string {
		return strings.Replace(s, "name = \"lily\"\n", "name = \"lily\"\nsmtp_url = \"smtp://127.0.0.1:2525?starttls=none\"\n", 1)
	})
	raw, err := sqlx.Open("sqlite3", "file:"+filepath.Join(filepath.Dir(r.path), "kw.db")+"?_busy_timeout=10000")
	r.must(err)
	defer raw.Close()
	_, err = raw.Exec(`INSERT INTO customers (id, key, name, owner, grade, country, time_zone, created_at, source)
		VALUES (1, 'domain:globex.de', 'Globex GmbH', 'lily@acme-export.com', 'A', 'DE', 'Europe/Berlin', 0, 'import')`)
	r.must(err)
	_, err = raw.Exec(`INSERT INTO contacts (customer_id, email, name, birthday, created_at, from_book) VALUES (1, 'hans@globex.de', 'Hans Meier', ?, 0, 1)`, birthday)
	r.must(err)
	greetings, err := r.m.app.NewGreetings(nil)
	r.must(err)
	return r, r.m.app.NewDigests(greetings, nil)
}

// A greeting whose day has no digest of Lily's (Saturday) is listed by
// Friday's digest as going out before the next one, and by Monday's with
// what became of it: here missed (keepwarm did not run that morning),
// with why. Neither said a word of it before.
func TestDigestListsGreetingsOfDaysWithoutADigest(t *testing.T) {
	r, job := greetingsDigestRig(t)
	lily := "lily@acme-export.com"
	fri := time.Date(2026, 11, 6, 0, 30, 0, 0, time.UTC) // 08:30 in Shanghai
	d, err := job.Build(r.ctx, lily, fri)
	r.must(err)
	coming := sectionOf(d.Text(), "GREETINGS AND LETTERS GOING OUT BEFORE YOUR NEXT DIGEST (1)")
	if !strings.Contains(coming, "birthday of Hans Meier <hans@globex.de> (Globex GmbH) at Sat 7 Nov") || !strings.Contains(coming, "[planned]") {
		t.Errorf("Friday's digest does not list Saturday's greeting:\n%s", d.Text())
	}
	mon := time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC)
	d, err = job.Build(r.ctx, lily, mon)
	r.must(err)
	done := sectionOf(d.Text(), "GREETINGS AND LETTERS SINCE YOUR LAST DIGEST (1)")
	if !strings.Contains(done, "birthday of Hans Meier <hans@globex.de> (Globex GmbH) at Sat 7 Nov") || !strings.Contains(done, "[missed]: ") {
		t.Errorf("Monday's digest does not say Saturday's greeting was missed, and why:\n%s", d.Text())
	}
	if subj := d.Subject(); !strings.HasSuffix(subj, ": 1 review, 1 greeting not sent") {
		t.Errorf("Monday's subject: %s", subj)
	}
	d.Lang = "zh"
	if subj := d.Subject(); !strings.HasSuffix(subj, "1 封问候未发出") {
		t.Errorf("Monday's subject in Chinese: %s", subj)
	}
	js, err := json.Marshal(d)
	r.must(err)
	if !strings.Contains(string(js), `"greetings_since":[{"kind":"greeting"`) || !strings.Contains(string(js), `"status":"missed","reason":"`) {
		t.Errorf("JSON: %s", js)
	}
}

// sectionOf is the text of a digest's section titled title (as printed),
// up to the next blank line; "" when there is none.
func sectionOf(text, title string) string {
	_, rest, ok := strings.Cut(text, "\n"+title+"\n")
	if !ok {
		return ""
	}
	sec, _, _ := strings.Cut(rest, "\n\n")
	return sec
}

// The follow-up steps keepwarm sent in Lily's name since her last digest,
// and those due before her next one, are in her digest: she is never
// surprised by her own outbox (calling Hans about the quotation at ten
// while "Did you receive my quotation?" goes at four).
func TestDigestListsFollowUpsSentAndDue(t *testing.T) {
	r := newDigestRig(t, "")
	lily := "lily@acme-export.com"
	inq := r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Quotation LED panels", t0))
	globex := r.customer("domain:globex.de")
	msg, err := r.m.db.GetMessage(r.ctx, inq)
	r.must(err)
	mon15 := t0.Add(6 * time.Hour)  // Monday 15:00 in Shanghai
	tue16 := t0.Add(31 * time.Hour) // Tuesday 16:00
	enr, err := r.m.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: globex, Sequence: "key-customer",
		Status: keepwarm.EnrollActive, Step: 1, AnchorID: inq, AnchorAt: t0.Add(-72 * time.Hour), ClockAt: t0, DueAt: tue16,
		Mailbox: "lily", Owner: lily, To: []keepwarm.Address{{Email: "hans@globex.de"}}, CreatedAt: t0.Add(-72 * time.Hour), UpdatedAt: mon15})
	r.must(err)
	step := 0
	item, _, err := r.m.db.Enqueue(r.ctx, keepwarm.OutboxItem{Key: "seq:1:0", MessageID: "kw-step1@acme-export.com", Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: lily}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		Subject: "Did you receive my quotation?", Text: "Hello Hans", Mode: keepwarm.ModeSend, DueAt: mon15, NextAttemptAt: mon15,
		CreatedAt: mon15, Origin: sequences.OriginSequence, Sequence: "key-customer", Step: &step, Enrollment: &enr.ID,
		CustomerID: globex, ThreadID: msg.ThreadID})
	r.must(err)
	_, err = r.m.db.ClaimItems(r.ctx, []int64{item.ID}, mon15)
	r.must(err)
	r.must(r.m.db.MarkSent(r.ctx, item.ID, mon15))

	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, t0.Add(24*time.Hour-30*time.Minute)) // Tuesday 08:30
	r.must(err)
	text := d.Text()
	sent := sectionOf(text, "FOLLOW-UPS SENT IN YOUR NAME SINCE YOUR LAST DIGEST (1)")
	due := sectionOf(text, "FOLLOW-UPS GOING OUT BEFORE YOUR NEXT DIGEST (1)")
	if !strings.Contains(sent, `to hans@globex.de: step 1 of key-customer, "Did you receive my quotation?", sent Mon 2 Nov 15:00`) ||
		!strings.Contains(due, fmt.Sprintf("globex.de <hans@globex.de>: step 2 of key-customer at Tue 3 Nov 16:00 (enrollment %d)", enr.ID)) {
		t.Errorf("the digest does not say what went and what goes in Lily's name:\n%s", text)
	}
	js, err := json.Marshal(d)
	r.must(err)
	if !strings.Contains(string(js), `"followups_sent":[{`) || !strings.Contains(string(js), `"followups_due":[{`) {
		t.Errorf("JSON: %s", js)
	}
	// In Chinese too.
	d.Lang = "zh"
	if zh := d.Text(); !strings.Contains(zh, "上一份日报以来以你的名义发出的跟进邮件（1）") || !strings.Contains(zh, "key-customer 第 2 步，11月3日 周二 16:00") {
		t.Errorf("Chinese:\n%s", zh)
	}
}

// What happened between midnight and the digest's time is in one digest,
// not in that day's and the next day's: a sequence that ended at 06:00 on
// Tuesday is news on Tuesday at 08:30, and not again on Wednesday.
func TestDigestListsAnEventOnce(t *testing.T) {
	r := newDigestRig(t, "")
	lily := "lily@acme-export.com"
	inq := r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Inquiry", t0))
	msg, err := r.m.db.GetMessage(r.ctx, inq)
	r.must(err)
	tue6 := t0.Add(21 * time.Hour) // Tuesday 06:00 in Shanghai
	_, err = r.m.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: r.customer("domain:globex.de"), Sequence: "key-customer",
		Status: keepwarm.EnrollCompleted, Step: 3, AnchorID: inq, AnchorAt: t0, ClockAt: t0, DueAt: t0,
		Mailbox: "lily", Owner: lily, To: []keepwarm.Address{{Email: "hans@globex.de"}}, CreatedAt: t0, UpdatedAt: tue6})
	r.must(err)
	job := r.m.app.NewDigests(nil, nil)
	listed := 0
	for _, at := range []time.Time{t0.Add(23*time.Hour + 30*time.Minute), t0.Add(47*time.Hour + 30*time.Minute)} { // Tue, Wed 08:30
		d, err := job.Build(r.ctx, lily, at)
		r.must(err)
		if strings.Contains(d.Text(), "SEQUENCES ENDED WITHOUT AN ANSWER (1)") {
			listed++
		}
	}
	if listed != 1 {
		t.Errorf("the ended sequence is in %d digests, want 1", listed)
	}
}

// A follow-up due while Lily is away waits until she is back (the
// follow-up job holds it): her digest, read by whoever covers for her,
// says so instead of saying it goes out at its time.
func TestDigestSaysDueFollowUpsWaitWhileTheOwnerIsAway(t *testing.T) {
	testDigestDueWhileAway(t, false)
}

// A salesperson who keeps her follow-ups going while away
// (sequences_while_away) has them listed as going out: they do.
func TestDigestSaysDueFollowUpsGoWhenTheOwnerKeepsThemGoing(t *testing.T) {
	testDigestDueWhileAway(t, true)
}

func testDigestDueWhileAway(t *testing.T, keepGoing bool) {
	var edits []func(string) string
	if keepGoing {
		edits = append(edits, func(s string) string {
			return strings.Replace(s, "email = \"lily@acme-export.com\"\n", "email = \"lily@acme-export.com\"\nsequences_while_away = true\n", 1)
		})
	}
	r := newDigestRig(t, "", edits...)
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	inq := r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Quotation LED panels", t0))
	globex := r.customer("domain:globex.de")
	msg, err := r.m.db.GetMessage(r.ctx, inq)
	r.must(err)
	tue16 := t0.Add(31 * time.Hour) // Tuesday 16:00 in Shanghai
	enr, err := r.m.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: globex, Sequence: "key-customer",
		Status: keepwarm.EnrollActive, Step: 1, AnchorID: inq, AnchorAt: t0.Add(-72 * time.Hour), ClockAt: t0, DueAt: tue16,
		Mailbox: "lily", Owner: lily, To: []keepwarm.Address{{Email: "hans@globex.de"}}, CreatedAt: t0.Add(-72 * time.Hour), UpdatedAt: t0})
	r.must(err)
	tue := t0.Add(24*time.Hour - 30*time.Minute) // Tuesday 08:30
	build := func() sequences.Digest {
		d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, tue)
		r.must(err)
		return d
	}
	line := fmt.Sprintf("globex.de <hans@globex.de>: step 2 of key-customer at Tue 3 Nov 16:00 (enrollment %d)", enr.ID)
	if due := sectionOf(build().Text(), "FOLLOW-UPS GOING OUT BEFORE YOUR NEXT DIGEST (1)"); !strings.Contains(due, line) || strings.Contains(due, "waits") {
		t.Fatalf("before any absence:\n%s", due)
	}
	_, err = r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: t0.Add(-time.Hour), Until: t0.Add(50 * time.Hour)},
		"boss@acme-export.com", t0)
	r.must(err)
	d := build()
	due := sectionOf(d.Text(), "FOLLOW-UPS GOING OUT BEFORE YOUR NEXT DIGEST (1)")
	if keepGoing {
		if !strings.Contains(due, line) || strings.Contains(due, "waits") {
			t.Errorf("Lily keeps her follow-ups going while away, yet:\n%s", d.Text())
		}
		return
	}
	if !strings.Contains(due, line+" — waits: lily@acme-export.com is away (desk) until Wed 4 Nov 11:00; it goes when they are back") {
		t.Errorf("a step due while Lily is away is listed as going out:\n%s", d.Text())
	}
	js, err := json.Marshal(d)
	r.must(err)
	if !strings.Contains(string(js), `"status":"held","held_until":"2026-11-04T03:00:00Z","held_why":"desk"`) {
		t.Errorf("JSON: %s", js)
	}
	d.Lang = "zh"
	if zh := d.Text(); !strings.Contains(zh, "——暂缓：lily@acme-export.com 不在（工作台登记），11月4日 周三 11:00 回来") {
		t.Errorf("Chinese:\n%s", zh)
	}
}
