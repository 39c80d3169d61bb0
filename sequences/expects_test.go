package sequences

import (
	"strings"
	"testing"

	"keepwarm"
)

func TestExpectsAnswer(t *testing.T) {
	att := func(name string) []keepwarm.Attachment {
		return []keepwarm.Attachment{{Name: name, Type: "application/pdf"}}
	}
	for _, c := range []struct {
		name, subject, snippet string
		attach                 []keepwarm.Attachment
		first, want            bool
		why                    string
	}{
		{"quotation attachment", "LED panels", "Dear Hans, see attached.", att("Quotation_LP-2026.pdf"), false, true, "attachment"},
		{"PI attachment", "Order 4471", "Dear Hans, attached.", att("PI-2026-031.pdf"), false, true, "PI"},
		{"pi inside a word is not a PI", "Shipping", "samples go out today by DHL", att("pipeline.pdf"), false, false, "shipping notice"},
		{"en subject", "Quotation LED panels", "Dear Hans,", nil, false, true, "subject"},
		{"zh", "LED灯", "王先生您好，附件是我们的报价单。", nil, false, true, "报价"},
		{"es", "Paneles", "Estimado Juan, le envío la cotización.", nil, false, true, "cotización"},
		{"de", "LED", "Sehr geehrter Herr Meier, anbei unser Angebot.", nil, false, true, "angebot"},
		{"fr", "LED", "Bonjour, voici notre devis.", nil, false, true, "devis"},
		{"pt", "LED", "Prezado João, segue a cotação.", nil, false, true, "cotação"},
		{"ru", "LED", "Уважаемый Иван, направляем коммерческое предложение.", nil, false, true, "предложение"},
		{"ar", "LED", "السيد أحمد، مرفق عرض سعر للألواح.", nil, false, true, "عرض سعر"},
		{"tr", "LED", "Sayın Mehmet, fiyat teklifimiz ektedir.", nil, false, true, "teklif"},
		{"question", "Samples", "Dear Hans, did the samples arrive? Best, Lily", nil, false, true, "question"},
		{"zh question", "样品", "王先生，样品收到了吗？", nil, false, true, "question"},
		{"first letter", "Introduction", "Dear Ms. Wang, we make LED lighting in Ningbo.", nil, true, true, "first letter"},
		{"shipping notice", "Samples", "Dear João, samples of the 3000K strip go out today by DHL; tracking number follows.", nil, false, false, "shipping notice"},
		{"invoice", "Invoice 2026-118", "Dear Hans, please find the invoice attached.", att("Invoice-2026-118.pdf"), false, false, "invoice"},
		{"thanks", "Re: Order", "Thank you for your order, Hans.", nil, false, false, "thanks"},
		{"link with a query is no question", "Tracking", "Tracking: https://dhl.example/track?id=1234 Best regards", nil, false, false, "shipping notice"},
		{"the quoted original's question is not ours", "Re: Samples", "Thanks, noted. On Mon, 2 Nov 2026 Hans wrote: can you send prices?", nil, false, false, "thanks"},
		{"outlook header block", "RE: Samples", "Thanks Hans. From: Hans Meier Sent: Monday Subject: did they ship?", nil, false, false, "thanks"},
		// The thread's subject names the quotation; the reply only informs.
		{"thanks under the quotation's subject", "Re: Quotation LED panels / PI-2026-031", "Thank you for your order, Hans. The goods ship today.", nil, false, false, "thanks"},
		{"shipping notice under the offer's subject", "AW: Angebot LED-Paneele", "Sehr geehrter Herr Meier, die Ware wurde heute mit DHL versandt.", nil, false, false, "shipping notice"},
		{"zh shipping notice under 回复 报价", "回复：报价单 LED面板", "王经理您好，货物今天已发，提单号稍后发给您。", nil, false, false, "shipping notice"},
		// A reply that offers or asks in its own words still expects one.
		{"revised quotation under Re:", "Re: Quotation LED panels", "Thank you, Hans. Attached is our revised quotation.", nil, false, true, "the text says"},
		{"question under Re:", "Re: Quotation LED panels", "Thanks for your mail. Shall we book the container?", nil, false, true, "question"},
		{"reply with nothing but the thread's offer", "Re: Quotation LED panels", "Dear Hans, as discussed on the phone.", nil, false, true, "subject"},
		{"a new mail's subject still counts", "Quotation LED panels", "Thank you for your inquiry.", nil, false, true, "subject"},
		// A price or a trade term in a shipping notice or an invoice, or in
		// the signature, offers nothing.
		{"shipping notice FOB", "Re: Order 4471", "Dear Hans, the goods left today FOB Ningbo, B/L attached.", nil, false, false, "shipping notice"},
		{"invoice with its price", "Invoice INV-118", "Please find the invoice attached, total price USD 12,400.", nil, false, false, "invoice"},
		{"invoice to quote", "Invoice INV-118", "Please find invoice INV-118 attached, total price USD 12,400; please quote the invoice number when paying.", nil, false, false, "invoice"},
		{"zh shipping notice with the price", "回复：订单 4471", "王经理您好，货物今天已发，提单已附，价格按FOB宁波。", nil, false, false, "shipping notice"},
		{"-- signature tagline", "Re: Order", "Thank you for your order. -- Lily Chen, LED maker, competitive price", nil, false, false, "thanks"},
		{"configured signature tagline", "Re: Order", "Thank you for your order, Hans. Lily Chen Sales, Ningbo Bright LED Co. Best quality, competitive price", nil, false, false, "thanks"},
		{"tagline of a new mail", "Order 4471", "Thank you for your order. -- Lily Chen, LED maker, competitive price", nil, false, false, "thanks"},
		// Offers that still count.
		{"price with thanks and shipping", "Re: Inquiry LED panels", "Thank you for your inquiry. We quote USD 3.20/pc FOB Ningbo, shipping in 30 days.", nil, false, true, "the text says"},
		{"a dash in a sentence is no signature", "Re: Order", "Thank you -- we quote USD 3.10 FOB for 5000 pcs.", nil, false, true, "the text says"},
		{"quotation beside an invoice", "Re: Order", "Please find our quotation attached; the invoice follows after your confirmation.", nil, false, true, "quotation"},
		{"price list in an invoice", "Invoice INV-118", "Invoice attached. Also our new price list for 2027.", nil, false, true, "price list"},
		{"PI beside a B/L", "Re: Shipment", "Attached is PI-2026-032 for the second container; the B/L of the first follows.", nil, false, true, "PI"},
		{"catalogue beside tracking", "Re: Samples", "Tracking number DHL 1234; our catalogue is attached too.", nil, false, true, "catalogue"},
		{"a signature's name in a sentence", "Re: Inquiry", "This is Lily Chen of Bright LED: we quote USD 3.20/pc FOB Ningbo for 5000 pcs, delivery in 30 days after the deposit, samples free of charge, freight collect, valid until the end of December 2026. Lily Chen Sales, Ningbo Bright LED Co. Best quality, competitive price", nil, false, true, "the text says"},
		{"offer above the signature", "Re: Order", "Dear Hans, we can offer USD 3.10 FOB. -- Lily Chen, LED maker", nil, false, true, "offer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := keepwarm.Message{Subject: c.subject, Snippet: c.snippet, Attachments: c.attach,
				From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}}
			got, why := expectsAnswer(m, c.first, "Lily Chen\nSales, Ningbo Bright LED Co.\nBest quality, competitive price")
			if got != c.want || !strings.Contains(why, c.why) {
				t.Errorf("expectsAnswer = %v, %q; want %v with %q", got, why, c.want, c.why)
			}
		})
	}
}

// expectsAnswerAsking gives what expectsAnswer gives, whatever the answer
// to "a first letter?", and asks that only when it decides.
func TestExpectsAnswerAskingIsExpectsAnswer(t *testing.T) {
	subjects := []string{"LED panels", "Quotation LED panels", "Samples", "Re: Order", "Introduction", "样品", "Invoice 2026-118", ""}
	snippets := []string{"Dear Hans, see attached.", "did the samples arrive?", "Thank you for your order, Hans.",
		"samples go out today by DHL", "we make LED lighting in Ningbo.", "附件是我们的报价单。", ""}
	attachments := [][]keepwarm.Attachment{nil, {{Name: "Quotation_LP-2026.pdf"}}, {{Name: "Invoice-1.pdf"}}, {{Name: "photo.jpg"}}}
	decided := 0
	for _, subject := range subjects {
		for _, snippet := range snippets {
			for _, att := range attachments {
				m := keepwarm.Message{Subject: subject, Snippet: snippet, Attachments: att}
				for _, first := range []bool{false, true} {
					asked := 0
					got, why, err := expectsAnswerAsking(m, func() (bool, error) { asked++; return first, nil })
					want, wantWhy := expectsAnswer(m, first)
					if err != nil || got != want || why != wantWhy {
						t.Fatalf("%+v, first letter %v: %v %q %v; want %v %q", m, first, got, why, err, want, wantWhy)
					}
					if other, _ := expectsAnswer(m, !first); other != want {
						decided++
						if asked != 1 {
							t.Fatalf("%+v: the first letter decides, but was asked %d times", m, asked)
						}
					}
				}
			}
		}
	}
	if decided == 0 {
		t.Fatal("no case where the first letter decides: the comparison says little")
	}
}

// A signature that is only the name is cut where it ends the text, not
// where the text names the sender.
func TestWithoutSignatureCutsAtTheEnd(t *testing.T) {
	own := "This is Lily Chen of Bright LED: we quote USD 3.20/pc FOB Ningbo for 5000 pcs, delivery in 30 days after the deposit, " +
		"samples free of charge, freight collect, valid until the end of December 2026, payment 30% deposit and 70% against the B/L copy. " +
		"Best regards, Lily Chen +86 574 0000 0000"
	got := withoutSignature(own, "", []string{"Lily Chen"})
	if !strings.HasSuffix(got, "Best regards, ") {
		t.Fatalf("%q", got)
	}
	if m := (keepwarm.Message{Subject: "Re: Inquiry", Snippet: own}); !func() bool { yes, _ := expectsAnswer(m, false, "Lily Chen"); return yes }() {
		t.Fatal("the offer was cut with the name")
	}
}
