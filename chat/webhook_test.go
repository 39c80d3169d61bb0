package chat_test

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
)

// TestWebhookSendsTheDocumentedFieldsOnly: a generic webhook gets the
// keepwarm.nudges v1 fields the README lists, not what keepwarm keeps for
// itself (the manager's copy for the mail fallback, a Go duration in
// nanoseconds): a receiver reading those would break when they change.
// The reply target goes as target_seconds.
func TestWebhookSendsTheDocumentedFieldsOnly(t *testing.T) {
	srv := mailtest.NewChatServer(t, "webhook", "")
	c := &chat.Channel{Name: "ops", Kind: chat.Webhook, URL: srv.URL, Client: chat.NewClient(5*time.Second, nil, nil, nil)}
	note := keepwarm.ChatNote{Channel: "ops", Mentions: []string{"lily"}, Title: "Reply due", Customer: "Hans Meier (Meier GmbH)",
		Subject: "Quotation", Waiting: "5 min", Excerpt: "Please quote.", Link: "https://kw.example/messages/1", Urgent: true,
		Lang: "en", Since: t0.Add(-5 * time.Minute), Target: 10 * time.Minute, Name: "Hans Meier", Company: "Meier GmbH",
		Contact: "hans@meier.de", Cover: &keepwarm.ChatCover{Owner: "Lily Chen", Until: "2027-01-02"},
		CopySubject: "Reply due (copy)", CopyText: "the manager's copy, by mail", Nudged: "Tom Wang", NudgedFor: "Lily Chen", Test: true}
	if err := c.Post(t.Context(), []keepwarm.ChatNote{note}, t0); err != nil {
		t.Fatal(err)
	}
	nudges, _ := srv.Posts()[0].Body["nudges"].([]any)
	got, _ := nudges[0].(map[string]any)
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"channel", "company", "contact", "cover", "customer", "excerpt", "lang", "link", "mentions", "name",
		"nudged", "nudged_for", "since", "subject", "target", "target_seconds", "test", "title", "urgent", "waiting"}
	if !slices.Equal(keys, want) {
		t.Fatalf("a nudge's fields %q, want %q", keys, want)
	}
	if got["target_seconds"] != float64(600) {
		t.Errorf("target_seconds %v", got["target_seconds"])
	}
	// target in nanoseconds, as earlier builds sent it, for one release.
	if got["target"] != float64(600e9) {
		t.Errorf("target %v", got["target"])
	}
}

// TestWebhookChangesAreInTheUpgradeNotes: a receiver written against an
// earlier build read target (nanoseconds) and could read copy_subject and
// copy_text, at the same version 1: the README's upgrade notes say what
// changed.
func TestWebhookChangesAreInTheUpgradeNotes(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, notes, ok := strings.Cut(string(b), "Changes of meaning to check when upgrading")
	if !ok {
		t.Fatal("README has no upgrade notes")
	}
	notes, _, _ = strings.Cut(notes, "\n## ")
	for _, want := range []string{"`target_seconds`", "`target` (nanoseconds)", "`copy_subject`", "`copy_text`"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the upgrade notes do not mention %s", want)
		}
	}
}
