package chat_test

import (
	"slices"
	"sort"
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
		"nudged", "nudged_for", "since", "subject", "target_seconds", "test", "title", "urgent", "waiting"}
	if !slices.Equal(keys, want) {
		t.Fatalf("a nudge's fields %q, want %q", keys, want)
	}
	if got["target_seconds"] != float64(600) {
		t.Errorf("target_seconds %v", got["target_seconds"])
	}
}
