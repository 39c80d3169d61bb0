package parse

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func TestNormalizeSubject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Re: Price", "price"},
		{"RE: AW: SV: VS: Antw: Odp: RES: RIF: R: Fwd: FW: WG: TR: RV: ENC: Price", "price"},
		{"re:aw:fwd:Price", "price"},
		{"Re[2]: Price", "price"},
		{"Re(3): Price", "price"},
		{"RE [2]: Price", "price"},
		{"[2] Price", "price"},
		{"Re: [3] Re: Price", "price"},
		{"Re : Price", "price"}, // French spacing
		{"回复：报价", "报价"},
		{"回覆: 報價", "報價"},
		{"答复：转发：轉發: 报价", "报价"},
		// Outlook's forwards in Traditional Chinese, Swedish and Finnish.
		{"轉寄: RFQ 2026-031", "rfq 2026-031"},
		{"VB: Offert", "offert"},
		{"Vl: SV: Tarjous", "tarjous"},
		{"VLAN: setup", "vlan: setup"},
		{"VBA macro: help", "vba macro: help"},
		{"VL 500: price", "vl 500: price"},
		{"Re：Price", "price"}, // full-width colon after a Latin prefix
		{"  RE:   Big    Order  ", "big order"},
		{"Price　List", "price list"}, // full-width space
		{"Rework: plan", "rework: plan"},
		{"Trade: show", "trade: show"},
		{"Fwdx: y", "fwdx: y"},
		{"Results: Q1", "results: q1"},
		{"Re", "re"},
		// Tags a gateway puts on inbound mail are not the subject.
		{"[EXTERNAL] RE: Quotation 2412", "quotation 2412"},
		{"RE: [External] Quotation 2412", "quotation 2412"},
		{"EXT: AW: Angebot", "angebot"},
		{"*EXTERNAL* [SPAM] Price", "price"},
		{"[Ext]Price", "price"},
		{"Extra: Price", "extra: price"},
		{"[Extended] Price", "[extended] price"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeSubject(tt.in); got != tt.want {
			t.Errorf("NormalizeSubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The expressions NormalizeSubject's matching replaced, kept as its
// reference: it must strip exactly what they matched.
var (
	replyPrefixRE   = regexp.MustCompile(`(?i)^(?:re|aw|sv|vs|antw|odp|res|rif|r|fwd|fw|wg|tr|rv|enc|回复|回覆|答复|转发|轉發|vb|vl|轉寄)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]`)
	counterPrefixRE = regexp.MustCompile(`^[\[［]\d+[\]］]`)
)

// normalizeSubjectByExpressions is NormalizeSubject as it was written with
// the expressions above.
func normalizeSubjectByExpressions(s string) string {
	s = strings.TrimSpace(s)
	for {
		if loc := replyPrefixRE.FindStringIndex(s); loc != nil {
			s = strings.TrimSpace(s[loc[1]:])
			continue
		}
		if loc := counterPrefixRE.FindStringIndex(s); loc != nil {
			s = strings.TrimSpace(s[loc[1]:])
			continue
		}
		return strings.ToLower(strings.Join(strings.Fields(s), " "))
	}
}

// subjectPieces are what random subjects are made of: every marker, in
// several cases, and what may or may not follow one.
var subjectPieces = []string{"Re", "re", "rE", "AW", "Sv", "vs", "ſv", "VſĀ", "Antw", "odp", "RES", "reſ", "rif", "R", "Fwd", "fw", "WG", "Tr",
	"RV", "Enc", "K", "回复", "回覆", "答复", "转发", "轉發", "VB", "vl", "Vlx", "轉寄", ":", "：", " ", "\t", "\v", "\u00a0", "\u3000", "[2]", "［3］", "[", "]",
	"［", "］", "(4)", "(", ")", "12", "Price", "x", "1", "-", "_", "Ω", "\xff", "\xe5\x9b"}

// TestNormalizeSubjectAsExpressions: the hand-written matching strips what
// the expressions did, on random subjects made of prefix pieces.
func TestNormalizeSubjectAsExpressions(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(subjectPieces[rng.IntN(len(subjectPieces))])
		}
		if got, want := NormalizeSubject(b.String()), normalizeSubjectByExpressions(b.String()); got != want {
			t.Fatalf("NormalizeSubject(%q) = %q, want %q", b.String(), got, want)
		}
	}
}

func FuzzNormalizeSubject(f *testing.F) {
	for _, p := range subjectPieces {
		f.Add(p + ": x")
	}
	f.Add("RE[2] : Fwd(3)：［4］ 回复: ſv: x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeSubject(s), normalizeSubjectByExpressions(s); got != want {
			t.Fatalf("NormalizeSubject(%q) = %q, want %q", s, got, want)
		}
	})
}

func BenchmarkNormalizeSubject(b *testing.B) {
	subjects := []string{"RE: AW: Quotation for 2,000 pcs LED panels", "Order #4471 shipping schedule", "回复：报价单", "Fwd: [2] Re: samples"}
	b.Run("now", func(b *testing.B) {
		for i := range b.N {
			NormalizeSubject(subjects[i%len(subjects)])
		}
	})
	b.Run("expressions", func(b *testing.B) {
		for i := range b.N {
			normalizeSubjectByExpressions(subjects[i%len(subjects)])
		}
	})
}
