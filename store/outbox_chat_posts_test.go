package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// TestChatPostsCountEachTry: a chat nudge posted at t, refused for now and
// posted again 30 s later made two posts the platform counts, and a
// restarted dispatcher's rate window sees both.
func TestChatPostsCountEachTry(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	it := testItem("nudge:1:1:wecom", t0)
	it.Mailbox, it.Origin, it.Sequence, it.Step = keepwarm.ChatMailbox("wecom"), "nudge", "", nil
	it.Chat = &keepwarm.ChatNote{Channel: "wecom", Title: "Reply due"}
	x, _, err := db.Enqueue(ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.ClaimItems(ctx, []int64{x.ID}, t0); err != nil || len(got) != 1 {
		t.Fatalf("claim: %d, %v", len(got), err)
	}
	if err := db.MarkRetry(ctx, x.ID, t0.Add(30*time.Second), "502"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.ClaimItems(ctx, []int64{x.ID}, t0.Add(30*time.Second)); err != nil || len(got) != 1 {
		t.Fatalf("claim again: %d, %v", len(got), err)
	}
	posts, err := db.ChatPostsSince(ctx, "wecom", t0.Add(-time.Second))
	if err != nil || len(posts) != 2 || !posts[0].Equal(t0) || !posts[1].Equal(t0.Add(30*time.Second)) {
		t.Fatalf("posts %v, %v: want %s and 30 s later", posts, err, t0)
	}
	if other, err := db.ChatPostsSince(ctx, "ding", t0.Add(-time.Second)); err != nil || len(other) != 0 {
		t.Fatalf("another channel's posts %v, %v", other, err)
	}
}
