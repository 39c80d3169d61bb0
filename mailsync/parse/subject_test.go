package parse

import (
	"math/rand/v2"
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
		{"Re：Price", "price"}, // full-width colon after a Latin prefix
		{"  RE:   Big    Order  ", "big order"},
		{"Price　List", "price list"}, // full-width space
		{"Rework: plan", "rework: plan"},
		{"Trade: show", "trade: show"},
		{"Fwdx: y", "fwdx: y"},
		{"Results: Q1", "results: q1"},
		{"Re", "re"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeSubject(tt.in); got != tt.want {
			t.Errorf("NormalizeSubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizeSubjectPrecheck: skipping the patterns when mayHavePrefix
// says no changes nothing, on random subjects made of prefix pieces.
func TestNormalizeSubjectPrecheck(t *testing.T) {
	reference := func(s string) string {
		s = strings.TrimSpace(s)
		for {
			if loc := replyPrefix.FindStringIndex(s); loc != nil {
				s = strings.TrimSpace(s[loc[1]:])
				continue
			}
			if loc := counterPrefix.FindStringIndex(s); loc != nil {
				s = strings.TrimSpace(s[loc[1]:])
				continue
			}
			return strings.ToLower(strings.Join(strings.Fields(s), " "))
		}
	}
	pieces := []string{"Re", "re", "AW", "Sv", "vs", "Antw", "odp", "RES", "rif", "R", "Fwd", "fw", "WG", "Tr", "RV", "Enc",
		"回复", "回覆", "答复", "转发", "轉發", ":", "：", " ", "[2]", "［3］", "(4)", "Price", "x", "1", "-", "_", "Ω"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 30000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if got, want := NormalizeSubject(b.String()), reference(b.String()); got != want {
			t.Fatalf("NormalizeSubject(%q) = %q, want %q", b.String(), got, want)
		}
	}
}
