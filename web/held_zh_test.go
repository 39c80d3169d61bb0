package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// The reasons a queued mail waits, and Skip's refusal when the dispatcher
// took the mail meanwhile, read in Chinese on a Chinese desk: only the
// mailbox names, the server's own error and keepwarm's key names stay.
func TestHoldReasonsAndLateSkipInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	const srvErr = "mailsync: imap tom: login refused 3 times in a row"
	for msg, keep := range map[string][]string{
		"held: waits: mailbox lily (dial tcp: i/o timeout) cannot be read, so an answer there cannot be seen":                                                                                                                                      {"lily (dial tcp: i/o timeout)"},
		"held: waits: mailbox lily (dial tcp: i/o timeout), mailbox team (EOF) cannot be read, so an answer there cannot be seen":                                                                                                                  {"lily (dial tcp: i/o timeout)", "team (EOF)"},
		"held: greetings are off until [greetings] is fixed and keepwarm run restarted: [greetings] birthday: no template":                                                                                                                         {"[greetings] birthday: no template", "[greetings]", "keepwarm run"},
		"held: greetings are off until [greetings] is fixed and picked up by the next keepwarm tick or a restart of keepwarm run: [greetings] birthday: no template":                                                                               {"[greetings] birthday: no template", "[greetings]", "keepwarm tick", "keepwarm run"},
		"held: follow-ups are off until the sequences or templates are fixed (keepwarm sequences check) and picked up by the next keepwarm tick or a restart of keepwarm run: resend.tmpl:1 (subject): unclosed action":                            {"resend.tmpl:1 (subject): unclosed action", "keepwarm sequences check", "keepwarm tick", "keepwarm run"},
		"held: follow-ups are off until the holiday calendars ([[calendar.override]] in the config) are fixed and picked up by the next keepwarm tick or a restart of keepwarm run: the 1st [[calendar.override]]: country \"XX\" has no calendar": {"the 1st [[calendar.override]]: country \"XX\" has no calendar", "[[calendar.override]]", "keepwarm tick", "keepwarm run"},
		"held: not filed in Drafts, as the mailbox's IMAP login stopped: " + srvErr:                                                                                                                                                                {srvErr, "IMAP"},
		"held: follow-ups are off until the sequences or templates are fixed (keepwarm sequences check) and keepwarm run restarted: resend.tmpl:1 (subject): unclosed action":                                                                      {"resend.tmpl:1 (subject): unclosed action", "keepwarm sequences check", "keepwarm run"},
		"outbox item 7 is not in a state that can become skipped":                                                                                                                                                                                  nil,
		"outbox item 7 is being sent now: Skip came too late":                                                                                                                                                                                      nil,
		"outbox item 7 was sent at 2026-11-16 10:00 CST: Skip came too late":                                                                                                                                                                       {"2026-11-16 10:00 CST"},
		"outbox item 7 was put in Drafts at 2026-11-16 10:00 CST: Skip came too late; delete the draft if it should not go":                                                                                                                        {"2026-11-16 10:00 CST"},
		"step 2 of enrollment 7: its mail queued before (outbox 41) is being sent now: nothing was skipped":                                                                                                                                        nil,
		"outbox item 7 was not sent: its step 1 was written again as outbox item 9; outbox item 9 was sent at 2026-11-16 10:00 CST: Skip came too late":                                                                                            {"2026-11-16 10:00 CST"},
		"outbox item 7 was skipped already: it does not go":                                                                                                                                                                                        nil,
		"outbox item 7 is uncertain now, no longer queued: Skip came too late":                                                                                                                                                                     nil,
		"outbox item 7 was dealt with at 2026-11-16 10:00 UTC: nothing changed":                                                                                                                                                                    {"2026-11-16 10:00 UTC"},
	} {
		got := zh.Err(msg)
		if got == msg {
			t.Errorf("%q is not translated", msg)
			continue
		}
		rest := got
		for _, k := range keep {
			if !strings.Contains(rest, k) {
				t.Errorf("%q in Chinese lost %q: %q", msg, k, got)
			}
			rest = strings.ReplaceAll(rest, k, "")
		}
		if strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%q in Chinese keeps English: %q", msg, got)
		}
	}
}

// A follow-up step held because a mailbox cannot be read (an IMAP outage)
// says so on a Chinese desk in Chinese.
func TestDeskShowsAMailboxHoldInChinese(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	step, enr := 0, w.enrollment
	it, created, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: path("seq:%d:0", enr), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Re: Quotation LED panels",
		Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "sequence", Sequence: "key-customer", Step: &step, Enrollment: &enr,
		DueAt: now0, CreatedAt: now0})
	if err != nil || !created {
		t.Fatalf("enqueue: %v %v", created, err)
	}
	reason := "held: waits: mailbox lily (dial tcp 10.0.0.9:993: i/o timeout) cannot be read, so an answer there cannot be seen"
	if err := w.db.HoldOutbox(w.ctx, it.ID, now0.Add(5*time.Minute), reason); err != nil {
		t.Fatal(err)
	}
	c := w.signIn(srv, lily)
	if code, _ := c.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatalf("switch to Chinese: %d", code)
	}
	_, desk := c.get("/")
	mustContain(t, "Lily's desk in Chinese", desk, path(`id="out-%d"`, it.ID), "暂缓发送：无法读取邮箱 lily (dial tcp 10.0.0.9:993: i/o timeout)")
	mustLack(t, "Lily's desk in Chinese", desk, "cannot be read")
}

// Skip pressed on a queued mail that the dispatcher sent meanwhile says
// that it went, and when, rather than a bare "not in a state".
func TestLateSkipSaysTheMailWent(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	it, created, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "greet:test:1", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Season's greetings",
		Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "greeting", DueAt: now0, CreatedAt: now0})
	if err != nil || !created {
		t.Fatalf("enqueue: %v %v", created, err)
	}
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	mustContain(t, "Lily's desk", desk, path(`action="/outbox/%d/skip"`, it.ID))
	// The dispatcher sends it between her page and her tap.
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE outbox SET status = 'sent', attempted_at = ? WHERE id = ?`, now0.Unix(), it.ID); err != nil {
		t.Fatal(err)
	}
	code, body := c.do("/", path("/outbox/%d/skip", it.ID), nil)
	if code != http.StatusConflict {
		t.Fatalf("late Skip: %d, want 409: %s", code, body)
	}
	mustContain(t, "the late Skip's answer", body, path("outbox item %d was sent at 2026-11-16 10:00 CST: Skip came too late", it.ID))
	if got, err := w.db.OutboxItem(w.ctx, it.ID); err != nil || got.Status != keepwarm.OutboxSent {
		t.Fatalf("item after a late Skip: %+v %v", got, err)
	}
}
