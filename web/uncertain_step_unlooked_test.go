package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/book"
	"keepwarm/web"
)

// Step 1 of Meier's follow-up may have gone out from Lily's mailbox, whose
// server files sent mail in Sent itself, and keepwarm could not look for it
// there (the mailbox's IMAP login stopped), after a long server answer.
// The desk's line for the failed follow-up, and the customer page's, say
// keepwarm could not look in Sent and to look there, in English and in
// Chinese, never that it is not in Sent: sent again as told, it could reach
// Hans twice.
func TestAnUncertainStepKeepwarmCouldNotLookForSaysSo(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.be = app.NewWebBackend(app.WebDeps{DB: w.db, FollowUp: w.fu, Rules: book.DefaultRules(), TeamLocation: shanghai,
		People:          []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: mei, Name: "Mei Lin", Manager: true}},
		ServerFilesSent: func(mailbox string) bool { return mailbox == "lily" }})
	w.rebase("http://keepwarm.test")
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	if _, err := w.fu.Run(w.ctx, at); err != nil {
		t.Fatal(err)
	}
	items, err := w.db.ClaimDue(w.ctx, at.Add(time.Minute), 10)
	if err != nil || len(items) != 1 {
		t.Fatalf("claim: %v %v", items, err)
	}
	note := "smtp: connection lost after DATA: " + strings.Repeat("read tcp 10.0.0.5:51234->142.250.102.108:587: i/o timeout; ", 5) + keepwarm.CouldNotLookInSent
	if err := w.db.MarkUncertain(w.ctx, items[0].ID, note); err != nil {
		t.Fatal(err)
	}
	if err := w.fu.Settled(w.ctx, items[0], keepwarm.OutboxUncertain, note, nil, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(at.Add(time.Hour))
	c := w.signIn(w.serve(), lily)
	line := cut(t, mustGet(t, c, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the failed follow-up on the desk", line, "key-customer", "keepwarm could not look for it in Sent; look in your Sent folder",
		"could not look in Sent: IMAP login stopped)", "Its last step may have reached the customer, and keepwarm could not look for it in Sent")
	mustLack(t, "the failed follow-up on the desk", line, "it is not in Sent")
	enr := cut(t, mustGet(t, c, path("/customers/%d", w.meier)), path(`id="enr-%d"`, w.enrollment), "</li>")
	mustContain(t, "the customer page's line", enr, "keepwarm could not look for it in Sent")
	mustLack(t, "the customer page's line", enr, "it is not in Sent")

	if code, _ := c.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	line = cut(t, mustGet(t, c, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the failed follow-up on the Chinese desk", line, "keepwarm 无法在“已发送”里查找它；请查看你的“已发送”", "而 keepwarm 无法在“已发送”里查找它：请查看你的“已发送”，或问客户")
	mustLack(t, "the failed follow-up on the Chinese desk", line, "“已发送”里没有它", "could not look for it", "Its last step")
}
