package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"keepwarm"
)

// replyBenchDB stores n messages over 100 days: customer inquiries from 500
// customers, nine in ten answered by Lily after 1 to 15 minutes (one in six
// after 40), and one internal note per ten inquiries.
func replyBenchDB(b *testing.B, n int) (*DB, time.Time) {
	db := openTest(b)
	inquiries := n * 10 / 19
	var batch []keepwarm.Incoming
	uid := uint32(0)
	flush := func(force bool) {
		if len(batch) >= 1000 || (force && len(batch) > 0) {
			save(b, db, batch...)
			batch = batch[:0]
		}
	}
	add := func(m keepwarm.Message, mailbox, folder string, at time.Time) {
		uid++
		m.RawHeader = []byte("Message-ID: <" + m.Key + ">\r\n")
		batch = append(batch, keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder,
			UIDValidity: 1, UID: uid, InternalDate: at}})
		flush(false)
	}
	stored := 0
	for i := 0; i < inquiries && stored < n; i++ {
		at := t0.Add(time.Duration(i) * 100 * 24 * time.Hour / time.Duration(inquiries))
		q := msg(fmt.Sprintf("q%d@bench", i))
		c := i % 500
		q.CustomerKey = fmt.Sprintf("domain:c%d.com", c)
		q.From = keepwarm.Address{Email: fmt.Sprintf("buyer@c%d.com", c)}
		q.Contacts = []keepwarm.Address{q.From}
		q.Subject, q.SubjectKey = fmt.Sprintf("Order %d", i), fmt.Sprintf("order %d", i)
		q.Snippet = "Please quote 2000 pcs."
		add(q, "team", "INBOX", at)
		stored++
		if i%10 == 9 || stored == n {
			continue // unanswered
		}
		r := lilyAnswer(fmt.Sprintf("r%d@bench", i), q.Key)
		r.CustomerKey, r.To, r.Contacts = q.CustomerKey, []keepwarm.Address{q.From}, []keepwarm.Address{q.From}
		wait := time.Duration(i%15+1) * time.Minute
		if i%6 == 0 {
			wait = 40 * time.Minute
		}
		add(r, "lily", "Sent", at.Add(wait))
		stored++
		if i%10 == 0 && stored < n {
			note := lilyAnswer(fmt.Sprintf("n%d@bench", i), q.Key)
			note.Kind, note.CustomerKey, note.Contacts = keepwarm.KindInternal, "", nil
			note.To = []keepwarm.Address{{Email: "tom@team.example"}}
			add(note, "lily", "Sent", at.Add(wait+time.Minute))
			stored++
		}
	}
	flush(true)
	if got := count(b, db, `SELECT count(*) FROM messages`); got != n {
		b.Fatalf("stored %d messages, want %d", got, n)
	}
	return db, t0.Add(101 * 24 * time.Hour)
}

// BenchmarkReplyReport100k times `report replies --format json` (the report
// computed in SQL plus its JSON) over 100,000 stored messages, beside a bare
// SQL count of the same inbound rows; x-count is the ratio. It also reports
// the one-off measurement of every clock after a migration (measure-all-s)
// and an incremental tick after one new message (tick-ms).
func BenchmarkReplyReport100k(b *testing.B) {
	ctx := context.Background()
	db, now := replyBenchDB(b, 100_000)
	start := time.Now()
	clocks, err := db.MeasureReplies(ctx, now, "bench", testJudge)
	if err != nil {
		b.Fatal(err)
	}
	measureAll := time.Since(start)

	q := msg("late@bench")
	q.Subject, q.SubjectKey = "One more", "one more"
	save(b, db, at(q, "team", "INBOX", 1_000_000, now.Add(-time.Minute)))
	start = time.Now()
	if n, err := db.MeasureReplies(ctx, now, "bench", testJudge); err != nil || n != 1 {
		b.Fatalf("incremental tick measured %d clocks: %v", n, err)
	}
	tick := time.Since(start)

	f := ReplyReportFilter{Since: t0, Until: now, Now: now}
	const countRuns = 20
	var inbound int
	start = time.Now()
	for range countRuns {
		if err := db.r.GetContext(ctx, &inbound, `SELECT count(*) FROM messages WHERE kind = 'inbound' AND received_at >= ? AND received_at < ?`,
			unix(f.Since), unix(f.Until)); err != nil {
			b.Fatal(err)
		}
	}
	countEach := time.Since(start) / countRuns
	var rep ReplyReport
	for b.Loop() {
		rep, err = db.ReplyReport(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		if err := json.NewEncoder(io.Discard).Encode(rep); err != nil {
			b.Fatal(err)
		}
	}
	if rep.Total.Count != inbound {
		b.Fatalf("report counted %d clocks, SQL %d inbound messages", rep.Total.Count, inbound)
	}
	each := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(each.Microseconds())/1000, "report-ms")
	b.ReportMetric(float64(countEach.Microseconds())/1000, "count-ms")
	b.ReportMetric(float64(each)/float64(countEach), "x-count")
	b.ReportMetric(float64(len(rep.Breaches)+len(rep.Unanswered)), "listed")
	// b.Loop resets metrics reported before it: these go last.
	b.ReportMetric(measureAll.Seconds(), "measure-all-s")
	b.ReportMetric(float64(clocks), "clocks")
	b.ReportMetric(float64(tick.Microseconds())/1000, "tick-ms")
}
