package app

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// asBefore0312 makes w's database as an upgrade from before 0312 finds
// it: every follow-up without a signer, and 0374 not applied. It is opened
// again (the upgrade) and the follow-up job built anew. extra is more SQL
// the old build left.
func (w *fuApp) asBefore0312(now time.Time, extra ...string) {
	w.t.Helper()
	ctx := context.Background()
	path := w.a.DB.Path()
	if err := w.a.DB.Close(); err != nil {
		w.t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, q := range append([]string{`UPDATE enrollments SET signer = ''`, `DROP TABLE enrollment_signer_reads`,
		`DELETE FROM schema_migrations WHERE version = '0374_upgrade_backfills_signer_pool'`}, extra...) {
		if _, err := raw.Exec(q); err != nil {
			w.t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err := store.Open(ctx, path, now)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	w.a.DB = db
	if w.job, err = w.a.NewFollowUp(nil); err != nil {
		w.t.Fatal(err)
	}
}

// A follow-up from sales@ (Grace's) of Lily's quotation, running when the
// team upgraded across 0312, goes on in Lily's name: it is held while she
// is away, and stopped once the customer is handed from her to Tom, as a
// follow-up enrolled after the upgrade is; not asked about Grace.
func TestFollowUpRunningAtTheUpgradeKeepsItsSigner(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom, grace := "lily@lumina-export.example", "tom@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	enrolled := func(t *testing.T) *fuApp {
		w := newFUApp(t, "", asked)
		w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
		if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		// Hans is Lily's customer now.
		c, err := w.a.DB.ResolveCustomer(ctx, hansMeier.Email)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &lily}, asked.Add(70*time.Minute), grace); err != nil {
			t.Fatal(err)
		}
		if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].Owner != grace || enrs[0].SignedBy() != lily {
			t.Fatalf("enrolled: %+v; skips %+v", enrs, w.skips())
		}
		w.asBefore0312(asked.Add(2 * time.Hour))
		if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].Signer != "" {
			t.Fatalf("as before 0312: %+v", enrs)
		}
		return w
	}
	t.Run("away", func(t *testing.T) {
		w := enrolled(t)
		if _, err := w.a.DB.AddAbsence(ctx, keepwarm.Absence{Person: lily, Backup: grace,
			From: asked, Until: asked.AddDate(0, 0, 10)}, grace, asked.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if it, ok := w.runUntilQueued(asked.Add(2 * time.Hour)); ok {
			t.Fatalf("queued in Lily's name while she is away: %+v", it)
		}
		enrs := w.enrollments()
		if len(enrs) != 1 || enrs[0].SignedBy() != lily || !strings.HasPrefix(enrs[0].Reason, lily+" is away (") {
			t.Errorf("held: %+v", enrs)
		}
	})
	t.Run("handed to Tom", func(t *testing.T) {
		w := enrolled(t)
		c, err := w.a.DB.ResolveCustomer(ctx, hansMeier.Email)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &tom}, asked.Add(3*time.Hour), grace); err != nil {
			t.Fatal(err)
		}
		if it, ok := w.runUntilQueued(asked.Add(3 * time.Hour)); ok {
			t.Fatalf("queued in Lily's name after the customer was handed to Tom: %+v", it)
		}
		enrs := w.enrollments()
		if len(enrs) != 1 || enrs[0].Status.Live() || !strings.Contains(enrs[0].Reason, "handed to "+tom) ||
			!strings.Contains(enrs[0].Reason, "no follow-up in "+lily+"'s name") {
			t.Errorf("after the hand-over: %+v", enrs)
		}
	})
}

// The old build held the same follow-up on Grace's absence (the owner of
// sales@) until her return. Read as Lily's, it is decided again at once:
// Lily is at her desk, so its step goes out in her name, not on Grace's
// return date.
func TestFollowUpHeldOnTheOwnerAtTheUpgradeIsDecidedAgain(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, tom, grace := "lily@lumina-export.example", "tom@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	w := newFUApp(t, "", asked)
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c, err := w.a.DB.ResolveCustomer(ctx, hansMeier.Email)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &lily}, asked.Add(70*time.Minute), grace); err != nil {
		t.Fatal(err)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].SignedBy() != lily {
		t.Fatalf("enrolled: %+v; skips %+v", enrs, w.skips())
	}
	due, back := enrs[0].DueAt, asked.AddDate(0, 0, 10)
	if _, err := w.a.DB.AddAbsence(ctx, keepwarm.Absence{Person: grace, Backup: tom, From: asked, Until: back},
		grace, asked.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	held := grace + " is away (desk) until " + back.Format("2006-01-02")
	w.asBefore0312(due.Add(time.Hour), fmt.Sprintf(`UPDATE enrollments SET reason = '%s', due_at = %d`, held, back.Unix()))
	it, ok := w.runUntilQueued(due.Add(time.Hour))
	if !ok {
		t.Fatalf("nothing queued while Lily is at her desk: %+v", w.enrollments())
	}
	if !strings.Contains(it.From.Name, "Lily") {
		t.Errorf("queued as %q; want in Lily's name", it.From.Name)
	}
	if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].SignedBy() != lily || strings.Contains(enrs[0].Reason, grace) {
		t.Errorf("after the step: %+v", enrs)
	}
}

// A step queued in Lily's name before the upgrade, looked at last before
// the follow-up job's first pass after it, is held on her absence, not let
// through because Grace (the mailbox's owner) is at her desk.
func TestStepQueuedAtTheUpgradeIsLookedAtAsItsSigner(t *testing.T) {
	lily, grace := "lily@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	w, it, _, due := queuedInLilysName(t)
	now := due.Add(2 * time.Hour)
	w.asBefore0312(now)
	if _, err := w.a.DB.AddAbsence(ctx, keepwarm.Absence{Person: lily, Backup: grace, From: now.Add(-time.Hour),
		Until: now.AddDate(0, 0, 5)}, grace, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	skip, err := w.job.Recheck(ctx, it, now)
	var hold *keepwarm.Hold
	if !errors.As(err, &hold) || !strings.HasPrefix(hold.Reason, lily+" is away (") {
		t.Fatalf("last look at the step in Lily's name while she is away: %q, %v; want held on her absence", skip, err)
	}
}

// After the upgrade each follow-up's signer is read on its own: one whose
// mail cannot be read stays listed and the pass says so, while the others
// are read. The last look at a queued step reads only its own follow-up's,
// so the one that keeps failing is not read, nor logged, again for every
// item sent.
func TestSignerReadAtTheUpgradeRowByRow(t *testing.T) {
	ctx := context.Background()
	w, it, asked, due := queuedInLilysName(t)
	// Another buyer's inquiry, whose follow-up (a copy of Lily's) the
	// upgrade finds with its mail unreadable.
	ana := keepwarm.Address{Name: "Ana Ruiz", Email: "ana@initech.example"}
	w.save("sales", keepwarm.Message{MessageID: "rfq-2@initech.example", From: ana, To: []keepwarm.Address{{Email: salesAddr}},
		Subject: "RFQ: downlights", SubjectKey: "rfq: downlights", Date: asked, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:initech.example", Contacts: []keepwarm.Address{ana}, Snippet: "Please quote 500 downlights."}, "")
	var logs bytes.Buffer
	w.a.Log = slog.New(slog.NewTextHandler(&logs, nil))
	now := due.Add(2 * time.Hour)
	w.asBefore0312(now,
		`CREATE TABLE other_follow_up AS SELECT * FROM enrollments`,
		`UPDATE other_follow_up SET id = id + 1000, status = 'failed',
		   anchor_id = (SELECT id FROM messages WHERE message_id = 'rfq-2@initech.example'),
		   thread_id = (SELECT thread_id FROM messages WHERE message_id = 'rfq-2@initech.example')`,
		`INSERT INTO enrollments SELECT * FROM other_follow_up`,
		`DROP TABLE other_follow_up`,
		`UPDATE messages SET size = 'unreadable' WHERE message_id = 'rfq-2@initech.example'`)
	lilys := it.Enrollment
	other := *lilys + 1000
	for i := 0; i < 2; i++ {
		if skip, err := w.job.Recheck(ctx, it, now); err != nil {
			t.Fatalf("last look at Lily's step: %q, %v", skip, err)
		}
	}
	if strings.Contains(logs.String(), "could not be read") {
		t.Errorf("the last look at Lily's step read another follow-up's signer:\n%s", logs.String())
	}
	list, err := w.a.DB.UnsignedEnrollments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != other {
		t.Fatalf("listed after the last look at Lily's step: %+v; want only %d", list, other)
	}
	if _, err := w.job.Run(ctx, now); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("follow-up %d:", other)) {
		t.Errorf("pass with follow-up %d unreadable: %v; want its error", other, err)
	}
	if list, err := w.a.DB.UnsignedEnrollments(ctx); err != nil || len(list) != 1 || list[0].ID != other {
		t.Errorf("listed after the pass: %+v, %v; want %d still", list, err, other)
	}
	if n := strings.Count(logs.String(), "could not be read"); n != 1 {
		t.Errorf("logged %d times that a signer could not be read; want once, for the pass:\n%s", n, logs.String())
	}
}

// queuedInLilysName is Lily's follow-up of Hans Meier's inquiry from the
// shared sales@ (owned by Grace), the customer handed to Lily, with its
// first step queued at due; asked is when Hans asked.
func queuedInLilysName(t *testing.T) (w *fuApp, it keepwarm.OutboxItem, asked, due time.Time) {
	t.Helper()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked = time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily, grace := "lily@lumina-export.example", "grace@lumina-export.example"
	ctx := context.Background()
	w = newFUApp(t, "", asked)
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c, err := w.a.DB.ResolveCustomer(ctx, hansMeier.Email)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &lily}, asked.Add(70*time.Minute), grace); err != nil {
		t.Fatal(err)
	}
	due = w.enrollments()[0].DueAt
	it, ok := w.runUntilQueued(due)
	if !ok {
		t.Fatalf("nothing queued: %+v", w.enrollments())
	}
	return w, it, asked, due
}
