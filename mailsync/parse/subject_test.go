package parse

import "testing"

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
