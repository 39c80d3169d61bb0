package app

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// asBefore0312 makes w's database as an upgrade from before 0312 finds
// it: every follow-up without a signer, and 0374 not applied. It is opened
// again (the upgrade) and the follow-up job built anew.
func (w *fuApp) asBefore0312(now time.Time) {
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
	for _, q := range []string{`UPDATE enrollments SET signer = ''`, `DROP TABLE enrollment_signer_reads`,
		`DELETE FROM schema_migrations WHERE version = '0374_upgrade_backfills_signer_pool'`} {
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
