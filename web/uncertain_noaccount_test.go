package web_test

import (
	"net/http"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
)

// Lily's uncertain greeting to Hans, from a mailbox no longer configured
// to send (her [[mailbox]] taken out when she left; the customer handed
// on): the desk does not promise a copy in Sent once it is marked arrived,
// as no sending pass has the account to file it; in English and Chinese.
func TestAnUncertainSendOfAMailboxThatNoLongerSendsPromisesNoCopy(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.deps.Sends = func(mailbox string) bool { return mailbox != "lily" }
	w.be = app.NewWebBackend(w.deps)
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC := w.signIn(srv, lily)
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:greet", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Happy New Year",
		Text: "Hello", Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "greeting", DueAt: now0.Add(-time.Hour),
		NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := w.db.Claim(w.ctx, it.ID, now0.Add(-time.Hour)); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := w.db.MarkUncertain(w.ctx, it.ID, "smtp: connection reset after DATA"); err != nil {
		t.Fatal(err)
	}
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain greeting", trouble, "Happy New Year", "Ask the recipient whether it arrived", "keepwarm files no copy in Sent", "It arrived")
	mustLack(t, "the uncertain greeting", trouble, "its copy is filed in Sent")
	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain greeting in Chinese", trouble, "请问收件人是否收到。", "不会在“已发送”里存副本", ">已送达<")
	mustLack(t, "the uncertain greeting in Chinese", trouble, "副本会存入", "Ask the recipient")
}
