package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/web"
)

// A step queued before the manager saved a broken template waits, queued
// with no attempt counted and the reason on it, for as long as the files
// stay broken (here six hours, longer than the retries of a failing send
// last): it is not failed, which would end the follow-up and leave it to
// be resumed by hand. Once the file is fixed it goes, once.
func TestQueuedStepWaitsWhileTemplatesAreBroken(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	due := day(3)
	clock := keepwarm.NewManualClock(due)
	m, engine, _ := openSeqMain(t, r, clock)
	if err := engine.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.close()
	lines := r.outbox()
	if len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("queued: %+v", lines)
	}
	id := lines[0].ID

	tmpl := t.TempDir()
	broken := filepath.Join(tmpl, "resend.tmpl")
	if err := os.WriteFile(broken, []byte("subject: Re: {{.Original.Subject\n--- text\n{{.Contact.Salutation}},\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.config, append(conf, []byte("\n[sequences]\ntemplates_dir = \""+tmpl+"\"\n")...), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	m, _, disp := openSeqMain(t, r, clock)
	var last time.Time
	for at := due.Add(time.Minute); at.Before(due.Add(6 * time.Hour)); at = at.Add(5 * time.Minute) {
		clock.Set(at)
		last = at
		if _, err := disp.RunOnce(ctx, at); err != nil {
			t.Fatalf("pass at %s: %v", at, err)
		}
	}
	m.close()
	if r.delivered() != 0 {
		t.Fatalf("%d mail(s) delivered with the templates broken", r.delivered())
	}
	item, err := r.db().OutboxItem(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if item.Status != keepwarm.OutboxQueued || item.Attempts != 0 || !strings.Contains(item.LastError, "sequences check") {
		t.Fatalf("after six hours broken: %s, %d attempt(s), %q; want queued, no attempt, the reason naming keepwarm sequences check", item.Status, item.Attempts, item.LastError)
	}
	if zh := (web.Lang{Code: "zh"}).Err(item.LastError); zh == item.LastError {
		t.Fatalf("the reason on a Chinese desk is not translated: %q", zh)
	}
	if e := r.enrollments(); len(e) != 1 || e[0].Status != keepwarm.EnrollActive {
		t.Fatalf("enrollments after six hours broken: %+v", e)
	}

	if err := os.Remove(broken); err != nil {
		t.Fatal(err)
	}
	// Fixed and restarted a minute after the last pass: it goes
	// at the restart's first pass, not when that hold would have run out.
	clock.Set(last.Add(time.Minute))
	m, _, disp = openSeqMain(t, r, clock)
	defer m.close()
	if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if item, err = r.db().OutboxItem(ctx, id); err != nil {
		t.Fatal(err)
	}
	if item.Status != keepwarm.OutboxSent || r.delivered() != 1 {
		t.Fatalf("after the fix: %s %q, %d delivered; want sent once", item.Status, item.LastError, r.delivered())
	}
}
