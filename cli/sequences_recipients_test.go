package cli

import (
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// A quotation to Hans with Anna in Cc, without an opening line: the resend
// goes out as Lily's mail client would reply to all of it (Hans in To,
// Anna in Cc, both in the envelope) and greets Hans. A quotation to a
// purchasing department's address is not answered "Dear Purchasing".
func TestResendRepliesToAllOfTheQuotation(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "")
		q := quotation
		q.Cc = "Anna Schmidt <anna@buyer.de>"
		q.Body = "please find our quotation for 2000 LED panels attached.\r\nLily\r\n"
		r.srv.Append(t, mailtest.SMTPUser, "Sent", q.Bytes(), seqDay0)
		dept := mailtest.Msg{From: quotation.From, To: "Purchasing Department <purchase@buyer.de>",
			Subject: "Offer cable trays", MessageID: "q-2@seller.example", Date: seqDay0.Add(time.Minute),
			Body: "our offer for the cable trays is attached.\r\nLily\r\n"}
		r.srv.Append(t, mailtest.SMTPUser, "Sent", dept.Bytes(), seqDay0.Add(time.Minute))
		r.must(day(0).Add(2*time.Minute), "sync")
		r.setCustomer("A", "DE")
		r.tick(day(0).Add(3 * time.Minute))
		r.tick(day(3).Add(5 * time.Minute))
		sent := r.smtp.Messages()
		if len(sent) != 2 {
			t.Fatalf("day 3: %d sent, want the two resends\n%s", len(sent), r.must(day(3), "outbox"))
		}
		for _, m := range sent {
			h, err := mail.ReadMessage(strings.NewReader(string(m.Raw)))
			if err != nil {
				t.Fatal(err)
			}
			to, _ := h.Header.AddressList("To")
			cc, _ := h.Header.AddressList("Cc")
			raw := string(m.Raw)
			switch h.Header.Get("In-Reply-To") {
			case "<q-1@seller.example>":
				if len(to) != 1 || to[0].Address != hans || to[0].Name != "Hans Meier" ||
					len(cc) != 1 || cc[0].Address != "anna@buyer.de" || cc[0].Name != "Anna Schmidt" ||
					!slices.Equal(m.To, []string{hans, "anna@buyer.de"}) ||
					!strings.Contains(raw, "\r\n\r\nDear Hans,\r\n") || strings.Contains(raw, "Dear Anna") {
					t.Fatalf("resend of the quotation: envelope %v, To %v, Cc %v\n%s", m.To, to, cc, raw)
				}
			case "<q-2@seller.example>":
				if len(to) != 1 || to[0].Address != "purchase@buyer.de" || len(cc) != 0 ||
					strings.Contains(raw, "Dear Purchasing") || !strings.Contains(raw, "Dear Sir or Madam,") {
					t.Fatalf("resend of the offer: envelope %v, To %v, Cc %v\n%s", m.To, to, cc, raw)
				}
			default:
				t.Fatalf("sent: %s", raw)
			}
		}
		// The outbox list counts Anna, in Cc, among the others.
		if out := r.must(day(3).Add(10*time.Minute), "outbox"); !strings.Contains(out, "Hans Meier <"+hans+"> +1") {
			t.Errorf("keepwarm outbox does not count the Cc:\n%s", out)
		}
	})
}
