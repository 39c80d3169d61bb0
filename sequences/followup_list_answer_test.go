package sequences_test

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// Hans answers Lily's quotation through his company's Google Group
// (purchasing@buyer.de), which adds List-Id and List-Unsubscribe to every
// member's mail: his answer names her quotation and ends the follow-up as
// answered; no "just following up" goes to a buyer who asked for the PI.
func TestAnAnswerThroughTheBuyersGroupEndsTheFollowUp(t *testing.T) {
	w := newFUWorld(t, "B")
	w.run(day0.Add(time.Minute))
	header := "From: Hans Meier <hans@buyer.de>\r\nTo: Lily Chen <lily@seller.example>\r\n" +
		"Subject: Re: Quotation\r\nMessage-ID: <a-1@buyer.de>\r\nIn-Reply-To: <q-1@seller.example>\r\nReferences: <q-1@seller.example>\r\n" +
		"List-Id: Purchasing <purchasing.buyer.de>\r\n" +
		"List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>, <https://groups.google.com/a/buyer.de/group/purchasing/subscribe>\r\n" +
		"Precedence: list\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	body := "Please send the PI.\r\n"
	team := parse.NewTeam([]string{"seller.example"}, nil, nil)
	m := team.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), keepwarm.RoleInbox)
	m.Date = day0.AddDate(0, 0, 1)
	w.save("lily", "INBOX", m)
	for d := 1; d <= 12; d++ {
		w.run(day0.AddDate(0, 0, d).Add(time.Hour))
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied {
		t.Errorf("follow-up %s, %q; want ended as answered", e.Status, e.Reason)
	}
	if n := len(w.outbox()); n != 0 {
		t.Errorf("%d step(s) queued after the buyer answered through his group", n)
	}
}
