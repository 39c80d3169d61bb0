package cli

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A step queued before the manager turns follow-ups off ([sequences]
// disabled) or makes them more careful ([sequences] mode) is not sent as it
// was queued: turned off, it is skipped saying why; in a more careful mode,
// it is done again in that mode. Never sent unchecked.
func TestQueuedStepNotSentAfterSequencesTurnedOff(t *testing.T) {
	for _, tc := range []struct {
		name, conf, want string
		again            keepwarm.SendMode // the mode the step is done again in; "" not done again
	}{
		{"disabled", "\n[sequences]\ndisabled = true\n", "[sequences] disabled", ""},
		{"dry-run", "\n[sequences]\nmode = \"dry-run\"\n", "mode is now dry-run", keepwarm.ModeDryRun},
		{"draft", "\n[sequences]\nmode = \"draft\"\n", "mode is now draft", keepwarm.ModeDraft},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			r := newSeqRig(t, srv, "")
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
			b, err := os.ReadFile(r.config)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(r.config, append(b, tc.conf...), 0o600); err != nil {
				t.Fatal(err)
			}
			clock.Set(due.Add(10 * time.Minute))
			m, engine, disp := openSeqMain(t, r, clock)
			defer m.close()
			if _, err := disp.RunOnce(context.Background(), clock.Now()); err != nil {
				t.Fatal(err)
			}
			if r.delivered() != 0 {
				t.Fatalf("%d mail(s) delivered after follow-ups were turned off", r.delivered())
			}
			item, err := m.app.DB.OutboxItem(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if item.Status != keepwarm.OutboxSkipped || !strings.Contains(item.LastError, tc.want) {
				t.Fatalf("queued step: %s %q, want skipped naming %q", item.Status, item.LastError, tc.want)
			}
			if tc.again == "" {
				return
			}
			if err := engine.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			lines = r.outbox()
			if len(lines) != 2 || lines[1].Mode != tc.again {
				t.Fatalf("the step is not done again in %s: %+v", tc.again, lines)
			}
		})
	}
}

// openSeqMain opens the rig's keepwarm at clock with its engine and
// dispatcher, as the daemon builds them.
func openSeqMain(t *testing.T, r *seqRig, clock keepwarm.Clock) (*Main, interface{ Tick(context.Context) error }, *mailsync.Dispatcher) {
	t.Helper()
	m := NewMain(strings.NewReader(""), os.Stdout, os.Stderr, func(k string) string { return r.env[k] })
	m.Clock = clock
	m.configPath = r.config
	ctx := context.Background()
	if err := m.setupClock(""); err != nil {
		t.Fatal(err)
	}
	if err := m.setupLog("error"); err != nil {
		t.Fatal(err)
	}
	if err := m.open(ctx); err != nil {
		t.Fatal(err)
	}
	engine, disp, err := m.app.NewEngine(ctx)
	if err != nil {
		m.close()
		t.Fatal(err)
	}
	return m, engine, disp
}
