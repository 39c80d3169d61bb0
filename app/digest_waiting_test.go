package app

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A follow-up keepwarm holds until a person looks (here an automatic
// answer that passes on the buyer's words, which may be an order) is
// listed in its salesperson's digest with the reason and a link to the
// customer, and counted in the subject, in English and in Chinese: the
// desk's "Paused, no date" was the only place that said so. One the
// salesperson paused herself is not listed.
func TestTheDigestListsFollowUpsWaitingForAPerson(t *testing.T) {
	ctx := context.Background()
	lily := "lily@lumina-export.example"
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, time.FixedZone("CST", 8*3600))
	w := newFUApp(t, "", asked)
	w.a.Cfg.Web.BaseURL = "https://keepwarm.lumina-export.example"
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	if _, err := w.job.Run(ctx, asked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.save("sales", keepwarm.Message{MessageID: "ticket-4711@globex.de", From: hansMeier, To: []keepwarm.Address{{Email: salesAddr}},
		Subject: "[Ticket #4711] Re: RFQ: LED panels", SubjectKey: "rfq: led panels", Date: asked.Add(3 * time.Hour),
		Kind: keepwarm.KindAutoReply, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		InReplyTo: []string{"quote-1@lumina-export.example"}, References: []string{"rfq-1@globex.de", "quote-1@lumina-export.example"},
		Snippet: "We have received your request. Ticket #4711 – Li Wei commented: please send the proforma, we would like to order."}, "")
	if _, err := w.job.Run(ctx, asked.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Status != keepwarm.EnrollPaused || !enrs[0].PausedUntil.IsZero() || enrs[0].SignedBy() != lily {
		t.Fatalf("held: %+v", enrs)
	}
	e := enrs[0]
	// The Waiting line's own link: the customer is also under Reviews due
	// (no grade yet), with a link of its own.
	link := fmt.Sprintf("https://keepwarm.lumina-export.example/customers/%d", e.CustomerID)
	for _, tc := range []struct{ lang, title, reason, subject, end string }{
		{"", "Follow-ups waiting for you (1)", "passes on a person's words: read it, then resume or stop the follow-up", "1 follow-up waiting for you",
			fmt.Sprintf(" (enrollment %d, thread %d) %s", e.ID, e.ThreadID, link)},
		{"zh", "等你处理的跟进（1）", "暂停：hans.meier@globex.de 的自动回复转达了某人的话：请先阅读，再恢复或停止跟进", "1 个跟进等你处理",
			fmt.Sprintf("（跟进 %d，会话 %d） %s", e.ID, e.ThreadID, link)},
	} {
		for i := range w.a.Cfg.Salespeople {
			w.a.Cfg.Salespeople[i].Lang = tc.lang
		}
		d, err := w.a.NewDigests(nil, nil).Build(ctx, lily, asked.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		text, subject := d.Text(), d.Subject()
		if !strings.Contains(text, strings.ToUpper(tc.title)) || !strings.Contains(text, tc.reason+tc.end+"\n") ||
			!strings.Contains(subject, tc.subject) {
			t.Errorf("the %q digest: subject %q\n%s", tc.lang, subject, text)
		}
		page := d.HTML()
		if !strings.Contains(page, tc.title) {
			t.Errorf("the %q digest's HTML lacks %q", tc.lang, tc.title)
		}
		if i := strings.Index(page, html.EscapeString(tc.reason)); i < 0 || !strings.Contains(page[i:min(len(page), i+600)], `href="`+link+`"`) {
			t.Errorf("the %q digest's HTML has no link to the customer on the Waiting line:\n%s", tc.lang, page)
		}
	}
	if _, err := w.job.Pause(ctx, e.ID, time.Time{}, asked.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	d, err := w.a.NewDigests(nil, nil).Build(ctx, lily, asked.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 0 {
		t.Errorf("a follow-up Lily paused herself is listed: %+v", d.Waiting)
	}
}
