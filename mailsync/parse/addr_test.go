package parse

import (
	"fmt"
	"math/rand/v2"
	"strings"
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

// TestSimpleAddressMatchesNetMail: where the fast path reads an address
// field, it reads what net/mail reads; checked on random fields built from
// the characters that matter, and on common shapes.
func TestSimpleAddressMatchesNetMail(t *testing.T) {
	check := func(v string) bool {
		a, ok := simpleAddress(v)
		if !ok {
			return false
		}
		list, err := addrParser.ParseList(v)
		if err != nil || len(list) != 1 || list[0].Name != a.Name || list[0].Address != a.Address {
			t.Fatalf("%q: fast path %+v, net/mail %+v %v", v, a, list, err)
		}
		return true
	}
	for _, v := range []string{
		"anna@acme-import.de", "Anna Schmidt <anna@acme-import.de>", "Anna  Schmidt\t<anna@acme.de>",
		"J. Smith <j.smith@x.example>", "<bob@x.example>", "o'neil+tag@sub.x-y.example",
	} {
		if !check(v) {
			t.Errorf("%q: fast path declined a plain address", v)
		}
	}
	for _, v := range []string{"a@b.example, c@d.example", `"Smith, Anna" <a@b.example>`, "=?utf-8?q?Anna?= <a@b.example>",
		"Anna (work) <a@b.example>", "a@@b.example", ".a@b.example", "a@b..example", "Anna <a@b.example", "Grüße <a@b.example>"} {
		if _, ok := simpleAddress(v); ok {
			t.Errorf("%q: fast path took what it must leave to net/mail", v)
		}
	}
	// Random fields shaped like addresses, with a bad character now and
	// then in the name, the local part or the domain.
	word := func(rng *rand.Rand, alphabet []string) string {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	nameChars := []string{"a", "Bo", "J.", " ", "  ", "-", "'", "_", ".", "=?", ",", `"`, "(", ")", "é", "\t", ";", ":", "@"}
	localChars := []string{"a", "b7", ".", "+", "-", "'", "_", "..", " ", `"`, "@", "é", "!"}
	domainChars := []string{"x", "ex-", ".", "com", "..", "_", " ", "[", "-"}
	rng := rand.New(rand.NewPCG(5, 6))
	took := 0
	for i := range 50000 {
		spec := word(rng, localChars) + "@" + word(rng, domainChars)
		v := spec
		if i%3 != 0 {
			v = word(rng, nameChars) + " <" + spec + ">"
		}
		if check(v) {
			took++
		}
	}
	if took < 1000 {
		t.Fatalf("fast path took only %d random fields: the check proves little", took)
	}
}
