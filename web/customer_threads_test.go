package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A key account's long conversation (510 messages, older than its other
// ones): the customer's page shows its newest messages, the latest last,
// and says how many earlier ones it leaves out, in English and in
// Chinese; the newer conversations are all there.
func TestALongConversationShowsItsNewestMessages(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	const n = 510
	var batch []keepwarm.Incoming
	first := now0.Add(-90 * 24 * time.Hour)
	for i := range n {
		id := fmt.Sprintf("samples-%03d@acme.com", i)
		m := msg(id, keepwarm.KindInbound, "Samples", "bob@acme.com", "Bob Stone", first.Add(time.Duration(i)*time.Hour))
		m.Snippet = fmt.Sprintf("Samples message %03d", i)
		if i > 0 {
			prev := fmt.Sprintf("samples-%03d@acme.com", i-1)
			m.InReplyTo, m.References = []string{prev}, []string{"samples-000@acme.com", prev}
			m.Subject = "Re: Samples"
		}
		w.uid++
		batch = append(batch, keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox,
			UIDValidity: 1, UID: w.uid, InternalDate: m.Date}})
	}
	st := keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: w.uid, SyncedAt: now0}
	if _, err := w.db.SaveBatch(w.ctx, st, batch); err != nil {
		t.Fatal(err)
	}
	if got := w.count(`SELECT count(DISTINCT thread_id) FROM messages WHERE message_id LIKE 'samples-%'`); got != 1 {
		t.Fatalf("the samples mail is in %d threads", got)
	}
	c := w.signIn(w.serve(), lily)
	_, page := c.get(path("/customers/%d", w.acme))
	long := cut(t, page, "<strong>Samples</strong>", "</details>")
	mustContain(t, "the long conversation", long, "Samples message 509", "Samples message 460",
		fmt.Sprintf("%d earlier messages not shown: the newest 50 are.", n-50), fmt.Sprintf(`<span class="count">%d</span>`, n))
	mustLack(t, "the long conversation", long, "Samples message 459", "Samples message 000")
	if strings.Index(long, "Samples message 460") > strings.Index(long, "Samples message 509") {
		t.Fatal("the long conversation is not in order, the latest last")
	}
	mustContain(t, "the newer conversation", page, "Price for 500 pcs?")
	mustContain(t, "the Chinese page", c.getZh(t, path("/customers/%d", w.acme)), "有 460 封较早的邮件未显示")
}

// A customer with more conversations than the page shows: the count is all
// of them, and the page says how many older ones it leaves out.
func TestACustomerPageSaysHowManyConversationsItLeavesOut(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var batch []keepwarm.Incoming
	for i := range 51 {
		m := msg(fmt.Sprintf("topic-%02d@acme.com", i), keepwarm.KindInbound, fmt.Sprintf("Topic %02d", i), "bob@acme.com", "Bob Stone",
			now0.Add(-time.Duration(100-i)*24*time.Hour))
		w.uid++
		batch = append(batch, keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox,
			UIDValidity: 1, UID: w.uid, InternalDate: m.Date}})
	}
	st := keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: w.uid, SyncedAt: now0}
	if _, err := w.db.SaveBatch(w.ctx, st, batch); err != nil {
		t.Fatal(err)
	}
	c := w.signIn(w.serve(), lily)
	_, page := c.get(path("/customers/%d", w.acme))
	// 52 conversations: the question and the 51 topics; the two oldest
	// topics are left out.
	mustContain(t, "Acme's conversations", page, `Conversations <span class="count">52</span>`,
		"The 50 most recently active are shown; 2 older conversations are not.", "Price for 500 pcs?", "Topic 50", "Topic 02")
	mustLack(t, "Acme's conversations", page, "<strong>Topic 00</strong>", "<strong>Topic 01</strong>")
	mustContain(t, "the Chinese page", c.getZh(t, path("/customers/%d", w.acme)), "另有 2 个较早的会话未显示")
}

// One message and one conversation left out read in the singular: a
// conversation of 51 messages, and 51 conversations.
func TestACustomerPageSaysOneLeftOutInTheSingular(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var batch []keepwarm.Incoming
	add := func(m keepwarm.Message) {
		w.uid++
		batch = append(batch, keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox,
			UIDValidity: 1, UID: w.uid, InternalDate: m.Date}})
	}
	first := now0.Add(-90 * time.Hour)
	for i := range 51 {
		m := msg(fmt.Sprintf("samples-%02d@acme.com", i), keepwarm.KindInbound, "Samples", "bob@acme.com", "Bob Stone", first.Add(time.Duration(i)*time.Hour))
		if i > 0 {
			prev := fmt.Sprintf("samples-%02d@acme.com", i-1)
			m.InReplyTo, m.References = []string{prev}, []string{"samples-00@acme.com", prev}
			m.Subject = "Re: Samples"
		}
		add(m)
	}
	// With the question and the samples, 51 conversations: the oldest
	// topic is left out.
	for i := range 49 {
		add(msg(fmt.Sprintf("topic-%02d@acme.com", i), keepwarm.KindInbound, fmt.Sprintf("Topic %02d", i), "bob@acme.com", "Bob Stone",
			now0.Add(-time.Duration(200-i)*24*time.Hour)))
	}
	st := keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: w.uid, SyncedAt: now0}
	if _, err := w.db.SaveBatch(w.ctx, st, batch); err != nil {
		t.Fatal(err)
	}
	c := w.signIn(w.serve(), lily)
	_, page := c.get(path("/customers/%d", w.acme))
	mustContain(t, "Acme's page", page, "The 50 most recently active are shown; 1 older conversation is not.",
		"1 earlier message not shown: the newest 50 are.")
	mustLack(t, "Acme's page", page, "1 older conversations", "1 earlier messages", "<strong>Topic 00</strong>")
	zh := c.getZh(t, path("/customers/%d", w.acme))
	mustContain(t, "the Chinese page", zh, "另有 1 个较早的会话未显示", "有 1 封较早的邮件未显示")
}
