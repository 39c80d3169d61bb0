package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/chat"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// chatAckWorld is the reply-watch world with "received" drafts for Lily,
// who takes her nudges in WeCom only.
func chatAckWorld(t *testing.T) *world {
	t.Helper()
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"}},
			On:         func(p string) bool { return p == lilyUser },
			Templates:  func() *templates.Set { return set },
		}, w.db, testLog())
		c.Notify = map[string][]sequences.NotifyTarget{lilyUser: {{Channel: "wecom", Mention: "lily"}}}
	})
}

// TestChatOnlyNudgeSaysWhyNoDraft: Lily takes her nudges in WeCom only. A
// German buyer on "du" terms gets no "received" draft saying "Ihre": her
// WeCom nudge says why, in Chinese (the mail, which she does not get,
// said it before).
func TestChatOnlyNudgeSaysWhyNoDraft(t *testing.T) {
	w := chatAckWorld(t)
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser, Subject: "Anfrage Panels",
		MessageID: "n-1@globex.de", Body: "Hallo Lily,\n\nkannst du mir bitte bis Freitag ein Angebot für 500 Panels schicken? Danke dir!\n\nHans"}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 0 {
		t.Fatalf("drafts %q", raws)
	}
	text := chatPosted(t, w, "nudge:1:1:wecom", chat.WeCom)
	if !strings.Contains(text, "没有备好“已收到”草稿：这个会话里用的是 \"du\"") || strings.Contains(text, "No \"received\" draft") {
		t.Errorf("the WeCom nudge does not say in Chinese why there is no draft:\n%s", text)
	}
	// On Slack, in English.
	if text := chatPosted(t, w, "nudge:1:1:wecom", chat.Slack); !strings.Contains(text, "No \"received\" draft: this thread says \"du\", its template \"Ihre\"") {
		t.Errorf("the Slack nudge does not say why there is no draft:\n%s", text)
	}
}

// TestChatOnlyNudgeSaysTheDraftIsReady: the same for an English buyer:
// the draft was written, and her WeCom nudge says it is in her Drafts.
func TestChatOnlyNudgeSaysTheDraftIsReady(t *testing.T) {
	w := chatAckWorld(t)
	w.deliver(lilyUser, "INBOX", ask("n-2@globex.de", lilyUser, "Quotation for 40HQ"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 1 {
		t.Fatalf("%d drafts, want 1", len(raws))
	}
	if text := chatPosted(t, w, "nudge:1:1:wecom", chat.WeCom); !strings.Contains(text, "你的草稿箱里已备好一封简短的“已收到，正在处理”回复") {
		t.Errorf("the WeCom nudge does not say the draft is in her Drafts:\n%s", text)
	}
}
