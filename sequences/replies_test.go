package sequences_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestReplyClocksFromRealMailboxes: answers from the salesperson, from a
// colleague's mailbox and from the team mailbox stop the clock; an internal
// forward, an auto-reply and a newsletter do not count; two customer
// messages in a row make one clock.
func TestReplyClocksFromRealMailboxes(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, false)
		minute := time.Minute
		// A: Lily answers after 6 minutes.
		w.deliver(salesUser, "INBOX", ask("a1@globex.de", salesUser, "LED panels"), t0)
		w.deliver(lilyUser, "Sent", answer("a2@acme", "Lily <"+lilyUser+">", "LED panels", "a1@globex.de"), t0.Add(6*minute))
		// B: Lily forwards it to Tom (internal), Tom answers from his own
		// mailbox after 45 minutes.
		b0 := t0.Add(time.Hour)
		w.deliver(salesUser, "INBOX", ask("b1@globex.de", salesUser, "Samples"), b0)
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: lilyUser, To: tomUser, Subject: "Fwd: Samples",
			MessageID: "b2@acme", InReplyTo: "b1@globex.de", References: []string{"b1@globex.de"}, Body: "Tom, yours."}, b0.Add(2*minute))
		w.deliver(tomUser, "Sent", answer("b3@acme", tomUser, "Samples", "b1@globex.de"), b0.Add(45*minute))
		// C: answered from the team mailbox after 3 minutes.
		c0 := t0.Add(2 * time.Hour)
		w.deliver(salesUser, "INBOX", ask("c1@globex.de", salesUser, "Price list"), c0)
		w.deliver(salesUser, "Sent", answer("c2@acme", salesUser, "Price list", "c1@globex.de"), c0.Add(3*minute))
		// D: two customer messages in a row, one answer 8 minutes after the first.
		d0 := t0.Add(3 * time.Hour)
		w.deliver(salesUser, "INBOX", ask("d1@globex.de", salesUser, "Terms"), d0)
		w.deliver(salesUser, "INBOX", ask("d2@globex.de", salesUser, "Terms", "d1@globex.de"), d0.Add(4*minute))
		w.deliver(lilyUser, "Sent", answer("d3@acme", lilyUser, "Terms", "d2@globex.de"), d0.Add(8*minute))
		// E: an out-of-office and a newsletter start nothing.
		w.deliver(lilyUser, "INBOX", mailtest.Msg{From: "hans@globex.de", To: lilyUser, Subject: "Automatic reply: Terms",
			MessageID: "e1@globex.de", Extra: []string{"Auto-Submitted: auto-replied"}, Body: "I am out until Monday."}, d0.Add(9*minute))
		w.deliver(salesUser, "INBOX", mailtest.Msg{From: "news@globex.de", To: salesUser, Subject: "Globex news",
			MessageID: "e2@globex.de", Extra: []string{"List-Unsubscribe: <mailto:unsub@globex.de>"}, Body: "News."}, d0.Add(10*minute))
		w.sync()
		w.tickAt(t0.Add(4 * time.Hour))

		for _, c := range []struct {
			id, by  string
			seconds int64
			within  bool
		}{{"a1@globex.de", lilyUser, 360, true}, {"b1@globex.de", tomUser, 2700, false},
			{"c1@globex.de", boss, 180, true}, {"d1@globex.de", lilyUser, 480, true}} {
			got := w.clockOf(c.id)
			if got.Open() || got.Seconds() != c.seconds || got.RepliedBy != c.by || got.CoveredBy != 0 ||
				(got.Seconds() <= int64(got.Target/time.Second)) != c.within {
				t.Errorf("%s: got %+v, want %ds by %s", c.id, got, c.seconds, c.by)
			}
		}
		if d2, d1 := w.clockOf("d2@globex.de"), w.clockOf("d1@globex.de"); d2.CoveredBy != d1.MessageID || !d2.StartedAt.Equal(d0) {
			t.Errorf("the second message in a row is covered by the first: %+v", d2)
		}
		for _, id := range []string{"e1@globex.de", "e2@globex.de", "b2@acme"} {
			if w.hasClock(id) {
				t.Errorf("%s started a clock", id)
			}
		}
		if b := w.clockOf("b1@globex.de"); b.BusinessSeconds != 2700 {
			t.Errorf("10:00 to 10:45 Shanghai is all working time: %d", b.BusinessSeconds)
		}

		rep, err := w.db.ReplyReport(context.Background(), store.ReplyReportFilter{Since: t0.Add(-time.Hour), Until: t0.Add(5 * time.Hour), Now: t0.Add(5 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total.Count != 4 || rep.Total.Answered != 4 || rep.Total.WithinTarget != 3 || rep.Total.Late != 1 ||
			*rep.Total.MedianSeconds != 360 || *rep.Total.WorstSeconds != 2700 {
			t.Errorf("total: %+v", rep.Total)
		}
		by := map[string]int{}
		for _, g := range rep.Groups {
			by[g.Key] = g.Answered
		}
		if by[lilyUser] != 2 || by[tomUser] != 1 || by[boss] != 1 {
			t.Errorf("by salesperson: %v", by)
		}
		if len(rep.Breaches) != 1 || rep.Breaches[0].RepliedBy != tomUser || rep.Breaches[0].Seconds != 2700 ||
			rep.Breaches[0].Subject != "Samples" {
			t.Errorf("breaches: %+v", rep.Breaches)
		}
		if len(w.nudges()) != 0 {
			t.Errorf("answered mail was nudged: %d", len(w.nudges()))
		}
	})
}

// TestNudgesOnceThenEscalation: the 5-minute nudge goes out once however
// often the engine runs; the target nudge copies the manager only when
// escalation is configured; an answer ends the nudging.
func TestNudgesOnceThenEscalation(t *testing.T) {
	for _, escalate := range []bool{false, true} {
		t.Run(fmt.Sprintf("escalate=%v", escalate), func(t *testing.T) {
			mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
				w := newWorld(t, srv, escalate)
				q := ask(fmt.Sprintf("q-%v@globex.de", escalate), lilyUser, "Urgent: 40HQ container")
				w.deliver(lilyUser, "INBOX", q, t0)
				w.sync()
				w.tickAt(t0.Add(time.Minute))
				if n := len(w.nudges()); n != 0 {
					t.Fatalf("%d nudges after one minute", n)
				}
				for i := range 10 { // ten runs within the fifth minute
					w.tickAt(t0.Add(5*time.Minute + time.Duration(i)*5*time.Second))
				}
				got := w.nudges()
				if len(got) != 1 {
					t.Fatalf("%d nudges in the fifth minute, want 1", len(got))
				}
				n1 := got[0]
				// The customer by name, never by key; automatic mail says so.
				if subj := header(n1.Raw, "Subject"); !strings.HasPrefix(subj, "Reply due: Hans Meier waiting 5 min — Urgent: 40HQ container") ||
					strings.Contains(subj, "globex.de") || header(n1.Raw, "Auto-Submitted") != "auto-generated" {
					t.Fatalf("first nudge's subject %q, Auto-Submitted %q", subj, header(n1.Raw, "Auto-Submitted"))
				}
				if len(n1.To) != 1 || n1.To[0] != lilyUser ||
					!strings.Contains(string(n1.Raw), "Customer: Hans Meier <"+q.From[strings.Index(q.From, "<")+1:]) || !strings.Contains(string(n1.Raw), "> Please quote 2000 pcs") ||
					!strings.Contains(string(n1.Raw), "Waiting:  5 min") ||
					!regexp.MustCompile(`Open:     https://kw\.example/messages/\d+\r?\n`).Match(n1.Raw) {
					t.Fatalf("first nudge: to %v\n%s", n1.To, n1.Raw)
				}
				// No draft is made here (no [replies] ack): the nudge does
				// not claim one.
				if body := strings.ReplaceAll(string(n1.Raw), "=\r\n", ""); strings.Contains(body, "Drafts") ||
					!strings.Contains(body, "If the answer needs research, send a short") {
					t.Fatalf("first nudge without a draft speaks of one, or lacks the hint:\n%s", n1.Raw)
				}
				// The arrival time names its zone unambiguously, not "CST".
				body := strings.ReplaceAll(string(n1.Raw), "=\r\n", "")
				if !regexp.MustCompile(`Arrived:  \w{3} \d{4}-\d\d-\d\d \d\d:\d\d \(Asia/Shanghai, UTC\+08:00\) in mailbox`).MatchString(body) {
					t.Fatalf("first nudge's arrival time without its zone named:\n%s", n1.Raw)
				}
				for i := range 10 {
					w.tickAt(t0.Add(10*time.Minute + time.Duration(i)*5*time.Second))
				}
				got = w.nudges()
				want := 2
				if escalate {
					want = 3 // the manager's copy, a mail of its own
				}
				if len(got) != want {
					t.Fatalf("%d nudges after the target, want %d", len(got), want)
				}
				n2 := got[1]
				if escalate && n2.To[0] == boss {
					n2, got[2] = got[2], n2
				}
				if strings.Join(n2.To, ",") != lilyUser {
					t.Fatalf("second nudge to %v, want Lily\n%s", n2.To, n2.Raw)
				}
				if escalate && (strings.Join(got[2].To, ",") != boss || !strings.Contains(string(got[2].Raw), "Copy for the manager: "+lilyUser+" was nudged")) {
					t.Fatalf("the manager's copy to %v:\n%s", got[2].To, got[2].Raw)
				}
				// One thread per waiting message: the second answers the first.
				if id1 := header(n1.Raw, "Message-Id"); id1 == "" || header(n2.Raw, "In-Reply-To") != id1 ||
					header(n2.Raw, "References") != id1 || header(n2.Raw, "Subject") != "Re: "+header(n1.Raw, "Subject") ||
					header(n2.Raw, "Auto-Submitted") != "auto-generated" {
					t.Fatalf("second nudge not in the first's thread: first %q %q, second In-Reply-To %q References %q Subject %q",
						id1, header(n1.Raw, "Subject"), header(n2.Raw, "In-Reply-To"), header(n2.Raw, "References"), header(n2.Raw, "Subject"))
				}
				if !strings.Contains(string(n2.Raw), "Waiting:  10 min") {
					t.Fatalf("second nudge's text:\n%s", n2.Raw)
				}
				if header(n2.Raw, "Cc") != "" {
					t.Fatalf("Cc %q with escalate=%v", header(n2.Raw, "Cc"), escalate)
				}
				// Lily answers; nothing more is sent, ever.
				w.deliver(lilyUser, "Sent", answer("ans-"+q.MessageID, lilyUser, q.Subject, q.MessageID), t0.Add(12*time.Minute))
				w.sync()
				for i := range 5 {
					w.tickAt(t0.Add(13*time.Minute + time.Duration(i)*time.Hour))
				}
				if c := w.clockOf(q.MessageID); c.Seconds() != 720 || c.RepliedBy != lilyUser || c.Nudge1At.IsZero() || c.Nudge2At.IsZero() {
					t.Fatalf("clock after the answer: %+v", c)
				}
				if n := len(w.nudges()); n != want {
					t.Fatalf("%d nudges in all, want %d", n, want)
				}
			})
		})
	}
}

// TestBacklogSendsNoNudges: at start-up, 200 unanswered messages older than
// the backlog limit go to the digest, not into a storm of nudges.
func TestBacklogSendsNoNudges(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, true)
		msgs := make([][]byte, 200)
		date := func(i int) time.Time { return t0.Add(-3*time.Hour + time.Duration(i)*time.Second) }
		for i := range msgs {
			m := ask(fmt.Sprintf("old-%d@globex.de", i), lilyUser, fmt.Sprintf("Order %d", i))
			m.Date = date(i)
			msgs[i] = m.Bytes()
		}
		mailtest.AppendMany(t, srv.Dial(t, lilyUser), "INBOX", msgs, date)
		w.sync()
		for i := range 10 {
			w.tickAt(t0.Add(time.Duration(i) * time.Minute))
		}
		if n := len(w.nudges()); n != 0 {
			t.Fatalf("a backlog of 200 sent %d nudges", n)
		}
		digest, err := w.db.DigestReplies(context.Background())
		if err != nil || len(digest) != 200 {
			t.Fatalf("digest: %d, %v", len(digest), err)
		}
	})
}
