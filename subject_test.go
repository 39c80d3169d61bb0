package keepwarm

import "testing"

// An answer keeps the reply marker the subject already has, in any
// language, so no mixed "Re: 回复：" or "Re: RE : Offre" is written; a
// forward is answered "Re: Fwd:" as mail clients do.
func TestReplySubject(t *testing.T) {
	for in, want := range map[string]string{
		"回复：Inquiry LED panel": "回复：Inquiry LED panel",
		"Re：报价单":               "Re：报价单",
		"RE : Offre":           "RE : Offre",
		"AW: Angebot":          "AW: Angebot",
		"SV: Tilbud":           "SV: Tilbud",
		"Antw: Offerte":        "Antw: Offerte",
		"答复: 报价":               "答复: 报价",
		"回覆：報價":                "回覆：報價",
		"Re[2]: Quotation":     "Re[2]: Quotation",
		" re: quotation ":      "re: quotation",
		"Quotation":            "Re: Quotation",
		"Fwd: Quotation":       "Re: Fwd: Quotation",
		"转发：报价":                "Re: 转发：报价",
		"Rework: plan":         "Re: Rework: plan",
		"회신: 견적":               "회신: 견적",
		"답장: 견적":               "답장: 견적",
		"YNT: Teklif":          "YNT: Teklif",
		"ΑΠ: Προσφορά":         "ΑΠ: Προσφορά",
		"Σχετ: Προσφορά":       "Σχετ: Προσφορά",
		"Vá: Ajánlat":          "Vá: Ajánlat",
		"VÁ: Ajánlat":          "VÁ: Ajánlat",
		"Yntema: plan":         "Re: Yntema: plan",
		// A gateway's tag is the team's plumbing, never shown back to the customer.
		"[EXTERNAL] RE: Quotation": "RE: Quotation",
		"[External] Inquiry":       "Re: Inquiry",
		"EXT: [SPAM] Inquiry":      "Re: Inquiry",
		"[Sales] Inquiry":          "Re: [Sales] Inquiry",
	} {
		if got := ReplySubject(in); got != want {
			t.Errorf("ReplySubject(%q) = %q, want %q", in, got, want)
		}
	}
}

// Outlook's forward markers in Traditional Chinese ("轉寄:"), Swedish
// ("VB:") and Finnish ("VL:") mark a mail that passes another on: it
// joins the thread of its subject, and an answer to it is "Re: " and
// it. Words that merely begin with those letters are no markers.
func TestForwardMarkersOfOutlook(t *testing.T) {
	for s, want := range map[string]bool{
		"轉寄: RFQ 2026-031":       true,
		"轉寄：報價":                  true,
		"VB: Offert":             true,
		"vb : Offert":            true,
		"VL: Tarjous":            true,
		"VL[2]: Tarjous":         true,
		"[EXTERNAL] VL: Tarjous": true,
		"VLAN: setup":            false,
		"VBA macro: help":        false,
		"VL 500: price":          false,
		"Vb2: x":                 false,
		"轉寄件: x":                 false,
	} {
		if got := ReplyPrefixed(s); got != want {
			t.Errorf("ReplyPrefixed(%q) = %v, want %v", s, got, want)
		}
		if n, forward := SubjectMarkerLen(StripSubjectTags(s)); want && !forward {
			t.Errorf("SubjectMarkerLen(%q) = %d, not a forward", s, n)
		}
	}
	if got := ReplySubject("VB: Offert"); got != "Re: VB: Offert" {
		t.Errorf("the answer to a forward: %q", got)
	}
}
