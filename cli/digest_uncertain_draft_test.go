package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
)

// A draft keepwarm stopped while filing in Lily's Drafts is not listed as a
// send whose link broke, to ask the recipient about: it is looked for in
// Drafts and Sent.
// The digest lists it under "Drafts to check" (in Chinese too), apart from
// the price list that may have gone out, and `keepwarm outbox` counts it
// apart with what to do.
func TestDigestAndOutboxListAnUncertainDraftApart(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			r := newDigestRig(t, "", speaks("lily@acme-export.com", lang))
			r.seedLily()
			ctx, db, lily := r.ctx, r.m.db, "lily@acme-export.com"
			_, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "ack:draft", MessageID: "kw-ack@acme-export.com",
				Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
				Subject: "Re: Samples please", Text: "Received, working on it.", Mode: keepwarm.ModeDraft, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0})
			r.must(err)
			claimed, err := db.ClaimDueMailbox(ctx, "lily", t0, 1)
			r.must(err)
			r.must(db.MarkUncertain(ctx, claimed[0].ID, mailsync.InterruptedDraftMaybeFiled))

			tue := t0.Add(24*time.Hour - 30*time.Minute)
			r.tickAt(tue, r.m.app.NewDigests(nil, nil))
			mails := r.smtp.Messages()
			if len(mails) != 1 {
				t.Fatalf("%d digest mails", len(mails))
			}
			text := readSent(t, mails[0].Raw).text
			want := map[string][]string{
				"en": {"SENDS TO CHECK (1)", `"Price list 2027" to hans@globex.de`, "DRAFTS TO CHECK (1)", `"Re: Samples please" to hans@globex.de`,
					"keepwarm stopped while putting these in your Drafts"},
				"zh": {"需要核实的发送（1）", "需要核实的草稿（1）", "“Re: Samples please”，发给 hans@globex.de", "keepwarm 在把这些草稿存入草稿箱时中断"},
			}[lang]
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("digest lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "SENDS TO CHECK (2)") || strings.Contains(text, "需要核实的发送（2）") {
				t.Errorf("the draft is counted with the sends:\n%s", text)
			}
			if lang != "en" {
				return
			}
			out := r.m.Stdout.(*bytes.Buffer)
			out.Reset()
			r.must((&outboxListCmd{}).Run(ctx, r.m))
			for _, w := range []string{"1 uncertain send(s): the connection broke while sending; ask the recipient before sending again (it arrived: keepwarm outbox arrived ID)",
				"1 uncertain draft(s): their filing in Drafts was cut off (keepwarm stopped, or the line dropped); look in the mailbox's Drafts (and Sent) before writing them again (it is there: keepwarm outbox arrived ID)"} {
				if !strings.Contains(out.String(), w) {
					t.Errorf("keepwarm outbox lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
