package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
	if out := r.must(day(1), "stop", id); !strings.Contains(out, "stopped") {
		t.Fatalf("stop: %s", out)
	}
	if e := r.enrollments(); e[0].Status != keepwarm.EnrollStopped {
		t.Fatalf("after stop: %+v", e[0])
	}
}
