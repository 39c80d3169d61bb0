package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// TestDigestSendGivesHeldNudgesTheLastLook: [notify] was down on Monday,
// so the "Reply due" nudge about Hans's mail stayed queued; Lily answered
// Hans meanwhile. On Tuesday the admin runs `digest --send`: the digest
// goes, and the nudge held with it is dropped at its last look, saying
// why, not sent a day late about mail she answered.
func TestDigestSendGivesHeldNudgesTheLastLook(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	ctx, lily := r.ctx, "lily@acme-export.com"
	urgent := r.save("lily", inboundFrom("urgent@globex.de", "hans@globex.de", "Urgent: price", t0.Add(3*time.Hour)))
	nudge, _, err := r.m.db.Enqueue(ctx, keepwarm.OutboxItem{Key: fmt.Sprintf("nudge:%d:1", urgent), MessageID: "kw-nudge@acme-export.com",
		Mailbox: config.NotifyMailbox, From: keepwarm.Address{Email: "keepwarm@acme-export.com"},
		To: []keepwarm.Address{{Email: lily}}, Subject: "Reply due: Hans Meier waiting 5 min — Urgent: price", Text: "Hans is waiting.",
		Mode: keepwarm.ModeSend, Origin: sequences.OriginNudge,
		DueAt: t0.Add(3*time.Hour + 5*time.Minute), NextAttemptAt: t0.Add(3*time.Hour + 5*time.Minute), CreatedAt: t0.Add(3 * time.Hour)})
	r.must(err)
	r.save("lily", lilyReply("urgent-re@acme-export.com", "hans@globex.de", "Urgent: price", t0.Add(4*time.Hour), "urgent@globex.de"))
	r.must(r.m.measureReplies(ctx))

	tue := t0.Add(24 * time.Hour)
	out := newCLI(t, r.path, r.env).mustRun("--now", tue.Format(time.RFC3339), "digest", "--send", "--salesperson", lily)
	mails := r.smtp.Messages()
	if len(mails) != 1 {
		t.Fatalf("%d mails sent, want the digest alone:\n%s", len(mails), out)
	}
	if got := readSent(t, mails[0].Raw); !strings.Contains(got.subject, "keepwarm digest") {
		t.Errorf("the mail sent is %q, want the digest", got.subject)
	}
	got, err := r.m.db.OutboxItem(ctx, nudge.ID)
	r.must(err)
	if got.Status != keepwarm.OutboxSkipped || !strings.Contains(got.LastError, "answered by "+lily) ||
		!strings.Contains(got.LastError, "before the nudge went out") {
		t.Errorf("the held nudge: %s %q, want skipped as answered before it went out", got.Status, got.LastError)
	}
	if !strings.Contains(out, "skipped 1 at the last look") {
		t.Errorf("digest --send does not say a held item was dropped:\n%s", out)
	}
}

// TestDigestSendThatFailsTellsTheTeamChat: the SMTP server refuses the
// digest `digest --send` sends for good: the team chat is told, as when
// the daemon sends it.
func TestDigestSendThatFailsTellsTheTeamChat(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	r := newDigestRig(t, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`)
	r.env["WECOM_URL"] = robot.URL
	r.seedLily()
	r.smtp.FailNextData(1, 554)
	tue := t0.Add(24 * time.Hour)
	code, out, errs := newCLI(t, r.path, r.env).run(context.Background(), "--now", tue.Format(time.RFC3339), "digest", "--send", "--salesperson", "lily@acme-export.com")
	if code == 0 || !strings.Contains(out, "failed 1") {
		t.Fatalf("digest --send refused for good: exit %d\n%s\n%s", code, out, errs)
	}
	alerts, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: app.OriginAlert})
	r.must(err)
	if len(alerts) != 1 || !strings.Contains(alerts[0].Subject+alerts[0].Text, "[notify]") {
		t.Fatalf("alerts queued for the team chat: %+v, want one that the mail from [notify] failed", alerts)
	}
}
