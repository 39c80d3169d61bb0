package sequences_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// A Taipei buyer writes in Traditional characters to a customer the book
// says is written to in Chinese: the "received" draft is Traditional
// (ack.zh-hant.tmpl), not the Simplified ack.zh.tmpl.
func TestAckDraftToATraditionalMailIsTraditional(t *testing.T) {
	w := ackWorld(t, mailtest.NewMemServer(t))
	sheet, err := book.Parse([][]string{{"Company", "Email", "Language"}, {"Taipei LED", "chen@taipei-led.tw", "Chinese"}}, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ImportBook(context.Background(), t0.Add(-time.Hour), sheet, store.ImportOptions{Owner: lilyUser}); err != nil {
		t.Fatal(err)
	}
	w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "陳先生 <chen@taipei-led.tw>", To: lilyUser, Subject: "LED面板詢價", MessageID: "tw-q1@taipei-led.tw",
		Body: "林小姐您好：\n\n請報2000件LED面板的價格，交貨地點基隆港。我們下週需要確認訂單。\n\n陳"}, t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	raws, _ := draftsOf(t, w.srv, lilyUser)
	if len(raws) != 1 {
		t.Fatalf("%d drafts, want 1", len(raws))
	}
	text := decodedText(t, raws[0])
	if !strings.Contains(text, "感謝您的來信") || strings.ContainsAny(text, "谢来处应尽") {
		t.Fatalf("draft:\n%s", text)
	}
}

// A Taipei buyer the book says is written to in Traditional Chinese sends
// a short mail whose characters are written alike in both scripts, or
// with one of the Traditional ones only: the "received" draft is
// Traditional, never the Simplified ack.zh.tmpl.
func TestAckDraftToAShortMailKeepsTheBooksTraditional(t *testing.T) {
	for i, body := range []string{"好的，明天上午安排寄出", "附件是最新的型錄，請參考"} {
		w := ackWorld(t, mailtest.NewMemServer(t))
		sheet, err := book.Parse([][]string{{"Company", "Email", "Language"}, {"Taipei LED", "chen@taipei-led.tw", "zh-TW"}}, book.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.ImportBook(context.Background(), t0.Add(-time.Hour), sheet, store.ImportOptions{Owner: lilyUser}); err != nil {
			t.Fatal(err)
		}
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "陳先生 <chen@taipei-led.tw>", To: lilyUser, Subject: "型錄",
			MessageID: fmt.Sprintf("tw-s%d@taipei-led.tw", i), Body: body}, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		raws, _ := draftsOf(t, w.srv, lilyUser)
		if len(raws) != 1 {
			t.Fatalf("%q: %d drafts, want 1", body, len(raws))
		}
		text := decodedText(t, raws[0])
		if !strings.Contains(text, "感謝您的來信") || strings.ContainsAny(text, "谢来处应尽") {
			t.Fatalf("%q: draft:\n%s", body, text)
		}
	}
}
