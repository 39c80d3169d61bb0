package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// TestMergedTeamPostSaysWhoseDrafts: Lily and Tom take their nudges in
// the team's WeCom group. Their two nudges, each with a "received" draft
// in the reader's own Drafts, merged into one post (both @-mentioned at
// its end) say whose Drafts each is in, by name, not "your Drafts".
func TestMergedTeamPostSaysWhoseDrafts(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Li"}
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"},
				{Mailbox: "tom", Owner: tomUser, Email: tomUser, Name: "Tom Li"}},
			On:        func(p string) bool { return p == lilyUser || p == tomUser },
			Templates: func() *templates.Set { return set },
		}, w.db, testLog())
		c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "team", Mention: "lily"}}, tomUser: {{Channel: "team", Mention: "tom"}}}
	})
	w.deliver(lilyUser, "INBOX", ask("m-1@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	q := ask("m-2@initech.de", tomUser, "Samples")
	q.From = "Eva Roth <eva@initech.de>"
	w.deliver(tomUser, "INBOX", q, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	for _, u := range []string{lilyUser, tomUser} {
		if raws, _ := draftsOf(t, w.srv, u); len(raws) != 1 {
			t.Fatalf("%s: %d drafts, want 1", u, len(raws))
		}
	}
	var notes []keepwarm.ChatNote
	for _, key := range []string{"nudge:1:1:team", "nudge:2:1:team"} {
		it, ok, err := w.db.OutboxByKey(context.Background(), key)
		if err != nil || !ok || it.Chat == nil {
			t.Fatalf("no chat nudge %s: %v %+v", key, err, it)
		}
		notes = append(notes, *it.Chat)
	}
	robot := mailtest.NewChatServer(t, chat.WeCom, "")
	ch := &chat.Channel{Name: "team", Kind: chat.WeCom, URL: robot.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
	if err := ch.Post(context.Background(), notes, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	posts := robot.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	text := posts[0].Text
	for _, want := range []string{"Lily Chen 的草稿箱里已备好", "Tom Li 的草稿箱里已备好"} {
		if !strings.Contains(text, want) {
			t.Errorf("the merged post lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "你的草稿箱") {
		t.Errorf("the merged post says \"your Drafts\":\n%s", text)
	}
}

// TestMergedTeamPostNamesTheManagersDraftsByName: the manager (Tom, who
// takes a pool mailbox's nudges) is in no [[salesperson]]: the merged post
// names his Drafts by team.manager_name, not by his address.
func TestMergedTeamPostNamesTheManagersDraftsByName(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Names = map[string]string{lilyUser: "Lily Chen"}
		c.Manager, c.ManagerName = tomUser, "Tom Li"
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"},
				{Mailbox: "tom", Owner: tomUser, Email: tomUser, Name: "Tom Li"}},
			On:        func(p string) bool { return p == lilyUser || p == tomUser },
			Templates: func() *templates.Set { return set },
		}, w.db, testLog())
		c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "team", Mention: "lily"}}, tomUser: {{Channel: "team", Mention: "tom"}}}
	})
	w.deliver(lilyUser, "INBOX", ask("m-1@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	q := ask("m-2@initech.de", tomUser, "Samples")
	q.From = "Eva Roth <eva@initech.de>"
	w.deliver(tomUser, "INBOX", q, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	for _, u := range []string{lilyUser, tomUser} {
		if raws, _ := draftsOf(t, w.srv, u); len(raws) != 1 {
			t.Fatalf("%s: %d drafts, want 1", u, len(raws))
		}
	}
	var notes []keepwarm.ChatNote
	for _, key := range []string{"nudge:1:1:team", "nudge:2:1:team"} {
		it, ok, err := w.db.OutboxByKey(context.Background(), key)
		if err != nil || !ok || it.Chat == nil {
			t.Fatalf("no chat nudge %s: %v %+v", key, err, it)
		}
		notes = append(notes, *it.Chat)
	}
	robot := mailtest.NewChatServer(t, chat.WeCom, "")
	ch := &chat.Channel{Name: "team", Kind: chat.WeCom, URL: robot.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
	if err := ch.Post(context.Background(), notes, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	posts := robot.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	text := posts[0].Text
	for _, want := range []string{"Lily Chen 的草稿箱里已备好", "Tom Li 的草稿箱里已备好"} {
		if !strings.Contains(text, want) {
			t.Errorf("the merged post lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, tomUser) {
		t.Errorf("the merged post names the manager by address:\n%s", text)
	}
}

// TestMergedGroupRobotPostSaysWhoseDrafts: Lily and Tom take their nudges
// in the team's WeCom group robot with no @-id (notify = ["wecom"]): no
// note mentions anyone. Lily's nudge has a "received" draft in her Drafts,
// Tom's none. Merged into one post, Lily's line names her Drafts: "your
// Drafts" would tell Tom it is in his. Each note carries its reader's name.
func TestMergedGroupRobotPostSaysWhoseDrafts(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Li"}
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"},
				{Mailbox: "tom", Owner: tomUser, Email: tomUser, Name: "Tom Li"}},
			On:        func(p string) bool { return p == lilyUser },
			Templates: func() *templates.Set { return set },
		}, w.db, testLog())
		c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "team"}}, tomUser: {{Channel: "team"}}}
	})
	w.deliver(lilyUser, "INBOX", ask("m-1@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	q := ask("m-2@initech.de", tomUser, "Samples")
	q.From = "Eva Roth <eva@initech.de>"
	w.deliver(tomUser, "INBOX", q, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 1 {
		t.Fatalf("lily: %d drafts, want 1", len(raws))
	}
	var notes []keepwarm.ChatNote
	for _, key := range []string{"nudge:1:1:team", "nudge:2:1:team"} {
		it, ok, err := w.db.OutboxByKey(context.Background(), key)
		if err != nil || !ok || it.Chat == nil {
			t.Fatalf("no chat nudge %s: %v %+v", key, err, it)
		}
		if len(it.Chat.Mentions) != 0 {
			t.Fatalf("%s mentions %v, want nobody", key, it.Chat.Mentions)
		}
		notes = append(notes, *it.Chat)
	}
	if notes[0].Reader != "Lily Chen" || notes[1].Reader != "Tom Li" {
		t.Errorf("the notes' readers are %q and %q, want Lily Chen and Tom Li", notes[0].Reader, notes[1].Reader)
	}
	robot := mailtest.NewChatServer(t, chat.WeCom, "")
	ch := &chat.Channel{Name: "team", Kind: chat.WeCom, URL: robot.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
	if err := ch.Post(context.Background(), notes, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	posts := robot.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	text := posts[0].Text
	if !strings.Contains(text, "Lily Chen 的草稿箱里已备好") || strings.Contains(text, "你的草稿箱") {
		t.Errorf("the merged post does not name Lily's Drafts:\n%s", text)
	}
}
