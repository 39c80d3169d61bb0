package cli

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm/app"
)

// TestSendAgainSendsWhatAFailedRunQueued: `summary --send` and `digest
// --send` run from a shell without the [notify] password queue the mail
// and fail; run again with it, they say the mail is still queued (not
// "already sent") and send it.
func TestSendAgainSendsWhatAFailedRunQueued(t *testing.T) {
	r := newDigestRig(t, "[digest]\nsummary_weekday = \"Fri\"\n")
	r.seedLily()
	noPW := maps.Clone(r.env)
	delete(noPW, "NOTIFY_PW")
	sh, _ := time.LoadLocation("Asia/Shanghai")
	monday := time.Date(2026, 11, 16, 10, 0, 0, 0, sh)
	now := monday.Format(time.RFC3339)

	if code, out, errs := newCLI(t, r.path, noPW).run(context.Background(), "--now", now, "summary", "--send"); code != 1 || !strings.Contains(errs, "NOTIFY_PW") {
		t.Fatalf("summary --send without the password: exit %d\n%s\n%s", code, out, errs)
	}
	out := newCLI(t, r.path, r.env).mustRun("--now", now, "summary", "--send")
	if strings.Contains(out, "already sent") || !strings.Contains(out, "not sent yet") || !strings.Contains(out, "sent 1,") {
		t.Errorf("summary --send again:\n%s", out)
	}
	if got := r.smtp.Messages(); len(got) != 1 || !slices.Contains(got[0].To, "boss@acme-export.com") {
		t.Fatalf("the SMTP server got %d message(s): %+v", len(got), got)
	}
	if out := newCLI(t, r.path, r.env).mustRun("--now", now, "summary", "--send"); !strings.Contains(out, "already sent at Mon 16 Nov 10:00, not sent again") {
		t.Errorf("summary --send a third time:\n%s", out)
	}

	args := []string{"--now", now, "digest", "--send", "--salesperson", "lily@acme-export.com"}
	if code, out, errs := newCLI(t, r.path, noPW).run(context.Background(), args...); code != 1 || !strings.Contains(errs, "NOTIFY_PW") {
		t.Fatalf("digest --send without the password: exit %d\n%s\n%s", code, out, errs)
	}
	out = newCLI(t, r.path, r.env).mustRun(args...)
	if !strings.Contains(out, "not sent yet") || !strings.Contains(out, "sent 1,") {
		t.Errorf("digest --send again:\n%s", out)
	}
	if got := r.smtp.Messages(); len(got) != 2 || !slices.Contains(got[1].To, "lily@acme-export.com") {
		t.Fatalf("the SMTP server got %d message(s): %+v", len(got), got)
	}
}

// TestSendUnderAHeldLockSaysWhenItGoes: with a run or a tick holding the
// dispatch lock, `summary --send` queues the summary and says when it goes
// out (at the holder's next sending pass), not that it is sent.
func TestSendUnderAHeldLockSaysWhenItGoes(t *testing.T) {
	r := newDigestRig(t, "[digest]\nsummary_weekday = \"Fri\"\n")
	r.seedLily()
	held, err := app.LockDispatch(r.m.cfg.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	out := newCLI(t, r.path, r.env).mustRun("--now", time.Date(2026, 11, 16, 10, 0, 0, 0, sh).Format(time.RFC3339), "summary", "--send")
	if !strings.Contains(out, "queued for boss@acme-export.com") || !strings.Contains(out, "next sending pass") || !strings.Contains(out, "keepwarm outbox") {
		t.Errorf("summary --send under a held lock:\n%s", out)
	}
	if n := len(r.smtp.Messages()); n != 0 {
		t.Errorf("%d message(s) sent under another's lock", n)
	}
}
