package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
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

func emails(as []keepwarm.Address) string {
	var out []string
	for _, a := range as {
		out = append(out, a.Email)
	}
	return strings.Join(out, ",")
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
