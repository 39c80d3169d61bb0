package config

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
)

// TestExampleLangCommentNamesEveryChatKind: the [[salesperson]] lang
// comment of config.example.toml says which chats get Chinese and which
// English without lang, and names each kind of channel on the side chat
// puts it.
func TestExampleLangCommentNamesEveryChatKind(t *testing.T) {
	ex := keepwarm.ExampleConfig
	start := strings.Index(ex, "# The language of her chat nudges")
	if start < 0 {
		t.Fatal("config.example.toml has no lang comment")
	}
	comment, _, _ := strings.Cut(ex[start:], "\n# lang = ")
	comment = strings.Join(strings.Fields(strings.ReplaceAll(comment, "#", "")), " ")
	_, rest, ok := strings.Cut(comment, "Default: Chinese on ")
	zh, en, ok2 := strings.Cut(rest, ", English on ")
	en, _, _ = strings.Cut(en, ".")
	if !ok || !ok2 {
		t.Fatalf("lang comment does not read \"Default: Chinese on …, English on …\": %s", comment)
	}
	words := map[string]string{chat.WeCom: "WeCom", chat.DingTalk: "DingTalk", chat.Feishu: "Feishu",
		chat.Slack: "Slack", chat.Teams: "Teams", chat.Webhook: "webhook"}
	note := keepwarm.ChatNote{Since: time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)}
	for _, kind := range chat.Kinds {
		side := map[string]string{"zh": zh, "en": en}[chat.Lang(note, kind)]
		if !strings.Contains(side, words[kind]) {
			t.Errorf("lang comment: %s (%s) is not among %q", words[kind], chat.Lang(note, kind), side)
		}
	}
}
