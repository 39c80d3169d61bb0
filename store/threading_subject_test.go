package store

import (
	"slices"
	"testing"
	"time"

	"keepwarm"
)

// rfq is a new mail to the team from addr at acme.com titled "RFQ", with no
// threading headers: what a buyer writes to start a conversation.
func rfq(key, from string, when time.Time) keepwarm.Message {
	m := reply(key, when)
	m.Subject, m.SubjectKey = "RFQ", "rfq"
	m.From = keepwarm.Address{Email: from}
	return withCustomer(m, "domain:acme.com", from)
}

// rfqTo is the team's own new mail titled "RFQ" to the addresses given,
// the first acme.com one its party.
func rfqTo(key string, when time.Time, to ...string) keepwarm.Message {
	m := teamTo(key, when, "domain:acme.com", to...)
	m.Subject, m.SubjectKey = "RFQ", "rfq"
	return m
}

// A buying department writes "RFQ", "Order" or "Price list" again and
// again. A new mail with no reply marker and no threading headers from
// someone who is on no mail of the customer's thread of that subject is a
// new conversation: joined to a colleague's thread, the answer to the
// colleague would stop its reply clock. The subject still joins a thread
// the sender (inbound) or the addressee (the team's mail) is on, and a
// reply whose client wrote no threading headers, as before; of several
// threads of one subject, the one its sender is on.
func TestSubjectJoinsOnlyAReplyOrAMailOfSomeoneInTheThread(t *testing.T) {
	const (
		anna = "anna@acme.com"
		ben  = "ben@acme.com"
		cleo = "cleo@acme.com"
	)
	later := t0.Add(17 * day)
	prefixed := func(m keepwarm.Message, subject string) keepwarm.Message {
		m.Subject = subject
		return m
	}
	inReplyTo := func(m keepwarm.Message, id string) keepwarm.Message {
		m.InReplyTo, m.References = []string{id}, []string{id}
		return m
	}
	withCc := func(m keepwarm.Message, cc string) keepwarm.Message {
		m.Cc = append(m.Cc, keepwarm.Address{Email: cc})
		m.Contacts = append(m.Contacts, keepwarm.Address{Email: cc})
		return m
	}
	tests := []struct {
		name  string
		steps [][]keepwarm.Message // batches
		want  []string
	}{
		{
			name:  "a colleague's new mail of the same subject starts its own thread",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0)}, {rfq("b1", ben, later)}},
			want:  []string{"a1", "b1"},
		},
		{
			name:  "the same in one batch",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0), rfq("b1", ben, later)}},
			want:  []string{"a1", "b1"},
		},
		{
			name:  "the same sender's new mail of the same subject joins",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0)}, {rfq("a2", anna, later)}},
			want:  []string{"a1 a2"},
		},
		{
			name:  "the same sender in one batch",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0), rfq("a2", anna, later)}},
			want:  []string{"a1 a2"},
		},
		{
			name:  "a colleague in Cc of the thread writes on it",
			steps: [][]keepwarm.Message{{withCc(rfq("a1", anna, t0), ben)}, {rfq("b1", ben, later)}},
			want:  []string{"a1 b1"},
		},
		{
			name:  "a colleague's reply without threading headers joins",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0)}, {prefixed(rfq("b1", ben, later), "AW: RFQ")}},
			want:  []string{"a1 b1"},
		},
		{
			name:  "a reply marker after a gateway's tag",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0)}, {prefixed(rfq("b1", ben, later), "[EXTERNAL] 回复：RFQ")}},
			want:  []string{"a1 b1"},
		},
		{
			name:  "a colleague's reply to mail keepwarm never saw joins",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0)}, {inReplyTo(rfq("b1", ben, later), "unseen@acme.com")}},
			want:  []string{"a1 b1"},
		},
		{
			name:  "the team's new mail to the thread's buyer joins",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0)}, {rfqTo("t1", later, anna)}},
			want:  []string{"a1 t1"},
		},
		{
			name:  "the team's new mail to a colleague starts its own thread",
			steps: [][]keepwarm.Message{{rfq("a1", anna, t0)}, {rfqTo("t1", later, cleo, anna)}},
			want:  []string{"a1", "t1"},
		},
		{
			name: "of two threads of one subject, the sender's",
			steps: [][]keepwarm.Message{
				{rfq("a1", anna, t0)}, {rfq("b1", ben, t0.Add(day))}, {rfq("a2", anna, t0.Add(2*day))},
				{prefixed(rfq("b2", ben, t0.Add(3*day)), "Re: RFQ")},
			},
			want: []string{"a1 a2", "b1 b2"},
		},
		{
			// The thread's stored mail is older than the window; the batch's
			// answer to it brings it near: whether Anna is on it is asked of
			// its stored mail apart.
			name: "the sender of an old thread, woken in the same batch, joins it",
			steps: [][]keepwarm.Message{
				{rfq("a1", anna, t0)},
				{inReplyTo(rfq("b1", ben, t0.Add(90*day)), "a1"), rfq("a2", anna, t0.Add(90*day+time.Hour))},
			},
			want: []string{"a1 a2 b1"},
		},
		{
			name: "a colleague's new mail after the old thread woke starts its own",
			steps: [][]keepwarm.Message{
				{rfq("a1", anna, t0)},
				{inReplyTo(rfq("b1", ben, t0.Add(90*day)), "a1"), rfq("c1", cleo, t0.Add(90*day+time.Hour))},
			},
			want: []string{"a1 b1", "c1"},
		},
		{
			name:  "an automatic reply still joins by subject",
			steps: [][]keepwarm.Message{{rfqTo("t1", t0, anna)}, {func() keepwarm.Message { m := rfq("o1", cleo, later); m.Kind = keepwarm.KindAutoReply; return m }()}},
			want:  []string{"o1 t1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			uid := uint32(0)
			for _, st := range tc.steps {
				var batch []keepwarm.Incoming
				for _, m := range st {
					uid++
					batch = append(batch, at(m, "team", "INBOX", uid, m.Date))
				}
				save(t, db, batch...)
			}
			if got := threadGroups(t, db); !slices.Equal(got, tc.want) {
				t.Fatalf("threads = %q; want %q", got, tc.want)
			}
		})
	}
}

// Anna's RFQ was answered; weeks later her colleague Ben writes a new
// "RFQ" about another product, and ten minutes later Lily answers Anna's
// follow-up question in Anna's thread. Ben's mail is still unanswered. Lily's
// answer to Ben from Anna's thread answers him, as an answer from any other
// thread does.
func TestAnAnswerToAColleagueLeavesANewMailOfTheSameSubjectOpen(t *testing.T) {
	db := openTest(t)
	const anna, ben = "anna@acme.com", "ben@acme.com"
	to := func(m keepwarm.Message, addr string, when time.Time) keepwarm.Message {
		m.To, m.Contacts, m.Date = []keepwarm.Address{{Email: addr}}, []keepwarm.Address{{Email: addr}}, when
		m.Subject, m.SubjectKey = "Re: RFQ", "rfq"
		return m
	}
	later := t0.Add(17 * day)
	save(t, db, at(rfq("a1", anna, t0), "team", "INBOX", 1, t0))
	save(t, db, at(to(lilyAnswer("l1", "a1"), anna, t0.Add(5*time.Minute)), "lily", "Sent", 1, t0.Add(5*time.Minute)))
	a2 := rfq("a2", anna, later)
	a2.Subject, a2.InReplyTo, a2.References = "Re: RFQ", []string{"l1"}, []string{"a1", "l1"}
	save(t, db, at(a2, "team", "INBOX", 2, later))
	save(t, db, at(rfq("b1", ben, later.Add(time.Minute)), "team", "INBOX", 3, later.Add(time.Minute)))
	measure(t, db, later.Add(2*time.Minute))
	if c := clockOf(t, db, "b1"); !c.Open() {
		t.Fatalf("the rig: Ben's clock %+v", c)
	}
	save(t, db, at(to(lilyAnswer("l2", "a2"), anna, later.Add(10*time.Minute)), "lily", "Sent", 2, later.Add(10*time.Minute)))
	measure(t, db, later.Add(11*time.Minute))
	if c := clockOf(t, db, "a2"); c.Open() {
		t.Fatalf("Anna's question: %+v, want answered", c)
	}
	if c := clockOf(t, db, "b1"); !c.Open() {
		t.Fatalf("the answer to Anna answered Ben: %+v", c)
	}
	save(t, db, at(to(lilyAnswer("l3", "a2"), ben, later.Add(20*time.Minute)), "lily", "Sent", 3, later.Add(20*time.Minute)))
	measure(t, db, later.Add(21*time.Minute))
	if c := clockOf(t, db, "b1"); c.Open() || !c.RepliedAt.Equal(later.Add(20*time.Minute)) {
		t.Fatalf("Lily's answer to Ben from Anna's thread: Ben's clock %+v", c)
	}
}
