package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// TestNudgeForAnOwnerNotOnTheTeam: Hans's customer still belongs to
// gone@, who left the team before their customers were handed on. His
// mail to the team mailbox is nudged to the mailbox's owner (the manager),
// by mail and in the chat, saying whose customer it is and that their
// customers are to be handed on; never to the address nobody reads.
func TestNudgeForAnOwnerNotOnTheTeam(t *testing.T) {
	const gone = "gone@acme-export.com"
	w := newWorld(t, mailtest.NewMemServer(t), false, func(_ *world, c *sequences.ReplyConfig) {
		c.Notify = map[string][]sequences.NotifyTarget{boss: {{Channel: "wecom", Mention: "boss01"}, {Channel: sequences.NotifyEmail}}}
	})
	ctx := context.Background()
	q := ask("left@globex.de", salesUser, "Please confirm the PI today")
	w.deliver(salesUser, "INBOX", q, t0)
	w.sync()
	c, err := w.db.ResolveCustomer(ctx, "domain:globex.de")
	if err != nil {
		t.Fatal(err)
	}
	owner := gone
	if err := w.db.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &owner}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	w.tickAt(t0.Add(5 * time.Minute))
	if cl := w.clockOf(q.MessageID); cl.Owner != gone {
		t.Fatalf("the clock's owner is %q, want %q", cl.Owner, gone)
	}
	note, mail := w.nudgeNoteAndMail(t)
	if len(mail.To) != 1 || mail.To[0].Email != boss ||
		!strings.HasPrefix(mail.Text, "The customer's owner "+gone+" is not on the team any more: answer for them, and hand their customers on (keepwarm customers handover)") {
		t.Errorf("the mail to %v:\n%s", mail.To, mail.Text)
	}
	if note.Cover == nil || *note.Cover != (keepwarm.ChatCover{Owner: gone, NotOnTeam: true}) {
		t.Errorf("the chat note: %+v", note)
	}
}

// TestNudgeForACustomerOfAnotherManager: a customer owned by a manager
// listed in [team] managers (not [team] manager) is theirs: the nudge goes
// to them and says nothing of an owner who left, as the web, which lets
// them sign in, has them on the team.
func TestNudgeForACustomerOfAnotherManager(t *testing.T) {
	const ceo = "ceo@acme-export.com"
	w := newWorld(t, mailtest.NewMemServer(t), false, func(_ *world, c *sequences.ReplyConfig) {
		c.Team[ceo] = true
	})
	ctx := context.Background()
	q := ask("big@globex.de", salesUser, "Please confirm the PI today")
	w.deliver(salesUser, "INBOX", q, t0)
	w.sync()
	c, err := w.db.ResolveCustomer(ctx, "domain:globex.de")
	if err != nil {
		t.Fatal(err)
	}
	owner := ceo
	if err := w.db.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &owner}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	w.tickAt(t0.Add(5 * time.Minute))
	items, err := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginNudge})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Fatal("no nudge")
	}
	for _, it := range items {
		if strings.Contains(it.Text, "not on the team") || it.Chat != nil && it.Chat.Cover != nil && it.Chat.Cover.NotOnTeam {
			t.Errorf("the nudge to %v calls the manager %s gone:\n%s", it.To, ceo, it.Text)
		}
		if it.Chat == nil && (len(it.To) != 1 || it.To[0].Email != ceo) {
			t.Errorf("the nudge mail goes to %v; want %s", it.To, ceo)
		}
	}
}
