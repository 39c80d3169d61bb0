package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationFiles are the migrations Open applies: migrationFS, but for a
// test of a migration that fails.
var migrationFiles fs.FS = migrationFS

// renamedMigrations are migrations renumbered after some databases ran
// them under their earlier name (two numbered 0244 for a while on 4
// December 2026): such a database has it already.
var renamedMigrations = map[string]string{"0245_greetings_template": "0244_greetings_template"}

// retiredMigrations are migrations some databases ran that were replaced,
// each by one that does again all it did (so is written to run on a
// database that has it, e.g. CREATE INDEX IF NOT EXISTS) and more: the
// replacement runs there as anywhere else.
var retiredMigrations = map[string]string{
	"0265_tasks_enrollment":        "0265_followup_indexes",
	"0354_reply_report_owner_pool": "0436_repair_first_forms", // its trigger, made again
}

func (db *DB) migrate(ctx context.Context, now time.Time, asItIs bool, before func(pending []string) (func(), error)) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	if err := db.refuseNewer(ctx, names); err != nil || asItIs {
		return err
	}
	if before != nil {
		pending, err := db.pending(ctx, names)
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			release, err := before(pending)
			if err != nil {
				return err
			}
			if release != nil {
				defer release()
			}
			// before may have waited for another keepwarm applying
			// migrations: a newer one leaves a database this build must
			// not touch.
			if err := db.refuseNewer(ctx, names); err != nil {
				return err
			}
		}
	}
	// All pending migrations go in one (immediate, so exclusive)
	// transaction: one that fails leaves the database as the build before
	// had it, which that build still opens, instead of half upgraded,
	// refused by it and failing in this one. The check of each is inside
	// it: two processes opening a new database at once must not both
	// apply it.
	upgrade := false
	var failed string
	committing := false // every migration ran: what fails is the commit
	var refused error   // a newer keepwarm's migrations, said as they are
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations`); err != nil {
			return err
		}
		upgrade = n > 0
		// Checked again in the transaction: a newer keepwarm may have
		// applied its migrations while this one waited for it.
		if refused = db.refuseNewerIn(ctx, tx, names); refused != nil {
			return refused
		}
		for _, name := range names {
			version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
			failed = version
			if err := applyMigration(ctx, tx, name, version, now); err != nil {
				return err
			}
		}
		failed, committing = "", true
		return nil
	})
	if err == nil || refused != nil {
		return refused
	}
	// A failed commit (a full disk where the one transaction's journal
	// cannot grow, a deferred constraint) is rolled back as a failed
	// migration is: the upgrade's wording holds for it too.
	what := "migration " + failed
	switch {
	case committing:
		last := strings.TrimSuffix(strings.TrimPrefix(names[len(names)-1], "migrations/"), ".sql")
		what = "migrations: the commit of those pending, up to " + last
	case failed == "":
		what = "migrations"
	}
	if upgrade {
		return fmt.Errorf("store: %s: %w (nothing was applied: the keepwarm this one replaces still opens this database; report this error)", what, err)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// applyMigration applies one migration in tx unless the database has it
// (under its name, or its earlier one), and records it.
func applyMigration(ctx context.Context, tx *sqlx.Tx, name, version string, now time.Time) error {
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version); err != nil || n > 0 {
		return err
	}
	if old, ok := renamedMigrations[version]; ok {
		// Applied under its earlier name: record it as applied.
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations WHERE version = ?`, old); err != nil {
			return err
		}
		if n > 0 {
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, version, now.Unix())
			return err
		}
	}
	body, err := fs.ReadFile(migrationFiles, name)
	if err != nil {
		return err
	}
	// Recorded first, in the same transaction: a migration that dates what
	// it writes at the upgrade reads its own applied_at (Open's clock).
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, version, now.Unix()); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, string(body))
	return err
}

// refuseNewer fails when the database records a migration this build does
// not know: a newer keepwarm migrated it, and this one would read and write
// data whose meaning changed (list again sends a person has dealt with,
// place follow-ups by bare step index). Nothing is applied then.
func (db *DB) refuseNewer(ctx context.Context, names []string) error {
	return db.refuseNewerIn(ctx, db.w, names)
}

// refuseNewerIn is refuseNewer reading schema_migrations through q (the
// migration's transaction, which holds db.w's one connection).
func (db *DB) refuseNewerIn(ctx context.Context, q sqlx.QueryerContext, names []string) error {
	known := map[string]bool{}
	for _, name := range names {
		known[strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")] = true
	}
	for _, old := range renamedMigrations {
		known[old] = true
	}
	for old := range retiredMigrations {
		known[old] = true
	}
	var recorded []string
	if err := sqlx.SelectContext(ctx, q, &recorded, `SELECT version FROM schema_migrations ORDER BY version`); err != nil {
		return fmt.Errorf("store: read schema_migrations: %w", err)
	}
	var unknown []string
	for _, v := range recorded {
		if !known[v] {
			unknown = append(unknown, v)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	return keepwarm.Errorf(keepwarm.ECONFLICT, "store: database %s was upgraded by a newer keepwarm (migrations %s): run that version or newer, or restore the backup taken before the upgrade", db.path, strings.Join(unknown, ", "))
}

// RefuseNewer is the check Open makes, made again: a command that waited
// for the dispatch lock (another keepwarm applying migrations, or sending
// a digest, held it) makes it once it has the lock, as a newer keepwarm
// may have migrated the database meanwhile.
func (db *DB) RefuseNewer(ctx context.Context) error {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	return db.refuseNewer(ctx, names)
}

// PendingMigrations lists the migrations this build would apply to the
// database (opened AsItIs: keepwarm check reports them and leaves them to
// the next run, tick or sync); nil when none, or for a new database.
func (db *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	return db.pending(ctx, names)
}

// pending lists the migrations not applied yet to a database that has some
// applied (nil for a new one); one recorded under its earlier name is
// applied.
func (db *DB) pending(ctx context.Context, names []string) ([]string, error) {
	var recorded []string
	if err := db.w.SelectContext(ctx, &recorded, `SELECT version FROM schema_migrations`); err != nil {
		return nil, fmt.Errorf("store: read schema_migrations: %w", err)
	}
	if len(recorded) == 0 {
		return nil, nil
	}
	done := map[string]bool{}
	for _, v := range recorded {
		done[v] = true
	}
	var out []string
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		if !done[version] && !done[renamedMigrations[version]] {
			out = append(out, version)
		}
	}
	return out, nil
}
