package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// targetAckWorld is the reply-watch world with "received" drafts for
// Lily (on when ack), her nudges by mail.
func targetAckWorld(t *testing.T, ack bool) *world {
	t.Helper()
	return targetAckWorldEscalating(t, ack, false)
}

// targetAckWorldEscalating is targetAckWorld with the manager (boss)
// copied on the target nudge when escalate.
func targetAckWorldEscalating(t *testing.T, ack, escalate bool) *world {
	t.Helper()
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, mailtest.NewMemServer(t), escalate, func(w *world, c *sequences.ReplyConfig) {
		c.Now = w.clock.Now
		c.Names = map[string]string{lilyUser: "Lily Chen"}
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"}},
			On:         func(p string) bool { return ack && p == lilyUser },
			Templates:  func() *templates.Set { return set },
		}, w.db, testLog())
	})
	// The last look before a nudge goes, as the engine wires it.
	w.disp = mailsync.NewDispatcher(w.db, w.sender, w.clock, testLog(), mailsync.DispatcherOptions{Precheck: w.watch.Precheck})
	return w
}

const sendReceivedFirst = `send a short "received, working on it" first`

// TestTargetNudgeSaysWhereTheDraftIs: at the first nudge keepwarm put a
// "received" reply into Lily's Drafts, but the [notify] server refused the
// "Reply due" mail for now, and by its retry the target had passed, so it
// was dropped. The only nudge she gets, "Reply target passed", says the
// draft is in her Drafts; it does not tell her to write a "received"
// herself (Hans would get two).
func TestTargetNudgeSaysWhereTheDraftIs(t *testing.T) {
	w := targetAckWorld(t, true)
	w.smtp.FailNextData(1, 451)
	w.deliver(lilyUser, "INBOX", ask("td-1@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 1 {
		t.Fatalf("%d drafts, want 1", len(raws))
	}
	if n := len(w.nudges()); n != 0 {
		t.Fatalf("the rig: %d nudge mails at the first nudge, want none (refused for now)", n)
	}
	w.tickAt(t0.Add(10 * time.Minute))
	w.tickAt(t0.Add(20 * time.Minute))
	got := w.nudges()
	if len(got) != 1 || !strings.Contains(header(got[0].Raw, "Subject"), "Reply target passed") {
		for _, m := range got {
			t.Log(header(m.Raw, "Subject"), header(m.Raw, "Date"))
		}
		t.Fatalf("%d nudge mails, want the target's alone", len(got))
	}
	text := body(t, got[0].Raw)
	if !strings.Contains(text, `reply in your Drafts at 09:05`) || strings.Contains(text, sendReceivedFirst) {
		t.Errorf("the target nudge does not say the draft is in her Drafts:\n%s", text)
	}
}

// TestTargetNudgeDoesNotClaimADraftThatFailedToFile: Lily's server
// refuses the "received" draft for now (a full mailbox), so at the target
// it is not in her Drafts. "Reply target passed" does not say it is
// ready there; it says to send a short "received" first.
func TestTargetNudgeDoesNotClaimADraftThatFailedToFile(t *testing.T) {
	w := targetAckWorld(t, true)
	w.srv.(*mailtest.IMAPServer).RefuseAppend("Drafts", "", "try again later")
	w.deliver(lilyUser, "INBOX", ask("td-4@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 0 {
		t.Fatalf("the rig: %d drafts, want none (refused)", len(raws))
	}
	w.tickAt(t0.Add(10 * time.Minute))
	got := w.nudges()
	if len(got) != 2 {
		t.Fatalf("%d nudge mails, want 2", len(got))
	}
	if text := body(t, got[1].Raw); strings.Contains(text, "Drafts") || !strings.Contains(text, sendReceivedFirst) {
		t.Errorf("the target nudge speaks of a draft that is not in Drafts:\n%s", text)
	}
}

// TestTargetNudgeWithoutDraftSaysToSendOne: with no draft (ack_draft off)
// the target nudge still says to send a short "received" first.
func TestTargetNudgeWithoutDraftSaysToSendOne(t *testing.T) {
	w := targetAckWorld(t, false)
	w.deliver(lilyUser, "INBOX", ask("td-2@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	w.tickAt(t0.Add(10 * time.Minute))
	got := w.nudges()
	if len(got) != 2 {
		t.Fatalf("%d nudge mails, want 2", len(got))
	}
	if text := body(t, got[1].Raw); !strings.Contains(text, sendReceivedFirst) || strings.Contains(text, "Drafts") {
		t.Errorf("the target nudge without a draft:\n%s", text)
	}
}

// TestManagerCopyOfTargetNudgeSaysWhereTheDraftIs: escalation on; the
// first nudge put a "received" reply into Lily's Drafts. The manager's
// copy of "Reply target passed" says the draft is in Lily Chen's Drafts,
// by her name, not her address; it does not tell the manager to send a
// "received" first (answering from his phone, Hans would get two once Lily
// sends hers).
func TestManagerCopyOfTargetNudgeSaysWhereTheDraftIs(t *testing.T) {
	w := targetAckWorldEscalating(t, true, true)
	w.deliver(lilyUser, "INBOX", ask("td-3@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 1 {
		t.Fatalf("%d drafts, want 1", len(raws))
	}
	w.tickAt(t0.Add(10 * time.Minute))
	var copies []string
	for _, m := range w.nudges() {
		if strings.Contains(header(m.Raw, "To"), boss) {
			copies = append(copies, body(t, m.Raw))
		}
	}
	if len(copies) != 1 {
		t.Fatalf("%d mails to the manager, want the copy of the target nudge", len(copies))
	}
	if text := copies[0]; !strings.Contains(text, "reply in Lily Chen's Drafts at 09:05") || strings.Contains(text, lilyUser+"'s") || strings.Contains(text, sendReceivedFirst) {
		t.Errorf("the manager's copy does not say the draft is in Lily's Drafts:\n%s", text)
	}
}
