package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"keepwarm"
)

// listFixture stores three threads:
//
//	A (domain:acme.com): inbound bob t0 (seen in two mailboxes), outbound to
//	  bob t0+1h, inbound eve (cc bob) t0+2h, auto-reply t0+3h;
//	B (addr:carl@gmail.com): outbound only, t0+5h;
//	C (internal): t0+6h.
func listFixture(t *testing.T) (*DB, map[string]int64) {
	db := openTest(t)
	a1 := reply("a1", t0)
	a2 := reply("a2", t0.Add(time.Hour), "a1")
	a2.Kind, a2.From = keepwarm.KindOutbound, keepwarm.Address{Email: "ann@team.example"}
	a3 := reply("a3", t0.Add(2*time.Hour), "a1", "a2")
	a3.From = keepwarm.Address{Name: "Eve", Email: "eve@acme.com"}
	a3.Contacts = []keepwarm.Address{{Name: "Eve", Email: "eve@acme.com"}, {Email: "bob@acme.com"}}
	a4 := reply("a4", t0.Add(3*time.Hour), "a3")
	a4.Kind = keepwarm.KindAutoReply
	b1 := withCustomer(reply("b1", t0.Add(5*time.Hour)), "addr:carl@gmail.com", "carl@gmail.com")
	b1.Kind = keepwarm.KindOutbound
	c1 := internalMsg(reply("c1", t0.Add(6*time.Hour)))
	ids := map[string]int64{}
	for i, m := range []keepwarm.Message{a1, a2, a3, a4, b1, c1} {
		mailbox, folder := "team", "INBOX"
		if m.Kind == keepwarm.KindOutbound {
			mailbox, folder = "ann", "Sent"
		}
		res := save(t, db, at(m, mailbox, folder, uint32(i+1), m.Date))
		ids[m.Key] = res.Threads[0]
	}
	save(t, db, at(a1, "bob", "INBOX", 1, t0.Add(time.Minute))) // a second copy: still one message
	return db, ids
}

func TestListThreads(t *testing.T) {
	db, ids := listFixture(t)
	ptr := func(d time.Duration) *time.Time { v := t0.Add(d).UTC(); return &v }
	A := keepwarm.Thread{ID: ids["a1"], Customer: "domain:acme.com", Subject: "Subject of a1", Messages: 4,
		Contacts: []string{"bob@acme.com", "eve@acme.com"}, FirstAt: t0, LastAt: t0.Add(3 * time.Hour),
		LastInboundAt: ptr(2 * time.Hour), LastOutboundAt: ptr(time.Hour)}
	B := keepwarm.Thread{ID: ids["b1"], Customer: "addr:carl@gmail.com", Subject: "Subject of b1", Messages: 1,
		Contacts: []string{"carl@gmail.com"}, FirstAt: t0.Add(5 * time.Hour), LastAt: t0.Add(5 * time.Hour),
		LastOutboundAt: ptr(5 * time.Hour)}
	C := keepwarm.Thread{ID: ids["c1"], Subject: "Subject of c1", Messages: 1, Contacts: []string{},
		FirstAt: t0.Add(6 * time.Hour), LastAt: t0.Add(6 * time.Hour)}
	tests := []struct {
		filter ThreadFilter
		want   []keepwarm.Thread
	}{
		{ThreadFilter{Internal: true}, []keepwarm.Thread{C, B, A}},
		{ThreadFilter{}, []keepwarm.Thread{B, A}}, // customer threads only, by default
		{ThreadFilter{Limit: 2, Internal: true}, []keepwarm.Thread{C, B}},
		{ThreadFilter{Customer: "domain:acme.com"}, []keepwarm.Thread{A}},
		{ThreadFilter{Customer: "acme.com"}, []keepwarm.Thread{A}},
		{ThreadFilter{Customer: "ACME.com"}, []keepwarm.Thread{A}},
		{ThreadFilter{Customer: "eve@acme.com"}, []keepwarm.Thread{A}},
		{ThreadFilter{Customer: "carl@gmail.com"}, []keepwarm.Thread{B}},
		{ThreadFilter{Customer: "addr:carl@gmail.com"}, []keepwarm.Thread{B}},
		{ThreadFilter{Customer: "gmail.com"}, []keepwarm.Thread{}},
		{ThreadFilter{Customer: "nobody@nowhere.example"}, []keepwarm.Thread{}},
	}
	for _, tc := range tests {
		got, err := db.ListThreads(context.Background(), tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%+v: %d threads %v; want %d", tc.filter, len(got), subjects(got), len(tc.want))
			continue
		}
		for i := range got {
			w := tc.want[i]
			w.CustomerID = got[i].CustomerID // ids of customers are not the point here
			if !threadEqual(got[i], w) {
				t.Errorf("%+v: thread %d =\n  %s\nwant\n  %s", tc.filter, i, show(got[i]), show(w))
			}
		}
	}
	if th, _ := db.ListThreads(context.Background(), ThreadFilter{Internal: true}); th[2].CustomerID == 0 || th[0].CustomerID != 0 {
		t.Errorf("customer ids: A %d (want set), C %d (want 0)", th[2].CustomerID, th[0].CustomerID)
	}
}

func TestListCustomers(t *testing.T) {
	db, _ := listFixture(t)
	cs, err := db.ListCustomers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Key != "addr:carl@gmail.com" || cs[1].Key != "domain:acme.com" {
		t.Fatalf("customers = %+v; want carl (latest) then acme", cs)
	}
	b, a := cs[0], cs[1]
	if !slices.Equal(a.Contacts, []string{"bob@acme.com", "eve@acme.com"}) || a.Threads != 1 || a.Messages != 4 ||
		a.LastInboundAt == nil || !a.LastInboundAt.Equal(t0.Add(2*time.Hour)) ||
		a.LastOutboundAt == nil || !a.LastOutboundAt.Equal(t0.Add(time.Hour)) ||
		a.Domain != "acme.com" || a.Name != "acme.com" || a.Created.IsZero() {
		t.Errorf("acme = %+v", a)
	}
	if !slices.Equal(b.Contacts, []string{"carl@gmail.com"}) || b.Threads != 1 || b.Messages != 1 ||
		b.LastInboundAt != nil || b.LastOutboundAt == nil || b.Domain != "" {
		t.Errorf("carl = %+v", b)
	}
}

func TestGetMessage(t *testing.T) {
	db := openTest(t)
	m := reply("r@acme.com", t0, "q@team.example")
	m.Cc = []keepwarm.Address{{Email: "Eve@acme.com"}}
	m.ThreadIndex, m.ThreadTopic, m.Size, m.Snippet = "0a1b", "Pumps", 1234, "Dear Ann,"
	res := save(t, db, at(m, "team", "INBOX", 1, t0.Add(time.Minute)))
	got, err := db.GetMessage(context.Background(), res.NewIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.Key != m.Key || got.MessageID != m.MessageID || !slices.Equal(got.References, m.References) ||
		!slices.Equal(got.InReplyTo, m.InReplyTo) || got.ThreadIndex != "0a1b" || got.ThreadTopic != "Pumps" ||
		got.From != m.From || len(got.To) != 1 || got.To[0].Email != "sales@team.example" ||
		len(got.Cc) != 1 || got.Cc[0].Email != "eve@acme.com" || !got.Date.Equal(t0) || got.Size != 1234 ||
		got.Snippet != "Dear Ann," || string(got.RawHeader) != string(m.RawHeader) || got.Kind != m.Kind ||
		got.CustomerKey != "domain:acme.com" || got.CustomerID == 0 || got.ThreadID != res.Threads[0] ||
		len(got.Contacts) != 1 || got.Contacts[0] != (keepwarm.Address{Name: "Bob", Email: "bob@acme.com"}) {
		t.Fatalf("GetMessage =\n%+v\nstored\n%+v", got, m)
	}
	_, err = db.GetMessage(context.Background(), 999)
	if keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("GetMessage(999) error %v; want ENOTFOUND", err)
	}
}

// A message's contacts come in its header's order (To as written, then
// Cc), not by address: a follow-up writes to them as a reply-all would and
// greets the first.
func TestMessageContactsInHeaderOrder(t *testing.T) {
	db := openTest(t)
	m := msg("q@team.example")
	m.Kind, m.From = keepwarm.KindOutbound, keepwarm.Address{Name: "Ann", Email: "ann@team.example"}
	m.To = []keepwarm.Address{{Email: "zoe@acme.com"}, {Email: "sales@team.example"}, {Email: "hans@acme.com"}}
	m.Cc = []keepwarm.Address{{Email: "anna@acme.com"}}
	m.Contacts = []keepwarm.Address{{Name: "Anna", Email: "anna@acme.com"}, {Name: "Hans", Email: "hans@acme.com"},
		{Name: "Zoe", Email: "zoe@acme.com"}}
	res := save(t, db, at(m, "ann", "Sent", 1, t0))
	want := []string{"zoe@acme.com", "hans@acme.com", "anna@acme.com"}
	emails := func(as []keepwarm.Address) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Email)
		}
		return out
	}
	one, err := db.GetMessage(context.Background(), res.NewIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	many, err := db.GetMessages(context.Background(), res.NewIDs)
	if err != nil {
		t.Fatal(err)
	}
	if got := emails(one.Contacts); !slices.Equal(got, want) {
		t.Fatalf("GetMessage contacts %q, want %q", got, want)
	}
	if got := emails(many[res.NewIDs[0]].Contacts); !slices.Equal(got, want) {
		t.Fatalf("GetMessages contacts %q, want %q", got, want)
	}
}

func threadEqual(a, b keepwarm.Thread) bool {
	eqp := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	return a.ID == b.ID && a.CustomerID == b.CustomerID && a.Customer == b.Customer && a.Subject == b.Subject &&
		a.Messages == b.Messages && slices.Equal(a.Contacts, b.Contacts) && a.Contacts != nil &&
		a.FirstAt.Equal(b.FirstAt) && a.LastAt.Equal(b.LastAt) &&
		eqp(a.LastInboundAt, b.LastInboundAt) && eqp(a.LastOutboundAt, b.LastOutboundAt)
}

func show(th keepwarm.Thread) string {
	f := func(p *time.Time) string {
		if p == nil {
			return "nil"
		}
		return p.Format(time.RFC3339)
	}
	return fmt.Sprintf("%q id=%d customer=%q messages=%d contacts=%q first=%s last=%s in=%s out=%s",
		th.Subject, th.ID, th.Customer, th.Messages, th.Contacts, th.FirstAt.Format(time.RFC3339),
		th.LastAt.Format(time.RFC3339), f(th.LastInboundAt), f(th.LastOutboundAt))
}

func subjects(th []keepwarm.Thread) []string {
	var s []string
	for _, x := range th {
		s = append(s, x.Subject)
	}
	return s
}
