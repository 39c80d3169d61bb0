package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
)

// BenchmarkFillTexts times the backfill's writes alone: 5,000 messages
// stored from their header, then filled 500 a transaction as the backfill
// fills them (snippet, attachments, body size; a kept text for one in
// four, as outbound mail).
//
//	go test -run '^$' -bench FillTexts -benchtime 1x ./store/
func BenchmarkFillTexts(b *testing.B) {
	const n, batch = 5000, 500
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		db := openTest(b)
		var ins []keepwarm.Incoming
		for i := range n {
			m := msg(fmt.Sprintf("m%d@x", i))
			m.TextPending, m.BodySize = true, -1
			if i%4 == 0 {
				m.Kind, m.From = keepwarm.KindOutbound, keepwarm.Address{Email: "lily@team.example"}
			}
			ins = append(ins, at(m, "team", "INBOX", uint32(i+1), t0.Add(time.Duration(i)*time.Minute)))
		}
		for i := 0; i < n; i += batch {
			save(b, db, ins[i:i+batch]...)
		}
		b.StartTimer()
		start := time.Now()
		for {
			pend, err := db.PendingTexts(ctx, "team", "INBOX", 1, batch)
			if err != nil {
				b.Fatal(err)
			}
			if len(pend) == 0 {
				break
			}
			f := keepwarm.TextFills{Mailbox: "team", Folder: "INBOX", UIDValidity: 1}
			for _, p := range pend {
				f.Filled = append(f.Filled, keepwarm.TextFill{MessageID: p.MessageID, BodySize: 20000,
					Snippet:     "Dear Lily, thank you for the quotation. We would like to order 2,000 pcs of the LED panels at the price you gave.",
					Attachments: []keepwarm.Attachment{{Name: "PO-4711.pdf", Type: "application/pdf"}},
					Text:        "Dear Hans,\n\nplease find our quotation attached.\n\nBest regards,\nLily"})
			}
			if _, err := db.FillTexts(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/n, "µs/text")
	}
}
