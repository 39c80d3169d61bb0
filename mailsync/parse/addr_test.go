package parse

import (
	"fmt"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestParseAddressList(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("王经理")
	name, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("陈小姐"))
	tests := []struct{ in, want string }{
		{`"Wang, Li" <Li@X.com>`, `[{Wang, Li li@x.com}]`},
		{`li@x.com (Li Wang)`, `[{Li Wang li@x.com}]`},
		{`<li@x.com>`, `[{ li@x.com}]`},
		{`undisclosed-recipients:;`, `[]`},
		{`Team: a@x.com, b@y.com;`, `[{ a@x.com} { b@y.com}]`},
		{`a@x.com; b@y.com`, `[{ a@x.com} { b@y.com}]`}, // Outlook-style semicolons
		{`Bob Smith bob@x.com, "Ann" <ann@y.com`, `[{Bob Smith bob@x.com} {Ann ann@y.com}]`},
		{gbk + ` <wang@x.cn>`, `[{王经理 wang@x.cn}]`}, // raw 8-bit GBK name
		// A GBK name split mid-character across two encoded words.
		{bword("gbk", name[:3]) + " " + bword("gbk", name[3:]) + " <chen@x.cn>", `[{陈小姐 chen@x.cn}]`},
		{`"li@x.com" <li@x.com>`, `[{ li@x.com}]`}, // a name that only repeats the address
		{`no address here`, `[]`},
		{``, `[]`},
	}
	for _, tt := range tests {
		got, _ := parseAddressList(tt.in)
		if s := fmt.Sprint(got); s != tt.want && !(tt.want == "[]" && len(got) == 0) {
			t.Errorf("parseAddressList(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}
