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

// mergedWorld is the world Lily's and Tom's merged nudges are taken in:
// Lily asked about a quotation, Tom (by Eva Roth) about samples, both
// synced and ticked five minutes later. mention says whether each nudge
// @-mentions its reader in the team channel; on says whose "received"
// drafts are on; set adjusts the names (and manager) further.
func mergedWorld(t *testing.T, mention bool, on func(string) bool, set func(c *sequences.ReplyConfig)) *world {
	t.Helper()
	tpl, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		set(c)
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"},
				{Mailbox: "tom", Owner: tomUser, Email: tomUser, Name: "Tom Li"}},
			On:        on,
			Templates: func() *templates.Set { return tpl },
		}, w.db, testLog())
		if mention {
			c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "team", Mention: "lily"}}, tomUser: {{Channel: "team", Mention: "tom"}}}
		} else {
			c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "team"}}, tomUser: {{Channel: "team"}}}
		}
	})
	w.deliver(lilyUser, "INBOX", ask("m-1@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	q := ask("m-2@initech.de", tomUser, "Samples")
	q.From = "Eva Roth <eva@initech.de>"
	w.deliver(tomUser, "INBOX", q, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	return w
}

// wantDrafts fails unless each of users has exactly one draft.
func wantDrafts(t *testing.T, w *world, users ...string) {
	t.Helper()
	for _, u := range users {
		if raws, _ := draftsOf(t, w.srv, u); len(raws) != 1 {
			t.Fatalf("%s: %d drafts, want 1", u, len(raws))
		}
	}
}

// mergedNotes is the two queued team nudges' chat notes, in order; each is
// passed to check (if not nil) by its key first.
func mergedNotes(t *testing.T, w *world, check func(key string, n *keepwarm.ChatNote)) []keepwarm.ChatNote {
	t.Helper()
	var notes []keepwarm.ChatNote
	for _, key := range []string{"nudge:1:1:team", "nudge:2:1:team"} {
		it, ok, err := w.db.OutboxByKey(context.Background(), key)
		if err != nil || !ok || it.Chat == nil {
			t.Fatalf("no chat nudge %s: %v %+v", key, err, it)
		}
		if check != nil {
			check(key, it.Chat)
		}
		notes = append(notes, *it.Chat)
	}
	return notes
}

// postMerged posts notes to a WeCom robot and returns the one post's text.
func postMerged(t *testing.T, w *world, notes []keepwarm.ChatNote) string {
	t.Helper()
	robot := mailtest.NewChatServer(t, chat.WeCom, "")
	ch := &chat.Channel{Name: "team", Kind: chat.WeCom, URL: robot.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
	if err := ch.Post(context.Background(), notes, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	posts := robot.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	return posts[0].Text
}

// bothOn turns "received" drafts on for Lily and Tom.
func bothOn(p string) bool { return p == lilyUser || p == tomUser }

// wantBothNamed fails unless text names Lily's and Tom's Drafts by name.
func wantBothNamed(t *testing.T, text string) {
	t.Helper()
	for _, want := range []string{"Lily Chen 的草稿箱里已备好", "Tom Li 的草稿箱里已备好"} {
		if !strings.Contains(text, want) {
			t.Errorf("the merged post lacks %q:\n%s", want, text)
		}
	}
}

// TestMergedTeamPostSaysWhoseDrafts: Lily and Tom take their nudges in
// the team's WeCom group. Their two nudges, each with a "received" draft
// in the reader's own Drafts, merged into one post (both @-mentioned at
// its end) say whose Drafts each is in, by name, not "your Drafts".
func TestMergedTeamPostSaysWhoseDrafts(t *testing.T) {
	w := mergedWorld(t, true, bothOn, func(c *sequences.ReplyConfig) {
		c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Li"}
	})
	wantDrafts(t, w, lilyUser, tomUser)
	text := postMerged(t, w, mergedNotes(t, w, nil))
	wantBothNamed(t, text)
	if strings.Contains(text, "你的草稿箱") {
		t.Errorf("the merged post says \"your Drafts\":\n%s", text)
	}
}

// TestMergedTeamPostNamesTheManagersDraftsByName: the manager (Tom, who
// takes a pool mailbox's nudges) is in no [[salesperson]]: the merged post
// names his Drafts by team.manager_name, not by his address.
func TestMergedTeamPostNamesTheManagersDraftsByName(t *testing.T) {
	w := mergedWorld(t, true, bothOn, func(c *sequences.ReplyConfig) {
		c.Names = map[string]string{lilyUser: "Lily Chen"}
		c.Manager, c.ManagerName = tomUser, "Tom Li"
	})
	wantDrafts(t, w, lilyUser, tomUser)
	text := postMerged(t, w, mergedNotes(t, w, nil))
	wantBothNamed(t, text)
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
	w := mergedWorld(t, false, func(p string) bool { return p == lilyUser }, func(c *sequences.ReplyConfig) {
		c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Li"}
	})
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 1 {
		t.Fatalf("lily: %d drafts, want 1", len(raws))
	}
	notes := mergedNotes(t, w, func(key string, n *keepwarm.ChatNote) {
		if len(n.Mentions) != 0 {
			t.Fatalf("%s mentions %v, want nobody", key, n.Mentions)
		}
	})
	if notes[0].Reader != "Lily Chen" || notes[1].Reader != "Tom Li" {
		t.Errorf("the notes' readers are %q and %q, want Lily Chen and Tom Li", notes[0].Reader, notes[1].Reader)
	}
	text := postMerged(t, w, notes)
	if !strings.Contains(text, "Lily Chen 的草稿箱里已备好") || strings.Contains(text, "你的草稿箱") {
		t.Errorf("the merged post does not name Lily's Drafts:\n%s", text)
	}
}
