package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/app"
	"keepwarm/internal/mailtest"
)

func TestDispatchLockAllowsOneSender(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatchFor(db, "run")
	if err != nil {
		t.Fatal(err)
	}
	// A `run` holds it: a `tick` beside it does nothing and says why, and
	// a second `run` refuses to start.
	code, _, errs := r.run(day(0), "tick")
	if code != 1 || !strings.Contains(errs, fmt.Sprintf("keepwarm run (pid %d) is syncing and sending from this database", os.Getpid())) {
		t.Fatalf("tick beside a run: exit %d %s", code, errs)
	}
	code, _, errs = r.run(day(0), "run")
	if code != 1 || !strings.Contains(errs, fmt.Sprintf("another keepwarm run (pid %d, since ", os.Getpid())) || !strings.Contains(errs, "stop it first") {
		t.Fatalf("a second run: exit %d %s", code, errs)
	}
	held.Release()
	r.must(day(0), "tick")
}

// Under cron a tick that outlasts its interval meets the next one: the
// next one does nothing, says so, and exits 0, without telling the
// operator to stop the tick that is doing the work.
func TestTickOverlappingAnotherTickExitsQuietly(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatchFor(db, "tick")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	code, _, errs := r.run(day(0), "tick")
	if code != 0 || strings.Contains(errs, "stop it first") || !strings.Contains(errs, "a previous keepwarm tick is still working on this database: this tick did nothing") {
		t.Fatalf("tick beside a tick: exit %d %s", code, errs)
	}
}

// A tick that has held the lock for longer than --stale-after may be stuck:
// the tick that meets it fails, naming it and since when, so that a cron
// monitor on the exit status hears of it, instead of every tick after it
// "succeeding" while nothing syncs or sends.
func TestTickBesideAStuckTickFails(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatchFor(db, "tick")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	since := time.Now().Add(-3 * time.Hour)
	if err := os.WriteFile(db+".lock", fmt.Appendf(nil, "tick %d %d\n", os.Getpid(), since.Unix()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := r.run(day(0), "tick")
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("keepwarm tick (pid %d) has held the lock since %s (3h0m0s): it may be stuck", os.Getpid(), since.UTC().Format(time.RFC3339))) {
		t.Fatalf("tick beside a tick 3 hours old: exit %d %s", code, errs)
	}
}

// Words in the lock file that name a process no longer alive are an
// earlier holder's: the tick does not repeat them (and does not tell the
// operator to remove the cron entry because of a `run` long gone).
func TestTickDoesNotTrustAStaleLockHolder(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatch(db) // as `keepwarm digest` takes it
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db+".lock", fmt.Appendf(nil, "run %d\n", dead.Process.Pid), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := r.run(day(0), "tick")
	if code == 0 || strings.Contains(errs, "keepwarm run (pid") || !strings.Contains(errs, "another keepwarm run or tick is sending from this database") {
		t.Fatalf("tick beside a lock whose words name a dead run: exit %d %s", code, errs)
	}
	// The holder writes its own words over the earlier ones.
	held.Release()
	digest, err := app.LockDispatchFor(db, "digest")
	if err != nil {
		t.Fatal(err)
	}
	defer digest.Release()
	code, _, errs = r.run(day(0), "tick")
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("keepwarm digest (pid %d) holds the dispatch lock", os.Getpid())) {
		t.Fatalf("tick beside a digest: exit %d %s", code, errs)
	}
}

// A run started while a cron `digest --send` holds the lock (a restart at
// 08:30) waits for it, saying for whom, and starts once it is let go,
// instead of failing and telling the operator to stop a run or tick.
func TestRunWaitsForADigestHoldingTheLock(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	config := writeConfig(t, srv, "")
	held, err := app.LockDispatchFor(filepath.Join(filepath.Dir(config), "kw.db"), "digest")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	stderr := &mailtest.LockedBuffer{}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, func(k string) string { return map[string]string{"TEAM_PW": "team-pw"}[k] })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- m.Run(ctx, []string{"--config", config, "run"}) }()
	defer func() {
		cancel()
		<-done
	}()
	waitFor(t, "the wait for the digest", func() bool {
		return strings.Contains(stderr.String(), "waiting for the dispatch lock") && strings.Contains(stderr.String(), `"holder":"digest"`)
	})
	if s := stderr.String(); strings.Contains(s, "keepwarm running") || strings.Contains(s, "run or tick") || strings.Contains(s, "stop it first") {
		t.Fatalf("run beside a digest:\n%s", s)
	}
	held.Release()
	waitFor(t, "the start line", func() bool { return strings.Contains(stderr.String(), "keepwarm running") })
}

// --stale-after is read as every other duration keepwarm reads: "1d" in a
// cron line is a day, not a usage error that stops every tick.
func TestTickStaleAfterTakesDays(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatchFor(db, "tick")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	since := time.Now().Add(-25 * time.Hour)
	if err := os.WriteFile(db+".lock", fmt.Appendf(nil, "tick %d %d\n", os.Getpid(), since.Unix()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := r.run(day(0), "tick", "--stale-after", "1d", "--texts", "0")
	if code != 1 || !strings.Contains(errs, "it may be stuck") {
		t.Fatalf("tick --stale-after 1d beside a tick 25 hours old: exit %d %s", code, errs)
	}
	code, _, errs = r.run(day(0), "tick", "--stale-after", "2d", "--texts", "0")
	if code != 0 || !strings.Contains(errs, "a previous keepwarm tick is still working") {
		t.Fatalf("tick --stale-after 2d beside a tick 25 hours old: exit %d %s", code, errs)
	}
	code, _, errs = r.run(day(0), "tick", "--stale-after", "soon")
	if code != 2 || !strings.Contains(errs, "--stale-after") || !strings.Contains(errs, `"3d"`) {
		t.Fatalf("tick --stale-after soon: exit %d %s", code, errs)
	}
}

// Under --quiet a tick that meets a previous one still working writes
// nothing: cron would mail the line every few minutes through a long first
// sync, for nothing happening. Without --quiet it still says it
// (TestTickOverlappingAnotherTickExitsQuietly).
func TestQuietTickOverlappingAnotherTickSaysNothing(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatchFor(db, "tick")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	code, out, errs := r.run(day(0), "tick", "--quiet", "--texts", "0")
	if code != 0 || out != "" || errs != "" {
		t.Fatalf("tick --quiet beside a tick: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	// The log at debug level still has it.
	code, _, errs = r.run(day(0), "--log-level", "debug", "tick", "--quiet", "--texts", "0")
	if code != 0 || !strings.Contains(errs, "a previous keepwarm tick is still working") {
		t.Fatalf("tick --quiet --log-level debug beside a tick: exit %d %s", code, errs)
	}
}
