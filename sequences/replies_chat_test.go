package sequences_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// TestNudgesGoWhereEachPersonChose: Lily takes her nudges in WeCom
// (@-mentioned) and by mail; the manager, copied on the target nudge,
// takes them in the same WeCom group: one chat item per level, mentioning
// both at the target; mail only to Lily. The chat note carries the same
// content as the mail, by name, never the key.
func TestNudgesGoWhereEachPersonChose(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, true, func(_ *world, c *sequences.ReplyConfig) {
			c.Notify = map[string][]sequences.NotifyTarget{
				lilyUser: {{Channel: "wecom", Mention: "lily"}, {Channel: sequences.NotifyEmail}},
				boss:     {{Channel: "wecom", Mention: "13800000000"}},
			}
		})
		q := ask("chat-q@globex.de", lilyUser, "Quotation for 40HQ")
		w.deliver(lilyUser, "INBOX", q, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		w.tickAt(t0.Add(10 * time.Minute))
		items, err := w.db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: sequences.OriginNudge})
		if err != nil {
			t.Fatal(err)
		}
		var mails, chats []keepwarm.OutboxItem
		for _, it := range items {
			if it.Chat != nil {
				chats = append(chats, it)
			} else {
				mails = append(mails, it)
			}
		}
		if len(chats) != 2 || len(mails) != 2 {
			t.Fatalf("%d chat items and %d mails, want 2 and 2: %+v", len(chats), len(mails), items)
		}
		c1, c2 := chats[0], chats[1]
		if c1.Mailbox != keepwarm.ChatMailbox("wecom") || !strings.HasSuffix(c1.Key, ":1:wecom") || !slices.Equal(c1.Chat.Mentions, []string{"lily"}) ||
			c1.Chat.Title != "Reply due: Hans Meier waiting 5 min" || c1.Chat.Subject != "Quotation for 40HQ" ||
			!strings.Contains(c1.Chat.Excerpt, "Please quote 2000 pcs") || !strings.HasPrefix(c1.Chat.Link, "https://kw.example/messages/") ||
			c1.Chat.Customer != "Hans Meier, hans@globex.de" || c1.Chat.Urgent ||
			!c1.Chat.Since.Equal(t0) || c1.Chat.Name != "Hans Meier" || c1.Chat.Contact != "hans@globex.de" || c1.Chat.Lang != "" || c1.Chat.Cover != nil {
			t.Errorf("first chat nudge: %s %s %+v", c1.Mailbox, c1.Key, *c1.Chat)
		}
		if !strings.HasSuffix(c2.Key, ":2:wecom") || !slices.Equal(c2.Chat.Mentions, []string{"lily", "13800000000"}) || !c2.Chat.Urgent ||
			!strings.HasPrefix(c2.Chat.Title, "Reply target passed: Hans Meier waiting 10 min") {
			t.Errorf("target chat nudge: %s %+v", c2.Key, *c2.Chat)
		}
		if m := mails[1]; len(m.To) != 1 || m.To[0].Email != lilyUser || len(m.Cc) != 0 || m.InReplyTo != mails[0].MessageID {
			t.Errorf("target mail to %v cc %v in reply to %q (first %q): the manager chose WeCom only", m.To, m.Cc, m.InReplyTo, mails[0].MessageID)
		}
	})
}

// TestBackupsChatNudgeNamesTheOwner: while Lily is away (whole days in the
// config, to Tuesday 3 November) the nudge to Tom, her backup, names her
// by name with her last day away as entered, in a line of its own, never
// the absence's source; the title is the customer's. It is in Tom's
// language, and its excerpt is the start of the customer's own words,
// about 200 characters, without the history they quoted.
func TestBackupsChatNudgeNamesTheOwner(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := lilyAwayWorld(t, srv, func(w *world, c *sequences.ReplyConfig) {
			c.Notify = map[string][]sequences.NotifyTarget{tomUser: {{Channel: "ding", Mention: "tom01"}, {Channel: sequences.NotifyEmail}}}
			c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"}
			c.Langs = map[string]string{tomUser: "en"}
		})
		own := strings.Repeat("Please quote 2000 pcs LED panels, 4000K, CIF Hamburg. ", 6)
		q := ask("away-chat@globex.de", lilyUser, "Quotation for 40HQ")
		q.Body = own + "\n\n-----Original Message-----\nFrom: Lily Chen\nSent: Monday\nOur catalogue is attached.\n"
		w.deliver(lilyUser, "INBOX", q, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		note, mail := w.nudgeNoteAndMail(t)
		if note.Cover == nil || *note.Cover != (keepwarm.ChatCover{Owner: "Lily Chen", Until: "2026-11-03"}) ||
			strings.Contains(note.Title, "away") || strings.Contains(note.Title, "config") || note.Lang != "en" {
			t.Errorf("the backup's note: %+v cover %+v", *note, note.Cover)
		}
		if !strings.HasPrefix(mail.Text, "You are covering for Lily Chen, away until 2026-11-03.") || strings.Contains(mail.Text, "config") {
			t.Errorf("the backup's mail:\n%s", mail.Text)
		}
		if n := utf8.RuneCountInString(note.Excerpt); n > 200 || n < 150 || !strings.HasPrefix(note.Excerpt, "Please quote 2000 pcs") ||
			strings.Contains(note.Excerpt, "Original") || strings.Contains(mail.Text, "Original Message") || strings.Contains(mail.Text, "catalogue") {
			t.Errorf("excerpt of %d characters: %q\nmail:\n%s", n, note.Excerpt, mail.Text)
		}
	})
}

// nudgeNoteAndMail returns the one chat nudge and the one nudge mail the
// world queued.
func (w *world) nudgeNoteAndMail(t *testing.T) (*keepwarm.ChatNote, keepwarm.OutboxItem) {
	t.Helper()
	items, err := w.db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: sequences.OriginNudge})
	if err != nil {
		t.Fatal(err)
	}
	var note *keepwarm.ChatNote
	var mail keepwarm.OutboxItem
	for _, it := range items {
		if it.Chat != nil {
			note = it.Chat
		} else {
			mail = it
		}
	}
	if note == nil || mail.Text == "" {
		t.Fatalf("items %+v", items)
	}
	return note, mail
}
