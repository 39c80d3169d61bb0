package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

var (
	hansAddr = keepwarm.Address{Name: "Hans Meier", Email: "hans@buyer.de"}
	annaAddr = keepwarm.Address{Name: "Anna Schmidt", Email: "anna@buyer.de"}
)

// quotationTo saves a quotation from Lily in a thread of its own, sent an
// hour after day0, to to and cc (the customer's contacts all of them).
func (w *fuWorld) quotationTo(id, text string, to, cc []keepwarm.Address) {
	w.t.Helper()
	m := w.msg(id, keepwarm.KindOutbound, "Quotation "+id, day0.Add(time.Hour))
	m.Text = text
	m.To, m.Cc, m.Contacts = nil, nil, nil
	for _, a := range to {
		m.To = append(m.To, keepwarm.Address{Email: a.Email})
	}
	for _, a := range cc {
		m.Cc = append(m.Cc, keepwarm.Address{Email: a.Email})
	}
	m.Contacts = append(append(m.Contacts, to...), cc...)
	w.save("lily", "Sent", m)
}

// resendOf runs the job on day 3 after the quotations and returns the
// resend of quotation id.
func (w *fuWorld) resendOf(id string) keepwarm.OutboxItem {
	w.t.Helper()
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	for _, it := range w.outbox() {
		if it.InReplyTo == id {
			return it
		}
	}
	w.t.Fatalf("no resend of %s in %+v", id, w.outbox())
	return keepwarm.OutboxItem{}
}

// unsentEnrollment runs the follow-up past the resend's day, fails the
// test if anything went in reply to id, and returns the enrollment of id's
// thread, which should say why nothing went.
func (w *fuWorld) unsentEnrollment(id string) keepwarm.Enrollment {
	w.t.Helper()
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	for _, it := range w.outbox() {
		if it.InReplyTo == id {
			w.t.Fatalf("queued:\n%s", it.Text)
		}
	}
	return w.enrollmentOf(w.threadOf(id))
}

func emails(as []keepwarm.Address) string {
	var out []string
	for _, a := range as {
		out = append(out, a.Email)
	}
	return strings.Join(out, ",")
}

// A resend goes as the salesperson's mail client would reply to all of her
// own quotation: its To in To, its Cc in Cc, and it greets the person it
// was written to, not the first address in the alphabet.
func TestAResendRepliesToAllAndGreetsTheToRecipient(t *testing.T) {
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "", []keepwarm.Address{hansAddr}, []keepwarm.Address{annaAddr})
	r := w.resendOf("q-2@seller.example")
	if emails(r.To) != "hans@buyer.de" || emails(r.Cc) != "anna@buyer.de" || r.To[0].Name != "Hans Meier" ||
		!strings.HasPrefix(r.Text, "Dear Hans,") || strings.Contains(r.Text, "Anna") {
		t.Fatalf("resend To %q Cc %q:\n%s", emails(r.To), emails(r.Cc), r.Text)
	}
	// Two in To, in the order written; nobody in Cc.
	w2 := newFUWorld(t, "A")
	w2.quotationTo("q-3@seller.example", "", []keepwarm.Address{hansAddr, annaAddr}, nil)
	if r := w2.resendOf("q-3@seller.example"); emails(r.To) != "hans@buyer.de,anna@buyer.de" || len(r.Cc) != 0 ||
		!strings.HasPrefix(r.Text, "Dear Hans,") {
		t.Fatalf("resend To %q Cc %q:\n%s", emails(r.To), emails(r.Cc), r.Text)
	}
}

// A display name that is a department is nobody's name: the resend opens
// as greetings do, formally.
func TestAResendToADepartmentIsNotGreetedByItsName(t *testing.T) {
	w := newFUWorld(t, "A")
	dept := keepwarm.Address{Name: "Purchasing Department", Email: "purchase@buyer.de"}
	w.quotationTo("q-2@seller.example", "", []keepwarm.Address{dept}, nil)
	r := w.resendOf("q-2@seller.example")
	if emails(r.To) != "purchase@buyer.de" || strings.Contains(r.Text, "Dear Purchasing") ||
		!strings.HasPrefix(r.Text, "Dear Sir or Madam,") {
		t.Fatalf("resend To %q:\n%s", emails(r.To), r.Text)
	}
}

// When the person the quotation greeted can no longer be written to, the
// resend goes to those left, and does not open with the greeting of
// someone who will not read it.
func TestAResendDoesNotReuseTheGreetingOfARecipientLeftOut(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Dear Hans,\n\nplease find our quotation attached.\n\nLily",
		[]keepwarm.Address{hansAddr}, []keepwarm.Address{annaAddr})
	w.run(day0.Add(2 * time.Hour))
	if _, err := w.db.FlagBounced(ctx, []string{"hans@buyer.de"}, day0.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	r := w.resendOf("q-2@seller.example")
	own, _, _ := strings.Cut(r.Text, "wrote:") // the quote keeps the quotation's "Dear Hans"
	if emails(r.To) != "anna@buyer.de" || len(r.Cc) != 0 || strings.Contains(own, "Hans,") ||
		!strings.HasPrefix(r.Text, "Dear Anna,") {
		t.Fatalf("resend To %q Cc %q:\n%s", emails(r.To), emails(r.Cc), r.Text)
	}
	// Hans still there: his greeting is hers, and stays.
	w2 := newFUWorld(t, "A")
	w2.quotationTo("q-3@seller.example", "Hi Hansi,\n\nplease find our quotation attached.\n\nLily",
		[]keepwarm.Address{hansAddr}, []keepwarm.Address{annaAddr})
	if r := w2.resendOf("q-3@seller.example"); !strings.HasPrefix(r.Text, "Hi Hansi,") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}

// A follow-up that had a contact in Cc reached them: it counts toward
// their weekly cap as one in To does.
func TestMailInCcCountsTowardTheContactCap(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	for i, d := range []int{1, 2} {
		at := day0.AddDate(0, 0, d)
		_, _, err := w.db.Enqueue(context.Background(), keepwarm.OutboxItem{
			Key: "seq:test:" + string(rune('a'+i)), MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
			From: keepwarm.Address{Email: "lily@seller.example"}, To: []keepwarm.Address{annaAddr}, Cc: []keepwarm.Address{hansAddr},
			Subject: "Re: Quotation", Text: "Hello", Mode: keepwarm.ModeSend, Origin: "sequence", DueAt: at, CreatedAt: at,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.sendAll(at)
	}
	w.run(day0.AddDate(0, 0, 3))
	if e := w.enrollment(); len(w.outbox()) != 2 || !strings.Contains(e.Reason, "hans@buyer.de already has 2 automated mail(s)") {
		t.Fatalf("day 3: %d items, enrollment %s (%s)", len(w.outbox()), e.Status, e.Reason)
	}
}

// A quotation greeting two people ("Dear Hans and Anna,") is not resent
// with that greeting once one of them bounced: the resend to the other
// opens with their own salutation. An opening that greets only those
// still written to stays.
func TestAResendDoesNotGreetSomeoneLeftOutAmongOthers(t *testing.T) {
	ctx := context.Background()
	bob := keepwarm.Address{Name: "Robert Miller", Email: "bob@buyer.de"}
	for _, c := range []struct {
		name, text, gone, greeted string
		to, cc                    []keepwarm.Address
	}{
		{"two in To", "Dear Hans and Anna,\n\nplease find our quotation attached.\n\nLily", "anna@buyer.de", "Anna", []keepwarm.Address{hansAddr, annaAddr}, nil},
		{"one in Cc greeted by name", "Dear Hans, dear Anna,\n\nplease find our quotation attached.\n\nLily", "anna@buyer.de", "Anna", []keepwarm.Address{hansAddr}, []keepwarm.Address{annaAddr}},
		{"greeted by another name", "Dear Hans and Bob,\n\nplease find our quotation attached.\n\nLily", "bob@buyer.de", "Bob", []keepwarm.Address{hansAddr, bob}, nil},
		// Anna in Cc with no name anywhere: the opening's "Anna" is
		// nobody still written to.
		{"one in Cc with no name", "Dear Hans and Anna,\n\nplease find our quotation attached.\n\nLily", "anna@buyer.de", "Anna", []keepwarm.Address{hansAddr}, []keepwarm.Address{{Email: "anna@buyer.de"}}},
		// The book calls her by her Chinese name, the opening by her
		// English one.
		{"one in Cc by another name", "Dear Hans and Anna,\n\nplease find our quotation attached.\n\nLily", "anna@buyer.de", "Anna", []keepwarm.Address{hansAddr}, []keepwarm.Address{{Name: "Li Na", Email: "anna@buyer.de"}}},
	} {
		w := newFUWorld(t, "A")
		w.quotationTo("q-2@seller.example", c.text, c.to, c.cc)
		w.run(day0.Add(2 * time.Hour))
		if _, err := w.db.FlagBounced(ctx, []string{c.gone}, day0.AddDate(0, 0, 1)); err != nil {
			t.Fatal(err)
		}
		r := w.resendOf("q-2@seller.example")
		own, _, _ := strings.Cut(r.Text, "wrote:")
		if emails(r.To) != "hans@buyer.de" || len(r.Cc) != 0 || strings.Contains(own, c.greeted) || !strings.HasPrefix(r.Text, "Dear Hans,") {
			t.Errorf("%s: resend To %q Cc %q:\n%s", c.name, emails(r.To), emails(r.Cc), r.Text)
		}
	}
	// Anna, in Cc and not greeted, bounced: Hans's nickname greeting stays.
	w := newFUWorld(t, "A")
	w.quotationTo("q-3@seller.example", "Hi Hansi,\n\nplease find our quotation attached.\n\nLily",
		[]keepwarm.Address{hansAddr}, []keepwarm.Address{annaAddr})
	w.run(day0.Add(2 * time.Hour))
	if _, err := w.db.FlagBounced(ctx, []string{"anna@buyer.de"}, day0.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if r := w.resendOf("q-3@seller.example"); emails(r.Cc) != "" || !strings.HasPrefix(r.Text, "Hi Hansi,") {
		t.Fatalf("resend Cc %q:\n%s", emails(r.Cc), r.Text)
	}
	// Peter, an agent beside the customer, is greeted with Hans but is no
	// contact of the customer: the follow-up goes to Hans alone and does
	// not greet Peter.
	wp := newFUWorld(t, "A")
	m := wp.msg("q-5@seller.example", keepwarm.KindOutbound, "Quotation q-5", day0.Add(time.Hour))
	m.Text = "Dear Hans and Peter,\n\nplease find our quotation attached.\n\nLily"
	m.To = []keepwarm.Address{{Email: "hans@buyer.de"}, {Name: "Peter Wu", Email: "peter@agent.com"}}
	m.Contacts = []keepwarm.Address{hansAddr}
	wp.save("lily", "Sent", m)
	if r := wp.resendOf("q-5@seller.example"); emails(r.To) != "hans@buyer.de" || !strings.HasPrefix(r.Text, "Dear Hans,") || strings.Contains(strings.Split(r.Text, "wrote:")[0], "Peter") {
		t.Fatalf("resend To %q:\n%s", emails(r.To), r.Text)
	}
	// Both still there: the greeting of both stays.
	w2 := newFUWorld(t, "A")
	w2.quotationTo("q-4@seller.example", "Dear Hans and Anna,\n\nplease find our quotation attached.\n\nLily", []keepwarm.Address{hansAddr, annaAddr}, nil)
	if r := w2.resendOf("q-4@seller.example"); !strings.HasPrefix(r.Text, "Dear Hans and Anna,") {
		t.Fatalf("resend:\n%s", r.Text)
	}
}
