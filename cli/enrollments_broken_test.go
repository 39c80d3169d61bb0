package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestPauseAndStopWorkWhileTemplatesAreBroken: pausing and stopping a
// follow-up render and send nothing, so a person can do them while a
// template is broken (the customer who phoned to complain is not written to
// once the files are fixed); resuming waits for the fix.
func TestPauseAndStopWorkWhileTemplatesAreBroken(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	e := r.enrollments()
	if len(e) != 1 || e[0].Status != keepwarm.EnrollActive {
		t.Fatalf("enrollments: %+v", e)
	}
	id := strconv.FormatInt(e[0].ID, 10)
	conf, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "templates")
	if err := os.WriteFile(r.config, append(conf, []byte("\n[sequences]\ntemplates_dir = \""+missing+"\"\n")...), 0o600); err != nil {
		t.Fatal(err)
	}

	if out := r.must(day(1), "pause", id); !strings.Contains(out, "paused") {
		t.Fatalf("pause: %s", out)
	}
	if code, _, errs := r.run(day(1), "resume", id); code != 1 || !strings.Contains(errs, "sequences check") {
		t.Fatalf("resume with a broken template: exit %d %s", code, errs)
	}
	if code, _, errs := r.run(day(1), "resume", id, "--resend"); code != 1 || !strings.Contains(errs, "sequences check") {
		t.Fatalf("resume --resend with a broken template: exit %d %s", code, errs)
	}
	if e := r.enrollments(); e[0].Status != keepwarm.EnrollPaused {
		t.Fatalf("after a refused resume: %+v", e[0])
	}
	if out := r.must(day(1), "stop", id, "--yes"); !strings.Contains(out, "stopped") {
		t.Fatalf("stop: %s", out)
	}
	if e := r.enrollments(); e[0].Status != keepwarm.EnrollStopped {
		t.Fatalf("after stop: %+v", e[0])
	}
}

// TestPauseUntilInThePastIsRefused: `pause --until` with a wrong year
// would end the pause at once; it is refused, and a pause that takes says
// until when.
func TestPauseUntilInThePastIsRefused(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	id := strconv.FormatInt(r.enrollments()[0].ID, 10)
	last := day(1).AddDate(-1, 0, 0).Format(time.RFC3339)
	if code, _, errs := r.run(day(1), "pause", id, "--until", last); code != 2 || !strings.Contains(errs, "is in the past") {
		t.Fatalf("pause --until last year: exit %d %s", code, errs)
	}
	if e := r.enrollments(); e[0].Status != keepwarm.EnrollActive {
		t.Fatalf("after a refused pause: %+v", e[0])
	}
	next := day(1).AddDate(0, 0, 10)
	out := r.must(day(1), "pause", id, "--until", next.Format(time.RFC3339))
	want := "paused until " + next.In(shanghai(t)).Format("Mon 2 Jan 2006 15:04 (-07:00)")
	if !strings.Contains(out, want) {
		t.Fatalf("pause --until: %q, want %q", out, want)
	}
	// A date is the start of that day in the customer's zone (a German
	// customer's: Berlin), as the desk's Pause reads it, not the team's
	// (Shanghai): both end the pause at one instant.
	if out := r.must(day(1), "pause", id, "--until", "2099-01-02"); !strings.Contains(out, "paused until Fri 2 Jan 2099 07:00 (+08:00)") {
		t.Fatalf("pause --until a date: %q", out)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if e := r.enrollments(); !e[0].PausedUntil.Equal(time.Date(2099, 1, 2, 0, 0, 0, 0, berlin)) {
		t.Fatalf("pause --until 2099-01-02 for a customer in Germany ends at %s, want the customer's midnight", e[0].PausedUntil)
	}
}

func shanghai(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestEnrollWithABrokenSequenceSaysWhy: `enroll --sequence q` where q's
// file is there but does not load is not a mistyped name: it fails with
// the problem and points to `keepwarm sequences check`, not to a typo.
func TestEnrollWithABrokenSequenceSaysWhy(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	seqs := t.TempDir()
	if err := os.WriteFile(filepath.Join(seqs, "q.toml"), []byte("name = \"q\"\n[[step]]\nafter = \"2d\"\naction = \"emial\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.config, append(conf, []byte("\n[sequences]\ndir = \""+seqs+"\"\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := r.run(day(1), "enroll", "1", "--sequence", "q")
	if code != 1 || !strings.Contains(errs, "sequences check") || strings.Contains(errs, "no such sequence") {
		t.Fatalf("enroll --sequence with a broken file: exit %d\n%s\n%s", code, out, errs)
	}
	// Once the files load, a name that is not there is a usage error.
	if err := os.Remove(filepath.Join(seqs, "q.toml")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := r.run(day(1), "enroll", "1", "--sequence", "qq"); code != 2 || !strings.Contains(errs, "no such sequence") {
		t.Fatalf("enroll --sequence qq: exit %d\n%s", code, errs)
	}
}
