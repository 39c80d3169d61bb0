package sequences_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/charmap"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// ackWorld is the reply-watch world with "received" drafts for Lily.
func ackWorld(t *testing.T, srv mailtest.Server) *world {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen",
				Signature: "陈丽 Lily Chen\n出口部", Location: shanghai}},
			On:        func(p string) bool { return p == lilyUser },
			Templates: func() *templates.Set { return set },
		}, w.db, testLog())
	})
}

// lilyAckWorld is the reply-watch world, on a new in-memory mail server,
// with "received" drafts for Lily (her name only: no signature, no
// location) written from set.
func lilyAckWorld(t *testing.T, set *templates.Set) *world {
	t.Helper()
	return newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen"}},
			On:         func(p string) bool { return p == lilyUser },
			Templates:  func() *templates.Set { return set },
		}, w.db, testLog())
	})
}

// mailboxState is every message of every folder of a user: UID and flags
// (\Recent left out: a session flag, not the mailbox's state).
func mailboxState(t *testing.T, srv mailtest.Server, user string) map[string][]string {
	t.Helper()
	c := srv.Dial(t, user)
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, mb := range list {
		sel, err := c.Select(mb.Mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			t.Fatal(err)
		}
		out[mb.Mailbox] = []string{fmt.Sprintf("uidvalidity %d", sel.UIDValidity)}
		if sel.NumMessages == 0 {
			continue
		}
		msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			var fl []string
			for _, f := range m.Flags {
				if !strings.EqualFold(string(f), `\Recent`) {
					fl = append(fl, string(f))
				}
			}
			sort.Strings(fl)
			out[mb.Mailbox] = append(out[mb.Mailbox], fmt.Sprintf("%d %s", m.UID, strings.Join(fl, " ")))
		}
	}
	return out
}

// draftsOf returns the raw messages in user's Drafts with their flags.
func draftsOf(t *testing.T, srv mailtest.Server, user string) (raws []string, flags [][]imap.Flag) {
	t.Helper()
	c := srv.Dial(t, user)
	sel, err := c.Select("Drafts", &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return nil, nil
	}
	body := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Flags: true, BodySection: []*imap.FetchItemBodySection{body}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		raws = append(raws, string(m.FindBodySection(body)))
		flags = append(flags, m.Flags)
	}
	return raws, flags
}

// TestAckDraftInChineseThreadComesAndGoes: at the first nudge a Chinese
// customer's mail to Lily gets a "received" draft in her Drafts: \Draft,
// in the thread, in Chinese, her signature, the customer quoted. Nothing
// is sent to the customer. When her answer is synced the draft is removed,
// and every other message of every folder keeps its UID and flags.
func TestAckDraftInChineseThreadComesAndGoes(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := ackWorld(t, srv)
		ctx := context.Background()
		// Lily's mailbox already holds mail, read and unread, and a draft of her own.
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Wang <wang@huaxin.cn>", To: lilyUser, Subject: "旧询价",
			MessageID: "old1@huaxin.cn", Body: "您好，请报价。"}, t0.Add(-48*time.Hour))
		w.deliver(lilyUser, "Drafts", mailtest.Msg{From: lilyUser, To: "wang@huaxin.cn", Subject: "Re: 旧询价",
			MessageID: "mine@acme", Body: "Lily's own unfinished draft"}, t0.Add(-24*time.Hour))
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: lilyUser, To: "wang@huaxin.cn", Subject: "Re: 旧询价", MessageID: "s0@acme",
			InReplyTo: "old1@huaxin.cn", References: []string{"old1@huaxin.cn"}, Body: "王经理您好：\n\n附件是我们的报价单，请查收。如有问题请随时联系。\n\n陈丽"}, t0.Add(-47*time.Hour))
		q := mailtest.Msg{From: "王经理 <wang@huaxin.cn>", To: lilyUser, Subject: "LED面板询价", MessageID: "zh-q1@huaxin.cn",
			References: []string{"old1@huaxin.cn"}, Body: "陈小姐您好：\n\n请报2000件LED面板的价格，交货地点上海港。我们下周需要确认订单。\n\n王"}
		w.deliver(lilyUser, "INBOX", q, t0)
		w.sync()
		before := mailboxState(t, srv, lilyUser)

		w.tickAt(t0.Add(5 * time.Minute))
		raws, flags := draftsOf(t, srv, lilyUser)
		if len(raws) != 2 {
			t.Fatalf("%d messages in Drafts, want Lily's own and the new one", len(raws))
		}
		draft := raws[1]
		hdr := func(name string) string { return header([]byte(draft), name) }
		if !slices.Contains(flags[1], imap.FlagDraft) {
			t.Errorf("draft flags %v: no \\Draft", flags[1])
		}
		if hdr("In-Reply-To") != "<zh-q1@huaxin.cn>" || hdr("References") != "<old1@huaxin.cn> <zh-q1@huaxin.cn>" {
			t.Errorf("not in the thread: In-Reply-To %q References %q", hdr("In-Reply-To"), hdr("References"))
		}
		if hdr("Auto-Submitted") != "" {
			t.Errorf("the salesperson's own reply says Auto-Submitted: %q", hdr("Auto-Submitted"))
		}
		text := decodedText(t, draft)
		for _, want := range []string{"王经理您好：", "已收到", "陈丽 Lily Chen", "2026年11月2日 09:00，王经理 写道", "> 陈小姐您好： 请报2000件LED面板的价格"} {
			if !strings.Contains(text, want) {
				t.Errorf("draft text lacks %q:\n%s", want, text)
			}
		}
		if subj := decodedSubject(t, draft); subj != "Re: LED面板询价" {
			t.Errorf("subject %q", subj)
		}
		// The nudge went to Lily and says where the draft is; nothing
		// went to the customer.
		for _, m := range w.nudges() {
			if slices.Contains(m.To, "wang@huaxin.cn") {
				t.Fatalf("keepwarm sent mail to the customer: %s", m.Raw)
			}
			if body := decodedText(t, string(m.Raw)); !strings.Contains(body, "reply is ready in your Drafts") {
				t.Errorf("the nudge does not say a draft is ready:\n%s", body)
			}
		}
		// A second run (a retry after a crash) files no second copy.
		w.tickAt(t0.Add(6 * time.Minute))
		items, err := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginAck})
		if err != nil || len(items) != 1 || items[0].Status != keepwarm.OutboxDrafted {
			t.Fatalf("ack items: %+v, %v", items, err)
		}
		if err := w.sender.Draft(ctx, items[0]); err != nil {
			t.Fatal(err)
		}
		if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 2 {
			t.Fatalf("APPENDing the same draft again made %d drafts", len(raws))
		}

		// Lily answers from her own client; the answer is synced.
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: lilyUser, To: "wang@huaxin.cn", Subject: "Re: LED面板询价", MessageID: "zh-a1@acme",
			InReplyTo: "zh-q1@huaxin.cn", References: []string{"old1@huaxin.cn", "zh-q1@huaxin.cn"}, Body: "王经理您好：报价如下。"}, t0.Add(8*time.Minute))
		w.sync()
		w.tickAt(t0.Add(9 * time.Minute))
		raws, _ = draftsOf(t, srv, lilyUser)
		if len(raws) != 1 || !strings.Contains(raws[0], "mine@acme") {
			t.Fatalf("after the answer Drafts holds %d messages", len(raws))
		}
		after := mailboxState(t, srv, lilyUser)
		// Only the answer is new (in Sent); everything else is as it was.
		sent := after["Sent"]
		if len(sent) != len(before["Sent"])+1 {
			t.Fatalf("Sent: %v → %v", before["Sent"], sent)
		}
		after["Sent"] = sent[:len(sent)-1]
		for folder, st := range before {
			if !slices.Equal(st, after[folder]) {
				t.Errorf("%s changed: %v → %v", folder, st, after[folder])
			}
		}
		if got, _ := w.db.DraftOutcome(ctx, items[0].ID); got != "removed" {
			t.Errorf("outcome %q", got)
		}
	})
}

// decodedText is the text/plain part of a raw message, decoded.
func decodedText(t *testing.T, raw string) string {
	t.Helper()
	r, err := mail.CreateReader(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for {
		p, err := r.NextPart()
		if err != nil {
			t.Fatalf("no text part: %v", err)
		}
		if h, ok := p.Header.(*mail.InlineHeader); ok {
			if ct, _, _ := h.ContentType(); ct == "text/plain" {
				b, err := io.ReadAll(p.Body)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
	}
}

func decodedSubject(t *testing.T, raw string) string {
	t.Helper()
	r, err := mail.CreateReader(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Header.Subject()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAckDraftGoesWhenTheMailIsMarkedNoAnswerNeeded: Hans writes "Thanks,
// received!"; the first nudge files a "received" draft in Lily's Drafts;
// Lily marks the mail "no answer needed" on the desk. The draft is removed
// as an answered thread's is (nothing will answer this mail), and every
// other message of her mailbox keeps its UID and flags.
func TestAckDraftGoesWhenTheMailIsMarkedNoAnswerNeeded(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := ackWorld(t, srv)
		ctx := context.Background()
		w.deliver(lilyUser, "Drafts", mailtest.Msg{From: lilyUser, To: "hans@globex.de", Subject: "Re: Samples",
			MessageID: "own-draft@acme", Body: "Lily's own unfinished draft"}, t0.Add(-time.Hour))
		thanks := mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser, Subject: "Re: Quotation", MessageID: "thx@globex.de",
			Body: "Thanks, received!\n\nHans"}
		w.deliver(lilyUser, "INBOX", thanks, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 2 {
			t.Fatalf("%d messages in Drafts, want Lily's own and the \"received\" draft", len(raws))
		}
		before := mailboxState(t, srv, lilyUser)

		if _, err := w.db.WaiveReply(ctx, store.Viewer{Email: lilyUser}, w.idOf("thx@globex.de"), lilyUser, t0.Add(6*time.Minute)); err != nil {
			t.Fatal(err)
		}
		w.tickAt(t0.Add(7 * time.Minute))
		raws, _ := draftsOf(t, srv, lilyUser)
		if len(raws) != 1 || !strings.Contains(raws[0], "own-draft@acme") {
			t.Fatalf("after the mark Drafts holds %d messages, want only Lily's own", len(raws))
		}
		after := mailboxState(t, srv, lilyUser)
		// Only the "received" draft (the last in Drafts) is gone.
		before["Drafts"] = before["Drafts"][:len(before["Drafts"])-1]
		for folder, st := range before {
			if !slices.Equal(st, after[folder]) {
				t.Errorf("%s changed: %v → %v", folder, st, after[folder])
			}
		}
		items, err := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginAck})
		if err != nil || len(items) != 1 {
			t.Fatalf("ack items: %+v %v", items, err)
		}
		if got, _ := w.db.DraftOutcome(ctx, items[0].ID); got != "removed" {
			t.Errorf("outcome %q, want removed", got)
		}
	})
}

// TestAckDraftEditedByTheSalespersonIsLeftAlone: Lily opened the draft and
// saved her own words (same Message-ID, other bytes, as some clients do);
// when her answer is synced keepwarm leaves that draft where it is.
func TestAckDraftEditedByTheSalespersonIsLeftAlone(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := ackWorld(t, srv)
		ctx := context.Background()
		w.deliver(lilyUser, "INBOX", ask("ed-q1@globex.de", lilyUser, "Tooling cost"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		raws, _ := draftsOf(t, srv, lilyUser)
		if len(raws) != 1 {
			t.Fatalf("%d drafts", len(raws))
		}
		// Her client replaces the draft with her edit.
		edited := strings.Replace(raws[0], "I have received it", "I have received it and asked our engineers", 1)
		c := srv.Dial(t, lilyUser)
		if _, err := c.Select("Drafts", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		all := imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}
		if err := c.Store(all, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
			t.Fatal(err)
		}
		if err := c.Expunge().Close(); err != nil {
			t.Fatal(err)
		}
		srv.Append(t, lilyUser, "Drafts", []byte(edited), t0.Add(6*time.Minute))
		before := mailboxState(t, srv, lilyUser)

		w.deliver(lilyUser, "Sent", answer("ed-a1@acme", lilyUser, "Tooling cost", "ed-q1@globex.de"), t0.Add(8*time.Minute))
		w.sync()
		w.tickAt(t0.Add(9 * time.Minute))
		raws, _ = draftsOf(t, srv, lilyUser)
		if len(raws) != 1 || !strings.Contains(raws[0], "asked our engineers") {
			t.Fatalf("her edited draft is gone: %d drafts", len(raws))
		}
		after := mailboxState(t, srv, lilyUser)
		if !slices.Equal(before["Drafts"], after["Drafts"]) || !slices.Equal(before["INBOX"], after["INBOX"]) {
			t.Errorf("changed: %v → %v", before, after)
		}
		items, _ := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginAck})
		if got, _ := w.db.DraftOutcome(ctx, items[0].ID); got != "edited" {
			t.Errorf("outcome %q, want edited", got)
		}
	})
}

// TestAckDraftStaysWithoutUIDPlus: a server without UIDPLUS cannot expunge
// one message alone, and a plain EXPUNGE would take whatever else the
// salesperson marked deleted: keepwarm leaves its draft unflagged, records
// why, and changes nothing.
func TestAckDraftStaysWithoutUIDPlus(t *testing.T) {
	srv := mailtest.NewMemServerRev1(t)
	w := ackWorld(t, srv)
	ctx := context.Background()
	w.deliver(lilyUser, "INBOX", ask("nu-q1@globex.de", lilyUser, "Packing"), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 1 {
		t.Fatalf("%d drafts", len(raws))
	}
	before := mailboxState(t, srv, lilyUser)
	w.deliver(lilyUser, "Sent", answer("nu-a1@acme", lilyUser, "Packing", "nu-q1@globex.de"), t0.Add(8*time.Minute))
	w.sync()
	w.tickAt(t0.Add(9 * time.Minute))
	after := mailboxState(t, srv, lilyUser)
	if !slices.Equal(before["Drafts"], after["Drafts"]) || !slices.Equal(before["INBOX"], after["INBOX"]) {
		t.Errorf("changed: %v → %v", before, after)
	}
	items, _ := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginAck})
	if got, _ := w.db.DraftOutcome(ctx, items[0].ID); !strings.HasPrefix(got, "kept") {
		t.Errorf("outcome %q, want kept", got)
	}
}

// TestAckDraftGoesToTheBackupWhileTheOwnerIsAway: with Lily away and Tom her
// backup, the "received" draft is put in Tom's Drafts, in his name and
// with his signature (he cannot open Lily's Drafts), and his nudge says
// so; his answer takes it out. A backup who does not want the drafts
// leaves it in Lily's Drafts, and the nudge says whose. Both say Lily by
// her name, not her address.
func TestAckDraftGoesToTheBackupWhileTheOwnerIsAway(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	world := func(t *testing.T, srv mailtest.Server, tomWants bool) *world {
		away := keepwarm.Absence{Person: lilyUser, Backup: tomUser, From: t0.Add(-24 * time.Hour), Until: t0.Add(48 * time.Hour),
			Source: keepwarm.AwayConfig}
		return newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
			c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Li"}
			c.Away = sequences.NewAway(sequences.AwayConfig{
				Configured: []keepwarm.Absence{away}, Salespeople: map[string]bool{lilyUser: true, tomUser: true},
				People: c.People, MailboxOwners: c.MailboxOwners, Backups: map[string]string{lilyUser: tomUser}, Manager: boss,
			}, w.db)
			c.Ack = sequences.NewAck(sequences.AckConfig{
				Identities: []sequences.Identity{
					{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen", Signature: "Lily Chen\nExport dept.", Location: shanghai},
					{Mailbox: "tom", Owner: tomUser, Email: tomUser, Name: "Tom Li", Signature: "Tom Li\nExport dept.", Location: shanghai},
				},
				On:        func(p string) bool { return p == lilyUser || p == tomUser && tomWants },
				Templates: func() *templates.Set { return set },
			}, w.db, testLog())
		})
	}
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		t.Run("in the backup's Drafts", func(t *testing.T) {
			w := world(t, srv, true)
			q := ask("away-ack1@globex.de", lilyUser, "Quotation for 40HQ")
			w.deliver(lilyUser, "INBOX", q, t0)
			w.sync()
			w.tickAt(t0.Add(5 * time.Minute))

			if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 0 {
				t.Fatalf("%d drafts in the absent owner's Drafts", len(raws))
			}
			raws, flags := draftsOf(t, srv, tomUser)
			if len(raws) != 1 || !slices.Contains(flags[0], imap.FlagDraft) {
				t.Fatalf("Tom's Drafts: %d messages, flags %v", len(raws), flags)
			}
			draft := raws[0]
			if from := header([]byte(draft), "From"); !strings.Contains(from, tomUser) || !strings.Contains(from, "Tom Li") {
				t.Errorf("the draft is not in Tom's name: From %q", from)
			}
			if to := header([]byte(draft), "To"); !strings.Contains(to, "hans@globex.de") {
				t.Errorf("the draft is not to the customer: To %q", to)
			}
			if irt := header([]byte(draft), "In-Reply-To"); irt != "<away-ack1@globex.de>" {
				t.Errorf("not in the thread: In-Reply-To %q", irt)
			}
			text := strings.ReplaceAll(decodedText(t, draft), "\r\n", "\n")
			if !strings.Contains(text, "Best regards,\nTom Li\nExport dept.") || strings.Contains(text, "Lily Chen") {
				t.Errorf("the draft is not signed by Tom alone:\n%s", text)
			}
			nudges := w.nudges()
			if len(nudges) != 1 || nudges[0].To[0] != tomUser {
				t.Fatalf("nudges: %+v", nudges)
			}
			if body := decodedText(t, string(nudges[0].Raw)); !strings.Contains(body, "reply is ready in your Drafts, in your name, while Lily Chen is away") {
				t.Errorf("Tom's nudge does not say the draft is in his Drafts:\n%s", body)
			}

			// Tom answers from his own mailbox; the draft goes.
			w.deliver(tomUser, "Sent", answer("away-ans1@acme-export.com", tomUser, q.Subject, q.MessageID), t0.Add(8*time.Minute))
			w.sync()
			w.tickAt(t0.Add(9 * time.Minute))
			if raws, _ := draftsOf(t, srv, tomUser); len(raws) != 0 {
				t.Fatalf("after Tom's answer his Drafts hold %d messages", len(raws))
			}
		})
		t.Run("in the owner's Drafts", func(t *testing.T) {
			w := world(t, srv, false)
			// Another buyer: on Dovecot the first case's mailboxes are still
			// there, and Tom's answer to Hans in them would answer Hans here.
			q := ask("away-ack2@globex.de", lilyUser, "Samples")
			q.From = "Eva Roth <eva@globex.de>"
			w.deliver(lilyUser, "INBOX", q, t0)
			w.sync()
			w.tickAt(t0.Add(5 * time.Minute))
			if raws, _ := draftsOf(t, srv, tomUser); len(raws) != 0 {
				t.Fatalf("%d drafts in Tom's Drafts, who wants none", len(raws))
			}
			raws, _ := draftsOf(t, srv, lilyUser)
			if len(raws) != 1 || !strings.Contains(header([]byte(raws[0]), "From"), lilyUser) {
				t.Fatalf("Lily's Drafts: %d", len(raws))
			}
			nudges := w.nudges()
			if len(nudges) != 1 || nudges[0].To[0] != tomUser {
				t.Fatalf("nudges: %+v", nudges)
			}
			if body := decodedText(t, string(nudges[0].Raw)); !strings.Contains(body, "reply is ready in Lily Chen's Drafts") {
				t.Errorf("Tom's nudge does not say whose Drafts:\n%s", body)
			}
		})
	})
}

// The "received" draft goes where a mail client's Reply goes: to the
// customer's Reply-To (their purchasing department's address) rather than
// the address they wrote from; a Reply-To naming the salesperson's own
// mailbox is not followed.
func TestAckDraftGoesToTheReplyTo(t *testing.T) {
	w := ackWorld(t, mailtest.NewMemServer(t))
	q := mailtest.Msg{From: "Wang Wei <wang.wei.home@huaxin.cn>", To: lilyUser, Subject: "Inquiry LED panels", MessageID: "rt-1@huaxin.cn",
		Extra: []string{"Reply-To: =?UTF-8?B?6YeH6LSt6YOo?= <purchase@huaxin.cn>"}, Body: "Please quote 2000 pcs."}
	w.deliver(lilyUser, "INBOX", q, t0)
	q2 := mailtest.Msg{From: "Wang Wei <wang.wei.home@huaxin.cn>", To: lilyUser, Subject: "Samples", MessageID: "rt-2@huaxin.cn",
		Extra: []string{"Reply-To: " + lilyUser}, Body: "Please send samples."}
	w.deliver(lilyUser, "INBOX", q2, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	raws, _ := draftsOf(t, w.srv, lilyUser)
	if len(raws) != 2 {
		t.Fatalf("%d drafts, want 2", len(raws))
	}
	got := map[string]string{}
	for _, raw := range raws {
		got[header([]byte(raw), "In-Reply-To")] = header([]byte(raw), "To")
	}
	if to := got["<rt-1@huaxin.cn>"]; !strings.Contains(to, "purchase@huaxin.cn") || strings.Contains(to, "wang.wei.home") {
		t.Errorf("the draft to a mail with Reply-To goes To %q", to)
	}
	if to := got["<rt-2@huaxin.cn>"]; !strings.Contains(to, "wang.wei.home@huaxin.cn") {
		t.Errorf("the draft to a mail whose Reply-To is Lily's own goes To %q", to)
	}
}

// An inquiry a Russian site's form relays From its no-reply address names
// the buyer in a raw windows-1251 Reply-To of multipart mail, its text
// part labelled windows-1251: the draft goes To the buyer by the name the
// sync read ("Иван Петров"), not by a guess from the stored header alone
// ("肉囗 襄蝠钼").
func TestAckDraftToARelayedBuyerWithARawName(t *testing.T) {
	w := ackWorld(t, mailtest.NewMemServer(t))
	name, err := charmap.Windows1251.NewEncoder().String("Иван Петров")
	if err != nil {
		t.Fatal(err)
	}
	text, err := charmap.Windows1251.NewEncoder().String("Здравствуйте, пришлите цену на 2000 панелей.")
	if err != nil {
		t.Fatal(err)
	}
	raw := "From: noreply@zavod.example\r\nTo: " + lilyUser + "\r\nReply-To: " + name + " <ivan@zavod.example>\r\n" +
		"Subject: Inquiry from the website\r\nMessage-ID: <form-1@zavod.example>\r\nDate: " + t0.Format(time.RFC1123Z) + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n--b--\r\n"
	w.srv.Append(t, lilyUser, "INBOX", []byte(raw), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	raws, _ := draftsOf(t, w.srv, lilyUser)
	if len(raws) != 1 {
		t.Fatalf("%d drafts, want 1", len(raws))
	}
	if to := header([]byte(raws[0]), "To"); !strings.Contains(to, "Иван Петров") || !strings.Contains(to, "ivan@zavod.example") {
		t.Errorf("the draft to the relayed buyer goes To %q", to)
	}
}

// The "received" draft greets the person it is written to: Maria, who
// took Hans's order over and wrote in his thread, gets "Dear Maria,", not
// the "Dear Hans" Lily's last mail in the thread opened with.
func TestAckDraftGreetsTheSenderNotWhomTheTeamLastWrote(t *testing.T) {
	w := ackWorld(t, mailtest.NewMemServer(t))
	w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily Chen <" + lilyUser + ">", To: "Hans Meier <hans@acme.de>", Subject: "Offer LED panels",
		MessageID: "offer-1@seller", Body: "Dear Hans,\n\nplease find our offer for 5,000 LED panels attached.\n\nLily"}, t0.Add(-48*time.Hour))
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Maria Weber <maria@acme.de>", To: lilyUser, Subject: "Re: Offer LED panels",
		MessageID: "maria-1@acme.de", InReplyTo: "offer-1@seller", References: []string{"offer-1@seller"},
		Body: "Hans is away; I am handling this order. Can you confirm 5,000 pcs by Friday?\n\nMaria Weber"}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	raws, _ := draftsOf(t, w.srv, lilyUser)
	if len(raws) != 1 {
		t.Fatalf("%d drafts, want 1", len(raws))
	}
	text := strings.ReplaceAll(decodedText(t, raws[0]), "\r\n", "\n")
	if first, _, _ := strings.Cut(text, "\n"); first != "Dear Maria," {
		t.Errorf("the draft to Maria opens %q:\n%s", first, text)
	}
	if own, _, _ := strings.Cut(text, "\nOn "); strings.Contains(own, "Hans") {
		t.Errorf("the draft to Maria names Hans:\n%s", text)
	}
}

// A salesperson with no name in the config gets no "received" draft that
// goes From a bare address and ends "Best regards," with nothing below:
// it is signed with the name her own mail in the thread went out with,
// and when there is none no draft is left and her nudge says why.
func TestAckDraftIsNotLeftUnsigned(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Ack = sequences.NewAck(sequences.AckConfig{
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser}},
			On:         func(p string) bool { return p == lilyUser },
			Templates:  func() *templates.Set { return set },
		}, w.db, testLog())
	})
	w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily Chen <" + lilyUser + ">", To: "Wang Wei <wang.wei@huaxin.cn>", Subject: "Offer LED panels",
		MessageID: "offer-1@seller", Body: "Dear Wang Wei,\n\nplease find our offer attached.\n\nLily"}, t0.Add(-48*time.Hour))
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Wang Wei <wang.wei@huaxin.cn>", To: lilyUser, Subject: "Re: Offer LED panels",
		MessageID: "u-1@huaxin.cn", InReplyTo: "offer-1@seller", References: []string{"offer-1@seller"}, Body: "Can you do 3,000 pcs?"}, t0)
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Ahmed Khan <ahmed@alnoor.ae>", To: lilyUser, Subject: "Inquiry cables",
		MessageID: "u-2@alnoor.ae", Body: "Please quote 500 m."}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	raws, _ := draftsOf(t, w.srv, lilyUser)
	if len(raws) != 1 || !strings.Contains(header([]byte(raws[0]), "In-Reply-To"), "u-1@huaxin.cn") {
		t.Fatalf("drafts %q", raws)
	}
	if from := header([]byte(raws[0]), "From"); !strings.Contains(from, "Lily Chen") {
		t.Errorf("the draft goes From %q", from)
	}
	if text := strings.ReplaceAll(decodedText(t, raws[0]), "\r\n", "\n"); !strings.Contains(text, "Best regards,\nLily Chen") {
		t.Errorf("the draft is not signed:\n%s", text)
	}
	var said bool
	for _, m := range w.nudges() {
		body := decodedText(t, string(m.Raw))
		if strings.Contains(body, "Inquiry cables") {
			said = strings.Contains(body, `No "received" draft: there is no name to sign it with`) && strings.Contains(body, "[[salesperson]] "+lilyUser)
		}
	}
	if !said {
		t.Errorf("no nudge says why there is no draft for Ahmed: %d nudges", len(w.nudges()))
	}
}

// A buyer answering the quotation Lily sent from her second brand's
// address gets a "received" draft From that address when her mailbox may
// send as it (send_as), without the main brand's signature; when it may
// not, no draft is left and her nudge says why.
func TestAckDraftGoesFromTheAliasTheThreadRanFrom(t *testing.T) {
	for _, sendAs := range [][]string{{"lily@brightled.example"}, nil} {
		set, err := templates.Load(templates.Defaults())
		if err != nil {
			t.Fatal(err)
		}
		w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
			c.Ack = sequences.NewAck(sequences.AckConfig{
				Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen",
					Signature: "Lily Chen\nAcme Export", SendAs: sendAs}},
				On:        func(p string) bool { return p == lilyUser },
				Templates: func() *templates.Set { return set },
			}, w.db, testLog())
		})
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily Chen <lily@brightled.example>", To: "Wang Wei <wang.wei@huaxin.cn>", Subject: "Offer LED panels",
			MessageID: "offer-1@brightled.example", Body: "Dear Wang Wei,\n\nplease find our offer attached.\n\nLily Chen\nBrightLED"}, t0.Add(-48*time.Hour))
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Wang Wei <wang.wei@huaxin.cn>", To: "lily@brightled.example", Subject: "Re: Offer LED panels",
			MessageID: "a-1@huaxin.cn", InReplyTo: "offer-1@brightled.example", References: []string{"offer-1@brightled.example"}, Body: "Can you do 3,000 pcs?"}, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		raws, _ := draftsOf(t, w.srv, lilyUser)
		if sendAs != nil {
			if len(raws) != 1 {
				t.Fatalf("%d drafts", len(raws))
			}
			if from := header([]byte(raws[0]), "From"); !strings.Contains(from, "lily@brightled.example") {
				t.Errorf("the draft goes From %q", from)
			}
			if text := decodedText(t, raws[0]); strings.Contains(text, "Acme Export") {
				t.Errorf("the draft from the alias carries the main brand's signature:\n%s", text)
			}
			continue
		}
		if len(raws) != 0 {
			t.Fatalf("a draft From %q without send_as", header([]byte(raws[0]), "From"))
		}
		var said bool
		for _, m := range w.nudges() {
			body := decodedText(t, string(m.Raw))
			said = said || strings.Contains(body, "went out from lily@brightled.example") && strings.Contains(body, "send_as")
		}
		if !said {
			t.Errorf("no nudge says why there is no draft: %d nudges", len(w.nudges()))
		}
	}
}

// A buyer's first inquiry to Lily's own address, in a mailbox whose login
// is not it (a Microsoft 365 sign-in name): the "received" draft is From
// her address, as her follow-ups are, when the mailbox may send as it
// (sequences.SendsAsOwner: on the login's domain, or in send_as), not a
// second address for her in the thread. A login on another domain that is
// not known to send as it keeps its own address.
func TestAckDraftToTheOwnersAddressGoesFromIt(t *testing.T) {
	for _, c := range []struct {
		login  string
		sendAs []string
		from   string
	}{
		{"lily.chen@" + teamDomain, nil, lilyUser},
		{"lily@acme.onmicrosoft.example", []string{lilyUser}, lilyUser},
		{"lily@acme.onmicrosoft.example", nil, "lily@acme.onmicrosoft.example"},
	} {
		t.Run(c.login+strings.Join(c.sendAs, ","), func(t *testing.T) {
			set, err := templates.Load(templates.Defaults())
			if err != nil {
				t.Fatal(err)
			}
			w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, rc *sequences.ReplyConfig) {
				rc.Ack = sequences.NewAck(sequences.AckConfig{
					Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: c.login, Name: "Lily Chen",
						Signature: "Lily Chen\nAcme Export", SendAs: c.sendAs}},
					On:        func(p string) bool { return p == lilyUser },
					Templates: func() *templates.Set { return set },
				}, w.db, testLog())
			})
			w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Becker <hans@becker-licht.de>", To: "Lily Chen <" + lilyUser + ">", Subject: "Inquiry LED panels",
				MessageID: "inq-1@becker-licht.de", Body: "Please quote 2,000 LED panels."}, t0)
			w.sync()
			w.tickAt(t0.Add(5 * time.Minute))
			raws, _ := draftsOf(t, w.srv, lilyUser)
			if len(raws) != 1 {
				t.Fatalf("%d drafts", len(raws))
			}
			if from := header([]byte(raws[0]), "From"); !strings.Contains(from, "<"+c.from+">") {
				t.Errorf("the draft goes From %q, want %s", from, c.from)
			}
			if text := decodedText(t, raws[0]); !strings.Contains(text, "Acme Export") {
				t.Errorf("the draft lost her signature:\n%s", text)
			}
		})
	}
}

// TestAckDraftGoesWhenTheCustomerAnswersMailNotSeen: Lily answered Hans
// from her phone, which keeps no Sent copy, after the "received" draft was
// filed; Hans's reply to that answer (an id keepwarm never saw, after his
// own mail in References, To Lily) shows his mail answered: the draft
// leaves Drafts, as when the answer is synced.
func TestAckDraftGoesWhenTheCustomerAnswersMailNotSeen(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := ackWorld(t, srv)
		ctx := context.Background()
		// Lily's address is one the team's mail to customers goes from.
		w.deliver(lilyUser, "INBOX", ask("p1@globex.de", lilyUser, "Samples"), t0.Add(-3*time.Hour))
		w.deliver(lilyUser, "Sent", answer("p2@acme", lilyUser, "Samples", "p1@globex.de"), t0.Add(-3*time.Hour+3*time.Minute))
		w.deliver(lilyUser, "INBOX", ask("q1@globex.de", lilyUser, "500 pcs by March"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 1 {
			t.Fatalf("%d messages in Drafts, want the \"received\" draft", len(raws))
		}
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser, Subject: "Re: 500 pcs by March",
			MessageID: "q2@globex.de", InReplyTo: "x1@mobile.example", References: []string{"q1@globex.de", "x1@mobile.example"},
			Body: "Great, please send PI."}, t0.Add(20*time.Minute))
		w.sync()
		w.tickAt(t0.Add(21 * time.Minute))
		w.tickAt(t0.Add(22 * time.Minute))
		if raws, _ := draftsOf(t, srv, lilyUser); len(raws) != 0 {
			t.Fatalf("after Hans's reply Drafts holds %d messages, want none", len(raws))
		}
		items, err := w.db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginAck})
		if err != nil || len(items) != 1 {
			t.Fatalf("ack items: %+v %v", items, err)
		}
		if got, _ := w.db.DraftOutcome(ctx, items[0].ID); got != "removed" {
			t.Errorf("outcome %q, want removed", got)
		}
	})
}
