package mailsync_test

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// headerOf splits a raw message at its blank line and returns the header
// block and the body.
func headerOf(t *testing.T, raw []byte) (*mail.Message, string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse sent message: %v\n%s", err, raw)
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	return m, string(head)
}

// A mail to a customer, as received by the customer's server, names no
// program anywhere in its header or MIME boundaries, is dated in the
// salesperson's zone and does not say it was generated; the team's own
// mail says so.
func TestCustomerMailHasNoTellsAndTeamMailIsAutoSubmitted(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.Location = shanghai })
	cust := r.enqueue("seq:1:0", keepwarm.ModeSend)
	team := keepwarm.OutboxItem{
		Key: "digest:li:2026-11-05", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "team",
		From: keepwarm.Address{Name: "Sales desk", Email: seller}, To: []keepwarm.Address{{Email: buyer}},
		Subject: "Your day", Text: "Three customers wait.\n", HTML: "<p>Three customers wait.</p>",
		Mode: keepwarm.ModeSend, Origin: "digest", DueAt: r.clock.Now(), CreatedAt: r.clock.Now(),
	}
	if _, _, err := r.db.Enqueue(r.ctx, team); err != nil {
		t.Fatal(err)
	}
	if res := r.run(); res.Sent != 2 {
		t.Fatalf("run: %+v, want two sent", res)
	}
	inbox := mailtest.Raw(t, r.imap, buyer, "INBOX")
	if len(inbox) != 2 {
		t.Fatalf("buyer INBOX holds %d messages, want 2", len(inbox))
	}
	seen := 0
	for _, raw := range inbox {
		m, head := headerOf(t, raw)
		if strings.Contains(strings.ToLower(head), "keepwarm") || strings.Contains(strings.ToLower(string(raw)), "boundary=\"kw") {
			t.Errorf("header names the program:\n%s", head)
		}
		for _, l := range strings.Split(string(raw), "\r\n") {
			if strings.HasPrefix(l, "--") && strings.Contains(strings.ToLower(l), "keepwarm") {
				t.Errorf("boundary line names the program: %q", l)
			}
		}
		if m.Header.Get("User-Agent") != "" || m.Header.Get("X-Mailer") != "" {
			t.Errorf("mailer header present: %q %q", m.Header.Get("User-Agent"), m.Header.Get("X-Mailer"))
		}
		if d := m.Header.Get("Date"); !strings.HasSuffix(d, "+0800") || !strings.Contains(d, "17:00:00") {
			t.Errorf("Date %q, want 17:00:00 +0800 (09:00 UTC in Shanghai)", d)
		}
		switch m.Header.Get("Message-Id") {
		case "<" + cust.MessageID + ">":
			seen++
			if m.Header.Get("Auto-Submitted") != "" || m.Header.Get("X-Auto-Response-Suppress") != "" {
				t.Errorf("customer mail says it is automatic:\n%s", head)
			}
		case "<" + team.MessageID + ">":
			seen++
			if m.Header.Get("Auto-Submitted") != "auto-generated" || m.Header.Get("X-Auto-Response-Suppress") != "All" {
				t.Errorf("team mail lacks Auto-Submitted/X-Auto-Response-Suppress:\n%s", head)
			}
		default:
			t.Errorf("unexpected Message-ID %q", m.Header.Get("Message-Id"))
		}
	}
	if seen != 2 {
		t.Fatalf("matched %d of 2 messages by Message-ID", seen)
	}
}

// A body that contains the MIME boundary is refused rather than sent: the
// template's output cannot end the part and add headers of its own.
func TestBodyCannotForgeAPartBoundary(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	it := r.enqueue("seq:2:0", keepwarm.ModeSend)
	probe, err := r.snd.Compose(it)
	if err != nil {
		t.Fatal(err)
	}
	_, params, _ := strings.Cut(string(probe), "boundary=")
	bnd := strings.Trim(strings.Fields(params)[0], `";`)
	it.Text = "Hello\r\n--" + bnd + "\r\nBcc: victim@else.example\r\n\r\nforged"
	if _, err := r.snd.Compose(it); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("compose with the boundary in the body: %v, want EINVALID", err)
	}
}
